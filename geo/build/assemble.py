"""Resolved mentions gathered into a story: places, ids, distances (pure)."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import replace

from ..ingest.config import Config
from ..measure.distance import geodesic
from ..model import Article, Distance, Mention, Place, Resolution, Source, Story
from .cache import digest

__all__ = ["assemble", "fingerprints"]


def fingerprints(story: Story, keys: dict[str, str]) -> dict[str, str]:
    """For each article, a digest of its pairs' cache key (its text, and all it was
    resolved with), the story's focus, and the places its mentions name, as
    placed in this story (ids, names, coordinates...). Whatever an article
    contributes to the map, its reading page and the exports is a function of
    this fingerprint (and of the story's title, which callers add)."""
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


def _identity(place: Place) -> tuple:
    """What makes two resolved places the same place, whatever their confidence."""
    if place.source == Source.CURATED:
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
    rejected: list[Mention] = []
    for mention, answer in pairs:
        if mention.rejected:
            rejected.append(mention)
        elif answer.place is None:
            unresolved.append(mention)
        else:
            resolved.append(mention.placed(final[_identity(answer.place)].id))
    places = {p.id: p for p in final.values()}
    ordered = tuple(sorted(places.values(), key=lambda p: (p.source != Source.CURATED, p.name.casefold(), p.id)))
    return Story(
        title=config.story.title,
        focus=config.story.focus,
        articles=tuple(sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.name))),
        places=ordered,
        mentions=tuple(resolved),
        distances=_distances(config, places),
        unresolved=tuple(unresolved),
        rejected=tuple(rejected),
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
