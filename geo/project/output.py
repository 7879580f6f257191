"""Write the generated files of ``maps/`` all at once, or not at all.

Files go into a fresh temporary folder beside ``maps/``; only when every file
is written is the folder swapped in. A build that fails or is interrupted
leaves the previous ``maps/`` as it was.

One build at a time: :func:`build_lock` holds an exclusive lock on the
project folder for a whole build. Each build also locks its own temporary
folders while it uses them, so the clean-up after a killed build removes only
folders whose owner has exited.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from ..errors import OutputError
from .locks import LockUnsupported, lock_folder, release

__all__ = ["write_site", "safe_relative", "build_lock"]

log = logging.getLogger(__name__)


def safe_relative(name: str) -> PurePosixPath:
    """*name* as a relative path that cannot leave its folder.

    >>> safe_relative("articles/a.html")
    PurePosixPath('articles/a.html')
    """
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("..", "") for part in path.parts) or "\\" in name:
        raise OutputError(f"refusing to write outside the output folder: {name!r}")
    return path


@contextlib.contextmanager
def build_lock(root: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project folder *root* for one build; a second build waits here
    (after calling *on_wait*) until the first ends. The lock goes with the process."""
    try:
        fd = lock_folder(root)
        if fd is None:
            if on_wait is not None:
                on_wait()
            fd = lock_folder(root, wait=True)
    except LockUnsupported as err:
        log.warning("%s; building without the lock: do not run two builds of this project at once", err.strerror)
        fd = None
    except OSError as err:
        raise OutputError(f"cannot open the project folder: {err.strerror}", path=root) from err
    try:
        yield
    finally:
        release(fd)


def _try_hold(path: Path) -> int | None:
    """A lock on the folder *path* (not a link) if no other process holds it."""
    try:
        return lock_folder(path, follow=False)
    except LockUnsupported:
        return None


def write_site(target: Path, files: Mapping[str, bytes]) -> None:
    """Replace the folder *target* with exactly *files* (``{relative path: bytes}``)."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _recover(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=parent))
        held = _try_hold(staging)
    except OSError as err:
        raise OutputError(f"cannot create a temporary folder: {err.strerror}", path=parent) from err
    try:
        for name, data in sorted(files.items()):
            path = staging.joinpath(*safe_relative(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.chmod(staging, 0o755)
        _swap(staging, target)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the map files: {err.strerror or err}", path=target) from err
    except BaseException:  # interrupted (Ctrl-C, SIGTERM): the old site stays
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        release(held)


def _swap(staging: Path, target: Path) -> None:
    old = None
    held = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(old)
        # A maps/ that is a link is replaced as a link: what it points to is left alone.
        held = None if target.is_symlink() else _try_hold(target)
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        # Interrupted or failed between the two renames: put the old site back.
        if old is not None and not target.exists():
            os.replace(old, target)
        raise
    finally:
        release(held)
    if old is not None and old.is_symlink():
        old.unlink()
    elif old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Clean up after a build that was killed mid-swap.

    If the site is missing but a moved-aside old one is there, it comes back;
    leftover staging folders are removed. A folder another running build
    holds locked is left alone.
    """
    olds = []
    for folder in sorted(target.parent.glob(f".{target.name}-old-*")):
        if _abandoned(folder):
            olds.append(folder)
    if not target.exists() and olds:
        os.replace(olds.pop(), target)
    for leftover in [*olds, *(f for f in target.parent.glob(f".{target.name}-new-*") if _abandoned(f))]:
        shutil.rmtree(leftover, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    """Whether *folder* is a real folder no running process holds (it can then be cleaned up)."""
    try:
        fd = lock_folder(folder, follow=False)
    except OSError:  # a link, gone, or a file system that cannot lock: leave it
        return False
    release(fd)
    return fd is not None
