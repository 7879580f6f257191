"""Bad and hostile input: clear errors, nothing lost, failures survived."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.cli import main
from geo.errors import ConfigError, GeoError
from geo.ingest.articles import MAX_ARTICLE_BYTES, load_articles
from geo.ingest.config import parse_config

from .conftest import make_project

GOOD = "---\ntitle: Good\n---\nTroops left Kabul for Bagram on Sunday.\n"
PLACES = "story:\n  title: T\n"


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ------------------------------------------------------------- articles
ODD_FILES = [
    ("empty.md", b"", "empty file"),
    ("blank.txt", b"  \n\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    ("control.txt", b"Title\n\x01\x02\x03 data", "binary file"),
    ("bad-front.md", b"---\ntitle: [unclosed\n---\nBody\n", "not valid YAML"),
]


@pytest.mark.parametrize(("name", "data", "message"), ODD_FILES, ids=[f[0] for f in ODD_FILES])
def test_bad_articles_are_reported_and_the_rest_builds(tmp_path, name, data, message):
    project = make_project(tmp_path, PLACES, {"good.md": GOOD})
    (project / "articles" / name).write_bytes(data)
    articles, problems = load_articles(project / "articles")
    assert [a.name for a in articles] == ["good.md"]
    assert len(problems) == 1 and str(problems[0]).startswith(name) and message in str(problems[0])
    result = CliRunner().invoke(main, ["build", "--no-png", str(project)])
    assert result.exit_code == 0, result.output
    assert f"Skipped: {name}" in result.output and "1 article," in result.output


ENCODINGS = [
    ("latin-1", "Café au Kabul\nLes troupes ont quitté Kaboul.\n".encode("latin-1")),
    ("cp1252", "Kabul \u201cquote\u201d \u2014 dash\nThe base near Kabul.\n".encode("cp1252")),
    ("utf-16-bom", "Kabul news\nTroops reached Kabul.\n".encode("utf-16")),
    ("utf-8-bom", "\ufeffKabul news\nTroops reached Kabul.\n".encode("utf-8")),
]


@pytest.mark.parametrize(("encoding", "data"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_other_encodings_are_detected(tmp_path, encoding, data):
    (tmp_path / "a.txt").write_bytes(data)
    articles, problems = load_articles(tmp_path)
    assert problems == ()
    assert "Kabul" in articles[0].text and "\ufeff" not in articles[0].title


ODD_NAMES = ["with spaces.md", "ünïcödé-Kābul.md", "hash#tag.md", "x" * 200 + ".md", "dots..in..name.md", "Kabul (2).md"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names_give_safe_reading_pages(tmp_path, name):
    project = make_project(tmp_path, PLACES, {name: GOOD})
    result = CliRunner().invoke(main, ["build", "-q", "--no-png", str(project)])
    assert result.exit_code == 0, result.output
    pages = list((project / "maps" / "articles").iterdir())
    assert len(pages) == 1
    page = pages[0].name
    assert page.endswith(".html") and len(page) <= 90 and all(c.isalnum() or c in "-." for c in page)
    assert pages[0].resolve().parent == (project / "maps" / "articles").resolve()


def test_huge_article_is_reported_not_read(tmp_path):
    project = make_project(tmp_path, PLACES, {"good.md": GOOD})
    with open(project / "articles" / "huge.txt", "wb") as handle:
        handle.write(b"Kabul. " * (MAX_ARTICLE_BYTES // 7 + 10))
    articles, problems = load_articles(project / "articles")
    assert [a.name for a in articles] == ["good.md"]
    assert "too large" in str(problems[0]) and str(problems[0]).startswith("huge.txt")


def test_long_text_goes_through_the_recogniser_in_pieces(monkeypatch):
    """Texts longer than spaCy's limit are read in pieces; offsets stay true."""
    from geo.find import ner

    text = "Rain fell in Kabul today.\n" * 400 + "Doha" * 300 + "\nTroops left Bagram.\n"
    cut = ner.pieces(text, size=1000)
    assert "".join(p for _, p in cut) == text and all(len(p) <= 1000 for _, p in cut)
    assert all(text[o : o + len(p)] == p for o, p in cut)
    monkeypatch.setattr(ner, "PIECE_CHARS", 1000)
    monkeypatch.setattr(ner, "pieces", lambda t, size=1000: cut if t == text else [(0, t)])
    found = ner.entities(text)
    kabul = [e for e in found if e.text == "Kabul"]
    assert len(kabul) == 400 and all(text[e.start : e.end] == e.text for e in found)


# ------------------------------------------------------------- config
BAD_YAML = [
    ("duplicate-key", "story:\n  title: T\nplaces:\n  - id: a\n    name: A\n    kind: city\n    lat: 1\n    lat: 2\n    lon: 3\n",
     8, "appears twice"),
    ("tab-indent", "story:\n\ttitle: T\n", 2, "invalid YAML"),
    ("nan-lon", "story:\n  title: T\nplaces:\n  - {id: a, name: A, kind: city, lat: 1, lon: .nan}\n", 4, "lon"),
    ("lat-infinite", "story:\n  title: T\nplaces:\n  - {id: a, name: A, kind: city, lat: .inf, lon: 1}\n", 4, "lat"),
    ("list-for-name", "story:\n  title: T\nplaces:\n  - {id: a, name: [A], kind: city, lat: 1, lon: 1}\n", 4, "name"),
]


@pytest.mark.parametrize(("text", "line", "message"), [b[1:] for b in BAD_YAML], ids=[b[0] for b in BAD_YAML])
def test_more_bad_configs(text, line, message):
    with pytest.raises(ConfigError) as info:
        parse_config(text, "places.yaml")
    assert f"places.yaml, line {line}:" in str(info.value) and message in str(info.value)


# ------------------------------------------------------------- nothing lost
def test_out_of_space_keeps_the_last_good_maps(tmp_path, monkeypatch):
    project = make_project(tmp_path, PLACES, {"good.md": GOOD})
    assert CliRunner().invoke(main, ["build", "-q", "--no-png", str(project)]).exit_code == 0
    before = _tree(project / "maps")
    real = Path.write_bytes

    def full(self, data):
        if ".maps-new-" in str(self) and self.name.endswith(".geojson"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = CliRunner().invoke(main, ["build", str(project), "--no-png"])
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert _tree(project / "maps") == before
    assert sorted(p.name for p in project.iterdir()) == [".geo-cache", "articles", "maps", "places.yaml"]


@pytest.mark.slow
def test_sigterm_during_a_build_keeps_the_last_good_maps(tmp_path, repo):
    seed = next((repo / "articles").iterdir()).read_text(encoding="utf-8")
    project = make_project(tmp_path, PLACES, {"good.md": GOOD})
    assert CliRunner().invoke(main, ["build", "-q", "--no-png", str(project)]).exit_code == 0
    before = _tree(project / "maps")
    for i in range(300):  # enough reading for the signal to land inside the build
        (project / "articles" / f"a{i:03d}.md").write_text(seed, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "geo", "build", "--no-png", "--workers", "1", str(project)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        process.wait(timeout=4)  # loading the model and the gazetteer, then reading
    except subprocess.TimeoutExpired:
        pass
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the build finished before the signal")
    assert process.returncode == 143 and "Traceback" not in err and "maps/ is as it was" in err
    assert _tree(project / "maps") == before
    assert not any(p.name.startswith(".maps-") for p in project.iterdir())


@pytest.mark.slow
def test_damaged_gazetteer_index_is_rebuilt(tmp_path, monkeypatch, caplog):
    from geo.resolve.gazetteer import open_gazetteer

    source = open_gazetteer()
    folder = tmp_path / "cache"
    folder.mkdir()
    damaged = folder / source.path.name
    data = source.path.read_bytes()
    source.close()
    damaged.write_bytes(data[: len(data) // 3])  # truncated
    with caplog.at_level("WARNING"):
        rebuilt = open_gazetteer(folder)
    assert "damaged" in caplog.text
    assert rebuilt.lookup("Kabul")[0].country == "AF"
    rebuilt.close()


def test_cache_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    env = {**os.environ, "GEO_STORYMAP_CACHE": str(blocker / "cache")}
    project = make_project(tmp_path / "p", PLACES, {"good.md": GOOD})
    result = subprocess.run([sys.executable, "-m", "geo", "build", "--no-png", str(project)], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot create the cache folder" in result.stderr


# ------------------------------------------------------------- properties
@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-kmilesabouttoNSEW of from away Kabul Bagram")), max_size=120))
def test_claim_finder_never_fails_and_offsets_hold(text):
    from geo.claims import check_claim, find_claims
    from geo.find.mentions import AliasIndex, find_mentions
    from geo.ingest.articles import parse_article
    from geo.model import Place

    places = (Place("kabul", "Kabul", "capital", 34.5, 69.2, "AF"), Place("bagram", "Bagram", "airbase", 34.9, 69.3, "AF"))
    article = parse_article(f"---\ntitle: t\n---\n{text}", "t.md")
    mentions = find_mentions(article, AliasIndex(places), lookup=None)
    for claim in find_claims(article, mentions, "bagram"):
        assert 0 <= claim.start <= claim.end <= len(article.text)
        checked = check_claim(claim, {p.id: p for p in places})
        assert checked.verdict in ("consistent", "inconsistent", "unverifiable")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_are_reported(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "x.txt").write_bytes(data)
    try:
        articles, problems = load_articles(folder)
    except GeoError:  # pragma: no cover - load_articles reports per file
        pytest.fail("load_articles raised instead of reporting")
    assert len(articles) + len(problems) == 1
