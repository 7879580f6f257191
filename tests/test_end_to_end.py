"""The seed story from articles to files, checked on the data it writes."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.measure.distance import geodesic_km
from geo.model import Place

# Where each seed place must be (lat, lon, tolerance km).
EXPECTED_PLACES = {
    "bagram-air-base": (34.946, 69.265, 2),
    "kabul": (34.528, 69.172, 5),
    "hamid-karzai-international-airport": (34.566, 69.212, 3),
    "doha": (25.285, 51.531, 5),
    "washington": (38.895, -77.036, 5),
    "afghanistan": (33.9, 67.7, 400),
    "united-states": (39.8, -98.6, 800),
    "china": (35.9, 104.2, 1000),
    "russia": (61.5, 105.3, 2000),
    "united-kingdom": (54.0, -2.5, 400),
    "lop-nur": (41.5, 88.5, 100),
}

# Each seed article (by the start of its file name) and places it names.
PLACES_BY_ARTICLE = {
    "2025-09-19-taliban-us-cannot": {"bagram-air-base", "kabul", "hamid-karzai-international-airport", "washington",
                                     "afghanistan", "united-states", "russia"},
    "2025-09-19-taliban-reject-prospect": {"bagram-air-base", "doha", "washington", "afghanistan", "united-states",
                                           "china", "united-kingdom", "lop-nur"},
    "2025-09-22-taliban-reject-trump-attempt": {"bagram-air-base", "doha", "kabul", "afghanistan", "united-states",
                                                "united-kingdom"},
    "2025-09-21-taliban-reject-trump-bid": {"bagram-air-base", "doha", "afghanistan", "united-states"},
    "2025-09-21-taliban-reject-negotiations": {"bagram-air-base", "kabul", "washington", "afghanistan",
                                               "united-states", "united-kingdom"},
}

NEVER_PLACES = {
    "trump", "biden", "mujahid", "jalaly", "jalali", "boehler", "muttaqi", "fitrat", "taliban", "nato",
    "reuters", "the hill", "bbc", "ap", "x", "truth social", "sunday", "saturday", "friday",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, repo) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    shutil.copytree(repo / "articles", root / "articles")
    shutil.copy(repo / "places.yaml", root / "places.yaml")
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "5 articles" in result.output
    return root


def _features(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    return {f["properties"]["id"]: f for f in data["features"]}


@pytest.mark.parametrize("place_id", sorted(EXPECTED_PLACES))
def test_seed_place_is_found_at_the_right_coordinates(built, place_id):
    lat, lon, tolerance = EXPECTED_PLACES[place_id]
    feature = _features(built / "maps" / "places.geojson")[place_id]
    f_lon, f_lat = feature["geometry"]["coordinates"]
    here = Place("x", "x", "x", f_lat, f_lon)
    there = Place("y", "y", "y", lat, lon)
    assert geodesic_km(here, there) <= tolerance
    assert feature["properties"]["mentions"], f"{place_id} has no mentions"


@pytest.mark.parametrize("prefix", sorted(PLACES_BY_ARTICLE))
def test_each_seed_names_its_places(built, prefix):
    features = _features(built / "maps" / "places.geojson")
    found = {
        pid for pid, f in features.items() if any(m["article"].startswith(prefix) for m in f["properties"]["mentions"])
    }
    assert PLACES_BY_ARTICLE[prefix] <= found


def test_bagram_has_excerpts_from_every_article(built):
    bagram = _features(built / "maps" / "places.geojson")["bagram-air-base"]
    assert len({m["article"] for m in bagram["properties"]["mentions"]}) == 5


def test_mentions_point_into_the_articles(built):
    from geo.ingest.articles import load_articles

    articles = {a.name: a for a in load_articles(built / "articles")[0]}
    for feature in _features(built / "maps" / "places.geojson").values():
        for m in feature["properties"]["mentions"]:
            text = articles[m["article"]].text
            assert text[m["start"] : m["end"]] == m["text"]
            assert m["text"] in m["sentence"]


def test_no_never_place_is_mapped(built):
    features = _features(built / "maps" / "places.geojson")
    names = {f["properties"]["name"].casefold() for f in features.values()}
    texts = {m["text"].casefold() for f in features.values() for m in f["properties"]["mentions"]}
    assert not (names | texts) & NEVER_PLACES
    rows = list(csv.DictReader(io.StringIO((built / "maps" / "mentions.csv").read_text(encoding="utf-8"))))
    assert not {r["text"].casefold() for r in rows if not r["status"].startswith("set aside")} & NEVER_PLACES
    # Nothing is dropped silently: what the gazetteer knows but the finders refused is listed, with why.
    aside = {r["text"].casefold(): r["status"] for r in rows if r["status"].startswith("set aside: ")}
    assert aside, "the seed articles name people and outlets the gazetteer knows as places"
    assert not any("/" in r["text"] for r in rows)


def test_bagram_kabul_line_reads_about_47_km(built):
    data = json.loads((built / "maps" / "distances.geojson").read_text(encoding="utf-8"))
    line = next(f for f in data["features"] if {f["properties"]["from"], f["properties"]["to"]} == {"bagram-air-base", "kabul"})
    assert line["properties"]["distance_km"] == pytest.approx(47.1, abs=0.1)
    assert line["geometry"]["type"] == "LineString"
    html = (built / "maps" / "index.html").read_text(encoding="utf-8")
    assert "47.1 km" in html


def test_map_is_self_contained(built):
    html = (built / "maps" / "index.html").read_text(encoding="utf-8")
    assert '<script src="http' not in html and '<link rel="stylesheet" href="http' not in html
    assert "L.map(" in html
    for page in (built / "maps" / "articles").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'href="../index.html#place=bagram-air-base"' in text


def test_two_builds_are_byte_identical(built, tmp_path):
    first = tmp_path / "first"
    shutil.copytree(built / "maps", first)
    result = CliRunner().invoke(main, ["build", "-q", str(built)])
    assert result.exit_code == 0, result.output
    comparison = filecmp.dircmp(first, built / "maps", ignore=["changes.json"])
    assert _all_same(comparison), "a second build changed files"
    # ... but for changes.json, which now says that nothing changed.
    changes = json.loads((built / "maps" / "changes.json").read_text(encoding="utf-8"))["changes"]
    assert changes["since"] == "the last build"
    assert not any(changes[k] for k in ("places_added", "places_removed", "places_moved", "verdicts_changed"))


def _all_same(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    # dircmp compares shallowly (size and mtime); compare bytes too.
    for name in cmp.common_files:
        if Path(cmp.left, name).read_bytes() != Path(cmp.right, name).read_bytes():
            return False
    return all(_all_same(sub) for sub in cmp.subdirs.values())


def test_committed_maps_are_up_to_date(built, repo):
    """maps/ in the repository is exactly what `geo build` makes now."""
    # changes.json says what changed since the build before: it is not committed (see .gitignore).
    committed = sorted(p.relative_to(repo / "maps") for p in (repo / "maps").rglob("*")
                       if p.is_file() and p.name != "changes.json")
    fresh = sorted(p.relative_to(built / "maps") for p in (built / "maps").rglob("*")
                   if p.is_file() and p.name != "changes.json")
    assert committed == fresh, "run `geo build` and commit maps/"
    # The picture depends on the installed browser and fonts: it is checked for
    # what it is, not byte by byte.
    stale = [
        str(p) for p in fresh
        if p.suffix != ".png" and (repo / "maps" / p).read_bytes() != (built / "maps" / p).read_bytes()
    ]
    assert not stale, f"maps/ is out of date ({', '.join(stale)}): run `geo build` and commit maps/"


def test_static_picture_is_a_social_card(built):
    """maps/index.png is made when Chromium is installed (CI installs it)."""
    import struct

    picture = built / "maps" / "index.png"
    if not picture.exists():
        pytest.skip("no Chromium here, so no index.png")
    data = picture.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 630)
