"""The monthly rollup's formulas against hand-computed examples."""

from __future__ import annotations

from conftest import monthly
from ktdash.analytics import rollup


def add_building(store, name="Haus") -> int:
    store.execute("INSERT INTO buildings (municipality_key, name) VALUES ('073365001', ?)", [name])
    return store.execute("SELECT building_id FROM buildings WHERE name = ?", [name]).fetchone()[0]


def test_yearly_value_split_by_days_in_a_leap_year(store):
    building = add_building(store)
    store.execute("INSERT INTO consumptions VALUES (?, 'Strom', '', '2024-01-01', '2024-12-31', 36.6, 'MWh', 1000, "
                  "36600, 1, 10980)", [building])
    rollup.refresh_all(store)
    result = monthly(store, "Haus", "Strom")
    assert result["2024-01"] == 3100.0  # 31/366 × 36.600 kWh
    assert result["2024-02"] == 2900.0  # 29/366 × 36.600 kWh
    assert sum(result.values()) == 36600.0
    # the cost of 10.980 € goes with it: 31/366 × 10.980 = 930 € in January; the year has 12 months of cost
    assert store.execute(
        "SELECT round(cost_eur, 6) FROM monthly_rollup WHERE month = '2024-01-01'").fetchone()[0] == 930
    assert store.execute("SELECT value, cost_eur, cost_months FROM yearly_rollup").fetchone() == (36600, 10980, 12)


def test_reading_interval_split_by_time_not_just_days(store):
    building = add_building(store)
    store.execute("INSERT INTO meters (building_id, number, carrier, unit, factor, cumulative) "
                  "VALUES (?, 'Z', 'Strom', 'kWh', 1, true)", [building])
    store.execute("INSERT INTO readings (meter_id, ts, value, import_id) "
                  "VALUES (1, '2024-01-15 12:00', 1000, 1), (1, '2024-02-15 12:00', 1310, 1)")
    rollup.refresh_all(store)
    # 31 days in all; 16,5 of them in January → 310 × 16,5 / 31 = 165
    assert monthly(store, "Haus", "Strom") == {"2024-01": 165.0, "2024-02": 145.0}


def test_interval_meter_sums_by_interval_start_with_factor(store):
    building = add_building(store)
    store.execute("INSERT INTO meters (building_id, number, carrier, unit, factor, cumulative, interval_minutes) "
                  "VALUES (?, 'L', 'Strom', 'MWh', 1000, false, 15)", [building])
    # interval starts are stored in UTC: 23:45 and 00:00 MEZ (UTC+1), summed by their local month
    store.execute("INSERT INTO readings (meter_id, ts, value, import_id) "
                  "VALUES (1, '2024-01-31 22:45', 0.001, 1), (1, '2024-01-31 23:00', 0.002, 1)")
    rollup.refresh_all(store)
    assert monthly(store, "Haus", "Strom") == {"2024-01": 1.0, "2024-02": 2.0}


def test_sources_add_up_per_building_and_carrier(store):
    building = add_building(store)
    store.execute("INSERT INTO meters (building_id, number, carrier, unit, factor, cumulative) "
                  "VALUES (?, 'W1', 'Wasser', 'm3', 1, true)", [building])
    store.execute("INSERT INTO readings (meter_id, ts, value, import_id) "
                  "VALUES (1, '2024-01-01', 10, 1), (1, '2024-02-01', 15, 1)")
    store.execute("INSERT INTO consumptions VALUES (?, 'Wasser', 'W2', '2024-01-01', '2024-01-31', 2, 'm3', 1, 2, 1, "
                  "NULL)",
                  [building])
    rollup.refresh_all(store)
    assert monthly(store, "Haus", "Wasser") == {"2024-01": 7.0}
    assert store.execute("SELECT DISTINCT unit FROM monthly_rollup").fetchall() == [("m³",)]
