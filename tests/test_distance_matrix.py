"""The vectorised distance matrix against per-pair geodesics (ours and geopy's)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geopy.distance import geodesic as geopy_geodesic

from geo.measure import distance as distance_module
from geo.measure.distance import distance_matrix, geodesic
from geo.model import Place

MM_KM = 1e-6  # one millimetre, in kilometres
# geodesic() rounds bearings to 1e-6 degrees; allow that and a little more.
BEARING_TOLERANCE_DEG = 2e-6


def _place(place_id: str, lat: float, lon: float) -> Place:
    return Place(place_id, place_id.replace("-", " ").title(), "other", lat, lon)


PLACES = [
    _place("bagram", 34.9461, 69.2650),
    _place("kabul", 34.52813, 69.17233),
    # The shortest path between these two crosses the 180th meridian.
    _place("tokyo", 35.68, 139.69),
    _place("san-francisco", 37.77, -122.42),
    _place("fiji-west", -17.0, 179.5),
    _place("fiji-east", -17.0, -179.5),
    _place("north-pole", 90.0, 0.0),
    _place("south-pole", -90.0, 0.0),
    # The same pole written with another longitude: 0 km from north-pole.
    _place("north-pole-lon-45", 90.0, 45.0),
    _place("doha", 25.28545, 51.53096),
    _place("washington", 38.89511, -77.03637),
    # Kabul again under another id: two distinct entries at the same place.
    _place("kabul-again", 34.52813, 69.17233),
    # Nearly antipodal to Doha (the antipode is -25.28545, -128.46904).
    _place("doha-antipode-ish", -25.28, -128.47),
    # Exactly antipodal pairs: on the equator, and off it (the geodesic is not unique).
    _place("equator-0", 0.0, 0.0),
    _place("equator-180", 0.0, 180.0),
    _place("north-20", 20.0, 10.0),
    _place("south-20", -20.0, -170.0),
    _place("wellington", -41.28664, 174.77557),
    _place("madrid", 40.4165, -3.70256),
]
INDEX = {p.id: k for k, p in enumerate(PLACES)}


def _matrix(places: list[Place], **kwargs: int) -> tuple[np.ndarray, np.ndarray]:
    return distance_matrix([p.lat for p in places], [p.lon for p in places], **kwargs)


def _angle_gap(a: float, b: float) -> float:
    """The absolute difference of two bearings in degrees, across north."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


@pytest.fixture(scope="module")
def matrix() -> tuple[np.ndarray, np.ndarray]:
    return _matrix(PLACES)


def test_shapes_types_and_diagonal(matrix: tuple[np.ndarray, np.ndarray]) -> None:
    km, bearing = matrix
    n = len(PLACES)
    assert km.shape == bearing.shape == (n, n)
    assert km.dtype == bearing.dtype == np.float64
    assert np.all(np.diag(km) == 0.0)
    assert np.all(np.isnan(np.diag(bearing)))
    off = ~np.eye(n, dtype=bool)
    assert not np.isnan(bearing[off]).any()
    assert np.all((bearing[off] >= 0.0) & (bearing[off] < 360.0))
    assert np.all(km[off] >= 0.0)


def test_every_pair_agrees_with_geodesic(matrix: tuple[np.ndarray, np.ndarray]) -> None:
    km, bearing = matrix
    failures = []
    for i, origin in enumerate(PLACES):
        for j, target in enumerate(PLACES):
            if i == j:
                continue
            d = geodesic(origin, target)
            if abs(km[i, j] - d.distance_km) > MM_KM:
                failures.append(f"{origin.id}->{target.id}: {km[i, j]} km, geodesic {d.distance_km} km")
            if _angle_gap(bearing[i, j], d.bearing_deg) > BEARING_TOLERANCE_DEG:
                failures.append(f"{origin.id}->{target.id}: {bearing[i, j]}°, geodesic {d.bearing_deg}°")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("origin", "target", "km", "bearing"),
    [
        # Independent figures: Bagram-Kabul as in geodesic()'s doctest, a quarter
        # meridian from the pole, half the WGS84 meridian between antipodes.
        ("bagram", "kabul", 47.1, 190.0),
        ("north-pole", "equator-0", 10001.965729, 180.0),
        ("south-pole", "equator-0", 10001.965729, 0.0),
        ("north-pole", "south-pole", 20003.931459, 180.0),
        ("south-pole", "north-pole", 20003.931459, 0.0),
        ("equator-0", "equator-180", 20003.931459, 0.0),
        ("kabul", "kabul-again", 0.0, None),
        ("north-pole", "north-pole-lon-45", 0.0, None),
    ],
)
def test_known_values(
    matrix: tuple[np.ndarray, np.ndarray], origin: str, target: str, km: float, bearing: float | None
) -> None:
    i, j = INDEX[origin], INDEX[target]
    assert matrix[0][i, j] == pytest.approx(km, abs=0.05 if km == 47.1 else 1e-6)
    if bearing is not None:
        assert _angle_gap(matrix[1][i, j], bearing) < (0.5 if km == 47.1 else 1e-9)


def test_antimeridian_tokyo_san_francisco(matrix: tuple[np.ndarray, np.ndarray]) -> None:
    km, bearing = matrix
    t, s = INDEX["tokyo"], INDEX["san-francisco"]
    # Over the Pacific, not the long way round: about 8 260 km, heading east-north-east.
    assert 8200 < km[t, s] < 8300
    assert 40 < bearing[t, s] < 60
    assert 290 < bearing[s, t] < 310
    # Two points 1° of longitude apart across the antimeridian are ~106 km apart.
    w, e = INDEX["fiji-west"], INDEX["fiji-east"]
    assert km[w, e] == pytest.approx(106.5, abs=0.5)
    assert _angle_gap(bearing[w, e], 90.0) < 0.2
    assert _angle_gap(bearing[e, w], 270.0) < 0.2


def test_distances_are_symmetric_bearings_are_not(matrix: tuple[np.ndarray, np.ndarray]) -> None:
    km, bearing = matrix
    np.testing.assert_array_equal(km, km.T)
    t, s = INDEX["tokyo"], INDEX["san-francisco"]
    # The bearing back is not the bearing out reversed: great circles curve.
    assert _angle_gap(bearing[s, t], (bearing[t, s] + 180.0) % 360.0) > 10


def test_identical_points_are_zero_km_apart(matrix: tuple[np.ndarray, np.ndarray]) -> None:
    km, _ = matrix
    assert km[INDEX["kabul"], INDEX["kabul-again"]] == 0.0
    assert km[INDEX["north-pole"], INDEX["north-pole-lon-45"]] == 0.0
    # ...and only those.
    n = len(PLACES)
    assert np.count_nonzero(km == 0.0) == n + 4


def test_block_size_does_not_change_the_result(matrix: tuple[np.ndarray, np.ndarray]) -> None:
    km, bearing = matrix
    for block_rows in (1, 2, 5, len(PLACES) - 1, len(PLACES), 1000):
        other_km, other_bearing = _matrix(PLACES, block_rows=block_rows)
        np.testing.assert_array_equal(other_km, km)
        np.testing.assert_array_equal(other_bearing, bearing)


def test_blocks_bound_the_pairs_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = distance_module.WGS84

    class Spy:
        def inv(self, *args):  # type: ignore[no-untyped-def]
            calls.append(len(args[0]))
            return real.inv(*args)

    monkeypatch.setattr(distance_module, "WGS84", Spy())
    rng = np.random.default_rng(7)
    n = 50
    distance_matrix(rng.uniform(-80, 80, n), rng.uniform(-180, 180, n), block_rows=8)
    assert max(calls) <= 8 * n
    # The upper triangle only (random latitudes never tie, so no reversed calls).
    assert sum(calls) == n * (n - 1) // 2


def test_random_points_agree_with_geopy() -> None:
    rng = np.random.default_rng(20240601)
    n = 60
    lats = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))  # uniform on the sphere
    lons = rng.uniform(-180.0, 180.0, n)
    # Include a few exact coordinates geopy and PROJ must both handle.
    lats[:4] = [90.0, -90.0, 0.0, 0.0]
    lons[:4] = [0.0, 0.0, 0.0, 180.0]
    km, _ = distance_matrix(lats, lons)
    worst = 0.0
    for i in range(n):
        for j in range(n):
            if i != j:
                expected = geopy_geodesic((lats[i], lons[i]), (lats[j], lons[j])).km
                worst = max(worst, abs(km[i, j] - expected))
    assert worst <= MM_KM, f"worst disagreement with geopy: {worst * 1e6:.3f} mm"


def test_random_points_bearings_agree_with_geodesic() -> None:
    rng = np.random.default_rng(99)
    n = 40
    lats = rng.uniform(-90.0, 90.0, n)
    lons = rng.uniform(-540.0, 540.0, n)  # longitudes outside [-180, 180] are valid
    # Ties in absolute latitude, where the reversed call is needed.
    lats[1], lats[2], lats[3] = lats[0], -lats[0], lats[0]
    lons[3] = lons[0] + 180.0
    places = [_place(f"p{k}", float(a), float(o)) for k, (a, o) in enumerate(zip(lats, lons, strict=True))]
    km, bearing = _matrix(places)
    for i, origin in enumerate(places):
        for j, target in enumerate(places):
            if i != j:
                d = geodesic(origin, target)
                assert abs(km[i, j] - d.distance_km) <= MM_KM, (i, j)
                assert _angle_gap(bearing[i, j], d.bearing_deg) <= BEARING_TOLERANCE_DEG, (i, j)


def test_empty_and_single_point() -> None:
    km, bearing = distance_matrix([], [])
    assert km.shape == bearing.shape == (0, 0)
    km, bearing = distance_matrix([51.5], [-0.12])
    assert km.tolist() == [[0.0]]
    assert math.isnan(bearing[0, 0])


@pytest.mark.parametrize(
    ("lats", "lons", "message"),
    [
        ([1.0, 2.0], [1.0], "same length"),
        ([91.0, 0.0], [0.0, 0.0], r"\[-90, 90\]; lats\[0\] is 91"),
        ([0.0, -90.5], [0.0, 0.0], r"lats\[1\] is -90.5"),
        ([0.0, math.nan], [0.0, 0.0], r"lats must be finite; lats\[1\] is nan"),
        ([0.0, 0.0], [0.0, math.inf], r"lons must be finite; lons\[1\] is inf"),
        ([[0.0, 1.0]], [[0.0, 1.0]], "one-dimensional"),
        (["north", 0.0], [0.0, 0.0], "lats must be numbers"),
        ([0.0, 0.0], [{}, 0.0], "lons must be numbers"),
        # NumPy reads None as NaN.
        ([0.0, 0.0], [None, 0.0], r"lons must be finite; lons\[0\] is nan"),
    ],
)
def test_invalid_input_raises(lats: list, lons: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        distance_matrix(lats, lons)


@pytest.mark.parametrize("block_rows", [0, -3, 2.5, True])
def test_invalid_block_rows_raises(block_rows: object) -> None:
    with pytest.raises(ValueError, match="block_rows"):
        distance_matrix([0.0, 1.0], [0.0, 1.0], block_rows=block_rows)  # type: ignore[arg-type]


def test_exported() -> None:
    assert "distance_matrix" in distance_module.__all__
