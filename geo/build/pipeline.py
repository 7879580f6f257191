"""The build pipeline: articles -> mentions -> resolved places -> distances -> claims.

``build_story`` reads the project folder and returns a :class:`~geo.model.Story`
plus the problems met on the way; it writes nothing but the article cache.
Rendering and writing files are separate steps (:mod:`geo.build.render`,
:mod:`geo.project.output`). The cache is used here and nowhere else: each
stage below is pure, and :func:`~geo.build.cache.reuse` takes what an
unchanged article gave last time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..claims import claims_of_articles, country_outlines
from ..ingest.articles import load_articles, parse_articles
from ..ingest.config import Config, load_config
from ..ingest.review import apply_review
from ..model import Article, Mention, Resolution
from ..project.paths import Project
from ..resolve.gazetteer import index_key, open_gazetteer
from ..resolve.geocoders.online import GeocodeCache
from ..resolve.story_home import story_home
from .assemble import assemble, fingerprints
from .cache import CACHE_FILE_NAME, ArticleCache, TableMemo, article_key, code_version, digest, model_version, reuse
from .options import BuildOptions, BuildResult
from .reading import read_pairs

__all__ = ["build_story"]

log = logging.getLogger(__name__)

Pairs = list[tuple[Mention, Resolution]]


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What every article is read with."""

    project: Project
    config: Config
    lock: dict[str, int | None]
    options: BuildOptions
    shared: str  # the digest of all of it (see _shared_digest)


def build_story(
    root: Path,
    options: BuildOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Read the project at *root* and compute its story (no files written but the caches).

    The per-article work runs in ``options.workers`` processes, or on the Dask
    cluster at ``options.dask_scheduler``; with ``options.cache`` the results of
    articles unchanged since the last build are reused. None of these changes
    the result. *progress* is told how many articles were done, as they are.
    """
    options = options or BuildOptions()
    project = Project(root)
    project.check_inputs()
    config = load_config(project.places)
    cache = ArticleCache(project.cache / CACHE_FILE_NAME) if options.cache else None
    memos = {table: TableMemo(cache, table) for table in ("articles", "pairs", "claims")} if cache else {}
    try:
        articles, problems = load_articles(project.articles, _parser(memos.get("articles")))
        inputs = _inputs(project, config, options, articles)
        keys = [article_key(article, inputs.shared) for article in articles]
        pairs = _pairs(articles, keys, inputs, memos.get("pairs"), progress)
        story = assemble(config, articles, pairs)
        prints = fingerprints(story, dict(zip((a.name for a in articles), keys))) if cache else {}
        outlines = country_outlines(story.places)
        claims = reuse(memos.get("claims"), story.articles, lambda a: digest("claims", prints[a.name]),
                       lambda todo: claims_of_articles(story, outlines, todo))
        story = replace(story, claims=tuple(c for of_article in claims for c in of_article))
        for memo in memos.values():
            memo.flush()
    finally:
        if cache is not None:
            cache.close()
    return BuildResult(story=story, config=config, resolutions=tuple(pairs), problems=problems, fingerprints=prints)


def _parser(memo: TableMemo | None) -> Callable[[Sequence[tuple[str, str]]], list]:
    """Parse article texts, reusing what an unchanged file gave last time."""
    return lambda texts: reuse(memo, texts, lambda t: digest("article", *t), parse_articles,
                               keep=lambda parsed: isinstance(parsed, Article))


def _inputs(project: Project, config: Config, options: BuildOptions, articles: Sequence[Article]) -> _Inputs:
    lock = apply_review(project.root)
    geocoded = GeocodeCache(project.geocode_cache).answers()
    if not config.story.region:
        config = _with_dateline_home(config, articles, options)
    # The cache key is made of the text that was parsed (and the home its datelines gave), not of a later read.
    parsed = config.source.encode("utf-8") + config.story.region.encode("utf-8")
    shared = _shared_digest(parsed, options, lock, geocoded)
    return _Inputs(project, config, lock, options, shared)


def _with_dateline_home(config: Config, articles: Sequence[Article], options: BuildOptions) -> Config:
    """*config* with the home its articles' datelines agree on as ``story.region``, if any."""
    gazetteer = open_gazetteer(options.gazetteer_dir)
    try:
        region = story_home((a.text for a in articles), gazetteer)
    finally:
        gazetteer.close()
    if not region:
        return config
    log.info("the articles' datelines place the story in %s: its home, as story.region would", region)
    return replace(config, story=replace(config.story, region=region))


def _pairs(
    articles: Sequence[Article], keys: list[str], inputs: _Inputs, memo: TableMemo | None,
    progress: Callable[[int], None] | None,
) -> Pairs:
    """Every article's (mention, resolution) pairs, in article order."""

    def read(todo: list[int]) -> list[Pairs]:
        if progress is not None and len(articles) > len(todo):
            progress(len(articles) - len(todo))
        log.info("%d articles: %d from the cache, %d to read", len(articles), len(articles) - len(todo), len(todo))
        return list(read_pairs([articles[i] for i in todo], inputs.config, inputs.lock, inputs.options,
                               inputs.project.geocode_cache, progress))

    # A name the online geocoder failed on (timeout, rate limit...) is asked
    # again next time: such an article is not kept.
    found = reuse(memo, range(len(articles)), keys.__getitem__, read,
                  keep=lambda pairs: not any(r.place is None and r.failed for _, r in pairs))
    return [pair for pairs in found for pair in pairs]


def _shared_digest(places_text: bytes, options: BuildOptions, lock: dict[str, int | None], geocoded: str) -> str:
    """What every article's result depends on but the article (see :mod:`geo.build.cache`)."""
    parts = [
        places_text,
        repr(sorted(lock.items())).encode(),
        geocoded.encode(),
        index_key().encode(),
        model_version().encode(),
        code_version().encode(),
        repr((options.ner, options.online, options.online and options.online_settings)).encode(),
    ]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()
