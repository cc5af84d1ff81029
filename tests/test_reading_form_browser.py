"""Real browser, phone width (issue 19 point 4): the manager of VG Kusel-Altenglan types a meter reading on the page
"Zählerstand erfassen" at 375 × 812 px — accepted; then an implausible one (below the last) — rejected with the
import's German message; the page never scrolls sideways. One Streamlit server; screenshots
``test-results/zaehlerstand_*.png``."""

from __future__ import annotations

import pytest

from browser_support import SHOTS, require_chromium, streamlit_server, wait_idle
from conftest import TEST_PASSWORD, make_store_file

pytestmark = pytest.mark.browser

require_chromium()

READINGS = ("Liegenschaft;Zählernummer;Energieträger;Einheit;Ablesedatum;Zählerstand\n"
            "Schule Kusel;W-1;Fernwärme;kWh;01.01.2024;1000\nSchule Kusel;W-1;Fernwärme;kWh;01.07.2024;3000\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = make_store_file(tmp_path_factory.mktemp("reading_browser") / "reading.duckdb",
                           [(READINGS, "zaehler.csv", "VG Kusel-Altenglan")], accounts=True)
    yield from streamlit_server(path)


def sidebar(page):
    """The sidebar, opened (on a phone it starts collapsed)."""
    bar = page.get_by_test_id("stSidebar")
    if not bar.get_by_text("Anmelden", exact=True).first.is_visible() and \
            not bar.get_by_text("Angemeldet:").first.is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    return bar


def no_sideways_scroll(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    main = page.evaluate("""() => { const m = document.querySelector("[data-testid='stMain']");
                                    return [m.scrollWidth, m.clientWidth]; }""")
    assert main[0] <= main[1], main


def test_a_reading_typed_on_a_phone_is_checked_like_an_imported_one(server, page):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server)
    wait_idle(page)
    bar = sidebar(page)
    bar.get_by_text("Anmelden", exact=True).first.click()
    bar.get_by_label("Benutzername").fill("kusel")
    bar.get_by_label("Passwort", exact=True).fill(TEST_PASSWORD)
    bar.get_by_role("button", name="Anmelden").click()
    bar.get_by_text("Angemeldet:").wait_for(timeout=30_000)
    wait_idle(page)
    sidebar(page).get_by_test_id("stSidebarNav").get_by_text("Zählerstand erfassen", exact=True).click()
    page.get_by_role("heading", name="Zählerstand erfassen").wait_for(timeout=30_000)
    wait_idle(page)
    if page.get_by_test_id("stSidebarCollapseButton").is_visible():  # a phone: the page, not the menu
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    page.get_by_text("Letzter Stand: 3.000 kWh am 01.07.2024").wait_for()
    no_sideways_scroll(page)
    page.get_by_label("Zählerstand", exact=True).fill("3.250,5")
    page.get_by_label("Zählerstand", exact=True).press("Tab")
    page.get_by_role("button", name="Stand speichern").click()
    page.get_by_text("Gespeichert: 3.250,5 kWh").wait_for(timeout=30_000)
    wait_idle(page)
    no_sideways_scroll(page)
    page.screenshot(path=SHOTS / "zaehlerstand_gespeichert.png")
    page.get_by_label("Zählerstand", exact=True).fill("2.000")
    page.get_by_label("Zählerstand", exact=True).press("Tab")  # the form takes the typed text on leaving the field
    page.get_by_role("button", name="Stand speichern").click()
    # the import's check and message (the same day's reading is replaced, so the one before is that of 1 July)
    page.get_by_text("Zählerstand 2.000 ist kleiner als der vorherige (3000,0).").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text("Nicht gespeichert – der Stand wurde geprüft wie bei einem Import").wait_for()
    no_sideways_scroll(page)
    page.screenshot(path=SHOTS / "zaehlerstand_abgelehnt.png")
    assert page.locator("[data-testid='stException']").count() == 0
