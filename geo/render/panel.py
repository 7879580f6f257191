"""The story panel beside the map: articles by date with their excerpts, a
timeline, and a table of places that works without the map (pure)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..claims.audit import Audit, audit_story
from ..model import Article, CheckedClaim, Distance, Mention, Place, Story
from .excerpts import Segment, mention_anchor, paragraph_anchor, reading_page, sentence_segments

__all__ = ["PanelExcerpt", "PanelArticle", "PanelClaim", "PlaceRow", "TimelineDay", "Panel", "build_panel"]


@dataclass(frozen=True, slots=True)
class PanelExcerpt:
    """A sentence of an article with every mention in it marked."""

    segments: tuple[Segment, ...]
    place_id: str  # the first place named, which a click on the sentence shows
    anchor: str
    claims: tuple[CheckedClaim, ...] = ()


@dataclass(frozen=True, slots=True)
class PanelArticle:
    article: Article
    page: str
    excerpts: tuple[PanelExcerpt, ...]
    place_ids: tuple[str, ...]

    @property
    def date(self) -> str:
        return self.article.date.isoformat() if self.article.date else ""


@dataclass(frozen=True, slots=True)
class PlaceRow:
    place: Place
    kind_label: str
    mentions: int
    articles: int
    from_focus: Distance | None


@dataclass(frozen=True, slots=True)
class TimelineDay:
    date: str  # ISO
    label: str  # "21 Sep 2025"
    articles: tuple[PanelArticle, ...]


@dataclass(frozen=True, slots=True)
class PanelClaim:
    """A claim in the panel's fact-check section: its verdict, where it is said, and its index
    among the claims drawn on the map (-1 when it has no line to show)."""

    checked: CheckedClaim
    article: Article
    page: str
    drawn: int


#: The order of the fact-check section: what is wrong first, then what cannot be checked.
VERDICT_ORDER = {"inconsistent": 0, "unverifiable": 1, "consistent": 2}


@dataclass(frozen=True, slots=True)
class Panel:
    title: str
    description: str
    focus: Place | None
    articles: tuple[PanelArticle, ...]
    timeline: tuple[TimelineDay, ...]
    places: tuple[PlaceRow, ...]
    unresolved: tuple[str, ...]
    #: Articles without a date: a group of their own in the timeline, shown whatever day is chosen.
    undated: tuple[PanelArticle, ...] = ()
    #: ``(outlet, its articles' slugs)``, when the story has articles of two outlets or more.
    outlets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Every claim of the story, wrong ones first (:data:`VERDICT_ORDER`).
    claims: tuple[PanelClaim, ...] = ()
    #: What an editor must look at (:mod:`geo.claims.audit`; the changes since the last build
    #: are in ``changes.json``, not here: the page depends on the articles alone).
    audit: Audit | None = None


def _label(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%b')} {day.year}"


def build_panel(story: Story, description: str, kind_labels: dict[str, str]) -> Panel:
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in story.mentions:
        by_article[mention.article].append(mention)
    articles: list[PanelArticle] = []
    for article in story.articles:
        mentions = sorted(by_article.get(article.name, []), key=lambda m: m.start)
        sentences: dict[tuple[int, int], list[Mention]] = {}
        for mention in mentions:
            sentences.setdefault((mention.sentence.start, mention.sentence.end), []).append(mention)
        claims = [c for c in story.claims if c.claim.article == article.name]
        excerpts = tuple(
            PanelExcerpt(
                segments=sentence_segments(article.text, start, end, group),
                place_id=group[0].place_id or "",
                anchor=mention_anchor(group[0]),
                claims=tuple(c for c in claims if start <= c.claim.start < end),
            )
            for (start, end), group in sorted(sentences.items())
        )
        place_ids = tuple(sorted({m.place_id for m in mentions if m.place_id}))
        articles.append(PanelArticle(article, reading_page(article), excerpts, place_ids))
    days: dict[str, list[PanelArticle]] = defaultdict(list)
    for item in articles:
        if item.date:
            days[item.date].append(item)
    timeline = tuple(TimelineDay(iso, _label(iso), tuple(items)) for iso, items in sorted(days.items()))
    counts = story.counts()
    focus = next((p for p in story.places if p.id == story.focus), None)
    from_focus = {d.target: d for d in story.distances if focus is not None and d.origin == focus.id}
    rows = tuple(
        PlaceRow(
            place=place,
            kind_label=kind_labels.get(place.kind, place.kind),
            mentions=counts.get(place.id, (0, 0))[0],
            articles=counts.get(place.id, (0, 0))[1],
            from_focus=from_focus.get(place.id),
        )
        for place in sorted(story.places, key=lambda p: (-counts.get(p.id, (0, 0))[0], p.name.casefold()))
    )
    return Panel(
        title=story.title,
        description=description,
        focus=focus,
        articles=tuple(articles),
        timeline=timeline,
        places=rows,
        unresolved=tuple(sorted({m.text for m in story.unresolved})),
        undated=tuple(item for item in articles if not item.date),
        outlets=_outlets(story),
        claims=_claims(story),
        audit=audit_story(story, None),
    )


def _claims(story: Story) -> tuple[PanelClaim, ...]:
    """The story's claims for the fact-check section, by verdict then in reading order."""
    articles = {a.name: a for a in story.articles}
    drawn = [c for c in story.claims if c.ends is not None]
    index = {id(c): n for n, c in enumerate(drawn)}
    rows = [
        PanelClaim(c, articles[c.claim.article],
                   f"{reading_page(articles[c.claim.article])}#{paragraph_anchor(articles[c.claim.article].text, c.claim.start)}",
                   index.get(id(c), -1))
        for c in story.claims
    ]
    return tuple(sorted(rows, key=lambda r: (VERDICT_ORDER.get(r.checked.verdict, 3), r.article.name, r.checked.claim.start)))


def _outlets(story: Story) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each outlet with the slugs of its articles, sorted by outlet (none for a single outlet)."""
    slugs: dict[str, list[str]] = defaultdict(list)
    for article in story.articles:
        if article.outlet:
            slugs[article.outlet].append(article.slug)
    if len(slugs) < 2:
        return ()
    return tuple((outlet, tuple(items)) for outlet, items in sorted(slugs.items(), key=lambda kv: kv[0].casefold()))
