"""The curated names: every name and alias of ``places.yaml``, keyed by folded tokens.

Matching is case-, possessive-, punctuation- and diacritic-aware ("Afghanistan's",
"U.S.", "Bagram air base"); acronyms match only in capitals ("US" never matches
"us"), and capitalised names only when capitalised in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Place
from ..text.normalise import Token, is_acronym, name_key

__all__ = ["Alias", "AliasIndex"]


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of a curated place, and how it may be written in a text."""

    place_id: str
    acronym: bool
    capitalised: bool
    descriptive: bool  # written in lower case ("the capital"): a description, not a name


class AliasIndex:
    """Every name and alias of the curated places, keyed by folded tokens.

    *ignore* lists names that are never places (``ignore:`` of ``places.yaml``).
    """

    def __init__(self, places: Iterable[Place], ignore: Iterable[str] = ()) -> None:
        self._aliases: dict[tuple[str, ...], list[Alias]] = {}
        self.countries: dict[str, str] = {}
        for place in places:
            if place.country:
                self.countries[place.id] = place.country
            for name in (place.name, *place.aliases):
                key = name_key(name)
                alias = Alias(
                    place_id=place.id,
                    acronym=is_acronym(name),
                    capitalised=name[:1].isupper(),
                    descriptive=not name[:1].isupper(),
                )
                self._aliases.setdefault(key, []).append(alias)
        self.ignored = frozenset(name_key(n) for n in ignore)
        self.longest = max((len(k) for k in self._aliases), default=0)

    def match(self, window: Sequence[Token]) -> Alias | None:
        """The first alias written as *window* is, or None."""
        key = tuple(t.folded for t in window)
        for alias in self._aliases.get(key, ()):
            if alias.acronym and not all(t.is_upper for t in window):
                continue
            if alias.capitalised and not window[0].is_capitalised:
                continue
            return alias
        return None

    def known(self, key: tuple[str, ...]) -> bool:
        """Whether *key* is a curated name or alias, however written."""
        return key in self._aliases
