"""Names the text places itself: "Medina is a small community in Outagamie County, Wisconsin",
"Balintawak, Quezon City", "Abu Shok camp in El Fasher".

The offline gazetteer knows towns of 500 people or more; a hamlet the text
defines as a place in a county it names may be missing, and its namesakes lie
elsewhere. Such a name is placed at that county (which the gazetteer knows),
with the confidence such placements earn, rather than at a namesake far away.
A name the gazetteer does not know at all, written right before a town or
county it knows ("X, Y" or "X in Y"), is placed at that town or county.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..find.rules import defined_as_place
from ..find.words import PLACE_HEADS
from ..measure.distance import WGS84
from ..model import Mention, Place, Resolution, Source
from ..text.normalise import fold, slugify
from .calibration import calibrated
from .gazetteer import Gazetteer
from .gazetteer_features import short_division

__all__ = ["placed_by_definition", "placed_by_qualifier", "written_before_a_name", "SAME_PLACE_KM", "QUALIFIER_CONFIDENCE"]

#: A namesake this close to the county's point is taken to be in it.
SAME_PLACE_KM = 40.0
#: Resolutions of the place written right after a name (or of the county the text puts it in)
#: that can stand for it.
QUALIFIER_CONFIDENCE = 0.5
#: Between an unknown name and the town it lies in: a comma, or "in" after an optional place noun ("camp").
_QUALIFIED = re.compile(
    rf"\s*,\s*(?:(?:just\s+)?(?:near|outside|on\s+the\s+(?:\w+\s+)?(?:edge|edges|outskirts)\s+of)\s+)?"
    rf"|(?:\s+(?:{'|'.join(sorted(PLACE_HEADS))}))?\s+(?:in|near|outside)\s+(?:the\s+)?"
)
#: A namesake that the text's host town outweighs: this far from the host, and no surer than this.
FAR_FROM_HOST_KM = 161.0
DOUBTFUL = 0.75
def _county_after(index: int, mentions: Sequence[Mention], answers: dict[int, Resolution],
                  kinds: frozenset[str] = frozenset({"district"})) -> Place | None:
    """The first county or district (or place of *kinds*) resolved in the same sentence after
    mention *index*."""
    sentence = mentions[index].sentence
    for j in range(index + 1, len(mentions)):
        if mentions[j].sentence != sentence:
            break
        place = answers[j].place
        if place is not None and place.kind in kinds and answers[j].backend == Source.GEONAMES:
            return place
    return None


#: What an unknown name the text defines as a place may be placed at ("Mabvuku, a suburb east of Harare").
_HOSTS = frozenset({"district", "city", "capital"})


def _inside(place: Place | None, county: Place, gazetteer: Gazetteer) -> bool:
    """Whether the resolved *place* lies in *county* (by the county it is recorded in, or nearby)."""
    if place is None:
        return False
    if WGS84.inv(place.lon, place.lat, county.lon, county.lat)[2] / 1000.0 <= SAME_PLACE_KM:
        return True
    entry = gazetteer.by_id(place.geonameid) if place.geonameid else None
    return entry is not None and fold(short_division(entry.district)) == fold(short_division(county.name))


def placed_by_definition(
    text: str, mentions: Sequence[Mention], answers: dict[int, Resolution], gazetteer: Gazetteer
) -> dict[int, Resolution]:
    """*answers*, where a name the text defines as a place in a county it names ("X is a
    town in Y County") and whose resolution lies outside that county (or is missing) is
    placed at the county instead, in every mention of the name."""
    out = dict(answers)
    done: set[str] = set()
    for index, mention in enumerate(mentions):
        if mention.place_id or not mention.locates or mention.key in done or not defined_as_place(text, mention.end):
            continue
        done.add(mention.key)
        answer = answers[index]
        if answer.place is not None and answer.place.kind not in ("city", "capital"):
            continue
        county = _county_after(index, mentions, answers, _HOSTS if answer.place is None else frozenset({"district"}))
        if county is None or county.confidence < QUALIFIER_CONFIDENCE or _inside(answer.place, county, gazetteer):
            continue  # no county, a doubtful one (a namesake abroad), or the town is in it
        place = Place(
            id=f"{slugify(mention.text) or 'place'}-{slugify(county.name)}", name=mention.text, kind="city",
            lat=county.lat, lon=county.lon, country=county.country, source=Source.GEONAMES,
            confidence=_placed_confidence(county.country),
        )
        elsewhere = f"; its namesake {answer.place.name}, {answer.place.country} lies elsewhere" if answer.place else ""
        what = "the county" if county.kind == "district" else "the town"
        reason = f"placed at {county.name}, {what} the text puts it in (not in the gazetteer there{elsewhere})"
        for k, other in enumerate(mentions):
            # A mention its own words place elsewhere ("the city of Medina in Saudi Arabia") stays.
            if other.key == mention.key and not other.place_id and _same_namesake(answers[k], answer):
                out[k] = Resolution(other.key, place, Source.GEONAMES, reason)
    return out


def _same_namesake(answer: Resolution, first: Resolution) -> bool:
    """Whether *answer* is unresolved or the namesake the defined mention's *first* answer was."""
    return answer.place is None or first.place is None or answer.place.geonameid == first.place.geonameid


def _placed_confidence(country: str) -> float:
    return round(calibrated(1.0, "city", country, placed=True), 3)


def written_before_a_name(text: str, end: int) -> bool:
    """Whether the name that ends at *end* is written right before another ("X, Y", "X camp in Y")."""
    match = _QUALIFIED.match(text, end)
    return match is not None and text[match.end() : match.end() + 1].isupper()


def placed_by_qualifier(
    text: str, mentions: Sequence[Mention], answers: dict[int, Resolution]
) -> dict[int, Resolution]:
    """*answers*, where a name nothing resolved, written right before a town or county that
    is resolved ("Balintawak, Quezon City", "Abu Shok camp in El Fasher"), is placed there,
    in every mention of the name."""
    out = dict(answers)
    for index in range(len(mentions) - 1):
        mention, after = mentions[index], mentions[index + 1]
        host, gap = answers[index + 1].place, text[mention.end : after.start]
        if (mention.place_id or not mention.locates or host is None or host.kind not in ("city", "capital", "district")
                or host.confidence < QUALIFIER_CONFIDENCE or not _QUALIFIED.fullmatch(gap)):
            continue
        if not _unplaced(out[index].place, host, said=bool(gap.strip(" ,"))):
            continue
        first = out[index].place
        place = Place(
            id=f"{slugify(mention.text) or 'place'}-{slugify(host.name)}", name=mention.text, kind="city",
            lat=host.lat, lon=host.lon, country=host.country, source=Source.GEONAMES,
            confidence=_placed_confidence(host.country),
        )
        reason = f"not in the gazetteer: placed at {host.name}, written right after it"
        if first is not None:
            reason = (f"placed at {host.name}, written right after it; its namesake {first.name}, {first.country} "
                      f"(confidence {first.confidence:.2f}) lies elsewhere")
        for k, other in enumerate(mentions):
            if other.key == mention.key and not other.place_id and _same_place(out[k].place, first):
                out[k] = Resolution(other.key, place, Source.GEONAMES, reason)
    return out


def _unplaced(place: Place | None, host: Place, said: bool) -> bool:
    """Whether a name's resolution leaves it to the town the text writes it at: none, or a
    namesake far from that town, doubtful where a comma alone stands between them ("Paris,
    London and Rome" is a list), whatever its confidence where words say where it lies
    ("Shahdara, on the northern edge of Lahore" is no Shahdara of Delhi)."""
    if place is None:
        return True
    if place.kind not in ("city", "capital", "district") or (place.confidence >= DOUBTFUL and not said):
        return False
    return WGS84.inv(place.lon, place.lat, host.lon, host.lat)[2] / 1000.0 > FAR_FROM_HOST_KM


def _same_place(place: Place | None, first: Place | None) -> bool:
    return place is None if first is None else place is not None and place.id == first.id
