"""Find distance claims in an article (pure).

A claim is a number with a unit of distance, an optional hedge before it
("about", "almost", "more than"), an optional direction after it ("north of",
"NNE of"), and two places: the *subject*, a place named before the number in
the sentence (or the story's focus), and the *reference*, the place after "of"
or "from" (or, after "away", the article's focus or the place the text was
about). "Between A and B" names both. Lengths that are not distances between
places ("a 40 km border", "100 km long", "60 km/h") are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, Claim, Mention
from ..text.sentences import sentence_spans
from .numbers import NUMBER_PATTERN, parse_number

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

__all__ = ["find_claims", "UNITS_KM", "DIRECTIONS"]

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


def placed_between(placed: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """The mentions of *placed* (sorted by start) that lie within ``[start, end)``."""
    out = []
    for index in range(_index(placed, start), len(placed)):
        mention = placed[index]
        if mention.start >= end:
            break
        if mention.end <= end:
            out.append(mention)
    return out


def _index(placed: Sequence[Mention], start: int) -> int:
    """The first position whose mention starts at or after *start* (binary search)."""
    low, high = 0, len(placed)
    while low < high:
        middle = (low + high) // 2
        if placed[middle].start < start:
            low = middle + 1
        else:
            high = middle
    return low


def find_claims(article: Article, mentions: Sequence[Mention], focus: str | None = None) -> tuple[Claim, ...]:
    """Every distance claim in *article*, given its resolved *mentions*.

    *focus* is the story's focus place id: the subject when a sentence names
    none, and the reference of a bare "away" when the article names it.
    """
    text = article.text
    placed = sorted((m for m in mentions if m.place_id), key=lambda m: m.start)
    article_places = {m.place_id for m in placed}
    claims: list[Claim] = []
    for sentence in sentence_spans(text):
        if article.in_debris(sentence.start, sentence.end):
            continue
        previous: Claim | None = None
        for match in _EXPRESSION.finditer(text, sentence.start, sentence.end):
            claim = _claim(article, text, sentence.start, sentence.end, match, placed, focus, article_places, previous)
            if claim is not None:
                claims.append(claim)
                previous = claim
        claims.extend(_proximities(article, text, sentence.start, sentence.end, placed, focus, article_places))
    return tuple(sorted(claims, key=lambda c: (c.start, c.end)))


def _proximities(article, text, s_start, s_end, placed, focus, article_places):
    """"its proximity to China", "near the border with China": measured, not judged."""
    in_sentence = [m for m in placed_between(placed, s_start, s_end) if m.role != "associative"]
    for index, mention in enumerate(in_sentence):
        lead = text[max(s_start, mention.start - 40) : mention.start]
        near = _NEAR.search(lead)
        if near is None:
            continue
        start = mention.start - len(lead) + near.start()
        before = [m for m in in_sentence[:index] if m.place_id != mention.place_id]
        subject = before[-1].place_id if before else (focus if focus in article_places else None)
        if subject is None or subject == mention.place_id:
            continue
        yield Claim(
            article=article.name,
            start=min(start, before[-1].start) if before else start,
            end=mention.end,
            quote=" ".join(text[min(start, before[-1].start) if before else start : mention.end].split()),
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


def _claim(article, text, s_start, s_end, match, placed, focus, article_places, previous=None) -> Claim | None:
    unit_text = match.group("unit")
    unit = unit_text.casefold()
    if unit == "m" and not match.group("link"):
        return None  # "5m" is too often money or people
    if unit_text == "M":
        return None  # "5M": millions
    tail = text[match.end("unit") : s_end]
    if _NOT_A_DISTANCE.match(tail):
        return None
    if re.search(r"[$£€¥]\s*$", text[max(s_start, match.start("num1") - 2) : match.start("num1")]):
        return None  # "$5m", "£5m": money
    low = parse_number(match.group("num1"))
    high = parse_number(match.group("num2")) if match.group("num2") else low
    if low is None or high is None or low <= 0:
        return None
    factor = UNITS_KM.get(unit.rstrip("."), UNITS_KM.get(unit))
    if factor is None:
        return None
    low_km, high_km = sorted((low * factor, high * factor))
    hedge = (match.group("hedge") or "").casefold()
    bound = "range" if match.group("num2") else HEDGES.get(hedge, "exact")
    direction_word = match.group("direction")
    direction = DIRECTIONS.get(direction_word.casefold(), DIRECTIONS.get(direction_word)) if direction_word else None
    link = re.sub(r"\s+", " ", (match.group("link") or "").casefold())
    if direction_word and not link:
        # "40 km north" with nothing after: a heading, not a relation to a place.
        direction = None

    in_sentence = placed_between(placed, s_start, s_end)
    # Demonyms and possessives ("Israeli jets", "Pakistan's largest city") are not the place measured.
    literal = [m for m in in_sentence if m.role != "associative" and text[m.end : m.end + 2] not in ("'s", "\u2019s")]
    before = [m for m in literal if m.end <= match.start()]
    after = [m for m in in_sentence if m.start >= match.end() and m.role != "associative"]
    subject: Mention | None = None
    reference: Mention | None = None
    between = next((m for m in reversed(before) if _BETWEEN.search(text[s_start : m.start])), None)
    if between is not None:
        pair = [m for m in in_sentence if m.start >= between.start][:2]
        if (
            len(pair) == 2
            and re.fullmatch(r"\s*(?:and|&)\s*", text[pair[0].end : pair[1].start])
            and match.start() - pair[1].end <= 40
            and not re.search(r"[;:]", text[pair[1].end : match.start()])
            and not any(pair[1].end <= m.start < match.start() for m in in_sentence)
        ):
            subject, reference = pair
    if subject is None and link == "apart" and len(before) >= 2 and re.fullmatch(
        r"\s*(?:and|&)\s*", text[before[-2].end : before[-1].start]
    ):
        subject, reference = before[-2], before[-1]  # "A and B are 50 km apart"
    if subject is None:
        if link in ("of", "from", "away from", "outside", "off", "inland from", "beyond"):
            gap = text[match.end() : after[0].start] if after else ""
            if after and len(gap.split()) <= 4:
                reference = after[0]
            elif link in ("of", "off") and not re.match(r"\s+(?:the\s+)?[A-Z]", text[match.end() : match.end() + 40]):
                return None  # "600 km of new roads": no name after "of"
        if previous is not None and re.match(r"\s*,?\s*(?:and|while|but)\b", text[previous.end : match.start()]):
            subject = next((m for m in before if m.place_id == previous.subject), None)  # "… of A and 1,400 km from B"
        if subject is None:
            subject = next((m for m in reversed(before) if reference is None or m.place_id != reference.place_id), None)
    subject_id = subject.place_id if subject else None
    reference_id = reference.place_id if reference else None
    if reference_id is None and link == "away":
        # "lies almost 2,000 kilometres away": from what the article is about.
        if focus and focus in article_places and focus != subject_id:
            reference_id = focus
    if subject_id is None and focus and focus in article_places and focus != reference_id and _REFERS_BACK.match(
        text[s_start : match.start()]
    ):
        subject_id = focus  # "It lies 40 km north of Kabul", "The base is …"
    if subject_id is None and reference_id is None and not link:
        return None  # a number of kilometres with no place around it
    window = text[max(s_start, match.start() - 60) : min(s_end, match.end() + 40)]
    not_geodesic = ""
    if _ROAD.search(window):
        not_geodesic = "a road or travel distance, not a straight line"
    elif _REACH.search(text[max(s_start, match.start() - 30) : min(s_end, match.end() + 20)]):
        not_geodesic = "a range or reach, not a distance between two places"
    start = min([match.start()] + ([subject.start] if subject else []))
    end = max([match.end()] + ([reference.end] if reference else []))
    end = end if end <= s_end else s_end
    quote = " ".join(text[start:end].split())
    return Claim(
        article=article.name,
        start=start,
        end=end,
        quote=quote,
        subject=subject_id,
        reference=reference_id,
        stated_km=round((low_km + high_km) / 2, 6),
        stated_low_km=round(low_km, 6),
        stated_high_km=round(high_km, 6),
        unit=unit,
        number_text=text[match.start("num1") : match.end("unit")],
        hedge=hedge,
        bound=bound,
        direction=direction,
        not_geodesic=not_geodesic,
    )
