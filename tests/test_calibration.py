"""Confidence as a probability: the calibration map and what it promises."""

from __future__ import annotations

import numpy as np
import pytest

from geo.resolve.calibration import KNOTS, SMALL_AREA_KM2, calibrated, group_of


@pytest.mark.parametrize("group", sorted(KNOTS))
def test_the_map_is_a_non_decreasing_probability(group):
    kind = {"town": "city"}.get(group, group)
    country = "CA" if group == "country" else ""
    values = [calibrated(float(s), kind, country) for s in np.linspace(0.0, 1.0, 201)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(b >= a - 1e-12 for a, b in zip(values, values[1:]))


def test_knots_increase_in_share():
    for group, table in KNOTS.items():
        shares = [x for x, _ in table]
        assert shares == sorted(shares), group


@pytest.mark.parametrize(
    "kind, country, group",
    [
        ("city", "FR", "town"), ("capital", "QA", "town"), ("district", "US", "town"),
        ("country", "QA", "town"),  # smaller than a disc of 161 km: any point of it will do
        ("country", "CA", "country"), ("region", "CA", "region"), ("continent", "", "continent"),
    ],
)
def test_groups(kind, country, group):
    assert group_of(kind, country) == group


def test_a_small_country_is_placed_as_surely_as_a_town():
    assert SMALL_AREA_KM2 == pytest.approx(81_433, rel=1e-3)
    assert calibrated(1.0, "country", "LU") == calibrated(1.0, "city")
    # A vast country's point is often far from the one a reader expects: less sure, whatever the share.
    assert calibrated(1.0, "country", "RU") < calibrated(1.0, "country", "LU")


def test_interpolation_between_knots():
    knots = {"town": ((0.2, 0.1), (0.6, 0.5))}
    assert calibrated(0.4, "city", knots=knots) == pytest.approx(0.3)
    assert calibrated(0.0, "city", knots=knots) == 0.1  # below the first knot: its value
    assert calibrated(1.0, "city", knots=knots) == 0.5  # above the last: its value


def test_a_town_in_none_of_the_articles_countries_is_doubtful(gazetteer):
    from geo.find.ner import entities
    from geo.ingest.articles import parse_article
    from geo.ingest.config import parse_config
    from geo.ingest.review import REVIEW_THRESHOLD
    from geo.resolve.geoparser import Geoparser

    # The gazetteer's only "Bagram" is not in Afghanistan (the air base's town is missing from it):
    # a sure share, but at odds with the article, so it goes to review.
    assert all(c.country != "AF" for c in gazetteer.lookup("Bagram"))
    article = parse_article("---\ntitle: t\n---\nTroops in Afghanistan left Bagram on Friday.", "a.md")
    geoparser = Geoparser(parse_config("story:\n  title: t\n"), gazetteer)
    answer = next(a for m, a in geoparser.parse(article, entities(article.text)) if m.text == "Bagram")
    assert answer.place is not None and answer.place.confidence < REVIEW_THRESHOLD
    assert "share 1.000" in answer.reason and "in none of the countries the article names" in answer.reason
    assert calibrated(1.0, "city", "IR", at_odds=True) < calibrated(1.0, "city", "IR")


def test_the_home_and_a_standalone_dateline_are_not_at_odds(gazetteer):
    from geo.resolve.geocoders.base import Query
    from geo.resolve.geocoders.offline import OfflineGeocoder
    from geo.resolve.home import Home

    geocoder = OfflineGeocoder(gazetteer)
    # The article names only Michigan's country, but the story's home is Ontario: Sarnia is at home.
    at_home = geocoder.geocode(Query("sarnia", "Sarnia", frozenset({"US"}), home=Home(country="CA", region="Ontario")))
    assert at_home.place.country == "CA" and "in none of" not in at_home.reason
    # With neither, it is at odds with the article.
    away = geocoder.geocode(Query("sarnia", "Sarnia", frozenset({"US"})))
    assert away.place.country == "CA" and "in none of" in away.reason
    assert away.place.confidence < at_home.place.confidence
    # "TORONTO —" alone: the place known the world over, at odds with nothing.
    alone = geocoder.geocode(Query("toronto", "TORONTO", frozenset({"US"}), standalone=True))
    assert alone.place.country == "CA" and "in none of" not in alone.reason
