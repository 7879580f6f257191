"""Curating doubtful resolutions: ``review.yaml`` and ``places.lock.yaml``.

``geo places --review`` writes ``review.yaml``: every name resolved with low
confidence (or not at all), with its candidates. A curator writes a choice
under a name: a GeoNames id from the candidates, or ``not-a-place``. The next
``geo build`` (or ``geo places --review``) copies the choices into
``places.lock.yaml``, which every later build reads, so a decision is made
once. ``parse_…`` and ``render_…`` functions are pure; ``load_…``/``save_…``
do the file I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from ..errors import ConfigError, OutputError
from ..project.files import write_atomic
from ..project.paths import LOCK_NAME, REVIEW_NAME
from ..project.yaml_reader import MAX_LOCK_BYTES, MAX_REVIEW_BYTES, load_yaml, quote, read_yaml_text, yaml_node_line

__all__ = [
    "REVIEW_NAME", "LOCK_NAME", "REVIEW_THRESHOLD", "NOT_A_PLACE", "DECIDED_NOT_A_PLACE", "ReviewItem",
    "render_review", "parse_review", "load_lock", "save_lock", "parse_lock", "apply_review", "load_review",
]

log = logging.getLogger(__name__)

#: Resolutions below this confidence are offered for review.
REVIEW_THRESHOLD = 0.75
NOT_A_PLACE = "not-a-place"
#: Why a name the curator marked not-a-place is set aside.
DECIDED_NOT_A_PLACE = "not a place (places.lock.yaml)"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    key: str
    name: str
    articles: tuple[str, ...]
    sentence: str
    chosen: int | None
    chosen_name: str
    confidence: float | None
    candidates: tuple[dict[str, Any], ...]


_HEADER = """\
# Names the build placed with little confidence, or not at all.
# Under each name, set `choice:` to the geonameid of the right candidate, or to
# not-a-place; leave it empty to keep the build's own choice. The next
# `geo build` copies your choices to places.lock.yaml and uses them from then on.
# (For a place that is in no candidate list, add it to places.yaml instead.)
"""


def render_review(items: Iterable[ReviewItem], previous: Mapping[str, object] | None = None) -> str:
    """The text of ``review.yaml``; choices already written in *previous* are kept."""
    previous = previous or {}
    records = []
    for item in items:
        records.append(
            {
                "name": item.name,
                "key": item.key,
                "articles": list(item.articles),
                "sentence": item.sentence,
                "chosen": item.chosen,
                "chosen_name": item.chosen_name,
                "confidence": item.confidence,
                "candidates": list(item.candidates),
                "choice": previous.get(item.key),
            }
        )
    return _HEADER + yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)


class _Record(BaseModel):
    """One item of review.yaml as the tool writes it; the rest of an item is only shown."""

    model_config = ConfigDict(extra="ignore")

    key: StrictStr | StrictInt | StrictFloat | StrictBool
    name: Any = None
    choice: Any = None
    candidates: Any = None

    def allowed(self) -> set[int]:
        """The geonameids the reviewer may choose from (of the candidates as the tool wrote them)."""
        if not isinstance(self.candidates, list):
            return set()
        ids = (c.get("geonameid") for c in self.candidates if isinstance(c, dict))
        return {i for i in ids if type(i) is int}


def _record(item: object, index: int, root: yaml.Node | None, name: str) -> _Record:
    try:
        return _Record.model_validate(item)
    except ValidationError as err:
        raise ConfigError(f"item {index + 1} has no key", path=name, line=yaml_node_line(root, (index,))) from err


def parse_review(source: str, name: str = REVIEW_NAME) -> dict[str, int | None]:
    """The choices written in a review file: ``{key: geonameid or None (not a place)}``."""
    data, root = load_yaml(source, name, max_bytes=MAX_REVIEW_BYTES)
    data = data or []
    if not isinstance(data, list):
        raise ConfigError("expected a list of names", path=name, line=1)
    choices: dict[str, int | None] = {}
    for index, item in enumerate(data):
        record = _record(item, index, root, name)
        if record.choice in (None, ""):
            continue
        if record.choice == NOT_A_PLACE:
            choices[str(record.key)] = None
        elif type(record.choice) is int and record.choice in record.allowed():
            choices[str(record.key)] = record.choice
        else:
            raise ConfigError(
                f"choice for {quote(record.name)} must be one of its candidates' geonameid or {NOT_A_PLACE}, "
                f"got {quote(record.choice)}",
                path=name,
                line=yaml_node_line(root, (index, "choice")),
            )
    return choices


_LockValue = TypeAdapter(Literal["not-a-place"] | Annotated[StrictInt, Field(gt=0)])


def parse_lock(source: str, name: str = LOCK_NAME) -> dict[str, int | None]:
    """The decisions of a lock file: ``{key: geonameid or None (not a place)}``."""
    data, root = load_yaml(source, name, max_bytes=MAX_LOCK_BYTES)
    data = data or {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of names to GeoNames ids", path=name, line=1)
    lock: dict[str, int | None] = {}
    for key, value in data.items():
        try:
            checked = _LockValue.validate_python(value)
        except ValidationError as err:
            raise ConfigError(f"{quote(key)}: expected a GeoNames id or {NOT_A_PLACE}, got {quote(value)}",
                              path=name, line=yaml_node_line(root, (key,))) from err
        lock[str(key)] = None if checked == NOT_A_PLACE else checked
    return lock


def load_lock(path: Path) -> dict[str, int | None]:
    """The decisions in the lock file at *path*; none if there is no file."""
    return parse_lock(read_yaml_text(path, max_bytes=MAX_LOCK_BYTES), str(path)) if path.exists() else {}


def save_lock(path: Path, lock: Mapping[str, int | None]) -> None:
    """Write the lock atomically, sorted.

    Raises :class:`~geo.errors.OutputError` ``{path}: cannot write file: {reason}`` (a read-only
    folder, a full disk); no temporary file is left behind.
    """
    body = {key: (NOT_A_PLACE if value is None else value) for key, value in sorted(lock.items())}
    text = "# Decisions made in review.yaml: name -> GeoNames id, or not-a-place. Used by every build.\n"
    text += yaml.safe_dump(body, sort_keys=True, allow_unicode=True) if body else "{}\n"
    write_atomic(path, text)


def _reason(err: OSError) -> str:
    """What the system said, without the path: ``Read-only file system``."""
    return err.strerror or str(err) or type(err).__name__


def load_review(path: Path) -> dict[str, int | None]:
    """Read ``review.yaml`` at *path* (bounded in size) and return its choices."""
    return parse_review(read_yaml_text(path, max_bytes=MAX_REVIEW_BYTES), str(path))


def apply_review(root: Path) -> dict[str, int | None]:
    """Copy the choices of ``review.yaml`` into the lock; return the lock.

    A lock that cannot be saved (a read-only folder) is logged as one warning; the
    returned lock still holds the choices, so this build uses them.
    """
    lock = load_lock(root / LOCK_NAME)
    review = root / REVIEW_NAME
    if review.exists():
        choices = load_review(review)
        if any(lock.get(k, "unset") != v for k, v in choices.items()):
            lock.update(choices)
            try:
                save_lock(root / LOCK_NAME, lock)
            except OutputError as err:
                cause = err.__cause__
                reason = _reason(cause) if isinstance(cause, OSError) else err.message
                log.warning("cannot save the review choices to %s (%s); they are used in this build only",
                            LOCK_NAME, reason)
    return lock
