"""The story audit: ``geo audit``, the panel's "For the editor" section and maps/changes.json."""

from __future__ import annotations

import json

from click.testing import CliRunner

from geo.cli import main

from .conftest import make_project

ARTICLES = {
    "a.md": "---\ntitle: Ky\n---\nLONDON, Ky. (AP) \u2014 Roads near London and Corbin closed, Laurel County said.\n",
    "b.md": "---\ntitle: UK\n---\nLONDON (Reuters) \u2014 Markets in London rose. Paris lies about 340 km south-east of "
            "London.\n",
}


def test_geo_audit_lists_a_name_placed_two_ways(tmp_path):
    root = make_project(tmp_path, "story:\n  title: Two Londons\n", ARTICLES)
    result = CliRunner().invoke(main, ["audit", str(root)])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith("SAME NAME, TWO PLACES"))
    assert "London" in line and "Kentucky" in line and "England" in line and "a.md" in line and "b.md" in line
    assert "no earlier build" in result.output
    report = json.loads(CliRunner().invoke(main, ["audit", str(root), "--json"]).output)
    assert [p["id"] for p in report["namesakes"][0]["places"]] == ["london-gb", "london-us"]


def test_the_panel_has_the_findings_and_a_rebuild_writes_what_changed(tmp_path):
    root = make_project(tmp_path, "story:\n  title: Two Londons\n", ARTICLES)
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(root), "--no-png"]).exit_code == 0
    page = (root / "maps" / "index.html").read_text(encoding="utf-8")
    assert 'class="gs-audit"' in page and "is placed in 2 places" in page
    first = json.loads((root / "maps" / "changes.json").read_text(encoding="utf-8"))["changes"]
    assert first["since"] == "no earlier build" and "london-gb" in first["places_added"]
    # The article changes: a claim's verdict flips, Corbin goes, Bowling Green comes.
    (root / "articles" / "b.md").write_text(ARTICLES["b.md"].replace("340 km", "900 km"), encoding="utf-8")
    (root / "articles" / "a.md").write_text(ARTICLES["a.md"].replace("Corbin", "Bowling Green"), encoding="utf-8")
    assert runner.invoke(main, ["build", str(root), "--no-png"]).exit_code == 0
    changes = json.loads((root / "maps" / "changes.json").read_text(encoding="utf-8"))["changes"]
    assert changes["since"] == "the last build"
    assert changes["places_added"] == ["bowling-green-us"] and changes["places_removed"] == ["corbin-us"]
    assert [(c["was"], c["now"]) for c in changes["verdicts_changed"]] == [("consistent", "inconsistent")]
    audit = runner.invoke(main, ["audit", str(root)]).output
    assert "Changes since the last build: 0 places added" in audit  # geo audit compares with the last build
