"""Cache entries signed with this user's key, so an entry nobody here wrote is never used.

The key lives in the user cache folder, outside every project, readable by
the user alone; a project received from someone else carries entries signed
with another key, which :func:`unseal` refuses.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..project.paths import user_cache_dir
from . import codec

__all__ = ["user_key", "seal", "unseal", "KEY_FILE_NAME", "MAC_BYTES"]

log = logging.getLogger(__name__)

KEY_FILE_NAME = "article-cache.key"
MAC_BYTES = 32


@lru_cache(maxsize=1)
def user_key() -> bytes:
    """This user's secret for signing cache entries, kept in the user cache folder.

    Made on first use, readable by the user alone; a key file others could
    read is replaced. When no key can be kept, a key for this process only:
    the cache then serves nothing across builds.
    """
    path = user_cache_dir() / KEY_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _read_key(path)
        if key is None:
            _new_key(path)
            key = _read_key(path)
        if key is not None:
            return key
        log.warning("the article cache key %s is not a private file of yours; using a key for this build only", path)
    except OSError as err:
        log.warning("cannot keep the article cache key in %s (%s); using a key for this build only", path.parent, err)
    return secrets.token_bytes(32)


def _new_key(path: Path) -> None:
    """Write a new random key at *path* (readable by the user alone), replacing any other."""
    tmp = path.with_name(f".{path.name}-{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    os.replace(tmp, path)


def _read_key(path: Path) -> bytes | None:
    """The key at *path* if it is a private regular file of this user with 32 bytes or more."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        key = handle.read(64)
    return key if len(key) >= 32 else None


def _sign(table: str, key: str, payload: bytes) -> bytes:
    mac = hmac.new(user_key(), digestmod=hashlib.sha256)
    for part in (table.encode(), key.encode(), payload):
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return mac.digest()


def seal(table: str, key: str, value: Any) -> bytes:
    """*value* as a cache entry: its signature, then its compressed data."""
    payload = zlib.compress(codec.encode(value), 1)
    return _sign(table, key, payload) + payload


def unseal(table: str, key: str, blob: object) -> Any:
    """The value of a cache entry; :class:`ValueError` when it is not one this user wrote."""
    if not isinstance(blob, bytes) or len(blob) <= MAC_BYTES:
        raise ValueError("not a signed entry")
    mac, payload = blob[:MAC_BYTES], blob[MAC_BYTES:]
    if not hmac.compare_digest(mac, _sign(table, key, payload)):
        raise ValueError("signature does not match")
    return codec.decode(zlib.decompress(payload))
