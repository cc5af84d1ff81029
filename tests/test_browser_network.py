"""Real browser (issue 18): the pages Netzwerk and Klima.Taten.Talk at 1920×1080 and 1280×720 — they load without
errors and without horizontal scrolling (each page loaded once, then resized from the one size to the other) — and
the regional office, tried as a new user would, finds in under a minute who can help with Wärmeplanung and which
posts end next year. One Streamlit server for the module (the store of tests/test_network_page.py); screenshots in
the test's temporary folder (``netzwerk_<w>x<h>_<section>.png``)."""

from __future__ import annotations

import contextlib
import time
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser_support import login, open_in_sidebar, require_chromium, streamlit_server, wait_idle
from conftest import TEST_PASSWORD, make_analytics_store_file
from test_network_page import ANNA, KUSEL_VG, build_network

pytestmark = pytest.mark.browser

require_chromium()

SIZES = [(1920, 1080), (1280, 720)]

# what overflows sideways: the document, and Streamlit's own scrolling main area
OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {page: document.documentElement.scrollWidth - window.innerWidth,
            main: main ? main.scrollWidth - main.clientWidth : 0};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = make_analytics_store_file(tmp_path_factory.mktemp("network_browser") / "network.duckdb", accounts=True)
    build_network(path, date.today())
    add_office_hours(path)
    yield from streamlit_server(path)


def add_office_hours(path) -> None:
    """The Klima.Taten.Talk: fortnightly dates from four weeks ago for three months, one request on its agenda."""
    from ktdash.access import accounts
    from ktdash.ingest import talk
    from ktdash.store.connection import open_store

    con = open_store(path)
    try:
        admin, kusel = accounts.get_user(con, "agentur"), accounts.get_user(con, "kusel")
        first = datetime.combine(date.today() - timedelta(days=28), datetime.min.time()).replace(hour=10)
        talk.generate_series(con, admin, first, date.today() + timedelta(days=90))
        talk.file_request(con, kusel, talk.RequestIn(topic="heat_planning", municipality_key=KUSEL_VG,
                                                     description="Wie starten wir die kommunale Wärmeplanung?"))
    finally:
        con.close()


def check(page, where: str) -> None:
    wait_idle(page)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= 1 and overflow["main"] <= 1, (where, overflow)
    assert page.locator("[data-testid='stException']").count() == 0, where


def check_both_sizes(page, where: str, shot) -> None:
    """:func:`check` at each of :data:`SIZES`, one page load for both: the window is resized in place (Streamlit
    reflows without a rerun; its charts and tables follow the window's width through a ResizeObserver, so the
    page is given up to 5 s to settle before the overflow is measured)."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        with contextlib.suppress(PlaywrightTimeout):  # still too wide after 5 s: the check below names the overflow
            page.wait_for_function(f"() => {{ const o = ({OVERFLOW})(); return o.page <= 1 && o.main <= 1; }}",
                                   timeout=5_000)
        check(page, f"{width}x{height} {where}")
        page.screenshot(path=shot(width, height))


def test_both_pages_fit_both_screens(server, page, tmp_path):
    for section in ("hilfe", "personen", "abdeckung", "verstetigung"):
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        page.goto(f"{server}/netzwerk?bereich={section}&thema=heat_planning")
        page.get_by_role("heading", name="Netzwerk", exact=True).wait_for(timeout=30_000)
        page.locator("[data-testid='stMetric']").first.wait_for()
        check_both_sizes(page, section, lambda w, h, s=section: tmp_path / f"netzwerk_{w}x{h}_{s}.png")
    for section in ("termine", "anfragen", "kennzahlen"):
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        page.goto(f"{server}/klima_taten_talk?bereich={section}")
        page.get_by_role("heading", name="Klima.Taten.Talk").first.wait_for(timeout=30_000)
        check_both_sizes(page, f"talk {section}", lambda w, h, s=section: tmp_path / f"talk_{w}x{h}_{s}.png")
    print("screenshots:", tmp_path)


def test_the_regional_office_finds_help_and_ending_posts_within_a_minute(server, page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    login(page, server, "agentur", TEST_PASSWORD)
    start = time.monotonic()
    open_in_sidebar(page, "Netzwerk")
    page.get_by_test_id("stButtonGroup").get_by_text("Wärmeplanung", exact=True).click()
    wait_idle(page)
    page.get_by_text("im Netzwerk können bei Wärmeplanung helfen").wait_for(timeout=30_000)
    results = page.get_by_test_id("stDataFrame").first
    results.filter(has_text=ANNA["name"]).wait_for()
    assert ANNA["email"] in results.text_content()  # the grid is drawn on a canvas: its text is in the DOM table
    page.screenshot(path=tmp_path / "netzwerk_waermeplanung.png")
    page.get_by_role("button", name="Welche Stellen enden im nächsten Jahr?").click()
    wait_idle(page)
    page.get_by_text("Förderende in den nächsten 12 Monaten – Stellen: 1").wait_for(timeout=30_000)
    ending = page.get_by_test_id("stDataFrame").first
    ending.filter(has_text="VG Kusel-Altenglan").wait_for()
    assert ANNA["name"] in ending.text_content()
    assert time.monotonic() - start < 60
    assert "bereich=verstetigung" in page.url
    check(page, "verstetigung")
    page.screenshot(path=tmp_path / "netzwerk_foerderende.png")
