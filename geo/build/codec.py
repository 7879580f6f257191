"""The records of the pipeline as plain data (MessagePack), and back.

The article cache keeps parsed articles, resolutions, claims and rendered
pieces between builds. It used to keep pickles, and loading a pickle runs
whatever code the file asks for: a project folder received from someone else
could carry a crafted cache. This codec writes data only (numbers, strings,
lists, and the project's own records as tagged field lists) and reads back
nothing but those: an unknown tag, a field count that does not fit, or a
value a record refuses is a :class:`DecodeError`, never code.

>>> from geo.model import Span
>>> decode(encode((Span(1, 4), [1.5, "x", None])))
(Span(start=1, end=4), [1.5, 'x', None])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

import msgpack

from ..model import Article, CheckedClaim, Claim, Distance, Mention, Place, Resolution, Span

__all__ = ["encode", "decode", "DecodeError", "RECORDS"]

#: Every record the cache may hold, by its tag. Append only: a tag's meaning never changes.
RECORDS: tuple[type, ...] = (Span, Article, Mention, Place, Resolution, Distance, Claim, CheckedClaim)
_TAG_OF = {cls: index for index, cls in enumerate(RECORDS)}
_ARITY = {cls: len(fields(cls)) for cls in RECORDS}

_RECORD, _DATE, _TUPLE = 1, 2, 3
#: Nesting deeper than this is not something this program writes.
_MAX_DEPTH = 32


class DecodeError(ValueError):
    """Bytes that are not a value this codec wrote."""


def _default(value: Any) -> msgpack.ExtType:
    cls = type(value)
    if cls in _TAG_OF:
        body = [_TAG_OF[cls], *(getattr(value, f) for f in _FIELD_NAMES[cls])]
        return msgpack.ExtType(_RECORD, _pack(body))
    if cls is tuple:
        return msgpack.ExtType(_TUPLE, _pack(list(value)))
    if cls is dt.date:
        return msgpack.ExtType(_DATE, value.isoformat().encode("ascii"))
    for base in (str, int, float):  # enumerations and other subclasses, as their plain value
        if isinstance(value, base):
            return base(value)
    raise TypeError(f"cannot encode a {cls.__name__}")


_FIELD_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in RECORDS}


def _pack(value: Any) -> bytes:
    # strict_types: a tuple is not packed as a list, so it comes back a tuple.
    return msgpack.packb(value, default=_default, use_bin_type=True, strict_types=True)


def encode(value: Any) -> bytes:
    """*value* (records, tuples, lists, dicts, dates, str, numbers, None) as bytes.

    Raises :class:`TypeError` for anything else.
    """
    return _pack(value)


class _Reader:
    """Unpacks one value, refusing anything but what :func:`encode` writes."""

    def __init__(self) -> None:
        self.depth = 0

    def unpack(self, data: bytes) -> Any:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise DecodeError("nested too deeply")
        try:
            return msgpack.unpackb(data, ext_hook=self.ext, raw=False, strict_map_key=True, use_list=True)
        except DecodeError:
            raise
        except Exception as err:  # msgpack raises several types for bad bytes
            raise DecodeError(f"not a cache value: {err}") from err
        finally:
            self.depth -= 1

    def ext(self, code: int, data: bytes) -> Any:
        if code == _DATE:
            return dt.date.fromisoformat(data.decode("ascii"))
        if code == _TUPLE:
            items = self.unpack(data)
            if not isinstance(items, list):
                raise DecodeError("a tuple must hold a list")
            return tuple(items)
        if code == _RECORD:
            return self.record(self.unpack(data))
        raise DecodeError(f"unknown extension type {code}")

    def record(self, body: Any) -> Any:
        if not isinstance(body, list) or not body or type(body[0]) is not int or not 0 <= body[0] < len(RECORDS):
            raise DecodeError("not a record")
        cls = RECORDS[body[0]]
        if len(body) - 1 != _ARITY[cls]:
            raise DecodeError(f"a {cls.__name__} with {len(body) - 1} fields")
        try:
            return cls(*body[1:])
        except (TypeError, ValueError) as err:
            raise DecodeError(f"a bad {cls.__name__}: {err}") from err


def decode(data: bytes) -> Any:
    """The value :func:`encode` made *data* from; :class:`DecodeError` for anything else."""
    if not isinstance(data, bytes):
        raise DecodeError("not bytes")
    return _Reader().unpack(data)
