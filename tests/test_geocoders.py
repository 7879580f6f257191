"""The contract every geocoding backend keeps, and what each one adds.

:class:`GeocoderContract` holds the shared tests; each backend subclasses it and
provides a ``geocoder`` fixture: the curated backend with a few places, the
offline GeoNames backend, and the online backend against a fake Nominatim on
127.0.0.1 (the network is never used). Backend-specific tests follow: how the
offline backend chooses between namesakes, and how the chain falls back.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.errors import GeocoderError, GeocoderUnavailable
from geo.model import Place, Resolution
from geo.resolve.calibration import calibrated
from geo.resolve.gazetteer import Gazetteer
from geo.resolve.geocoders import CuratedGeocoder, Geocoder, GeocoderChain, OfflineGeocoder, Query
from geo.resolve.geocoders.offline import CONTEXT_WEIGHT, score
from geo.resolve.geocoders.online import GeocodeCache, OnlineGeocoder, OnlineSettings, make_geopy_geocoder
from geo.text.normalise import name_key

# --- named edge cases ---------------------------------------------------------------

# Names every backend below knows, written in the ways a document may write them.
KNOWN_NAMES = [
    pytest.param("Doha", id="city"),
    pytest.param("DOHA", id="upper-case"),
    pytest.param("Dohá", id="diacritic"),
    pytest.param("  Doha\n", id="surrounding-space"),
    pytest.param("Qatar", id="country"),
    pytest.param("Kabul", id="capital"),
]

# Names no backend knows.
UNKNOWN_NAMES = [
    pytest.param("Xyzzyqwv", id="nonsense"),
    pytest.param("", id="empty"),
    pytest.param("?!", id="punctuation-only"),
    pytest.param("Doha Doha Doha", id="known-name-repeated"),
]

# The document contexts a known name may come with.
CONTEXTS = [
    pytest.param(frozenset(), id="no-context"),
    pytest.param(frozenset({"QA"}), id="matching-context"),
    pytest.param(frozenset({"IN"}), id="namesake-context"),
    pytest.param(frozenset({"QA", "IN", "US"}), id="several-countries"),
]

# (name, countries, expected country) for the offline backend's choice between namesakes.
NAMESAKES = [
    pytest.param("Doha", frozenset(), "QA", id="doha-capital-over-indian-towns"),
    pytest.param("Doha", frozenset({"QA"}), "QA", id="doha-in-a-story-about-qatar"),
    pytest.param("Birmingham", frozenset(), "GB", id="birmingham-by-population"),
    pytest.param("Birmingham", frozenset({"US"}), "US", id="birmingham-in-a-story-about-the-us"),
    pytest.param("Paris", frozenset(), "FR", id="paris-by-population"),
]

# Names with one or many GeoNames candidates, for the confidence range.
CONFIDENCE_CASES = [
    pytest.param("Qatar", frozenset(), id="single-candidate"),
    pytest.param("Doha", frozenset(), id="few-candidates"),
    pytest.param("Paris", frozenset(), id="many-candidates"),
    pytest.param("Paris", frozenset({"US"}), id="many-candidates-with-context"),
    pytest.param("Birmingham", frozenset({"US"}), id="context-flips-the-winner"),
]

# Errors a backend may raise that the chain must survive.
BACKEND_ERRORS = [
    pytest.param(GeocoderError("answer has no usable coordinates"), id="geocoder-error"),
    pytest.param(GeocoderUnavailable("nominatim timed out"), id="unavailable"),
]

DOHA = Place("doha", "Doha", "city", 25.2854, 51.531, "QA", aliases=("Ad-Dawhah",))
QATAR = Place("qatar", "Qatar", "country", 25.3, 51.18, "QA")
KABUL = Place("kabul", "Kabul", "city", 34.5281, 69.1723, "AF")
DOHA_ELSEWHERE = Place("doha-other", "Doha", "city", 27.678, 76.936, "IN", note="a deliberately different Doha")


def query(text: str, countries: frozenset[str] = frozenset()) -> Query:
    return Query(" ".join(name_key(text)), text, countries)


# --- a fake Nominatim for the online backend ----------------------------------------------

NOMINATIM_ANSWERS: dict[str, list[dict[str, Any]]] = {
    "doha": [
        {"place_id": 1, "lat": "25.2856329", "lon": "51.5264162", "display_name": "Doha, Qatar", "name": "Doha",
         "addresstype": "city", "importance": 0.64, "address": {"country_code": "qa"}}
    ],
    "qatar": [
        {"place_id": 2, "lat": "25.3336984", "lon": "51.2295295", "display_name": "Qatar", "name": "Qatar",
         "addresstype": "country", "importance": 0.81, "address": {"country_code": "qa"}}
    ],
    "kabul": [
        {"place_id": 3, "lat": "34.5260109", "lon": "69.1776838", "display_name": "Kabul, Afghanistan",
         "name": "Kabul", "addresstype": "city", "importance": 0.7, "address": {"country_code": "af"}}
    ],
}


class _NominatimHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        params = parse_qs(urlsplit(self.path).query)
        key = " ".join(name_key(params.get("q", [""])[-1]))
        body = json.dumps(NOMINATIM_ANSWERS.get(key, [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def nominatim_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NominatimHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


# --- the contract -------------------------------------------------------------------------


class GeocoderContract:
    """Tests every backend passes; subclasses provide the ``geocoder`` fixture."""

    backend_name: ClassVar[str]

    @pytest.fixture
    def geocoder(self) -> Geocoder:
        raise NotImplementedError

    def test_implements_the_protocol(self, geocoder: Geocoder) -> None:
        assert isinstance(geocoder, Geocoder)
        assert geocoder.name == self.backend_name

    @pytest.mark.parametrize("text", KNOWN_NAMES)
    def test_known_name_resolves(self, geocoder: Geocoder, text: str) -> None:
        q = query(text)
        answer = geocoder.geocode(q)
        assert isinstance(answer, Resolution)
        assert answer.key == q.key
        place = answer.place
        assert isinstance(place, Place)
        assert place.id and place.name
        assert math.isfinite(place.lat) and math.isfinite(place.lon)
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
        assert answer.backend == geocoder.name == self.backend_name
        assert answer.reason.strip()
        assert 0 < place.confidence <= 1

    @pytest.mark.parametrize("countries", CONTEXTS)
    def test_known_name_resolves_in_any_context(self, geocoder: Geocoder, countries: frozenset[str]) -> None:
        answer = geocoder.geocode(query("Doha", countries))
        assert answer is not None and answer.place is not None
        assert answer.place.country == "QA"

    @pytest.mark.parametrize("text", UNKNOWN_NAMES)
    def test_unknown_name_is_none(self, geocoder: Geocoder, text: str) -> None:
        assert geocoder.geocode(query(text)) is None

    @pytest.mark.parametrize("text", KNOWN_NAMES[:1] + KNOWN_NAMES[4:5])
    def test_result_is_a_frozen_dataclass(self, geocoder: Geocoder, text: str) -> None:
        answer = geocoder.geocode(query(text))
        assert answer is not None and answer.place is not None
        for record in (answer, answer.place):
            assert dataclasses.is_dataclass(record)
            assert type(record).__dataclass_params__.frozen  # type: ignore[attr-defined]
        with pytest.raises(dataclasses.FrozenInstanceError):
            answer.place = None  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            answer.place.lat = 0.0  # type: ignore[misc]
        hash(answer)  # usable as a dict key or set member

    def test_same_question_same_place(self, geocoder: Geocoder) -> None:
        first, second = geocoder.geocode(query("Doha")), geocoder.geocode(query("Doha"))
        assert first is not None and second is not None
        assert (first.place, first.backend) == (second.place, second.backend)  # the reason may say "cached"


class TestCuratedGeocoder(GeocoderContract):
    backend_name = "places.yaml"

    @pytest.fixture
    def geocoder(self) -> CuratedGeocoder:
        return CuratedGeocoder([DOHA, QATAR, KABUL])

    def test_alias_resolves_to_the_curated_place(self, geocoder: CuratedGeocoder) -> None:
        answer = geocoder.geocode(query("Ad-Dawhah"))
        assert answer is not None and answer.place is DOHA

    def test_first_place_with_a_name_wins(self) -> None:
        answer = CuratedGeocoder([DOHA, DOHA_ELSEWHERE]).geocode(query("Doha"))
        assert answer is not None and answer.place is DOHA


class TestOfflineGeocoder(GeocoderContract):
    backend_name = "geonames"

    @pytest.fixture
    def geocoder(self, gazetteer: Gazetteer) -> OfflineGeocoder:
        return OfflineGeocoder(gazetteer)


class TestOnlineGeocoder(GeocoderContract):
    backend_name = "nominatim"

    @pytest.fixture
    def geocoder(self, nominatim_port: int, tmp_path: Path, loopback_only: None) -> OnlineGeocoder:
        settings = OnlineSettings(
            domain=f"127.0.0.1:{nominatim_port}",
            scheme="http",
            user_agent="geo-storymap-test-suite/0.1",
            min_delay_seconds=0,
            timeout=2,
            max_retries=0,
        )
        return OnlineGeocoder(GeocodeCache(tmp_path / "geocode.json"), settings, make_geopy_geocoder(settings))


# --- the offline backend's choice between namesakes -----------------------------------------


@pytest.fixture
def offline(gazetteer: Gazetteer) -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer)


@pytest.mark.parametrize(("text", "countries", "country"), NAMESAKES)
def test_offline_chooses_between_namesakes(
    offline: OfflineGeocoder, text: str, countries: frozenset[str], country: str
) -> None:
    countries_with_the_name = {c.country for c in offline.gazetteer.lookup(text)}
    assert {country} < countries_with_the_name  # there is a real choice to make
    answer = offline.geocode(query(text, countries))
    assert answer is not None and answer.place is not None
    assert answer.place.country == country
    assert answer.place.source == "geonames"
    assert answer.place.geonameid is not None


def test_offline_picks_doha_qatar_over_doha_india(offline: OfflineGeocoder) -> None:
    candidates = offline.gazetteer.lookup("Doha")
    assert any(c.country == "IN" and c.name == "Doha" for c in candidates)
    answer = offline.geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    place = answer.place
    assert (place.name, place.country, place.kind, place.id) == ("Doha", "QA", "capital", "doha-qa")
    assert place.lat == pytest.approx(25.29, abs=0.05)
    assert place.lon == pytest.approx(51.53, abs=0.05)


def test_offline_context_moves_the_confidence_of_doha(offline: OfflineGeocoder) -> None:
    def confidence(countries: frozenset[str]) -> float:
        answer = offline.geocode(query("Doha", countries))
        assert answer is not None and answer.place is not None and answer.place.country == "QA"
        return answer.place.confidence

    assert confidence(frozenset({"QA"})) > confidence(frozenset()) > confidence(frozenset({"IN"}))


def test_offline_paris_with_us_context_against_no_context(offline: OfflineGeocoder) -> None:
    plain = offline.geocode(query("Paris"))
    in_us = offline.geocode(query("Paris", frozenset({"US"})))
    assert plain is not None and plain.place is not None
    assert in_us is not None and in_us.place is not None
    assert (plain.place.country, plain.place.kind) == ("FR", "capital")
    assert "runner-up Paris, US" in plain.reason
    # A story about the US is evidence for the American Parises: either one of them
    # wins, or Paris, France keeps the answer with markedly less confidence.
    assert in_us.place.country == "US" or in_us.place.confidence < plain.place.confidence - 0.2
    assert "runner-up Paris, US" in in_us.reason
    texas = next(c for c in offline.gazetteer.lookup("Paris") if c.country == "US")
    assert score(texas, frozenset({"US"})) - score(texas, frozenset()) == pytest.approx(CONTEXT_WEIGHT)


def test_offline_reason_names_the_runner_up(offline: OfflineGeocoder) -> None:
    answer = offline.geocode(query("Doha"))
    assert answer is not None and answer.place is not None
    ranked = sorted(offline.gazetteer.lookup("Doha"), key=lambda c: (-score(c, frozenset()), c.geonameid))
    winner, runner = ranked[0], ranked[1]
    assert answer.place.geonameid == winner.geonameid
    assert answer.reason.startswith(f"GeoNames {winner.geonameid} (capital, Baladīyat ad Dawḩah, QA, population ")
    assert f"runner-up {runner.name}, {runner.country} (GeoNames {runner.geonameid}; score " in answer.reason
    assert "runner-up Doha, IN" in answer.reason


def test_offline_single_candidate_has_no_runner_up(offline: OfflineGeocoder) -> None:
    assert len(offline.gazetteer.lookup("Qatar")) == 1
    answer = offline.geocode(query("Qatar"))
    assert answer is not None and answer.place is not None
    assert "runner-up" not in answer.reason
    assert "share 1.000" in answer.reason
    # The share is 1; the confidence is the calibrated probability of a place so sure (Qatar is
    # small: calibrated as a town is).
    assert answer.place.confidence == calibrated(1.0, "city") > 0.9


@pytest.mark.parametrize(("text", "countries"), CONFIDENCE_CASES)
def test_offline_confidence_is_in_the_unit_interval(
    offline: OfflineGeocoder, text: str, countries: frozenset[str]
) -> None:
    answer = offline.geocode(query(text, countries))
    assert answer is not None and answer.place is not None
    assert 0 < answer.place.confidence <= 1
    if len(offline.gazetteer.lookup(text)) > 1:
        assert answer.place.confidence < 1


# --- the chain -------------------------------------------------------------------------------


class Failing:
    """A backend that always raises."""

    def __init__(self, error: Exception, name: str = "flaky") -> None:
        self.name = name
        self.error = error
        self.calls = 0

    def geocode(self, query: Query) -> Resolution | None:
        self.calls += 1
        raise self.error


class Counting:
    """Wraps a backend and counts the questions it was asked."""

    def __init__(self, inner: Geocoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = 0

    def geocode(self, query: Query) -> Resolution | None:
        self.calls += 1
        return self.inner.geocode(query)


class Placeless:
    """A backend that answers without a place."""

    name = "placeless"

    def geocode(self, query: Query) -> Resolution | None:
        return Resolution(query.key, None, self.name, "no place")


@pytest.mark.parametrize("error", BACKEND_ERRORS)
def test_chain_falls_back_when_a_backend_raises(error: GeocoderError, caplog: pytest.LogCaptureFixture) -> None:
    failing = Failing(error)
    chain = GeocoderChain([failing, CuratedGeocoder([DOHA])])
    with caplog.at_level(logging.WARNING, logger="geo.resolve.geocoders.chain"):
        answer = chain.geocode(query("Doha"))
    assert failing.calls == 1
    assert answer.place is DOHA
    assert answer.backend == "places.yaml"
    assert "flaky could not resolve 'Doha'" in caplog.text


@pytest.mark.parametrize("error", BACKEND_ERRORS)
def test_chain_records_the_failure_when_nothing_answers(error: GeocoderError) -> None:
    chain = GeocoderChain([Failing(error), CuratedGeocoder([KABUL])])
    answer = chain.geocode(query("Doha"))
    assert isinstance(answer, Resolution)
    assert answer.place is None
    assert answer.backend == ""
    assert answer.key == "doha"
    assert answer.reason.startswith("not found by flaky, places.yaml")
    assert f"flaky failed: {error.message}" in answer.reason


def test_chain_without_failures_says_who_was_asked_and_why_a_backend_declined() -> None:
    answer = GeocoderChain([CuratedGeocoder([KABUL]), Placeless()]).geocode(query("Doha"))
    assert answer.place is None
    assert answer.reason == "not found by places.yaml, placeless (placeless: no place)"


def test_chain_returns_the_first_answer_in_order() -> None:
    first = Counting(CuratedGeocoder([DOHA]))
    second = Counting(CuratedGeocoder([DOHA_ELSEWHERE]))
    answer = GeocoderChain([first, second]).geocode(query("Doha"))
    assert answer.place is DOHA
    assert (first.calls, second.calls) == (1, 0)  # later backends are not asked

    reversed_answer = GeocoderChain([second, first]).geocode(query("Doha"))
    assert reversed_answer.place is DOHA_ELSEWHERE


def test_chain_skips_answers_without_a_place() -> None:
    answer = GeocoderChain([Placeless(), CuratedGeocoder([DOHA])]).geocode(query("Doha"))
    assert answer.place is DOHA


def test_chain_passes_the_document_context_on(gazetteer: Gazetteer) -> None:
    chain = GeocoderChain([CuratedGeocoder([KABUL]), OfflineGeocoder(gazetteer)])
    answer = chain.geocode(query("Birmingham", frozenset({"US"})))
    assert answer.backend == "geonames"
    assert answer.place is not None and answer.place.country == "US"


def test_chain_does_not_hide_programming_errors() -> None:
    chain = GeocoderChain([Failing(KeyError("bug")), CuratedGeocoder([DOHA])])
    with pytest.raises(KeyError):
        chain.geocode(query("Doha"))


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [("England", "GB", "region"), ("Burma", "MM", "country"), ("Britain", "GB", "country"),
     ("Czech Republic", "CZ", "country"), ("Ivory Coast", "CI", "country"), ("Washington", "US", "capital")],
)
def test_common_names_of_countries_and_capitals(gazetteer, name, country, kind):
    from geo.resolve.geocoders.offline import best_candidate

    best = best_candidate(gazetteer.lookup(name))
    assert (best.country, best.kind) == (country, kind)
