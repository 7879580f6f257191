"""Check a claim against the geodesic truth (pure, given places and outlines).

Model. Distances are geodesics on the WGS84 ellipsoid between the places'
reference points: a city, a base or an airport is a point, so a base 47 km from
Kabul's centre may be 40 km from its edge. A country is its Natural Earth
1:110m outline: the distance from a point to a country is to the nearest point
of that outline (zero inside it). The bearing is the initial azimuth at the
reference place towards the subject.

Tolerances (the band of true distances a stated distance D allows):

========================  ==========================================
hedge                     band
========================  ==========================================
none ("40 km")            D ± 10 % (news numbers are rounded)
about, around, some...    D ± 20 %
almost, nearly            D × (1 − 15 %) … D × (1 + 2 %)
over, more than, at least D × (1 − 2 %) … no upper bound
within, up to, less than  0 … D × (1 + 2 %)
a range "30 to 40 km"     low × (1 − 10 %) … high × (1 + 10 %)
========================  ==========================================

A direction holds when the bearing lies in the named compass sector (± 22.5°
for the eight main winds, ± 11.25° for the sixteen-point ones) widened by a
margin of 10°.

The verdict is a :class:`~geo.model.Verdict`: ``consistent`` or
``inconsistent`` (saying which parts are wrong), or ``unverifiable`` when an
end is missing, both ends are countries, no distance is stated or the text
speaks of a road or a reach; those last two are still measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from shapely.geometry.base import BaseGeometry

from ..measure.distance import COMPASS_POINTS, WGS84, aeqd, compass, geodesic
from ..model import CheckedClaim, Claim, Place, Verdict

__all__ = ["check_claim", "tolerance", "direction_sector", "point_to_area_km", "BANDS", "DIRECTION_MARGIN_DEG"]

#: (lower factor, upper factor) of the stated distance, by hedge kind.
BANDS: dict[str, tuple[float, float]] = {
    "exact": (0.90, 1.10),
    "approx": (0.80, 1.20),
    "below": (0.85, 1.02),
    "above": (0.98, math.inf),
    "at_most": (0.0, 1.02),
    "range": (0.90, 1.10),
}
DIRECTION_MARGIN_DEG = 10.0


def tolerance(claim: Claim) -> tuple[float, float] | None:
    """The band of true distances (km) the claim allows; ``None`` when it states no number."""
    if claim.stated_km is None or claim.bound not in BANDS:
        return None
    low_factor, high_factor = BANDS[claim.bound]
    if claim.bound == "range":
        return claim.stated_low_km * low_factor, claim.stated_high_km * high_factor
    return claim.stated_km * low_factor, claim.stated_km * high_factor


def direction_sector(direction: str) -> tuple[float, float]:
    """Centre and half-width (degrees, margin included) of a compass word."""
    index = COMPASS_POINTS.index(direction)
    centre = index * 22.5
    half = (22.5 if len(direction) <= 2 else 11.25) + DIRECTION_MARGIN_DEG
    return centre, half


def _angle_off(bearing: float, centre: float) -> float:
    return abs((bearing - centre + 180.0) % 360.0 - 180.0)


def point_to_area_km(point: Place, area: BaseGeometry) -> tuple[float, tuple[float, float]]:
    """Geodesic distance (km) from *point* to the nearest point of *area*, and that point (lat, lon).

    The outline is projected to an azimuthal equidistant projection centred on
    the point, where distances from the centre are true geodesic distances.
    """
    import shapely
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    forward, backward = aeqd(point.lat, point.lon)
    projected = shapely.transform(area, forward.transform, interleaved=False)
    origin = Point(0, 0)
    if projected.contains(origin):
        return 0.0, (point.lat, point.lon)
    nearest = nearest_points(origin, projected.boundary)[1]
    lon, lat = backward.transform(nearest.x, nearest.y)
    _, _, metres = WGS84.inv(point.lon, point.lat, lon, lat)
    return metres / 1000.0, (lat, lon)


@dataclass(frozen=True, slots=True)
class _Measured:
    """The geodesic between the two ends of a claim."""

    km: float
    azimuth: float | None  # at the reference end; None when the point lies inside the area
    measured_to: str  # "point" or "outline"
    ends: tuple[tuple[float, float], tuple[float, float]]

    @property
    def computed_km(self) -> float:
        return round(self.km, 3)

    @property
    def bearing(self) -> float | None:
        return round(self.azimuth, 2) if self.azimuth is not None else None

    @property
    def compass_word(self) -> str | None:
        bearing = self.bearing
        return compass(bearing) if bearing is not None else None


def check_claim(
    claim: Claim,
    places: Mapping[str, Place],
    outlines: Mapping[str, BaseGeometry] | None = None,
) -> CheckedClaim:
    """Compute the truth of *claim* and give a verdict that names the two points it measured
    (and the range over a city's extent, when that could change it: :mod:`geo.claims.points`).

    *outlines* maps the id of a country place to its outline; with it,
    distances to that country are measured to its nearest edge.
    """
    from .points import annotate  # noqa: PLC0415 - points reads what this module measures

    return annotate(_check(claim, places, outlines), places)


def _check(
    claim: Claim, places: Mapping[str, Place], outlines: Mapping[str, BaseGeometry] | None
) -> CheckedClaim:
    """The verdict on *claim* (see :func:`check_claim`)."""
    outlines = outlines or {}
    if claim.edge:
        from .borders import check_edge_claim  # noqa: PLC0415 - borders builds on this module

        return check_edge_claim(claim, places, tolerance(claim))
    unresolved = _unresolved(claim, places)
    if unresolved is not None:
        return _unverifiable(claim, unresolved)
    subject, reference = places[claim.subject], places[claim.reference]  # type: ignore[index]
    band = tolerance(claim)
    subject_area, reference_area = outlines.get(subject.id), outlines.get(reference.id)
    if subject_area is not None and reference_area is not None:
        return _unverifiable(claim, "a distance between two countries has no single value")
    measured = _measure(subject, reference, subject_area, reference_area)
    if band is None:
        target = reference.name + (" (the nearest point of its outline)" if reference_area is not None else "")
        return _measured_only(claim, measured, None,
                              f"no distance stated; {subject.name} is {measured.computed_km:,.1f} km from {target}")
    if claim.not_geodesic:
        return _measured_only(claim, measured, band,
                              claim.not_geodesic + f"; the geodesic is {measured.computed_km:,.1f} km")
    return _judge(claim, measured, band, reference.name)


def _unresolved(claim: Claim, places: Mapping[str, Place]) -> str | None:
    """Why the claim has no two distinct resolved places, or ``None`` when it has them."""
    if claim.subject is None or claim.reference is None:
        missing = "the place it is measured from" if claim.reference is None else "the place it is about"
        return f"{missing} is not named or not resolved"
    if claim.subject == claim.reference:
        return "both ends are the same place"
    if places.get(claim.subject) is None or places.get(claim.reference) is None:
        return "a place of the claim is not resolved"
    return None


def _unverifiable(claim: Claim, reason: str) -> CheckedClaim:
    """A claim that cannot be measured."""
    return CheckedClaim(claim, None, None, None, Verdict.UNVERIFIABLE, reason, None, None)


def _measured_only(claim: Claim, measured: _Measured, band: tuple[float, float] | None, reason: str) -> CheckedClaim:
    """A claim measured but not judged: it states no distance, or not a geodesic one."""
    return CheckedClaim(claim, measured.computed_km, measured.bearing, measured.compass_word, Verdict.UNVERIFIABLE,
                        reason, band, None, measured_to=measured.measured_to, ends=measured.ends)


def _measure(
    subject: Place, reference: Place, subject_area: BaseGeometry | None, reference_area: BaseGeometry | None
) -> _Measured:
    """The geodesic from *reference* to *subject*, to the nearest point of an outline if one is a country."""
    if reference_area is not None:
        km, (lat, lon) = point_to_area_km(subject, reference_area)
        azimuth = WGS84.inv(lon, lat, subject.lon, subject.lat)[0] % 360.0 if km > 0 else None
        return _Measured(km, azimuth, "outline", ((round(lat, 5), round(lon, 5)), (subject.lat, subject.lon)))
    if subject_area is not None:
        km, (lat, lon) = point_to_area_km(reference, subject_area)
        azimuth = WGS84.inv(reference.lon, reference.lat, lon, lat)[0] % 360.0 if km > 0 else None
        return _Measured(km, azimuth, "outline", ((reference.lat, reference.lon), (round(lat, 5), round(lon, 5))))
    line = geodesic(reference, subject)
    return _Measured(line.distance_km, line.bearing_deg, "point",
                     ((reference.lat, reference.lon), (subject.lat, subject.lon)))


def measured_between(point, subject: Place, kind: str) -> _Measured:
    """The geodesic from an edge's nearest *point* (:class:`~geo.measure.edges.Edge`) to *subject*;
    *kind* is what the edge is, "border" or "coast"."""
    azimuth = WGS84.inv(point.lon, point.lat, subject.lon, subject.lat)[0] % 360.0 if point.km > 0 else None
    return _Measured(point.km, azimuth, kind, ((round(point.lat, 5), round(point.lon, 5)), (subject.lat, subject.lon)))


def judge_measured(claim: Claim, measured: _Measured, band: tuple[float, float], what: str) -> CheckedClaim:
    """:func:`_judge` for a distance measured to an edge (*what* names it)."""
    checked = _judge(claim, measured, band, what)
    return replace(checked, reason=checked.reason + f"; measured to the nearest point of {what}")


def _judge(claim: Claim, measured: _Measured, band: tuple[float, float], reference: str) -> CheckedClaim:
    """Compare the measured geodesic with the stated distance and direction."""
    parts: list[str] = []
    distance_reason, off_by = _distance_finding(claim, measured, band)
    reasons = [distance_reason]
    if off_by is not None:
        parts.append("distance")
    margin = None
    if claim.direction:
        direction_reason, margin, wrong_way = _direction_finding(claim.direction, measured, reference)
        reasons.append(direction_reason)
        if wrong_way:
            parts.append("direction")
    verdict = Verdict.INCONSISTENT if parts else Verdict.CONSISTENT
    if measured.measured_to == "outline":
        reasons.append("measured to the nearest point of the country's outline")
    return CheckedClaim(claim, measured.computed_km, measured.bearing, measured.compass_word, verdict,
                        "; ".join(reasons), band, margin, tuple(parts), off_by, measured.measured_to, measured.ends)


def _distance_finding(claim: Claim, measured: _Measured, band: tuple[float, float]) -> tuple[str, float | None]:
    """Whether the distance lies in the band: the reason, and how far outside it (``None`` inside)."""
    km, computed = measured.km, measured.computed_km
    low, high = band
    allowed = f"the {low:,.1f}–{_fmt(high)} km the claim allows"
    if km < low:
        return (f"{computed:,.1f} km is {low - km:,.1f} km ({(low - km) / claim.stated_km:.0%}) short of {allowed}",
                round(km - low, 3))
    if km > high:
        return (f"{computed:,.1f} km is {km - high:,.1f} km ({(km - high) / claim.stated_km:.0%}) beyond {allowed}",
                round(km - high, 3))
    return f"{computed:,.1f} km lies within {low:,.1f}–{_fmt(high)} km", None


def _direction_finding(direction: str, measured: _Measured, reference: str) -> tuple[str, float, bool]:
    """Whether the bearing lies in the stated compass sector: the reason, the sector's
    half-width and whether it lies outside."""
    centre, margin = direction_sector(direction)
    bearing, word = measured.bearing, measured.compass_word
    if bearing is None:
        return "no direction inside the area", margin, False
    off = _angle_off(bearing, centre)
    heading = f"bearing {bearing:.0f}° ({word}) from {reference}"
    if off > margin:
        return f"{heading} is {off - margin:.0f}° outside {direction} (±{margin:.1f}°)", margin, True
    return f"{heading} is {direction} (±{margin:.1f}°)", margin, False


def _fmt(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:,.1f}"
