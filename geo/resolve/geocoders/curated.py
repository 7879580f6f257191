"""The curated backend: names and aliases of ``places.yaml``."""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Place, Resolution, Source
from ...text.normalise import name_key
from .base import Query

__all__ = ["CuratedGeocoder"]


class CuratedGeocoder:
    """Answers with the curated place that has the queried name or alias."""

    name = Source.CURATED

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = tuple(places)
        self._by_key: dict[str, Place] = {}
        for place in self.places:
            for alias in (place.name, *place.aliases):
                self._by_key.setdefault(" ".join(name_key(alias)), place)

    def geocode(self, query: Query) -> Resolution | None:
        place = self._by_key.get(query.key) or self._by_key.get(" ".join(name_key(query.text)))
        if place is None:
            return None
        return Resolution(query.key, place, self.name, "curated name or alias")

    def same_as(self, place: Place, radius_km: float = 10.0) -> Place | None:
        """The curated place that *place* (found elsewhere) stands for, if any.

        Countries match by ISO code; other places when they lie within
        *radius_km* in the same country, so "Ad-Dawhah" found in GeoNames
        becomes the curated Doha rather than a second marker beside it.
        """
        from ...measure.distance import geodesic_km

        for curated in self.places:
            if place.kind == "country" or curated.kind == "country":
                if place.kind == curated.kind == "country" and place.country == curated.country:
                    return curated
                continue
            if place.country == curated.country and geodesic_km(place, curated) <= radius_km:
                return curated
        return None
