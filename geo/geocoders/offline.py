"""The offline backend: the GeoNames index, with disambiguation by evidence.

Candidates sharing a name are scored on:

* population, as a prior (log scale);
* feature kind: a country beats a city of the same name, a capital a town;
* document context: candidates in a country the document is about;
* whether the name is the entry's main name or one of its alternates.

The confidence is the winner's share of the softmax of the scores; the
runner-up is named in the resolution's reason.
"""

from __future__ import annotations

import math

from ..gazetteer import Candidate, Gazetteer
from ..model import Place, Resolution
from ..textnorm import slugify
from .base import Query

__all__ = ["OfflineGeocoder", "score", "best_candidate", "place_from_candidate"]

# Weights of the evidence, in units of a factor ten of population. A capital
# outranks a region of its name ("Washington"), a country a village of its name.
KIND_WEIGHT = {"continent": 3.0, "country": 3.0, "capital": 3.0, "region": 1.5, "city": 0.0}
CONTEXT_WEIGHT = 3.0
PRIMARY_WEIGHT = 1.0


def best_candidate(candidates: tuple[Candidate, ...], countries: frozenset[str] = frozenset()) -> Candidate:
    """The candidate with the most evidence (ties: the lowest GeoNames id)."""
    return min(candidates, key=lambda c: (-score(c, countries), c.geonameid))


def score(candidate: Candidate, countries: frozenset[str]) -> float:
    """Evidence for *candidate* being the place meant, in a document about *countries*."""
    value = math.log10(candidate.population + 10)
    value += KIND_WEIGHT.get(candidate.kind, 0.0)
    if candidate.country in countries:
        value += CONTEXT_WEIGHT
    if candidate.primary:
        value += PRIMARY_WEIGHT
    return value


def place_from_candidate(candidate: Candidate, confidence: float) -> Place:
    slug = slugify(candidate.name) or f"geonames-{candidate.geonameid}"
    place_id = slug if candidate.kind in ("country", "continent") else f"{slug}-{candidate.country.lower()}"
    return Place(
        id=place_id,
        name=candidate.name,
        kind=candidate.kind,
        lat=candidate.lat,
        lon=candidate.lon,
        country=candidate.country,
        source="geonames",
        confidence=round(confidence, 3),
        geonameid=candidate.geonameid,
    )


class OfflineGeocoder:
    """Resolve names with the offline GeoNames index."""

    name = "geonames"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def geocode(self, query: Query) -> Resolution | None:
        candidates = self.gazetteer.lookup(query.key)
        if not candidates:
            return None
        ranked = sorted(candidates, key=lambda c: (-score(c, query.countries), c.geonameid))
        scores = [score(c, query.countries) for c in ranked]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        confidence = weights[0] / sum(weights)
        best = ranked[0]
        reason = f"GeoNames {best.geonameid} ({best.kind}, {best.country}, population {best.population:,})"
        if len(ranked) > 1:
            runner = ranked[1]
            reason += f"; runner-up {runner.name}, {runner.country} (GeoNames {runner.geonameid})"
        return Resolution(query.key, place_from_candidate(best, confidence), self.name, reason)
