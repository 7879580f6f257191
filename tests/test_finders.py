"""Each mention finder alone, on invented sentences, with a small invented gazetteer.

A finder reads and extends one :class:`~geo.find.scan.Scan`; these tests build
the scan, set what the earlier finders would have left in it, run one finder
and look at what it found and which words it took.
"""

from __future__ import annotations

import inspect

import pytest

from geo.find.aliases import AliasIndex
from geo.find.finders import (
    find_aliases,
    find_demonyms,
    find_entities,
    find_feature_names,
    find_gazetteer_names,
    find_listed_names,
    find_locative_names,
    find_paired_towns,
    find_located_names,
    find_region_abbreviations,
    find_repeated_names,
    mark_metonymy,
    note_definitions,
    note_people,
)
from geo.find.mentions import FINDERS, find_mentions
from geo.find.ner import Entity
from geo.find.pipeline import run_finders
from geo.find.scan import Blocked, Found, GazetteerHit, Scan
from geo.model import Article, Finder, Place, Role, Span

PLACES = (
    Place("afghanistan", "Afghanistan", "country", 33.0, 65.0, "AF"),
    Place("united-states", "United States", "country", 38.0, -97.0, "US",
          aliases=("US", "U.S.", "United States of America")),
    Place("kabul", "Kabul", "capital", 34.528, 69.172, "AF", aliases=("the capital",)),
)

# An invented gazetteer: folded name -> (kind, country, population).
GAZETTEER = {
    ("karachi",): GazetteerHit("city", "PK", 15_000_000),
    ("lahore",): GazetteerHit("city", "PK", 11_000_000),
    ("velmora",): GazetteerHit("town", "XV", 20_000),
    ("zarin",): GazetteerHit("village", "AF", 6_000),
    ("kasra",): GazetteerHit("village", "QA", 6_000),
    ("adam",): GazetteerHit("village", "XV", 500),
    ("white",): GazetteerHit("town", "US", 5_000),
    ("hill",): GazetteerHit("town", "US", 2_000),
    ("ap",): GazetteerHit("town", "XV", 20_000),
    ("new", "york"): GazetteerHit("city", "US", 8_000_000),
    ("aurora",): GazetteerHit("city", "US", 180_000),
    ("jordan",): GazetteerHit("country", "JO", 10_000_000),
    ("qatar",): GazetteerHit("country", "QA", 2_700_000),
    ("afghanistan",): GazetteerHit("country", "AF", 40_000_000),
}
DEMONYMS = {("afghan",): "AF", ("chinese",): "CN"}


def _scan(
    text: str,
    entities: tuple[tuple[str, str], ...] = (),
    *,
    gazetteer: bool = True,
    demonyms: bool = True,
    ignore: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    debris: tuple[Span, ...] = (),
) -> Scan:
    """A scan of *text*; *entities* are ``(surface, label)``, each at its first occurrence."""
    article = Article(name="t.md", slug="t", title="t", text=text, debris=debris)
    found = tuple(Entity(text.index(s), text.index(s) + len(s), label, s) for s, label in entities)
    return Scan.of(
        article,
        AliasIndex(PLACES, ignore),
        GAZETTEER.get if gazetteer else None,
        countries,
        found,
        DEMONYMS.get if demonyms else None,
    )


def _found(scan: Scan) -> list[tuple[str, str, str]]:
    return [(scan.text[f.start : f.end], f.finder, f.role) for f in scan.found]


def _taken(scan: Scan) -> list[str]:
    return [w.text for w, used in zip(scan.words, scan.used) if used]


def _seen(scan: Scan, word: str) -> None:
    """Mark each occurrence of *word* but the last as found by the gazetteer before."""
    start = scan.text.index(word)
    scan.add(Found(start, start + len(word), Finder.GAZETTEER, (word.casefold(),)))


ALIAS, NER, GAZ, CTX, DEM = Finder.ALIAS, Finder.NER, Finder.GAZETTEER, Finder.CONTEXT, Finder.DEMONYM
LIT, ASSOC, METO = Role.LITERAL, Role.ASSOCIATIVE, Role.METONYMIC


# (name, text, expected [(surface, place id)])
ALIAS_CASES = [
    ("longest-first", "the United States of America said", [("United States of America", "united-states")]),
    ("dotted-acronym-keeps-dot", "U.S. troops left", [("U.S.", "united-states")]),
    ("acronym-not-pronoun", "tell us about Kabul", [("Kabul", "kabul")]),
    ("outlet", "the Kabul Times reported", []),
    ("descriptive-of", "the capital of Qatar", []),
    ("apposition", "north of the capital Kabul", [("Kabul", "kabul")]),
    ("descriptive", "troops left the capital.", [("the capital", "kabul")]),
    ("lowercase", "afghanistan and kabul", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ALIAS_CASES], ids=[c[0] for c in ALIAS_CASES])
def test_find_aliases(text, expected):
    scan = _scan(text)
    find_aliases(scan)
    assert [(scan.text[f.start : f.end], f.place_id) for f in scan.found] == expected
    assert all(f.finder == ALIAS and f.role == LIT for f in scan.found)


def test_find_aliases_takes_the_words_of_dropped_descriptions():
    scan = _scan("north of the capital Kabul today")
    find_aliases(scan)
    assert _taken(scan) == ["the", "capital", "Kabul"]


# (name, text, entities, expected people)
PEOPLE_CASES = [
    ("recogniser", "Zakir Jalaly said so.", (("Zakir Jalaly", "PERSON"),), {"zakir", "jalaly"}),
    ("title-dropped", "President Nadia Orlov spoke.", (("President Nadia Orlov", "PERSON"),), {"nadia", "orlov"}),
    ("lone-country-is-no-person", "Jordan spoke.", (("Jordan", "PERSON"),), set()),
    ("country-in-full-name", "Michael Jordan spoke.", (("Michael Jordan", "PERSON"),), {"michael", "jordan"}),
    ("places-are-no-people", "Karachi flooded.", (("Karachi", "GPE"),), set()),
    ("capitals-without-recogniser", "Zakir Jalaly said so.", (), {"zakir", "jalaly"}),
    ("title-without-recogniser", "President Donald Trump said.", (), {"donald", "trump"}),
    ("organisation-without-recogniser", "The Foreign Ministry said.", (), set()),
    ("place-without-recogniser", "New York said.", (), set()),
]


@pytest.mark.parametrize(
    ("text", "entities", "expected"), [c[1:] for c in PEOPLE_CASES], ids=[c[0] for c in PEOPLE_CASES]
)
def test_note_people(text, entities, expected):
    scan = _scan(text, entities)
    note_people(scan)
    assert scan.people == expected
    assert scan.found == []


def test_note_people_needs_a_gazetteer_to_trust_the_recogniser():
    scan = _scan("Zakir Jalaly said so.", (("Zakir Jalaly", "PERSON"),), gazetteer=False)
    note_people(scan)
    assert scan.people == frozenset()


# (name, text, entities, expected [(surface, finder, role)])
ENTITY_CASES = [
    ("known-place", "Floods hit Karachi.", (("Karachi", "GPE"),), [("Karachi", NER, LIT)]),
    ("trimmed", "They reached the Karachi port.", (("the Karachi", "GPE"),), [("Karachi", NER, LIT)]),
    ("trimmed-possessive", "Karachi's port closed.", (("Karachi's", "GPE"),), [("Karachi", NER, LIT)]),
    ("the-feature", "They sailed up the Karachi, at dawn.", (("the Karachi", "LOC"),), []),
    ("unknown-after-locative", "Troops moved near Brastov.", (("Brastov", "GPE"),), [("Brastov", NER, LIT)]),
    ("unknown-place-head", "Brastov Valley flooded.", (("Brastov Valley", "LOC"),), [("Brastov Valley", NER, LIT)]),
    ("unknown-guess", "Maya Harden spoke.", (("Maya Harden", "GPE"),), []),
    ("date", "It ended in 8/2021.", (("8/2021", "GPE"),), []),
    ("other-script", "Rain fell on \u0643\u0627\u0628\u0644 today.", (("\u0643\u0627\u0628\u0644", "GPE"),), []),
    ("direction", "The West agreed.", (("West", "LOC"),), []),
    ("lowercase", "the karachi affair", (("karachi", "GPE"),), []),
    ("nationality", "Afghan officials met.", (("Afghan", "NORP"),), [("Afghan", DEM, ASSOC)]),
    ("unknown-nationality", "Martian officials met.", (("Martian", "NORP"),), []),
    ("place-that-is-a-demonym", "Chinese boats came.", (("Chinese", "GPE"),), [("Chinese", DEM, ASSOC)]),
    ("person-blocks", "Karachi Khan spoke.", (("Karachi Khan", "PERSON"),), []),
    ("other-labels", "It cost 5 dollars.", (("5 dollars", "MONEY"),), []),
]


@pytest.mark.parametrize(
    ("text", "entities", "expected"), [c[1:] for c in ENTITY_CASES], ids=[c[0] for c in ENTITY_CASES]
)
def test_find_entities(text, entities, expected):
    scan = _scan(text, entities)
    find_entities(scan)
    assert _found(scan) == expected
    assert _taken(scan) == [w for surface, _, _ in expected for w in surface.split()]


def test_find_entities_blocks_people_from_the_start():
    scan = _scan("Karachi Khan spoke.", (("Karachi Khan", "PERSON"),))
    assert scan.blocked_by(0, 7) == "PERSON"


def test_find_entities_leaves_taken_words_and_debris_alone():
    text = "Kabul and Karachi.\nScroll to Top Lahore\n"
    debris = (Span(text.index("Scroll"), len(text)),)
    scan = _scan(text, (("Kabul", "GPE"), ("Karachi", "GPE"), ("Lahore", "GPE")), debris=debris)
    scan.claim(0, 5)
    find_entities(scan)
    assert _found(scan) == [("Karachi", NER, LIT)]


def test_find_entities_without_demonym_table():
    scan = _scan("Afghan officials met.", (("Afghan", "NORP"),), demonyms=False)
    find_entities(scan)
    assert scan.found == []


# (name, text, expected defined keys)
DEFINITION_CASES = [
    ("is-a-city", "Aurora is a city in Kane County.", {("aurora",)}),
    ("was-a-town-with-aside", "Aurora (pop. 180,000) was a small town.", {("aurora",)}),
    ("not-a-definition", "Aurora said so.", set()),
    ("unknown-name", "Brastov is a town in the hills.", set()),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in DEFINITION_CASES], ids=[c[0] for c in DEFINITION_CASES])
def test_note_definitions(text, expected):
    scan = _scan(text)
    note_definitions(scan)
    assert scan.defined == expected
    assert scan.found == []


def test_note_definitions_needs_a_gazetteer():
    scan = _scan("Aurora is a city in Kane County.", gazetteer=False)
    note_definitions(scan)
    assert scan.defined == frozenset()


# (name, text, keyword arguments of the scan, expected surfaces)
LOCATIVE_CASES = [
    ("in", "Troops arrived in Brastov on foot.", {}, ["Brastov"]),
    ("near-two-words", "a camp near Upper Brastov today", {}, ["Upper Brastov"]),
    ("sentence-initial", "In Brastov, rain fell.", {}, []),
    ("gazetteer-knows-it", "Troops arrived in Velmora.", {}, []),
    ("calendar", "It happened in January.", {}, []),
    ("organisation", "a speech in Parliament", {}, []),
    ("demonym", "stories in Afghani", {"countries": ("Afghanistan",)}, []),
    ("acronym", "talks in NATO", {}, []),
    ("short", "born in Ur", {}, []),
    ("also-lowercase", "in Bright and bright skies", {}, []),
    ("ignored", "Troops arrived in Brastov.", {"ignore": ("Brastov",)}, []),
    ("not-locative", "Troops saw Brastov.", {}, []),
]


@pytest.mark.parametrize(
    ("text", "options", "expected"), [c[1:] for c in LOCATIVE_CASES], ids=[c[0] for c in LOCATIVE_CASES]
)
def test_find_locative_names(text, options, expected):
    scan = _scan(text, **options)
    find_locative_names(scan)
    assert [s for s, _, _ in _found(scan)] == expected
    assert all(f.finder == CTX for f in scan.found)
    assert _taken(scan) == []  # locative names keep their words free


def test_find_locative_names_skips_people():
    scan = _scan("He met in Gorlan today.", (("Gorlan", "PERSON"),))
    find_locative_names(scan)
    assert scan.found == []
    scan = _scan("He met in Gorlan today.")
    scan.people = frozenset({"gorlan"})
    find_locative_names(scan)
    assert scan.found == []


# (name, text, entities, expected surfaces)
GAZETTEER_CASES = [
    ("big-city", "Floods hit Karachi on Monday.", (), ["Karachi"]),
    ("town", "Rain hit the town of Velmora.", (), ["Velmora"]),
    ("small-village", "Rain hit the village of Zarin.", (), []),
    ("village-in-context", "Rain hit Kasra, in Qatar.", (), ["Kasra", "Qatar"]),
    ("two-words", "Rain fell on New York.", (), ["New York"]),
    ("sentence-initial-town", "Velmora is calm.", (), []),
    ("sentence-initial-city", "Karachi is calm.", (), ["Karachi"]),
    ("person-verb", "the mayor of Velmora and Velmora said", (), ["Velmora"]),
    ("part-of-a-name", "Adam Boehler met them.", (), []),
    ("building", "the White House said", (), []),
    ("outlet-title", "as The Hill reported", (), []),
    ("outlet", "The New York Times reported it.", (), []),
    ("acronym", "as the AP reported", (), []),
    ("after-title", "They met President Jordan.", (), []),
    ("in-person", "Karachi Khan spoke.", (("Karachi Khan", "PERSON"),), []),
    ("in-organisation", "at the Lahore Institute today", (("Lahore Institute", "ORG"),), []),
    ("area-in-organisation", "on Qatar Airways today", (("Qatar Airways", "ORG"),), ["Qatar"]),
    ("lone-organisation", "Floods hit Karachi.", (("Karachi", "ORG"),), ["Karachi"]),
]


@pytest.mark.parametrize(
    ("text", "entities", "expected"), [c[1:] for c in GAZETTEER_CASES], ids=[c[0] for c in GAZETTEER_CASES]
)
def test_find_gazetteer_names(text, entities, expected):
    scan = _scan(text, entities)
    find_gazetteer_names(scan)
    assert [s for s, _, _ in _found(scan)] == expected
    assert all(f.finder == GAZ and f.role == LIT for f in scan.found)
    assert _taken(scan) == [w for s in expected for w in s.split()]


def test_find_gazetteer_names_uses_the_countries_of_curated_places():
    scan = _scan("Afghanistan said that Zarin flooded.")
    find_aliases(scan)
    find_gazetteer_names(scan)
    assert [s for s, _, _ in _found(scan)] == ["Afghanistan", "Zarin"]


@pytest.mark.parametrize(
    ("name", "options"),
    [("people", {"people": frozenset({"jordan"})}), ("ignored", {})],
    ids=["person-name", "ignored"],
)
def test_find_gazetteer_names_leaves_people_and_ignored_names(name, options):
    scan = _scan("Then Jordan spoke.", ignore=("Jordan",) if name == "ignored" else ())
    for attribute, value in options.items():
        setattr(scan, attribute, value)
    find_gazetteer_names(scan)
    assert scan.found == []


def test_find_gazetteer_names_without_gazetteer():
    scan = _scan("Floods hit Karachi.", gazetteer=False)
    find_gazetteer_names(scan)
    assert scan.found == []


# (name, text, word found before (first occurrence), defined keys, entities, expected new surfaces)
REPEAT_CASES = [
    ("repeat", "Brastov flooded. Then Brastov said so.", "Brastov", set(), (), ["Brastov"]),
    ("defined", "Rain in Aurora. Aurora said so.", None, {("aurora",)}, (), ["Aurora", "Aurora"]),
    ("inside-longer-run", "Brastov flooded. Upper Brastov too.", "Brastov", set(), (), ["Brastov"]),
    ("person", "Brastov flooded. Then Brastov Khan spoke.", "Brastov", set(),
     (("Brastov Khan", "PERSON"),), []),
    ("nothing-named", "Brastov flooded. Then Brastov said so.", None, set(), (), []),
    ("inside-an-organisation", "Brastov flooded. Aid reached Brastov late.", "Brastov", set(),
     (("Brastov late", "ORG"),), ["Brastov"]),
]


@pytest.mark.parametrize(
    ("text", "before", "defined", "entities", "expected"),
    [c[1:] for c in REPEAT_CASES],
    ids=[c[0] for c in REPEAT_CASES],
)
def test_find_repeated_names(text, before, defined, entities, expected):
    scan = _scan(text, entities)
    if before is not None:
        _seen(scan, before)
    scan.defined = frozenset(defined)
    already = len(scan.found)
    find_repeated_names(scan)
    new = scan.found[already:]
    assert [scan.text[f.start : f.end] for f in new] == expected
    assert all(f.finder == GAZ for f in new)


def test_a_lone_person_label_yields_to_a_place_named_elsewhere():
    text = "Brastov flooded on Monday. Officials said Brastov needed water."
    scan = _scan(text)
    _seen(scan, "Brastov")
    second = text.rindex("Brastov")
    scan.blocked.append(Blocked(second, second + len("Brastov"), "PERSON"))
    find_repeated_names(scan)
    assert [scan.text[f.start : f.end] for f in scan.found] == ["Brastov", "Brastov"]


# (name, text, entities, expected surfaces found after "in", "near"...)
LOCATED_CASES = [
    ("in-person-label", "Volunteers in Karachi waited.", (("Karachi", "PERSON"),), ["Karachi"]),
    ("sentence-initial", "In Lahore, volunteers waited.", (("Lahore", "PERSON"),), ["Lahore"]),
    ("village-of-6000", "Volunteers in Zarin waited.", (("Zarin", "PERSON"),), ["Zarin"]),
    ("too-small", "Volunteers in Hill waited.", (("Hill", "PERSON"),), []),
    ("organisation-label", "Roads between Karachi and Lahore closed.", (("Karachi", "ORG"),), ["Karachi"]),
    ("direction-of", "The camp lies 30 km southwest of Lahore.", (("Lahore", "ORG"),), ["Lahore"]),
    ("of-alone-is-not-enough", "The mayor of Lahore spoke.", (("Lahore", "ORG"),), []),
    ("city-of", "Cholera spread in the city of Lahore.", (("Lahore", "PERSON"),), ["Lahore"]),
    ("from-is-not-enough", "A letter from Karachi arrived.", (("Karachi", "PERSON"),), []),
    ("longer-person", "Volunteers in Karachi Khan's team waited.", (("Karachi Khan", "PERSON"),), []),
    ("not-a-person", "Volunteers in Velmora waited.", (), []),
]


@pytest.mark.parametrize(("text", "entities", "expected"), [c[1:] for c in LOCATED_CASES],
                         ids=[c[0] for c in LOCATED_CASES])
def test_find_located_names(text, entities, expected):
    scan = _scan(text, entities)
    find_located_names(scan)
    assert [scan.text[f.start : f.end] for f in scan.found] == expected
    assert all(f.finder == GAZ for f in scan.found)


# (name, text, expected [(surface, key)])
ABBREVIATION_CASES = [
    ("ap-state", "He was found in Paris, Tenn., officials said.", [("Tenn.", ("tennessee",))]),
    ("dateline", "GLASGOW, Ky. (AP) — Two men were arrested.", [("Ky.", ("kentucky",))]),
    ("dotted", "Charleston, W.Va., and Albany, N.Y., voted.",
     [("W.Va.", ("west", "virginia")), ("N.Y.", ("new", "york"))]),
    ("province", "London, Ont., is not London, England.", [("Ont.", ("ontario",))]),
    ("postal-code", "Glasgow, KY 42141 is small.", [("KY", ("kentucky",))]),
    ("not-after-a-name", "He said, Ky. is far.", []),
    ("not-an-abbreviation", "Near Paris, Xyz. was quiet.", []),
    ("lower-case-word-before", "the people, Tenn. said", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ABBREVIATION_CASES],
                         ids=[c[0] for c in ABBREVIATION_CASES])
def test_find_region_abbreviations(text, expected):
    scan = _scan(text)
    find_region_abbreviations(scan)
    assert [(scan.text[f.start : f.end], f.key) for f in scan.found] == expected
    assert all(f.finder == GAZ for f in scan.found)


# (name, text, entities, expected [(surface, country)])
DEMONYM_CASES = [
    ("adjective", "Afghan people came.", (), [("Afghan", "AF")]),
    ("two", "Afghan and Chinese boats", (), [("Afghan", "AF"), ("Chinese", "CN")]),
    ("lowercase", "the afghan rug", (), []),
    ("unknown", "Martian people came.", (), []),
    ("in-person", "Afghan Khan spoke.", (("Afghan Khan", "PERSON"),), []),
]


@pytest.mark.parametrize(
    ("text", "entities", "expected"), [c[1:] for c in DEMONYM_CASES], ids=[c[0] for c in DEMONYM_CASES]
)
def test_find_demonyms(text, entities, expected):
    scan = _scan(text, entities)
    find_demonyms(scan)
    assert [(scan.text[f.start : f.end], f.country) for f in scan.found] == expected
    assert all(f.finder == DEM and f.role == ASSOC for f in scan.found)


def test_find_demonyms_leaves_taken_words_and_needs_a_table():
    scan = _scan("Afghan people came.")
    scan.claim(0, 6)
    find_demonyms(scan)
    assert scan.found == []
    scan = _scan("Afghan people came.", demonyms=False)
    find_demonyms(scan)
    assert scan.found == []


# (name, text, role before, expected role)
METONYMY_CASES = [
    ("said", "Kabul said no.", LIT, METO),
    ("has-denied", "Kabul has denied it.", LIT, METO),
    ("government", "Kabul's government rejected it.", LIT, METO),
    ("location", "Kabul is calm.", LIT, LIT),
    ("capitalised-verb", "Kabul Said no.", LIT, LIT),
    ("associative-stays", "Kabul said no.", ASSOC, ASSOC),
]


@pytest.mark.parametrize(
    ("text", "role", "expected"), [c[1:] for c in METONYMY_CASES], ids=[c[0] for c in METONYMY_CASES]
)
def test_mark_metonymy(text, role, expected):
    scan = _scan(text)
    scan.add(Found(0, 5, Finder.ALIAS, ("kabul",), "kabul", role=role))
    mark_metonymy(scan)
    assert [f.role for f in scan.found] == [expected]


def test_finders_share_one_signature():
    assert [name for name, _ in FINDERS] == [
        "aliases", "region_abbreviations", "standalone_abbreviations", "people", "entities", "definitions",
        "locative_names", "feature_names", "gazetteer_names", "located_names", "measured_names",
        "listed_names", "listed_abbreviations", "kind_named", "paired_towns", "repeated_names", "disease_names",
        "notations", "demonyms", "metonymy", "set_aside",
    ]
    for _, finder in FINDERS:
        assert list(inspect.signature(finder).parameters) == ["scan"]
        assert finder(_scan("")) is None


def test_find_mentions_runs_the_finders_in_order():
    text = "Kabul said Afghan troops reached Karachi, near Brastov. Nadia Orlov spoke."
    entities = (("Nadia Orlov", "PERSON"),)
    scan = run_finders(_scan(text, entities))
    article = Article(name="t.md", slug="t", title="t", text=text)
    mentions = find_mentions(
        article, AliasIndex(PLACES), GAZETTEER.get, (),
        tuple(Entity(text.index(s), text.index(s) + len(s), label, s) for s, label in entities), DEMONYMS.get,
    )
    assert [(m.text, m.finder, m.role) for m in mentions] == sorted(_found(scan), key=lambda f: text.index(f[0]))
    assert [(m.text, m.finder, m.role) for m in mentions] == [
        ("Kabul", ALIAS, METO),
        ("Afghan", DEM, ASSOC),
        ("Karachi", GAZ, LIT),
        ("Brastov", CTX, LIT),
    ]


LISTED_CASES = [
    ("country-in-a-list", "Floods hit Qatar, Jordan, and Afghanistan.", (("Jordan", "PERSON"),), ["Jordan"]),
    ("town-in-a-list", "Rain fell on Karachi and Lahore.", (("Lahore", "ORG"),), ["Lahore"]),
    ("person-after-a-place", "In Karachi, Jordan said it rained.", (("Jordan", "PERSON"),), []),
    ("not-listed", "Michael Jordan visited.", (("Michael Jordan", "PERSON"),), []),
    ("acronym", "Karachi and AP reporters met.", (("AP", "ORG"),), []),
]


@pytest.mark.parametrize(("text", "entities", "expected"), [c[1:] for c in LISTED_CASES], ids=[c[0] for c in LISTED_CASES])
def test_find_listed_names(text, entities, expected):
    scan = _scan(text, entities)
    for name in ("Karachi", "Qatar", "Afghanistan"):
        if name in text and name not in expected:
            at = text.index(name)
            scan.add(Found(at, at + len(name), Finder.NER, (name.casefold(),)))
    find_listed_names(scan)
    assert [scan.text[f.start : f.end] for f in scan.found if f.finder == Finder.GAZETTEER] == expected


# Invented towns: two near each other (0.3 degrees apart), one far away, one small.
PAIRED = {
    ("brenford",): GazetteerHit("city", "XV", 250_000, "Brenford", 43.4, -80.5),
    ("castlow",): GazetteerHit("city", "XV", 140_000, "Castlow", 43.5, -80.2),
    ("durrant",): GazetteerHit("city", "XW", 900_000, "Durrant", 51.5, -0.1),
    ("emsby",): GazetteerHit("city", "XV", 4_000, "Emsby", 43.45, -80.3),
}
PAIRED_CASES = [
    ("neighbours", "The premier visited Brenford and Castlow.", ("Brenford", "Castlow"), ["Brenford", "Castlow"]),
    ("comma-list", "Crews from Castlow, Brenford and Castlow left.", ("Castlow", "Brenford"), ["Castlow", "Brenford", "Castlow"]),
    ("far-apart", "Brenford and Durrant signed the letter.", ("Brenford", "Durrant"), []),
    ("too-small", "Brenford and Emsby signed the letter.", ("Brenford", "Emsby"), []),
    ("not-listed", "Brenford said Castlow was wrong.", ("Brenford", "Castlow"), []),
]


@pytest.mark.parametrize(("text", "people", "expected"), [c[1:] for c in PAIRED_CASES], ids=[c[0] for c in PAIRED_CASES])
def test_find_paired_towns(text, people, expected):
    article = Article(name="t.md", slug="t", title="t", text=text)
    entities = []
    for name in people:
        at = -1
        while (at := text.find(name, at + 1)) >= 0:
            entities.append(Entity(at, at + len(name), "PERSON", name))
    scan = Scan.of(article, AliasIndex(()), PAIRED.get, (), tuple(sorted(entities, key=lambda e: e.start)), None)
    find_paired_towns(scan)
    assert [scan.text[f.start : f.end] for f in scan.found] == expected


FEATURE_CASES = [
    ("lake-before", "Freezing rain fell over Lake Erie on Friday.", (), ["Lake Erie"]),
    ("river-after", "Floodwaters rose along the Cumberland River.", (), ["Cumberland River"]),
    ("of-form", "Ships in the Gulf of Aden turned back.", (), ["Gulf of Aden"]),
    ("sentence-start", "The Laurel Lake dam held.", (), ["Laurel Lake"]),
    ("mount", "Climbers left Mount Kenya.", (), ["Mount Kenya"]),
    ("institution", "She teaches at Lake Erie College.", (), []),
    ("organisation", "The Mekong River Commission met.", (("Mekong River Commission", "ORG"),), []),
    ("person", "Mount Smith said so.", (("Mount Smith", "PERSON"),), []),
    ("known-to-the-gazetteer", "Flights to Lake Charles resumed.", (), []),  # left to the gazetteer's finder
    ("one-word", "The Lake was calm.", (), []),
]


@pytest.mark.parametrize(("text", "entities", "expected"), [c[1:] for c in FEATURE_CASES], ids=[c[0] for c in FEATURE_CASES])
def test_find_feature_names_keeps_a_feature_name_whole(text, entities, expected):
    scan = _scan(text, entities)
    scan.lookup = {**GAZETTEER, ("lake", "charles"): GazetteerHit("city", "US", 80_000)}.get
    find_feature_names(scan)
    assert [(scan.text[f.start : f.end], f.finder) for f in scan.found] == [(e, CTX) for e in expected]
