"""Namesakes in another country than the one a name means, acronyms read as towns, and names
joined or renamed: each case is an invented sentence."""

from __future__ import annotations

from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import parse_config
from geo.resolve.geoparser import Geoparser

NO_HOME = "story:\n  title: t\n"


def _resolved(gazetteer, body: str) -> dict[str, object]:
    geoparser = Geoparser(parse_config(NO_HOME), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    return {m.text: (m, a) for m, a in geoparser.parse(article, entities(article.text))}


def _place(found: dict, name: str):
    assert name in found, f"{name!r} not found: {sorted(found)}"
    mention, answer = found[name]
    assert not mention.rejected, mention.rejected
    assert answer.place is not None, answer.reason
    return answer.place


# ------------------------------------------------------------ great cities of a country the article names
def test_a_great_city_of_a_named_country_beats_a_suburb_in_a_named_state(gazetteer):
    found = _resolved(gazetteer, "Drought hit farms across New South Wales and Queensland. Canada sent experts; "
                                 "the team flew in from Toronto on Friday.")
    assert _place(found, "Toronto").country == "CA"


def test_the_suburb_stays_where_the_great_citys_country_goes_unnamed(gazetteer):
    found = _resolved(gazetteer, "Storms hit New South Wales. Homes flooded in Toronto, Swansea and Belmont "
                                 "near Newcastle.")
    assert _place(found, "Toronto").country == "AU"


# ------------------------------------------------------------ a capital spelt another way is no landmark
def test_a_capital_known_by_another_spelling_is_doubted_outside_the_articles_countries(gazetteer):
    found = _resolved(gazetteer, "Aid lorries reached Suba and Migori in western Kenya on Tuesday.")
    assert _place(found, "Migori").country == "KE"
    mention, answer = found["Suba"]
    assert answer.place is None or answer.place.country == "KE" or answer.place.confidence < 0.75
    assert "in none of the countries" in answer.reason or answer.place is None


def test_a_capital_by_its_own_name_is_trusted_outside_the_articles_countries(gazetteer):
    found = _resolved(gazetteer, "Fighting spread across Sudan. Talks on a truce were held in Nairobi.")
    assert _place(found, "Nairobi").confidence >= 0.75


# ------------------------------------------------------------ acronyms
def test_an_acronym_after_a_preposition_is_no_town(gazetteer):
    found = _resolved(gazetteer, "Poultry farmers in the EU and inspectors from the UN met in Brussels.")
    assert _place(found, "Brussels").country == "BE"
    for acronym in ("EU", "UN"):
        if acronym in found:
            mention, answer = found[acronym]
            assert mention.rejected and answer.place is None, (acronym, answer.reason)


def test_a_countrys_acronym_after_a_preposition_is_the_country(gazetteer):
    found = _resolved(gazetteer, "Exports to the UAE rose while trade in the DRC fell.")
    assert _place(found, "UAE").country == "AE"
    assert _place(found, "DRC").country == "CD"


# ------------------------------------------------------------ names joined or renamed
def test_two_countries_joined_by_and_are_two_places(gazetteer):
    found = _resolved(gazetteer, "Flights between Australia and New Zealand resumed on Monday.")
    assert "Australia and New Zealand" not in found
    assert _place(found, "Australia").country == "AU"
    assert _place(found, "New Zealand").country == "NZ"


def test_a_macroregion_named_with_and_stays_one_place(gazetteer):
    found = _resolved(gazetteer, "Growth slowed across Latin America and the Caribbean last year.")
    assert _place(found, "Latin America and the Caribbean").kind == "macroregion"


def test_a_countrys_former_name_is_the_country(gazetteer):
    found = _resolved(gazetteer, "Mobutu ruled Zaire for three decades. Planters sold tea grown in Ceylon.")
    assert _place(found, "Zaire").country == "CD"
    assert _place(found, "Ceylon").country == "LK"


def test_a_province_named_like_a_former_country_stays_the_province(gazetteer):
    found = _resolved(gazetteer, "Cholera spread in Zaire province, one of Angola's northern provinces.")
    place = _place(found, "Zaire province")
    assert (place.country, place.kind) == ("AO", "region")


# ------------------------------------------------------------ a name read as a person, placed by the text
def test_a_name_read_as_a_person_is_a_place_where_the_text_locates_by_it(gazetteer):
    found = _resolved(gazetteer, "Water ran short in southern Indiana. Austin, in Scott County, Indiana, was worst "
                                 "hit. Crews from Louisville, Kentucky, some 35 miles south of Austin, helped.")
    mentions = [(m, a) for m, a in found.values() if m.text == "Austin"]
    assert mentions
    place = _place(found, "Austin")
    assert (place.country, place.region) == ("US", "Indiana")
