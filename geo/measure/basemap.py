"""The offline basemap's detail around a story: land and coastlines, borders, state and province
lines, lakes, rivers, US counties, and the names of countries, capitals, states and counties.

The data is an extract shipped in ``basemap/`` beside this module (Natural Earth 1:10m and
1:50m, US Census counties, GeoNames names; ``scripts/basemap_extract.py`` rebuilds it and names
the packages it comes from). Only what falls in the story's box is kept, simplified for the
box's size, so a page holds the detail it needs and no more.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import shapely
from shapely.geometry import box as make_box
from shapely.geometry import shape

from ..errors import GeoError

__all__ = ["LINE_LAYERS", "BasemapLabel", "BasemapDetail", "detail_box", "basemap_detail", "land_within", "encode"]

#: The line and area layers, in drawing order; "coast" is the outline of "land", as lines.
LINE_LAYERS = ("land", "coast", "lakes", "rivers", "counties", "divisions", "borders")
#: The widest first view (degrees, either side) each layer is drawn for: counties are for a
#: regional story; a story that spans continents is drawn on the world basemap alone.
MAX_SPAN = {"counties": 20.0, "land": 60.0, "coast": 60.0, "lakes": 60.0, "rivers": 60.0, "divisions": 60.0, "borders": 60.0}
#: The finest simplification kept (degrees), for a box a county-level story fits in.
FINEST = 0.005
#: A box this many degrees wide gets a simplification of one degree per this many.
STEPS_PER_BOX = 1500.0
#: The box of detail reaches this share of the first view's size beyond each of its sides.
MARGIN = 1.25
#: The most points of line and area the detail holds (about 10 bytes each in the page).
POINT_BUDGET = 40_000
#: The widest margin, in degrees.
MAX_MARGIN = 10.0
#: The smallest box of detail, in degrees: a story in one town still shows its neighbours.
MIN_SPAN = 4.0


@dataclass(frozen=True, slots=True)
class BasemapLabel:
    """A name drawn on the basemap: a country, a capital, a state or province, a county."""

    kind: str
    name: str
    lat: float
    lon: float
    country: str
    population: int
    within: str  # the state a county is in


@dataclass(frozen=True, slots=True)
class BasemapDetail:
    """The detail of one box: the geometries of each layer, and the names to draw."""

    #: South, west, north, east; None when the view is too wide for detail (the world basemap
    #: alone, and the names).
    box: tuple[float, float, float, float] | None
    layers: dict[str, tuple[tuple[tuple[int, ...], ...], ...]]  # by layer: each geometry :func:`encode`d
    labels: tuple[BasemapLabel, ...]
    #: How much the box's lines were simplified, in degrees (for what is drawn over them).
    tolerance: float = FINEST


def detail_box(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """The box of detail around a first view ``[[south, west], [north, east]]``: the view made
    square on the ground, and a margin (:data:`MARGIN` of its size, at most :data:`MAX_MARGIN`
    degrees), at least :data:`MIN_SPAN` degrees on a side."""
    (south, west), (north, east) = bounds
    # Square on the ground, so a tall phone screen and a wide desktop one both stay inside.
    stretch = max(math.cos(math.radians((south + north) / 2)), 0.2)
    lat_span = max(north - south, (east - west) * stretch)
    lon_span = max(east - west, (north - south) / stretch)

    def pad(view: float, square: float) -> float:
        return (square - view) / 2 + max(min(square * MARGIN, MAX_MARGIN), (MIN_SPAN - square) / 2)

    lat_pad, lon_pad = pad(north - south, lat_span), pad(east - west, lon_span)
    return (
        max(-85.0, south - lat_pad), max(-180.0, west - lon_pad),
        min(85.0, north + lat_pad), min(180.0, east + lon_pad),
    )


def read_extract(name: str) -> Any:
    """The data of one file of the extract (see ``basemap/SOURCES.md``)."""
    path = resources.files("geo") / "measure" / "basemap" / f"{name}.json.gz"
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw) as packed:
            return json.loads(packed.read().decode("utf-8"))
    except (OSError, ValueError) as err:
        raise GeoError(f"cannot read the basemap extract {name}.json.gz: {err}") from err


@lru_cache(maxsize=len(LINE_LAYERS))
def _layer(name: str) -> tuple[Any, shapely.STRtree]:
    if name == "coast":
        geometries = shapely.boundary(_layer("land")[0])
    else:
        geometries = shapely.make_valid([shape(g) for g in read_extract(name)])
    return geometries, shapely.STRtree(geometries)


@lru_cache(maxsize=1)
def _labels() -> tuple[BasemapLabel, ...]:
    return tuple(BasemapLabel(*row) for row in read_extract("labels"))


def _clipped(name: str, area: Any, tolerance: float) -> list[Any]:
    """The geometries of layer *name* inside *area*, simplified by *tolerance*, in file order;
    a piece smaller than the tolerance is left out."""
    geometries, tree = _layer(name)
    kept = []
    for index in sorted(tree.query(area)):
        part = shapely.intersection(geometries[index], area)
        if tolerance > FINEST:
            part = shapely.simplify(part, tolerance)
        for piece in shapely.get_parts(part):  # a line cut by the box may leave a point
            dimension = shapely.get_dimensions(piece)
            size = shapely.length(piece) if dimension == 1 else shapely.area(piece) ** 0.5
            if dimension >= 1 and size > tolerance:
                kept.append(shapely.set_precision(piece, 0.001, mode="pointwise"))
    return kept


def _deltas(coords: Any) -> tuple[int, ...]:
    """``(lon, lat)`` pairs as thousandths of a degree, each after the first as the step from
    the one before: ``(x0, y0, dx1, dy1, ...)``."""
    flat: list[int] = []
    last_x = last_y = 0
    for x, y in coords:
        ix, iy = round(x * 1000), round(y * 1000)
        flat += [ix - last_x, iy - last_y]
        last_x, last_y = ix, iy
    return tuple(flat)


def encode(geometry: Any) -> tuple[tuple[int, ...], ...]:
    """A line as its one part, a polygon as its rings (the shell first), each a :func:`_deltas`
    array: a compact form the page decodes (``decodeBasemap`` in ``basemap.js``).

    >>> from shapely.geometry import LineString
    >>> encode(LineString([(10.0, 20.0), (10.5, 19.998)]))
    ((10000, 20000, 500, -2),)
    """
    if geometry.geom_type == "Polygon":
        return tuple(_deltas(ring.coords) for ring in (geometry.exterior, *geometry.interiors))
    return (_deltas(geometry.coords),)


def _within_budget(names: list[str], area: Any, tolerance: float) -> dict[str, list[Any]]:
    """The layers *names* inside *area*, simplified more (up to 16 times) until they hold at
    most :data:`POINT_BUDGET` points, so a page stays small whatever the story's extent."""
    for _ in range(5):
        layers = {name: _clipped(name, area, tolerance) for name in names}
        points = sum(int(shapely.get_num_coordinates(g)) for parts in layers.values() for g in parts)
        if points <= POINT_BUDGET:
            break
        tolerance *= 2
    return layers


def coastline_in(area_box: tuple[float, float, float, float]) -> Any | None:
    """The coastline (the outline of Natural Earth 1:10m land, lake shores aside) inside
    *area_box* (south, west, north, east), as one geometry; None where there is none."""
    south, west, north, east = area_box
    area = make_box(west, south, east, north)
    geometries, tree = _layer("coast")
    parts = [shapely.intersection(geometries[i], area) for i in sorted(tree.query(area))]
    coast = shapely.union_all(parts) if parts else None
    return None if coast is None or coast.is_empty else coast


def land_part_at(lat: float, lon: float) -> Any | None:
    """The part of Natural Earth 1:10m land (an island, a continent's landmass) holding a point."""
    from shapely.geometry import Point

    point = Point(lon, lat)
    geometries, tree = _layer("land")
    for index in sorted(tree.query(point)):
        for part in shapely.get_parts(geometries[index]):
            if part.contains(point):
                return part
    return None


def land_within(area_box: tuple[float, float, float, float]) -> Any:
    """The dry land (Natural Earth 1:10m land less its lakes) inside *area_box* (south, west,
    north, east), as one geometry."""
    south, west, north, east = area_box
    area = make_box(west, south, east, north)

    def parts(name: str) -> Any:
        geometries, tree = _layer(name)
        return shapely.union_all([shapely.intersection(geometries[i], area) for i in sorted(tree.query(area))])

    return shapely.difference(parts("land"), parts("lakes"))


def basemap_detail(view: list[list[float]]) -> BasemapDetail:
    """The detail around the first view *view* ``[[south, west], [north, east]]``: the layers its
    size calls for, inside :func:`detail_box`, simplified for the box's size."""
    (view_south, view_west), (view_north, view_east) = view
    view_span = max(view_north - view_south, view_east - view_west)
    south, west, north, east = area_box = detail_box(view)
    area = make_box(west, south, east, north)
    tolerance = max(FINEST, max(north - south, east - west) / STEPS_PER_BOX)
    drawn = _within_budget([name for name in LINE_LAYERS if view_span <= MAX_SPAN[name]], area, tolerance)
    layers = {name: tuple(encode(g) for g in drawn.get(name, ())) for name in LINE_LAYERS}
    labels = tuple(
        label for label in _labels()
        if label.kind in ("country", "capital")
        or (south <= label.lat <= north and west <= label.lon <= east and (label.kind != "county" or layers["counties"]))
    )
    return BasemapDetail(area_box if view_span <= MAX_SPAN["land"] else None, layers, labels, tolerance)
