"""Paragraphs of an article body, with hard-wrapped lines joined, keeping offsets.

Text pasted from e-mail, PDFs or terminals is often wrapped at a fixed width:
each line break inside a sentence would otherwise make a paragraph and a
sentence of a fragment ("...solution in Syria, hung a"). A line continues the
one before when that one does not end a sentence or a heading: it is long (a
wrapped line, :data:`WRAP_MIN_CHARS` or more) and ends in a lower-case word or
a comma, or the next line starts in lower case. A blank line always ends a paragraph;
the text itself is never changed, so every offset stays true.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..model import Span

__all__ = ["paragraph_spans", "paragraph_start", "WRAP_MIN_CHARS"]

#: A line this long that ends without a full stop was wrapped, not ended.
WRAP_MIN_CHARS = 50
_ENDED = re.compile(r"""[.!?:;]["'\u201d\u2019)\]]*\s*$""")
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022#>|]|\d+[.)]\s)")


def _continues(previous: str, line: str) -> bool:
    """Whether *line* carries on the sentence of *previous* (both not blank)."""
    if _ENDED.search(previous) or _LIST_ITEM.match(line):
        return False
    first, words = line.lstrip()[:1], previous.split()
    # A caption or heading ends in a capitalised word ("Photo: Reuters"); a wrapped line
    # mid-sentence in a small word or a comma ("solution in Syria, hung a").
    last = words[-1] if words else ""
    wrapped = last[:1].islower() or last[-1:] in (",", "-", "\u2013", "(")
    return first.islower() or (len(previous.strip()) >= WRAP_MIN_CHARS and wrapped)


@lru_cache(maxsize=64)
def paragraph_spans(text: str) -> tuple[Span, ...]:
    """The paragraphs of *text*, whole lines (blank ones left out), joined where they were wrapped."""
    spans: list[Span] = []
    previous = ""
    for line in re.finditer(r"(?m)^.*$", text):
        content = line.group()
        if not content.strip():
            previous = ""
            continue
        start, end = line.start(), line.end()
        if spans and previous and _continues(previous, content):
            spans[-1] = Span(spans[-1].start, end)
        else:
            spans.append(Span(start, end))
        previous = content
    return tuple(spans)


def paragraph_start(text: str, offset: int) -> int:
    """The offset where the paragraph that holds *offset* starts (0 before the first)."""
    spans = paragraph_spans(text)
    index = bisect_right([s.start for s in spans], offset) - 1
    return spans[index].start if index >= 0 else 0
