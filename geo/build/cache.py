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
  see :func:`geo.build.assemble.fingerprints`) and what else each shows.

Every key also holds the digest of this package's code. Change anything a
result depends on and its key changes: nothing is ever stale.

The cache is one SQLite file in the project (``.geo-cache/articles.sqlite``),
pruned after each build to the articles of that build. A project folder may
come from someone else, so nothing in it is trusted:

* entries are plain data (:mod:`geo.build.codec`), never pickles, and each
  carries an HMAC made with a key kept outside the project (in the user's
  cache folder): an entry this user did not write is a miss, with a warning;
* the folder, the file and SQLite's journal files must not be links; the file
  must carry this program's marker (SQLite's ``application_id``) before it
  is changed; a file without it is set aside (renamed), never altered;
* a damaged file is set aside with a warning and the build goes on without it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import stat
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..project.locks import LockUnsupported, lock_folder, release
from . import codec as record_codec
from .keys import article_key, code_version, digest, model_version
from .signing import seal, unseal, user_key

__all__ = ["ArticleCache", "TableMemo", "reuse", "article_key", "digest", "TABLES", "code_version", "model_version", "CACHE_FILE_NAME"]

log = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")

CACHE_FILE_NAME = "articles.sqlite"
_SCHEMA = "4"
#: SQLite's application_id of this program's cache files ("GEOC"): the marker a file must carry to be changed.
APPLICATION_ID = 0x47454F43
#: SQLite's own files beside a database: a link among them could make SQLite write elsewhere.
_COMPANIONS = ("-journal", "-wal", "-shm")
TABLES = ("articles", "pairs", "claims", "pages", "rows", "excerpts")


def _not_linked(path: Path) -> str:
    """Why *path* must not be used ("" when it may): links and special files are refused."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return ""
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a regular file"
    return ""


def _marker(path: Path) -> int | None:
    """The application_id in the header of the SQLite file *path*; None if it is not one."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return None
    return int.from_bytes(header[68:72], "big")


def _table_sql(table: str) -> str:
    """How SQLite records the table (``sqlite_master.sql``) that this program creates."""
    return f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value {'TEXT' if table == 'meta' else 'BLOB'})"


def _schema_is_ours(db: sqlite3.Connection) -> bool:
    """Whether the database holds nothing but this program's tables (no views, no triggers):
    a planted view could make a plain SELECT run without end."""
    allowed = {("table", t, _table_sql(t)) for t in ("meta", *TABLES)}
    allowed |= {("index", f"sqlite_autoindex_{t}_1", None) for t in ("meta", *TABLES)}
    rows = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    return all(tuple(row) in allowed for row in rows)


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    """Mark a new file, create the tables, and empty them when written under another schema or key."""
    db.execute("PRAGMA journal_mode = DELETE")
    if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:  # a new file
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(_table_sql("meta").replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
    found = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'signer')").fetchall())
    signer = hashlib.sha256(b"signer" + user_key()).hexdigest()[:16]
    if found and (found.get("schema") != _SCHEMA or found.get("signer") != signer):
        if found.get("signer") not in (None, signer):
            log.warning("article cache %s was written by another user or machine; starting it afresh", path)
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
    for table in TABLES:
        db.execute(_table_sql(table).replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", (("schema", _SCHEMA), ("signer", signer)))


class CacheRefused(Exception):
    """The cache folder or file must not be used (a link, not this program's, or in use)."""


class ArticleCache:
    """A key → pairs store in one SQLite file; every failure degrades to a miss.

    While open it holds a lock on its folder: no other command uses the file
    meanwhile, so SQLite's journal files found beside it are leftovers (or
    planted) and are set aside before SQLite could replay them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock: int | None = None
        try:
            self._check_paths()
            path.parent.mkdir(parents=True, exist_ok=True)
            self._check_paths()
            self._lock = lock_folder(path.parent, follow=False)
            if self._lock is None:
                raise CacheRefused("is in use by another geo command")
            self._set_aside(_COMPANIONS)
            self._check_marker()
            self._db = self._open()
        except CacheRefused as err:
            log.warning("article cache %s %s; building without it", self.path, err)
            self.close()
        except LockUnsupported as err:
            log.warning("article cache %s not used: %s", self.path, err.strerror)
            self.close()
        except (OSError, sqlite3.Error) as err:
            self._fail(err, "unusable")

    def _check_paths(self) -> None:
        """Refuse a cache folder or file that is a link (it could lead to another database)."""
        for path in (self.path.parent, self.path, *(self.path.with_name(self.path.name + s) for s in _COMPANIONS)):
            why = _not_linked(path)
            if why:
                raise CacheRefused(f"not used: {path.name} {why} (delete it to start afresh)")
        if self.path.parent.exists() and not self.path.parent.is_dir():
            raise CacheRefused(f"not used: {self.path.parent.name} is not a folder")

    def _check_marker(self) -> None:
        """Set aside a file that is not this program's cache; it is renamed, never changed."""
        if not self.path.exists():
            return
        marker = _marker(self.path)
        if marker == APPLICATION_ID:
            return
        what = "is not an SQLite file" if marker is None else "is not this program's cache (no marker)"
        log.warning("article cache %s %s; setting it aside, building a new one", self.path, what)
        if not self._set_aside():
            raise CacheRefused("cannot be set aside, and is left as it is")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            if not _schema_is_ours(db):
                db.close()
                log.warning("article cache %s holds more than this program's tables; setting it aside", self.path)
                if not self._set_aside():
                    raise CacheRefused("cannot be set aside, and is left as it is")
                db = sqlite3.connect(self.path, isolation_level=None)
            _prepare(db, self.path)
        except BaseException:
            db.close()
            raise
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

    def _set_aside(self, suffixes: tuple[str, ...] = ("", *_COMPANIONS)) -> bool:
        """Rename the file (and SQLite's files beside it) to ``….bad``; whether that worked."""
        self._drop()
        try:
            for path in (self.path.with_name(self.path.name + s) for s in suffixes):
                if os.path.lexists(path):
                    path.replace(path.with_name(path.name + ".bad"))
        except OSError as err:
            log.warning("cannot set aside %s (%s)", self.path, err)
            return False
        return True

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, Any]:
        """The entries of *table* found among *keys* (damaged entries count as missing)."""
        assert table in TABLES
        if self._db is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        bad = 0
        try:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", part):
                    try:
                        found[key] = unseal(table, key, blob)
                    except (ValueError, zlib.error, record_codec.DecodeError):
                        bad += 1
        except sqlite3.Error as err:
            self._fail(err, "damaged")
            return {}
        if bad:
            log.warning("article cache %s: %d %s entr%s damaged or not written here; recomputing", self.path, bad,
                        table, "y" if bad == 1 else "ies")
        return found

    def put_many(self, table: str, entries: Mapping[str, Any]) -> None:
        assert table in TABLES
        if self._db is None or not entries:
            return
        rows = [(k, seal(table, k, v)) for k, v in entries.items()]
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
        self._drop()
        release(self._lock)
        self._lock = None


class TableMemo:
    """One table of a cache, as a stage uses it: look up, remember, then
    :meth:`flush` the new entries and prune the ones this build did not use."""

    def __init__(self, cache: ArticleCache, table: str) -> None:
        self.cache = cache
        self.table = table
        self.new: dict[str, Any] = {}
        self.used: set[str] = set()

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


def reuse(
    memo: TableMemo | None,
    items: Sequence[T],
    key_of: Callable[[T], str],
    make: Callable[[list[T]], list[V]],
    keep: Callable[[V], bool] = lambda value: True,
) -> list[V]:
    """The value of each of *items*: from *memo* under ``key_of(item)`` where it is
    there, else made by *make* (given all the missing items at once, in order) and
    remembered when *keep* says so. Without a memo, everything is made."""
    if memo is None:
        return make(list(items))
    keys = [key_of(item) for item in items]
    known = memo.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in known]
    for i, value in zip(missing, make([items[i] for i in missing])):
        known[keys[i]] = value
        if keep(value):
            memo.put(keys[i], value)
    return [known[key] for key in keys]
