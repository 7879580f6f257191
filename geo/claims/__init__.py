"""Distance claims: find what the text states, compute the truth, give a verdict.

:func:`find_claims` reads an article and its resolved mentions;
:func:`check_claim` compares a claim with the geodesic truth.
"""

from .model import HEDGES, CheckedClaim, Claim
from .parse import find_claims
from .verify import check_claim, tolerance

__all__ = ["Claim", "CheckedClaim", "HEDGES", "find_claims", "check_claim", "tolerance"]
