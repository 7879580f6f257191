"""``geo places --review``: write review.yaml for the names a build placed with little confidence."""

from __future__ import annotations

from pathlib import Path

from ..ingest.review import NOT_A_PLACE, load_review, render_review
from ..project.files import write_atomic
from ..project.paths import Project
from ..resolve.gazetteer import open_gazetteer
from ..resolve.review import review_items
from .options import BuildResult

__all__ = ["write_review"]


def write_review(project: Project, result: BuildResult) -> tuple[Path, int]:
    """Write the project's review.yaml (choices already written there are kept);
    return its path and how many names it lists."""
    previous = load_review(project.review) if project.review.exists() else {}
    texts = {a.name: a.text for a in result.story.articles}
    gazetteer = open_gazetteer()
    try:
        items = review_items(result.resolutions, texts, gazetteer)
    finally:
        gazetteer.close()
    keep = {k: (NOT_A_PLACE if v is None else v) for k, v in previous.items()}
    write_atomic(project.review, render_review(items, keep))
    return project.review, len(items)
