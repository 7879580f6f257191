"""Common English words, to tell a word from a foreign town that is spelt like it.

"Police" is a town in Poland and "Loop" a neighbourhood of Chicago; in an American paper they
are words. The list is Webster's Second International word list as the ``english-words``
package ships it (``english_words/data/web2.pickle``, public domain, the package MIT), read as
plain data, never imported: proper nouns are capitalised there, so a name whose lower-case
form is listed is also a common word ("police", "hope", "temple"; not "tyler" or "kabul").
"""

from __future__ import annotations

import logging
import pickle
from functools import lru_cache
from importlib import util
from pathlib import Path

from .plain_data import load_plain

__all__ = ["WORDS_PACKAGE", "is_common_word"]

log = logging.getLogger(__name__)

#: The registry package that ships the word list.
WORDS_PACKAGE = "english_words"
_FILE = ("data", "web2.pickle")
#: The file is about 5 MB; anything much larger is not that file.
_MAX_BYTES = 32 * 1024 * 1024


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    spec = util.find_spec(WORDS_PACKAGE)
    path = None
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_FILE)
    if path is None or not path.is_file() or path.stat().st_size > _MAX_BYTES:
        log.warning("%s is not installed: English words spelt like small foreign towns are not told apart",
                    WORDS_PACKAGE)
        return frozenset()
    try:
        with path.open("rb") as handle:
            data = load_plain(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError) as err:
        log.warning("cannot read the word list of %s (%s)", WORDS_PACKAGE, err)
        return frozenset()
    if not isinstance(data, set | frozenset):
        return frozenset()
    return frozenset(w for w in data if isinstance(w, str) and w.islower())


def is_common_word(word: str) -> bool:
    """Whether *word*, in lower case, is a common English word ("police", "loop", "hope")."""
    return word.casefold() in _words()
