"""Real browser: Playwright with Debian's chromium against `streamlit run app.py`.

Opens the dashboard, sees the chart, uploads a file through the Import page,
confirms the preview and sees the new data on the overview. Screenshots go to
``test-results/`` for a human look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import SHOTS, login, open_in_sidebar, require_chromium, streamlit_server, wait_idle
from conftest import TEST_PASSWORD, make_store_file

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One dashboard for the module's small-store tests (a server start costs seconds of CPU). Each test has a
    browser context of its own (pytest-playwright's ``page``): its own Streamlit session, no login carried over.
    What one test writes (the energy file, the campaign file) touches nothing another one looks at."""
    content = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
               "Rathaus Kusel;Strom;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n")
    db = make_store_file(tmp_path_factory.mktemp("browser") / "browser.duckdb",
                         [(content, "start.csv", "VG Kusel-Altenglan")], accounts=True)
    yield from streamlit_server(db)


def test_chart_upload_confirm_and_see_new_data(server, page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(server)
    wait_idle(page)
    page.get_by_text("Verbrauch in der Westpfalz").wait_for()
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    page.screenshot(path=SHOTS / "uebersicht.png", full_page=True)

    login(page, server, "agentur", TEST_PASSWORD)
    open_in_sidebar(page, "Import")
    upload = tmp_path / "Stadt_KL_2024.csv"
    upload.write_bytes(("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
                        "Pfalztheater;Strom;01.2024;4.321,5;kWh\nPfalztheater;Gas;01.2024;1.000;m³\n").encode("cp1252"))
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Stadt Kaiserslautern", exact=True).click()
    wait_idle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    page.get_by_text("Vorschau").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text("Neue Gebäude (Kategorie Sonstiges, ohne Fläche): Pfalztheater").wait_for()
    page.screenshot(path=SHOTS / "import_vorschau.png", full_page=True)
    page.get_by_role("button", name="Import speichern").click()
    page.get_by_text("Gespeichert: 2 Werte").wait_for(timeout=30_000)

    open_in_sidebar(page, "Übersicht")
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    chart_text = page.locator("[data-testid='stPlotlyChart']").first.inner_text()
    assert "Kaiserslautern" in chart_text
    page.screenshot(path=SHOTS / "uebersicht_nach_import.png", full_page=True)


def test_campaign_file_with_errors_gets_the_preview_and_rejection(server, page, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    login(page, server, "agentur", TEST_PASSWORD)
    open_in_sidebar(page, "Import")
    upload = tmp_path / "kampagnen_2025.csv"
    upload.write_bytes(("Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende\n"
                        "K1;Solar-Check Kusel;Photovoltaik;Landkreis Kusel;VG Kusel-Altenglan;01.03.2025;31.05.2025\n"
                        "K2;Windpark-Dialog;Windkraft;Landkreis Kusel;;01.03.2025;31.05.2025\n").encode("utf-8-sig"))
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    page.get_by_text("Vorschau").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text("Kampagnen des Netzwerks").first.wait_for()
    page.get_by_text("Abgelehnte Zeilen (1)").wait_for()
    rejected = page.locator("[data-testid='stDataFrame']").last
    rejected.wait_for()
    page.screenshot(path=SHOTS / "import_kampagnen_fehler.png", full_page=True)
    button = page.get_by_role("button", name="Nur die 1 gültigen Zeilen speichern")
    assert button.is_visible()
    button.click()
    page.get_by_text("Gespeichert: 1 Werte").wait_for(timeout=30_000)


def test_login_limits_a_manager_to_the_own_municipality_and_logout_ends_it(server, page):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(server + "/import_daten")
    wait_idle(page)
    page.get_by_text("Importieren und Rückgängigmachen nur nach Anmeldung").wait_for(timeout=30_000)
    assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
    # a wrong password: a message, no login
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Anmelden", exact=True).first.click()
    sidebar.get_by_label("Benutzername").fill("kusel")
    sidebar.get_by_label("Passwort", exact=True).fill("falsch-falsch")
    sidebar.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Anmeldung fehlgeschlagen").wait_for(timeout=30_000)
    page.screenshot(path=SHOTS / "login_fehlgeschlagen.png")
    # the manager of VG Kusel-Altenglan: the import offers only that municipality
    login(page, server, "kusel", TEST_PASSWORD)
    open_in_sidebar(page, "Import")
    page.get_by_test_id("stSidebar").get_by_text("Klimaschutzmanagement").first.wait_for(timeout=30_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").wait_for(state="attached", timeout=30_000)
    page.get_by_test_id("stSelectbox").first.click()
    options = page.get_by_role("option").all_inner_texts()
    assert [o.strip() for o in options] == ["VG Kusel-Altenglan"]
    page.keyboard.press("Escape")
    page.screenshot(path=SHOTS / "import_als_manager.png")
    # logout: the import is closed again
    page.get_by_test_id("stSidebar").get_by_role("button", name="Abmelden").click()
    page.get_by_text("Importieren und Rückgängigmachen nur nach Anmeldung").wait_for(timeout=30_000)
    wait_idle(page)  # elements of the run before stay until this run has finished
    page.get_by_test_id("stFileUploaderDropzoneInput").wait_for(state="detached", timeout=30_000)
    assert page.get_by_test_id("stSidebar").get_by_label("Benutzername").count() == 1


def test_chart_and_table_downloads_in_the_browser(server, page):
    """The popover under a chart gives a print-resolution PNG rendered on the server; the table gives XLSX."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(server)  # Übersicht is the default page: st.navigation serves it at the root URL
    wait_idle(page)
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Diagramm herunterladen").first.click()
    with page.expect_download(timeout=60_000) as png:
        page.get_by_role("button", name="PNG (Druckauflösung)").click()
    assert png.value.suggested_filename.startswith("Uebersicht_Energie_Landkreis") and \
        png.value.suggested_filename.endswith(".png")
    data = Path(png.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and int.from_bytes(data[16:20], "big") == 3600
    page.keyboard.press("Escape")
    with page.expect_download(timeout=30_000) as xlsx:
        page.get_by_role("button", name="Tabelle als Excel (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    assert Path(xlsx.value.path()).read_bytes().startswith(b"PK\x03\x04")


def test_language_switch_in_the_sidebar(server, page):
    page.goto(server)
    wait_idle(page)
    page.get_by_text("English", exact=True).click()
    wait_idle(page)
    page.screenshot(path=SHOTS / "english.png")
    page.get_by_text("Consumption in the Westpfalz").wait_for(timeout=30_000)
    assert "lang=en" in page.url
