"""The offline basemap as one Leaflet layer: Natural Earth's countries for the world and, around
the story, the detail of :mod:`geo.measure.basemap`, drawn on canvas by ``basemap.js``."""

from __future__ import annotations

from typing import Any

from folium.map import Layer
from jinja2 import Template

from ..measure.basemap import BasemapDetail, encode
from .templating import render

__all__ = ["OfflineBasemap", "NAME"]

#: The basemap's name in the layer control.
NAME = "Offline basemap (Natural Earth, US Census)"


def _world(polygons: dict[str, Any]) -> list[tuple[tuple[int, ...], ...]]:
    """Every part of every country outline, as :func:`~geo.measure.basemap.encode`\\ d rings."""
    import shapely

    parts = []
    for _, geometry in sorted(polygons.items()):
        parts.extend(encode(part) for part in shapely.get_parts(geometry))
    return parts


class OfflineBasemap(Layer):
    """The basemap layer (a base layer in the layer control, beside online tiles when asked for)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\nvar {{ this.get_name() }} = {{ this.code() }};\n{% endmacro %}"
    )

    def __init__(self, polygons: dict[str, Any], detail: BasemapDetail) -> None:
        super().__init__(name=NAME, overlay=False, control=True, show=True)
        self._name = "OfflineBasemap"
        self.world = _world(polygons)
        self.detail = {
            "box": list(detail.box) if detail.box else None,
            "layers": detail.layers,
            "labels": [[x.kind, x.name, x.lat, x.lon, x.country, x.population] for x in detail.labels],
        }

    def code(self) -> str:
        return render("basemap.js", map=self._parent.get_name(), world=self.world, detail=self.detail).strip()
