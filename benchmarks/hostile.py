"""Worst-case articles: time, peak memory and output size grow linearly with the text.

Two articles of each size, each built alone in a fresh project with
``python -m geo build -q --no-png --no-cache`` (gazetteer index already built):

* **no full stop**: "Officials in Kabul said that ..." repeated with commas and
  no sentence end, the case where every mention used to carry its whole
  unbounded sentence (a 106 KB article made an 891 MB ``maps/``);
* **sentences**: ordinary news sentences naming several places, the case
  where the recogniser used to read the whole text at once (9.2 GB at 4.9 MB).

Peak memory is the largest sum of the resident memory of the build and its
workers, sampled every 0.2 s (as ``scale.py`` samples it). The yardstick in the same run is the build of
the smallest size: ratios per size show whether memory and output stay linear
(a constant for the program and its model, plus a small cost per byte).

    python benchmarks/hostile.py [--sizes-mb 0.5 2 4.9]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import run_build  # noqa: E402

SENTENCES = (
    "Officials in Kabul said on Tuesday that talks with envoys from Doha and Islamabad would resume next week. ",
    "The convoy left Kandahar before dawn and reached Herat, near the border with Iran, by nightfall. ",
    "Aid groups in Peshawar reported that roads to Jalalabad were closed after the floods. ",
    "A spokesman in Washington said the embassy in Tashkent would stay open. ",
)
NO_STOP = "officials in Kabul said, "
PLACES_YAML = "story:\n  title: Worst cases\n"


def article(kind: str, size: int) -> str:
    unit = NO_STOP if kind == "no full stop" else "".join(SENTENCES)
    body = (unit * (size // len(unit) + 1))[:size]
    return f"---\ntitle: {kind}\n---\n{body}\n"


def build(project: Path) -> dict[str, float]:
    """Seconds, peak tree RSS and maps/ size of one build of *project* (sampled as in scale.py)."""
    seconds, peak = run_build(project, "--no-png", "--no-cache")
    out = sum(p.stat().st_size for p in (project / "maps").rglob("*") if p.is_file())
    return {"seconds": seconds, "peak_mib": peak / 2**20, "maps_mib": out / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=float, nargs="+", default=[0.5, 2.0, 4.9])
    args = parser.parse_args()
    rows = []
    for kind in ("no full stop", "sentences"):
        for size_mb in args.sizes_mb:
            work = Path(tempfile.mkdtemp(prefix="geo-hostile-"))
            try:
                (work / "articles").mkdir()
                (work / "places.yaml").write_text(PLACES_YAML, encoding="utf-8")
                (work / "articles" / "worst.md").write_text(article(kind, int(size_mb * 2**20)), encoding="utf-8")
                row = {"article": kind, "size_mb": size_mb, **build(work)}
            finally:
                shutil.rmtree(work, ignore_errors=True)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print()
    print("| article | size | build | peak memory | maps/ | memory / smallest | maps/ per MB of text |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        base = next(r for r in rows if r["article"] == row["article"])
        print(f"| {row['article']} | {row['size_mb']:.1f} MB | {row['seconds']:.0f} s | {row['peak_mib']:.0f} MiB | "
              f"{row['maps_mib']:.1f} MiB | {row['peak_mib'] / base['peak_mib']:.2f} | "
              f"{row['maps_mib'] / row['size_mb']:.1f} |")


if __name__ == "__main__":
    main()
