#!/usr/bin/env python3
"""How big the story map is, and what the offline basemap's detail adds to it.

    python benchmarks/page_size.py

Builds the seed story and the local example (``docs/examples/kentucky``) in a temporary folder,
then renders each map twice in the same run: as shipped, and with the world basemap alone (no
detail around the story), and prints the sizes of ``index.html``, the ratio between the two,
the time each render took and the detail's share of the page, against the 2 MB limit.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from unittest import mock

from geo.build import build_story
from geo.measure.basemap import BasemapDetail
from geo.render import render_site

ROOT = Path(__file__).resolve().parent.parent
STORIES = {"seed (Bagram)": ROOT, "local (docs/examples/kentucky)": ROOT / "docs" / "examples" / "kentucky"}
LIMIT = 2 * 1024 * 1024


def _render(result, detail: bool) -> tuple[int, float]:
    start = time.perf_counter()
    if detail:
        page = render_site(result.story, result.config)["index.html"]
    else:
        empty = BasemapDetail(None, {}, ())
        with mock.patch("geo.render.map.basemap_detail", lambda view: empty):
            page = render_site(result.story, result.config)["index.html"]
    return len(page), time.perf_counter() - start


def main() -> None:
    print("| story | index.html | world basemap alone | ratio | detail's share | render s (with / without) | ≤ 2 MB |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, source in STORIES.items():
            project = Path(folder) / name.split()[0]
            project.mkdir()
            shutil.copy(source / "places.yaml", project / "places.yaml")
            shutil.copytree(source / "articles", project / "articles")
            result = build_story(project)
            _render(result, True)  # the extract is read once per process: time the second render
            with_detail, t_with = _render(result, True)
            without, t_without = _render(result, False)
            print(
                f"| {name} | {with_detail / 1e6:.2f} MB | {without / 1e6:.2f} MB | {with_detail / without:.2f} | "
                f"{(with_detail - without) / with_detail:.0%} | {t_with:.2f} / {t_without:.2f} | "
                f"{'yes' if with_detail <= LIMIT else 'NO'} |"
            )


if __name__ == "__main__":
    main()
