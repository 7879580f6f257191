"""Time `geo build` on the seed story: cold, warm, and again with nothing changed.

Each run is a separate `python -m geo build` process on a copy of the seed
project, as a user would run it. Cold runs point GEO_STORYMAP_CACHE at an empty
folder and start without the project's article cache, so they include building
the offline gazetteer index; warm runs reuse the index but not the article
cache; unchanged runs reuse both (a rebuild when no article changed). Results
are reported as times and as ratios to the cold runs of the same run.

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
    unchanged: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "seed"
        shutil.copytree(REPO / "articles", project / "articles")
        shutil.copy(REPO / "places.yaml", project / "places.yaml")
        for index in range(args.repeat):
            cache = Path(tmp) / f"cache-{index}"
            shutil.rmtree(project / ".geo-cache", ignore_errors=True)
            cold.append(_run(project, cache))
            shutil.rmtree(project / ".geo-cache", ignore_errors=True)
            warm.append(_run(project, cache))
            unchanged.append(_run(project, cache))
    cold_median, warm_median = statistics.median(cold), statistics.median(warm)
    unchanged_median = statistics.median(unchanged)
    print(f"geo build on the 5 seed articles, {args.repeat} runs each (median):")
    print(f"  cold (builds the gazetteer index): {cold_median:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in cold)}")
    print(f"  warm (index cached):               {warm_median:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in warm)}")
    print(f"  unchanged (article cache too):     {unchanged_median:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in unchanged)}")
    print(f"  warm / cold: {warm_median / cold_median:.2f}   unchanged / cold: {unchanged_median / cold_median:.2f}")


if __name__ == "__main__":
    main()
