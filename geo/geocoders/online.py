"""The online backend: any geopy geocoder, rate-limited, with an on-disk cache.

geopy is imported lazily and only when the user asks for online look-ups
(``geo build --online``). Answers are kept in a JSON cache in the project
folder, so the next build resolves the same names without the network and
gives the same map. Only answers are cached: errors and empty results are
asked again next time.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import GeocoderError, GeocoderUnavailable
from ..model import Place, Resolution
from ..textnorm import slugify
from .base import Query

__all__ = ["GeocodeCache", "OnlineGeocoder", "OnlineSettings", "place_from_raw", "make_geopy_geocoder"]

log = logging.getLogger(__name__)

CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class OnlineSettings:
    """Which service to ask and how.

    ``service`` is a geopy geocoder name ("nominatim", "photon", ...);
    ``domain`` and ``scheme`` point at another server speaking its API.
    """

    service: str = "nominatim"
    domain: str | None = None
    scheme: str = "https"
    user_agent: str = "geo-storymap (https://pypi.org/project/geopy/)"
    min_delay_seconds: float = 1.0
    timeout: float = 10.0
    max_retries: int = 2

    @property
    def cache_scope(self) -> str:
        return f"{self.service}:{self.domain or 'default'}"


class GeocodeCache:
    """A JSON file of answers: ``{scope: {query: place}}``.

    A damaged file is reported and set aside (renamed ``.bad``), never trusted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, dict[str, dict[str, Any]]] = {}
        self._dirty = False
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
                    raise ValueError("unknown cache format")
                if not isinstance(data.get("answers", {}), dict):
                    raise ValueError("answers is not an object")
                self._data = {k: v for k, v in data.get("answers", {}).items() if isinstance(v, dict)}
            except (OSError, ValueError) as err:
                bad = path.with_suffix(path.suffix + ".bad")
                log.warning("geocoding cache %s is damaged (%s); moved to %s", path, err, bad.name)
                os.replace(path, bad)

    def get(self, scope: str, query: str) -> Place | None:
        raw = self._data.get(scope, {}).get(query)
        if raw is None:
            return None
        try:
            fields = dict(raw)
            fields["aliases"] = tuple(fields.get("aliases", ()))
            return Place(**fields)
        except (TypeError, ValueError):  # an entry that is not an object of Place fields
            return None

    def scopes(self) -> tuple[str, ...]:
        return tuple(sorted(self._data))

    def answers(self) -> str:
        """Every answer, as canonical JSON (what :meth:`from_answers` reads)."""
        return json.dumps(self._data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_answers(cls, answers: str) -> "GeocodeCache":
        """A read-only cache holding *answers* (for workers, which write nothing)."""
        cache = cls.__new__(cls)
        cache.path = None  # type: ignore[assignment]
        cache._data = json.loads(answers) if answers else {}
        cache._dirty = False
        return cache

    def put(self, scope: str, query: str, place: Place) -> None:
        self._data.setdefault(scope, {})[query] = asdict(place)
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically (sorted, so it diffs well in git)."""
        if not self._dirty or self.path is None:
            return
        payload = {"version": CACHE_VERSION, "answers": self._data}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".geocode-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.path)
        self._dirty = False


_KINDS = {
    "country": "country",
    "state": "region",
    "province": "region",
    "region": "region",
    "county": "region",
    "city": "city",
    "town": "town",
    "village": "town",
    "hamlet": "town",
    "aerodrome": "airport",
    "airport": "airport",
    "military": "facility",
}


def place_from_raw(raw: dict[str, Any], service: str) -> Place:
    """Turn a Nominatim-style JSON answer into a :class:`Place` (pure)."""
    try:
        lat = float(raw["lat"])
        lon = float(raw["lon"])
    except (KeyError, TypeError, ValueError) as err:
        raise GeocoderError(f"{service} answer has no usable coordinates: {raw!r:.200}") from err
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeocoderError(f"{service} answer has coordinates out of range: {lat}, {lon}")
    name = str(raw.get("name") or str(raw.get("display_name", "")).split(",")[0]).strip() or "unnamed"
    address = raw.get("address") or {}
    country = str(address.get("country_code", "")).upper()[:2]
    kind = _KINDS.get(str(raw.get("addresstype") or raw.get("type") or ""), "other")
    importance = raw.get("importance")
    confidence = float(importance) if isinstance(importance, int | float) and 0 <= importance <= 1 else 0.5
    slug = slugify(name) or "place"
    return Place(
        id=slug if kind == "country" else f"{slug}-{country.lower()}" if country else slug,
        name=name,
        kind=kind,
        lat=round(lat, 6),
        lon=round(lon, 6),
        country=country,
        source=service,
        confidence=round(confidence, 3),
        note=str(raw.get("display_name", ""))[:300],
    )


def make_geopy_geocoder(settings: OnlineSettings) -> Callable[[str], Any]:
    """A rate-limited geopy ``geocode`` callable for *settings* (imports geopy)."""
    try:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service
    except ImportError as err:  # pragma: no cover - geopy is a dependency
        raise GeocoderUnavailable("online geocoding needs the geopy package") from err
    try:
        cls = get_geocoder_for_service(settings.service)
    except Exception as err:  # geopy raises its own GeocoderNotFound
        raise GeocoderError(f"unknown geocoding service {settings.service!r}") from err
    kwargs: dict[str, Any] = {"user_agent": settings.user_agent, "timeout": settings.timeout, "scheme": settings.scheme}
    if settings.domain:
        kwargs["domain"] = settings.domain
    from geopy.adapters import RequestsAdapter

    if RequestsAdapter.is_available:
        # geopy's default RequestsAdapter lets urllib3 retry twice, sleeping for any
        # Retry-After the server sends (hours from a rate-limiting Nominatim), behind
        # the back of timeout and max_retries. Retrying is the RateLimiter's job.
        kwargs["adapter_factory"] = functools.partial(RequestsAdapter, max_retries=0)
    geocoder = cls(**kwargs)
    return RateLimiter(
        geocoder.geocode,
        min_delay_seconds=settings.min_delay_seconds,
        max_retries=settings.max_retries,
        error_wait_seconds=max(settings.min_delay_seconds, 2.0),
        swallow_exceptions=False,
    )


class OnlineGeocoder:
    """Cached look-ups, and network look-ups when a geopy callable is given.

    Without *geocode* (an offline build) only the cache answers.
    """

    def __init__(
        self,
        cache: GeocodeCache,
        settings: OnlineSettings | None = None,
        geocode: Callable[..., Any] | None = None,
    ) -> None:
        self.cache = cache
        self.settings = settings or OnlineSettings()
        self._geocode = geocode
        self._down: str | None = None
        self.name = self.settings.service if geocode else "geocode cache"

    def geocode(self, query: Query) -> Resolution | None:
        scope = self.settings.cache_scope
        cached = self.cache.get(scope, query.key)
        if cached is None and self._geocode is None:
            for other in self.cache.scopes():
                cached = self.cache.get(other, query.key)
                if cached is not None:
                    break
        if cached is not None:
            return Resolution(query.key, cached, cached.source, "cached online answer")
        if self._geocode is None:
            return None
        if self._down is not None:
            # The service failed earlier in this build: do not wait on it again.
            raise GeocoderUnavailable(f"{self.settings.service} not asked again after: {self._down}")
        try:
            location = self._ask(query.text)
        except GeocoderUnavailable as err:
            self._down = err.message
            raise
        if location is None:
            return None
        raw = getattr(location, "raw", None)
        if not isinstance(raw, dict):
            raise GeocoderError(f"{self.settings.service} gave an answer without data for {query.text!r}")
        place = place_from_raw(raw, self.settings.service)
        self.cache.put(scope, query.key, place)
        return Resolution(query.key, place, self.settings.service, f"online: {place.note}")

    def _ask(self, text: str) -> Any:
        from geopy import exc as geopy_exc

        try:
            return self._geocode(text, exactly_one=True, addressdetails=True, language="en")
        except geopy_exc.GeocoderTimedOut as err:
            raise GeocoderUnavailable(f"{self.settings.service} timed out") from err
        except geopy_exc.GeocoderRateLimited as err:
            raise GeocoderUnavailable(f"{self.settings.service} is rate-limiting us (retry after {err.retry_after}s)") from err
        except (geopy_exc.GeocoderUnavailable, geopy_exc.GeocoderServiceError) as err:
            raise GeocoderUnavailable(f"{self.settings.service} failed: {err}") from err
        except (ValueError, TypeError, AttributeError, LookupError) as err:
            # geopy's parsers assume the answer's shape: a JSON string, number or
            # list of nulls ends in AttributeError, which must not crash the chain.
            raise GeocoderError(f"{self.settings.service} sent an answer we cannot read: {err}") from err
