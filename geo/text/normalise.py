"""Text normalisation shared by every matcher: one place decides what "the same
name" means.

Names are compared as tuples of folded tokens: case-folded, diacritics removed,
split on anything that is not a letter or digit. So "Afghanistan's" yields the
token ``afghanistan`` followed by ``s``, "U.S." yields ``u``, ``s`` and
"Bagram air-base" yields ``bagram``, ``air``, ``base``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Token", "fold", "tokens", "name_key", "elided", "is_acronym", "slugify", "MAX_NAME_TOKENS", "non_latin_letters",
]

_TOKEN = re.compile(r"[^\W_]+")
# Characters allowed between two tokens of one multi-word name: spaces, or a
# hyphen or apostrophe, or a dot after a single letter ("U.S.", "J. Smith").
_JOINERS = re.compile(r"[ \t\u00a0]{1,2}|[ \t\u00a0]?[-'\u2019\u2010\u2011][ \t\u00a0]?")
_INITIAL_DOT = re.compile(r"\.[ \t\u00a0]?")
#: Words of place names shortened with a dot, which then joins them to the next word.
_SHORT_FORMS = frozenset({"St", "Ste", "Sta", "Mt", "Ft", "Pt"})


def fold(text: str) -> str:
    """Case-fold and strip diacritics: ``fold("Dohār") == "dohar"``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text with its offsets and folded form."""

    start: int
    end: int
    text: str
    folded: str

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()


def tokens(text: str) -> Iterator[Token]:
    """Yield the word tokens of *text* with their character offsets."""
    for match in _TOKEN.finditer(text):
        word = match.group()
        yield Token(match.start(), match.end(), word, fold(word))


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether *left* and *right* are adjacent words of one name.

    Only spaces, a hyphen or an apostrophe may stand between them, or a dot
    after a single letter or a short form: "U.S.", "Bagram air-base", "Côte d'Ivoire", "St. Louis", but not
    "Kabul, Bagram", "Lahore. Rescuers" nor words on two lines.
    """
    gap = text[left.end : right.start]
    if not gap:
        return False
    if _JOINERS.fullmatch(gap):
        return True
    if left.text in _SHORT_FORMS and right.is_capitalised:
        return bool(_INITIAL_DOT.fullmatch(gap))  # "Gulf of St. Lawrence", "Mt. Kenya", "Sault Ste. Marie"
    return len(left.text) == 1 and bool(_INITIAL_DOT.fullmatch(gap))


_APOSTROPHES = ("'", "\u2019")


def elided(text: str, word: Token, before: Token | None, after: Token | None = None) -> bool:
    """Whether *word* is the lowercase part of a name cut by an apostrophe, written right
    after the word *before* or right before the word *after*: the "s" of "St. John's" or
    "King's Lynn", the "a" of "Sana'a", the "d" of "Coeur d'Alene" (and the "s" of a
    possessive: "Kabul's")."""
    if word.is_capitalised:
        return False
    return (before is not None and text[before.end : word.start] in _APOSTROPHES) or (
        after is not None and text[word.end : after.start] in _APOSTROPHES
    )


def name_key(name: str) -> tuple[str, ...]:
    """The look-up key of a name: its folded tokens."""
    return tuple(t.folded for t in tokens(name))


def is_acronym(name: str) -> bool:
    """Whether *name* is written as an acronym ("US", "U.S.", "UK", "UAE").

    Acronyms only match text written in capitals, so "US" never matches "us".
    """
    words = [t.text for t in tokens(name)]
    if not words:
        return False
    if len(words) == 1:
        return words[0].isupper() and len(words[0]) <= 4
    return all(len(w) == 1 and w.isupper() for w in words)


def slugify(text: str, max_words: int = 10) -> str:
    """A readable ASCII slug: ``slugify("Taliban Reject US") == "taliban-reject-us"``."""
    words = [t.folded for t in tokens(text)]
    ascii_words = [w.encode("ascii", "ignore").decode() for w in words]
    return "-".join([w for w in ascii_words if w][:max_words])


#: The longest name, in words, the mention finder looks up.
MAX_NAME_TOKENS = 6


@lru_cache(maxsize=4096)
def _latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "LATIN")


def non_latin_letters(text: str) -> int:
    """How many letters of *text* are not of the Latin script (0: a name in Latin letters).

    >>> non_latin_letters("Kabul"), non_latin_letters("Kābul"), non_latin_letters("کابل")
    (0, 0, 4)
    """
    return 0 if text.isascii() else sum(1 for c in text if c.isalpha() and not _latin(c))
