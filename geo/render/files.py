"""All files of ``maps/`` for a story, as ``{relative path: bytes}``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..build.cache import CACHE_FILE_NAME, ArticleCache, TableMemo
from ..ingest.config import Config
from ..model import Story
from .archive import archive_files, choose_layout
from .exports import claims_geojson, distances_geojson, mentions_csv, places_geojson
from .reading import PageMemo, reading_pages

if TYPE_CHECKING:
    from ..build.pipeline import BuildResult

__all__ = ["render_site", "render_project"]


def render_site(
    story: Story,
    config: Config,
    layout: str = "auto",
    memos: Mapping[str, PageMemo] | None = None,
    prints: Mapping[str, str] | None = None,
    on_index: Callable[[bytes], None] | None = None,
) -> dict[str, bytes]:
    """Every file of ``maps/``; *layout* is ``story``, ``archive`` or ``auto`` (by size, see
    :func:`~geo.render.archive.choose_layout`).

    *memos* (``pages``, ``rows``, ``excerpts``) keep each article's share of
    the files between builds, by its fingerprint in *prints*; the files are
    the same with or without them. *on_index* is given ``index.html`` as
    soon as it is made (to render its picture while the rest is made).
    """
    memos = memos or {}
    archive = choose_layout(story, layout) == "archive"
    if archive:
        files = archive_files(story, config, memos.get("excerpts"), prints)
    else:
        from .map import build_map, map_html  # folium: only the story layout needs it

        files = {"index.html": map_html(build_map(story, config))}
    if on_index is not None:
        on_index(files["index.html"].encode("utf-8"))
    files.update(reading_pages(story, memos.get("pages"), prints))
    files["places.geojson"] = places_geojson(story, with_mentions=not archive)
    files["distances.geojson"] = distances_geojson(story)
    files["claims.geojson"] = claims_geojson(story)
    files["mentions.csv"] = mentions_csv(story, memos.get("rows"), prints)
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}


def render_project(
    cache_dir: Path | None, result: BuildResult, layout: str = "auto", on_index: Callable[[bytes], None] | None = None
) -> dict[str, bytes]:
    """:func:`render_site` for a build, reusing each unchanged article's share of
    the files kept in the project's article cache at *cache_dir* (None: no cache)."""
    if cache_dir is None or not result.fingerprints:
        return render_site(result.story, result.config, layout, on_index=on_index)
    store = ArticleCache(cache_dir / CACHE_FILE_NAME)
    try:
        memos = {table: TableMemo(store, table) for table in ("pages", "rows", "excerpts")}
        files = render_site(result.story, result.config, layout, memos, result.fingerprints, on_index)
        for memo in memos.values():
            memo.flush()
        return files
    finally:
        store.close()
