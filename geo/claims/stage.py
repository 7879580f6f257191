"""The claims stage: every article's distance claims, found and checked (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..measure.outlines import country_polygons, iso2_to_iso3
from ..model import Article, CheckedClaim, Mention, Place, Story
from .parse import find_claims
from .verify import check_claim

__all__ = ["check_claims", "claims_of_articles", "country_outlines"]


def country_outlines(places: Iterable[Place]) -> dict[str, Any]:
    """The Natural Earth outline of each country place, by place id."""
    polygons = country_polygons()
    to_iso3 = iso2_to_iso3()
    return {
        p.id: polygons[to_iso3[p.country]]
        for p in places
        if p.kind == "country" and to_iso3.get(p.country) in polygons
    }


def claims_of_articles(
    story: Story, outlines: dict[str, Any], articles: Sequence[Article]
) -> list[tuple[CheckedClaim, ...]]:
    """The checked claims of each of *articles* of *story*, in order."""
    by_article: dict[str, list[Mention]] = {}
    for mention in story.mentions:
        by_article.setdefault(mention.article, []).append(mention)
    places = {p.id: p for p in story.places}
    return [
        tuple(check_claim(claim, places, outlines) for claim in find_claims(a, by_article.get(a.name, []), story.focus))
        for a in articles
    ]


def check_claims(story: Story, outlines: dict[str, Any]) -> tuple[CheckedClaim, ...]:
    """Find and check the distance claims of every article of *story*."""
    return tuple(c for claims in claims_of_articles(story, outlines, story.articles) for c in claims)
