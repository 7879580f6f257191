"""All files of ``maps/`` for a story, as ``{relative path: bytes}``."""

from __future__ import annotations

from ..config import Config
from ..exports import claims_geojson, distances_geojson, mentions_csv, places_geojson
from ..model import Story
from .archive import archive_files, choose_layout
from .map import build_map, map_html
from .reading import PageMemo, reading_pages

__all__ = ["render_site"]


def render_site(story: Story, config: Config, layout: str = "auto", pages: PageMemo | None = None) -> dict[str, bytes]:
    """Every file of ``maps/``; *layout* is ``story``, ``archive`` or ``auto`` (by size, see
    :func:`~geo.render.archive.choose_layout`); *pages* keeps reading pages between builds."""
    if choose_layout(story, layout) == "archive":
        files = archive_files(story, config)
    else:
        files = {"index.html": map_html(build_map(story, config))}
    files.update(reading_pages(story, pages))
    files["places.geojson"] = places_geojson(story)
    files["distances.geojson"] = distances_geojson(story)
    files["claims.geojson"] = claims_geojson(story)
    files["mentions.csv"] = mentions_csv(story)
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}
