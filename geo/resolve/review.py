"""Candidates for the names a build placed with little confidence (``geo places --review``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..find.words import CALENDAR, FUNCTION_WORDS, TITLES
from ..ingest.review import DECIDED_NOT_A_PLACE, REVIEW_THRESHOLD, ReviewItem
from ..model import Mention, Resolution, Source
from .gazetteer import Gazetteer
from .geocoders.offline import scores

__all__ = ["review_items"]


#: Words set aside that no reader needs to review: days, months, pronouns and the like, titles.
_NEVER_PLACES = CALENDAR | FUNCTION_WORDS | TITLES


def _never_a_place(mention: Mention) -> bool:
    """Whether *mention* was set aside as a word of the calendar, a function word or a title
    ("Thursday", "We", "Minister"): listed by ``geo places --rejected``, not for review."""
    return bool(mention.rejected) and mention.key in _NEVER_PLACES


def review_items(
    pairs: Iterable[tuple[Mention, Resolution]], texts: Mapping[str, str], gazetteer: Gazetteer, limit: int = 8
) -> tuple[ReviewItem, ...]:
    """One item per doubtful name: resolved by the gazetteer below the threshold, unresolved,
    or set aside by the finders though the gazetteer knows it (not a word of the calendar, a
    function word or a title)."""
    grouped: dict[str, list[tuple[Mention, Resolution]]] = {}
    for mention, answer in pairs:
        doubtful = answer.place is None or (answer.backend == Source.GEONAMES and answer.place.confidence < REVIEW_THRESHOLD)
        if doubtful and mention.locates and mention.rejected != DECIDED_NOT_A_PLACE and not _never_a_place(mention):
            grouped.setdefault(mention.key, []).append((mention, answer))
    items = []
    for key, group in sorted(grouped.items()):
        mention, answer = group[0]
        candidates = gazetteer.lookup(key)
        if mention.rejected and not candidates:
            continue  # set aside and unknown to the gazetteer: nothing to choose from
        ranked = sorted(zip(scores(candidates), candidates), key=lambda vc: (-vc[0], vc[1].geonameid))[:limit]
        text = texts.get(mention.article, "")
        items.append(
            ReviewItem(
                key=key,
                name=mention.text,
                articles=tuple(sorted({m.article for m, _ in group})),
                sentence=" ".join(text[mention.sentence.start : mention.sentence.end].split()),
                chosen=answer.place.geonameid if answer.place else None,
                chosen_name=f"{answer.place.name}, {answer.place.country}" if answer.place else "",
                confidence=answer.place.confidence if answer.place else None,
                candidates=tuple(
                    {"geonameid": c.geonameid, "name": c.name, "kind": c.kind, "country": c.country,
                     "region": c.region, "population": c.population, "lat": c.lat, "lon": c.lon}
                    for _, c in ranked if c.geonameid > 0
                ),
            )
        )
    return tuple(items)
