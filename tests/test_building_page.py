"""The building page (Gebäude): its charts, the hot-water share setter, and the page through AppTest."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import DATA, make_store_file, session_token
from climate_support import set_test_climate
from ktdash import charts, metrics, queries
from ktdash.buildings import set_hot_water_share, year_figures
from ktdash.masterdata import load_master_data
from ktdash.reference import load_reference_data
from ktdash.settings import AnalyticsSettings
from ktdash.store import data_version, open_store

TIMEOUT = 60

# One building, 2023 electricity only, 2024 electricity and natural gas: heat 2024 = 5.700 kWh, power 1.080 kWh.
MONTHS = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
          "Kita Sonnenschein;Strom;2023;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n"
          "Kita Sonnenschein;Strom;2024;kWh;90;90;90;90;90;90;90;90;90;90;90;90\n"
          "Kita Sonnenschein;Erdgas;2024;kWh;1.000;800;600;400;200;100;100;100;200;400;800;1.000\n")
MASTER = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nKita Sonnenschein;Kita;500;1990\n"
DEPOT = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nBauhof Kusel;Strom;01.2024;50;kWh\n"
# measured 200 K·d in every month of 2023 and 2024, long-term mean 250 K·d: G_ref / G_actual = 3000 / 2400 = 1.25
DEGREE_DAYS = {f"{y}-{m:02d}": 200 for y in (2023, 2024) for m in range(1, 13)}


def heat_2024(con, analytics: AnalyticsSettings = AnalyticsSettings()) -> float:
    rows = metrics.building_carrier_years(con, metrics.Selection(years=(2024,), carriers=("Erdgas",)), analytics)
    assert len(rows) == 1 and bool(rows.iloc[0]["weather_normalised"])
    return float(rows.iloc[0]["kwh_normalised"])


def building_id(con, name: str = "Kita Sonnenschein") -> int:
    return con.execute("SELECT building_id FROM buildings WHERE name = ?", [name]).fetchone()[0]


# --- charts --------------------------------------------------------------------------------------------------

MONTHLY = pd.DataFrame({
    "carrier": ["Erdgas", "Erdgas", "Strom", "Strom", "Erdgas"],
    "month": pd.to_datetime(["2023-01-01", "2023-02-01", "2023-01-01", "2023-02-01", "2024-01-01"]),
    "year": [2023, 2023, 2023, 2023, 2024],
    "month_of_year": [1, 2, 1, 2, 1],
    "value": [1200.5, 1000.0, 90.0, 80.0, 1100.0],
})

YEARS = pd.DataFrame({
    "year": [2022, 2023, 2024],
    "heat_kwh_raw": [10_000.0, 9_000.0, None],
    "heat_kwh_normalised": [11_000.0, 9_000.0, None],
    "heat_weather_normalised": [True, False, None],
    "heat_kwh_per_m2": [110.0, 90.0, None],
    "electricity_kwh_per_m2": [20.0, 21.0, 22.5],
    "heat_comparison_kwh_per_m2": [90.884, 90.884, 90.884],
    "electricity_comparison_kwh_per_m2": [10.3, 10.3, 10.3],
})


def test_monthly_series_one_line_per_carrier_with_units():
    fig = charts.building_monthly_series(MONTHLY, "kWh")
    assert [t.name for t in fig.data] == ["Strom", "Erdgas"]  # carrier order of CARRIER_COLORS
    gas = fig.data[1]
    assert list(gas.y) == [1200.5, 1000.0, 1100.0] and gas.line.color == charts.CARRIER_COLORS["Erdgas"]
    assert fig.layout.yaxis.title.text == "Verbrauch [kWh]"
    assert fig.layout.title.text == "Monatsverbrauch je Energieträger in kWh, nicht witterungsbereinigt"
    assert fig.layout.separators == ",." and fig.layout.yaxis.tickformat == ",.0f"
    assert fig.layout.xaxis.tickformat == "%m.%Y"  # 01.2024, no English month names
    assert "%{y:,.0f} kWh" in gas.hovertemplate


def test_monthly_series_water_in_m3_and_english():
    water = pd.DataFrame({"carrier": ["Wasser"], "month": pd.to_datetime(["2024-01-01"]), "value": [5.5]})
    fig = charts.building_monthly_series(water, "m³", lang="en")
    assert fig.layout.yaxis.title.text == "Consumption [m³]"
    assert fig.layout.title.text == "Water consumption per month in m³, not weather-normalised"
    assert fig.layout.separators == ".,"


def test_year_over_year_one_line_per_year_over_german_months():
    fig = charts.building_year_over_year(MONTHLY, "Erdgas", "kWh")
    lines = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    assert lines == {"2023": ([1, 2], [1200.5, 1000.0]), "2024": ([1], [1100.0])}
    assert fig.data[-1].line.width > fig.data[0].line.width  # the latest year stands out
    assert list(fig.layout.xaxis.ticktext) == ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt",
                                               "Nov", "Dez"]
    assert fig.layout.yaxis.title.text == "Verbrauch [kWh]"
    assert fig.layout.title.text == "Erdgas: Monatswerte je Jahr in kWh, nicht witterungsbereinigt"
    assert fig.layout.separators == ",."


def test_heat_normalisation_grouped_bars_raw_and_normalised():
    fig = charts.building_heat_normalisation(YEARS)
    raw, normalised = fig.data
    assert (raw.name, normalised.name) == ("unbereinigt", "witterungsbereinigt")
    assert list(raw.x) == [2022, 2023] and list(raw.y) == [10_000.0, 9_000.0]
    # 2023 could not be normalised (degree days missing): no normalised bar rather than the raw value
    assert list(normalised.y) == [11_000.0, None]
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.title.text == "Wärme [kWh]" and fig.layout.yaxis.tickformat == ",.0f"
    assert fig.layout.xaxis.tickformat == "d"  # 2024, never 2.024
    assert "witterungsbereinigt" in fig.layout.title.text and "kWh" in fig.layout.title.text
    assert fig.layout.separators == ",."


def test_specific_consumption_bars_and_comparison_lines():
    fig = charts.building_specific_consumption(YEARS)
    traces = {t.name: t for t in fig.data}
    assert list(traces) == ["Wärme (witterungsbereinigt)", "Strom", "Vergleichswert Wärme (90,9)",
                            "Vergleichswert Strom (10,3)"]
    assert list(traces["Strom"].y) == [20.0, 21.0, 22.5]
    assert list(traces["Wärme (witterungsbereinigt)"].y) == [110.0, 90.0, None]
    heat_line = traces["Vergleichswert Wärme (90,9)"]
    assert heat_line.type == "scatter" and heat_line.line.dash == "dash"
    assert list(heat_line.x) == [2021.5, 2024.5] and list(heat_line.y) == [90.884, 90.884]
    assert fig.layout.yaxis.title.text == "Spezifischer Verbrauch [kWh/(m²·a)]"
    assert fig.layout.separators == ",."


def test_specific_consumption_without_comparison_value_has_no_line():
    frame = YEARS.assign(heat_comparison_kwh_per_m2=None, electricity_comparison_kwh_per_m2=None)
    fig = charts.building_specific_consumption(frame, lang="en")
    assert [t.name for t in fig.data] == ["Heat (weather-normalised)", "Electricity"]
    assert fig.layout.yaxis.title.text == "Specific consumption [kWh/(m²·a)]"


# --- the hot-water share ---------------------------------------------------------------------------------------

@pytest.fixture
def normalised_store(store, load):
    load(MASTER, name="gebaeude.csv")
    load(MONTHS)
    load_reference_data(store)
    set_test_climate(store, DEGREE_DAYS, 250)
    return store


def test_set_hot_water_share_stores_bumps_and_changes_the_normalised_heat(normalised_store):
    con = normalised_store
    building = building_id(con)
    # default: the Kita category's TEK share s = 17,3 / (50,4 + 17,3) = 0,2555391
    # 5.700 × (0,2555391 + 0,7444609 × 3000 / 2400) = 5.700 × 1,1861152 = 6.760,857 kWh
    assert heat_2024(con) == pytest.approx(6760.857, abs=1e-3)
    version = data_version(con)

    set_hot_water_share(con, building, 0.4)
    assert con.execute("SELECT hot_water_share FROM buildings WHERE building_id = ?", [building]).fetchone()[0] == 0.4
    assert data_version(con) == version + 1
    # own s = 0,4: 5.700 × (0,4 + 0,6 × 1,25) = 5.700 × 1,15 = 6.555 kWh
    assert heat_2024(con) == pytest.approx(6555.0)
    # electricity is never normalised
    power = metrics.building_carrier_years(con, metrics.Selection(years=(2024,), carriers=("Strom",)))
    assert float(power.iloc[0]["kwh_normalised"]) == pytest.approx(1080.0)

    set_hot_water_share(con, building, None)  # back to the category's share
    assert con.execute("SELECT hot_water_share FROM buildings WHERE building_id = ?", [building]).fetchone()[0] is None
    assert data_version(con) == version + 2
    assert heat_2024(con) == pytest.approx(6760.857, abs=1e-3)

    set_hot_water_share(con, building, 1)  # all heat weather-independent: nothing to normalise
    assert heat_2024(con) == pytest.approx(5700.0)


@pytest.mark.parametrize("share", [1.5, -0.1, math.nan, "0.3", True])
def test_set_hot_water_share_refuses_invalid_values(normalised_store, share):
    con = normalised_store
    building = building_id(con)
    set_hot_water_share(con, building, 0.3)
    version = data_version(con)
    with pytest.raises(ValueError):
        set_hot_water_share(con, building, share)
    assert con.execute("SELECT hot_water_share FROM buildings WHERE building_id = ?", [building]).fetchone()[0] == 0.3
    assert data_version(con) == version


def test_set_hot_water_share_of_an_unknown_building_changes_nothing(normalised_store):
    version = data_version(normalised_store)
    with pytest.raises(ValueError):
        set_hot_water_share(normalised_store, 99_999, 0.2)
    assert data_version(normalised_store) == version


def test_year_figures_of_one_building(normalised_store, load):
    con = normalised_store
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nBauhof Kusel;Erdgas;01.2024;500;kWh\n"
         "Bauhof Kusel;Strom;01.2024;50;kWh\n", name="bauhof.csv")
    figures = year_figures(con, building_id(con)).set_index("year")
    assert list(figures.index) == [2023, 2024]
    assert figures.loc[2024, "months"] == 12
    assert figures.loc[2024, "climate_ratio"] == pytest.approx(1.25)  # 3000 / 2400
    assert figures.loc[2024, "heat_kwh_weather_normalised"] == pytest.approx(6911.25)
    # 2023 has no heat: no climate factor, nothing normalised; electricity alone is complete
    assert pd.isna(figures.loc[2023, "climate_ratio"]) and pd.isna(figures.loc[2023, "heat_kwh_weather_normalised"])
    assert figures.loc[2023, "electricity_kwh"] == pytest.approx(1200.0)
    # 2024 below the comparison values (13,8 < 90,9 and 2,2 < 10,3): a potential of 0 kWh, not unknown
    assert figures.loc[2024, "potential_kwh"] == 0
    depot = year_figures(con, building_id(con, "Bauhof Kusel")).set_index("year")
    # one month only, no floor area: no potential can be computed (NULL, not 0)
    assert depot.loc[2024, "months"] == 1 and pd.isna(depot.loc[2024, "potential_kwh"])
    assert depot.loc[2024, "heat_kwh_weather_normalised"] == pytest.approx(500 * (0.15 + 0.85 * 250 / 200))


def test_year_figures_heat_without_degree_days_stays_raw(store, load):
    load(MONTHS)
    load_reference_data(store)
    # degree days for every month but December 2024: the heat of 2024 cannot be normalised
    set_test_climate(store, {k: v for k, v in DEGREE_DAYS.items() if k != "2024-12"}, 250)
    figures = year_figures(store, building_id(store)).set_index("year")
    assert figures.loc[2024, "heat_kwh_raw"] == pytest.approx(5700.0)
    assert pd.isna(figures.loc[2024, "heat_kwh_weather_normalised"]) and pd.isna(figures.loc[2024, "climate_ratio"])
    assert not figures.loc[2024, "heat_weather_normalised"]


def test_building_monthly_and_info(normalised_store):
    con = normalised_store
    building = building_id(con)
    monthly = queries.building_monthly(con, building)
    gas = monthly[monthly["carrier"] == "Erdgas"]
    assert len(gas) == 12 and gas["value"].sum() == pytest.approx(5700.0)
    assert gas.iloc[0]["month"].date() == date(2024, 1, 1) and gas.iloc[0]["month_of_year"] == 1
    assert set(monthly["unit"]) == {"kWh"}
    info = queries.building_info(con, building)
    assert (info["category"], info["floor_area_m2"], info["year_built"]) == ("Kita", 500.0, 1990)
    # Kita up to 500 m²: 50,4 × 1,46 + 17,3 = 90,884 kWh/(m²·a) heat, 10,3 electricity
    assert info["heat_comparison_kwh_per_m2"] == pytest.approx(90.884)
    assert info["electricity_comparison_kwh_per_m2"] == pytest.approx(10.3)
    assert queries.building_info(con, 99_999) is None


# --- the page ---------------------------------------------------------------------------------------------------

@pytest.fixture
def app_store(tmp_path, monkeypatch):
    other = MONTHS.replace("Kita Sonnenschein", "Rathaus KL")
    path = make_store_file(tmp_path / "building.duckdb", [
        (MASTER, "gebaeude.csv", "VG Kusel-Altenglan"), (MONTHS, "monate.csv", "VG Kusel-Altenglan"),
        (other, "kl.csv", "Stadt Kaiserslautern"), (DEPOT, "bauhof.csv", "VG Kusel-Altenglan")], accounts=True)
    con = open_store(path)
    try:
        load_master_data(con, DATA / "master")
        load_reference_data(con)
        set_test_climate(con, DEGREE_DAYS, 250)
        ids = {"kusel": building_id(con), "kl": building_id(con, "Rathaus KL"),
               "depot": building_id(con, "Bauhof Kusel")}
    finally:
        con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path, ids


def building_page(lang: str = "de", building: int | None = None, user: str | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    if lang == "en":
        at.query_params["lang"] = "en"
    if user is not None:
        at.session_state["auth_token"] = session_token(user)
    if building is not None:
        at.query_params["building"] = str(building)
    at.run()
    return at.switch_page("pages/gebaeude.py").run()


def metrics_of(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_page_preselects_the_building_of_the_url_and_shows_hand_checked_figures(app_store):
    path, ids = app_store
    at = building_page(building=ids["kusel"])
    assert not at.exception
    assert at.title[0].value == "Gebäude: Kita Sonnenschein"
    assert at.selectbox(key="building_municipality").value == "073365001"
    assert at.selectbox(key="building_id").value == ids["kusel"]
    assert at.selectbox(key="building_year").value == 2024  # the latest year with 12 months of every carrier
    assert at.query_params["building"] == str(ids["kusel"])
    cards = metrics_of(at)
    assert cards["Wärme, unbereinigt"][0] == "5.700 kWh"
    # 5.700 × (0,15 + 0,85 × 3000 / 2400) = 6.911,25 kWh
    assert cards["Wärme, witterungsbereinigt"][0] == "6.911 kWh"
    assert cards["Strom"][0] == "1.080 kWh"
    # 6.911,25 / 500 m² = 13,82 against 50,4 × 1,46 + 17,3 = 90,884 kWh/(m²·a)
    assert cards["Wärme je m², witterungsbereinigt"] == ("13,8 kWh/(m²·a)", "-77,1 ggü. Vergleichswert 90,9")
    # 1.080 / 500 = 2,16 against 10,3
    assert cards["Strom je m²"] == ("2,2 kWh/(m²·a)", "-8,1 ggü. Vergleichswert 10,3")
    # (1.080 × 0,363 + 5.700 × 0,181) / 1000 = 1,424 t (Erdgas per kWh Hs: 0,201 / 1,11)
    assert cards["Emissionen (aus unbereinigtem Verbrauch)"][0] == "1,4 t CO₂e"
    assert len(at.get("plotly_chart")) == 4  # monthly, year against year, raw vs normalised, specific
    assert any("E_norm = E × (s + (1 − s) × G_ref / G_ist)" in m.value for m in at.markdown)
    assert any("2024: G_ref / G_ist = 1,250" in m.value for m in at.markdown)
    table = at.dataframe[0].value.set_index("Kennzahl")
    assert list(table.columns) == ["2023", "2024"]
    assert table.loc["Wärme witterungsbereinigt [kWh]", "2024"] == "6.911"
    assert table.loc["Klimafaktor G_ref / G_ist", "2024"] == "1,250"
    assert table.loc["Strom [kWh]", "2023"] == "1.200"
    sources = " ".join(c.value for c in at.caption)
    assert "VDI 3807 Blatt 1" in sources and "BAnz AT 03.05.2021 B1" in sources and "BISKO/UBA" in sources


def test_page_without_url_takes_the_first_building_with_data_and_writes_the_url(app_store):
    path, ids = app_store
    at = building_page()
    assert not at.exception
    # municipalities in alphabetical order: Stadt Kaiserslautern before VG Kusel-Altenglan
    assert at.title[0].value == "Gebäude: Rathaus KL"
    assert at.query_params["building"] == str(ids["kl"])
    # another municipality: its first building (alphabetical), and the URL follows
    at.selectbox(key="building_municipality").set_value("073365001").run()
    assert not at.exception
    assert at.title[0].value == "Gebäude: Bauhof Kusel"
    assert at.query_params["building"] == str(ids["depot"])
    # no heat, no floor area (created by the import): the page says so instead of empty charts
    notes = [i.value for i in at.info]
    assert "Dieses Gebäude hat keinen Wärmeverbrauch." in notes and any("Ohne Bezugsfläche" in n for n in notes)
    assert len(at.get("plotly_chart")) == 2
    # a choice in the selectbox is not undone by the URL the page wrote itself
    at.selectbox(key="building_id").set_value(ids["kusel"]).run()
    assert at.title[0].value == "Gebäude: Kita Sonnenschein"
    assert at.query_params["building"] == str(ids["kusel"])
    # a link to another building (?building=ID from another page) wins over the session's choice
    at.query_params["building"] = str(ids["kl"])
    at.run()
    assert at.title[0].value == "Gebäude: Rathaus KL"
    assert at.selectbox(key="building_municipality").value == "07312000"


def test_page_in_english(app_store):
    path, ids = app_store
    at = building_page("en", ids["kusel"])
    assert not at.exception
    assert at.title[0].value == "Building: Kita Sonnenschein"
    cards = metrics_of(at)
    assert cards["Heat, weather-normalised"][0] == "6,911 kWh"
    assert cards["Heat per m², weather-normalised"] == ("13.8 kWh/(m²·a)", "-77.1 against comparison value 90.9")
    table = at.dataframe[0].value.set_index("Key figure")
    assert table.loc["Heat weather-normalised [kWh]", "2024"] == "6,911"


def test_page_saves_the_hot_water_share(app_store):
    path, ids = app_store
    at = building_page(building=ids["kusel"], user="kusel")
    assert "15 % (Standardwert" in " ".join(m.value for m in at.markdown)
    at.number_input(key=f"building_share_{ids['kusel']}").set_value(40)
    next(b for b in at.button if b.label == "Speichern").click().run()
    assert not at.exception
    assert "Warmwasseranteil 40 % gespeichert" in at.success[0].value
    # 5.700 × (0,4 + 0,6 × 1,25) = 6.555 kWh
    assert metrics_of(at)["Wärme, witterungsbereinigt"][0] == "6.555 kWh"
    assert "40 % (eigener Wert des Gebäudes)" in " ".join(m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Zurücksetzen").click().run()
    assert not at.exception
    assert metrics_of(at)["Wärme, witterungsbereinigt"][0] == "6.911 kWh"
    assert at.number_input(key=f"building_share_{ids['kusel']}").value == 15
    con = open_store(path)
    try:
        assert con.execute("SELECT hot_water_share FROM buildings WHERE building_id = ?",
                           [ids["kusel"]]).fetchone()[0] is None
    finally:
        con.close()
