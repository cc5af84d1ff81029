"""Real browser (issue 17, items 1–2): the manager of VG Kusel-Altenglan enters a completed measure through the
Gebäude page's form and sees it in the measures table, as a marker on the monthly timeline and verified in the
chart of baseline against actual. One Streamlit server for the module; the screenshots go to
``test-results/gebaeude_massnahmen*.png`` (table, verification, timeline).

The store is tests/test_building_page.py's school: gas that follows kWh = 20·days + 4·G of its own station and
uses 20 % less from February 2024 on."""

from __future__ import annotations

import pytest

from browser_support import SHOTS, login, open_in_sidebar, require_chromium, streamlit_server, wait_idle
from climate_support import set_test_climate
from conftest import TEST_PASSWORD, make_store_file
from ktdash.store.connection import open_store
from test_building_page import POTSDAM, SCHOOL, SCHOOL_MONTHS, SEASONAL_G, THIRD_STATION, YEAR_SHIFT, building_id

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = make_store_file(tmp_path_factory.mktemp("measures_browser") / "measures.duckdb",
                           [(SCHOOL_MONTHS, "schule.csv", "VG Kusel-Altenglan")], accounts=True)
    con = open_store(path)
    try:
        con.execute("UPDATE buildings SET climate_station_id = ? WHERE building_id = ?",
                    [THIRD_STATION, building_id(con, SCHOOL)])
        set_test_climate(con, {f"{y}-{m:02d}": SEASONAL_G[m] + YEAR_SHIFT[y] for y in YEAR_SHIFT
                               for m in range(1, 13)}, 250, POTSDAM, station_id=THIRD_STATION, municipalities=[])
    finally:
        con.close()
    yield from streamlit_server(path)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox or multiselect whose label is ``label``."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def test_a_manager_enters_a_measure_and_sees_it_verified(server, page):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    login(page, server, "kusel", TEST_PASSWORD)
    open_in_sidebar(page, "Gebäude")
    page.get_by_text(f"Gebäude: {SCHOOL}").wait_for(timeout=30_000)
    page.get_by_text("Keine Maßnahmen erfasst.").wait_for()
    page.get_by_text("Maßnahme eintragen, ändern oder löschen").click()
    choose(page, "Betroffene Energieträger", "Erdgas")
    page.get_by_label("Titel", exact=True).fill("Brennwertkessel")
    choose(page, "Status", "umgesetzt")
    # the day field has a segment each for day, month and year: type into the first, it moves on by itself
    page.get_by_test_id("stDateInput").get_by_role("spinbutton").first.click()
    page.keyboard.type("20012024")
    page.get_by_label("Investition (€)").fill("120000")
    page.get_by_label("Förderung (€)").fill("30000")
    page.get_by_label("Erwartete Einsparung Erdgas (kWh/a)").fill("3500")
    page.get_by_role("button", name="Maßnahme speichern").click()
    page.get_by_text("„Brennwertkessel“ gespeichert").wait_for(timeout=30_000)
    wait_idle(page)
    # the table, the history, the marker on the timeline, and the verified savings with their chart
    page.get_by_text("Verlauf von Nr. 1 „Brennwertkessel“").wait_for()
    page.get_by_test_id("stDataFrame").filter(has_text="Brennwertkessel").first.wait_for()
    page.get_by_text("Nachgewiesen.").first.wait_for()
    charts = page.locator("[data-testid='stPlotlyChart']")
    charts.last.locator(".main-svg").first.wait_for(timeout=30_000)
    assert "bereinigte Referenz" in charts.last.inner_text()
    assert "Maßnahme umgesetzt" in charts.first.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    # Streamlit scrolls inside the page: one picture of the table, one of the chart, one of the timeline
    page.get_by_role("heading", name="Maßnahmen", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "gebaeude_massnahmen.png")
    page.get_by_text("Nachgewiesene Einsparung: Referenz gegen tatsächlichen Verbrauch").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "gebaeude_massnahmen_nachweis.png")
    charts.first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "gebaeude_massnahmen_zeitachse.png")
