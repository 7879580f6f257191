"""One exception tree for the whole project.

Every error the library raises derives from :class:`GeoError`. Subclasses mix in
the built-in exception they resemble, so callers can catch either, and every
message names the file, line and value at fault where there is one.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "GeoError",
    "ConfigError",
    "ArticleError",
    "GazetteerError",
    "GeocoderError",
    "GeocoderUnavailable",
    "PlaceNotFound",
    "OutputError",
]


class GeoError(Exception):
    """Root of every error raised by :mod:`geo`."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


class ConfigError(GeoError, ValueError):
    """``places.yaml`` is malformed or fails validation."""


class ArticleError(GeoError, ValueError):
    """An article cannot be read or parsed."""


class GazetteerError(GeoError, RuntimeError):
    """The offline gazetteer cannot be built or read."""


class GeocoderError(GeoError, RuntimeError):
    """A geocoding backend failed."""


class GeocoderUnavailable(GeocoderError, ConnectionError):
    """An online geocoder could not be reached or refused the request."""


class PlaceNotFound(GeoError, LookupError):
    """A name given by the user matches no known place."""


class OutputError(GeoError, OSError):
    """Output files could not be written."""
