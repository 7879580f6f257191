"""Geodesic distances and bearings on the WGS84 ellipsoid.

Model: the shortest path on the WGS84 ellipsoid between the places' reference
points (Karney's algorithm, as implemented by PROJ's ``geod``). A city or a
country is a point here, so a base 47 km from Kabul's centre may be 40 km from
its edge.
"""

from __future__ import annotations

from typing import Protocol

from pyproj import Geod

from .model import Distance

__all__ = ["WGS84", "geodesic", "geodesic_km", "compass", "COMPASS_POINTS"]

#: The WGS84 ellipsoid (a = 6378137 m, f = 1/298.257223563, NIMA TR8350.2).
WGS84 = Geod(ellps="WGS84")

COMPASS_POINTS = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)


class _Located(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


def compass(bearing_deg: float) -> str:
    """The 16-point compass word of a bearing: ``compass(190.4) == "S"``."""
    return COMPASS_POINTS[int(((bearing_deg % 360) + 11.25) // 22.5) % 16]


def geodesic(origin: _Located, target: _Located) -> Distance:
    """Distance and initial bearing from *origin* to *target*.

    >>> from geo.model import Place
    >>> bagram = Place("bagram", "Bagram", "airbase", 34.9461, 69.2650)
    >>> kabul = Place("kabul", "Kabul", "capital", 34.52813, 69.17233)
    >>> d = geodesic(bagram, kabul)
    >>> round(d.distance_km, 1), round(d.bearing_deg), d.compass
    (47.1, 190, 'S')
    """
    azimuth, _, metres = WGS84.inv(origin.lon, origin.lat, target.lon, target.lat)
    bearing = round(azimuth % 360.0, 6) % 360.0
    return Distance(
        origin=origin.id,
        target=target.id,
        distance_km=round(metres / 1000.0, 6),
        bearing_deg=bearing,
        compass=compass(bearing),
    )


def geodesic_km(origin: _Located, target: _Located) -> float:
    """Geodesic distance in kilometres."""
    return WGS84.inv(origin.lon, origin.lat, target.lon, target.lat)[2] / 1000.0
