"""Great-circle lines for maps: densified geodesics split at the antimeridian.

A straight segment in Web Mercator between two far-apart points is not the
shortest path; these lines follow the WGS84 geodesic, with a vertex every
*step_km*, and are cut into parts where they cross the 180th meridian so that
no part runs across the whole map.
"""

from __future__ import annotations

import math

from .distance import WGS84

__all__ = ["great_circle", "midpoint", "STEP_KM"]

STEP_KM = 50.0


def great_circle(
    lat1: float, lon1: float, lat2: float, lon2: float, step_km: float = STEP_KM, precision: int = 5
) -> list[list[tuple[float, float]]]:
    """The geodesic from point 1 to point 2 as parts of ``(lon, lat)`` vertices.

    >>> parts = great_circle(35.68, 139.69, 37.77, -122.42)  # Tokyo to San Francisco
    >>> len(parts), parts[0][-1][0], parts[1][0][0]
    (2, 180.0, -180.0)
    """
    length_km = WGS84.inv(lon1, lat1, lon2, lat2)[2] / 1000.0
    count = max(0, math.ceil(length_km / step_km) - 1)
    inner = WGS84.npts(lon1, lat1, lon2, lat2, count) if count else []
    points = [(lon1, lat1), *inner, (lon2, lat2)]
    parts: list[list[tuple[float, float]]] = [[]]
    for index, (lon, lat) in enumerate(points):
        if index:
            prev_lon, prev_lat = points[index - 1]
            if abs(lon - prev_lon) > 180.0:
                # Crossing the antimeridian: end this part on it, start the next there.
                edge = 180.0 if prev_lon > 0 else -180.0
                shifted = lon + 360.0 if prev_lon > 0 else lon - 360.0
                t = (edge - prev_lon) / (shifted - prev_lon)
                lat_edge = prev_lat + t * (lat - prev_lat)
                parts[-1].append((edge, round(lat_edge, precision)))
                parts.append([(-edge, round(lat_edge, precision))])
        parts[-1].append((round(lon, precision), round(lat, precision)))
    return parts


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """The point halfway along the geodesic, as ``(lat, lon)``."""
    azimuth, _, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = WGS84.fwd(lon1, lat1, azimuth, metres / 2.0)
    return round(lat, 5), round(((lon + 180.0) % 360.0) - 180.0, 5)
