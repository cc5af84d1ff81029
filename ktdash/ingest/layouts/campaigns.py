"""Layout ``campaigns``: the network's joint campaigns — number, name, topic, lead, participating municipalities,
start and end (shared campaign code: :mod:`ktdash.ingest.layouts.campaign_base`)."""

from __future__ import annotations

from datetime import date

from ktdash.core.campaign_vocabulary import CAMPAIGN_HEADERS, Topic
from ktdash.core.domain import Layout
from ktdash.ingest import versions
from ktdash.ingest.columns import ColumnPlan
from ktdash.ingest.layouts.campaign_base import (
    CAMPAIGN_LAYOUTS,
    FIELDS,
    CampaignKind,
    col,
    date_checks,
    header,
    lookup_checks,
    register_kind,
    reject,
)
from ktdash.ingest.results import Note
from ktdash.ingest.sql import Fragment

__all__ = ["CAMPAIGN_LAYOUTS", "FIELDS", "KIND", "SPEC"]  # CAMPAIGN_LAYOUTS, FIELDS: kept for the pages


def _stage(con, plan: ColumnPlan, today: date, notes: list[Note]) -> list[Fragment]:
    number = col(plan, "campaign_no")
    name = col(plan, "campaign")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT b.line_no, coalesce({number}, {name}) AS campaign_id, {name} AS name,
               {col(plan, 'topic')} AS topic_raw, tp.value AS topic,
               {col(plan, 'lead')} AS lead_raw, ow.value AS lead_key,
               {col(plan, 'members')} AS members_raw,
               {col(plan, 'start')} AS start_raw, kt_ts({col(plan, 'start')})::DATE AS start_date,
               {col(plan, 'end')} AS end_raw, kt_ts({col(plan, 'end')})::DATE AS end_date,
               {col(plan, 'description')} AS description
        FROM kt_body b
        LEFT JOIN kt_topics tp ON tp.folded = kt_fold({col(plan, 'topic')})
        LEFT JOIN kt_owner_names ow ON ow.folded = kt_fold({col(plan, 'lead')})
    """)
    # one row per named member; a campaign without a list has its lead's municipalities as members
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_member_items AS
        SELECT line_no, campaign_id, trim(item) AS item FROM (
            SELECT line_no, campaign_id,
                   unnest(string_split_regex(coalesce(members_raw, ''), '\\s*[,|\\n]\\s*')) AS item
            FROM kt_rec) WHERE trim(item) <> ''
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_members AS
        SELECT i.line_no, i.campaign_id, i.item, m.value AS municipality_key
        FROM kt_member_items i LEFT JOIN kt_member_names m ON m.folded = kt_fold(i.item)
        UNION ALL
        SELECT r.line_no, r.campaign_id, r.lead_raw, m.value
        FROM kt_rec r JOIN kt_member_names m ON m.folded = kt_fold(r.lead_raw)
        WHERE r.members_raw IS NULL
    """)
    if con.execute("SELECT count(*) FROM kt_rec WHERE members_raw IS NULL").fetchone()[0]:
        notes.append(Note.of("note_members_from_lead"))
    topics = ", ".join(t.value for t in Topic)
    return [
        reject("name IS NULL", header(plan, "campaign"), "NULL", "missing_value"),
        *lookup_checks(plan, "topic", "unknown_topic", topics),
        reject("lead_raw IS NOT NULL AND lead_key IS NULL", header(plan, "lead"), "lead_raw",
                "unknown_municipality"),
        reject("lead_raw IS NULL AND members_raw IS NULL", header(plan, "lead"), "NULL", "missing_value"),
        *date_checks(plan, "start", "start_raw", "start_date"),
        *date_checks(plan, "end", "end_raw", "end_date"),
        reject("end_date < start_date", header(plan, "end"), "end_raw", "end_before_start",
                "strftime(start_date, '%d.%m.%Y')"),
        reject("municipality_key IS NULL", header(plan, "members"), "item", "unknown_municipality",
                table="kt_members"),
    ]


def _summary(con) -> dict[str, float]:
    row = con.execute("""SELECT count(*), (SELECT count(DISTINCT municipality_key) FROM kt_members
                         WHERE campaign_id IN (SELECT campaign_id FROM kt_valid)) FROM kt_valid""").fetchone()
    return {"campaigns": row[0], "municipalities": row[1]}


def _store(con, import_id: int) -> None:
    # the rows replaced become versions (undo brings them back): ktdash.ingest.versions
    versions.keep_replaced(con, versions.CAMPAIGNS, "SELECT campaign_id FROM kt_valid", import_id)
    versions.keep_replaced(con, versions.CAMPAIGN_MEMBERS, "SELECT campaign_id FROM kt_valid", import_id)
    con.execute("""
        INSERT INTO campaigns (campaign_id, name, topic, lead_key, start_date, end_date, description, import_id)
        SELECT campaign_id, name, topic, coalesce(lead_key, ''), start_date, end_date, description, $import_id
        FROM kt_valid
        ON CONFLICT (campaign_id) DO UPDATE SET name = excluded.name, topic = excluded.topic,
            lead_key = excluded.lead_key, start_date = excluded.start_date, end_date = excluded.end_date,
            description = excluded.description, import_id = excluded.import_id""", {"import_id": import_id})
    con.execute("DELETE FROM campaign_members WHERE campaign_id IN (SELECT campaign_id FROM kt_valid)")
    con.execute("""
        INSERT INTO campaign_members
        SELECT DISTINCT m.campaign_id, m.municipality_key, $import_id
        FROM kt_members m JOIN kt_valid v USING (line_no)""", {"import_id": import_id})


KIND = CampaignKind(
    layout=Layout.CAMPAIGNS, order=30, headers=CAMPAIGN_HEADERS, required=("campaign", "topic", "start", "end"),
    signatures=(("campaign", "topic", "start"),), keys="campaign_id",
    values="name, topic, lead_key, start_date, end_date, members_raw, description", key_column="campaign_no",
    numbers=(), period="min(start_date), max(end_date)", stage=_stage, summary=_summary,
    replacement_sql="""SELECT count(*), count(*) FILTER (WHERE c.name <> v.name OR c.topic <> v.topic
                          OR c.lead_key IS DISTINCT FROM v.lead_key OR c.start_date <> v.start_date
                          OR c.end_date <> v.end_date OR c.description IS DISTINCT FROM v.description)
                       FROM kt_valid v JOIN campaigns c USING (campaign_id)""",
    store=_store)
SPEC = register_kind(KIND)
