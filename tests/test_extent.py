"""The first view: the smallest box holding most of a story's mentions, robust to a far outlier."""

from __future__ import annotations

import pytest

from geo.measure.extent import core_bounds


def test_one_far_place_does_not_stretch_the_view():
    kentucky = [(37.0, -85.9, 5.0), (37.13, -84.08, 4.0), (36.98, -85.61, 3.0), (36.99, -86.44, 2.0)]
    paris = (48.85, 2.35, 1.0)
    (south, west), (north, east) = core_bounds([*kentucky, paris])
    assert (south, west, north, east) == (36.98, -86.44, 37.13, -84.08)  # Kentucky only: 14 of 15 mentions


def test_a_story_on_two_continents_keeps_both_when_both_weigh():
    points = [(37.0, -85.9, 5.0), (37.1, -84.1, 5.0), (15.5, 32.5, 5.0), (9.0, 38.7, 5.0)]
    (south, west), (north, east) = core_bounds(points)
    assert west < -84 and east > 32  # 80 % of the mentions need both regions


def test_a_heavy_outlier_is_in_the_view():
    (south, west), (north, east) = core_bounds([(34.5, 69.2, 1.0), (25.3, 51.5, 9.0)])
    assert north >= 25.3 and south <= 25.3  # the place most mentioned is never left out


@pytest.mark.parametrize("points", [[], [(10.0, 20.0, 0.0)]])
def test_degenerate_inputs(points):
    bounds = core_bounds(points)
    assert bounds is None if not points else bounds == [[10.0, 20.0], [10.0, 20.0]]
