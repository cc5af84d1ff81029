"""Issue 20 "Done when" 1: with the dashboard running (a real ``streamlit run``) and a browser reloading a page
all the while, ``ktdash report``, ``export``, ``backup`` and a cron-style ``import`` succeed from a second shell;
the page never shows an error and counts the new import afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from browser_support import require_chromium, streamlit_server, wait_idle
from conftest import TEST_PASSWORD, make_store_file

pytestmark = pytest.mark.browser

require_chromium()

START = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
         "Rathaus Kusel;Strom;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n")
NIGHTLY = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nRathaus Kusel;Erdgas;03.2024;1.200;kWh\n"
KTDASH = str(Path(sys.executable).with_name("ktdash"))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return make_store_file(tmp_path_factory.mktemp("sharing_browser") / "sharing.duckdb",
                           [(START, "start.csv", "VG Kusel-Altenglan")], accounts=True)


@pytest.fixture(scope="module")
def server(store):
    yield from streamlit_server(store)


def imports_shown(page) -> str:
    page.get_by_test_id("stMetric").nth(3).wait_for(timeout=60_000)
    return page.get_by_test_id("stMetric").filter(has_text="Importe").get_by_test_id("stMetricValue").inner_text()


def test_cli_commands_run_beside_the_dashboard_while_its_page_reloads(server, store, page, tmp_path):
    page.goto(server)
    wait_idle(page)
    assert imports_shown(page) == "1"
    (tmp_path / "nacht.csv").write_text(NIGHTLY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTDASH_")} | {
        "KTDASH_DB": str(store), "KTDASH_USER": "agentur", "KTDASH_PASSWORD": TEST_PASSWORD, "KTDASH_DEMO": "0"}
    commands = [
        ["report", "--municipality", "VG Kusel-Altenglan", "--year", "2024", "--out", str(tmp_path / "b.pdf")],
        ["export", "monthly", "--out", str(tmp_path / "monatswerte.csv")],
        ["backup", str(tmp_path / "sicherung.duckdb")],
        ["import", str(tmp_path / "nacht.csv"), "--municipality", "VG Kusel-Altenglan"],  # as cron runs it
    ]
    reloads = {}
    for args in commands:
        process = subprocess.Popen([KTDASH, *args], env=env, cwd=tmp_path, text=True, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reloads[args[0]] = 0
        while process.poll() is None:  # the page stays usable while the command runs
            page.reload()
            page.get_by_test_id("stMetric").nth(3).wait_for(timeout=60_000)  # the page drawn: its four key figures
            wait_idle(page)
            assert page.get_by_test_id("stAlertContentError").count() == 0, page.inner_text("body")[:500]
            reloads[args[0]] += 1
        out, err = process.communicate()
        assert process.returncode == 0, (args, out, err)
    assert all(count >= 1 for count in reloads.values()), reloads  # each ran while the page was being used
    assert (tmp_path / "b.pdf").read_bytes()[:4] == b"%PDF"
    assert "Rathaus Kusel" in (tmp_path / "monatswerte.csv").read_text(encoding="utf-8")
    backup = duckdb.connect(str(tmp_path / "sicherung.duckdb"), read_only=True)
    assert backup.execute("SELECT count(*) FROM imports").fetchone() == (1,)
    backup.close()
    page.reload()
    wait_idle(page)
    assert imports_shown(page) == "2", reloads  # the dashboard sees the nightly import
    # a restore replaces the file: refused while the dashboard runs, naming it (it holds no lock between runs)
    refused = subprocess.run([KTDASH, "restore", str(tmp_path / "sicherung.duckdb")], env=env, cwd=tmp_path,
                             text=True, capture_output=True, stdin=subprocess.DEVNULL)
    assert refused.returncode == 2 and "von dem Dashboard (Prozess" in refused.stderr, refused.stderr
    assert "beenden Sie dafür das Dashboard" in refused.stderr and "Nichts geändert" in refused.stderr
    assert imports_shown(page) == "2"
