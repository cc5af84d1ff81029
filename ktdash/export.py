"""Exports of stored figures.

``monthly``: one row per building, carrier and month from the monthly rollup —
columns ``district,municipality,building,carrier,month,value,unit``; month as
``YYYY-MM``; UTF-8, ``,`` as delimiter, ``.`` as decimal point, three decimals;
energy in kWh, water in m³. Meant for further processing, not for German Excel.

``kpis``: one row per building, year and carrier with the key figures of
:mod:`ktdash.metrics` — columns :data:`ktdash.metrics.KPI_COLUMNS`; same CSV
conventions, numbers with three decimals, empty where a figure does not apply.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .metrics import Selection, kpi_rows
from .settings import AnalyticsSettings

MONTHLY_COLUMNS = ["district", "municipality", "building", "carrier", "month", "value", "unit"]

MONTHLY_SQL = """
SELECT d.name AS district, mu.name AS municipality, b.name AS building, r.carrier,
       strftime(r.month, '%Y-%m') AS month, printf('%.3f', r.value) AS value, r.unit
FROM monthly_rollup r
JOIN buildings b USING (building_id)
JOIN municipalities mu USING (municipality_key)
JOIN districts d ON d.district_key = mu.district_key
ORDER BY district, municipality, building, carrier, month
"""


def monthly_frame(con) -> pd.DataFrame:
    return con.execute(MONTHLY_SQL).df()


def write_monthly(con, out: str | Path | None) -> int:
    """Write the monthly export to ``out`` (None: return CSV text via stdout by the caller). Returns rows."""
    con.execute(f"COPY ({MONTHLY_SQL}) TO '{_path_literal(out)}' (HEADER, DELIMITER ',', QUOTE '\"')")
    return con.execute("SELECT count(*) FROM monthly_rollup").fetchone()[0]


def monthly_csv(con) -> str:
    return monthly_frame(con).to_csv(index=False, lineterminator="\n")


def _path_literal(path: str | Path) -> str:
    return str(Path(path)).replace("'", "''")


def kpis_csv(con, year: int | None = None, analytics: AnalyticsSettings = AnalyticsSettings()) -> str:
    frame = kpi_rows(con, Selection(years=(year,) if year else ()), analytics)
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.3f")
