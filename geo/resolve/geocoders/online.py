"""The online backend: any geopy geocoder, rate-limited, with an on-disk cache.

geopy is imported lazily and only when the user asks for online look-ups
(``geo build --online``). Answers are kept in a JSON cache in the project
folder, so the next build resolves the same names without the network and
gives the same map. Only answers are cached: errors and empty results are
asked again next time.

A project folder may come from a stranger, and the service may be any server:
neither the cache file nor an answer is trusted. Every cached entry is checked
as ``places.yaml`` is (types, ranges, lengths) and a bad one is set aside; every
answer is read with a deadline for the whole request, a size cap and no
redirect to another origin; text taken from either loses its control
characters before it reaches a :class:`Place` or a log message.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import re
import socket
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, Self
from urllib.parse import urljoin, urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ...errors import GeocoderError, GeocoderUnavailable
from ...ingest.config import PlaceKind
from ...model import Place, Resolution
from ...project.files import write_atomic
from ...text.normalise import slugify
from .base import Query

__all__ = [
    "GeocodeCache",
    "OnlineGeocoder",
    "OnlineSettings",
    "clean_text",
    "make_geopy_geocoder",
    "parse_cache",
    "place_from_raw",
    "redirect_allowed",
]

log = logging.getLogger(__name__)

CACHE_VERSION = 1
#: Longest name, id or note taken from the service or the cache (as in places.yaml).
MAX_TEXT = 300
#: A larger geocode-cache.json is set aside unread.
MAX_CACHE_BYTES = 20 * 2**20
#: A larger answer of the service is refused (a Nominatim answer for one name is a few kB).
MAX_ANSWER_BYTES = 2**20
#: Redirects followed within the configured server's origin.
MAX_REDIRECTS = 3
#: Deepest JSON answer accepted (a Nominatim answer is 3 deep).
MAX_JSON_DEPTH = 32
#: Characters of a bad value quoted in a message.
QUOTE_CHARS = 80

# C0 (ESC among them), DEL and C1: what a terminal may act on.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Whole terminal sequences (ECMA-48): CSI, then OSC/DCS/PM/APC/SOS up to their end,
# then ESC and one character; removed, so no "[2J" is left of them in a name.
_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]"
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[ -~]"
)
_SLUG_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class OnlineSettings:
    """Which service to ask and how.

    ``service`` is a geopy geocoder name ("nominatim", "photon", ...);
    ``domain`` and ``scheme`` point at another server speaking its API.
    ``timeout`` bounds one request, from connecting to the last byte of the
    answer; ``total_timeout`` bounds the online look-ups of one build, after
    which the names left are not asked.
    """

    service: str = "nominatim"
    domain: str | None = None
    scheme: str = "https"
    user_agent: str = "geo-storymap (https://pypi.org/project/geopy/)"
    min_delay_seconds: float = 1.0
    timeout: float = 10.0
    max_retries: int = 2
    total_timeout: float = 300.0

    @property
    def cache_scope(self) -> str:
        return f"{self.service}:{self.domain or 'default'}"


# --- text taken from outside ------------------------------------------------------


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """*value* without control characters or runs of spaces, cut to *limit* characters.

    Terminal escape sequences are removed and other control characters (C0,
    DEL, C1) become spaces; a longer text is cut at a space where one is near
    and ends with an ellipsis. Only the first *limit* characters are looked
    at, however long *value* is.

    Examples
    --------
    >>> clean_text("Doha\\x1b[2J,\\nQatar")
    'Doha, Qatar'
    >>> clean_text("Bagram Air Base", limit=12)
    'Bagram Air…'
    """
    text = " ".join(_printable_text(value[: limit + 1]).split())
    if len(value) <= limit and len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;") + "…"


def _printable_text(text: str) -> str:
    """*text* without terminal escape sequences, its other control characters made spaces."""
    return _CONTROL.sub(" ", _SEQUENCE.sub("", text))


def _quote(value: object) -> str:
    """At most :data:`QUOTE_CHARS` characters of *value* for a message, control characters escaped."""
    if isinstance(value, str):
        return repr(value[:QUOTE_CHARS]) + ("…" if len(value) > QUOTE_CHARS else "")
    if isinstance(value, dict):
        return f"an object of {len(value)} keys"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    return repr(value)[:QUOTE_CHARS]


def _describe(err: BaseException) -> str:
    """The message of *err*, safe for a terminal and short."""
    if isinstance(err, RecursionError):
        return "JSON nested too deeply"
    try:
        text = str(err)
    except Exception:  # a message built from a hostile value may fail to print
        text = ""
    return clean_text(text or type(err).__name__, 200)


# --- the cache file ----------------------------------------------------------------


def _printable(value: str) -> str:
    """*value*, when it holds no control character (a pydantic validator)."""
    if _CONTROL.search(value):
        raise ValueError("holds control characters")
    return value


_CachedText = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_printable)]
_CachedName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_printable)]


class _CachedPlace(BaseModel):
    """One answer of ``geocode-cache.json``, checked as a place of places.yaml is."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: Annotated[str, StringConstraints(max_length=MAX_TEXT, pattern=_SLUG_ID)]
    name: _CachedName
    kind: PlaceKind
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    country: Annotated[str, StringConstraints(pattern=r"^(?:[A-Z]{2})?$")] = ""
    source: _CachedName = "places.yaml"
    confidence: float = Field(default=1.0, ge=0, le=1, allow_inf_nan=False)
    note: _CachedText = ""
    geonameid: int | None = Field(default=None, ge=0, lt=2**63)
    aliases: list[_CachedName] = Field(default_factory=list, max_length=100)
    region: _CachedText = ""
    population: int = Field(default=0, ge=0, lt=2**40)


def _cached_entry(entry: Any) -> dict[str, Any]:
    """The fields of a valid :class:`Place` from a cache entry; ValueError naming the fault."""
    if not isinstance(entry, dict):
        raise ValueError(f"not an object (got {_quote(entry)})")
    try:
        checked = _CachedPlace.model_validate(entry)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(entry)"
        raise ValueError(f"{where}: {first['msg']} (got {_quote(first.get('input'))})") from None
    return asdict(Place(**{**checked.model_dump(), "aliases": tuple(checked.aliases)}))


def _key_fault(key: str) -> str | None:
    """What is wrong with a scope or query key of the cache, if anything."""
    if not key or len(key) > MAX_TEXT:
        return f"key must have 1 to {MAX_TEXT} characters"
    return "key holds control characters" if _CONTROL.search(key) else None


def _json_int(digits: str) -> int | float:
    """A JSON integer; a float when it has over 20 digits."""
    # Python refuses to read ints of over 4300 digits, which would damage the whole
    # file; as a float such a number is only out of range, and its entry set aside.
    return int(digits) if len(digits) <= 20 else float(digits)


def parse_cache(text: str) -> tuple[dict[str, dict[str, dict[str, Any]]], tuple[str, ...]]:
    """The valid answers of a cache file's *text*, and a line for each entry set aside (pure).

    Raises ``ValueError`` (or ``RecursionError``) when the file as a whole is unusable.
    """
    data = json.loads(text, parse_int=_json_int)
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        raise ValueError("unknown cache format")
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise ValueError("answers is not an object")
    good: dict[str, dict[str, dict[str, Any]]] = {}
    bad: list[str] = []
    for scope, entries in answers.items():
        fault = _key_fault(scope) or (None if isinstance(entries, dict) else f"not an object (got {_quote(entries)})")
        if fault:
            bad.append(f"{_quote(scope)}: {fault}")
            continue
        for key, entry in entries.items():
            try:
                fault = _key_fault(key)
                if fault:
                    raise ValueError(fault)
                good.setdefault(scope, {})[key] = _cached_entry(entry)
            except ValueError as err:
                bad.append(f"{_quote(scope)} / {_quote(key)}: {err}")
    return good, tuple(bad)


class _TooLarge(Exception):
    """The cache file is over :data:`MAX_CACHE_BYTES`."""


def _read_cache_file(path: Path) -> str:
    """The text of the cache file, read no further than the size cap."""
    if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would never end
        raise ValueError("not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_CACHE_BYTES + 1)
    if len(data) > MAX_CACHE_BYTES:
        raise _TooLarge
    return data.decode("utf-8")


# The files whose bad entries were reported: a build reads the cache twice.
_REPORTED: set[tuple[str, int, int]] = set()


def _report_bad_entries(path: Path, bad: tuple[str, ...]) -> None:
    """One warning for the entries of *path* set aside (once per version of the file)."""
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
    except OSError:
        key = (str(path), 0, 0)
    if key in _REPORTED:
        return
    _REPORTED.add(key)
    shown = "; ".join(bad[:3]) + (f"; and {len(bad) - 3} more" if len(bad) > 3 else "")
    entries = "entry" if len(bad) == 1 else "entries"
    log.warning("geocoding cache %s: %d bad %s not used: %s", path, len(bad), entries, shown)


class GeocodeCache:
    """A JSON file of answers: ``{scope: {query: place}}``.

    A damaged or oversized file is reported and set aside (renamed ``.bad``),
    never trusted; an entry that is not a valid place is reported and left out.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, dict[str, dict[str, Any]]] = {}
        self._dirty = False
        if path.exists():
            self._data = self._load()

    def _load(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The valid answers of the file; a file that cannot be used is set aside."""
        try:
            answers, bad = parse_cache(_read_cache_file(self.path))
        except _TooLarge:
            self._set_aside(f"is larger than {MAX_CACHE_BYTES // 2**20} MB", "and not used")
            return {}
        except (OSError, ValueError, RecursionError) as err:
            self._set_aside(f"is damaged ({_describe(err)})")
            return {}
        if bad:
            _report_bad_entries(self.path, bad)
        return answers

    def _set_aside(self, problem: str, after: str = "") -> None:
        """Rename the file ``.bad`` (kept for inspection) and say why."""
        bad = self.path.with_suffix(self.path.suffix + ".bad")
        try:
            os.replace(self.path, bad)
        except OSError as err:
            log.warning("geocoding cache %s %s; not used (cannot move it aside: %s)", self.path, problem, err)
            return
        log.warning("geocoding cache %s %s; moved to %s%s", self.path, problem, bad.name, f" {after}" if after else "")

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
        write_atomic(self.path, json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        self._dirty = False


# --- an answer of the service ---------------------------------------------------------

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


def _field(raw: dict[str, Any], key: str, types: type | tuple[type, ...], service: str) -> Any:
    """``raw[key]``, ``None`` when absent; GeocoderError when it is not of *types*."""
    value = raw.get(key)
    if value is None or (isinstance(value, types) and not isinstance(value, bool)):
        return value
    raise GeocoderError(f"{service} answer has a bad {key}: {_quote(value)}")


def _coordinate(raw: dict[str, Any], key: str, bound: float, service: str) -> float:
    """The latitude or longitude *key* of an answer: a finite number within ±*bound*."""
    value = _field(raw, key, (str, int, float), service)
    try:
        number = float(value[:40] if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise GeocoderError(f"{service} answer has no usable coordinates: {key} is {_quote(value)}") from err
    if not (math.isfinite(number) and -bound <= number <= bound):
        raise GeocoderError(f"{service} answer has coordinates out of range: {key} is {_quote(value)}")
    return number


def _text(raw: dict[str, Any], key: str, service: str) -> str:
    """The text *key* of an answer, cleaned and cut to :data:`MAX_TEXT`; ``""`` when absent."""
    value = _field(raw, key, str, service)
    return clean_text(value) if value else ""


def place_from_raw(raw: dict[str, Any], service: str) -> Place:
    """Turn a Nominatim-style JSON answer into a :class:`Place` (pure).

    Raises :class:`GeocoderError` when a field it uses has the wrong type or the
    coordinates are not usable. Text is cleaned of control characters and no
    name, id or note is longer than :data:`MAX_TEXT`.
    """
    if not isinstance(raw, dict):
        raise GeocoderError(f"{service} answer is not an object: {_quote(raw)}")
    lat = _coordinate(raw, "lat", 90, service)
    lon = _coordinate(raw, "lon", 180, service)
    display = _text(raw, "display_name", service)
    name = _text(raw, "name", service) or display.split(",")[0].strip() or "unnamed"
    address = _field(raw, "address", dict, service) or {}
    code = _text(address, "country_code", service).upper()
    country = code if _COUNTRY.fullmatch(code) else ""
    kind = _KINDS.get(_text(raw, "addresstype", service) or _text(raw, "type", service), "other")
    importance = _field(raw, "importance", (int, float), service)
    confidence = float(importance) if importance is not None and 0 <= importance <= 1 else 0.5
    slug = (slugify(name) or "place")[: MAX_TEXT - 3].strip("-")
    return Place(
        id=slug if kind == "country" or not country else f"{slug}-{country.lower()}",
        name=name,
        kind=kind,
        lat=round(lat, 6),
        lon=round(lon, 6),
        country=country,
        source=service,
        confidence=round(confidence, 3),
        note=display,
    )


# --- the transport: a geopy adapter with limits ---------------------------------------


class _Refused(Exception):
    """The transport refused an answer (too large, or from another origin)."""


def redirect_allowed(origin_url: str, target_url: str) -> bool:
    """Whether a redirect from *origin_url* to *target_url* stays on the same origin.

    Scheme, host and port must all match, so https to http is refused too.

    Examples
    --------
    >>> redirect_allowed("https://nominatim.example/search?q=a", "/search?q=b")
    True
    >>> redirect_allowed("https://nominatim.example/search", "http://nominatim.example/search")
    False
    """

    def origin(url: str) -> tuple[str, str | None, int | None]:
        parts = urlsplit(url)
        return parts.scheme.lower(), parts.hostname, parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())

    try:
        return origin(origin_url) == origin(urljoin(origin_url, target_url))
    except ValueError:  # a port that is not a number
        return False


_ACTIVE = threading.local()


class _Watch:
    """The deadline of one request, kept even against a server that drips bytes.

    A socket timeout bounds each read, not their sum: a byte every few seconds
    never trips it. At the deadline a timer shuts the request's socket down,
    which ends the read blocked on it, whatever phase the request is in.
    """

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._outer: _Watch | None = None

    def left(self) -> float:
        return max(self.deadline - time.monotonic(), 0.0)

    def hold(self, sock: socket.socket) -> None:
        """Watch *sock*, the socket the request now uses."""
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)

    def __enter__(self) -> Self:
        self._outer = getattr(_ACTIVE, "watch", None)
        _ACTIVE.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _ACTIVE.watch = self._outer


def _shut(sock: socket.socket) -> None:
    """End the connection of *sock*, waking any read blocked on it."""
    try:  # the plain socket's shutdown: an SSL socket's own would also drop its TLS state
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _WatchedConnection:
    """Mixin for urllib3 connections: hands each socket to the request's :class:`_Watch`."""

    sock: Any

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _hand_over(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> Any:
        _hand_over(self.sock)  # a kept-alive connection is not connected again
        return super().request(*args, **kwargs)  # type: ignore[misc]


def _hand_over(sock: socket.socket | None) -> None:
    """Give *sock* to the watch of the request under way in this thread, if any."""
    watch = getattr(_ACTIVE, "watch", None)
    if watch is not None and sock is not None:
        watch.hold(sock)


def _watch_pools(mounted: Any, pools: dict[str, type]) -> None:
    """Make *mounted* (a requests HTTPAdapter) open watched connections, directly or via a proxy."""
    mounted.poolmanager.pool_classes_by_scheme = pools
    make_proxy_manager = mounted.proxy_manager_for

    def proxy_manager_for(proxy: str, **kwargs: Any) -> Any:
        manager = make_proxy_manager(proxy, **kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS proxies have pools of their own
            manager.pool_classes_by_scheme = pools
        return manager

    mounted.proxy_manager_for = proxy_manager_for


class _BoundedTransport:
    """Mixin for geopy's RequestsAdapter: limits on what one request may cost.

    The timeout geopy passes covers the whole request, body included; an answer
    over *max_bytes* is refused; redirects are followed only within the origin
    asked (at most :data:`MAX_REDIRECTS`); every string of a JSON answer loses
    its control characters.
    """

    pools: dict[str, type]
    session: Any

    def __init__(self, *, proxies: Any, ssl_context: Any, max_bytes: int = MAX_ANSWER_BYTES) -> None:
        # max_retries=0: urllib3 would otherwise retry twice, sleeping for any
        # Retry-After the server sends (hours from a rate-limiting Nominatim), behind
        # the back of the deadline and max_retries. Retrying is the RateLimiter's job.
        super().__init__(proxies=proxies, ssl_context=ssl_context, max_retries=0)  # type: ignore[call-arg]
        self.max_bytes = max_bytes
        for mounted in self.session.adapters.values():
            _watch_pools(mounted, self.pools)

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        return self._fetch(url, timeout, headers)

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        """The JSON answer at *url*, its strings cleaned; GeocoderParseError when it is not JSON."""
        from geopy.exc import GeocoderParseError

        text = self._fetch(url, timeout, headers)
        try:
            return _clean_json(json.loads(text, parse_int=_json_int))
        except (ValueError, RecursionError) as err:
            raise GeocoderParseError(f"unusable JSON ({_describe(err)}): {_quote(text)}") from None

    def _fetch(self, url: str, timeout: float, headers: dict[str, str]) -> str:
        """The body of the answer at *url*, all of it read within *timeout* seconds."""
        from geopy.adapters import AdapterHTTPError
        from geopy.exc import GeopyError

        with _Watch(timeout) as watch:
            try:
                response = self._follow(url, headers, watch)
                try:
                    body = self._read(response)
                finally:
                    response.close()
            except (GeopyError, _Refused):
                raise
            except Exception as err:  # as geopy's own adapter: any transport failure
                raise _transport_error(err, watch.expired) from err
        text = _decode(body, response.encoding)
        if response.status_code >= 400:
            raise AdapterHTTPError(
                f"Non-successful status code {response.status_code}",
                status_code=response.status_code,
                headers=response.headers,
                text=clean_text(text, 200),
            )
        return text

    def _follow(self, url: str, headers: dict[str, str], watch: _Watch) -> Any:
        """The response to *url*, after redirects within its origin."""
        from geopy.exc import GeocoderTimedOut

        target = url
        for _ in range(MAX_REDIRECTS + 1):
            if watch.left() <= 0:
                raise GeocoderTimedOut("Service timed out")
            response = self.session.get(
                target, headers=headers, timeout=(watch.left(), watch.left()), stream=True, allow_redirects=False
            )
            location = self.session.get_redirect_target(response)
            if location is None:
                return response
            response.close()
            if not redirect_allowed(url, location):
                raise _Refused(f"a redirect to another origin ({_quote(clean_text(location))})")
            target = urljoin(target, location)
        raise _Refused(f"more than {MAX_REDIRECTS} redirects")

    def _read(self, response: Any) -> bytes:
        """The body of *response*, refused beyond ``max_bytes``."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _Refused(f"an answer of {declared} bytes, over the limit of {self.max_bytes}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(chunk_size=16384):
            size += len(chunk)
            if size > self.max_bytes:
                raise _Refused(f"an answer of over {self.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _decode(body: bytes, encoding: str | None) -> str:
    """*body* as text in the answer's *encoding* (UTF-8 when it names none or an unknown one)."""
    try:
        text = body.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff")


def _transport_error(err: Exception, expired: bool) -> Exception:
    """The geopy error for a failure of the transport, as geopy's own adapter maps them."""
    import requests
    from geopy.exc import GeocoderServiceError, GeocoderTimedOut
    from geopy.exc import GeocoderUnavailable as GeopyUnavailable

    message = _describe(err)
    if expired or isinstance(err, TimeoutError | requests.Timeout) or "timed out" in message:
        return GeocoderTimedOut("Service timed out")
    if isinstance(err, requests.ConnectionError):
        return GeopyUnavailable(message)
    return GeocoderServiceError(message)


def _clean_json(value: Any, depth: int = 0) -> Any:
    """*value* with control characters cleaned out of every string and key; ValueError when too deep."""
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"nested over {MAX_JSON_DEPTH} deep")
    if isinstance(value, str):
        return _printable_text(value)
    if isinstance(value, list):
        return [_clean_json(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {_printable_text(key): _clean_json(item, depth + 1) for key, item in value.items()}
    return value


@functools.cache
def _bounded_adapter() -> type:
    """geopy's RequestsAdapter with the limits of :class:`_BoundedTransport` (imports requests)."""
    from geopy.adapters import RequestsAdapter

    if not RequestsAdapter.is_available:
        raise GeocoderUnavailable("online geocoding needs the requests package")
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def pool(base: type, connection: type) -> type:
        watched = type(f"Watched{connection.__name__}", (_WatchedConnection, connection), {})
        return type(f"Watched{base.__name__}", (base,), {"ConnectionCls": watched})

    pools = {"http": pool(HTTPConnectionPool, HTTPConnection), "https": pool(HTTPSConnectionPool, HTTPSConnection)}
    return type("BoundedRequestsAdapter", (_BoundedTransport, RequestsAdapter), {"pools": pools})


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
    kwargs["adapter_factory"] = _bounded_adapter()
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

    Without *geocode* (an offline build) only the cache answers. The clock of
    ``settings.total_timeout`` starts at the first network look-up.
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
        self._started: float | None = None
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

    def _time_left(self) -> float:
        """Seconds left of ``settings.total_timeout`` (the clock starts at the first call)."""
        if self._started is None:
            self._started = time.monotonic()
        return self.settings.total_timeout - (time.monotonic() - self._started)

    def _out_of_time(self) -> GeocoderUnavailable:
        """The error for a name not asked because the build's online time is spent (warns once)."""
        service, total = self.settings.service, self.settings.total_timeout
        log.warning("%s: the online look-ups of this build took more than %g s; the names left are not asked",
                    service, total)
        return GeocoderUnavailable(f"{service} not asked: the {total:g} s for online look-ups are spent")

    def _ask(self, text: str) -> Any:
        """The geopy answer for *text*; every failure as a :class:`GeocoderError`."""
        from geopy import exc as geopy_exc

        service, geocode = self.settings.service, self._geocode
        if geocode is None:  # pragma: no cover - geocode() asks only with a callable
            return None
        timeout = min(self.settings.timeout, self._time_left())
        if timeout <= 0:
            raise self._out_of_time()
        try:
            return geocode(text, exactly_one=True, addressdetails=True, language="en", timeout=timeout)
        except geopy_exc.GeocoderTimedOut as err:
            if self._time_left() <= 0:
                raise self._out_of_time() from err
            raise GeocoderUnavailable(f"{service} timed out") from err
        except geopy_exc.GeocoderRateLimited as err:
            raise GeocoderUnavailable(f"{service} is rate-limiting us (retry after {err.retry_after}s)") from err
        except (geopy_exc.GeocoderUnavailable, geopy_exc.GeocoderServiceError) as err:
            raise GeocoderUnavailable(f"{service} failed: {_describe(err)}") from err
        except _Refused as err:
            raise GeocoderUnavailable(f"{service} answer refused: {err}") from err
        except (ValueError, TypeError, AttributeError, LookupError) as err:
            # geopy's parsers assume the answer's shape: a JSON string, number or
            # list of nulls ends in AttributeError, which must not crash the chain.
            raise GeocoderError(f"{service} sent an answer we cannot read: {_describe(err)}") from err
