"""Areas the gazetteer makes from its divisions ("Java" from West, Central and East Java), the
names divisions go by in English ("the Somme"), oceans named by their adjective, and words of
direction that are no evidence of a country. Each case is an invented sentence or made-up data."""

from __future__ import annotations

import pytest

from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import parse_config
from geo.resolve.gazetteer_features import compass_groups, short_division, short_region
from geo.resolve.geoparser import Geoparser

NO_HOME = "story:\n  title: t\n"


def _resolved(gazetteer, body: str) -> dict[str, object]:
    geoparser = Geoparser(parse_config(NO_HOME), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    return {m.text: (m, a) for m, a in geoparser.parse(article, entities(article.text))}


# ------------------------------------------------------------ lands named by their divisions
def _division(country: str, name: str, lat: float, lon: float, population: int = 10) -> tuple:
    return (country, name, lat, lon, population)


def test_divisions_named_by_direction_make_their_land():
    divisions = [_division("XX", "West Testia", 0.0, 10.0), _division("XX", "Central Testia", 0.0, 11.0),
                 _division("XX", "East Testia", 0.0, 12.0, 30), _division("XX", "North Kordofa State", 5.0, 5.0),
                 _division("XX", "Southern Kordofa", 4.0, 5.0), _division("XX", "Nord-Ubang", 3.0, 3.0),
                 _division("XX", "Sud Ubang", 2.0, 3.0)]
    lands = compass_groups(divisions, set())
    assert sorted(lands) == ["Kordofa", "Testia", "Ubang"]
    assert sum(p for *_, p in lands["Testia"]) == 50


@pytest.mark.parametrize(
    "divisions, taken",
    [
        # a division already has the name ("Virginia" beside "West Virginia")
        ([_division("XX", "West Virginio", 0, 0), _division("XX", "Virginio", 1, 1),
          _division("XX", "East Virginio", 2, 2)], set()),
        # a kind, not a land ("Northern Province", "Western Cape")
        ([_division("XX", "Northern Province", 0, 0), _division("XX", "Southern Province", 1, 1)], set()),
        ([_division("XX", "Western Cape", 0, 0), _division("XX", "Eastern Cape", 1, 1)], set()),
        # a country's name ("East Azerbaijan" and "West Azerbaijan" are Iran's)
        ([_division("YY", "East Azerbaija", 0, 0), _division("YY", "West Azerbaija", 1, 1)], {"azerbaija"}),
        # one division alone names no land
        ([_division("XX", "West Lonely", 0, 0)], set()),
        # two countries each divide a land of that name: which one is meant is unknown
        ([_division("XX", "North Twain", 0, 0), _division("XX", "South Twain", 1, 1),
          _division("YY", "North Twain", 9, 9), _division("YY", "South Twain", 8, 8)], set()),
        # "North East" is two directions, not the land "East"
        ([_division("XX", "North East", 0, 0), _division("XX", "South East", 1, 1)], set()),
    ],
)
def test_no_land_is_made_where_the_name_is_taken_or_a_kind(divisions, taken):
    assert compass_groups(divisions, taken) == {}


@pytest.mark.parametrize("name", ["Java", "Sumatra"])
def test_an_island_divided_into_provinces_is_a_land_not_a_town(gazetteer, name):
    _, answer = _resolved(gazetteer, "Bird flu has spread across Java and Sumatra, Indonesian officials said.")[name]
    assert answer.place.kind == "macroregion" and -9 < answer.place.lat < 6 and 95 < answer.place.lon < 115


# ------------------------------------------------------------ divisions by their English names
@pytest.mark.parametrize(
    "written, short",
    [
        ("Departement de la Somme", "Somme"),
        ("Departement de l'Indre", "Indre"),
        ("Departement du Puy-de-Dome", "Puy-de-Dome"),
        ("Provincia di Ogliastra", "Ogliastra"),
        ("Partido de Tornquist", "Tornquist"),
        ("Okres Mlada Boleslav", "Mlada Boleslav"),
        ("Politischer Bezirk Perg", "Perg"),
        ("Kabupaten Langkat", "Langkat"),
        ("Silkeborg Kommune", "Silkeborg"),
        ("Province of Romblon", "Romblon"),
        # a county's word stays, and so does an English word of kind or a generic name
        ("Kay County", "Kay County"),
        ("Down District", "Down District"),
        ("Departamento de Capital", "Departamento de Capital"),
        ("Powiat wolsztynski", "Powiat wolsztynski"),
    ],
)
def test_a_division_goes_by_the_name_english_texts_write(written, short):
    assert short_division(written) == short


@pytest.mark.parametrize(
    "written, short",
    [
        ("Zamfara State", "Zamfara"),
        ("Bình Phước Province", "Bình Phước"),
        ("Tambov Oblast", "Tambov"),
        ("Al Muthanna Governorate", "Al Muthanna"),
        ("Edo State", "Edo"),
        # a word of direction, a kind, or a common word is no name of its own
        ("Northern Province", "Northern Province"),
        ("Western District", "Western District"),
        ("Rivers State", "Rivers State"),
        ("Free State", "Free State"),
        ("Federal District", "Federal District"),
        ("Bavaria", "Bavaria"),
    ],
)
def test_a_state_or_province_goes_by_its_name_without_its_kind(written, short):
    assert short_region(written) == short


@pytest.mark.parametrize(
    "body, name, country",
    [
        ("Lead poisoning killed 163 children in the northern Nigerian state of Zamfara.", "Zamfara", "NG"),
        ("Cases were confirmed in Binh Phuoc, Vietnam, and in Attapeu, Laos.", "Binh Phuoc", "VN"),
    ],
)
def test_a_state_named_without_its_kind_is_the_state(gazetteer, body, name, country):
    _, answer = _resolved(gazetteer, body)[name]
    assert answer.place.kind == "region" and answer.place.country == country


def test_a_region_named_after_its_city_yields_to_the_city(gazetteer):
    found = _resolved(gazetteer, "Monks marched through Mandalay and Yangon on Monday.")
    assert found["Mandalay"][1].place.kind == "city" and found["Yangon"][1].place.kind == "city"


def test_a_french_department_named_alone_is_the_department(gazetteer):
    _, answer = _resolved(gazetteer, "Bird flu was confirmed on two farms in the Dordogne, French officials said.")[
        "Dordogne"]
    assert answer.place.kind == "district" and answer.place.country == "FR" and answer.place.name == "Dordogne"


# ------------------------------------------------------------ oceans named by their adjective
def test_an_ocean_named_by_its_adjective_is_the_ocean_not_a_small_town(gazetteer):
    body = "The Atlantic flyway carries migrating birds from Europe, officials in Iowa and Ohio said."
    _, answer = _resolved(gazetteer, body)["Atlantic"]
    assert answer.place.kind == "water"


def test_a_town_named_like_an_ocean_with_its_state_is_the_town(gazetteer):
    _, answer = _resolved(gazetteer, "Storms flooded Atlantic, Iowa, on Monday.")["Atlantic"]
    assert answer.place.kind == "city" and answer.place.region == "Iowa"


# ------------------------------------------------------------ words of direction
def test_a_word_of_direction_is_no_evidence_of_a_country(gazetteer):
    # "West" and "North" name regions of Cameroon; neither makes the other one.
    found = _resolved(gazetteer, "Crews in Texas are fighting West Nile virus; planes will spray North Dallas tonight.")
    mention, answer = found["North"]
    assert mention.rejected.startswith("a word of direction") and answer.place is None
    assert found["Dallas"][1].place.region == "Texas"


# ------------------------------------------------------------ a county the text names, resolved with doubt
def test_a_doubtful_county_does_not_move_a_town_the_text_defines(gazetteer):
    # "Santa Ana Municipality" is only known in Guatemala (doubtful: the article is about Mexico),
    # so Santa Ana stays the Mexican town of Sonora rather than moving to the Guatemalan county.
    body = "Santa Ana is a small town and the seat of Santa Ana Municipality in the Mexican state of Sonora."
    _, answer = _resolved(gazetteer, body)["Santa Ana"]
    assert answer.place.country == "MX"


# ------------------------------------------------------------ a name read as a person's, among places
def test_a_name_read_as_a_persons_listed_among_places_is_a_place(gazetteer):
    found = _resolved(gazetteer, "Dead birds were found in three areas in Egypt - namely Cairo, Giza, and Al-Minya.")
    mention, answer = found["Giza"]
    assert not mention.rejected and answer.place.country == "EG"


def test_a_name_read_as_a_persons_after_a_word_that_places_it_is_a_place(gazetteer):
    found = _resolved(gazetteer, "Three people were found in a caravan park in Cornwall in South West England.")
    mention, answer = found["Cornwall"]
    assert not mention.rejected and answer.place.country == "GB"


def test_people_stay_people_among_places(gazetteer):
    # Victoria Beckham is part of a longer name; Smith and Brown, listed beside a place, are
    # placed nowhere with confidence, so they stay people.
    found = _resolved(gazetteer, "Nicole Richie and Victoria Beckham flew from London to Paris on Monday.")
    assert found["Victoria"][1].place is None
    found = _resolved(gazetteer, "Officials said Kenya and Chad will attend, as will Smith, Jordan and Brown.")
    assert found["Smith"][1].place is None and found["Brown"][1].place is None


@pytest.mark.parametrize(
    "body, name, country",
    [
        ("Vehicles from the Pirbright laboratory had used a road near the farm, investigators in Surrey said.",
         "Pirbright", "GB"),
        ("Somali refugees living in Kenya's overcrowded Dadaab camps urgently need food.", "Dadaab", "KE"),
    ],
)
def test_a_name_before_a_site_in_lower_case_is_where_the_site_is(gazetteer, body, name, country):
    mention, answer = _resolved(gazetteer, body)[name]
    assert not mention.rejected and answer.place.country == country


def test_a_surname_before_a_site_word_stays_a_person(gazetteer):
    assert _resolved(gazetteer, "Dr Smith laboratory results were delayed in Boston.")["Smith"][1].place is None


def test_a_longer_name_does_not_name_the_state_it_begins_with(gazetteer):
    # "Davao del Sur" is a province; it does not name "Davao Region", where a hamlet Bulacan lies.
    body = ("Pigs tested positive at farms in Pandi, Bulacan, and in Santa Maria, Davao del Sur, officials in the"
            " Philippines said.")
    _, answer = _resolved(gazetteer, body)["Bulacan"]
    assert answer.place.region == "Central Luzon"


def test_a_country_named_does_not_name_the_state_called_like_it(gazetteer):
    # "Mexico" is the country here, not the State of México, where a bigger San Rafael lies.
    body = "Farmers in San Rafael, a town in northern Veracruz in central Mexico, reported the outbreak."
    _, answer = _resolved(gazetteer, body)["San Rafael"]
    assert answer.place.region == "Veracruz"


def test_places_the_recogniser_reads_as_one_firm_are_places(gazetteer):
    # The recogniser calls "Garut and Tasikmalaya" one organisation; after "villages in" they are two towns.
    found = _resolved(gazetteer, "Rescuers reached villages in Garut and Tasikmalaya, about 60 km south-east of"
                                 " Bandung, by boat.")
    assert found["Garut"][1].place.country == "ID" and found["Tasikmalaya"][1].place.country == "ID"


# ------------------------------------------------------------ the first view
def test_a_wide_area_named_in_passing_does_not_set_the_first_view():
    from types import SimpleNamespace

    from geo.render.map import _first_view

    def place(pid, kind, lat, lon):
        return SimpleNamespace(id=pid, kind=kind, lat=lat, lon=lon)

    # Four towns of Java hold 7 of 10 mentions; Kalimantan, named three times in passing, is a macro-region.
    places = [place("bandung", "city", -6.9, 107.6), place("garut", "city", -7.2, 107.9),
              place("bogor", "city", -6.6, 106.8), place("yogyakarta", "city", -7.8, 110.4),
              place("kalimantan", "macroregion", -0.2, 114.4)]
    counts = {"bandung": 3, "garut": 1, "bogor": 1, "yogyakarta": 2, "kalimantan": 3}
    mentions = [SimpleNamespace(place_id=pid) for pid, n in counts.items() for _ in range(n)]
    (south, west), (north, east) = _first_view(SimpleNamespace(places=places, mentions=mentions),
                                               {p.id for p in places})
    assert north < -6 and east < 111


# ------------------------------------------------------------ datelines
@pytest.mark.parametrize(
    "body",
    [
        "OSHKOSH, Wis. — Two people were injured Tuesday in a crash near Neenah.",
        "OSHKOSH — Two people were injured Tuesday in a crash near Neenah.",
        "MOBILE, Ala. (AP) — Two people were injured in a crash on Tuesday.",
    ],
)
def test_a_small_towns_dateline_is_a_place(gazetteer, body):
    name = body.split(",")[0].split(" ")[0]
    mention, answer = _resolved(gazetteer, body)[name]
    assert not mention.rejected and answer.place.country == "US"


def test_a_towns_dateline_sets_the_home_for_its_namesakes(gazetteer):
    body = "OSHKOSH, Wis. — Two people were injured Tuesday near Neenah. The driver, from Berlin, was cited."
    assert _resolved(gazetteer, body)["Berlin"][1].place.region == "Wisconsin"


# ------------------------------------------------------------ the body that governs a place
@pytest.mark.parametrize(
    "body, name, region",
    [
        ("The Winnebago County Sheriff's Office said the driver was cited.", "Winnebago County", None),
        ("The Laurel County Fiscal Court met on Monday.", "Laurel County", "Kentucky"),
        ("The Dallas Police Department arrested two men on Friday.", "Dallas", "Texas"),
    ],
)
def test_the_town_or_county_of_a_body_that_governs_it_is_a_place(gazetteer, body, name, region):
    mention, answer = _resolved(gazetteer, body)[name]
    assert not mention.rejected and answer.place.country == "US" and (region is None or answer.place.region == region)


@pytest.mark.parametrize(
    "body, word",
    [
        ("He was about to be charged by the Justice Department on Monday.", "Justice"),
        ("The Dallas Police Department arrested two men on Friday.", "Police"),
        ("Chad said it would agree to a UN police presence.", "UN"),
    ],
)
def test_a_word_of_the_bodys_name_is_no_place(gazetteer, body, word):
    found = _resolved(gazetteer, body)
    assert word not in found or found[word][1].place is None


# ------------------------------------------------------------ notations and names of outlets and colleges
@pytest.mark.parametrize(
    "body, word, reason",
    [
        ("Libya lifted the sentences after a US$460 million settlement, officials in Tripoli said.", "US", "currency"),
        ("The vaccine holds an A/California/7/2009 (H1N1) pdm09-like virus.", "California", "strain"),
    ],
)
def test_a_name_in_a_notation_is_set_aside_with_the_reason(gazetteer, body, word, reason):
    mention, answer = _resolved(gazetteer, body)[word]
    assert reason in mention.rejected and answer.place is None


def test_a_disease_named_after_a_place_is_the_disease_even_alone(gazetteer):
    found = _resolved(gazetteer, "A nurse with complications after Ebola is critically ill in London.")
    assert "Ebola" not in found or found["Ebola"][1].place is None


@pytest.mark.parametrize(
    "body, word",
    [
        ("Mass hysteria (according to the Sunday Times of India) broke out in Mumbai.", "India"),
        ("Officials told the Voice of America that the outbreak was over.", "America"),
        ("The gosling was tested at the Atlantic Veterinary College in Charlottetown.", "Atlantic"),
    ],
)
def test_a_place_in_an_outlets_or_a_colleges_name_is_no_place_of_the_story(gazetteer, body, word):
    assert _resolved(gazetteer, body)[word][1].place is None


@pytest.mark.parametrize("word", ["Michigan", "Georgia"])
def test_a_state_in_a_universitys_name_is_no_place_of_the_story(gazetteer, word):
    found = _resolved(gazetteer, "Testing was done at Michigan State University, and scientists at the"
                                 " University of Georgia agreed.")
    assert word not in found or found[word][1].place is None
