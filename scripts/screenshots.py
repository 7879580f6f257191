#!/usr/bin/env python3
"""Take the README's pictures of the seed map and of the local-story example, at desktop and
phone sizes, with Debian's Chromium and the network blocked (as a reader opening the file).

    .venv/bin/python scripts/screenshots.py

Builds ``docs/examples/kentucky`` first (its ``maps/`` is not committed), then writes
``docs/seed-map.png``, ``docs/seed-map-phone.png``, ``docs/local-map.png`` and
``docs/local-map-phone.png``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = DOCS / "examples" / "kentucky"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
DESKTOP = {"width": 1400, "height": 860}
PHONE = {"width": 390, "height": 844}


def _offline(route) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


def _shoot(browser, url: str, viewport: dict, out: Path, *clicks: str) -> None:
    page = browser.new_page(viewport=viewport, device_scale_factor=1)
    page.route("**/*", _offline)
    page.goto(url)
    page.wait_for_timeout(800)
    for selector in clicks:
        page.locator(selector).first.click()
        page.wait_for_timeout(700)
    page.screenshot(path=str(out))
    page.close()
    print(f"wrote {out.relative_to(ROOT)}")


def main() -> None:
    geo = str(Path(sys.executable).with_name("geo"))
    subprocess.run([geo, "build", str(EXAMPLE), "--no-png"], check=True)
    seed = (ROOT / "maps" / "index.html").as_uri()
    local = (EXAMPLE / "maps" / "index.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        _shoot(browser, seed + "#place=bagram-air-base", DESKTOP, DOCS / "seed-map.png")
        _shoot(browser, seed, PHONE, DOCS / "seed-map-phone.png")
        _shoot(browser, local, DESKTOP, DOCS / "local-map.png", '.gs-mention[data-place="edmonton-us"]')
        _shoot(browser, local, PHONE, DOCS / "local-map-phone.png", ".gs-sheet-toggle")
        browser.close()


if __name__ == "__main__":
    main()
