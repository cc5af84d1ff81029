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

import hashlib
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from .. import audit, rollup
from ..domain import Carrier
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


def load_degree_days(con, data: bytes, file_name: str, source: str, *, by=None) -> tuple[int, int]:
    """Load monthly heating degree days (G20/15) from a CSV: a column for the month and one for
    the value. A month ``2024-01``, ``01.2024`` or ``01.01.2024`` is a measured month; a month
    ``1`` … ``12`` alone is the long-term mean of that calendar month. German (``446,2``) or
    English (``446.2``) numbers. Rows given replace stored ones; the yearly rollup is rebuilt
    in the same transaction. Returns (measured months, long-term means) loaded.

    Raises :class:`ImportFileError` (code ``degree_days_row``) naming the line, column and value
    of the first bad row; then nothing is changed. Logged as ``factor_change`` (file name, its SHA-256,
    months) for ``by`` in the same transaction; authorisation is the caller's (``edit_factors``).
    """
    decoded = decode_file(data, file_name, 10 * 1024 * 1024)
    try:
        con.execute("""
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
        counts = int(months[0] if months else 0), int(normals[0] if normals else 0)
        audit.record(con, by, "factor_change", object="degree_days", sha256=hashlib.sha256(data).hexdigest(),
                     detail={"file": file_name, "source": source, "months": counts[0], "normals": counts[1]})
        bump_data_version(con)
    return counts


# --- reading and editing the tables (page "Methoden und Faktoren") ------------------------------------

class EmissionFactor(BaseModel):
    carrier: Carrier
    year: int = Field(ge=1990, le=2100)
    kg_co2e_per_kwh: float = Field(ge=0, le=2)
    basis: str | None = None
    source: str = Field(min_length=1)


class EnergyPrice(BaseModel):
    carrier: Carrier
    eur_per_kwh: float = Field(ge=0, le=5)
    source: str = Field(min_length=1)


def comparison_values(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM comparison_values ORDER BY category").df()


def emission_factors(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM emission_factors ORDER BY carrier, year").df()


def energy_prices(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM energy_prices ORDER BY carrier").df()


def degree_days(con) -> pd.DataFrame:
    """Measured monthly degree days with the long-term mean of the same calendar month."""
    return con.execute("""
        SELECT d.month, d.heating_degree_days, n.heating_degree_days AS long_term_mean, d.source
        FROM degree_days d LEFT JOIN degree_day_normals n ON n.month_of_year = month(d.month)
        ORDER BY d.month""").df()


class TableEditError(ValueError):
    """An edited table has a bad row (``code`` invalid) or a key twice (``code`` duplicate); nothing changed."""

    def __init__(self, code: str, row: int | None, column: str, value: str):
        self.code, self.row, self.column, self.value = code, row, column, value
        super().__init__(f"{code}: row {row}, column {column}, value {value!r}")


def _validated(frame: pd.DataFrame, model: type[BaseModel]) -> list[BaseModel]:
    """Rows of an edited table as models; TableEditError names the first bad row (1-based) and column."""
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        record = {k: (None if v is None or v != v else v) for k, v in record.items()}
        if all(v is None for v in record.values()):
            continue
        try:
            rows.append(model.model_validate(record))
        except ValidationError as exc:
            problem = exc.errors()[0]
            raise TableEditError("invalid", number, ".".join(map(str, problem["loc"])), str(problem["input"])) from exc
    return rows


def save_emission_factors(con, frame: pd.DataFrame, *, by=None) -> int:
    """Replace the emission factors by the edited table (all rows valid, or nothing changes)."""
    rows = _validated(frame, EmissionFactor)
    keys = [(r.carrier.value, r.year) for r in rows]
    if len(set(keys)) != len(keys):
        raise TableEditError("duplicate", None, "carrier, year",
                             ", ".join(sorted({f"{c} {y}" for c, y in keys if keys.count((c, y)) > 1})))
    with transaction(con):
        before = emission_factors(con)
        con.execute("DELETE FROM emission_factors")
        con.executemany("INSERT INTO emission_factors VALUES (?, ?, ?, ?, ?)",
                        [(r.carrier.value, r.year, r.kg_co2e_per_kwh, r.basis, r.source) for r in rows])
        _log_table_change(con, by, "emission_factors", EmissionFactor, before, rows)
        bump_data_version(con)
    return len(rows)


def save_energy_prices(con, frame: pd.DataFrame, *, by=None) -> int:
    """Replace the energy prices by the edited table (all rows valid, or nothing changes)."""
    rows = _validated(frame, EnergyPrice)
    carriers = [r.carrier.value for r in rows]
    if len(set(carriers)) != len(carriers):
        raise TableEditError("duplicate", None, "carrier",
                             ", ".join(sorted({c for c in carriers if carriers.count(c) > 1})))
    with transaction(con):
        before = energy_prices(con)
        con.execute("DELETE FROM energy_prices")
        con.executemany("INSERT INTO energy_prices VALUES (?, ?, ?)",
                        [(r.carrier.value, r.eur_per_kwh, r.source) for r in rows])
        _log_table_change(con, by, "energy_prices", EnergyPrice, before, rows)
        bump_data_version(con)
    return len(rows)


def _log_table_change(con, by, table: str, model: type[BaseModel], before: pd.DataFrame,
                      rows: list[BaseModel]) -> None:
    """One ``factor_change`` audit row: the rows the edit added and removed (``Erdgas 2024 0.181 … source``)."""
    def lines(records: list[BaseModel]) -> set[str]:
        return {" ".join(str(v) for v in r.model_dump(mode="json").values() if v is not None) for r in records}

    old, new = lines(_validated(before, model)), lines(rows)
    audit.record(con, by, "factor_change", object=table,
                 detail={"rows": len(rows), "added": sorted(new - old), "removed": sorted(old - new)})
