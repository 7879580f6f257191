"""Reading pages: each article with its mentions highlighted and anchored."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ..build.cache import digest
from ..claims import MODEL
from ..model import Mention, Story
from .excerpts import body_paragraphs, paragraph_anchor, reading_page
from .templating import render

__all__ = ["reading_pages"]


class PageMemo(Protocol):
    def get_many(self, keys: Iterable[str]) -> dict[str, Any]: ...
    def put(self, key: str, value: Any) -> None: ...


def reading_pages(story: Story, memo: PageMemo | None = None, prints: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{path relative to maps/: HTML}`` for every article of *story*.

    With *memo* and the articles' fingerprints (:func:`geo.build.pipeline.fingerprints`),
    a page is rendered again only when something it shows changed.
    """
    if not prints:
        memo = None
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in story.mentions:
        by_article[mention.article].append(mention)
    names = {p.id: p.name for p in story.places}
    by_id = {p.id: p for p in story.places}
    claims_of: dict[str, list] = defaultdict(list)
    for claim in story.claims:
        claims_of[claim.claim.article].append(claim)
    pages: dict[str, str] = {}
    work = []
    for article in story.articles:
        mentions = by_article.get(article.name, [])
        counts = Counter(m.place_id for m in mentions if m.place_id)
        places = sorted(((by_id[pid], n) for pid, n in counts.items() if pid in by_id), key=lambda pc: (-pc[1], pc[0].name, pc[0].source != "places.yaml", pc[0].name.casefold(), pc[0].id))
        key = digest("page", prints[article.name], story.title) if memo is not None and prints else ""
        work.append((article, mentions, places, key))
    known = memo.get_many([key for *_, key in work]) if memo is not None else {}
    for article, mentions, places, key in work:
        if key in known:
            pages[reading_page(article)] = known[key]
            continue
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
        if memo is not None:
            memo.put(key, pages[reading_page(article)])
    return pages
