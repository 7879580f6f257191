"""Leaflet's JS and CSS, inlined from the ``xstatic-leaflet`` package.

The map must open with no network, so nothing is linked from a CDN: the
library comes from the installed package, and the images its CSS refers to
become data URIs.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import GeoError

__all__ = ["leaflet_js", "leaflet_css", "markercluster_js", "markercluster_css"]


def _folder() -> Path:
    try:
        return Path(str(resources.files("xstatic.pkg.leaflet") / "data"))
    except ModuleNotFoundError as err:
        raise GeoError("the xstatic-leaflet package is missing: pip install xstatic-leaflet") from err


def _read(name: str) -> str:
    path = _folder() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise GeoError(f"cannot read {name} from the xstatic-leaflet package: {err}") from err


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    text = _read("leaflet.js")
    # Drop the source-map comment: the map file is not shipped beside the page.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    folder = _folder()

    def inline(match: re.Match[str]) -> str:
        name = match.group(1)
        path = folder / name
        if not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, _read("leaflet.css"))



def _vendor(name: str) -> str:
    path = Path(str(resources.files("geo") / "render" / "vendor" / "leaflet.markercluster" / name))
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise GeoError(f"cannot read {name} of Leaflet.markercluster: {err}") from err


@lru_cache(maxsize=1)
def markercluster_js() -> str:
    """Leaflet.markercluster 1.5.3 (MIT), shipped with this package."""
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", _vendor("leaflet.markercluster.js"))


@lru_cache(maxsize=1)
def markercluster_css() -> str:
    return _vendor("MarkerCluster.css") + "\n" + _vendor("MarkerCluster.Default.css")
