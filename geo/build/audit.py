"""Reading the last build for the story audit (:mod:`geo.claims.audit`): the I/O edge."""

from __future__ import annotations

import json
from pathlib import Path

from ..claims.audit import Audit, Previous, audit_story, changes_json

__all__ = ["read_previous", "audit_story", "changes_json", "Audit", "Previous"]


def read_previous(maps: Path) -> Previous | None:
    """The last build's places and verdicts from *maps* (None when there is no earlier build
    or its files cannot be read: then everything on the map is new)."""
    try:
        places = _features(maps / "places.geojson")
        claims = _features(maps / "claims.geojson")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Previous(
        {f["properties"]["id"]: (f["properties"]["name"], f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
         for f in places},
        {(f["properties"]["article"], f["properties"]["start"]): (f["properties"]["quote"], f["properties"]["verdict"])
         for f in claims},
    )


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]
