"""Real climate data and the two weather normalisations (ktdash.analytics.climate, ktdash.analytics.metrics).

The reference numbers are computed here independently of ktdash's SQL: from the shipped CSV with the
standard library, by the formula of DWD's Klimafaktor (G_Potsdam,ref / G_postcode,year) applied to the
weather-dependent share (GEG § 82(3)).
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict

import pytest

from climate_support import set_test_climate
from ktdash.analytics import climate, metrics
from ktdash.analytics.metrics import Selection
from ktdash.analytics.reference import load_reference_data
from ktdash.core.settings import AnalyticsSettings

KAISERSLAUTERN = "07312000"  # Stadt Kaiserslautern in tests/data/master


def shipped_months() -> dict[tuple[int, int, int], tuple[float, float]]:
    """(station, year, month) → (G20/15, completeness) from the shipped file, read without DuckDB."""
    with gzip.open(climate.DEGREE_DAYS_FILE, "rt", encoding="utf-8") as fh:
        return {(int(r["station_id"]), int(r["year"]), int(r["month"])): (float(r["g20_15_kd"]),
                                                                            float(r["completeness"]))
                for r in csv.DictReader(fh) if r["g20_15_kd"] and int(r["station_id"]) in (2486, 3987, 3939)}


@pytest.fixture(scope="module")
def months():
    return shipped_months()


def long_term_mean(months, station: int, first: int = 1991, last: int = 2020) -> dict[int, float]:
    """Mean G20/15 per calendar month over the complete months (completeness ≥ 0,9) of the period."""
    values = defaultdict(list)
    for (sid, year, month), (g, complete) in months.items():
        if sid == station and first <= year <= last and complete >= 0.9:
            values[month].append(g)
    return {m: sum(v) / len(v) for m, v in values.items()}


@pytest.fixture
def kl_store(store, load):
    climate.load_shipped_climate(store)
    load_reference_data(store)
    climate.set_postcode(store, municipality_key=KAISERSLAUTERN, postcode="67657")  # Rathaus, Willy-Brandt-Platz
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nRathaus KL;Verwaltung;2.000;1980\n",
         name="gebaeude.csv", municipality=KAISERSLAUTERN)
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nRathaus KL;Erdgas;2023;200.000;kWh\n"
         "Rathaus KL;Erdgas;2021;230.000;kWh\n", name="gas.csv", municipality=KAISERSLAUTERN)
    return store


def test_shipped_data_reproduce_the_checked_annual_sums(months):
    # ktdash/analytics/reference/climate/README.md, "Checked figures": Kaiserslautern 2019 … 2025
    sums = {y: sum(months[(2486, y, m)][0] for m in range(1, 13)) for y in range(2019, 2026)}
    assert [round(sums[y]) for y in range(2019, 2026)] == [3260, 3022, 3483, 3004, 2917, 2999, 3137]
    assert sum(long_term_mean(months, 3987).values()) == pytest.approx(3602.18, abs=0.01)  # Potsdam 1991–2020


def test_kaiserslautern_building_against_the_comparison_value_by_dwds_klimafaktor(kl_store, months):
    station = climate.building_stations(kl_store)
    assert station["station_id"].tolist() == [2486] and station["station"].tolist() == ["Kaiserslautern"]
    g_kl_2023 = sum(months[(2486, 2023, m)][0] for m in range(1, 13))  # 2.917,0 Kd
    g_potsdam = sum(long_term_mean(months, 3987).values())  # 3.602,18 Kd (Potsdam 3987, 1991–2020)
    klimafaktor = g_potsdam / g_kl_2023  # 1,2349
    share = 6.9 / (48.5 + 6.9)  # Verwaltung: TEK Warmwasser / (TEK Heizung + TEK Warmwasser) = 0,12455
    # 200.000 × (0,12455 + 0,87545 × 1,23489) = 200.000 × 1,20564 = 241.127 kWh
    expected = 200_000 * (share + (1 - share) * klimafaktor)
    assert klimafaktor == pytest.approx(1.23489, abs=1e-5)
    assert expected == pytest.approx(241_127, abs=1)

    year = metrics.building_years(kl_store, Selection(years=(2023,)))
    row = year.iloc[0]
    assert row["heat_kwh_benchmark"] == pytest.approx(expected, rel=1e-9)
    assert row["heat_kwh_per_m2"] == pytest.approx(expected / 2000, rel=1e-9)  # 120,56 kWh/m²
    # comparison value: 48,5 × f(2.000 m²) + 6,9, f = 4,53 × 2000^(−0,215) + 0,27 = 1,1365
    f = 4.53 * 2000 ** -0.215 + 0.27
    assert row["heat_comparison_kwh_per_m2"] == pytest.approx(48.5 * f + 6.9, rel=1e-9)
    assert row["heat_potential_kwh"] == pytest.approx((expected / 2000 - (48.5 * f + 6.9)) * 2000, rel=1e-9)

    # progress: the station's own long-term mean instead of Potsdam's (1991–2020: 3.393,8 Kd at Kaiserslautern)
    g_kl_mean = sum(long_term_mean(months, 2486).values())
    assert g_kl_mean == pytest.approx(3393.77, abs=0.01)
    assert row["heat_kwh_normalised"] == pytest.approx(200_000 * (share + (1 - share) * g_kl_mean / g_kl_2023))
    # the local mean makes the building look 1 − 3.393,8 / 3.602,2 ≈ 5 % better than the official benchmark
    assert row["heat_kwh_normalised"] < row["heat_kwh_benchmark"]


def test_kpi_export_carries_both_normalisations_and_the_station(kl_store):
    kpi = metrics.kpi_rows(kl_store, Selection(years=(2023,)))
    row = kpi.iloc[0]
    assert row["station"] == "Kaiserslautern" and row["station_id"] == 2486
    assert row["kwh_per_m2"] == pytest.approx(row["kwh_benchmark"] / 2000)
    assert row["hot_water_share_from"] == "category" and row["co2_factor_set"] == "bisko"
    assert row["benchmark_ratio"] == pytest.approx(3602.1767 / 2917.0, abs=1e-4)


def test_a_set_potsdam_reference_scales_the_benchmark_only(kl_store, months):
    # KTDASH_BENCHMARK_REFERENCE_KD = 3.666,8 (a secondary source's value): Potsdam's months scaled to it
    before = metrics.building_years(kl_store, Selection(years=(2023,))).iloc[0]
    analytics = AnalyticsSettings(benchmark_reference_kd=3666.8)
    assert climate.sync_settings(kl_store, analytics)
    after = metrics.building_years(kl_store, Selection(years=(2023,)), analytics).iloc[0]
    share = 6.9 / 55.4
    assert after["heat_kwh_benchmark"] == pytest.approx(200_000 * (share + (1 - share) * 3666.8 / 2917.0))
    assert after["heat_kwh_normalised"] == pytest.approx(before["heat_kwh_normalised"])
    assert not climate.sync_settings(kl_store, analytics)  # nothing to do the second time


def test_reference_period_is_a_setting(kl_store, months):
    analytics = AnalyticsSettings(climate_reference_from=2001, climate_reference_to=2020)
    climate.sync_settings(kl_store, analytics)
    row = metrics.building_years(kl_store, Selection(years=(2023,)), analytics).iloc[0]
    g_mean = sum(long_term_mean(months, 2486, 2001, 2020).values())
    share = 6.9 / 55.4
    assert row["heat_kwh_normalised"] == pytest.approx(200_000 * (share + (1 - share) * g_mean / 2917.0))


def test_an_incomplete_month_comes_from_the_next_station_with_its_own_mean(kl_store, months):
    # January 2023 at Kaiserslautern marked incomplete: station_2 of 67657 (Ruppertsecken 4323) stands in,
    # with its own measured value and its own long-term mean for January
    kl_store.execute("UPDATE station_degree_days SET completeness = 0.5 "
                     "WHERE station_id = 2486 AND month = '2023-01-01'")
    climate.refresh_normals(kl_store)
    from ktdash.analytics import rollup
    rollup.refresh_all(kl_store, yearly_only=True)
    substitute = kl_store.execute("SELECT station_2 FROM postcodes WHERE postcode = '67657'").fetchone()[0]
    jan = kl_store.execute("SELECT g20_15_kd FROM station_degree_days WHERE station_id = ? AND month = '2023-01-01'",
                           [substitute]).fetchone()[0]
    jan_mean = kl_store.execute("SELECT g20_15_kd FROM station_normals WHERE station_id = ? AND month_of_year = 1",
                                [substitute]).fetchone()[0]
    normals = dict(kl_store.execute("SELECT month_of_year, g20_15_kd FROM station_normals WHERE station_id = 2486"
                                    ).fetchall())
    g_actual = jan + sum(months[(2486, 2023, m)][0] for m in range(2, 13))
    g_normal = jan_mean + sum(normals[m] for m in range(2, 13))
    row = kl_store.execute("SELECT hdd_actual, hdd_normal, hdd_months_substituted, hdd_months_missing, station_id "
                           "FROM yearly_rollup WHERE year = 2023").fetchone()
    assert row[0] == pytest.approx(g_actual) and row[1] == pytest.approx(g_normal)
    assert row[2:] == (1, 0, 2486)


def test_months_without_any_complete_station_leave_the_year_raw(store, load):
    load_reference_data(store)
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nSchule;Schule;1.000;1970\n", name="g.csv")
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nSchule;Erdgas;2024;100.000;kWh\n", name="j.csv")
    set_test_climate(store, {f"2024-{m:02d}": 300 for m in range(1, 13)}, 300, completeness={"2024-03": 0.5})
    row = metrics.building_carrier_years(store).iloc[0]
    assert not row["weather_normalised"] and row["kwh_normalised"] == pytest.approx(100_000)
    assert row["hdd_months_missing"] == 1


def test_order_of_the_station_choice(kl_store):
    """An admin's station for the building, then the building's own postcode, then an admin's station for the
    municipality, then the municipality's postcode."""
    building = int(kl_store.execute("SELECT building_id FROM buildings").fetchone()[0])
    climate.set_station(kl_store, municipality_key=KAISERSLAUTERN, station_id=5426, by="admin")  # Weinbiet
    info = climate.building_stations(kl_store).iloc[0]
    assert (info["station_id"], info["chosen_by"], info["postcode_from"]) == (5426, "municipality", "municipality")
    assert kl_store.execute("SELECT DISTINCT station_id FROM yearly_rollup").fetchall() == [(5426,)]
    climate.set_postcode(kl_store, building_id=building, postcode="66953", by="kusel")  # Pirmasens
    info = climate.building_stations(kl_store).iloc[0]
    assert info[["postcode", "postcode_from", "station_id"]].tolist() == ["66953", "building", 3939]
    assert info["chosen_by"] is None or info["chosen_by"] != info["chosen_by"]  # nearest, nobody's choice
    assert kl_store.execute("SELECT DISTINCT station_id FROM yearly_rollup").fetchall() == [(3939,)]
    audit = kl_store.execute("SELECT action, municipality_key FROM audit_log WHERE detail LIKE '%postcode%' "
                             "ORDER BY audit_id DESC LIMIT 1").fetchone()
    assert audit == ("masterdata_change", KAISERSLAUTERN)  # the building's municipality sees it in its log
    climate.set_station(kl_store, building_id=building, station_id=2486, by="admin")
    info = climate.building_stations(kl_store).iloc[0]
    assert (info["station_id"], info["chosen_by"]) == (2486, "building")
    with pytest.raises(ValueError, match="unknown_postcode"):
        climate.set_postcode(kl_store, building_id=building, postcode="00000")
    with pytest.raises(ValueError, match="unknown_station"):
        climate.set_station(kl_store, building_id=building, station_id=1)
    assert climate.building_stations(kl_store).iloc[0]["station_id"] == 2486  # refused: nothing changed


def test_a_pool_has_no_savings_potential_unless_asked(store, load):
    load_reference_data(store)
    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nHallenbad;Schwimmbad;2.000;1975\n"
         "Schule;Schule;2.000;1970\n", name="g.csv")
    load("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nHallenbad;Erdgas;2024;1.500.000;kWh\n"
         "Hallenbad;Strom;2024;400.000;kWh\nSchule;Erdgas;2024;300.000;kWh\nSchule;Strom;2024;40.000;kWh\n",
         name="j.csv")
    set_test_climate(store, {f"2024-{m:02d}": 300 for m in range(1, 13)}, 300)
    ranking = metrics.savings_potential(store, 2024)
    assert ranking["building"].tolist() == ["Schule"]
    pool = metrics.building_years(store, Selection(years=(2024,))).set_index("building").loc["Hallenbad"]
    assert not pool["comparable"] and pool["potential_kwh"] != pool["potential_kwh"]  # NaN
    everything = metrics.savings_potential(store, 2024, Selection(include_not_comparable=True))
    assert everything["building"].tolist() == ["Hallenbad", "Schule"]
    assert metrics.heat_against_comparison(store, 2024)["buildings"].sum() == 1


def test_init_without_demo_holds_real_climate_data_only(tmp_path, monkeypatch):
    from ktdash.cli.main import main
    from ktdash.store.connection import open_store

    path = tmp_path / "leer.duckdb"
    monkeypatch.setenv("KTDASH_DB", str(path))
    assert main(["init", "--no-demo"]) == 0
    con = open_store(path)
    try:
        sources = con.execute("SELECT source, count(*) FROM station_degree_days GROUP BY ALL").fetchall()
        assert sources == [(climate.SHIPPED_SOURCE, 221_108)]  # every row the shipped IWU/DWD data
        assert con.execute("SELECT count(*) FROM legacy_degree_days").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM climate_stations").fetchone()[0] == 842
        assert con.execute("SELECT count(*) FROM postcodes").fetchone()[0] == 8_168
        assert con.execute("SELECT count(*) FROM municipalities WHERE postcode IS NULL").fetchone()[0] == 0
        assert {r[0] for r in con.execute("SELECT DISTINCT factor_set FROM emission_factors").fetchall()} == {
            "bisko", "direct"}
    finally:
        con.close()


def test_a_store_from_before_keeps_hand_loaded_degree_days_and_its_factors_as_the_direct_set(tmp_path):
    """Migration 010 on a store of version 9: the generated demo degree days go, degree days an admin
    loaded stay (legacy_degree_days), the stored factors (direct CO₂) become the 'direct' set."""
    import duckdb

    from ktdash.ingest.masterdata import ensure_reference_data, load_master_data
    from ktdash.store.connection import migrate, migrations

    con = duckdb.connect(str(tmp_path / "alt.duckdb"))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for version, name, sql in migrations():
        if version <= 9:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO degree_days VALUES ('2024-01-01', 400, 'Westpfalz (synthetisch, Demo)'), "
                "('2024-02-01', 380.5, 'DWD Station Kaiserslautern, von Hand')")
    con.execute("INSERT INTO degree_day_normals VALUES (1, 450, 'DWD Station Kaiserslautern, von Hand')")
    con.execute("INSERT INTO emission_factors VALUES ('Strom', 2024, 0.38, 'CO2', 'eigene Eingabe')")
    migrate(con)
    assert sorted(con.execute("SELECT month, month_of_year, heating_degree_days FROM legacy_degree_days").fetchall(),
                  key=str) == sorted([(None, 1, 450.0), (__import__("datetime").date(2024, 2, 1), None, 380.5)],
                                     key=str)
    assert con.execute("SELECT factor_set, kg_co2e_per_kwh, source FROM emission_factors").fetchall() == [
        ("direct", 0.38, "eigene Eingabe")]
    load_master_data(con)
    ensure_reference_data(con, AnalyticsSettings())
    assert con.execute("SELECT kg_co2e_per_kwh FROM emission_factors WHERE factor_set = 'direct' AND "
                       "carrier = 'Strom' AND year = 2024").fetchone()[0] == 0.38  # the admin's value stays
    assert con.execute("SELECT count(*) FROM emission_factors WHERE factor_set = 'bisko'").fetchone()[0] > 0
    con.close()
