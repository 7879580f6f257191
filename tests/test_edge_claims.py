"""Claims measured to a border or a coast: read from the sentence, checked against the
Natural Earth 1:10m outlines, each verdict naming what it measured to."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo.claims.parse import find_claims
from geo.claims.verify import check_claim
from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import parse_config
from geo.resolve.geoparser import Geoparser

CASES = [
    # (sentence, edge, subject id, reference id, verdict, true km roughly)
    ("Kharkiv, a city some 100 kilometres from the Russian border, was shelled.", "border", "kharkiv-ua", "russia",
     "inconsistent", 32),
    ("Kharkiv lies about 30 km from the Russian border.", "border", "kharkiv-ua", "russia", "consistent", 32),
    ("Mosul is about 100 km from the border with Syria.", "border", "mosul-iq", "syria", "consistent", 104),
    ("Kharkiv is about 30 km inside Ukraine.", "inside", "kharkiv-ua", "ukraine", "consistent", 32),
    ("Nairobi lies about 440 km inland.", "inland", "nairobi-ke", None, "consistent", 408),
    ("Rafah lies on the border with Egypt.", "on-border", "rafah-eg", "egypt", "consistent", 2),
    ("Lyon lies near the Swiss border.", "near-border", "lyon-fr", "switzerland", "inconsistent", 96),
    ("Detroit, just across the Canadian border, was quiet.", "across-border", "detroit-us", "canada", "inconsistent", 0),
]


@pytest.fixture(scope="module")
def geoparser(gazetteer):
    return Geoparser(parse_config("story:\n  title: t\n"), gazetteer)


def _checked(geoparser, sentence: str):
    article = parse_article(f"---\ntitle: t\n---\n{sentence}", "a.md")
    pairs = [(m, a) for m, a in geoparser.parse(article, entities(article.text)) if a.place is not None]
    places = {a.place.id: a.place for _, a in pairs}
    claims = find_claims(article, [replace(m, place_id=a.place.id) for m, a in pairs])
    assert claims, sentence
    return check_claim(claims[0], places)


@pytest.mark.parametrize(("sentence", "edge", "subject", "reference", "verdict", "km"), CASES,
                         ids=[c[1] + "-" + c[4] for c in CASES])
def test_claims_about_borders_coasts_and_inland(geoparser, sentence, edge, subject, reference, verdict, km):
    checked = _checked(geoparser, sentence)
    assert (checked.claim.edge, checked.claim.subject, checked.claim.reference) == (edge, subject, reference)
    assert checked.verdict == verdict, checked.reason
    assert checked.computed_km == pytest.approx(km, abs=max(3.0, km * 0.05))
    assert "Natural Earth 1:10m" in checked.reason  # the model is named in every verdict
    assert checked.ends is not None and checked.measured_to in ("border", "coast")


def test_a_coast_of_a_name_no_one_placed_is_a_claim_that_cannot_be_checked(geoparser):
    checked = _checked(geoparser, "Aftershocks were felt in Jakarta, 80 km off the coast of Atlantisland, officials said.")
    assert checked.claim.edge == "coast" and checked.claim.reference is None
    assert checked.verdict == "unverifiable" and "not resolved" in checked.reason


def test_a_us_state_border_is_measured_and_another_province_is_not(geoparser):
    checked = _checked(geoparser, "Louisville lies about 100 km from the Indiana border.")
    assert checked.verdict == "inconsistent" and checked.computed_km < 5  # the Ohio River is the border
    assert "US Census 1:10m state outlines" in checked.reason
    other = _checked(geoparser, "Quebec City lies about 100 km from the Ontario border.")
    assert other.verdict == "unverifiable" and "only countries' and US states' borders are" in other.reason


def test_every_verdict_names_its_two_points_and_a_city_extent_that_could_change_it():
    from geo.model import Claim, Place

    kabul = Place("kabul-af", "Kabul", "capital", 34.52813, 69.17233, "AF", source="geonames", geonameid=1138958,
                  population=4_434_550)
    bagram = Place("bagram", "Bagram Air Base", "airbase", 34.9461, 69.2650, "AF")
    claim = Claim("a.md", 0, 10, "about 40 km north of Kabul", "bagram", "kabul-af", 40.0, 40.0, 40.0, "km", "40 km",
                  "about", "approx", "N")
    checked = check_claim(claim, {"kabul-af": kabul, "bagram": bagram})
    assert checked.verdict == "consistent"  # 47.1 km, inside 32–48
    assert checked.measured_between == ("from Kabul (GeoNames 1138958, its point) to "
                                        "Bagram Air Base (places.yaml entry 'bagram', its point)")
    low, high = checked.extent_km
    assert low < 32 and high > 48 and "depends on the reference point" in checked.reason
    # A town is a point: nothing to add.
    town = replace(kabul, population=20_000)
    assert check_claim(claim, {"kabul-af": town, "bagram": bagram}).extent_km is None


def test_a_disputed_border_is_named_as_such(geoparser):
    checked = _checked(geoparser, "Jerusalem is about 20 km from the border with Jordan.")
    assert "disputed or not recognised by all" in checked.reason and "Israel" in checked.reason


def test_a_direction_with_no_place_after_it_measures_from_the_sentences_last_reference(geoparser):
    article = parse_article("---\ntitle: t\n---\nTrains left for Kyiv, about 400 km west of Kharkiv, and for Poltava, "
                            "some 140 km to the south-west.", "a.md")
    pairs = [(m, a) for m, a in geoparser.parse(article, entities(article.text)) if a.place is not None]
    places = {a.place.id: a.place for _, a in pairs}
    claims = find_claims(article, [replace(m, place_id=a.place.id) for m, a in pairs])
    second = check_claim(claims[1], places)
    assert (second.claim.subject, second.claim.reference, second.claim.direction) == ("poltava-ua", "kharkiv-ua", "SW")
    assert second.verdict == "consistent"


def test_a_town_of_a_country_the_article_names_by_its_people_is_not_at_odds(geoparser):
    article = parse_article("---\ntitle: t\n---\nPRZEMYSL, Poland \u2014 Lviv, about 70 km from the Polish border, "
                            "is the last stop on the Ukrainian side.", "a.md")
    lviv = next(a.place for m, a in geoparser.parse(article, entities(article.text)) if m.text == "Lviv")
    assert lviv.country == "UA" and lviv.confidence > 0.9


def test_off_the_coast_means_another_shore(geoparser):
    # Zanzibar is an island of Tanzania: "off the coast of Tanzania" is off its mainland.
    zanzibar = _checked(geoparser, "Zanzibar lies about 35 km off the coast of Tanzania.")
    assert zanzibar.verdict == "consistent" and zanzibar.computed_km == pytest.approx(34, abs=3)
    # Sicily is no country: its coast is the outline of the island it stands on, not Malta's own.
    malta = _checked(geoparser, "Malta lies about 90 km off the coast of Sicily.")
    assert malta.verdict == "consistent" and malta.computed_km == pytest.approx(92, abs=3)


def test_a_border_is_a_border_whatever_the_country_is_called(geoparser):
    # Côte d'Ivoire is "Ivory Coast" in the country list: its border is still a border.
    checked = _checked(geoparser, "Kumasi lies about 200 km from the Ivorian border.")
    assert checked.claim.edge == "border" and checked.measured_to == "border"
