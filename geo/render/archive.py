"""The map of a large archive: thousands of places, excerpts loaded on demand.

The story layout (:mod:`geo.render.map`) puts every excerpt of every place in
the page, which is right for a story of a few articles and wrong for years of
coverage: 1,000 articles made a 113 MB page. Here ``index.html`` holds only a
compact table of places and articles; markers are clustered
(Leaflet.markercluster); the excerpts of each group of :data:`SHARD_PLACES`
places are a small script in ``excerpts/``, loaded when one of its places'
popup opens (a ``<script>`` element, which works from ``file://``); the
list of articles is paged and searchable.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from ..build.cache import digest
from ..ingest.config import Config
from ..measure.lines import great_circle
from ..measure.outlines import country_polygons
from ..model import Mention, Story
from ..text.sentences import CONTEXT_CHARS
from .assets import leaflet_css, leaflet_js, markercluster_css, markercluster_js
from .excerpts import mention_anchor
from .styles import BASEMAP_STYLE, KIND_STYLES
from .styles import feature as _feature
from .templating import environment, render, safe_url, script_json

__all__ = ["archive_files", "SHARD_PLACES", "EXCERPTS_PER_PLACE", "ARCHIVE_MIN_ARTICLES", "choose_layout", "LAYOUTS"]

#: Places whose excerpts share one file of ``excerpts/``.
SHARD_PLACES = 32
#: Excerpts kept per place (oldest articles first); mentions.csv has them all.
EXCERPTS_PER_PLACE = 200
#: From this many articles, ``--layout auto`` chooses the archive layout.
ARCHIVE_MIN_ARTICLES = 150
#: Articles per page of the list; excerpts per step of a popup.
PAGE_SIZE = 50
POPUP_PAGE = 10
TOP_PLACES = 15
LAYOUTS = ("auto", "story", "archive")


def choose_layout(story: Story, layout: str = "auto") -> str:
    """``story`` or ``archive``: what *layout* means for *story*."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if layout != "auto":
        return layout
    return "archive" if len(story.articles) >= ARCHIVE_MIN_ARTICLES else "story"


def _clip(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _excerpt(text: str, mention: Mention) -> list[Any]:
    """``[place id, before, mention, after, anchor]``: the mention in its sentence, clipped."""
    start = max(mention.sentence.start, mention.start - CONTEXT_CHARS)
    end = min(mention.sentence.end, mention.end + CONTEXT_CHARS)
    before = _clip(text[start : mention.start]).lstrip()
    after = _clip(text[mention.end : end]).rstrip()
    if start > mention.sentence.start:
        before = "…" + before
    if end < mention.sentence.end:
        after += "…"
    return [mention.place_id, before, text[mention.start : mention.end], after, mention_anchor(mention)]


def archive_files(
    story: Story, config: Config, memo: Any = None, prints: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``index.html`` and ``excerpts/NNNN.js`` of the archive layout (pure).

    With *memo* and the articles' fingerprints, an article's excerpts are
    reused when its fingerprint is unchanged.
    """
    index_of_place = {p.id: i for i, p in enumerate(story.places)}
    mentions = Counter(m.place_id for m in story.mentions)
    of_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in story.mentions:
        of_article[mention.article].append(mention)
    use = memo is not None and bool(prints)
    keys = [digest("excerpts", prints[a.name]) for a in story.articles] if use else []
    known = memo.get_many(keys) if use else {}
    articles_of: dict[str, set[str]] = defaultdict(set)
    per_article: dict[str, Counter[str]] = defaultdict(Counter)
    excerpts: dict[str, list[list[Any]]] = defaultdict(list)
    for j, article in enumerate(story.articles):
        key = keys[j] if use else ""
        found = known.get(key) if use else None
        if found is None:
            found = [_excerpt(article.text, m) for m in sorted(of_article.get(article.name, []), key=lambda m: m.start)]
            if use:
                memo.put(key, found)
        for pid, *rest in found:
            articles_of[pid].add(article.name)
            per_article[article.name][pid] += 1
            if len(excerpts[pid]) < EXCERPTS_PER_PLACE:
                excerpts[pid].append([j, *rest])

    focus = next((p for p in story.places if p.id == story.focus), None)
    from_focus = {d.target: d for d in story.distances if focus is not None and d.origin == focus.id}
    places = []
    for place in story.places:
        d = from_focus.get(place.id)
        places.append([
            place.id, place.name, place.kind if place.kind in KIND_STYLES else "other",
            round(place.lat, 5), round(place.lon, 5), mentions.get(place.id, 0), len(articles_of.get(place.id, ())),
            round(d.distance_km, 1) if d else None, d.compass if d else None,
        ])
    articles = []
    for article in story.articles:
        counts = per_article.get(article.name, Counter())
        ranked = sorted(counts, key=lambda pid: (-counts[pid], index_of_place[pid]))
        articles.append([
            article.slug, article.title, article.date.isoformat() if article.date else "", article.outlet,
            safe_url(article.url), [index_of_place[pid] for pid in ranked],
        ])
    by_id = {p.id: p for p in story.places}
    names = {p.id: p.name for p in story.places}
    wanted = set(story.pairs)
    lines = []
    for d in story.distances:
        if (d.origin, d.target) in wanted:
            a, b = by_id[d.origin], by_id[d.target]
            label = f"{names[d.origin]} → {names[d.target]}: {d.distance_km:,.1f} km, bearing {d.bearing_deg:.0f}° ({d.compass})"
            parts = [[[round(lat, 4), round(lon, 4)] for lon, lat in part] for part in great_circle(a.lat, a.lon, b.lat, b.lon)]
            lines.append([label, parts])
    top = sorted(range(len(places)), key=lambda i: (-places[i][6], -places[i][5], i))[:TOP_PLACES]
    basemap = {"type": "FeatureCollection", "features": [_feature(g, {}) for _, g in sorted(country_polygons().items())]}
    data = {
        "places": places,
        "articles": articles,
        "lines": lines,
        "top": [i for i in top if places[i][5]],
        "kinds": {k: [s.label, s.color, s.radius] for k, s in KIND_STYLES.items()},
        "focus_name": focus.name if focus else "",
        "basemap": basemap,
        "basemap_style": {"color": BASEMAP_STYLE["color"], "weight": BASEMAP_STYLE["weight"],
                          "fillColor": BASEMAP_STYLE["fillColor"], "fillOpacity": BASEMAP_STYLE["fillOpacity"]},
        "online_tiles": config.story.online_tiles,
        "shard_size": SHARD_PLACES,
        "page_size": PAGE_SIZE,
        "popup_page": POPUP_PAGE,
    }
    env = environment()
    css = "\n".join([
        leaflet_css(), markercluster_css(),
        env.loader.get_source(env, "map.css")[0], env.loader.get_source(env, "archive.css")[0],
    ])
    files = {
        "index.html": render(
            "archive.html",
            title=story.title,
            description=config.story.description,
            n_articles=len(story.articles),
            n_places=len(story.places),
            n_mentions=len(story.mentions),
            n_unresolved=len(story.unresolved),
            css=css,
            leaflet_js=leaflet_js(),
            cluster_js=markercluster_js(),
            data=data,
            script=env.loader.get_source(env, "archive.js")[0],
        )
    }
    for k in range(math.ceil(len(story.places) / SHARD_PLACES)):
        group = [excerpts.get(p.id, []) for p in story.places[k * SHARD_PLACES : (k + 1) * SHARD_PLACES]]
        files[f"excerpts/{k:04d}.js"] = f"gsExcerpts({k},{script_json(group)});\n"
    return files
