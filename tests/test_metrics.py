"""Key figures against hand-computed examples (ktdash.analytics.metrics).

Every expected number below is worked out in the comment beside it, from the formulas in
the module docstring of ktdash.analytics.metrics.
"""

from __future__ import annotations

import pytest

from ktdash.analytics import metrics
from ktdash.analytics.metrics import Selection
from ktdash.analytics.reference import load_reference_data
from ktdash.core.settings import AnalyticsSettings

from climate_support import set_test_climate

KUSEL = "073365001"

BUILDINGS = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n"
             "Schule A;Schule;1.000;1970\n"
             "Kita B;Kita;400;1990\n")

# Schule A: Erdgas 120.000 kWh and Strom 20.000 kWh in 2024 (yearly values, split by days)
YEARLY_2024 = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
               "Schule A;Erdgas;2024;120.000;kWh\n"
               "Schule A;Strom;2024;20.000;kWh\n")

# 2024: measured 250 K·d every month (sum 3.000), long-term mean 275 (sum 3.300)
DEGREE_DAYS_2024 = {f"2024-{m:02d}": 250 for m in range(1, 13)}


@pytest.fixture
def analytics_store(store, load):
    load_reference_data(store)
    # factors of the tests, not the shipped ones: Erdgas 0,2 and Strom 0,4 kg/kWh (Strom only for 2023)
    store.execute("DELETE FROM emission_factors")
    store.execute("INSERT INTO emission_factors VALUES ('bisko', 'Erdgas', 2024, 0.2, 'test', 'test', NULL), "
                  "('bisko', 'Strom', 2023, 0.4, 'test', 'test', NULL), "
                  "('bisko', 'Strom', 2026, 0.3, 'test', 'test', NULL)")
    store.execute("DELETE FROM energy_prices")
    store.execute("INSERT INTO energy_prices VALUES ('Erdgas', 0.10, 'test'), ('Strom', 0.30, 'test')")
    load(BUILDINGS, name="gebaeude.csv")
    load(YEARLY_2024, name="jahr.csv")
    set_test_climate(store, DEGREE_DAYS_2024, 275)
    store.execute("UPDATE buildings SET hot_water_share = 0.15")  # the examples' share (categories have own)
    return store


def one(frame, **where):
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1, frame
    return frame.iloc[0]


def test_degree_day_normalisation_worked_example(analytics_store):
    rows = metrics.building_carrier_years(analytics_store)
    gas = one(rows, building="Schule A", carrier="Erdgas", year=2024)
    # E_norm = 120.000 × (0,15 + 0,85 × 3.300 / 3.000) = 120.000 × (0,15 + 0,935) = 130.200 kWh
    assert gas["kwh_raw"] == pytest.approx(120_000)
    assert gas["kwh_normalised"] == pytest.approx(130_200)
    assert gas["weather_normalised"]
    electricity = one(rows, building="Schule A", carrier="Strom", year=2024)
    assert electricity["kwh_normalised"] == electricity["kwh_raw"] == pytest.approx(20_000)  # never normalised


def test_hot_water_share_of_the_building_the_category_and_the_setting(analytics_store):
    analytics_store.execute("UPDATE buildings SET hot_water_share = 0.30 WHERE name = 'Schule A'")
    gas = one(metrics.building_carrier_years(analytics_store), carrier="Erdgas")
    # 120.000 × (0,30 + 0,70 × 1,1) = 120.000 × 1,07 = 128.400 kWh
    assert gas["kwh_normalised"] == pytest.approx(128_400)
    assert gas["hot_water_share_from"] == "building"
    analytics_store.execute("UPDATE buildings SET hot_water_share = NULL")
    gas = one(metrics.building_carrier_years(analytics_store), carrier="Erdgas")
    # Schulen, TEK (Anlage 1 Tab. 1 Nr. 21): s = 22,4 / (49,3 + 22,4) = 0,3124128
    # 120.000 × (0,3124128 + 0,6875872 × 3.300 / 3.000) = 120.000 × 1,0687587 = 128.251,05 kWh
    assert gas["hot_water_share"] == pytest.approx(22.4 / 71.7)
    assert gas["hot_water_share_from"] == "category"
    assert gas["kwh_normalised"] == pytest.approx(128_251.05, abs=0.01)
    analytics_store.execute("UPDATE buildings SET category = 'Sonstiges'")  # no TEK row: the setting
    gas = one(metrics.building_carrier_years(analytics_store, analytics=AnalyticsSettings(hot_water_share=0.0)),
              carrier="Erdgas")
    # s = 0: 120.000 × 3.300 / 3.000 = 132.000 kWh
    assert gas["kwh_normalised"] == pytest.approx(132_000)
    assert gas["hot_water_share_from"] == "assumption"


@pytest.mark.parametrize("category, share", [
    # TEK_WW / (TEK_Heizung + TEK_WW), Anlage 1 Tabelle 1 (Lfd.-Nr. in ktdash/analytics/reference/comparison_values.csv)
    ("Verwaltung", 6.9 / (48.5 + 6.9)),  # 0,1245
    ("Schule", 22.4 / (49.3 + 22.4)),  # 0,3124
    ("Kita", 17.3 / (50.4 + 17.3)),  # 0,2555
    ("Sporthalle", 22.0 / (68.6 + 22.0)),  # 0,2428
    ("Schwimmbad", 24.7 / (63.8 + 24.7)),  # 0,2791
    ("Feuerwehr", 7.1 / (50.8 + 7.1)),  # 0,1226
])
def test_hot_water_share_per_category_from_the_tek_table(analytics_store, category, share):
    analytics_store.execute("UPDATE buildings SET hot_water_share = NULL, category = ? WHERE name = 'Schule A'",
                            [category])
    gas = one(metrics.building_carrier_years(analytics_store), carrier="Erdgas")
    assert gas["hot_water_share"] == pytest.approx(share)
    assert round(gas["hot_water_share"] * 100) == {"Verwaltung": 12, "Schule": 31, "Kita": 26, "Sporthalle": 24,
                                                   "Schwimmbad": 28, "Feuerwehr": 12}[category]


def test_part_of_a_year_uses_the_degree_days_of_its_months(analytics_store, load):
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
         "Kita B;Heizöl;01.2025;1.000;l\nKita B;Heizöl;02.2025;1.000;l\nKita B;Heizöl;03.2025;1.000;l\n",
         name="oel.csv")
    set_test_climate(analytics_store, DEGREE_DAYS_2024 | {"2025-01": 500, "2025-02": 400, "2025-03": 300},
                     {1: 560, 2: 480, 3: 430} | {m: 275 for m in range(4, 13)})
    oil = one(metrics.building_carrier_years(analytics_store), building="Kita B", year=2025)
    # 3.000 l × 10 kWh/l = 30.000 kWh; G_actual = 500 + 400 + 300 = 1.200, G_ref = 560 + 480 + 430 = 1.470
    # E_norm = 30.000 × (0,15 + 0,85 × 1.470 / 1.200) = 30.000 × (0,15 + 1,04125) = 35.737,5 kWh
    assert oil["kwh_raw"] == pytest.approx(30_000)
    assert oil["kwh_normalised"] == pytest.approx(35_737.5)
    assert oil["months"] == 3
    year = one(metrics.building_years(analytics_store), building="Kita B", year=2025)
    assert not year["complete"]
    assert year["heat_potential_kwh"] != year["heat_potential_kwh"]  # NaN: no potential from 3 months


def test_heat_without_degree_days_stays_raw_and_says_so(analytics_store, load):
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nKita B;Erdgas;2023;50.000;kWh\n", name="2023.csv")
    gas = one(metrics.building_carrier_years(analytics_store), building="Kita B", year=2023)
    assert gas["kwh_normalised"] == pytest.approx(50_000)
    assert not gas["weather_normalised"]


@pytest.mark.parametrize("area, expected", [
    # f = 4,53 × 1.000^(−0,215) + 0,27 = 4,53 × 0,2264644 + 0,27 = 1,2958839; 49,3 × 1,2958839 + 22,4 = 86,28707
    (1000, 86.28707),
    (400, 49.3 * 1.46 + 22.4),  # up to 500 m²: f = 1,46 → 94,378
    (60000, 49.3 * 0.71 + 22.4),  # from 50.000 m²: f = 0,71 → 57,403
])
def test_comparison_value_of_a_school_with_the_size_factor(analytics_store, area, expected):
    # Schulen (Anlage 1 Tab. 1 Nr. 21): TEK Heizung 49,3, TEK Warmwasser 22,4, Strom 10,0 kWh/(m²·a)
    analytics_store.execute("UPDATE buildings SET floor_area_m2 = ? WHERE name = 'Schule A'", [area])
    heat, electricity = analytics_store.execute(
        "SELECT heat_kwh_per_m2a, electricity_kwh_per_m2a FROM building_comparison_values c "
        "JOIN buildings b USING (building_id) WHERE b.name = 'Schule A'").fetchone()
    assert heat == pytest.approx(expected, abs=1e-3)
    assert electricity == pytest.approx(10.0)


def test_shipped_comparison_values_match_the_official_table():
    """Spot check of ktdash/analytics/reference/comparison_values.csv against Anlage 1 Tabelle 1 of the
    Bekanntmachung vom 15. April 2021 (TEK Heizung, TEK Warmwasser; rows as cited in the file)."""
    import csv

    from ktdash.analytics.reference import COMPARISON_VALUES

    rows = {r["category"]: r for r in csv.DictReader(COMPARISON_VALUES.open(encoding="utf-8"))}
    assert (rows["Schule"]["heating_kwh_per_m2a"], rows["Schule"]["hot_water_kwh_per_m2a"]) == ("49.3", "22.4")
    assert (rows["Kita"]["heating_kwh_per_m2a"], rows["Kita"]["hot_water_kwh_per_m2a"]) == ("50.4", "17.3")
    assert (rows["Verwaltung"]["heating_kwh_per_m2a"], rows["Verwaltung"]["hot_water_kwh_per_m2a"]) == ("48.5", "6.9")
    assert (rows["Sporthalle"]["heating_kwh_per_m2a"], rows["Sporthalle"]["hot_water_kwh_per_m2a"]) == ("68.6", "22.0")
    assert rows["Straßenbeleuchtung"]["heating_kwh_per_m2a"] == ""  # no fitting row: no comparison
    for row in rows.values():
        assert row["source"], row["category"]


def test_specific_consumption_co2_and_savings_potential(analytics_store):
    year = one(metrics.building_years(analytics_store), building="Schule A", year=2024)
    assert year["complete"]
    assert year["heat_kwh_per_m2"] == pytest.approx(130.2)  # 130.200 kWh / 1.000 m²
    assert year["electricity_kwh_per_m2"] == pytest.approx(20.0)
    assert year["heat_comparison_kwh_per_m2"] == pytest.approx(86.28707, abs=1e-3)
    # CO₂: 120.000 × 0,2 / 1.000 = 24 t; Strom 2024 takes 2023's 0,4 (nearest earlier): 20.000 × 0,4 / 1.000 = 8 t
    assert year["t_co2e"] == pytest.approx(32.0)
    # potential heat (130,2 − 86,28707) × 1.000 = 43.912,93 kWh; electricity (20 − 10) × 1.000 = 10.000 kWh
    assert year["heat_potential_kwh"] == pytest.approx(43_912.93, abs=0.01)
    assert year["electricity_potential_kwh"] == pytest.approx(10_000)
    # € 43.912,93 × 0,10 + 10.000 × 0,30 = 7.391,29; t 43.912,93 × 0,0002 + 10.000 × 0,0004 = 12,7826
    assert year["potential_eur"] == pytest.approx(7_391.29, abs=0.01)
    assert year["potential_t_co2e"] == pytest.approx(12.7826, abs=1e-4)
    ranking = metrics.savings_potential(analytics_store, 2024)
    assert list(ranking["building"]) == ["Schule A"] and ranking["rank"].iloc[0] == 1


def test_emission_factor_of_a_year_before_the_table_takes_the_nearest_later_year(analytics_store, load):
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nKita B;Strom;2021;10.000;kWh\n", name="2021.csv")
    row = one(metrics.building_carrier_years(analytics_store), building="Kita B", year=2021)
    assert row["t_co2e"] == pytest.approx(4.0)  # 10.000 × 0,4 (2023, nearest later) / 1.000


ELECTRICITY = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
               "Schule A;Strom;2022;100.000;kWh\n"
               "Kita B;Strom;2022;10.000;kWh\n")


def test_progress_like_for_like_target_path_and_own_target(store, load):
    load(BUILDINGS, name="gebaeude.csv")
    load(ELECTRICITY, name="2022.csv")
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule A;Strom;2024;90.000;kWh\n", name="2024.csv")
    # Kita B has only January–June 2024: not like for like, left out
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
         + "".join(f"Kita B;Strom;{m:02d}.2024;100;kWh\n" for m in range(1, 7)), name="kita.csv")
    result = one(metrics.progress(store, "municipality", 2022, 2024), key=KUSEL)
    assert result["buildings_compared"] == 1
    assert result["saving_kwh"] == pytest.approx(10_000)
    assert result["saving_share"] == pytest.approx(0.10)
    # default −2 %/a over two years: 100.000 × 0,98² = 96.040 kWh; 90.000 ≤ 96.040 → on track
    assert result["target_kwh"] == pytest.approx(96_040)
    assert bool(result["on_track"])
    store.execute("INSERT INTO municipality_targets VALUES (?, -0.06, 'test')", [KUSEL])
    result = one(metrics.progress(store, "municipality", 2022, 2024), key=KUSEL)
    # own target −6 %/a: 100.000 × 0,94² = 88.360 kWh < 90.000 → not on track
    assert result["target_kwh"] == pytest.approx(88_360)
    assert not bool(result["on_track"])
    district = one(metrics.progress(store, "district", 2022, 2024), key="07336")
    assert district["target_kwh"] == pytest.approx(96_040)  # districts follow the default path


def test_per_inhabitant_and_per_m2(store, load):
    load(BUILDINGS, name="gebaeude.csv")
    load(ELECTRICITY, name="2022.csv")
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule X;Strom;2022;69.000;kWh\n",
         name="kreis.csv", municipality="Landkreis Kusel (Kreisverwaltung)")
    municipalities = metrics.entity_years(store, "municipality")
    kusel = one(municipalities, key=KUSEL, year=2022)
    assert kusel["energy_kwh_normalised"] == pytest.approx(110_000)
    assert kusel["energy_kwh_per_inhabitant"] == pytest.approx(110_000 / 24_000)  # 4,583 kWh per inhabitant
    # electricity per m²: (100.000 + 10.000) / (1.000 + 400) = 78,571 kWh/m²
    assert kusel["electricity_kwh_per_m2"] == pytest.approx(110_000 / 1_400)
    district_owner = one(municipalities, key="07336", year=2022)
    assert district_owner["population"] == 69_000  # a Landkreis's own buildings: district population
    assert district_owner["electricity_kwh_per_m2"] != district_owner["electricity_kwh_per_m2"]  # no area: NaN
    district = one(metrics.entity_years(store, "district"), key="07336", year=2022)
    assert district["energy_kwh_normalised"] == pytest.approx(179_000)
    assert district["energy_kwh_per_inhabitant"] == pytest.approx(179_000 / 69_000)


def test_sewage_plant_counts_in_energy_but_not_per_m2(store, load):
    load(BUILDINGS + "Kläranlage K;Kläranlage;200;1980\n", name="gebaeude.csv")
    load(ELECTRICITY + "Kläranlage K;Strom;2022;500.000;kWh\n", name="2022.csv")
    kusel = one(metrics.entity_years(store, "municipality"), key=KUSEL, year=2022)
    assert kusel["energy_kwh_normalised"] == pytest.approx(610_000)
    # per m² without the plant: (100.000 + 10.000) / (1.000 + 400), not 610.000 / 1.600
    assert kusel["electricity_kwh_per_m2"] == pytest.approx(110_000 / 1_400)


def test_filters_for_carrier_category_and_year(analytics_store):
    only_gas = metrics.building_years(analytics_store, Selection(carriers=("Erdgas",)))
    assert only_gas["electricity_kwh"].isna().all() and only_gas["heat_kwh_raw"].sum() == pytest.approx(120_000)
    assert metrics.building_years(analytics_store, Selection(categories=("Kita",))).empty
    assert metrics.building_years(analytics_store, Selection(years=(2023,))).empty


def test_kpi_rows_carry_the_figures_of_the_building_years(analytics_store):
    rows = metrics.kpi_rows(analytics_store, Selection(years=(2024,)))
    assert list(rows.columns) == metrics.KPI_COLUMNS
    gas = one(rows, carrier="Erdgas")
    assert gas["kwh_per_m2"] == pytest.approx(130.2)
    assert gas["comparison_kwh_per_m2"] == pytest.approx(86.28707, abs=1e-3)
    assert gas["t_co2e"] == pytest.approx(24.0)
    assert one(rows, carrier="Strom")["use_kwh_per_m2"] == pytest.approx(20.0)


def test_heat_against_comparison_of_the_buildings_with_a_complete_year_and_a_comparison_value(analytics_store):
    # Schule A: 130.200 kWh normalised (here Potsdam's mean = the station's) on 1.000 m² against 86,287 kWh/m²
    # → above; Kita B has no data in 2024
    district = one(metrics.heat_against_comparison(analytics_store, 2024), buildings=1)
    assert district["above"] == 1
    assert district["heat_kwh_benchmark"] == pytest.approx(130_200)
    assert district["comparison_kwh"] == pytest.approx(86_287.07, abs=0.1)
    assert district["area_m2"] == pytest.approx(1_000)
    assert len(metrics.heat_against_comparison(analytics_store, 2024, level="municipality")) == 1
    assert metrics.heat_against_comparison(analytics_store, 2023).empty
    assert metrics.heat_against_comparison(analytics_store, 2024, Selection(categories=("Kita",))).empty


def test_energy_cost_from_the_files_where_every_month_has_one_else_at_the_price(store, load, prepare):
    load_reference_data(store)
    store.execute("UPDATE energy_prices SET eur_per_kwh = 0.5 WHERE carrier = 'Strom'")
    load(BUILDINGS, name="gebaeude.csv")
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit;Kosten (€)\n"
         + "".join(f"Kita B;Strom;{m:02d}.2024;1.000;kWh;300,00\n" for m in range(1, 13)), name="kosten.csv")
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule A;Strom;2024;20.000;kWh\n", name="ohne.csv")
    years = metrics.building_years(store, Selection(years=(2024,)))
    kita, school = one(years, building="Kita B"), one(years, building="Schule A")
    assert (kita["cost_eur"], bool(kita["cost_from_file"])) == (pytest.approx(3_600), True)  # 12 × 300 €
    assert (school["cost_eur"], bool(school["cost_from_file"])) == (pytest.approx(10_000), False)  # 20.000 × 0,50
    kpi = one(metrics.kpi_rows(store, Selection(years=(2024,))), building="Kita B")
    assert kpi["cost_eur"] == pytest.approx(3_600) and kpi["cost_from_file"]
    rejected = prepare("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit;Kosten (€)\n"
                       "Kita B;Strom;01.2025;1.000;kWh;dreihundert\n", name="falsch.csv").preview.rejected
    assert list(rejected[["line_no", "column_name", "value", "code"]].itertuples(index=False, name=None)) == [
        (2, "Kosten (€)", "dreihundert", "not_a_number")]


def test_shipped_gas_factor_is_on_the_gross_calorific_value_like_the_stored_kwh():
    """Gas kWh are Brennwert (Hs) kWh (m³ × Z × Hs); the BAFA factor 0,201 kg/kWh is per Heizwert (Hi):
    0,201 / 1,11 (Hs/Hi of natural gas) = 0,1811 kg per kWh Hs."""
    import csv

    from ktdash.analytics.reference import EMISSION_FACTORS

    gas = [r for r in csv.DictReader(EMISSION_FACTORS.open(encoding="utf-8"))
           if r["carrier"] == "Erdgas" and r["factor_set"] == "direct"]
    assert gas and all(float(r["kg_co2e_per_kwh"]) == pytest.approx(0.201 / 1.11, abs=5e-4) for r in gas)
    assert all("Hs" in r["basis"] for r in gas)


def test_shipped_bisko_gas_factor_is_on_the_gross_calorific_value_too():
    """BISKO-type set: GEMIS 4.95 (KEA-BW) Erdgas 0,250 kg CO₂e/kWh Hi incl. upstream chains ÷ 1,11 = 0,2252 per
    kWh Hs; the Bundesstrommix with upstream chains per year (UBA Climate Change 13/2025, Tab. 2: 2021 0,477)."""
    import csv

    from ktdash.analytics.reference import EMISSION_FACTORS

    rows = list(csv.DictReader(EMISSION_FACTORS.open(encoding="utf-8")))
    gas = [r for r in rows if r["carrier"] == "Erdgas" and r["factor_set"] == "bisko"]
    assert gas and all(float(r["kg_co2e_per_kwh"]) == pytest.approx(0.250 / 1.11, abs=5e-4) for r in gas)
    electricity = {int(r["year"]): float(r["kg_co2e_per_kwh"]) for r in rows
                   if r["carrier"] == "Strom" and r["factor_set"] == "bisko"}
    assert electricity[2021] == pytest.approx(0.477) and electricity[2022] == pytest.approx(0.503)
    assert {r["status"] for r in rows} <= {"official", "secondary", "assumption"}


def test_co2_uses_the_bisko_set_by_default_and_the_direct_set_when_chosen(analytics_store):
    analytics_store.execute("INSERT INTO emission_factors VALUES ('direct', 'Erdgas', 2024, 0.1, 'test', 'test', NULL)")
    gas = one(metrics.building_carrier_years(analytics_store), carrier="Erdgas")
    assert gas["t_co2e"] == pytest.approx(120_000 * 0.2 / 1000)  # 24 t with the 'bisko' row of the fixture
    direct_set = AnalyticsSettings(emission_factor_set="direct")
    gas = one(metrics.building_carrier_years(analytics_store, analytics=direct_set), carrier="Erdgas")
    assert gas["t_co2e"] == pytest.approx(120_000 * 0.1 / 1000)  # 12 t with the 'direct' row


def test_a_heat_network_with_its_own_factor_replaces_the_default_in_the_bisko_set(analytics_store, load):
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nKita B;Fernwärme;2024;10.000;kWh\n", name="fw.csv")
    analytics_store.execute("INSERT INTO emission_factors VALUES ('bisko', 'Fernwärme', 2024, 0.3, 't', 't', NULL), "
                            "('direct', 'Fernwärme', 2024, 0.28, 't', 't', NULL)")
    rows = metrics.building_carrier_years(analytics_store)
    assert one(rows, carrier="Fernwärme")["t_co2e"] == pytest.approx(3.0)  # 10.000 × 0,3 / 1000
    analytics_store.execute("INSERT INTO heat_networks VALUES ('FW-1', 'Netz Kusel', 2024, 0.12, true, 'Versorger')")
    analytics_store.execute("UPDATE buildings SET heat_network_id = 'FW-1' WHERE name = 'Kita B'")
    district_heat = one(metrics.building_carrier_years(analytics_store), carrier="Fernwärme")
    assert district_heat["t_co2e"] == pytest.approx(1.2) and district_heat["network_factor"]  # 10.000 × 0,12
    direct_set = AnalyticsSettings(emission_factor_set="direct")
    direct = one(metrics.building_carrier_years(analytics_store, analytics=direct_set), carrier="Fernwärme")
    assert direct["t_co2e"] == pytest.approx(2.8)  # the direct set keeps its default
