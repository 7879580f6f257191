"""Which two points a verdict measured, and whether a city's extent could change it (pure).

Every checked claim names its two ends: the feature, where its point comes from (a GeoNames
id, a places.yaml entry, an online service), and whether the distance runs to its point, the
nearest point of its outline, its land border or its coast. A city is not a point: one of
:data:`POPULATION_FOR_EXTENT` people or more reaches about ``sqrt(population / (π · density))``
km from its point (:data:`URBAN_DENSITY` people per km²). When the distance over that reach
could fall on the other side of the claim's band, the verdict says so and gives the range
("from its edge rather than its centre, 28–66 km").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from ..model import CheckedClaim, Place, Source

__all__ = ["annotate", "reach_km", "URBAN_DENSITY", "POPULATION_FOR_EXTENT"]

#: People per km² of a city's built-up area (a middle value across the world's large cities).
URBAN_DENSITY = 4000.0
#: Below this, a town is a point for this purpose (its reach is under 2 km).
POPULATION_FOR_EXTENT = 50_000
_HOW = {
    "point": "its point", "outline": "the nearest point of its outline",
    "border": "the nearest point of its land border", "coast": "the nearest point of its coast",
}


def reach_km(place: Place) -> float:
    """How far a city reaches from its point (0 for a town, an area or an unknown population)."""
    if place.kind not in ("city", "capital") or place.population < POPULATION_FOR_EXTENT:
        return 0.0
    return math.sqrt(place.population / (math.pi * URBAN_DENSITY))


def _source(place: Place) -> str:
    if place.source == Source.CURATED:
        return f"places.yaml entry '{place.id}'"
    if place.geonameid:
        return f"GeoNames {place.geonameid}"
    return f"{place.source}"


def _end(place: Place | None, how: str, edge_name: str = "") -> str:
    if place is None:
        return edge_name or "the nearest coast"
    return f"{place.name} ({_source(place)}, {how})"


def annotate(checked: CheckedClaim, places: Mapping[str, Place]) -> CheckedClaim:
    """*checked* with the two points it measured named, and the range over a city's extent
    when that could change the verdict."""
    if checked.computed_km is None:
        return checked
    claim = checked.claim
    subject, reference = places.get(claim.subject or ""), places.get(claim.reference or "")
    how = _HOW.get(checked.measured_to, "its point")
    if checked.measured_to in ("border", "coast") or claim.edge == "inland":
        between = f"from {_end(reference, how)} to {_end(subject, 'its point')}"
        reaches = reach_km(subject) if subject else 0.0
    else:
        subject_how = how if checked.measured_to == "outline" and reference is not None and \
            reference.kind != "country" else "its point"
        between = f"from {_end(reference, how if reference and reference.kind == 'country' else 'its point')} " \
                  f"to {_end(subject, subject_how)}"
        reaches = sum(reach_km(p) for p in (subject, reference) if p is not None)
    extent = _extent(checked, reaches)
    reason = checked.reason
    if extent is not None:
        cities = [p for p in (subject, reference) if p is not None and reach_km(p) > 0]
        who = " and ".join(f"{p.name} ({p.population:,} people, reaching about {reach_km(p):.0f} km from its centre)"
                           for p in cities)
        reason += (f"; the verdict depends on the reference point: measured from the edge of {who} rather than "
                   f"the centre, the distance ranges {extent[0]:,.0f}–{extent[1]:,.0f} km")
    return replace(checked, measured_between=between, extent_km=extent, reason=reason)


def _extent(checked: CheckedClaim, reaches: float) -> tuple[float, float] | None:
    """The range of distances over the cities' reach, when part of it lies on the other side
    of the band from the measured distance (None when the verdict holds over all of it)."""
    band = checked.tolerance_km
    if band is None or reaches <= 0 or checked.claim.edge in ("on-border", "near-border", "across-border"):
        return None
    km = checked.computed_km
    low, high = max(0.0, km - reaches), km + reaches
    inside_now = band[0] <= km <= band[1]
    flips = (low < band[0] or high > band[1]) if inside_now else (high >= band[0] and low <= band[1])
    return (round(low, 1), round(high, 1)) if flips else None
