"""A claim drawn as evidence (pure): the band of distances it allows, around the point or
along the border or coast it is measured from, and the wedge of its stated direction."""

from __future__ import annotations

import math
from typing import Any

from ..claims.verify import direction_sector
from ..measure import bands, edges
from ..measure.outlines import iso2_to_iso3
from ..model import CheckedClaim, Place

__all__ = ["band_of", "wedge_of"]

#: A band with no upper bound ("more than 500 km") is drawn out to this many times its floor.
OPEN_BAND_FACTOR = 1.5


def _limits(checked: CheckedClaim) -> tuple[float, float] | None:
    if checked.tolerance_km is None:
        return None
    low, high = checked.tolerance_km
    if math.isinf(high):
        high = max(low * OPEN_BAND_FACTOR, low + 1.0)
    return low, high


def _edge_lines(checked: CheckedClaim, reference: Place | None) -> Any | None:
    """The border or coast a claim measured to, when it is a country's (None otherwise)."""
    if reference is None or reference.kind != "country":
        return None
    code = iso2_to_iso3().get(reference.country, "")
    return edges.coast_of_country(code) if checked.measured_to == "coast" else edges.land_border(code)


def band_of(checked: CheckedClaim, places: dict[str, Place]) -> Any | None:
    """The places the claim's stated distance allows, as a lon/lat geometry (None when it
    states no distance or was not measured)."""
    limits = _limits(checked)
    if limits is None or checked.ends is None:
        return None
    low, high = limits
    (ref_lat, ref_lon), (lat, lon) = checked.ends
    if checked.measured_to in ("border", "coast"):
        lines = _edge_lines(checked, places.get(checked.claim.reference or ""))
        if lines is not None:
            shape = bands.strip(lines, low, high, lat, lon)
            return None if shape.is_empty else shape
    return bands.ring(ref_lat, ref_lon, low, high)


def wedge_of(checked: CheckedClaim) -> Any | None:
    """The sector of the stated direction from the reference end, out past the band."""
    if not checked.claim.direction or checked.ends is None:
        return None
    (ref_lat, ref_lon), _ = checked.ends
    centre, half = direction_sector(checked.claim.direction)
    limits = _limits(checked)
    radius = limits[1] * 1.1 if limits else (checked.computed_km or 1.0) * 1.3
    return bands.wedge(ref_lat, ref_lon, centre, half, max(radius, 1.0))
