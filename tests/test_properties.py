"""Property tests: the text pipeline never crashes and its offsets stay true."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geo.errors import ArticleError
from geo.find.mentions import AliasIndex, find_mentions
from geo.ingest.articles import parse_article
from geo.ingest.config import load_config
from geo.ingest.debris import find_debris
from geo.model import Article, Place
from geo.text.normalise import fold, name_key, tokens
from geo.text.sentences import sentence_spans

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HAND_PLACES = (
    Place("afghanistan", "Afghanistan", "country", 33.0, 65.0, "AF"),
    Place("united-states", "United States", "country", 38.0, -97.0, "US",
          aliases=("US", "U.S.", "USA", "America", "United States of America")),
    Place("bagram-air-base", "Bagram Air Base", "airbase", 34.9461, 69.265, "AF", aliases=("Bagram",)),
    Place("kabul", "Kabul", "capital", 34.52813, 69.17233, "AF", aliases=("the capital", "Kabul city")),
    Place("cote-divoire", "Côte d'Ivoire", "country", 7.5, -5.5, "CI", aliases=("Ivory Coast",)),
)
SEED_PLACES = load_config(Path(__file__).resolve().parent.parent / "places.yaml").places
INDEXES = {
    "hand": AliasIndex(HAND_PLACES),
    "seed": AliasIndex(SEED_PLACES, ignore=("Taliban",)),
}

ALIAS_WORDS = [
    "Kabul", "kabul", "KABUL", "U.S.", "U.S", "US", "us", "USA", "Afghanistan's", "Afghanistan\u2019s",
    "Bagram", "Bagram Air Base", "Bagram air-base", "the capital", "the capital Kabul", "Côte d'Ivoire",
    "Cote d\u2019Ivoire", "United States", "United\nStates", "United  States", "America", "Doha",
    "Washington", "Lop Nur", "in Zyxville", "near Foo Bar", "Mr.", "Gen.", "St.", "Scroll to Top", "Share",
    "Also Read: Kabul", "![](x.jpg) |", "caption |", "date 2025-09-22", "— Jo (@jo) September 1, 2025",
    "پاکستان", "کابل", "Dohār", "ß", "İstanbul", "ﬁ", "½",
]
SEPARATORS = [" ", "  ", ", ", ". ", "! ", "? ", "\n", "\n\n", "-", "'", "\u2019", ".", "\t", "\u00a0", "\r\n", ""]

# Text sprinkled with alias names, punctuation and line breaks.
sprinkled = st.lists(
    st.one_of(st.sampled_from(ALIAS_WORDS), st.sampled_from(SEPARATORS), st.text(max_size=8)),
    max_size=30,
).map("".join)
any_text = st.one_of(st.text(max_size=200), sprinkled)

FRONT_MATTER_LINES = [
    "title: A title", "title: Kabul", "date: 2025-09-22", "date: 2025-02-30", "date: 2025-13-45",
    "date: 2025-09-22 10:00:00", "date: not a date", "date: 20250922", "date:", "url: https://example.org/a",
    "url: ftp://x", "url: 12", "outlet: Tolo", "language: fa", "title: [a, b]", "title: {a: 1}", "title: yes",
    "title: 3.5", "title: !!int abc", "title: !!float x", "title: !!timestamp foo", "title: !!bool x",
    "title: !!binary '@@@'", "unknown: 1", "title: 'unterminated", "- a list", "just text", "title: &a [*a]",
    "? title\n: x", "<<: {title: x}", "title: |\n  multi\n  line", "title: x\ntitle: y", ": x", "\ttitle: x",
]
front_matter = st.builds(
    lambda lines, body: "---\n" + "\n".join(lines) + "\n---\n" + body,
    st.lists(st.one_of(st.sampled_from(FRONT_MATTER_LINES), st.text(max_size=20)), max_size=5),
    any_text,
)
article_text = st.one_of(any_text, front_matter)


def _check_article(article: Article, raw: str, name: str) -> None:
    assert isinstance(article, Article)
    assert article.name == name
    assert raw.endswith(article.text)
    assert article.slug
    previous_end = 0
    for span in article.debris:
        assert 0 <= span.start < span.end <= len(article.text)
        assert span.start >= previous_end
        previous_end = span.end


@SETTINGS
@given(raw=article_text, name=st.sampled_from(["x.md", "x.txt", "x.markdown", "Some Story.MD"]))
@example(raw="---\ndate: 2025-02-30\n---\nBody.", name="x.md")
@example(raw="---\ntitle: !!int abc\n---\nBody.", name="x.md")
@example(raw="---\ntitle: !!timestamp foo\n---\nBody.", name="x.md")
@example(raw="---\ntitle: !!bool x\n---\nBody.", name="x.md")
@example(raw="date 2025-13-45\nBody.", name="x.txt")
@example(raw="date ٢٠٢٥-٠٩-٢٢\nBody.", name="x.txt")
@example(raw="", name="x.md")
@example(raw="---\n---\n", name="x.md")
def test_parse_article_returns_an_article_or_raises_article_error(raw: str, name: str) -> None:
    try:
        article = parse_article(raw, name)
    except ArticleError as err:
        assert str(err).startswith(name)
        return
    _check_article(article, raw, name)


@SETTINGS
@given(text=any_text)
@example(text="U.S. officials met Mr. Smith. Then they left!\nNew line? Yes.")
@example(text=". . .\n\n!?")
def test_sentence_spans_are_ordered_disjoint_and_inside(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        previous_end = span.end
    # Every word of the text is in a sentence.
    covered = [False] * len(text)
    for span in spans:
        covered[span.start : span.end] = [True] * (span.end - span.start)
    for token in tokens(text):
        assert all(covered[token.start : token.end])


@SETTINGS
@given(text=any_text, index=st.sampled_from(sorted(INDEXES)))
@example(text="Afghanistan's capital Kabul and the U.S. Bagram air-base", index="hand")
@example(text="U.S.", index="hand")
@example(text="Officials in Kabul.\nScroll to Top\nKabul", index="seed")
def test_find_mentions_offsets_are_true(text: str, index: str) -> None:
    article = Article(name="x.md", slug="x", title="", text=text, debris=find_debris(text))
    mentions = find_mentions(article, INDEXES[index], lookup=None)
    previous = (-1, -1)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.sentence.start <= m.start and m.end <= m.sentence.end <= len(text)
        assert m.article == "x.md"
        assert not article.in_debris(m.start, m.end)
        assert (m.start, m.end) >= previous
        previous = (m.start, m.end)
        if m.finder == "alias":
            assert m.place_id is not None
        else:
            assert m.place_id is None


@SETTINGS
@given(raw=article_text)
def test_find_mentions_on_parsed_articles(raw: str) -> None:
    try:
        article = parse_article(raw, "x.md")
    except ArticleError:
        return
    for m in find_mentions(article, INDEXES["seed"], lookup=None):
        assert article.text[m.start : m.end] == m.text
        assert m.sentence.contains(m.start, m.end)


@SETTINGS
@given(text=st.one_of(st.text(), sprinkled))
def test_name_key_and_fold_never_raise(text: str) -> None:
    folded = fold(text)
    assert isinstance(folded, str)
    assert fold(folded) == folded
    key = name_key(text)
    assert isinstance(key, tuple) and all(isinstance(k, str) and k for k in key)
    assert name_key(text) == key



@pytest.mark.parametrize(
    ("raw", "line", "value"),
    [
        ("---\ntitle: T\ndate: 2025-02-30\n---\nBody.", 3, "2025-02-30"),
        ("---\ndate: 2025-09-22 25:00:00\n---\nBody.", 2, "25:00:00"),
        ("---\ntitle: !!int abc\n---\nBody.", 2, "abc"),
    ],
)
def test_impossible_front_matter_values_name_the_line(raw: str, line: int, value: str) -> None:
    # Well-formed YAML that PyYAML cannot turn into a value ("2025-02-30" is no date).
    with pytest.raises(ArticleError) as info:
        parse_article(raw, "x.md")
    assert info.value.line == line
    assert value in str(info.value)
