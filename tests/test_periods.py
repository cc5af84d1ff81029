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
    # one notion of the last complete year: the default of the report and of `ktdash export progress` is the
    # store-wide one, so 2025 (December data, but June missing) is not taken as whole there either
    assert metrics.latest_full_year(period_store, today=TODAY) == periods.last_complete_year(period_store,
                                                                                            today=TODAY) == 2024
    assert metrics.latest_full_year(period_store) == 2024  # today's date: 2026 is partial as well
    assert periods.last_complete_year(period_store, Selection(carriers=("Wasser",)), today=TODAY) is None


def test_year_label_in_both_languages():
    assert periods.year_label(2026, range(1, 11), "de") == "2026, Jan–Okt"
    assert periods.year_label(2026, range(1, 11), "en") == "2026, Jan–Oct"
    assert periods.year_label(2026, [3], "de") == "2026, Mär"
    assert periods.year_label(2024, range(1, 13), "de") == "2024"
    assert periods.year_label(2026, range(1, 13), "en", partial=True) == "2026, Jan–Dec"
    gap = [m for m in range(1, 13) if m != 6]  # June missing: not "Jan–Dez", which reads as a whole year
    assert periods.year_label(2025, gap, "de") == "2025, 11 von 12 Monaten"
    assert periods.year_label(2025, gap, "en") == "2025, 11 of 12 months"


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


def test_year_labels_default_and_through_labels(period_store):
    frame = periods.coverage(period_store, STROM, today=TODAY)
    assert periods.year_labels(frame, "de") == {2024: "2024", 2025: "2025, 11 von 12 Monaten", 2026: "2026, Jan–Okt"}
    assert periods.year_labels(frame, "en")[2026] == "2026, Jan–Oct"
    assert periods.newest_complete(frame) == 2024 and periods.newest_complete(frame.iloc[0:0]) is None
    assert periods.through_label(2025, 10) == "2025, Jan–Okt" and periods.through_label(2025, 12) == "2025"
    assert periods.month_span(range(1, 11), "en") == "Jan–Oct" and periods.month_span([3]) == "Mär"


def test_year_to_date_change_only_between_the_same_months(period_store):
    # Jan–May: 2024 5 × 100 = 500, 2025 5 × 110 = 550, 2026 5 × 120 = 600
    frame = periods.year_to_date(period_store, STROM, through_month=5).set_index("year")
    assert frame["energy_kwh_raw"].to_dict() == {2024: 500, 2025: 550, 2026: 600}
    assert pd.isna(frame.loc[2024, "change_raw"])  # no previous year
    assert frame.loc[2025, "change_raw"] == pytest.approx(0.10)  # 550 / 500 − 1
    assert frame.loc[2026, "change_raw"] == pytest.approx(600 / 550 - 1)  # +9,09 %
    assert frame.loc[2026, "change_normalised"] == pytest.approx(600 / 550 - 1)  # electricity: not normalised
    # Jan–Oct: 2025 lacks June (9 of 10 months), so neither 2025 against 2024 nor 2026 against 2025 is compared
    through_october = periods.year_to_date(period_store, STROM).set_index("year")
    assert through_october["change_raw"].isna().all()

    # like for like: a second building with Strom only January–May 2024 (its data stop) counts in the 2024 total
    # but not in the change of 2025, which is over the Haus alone (550 / 500 − 1)
    period_store.execute("INSERT INTO buildings (municipality_key, name) VALUES ('073365001', 'Schule')")
    school = period_store.execute("SELECT building_id FROM buildings WHERE name = 'Schule'").fetchone()[0]
    period_store.executemany("INSERT INTO consumptions VALUES (?, ?, '', ?, ?, ?, 'kWh', 1, ?, 1, NULL)",
                             _month_rows(school, "Strom", 2024, range(1, 6), 50))
    rollup.refresh_all(period_store)
    frame = periods.year_to_date(period_store, STROM, through_month=5).set_index("year")
    assert frame.loc[2024, "energy_kwh_raw"] == 750 and frame.loc[2024, "buildings"] == 2
    assert frame.loc[2025, "change_raw"] == pytest.approx(0.10) and frame.loc[2025, "buildings_compared"] == 1


def test_rolling_water_apart(period_store):
    assert periods.rolling_12_months(period_store, STROM, water=True).empty  # Strom is no water
    assert not periods.rolling_12_months(period_store, STROM).empty


def test_charts_label_partial_years_and_mark_the_trend(period_store):
    from ktdash.output import charts

    ytd = periods.year_to_date(period_store, STROM, through_month=5)
    fig = charts.year_to_date_bars(ytd, "energy_kwh_raw", "change_raw", "Titel", "kWh", "de")
    bars = fig.data[0]
    assert list(bars.x) == ["2024, Jan–Mai", "2025, Jan–Mai", "2026, Jan–Mai"]
    assert list(bars.y) == [500, 550, 600] and bars.texttemplate == "%{y:,.0f}<br>%{customdata}"
    assert list(bars.customdata) == ["", "+10,0 %", "+9,1 %"]  # against the same months of the year before
    rolling = periods.rolling_12_months(period_store, STROM)
    line = charts.rolling_12_line(rolling, "Titel", "kWh", "en")
    assert line.data[0].y[0] is None and line.data[0].y[11] == 1200 and line.data[0].y[-1] == 1420
    # 1.420 in Oct 2026 against 1.320 in Oct 2025 (2 × 100 + 10 × 110 … NULL: June 2025 in its window) → no mark
    assert len(line.data) == 1
    trend = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=13, freq="MS"),
                          "rolling_kwh_raw": [1200.0] * 12 + [1100.0]})
    mark = charts.rolling_12_line(trend, "Titel", "kWh").data[1]
    assert mark.y == (1100.0,) and mark.marker.color == charts.GOOD  # below the value 12 months earlier
    # a partial year on the yearly lines: named on the axis, drawn open and not joined to the whole years
    frame = pd.DataFrame({"name": "A", "year": [2024, 2025, 2026], "value": [1200.0, 1210.0, 1200.0]})
    labels = periods.year_labels(periods.coverage(period_store, STROM, today=TODAY))
    lines = charts.consumption_by_year(frame, "Titel", "kWh", "de", labels=labels)
    assert list(lines.data[0].x) == [2024] and list(lines.data[1].x) == [2025, 2026]
    assert lines.data[1].mode == "markers" and lines.data[1].marker.color == "white"
    assert list(lines.layout.xaxis.ticktext) == ["2024", "2025, 11 von 12 Monaten", "2026, Jan–Okt"]
