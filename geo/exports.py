"""Exports for GIS tools, written with geopandas: GeoJSON (RFC 7946) and CSV.

Functions return the file contents; the caller writes them.
"""

from __future__ import annotations

import io
import json

import geopandas
import pandas
from shapely.geometry import LineString, MultiLineString, Point

from .lines import great_circle
from .model import Mention, Story

__all__ = ["places_geojson", "distances_geojson", "claims_geojson", "mentions_csv"]

COORDINATE_DIGITS = 6  # about 0.1 m


def _geojson(frame: geopandas.GeoDataFrame) -> str:
    """RFC 7946 text: lon/lat on WGS84, no ``crs`` member, stable key order,
    one feature a line (diffs well, and fast to write for thousands of places)."""
    data = json.loads(frame.to_json(drop_id=True, to_wgs84=True))
    features = [json.dumps(f, ensure_ascii=False, separators=(", ", ": ")) for f in data.get("features", [])]
    if not features:
        return '{"type": "FeatureCollection", "features": []}\n'
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features) + "\n]}\n"


def places_geojson(story: Story) -> str:
    """One Point feature per place, with every mention of it."""
    texts = {a.name: a.text for a in story.articles}
    of_place: dict[str, list[Mention]] = {}
    for m in story.mentions:
        of_place.setdefault(m.place_id or "", []).append(m)
    rows = []
    for place in story.places:
        mentions = [
            {
                "article": m.article,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "sentence": texts.get(m.article, "")[m.sentence.start : m.sentence.end],
                "role": m.role,
            }
            for m in of_place.get(place.id, ())
        ]
        rows.append(
            {
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "country": place.country,
                "source": place.source,
                "confidence": place.confidence,
                "geonameid": place.geonameid,
                "mentions": mentions,
                "geometry": Point(round(place.lon, COORDINATE_DIGITS), round(place.lat, COORDINATE_DIGITS)),
            }
        )
    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else _empty()
    if rows:
        # Keep GeoNames ids integers (pandas would make the column float when
        # curated places have none).
        frame["geonameid"] = pandas.Series([r["geonameid"] for r in rows], dtype=object, index=frame.index)
    return _geojson(frame)


def distances_geojson(story: Story) -> str:
    """One (Multi)LineString per distance pair, following the geodesic."""
    by_id = {p.id: p for p in story.places}
    wanted = set(story.pairs)
    rows = []
    for d in story.distances:
        if (d.origin, d.target) not in wanted:
            continue
        a, b = by_id[d.origin], by_id[d.target]
        parts = great_circle(a.lat, a.lon, b.lat, b.lon)
        geometry = LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)
        rows.append(
            {
                "from": d.origin,
                "to": d.target,
                "distance_km": round(d.distance_km, 3),
                "bearing_deg": round(d.bearing_deg, 2),
                "compass": d.compass,
                "geometry": geometry,
            }
        )
    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else _empty()
    return _geojson(frame)


def claims_geojson(story: Story) -> str:
    """One feature per checked claim: the measured geodesic, with the claim and verdict."""
    rows = []
    for checked in story.claims:
        properties = checked.as_dict()
        properties["tolerance_km"] = json.dumps(properties["tolerance_km"])  # lists survive as JSON text
        if checked.ends is not None:
            (lat1, lon1), (lat2, lon2) = checked.ends
            parts = great_circle(lat1, lon1, lat2, lon2)
            geometry = LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)
        else:
            geometry = None
        rows.append({**properties, "geometry": geometry})
    if not rows:
        return _geojson(_empty())
    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    data = json.loads(frame.to_json(drop_id=True, to_wgs84=True))
    data.pop("crs", None)
    for feature, checked in zip(data["features"], story.claims):
        feature["properties"] = checked.as_dict()  # keep numbers and lists as they are
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _empty() -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame({"geometry": []}, geometry="geometry", crs="EPSG:4326")


MENTION_COLUMNS = [
    "article", "start", "end", "text", "place_id", "place_name", "kind", "lat", "lon", "source", "finder", "role", "sentence",
]


def mentions_csv(story: Story) -> str:
    """Every mention, resolved or not, one row each, in article and text order."""
    by_id = {p.id: p for p in story.places}
    texts = {a.name: a.text for a in story.articles}
    rows = []
    for m in sorted((*story.mentions, *story.unresolved), key=lambda m: (m.article, m.start)):
        place = by_id.get(m.place_id or "")
        rows.append(
            {
                "article": m.article,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "place_id": place.id if place else "",
                "place_name": place.name if place else "",
                "kind": place.kind if place else "",
                "lat": f"{place.lat:.6f}" if place else "",
                "lon": f"{place.lon:.6f}" if place else "",
                "source": place.source if place else "unresolved",
                "finder": m.finder,
                "role": m.role,
                "sentence": " ".join(texts.get(m.article, "")[m.sentence.start : m.sentence.end].split()),
            }
        )
    for row in rows:
        for column in ("text", "place_name", "sentence"):
            row[column] = _csv_safe(row[column])
    buffer = io.StringIO()
    pandas.DataFrame(rows, columns=MENTION_COLUMNS).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP: prefix ``'``)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
