"""The command line: help for every command, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geo.cli import main

from .conftest import make_project

COMMANDS = sorted(main.commands)


def test_the_commands_exist():
    assert {"build", "places", "distance", "geocode"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help, f"{command} has no help text"
    assert "Usage:" in result.output


def test_distance_text_and_json(seed_project):
    runner = CliRunner()
    result = runner.invoke(main, ["distance", "Bagram", "Kabul", "--dir", str(seed_project)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "47.1 km, bearing 190° (S) from Bagram Air Base to Kabul"
    result = runner.invoke(main, ["distance", "bagram-air-base", "Doha", "--dir", str(seed_project), "--json"])
    data = json.loads(result.output)
    assert data["to"]["name"] == "Doha" and data["distance_km"] == pytest.approx(2012, abs=5)


def test_geocode_reports_the_backend(seed_project):
    runner = CliRunner()
    curated = json.loads(runner.invoke(main, ["geocode", "Kabul airport", "--dir", str(seed_project), "--json"]).output)
    assert curated["id"] == "hamid-karzai-international-airport" and curated["backend"] == "places.yaml"
    offline = json.loads(runner.invoke(main, ["geocode", "Karachi", "--dir", str(seed_project), "--json"]).output)
    assert offline["backend"] == "geonames" and offline["country"] == "PK"


def test_unknown_place_is_a_user_error(seed_project):
    result = CliRunner().invoke(main, ["distance", "Bagram", "Xqzzyville", "--dir", str(seed_project)])
    assert result.exit_code == 1
    assert "Xqzzyville" in result.output and "Traceback" not in result.output


def test_places_lists_and_unresolved(seed_project):
    runner = CliRunner()
    rows = json.loads(runner.invoke(main, ["places", str(seed_project), "--json"]).output)
    assert {r["id"] for r in rows} >= {"bagram-air-base", "kabul", "lop-nur"}
    result = runner.invoke(main, ["places", str(seed_project), "--unresolved"])
    assert result.exit_code == 0


def test_unresolved_names_are_listed_not_dropped(tmp_path):
    project = make_project(
        tmp_path,
        "story:\n  title: T\nplaces: []\n",
        {"a.md": "---\ntitle: A\n---\nThe convoy stopped in Qzxwvutown before dawn.\n"},
    )
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(project)])
    assert result.exit_code == 0, result.output
    assert "1 unresolved" in result.output and "Qzxwvutown" in result.output
    listed = json.loads(runner.invoke(main, ["places", str(project), "--unresolved", "--json"]).output)
    assert [r["name"] for r in listed] == ["Qzxwvutown"]


def test_names_set_aside_are_counted_and_listed_with_their_reason(tmp_path):
    project = make_project(
        tmp_path,
        "story:\n  title: T\n",
        {"a.md": "---\ntitle: A\n---\nAid workers said Dadu had no water. The Indus burst its banks near Sukkur.\n"},
    )
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--no-png", str(project)])
    assert result.exit_code == 0, result.output
    assert "2 names set aside" in result.output and "geo places --rejected" in result.output
    listed = json.loads(runner.invoke(main, ["places", str(project), "--rejected", "--json"]).output)
    reasons = {r["name"]: r["reason"] for r in listed}
    assert reasons == {"Dadu": "a person's name, as the recogniser reads it",
                       "Indus": "unknown to the gazetteer (the recogniser's guess)"}
    text = runner.invoke(main, ["places", str(project), "--rejected"]).output
    assert "Dadu\ta.md:" in text and "a person's name" in text
    rows = (project / "maps" / "mentions.csv").read_text(encoding="utf-8")
    assert "set aside: a person's name, as the recogniser reads it" in rows


def test_bad_config_exits_1_with_one_line(tmp_path):
    project = make_project(tmp_path, "story:\n  title: T\nplaces:\n  - id: x\n    name: X\n    kind: city\n    lat: 91\n    lon: 0\n", {})
    (project / "maps").mkdir()
    (project / "maps" / "index.html").write_text("old map", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 1
    assert "places.yaml, line 7" in result.output and "91" in result.output
    assert "Traceback" not in result.output
    assert (project / "maps" / "index.html").read_text(encoding="utf-8") == "old map"


def test_not_a_project_folder(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1 and "neither places.yaml nor articles/" in result.output


def test_usage_error_exits_2():
    assert CliRunner().invoke(main, ["distance", "OnlyOne"]).exit_code == 2


def test_python_dash_m(seed_project):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "distance", "Bagram", "Kabul", "--dir", str(seed_project)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("47.1 km")


def test_build_with_every_article_skipped_keeps_maps(tmp_path):
    project = make_project(tmp_path, "story:\n  title: T\nplaces: []\n", {"bad.md": "---\ndate: 2025-02-30\n---\nText\n"})
    (project / "maps").mkdir()
    (project / "maps" / "index.html").write_text("old map", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 1
    assert "bad.md, line 2" in result.output and "nothing to build" in result.output
    assert (project / "maps" / "index.html").read_text(encoding="utf-8") == "old map"


def test_same_place_twice_is_a_user_error(seed_project):
    result = CliRunner().invoke(main, ["distance", "Kabul", "kabul", "--dir", str(seed_project)])
    assert result.exit_code == 1 and "same place" in result.output


def test_init_writes_a_project_that_builds(tmp_path):
    root = tmp_path / "story"
    result = CliRunner().invoke(main, ["init", str(root), "--title", 'Floods: "the worst"'])
    assert result.exit_code == 0, result.output
    assert (root / "articles").is_dir() and "Next:" in result.output
    from geo.ingest.config import load_config

    assert load_config(root / "places.yaml").story.title == 'Floods: "the worst"'
    (root / "articles" / "a.md").write_text("---\ntitle: Rain\n---\nRain fell on Lahore and Karachi.\n")
    built = CliRunner().invoke(main, ["build", str(root), "--no-png"])
    assert built.exit_code == 0, built.output
    assert ": 1 article, 2 places, 2 mentions, 0 unresolved names," in built.output  # singular where one
    again = CliRunner().invoke(main, ["init", str(root)])
    assert again.exit_code == 1 and "already there" in again.output
    assert load_config(root / "places.yaml").story.title == 'Floods: "the worst"'  # nothing overwritten


@pytest.mark.parametrize("yaml_text, line", [("places: []\n", 1), ("story:\n  description: x\n", 2)])
def test_a_story_without_a_title_says_how_to_write_one(tmp_path, yaml_text, line):
    root = make_project(tmp_path, yaml_text, {"a.md": "Rain in Lahore.\n"})
    result = CliRunner().invoke(main, ["build", str(root), "--no-png"])
    assert result.exit_code == 1
    assert f"places.yaml, line {line}: a story needs a title" in result.output and "geo init" in result.output


def test_an_alias_that_is_a_split_qualifier_is_warned_about(tmp_path, caplog):
    places = ("story:\n  title: t\nplaces:\n  - id: glasgow-ky\n    name: Glasgow\n    aliases: [Glasgow, Ky.]\n"
              "    kind: city\n    lat: 36.9959\n    lon: -85.9119\n    country: US\n")
    from geo.ingest.config import parse_config

    with caplog.at_level("WARNING"):
        parse_config(places, "places.yaml")
    assert "line 6: alias 'Ky.' of 'glasgow-ky' is only the abbreviation of Kentucky" in caplog.text
    assert 'aliases: ["Glasgow, Ky."]' in caplog.text
