"""Monthly rollup: consumption per building, carrier and month, from every source.

* Period consumptions are split over the months they cover, pro rata by days
  (a yearly value of 365 kWh gives 31 kWh in January).
* Cumulative meter readings give the difference of consecutive readings of the
  same meter number; an interval that spans month boundaries is split pro rata
  by time (day-exact for readings taken at midnight). A new meter number starts
  a new series (meter exchange), so no difference is taken across meters. A meter whose register has
  ``meters.digits`` D digits rolls over: a negative difference gets 10^D added (99.950 → 00.120 on five
  digits is 170; the import accepts such a step only as a plausible rollover, ktdash.ingest.checks).
* Interval meters (load profiles) are summed by the month of the interval start in German civil time
  (stored in UTC, :mod:`ktdash.core.localtime`).

Values are kWh for energy and m³ for water, converted with the factor stored
with each meter or consumption at import time; a reading with its own factor (natural gas with the
file's Zustandszahl and Brennwert) converts the step that ends at it with that factor. The rollup is rebuilt for the
buildings an import touches, inside the import's transaction.

The yearly rollup sums the monthly one per building, carrier and year and keeps,
for the weather normalisation (:mod:`ktdash.analytics.metrics`), the degree days G20/15 of
the months with data at the building's station, their long-term mean (progress)
and the Potsdam reference of the same months (benchmark), with the months taken
from a substitute station or without any (:mod:`ktdash.analytics.climate`). It is rebuilt
with the monthly rollup, and for every building when the degree days or the
climate settings change.
"""

from __future__ import annotations

from ktdash.core import localtime

MONTHLY_SQL = """
WITH periods AS (
    SELECT c.building_id, c.carrier, c.period_start, c.period_end, c.kwh, c.cost_eur,
           unnest(generate_series(date_trunc('month', c.period_start), date_trunc('month', c.period_end),
                                  INTERVAL 1 MONTH))::DATE AS month
    FROM consumptions c WHERE c.building_id IN (SELECT building_id FROM {affected})
), period_months AS (
    SELECT building_id, carrier, month,
           kwh * (least(period_end, last_day(month)) - greatest(period_start, month) + 1)
               / (period_end - period_start + 1) AS value,
           cost_eur * (least(period_end, last_day(month)) - greatest(period_start, month) + 1)
               / (period_end - period_start + 1) AS cost_eur
    FROM periods
), steps AS (
    SELECT m.building_id, m.carrier, coalesce(r.factor, m.factor) AS factor, r.ts, lag(r.ts) OVER w AS prev_ts,
           -- a rollover (the import lets a step back through only as one): the register went round once
           r.value - lag(r.value) OVER w
               + CASE WHEN m.digits IS NOT NULL AND r.value < lag(r.value) OVER w THEN 10::DOUBLE ^ m.digits ELSE 0 END
               AS diff
    FROM readings r JOIN meters m USING (meter_id)
    WHERE m.cumulative AND m.building_id IN (SELECT building_id FROM {affected})
    WINDOW w AS (PARTITION BY r.meter_id ORDER BY r.ts)
), step_months AS (
    SELECT *, unnest(generate_series(date_trunc('month', prev_ts),
                                     date_trunc('month', ts - INTERVAL 1 MICROSECOND),
                                     INTERVAL 1 MONTH)) AS month_ts
    FROM steps WHERE prev_ts IS NOT NULL AND ts > prev_ts
), reading_months AS (
    SELECT building_id, carrier, month_ts::DATE AS month,
           diff * factor * (epoch(least(ts, month_ts + INTERVAL 1 MONTH)) - epoch(greatest(prev_ts, month_ts)))
               / (epoch(ts) - epoch(prev_ts)) AS value, NULL::DOUBLE AS cost_eur
    FROM step_months
), interval_months AS (
    SELECT m.building_id, m.carrier, """ + localtime.local_month("r.ts") + """ AS month,
           -- a reading's own factor (gas with its Zustandszahl and Brennwert), else the meter's
           CASE WHEN count(r.factor) = 0 THEN sum(r.value) * any_value(m.factor)
                ELSE sum(r.value * coalesce(r.factor, m.factor)) END AS value, NULL::DOUBLE AS cost_eur
    FROM readings r JOIN meters m USING (meter_id)
    WHERE NOT m.cumulative AND m.building_id IN (SELECT building_id FROM {affected})
    GROUP BY m.meter_id, m.building_id, m.carrier, month
)
SELECT building_id, carrier, month, sum(value) AS value,
       CASE WHEN carrier = 'Wasser' THEN 'm³' ELSE 'kWh' END AS unit, sum(cost_eur) AS cost_eur
FROM (SELECT * FROM period_months UNION ALL SELECT * FROM reading_months UNION ALL SELECT * FROM interval_months)
GROUP BY building_id, carrier, month
"""


# The degree days of each building and month (climate data of ktdash.analytics.climate; here because only the
# yearly rollup reads them, and climate rebuilds the rollup when its settings change).
# Per building and month of ``monthly_rollup`` (buildings in {affected}): the station used, its measured
# G20/15 and long-term mean, the benchmark reference (Potsdam) and whether a substitute station was used.
BUILDING_MONTHS_SQL = """
WITH candidates AS (
    SELECT building_id, chosen_station_id AS station_id, 0 AS rank FROM building_stations
    WHERE chosen_station_id IS NOT NULL AND building_id IN (SELECT building_id FROM {affected})
    UNION ALL SELECT building_id, station_1, 1 FROM building_stations
    WHERE station_1 IS NOT NULL AND building_id IN (SELECT building_id FROM {affected})
    UNION ALL SELECT building_id, station_2, 2 FROM building_stations
    WHERE station_2 IS NOT NULL AND building_id IN (SELECT building_id FROM {affected})
    UNION ALL SELECT building_id, station_3, 3 FROM building_stations
    WHERE station_3 IS NOT NULL AND building_id IN (SELECT building_id FROM {affected})
), own AS (
    SELECT building_id, arg_min(station_id, rank) AS own_station_id FROM candidates GROUP BY building_id
), months AS (
    SELECT DISTINCT building_id, month FROM monthly_rollup WHERE building_id IN (SELECT building_id FROM {affected})
), usable AS (
    SELECT m.building_id, m.month, c.station_id, c.rank, d.g20_15_kd AS g_actual, n.g20_15_kd AS g_normal
    FROM months m
    JOIN candidates c USING (building_id)
    JOIN station_degree_days d ON d.station_id = c.station_id AND d.month = m.month
    JOIN station_normals n ON n.station_id = c.station_id AND n.month_of_year = month(m.month)
    WHERE coalesce(d.completeness, 1) >= (SELECT min_completeness FROM climate_settings)
), chosen AS (
    SELECT building_id, month, arg_min(station_id, rank) AS station_id, arg_min(g_actual, rank) AS g_actual,
           arg_min(g_normal, rank) AS g_normal
    FROM usable GROUP BY building_id, month
), benchmark AS (
    -- Potsdam's long-term mean per calendar month, scaled to the set annual reference where one is set
    SELECT n.month_of_year, n.g20_15_kd * coalesce(s.benchmark_reference_kd / sum(n.g20_15_kd) OVER (), 1)
               AS g_benchmark
    FROM station_normals n, climate_settings s WHERE n.station_id = s.benchmark_station_id
)
SELECT m.building_id, m.month, o.own_station_id, ch.station_id, ch.g_actual, ch.g_normal,
       CASE WHEN ch.station_id IS NOT NULL THEN b.g_benchmark END AS g_benchmark,
       ch.station_id IS NOT NULL AND ch.station_id <> o.own_station_id AS substituted
FROM months m
LEFT JOIN own o USING (building_id)
LEFT JOIN chosen ch USING (building_id, month)
LEFT JOIN benchmark b ON b.month_of_year = month(m.month)
"""


YEARLY_SQL = """
WITH climate AS (""" + BUILDING_MONTHS_SQL + """)
SELECT r.building_id, r.carrier, year(r.month) AS year, sum(r.value) AS value, any_value(r.unit) AS unit,
       count(*) AS months,
       CASE WHEN count(c.station_id) = count(*) THEN sum(c.g_actual) END AS hdd_actual,
       CASE WHEN count(c.station_id) = count(*) THEN sum(c.g_normal) END AS hdd_normal,
       CASE WHEN count(c.station_id) = count(*) THEN sum(c.g_benchmark) END AS hdd_benchmark,
       any_value(c.own_station_id) AS station_id,
       count(*) FILTER (WHERE c.substituted) AS hdd_months_substituted,
       count(*) - count(c.station_id) AS hdd_months_missing,
       sum(r.cost_eur) AS cost_eur, count(r.cost_eur) AS cost_months
FROM monthly_rollup r
LEFT JOIN climate c ON c.building_id = r.building_id AND c.month = r.month
WHERE r.building_id IN (SELECT building_id FROM {affected})
GROUP BY r.building_id, r.carrier, year(r.month)
"""


def refresh(con, affected: str = "kt_affected") -> None:
    """Rebuild the monthly and yearly rollup for the building ids in table ``affected``
    (call inside a transaction)."""
    con.execute(f"DELETE FROM monthly_rollup WHERE building_id IN (SELECT building_id FROM {affected})")
    con.execute(f"INSERT INTO monthly_rollup BY NAME {MONTHLY_SQL.format(affected=affected)}")
    refresh_yearly(con, affected)


def refresh_yearly(con, affected: str = "kt_affected") -> None:
    """Rebuild the yearly rollup from the monthly one (after an import, or new degree days)."""
    con.execute(f"DELETE FROM yearly_rollup WHERE building_id IN (SELECT building_id FROM {affected})")
    con.execute(f"INSERT INTO yearly_rollup BY NAME {YEARLY_SQL.format(affected=affected)}")


def refresh_all(con, yearly_only: bool = False) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE kt_all_buildings AS SELECT building_id FROM buildings")
    (refresh_yearly if yearly_only else refresh)(con, "kt_all_buildings")
