"""The analytics pages (Vergleich Westpfalz, Kommune, Methoden und Faktoren) through AppTest on a small store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conftest import make_analytics_store_file, open_page
from ktdash.reference import load_reference_data
from ktdash.store import open_store

TIMEOUT = 60



@pytest.fixture
def app_store(tmp_path, monkeypatch):
    path = make_analytics_store_file(tmp_path / "analytics.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def page(path: str, lang: str = "de", user: str | None = None, **query) -> AppTest:
    return open_page(path, lang, TIMEOUT, user=user, **query)


def test_comparison_page_table_and_charts(app_store):
    at = page("pages/vergleich.py", jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value == "Vergleich Westpfalz"
    table = at.dataframe[0].value.set_index("Name")
    # Kusel: 90.000 + 18.000 = 108.000 kWh in 2024 (no weather effect) for 69.000 inhabitants of the district
    assert table.loc["Kusel", "Energie bereinigt [kWh]"] == pytest.approx(108_000)
    assert table.loc["Kusel", "kWh je Einwohner"] == pytest.approx(108_000 / 69_000)
    # saving 2024 against 2022: (120.000 − 108.000) / 120.000 = 10 %; target 0,98² → 3,96 %: on track
    assert table.loc["Kusel", "Einsparung seit 2022 [%]"] == pytest.approx(10.0)
    assert bool(table.loc["Kusel", "auf Zielpfad"])
    assert table.loc["Kaiserslautern", "Einsparung seit 2022 [%]"] == pytest.approx(-10.0)
    assert len(at.get("plotly_chart")) == 4
    assert at.query_params["jahr"] == "2024" and at.query_params["basis"] == "2022"


def test_comparison_page_by_municipality_in_english(app_store):
    at = page("pages/vergleich.py", lang="en")
    at.radio(key="comparison_level").set_value("municipality").run()
    assert not at.exception
    assert at.title[0].value == "Westpfalz comparison"
    table = at.dataframe[0].value
    assert set(table["Name"]) == {"VG Kusel-Altenglan", "Stadt Kaiserslautern"}


def test_municipality_page_cards_buildings_and_target(app_store):
    at = page("pages/kommune.py", user="kusel", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    assert at.title[0].value == "Kommune: VG Kusel-Altenglan"
    cards = {m.label: m.value for m in at.metric}
    assert cards["Energie 2024 (witterungsbereinigt)"] == "108 MWh"
    assert cards["je Einwohner"] == "4,5 kWh"  # 108.000 / 24.000
    assert cards["Einsparung seit 2022"] == "10,0 %"
    table = at.dataframe[0].value.set_index("Gebäude")
    # 90.000 kWh / 1.000 m²; comparison Verwaltung: 48,5 × f(1.000) + 6,9 = 48,5 × 1,2958839 + 6,9 = 69,7504
    assert table.loc["Rathaus Kusel", "Wärme kWh/m² (bereinigt)"] == pytest.approx(90.0)
    assert table.loc["Rathaus Kusel", "Vergleichswert Wärme kWh/m²"] == pytest.approx(69.7504, abs=1e-3)
    assert table.loc["Rathaus Kusel", "Details"].endswith("gebaeude?building=1")
    # an own target of −6 %/a: 120.000 × 0,94² = 106.032 < 108.000 → no longer on track
    at.number_input(key="target_073365001").set_value(-6.0)
    at.button(key="target_save").click().run()
    assert not at.exception
    at.run()
    assert "nicht auf dem Zielpfad" in [m.delta for m in at.metric if m.label.startswith("Einsparung")][0]


def test_methods_page_edits_factors_all_or_nothing(app_store):
    at = page("pages/methoden.py", user="agentur")
    assert not at.exception
    assert "Witterungsbereinigung (Gradtagzahlverfahren)" in [h.value for h in at.header]
    assert any("VDI 3807" in m.value for m in at.markdown)
    con = open_store(app_store)
    try:
        before = con.execute("SELECT count(*) FROM emission_factors").fetchone()[0]
    finally:
        con.close()
    assert before > 0
    assert len(at.get("plotly_chart")) == 1  # degree days


def test_saving_edited_factors_validates_every_row(store):
    import pandas as pd

    from ktdash import reference

    load_reference_data(store)
    frame = reference.emission_factors(store)
    frame.loc[0, "kg_co2e_per_kwh"] = -1.0
    with pytest.raises(reference.TableEditError) as error:
        reference.save_emission_factors(store, frame)
    assert (error.value.code, error.value.row, error.value.column) == ("invalid", 1, "kg_co2e_per_kwh")
    assert store.execute("SELECT min(kg_co2e_per_kwh) FROM emission_factors").fetchone()[0] >= 0  # unchanged
    frame = pd.concat([reference.energy_prices(store)] * 2)
    with pytest.raises(reference.TableEditError) as error:
        reference.save_energy_prices(store, frame)
    assert error.value.code == "duplicate"
    prices = reference.energy_prices(store)
    prices.loc[prices["carrier"] == "Strom", "eur_per_kwh"] = 0.25
    assert reference.save_energy_prices(store, prices) == len(prices)
    assert store.execute("SELECT eur_per_kwh FROM energy_prices WHERE carrier = 'Strom'").fetchone()[0] == 0.25


def test_a_store_from_before_the_analytics_gets_its_reference_data_on_start(app_store):
    con = open_store(app_store)
    try:
        con.execute("DELETE FROM comparison_values")
        con.execute("DELETE FROM emission_factors")
        for table in ("station_degree_days", "station_normals", "climate_stations"):
            con.execute(f"DELETE FROM {table}")
        con.execute("UPDATE municipalities SET climate_station_id = NULL, postcode = '66869'")  # Kusel
    finally:
        con.close()
    at = page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    con = open_store(app_store)
    try:
        assert con.execute("SELECT count(*) FROM comparison_values").fetchone()[0] == 11
        assert con.execute("SELECT count(*) FROM emission_factors").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM climate_stations").fetchone()[0] == 842  # the shipped DWD data
        assert con.execute("SELECT count(*) FROM station_degree_days").fetchone()[0] == 221_108
        assert con.execute("SELECT count(*) FROM yearly_rollup WHERE hdd_actual IS NULL").fetchone()[0] == 0
    finally:
        con.close()


def test_comparison_page_exports_tables_and_charts(app_store, downloads):
    """The table downloads as German CSV and XLSX with a file name saying what, where and when; every chart
    offers PNG, SVG and PDF and its toolbar button gives SVG under the same name."""
    import io
    import json

    import openpyxl

    at = page("pages/vergleich.py", jahr="2024", basis="2022")
    assert not at.exception
    csv_bytes = downloads["Vergleich_Westpfalz_Landkreis_2024.csv"]
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and b"Kusel;" in csv_bytes
    book = openpyxl.load_workbook(io.BytesIO(downloads["Vergleich_Westpfalz_Landkreis_2024.xlsx"]))
    rows = {r[0]: r for r in book.active.iter_rows(min_row=2, values_only=True)}
    assert rows["Kusel"][list(at.dataframe[0].value.columns).index("Energie bereinigt [kWh]")] == pytest.approx(108_000)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("PNG (Druckauflösung)") == labels.count("SVG (Vektor)") == labels.count("PDF") == 4
    specs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    assert {s["toImageButtonOptions"]["format"] for s in specs} == {"svg"}
    assert "Vergleich_Westpfalz_Waerme_je_m2_2024" in {s["toImageButtonOptions"]["filename"] for s in specs}
