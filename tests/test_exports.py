"""GIS exports: GeoJSON (RFC 7946) of places and distances, CSV of mentions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from geo.ingest.articles import load_articles
from geo.measure.distance import geodesic
from geo.model import Article, Mention, Place, Span, Story
from geo.render.exports import MENTION_COLUMNS, distances_geojson, mentions_csv, places_geojson
from geo.text.normalise import name_key
from geo.text.sentences import sentence_spans

BAGRAM = Place("bagram-air-base", "Bagram Air Base", "airbase", 34.9461, 69.265, "AF",
               aliases=("Bagram",), note="runways")
KABUL = Place("kabul", "Kabul", "capital", 34.52813, 69.17233, "AF", geonameid=1138958)
# Apia lies east of the 180th meridian: the geodesic from Kabul crosses it.
APIA = Place("apia", "Apia", "capital", -13.83333, -171.76666, "WS", source="geonames", confidence=0.8)

ARTICLE_A = Article(
    name="a-bagram.md",
    slug="a-bagram",
    title="Bagram",
    text=(
        "Officials in Kabul said Bagram Air Base will stay Afghan.\n"
        "The base lies  north of Kabul. Nobody   asked  in Zyxville.\n"
    ),
)
ARTICLE_B = Article(
    name="b-pacific.txt",
    slug="b-pacific",
    title="Pacific",
    text="Pacific leaders met in Apia on Monday. Someone flew to Bagram from Apia.",
)


def _mention(article: Article, surface: str, nth: int = 0, place_id: str | None = None,
             finder: str = "alias") -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(surface, start + 1)
    end = start + len(surface)
    sentence = next(s for s in sentence_spans(article.text) if s.contains(start, end))
    return Mention(article.name, start, end, surface, " ".join(name_key(surface)), sentence, place_id, finder)


MENTIONS = (
    _mention(ARTICLE_A, "Kabul", 0, "kabul"),
    _mention(ARTICLE_A, "Bagram Air Base", 0, "bagram-air-base"),
    _mention(ARTICLE_A, "Kabul", 1, "kabul"),
    _mention(ARTICLE_B, "Apia", 0, "apia"),
    _mention(ARTICLE_B, "Bagram", 0, "bagram-air-base"),
    _mention(ARTICLE_B, "Apia", 1, "apia"),
)
UNRESOLVED = (_mention(ARTICLE_A, "Zyxville", 0, None, "context"),)
PAIRS = (("bagram-air-base", "kabul"), ("kabul", "apia"))
DISTANCES = (
    geodesic(BAGRAM, KABUL),
    geodesic(KABUL, APIA),
    geodesic(BAGRAM, APIA),  # computed but not a pair: not exported
)
STORY = Story(
    title="Test story",
    focus="bagram-air-base",
    articles=(ARTICLE_A, ARTICLE_B),
    places=(BAGRAM, KABUL, APIA),
    mentions=MENTIONS,
    distances=DISTANCES,
    unresolved=UNRESOLVED,
    pairs=PAIRS,
)
TEXTS = {a.name: a.text for a in STORY.articles}


@pytest.fixture(scope="module")
def places() -> dict:
    return json.loads(places_geojson(STORY))


@pytest.fixture(scope="module")
def distances() -> dict:
    return json.loads(distances_geojson(STORY))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(mentions_csv(STORY))))


def _feature(collection: dict, key: str, value: str) -> dict:
    matches = [f for f in collection["features"] if f["properties"][key] == value]
    assert len(matches) == 1, value
    return matches[0]


def test_hand_built_mentions_are_consistent() -> None:
    for m in (*MENTIONS, *UNRESOLVED):
        assert TEXTS[m.article][m.start : m.end] == m.text
        assert m.sentence.contains(m.start, m.end)


# --- places ---------------------------------------------------------------


def test_places_is_an_rfc7946_feature_collection(places: dict) -> None:
    text = places_geojson(STORY)
    assert text.endswith("\n")
    assert places["type"] == "FeatureCollection"
    assert "crs" not in places
    assert len(places["features"]) == 3
    for feature in places["features"]:
        assert feature["type"] == "Feature"
        assert "id" not in feature
        assert feature["geometry"]["type"] == "Point"


def test_places_are_in_story_order(places: dict) -> None:
    assert [f["properties"]["id"] for f in places["features"]] == ["bagram-air-base", "kabul", "apia"]


@pytest.mark.parametrize("place", [BAGRAM, KABUL, APIA], ids=lambda p: p.id)
def test_place_coordinates_are_lon_lat(places: dict, place: Place) -> None:
    lon, lat = _feature(places, "id", place.id)["geometry"]["coordinates"]
    assert lon == pytest.approx(place.lon, abs=1e-6)
    assert lat == pytest.approx(place.lat, abs=1e-6)


@pytest.mark.parametrize("place", [BAGRAM, KABUL, APIA], ids=lambda p: p.id)
def test_place_properties(places: dict, place: Place) -> None:
    props = _feature(places, "id", place.id)["properties"]
    assert {"id", "name", "kind", "country", "source", "confidence", "mentions"} <= set(props)
    assert props["name"] == place.name
    assert props["kind"] == place.kind
    assert props["country"] == place.country
    assert props["source"] == place.source
    assert props["confidence"] == place.confidence
    assert props["geonameid"] == place.geonameid


@pytest.mark.parametrize("place", [BAGRAM, KABUL, APIA], ids=lambda p: p.id)
def test_place_mentions(places: dict, place: Place) -> None:
    mentions = _feature(places, "id", place.id)["properties"]["mentions"]
    expected = [m for m in MENTIONS if m.place_id == place.id]
    assert len(mentions) == len(expected) == 2
    for got, m in zip(mentions, expected):
        assert set(got) == {"article", "start", "end", "text", "sentence", "role"}
        assert got["role"] == m.role
        assert (got["article"], got["start"], got["end"], got["text"]) == (m.article, m.start, m.end, m.text)
        text = TEXTS[got["article"]]
        assert text[got["start"] : got["end"]] == got["text"]
        assert got["sentence"] == text[m.sentence.start : m.sentence.end]
        assert got["text"] in got["sentence"]


def test_unresolved_mentions_are_not_places(places: dict) -> None:
    ids = {f["properties"]["id"] for f in places["features"]}
    assert None not in ids
    texts = {m["text"] for f in places["features"] for m in f["properties"]["mentions"]}
    assert "Zyxville" not in texts


def test_place_without_mentions_has_an_empty_list() -> None:
    story = Story("t", None, (ARTICLE_A,), (KABUL,), (), ())
    data = json.loads(places_geojson(story))
    assert data["features"][0]["properties"]["mentions"] == []


def test_empty_story_gives_an_empty_collection() -> None:
    story = Story("t", None, (), (), (), ())
    for text in (places_geojson(story), distances_geojson(story)):
        data = json.loads(text)
        assert data == {"type": "FeatureCollection", "features": []}


# --- distances ------------------------------------------------------------


def test_distances_only_for_pairs(distances: dict) -> None:
    assert distances["type"] == "FeatureCollection"
    assert "crs" not in distances
    pairs = [(f["properties"]["from"], f["properties"]["to"]) for f in distances["features"]]
    assert pairs == list(PAIRS)


def test_short_distance_is_a_line_string(distances: dict) -> None:
    feature = _feature(distances, "to", "kabul")
    d = DISTANCES[0]
    props = feature["properties"]
    assert set(props) >= {"from", "to", "distance_km", "bearing_deg", "compass"}
    assert props["distance_km"] == pytest.approx(47.138, abs=0.001)
    assert props["distance_km"] == round(d.distance_km, 3)
    assert props["bearing_deg"] == round(d.bearing_deg, 2)
    assert props["compass"] == "S"
    geometry = feature["geometry"]
    assert geometry["type"] == "LineString"
    assert geometry["coordinates"][0] == pytest.approx([BAGRAM.lon, BAGRAM.lat])
    assert geometry["coordinates"][-1] == pytest.approx([KABUL.lon, KABUL.lat])


def test_antimeridian_distance_is_a_multi_line_string(distances: dict) -> None:
    feature = _feature(distances, "to", "apia")
    d = DISTANCES[1]
    assert feature["properties"]["from"] == "kabul"
    assert feature["properties"]["distance_km"] == round(d.distance_km, 3)
    assert feature["properties"]["bearing_deg"] == round(d.bearing_deg, 2)
    assert feature["properties"]["compass"] == d.compass
    geometry = feature["geometry"]
    assert geometry["type"] == "MultiLineString"
    first, second = geometry["coordinates"]
    assert first[0] == pytest.approx([KABUL.lon, KABUL.lat])
    assert second[-1] == pytest.approx([APIA.lon, APIA.lat])
    assert first[-1][0] == 180.0 and second[0][0] == -180.0
    assert first[-1][1] == second[0][1]
    for part in (first, second):
        for (lon1, lat1), (lon2, lat2) in zip(part, part[1:]):
            assert abs(lon2 - lon1) < 180.0
            assert -90 <= lat1 <= 90 and -90 <= lat2 <= 90


# --- mentions CSV ---------------------------------------------------------


def test_csv_header() -> None:
    header = mentions_csv(STORY).splitlines()[0]
    assert header.split(",") == MENTION_COLUMNS
    assert MENTION_COLUMNS == [
        "article", "start", "end", "text", "place_id", "place_name", "kind",
        "lat", "lon", "source", "finder", "role", "sentence", "status",
    ]


def test_csv_has_one_row_per_mention_in_text_order(rows: list[dict[str, str]]) -> None:
    everything = sorted((*MENTIONS, *UNRESOLVED), key=lambda m: (m.article, m.start))
    assert len(rows) == len(MENTIONS) + len(UNRESOLVED) == 7
    assert [(r["article"], int(r["start"]), int(r["end"])) for r in rows] == [
        (m.article, m.start, m.end) for m in everything
    ]
    for row in rows:
        assert TEXTS[row["article"]][int(row["start"]) : int(row["end"])] == row["text"]


def test_csv_resolved_rows(rows: list[dict[str, str]]) -> None:
    by_id = {p.id: p for p in STORY.places}
    for row in rows:
        if not row["place_id"]:
            continue
        place = by_id[row["place_id"]]
        assert row["place_name"] == place.name
        assert row["kind"] == place.kind
        assert row["lat"] == f"{place.lat:.6f}" and row["lon"] == f"{place.lon:.6f}"
        assert row["source"] == place.source
        assert row["finder"] == "alias"


def test_csv_unresolved_row(rows: list[dict[str, str]]) -> None:
    [row] = [r for r in rows if r["text"] == "Zyxville"]
    assert row["place_id"] == row["place_name"] == row["kind"] == row["lat"] == row["lon"] == ""
    assert row["source"] == "unresolved"
    assert row["finder"] == "context"
    assert row["sentence"] == "Nobody asked in Zyxville."


def test_csv_sentences_have_collapsed_whitespace(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert "  " not in row["sentence"] and "\n" not in row["sentence"]
        assert row["text"] in row["sentence"]
    [row] = [r for r in rows if r["article"] == ARTICLE_A.name and r["start"] == str(MENTIONS[2].start)]
    assert row["sentence"] == "The base lies north of Kabul."


# --- the seed story's committed exports --------------------------------------


def test_seed_places_geojson_has_bagram(repo: Path) -> None:
    data = json.loads((repo / "maps" / "places.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    feature = _feature(data, "id", "bagram-air-base")
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert lon == pytest.approx(69.265, abs=1e-3)
    assert lat == pytest.approx(34.946, abs=1e-3)
    assert feature["properties"]["mentions"], "Bagram is mentioned in the seed articles"


def test_seed_places_geojson_mentions_index_the_articles(repo: Path) -> None:
    articles, problems = load_articles(repo / "articles")
    assert not problems
    texts = {a.name: a.text for a in articles}
    data = json.loads((repo / "maps" / "places.geojson").read_text(encoding="utf-8"))
    count = 0
    for feature in data["features"]:
        for m in feature["properties"]["mentions"]:
            text = texts[m["article"]]
            assert text[m["start"] : m["end"]] == m["text"]
            # The sentence, at most 140 characters each side of the mention (an ellipsis where cut).
            context = m["sentence"].removeprefix("…").removesuffix("…")
            assert m["text"] in context and context in text
            assert len(context) <= len(m["text"]) + 2 * 140
            count += 1
    assert count > 0


def test_geonameid_stays_an_integer_and_csv_is_formula_safe():
    article = Article("a.md", "a", "A", "=HYPERLINK(\"x\") Kabul and Lahore.")
    places = (
        Place("kabul", "Kabul", "capital", 34.5, 69.2, "AF"),
        Place("lahore-pk", "Lahore", "city", 31.5, 74.3, "PK", source="geonames", geonameid=1172451),
    )
    sentence = Span(0, len(article.text))
    mentions = (
        Mention("a.md", 17, 22, "Kabul", "kabul", sentence, "kabul"),
        Mention("a.md", 27, 33, "Lahore", "lahore", sentence, "lahore-pk", "gazetteer"),
    )
    story = Story("t", None, (article,), places, mentions, ())
    ids = {f["properties"]["id"]: f["properties"]["geonameid"] for f in json.loads(places_geojson(story))["features"]}
    assert ids == {"kabul": None, "lahore-pk": 1172451}
    assert isinstance(ids["lahore-pk"], int)
    assert ",'=HYPERLINK" in mentions_csv(story) or "\"'=HYPERLINK" in mentions_csv(story)
