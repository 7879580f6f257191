"""Hard-wrapped lines are reflowed into paragraphs and sentences; offsets stay true."""

from __future__ import annotations

import pytest

from geo.ingest.articles import parse_article
from geo.render.excerpts import body_paragraphs, paragraph_anchor
from geo.text.paragraphs import paragraph_spans
from geo.text.sentences import sentence_spans

WRAPPED = (
    "Heading of the story\n"
    "The Security Council met on Tuesday to discuss a political solution in Syria, hung a\n"
    "banner over the hall, and adjourned. Delegates flew on to Geneva, where talks\n"
    "resume on Monday.\n"
    "\n"
    "A US vehicle at Bagram Air Base in 2020, as seen from the road. Photo: Reuters\n"
    "The next paragraph starts here.\n"
    "- a list item that is long enough to look like a wrapped line of text here\n"
    "- another item\n"
)


def _texts(text, spans):
    return [text[s.start : s.end].strip() for s in spans]


def test_wrapped_lines_make_one_paragraph_and_whole_sentences():
    paragraphs = _texts(WRAPPED, paragraph_spans(WRAPPED))
    assert paragraphs[0] == "Heading of the story"
    assert paragraphs[1].startswith("The Security Council") and paragraphs[1].endswith("resume on Monday.")
    assert paragraphs[2].endswith("Photo: Reuters")  # a caption ends in a capitalised word: not wrapped
    assert paragraphs[3] == "The next paragraph starts here."
    assert paragraphs[4].startswith("- a list item") and paragraphs[5] == "- another item"
    sentences = _texts(WRAPPED, sentence_spans(WRAPPED))
    assert "The Security Council met on Tuesday to discuss a political solution in Syria, hung a\nbanner over " \
           "the hall, and adjourned." in sentences
    assert "Delegates flew on to Geneva, where talks\nresume on Monday." in sentences


def test_offsets_stay_true():
    for span in (*paragraph_spans(WRAPPED), *sentence_spans(WRAPPED)):
        assert 0 <= span.start < span.end <= len(WRAPPED)
        assert "\n\n" not in WRAPPED[span.start : span.end]  # never across a blank line
    geneva = WRAPPED.index("Geneva")
    assert paragraph_anchor(WRAPPED, geneva) == paragraph_anchor(WRAPPED, WRAPPED.index("Security"))


@pytest.mark.parametrize("text", ["One line.\nAnother line.", "Short\nLines\nStay", "A line that ends here.\nlower case after a full stop."])
def test_ended_lines_are_not_joined(text):
    assert len(paragraph_spans(text)) == text.count("\n") + 1


def test_reading_page_paragraphs_are_reflowed():
    article = parse_article(f"---\ntitle: t\n---\n{WRAPPED}", "a.md")
    paragraphs = body_paragraphs(article, [])
    assert len(paragraphs) == 6
    assert paragraphs[1][0] == f"p-{article.text.index('The Security')}"
