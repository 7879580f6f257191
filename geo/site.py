"""Write the generated files of ``maps/`` all at once, or not at all.

Files go into a fresh temporary folder beside ``maps/``; only when every file
is written is the folder swapped in. A build that fails or is interrupted
leaves the previous ``maps/`` as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import OutputError

__all__ = ["write_site", "safe_relative"]


def safe_relative(name: str) -> PurePosixPath:
    """*name* as a relative path that cannot leave its folder.

    >>> safe_relative("articles/a.html")
    PurePosixPath('articles/a.html')
    """
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("..", "") for part in path.parts) or "\\" in name:
        raise OutputError(f"refusing to write outside the output folder: {name!r}")
    return path


def write_site(target: Path, files: Mapping[str, bytes]) -> None:
    """Replace the folder *target* with exactly *files* (``{relative path: bytes}``)."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _recover(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=parent))
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


def _swap(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        # Interrupted or failed between the two renames: put the old site back.
        if old is not None and not target.exists():
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Clean up after a build that was killed mid-swap.

    If the site is missing but a moved-aside old one is there, it comes back;
    leftover staging folders are removed.
    """
    olds = sorted(target.parent.glob(f".{target.name}-old-*"))
    if not target.exists() and olds:
        os.replace(olds.pop(), target)
    for leftover in [*olds, *target.parent.glob(f".{target.name}-new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
