"""Writing one file of the project so that it is either the old or the new one, whole."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: Path, text: str) -> None:
    """Write *text* (UTF-8) to *path* through a temporary file in the same folder,
    renamed over *path* when complete (a link at *path* is replaced, not followed).

    Raises :class:`~geo.errors.OutputError` ``{path}: cannot write file: {reason}``
    (a read-only folder, a full disk); no temporary file is left behind.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise OutputError(f"cannot write file: {err.strerror or str(err) or type(err).__name__}", path=path) from err
