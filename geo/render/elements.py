"""Our own folium elements, one per Leaflet object, each with a small JS macro.

folium's ``Popup`` and ``Tooltip`` put their HTML inside a JavaScript template
literal (and ``Popup`` needs jQuery), so a backtick or ``${`` in article text
would break out of it. These elements hand content to Leaflet as JSON strings
escaped for ``<script>``, and need nothing but Leaflet itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import branca.element
from branca.element import Element, MacroElement
from jinja2 import Template

from .templating import render, script_json

__all__ = ["HtmlPopup", "HtmlTooltip", "MapControl", "InlineHead", "RawHtml", "StoryScript", "verbatim_macros"]


class HtmlPopup(MacroElement):
    """``L.popup`` with trusted HTML (already escaped by our templates)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.popup({{ this.options }}).setContent({{ this.content }});\n"
        "{{ this._parent.get_name() }}.bindPopup({{ this.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, html: str, max_width: int = 420) -> None:
        super().__init__()
        self._name = "HtmlPopup"
        self.content = script_json(html)
        self.options = script_json({"maxWidth": max_width, "minWidth": 240, "autoPanPadding": [20, 20]})


class HtmlTooltip(MacroElement):
    """``L.tooltip`` with trusted HTML."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "{{ this._parent.get_name() }}.bindTooltip({{ this.content }}, {{ this.options }});\n"
        "{% endmacro %}"
    )

    def __init__(self, html: str, permanent: bool = False, class_name: str = "", direction: str = "auto") -> None:
        super().__init__()
        self._name = "HtmlTooltip"
        self.content = script_json(html)
        options: dict[str, object] = {"permanent": permanent, "direction": direction, "sticky": False}
        if class_name:
            options["className"] = class_name
        self.options = script_json(options)


class MapControl(MacroElement):
    """A static HTML box as a Leaflet control (title, legend)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "(function () {\n"
        "  var control = L.control({position: {{ this.position }}});\n"
        "  control.onAdd = function () {\n"
        "    var box = L.DomUtil.create('div', '');\n"
        "    box.innerHTML = {{ this.content }};\n"
        "    L.DomEvent.disableClickPropagation(box);\n"
        "    L.DomEvent.disableScrollPropagation(box);\n"
        "    return box.firstElementChild || box;\n"
        "  };\n"
        "  control.addTo({{ this._parent.get_name() }});\n"
        "})();\n"
        "{% endmacro %}"
    )

    def __init__(self, html: str, position: str = "topleft") -> None:
        super().__init__()
        self._name = "MapControl"
        self.content = script_json(html)
        self.position = script_json(position)


class StoryScript(MacroElement):
    """The page's own behaviour: the initial view, ``#place=`` links, the two-way
    links between panel and map, the timeline, keyboard access to markers.

    Layer names are read when the page is rendered, after ids are final.
    """

    _template = Template("{% macro script(this, kwargs) %}\n{{ this.code() }}\n{% endmacro %}")

    def __init__(
        self,
        layers: list[tuple[str, Element, Element]],
        bounds: list[list[float]] | None,
        labels: list[tuple[Element, list[float], list[float]]],
        **data: object,
    ) -> None:
        super().__init__()
        self._name = "StoryScript"
        self.layers = layers
        self.bounds = bounds
        self.labels = labels
        self.data = data

    def code(self) -> str:
        names = [(place_id, layer.get_name(), group.get_name()) for place_id, layer, group in self.layers]
        labels = [(label.get_name(), a, b) for label, a, b in self.labels]
        return render(
            "story.js", map=self._parent.get_name(), layers=names, bounds=self.bounds, labels=labels, **self.data
        )


class RawHtml(Element):
    """HTML placed in the page as it is.

    branca's ``Element(html)`` compiles its argument as a Jinja template, so
    "{{ 7*7 }}" or "{% raw %}" in an article would be evaluated; here the
    HTML, already escaped by our own templates, is only printed.
    """

    _template = Template("{{ this.html }}")

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.html = html


class _Verbatim(RawHtml):
    """Stands in for branca's ``Element`` while a page renders (see :func:`verbatim_macros`)."""

    def __init__(self, template: str | None = None, template_name: str | None = None) -> None:
        super().__init__(template or "")


@contextmanager
def verbatim_macros() -> Iterator[None]:
    """Render folium's elements without evaluating their output a second time.

    branca's ``MacroElement.render`` wraps each macro's output in
    ``Element(output)``, which compiles that output as a Jinja template: any
    "{{ ... }}" or "{% ... %}" that article text put in a popup, a tooltip or
    a layer name would be evaluated as code at build time. While this context
    is active, those wrappers print their output as it is.
    """
    with mock.patch.object(branca.element, "Element", _Verbatim):
        yield


def InlineHead(css: str, js: str) -> Element:  # noqa: N802 - reads like a class at call sites
    """A ``<head>`` fragment with inlined CSS and JS."""
    safe_js = js.replace("</script", "<\\/script")
    safe_css = css.replace("</style", "<\\/style")
    return RawHtml(f"<style>{safe_css}</style>\n<script>{safe_js}</script>\n")
