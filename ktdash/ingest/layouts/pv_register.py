"""Layout ``pv_register``: the public CSV export of the Marktstammdatenregister (Erweiterte Einheitenübersicht) —
solar units with Gemeindeschlüssel, commissioning date and gross power, the outcome side of photovoltaic
campaigns. Shared campaign code: :mod:`ktdash.ingest.layouts.campaign_base`."""

from __future__ import annotations

from datetime import date

from ktdash.core.campaign_vocabulary import NOT_COMMISSIONED, PLUG_IN_WORDS, REGISTER_HEADERS, SOLAR_SOURCES
from ktdash.core.domain import Layout, fold
from ktdash.ingest import versions
from ktdash.ingest.columns import ColumnPlan
from ktdash.ingest.layouts.campaign_base import CampaignKind, col, date_checks, header, register_kind, reject
from ktdash.ingest.results import Note
from ktdash.ingest.sql import Fragment, q


def _stage(con, plan: ColumnPlan, today: date, notes: list[Note]) -> list[Fragment]:
    solar = ", ".join(q(fold(s)) for s in SOLAR_SOURCES)
    planned = ", ".join(q(fold(s)) for s in NOT_COMMISSIONED)
    plug_in = " OR ".join(f"contains(lower(coalesce(solar_type, '')), {q(w.lower())})" for w in PLUG_IN_WORDS)
    source = col(plan, "energy_source")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_all AS
        SELECT b.line_no, {col(plan, 'unit_id')} AS unit_id, {col(plan, 'status')} AS status,
               {source} AS source_raw, {col(plan, 'solar_type')} AS solar_type,
               {col(plan, 'gross_kw')} AS gross_kw_raw, kt_num({col(plan, 'gross_kw')}) AS gross_kw,
               {col(plan, 'commissioned')} AS date_raw, kt_ts({col(plan, 'commissioned')})::DATE AS commissioned,
               regexp_replace(coalesce({col(plan, 'ags')}, ''), '\\D', '', 'g') AS ags_digits,
               {col(plan, 'ags')} AS ags_raw, p.municipality_key
        FROM kt_body b
        LEFT JOIN places p ON p.ags = lpad(regexp_replace(coalesce({col(plan, 'ags')}, ''), '\\D', '', 'g'), 8, '0')
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_all AS
        SELECT *, lpad(ags_digits, 8, '0') AS ags,
               CASE WHEN {'source_raw IS NOT NULL AND kt_fold(source_raw) NOT IN (' + solar + ')'
                          if source != 'NULL' else 'false'} THEN 'other_source'
                    WHEN kt_fold(coalesce(status, '')) IN ({planned}) OR (date_raw IS NULL AND status IS NOT NULL)
                        THEN 'not_commissioned'
                    WHEN ags_digits <> '' AND left(lpad(ags_digits, 8, '0'), 5) NOT IN
                         (SELECT district_key FROM districts) THEN 'outside_region'
               END AS skip,
               ({plug_in}) AS plug_in
        FROM kt_all
    """)
    for reason, n in con.execute("SELECT skip, count(*) FROM kt_all WHERE skip IS NOT NULL GROUP BY skip "
                                 "ORDER BY skip").fetchall():
        notes.append(Note.of("note_register_" + reason, n=n))
    con.execute("CREATE OR REPLACE TEMP TABLE kt_rec AS SELECT * FROM kt_all WHERE skip IS NULL")
    h = lambda name: header(plan, name)  # noqa: E731
    return [
        reject("unit_id IS NULL", h("unit_id"), "NULL", "missing_value"),
        *date_checks(plan, "commissioned", "date_raw", "commissioned"),
        reject("commissioned > $today", h("commissioned"), "date_raw", "future_date", today=today),
        reject("gross_kw_raw IS NULL", h("gross_kw"), "NULL", "missing_value"),
        reject("gross_kw_raw IS NOT NULL AND gross_kw IS NULL", h("gross_kw"), "gross_kw_raw", "not_a_number"),
        reject("gross_kw < 0", h("gross_kw"), "gross_kw_raw", "negative_value"),
        reject("ags_digits = ''", h("ags"), "NULL", "missing_value"),
        reject("ags_digits <> '' AND municipality_key IS NULL", h("ags"), "ags_raw", "unknown_place"),
    ]


def _summary(con) -> dict[str, float]:
    row = con.execute("""SELECT count(*), coalesce(sum(gross_kw), 0), count(*) FILTER (WHERE plug_in),
                                count(DISTINCT municipality_key) FROM kt_valid""").fetchone()
    return dict(zip(("units", "kwp", "plug_in_units", "municipalities"), row, strict=True))


def _store(con, import_id: int) -> None:
    versions.keep_replaced(con, versions.PV_UNITS, "SELECT unit_id FROM kt_valid", import_id)
    con.execute("""
        INSERT INTO pv_units (unit_id, ags, municipality_key, commissioned, gross_kw, status, plug_in, import_id)
        SELECT unit_id, ags, municipality_key, commissioned, gross_kw, status, plug_in, $import_id
        FROM kt_valid
        ON CONFLICT (unit_id) DO UPDATE SET ags = excluded.ags, municipality_key = excluded.municipality_key,
            commissioned = excluded.commissioned, gross_kw = excluded.gross_kw, status = excluded.status,
            plug_in = excluded.plug_in, import_id = excluded.import_id""", {"import_id": import_id})


KIND = CampaignKind(
    layout=Layout.PV_REGISTER, order=10, headers=REGISTER_HEADERS,
    required=("unit_id", "commissioned", "gross_kw", "ags"),
    signatures=(("unit_id", "commissioned", "gross_kw"),), keys="unit_id",
    values="ags, commissioned, gross_kw, status, plug_in", key_column="unit_id", numbers=("gross_kw",),
    period="min(commissioned), max(commissioned)", stage=_stage, summary=_summary,
    replacement_sql="""SELECT count(*), count(*) FILTER (WHERE p.ags <> v.ags OR p.commissioned <> v.commissioned
                          OR p.gross_kw <> v.gross_kw OR p.status IS DISTINCT FROM v.status)
                       FROM kt_valid v JOIN pv_units p USING (unit_id)""",
    store=_store)
SPEC = register_kind(KIND)
