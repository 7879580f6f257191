"""Claims measured to an edge, not to a place's point (pure parsing).

With a number, read after the unit of a distance:

- "12 km from the Ukrainian border", "from Russia's border", "from the border with Egypt":
  ``border``, the distance to that country's land border;
- "30 km inside Syria", "into Ukraine": ``inside``, the same from within the country;
- "80 km off the coast of Sumatra", "off Somalia": ``coast``, the distance to its coast;
- "20 miles inland", "40 km from the coast": ``inland``, the distance to the nearest coast.

Without a number, "on the border with Egypt" (``on-border``), "near the Chinese border"
(``near-border``), "just across the Pakistani border" (``across-border``): the subject lies
within :data:`~geo.claims.verify.EDGE_TOLERANCES_KM` of that border (and, across it, inside
the country named).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Mention

__all__ = ["EdgeRead", "edge_after_unit", "edge_phrases", "EDGE_PROXIMITIES"]

_AFTER_UNIT = r"\s*(?:\([^()]{0,30}\)\s*)?"
_COMPASS = (r"(?:(?:to\s+the\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
            r"north\s+east|north\s+west|south\s+east|south\s+west)\s+)?")
_INLAND = re.compile(_AFTER_UNIT + r"(?:inland\b(?!\s+from)|from\s+the\s+(?:nearest\s+)?(?:coast|coastline|sea|shore)\b)",
                     re.IGNORECASE)
_INSIDE = re.compile(_AFTER_UNIT + r"(?:inside|into|deep\s+into)\s+(?:the\s+)?$", re.IGNORECASE)
_BORDER_LEAD = re.compile(_AFTER_UNIT + _COMPASS + r"(?:from|of|short\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_BORDER_WORD = re.compile(r"(?:['\u2019]s)?\s+(?:land\s+)?(?:border|frontier)\b", re.IGNORECASE)
_BORDER_WITH = re.compile(_AFTER_UNIT + _COMPASS + r"(?:from|of|short\s+of)\s+(?:the|its)\s+(?:land\s+)?(?:border|frontier)"
                          r"\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_COAST_LEAD = re.compile(_AFTER_UNIT + _COMPASS + r"off\s+(?:the\s+)?(?:(?:\w+\s+)?coast(?:line)?\s+of\s+(?:the\s+)?)?$",
                         re.IGNORECASE)
_COAST_FROM = re.compile(_AFTER_UNIT + _COMPASS + r"(?:from|of)\s+(?:the\s+)?(?:\w+\s+)?coast(?:line)?\s+of\s+(?:the\s+)?$",
                         re.IGNORECASE)
#: A coast or a border of a name no backend placed ("80 km off the coast of Sumatra"): a claim
#: still, that cannot be checked.
_UNPLACED = re.compile(
    _AFTER_UNIT + _COMPASS + r"(?:off\s+(?:the\s+)?(?:(?:\w+\s+)?coast(?:line)?\s+of\s+(?:the\s+)?)?"
    r"|(?:from|of)\s+(?:the\s+)?(?:(?:\w+\s+)?coast(?:line)?\s+of|(?:border|frontier)\s+with)\s+(?:the\s+)?)"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})"
)
#: Phrases without a number: the kind of claim, and the words before the country's name.
EDGE_PROXIMITIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("on-border", re.compile(r"\b(?:on|along|at|straddling)\s+the\s+(?:land\s+)?(?:border|frontier)\s+with\s+(?:the\s+)?$",
                             re.IGNORECASE)),
    ("near-border", re.compile(r"\b(?:near|close\s+to)\s+the\s+(?:land\s+)?(?:border|frontier)\s+with\s+(?:the\s+)?$",
                               re.IGNORECASE)),
    ("across-border", re.compile(r"\b(?:just\s+)?across\s+the\s+(?:land\s+)?(?:border|frontier)\s+(?:in|into)\s+(?:the\s+)?$",
                                 re.IGNORECASE)),
)
#: The same with the country before "border": "on the Egyptian border", "just across the Pakistani border".
_PROXIMITY_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("on-border", re.compile(r"\b(?:on|along|at|straddling)\s+(?:the\s+)?$", re.IGNORECASE)),
    ("near-border", re.compile(r"\b(?:near|close\s+to)\s+(?:the\s+)?$", re.IGNORECASE)),
    ("across-border", re.compile(r"\b(?:just\s+)?across\s+(?:the\s+)?$", re.IGNORECASE)),
)


@dataclass(frozen=True, slots=True)
class EdgeRead:
    """An edge a claim is measured to: the kind, the mention of the country (or place) whose
    edge it is (None for the nearest coast), and where the words of the claim end."""

    edge: str
    reference: Mention | None
    end: int


def edge_after_unit(text: str, unit_end: int, limit: int, mentions: Sequence[Mention]) -> EdgeRead | None:
    """The edge the words after a distance's unit (at *unit_end*) measure to, if any."""
    inland = _INLAND.match(text, unit_end, limit)
    if inland is not None:
        return EdgeRead("inland", None, inland.end())
    after = [m for m in mentions if m.start >= unit_end and m.end <= limit]
    for mention in after[:2]:
        lead = text[unit_end : mention.start]
        if len(lead) > 80:
            break
        if _INSIDE.fullmatch(lead):
            return EdgeRead("inside", mention, mention.end)
        if _BORDER_WITH.fullmatch(lead):
            return EdgeRead("border", mention, mention.end)
        if _BORDER_LEAD.fullmatch(lead):
            word = _BORDER_WORD.match(text, mention.end, limit)
            if word is not None:
                return EdgeRead("border", mention, word.end())
        if _COAST_LEAD.fullmatch(lead) or _COAST_FROM.fullmatch(lead):
            return EdgeRead("coast", mention, mention.end)
    unplaced = _UNPLACED.match(text, unit_end, limit)
    if unplaced is not None:
        kind = "coast" if "coast" in unplaced.group(0).casefold() or "off" in unplaced.group(0).casefold() else "border"
        return EdgeRead(kind, None, unplaced.end())
    return None


def edge_phrases(text: str, start: int, end: int, mentions: Sequence[Mention]) -> list[tuple[str, Mention, int]]:
    """The border proximities of a sentence ``[start, end)``: ``(kind, country mention, start
    of the phrase)`` for "on the border with Egypt", "near the Chinese border"..."""
    found: list[tuple[str, Mention, int]] = []
    for mention in mentions:
        lead = text[max(start, mention.start - 50) : mention.start]
        for kind, pattern in EDGE_PROXIMITIES:
            hit = pattern.search(lead)
            if hit is not None:
                found.append((kind, mention, mention.start - len(lead) + hit.start()))
                break
        else:
            if _BORDER_WORD.match(text, mention.end, end) is None:
                continue
            for kind, pattern in _PROXIMITY_BEFORE:
                hit = pattern.search(lead)
                if hit is not None:
                    found.append((kind, mention, mention.start - len(lead) + hit.start()))
                    break
    return found
