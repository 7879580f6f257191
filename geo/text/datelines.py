"""Datelines: the place an agency writes in capitals before its story ("GLASGOW, Ky. (AP) —")."""

from __future__ import annotations

import re

__all__ = ["bare_dateline", "dateline_at"]

#: After a dateline's place: an optional qualifier ("Ky.", "Afghanistan"), an optional
#: agency in brackets, then a dash or a colon.
_DATELINE_TAIL = re.compile(
    r"(?P<qualifier>,\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?\s*(?:\([A-Za-z][\w .&-]{0,30}\)\s*)?"
    r"(?:[\u2014\u2013]|--?|:)\s"
)
#: A dateline opens one of an article's first lines.
_DATELINE_REACH = 400


def dateline_at(text: str, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` is an article's dateline: written in capitals at the
    start of one of its first lines, then a qualifier, an agency and a dash ("GLASGOW, Ky. (AP) —")."""
    if start > _DATELINE_REACH or (start > 0 and text[start - 1] != "\n"):
        return False
    written = text[start:end]
    if not (written.isupper() and len(written) > 1):
        return False
    return _DATELINE_TAIL.match(text, end) is not None


def bare_dateline(text: str, end: int) -> bool:
    """Whether a dateline ending at *end* stands alone, with no state or country after it
    ("LONDON (Reuters) —"). Agencies write a place alone only when it is known the world
    over (AP's list of cities that stand alone; a foreign capital), so such a name is the
    prominent namesake whatever the story's home.

    >>> bare_dateline("LONDON (Reuters) — Rain.", 6), bare_dateline("LONDON, Ky. (AP) — Rain.", 6)
    (True, False)
    """
    match = _DATELINE_TAIL.match(text, end)
    return match is not None and match.group("qualifier") is None
