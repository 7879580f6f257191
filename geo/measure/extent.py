"""The extent a story happens in: the smallest box that holds most of its mentions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .distance import WGS84

__all__ = ["core_bounds", "CORE_SHARE"]

#: The share of the mentions the first view holds; the rest is one "Show all" away.
CORE_SHARE = 0.8


def core_bounds(points: Sequence[tuple[float, float, float]], share: float = CORE_SHARE) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` around the places nearest the story's middle that hold
    *share* of the mentions; *points* are ``(lat, lon, mentions)``. The middle is the place with
    the least mention-weighted geodesic distance to the others (a far outlier cannot pull it
    away, as it would a mean). None without points."""
    if not points:
        return None
    lats = np.array([p[0] for p in points], float)
    lons = np.array([p[1] for p in points], float)
    weights = np.array([max(p[2], 0.0) for p in points], float)
    if weights.sum() <= 0:
        weights = np.ones(len(points))
    distances = np.array([WGS84.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)[2]
                          for lat, lon in zip(lats, lons)])
    middle = int(np.argmin(distances @ weights))
    order = np.lexsort((np.arange(len(points)), distances[middle]))
    reached = np.cumsum(weights[order]) >= share * weights.sum() - 1e-9
    last = distances[middle][order[int(np.argmax(reached))]]
    chosen = distances[middle] <= last
    return [[float(lats[chosen].min()), float(lons[chosen].min())], [float(lats[chosen].max()), float(lons[chosen].max())]]
