"""Partial years, year-to-date and rolling 12 months (issue 17, item 4): a year that has not ended, or whose data stop
before December, is never shown or compared as a whole one.

Coverage (:func:`coverage`)
    Per year of the selection, the calendar months with data in the monthly rollup (:mod:`ktdash.analytics.rollup`).
    A year is **partial** when its last month with data is before December, when it has fewer than 12 months with
    data (a gap month), or when it is the current year. :func:`year_label` names it: "2026, Jan–Okt" /
    "2026, Jan–Oct"; a whole year is just "2026".
Default year (:func:`last_complete_year`)
    The newest year of the selection that is not partial: the one notion of "last complete year".
    :func:`ktdash.analytics.metrics.latest_full_year` (the default of a report and of ``ktdash export progress``)
    calls it for the whole store, and the pages' year selects default to it (:func:`newest_complete`,
    :func:`year_labels` on one :func:`coverage` frame), so pages, report and export agree.
Year-to-date (:func:`year_to_date`)
    Consumption of the months 1..m of every year, with m the last month with data of the selection's latest year,
    so a partial year is compared only with the same months of other years. Heat is weather-normalised with the
    method of the year figures (:mod:`ktdash.analytics.metrics`, "Progress", VDI 3807-1 / GEG § 82(3)), applied to
    the months 1..m: E_norm = E × (s + (1 − s) × ΣG_normal / ΣG_actual) over those months, per building and carrier,
    with the building's station and degree days of :data:`ktdash.analytics.rollup.BUILDING_MONTHS_SQL` and the
    hot-water share s of ``metrics_base.sql``; heat without complete degree days stays raw
    (``weather_normalised`` false). Energy = heat (normalised) + electricity, as ``energy_kwh_normalised`` of the
    Übersicht and Kommune KPIs; water in m³ apart. The totals are those of the selection's buildings with data in
    each year (as the Übersicht's yearly totals). The change against the previous year (``change_raw``,
    ``change_normalised``, ``change_water``: this year / previous year − 1) is like for like, as the progress of
    :mod:`ktdash.analytics.metrics` ("gleiche Gebäude"): over the buildings and carriers that have all the
    months 1..m in both years (``buildings_compared``), so a building whose data stop, or that lacks a month in
    one year, is not compared; NULL when there is none.
Rolling 12 months (:func:`rolling_12_months`)
    For each month end, the sum of the last 12 calendar months (heat + electricity, raw kWh: a monthly weather
    normalisation is not the year method, so the rolling figure is labelled raw; or water in m³ with ``water``
    true). Only where all 12 months have
    data — else NULL, never a sum of fewer months shown as a year. A month counts as present for a municipality,
    district or the whole selection when any of its buildings has data in it.

Values reach SQL only as parameters (``$name``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ktdash.analytics.rollup import BUILDING_MONTHS_SQL
from ktdash.analytics.selection import Selection
from ktdash.core.settings import AnalyticsSettings
from ktdash.i18n import texts

# key and name of each level; None: the whole selection as one row per period
LEVELS = {
    None: ("'all'", "'all'"),
    "district": ("district_key", "district"),
    "municipality": ("municipality_key", "municipality"),
    "building": ("building_id::VARCHAR", "building"),
}

# The buildings and monthly values of a selection (every filter of Selection.params but include_not_comparable).
_SELECTED_SQL = """
selected AS (
    SELECT b.building_id, b.name AS building, d.district_key, d.name AS district, mu.municipality_key,
           mu.name AS municipality,
           coalesce(b.hot_water_share,
                    c.hot_water_kwh_per_m2a / nullif(c.heating_kwh_per_m2a + c.hot_water_kwh_per_m2a, 0),
                    $share) AS hot_water_share
    FROM buildings b
    JOIN municipalities mu USING (municipality_key)
    JOIN districts d ON d.district_key = mu.district_key
    LEFT JOIN comparison_values c ON c.category = b.category
    WHERE (len($categories) = 0 OR list_contains($categories, b.category))
      AND (len($districts) = 0 OR list_contains($districts, d.district_key))
      AND (len($municipalities) = 0 OR list_contains($municipalities, mu.municipality_key))
      AND (len($buildings) = 0 OR list_contains($buildings, b.building_id))
), data AS (
    SELECT s.*, r.carrier, r.month, r.value,
           CASE WHEN r.carrier = 'Strom' THEN 'electricity' WHEN r.carrier = 'Wasser' THEN 'water'
                ELSE 'heat' END AS use
    FROM monthly_rollup r JOIN selected s USING (building_id)
    WHERE (len($carriers) = 0 OR list_contains($carriers, r.carrier))
      AND (len($years) = 0 OR list_contains($years, year(r.month)))
)"""

COVERAGE_SQL = "WITH " + _SELECTED_SQL + """
SELECT year(month) AS year, list(DISTINCT month(month) ORDER BY month(month)) AS months,
       min(month(month)) AS first_month, max(month(month)) AS last_month,
       count(DISTINCT month(month)) AS month_count
FROM data GROUP BY year(month) ORDER BY year
"""


def _params(selection: Selection, analytics: AnalyticsSettings, **extra) -> dict:
    params = selection.params() | {"share": analytics.hot_water_share} | extra
    del params["include_not_comparable"]
    return params


def coverage(con, selection: Selection = Selection(), today: date | None = None,
             analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """A row per year of the selection with data: year, months (the calendar months with data, a list),
    first_month, last_month, month_count and partial (last month before December, a gap month, or ``today``'s
    year — default: the current date)."""
    frame = con.execute(COVERAGE_SQL, _params(selection, analytics)).df()
    current = (today or date.today()).year
    frame["months"] = frame["months"].map(lambda months: [int(m) for m in months])
    frame["partial"] = (frame["last_month"] < 12) | (frame["month_count"] < 12) | (frame["year"] >= current)
    return frame


def year_label(year: int, months, lang: str = "de", partial: bool | None = None) -> str:
    """"2026" for a whole year, "2026, Jan–Okt" (en: "2026, Jan–Oct") for a partial one: from the first to the last
    month with data; "2025, 11 von 12 Monaten" for a year with a gap. ``months``: the calendar months with data
    (1–12); ``partial``: force the partial label (the current year with data through December), default: fewer
    than the 12 months."""
    months = sorted({int(m) for m in months})
    if not months or (len(months) == 12 and not partial):
        return str(year)
    if months != list(range(months[0], months[-1] + 1)):  # a gap: "Jan–Dez" would read as a whole year
        return texts.t("period_partial_year_gaps", lang, year=year, n=len(months))
    return texts.t("period_partial_year", lang, year=year, months=month_span(months, lang))


def month_span(months, lang: str = "de") -> str:
    """"Jan–Okt" (en: "Jan–Oct"): from the first to the last of ``months`` (calendar months 1–12); "Mär" for one."""
    months = sorted({int(m) for m in months})
    names = texts.t("building_months_short", lang).split(",")
    first, last = names[months[0] - 1], names[months[-1] - 1]
    return first if first == last else texts.t("period_month_span", lang, first=first, last=last)


def newest_complete(frame: pd.DataFrame) -> int | None:
    """The newest year of a :func:`coverage` frame that is not partial; ``None`` when there is none."""
    whole = frame.loc[~frame["partial"], "year"] if not frame.empty else frame
    return None if whole.empty else int(whole.max())


def last_complete_year(con, selection: Selection = Selection(), today: date | None = None,
                       analytics: AnalyticsSettings = AnalyticsSettings()) -> int | None:
    """The default year of the pages, the report and ``ktdash export progress``: the newest year of the
    selection in which every month has data and which has ended by ``today`` (:func:`coverage`); ``None`` when
    there is none."""
    return newest_complete(coverage(con, selection, today, analytics))


def year_labels(frame: pd.DataFrame, lang: str = "de") -> dict[int, str]:
    """The label of every year of a :func:`coverage` frame (:func:`year_label`): "2024" for a whole year,
    "2026, Jan–Okt" for a partial one — the text a year select, chart axis or card shows."""
    return {int(row.year): year_label(int(row.year), row.months, lang, partial=bool(row.partial))
            for row in frame.itertuples()}


def through_label(year: int, through_month: int, lang: str = "de") -> str:
    """The label of a year-to-date row: "2025, Jan–Okt" for the months 1..``through_month``, "2025" for 1..12."""
    return year_label(year, range(1, int(through_month) + 1), lang)


def _ytd_sql(level: str | None) -> str:
    key, name = LEVELS[level]
    return "WITH " + _SELECTED_SQL + ", climate AS (" + BUILDING_MONTHS_SQL.format(affected="selected") + """),
    bcy AS (
        SELECT d.district_key, d.district, d.municipality_key, d.municipality, d.building_id, d.building,
               d.carrier, d.use, year(d.month) AS year, any_value(d.hot_water_share) AS s,
               sum(d.value) AS value, count(*) AS months,
               CASE WHEN count(c.station_id) = count(*) THEN sum(c.g_actual) END AS hdd_actual,
               CASE WHEN count(c.station_id) = count(*) THEN sum(c.g_normal) END AS hdd_normal
        FROM data d LEFT JOIN climate c USING (building_id, month)
        WHERE month(d.month) <= $through
        GROUP BY ALL
    ), normalised AS (
        SELECT *, """ + key + " AS key, " + name + """ AS name,
               use = 'heat' AND coalesce(hdd_actual > 0 AND hdd_normal IS NOT NULL, false) AS normalised,
               CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_normal IS NOT NULL
                    THEN value * (s + (1 - s) * hdd_normal / hdd_actual) ELSE value END AS value_normalised
        FROM bcy
    ), totals AS (
        SELECT key, name, year, $through AS through_month,
               count(DISTINCT building_id) AS buildings,
               max(months) AS months,
               sum(value) FILTER (WHERE use = 'heat') AS heat_kwh_raw,
               sum(value_normalised) FILTER (WHERE use = 'heat') AS heat_kwh_normalised,
               sum(value) FILTER (WHERE use = 'electricity') AS electricity_kwh,
               sum(value) FILTER (WHERE use = 'water') AS water_m3,
               coalesce(sum(value) FILTER (WHERE use = 'heat'), 0)
                   + coalesce(sum(value) FILTER (WHERE use = 'electricity'), 0) AS energy_kwh_raw,
               coalesce(sum(value_normalised) FILTER (WHERE use = 'heat'), 0)
                   + coalesce(sum(value) FILTER (WHERE use = 'electricity'), 0) AS energy_kwh_normalised,
               coalesce(bool_and(normalised) FILTER (WHERE use = 'heat'), true) AS weather_normalised
        FROM normalised GROUP BY ALL
    ), pairs AS (  -- like for like: a building and carrier with the months 1..m in this and the previous year
        SELECT n.key, n.year, count(DISTINCT n.building_id) AS buildings_compared,
               sum(n.value) FILTER (WHERE n.use <> 'water') AS raw, sum(p.value) FILTER (WHERE n.use <> 'water')
                   AS previous_raw,
               sum(n.value_normalised) FILTER (WHERE n.use <> 'water') AS normalised,
               sum(p.value_normalised) FILTER (WHERE n.use <> 'water') AS previous_normalised,
               sum(n.value) FILTER (WHERE n.use = 'water') AS water, sum(p.value) FILTER (WHERE n.use = 'water')
                   AS previous_water
        FROM normalised n
        JOIN normalised p ON p.building_id = n.building_id AND p.carrier = n.carrier AND p.year = n.year - 1
        WHERE n.months = $through AND p.months = $through
        GROUP BY n.key, n.year
    )
    SELECT t.*, coalesce(c.buildings_compared, 0) AS buildings_compared,
           c.raw / nullif(c.previous_raw, 0) - 1 AS change_raw,
           c.normalised / nullif(c.previous_normalised, 0) - 1 AS change_normalised,
           c.water / nullif(c.previous_water, 0) - 1 AS change_water
    FROM totals t LEFT JOIN pairs c USING (key, year) ORDER BY t.name, t.year
    """


def year_to_date(con, selection: Selection = Selection(), level: str | None = None, through_month: int | None = None,
                 analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """Consumption of the months 1..``through_month`` of every year of the selection, per ``level`` (None: the
    whole selection; "district", "municipality", "building"). ``through_month`` defaults to the last month with
    data of the selection's latest year. Columns: key, name, year, through_month, buildings, months (the most
    months 1..m any building-carrier has: fewer than through_month means that year lacks some of them),
    heat_kwh_raw, heat_kwh_normalised, electricity_kwh, water_m3, energy_kwh_raw, energy_kwh_normalised,
    weather_normalised, buildings_compared, change_raw, change_normalised, change_water (against the previous
    year, over the buildings and carriers with the months 1..through_month in both). Empty when the selection has
    no data."""
    if through_month is None:
        frame = coverage(con, selection, analytics=analytics)
        if frame.empty:
            return pd.DataFrame()
        through_month = int(frame["last_month"].iloc[-1])
    return con.execute(_ytd_sql(level), _params(selection, analytics, through=int(through_month))).df()


def _rolling_sql(level: str | None) -> str:
    key, name = LEVELS[level]
    return "WITH " + _SELECTED_SQL + """,
    monthly AS (
        SELECT """ + key + " AS key, any_value(" + name + """) AS name, month, sum(value) AS kwh_raw
        FROM data WHERE (use = 'water') = $water GROUP BY ALL
    ), grid AS (
        SELECT key, any_value(name) AS name,
               unnest(generate_series(min(month), max(month), INTERVAL 1 MONTH))::DATE AS month
        FROM monthly GROUP BY key
    ), filled AS (
        SELECT g.key, g.name, g.month, m.kwh_raw FROM grid g LEFT JOIN monthly m USING (key, month)
    )
    SELECT key, name, month, kwh_raw, count(kwh_raw) OVER w AS window_months,
           CASE WHEN count(kwh_raw) OVER w = 12 THEN sum(kwh_raw) OVER w END AS rolling_kwh_raw
    FROM filled
    WINDOW w AS (PARTITION BY key ORDER BY month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
    ORDER BY name, month
    """


def rolling_12_months(con, selection: Selection = Selection(), level: str | None = None,
                      analytics: AnalyticsSettings = AnalyticsSettings(), water: bool = False) -> pd.DataFrame:
    """For each month (a gap month included, with kwh_raw NULL) per ``level``: key, name, month, kwh_raw (heat +
    electricity, not weather-normalised; with ``water`` the water in m³ instead), window_months (months with data
    among the last 12) and rolling_kwh_raw (the sum of the last 12 months, NULL unless all 12 have data)."""
    return con.execute(_rolling_sql(level), _params(selection, analytics, water=water)).df()
