"""The build pipeline: articles -> mentions -> resolved places -> distances.

``build_story`` reads the project folder and returns a :class:`~geo.model.Story`
plus the problems met on the way; it writes nothing. Rendering and writing
files are separate steps (:mod:`geo.render`, :mod:`geo.project.output`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..claims import CheckedClaim, check_claim, find_claims
from ..errors import ArticleError, ConfigError, GeoError
from ..find.ner import Entity, NerUnavailable, entities_many, ner_missing
from ..ingest.articles import load_articles
from ..ingest.config import Config, load_config
from ..ingest.review import apply_review
from ..measure.distance import geodesic
from ..measure.outlines import country_polygons, iso2_to_iso3
from ..model import Article, Distance, Mention, Place, Resolution, Story
from ..project.yaml_reader import quote
from ..resolve.gazetteer import index_key, open_gazetteer
from ..resolve.geocoders.online import GeocodeCache, OnlineGeocoder, OnlineSettings, make_geopy_geocoder
from ..resolve.geoparser import Geoparser
from .cache import (
    CACHE_DIR_NAME,
    CACHE_FILE_NAME,
    ArticleCache,
    TableMemo,
    article_key,
    code_version,
    digest,
    model_version,
)
from .parallel import Settings, run_dask, run_local

__all__ = ["BuildOptions", "BuildResult", "build_story", "Project", "GEOCODE_CACHE_NAME"]

log = logging.getLogger(__name__)

GEOCODE_CACHE_NAME = "geocode-cache.json"


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


@dataclass(frozen=True, slots=True)
class Project:
    """The files of a story project folder."""

    root: Path

    @property
    def places(self) -> Path:
        return self.root / "places.yaml"

    @property
    def articles(self) -> Path:
        return self.root / "articles"

    @property
    def maps(self) -> Path:
        return self.root / "maps"

    @property
    def geocode_cache(self) -> Path:
        return self.root / GEOCODE_CACHE_NAME

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIR_NAME

    def check_inputs(self) -> None:
        """Refuse inputs that lead outside the project folder (links), so a project
        received from someone else cannot make a build read, and publish, other files."""
        from ..ingest.review import LOCK_NAME, REVIEW_NAME

        root = self.root.resolve()
        inputs = (self.places, self.articles, self.geocode_cache, self.root / LOCK_NAME, self.root / REVIEW_NAME)
        for path in inputs:
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                error = ArticleError if path == self.articles else ConfigError
                raise error(f"a symbolic link to {quote(os.readlink(path))}, outside the project; "
                            "copy it into the project instead", path=path.name)


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
    # The cache key is made of the text that was parsed, not of a later read.
    places_text = config.source.encode("utf-8")
    cache = ArticleCache(project.cache / CACHE_FILE_NAME) if options.cache else None
    memos = {table: TableMemo(cache, table) for table in ("articles", "pairs", "claims")} if cache else {}
    try:
        articles, problems = load_articles(project.articles, memos.get("articles"))
        lock = apply_review(root)
        geocoded = GeocodeCache(project.geocode_cache).answers()
        settings = Settings(config, tuple(sorted(lock.items())),
                            str(options.gazetteer_dir) if options.gazetteer_dir else None, options.ner, geocoded)
        shared = _shared_digest(places_text, options, lock, geocoded)
        keys = [article_key(article, shared) for article in articles]
        known = memos["pairs"].get_many(keys) if cache else {}
        todo = [(a, k) for a, k in zip(articles, keys) if k not in known]
        if progress is not None and len(articles) > len(todo):
            progress(len(articles) - len(todo))
        log.info("%d articles: %d from the cache, %d to read", len(articles), len(articles) - len(todo), len(todo))
        results = _parse([a for a, _ in todo], config, lock, settings, options, project, progress)
        for (_, key), pairs_of_article in zip(todo, results):
            known[key] = pairs_of_article
            # A name the online geocoder failed on (timeout, rate limit...) is
            # asked again next time: such an article is not kept.
            if cache and not any(a.place is None and " failed: " in a.reason for _, a in pairs_of_article):
                memos["pairs"].put(key, pairs_of_article)
        pairs: list[tuple[Mention, Resolution]] = [pair for key in keys for pair in known[key]]
        story = assemble(config, articles, pairs)
        prints = fingerprints(story, dict(zip((a.name for a in articles), keys))) if cache else {}
        story = replace(story, claims=check_claims(story, country_outlines(story.places), memos.get("claims"), prints))
        for memo in memos.values():
            memo.flush()
    finally:
        if cache is not None:
            cache.close()
    return BuildResult(story=story, config=config, resolutions=tuple(pairs), problems=problems, fingerprints=prints)


def fingerprints(story: Story, keys: dict[str, str]) -> dict[str, str]:
    """For each article, a digest of its pairs' cache key (its text, and all it was
    resolved with), the story's focus, and the places its mentions name, as
    placed in this story (ids, names, coordinates...). Whatever an article
    contributes to the map, its reading page and the exports is a function of
    this fingerprint (and of the story's title, which callers add)."""
    import hashlib

    place_digest = {p.id: hashlib.sha256(repr(p).encode()).hexdigest()[:16] for p in story.places}
    named: dict[str, set[str]] = {a.name: set() for a in story.articles}
    for mention in story.mentions:
        if mention.place_id:
            named[mention.article].add(mention.place_id)
    focus = story.focus or ""
    extra = [focus, place_digest.get(focus, "")]
    return {
        name: digest("fingerprint", keys[name], *extra, *(f"{pid}={place_digest[pid]}" for pid in sorted(ids)))
        for name, ids in named.items()
    }


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


def _parse(
    articles: Sequence[Article],
    config: Config,
    lock: dict[str, int | None],
    settings: Settings,
    options: BuildOptions,
    project: Project,
    progress: Callable[[int], None] | None,
) -> Iterator[list[tuple[Mention, Resolution]]]:
    """The pairs of each article, in order: offline work anywhere, online work here."""
    if not articles:
        return
    if not options.online:
        if options.dask_scheduler:
            yield from run_dask(settings, articles, options.dask_scheduler, progress)
        else:
            open_gazetteer(options.gazetteer_dir).close()  # built once here, not by every worker at once
            missing = ner_missing() if settings.ner else None
            if missing:
                log.warning("%s; finding places with the gazetteer only", missing)
                settings = replace(settings, ner=False)
            yield from run_local(settings, articles, options.workers, progress)
        return
    # Online: one geoparser here, so the rate limit and the geocode cache are
    # shared; NER still runs in parallel processes.
    gazetteer = open_gazetteer(options.gazetteer_dir)
    cache = GeocodeCache(project.geocode_cache)
    online = OnlineGeocoder(cache, options.online_settings, make_geopy_geocoder(options.online_settings))
    geoparser = Geoparser(config, gazetteer, online, lock)
    try:
        for article, entities in zip(articles, _entities(articles, options.ner, options.workers)):
            yield geoparser.parse(article, entities)
            if progress is not None:
                progress(1)
    finally:
        cache.save()
        gazetteer.close()


def _entities(articles: Sequence[Article], enabled: bool, workers: int = 1) -> Iterator[tuple[Entity, ...]]:
    """Named entities of each article, or none when NER is off or not installed."""
    if enabled:
        try:
            yield from entities_many((a.text for a in articles), workers=workers)
            return
        except NerUnavailable as err:
            log.warning("%s; finding places with the gazetteer only", err)
    for _ in articles:
        yield ()


def country_outlines(places: Iterable[Place]) -> dict[str, Any]:
    """The Natural Earth outline of each country place, by place id."""
    polygons = country_polygons()
    to_iso3 = iso2_to_iso3()
    return {
        p.id: polygons[to_iso3[p.country]]
        for p in places
        if p.kind == "country" and to_iso3.get(p.country) in polygons
    }


def check_claims(
    story: Story, outlines: dict[str, Any], memo: TableMemo | None = None, prints: dict[str, str] | None = None
) -> tuple[CheckedClaim, ...]:
    """Find and check the distance claims of every article (pure, given the outlines).

    With *memo* and the articles' :func:`fingerprints`, the claims of an
    article whose fingerprint is unchanged are reused.
    """
    by_article: dict[str, list[Mention]] = {}
    for mention in story.mentions:
        by_article.setdefault(mention.article, []).append(mention)
    places = {p.id: p for p in story.places}

    def compute(article: Article) -> tuple[CheckedClaim, ...]:
        found = find_claims(article, by_article.get(article.name, []), story.focus)
        return tuple(check_claim(claim, places, outlines) for claim in found)

    if memo is None or not prints:
        return tuple(c for article in story.articles for c in compute(article))
    keys = [digest("claims", prints[article.name]) for article in story.articles]
    known = memo.get_many(keys)
    checked: list[CheckedClaim] = []
    for article, key in zip(story.articles, keys):
        if key not in known:
            known[key] = compute(article)
            memo.put(key, known[key])
        checked.extend(known[key])
    return tuple(checked)


def _identity(place: Place) -> tuple:
    """What makes two resolved places the same place, whatever their confidence."""
    if place.source == "places.yaml":
        return (0, place.id)
    if place.geonameid:
        return (1, place.geonameid)
    return (2, place.source, place.name, round(place.lat, 4), round(place.lon, 4))


def assemble(config: Config, articles: tuple[Article, ...], pairs: list[tuple[Mention, Resolution]]) -> Story:
    """Gather resolved mentions into places, and compute the distances (pure).

    A place found several times keeps its most confident resolution. Ids do
    not depend on the order of the articles: namesakes that would share an id
    are told apart by their GeoNames id, in a fixed order.
    """
    best: dict[tuple, Place] = {}
    for _, answer in pairs:
        place = answer.place
        if place is not None:
            key = _identity(place)
            if key not in best or place.confidence > best[key].confidence:
                best[key] = place
    for place_id in sorted({config.story.focus, *(p for pair in config.distances for p in pair)} - {None}):
        best.setdefault((0, place_id), config.place(place_id))
    final: dict[tuple, Place] = {}
    taken: set[str] = {p.id for p in config.places}
    for key in sorted(best, key=lambda k: (k[0], str(k[1:]))):
        place = best[key]
        if key[0] != 0 and place.id in taken:
            suffix = place.geonameid or zlib.crc32(repr(key).encode()) % 100_000
            place = replace(place, id=f"{place.id}-{suffix}")
        taken.add(place.id)
        final[key] = place
    resolved: list[Mention] = []
    unresolved: list[Mention] = []
    for mention, answer in pairs:
        if answer.place is None:
            unresolved.append(mention)
        else:
            resolved.append(mention.placed(final[_identity(answer.place)].id))
    places = {p.id: p for p in final.values()}
    ordered = tuple(sorted(places.values(), key=lambda p: (p.source != "places.yaml", p.name.casefold(), p.id)))
    return Story(
        title=config.story.title,
        focus=config.story.focus,
        articles=tuple(sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.name))),
        places=ordered,
        mentions=tuple(resolved),
        distances=_distances(config, places),
        unresolved=tuple(unresolved),
        pairs=config.distances,
    )


def _distances(config: Config, places: dict[str, Place]) -> tuple[Distance, ...]:
    wanted: list[tuple[str, str]] = list(config.distances)
    focus = config.story.focus
    if focus and config.story.show_focus_distances:
        wanted += [(focus, pid) for pid in sorted(places) if pid != focus]
    seen: set[tuple[str, str]] = set()
    out: list[Distance] = []
    for a, b in wanted:
        if (a, b) in seen or a not in places or b not in places:
            continue
        seen.add((a, b))
        out.append(geodesic(places[a], places[b]))
    return tuple(out)
