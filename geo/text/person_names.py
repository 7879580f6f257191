"""People's first names and surnames, to tell "Maya Harden" from a town called Harden.

The lists are the 1990 United States Census's first names (5,494) and surnames (88,799), as
the ``names`` package ships them (``names/dist.male.first``, ``dist.female.first``,
``dist.all.last``; public domain, the package MIT), read as plain text, never imported.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import util
from pathlib import Path

__all__ = ["NAMES_PACKAGE", "is_first_name", "is_surname"]

log = logging.getLogger(__name__)

#: The registry package that ships the lists.
NAMES_PACKAGE = "names"
_FIRST = ("dist.male.first", "dist.female.first")
_LAST = ("dist.all.last",)
#: The files are about 3 MB together; anything much larger is not those files.
_MAX_BYTES = 16 * 1024 * 1024


def _read(files: tuple[str, ...]) -> frozenset[str]:
    spec = util.find_spec(NAMES_PACKAGE)
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None
    out: set[str] = set()
    for file in files:
        path = folder / file if folder is not None else None
        if path is None or not path.is_file() or path.stat().st_size > _MAX_BYTES:
            log.warning("%s is not installed: a town's name after a first name is not told from a surname",
                        NAMES_PACKAGE)
            return frozenset()
        try:
            lines = path.read_text(encoding="ascii", errors="replace").splitlines()
        except OSError as err:
            log.warning("cannot read %s of %s (%s)", file, NAMES_PACKAGE, err)
            return frozenset()
        out.update(line.split()[0].casefold() for line in lines if line.strip())
    return frozenset(out)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return _read(_FIRST)


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return _read(_LAST)


def is_first_name(word: str) -> bool:
    """Whether *word* is a first name of the census ("maya", "paris", "lewis")."""
    return word.casefold() in _first_names()


def is_surname(word: str) -> bool:
    """Whether *word* is a surname of the census ("harden", "hilton", "hamilton")."""
    return word.casefold() in _surnames()
