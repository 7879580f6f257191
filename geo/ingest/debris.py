"""Find page furniture left in articles copied from the web.

The loader never edits an article body: it returns the spans of lines that are
debris, so offsets into the original text stay valid. Rules are about the shape
of web pages, not about one article:

* navigation and sharing lines ("Scroll to Top", "Share this", "Advertisement");
* image rows from Markdown tables (``![]() |``) and caption rows ending in ``|``;
* a caption printed twice, the second right below the first;
* teasers for other stories ("Also Read ...", "Read more: ...");
* social-media embeds: the "— Name (@handle) Month D, YYYY" signature and the
  lines of the embed above it written mostly in a script other than Latin;
* a bare dateline left by the page ("date 2025-09-22");
* the article title repeated as the first line of its body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Span
from ..text.normalise import non_latin_letters

__all__ = ["find_debris", "lines_with_offsets", "dateline", "is_debris_line"]

_NAV = re.compile(
    r"^(scroll to top|back to top|skip to (main )?content|share( this( article| story)?)?"
    r"|advertisement|sponsored|print|email|comments?|subscribe( now)?|sign up)\W*$",
    re.IGNORECASE,
)
_TEASER = re.compile(
    r"^(also read|read also|read more|related( stories| articles)?|see also|must read)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_IMAGE_ROW = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*\|?\s*$")
_TABLE_ROW = re.compile(r"\s\|\s*$")
_EMBED_SIGNATURE = re.compile(
    r"[\u2014\u2013-]\s*[^\n]{0,80}\(@\w{1,30}\)\s+"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4}\s*$"
)
_DATELINE = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}-\d{2})\s*$", re.IGNORECASE)
_EMBED_LINK = re.compile(r"pic\.twitter\.com/\w+|t\.co/\w+")


def lines_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, line)`` for each line, *end* excluding the newline."""
    start = 0
    # Lines end at "\n" only, as everywhere else in the project (the loader
    # turns "\r\n" into "\n"), so spans agree with the reading pages.
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _foreign_script_share(line: str) -> float:
    """Share of the letters of *line* that are not Latin."""
    letters = sum(1 for c in line if c.isalpha())
    if not letters:
        return 0.0
    return non_latin_letters(line) / letters


def dateline(text: str) -> tuple[str, int] | None:
    """The ISO date of a bare dateline among the first lines, and its line index."""
    for index, (_, _, line) in enumerate(list(lines_with_offsets(text))[:5]):
        match = _DATELINE.match(line)
        if match:
            return match.group(1), index
    return None


def is_debris_line(line: str) -> bool:
    """Whether one line, on its own, is page furniture."""
    return bool(find_debris(line))


def find_debris(text: str, title: str = "") -> tuple[Span, ...]:
    """Return the spans of *text* that are page furniture, in order."""
    lines = list(lines_with_offsets(text))
    found: set[int] = set()
    previous_content: str | None = None
    first_content = True
    for index, (_, _, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if first_content and title and stripped.casefold() == title.strip().casefold():
            found.add(index)
        elif (
            _NAV.match(stripped)
            or (_TEASER.match(stripped) and (":" in stripped[:20] or not _SENTENCE_END.search(stripped)))
            or _IMAGE_ROW.match(stripped)
            or _DATELINE.match(stripped)
            or _EMBED_LINK.search(stripped)
        ):
            found.add(index)
        elif _TABLE_ROW.search(line):
            found.add(index)
        elif previous_content is not None and stripped == previous_content:
            found.add(index)
        elif _EMBED_SIGNATURE.search(stripped):
            found.add(index)
            found.update(_embed_body(lines, index))
        first_content = False
        # A caption kept as text may be followed by its copy; a caption row
        # already dropped leaves the copy below it as the one kept.
        previous_content = None if index in found else stripped
    return tuple(Span(lines[i][0], lines[i][1]) for i in sorted(found) if lines[i][1] > lines[i][0])


def _embed_body(lines: list[tuple[int, int, str]], signature: int) -> Iterator[int]:
    """Lines just above an embed signature written in another script."""
    for index in range(signature - 1, -1, -1):
        line = lines[index][2].strip()
        if not line:
            continue
        if _foreign_script_share(line) < 0.5:
            return
        yield index
