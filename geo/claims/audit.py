"""The story audit (pure): what a careful editor must look at before publishing (``geo
audit``, the panel's "For the editor" section, ``maps/changes.json``).

- the same name placed in different places in different articles;
- places whose confidence is low but which a claim is measured from or to;
- claims whose verdict depends on the reference point (a city's extent);
- what changed on the map since the last build: places added, moved, removed; verdicts changed.

:func:`geo.build.audit.read_previous` reads the last build's ``maps/`` (the edge).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from ..ingest.review import REVIEW_THRESHOLD
from ..measure.distance import WGS84
from ..model import Source, Story

__all__ = ["Previous", "Audit", "audit_story", "changes_json", "MOVED_KM"]

#: A place whose point moved more than this between two builds has moved.
MOVED_KM = 1.0


@dataclass(frozen=True, slots=True)
class Previous:
    """What the last build put on the map: each place's name and point, each claim's verdict."""

    places: dict[str, tuple[str, float, float]]
    verdicts: dict[tuple[str, int], tuple[str, str]]  # (article, start) -> (quote, verdict)


@dataclass(frozen=True, slots=True)
class Audit:
    namesakes: tuple[dict, ...] = ()
    doubtful_with_claims: tuple[dict, ...] = ()
    depends_on_reference: tuple[dict, ...] = ()
    changes: dict = field(default_factory=dict)

    @property
    def findings(self) -> int:
        return len(self.namesakes) + len(self.doubtful_with_claims) + len(self.depends_on_reference)


def audit_story(story: Story, previous: Previous | None) -> Audit:
    """The audit of *story*, and its changes since *previous* (see the module)."""
    return Audit(_namesakes(story), _doubtful(story), _depends(story), _changes(story, previous))


def _namesakes(story: Story) -> tuple[dict, ...]:
    """Names placed in two places or more across the story's articles."""
    by_name: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    shown: dict[str, str] = {}
    for mention in story.mentions:
        if mention.place_id and mention.locates:
            by_name[mention.key][mention.place_id].add(mention.article)
            shown.setdefault(mention.key, mention.text)
    names = {p.id: p for p in story.places}
    found = []
    for key, placed in sorted(by_name.items()):
        if len(placed) > 1:
            found.append({"name": shown[key], "places": [
                {"id": pid, "name": names[pid].name, "country": names[pid].country, "region": names[pid].region,
                 "articles": sorted(articles)} for pid, articles in sorted(placed.items())]})
    return tuple(found)


def _doubtful(story: Story) -> tuple[dict, ...]:
    """Places below the review threshold that a claim is measured from or to."""
    used: dict[str, list[str]] = defaultdict(list)
    for checked in story.claims:
        for pid in (checked.claim.subject, checked.claim.reference):
            if pid:
                used[pid].append(checked.claim.quote)
    return tuple(
        {"id": p.id, "name": p.name, "confidence": p.confidence, "claims": used[p.id]}
        for p in story.places
        if p.id in used and p.source != Source.CURATED and p.confidence < REVIEW_THRESHOLD
    )


def _depends(story: Story) -> tuple[dict, ...]:
    """Claims whose verdict a city's extent could change."""
    return tuple(
        {"article": c.claim.article, "quote": c.claim.quote, "verdict": c.verdict, "range_km": list(c.extent_km)}
        for c in story.claims if c.extent_km is not None
    )


def _changes(story: Story, previous: Previous | None) -> dict:
    """Places added, moved and removed, and verdicts changed, since *previous*."""
    if previous is None:
        return {"since": "no earlier build", "places_added": sorted(p.id for p in story.places)}
    now = {p.id: p for p in story.places}
    moved = []
    for pid in sorted(now.keys() & previous.places.keys()):
        _, lat, lon = previous.places[pid]
        km = WGS84.inv(lon, lat, now[pid].lon, now[pid].lat)[2] / 1000.0
        if km > MOVED_KM:
            moved.append({"id": pid, "km": round(km, 1), "from": [lat, lon], "to": [now[pid].lat, now[pid].lon]})
    verdicts = {(c.claim.article, c.claim.start): c for c in story.claims}
    changed = [
        {"article": key[0], "quote": verdicts[key].claim.quote, "was": previous.verdicts[key][1], "now": verdicts[key].verdict}
        for key in sorted(verdicts.keys() & previous.verdicts.keys())
        if previous.verdicts[key][1] != verdicts[key].verdict
    ]
    return {
        "since": "the last build",
        "places_added": sorted(now.keys() - previous.places.keys()),
        "places_removed": sorted(previous.places.keys() - now.keys()),
        "places_moved": moved,
        "verdicts_changed": changed,
        "claims_added": sorted(c.claim.quote for k, c in verdicts.items() if k not in previous.verdicts),
        "claims_removed": sorted(q for k, (q, _) in previous.verdicts.items() if k not in verdicts),
    }


def changes_json(audit: Audit) -> bytes:
    """``maps/changes.json``: the changes since the last build, and the audit's findings."""
    data = {"changes": audit.changes, "namesakes": list(audit.namesakes),
            "doubtful_places_with_claims": list(audit.doubtful_with_claims),
            "claims_depending_on_the_reference_point": list(audit.depends_on_reference)}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
