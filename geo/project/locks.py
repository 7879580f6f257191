"""Advisory locks on folders, held by this process alone.

``flock`` locks belong to an open file description, which a forked child
shares: a worker process forked during a build would keep the build's lock
after the build itself was killed, and every later build would wait forever.
So every descriptor locked here is closed in forked children
(:func:`os.register_at_fork`); the lock then lives exactly as long as the
process that took it.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
from pathlib import Path

__all__ = ["lock_folder", "release", "LockUnsupported"]

log = logging.getLogger(__name__)

_held: set[int] = set()


class LockUnsupported(OSError):
    """The file system cannot lock (some network file systems)."""


def _close_in_child() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def lock_folder(path: Path, *, wait: bool = False, follow: bool = True) -> int | None:
    """An open descriptor of the folder *path*, exclusively locked by this process.

    None when another process holds the lock (and *wait* is false). Without
    *follow*, a symbolic link is refused (:class:`OSError`). Raises
    :class:`LockUnsupported` where the file system cannot lock.
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    except OSError as err:
        os.close(fd)
        if err.errno in (errno.EBADF, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            raise LockUnsupported(err.errno, f"cannot lock {path}: {err.strerror}") from err
        raise
    _held.add(fd)
    return fd


def release(fd: int | None) -> None:
    """Unlock and close *fd* (from :func:`lock_folder`); None is ignored."""
    if fd is None:
        return
    _held.discard(fd)
    try:
        os.close(fd)
    except OSError:
        pass
