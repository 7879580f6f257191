"""Stage 5, the map: turn a :class:`~geo.model.Story` into the files of ``maps/`` (returned, not written)."""

from .files import render_site

__all__ = ["render_site"]
