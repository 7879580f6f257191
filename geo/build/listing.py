"""What ``geo places`` lists: one row per place of a story, as plain data."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..measure.outlines import country_names
from ..model import Story
from ..render.names import display_names

__all__ = ["place_rows"]


def place_rows(story: Story) -> list[dict[str, Any]]:
    """Each place's fields, with what the map calls it (``shown_as``: the name, with its region
    where namesakes meet) and how many mentions and articles name it (:meth:`Story.counts`)."""
    counts = story.counts()
    shown = display_names(story.places, country_names())
    return [
        {**asdict(p), "aliases": list(p.aliases), "shown_as": shown[p.id],
         "mentions": counts.get(p.id, (0, 0))[0], "articles": counts.get(p.id, (0, 0))[1]}
        for p in story.places
    ]
