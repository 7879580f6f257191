"""The build's last step: the files of ``maps/``, reusing each unchanged article's share.

Renderers are pure (:mod:`geo.render.files`); here the build decides what
to take from the article cache: each article's reading page, its rows of
``mentions.csv`` and its archive excerpts, keyed by its fingerprint (see
:func:`geo.build.assemble.fingerprints`) and the story's title.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..render.files import part_makers, render_site
from .cache import CACHE_FILE_NAME, ArticleCache, TableMemo, digest, reuse
from .options import BuildResult

__all__ = ["render_project"]


def render_project(
    cache_dir: Path | None, result: BuildResult, layout: str = "auto", on_index: Callable[[bytes], None] | None = None
) -> dict[str, bytes]:
    """:func:`~geo.render.files.render_site` for a build, with the shares kept in the
    project's article cache at *cache_dir* (None: no cache)."""
    story = result.story
    if cache_dir is None or not result.fingerprints:
        return render_site(story, result.config, layout, on_index=on_index)
    store = ArticleCache(cache_dir / CACHE_FILE_NAME)
    try:
        parts = {}
        for table, make in part_makers(story, layout).items():
            memo = TableMemo(store, table)
            values = reuse(memo, story.articles, lambda a: digest(table, result.fingerprints[a.name], story.title),
                           lambda articles: list(make(articles).values()))
            parts[table] = {a.name: v for a, v in zip(story.articles, values)}
            memo.flush()
        return render_site(story, result.config, layout, parts, on_index)
    finally:
        store.close()
