"""Names the text calls places by a kind of place written in lower case beside them.

"Jhal Magsi and Naseerabad districts", "the Ravi, Sutlej and Chenab rivers", "the Swat valley":
whatever the recogniser made of the names (people, organisations, nothing), the kind word says
what they are. A singular kind names the name right before it; a plural one every name of the
list before it. Each becomes a mention of that kind ("naseerabad district", "ravi river"): the
resolver looks for a division of the name, and a river the gazetteer lacks is listed unresolved
rather than dropped. So do the names after a kind of settlement ("the village of Cellardyke",
"the towns of Melk and Krems", "four villages: Kampungu, Makonono and Mombo") and the unknown
names the text defines as places ("Lujhu is a rural township in ..."). The name's other
occurrences in the article ("the Chenab threatened Jhang") are the same place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Finder
from ..text.english import is_common_word
from ..text.normalise import Token
from .rules import defined_as_place, demonym_test
from .scan import Found, Scan, folded
from .words import CALENDAR, FACILITY_HEADS, FUNCTION_WORDS, ORG_WORDS, POSITION_WORDS, STREET_HEADS, TITLES

__all__ = ["KIND_AFTER", "KIND_BEFORE", "find_kind_named", "reads_as_a_name"]

# Not "state": after a name it is mostly an adjective ("Ohio state law", "Class B state champions").
_SINGULAR = ("district", "province", "governorate", "prefecture", "region", "county", "oblast",
             "municipality", "township", "river", "valley")
_PLURAL = {"districts": "district", "provinces": "province", "governorates": "governorate",
           "prefectures": "prefecture", "regions": "region", "counties": "county", "oblasts": "oblast",
           "municipalities": "municipality", "townships": "township", "rivers": "river", "valleys": "valley"}
#: Kind words written after a name, or a list of names, and the singular kind each gives them.
KIND_AFTER: dict[str, str] = {**{k: k for k in _SINGULAR}, **_PLURAL}
#: Kinds that are natural features: their names may be common words ("the Snake river"), and a town
#: of the name is not the feature. A valley's name is its land's ("the Colchagua valley").
_FEATURES = frozenset({"river"})
_COMMON_WORDS_ALLOWED = frozenset({"river", "valley"})
#: Endings of adjectives of peoples and faiths, not names ("Kurdish region", "Islamic states").
_ADJECTIVE_ENDINGS = ("ish", "ese", "ian", "ean", "ic")


def find_kind_named(scan: Scan) -> None:
    """**context**: free names followed by a kind of place in lower case, following a kind of
    settlement and "of", or defined by the text as a place that the gazetteer does not know
    ("Lujhu is a rural township in ...", "Mabvuku, a suburb east of Harare"), and their repeats."""
    is_demonym = demonym_test(scan.country_names)
    named: dict[tuple[str, ...], tuple[str, ...]] = {}
    _kind_after(scan, is_demonym, named)
    _kind_before(scan, is_demonym, named)
    _defined(scan, is_demonym, named)
    if named:
        _repeats(scan, named)


def _kind_after(scan: Scan, is_demonym: Callable[[str], bool], named: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """Names followed by their kind ("Jhal Magsi and Naseerabad districts", "the Ravi river")."""
    for word in scan.words:
        if word.is_capitalised or word.folded not in KIND_AFTER:
            continue
        kind = KIND_AFTER[word.folded]
        for member in _names_before(scan, word.start, plural=word.folded in _PLURAL):
            if not reads_as_a_name(scan, member, is_demonym, kind in _COMMON_WORDS_ALLOWED):
                continue
            name = folded(member)
            known = _known(scan, name, kind)
            if known is not None:
                scan.add(Found(member[0].start, member[-1].end, Finder.GAZETTEER, known))
                continue
            named.setdefault(name, (*name, kind))
            scan.add(Found(member[0].start, member[-1].end, Finder.CONTEXT, named[name]))


def _kind_before(scan: Scan, is_demonym: Callable[[str], bool], named: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """Names after a kind of settlement ("the village of Cellardyke", "four villages: Kampungu, ...")."""
    for word in scan.words:
        if word.folded not in KIND_BEFORE:  # capitalised too: "Residents of Loretto and Raywick said"
            continue
        for member in _names_after(scan, word):
            if not reads_as_a_name(scan, member, is_demonym, feature=False):
                continue
            name = folded(member)
            known = scan.lookup is not None and scan.lookup(name) is not None
            if not known:
                named.setdefault(name, name)
            scan.add(Found(member[0].start, member[-1].end, Finder.GAZETTEER if known else Finder.CONTEXT, name))


def _defined(scan: Scan, is_demonym: Callable[[str], bool], named: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """Names the gazetteer does not know that the text defines as places ("Lujhu is a rural
    township"); a person described ("Santosh Mishra, a villager in ...") is none."""
    for _, run in scan.capitalised_sequences():
        run = run[1:] if run[0].folded == "the" else run
        if not run or not defined_as_place(scan.text, run[-1].end):
            continue
        if scan.blocked_by(run[0].start, run[-1].end) == "PERSON":
            continue
        name = folded(run)
        if reads_as_a_name(scan, run, is_demonym, feature=False) and (scan.lookup is None or scan.lookup(name) is None):
            named.setdefault(name, name)
            scan.add(Found(run[0].start, run[-1].end, Finder.CONTEXT, name))


#: Kinds of settlement written before "of" and a name, or a list after a plural ("the village of
#: Cellardyke", "the villages of Bumbacari and Dudescu", "four villages: Kampungu, Makonono and
#: Mombo"): the names are places, known to the gazetteer or not.
_SETTLEMENTS = ("town", "village", "city", "hamlet", "township", "suburb", "settlement", "community", "island")
KIND_BEFORE: dict[str, bool] = {**dict.fromkeys(_SETTLEMENTS, False), **dict.fromkeys(
    ("towns", "villages", "cities", "hamlets", "townships", "suburbs", "settlements", "communities", "islands",
     "residents", "inhabitants"), True)}


def _names_after(scan: Scan, kind: Token) -> list[list[Token]]:
    """The name after "<kind> of", or the list of names after "<kinds> of" or "<kinds>:"."""
    plural = KIND_BEFORE[kind.folded]
    opening = (_PLURAL_OPENING if plural else _SINGULAR_OPENING).match(scan.text, kind.end)
    if opening is None:
        return []
    names = _AFTER_LIST if plural else _AFTER_ONE
    match = names.match(scan.text, opening.end())
    if match is None:
        return []
    out = []
    for name in re.finditer(_NAME, match.group(0)):
        start, end = match.start() + name.start(), match.start() + name.end()
        run = [scan.words[i] for i in scan.indices(start, end)]
        if run and not (len(run) == 1 and run[0].folded in ("and", "or")):
            out.append(run)
    return out


#: A name of up to four capitalised words, and a list of them before a kind word.
_NAME = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}"
_BETWEEN = r"(?:[ \t]*,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+)"
_LISTED = re.compile(rf"(?<![\w'’.-])(?:{_NAME}{_BETWEEN})*{_NAME}[ \t]$")
_SINGLE = re.compile(rf"(?<![\w'’.-]){_NAME}[ \t]$")
_SINGULAR_OPENING = re.compile(r"[ \t]+of[ \t]+")
_PLURAL_OPENING = re.compile(r"[ \t]+of[ \t]+|[ \t]*:[ \t]*")
_AFTER_ONE = re.compile(rf"{_NAME}(?![\w'’-])")
_AFTER_LIST = re.compile(rf"{_NAME}(?:{_BETWEEN}{_NAME})*(?![\w'’-])")
#: How far before a kind word its list may begin.
_LIST_REACH = 160


def _names_before(scan: Scan, at: int, plural: bool) -> list[list[Token]]:
    """The names right before the kind word at *at*: the one name, or the whole list before a
    plural ("Henry, Weakley and Carroll counties"), whoever found its names already; as runs of
    the article's words, "the" or "The" left out."""
    begin = max(0, at - _LIST_REACH)
    match = (_LISTED if plural else _SINGLE).search(scan.text, begin, at)
    if match is None:
        return []
    out = []
    for name in re.finditer(_NAME, scan.text[match.start() : match.end()]):
        start, end = match.start() + name.start(), match.start() + name.end()
        run = [scan.words[i] for i in scan.indices(start, end)]
        if run and run[0].folded == "the":
            run = run[1:]
        if run and not (len(run) == 1 and run[0].folded in ("and", "or")):
            out.append(run)
    return out


def _known(scan: Scan, name: tuple[str, ...], kind: str) -> tuple[str, ...] | None:
    """The key of a division the gazetteer knows by *name* and *kind* ("Allen and Auglaize
    counties": Allen County), or by *name* alone ("the Ada municipality": the town, whose repeats
    follow it); None for a feature or an unknown name."""
    if kind in _FEATURES or scan.lookup is None:
        return None
    if scan.lookup((*name, kind)) is not None:
        return (*name, kind)
    hit = scan.lookup(name)
    if hit is None or (kind == "valley" and hit.kind not in ("region", "district")):
        return None  # "the Wachau valley" is no village of Wachau; "the Colchagua valley" is its province
    return name


def reads_as_a_name(scan: Scan, run: Sequence[Token], is_demonym: Callable[[str], bool], feature: bool) -> bool:
    """Whether *run* reads as a name a kind of place may follow: free, not a word of the
    calendar, a title, a direction or a demonym ("Kurdish region", "Western states"), nor, before
    a kind of division, a common English word standing alone ("Gulf states", "Republican
    districts"; a river or a valley may have one: "the Swat valley")."""
    if not run:
        return False
    start, end = run[0].start, run[-1].end
    if not scan.free(start, end) or scan.blocked_by(start, end, strictly=True):
        return False
    words = [t.folded for t in run]
    if words[-1] in STREET_HEADS or words[-1] in FACILITY_HEADS:
        return False  # "Manuel Seoane Avenue", "the Civic Center": a street or a building
    bad = CALENDAR | TITLES | FUNCTION_WORDS | ORG_WORDS | POSITION_WORDS
    if any(w in bad or is_demonym(w) or w.endswith(_ADJECTIVE_ENDINGS) or scan.country_of((w,)) for w in words):
        return False
    if len(run) == 1 and (run[0].is_upper or len(words[0]) < 3):
        return False
    # Before a division's kind, common words and letters are no name ("the Tiny Class B region").
    return feature or not all(is_common_word(t.text) or len(t.text) < 2 for t in run)


def _repeats(scan: Scan, named: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """The names' other occurrences, alone or after "the" ("The Ravi was expected to crest")."""
    for _, run in scan.capitalised_sequences():
        if run[0].folded == "the" and len(run) > 1:
            run = run[1:]
        key = named.get(folded(run))
        if key is not None and scan.free(run[0].start, run[-1].end):
            scan.add(Found(run[0].start, run[-1].end, Finder.CONTEXT, key))
