"""A new, empty project folder: ``articles/`` and a commented ``places.yaml`` (``geo init``)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import OutputError
from .files import write_atomic

__all__ = ["init_project", "places_template"]


def places_template(title: str) -> str:
    """The commented ``places.yaml`` of a new story called *title*: only ``story: title`` is set."""
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML string
    return f"""\
# The story and the places you curate. Only `story: title` is required; the rest is
# found in the articles (see the README, "Adding a place").
story:
  title: {quoted}
  # description: One line under the title.
  # region: US                 # where the story happens, preferred for namesakes: a country code,
  #                            # a state or province ("Kentucky", "Ontario, CA"), or a box
  #                            # west,south,east,north in degrees ("-90,36,-81,40")
  # focus: bagram-air-base     # the place distances are measured from (an id below)

# Places the gazetteer lacks or gets wrong (air bases, sites, "the capital"...):
# places:
#   - id: bagram-air-base      # lower-case words and hyphens
#     name: Bagram Air Base
#     aliases: [Bagram, "Bagram Airfield"]   # quote a name with a comma: ["Glasgow, Ky."]
#     kind: airbase            # country, region, capital, city, town, airbase, airport,
#                              # test-site, facility, landmark, water, other
#     lat: 34.9461             # WGS84 decimal degrees
#     lon: 69.2650
#     country: AF              # ISO 3166-1 alpha-2

# Distances to draw and report, between place ids:
# distances:
#   - [bagram-air-base, kabul]

# Names that are never places in this story:
# ignore: [Taliban]
"""


def init_project(root: Path, title: str) -> list[Path]:
    """Create *root* (if need be) with ``articles/`` and ``places.yaml``; return what was made.

    Raises
    ------
    OutputError
        When *root* already holds a ``places.yaml`` (nothing is overwritten) or cannot be written.
    """
    places = root / "places.yaml"
    if places.exists() or places.is_symlink():
        raise OutputError("a places.yaml is already there: nothing was changed", path=places)
    made: list[Path] = []
    try:
        for folder in (root, root / "articles"):
            if not folder.is_dir():
                folder.mkdir(parents=True)
                made.append(folder)
    except OSError as err:
        raise OutputError(f"cannot create the folder: {err.strerror}", path=err.filename or root) from err
    write_atomic(places, places_template(title))
    made.append(places)
    return made
