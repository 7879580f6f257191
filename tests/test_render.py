"""Rendering: escaping of everything user text touches, safe links, safe paths."""

from __future__ import annotations

import re

import pytest

from geo.build import build_story
from geo.errors import OutputError
from geo.project.output import safe_relative, write_site
from geo.render import render_site
from geo.render.templating import safe_url, script_json

from .conftest import make_project

HOSTILE_TITLE = 'Kabul <script>alert("t")</script> `${x}` {{ 7*7 }}'
HOSTILE_BODY = (
    "Kabul <img src=x onerror=alert(1)> was calm.\n"
    "In Kabul, </script><script>alert(2)</script> and `${alert(3)}` appeared.\n"
    "Kabul {% if 1 %}tpl{% endif %} \u202egnp.exe\n"
)
PLACES = """\
story:
  title: "Story <b onmouseover=alert(4)>bold</b>"
  focus: kabul
places:
  - id: kabul
    name: "Kabul <i>city</i>"
    aliases: [Kabul]
    kind: capital
    lat: 34.52813
    lon: 69.17233
    country: AF
    note: "</script><script>alert(5)</script>"
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(
        tmp_path_factory.mktemp("hostile"),
        PLACES,
        {"evil.md": f"---\ntitle: '{HOSTILE_TITLE}'\nurl: 'https://example.org/a?q=\"><script>'\n---\n{HOSTILE_BODY}"},
    )
    result = build_story(root)
    return {k: v.decode("utf-8") for k, v in render_site(result.story, result.config).items()}


def test_no_raw_markup_from_user_text(hostile_site):
    for name, text in hostile_site.items():
        if not name.endswith(".html"):
            continue
        for needle in ("<script>alert", "<img src=x", "<b onmouseover", "<i>city</i>", "</script><script>"):
            assert needle not in text, f"{needle!r} reached {name} unescaped"


def test_template_syntax_is_not_evaluated(hostile_site):
    page = hostile_site["articles/evil.html"]
    assert "{{ 7*7 }}" in page and "49" not in page.split("<title>")[1].split("</title>")[0]
    assert "{% if 1 %}tpl{% endif %}" in page
    # The map too: folium would evaluate text inside its elements as Jinja.
    index = hostile_site["index.html"]
    assert index.count("{{ 7*7 }}") >= 2 and "{% if 1 %}tpl{% endif %}" in index


def test_reading_page_highlights_and_links_back(hostile_site):
    page = hostile_site["articles/evil.html"]
    assert page.count('href="../index.html#place=kabul"') >= 3
    assert 'id="m-0"' in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", ""),
        ("JAVASCRIPT:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("//example.org/x", ""),
        ("ftp://example.org", ""),
        ("", ""),
    ],
)
def test_only_http_urls_are_linked(url, expected):
    assert safe_url(url) == expected


def test_script_json_cannot_close_a_script():
    text = str(script_json({"a": "</script><!-- & '"}))
    assert "</" not in text and "<!--" not in text and "&" not in text and "'" not in text


#: Values and the exact JSON ``script_json`` gives for them: compact, keys sorted,
#: non-ASCII kept, and the line separators JavaScript before ES2019 ends a string at escaped.
SCRIPT_JSON_CASES = [
    ({"b": 1, "a": [1.5, None, True]}, '{"a":[1.5,null,true],"b":1}'),
    ("Kabul · “city”", '"Kabul · “city”"'),
    ("<a href='x'>&</a>", '"\\u003ca href=\\u0027x\\u0027\\u003e\\u0026\\u003c/a\\u003e"'),
    ("line\u2028para\u2029end", '"line\\u2028para\\u2029end"'),
]


@pytest.mark.parametrize(("value", "expected"), SCRIPT_JSON_CASES)
def test_script_json_bytes(value, expected):
    assert script_json(value) == expected


def _checked_claim(**computed):
    from geo.model import CheckedClaim, Claim, Verdict

    claim = Claim("a.md", 0, 10, "40 km north", "bagram", "kabul", 40.0, None, None, "km", "40 km", "", "exact", "N")
    return CheckedClaim(claim, verdict=Verdict.CONSISTENT, reason="", tolerance_km=None, direction_margin_deg=None,
                        **computed)


#: A claim's computed distance and bearing, and how its popup's "Computed" row reads.
COMPUTED_CASES = [
    ((47.138, 10.2, "N"), "47.1 km, bearing 10° (N)"),  # as :func:`geo.measure.distance.describe` says it
    ((1844.695, None, None), "1,844.7 km"),
    ((None, None, None), "–"),
]


@pytest.mark.parametrize(("computed", "expected"), COMPUTED_CASES)
def test_claim_popup_computed_row(computed, expected):
    from geo.model import Article
    from geo.render.layers import _claim_popup

    km, bearing, compass = computed
    checked = _checked_claim(computed_km=km, computed_bearing_deg=bearing, computed_compass=compass)
    popup = _claim_popup(checked, Article("a.md", "a", "A", "Bagram is 40 km north of Kabul."), {"kabul": "Kabul"})
    assert f'<th scope="row">Computed</th><td>{expected}</td>' in popup


def test_every_role_and_verdict_has_its_text_and_colour():
    from geo.model import Role, Verdict
    from geo.render.styles import VERDICT_COLORS
    from geo.render.templating import ROLE_NOTES

    assert set(ROLE_NOTES) == set(Role) and set(VERDICT_COLORS) == set(Verdict)
    # A plain string finds the same entry as its enum member.
    assert ROLE_NOTES["metonymic"] == ROLE_NOTES[Role.METONYMIC] and VERDICT_COLORS["consistent"] == "#2a9d8f"


@pytest.mark.parametrize("name", ["../x.html", "/etc/passwd", "a/../../b", "", "a\\..\\b"])
def test_output_paths_cannot_leave_the_folder(name):
    with pytest.raises(OutputError):
        safe_relative(name)


def test_write_site_replaces_atomically(tmp_path):
    target = tmp_path / "maps"
    write_site(target, {"index.html": b"one", "articles/a.html": b"a"})
    write_site(target, {"index.html": b"two"})
    assert (target / "index.html").read_bytes() == b"two"
    assert not (target / "articles").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["maps"]


def test_failed_write_keeps_the_old_site(tmp_path):
    target = tmp_path / "maps"
    write_site(target, {"index.html": b"good"})
    with pytest.raises(OutputError):
        write_site(target, {"index.html": b"new", "../escape.html": b"x"})
    assert (target / "index.html").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["maps"]


def test_filters_by_article_and_outlet_are_in_the_panel_not_the_layer_control(tmp_path):
    root = make_project(
        tmp_path,
        PLACES,
        {
            "a.md": "---\ntitle: First\ndate: 2025-01-02\noutlet: Daily <Planet>\n---\nKabul was calm.\n",
            "b.md": "---\ntitle: Second\ndate: 2025-01-03\noutlet: Daily <Planet>\n---\nIn Kabul, rain.\n",
            "c.md": "---\ntitle: Third\ndate: 2025-01-03\noutlet: Evening Post\n---\nBagram was quiet.\n",
        },
    )
    result = build_story(root)
    page = render_site(result.story, result.config)["index.html"].decode("utf-8")
    # No overlay per article or outlet: the layer control keeps the map's own layers.
    assert "Article: " not in page and "Outlet: " not in page
    assert re.search(r'<button type="button" class="gs-outlet" data-articles="a b" aria-pressed="false">'
                     r'Daily &lt;Planet&gt; <span class="gs-meta">\(2\)</span>', page)
    assert 'data-articles="c"' in page
    assert "Daily <Planet>" not in page


def test_one_outlet_has_no_outlet_filter(tmp_path):
    root = make_project(
        tmp_path, PLACES, {"a.md": "---\ntitle: First\noutlet: Daily\n---\nKabul was calm.\n"}
    )
    result = build_story(root)
    assert 'class="gs-outlet"' not in render_site(result.story, result.config)["index.html"].decode("utf-8")


def test_panel_lists_articles_by_date_with_every_mention_marked(seed_build):
    from geo.render.panel import build_panel

    panel = build_panel(seed_build.story, "", {})
    dates = [item.date for item in panel.articles]
    assert dates == sorted(dates)
    assert [day.date for day in panel.timeline] == ["2025-09-19", "2025-09-21", "2025-09-22"]
    for item in panel.articles:
        starts = [e.anchor for e in item.excerpts]
        assert starts == sorted(starts, key=lambda a: int(a[2:]))  # reading order
        for excerpt in item.excerpts:
            marked = [s for s in excerpt.segments if s.place_id]
            assert marked and excerpt.place_id == marked[0].place_id
    kabul = next(row for row in panel.places if row.place.id == "kabul")
    assert kabul.from_focus is not None and round(kabul.from_focus.distance_km, 1) == 47.1


def test_interrupted_swap_is_recovered(tmp_path):
    target = tmp_path / "maps"
    write_site(target, {"index.html": b"good"})
    # A build killed between its two renames leaves the old site aside.
    (tmp_path / ".maps-old-abc").mkdir()
    target.rename(tmp_path / ".maps-old-abc" / "x")  # nested, to be moved back as a whole
    (tmp_path / ".maps-old-abc" / "x").rename(tmp_path / ".maps-old-keep")
    (tmp_path / ".maps-old-abc").rmdir()
    (tmp_path / ".maps-new-zzz").mkdir()
    write_site(target, {"index.html": b"next"})
    assert (target / "index.html").read_bytes() == b"next"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


def test_interrupt_during_swap_keeps_the_old_site(tmp_path, monkeypatch):
    import os

    target = tmp_path / "maps"
    write_site(target, {"index.html": b"good"})
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr("geo.project.output.os.replace", flaky)
    with pytest.raises(KeyboardInterrupt):
        write_site(target, {"index.html": b"new"})
    monkeypatch.undo()
    assert (target / "index.html").read_bytes() == b"good"


def test_seas_and_macro_regions_are_drawn_as_their_names(tmp_path):
    root = make_project(
        tmp_path,
        "story:\n  title: Shipping\n",
        {"a.md": "---\ntitle: Ships\n---\nShips in the Red Sea and the Mediterranean were warned; "
                 "drought spread across the Sahel. Officials in Cairo said so.\n"},
    )
    result = build_story(root)
    kinds = {p.name: p.kind for p in result.story.places}
    assert kinds["Red Sea"] == "water" and kinds["Sahel"] == "macroregion" and kinds["Cairo"] == "capital"
    page = render_site(result.story, result.config)["index.html"].decode("utf-8")
    assert page.count('class=\\"gs-area-name\\"') == 3 or page.count('class="gs-area-name"') == 3
    assert "gs-place-red-sea gs-area-label gs-kind-water" in page
    assert "Water (its name)" in page and "Macro-region (its name)" in page


def test_every_gazetteer_kind_has_its_own_name_and_legend_entry():
    from geo.render.styles import KIND_STYLES, kind_label

    for kind in ("continent", "macroregion", "water", "country", "region", "district", "capital", "city"):
        assert kind in KIND_STYLES and kind_label(kind) != "Other place", kind
    assert kind_label("district") == "County or district"


def test_namesakes_are_told_apart_in_table_popups_and_labels(tmp_path):
    root = make_project(tmp_path, "story:\n  title: Two Londons\n", {
        "a.md": "---\ntitle: Ky\n---\nLONDON, Ky. (AP) \u2014 Roads near London and Corbin closed, Laurel County said.\n",
        "b.md": "---\ntitle: UK\n---\nLONDON (Reuters) \u2014 Markets in London rose.\n",
    })
    result = build_story(root)
    page = render_site(result.story, result.config)["index.html"].decode("utf-8")
    assert '<a href="#place=london-us">London, Kentucky</a>' in page
    assert '<a href="#place=london-gb">London, England</a>' in page
    assert "\\u003ch3\\u003eLondon, Kentucky\\u003c/h3\\u003e" in page  # the popup, as JSON for Leaflet
    assert '"london-gb":"London, England"' in page  # the names the map writes beside markers


def test_the_seed_page_stays_under_two_megabytes(seed_build):
    page = render_site(seed_build.story, seed_build.config)["index.html"]
    assert len(page) <= 2 * 1024 * 1024


def test_kind_names_are_the_same_in_places_yaml_the_map_and_the_readme(repo):
    from geo.ingest.config import PLACE_KINDS
    from geo.render.styles import KIND_STYLES

    # Every kind a curated place may have has its own style (name and colour in legend, popup
    # and table), and the README's places.yaml lists them all.
    assert set(PLACE_KINDS) == set(KIND_STYLES)
    readme = (repo / "README.md").read_text(encoding="utf-8")
    comment = readme[readme.index("kind: airbase") : readme.index("lat: 34.9461")]
    listed = {w.strip(" ,#\n") for w in comment.split("#", 1)[1].replace("#", " ").split()}
    assert set(PLACE_KINDS) <= listed


def test_claims_csv_is_a_fact_check_table(seed_build):
    import csv
    import io

    text = render_site(seed_build.story, seed_build.config)["claims.csv"].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(seed_build.story.claims) >= 3
    order = {"inconsistent": 0, "unverifiable": 1, "consistent": 2}
    assert [order[r["verdict"]] for r in rows] == sorted(order[r["verdict"]] for r in rows)  # wrong ones first
    kabul = next(r for r in rows if "north of the capital Kabul" in r["quote"])
    assert kabul["stated"] == "about 40 km" and kabul["direction"] == "N" and kabul["measured_km"] == "47.138"
    assert kabul["measured_between"].startswith("from Kabul (places.yaml entry 'kabul', its point)")
    assert kabul["allowed_km"] == "32–48" and kabul["model"] == "WGS84 geodesic between the two points"
