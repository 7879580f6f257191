"""Ask backends in order; the first that knows a name answers."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ...errors import GeocoderError
from ...model import Resolution
from .base import Geocoder, Query

__all__ = ["GeocoderChain"]

log = logging.getLogger(__name__)


class GeocoderChain:
    """An ordered list of backends.

    A backend that fails (an online service down, say) is logged and skipped,
    so the chain falls back to the next one; the resolution records which
    backend answered and why.
    """

    name = "chain"

    def __init__(self, backends: Sequence[Geocoder]) -> None:
        self.backends = tuple(backends)

    def geocode(self, query: Query) -> Resolution:
        failures: list[str] = []
        failed: list[str] = []
        for backend in self.backends:
            try:
                answer = backend.geocode(query)
            except GeocoderError as err:
                log.warning("%s could not resolve %r: %s", backend.name, query.text, err)
                failures.append(f"{backend.name} failed: {err.message}")
                failed.append(backend.name)
                continue
            if answer is not None and answer.place is not None:
                return answer
            if answer is not None and answer.reason:
                failures.append(f"{backend.name}: {answer.reason}")  # why a backend that knows the name declined
        tried = ", ".join(b.name for b in self.backends)
        reason = f"not found by {tried}" + (f" ({'; '.join(failures)})" if failures else "")
        return Resolution(query.key, None, "", reason, tuple(failed))
