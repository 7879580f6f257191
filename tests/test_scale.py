"""Scale: parallel and distributed reading, the per-article cache, the archive layout."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.build import BuildOptions, build_story, parallel, render_project
from geo.cli import main
from geo.render import render_site
from geo.render.archive import ARCHIVE_MIN_ARTICLES, SHARD_PLACES, choose_layout

pytestmark = pytest.mark.slow


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 3 articles, and worker pools from 4 articles: the parallel paths on a small archive."""
    monkeypatch.setattr(parallel, "CHUNK_ARTICLES", 3)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 4)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the articles read (NER, mentions, resolution), in this process."""
    seen: list[str] = []
    real = parallel.parse_chunk

    def parse_chunk(settings, articles):
        seen.extend(a.name for a in articles)
        return real(settings, articles)

    monkeypatch.setattr(parallel, "parse_chunk", parse_chunk)
    return seen


@pytest.fixture(scope="module")
def archive(tmp_path_factory, archive_kit) -> Path:
    return archive_kit.write(tmp_path_factory.mktemp("archive"), 40)


def _site(root: Path, **options) -> dict[str, bytes]:
    """Build and render as `geo build --layout archive` does (with the cache unless cache=False)."""
    result = build_story(root, BuildOptions(**options))
    return render_project(root / ".geo-cache" if options.get("cache", True) else None, result, "archive")


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src / "articles", dst / "articles")
    shutil.copy(src / "places.yaml", dst / "places.yaml")
    return dst


def test_workers_give_the_same_story_and_files(archive, small_chunks, tmp_path) -> None:
    serial = build_story(_copy(archive, tmp_path / "a"), BuildOptions(workers=1, cache=False))
    pooled = build_story(_copy(archive, tmp_path / "b"), BuildOptions(workers=2, cache=False))
    assert len(serial.story.articles) == 41 and len(serial.story.places) > 20
    assert pooled.story == serial.story
    assert render_site(pooled.story, pooled.config) == render_site(serial.story, serial.config)


def test_a_rebuild_reads_only_what_changed_and_matches_a_clean_build(archive, counted, tmp_path) -> None:
    root = _copy(archive, tmp_path / "p")
    _site(root, workers=1)
    assert len(counted) == 41 and (root / ".geo-cache" / "articles.sqlite").exists()

    runs = iter(range(100))

    def clean() -> dict[str, bytes]:
        return _site(_copy(root, tmp_path / f"clean-{next(runs)}"), workers=1, cache=False)

    counted.clear()
    rebuilt = _site(root, workers=1)
    assert counted == []  # nothing changed: nothing read
    assert rebuilt == clean()

    counted.clear()
    edited = root / "articles" / "report-007.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA later update came from Lisbon, Portugal.\n", encoding="utf-8")
    rebuilt = _site(root, workers=1)
    assert counted == ["report-007.md"]
    assert b"Lisbon" in b"".join(rebuilt.values())
    assert rebuilt == clean()

    counted.clear()
    (root / "articles" / "report-900.md").write_text("---\ntitle: New\n---\n\nFloods reached Lyon, France.\n", encoding="utf-8")
    rebuilt = _site(root, workers=1)
    assert counted == ["report-900.md"]
    assert rebuilt == clean()

    counted.clear()
    (root / "articles" / "report-003.md").unlink()
    rebuilt = _site(root, workers=1)
    assert counted == []
    assert "articles/report-003.html" not in rebuilt
    assert rebuilt == clean()


def test_changing_places_yaml_reads_every_article_again(archive, archive_kit, counted, tmp_path) -> None:
    root = _copy(archive, tmp_path / "p")
    with_lyon = _site(root, workers=1)
    counted.clear()
    (root / "places.yaml").write_text(archive_kit.places_yaml, encoding="utf-8")  # Lyon no longer curated
    without = _site(root, workers=1)
    assert len(counted) == 41
    assert without != with_lyon


def test_the_cache_is_pruned_to_the_articles_of_the_build(archive, tmp_path) -> None:
    import sqlite3

    root = _copy(archive, tmp_path / "p")
    _site(root, workers=1)
    for path in sorted((root / "articles").glob("report-0[0-2]*.md")):
        path.unlink()
    _site(root, workers=1)
    db = sqlite3.connect(root / ".geo-cache" / "articles.sqlite")
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "pairs", "claims")}
    db.close()
    assert counts == {"articles": 11, "pairs": 11, "claims": 11}
    db = sqlite3.connect(root / ".geo-cache" / "articles.sqlite")
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("pages", "rows", "excerpts")}
    db.close()
    assert counts == {"pages": 11, "rows": 11, "excerpts": 11}


def test_a_damaged_cache_is_set_aside_and_the_build_goes_on(archive, tmp_path, caplog) -> None:
    root = _copy(archive, tmp_path / "p")
    expected = _site(root, workers=1, cache=False)
    (root / ".geo-cache").mkdir()
    (root / ".geo-cache" / "articles.sqlite").write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING):
        assert _site(root, workers=1) == expected
    assert "article cache" in caplog.text
    assert (root / ".geo-cache" / "articles.sqlite.bad").exists()
    assert _site(root, workers=1) == expected  # and a new cache works


def test_a_damaged_cache_entry_is_recomputed(archive, counted, tmp_path) -> None:
    import sqlite3

    root = _copy(archive, tmp_path / "p")
    expected = _site(root, workers=1)
    db = sqlite3.connect(root / ".geo-cache" / "articles.sqlite")
    db.execute("UPDATE pairs SET value = X'00010203' WHERE rowid = (SELECT MIN(rowid) FROM pairs)")
    db.commit()
    db.close()
    counted.clear()
    assert _site(root, workers=1) == expected
    assert len(counted) == 1


def test_cli_build_flags(archive, tmp_path) -> None:
    root = _copy(archive, tmp_path / "p")
    result = CliRunner().invoke(main, ["build", str(root), "--no-png", "--no-cache", "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert not (root / ".geo-cache").exists()
    assert (root / "maps" / "excerpts" / "0000.js").exists() is False  # 41 articles: the story layout
    result = CliRunner().invoke(main, ["build", str(root), "--no-png", "--layout", "archive", "-q"])
    assert result.exit_code == 0, result.output
    assert (root / "maps" / "excerpts" / "0000.js").exists()
    result = CliRunner().invoke(main, ["build", str(root), "--dask-scheduler", "10.0.0.5:8786"])
    assert result.exit_code == 2 and "tcp://" in result.output


def test_layout_choice() -> None:
    from geo.model import Article, Story

    def story(n: int) -> Story:
        articles = tuple(Article(f"{i}.md", str(i), "t", "x") for i in range(n))
        return Story(title="t", focus=None, articles=articles, places=(), mentions=(), distances=())

    assert choose_layout(story(ARCHIVE_MIN_ARTICLES - 1)) == "story"
    assert choose_layout(story(ARCHIVE_MIN_ARTICLES)) == "archive"
    assert choose_layout(story(3), "archive") == "archive"
    assert choose_layout(story(10_000), "story") == "story"
    with pytest.raises(ValueError):
        choose_layout(story(3), "huge")


def test_archive_page_holds_no_excerpt_and_escapes_everything(archive, tmp_path) -> None:
    files = _site(_copy(archive, tmp_path / "p"), workers=1)
    index = files["index.html"].decode("utf-8")
    shards = sorted(k for k in files if k.startswith("excerpts/"))
    result = build_story(tmp_path / "p", BuildOptions(workers=1))
    assert len(shards) == -(-len(result.story.places) // SHARD_PLACES)
    # The excerpts are in the shards, not in the page.
    assert "flooding had closed roads" not in index
    assert any(b"flooding had closed roads" in files[k] for k in shards)
    # Article text never appears as markup: "<" is escaped in the page's JSON and in the shards.
    assert "<img src=x" not in index and "</script><script>window.__pwned" not in index
    assert "\\u003cimg src=x" in index
    assert not any(b"</script>" in files[k] for k in shards)
    assert any(b"\\u003c/script\\u003e" in files[k] for k in shards)
    # Deterministic.
    assert _site(tmp_path / "p", workers=1) == files


def test_hostile_text_is_only_text_in_the_data(archive, archive_kit, tmp_path) -> None:
    files = _site(_copy(archive, tmp_path / "p"), workers=1)
    index = files["index.html"].decode("utf-8")
    start = index.index('id="gs-data">') + len('id="gs-data">')
    data = json.loads(index[start : index.index("</script>", start)])
    titles = [a[1] for a in data["articles"]]
    assert archive_kit.hostile_title in titles
    shard_text = "".join(files[k].decode("utf-8") for k in files if k.startswith("excerpts/"))
    assert "window.__pwned=2" in shard_text and "</script>" not in shard_text


@pytest.fixture
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_cluster_builds_the_same_maps_and_geoparse_output(archive, dask_cluster, tmp_path) -> None:
    address = dask_cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    serial = _copy(archive, tmp_path / "serial")
    remote = _copy(archive, tmp_path / "remote")
    r1 = CliRunner().invoke(main, ["build", str(serial), "--no-png", "--no-cache", "--workers", "1", "--layout", "archive", "-q"])
    r2 = CliRunner().invoke(main, ["build", str(remote), "--no-png", "--no-cache", "--dask-scheduler", address,
                                   "--layout", "archive", "-q"])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(remote / "maps") == tree(serial / "maps")
    # The workers did the work: each of the two processes has a geoparser now.
    from distributed import Client

    with Client(address) as client:
        held = client.run(lambda: len(parallel._GEOPARSERS))
    assert sorted(held.values()) == [1, 1]

    source = tmp_path / "in.jsonl"
    texts = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted((archive / "articles").glob("*.md"))]
    source.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    out_local, out_dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    r1 = CliRunner().invoke(main, ["geoparse", str(source), "-o", str(out_local), "--workers", "1", "--dir", str(tmp_path)])
    r2 = CliRunner().invoke(main, ["geoparse", str(source), "-o", str(out_dask), "--dask-scheduler", address, "--dir", str(tmp_path)])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert out_dask.read_text(encoding="utf-8") == out_local.read_text(encoding="utf-8")
    assert len(out_local.read_text(encoding="utf-8").splitlines()) == len(texts)


def test_an_unreachable_scheduler_is_a_clear_error(archive, tmp_path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = _copy(archive, tmp_path / "p")
    result = CliRunner().invoke(main, ["build", str(root), "--no-png", "--no-cache", "--dask-scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output
    assert not (root / "maps").exists()


def test_cli_build_reports_progress_and_a_second_build_reads_nothing(archive, tmp_path, caplog) -> None:
    root = _copy(archive, tmp_path / "p")
    first = CliRunner().invoke(main, ["build", str(root), "--no-png", "--workers", "2"])
    assert first.exit_code == 0, first.output
    assert "Reading articles" in first.output and "Built " in first.output and "41 articles" in first.output
    # changes.json says what changed since the build before: the rest is the same.
    before = {p.name: p.read_bytes() for p in (root / "maps").rglob("*") if p.is_file() and p.name != "changes.json"}
    with caplog.at_level(logging.INFO, logger="geo.build.pipeline"):
        second = CliRunner().invoke(main, ["build", str(root), "--no-png"])
    assert second.exit_code == 0, second.output
    assert "41 articles: 41 from the cache, 0 to read" in caplog.text
    assert {p.name: p.read_bytes() for p in (root / "maps").rglob("*") if p.is_file() and p.name != "changes.json"} == before


def test_a_cache_held_by_another_command_is_left_alone(archive, tmp_path, caplog) -> None:
    import sqlite3

    root = _copy(archive, tmp_path / "p")
    expected = _site(root, workers=1)
    holder = sqlite3.connect(root / ".geo-cache" / "articles.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING):
            assert _site(root, workers=1) == expected
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "in use by another command" in caplog.text
    assert not (root / ".geo-cache" / "articles.sqlite.bad").exists()
    db = sqlite3.connect(root / ".geo-cache" / "articles.sqlite")
    assert db.execute("SELECT COUNT(*) FROM pairs").fetchone()[0] == 41  # nothing was lost
    db.close()
