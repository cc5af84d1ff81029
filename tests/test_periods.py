"""Partial years, year-to-date and rolling 12 months (ktdash.analytics.periods) against hand-computed examples.

The store: one building in Kusel, monthly values written as consumptions of one month each.
Strom: 2024 every month 100 kWh; 2025 every month 110 kWh but June (a gap); 2026 January–October 120 kWh.
Erdgas: 2024 and 2026 January–October 1.000 kWh a month; degree days 250 (2024) and 200 (2026) K·d a month,
long-term mean 275; hot-water share 0,15.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from climate_support import set_test_climate
from ktdash.analytics import metrics, periods, rollup
from ktdash.analytics.selection import Selection

TODAY = date(2026, 12, 3)
STROM = Selection(carriers=("Strom",))


def _month_rows(building: int, carrier: str, year: int, months, kwh: float) -> list:
    return [[building, carrier, date(year, m, 1), (pd.Timestamp(year, m, 1) + pd.offsets.MonthEnd()).date(), kwh,
             kwh] for m in months]


@pytest.fixture
def period_store(store):
    store.execute("INSERT INTO buildings (municipality_key, name) VALUES ('073365001', 'Haus')")
    building = store.execute("SELECT building_id FROM buildings WHERE name = 'Haus'").fetchone()[0]
    rows = (_month_rows(building, "Strom", 2024, range(1, 13), 100)
            + _month_rows(building, "Strom", 2025, [m for m in range(1, 13) if m != 6], 110)
            + _month_rows(building, "Strom", 2026, range(1, 11), 120)
            + _month_rows(building, "Erdgas", 2024, range(1, 11), 1000)
            + _month_rows(building, "Erdgas", 2026, range(1, 11), 1000))
    store.executemany("INSERT INTO consumptions VALUES (?, ?, '', ?, ?, ?, 'kWh', 1, ?, 1, NULL)", rows)
    store.execute("UPDATE buildings SET hot_water_share = 0.15")
    rollup.refresh_all(store)
    degree_days = {f"2024-{m:02d}": 250 for m in range(1, 13)} | {f"2026-{m:02d}": 200 for m in range(1, 11)}
    set_test_climate(store, degree_days, 275)
    return store


def test_coverage_marks_gaps_open_ends_and_the_current_year_partial(period_store):
    frame = periods.coverage(period_store, STROM, today=TODAY).set_index("year")
    assert frame.loc[2024, "months"] == list(range(1, 13)) and not frame.loc[2024, "partial"]
    assert frame.loc[2025, "month_count"] == 11 and frame.loc[2025, "partial"]  # June missing
    assert frame.loc[2026, "last_month"] == 10 and frame.loc[2026, "partial"]
    # a year through December that is the current one is still partial
    assert periods.coverage(period_store, STROM, today=date(2024, 12, 31)).set_index("year").loc[2024, "partial"]


def test_a_partial_year_is_never_returned_as_whole(period_store):
    assert periods.last_complete_year(period_store, STROM, today=TODAY) == 2024
    assert periods.last_complete_year(period_store, Selection(carriers=("Strom",), years=(2025, 2026)),
                                      today=TODAY) is None
    # the store-wide rule of reports has December data in 2025 although June is missing
    assert metrics.latest_full_year(period_store) == 2025
    assert periods.last_complete_year(period_store, Selection(carriers=("Wasser",)), today=TODAY) is None


def test_year_label_in_both_languages():
    assert periods.year_label(2026, range(1, 11), "de") == "2026, Jan–Okt"
    assert periods.year_label(2026, range(1, 11), "en") == "2026, Jan–Oct"
    assert periods.year_label(2026, [3], "de") == "2026, Mär"
    assert periods.year_label(2024, range(1, 13), "de") == "2024"
    assert periods.year_label(2026, range(1, 13), "en", partial=True) == "2026, Jan–Dec"


def test_year_to_date_compares_the_same_months(period_store):
    frame = periods.year_to_date(period_store, STROM).set_index("year")
    assert set(frame["through_month"]) == {10}  # 2026's last month with data
    # 2024: 10 × 100; 2025: 9 × 110 (June missing, months = 9); 2026: 10 × 120
    assert frame["electricity_kwh"].to_dict() == {2024: 1000, 2025: 990, 2026: 1200}
    assert frame["months"].to_dict() == {2024: 10, 2025: 9, 2026: 10}
    assert (frame["energy_kwh_normalised"] == frame["electricity_kwh"]).all()


def test_year_to_date_heat_is_weather_normalised_like_the_year_figures(period_store):
    frame = periods.year_to_date(period_store, Selection(carriers=("Erdgas",)), level="municipality",
                                 through_month=10).set_index("year")
    assert list(frame["key"].unique()) == ["073365001"]
    # 2024: 10.000 × (0,15 + 0,85 × 2.750 / 2.500) = 10.850; 2026: 10.000 × (0,15 + 0,85 × 2.750 / 2.000) = 13.187,5
    assert frame.loc[2024, "heat_kwh_raw"] == pytest.approx(10_000)
    assert frame.loc[2024, "heat_kwh_normalised"] == pytest.approx(10_850)
    assert frame.loc[2026, "heat_kwh_normalised"] == pytest.approx(13_187.5)
    assert frame["weather_normalised"].all()
    # through March: 3.000 × (0,15 + 0,85 × 825 / 750) = 3.255
    march = periods.year_to_date(period_store, Selection(carriers=("Erdgas",)), through_month=3).set_index("year")
    assert march.loc[2024, "heat_kwh_normalised"] == pytest.approx(3_255)
    # through December it is the year figure of the Übersicht/Kommune KPIs (metrics.entity_years), to the kWh
    whole = periods.year_to_date(period_store, level="municipality", through_month=12).set_index("year")
    kpis = metrics.entity_years(period_store, "municipality").set_index("year")
    for column in ("heat_kwh_normalised", "energy_kwh_normalised", "energy_kwh_raw", "electricity_kwh"):
        pd.testing.assert_series_equal(whole[column], kpis[column], check_dtype=False, check_index_type=False)


def test_rolling_12_months_only_over_12_months_with_data(period_store):
    frame = periods.rolling_12_months(period_store, STROM, level="building").set_index("month")
    rolling = frame["rolling_kwh_raw"]
    assert len(frame) == 34  # 2024-01 … 2026-10, the gap month included
    assert pd.isna(frame.loc[pd.Timestamp("2025-06-01"), "kwh_raw"])
    assert rolling[:pd.Timestamp("2024-11-01")].isna().all()  # fewer than 12 months so far
    assert rolling[pd.Timestamp("2024-12-01")] == 1200  # 12 × 100
    assert rolling[pd.Timestamp("2025-01-01")] == 1210  # 11 × 100 + 110
    assert rolling[pd.Timestamp("2025-05-01")] == 1250  # 7 × 100 + 5 × 110
    # every window holding June 2025 (June 2025 … May 2026) is NULL, never a sum of 11 months
    assert rolling[pd.Timestamp("2025-06-01"):pd.Timestamp("2026-05-01")].isna().all()
    assert rolling[pd.Timestamp("2026-06-01")] == 1380  # 6 × 110 + 6 × 120
    assert rolling[pd.Timestamp("2026-10-01")] == 1420  # 2 × 110 + 10 × 120
    whole = periods.rolling_12_months(period_store, STROM)
    assert list(whole["key"].unique()) == ["all"] and whole["rolling_kwh_raw"].equals(frame["rolling_kwh_raw"]
                                                                                      .reset_index(drop=True))
