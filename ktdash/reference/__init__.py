"""Reference data of the analytics, with their sources: comparison values per building
category, CO₂e emission factors per carrier and year, energy prices, heating degree days.

The CSV files beside this module are the shipped defaults; their sources are in
``README.md`` here and in the ``source`` column of every row. They are loaded into
the store by :func:`load_reference_data` (``ktdash init`` and the dashboard's first
start). Comparison values are always replaced by the shipped table (they are
official figures, not settings); emission factors and energy prices are only added
where the store has no row yet, so an admin's edits survive a re-init.

Degree days are site data: the demo ships monthly G20/15 values of a synthetic
Westpfalz station (``sample_data/demo/degree_days.csv``) and their long-term mean
(``degree_day_normals.csv``); a user replaces them with the German weather
service's values for their station through :func:`load_degree_days`.
"""

from __future__ import annotations

from pathlib import Path

from .. import rollup
from ..ingest.decode import decode_file
from ..ingest.report import ImportFileError
from ..store import bump_data_version, transaction

REFERENCE_DIR = Path(__file__).resolve().parent
COMPARISON_VALUES = REFERENCE_DIR / "comparison_values.csv"
EMISSION_FACTORS = REFERENCE_DIR / "emission_factors.csv"
ENERGY_PRICES = REFERENCE_DIR / "energy_prices.csv"

_CSV = "header = true, delim = ',', quote = '\"', all_varchar = true, encoding = 'utf-8'"


def load_reference_data(con) -> None:
    """Comparison values (replaced), emission factors and prices (added where missing)."""
    with transaction(con):
        con.execute("DELETE FROM comparison_values")
        con.execute(f"""
            INSERT INTO comparison_values
            SELECT category, TRY_CAST(heating_kwh_per_m2a AS DOUBLE), TRY_CAST(hot_water_kwh_per_m2a AS DOUBLE),
                   TRY_CAST(electricity_kwh_per_m2a AS DOUBLE), area_basis, source_table, source_row, source
            FROM read_csv(?, {_CSV})""", [str(COMPARISON_VALUES)])
        con.execute(f"""
            INSERT INTO emission_factors
            SELECT carrier, CAST(year AS INTEGER), CAST(kg_co2e_per_kwh AS DOUBLE), basis, source
            FROM read_csv(?, {_CSV})
            ON CONFLICT (carrier, year) DO NOTHING""", [str(EMISSION_FACTORS)])
        con.execute(f"""
            INSERT INTO energy_prices
            SELECT carrier, CAST(eur_per_kwh AS DOUBLE), source FROM read_csv(?, {_CSV})
            ON CONFLICT (carrier) DO NOTHING""", [str(ENERGY_PRICES)])
        bump_data_version(con)


def load_degree_days(con, data: bytes, file_name: str, source: str) -> tuple[int, int]:
    """Load monthly heating degree days (G20/15) from a CSV: a column for the month and one for
    the value. A month ``2024-01``, ``01.2024`` or ``01.01.2024`` is a measured month; a month
    ``1`` … ``12`` alone is the long-term mean of that calendar month. German (``446,2``) or
    English (``446.2``) numbers. Rows given replace stored ones; the yearly rollup is rebuilt
    in the same transaction. Returns (measured months, long-term means) loaded.

    Raises :class:`ImportFileError` (code ``degree_days_row``) naming the line, column and value
    of the first bad row; then nothing is changed.
    """
    decoded = decode_file(data, file_name, 10 * 1024 * 1024)
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_dd_raw AS
            SELECT row_number() OVER () + 1 AS line_no, * FROM read_csv(?, header = true, delim = ?,
                all_varchar = true, encoding = 'utf-8')""", [str(decoded.text_path), decoded.delimiter])
    finally:
        import shutil

        shutil.rmtree(decoded.text_path.parent, ignore_errors=True)
    month_col, value_col = [r[0] for r in con.execute("DESCRIBE kt_dd_raw").fetchall()][1:3]
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_dd AS
        WITH cells AS (
            SELECT line_no, trim("{month_col.replace('"', '""')}") AS month_raw,
                   trim("{value_col.replace('"', '""')}") AS value_raw FROM kt_dd_raw
        )
        SELECT line_no, month_raw, value_raw,
            CASE WHEN regexp_full_match(month_raw, '\\d{{1,2}}') AND CAST(month_raw AS INTEGER) BETWEEN 1 AND 12
                 THEN CAST(month_raw AS INTEGER) END AS month_of_year,
            coalesce(try_strptime(month_raw || '-01', '%Y-%m-%d'), try_strptime('01.' || month_raw, '%d.%m.%Y'),
                     try_strptime(month_raw, '%Y-%m-%d'), try_strptime(month_raw, '%d.%m.%Y'))::DATE AS day,
            CASE WHEN value_raw LIKE '%,%' THEN TRY_CAST(replace(replace(value_raw, '.', ''), ',', '.') AS DOUBLE)
                 ELSE TRY_CAST(value_raw AS DOUBLE) END AS hdd
        FROM cells WHERE coalesce(month_raw, '') <> '' OR coalesce(value_raw, '') <> ''
    """)
    bad = con.execute("""
        SELECT line_no, CASE WHEN month_of_year IS NULL AND day IS NULL THEN 'month' ELSE 'value' END,
               CASE WHEN month_of_year IS NULL AND day IS NULL THEN month_raw ELSE value_raw END
        FROM kt_dd WHERE (month_of_year IS NULL AND day IS NULL) OR hdd IS NULL OR hdd < 0 OR hdd > 1000
        ORDER BY line_no LIMIT 1""").fetchone()
    if bad:
        column = month_col if bad[1] == "month" else value_col
        raise ImportFileError("degree_days_row", file_name, value=str(bad[2] or ""), column=column,
                              detail=str(bad[0]))
    with transaction(con):
        months = con.execute("""
            INSERT OR REPLACE INTO degree_days
            SELECT date_trunc('month', day)::DATE, hdd, ? FROM kt_dd WHERE day IS NOT NULL""", [source]).fetchone()
        normals = con.execute("""
            INSERT OR REPLACE INTO degree_day_normals
            SELECT month_of_year, hdd, ? FROM kt_dd WHERE month_of_year IS NOT NULL""", [source]).fetchone()
        rollup.refresh_all(con, yearly_only=True)
        bump_data_version(con)
    return int(months[0] if months else 0), int(normals[0] if normals else 0)
