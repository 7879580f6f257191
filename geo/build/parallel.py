"""Run the per-article work (NER, mentions, resolution) in parallel.

The work of one article depends only on that article and on what every
article shares (places.yaml, the review lock, the gazetteer, the NER model),
so it can run anywhere: in this process, in a pool of local processes
(``--workers``), or on the workers of a Dask distributed cluster
(``--dask-scheduler``). The results come back in the order of the articles and
do not depend on where they were computed.

What a worker needs travels as a small :class:`Settings`; each worker process
opens its own :class:`~geo.resolve.geoparser.Geoparser` (gazetteer index, spaCy model)
once and keeps it for every chunk it is given.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import GeoError
from ..ingest.config import Config
from ..model import Article, Mention, Resolution

__all__ = ["Settings", "Pairs", "parse_chunk", "run_local", "run_dask", "chunks", "CHUNK_ARTICLES", "MIN_PARALLEL"]

log = logging.getLogger(__name__)

Pairs = list[tuple[Mention, Resolution]]

#: Articles given to a worker at a time: large enough for spaCy's batching,
#: small enough to share the work evenly.
CHUNK_ARTICLES = 24
#: Below this many articles, starting processes costs more than it saves.
MIN_PARALLEL = 48


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the per-article work depends on but the article itself."""

    config: Config
    lock: tuple[tuple[str, int | None], ...] = ()
    gazetteer_dir: str | None = None
    ner: bool = True
    #: The answers of the project's geocode cache (JSON): names placed by an
    #: earlier ``--online`` build stay placed offline.
    geocoded: str = ""
    #: Fail, rather than go on without NER, where the model is missing (on a
    #: cluster's worker, whose warnings nobody reads).
    strict: bool = False

    def key(self) -> str:
        """A digest of these settings, to know a worker's cached geoparser is still right."""
        return hashlib.sha256(pickle.dumps((self.config, self.lock, self.gazetteer_dir, self.ner, self.geocoded))).hexdigest()


_GEOPARSERS: dict[str, Any] = {}


def _geoparser(settings: Settings) -> Any:
    """This process's geoparser for *settings*, opened on first use."""
    from ..resolve.gazetteer import open_gazetteer
    from ..resolve.geocoders.online import GeocodeCache, OnlineGeocoder
    from ..resolve.geoparser import Geoparser

    # Keyed by process too: a forked worker must not use its parent's database connection.
    key = f"{os.getpid()}:{settings.key()}"
    if key not in _GEOPARSERS:
        for old_key, old in _GEOPARSERS.items():
            if old_key.startswith(f"{os.getpid()}:"):
                old.gazetteer.close()
        _GEOPARSERS.clear()
        gazetteer = open_gazetteer(Path(settings.gazetteer_dir) if settings.gazetteer_dir else None)
        cached = OnlineGeocoder(GeocodeCache.from_answers(settings.geocoded))
        _GEOPARSERS[key] = Geoparser(settings.config, gazetteer, cached, dict(settings.lock))
    return _GEOPARSERS[key]


def parse_chunk(settings: Settings, articles: Sequence[Article]) -> list[Pairs]:
    """The ``(mention, resolution)`` pairs of each article (runs in a worker).

    Offline, but for the answers of the geocode cache: the online geocoder,
    with its rate limit and cache file, is used from the main process (see
    :func:`geo.build.pipeline.build_story`).
    """
    from ..find.ner import NerUnavailable, entities_or_none

    geoparser = _geoparser(settings)
    try:
        found = list(entities_or_none([a.text for a in articles], settings.ner, strict=settings.strict))
    except NerUnavailable as err:
        import socket

        raise GeoError(f"worker on {socket.gethostname()}: {err}; install the same environment on every worker") from err
    return [geoparser.parse(article, entities) for article, entities in zip(articles, found)]


def chunks(items: Sequence[Article], size: int | None = None) -> list[Sequence[Article]]:
    size = size or CHUNK_ARTICLES
    return [items[i : i + size] for i in range(0, len(items), size)]


def _init_worker() -> None:
    # A worker must not take the terminal's Ctrl-C: the main process handles it
    # and shuts the pool down.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Not the main process's SIGTERM handler (inherited by fork), which raises an
    # exception the pool's worker loop would try to send back and hang on.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_local(
    settings: Settings, articles: Sequence[Article], workers: int, done: Callable[[int], None] | None = None
) -> Iterator[Pairs]:
    """Pairs of each article, in order, from *workers* local processes (or this one)."""
    if workers <= 1 or len(articles) < MIN_PARALLEL:
        for part in chunks(articles):
            results = parse_chunk(settings, part)
            if done:
                done(len(part))
            yield from results
        return
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    # "fork" on Linux: workers start at once and need no importable __main__;
    # each opens its own databases (see _geoparser). Elsewhere the platform's default.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        try:
            parts = chunks(articles)
            for part, results in zip(parts, pool.map(parse_chunk, [settings] * len(parts), parts)):
                if done:
                    done(len(part))
                yield from results
        except BrokenProcessPool as err:
            raise GeoError(f"a worker process died ({err}); out of memory? try fewer --workers") from err
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_dask(
    settings: Settings, articles: Sequence[Article], address: str, done: Callable[[int], None] | None = None
) -> Iterator[Pairs]:
    """Pairs of each article, in order, computed by the workers of the Dask
    cluster whose scheduler is at *address* (``tcp://host:port``).

    Every worker needs this package, its model and its data installed (the
    same environment as here); each builds its own gazetteer index on first use.
    """
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - distributed is a dependency
        raise GeoError("--dask-scheduler needs the 'distributed' package: pip install distributed") from err
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise GeoError(f"cannot reach the Dask scheduler at {address}: {err}") from err
    try:
        shared = client.scatter(replace(settings, strict=settings.ner), broadcast=True)
        parts = chunks(articles)
        futures = client.map(parse_chunk, [shared] * len(parts), parts, pure=False)
        for part, future in zip(parts, futures):
            results = future.result()
            future.release()
            if done:
                done(len(part))
            yield from results
    finally:
        client.close()

