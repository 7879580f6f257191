"""What a place is called on the map, in the panel and in popups: its name, and where two
places of a story share a name, what tells them apart ("London, Ontario" and "London,
England")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..model import Place

__all__ = ["display_names"]


def _where(place: Place, countries: Mapping[str, str]) -> str:
    return place.region or countries.get(place.country, place.country)


def display_names(places: Iterable[Place], countries: Mapping[str, str]) -> dict[str, str]:
    """``{place id: the name to show}``: a place's own name, or, when another place of the story
    has the same name, the name with its first-level division or, failing that, its country
    (*countries* maps ISO codes to names); with both the same, the name with both.

    >>> ontario = Place("london-ca", "London", "city", 42.98, -81.23, "CA", region="Ontario")
    >>> england = Place("london-gb", "London", "capital", 51.51, -0.13, "GB", region="England")
    >>> display_names([ontario, england], {"CA": "Canada", "GB": "United Kingdom"})
    {'london-ca': 'London, Ontario', 'london-gb': 'London, England'}
    """
    places = list(places)
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_name[place.name.casefold()].append(place)
    names = {}
    for place in places:
        namesakes = by_name[place.name.casefold()]
        if len(namesakes) == 1:
            names[place.id] = place.name
            continue
        wheres = [_where(p, countries) for p in namesakes]
        where = _where(place, countries)
        if wheres.count(where) > 1 and place.region:
            where = f"{place.region}, {countries.get(place.country, place.country)}"
        names[place.id] = f"{place.name}, {where}" if where else place.name
    return names
