"""Build the story map as a folium object (nothing is written here)."""

from __future__ import annotations

from collections import Counter

import folium
from branca.element import Element

from ..ingest.config import Config
from ..measure.distance import distance_label
from ..measure.lines import great_circle, midpoint
from ..measure.outlines import country_polygons, iso2_to_iso3
from ..model import Distance, Place, Story
from .assets import leaflet_css, leaflet_js
from .elements import HtmlPopup, HtmlTooltip, InlineHead, MapControl, RawHtml, StoryScript, verbatim_macros
from .excerpts import ArticleExcerpts, excerpts_by_place, paragraph_anchor
from .panel import build_panel
from .styles import BASEMAP_STYLE, COUNTRY_STYLE, DISTANCE_STYLE, KIND_STYLES
from .styles import feature as _feature
from .templating import environment, escape, render

__all__ = ["KIND_STYLES", "build_map", "map_html"]


def _popup_html(place: Place, story: Story, groups: tuple[ArticleExcerpts, ...], focus: Place | None, prefix: str = "") -> str:
    focus_distance = None
    if focus is not None and focus.id != place.id:
        focus_distance = next((d for d in story.distances if d.origin == focus.id and d.target == place.id), None)
    style = KIND_STYLES.get(place.kind, KIND_STYLES["other"])
    return render(
        "popup.html",
        place=place,
        kind_label="Country" if place.kind == "country" else style.label,
        groups=groups,
        mention_count=sum(len(g.excerpts) for g in groups),
        focus_distance=focus_distance,
        focus_name=focus.name if focus else "",
        prefix=prefix,
    )


def build_map(story: Story, config: Config) -> folium.Map:
    """The folium map of *story*: basemap, countries, places, distances, articles."""
    m = folium.Map(location=None, tiles=None, control_scale=True, zoom_start=3, world_copy_jump=True)
    m.default_js = []
    m.default_css = []
    css = leaflet_css() + "\n" + environment().loader.get_source(environment(), "map.css")[0]
    m.get_root().header.add_child(InlineHead(css, leaflet_js()), name="inline_assets")

    polygons = country_polygons()
    to_iso3 = iso2_to_iso3()
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [_feature(g, {}) for _, g in sorted(polygons.items())]},
        name="Natural Earth countries (offline)",
        overlay=False,
        control=True,
        style_function=lambda _: BASEMAP_STYLE,
        interactive=False,
        smooth_factor=1.0,
    ).add_to(m)
    if config.story.online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False).add_to(m)

    excerpts = excerpts_by_place(story)
    focus = next((p for p in story.places if p.id == story.focus), None)
    countries = folium.FeatureGroup(name="Countries", show=True)
    places = folium.FeatureGroup(name="Places", show=True)
    layers: list[tuple[str, Element, Element]] = []
    points: list[tuple[float, float]] = []
    kinds_used: set[str] = set()
    has_country_areas = False
    # The focus place is drawn last, so it is on top of its neighbours.
    for place in sorted(story.places, key=lambda p: p.id == story.focus):
        groups = excerpts.get(place.id, ())
        popup = _popup_html(place, story, groups, focus)
        geometry = polygons.get(to_iso3.get(place.country, "")) if place.kind == "country" else None
        group = countries if geometry is not None else places
        if geometry is not None:
            layer = folium.GeoJson(
                {"type": "FeatureCollection", "features": [_feature(geometry, {"id": place.id})]},
                name=place.name,
                style_function=lambda _, pid=place.id: {**COUNTRY_STYLE, "className": f"gs-place gs-place-{pid}"},
                highlight_function=lambda _: {"fillOpacity": 0.7, "weight": 2},
                control=False,
            )
            has_country_areas = True
            layer.add_to(countries)
        else:
            style = KIND_STYLES.get(place.kind, KIND_STYLES["other"])
            kinds_used.add(place.kind)
            is_focus = place.id == story.focus
            layer = folium.CircleMarker(
                location=(place.lat, place.lon),
                radius=style.radius + (3 if is_focus else 0),
                color="#111" if is_focus else "#ffffff",
                weight=3 if is_focus else 1.5,
                fill=True,
                fill_color=style.color,
                fill_opacity=0.95,
                class_name=f"gs-place gs-place-{place.id}",
            )
            layer.add_to(places)
            points.append((place.lat, place.lon))
        HtmlPopup(popup).add_to(layer)
        HtmlTooltip(escape(place.name)).add_to(layer)
        layers.append((place.id, layer, group))
    # Drawing order: areas, then lines, then markers on top, so every marker
    # stays clickable where a line starts at it.
    countries.add_to(m)
    labels = _add_distances(m, story)
    _add_claims(m, story)
    places.add_to(m)
    _add_article_layers(m, story, excerpts)

    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    kind_labels = {k: ("Country" if k == "country" else v.label) for k, v in KIND_STYLES.items()}
    panel = build_panel(story, config.story.description, kind_labels)
    names = {p.id: p.name for p in story.places}
    m.get_root().html.add_child(RawHtml(render("panel.html", panel=panel, names=names)), name="story_panel", index=0)
    m.get_root().title = escape(story.title)
    MapControl(
        render(
            "legend.html",
            kinds=[(k, s) for k, s in KIND_STYLES.items() if k in kinds_used],
            countries=has_country_areas,
            distances=bool(story.pairs),
            verdicts=sorted({c.verdict for c in story.claims if c.ends is not None}),
            verdict_colors=VERDICT_COLORS,
        ),
        position="bottomright",
    ).add_to(m)
    bounds = None
    if points:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    place_articles: dict[str, list[str]] = {}
    slugs = {a.name: a.slug for a in story.articles}
    for mention in story.mentions:
        if mention.place_id:
            place_articles.setdefault(mention.place_id, [])
            if slugs[mention.article] not in place_articles[mention.place_id]:
                place_articles[mention.place_id].append(slugs[mention.article])
    StoryScript(
        layers,
        bounds,
        labels,
        place_articles=place_articles,
        article_dates={a.slug: a.date.isoformat() if a.date else "" for a in story.articles},
        names=names,
    ).add_to(m)
    return m


def _distance_label(distance: Distance, story: Story) -> str:
    names = {p.id: p.name for p in story.places}
    return distance_label(names[distance.origin], names[distance.target], distance)


def _add_distances(m: folium.Map, story: Story) -> list[tuple[Element, list[float], list[float]]]:
    """Draw the distance pairs; return each length label with the line's ends."""
    labels: list[tuple[Element, list[float], list[float]]] = []
    if not story.pairs:
        return labels
    group = folium.FeatureGroup(name="Distances", show=True)
    wanted = set(story.pairs)
    by_id = {p.id: p for p in story.places}
    for distance in story.distances:
        if (distance.origin, distance.target) not in wanted:
            continue
        a, b = by_id[distance.origin], by_id[distance.target]
        for part in great_circle(a.lat, a.lon, b.lat, b.lon):
            line = folium.PolyLine([(lat, lon) for lon, lat in part], **DISTANCE_STYLE)
            HtmlTooltip(escape(_distance_label(distance, story))).add_to(line)
            line.add_to(group)
        # The length sits at the midpoint of the geodesic, always readable.
        lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
        label = folium.CircleMarker((lat, lon), radius=0, opacity=0, fill=False)
        HtmlTooltip(escape(f"{distance.distance_km:,.1f} km"), permanent=True, class_name="gs-distance-label", direction="center").add_to(label)
        label.add_to(group)
        labels.append((label, [a.lat, a.lon], [b.lat, b.lon]))
    group.add_to(m)
    return labels


VERDICT_COLORS = {"consistent": "#2a9d8f", "inconsistent": "#d62828", "unverifiable": "#6c757d"}


def _add_claims(m: folium.Map, story: Story) -> None:
    """A "Claims" layer: the measured geodesic of each claim, coloured by verdict."""
    import math

    from ..claims import MODEL

    drawn = [c for c in story.claims if c.ends is not None]
    if not drawn:
        return
    group = folium.FeatureGroup(name="Claims", show=True)
    names = {p.id: p.name for p in story.places}
    articles = {a.name: a for a in story.articles}
    for checked in drawn:
        (lat1, lon1), (lat2, lon2) = checked.ends
        article = articles[checked.claim.article]
        popup = render(
            "claim.html",
            c=checked,
            article=article,
            page=f"articles/{article.slug}.html#{paragraph_anchor(article.text, checked.claim.start)}",
            reference=names.get(checked.claim.reference or "", "?"),
            subject=names.get(checked.claim.subject or "", "?"),
            model=MODEL,
            inf=math.inf,
        )
        label = f"{checked.verdict}: “{checked.claim.quote}”"
        if checked.computed_km is not None:
            label += f" — {checked.computed_km:,.1f} km"
        for part in great_circle(lat1, lon1, lat2, lon2):
            line = folium.PolyLine(
                [(lat, lon) for lon, lat in part],
                color=VERDICT_COLORS[checked.verdict],
                weight=4,
                opacity=0.85,
                class_name=f"gs-claim gs-claim-{checked.verdict}",
            )
            HtmlPopup(popup).add_to(line)
            HtmlTooltip(escape(label)).add_to(line)
            line.add_to(group)
    group.add_to(m)


def _add_article_layers(m: folium.Map, story: Story, excerpts: dict[str, tuple[ArticleExcerpts, ...]]) -> None:
    """One layer per article, and one per outlet when outlets are known: rings
    around the places each names, with the excerpts of that article or outlet."""
    counts = Counter(mention.article for mention in story.mentions)
    selections: list[tuple[str, set[str], str]] = []
    for article in story.articles:
        if counts.get(article.name):
            date = article.date.isoformat() if article.date else "undated"
            selections.append((f"Article: {date} · {article.title}", {article.name}, f"“{article.title}”"))
    outlets: dict[str, set[str]] = {}
    for article in story.articles:
        if article.outlet and counts.get(article.name):
            outlets.setdefault(article.outlet, set()).add(article.name)
    for outlet, names in sorted(outlets.items()):
        selections.append((f"Outlet: {outlet}", names, outlet))
    for label, names, where in selections:
        group = folium.FeatureGroup(name=escape(label), show=False)
        for place in story.places:
            groups = tuple(g for g in excerpts.get(place.id, ()) if g.article.name in names)
            if not groups:
                continue
            ring = folium.CircleMarker(
                (place.lat, place.lon), radius=13, color="#111", weight=2, fill=False, dash_array="3 3"
            )
            HtmlPopup(_popup_html(place, story, groups, None)).add_to(ring)
            HtmlTooltip(escape(f"{place.name} in {where}")).add_to(ring)
            ring.add_to(group)
        group.add_to(m)


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
