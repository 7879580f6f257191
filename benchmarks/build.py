"""Time `geo build` on the seed story: cold (no gazetteer index yet) and warm.

Each run is a separate `python -m geo build` process on a copy of the seed
project, as a user would run it. Cold runs point GEO_STORYMAP_CACHE at an empty
folder, so they include building the offline gazetteer index; warm runs reuse
it. Results are reported as times and as the warm/cold ratio of the same run.

    python benchmarks/build.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(project: Path, cache: Path) -> float:
    env = {**os.environ, "GEO_STORYMAP_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo", "build", "-q", str(project)], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cold: list[float] = []
    warm: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "seed"
        shutil.copytree(REPO / "articles", project / "articles")
        shutil.copy(REPO / "places.yaml", project / "places.yaml")
        for index in range(args.repeat):
            cache = Path(tmp) / f"cache-{index}"
            cold.append(_run(project, cache))
            warm.append(_run(project, cache))
    cold_median, warm_median = statistics.median(cold), statistics.median(warm)
    print(f"geo build on the 5 seed articles, {args.repeat} runs each (median):")
    print(f"  cold (builds the gazetteer index): {cold_median:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in cold)}")
    print(f"  warm (index cached):               {warm_median:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in warm)}")
    print(f"  warm / cold: {warm_median / cold_median:.2f}")


if __name__ == "__main__":
    main()
