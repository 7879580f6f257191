"""OnlineGeocoder, GeocodeCache and make_geopy_geocoder against a local fake Nominatim.

The fake server binds 127.0.0.1 on a free port, runs in a thread and speaks the
``/search`` endpoint of Nominatim's API as geopy calls it (``q``, ``format=json``,
``limit``, ``addressdetails``, ``accept-language``), answering a JSON list of
places whose coordinates are strings, as the real service does. Each test
scripts the server's replies and counts the requests it receives. A guard
refuses any connection that is not to the loopback address, so no test can
reach the real network.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.errors import GeocoderError, GeocoderUnavailable
from geo.model import Place, Resolution
from geo.resolve.geocoders import CuratedGeocoder, GeocoderChain
from geo.resolve.geocoders.base import Query
from geo.resolve.geocoders.online import (
    CACHE_VERSION,
    GeocodeCache,
    OnlineGeocoder,
    OnlineSettings,
    make_geopy_geocoder,
)
from geo.text.normalise import name_key

USER_AGENT = "geo-storymap-test-suite/0.1 (offline tests)"

# A trimmed answer of the real service for "Doha" (format=json&addressdetails=1).
DOHA_RAW: dict[str, Any] = {
    "place_id": 62914527,
    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
    "osm_type": "relation",
    "osm_id": 3420071,
    "lat": "25.2856329",
    "lon": "51.5264162",
    "class": "boundary",
    "type": "administrative",
    "place_rank": 16,
    "importance": 0.6430716,
    "addresstype": "city",
    "name": "Doha",
    "display_name": "Doha, Qatar",
    "address": {"city": "Doha", "country": "Qatar", "country_code": "qa"},
    "boundingbox": ["25.1455", "25.4089", "51.3541", "51.6322"],
}


@dataclass(frozen=True)
class Reply:
    """What the fake server answers to one request."""

    status: int = 200
    body: str = "[]"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    content_type: str = "application/json; charset=utf-8"


def json_reply(payload: Any, **kwargs: Any) -> Reply:
    return Reply(body=json.dumps(payload, ensure_ascii=False), **kwargs)


@dataclass(frozen=True)
class Seen:
    """One request the fake server received."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeNominatim:
    """State shared between a test and the server thread."""

    server: ThreadingHTTPServer
    answers: dict[str, Reply] = field(default_factory=lambda: {"doha": json_reply([DOHA_RAW])})
    script: list[Reply] = field(default_factory=list)  # replies used first, in order, for any query
    requests: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def settings(self, **overrides: Any) -> OnlineSettings:
        values: dict[str, Any] = dict(
            domain=f"127.0.0.1:{self.port}",
            scheme="http",
            user_agent=USER_AGENT,
            min_delay_seconds=0,
            timeout=2,
            max_retries=0,
        )
        values.update(overrides)
        return OnlineSettings(**values)

    def geocoder(self, cache: GeocodeCache, **overrides: Any) -> OnlineGeocoder:
        settings = self.settings(**overrides)
        return OnlineGeocoder(cache, settings, make_geopy_geocoder(settings))

    def reply_for(self, query: str) -> Reply:
        if self.script:
            return self.script.pop(0)
        return self.answers.get(" ".join(name_key(query)), Reply())


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        fake: FakeNominatim = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        fake.requests.append(Seen(url.path, params, dict(self.headers.items())))
        if url.path != "/search":
            reply = Reply(404, '{"error": "unknown endpoint"}')
        elif params.get("format") != "json":
            reply = Reply(400, '{"error": "only format=json is served here"}')
        else:
            reply = fake.reply_for(params.get("q", ""))
        if reply.delay:
            fake.release.wait(reply.delay)
        body = reply.body.encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        pass


@pytest.fixture(autouse=True)
def _no_network(loopback_only: None) -> None:
    """Every test here talks only to the local server."""


@pytest.fixture
def nominatim() -> Iterator[FakeNominatim]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    fake = FakeNominatim(server)
    server.fake = fake  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "geocode.json"


def query(text: str, countries: frozenset[str] = frozenset()) -> Query:
    return Query(" ".join(name_key(text)), text, countries)


def saved(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- edge cases --------------------------------------------------------------

# Answers that mean "no such place".
EMPTY_ANSWERS = [
    pytest.param(Reply(body="[]"), id="empty-list"),
    pytest.param(Reply(body="{}"), id="empty-object"),
    pytest.param(Reply(body='{"error": "Unable to geocode"}'), id="unable-to-geocode"),
]

# HTTP failures: every one must raise GeocoderUnavailable and cache nothing.
HTTP_FAILURES = [
    pytest.param(Reply(500, "Internal Server Error", content_type="text/plain"), id="500-server-error"),
    pytest.param(Reply(502, "<html>Bad Gateway</html>", content_type="text/html"), id="502-bad-gateway"),
    pytest.param(Reply(503, "<html>Service Unavailable</html>", content_type="text/html"), id="503-unavailable"),
    pytest.param(Reply(504, "<html>Gateway Timeout</html>", content_type="text/html"), id="504-gateway-timeout"),
    pytest.param(Reply(429, "Too Many Requests", headers=(("Retry-After", "30"),)), id="429-retry-after"),
    pytest.param(Reply(429, "Too Many Requests"), id="429-no-retry-after"),
    pytest.param(Reply(403, "<html>Access blocked</html>", content_type="text/html"), id="403-blocked-agent"),
]

# Answers that are not a usable Nominatim answer: a GeocoderError, never another exception.
MALFORMED_ANSWERS = [
    pytest.param(Reply(body='[{"lat": "25.28", "lon": '), id="truncated-json"),
    pytest.param(Reply(body="<html><body>Welcome to the hotel wifi</body></html>"), id="html-page"),
    pytest.param(Reply(body=""), id="empty-body"),
    pytest.param(json_reply([{**DOHA_RAW, "lat": "north"}]), id="lat-not-a-number"),
    pytest.param(json_reply([{**DOHA_RAW, "lon": "181.5"}]), id="lon-out-of-range"),
    pytest.param(json_reply([{k: v for k, v in DOHA_RAW.items() if k not in ("lat", "lon")}]), id="no-coordinates"),
    pytest.param(json_reply({"error": "Invalid parameters"}), id="error-object"),
    pytest.param(json_reply("Doha"), id="json-string"),
    pytest.param(json_reply(42), id="json-number"),
    pytest.param(json_reply([None]), id="list-of-null"),
    pytest.param(json_reply(["Doha, Qatar"]), id="list-of-strings"),
]

# Damaged cache files: set aside as ``.bad``, never trusted, never a crash.
CORRUPT_CACHES = [
    pytest.param(b'{"version": 1, "answers": {"nominatim:default": {"doha": {"id"', id="truncated-json"),
    pytest.param(b"", id="empty-file"),
    pytest.param(b"\xff\xfe\x00garbage\x80\x81", id="binary-garbage"),
    pytest.param(b"[1, 2, 3]", id="json-list"),
    pytest.param(b'{"version": 99, "answers": {}}', id="unknown-version"),
    pytest.param(b'{"answers": {}}', id="no-version"),
    pytest.param(b'{"version": 1, "answers": []}', id="answers-not-an-object"),
]

# One damaged entry in an otherwise well-formed cache: ignored, not a crash.
DAMAGED_ENTRIES = [
    pytest.param({"id": "doha-qa"}, id="missing-fields"),
    pytest.param({**dict(id="doha-qa", name="Doha", kind="city", lat=25.3, lon=51.5), "colour": "red"}, id="unknown-field"),
    pytest.param("Doha, Qatar", id="string"),
    pytest.param(["doha-qa", "Doha"], id="list"),
    pytest.param(None, id="null"),
    pytest.param(7, id="number"),
]


# --- answers and the cache ------------------------------------------------------


def test_good_answer_resolves_and_is_written_to_the_cache(nominatim: FakeNominatim, cache_path: Path) -> None:
    cache = GeocodeCache(cache_path)
    geocoder = nominatim.geocoder(cache)
    assert geocoder.name == "nominatim"

    answer = geocoder.geocode(query("Doha"))

    assert isinstance(answer, Resolution)
    assert answer.key == "doha"
    assert answer.backend == "nominatim"
    assert answer.reason == "online: Doha, Qatar"
    place = answer.place
    assert place is not None
    assert (place.name, place.kind, place.country, place.source) == ("Doha", "city", "QA", "nominatim")
    assert (place.lat, place.lon) == (25.285633, 51.526416)
    assert place.confidence == 0.643
    assert place.id == "doha-qa"
    assert len(nominatim.requests) == 1

    assert not cache_path.exists()  # nothing is written until save()
    cache.save()
    data = saved(cache_path)
    assert data["version"] == CACHE_VERSION
    entry = data["answers"][nominatim.settings().cache_scope]["doha"]
    assert (entry["lat"], entry["lon"], entry["country"]) == (25.285633, 51.526416, "QA")

    offline = OnlineGeocoder(GeocodeCache(cache_path), nominatim.settings())  # no geocode callable
    assert offline.name == "geocode cache"
    again = offline.geocode(query("Doha"))
    assert again is not None
    assert again.place == place
    assert again.backend == "nominatim"
    assert again.reason == "cached online answer"
    assert len(nominatim.requests) == 1  # the cache answered; the server was not asked


def test_cached_answer_is_not_asked_again(nominatim: FakeNominatim, cache_path: Path) -> None:
    geocoder = nominatim.geocoder(GeocodeCache(cache_path))
    first = geocoder.geocode(query("Doha"))
    second = geocoder.geocode(query("DOHA"))  # same key, other spelling
    assert first is not None and second is not None
    assert second.place == first.place
    assert second.reason == "cached online answer"
    assert len(nominatim.requests) == 1


def test_offline_cache_answers_from_any_scope(nominatim: FakeNominatim, cache_path: Path) -> None:
    cache = GeocodeCache(cache_path)
    assert nominatim.geocoder(cache).geocode(query("Doha")) is not None
    cache.save()
    # An offline build with default settings (another scope) still uses the answer.
    offline = OnlineGeocoder(GeocodeCache(cache_path), OnlineSettings())
    answer = offline.geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    assert answer.place.country == "QA"
    assert offline.geocode(query("Kabul")) is None
    assert len(nominatim.requests) == 1


def test_no_callable_and_no_cache_answers_none_without_a_request(nominatim: FakeNominatim, cache_path: Path) -> None:
    geocoder = OnlineGeocoder(GeocodeCache(cache_path), nominatim.settings())
    assert geocoder.geocode(query("Doha")) is None
    assert nominatim.requests == []


def test_request_speaks_the_nominatim_search_api(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))
    (seen,) = nominatim.requests
    assert seen.path == "/search"
    assert seen.params["q"] == "Doha"
    assert seen.params["format"] == "json"
    assert seen.params["limit"] == "1"
    assert seen.params["addressdetails"] == "1"
    assert seen.params["accept-language"] == "en"


@pytest.mark.parametrize("reply", [pytest.param(json_reply([DOHA_RAW]), id="answer"), *HTTP_FAILURES[:1]])
def test_requests_carry_the_configured_user_agent(nominatim: FakeNominatim, cache_path: Path, reply: Reply) -> None:
    nominatim.script.append(reply)
    try:
        nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))
    except GeocoderUnavailable:
        pass
    (seen,) = nominatim.requests
    assert seen.headers["User-Agent"] == USER_AGENT


@pytest.mark.parametrize("reply", EMPTY_ANSWERS)
def test_empty_result_is_none_and_not_cached(nominatim: FakeNominatim, cache_path: Path, reply: Reply) -> None:
    nominatim.answers["nowhere"] = reply
    cache = GeocodeCache(cache_path)
    geocoder = nominatim.geocoder(cache)
    assert geocoder.geocode(query("Nowhere")) is None
    cache.save()
    assert not cache_path.exists()
    assert cache.scopes() == ()
    assert geocoder.geocode(query("Nowhere")) is None  # asked again: empty results are not cached
    assert len(nominatim.requests) == 2


# --- failures -------------------------------------------------------------------


@pytest.mark.parametrize("reply", HTTP_FAILURES)
def test_http_failure_raises_unavailable_and_caches_nothing(
    nominatim: FakeNominatim, cache_path: Path, reply: Reply
) -> None:
    nominatim.answers["doha"] = reply
    cache = GeocodeCache(cache_path)
    with pytest.raises(GeocoderUnavailable) as caught:
        nominatim.geocoder(cache).geocode(query("Doha"))
    assert isinstance(caught.value, GeocoderError)
    assert isinstance(caught.value, ConnectionError)
    assert caught.value.__cause__ is not None  # the geopy error is kept
    assert len(nominatim.requests) == 1  # max_retries=0: asked once
    cache.save()
    assert not cache_path.exists()
    assert cache.get(nominatim.settings().cache_scope, "doha") is None


def test_rate_limiting_reports_retry_after(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.answers["doha"] = Reply(429, "Too Many Requests", headers=(("Retry-After", "30"),))
    with pytest.raises(GeocoderUnavailable, match=r"rate-limiting us \(retry after 30"):
        nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))


# A server asking for a long pause: the answer must come back at once, not after it.
RETRY_AFTER_REPLIES = [
    pytest.param(Reply(429, "Too Many Requests", headers=(("Retry-After", "3600"),)), id="429"),
    pytest.param(Reply(503, "Service Unavailable", headers=(("Retry-After", "3600"),)), id="503"),
]


@pytest.mark.parametrize("reply", RETRY_AFTER_REPLIES)
def test_retry_after_does_not_stall_the_build(
    nominatim: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch, reply: Reply
) -> None:
    """Only the RateLimiter retries (settings.max_retries); the HTTP layer never sleeps on Retry-After."""
    from urllib3.util.retry import Retry

    slept: list[object] = []

    def record(self: Retry, response: object = None) -> bool:
        slept.append(response)
        return True  # pretend to have slept, so a regression fails fast instead of hanging

    monkeypatch.setattr(Retry, "sleep_for_retry", record)
    nominatim.answers["doha"] = reply
    with pytest.raises(GeocoderUnavailable):
        nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))
    assert slept == []
    assert len(nominatim.requests) == 1


def test_transient_failure_is_retried_when_retries_are_allowed(
    nominatim: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("geopy.extra.rate_limiter.sleep", slept.append)  # keep the test fast
    nominatim.script.append(Reply(500, "Internal Server Error"))
    answer = nominatim.geocoder(GeocodeCache(cache_path), max_retries=1).geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    assert answer.place.country == "QA"
    assert len(nominatim.requests) == 2
    assert slept == [2.0]  # geopy waits error_wait_seconds before the retry


def test_persistent_failure_gives_up_after_the_retries(
    nominatim: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("geopy.extra.rate_limiter.sleep", lambda seconds: None)
    nominatim.answers["doha"] = Reply(503, "Service Unavailable")
    with pytest.raises(GeocoderUnavailable):
        nominatim.geocoder(GeocodeCache(cache_path), max_retries=1).geocode(query("Doha"))
    assert len(nominatim.requests) == 2


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("reply", MALFORMED_ANSWERS)
def test_malformed_answer_raises_a_geocoder_error(nominatim: FakeNominatim, cache_path: Path, reply: Reply) -> None:
    nominatim.answers["doha"] = reply
    cache = GeocodeCache(cache_path)
    with pytest.raises(GeocoderError):
        nominatim.geocoder(cache).geocode(query("Doha"))
    cache.save()
    assert not cache_path.exists()


def test_slow_answer_beyond_the_timeout_is_unavailable(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.answers["doha"] = json_reply([DOHA_RAW], delay=2.0)
    cache = GeocodeCache(cache_path)
    started = time.monotonic()
    with pytest.raises(GeocoderUnavailable, match="timed out"):
        nominatim.geocoder(cache, timeout=0.3).geocode(query("Doha"))
    assert time.monotonic() - started < 1.5
    cache.save()
    assert not cache_path.exists()


def test_connection_refused_is_unavailable(cache_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = OnlineSettings(domain=f"127.0.0.1:{port}", scheme="http", min_delay_seconds=0, timeout=2, max_retries=0)
    geocoder = OnlineGeocoder(GeocodeCache(cache_path), settings, make_geopy_geocoder(settings))
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode(query("Doha"))


def test_unknown_service_is_a_geocoder_error() -> None:
    with pytest.raises(GeocoderError, match="unknown geocoding service"):
        make_geopy_geocoder(OnlineSettings(service="no-such-geocoding-service"))


def test_chain_falls_back_when_the_server_fails(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.answers["doha"] = Reply(500, "Internal Server Error")
    curated = CuratedGeocoder([Place("doha", "Doha", "city", 25.2854, 51.531, "QA")])
    chain = GeocoderChain([nominatim.geocoder(GeocodeCache(cache_path)), curated])
    answer = chain.geocode(query("Doha"))
    assert answer.backend == "places.yaml"
    assert answer.place is not None and answer.place.id == "doha"


# --- damaged caches ---------------------------------------------------------------


@pytest.mark.parametrize("content", CORRUPT_CACHES)
def test_corrupted_cache_is_moved_aside_and_rebuilt(
    nominatim: FakeNominatim, cache_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="geo.resolve.geocoders.online"):
        cache = GeocodeCache(cache_path)
    bad = cache_path.with_name(cache_path.name + ".bad")
    assert bad.read_bytes() == content
    assert not cache_path.exists()
    assert "damaged" in caplog.text
    assert cache.scopes() == ()

    answer = nominatim.geocoder(cache).geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    cache.save()
    assert saved(cache_path)["answers"][nominatim.settings().cache_scope]["doha"]["country"] == "QA"
    assert bad.read_bytes() == content  # the damaged file is kept for inspection


@pytest.mark.parametrize("entry", DAMAGED_ENTRIES)
def test_damaged_cache_entry_is_ignored(nominatim: FakeNominatim, cache_path: Path, entry: Any) -> None:
    scope = nominatim.settings().cache_scope
    cache_path.parent.mkdir(parents=True)
    cache_path.write_text(json.dumps({"version": CACHE_VERSION, "answers": {scope: {"doha": entry}}}), "utf-8")

    offline = OnlineGeocoder(GeocodeCache(cache_path), nominatim.settings())
    assert offline.geocode(query("Doha")) is None

    cache = GeocodeCache(cache_path)
    answer = nominatim.geocoder(cache).geocode(query("Doha"))  # asks again and repairs the entry
    assert answer is not None and answer.place is not None
    assert len(nominatim.requests) == 1
    cache.save()
    assert saved(cache_path)["answers"][scope]["doha"]["country"] == "QA"


def test_an_online_failure_is_asked_again_at_the_next_build(nominatim: FakeNominatim, tmp_path: Path) -> None:
    """The article cache keeps no article whose names the service failed on (a 503 today is not 'unknown')."""
    from geo.build import BuildOptions, build_story

    root = tmp_path / "p"
    (root / "articles").mkdir(parents=True)
    (root / "places.yaml").write_text("story:\n  title: t\n", encoding="utf-8")
    (root / "articles" / "a.md").write_text("---\ntitle: A\n---\nThe convoy stopped in Qwertyburg before dawn.\n", encoding="utf-8")
    nominatim.answers["qwertyburg"] = Reply(503, "Service Unavailable")
    options = BuildOptions(online=True, online_settings=nominatim.settings(), ner=True, workers=1)
    down = build_story(root, options).story
    assert [m.text for m in down.unresolved] == ["Qwertyburg"]
    nominatim.answers["qwertyburg"] = json_reply([{**DOHA_RAW, "display_name": "Qwertyburg, Qatar", "name": "Qwertyburg"}])
    up = build_story(root, options).story
    assert [p.name for p in up.places] == ["Qwertyburg"] and not up.unresolved
