"""places.yaml: validation with messages that name the file, line and value."""

from __future__ import annotations

import pytest

from geo.errors import ConfigError
from geo.ingest.config import load_config, parse_config

VALID = """\
story:
  title: Test story
  focus: kabul
places:
  - id: kabul
    name: Kabul
    aliases: [the capital]
    kind: capital
    lat: 34.52813
    lon: 69.17233
    country: AF
  - id: doha
    name: Doha
    kind: capital
    lat: 25.28545
    lon: 51.53096
    country: QA
distances:
  - [kabul, doha]
"""

# (name, yaml text, expected line, words the message must contain)
BAD_CONFIGS = [
    ("yaml-syntax", VALID.replace("  focus: kabul", "  focus: [kabul"), None, ["invalid YAML"]),
    ("lat-out-of-range", VALID.replace("lat: 34.52813", "lat: 134.5"), 9, ["lat", "134.5"]),
    ("lon-out-of-range", VALID.replace("lon: 51.53096", "lon: -181"), 16, ["lon", "-181"]),
    ("lat-nan", VALID.replace("lat: 34.52813", "lat: .nan"), 9, ["lat"]),
    ("lat-text", VALID.replace("lat: 34.52813", "lat: north"), 9, ["lat", "north"]),
    ("unknown-kind", VALID.replace("kind: capital\n    lat: 25", "kind: metropolis\n    lat: 25"), 14, ["kind", "metropolis"]),
    ("unknown-key", VALID.replace("    country: QA", "    country: QA\n    colour: red"), 18, ["colour"]),
    ("bad-country", VALID.replace("country: QA", "country: Qatar"), 17, ["country", "Qatar"]),
    ("duplicate-id", VALID.replace("id: doha", "id: kabul"), 12, ["duplicate", "kabul"]),
    ("alias-twice", VALID.replace("    name: Doha", "    name: Doha\n    aliases: [The Capital]"), 14, ["The Capital", "kabul"]),
    ("unknown-distance-place", VALID.replace("[kabul, doha]", "[kabul, paris]"), 19, ["unknown place", "paris"]),
    ("unknown-focus", VALID.replace("focus: kabul", "focus: bagram"), 3, ["focus", "bagram"]),
    ("missing-title", VALID.replace("  title: Test story\n", ""), 2, ["title"]),
    ("bad-id", VALID.replace("id: doha", "id: Doha City"), 12, ["id", "Doha City"]),
    ("not-a-mapping", "- just\n- a list\n", 1, ["mapping"]),
]


def test_valid_config_parses():
    config = parse_config(VALID, "places.yaml")
    assert config.story.title == "Test story"
    assert [p.id for p in config.places] == ["kabul", "doha"]
    assert config.place("kabul").aliases == ("the capital",)
    assert config.distances == (("kabul", "doha"),)


@pytest.mark.parametrize(("text", "line", "words"), [c[1:] for c in BAD_CONFIGS], ids=[c[0] for c in BAD_CONFIGS])
def test_bad_config_names_file_line_and_value(text, line, words):
    with pytest.raises(ConfigError) as info:
        parse_config(text, "stories/places.yaml")
    message = str(info.value)
    assert message.startswith("stories/places.yaml")
    if line is not None:
        assert f"line {line}:" in message
    for word in words:
        assert word in message


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(ConfigError) as info:
        parse_config(VALID.replace("  focus: kabul", "  focus: [kabul"), "p.yaml")
    assert info.value.line is not None


def test_config_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_config("story: {}\n", "p.yaml")


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "places.yaml")


def test_repository_places_yaml_is_valid(repo):
    config = load_config(repo / "places.yaml")
    ids = {p.id for p in config.places}
    required = {
        "bagram-air-base", "kabul", "hamid-karzai-international-airport", "doha", "washington", "afghanistan",
        "united-states", "china", "russia", "united-kingdom", "lop-nur",
    }
    assert required <= ids
    assert config.story.focus == "bagram-air-base"
    bagram = config.place("bagram-air-base")
    assert abs(bagram.lat - 34.946) < 0.01 and abs(bagram.lon - 69.265) < 0.01
    assert ("bagram-air-base", "kabul") in config.distances


@pytest.mark.parametrize(
    ("place_id", "name"),
    [("kabul", "Kabul"), ("doha", "Doha"), ("washington", "Washington")],
)
def test_curated_cities_agree_with_the_offline_gazetteer(repo, gazetteer, place_id, name):
    """Curated coordinates of cities are checked against GeoNames (within 5 km)."""
    from geo.measure.distance import geodesic_km

    place = load_config(repo / "places.yaml").place(place_id)
    best = max((c for c in gazetteer.lookup(name) if c.kind in ("capital", "city")), key=lambda c: c.population)
    assert best.country == place.country
    assert geodesic_km(place, best) < 5
