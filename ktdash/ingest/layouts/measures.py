"""Layout ``measures`` (issue 17): measures (Maßnahmen) of the municipality's buildings, **one row per measure and
affected carrier** — Liegenschaft/Gebäude, Maßnahme/Art, Titel, Energieträger, Fertigstellung, Investition,
Förderung, erwartete Einsparung (kWh/a) of that carrier, Status, Bemerkung. The rows of one measure (same
building, type, title and completion date: its natural key) are one measure with the carriers of its rows;
investment, funding, status and note may stand on each row or on one, but never differ (``measure_conflict``).

Staging, checks and the preview are the campaign layouts' (:func:`ktdash.ingest.layouts.campaign_base.prepare`);
the commit is one transaction: a measure whose natural key is stored is replaced (its old row kept in
``measure_versions``), so a re-imported file adds nothing twice; undo of the import removes its measures and
brings back the rows it replaced."""

from __future__ import annotations

from datetime import date
from functools import partial

from ktdash.analytics.measures import expected_kwh_sql, stored_expected_kwh_sql
from ktdash.core.domain import CARRIER_SYNONYMS, Carrier, Layout, synonym_rows
from ktdash.core.measure_vocabulary import (
    MEASURE_HEADERS,
    STATUS_SYNONYMS,
    TYPE_SYNONYMS,
    MeasureStatus,
    MeasureType,
)
from ktdash.ingest import registry
from ktdash.ingest.columns import ColumnPlan
from ktdash.ingest.imports_table import record_import
from ktdash.ingest.layouts import campaign_base
from ktdash.ingest.layouts.campaign_base import (
    CampaignKind,
    col,
    header,
    lookup_checks,
    number_checks,
    reject,
)
from ktdash.ingest.results import ImportPreview, Note
from ktdash.ingest.sql import Fragment, q
from ktdash.store.connection import next_id, transaction

NATURAL_KEY = "building_id, measure_type, title, completed_on"
COLUMNS = ("measure_id", "building_id", "type", "title", "carriers", "completed_on", "investment_eur", "funding_eur",
           "expected_kwh", "status", "note", "import_id", "created_at", "created_by", "updated_at", "updated_by")


def _lookups(con, municipality_key: str) -> None:
    """The lookup tables of the staging: types, statuses, carriers, and the municipality's buildings by name."""
    for table, rows in (("kt_measure_types", synonym_rows(TYPE_SYNONYMS)),
                        ("kt_measure_status", synonym_rows(STATUS_SYNONYMS)),
                        ("kt_measure_carriers", synonym_rows(CARRIER_SYNONYMS))):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (folded VARCHAR, value VARCHAR)")
        con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    con.execute("""CREATE OR REPLACE TEMP TABLE kt_measure_buildings AS
                   SELECT building_id, kt_fold(name) AS folded FROM buildings WHERE municipality_key = ?""",
                [municipality_key])


def _stage(con, plan: ColumnPlan, today: date, notes: list[Note]) -> list[Fragment]:
    numbers = ", ".join(f"{col(plan, f)} AS {f}_raw, kt_num({col(plan, f)}) AS {f}"
                        for f in ("investment", "funding", "expected_savings"))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT b.line_no, {col(plan, 'building')} AS building_raw, bu.building_id,
               {col(plan, 'measure_type')} AS measure_type_raw, ty.value AS measure_type,
               {col(plan, 'title')} AS title,
               {col(plan, 'carrier')} AS carrier_raw, ca.value AS carrier,
               {col(plan, 'completed_on')} AS date_raw, kt_ts({col(plan, 'completed_on')})::DATE AS completed_on,
               {col(plan, 'measure_status')} AS measure_status_raw,
               coalesce(st.value, CASE WHEN {col(plan, 'measure_status')} IS NULL THEN
                   CASE WHEN {col(plan, 'completed_on')} IS NULL THEN 'planned' ELSE 'completed' END END)
                   AS measure_status,
               {col(plan, 'note')} AS note, {numbers}
        FROM kt_body b
        LEFT JOIN kt_measure_buildings bu ON bu.folded = kt_fold({col(plan, 'building')})
        LEFT JOIN kt_measure_types ty ON ty.folded = kt_fold({col(plan, 'measure_type')})
        LEFT JOIN kt_measure_carriers ca ON ca.folded = kt_fold({col(plan, 'carrier')})
        LEFT JOIN kt_measure_status st ON st.folded = kt_fold({col(plan, 'measure_status')})
    """)
    carriers = ", ".join(c.value for c in Carrier)
    return [
        reject("building_raw IS NULL", header(plan, "building"), "NULL", "missing_value"),
        reject("building_raw IS NOT NULL AND building_id IS NULL", header(plan, "building"), "building_raw",
               "unknown_building"),
        *lookup_checks(plan, "measure_type", "unknown_measure_type", ", ".join(t.value for t in MeasureType)),
        reject("title IS NULL", header(plan, "title"), "NULL", "missing_value"),
        *lookup_checks(plan, "carrier", "unknown_carrier", carriers),
        reject("date_raw IS NOT NULL AND completed_on IS NULL", header(plan, "completed_on"), "date_raw",
               "invalid_date"),
        reject("completed_on > $today", header(plan, "completed_on"), "date_raw", "measure_completed_in_future",
               today=today),
        reject("measure_status = 'completed' AND date_raw IS NULL", header(plan, "completed_on"), "NULL",
               "measure_completed_without_date"),
        reject("measure_status_raw IS NOT NULL AND measure_status IS NULL", header(plan, "measure_status"),
               "measure_status_raw", "unknown_measure_status", q_allowed(MeasureStatus)),
        *number_checks(plan, "investment", "investment", integer=False),
        *number_checks(plan, "funding", "funding", integer=False),
        *number_checks(plan, "expected_savings", "expected_savings", integer=False),
        reject("funding > investment", header(plan, "funding"), "funding_raw", "measure_funding_above_investment"),
        reject(f"""line_no IN (SELECT line_no FROM (
                   SELECT line_no, count(DISTINCT investment) OVER w > 1 OR count(DISTINCT funding) OVER w > 1
                       OR count(DISTINCT measure_status) OVER w > 1 OR count(DISTINCT note) OVER w > 1 AS differs
                   FROM kt_rec WINDOW w AS (PARTITION BY {NATURAL_KEY})) WHERE differs)""",
               header(plan, "title"), "title", "measure_conflict"),
    ]


def q_allowed(vocabulary) -> str:
    """The allowed codes of a vocabulary as an SQL literal (a rejection's detail)."""
    return q(", ".join(v.value for v in vocabulary))


# the measures of kt_valid, one per natural key; with the stored measure of that key, if any
_NEW = f"""
    SELECT {NATURAL_KEY}, list(DISTINCT carrier ORDER BY carrier) AS carriers,
           max(investment) AS investment_eur, max(funding) AS funding_eur,
           map_from_entries(coalesce(list((carrier, expected_savings) ORDER BY carrier)
                                     FILTER (WHERE expected_savings IS NOT NULL), [])) AS expected_kwh,
           max(measure_status) AS status, max(note) AS note
    FROM kt_valid GROUP BY {NATURAL_KEY}"""
_MATCH = """m.building_id = n.building_id AND m.type = n.measure_type AND m.title = n.title
            AND m.completed_on IS NOT DISTINCT FROM n.completed_on"""
_GROUPED = f"SELECT n.*, m.measure_id FROM ({_NEW}) n LEFT JOIN measures m ON {_MATCH}"
_DIFFERS = " OR ".join(f"{expected_kwh_sql()} IS DISTINCT FROM n.{c}" if c == "expected_kwh" else
                       f"m.{c} IS DISTINCT FROM n.{c}"
                       for c in ("carriers", "investment_eur", "funding_eur", "expected_kwh", "status", "note"))


def _summary(con) -> dict[str, float]:
    row = con.execute("""SELECT count(DISTINCT (building_id, measure_type, title, completed_on)),
                                count(DISTINCT building_id), coalesce(sum(expected_savings), 0) FROM kt_valid"""
                      ).fetchone()
    investment = con.execute(f"SELECT coalesce(sum(investment_eur), 0) FROM ({_GROUPED})").fetchone()[0]
    return dict(zip(("measures", "measure_buildings", "expected_kwh", "investment_eur"), (*row, investment),
                    strict=True))


def _store(con, import_id: int, user: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE kt_measures AS {_GROUPED}")
    columns = ", ".join(COLUMNS)
    con.execute(f"""INSERT INTO measure_versions ({columns}, replaced_by_import, reason)
                    SELECT {columns}, $import_id, 'import' FROM measures
                    WHERE measure_id IN (SELECT measure_id FROM kt_measures)""", {"import_id": import_id})
    con.execute(f"""
        UPDATE measures SET carriers = n.carriers, investment_eur = n.investment_eur, funding_eur = n.funding_eur,
               expected_kwh = {stored_expected_kwh_sql("n.expected_kwh")}, status = n.status, note = n.note,
               import_id = $import_id, updated_at = current_timestamp, updated_by = $user
        FROM kt_measures n WHERE measures.measure_id = n.measure_id""", {"import_id": import_id, "user": user})
    con.execute(f"""
        INSERT INTO measures (building_id, type, title, carriers, completed_on, investment_eur, funding_eur,
                              expected_kwh, status, note, import_id, created_by, updated_by)
        SELECT building_id, measure_type, title, carriers, completed_on, investment_eur, funding_eur,
               {stored_expected_kwh_sql("expected_kwh")}, status, note, $import_id, $user, $user
        FROM kt_measures WHERE measure_id IS NULL""", {"import_id": import_id, "user": user})


def commit(con, preview: ImportPreview, layout: Layout, user: str):
    """Store the measures of ``kt_valid`` in one transaction (a stored natural key is replaced, never doubled)."""
    with transaction(con):
        import_id = next_id(con, "seq_import")
        _store(con, import_id, str(getattr(user, "name", user)))
        return record_import(con, import_id, preview, layout, user)


def undo_rows(con, import_id: int) -> dict[str, int]:
    """Remove the measures of import ``import_id`` and bring back the rows it replaced (inside the undo's
    transaction). A version of it that a later import replaced passes its place in the chain on (as
    :func:`ktdash.ingest.versions.undo`); a measure changed on the form since belongs to the form and stays."""
    columns = ", ".join(COLUMNS)
    removed = con.execute("SELECT count(*) FROM measures WHERE import_id = $id", {"id": import_id}).fetchone()[0]
    con.execute("""
        UPDATE measure_versions SET replaced_by_import = x.replaced_by_import
        FROM (SELECT measure_id, replaced_by_import FROM measure_versions
              WHERE import_id = $id AND replaced_by_import IS NOT NULL) x
        WHERE measure_versions.replaced_by_import = $id AND measure_versions.measure_id = x.measure_id""",
                {"id": import_id})
    con.execute("DELETE FROM measure_versions WHERE import_id = $id AND replaced_by_import IS NOT NULL",
                {"id": import_id})
    con.execute("DELETE FROM measures WHERE import_id = $id", {"id": import_id})
    # a measure changed on the form since stays current: the row the import replaced stays as its history
    con.execute("""UPDATE measure_versions SET replaced_by_import = NULL WHERE replaced_by_import = $id
                   AND measure_id IN (SELECT measure_id FROM measures)""", {"id": import_id})
    restored = con.execute(f"""INSERT INTO measures ({columns}) SELECT {columns} FROM measure_versions
                               WHERE replaced_by_import = $id""", {"id": import_id}).fetchone()[0]
    con.execute("DELETE FROM measure_versions WHERE replaced_by_import = $id", {"id": import_id})
    counts = {"measures": int(removed)} if removed else {}
    return counts | ({"restored_measures": int(restored)} if restored else {})


def prepare(con, plan: ColumnPlan, ctx, decoded, municipality_key: str, municipality_name: str, rows_read: int,
            totals_rows: int) -> ImportPreview:
    """Stage and check the rows of ``kt_body`` against the municipality's buildings; nothing is stored."""
    _lookups(con, municipality_key)
    return campaign_base.prepare(KIND, con, plan, ctx, decoded, municipality_key, municipality_name, rows_read,
                                 totals_rows)


KIND = CampaignKind(
    layout=Layout.MEASURES, order=40, headers=MEASURE_HEADERS,
    required=("building", "measure_type", "title", "carrier"),
    signatures=(("building", "measure_type", "title"), ("building", "measure_type", "expected_savings")),
    keys=NATURAL_KEY + ", carrier", values="expected_savings, investment, funding, measure_status, note",
    key_column="title", numbers=("investment", "funding", "expected_savings"),
    period="min(completed_on), max(completed_on)", stage=_stage, summary=_summary,
    replacement_sql=f"""SELECT count(*), count(*) FILTER (WHERE {_DIFFERS})
                        FROM ({_NEW}) n JOIN measures m ON {_MATCH}""",
    store=lambda con, import_id: _store(con, import_id, "system"))
SPEC = registry.register(registry.LayoutSpec(
    code=Layout.MEASURES.value, label="layout_measures", family="measures", order=KIND.order,
    required=KIND.required, fields=tuple(KIND.headers), headers=KIND.headers, signatures=KIND.signatures,
    detect=partial(campaign_base.detect, KIND), prepare=prepare, commit=commit, undo_rows=undo_rows))
