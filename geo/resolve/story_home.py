"""The home a story's datelines agree on, for a story whose places.yaml names none.

A local paper's story is written from one state: "JACKSON, Tenn. —" opens one article, and
the next, with no dateline, speaks of "Henry County" and "Athens" there too. Where every
article's dateline that names a state or a country after its place names the same one (or
states of one country), that is the story's home, and each article is read with it; an
article's own dateline still sets its own home. Datelines with nothing after the place
("LONDON (Reuters) —") say nothing of a home.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.abbreviations import REGION_ABBREVIATIONS
from ..text.datelines import dateline_at
from .gazetteer import Gazetteer

__all__ = ["dateline_qualifier", "story_home"]

#: A dateline's place in capitals and what follows it ("JACKSON, Tenn.", "QUETTA, Pakistan").
_DATELINE = re.compile(
    r"(?m)^(?P<name>[A-Z][A-Z.'\- ]*[A-Z.])(?P<qualifier>,\s*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3})"
)
#: How far into an article its dateline may stand (after a title line or two).
_REACH = 400


def dateline_qualifier(text: str) -> str | None:
    """The state or country written after the place of *text*'s dateline ("Tenn.",
    "Pakistan"), or None."""
    for match in _DATELINE.finditer(text, 0, _REACH):
        if dateline_at(text, match.start("name"), match.end("name")):
            return match.group("qualifier").lstrip(", \t")
    return None


def _where(qualifier: str, gazetteer: Gazetteer) -> tuple[str, str] | None:
    """``(country, state)`` a dateline's qualifier names: an abbreviation is a state or
    province ("Ga." is Georgia, US), a name a country before a state ("Georgia" alone is the
    country, as agencies write US states abbreviated)."""
    if qualifier in REGION_ABBREVIATIONS:
        name, kinds = REGION_ABBREVIATIONS[qualifier], ("region",)
    else:
        name, kinds = qualifier, ("country", "region")
    candidates = gazetteer.lookup(name)
    for kind in kinds:
        found = [c for c in candidates if c.kind == kind and c.primary]
        if found:
            best = max(found, key=lambda c: (c.population, -c.geonameid))
            return (best.country, best.name if kind == "region" else "")
    return None


def story_home(texts: Iterable[str], gazetteer: Gazetteer) -> str:
    """The home every qualified dateline of *texts* agrees on, written as ``story.region``
    takes it ("Tennessee, US"; "PK" where they name states of one country, or the country),
    or "" where none has one, one cannot be read, or they disagree on the country."""
    homes: set[tuple[str, str]] = set()
    for text in texts:
        qualifier = dateline_qualifier(text)
        if qualifier is None:
            continue
        where = _where(qualifier, gazetteer)
        if where is None:
            return ""
        homes.add(where)
    countries = {country for country, _ in homes}
    if len(countries) != 1:
        return ""
    country = countries.pop()
    regions = {region for _, region in homes}
    return f"{regions.pop()}, {country}" if len(regions) == 1 and "" not in regions else country
