"""A project folder from a stranger: nothing in it runs code, leaks files or takes the machine down.

Each test reproduces a problem a hostile or unlucky project caused and shows it
fixed. YAML bombs and limits are in ``test_hostile_yaml.py``; the geocode cache
and hostile online services in ``test_hostile_online.py``.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.build import cache as article_cache
from geo.cli import main
from geo.find import ner
from geo.model import Article, Mention, Place, Span, Story
from geo.project.output import write_site
from geo.render.exports import mentions_csv

from .conftest import make_project

PLACES = "story:\n  title: A story from a stranger\n"
ARTICLE = "---\ntitle: Floods\n---\nOfficials in Kabul said the roads to Herat were closed.\n"
MARKER_NAME = "pwned-by-the-cache"


def _project(root: Path, **articles: str) -> Path:
    return make_project(root, PLACES, {"floods.md": ARTICLE, **articles})


def _build(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--no-png", *extra, str(root)])
    return result.exit_code, result.output


def _maps(root: Path) -> dict[str, bytes]:
    """The files of maps/, but changes.json (which says what changed since the build before)."""
    folder = root / "maps"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "changes.json"}


class _CreatesAFile:
    """A pickle that, when loaded, creates a file: what a crafted cache carried."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _rows(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as db:
        return [(t, k) for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'meta'")
                for (k,) in db.execute(f'SELECT key FROM "{t}"')]


# 1. Code execution from .geo-cache/


@pytest.mark.parametrize("payload", ["pickle", "unsigned data"])
def test_a_crafted_cache_entry_runs_no_code(tmp_path, caplog, payload):
    root = _project(tmp_path / "p")
    assert _build(root)[0] == 0
    before = _maps(root)
    db_path = root / ".geo-cache" / "articles.sqlite"
    rows = _rows(db_path)
    assert rows, "the first build filled the cache"
    target = tmp_path / MARKER_NAME
    if payload == "pickle":  # what the old cache format would have loaded
        blob = zlib.compress(pickle.dumps(_CreatesAFile(str(target))))
    else:  # well-formed data, signed by nobody
        blob = b"\0" * 32 + zlib.compress(article_cache.record_codec.encode(("forged", 1)))
    with sqlite3.connect(db_path) as db:
        for table, key in rows:
            db.execute(f'UPDATE "{table}" SET value = ? WHERE key = ?', (blob, key))
    code, output = _build(root)
    assert code == 0, output
    assert not target.exists()
    assert _maps(root) == before
    assert "damaged or not written here" in caplog.text


def test_a_cache_written_by_another_user_is_a_miss(tmp_path, monkeypatch, caplog):
    root = _project(tmp_path / "p")
    assert _build(root)[0] == 0
    before = _maps(root)
    from geo.build import signing

    other = b"another user's key of 32 bytes.." * 2
    monkeypatch.setattr(article_cache, "user_key", lambda: other)
    monkeypatch.setattr(signing, "user_key", lambda: other)
    assert _build(root)[0] == 0
    assert "written by another user or machine" in caplog.text
    assert _maps(root) == before


def test_cached_records_come_back_equal():
    article = Article("a.md", "a", "T", "Officials in Kabul", debris=(Span(0, 3),))
    mention = Mention("a.md", 13, 18, "Kabul", "kabul", Span(0, 18), "kabul", "ner")
    value = (article, [(mention, None)], {"k": (1.5, None)})
    sealed = article_cache.seal("pairs", "key", value)
    assert article_cache.unseal("pairs", "key", sealed) == value
    with pytest.raises(ValueError):
        article_cache.unseal("pairs", "other key", sealed)  # an entry moved to another key


def test_the_codec_refuses_what_it_did_not_write():
    import msgpack

    from geo.build.codec import DecodeError, decode, encode

    for data in (b"\xc1", msgpack.packb(msgpack.ExtType(9, b"")), msgpack.packb(msgpack.ExtType(1, msgpack.packb([99]))),
                 msgpack.packb(msgpack.ExtType(1, msgpack.packb([0, 1]))),  # a Span with one field
                 msgpack.packb(msgpack.ExtType(1, msgpack.packb([0, 5, 1])))):  # a Span ending before it starts
        with pytest.raises(DecodeError):
            decode(data)
    with pytest.raises(TypeError):
        encode(_CreatesAFile("x"))


# 6. A symlinked cache damages another database


def _other_database(path: Path) -> bytes:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE precious (value TEXT)")
        db.execute("INSERT INTO precious VALUES ('keep me')")
    return path.read_bytes()


def test_a_cache_file_linked_elsewhere_is_not_opened(tmp_path, caplog):
    root = _project(tmp_path / "p")
    other = tmp_path / "other.sqlite"
    original = _other_database(other)
    (root / ".geo-cache").mkdir()
    (root / ".geo-cache" / "articles.sqlite").symlink_to(other)
    code, output = _build(root)
    assert code == 0, output
    assert other.read_bytes() == original
    assert "is a symbolic link" in caplog.text


def test_a_cache_folder_linked_elsewhere_is_not_written(tmp_path, caplog):
    root = _project(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".geo-cache").symlink_to(elsewhere, target_is_directory=True)
    assert _build(root)[0] == 0
    assert list(elsewhere.iterdir()) == []


def test_a_journal_linked_elsewhere_is_not_written(tmp_path, caplog):
    root = _project(tmp_path / "p")
    victim = tmp_path / "victim.txt"
    victim.write_text("unchanged")
    (root / ".geo-cache").mkdir()
    (root / ".geo-cache" / "articles.sqlite-journal").symlink_to(victim)
    assert _build(root)[0] == 0
    assert victim.read_text() == "unchanged"


def test_a_database_without_the_marker_is_set_aside_unaltered(tmp_path, caplog):
    root = _project(tmp_path / "p")
    (root / ".geo-cache").mkdir()
    original = _other_database(root / ".geo-cache" / "articles.sqlite")
    assert _build(root)[0] == 0
    assert (root / ".geo-cache" / "articles.sqlite.bad").read_bytes() == original
    assert "not this program's cache" in caplog.text
    assert _build(root)[0] == 0  # the new cache carries the marker: no warning the second time
    assert caplog.text.count("not this program's cache") == 1


def _marked_database(path: Path, *statements: str) -> None:
    """An SQLite file carrying the program's marker (anyone can set it) and *statements*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA application_id = {article_cache.APPLICATION_ID}")
        for statement in statements:
            db.execute(statement)
    db.close()


def test_a_planted_journal_is_never_replayed(tmp_path):
    """SQLite replays a journal it finds beside a database, and deletes the file a
    "super-journal" record names: a planted journal could delete any file."""
    import struct

    root = _project(tmp_path / "p")
    victim = tmp_path / "thesis.txt"
    victim.write_text("years of work")
    db_path = root / ".geo-cache" / "articles.sqlite"
    _marked_database(db_path, "CREATE TABLE t (x)")
    data = db_path.read_bytes()
    page = struct.unpack(">H", data[16:18])[0]
    magic = bytes.fromhex("d9d505f920a163d7")
    target = str(victim).encode()
    header = magic + struct.pack(">IIIII", 0, 0x12345678, len(data) // page, 512, page)
    record = struct.pack(">I", 0x40000000 // page + 1) + target + struct.pack(">II", len(target), sum(target)) + magic
    (db_path.parent / "articles.sqlite-journal").write_bytes(header.ljust(512, b"\0") + record)
    assert _build(root)[0] == 0
    assert victim.read_text() == "years of work"
    assert (db_path.parent / "articles.sqlite-journal.bad").exists()


@pytest.mark.slow
def test_a_planted_view_cannot_run_without_end(tmp_path, caplog):
    root = _project(tmp_path / "p")
    _marked_database(root / ".geo-cache" / "articles.sqlite",
                     "CREATE VIEW meta(key, value) AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                     "SELECT 'schema', x FROM c WHERE x < 0")
    done = subprocess.run([sys.executable, "-m", "geo", "build", "--no-png", str(root)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "holds more than this program's tables; setting it aside" in done.stderr


def test_a_file_that_cannot_be_set_aside_is_left_unaltered(tmp_path, caplog):
    root = _project(tmp_path / "p")
    (root / ".geo-cache").mkdir()
    original = _other_database(root / ".geo-cache" / "articles.sqlite")
    (root / ".geo-cache" / "articles.sqlite.bad" / "x").mkdir(parents=True)  # the rename must fail
    assert _build(root)[0] == 0
    assert (root / ".geo-cache" / "articles.sqlite").read_bytes() == original
    assert "left as it is" in caplog.text


def test_a_cache_in_use_is_not_touched(tmp_path, caplog):
    root = _project(tmp_path / "p")
    assert _build(root)[0] == 0
    in_use = article_cache.ArticleCache(root / ".geo-cache" / "articles.sqlite")
    try:
        assert _build(root)[0] == 0
        assert "in use by another geo command" in caplog.text
    finally:
        in_use.close()


# 2. Files outside the project published


def test_an_article_linked_outside_is_skipped_and_not_published(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\nThe password is hunter2, kept in Kabul.\n")
    root = _project(tmp_path / "p")
    (root / "articles" / "passwd.txt").symlink_to(secret)
    code, output = _build(root)
    assert code == 0
    assert "Skipped: passwd.txt: a symbolic link" in output
    assert not any(b"hunter2" in data for data in _maps(root).values())


def test_an_articles_folder_linked_outside_is_refused(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "notes.txt").write_text("Notes\nMy PIN is 4242, said officials in Kabul.\n")
    root = tmp_path / "p"
    root.mkdir()
    (root / "places.yaml").write_text(PLACES)
    (root / "articles").symlink_to(secret, target_is_directory=True)
    code, output = _build(root)
    assert code == 1
    assert output.startswith("Error: articles: a symbolic link to ") and "outside the project" in output
    assert not (root / "maps").exists()


def test_places_yaml_linked_outside_is_refused_but_links_inside_work(tmp_path):
    root = _project(tmp_path / "p")
    (root / "shared.yaml").write_text(PLACES)
    (root / "places.yaml").unlink()
    (root / "places.yaml").symlink_to(root / "shared.yaml")
    assert _build(root)[0] == 0
    (tmp_path / "outside.yaml").write_text(PLACES)
    (root / "places.yaml").unlink()
    (root / "places.yaml").symlink_to(tmp_path / "outside.yaml")
    code, output = _build(root)
    assert code == 1 and "places.yaml: a symbolic link to" in output


def test_a_pipe_among_the_articles_is_skipped_not_waited_for(tmp_path):
    root = _project(tmp_path / "p")
    os.mkfifo(root / "articles" / "pipe.md")
    code, output = _build(root)
    assert code == 0
    assert "Skipped: pipe.md: not a regular file" in output


# 3. Output and memory linear in the input


def test_exported_context_is_bounded_whatever_the_sentence_length(tmp_path):
    body = "officials in Kabul said, " * 2000  # 50 KB and no full stop
    root = _project(tmp_path / "p", **{"worst.md": f"---\ntitle: Worst\n---\n{body}\n"})
    assert _build(root)[0] == 0
    features = json.loads((root / "maps" / "places.geojson").read_text())["features"]
    sentences = [m["sentence"] for f in features for m in f["properties"]["mentions"]]
    assert len(sentences) > 2000
    assert max(map(len, sentences)) <= len("Kabul") + 2 * 140 + 2
    rows = list(csv.DictReader(io.StringIO((root / "maps" / "mentions.csv").read_text())))
    assert max(len(r["sentence"]) for r in rows) <= len("Kabul") + 2 * 140 + 2
    total = sum(len(data) for data in _maps(root).values())
    assert total < 80 * len(body)  # linear: the README states the bound


def test_popups_keep_bounded_context_when_one_sentence_names_many_places(tmp_path):
    names = [f"Vq{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(150)]
    places = PLACES + "places:\n" + "".join(
        f"  - {{id: p{i}, name: {n}, kind: town, lat: {i / 10}, lon: {i / 10}}}\n" for i, n in enumerate(names))
    line = "Roads were closed in " + ", ".join(names) + " and beyond"
    body = "\n".join([line] * 10)
    root = make_project(tmp_path / "p", places, {"list.md": f"---\ntitle: List\n---\n{body}\n"})
    assert _build(root)[0] == 0
    html = (root / "maps" / "index.html").read_text()
    # A popup shows a place's mention with at most 140 characters each side, not its whole
    # sentence (here up to 1,000 characters) once for each of the 1,500 mentions.
    # 10 lines: the panel shows each once; popups show it only near its neighbours' mentions.
    shown = html.count("Vqab")
    assert shown < 10 * (1 + 2 * (140 // 6)), shown


def test_the_recogniser_reads_bounded_batches(monkeypatch):
    seen = []

    class Pipeline:
        def pipe(self, texts, batch_size, n_process):
            texts = list(texts)
            seen.append((batch_size, max(map(len, texts))))
            for _ in texts:
                yield type("Doc", (), {"ents": ()})()

    monkeypatch.setattr(ner, "load_ner", lambda: Pipeline())
    text = ("Officials in Kabul said the roads were closed. " * 50 + "\n") * 400  # about 1 MB
    list(ner.entities_many([text, "short"], batch_size=32))
    batch_size, longest = seen[0]
    assert longest <= ner.PIECE_CHARS
    assert batch_size * longest <= ner.BATCH_CHARS


def test_out_of_memory_is_one_line_and_keeps_maps(tmp_path, monkeypatch):
    root = _project(tmp_path / "p")
    assert _build(root)[0] == 0
    before = _maps(root)

    def exhausted(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr("geo.cli.build_story", exhausted)
    code, output = _build(root)
    assert code == 1
    assert output.strip() == "Error: out of memory; try fewer --workers or smaller articles. maps/ is as it was."
    assert _maps(root) == before


# 4. Two builds at once


@pytest.mark.slow
def test_two_builds_at_once_leave_a_complete_site(tmp_path):
    root = _project(tmp_path / "p", **{f"n{i}.md": ARTICLE.replace("Floods", f"Floods {i}") for i in range(6)})
    command = [sys.executable, "-m", "geo", "build", "--no-png", "--no-cache", str(root)]
    first, second = (subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2))
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    files = _maps(root)
    assert len([n for n in files if n.startswith("articles/")]) == 7
    assert {"index.html", "places.geojson", "mentions.csv"} <= set(files)
    assert not [p.name for p in root.iterdir() if p.name.startswith(".maps-")]


@pytest.mark.slow
def test_a_second_build_waits_for_the_first(tmp_path):
    root = _project(tmp_path / "p")
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
    try:
        child = subprocess.Popen([sys.executable, "-m", "geo", "build", "--no-png", str(root)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = child.stderr.readline()
        assert "Another build of this project is running; waiting" in line
        assert child.poll() is None and not (root / "maps").exists()
    finally:
        os.close(fd)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert (root / "maps" / "index.html").exists()


def _work_long(running) -> None:
    import time

    running.set()
    time.sleep(30)


def test_forked_workers_do_not_keep_the_build_lock(tmp_path):
    import multiprocessing

    from geo.project.locks import lock_folder, release

    fd = lock_folder(tmp_path)
    context = multiprocessing.get_context("fork")
    running = context.Event()
    child = context.Process(target=_work_long, args=(running,))
    child.start()
    assert running.wait(30)
    try:
        release(fd)  # the build ends (or is killed) while its worker lives on
        other = lock_folder(tmp_path)
        assert other is not None, "the worker kept the lock"
        release(other)
    finally:
        child.kill()
        child.join()


def test_clean_up_leaves_the_folders_of_a_running_build(tmp_path):
    target = tmp_path / "maps"
    running = tmp_path / ".maps-new-running"
    running.mkdir()
    fd = os.open(running, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    abandoned = tmp_path / ".maps-new-abandoned"
    abandoned.mkdir()
    try:
        write_site(target, {"index.html": b"x"})
        assert running.exists() and not abandoned.exists()
    finally:
        os.close(fd)
    write_site(target, {"index.html": b"y"})
    assert not running.exists()


# 7. Spreadsheet formulas


def test_every_csv_text_column_is_neutralised():
    article = Article("=HYPERLINK(x).md", "x", "T", "Officials in @Kabul said.")
    place = Place("-kabul", "=Kabul", "+capital", 34.5, 69.2, source="@nominatim")
    mention = Mention(article.name, 13, 19, "@Kabul", "kabul", Span(0, 25), place.id, "=ner", "-literal")
    story = Story("T", None, (article,), (place,), (mention,), ())
    row = next(csv.DictReader(io.StringIO(mentions_csv(story))))
    for column, value in row.items():
        if column in ("start", "end", "lat", "lon"):
            float(value)
        else:
            assert value[:1] not in ("=", "+", "-", "@"), (column, value)


# 9. Smaller: undecodable names, escape sequences


def test_a_file_name_that_is_not_text_is_skipped(tmp_path):
    root = _project(tmp_path / "p")
    (root / "articles" / os.fsdecode(b"bad\xff.md")).write_text(ARTICLE)
    code, output = _build(root)
    assert code == 0, output
    assert "Skipped: bad\\xff.md: the file name is not valid UTF-8 text" in output


@pytest.mark.slow
def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path):
    root = _project(tmp_path / "p")
    (root / "articles" / "\x1b]0;owned\x07\x1b[31mred.md").symlink_to(root / "articles" / "floods.md")
    done = subprocess.run([sys.executable, "-m", "geo", "build", "--no-png", str(root)], capture_output=True)
    assert done.returncode == 0
    assert b"\x1b" not in done.stdout + done.stderr and b"\x07" not in done.stdout + done.stderr
    assert b"Skipped: \\x1b]0;owned\\x07\\x1b[31mred.md" in done.stderr
