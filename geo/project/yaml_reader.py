"""Reading YAML that may come from a stranger: bounded in size, aliases, nodes and depth.

A project folder can come from anyone, and PyYAML on its own lets a few
hundred bytes expand into gigabytes ("billion laughs") or nest deep enough to
exhaust the stack. Every YAML file of a project (``places.yaml``, article front
matter, ``review.yaml``, ``places.lock.yaml``) is read here: the text is
composed into nodes by a composer that counts as it goes and stops at the
first limit crossed, before any Python value is built. The scanner and parser
are libyaml's (C) when PyYAML has it; composing stays in Python so that it can
count.

Errors are raised as the caller's :class:`~geo.errors.GeoError` subclass, with
the file and line, and quote at most :data:`QUOTE_CHARS` characters of a value.
"""

from __future__ import annotations

import os
import reprlib
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import BaseConstructor, SafeConstructor
from yaml.events import AliasEvent
from yaml.resolver import Resolver

from ..errors import ConfigError, GeoError

__all__ = [
    "MAX_ALIASES",
    "MAX_NODES",
    "MAX_DEPTH",
    "QUOTE_CHARS",
    "MAX_CONFIG_BYTES",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_REVIEW_BYTES",
    "MAX_LOCK_BYTES",
    "YamlLimitError",
    "YamlValueError",
    "load_yaml",
    "compose_yaml",
    "construct_yaml",
    "check_size",
    "read_yaml_text",
    "yaml_node_line",
    "yaml_error_line",
    "yaml_problem",
    "quote",
]

#: Alias uses (``*name``) in one document. A curated file repeats a value a few times at most.
MAX_ALIASES = 100
#: Values in one document once every alias is expanded (what the program would walk over).
MAX_NODES = 1_000_000
#: Nesting of lists and mappings; ``places.yaml`` needs four levels.
MAX_DEPTH = 50
#: Characters of a value quoted in an error message.
QUOTE_CHARS = 80

#: ``places.yaml``: 5 MB holds some 25,000 places with aliases and notes (about 6 s to read).
MAX_CONFIG_BYTES = 5 * 1024 * 1024
#: Front matter of an article: five short fields need well under 1 KB.
MAX_FRONT_MATTER_BYTES = 64 * 1024
#: ``review.yaml``: some 8,000 doubtful names with their candidates.
MAX_REVIEW_BYTES = 10 * 1024 * 1024
#: ``places.lock.yaml``: some 150,000 decisions.
MAX_LOCK_BYTES = 5 * 1024 * 1024

try:  # libyaml's scanner and parser, ten times faster than PyYAML's own
    from yaml._yaml import CParser as _Parser

    def _init_parser(loader: Any, source: str) -> None:
        _Parser.__init__(loader, source)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        """PyYAML's pure-Python scanner and parser."""

    def _init_parser(loader: Any, source: str) -> None:
        Reader.__init__(loader, source)
        Scanner.__init__(loader)
        _PyParser.__init__(loader)


class YamlLimitError(yaml.MarkedYAMLError):
    """A document crosses one of the limits of this module."""


class YamlValueError(yaml.constructor.ConstructorError):
    """Well-formed YAML with a value that cannot be built: ``2025-02-30``, ``!!int abc``.

    ``reason`` is what the constructor said, cut to a line's length.
    """

    def __init__(self, reason: str, node: yaml.Node) -> None:
        shown = f" {quote(node.value)}" if isinstance(node, yaml.ScalarNode) else ""
        super().__init__(None, None, f"cannot read value{shown}: {reason}", node.start_mark)
        self.reason = reason


class _CountingComposer(Composer):
    """PyYAML's composer, counting alias uses, expanded nodes and depth as it goes.

    The expanded size of an anchored node is the count of nodes composed while
    composing it (its aliases counted expanded), so an alias adds that size.
    """

    def __init__(self) -> None:
        super().__init__()
        self._reset()

    def _reset(self) -> None:
        self._aliases = 0
        self._nodes = 0
        self._depth = 0
        self._sizes: dict[str, int | None] = {}  # anchor -> expanded size; None while open

    def compose_document(self) -> Any:
        self._reset()
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self._count_alias(event)
            return super().compose_node(parent, index)
        anchor = event.anchor
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlLimitError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._add_nodes(1, event)
        before = self._nodes
        if anchor is not None:
            self._sizes[anchor] = None
        node = super().compose_node(parent, index)
        if anchor is not None:
            self._sizes[anchor] = self._nodes - before + 1
        self._depth -= 1
        return node

    def _count_alias(self, event: AliasEvent) -> None:
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            raise YamlLimitError(
                None, None, f"more than {MAX_ALIASES} aliases (*{quote(event.anchor, 40, False)})", event.start_mark
            )
        if event.anchor in self._sizes:  # otherwise undefined: the composer says so
            size = self._sizes[event.anchor]
            if size is None:
                raise YamlLimitError(
                    None, None, f"alias *{quote(event.anchor, 40, False)} refers to a value that contains it",
                    event.start_mark,
                )
            self._add_nodes(size, event)

    def _add_nodes(self, count: int, event: Any) -> None:
        self._nodes += count
        if self._nodes > MAX_NODES:
            expanded = " once its aliases are expanded" if self._aliases else ""
            raise YamlLimitError(None, None, f"more than {MAX_NODES:,} values{expanded}", event.start_mark)


_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"


class _Constructor(SafeConstructor):
    """PyYAML's safe constructor, but a value it cannot build becomes a YAML error at the value's
    line, and merge keys (``<<: *base``) leave the node tree as it was (callers read lines from it).
    """

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode) and any(key.tag in (_MERGE, _VALUE) for key, _ in node.value):
            node = yaml.MappingNode(node.tag, self._flat_pairs(node), node.start_mark, node.end_mark, node.flow_style)
        return BaseConstructor.construct_mapping(self, node, deep=deep)

    def _flat_pairs(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        """The pairs of *node* with its merge keys resolved as PyYAML's ``flatten_mapping`` does, in a new list.

        Of keys merged from several mappings the first wins; the mapping's own keys win over all.
        """
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        seen: set[object] = set()
        for key, value in node.value:
            if key.tag == _VALUE:  # '=' as a key is text, as PyYAML makes it
                own.append((yaml.ScalarNode("tag:yaml.org,2002:str", key.value, key.start_mark, key.end_mark), value))
            elif key.tag != _MERGE:
                own.append((key, value))
            else:
                for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                    if not isinstance(source, yaml.MappingNode):
                        raise yaml.constructor.ConstructorError(
                            "while constructing a mapping", node.start_mark,
                            f"expected a mapping or list of mappings for merging, but found {source.id}",
                            source.start_mark,
                        )
                    for pair in self._flat_pairs(source):
                        ident = (pair[0].tag, pair[0].value) if isinstance(pair[0], yaml.ScalarNode) else id(pair[0])
                        if ident not in seen:
                            seen.add(ident)
                            merged.append(pair)
        return merged + own

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        """A ``!!timestamp``; text that is none says so (PyYAML's own fails with an ``AttributeError``)."""
        if not self.timestamp_regexp.match(self.construct_scalar(node)):
            raise ValueError("not a date (YYYY-MM-DD) or a timestamp")
        return super().construct_yaml_timestamp(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as err:
            raise YamlValueError(quote(str(err), 2 * QUOTE_CHARS, False), node) from err


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Loader(_CountingComposer, _Parser, _Constructor, Resolver):  # type: ignore[misc, valid-type]
    """libyaml (or PyYAML) parser, counting composer, safe constructor, YAML 1.1 resolver."""

    def __init__(self, source: str) -> None:
        _init_parser(self, source)
        _CountingComposer.__init__(self)
        _Constructor.__init__(self)
        Resolver.__init__(self)


def _short_repr(limit: int) -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel = 3
    short.maxlist = short.maxtuple = short.maxdict = short.maxset = 8
    short.maxstring = short.maxother = limit
    return short


_SHORT_REPR = _short_repr(QUOTE_CHARS)


def quote(value: object, limit: int = QUOTE_CHARS, use_repr: bool = True) -> str:
    """*value* as an error message shows it: its ``repr`` (or text), cut to *limit* characters with ``…``.

    Never builds the whole ``repr`` of a large value: a list of a million items costs as little as one.

    >>> quote("x" * 100, 10)
    "'xxxxxxxx…"
    >>> quote([[1, 2]] * 1000, 30)
    '[[1, 2], [1, 2], [1, 2], [1, …'
    """
    if not use_repr:
        text = str(value)
    elif isinstance(value, str):
        text = repr(value[: limit + 1])
    else:
        text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def _limit_text(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // 1048576} MB"
    if limit % 1024 == 0:
        return f"{limit // 1024} KB"
    return f"{limit} bytes"


def check_size(
    size: int,
    name: str,
    *,
    max_bytes: int,
    error: type[GeoError] = ConfigError,
    what: str = "file",
    line: int | None = None,
) -> None:
    """Raise *error* if *size* bytes pass *max_bytes*: ``places.yaml: file too large (50.0 MB; the limit is 5 MB)``."""
    if size > max_bytes:
        message = f"{what} too large ({_size_text(size)}; the limit is {_limit_text(max_bytes)})"
        raise error(message, path=name, line=line)


def yaml_error_line(err: yaml.YAMLError, first_line: int = 1) -> int | None:
    """The line of the file a PyYAML error points at; *first_line* is the file line of the YAML's first line."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    return mark.line + first_line if mark is not None else None


def yaml_problem(err: yaml.YAMLError) -> str:
    """What is wrong, in one line without PyYAML's excerpt of the source, cut to a line's length."""
    problem = getattr(err, "problem", None)
    context = getattr(err, "context", None)
    if problem == "second occurrence" and context:  # a duplicate anchor: the context says what
        problem = context.removesuffix("; first occurrence")
    elif problem and context and problem.startswith("but "):  # "expected a single document …, but found another"
        problem = f"{context}, {problem}"
    problem = problem or context or str(err).split("\n", 1)[0]  # a ReaderError has neither
    return quote(problem, 2 * QUOTE_CHARS, False)


def compose_yaml(
    source: str,
    name: str,
    *,
    max_bytes: int,
    error: type[GeoError] = ConfigError,
    first_line: int = 1,
    what: str = "file",
    invalid: str = "invalid YAML",
) -> yaml.Node | None:
    """The node tree of one YAML document, within this module's limits; ``None`` if empty.

    Raises
    ------
    GeoError
        *error*: ``{name}: {what} too large (…)``, ``{name}, line N: {invalid}: {problem}``
        for a syntax error, ``{name}, line N: too complex YAML: {limit}`` for a limit crossed.
    """
    encoded = source.encode("utf-8", "surrogatepass")
    size_line = first_line if first_line > 1 else None  # front matter: the line after its '---'
    check_size(len(encoded), name, max_bytes=max_bytes, error=error, what=what, line=size_line)
    try:
        loader = _Loader(source)
    except UnicodeEncodeError as err:  # a lone surrogate: no file decodes to one, but a caller's text may hold it
        line = source.count("\n", 0, err.start) + first_line
        raise error(f"{invalid}: not Unicode text ({err.reason})", path=name, line=line) from err
    try:
        return loader.get_single_node()
    except YamlLimitError as err:
        raise error(f"too complex YAML: {err.problem}", path=name, line=yaml_error_line(err, first_line)) from err
    except yaml.YAMLError as err:
        line = yaml_error_line(err, first_line)
        if getattr(err, "problem", None) == "exceeded maximum nesting depth":  # libyaml's own limit, scanning ahead
            raise error(f"too complex YAML: nested more than {MAX_DEPTH} levels deep", path=name, line=line) from err
        if isinstance(err, yaml.reader.ReaderError):  # libyaml counts its position in bytes
            line = encoded[: err.position].count(b"\n") + first_line
        raise error(f"{invalid}: {yaml_problem(err)}", path=name, line=line) from err
    finally:
        loader.dispose()


def construct_yaml(node: yaml.Node | None) -> Any:
    """The Python value of a node tree from :func:`compose_yaml` (``None`` for none).

    Raises ``yaml.YAMLError`` for a value that cannot be built (``date: 2025-02-30``),
    pointing at its line.
    """
    if node is None:
        return None
    try:
        return _Constructor().construct_document(node)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as err:  # raised outside construct_object
        raise YamlValueError(quote(str(err), 2 * QUOTE_CHARS, False), node) from err


def load_yaml(
    source: str,
    name: str,
    *,
    max_bytes: int,
    error: type[GeoError] = ConfigError,
    first_line: int = 1,
    what: str = "file",
    invalid: str = "invalid YAML",
) -> tuple[Any, yaml.Node | None]:
    """``(value, root node)`` of one YAML document, read within limits; see :func:`compose_yaml`."""
    node = compose_yaml(source, name, max_bytes=max_bytes, error=error, first_line=first_line, what=what,
                        invalid=invalid)
    try:
        return construct_yaml(node), node
    except yaml.YAMLError as err:
        raise error(f"{invalid}: {yaml_problem(err)}", path=name, line=yaml_error_line(err, first_line)) from err


def read_yaml_text(path: Path, *, max_bytes: int, error: type[GeoError] = ConfigError) -> str:
    """The text of the YAML file at *path*, a regular file read no further than *max_bytes*.

    Opened without blocking, so a named pipe cannot hang the build; a link is followed
    (where it may lead is checked elsewhere). Raises *error*: ``file not found``,
    ``not a regular file``, ``file too large (…)`` or ``cannot read file: …``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as err:
        raise error("file not found", path=path) from err
    except OSError as err:
        raise error(f"cannot read file: {err}", path=path) from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a pipe, a device (/dev/zero), a folder
            raise error("not a regular file", path=path)
        check_size(info.st_size, str(path), max_bytes=max_bytes, error=error)
        data = _read_at_most(fd, max_bytes + 1)  # bounded even where the size lies
        check_size(len(data), str(path), max_bytes=max_bytes, error=error)
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as Path.read_text() gives it
    except GeoError:
        raise
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"cannot read file: {err}", path=path) from err
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to *limit* bytes from the descriptor *fd*, fewer only at its end."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def yaml_node_line(root: yaml.Node | None, path: tuple[object, ...], first_line: int = 1) -> int | None:
    """The line of the node at *path* (mapping keys and list indexes) under *root*, or of the deepest one found."""
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        else:
            child = None
        if child is None:
            break
        node = child
    return node.start_mark.line + first_line if node is not None else None
