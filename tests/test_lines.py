"""Great-circle lines for the map: densified geodesics cut at the antimeridian."""

from __future__ import annotations

import pytest
from pyproj import Geod

from geo.measure.lines import STEP_KM, great_circle, midpoint

GEOD = Geod(ellps="WGS84")

# (lat, lon)
TOKYO = (35.68, 139.69)
SAN_FRANCISCO = (37.77, -122.42)
BAGRAM = (34.9461, 69.2650)
KABUL = (34.52813, 69.17233)
FIJI_WEST = (-17.0, 179.5)
FIJI_EAST = (-17.0, -179.5)
AUCKLAND = (-36.85, 174.76)
LOS_ANGELES = (34.05, -118.24)
DOHA = (25.28545, 51.53096)
WASHINGTON = (38.89511, -77.03637)

CROSSING = [
    pytest.param(TOKYO, SAN_FRANCISCO, id="tokyo-san-francisco"),
    pytest.param(SAN_FRANCISCO, TOKYO, id="san-francisco-tokyo"),
    pytest.param(FIJI_WEST, FIJI_EAST, id="fiji-west-east"),
    pytest.param(FIJI_EAST, FIJI_WEST, id="fiji-east-west"),
    pytest.param(AUCKLAND, LOS_ANGELES, id="auckland-los-angeles"),
]
NOT_CROSSING = [
    pytest.param(BAGRAM, KABUL, id="bagram-kabul"),
    pytest.param(DOHA, WASHINGTON, id="doha-washington"),
    pytest.param(BAGRAM, DOHA, id="bagram-doha"),
]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic km between two (lon, lat) vertices."""
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def test_tokyo_to_san_francisco_has_two_parts() -> None:
    parts = great_circle(*TOKYO, *SAN_FRANCISCO)
    assert len(parts) == 2
    first, second = parts
    assert first[0] == (TOKYO[1], TOKYO[0])
    assert second[-1] == (SAN_FRANCISCO[1], SAN_FRANCISCO[0])
    assert first[-1][0] == 180.0
    assert second[0][0] == -180.0
    assert first[-1][1] == second[0][1]
    # The great circle from Tokyo to San Francisco bulges north of both cities.
    assert first[-1][1] > max(TOKYO[0], SAN_FRANCISCO[0])


@pytest.mark.parametrize(("a", "b"), CROSSING)
def test_crossing_lines_are_cut_on_the_antimeridian(a: tuple[float, float], b: tuple[float, float]) -> None:
    parts = great_circle(*a, *b)
    assert len(parts) == 2
    for part in parts:
        assert len(part) >= 2
        for (lon1, _), (lon2, _) in zip(part, part[1:]):
            assert abs(lon2 - lon1) < 180.0
        assert all(-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0 for lon, lat in part)
    end, start = parts[0][-1], parts[1][0]
    assert abs(end[0]) == 180.0 and start[0] == -end[0]
    assert end[1] == start[1]
    # Heading east the first part ends at +180; heading west at -180.
    assert end[0] == (180.0 if a[1] > 0 else -180.0)
    assert parts[0][0] == (a[1], a[0])
    assert parts[-1][-1] == (b[1], b[0])


@pytest.mark.parametrize(("a", "b"), NOT_CROSSING)
def test_lines_that_do_not_cross_have_one_part(a: tuple[float, float], b: tuple[float, float]) -> None:
    parts = great_circle(*a, *b)
    assert len(parts) == 1
    line = parts[0]
    assert line[0] == (a[1], a[0]) and line[-1] == (b[1], b[0])
    for (lon1, _), (lon2, _) in zip(line, line[1:]):
        assert abs(lon2 - lon1) < 180.0


def test_short_line_is_its_two_end_points() -> None:
    parts = great_circle(*BAGRAM, *KABUL)
    assert parts == [[(BAGRAM[1], BAGRAM[0]), (KABUL[1], KABUL[0])]]


def test_identical_points_give_a_degenerate_single_part() -> None:
    assert great_circle(*KABUL, *KABUL) == [[(KABUL[1], KABUL[0]), (KABUL[1], KABUL[0])]]


@pytest.mark.parametrize("step_km", [STEP_KM, 10.0, 500.0])
@pytest.mark.parametrize(("a", "b"), [*CROSSING, *NOT_CROSSING])
def test_vertex_spacing_is_at_most_the_step(a: tuple[float, float], b: tuple[float, float], step_km: float) -> None:
    parts = great_circle(*a, *b, step_km=step_km)
    total = _km((a[1], a[0]), (b[1], b[0]))
    count = 0
    for part in parts:
        for v1, v2 in zip(part, part[1:]):
            # Rounding to 5 decimals moves a vertex by about a metre at most.
            assert _km(v1, v2) <= step_km + 0.01
            count += 1
    assert count >= total / step_km - 1e-9
    # The vertices follow the geodesic: the sum of the pieces is its length.
    assert sum(_km(v1, v2) for part in parts for v1, v2 in zip(part, part[1:])) == pytest.approx(total, rel=1e-4)


def test_precision_rounds_vertices() -> None:
    for part in great_circle(*TOKYO, *SAN_FRANCISCO, precision=2):
        for lon, lat in part:
            assert round(lon, 2) == lon and round(lat, 2) == lat


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(TOKYO, SAN_FRANCISCO, id="tokyo-san-francisco"),
        pytest.param(BAGRAM, KABUL, id="bagram-kabul"),
        pytest.param(FIJI_WEST, FIJI_EAST, id="fiji-antimeridian"),
        pytest.param(DOHA, WASHINGTON, id="doha-washington"),
        pytest.param((0.0, 0.0), (0.0, 1.0), id="equator"),
    ],
)
def test_midpoint_is_equidistant(a: tuple[float, float], b: tuple[float, float]) -> None:
    lat, lon = midpoint(*a, *b)
    assert -90.0 <= lat <= 90.0 and -180.0 <= lon < 180.0
    to_a = GEOD.inv(lon, lat, a[1], a[0])[2]
    to_b = GEOD.inv(lon, lat, b[1], b[0])[2]
    total = GEOD.inv(a[1], a[0], b[1], b[0])[2]
    assert abs(to_a - to_b) < 1.0
    assert to_a + to_b == pytest.approx(total, abs=2.0)  # on the geodesic, not beside it


def test_midpoint_across_the_antimeridian_is_on_it() -> None:
    lat, lon = midpoint(*FIJI_WEST, *FIJI_EAST)
    assert abs(lon) == 180.0
    assert lat == pytest.approx(-17.0, abs=0.01)
