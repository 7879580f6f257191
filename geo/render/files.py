"""All files of ``maps/`` for a story, as ``{relative path: bytes}`` (pure).

Some files are made of one share per article: each article's reading page,
its rows of ``mentions.csv`` and, in the archive layout, its excerpts.
:func:`part_makers` makes those shares for any articles, and
:func:`render_site` takes shares made before (the build keeps them between
builds, see :mod:`geo.build.render`); the files are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..ingest.config import Config
from ..model import Article, Story
from .archive import archive_files, article_excerpts, choose_layout
from .exports import MentionRows, claims_csv, claims_geojson, distances_geojson, places_geojson
from .reading import ReadingPages

__all__ = ["render_site", "part_makers", "PartMaker"]

#: Makes one kind of share for some articles: article name → share.
PartMaker = Callable[[Sequence[Article]], dict[str, Any]]


def part_makers(story: Story, layout: str = "auto") -> dict[str, PartMaker]:
    """The shares of the files made one article at a time, by name (``pages``, ``rows``,
    and ``excerpts`` in the archive layout), each with the pure function that makes it."""
    pages, rows = ReadingPages(story), MentionRows(story)
    makers: dict[str, PartMaker] = {
        "pages": lambda articles: {a.name: pages.page(a) for a in articles},
        "rows": lambda articles: {a.name: rows.rows(a.name) for a in articles},
    }
    if choose_layout(story, layout) == "archive":
        makers["excerpts"] = lambda articles: article_excerpts(story, articles)
    return makers


def render_site(
    story: Story,
    config: Config,
    layout: str = "auto",
    parts: Mapping[str, Mapping[str, Any]] | None = None,
    on_index: Callable[[bytes], None] | None = None,
) -> dict[str, bytes]:
    """Every file of ``maps/``; *layout* is ``story``, ``archive`` or ``auto`` (by size, see
    :func:`~geo.render.archive.choose_layout`).

    *parts* holds shares made before (see :func:`part_makers`), by kind and
    article name; the rest are made here. *on_index* is given ``index.html``
    as soon as it is made (to render its picture while the rest is made).
    """
    parts = parts or {}
    archive = choose_layout(story, layout) == "archive"
    if archive:
        files = archive_files(story, config, parts.get("excerpts"))
    else:
        from .map import build_map, map_html  # folium: only the story layout needs it

        files = {"index.html": map_html(build_map(story, config))}
    if on_index is not None:
        on_index(files["index.html"].encode("utf-8"))
    files.update(ReadingPages(story).all(parts.get("pages")))
    files["places.geojson"] = places_geojson(story, with_mentions=not archive)
    files["distances.geojson"] = distances_geojson(story)
    files["claims.geojson"] = claims_geojson(story)
    files["claims.csv"] = claims_csv(story)
    files["mentions.csv"] = MentionRows(story).csv(parts.get("rows"))
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}
