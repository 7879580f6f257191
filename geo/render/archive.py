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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..ingest.config import Config
from ..measure.distance import distance_label
from ..measure.lines import great_circle
from ..measure.outlines import country_polygons
from ..model import Article, Mention, Story
from ..text.sentences import CONTEXT_CHARS
from .assets import leaflet_css, leaflet_js, markercluster_css, markercluster_js
from .excerpts import mention_anchor
from .styles import BASEMAP_STYLE, KIND_STYLES
from .styles import feature as _feature
from .templating import environment, render, safe_url, script_json

__all__ = ["archive_files", "article_excerpts", "SHARD_PLACES", "EXCERPTS_PER_PLACE", "ARCHIVE_MIN_ARTICLES", "choose_layout", "LAYOUTS"]

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


def article_excerpts(story: Story, articles: Iterable[Article] | None = None) -> dict[str, list[list[Any]]]:
    """The excerpts of each of *articles* (default: all of the story),
    ``[place id, before, mention, after, anchor]`` in text order, by article name:
    the share of the archive map made one article at a time."""
    articles = story.articles if articles is None else tuple(articles)
    wanted = {a.name for a in articles}
    of_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in story.mentions:
        if mention.article in wanted:
            of_article[mention.article].append(mention)
    return {
        a.name: [_excerpt(a.text, m) for m in sorted(of_article.get(a.name, []), key=lambda m: m.start)]
        for a in articles
    }


@dataclass(slots=True)
class _Tally:
    """What the excerpts of every article add up to: per place its articles and excerpts, per article its places."""

    articles_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    per_article: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    excerpts: dict[str, list[list[Any]]] = field(default_factory=lambda: defaultdict(list))


def _tally(story: Story, found: Mapping[str, list[list[Any]]]) -> _Tally:
    tally = _Tally()
    for j, article in enumerate(story.articles):
        for pid, *rest in found.get(article.name, []):
            tally.articles_of[pid].add(article.name)
            tally.per_article[article.name][pid] += 1
            if len(tally.excerpts[pid]) < EXCERPTS_PER_PLACE:
                tally.excerpts[pid].append([j, *rest])
    return tally


def _places_table(story: Story, tally: _Tally) -> list[list[Any]]:
    mentions = Counter(m.place_id for m in story.mentions)
    focus = next((p for p in story.places if p.id == story.focus), None)
    from_focus = {d.target: d for d in story.distances if focus is not None and d.origin == focus.id}
    places = []
    for place in story.places:
        d = from_focus.get(place.id)
        places.append([
            place.id, place.name, place.kind if place.kind in KIND_STYLES else "other",
            round(place.lat, 5), round(place.lon, 5), mentions.get(place.id, 0), len(tally.articles_of.get(place.id, ())),
            round(d.distance_km, 1) if d else None, d.compass if d else None,
        ])
    return places


def _articles_table(story: Story, tally: _Tally) -> list[list[Any]]:
    index_of_place = {p.id: i for i, p in enumerate(story.places)}
    articles = []
    for article in story.articles:
        counts = tally.per_article.get(article.name, Counter())
        ranked = sorted(counts, key=lambda pid: (-counts[pid], index_of_place[pid]))
        articles.append([
            article.slug, article.title, article.date.isoformat() if article.date else "", article.outlet,
            safe_url(article.url), [index_of_place[pid] for pid in ranked],
        ])
    return articles


def _distance_lines(story: Story) -> list[list[Any]]:
    by_id = {p.id: p for p in story.places}
    wanted = set(story.pairs)
    lines = []
    for d in story.distances:
        if (d.origin, d.target) in wanted:
            a, b = by_id[d.origin], by_id[d.target]
            parts = [[[round(lat, 4), round(lon, 4)] for lon, lat in part] for part in great_circle(a.lat, a.lon, b.lat, b.lon)]
            lines.append([distance_label(a.name, b.name, d), parts])
    return lines


def _page_data(story: Story, config: Config, tally: _Tally) -> dict[str, Any]:
    """Everything ``index.html``'s script shows, as plain data."""
    places = _places_table(story, tally)
    top = sorted(range(len(places)), key=lambda i: (-places[i][6], -places[i][5], i))[:TOP_PLACES]
    focus = next((p for p in story.places if p.id == story.focus), None)
    basemap = {"type": "FeatureCollection", "features": [_feature(g, {}) for _, g in sorted(country_polygons().items())]}
    return {
        "places": places,
        "articles": _articles_table(story, tally),
        "lines": _distance_lines(story),
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


def _index_html(story: Story, config: Config, data: dict[str, Any]) -> str:
    env = environment()
    css = "\n".join([
        leaflet_css(), markercluster_css(),
        env.loader.get_source(env, "map.css")[0], env.loader.get_source(env, "archive.css")[0],
    ])
    return render(
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


def archive_files(
    story: Story, config: Config, excerpts: Mapping[str, list[list[Any]]] | None = None
) -> dict[str, str]:
    """``index.html`` and ``excerpts/NNNN.js`` of the archive layout (pure).

    *excerpts* (article name → :func:`article_excerpts`) may hold some
    articles' excerpts made before; the others are made here.
    """
    found = dict(excerpts or {})
    found.update(article_excerpts(story, (a for a in story.articles if a.name not in found)))
    tally = _tally(story, found)
    files = {"index.html": _index_html(story, config, _page_data(story, config, tally))}
    for k in range(math.ceil(len(story.places) / SHARD_PLACES)):
        group = [tally.excerpts.get(p.id, []) for p in story.places[k * SHARD_PLACES : (k + 1) * SHARD_PLACES]]
        files[f"excerpts/{k:04d}.js"] = f"gsExcerpts({k},{script_json(group)});\n"
    return files
