"""The judgements the mention finders make about one name, as pure functions.

Whether a curated alias stands where it is written, whether a recogniser's
place or a gazetteer name is noise, whether an unknown name after "in" is a
place, which words are people's names, and whether a place acts ("Kabul
said"). Each takes the text and words it needs, not the whole scan, so it can
be tested with literals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from ..text.english import is_common_word
from ..text.normalise import MAX_NAME_TOKENS, Token, fold, joined, name_key, non_latin_letters
from ..text.person_names import is_first_name, is_surname
from .aliases import Alias, AliasIndex
from .ner import Entity
from .scan import AREA_KINDS, Found, GazetteerHit, NameLookup, folded
from .words import (
    CALENDAR,
    COMPOUND_PREFIXES,
    CONNECTORS,
    DEMONYM_SUFFIXES,
    FACILITY_HEADS,
    FEATURE_SUFFIXES,
    FUNCTION_WORDS,
    GENERIC_AREAS,
    GOVERNMENT_HEADS,
    LOCATIVE,
    METONYMY_VERBS,
    ORG_WORDS,
    OUTLET_HEADS,
    PERSON_VERBS,
    PLACE_HEADS,
    PLACE_PREPOSITIONS,
    POSITION_WORDS,
    SITE_NOUNS,
    STREET_HEADS,
    TITLES,
)

__all__ = [
    "set_aside_reason",
    "alias_stands", "drop_appositions", "trim_entity", "plausible_entity", "supported_unknown",
    "people_in_entities", "people_in_runs", "demonym_test", "locative_unknown", "gazetteer_windows",
    "keep_gazetteer_name", "word_trap", "defined_as_place", "acts", "opens_as_a_word", "numbered_after_the",
    "UNKNOWN_GUESS", "NUMBERED_NAME", "INSTITUTION_NAME", "LABEL_REASONS", "NAMED_WITH_THE",
    "named_with_the", "described_as_a_person",
]

# Single-token gazetteer names need this many people, or a country the document
# is about and a smaller threshold; longer names are rarely common words.
MIN_POPULATION = 15_000
MIN_POPULATION_IN_CONTEXT = 5_000
MIN_POPULATION_LONG_NAME = 1_000
MIN_POPULATION_PART_OF_NAME = 100_000

_DEFINITION = re.compile(
    r"^(?:\s*\([^)]{0,80}\))?(?:,\s*(?:or|originally|formerly|officially|also)\b[^,]{0,60},)?"
    r"(?:\s+(?:is|was)\s+(?:a|an|the)|\s*,\s+(?:a|an))\s+"
    # Up to four words describe the kind ("a small rural town"), no phrase of their own ("a councillor in the county").
    r"(?:(?!(?:in|of|on|at|for|to|from|with|by|the|a|an|who|which|that)\b)[\w-]+\s+){0,4}?"
    r"(?:city|town|village|municipality|commune|suburb|borough|township|settlement|hamlet|community|county|"
    r"district|province|region|state|capital|neighbou?rhood|port|parish|locality|census-designated place|"
    r"unincorporated community|ghost town|island|river|lake|mountain)"
    # The kind ends the phrase, not a noun it qualifies ("a town in Ohio", not "a town councillor").
    r"(?!\s+(?!(?:under|over|after|later|whether|either|together|rather|other|never|ever|per)\b)"
    r"(?:[a-z]+(?:er|ers|or|ors|ist|ists|ian|ians|ant|ants|ee|ees)|officials?|council|councils|hall|halls|"
    r"limits|centre|center|police|government|authorities|administration|schools?|boards?|elections?|budget|"
    r"judge|judges|court|courts|attorney|attorneys|residents?|line|lines|seat|seats)\b)(?=\W|$)",
    re.IGNORECASE,
)


def alias_stands(text: str, alias: Alias, window: Sequence[Token], following: Token | None) -> bool:
    """Whether an alias written as *window* (before the word *following*) names its place."""
    if alias.descriptive and re.match(r"\s+of\b", text[window[-1].end :]):
        return False  # "the capital of Qatar" is not the story's capital
    if (
        following is not None
        and following.is_capitalised
        and following.folded in OUTLET_HEADS
        and joined(text, window[-1], following)
    ):
        return False  # "Washington Post", "Kabul Times": outlets
    return True


def drop_appositions(text: str, found: list[Found]) -> list[Found]:
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


def trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Without a leading "the" and a trailing possessive or punctuation."""
    match = re.match(r"(?i)the\s+", text[start:end])
    if match:
        start += match.end()
    trail = re.search(r"(?:['\u2019]s?|[\s.,;:!?\"\u201d)-]+)+$", text[start:end])
    if trail:
        end = start + trail.start()
    return start, end


def plausible_entity(surface: str, key: tuple[str, ...], aliases: AliasIndex, people: frozenset[str]) -> bool:
    """Drop the usual NER noise: dates ("8/2021"), other scripts, common words, people."""
    if not key or not surface[:1].isupper():
        return False
    if any(c.isdigit() for c in surface):
        return False
    if non_latin_letters(surface):
        return False
    if all(w in FUNCTION_WORDS or w in CALENDAR or w in TITLES or w in GENERIC_AREAS for w in key):
        return False
    if key in aliases.ignored:
        return False
    if len(key) == 1 and key[0] in people:
        return False
    return True


def supported_unknown(text: str, start: int, key: tuple[str, ...]) -> bool:
    """Whether a name no gazetteer knows still reads as a place: not an institution's
    ("Buffalo Science Magnet School", "Franklin Elementary"), even after "at"."""
    if key[-1] in PLACE_HEADS:
        return True
    if key[-1] in FACILITY_HEADS:
        return False
    before = re.search(r"(\w+)\s+(?:the\s+)?$", text[max(0, start - 20) : start])
    return bool(before) and before.group(1).casefold() in LOCATIVE


def people_in_entities(entities: Iterable[Entity], lookup: NameLookup | None) -> frozenset[str]:
    """Words of the people the recogniser marks, but titles and, in a one-word
    name, areas ("Jordan" alone may be the country). None without a gazetteer."""
    if lookup is None:
        return frozenset()
    people: set[str] = set()
    for entity in entities:
        if entity.label != "PERSON":
            continue
        key = name_key(entity.text)
        for word in key:
            if word in TITLES:
                continue
            hit = lookup((word,))
            if hit is None or hit.kind not in AREA_KINDS or len(key) > 1:
                people.add(word)
    return frozenset(people)


def _org_word(word: str) -> bool:
    return word in ORG_WORDS or (word.endswith("s") and word[:-1] in ORG_WORDS)


def people_in_runs(
    runs: Iterable[tuple[int, Sequence[Token]]], aliases: AliasIndex, lookup: NameLookup | None
) -> frozenset[str]:
    """Words of the names of people in the document, without a recogniser.

    A run of two to four capitalised words that is not a place as a whole,
    holds no organisation word and is introduced by a title or made only of
    name-like words is taken as a person's name: "Zakir Jalaly", "President
    Donald Trump". Their words are then not places elsewhere in the document
    ("Jalaly said").
    """
    people: set[str] = set()
    for _, run in runs:
        words = [t.folded for t in run]
        while words and words[0] in TITLES:
            words = words[1:]
        if not 2 <= len(words) <= 4:
            continue
        key = tuple(words)
        if aliases.known(key) or (lookup is not None and lookup(key) is not None):
            continue
        if any(_org_word(w) or w in FUNCTION_WORDS or w in CALENDAR or w in CONNECTORS for w in words):
            continue
        if any(t.is_upper and len(t.text) > 1 for t in run):
            continue
        people.update(words)
    return frozenset(people)


def demonym_test(country_names: Iterable[str]) -> Callable[[str], bool]:
    """Whether a folded word reads as the demonym of one of *country_names*
    ("afghan", "pakistani"), by its ending."""
    names = _folded_names(frozenset(country_names))

    def is_demonym(word: str) -> bool:
        for suffix in DEMONYM_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                stem = word[: -len(suffix)]
                if any(n.startswith(stem) for n in names):
                    return True
        return any(n.startswith(word) and len(word) >= 5 for n in names)

    return is_demonym


@lru_cache(maxsize=8)
def _folded_names(country_names: frozenset[str]) -> tuple[str, ...]:
    """The countries' names folded, sorted (the same for every article: folded once)."""
    return tuple(sorted({fold(n) for n in country_names}))


def locative_unknown(
    text: str,
    run: Sequence[Token],
    before: Token | None,
    people: frozenset[str],
    is_demonym: Callable[[str], bool],
    lowercase_words: frozenset[str],
    aliases: AliasIndex,
) -> bool:
    """Whether *run*, which no gazetteer knows, is a place by its preposition ("near Xyz")."""
    if before is None or before.folded not in LOCATIVE or not joined(text, before, run[0]):
        return False
    if before.is_capitalised:
        return False  # "In" opening a sentence
    words = [t.folded for t in run]
    if any(w in CALENDAR or w in TITLES or w in FUNCTION_WORDS or w in ORG_WORDS for w in words):
        return False
    if any(w in people or is_demonym(w) for w in words):
        return False
    if len(run) == 1 and (words[0] in lowercase_words or run[0].is_upper or len(words[0]) < 3):
        return False
    if tuple(words) in aliases.ignored:
        return False
    return True


def gazetteer_windows(
    run: Sequence[Token], lookup: NameLookup | None, aliases: AliasIndex
) -> Iterator[tuple[Sequence[Token], GazetteerHit]]:
    """Sub-sequences of *run* that are gazetteer names (not curated ones), longest first, no overlap."""
    if lookup is None:
        return
    taken = [False] * len(run)
    for size in range(min(len(run), MAX_NAME_TOKENS), 0, -1):
        for start in range(0, len(run) - size + 1):
            if any(taken[start : start + size]):
                continue
            window = run[start : start + size]
            if window[0].folded in CONNECTORS or window[-1].folded in CONNECTORS:
                continue
            key = folded(window)
            if aliases.known(key):
                continue
            hit = lookup(key)
            if hit is None:
                continue
            for k in range(start, start + size):
                taken[k] = True
            yield window, hit


def word_trap(sub: Sequence[Token], hit: GazetteerHit, before: Token | None, context: set[str], text: str) -> str:
    """Why the one-word gazetteer name *sub* is an English word here rather than the
    place it spells, or "": a word of direction or position ("Central", "Western") naming
    a region of a country the article does not name; the second half of a compound
    adjective ("pro-Western"); a small foreign town's name without its diacritics
    ("God" for Göd, Hungary) where the article does not name its country; a common English
    word naming a small town of a country the article does not name ("Police", Poland), unless a
    preposition of place stands before it ("in Police"); words of English that spell another name
    of a town of a country the article does not name ("White House", an English name of Casablanca)."""
    if len(sub) > 1:
        return _phrase_trap(sub, hit, context, text)
    if not sub:
        return ""
    word = sub[0]
    own = hit.name or word.text
    if (
        before is not None and before.folded in COMPOUND_PREFIXES
        and text[before.end : word.start] == "-" and hit.kind not in ("country", "capital")
    ):
        return f"part of the compound adjective {text[before.start : word.end]!r}"
    if word.folded in POSITION_WORDS and hit.country not in context:
        return f"a word of direction or position, not {own} ({hit.country}): the article does not name that country"
    if word.folded in POSITION_WORDS and _QUALIFIES_A_NAME.match(text, word.end):
        return "a word of direction qualifying the name after it (\"West African\", \"West and Central African\")"
    if (
        hit.kind not in AREA_KINDS and hit.population < MIN_POPULATION_PART_OF_NAME and hit.country not in context
        and word.text.isascii() and not own.isascii() and fold(own) == word.folded
    ):
        return f"spelt like {own} ({hit.country}) without its diacritics: an English word here"
    if (
        hit.kind not in AREA_KINDS and hit.population < MIN_POPULATION_PART_OF_NAME and hit.country not in context
        and (before is None or before.folded not in PLACE_PREPOSITIONS) and is_common_word(word.text)
    ):
        return f"a common English word here, not {own} ({hit.country}): the article does not name that country"
    if (
        hit.kind not in AREA_KINDS and hit.country not in context and own and fold(own) != word.folded
        and (before is None or before.folded not in PLACE_PREPOSITIONS) and is_common_word(word.text)
    ):
        return (f"an English word here, not another name of {own} ({hit.country}): "
                "the article does not name that country")
    return ""


def _phrase_trap(sub: Sequence[Token], hit: GazetteerHit, context: set[str], text: str) -> str:
    """Why the words *sub*, all of them English words, are no other name of the foreign town
    *hit* ("the White House" is no Casablanca), or ""."""
    own = hit.name
    if not own or hit.kind in AREA_KINDS or hit.country in context:
        return ""
    if name_key(own) == name_key(text[sub[0].start : sub[-1].end]):
        return ""  # the town's own name ("New York", "Lee's Summit")
    if all(is_common_word(t.text) for t in sub):
        return f"English words here, not another name of {own} ({hit.country}): the article does not name that country"
    return ""


#: After a word of direction, a name or another direction it qualifies with it ("West African",
#: "West and Central African countries").
_QUALIFIES_A_NAME = re.compile(r"[ \t]+(?:(?:and|or)[ \t]+[A-Z]\w*[ \t]+)?[A-Z]")


def _after_title(text: str, before: Token | None, first: Token) -> bool:
    return before is not None and before.folded in TITLES and joined(text, before, first)


def keep_gazetteer_name(
    sub: Sequence[Token],
    hit: GazetteerHit,
    whole: bool,
    before: Token | None,
    after: Token | None,
    context: set[str],
    people: frozenset[str],
    lowercase_words: frozenset[str],
    sentence_initial: bool,
    text: str,
) -> bool:
    """Whether the gazetteer name *sub* (the *whole* of its run of capitals, or a
    part) is a place here, by its kind, population, neighbours and the
    countries of the document (*context*)."""
    words = [t.folded for t in sub]
    single = len(sub) == 1
    if word_trap(sub, hit, before, context, text) or numbered_after_the(sub, before, after, text):
        return False
    if names_a_street(sub, after, text) or names_a_river(sub, hit, after, text):
        return False
    if named_with_the(sub, hit, before, after, text) or described_as_a_person(text, sub[0].start, sub[-1].end):
        return False
    if hit.kind in AREA_KINDS:
        # Countries and states are rarely common words, but they are names of
        # people too ("Michael Jordan", "Coach Chad Johnson").
        return not (single and words[0] in people) and not _after_title(text, before, sub[0])
    if single and any(t.is_upper and 1 < len(t.text) <= 4 for t in sub):
        return False  # acronyms: "AP", "NATO"; countries' ("UK", "UAE") are in the gazetteer
    if single:
        word = words[0]
        if word in CALENDAR or word in TITLES or word in FUNCTION_WORDS or word in ORG_WORDS:
            return False
        if word in people or word in lowercase_words or len(word) < 3:
            return False
    if _after_title(text, before, sub[0]):
        return False
    small = hit.population < MIN_POPULATION_PART_OF_NAME
    if before is not None and before.text == "The" and joined(text, before, sub[0]) and small:
        return False  # "The Hill", "The Times": titles of outlets, not towns
    if after is not None and after.folded in PERSON_VERBS and not (hit.population >= 1_000_000 or hit.kind == "capital"):
        return False
    if small and hit.kind != "capital" and (not whole or (sentence_initial and single)):
        return False  # "Adam" of "Adam Boehler", "White" of "White House"; "Hill" opening a sentence
    if hit.kind == "city" and hit.population < OPENING_WORD_POPULATION and opens_as_a_word(sub, after, text, sentence_initial):
        return False  # "Mobile surveillance teams ...": an adjective; "Mobile police said" is the city
    if not single:
        if small and (words[0] == "the" or words[-1] in ORG_WORDS):
            return False  # "The Hill", "White House": outlets and buildings, not towns
        return hit.population >= MIN_POPULATION_LONG_NAME or hit.country in context
    if hit.country in context:
        return hit.population >= MIN_POPULATION_IN_CONTEXT
    return hit.population >= MIN_POPULATION


#: Why a town's name written as "the <name>" is set aside.
NAMED_WITH_THE = "written with \"the\" (a river, a range, a desert, a region), not the town of that name"
#: Words after "the <name>" that end the name there: it is what "the" names, not a town
#: qualifying the next word ("the Andes reported" no, "the Amazon is", "the Sahara and the Sahel").
_AFTER_A_HEAD = FUNCTION_WORDS | frozenset(
    "is was were are has have had will would could can may might remains remained".split()
)


#: Why a name in a first name and a surname is set aside.
FULL_NAME = "a person's name (a first name and a surname)"
#: Last words that make a name a place's, though they are surnames too ("Victoria Park", "Sydney Harbour").
_PLACE_LAST_WORDS = PLACE_HEADS | FEATURE_SUFFIXES | STREET_HEADS | FACILITY_HEADS | GOVERNMENT_HEADS | SITE_NOUNS


_NOT_NAMES = CALENDAR | FUNCTION_WORDS | TITLES


def a_full_name(run: Sequence[Token], lookup: NameLookup | None) -> bool:
    """Whether the run of capitals *run* reads as a person's first name and surname ("Maya
    Harden", "Paris Hilton", "Lewis Hamilton"; a middle initial may stand between): the first a
    first name of the census, the last one of its surnames that is no word of a place's kind,
    nor a state or a country ("Austin Texas"), and the run no place's name itself ("Alice
    Springs")."""
    words = [t for t in run if not (len(t.text) <= 2 and t.text.endswith("."))]
    if len(words) != 2 or any(t.is_upper or not t.is_capitalised for t in words):
        return False
    first, last = words
    if first.folded in _NOT_NAMES or last.folded in _NOT_NAMES or last.folded in _PLACE_LAST_WORDS:
        return False  # "In March", "Monday August": the census lists odd names
    if not (is_first_name(first.text) and is_surname(last.text)):
        return False
    if lookup is not None:
        whole, surname = lookup(folded(run)), lookup((last.folded,))
        if whole is not None or (surname is not None and surname.kind in AREA_KINDS):
            return False
    return True


#: Why a name before "Street", "Avenue", "Road"... is set aside.
STREET_NAME = "part of a street's name"


#: Why a town's name before "river" is set aside.
RIVER_NAME = "a river's name (\"the Vistula river\"), not the town"
_RIVER_WORDS = frozenset({"river", "rivers"})


def names_a_river(sub: Sequence[Token], hit: GazetteerHit, after: Token | None, text: str) -> bool:
    """Whether the town's name *sub* is written before "river" in lower case ("the
    Vistula river"): the river is meant, which the finders of features list (a valley takes its
    name from the land: "the Colchagua valley" is the province)."""
    return (hit.kind in ("city", "district") and after is not None and not after.is_capitalised
            and after.folded in _RIVER_WORDS and text[sub[-1].end : after.start] == " ")


def names_a_street(sub: Sequence[Token], after: Token | None, text: str) -> bool:
    """Whether the name *sub* is written before the word that makes it a street's or a road's
    name ("Washington Street", "Ohio Avenue"): the street is named after the place, not in it."""
    return (after is not None and after.is_capitalised and after.folded in STREET_HEADS
            and text[sub[-1].end : after.start] == " ")


def named_with_the(sub: Sequence[Token], hit: GazetteerHit, before: Token | None, after: Token | None,
                   text: str) -> bool:
    """Whether the town's name *sub* is written as "the <name>" standing alone: a river, a range,
    a desert or a region ("across the Sahara.", "the Thames at Richmond", "the Andes and"), for
    towns do not take "the"; not where it qualifies the next word ("the Kabul government", "the
    Bagram air base"), nor for a town whose own name has it ("The Hague"), nor for a capital."""
    if hit.kind != "city" or before is None or before.text not in ("the", "The") or not joined(text, before, sub[0]):
        return False
    if hit.name[:4].casefold() == "the ":
        return False
    if after is None:
        return True
    gap = text[sub[-1].end : after.start]
    # Punctuation ends the name ("across the Sahara.", a possessive: "the Commonwealth's capital"),
    # but not a comma before a capital: "the Pittsfield, Massachusetts area" is a town and its state.
    if gap.strip():
        return not (gap.strip() == "," and after.is_capitalised)
    if after.folded in ("and", "or"):  # "the Sahara and the Sahel", not "the Etoumbi and Mbomo districts"
        return re.match(r"\s+(?:and|or)\s+the\s", text[sub[-1].end :]) is not None
    return not after.is_capitalised and after.folded in _AFTER_A_HEAD


#: Why a name followed by ", who" is set aside.
A_PERSON_DESCRIBED = "followed by \", who\": a person"
_WHO_AFTER = re.compile(r"\s*,\s*who\b")


def described_as_a_person(text: str, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` is followed by ", who" ("As well as Hadad, who was from
    Menoufia"): a person; a place is followed by ", which" or ", where". Not where a word that
    places it stands before: "a pig farm worker in Nueva Ecija, who" speaks of the worker."""
    if _WHO_AFTER.match(text, end) is None:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    # "Jordan, who" opening a sentence: no word places it.
    opening = before is None or any(c in ".!?\n" for c in text[before.end(1) : start])
    return opening or before.group(1).casefold() in _NOT_PLACING
_WORD_BEFORE = re.compile(r"(?:^|\W)(\w+)\W*$")
#: Words before a name that do not place it: "as well as Hadad, who".
_NOT_PLACING = frozenset("as and or with like by than said told".split())


def numbered_after_the(sub: Sequence[Token], before: Token | None, after: Token | None, text: str) -> bool:
    """Whether the name *sub* is numbered, between "the" and its number ("the Loop 10 bypass",
    "the Camp 4 clinic"): a road or a site, not the place of that name; a year is no number
    of a site ("the Paris 2024 Games")."""
    return (before is not None and before.folded == "the" and after is not None and after.text[:1].isdigit()
            and text[sub[-1].end : after.start] == " " and not _A_YEAR.fullmatch(after.text))


#: A year after a place's name names an event there ("the Paris 2024 Games"), not a numbered site.
_A_YEAR = re.compile(r"(?:1[89]|20)\d\d")


#: A town smaller than this that opens a sentence, followed by a lowercase word other than a
#: civic noun or a verb ("Mobile surveillance teams", "Spring cleaning"), is read as a word.
OPENING_WORD_POPULATION = 1_000_000
#: Nouns that a town's name opening a sentence qualifies as a place ("Mobile police said").
CIVIC_NOUNS = frozenset(
    "police officials official residents authorities mayor council city county schools school hospital "
    "hospitals airport port officers firefighters voters leaders government prosecutors sheriff deputies "
    "authority streets neighbourhoods neighborhoods".split()
)
#: Verbs that make a town's name opening a sentence its subject ("Mobile is", "Buffalo has").
STATIVE_VERBS = frozenset("is was has had will would lies sits remains became becomes".split())
#: Auxiliaries and adverbs that follow a town's name opening a sentence before its verb.
AUXILIARIES = frozenset("may might can could should must would will shall did does do first soon also now "
                        "then still never once later".split())
#: Irregular past tenses that follow a town's name as its verb ("Aberdeen grew", "Rosario came").
PAST_TENSES = frozenset("came became went grew fell saw began won lost took gave got held rose stood lay "
                        "sent built".split())


def opens_as_a_word(sub: Sequence[Token], after: Token | None, text: str, sentence_initial: bool) -> bool:
    """Whether the one-word name *sub* opens a sentence before an ordinary lowercase word, as an
    adjective or a verb does ("Mobile surveillance teams", "Tell me"), not as a town's name does
    ("Mobile police said", "Buffalo is")."""
    if not (sentence_initial and len(sub) == 1 and after is not None and joined(text, sub[0], after)):
        return False
    word = after.folded
    verb_like = (word.endswith(("ed", "s", "ly")) or word in PAST_TENSES or word in METONYMY_VERBS  # "Kara includes"
                 or word in AUXILIARIES)  # "Palo formally became", "Muli may refer", "Verdun did not"
    return (after.text.isalpha() and after.text.islower() and len(word) > 2 and not verb_like
            and word not in FUNCTION_WORDS and word not in CIVIC_NOUNS and word not in STATIVE_VERBS)


def defined_as_place(text: str, end: int) -> bool:
    """Whether the text right after a name defines it as a place ("... is a town in ...", ", a town
    of about 500 in ..."; not ", the most populous city in ...", which may speak of another)."""
    return _DEFINITION.match(text[end : end + 160]) is not None


def acts(text: str, end: int) -> bool:
    """Whether the name that ends at *end* is followed by a verb of speech or decision ("Kabul said"),
    alone or with another name ("Washington and Riyadh urged")."""
    match = re.match(r"(?:['\u2019]s\s+government)?(?:\s+and\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)?"
                     r"\s+(?:has\s+|had\s+|have\s+)?([a-z]+)", text[end : end + 60])
    return bool(match) and match.group(1) in METONYMY_VERBS


#: Why a place the recogniser marks is set aside when no gazetteer knows it.
UNKNOWN_GUESS = "unknown to the gazetteer (the recogniser's guess)"
#: Why a place the recogniser marks with a number in its name is set aside ("Highway 11",
#: "Route 66"): a road or a numbered site, never the hamlet a gazetteer may list by that name.
NUMBERED_NAME = "a numbered name (a road, a route, a site), not a town"
#: Why the name of a school, a hospital or a business is set aside ("Franklin Elementary").
INSTITUTION_NAME = "the name of an institution or a building, not a town (add it to places.yaml to map it)"

#: How the recogniser's labels read in a reason.
LABEL_REASONS = {
    "PERSON": "a person's name, as the recogniser reads it",
    "ORG": "part of an organisation's name",
    "WORK_OF_ART": "part of a title",
    "EVENT": "part of an event's name",
    "LAW": "part of a law's name",
    "PRODUCT": "part of a product's name",
    "LANGUAGE": "a language",
}


def set_aside_reason(
    sub: Sequence[Token], hit: GazetteerHit, blocked: str, people: frozenset[str], lowercase_words: frozenset[str],
    before: Token | None, text: str, after: Token | None = None, sentence_initial: bool = False,
    context: set[str] | None = None,
) -> str:
    """Why the gazetteer name *sub* is not taken as a place, in words a reader understands
    (the first of the rules of :func:`keep_gazetteer_name` and the finders that applies)."""
    words = [t.folded for t in sub]
    single = len(sub) == 1
    if blocked:
        return LABEL_REASONS.get(blocked, f"part of a {blocked.lower()} name")
    if numbered_after_the(sub, before, after, text):
        return NUMBERED_NAME
    if names_a_street(sub, after, text):
        return STREET_NAME
    if names_a_river(sub, hit, after, text):
        return RIVER_NAME
    if named_with_the(sub, hit, before, after, text):
        return NAMED_WITH_THE
    if described_as_a_person(text, sub[0].start, sub[-1].end):
        return A_PERSON_DESCRIBED
    if single and (words[0] in people or _after_title(text, before, sub[0])):
        return "a person's name"
    if _after_title(text, before, sub[0]):
        return "a person's name (after a title)"
    if single and any(t.is_upper and 1 < len(t.text) <= 4 for t in sub):
        return "an acronym"
    if single and (words[0] in CALENDAR or words[0] in TITLES or words[0] in FUNCTION_WORDS
                   or words[0] in ORG_WORDS or words[0] in lowercase_words or len(words[0]) < 3):
        return "a common word"
    trap = word_trap(sub, hit, before, context or set(), text)
    if trap:
        return trap
    if hit.kind in AREA_KINDS:
        return "not a place here"
    if after is not None and after.folded in PERSON_VERBS:
        return f"followed by {after.text!r}: a person or an organisation speaking, not the place"
    if sentence_initial and single:
        return f"a capitalised word opening a sentence (GeoNames population {hit.population:,})"
    return f"too small a place to stand alone here (GeoNames population {hit.population:,})"
