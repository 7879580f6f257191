"""Find place mentions in an article.

Three finders, in order of authority:

1. **alias**: every name and alias of ``places.yaml``; case-, possessive-,
   punctuation- and diacritic-aware ("Afghanistan's", "U.S.", "Bagram air
   base"); acronyms match only in capitals ("US" never matches "us").
2. **ner**: places (GPE, LOC, FAC) that spaCy's named-entity recogniser marks,
   with its usual noise filtered out; its people and organisations block
   gazetteer names inside them ("Adam Boehler", "Truth Social").
3. **gazetteer**: capitalised word sequences that are names in the offline
   GeoNames index, with filters against people, organisations and common
   words; it catches what NER misses, notably Central Asian and Middle
   Eastern names.
4. **context**: capitalised names after a locative preposition ("in Xyz",
   "near Xyz") that no gazetteer knows. They are kept as mentions, resolved
   online when asked for, and otherwise listed as unresolved.
5. **demonym**: "Afghan", "Americans": associative mentions of a country.

Capitals and countries followed by a verb of speech or decision ("Washington
said", "Kabul rejected") are marked as metonymic.

The finders never look into the article's debris spans.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model import Article, Mention, Place, Span
from ..text.normalise import MAX_NAME_TOKENS, Token, fold, is_acronym, joined, name_key, tokens
from ..text.sentences import sentence_spans
from .ner import PLACE_LABELS, Entity

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
CONNECTORS = frozenset("of de del la le al el upon du da dos das di am der den van von i e ul ud".split())
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


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    finder: str
    key: tuple[str, ...]
    place_id: str | None = None
    role: str = "literal"
    country: str = ""


#: Entity labels that are never places; a gazetteer name inside one is not a
#: mention ("Adam Boehler", "The Hill", "Truth Social").
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"})
#: Verbs after a capital or country that make it stand for its government.
METONYMY_VERBS = PERSON_VERBS | frozenset(
    "rejected rejects denied denies accused accuses demanded demands condemned condemns welcomed welcomes "
    "wants wanted hopes hoped refused refuses agreed agrees signed signs responded responds criticised "
    "criticized sanctioned imposed pledged promised vetoed recognised recognized".split()
)


def find_mentions(
    article: Article,
    aliases: AliasIndex,
    lookup: NameLookup | None = None,
    country_names: Iterable[str] = (),
    entities: Sequence[Entity] = (),
    demonym: Callable[[tuple[str, ...]], str | None] | None = None,
) -> tuple[Mention, ...]:
    """Every place mention in *article*, in text order.

    *lookup* gives access to the offline gazetteer; without it only curated
    aliases and locative names are found. *entities* are named entities of the
    article (from :mod:`geo.find.ner`): places among them are mentions, people and
    organisations block gazetteer names inside them. *demonym* maps a word
    ("Afghan") to a country code; *country_names* helps to recognise demonyms
    that are not in that table.
    """
    text = article.text
    words = [t for t in tokens(text) if not article.in_debris(t.start, t.end)]
    sentences = sentence_spans(text)
    sentence_starts = {s.start for s in sentences}
    found: list[_Found] = []
    used = [False] * len(words)
    position_of = {t.start: n for n, t in enumerate(words)}

    starts = [t.start for t in words]

    def indices(start: int, end: int) -> range:
        """Indices of the words that overlap ``[start, end)``."""
        first = bisect.bisect_right(starts, start) - 1
        if first < 0 or words[first].end <= start:
            first += 1
        return range(first, bisect.bisect_left(starts, end))

    def claim(start: int, end: int) -> None:
        for n in indices(start, end):
            used[n] = True

    def free(start: int, end: int) -> bool:
        return not any(used[n] for n in indices(start, end))

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
            found.append(_Found(window[0].start, end, "alias", tuple(t.folded for t in window), alias.place_id))
            for k in range(i, i + size):
                used[k] = True
            i += size
            matched = True
            break
        if not matched:
            i += 1
    found = _drop_appositions(text, found)

    lowercase_words = {t.folded for t in words if not t.is_capitalised}
    sequences = list(_capitalised_sequences(text, words, used))
    person_entities = [e for e in entities if e.label == "PERSON"]
    if entities:
        # The recogniser knows people better than any rule about capitals.
        people = frozenset(
            w for e in person_entities for w in name_key(e.text) if w not in TITLES and lookup is not None
            and (lookup((w,)) is None or lookup((w,)).kind not in AREA_KINDS or len(name_key(e.text)) > 1)
        )
    else:
        people = _person_words(sequences, aliases, lookup)
    is_demonym = _demonym_test(country_names, aliases)

    # 2. Named entities: places are mentions; people and organisations block.
    blocked: list[tuple[int, int, str]] = []
    for entity in entities:
        if article.in_debris(entity.start, entity.end):
            continue
        if entity.label in BLOCKING_LABELS:
            blocked.append((entity.start, entity.end, entity.label))
            continue
        start, end = _trim_entity(text, entity.start, entity.end)
        if end <= start or not free(start, end):
            continue
        key = name_key(text[start:end])
        if entity.label == "NORP":
            country = demonym(key) if demonym else None
            if country:
                found.append(_Found(start, end, "demonym", key, role="associative", country=country))
                claim(start, end)
            continue
        if entity.label in PLACE_LABELS and _plausible_entity(text[start:end], key, aliases, people):
            if demonym is not None and len(key) == 1 and demonym(key):
                found.append(_Found(start, end, "demonym", key, role="associative", country=demonym(key) or ""))
                claim(start, end)
                continue
            known = lookup is not None and lookup(key) is not None
            if not known and not _supported_unknown(text, start, key):
                continue  # "Maya Harden", "Swine": the recogniser's guesses that no gazetteer backs
            found.append(_Found(start, end, "ner", key))
            claim(start, end)
    sequences = list(_capitalised_sequences(text, words, used))

    # 3. Gazetteer names among the capitalised words left; 4. locative names.
    context = {aliases.countries.get(f.place_id or "", "") for f in found if f.place_id}
    candidates: list[tuple[Sequence[Token], GazetteerHit, bool, Sequence[Token]]] = []
    for index, seq in sequences:
        windows = list(_gazetteer_windows(text, seq, lookup, aliases))
        for sub, hit in windows:
            candidates.append((sub, hit, len(sub) == len(seq), seq))
            if hit.kind in AREA_KINDS and hit.country:
                context.add(hit.country)
        before = words[index - 1] if index > 0 else None
        if (
            not windows
            and not _inside(blocked, seq[0].start, seq[-1].end)
            and _locative_unknown(text, seq, before, people, is_demonym, lowercase_words, aliases)
        ):
            found.append(_Found(seq[0].start, seq[-1].end, "context", tuple(t.folded for t in seq)))
    for sub, hit, whole, run in candidates:
        key = tuple(t.folded for t in sub)
        if key in aliases.ignored:
            continue
        block = _inside(blocked, sub[0].start, sub[-1].end, strictly=True)
        if _inside(blocked, sub[0].start, sub[-1].end) == "PERSON" or (block and hit.kind not in AREA_KINDS):
            continue  # a person, or a name inside an organisation's ("Kabul University")
        position = position_of[sub[0].start]
        before = words[position - 1] if position > 0 else None
        after = words[position + len(sub)] if position + len(sub) < len(words) else None
        if not whole and run[-1].folded in OUTLET_HEADS:
            continue  # "The New York Times", "Washington Post"
        if _keep_gazetteer_name(
            sub, hit, whole, before, after, context, people, lowercase_words,
            sub[0].start in sentence_starts, text,
        ):
            found.append(_Found(sub[0].start, sub[-1].end, "gazetteer", key))
            claim(sub[0].start, sub[-1].end)

    # 5. One sense per discourse: a name taken as a place elsewhere in the
    # article is a place here too; and a name the text defines as a place
    # ("Aurora is a city in Kane County") is one, wherever it stands.
    defined = {
        key for index, seq in sequences for key in [tuple(t.folded for t in seq)]
        if lookup is not None and _defined_as_place(text, seq[-1].end) and lookup(key) is not None
    }
    places_named = {f.key for f in found if f.finder in ("ner", "gazetteer") and f.role != "associative"} | defined
    if places_named:
        for index, seq in list(_capitalised_sequences(text, words, used)):
            for size in range(len(seq), 0, -1):
                for first in range(0, len(seq) - size + 1):
                    window = seq[first : first + size]
                    key = tuple(t.folded for t in window)
                    if key not in places_named or not free(window[0].start, window[-1].end):
                        continue
                    if _inside(blocked, window[0].start, window[-1].end) == "PERSON":
                        continue
                    found.append(_Found(window[0].start, window[-1].end, "gazetteer", key))
                    claim(window[0].start, window[-1].end)

    # 6. Demonyms the entities did not mark ("Afghan people", "Chinese activity").
    if demonym is not None:
        for n, token in enumerate(words):
            if used[n] or not token.is_capitalised or _inside(blocked, token.start, token.end) == "PERSON":
                continue
            country = demonym((token.folded,))
            if country:
                found.append(_Found(token.start, token.end, "demonym", (token.folded,), role="associative", country=country))
                used[n] = True

    # Capitals and countries that act ("Washington said") stand for their governments.
    for item in found:
        if item.role == "literal" and _acts(text, item.end):
            item.role = "metonymic"

    found.sort(key=lambda f: (f.start, f.end))
    return tuple(
        Mention(
            article=article.name,
            start=f.start,
            end=f.end,
            text=text[f.start : f.end],
            key=" ".join(f.key),
            sentence=_sentence_of(sentences, f.start, f.end),
            place_id=f.place_id,
            finder=f.finder,
            role=f.role,
            country=f.country,
        )
        for f in found
    )


def _trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Without a leading "the" and a trailing possessive or punctuation."""
    match = re.match(r"(?i)the\s+", text[start:end])
    if match:
        start += match.end()
    trail = re.search(r"(?:['\u2019]s?|[\s.,;:!?\"\u201d)-]+)+$", text[start:end])
    if trail:
        end = start + trail.start()
    return start, end


def _plausible_entity(surface: str, key: tuple[str, ...], aliases: AliasIndex, people: frozenset[str]) -> bool:
    """Drop the usual NER noise: dates ("8/2021"), other scripts, common words, people."""
    if not key or not surface[:1].isupper():
        return False
    if any(c.isdigit() for c in surface):
        return False
    if any(c.isalpha() and "LATIN" not in unicodedata.name(c, "LATIN") for c in surface):
        return False
    if all(w in FUNCTION_WORDS or w in CALENDAR or w in TITLES or w in GENERIC_AREAS for w in key):
        return False
    if key in aliases.ignored:
        return False
    if len(key) == 1 and key[0] in people:
        return False
    return True


#: Last words that make an unknown name a place ("Scott County", "Kuhmo Valley").
PLACE_HEADS = frozenset(
    "county province district region state territory prefecture municipality parish borough township village "
    "city town valley river lake mountain mountains mount island islands peninsula coast bay gulf sea desert "
    "plateau basin strait canyon forest park camp airport airbase base port harbour harbor".split()
)
#: Single words the recogniser calls places that are directions, not places.
GENERIC_AREAS = frozenset("west east north south centre center central midwest northeast northwest southeast southwest".split())


_DEFINITION = re.compile(
    r"^(?:\s*\([^)]{0,80}\))?(?:,\s*(?:or|originally|formerly|officially|also)\b[^,]{0,60},)?"
    r"\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:city|town|village|municipality|commune|suburb|borough|township|settlement|hamlet|community|county|"
    r"district|province|region|state|capital|neighbou?rhood|port|parish|locality|census-designated place|"
    r"unincorporated community|ghost town|island|river|lake|mountain)\b",
    re.IGNORECASE,
)


def _defined_as_place(text: str, end: int) -> bool:
    """Whether the text right after a name defines it as a place ("... is a town in ...")."""
    return _DEFINITION.match(text[end : end + 160]) is not None


def _supported_unknown(text: str, start: int, key: tuple[str, ...]) -> bool:
    """Whether a name no gazetteer knows still reads as a place."""
    if key[-1] in PLACE_HEADS:
        return True
    before = re.search(r"(\w+)\s+(?:the\s+)?$", text[max(0, start - 20) : start])
    return bool(before) and before.group(1).casefold() in LOCATIVE


def _inside(spans: list[tuple[int, int, str]], start: int, end: int, strictly: bool = False) -> str:
    """The label of the entity span that overlaps ``[start, end)``, or "".

    *spans* are sorted by start and do not overlap (as spaCy's entities).
    With *strictly*, only a span that reaches beyond ``[start, end)`` counts:
    NER often calls a lone foreign place name an organisation.
    """
    index = bisect.bisect_left(spans, end, key=lambda s: s[0]) - 1
    while index >= 0 and spans[index][1] > start:
        s_start, s_end, label = spans[index]
        if not strictly or s_start < start or s_end > end:
            return label
        index -= 1
    return ""


def _acts(text: str, end: int) -> bool:
    match = re.match(r"(?:['\u2019]s\s+government)?\s+(?:has\s+|had\s+|have\s+)?([a-z]+)", text[end : end + 40])
    return bool(match) and match.group(1) in METONYMY_VERBS


def _drop_appositions(text: str, found: list[_Found]) -> list[_Found]:
    """"the capital Kabul": keep the name, drop the description before it."""
    kept = []
    for index, item in enumerate(found):
        nxt = found[index + 1] if index + 1 < len(found) else None
        descriptive = not text[item.start : item.start + 1].isupper()
        if (
            nxt is not None
            and descriptive
            and nxt.place_id == item.place_id
            and re.fullmatch(r"[\s,]{0,3}", text[item.end : nxt.start])
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
    for size in range(min(len(seq), MAX_NAME_TOKENS), 0, -1):
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


def _org_word(word: str) -> bool:
    return word in ORG_WORDS or (word.endswith("s") and word[:-1] in ORG_WORDS)


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
        if any(_org_word(w) or w in FUNCTION_WORDS or w in CALENDAR or w in CONNECTORS for w in words):
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
    if any(t.is_upper and 1 < len(t.text) <= 4 for t in sub) and len(sub) == 1 and hit.kind not in AREA_KINDS:
        return False  # acronyms: "AP", "NATO"; countries' ("UK", "UAE") are in the gazetteer
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
    """The sentence that holds ``[start, end)`` (sentences are sorted and disjoint)."""
    index = bisect.bisect_right(sentences, start, key=lambda s: s.start) - 1
    if index >= 0:
        span = sentences[index]
        if end <= span.end:
            return span
        if start < span.end:
            return Span(span.start, max(span.end, end))
    return Span(start, end)
