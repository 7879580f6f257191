"""Geoparsing accuracy and speed on public corpora, against two baselines, in one run.

Corpora: GeoVirus and WikToR from ``../shared/benchmarks/`` (JSON Lines with
gold toponyms and coordinates; see their README). Systems:

* **geo-storymap**: this project's geoparser (spaCy NER + offline gazetteer +
  disambiguation by evidence), without any ``places.yaml``;
* **naive**: capitalised n-grams looked up in GeoNames (cities of 500+ people
  and countries), most populous candidate;
* **spacy+pop**: spaCy ``en_core_web_sm`` NER (GPE, LOC, FAC), most populous
  candidate among all GeoNames names;
* **spacy NER alone**: the NER step of the baseline, timed only, the yardstick
  for throughput.

Metrics (as in the literature, and as ``score.py`` of the corpora computes
them): geotagging precision/recall/F1 with one-to-one exact and overlapping
span matching; on gold toponyms matched by overlap, acc@161 km, mean and median
error (WGS84 geodesic), AUC of the sorted log(1 + km) errors normalised by
log(20039); end-to-end acc@161 over all gold toponyms; throughput in
whitespace tokens per second, wall clock, in one process and on all cores. WikToR annotates one place per
page, so only recall is reported for it. Our numbers are cross-checked
against ``score.py`` when it is found.

    python benchmarks/geoparse.py [--wiktor-limit 1000 | --full]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "benchmarks"
MAX_KM = 20039.0
K_KM = 161.0

sys.path.insert(0, str(REPO))

from geo.build.geoparse import Document, geoparse  # noqa: E402
from geo.find.ner import PLACE_LABELS, default_workers, entities_many, load_ner  # noqa: E402
from geo.ingest.config import parse_config  # noqa: E402
from geo.measure.distance import WGS84  # noqa: E402
from geo.resolve.gazetteer import open_gazetteer  # noqa: E402
from geo.resolve.geoparser import Geoparser  # noqa: E402
from geo.text.normalise import name_key, tokens  # noqa: E402


# ---------------------------------------------------------------- systems
def ours(docs: list[dict], gazetteer, workers: int = 1) -> list[dict]:
    geoparser = Geoparser(parse_config("story:\n  title: benchmark\n", "(none)"), gazetteer)
    # Place names only: demonyms are written only when asked for.
    return list(geoparse((Document(d["id"], d["text"]) for d in docs), geoparser, workers=workers))


def ours_parallel(docs: list[dict], gazetteer) -> list[dict]:
    return ours(docs, gazetteer, workers=default_workers())


def _most_populous(gazetteer, key: tuple[str, ...], kinds: frozenset[str] | None = None):
    candidates = [c for c in gazetteer.lookup(key) if kinds is None or c.kind in kinds]
    return max(candidates, key=lambda c: (c.population, -c.geonameid)) if candidates else None


def naive(docs: list[dict], gazetteer) -> list[dict]:
    """Capitalised n-grams (longest first) in GeoNames cities and countries."""
    kinds = frozenset({"city", "capital", "country"})
    out = []
    for d in docs:
        text = d["text"]
        words = list(tokens(text))
        found, i = [], 0
        while i < len(words):
            hit = None
            for size in range(min(4, len(words) - i), 0, -1):
                window = words[i : i + size]
                if not all(w.is_capitalised for w in window):
                    continue
                if any(text[a.end : b.start] != " " for a, b in zip(window, window[1:])):
                    continue
                best = _most_populous(gazetteer, tuple(w.folded for w in window), kinds)
                if best is not None:
                    hit = (window, best)
                    break
            if hit:
                window, best = hit
                found.append({"start": window[0].start, "end": window[-1].end,
                              "name": text[window[0].start : window[-1].end], "lat": best.lat, "lon": best.lon})
                i += len(window)
            else:
                i += 1
        out.append({"id": d["id"], "toponyms": found})
    return out


def spacy_pop(docs: list[dict], gazetteer) -> list[dict]:
    out = []
    for d, ents in zip(docs, entities_many(d["text"] for d in docs)):
        found = []
        for e in ents:
            if e.label not in PLACE_LABELS:
                continue
            best = _most_populous(gazetteer, name_key(e.text))
            found.append({"start": e.start, "end": e.end, "name": e.text,
                          "lat": best.lat if best else None, "lon": best.lon if best else None})
        out.append({"id": d["id"], "toponyms": found})
    return out


def ner_alone(docs: list[dict], gazetteer) -> list[dict]:
    for _ in load_ner().pipe((d["text"] for d in docs), batch_size=32):
        pass
    return []


# ---------------------------------------------------------------- metrics
def _pairs_exact(gold, pred):
    free: dict[tuple[int, int], list[int]] = {}
    for pi, p in enumerate(pred):
        free.setdefault((p["start"], p["end"]), []).append(pi)
    return [(gi, free[(g["start"], g["end"])].pop(0)) for gi, g in enumerate(gold) if free.get((g["start"], g["end"]))]


def _pairs_overlap(gold, pred):
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                exact = (g["start"], g["end"]) == (p["start"], p["end"])
                options.append((not exact, -overlap, abs(g["start"] + g["end"] - p["start"] - p["end"]), gi, pi))
    used_g, used_p, pairs = set(), set(), []
    for *_, gi, pi in sorted(options):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def metrics(gold_docs: list[dict], predicted: list[dict], partial: bool) -> dict:
    by_id = {p["id"]: p["toponyms"] for p in predicted}
    counts = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
    errors: list[float] = []
    within = 0
    gold_with_coords = 0
    for d in gold_docs:
        gold = d["toponyms"]
        pred = by_id.get(d["id"], [])
        gold_with_coords += sum(1 for g in gold if g.get("lat") is not None)
        for mode, match in (("exact", _pairs_exact), ("overlap", _pairs_overlap)):
            pairs = match(gold, pred)
            counts[mode][0] += len(pairs)
            counts[mode][1] += len(pred) - len(pairs)
            counts[mode][2] += len(gold) - len(pairs)
            if mode != "overlap":
                continue
            for gi, pi in pairs:
                g, p = gold[gi], pred[pi]
                if g.get("lat") is None:
                    continue
                if p.get("lat") is None:
                    errors.append(MAX_KM)
                    continue
                km = WGS84.inv(p["lon"], p["lat"], g["lon"], g["lat"])[2] / 1000.0
                errors.append(km)
                within += km <= K_KM
    result: dict = {}
    for mode, (tp, fp, fn) in counts.items():
        recall = tp / (tp + fn) if tp + fn else 0.0
        precision = None if partial else (tp / (tp + fp) if tp + fp else 0.0)
        f1 = None if partial or not precision or not recall else 2 * precision * recall / (precision + recall)
        result[mode] = (precision, recall, f1)
    e = np.clip(np.asarray(errors, float), 0, MAX_KM)
    if len(e):
        logs = np.sort(np.log1p(e))
        auc = float(np.trapezoid(logs) / (math.log(MAX_KM) * (len(e) - 1))) if len(e) > 1 else float(logs[0] / math.log(MAX_KM))
        result["resolution"] = (float(np.mean(e <= K_KM)), float(np.mean(e)), float(np.median(e)), auc, len(e))
    else:
        result["resolution"] = (None, None, None, None, 0)
    result["e2e"] = within / gold_with_coords if gold_with_coords else None
    return result


# ---------------------------------------------------------------- errors by class
#: Words of a gold page's title that make it a feature that is not a town.
_FEATURE_WORDS = re.compile(
    r"\b(?:ocean|sea|gulf|bay|strait|river|lake|mountains?|range|desert|island|islands|peninsula|region|"
    r"basin|valley|delta|coast|plateau|continent)\b|^(?:middle east|horn of africa|sahel|balkans|caucasus)$",
    re.IGNORECASE,
)
#: How far from an area's point a gold point of the same area may lie (regions, continents).
_AREA_REACH_KM = {"region": 1000.0, "continent": 3500.0}


def error_classes(docs: list[dict], predicted: list[dict], gazetteer, partial: bool) -> dict[str, int]:
    """Where the end-to-end errors come from: gold places not found (dropped), found but not
    placed (unresolved), placed more than 161 km off because an area's point is not the one
    the gold uses (reference point: the gold point lies in our country, or near our region or
    continent), because the gold is a feature that is no town (non-town feature: an ocean, a
    river... by the gold page's title), or because another namesake was chosen (namesake); and
    places found where the gold has none (false place; not counted where the gold is partial)."""
    from geo.measure.outlines import country_polygons, iso2_to_iso3
    from shapely.geometry import Point

    outlines, iso3 = country_polygons(), iso2_to_iso3()
    by_id = {p["id"]: p["toponyms"] for p in predicted}
    out = dict.fromkeys(("dropped", "unresolved", "reference point", "non-town feature", "namesake", "false place"), 0)
    for d in docs:
        gold, pred = d["toponyms"], by_id.get(d["id"], [])
        pairs = _pairs_overlap(gold, pred)
        found = {gi for gi, _ in pairs}
        out["dropped"] += sum(1 for gi, g in enumerate(gold) if g.get("lat") is not None and gi not in found)
        out["false place"] += 0 if partial else len(pred) - len(pairs)
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if g.get("lat") is None:
                continue
            if p.get("lat") is None:
                out["unresolved"] += 1
                continue
            km = WGS84.inv(p["lon"], p["lat"], g["lon"], g["lat"])[2] / 1000.0
            if km <= K_KM:
                continue
            title = (g.get("page_title") or g.get("page") or "").rsplit("/", 1)[-1].replace("_", " ")
            if p.get("kind") == "country" and p.get("geonameid"):
                entry = gazetteer.by_id(p["geonameid"])
                shape = outlines.get(iso3.get(entry.country, "")) if entry else None
                inside = shape is not None and shape.contains(Point(g["lon"], g["lat"]))
                out["reference point" if inside else "namesake"] += 1
            elif p.get("kind") in _AREA_REACH_KM:
                out["reference point" if km <= _AREA_REACH_KM[p["kind"]] else "namesake"] += 1
            elif _FEATURE_WORDS.search(title) or _FEATURE_WORDS.search(g["name"]):
                out["non-town feature"] += 1
            else:
                out["namesake"] += 1
    return out


def gazetteer_oracle(docs: list[dict], predicted: list[dict], gazetteer) -> tuple[float, int]:
    """acc@161 of an oracle that, for every gold place the system found, picks the shipped
    gazetteer's candidate for the gold name nearest the gold point: the ceiling of choosing among
    the gazetteer's points (a country the gold puts elsewhere than GeoNames does is lost even
    by the oracle). Also how many of those places the system itself places within 161 km."""
    by_id = {p["id"]: p["toponyms"] for p in predicted}
    found = within = 0
    for d in docs:
        gold = d["toponyms"]
        for gi, _ in _pairs_overlap(gold, by_id.get(d["id"], [])):
            g = gold[gi]
            if g.get("lat") is None:
                continue
            found += 1
            km = (WGS84.inv(c.lon, c.lat, g["lon"], g["lat"])[2] / 1000.0 for c in gazetteer.lookup(name_key(g["name"])))
            within += min(km, default=math.inf) <= K_KM
    return (within / found if found else 0.0), found


# ---------------------------------------------------------------- running
def _pct(value) -> str:
    return "     -" if value is None else f"{100 * value:6.1f}"


def cross_check(docs: list[dict], predicted: list[dict], mine: dict) -> str:
    script = CORPORA / "score.py"
    if not script.exists():
        return "score.py not found: no cross-check"
    with tempfile.TemporaryDirectory() as tmp:
        gold, pred, out = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl", Path(tmp) / "score.json"
        gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        pred.write_text("".join(json.dumps(p) + "\n" for p in predicted), encoding="utf-8")
        subprocess.run([sys.executable, str(script), str(gold), str(pred), "--json", str(out)], check=True,
                       capture_output=True)
        reference = json.loads(out.read_text(encoding="utf-8"))
    ref = next(v for v in reference.values() if isinstance(v, dict) and "geotag_overlap" in v)
    pairs = {
        "recall (exact)": (mine["exact"][1], ref["geotag_exact"]["recall"]),
        "recall (overlap)": (mine["overlap"][1], ref["geotag_overlap"]["recall"]),
        "F1 (overlap)": (mine["overlap"][2], ref["geotag_overlap"]["f1"]),
        "acc@161": (mine["resolution"][0], ref["resolution_overlap"]["acc@161"]),
        "AUC": (mine["resolution"][3], ref["resolution_overlap"]["auc"]),
        "e2e acc@161": (mine["e2e"], ref["resolution_overlap"]["e2e_acc@161"]),
    }
    worst = max(abs((a or 0) - (b or 0)) for a, b in pairs.values())
    verdict = "agree" if worst < 1e-6 else f"DIFFER (up to {worst:.4f})"
    return f"cross-check with score.py: {verdict} on {', '.join(pairs)}"


def _report_errors_and_confidence(docs: list[dict], predicted: list[dict], gazetteer, partial: bool) -> None:
    from calibrate import reliability, resolved_rows

    classes = error_classes(docs, predicted, gazetteer, partial)
    gold = sum(1 for d in docs for g in d["toponyms"] if g.get("lat") is not None)
    print(f"errors of geo-storymap ({gold:,} gold places): " + ", ".join(f"{k} {v:,}" for k, v in classes.items()))
    ceiling, found = gazetteer_oracle(docs, predicted, gazetteer)
    print(f"gazetteer oracle acc@161 on the {found:,} gold places found: {100 * ceiling:.1f} "
          "(the nearest candidate for the gold name, among the shipped gazetteer's)")
    table, ece = reliability(resolved_rows(docs, predicted, gazetteer))
    print(f"confidence (gazetteer resolutions), ECE {ece:.3f}: "
          + "; ".join(f"{name} n={n} conf {c:.2f} acc {a:.2f}" for name, n, c, a in table))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wiktor-limit", type=int, default=1000, help="WikToR pages to use (default: the first 1000)")
    parser.add_argument("--full", action="store_true", help="all 5000 WikToR pages")
    args = parser.parse_args()
    gazetteer = open_gazetteer()
    load_ner()  # loaded before any timing
    cores = default_workers()
    systems: list[tuple[str, Callable]] = [
        ("geo-storymap", ours), (f"  on {cores} cores", ours_parallel), ("naive", naive), ("spacy+pop", spacy_pop),
        ("spacy NER alone", ner_alone),
    ]
    for corpus, limit in (("geovirus.jsonl", None), ("wiktor.jsonl", None if args.full else args.wiktor_limit)):
        docs = [json.loads(line) for line in (CORPORA / corpus).read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = docs[:limit] if limit else docs
        partial = corpus.startswith("wiktor")
        words = sum(len(d["text"].split()) for d in docs)
        print(f"\n{corpus}: {len(docs)} documents, {sum(len(d['toponyms']) for d in docs):,} gold toponyms, {words:,} tokens")
        print(f"{'system':16s} | {'P_ex':>6s} {'R_ex':>6s} {'F1_ex':>6s} | {'P_ov':>6s} {'R_ov':>6s} {'F1_ov':>6s} | "
              f"{'acc161':>6s} {'mean km':>8s} {'med km':>7s} {'AUC':>5s} | {'e2e161':>6s} | {'tokens/s':>9s}")
        speeds: dict[str, float] = {}
        results: dict[str, tuple[dict, list[dict]]] = {}
        for name, system in systems:
            start = time.perf_counter()
            predicted = system(docs, gazetteer)
            speeds[name] = words / (time.perf_counter() - start)
            if name == "spacy NER alone":
                print(f"{name:16s} | {'':20s} | {'':20s} | {'':30s} | {'':6s} | {speeds[name]:9,.0f}")
                continue
            m = metrics(docs, predicted, partial)
            results[name] = (m, predicted)
            acc, mean, median, auc, _ = m["resolution"]
            print(f"{name:16s} | {_pct(m['exact'][0])} {_pct(m['exact'][1])} {_pct(m['exact'][2])} | "
                  f"{_pct(m['overlap'][0])} {_pct(m['overlap'][1])} {_pct(m['overlap'][2])} | "
                  f"{_pct(acc)} {mean:8,.0f} {median:7,.0f} {auc:5.3f} | {_pct(m['e2e'])} | {speeds[name]:9,.0f}")
        alone = speeds["spacy NER alone"]
        print(f"throughput / spaCy NER alone (one process): geo-storymap {speeds['geo-storymap'] / alone:.2f} "
              f"in one process, {speeds[f'  on {cores} cores'] / alone:.2f} on {cores} cores")
        same = results["geo-storymap"][1] == results[f"  on {cores} cores"][1]
        print(f"results on {cores} cores {'identical to' if same else 'DIFFERENT from'} one process")
        print(cross_check(docs, results["geo-storymap"][1], results["geo-storymap"][0]))
        _report_errors_and_confidence(docs, results["geo-storymap"][1], gazetteer, partial)
    print("\nP/R/F1, acc161 and e2e161 in %; resolution on gold toponyms found (overlap match); "
          "WikToR annotates one place per page: recall only.")


if __name__ == "__main__":
    main()
