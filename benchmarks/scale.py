"""Scale: newsroom archives of 1,000 and 10,000 articles, in one run, as ratios.

For each size N (texts of ``../shared/benchmarks/`` cycled, see ``corpus.py``):

* **NER alone**: spaCy's ``en_core_web_sm`` (the parts NER needs, as the
  build loads it) reading the same article bodies in one process: the yardstick.
* **full build**: ``python -m geo build -q`` in a fresh process with the
  defaults (all cores, PNG snapshot), empty article cache, gazetteer index
  already built. Peak memory is the largest sum of the resident memory of the
  build and its workers, sampled every 0.2 s (shared pages are counted in each
  process, so this overstates).
* **rebuild after one edit**: one article changed, the same command again.
  At N = 1,000 the maps of this rebuild are compared, file by file, with a
  clean build of the edited archive (``--no-cache``); index.png is left out,
  as it depends on the browser's rendering.
* **the map**: index.html size, and the time headless Chromium takes from
  navigation to a ready page (the archive script sets ``data-ready``), and to
  the excerpts of the most mentioned place shown in its popup.
* **folium as a user would write it**: one ``folium.Marker`` per place with a
  ``folium.Popup`` holding its excerpts (title and sentence of every mention),
  saved with ``Map.save``; size and time to the ``load`` event (Leaflet served
  from the installed package in place of folium's CDN, other CDN files refused).

Then the distance matrix of 1,000 places (``distmatrix.py``).

    python benchmarks/scale.py [--sizes 1000 10000] [--words 400]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_archive  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_build(project: Path, *extra: str) -> tuple[float, int]:
    """Seconds and peak tree RSS (bytes) of ``geo build`` on *project*."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "geo", "build", "-q", *extra, str(project)])
    proc = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"geo build failed with {child.returncode}")
    return seconds, peak


def ner_alone(project: Path) -> tuple[float, int]:
    """Seconds spaCy's NER takes to read the article bodies in one process; tokens read."""
    code = (
        "import sys, time, json\n"
        "from pathlib import Path\n"
        "from geo.ingest.articles import load_articles\n"
        "from geo.find.ner import load_ner\n"
        "articles, _ = load_articles(Path(sys.argv[1]))\n"
        "texts = [a.text for a in articles]\n"
        "nlp = load_ner()\n"
        "start = time.perf_counter(); tokens = 0\n"
        "for doc in nlp.pipe(texts, batch_size=32): tokens += len(doc)\n"
        "print(json.dumps([time.perf_counter() - start, tokens]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(project / "articles")], check=True, capture_output=True, text=True)
    seconds, tokens = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, tokens


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _browser():
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
    return manager, browser


def load_ours(index: Path) -> dict[str, float]:
    manager, browser = _browser()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(index.as_uri())
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        ready = time.perf_counter() - start
        start = time.perf_counter()
        page.click("#gs-top button >> nth=0")
        page.wait_for_selector(".gs-popup .gs-excerpt-list li", timeout=60_000)
        popup = time.perf_counter() - start
        return {"ready_s": ready, "popup_s": popup}
    finally:
        browser.close()
        manager.stop()


def load_folium(index: Path, places: int) -> dict[str, Any]:
    """Time to the ``load`` event and to all *places* markers on the map."""
    from xstatic.pkg import jquery, leaflet

    local = {
        "leaflet.js": Path(leaflet.BASE_DIR) / "leaflet.js",
        "leaflet.css": Path(leaflet.BASE_DIR) / "leaflet.css",
        "jquery-3.7.1.min.js": Path(jquery.BASE_DIR) / "jquery.min.js",
    }
    manager, browser = _browser()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(request_route):
            url = request_route.request.url
            if url.startswith("file:"):
                return request_route.continue_()
            name = url.rsplit("/", 1)[-1]
            if name in local:
                return request_route.fulfill(path=str(local[name]))
            return request_route.abort()  # bootstrap, font-awesome...: not needed by markers and popups

        page.route("**/*", route)
        start = time.perf_counter()
        try:
            page.goto(index.as_uri(), wait_until="load", timeout=600_000)
        except Exception as err:  # a page too large to open is a result, not a crash
            return {"load_s": None, "error": str(err).splitlines()[0]}
        loaded = time.perf_counter() - start
        shown = page.evaluate("document.querySelectorAll('.leaflet-marker-icon').length")
        return {"load_s": loaded, "markers": shown, "expected_markers": places, "errors": errors[:3]}
    finally:
        browser.close()
        manager.stop()


def folium_naive(project: Path, target: Path) -> int:
    """The map a folium user would write for the built story; returns the number of places."""
    code = r'''
import sys, html
from pathlib import Path
import folium
from geo.build import build_story, BuildOptions
result = build_story(Path(sys.argv[1]), BuildOptions(workers=2))
story = result.story
texts = {a.name: a for a in story.articles}
by_place = {}
for m in story.mentions:
    by_place.setdefault(m.place_id, []).append(m)
fmap = folium.Map(location=[20, 0], zoom_start=2)
for place in story.places:
    items = "".join(
        f"<li><b>{html.escape(texts[m.article].title)}</b>: "
        f"{html.escape(texts[m.article].text[m.sentence.start:m.sentence.end])}</li>"
        for m in by_place.get(place.id, [])
    )
    popup = folium.Popup(f"<h4>{html.escape(place.name)}</h4><ul>{items}</ul>", max_width=350)
    folium.Marker([place.lat, place.lon], popup=popup, tooltip=place.name).add_to(fmap)
fmap.save(sys.argv[2])
print(len(story.places))
'''
    out = subprocess.run([sys.executable, "-c", code, str(project), str(target)], check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def edit_one(project: Path) -> Path:
    path = sorted((project / "articles").glob("*.md"))[len(list((project / "articles").glob("*.md"))) // 2]
    path.write_text(path.read_text(encoding="utf-8") + "\nA correction was added later in Lyon, France.\n", encoding="utf-8")
    return path


def measure(size: int, words: int, work: Path) -> dict[str, Any]:
    project = work / f"archive-{size}"
    total_words = write_archive(project, size, words)
    row: dict[str, Any] = {"articles": size, "words": total_words}
    row["ner_s"], row["tokens"] = ner_alone(project)
    print(f"[{size}] NER alone: {row['ner_s']:.1f} s for {row['tokens']:,} tokens", flush=True)
    row["build_s"], row["build_peak"] = run_build(project)
    print(f"[{size}] full build: {row['build_s']:.1f} s, peak {row['build_peak'] / 2**30:.2f} GiB", flush=True)
    index = project / "maps" / "index.html"
    row["index_bytes"] = index.stat().st_size
    row["maps_bytes"] = sum(p.stat().st_size for p in (project / "maps").rglob("*") if p.is_file())
    row.update(load_ours(index))
    print(f"[{size}] index.html {row['index_bytes'] / 1e6:.2f} MB, ready in {row['ready_s']:.2f} s, "
          f"popup in {row['popup_s']:.2f} s", flush=True)
    edit_one(project)
    row["rebuild_s"], row["rebuild_peak"] = run_build(project)
    print(f"[{size}] rebuild after one edit: {row['rebuild_s']:.1f} s", flush=True)
    if size <= 1000:
        rebuilt = _tree(project / "maps")
        clean = work / f"clean-{size}"
        shutil.copytree(project / "articles", clean / "articles")
        shutil.copy(project / "places.yaml", clean / "places.yaml")
        run_build(clean, "--no-cache")
        fresh = _tree(clean / "maps")
        rebuilt.pop("index.png", None), fresh.pop("index.png", None)
        row["rebuild_identical"] = rebuilt == fresh
        print(f"[{size}] rebuild identical to a clean build: {row['rebuild_identical']}", flush=True)
    naive = work / f"folium-{size}.html"
    places = folium_naive(project, naive)
    row["folium_bytes"] = naive.stat().st_size
    row.update({f"folium_{k}": v for k, v in load_folium(naive, places).items()})
    print(f"[{size}] folium as a user would write it: {row['folium_bytes'] / 1e6:.1f} MB, "
          f"load {row.get('folium_load_s')}, markers {row.get('folium_markers')} of {places}", flush=True)
    naive.unlink()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--words", type=int, default=400, help="least words per article")
    args = parser.parse_args()
    from geo.resolve.gazetteer import open_gazetteer

    open_gazetteer().close()  # timings are of warm builds: the index exists
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            rows.append(measure(size, args.words, Path(tmp)))
    import distmatrix

    matrix = distmatrix.run(1000)
    print("\n| articles | words | NER alone (1 core) | full build | build / NER | peak memory | rebuild after 1 edit | "
          "rebuild / build | index.html | ready | popup | folium size | folium load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        load = r.get("folium_load_s")
        print(
            f"| {r['articles']:,} | {r['words']:,} | {r['ner_s']:.1f} s | {r['build_s']:.1f} s | "
            f"**{r['build_s'] / r['ner_s']:.2f}** | {r['build_peak'] / 2**30:.2f} GiB | {r['rebuild_s']:.1f} s | "
            f"**{r['rebuild_s'] / r['build_s']:.3f}** | {r['index_bytes'] / 1e6:.2f} MB | {r['ready_s']:.2f} s | "
            f"{r['popup_s']:.2f} s | {r['folium_bytes'] / 1e6:.1f} MB | "
            + (f"{load:.1f} s" if load is not None else f"failed: {r.get('folium_error', '')}") + " |"
        )
    for r in rows:
        if "rebuild_identical" in r:
            print(f"\n{r['articles']:,} articles: rebuild identical to a clean build of the edited archive: {r['rebuild_identical']}")
    print(f"\nDistance matrix, {matrix['n']} places ({matrix['pairs']:,} ordered pairs): vectorised "
          f"{matrix['seconds_vectorised']:.3f} s, geopy per pair {matrix['seconds_geopy']:.1f} s "
          f"({matrix['speedup']:.0f}x), max difference {matrix['max_diff_m']:.1e} m")
    print("\n" + json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
