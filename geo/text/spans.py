"""Look-ups in lists sorted by where their items start (spans, mentions, sentences).

>>> starts = [0, 10, 20]
>>> starting_before(starts, 10), starting_before(starts, 10, inclusive=True), starting_from(starts, 11)
(0, 1, 2)
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["starting_before", "starting_from"]

T = TypeVar("T")


def _identity(item: Any) -> Any:
    return item


def starting_before(
    items: Sequence[T], position: int, *, key: Callable[[T], int] = _identity, inclusive: bool = False
) -> int:
    """The index of the last of *items* (sorted by *key*) that starts before *position*
    (at or before it when *inclusive*); -1 when none does."""
    search = bisect.bisect_right if inclusive else bisect.bisect_left
    return search(items, position, key=key) - 1


def starting_from(items: Sequence[T], position: int, *, key: Callable[[T], int] = _identity) -> int:
    """The index of the first of *items* (sorted by *key*) that starts at or after *position*
    (``len(items)`` when none does)."""
    return bisect.bisect_left(items, position, key=key)
