"""Exports of stored figures.

``monthly``: one row per building, carrier and month from the monthly rollup —
columns ``district,municipality,building,carrier,month,value,unit``; month as
``YYYY-MM``; UTF-8, ``,`` as delimiter, ``.`` as decimal point, three decimals;
energy in kWh, water in m³. Meant for further processing, not for German Excel.

``kpis``: one row per building, year and carrier with the key figures of
:mod:`ktdash.analytics.metrics` — columns :data:`ktdash.analytics.metrics.KPI_COLUMNS`; same CSV
conventions, numbers with three decimals, empty where a figure does not apply.

``progress``: what the pages (Vergleich, Kommune, Workshop) and the Energiebericht show as progress against
the baseline, from :func:`ktdash.analytics.metrics.progress`: one row per district (``--level district``) or
municipality, columns :data:`PROGRESS_COLUMNS` — buildings compared (like for like), baseline and year kWh
(heat weather-normalised with the station's long-term mean, plus electricity), saving in kWh and as a share,
the target rate and the target path value, whether on track; ``normalisation`` names the method.

``campaigns``: the figures of the pages Kampagnen and Kampagne from
:mod:`ktdash.analytics.campaigns`, one row per district (``--by district``), municipality
(``municipality``), campaign (``campaign``) or municipality and year of photovoltaic
additions (``pv``); columns :data:`CAMPAIGN_EXPORTS`; same CSV conventions.

``measures``: every measure (issue 17), one row per measure and affected carrier, with the figures of its verified
savings (:func:`ktdash.output.measures.measure_rows`, columns :data:`ktdash.output.measures.MEASURE_ROW_COLUMNS`):
baseline and reporting windows, the model (a kWh/day, b kWh/Kd, R², CV(RMSE)), adjusted baseline, actual,
savings ± their 90 % uncertainty, % of expected, € and t CO₂e with the price and factor used, the verdict
(``verified``, ``increase``, ``within_uncertainty``, ``refused``, empty for planned measures) and its stable codes
(``savings.*``). Measures verified together carry the group's figures on each member's row (``verified_with``).

Every export neutralises text cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return at the start get a leading ``'``: :func:`ktdash.output.exports.tables.neutralise`, the same rule as the
page downloads); numbers stay numbers. ``raw=True`` (``ktdash export … --raw``) writes the text unchanged, for
programs that read the CSV and never open it in a spreadsheet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ktdash.analytics import campaigns as campaign_metrics
from ktdash.output.exports.tables import neutralise_frame
from ktdash.analytics.metrics import Selection, kpi_rows, latest_full_year, progress
from ktdash.core.settings import AnalyticsSettings

MONTHLY_COLUMNS = ["district", "municipality", "building", "carrier", "month", "value", "unit"]

MONTHLY_SQL = """
SELECT d.name AS district, mu.name AS municipality, b.name AS building, r.carrier,
       strftime(r.month, '%Y-%m') AS month, r.value, r.unit
FROM monthly_rollup r
JOIN buildings b USING (building_id)
JOIN municipalities mu USING (municipality_key)
JOIN districts d ON d.district_key = mu.district_key
ORDER BY district, municipality, building, carrier, month
"""


def monthly_frame(con) -> pd.DataFrame:
    return con.execute(MONTHLY_SQL).df()


def _csv(frame: pd.DataFrame, raw: bool) -> str:
    """The CSV text of every export: text cells neutralised unless ``raw``, numbers with three decimals."""
    return (frame if raw else neutralise_frame(frame)).to_csv(index=False, lineterminator="\n",
                                                              float_format="%.3f")


def write_monthly(con, out: str | Path, raw: bool = False) -> int:
    """Write the monthly export to the file ``out``; returns the rows written."""
    frame = monthly_frame(con)
    with open(out, "w", encoding="utf-8", newline="") as file:
        file.write(_csv(frame, raw))
    return len(frame)


def monthly_csv(con, raw: bool = False) -> str:
    return _csv(monthly_frame(con), raw)


def measures_csv(con, municipalities=None, analytics: AnalyticsSettings = AnalyticsSettings(),
                 raw: bool = False) -> str:
    from ktdash.output.measures import measure_rows

    frame = measure_rows(con, municipalities=municipalities, analytics=analytics)
    for column in ("measure_id", "building_id", "baseline_months", "reporting_months"):
        frame[column] = frame[column].astype("Int64")
    return _csv(frame, raw)


def kpis_csv(con, year: int | None = None, analytics: AnalyticsSettings = AnalyticsSettings(),
             raw: bool = False) -> str:
    frame = kpi_rows(con, Selection(years=(year,) if year else ()), analytics)
    return _csv(frame, raw)


PROGRESS_COLUMNS = ["level", "key", "name", "district", "baseline_year", "year", "buildings_compared",
                    "baseline_kwh", "year_kwh", "saving_kwh", "saving_share", "target_change_per_year", "target_kwh",
                    "on_track", "normalisation"]


def progress_frame(con, level: str = "district", year: int | None = None, baseline: int | None = None,
                   analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """Progress of ``year`` (default: the last complete year,
    :func:`ktdash.analytics.metrics.latest_full_year`) against ``baseline`` (default: the
    setting), per district or municipality — the rows the pages and the report show."""
    year = year or latest_full_year(con)
    baseline = baseline or analytics.baseline_year
    if year is None:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    frame = progress(con, level, baseline, year, Selection(), analytics)
    frame = frame.assign(level=level, normalisation=(
        f"progress: heat x (s + (1 - s) x G_mean({analytics.climate_reference_from}-{analytics.climate_reference_to})"
        " / G_year) at the building's DWD station; electricity raw"))
    if level == "district":
        frame["district"] = frame["name"]
    return frame.sort_values(["district", "name"])[PROGRESS_COLUMNS]


def progress_csv(con, level: str = "district", year: int | None = None, baseline: int | None = None,
                 analytics: AnalyticsSettings = AnalyticsSettings(), raw: bool = False) -> str:
    frame = progress_frame(con, level, year, baseline, analytics)
    frame["buildings_compared"] = frame["buildings_compared"].astype("Int64")
    return _csv(frame, raw)


_REACH = ["activities", "activities_held", "participants", "participants_per_1000", "registrations", "consultations",
          "consultations_per_1000", "page_views", "leads", "outcomes", "cost_eur", "cost_per_participant",
          "cost_per_consultation", "participants_online", "participants_in_person", "participants_hybrid", "topics"]
CAMPAIGN_EXPORTS: dict[str, tuple] = {
    "district": (campaign_metrics.reach_by_district, ["key", "name", "population"] + _REACH),
    "municipality": (campaign_metrics.reach_by_municipality, ["key", "name", "district", "population"] + _REACH),
    "campaign": (campaign_metrics.campaign_table,
                 ["campaign_id", "name", "topic", "lead", "start_date", "end_date", "members", "members_population"]
                 + [c for c in _REACH if c not in ("consultations_per_1000", "topics")]),
    "pv": (campaign_metrics.pv_additions,
           ["key", "name", "district", "year", "population", "units", "kwp", "plug_in_units", "units_per_1000",
            "kwp_per_1000", "pv_activities", "pv_participants", "pv_consultations"]),
}


INTEGER_COLUMNS = {"population", "activities", "activities_held", "participants", "registrations", "consultations",
                   "page_views", "leads", "outcomes", "participants_online", "participants_in_person",
                   "participants_hybrid", "members", "members_population", "year", "units", "plug_in_units",
                   "pv_activities", "pv_participants", "pv_consultations"}


def campaigns_frame(con, by: str = "district", year: int | None = None, topic: str | None = None) -> pd.DataFrame:
    function, columns = CAMPAIGN_EXPORTS[by]
    selection = campaign_metrics.CampaignSelection(years=(year,) if year else (), topics=(topic,) if topic else ())
    return function(con, selection)[columns]


def campaigns_csv(con, by: str = "district", year: int | None = None, topic: str | None = None,
                  raw: bool = False) -> str:
    frame = campaigns_frame(con, by, year, topic)
    for column in frame.columns:
        if column in INTEGER_COLUMNS:
            frame[column] = frame[column].round().astype("Int64")
        if str(frame[column].dtype).startswith("datetime"):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return _csv(frame, raw)
