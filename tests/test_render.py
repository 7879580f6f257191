"""Rendering: escaping of everything user text touches, safe links, safe paths."""

from __future__ import annotations

import pytest

from geo.errors import OutputError
from geo.render import render_site
from geo.render.templating import safe_url, script_json
from geo.site import safe_relative, write_site
from geo.story import build_story

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
