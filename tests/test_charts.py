"""Charts: the figures carry the numbers of the data they were made from."""

from __future__ import annotations

import math

import pandas as pd

from ktdash.output import charts

FRAME = pd.DataFrame({
    "name": ["A", "A", "B", "C", "C", "A"],
    "year": [2024, 2024, 2024, 2024, 2024, 2023],
    "carrier": ["Strom", "Erdgas", "Strom", "Erdgas", "Fernwärme", "Strom"],
    "value": [100.0, 300.0, 50.0, 1000.0, 20.0, 90.0],
})


def test_stacked_bars_sorted_by_total_without_gaps():
    fig = charts.consumption_by_entity(FRAME, 2024, "Titel", "kWh")
    assert list(fig.data[0].x) == ["C", "A", "B"]
    # a carrier an entity lacks is 0, never NaN (NaN breaks plotly.js stacking)
    assert all(not math.isnan(v) for trace in fig.data for v in trace.y)
    totals = [sum(trace.y[i] for trace in fig.data) for i in range(3)]
    assert totals == [1020.0, 400.0, 50.0]
    assert [t.name for t in fig.data] == ["Strom", "Erdgas", "Fernwärme"]
    assert fig.layout.yaxis.title.text == "Verbrauch [kWh]"
    assert fig.layout.separators == ",."


def test_yearly_lines_per_entity():
    fig = charts.consumption_by_year(FRAME, "Titel", "kWh", lang="en")
    lines = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    assert lines["A"] == ([2023, 2024], [90.0, 400.0])
    assert fig.layout.yaxis.title.text == "Consumption [kWh]"
    assert fig.layout.separators == ".,"


def test_many_entities_lie_as_rows_largest_on_top():
    frame = pd.DataFrame({"name": [f"VG {i:02d}" for i in range(12)], "year": 2024, "carrier": "Strom",
                          "value": [float(i) for i in range(12)]})
    fig = charts.consumption_by_entity(frame, 2024, "Titel", "kWh")
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert list(bar.y)[:2] == ["VG 11", "VG 10"] and list(bar.x)[:2] == [11.0, 10.0]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.title.text == "Verbrauch [kWh]"
