"""What ``geo places`` lists: one row per place of a story, as plain data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict
from typing import Any

from ..model import Story

__all__ = ["place_rows"]


def place_rows(story: Story) -> list[dict[str, Any]]:
    """Each place's fields, with how many mentions and articles name it."""
    counts = Counter(m.place_id for m in story.mentions)
    articles: dict[str | None, set[str]] = defaultdict(set)
    for mention in story.mentions:
        articles[mention.place_id].add(mention.article)
    return [
        {**asdict(p), "aliases": list(p.aliases), "mentions": counts.get(p.id, 0), "articles": len(articles.get(p.id, ()))}
        for p in story.places
    ]
