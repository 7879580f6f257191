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
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

from shapely.geometry.base import BaseGeometry

from ..measure.distance import COMPASS_POINTS, WGS84, compass, geodesic
from ..model import CheckedClaim, Claim, Place

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


@lru_cache(maxsize=256)
def _aeqd(lat: float, lon: float):
    """Transformers to and from the azimuthal equidistant projection centred on a point."""
    from pyproj import Transformer

    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    return (Transformer.from_crs("EPSG:4326", aeqd, always_xy=True),
            Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True))


def point_to_area_km(point: Place, area: BaseGeometry) -> tuple[float, tuple[float, float]]:
    """Geodesic distance (km) from *point* to the nearest point of *area*, and that point (lat, lon).

    The outline is projected to an azimuthal equidistant projection centred on
    the point, where distances from the centre are true geodesic distances.
    """
    import shapely
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    forward, backward = _aeqd(point.lat, point.lon)
    projected = shapely.transform(area, forward.transform, interleaved=False)
    origin = Point(0, 0)
    if projected.contains(origin):
        return 0.0, (point.lat, point.lon)
    nearest = nearest_points(origin, projected.boundary)[1]
    lon, lat = backward.transform(nearest.x, nearest.y)
    _, _, metres = WGS84.inv(point.lon, point.lat, lon, lat)
    return metres / 1000.0, (lat, lon)


def check_claim(
    claim: Claim,
    places: Mapping[str, Place],
    outlines: Mapping[str, BaseGeometry] | None = None,
) -> CheckedClaim:
    """Compute the truth of *claim* and give a verdict.

    *outlines* maps the id of a country place to its outline; with it,
    distances to that country are measured to its nearest edge.
    """
    outlines = outlines or {}

    def unverifiable(reason: str, **extra: object) -> CheckedClaim:
        return CheckedClaim(claim, None, None, None, "unverifiable", reason, None, None, **extra)  # type: ignore[arg-type]

    if claim.subject is None or claim.reference is None:
        missing = "the place it is measured from" if claim.reference is None else "the place it is about"
        return unverifiable(f"{missing} is not named or not resolved")
    if claim.subject == claim.reference:
        return unverifiable("both ends are the same place")
    subject, reference = places.get(claim.subject), places.get(claim.reference)
    if subject is None or reference is None:
        return unverifiable("a place of the claim is not resolved")
    band = tolerance(claim)
    measured_to = "point"
    subject_area, reference_area = outlines.get(subject.id), outlines.get(reference.id)
    if subject_area is not None and reference_area is not None:
        return unverifiable("a distance between two countries has no single value")
    if reference_area is not None:
        km, (lat, lon) = point_to_area_km(subject, reference_area)
        azimuth = WGS84.inv(lon, lat, subject.lon, subject.lat)[0] % 360.0 if km > 0 else None
        measured_to = "outline"
        ends = ((round(lat, 5), round(lon, 5)), (subject.lat, subject.lon))
    elif subject_area is not None:
        km, (lat, lon) = point_to_area_km(reference, subject_area)
        azimuth = WGS84.inv(reference.lon, reference.lat, lon, lat)[0] % 360.0 if km > 0 else None
        measured_to = "outline"
        ends = ((reference.lat, reference.lon), (round(lat, 5), round(lon, 5)))
    else:
        line = geodesic(reference, subject)
        km, azimuth = line.distance_km, line.bearing_deg
        ends = ((reference.lat, reference.lon), (subject.lat, subject.lon))
    computed = round(km, 3)
    bearing = round(azimuth, 2) if azimuth is not None else None
    word = compass(bearing) if bearing is not None else None
    if band is None:
        where = "the nearest point of its outline" if measured_to == "outline" else "its reference point"
        target = reference.name + (f" ({where})" if reference_area is not None else "")
        return CheckedClaim(claim, computed, bearing, word, "unverifiable",
                            f"no distance stated; {subject.name} is {computed:,.1f} km from {target}",
                            None, None, measured_to=measured_to, ends=ends)
    if claim.not_geodesic:
        return CheckedClaim(claim, computed, bearing, word, "unverifiable", claim.not_geodesic + f"; the geodesic is {computed:,.1f} km",
                            band, None, measured_to=measured_to, ends=ends)

    parts: list[str] = []
    reasons: list[str] = []
    low, high = band
    off_by = None
    if km < low:
        off_by = round(km - low, 3)
        parts.append("distance")
        reasons.append(f"{computed:,.1f} km is {low - km:,.1f} km ({(low - km) / claim.stated_km:.0%}) short of the {low:,.1f}–{_fmt(high)} km the claim allows")
    elif km > high:
        off_by = round(km - high, 3)
        parts.append("distance")
        reasons.append(f"{computed:,.1f} km is {km - high:,.1f} km ({(km - high) / claim.stated_km:.0%}) beyond the {low:,.1f}–{_fmt(high)} km the claim allows")
    else:
        reasons.append(f"{computed:,.1f} km lies within {low:,.1f}–{_fmt(high)} km")
    margin = None
    if claim.direction:
        centre, margin = direction_sector(claim.direction)
        if bearing is None:
            reasons.append("no direction inside the area")
        else:
            off = _angle_off(bearing, centre)
            if off > margin:
                parts.append("direction")
                reasons.append(f"bearing {bearing:.0f}° ({word}) from {reference.name} is {off - margin:.0f}° outside {claim.direction} (±{margin:.1f}°)")
            else:
                reasons.append(f"bearing {bearing:.0f}° ({word}) from {reference.name} is {claim.direction} (±{margin:.1f}°)")
    verdict = "inconsistent" if parts else "consistent"
    if measured_to == "outline":
        reasons.append("measured to the nearest point of the country's outline")
    return CheckedClaim(claim, computed, bearing, word, verdict, "; ".join(reasons), band, margin, tuple(parts), off_by,
                        measured_to, ends)


def _fmt(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:,.1f}"
