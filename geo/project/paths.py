"""The files of a story project folder, and where this user's caches live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArticleError, ConfigError
from .yaml_reader import quote

__all__ = [
    "Project", "user_cache_dir", "PLACES_NAME", "ARTICLES_NAME", "MAPS_NAME", "GEOCODE_CACHE_NAME",
    "CACHE_DIR_NAME", "REVIEW_NAME", "LOCK_NAME",
]

PLACES_NAME = "places.yaml"
ARTICLES_NAME = "articles"
MAPS_NAME = "maps"
GEOCODE_CACHE_NAME = "geocode-cache.json"
CACHE_DIR_NAME = ".geo-cache"
REVIEW_NAME = "review.yaml"
LOCK_NAME = "places.lock.yaml"


def user_cache_dir() -> Path:
    """Where indexes and caches live: ``$GEO_STORYMAP_CACHE`` or the user cache folder."""
    override = os.environ.get("GEO_STORYMAP_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("geo-storymap", appauthor=False))


@dataclass(frozen=True, slots=True)
class Project:
    """The files of a story project folder."""

    root: Path

    @property
    def places(self) -> Path:
        return self.root / PLACES_NAME

    @property
    def articles(self) -> Path:
        return self.root / ARTICLES_NAME

    @property
    def maps(self) -> Path:
        return self.root / MAPS_NAME

    @property
    def geocode_cache(self) -> Path:
        return self.root / GEOCODE_CACHE_NAME

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIR_NAME

    @property
    def review(self) -> Path:
        return self.root / REVIEW_NAME

    @property
    def lock(self) -> Path:
        return self.root / LOCK_NAME

    def check_inputs(self) -> None:
        """Refuse inputs that lead outside the project folder (links), so a project
        received from someone else cannot make a build read, and publish, other files."""
        root = self.root.resolve()
        for path in (self.places, self.articles, self.geocode_cache, self.lock, self.review):
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                error = ArticleError if path == self.articles else ConfigError
                raise error(f"a symbolic link to {quote(os.readlink(path))}, outside the project; "
                            "copy it into the project instead", path=path.name)
