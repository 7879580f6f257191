"""The home a story's datelines agree on: an article without a dateline is read where the
story's others are written from. Each case is an invented text."""

from __future__ import annotations

import pytest

from geo.build.options import BuildOptions
from geo.build.pipeline import build_story
from geo.resolve.story_home import dateline_qualifier, story_home

from .conftest import make_project


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("JACKSON, Tenn. — Storms hit.", "Tenn."),
        ("Title line\nQUETTA, Pakistan (AP) — Convoys arrived.", "Pakistan"),
        ("LONDON (Reuters) — Markets fell.", None),
        ("Storms hit Jackson, Tenn. — on Monday.", None),
    ],
)
def test_a_datelines_qualifier_is_read(text, qualifier):
    assert dateline_qualifier(text) == qualifier


@pytest.mark.parametrize(
    ("texts", "home"),
    [
        (["JACKSON, Tenn. — Storms.", "Crews cleared roads.", "PARIS, Tenn. — Power returned."], "Tennessee, US"),
        (["JACKSON, Tenn. — Storms.", "MURRAY, Ky. — Crews arrived."], "US"),
        (["QUETTA, Pakistan — Aid.", "SUKKUR, Pakistan — Floods."], "PK"),
        (["QUETTA, Pakistan — Aid.", "JACKSON, Tenn. — Storms."], ""),
        (["LONDON (Reuters) — Markets fell.", "Crews cleared roads."], ""),
        (["ATHENS, Ga. — Rain."], "Georgia, US"),
        (["TBILISI, Georgia — Rain."], "GE"),
    ],
)
def test_the_home_the_datelines_agree_on(gazetteer, texts, home):
    assert story_home(texts, gazetteer) == home


def test_an_article_without_a_dateline_is_read_at_the_storys_home(tmp_path):
    first = "---\ntitle: One\n---\nJACKSON, Tenn. — Tornadoes hit Paris and Milan late on Wednesday.\n"
    second = ("---\ntitle: Two\n---\nCrews from Georgia and Alabama restored power. Henry County Mayor Ann Cole said "
              "shelters opened for people from Lebanon, Athens and Cleveland.\n")
    root = make_project(tmp_path, "story:\n  title: Storms\n", {"a.md": first, "b.md": second})
    story = build_story(root, BuildOptions(cache=False)).story
    regions = {p.name: p.region for p in story.places if p.name in ("Athens", "Henry County")}
    assert regions == {"Athens": "Tennessee", "Henry County": "Tennessee"}, regions


def test_a_region_in_places_yaml_wins_over_the_datelines(tmp_path):
    first = "---\ntitle: One\n---\nJACKSON, Tenn. — Storms reached Athens on Wednesday.\n"
    root = make_project(tmp_path, 'story:\n  title: Storms\n  region: "Georgia, US"\n', {"a.md": first})
    story = build_story(root, BuildOptions(cache=False)).story
    assert [p.region for p in story.places if p.name == "Athens"] == ["Tennessee"]  # its own dateline still rules
