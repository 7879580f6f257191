"""Marker, line and basemap styles shared by the story and archive layouts (no folium)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely

from ..model import Verdict

__all__ = [
    "KindStyle", "KIND_STYLES", "COUNTRY_STYLE", "BASEMAP_STYLE", "DISTANCE_STYLE", "VERDICT_COLORS",
    "kind_label", "feature",
]


@dataclass(frozen=True, slots=True)
class KindStyle:
    label: str
    color: str
    radius: int


KIND_STYLES: dict[str, KindStyle] = {
    "airbase": KindStyle("Air base", "#c1121f", 9),
    "airport": KindStyle("Airport", "#f77f00", 7),
    "test-site": KindStyle("Test site", "#7b2cbf", 8),
    "capital": KindStyle("Capital city", "#1d3557", 8),
    "city": KindStyle("City", "#457b9d", 6),
    "town": KindStyle("Town", "#6c9ab8", 5),
    "region": KindStyle("Region", "#2a9d8f", 7),
    "district": KindStyle("County or district", "#6a994e", 6),
    "continent": KindStyle("Continent", "#264653", 7),
    "macroregion": KindStyle("Macro-region", "#3d5a80", 7),
    "facility": KindStyle("Facility", "#9c6644", 6),
    "landmark": KindStyle("Landmark", "#588157", 6),
    "water": KindStyle("Water", "#0096c7", 6),
    "country": KindStyle("Country (no outline)", "#e9c46a", 7),
    "other": KindStyle("Other place", "#6c757d", 5),
}
COUNTRY_STYLE = {"color": "#b08900", "weight": 1.2, "fillColor": "#e9c46a", "fillOpacity": 0.45}
BASEMAP_STYLE = {"color": "#a3a3a3", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1.0}
DISTANCE_STYLE = {"color": "#6a4c93", "weight": 2.5, "dash_array": "6 6", "opacity": 0.9}
#: The colour of a claim's line by verdict (map.css and article.html use the same).
VERDICT_COLORS = {Verdict.CONSISTENT: "#2a9d8f", Verdict.INCONSISTENT: "#d62828", Verdict.UNVERIFIABLE: "#6c757d"}


def kind_label(kind: str) -> str:
    """What a place of *kind* is called in popups and the panel (a country is "Country" there,
    whether or not its outline is drawn)."""
    return "Country" if kind == "country" else KIND_STYLES.get(kind, KIND_STYLES["other"]).label


def _round(value: Any, digits: int = 3) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list | tuple):
        return [_round(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _round(v, digits) for k, v in value.items()}
    return value


def feature(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": _round(shapely.geometry.mapping(geometry))}
