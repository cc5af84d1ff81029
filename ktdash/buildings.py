"""One building: its yearly key figures for the building page, and its own hot-water share.

The hot-water share ``s`` enters the weather normalisation of :mod:`ktdash.metrics`
(``E_norm = E × (s + (1 − s) × G_ref / G_actual)``); a building without its own value
uses its category's share from the TEK table, else ``KTDASH_HOT_WATER_SHARE`` (an assumption). The key figures read the share at query time, so no
rollup is rebuilt; the data version is bumped so that cached figures are recomputed.
"""

from __future__ import annotations

import math
from numbers import Real

import pandas as pd

from . import metrics
from .settings import AnalyticsSettings
from . import audit
from .store import bump_data_version, transaction

YEAR_FIGURES_SQL = f"""
WITH figures AS ({metrics.POTENTIAL_SQL}),
per_year AS (
    SELECT building_id, year,
           min(months) FILTER (WHERE use <> 'water') AS months,
           CASE WHEN bool_and(weather_normalised) FILTER (WHERE use = 'heat')
                 AND min(climate_ratio) FILTER (WHERE use = 'heat') = max(climate_ratio) FILTER (WHERE use = 'heat')
                THEN min(climate_ratio) FILTER (WHERE use = 'heat') END AS climate_ratio,
           CASE WHEN bool_and(weather_normalised) FILTER (WHERE use = 'heat')
                 AND min(benchmark_ratio) FILTER (WHERE use = 'heat') = max(benchmark_ratio) FILTER (WHERE use = 'heat')
                THEN min(benchmark_ratio) FILTER (WHERE use = 'heat') END AS benchmark_ratio
    FROM ({metrics.BASE_SQL}) GROUP BY building_id, year
)
SELECT f.*,
       CASE WHEN f.heat_weather_normalised THEN f.heat_kwh_normalised END AS heat_kwh_weather_normalised,
       CASE WHEN f.heat_weather_normalised THEN f.heat_kwh_benchmark END AS heat_kwh_benchmark_normalised,
       p.months, p.climate_ratio, p.benchmark_ratio
FROM figures f LEFT JOIN per_year p ON p.building_id = f.building_id AND p.year = f.year
ORDER BY f.year
"""


def year_figures(con, building_id: int, analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """The yearly key figures of one building (the columns of :func:`ktdash.metrics.building_years`), with
    ``months`` (the fewest months of data of any energy carrier that year), ``climate_ratio``
    (G_ref / G_actual of its heat, progress; NULL where the heat was not normalised or its carriers cover
    different months), ``benchmark_ratio`` (G_Potsdam / G_actual), ``heat_kwh_weather_normalised`` and
    ``heat_kwh_benchmark_normalised`` (NULL where the heat could not be normalised)."""
    params = metrics.Selection(buildings=(int(building_id),)).params() | metrics.base_params(analytics)
    return metrics.run_sql(con, YEAR_FIGURES_SQL, params)


def set_hot_water_share(con, building_id: int, share: float | None, *, by=None) -> None:
    """Store the building's own hot-water share (0 ≤ share ≤ 1), or None to use the default again.

    Raises ValueError for a share outside 0…1 (or not a number) and for an unknown building;
    then nothing is changed. Logged as ``masterdata_change`` (building, old and new share) for ``by`` in the
    same transaction; authorisation is the caller's (``edit_masterdata`` for the building's municipality).
    """
    if share is not None:
        if isinstance(share, bool) or not isinstance(share, Real) or math.isnan(share) or not 0 <= share <= 1:
            raise ValueError(f"hot-water share must lie between 0 and 1 (or be None), got {share!r}")
        share = float(share)
    with transaction(con):
        before = con.execute("SELECT municipality_key, name, hot_water_share FROM buildings WHERE building_id = ?",
                             [int(building_id)]).fetchone()
        if before is None:
            raise ValueError(f"unknown building {building_id}")
        con.execute("UPDATE buildings SET hot_water_share = ? WHERE building_id = ?", [share, int(building_id)])
        audit.record(con, by, "masterdata_change", before[0], object=before[1],
                     detail={"field": "hot_water_share", "building_id": int(building_id), "old": before[2],
                             "new": share})
        bump_data_version(con)
