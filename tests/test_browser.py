"""The seed map in a real browser (Debian's Chromium driven by Playwright), offline."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, repo) -> Path:
    """The committed maps/ copied aside, so the test reads what users get."""
    target = tmp_path_factory.mktemp("site") / "maps"
    shutil.copytree(repo / "maps", target)
    return target


class Page:
    """A page with every non-file request aborted and recorded, and console errors kept."""

    def __init__(self, browser, width: int = 1280, height: int = 800) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser):
    p = Page(browser)
    yield p
    p.close()


def _map_center(page) -> tuple[float, float]:
    center = page.evaluate(
        "(() => { for (const k in window) { const v = window[k];"
        " if (v && v instanceof L.Map) { const c = v.getCenter(); return [c.lat, c.lng]; } } })()"
    )
    return center[0], center[1]


def test_map_opens_offline_with_one_marker_per_place(page, site):
    page.open((site / "index.html").as_uri())
    assert page.outside == [], f"requests left the machine: {page.outside}"
    assert page.errors == []
    places = json.loads((site / "places.geojson").read_text(encoding="utf-8"))
    ids = sorted(f["properties"]["id"] for f in places["features"])
    for place_id in ids:
        assert page.page.locator(f".gs-place-{place_id}").count() >= 1, place_id
    markers = page.page.locator("path.gs-place").count()
    assert markers == len(ids)
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "map-desktop.png"))


def test_bagram_popup_has_excerpts_from_all_five_articles(page, site):
    page.open((site / "index.html").as_uri())
    page.page.locator(".gs-place-bagram-air-base").first.click(force=True)
    popup = page.page.locator(".leaflet-popup .gs-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "Bagram Air Base"
    assert popup.locator(".gs-article").count() == 5
    assert popup.locator("mark").count() >= 5
    assert page.errors == []


def test_place_in_the_url_opens_there(page, site):
    page.open((site / "index.html").as_uri() + "#place=kabul")
    lat, lon = _map_center(page.page)
    assert abs(lat - 34.53) < 0.3 and abs(lon - 69.17) < 0.3
    assert page.page.locator(".leaflet-popup .gs-popup h3").inner_text() == "Kabul"


def test_reading_page_mention_leads_back_to_the_map(page, site):
    reading = sorted((site / "articles").glob("*.html"))[0]
    page.open(reading.as_uri())
    link = page.page.locator("a.mention", has_text="Doha").first
    link.click()
    page.page.wait_for_load_state("load")
    assert page.page.url.endswith("index.html#place=doha")
    lat, lon = _map_center(page.page)
    assert abs(lat - 25.29) < 0.3 and abs(lon - 51.53) < 0.3
    assert page.outside == [] and page.errors == []


def test_popup_excerpt_links_to_the_anchored_passage(page, site):
    page.open((site / "index.html").as_uri() + "#place=lop-nur")
    excerpt = page.page.locator(".leaflet-popup a.gs-excerpt").first
    href = excerpt.get_attribute("href")
    assert href.startswith("articles/") and "#m-" in href
    excerpt.click()
    page.page.wait_for_load_state("load")
    anchor = href.split("#", 1)[1]
    assert page.page.locator(f"#{anchor} mark").inner_text() == "the nearest Chinese nuclear testing site"


def test_phone_width_has_no_sideways_scroll(browser, site):
    phone = Page(browser, width=390, height=844)
    try:
        phone.open((site / "index.html").as_uri())
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        ARTIFACTS.mkdir(exist_ok=True)
        phone.page.screenshot(path=str(ARTIFACTS / "map-phone.png"))
        assert phone.errors == []
    finally:
        phone.close()
