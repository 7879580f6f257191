"""What a build is asked to do, and what it hands to rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GeoError
from ..ingest.config import Config
from ..model import Mention, Resolution, Story
from ..resolve.geocoders.online import OnlineSettings

__all__ = ["BuildOptions", "BuildResult"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to find and resolve names.

    ``ner`` uses spaCy's named-entity recogniser beside the gazetteer (when its
    model is installed; otherwise the build says so and goes on without);
    ``online`` also asks an online geocoder.
    """

    online: bool = False
    online_settings: OnlineSettings = field(default_factory=OnlineSettings)
    gazetteer_dir: Path | None = None
    ner: bool = True
    workers: int = 1
    dask_scheduler: str | None = None
    cache: bool = True


@dataclass(frozen=True, slots=True)
class BuildResult:
    story: Story
    config: Config
    resolutions: tuple[tuple[Mention, Resolution], ...]
    problems: tuple[GeoError, ...] = ()
    #: Article name -> a digest of everything its share of the story depends
    #: on (see :func:`fingerprints`); empty when built without the cache.
    fingerprints: dict[str, str] = field(default_factory=dict)
