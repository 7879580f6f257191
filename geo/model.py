"""Typed, frozen records handed from one stage of the pipeline to the next.

articles -> mentions -> resolved places -> distances -> map and exports.
Character offsets always index :attr:`Article.text`, the article body exactly as
it stands in the file after the front matter.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum

__all__ = [
    "Article",
    "Span",
    "Mention",
    "Place",
    "Resolution",
    "Distance",
    "Story",
    "Claim",
    "CheckedClaim",
    "Role",
    "Finder",
    "Source",
    "Verdict",
]


class Role(StrEnum):
    """How a text uses a place name."""

    LITERAL = "literal"  # a location: "in Kabul"
    ASSOCIATIVE = "associative"  # a demonym or adjective: "Afghan officials" are about Afghanistan, not in it
    METONYMIC = "metonymic"  # a capital or country for its government: "Washington said"


class Finder(StrEnum):
    """What found a mention (see :mod:`geo.find`)."""

    ALIAS = "alias"
    NER = "ner"
    GAZETTEER = "gazetteer"
    CONTEXT = "context"
    DEMONYM = "demonym"


class Source(StrEnum):
    """Where a place's coordinates come from (an online service's name otherwise)."""

    CURATED = "places.yaml"
    GEONAMES = "geonames"


class Verdict(StrEnum):
    """What a distance claim's check concluded."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIABLE = "unverifiable"


def compact_pickle(cls: type) -> type:
    """Pickle a record as its constructor call: several times faster to load than
    the generic state of a slotted dataclass (the article cache holds millions)."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, tuple(getattr(self, n) for n in names)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@compact_pickle
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of an article body."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@compact_pickle
@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    ``name`` is the file name inside ``articles/`` and ``slug`` its stem, used
    for the reading page. ``debris`` lists the page furniture (captions repeated
    below themselves, "Scroll to Top", teasers...) that the loader found in
    ``text``; it is kept in the text, so offsets stay true, but ignored by the
    mention finder and greyed out on the reading page.
    """

    name: str
    slug: str
    title: str
    text: str
    date: dt.date | None = None
    outlet: str = ""
    url: str = ""
    language: str = "en"
    debris: tuple[Span, ...] = ()

    def in_debris(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` touches page furniture (debris spans are sorted and disjoint)."""
        index = bisect.bisect_left(self.debris, end, key=lambda s: s.start) - 1
        return index >= 0 and self.debris[index].end > start


@compact_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in an article, before or after resolution.

    ``key`` is the normalised form used for look-ups; ``place_id`` is the
    curated place the mention matched by alias, if any; ``sentence`` is the
    span of the sentence that holds it. ``finder`` says what found it
    (``alias``, ``ner``, ``gazetteer``, ``demonym``, ``context``).

    ``role`` tells how the text uses the place: ``literal`` (a location),
    ``associative`` (a demonym or adjective: "Afghan people" is about
    Afghanistan, not in it; ``country`` holds its ISO code) or ``metonymic``
    (a capital or country standing for its government: "Washington said").
    """

    article: str
    start: int
    end: int
    text: str
    key: str
    sentence: Span
    place_id: str | None = None
    finder: str = Finder.ALIAS
    role: str = Role.LITERAL
    country: str = ""
    #: Why a finder set this name aside (a person's name, part of an organisation's,
    #: a common word...); empty for a place mention. Set-aside names are listed,
    #: never mapped (``geo places --rejected``, ``mentions.csv``).
    rejected: str = ""

    @property
    def locates(self) -> bool:
        """Whether the mention puts something at the place (literal or metonymic), not
        only associates it with the place (a demonym)."""
        return self.role != Role.ASSOCIATIVE

    def placed(self, place_id: str | None) -> Mention:
        """This mention, resolved to *place_id* (``dataclasses.replace``, without its cost)."""
        return Mention(self.article, self.start, self.end, self.text, self.key, self.sentence, place_id, self.finder,
                       self.role, self.country, self.rejected)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: a point on WGS84, with where the answer came from."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str = ""
    source: str = Source.CURATED
    confidence: float = 1.0
    note: str = ""
    geonameid: int | None = None
    aliases: tuple[str, ...] = ()
    #: The first-level division the place lies in ("Ontario", "England"), when known: what tells
    #: two namesakes of a story apart (see :func:`geo.render.names.display_names`).
    region: str = ""
    #: GeoNames' population, when known (0 otherwise): how far a city reaches from its point.
    population: int = 0


@compact_pickle
@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer of the geocoder chain for one name in one document."""

    key: str
    place: Place | None
    backend: str
    reason: str = ""
    #: The backends that failed (an online service down, say), not merely found nothing:
    #: such a name is worth asking again in a later build.
    failed: tuple[str, ...] = ()


@compact_pickle
@dataclass(frozen=True, slots=True)
class Distance:
    """A geodesic between two places on the WGS84 ellipsoid.

    ``bearing_deg`` is the initial azimuth at ``origin`` towards ``target``,
    clockwise from true north in ``[0, 360)``.
    """

    origin: str
    target: str
    distance_km: float
    bearing_deg: float
    compass: str


@dataclass(frozen=True, slots=True)
class Story:
    """Everything a build computed, ready to render and export."""

    title: str
    focus: str | None
    articles: tuple[Article, ...]
    places: tuple[Place, ...]
    mentions: tuple[Mention, ...]
    distances: tuple[Distance, ...]
    unresolved: tuple[Mention, ...] = ()
    #: Names the finders considered and set aside, each with its reason (``Mention.rejected``).
    rejected: tuple[Mention, ...] = ()
    pairs: tuple[tuple[str, str], ...] = field(default=())
    claims: tuple[CheckedClaim, ...] = ()

    def place(self, place_id: str) -> Place:
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{place id: (mentions, articles)}``: how often each place is named, and in how many
        articles. The one count the popup, the panel, the reading pages' tables, the exports
        and ``geo places`` all show."""
        mentions: dict[str, int] = {}
        articles: dict[str, set[str]] = {}
        for mention in self.mentions:
            if mention.place_id:
                mentions[mention.place_id] = mentions.get(mention.place_id, 0) + 1
                articles.setdefault(mention.place_id, set()).add(mention.article)
        return {place_id: (n, len(articles[place_id])) for place_id, n in mentions.items()}


@compact_pickle
@dataclass(frozen=True, slots=True)
class Claim:
    """A distance (and maybe direction) the text states between two places.

    ``subject`` is the place said to be at that distance; ``reference`` the
    place it is measured from. Offsets span the quote in the article body.
    ``stated_low_km``/``stated_high_km`` differ for ranges ("30 to 40 km").
    A proximity with no number ("its proximity to China") has ``bound`` "near"
    and no stated distance: it is measured, not judged.
    ``not_geodesic`` is set when the text speaks of a road or a reach ("a
    40 km drive", "a range of 2,000 km"), which no geodesic can check.
    """

    article: str
    start: int
    end: int
    quote: str
    subject: str | None
    reference: str | None
    stated_km: float | None
    stated_low_km: float | None
    stated_high_km: float | None
    unit: str
    number_text: str
    hedge: str  # the hedge word as written, "" when none
    bound: str  # "exact", "approx", "below", "above", "at_most", "range", or "near" (no number)
    direction: str | None  # 16-point compass word, e.g. "N", "NE", "NNE"
    not_geodesic: str = ""
    #: What the distance is measured to, when not the reference's point: "border" (its land
    #: border), "inside" (its border, from within), "coast" (its coast), "inland" (the nearest
    #: coast; no reference), "on-border", "near-border", "across-border" (no number: within a
    #: documented tolerance of the border). See :mod:`geo.claims.edges`.
    edge: str = ""


@compact_pickle
@dataclass(frozen=True, slots=True)
class CheckedClaim:
    """A claim with the computed truth and a verdict.

    ``verdict`` is ``consistent``, ``inconsistent`` or ``unverifiable``;
    ``parts`` names what is wrong when inconsistent (``distance``,
    ``direction``); ``tolerance_km`` is the band the stated distance allows.
    """

    claim: Claim
    computed_km: float | None
    computed_bearing_deg: float | None
    computed_compass: str | None
    verdict: str
    reason: str
    tolerance_km: tuple[float, float] | None
    direction_margin_deg: float | None
    parts: tuple[str, ...] = ()
    off_by_km: float | None = None
    measured_to: str = "point"  # "point", "outline" (of a country), "border" or "coast" (of a country)
    #: The measured line, from the reference end to the subject end, as (lat, lon).
    ends: tuple[tuple[float, float], tuple[float, float]] | None = None
    #: Which two points were measured: each feature, where it comes from, point or outline.
    measured_between: str = ""
    #: The distance over the extent of a city at either end ((low, high) km), when that could
    #: change the verdict: the verdict then depends on the reference point.
    extent_km: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, object]:
        """The claim as plain data (``geo claims --json``, ``claims.geojson``)."""
        c = self.claim
        return {
            "article": c.article,
            "quote": c.quote,
            "start": c.start,
            "end": c.end,
            "from": c.reference,
            "to": c.subject,
            "stated_km": c.stated_km,
            "stated_range_km": [c.stated_low_km, c.stated_high_km] if c.bound == "range" else None,
            "stated": c.number_text,
            "hedge": c.hedge,
            "stated_direction": c.direction,
            "measured_to_edge": c.edge,
            "computed_km": self.computed_km,
            "computed_bearing_deg": self.computed_bearing_deg,
            "computed_compass": self.computed_compass,
            "verdict": self.verdict,
            "wrong": list(self.parts),
            "off_by_km": self.off_by_km,
            "tolerance_km": list(self.tolerance_km) if self.tolerance_km else None,
            "direction_margin_deg": self.direction_margin_deg,
            "measured_to": self.measured_to,
            "measured_between": self.measured_between,
            "extent_km": list(self.extent_km) if self.extent_km else None,
            "reason": self.reason,
        }
