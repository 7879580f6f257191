"""Article loading, front matter, page debris and sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.errors import ArticleError
from geo.ingest.articles import load_article, load_articles, parse_article
from geo.ingest.debris import find_debris
from geo.text.sentences import sentence_spans

FRONT_MATTER = """\
---
title: "Taliban reject US return"
date: 2025-09-21
outlet: Example News
url: https://example.org/a
language: en
---
Kabul rejected the idea on Sunday.
"""


def test_markdown_with_front_matter():
    article = parse_article(FRONT_MATTER, "2025-09-21-taliban.md")
    assert article.title == "Taliban reject US return"
    assert article.date == dt.date(2025, 9, 21)
    assert article.outlet == "Example News"
    assert article.url == "https://example.org/a"
    assert article.text == "Kabul rejected the idea on Sunday.\n"
    assert article.slug == "2025-09-21-taliban"


def test_markdown_without_front_matter_takes_the_heading():
    article = parse_article("# Doha talks resume\n\nText about Doha.\n", "doha.md")
    assert article.title == "Doha talks resume"
    assert article.date is None
    assert "Text about Doha." in article.text


def test_plain_text_first_line_is_the_title():
    article = parse_article("\nBagram handed over\nThe base was handed over.\n", "bagram.txt")
    assert article.title == "Bagram handed over"
    # The title line is page furniture of the body, so it is not mapped twice.
    assert article.text[article.debris[0].start : article.debris[0].end] == "Bagram handed over"


def test_dateline_gives_the_date():
    article = parse_article(" date 2025-09-22 \n\nThe Taliban government rejected it.\n", "x.txt")
    assert article.date == dt.date(2025, 9, 22)


# (name, front matter lines, expected line, words in message)
BAD_FRONT_MATTER = [
    ("bad-date", 'title: "x"\ndate: 22/09/2025\n', 3, ["date", "22/09/2025"]),
    ("unknown-key", 'title: "x"\nauthor: Someone\n', 3, ["author"]),
    ("javascript-url", 'title: "x"\nurl: "javascript:alert(1)"\n', 3, ["url", "javascript:alert(1)"]),
    ("yaml-error", 'title: "x\ndate: [\n', None, ["not valid YAML"]),
    ("not-mapping", "- a\n- b\n", 2, ["mapping"]),
    ("title-list", "title: [a, b]\n", 2, ["title"]),
]


@pytest.mark.parametrize(("front", "line", "words"), [c[1:] for c in BAD_FRONT_MATTER], ids=[c[0] for c in BAD_FRONT_MATTER])
def test_bad_front_matter_is_reported_with_file_and_line(front, line, words):
    with pytest.raises(ArticleError) as info:
        parse_article(f"---\n{front}---\nBody.\n", "bad.md")
    message = str(info.value)
    assert message.startswith("bad.md")
    if line is not None:
        assert f"line {line}:" in message
    for word in words:
        assert word in message


def test_non_utf8_is_read_and_said_binary_is_reported(tmp_path, caplog):
    (tmp_path / "latin1.txt").write_bytes("Title\nCaf\xe9 in Kabul\n".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "good.md").write_text(FRONT_MATTER, encoding="utf-8")
    with caplog.at_level("WARNING"):
        articles, problems = load_articles(tmp_path)
    assert [a.name for a in articles] == ["good.md", "latin1.txt"]
    assert "Café in Kabul" in articles[1].text
    assert "latin1.txt, line 2: not UTF-8 (byte 0xe9); read as Windows-1252" in caplog.text
    assert [str(p).split(":")[0] for p in problems] == ["binary.txt"]


def test_utf8_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle\r\nKabul today.\r\n".encode("utf-8"))
    article = load_article(path)
    assert article.title == "Title"
    assert "\r" not in article.text


def test_duplicate_slugs_are_reported(tmp_path):
    (tmp_path / "a b.md").write_text("# One\n", encoding="utf-8")
    (tmp_path / "a-b.txt").write_text("Two\n", encoding="utf-8")
    articles, problems = load_articles(tmp_path)
    assert len(articles) == 1 and len(problems) == 1
    assert "same reading-page name" in str(problems[0])


def test_missing_folder(tmp_path):
    with pytest.raises(ArticleError, match="not found"):
        load_articles(tmp_path / "nope")


SEED_DEBRIS = """\
The US cannot have a military presence in Afghanistan.
![]() |
A US vehicle at Bagram Air Base. Photo: Reuters |
A US vehicle at Bagram Air Base. Photo: Reuters
Also Read Taliban's systematic oppression of women in Afghanistan
بسم الله الرحمن الرحیم
در تمام مذاکرات دو جانبه،… — Hamdullah Fitrat (@FitratHamd) September 21, 2025
It had been consistently communicated to the US.
Location of Bagram. Graphic: NBC
Location of Bagram. Graphic: NBC
Scroll to Top
"""


def test_debris_of_web_pages_is_found_and_text_kept():
    spans = find_debris(SEED_DEBRIS)
    debris = [SEED_DEBRIS[s.start : s.end] for s in spans]
    assert debris == [
        "![]() |",
        "A US vehicle at Bagram Air Base. Photo: Reuters |",
        "Also Read Taliban's systematic oppression of women in Afghanistan",
        "بسم الله الرحمن الرحیم",
        "در تمام مذاکرات دو جانبه،… — Hamdullah Fitrat (@FitratHamd) September 21, 2025",
        "Location of Bagram. Graphic: NBC",
        "Scroll to Top",
    ]
    # One copy of a repeated caption stays as text.
    kept = [line for line in SEED_DEBRIS.splitlines() if line not in debris]
    assert "A US vehicle at Bagram Air Base. Photo: Reuters" in kept


def test_seed_articles_load_with_titles_and_dates(repo):
    articles, problems = load_articles(repo / "articles")
    assert problems == ()
    assert len(articles) == 5
    assert all(a.title and a.date for a in articles)
    assert {a.date for a in articles} <= {dt.date(2025, 9, d) for d in (19, 20, 21, 22)}
    for article in articles:
        assert article.slug.startswith(article.date.isoformat())
        assert article.outlet == "" and article.url == ""  # the texts name neither


SENTENCES = [
    ("abbreviation", "U.S. President Trump spoke. Kabul replied.", ["U.S. President Trump spoke.", "Kabul replied."]),
    ("honorific", "Mr. Trump spoke. Then he left.", ["Mr. Trump spoke.", "Then he left."]),
    ("quote", "\u201cWe want it,\u201d he said. \u201cNow.\u201d", ["\u201cWe want it,\u201d he said.", "\u201cNow.\u201d"]),
    ("lines", "Heading\nBody text here.", ["Heading", "Body text here."]),
    ("number", "It housed over 100,000 troops. It had 2 runways.", ["It housed over 100,000 troops.", "It had 2 runways."]),
    ("dateline", "GLASGOW, Ky. (AP) \u2014 Two men fled. Police said so.",
     ["GLASGOW, Ky. (AP) \u2014 Two men fled.", "Police said so."]),
    ("state-abbreviation", "A suspect was found in Paris, Tenn. Officials in B.C. agreed.",
     ["A suspect was found in Paris, Tenn. Officials in B.C. agreed."]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SENTENCES], ids=[c[0] for c in SENTENCES])
def test_sentences(text, expected):
    assert [text[s.start : s.end] for s in sentence_spans(text)] == expected


def test_teaser_opener_in_a_real_sentence_is_text():
    text = "Related talks in Kabul ended on Monday without a deal.\nRelated: Taliban reject talks\n"
    debris = [text[s.start : s.end] for s in find_debris(text)]
    assert debris == ["Related: Taliban reject talks"]


def test_title_skips_page_furniture():
    assert parse_article("Scroll to Top\nKabul calm again\nBody.\n", "x.txt").title == "Kabul calm again"


def test_dateline_error_names_its_line():
    with pytest.raises(ArticleError, match=r"x.txt, line 3"):
        parse_article("Title\n\ndate 2025-13-01\n", "x.txt")


def test_non_latin_file_names_get_distinct_slugs():
    assert parse_article("t\n", "خبر.txt").slug != parse_article("t\n", "новости.txt").slug
