"""Records of the claims stage: what the text says, and what we found."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import compact_pickle

__all__ = ["Claim", "CheckedClaim", "HEDGES"]

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
    measured_to: str = "point"  # "point" or "outline" (nearest point of a country)
    #: The measured line, from the reference end to the subject end, as (lat, lon).
    ends: tuple[tuple[float, float], tuple[float, float]] | None = None

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
            "computed_km": self.computed_km,
            "computed_bearing_deg": self.computed_bearing_deg,
            "computed_compass": self.computed_compass,
            "verdict": self.verdict,
            "wrong": list(self.parts),
            "off_by_km": self.off_by_km,
            "tolerance_km": list(self.tolerance_km) if self.tolerance_km else None,
            "direction_margin_deg": self.direction_margin_deg,
            "measured_to": self.measured_to,
            "reason": self.reason,
        }
