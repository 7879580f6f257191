"""Resolve one name typed by a user (``geo distance``, ``geo geocode``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import PlaceNotFound
from ..ingest.config import Config, load_config
from ..model import Resolution, Source
from ..project.paths import Project
from ..resolve.gazetteer import open_gazetteer
from ..resolve.geocoders import CuratedGeocoder, GeocoderChain, OfflineGeocoder, Query
from ..resolve.geocoders.online import GeocodeCache, OnlineGeocoder, make_geopy_geocoder
from ..text.normalise import name_key
from .options import BuildOptions

__all__ = ["locate", "locate_many"]


def _config_or_none(project: Project) -> Config | None:
    return load_config(project.places) if project.places.exists() else None


def locate_many(names: list[str], root: Path, options: BuildOptions | None = None) -> list[Resolution]:
    """Resolve each of *names* through the chain; a place id of places.yaml also works.

    The story's countries serve as context, so "Doha" means Qatar's capital.

    Raises
    ------
    PlaceNotFound
        If a name is unknown to every backend.
    """
    options = options or BuildOptions()
    project = Project(root)
    config = _config_or_none(project)
    curated_places = config.places if config else ()
    by_id = {p.id: p for p in curated_places}
    context = frozenset(p.country for p in curated_places if p.country)
    gazetteer = open_gazetteer(options.gazetteer_dir)
    cache = GeocodeCache(project.geocode_cache)
    online = OnlineGeocoder(
        cache, options.online_settings, make_geopy_geocoder(options.online_settings) if options.online else None
    )
    chain = GeocoderChain([CuratedGeocoder(curated_places), OfflineGeocoder(gazetteer), online])
    answers: list[Resolution] = []
    try:
        for name in names:
            if name in by_id:
                answers.append(Resolution(name, by_id[name], Source.CURATED, "place id"))
                continue
            key = " ".join(name_key(name))
            if not key:
                raise PlaceNotFound(f"{name!r} is not a place name")
            answer = chain.geocode(Query(key, name, context))
            if answer.place is None:
                hint = "" if options.online else "; try --online"
                raise PlaceNotFound(f"no place called {name!r} ({answer.reason}{hint})")
            answers.append(answer)
    finally:
        cache.save()
        gazetteer.close()
    return answers


def locate(name: str, root: Path, options: BuildOptions | None = None) -> Resolution:
    return locate_many([name], root, options)[0]
