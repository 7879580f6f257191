"""Build the story map as a folium object (nothing is written here): the page
with Leaflet inlined, the offline basemap, the layers of
:mod:`geo.render.layers` in their drawing order, the story panel, the legend,
and the page's own script."""

from __future__ import annotations

from collections import Counter

import folium
from branca.element import Element

from ..ingest.config import Config
from ..measure.extent import core_bounds
from ..measure.outlines import country_names, country_polygons, iso2_to_iso3, outline_in_box
from ..model import Story
from ..measure.basemap import LINE_LAYERS, BasemapDetail, basemap_detail, land_within
from .assets import leaflet_css, leaflet_js
from .basemap import OfflineBasemap
from .evidence import band_of
from .elements import InlineHead, MapControl, RawHtml, StoryScript, verbatim_macros
from .excerpts import excerpts_by_place
from .layers import (
    LABEL_KINDS, DistanceLabel, PlaceLayers, claim_layer, distance_layer, place_layers,
)
from .names import display_names
from .panel import build_panel
from .styles import KIND_STYLES, VERDICT_COLORS, kind_label
from .templating import environment, escape, render

__all__ = ["build_map", "map_html"]


def build_map(story: Story, config: Config) -> folium.Map:
    """The folium map of *story*: basemap, countries, places, distances, claims, articles."""
    polygons = country_polygons()
    excerpts = excerpts_by_place(story)
    names = display_names(story.places, country_names())
    to_iso3 = iso2_to_iso3()
    areas = {to_iso3.get(p.country, "") for p in story.places if p.kind == "country"} & polygons.keys()
    view = _first_view(story, {p.id for p in story.places if p.kind != "country" or to_iso3.get(p.country) not in areas})
    detail = basemap_detail(view) if view else BasemapDetail(None, {}, ())
    land = land_within(detail.box) if detail.box and areas else None
    named = {code: outline_in_box(code, polygons[code], detail.box, detail.tolerance, land) for code in sorted(areas)}
    places = place_layers(story, excerpts, named, to_iso3, names)
    m = _base_map(story.title, OfflineBasemap(polygons, detail), config.story.online_tiles)
    distances, labels = distance_layer(story)
    # Drawing order: areas, then lines, then markers on top, so every marker
    # stays clickable where a line starts at it.
    for layer in (places.countries, distances, claim_layer(story, names), places.markers):
        if layer is not None:
            layer.add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _add_panel(m, story, config.story.description, names)
    _add_legend(m, story, places, detail)
    _add_story_script(m, story, places, labels, names, view)
    return m


def _base_map(title: str, basemap: OfflineBasemap, online_tiles: bool) -> folium.Map:
    """A map with Leaflet inlined (the page must open with no network), the
    offline basemap and, when asked for, OpenStreetMap's tiles as a second one."""
    m = folium.Map(location=None, tiles=None, control_scale=True, zoom_start=3, world_copy_jump=True)
    m.default_js = []
    m.default_css = []
    env = environment()
    css = leaflet_css() + "\n" + env.loader.get_source(env, "map.css")[0]
    m.get_root().header.add_child(InlineHead(css, leaflet_js()), name="inline_assets")
    m.get_root().title = escape(title)
    basemap.add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False).add_to(m)
    return m


def _add_panel(m: folium.Map, story: Story, description: str, names: dict[str, str]) -> None:
    """The story panel beside the map, first in the page's body."""
    panel = build_panel(story, description, {k: kind_label(k) for k in KIND_STYLES})
    m.get_root().html.add_child(RawHtml(render("panel.html", panel=panel, names=names)), name="story_panel", index=0)


#: What the basemap's lines are called in the legend.
BASEMAP_LINES = {
    "coast": "Coast, lake shore", "borders": "Border between countries", "divisions": "State or province line",
    "counties": "County line (zoom in)", "rivers": "River (zoom in)",
}


def _add_legend(m: folium.Map, story: Story, places: PlaceLayers, detail: BasemapDetail) -> None:
    """The legend, of only the kinds of marker, areas, lines and verdicts the map shows, and
    the lines of the basemap's detail."""
    html = render(
        "legend.html",
        kinds=[(k, s) for k, s in KIND_STYLES.items() if k in places.kinds],
        countries=places.has_areas,
        distances=bool(story.pairs),
        verdicts=sorted({c.verdict for c in story.claims if c.ends is not None}),
        directions=any(c.claim.direction for c in story.claims if c.ends is not None),
        verdict_colors=VERDICT_COLORS,
        label_kinds=LABEL_KINDS,
        basemap=[(name, BASEMAP_LINES[name]) for name in LINE_LAYERS if name in BASEMAP_LINES and detail.layers.get(name)],
    )
    MapControl(html, position="bottomright").add_to(m)


def _bounds(points: list[tuple[float, float]]) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` around *points* (None when there are none)."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


#: Places too wide for their point to say where a story happens: a sea, a continent, a
#: macro-region ("Kalimantan ... on alert" does not pull a Java story's first view north).
WIDE_KINDS = frozenset({"continent", "macroregion", "water"})


def _first_view(story: Story, markers: set[str]) -> list[list[float]] | None:
    """The box of the first view (and of ``index.png``): the places drawn as *markers* nearest
    the story's middle that hold most of its mentions, so that one far place does not zoom a
    local story out to an ocean (see :func:`~geo.measure.extent.core_bounds`); wide areas
    (:data:`WIDE_KINDS`) are drawn but do not set it."""
    mentions = Counter(m.place_id for m in story.mentions if m.place_id)
    weighted = [(p.lat, p.lon, float(mentions.get(p.id, 0))) for p in story.places
                if p.id in markers and p.kind not in WIDE_KINDS]
    return core_bounds(weighted)


def _claim_bounds(story: Story) -> list[list[list[float]]]:
    """The box of each claim drawn on the map: its measured line and its band."""
    places = {p.id: p for p in story.places}
    boxes = []
    for checked in (c for c in story.claims if c.ends is not None):
        (lat1, lon1), (lat2, lon2) = checked.ends
        south, west, north, east = min(lat1, lat2), min(lon1, lon2), max(lat1, lat2), max(lon1, lon2)
        band = band_of(checked, places)
        if band is not None:
            w, s, e, n = band.bounds
            south, west, north, east = min(south, s), min(west, w), max(north, n), max(east, e)
        boxes.append([[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]])
    return boxes


#: The most places named on the map at once (the others are named on hover).
MAX_LABELLED = 25


def _labelled(story: Story, places: PlaceLayers, counts: Counter[str]) -> list[str]:
    """The story's places named beside their marker, most important first: the focus, then the
    most named, then the largest (at most :data:`MAX_LABELLED`). The page shows each name where
    it has room, in this order; the others show theirs on hover."""
    population = {p.id: p.population for p in story.places}
    markers = [place_id for place_id, _, group in places.layers if group is places.markers]
    ranked = sorted(markers, key=lambda i: (i != story.focus, -counts.get(i, 0), -population.get(i, 0), i))
    return ranked[:MAX_LABELLED]


def _place_articles(story: Story) -> dict[str, list[str]]:
    """The slugs of the articles that name each place, in the order of the mentions."""
    slugs = {a.name: a.slug for a in story.articles}
    place_articles: dict[str, list[str]] = {}
    for mention in story.mentions:
        if mention.place_id:
            seen = place_articles.setdefault(mention.place_id, [])
            if slugs[mention.article] not in seen:
                seen.append(slugs[mention.article])
    return place_articles


def _add_story_script(
    m: folium.Map, story: Story, places: PlaceLayers, labels: list[DistanceLabel], names: dict[str, str],
    view: list[list[float]] | None,
) -> None:
    """The page's behaviour (see :class:`~geo.render.elements.StoryScript`): the
    first view fits the markers; the timeline needs each article's date."""
    counts = Counter(m.place_id for m in story.mentions if m.place_id)
    StoryScript(
        places.layers,
        view,
        labels,
        all_bounds=_bounds(places.points),
        place_articles=_place_articles(story),
        article_dates={a.slug: a.date.isoformat() if a.date else "" for a in story.articles},
        names=names,
        mention_counts=dict(sorted(counts.items())),
        claim_bounds=_claim_bounds(story),
        labelled=_labelled(story, places, counts),
    ).add_to(m)


def map_html(m: folium.Map) -> str:
    """Render *m* to HTML with stable element ids, so builds are byte-identical."""
    counter = 0

    def walk(element: Element) -> None:
        nonlocal counter
        element._id = f"{counter:05d}"
        counter += 1
        for child in element._children.values():
            walk(child)

    root = m.get_root()
    walk(root)
    with verbatim_macros():
        html = root.render()
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"
