"""Find place mentions in an article.

Three finders, in order of authority:

1. **alias**: every name and alias of ``places.yaml``; case-, possessive-,
   punctuation- and diacritic-aware ("Afghanistan's", "U.S.", "Bagram air
   base"); acronyms match only in capitals ("US" never matches "us").
2. **gazetteer**: capitalised word sequences that are names in the offline
   GeoNames index, with filters against people, organisations and common words.
3. **context**: capitalised names after a locative preposition ("in Xyz",
   "near Xyz") that no gazetteer knows. They are kept as mentions, resolved
   online when asked for, and otherwise listed as unresolved.

The finders never look into the article's debris spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .model import Article, Mention, Place, Span
from .sentences import sentence_spans
from .textnorm import Token, fold, is_acronym, joined, name_key, tokens

__all__ = ["AliasIndex", "find_mentions", "NameLookup"]

#: Looks up a folded name in the offline gazetteer: returns ``(kind, country,
#: population)`` of its best entry, or ``None``.
NameLookup = Callable[[tuple[str, ...]], "GazetteerHit | None"]


@dataclass(frozen=True, slots=True)
class GazetteerHit:
    kind: str
    country: str
    population: int


# Words that are never a place on their own, however the gazetteer spells its
# villages: calendar words, titles, function words and the head nouns of
# organisations.
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today tomorrow yesterday".split()
)
TITLES = frozenset(
    "president vice mr mrs ms miss dr prof sir lord lady king queen prince princess sheikh emir sultan mullah "
    "minister secretary spokesman spokeswoman spokesperson envoy official officials leader chief general gen "
    "senator sen rep representative governor ambassador commander colonel col captain lieutenant sergeant "
    "pope bishop imam judge justice mayor premier chancellor former predecessor successor deputy".split()
)
FUNCTION_WORDS = frozenset(
    "a an the this that these those it its he she they we i you his her their our my your however while but and "
    "or if when since during after before according also as at in on of for from by with to not no yes there here "
    "what which who whom whose why how where all any some each every many most more other such only even still "
    "just then thus so yet nor both either neither earlier later once shortly meanwhile despite although though "
    "because unless until within without among between against about above below under over into onto upon".split()
)
ORG_WORDS = frozenset(
    "ministry department agency council house party parties force forces army navy bank company group "
    "organisation organization union assembly court office committee commission times post news press social "
    "media network networks international airport base street road province district state states talks deal "
    "agreement war verify review report photo graphic university college school institute centre center "
    "foundation administration government parliament congress senate embassy corporation inc ltd club "
    "association federation command operations program programme project service services".split()
)
PERSON_VERBS = frozenset(
    "said says told added posted wrote argued claimed stated praised emphasized emphasised reiterated clarified "
    "warned insisted stressed noted declared ordered suggested threatened renewed replied answered asked urged "
    "tweeted announced explained admitted denied vowed".split()
)
CONNECTORS = frozenset("of de del la le al el upon du da dos das di am der den van von".split())
#: Last words of the names of news outlets: a place inside such a name is not
#: a place mention ("The New York Times", "Washington Post").
OUTLET_HEADS = frozenset(
    "times post journal herald tribune gazette telegraph guardian chronicle observer standard express mail daily "
    "weekly news press radio tv television broadcasting review courier dispatch inquirer examiner today".split()
)
LOCATIVE = frozenset("in at near from to across outside inside around towards toward via into".split())
DEMONYM_SUFFIXES = ("ian", "an", "ese", "ish", "i", "n")

#: Gazetteer kinds that are areas; their names are rarely common words.
AREA_KINDS = frozenset({"continent", "country", "region"})

# Single-token gazetteer names need this many people, or a country the document
# is about and a smaller threshold; longer names are rarely common words.
MIN_POPULATION = 15_000
MIN_POPULATION_IN_CONTEXT = 5_000
MIN_POPULATION_LONG_NAME = 1_000
MIN_POPULATION_PART_OF_NAME = 100_000


@dataclass(frozen=True, slots=True)
class _Alias:
    place_id: str
    acronym: bool
    capitalised: bool
    descriptive: bool


class AliasIndex:
    """Every name and alias of the curated places, keyed by folded tokens."""

    def __init__(self, places: Iterable[Place], ignore: Iterable[str] = ()) -> None:
        self._aliases: dict[tuple[str, ...], list[_Alias]] = {}
        self.countries: dict[str, str] = {}
        for place in places:
            if place.country:
                self.countries[place.id] = place.country
            for name in (place.name, *place.aliases):
                key = name_key(name)
                alias = _Alias(
                    place_id=place.id,
                    acronym=is_acronym(name),
                    capitalised=name[:1].isupper(),
                    descriptive=not name[:1].isupper(),
                )
                self._aliases.setdefault(key, []).append(alias)
        self.ignored = frozenset(name_key(n) for n in ignore)
        self.longest = max((len(k) for k in self._aliases), default=0)

    def match(self, window: Sequence[Token]) -> _Alias | None:
        key = tuple(t.folded for t in window)
        for alias in self._aliases.get(key, ()):
            if alias.acronym and not all(t.is_upper for t in window):
                continue
            if alias.capitalised and not window[0].is_capitalised:
                continue
            return alias
        return None

    def known(self, key: tuple[str, ...]) -> bool:
        return key in self._aliases


def find_mentions(
    article: Article,
    aliases: AliasIndex,
    lookup: NameLookup | None = None,
    country_names: Iterable[str] = (),
) -> tuple[Mention, ...]:
    """Every place mention in *article*, in text order.

    *lookup* gives access to the offline gazetteer; without it only curated
    aliases and locative names are found. *country_names* (folded) helps to
    recognise demonyms ("Afghan") that are not places.
    """
    text = article.text
    words = [t for t in tokens(text) if not article.in_debris(t.start, t.end)]
    sentences = sentence_spans(text)
    sentence_starts = {s.start for s in sentences}
    found: list[tuple[int, int, str, tuple[str, ...], str | None]] = []
    used = [False] * len(words)

    # 1. Curated aliases, longest first.
    i = 0
    while i < len(words):
        matched = False
        for size in range(min(aliases.longest, len(words) - i), 0, -1):
            window = words[i : i + size]
            if size > 1 and not all(joined(text, a, b) for a, b in zip(window, window[1:])):
                continue
            alias = aliases.match(window)
            if alias is None:
                continue
            if alias.descriptive and re.match(r"\s+of\b", text[window[-1].end :]):
                continue  # "the capital of Qatar" is not the story's capital
            following = words[i + size] if i + size < len(words) else None
            if (
                following is not None
                and following.is_capitalised
                and following.folded in OUTLET_HEADS
                and joined(text, window[-1], following)
            ):
                continue  # "Washington Post", "Kabul Times": outlets
            end = window[-1].end
            if alias.acronym and len(window) > 1 and text[end : end + 1] == ".":
                end += 1  # "U.S." keeps its last dot
            found.append((window[0].start, end, "alias", tuple(t.folded for t in window), alias.place_id))
            for k in range(i, i + size):
                used[k] = True
            i += size
            matched = True
            break
        if not matched:
            i += 1
    found = _drop_appositions(text, found, aliases)

    # 2 and 3. Capitalised sequences not claimed by an alias.
    lowercase_words = {t.folded for t in words if not t.is_capitalised}
    sequences = list(_capitalised_sequences(text, words, used))
    people = _person_words(sequences, aliases, lookup)
    demonyms = _demonym_test(country_names, aliases)
    context = {aliases.countries.get(pid, "") for *_, pid in found if pid}
    candidates: list[tuple[Sequence[Token], GazetteerHit, bool, Sequence[Token]]] = []
    for index, seq in sequences:
        windows = list(_gazetteer_windows(text, seq, lookup, aliases))
        for sub, hit in windows:
            candidates.append((sub, hit, len(sub) == len(seq), seq))
            if hit.kind in AREA_KINDS and hit.country:
                context.add(hit.country)
        before = words[index - 1] if index > 0 else None
        if not windows and _locative_unknown(text, seq, before, people, demonyms, lowercase_words, aliases):
            found.append((seq[0].start, seq[-1].end, "context", tuple(t.folded for t in seq), None))
    position_of = {t.start: n for n, t in enumerate(words)}
    for sub, hit, whole, run in candidates:
        key = tuple(t.folded for t in sub)
        if key in aliases.ignored:
            continue
        position = position_of[sub[0].start]
        before = words[position - 1] if position > 0 else None
        after = words[position + len(sub)] if position + len(sub) < len(words) else None
        if not whole and run[-1].folded in OUTLET_HEADS:
            continue  # "The New York Times", "Washington Post"
        if _keep_gazetteer_name(
            sub, hit, whole, before, after, context, people, lowercase_words,
            sub[0].start in sentence_starts, text,
        ):
            found.append((sub[0].start, sub[-1].end, "gazetteer", key, None))

    found.sort(key=lambda f: (f[0], f[1]))
    return tuple(
        Mention(
            article=article.name,
            start=start,
            end=end,
            text=text[start:end],
            key=" ".join(key),
            sentence=_sentence_of(sentences, start, end),
            place_id=place_id,
            finder=finder,
        )
        for start, end, finder, key, place_id in found
    )


def _drop_appositions(text, found, aliases):
    """"the capital Kabul": keep the name, drop the description before it."""
    kept = []
    for index, item in enumerate(found):
        nxt = found[index + 1] if index + 1 < len(found) else None
        descriptive = not text[item[0] : item[0] + 1].isupper()
        if (
            nxt is not None
            and descriptive
            and nxt[4] == item[4]
            and re.fullmatch(r"[\s,]{0,3}", text[item[1] : nxt[0]])
        ):
            continue
        kept.append(item)
    return kept


def _capitalised_sequences(text: str, words: list[Token], used: list[bool]):
    """Maximal runs of capitalised words (with inner connectors such as "of")."""
    i = 0
    while i < len(words):
        if used[i] or not _name_like(words[i]):
            i += 1
            continue
        j = i + 1
        while j < len(words) and not used[j] and joined(text, words[j - 1], words[j]):
            if _name_like(words[j]):
                j += 1
            elif words[j].folded in CONNECTORS and j + 1 < len(words) and _name_like(words[j + 1]) \
                    and not used[j + 1] and joined(text, words[j], words[j + 1]) \
                    and words[j + 1].folded not in CALENDAR | FUNCTION_WORDS | TITLES:
                j += 2
            else:
                break
        yield i, words[i:j]
        i = j


def _name_like(token: Token) -> bool:
    return token.is_capitalised and token.text[0].isalpha() and not token.text.isdigit()


def _gazetteer_windows(text, seq, lookup, aliases):
    """Sub-sequences of *seq* that are gazetteer names, longest first, no overlap."""
    if lookup is None:
        return
    taken = [False] * len(seq)
    for size in range(min(len(seq), 6), 0, -1):
        for start in range(0, len(seq) - size + 1):
            if any(taken[start : start + size]):
                continue
            window = seq[start : start + size]
            if window[0].folded in CONNECTORS or window[-1].folded in CONNECTORS:
                continue
            key = tuple(t.folded for t in window)
            if aliases.known(key):
                continue
            hit = lookup(key)
            if hit is None:
                continue
            for k in range(start, start + size):
                taken[k] = True
            yield window, hit


def _person_words(sequences, aliases, lookup) -> frozenset[str]:
    """Words of the names of people in the document.

    A run of two to four capitalised words that is not a place as a whole,
    holds no organisation word and is introduced by a title or made only of
    name-like words is taken as a person's name: "Zakir Jalaly", "President
    Donald Trump". Their words are then not places elsewhere in the document
    ("Jalaly said").
    """
    people: set[str] = set()
    for _, seq in sequences:
        words = [t.folded for t in seq]
        while words and words[0] in TITLES:
            words = words[1:]
        if not 2 <= len(words) <= 4:
            continue
        key = tuple(words)
        if aliases.known(key) or (lookup is not None and lookup(key) is not None):
            continue
        if any(w in ORG_WORDS or w in FUNCTION_WORDS or w in CALENDAR or w in CONNECTORS for w in words):
            continue
        if any(t.is_upper and len(t.text) > 1 for t in seq):
            continue
        people.update(words)
    return frozenset(people)


def _demonym_test(country_names: Iterable[str], aliases: AliasIndex):
    names = sorted({fold(n) for n in country_names})

    def is_demonym(word: str) -> bool:
        for suffix in DEMONYM_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                stem = word[: -len(suffix)]
                if any(n.startswith(stem) for n in names):
                    return True
        return any(n.startswith(word) and len(word) >= 5 for n in names)

    return is_demonym


def _keep_gazetteer_name(sub, hit, whole, before, after, context, people, lowercase_words, sentence_initial, text):
    words = [t.folded for t in sub]
    if any(t.is_upper and len(t.text) > 1 for t in sub) and len(sub) == 1:
        return False  # acronyms: "AP", "NATO"; curated aliases cover real ones
    single = len(sub) == 1
    big = hit.population >= 1_000_000 or hit.kind == "capital"
    if hit.kind in AREA_KINDS:
        # Countries and states are rarely common words, but they are names of
        # people too ("Michael Jordan", "Coach Chad Johnson").
        if single and words[0] in people:
            return False
        if before is not None and before.folded in TITLES and joined(text, before, sub[0]):
            return False
        return True
    if single:
        word = words[0]
        if word in CALENDAR or word in TITLES or word in FUNCTION_WORDS or word in ORG_WORDS:
            return False
        if word in people or word in lowercase_words or len(word) < 3:
            return False
    if before is not None and before.folded in TITLES and joined(text, before, sub[0]):
        return False
    if before is not None and before.text == "The" and joined(text, before, sub[0]) and hit.population < MIN_POPULATION_PART_OF_NAME:
        return False  # "The Hill", "The Times": titles of outlets, not towns
    if after is not None and after.folded in PERSON_VERBS and not big:
        return False
    if not whole and hit.population < MIN_POPULATION_PART_OF_NAME and hit.kind != "capital":
        return False  # "Adam" of "Adam Boehler", "White" of "White House"
    if sentence_initial and single and hit.population < MIN_POPULATION_PART_OF_NAME and hit.kind != "capital":
        return False
    if not single:
        small = hit.population < MIN_POPULATION_PART_OF_NAME
        if small and (words[0] == "the" or words[-1] in ORG_WORDS):
            return False  # "The Hill", "White House": outlets and buildings, not towns
        return hit.population >= MIN_POPULATION_LONG_NAME or hit.country in context
    if hit.country in context:
        return hit.population >= MIN_POPULATION_IN_CONTEXT
    return hit.population >= MIN_POPULATION


def _locative_unknown(text, seq, before, people, is_demonym, lowercase_words, aliases) -> bool:
    if before is None or before.folded not in LOCATIVE or not joined(text, before, seq[0]):
        return False
    if before.is_capitalised:
        return False  # "In" opening a sentence
    words = [t.folded for t in seq]
    if any(w in CALENDAR or w in TITLES or w in FUNCTION_WORDS or w in ORG_WORDS for w in words):
        return False
    if any(w in people or is_demonym(w) for w in words):
        return False
    if len(seq) == 1 and (words[0] in lowercase_words or seq[0].is_upper or len(words[0]) < 3):
        return False
    if tuple(words) in aliases.ignored:
        return False
    return True


def _sentence_of(sentences: tuple[Span, ...], start: int, end: int) -> Span:
    for span in sentences:
        if span.start <= start and end <= span.end:
            return span
    for span in sentences:
        if span.start <= start < span.end:
            return Span(span.start, max(span.end, end))
    return Span(start, end)
