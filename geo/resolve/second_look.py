"""A second look at the names set aside: those the text may yet place.

The finders set a name aside with a reason (a person's, part of an organisation's, too small,
the recogniser's unknown guess). Some of those the text itself puts somewhere: a state or
country written right after ("to Warwick in Queensland"), a list of places it stands in ("Cairo,
Giza, and Al-Minya"), a word that places it ("a caravan park in Cornwall"), a site after it in
lower case ("the Pirbright laboratory"). Such names are resolved on trial with the article's
other places and become places only when the trial places them as the text says (in the area
written after them) or with confidence; the others stay set aside, with their first reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from ..find.ner import Entity
from ..find.rules import LABEL_REASONS, UNKNOWN_GUESS
from ..find.words import SITE_NOUNS
from ..model import Mention, Resolution
from .definitions import written_before_a_name
from .geocoders.offline import TOWN_KINDS

__all__ = ["LISTED", "among_places", "placed_in_the_area_after", "placed_with_confidence", "settled", "worth_trying"]

#: Between two names of a list: a comma, "and" or "or" ("Khan Younis and the Jabalia camp"; a
#: comma and "the" is an apposition: "Porfirio Diaz, the Mexican dictator").
LISTED = re.compile(r"\s*(?:,|(?:,\s*)?(?:and|or)(?:\s+the\b)?)\s*")


#: Reasons for setting a name aside that a state or country written right after it overrules
#: ("to Warwick in Queensland", "Reston, Virginia": not people).
_PLACED_BY_AREA = ("a person's name, as the recogniser reads it", "part of an organisation's name",
                   "too small a place to stand alone")
#: A comma or "in" right before the next name.
_AREA_AFTER = re.compile(r"\s*,\s*(?=[A-Z])|\s+in\s+(?=[A-Z])")


def worth_trying(text: str, aside: list[Mention], entities: Sequence[Entity]) -> dict[tuple[int, int], Mention]:
    """Names set aside that the text may yet place: the recogniser's unknown places written right
    before a known one ("X, Quezon City"), and names read as a person's written right before a
    state or country ("to Warwick in Queensland"), by their offsets."""
    guesses = {(m.start, m.end): m for m in aside if m.rejected == UNKNOWN_GUESS and written_before_a_name(text, m.end)}
    qualified = {(m.start, m.end): m for m in aside if m.rejected.startswith(_PLACED_BY_AREA)
                 and _AREA_AFTER.match(text, m.end) and not _inside_a_longer_name(m, entities)}
    return guesses | qualified


#: Reasons for setting a name aside that its being listed among places, or written after a word
#: that places it, overrules ("Cairo, Giza and Minya", "a caravan park in Cornwall").
_READ_AS_A_PERSON = ("a person's name, as the recogniser reads it", "a person's name")
#: Words right before a name that make it a place rather than a person ("in Cornwall"), and a
#: journey's end ("fled south to Hope", "flew to Geneva", "drove back to Merritt"): people are
#: not driven south to one another. A letter "to Victoria" or a gift "from Austin" is no journey.
_PLACING_WORD = re.compile(
    r"\b(?:(?:in|near|outside|across|throughout|called|named)"
    r"|(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ward)?|(?:fl[eo]w|fled|flown|drove|driven|moved|"
    r"travell?ed|headed|returned|evacuated|relocated|sailed|deployed|airlifted|bused|rushed)(?:\s+back)?)\s+to)\s+$",
    re.IGNORECASE,
)
#: How far before a name its placing words may start.
_PLACING_REACH = 24
#: After a name, a site there in lower case ("the Pirbright laboratory", "the Dadaab refugee camps",
#: "the Yanacocha mine"): the name is where the site is, not a person's or a firm's.
_SITE_AFTER = re.compile(r"\s(?:[a-z]+\s)?(" + "|".join(sorted(SITE_NOUNS, key=len, reverse=True)) + r")\b")
_PART_OF_AN_ORGANISATION = LABEL_REASONS["ORG"]
#: The recogniser's labels of names that a list of places may be mistaken for.
_READ_AS_A_NAME = ("ORG", "WORK_OF_ART", "EVENT")
#: A capitalised word right before a name: a first name or a title ("Dr Smith laboratory").
_NAMED_BEFORE = re.compile(r"\b[A-Z][\w.]*\s+$")
#: How confidently a name read as a person's must be placed to be a place after all.
AMONG_PLACES_CONFIDENCE = 0.6


def among_places(text: str, aside: list[Mention], kept: list[Mention],
                  entities: Sequence[Entity]) -> dict[tuple[int, int], Mention]:
    """Names the recogniser read as a person's, alone (not part of a longer name), that stand
    among places: listed next to a place of the article ("Cairo, Giza, and Al-Minya"; "Moonbi,
    Parkes, Berry and Wyong"), or after a word that places them ("in Cornwall", "a town called
    Låsby"), and not a possessive ("in Austin's view"); and names read as a person's or a firm's
    before a site in lower case ("the Pirbright laboratory"). By their offsets."""
    spans = {(m.start, m.end) for m in kept}
    people = [m for m in aside if m.rejected.startswith(_READ_AS_A_PERSON) and not _inside_a_longer_name(m, entities)
              and not text.startswith(("'s", "’s"), m.end)]
    out = {(m.start, m.end): m for m in people if _PLACING_WORD.search(text, max(0, m.start - _PLACING_REACH), m.start)}
    grown = True
    while grown:  # a list grows from its places: "Cairo, Giza, Qena and Minya"
        spans |= set(out)
        before = len(out)
        out |= {(m.start, m.end): m for m in people if any(
            LISTED.fullmatch(text[end : m.start] if end <= m.start else text[m.end : start])
            for start, end in spans if end <= m.start or start >= m.end)}
        grown = len(out) > before
    sites = {(m.start, m.end): m for m in aside if m.rejected.startswith((*_READ_AS_A_PERSON, _PART_OF_AN_ORGANISATION))
             and _SITE_AFTER.match(text, m.end) and not _NAMED_BEFORE.search(text, max(0, m.start - 20), m.start)}
    return out | sites | _places_read_as_a_firm(text, aside, entities)


def _places_read_as_a_firm(text: str, aside: list[Mention], entities: Sequence[Entity]) -> dict[tuple[int, int], Mention]:
    """Names the recogniser read as one organisation (or a title, an event) made of nothing but
    names joined by "and" or commas, after a word that places them ("villages in Garut and
    Tasikmalaya", "drove south to Hope and Chilliwack")."""
    out: dict[tuple[int, int], Mention] = {}
    for entity in entities:
        if entity.label not in _READ_AS_A_NAME or not _PLACING_WORD.search(
                text, max(0, entity.start - _PLACING_REACH), entity.start):
            continue
        reason = LABEL_REASONS[entity.label]
        inside = sorted((m for m in aside if entity.start <= m.start and m.end <= entity.end
                         and m.rejected.startswith(reason)), key=lambda m: m.start)
        if (len(inside) >= 2 and inside[0].start == entity.start and not text[inside[-1].end : entity.end].strip()
                and all(LISTED.fullmatch(text[a.end : b.start]) for a, b in pairwise(inside))):
            out |= {(m.start, m.end): m for m in inside}
    return out


def placed_with_confidence(pairs: list[tuple[Mention, Resolution]],
                            among: dict[tuple[int, int], Mention]) -> set[tuple[int, int]]:
    """The names of *among* the trial placed with confidence (a town of the article's countries,
    a state of them): the others stay set aside."""
    return {(m.start, m.end) for m, a in pairs
            if (m.start, m.end) in among and a.place is not None and a.place.confidence >= AMONG_PLACES_CONFIDENCE}


def settled(mention: Mention, answer: Resolution, tried: dict[tuple[int, int], Mention],
             placed: set[tuple[int, int]]) -> tuple[Mention, Resolution]:
    """A tried name's pair: a place if the trial placed it (an unknown place anywhere, a person's
    name only in the area written after it), else set aside again with its first reason."""
    at = (mention.start, mention.end)
    if at not in tried:
        return mention, answer
    first = tried[at]
    if answer.place is not None and (first.rejected == UNKNOWN_GUESS or at in placed):
        return mention, answer
    return first, Resolution(mention.key, None, "", f"set aside: {first.rejected}")


def _inside_a_longer_name(mention: Mention, entities: Sequence[Entity]) -> bool:
    """Whether the recogniser reads *mention* as part of a longer name ("Fillmore" of "Millard Fillmore")."""
    return any(e.start <= mention.start and mention.end <= e.end and (e.start, e.end) != (mention.start, mention.end)
               for e in entities)


def placed_in_the_area_after(text: str, pairs: list[tuple[Mention, Resolution]],
                       qualified: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The names of *qualified* resolved to a town in the state or country written right after
    them ("Warwick in Queensland" a town of Queensland): the others stay set aside."""
    out: set[tuple[int, int]] = set()
    for (mention, answer), (next_mention, area) in pairwise(pairs):
        here, there = answer.place, area.place
        if (mention.start, mention.end) not in qualified or here is None or there is None or here.kind not in TOWN_KINDS:
            continue
        gap = _AREA_AFTER.match(text, mention.end)
        if gap is None or gap.end() != next_mention.start:
            continue
        if there.kind == "country" and here.country == there.country \
                or there.kind == "region" and here.country == there.country and here.region == there.name:
            out.add((mention.start, mention.end))
    return out
