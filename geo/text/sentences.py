"""Split an article body into sentences, keeping offsets.

A rule-based splitter is enough for excerpts: a sentence ends at ``.``, ``!``
or ``?`` (with closing quotes) followed by space and a capital or quote, or at
the end of a paragraph (a line break, unless the line was hard-wrapped: see
:mod:`geo.text.paragraphs`). Abbreviations such as "U.S.", "Mr." and "Tenn." do not end a sentence.
A run of text with no sentence end is cut at a space into pieces of at most
:data:`MAX_SENTENCE_CHARS`, so nothing shown per sentence grows with the text.
"""

from __future__ import annotations

import re

from ..model import Span
from .abbreviations import DOTTED_ABBREVIATIONS
from .paragraphs import paragraph_spans

__all__ = ["sentence_spans", "clip", "MAX_SENTENCE_CHARS", "CONTEXT_CHARS"]

#: The longest "sentence" kept whole; a longer run without a full stop is cut at spaces.
MAX_SENTENCE_CHARS = 1000
#: Characters of context kept on each side of a mention where one is exported or shown.
CONTEXT_CHARS = 140

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
    return word.casefold() in _ABBREVIATIONS or word.casefold() in DOTTED_ABBREVIATIONS


def sentence_spans(text: str) -> tuple[Span, ...]:
    """Return the spans of the sentences of *text*, without surrounding space."""
    spans: list[Span] = []
    for paragraph in paragraph_spans(text):
        begin = paragraph.start
        for end in _END.finditer(text, paragraph.start, paragraph.end):
            if text[end.start()] == "." and _is_abbreviation(text, end.start()):
                continue
            spans.append(Span(begin, end.end()))
            begin = end.end()
        spans.append(Span(begin, paragraph.end))
    return tuple(piece for s in spans if text[s.start : s.end].strip() for piece in _cut(text, _strip(text, s)))


def _cut(text: str, span: Span) -> list[Span]:
    """*span* in pieces of at most :data:`MAX_SENTENCE_CHARS`, cut after a space where there is one."""
    pieces = []
    start = span.start
    while span.end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        space = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = space + 1 if space > start else limit
        pieces.append(_strip(text, Span(start, cut)))
        start = cut
    pieces.append(_strip(text, Span(start, span.end)))
    return [p for p in pieces if p.end > p.start]


def clip(text: str, sentence: Span, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The mention ``[start, end)`` of *text* with at most *chars* of its sentence on each
    side: ``(before, mention, after)``, an ellipsis where the sentence was cut.

    >>> clip("One two three four five.", Span(0, 24), 8, 13, chars=4)
    ('…two ', 'three', ' fou…')
    """
    left = max(sentence.start, start - chars)
    right = min(sentence.end, end + chars)
    before = ("…" if left > sentence.start else "") + text[left:start]
    after = text[end:right] + ("…" if right < sentence.end else "")
    return before, text[start:end], after

def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
