"""Fit the calibration of the geoparser's confidence on the development corpora, and check it.

The offline backend's raw confidence (the winner's share of the softmax of the
scores) is mapped, for each group of kinds (towns, regions, countries,
continents), to the frequency with which resolutions of that share were within
161 km of the gold point: isotonic regression (pool adjacent violators) over
the resolutions of GeoVirus and the first WikToR pages, over bins of the share
(tenths, finer towards 1, and exactly 1), each bin's accuracy drawn towards its group's by ten rows. Prints the reliability table (deciles) and the expected
calibration error (ECE) of the raw share, of the fitted map on the data it was
fitted on, and, the honest figure, of maps fitted on one half of the documents
and applied to the other half (two folds, by document).

    python benchmarks/calibrate.py [--wiktor-limit 1000] [--write]

``--write`` puts the fitted table into ``geo/resolve/calibration.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from geoparse import CORPORA, K_KM, REPO, _pairs_overlap, ours  # noqa: E402

from geo.measure.distance import WGS84  # noqa: E402
from geo.resolve import calibration  # noqa: E402
from geo.resolve.gazetteer import open_gazetteer  # noqa: E402
from geo.resolve.geocoders.offline import TOWN_KINDS  # noqa: E402

#: ``(document id, confidence, calibration group, within 161 km)``
Row = tuple[str, float, str, bool]
IDENTITY = {group: ((0.0, 0.0), (1.0, 1.0)) for group in calibration.KNOTS}


def resolved_rows(docs: Sequence[dict], predicted: Sequence[dict], gazetteer) -> list[Row]:
    """One row per gold toponym with coordinates that the geoparser found (overlap) and resolved
    through the gazetteer."""
    by_id = {p["id"]: p["toponyms"] for p in predicted}

    def group(p: dict, named: set[str]) -> str:
        # As the geoparser judges it: a town in none of the countries of the article's countries and regions.
        at_odds = p["kind"] in TOWN_KINDS and bool(named) and p.get("country") not in named
        placed = p["kind"] == "city" and p.get("geonameid") is None  # by the text: at its county or the town after it
        return calibration.group_of(str(p["kind"]), p.get("country") or "", at_odds, placed)

    rows: list[Row] = []
    for d in docs:
        gold, pred = d["toponyms"], by_id.get(d["id"], [])
        named = {p["country"] for p in pred if p.get("kind") in ("country", "region") and p.get("country")}
        for gi, pi in _pairs_overlap(gold, pred):
            g, p = gold[gi], pred[pi]
            if g.get("lat") is None or p.get("lat") is None or p.get("source") != "geonames":
                continue
            km = WGS84.inv(p["lon"], p["lat"], g["lon"], g["lat"])[2] / 1000.0
            rows.append((d["id"], float(p["confidence"]), group(p, named), km <= K_KM))
    return rows


def reliability(rows: Iterable[Row]) -> tuple[list[tuple[str, int, float, float]], float]:
    """Deciles of confidence: ``(bin, count, mean confidence, accuracy)``, and the ECE."""
    rows = list(rows)
    conf = np.array([r[1] for r in rows], float)
    hit = np.array([r[3] for r in rows], float)
    table, ece = [], 0.0
    for lo in np.arange(0.0, 1.0, 0.1):
        chosen = (conf >= lo) & ((conf < lo + 0.1) if lo < 0.85 else (conf <= 1.0))
        if chosen.any():
            c, a = float(conf[chosen].mean()), float(hit[chosen].mean())
            table.append((f"{lo:.1f}-{lo + 0.1:.1f}", int(chosen.sum()), c, a))
            ece += chosen.sum() / len(rows) * abs(c - a)
    return table, float(ece)


def _pav(xs: np.ndarray, ys: np.ndarray, ns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted isotonic (non-decreasing) fit of bin means *ys* over sorted bin means *xs*
    with *ns* rows each: the pooled blocks' mean *xs* and *ys*."""
    blocks: list[list[float]] = []  # [sum of x, sum of y, rows]
    for x, y, n in zip(xs, ys, ns):
        blocks.append([x * n, y * n, float(n)])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] > blocks[-1][1] / blocks[-1][2]:
            x2, y2, n2 = blocks.pop()
            blocks[-1] = [blocks[-1][0] + x2, blocks[-1][1] + y2, blocks[-1][2] + n2]
    return np.array([b[0] / b[2] for b in blocks]), np.array([b[1] / b[2] for b in blocks])


#: Bins of the raw share: tenths, then finer towards 1, and exactly 1 (a name with one candidate).
EDGES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.9999, 1.0)
MIN_BIN = 15
PRIOR_ROWS = 10


def _bins(chosen: list[tuple[float, bool]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean share, accuracy and size of each bin of *chosen* (see :data:`EDGES`); a bin of fewer
    than :data:`MIN_BIN` rows is merged into the one before, except the bin of exactly 1."""
    last = len(EDGES) - 1
    sums: dict[int, list[float]] = {}
    for x, y in chosen:
        index = last if x >= 1.0 else bisect_right(EDGES, x) - 1
        row = sums.setdefault(index, [0.0, 0.0, 0.0])
        row[0], row[1], row[2] = row[0] + x, row[1] + y, row[2] + 1
    bins: list[list[float]] = []
    for index in sorted(sums):
        row = sums[index]
        if bins and index != last and (bins[-1][2] < MIN_BIN or row[2] < MIN_BIN):
            bins[-1] = [a + b for a, b in zip(bins[-1], row)]
        else:
            bins.append(row)
    table = np.array(bins)
    # Each bin's accuracy is drawn towards the group's by PRIOR_ROWS rows of it: a small bin of
    # misses says "less sure", not "never".
    prior = table[:, 1].sum() / table[:, 2].sum()
    accuracy = (table[:, 1] + PRIOR_ROWS * prior) / (table[:, 2] + PRIOR_ROWS)
    return table[:, 0] / table[:, 2], accuracy, table[:, 2]


def fit(rows: Sequence[Row]) -> dict[str, tuple[tuple[float, float], ...]]:
    """The knots of each group, from *rows* fitted with identity calibration."""
    knots: dict[str, tuple[tuple[float, float], ...]] = {}
    for group in calibration.KNOTS:
        chosen = sorted((r[1], r[3]) for r in rows if r[2] == group)
        if len(chosen) < 2 * MIN_BIN:
            knots[group] = IDENTITY[group]
            continue
        xs, ys = _pav(*_bins(chosen))
        knots[group] = tuple((round(float(x), 4), round(float(y), 3)) for x, y in zip(xs, ys))
    return knots


def recalibrate(rows: Iterable[Row], knots) -> list[Row]:
    return [(d, _apply(c, knots[g]), g, y) for d, c, g, y in rows]


def _apply(share: float, table: tuple[tuple[float, float], ...]) -> float:
    return calibration.calibrated(share, "city", knots={"town": table})


def _print_table(title: str, rows: Sequence[Row]) -> float:
    table, ece = reliability(rows)
    print(f"\n{title}: {len(rows)} resolutions, ECE {ece:.3f}")
    print(f"{'confidence':>10s} {'n':>6s} {'mean conf':>9s} {'acc@161':>8s}")
    for name, n, c, a in table:
        print(f"{name:>10s} {n:6d} {c:9.3f} {a:8.3f}")
    return ece


def _write(knots) -> None:
    path = REPO / "geo" / "resolve" / "calibration.py"
    text = path.read_text(encoding="utf-8")
    body = "".join(f"    {group!r}: {value!r},\n" for group, value in knots.items())
    new, count = re.subn(r"(KNOTS: dict\[str, tuple\[tuple\[float, float\], \.\.\.\]\] = \{\n)(.*?)(\})",
                         lambda m: m.group(1) + body + m.group(3), text, count=1, flags=re.S)
    if count != 1:
        raise SystemExit("KNOTS not found in geo/resolve/calibration.py")
    path.write_text(new, encoding="utf-8")
    print(f"\nwritten to {path.relative_to(REPO)}")


def dev_rows(wiktor_limit: int) -> list[Row]:
    """The rows of GeoVirus and the first WikToR pages, with the raw share as confidence."""
    gazetteer = open_gazetteer()
    saved = dict(calibration.KNOTS)
    calibration.KNOTS.clear()
    calibration.KNOTS.update(IDENTITY)
    try:
        rows: list[Row] = []
        for corpus, limit in (("geovirus.jsonl", None), ("wiktor.jsonl", wiktor_limit)):
            lines = (CORPORA / corpus).read_text(encoding="utf-8").splitlines()
            docs = [json.loads(line) for line in lines if line.strip()][:limit]
            rows += resolved_rows(docs, ours(docs, gazetteer), gazetteer)
        return rows
    finally:
        calibration.KNOTS.clear()
        calibration.KNOTS.update(saved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wiktor-limit", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="write the fitted table into geo/resolve/calibration.py")
    args = parser.parse_args()
    rows = dev_rows(args.wiktor_limit)
    _print_table("raw share", rows)
    knots = fit(rows)
    _print_table("fitted on all, applied to all", recalibrate(rows, knots))
    docs = sorted({r[0] for r in rows})
    folds = [set(docs[0::2]), set(docs[1::2])]
    crossed: list[Row] = []
    for held in folds:
        train = [r for r in rows if r[0] not in held]
        crossed += recalibrate([r for r in rows if r[0] in held], fit(train))
    _print_table("fitted on one half of the documents, applied to the other (2 folds)", crossed)
    print("\nKNOTS = {")
    for group, value in knots.items():
        print(f"    {group!r}: {value!r},")
    print("}")
    if args.write:
        _write(knots)


if __name__ == "__main__":
    main()
