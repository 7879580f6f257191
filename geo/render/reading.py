"""Reading pages: each article with its mentions highlighted and anchored."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Mention, Story
from ..claims import MODEL
from .excerpts import body_paragraphs, paragraph_anchor, reading_page
from .templating import render

__all__ = ["reading_pages"]


def reading_pages(story: Story) -> dict[str, str]:
    """``{path relative to maps/: HTML}`` for every article of *story*."""
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in story.mentions:
        by_article[mention.article].append(mention)
    names = {p.id: p.name for p in story.places}
    by_id = {p.id: p for p in story.places}
    claims_of: dict[str, list] = defaultdict(list)
    for claim in story.claims:
        claims_of[claim.claim.article].append(claim)
    pages: dict[str, str] = {}
    for article in story.articles:
        mentions = by_article.get(article.name, [])
        counts = Counter(m.place_id for m in mentions if m.place_id)
        places = sorted(((by_id[pid], n) for pid, n in counts.items() if pid in by_id), key=lambda pc: (-pc[1], pc[0].name, pc[0].source != "places.yaml", pc[0].name.casefold(), pc[0].id))
        pages[reading_page(article)] = render(
            "article.html",
            article=article,
            date=article.date.isoformat() if article.date else "",
            story_title=story.title,
            paragraphs=body_paragraphs(article, mentions),
            claims=[
                (c, paragraph_anchor(article.text, c.claim.start)) for c in claims_of.get(article.name, [])
            ],
            model=MODEL,
            names=names,
            places=places,
        )
    return pages
