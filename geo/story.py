"""The build pipeline: articles -> mentions -> resolved places -> distances.

``build_story`` reads the project folder and returns a :class:`~geo.model.Story`
plus the problems met on the way; it writes nothing. Rendering and writing
files are separate steps (:mod:`geo.render`, :mod:`geo.site`).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from typing import Any

from .articles import load_articles
from .basemap import country_polygons, iso2_to_iso3
from .claims import CheckedClaim, check_claim, find_claims
from .config import Config, load_config
from .distance import geodesic
from .errors import GeoError
from .gazetteer import open_gazetteer
from .geocoders.online import GeocodeCache, OnlineGeocoder, OnlineSettings, make_geopy_geocoder
from .ner import Entity, NerUnavailable, entities_many
from .resolve import Geoparser
from .review import apply_review
from .model import Article, Distance, Mention, Place, Resolution, Story

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


@dataclass(frozen=True, slots=True)
class BuildResult:
    story: Story
    config: Config
    resolutions: tuple[tuple[Mention, Resolution], ...]
    problems: tuple[GeoError, ...] = ()


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


def build_story(
    root: Path,
    options: BuildOptions | None = None,
    progress: Callable[[Article], None] | None = None,
) -> BuildResult:
    """Read the project at *root* and compute its story (no files written)."""
    options = options or BuildOptions()
    project = Project(root)
    config = load_config(project.places)
    articles, problems = load_articles(project.articles)
    gazetteer = open_gazetteer(options.gazetteer_dir)
    cache = GeocodeCache(project.geocode_cache)
    geocode = make_geopy_geocoder(options.online_settings) if options.online else None
    online = OnlineGeocoder(cache, options.online_settings, geocode)
    lock = apply_review(root)
    geoparser = Geoparser(config, gazetteer, online, lock)
    try:
        pairs: list[tuple[Mention, Resolution]] = []
        for article, entities in zip(articles, _entities(articles, options.ner, options.workers)):
            pairs.extend(geoparser.parse(article, entities))
            if progress is not None:
                progress(article)
    finally:
        cache.save()
        gazetteer.close()
    story = assemble(config, articles, pairs)
    story = replace(story, claims=check_claims(story, country_outlines(story.places)))
    return BuildResult(story=story, config=config, resolutions=tuple(pairs), problems=problems)


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


def check_claims(story: Story, outlines: dict[str, Any]) -> tuple[CheckedClaim, ...]:
    """Find and check the distance claims of every article (pure, given the outlines)."""
    by_article: dict[str, list[Mention]] = {}
    for mention in story.mentions:
        by_article.setdefault(mention.article, []).append(mention)
    places = {p.id: p for p in story.places}
    checked: list[CheckedClaim] = []
    for article in story.articles:
        for claim in find_claims(article, by_article.get(article.name, []), story.focus):
            checked.append(check_claim(claim, places, outlines))
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
            resolved.append(replace(mention, place_id=final[_identity(answer.place)].id))
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
