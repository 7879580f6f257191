"""Read articles: Markdown with YAML front matter, Markdown without, plain text.

``parse_article`` is pure (text in, :class:`~geo.model.Article` out);
``load_article`` and ``load_articles`` only read files.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..errors import ArticleError
from ..model import Article
from ..project.yaml_reader import (
    MAX_FRONT_MATTER_BYTES,
    YamlValueError,
    compose_yaml,
    construct_yaml,
    quote,
    yaml_error_line,
    yaml_problem,
)
from ..text.normalise import slugify
from .debris import dateline, find_debris

__all__ = ["parse_article", "load_article", "load_articles", "read_articles", "parse_articles", "ARTICLE_SUFFIXES"]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
FRONT_MATTER_KEYS = ("title", "date", "outlet", "url", "language")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_MD_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$")


def parse_article(raw: str, name: str) -> Article:
    """Parse the text of one article file called *name*.

    * ``.md`` with front matter: the metadata comes from it, the body is the
      rest of the file.
    * ``.md`` without: the title is the first ``# heading`` or the first line.
    * ``.txt``: the first non-empty line is the title.

    A bare dateline such as ``date 2025-09-22`` in the first lines gives the
    date when the front matter does not.

    Raises
    ------
    ArticleError
        If the front matter is not valid YAML or a field has a bad value; the
        message names the file, the line and the value.
    """
    meta: dict[str, Any] = {}
    body = raw
    body_line = 1
    match = _FRONT_MATTER.match(raw)
    if match and name.lower().endswith((".md", ".markdown")):
        meta = _parse_front_matter(match.group(1), name)
        body = raw[match.end() :]
        body_line = raw[: match.end()].count("\n") + 1
    title = _text_field(meta, "title", name)
    if not title:
        title = _first_title(body, name)
    date = _date_field(meta, name)
    if date is None:
        found = dateline(body)
        if found:
            iso, line_index = found
            date = _parse_date(iso, name, body_line + line_index)
    url = _text_field(meta, "url", name)
    if url and not re.match(r"^https?://\S+$", url, re.IGNORECASE):
        raise ArticleError(f"url must be an http(s) address, got {quote(url)}", path=name, line=meta.get("__line_url"))
    stem = Path(name).stem
    return Article(
        name=name,
        slug=_slug(stem),
        title=title,
        text=body,
        date=date,
        outlet=_text_field(meta, "outlet", name),
        url=url,
        language=_text_field(meta, "language", name) or "en",
        debris=find_debris(body, title),
    )


def _slug(stem: str) -> str:
    """A reading-page name for a file: readable, ASCII, at most 80 characters."""
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    slug = slugify(stem, max_words=20)
    if not slug:
        return f"article-{digest}"
    if len(slug) > 80:
        return f"{slug[:70].rstrip('-')}-{digest}"
    return slug


def _parse_front_matter(source: str, name: str) -> dict[str, Any]:
    """The front matter's fields, with ``__line_<key>``; read within the limits of :mod:`geo.project.yaml_reader`."""
    invalid = "front matter is not valid YAML"
    # Line 1 of the front matter is line 2 of the file, after the '---'.
    node = compose_yaml(source, name, max_bytes=MAX_FRONT_MATTER_BYTES, error=ArticleError, first_line=2,
                        what="front matter", invalid=invalid)
    keys = _front_matter_keys(node, name)
    try:
        data = construct_yaml(node)
    except YamlValueError as err:
        # Well-formed YAML with an impossible value: "date: 2025-02-30", "!!int abc".
        where, line = _bad_value(node)
        raise ArticleError(f"front matter has a bad value{where}: {err.reason}", path=name, line=line) from err
    except yaml.YAMLError as err:
        raise ArticleError(f"{invalid}: {yaml_problem(err)}", path=name, line=yaml_error_line(err, 2)) from err
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ArticleError("front matter must be a mapping of keys to values", path=name, line=2)
    meta: dict[str, Any] = {}
    for key, (key_node, value_node) in zip(keys, node.value, strict=True):
        line = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the '---'
        if not isinstance(value_node, yaml.ScalarNode):
            # Every field is one value; a list or mapping (an alias may have expanded it) is quoted short here.
            expected = "an ISO date (YYYY-MM-DD)" if key == "date" else "text"
            raise ArticleError(f"{key} must be {expected}, got {quote(data[key])}", path=name, line=line)
        meta[key] = data[key]
        meta[f"__line_{key}"] = line
    return meta


def _front_matter_keys(node: yaml.Node | None, name: str) -> list[str]:
    """The keys of a front-matter mapping node, each one of :data:`FRONT_MATTER_KEYS` written as plain text.

    Checked on the nodes, before any value is built: ``!!null title``, ``1`` or ``[a, b]`` is refused
    with its line, key quoted short.
    """
    if not isinstance(node, yaml.MappingNode):
        return []
    keys = []
    for key_node, _ in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            raise ArticleError(f"a front-matter key must be text, got {kind}", path=name, line=line)
        if key_node.value not in FRONT_MATTER_KEYS:
            raise ArticleError(
                f"unknown front-matter key {quote(key_node.value)} (expected one of {', '.join(FRONT_MATTER_KEYS)})",
                path=name,
                line=line,
            )
        if key_node.tag != "tag:yaml.org,2002:str":
            tag = quote(key_node.tag.replace("tag:yaml.org,2002:", "!!"), 40, False)
            raise ArticleError(f"front-matter key {quote(key_node.value)} must be plain text, not {tag}",
                               path=name, line=line)
        keys.append(key_node.value)
    return keys


def _bad_value(node: yaml.Node | None) -> tuple[str, int | None]:
    """Where the first front-matter value PyYAML cannot construct is: ``(" for 'date' ('2025-02-30')", 2)``.

    *node* is within the limits of :mod:`geo.project.yaml_reader`; key and value are quoted short.
    """
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            try:
                construct_yaml(value_node)
            except Exception:  # noqa: BLE001 - whatever the constructor raised
                value = f" ({quote(value_node.value)})" if isinstance(value_node, yaml.ScalarNode) else ""
                return f" for {quote(key_node.value)}{value}", key_node.start_mark.line + 2
    return "", (node.start_mark.line + 2 if node is not None else None)


def _text_field(meta: dict[str, Any], key: str, name: str) -> str:
    """The text of field *key* (a number is read as its text); ``""`` if absent; anything else is an error."""
    value = meta.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ArticleError(f"{key} must be text, got {quote(value)}", path=name, line=meta.get(f"__line_{key}"))
    return str(value).strip()


def _date_field(meta: dict[str, Any], name: str) -> dt.date | None:
    """The ``date`` field: a YAML date or timestamp, or text (or a number) in ISO form; ``None`` if absent."""
    value = meta.get("date")
    line = meta.get("__line_date")
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str | int | float) or isinstance(value, bool):  # !!binary, !!set, true…
        raise ArticleError(f"date must be an ISO date (YYYY-MM-DD), got {quote(value)}", path=name, line=line)
    return _parse_date(str(value), name, line)


def _parse_date(value: str, name: str, line: int | None) -> dt.date:
    """The date at the start of *value* (``2025-09-22``, ``2025-09-22T10:00``); the value is quoted short if none."""
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as err:
        raise ArticleError(f"date must be an ISO date (YYYY-MM-DD), got {quote(value)}", path=name, line=line) from err


def _first_title(body: str, name: str) -> str:
    from .debris import is_debris_line

    for line in body.split("\n"):
        if not line.strip() or is_debris_line(line):
            continue
        heading = _MD_HEADING.match(line)
        return (heading.group(1) if heading else line).strip()
    return Path(name).stem


#: Articles larger than this are reported, not read: no news article is this long.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8, or the encoding a byte-order mark names (UTF-16,
    UTF-32), or, for bytes that are not UTF-8, Windows-1252 (a superset of
    Latin-1 that most older web pages use), which is logged.

    Raises
    ------
    ArticleError
        For binary data (NUL bytes outside UTF-16/32) or undecodable text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise ArticleError(f"not valid {encoding.upper()} text despite its byte-order mark", path=name) from err
    if b"\x00" in data:
        raise ArticleError("binary file, not text", path=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ArticleError(
                f"not UTF-8 text (byte {data[err.start]:#04x} at offset {err.start})", path=name, line=line
            ) from err
        log.warning("%s, line %d: not UTF-8 (byte %#04x); read as Windows-1252/Latin-1", name, line, data[err.start])
        return text


#: Control characters no text file holds (but tab, line feed and form feed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")


def load_article(path: Path, root: Path | None = None) -> Article:
    """Read and parse one article file; *root* makes its name relative."""
    name = path.relative_to(root).as_posix() if root else path.name
    return parse_article(read_article_text(path, name), name)


def read_article_text(path: Path, name: str) -> str:
    """The checked, decoded text of an article file, line ends made ``\\n``."""
    data = _read_regular_file(path, name)
    raw = decode_text(data, name)
    if not raw.strip():
        raise ArticleError("empty file", path=name)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(raw, 0, 4096):
        raise ArticleError("binary file, not text", path=name)
    return raw


def _read_regular_file(path: Path, name: str) -> bytes:
    """The bytes of *path*, a regular file (not a link, a pipe or a device) of at most the article limit."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ArticleError(_LINK, path=name) from err
        raise ArticleError(f"cannot read file: {err.strerror}", path=name) from err
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ArticleError("not a regular file", path=name)
            if info.st_size > MAX_ARTICLE_BYTES:
                raise ArticleError(
                    f"too large for an article ({info.st_size / 1048576:.1f} MB; "
                    f"the limit is {MAX_ARTICLE_BYTES // 1048576} MB)", path=name)
            data = handle.read(MAX_ARTICLE_BYTES + 1)
        except OSError as err:
            raise ArticleError(f"cannot read file: {err.strerror}", path=name) from err
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"grew past the article limit of {MAX_ARTICLE_BYTES // 1048576} MB while read", path=name)
    return data


_LINK = "a symbolic link: articles must be regular files inside articles/ (copy the file in instead)"


def _article_paths(folder: Path, problems: list[ArticleError]) -> list[tuple[Path, str]]:
    """The article files of *folder* with their names; links and undecodable names are *problems*."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        try:
            name = path.name.encode("utf-8").decode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")
            problems.append(ArticleError("the file name is not valid UTF-8 text; rename the file", path=shown))
            continue
        if path.is_symlink():
            problems.append(ArticleError(_LINK, path=name))
        elif path.is_file():
            found.append((path, name))
        elif not path.is_dir():
            problems.append(ArticleError("not a regular file", path=name))
    return found


#: A function that parses ``(name, text)`` pairs: :func:`parse_articles`, or one that reuses earlier results.
Parse = Callable[[Sequence[tuple[str, str]]], list["Article | ArticleError"]]


def read_articles(folder: Path) -> tuple[list[tuple[str, str]], list[ArticleError]]:
    """The ``(name, text)`` of every article file in *folder*, sorted by file name,
    and the problems of the files that could not be read."""
    if not folder.is_dir():
        raise ArticleError("articles folder not found", path=folder)
    problems: list[ArticleError] = []
    texts: list[tuple[str, str]] = []
    for path, name in _article_paths(folder, problems):
        try:
            texts.append((name, read_article_text(path, name)))
        except ArticleError as err:
            problems.append(err)
    return texts, problems


def parse_articles(texts: Sequence[tuple[str, str]]) -> list[Article | ArticleError]:
    """Each ``(name, text)`` parsed: its article, or what is wrong with it (pure)."""
    out: list[Article | ArticleError] = []
    for name, raw in texts:
        try:
            out.append(parse_article(raw, name))
        except ArticleError as err:
            out.append(err)
    return out


def load_articles(folder: Path, parse: Parse = parse_articles) -> tuple[tuple[Article, ...], tuple[ArticleError, ...]]:
    """Read and parse every article in *folder*, sorted by file name.

    A bad file does not stop the others: its error is returned beside the
    articles that loaded. *parse* may reuse the results of earlier builds.
    """
    texts, problems = read_articles(folder)
    articles: list[Article] = []
    slugs: dict[str, str] = {}
    for parsed in parse(texts):
        if isinstance(parsed, ArticleError):
            problems.append(parsed)
        elif parsed.slug in slugs:
            problems.append(ArticleError(
                f"same reading-page name {parsed.slug!r} as {slugs[parsed.slug]}; rename one", path=parsed.name))
        else:
            slugs[parsed.slug] = parsed.name
            articles.append(parsed)
    for problem in problems:
        log.info("skipped: %s", problem)
    problems.sort(key=lambda e: str(getattr(e, "path", "") or ""))
    return tuple(articles), tuple(problems)
