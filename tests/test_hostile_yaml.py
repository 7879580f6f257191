"""YAML from a stranger: alias bombs, deep nesting, huge files and long values.

Every YAML file of a project (``places.yaml``, front matter, ``review.yaml``,
``places.lock.yaml``) is read through :mod:`geo.project.yaml_reader`; each hostile case must
end in one short line naming the file and line, quickly, never in a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from geo.cli import main
from geo.errors import ArticleError, ConfigError, GeoError, OutputError
from geo.ingest.articles import load_articles, parse_article
from geo.ingest.config import load_config, parse_config
from geo.ingest.review import load_lock, load_review, parse_lock, parse_review
from geo.project import yaml_reader as safe_yaml
from geo.project.yaml_reader import MAX_ALIASES, MAX_DEPTH, QUOTE_CHARS, load_yaml, quote, yaml_error_line

from .conftest import make_project

#: The longest an error message may be: file, line, problem and an ~80-character quote.
MAX_MESSAGE = 300
#: A hostile document must be refused within this many seconds.
FAST = 1.0
STORY = "story:\n  title: T\n"
GOOD_ARTICLE = "---\ntitle: Good\n---\nThe convoy reached Kabul at dawn.\n"


def laughs(indent: str = "", levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": *levels* lists, each of *width* aliases of the one before (9**9 values in 400 bytes)."""
    rows = [f"{indent}- &l0 [{', '.join(['lol'] * width)}]"]
    rows += [f"{indent}- &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(rows) + "\n"


DEEP = [f"too complex YAML: nested more than {MAX_DEPTH} levels deep"]

#: (name, a YAML value that is no use to anyone, words the message must hold)
HOSTILE_VALUES = [
    ("billion-laughs", "\n" + laughs("  "), ["too complex YAML", "1,000,000 values once its aliases are expanded"]),
    ("many-aliases", "\n  - &x a\n" + "  - *x\n" * (MAX_ALIASES + 1),
     ["too complex YAML", f"more than {MAX_ALIASES} aliases"]),
    ("self-alias", " &a [1, *a]\n", ["too complex YAML", "alias *a refers to a value that contains it"]),
    ("deep-flow-map", " " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", DEEP),
    ("deep-flow-list", " " + "[" * 10_000 + "]" * 10_000 + "\n", DEEP),
    ("deep-block", "\n" + "".join(" " * (i + 2) + "a:\n" for i in range(200)), DEEP),
]
HOSTILE_IDS = [case[0] for case in HOSTILE_VALUES]


def _front_matter(value: str) -> str:
    return f"---\ntitle:{value}---\nBody.\n"


#: (file kind, parser called with (text, name), error class, how the hostile value is placed, line of its key)
PARSERS: list[tuple[str, Callable[[str, str], object], type[GeoError], Callable[[str], str], int]] = [
    ("places.yaml", parse_config, ConfigError, lambda v: f"{STORY}ignore:{v}", 3),
    ("front-matter", parse_article, ArticleError, _front_matter, 2),
    ("review.yaml", parse_review, ConfigError, lambda v: f"- key: x\n  choice:{v}", 2),
    ("places.lock.yaml", parse_lock, ConfigError, lambda v: f"kabul:{v}", 1),
]
PARSER_IDS = [case[0] for case in PARSERS]


def _refused(
    parse: Callable[[str, str], object], text: str, name: str, error: type[GeoError]
) -> tuple[GeoError, float]:
    start = time.perf_counter()
    with pytest.raises(error) as info:
        parse(text, name)
    return info.value, time.perf_counter() - start


@pytest.mark.parametrize(("kind", "parse", "error", "place", "key_line"), PARSERS, ids=PARSER_IDS)
@pytest.mark.parametrize(("case", "value", "words"), HOSTILE_VALUES, ids=HOSTILE_IDS)
def test_hostile_yaml_is_refused_fast_in_one_line(kind, parse, error, place, key_line, case, value, words):
    name = "a.md" if kind == "front-matter" else kind
    err, seconds = _refused(parse, place(value), name, error)
    message = str(err)
    assert seconds < FAST, f"{case} in {kind} took {seconds:.2f} s"
    assert message.startswith(f"{name}, line "), message
    assert err.line is not None and err.line >= key_line
    assert "\n" not in message and len(message) < MAX_MESSAGE, message[:500]
    assert any(word in message for word in words), message


def test_the_bomb_is_refused_before_it_is_built():
    text = STORY + "ignore:\n" + laughs("  ")
    assert len(text.encode()) <= 520  # the ignore: bomb that once ran for minutes was 517 bytes
    err, seconds = _refused(parse_config, text, "places.yaml", ConfigError)
    assert seconds < 0.1
    # The seventh list (line 10) would hold 9**7 values: the count crosses the limit there.
    assert str(err) == (
        "places.yaml, line 10: too complex YAML: more than 1,000,000 values once its aliases are expanded"
    )


def test_deep_block_nesting_names_the_line_past_the_limit():
    text = "".join(" " * i + "a:\n" for i in range(MAX_DEPTH + 10))
    err, _ = _refused(parse_config, text, "places.yaml", ConfigError)
    assert str(err) == f"places.yaml, line {MAX_DEPTH}: too complex YAML: nested more than {MAX_DEPTH} levels deep"


def test_front_matter_lines_are_lines_of_the_article():
    text = _front_matter("\n" + "  - &x a\n" + "  - *x\n" * (MAX_ALIASES + 1))
    err, _ = _refused(parse_article, text, "a.md", ArticleError)
    # The 101st alias is on front-matter line 103, article line 104.
    assert str(err) == f"a.md, line 104: too complex YAML: more than {MAX_ALIASES} aliases (*x)"


# A curated places.yaml may use a few anchors, aliases and merge keys.
CURATED_WITH_ALIASES = """\
story:
  title: Aliases
places:
  - &base
    id: kabul
    name: Kabul
    kind: capital
    lat: 34.52813
    lon: 69.17233
    country: AF
    note: &note From the curated list.
  - <<: *base
    id: kabul-airport
    name: Kabul airport
    kind: airport
    note: *note
ignore: &people [Trump, Putin]
"""


def test_a_few_aliases_in_places_yaml_still_work():
    config = parse_config(CURATED_WITH_ALIASES)
    airport = config.place("kabul-airport")
    assert (airport.lat, airport.country, airport.note) == (34.52813, "AF", "From the curated list.")
    assert config.ignore == ("Trump", "Putin")


def test_aliases_up_to_the_limit_are_accepted():
    data, _ = load_yaml("a: &x 1\nb: [" + ", ".join(["*x"] * MAX_ALIASES) + "]\n", "x.yaml", max_bytes=10_000)
    assert data["b"] == [1] * MAX_ALIASES


def test_places_yaml_is_refused_over_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "places.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that costs nothing
    start = time.perf_counter()
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert time.perf_counter() - start < FAST
    assert str(info.value) == f"{path}: file too large (50.0 MB; the limit is 5 MB)"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_places_yaml_that_never_ends_is_refused(tmp_path):
    path = tmp_path / "places.yaml"
    path.symlink_to("/dev/zero")  # its size says 0; a device, not a file
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: not a regular file"


def test_the_read_is_bounded_even_where_the_size_lies(tmp_path, monkeypatch):
    path = tmp_path / "places.yaml"
    path.write_text(STORY + "# " + "x" * 4096 + "\n", encoding="utf-8")
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])))
    with pytest.raises(ConfigError, match=r"file too large \(1\.0 KB; the limit is 1 KB\)$"):
        safe_yaml.read_yaml_text(path, max_bytes=1024)


def test_places_yaml_text_over_the_limit_is_refused():
    text = STORY + "# " + "x" * (5 * 1024 * 1024) + "\n"
    with pytest.raises(ConfigError, match=r"^places\.yaml: file too large \(5\.0 MB; the limit is 5 MB\)$"):
        parse_config(text)


def test_front_matter_over_64_kb_is_refused():
    text = "---\ntitle: T\nurl: https://example.org/" + "a" * (70 * 1024) + "\n---\nBody.\n"
    with pytest.raises(ArticleError) as info:
        parse_article(text, "a.md")
    assert str(info.value) == "a.md, line 2: front matter too large (70.0 KB; the limit is 64 KB)"


def _set_limit(monkeypatch, name: str, value: int) -> None:
    """Lower a size limit wherever it is read."""
    from geo.ingest import articles, config, review

    for module in (safe_yaml, articles, config, review):
        if hasattr(module, name):
            monkeypatch.setattr(module, name, value)


@pytest.mark.parametrize(
    ("parse", "limit", "name"),
    [(parse_review, "MAX_REVIEW_BYTES", "review.yaml"), (parse_lock, "MAX_LOCK_BYTES", "places.lock.yaml")],
    ids=["review.yaml", "places.lock.yaml"],
)
def test_review_and_lock_files_are_bounded(monkeypatch, parse, limit, name):
    _set_limit(monkeypatch, limit, 1024)
    with pytest.raises(ConfigError, match=rf"^{name}: file too large \(2\.0 KB; the limit is 1 KB\)$"):
        parse("# " + "x" * 2046 + "\n", name)


def test_lock_file_is_bounded_when_read(tmp_path, monkeypatch):
    _set_limit(monkeypatch, "MAX_LOCK_BYTES", 1024)
    path = tmp_path / "places.lock.yaml"
    path.write_text("kabul: 1138958\n" * 100, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"file too large \(1\.5 KB; the limit is 1 KB\)"):
        load_lock(path)


def test_unreadable_lock_file_is_a_config_error(tmp_path):
    path = tmp_path / "places.lock.yaml"
    path.write_bytes(b"kabul: \xff\n")
    with pytest.raises(ConfigError, match="cannot read file"):
        load_lock(path)


LONG = "x" * 10_000
#: YAML allows keys of at most 1,024 characters.
LONG_KEY = "x" * 1_000

#: (name, parser, text, error, words): a long value is quoted short, with an ellipsis.
LONG_VALUES = [
    ("config-lat", parse_config,
     f"{STORY}places:\n  - id: a\n    name: A\n    kind: city\n    lat: {LONG}\n    lon: 0\n",
     ConfigError, ["places.0.lat", "(got 'xxx", "…)"]),
    ("config-unknown-key", parse_config, f"{STORY}{LONG_KEY}: 1\n", ConfigError, ["Extra inputs", "…"]),
    ("front-matter-bad-int", parse_article, f"---\ntitle: !!int {LONG}\n---\nBody.\n", ArticleError,
     ["front matter has a bad value for 'title' ('xxx", "…"]),
    ("front-matter-unknown-key", parse_article, f"---\n{LONG_KEY}: 1\n---\nBody.\n", ArticleError,
     ["unknown front-matter key 'xxx", "…"]),
    ("front-matter-expanded-title", parse_article,
     "---\ntitle: [&a [" + ", ".join([LONG[:50]] * 50) + "], *a, *a, *a]\n---\nBody.\n", ArticleError,
     ["title must be text, got [['xxx", "…"]),
    ("front-matter-bad-tag", parse_article, f"---\ntitle: !<tag:{LONG}> x\n---\nBody.\n", ArticleError,
     ["front matter is not valid YAML: could not determine a constructor", "…"]),
    ("review-choice", parse_review, f"- key: x\n  name: {LONG}\n  choice: {LONG}\n", ConfigError,
     ["choice for 'xxx", "…"]),
    ("lock-value", parse_lock, f"{LONG_KEY}: {LONG}\n", ConfigError, ["expected a GeoNames id", "got 'xxx", "…"]),
]


@pytest.mark.parametrize(
    ("parse", "text", "error", "words"), [c[1:] for c in LONG_VALUES], ids=[c[0] for c in LONG_VALUES]
)
def test_long_values_are_quoted_short(parse, text, error, words):
    name = "f.md" if parse is parse_article else "f.yaml"
    with pytest.raises(error) as info:
        parse(text, name)
    message = str(info.value)
    assert message.startswith(f"{name}, line ") and len(message) < MAX_MESSAGE, message[:500]
    for word in words:
        assert word in message


#: (name, text, line, message after "f.yaml, line N: ") for values PyYAML cannot build.
BAD_VALUES = [
    ("impossible-date", "story:\n  title: T\n  description: 2025-02-30\n", 3,
     "invalid YAML: cannot read value '2025-02-30': day is out of range for month"),
    ("int-tag", "story:\n  title: !!int abc\n", 2,
     "invalid YAML: cannot read value 'abc': invalid literal for int() with base 10: 'abc'"),
    ("duplicate-anchor", "story:\n  title: &a T\n  focus: &a x\n", 3, "invalid YAML: found duplicate anchor 'a'"),
    ("python-tag", "story:\n  title: !!python/object:os.system x\n", 2,
     "invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'"),
]


@pytest.mark.parametrize(("text", "line", "message"), [c[1:] for c in BAD_VALUES], ids=[c[0] for c in BAD_VALUES])
def test_values_yaml_cannot_build_are_config_errors_with_a_line(text, line, message):
    with pytest.raises(ConfigError) as info:
        parse_config(text, "f.yaml")
    assert str(info.value) == f"f.yaml, line {line}: {message}"


#: (name, text, message) for text that is not one YAML document; each names line 2.
NOT_YAML = [
    ("control-character", "a: 1\nb: \x01\n",
     "invalid YAML: unacceptable character #x0001: control characters are not allowed"),
    ("two-documents", "a: 1\n---\nb: 2\n",
     "invalid YAML: expected a single document in the stream, but found another document"),
    ("lone-surrogate", "a: 1\nb: \ud800\n", "invalid YAML: not Unicode text (surrogates not allowed)"),
    ("undefined-alias", "a: 1\nb: *nowhere\n", "invalid YAML: found undefined alias 'nowhere'"),
]


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in NOT_YAML], ids=[c[0] for c in NOT_YAML])
def test_text_that_is_not_yaml_is_one_line_with_its_line(text, message):
    with pytest.raises(ConfigError) as info:
        load_yaml(text, "f.yaml", max_bytes=1024)
    assert str(info.value) == f"f.yaml, line 2: {message}"


MERGES = """\
a: &a {x: 1, y: 2}
b: &b {y: 3, z: 4}
c: {<<: [*a, *b], x: 9}
d: {<<: *b, =: v}
e: &e {<<: *a, w: 0}
f: {<<: [*e, *b], q: 1}
"""


def test_merge_keys_read_as_pyyaml_reads_them_and_leave_the_nodes_alone():
    data, root = load_yaml(MERGES, "m.yaml", max_bytes=1024)
    expected = yaml.safe_load(MERGES)
    assert data == expected
    assert [list(data[k].items()) for k in data] == [list(expected[k].items()) for k in expected]
    # The node tree still says what the file says: line numbers and duplicate-key checks read it.
    assert yaml.serialize(root) == yaml.serialize(yaml.compose(MERGES, Loader=yaml.SafeLoader))


def test_review_with_odd_candidates_is_an_error_not_a_crash():
    text = "- key: x\n  name: X\n  candidates: 5\n  choice: 7\n"
    with pytest.raises(ConfigError, match=r"^review\.yaml, line 4: choice for 'X' must be one of"):
        parse_review(text, "review.yaml")


def test_quote_is_cheap_on_large_values():
    big = [["lol"] * 1000] * 1000
    start = time.perf_counter()
    shown = quote(big)
    assert time.perf_counter() - start < 0.05
    assert len(shown) == QUOTE_CHARS and shown.endswith("…")
    assert quote("short") == "'short'"


def test_yaml_error_line_counts_from_the_first_line():
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load("a: 1\nb: [\n")
    assert yaml_error_line(info.value) == 3
    assert yaml_error_line(info.value, first_line=2) == 4


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_libyaml_parses_when_there_is_one():
    assert any(cls.__name__ == "CParser" for cls in safe_yaml._Loader.__mro__)


def test_a_bombed_article_is_skipped_and_the_others_load(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "bomb.md").write_text(_front_matter("\n" + laughs("  ")), encoding="utf-8")
    (folder / "good.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    articles, problems = load_articles(folder)
    assert [a.name for a in articles] == ["good.md"]
    assert [str(p) for p in problems] == [
        "bomb.md, line 9: too complex YAML: more than 1,000,000 values once its aliases are expanded"
    ]


def test_cli_build_skips_a_bombed_article(tmp_path):
    project = make_project(tmp_path, STORY + "places: []\n", {
        "bomb.md": _front_matter("\n" + laughs("  ")),
        "deep.md": _front_matter(" " + "[" * 10_000 + "]" * 10_000 + "\n"),
        "good.md": GOOD_ARTICLE,
    })
    result = CliRunner().invoke(main, ["build", str(project), "--no-png"])
    assert result.exit_code == 0, result.output
    assert "Skipped: bomb.md, line 9: too complex YAML: more than 1,000,000 values" in result.output
    assert f"Skipped: deep.md, line 2: too complex YAML: nested more than {MAX_DEPTH} levels deep" in result.output
    assert "Traceback" not in result.output
    assert (project / "maps" / "index.html").exists()


@pytest.mark.parametrize(
    ("places", "words"),
    [
        (STORY + "ignore:\n" + laughs("  "), "places.yaml, line 10: too complex YAML: more than 1,000,000 values"),
        ("story: " + "{a: " * 10_000 + "}" * 10_000 + "\n", "places.yaml, line 1: too complex YAML: nested more than"),
    ],
    ids=["billion-laughs", "deep"],
)
def test_cli_build_stops_on_a_hostile_places_yaml_in_one_line(tmp_path, places, words):
    project = make_project(tmp_path, places, {"good.md": GOOD_ARTICLE})
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["build", str(project), "--no-png"])
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0], result.output
    assert not (project / "maps").exists()


def test_cli_build_refuses_a_huge_places_yaml(tmp_path):
    project = make_project(tmp_path, STORY, {"good.md": GOOD_ARTICLE})
    with (project / "places.yaml").open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = CliRunner().invoke(main, ["build", str(project), "--no-png"])
    assert result.exit_code == 1
    places = Path(project, "places.yaml")
    assert result.output.strip() == f"Error: {places}: file too large (50.0 MB; the limit is 5 MB)"


# ------------------------------------------------------------- front-matter keys and tags
#: (name, front matter, message after "a.md, line 2: "): every key must be one of the known names, as plain text.
BAD_KEYS = [
    ("null-tag", "!!null title: x\n", "front-matter key 'title' must be plain text, not !!null"),
    ("int-tag", "!!int title: x\n", "front-matter key 'title' must be plain text, not !!int"),
    ("float-tag", "!!float title: x\n", "front-matter key 'title' must be plain text, not !!float"),
    ("binary-tag", "!!binary title: x\n", "front-matter key 'title' must be plain text, not !!binary"),
    ("local-tag", "!mine title: x\n", "front-matter key 'title' must be plain text, not !mine"),
    ("long-tag", f"? !<tag:{LONG}> title\n: x\n", "front-matter key 'title' must be plain text, not tag:xxx"),
    ("binary-key", "!!binary dGl0bGU=: x\n", "unknown front-matter key 'dGl0bGU='"),
    ("int", "1: x\n", "unknown front-matter key '1'"),
    ("null", "~: x\n", "unknown front-matter key '~'"),
    ("bool", "true: x\n", "unknown front-matter key 'true'"),
    ("list", "? [title, date]\n: x\n", "a front-matter key must be text, got a list"),
    ("mapping", "? {title: x}\n: x\n", "a front-matter key must be text, got a mapping"),
    ("merge", "<<: {title: x}\n", "unknown front-matter key '<<'"),
]


@pytest.mark.parametrize(("front", "message"), [c[1:] for c in BAD_KEYS], ids=[c[0] for c in BAD_KEYS])
def test_front_matter_keys_that_are_not_plain_text_are_refused_with_their_line(front, message):
    with pytest.raises(ArticleError) as info:
        parse_article(f"---\n{front}---\nIn Kabul.\n", "a.md")
    text = str(info.value)
    assert text.startswith(f"a.md, line 2: {message}"), text
    assert "\n" not in text and len(text) < MAX_MESSAGE, text[:500]


def test_a_tagged_plain_text_key_is_still_a_key():
    assert parse_article("---\n!!str title: Floods\n---\nIn Kabul.\n", "a.md").title == "Floods"


def test_an_article_with_a_null_key_is_skipped_and_the_others_load(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "null-key.md").write_text("---\n!!null title: x\n---\nIn Kabul.\n", encoding="utf-8")
    (folder / "good.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    articles, problems = load_articles(folder)
    assert [a.name for a in articles] == ["good.md"]
    assert [str(p) for p in problems] == [
        "null-key.md, line 2: front-matter key 'title' must be plain text, not !!null"
    ]


#: (name, front matter, the article's (title, date) or the message after "a.md, line N: ")
TAGGED_VALUES: list[tuple[str, str, object]] = [
    ("timestamp-date", "date: !!timestamp 2025-01-02\n", ("In Kabul.", "2025-01-02")),
    ("timestamp-date-time", "date: !!timestamp 2025-01-02T23:30:00-05:00\n", ("In Kabul.", "2025-01-02")),
    ("str-title", "title: !!str 5\n", ("5", None)),
    ("null-title", "title: !!null x\n", ("In Kabul.", None)),
    ("null-date", "date: !!null x\n", ("In Kabul.", None)),
    ("timestamp-not-a-date", "date: !!timestamp soon\n",
     "line 2: front matter has a bad value for 'date' ('soon'): not a date (YYYY-MM-DD) or a timestamp"),
    ("timestamp-list", "date: !!timestamp [1]\n", "line 2: front matter is not valid YAML: expected a scalar node"),
    ("binary-title", "title: !!binary dGl0bGU=\n", "line 2: title must be text, got b'title'"),
    ("binary-date", "date: !!binary MjAyNS0wMS0wMg==\n",
     "line 2: date must be an ISO date (YYYY-MM-DD), got b'2025-01-02'"),
    ("binary-not-ascii", "title: !!binary é\n", "line 2: front matter is not valid YAML: failed to convert base64"),
    ("timestamp-title", "title: !!timestamp 2025-01-02\n", "line 2: title must be text, got datetime.date(2025, 1, 2)"),
    ("set-title", "title: !!set {a}\n", "line 2: title must be text, got {'a'}"),
    ("set-date", "date: !!set {a}\n", "line 2: date must be an ISO date (YYYY-MM-DD), got {'a'}"),
    ("omap-title", "title: !!omap [a: 1]\n", "line 2: title must be text, got [('a', 1)]"),
    ("omap-scalar", "title: !!omap 1\n", "line 2: front matter is not valid YAML: expected a sequence"),
    ("pairs-url", "url: !!pairs [a: 1]\n", "line 2: url must be text, got [('a', 1)]"),
    ("bool-date", "date: true\n", "line 2: date must be an ISO date (YYYY-MM-DD), got True"),
    ("int-tag-top", "!!int abc\n", "line 2: front matter has a bad value: invalid literal for int()"),
    ("set-top", "!!set {title, date}\n", "line 2: front matter must be a mapping of keys to values"),
    ("omap-top", "!!omap [title: x]\n", "line 2: front matter must be a mapping of keys to values"),
    ("long-set-title", "title: !!set {" + ", ".join(f"{LONG[:100]}{i}" for i in range(100)) + "}\n",
     "line 2: title must be text, got {'xxx"),
]


@pytest.mark.parametrize(("front", "expected"), [c[1:] for c in TAGGED_VALUES], ids=[c[0] for c in TAGGED_VALUES])
def test_tagged_front_matter_values_give_a_value_or_a_short_error(front, expected):
    text = f"---\n{front}---\nIn Kabul.\n"
    if isinstance(expected, tuple):
        article = parse_article(text, "a.md")
        assert (article.title, article.date and article.date.isoformat()) == expected
        return
    with pytest.raises(ArticleError) as info:
        parse_article(text, "a.md")
    message = str(info.value)
    assert message.startswith(f"a.md, {expected}"), message
    assert "\n" not in message and len(message) < MAX_MESSAGE, message[:500]


# ------------------------------------------------------------- pipes, devices and descriptors
def _fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    os.mkfifo(path)
    return path


@contextlib.contextmanager
def _not_stuck_on(fifo: Path, seconds: float = 5.0) -> Iterator[None]:
    """Fail if the block takes more than *seconds*, opening *fifo* for writing then to release a stuck reader."""
    stuck: list[bool] = []

    def release() -> None:
        stuck.append(True)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(seconds, release)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
    assert not stuck, f"reading {fifo.name} blocked"


@pytest.mark.parametrize(
    ("file_name", "read"),
    [
        ("places.yaml", load_config),
        ("places.lock.yaml", load_lock),
        ("review.yaml", load_review),
    ],
    ids=["places.yaml", "places.lock.yaml", "review.yaml"],
)
def test_a_named_pipe_is_refused_without_waiting(tmp_path, file_name, read):
    path = _fifo(tmp_path / file_name)
    with _not_stuck_on(path), pytest.raises(ConfigError) as info:
        read(path)
    assert str(info.value) == f"{path}: not a regular file"


def test_a_folder_is_not_a_regular_file(tmp_path):
    (tmp_path / "places.yaml").mkdir()
    with pytest.raises(ConfigError, match=r"places\.yaml: not a regular file$"):
        load_config(tmp_path / "places.yaml")


def test_a_link_to_a_file_in_the_project_is_read(tmp_path):
    (tmp_path / "shared.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "places.yaml").symlink_to("shared.yaml")
    assert load_config(tmp_path / "places.yaml").story.title == "T"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_every_descriptor_is_closed(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(STORY, encoding="utf-8")
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 2048 + "\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: \xff\n")
    pipe = _fifo(tmp_path / "pipe.yaml")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        assert safe_yaml.read_yaml_text(good, max_bytes=1024) == STORY
        for path in (big, bad, pipe, tmp_path / "missing.yaml", tmp_path):
            with pytest.raises(ConfigError):
                safe_yaml.read_yaml_text(path, max_bytes=1024)
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_cli_build_stops_on_a_piped_places_yaml_in_one_line(tmp_path):
    project = make_project(tmp_path, STORY, {"good.md": GOOD_ARTICLE})
    places = project / "places.yaml"
    places.unlink()
    _fifo(places)
    with _not_stuck_on(places, 30):
        result = CliRunner().invoke(main, ["build", str(project), "--no-png"])
    assert result.exit_code == 1, result.output
    assert result.output.strip() == f"Error: {places}: not a regular file"


# ------------------------------------------------------------- long values in every message
MB2_KEY = "k" * (2 * 1024 * 1024)

#: (name, parser, text, words): a user value of any length is quoted in at most ~80 characters.
LONG_MESSAGES = [
    ("config-explicit-key-twice", parse_config, f"{STORY}? {MB2_KEY}\n: 1\n? {MB2_KEY}\n: 2\n",
     ["line 5: key 'kkk", "… appears twice (first on line 3)"]),
    ("config-alias-without-letters", parse_config,
     f"{STORY}places:\n  - {{id: a, name: A, kind: city, lat: 1, lon: 1, aliases: ['{'-' * 300}']}}\n",
     ["line 4: alias '---", "… has no letters or digits"]),
    ("config-alias-taken", parse_config,
     f"{STORY}places:\n  - {{id: a, name: {'y' * 300}, kind: city, lat: 1, lon: 1}}\n"
     f"  - {{id: b, name: B, aliases: [{'y' * 300}], kind: city, lat: 1, lon: 1}}\n",
     ["line 5: alias 'yyy", "… of 'b' is already a name of 'a'"]),
    ("front-matter-date", parse_article, f'---\ndate: "{"9" * 60_000}"\n---\nBody.\n',
     ["line 2: date must be an ISO date (YYYY-MM-DD), got '999", "…"]),
    ("front-matter-url", parse_article, f'---\nurl: "ftp://{"x" * 60_000}"\n---\nBody.\n',
     ["line 2: url must be an http(s) address, got 'ftp://xxx", "…"]),
    ("front-matter-binary-title", parse_article, f"---\ntitle: !!binary {'QUJD' * 10_000}\n---\nBody.\n",
     ["line 2: title must be text, got b'ABCABC", "..."]),
    ("front-matter-dateline", parse_article, f"date {'2' * 60_000}\nBody.\n", []),
]


@pytest.mark.parametrize(
    ("parse", "text", "words"), [c[1:] for c in LONG_MESSAGES], ids=[c[0] for c in LONG_MESSAGES]
)
def test_every_message_quotes_a_long_value_short(parse, text, words):
    name = "f.md" if parse is parse_article else "f.yaml"
    try:
        parse(text, name)
    except GeoError as err:
        message = str(err)
        assert message.startswith(f"{name}, line ") and len(message) < MAX_MESSAGE, message[:500]
        for word in words:
            assert word in message, message[:500]
    else:
        assert not words, "no error"


#: Short values are quoted as before.
SHORT_MESSAGES = [
    (parse_config, f"{STORY}places:\n  - id: a\n    name: A\n    kind: city\n    lat: 1\n    lat: 2\n    lon: 3\n",
     "f.yaml, line 8: key 'lat' appears twice (first on line 7)"),
    (parse_config, f"{STORY}places:\n  - {{id: a, name: A, kind: city, lat: 1, lon: 1, aliases: ['-']}}\n",
     "f.yaml, line 4: alias '-' has no letters or digits"),
    (parse_config, f"{STORY}  focus: nowhere\n", "f.yaml, line 3: story focus 'nowhere' is not a place id"),
    (parse_article, "---\nurl: ftp://x\n---\nBody.\n", "f.md, line 2: url must be an http(s) address, got 'ftp://x'"),
    (parse_article, "---\ndate: soon\n---\nBody.\n", "f.md, line 2: date must be an ISO date (YYYY-MM-DD), got 'soon'"),
    (parse_article, "---\ntitle: [a]\n---\nBody.\n", "f.md, line 2: title must be text, got ['a']"),
]


@pytest.mark.parametrize(("parse", "text", "message"), SHORT_MESSAGES, ids=[m[2][:40] for m in SHORT_MESSAGES])
def test_short_values_are_quoted_as_before(parse, text, message):
    name = "f.md" if parse is parse_article else "f.yaml"
    with pytest.raises(GeoError) as info:
        parse(text, name)
    assert str(info.value) == message


# ------------------------------------------------------------- a lock that cannot be saved
REVIEW_WITH_CHOICE = "- key: richmond\n  name: Richmond\n  candidates: [{geonameid: 4781708}]\n  choice: 4781708\n"
EROFS_WARNING = (
    "cannot save the review choices to places.lock.yaml (Read-only file system); they are used in this build only"
)


def _read_only(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


@pytest.mark.parametrize("step", ["mkstemp", "replace"])
def test_save_lock_raises_an_output_error_and_leaves_nothing_behind(tmp_path, monkeypatch, step):
    from geo.ingest import review
    from geo.project import files

    if step == "mkstemp":
        monkeypatch.setattr(files.tempfile, "mkstemp", _read_only)
    else:
        monkeypatch.setattr(files.os, "replace", _read_only)
    path = tmp_path / "places.lock.yaml"
    with pytest.raises(OutputError) as info:
        review.save_lock(path, {"richmond": 4781708})
    assert str(info.value) == f"{path}: cannot write file: Read-only file system"
    assert list(tmp_path.iterdir()) == []


def test_apply_review_warns_once_and_uses_the_choices_when_the_lock_cannot_be_saved(tmp_path, monkeypatch, caplog):
    from geo.ingest import review
    from geo.project import files

    (tmp_path / "review.yaml").write_text(REVIEW_WITH_CHOICE, encoding="utf-8")
    monkeypatch.setattr(files.tempfile, "mkstemp", _read_only)
    with caplog.at_level(logging.WARNING):
        lock = review.apply_review(tmp_path)
    assert lock == {"richmond": 4781708}
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [EROFS_WARNING]
    assert not (tmp_path / "places.lock.yaml").exists()


def test_apply_review_in_a_read_only_folder(tmp_path, caplog):
    from geo.ingest import review
    from geo.project import files

    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "review.yaml").write_text(REVIEW_WITH_CHOICE, encoding="utf-8")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("the folder stays writable (run as root)")
        with caplog.at_level(logging.WARNING):
            lock = review.apply_review(folder)
    finally:
        folder.chmod(0o755)
    assert lock == {"richmond": 4781708}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("cannot save the review choices to places.lock.yaml (")
    assert warnings[0].endswith("); they are used in this build only")
