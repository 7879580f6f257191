"""Reading pages: each article with its mentions highlighted and anchored."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ..claims import MODEL
from ..model import Article, CheckedClaim, Mention, Source, Story
from .excerpts import body_paragraphs, paragraph_anchor, reading_page
from .templating import render

__all__ = ["ReadingPages"]


class ReadingPages:
    """The reading page of each article of *story* (pure; :meth:`page` for one, :meth:`all` for every one)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.by_article: dict[str, list[Mention]] = defaultdict(list)
        for mention in story.mentions:
            self.by_article[mention.article].append(mention)
        self.names = {p.id: p.name for p in story.places}
        self.by_id = {p.id: p for p in story.places}
        self.claims_of: dict[str, list[CheckedClaim]] = defaultdict(list)
        for claim in story.claims:
            self.claims_of[claim.claim.article].append(claim)

    def page(self, article: Article) -> str:
        """The HTML of *article*'s reading page (its path is :func:`~geo.render.excerpts.reading_page`)."""
        mentions = self.by_article.get(article.name, [])
        counts = Counter(m.place_id for m in mentions if m.place_id)
        places = sorted(
            ((self.by_id[pid], n) for pid, n in counts.items() if pid in self.by_id),
            key=lambda pc: (-pc[1], pc[0].name, pc[0].source != Source.CURATED, pc[0].name.casefold(), pc[0].id),
        )
        return render(
            "article.html",
            article=article,
            date=article.date.isoformat() if article.date else "",
            story_title=self.story.title,
            paragraphs=body_paragraphs(article, mentions),
            claims=[(c, paragraph_anchor(article.text, c.claim.start)) for c in self.claims_of.get(article.name, [])],
            model=MODEL,
            names=self.names,
            places=places,
        )

    def all(self, pages: Mapping[str, str] | None = None) -> dict[str, str]:
        """``{path relative to maps/: HTML}`` for every article; *pages* (article name → HTML)
        are pages made before, used as they are."""
        pages = pages or {}
        return {
            reading_page(a): pages[a.name] if a.name in pages else self.page(a) for a in self.story.articles
        }

