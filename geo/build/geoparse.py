"""Geoparse plain texts in batches: the engine of ``geo geoparse``.

Each text goes through the same :class:`~geo.resolve.geoparser.Geoparser` as the
articles of ``geo build``, with the same debris rules, so the same text gives
the same places in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..find.ner import entities_or_none
from ..ingest.config import Config, load_config, parse_config
from ..ingest.debris import find_debris
from ..model import Article, Mention, Resolution
from ..project.paths import Project
from ..resolve.geoparser import Geoparser
from .options import BuildOptions
from .reading import read_pairs

__all__ = ["Document", "geoparse", "geoparse_project", "geoparse_config", "toponym_record", "toponyms"]


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str

    def article(self) -> Article:
        return Article(name=self.id, slug=self.id, title="", text=self.text, debris=find_debris(self.text))


def toponym_record(mention: Mention, answer: Resolution) -> dict[str, Any]:
    """One output toponym: offsets into the given text and the resolved place."""
    place = answer.place
    return {
        "start": mention.start,
        "end": mention.end,
        "name": mention.text,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonameid": place.geonameid if place else None,
        "kind": place.kind if place else None,
        "country": (place.country or None) if place else None,
        "source": answer.backend or None,
        "confidence": place.confidence if place else None,
        "literal": mention.locates,
        "role": mention.role,
        "place_id": place.id if place else None,
    }


def toponyms(pairs: Iterable[tuple[Mention, Resolution]], demonyms: bool = False) -> list[dict[str, Any]]:
    """The output records of one text's mentions: its place names, literal or metonymic
    ("Kabul", "Washington said"), and its demonyms ("Afghan", ``literal: false``) only when
    asked for: a demonym names a people, not a place, and no toponym corpus counts it."""
    return [toponym_record(m, a) for m, a in pairs if not m.rejected and (demonyms or m.locates)]


def geoparse(
    documents: Iterable[Document],
    geoparser: Geoparser,
    ner: bool = True,
    batch_size: int = 32,
    workers: int = 1,
    chunk: int = 512,
    demonyms: bool = False,
) -> Iterator[dict[str, Any]]:
    """``{"id", "toponyms"}`` for each document, in order (see :func:`toponyms`).

    Documents are read in chunks of *chunk*; NER runs over each chunk in
    batches of *batch_size*, in *workers* processes. The results do not depend
    on either number.
    """
    group: list[Document] = []
    for document in documents:
        group.append(document)
        if len(group) >= chunk:
            yield from _chunk(group, geoparser, ner, batch_size, workers, demonyms)
            group = []
    if group:
        yield from _chunk(group, geoparser, ner, batch_size, workers, demonyms)


def _chunk(
    group: list[Document], geoparser: Geoparser, ner: bool, batch_size: int, workers: int, demonyms: bool
) -> Iterator[dict[str, Any]]:
    found = entities_or_none([d.text for d in group], ner, workers, batch_size)
    for document, entities in zip(group, found):
        pairs = geoparser.parse(document.article(), entities)
        yield {"id": document.id, "toponyms": toponyms(pairs, demonyms)}


def geoparse_config(project: Project, use_places: bool = True) -> Config:
    """The project's places.yaml, or none (only the gazetteer) when absent or not wanted."""
    if use_places and project.places.exists():
        return load_config(project.places)
    return parse_config("story:\n  title: geoparse\n", "(no places.yaml)")


def geoparse_project(
    documents: list[Document],
    config: Config,
    options: BuildOptions,
    project: Project,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 32,
    demonyms: bool = False,
) -> Iterator[dict[str, Any]]:
    """``{"id", "toponyms"}`` for each document, in order, read as ``geo build`` reads
    articles (same workers, Dask cluster, online geocoder and cache)."""
    articles = [d.article() for d in documents]
    pairs = read_pairs(articles, config, {}, options, project.geocode_cache, progress, batch_size)
    for document, found in zip(documents, pairs):
        yield {"id": document.id, "toponyms": toponyms(found, demonyms)}
