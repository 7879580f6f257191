"""The shapes that draw a claim as evidence: the band of distances it allows (a ring around a
point, or a strip along a border or a coast) and the wedge of its stated direction. Rings
and wedges are traced along geodesics (WGS84); strips are buffers in an azimuthal equidistant
projection centred near the claim, true to distance there."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry import box as make_box

from .distance import WGS84, aeqd

__all__ = ["ring", "wedge", "strip", "STEPS"]

#: Points along a full circle.
STEPS = 96


def _circle(lat: float, lon: float, km: float, steps: int = STEPS) -> list[tuple[float, float]]:
    azimuths = np.linspace(0.0, 360.0, steps, endpoint=False)
    lons, lats, _ = WGS84.fwd(np.full(steps, lon), np.full(steps, lat), azimuths, np.full(steps, km * 1000.0))
    return [(float(x), float(y)) for x, y in zip(lons, lats)]


def ring(lat: float, lon: float, low_km: float, high_km: float) -> Polygon:
    """The places between *low_km* and *high_km* of a point (a disc when *low_km* is 0), as lon/lat."""
    outer = _circle(lat, lon, high_km)
    inner = _circle(lat, lon, low_km)[::-1] if low_km > 0 else None
    return Polygon(outer, [inner] if inner else None)


def wedge(lat: float, lon: float, centre_deg: float, half_deg: float, radius_km: float) -> Polygon:
    """The sector of bearings ``centre ± half`` from a point, out to *radius_km*, as lon/lat."""
    azimuths = np.linspace(centre_deg - half_deg, centre_deg + half_deg, 25)
    lons, lats, _ = WGS84.fwd(np.full(25, lon), np.full(25, lat), azimuths, np.full(25, radius_km * 1000.0))
    return Polygon([(lon, lat), *zip(lons.tolist(), lats.tolist())])


def strip(lines: Any, low_km: float, high_km: float, lat: float, lon: float) -> Any:
    """The places between *low_km* and *high_km* of *lines* (a border, a coast), within
    ``2 × high_km`` of the point (lat, lon) the claim is about, as lon/lat."""
    reach = 2.0 * high_km
    degrees = reach / 100.0 + 0.5
    near = shapely.intersection(lines, make_box(lon - degrees * 2, lat - degrees, lon + degrees * 2, lat + degrees))
    if near.is_empty:
        return Polygon()
    forward, backward = aeqd(lat, lon)
    projected = shapely.transform(near, forward.transform, interleaved=False)
    band = shapely.buffer(projected, high_km * 1000.0)
    if low_km > 0:
        band = shapely.difference(band, shapely.buffer(projected, low_km * 1000.0))
    band = shapely.intersection(band, Point(0, 0).buffer(reach * 1000.0, quad_segs=24))
    band = shapely.simplify(band, max(50.0, high_km * 5.0))
    return shapely.transform(band, backward.transform, interleaved=False)
