"""Layout ``activities``: one row per event or item of a campaign in a municipality — date, format, kind, cost and
reach (participants, registrations, consultations, page views, leads, known implemented measures). Shared
campaign code: :mod:`ktdash.ingest.layouts.campaign_base`."""

from __future__ import annotations

from datetime import date

from ktdash.core.campaign_vocabulary import ACTIVITY_HEADERS, ActivityKind, EventFormat
from ktdash.core.domain import Layout
from ktdash.ingest import versions
from ktdash.ingest.columns import ColumnPlan
from ktdash.ingest.layouts.campaign_base import (
    COUNT_FIELDS,
    CampaignKind,
    col,
    date_checks,
    header,
    lookup_checks,
    number_checks,
    register_kind,
    reject,
)
from ktdash.ingest.results import Note
from ktdash.ingest.sql import Fragment


def _stage(con, plan: ColumnPlan, today: date, notes: list[Note]) -> list[Fragment]:
    counts = ", ".join(f"{col(plan, f)} AS {f}_raw, kt_num({col(plan, f)}) AS {f}" for f in COUNT_FIELDS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT b.line_no, {col(plan, 'campaign')} AS campaign_raw, ca.campaign_id,
               ca.start_date AS campaign_start, ca.end_date AS campaign_end,
               {col(plan, 'date')} AS date_raw, kt_ts({col(plan, 'date')})::DATE AS activity_date,
               {col(plan, 'municipality')} AS municipality_raw, ow.value AS municipality_key,
               {col(plan, 'format')} AS format_raw, fm.value AS format,
               {col(plan, 'kind')} AS kind_raw, ki.value AS kind,
               coalesce({col(plan, 'title')}, '') AS title,
               {col(plan, 'cost')} AS cost_raw, kt_num({col(plan, 'cost')}) AS cost_eur, {counts}
        FROM kt_body b
        LEFT JOIN kt_owner_names ow ON ow.folded = kt_fold({col(plan, 'municipality')})
        LEFT JOIN kt_formats fm ON fm.folded = kt_fold({col(plan, 'format')})
        LEFT JOIN kt_kinds ki ON ki.folded = kt_fold({col(plan, 'kind')})
        LEFT JOIN (SELECT campaign_id, campaign_id AS ref, start_date, end_date FROM campaigns
                   UNION SELECT campaign_id, name, start_date, end_date FROM campaigns) ca
               ON lower(ca.ref) = lower({col(plan, 'campaign')})
        QUALIFY row_number() OVER (PARTITION BY b.line_no ORDER BY ca.ref = {col(plan, 'campaign')} DESC) = 1
    """)
    outside = con.execute("""SELECT count(*) FROM kt_rec WHERE activity_date NOT BETWEEN campaign_start
                             AND campaign_end""").fetchone()[0]
    if outside:
        notes.append(Note.of("note_outside_campaign", n=outside))
    reach = " OR ".join(f"{f} IS NOT NULL" for f in COUNT_FIELDS)
    checks = [
        reject("campaign_raw IS NULL", header(plan, "campaign"), "NULL", "missing_value"),
        reject("campaign_raw IS NOT NULL AND campaign_id IS NULL", header(plan, "campaign"), "campaign_raw",
                "unknown_campaign"),
        *date_checks(plan, "date", "date_raw", "activity_date"),
        reject("municipality_raw IS NULL", header(plan, "municipality"), "NULL", "missing_value"),
        reject("municipality_raw IS NOT NULL AND municipality_key IS NULL", header(plan, "municipality"),
                "municipality_raw", "unknown_municipality"),
        *lookup_checks(plan, "format", "unknown_format", ", ".join(f.value for f in EventFormat)),
        *lookup_checks(plan, "kind", "unknown_kind", ", ".join(k.value for k in ActivityKind)),
        *number_checks(plan, "cost", "cost_eur", integer=False),
        reject(f"activity_date > $today AND ({reach})", header(plan, "date"), "date_raw", "reach_in_future",
               today=today),
    ]
    for name in COUNT_FIELDS:
        checks += number_checks(plan, name, name, integer=True)
    return checks


def _summary(con) -> dict[str, float]:
    row = con.execute("""SELECT count(*), count(DISTINCT campaign_id), count(DISTINCT municipality_key),
                                coalesce(sum(participants), 0), coalesce(sum(consultations), 0),
                                coalesce(sum(cost_eur), 0) FROM kt_valid""").fetchone()
    return dict(zip(("activities", "campaigns", "municipalities", "participants", "consultations", "cost_eur"),
                    row, strict=True))


def _store(con, import_id: int) -> None:
    versions.keep_replaced(con, versions.ACTIVITIES, """
        SELECT campaign_id, activity_date, municipality_key, kind, title FROM kt_valid""", import_id)
    counts = ", ".join(COUNT_FIELDS)
    con.execute(f"""
        INSERT INTO activities (campaign_id, activity_date, municipality_key, format, kind, title, cost_eur,
                                {counts}, import_id)
        SELECT campaign_id, activity_date, municipality_key, format, kind, title, cost_eur,
               {', '.join(f'CAST({f} AS INTEGER)' for f in COUNT_FIELDS)}, $import_id
        FROM kt_valid
        ON CONFLICT (campaign_id, activity_date, municipality_key, kind, title) DO UPDATE SET
            format = excluded.format, cost_eur = excluded.cost_eur,
            {', '.join(f'{f} = excluded.{f}' for f in COUNT_FIELDS)}, import_id = excluded.import_id""",
                {"import_id": import_id})


_DIFFERS = " OR ".join(f"a.{f} IS DISTINCT FROM v.{f}" for f in ("format", "cost_eur") + COUNT_FIELDS)
KIND = CampaignKind(
    layout=Layout.ACTIVITIES, order=20, headers=ACTIVITY_HEADERS,
    required=("campaign", "date", "municipality", "format", "kind"),
    signatures=(("campaign", "date", "kind"), ("campaign", "date", "format")),
    keys="campaign_id, activity_date, municipality_key, kind, title",
    values="format, cost_eur, " + ", ".join(COUNT_FIELDS), key_column="date", numbers=("cost",) + COUNT_FIELDS,
    period="min(activity_date), max(activity_date)", stage=_stage, summary=_summary,
    replacement_sql=f"""SELECT count(*), count(*) FILTER (WHERE {_DIFFERS})
                        FROM kt_valid v JOIN activities a
                        USING (campaign_id, activity_date, municipality_key, kind, title)""",
    store=_store)
SPEC = register_kind(KIND)
