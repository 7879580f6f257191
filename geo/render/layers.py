"""The layers of the story map drawn over the basemap, as folium objects:
places (country areas, markers and the names of areas), distances and claims.
Filtering by article, day or outlet is the panel's (``story.js``), not the layer control's. Nothing is added to a map here; :mod:`geo.render.map`
puts the layers in their drawing order."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import folium
from branca.element import Element

from ..claims import MODEL
from ..measure.distance import distance_label
from ..measure.lines import great_circle, midpoint
from ..model import Article, CheckedClaim, Distance, Place, Story
from .elements import HtmlPopup, HtmlTooltip
from .evidence import band_of, wedge_of
from .excerpts import ArticleExcerpts, paragraph_anchor, reading_page
from .styles import COUNTRY_STYLE, DISTANCE_STYLE, KIND_STYLES, VERDICT_COLORS, kind_label
from .styles import feature as _feature
from .templating import escape, km, render

__all__ = ["PlaceLayers", "place_layers", "distance_layer", "claim_layer", "DistanceLabel"]

#: A distance's length label and the two ends of its line, as ``[lat, lon]``.
DistanceLabel = tuple[Element, list[float], list[float]]


def _popup_html(
    place: Place, story: Story, groups: tuple[ArticleExcerpts, ...], focus: Place | None, counts: tuple[int, int],
    names: dict[str, str],
) -> str:
    """The popup of *place*: its excerpts *groups*, its counts (:meth:`Story.counts`, as the
    table and ``geo places`` show them) and, with a *focus*, the distance from it."""
    focus_distance = None
    if focus is not None and focus.id != place.id:
        focus_distance = next((d for d in story.distances if d.origin == focus.id and d.target == place.id), None)
    return render(
        "popup.html",
        place=place,
        title=names.get(place.id, place.name),
        kind_label=kind_label(place.kind),
        groups=groups,
        mention_count=counts[0],
        article_count=counts[1],
        focus_distance=focus_distance,
        focus_name=names.get(focus.id, focus.name) if focus else "",
    )


@dataclass(slots=True)
class PlaceLayers:
    """The places as drawn: country areas and markers in two groups, each
    place's ``(id, layer, group)``, and what the legend and the view need."""

    countries: folium.FeatureGroup
    markers: folium.FeatureGroup
    layers: list[tuple[str, Element, Element]] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)  # of the markers
    kinds: set[str] = field(default_factory=set)  # of the markers
    has_areas: bool = False


def _country_area(place: Place, geometry: Any) -> folium.GeoJson:
    """A country named in the articles, drawn as its outline."""
    class_name = f"gs-place gs-place-{place.id}"
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [_feature(geometry, {"id": place.id})]},
        name=place.name,
        style_function=lambda _: {**COUNTRY_STYLE, "className": class_name},
        highlight_function=lambda _: {"fillOpacity": 0.7, "weight": 2},
        control=False,
    )


def _marker(place: Place, is_focus: bool) -> folium.CircleMarker:
    """A place as a dot coloured by its kind; the focus is larger and outlined."""
    style = KIND_STYLES.get(place.kind, KIND_STYLES["other"])
    return folium.CircleMarker(
        location=(place.lat, place.lon),
        radius=style.radius + (3 if is_focus else 0),
        color="#111" if is_focus else "#ffffff",
        weight=3 if is_focus else 1.5,
        fill=True,
        fill_color=style.color,
        fill_opacity=0.95,
        class_name=f"gs-place gs-marker gs-place-{place.id}",
    )


#: Kinds drawn as their name on the map, not as a dot: a sea, a macro-region, a state or a
#: county is no point (a dot would sit on its seat town).
LABEL_KINDS = frozenset({"continent", "macroregion", "water", "region", "district"})


def _area_label(place: Place) -> folium.Marker:
    """A sea, an ocean or a macro-region: its name, in italics, where its point is."""
    return folium.Marker(
        location=(place.lat, place.lon),
        icon=folium.DivIcon(
            html=f'<span class="gs-area-name">{escape(place.name)}</span>',
            class_name=f"gs-place gs-place-{place.id} gs-area-label gs-kind-{place.kind}",
            icon_size=(160, 20),
            icon_anchor=(80, 10),
        ),
    )


def place_layers(
    story: Story, excerpts: dict[str, tuple[ArticleExcerpts, ...]], polygons: dict[str, Any], to_iso3: dict[str, str],
    names: dict[str, str],
) -> PlaceLayers:
    """Every place with its popup and tooltip (under its name in *names*): a country with an
    outline in *polygons* (by ISO3 code) as an area, any other place as a marker."""
    focus = next((p for p in story.places if p.id == story.focus), None)
    counts = story.counts()
    drawn = PlaceLayers(folium.FeatureGroup(name="Countries", show=True), folium.FeatureGroup(name="Places", show=True))
    # The focus place is drawn last, so it is on top of its neighbours.
    for place in sorted(story.places, key=lambda p: p.id == story.focus):
        geometry = polygons.get(to_iso3.get(place.country, "")) if place.kind == "country" else None
        layer: Element
        if geometry is not None:
            layer, group = _country_area(place, geometry), drawn.countries
            drawn.has_areas = True
        else:
            is_label = place.kind in LABEL_KINDS
            layer = _area_label(place) if is_label else _marker(place, place.id == story.focus)
            group = drawn.markers
            drawn.kinds.add(place.kind)
            drawn.points.append((place.lat, place.lon))
        layer.add_to(group)
        popup = _popup_html(place, story, excerpts.get(place.id, ()), focus, counts.get(place.id, (0, 0)), names)
        HtmlPopup(popup).add_to(layer)
        HtmlTooltip(escape(names.get(place.id, place.name))).add_to(layer)
        drawn.layers.append((place.id, layer, group))
    return drawn


def _distance_lines(distance: Distance, a: Place, b: Place, group: folium.FeatureGroup) -> DistanceLabel:
    """Draw the geodesic from *a* to *b* into *group* (in parts where it crosses the
    antimeridian) with its length label, and return the label."""
    for part in great_circle(a.lat, a.lon, b.lat, b.lon):
        line = folium.PolyLine([(lat, lon) for lon, lat in part], **DISTANCE_STYLE)
        HtmlTooltip(escape(distance_label(a.name, b.name, distance))).add_to(line)
        line.add_to(group)
    # The length sits at the midpoint of the geodesic, always readable.
    lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
    label = folium.CircleMarker((lat, lon), radius=0, opacity=0, fill=False)
    HtmlTooltip(
        escape(km(distance.distance_km)), permanent=True, class_name="gs-distance-label", direction="center"
    ).add_to(label)
    label.add_to(group)
    return label, [a.lat, a.lon], [b.lat, b.lon]


def distance_layer(story: Story) -> tuple[folium.FeatureGroup | None, list[DistanceLabel]]:
    """The "Distances" layer (None when the story asks for no pairs) and each line's length label."""
    if not story.pairs:
        return None, []
    group = folium.FeatureGroup(name="Distances", show=True)
    wanted = set(story.pairs)
    by_id = {p.id: p for p in story.places}
    labels = [
        _distance_lines(d, by_id[d.origin], by_id[d.target], group)
        for d in story.distances
        if (d.origin, d.target) in wanted
    ]
    return group, labels


def _measured(checked: CheckedClaim) -> Distance | None:
    """The distance and bearing computed for a claim, when both are known."""
    if checked.computed_km is None or checked.computed_bearing_deg is None:
        return None
    return Distance(
        checked.claim.reference or "",
        checked.claim.subject or "",
        checked.computed_km,
        checked.computed_bearing_deg,
        checked.computed_compass or "",
    )


def _claim_popup(checked: CheckedClaim, article: Article, names: dict[str, str]) -> str:
    return render(
        "claim.html",
        c=checked,
        measured=_measured(checked),
        article=article,
        page=f"{reading_page(article)}#{paragraph_anchor(article.text, checked.claim.start)}",
        reference=names.get(checked.claim.reference or "", "?"),
        subject=names.get(checked.claim.subject or "", "?"),
        model=MODEL,
        inf=math.inf,
    )


def _claim_label(checked: CheckedClaim) -> str:
    label = f"{checked.verdict}: “{checked.claim.quote}”"
    if checked.computed_km is not None:
        label += f" — {km(checked.computed_km)}"
    return label


def _evidence(checked: CheckedClaim, places: dict[str, Place], index: int, popup: str, label: str) -> folium.FeatureGroup:
    """A claim as evidence: the band its stated distance allows, the wedge of its direction, and
    the true point it measured (the subject's end), each with the claim's popup."""
    group = folium.FeatureGroup(control=False)
    color = VERDICT_COLORS[checked.verdict]
    shapes = [(band_of(checked, places), "band", {"color": color, "weight": 1, "dashArray": "4 4", "fillColor": color,
                                                  "fillOpacity": 0.14}),
              (wedge_of(checked), "wedge", {"color": "#555", "weight": 0.8, "fillColor": "#555", "fillOpacity": 0.10})]
    for geometry, kind, style in shapes:
        if geometry is None:
            continue
        layer = folium.GeoJson(
            {"type": "FeatureCollection", "features": [_feature(geometry, {})]},
            style_function=lambda _, s=style, k=kind: {**s, "className": f"gs-claim-{k} gs-claim-{k}-{index} gs-claim-{checked.verdict}"},
            control=False,
        )
        HtmlPopup(popup).add_to(layer)
        HtmlTooltip(escape(label)).add_to(layer)
        layer.add_to(group)
    true_point = folium.CircleMarker(checked.ends[1], radius=4, color=color, weight=2, fill=True, fill_color="#fff",
                                     fill_opacity=1, class_name=f"gs-claim-point gs-claim-point-{index}")
    HtmlPopup(popup).add_to(true_point)
    HtmlTooltip(escape("Measured point: " + label)).add_to(true_point)
    true_point.add_to(group)
    return group


def claim_layer(story: Story, names: dict[str, str]) -> folium.FeatureGroup | None:
    """The "Claims" layer: each claim's measured geodesic, coloured by verdict, with the band
    its stated distance allows, the wedge of its direction and the point it measured (None
    when no claim has a line)."""
    drawn = [c for c in story.claims if c.ends is not None]
    if not drawn:
        return None
    group = folium.FeatureGroup(name="Claims", show=True)
    articles = {a.name: a for a in story.articles}
    places = {p.id: p for p in story.places}
    for index, checked in enumerate(drawn):
        (lat1, lon1), (lat2, lon2) = checked.ends
        popup = _claim_popup(checked, articles[checked.claim.article], names)
        label = _claim_label(checked)
        _evidence(checked, places, index, popup, label).add_to(group)
        for part in great_circle(lat1, lon1, lat2, lon2):
            line = folium.PolyLine(
                [(lat, lon) for lon, lat in part],
                color=VERDICT_COLORS[checked.verdict],
                weight=4,
                opacity=0.85,
                class_name=f"gs-claim gs-claim-{checked.verdict} gs-claim-line-{index}",
            )
            HtmlPopup(popup).add_to(line)
            HtmlTooltip(escape(label)).add_to(line)
            line.add_to(group)
    return group
