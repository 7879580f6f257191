"""The story's home: where namesakes are looked for first.

A home is given in ``places.yaml`` (``story: {region: ...}``) or with
``geo geoparse --region``, as one of:

* a country's ISO code: ``US``, ``CA``;
* a state, province or other first-level division the gazetteer knows,
  optionally with its country: ``Kentucky``, ``Ontario, CA``;
* a bounding box ``west,south,east,north`` in degrees: ``-90,36,-81,40``.

An article's dateline ("GLASGOW, Ky. (AP) —", "KABUL, Afghanistan —") sets
the home of that article the same way (see :func:`dateline_at`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ConfigError
from ..text.datelines import bare_dateline, dateline_at
from ..text.normalise import fold
from .gazetteer import Candidate, Gazetteer

__all__ = ["Home", "parse_home", "dateline_at", "bare_dateline"]

_BOX = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class Home:
    """A country, a first-level division of one, or a box (west, south, east, north)."""

    country: str = ""
    region: str = ""
    box: tuple[float, float, float, float] | None = None

    def holds(self, candidate: Candidate) -> bool:
        """Whether *candidate* lies in this home."""
        if self.box is not None:
            west, south, east, north = self.box
            inside_lon = west <= candidate.lon <= east if west <= east else (candidate.lon >= west or candidate.lon <= east)
            return south <= candidate.lat <= north and inside_lon
        if candidate.country != self.country:
            return False
        if not self.region:
            return True
        own = candidate.name if candidate.kind == "region" else candidate.region
        return fold(own) == fold(self.region)

    def describe(self) -> str:
        if self.box is not None:
            return "box " + ",".join(f"{v:g}" for v in self.box)
        return f"{self.region}, {self.country}" if self.region else self.country


def parse_home(text: str, gazetteer: Gazetteer, where: str = "story.region") -> Home:
    """The home written as *text* (see the module's documentation).

    Raises
    ------
    ConfigError
        Naming *where* and the value, when *text* is none of the three forms.
    """
    box = _BOX.match(text)
    if box:
        west, south, east, north = (float(v) for v in box.groups())
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south < north <= 90):
            raise ConfigError(f"{where}: {text!r} is not a box west,south,east,north in degrees")
        return Home(box=(west, south, east, north))
    name, _, country = (part.strip() for part in text.rpartition(",")) if "," in text else (text.strip(), "", "")
    if _COUNTRY.match(name) and not country:
        if gazetteer.country(name) is None:
            raise ConfigError(f"{where}: {name!r} is not a country code the gazetteer knows")
        return Home(country=name)
    regions = [c for c in gazetteer.lookup(name) if c.kind == "region" and (not country or c.country == country.upper())]
    if not regions:
        raise ConfigError(
            f"{where}: {text!r} is neither a country code (US), a state or province the gazetteer knows "
            "(Kentucky, Ontario, CA) nor a box west,south,east,north"
        )
    best = max(regions, key=lambda c: (c.population, -c.geonameid))
    return Home(country=best.country, region=best.name)
