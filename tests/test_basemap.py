"""The offline basemap's detail: which layers and names a story's view gets, and how much."""

from __future__ import annotations

import shapely

from geo.measure import basemap
from geo.measure.basemap import POINT_BUDGET, basemap_detail, detail_box

KENTUCKY = [[36.5, -86.5], [37.5, -83.5]]  # a county-level story
EUROPE = [[36.0, -10.0], [60.0, 30.0]]  # a continental one
WORLD = [[-35.0, -120.0], [60.0, 150.0]]


def _decode(flat: tuple[int, ...]) -> list[tuple[float, float]]:
    points, x, y = [], 0, 0
    for i in range(0, len(flat), 2):
        x, y = x + flat[i], y + flat[i + 1]
        points.append((x / 1000, y / 1000))
    return points


def _points(detail) -> int:
    return sum(len(part) // 2 for layer in detail.layers.values() for geometry in layer for part in geometry)


def test_the_box_holds_the_view_on_a_wide_and_a_tall_screen():
    south, west, north, east = detail_box(KENTUCKY)
    assert south < 36.5 and north > 37.5 and west < -86.5 and east > -83.5
    # Square on the ground: the north-south reach is as long as the east-west one.
    lat_km = (north - south) * 111.2
    lon_km = (east - west) * 111.2 * 0.8
    assert 0.8 < lat_km / lon_km < 1.25
    # A view of one town still gets its neighbours.
    s, w, n, e = detail_box([[37.0, -85.9], [37.0, -85.9]])
    assert n - s >= 4.0 and e - w >= 4.0


def test_a_county_level_story_gets_every_layer_and_the_names_around_it():
    detail = basemap_detail(KENTUCKY)
    for layer in ("land", "coast", "rivers", "counties", "divisions"):
        assert detail.layers[layer], layer
    names = {(label.kind, label.name) for label in detail.labels}
    assert {("region", "Kentucky"), ("region", "Tennessee"), ("county", "Barren"), ("county", "Laurel")} <= names
    assert ("region-repeat", "Kentucky") in names  # written again among its towns
    assert ("country", "France") in names and ("capital", "Paris") in names  # the world's, from any view
    # Every point of every line is inside the box (the detail is cut to it).
    south, west, north, east = detail.box
    for layer in detail.layers.values():
        for geometry in layer:
            for x, y in _decode(geometry[0]):
                assert west - 0.002 <= x <= east + 0.002 and south - 0.002 <= y <= north + 0.002


def test_the_state_line_between_kentucky_and_tennessee_is_where_it_is():
    detail = basemap_detail(KENTUCKY)
    lines = [shapely.LineString(_decode(g[0])) for g in detail.layers["divisions"]]
    # The line runs near 36.6°N south of Bowling Green (at 86.45°W).
    near = shapely.Point(-86.45, 36.63)
    assert min(line.distance(near) for line in lines) < 0.05


def test_a_continental_story_has_no_counties_and_stays_within_the_budget():
    detail = basemap_detail(EUROPE)
    assert not detail.layers["counties"] and detail.layers["divisions"] and detail.layers["borders"]
    assert not any(label.kind == "county" for label in detail.labels)
    assert _points(detail) <= POINT_BUDGET


def test_a_world_story_is_drawn_on_the_world_basemap_with_names_only():
    detail = basemap_detail(WORLD)
    assert detail.box is None
    assert not any(detail.layers.values())
    assert {label.kind for label in detail.labels} >= {"country", "capital"}


def test_the_same_view_gives_the_same_detail():
    assert basemap_detail(KENTUCKY) == basemap_detail(KENTUCKY)
    basemap._layer.cache_clear()
    assert basemap_detail(KENTUCKY).layers == basemap_detail(KENTUCKY).layers


def test_a_named_country_follows_the_coast_and_border_where_the_story_is():
    from shapely.geometry import Point

    from geo.measure.basemap import land_within
    from geo.measure.outlines import country_polygons, outline_in_box

    detail = basemap_detail([[42.3, -83.0], [43.7, -79.4]])  # southwestern Ontario
    coarse = country_polygons()["CAN"]
    fine = outline_in_box("CAN", coarse, detail.box, detail.tolerance, land_within(detail.box))
    lake_erie, london_ontario, detroit = Point(-81.3, 42.2), Point(-81.23, 42.98), Point(-83.05, 42.33)
    assert coarse.contains(lake_erie) and not fine.contains(lake_erie)  # water stays water
    assert fine.contains(london_ontario) and not fine.contains(detroit)
    far = Point(-110.0, 55.0)  # Alberta, outside the box: the world outline
    assert fine.contains(far)
    assert outline_in_box("CAN", coarse, None, detail.tolerance) is coarse
