"""Find and resolve the place mentions of articles: the geoparser.

:class:`Geoparser` holds what every article shares (the curated aliases, the
offline gazetteer, the geocoder chain, the NER model) and turns one article
into ``(mention, resolution)`` pairs. The evidence used to choose between
namesakes is gathered from the whole article, in three passes:

1. curated places and the countries, states and provinces the article names
   (a name does not vote for itself: "Georgia" beside "Atlanta" and "United
   States" is the state);
2. every other name, with those countries and regions, and with the place
   written right after it ("Paris, Texas");
3. names resolved with low confidence, again, with the places resolved with
   confidence as anchors for spatial coherence.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from ..errors import ConfigError
from ..find.mentions import AREA_KINDS, AliasIndex, GazetteerHit, find_names
from ..find.ner import Entity
from ..find.rules import UNKNOWN_GUESS, defined_as_place
from ..find.words import CALENDAR
from ..ingest.config import Config
from ..ingest.review import DECIDED_NOT_A_PLACE
from ..model import Article, Mention, Place, Resolution, Role, Source
from ..text.english import is_common_word
from ..text.normalise import fold
from .area_parts import MIN_TOWNS, names_a_part
from .calibration import calibrated
from .definitions import placed_by_definition, placed_by_qualifier
from .gazetteer import Gazetteer
from .geocoders import CuratedGeocoder, GeocoderChain, OfflineGeocoder, Query
from .geocoders.offline import best_candidate, place_from_candidate
from .geocoders.online import OnlineGeocoder
from .home import Home, bare_dateline, dateline_at, parse_home
from .second_look import LISTED, among_places, placed_in_the_area_after, placed_with_confidence, settled, worth_trying

__all__ = ["Geoparser", "ANCHOR_CONFIDENCE"]

log = logging.getLogger(__name__)

#: Resolutions at least this confident anchor the spatial coherence of the others.
ANCHOR_CONFIDENCE = 0.8


class Geoparser:
    """Finds the mentions of an article and resolves them through the chain."""

    def __init__(
        self,
        config: Config,
        gazetteer: Gazetteer,
        online: OnlineGeocoder | None = None,
        lock: Mapping[str, int | None] | None = None,
    ) -> None:
        self.config = config
        self.lock = dict(lock or {})
        self.curated = CuratedGeocoder(config.places)
        backends: list = [self.curated, OfflineGeocoder(gazetteer)]
        if online is not None:
            backends.append(online)
        self.chain = GeocoderChain(backends)
        self.aliases = AliasIndex(config.places, config.ignore)
        self.countries = gazetteer.country_names()
        self.gazetteer = gazetteer
        self._hit = lru_cache(maxsize=65536)(self._lookup)
        self._demonym = lru_cache(maxsize=4096)(gazetteer.demonym)
        self._answers: dict[Query, Resolution] = {}
        self.home = _home(config, gazetteer)

    def _lookup(self, key: tuple[str, ...]) -> GazetteerHit | None:
        candidates = self.gazetteer.lookup(key)
        if not candidates and names_a_part(key):
            # "Southern California", "East Texas": the part of an area the gazetteer knows is one name.
            areas = [c for c in self.gazetteer.lookup(key[1:]) if c.kind in ("country", "region") and c.primary
                     and len(self.gazetteer.towns_in(c.country, c.name if c.kind == "region" else "")) >= MIN_TOWNS]
            if areas:
                area = areas[0]
                return GazetteerHit("region", area.country, area.population // 3, f"{key[0].capitalize()} {area.name}",
                                    area.lat, area.lon)
        if not candidates:
            return None
        best = best_candidate(candidates)
        return GazetteerHit(best.kind, best.country, best.population, best.name, best.lat, best.lon)

    def mentions(self, article: Article, entities: Sequence[Entity] = ()) -> tuple[Mention, ...]:
        """The place mentions of *article* and the names set aside (``rejected`` says why)."""
        found, aside = find_names(article, self.aliases, self._hit, self.countries, entities, self._demonym)
        return found + aside

    def parse(self, article: Article, entities: Sequence[Entity] = ()) -> list[tuple[Mention, Resolution]]:
        self._answers.clear()  # answers hold the whole article's text: keep them for one article only
        found = self.mentions(article, entities)
        # The curator's word in the lock beats the finders': "not a place" sets a name aside,
        # a GeoNames id makes a name set aside a place.
        chosen = [replace(m, rejected="") if m.rejected and self.lock.get(m.key) is not None else m for m in found]
        kept = [m for m in chosen if not m.rejected and not (m.key in self.lock and self.lock[m.key] is None)]
        aside = [
            replace(m, rejected=m.rejected or DECIDED_NOT_A_PLACE)
            for m in chosen if m.rejected or (m.key in self.lock and self.lock[m.key] is None)
        ]
        tried = worth_trying(article.text, aside, entities)
        among = among_places(article.text, aside, kept, entities)
        tried |= among
        trial = sorted([*kept, *(replace(m, rejected="") for m in tried.values())], key=lambda m: (m.start, m.end))
        resolved = self.resolve(article.text, trial)
        qualified = {at for at, m in tried.items() if m.rejected != UNKNOWN_GUESS}
        placed = placed_in_the_area_after(article.text, resolved, qualified) | placed_with_confidence(resolved, among)
        pairs = [settled(m, a, tried, placed) for m, a in resolved]
        pairs += [(m, Resolution(m.key, None, "", f"set aside: {m.rejected}"))
                  for m in aside if (m.start, m.end) not in tried]
        return sorted(pairs, key=lambda pair: (pair[0].start, pair[0].end))

    def resolve(self, text: str, mentions: Iterable[Mention]) -> list[tuple[Mention, Resolution]]:
        """Resolve the mentions of one article whose body is *text*."""
        mentions = list(mentions)
        document = fold(text)
        curated = [self.config.place(m.place_id) for m in mentions if m.place_id]
        countries = {p.country for p in curated if p.country}
        votes = self._areas_named(mentions, countries, document)
        regions = {(country, region) for country, region in votes.values() if region}
        qualifiers = self._qualifiers(text, mentions, votes)
        # An area read otherwise after a town ("Atlanta, Georgia", "Georgia" elsewhere the country): in its country.
        readings = {i + 1: (country, "") for i, (country, region) in qualifiers.items()
                    if votes.get(mentions[i + 1].key, ("", ""))[0] != country and i + 1 not in qualifiers}
        areas = _areas(text, mentions, qualifiers, votes) | self._among_siblings(mentions, votes)

        # Countries the article speaks of by their people ("the Ukrainian border"): not evidence
        # for a namesake, but a town there is not at odds with the article.
        spoken_of = frozenset(m.country for m in mentions if m.role == Role.ASSOCIATIVE and m.country)
        seats = _seats_named(text, mentions, votes)

        def query(index: int, home: Home | None, standalone: bool = False) -> Query:
            mention = mentions[index]
            context = frozenset(countries | {c for key, (c, _) in votes.items() if key != mention.key})
            return Query(mention.key, mention.text, context, frozenset(regions), qualifiers.get(index, readings.get(index)),
                         document=document, area=index in areas, home=home, standalone=standalone,
                         spoken_of=spoken_of, acting=mention.role == Role.METONYMIC, seats=seats,
                         divided=bool(_DIVISION_AFTER.match(text, mention.end)))

        # 2. Every name, with the evidence of the whole article; the dateline first, as it sets the home.
        answers: dict[int, Resolution] = {}
        home = self.home
        if mentions and dateline_at(text, mentions[0].start, mentions[0].end):
            # A dateline alone ("LONDON (Reuters) —") is the place known the world over, not a
            # namesake in the story's home; "LONDON, Ky. —" is the home's.
            alone = bare_dateline(text, mentions[0].end)
            answers[0] = self._answer(mentions[0], query(0, None if alone else home, standalone=alone))
            home = self._home_of(answers[0].place) or home
        for index, mention in enumerate(mentions):
            if index not in answers:
                answers[index] = self._answer(mention, query(index, home))
        inferred = None if home is not None else self._home_from_districts(mentions, answers)
        if inferred is not None:  # a local story: its towns again, with the state of its counties as home
            home = inferred
            for index, answer in answers.items():
                if answer.backend == Source.GEONAMES and answer.place is not None and answer.place.kind not in AREA_KINDS:
                    answers[index] = self._answer(mentions[index], query(index, home))

        # 3. Doubtful names again, near the places resolved with confidence.
        anchors = _anchors(answers.values())
        if anchors:
            for index, answer in answers.items():
                if (
                    answer.place is not None
                    and answer.backend == Source.GEONAMES
                    and answer.place.confidence < ANCHOR_CONFIDENCE
                    and answer.place.kind not in AREA_KINDS
                ):
                    answers[index] = self._ask(mentions[index], replace(query(index, home), anchors=anchors))
        # 4. Names the text places in a county the gazetteer has them nowhere in, or right before a town.
        answers = placed_by_definition(text, mentions, answers, self.gazetteer)
        answers = placed_by_qualifier(text, mentions, answers)
        return [(mention, answers[index]) for index, mention in enumerate(mentions)]

    def _areas_named(self, mentions: list[Mention], countries: set[str], document: str) -> dict[str, tuple[str, str]]:
        """1. The countries, states and provinces the article names: ``{key: (country, region or "")}``."""
        votes: dict[str, tuple[str, str]] = {}
        for mention in mentions:
            if mention.place_id is None and mention.locates and mention.key not in votes:
                hit = self._hit(tuple(mention.key.split()))
                if hit is not None and hit.kind in AREA_KINDS:
                    answer = self._ask(mention, Query(mention.key, mention.text, frozenset(countries), document=document,
                                                      area=True, home=self.home))
                    place = answer.place
                    if place is not None and place.kind in ("country", "region") and place.country:
                        votes[mention.key] = (place.country, place.name if place.kind == "region" else "")
        return votes

    def _answer(self, mention: Mention, query: Query) -> Resolution:
        if mention.place_id is not None:
            return Resolution(mention.key, self.config.place(mention.place_id), Source.CURATED, "curated name or alias")
        if mention.role == Role.ASSOCIATIVE:
            return self._country(mention)
        return self._ask(mention, query)

    def _home_from_districts(self, mentions: list[Mention], answers: dict[int, Resolution]) -> Home | None:
        """The home of a local story: the state or province of the counties and districts it
        names with confidence ("Laurel County" makes Kentucky the home), if they agree on one."""
        states: Counter[tuple[str, str]] = Counter()
        seen: set[str] = set()
        for index, answer in answers.items():
            place = answer.place
            if (place is None or place.kind != "district" or answer.backend != Source.GEONAMES
                    or place.confidence < ANCHOR_CONFIDENCE or mentions[index].key in seen):
                continue
            seen.add(mentions[index].key)
            entry = next((c for c in self.gazetteer.lookup(mentions[index].key)
                          if c.kind == "district" and (c.lat, c.lon) == (place.lat, place.lon)), None)
            if entry is not None and entry.region:
                states[(entry.country, entry.region)] += 1
        ranked = states.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
            return None
        (country, region), _ = ranked[0]
        return Home(country=country, region=region)

    def _home_of(self, place: Place | None) -> Home | None:
        """The home an article's dateline sets: its place's state or province, else its country."""
        if place is None or not place.country:
            return None
        if place.kind == "region":
            return Home(country=place.country, region=place.name)
        candidate = self.gazetteer.by_id(place.geonameid) if place.geonameid else None
        return Home(country=place.country, region=candidate.region if candidate is not None else "")

    def _among_siblings(self, mentions: list[Mention], votes: dict[str, tuple[str, str]]) -> set[int]:
        """The mentions that can be a province of a country of which the article names two
        other provinces ("... one in Alberta, one in Ontario and one in Quebec"); for a
        province named like its country's capital, two in the same sentence or the next or
        last one: "the war began in Khartoum" is the capital, in a story that names Red Sea
        and Blue Nile states elsewhere."""
        order = {span: n for n, span in enumerate(sorted({m.sentence for m in mentions}, key=lambda s: s.start))}
        named: dict[tuple[int, str], set[str]] = {}
        for mention in mentions:
            country, region = votes.get(mention.key, ("", ""))
            if region:
                named.setdefault((order[mention.sentence], country), set()).add(region)
        out: set[int] = set()
        for i, mention in enumerate(mentions):
            if mention.place_id is not None:
                continue
            candidates = self.gazetteer.lookup(mention.key)
            capitals = {c.country for c in candidates if c.kind == "capital"}
            here = order[mention.sentence]
            for c in candidates:
                if c.kind != "region":
                    continue
                near = {here - 1, here, here + 1} if c.country in capitals else None
                siblings = set().union(*(regions for (n, country), regions in named.items()
                                         if country == c.country and (near is None or n in near)))
                if len(siblings - {c.name}) >= 2:
                    out.add(i)
        return out

    def _qualifiers(self, text: str, mentions: list[Mention], votes: dict[str, tuple[str, str]]) -> dict[int, tuple[str, str]]:
        """For "Paris, Texas": the country and region of the area named right after a name."""
        out: dict[int, tuple[str, str]] = {}
        for index in range(len(mentions) - 1):
            here, after = mentions[index], mentions[index + 1]
            gap = text[here.end : after.start]
            if after.role == Role.ASSOCIATIVE and after.country and _DEFINED_BY_PEOPLE.fullmatch(gap) \
                    and defined_as_place(text, here.end):
                out[index] = (after.country, "")  # "Bala is a Canadian community": in Canada
                continue
            if not re.fullmatch(r",\s*", gap) and not (re.fullmatch(r"\s+in\s+", gap) and after.key in votes):
                continue  # "Paris, Texas"; "Warwick in Queensland"
            if votes.get(here.key, ("", "-"))[1] == "" and not _abbreviated(after.text):
                continue  # a country is not qualified: "China, Japan and Britain" is a list; "PERU, Ind." is a town
            if (here.key in votes or self._can_be_a_state(here)) and _in_a_list(text, mentions, index, votes):
                continue  # "Georgia, Illinois, Missouri and Ohio": states listed, not a town of Missouri
            if _listed_between(text, mentions, index):
                continue  # "the Zaïre, Bundibugyo, Côte d'Ivoire and Sudan strains": names listed
            if after.key in votes:
                out[index] = self._reading(here, after, votes[after.key])
            elif after.place_id:
                place = self.config.place(after.place_id)
                if place.kind in ("country", "region") and place.country:
                    out[index] = (place.country, place.name if place.kind == "region" else "")
        return out

    def _reading(self, here: Mention, after: Mention, vote: tuple[str, str]) -> tuple[str, str]:
        """The reading of the area after *here* under which *here* has a namesake in it: "Atlanta,
        Georgia" is in the US state even where the article's "Georgia" reads as the country."""
        readings = [vote] + [(c.country, c.name if c.kind == "region" else "")
                             for c in self.gazetteer.lookup(after.key) if c.kind in ("country", "region")]
        towns = self.gazetteer.lookup(here.key)
        for country, region in readings:
            if any(c.country == country and (not region or c.region == region) for c in towns):
                return country, region
        return vote

    def _can_be_a_state(self, mention: Mention) -> bool:
        """Whether *mention* may name a state or province ("Washington")."""
        return any(c.kind == "region" for c in self.gazetteer.lookup(mention.key))

    def _ask(self, mention: Mention, query: Query) -> Resolution:
        locked = self.lock.get(mention.key)
        if locked is not None:
            candidate = self.gazetteer.by_id(locked)
            if candidate is not None:
                place = self.curated.same_as(p := place_from_candidate(candidate, 1.0)) or p
                return Resolution(mention.key, place, "places.lock.yaml", f"chosen in review: GeoNames {locked}")
        answer = self._answers.get(query)
        if answer is None:
            answer = self.chain.geocode(query)
            if answer.place is not None and answer.backend != Source.CURATED:
                same = self.curated.same_as(answer.place)
                if same is not None:
                    answer = Resolution(answer.key, same, Source.CURATED, f"same place as curated {same.id!r}; {answer.reason}")
            self._answers[query] = answer
        return answer

    def _country(self, mention: Mention) -> Resolution:
        """A demonym resolves to its country: the curated one if there is one."""
        for place in self.config.places:
            if place.kind == "country" and place.country == mention.country:
                return Resolution(mention.key, place, Source.CURATED, f"demonym of {place.name}")
        candidate = self.gazetteer.country(mention.country)
        if candidate is None:
            return Resolution(mention.key, None, "", f"demonym of unknown country {mention.country}")
        place: Place = place_from_candidate(candidate, calibrated(1.0, candidate.kind, candidate.country))
        return Resolution(mention.key, place, Source.GEONAMES, f"demonym of {candidate.name}")


def _home(config: Config, gazetteer: Gazetteer) -> Home | None:
    """The story's home from ``story.region``, if it has one."""
    if not config.story.region:
        return None
    try:
        return parse_home(config.story.region, gazetteer)
    except ConfigError as err:
        raise ConfigError(err.message, path=config.path) from err


def _seats_named(text: str, mentions: list[Mention], votes: Mapping[str, tuple[str, str]]) -> frozenset[str]:
    """The names the article uses for seats of government, not areas ("Washington and Riyadh
    urged": the capital), whose words are then no evidence of a state so named; not those it
    ever writes after a name and a comma, where a state's name stands ("Toledo, Washington")."""
    after_a_comma = {m.key for previous, m in pairwise(mentions)
                     if re.fullmatch(r",\s*", text[previous.end : m.start])}
    return frozenset(m.key for m in mentions
                     if m.role == Role.METONYMIC and m.key not in votes and m.key not in after_a_comma)


def _anchors(answers: Iterable[Resolution]) -> tuple[tuple[float, float], ...]:
    """The points of the towns resolved with confidence (or curated): the anchors of spatial coherence."""
    return tuple(
        sorted(
            {
                (round(a.place.lat, 3), round(a.place.lon, 3))
                for a in answers
                if a.place is not None and a.place.kind not in AREA_KINDS
                and (a.backend == Source.CURATED or a.place.confidence >= ANCHOR_CONFIDENCE)
            }
        )
    )


_STATE_AFTER = re.compile(
    r"\s+(?:state|province|region|oblast|governorate|prefecture|district|municipality|governor|legislature"
    r"|statewide)\b|(?:(?:\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)*\s*,?\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)?"
    r"\s+(?:provinces|regions|oblasts|governorates|prefectures|districts|counties|municipalities)\b",
    re.IGNORECASE,
)
#: Between a name and the people's word of the country its definition puts it in ("Bala is a
#: Canadian community", "Santa Cruz, a Chilean city").
_DEFINED_BY_PEOPLE = re.compile(r"(?:\s+(?:is|was)\s+(?:a|an)|\s*,\s*(?:a|an))\s+(?:[\w-]+\s+){0,2}?")
#: "county" or "district" written in lower case after a name, or after the list it ends.
_DIVISION_AFTER = re.compile(
    r"(?:(?:\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)*\s*,?\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)?"
    r"\s+(?:county|counties|district|districts)\b"
)
_STATE_BEFORE = re.compile(r"\b(?:upstate|state\s+of|province\s+of)\s+$", re.IGNORECASE)
#: A name and a comma right before: "Buffalo, New York" (the name before may be no mention).
_AFTER_A_PLACE = re.compile(r"([A-Z][\w.'-]*),\s*$")


def _listed_between(text: str, mentions: list[Mention], index: int) -> bool:
    """Whether the name at *index* and the one after it stand inside a list: a name and a comma
    before it, and a comma or "and" with a name after the next ("Zaïre, Bundibugyo, Côte d'Ivoire
    and Sudan"), where "Atlanta, Georgia" and "Paris, Texas and Dallas" are a town and its area."""
    def gap(i: int) -> str | None:
        return text[mentions[i].end : mentions[i + 1].start] if 0 <= i < len(mentions) - 1 else None

    before, beyond = gap(index - 1), gap(index + 1)
    return (before is not None and re.fullmatch(r",\s*", before) is not None
            and beyond is not None and LISTED.fullmatch(beyond) is not None)


def _in_a_list(text: str, mentions: list[Mention], index: int, votes: dict[str, tuple[str, str]]) -> bool:
    """Whether the area named at *index*, followed by a comma and another, is one item of a
    list of areas: an area is listed right before it ("Virginia, Washington, West Virginia")
    or right after the next one ("in Washington, Pennsylvania and California"). "Washington,
    Pennsylvania, is a city" stays a town and its state."""
    def listed(i: int, j: int) -> bool:
        return (0 <= i < j < len(mentions) and (i == index or mentions[i].key in votes)
                and (j == index or mentions[j].key in votes) and LISTED.fullmatch(text[mentions[i].end : mentions[j].start]) is not None)

    return listed(index - 1, index) or listed(index + 1, index + 2)


def _areas(text: str, mentions: list[Mention], qualifiers: dict[int, tuple[str, str]],
           votes: dict[str, tuple[str, str]]) -> set[int]:
    """The mentions that mean a state or province rather than a city of its name: qualifiers
    ("Buffalo, New York"), abbreviations, "New York state", states listed among states
    ("Michigan, Oregon, New York")."""
    def state(i: int) -> bool:
        return 0 <= i < len(mentions) and bool(votes.get(mentions[i].key, ("", ""))[1])

    areas = {index + 1 for index in qualifiers}
    for i, mention in enumerate(mentions):
        listed = any(
            state(j) and mentions[j].key != mention.key
            and LISTED.fullmatch(text[min(mention.end, mentions[j].end) : max(mention.start, mentions[j].start)])
            for j in (i - 1, i + 1)
        )
        after = _AFTER_A_PLACE.search(text[max(0, mention.start - 40) : mention.start])
        if after is not None and after.group(1).casefold() in CALENDAR:
            after = None  # "In January, New York ..."
        if after is not None and _a_word_not_a_name(after, mentions, i, text):
            after = None  # "Upstream, Bratislava closed"
        if after is not None and i > 0 and _a_country(mentions[i - 1], votes) \
                and not text[mentions[i - 1].end : mention.start].strip(" ,"):
            after = None  # "in Saudi Arabia, Medina was platted": no town is written before its state
        if listed or after or _means_area(text, mention):
            areas.add(i)
    return areas


def _a_word_not_a_name(before: re.Match[str], mentions: list[Mention], index: int, text: str) -> bool:
    """Whether the capitalised word before the comma that precedes mention *index* is an English
    word no mention holds ("Upstream, Bratislava closed"), not a town's name ("Buffalo, New York")."""
    written = before.group(1)
    at = mentions[index].start - len(before.group(0))
    named = index > 0 and mentions[index - 1].end > at
    return not named and is_common_word(written)


def _a_country(mention: Mention, votes: dict[str, tuple[str, str]]) -> bool:
    vote = votes.get(mention.key)
    return vote is not None and bool(vote[0]) and not vote[1]


def _abbreviated(written: str) -> bool:
    """Whether a state's name is written abbreviated ("N.Y.", "Ind.", "KY")."""
    return written.endswith(".") or (len(written) == 2 and written.isupper())


def _means_area(text: str, mention: Mention) -> bool:
    """Whether the text means a state or province, not a city of its name: an abbreviation
    ("N.Y.", "KY"), "New York state", "the Donetsk region", "Kursk and Belgorod regions", "Allen and
    Auglaize counties", "upstate
    New York", "the state of New York"."""
    if _abbreviated(mention.text):
        return True
    return bool(_STATE_AFTER.match(text, mention.end)) or bool(_STATE_BEFORE.search(text[max(0, mention.start - 40) : mention.start]))
