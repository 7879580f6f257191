"""The interface every geocoding backend implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ...model import Resolution
from ..home import Home

__all__ = ["Query", "Geocoder"]


@dataclass(frozen=True, slots=True)
class Query:
    """A name to resolve, with what the document around it says.

    ``key`` is the folded name ("bagram air base"); ``text`` the name as
    written. The rest is evidence for choosing between namesakes:

    * ``countries``: ISO codes of the countries the document names;
    * ``regions``: ``(country, region name)`` of the states and provinces it names;
    * ``qualifier``: ``(country, region name)`` of the place written right
      after the name ("Paris, Texas" gives ``("US", "Texas")``);
    * ``anchors``: ``(lat, lon)`` of places of the document already resolved
      with confidence, for spatial coherence;
    * ``document``: the document's text, folded (:func:`geo.text.normalise.fold`), in
      which the state or county of a candidate may be named ("a town in
      Seminole County, Oklahoma");
    * ``area``: the text means the state or province itself ("Albany, N.Y.",
      "New York state"), not the great city of its name ("New York");
    * ``home``: the story's or the article's home (``story.region``, ``--region``,
      the dateline), where namesakes are looked for first;
    * ``standalone``: the name stands where writers put only places known the world over
      (a dateline with no state or country after it, "LONDON (Reuters) —");
    * ``spoken_of``: countries the document names by their people ("the Ukrainian border"):
      no evidence for a namesake, but a town there is not at odds with the document;
    * ``acting``: the name stands for a government ("Riyadh urged a ceasefire"): it is a
      seat of government, a country's capital rather than a namesake;
    * ``seats``: the names the document uses for seats of government ("Washington urged"):
      written in it, they are no evidence of the state of that name;
    * ``divided``: the text writes "county" or "district" after the name ("Allen and Auglaize
      counties"): the divisions named with that word ("Allen County") are its namesakes, where
      there are any.
    """

    key: str
    text: str
    countries: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    qualifier: tuple[str, str] | None = None
    anchors: tuple[tuple[float, float], ...] = ()
    document: str = ""
    area: bool = False
    home: Home | None = None
    standalone: bool = False
    spoken_of: frozenset[str] = field(default_factory=frozenset)
    acting: bool = False
    seats: frozenset[str] = field(default_factory=frozenset)
    divided: bool = False


@runtime_checkable
class Geocoder(Protocol):
    """Resolve a query to a place, or return ``None`` when the backend has no answer."""

    name: str

    def geocode(self, query: Query) -> Resolution | None: ...
