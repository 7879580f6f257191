"""The interface every geocoding backend implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..model import Resolution

__all__ = ["Query", "Geocoder"]


@dataclass(frozen=True, slots=True)
class Query:
    """A name to resolve, with what the document around it says.

    ``key`` is the folded name ("bagram air base"); ``text`` the name as
    written; ``countries`` the ISO codes of the countries the document is
    about, used to choose between namesakes ("Doha" in a story about Qatar).
    """

    key: str
    text: str
    countries: frozenset[str] = field(default_factory=frozenset)


@runtime_checkable
class Geocoder(Protocol):
    """Resolve a query to a place, or return ``None`` when the backend has no answer."""

    name: str

    def geocode(self, query: Query) -> Resolution | None: ...
