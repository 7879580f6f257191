"""Geodesic distances and bearings at named points (WGS84, Karney's algorithm)."""

from __future__ import annotations

import math

import pytest
from geopy.distance import geodesic as geopy_geodesic

from geo.measure.distance import COMPASS_POINTS, compass, geodesic, geodesic_km
from geo.model import Distance, Place


def _place(place_id: str, lat: float, lon: float) -> Place:
    return Place(place_id, place_id.replace("-", " ").title(), "other", lat, lon)


BAGRAM = _place("bagram", 34.9461, 69.2650)
KABUL = _place("kabul", 34.52813, 69.17233)
NORTH_POLE = _place("north-pole", 90.0, 0.0)
SOUTH_POLE = _place("south-pole", -90.0, 0.0)
# Two points 1° of longitude apart on either side of the 180th meridian, near Fiji.
FIJI_WEST = _place("fiji-west", -17.0, 179.5)
FIJI_EAST = _place("fiji-east", -17.0, -179.5)
EQUATOR_0 = _place("equator-0", 0.0, 0.0)
EQUATOR_1 = _place("equator-1", 0.0, 1.0)
TOKYO = _place("tokyo", 35.68, 139.69)
SAN_FRANCISCO = _place("san-francisco", 37.77, -122.42)
DOHA = _place("doha", 25.28545, 51.53096)
WASHINGTON = _place("washington", 38.89511, -77.03637)

# Reference: half the WGS84 meridian is 10 001.965 729 km.
MERIDIAN_KM = 20003.931458625
# One degree of longitude on the WGS84 equator: 2π·6 378 137 m / 360.
EQUATOR_DEGREE_KM = 2 * math.pi * 6378.137 / 360


@pytest.mark.parametrize(
    ("origin", "target", "km", "tolerance_km"),
    [
        pytest.param(BAGRAM, KABUL, 47.138, 0.001, id="bagram-kabul"),
        pytest.param(KABUL, BAGRAM, 47.138, 0.001, id="kabul-bagram"),
        pytest.param(NORTH_POLE, SOUTH_POLE, MERIDIAN_KM, 1e-6, id="pole-to-pole"),
        pytest.param(EQUATOR_0, EQUATOR_1, EQUATOR_DEGREE_KM, 1e-6, id="equator-one-degree"),
        pytest.param(FIJI_WEST, FIJI_EAST, 106.486, 0.001, id="fiji-antimeridian"),
        pytest.param(FIJI_EAST, FIJI_WEST, 106.486, 0.001, id="fiji-antimeridian-back"),
        pytest.param(BAGRAM, BAGRAM, 0.0, 0.0, id="identical"),
    ],
)
def test_geodesic_distance_at_named_points(origin: Place, target: Place, km: float, tolerance_km: float) -> None:
    d = geodesic(origin, target)
    assert isinstance(d, Distance)
    assert d.origin == origin.id and d.target == target.id
    assert d.distance_km == pytest.approx(km, abs=tolerance_km)
    assert geodesic_km(origin, target) == pytest.approx(d.distance_km, abs=1e-6)


def test_bagram_to_kabul_rounds_like_the_story() -> None:
    d = geodesic(BAGRAM, KABUL)
    assert round(d.distance_km, 1) == 47.1
    assert d.bearing_deg == pytest.approx(190.4, abs=0.05)
    assert d.compass == "S"


def test_antimeridian_pair_is_short_not_around_the_world() -> None:
    d = geodesic(FIJI_WEST, FIJI_EAST)
    assert d.distance_km < 110
    assert d.distance_km < geodesic_km(FIJI_WEST, _place("far", -17.0, 0.0))
    # Heading east across the 180th meridian, and west on the way back.
    assert d.compass == "E"
    assert geodesic(FIJI_EAST, FIJI_WEST).compass == "W"


@pytest.mark.parametrize(
    ("origin", "target", "bearing", "word"),
    [
        pytest.param(BAGRAM, KABUL, 190.398, "S", id="bagram-kabul"),
        pytest.param(KABUL, BAGRAM, 10.345, "N", id="kabul-bagram"),
        pytest.param(EQUATOR_0, EQUATOR_1, 90.0, "E", id="equator-east"),
        pytest.param(EQUATOR_1, EQUATOR_0, 270.0, "W", id="equator-west"),
        pytest.param(NORTH_POLE, SOUTH_POLE, 180.0, "S", id="pole-to-pole"),
    ],
)
def test_geodesic_bearing(origin: Place, target: Place, bearing: float, word: str) -> None:
    d = geodesic(origin, target)
    assert d.bearing_deg == pytest.approx(bearing, abs=0.001)
    assert 0.0 <= d.bearing_deg < 360.0
    assert d.compass == word


def test_identical_points() -> None:
    d = geodesic(KABUL, KABUL)
    assert d.distance_km == 0.0
    assert 0.0 <= d.bearing_deg < 360.0
    assert d.compass in COMPASS_POINTS


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        pytest.param(BAGRAM, KABUL, id="bagram-kabul"),
        pytest.param(NORTH_POLE, SOUTH_POLE, id="pole-to-pole"),
        pytest.param(FIJI_WEST, FIJI_EAST, id="fiji-antimeridian"),
        pytest.param(EQUATOR_0, EQUATOR_1, id="equator-one-degree"),
        pytest.param(TOKYO, SAN_FRANCISCO, id="tokyo-san-francisco"),
        pytest.param(DOHA, WASHINGTON, id="doha-washington"),
        pytest.param(BAGRAM, DOHA, id="bagram-doha"),
    ],
)
def test_geodesic_agrees_with_geopy(origin: Place, target: Place) -> None:
    expected_km = geopy_geodesic((origin.lat, origin.lon), (target.lat, target.lon), ellipsoid="WGS-84").km
    assert abs(geodesic(origin, target).distance_km - expected_km) * 1000 < 1.0  # under a metre
    assert abs(geodesic_km(origin, target) - expected_km) * 1000 < 1.0


@pytest.mark.parametrize(
    ("bearing", "word"),
    [
        (0, "N"),
        (11.24, "N"),
        (11.25, "NNE"),
        (22.5, "NNE"),
        (33.74, "NNE"),
        (33.75, "NE"),
        (45, "NE"),
        (90, "E"),
        (135, "SE"),
        (168.74, "SSE"),
        (168.75, "S"),
        (180, "S"),
        (190.4, "S"),
        (270, "W"),
        (348.74, "NNW"),
        (348.75, "N"),
        (359, "N"),
        (359.999, "N"),
        (360, "N"),
        (-90, "W"),
        (450, "E"),
    ],
)
def test_compass_boundaries(bearing: float, word: str) -> None:
    assert compass(bearing) == word


def test_compass_points_are_the_sixteen_winds_in_order() -> None:
    assert len(COMPASS_POINTS) == 16
    assert [compass(i * 22.5) for i in range(16)] == list(COMPASS_POINTS)
