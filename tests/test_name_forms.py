"""How names are written: lists of states, abbreviations standing alone, names joined by "and"
or "do", numbered names, and a town whose state or country the gazetteer has no namesake in.
Each case is an invented sentence."""

from __future__ import annotations

import pytest

from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import parse_config
from geo.resolve.geoparser import Geoparser

NO_HOME = "story:\n  title: t\n"


def _parse(gazetteer, body: str):
    geoparser = Geoparser(parse_config(NO_HOME), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    return geoparser.parse(article, entities(article.text))


def _places(gazetteer, body: str) -> dict[str, object]:
    return {m.text: a.place for m, a in _parse(gazetteer, body) if a.place is not None and not m.rejected}


# ------------------------------------------------------------ lists of states
@pytest.mark.parametrize(
    "body, name, state",
    [
        ("Cases were reported in Ohio, Oregon, Utah, Virginia, Washington, West Virginia and Wyoming.",
         "Washington", "Washington"),
        ("Inspectors are looking into cases in Washington, Pennsylvania and California.", "Washington", "Washington"),
        ("The states that reported illness are Arizona, Georgia, Illinois, Missouri and Ohio.", "Illinois", "Illinois"),
        ("The outbreak reached Georgia, Oklahoma, Pennsylvania, Wisconsin and California.", "Oklahoma", "Oklahoma"),
    ],
)
def test_a_state_listed_among_states_is_the_state_not_a_town_of_the_next(gazetteer, body, name, state):
    place = _places(gazetteer, body)[name]
    assert place.kind == "region" and place.name == state


def test_a_town_and_its_state_stay_a_town(gazetteer):
    place = _places(gazetteer, "She grew up in Washington, Pennsylvania, and moved away at 18.")["Washington"]
    assert place.kind == "city" and 40 < place.lat < 40.4 and -80.5 < place.lon < -80


# ------------------------------------------------------------ abbreviations standing alone
@pytest.mark.parametrize(
    "body, written, state",
    [
        ("Storms hit Ky. and Tenn. overnight, cutting power.", "Ky.", "Kentucky"),
        ("Storms hit Ky. and Tenn. overnight, cutting power.", "Tenn.", "Tennessee"),
        ("Flooding closed roads across KY on Monday.", "KY", "Kentucky"),
        ("The family moved to Wash. last year.", "Wash.", "Washington"),
        ("She teaches school in Ind. now.", "Ind.", "Indiana"),
        ("Horses in NSW and Queensland were tested.", "NSW", "New South Wales"),
    ],
)
def test_a_state_abbreviated_on_its_own_is_the_state(gazetteer, body, written, state):
    place = _places(gazetteer, body)[written]
    assert place.kind == "region" and place.name == state


@pytest.mark.parametrize(
    "body, written",
    [
        ("Del. Jones filed the bill.", "Del."),
        ("OR IN ME: the CA office is closed.", "IN"),
        ("FLOODS HIT KY AND TN", "KY"),
        ("The vote was IN favour.", "IN"),
    ],
)
def test_an_abbreviation_that_is_a_word_or_a_title_is_no_state_without_a_place_word(gazetteer, body, written):
    assert written not in _places(gazetteer, body)


def test_an_abbreviation_repeated_is_its_state_everywhere(gazetteer):
    body = ("Restrictions were placed on horses in NSW on Monday. The NSW Primary Industries Minister said"
            " more tests were due.")
    found = [(m.text, a.place.name) for m, a in _parse(gazetteer, body) if a.place is not None]
    assert found.count(("NSW", "New South Wales")) == 2


# ------------------------------------------------------------ names joined by a small word
@pytest.mark.parametrize(
    "body, name, kind",
    [
        ("In the Indian state of Jammu and Kashmir, 1,300 people died.", "Jammu and Kashmir", "region"),
        ("One case was in Rio Grande do Sul and two in Minas Gerais.", "Rio Grande do Sul", "region"),
        ("Trinidad and Tobago voted against the motion.", "Trinidad and Tobago", "country"),
        ("In Goz Beida, the displaced receive water from trucks.", "Goz Beida", "city"),
    ],
)
def test_the_recognisers_part_of_a_longer_known_name_grows_to_the_whole(gazetteer, body, name, kind):
    places = _places(gazetteer, body)
    assert places[name].kind == kind
    assert not set(places) - {name, "Indian", "Minas Gerais"}  # no half of it mapped alone


def test_two_places_joined_by_and_stay_two(gazetteer):
    assert {"India", "Pakistan"} <= set(_places(gazetteer, "Talks between India and Pakistan resumed."))


# ------------------------------------------------------------ numbered names
@pytest.mark.parametrize("body, name", [
    ("His truck was stopped on Highway 11 near the lake.", "Highway 11"),
    ("Traffic backed up on Route 66 near Tulsa.", "Route 66"),
])
def test_a_numbered_name_is_a_road_not_a_hamlet_of_that_name(gazetteer, body, name):
    pairs = {m.text: (m, a) for m, a in _parse(gazetteer, body)}
    mention, answer = pairs[name]  # set aside, and listed with the reason: never dropped silently
    assert answer.place is None and "numbered" in mention.rejected


# ------------------------------------------------------------ a qualifier the gazetteer cannot meet
def test_a_town_qualified_by_a_country_without_that_namesake_is_left_unresolved_with_the_reason(gazetteer):
    pairs = {m.text: a for m, a in _parse(gazetteer, "The convoy stopped in Bagram, Afghanistan, before dawn.")}
    # The gazetteer's only "Bagram" is a village in Iran: not what the text says.
    assert pairs["Bagram"].place is None
    assert "no Bagram in AF" in pairs["Bagram"].reason and "elsewhere" in pairs["Bagram"].reason
    assert pairs["Afghanistan"].place.country == "AF"


# ------------------------------------------------------------ diseases named after places
@pytest.mark.parametrize(
    "body, name",
    [
        ("The Marburg haemorrhagic fever outbreak spread. Marburg kills slowly.", "Marburg"),
        ("Cases of Lassa fever rose. Lassa is spread by rats.", "Lassa"),
        ("The Zika virus was found in mosquitoes; Zika can cause birth defects.", "Zika"),
    ],
)
def test_a_name_the_article_gives_a_disease_is_no_place_anywhere_in_it(gazetteer, body, name):
    assert name not in _places(gazetteer, body)


def test_a_disease_name_is_set_aside_with_the_reason(gazetteer):
    pairs = [(m, a) for m, a in _parse(gazetteer, "Marburg virus spread in Uige. Marburg kills slowly.")]
    marburg = [m for m, a in pairs if m.text == "Marburg"]
    assert len(marburg) == 2 and all("disease" in m.rejected for m in marburg)
    assert any(m.text == "Uige" and a.place is not None for m, a in pairs)


@pytest.mark.parametrize(
    "body, name",
    [
        ("Hong Kong flu killed six in Hong Kong last winter.", "Hong Kong"),
        ("The Texas flu season started early; a nurse in Bavaria obtained the virus.", "Bavaria"),
        ("The flu season in Texas started early.", "Texas"),
        ("Researchers in Uganda found the Marburg virus in bats.", "Uganda"),
    ],
)
def test_a_place_near_a_disease_word_stays_a_place(gazetteer, body, name):
    assert name in _places(gazetteer, body)


# ------------------------------------------------------------ schools, zoos, hospitals
@pytest.mark.parametrize(
    "body, name",
    [
        ("The girl was in fourth grade at Lakeview Science Magnet School, officials said.", "Lakeview Science Magnet School"),
        ("Five boys attending Garfield Elementary were diagnosed.", "Garfield Elementary"),
    ],
)
def test_an_unknown_institution_is_set_aside_with_its_reason(gazetteer, body, name):
    pairs = {m.text: (m, a) for m, a in _parse(gazetteer, body)}
    assert name not in _places(gazetteer, body)
    if name in pairs:  # the recogniser may not mark it at all; when it does, the reason says what it is
        assert "institution" in pairs[name][0].rejected


@pytest.mark.parametrize(
    "body, town",
    [
        ("She studied at Buffalo Science Magnet School before moving to Buffalo.", "Buffalo"),
        ("The otter escaped from Auckland Zoo, keepers in Auckland said.", "Auckland"),
    ],
)
def test_a_town_in_a_schools_or_zoos_name_is_the_institutions_only(gazetteer, body, town):
    named = sorted((m.start, a.place is not None and not m.rejected) for m, a in _parse(gazetteer, body) if m.text == town)
    assert [placed for _, placed in named] == [False, True]  # the institution's set aside, the town mapped


def test_a_council_is_its_towns(gazetteer):
    assert "Santa Ana" in _places(gazetteer, "Santa Ana City Council member Jose Solorio said the tests were late.")


# ------------------------------------------------------------ ordinary words opening a sentence
@pytest.mark.parametrize(
    "body, word",
    [
        ("Mobile surveillance teams were sent to the villages.", "Mobile"),
        ("Cases rose again in Spring 2002, the report said.", "Spring"),
        ("Tell me why the clinic closed, she asked.", "Tell"),
    ],
)
def test_a_word_opening_a_sentence_or_a_season_is_no_town(gazetteer, body, word):
    assert word not in _places(gazetteer, body)


@pytest.mark.parametrize(
    "body, town",
    [
        ("Mobile police said the storm hit the city overnight.", "Mobile"),
        ("Buffalo schools closed on Monday because of the snow.", "Buffalo"),
        ("Buffalo is a city in western New York.", "Buffalo"),
    ],
)
def test_a_town_opening_a_sentence_as_its_subject_stays_a_town(gazetteer, body, town):
    assert town in _places(gazetteer, body)


# ------------------------------------------------------------ a state or country written right after a name
@pytest.mark.parametrize(
    "body, name, country, region",
    [
        ("Three horses were flown to Warwick in Queensland, where they fell ill.", "Warwick", "AU", "Queensland"),
        ("The monkeys were shipped to Reston, Virginia, for quarantine.", "Reston", "US", "Virginia"),
    ],
)
def test_a_name_read_as_a_persons_is_the_town_of_the_state_written_after_it(gazetteer, body, name, country, region):
    place = _places(gazetteer, body)[name]
    assert place.country == country and place.region == region


@pytest.mark.parametrize(
    "body, name",
    [
        ("John Smith in Texas said the vote was close.", "Smith"),
        ("The law was signed by Millard Fillmore, US President at the time.", "Fillmore"),
    ],
)
def test_a_person_before_a_state_stays_a_person(gazetteer, body, name):
    assert name not in _places(gazetteer, body)


def test_the_country_written_after_a_name_chooses_among_its_namesakes_only(gazetteer):
    body = ("Medina is a city in King County, Washington. Named for the city of Medina in Saudi Arabia,"
            " Medina was platted in 1891 on the shore of Lake Washington near Bellevue.")
    named = [(m.start, a.place.country) for m, a in _parse(gazetteer, body) if m.text == "Medina" and a.place]
    assert [country for _, country in sorted(named)] == ["US", "SA", "US"]


def test_a_town_and_the_area_after_it_are_read_together(gazetteer):
    # "Georgia" is the country elsewhere in the article; after Atlanta it is the US state.
    body = "Samples went to the laboratory in Atlanta, Georgia. Georgia and Russia fought a war in 2008."
    named = sorted((m.start, m.text, a.place) for m, a in _parse(gazetteer, body) if a.place is not None)
    atlanta, georgia_state, georgia_country = (p for _, name, p in named if name in ("Atlanta", "Georgia"))
    assert atlanta.country == "US" and atlanta.confidence > 0.9
    assert (georgia_state.kind, georgia_state.country) == ("region", "US")
    assert (georgia_country.kind, georgia_country.country) == ("country", "GE")


def test_names_listed_between_commas_do_not_qualify_each_other(gazetteer):
    body = "Cases were reported in Kasese, Bundibugyo, Kenya and Sudan this year."
    assert _places(gazetteer, body)["Bundibugyo"].country == "UG"


# ------------------------------------------------------------ a name written with its kind
@pytest.mark.parametrize(
    "body, name, kind, country",
    [
        ("A farmer died in Hebei province last week.", "Hebei province", "region", "CN"),
        ("Cases were confirmed in the Akita Prefecture of Japan.", "Akita Prefecture", "region", "JP"),
        ("Three babies died in Pingliang city, officials said.", "Pingliang city", "city", "CN"),
    ],
)
def test_a_name_written_with_its_kind_is_the_namesake_of_that_kind(gazetteer, body, name, kind, country):
    place = _places(gazetteer, body)[name]
    assert (place.kind, place.country) == (kind, country)


@pytest.mark.parametrize("body", [
    "Aurora originated as a mining camp. Aurora's population peaked at 10,000 around 1900.",
    "Kara includes a busy market place and numerous temples.",
    "Palo formally became a town in 1768.",
    "Muli may refer to the city or to the county.",
])
def test_a_town_opening_a_sentence_before_its_verb_stays_a_town(gazetteer, body):
    from geo.find.rules import opens_as_a_word
    from geo.text.normalise import tokens

    words = list(tokens(body))
    assert not opens_as_a_word(words[:1], words[1], body, sentence_initial=True)


# ------------------------------------------------------------ a great city against a hamlet at home
def _home_places(gazetteer, region: str, body: str) -> dict[str, object]:
    geoparser = Geoparser(parse_config(f"{NO_HOME}  region: {region}\n"), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    return {m.text: a.place for m, a in geoparser.parse(article, entities(article.text)) if a.place is not None}


def test_a_great_city_of_the_homes_country_beats_a_hamlet_at_home(gazetteer):
    # Atlanta, Texas has 5,600 people; Atlanta, Georgia half a million: samples flown from Dallas go to Georgia.
    place = _home_places(gazetteer, "Texas", "Crews sprayed Dallas overnight. Samples were flown to Atlanta "
                                             "for testing, officials in Texas said.")["Atlanta"]
    assert place.region == "Georgia"


def test_a_comparable_namesake_at_home_stays_at_home(gazetteer):
    # Portland, Maine is a tenth of Portland, Oregon: in a Maine story it is the home's.
    place = _home_places(gazetteer, "Maine", "The ferry from Portland was cancelled because of the storm.")["Portland"]
    assert place.region == "Maine"


def test_a_hamlet_among_the_articles_other_places_beats_a_great_city_elsewhere(gazetteer):
    # Atlanta, Texas next to Texarkana, Linden and Queen City: a co-located set, not Georgia.
    body = ("Storms cut power in Texarkana, Linden and Queen City overnight. In Atlanta, crews cleared roads"
            " to Texarkana and Linden by noon.")
    assert _home_places(gazetteer, "Texas", body)["Atlanta"].region == "Texas"
