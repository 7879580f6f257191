"""Stage 4, claims: find the distances the text states, compute the truth, give a verdict.

:func:`find_claims` reads an article and its resolved mentions;
:func:`check_claim` compares a claim with the geodesic truth.
"""

from ..model import CheckedClaim, Claim
from .parse import HEDGES, find_claims
from .stage import check_claims, claims_of_articles, country_outlines
from .verify import check_claim, tolerance

#: How distances are measured, stated wherever verdicts are shown.
MODEL = (
    "Distances are geodesics on the WGS84 ellipsoid between the places' reference points "
    "(a city or a base is a point: a base 47 km from a city's centre may be 40 km from its edge); "
    "distances to a country are to the nearest point of its Natural Earth 1:110m outline; to a border or a "
    "coast, to the nearest point of Natural Earth's 1:10m country outlines and land (about 1 km; the tolerance "
    "widens by as much), a border being where two countries' outlines meet. "
    "Tolerances: no hedge ±10%, about/around ±20%, almost/nearly −15%…+2%, over/more than ≥ −2%, "
    "within/up to ≤ +2%; directions: the named compass sector ±10°; on the border 10 km, near it 50 km, "
    "just across it 25 km inside. A city of 50,000 or more reaches about √(population / (π · 4,000/km²)) km "
    "from its point: when that could change a verdict, the verdict says so."
)

__all__ = ["Claim", "CheckedClaim", "HEDGES", "MODEL", "find_claims", "check_claim", "tolerance", "check_claims", "claims_of_articles",
           "country_outlines"]
