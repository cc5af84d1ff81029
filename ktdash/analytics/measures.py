"""Measures (Maßnahmen, issue 17) as stored: the lists the Gebäude page, the Kommune page, the CLI
(``ktdash measures list|export``) and the report read. Queries only — the write side is
:mod:`ktdash.ingest.measures` (the form) and :mod:`ktdash.ingest.layouts.measures` (the import).

Type and status come as codes (:mod:`ktdash.core.measure_vocabulary`); callers word them with the catalogs
(``TYPE_LABELS`` / ``STATUS_LABELS``). Expected savings are a dict carrier → kWh/a per measure
(:func:`measures`), or one row per measure and carrier (:func:`expected_savings`)."""

from __future__ import annotations

import pandas as pd

from ktdash.store.queries import building_filter

MEASURE_COLUMNS = ("measure_id", "building_id", "building", "municipality_key", "type", "title", "carriers",
                   "completed_on", "investment_eur", "funding_eur", "expected_kwh", "expected_kwh_total", "status",
                   "note", "import_id", "created_at", "created_by", "updated_at", "updated_by")
SAVINGS_COLUMNS = ("measure_id", "building_id", "building", "municipality_key", "municipality", "district", "type",
                   "title", "completed_on",
                   "status", "carrier", "expected_kwh_per_year")


def expected_kwh_sql(column: str = "m.expected_kwh") -> str:
    """The stored expected savings ``column`` (``measures``/``measure_versions``.expected_kwh) as a MAP(VARCHAR,
    DOUBLE) carrier → kWh/a. An embedded store keeps a MAP, a PostgreSQL store JSON text (PostgreSQL has no MAP,
    :data:`ktdash.store.server.PG_TYPES`): read through JSON, one expression works on both."""
    return f"CAST(CAST({column} AS JSON) AS MAP(VARCHAR, DOUBLE))"


def stored_expected_kwh_sql(value: str) -> str:
    """A MAP(VARCHAR, DOUBLE) ``value`` as the expected_kwh column takes it in both modes: JSON (an embedded store
    casts it to its MAP; PostgreSQL stores the text — a MAP would reach it as ``{Strom=1.5}``, which is no JSON)."""
    return f"CAST({value} AS JSON)"




def measures(con, *, building_id: int | None = None, municipality_key: str | None = None,
             municipalities=None) -> pd.DataFrame:
    """The measures of one building, one municipality or a list of them (all: no filter), newest completion
    first, planned ones (no date) on top. Columns :data:`MEASURE_COLUMNS`; ``expected_kwh`` a dict."""
    where, params = building_filter(building_id, municipality_key, municipalities)
    frame = con.execute(f"""
        SELECT m.measure_id, m.building_id, b.name AS building, b.municipality_key, m.type, m.title, m.carriers,
               m.completed_on, m.investment_eur, m.funding_eur, {expected_kwh_sql()} AS expected_kwh,
               list_sum(map_values({expected_kwh_sql()})) AS expected_kwh_total, m.status, m.note, m.import_id,
               m.created_at, m.created_by, m.updated_at, m.updated_by
        FROM measures m JOIN buildings b USING (building_id)
        WHERE {where}
        ORDER BY m.completed_on DESC NULLS FIRST, b.name, m.title, m.measure_id""", params).df()
    frame["expected_kwh"] = [dict(v) if isinstance(v, dict) else dict(v or {}) for v in frame["expected_kwh"]]
    return frame


def expected_savings(con, *, building_id: int | None = None, municipality_key: str | None = None,
                     municipalities=None) -> pd.DataFrame:
    """One row per measure and carrier with its expected savings in kWh/a (columns :data:`SAVINGS_COLUMNS`);
    an affected carrier without an expected value has NULL."""
    where, params = building_filter(building_id, municipality_key, municipalities)
    return con.execute(f"""
        SELECT m.measure_id, m.building_id, b.name AS building, b.municipality_key, mu.name AS municipality,
               d.name AS district, m.type, m.title, m.completed_on, m.status, c.carrier,
               {expected_kwh_sql()}[c.carrier] AS expected_kwh_per_year
        FROM measures m JOIN buildings b USING (building_id) JOIN municipalities mu USING (municipality_key)
        JOIN districts d ON d.district_key = mu.district_key, unnest(m.carriers) AS c(carrier)
        WHERE {where}
        ORDER BY m.measure_id, c.carrier""", params).df()


TOTAL_COLUMNS = ("municipality_key", "status", "measures", "buildings", "investment_eur", "funding_eur",
                 "expected_kwh")


def totals(con, *, municipality_key: str | None = None, municipalities=None) -> pd.DataFrame:
    """Per municipality and status: how many measures in how many buildings, their investment, funding and expected
    savings (kWh/a, all carriers). Columns :data:`TOTAL_COLUMNS`."""
    where, params = building_filter(None, municipality_key, municipalities)
    return con.execute(f"""
        SELECT b.municipality_key, m.status, count(*) AS measures, count(DISTINCT m.building_id) AS buildings,
               sum(m.investment_eur) AS investment_eur, sum(m.funding_eur) AS funding_eur,
               sum(coalesce(list_sum(map_values({expected_kwh_sql()})), 0)) AS expected_kwh
        FROM measures m JOIN buildings b USING (building_id)
        WHERE {where}
        GROUP BY ALL ORDER BY b.municipality_key, m.status""", params).df()


def history(con, measure_id: int) -> pd.DataFrame:
    """The replaced rows of one measure (changes, deletion, re-imports), newest first."""
    return con.execute(f"""
        SELECT measure_id, type, title, carriers, completed_on, investment_eur, funding_eur,
               {expected_kwh_sql("expected_kwh")} AS expected_kwh, status, note, import_id, replaced_at, replaced_by,
               replaced_by_import, reason
        FROM measure_versions WHERE measure_id = $id
        ORDER BY replaced_at DESC, rowid DESC""", {"id": int(measure_id)}).df()
