"""All files of ``maps/`` for a story, as ``{relative path: bytes}``."""

from __future__ import annotations

from ..config import Config
from ..exports import claims_geojson, distances_geojson, mentions_csv, places_geojson
from ..model import Story
from .map import build_map, map_html
from .reading import reading_pages

__all__ = ["render_site"]


def render_site(story: Story, config: Config) -> dict[str, bytes]:
    files: dict[str, str] = {"index.html": map_html(build_map(story, config))}
    files.update(reading_pages(story))
    files["places.geojson"] = places_geojson(story)
    files["distances.geojson"] = distances_geojson(story)
    files["claims.geojson"] = claims_geojson(story)
    files["mentions.csv"] = mentions_csv(story)
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}
