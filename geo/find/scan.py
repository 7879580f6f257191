"""One article on its way through the mention finders.

A :class:`Scan` is to the finders of :mod:`geo.find.pipeline` what spaCy's
``Doc`` is to the components of a ``Language``: each finder reads it and adds
to it. It holds the article's words (debris left out), one mask of the words
a mention has taken, the mentions found so far, and what the finders tell
each other: the words of people's names and the names the text defines as
places. The spans of entities that are never places (people,
organisations...) are known from the start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import Article, Finder, Role, Span
from ..text.normalise import Token, elided, joined, tokens
from ..text.sentences import sentence_spans
from ..text.spans import starting_before, starting_from
from .aliases import AliasIndex
from .ner import Entity
from .words import CONNECTORS, NOT_NAME_WORDS

__all__ = [
    "AREA_KINDS",
    "BLOCKING_LABELS",
    "Blocked",
    "DemonymLookup",
    "Found",
    "GazetteerHit",
    "NameLookup",
    "Scan",
    "folded",
]


@dataclass(frozen=True, slots=True)
class GazetteerHit:
    """The best gazetteer entry of a name."""

    kind: str
    country: str
    population: int
    name: str = ""  # the entry's own spelling ("Göd" for "God")
    lat: float = 0.0
    lon: float = 0.0


#: Looks up a folded name in the offline gazetteer: returns ``(kind, country,
#: population)`` of its best entry, or ``None``.
NameLookup = Callable[[tuple[str, ...]], GazetteerHit | None]
#: Maps a folded word ("afghan",) to the ISO code of its country, or ``None``.
DemonymLookup = Callable[[tuple[str, ...]], str | None]

#: Gazetteer kinds that are areas; their names are rarely common words.
AREA_KINDS = frozenset({"continent", "macroregion", "water", "country", "region"})
#: Entity labels that are never places; a gazetteer name inside one is not a
#: mention ("Adam Boehler", "The Hill", "Truth Social").
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"})


class Blocked(NamedTuple):
    """The span of an entity that is never a place."""

    start: int
    end: int
    label: str


@dataclass(slots=True)
class Found:
    """A mention found, before it becomes a :class:`~geo.model.Mention`."""

    start: int
    end: int
    finder: Finder
    key: tuple[str, ...]
    place_id: str | None = None
    role: Role = Role.LITERAL
    country: str = ""


def folded(words: Sequence[Token]) -> tuple[str, ...]:
    """The look-up key of a run of words."""
    return tuple(t.folded for t in words)


def _name_like(token: Token) -> bool:
    return token.is_capitalised and token.text[0].isalpha() and not token.text.isdigit()


@dataclass(slots=True)
class Scan:
    """An article, what the finders may consult, and what they have found so far.

    ``used[n]`` tells whether ``words[n]`` is taken by a mention; ``blocked``
    lists the entities that are never places, sorted and disjoint (as spaCy's).
    """

    article: Article
    text: str
    aliases: AliasIndex
    lookup: NameLookup | None
    country_names: Iterable[str]
    entities: Sequence[Entity]
    demonym: DemonymLookup | None
    words: list[Token]
    starts: list[int]
    used: list[bool]
    sentences: tuple[Span, ...]
    blocked: list[Blocked]
    lowercase_words: frozenset[str]
    found: list[Found] = field(default_factory=list)
    #: Names considered and set aside: ``(start, end, key, reason)``.
    rejected: list[tuple[int, int, tuple[str, ...], str]] = field(default_factory=list)
    #: Indices of the words a mention added without taking them, or a set-aside name, covers.
    noted: set[int] = field(default_factory=set)
    people: frozenset[str] = frozenset()
    defined: frozenset[tuple[str, ...]] = frozenset()
    #: Whether each word may be part of a name (capitalised, not a number...), and the indices
    #: of those that may start one: computed once, read by every finder.
    name_like: list[bool] = field(default_factory=list)
    capitals: list[int] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        article: Article,
        aliases: AliasIndex,
        lookup: NameLookup | None = None,
        country_names: Iterable[str] = (),
        entities: Sequence[Entity] = (),
        demonym: DemonymLookup | None = None,
    ) -> Scan:
        """A scan of *article* that has found nothing yet."""
        text = article.text
        words = [t for t in tokens(text) if not article.in_debris(t.start, t.end)]
        blocked = [
            Blocked(e.start, e.end, e.label)
            for e in entities
            if e.label in BLOCKING_LABELS and not article.in_debris(e.start, e.end)
        ]
        name_like = [_name_like(t) for t in words]
        return cls(
            article, text, aliases, lookup, country_names, entities, demonym,
            words=words,
            starts=[t.start for t in words],
            used=[False] * len(words),
            sentences=sentence_spans(text),
            blocked=blocked,
            lowercase_words=frozenset(t.folded for t in words if not t.is_capitalised),
            name_like=name_like,
            capitals=[i for i, like in enumerate(name_like) if like],
        )

    def word(self, index: int) -> Token | None:
        """``words[index]``, or None outside the article."""
        return self.words[index] if 0 <= index < len(self.words) else None

    def index_of(self, token: Token) -> int:
        """The index of *token*, one of :attr:`words`."""
        return starting_from(self.starts, token.start)

    def word_before(self, position: int) -> Token | None:
        """The last word that starts before *position*, or None."""
        return self.word(starting_before(self.starts, position))

    def indices(self, start: int, end: int) -> range:
        """Indices of the words that overlap ``[start, end)``."""
        first = starting_before(self.starts, start, inclusive=True)
        if first < 0 or self.words[first].end <= start:
            first += 1
        return range(first, starting_from(self.starts, end))

    def free(self, start: int, end: int) -> bool:
        """Whether no mention has taken a word of ``[start, end)``."""
        return not any(self.used[n] for n in self.indices(start, end))

    def claim(self, start: int, end: int) -> None:
        """Take the words of ``[start, end)``."""
        for n in self.indices(start, end):
            self.used[n] = True

    def add(self, found: Found, claim: bool = True) -> None:
        """Record a mention and (unless told not to) take its words."""
        self.found.append(found)
        if claim:
            self.claim(found.start, found.end)
        else:
            self.noted.update(self.indices(found.start, found.end))

    def reject(self, start: int, end: int, key: tuple[str, ...], reason: str) -> None:
        """Record a name set aside, unless a mention or another set-aside name holds its words."""
        words = self.indices(start, end)
        if self.free(start, end) and self.noted.isdisjoint(words):
            self.rejected.append((start, end, key, reason))
            self.noted.update(words)

    def country_of(self, key: tuple[str, ...]) -> str | None:
        """The country whose demonym *key* is, if a demonym table is given."""
        return self.demonym(key) if self.demonym is not None else None

    def blocked_by(self, start: int, end: int, strictly: bool = False) -> str:
        """The label of the blocking entity that overlaps ``[start, end)``, or "".

        With *strictly*, only an entity that reaches beyond ``[start, end)``
        counts: NER often calls a lone foreign place name an organisation.
        """
        index = starting_before(self.blocked, end, key=lambda b: b.start)
        while index >= 0 and self.blocked[index].end > start:
            b_start, b_end, label = self.blocked[index]
            if not strictly or b_start < start or b_end > end:
                return label
            index -= 1
        return ""

    def capitalised_sequences(self) -> list[tuple[int, list[Token]]]:
        """Maximal runs of free capitalised words (with inner connectors such as
        "of"), each with the index of its first word."""
        words, used, text, like = self.words, self.used, self.text, self.name_like
        runs = []
        after = 0  # the first word after the last run
        for i in self.capitals:
            if i < after or used[i]:
                continue
            j = i + 1
            while j < len(words) and not used[j] and joined(text, words[j - 1], words[j]):
                if like[j]:
                    j += 1
                elif _hyphened(text, words, j) and like[j + 1] and not used[j + 1]:
                    j += 2  # "Port-au-Prince", "Aix-en-Provence": one word in three
                elif words[j].folded in CONNECTORS and j + 1 < len(words) and like[j + 1] \
                        and not used[j + 1] and joined(text, words[j], words[j + 1]) \
                        and words[j + 1].folded not in NOT_NAME_WORDS:
                    j += 2
                elif elided(text, words[j], words[j - 1], self.word(j + 1)) and (stop := self._name_through(i, j)):
                    j = stop  # "King's Lynn", "St. John's", "Sana'a": the gazetteer's name
                else:
                    break
            runs.append((i, words[i:j]))
            after = j
        return runs

    def _name_through(self, first: int, cut: int) -> int:
        """The end (a word index, exclusive) of the longest gazetteer name that holds the word
        cut by an apostrophe, ``words[cut]``, and starts in the run that opens at *first*:
        "King's Lynn", "St. John's", "the Democratic People's Republic of Korea"; 0 where
        there is none (the possessive of "Kabul's mayor")."""
        if self.lookup is None:
            return 0
        words, like, used = self.words, self.name_like, self.used
        stop = cut + 1
        while (stop < len(words) and stop - cut <= _ELIDED_REACH and not used[stop]
               and joined(self.text, words[stop - 1], words[stop])
               and (like[stop] or words[stop].folded in CONNECTORS)):
            stop += 1
        for end in range(stop, cut, -1):
            if end > cut + 1 and not like[end - 1]:
                continue
            for begin in range(max(first, cut - _ELIDED_REACH), cut):
                if self.lookup(folded(words[begin:end])) is not None:
                    return end
        return 0


#: How many words a name cut by an apostrophe may hold on each side of the cut.
_ELIDED_REACH = 4


def _hyphened(text: str, words: Sequence[Token], j: int) -> bool:
    """Whether ``words[j]`` is a short lowercase word between hyphens inside a name, whatever
    its language: the "en" of "Aix-en-Provence", the "au" of "Port-au-Prince"."""
    word = words[j]
    return (0 < j < len(words) - 1 and len(word.text) <= 4 and word.text.islower()
            and text[words[j - 1].end : word.start] == "-" and text[word.end : words[j + 1].start] == "-")
