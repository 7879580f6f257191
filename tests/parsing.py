"""Helpers for tests that geoparse one invented article with no curated places."""

from __future__ import annotations

from geo.find.ner import entities
from geo.ingest.articles import parse_article
from geo.ingest.config import parse_config
from geo.resolve.geoparser import Geoparser

NO_HOME = "story:\n  title: t\n"


def parsed(gazetteer, body: str) -> list:
    """The ``(mention, resolution)`` pairs of an article whose body is *body*."""
    geoparser = Geoparser(parse_config(NO_HOME), gazetteer)
    article = parse_article(f"---\ntitle: t\n---\n{body}", "a.md")
    return list(geoparser.parse(article, entities(article.text)))


def resolved(gazetteer, body: str) -> dict[str, object]:
    """The pairs of *body* by the text of the mention (the last of a name written twice)."""
    return {m.text: (m, a) for m, a in parsed(gazetteer, body)}


def place(found: dict, name: str):
    """The place *name* resolved to in *found*, which must be a mention kept and placed."""
    assert name in found, f"{name!r} not found whole: {sorted(found)}"
    mention, answer = found[name]
    assert not mention.rejected, mention.rejected
    assert answer.place is not None, answer.reason
    return answer.place
