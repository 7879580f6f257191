"""A hostile geocode-cache.json and a hostile geocoding server: never a crash, never a bloated map.

A project folder may come from a stranger, with its ``geocode-cache.json``; the
server ``geo build --online`` asks may be anyone's. Each case below was found by
a security review: a cache entry of the wrong type, an answer of the wrong
shape, a server dripping bytes, a huge answer, a redirect elsewhere, escape
sequences meant for the terminal. The fake Nominatim of ``test_online`` (on
127.0.0.1) answers most of them; a raw loopback server here drips bytes and
sends what ``http.server`` would not.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from geo.errors import GeocoderError, GeocoderUnavailable
from geo.model import Place
from geo.resolve.geocoders import GeocoderChain
from geo.resolve.geocoders.online import (
    CACHE_VERSION,
    MAX_ANSWER_BYTES,
    MAX_CACHE_BYTES,
    MAX_TEXT,
    QUOTE_CHARS,
    GeocodeCache,
    OnlineGeocoder,
    OnlineSettings,
    clean_text,
    make_geopy_geocoder,
    place_from_raw,
    redirect_allowed,
)

from . import test_online
from .test_online import DOHA_RAW, USER_AGENT, FakeNominatim, Reply, json_reply, query, saved

# The fake Nominatim of test_online and its cache file, as fixtures of this module too.
nominatim = test_online.nominatim
cache_path = test_online.cache_path

LOGGER = "geo.resolve.geocoders.online"
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# What a terminal acts on: set the window title, clear the screen, a C1 CSI.
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\x00"
SCOPE = "nominatim:default"

GOOD_ENTRY: dict[str, Any] = asdict(
    Place("kabul-af", "Kabul", "city", 34.528, 69.172, "AF", "nominatim", 0.7, "Kabul, Afghanistan")
)
DOHA_ENTRY: dict[str, Any] = {
    **GOOD_ENTRY, "id": "doha-qa", "name": "Doha", "lat": 25.29, "lon": 51.53, "country": "QA", "note": "Doha, Qatar"
}


@pytest.fixture(autouse=True)
def _no_network(loopback_only: None) -> None:
    """Every test here talks only to 127.0.0.1."""


def write_cache(path: Path, answers: Any, **json_options: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": CACHE_VERSION, "answers": answers}, **json_options), "utf-8")


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def assert_printable(text: str) -> None:
    assert not CONTROL.search(text), f"control character in {text[:200]!r}"


# --- 1. geocode-cache.json ------------------------------------------------------------

# One bad entry beside a good one: the bad one is set aside, the good one used.
BAD_CACHE_ENTRIES = [
    pytest.param({**DOHA_ENTRY, "lat": "abc"}, "lat", id="lat-a-string"),
    pytest.param({**DOHA_ENTRY, "lat": 999}, "lat", id="lat-out-of-range"),
    pytest.param({**DOHA_ENTRY, "lat": math.nan}, "lat", id="lat-nan"),
    pytest.param({**DOHA_ENTRY, "lon": -math.inf}, "lon", id="lon-minus-infinity"),
    pytest.param({**DOHA_ENTRY, "lat": True}, "lat", id="lat-a-boolean"),
    pytest.param({**DOHA_ENTRY, "lat": [25.29]}, "lat", id="lat-a-list"),
    pytest.param({**DOHA_ENTRY, "name": None}, "name", id="name-null"),
    pytest.param({**DOHA_ENTRY, "name": ""}, "name", id="name-empty"),
    pytest.param({**DOHA_ENTRY, "name": "D" * 100_000}, "name", id="name-huge"),
    pytest.param({**DOHA_ENTRY, "name": "Doha" + ESCAPES}, "name", id="name-with-escapes"),
    pytest.param({**DOHA_ENTRY, "id": 5}, "id", id="id-a-number"),
    pytest.param({**DOHA_ENTRY, "id": "Doha, Qatar"}, "id", id="id-not-a-slug"),
    pytest.param({**DOHA_ENTRY, "id": "d" * 301}, "id", id="id-too-long"),
    pytest.param({**DOHA_ENTRY, "kind": "volcano"}, "kind", id="kind-unknown"),
    pytest.param({**DOHA_ENTRY, "country": "qatar"}, "country", id="country-not-a-code"),
    pytest.param({**DOHA_ENTRY, "confidence": 7}, "confidence", id="confidence-out-of-range"),
    pytest.param({**DOHA_ENTRY, "geonameid": 1.5}, "geonameid", id="geonameid-a-float"),
    pytest.param({**DOHA_ENTRY, "geonameid": "290030"}, "geonameid", id="geonameid-a-string"),
    pytest.param({**DOHA_ENTRY, "geonameid": 10**40}, "geonameid", id="geonameid-huge"),
    pytest.param({**DOHA_ENTRY, "aliases": "Ad-Dawhah"}, "aliases", id="aliases-a-string"),
    pytest.param({**DOHA_ENTRY, "aliases": [5]}, "aliases", id="aliases-of-numbers"),
    pytest.param({**DOHA_ENTRY, "note": "n" * 301}, "note", id="note-too-long"),
    pytest.param({**DOHA_ENTRY, "colour": "red"}, "colour", id="unknown-field"),
    pytest.param({"id": "doha-qa"}, "name", id="missing-fields"),
    pytest.param(list(DOHA_ENTRY.values()), "not an object", id="place-as-a-list"),
    pytest.param("Doha, Qatar", "not an object", id="a-string"),
    pytest.param(None, "not an object", id="null"),
    pytest.param(7, "not an object", id="a-number"),
]


@pytest.mark.parametrize(("entry", "named"), BAD_CACHE_ENTRIES)
def test_bad_cache_entry_is_set_aside_with_one_warning(
    cache_path: Path, caplog: pytest.LogCaptureFixture, entry: Any, named: str
) -> None:
    write_cache(cache_path, {SCOPE: {"kabul": GOOD_ENTRY, "doha": entry}})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = GeocodeCache(cache_path)
    (warning,) = warnings_of(caplog)
    assert str(cache_path) in warning and "'doha'" in warning and named in warning
    assert "1 bad entry not used" in warning
    assert len(warning) < len(str(cache_path)) + 400  # a bad value is quoted, not copied
    assert_printable(warning)
    assert cache.get(SCOPE, "doha") is None
    kabul = cache.get(SCOPE, "kabul")
    assert kabul is not None and asdict(kabul) == GOOD_ENTRY
    assert cache_path.exists()  # the file itself is kept: only the entry is set aside


def test_cache_with_bad_entries_still_answers_offline(cache_path: Path) -> None:
    write_cache(cache_path, {SCOPE: {"kabul": GOOD_ENTRY, "doha": {**DOHA_ENTRY, "lat": "abc"}}})
    offline = OnlineGeocoder(GeocodeCache(cache_path), OnlineSettings())
    kabul = offline.geocode(query("Kabul"))
    assert kabul is not None and kabul.place is not None and kabul.place.country == "AF"
    assert offline.geocode(query("Doha")) is None


# Whole answer groups (a scope) that are wrong: the rest of the cache is used.
BAD_SCOPES = [
    pytest.param({"nominatim:other": [DOHA_ENTRY]}, "not an object", id="scope-a-list"),
    pytest.param({"nominatim:other": "Doha"}, "not an object", id="scope-a-string"),
    pytest.param({"s" * 400: {"doha": DOHA_ENTRY}}, "characters", id="scope-key-too-long"),
    pytest.param({SCOPE + ESCAPES: {"doha": DOHA_ENTRY}}, "control characters", id="scope-key-with-escapes"),
    pytest.param({SCOPE: {"doha" + ESCAPES: DOHA_ENTRY}}, "control characters", id="query-key-with-escapes"),
    pytest.param({SCOPE: {"": DOHA_ENTRY}}, "characters", id="query-key-empty"),
]


@pytest.mark.parametrize(("answers", "named"), BAD_SCOPES)
def test_bad_scope_or_key_is_set_aside(
    cache_path: Path, caplog: pytest.LogCaptureFixture, answers: dict[str, Any], named: str
) -> None:
    write_cache(cache_path, {**answers, "photon:default": {"kabul": GOOD_ENTRY}})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = GeocodeCache(cache_path)
    (warning,) = warnings_of(caplog)
    assert named in warning and len(warning) < 600
    assert_printable(warning)
    assert cache.scopes() == ("photon:default",) or cache.get(SCOPE, "doha") is None
    assert cache.get("photon:default", "kabul") is not None


def test_many_bad_entries_give_one_short_warning(cache_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bad = {f"place {i}": {**DOHA_ENTRY, "lat": "x" * 10_000} for i in range(500)}
    write_cache(cache_path, {SCOPE: {"kabul": GOOD_ENTRY, **bad}})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = GeocodeCache(cache_path)
    (warning,) = warnings_of(caplog)
    assert "500 bad entries not used" in warning and "and 497 more" in warning
    assert len(warning) < 1000
    assert cache.get(SCOPE, "kabul") is not None


def test_bad_entries_are_reported_once_for_one_file(cache_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A build reads the cache twice (for the workers, then for the online step): one warning."""
    write_cache(cache_path, {SCOPE: {"doha": {**DOHA_ENTRY, "lat": "abc"}}})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        GeocodeCache(cache_path)
        GeocodeCache(cache_path)
    assert len(warnings_of(caplog)) == 1


def test_a_repaired_entry_is_saved_and_the_bad_one_dropped(nominatim: FakeNominatim, cache_path: Path) -> None:
    scope = nominatim.settings().cache_scope
    write_cache(cache_path, {scope: {"kabul": GOOD_ENTRY, "doha": {**DOHA_ENTRY, "lat": "abc"}}})
    cache = GeocodeCache(cache_path)
    answer = nominatim.geocoder(cache).geocode(query("Doha"))
    assert answer is not None and answer.place is not None and answer.place.lat == 25.285633
    cache.save()
    entries = saved(cache_path)["answers"][scope]
    assert entries["doha"]["lat"] == 25.285633 and entries["kabul"] == {**GOOD_ENTRY, "aliases": []}


# Whole files that cannot be a cache: moved to .bad with a warning, never a crash.
DAMAGED_FILES = [
    pytest.param(json.dumps([{SCOPE: {"doha": DOHA_ENTRY}}]).encode(), id="a-list"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="list-nested-100000-deep"),
    pytest.param(
        b'{"version": 1, "answers": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001, id="object-nested-100000-deep"
    ),
    pytest.param(b'{"version": "1", "answers": {}}', id="version-a-string"),
    pytest.param(b'{"version": 1, "answers": null}', id="answers-null"),
    pytest.param(b'{"version": 1, "answers": {"s": {"q": {"name": "\x1b[2J"}}}}', id="raw-control-character"),
    pytest.param(b"NaN", id="nan"),
]


@pytest.mark.parametrize("content", DAMAGED_FILES)
def test_damaged_cache_file_is_moved_aside(cache_path: Path, caplog: pytest.LogCaptureFixture, content: bytes) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = GeocodeCache(cache_path)
    (warning,) = warnings_of(caplog)
    assert "is damaged" in warning and warning.endswith(f"moved to {cache_path.name}.bad")
    assert len(warning) < 500
    assert_printable(warning)
    assert cache.scopes() == () and not cache_path.exists()
    assert cache_path.with_name(cache_path.name + ".bad").read_bytes() == content


def test_oversized_cache_file_is_set_aside_unread(cache_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache_path.parent.mkdir(parents=True)
    head = json.dumps({"version": CACHE_VERSION, "answers": {SCOPE: {"kabul": GOOD_ENTRY}}}).encode()
    cache_path.write_bytes(head + b" " * (MAX_CACHE_BYTES + 1 - len(head)))  # valid JSON, one byte too long
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = GeocodeCache(cache_path)
    (warning,) = warnings_of(caplog)
    assert warning == (
        f"geocoding cache {cache_path} is larger than 20 MB; moved to {cache_path.name}.bad and not used"
    )
    assert cache.scopes() == () and not cache_path.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_the_cache_does_not_hang_the_build(
    cache_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_path.parent.mkdir(parents=True)
    os.mkfifo(cache_path)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = GeocodeCache(cache_path)
    assert "not a regular file" in warnings_of(caplog)[0]
    assert cache.scopes() == ()


def test_build_with_a_hostile_cache_uses_its_good_answers(tmp_path: Path) -> None:
    from geo.build import BuildOptions, build_story

    root = tmp_path / "p"
    (root / "articles").mkdir(parents=True)
    (root / "places.yaml").write_text("story:\n  title: t\n", encoding="utf-8")
    (root / "articles" / "a.md").write_text(
        "---\ntitle: A\n---\nThe convoy stopped in Qwertyburg, then went on to Zxcvbville.\n", encoding="utf-8"
    )
    qwertyburg = {**DOHA_ENTRY, "id": "qwertyburg-qa", "name": "Qwertyburg"}
    write_cache(root / "geocode-cache.json", {SCOPE: {
        "qwertyburg": qwertyburg,
        "zxcvbville": {**qwertyburg, "id": "zxcvbville-qa", "name": "Zxcvbville", "lat": "abc"},
    }})
    story = build_story(root, BuildOptions(ner=True, workers=1, cache=False)).story
    assert [p.name for p in story.places] == ["Qwertyburg"]
    assert [m.text for m in story.unresolved] == ["Zxcvbville"]


# --- 2. answers of the wrong shape --------------------------------------------------------

# Answers whose fields have the wrong type or value: a GeocoderError, never a crash.
BAD_ANSWERS = [
    pytest.param({**DOHA_RAW, "address": ["Doha", "Qatar"]}, id="address-a-list"),
    pytest.param({**DOHA_RAW, "address": "Doha, Qatar"}, id="address-a-string"),
    pytest.param({**DOHA_RAW, "lat": ["25.28"]}, id="lat-a-list"),
    pytest.param({**DOHA_RAW, "lon": {"value": 51.5}}, id="lon-an-object"),
    pytest.param({**DOHA_RAW, "lat": True}, id="lat-a-boolean"),
    pytest.param({**DOHA_RAW, "lat": "nan"}, id="lat-nan"),
    pytest.param({**DOHA_RAW, "lat": "1e999"}, id="lat-infinite"),
    pytest.param({**DOHA_RAW, "lat": "2" * 100_000}, id="lat-huge-string"),
    pytest.param({k: v for k, v in DOHA_RAW.items() if k != "lon"}, id="lon-missing"),
    pytest.param({**DOHA_RAW, "name": ["Doha"]}, id="name-a-list"),
    pytest.param({**DOHA_RAW, "display_name": 42}, id="display-name-a-number"),
    pytest.param({**DOHA_RAW, "address": {"country_code": ["qa"]}}, id="country-code-a-list"),
    pytest.param({**DOHA_RAW, "addresstype": {"city": True}}, id="addresstype-an-object"),
    pytest.param({**DOHA_RAW, "importance": "high"}, id="importance-a-string"),
    pytest.param({}, id="empty-object"),
]


@pytest.mark.parametrize("raw", BAD_ANSWERS)
def test_place_from_raw_refuses_a_bad_answer(raw: dict[str, Any]) -> None:
    with pytest.raises(GeocoderError) as caught:
        place_from_raw(raw, "nominatim")
    assert len(str(caught.value)) < 300
    assert_printable(str(caught.value))


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("raw", BAD_ANSWERS)
def test_bad_answer_is_unresolved_with_a_warning(
    nominatim: FakeNominatim, cache_path: Path, caplog: pytest.LogCaptureFixture, raw: dict[str, Any]
) -> None:
    nominatim.answers["doha"] = json_reply([raw])
    cache = GeocodeCache(cache_path)
    chain = GeocoderChain([nominatim.geocoder(cache)])
    with caplog.at_level(logging.WARNING):
        answer = chain.geocode(query("Doha"))
    assert answer.place is None and "nominatim failed: " in answer.reason
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith("nominatim could not resolve 'Doha': ") and len(warning) < 400
    cache.save()
    assert not cache_path.exists()


# Bodies that are not a usable JSON answer at all.
BAD_BODIES = [
    pytest.param(Reply(body="[" * 100_000 + "]" * 100_000), id="nested-100000-deep"),
    pytest.param(json_reply(functools.reduce(lambda inner, _: [inner], range(41), DOHA_RAW)), id="nested-41-deep"),
    pytest.param(Reply(body='[{"lat": 1e999999, "lon": 5}]'), id="lat-overflows"),
    pytest.param(Reply(body='[{"lat": ' + "1" * 5000 + ', "lon": 5}]'), id="lat-5000-digits"),
]


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("reply", BAD_BODIES)
def test_unusable_body_is_a_geocoder_error(nominatim: FakeNominatim, cache_path: Path, reply: Reply) -> None:
    nominatim.answers["doha"] = reply
    with pytest.raises(GeocoderError) as caught:
        nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))
    assert len(str(caught.value)) < 400


# --- 3. deadlines: a server that drips ----------------------------------------------------------


@dataclass
class RawServer:
    """A loopback server whose every connection is handled by ``respond(connection, request bytes)``."""

    respond: Callable[[socket.socket, bytes], None]
    stop: threading.Event = field(default_factory=threading.Event)
    requests: list[bytes] = field(default_factory=list)
    listener: socket.socket = field(default_factory=lambda: socket.create_server(("127.0.0.1", 0)))

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def settings(self, **overrides: Any) -> OnlineSettings:
        values: dict[str, Any] = {"domain": f"127.0.0.1:{self.port}", "scheme": "http", "user_agent": USER_AGENT,
                                  "min_delay_seconds": 0, "timeout": 2, "max_retries": 0}
        return OnlineSettings(**{**values, **overrides})

    def geocoder(self, cache: GeocodeCache, **overrides: Any) -> OnlineGeocoder:
        settings = self.settings(**overrides)
        return OnlineGeocoder(cache, settings, make_geopy_geocoder(settings))

    def serve(self) -> None:
        self.listener.settimeout(0.05)
        with self.listener:
            while not self.stop.is_set():
                try:
                    connection, _ = self.listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            try:
                while not self.stop.is_set():  # one request after another on a kept-alive connection
                    request = _read_request(connection)
                    if not request:
                        return
                    self.requests.append(request)
                    self.respond(connection, request)
            except OSError:  # the client gave up: what the deadline tests want
                pass


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return b""
        data += chunk
    return data


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket, bytes], None]], RawServer]]:
    started: list[tuple[RawServer, threading.Thread]] = []

    def start(respond: Callable[[socket.socket, bytes], None]) -> RawServer:
        server = RawServer(respond)
        thread = threading.Thread(target=server.serve, daemon=True)
        thread.start()
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        server.stop.set()
        thread.join(timeout=2)  # the serving thread closes the listener


DRIP_SECONDS = 0.2
DRIP_BYTES = 40  # a regression fails after 8 s instead of hanging


def answer_bytes(payload: Any = (DOHA_RAW,), status: str = "200 OK", headers: str = "") -> bytes:
    body = json.dumps(list(payload)).encode()
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{headers}\r\n"
    return head.encode() + body


def drip(connection: socket.socket, data: bytes, stop: threading.Event) -> None:
    for byte in data[:DRIP_BYTES]:
        if stop.wait(DRIP_SECONDS):
            return
        connection.sendall(bytes([byte]))


def drip_body(stop: threading.Event) -> Callable[[socket.socket, bytes], None]:
    def respond(connection: socket.socket, request: bytes) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        drip(connection, b"[" + b" " * 999, stop)

    return respond


def drip_headers(stop: threading.Event) -> Callable[[socket.socket, bytes], None]:
    def respond(connection: socket.socket, request: bytes) -> None:
        drip(connection, b"HTTP/1.1 200 OK\r\n" + b"X-Drip: " + b"." * 100, stop)

    return respond


DRIPS = [pytest.param(drip_body, id="body"), pytest.param(drip_headers, id="headers")]


@pytest.mark.parametrize("dripping", DRIPS)
def test_a_dripping_server_is_cut_at_the_request_timeout(
    raw_server: Callable[..., RawServer], cache_path: Path, dripping: Callable[..., Any]
) -> None:
    stop = threading.Event()
    server = raw_server(lambda c, r: dripping(stop)(c, r))
    started = time.monotonic()
    try:
        with pytest.raises(GeocoderUnavailable, match="nominatim timed out"):
            server.geocoder(GeocodeCache(cache_path), timeout=1.0).geocode(query("Doha"))
    finally:
        stop.set()
    assert time.monotonic() - started < 2.5


def test_a_kept_alive_connection_that_starts_dripping_is_cut(
    raw_server: Callable[..., RawServer], cache_path: Path
) -> None:
    """The second request reuses the connection (no new connect): the deadline still holds."""
    stop = threading.Event()

    def respond(connection: socket.socket, request: bytes) -> None:
        if b"q=Doha" in request:
            connection.sendall(answer_bytes())
        else:
            drip_body(stop)(connection, request)

    server = raw_server(respond)
    geocoder = server.geocoder(GeocodeCache(cache_path), timeout=1.0)
    try:
        assert geocoder.geocode(query("Doha")) is not None
        started = time.monotonic()
        with pytest.raises(GeocoderUnavailable, match="timed out"):
            geocoder.geocode(query("Kabul"))
    finally:
        stop.set()
    assert time.monotonic() - started < 2.5
    assert len(server.requests) == 2


def test_total_timeout_stops_the_online_step_with_one_warning(
    nominatim: FakeNominatim, cache_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    names = [f"Town {n}" for n in range(8)]
    for name in names:
        nominatim.answers[name.lower()] = json_reply([{**DOHA_RAW, "name": name}], delay=0.3)
    geocoder = nominatim.geocoder(GeocodeCache(cache_path), timeout=5, total_timeout=1.0)
    chain = GeocoderChain([geocoder])
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        answers = [chain.geocode(query(name)) for name in names]
    assert time.monotonic() - started < 2.5
    assert 2 <= len(nominatim.requests) < len(names)
    resolved = [a for a in answers if a.place is not None]
    assert 2 <= len(resolved) < len(names)
    assert all(" failed: " in a.reason for a in answers if a.place is None)  # asked again next build
    assert warnings_of(caplog) == [
        "nominatim: the online look-ups of this build took more than 1 s; the names left are not asked"
    ]


def test_total_timeout_also_cuts_a_dripping_request(
    raw_server: Callable[..., RawServer], cache_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stop = threading.Event()
    server = raw_server(lambda c, r: drip_body(stop)(c, r))
    geocoder = server.geocoder(GeocodeCache(cache_path), timeout=30, total_timeout=1.0)
    started = time.monotonic()
    try:
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            with pytest.raises(GeocoderUnavailable, match=r"the 1 s for online look-ups are spent"):
                geocoder.geocode(query("Doha"))
            with pytest.raises(GeocoderUnavailable, match="not asked again"):
                geocoder.geocode(query("Kabul"))
    finally:
        stop.set()
    assert time.monotonic() - started < 2.5
    assert len(server.requests) == 1
    assert len(warnings_of(caplog)) == 1


# --- 4. the size of an answer -----------------------------------------------------------------


def test_an_answer_over_the_size_cap_is_refused(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.answers["doha"] = json_reply([{**DOHA_RAW, "display_name": "D" * MAX_ANSWER_BYTES}])
    cache = GeocodeCache(cache_path)
    with pytest.raises(GeocoderUnavailable, match=r"nominatim answer refused: an answer of \d+ bytes, over the limit"):
        nominatim.geocoder(cache).geocode(query("Doha"))
    cache.save()
    assert not cache_path.exists()


def test_an_answer_without_a_length_is_cut_at_the_size_cap(
    raw_server: Callable[..., RawServer], cache_path: Path
) -> None:
    def respond(connection: socket.socket, request: bytes) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
        for _ in range(MAX_ANSWER_BYTES // 65536 + 2):  # endless, but the client stops reading
            connection.sendall(b" " * 65536)

    server = raw_server(respond)
    with pytest.raises(GeocoderUnavailable, match=f"an answer of over {MAX_ANSWER_BYTES} bytes"):
        server.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))


# --- 5. huge names ------------------------------------------------------------------------------


def test_a_20_mb_display_name_never_reaches_a_place_whole() -> None:
    raw = {k: v for k, v in DOHA_RAW.items() if k != "name"}
    started = time.monotonic()
    place = place_from_raw({**raw, "display_name": "Doha " * 4_000_000}, "nominatim")
    assert time.monotonic() - started < 1
    assert all(len(text) <= MAX_TEXT for text in (place.id, place.name, place.note))
    assert place.name.endswith("…") and place.name.startswith("Doha Doha")
    assert place.id.startswith("doha-doha") and place.id.endswith("-qa")


def test_a_long_name_from_the_service_is_cut_in_the_cache_and_the_map(
    nominatim: FakeNominatim, cache_path: Path
) -> None:
    long_name = "Very " * 100_000 + "Long Town"
    nominatim.answers["doha"] = json_reply([{**DOHA_RAW, "name": long_name, "display_name": long_name}])
    cache = GeocodeCache(cache_path)
    answer = nominatim.geocoder(cache).geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    assert len(answer.place.name) <= MAX_TEXT and len(answer.place.id) <= MAX_TEXT and len(answer.reason) < 320
    cache.save()
    assert cache_path.stat().st_size < 3000
    assert GeocodeCache(cache_path).get(nominatim.settings().cache_scope, "doha") == answer.place


CLEAN_TEXTS = [
    pytest.param("Doha", 300, "Doha", id="short"),
    pytest.param("Doha\x1b[31m, Qatar\x1b[0m", 300, "Doha, Qatar", id="colour"),
    pytest.param("\x1b]0;owned\x07Doha\x1b[2J", 300, "Doha", id="title-and-clear-screen"),
    pytest.param("\x1b]8;;http://x.example\x1b\\Doha\x1b]8;;\x1b\\", 300, "Doha", id="hyperlink"),
    pytest.param("\x9b31mDoha\x9dtitle\x9c", 300, "Doha", id="c1-sequences"),
    pytest.param("Do\x85ha\x00\x07", 300, "Do ha", id="c1-and-nul"),
    pytest.param("Doha\n\n\tQatar\u2028", 300, "Doha Qatar", id="line-breaks"),
    pytest.param("Bagram Air Base", 12, "Bagram Air…", id="cut-at-a-space"),
    pytest.param("x" * 500, 10, "x" * 9 + "…", id="cut-a-long-word"),
]


@pytest.mark.parametrize(("text", "limit", "expected"), CLEAN_TEXTS)
def test_clean_text(text: str, limit: int, expected: str) -> None:
    assert clean_text(text, limit) == expected


# --- 6. redirects -------------------------------------------------------------------------------

REDIRECTS = [
    pytest.param("https://n.example/search?q=a", "/search?q=b", True, id="relative"),
    pytest.param("https://n.example/search", "https://N.EXAMPLE:443/search", True, id="same-origin-spelled-out"),
    pytest.param("https://n.example/search", "http://n.example/search", False, id="https-to-http"),
    pytest.param("http://n.example/search", "https://n.example/search", False, id="http-to-https"),
    pytest.param("https://n.example/search", "https://n.example:8443/search", False, id="other-port"),
    pytest.param("https://n.example/search", "https://evil.example/search", False, id="other-host"),
    pytest.param("https://n.example/search", "//evil.example/search", False, id="scheme-relative"),
    pytest.param("https://n.example/search", "https://n.example.evil.example/", False, id="suffix-host"),
    pytest.param("https://n.example/search", "https://n.example:x/", False, id="bad-port"),
]


@pytest.mark.parametrize(("origin", "target", "allowed"), REDIRECTS)
def test_redirect_allowed(origin: str, target: str, allowed: bool) -> None:
    assert redirect_allowed(origin, target) is allowed


def test_a_redirect_to_another_origin_is_refused_and_not_cached(
    nominatim: FakeNominatim, raw_server: Callable[..., RawServer], cache_path: Path
) -> None:
    elsewhere = raw_server(lambda connection, request: connection.sendall(answer_bytes()))
    target = f"http://127.0.0.1:{elsewhere.port}/search?q=Doha&format=json"
    nominatim.answers["doha"] = Reply(302, "", headers=(("Location", target),))
    cache = GeocodeCache(cache_path)
    with pytest.raises(GeocoderUnavailable, match=r"nominatim answer refused: a redirect to another origin"):
        nominatim.geocoder(cache).geocode(query("Doha"))
    assert elsewhere.requests == []
    cache.save()
    assert not cache_path.exists()


def test_a_redirect_within_the_origin_is_followed(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.script.append(Reply(301, "", headers=(("Location", "/search?q=Doha&format=json&limit=1"),)))
    answer = nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))
    assert answer is not None and answer.place is not None and answer.place.country == "QA"
    assert [seen.path for seen in nominatim.requests] == ["/search", "/search"]


def test_a_redirect_loop_is_cut(nominatim: FakeNominatim, cache_path: Path) -> None:
    nominatim.answers["doha"] = Reply(307, "", headers=(("Location", "/search?q=Doha&format=json"),))
    with pytest.raises(GeocoderUnavailable, match="more than 3 redirects"):
        nominatim.geocoder(GeocodeCache(cache_path)).geocode(query("Doha"))
    assert len(nominatim.requests) == 4


# --- 7. escape sequences ------------------------------------------------------------------------


def test_escape_sequences_never_reach_a_place_or_the_cache(nominatim: FakeNominatim, cache_path: Path) -> None:
    hostile = {"name": "Doha" + ESCAPES, "display_name": ESCAPES + "Doha, Qatar", "address": {"country_code": "q\x1ba"}}
    nominatim.answers["doha"] = json_reply([{**DOHA_RAW, **hostile}])
    cache = GeocodeCache(cache_path)
    answer = nominatim.geocoder(cache).geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    for text in (*(str(v) for v in asdict(answer.place).values()), answer.reason):
        assert_printable(text)
    assert (answer.place.name, answer.place.id, answer.place.country) == ("Doha", "doha", "")
    assert answer.place.note == "Doha, Qatar"
    cache.save()
    for text in saved(cache_path)["answers"][nominatim.settings().cache_scope]["doha"].values():
        assert_printable(str(text))
    assert GeocodeCache(cache_path).get(nominatim.settings().cache_scope, "doha") == answer.place


# Server text that would end up in a warning or a debug line.
ESCAPING_REPLIES = [
    pytest.param(Reply(500, f"<h1>{ESCAPES}Internal error</h1>", content_type="text/html"), id="error-page"),
    pytest.param(Reply(200, f"<p>{ESCAPES}Welcome to the hotel wifi</p>", content_type="text/html"), id="html-answer"),
    pytest.param(json_reply({"error": ESCAPES + "Invalid parameters"}), id="error-object"),
    pytest.param(json_reply([{**DOHA_RAW, "lat": ESCAPES}]), id="bad-lat"),
    pytest.param(json_reply([{**DOHA_RAW, "address": ESCAPES}]), id="bad-address"),
    pytest.param(Reply(302, "", headers=(("Location", "http://elsewhere.example/" + ESCAPES.replace("\x00", "")),)),
                 id="redirect-target"),
]


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("reply", ESCAPING_REPLIES)
def test_escape_sequences_never_reach_a_log_message(
    nominatim: FakeNominatim, cache_path: Path, caplog: pytest.LogCaptureFixture, reply: Reply
) -> None:
    nominatim.answers["doha"] = reply
    chain = GeocoderChain([nominatim.geocoder(GeocodeCache(cache_path))])
    with caplog.at_level(logging.DEBUG):
        answer = chain.geocode(query("Doha"))
    assert answer.place is None
    assert_printable(answer.reason)
    messages = [r.getMessage() for r in caplog.records]
    assert any("could not resolve" in m for m in messages)
    for message in messages:
        assert_printable(message)
    assert all(len(m) < 600 for m in messages)


def test_a_quoted_value_is_short(cache_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_cache(cache_path, {SCOPE: {"doha": {**DOHA_ENTRY, "name": "N" * 5000}}})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        GeocodeCache(cache_path)
    (warning,) = warnings_of(caplog)
    assert "'" + "N" * QUOTE_CHARS + "'…" in warning and "N" * (QUOTE_CHARS + 1) not in warning
