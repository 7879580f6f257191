"""Check a claim measured to an edge: a land border or a coast (see :mod:`geo.claims.edges`
for the sentences, :mod:`geo.measure.edges` for the model and the data).

A stated distance allows the band of :func:`~geo.claims.verify.tolerance`, widened by the
edges' accuracy (:data:`~geo.measure.edges.EDGE_ACCURACY_KM`). Without a number:

=================  =====================================================================
"on the border"    within :data:`EDGE_TOLERANCES_KM` ``on-border`` of it (either side)
"near the border"  within ``near-border`` of it (either side)
"just across"      inside the country named, within ``across-border`` of its border
=================  =====================================================================

A US state's border is measured on the US Census 1:10m state outlines; another country's
state's or province's border is not measured: no outline of them ships with the tool.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..measure import edges
from ..measure.outlines import country_names, iso2_to_iso3
from ..model import CheckedClaim, Claim, Place, Verdict

__all__ = ["EDGE_TOLERANCES_KM", "check_edge_claim"]

#: How close "on", "near" and "just across" a border a place lies, in km.
EDGE_TOLERANCES_KM = {"on-border": 10.0, "near-border": 50.0, "across-border": 25.0}


def check_edge_claim(claim: Claim, places: Mapping[str, Place], band: tuple[float, float] | None) -> CheckedClaim:
    """The verdict on a claim measured to a border or a coast (*band*: what a stated number allows)."""
    from .verify import judge_measured, measured_between  # noqa: PLC0415 - the two modules work together

    subject = places.get(claim.subject or "")
    reference = places.get(claim.reference or "") if claim.reference else None
    if subject is None:
        return _unverifiable(claim, "the place it is about is not named or not resolved")
    if claim.edge != "inland" and reference is None:
        return _unverifiable(claim, "the country whose edge it names is not resolved")
    found = _edge_point(claim.edge, subject, reference)
    if isinstance(found, str):
        return _unverifiable(claim, found)
    point, what = found
    what += _disputed(subject, reference) if claim.edge != "inland" else ""
    measured = measured_between(point, subject, "coast" if claim.edge in ("coast", "inland") else "border")
    if claim.edge in EDGE_TOLERANCES_KM:
        return _judge_proximity(claim, measured, subject, reference, what)
    if band is None:
        return _unverifiable(claim, f"no distance stated; {subject.name} is {measured.computed_km:,.1f} km from {what}")
    widened = (max(0.0, band[0] - edges.EDGE_ACCURACY_KM), band[1] + edges.EDGE_ACCURACY_KM)
    checked = judge_measured(claim, measured, widened, what)
    if claim.edge == "inside" and reference is not None and _inside(reference, subject) is False:
        return _with(checked, Verdict.INCONSISTENT, f"{subject.name} is not inside {reference.name}; " + checked.reason,
                     ("side",))
    return checked


def _edge_point(edge: str, subject: Place, reference: Place | None) -> tuple[edges.Edge, str] | str:
    """The nearest point of the edge *edge* of *reference* to *subject*, and what that edge is;
    or why there is none."""
    if edge == "inland":
        return _nearest_coast(subject)
    assert reference is not None
    if reference.kind == "region" and reference.country == "US" and edge in ("border", "inside", *EDGE_TOLERANCES_KM):
        line = edges.state_border(reference.name)
        if line is None:
            return f"the border of {reference.name} is not in the US states' outlines"
        return edges.nearest_on(subject.lat, subject.lon, line), f"{reference.name}'s border ({edges.STATE_MODEL})"
    if reference.kind != "country":
        if edge == "coast":
            # The coast of the land the place stands on (Sicily's, not Malta's), else the coast near it.
            coast = edges.coast_of_land_at(reference.lat, reference.lon) or edges.coast_around(reference.lat, reference.lon, 3.0)
            if coast is None:
                return f"no coast near {reference.name}"
            return edges.nearest_on(subject.lat, subject.lon, coast), f"the coast near {reference.name} ({edges.EDGE_MODEL})"
        return (f"the border of {reference.name} ({reference.kind}) is not measured: only countries' and US states' "
                "borders are")
    code = _iso3(reference)
    line = edges.coast_of_country(code) if edge == "coast" else edges.land_border(code)
    if edge == "coast" and line is not None:
        line = _other_land(line, subject)  # Zanzibar is off Tanzania's mainland coast, not its own
    if line is None:
        return f"{reference.name} has no {'coast' if edge == 'coast' else 'land border'} in the model"
    kind = "coast" if edge == "coast" else "land border"
    return edges.nearest_on(subject.lat, subject.lon, line), f"{_name(reference)}'s {kind} ({edges.EDGE_MODEL})"


#: An island, for "off the coast": land smaller than this many square degrees (about 100,000 km²).
ISLAND_DEG2 = 10.0


def _other_land(coast, subject: Place):
    """*coast* without the coast of the island *subject* stands on (None when nothing is left):
    Zanzibar lies off Tanzania's mainland coast, not its own. A continent is left whole."""
    import shapely

    from ..measure.basemap import land_part_at

    island = land_part_at(subject.lat, subject.lon)
    if island is None or island.area > ISLAND_DEG2:
        return coast
    rest = shapely.difference(coast, island.boundary.buffer(0.02))
    return None if rest.is_empty else rest


def _nearest_coast(subject: Place) -> tuple[edges.Edge, str] | str:
    """The nearest point of any coast: looked for in a growing box, then in a box wide enough
    to hold every coast as near as the one found (a box's corner reaches further than its side)."""
    for reach in (6.0, 15.0, 35.0):
        coast = edges.coast_around(subject.lat, subject.lon, reach)
        if coast is None:
            continue
        point = edges.nearest_on(subject.lat, subject.lon, coast)
        if point.km > reach * 100:  # a degree of latitude is 111 km: a nearer coast may lie outside
            wider = edges.coast_around(subject.lat, subject.lon, point.km / 100)
            point = edges.nearest_on(subject.lat, subject.lon, wider) if wider is not None else point
        return point, f"the nearest coast ({edges.EDGE_MODEL})"
    return "no coast within 35° of it"


def _judge_proximity(claim: Claim, measured, subject: Place, reference: Place | None, what: str) -> CheckedClaim:
    """"On", "near" or "just across" the border: within the tolerance (and on the right side)."""
    limit = EDGE_TOLERANCES_KM[claim.edge]
    km = measured.computed_km
    reasons = [f"{subject.name} is {km:,.1f} km from {what}; \"{claim.hedge} the border\" allows {limit:,.0f} km"]
    parts = [] if km <= limit else ["distance"]
    if claim.edge == "across-border" and reference is not None:
        inside = _inside(reference, subject)
        reasons.append(f"{subject.name} is {'inside' if inside else 'outside'} {reference.name}")
        if inside is False:
            parts.append("side")
    verdict = Verdict.INCONSISTENT if parts else Verdict.CONSISTENT
    return CheckedClaim(claim, km, measured.bearing, measured.compass_word, verdict, "; ".join(reasons),
                        (0.0, limit), None, tuple(parts), None if not parts else round(km - limit, 3),
                        measured.measured_to, measured.ends)


def _disputed(subject: Place, reference: Place | None) -> str:
    """A note when a border measured is disputed or not recognised by all: never silently measured."""
    from ..measure.outlines import disputed_countries

    notes = disputed_countries()
    named = [(p, notes[_iso3(p)]) for p in (reference, subject) if p is not None and _iso3(p) in notes]
    if not named:
        return ""
    place, why = named[0]
    return (f"; a border of {_name(place)}, which is disputed or not recognised by all ({why}): the line measured is "
            "the one Germany recognises")


def _inside(area: Place, place: Place) -> bool | None:
    """Whether *place* lies in the country or US state *area* (None when its outline is unknown)."""
    if area.kind == "region" and area.country == "US":
        return edges.state_contains(area.name, place.lat, place.lon)
    return edges.contains(_iso3(area), place.lat, place.lon)


def _iso3(place: Place) -> str:
    return iso2_to_iso3().get(place.country, "")


def _name(place: Place) -> str:
    return country_names().get(place.country, place.name)


def _unverifiable(claim: Claim, reason: str) -> CheckedClaim:
    return CheckedClaim(claim, None, None, None, Verdict.UNVERIFIABLE, reason, None, None)


def _with(checked: CheckedClaim, verdict: str, reason: str, parts: tuple[str, ...]) -> CheckedClaim:
    from dataclasses import replace

    return replace(checked, verdict=verdict, reason=reason, parts=tuple(dict.fromkeys((*checked.parts, *parts))))
