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

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def test_panel_excerpt_flies_the_map_to_its_place(page, site):
    page.open((site / "index.html").as_uri())
    excerpt = page.page.locator('.gs-excerpt[data-place="lop-nur"]').first
    excerpt.scroll_into_view_if_needed()
    excerpt.locator(".gs-mention").first.click()
    lat, lon = _map_center(page.page)
    assert abs(lat - 41.55) < 0.5 and abs(lon - 88.67) < 0.5
    assert page.page.locator(".leaflet-popup .gs-popup h3").inner_text() == "Lop Nur nuclear test site"
    assert "gs-hl" in (excerpt.get_attribute("class") or "")
    assert page.page.url.endswith("#place=lop-nur")


def test_marker_click_highlights_its_excerpts_in_the_panel(page, site):
    page.open((site / "index.html").as_uri())
    page.page.locator(".gs-place-doha").first.click(force=True)
    highlighted = page.page.locator(".gs-excerpt.gs-hl")
    assert highlighted.count() == 4  # Doha: 4 sentences in 3 articles
    for index in range(highlighted.count()):
        assert "doha" in highlighted.nth(index).get_attribute("data-places").split()
    assert highlighted.first.is_visible()  # scrolled into view in the panel
    assert page.page.locator('#gs-table tr.gs-hl[data-place="doha"]').count() == 1


def test_timeline_filters_what_was_reported(page, site):
    page.open((site / "index.html").as_uri())
    page.page.locator(".gs-until", has_text="19 Sep 2025").click()
    visible = page.page.locator(".gs-story-article:not([hidden])")
    assert visible.count() == 2
    assert all(visible.nth(i).get_attribute("data-date") <= "2025-09-19" for i in range(visible.count()))
    assert "2 articles" in page.page.locator(".gs-status").inner_text()
    page.page.locator(".gs-only").first.click()
    assert page.page.locator(".gs-story-article:not([hidden])").count() == 1
    # Kabul is not named in that article, so its marker is off the map.
    assert page.page.locator("path.gs-place-kabul").count() == 0
    page.page.locator(".gs-all").click()
    assert page.page.locator(".gs-story-article:not([hidden])").count() == 5
    assert page.page.locator("path.gs-place-kabul").count() == 1
    assert page.errors == []


def test_markers_are_reachable_with_the_keyboard(page, site):
    page.open((site / "index.html").as_uri())
    marker = page.page.locator("path.gs-place-kabul")
    assert marker.get_attribute("tabindex") == "0"
    assert marker.get_attribute("aria-label") == "Kabul: show excerpts"
    marker.focus()
    page.page.keyboard.press("Enter")
    assert page.page.locator(".leaflet-popup .gs-popup h3").inner_text() == "Kabul"
    # Panel items are buttons, in the tab order.
    first = page.page.locator(".gs-mention").first
    first.focus()
    assert page.page.evaluate("document.activeElement.classList.contains('gs-mention')")


def test_text_view_lists_every_place(page, site):
    page.open((site / "index.html").as_uri())
    places = json.loads((site / "places.geojson").read_text(encoding="utf-8"))
    rows = page.page.locator("#gs-table tbody tr")
    assert rows.count() == len(places["features"])
    kabul = page.page.locator('#gs-table tr[data-place="kabul"]').inner_text()
    assert "47.1 km" in kabul


def test_phone_panel_is_a_bottom_sheet(browser, site):
    phone = Page(browser, width=390, height=844)
    try:
        phone.open((site / "index.html").as_uri())
        sheet = phone.page.locator("#gs-panel")
        collapsed = sheet.bounding_box()
        assert collapsed["y"] > 700 and collapsed["width"] <= 390
        phone.page.locator(".gs-sheet-toggle").click()
        expanded = sheet.bounding_box()
        assert expanded["height"] > 300
        assert phone.page.locator(".gs-sheet-toggle").get_attribute("aria-expanded") == "true"
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
        ARTIFACTS.mkdir(exist_ok=True)
        phone.page.screenshot(path=str(ARTIFACTS / "map-phone-sheet.png"))
        assert phone.errors == []
    finally:
        phone.close()


def test_claims_layer_and_verdict_badges(page, site):
    page.open((site / "index.html").as_uri() + "#place=kabul")
    claims = json.loads((site / "claims.geojson").read_text(encoding="utf-8"))
    assert page.page.locator("path.gs-claim").count() == len(claims["features"])
    assert page.page.locator("path.gs-claim.gs-claim-consistent").count() == 2  # the measured lines
    assert page.page.locator("path.gs-claim-band.gs-claim-consistent").count() == 2  # and their bands
    assert page.page.locator("path.gs-claim-wedge").count() == 1  # "north of the capital Kabul"
    badge = page.page.locator(".gs-excerpt .gs-claim-note", has_text="stated about 40 km N")
    assert badge.count() == 1 and "consistent" in badge.inner_text().lower()
    page.page.evaluate(
        "(() => { for (const k in window) { const v = window[k];"
        " if (v && v instanceof L.Polyline && v.options.className && v.options.className.includes('gs-claim-consistent')"
        " && v.getPopup()) { v.openPopup(); return; } } })()"
    )
    popup = page.page.locator(".leaflet-popup .gs-claim-popup")
    popup.wait_for()
    assert "CONSISTENT" in popup.inner_text().upper() and "WGS84" in popup.inner_text()
    assert page.errors == []


HOSTILE_BODY = """Kabul <script>window.__pwned = 1; alert(1)</script> was calm.
In Kabul, <img src=x onerror="window.__pwned = 2; alert(2)"> and </script><script>alert(3)</script> appeared.
Doha {{ 7*7 }} {% raw %} `${alert(4)}` <b id="pwned">bold</b> \u202egnp.exe and <a href="javascript:alert(5)">a link</a>.
Bagram Air Base, located about 40 km north of Kabul <svg onload=alert(6)>, was quiet.
"""

HOSTILE_PLACES = """story:
  title: "Hostile <img src=x onerror=alert(7)>"
  description: "</script><script>alert(8)</script>"
  focus: kabul
places:
  - id: kabul
    name: "Kabul <b id=pwned>x</b>"
    aliases: [Kabul]
    kind: capital
    lat: 34.52813
    lon: 69.17233
    country: AF
    note: "<script>alert(9)</script> ${alert(10)}"
  - id: bagram
    name: "Bagram Air Base"
    kind: airbase
    lat: 34.9461
    lon: 69.2650
    country: AF
distances:
  - [bagram, kabul]
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from click.testing import CliRunner

    from geo.cli import main

    from .conftest import make_project

    root = make_project(
        tmp_path_factory.mktemp("hostile"),
        HOSTILE_PLACES,
        {
            "evil <script>.md": "---\ntitle: '<img src=x onerror=alert(11)> Evil'\noutlet: '<b id=pwned>O</b>'\n"
                                "url: 'https://example.org/?q=\"><script>alert(12)</script>'\n---\n" + HOSTILE_BODY,
            "plain.txt": "A title with </title><script>alert(13)</script>\n" + HOSTILE_BODY,
        },
    )
    result = CliRunner().invoke(main, ["build", "--no-png", str(root)])
    assert result.exit_code == 0, result.output
    return root / "maps"


def test_hostile_text_runs_no_script_anywhere(browser, hostile_site):
    pages = [hostile_site / "index.html", *sorted((hostile_site / "articles").glob("*.html"))]
    assert len(pages) == 3
    for path in pages:
        page = Page(browser)
        dialogs: list[str] = []
        page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            page.open(path.as_uri())
            if path.name == "index.html":
                # Open every popup and tooltip the map has.
                page.page.evaluate(
                    "(() => { for (const k in window) { const v = window[k];"
                    " if (v && v instanceof L.Layer && v.getPopup && v.getPopup() && v._map) {"
                    " try { v.openPopup(v.getBounds ? v.getBounds().getCenter() : undefined); } catch (e) {} } } })()"
                )
                page.page.locator(".gs-excerpt").first.click()
                page.page.locator(".leaflet-control-layers").hover()
            page.page.wait_for_timeout(300)
            assert dialogs == [], f"{path.name}: a script of the text ran: {dialogs}"
            assert page.page.evaluate("window.__pwned === undefined")
            assert page.page.locator("#pwned").count() == 0, path.name
            assert page.page.locator("img[src='x'], svg[onload]").count() == 0, path.name
            assert page.errors == [], page.errors
            assert page.outside == []
        finally:
            page.close()
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in index


# The archive layout: what a newsroom archive's map must do in a real browser.


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory, archive_kit) -> Path:
    from click.testing import CliRunner

    from geo.cli import main

    root = archive_kit.write(tmp_path_factory.mktemp("archive-site"), 60)
    places = root / "places.yaml"  # and a place whose name is markup
    places.write_text(places.read_text(encoding="utf-8").replace("distances:", (
        '  - id: evil-quito\n    name: \'Quito<img src=x onerror="window.__pwned=3">\'\n'
        "    aliases: [Quito]\n    kind: capital\n    lat: -0.22985\n    lon: -78.52495\n    country: EC\n"
        "distances:")), encoding="utf-8")
    (root / "articles" / "zz-evil.md").write_text(
        "---\ntitle: '<b id=pwned>Evil</b> <img src=x onerror=alert(21)>'\noutlet: '<script>alert(22)</script>'\n"
        "url: 'https://example.org/?q=\"><script>alert(23)</script>'\ndate: 2025-03-31\n---\n\n" + HOSTILE_BODY,
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--no-png", "--layout", "archive", "-q", str(root)])
    assert result.exit_code == 0, result.output
    return root / "maps"


def _ready(page: Page, url: str) -> None:
    page.open(url)
    page.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=15_000)


def _data(site: Path) -> dict:
    index = (site / "index.html").read_text(encoding="utf-8")
    start = index.index('id="gs-data">') + len('id="gs-data">')
    return json.loads(index[start : index.index("</script>", start)])


def test_archive_map_opens_offline_with_every_place_clustered(page, archive_site):
    _ready(page, (archive_site / "index.html").as_uri())
    places = len(_data(archive_site)["places"])
    clustered = page.page.evaluate(
        "[...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)"
    )
    single = page.page.locator("path.gs-place").count()
    assert clustered > 0, "nearby places should be grouped"
    assert clustered + single == places
    assert page.errors == [] and page.outside == []
    # No excerpt is in the page until a popup asks for it.
    assert page.page.locator("script[src^='excerpts/']").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "archive-desktop.png"))


def test_archive_popup_loads_its_excerpts_on_demand(page, archive_site):
    _ready(page, (archive_site / "index.html").as_uri())
    page.page.locator("#gs-top button").first.click()
    popup = page.page.locator(".leaflet-popup .gs-popup")
    popup.locator(".gs-excerpt-list li").first.wait_for(timeout=10_000)
    assert page.page.locator("script[src^='excerpts/']").count() == 1
    name = popup.locator("h3").inner_text()
    count = popup.locator(".gs-excerpt-list li").count()
    assert 1 <= count <= 10
    link = popup.locator(".gs-excerpt-list li a").first.get_attribute("href")
    assert link.startswith("articles/") and "#m-" in link
    assert (archive_site / link.split("#")[0]).exists()
    status = popup.locator("[role=status]").inner_text()
    assert status.startswith(f"Excerpts 1–{count} of ")
    more = popup.locator("button.gs-more")
    if more.is_visible():
        more.click()
        assert popup.locator(".gs-excerpt-list li").count() > count
    # The top place is the one most articles name.
    top = max(_data(archive_site)["places"], key=lambda p: (p[6], p[5]))
    assert name == top[1]
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "archive-popup.png"))


def test_archive_articles_are_paged_searchable_and_lead_to_their_places(page, archive_site):
    _ready(page, (archive_site / "index.html").as_uri())
    data = _data(archive_site)
    total = len(data["articles"])
    assert total == 62 and data["page_size"] == 50
    items = page.page.locator("#gs-list > li")
    assert items.count() == 50
    assert page.page.locator("#gs-page").inner_text() == "Page 1 of 2"
    assert page.page.locator("#gs-prev").is_disabled()
    page.page.locator("#gs-next").click()
    assert items.count() == 12 and page.page.locator("#gs-next").is_disabled()
    page.page.locator("#gs-filter").fill("lyon")
    expected = sum("lyon" in a[1].lower() for a in data["articles"])
    assert expected > 1 and items.count() == expected
    assert page.page.locator("#gs-count").inner_text() == f"{expected} articles match"
    items.first.locator("button").click()
    chosen = page.page.locator("#gs-selected")
    assert chosen.is_visible() and "Lyon" in chosen.locator(".gs-chips").inner_text()
    assert chosen.locator("h3 a").get_attribute("href").startswith("articles/report-")
    chosen.locator(".gs-chips button", has_text="Lyon").first.click()
    page.page.locator(".leaflet-popup .gs-popup h3", has_text="Lyon").wait_for(timeout=10_000)


def test_archive_place_in_the_url_opens_its_popup(page, archive_site):
    _ready(page, (archive_site / "index.html").as_uri() + "#place=kabul")
    page.page.locator(".leaflet-popup .gs-popup h3", has_text="Kabul").wait_for(timeout=10_000)


def test_archive_reading_page_leads_back_to_the_place(page, archive_site):
    page.open((archive_site / "articles" / "report-000.html").as_uri())
    link = page.page.locator("a.mention", has_text="Lyon").first
    link.click()
    page.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=15_000)
    page.page.locator(".leaflet-popup .gs-popup h3", has_text="Lyon").wait_for(timeout=10_000)


def test_archive_hostile_text_stays_text(page, archive_site):
    dialogs: list[str] = []
    page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _ready(page, (archive_site / "index.html").as_uri())
    page.page.locator("#gs-filter").fill("id=pwned")
    assert page.page.locator("#gs-list > li").count() == 1
    assert "<img src=x onerror=alert(21)>" in page.page.locator("#gs-list > li").inner_text()
    page.page.locator("#gs-list > li button").click()
    original = page.page.locator("#gs-selected a", has_text="original")
    assert original.get_attribute("href") == 'https://example.org/?q="><script>alert(23)</script>'
    assert original.get_attribute("rel") == "noopener noreferrer"
    for button in page.page.locator("#gs-selected .gs-chips button").all():
        button.click()
        page.page.locator(".leaflet-popup .gs-excerpt-list li").first.wait_for(timeout=10_000)
    page.page.wait_for_timeout(300)
    assert dialogs == []
    assert page.page.evaluate("window.__pwned === undefined")
    assert page.page.locator("#pwned").count() == 0
    assert page.page.locator("img[src='x']").count() == 0
    assert page.errors == [] and page.outside == []


def test_archive_tooltips_show_a_markup_name_as_text(page, archive_site):
    _ready(page, (archive_site / "index.html").as_uri())
    page.page.evaluate("window.geoStorymap.focusPlace('evil-quito')")
    page.page.evaluate(
        "document.querySelectorAll('path.gs-place').forEach(p => p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
    )
    assert page.page.locator(".leaflet-tooltip", has_text='Quito<img src=x onerror="window.__pwned=3">').count() == 1
    assert page.page.locator(".leaflet-popup h3").inner_text() == 'Quito<img src=x onerror="window.__pwned=3">'
    assert page.page.evaluate("window.__pwned === undefined")
    assert page.page.locator("img[src='x']").count() == 0
    assert page.errors == [] and page.outside == []


def test_archive_phone_width_has_a_bottom_sheet(browser, archive_site):
    phone = Page(browser, width=390, height=844)
    try:
        _ready(phone, (archive_site / "index.html").as_uri())
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        toggle = phone.page.locator(".gs-sheet-toggle")
        assert toggle.is_visible() and not phone.page.locator("#gs-list").is_visible()
        toggle.click()
        assert phone.page.locator("#gs-list").is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
    finally:
        phone.close()


def test_undated_articles_stay_and_choosing_an_article_zooms_to_it(page, tmp_path):
    from click.testing import CliRunner

    from geo.cli import main

    from .conftest import make_project

    root = make_project(tmp_path, "story:\n  title: Two places\n", {
        "a.md": "---\ntitle: Karachi floods\ndate: 2025-01-02\n---\nRain flooded Karachi and Lahore.\n",
        "b.md": "---\ntitle: Lima quake\ndate: 2025-01-05\n---\nA quake shook Lima and Cusco.\n",
        "c.md": "---\ntitle: Undated note\n---\nAid left Karachi.\n",
    })
    assert CliRunner().invoke(main, ["build", str(root), "--no-png"]).exit_code == 0
    page.open((root / "maps" / "index.html").as_uri())
    assert page.page.locator(".gs-undated").count() == 1
    page.page.locator(".gs-until", has_text="2 Jan 2025").click()
    shown = page.page.locator(".gs-story-article:not([hidden])")
    assert shown.count() == 2  # the day's article and the undated one
    page.page.locator(".gs-only", has_text="Lima quake").click()
    page.page.wait_for_timeout(400)
    lat, lon = _map_center(page.page)
    assert -20 < lat < -5 and -80 < lon < -65  # zoomed to Peru
    page.page.locator(".gs-only", has_text="Karachi floods").click()
    page.page.wait_for_timeout(400)
    lat, lon = _map_center(page.page)
    assert 22 < lat < 34 and 64 < lon < 76  # zoomed to Pakistan
    assert page.errors == []


# --- A local story with nothing curated (docs/examples/kentucky): basemap, view, names, counts.

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "kentucky"
MAP = "(() => { for (const k in window) { const v = window[k]; if (v && v instanceof L.Map) { return v; } } })()"


@pytest.fixture(scope="module")
def local_site(tmp_path_factory) -> Path:
    """The example's map, built from its articles as a user would."""
    from click.testing import CliRunner

    from geo.cli import main

    root = tmp_path_factory.mktemp("local") / "kentucky"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("maps"))
    result = CliRunner().invoke(main, ["build", str(root), "--no-png"])
    assert result.exit_code == 0, result.output
    return root


def _visible_labels(page) -> list[dict]:
    """The boxes of the names shown on the map (inside its frame, not hidden by decluttering)."""
    return page.evaluate(
        "(() => { const frame = document.querySelector('.folium-map').getBoundingClientRect();"
        " return Array.from(document.querySelectorAll('.gs-label:not(.gs-hidden) > span, .gs-area-label:not(.gs-hidden) > span, .gs-distance-label:not(.gs-hidden)'))"
        "  .map(s => { const r = s.getBoundingClientRect(); return {text: s.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"
        "  .filter(r => r.right > r.left && r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom); })()"
    )


def _painted(page, pane: str) -> int:
    """How many pixels the basemap layer *pane* has drawn on its canvas."""
    return page.evaluate(
        "(pane) => { const c = document.querySelector('.leaflet-gs-base-' + pane + '-pane canvas'); if (!c) { return 0; }"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        " for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n += 1; } } return n; }",
        pane,
    )


def test_state_lines_and_names_show_where_a_click_flies(page, local_site):
    page.open((local_site / "maps" / "index.html").as_uri())
    page.page.locator('.gs-mention[data-place="glasgow-us"]').first.click()
    page.page.wait_for_timeout(600)
    assert page.page.evaluate(MAP + ".getZoom()") >= 8
    assert _painted(page.page, "divisions") > 500  # the Kentucky–Tennessee line
    assert _painted(page.page, "counties") > 2000
    names = {label["text"] for label in _visible_labels(page.page)}
    assert {"Kentucky", "Tennessee"} & names, names  # whose land it is, wherever the view is
    counties = {"Barren", "Metcalfe", "Hart", "Allen", "Monroe", "Warren", "Adair", "Green", "Cumberland"}
    assert len(counties & names) >= 2 or {"Barren County", "Metcalfe County"} & names, names
    assert page.outside == [] and page.errors == []


def test_first_view_holds_most_mentions_despite_a_far_outlier(page, local_site):
    page.open((local_site / "maps" / "index.html").as_uri())
    places = json.loads((local_site / "maps" / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert any(f["properties"]["id"] == "london-gb" for f in places)  # the outlier is on the map
    inside = page.page.evaluate(
        "(points) => { const b = " + MAP + ".getBounds(); return points.map(p => b.contains([p[1], p[0]])); }",
        [f["geometry"]["coordinates"] for f in places],
    )
    mentions = [len(f["properties"]["mentions"]) for f in places]
    held = sum(n for n, ok in zip(mentions, inside) if ok)
    assert held >= 0.8 * sum(mentions)
    assert not inside[[f["properties"]["id"] for f in places].index("london-gb")]


def test_names_on_the_map_never_overlap(page, local_site, site):
    for url in ((local_site / "maps" / "index.html").as_uri(), (site / "index.html").as_uri()):
        page.open(url)
        for step in (0, 1, 1, -3):
            if step:
                page.page.evaluate("void " + MAP + ".setZoom(" + MAP + ".getZoom() + " + str(step) + ", {animate: false})")
            page.page.wait_for_timeout(600)
            labels = _visible_labels(page.page)
            assert len(labels) >= (3 if step == 0 else 1), (url, step)
            for i, a in enumerate(labels):
                for b in labels[i + 1:]:
                    apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
                    assert apart, (a, b)


def _boxes_meet(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_no_control_is_drawn_over_the_phone_sheet(browser, local_site):
    phone = Page(browser, 390, 844)
    try:
        phone.open((local_site / "maps" / "index.html").as_uri())
        for action in ("collapsed", ".gs-legend-toggle", ".gs-sheet-toggle"):
            if action != "collapsed":
                phone.page.locator(action).click()
                phone.page.wait_for_timeout(400)
            sheet = phone.page.locator("#gs-panel").bounding_box()
            controls = [c.bounding_box() for c in phone.page.locator(".leaflet-control").all() if c.is_visible()]
            assert controls, action
            for box in controls:
                assert box is None or not _boxes_meet(box, sheet), (action, box, sheet)
        assert phone.page.locator(".gs-legend").is_visible()  # the legend button shows it
        # The strip above the open sheet shows the story's places.
        strip = phone.page.evaluate(
            "(() => { const m = " + MAP + "; const top = document.querySelector('#gs-panel').getBoundingClientRect().top;"
            " return Array.from(document.querySelectorAll('path.gs-marker')).filter(p => { const r = p.getBoundingClientRect();"
            " return r.top > 0 && r.bottom < top; }).length; })()"
        )
        assert strip >= 3
        assert phone.page.locator(".gs-panel h1").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        phone.page.screenshot(path=str(ARTIFACTS / "local-phone-open.png"))
    finally:
        phone.close()


def test_counts_and_names_agree_in_popup_table_and_cli(page, local_site):
    import re

    from click.testing import CliRunner

    from geo.cli import main

    listed = json.loads(CliRunner().invoke(main, ["places", str(local_site), "--json"]).output)
    cli = {row["id"]: (row["mentions"], row["articles"]) for row in listed}
    page.open((local_site / "maps" / "index.html").as_uri())
    rows = page.page.locator("#gs-table tbody tr")
    table, shown = {}, {}
    for i in range(rows.count()):
        row = rows.nth(i)
        place_id = row.get_attribute("data-place")
        n, m = re.fullmatch(r"(\d+) in (\d+)", row.locator("td").nth(1).inner_text()).groups()
        table[place_id] = (int(n), int(m))
        shown[place_id] = row.locator("th").inner_text()
    assert table == cli and len(table) >= 10
    for place_id, counts in table.items():
        page.page.evaluate("(id) => { " + MAP + ".closePopup(); window.geoStorymap.show(id); }", place_id)
        popup = page.page.locator(".leaflet-popup .gs-popup").last  # the one closed fades out
        text = popup.locator(".gs-count").inner_text()
        n, m = re.match(r"(\d+) mentions? in (\d+) articles?", text).groups()
        assert (int(n), int(m)) == counts, place_id
        assert popup.locator("h3").inner_text() == shown[place_id]
    # Two Londons, told apart wherever they are named.
    assert shown["london-us"] == "London, Kentucky" and shown["london-gb"] == "London, England"


# --- Claims drawn as evidence.

@pytest.fixture(scope="module")
def claims_site(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from geo.cli import main

    from .conftest import make_project

    root = make_project(tmp_path_factory.mktemp("claims"), "story:\n  title: Claims\n", {
        "a.md": "---\ntitle: Border\ndate: 2025-03-01\n---\nKharkiv lies about 30 km from the Russian border.\n",
        "b.md": "---\ntitle: Japan\ndate: 2025-03-02\n---\nOsaka is some 400 kilometres west of Tokyo.\n",
        "c.md": "---\ntitle: Iraq\ndate: 2025-03-03\n---\nMosul is about 300 km from the Syrian border.\n",
    })
    result = CliRunner().invoke(main, ["build", str(root), "--no-png"])
    assert result.exit_code == 0, result.output
    return root


def test_claims_show_their_band_wedge_and_point_and_have_a_panel_section(page, claims_site):
    page.open((claims_site / "maps" / "index.html").as_uri())
    assert page.page.locator("path.gs-claim-band").count() == 3
    assert page.page.locator("path.gs-claim-wedge").count() == 1  # only Osaka's claim states a direction
    assert page.page.locator("path.gs-claim-point").count() == 3
    rows = page.page.locator(".gs-claims .gs-claim-row")
    assert rows.count() == 3
    assert rows.first.locator(".gs-verdict").inner_text().lower() == "inconsistent"  # wrong ones first
    assert "Mosul" in rows.first.inner_text() and "Syria" in rows.first.inner_text()
    assert "Natural Earth 1:10m" in rows.first.inner_text()
    # "Show on the map" fits the claim: Mosul and the Syrian border.
    rows.first.locator(".gs-claim-show").click()
    page.page.wait_for_timeout(300)
    inside = page.page.evaluate("(p) => " + MAP + ".getBounds().contains(p)", [36.34, 43.13])
    assert inside
    # The band's popup quotes the sentence and links to it.
    page.page.evaluate(  # a click on c.md's band (the third claim drawn), wherever it lies
        "() => { const el = document.querySelector('path.gs-claim-band-2'); const r = el.getBoundingClientRect();"
        " el.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + 2, clientY: r.top + r.height / 2})); }"
    )
    popup = page.page.locator(".leaflet-popup .gs-claim-popup").last
    popup.wait_for()
    assert "“" in popup.locator("blockquote").inner_text() and popup.locator("a").first.get_attribute("href")
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "claims-desktop.png"))


def test_with_many_claims_only_the_chosen_ones_band_is_drawn(page, tmp_path):
    from click.testing import CliRunner

    from geo.cli import main

    from .conftest import make_project

    root = make_project(tmp_path, "story:\n  title: Many claims\n", {
        "a.md": "---\ntitle: A\n---\nKharkiv lies about 30 km from the Russian border. Kyiv is about 400 km west of "
                "Kharkiv. Poltava is some 140 km south-west of Kharkiv. Lviv is about 70 km from the Polish border.\n",
    })
    assert CliRunner().invoke(main, ["build", str(root), "--no-png"]).exit_code == 0
    page.open((root / "maps" / "index.html").as_uri())
    shown = "document.querySelectorAll('path.gs-claim-band.gs-shown, path.gs-claim-wedge.gs-shown').length"
    assert page.page.locator("path.gs-claim-band").count() == 4 and page.page.evaluate(shown) == 0
    page.page.locator(".gs-claim-show").first.click()
    assert page.page.evaluate(shown) in (1, 2)  # its band, and its wedge when it states a direction
    assert page.errors == []


TOWNS = ("Amarillo", "Lubbock", "Abilene", "Midland", "El Paso", "San Angelo", "Laredo", "Corpus Christi",
         "Beaumont", "Tyler", "Waco", "Wichita Falls", "Brownsville", "Del Rio")


def test_towns_each_named_once_are_named_on_the_map_where_there_is_room(page, tmp_path):
    from click.testing import CliRunner

    from geo.cli import main

    root = tmp_path / "texas"
    (root / "articles").mkdir(parents=True)
    (root / "places.yaml").write_text("story:\n  title: Storms across Texas\n", encoding="utf-8")
    body = "Storms crossed Texas on Monday. " + " ".join(f"Power failed in {town}." for town in TOWNS)
    (root / "articles" / "storms.md").write_text(f"---\ntitle: Storms\ndate: 2025-05-02\n---\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--no-png"])
    assert result.exit_code == 0, result.output
    page.open((root / "maps" / "index.html").as_uri())
    page.page.wait_for_timeout(600)
    shown = {label["text"] for label in _visible_labels(page.page)}
    assert len(shown & set(TOWNS)) >= len(TOWNS) - 2, shown
