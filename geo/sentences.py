"""Split an article body into sentences, keeping offsets.

A rule-based splitter is enough for excerpts: a sentence ends at ``.``, ``!``
or ``?`` (with closing quotes) followed by space and a capital or quote, or at
a line break. Abbreviations such as "U.S." and "Mr." do not end a sentence.
"""

from __future__ import annotations

import re

from .model import Span

__all__ = ["sentence_spans"]

_END = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen col lt sgt sen rep gov pres prof jr sr inc ltd co corp no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if "." in word or (len(word) == 1 and word.isupper()):
        return True  # "U.S", "U"
    return word.casefold() in _ABBREVIATIONS


def sentence_spans(text: str) -> tuple[Span, ...]:
    """Return the spans of the sentences of *text*, without surrounding space."""
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        begin = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            if text[end.start()] == "." and _is_abbreviation(text, end.start()):
                continue
            spans.append(Span(begin, end.end()))
            begin = end.end()
        spans.append(Span(begin, line.end()))
    return tuple(_strip(text, s) for s in spans if text[s.start : s.end].strip())


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
