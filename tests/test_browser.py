"""Real browser: Playwright with Debian's chromium against `streamlit run app.py`.

Opens the dashboard, sees the chart, uploads a file through the Import page,
confirms the preview and sees the new data on the overview. Screenshots go to
``test-results/`` for a human look.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import make_store_file

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-results"

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    content = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
               "Rathaus Kusel;Strom;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n")
    db = make_store_file(tmp_path / "browser.duckdb", [(content, "start.csv", "VG Kusel-Altenglan")])
    port = free_port()
    env = dict(os.environ, KTDASH_DB=str(db), KTDASH_DEMO="0")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError(process.stdout.read().decode(errors="replace"))
    yield url
    process.terminate()
    process.wait(timeout=10)


def wait_idle(page):
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def test_chart_upload_confirm_and_see_new_data(server, page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(server)
    wait_idle(page)
    page.get_by_text("Verbrauch in der Westpfalz").wait_for()
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    page.screenshot(path=SHOTS / "uebersicht.png", full_page=True)

    page.goto(server + "/import_daten")
    wait_idle(page)
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

    page.goto(server + "/uebersicht")
    wait_idle(page)
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    chart_text = page.locator("[data-testid='stPlotlyChart']").first.inner_text()
    assert "Kaiserslautern" in chart_text
    page.screenshot(path=SHOTS / "uebersicht_nach_import.png", full_page=True)


def test_language_switch_in_the_sidebar(server, page):
    page.goto(server)
    wait_idle(page)
    page.get_by_text("English", exact=True).click()
    wait_idle(page)
    page.screenshot(path=SHOTS / "english.png")
    page.get_by_text("Consumption in the Westpfalz").wait_for(timeout=30_000)
    assert "lang=en" in page.url
