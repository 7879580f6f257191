"""The part of a country or a state that a word of direction names: "East Texas", "Northern
California", "South Florida", "Central Anatolia" where the gazetteer has no such entry.

The part is the third of the area's towns farthest in that direction (the quarter in both
directions for "Northeast"), or for "Central" the towns within half a standard deviation of
the median in both directions; its point is their mean. Towns stand for where people live,
which is where such regions are drawn: the eastern third of the towns of Texas is East Texas.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["DIRECTIONS", "MIN_TOWNS", "names_a_part", "part_point"]

#: Words of direction and the sides they name: (latitude, longitude), +1 north or east, -1 south or west.
DIRECTIONS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(("north", "northern"), (1, 0)),
    **dict.fromkeys(("south", "southern"), (-1, 0)),
    **dict.fromkeys(("east", "eastern"), (0, 1)),
    **dict.fromkeys(("west", "western"), (0, -1)),
    **dict.fromkeys(("northeast", "northeastern"), (1, 1)),
    **dict.fromkeys(("northwest", "northwestern"), (1, -1)),
    **dict.fromkeys(("southeast", "southeastern"), (-1, 1)),
    **dict.fromkeys(("southwest", "southwestern"), (-1, -1)),
    "central": (0, 0),
}
#: The share of the towns a side holds: a third on one axis, about a quarter on two.
_SIDE = 1 / 3
_CORNER = 1 / 2
#: Fewer towns than this make no part worth placing.
MIN_TOWNS = 12


def part_point(direction: str, towns: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The mean point of the towns in the part *direction* names, or None (too few towns, or
    not a word of direction)."""
    side = DIRECTIONS.get(direction)
    if side is None or len(towns) < MIN_TOWNS:
        return None
    points = np.asarray(towns, dtype=float)
    keep = np.ones(len(points), dtype=bool)
    if side == (0, 0):
        for axis in (0, 1):
            values = points[:, axis]
            keep &= np.abs(values - np.median(values)) <= values.std() / 2
    else:
        share = _CORNER if all(side) else _SIDE
        for axis, sign in enumerate(side):
            if sign:
                values = points[:, axis] * sign
                keep &= values >= np.quantile(values, 1 - share)
    if not keep.any():
        return None
    lat, lon = points[keep].mean(axis=0)
    return round(float(lat), 5), round(float(lon), 5)


def names_a_part(key: Sequence[str]) -> bool:
    """Whether the folded name *key* reads as a word of direction and an area's name ("east
    texas"), not as directions alone ("north eastern", "east west", "south central")."""
    return len(key) > 1 and key[0] in DIRECTIONS and not any(w in DIRECTIONS for w in key[1:])
