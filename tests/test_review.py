"""Reviewing doubtful resolutions: review.yaml, the lock, and their use by the build."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.errors import ConfigError
from geo.ingest.review import NOT_A_PLACE, parse_lock, parse_review

from .conftest import make_project

ARTICLE = "---\ntitle: Floods\n---\nHeavy rain flooded Springfield and Richmond on Monday.\n"


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, "story:\n  title: Review\n", {"a.md": ARTICLE})


def _review(project):
    import yaml

    result = CliRunner().invoke(main, ["places", "--review", str(project)])
    assert result.exit_code == 0, result.output
    return yaml.safe_load((project / "review.yaml").read_text(encoding="utf-8"))


def test_review_lists_doubtful_names_with_candidates(project):
    records = {r["key"]: r for r in _review(project)}
    assert {"richmond", "springfield"} <= set(records)
    richmond = records["richmond"]
    assert richmond["confidence"] < 0.75 and richmond["articles"] == ["a.md"]
    assert "Richmond" in richmond["sentence"]
    assert len(richmond["candidates"]) >= 3 and richmond["choice"] is None


def test_choices_are_locked_and_used_by_the_next_build(project):
    records = _review(project)
    text = (project / "review.yaml").read_text(encoding="utf-8")
    virginia = next(c["geonameid"] for r in records if r["key"] == "richmond" for c in r["candidates"]
                    if c["region"] == "Virginia")
    # The curator writes choices under two names.
    text = text.replace("choice: null", f"choice: {virginia}", 1).replace("choice: null", f"choice: {NOT_A_PLACE}", 1)
    (project / "review.yaml").write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "-q", "--no-png", str(project)]).exit_code == 0
    lock = parse_lock((project / "places.lock.yaml").read_text(encoding="utf-8"))
    assert lock["richmond"] == virginia and lock["springfield"] is None
    rows = json.loads(CliRunner().invoke(main, ["places", "--json", str(project)]).output)
    assert [(r["name"], r["country"]) for r in rows] == [("Richmond", "US")]
    # Decided names are no longer offered for review.
    assert _review(project) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {key: x, name: X, candidates: [{geonameid: 1}], choice: 2}\n", "must be one of its candidates"),
        ("- {key: x, name: X, candidates: [], choice: maybe}\n", "must be one of its candidates"),
        ("not: [a list\n", "invalid YAML"),
        ("{a: 1}\n", "expected a list"),
    ],
)
def test_bad_review_files_are_reported(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_review(text, "review.yaml")


def test_bad_lock_is_reported():
    with pytest.raises(ConfigError, match="expected a GeoNames id"):
        parse_lock("paris: somewhere\n")


def test_geoparse_command(tmp_path, seed_project):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "Bagram Air Base, located about 40 km north of the capital Kabul."}) + "\n"
        + json.dumps({"id": "b", "text": "Floods hit Karachi and Lahore; Afghan officials said."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["geoparse", str(source), "-o", str(out), "--dir", str(seed_project)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    first = {t["name"]: t for t in lines[0]["toponyms"]}
    assert first["Bagram Air Base"]["source"] == "places.yaml" and first["Kabul"]["place_id"] == "kabul"
    fields = {"start", "end", "name", "lat", "lon", "geonameid", "kind", "source", "confidence", "literal"}
    assert all(fields <= set(t) for line in lines for t in line["toponyms"])
    second = {t["name"]: t for t in lines[1]["toponyms"]}
    # A demonym names a people, not a place: written only when asked for.
    assert second["Karachi"]["source"] == "geonames" and "Afghan" not in second
    assert all(t["literal"] for line in lines for t in line["toponyms"])
    text = json.loads(source.read_text(encoding="utf-8").splitlines()[1])["text"]
    assert all(text[t["start"] : t["end"]] == t["name"] for t in lines[1]["toponyms"])
    asked = tmp_path / "demonyms.jsonl"
    CliRunner().invoke(main, ["geoparse", str(source), "-o", str(asked), "--dir", str(seed_project), "--demonyms"])
    with_demonyms = {t["name"]: t for t in json.loads(asked.read_text().splitlines()[1])["toponyms"]}
    assert with_demonyms["Afghan"]["literal"] is False and with_demonyms["Afghan"]["country"] == "AF"
    # Without places.yaml the curated base is not known by that name.
    plain = tmp_path / "plain.jsonl"
    CliRunner().invoke(main, ["geoparse", str(source), "-o", str(plain), "--dir", str(seed_project), "--no-places"])
    assert all(t["source"] != "places.yaml" for line in plain.read_text().splitlines() for t in json.loads(line)["toponyms"])


def test_geoparse_reports_bad_input_lines(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Kabul"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["geoparse", str(source), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1 and "in.jsonl, line 2" in result.output


def test_geoparse_gives_the_same_places_as_build(seed_build, seed_project, tmp_path):
    """The same text, through geoparse and through build, gives the same places."""
    article = seed_build.story.articles[0]
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": article.text}) + "\n", encoding="utf-8")
    def parsed(*flags: str) -> set[tuple]:
        out = tmp_path / "out.jsonl"
        args = ["geoparse", str(source), "-o", str(out), "--dir", str(seed_project), *flags]
        assert CliRunner().invoke(main, args).exit_code == 0
        return {(t["start"], t["end"], t["place_id"]) for t in json.loads(out.read_text())["toponyms"]}

    mentions = [m for m in seed_build.story.mentions if m.article == article.name]
    built = {(m.start, m.end, m.place_id) for m in mentions}
    # The build also ignores the title repeated as the body's first line.
    assert built <= parsed("--demonyms") and len(parsed("--demonyms") - built) <= 2
    places = {(m.start, m.end, m.place_id) for m in mentions if m.locates}
    assert places <= parsed() and len(parsed() - places) <= 2 and len(places) < len(built)


def test_a_choice_makes_a_name_set_aside_a_place(tmp_path):
    project = make_project(tmp_path, "story:\n  title: Review\n",
                           {"a.md": "---\ntitle: A\n---\nAid workers said Dadu had no water.\n"})
    records = {r["key"]: r for r in _review(project)}
    assert "dadu" in records, "a name set aside that the gazetteer knows is offered for review"
    dadu = next(c["geonameid"] for c in records["dadu"]["candidates"] if c["country"] == "PK")
    text = (project / "review.yaml").read_text(encoding="utf-8")
    start = text.index("key: dadu")
    text = text[:start] + text[start:].replace("choice: null", f"choice: {dadu}", 1)
    (project / "review.yaml").write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "-q", "--no-png", str(project)]).exit_code == 0
    rows = json.loads(CliRunner().invoke(main, ["places", "--json", str(project)]).output)
    assert [(r["name"], r["geonameid"]) for r in rows] == [("Dadu", dadu)]


def test_words_of_the_calendar_pronouns_and_titles_are_not_offered_for_review(tmp_path):
    article = ("---\ntitle: Floods\n---\nHeavy rain flooded Springfield. Thursday brought more. We left. "
               "Minister Ali Raza said so. Many fled.\n")
    project = make_project(tmp_path, "story:\n  title: Review\n", {"a.md": article})
    keys = {r["key"] for r in _review(project)}
    assert "springfield" in keys
    assert not keys & {"thursday", "we", "minister", "many"}, keys
