"""Exports for GIS tools, written with geopandas: GeoJSON (RFC 7946) and CSV.

Functions return the file contents; the caller writes them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import geopandas
import pandas
from shapely.geometry import LineString, MultiLineString, Point

from ..measure.lines import great_circle
from ..model import CheckedClaim, Mention, Place, Story
from ..text.sentences import clip

__all__ = ["places_geojson", "distances_geojson", "claims_geojson", "claims_csv", "mentions_csv", "MentionRows"]

COORDINATE_DIGITS = 6  # about 0.1 m


def _geojson(frame: geopandas.GeoDataFrame) -> str:
    """RFC 7946 text: lon/lat on WGS84, no ``crs`` member, stable key order,
    one feature a line (diffs well, and fast to write for thousands of places)."""
    return _feature_lines(json.loads(frame.to_json(drop_id=True, to_wgs84=True)).get("features", []))


def _feature_lines(items: list[dict]) -> str:
    features = [json.dumps(f, ensure_ascii=False, separators=(", ", ": ")) for f in items]
    if not features:
        return '{"type": "FeatureCollection", "features": []}\n'
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features) + "\n]}\n"


def places_geojson(story: Story, with_mentions: bool = True) -> str:
    """One Point feature per place, with every mention of it.

    Without *with_mentions* (the archive layout, where that would be hundreds
    of MB), each place has counts and dates instead: ``mentions``,
    ``articles``, ``first_date``, ``last_date`` (ISO dates of the articles
    that name it; empty when undated); mentions.csv has every mention.
    """
    texts = {a.name: a.text for a in story.articles}
    of_place: dict[str, list[Mention]] = {}
    for m in story.mentions:
        of_place.setdefault(m.place_id or "", []).append(m)
    if not with_mentions:
        return _place_counts(story, of_place)
    rows = []
    for place in story.places:
        mentions = [
            {
                "article": m.article,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "sentence": _context(texts.get(m.article, ""), m),
                "role": m.role,
            }
            for m in of_place.get(place.id, ())
        ]
        rows.append(
            {
                **_place_fields(place),
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


def _place_fields(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "source": place.source,
        "confidence": place.confidence,
        "geonameid": place.geonameid,
        "region": place.region,
    }


def _place_counts(story: Story, of_place: dict[str, list[Mention]]) -> str:
    dates = {a.name: a.date.isoformat() if a.date else "" for a in story.articles}
    rows = []
    for place in story.places:
        mentions = of_place.get(place.id, [])
        articles = {m.article for m in mentions}
        dated = sorted(dates[a] for a in articles if dates.get(a))
        rows.append(
            {
                **_place_fields(place),
                "mentions": len(mentions),
                "articles": len(articles),
                "first_date": dated[0] if dated else "",
                "last_date": dated[-1] if dated else "",
                "geometry": Point(round(place.lon, COORDINATE_DIGITS), round(place.lat, COORDINATE_DIGITS)),
            }
        )
    # Written directly: a GeoDataFrame round trip costs seconds for tens of
    # thousands of points and adds nothing to flat properties.
    return _feature_lines([
        {"type": "Feature", "properties": {k: v for k, v in row.items() if k != "geometry"},
         "geometry": {"type": "Point", "coordinates": [row["geometry"].x, row["geometry"].y]}}
        for row in rows
    ])


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
    features = []
    for checked in story.claims:
        geometry = None
        if checked.ends is not None:
            (lat1, lon1), (lat2, lon2) = checked.ends
            parts = [[[float(x), float(y)] for x, y in part] for part in great_circle(lat1, lon1, lat2, lon2)]
            geometry = (
                {"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                else {"type": "MultiLineString", "coordinates": parts}
            )
        features.append({"type": "Feature", "properties": checked.as_dict(), "geometry": geometry})
    return _feature_lines(features)


#: The columns of ``claims.csv``, the fact-check table.
CLAIM_COLUMNS = [
    "verdict", "quote", "article", "title", "date", "stated", "stated_km", "direction", "measured_km", "bearing_deg",
    "measured_to", "measured_between", "allowed_km", "range_over_extent_km", "wrong", "reason", "model",
]


def claims_csv(story: Story) -> str:
    """``claims.csv``: one row per claim, wrong ones first, with what was stated, what was
    measured between which points, the verdict and the model."""
    articles = {a.name: a for a in story.articles}
    order = {"inconsistent": 0, "unverifiable": 1, "consistent": 2}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS)
    for checked in sorted(story.claims, key=lambda c: (order.get(c.verdict, 3), c.claim.article, c.claim.start)):
        c, article = checked.claim, articles[checked.claim.article]
        stated = f"{c.hedge + ' ' if c.hedge else ''}{c.number_text}".strip() or c.hedge
        writer.writerow([
            checked.verdict, c.quote, c.article, article.title, article.date.isoformat() if article.date else "",
            stated, _number(c.stated_km), c.direction or "", _number(checked.computed_km),
            _number(checked.computed_bearing_deg), checked.measured_to if checked.computed_km is not None else "",
            checked.measured_between, _range(checked.tolerance_km), _range(checked.extent_km), " ".join(checked.parts),
            checked.reason, _model(checked),
        ])
    return out.getvalue()


def _model(checked: CheckedClaim) -> str:
    """How a claim was measured, in a few words (the README and ``geo claims`` give the rest)."""
    from ..measure.edges import EDGE_MODEL

    if checked.computed_km is None:
        return ""
    if checked.measured_to in ("border", "coast"):
        return f"WGS84 geodesic to the nearest point of {EDGE_MODEL}"
    if checked.measured_to == "outline":
        return "WGS84 geodesic to the nearest point of a Natural Earth 1:110m country outline"
    return "WGS84 geodesic between the two points"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")


def _range(pair: tuple[float, float] | None) -> str:
    if pair is None:
        return ""
    return f"{_number(pair[0])}–{'' if pair[1] == float('inf') else _number(pair[1])}"


def _empty() -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame({"geometry": []}, geometry="geometry", crs="EPSG:4326")


MENTION_COLUMNS = [
    "article", "start", "end", "text", "place_id", "place_name", "kind", "lat", "lon", "source", "finder", "role", "sentence",
    "status",
]


class MentionRows:
    """``mentions.csv``, an article at a time (pure): every mention, resolved or
    not, one row each, in article and text order."""

    def __init__(self, story: Story) -> None:
        self.by_id = {p.id: p for p in story.places}
        self.of_article: dict[str, list[Mention]] = {}
        for m in (*story.mentions, *story.unresolved, *story.rejected):
            self.of_article.setdefault(m.article, []).append(m)
        self.texts = {a.name: a.text for a in story.articles}

    def rows(self, name: str) -> str:
        """The rows of the article *name* (no header)."""
        mentions = sorted(self.of_article.get(name, []), key=lambda m: m.start)
        return _mention_rows(mentions, self.by_id, self.texts.get(name, "")) if mentions else ""

    def csv(self, rows: Mapping[str, str] | None = None) -> str:
        """The whole file; *rows* (article name → its rows) were made before and are used as they are."""
        rows = rows or {}
        header = io.StringIO()
        csv.DictWriter(header, MENTION_COLUMNS, lineterminator="\n").writeheader()
        return header.getvalue() + "".join(
            rows[name] if name in rows else self.rows(name) for name in sorted(self.of_article)
        )


def mentions_csv(story: Story) -> str:
    """Every mention, resolved or not, one row each, in article and text order."""
    return MentionRows(story).csv()


def _mention_rows(mentions: list[Mention], by_id: Mapping[str, Any], text: str) -> str:
    rows = []
    for m in mentions:
        place = by_id.get(m.place_id or "")
        rows.append(
            {
                "article": _csv_safe(m.article),
                "start": m.start,
                "end": m.end,
                "text": _csv_safe(m.text),
                "place_id": _csv_safe(place.id) if place else "",
                "place_name": _csv_safe(place.name) if place else "",
                "kind": _csv_safe(place.kind) if place else "",
                "lat": f"{place.lat:.6f}" if place else "",
                "lon": f"{place.lon:.6f}" if place else "",
                "source": _csv_safe(place.source) if place else "unresolved",
                "finder": _csv_safe(m.finder),
                "role": _csv_safe(m.role),
                "sentence": _csv_safe(" ".join(_context(text, m).split())),
                "status": _status(m, place is not None),
            }
        )
    buffer = io.StringIO()
    csv.DictWriter(buffer, MENTION_COLUMNS, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _status(mention: Mention, placed: bool) -> str:
    """``placed``, ``unresolved`` (a place no backend knows), or ``set aside: <reason>``."""
    if mention.rejected:
        return _csv_safe(f"set aside: {mention.rejected}")
    return "placed" if placed else "unresolved"


def _context(text: str, mention: Mention) -> str:
    """The mention in its sentence, at most :data:`~geo.text.sentences.CONTEXT_CHARS` on each side."""
    return "".join(clip(text, mention.sentence, mention.start, mention.end))


#: What a spreadsheet may take as the start of a formula, after any leading spaces (OWASP's list,
#: line breaks, and the full-width signs some spreadsheets read as their ASCII forms).
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def _csv_safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP: prefix ``'``).

    >>> _csv_safe("=1+1"), _csv_safe("  @SUM(A1)"), _csv_safe("Kabul")
    ("'=1+1", "'  @SUM(A1)", 'Kabul')
    """
    first = value.lstrip(" ")[:1]
    return "'" + value if first and first in _FORMULA_START else value
