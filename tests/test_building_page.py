"""The building page (Gebäude): its charts, the hot-water share setter, and the page through AppTest."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import DATA, make_store_file, session_token, use_store
from climate_support import TEST_STATION, set_test_climate
from ktdash.output import charts
from ktdash.analytics import climate, metrics, rollup
from ktdash.store import queries
from ktdash.analytics.buildings import set_hot_water_share, year_figures
from ktdash.ingest.masterdata import load_master_data
from ktdash.analytics.reference import load_reference_data
from ktdash.core.settings import AnalyticsSettings
from ktdash.store.connection import bump_data_version, data_version, open_store

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
# The hot-water share of the category Kita (TEK table): s = 17,3 / (50,4 + 17,3) = 17,3 / 67,7 = 0,2555391
KITA_SHARE = 17.3 / 67.7

# A school whose gas follows kWh = 20·days + 4·G of its own station (±2 % alternating by month) and uses 20 % less
# from February 2024 on (a measure completed on 20.01.2024): the verification finds the 20 %.
SEASONAL_G = {1: 480, 2: 400, 3: 340, 4: 220, 5: 110, 6: 40, 7: 25, 8: 30, 9: 80, 10: 210, 11: 340, 12: 450}
YEAR_SHIFT = {2023: 0, 2024: -20, 2025: 10}


def gas_kwh(year: int, month: int) -> float:
    import calendar

    days = calendar.monthrange(year, month)[1]
    g = SEASONAL_G[month] + YEAR_SHIFT[year]
    effect = 0.8 if (year, month) >= (2024, 2) else 1.0
    return float(round((20 * days + 4 * g) * effect * (1.02 if month % 2 else 0.98)))


SCHOOL = "Schule Nachweis"
SCHOOL_MONTHS = "Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n" + "".join(
    f"{SCHOOL};Erdgas;{year};kWh;" + ";".join(f"{gas_kwh(year, m):,.0f}".replace(",", ".") for m in range(1, 13))
    + "\n" for year in (2023, 2024, 2025))
THIRD_STATION = 99003


def heat_2024(con, analytics: AnalyticsSettings | None = None) -> float:
    rows = metrics.building_carrier_years(con, metrics.Selection(years=(2024,), carriers=("Erdgas",)),
                                          analytics or AnalyticsSettings())
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
    "heat_kwh_benchmark": [12_000.0, 9_000.0, None],
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


def test_heat_normalisation_grouped_bars_raw_and_both_normalisations():
    fig = charts.building_heat_normalisation(YEARS)
    raw, normalised, benchmark = fig.data
    # each bar says which normalisation it carries
    assert (raw.name, normalised.name, benchmark.name) == (
        "unbereinigt", "witterungsbereinigt, Stationsmittel 1991–2020", "auf Referenzklima Potsdam bereinigt")
    assert list(raw.x) == [2022, 2023] and list(raw.y) == [10_000.0, 9_000.0]
    # 2023 could not be normalised (degree days missing): no normalised bars rather than the raw value
    assert list(normalised.y) == [11_000.0, None] and list(benchmark.y) == [12_000.0, None]
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.title.text == "Wärme [kWh]" and fig.layout.yaxis.tickformat == ",.0f"
    assert fig.layout.xaxis.tickformat == "d"  # 2024, never 2.024
    assert "Witterungsbereinigungen" in fig.layout.title.text and "kWh" in fig.layout.title.text
    assert fig.layout.separators == ",."
    # another reference period of the setting shows in the label; English
    from ktdash.core.settings import AnalyticsSettings as Analytics

    fig = charts.building_heat_normalisation(YEARS, "en", Analytics(climate_reference_from=1995,
                                                                    climate_reference_to=2020))
    assert [t.name for t in fig.data] == ["raw", "weather-normalised, station mean 1995–2020", "normalised to Potsdam"]


def test_specific_consumption_bars_and_comparison_lines():
    fig = charts.building_specific_consumption(YEARS)
    traces = {t.name: t for t in fig.data}
    assert list(traces) == ["Wärme (auf Referenzklima Potsdam bereinigt)", "Strom", "Vergleichswert Wärme (90,9)",
                            "Vergleichswert Strom (10,3)"]
    assert list(traces["Strom"].y) == [20.0, 21.0, 22.5]
    assert list(traces["Wärme (auf Referenzklima Potsdam bereinigt)"].y) == [110.0, 90.0, None]
    heat_line = traces["Vergleichswert Wärme (90,9)"]
    assert heat_line.type == "scatter" and heat_line.line.dash == "dash"
    assert list(heat_line.x) == [2021.5, 2024.5] and list(heat_line.y) == [90.884, 90.884]
    assert fig.layout.yaxis.title.text == "Spezifischer Verbrauch [kWh/(m²·a)]"
    assert fig.layout.separators == ",."


def test_specific_consumption_without_comparison_value_has_no_line():
    frame = YEARS.assign(heat_comparison_kwh_per_m2=None, electricity_comparison_kwh_per_m2=None)
    fig = charts.building_specific_consumption(frame, lang="en")
    assert [t.name for t in fig.data] == ["Heat (normalised to Potsdam)", "Electricity"]
    assert fig.layout.yaxis.title.text == "Specific consumption [kWh/(m²·a)]"


def test_specific_consumption_of_a_building_that_is_not_comparable_has_no_line():
    fig = charts.building_specific_consumption(YEARS, comparison=False)
    assert [t.name for t in fig.data] == ["Wärme (auf Referenzklima Potsdam bereinigt)", "Strom"]
    assert "nicht vergleichbar" in fig.layout.title.text


def test_own_baseline_bars_line_and_target():
    frame = pd.DataFrame({"year": [2021, 2022, 2023, 2024], "complete": [True, True, False, True],
                          "energy_kwh_normalised": [90_000.0, 100_000.0, 20_000.0, 95_000.0]})
    fig = charts.building_own_baseline(frame, 2022, "Titel", target_kwh=96_040.0, year=2024)
    bars, line, target = fig.data
    # from the baseline on, complete years only
    assert list(bars.x) == [2022, 2024] and list(bars.y) == [100_000.0, 95_000.0]
    assert line.name == "Basisjahr 2022" and list(line.y) == [100_000.0, 100_000.0]
    assert target.name == "Zielpfad 2024" and list(target.y) == [96_040.0]


# --- measures (issue 17): markers on the timeline, baseline against actual ---------------------------------------

MEASURES = pd.DataFrame({"type": ["led_lighting", "insulation", "windows"],
                         "title": ["LED <b>Halle</b>", "Dach", "Fenster"],
                         "status": ["completed", "planned", "completed"],
                         "completed_on": [date(2023, 2, 14), None, None]})


def test_completed_measures_are_marked_on_the_monthly_timeline():
    fig = charts.building_monthly_series(MONTHLY, "kWh", measures=MEASURES)
    markers = fig.data[-1]
    # only the completed measure with a date: February 2023, above the highest value (1.200,5 kWh)
    assert markers.name == "Maßnahme umgesetzt" and list(markers.x) == [pd.Timestamp("2023-02-01")]
    assert markers.y[0] == pytest.approx(1200.5 * 1.06)
    assert [list(c) for c in markers.customdata] == [["LED-Beleuchtung", "LED <b>Halle</b>", "14.02.2023"]]
    assert "%{customdata[1]}" in markers.hovertemplate and "umgesetzt am %{customdata[2]}" in markers.hovertemplate
    assert [(s.type, s.x0, s.yref) for s in fig.layout.shapes] == [("line", pd.Timestamp("2023-02-01"), "paper")]
    # the title stays text on every path out (page, export): Plotly would read <b> as markup
    assert "LED &lt;b&gt;Halle&lt;/b&gt;" in charts.safe_figure(fig).data[-1].customdata[0][1]
    without = charts.building_monthly_series(MONTHLY, "kWh", measures=MEASURES.iloc[1:])
    assert [t.name for t in without.data] == ["Strom", "Erdgas"] and not without.layout.shapes


def _verified_series():
    """36 months of a building: kWh = 20·days + 4·G (±2 % by month), 20 % less from February 2024 on."""
    from ktdash.analytics import savings

    series = []
    for year in (2023, 2024, 2025):
        for month in range(1, 13):
            g = SEASONAL_G[month] + YEAR_SHIFT[year]
            first = date(year, month, 1)
            series.append(savings.MonthValue(first, gas_kwh(year, month), float(g)))
    return series


def test_baseline_against_actual_draws_fit_adjusted_baseline_band_and_actual():
    from ktdash.analytics import savings

    series = _verified_series()
    verification = savings.verify(series, date(2024, 1, 20), expected_kwh_per_year=20_000)
    assert not verification.refused and len(verification.months) == 12
    fig = charts.measure_baseline(verification, series, "Erdgas: „<Dach>“")
    upper, lower, adjusted, fit, actual = fig.data
    months = [m.month for m in verification.months]
    t = savings.t_quantile(verification.model.n - 2)
    assert list(adjusted.x) == months and adjusted.name == "bereinigte Referenz (ohne Maßnahme erwartet)"
    assert list(adjusted.y) == [m.adjusted_baseline_kwh for m in verification.months]
    # the 90 % band: ± t(0,95; n − 2) · the month's prediction standard error
    first = verification.months[0]
    assert upper.y[0] == pytest.approx(first.adjusted_baseline_kwh + t * first.prediction_se_kwh)
    assert lower.y[0] == pytest.approx(first.adjusted_baseline_kwh - t * first.prediction_se_kwh)
    assert lower.fill == "tonexty" and lower.name == "90-%-Band der Referenz" and upper.showlegend is False
    assert (lower.y[0], upper.y[0]) == pytest.approx(verification.model.prediction_band(first.days, first.g))
    # the fit over the 12 baseline months, the actual from the first baseline month to the last reporting month
    assert fit.name == "Modell im Referenzjahr" and len(fit.x) == 12 and fit.x[-1] == date(2023, 12, 1)
    assert fit.y[0] == pytest.approx(verification.model.predict(31, SEASONAL_G[1]))
    assert actual.name == "tatsächlicher Verbrauch" and (actual.x[0], actual.x[-1]) == (date(2023, 1, 1),
                                                                                        date(2025, 1, 1))
    assert [s.x0 for s in fig.layout.shapes] == [pd.Timestamp("2024-01-01")]  # the completion month
    assert fig.layout.title.text == "Erdgas: „&lt;Dach&gt;“" and fig.layout.separators == ",."
    # refused (too few months after completion): no band, still the fit and the actual
    refused = savings.verify(series[:30], date(2024, 12, 5))
    assert refused.refused and not refused.months
    assert [t.name for t in charts.measure_baseline(refused, series[:30], "x").data] == [
        "Modell im Referenzjahr", "tatsächlicher Verbrauch"]


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
    # the category's share s = 0,2555391: 5.700 × (0,2555391 + 0,7444609 × 1,25) = 5.700 × 1,1861152 = 6.760,857
    assert figures.loc[2024, "heat_kwh_weather_normalised"] == pytest.approx(6760.857, abs=1e-3)
    assert figures.loc[2024, "hot_water_share"] == pytest.approx(KITA_SHARE)
    assert figures.loc[2024, "hot_water_share_from"] == "category"
    # Potsdam's long-term mean here equals the station's (set_test_climate): the same ratio and heat
    assert figures.loc[2024, "benchmark_ratio"] == pytest.approx(1.25)
    assert figures.loc[2024, "heat_kwh_benchmark_normalised"] == pytest.approx(6760.857, abs=1e-3)
    assert figures.loc[2024, "hdd_months_substituted"] == 0 and figures.loc[2024, "hdd_months_missing"] == 0
    # 2023 has no heat: no climate factor, nothing normalised; electricity alone is complete
    assert pd.isna(figures.loc[2023, "climate_ratio"]) and pd.isna(figures.loc[2023, "heat_kwh_weather_normalised"])
    assert figures.loc[2023, "electricity_kwh"] == pytest.approx(1200.0)
    # 2024 below the comparison values (13,8 < 90,9 and 2,2 < 10,3): a potential of 0 kWh, not unknown
    assert figures.loc[2024, "potential_kwh"] == 0
    depot = year_figures(con, building_id(con, "Bauhof Kusel")).set_index("year")
    # one month only, no floor area: no potential can be computed (NULL, not 0)
    assert depot.loc[2024, "months"] == 1 and pd.isna(depot.loc[2024, "potential_kwh"])
    # the depot came with its consumption, without master data: no category, so the assumption s = 0,15
    # (KTDASH_HOT_WATER_SHARE): 500 × (0,15 + 0,85 × 250 / 200) = 606,25 kWh
    assert depot.loc[2024, "hot_water_share_from"] == "assumption"
    assert depot.loc[2024, "heat_kwh_weather_normalised"] == pytest.approx(606.25)


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


def test_hot_water_share_of_a_building_and_where_it_comes_from(normalised_store, load):
    from ktdash.analytics.buildings import hot_water_share_of

    con = normalised_store
    kita = building_id(con)
    found = hot_water_share_of(con, kita)
    assert found["source"] == "category" and found["share"] == pytest.approx(KITA_SHARE)
    assert (found["category"], found["heating"], found["hot_water"]) == ("Kita", 50.4, 17.3)
    set_hot_water_share(con, kita, 0.4)
    found = hot_water_share_of(con, kita)
    assert (found["source"], found["share"], found["default_source"]) == ("building", 0.4, "category")
    assert found["default"] == pytest.approx(KITA_SHARE)
    # a category without TEK values (Sonstiges): the setting, an assumption
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nLager;Sonstiges;100;1990\n", name="lager.csv")
    found = hot_water_share_of(con, building_id(con, "Lager"), AnalyticsSettings(hot_water_share=0.2))
    assert (found["source"], found["share"], found["heating"]) == ("assumption", 0.2, None)


def test_comparability_and_climate_of_a_building(normalised_store, load):
    from ktdash.analytics.buildings import climate_of, comparability, not_comparable_notes

    con = normalised_store
    assert comparability(con, building_id(con)) == (True, None)
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nHallenbad;Schwimmbad;1.000;1975\n",
         name="bad.csv")
    assert comparability(con, building_id(con, "Hallenbad")) == (False, "pool_water_heating")
    assert not_comparable_notes(con) == {"Schwimmbad": "pool_water_heating", "Kläranlage": "process_plant",
                                         "Straßenbeleuchtung": "not_a_building", "Sonstiges": "no_row"}
    place = climate_of(con, building_id(con))
    # set_test_climate chose the test station for every municipality, as an admin would
    assert (place["station_id"], place["chosen_by"], place["postcode"]) == (TEST_STATION, "municipality", None)


def test_own_baseline_of_a_building(normalised_store, load):
    from ktdash.analytics.buildings import own_baseline

    con = normalised_store
    # 2023 has electricity only (complete), 2024 electricity and gas: energy 2023 = 1.200, 2024 = 1.080 + 6.760,857
    found = own_baseline(con, building_id(con), 2024)
    assert found["baseline_year"] == 2023  # the setting's 2019 has no data: the first complete year
    assert found["baseline_kwh"] == pytest.approx(1200.0)
    assert found["year_kwh"] == pytest.approx(1080 + 6760.857, abs=1e-3)
    assert own_baseline(con, building_id(con), 2023) is None  # no earlier complete year


# --- the page ---------------------------------------------------------------------------------------------------

# Potsdam's long-term mean 300 K·d a month (the station's: 250): G_Potsdam / G_actual = 3600 / 2400 = 1,5
POTSDAM = 300


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    """The module's store; each test gets a copy (conftest's ``app_store``, with the buildings' ids below)."""
    other = MONTHS.replace("Kita Sonnenschein", "Rathaus KL")
    path = make_store_file(tmp_path_factory.mktemp("building") / "building.duckdb", [
        (MASTER, "gebaeude.csv", "VG Kusel-Altenglan"), (MONTHS, "monate.csv", "VG Kusel-Altenglan"),
        (other, "kl.csv", "Stadt Kaiserslautern"), (DEPOT, "bauhof.csv", "VG Kusel-Altenglan"),
        (SCHOOL_MONTHS, "schule.csv", "VG Kusel-Altenglan")], accounts=True)
    con = open_store(path)
    try:
        load_master_data(con, DATA / "master")
        load_reference_data(con)
        set_test_climate(con, DEGREE_DAYS, 250, POTSDAM)
        # a second station: measured 240 K·d a month, long-term mean 240 (no weather effect against its own mean)
        set_test_climate(con, {f"{y}-{m:02d}": 240 for y in (2023, 2024) for m in range(1, 13)}, 240, POTSDAM,
                         station_id=SECOND_STATION, municipalities=[])
        con.execute("UPDATE climate_stations SET name = 'Zweitstation', altitude_m = 420 WHERE station_id = ?",
                    [SECOND_STATION])
        add_verified_school(con)
    finally:
        con.close()
    return path


def add_verified_school(con) -> None:
    """The school's own station (seasonal degree days 2023–2025) and its boiler replacement of 20.01.2024, entered
    by an admin."""
    from ktdash.access.accounts import get_user
    from ktdash.ingest import measures

    school = building_id(con, SCHOOL)
    con.execute("UPDATE buildings SET climate_station_id = ? WHERE building_id = ?", [THIRD_STATION, school])
    set_test_climate(con, {f"{y}-{m:02d}": SEASONAL_G[m] + YEAR_SHIFT[y] for y in YEAR_SHIFT for m in range(1, 13)},
                     250, POTSDAM, station_id=THIRD_STATION, municipalities=[])
    con.execute("UPDATE climate_stations SET name = 'Schulstation' WHERE station_id = ?", [THIRD_STATION])
    measures.add_measure(con, get_user(con, "agentur"), measures.check(
        building_id=school, type="heating_replacement", title="Brennwertkessel", carriers=("Erdgas",),
        completed_on=date(2024, 1, 20), investment_eur=120_000, funding_eur=30_000, expected_kwh={"Erdgas": 3_500},
        status="completed"))


@pytest.fixture(scope="module")
def building_ids(store_template) -> dict[str, int]:
    con = open_store(store_template)
    try:
        return {"kusel": building_id(con), "kl": building_id(con, "Rathaus KL"),
                "depot": building_id(con, "Bauhof Kusel"), "school": building_id(con, SCHOOL)}
    finally:
        con.close()


@pytest.fixture
def app_store(app_store, building_ids):
    """(the test's copy of the module's store, the ids of its buildings)."""
    return app_store, building_ids


SECOND_STATION = 99002


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


def text_of(at: AppTest) -> str:
    """Markdown, captions and notes of the page, without Markdown's escapes."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning]
    return "\n".join(parts).replace("\\", "").replace("**", "")


PROGRESS_HEAT = "Wärme, witterungsbereinigt"  # under the value: "langjähriges Mittel der Station, 1991–2020"
BENCHMARK_HEAT = "Wärme, bereinigt auf Potsdam"  # under the value: "Referenzklima wie die Vergleichswerte 2021"


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
    # every card names its normalisation (or factor set) under the value
    assert cards["Wärme, unbereinigt"] == ("5.700 kWh", "gemessen, nicht witterungsbereinigt")
    # progress: s = 0,2555391 (Kita, TEK): 5.700 × (0,2555391 + 0,7444609 × 3000 / 2400) = 6.760,857 kWh
    assert cards[PROGRESS_HEAT] == ("6.761 kWh", "langjähriges Mittel der Station, 1991–2020")
    # benchmark: 5.700 × (0,2555391 + 0,7444609 × 3600 / 2400) = 5.700 × 1,3722304 = 7.821,713 kWh
    assert cards[BENCHMARK_HEAT] == ("7.822 kWh", "Referenzklima wie die Vergleichswerte 2021")
    assert cards["Strom"][0] == "1.080 kWh"
    # 7.821,713 / 500 m² = 15,64 against 50,4 × 1,46 + 17,3 = 90,884 kWh/(m²·a): −75,24
    assert cards["Wärme je m², bereinigt auf Potsdam"] == ("15,6 kWh/(m²·a)", "-75,2 ggü. Vergleichswert 90,9")
    # 1.080 / 500 = 2,16 against 10,3
    assert cards["Strom je m²"] == ("2,2 kWh/(m²·a)", "-8,1 ggü. Vergleichswert 10,3")
    # BISKO set 2024: (1.080 × 0,414 + 5.700 × 0,225) / 1000 = (447,12 + 1.282,5) / 1000 = 1,730 t
    assert cards["Emissionen (aus unbereinigtem Verbrauch)"] == ("1,7 t CO₂e", "CO₂e (BISKO-Systematik, BISKO-konform)")
    assert len(at.get("plotly_chart")) == 4  # monthly, year against year, raw vs normalised, specific
    text = text_of(at)
    assert "E_norm = E × (s + (1 − s) × G_ref / G_ist)" in text
    assert "2024: G_ref / G_ist = 1,250" in text and "Potsdam: G_Potsdam / G_ist = 1,500" in text
    # the hot-water share with its derivation from the TEK table
    assert "26 % aus der Kategorie Kita: TEK Warmwasser 17,3 ÷ (50,4 + 17,3) = 26 %" in text
    # the station: set_test_climate chose it for the municipality, as an admin would
    assert "Wetterstation: Teststation (DWD 99001), 100 m ü. NN – von der Administration für die Kommune gewählt" \
        in text
    assert "Postleitzahl: keine" in text
    table = at.dataframe[0].value.set_index("Kennzahl")
    assert list(table.columns) == ["2023", "2024"]
    assert table.loc["Wärme witterungsbereinigt (langjähriges Mittel der Station, 1991–2020) [kWh]", "2024"] == "6.761"
    assert table.loc["Wärme auf Referenzklima Potsdam bereinigt (wie die Vergleichswerte 2021) [kWh]",
                     "2024"] == "7.822"
    assert table.loc["Klimafaktor Station G_ref / G_ist", "2024"] == "1,250"
    assert table.loc["Klimafaktor Potsdam G_Potsdam / G_ist", "2024"] == "1,500"
    assert table.loc["Monate von einer Ersatzstation", "2024"] == "0"
    assert table.loc["Monate ohne Gradtagzahlen (Wärme unbereinigt)", "2024"] == "0"
    assert table.loc["Emissionen [t], CO₂e (BISKO-Systematik, BISKO-konform)", "2024"] == "1,7"
    assert table.loc["Strom [kWh]", "2023"] == "1.200"
    sources = " ".join(c.value for c in at.caption)
    assert "VDI 3807 Blatt 1" in sources and "BAnz AT 03.05.2021 B1" in sources
    assert "CO₂e (BISKO-Systematik, BISKO-konform)" in sources
    assert climate.ATTRIBUTION in sources  # wherever normalised heat is shown
    assert "nicht mit Vergleichswert vergleichbar" not in text


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
    # its only year has January alone: labelled as the partial year it is, in the select, heading and table (issue 17)
    assert at.selectbox(key="building_year").format_func(2024) == "2024, Jan"
    assert any(h.value.endswith("2024, Jan") for h in at.subheader)
    assert "2024, Jan" in next(d.value for d in [*at.dataframe, *at.table] if "Kennzahl" in d.value.columns).columns
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
    assert cards["Heat, weather-normalised"] == ("6,761 kWh", "the station’s long-term mean, 1991–2020")
    assert cards["Heat, normalised to Potsdam"] == ("7,822 kWh", "as the 2021 comparison values")
    assert cards["Heat per m², normalised to Potsdam"] == ("15.6 kWh/(m²·a)", "-75.2 against comparison value 90.9")
    assert cards["Emissions (from raw consumption)"] == ("1.7 t CO₂e", "CO₂e (BISKO method, BISKO-compliant)")
    table = at.dataframe[0].value.set_index("Key figure")
    assert table.loc["Heat weather-normalised (the station’s long-term mean, 1991–2020) [kWh]", "2024"] == "6,761"
    assert table.loc["Heat normalised to the reference climate of Potsdam (as the 2021 comparison values) [kWh]",
                     "2024"] == "7,822"
    assert "26 % from the category Kita: TEK hot water 17.3 ÷ (50.4 + 17.3) = 26 %" in text_of(at)
    assert climate.ATTRIBUTION_EN in " ".join(c.value for c in at.caption)


def test_page_saves_the_hot_water_share(app_store):
    path, ids = app_store
    at = building_page(building=ids["kusel"], user="kusel")
    assert "26 % aus der Kategorie Kita" in text_of(at)
    assert at.number_input(key=f"building_share_{ids['kusel']}").value == 26
    at.number_input(key=f"building_share_{ids['kusel']}").set_value(40)
    next(b for b in at.button if b.label == "Speichern").click().run()
    assert not at.exception
    assert "Warmwasseranteil 40 % gespeichert" in at.success[0].value
    # 5.700 × (0,4 + 0,6 × 1,25) = 6.555 kWh; Potsdam: 5.700 × (0,4 + 0,6 × 1,5) = 7.410 kWh
    assert metrics_of(at)[PROGRESS_HEAT][0] == "6.555 kWh"
    assert metrics_of(at)[BENCHMARK_HEAT][0] == "7.410 kWh"
    assert "40 % (eigener Wert des Gebäudes)" in text_of(at)
    next(b for b in at.button if b.label == "Zurücksetzen").click().run()
    assert not at.exception
    assert "wieder 26 % (Wert der Kategorie Kita)" in at.success[0].value
    assert metrics_of(at)[PROGRESS_HEAT][0] == "6.761 kWh"
    assert at.number_input(key=f"building_share_{ids['kusel']}").value == 26
    con = open_store(path)
    try:
        assert con.execute("SELECT hot_water_share FROM buildings WHERE building_id = ?",
                           [ids["kusel"]]).fetchone()[0] is None
    finally:
        con.close()


def test_an_admin_sets_the_station_of_a_building_and_the_figures_change(app_store):
    path, ids = app_store
    at = building_page(building=ids["kusel"], user="agentur")
    assert not at.exception
    station = at.selectbox(key=f"building_station_{ids['kusel']}")
    assert station.value == 0  # automatic: the building follows its municipality's station
    station.set_value(SECOND_STATION)
    next(b for b in at.button if b.label == "Station speichern").click().run()
    assert not at.exception
    assert "Wetterstation Zweitstation für dieses Gebäude gespeichert" in at.success[0].value
    text = text_of(at)
    assert "Wetterstation: Zweitstation (DWD 99002), 420 m ü. NN – von der Administration für das Gebäude gewählt" \
        in text
    cards = metrics_of(at)
    # the second station: 2880 / 2880 = 1, so progress keeps the measured 5.700 kWh; Potsdam 3600 / 2880 = 1,25:
    # 5.700 × (0,2555391 + 0,7444609 × 1,25) = 6.760,857 kWh
    assert cards[PROGRESS_HEAT][0] == "5.700 kWh"
    assert cards[BENCHMARK_HEAT][0] == "6.761 kWh"
    assert "2024: G_ref / G_ist = 1,000" in text and "Potsdam: G_Potsdam / G_ist = 1,250" in text
    con = open_store(path)
    try:
        assert con.execute("SELECT climate_station_id FROM buildings WHERE building_id = ?",
                           [ids["kusel"]]).fetchone()[0] == SECOND_STATION
        assert con.execute("SELECT count(*) FROM audit_log WHERE object = 'climate_station' AND "
                           "user_name = 'agentur'").fetchone()[0] == 1
    finally:
        con.close()
    # back to the automatic choice: the municipality's station again
    at.selectbox(key=f"building_station_{ids['kusel']}").set_value(0)
    next(b for b in at.button if b.label == "Station speichern").click().run()
    assert not at.exception
    assert "wieder die nächste Station" in at.success[0].value
    assert metrics_of(at)[PROGRESS_HEAT][0] == "6.761 kWh"


def test_a_manager_sets_the_postcode_but_not_the_station(app_store):
    path, ids = app_store
    at = building_page(building=ids["kusel"], user="kusel")
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == f"building_station_{ids['kusel']}"]
    assert "Die Wetterstation wählt nur die Administration." in text_of(at)
    postcode = at.text_input(key=f"building_postcode_{ids['kusel']}")
    postcode.set_value("99999")
    next(b for b in at.button if b.label == "Postleitzahl speichern").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Die Postleitzahl „99999“ ist unbekannt")
    con = open_store(path)
    try:
        # the test store has no shipped postcodes: one for Kusel, its nearest station the second one
        con.execute("INSERT INTO postcodes VALUES ('66869', 'Kusel', 49.5, 7.4, ?, NULL, NULL, 2500, NULL, NULL)",
                    [SECOND_STATION])
    finally:
        con.close()
    at.text_input(key=f"building_postcode_{ids['kusel']}").set_value("66869")
    next(b for b in at.button if b.label == "Postleitzahl speichern").click().run()
    assert not at.exception
    assert "Postleitzahl 66869 gespeichert" in at.success[0].value
    text = text_of(at)
    assert "Postleitzahl: 66869 Kusel (des Gebäudes)" in text
    # the building's own postcode comes before an admin's choice for the municipality: the nearest station of
    # the building's postcode, 2,5 km away
    assert "Wetterstation: Zweitstation (DWD 99002), 420 m ü. NN, 2,5 km von der Postleitzahl – nächste Station der " \
           "Postleitzahl" in text
    assert metrics_of(at)[PROGRESS_HEAT][0] == "5.700 kWh"


def test_months_from_a_substitute_station_and_missing_months_are_shown(app_store):
    path, ids = app_store
    con = open_store(path)
    try:
        # the building's own postcode: nearest station the test station, second the other one; December 2024 of
        # the test station incomplete (half its days): that month comes from the second station
        con.execute("INSERT INTO postcodes VALUES ('66869', 'Kusel', 49.5, 7.4, ?, ?, NULL, 1000, 9000, NULL)",
                    [TEST_STATION, SECOND_STATION])
        con.execute("UPDATE municipalities SET climate_station_id = NULL")
        con.execute("UPDATE buildings SET postcode = '66869' WHERE building_id = ?", [ids["kusel"]])
        con.execute("UPDATE station_degree_days SET completeness = 0.5 WHERE station_id = ? AND month = '2024-12-01'",
                    [TEST_STATION])
        # November 2023 has no degree days at either station: a gap
        con.execute("DELETE FROM station_degree_days WHERE month = '2023-11-01'")
        rollup.refresh_all(con, yearly_only=True)
        bump_data_version(con)
    finally:
        con.close()
    at = building_page(building=ids["kusel"])
    assert not at.exception
    assert "2024: 1 Monat(e) mit den Gradtagzahlen einer Ersatzstation" in text_of(at)
    table = at.dataframe[0].value.set_index("Kennzahl")
    assert table.loc["Monate von einer Ersatzstation", "2024"] == "1"
    # 2023 has electricity only: no heat, so no degree days are needed
    assert table.loc["Monate ohne Gradtagzahlen (Wärme unbereinigt)", "2024"] == "0"
    # 11 months at 3000 / 2400 … and December from the second station: 240 / 240; the ratio of the year sums
    # G_ref / G_ist = (11 × 250 + 240) / (11 × 200 + 240) = 2990 / 2440 = 1,2254
    assert table.loc["Klimafaktor Station G_ref / G_ist", "2024"] == "1,225"
    con = open_store(path)
    try:  # December 2024 at neither station: the year's heat stays raw, and the page says so
        con.execute("DELETE FROM station_degree_days WHERE month = '2024-12-01'")
        rollup.refresh_all(con, yearly_only=True)
        bump_data_version(con)
    finally:
        con.close()
    at.run()
    assert "2024: für 1 Monat(e) hat keine Station der Postleitzahl vollständige Gradtagzahlen" in text_of(at)
    assert metrics_of(at)[PROGRESS_HEAT][0] == "–"
    table = at.dataframe[0].value.set_index("Kennzahl")
    assert table.loc["Monate ohne Gradtagzahlen (Wärme unbereinigt)", "2024"] == "1"


def test_the_co2_label_follows_the_factor_set(app_store, monkeypatch):
    path, ids = app_store
    con = open_store(path)
    try:  # an admin changed one factor of the BISKO set: no longer "BISKO-konform"
        con.execute("UPDATE emission_factors SET kg_co2e_per_kwh = 0.5 WHERE factor_set = 'bisko' "
                    "AND carrier = 'Strom' AND year = 2024")
        bump_data_version(con)  # as the Methoden page's save does
    finally:
        con.close()
    at = building_page(building=ids["kusel"])
    assert not at.exception
    # (1.080 × 0,5 + 5.700 × 0,225) / 1000 = 1,8225 t
    assert metrics_of(at)["Emissionen (aus unbereinigtem Verbrauch)"] == ("1,8 t CO₂e",
                                                                         "CO₂e (BISKO-Systematik, Faktoren geändert)")
    assert "BISKO-konform" not in text_of(at)
    monkeypatch.setenv("KTDASH_EMISSION_FACTORS", "direct")
    at = building_page(building=ids["kusel"])
    assert not at.exception
    # direct CO₂ 2024: (1.080 × 0,363 + 5.700 × 0,181) / 1000 = 1,424 t
    assert metrics_of(at)["Emissionen (aus unbereinigtem Verbrauch)"] == ("1,4 t CO₂", "CO₂ direkt (nur Verbrennung)")
    table = at.dataframe[0].value.set_index("Kennzahl")
    assert table.loc["Emissionen [t], CO₂ direkt (nur Verbrennung)", "2024"] == "1,4"


POOL_MASTER = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nHallenbad Kusel;Schwimmbad;1.000;1975\n"
POOL_YEARS = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
              "Hallenbad Kusel;Strom;2022;160.000;kWh\nHallenbad Kusel;Erdgas;2022;420.000;kWh\n"
              "Hallenbad Kusel;Strom;2024;150.000;kWh\nHallenbad Kusel;Erdgas;2024;400.000;kWh\n")


def test_a_pool_is_marked_and_compared_with_its_own_baseline(tmp_path, monkeypatch):
    from conftest import make_analytics_store_file

    path = use_store(monkeypatch, make_analytics_store_file(tmp_path / "pool.duckdb", [
        (POOL_MASTER, "bad.csv", "VG Kusel-Altenglan"), (POOL_YEARS, "bad_jahre.csv", "VG Kusel-Altenglan")]))
    con = open_store(path)
    try:
        pool = building_id(con, "Hallenbad Kusel")
    finally:
        con.close()
    at = building_page(building=pool)
    assert not at.exception
    text = text_of(at)
    mark = ("nicht mit Vergleichswert vergleichbar (Schwimmhalle: der Vergleichswert enthält die "
            "Beckenwassererwärmung nicht)")
    assert f"Vergleichbarkeit: {mark}" in text
    cards = metrics_of(at)
    # no weather effect in this store (measured = long-term mean = Potsdam): energy 2022 = 580.000 kWh,
    # 2024 = 550.000 kWh: −5,17 %; target path 580.000 × 0,98² = 557.032 kWh ≥ 550.000: on track
    assert cards["Einsparung seit 2022 (eigenes Basisjahr)"] == ("+5,2 %", "auf dem Zielpfad")
    # 400 kWh/m² heat, but no delta against a comparison value
    heat = cards["Wärme je m², bereinigt auf Potsdam"]
    assert heat[0] == "400,0 kWh/(m²·a)" and not heat[1]
    assert "Gegen das eigene Basisjahr" in [s.value for s in at.subheader]
    assert "mit seinem eigenen Basisjahr 2022 verglichen" in text
    assert len(at.get("plotly_chart")) == 5  # and the own baseline
    table = at.dataframe[0].value.set_index("Kennzahl")
    assert "Vergleichswert Wärme [kWh/(m²·a)]" not in table.index and "Einsparpotenzial [kWh]" not in table.index


# --- measures (issue 17): table, markers, verified savings, the form ----------------------------------------------

def trace_names(at: AppTest) -> list[list[str]]:
    """The names of each chart's traces as Plotly shows them (safe_figure writes % as an HTML entity)."""
    import html
    import json

    return [[html.unescape(t.get("name") or "") for t in json.loads(c.proto.spec)["data"]]
            for c in at.get("plotly_chart")]


def measures_table_of(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Fertigstellung" in d.value.columns and "Nr." in d.value.columns)


def test_the_measures_of_a_building_with_markers_and_verified_savings(app_store):
    from ktdash.analytics import verified
    from ktdash.core.formatting import format_number

    path, ids = app_store
    at = building_page(building=ids["school"])
    assert not at.exception
    assert "Maßnahmen" in [s.value for s in at.subheader]
    row = measures_table_of(at).iloc[0]
    assert row[["Maßnahme", "Titel", "Energieträger", "Fertigstellung", "Status", "Investition (€)",
                "Förderung (€)", "erwartete Einsparung (kWh/a)"]].tolist() == [
        "Heizungstausch", "Brennwertkessel", "Erdgas", "20.01.2024", "umgesetzt", "120.000", "30.000", "3.500"]
    names = trace_names(at)
    assert "Maßnahme umgesetzt" in names[0]  # the marker on the monthly timeline
    assert {"bereinigte Referenz (ohne Maßnahme erwartet)", "90-%-Band der Referenz", "Modell im Referenzjahr",
            "tatsächlicher Verbrauch"} <= set(names[-1])
    con = open_store(path)
    try:
        (verdict,) = verified.verifications(con, building_id=ids["school"])
    finally:
        con.close()
    v = verdict.verification
    # the generated 20 % less from February 2024 on: found within the stated uncertainty
    assert not v.refused and abs(v.savings_kwh - 0.2 * v.adjusted_baseline_kwh) < v.uncertainty_kwh
    text = text_of(at)
    assert (f"Einsparung 02.2024–01.2025 (12 Monate): {format_number(v.savings_kwh, 0)} ± "
            f"{format_number(v.uncertainty_kwh, 0)} kWh") in text
    assert (f"{format_number(v.percent_of_expected, 0)} ± {format_number(100 * v.uncertainty_kwh / v.expected_kwh, 0)} "
            "% der erwarteten Einsparung (3.500 kWh, anteilig)") in text
    if verdict.valued is not None and verdict.valued.eur_uncertainty is not None:
        assert f"{format_number(verdict.valued.eur, 0)} ± {format_number(verdict.valued.eur_uncertainty, 0)} €" in text
    assert "Nachgewiesen." in text and "R² = " in text
    assert ("Methode: IPMVP Option C / CalTRACK monatliche Methode; Modell kWh = a·Tage + b·G20/15 der DWD-Station "
            "des Gebäudes; 90 %-Band; Annahmen: R² ≥ 0,75, CV(RMSE) ≤ 15 %") in text
    # not logged in: no form, a note who may enter measures
    assert not [w for w in at.text_input if w.key == f"measure_title_{ids['school']}"]
    assert "Maßnahmen eintragen, ändern und löschen können das Klimaschutzmanagement" in text


def audit_actions(path, action: str) -> list[tuple[str, str]]:
    con = open_store(path)
    try:
        return con.execute("SELECT user_name, object FROM audit_log WHERE action = ? ORDER BY audit_id",
                           [action]).fetchall()
    finally:
        con.close()


def stored_measures(path, building: int) -> list[tuple]:
    con = open_store(path)
    try:
        return con.execute("SELECT measure_id, title, funding_eur FROM measures WHERE building_id = ? "
                           "ORDER BY measure_id", [building]).fetchall()
    finally:
        con.close()


def press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def test_a_manager_adds_changes_and_deletes_a_measure_refusals_change_nothing(app_store):
    from ktdash.core.measure_vocabulary import MeasureStatus, MeasureType

    path, ids = app_store
    kita = ids["kusel"]
    at = building_page(building=kita, user="kusel")
    assert not at.exception
    assert "Keine Maßnahmen erfasst." in text_of(at)
    at.multiselect(key=f"measure_carriers_{kita}").set_value(["Erdgas"]).run()
    at.selectbox(key=f"measure_type_{kita}").set_value(MeasureType.HYDRAULIC_BALANCING)
    at.text_input(key=f"measure_title_{kita}").set_value("Abgleich Kita")
    at.selectbox(key=f"measure_status_{kita}").set_value(MeasureStatus.COMPLETED)
    at.date_input(key=f"measure_completed_on_{kita}").set_value(date(2024, 3, 15))
    at.number_input(key=f"measure_investment_{kita}").set_value(8000.0)
    at.number_input(key=f"measure_funding_{kita}").set_value(2000.0)
    at.number_input(key=f"measure_expected_Erdgas_{kita}").set_value(600.0)
    press(at, "Maßnahme speichern")
    ((number, title, funding),) = stored_measures(path, kita)
    assert (title, funding) == ("Abgleich Kita", 2000.0)
    assert at.success[0].value == (f"Maßnahme Nr. {number} „Abgleich Kita“ gespeichert; die Änderung steht im "
                                   "Protokoll.")
    row = measures_table_of(at).iloc[0]
    assert row[["Maßnahme", "Fertigstellung", "Status", "Investition (€)", "erwartete Einsparung (kWh/a)"]].tolist() \
        == ["Hydraulischer Abgleich", "15.03.2024", "umgesetzt", "8.000", "600"]
    assert audit_actions(path, "measure_add")[-1] == ("kusel", str(number))
    # the marker on the timeline
    assert "Maßnahme umgesetzt" in trace_names(at)[0]
    # a new one with more funding than investment: refused in German, naming field, value and what to do
    assert at.selectbox(key=f"measure_choice_{kita}").value == 0  # the form is empty again
    at.multiselect(key=f"measure_carriers_{kita}").set_value(["Strom"]).run()
    at.text_input(key=f"measure_title_{kita}").set_value("LED Gruppenräume")
    at.number_input(key=f"measure_investment_{kita}").set_value(1000.0)
    at.number_input(key=f"measure_funding_{kita}").set_value(5000.0)
    press(at, "Maßnahme speichern")
    assert at.error[0].value == ("Nicht gespeichert – Förderung (€): Die Förderung 5.000 ist höher als die "
                                 "Investition. Prüfen Sie beide Beträge. Es wurde nichts geändert.")
    assert len(stored_measures(path, kita)) == 1 and len(audit_actions(path, "measure_add")) == 2
    at.multiselect(key=f"measure_carriers_{kita}").set_value([]).run()
    press(at, "Maßnahme speichern")
    assert at.error[0].value == ("Nicht gespeichert – Energieträger: Kein Wert in „Energieträger“. Tragen Sie einen "
                                 "Wert ein. Es wurde nichts geändert.")
    assert len(stored_measures(path, kita)) == 1
    # change the stored one: the form takes its values; the old version goes to the history
    at.selectbox(key=f"measure_choice_{kita}").set_value(number).run()
    assert at.text_input(key=f"measure_title_{kita}").value == "Abgleich Kita"
    assert at.number_input(key=f"measure_expected_Erdgas_{kita}").value == 600.0
    at.text_input(key=f"measure_title_{kita}").set_value("Abgleich Kita, alle Heizkreise")
    press(at, "Maßnahme speichern")
    assert "„Abgleich Kita, alle Heizkreise“ geändert" in at.success[0].value
    assert stored_measures(path, kita)[0][1] == "Abgleich Kita, alle Heizkreise"
    assert audit_actions(path, "measure_change")[-1] == ("kusel", str(number))
    assert any("(1 frühere Fassungen)" in e.label for e in at.expander)
    # delete asks first; "Abbrechen" keeps it
    press(at, "Maßnahme löschen …")
    assert "wirklich löschen?" in at.warning[-1].value and len(stored_measures(path, kita)) == 1
    press(at, "Abbrechen")
    assert not [w for w in at.warning if "wirklich löschen?" in w.value]
    press(at, "Maßnahme löschen …")
    press(at, "Ja, löschen")
    assert "„Abgleich Kita, alle Heizkreise“ gelöscht" in at.success[0].value
    assert stored_measures(path, kita) == []
    assert audit_actions(path, "measure_delete")[-1] == ("kusel", str(number))
    assert "Keine Maßnahmen erfasst." in text_of(at)
