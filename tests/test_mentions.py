"""Finding place mentions: curated aliases first, then the offline gazetteer."""

from __future__ import annotations

import pytest

from geo.find.mentions import AliasIndex, find_mentions
from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import load_config
from geo.model import Place
from geo.resolve.geoparser import Geoparser

PLACES = (
    Place("afghanistan", "Afghanistan", "country", 33.0, 65.0, "AF"),
    Place("united-states", "United States", "country", 38.0, -97.0, "US",
          aliases=("US", "U.S.", "United States of America", "America")),
    Place("bagram-air-base", "Bagram Air Base", "airbase", 34.9461, 69.265, "AF",
          aliases=("Bagram", "Bagram Airfield")),
    Place("kabul", "Kabul", "capital", 34.528, 69.172, "AF", aliases=("the capital",)),
    Place("united-kingdom", "United Kingdom", "country", 54.0, -2.0, "GB", aliases=("Britain", "UK")),
    Place("cote-divoire", "Côte d'Ivoire", "country", 7.5, -5.5, "CI", aliases=("Ivory Coast",)),
)

# (name, text, expected [(surface text, place id)])
ALIAS_CASES = [
    ("possessive", "Afghanistan's economy", [("Afghanistan", "afghanistan")]),
    ("curly-possessive", "Afghanistan\u2019s soil", [("Afghanistan", "afghanistan")]),
    ("dotted-acronym", "U.S. officials", [("U.S.", "united-states")]),
    ("acronym", "the US administration", [("US", "united-states")]),
    ("acronym-not-pronoun", "talk to us about it", []),
    ("hyphenated", "U.S.-Taliban relations", [("U.S.", "united-states")]),
    ("longest-first", "the United States of America said", [("United States of America", "united-states")]),
    ("case-insensitive-tail", "Bagram air base", [("Bagram air base", "bagram-air-base")]),
    ("airfield", "Bagram Airfield was", [("Bagram Airfield", "bagram-air-base")]),
    ("short-alias", "from Bagram in 7/2021", [("Bagram", "bagram-air-base")]),
    ("diacritics", "Cote d'Ivoire and Côte d\u2019Ivoire", [("Cote d'Ivoire", "cote-divoire"), ("Côte d\u2019Ivoire", "cote-divoire")]),
    ("britain", "a press conference in Britain", [("Britain", "united-kingdom")]),
    ("apposition", "north of the capital Kabul", [("Kabul", "kabul")]),
    ("descriptive", "troops left the capital.", [("the capital", "kabul")]),
    ("lowercase-name-no-match", "fine china and afghanistan", []),
    ("not-across-lines", "United\nStates", []),
    ("not-across-comma", "United, States", []),
    ("demonym-not-place", "Afghan and American people", []),
]


def _article(text: str):
    return parse_article(f"---\ntitle: t\n---\n{text}", "t.md")


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ALIAS_CASES], ids=[c[0] for c in ALIAS_CASES])
def test_alias_matching(text, expected):
    article = _article(text)
    mentions = find_mentions(article, AliasIndex(PLACES), lookup=None)
    assert [(m.text, m.place_id) for m in mentions] == expected
    for m in mentions:
        assert article.text[m.start : m.end] == m.text
        assert m.sentence.start <= m.start and m.end <= m.sentence.end


def test_debris_is_not_searched():
    article = _article("Kabul is calm.\nScroll to Top\n![]() |\nKabul airport |\n")
    mentions = find_mentions(article, AliasIndex(PLACES), lookup=None)
    assert [m.text for m in mentions] == ["Kabul"]


@pytest.fixture(scope="module")
def resolver(repo, gazetteer):
    return Geoparser(load_config(repo / "places.yaml"), gazetteer)


def _resolved(resolver, text):
    article = _article(text)
    pairs = resolver.parse(article, entities(article.text))
    # Names set aside (people, outlets...) are listed with their reason, never placed: not mentions here.
    return {(m.text, a.place.name if a.place else None, a.place.country if a.place else None)
            for m, a in pairs if not m.rejected}


def test_gazetteer_finds_places_not_in_places_yaml(resolver):
    found = _resolved(resolver, "Floods hit Karachi and Lahore on Monday, while Islamabad sent aid to Peshawar.")
    names = {name for _, name, _ in found}
    assert {"Karachi", "Lahore", "Islamabad", "Peshawar"} <= names


def test_context_chooses_the_namesake(resolver):
    found = _resolved(resolver, "Talks in Doha resumed; Qatar hosted the delegations.")
    assert ("Doha", "Doha", "QA") in found


NEVER_PLACES = [
    "Trump", "Biden", "Mujahid", "Jalaly", "Jalali", "Boehler", "Muttaqi", "Fitrat", "Taliban", "NATO",
    "Reuters", "The Hill", "Hill", "BBC", "AP", "X", "Truth Social", "Sunday", "Friday", "8/2021",
]

NEVER_TEXT = (
    "Zakir Jalaly, an official, said on 19/9 that Jalaly had spoken. Former President Donald Trump said the "
    "Taliban would not agree; Trump posted on Truth Social. Joe Biden ordered it in 7/2021 and Biden left. "
    "Spokesman Zabihullah Mujahid replied; Mujahid posted on X. Adam Boehler met Amir Khan Muttaqi, and Muttaqi "
    "said so. Senior official Zakir Jalali said Jalali agreed. Fasihuddin Fitrat spoke on Sunday; Fitrat added more "
    "on Friday. NATO and the AP reported it, as did Reuters, the BBC and The Hill in 8/2021. (Reuters, The Hill)"
)


def test_people_organisations_and_dates_are_never_places(resolver):
    found = _resolved(resolver, NEVER_TEXT)
    assert found == set(), found


# A state written after a name ("Paris, Tenn.") is a place and picks the namesake in it.
ABBREVIATED_QUALIFIERS = [
    ("tennessee", "A third suspect was found in Paris, Tenn., officials said.", "Paris", "Tennessee"),
    ("kentucky-dateline", "GLASGOW, Ky. (AP) — Two men were arrested after a chase.", "GLASGOW", "Kentucky"),
    ("ontario", "Flooding closed roads in London, Ont., on Monday.", "London", "Ontario"),
]


@pytest.mark.parametrize("text, name, region", [c[1:] for c in ABBREVIATED_QUALIFIERS],
                         ids=[c[0] for c in ABBREVIATED_QUALIFIERS])
def test_an_abbreviated_state_qualifies_the_name_before_it(resolver, gazetteer, text, name, region):
    article = _article(text)
    pairs = {m.text: a for m, a in resolver.parse(article, entities(article.text)) if not m.rejected}
    place = pairs[name].place
    assert place is not None and place.geonameid is not None
    assert gazetteer.by_id(place.geonameid).region == region
    abbreviation = next(a.place for m, a in resolver.parse(article, entities(article.text)) if m.text.endswith("."))
    assert abbreviation is not None and abbreviation.name == region


# "New York" alone is the city; the state only where the text means the state.
STATE_OR_CITY = [
    ("alone", "Flights to New York were cancelled on Monday.", "city"),
    ("after-a-month", "In January, New York banned smoking in bars.", "city"),
    ("qualifier", "Snow fell on Buffalo, New York, overnight.", "region"),
    ("abbreviation", "Lawmakers met in Albany, N.Y., on Monday.", "region"),
    ("listed-states", "Michigan, New York and Ohio reported cases.", "region"),
    ("state-after", "New York state officials reported cases.", "region"),
    ("governor", "New York Governor Andrew Cuomo declared an emergency.", "region"),
    ("upstate", "Farmers in upstate New York lost their crops.", "region"),
]


@pytest.mark.parametrize("text, kind", [c[1:] for c in STATE_OR_CITY], ids=[c[0] for c in STATE_OR_CITY])
def test_new_york_is_the_city_unless_the_text_means_the_state(resolver, text, kind):
    article = _article(text)
    pairs = resolver.parse(article, entities(article.text))
    found = [a.place for m, a in pairs if m.key == "new york" and not m.rejected]
    assert found and all(p is not None and p.kind == kind and p.country == "US" for p in found), found


# Names the finders consider and set aside are kept with the reason: nothing is dropped silently.
SET_ASIDE_CASES = [
    ("person-label", "Aid workers said Dadu had no water.", "Dadu", "a person's name"),
    ("org-label", "The Lahore Chamber of Commerce said profits fell.", "Lahore", "organisation"),
    ("common-word", "Police arrived on Thursday.", "Thursday", "a common word"),
    ("unknown-guess", "The Indus burst its banks near Sukkur.", "Indus", "unknown to the gazetteer"),
    # Precision: English words that spell a foreign place are not that place.
    ("diacritics", "The crowd chanted that God is great as the convoy left Aleppo.", "God", "without its diacritics"),
    ("position-word", "Central banks in Frankfurt raised rates.", "Central", "direction or position"),
    ("position-word-heading", "Southern\nHeat waves struck Spain and Portugal.", "Southern", "direction or position"),
    ("compound", "The pro-Western government in Kyiv welcomed it.", "Western", "compound adjective 'pro-Western'"),
    ("surname-after-title", "Paris mayor Anne Hidalgo said the city would help.", "Hidalgo", "a person's name"),
]


@pytest.mark.parametrize("text, name, reason", [c[1:] for c in SET_ASIDE_CASES], ids=[c[0] for c in SET_ASIDE_CASES])
def test_names_set_aside_are_kept_with_their_reason(resolver, text, name, reason):
    article = _article(text)
    pairs = resolver.parse(article, entities(article.text))
    aside = {m.text: (m.rejected, a) for m, a in pairs if m.rejected}
    assert name in aside, aside
    why, answer = aside[name]
    assert reason in why and answer.place is None and answer.reason == f"set aside: {why}"


# (name, text, names that must be found, names that must not)
NEWS_CASES = [
    ("sentence-end", "Floods reached Lahore. Rescuers worked in Lahore all night.", {"Lahore"}, set()),
    ("line-end", "Rain fell on Lahore \nRescuers worked in Lahore all night.", {"Lahore"}, set()),
    ("weekday-after", "Troops reached Charikar on Friday.", {"Charikar"}, set()),
    ("person-country", "Michael Jordan said he would attend.", set(), {"Jordan"}),
    ("coach-country", "Coach Chad Johnson praised the team.", set(), {"Chad"}),
    ("outlet", "The New York Times reported that rain fell in Karachi.", {"Karachi"}, {"New York"}),
    ("outlet-alias", "Washington Post reporter Lara Jakes wrote from Kabul.", {"Kabul"}, {"Washington"}),
    ("capital-of", "Talks were held in the capital of Qatar, Doha, today.", {"Qatar", "Doha"}, {"the capital"}),
    ("state-in-context", "Rain hit Georgia and Savannah; officials in the United States said.", {"Georgia"}, set()),
    ("position-word-of-named-country", "In Ghana, floods hit Central and Volta.", {"Central"}, set()),
    ("diacritics-written", "Police in Göd, north of Budapest, closed the bridge.", {"Göd"}, set()),
    ("compound-country", "The pro-Russia rebels held Donetsk.", {"Russia"}, set()),
    ("line-break-heading", "The talks moved on to trade\n\nCentral\nAnatolia was hit by floods.", set(),
     {"Central", "Central Anatolia"}),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [c[1:] for c in NEWS_CASES], ids=[c[0] for c in NEWS_CASES])
def test_news_sentences(resolver, text, wanted, unwanted):
    found = {m for m, _, _ in _resolved(resolver, text)}
    assert wanted <= found, found
    assert not (unwanted & found), found


def test_state_beside_its_towns_is_the_state(resolver):
    found = _resolved(resolver, "Rain hit Georgia and Savannah; officials in the United States said.")
    assert ("Georgia", "Georgia", "US") in found


# Features that are not towns: seas, oceans, macro-regions; never a village of their name.
FEATURE_CASES = [
    ("ocean", "The storm crossed the Pacific before reaching Japan.", "Pacific", "water"),
    ("sea-adjective", "Migrants drowned in the Mediterranean on Sunday.", "Mediterranean", "water"),
    ("gulf", "Tankers left the Persian Gulf on Monday.", "Persian Gulf", "water"),
    ("macro-region", "Leaders of the Middle East met in Cairo.", "Middle East", "macroregion"),
    ("after-the", "Drought spread across the Sahel this year.", "Sahel", "macroregion"),
    ("region-of-states", "Violence in Darfur displaced thousands.", "Darfur", "macroregion"),
    ("everyday-name", "Ebola spread through West Africa in 2014.", "West Africa", "macroregion"),
    ("local-namesake", "Pacific, Missouri, lies west of St. Louis.", "Pacific", "city"),
]


@pytest.mark.parametrize(("text", "name", "kind"), [c[1:] for c in FEATURE_CASES], ids=[c[0] for c in FEATURE_CASES])
def test_features_that_are_not_towns(resolver, text, name, kind):
    article = _article(text)
    pairs = {m.text: a.place for m, a in resolver.parse(article, entities(article.text)) if not m.rejected}
    assert name in pairs and pairs[name] is not None, pairs
    assert pairs[name].kind == kind, pairs[name]


# Areas the text means: a province among provinces, a province after a town, a list of countries.
AREA_CASES = [
    ("listed-province", "Cases occurred in British Columbia, Alberta, Ontario and New Brunswick.", "New Brunswick",
     "region", "CA"),
    ("province-among-provinces", "Six cases were in Ontario, two in Alberta, one in Manitoba and one in Quebec.",
     "Quebec", "region", "CA"),
    ("province-after-town", "Pigs at farms in Pandi, Bulacan, tested positive.", "Bulacan", "district", "PH"),
    ("country-list", "Many countries, among them China, Japan and the United Kingdom, warned travellers.", "China",
     "country", "CN"),
]


@pytest.mark.parametrize(("text", "name", "kind", "country"), [c[1:] for c in AREA_CASES], ids=[c[0] for c in AREA_CASES])
def test_areas_the_text_means(resolver, text, name, kind, country):
    article = _article(text)
    places = {m.text: a.place for m, a in resolver.parse(article, entities(article.text)) if not m.rejected}
    assert places[name] is not None and (places[name].kind, places[name].country) == (kind, country), places[name]


def test_a_province_named_after_its_sea_yields_to_the_sea(resolver):
    article = _article("Ships in the Red Sea were warned, officials in Sudan said.")
    places = {m.text: a.place for m, a in resolver.parse(article, entities(article.text)) if not m.rejected}
    assert places["Red Sea"].kind == "water" and places["Red Sea"].id == "red-sea"


# "Washington" is the US capital unless the text means the state.
WASHINGTON_CASES = [
    ("capital", "Officials in Washington said the sanctions would stay.", "capital"),
    ("towns-of-the-state", "Wildfires near Spokane and Yakima forced evacuations across Washington.", "region"),
    ("state-word", "Washington state officials agreed on Monday.", "region"),
    ("qualifier", "Voters in Seattle, Washington, approved the measure.", "region"),
]


@pytest.fixture(scope="module")
def bare_resolver(gazetteer):
    """The geoparser with nothing curated (the seed's places.yaml curates Washington, the capital)."""
    from geo.ingest.config import parse_config

    return Geoparser(parse_config("story:\n  title: t\n"), gazetteer)


@pytest.mark.parametrize(("text", "kind"), [c[1:] for c in WASHINGTON_CASES], ids=[c[0] for c in WASHINGTON_CASES])
def test_washington_is_the_capital_unless_the_state_is_meant(bare_resolver, text, kind):
    article = _article(text)
    found = [a.place for m, a in bare_resolver.parse(article, entities(article.text)) if m.key == "washington"]
    assert found and all(p is not None and p.kind == kind and p.country == "US" for p in found), found


def test_postal_code_qualifies_and_dateline_sets_home(resolver, gazetteer):
    article = _article("GLASGOW, KY - Police in London arrested two men on Monday.")
    places = {m.text: a.place for m, a in resolver.parse(article, entities(article.text)) if not m.rejected}
    assert gazetteer.by_id(places["GLASGOW"].geonameid).region == "Kentucky"
    assert places["London"].country == "US"
