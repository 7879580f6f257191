"""Synthetic newsroom archives for the scale benchmark, from the public corpora.

Article *i* joins consecutive texts of ``../shared/benchmarks/`` (GeoVirus news
first, then WikToR pages, cycled) until it holds at least ``words`` words, so
10,000 articles of ~500 words make the ~5 M words of the target archive. Each
article gets front matter (title, outlet, date, url) like a real one; dates
cycle over 2010-2019. The archive is a function of ``n`` and ``words`` only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

__all__ = ["corpus_texts", "write_archive", "archive_articles", "DEFAULT_CORPORA"]

DEFAULT_CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
_FILES = ("geovirus.jsonl", "wiktor.jsonl")


def corpus_texts(folder: Path = DEFAULT_CORPORA) -> list[tuple[str, str]]:
    """``(corpus, text)`` of every document, GeoVirus first."""
    out: list[tuple[str, str]] = []
    for name in _FILES:
        with open(folder / name, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                out.append((record["corpus"], record["text"].strip()))
    return out


def archive_articles(n: int, words: int = 500, folder: Path = DEFAULT_CORPORA) -> Iterator[tuple[str, str]]:
    """``(file name, file text)`` of the *n* articles of the archive."""
    texts = corpus_texts(folder)
    cursor = 0
    start = dt.date(2010, 1, 1)
    for index in range(n):
        parts: list[str] = []
        count = 0
        corpus = texts[cursor % len(texts)][0]
        while count < words:
            text = texts[cursor % len(texts)][1]
            parts.append(text)
            count += len(text.split())
            cursor += 1
        day = start + dt.timedelta(days=index % 3650)
        title = " ".join(parts[0].split()[:8]).replace('"', "'")
        front = (
            "---\n"
            f'title: "{title}"\n'
            f"outlet: {corpus}\n"
            f"date: {day.isoformat()}\n"
            f"url: https://example.org/{corpus}/{index:05d}\n"
            "---\n\n"
        )
        yield f"{index:05d}.md", front + "\n\n".join(parts) + "\n"


def write_archive(target: Path, n: int, words: int = 500, folder: Path = DEFAULT_CORPORA) -> int:
    """Write the archive into ``target/articles`` and a minimal places.yaml; return the word count."""
    articles = target / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in archive_articles(n, words, folder):
        (articles / name).write_text(text, encoding="utf-8")
        total += len(text.split())
    places = target / "places.yaml"
    if not places.exists():
        places.write_text('story:\n  title: "Newsroom archive"\nplaces: []\n', encoding="utf-8")
    return total
