"""End to end: an empty store, `ktdash init` imports the Westpfalz demo through the real
import, `ktdash export monthly` gives per building, carrier and year exactly the values
the generator wrote (sample_data/demo/expected_yearly.csv), and importing a demo file
again changes nothing."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import deep_link
from ktdash.ingest.masterdata import demo_accounts
from ktdash.store.records import MonthlyValue

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "sample_data" / "demo"
MASTER = ROOT / "sample_data" / "master"


def ktdash(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("KTDASH_USER", "KTDASH_PASSWORD")} | env
    env["KTDASH_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "ktdash.cli.main", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=900)


@pytest.fixture(scope="module")
def demo_store(demo_template, tmp_path_factory) -> Path:
    from conftest import demo_copy

    assert "Demodateien importiert" in demo_template[1]  # what `ktdash init` printed when it built the store
    return demo_copy(demo_template, tmp_path_factory, "e2e")


@pytest.fixture(scope="module")
def cli_store(demo_template, tmp_path_factory) -> Path:
    """A copy of its own for the tests that run ktdash in another process: the AppTest pages of this module
    hold ``demo_store`` open in this process, whatever order the tests run in (one process may open a DuckDB
    file read-write)."""
    from conftest import demo_copy

    return demo_copy(demo_template, tmp_path_factory, "e2e_cli")


@pytest.fixture(scope="module")
def first_export(cli_store) -> str:
    """``ktdash export monthly`` of ``cli_store`` before any test of the module changed it (built before the first
    test that uses it runs): the tests that change nothing compare their export after the change with it."""
    result = ktdash("export", "monthly", db=cli_store)
    assert result.returncode == 0, result.stderr
    return result.stdout


def yearly_sums(export: str) -> dict[tuple[str, str, str, int], float]:
    """The sums per (municipality, building, carrier, year) of the CSV of ``ktdash export monthly``."""
    sums: dict[tuple, float] = defaultdict(float)
    for row in csv.DictReader(io.StringIO(export)):
        MonthlyValue(**row)  # every row has the documented shape
        sums[(row["municipality"], row["building"], row["carrier"], int(row["month"][:4]))] += float(row["value"])
    return dict(sums)


def expected_yearly() -> dict[tuple[str, str, str, int], float]:
    with (MASTER / "municipalities.csv").open(encoding="utf-8") as fh:
        names = {r["municipality_key"]: r["name"] for r in csv.DictReader(fh)}
    with (DEMO / "expected_yearly.csv").open(encoding="utf-8") as fh:
        return {(names[r["municipality_key"]], r["building"], r["carrier"], int(r["year"])): float(r["value"])
                for r in csv.DictReader(fh)}


def test_export_equals_the_hand_calculation_of_every_demo_file(first_export):
    got, expected = yearly_sums(first_export), expected_yearly()
    assert set(got) == set(expected)
    # monthly values are exported with 3 decimals; twelve of them add up to at most 0,006 off
    off = {k: (got[k], expected[k]) for k in expected if abs(got[k] - expected[k]) > 0.006 + 1e-9 * expected[k]}
    assert not off, list(off.items())[:10]


def test_every_demo_layout_and_encoding_was_used(cli_store):
    import duckdb

    con = duckdb.connect(str(cli_store), read_only=True)
    try:
        layouts = {r[0] for r in con.execute("SELECT DISTINCT layout FROM imports").fetchall()}
        buildings = con.execute("SELECT count(*) FROM buildings").fetchone()[0]
        interval_meters = con.execute("SELECT count(*) FROM meters WHERE NOT cumulative").fetchone()[0]
    finally:
        con.close()
    assert layouts == {"buildings", "readings", "periods", "wide", "load_profile", "campaigns", "activities",
                       "pv_register", "measures", "network_people"}  # measures: issue 17; network_people: 18
    assert 250 <= buildings <= 350
    assert interval_meters >= 3


def test_municipalities_command_lists_the_westpfalz(cli_store):
    result = ktdash("municipalities", db=cli_store)
    assert result.returncode == 0
    for name in ("Kusel", "Pirmasens", "Zweibrücken", "Donnersbergkreis", "Südwestpfalz"):
        assert name in result.stdout


def test_importing_a_demo_file_again_changes_nothing(cli_store, first_export):
    with (DEMO / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    consumption = next(r for r in rows if "zaehlerstaende" in r["file"])
    # the demo store has the demo accounts: a change through the CLI logs in (here as the demo admin)
    admin = next(a for a in demo_accounts() if a["role"] == "admin")
    result = ktdash("import", str(DEMO / consumption["file"]), "--municipality", consumption["municipality_key"],
                    db=cli_store, KTDASH_USER=admin["user_name"], KTDASH_PASSWORD=admin["password"])
    assert result.returncode == 0, result.stderr
    assert "ersetzen" in result.stdout and "(0 geändert)" in result.stdout
    assert ktdash("export", "monthly", db=cli_store).stdout == first_export


def test_init_again_keeps_the_data_and_imports_nothing(cli_store, first_export):
    result = ktdash("init", db=cli_store)
    assert result.returncode == 0, result.stderr
    assert "0 Demodateien importiert" in result.stdout
    assert ktdash("export", "monthly", db=cli_store).stdout == first_export


PAGES = ["pages/uebersicht.py", "pages/vergleich.py", "pages/kommune.py", "pages/gebaeude.py",
         "pages/datenqualitaet.py", "pages/methoden.py", "pages/import_daten.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo(demo_store, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KTDASH_DB", str(demo_store))
    at = deep_link(AppTest.from_file("../app.py", default_timeout=120), page)  # as a bookmark opens it
    assert not at.exception
    if page.endswith("uebersicht.py"):
        table = at.dataframe[0].value
        assert len(table) == 7  # the four Landkreise and three cities of the Westpfalz
        assert len(at.get("plotly_chart")) == 4  # by place, by year; year to date and rolling 12 months (issue 17)


def kpis(db: Path, year: int) -> list[dict]:
    """``ktdash export kpis --year Y``, run in this process: the AppTest pages of this module hold the
    store open (one process may open a DuckDB file read-write), so a second process could not."""
    import contextlib

    from ktdash.cli import main as cli

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        mp.setenv("KTDASH_DB", str(db))
        assert cli.main(["export", "kpis", "--year", str(year)]) == 0
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_comparison_shows_who_saves_as_the_generator_made_them(demo_store):
    """Savers of trends.csv (−3 … −5 %/a from 2021) save ≥ 10 % from 2019 to 2025 and are on the −2 %/a
    path; risers (+1 … +2 %/a) use more and are not; flat ones move less than 5 %."""
    from ktdash.analytics import metrics
    from ktdash.store.connection import open_store

    with (DEMO / "trends.csv").open(encoding="utf-8") as fh:
        trends = {r["municipality_key"]: float(r["trend_per_year"]) for r in csv.DictReader(fh)}
    con = open_store(demo_store)  # the same configuration as the pages' connection in this process
    try:
        progress = metrics.progress(con, "municipality", 2019, 2025).set_index("key")
    finally:
        con.close()
    assert set(progress.index) == set(trends)
    for key, trend in trends.items():
        row = progress.loc[key]
        if trend <= -0.03:
            assert row["saving_share"] >= 0.10 and row["on_track"], (row["name"], trend, row["saving_share"])
        elif trend >= 0.01:
            assert row["saving_share"] < 0 and not row["on_track"], (row["name"], trend, row["saving_share"])
        else:
            assert abs(row["saving_share"]) < 0.05 and not row["on_track"], (row["name"], trend, row["saving_share"])


def test_weather_normalisation_removes_the_generated_weather(demo_store):
    """The generator made heat with the real degree days of each building's DWD station (2021 cold, 2024 mild;
    Kaiserslautern 3.483 and 2.999 Kd): normalised heat of the flat owners differs far less between those years
    than raw heat."""
    rows = [r for r in kpis(demo_store, 2021) + kpis(demo_store, 2024) if r["use"] == "heat"]
    with (DEMO / "trends.csv").open(encoding="utf-8") as fh:
        flat = {r["name"] for r in csv.DictReader(fh) if abs(float(r["trend_per_year"])) < 0.005}
    totals = defaultdict(float)
    for r in rows:
        if r["municipality"] in flat:
            totals[(r["year"], "raw")] += float(r["kwh_raw"])
            totals[(r["year"], "norm")] += float(r["kwh_normalised"])
    raw_ratio = totals[("2024", "raw")] / totals[("2021", "raw")]
    norm_ratio = totals[("2024", "norm")] / totals[("2021", "norm")]
    assert raw_ratio < 0.92  # the mild year looks like saving …
    assert abs(norm_ratio - 1) < 0.03  # … and normalised it is not
    assert all(r["weather_normalised"] == "True" for r in rows)


def test_page_figures_equal_the_kpi_export(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KTDASH_DB", str(demo_store))
    rows = kpis(demo_store, 2024)
    # Vergleich Westpfalz, districts, 2024: energy normalised = heat normalised + electricity of the export
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["jahr"] = "2024"
    deep_link(at, "pages/vergleich.py")
    assert not at.exception
    table = at.dataframe[0].value.set_index("Landkreis/Stadt" if "Landkreis/Stadt" in at.dataframe[0].value else "Name")
    expected = defaultdict(float)
    for r in rows:
        if r["use"] != "water":
            expected[r["district"]] += float(r["kwh_normalised"])
    assert len(table) == 7
    for district, value in expected.items():
        assert table.loc[district, "Energie [kWh] (witterungsbereinigt, Stationsmittel 1991–2020)"] == pytest.approx(
            value, abs=0.01 * 20)
    # Kommune, VG Kusel-Altenglan, 2024: heat kWh/m² and comparison value of every building
    at.switch_page("pages/kommune.py")
    at.query_params["kommune"] = "073365010"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Gebäude")
    heat = {r["building"]: r for r in rows if r["municipality"] == "VG Kusel-Altenglan" and r["use"] == "heat"}
    assert heat and set(heat) <= set(table.index)
    for building, r in heat.items():
        if r["use_kwh_per_m2"]:
            assert table.loc[building, "Wärme kWh/m² (auf Referenzklima Potsdam bereinigt)"] == pytest.approx(
                float(r["use_kwh_per_m2"]), abs=1e-3)
            assert table.loc[building, "Vergleichswert Wärme kWh/m²"] == pytest.approx(
                float(r["comparison_kwh_per_m2"]), abs=1e-3)


def test_building_page_cards_equal_the_kpi_export(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ktdash.core.formatting import format_number
    from ktdash.store.connection import open_store

    monkeypatch.setenv("KTDASH_DB", str(demo_store))
    rows = [r for r in kpis(demo_store, 2024) if r["building"] == "Grundschule Niedersimten"]
    con = open_store(demo_store)
    try:
        building_id = con.execute("SELECT building_id FROM buildings WHERE name = 'Grundschule Niedersimten'"
                                  ).fetchone()[0]
    finally:
        con.close()
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["building"] = str(building_id)
    at.session_state["building_year"] = 2024
    deep_link(at, "pages/gebaeude.py")
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    heat = sum(float(r["kwh_normalised"]) for r in rows if r["use"] == "heat")
    benchmark = sum(float(r["kwh_benchmark"]) for r in rows if r["use"] == "heat")
    electricity = sum(float(r["kwh_raw"]) for r in rows if r["use"] == "electricity")
    co2 = sum(float(r["t_co2e"]) for r in rows if r["t_co2e"])
    heat_per_m2 = next(float(r["use_kwh_per_m2"]) for r in rows if r["use"] == "heat")

    def whole_kwh(card: str) -> int:
        number, unit = card.split(" ")
        assert unit == "kWh"
        return int(number.replace(".", ""))

    # the cards round the exact sum to whole kWh, the export gives each row to 0,001 kWh: a sum right at ,5
    # may round either way (round half to even, float order of the sum), so allow that half kWh
    assert abs(whole_kwh(cards["Wärme, witterungsbereinigt"]) - heat) <= 0.5 + 1e-6
    assert abs(whole_kwh(cards["Wärme, bereinigt auf Potsdam"]) - benchmark) <= 0.5 + 1e-6
    assert abs(whole_kwh(cards["Strom"]) - electricity) <= 0.5 + 1e-6
    assert cards["Wärme je m², bereinigt auf Potsdam"].startswith(format_number(heat_per_m2, 1))
    assert cards["Emissionen (aus unbereinigtem Verbrauch)"].startswith(format_number(co2, 1))


# --- campaigns ------------------------------------------------------------------------------------------------

def test_demo_pv_additions_equal_what_the_generator_wrote(demo_store, monkeypatch, capsys):
    """`ktdash export campaigns --by pv` gives per municipality and year exactly the solar units and kWp of the
    register extracts (sample_data/demo/expected_pv.csv), after skipping other sources, planned units and
    units outside the region."""
    from ktdash.cli.main import main

    monkeypatch.setenv("KTDASH_DB", str(demo_store))
    capsys.readouterr()
    assert main(["export", "campaigns", "--by", "pv"]) == 0  # in-process: an AppTest above may hold the store
    got = {(r["key"], int(r["year"])): (int(r["units"]), float(r["kwp"]))
           for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    with (DEMO / "expected_pv.csv").open(encoding="utf-8") as fh:
        expected = {(r["municipality_key"], int(r["year"])): (int(r["units"]), float(r["kwp"]))
                    for r in csv.DictReader(fh)}
    assert set(got) == set(expected)
    off = {k: (got[k], expected[k]) for k in expected
           if got[k][0] != expected[k][0] or abs(got[k][1] - expected[k][1]) > 0.0015}
    assert not off, list(off.items())[:10]


def test_demo_campaigns_and_activities_are_all_stored(demo_store):
    def data_rows(path: Path) -> int:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
        lines = [line for line in text.splitlines() if line.strip()]
        header = next(i for i, line in enumerate(lines) if line.startswith(("Kampagne;", "Kampagnen-Nr;", "Nr;")))
        return len(lines) - header - 1

    from ktdash.store.connection import open_store

    con = open_store(demo_store)  # the same configuration as the pages' connection in this process
    try:
        campaigns, activities = con.execute(
            "SELECT (SELECT count(*) FROM campaigns), (SELECT count(*) FROM activities)").fetchone()
    finally:
        con.close()
    assert campaigns == data_rows(DEMO / "kampagnen_westpfalz.csv")
    assert activities == sum(data_rows(p) for p in DEMO.glob("aktivitaeten_*.csv"))


def test_demo_pv_campaigns_show_the_injected_effect(demo_store):
    """The generator adds +25 % additions in the 12 months from each photovoltaic campaign's start in its
    municipalities: every completed before/after comparison finds a positive difference."""
    from ktdash.analytics.campaigns import before_after
    from ktdash.store.connection import open_store

    con = open_store(demo_store)
    try:
        ids = [r[0] for r in con.execute("SELECT campaign_id FROM campaigns WHERE topic = 'Photovoltaik' "
                                         "ORDER BY 1").fetchall()]
        results = {i: before_after(con, i) for i in ids}
    finally:
        con.close()
    completed = {i: r for i, r in results.items() if r.complete}
    assert len(completed) >= 3
    assert all(r.difference > 0 for r in completed.values()), {i: r.difference for i, r in completed.items()}
    assert all(not r.complete and r.difference is None for i, r in results.items() if i not in completed)


def test_campaign_page_figures_equal_the_campaign_export(demo_store, monkeypatch, capsys):
    """Kampagnen (districts, 2024) and Kampagne (K2023-01) show what `ktdash export campaigns` writes."""
    from streamlit.testing.v1 import AppTest

    from ktdash.cli.main import main

    monkeypatch.setenv("KTDASH_DB", str(demo_store))

    def export(*args: str) -> list[dict[str, str]]:
        capsys.readouterr()
        assert main(["export", "campaigns", *args]) == 0
        return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    districts = {r["name"]: r for r in export("--by", "district", "--year", "2024")}
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["jahr"] = "2024"
    deep_link(at, "pages/kampagnen.py")
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Landkreis/Stadt" in d.value.columns).set_index("Landkreis/Stadt")
    assert set(table.index) == set(districts) and len(districts) == 7
    for name, r in districts.items():
        shown = table.loc[name, "Teilnehmende"]
        assert (int(r["participants"]) if r["participants"] else None) == (None if pd_isna(shown) else int(shown))
        if r["participants_per_1000"]:
            assert table.loc[name, "Teilnehmende je 1.000 EW"] == pytest.approx(float(r["participants_per_1000"]),
                                                                               abs=0.05)  # shown with 1 decimal
        if r["cost_per_participant"]:
            assert table.loc[name, "€ je Teilnehmende/n"] == pytest.approx(float(r["cost_per_participant"]),
                                                                          abs=0.0051)  # cents against 3 decimals
    assert sum(int(r["participants"] or 0) for r in districts.values()) > 0

    campaign = next(r for r in export("--by", "campaign") if r["campaign_id"] == "K2023-01")
    at.switch_page("pages/kampagne.py")
    at.query_params.clear()
    at.query_params["kampagne"] = "K2023-01"
    at.run()
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert cards["Teilnehmende"] == f"{int(campaign['participants']):,}".replace(",", ".")
    assert cards["Teilnehmende je 1.000 EW"] == f"{float(campaign['participants_per_1000']):.1f}".replace(".", ",")


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
