"""A static PNG of the map (``maps/index.png``), for print and social posts.

Rendered by headless Chromium through Playwright, the same browser the tests
drive, with every request outside the page blocked. When no browser is
installed the picture is skipped and the caller says so.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from ..errors import GeoError

__all__ = ["find_chromium", "render_png", "SnapshotUnavailable", "CHROMIUM_FLAGS", "SNAPSHOT_SIZE"]

log = logging.getLogger(__name__)

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--font-render-hinting=none",
)
#: Width and height in CSS pixels: the usual social card.
SNAPSHOT_SIZE = (1200, 630)


class SnapshotUnavailable(GeoError, RuntimeError):
    """No browser to render the picture with."""


def find_chromium() -> Path | None:
    """Chromium's executable: ``$GEO_STORYMAP_CHROMIUM``, else the usual names on PATH."""
    configured = os.environ.get("GEO_STORYMAP_CHROMIUM")
    if configured:
        return Path(configured) if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def render_png(html: str, size: tuple[int, int] = SNAPSHOT_SIZE) -> bytes:
    """Render the map page *html* to PNG bytes.

    Raises
    ------
    SnapshotUnavailable
        If Playwright or a Chromium executable is missing, or the browser fails.
    """
    chromium = find_chromium()
    if chromium is None:
        raise SnapshotUnavailable("no Chromium found (install Debian's chromium, or set GEO_STORYMAP_CHROMIUM)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise SnapshotUnavailable("the playwright package is not installed") from err
    width, height = size
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_FLAGS))
            try:
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.route("**/*", lambda route: route.abort() if route.request.url.startswith("http") else route.continue_())
                page.set_content(html, wait_until="load")
                page.evaluate(
                    "() => { document.documentElement.classList.add('gs-snapshot');"
                    " if (window.geoStorymap) { window.geoStorymap.fit(); } }"
                )
                # Names are laid out and canvases drawn in animation frames: wait until the page
                # says its names are settled, then for two more frames, so each build draws the same.
                page.wait_for_function("() => window.geoSettled !== false", timeout=10_000)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                page.wait_for_timeout(300)
                page.wait_for_function("() => window.geoSettled !== false", timeout=10_000)
                # Lay the names out once more on the final view, whatever ran before.
                page.evaluate("() => { if (window.geoDeclutterNow) { window.geoDeclutterNow(); } }")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return page.screenshot(type="png", animations="disabled")
            finally:
                browser.close()
    except PlaywrightError as err:
        raise SnapshotUnavailable(f"Chromium could not render the map: {err.message.splitlines()[0]}") from err
