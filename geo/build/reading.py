"""Reading articles: NER, mentions and resolution for each, in order, wherever it runs.

Offline, the work of one article depends on nothing but what every article
shares, so it runs in worker processes or on a Dask cluster
(:mod:`geo.build.parallel`). Online, one geoparser works here, so the
service's rate limit and the geocode cache are shared; NER still runs in
parallel. ``geo build`` and ``geo geoparse`` both read through :func:`read_pairs`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..find.ner import entities_or_none, ner_missing
from ..ingest.config import Config
from ..model import Article
from ..resolve.gazetteer import open_gazetteer
from ..resolve.geocoders.online import GeocodeCache, OnlineGeocoder, make_geopy_geocoder
from ..resolve.geoparser import Geoparser
from .options import BuildOptions
from .parallel import Pairs, Settings, run_dask, run_local

__all__ = ["read_pairs", "settings_for"]

log = logging.getLogger(__name__)


def settings_for(config: Config, lock: Mapping[str, int | None], options: BuildOptions, geocoded: str) -> Settings:
    """What a worker needs to read any article of the story."""
    gazetteer_dir = str(options.gazetteer_dir) if options.gazetteer_dir else None
    return Settings(config, tuple(sorted(lock.items())), gazetteer_dir, options.ner, geocoded)


def read_pairs(
    articles: Sequence[Article],
    config: Config,
    lock: Mapping[str, int | None],
    options: BuildOptions,
    geocode_cache: Path,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 32,
) -> Iterator[Pairs]:
    """The ``(mention, resolution)`` pairs of each article, in order."""
    if not articles:
        return
    if options.online:
        yield from _read_online(articles, config, lock, options, geocode_cache, progress, batch_size)
        return
    settings = settings_for(config, lock, options, GeocodeCache(geocode_cache).answers())
    if options.dask_scheduler:
        yield from run_dask(settings, articles, options.dask_scheduler, progress)
        return
    open_gazetteer(options.gazetteer_dir).close()  # built once here, not by every worker at once
    missing = ner_missing() if settings.ner else None
    if missing:
        log.warning("%s; finding places with the gazetteer only", missing)
        settings = replace(settings, ner=False)
    yield from run_local(settings, articles, options.workers, progress)


def _read_online(
    articles: Sequence[Article],
    config: Config,
    lock: Mapping[str, int | None],
    options: BuildOptions,
    geocode_cache: Path,
    progress: Callable[[int], None] | None,
    batch_size: int,
) -> Iterator[Pairs]:
    gazetteer = open_gazetteer(options.gazetteer_dir)
    cache = GeocodeCache(geocode_cache)
    online = OnlineGeocoder(cache, options.online_settings, make_geopy_geocoder(options.online_settings))
    geoparser = Geoparser(config, gazetteer, online, dict(lock))
    try:
        found = entities_or_none([a.text for a in articles], options.ner, options.workers, batch_size)
        for article, entities in zip(articles, found):
            yield geoparser.parse(article, entities)
            if progress is not None:
                progress(1)
    finally:
        cache.save()
        gazetteer.close()
