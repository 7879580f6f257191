"""The story's home (``story.region``, ``--region``, datelines) and GeoNames' reference points."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.errors import ConfigError
from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import parse_config
from geo.resolve.home import Home, dateline_at, parse_home
from geo.resolve.geoparser import Geoparser
from geo.resolve.reference_points import division_points, geonames_points


# ------------------------------------------------------------ the three forms of a home
@pytest.mark.parametrize(
    "text, home",
    [
        ("US", Home(country="US")),
        ("Kentucky", Home(country="US", region="Kentucky")),
        ("Ontario, CA", Home(country="CA", region="Ontario")),
        ("-90,36,-81,40", Home(box=(-90.0, 36.0, -81.0, 40.0))),
        (" 170, -50, -170, -30 ", Home(box=(170.0, -50.0, -170.0, -30.0))),
    ],
)
def test_a_home_is_a_country_a_state_or_a_box(gazetteer, text, home):
    assert parse_home(text, gazetteer) == home


@pytest.mark.parametrize("text", ["Atlantis", "ZZ", "0,50,10,40", "Ontario, ZZ", "-200,0,10,10"])
def test_an_unknown_home_is_an_error_that_names_the_value(gazetteer, text):
    with pytest.raises(ConfigError, match="story.region"):
        parse_home(text, gazetteer)


def test_a_box_across_the_antimeridian_holds_both_sides(gazetteer):
    home = Home(box=(170.0, -50.0, -170.0, -30.0))
    fiji_side = next(c for c in gazetteer.lookup("Auckland") if c.country == "NZ")
    assert home.holds(fiji_side)
    assert not Home(box=(-10.0, -50.0, 10.0, -30.0)).holds(fiji_side)


# ------------------------------------------------------------ datelines
@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("GLASGOW, Ky. (AP) \u2014 Two men were arrested.", "GLASGOW", True),
        ("LONDON, Ont. \u2014 Crowds filled the park.", "LONDON", True),
        ("KABUL, Afghanistan \u2014 The Taliban said.", "KABUL", True),
        ("PARIS (Reuters) - Ministers met.", "PARIS", True),
        ("Headline\nKABUL -- Officials said.", "KABUL", True),
        ("Officials in KABUL \u2014 said so.", "KABUL", False),  # not at the start of a line
        ("Kabul, Afghanistan \u2014 officials said.", "Kabul", False),  # not written in capitals
        ("KABUL is the capital.", "KABUL", False),  # no dash
    ],
)
def test_a_dateline_opens_a_line_in_capitals_before_a_dash(text, name, expected):
    start = text.index(name)
    assert dateline_at(text, start, start + len(name)) is expected


# ------------------------------------------------------------ the home as evidence
def _places(config_text: str, gazetteer, body: str) -> dict[str, tuple[float, float]]:
    geoparser = Geoparser(parse_config(config_text), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    return {m.text: (a.place.lat, a.place.lon) for m, a in geoparser.parse(article, entities(article.text))
            if a.place is not None and not m.rejected}


NO_HOME = "story:\n  title: t\n"


def test_a_dateline_sets_the_home_of_its_article(gazetteer):
    body = "GLASGOW, Ky. (AP) \u2014 Two men from London were arrested, police said."
    lat, lon = _places(NO_HOME, gazetteer, body)["London"]
    assert 36.5 < lat < 39.2 and -89.6 < lon < -81.9  # London, Kentucky
    lat, lon = _places(NO_HOME, gazetteer, "Two men from London were arrested, police said.")["London"]
    assert lat > 50  # London, England without a home


def test_a_dateline_standing_alone_is_the_place_known_the_world_over(gazetteer):
    # Agencies write a place alone only when it needs no state or country: even in a story
    # set in Kentucky, with Louisville, Ky. named, "LONDON (Reuters) —" is London, England.
    home = NO_HOME + "  region: Kentucky\n"
    body = ("LONDON (Reuters) \u2014 Importers of Kentucky bourbon said shipments from Louisville were late."
            " Buyers in London expect the first cases by April.")
    places = _places(home, gazetteer, body)
    assert places["LONDON"][0] > 50 and places["London"][0] > 50
    assert 37.5 < places["Louisville"][0] < 38.5 and -86.5 < places["Louisville"][1] < -85  # Louisville, Ky.
    # With its state, the same dateline is the home's namesake; a small town has no such reading.
    assert 36.5 < _places(home, gazetteer, "LONDON, Ky. (AP) \u2014 Roads closed.")["LONDON"][0] < 39.2
    assert 36.5 < _places(NO_HOME, gazetteer, "EDMONTON, Ky. (AP) \u2014 Roads closed in Glasgow, Ky.")["EDMONTON"][0] < 39.2


def test_story_region_prefers_the_namesakes_at_home(gazetteer):
    body = "Officials said the bridge to Paris would reopen on Monday."
    assert _places(NO_HOME, gazetteer, body)["Paris"][1] > 0  # Paris, France
    lat, lon = _places(NO_HOME + "  region: Kentucky\n", gazetteer, body)["Paris"]
    assert 36.5 < lat < 39.2 and -89.6 < lon < -81.9  # Paris, Kentucky


def test_an_unknown_story_region_names_places_yaml(gazetteer):
    config = parse_config(NO_HOME + "  region: Atlantis\n", "places.yaml")
    with pytest.raises(ConfigError, match="Atlantis") as err:
        Geoparser(config, gazetteer)
    assert str(err.value.path) == "places.yaml"


def test_geoparse_takes_a_region(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Officials said the bridge to Paris would reopen."}) + "\n")
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(main, ["geoparse", str(source), "--no-places", "--no-ner", "--region", "Kentucky",
                                  "-o", str(out), "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    paris = json.loads(out.read_text())["toponyms"][0]
    assert -89.6 < paris["lon"] < -81.9
    bad = runner.invoke(main, ["geoparse", str(source), "--no-places", "--region", "Atlantis", "-o", str(out),
                               "--dir", str(tmp_path)])
    assert bad.exit_code != 0 and "Atlantis" in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------ reference points
@pytest.mark.parametrize(
    "name, kind, geonameid, lat, lon",
    [
        ("Canada", "country", 6251999, 60.10867, -113.64258),
        ("United States", "country", 6252001, 39.76, -98.5),
        ("Kentucky", "region", 6254925, 38.20042, -84.87762),
        ("Ontario", "region", 6093943, 49.25014, -84.49983),
        ("Hebei", "region", 1808773, 39.0, 116.0),  # "Hebei Sheng" in the reference file
        ("Sichuan", "region", 1794299, 30.5, 102.5),
    ],
)
def test_countries_and_states_carry_geonames_own_point(gazetteer, name, kind, geonameid, lat, lon):
    entry = next(c for c in gazetteer.lookup(name) if c.kind == kind)
    assert entry.geonameid == geonameid
    assert entry.lat == pytest.approx(lat, abs=1e-4) and entry.lon == pytest.approx(lon, abs=1e-4)


def test_a_division_is_matched_by_its_name_near_its_towns():
    rows = [
        (1, "State of Queensland", "AU", -20.0, 145.0),
        (2, "Queensland", "AU", -27.0, 153.0),  # a town: known
        (3, "Queensland Region", "NZ", -41.0, 174.0),  # another country
        (4, "Province of Farland", "AU", -35.0, 117.0),  # too far from the towns of "Farland"
        (5, "Twin Province", "XX", 1.0, 1.0),
        (6, "Twin Region", "XX", 1.1, 1.0),
    ]
    divisions = {("AU", "Queensland"): (-21.5, 146.5), ("AU", "Farland"): (-20.0, 140.0), ("XX", "Twin"): (1.0, 1.0)}
    found = division_points(rows, divisions, known={2})
    assert found[("AU", "Queensland")] == (1, -20.0, 145.0)
    assert ("AU", "Farland") not in found
    assert found[("XX", "Twin")] == (5, 1.0, 1.0)  # the nearer of two
    assert geonames_points(rows, [1, 6, 99]) == {1: (-20.0, 145.0), 6: (1.1, 1.0)}


def test_counties_named_make_their_state_the_home_of_a_local_story(gazetteer):
    body = ("Two men were arrested after a chase, police said. Deputies of Laurel County said the men, "
            "of London and Edmonton, fled.")
    found = _places(NO_HOME, gazetteer, body)
    for town in ("London", "Edmonton"):
        lat, lon = found[town]
        assert 36.5 < lat < 39.2 and -89.6 < lon < -81.9, town  # in Kentucky, not England or Alberta


def test_marine_data_and_word_lists_are_read_as_plain_data_only(tmp_path):
    import pickle

    from geo.text.plain_data import load_plain

    class Evil:
        def __reduce__(self):
            return (open, (str(tmp_path / "created"), "w"))

    with pytest.raises(pickle.UnpicklingError):
        load_plain(__import__("io").BytesIO(pickle.dumps({"marine": [Evil()]})))
    assert not (tmp_path / "created").exists()
    plain = {"marine": [("Black Sea", (0, 0, 1, 1), [((0, 0, 1, 1), [(28.0, 41.0), (41.0, 41.0), (41.0, 46.0)])])]}
    assert load_plain(__import__("io").BytesIO(pickle.dumps(plain))) == plain
    words = {"police", "hope", "Kokomo"}
    assert load_plain(__import__("io").BytesIO(pickle.dumps(words))) == words


def test_macroregions_are_placed_among_their_members():
    from geo.resolve.gazetteer_features import macroregions

    info = {"AA": {"subregion": "Western Testland", "area": 1.0, "population": 5},
            "BB": {"subregion": "Western Testland", "area": 1.0, "population": 7}}
    points = {"AA": (0.0, 10.0), "BB": (0.0, 20.0)}
    found = {name: (others, lat, lon, pop) for name, others, lat, lon, pop in macroregions(info, points, [], set())}
    others, lat, lon, population = found["Western Testland"]
    assert "West Testland" in others and population == 12
    assert lat == pytest.approx(0.0, abs=1e-6) and lon == pytest.approx(15.0, abs=1e-6)
    # A name another place has stays that place's ("South Africa" is a country, not "Southern Africa").
    taken = {name: others for name, others, *_ in macroregions(
        {"AA": {"subregion": "Southern Africa"}, "BB": {"subregion": "Southern Africa"}}, points, [], {"south africa"})}
    assert "South Africa" not in taken["Southern Africa"]


# ------------------------------------------------------------ names the text places in a county
def test_a_hamlet_the_gazetteer_lacks_is_placed_at_the_county_the_text_names(gazetteer):
    body = ("Medina, originally Young's Corner, is a small unincorporated community in Outagamie County, "
            "Wisconsin, United States. Medina has a church.")
    geoparser = Geoparser(parse_config(NO_HOME), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    pairs = [(m, a) for m, a in geoparser.parse(article, entities(article.text)) if m.text == "Medina"]
    county = next(c for c in gazetteer.lookup("Outagamie County") if c.kind == "district")
    assert len(pairs) == 2
    for _, answer in pairs:
        place = answer.place
        assert (place.lat, place.lon) == (county.lat, county.lon) and place.geonameid is None
        assert "Outagamie County" in answer.reason and place.confidence < 0.95


def test_a_town_the_gazetteer_has_in_that_county_stays(gazetteer):
    body = "Aurora is a city in Kane County, Illinois, United States."
    lat, lon = _places(NO_HOME, gazetteer, body)["Aurora"]
    assert 41.6 < lat < 41.9 and -88.4 < lon < -88.2  # Aurora, Illinois itself, not Kane County's middle


def test_a_county_named_in_news_does_not_move_a_city(gazetteer):
    body = "Officials from Lahore met farmers in Kane County, Illinois, on Monday."
    assert _places(NO_HOME, gazetteer, body)["Lahore"][1] > 0  # no definition: Lahore stays in Pakistan


@pytest.mark.parametrize(
    "body, name, host",
    [
        ("Pigs were culled at a market in Zorbelville, Quezon City, on Wednesday.", "Zorbelville", "Quezon City"),
        ("Deputies searched Brindlewick, Laurel County, on Monday.", "Brindlewick", "Laurel County"),
    ],
)
def test_an_unknown_name_written_before_a_town_is_placed_there(gazetteer, body, name, host):
    found = _places(NO_HOME, gazetteer, body)
    assert name in found and found[name] == found[host]


def test_one_nearby_town_does_not_make_a_prominent_namesake_local(gazetteer):
    # Geneva, Illinois is 56 km from Chicago; Denver is far from both: Geneva is the Swiss city.
    body = "Delegates flew to Geneva for the talks, after meetings in Chicago and Denver."
    lat, lon = _places(NO_HOME, gazetteer, body)["Geneva"]
    assert 45 < lat < 47 and 5 < lon < 7
