"""``places.yaml``: the curated gazetteer and the story settings.

``parse_config`` is pure (YAML text in, :class:`Config` out); ``load_config``
reads the file. Validation uses a pydantic schema; every error is reported with
the file, the line of the offending value in the YAML source and the value.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..errors import ConfigError
from ..model import Place, Source
from ..project.yaml_reader import MAX_CONFIG_BYTES, QUOTE_CHARS, load_yaml, quote, read_yaml_text, yaml_node_line
from ..text.abbreviations import REGION_ABBREVIATIONS
from ..text.normalise import name_key

log = logging.getLogger(__name__)

__all__ = ["Config", "StorySettings", "PLACE_KINDS", "PlaceKind", "parse_config", "load_config"]

#: Kinds a curated place may have; the map styles markers by kind.
PLACE_KINDS = (
    "country",
    "region",
    "district",
    "continent",
    "macroregion",
    "capital",
    "city",
    "town",
    "airbase",
    "airport",
    "test-site",
    "facility",
    "landmark",
    "water",
    "other",
)


def _known_kind(value: str) -> str:
    if value not in PLACE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(PLACE_KINDS)}")
    return value


#: A place kind, checked wherever places are read (places.yaml, the geocode cache).
PlaceKind = Annotated[str, AfterValidator(_known_kind)]

_Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class _MapSchema(_Strict):
    online_tiles: bool = True
    show_focus_distances: bool = True


class _StorySchema(_Strict):
    title: _Text
    focus: _Id | None = None
    region: _Text | None = None
    description: str = ""
    map: _MapSchema = _MapSchema()


class _PlaceSchema(_Strict):
    id: _Id
    name: _Text
    aliases: list[_Text] = Field(default_factory=list)
    kind: PlaceKind
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    note: str = ""


class _ConfigSchema(_Strict):
    story: _StorySchema
    places: list[_PlaceSchema] = Field(default_factory=list)
    distances: list[Annotated[list[_Id], Field(min_length=2, max_length=2)]] = Field(default_factory=list)
    ignore: list[_Text] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StorySettings:
    title: str
    focus: str | None
    description: str = ""
    #: Where the story happens (a country code, a state or province, or a box
    #: west,south,east,north): namesakes there are preferred (see :mod:`geo.resolve.home`).
    region: str = ""
    online_tiles: bool = True
    show_focus_distances: bool = True


@dataclass(frozen=True, slots=True)
class Config:
    """The validated content of ``places.yaml``."""

    story: StorySettings
    places: tuple[Place, ...]
    distances: tuple[tuple[str, str], ...]
    ignore: tuple[str, ...] = ()
    path: str = "places.yaml"
    #: The YAML text this was parsed from (what a cache key is made of).
    source: str = field(default="", repr=False, compare=False)

    def place(self, place_id: str) -> Place:
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)


def load_config(path: Path) -> Config:
    """Read and validate ``places.yaml`` at *path* (at most :data:`~geo.project.yaml_reader.MAX_CONFIG_BYTES`)."""
    return parse_config(read_yaml_text(path, max_bytes=MAX_CONFIG_BYTES), str(path))


def parse_config(source: str, name: str = "places.yaml") -> Config:
    """Validate the YAML text of a ``places.yaml``; *name* is used in messages."""
    data, root = load_yaml(source, name, max_bytes=MAX_CONFIG_BYTES)
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping with 'story' and 'places'", path=name, line=1)
    _no_duplicate_keys(root, name)
    try:
        schema = _ConfigSchema.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first["loc"])
        if first["type"] == "missing" and loc in (("story",), ("story", "title")):
            raise ConfigError(
                "a story needs a title: write `story:` and, under it, `  title: My story` "
                "(`geo init` writes a commented places.yaml)",
                path=name, line=yaml_node_line(root, loc[:1]) if loc == ("story", "title") else 1,
            ) from err
        value = first.get("input")
        where = quote(".".join(str(p) for p in loc), use_repr=False) or "(top)"
        shown = "" if isinstance(value, dict | list) else f" (got {quote(value)})"
        line = yaml_node_line(root, loc)
        problem = quote(first["msg"], 2 * QUOTE_CHARS, False)
        raise ConfigError(f"{where}: {problem}{shown}", path=name, line=line) from err
    return replace(_to_config(schema, root, name), source=source)


def _to_config(schema: _ConfigSchema, root: yaml.Node, name: str) -> Config:
    """The :class:`Config` of a validated schema: ids, names and aliases unique, every id named known."""
    ids: dict[str, int] = {}
    aliases: dict[tuple[str, ...], str] = {}
    places: list[Place] = []
    for index, item in enumerate(schema.places):
        if item.id in ids:
            raise ConfigError(f"duplicate place id {quote(item.id)} (first at item {ids[item.id] + 1})",
                              path=name, line=yaml_node_line(root, ("places", index, "id")))
        ids[item.id] = index
        _claim_names(item, index, aliases, root, name)
        _warn_split_aliases(item, index, root, name)
        places.append(
            Place(
                id=item.id,
                name=item.name,
                kind=item.kind,
                lat=item.lat,
                lon=item.lon,
                country=item.country or "",
                source=Source.CURATED,
                confidence=1.0,
                note=item.note,
                aliases=tuple(item.aliases),
            )
        )
    for index, (a, b) in enumerate(schema.distances):
        for position, place_id in enumerate((a, b)):
            if place_id not in ids:
                raise ConfigError(f"distance pair names unknown place {quote(place_id)}",
                                  path=name, line=yaml_node_line(root, ("distances", index, position)))
    focus = schema.story.focus
    if focus is not None and focus not in ids:
        raise ConfigError(f"story focus {quote(focus)} is not a place id",
                          path=name, line=yaml_node_line(root, ("story", "focus")))
    for place in places:
        if not (math.isfinite(place.lat) and math.isfinite(place.lon)):  # pragma: no cover - schema rejects
            raise ConfigError(f"coordinates of {quote(place.id)} are not finite", path=name)
    return Config(
        story=StorySettings(
            title=schema.story.title,
            focus=focus,
            description=schema.story.description,
            region=schema.story.region or "",
            online_tiles=schema.story.map.online_tiles,
            show_focus_distances=schema.story.map.show_focus_distances,
        ),
        places=tuple(places),
        distances=tuple((a, b) for a, b in schema.distances),
        ignore=tuple(schema.ignore),
        path=name,
    )


def _warn_split_aliases(item: _PlaceSchema, index: int, root: yaml.Node, name: str) -> None:
    """Warn about an alias that is only a state's or province's abbreviation: in
    ``aliases: [Glasgow, Ky.]`` YAML reads two aliases, and "Ky." alone would then name
    this place wherever the text abbreviates Kentucky."""
    for a_index, alias in enumerate(item.aliases):
        if alias.strip() in REGION_ABBREVIATIONS:
            line = yaml_node_line(root, ("places", index, "aliases", a_index))
            before = item.aliases[a_index - 1] if a_index else item.name
            log.warning(
                "%s, line %s: alias %s of %s is only the abbreviation of %s; if you meant %s, quote it: "
                "aliases: [%s]", name, line, quote(alias), quote(item.id), REGION_ABBREVIATIONS[alias.strip()],
                quote(f"{before}, {alias}"), json.dumps(f"{before}, {alias}", ensure_ascii=False),
            )


def _claim_names(
    item: _PlaceSchema, index: int, aliases: dict[tuple[str, ...], str], root: yaml.Node, name: str
) -> None:
    """Add the name and aliases of place *item* (item *index*) to *aliases*; each must be its own."""
    for a_index, alias in enumerate((item.name, *item.aliases)):
        key = name_key(alias)
        where = ("places", index, "aliases", a_index - 1) if a_index else ("places", index, "name")
        if not key:
            raise ConfigError(f"alias {quote(alias)} has no letters or digits", path=name, line=yaml_node_line(root, where))
        owner = aliases.get(key)
        if owner is not None and owner != item.id:
            raise ConfigError(f"alias {quote(alias)} of {quote(item.id)} is already a name of {quote(owner)}",
                              path=name, line=yaml_node_line(root, where))
        aliases[key] = item.id


def _no_duplicate_keys(node: yaml.Node | None, name: str) -> None:
    """YAML keeps the last of two equal keys silently; a hand-edited file means the first.

    The key is quoted short: an explicit key (``? …``) may be megabytes long.
    """
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):  # a list or mapping as a key was refused when read
                if key.value in seen:
                    raise ConfigError(
                        f"key {quote(key.value)} appears twice (first on line {seen[key.value]})",
                        path=name,
                        line=key.start_mark.line + 1,
                    )
                seen[key.value] = key.start_mark.line + 1
            _no_duplicate_keys(value, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _no_duplicate_keys(item, name)
