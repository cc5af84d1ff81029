"""``ktdash export progress`` writes what the pages and the Energiebericht show as progress.

Store (tests/conftest.make_analytics_store_file): Rathaus Kusel (VG Kusel-Altenglan) 2022 gas 100.000 +
power 20.000 kWh, 2024 gas 90.000 + power 18.000; Rathaus KL (Stadt Kaiserslautern) the same 2022, 2024
gas 110.000 + power 22.000; degree days = long-term mean in every month, so normalised = raw.
"""

from __future__ import annotations

import csv
import io

import pytest

from conftest import make_analytics_store_file, open_page
from ktdash.analytics import metrics
from ktdash.cli.main import main
from ktdash.core.settings import AnalyticsSettings
from ktdash.output.charts.comparison import saving_text
from ktdash.store.connection import open_store


@pytest.fixture
def progress_store(tmp_path, monkeypatch):
    path = make_analytics_store_file(tmp_path / "progress.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def exported(capsys, *args) -> list[dict]:
    assert main(["export", "progress", *args]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_export_progress_by_municipality_by_hand_and_equal_to_the_library(progress_store, capsys):
    rows = {r["name"]: r for r in exported(capsys, "--level", "municipality", "--year", "2024", "--baseline", "2022")}
    kusel = rows["VG Kusel-Altenglan"]
    # baseline 2022: 100.000 + 20.000 = 120.000 kWh; 2024: 90.000 + 18.000 = 108.000 → saving 12.000 = 10 %
    assert float(kusel["baseline_kwh"]) == pytest.approx(120_000)
    assert float(kusel["year_kwh"]) == pytest.approx(108_000)
    assert float(kusel["saving_share"]) == pytest.approx(0.1)
    # target path −2 %/a: 120.000 × 0,98² = 115.248 kWh; 108.000 ≤ 115.248 → on track
    assert float(kusel["target_kwh"]) == pytest.approx(115_248)
    assert kusel["on_track"] == "True" and kusel["buildings_compared"] == "1"
    assert kusel["baseline_year"] == "2022" and kusel["year"] == "2024"
    assert "G_mean(1991-2020)" in kusel["normalisation"]
    con = open_store(progress_store)
    try:
        library = metrics.progress(con, "municipality", 2022, 2024, metrics.Selection(), AnalyticsSettings())
    finally:
        con.close()
    for _, r in library.iterrows():
        row = rows[r["name"]]
        for column in ("baseline_kwh", "year_kwh", "saving_kwh", "saving_share", "target_kwh"):
            assert float(row[column]) == pytest.approx(float(r[column]), abs=1e-3)


def test_export_progress_defaults_and_districts(progress_store, capsys):
    rows = exported(capsys)  # district level, newest year with a December (2024), baseline setting 2019
    assert rows == []  # no building has data in 2019: nothing compared, nothing invented
    rows = {r["name"]: r for r in exported(capsys, "--baseline", "2022")}
    assert set(rows) == {"Kusel", "Kaiserslautern"}
    assert all(r["year"] == "2024" and r["level"] == "district" for r in rows.values())
    # Kaiserslautern: 100.000 + 20.000 = 120.000 → 110.000 + 22.000 = 132.000: −10 %, not on track
    assert float(rows["Kaiserslautern"]["saving_share"]) == pytest.approx(-0.1)
    assert rows["Kaiserslautern"]["on_track"] == "False"


def test_pages_show_the_exported_progress(progress_store, capsys):
    rows = {r["name"]: r for r in exported(capsys, "--level", "municipality", "--year", "2024", "--baseline", "2022")}
    at = open_page("pages/kommune.py", "de", 60, user="kusel", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    share = float(rows["VG Kusel-Altenglan"]["saving_share"])
    assert cards["Einsparung seit 2022"] == saving_text(share, "de")  # signed: "+10,0 %" = 10 % less energy
    at = open_page("pages/vergleich.py", "de", 60, jahr="2024", basis="2022")
    at.radio(key="comparison_level").set_value("municipality").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Name")
    saving_column = [c for c in table.columns if "Einsparung" in c][0]
    for name, row in rows.items():
        assert float(table.loc[name, saving_column]) == pytest.approx(float(row["saving_share"]) * 100, abs=0.05)
