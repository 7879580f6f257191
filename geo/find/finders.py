"""The mention finders: small named steps, each ``(scan: Scan) -> None``.

Each reads the :class:`~geo.find.scan.Scan` of one article and adds what it
finds, taking the words of its mentions so that the steps after it do not find
them again; :data:`geo.find.pipeline.FINDERS` runs them in order of
authority. The ``note_…`` steps find nothing themselves: they tell the later
finders something about the whole article (who its people are, which names
it defines as places), and ``mark_metonymy`` reads what the others found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from ..measure.distance import WGS84
from ..model import Finder, Role
from ..text.abbreviations import AMBIGUOUS_ABBREVIATIONS, STANDALONE_ABBREVIATIONS
from ..text.datelines import dateline_at
from ..text.normalise import Token, elided, fold, joined, name_key
from .kind_named import reads_as_a_name
from .ner import PLACE_LABELS, Entity
from .rules import (
    FULL_NAME,
    INSTITUTION_NAME,
    MIN_POPULATION,
    MIN_POPULATION_IN_CONTEXT,
    NUMBERED_NAME,
    UNKNOWN_GUESS,
    a_full_name,
    acts,
    alias_stands,
    defined_as_place,
    demonym_test,
    described_as_a_person,
    drop_appositions,
    gazetteer_windows,
    keep_gazetteer_name,
    locative_unknown,
    named_with_the,
    people_in_entities,
    people_in_runs,
    plausible_entity,
    set_aside_reason,
    supported_unknown,
    trim_entity,
)
from .scan import AREA_KINDS, BLOCKING_LABELS, Found, GazetteerHit, Scan, folded
from .words import (
    CALENDAR,
    DIRECTIONS,
    FACILITY_HEADS,
    FEATURE_PREFIXES,
    FEATURE_SUFFIXES,
    GOVERNMENT_HEADS,
    INSTITUTION_HEADS,
    NAME_JOINERS,
    OUTLET_HEADS,
    PLACE_PREPOSITIONS,
    POSITION_WORDS,
    REGION_ABBREVIATIONS,
)

__all__ = [
    "find_region_abbreviations", "find_standalone_abbreviations", "find_listed_abbreviations", "find_aliases",
    "note_people", "find_entities", "note_definitions", "find_locative_names", "find_gazetteer_names",
    "find_located_names", "find_repeated_names", "set_aside_disease_names", "set_aside_notations", "find_demonyms",
    "mark_metonymy", "note_set_aside",
]


def find_aliases(scan: Scan) -> None:
    """**alias**: the names and aliases of ``places.yaml``, longest first."""
    found: list[Found] = []
    i = 0
    while i < len(scan.words):
        match = _alias_at(scan, i)
        if match is None:
            i += 1
            continue
        item, size = match
        found.append(item)
        scan.claim(item.start, item.end)
        i += size
    scan.found.extend(drop_appositions(scan.text, found))


def _alias_at(scan: Scan, i: int) -> tuple[Found, int] | None:
    """The longest alias written from word *i* on, and its length in words."""
    words, text = scan.words, scan.text
    for size in range(min(scan.aliases.longest, len(words) - i), 0, -1):
        window = words[i : i + size]
        if size > 1 and not all(joined(text, a, b) for a, b in zip(window, window[1:])):
            continue
        alias = scan.aliases.match(window)
        if alias is None or not alias_stands(text, alias, window, scan.word(i + size)):
            continue
        end = window[-1].end
        if alias.acronym and size > 1 and text[end : end + 1] == ".":
            end += 1  # "U.S." keeps its last dot
        return Found(window[0].start, end, Finder.ALIAS, folded(window), alias.place_id), size
    return None


#: A state or province abbreviation right after "Name, ": "Tenn.", "W.Va.", "B.C.", "KY".
_ABBREVIATION = re.compile(r"(?<=,)[ \t]*((?:[A-Z][A-Za-z]{0,3}\.){1,3}|[A-Z]{2}(?![A-Za-z]))")


def find_region_abbreviations(scan: Scan) -> None:
    """**gazetteer**: a US state or Canadian province abbreviated after a place name and a
    comma ("Paris, Tenn.", "GLASGOW, Ky. (AP)", "London, Ont."): a mention of that state,
    so it both is a place and tells which namesake the name before it is."""
    for match in _ABBREVIATION.finditer(scan.text):
        name = REGION_ABBREVIATIONS.get(match.group(1))
        start, end = match.start(1), match.end(1)
        if name is None or scan.article.in_debris(start, end) or not scan.free(start, end):
            continue
        before = scan.word_before(match.start())
        if before is None or not before.is_capitalised:
            continue
        scan.add(Found(start, end, Finder.GAZETTEER, tuple(name_key(name))))


#: Words after which a name is where something is: an abbreviation that is also a word or a title is
#: a state ("in Ind.", "across KY"), a disease's name is the place ("six died in Hong Kong").
_PLACE_WORDS = PLACE_PREPOSITIONS | frozenset("to from of at into throughout through northern southern "
                                                 "eastern western central rural upstate downstate".split())
_STANDALONE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(STANDALONE_ABBREVIATIONS, key=len, reverse=True)) + r")(?!\w)"
)


def find_standalone_abbreviations(scan: Scan) -> None:
    """**gazetteer**: a state or province abbreviated on its own ("storms hit Ky. and Tenn.",
    "flooding across KY", "P.E.I. Premier"). An abbreviation that is also a word, a title or an
    acronym ("Miss.", "IN", "CA"), and any postal code in capitals, must follow a preposition
    of place; none is read inside a line in capitals. Runs before the finders that would read "Del." as a town."""
    _standalone_abbreviations(scan, listed=False)


def find_listed_abbreviations(scan: Scan) -> None:
    """**gazetteer**: the abbreviations :func:`find_standalone_abbreviations` left, listed with a
    place found since ("NSW and Queensland")."""
    _standalone_abbreviations(scan, listed=True)


def _standalone_abbreviations(scan: Scan, listed: bool) -> None:
    places = sorted((f.start, f.end) for f in scan.found)
    for match in _STANDALONE.finditer(scan.text):
        start, end = match.span(1)
        written = match.group(1)
        if scan.article.in_debris(start, end) or not scan.free(start, end) or _in_capitals(scan, start, end):
            continue
        # A postal code in capitals may be an acronym ("IN", "OK"); dotted initials are the province's ("P.E.I.").
        doubtful = written in AMBIGUOUS_ABBREVIATIONS or (written.isupper() and "." not in written)
        following = scan.word(scan.indices(start, end).stop)
        if written in AMBIGUOUS_ABBREVIATIONS and following is not None and following.is_capitalised:
            continue  # a title: "Del. Jones", "Miss. Smith"
        if doubtful and not (_after_a_preposition(scan, start) or (listed and _listed_with(scan, places, start, end))):
            continue
        scan.add(Found(start, end, Finder.GAZETTEER, tuple(name_key(STANDALONE_ABBREVIATIONS[written]))))


def _after_a_preposition(scan: Scan, start: int) -> bool:
    before = scan.word_before(start)
    return before is not None and before.folded in _PLACE_WORDS


def _listed_with(scan: Scan, places: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` is listed right next to one of *places* ("NSW and Queensland")."""
    at = bisect_left(places, (start, end))
    gaps = (scan.text[places[at - 1][1] : start] if at > 0 else None,
            scan.text[end : places[at][0]] if at < len(places) else None)
    return any(g is not None and (_LIST_AND.fullmatch(g) or _LIST_COMMA.fullmatch(g)) for g in gaps)


def _in_capitals(scan: Scan, start: int, end: int) -> bool:
    """Whether the words around ``[start, end)`` are in capitals too (a headline, a shouted line)."""
    words = scan.indices(start, end)
    around = [scan.word(words.start - 1), scan.word(words.stop)]
    return any(w is not None and len(w.text) > 1 and w.text.isupper() and w.text.isalpha() for w in around)


def note_people(scan: Scan) -> None:
    """The words of people's names: the recogniser's people, or else runs of
    capitals that read as names. A lone such word is then no place ("Jalaly said")."""
    if scan.entities:
        # The recogniser knows people better than any rule about capitals.
        scan.people = people_in_entities(scan.entities, scan.lookup)
    else:
        scan.people = people_in_runs(scan.capitalised_sequences(), scan.aliases, scan.lookup)
    # A first name and a surname make a person, whatever the recogniser said: the surname alone
    # is that person elsewhere in the article ("Maya Harden died ... Harden was nine").
    surnames = {run[-1].folded for _, run in scan.capitalised_sequences() if a_full_name(run, scan.lookup)}
    scan.people = scan.people | surnames


def find_entities(scan: Scan) -> None:
    """**ner** and **demonym**: the places (and nationalities) the recogniser marks,
    with its usual noise filtered out and its unknown guesses kept only when the
    text backs them ("Scott County", "near Xyz")."""
    for entity in scan.entities:
        item = _entity_mention(scan, entity)
        if item is not None and _RIVER_AFTER.match(scan.text, item.end) and item.finder != Finder.DEMONYM:
            item = replace(item, finder=Finder.CONTEXT, key=(*item.key, "river"))  # "the Colorado river"
        if item is not None:
            scan.add(item)


#: "river" written in lower case right after a name, or "rivers" after the list it opens ("the Ohio and
#: Mississippi rivers"): the river, not the state or town of its name.
_RIVER_AFTER = re.compile(
    r" rivers?\b|(?:\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)*\s*,?\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+rivers\b"
)


def _entity_mention(scan: Scan, entity: Entity) -> Found | None:
    """The mention *entity* makes, if any."""
    if scan.article.in_debris(entity.start, entity.end) or entity.label in BLOCKING_LABELS:
        return None
    text = scan.text
    start, end = trim_entity(text, entity.start, entity.end)
    if end <= start or not scan.free(start, end):
        return None
    if entity.label in PLACE_LABELS:
        start, end = _widened(scan, start, end)
    key = name_key(text[start:end])
    if entity.label == "NORP":
        country = scan.country_of(key)
        return Found(start, end, Finder.DEMONYM, key, role=Role.ASSOCIATIVE, country=country) if country else None
    if entity.label not in PLACE_LABELS or not plausible_entity(text[start:end], key, scan.aliases, scan.people):
        return None
    country = scan.country_of(key) if len(key) == 1 else None
    if country:
        return Found(start, end, Finder.DEMONYM, key, role=Role.ASSOCIATIVE, country=country)
    hit = scan.lookup(key) if scan.lookup is not None else None
    if hit is None and not supported_unknown(text, start, key):
        return None  # "Maya Harden", "Swine": the recogniser's guesses that no gazetteer backs
    words = scan.indices(start, end)
    if hit is not None and named_with_the(scan.words[words.start : words.stop], hit, scan.word(words.start - 1),
                                          scan.word(words.stop), text):
        return None  # "across the Sahara": no town; set aside with the reason by note_set_aside
    if hit is not None and described_as_a_person(text, start, end):
        return None  # "Hadad, who was from Menoufia": a person
    return Found(start, end, Finder.NER, key)


#: How many words a recogniser's place may grow by on each side.
_WIDEN_WORDS = 3


def _widened(scan: Scan, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` grown to the longest name the gazetteer knows that holds it, over
    capitalised words and joiners: the recogniser's "Beida" in "Goz Beida", "Jammu" in "Jammu
    and Kashmir", "Rio Grande" in "Rio Grande do Sul"."""
    if scan.lookup is None:
        return start, end
    span = scan.indices(start, end)
    if not span:
        return start, end
    best = (0, start, end)
    for first in range(max(0, span.start - _WIDEN_WORDS), span.start + 1):
        for stop in range(span.stop, min(len(scan.words), span.stop + _WIDEN_WORDS) + 1):
            size = stop - first
            if size <= len(span) or size <= best[0] or not _one_name(scan, first, stop, span):
                continue
            if scan.lookup(folded(scan.words[first:stop])) is not None:
                best = (size, scan.words[first].start, scan.words[stop - 1].end)
    return best[1], best[2]


def _one_name(scan: Scan, first: int, stop: int, entity: range = range(0)) -> bool:
    """Whether ``words[first:stop]`` may be one name: free, joined, capitalised at both ends,
    with only joiners ("and", "do", "of") between capitalised words; a word cut by an
    apostrophe may end it or stand inside ("St. John's", "King's Lynn"). The words of the
    recogniser's *entity* are joined as it read them ("St. John")."""
    words, text = scan.words, scan.text
    last = words[stop - 1]
    last_ends = last.is_capitalised or (stop - first > 1 and elided(text, last, words[stop - 2]))
    if not (words[first].is_capitalised and last_ends):
        return False
    if any(scan.used[n] for n in range(first, stop)):
        return False
    pairs = pairwise(range(first, stop))
    if not all((a in entity and b in entity) or joined(text, words[a], words[b]) for a, b in pairs):
        return False
    return all(words[k].is_capitalised or words[k].folded in NAME_JOINERS
               or elided(text, words[k], words[k - 1] if k > first else None, words[k + 1] if k + 1 < stop else None)
               for k in range(first, stop))


def note_definitions(scan: Scan) -> None:
    """The names the text defines as places ("Aurora is a city in Kane County"),
    for :func:`find_repeated_names`; run before the gazetteer takes its names."""
    if scan.lookup is None:
        return
    scan.defined = frozenset(
        folded(run) for _, run in scan.capitalised_sequences()
        if defined_as_place(scan.text, run[-1].end) and scan.lookup(folded(run)) is not None
    )


def find_locative_names(scan: Scan) -> None:
    """**context**: capitalised names after a locative preposition ("in Xyz",
    "near Xyz") that no gazetteer knows. They keep their words free."""
    is_demonym = demonym_test(scan.country_names)
    for index, run in scan.capitalised_sequences():
        if (
            next(gazetteer_windows(run, scan.lookup, scan.aliases), None) is None
            and not scan.blocked_by(run[0].start, run[-1].end)
            and locative_unknown(
                scan.text, run, scan.word(index - 1), scan.people, is_demonym, scan.lowercase_words, scan.aliases
            )
        ):
            scan.add(Found(run[0].start, run[-1].end, Finder.CONTEXT, folded(run)), claim=False)


def find_feature_names(scan: Scan) -> None:
    """**context**: a natural feature's name that the gazetteer does not know, its generic word
    before or after it ("Lake Erie", "Mount Kenya", "Cumberland River", "Gulf of Aden"), is one
    place mention: never split into a town "Erie" and a word "Lake", and listed unresolved
    when no backend places it (add it to places.yaml, or ask the online geocoder). A name the
    gazetteer knows is left to :func:`find_gazetteer_names`."""
    for _, run in scan.capitalised_sequences():
        if run and run[0].folded == "the":
            run = run[1:]  # "The Laurel Lake dam held": the article opens the sentence
        words = [t.folded for t in run]
        if len(run) < 2 or words[-1] in INSTITUTION_HEADS or words[-1] in OUTLET_HEADS or words[-1] in FACILITY_HEADS:
            continue  # "the Lake Forest Academy", "the Rio Grande Southern Railroad"
        of_form = len(words) > 2 and words[1] == "of" and words[0] in FEATURE_SUFFIXES  # "Gulf of Aden"
        if not (words[0] in FEATURE_PREFIXES or words[-1] in FEATURE_SUFFIXES or of_form):
            continue
        start, end = run[0].start, run[-1].end
        key = folded(run)
        if not scan.free(start, end) or key in scan.aliases.ignored or scan.blocked_by(start, end) == "PERSON":
            continue
        if scan.blocked_by(_the_before(scan, start), end, strictly=True):
            continue  # inside an organisation's name ("the Mekong River Commission"), not "the Khyber Pass"
        if scan.lookup is not None and scan.lookup(key) is not None:
            continue  # the gazetteer knows the name: its own finder judges it ("Lake Charles", a town)
        scan.add(Found(start, end, Finder.CONTEXT, key))


def _the_before(scan: Scan, start: int) -> int:
    """Where "the" right before *start* begins, or *start*: the recogniser's names take it in."""
    before = scan.word_before(start)
    return before.start if before is not None and before.folded == "the" and joined(scan.text, before, scan.word(
        scan.index_of(before) + 1)) else start


def find_gazetteer_names(scan: Scan) -> None:
    """**gazetteer**: runs of capitals (or parts of them) that are names in the
    offline gazetteer, judged with the countries the article is about."""
    candidates = [
        (sub, hit, run)
        for _, run in scan.capitalised_sequences()
        for sub, hit in gazetteer_windows(run, scan.lookup, scan.aliases)
    ]
    context = _countries_named(scan, ((sub, hit) for sub, hit, _ in candidates))
    sentence_starts = {s.start for s in scan.sentences}
    for sub, hit, run in candidates:
        if _gazetteer_name_stands(scan, sub, hit, run, context(sub), sentence_starts):
            scan.add(Found(sub[0].start, sub[-1].end, Finder.GAZETTEER, folded(sub)))


def _countries_named(
    scan: Scan, windows: Iterable[tuple[Sequence[Token], GazetteerHit]]
) -> Callable[[Sequence[Token]], set[str]]:
    """The countries the article is about, as seen from one of its names: those of its
    curated places, of the areas found so far (by the recogniser), and of the countries and
    regions among its other gazetteer names
    (a name does not vote for itself: "Central" alone does not make Ghana the subject; nor
    does a word of direction vote at all: the "West" of "West Nile virus" is no region of
    Cameroon, and does not make the "North" of "North Dallas" one)."""
    curated = {scan.aliases.countries.get(f.place_id, "") for f in scan.found if f.place_id}
    found = [(f.key, scan.lookup(f.key)) for f in scan.found if not f.place_id and scan.lookup is not None]
    naming: dict[str, set[tuple[str, ...]]] = {}
    for key, hit in [*((folded(sub), hit) for sub, hit in windows), *found]:
        a_direction = len(key) == 1 and key[0] in POSITION_WORDS
        if hit is not None and hit.kind in AREA_KINDS and hit.country and not a_direction:
            naming.setdefault(hit.country, set()).add(key)
    return lambda sub: curated | {c for c, keys in naming.items() if keys - {folded(sub)}}


def _gazetteer_name_stands(
    scan: Scan, sub: Sequence[Token], hit: GazetteerHit, run: Sequence[Token], context: set[str], sentence_starts: set[int]
) -> bool:
    """Whether the gazetteer name *sub*, part of the run of capitals *run*, is a place mention."""
    start, end = sub[0].start, sub[-1].end
    if folded(sub) in scan.aliases.ignored:
        return False
    if len(run) > len(sub) and run[0].folded in _OPENING_ARTICLES and run[0].start != start:
        run = run[1:]  # "A Longview woman said": the article opening the sentence is no part of the name
    if len(sub) == len(run) and dateline_at(scan.text, start, end):
        return True  # "OSHKOSH, Wis. (AP) —": where the story was filed, whatever its size
    if _governed(scan, sub, hit, run):
        return True  # "the Winnebago County Sheriff's Office", "Westminster City Council": its jurisdiction
    if _a_capital_misread(scan, sub, hit):
        return True  # "Upstream, Bratislava closed its promenade": no person
    person = scan.blocked_by(start, end) == "PERSON" and not _cut_inside(scan, sub, start, end)
    if person or (scan.blocked_by(start, end, strictly=True) and hit.kind not in AREA_KINDS):
        return False  # a person, or a name inside an organisation's ("Kabul University")
    whole = len(sub) == len(run)
    if not whole and a_full_name(run, scan.lookup):
        return False  # "Maya Harden", "Paris Hilton": a first name and a surname
    if not whole and (run[-1].folded in OUTLET_HEADS or _after_an_outlet(sub, run)):
        return False  # "The New York Times", "Washington Post", "the Times of India", "Voice of America"
    town_or_sea = hit.kind not in AREA_KINDS or hit.kind == "water"
    if not whole and (_a_university(run) or (town_or_sea and _names_an_institution(run))):
        return False  # "Ohio State University"; "Buffalo Science Magnet School", "Atlantic Veterinary College"
    position = scan.index_of(sub[0])
    return keep_gazetteer_name(
        sub, hit, whole, scan.word(position - 1), scan.word(position + len(sub)), context, scan.people,
        scan.lowercase_words, start in sentence_starts, scan.text,
    )


#: A capital this big, or a city this big, read as a lone person is the city ("Bratislava closed
#: its promenade"), unless a longer person's name of the article holds the word ("Lewis Hamilton").
MISREAD_CAPITAL = 100_000
MISREAD_CITY = 1_000_000


def _a_capital_misread(scan: Scan, sub: Sequence[Token], hit: GazetteerHit) -> bool:
    """Whether the recogniser read the lone word *sub*, a country's capital or a city of a
    million written as the gazetteer writes it, as a person that no longer name of the article
    holds."""
    if len(sub) != 1 or not _lone_person(scan, sub[0].start, sub[0].end) or fold(hit.name) != sub[0].folded:
        return False
    big = (hit.kind == "capital" and hit.population >= MISREAD_CAPITAL) or hit.population >= MISREAD_CITY
    return big and not any(
        e.label == "PERSON" and " " in e.text.strip() and sub[0].folded in name_key(e.text) for e in scan.entities
    )


def _cut_inside(scan: Scan, sub: Sequence[Token], start: int, end: int) -> bool:
    """Whether the gazetteer name *sub* is cut by an apostrophe and holds the person the
    recogniser read in it: the "Lee" of "Lee's Summit", the "Lynn" of "King's Lynn"."""
    cut = any(elided(scan.text, b, a) for a, b in pairwise(sub))
    return cut and scan.blocked_by(start, end, strictly=True) == ""


#: Articles that open a sentence, capitalised, before a name.
_OPENING_ARTICLES = frozenset({"a", "an", "the"})


def _governed(scan: Scan, sub: Sequence[Token], hit: GazetteerHit, run: Sequence[Token]) -> bool:
    """Whether the town or county *sub*, opening its run of capitals, names the body that
    governs or polices it, written right after it ("Dallas Police Department", "Laurel County
    Fiscal Court"): then it is that body's jurisdiction, a place of the story, not part of a
    firm's name. The body's own words are no places ("Police", "Fiscal")."""
    opening = sub[0].start == run[0].start or (run[0].folded == "the" and len(run) > 1 and sub[0].start == run[1].start)
    if len(sub) == 1 and (sub[0].is_upper or hit.population < MIN_POPULATION):
        return False  # "UN police", "the Justice Department": an acronym or a word, not a small town
    after = scan.word(scan.index_of(sub[0]) + len(sub))
    return (opening and after is not None and after.folded in GOVERNMENT_HEADS and joined(scan.text, sub[-1], after)
            and not all(t.folded in GOVERNMENT_HEADS for t in sub) and hit.kind in ("city", "capital", "district")
            and scan.blocked_by(sub[0].start, sub[-1].end) != "PERSON")


def _after_an_outlet(sub: Sequence[Token], run: Sequence[Token]) -> bool:
    """Whether *sub* ends an outlet's name of the form "<outlet> of <place>" ("The Times of India")."""
    i = next((k for k, t in enumerate(run) if t.start == sub[0].start), 0)
    return i >= 2 and run[i - 1].folded == "of" and run[i - 2].folded in OUTLET_HEADS


def _a_university(run: Sequence[Token]) -> bool:
    """Whether the run of capitals names a university or a college ("Ohio State University",
    "University of Georgia"), whose state or country is no place of the story."""
    return run[-1].folded in ("university", "college") or (run[0].folded == "university" and len(run) > 2)


def _names_an_institution(run: Sequence[Token]) -> bool:
    """Whether the run of capitals ends like the name of an institution or a building."""
    return run[-1].folded in FACILITY_HEADS


def _is_area(scan: Scan, key: tuple[str, ...]) -> bool:
    hit = scan.lookup(key) if scan.lookup is not None else None
    return hit is not None and hit.kind in AREA_KINDS


def find_located_names(scan: Scan) -> None:
    """**gazetteer**: a name the gazetteer knows as an area or a town of 5,000 or more, right after "in",
    "near", "between", "southwest of"... ("in Dadu"), is a place even where the recogniser
    read a lone person's or organisation's name: people are not *in* one another, nor
    organisations *southwest of* anything. Its repeats follow (:func:`find_repeated_names`)."""
    if scan.lookup is None:
        return
    for index, run in scan.capitalised_sequences():
        before, direction = scan.word(index - 1), _place_word_of(scan, index)
        if direction is not None:  # "southwest of Corbin", "the island of Java"
            before = direction
        elif len(run) > 1 and run[0].folded in PLACE_PREPOSITIONS:  # "In Dadu, ..." opening a sentence
            before, run = run[0], run[1:]
        elif len(run) > 2 and run[0].folded in _OF_A_PLACE and run[1].folded == "of":  # "Residents of Rohri"
            direction, run = run[0], run[2:]
            before = direction
        elif before is not None and before.folded == "the" and joined(scan.text, before, run[0]):
            article, before = before, scan.word(index - 2)  # "across the Sahel": people are not "the Sahel"
            if before is None or not joined(scan.text, before, article):
                continue
        elif before is None or not joined(scan.text, before, run[0]):
            continue
        if before is None or before.folded not in _LOCATING:
            continue
        start, end = run[0].start, run[-1].end
        hit = scan.lookup(folded(run))
        if hit is None or not (_lone_entity(scan, start, end) or _a_persons_word(scan, run)):
            continue
        if hit.kind not in AREA_KINDS and len(run) == 1 and run[0].is_upper and 1 < len(run[0].text) <= 4:
            continue  # "in the EU", "from the UN": an acronym, not the town Eu
        # "the towns of Melk and Krems", "north of Puryear": the words say it is a place, whatever its size.
        if hit.kind in AREA_KINDS or hit.population >= MIN_POPULATION_IN_CONTEXT or direction is not None:
            scan.add(Found(start, end, Finder.GAZETTEER, folded(run)))


#: After a name, a distance said of it: "Alexandria is 180 km north-west of Cairo",
#: "Przemyśl, about 12 km from the border", "Kharkiv lies some 30 miles ...".
_MEASURED_AFTER = re.compile(
    r"(?:\s*,\s*(?:(?:a|an|the)\s+(?:\w+\s+){0,3}?)?|\s+(?:is|lies|sits|stands|was|lay|remains)\s+(?:located\s+|situated\s+)?)"
    r"(?:(?:about|around|some|roughly|approximately|nearly|almost|just|only|barely|more\s+than|less\s+than|over|under|"
    r"within|at\s+least|at\s+most|up\s+to)\s+)?\d[\d,.]*\s*(?:-\s*)?(?:km\b|kms\b|kilomet|miles?\b|nautical\s+miles?\b)",
    re.IGNORECASE,
)


#: After a name, where it lies, in an apposition: "Shahdara, on the northern edge of Lahore",
#: "Rohri, just outside Sukkur", "Pattoki, near Kasur", "Murray, just across the state line in Kentucky".
_PLACED_AFTER = re.compile(
    r"\s*,\s*(?:just\s+)?(?:near|outside|in|on\s+the\s+(?:\w+\s+)?(?:edge|edges|outskirts)\s+of"
    r"|across\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?(?:in|from))\s+(?:the\s+)?(?P<next>[A-Z]\w*)"
)


def find_measured_names(scan: Scan) -> None:
    """**gazetteer**: a name the gazetteer knows as an area or a town of 5,000 or more, of which
    the text gives a distance ("Alexandria is 180 km north-west of Cairo", "Przemyśl, about
    12 km from the border") or says where it lies ("Shahdara, on the northern edge of Lahore"),
    is a place even where the recogniser read a person or an organisation, or where it opens a
    sentence: nobody is 180 km north-west of a city. **context**: such a name the gazetteer does
    not know, placed by an apposition, is listed (and placed at the town the apposition names)."""
    if scan.lookup is None:
        return
    is_demonym = demonym_test(scan.country_names)
    for index, run in scan.capitalised_sequences():
        start, end = run[0].start, run[-1].end
        apposition = _PLACED_AFTER.match(scan.text, end)
        placed = apposition is not None and apposition.group("next").casefold() not in CALENDAR  # not ", in July"
        if not (placed or _MEASURED_AFTER.match(scan.text, end)):
            continue
        if scan.blocked_by(start, end) and not _lone_entity(scan, start, end):
            continue  # part of an organisation's or a person's longer name
        hit = scan.lookup(folded(run))
        before = scan.word(index - 1)
        if hit is not None and placed and named_with_the(run, hit, before, scan.word(index + len(run)), scan.text):
            continue  # "along the Rio Grande, across from Ciudad Miguel Alemán": the river
        if hit is not None and (placed or hit.kind in AREA_KINDS or hit.population >= MIN_POPULATION_IN_CONTEXT):
            scan.add(Found(start, end, Finder.GAZETTEER, folded(run)))
        elif hit is None and placed and reads_as_a_name(scan, run, is_demonym, feature=False):
            scan.add(Found(start, end, Finder.CONTEXT, folded(run)))


#: Words before "of" and a name that make the name a place ("southwest of", "the island of").
_OF_A_PLACE = DIRECTIONS | frozenset(
    "island islands province provinces state states city cities town towns village villages region regions county "
    "counties district districts capital port residents inhabitants".split()
)
#: Words right before a name that put it somewhere (a direction's "of" stands for its direction).
_LOCATING = PLACE_PREPOSITIONS | {"between"} | _OF_A_PLACE


def _place_word_of(scan: Scan, index: int) -> Token | None:
    """The direction or kind of place in "southwest of Corbin", "the island of Java" when the
    run at *index* follows "<direction> of" or "<kind of place> of"."""
    of, direction = scan.word(index - 1), scan.word(index - 2)
    if of is None or direction is None or of.folded != "of" or direction.folded not in _OF_A_PLACE:
        return None
    return direction if joined(scan.text, direction, of) or scan.text[direction.end : of.start] == " " else None


#: What stands between the names of a list ("Guinea, Niger, and Senegal"): a comma alone
#: lists only between two places ("In Karachi, Jordan said" is no list).
_LIST_COMMA = re.compile(r"\s*,\s*")
_LIST_AND = re.compile(r"\s*,?\s*(?:and|or|&)\s+")


def find_listed_names(scan: Scan) -> None:
    """**gazetteer**, one sense per discourse: a country, a state or a town of 5,000 or more
    that the recogniser calls a person or an organisation, listed next to a place ("Benin,
    Guinea, Niger, and Senegal"), is a place."""
    if scan.lookup is None:
        return
    places = sorted((f.start, f.end) for f in scan.found if f.finder != Finder.DEMONYM)
    for _, run in scan.capitalised_sequences():
        start, end = run[0].start, run[-1].end
        if not _lone_entity(scan, start, end):
            continue
        hit = scan.lookup(folded(run))
        if hit is None or not (hit.kind in AREA_KINDS or hit.population >= MIN_POPULATION_IN_CONTEXT):
            continue
        if hit.kind not in AREA_KINDS and any(t.is_upper and len(t.text) > 1 for t in run):
            continue  # "U.S. and NATO troops": an acronym, not the town Nato
        at = bisect_left(places, (start, end))
        gaps = (scan.text[places[at - 1][1] : start] if at > 0 else None,
                scan.text[end : places[at][0]] if at < len(places) else None)
        if any(g is not None and _LIST_AND.fullmatch(g) for g in gaps) or all(
            g is not None and _LIST_COMMA.fullmatch(g) for g in gaps
        ):
            scan.add(Found(start, end, Finder.GAZETTEER, folded(run)))


#: Towns listed together whose largest namesakes lie this close are the towns, not people.
PAIRED_TOWNS_KM = 150.0
#: ... when each has at least this many people (a pair of surnames rarely names two big towns).
PAIRED_TOWN_POPULATION = 20_000


def find_paired_towns(scan: Scan) -> None:
    """**gazetteer**: names the recogniser calls people or organisations, listed together
    ("visited Kitchener and Guelph"), each a town of :data:`PAIRED_TOWN_POPULATION` or more
    whose largest namesakes lie within :data:`PAIRED_TOWNS_KM` of each other, are those towns:
    two surnames are rarely two neighbouring towns."""
    if scan.lookup is None:
        return
    towns: list[tuple[int, int, tuple[str, ...], GazetteerHit]] = []
    for _, run in scan.capitalised_sequences():
        start, end = run[0].start, run[-1].end
        hit = scan.lookup(folded(run)) if _lone_entity(scan, start, end) else None
        if hit is not None and hit.kind in ("city", "capital") and hit.population >= PAIRED_TOWN_POPULATION:
            towns.append((start, end, folded(run), hit))
    groups: list[list[tuple[int, int, tuple[str, ...], GazetteerHit]]] = []
    for town in towns:
        last = groups[-1][-1] if groups else None
        gap = scan.text[last[1] : town[0]] if last else ""
        if last is not None and (_LIST_AND.fullmatch(gap) or _LIST_COMMA.fullmatch(gap)):
            groups[-1].append(town)
        else:
            groups.append([town])
    for group in groups:
        if len(group) >= 2 and all(_km(a[3], b[3]) <= PAIRED_TOWNS_KM for a in group for b in group):
            for start, end, key, _ in group:
                scan.add(Found(start, end, Finder.GAZETTEER, key))


def _km(a: GazetteerHit, b: GazetteerHit) -> float:
    """The geodesic between two entries, in km."""
    return float(WGS84.inv(a.lon, a.lat, b.lon, b.lat)[2]) / 1000.0


def _lone_entity(scan: Scan, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is exactly a name the recogniser calls a person or an organisation."""
    return any(b.label in ("PERSON", "ORG") and b.start == start and b.end == end for b in scan.blocked)


def _a_persons_word(scan: Scan, run: Sequence[Token]) -> bool:
    """Whether *run* is a lone word the recogniser read as a person's name elsewhere in the
    article, not part of a name here ("35 miles south of Austin" after it read "Austin, in Scott
    County" as a person)."""
    return (len(run) == 1 and run[0].folded in scan.people and run[0].folded not in CALENDAR
            and not scan.blocked_by(run[0].start, run[0].end))


def _lone_person(scan: Scan, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is exactly a name the recogniser calls a person (nothing more around it)."""
    return any(b.label == "PERSON" and b.start == start and b.end == end for b in scan.blocked)


def find_repeated_names(scan: Scan) -> None:
    """**gazetteer**, one sense per discourse: a name taken as a place elsewhere in
    the article, or one the text defines as a place, is a place wherever it stands."""
    named = {key: key for key in scan.defined}
    for f in scan.found:
        if f.finder in (Finder.NER, Finder.GAZETTEER):
            named[f.key] = f.key
            written = scan.text[f.start : f.end]
            if written in STANDALONE_ABBREVIATIONS and written not in AMBIGUOUS_ABBREVIATIONS and len(written) > 2:
                named.setdefault(tuple(name_key(written)), f.key)  # "NSW" again is New South Wales
    if not named:
        return
    for _, run in scan.capitalised_sequences():
        for size in range(len(run), 0, -1):
            for first in range(0, len(run) - size + 1):
                window = run[first : first + size]
                start, end = window[0].start, window[-1].end
                if folded(window) not in named or not scan.free(start, end):
                    continue
                if size < len(run) and _names_an_institution(run) and not _is_area(scan, folded(window)):
                    continue  # "Buffalo" of "Buffalo Science Magnet School" is the school's
                # One sense per discourse across labels: a lone "person" that is a place
                # elsewhere in the article is that place ("Dadu" after "in Dadu").
                if scan.blocked_by(start, end) == "PERSON" and not _lone_person(scan, start, end):
                    continue
                scan.add(Found(start, end, Finder.GAZETTEER, named[folded(window)]))


#: Words that make the name right before them a disease or its agent ("Ebola virus", "Marburg
#: haemorrhagic fever", "Lyme disease", "Rift Valley fever"). Not "flu" nor "strain": "the Texas flu
#: season", "the Sudan strain" name the place.
_DISEASE = re.compile(
    r"(?:[ \t-]+(?:hemorrhagic|haemorrhagic|respiratory|spongiform|equine|virus-like))?[ \t-]+"
    r"(?:virus|viruses|ebolavirus|fever|disease|syndrome|encephalitis|encephalopathy)\b(?!-)"
)
#: Places whose names English news writes alone for the disease named after them ("died of
#: Ebola"), the river, forest and villages being rarely news themselves.
DISEASES_ALONE = frozenset({("ebola",), ("zika",), ("lassa",), ("nipah",)})
#: Why a name is set aside when the article names a disease after it.
DISEASE_NAME = "a disease or virus named after a place (\"Ebola virus\")"


def set_aside_disease_names(scan: Scan) -> None:
    """One sense per discourse: a name the article gives a disease or a virus ("Ebola virus",
    "West Nile fever") names the disease wherever it stands in the article ("died of Ebola"),
    unless curated or after a preposition of place ("six died in Hong Kong" of "Hong Kong
    flu"). Such names are set aside, with the reason."""
    diseases = {f.key for f in scan.found if f.place_id is None and f.role != Role.ASSOCIATIVE
                and (_DISEASE.match(scan.text, f.end) or f.key in DISEASES_ALONE)}
    if not diseases:
        return
    kept = []
    for item in scan.found:
        before = scan.word_before(item.start)
        placed = before is not None and before.folded in _PLACE_WORDS and not _DISEASE.match(scan.text, item.end)
        if item.key in diseases and item.place_id is None and not placed:  # "six died in Hong Kong" stays
            scan.rejected.append((item.start, item.end, item.key, DISEASE_NAME))
        else:
            kept.append(item)
    scan.found = kept


#: Right after a name: a currency's sign ("US$460 million", "A$2 billion").
_CURRENCY_AFTER = re.compile(r"\$")
#: Around a name: the slashes of a virus strain's name ("A/California/7/2009").
_STRAIN_AFTER = re.compile(r"/\d")
#: Why such names are set aside.
CURRENCY_NAME = "part of a currency's sign (US$)"
STRAIN_NAME = "part of a virus strain's name (A/California/7/2009)"


def set_aside_notations(scan: Scan) -> None:
    """Names that are part of a notation, not places: a currency's sign ("US$460 million") and
    a virus strain's name ("A/California/7/2009"). Set aside, with the reason."""
    kept = []
    for item in scan.found:
        currency = _CURRENCY_AFTER.match(scan.text, item.end)
        strain = item.start > 0 and scan.text[item.start - 1] == "/" and _STRAIN_AFTER.match(scan.text, item.end)
        if item.place_id is None and (currency or strain):
            scan.rejected.append((item.start, item.end, item.key, CURRENCY_NAME if currency else STRAIN_NAME))
        else:
            kept.append(item)
    scan.found = kept


def find_demonyms(scan: Scan) -> None:
    """**demonym**: the nationalities the recogniser did not mark ("Afghan
    people", "Chinese activity"), as associative mentions of their country."""
    if scan.demonym is None:
        return
    for n, token in enumerate(scan.words):
        if scan.used[n] or not token.is_capitalised or scan.blocked_by(token.start, token.end) == "PERSON":
            continue
        country = scan.demonym((token.folded,))
        if country:
            scan.add(Found(token.start, token.end, Finder.DEMONYM, (token.folded,), role=Role.ASSOCIATIVE, country=country))


def mark_metonymy(scan: Scan) -> None:
    """Capitals and countries that act ("Washington said", "Kabul rejected")
    stand for their governments: their role becomes metonymic."""
    for item in scan.found:
        if item.role == Role.LITERAL and acts(scan.text, item.end):
            item.role = Role.METONYMIC


def note_set_aside(scan: Scan) -> None:
    """Every name the finders considered and did not take, with the reason: the
    names the gazetteer knows and the places the recogniser marked. Nothing is
    dropped silently: these are listed (``geo places --rejected``), never mapped."""
    sentence_starts = {s.start for s in scan.sentences}
    runs = [(run, window) for _, run in scan.capitalised_sequences()
            for window in gazetteer_windows(run, scan.lookup, scan.aliases)]
    context = _countries_named(scan, (window for _, window in runs))
    for run, (sub, hit) in runs:
        start, end = sub[0].start, sub[-1].end
        if folded(sub) in scan.aliases.ignored:
            reason = "listed under ignore: in places.yaml"
        elif len(sub) < len(run) and a_full_name(run, scan.lookup):
            reason = FULL_NAME
        elif len(sub) < len(run) and _names_an_institution(run):
            reason = INSTITUTION_NAME  # "the Carroll County Civic Center"
        else:
            position = scan.index_of(sub[0])
            reason = set_aside_reason(sub, hit, scan.blocked_by(start, end), scan.people, scan.lowercase_words,
                                      scan.word(position - 1), scan.text, scan.word(position + len(sub)),
                                      start in sentence_starts, context(sub))
        scan.reject(start, end, folded(sub), reason)
    for entity in scan.entities:
        if entity.label in PLACE_LABELS and not scan.article.in_debris(entity.start, entity.end):
            start, end = trim_entity(scan.text, entity.start, entity.end)
            key = name_key(scan.text[start:end])
            if end > start and scan.text[start].isupper() and scan.free(start, end):  # a name, not "8/2021"
                numbered = any(c.isdigit() for c in scan.text[start:end])
                institution = bool(key) and key[-1] in FACILITY_HEADS
                reason = NUMBERED_NAME if numbered else INSTITUTION_NAME if institution else UNKNOWN_GUESS
                scan.reject(start, end, key, reason)
