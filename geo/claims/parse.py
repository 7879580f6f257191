"""Find distance claims in an article (pure).

A claim is a number with a unit of distance, an optional hedge before it
("about", "almost", "more than"), an optional direction after it ("north of",
"NNE of"), and two places: the *subject*, a place named before the number in
the sentence (or the story's focus), and the *reference*, the place after "of"
or "from" (or, after "away", the article's focus or the place the text was
about). "Between A and B" names both. Lengths that are not distances between
places ("a 40 km border", "100 km long", "60 km/h") are not claims.

Sentences are read one at a time, outside page furniture. Each match of the
distance expression goes through small steps: is it a distance at all and how
many kilometres (:func:`_stated_km`), which mentions are its ends
(:func:`_ends`), and may the story's focus stand in for a missing end
(:func:`_end_ids`). Proximities without a number come from :func:`_proximities`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model import Article, Claim, Mention
from ..text.sentences import sentence_spans
from ..text.spans import starting_from
from .edges import EdgeRead, edge_after_unit, edge_phrases
from .numbers import NUMBER_PATTERN, parse_number

__all__ = ["find_claims", "HEDGES", "UNITS_KM", "DIRECTIONS"]

#: Hedge words and the kind of bound each puts on a distance.
HEDGES: dict[str, str] = {
    "about": "approx", "around": "approx", "roughly": "approx", "some": "approx", "approximately": "approx",
    "approx.": "approx", "approx": "approx", "close to": "approx", "an estimated": "approx", "circa": "approx",
    "nearly": "below", "almost": "below", "just under": "below", "not quite": "below",
    "over": "above", "more than": "above", "at least": "above", "just over": "above", "upwards of": "above",
    "beyond": "above",
    "less than": "at_most", "under": "at_most", "within": "at_most", "up to": "at_most", "at most": "at_most",
    "no more than": "at_most", "fewer than": "at_most",
}

#: Kilometres per unit (international mile; international nautical mile).
UNITS_KM = {
    "km": 1.0, "kms": 1.0, "kilometre": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometers": 1.0,
    "mile": 1.609344, "miles": 1.609344, "mi": 1.609344,
    "nautical mile": 1.852, "nautical miles": 1.852, "nmi": 1.852,
    "metre": 0.001, "metres": 0.001, "meter": 0.001, "meters": 0.001, "m": 0.001,
}
_UNIT = r"(?:nautical miles?|nmi|kilometres?|kilometers?|kms?|miles?|mi|metres?|meters?|m)"

#: Direction words and their 16-point compass abbreviation.
DIRECTIONS = {
    "north": "N", "south": "S", "east": "E", "west": "W",
    "north-east": "NE", "northeast": "NE", "north east": "NE",
    "north-west": "NW", "northwest": "NW", "north west": "NW",
    "south-east": "SE", "southeast": "SE", "south east": "SE",
    "south-west": "SW", "southwest": "SW", "south west": "SW",
    "north-northeast": "NNE", "north-north-east": "NNE", "east-northeast": "ENE", "east-north-east": "ENE",
    "east-southeast": "ESE", "east-south-east": "ESE", "south-southeast": "SSE", "south-south-east": "SSE",
    "south-southwest": "SSW", "south-south-west": "SSW", "west-southwest": "WSW", "west-south-west": "WSW",
    "west-northwest": "WNW", "west-north-west": "WNW", "north-northwest": "NNW", "north-north-west": "NNW",
    **{a: a for a in ("N", "S", "E", "W", "NE", "NW", "SE", "SW", "NNE", "ENE", "ESE", "SSE", "SSW", "WSW", "WNW", "NNW")},
}
_DIRECTION = "|".join(sorted((re.escape(d) for d in DIRECTIONS), key=len, reverse=True))
_HEDGE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))

_EXPRESSION = re.compile(
    rf"(?:\b(?P<hedge>{_HEDGE})\s+)?"
    rf"(?P<num1>{NUMBER_PATTERN})"
    rf"(?:\s*(?:-|–|—|to|and)\s*(?P<num2>{NUMBER_PATTERN}))?"
    rf"\s*-?\s*(?P<unit>{_UNIT})\b\.?"
    rf"(?:\s*\((?:[^()]{{0,30}})\))?"  # "40 km (25 miles)"
    rf"(?P<after>(?:\s+(?:to\s+the\s+)?(?P<direction>{_DIRECTION})(?![\w-]))?"
    rf"(?:\s+(?P<link>inland\s+from|away\s+from|outside|beyond|away|from|off|of|apart)\b)?)",
    re.IGNORECASE,
)
# After the unit: a length, an area, a speed, a size: not a distance between places.
_NOT_A_DISTANCE = re.compile(
    r"^\s*(?:-?\s*(?:long|wide|deep|high|tall|thick|across|in\s+(?:length|diameter|width|radius))\b|/|per\b|an?\s+hour|"
    r"square|sq\b|²|2\b|(?:of|-long)\s+(?:the\s+|new\s+|flooded\s+|paved\s+|its\s+)?(?:road|roads|"
    r"border(?!\s+(?:with|of)\b)|borders|coast|coastline|track|pipeline|fence|wall|highway|highways|railway|railways|"
    r"river|tunnel|trench|frontier|runway|runways|line|lines|territory|range|aid|funding|trenches)\b|"
    r"(?:road|border|coast|coastline|pipeline|fence|wall|highway|railway|tunnel|frontier|runway|stretch|"
    r"radius|zone|buffer|corridor|perimeter|circumference)\b)",
    re.IGNORECASE,
)
_ROAD = re.compile(r"\b(?:drive|driving|by road|by car|road trip|on foot|walk|walking|ride|by train|by rail|trek)\b", re.IGNORECASE)
_REACH = re.compile(r"\b(?:range|reach|radius)\b", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s*$", re.IGNORECASE)
_NEAR = re.compile(
    r"\b(?:(?:proximity|closeness|nearness)\s+to|(?:close|next)\s+to|near(?:\s+the\s+border\s+(?:with|of))?|"
    r"border(?:s|ing)?\s+(?:with\s+)?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_REFERS_BACK = re.compile(
    r"\s*(?:it|the\s+(?:base|facility|airfield|airport|site|town|city|village|camp|compound|installation))\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[$£€¥]\s*$")
_AND = re.compile(r"\s*(?:and|&)\s*")
_SEMICOLON_OR_COLON = re.compile(r"[;:]")
_GOES_ON = re.compile(r"\s*,?\s*(?:and|while|but)\b")
_NAME_AFTER = re.compile(r"\s+(?:the\s+)?[A-Z]")
_SPACES = re.compile(r"\s+")
#: Links after which the place measured from is named.
_FROM_LINKS = ("of", "from", "away from", "outside", "off", "inland from", "beyond")
_POSSESSIVES = ("'s", "\u2019s")
_ROAD_DISTANCE = "a road or travel distance, not a straight line"
_REACH_DISTANCE = "a range or reach, not a distance between two places"


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence of an article, with what its claims are read against."""

    article: Article
    start: int
    end: int
    #: The resolved mentions inside the sentence, by start.
    mentions: tuple[Mention, ...]
    #: The story's focus place, when the article names it.
    focus: str | None

    @property
    def text(self) -> str:
        return self.article.text


def placed_between(placed: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """The mentions of *placed* (sorted by start) that lie within ``[start, end)``."""
    out = []
    for index in range(starting_from(placed, start, key=_start), len(placed)):
        mention = placed[index]
        if mention.start >= end:
            break
        if mention.end <= end:
            out.append(mention)
    return out


def _start(mention: Mention) -> int:
    return mention.start


def find_claims(article: Article, mentions: Sequence[Mention], focus: str | None = None) -> tuple[Claim, ...]:
    """Every distance claim in *article*, given its resolved *mentions*.

    *focus* is the story's focus place id: the subject when a sentence names
    none, and the reference of a bare "away" when the article names it.
    """
    placed = sorted((m for m in mentions if m.place_id), key=_start)
    named_focus = focus if focus in {m.place_id for m in placed} else None
    claims: list[Claim] = []
    for span in sentence_spans(article.text):
        if article.in_debris(span.start, span.end):
            continue
        in_sentence = tuple(placed_between(placed, span.start, span.end))
        sentence = _Sentence(article, span.start, span.end, in_sentence, named_focus)
        claims.extend(_distances(sentence))
        claims.extend(_proximities(sentence))
    return tuple(sorted(claims, key=lambda c: (c.start, c.end)))


def _distances(sentence: _Sentence) -> Iterator[Claim]:
    """The claims of the sentence that state a distance, in order."""
    previous: Claim | None = None
    for match in _EXPRESSION.finditer(sentence.text, sentence.start, sentence.end):
        claim = _claim(sentence, match, previous)
        if claim is not None:
            yield claim
            previous = claim


def _proximities(sentence: _Sentence) -> Iterator[Claim]:
    """"its proximity to China": measured, not judged; "on the border with Egypt", "near the
    Chinese border": judged against the border (:mod:`geo.claims.edges`)."""
    text = sentence.text
    edges = edge_phrases(text, sentence.start, sentence.end, sentence.mentions)
    yield from _border_proximities(sentence, edges)
    at_edges = {id(mention) for _, mention, _ in edges}
    located = [m for m in sentence.mentions if m.locates]
    for index, mention in enumerate(located):
        if id(mention) in at_edges:
            continue
        lead = text[max(sentence.start, mention.start - 40) : mention.start]
        near = _NEAR.search(lead)
        if near is None:
            continue
        start = mention.start - len(lead) + near.start()
        before = [m for m in located[:index] if m.place_id != mention.place_id]
        subject = before[-1].place_id if before else sentence.focus
        if subject is None or subject == mention.place_id:
            continue
        if before:
            start = min(start, before[-1].start)
        yield Claim(
            article=sentence.article.name,
            start=start,
            end=mention.end,
            quote=" ".join(text[start : mention.end].split()),
            subject=subject,
            reference=mention.place_id,
            stated_km=None,
            stated_low_km=None,
            stated_high_km=None,
            unit="",
            number_text="",
            hedge=near.group(0).strip().casefold(),
            bound="near",
            direction=None,
        )


def _border_proximities(sentence: _Sentence, edges: list[tuple[str, Mention, int]]) -> Iterator[Claim]:
    """"Rafah, on the border with Egypt": the place before the phrase is within a tolerance
    of the border of the country named."""
    text = sentence.text
    for kind, country, start in edges:
        before = [m for m in sentence.mentions
                  if m.locates and m.end <= start and m.place_id != country.place_id]
        subject = before[-1] if before else None
        subject_id = subject.place_id if subject is not None else sentence.focus
        if subject_id is None or subject_id == country.place_id:
            continue
        end = country.end
        word = re.match(r"(?:['\u2019]s)?\s+(?:land\s+)?(?:border|frontier)\b", text[end : sentence.end], re.IGNORECASE)
        if word is not None:
            end += word.end()
        first = min(start, subject.start) if subject is not None else start
        yield Claim(
            article=sentence.article.name, start=first, end=end, quote=" ".join(text[first:end].split()),
            subject=subject_id, reference=country.place_id, stated_km=None, stated_low_km=None, stated_high_km=None,
            unit="", number_text="", hedge=text[start : start + 12].split()[0].casefold(), bound="near",
            direction=None, edge=kind,
        )


def _claim(sentence: _Sentence, match: re.Match[str], previous: Claim | None) -> Claim | None:
    """The claim *match* makes, or ``None`` when it is not a distance between places.

    *previous* is the last claim found earlier in the sentence.
    """
    stated = _stated_km(sentence, match)
    if stated is None:
        return None
    link = _SPACES.sub(" ", (match.group("link") or "").casefold())
    edge = edge_after_unit(sentence.text, match.end("unit"), sentence.end, sentence.mentions)
    if edge is not None:
        return _edge_claim(sentence, match, stated, edge, link)
    ends = _ends(sentence, match, link, previous)
    if ends is None:
        return None
    subject, reference = ends
    subject_id, reference_id = _end_ids(sentence, match, link, subject, reference)
    carried = _carried_reference(match, link, subject_id, reference_id, previous)
    if carried is not None:
        reference_id, link = carried, "of"  # "Kyiv, 400 km west of Kharkiv, and Poltava, 140 km to the south-west"
    if subject_id is None and reference_id is None and not link:
        return None  # a number of kilometres with no place around it
    text = sentence.text
    start = min(match.start(), subject.start) if subject is not None else match.start()
    end = min(max(match.end(), reference.end) if reference is not None else match.end(), sentence.end)
    low_km, high_km = stated
    hedge = (match.group("hedge") or "").casefold()
    return Claim(
        article=sentence.article.name,
        start=start,
        end=end,
        quote=" ".join(text[start:end].split()),
        subject=subject_id,
        reference=reference_id,
        stated_km=round((low_km + high_km) / 2, 6),
        stated_low_km=round(low_km, 6),
        stated_high_km=round(high_km, 6),
        unit=match.group("unit").casefold(),
        number_text=text[match.start("num1") : match.end("unit")],
        hedge=hedge,
        bound="range" if match.group("num2") else HEDGES.get(hedge, "exact"),
        direction=_direction(match, link),
        not_geodesic=_not_geodesic(sentence, match),
    )


def _carried_reference(
    match: re.Match[str], link: str, subject_id: str | None, reference_id: str | None, previous: Claim | None
) -> str | None:
    """The reference of the sentence's previous claim, for a direction stated with no place after
    it ("and for Poltava, some 140 km to the south-west"): the writer measures from the same place."""
    if reference_id is not None or link or previous is None or not match.group("direction"):
        return None
    if previous.reference is None or previous.reference == subject_id or subject_id is None:
        return None
    return previous.reference


def _edge_claim(
    sentence: _Sentence, match: re.Match[str], stated: tuple[float, float], edge: EdgeRead, link: str
) -> Claim:
    """A distance to a border or a coast ("12 km from the Ukrainian border", "20 miles inland")."""
    text = sentence.text
    reference_id = edge.reference.place_id if edge.reference is not None else None
    before = [m for m in sentence.mentions
              if m.locates and m.end <= match.start() and m.place_id != reference_id
              and text[m.end : m.end + 2] not in _POSSESSIVES]
    subject = before[-1] if before else None
    subject_id = subject.place_id if subject is not None else None
    if subject_id is None and sentence.focus not in (None, reference_id) and \
            _REFERS_BACK.match(text[sentence.start : match.start()]):
        subject_id = sentence.focus
    start = min(match.start(), subject.start) if subject is not None else match.start()
    low_km, high_km = stated
    hedge = (match.group("hedge") or "").casefold()
    return Claim(
        article=sentence.article.name, start=start, end=edge.end, quote=" ".join(text[start : edge.end].split()),
        subject=subject_id, reference=reference_id, stated_km=round((low_km + high_km) / 2, 6),
        stated_low_km=round(low_km, 6), stated_high_km=round(high_km, 6), unit=match.group("unit").casefold(),
        number_text=text[match.start("num1") : match.end("unit")], hedge=hedge,
        bound="range" if match.group("num2") else HEDGES.get(hedge, "exact"),
        direction=_direction(match, link) if edge.edge in ("border", "coast") else None,
        not_geodesic=_not_geodesic(sentence, match), edge=edge.edge,
    )


def _stated_km(sentence: _Sentence, match: re.Match[str]) -> tuple[float, float] | None:
    """The stated distance (lowest, highest km), or ``None`` when *match* is not a distance."""
    if _not_a_distance(sentence, match):
        return None
    low = parse_number(match.group("num1"))
    high = parse_number(match.group("num2")) if match.group("num2") else low
    if low is None or high is None or low <= 0:
        return None
    unit = match.group("unit").casefold()
    factor = UNITS_KM.get(unit.rstrip("."), UNITS_KM.get(unit))
    if factor is None:
        return None
    low_km, high_km = sorted((low * factor, high * factor))
    return low_km, high_km


def _not_a_distance(sentence: _Sentence, match: re.Match[str]) -> bool:
    """Whether the number and unit of *match* are money, a count, a length, an area or a speed."""
    text = sentence.text
    unit_text = match.group("unit")
    if unit_text.casefold() == "m" and not match.group("link"):
        return True  # "5m" is too often money or people
    if unit_text == "M":
        return True  # "5M": millions
    if _NOT_A_DISTANCE.match(text[match.end("unit") : sentence.end]):
        return True
    # "$5m", "£5m": money
    return bool(_MONEY.search(text[max(sentence.start, match.start("num1") - 2) : match.start("num1")]))


def _direction(match: re.Match[str], link: str) -> str | None:
    """The compass point of the direction word, if a place follows it."""
    word = match.group("direction")
    if not word or not link:
        return None  # "40 km north" with nothing after: a heading, not a relation to a place.
    return DIRECTIONS.get(word.casefold(), DIRECTIONS.get(word))


def _not_geodesic(sentence: _Sentence, match: re.Match[str]) -> str:
    """Why the distance is not a straight line between places ("" when it is one)."""
    text, start, end = sentence.text, sentence.start, sentence.end
    if _ROAD.search(text[max(start, match.start() - 60) : min(end, match.end() + 40)]):
        return _ROAD_DISTANCE
    if _REACH.search(text[max(start, match.start() - 30) : min(end, match.end() + 20)]):
        return _REACH_DISTANCE
    return ""


def _ends(
    sentence: _Sentence, match: re.Match[str], link: str, previous: Claim | None
) -> tuple[Mention | None, Mention | None] | None:
    """The mentions of the subject and the reference of *match* (either may be missing);
    ``None`` when the words after the unit show it is not a distance between places."""
    text = sentence.text
    # Demonyms and possessives ("Israeli jets", "Pakistan's largest city") are not the place measured.
    before = [
        m for m in sentence.mentions
        if m.locates and text[m.end : m.end + 2] not in _POSSESSIVES and m.end <= match.start()
    ]
    pair = _between(sentence, match, before)
    if pair is None and link == "apart":
        pair = _apart(text, before)
    if pair is not None:
        return pair
    reference = _reference_after(sentence, match, link)
    if reference is None and link in ("of", "off") and not _NAME_AFTER.match(text[match.end() : match.end() + 40]):
        return None  # "600 km of new roads": no name after "of"
    return _subject_before(sentence, match, before, reference, previous), reference


def _between(sentence: _Sentence, match: re.Match[str], before: list[Mention]) -> tuple[Mention, Mention] | None:
    """"between A and B is 300 km": the two places named after "between"."""
    text = sentence.text
    between = next((m for m in reversed(before) if _BETWEEN.search(text[sentence.start : m.start])), None)
    if between is None:
        return None
    pair = [m for m in sentence.mentions if m.start >= between.start][:2]
    if (
        len(pair) == 2
        and _AND.fullmatch(text[pair[0].end : pair[1].start])
        and match.start() - pair[1].end <= 40
        and not _SEMICOLON_OR_COLON.search(text[pair[1].end : match.start()])
        and not any(pair[1].end <= m.start < match.start() for m in sentence.mentions)
    ):
        return pair[0], pair[1]
    return None


def _apart(text: str, before: list[Mention]) -> tuple[Mention, Mention] | None:
    """"A and B are 50 km apart": the last two places before the number."""
    if len(before) >= 2 and _AND.fullmatch(text[before[-2].end : before[-1].start]):
        return before[-2], before[-1]
    return None


def _reference_after(sentence: _Sentence, match: re.Match[str], link: str) -> Mention | None:
    """The place named (within four words) after "of", "from", "off"..."""
    if link not in _FROM_LINKS:
        return None
    after = [m for m in sentence.mentions if m.start >= match.end() and m.locates]
    if after and len(sentence.text[match.end() : after[0].start].split()) <= 4:
        return after[0]
    return None


def _subject_before(
    sentence: _Sentence, match: re.Match[str], before: list[Mention], reference: Mention | None,
    previous: Claim | None,
) -> Mention | None:
    """The place the distance is said of: the last one named before the number, or
    the subject of the previous claim when this one goes on from it with no place named between."""
    named_between = previous is not None and any(previous.end <= m.start < match.start() for m in before)
    if previous is not None and not named_between and _GOES_ON.match(sentence.text[previous.end : match.start()]):
        subject = next((m for m in before if m.place_id == previous.subject), None)  # "… of A and 1,400 km from B"
        if subject is not None:
            return subject
    return next((m for m in reversed(before) if reference is None or m.place_id != reference.place_id), None)


def _end_ids(
    sentence: _Sentence, match: re.Match[str], link: str, subject: Mention | None, reference: Mention | None
) -> tuple[str | None, str | None]:
    """The place ids of the subject and the reference, the story's focus standing in for one."""
    subject_id = subject.place_id if subject is not None else None
    reference_id = reference.place_id if reference is not None else None
    focus = sentence.focus
    if reference_id is None and link == "away" and focus is not None and focus != subject_id:
        reference_id = focus  # "lies almost 2,000 kilometres away": from what the article is about.
    if (
        subject_id is None
        and focus is not None
        and focus != reference_id
        and _REFERS_BACK.match(sentence.text[sentence.start : match.start()])
    ):
        subject_id = focus  # "It lies 40 km north of Kabul", "The base is …"
    return subject_id, reference_id
