"""YAML from a stranger: alias bombs, deep nesting, huge files and long values.

Every YAML file of a project (``places.yaml``, front matter, ``review.yaml``,
``places.lock.yaml``) is read through :mod:`geo.safe_yaml`; each hostile case must
end in one short line naming the file and line, quickly, never in a traceback.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from geo import safe_yaml
from geo.articles import load_articles, parse_article
from geo.cli import main
from geo.config import load_config, parse_config
from geo.errors import ArticleError, ConfigError, GeoError
from geo.review import load_lock, parse_lock, parse_review
from geo.safe_yaml import MAX_ALIASES, MAX_DEPTH, QUOTE_CHARS, load_yaml, quote, yaml_error_line

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
    path.symlink_to("/dev/zero")  # its size says 0
    with pytest.raises(ConfigError, match=r"file too large \(5\.0 MB; the limit is 5 MB\)"):
        load_config(path)


def test_places_yaml_text_over_the_limit_is_refused():
    text = STORY + "# " + "x" * (5 * 1024 * 1024) + "\n"
    with pytest.raises(ConfigError, match=r"^places\.yaml: file too large \(5\.0 MB; the limit is 5 MB\)$"):
        parse_config(text)


def test_front_matter_over_64_kb_is_refused():
    text = "---\ntitle: T\nurl: https://example.org/" + "a" * (70 * 1024) + "\n---\nBody.\n"
    with pytest.raises(ArticleError) as info:
        parse_article(text, "a.md")
    assert str(info.value) == "a.md, line 2: front matter too large (70.0 KB; the limit is 64 KB)"


@pytest.mark.parametrize(
    ("parse", "limit", "name"),
    [(parse_review, "MAX_REVIEW_BYTES", "review.yaml"), (parse_lock, "MAX_LOCK_BYTES", "places.lock.yaml")],
    ids=["review.yaml", "places.lock.yaml"],
)
def test_review_and_lock_files_are_bounded(monkeypatch, parse, limit, name):
    monkeypatch.setattr(safe_yaml, limit, 1024)
    with pytest.raises(ConfigError, match=rf"^{name}: file too large \(2\.0 KB; the limit is 1 KB\)$"):
        parse("# " + "x" * 2046 + "\n", name)


def test_lock_file_is_bounded_when_read(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_yaml, "MAX_LOCK_BYTES", 1024)
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
