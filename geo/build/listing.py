"""What ``geo places`` lists: one row per place of a story, as plain data."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..model import Story

__all__ = ["place_rows"]


def place_rows(story: Story) -> list[dict[str, Any]]:
    """Each place's fields, with how many mentions and articles name it."""
    counts = story.counts()
    return [
        {**asdict(p), "aliases": list(p.aliases), "mentions": counts.get(p.id, (0, 0))[0], "articles": counts.get(p.id, (0, 0))[1]}
        for p in story.places
    ]
