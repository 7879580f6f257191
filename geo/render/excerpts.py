"""The text around mentions, cut into segments for templates (pure): the
excerpts of each place for popups, the sentences of the panel, and the
paragraphs of the reading pages."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from ..model import Article, Mention, Role, Story
from ..text.paragraphs import paragraph_spans, paragraph_start
from ..text.sentences import CONTEXT_CHARS
from ..text.spans import starting_from

__all__ = [
    "Segment",
    "Excerpt",
    "ArticleExcerpts",
    "excerpts_by_place",
    "body_paragraphs",
    "paragraph_anchor",
    "mention_anchor",
    "reading_page",
    "sentence_segments",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text; ``place_id`` is set when the run is a mention."""

    text: str
    place_id: str | None = None
    anchor: str | None = None
    debris: bool = False
    role: str = Role.LITERAL


@dataclass(frozen=True, slots=True)
class Excerpt:
    segments: tuple[Segment, ...]
    anchor: str  # the anchor of the first mention, on the reading page


@dataclass(frozen=True, slots=True)
class ArticleExcerpts:
    article: Article
    page: str  # reading page, relative to maps/
    excerpts: tuple[Excerpt, ...]

    @property
    def date(self) -> str:
        return self.article.date.isoformat() if isinstance(self.article.date, dt.date) else ""


def mention_anchor(mention: Mention) -> str:
    return f"m-{mention.start}"


def reading_page(article: Article) -> str:
    return f"articles/{article.slug}.html"


def _segments(text: str, start: int, end: int, mentions: list[Mention], place_id: str | None) -> tuple[Segment, ...]:
    """Split ``text[start:end]`` around the mentions inside it.

    With *place_id*, only that place's mentions are marked (popups); without,
    every mention is (reading pages).
    """
    out: list[Segment] = []
    cursor = start
    # *mentions* are sorted by start: look only at those inside [start, end).
    first = starting_from(mentions, start, key=lambda m: m.start)
    for mention in mentions[first:]:
        if mention.start >= end:
            break
        if mention.start < cursor or mention.end > end:
            continue
        if place_id is not None and mention.place_id != place_id:
            continue
        if mention.start > cursor:
            out.append(Segment(text[cursor : mention.start]))
        out.append(Segment(text[mention.start : mention.end], mention.place_id, mention_anchor(mention), role=mention.role))
        cursor = mention.end
    if cursor < end:
        out.append(Segment(text[cursor:end]))
    return tuple(out)


def _clipped(text: str, start: int, end: int, group: list[Mention], mentions: list[Mention],
             place_id: str) -> tuple[Segment, ...]:
    """The sentence ``[start, end)`` around the place's mentions *group*, at most
    :data:`~geo.text.sentences.CONTEXT_CHARS` on either side, an ellipsis where cut."""
    left = max(start, group[0].start - CONTEXT_CHARS)
    right = min(end, group[-1].end + CONTEXT_CHARS)
    segments = _segments(text, left, right, mentions, place_id)
    return (Segment("…"),) * (left > start) + segments + (Segment("…"),) * (right < end)


def sentence_segments(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[Segment, ...]:
    """``text[start:end]`` split around every mention in it, whitespace runs collapsed."""
    segments = _segments(text, start, end, mentions, None)
    return tuple(Segment(re.sub(r"\s+", " ", s.text), s.place_id, s.anchor, role=s.role) for s in segments)


def excerpts_by_place(story: Story) -> dict[str, tuple[ArticleExcerpts, ...]]:
    """For each place, its excerpts grouped by article (articles in story order)."""
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in story.mentions:
        by_article[mention.article].append(mention)
    result: dict[str, list[ArticleExcerpts]] = defaultdict(list)
    for article in story.articles:
        mentions = sorted(by_article.get(article.name, []), key=lambda m: m.start)
        sentences: dict[str, dict[tuple[int, int], list[Mention]]] = defaultdict(dict)
        for mention in mentions:
            if mention.place_id is None:
                continue
            key = (mention.sentence.start, mention.sentence.end)
            sentences[mention.place_id].setdefault(key, []).append(mention)
        for place_id, groups in sentences.items():
            excerpts = tuple(
                Excerpt(segments=_clipped(article.text, start, end, group, mentions, place_id),
                        anchor=mention_anchor(group[0]))
                for (start, end), group in sorted(groups.items())
            )
            result[place_id].append(ArticleExcerpts(article, reading_page(article), excerpts))
    return {k: tuple(v) for k, v in result.items()}


def paragraph_anchor(text: str, offset: int) -> str:
    """The anchor of the reading-page paragraph that holds *offset*."""
    return f"p-{paragraph_start(text, offset)}"


def body_paragraphs(article: Article, mentions: list[Mention]) -> tuple[tuple[str, tuple[Segment, ...]], ...]:
    """The article body as ``(anchor, segments)`` paragraphs (hard-wrapped lines joined), mentions
    marked."""
    text = article.text
    mentions = sorted(mentions, key=lambda m: m.start)
    paragraphs: list[tuple[str, tuple[Segment, ...]]] = []
    for span in paragraph_spans(text):
        start, end = span.start, span.end
        if article.in_debris(start, end):
            paragraphs.append((f"p-{start}", (Segment(text[start:end], debris=True),)))
            continue
        paragraphs.append((f"p-{start}", _segments(text, start, end, mentions, None)))
    return tuple(paragraphs)
