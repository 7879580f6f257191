"""The offline backend: the GeoNames index, with disambiguation by evidence.

Candidates sharing a name are scored on, in units of a factor ten of
population:

* population, as a prior (log scale);
* feature kind: a country or a capital beats a town of the same name, a
  state beats a village;
* whether the name is the entry's main name or one of its alternates;
* the document: candidates in a country it names (+3), in a state or
  province it names (+3), in a county or district it names (+3), in the
  region or country written right after the name ("Paris, Texas": +8), in
  the story's or the article's home (+8 in a home state or box, more than a
  state the text names; +3 in a home country), an area where the text means one ("Pandi, Bulacan", "Ohio
  and New York": +3), a capital where the name stands for a government
  ("Riyadh urged": +3), and near the places it names with confidence (+0.8 for
  each, fading out at 1,000 km, at most +2: a town near one of them may be a
  coincidence, a town among several is a co-located set);
* a great city (300,000 people) outscores, just, a namesake fifty times smaller in
  its country, or in another country the article names, that only the home or a
  state named favours ("Atlanta" in a Dallas story, "Toronto" beside New South
  Wales), unless that namesake lies among the article's places or the text
  writes the state after the name; the split share says the doubt.

The winner's share of the softmax of the scores, calibrated into the
probability of being within 161 km of the truth
(:mod:`geo.resolve.calibration`), is the confidence; the share and the
runner-up are named in the resolution's reason.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from ...measure.distance import WGS84
from ...model import Place, Resolution, Source
from ...text.normalise import fold, slugify
from ..area_parts import names_a_part, part_point
from ..calibration import calibrated
from ..gazetteer import Candidate, Gazetteer, geonames_countries
from ..gazetteer_features import short_division, short_region, synthetic_id
from ..home import Home
from .base import Query

__all__ = ["OfflineGeocoder", "score", "scores", "best_candidate", "place_from_candidate"]

# A county named like its main town ("Santa Maria") yields to the town.
# A sea has no population: its kind stands for it (a city of a million, as it were).
KIND_WEIGHT = {
    "continent": 3.0, "macroregion": 3.0, "water": 7.0, "country": 3.0, "capital": 3.0, "region": 1.5, "city": 0.0,
    "district": -0.5,
}
PRIMARY_WEIGHT = 1.0
CONTEXT_WEIGHT = 3.0
REGION_WEIGHT = 3.0
DISTRICT_WEIGHT = 3.0
QUALIFIER_WEIGHT = 8.0
#: What the text may mean when it means an area ("Pandi, Bulacan": the province), and the evidence it is.
AREA_MEANT = frozenset({"region", "district", "country"})
AREA_MEANT_WEIGHT = 3.0
#: Kinds that are points, not areas.
TOWN_KINDS = frozenset({"city", "capital", "district"})
#: A name standing for a government ("Riyadh urged") is a country's capital: the evidence it is.
GOVERNMENT_WEIGHT = 3.0
HOME_WEIGHT = 8.0
HOME_COUNTRY_WEIGHT = 3.0
SPATIAL_WEIGHT = 2.0
SPATIAL_PER_ANCHOR = 0.8
SPATIAL_RANGE_KM = 1000.0
NAMESAKE_AREA_PENALTY = 3.0
#: A name standing alone in a dateline is its most populous town, when that town has this many
#: people; the evidence it is (more than the text's countries and a home).
STANDALONE_POPULATION = 100_000
STANDALONE_WEIGHT = 8.0


def _prior(candidate: Candidate) -> float:
    value = math.log10(candidate.population + 10) + KIND_WEIGHT.get(candidate.kind, 0.0)
    return value + (PRIMARY_WEIGHT if candidate.primary else 0.0)


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """*name* folded, its words separated by single spaces (names recur: computed once each)."""
    return " ".join(fold(name).split())


def _context(candidate: Candidate, query: Query) -> float:
    value = 0.0
    if candidate.country and candidate.country in query.countries:
        value += CONTEXT_WEIGHT
    # A region or county named like the place itself ("Mexico City" in Mexico
    # City) is no evidence of its own.
    own = {query.key, _key(candidate.name)}
    region = _key(candidate.region)
    if _in_a_region_named(candidate, query):
        value += REGION_WEIGHT
    district = _key(short_division(candidate.district))
    if district and candidate.kind != "district" and district not in own and _names(query.document, district):
        value += DISTRICT_WEIGHT
    if query.qualifier is not None:
        country, qualifier_region = query.qualifier
        if candidate.country == country and (not qualifier_region or _key(qualifier_region) == region):
            value += QUALIFIER_WEIGHT
    if query.area and candidate.kind in AREA_MEANT:
        value += AREA_MEANT_WEIGHT
    if query.acting and candidate.kind == "capital":
        value += GOVERNMENT_WEIGHT
    return value + _at_home(candidate, query)


def _in_a_region_named(candidate: Candidate, query: Query) -> bool:
    """Whether *candidate* lies in a state or province the document names, other than one named
    like itself ("Mexico City" in Mexico City) or the home's (its evidence is the home's)."""
    if not candidate.region or candidate.kind == "region":
        return False
    region, short = _region_keys(candidate.region)  # "Zamfara" names "Zamfara State"
    name = _key(candidate.name)
    if region in (query.key, name) or short in (query.key, name):
        return False
    if query.home is not None and query.home.region and _key(query.home.region) == region:
        return False
    # The short name counts as a region the article names, not as words of its text ("Davao" of "Davao del Sur");
    # nor does a state named like its country when the text names the country ("México" in "central Mexico").
    if any(c == candidate.country and _key(r) in (region, short) for c, r in query.regions):
        return True
    # Nor does a state's name the article uses for a seat of government ("Washington urged":
    # no evidence for a town of Washington state).
    return region != _country_key(candidate.country) and region not in query.seats and _names(query.document, region)


@lru_cache(maxsize=65536)
def _region_keys(region: str) -> tuple[str, str]:
    """The folded name of a state and of its short form ("zamfara state", "zamfara")."""
    return _key(region), _key(short_region(region))


@lru_cache(maxsize=512)
def _country_key(iso: str) -> str:
    return _key(str(geonames_countries().get(iso, {}).get("name", "")))


#: A great city: this big, and this many times bigger than a namesake of the same country that
#: the home or a state named favours (:func:`_metropolises`): "Atlanta" in a Dallas story is
#: Atlanta, Georgia, not the town of 5,600 in Texas; "Portland" in a Maine paper stays Maine's.
GREAT_CITY = 300_000
METROPOLIS_RATIO = 50


def _dwarfs(city: Candidate, town: Candidate, countries: frozenset[str]) -> bool:
    """Whether *city* is a great city of *town*'s country, or of another country the article names,
    fifty times as big: "Boston" is Massachusetts' even in an article that names New York, where a
    town of 8,000 has the name; "Toronto" is Ontario's in an article that names Canada and New South
    Wales, where a suburb of 3,000 has the name."""
    return (city.kind in ("city", "capital") and city.population >= GREAT_CITY and town.kind in TOWN_KINDS
            and (town.country == city.country or city.country in countries)
            and town.population * METROPOLIS_RATIO <= city.population)


#: How much a great city outscores the far smaller namesake it rivals at home or in a state named.
METROPOLIS_MARGIN = 0.01
#: Spatial evidence that makes a namesake one of a co-located set (a confident place of the
#: article within 100 km, or several a little farther), which no great city elsewhere outranks.
CO_LOCATED = SPATIAL_PER_ANCHOR * (1 - 100 / SPATIAL_RANGE_KM)


def _metropolises(candidates: tuple[Candidate, ...], values: list[float], query: Query,
                  settled: list[bool]) -> list[float]:
    """*values*, where a great city scores at least a little more than any namesake fifty times
    smaller in the same country that the story's home or a state the article names favours:
    "Atlanta" in a Dallas story, "Boston" beside New York's governor. Not against a namesake among
    the article's other places (a co-located set, *settled*), nor where the text says the state
    ("Washington, Pennsylvania"). Nothing else moves (a state that outscored both still does), and
    the share the two split says the doubt."""
    local = [i for i, c in enumerate(candidates) if c.kind in TOWN_KINDS and not settled[i]
             and (_in_a_region_named(c, query) or _at_home_state(c, query.home))]
    if not local:
        return values
    out = list(values)
    for i, city in enumerate(candidates):
        rivals = [values[j] for j in local if j != i and _dwarfs(city, candidates[j], query.countries)]
        if rivals and i not in local:
            out[i] = max(values[i], max(rivals) + METROPOLIS_MARGIN)
    return out


def _at_home_state(candidate: Candidate, home: Home | None) -> bool:
    return home is not None and bool(home.region or home.box) and home.holds(candidate)


def _at_home(candidate: Candidate, query: Query) -> float:
    home = query.home
    if home is None:
        return 0.0
    if home.holds(candidate):
        return HOME_WEIGHT if home.region or home.box else HOME_COUNTRY_WEIGHT
    return HOME_COUNTRY_WEIGHT if home.region and candidate.country == home.country else 0.0


@lru_cache(maxsize=65536)
def _names(document: str, name: str) -> bool:
    """Whether the folded *document* holds the folded *name* as whole words."""
    if not document or not name:
        return False
    # Each word of a whole-word match is a whole word of the document: most
    # names are ruled out by a set look-up, without scanning the text.
    words = _words(document)
    if not all(w in words for w in _WORD.findall(name)):
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", document) is not None


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=64)
def _words(document: str) -> frozenset[str]:
    return frozenset(_WORD.findall(document))


#: A city this big, named like its state plus "City", is what the state's name means alone
#: ("New York" is New York City unless the text says the state).
METROPOLIS = 1_000_000


def _named_after_its_town(area: Candidate, candidates: tuple[Candidate, ...]) -> float:
    """How much less *area* is worth when its name means a town in it: a province named
    after its capital ("Herat"), or a state named like its metropolis ("New York" is New
    York City, "Sao Paulo" the city): then its being an area no longer counts either."""
    name = fold(area.name)
    short = fold(short_region(area.name)) if area.kind == "region" else name  # "Wellington" of "Wellington Region"
    for town in candidates:
        if town.kind not in ("city", "capital") or town.country != area.country:
            continue
        inside = name in (fold(town.region), fold(town.district))
        # Named so: its own name is the area's, or it is a city known by the name looked up ("Madinah").
        named_so = fold(town.name) in (name, short) if town.primary else town.population >= STANDALONE_POPULATION
        if inside and town.population >= METROPOLIS and fold(town.name) == f"{name} city":
            return NAMESAKE_AREA_PENALTY + KIND_WEIGHT[area.kind]
        if inside and named_so:
            return NAMESAKE_AREA_PENALTY
    return 0.0


def scores(candidates: tuple[Candidate, ...], query: Query | None = None) -> list[float]:
    """The evidence for each candidate (see the module's documentation)."""
    values = [_prior(c) for c in candidates]
    if query is None or not query.area:
        seas = {fold(c.name) for c in candidates if c.kind == "water"}
        for index, c in enumerate(candidates):
            if c.kind in ("region", "district"):
                # A province named after its town, or after its sea ("Red Sea" state), yields to them.
                sea = NAMESAKE_AREA_PENALTY if fold(c.name) in seas else 0.0
                values[index] -= max(sea, _named_after_its_town(c, candidates))
            elif seas and c.kind == "city" and c.population < GREAT_CITY:
                # A town named like an ocean ("the Atlantic flyway" is no Atlantic, Iowa): only
                # the text's own word for it (its state after it, the home) makes it the town.
                values[index] -= NAMESAKE_AREA_PENALTY
    if query is None:
        return values
    values = [v + _context(c, query) for v, c in zip(values, candidates)]
    if query.standalone:
        towns = [i for i, c in enumerate(candidates) if c.kind in ("city", "capital")]
        biggest = max(towns, key=lambda i: candidates[i].population, default=None)
        if biggest is not None and candidates[biggest].population >= STANDALONE_POPULATION:
            values[biggest] += STANDALONE_WEIGHT
    if query.anchors and len(candidates) > 1:
        lats = np.array([c.lat for c in candidates])
        lons = np.array([c.lon for c in candidates])
        closeness = np.zeros(len(candidates))
        for lat, lon in query.anchors:
            _, _, metres = WGS84.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)
            closeness += np.clip(1.0 - np.asarray(metres) / 1000.0 / SPATIAL_RANGE_KM, 0.0, 1.0)
        bonus = np.minimum(SPATIAL_WEIGHT, SPATIAL_PER_ANCHOR * closeness)
        values = [v + float(b) for v, b in zip(values, bonus)]
        settled = [bool(b >= CO_LOCATED) for b in bonus]
    else:
        settled = [False] * len(candidates)
    if len(candidates) > 1 and query.qualifier is None:
        values = _metropolises(candidates, values, query, settled)
    return values


def score(candidate: Candidate, countries: frozenset[str]) -> float:
    """Evidence for *candidate* in a document about *countries* (no other evidence)."""
    return scores((candidate,), Query("", "", countries))[0]


def best_candidate(candidates: tuple[Candidate, ...], query: Query | None = None) -> Candidate:
    """The candidate with the most evidence (ties: the lowest GeoNames id)."""
    values = scores(candidates, query)
    return min(zip(values, candidates), key=lambda vc: (-vc[0], vc[1].geonameid))[1]


def place_from_candidate(candidate: Candidate, confidence: float) -> Place:
    slug = slugify(candidate.name) or f"geonames-{abs(candidate.geonameid)}"
    place_id = slug if candidate.kind in ("country", "continent") or not candidate.country else \
        f"{slug}-{candidate.country.lower()}"
    return Place(
        id=place_id,
        name=candidate.name,
        kind=candidate.kind,
        lat=candidate.lat,
        lon=candidate.lon,
        country=candidate.country,
        source=Source.GEONAMES,
        confidence=round(confidence, 3),
        # Regions built from town lists have no GeoNames id of their own.
        geonameid=candidate.geonameid if candidate.geonameid > 0 else None,
        region=candidate.region if candidate.kind not in ("country", "region", "continent") else "",
        population=candidate.population,
    )


class OfflineGeocoder:
    """Resolve names with the offline GeoNames index."""

    name = Source.GEONAMES

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def geocode(self, query: Query) -> Resolution | None:
        candidates = self.gazetteer.lookup(query.key) or self._by_its_kind(query.key) or self._by_direction(query)
        if query.divided:  # "Marion and Washington counties": the counties alone, not the state or the town
            candidates = self._divisions_named(query.key) or candidates
        if not candidates:
            return None
        if query.qualifier is not None:
            # "Medina in Saudi Arabia", "Paris, Texas": the text says which country; its namesakes alone compete.
            inside = tuple(c for c in candidates if c.country == query.qualifier[0])
            candidates = inside or candidates
        values = scores(candidates, query)
        ranked = sorted(zip(values, candidates), key=lambda vc: (-vc[0], vc[1].geonameid))
        top = ranked[0][0]
        best_score, best = ranked[0]
        if query.qualifier is not None and best.kind in TOWN_KINDS and best.country != query.qualifier[0]:
            # "Stroud, Ontario, Canada" with no Stroud in Canada: the namesake in England is not meant.
            country, region = query.qualifier
            return Resolution(query.key, None, self.name,
                              f"no {query.text} in {', '.join(filter(None, (region, country)))} in the gazetteer; "
                              f"{_source(best)} ({best.name}, {best.country}) is elsewhere")
        weights = [math.exp(v - top) for v, _ in ranked]
        # The town and the county named after it are one place: their weights add up.
        confidence = sum(w for w, (_, c) in zip(weights, ranked) if c is best or _same_place(c, best)) / sum(weights)
        where = f"{best.region}, {best.country}" if best.region and best.kind != "region" else best.country
        reason = (f"{_source(best)} ({best.kind}, {where}, population {best.population:,}; score {best_score:.2f}, "
                  f"share {confidence:.3f})")
        # The runner-up is another place, not the county named after the winner.
        others = [(v, c) for v, c in ranked[1:] if not _same_place(c, best)]
        if others:
            runner_score, runner = others[0]
            reason += f"; runner-up {runner.name}, {runner.country} ({_source(runner)}; score {runner_score:.2f})"
        # At odds: in none of the countries the article names nor the story's home (a dateline
        # standing alone names a place known the world over, at odds with nothing; so does a
        # country's capital or a city of a million with no namesake in those countries: "Nairobi"
        # in a story about Sudan, not "Paris" in a story about Texas).
        expected = set(query.countries) | ({query.home.country} if query.home and query.home.country else set())
        expected |= {query.qualifier[0]} if query.qualifier is not None else set()  # "Atlanta, Georgia": the text says
        # A capital known by another spelling is no such landmark ("Suba" is no Suva).
        known = (((best.kind == "capital" and best.primary) or best.population >= METROPOLIS)
                 and not any(c.country in expected for _, c in others))
        at_odds = (best.kind in TOWN_KINDS and bool(expected) and best.country not in expected | query.spoken_of
                   and not query.standalone and not known)
        if at_odds:
            reason += "; in none of the countries the article names, nor the story's home"
        place = place_from_candidate(best, calibrated(confidence, best.kind, best.country, at_odds))
        return Resolution(query.key, place, self.name, reason)

    def _by_its_kind(self, key: str) -> tuple[Candidate, ...]:
        """The namesakes of a name written with the kind of place it is ("Hebei province", "Akita
        Prefecture", "Pingliang city") that the gazetteer knows without it: those of that kind."""
        words = key.split()
        if len(words) < 2 or words[-1] not in KIND_WORDS:
            return ()
        kinds = KIND_WORDS[words[-1]]
        return tuple(c for c in self.gazetteer.lookup(tuple(words[:-1])) if c.kind in kinds)


    def _divisions_named(self, key: str) -> tuple[Candidate, ...]:
        """The divisions whose name is *key* and their kind ("Allen County", "Kabul District"),
        where the text writes that kind after the name ("Allen and Auglaize counties")."""
        return tuple(c for word in _DIVISION_WORDS for c in self.gazetteer.lookup(f"{key} {word}")
                     if c.kind in AREA_MEANT)

    def _by_direction(self, query: Query) -> tuple[Candidate, ...]:
        """The part of a country or a state that a word of direction names ("East Texas",
        "Northern California") where the gazetteer has no entry of that name: a region at the
        middle of the area's towns on that side (:mod:`geo.resolve.area_parts`). The area goes
        by its own name, and lies in a country of the article if it names any ("North San
        Juan" in a Californian story is no part of San Juan, Argentina)."""
        if not names_a_part(query.key.split()):
            return ()
        direction, _, rest = query.key.partition(" ")
        expected = set(query.countries) | ({query.home.country} if query.home and query.home.country else set())
        out = []
        for area in self.gazetteer.lookup(rest):
            if area.kind not in ("country", "region") or not area.primary or (expected and area.country not in expected):
                continue
            towns = self.gazetteer.towns_in(area.country, area.name if area.kind == "region" else "")
            point = part_point(direction, towns)
            if point is not None:
                name = f"{direction.capitalize()} {area.name}"
                out.append(Candidate(synthetic_id("part", direction, area.country, area.name), name, "region",
                                     point[0], point[1], area.country, area.population // 3, "", "", area.primary))
        return tuple(out)


#: Words naming the kind of a place after its name, and the kinds of the gazetteer they mean.
KIND_WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("province", "prefecture", "governorate", "oblast", "department", "region", "state"),
                    frozenset({"region", "district"})),
    **dict.fromkeys(("county", "district", "municipality", "parish"), frozenset({"district", "region"})),
    **dict.fromkeys(("city", "town", "village"), frozenset({"city", "capital"})),
}


#: The kinds written in the names of divisions that texts also write without them.
_DIVISION_WORDS = ("county", "district")


def _source(candidate: Candidate) -> str:
    return f"GeoNames {candidate.geonameid}" if candidate.geonameid > 0 else f"{candidate.kind} of GeoNames towns"


def _same_place(a: Candidate, b: Candidate) -> bool:
    """Whether two entries are one place in effect (a town and the county it names)."""
    return a.country == b.country and WGS84.inv(a.lon, a.lat, b.lon, b.lat)[2] < 50_000
