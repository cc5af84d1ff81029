"""Import of campaign data through the same path as energy data.

Three kinds of file (:class:`ktdash.core.domain.Layout`):

* ``campaigns``   the network's joint campaigns: number, name, topic, lead, participating
                  municipalities, start and end;
* ``activities``  one row per event or item of a campaign in a municipality: date, format,
                  kind, cost and reach (participants, registrations, consultations, page views,
                  leads, known implemented measures);
* ``pv_register`` the public CSV export of the Marktstammdatenregister (Erweiterte
                  Einheitenübersicht): solar units with Gemeindeschlüssel, commissioning date and
                  gross power — the outcome side of photovoltaic campaigns.

:func:`detect` recognises the kind from the header line; :func:`prepare` reads and checks
the rows in SQL on temporary tables (``kt_rec``, ``kt_rejects``, ``kt_valid`` as in the energy
import) and returns the same :class:`~ktdash.ingest.results.ImportPreview`; :func:`commit` stores
``kt_valid`` in one transaction (keys already stored are replaced, never added twice) and
:func:`undo` removes exactly the rows of one import.
"""

from __future__ import annotations

from datetime import date

from ktdash.i18n import texts
from ktdash.core.domain import Layout, fold, synonym_rows
from ktdash.ingest.columns import ColumnPlan
from ktdash.ingest.results import ImportFileError, ImportPreview
from ktdash.ingest.sql import detect_decimal_style, number_macro, q
from ktdash.store.connection import transaction
from ktdash.core.campaign_vocabulary import (
    ACTIVITY_HEADERS,
    ALL_MEMBERS,
    CAMPAIGN_HEADERS,
    FORMAT_SYNONYMS,
    KIND_SYNONYMS,
    NOT_COMMISSIONED,
    PLUG_IN_WORDS,
    REGISTER_HEADERS,
    SOLAR_SOURCES,
    TOPIC_SYNONYMS,
    ActivityKind,
    EventFormat,
    Topic,
)

CAMPAIGN_LAYOUTS = (Layout.CAMPAIGNS, Layout.ACTIVITIES, Layout.PV_REGISTER)
HEADERS: dict[Layout, dict[str, tuple[str, ...]]] = {
    Layout.CAMPAIGNS: CAMPAIGN_HEADERS,
    Layout.ACTIVITIES: ACTIVITY_HEADERS,
    Layout.PV_REGISTER: REGISTER_HEADERS,
}
REQUIRED: dict[Layout, tuple[str, ...]] = {
    Layout.CAMPAIGNS: ("campaign", "topic", "start", "end"),
    Layout.ACTIVITIES: ("campaign", "date", "municipality", "format", "kind"),
    Layout.PV_REGISTER: ("unit_id", "commissioned", "gross_kw", "ags"),
}
# what makes a header line one of these files (checked in this order)
SIGNATURES: tuple[tuple[Layout, tuple[str, ...]], ...] = (
    (Layout.PV_REGISTER, ("unit_id", "commissioned", "gross_kw")),
    (Layout.ACTIVITIES, ("campaign", "date", "kind")),
    (Layout.ACTIVITIES, ("campaign", "date", "format")),
    (Layout.CAMPAIGNS, ("campaign", "topic", "start")),
)
COUNT_FIELDS = ("participants", "registrations", "consultations", "page_views", "leads", "outcomes")
FIELDS: tuple[str, ...] = tuple(dict.fromkeys(f for headers in HEADERS.values() for f in headers))

_LOOKUPS = {layout: {fold(n): f for f, names in headers.items() for n in (f, *names)}
            for layout, headers in HEADERS.items()}


def _fields_of(row: list[str], layout: Layout, profile=None) -> dict[str, int]:
    found: dict[str, int] = {}
    by_profile = {fold(h): f for f, h in (profile.columns.items() if profile else [])}
    for index, cell in enumerate(row):
        folded = fold(cell or "")
        name = by_profile.get(folded) or _LOOKUPS[layout].get(folded)
        if name and name not in found:
            found[name] = index
    return found


def detect(sample: list[list[str]], profile=None) -> ColumnPlan | None:
    """The column plan of a campaign, activity or register file, or None for anything else."""
    wanted = profile.layout if profile and profile.layout in CAMPAIGN_LAYOUTS else None
    for header_index, row in enumerate(sample[:40]):
        for layout, signature in SIGNATURES:
            if wanted and layout != wanted:
                continue
            fields = _fields_of(row, layout, profile)
            if all(name in fields for name in signature):
                headers = [c.strip() if c else "" for c in row]
                used = set(fields.values())
                plan = ColumnPlan(header_index=header_index, headers=headers, fields=fields, layout=layout)
                plan.ignored = [h for i, h in enumerate(headers) if h and i not in used]
                return plan
    return None


def check_required(plan: ColumnPlan, file_name: str) -> None:
    for name in REQUIRED[plan.layout]:
        if name not in plan.fields:
            raise ImportFileError("missing_column", file_name, column=texts.field_name(name),
                                  value=str(plan.header_index + 1))


# --- lookup tables ------------------------------------------------------------------------------------------

def _owner_rows(con) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(folded name → owner key) for single municipalities, (folded word → member key) for member lists.

    A municipality is known by its key, its name (``VG Landstuhl``), its name without ``VG``/``Stadt``/
    ``(Kreisverwaltung)`` and as ``Verbandsgemeinde …``; a district's name means its Kreisverwaltung (or the
    city) as one municipality, and all its municipalities with inhabitants in a member list.
    """
    single: dict[str, str] = {}
    municipalities = con.execute(
        "SELECT municipality_key, name, district_key, kind, population FROM municipalities "
        "ORDER BY kind = 'Landkreis', municipality_key").fetchall()
    for key, name, _district, kind, _population in municipalities:
        single.setdefault(fold(key), key)
        single.setdefault(fold(name), key)
    for key, name, _district, kind, _population in municipalities:
        base = name.removeprefix("VG ").removeprefix("Stadt ").removesuffix(" (Kreisverwaltung)")
        single.setdefault(fold(base), key)
        if kind == "Verbandsgemeinde":
            single.setdefault(fold("Verbandsgemeinde " + base), key)
    districts = con.execute("SELECT district_key, name, kind FROM districts").fetchall()
    city_of = {district: key for key, _n, district, kind, _p in municipalities if kind == "kreisfreie Stadt"}
    for district_key, name, kind in districts:
        owner = city_of.get(district_key, district_key)
        single.setdefault(fold(name), owner)
        single.setdefault(fold(district_key), owner)
    members: set[tuple[str, str]] = {(folded, key) for folded, key in single.items()}
    inhabited = [(key, district) for key, _n, district, _k, population in municipalities if population]
    for district_key, name, _kind in districts:
        for word in (name, district_key):
            members.discard((fold(word), single[fold(word)]))
            members |= {(fold(word), key) for key, district in inhabited if district == district_key}
    for word in ALL_MEMBERS:
        members |= {(fold(word), key) for key, _district in inhabited}
    return sorted(single.items()), sorted(members)


def install_lookups(con) -> None:
    single, members = _owner_rows(con)
    for table, rows in (
        ("kt_topics", synonym_rows(TOPIC_SYNONYMS)),
        ("kt_formats", synonym_rows(FORMAT_SYNONYMS)),
        ("kt_kinds", synonym_rows(KIND_SYNONYMS)),
        ("kt_owner_names", single),
        ("kt_member_names", members),
    ):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (folded VARCHAR, value VARCHAR)")
        if rows:
            con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)


# --- staging ------------------------------------------------------------------------------------------------

def _col(plan: ColumnPlan, name: str) -> str:
    return f"kt_clean(c{plan.fields[name]})" if name in plan.fields else "NULL"


def _header(plan: ColumnPlan, name: str) -> str:
    return plan.headers[plan.fields[name]] if name in plan.fields else texts.field_name(name)


def _reject(where: str, column: str, value: str, code: str, detail: str = "NULL", table: str = "kt_rec") -> str:
    return (f"SELECT line_no, {q(column)} AS column_name, CAST({value} AS VARCHAR) AS value, {q(code)} AS code, "
            f"CAST({detail} AS VARCHAR) AS detail FROM {table} WHERE {where}")


def _number_checks(plan: ColumnPlan, name: str, value: str, integer: bool) -> list[str]:
    """A number cell (``<value>_raw`` as read, ``<value>`` as parsed) of the field ``name``."""
    h = _header(plan, name)
    raw = f"{name}_raw"
    checks = [_reject(f"{raw} IS NOT NULL AND {value} IS NULL", h, raw, "not_a_number")]
    if integer:
        checks.append(_reject(f"{value} IS NOT NULL AND {value} <> round({value})", h, raw, "not_an_integer"))
    checks.append(_reject(f"{value} < 0", h, raw, "negative_value"))
    return checks


def _date_checks(plan: ColumnPlan, name: str, raw: str, value: str) -> list[str]:
    h = _header(plan, name)
    return [_reject(f"{raw} IS NULL", h, "NULL", "missing_value"),
            _reject(f"{raw} IS NOT NULL AND {value} IS NULL", h, raw, "invalid_date")]


def _lookup_checks(plan: ColumnPlan, name: str, code: str, allowed: str) -> list[str]:
    h = _header(plan, name)
    return [_reject(f"{name}_raw IS NULL", h, "NULL", "missing_value"),
            _reject(f"{name}_raw IS NOT NULL AND {name} IS NULL", h, f"{name}_raw", code, q(allowed))]


def _stage_campaigns(con, plan: ColumnPlan, notes: list[str]) -> list[str]:
    number = _col(plan, "campaign_no")
    name = _col(plan, "campaign")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT b.line_no, coalesce({number}, {name}) AS campaign_id, {name} AS name,
               {_col(plan, 'topic')} AS topic_raw, tp.value AS topic,
               {_col(plan, 'lead')} AS lead_raw, ow.value AS lead_key,
               {_col(plan, 'members')} AS members_raw,
               {_col(plan, 'start')} AS start_raw, kt_ts({_col(plan, 'start')})::DATE AS start_date,
               {_col(plan, 'end')} AS end_raw, kt_ts({_col(plan, 'end')})::DATE AS end_date,
               {_col(plan, 'description')} AS description
        FROM kt_body b
        LEFT JOIN kt_topics tp ON tp.folded = kt_fold({_col(plan, 'topic')})
        LEFT JOIN kt_owner_names ow ON ow.folded = kt_fold({_col(plan, 'lead')})
    """)
    # one row per named member; a campaign without a list has its lead's municipalities as members
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_member_items AS
        SELECT line_no, campaign_id, trim(item) AS item FROM (
            SELECT line_no, campaign_id, unnest(string_split_regex(coalesce(members_raw, ''), '\\s*[,|\\n]\\s*')) AS item
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
        notes.append(texts.t("note_members_from_lead"))
    topics = ", ".join(t.value for t in Topic)
    return [
        _reject("name IS NULL", _header(plan, "campaign"), "NULL", "missing_value"),
        *_lookup_checks(plan, "topic", "unknown_topic", topics),
        _reject("lead_raw IS NOT NULL AND lead_key IS NULL", _header(plan, "lead"), "lead_raw",
                "unknown_municipality"),
        _reject("lead_raw IS NULL AND members_raw IS NULL", _header(plan, "lead"), "NULL", "missing_value"),
        *_date_checks(plan, "start", "start_raw", "start_date"),
        *_date_checks(plan, "end", "end_raw", "end_date"),
        _reject("end_date < start_date", _header(plan, "end"), "end_raw", "end_before_start",
                "strftime(start_date, '%d.%m.%Y')"),
        _reject("municipality_key IS NULL", _header(plan, "members"), "item", "unknown_municipality",
                table="kt_members"),
    ]


def _stage_activities(con, plan: ColumnPlan, today: date, notes: list[str]) -> list[str]:
    counts = ", ".join(f"{_col(plan, f)} AS {f}_raw, kt_num({_col(plan, f)}) AS {f}" for f in COUNT_FIELDS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT b.line_no, {_col(plan, 'campaign')} AS campaign_raw, ca.campaign_id,
               ca.start_date AS campaign_start, ca.end_date AS campaign_end,
               {_col(plan, 'date')} AS date_raw, kt_ts({_col(plan, 'date')})::DATE AS activity_date,
               {_col(plan, 'municipality')} AS municipality_raw, ow.value AS municipality_key,
               {_col(plan, 'format')} AS format_raw, fm.value AS format,
               {_col(plan, 'kind')} AS kind_raw, ki.value AS kind,
               coalesce({_col(plan, 'title')}, '') AS title,
               {_col(plan, 'cost')} AS cost_raw, kt_num({_col(plan, 'cost')}) AS cost_eur, {counts}
        FROM kt_body b
        LEFT JOIN kt_owner_names ow ON ow.folded = kt_fold({_col(plan, 'municipality')})
        LEFT JOIN kt_formats fm ON fm.folded = kt_fold({_col(plan, 'format')})
        LEFT JOIN kt_kinds ki ON ki.folded = kt_fold({_col(plan, 'kind')})
        LEFT JOIN (SELECT campaign_id, campaign_id AS ref, start_date, end_date FROM campaigns
                   UNION SELECT campaign_id, name, start_date, end_date FROM campaigns) ca
               ON lower(ca.ref) = lower({_col(plan, 'campaign')})
        QUALIFY row_number() OVER (PARTITION BY b.line_no ORDER BY ca.ref = {_col(plan, 'campaign')} DESC) = 1
    """)
    outside = con.execute("""SELECT count(*) FROM kt_rec WHERE activity_date NOT BETWEEN campaign_start
                             AND campaign_end""").fetchone()[0]
    if outside:
        notes.append(texts.t("note_outside_campaign", n=outside))
    reach = " OR ".join(f"{f} IS NOT NULL" for f in COUNT_FIELDS)
    checks = [
        _reject("campaign_raw IS NULL", _header(plan, "campaign"), "NULL", "missing_value"),
        _reject("campaign_raw IS NOT NULL AND campaign_id IS NULL", _header(plan, "campaign"), "campaign_raw",
                "unknown_campaign"),
        *_date_checks(plan, "date", "date_raw", "activity_date"),
        _reject("municipality_raw IS NULL", _header(plan, "municipality"), "NULL", "missing_value"),
        _reject("municipality_raw IS NOT NULL AND municipality_key IS NULL", _header(plan, "municipality"),
                "municipality_raw", "unknown_municipality"),
        *_lookup_checks(plan, "format", "unknown_format", ", ".join(f.value for f in EventFormat)),
        *_lookup_checks(plan, "kind", "unknown_kind", ", ".join(k.value for k in ActivityKind)),
        *_number_checks(plan, "cost", "cost_eur", integer=False),
        _reject(f"activity_date > {q(today.isoformat())} AND ({reach})", _header(plan, "date"), "date_raw",
                "reach_in_future"),
    ]
    for name in COUNT_FIELDS:
        checks += _number_checks(plan, name, name, integer=True)
    return checks


def _stage_register(con, plan: ColumnPlan, today: date, notes: list[str]) -> list[str]:
    solar = ", ".join(q(fold(s)) for s in SOLAR_SOURCES)
    planned = ", ".join(q(fold(s)) for s in NOT_COMMISSIONED)
    plug_in = " OR ".join(f"contains(lower(coalesce(solar_type, '')), {q(w.lower())})" for w in PLUG_IN_WORDS)
    source = _col(plan, "energy_source")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_all AS
        SELECT b.line_no, {_col(plan, 'unit_id')} AS unit_id, {_col(plan, 'status')} AS status,
               {source} AS source_raw, {_col(plan, 'solar_type')} AS solar_type,
               {_col(plan, 'gross_kw')} AS gross_kw_raw, kt_num({_col(plan, 'gross_kw')}) AS gross_kw,
               {_col(plan, 'commissioned')} AS date_raw, kt_ts({_col(plan, 'commissioned')})::DATE AS commissioned,
               regexp_replace(coalesce({_col(plan, 'ags')}, ''), '\\D', '', 'g') AS ags_digits,
               {_col(plan, 'ags')} AS ags_raw, p.municipality_key
        FROM kt_body b
        LEFT JOIN places p ON p.ags = lpad(regexp_replace(coalesce({_col(plan, 'ags')}, ''), '\\D', '', 'g'), 8, '0')
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
        notes.append(texts.t("note_register_" + reason, n=n))
    con.execute("CREATE OR REPLACE TEMP TABLE kt_rec AS SELECT * FROM kt_all WHERE skip IS NULL")
    h = lambda name: _header(plan, name)  # noqa: E731
    return [
        _reject("unit_id IS NULL", h("unit_id"), "NULL", "missing_value"),
        *_date_checks(plan, "commissioned", "date_raw", "commissioned"),
        _reject(f"commissioned > {q(today.isoformat())}", h("commissioned"), "date_raw", "future_date"),
        _reject("gross_kw_raw IS NULL", h("gross_kw"), "NULL", "missing_value"),
        _reject("gross_kw_raw IS NOT NULL AND gross_kw IS NULL", h("gross_kw"), "gross_kw_raw", "not_a_number"),
        _reject("gross_kw < 0", h("gross_kw"), "gross_kw_raw", "negative_value"),
        _reject("ags_digits = ''", h("ags"), "NULL", "missing_value"),
        _reject("ags_digits <> '' AND municipality_key IS NULL", h("ags"), "ags_raw", "unknown_place"),
    ]


KEYS = {
    Layout.CAMPAIGNS: "campaign_id",
    Layout.ACTIVITIES: "campaign_id, activity_date, municipality_key, kind, title",
    Layout.PV_REGISTER: "unit_id",
}
# the columns that must agree when a key appears twice in one file
VALUES = {
    Layout.CAMPAIGNS: "name, topic, lead_key, start_date, end_date, members_raw, description",
    Layout.ACTIVITIES: "format, cost_eur, " + ", ".join(COUNT_FIELDS),
    Layout.PV_REGISTER: "ags, commissioned, gross_kw, status, plug_in",
}
KEY_COLUMN = {Layout.CAMPAIGNS: "campaign_no", Layout.ACTIVITIES: "date", Layout.PV_REGISTER: "unit_id"}


def prepare(con, plan: ColumnPlan, ctx, decoded, municipality_key: str, municipality_name: str,
            rows_read: int, totals_rows: int) -> ImportPreview:
    """Stage and check the rows of ``kt_body``; returns the preview. Nothing is stored."""
    layout = plan.layout
    notes = ctx.notes
    install_lookups(con)
    numbers = {Layout.ACTIVITIES: ("cost",) + COUNT_FIELDS, Layout.PV_REGISTER: ("gross_kw",)}.get(layout, ())
    columns = [f"c{plan.fields[f]}" for f in numbers if f in plan.fields]
    style = detect_decimal_style(con, "kt_body", columns, decoded.delimiter) if not ctx.from_xlsx else "point"
    number_macro(con, style)
    if columns:
        notes.append(texts.t("note_decimal", style=texts.t("decimal_comma" if style == "comma" else "decimal_point")))
    if layout == Layout.CAMPAIGNS:
        checks = _stage_campaigns(con, plan, notes)
    elif layout == Layout.ACTIVITIES:
        checks = _stage_activities(con, plan, ctx.today, notes)
    else:
        checks = _stage_register(con, plan, ctx.today, notes)
    con.execute("CREATE OR REPLACE TEMP TABLE kt_rejects AS " + " UNION ALL ".join(checks))
    key_header = _header(plan, KEY_COLUMN[layout]) if KEY_COLUMN[layout] in plan.fields else _header(plan, "campaign")
    con.execute(f"""
        INSERT INTO kt_rejects
        SELECT line_no, {q(key_header)}, CAST(({KEYS[layout].replace(', ', " || ' / ' || ")}) AS VARCHAR),
               'duplicate_conflict', lines
        FROM (SELECT *, string_agg(CAST(line_no AS VARCHAR), ', ') OVER (PARTITION BY {KEYS[layout]}) AS lines,
                     count(DISTINCT ({VALUES[layout]})) OVER (PARTITION BY {KEYS[layout]}) AS variants
              FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects))
        WHERE variants > 1
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_valid AS
        SELECT * FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)
        QUALIFY row_number() OVER (PARTITION BY {KEYS[layout]} ORDER BY line_no) = 1
    """)
    valid_lines = con.execute("SELECT count(*) FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)"
                              ).fetchone()[0]
    records = con.execute("SELECT count(*) FROM kt_valid").fetchone()[0]
    rejected = con.execute(
        "SELECT line_no, column_name, value, code, detail FROM kt_rejects ORDER BY line_no, code").df()
    replaced, changed = replacement_counts(con, layout)
    preview = ImportPreview(
        file_name=decoded.file_name, sha256=decoded.sha256, municipality_key=municipality_key,
        municipality=municipality_name, encoding=decoded.encoding, delimiter=decoded.delimiter,
        sheet=decoded.sheet, layout=layout.value, header_line=plan.header_index + 1,
        columns={name: plan.headers[index] for name, index in plan.fields.items()},
        ignored_columns=plan.ignored, notes=notes, rows_read=rows_read,
        rows_rejected=int(rejected["line_no"].nunique()) if len(rejected) else 0, records=records,
        records_replaced=replaced, records_changed=changed, duplicates_ignored=valid_lines - records,
        totals_rows_skipped=totals_rows, rejected=rejected,
    )
    preview.rows_valid = preview.rows_read - preview.rows_rejected
    preview.summary = summary(con, layout)
    period = {Layout.CAMPAIGNS: "min(start_date), max(end_date)", Layout.ACTIVITIES: "min(activity_date), "
              "max(activity_date)", Layout.PV_REGISTER: "min(commissioned), max(commissioned)"}[layout]
    preview.period_start, preview.period_end = con.execute(f"SELECT {period} FROM kt_valid").fetchone()
    return preview


def summary(con, layout: Layout) -> dict[str, float]:
    """Key figures of the rows that will be stored, for the preview (field → number)."""
    if layout == Layout.CAMPAIGNS:
        row = con.execute("""SELECT count(*), (SELECT count(DISTINCT municipality_key) FROM kt_members
                             WHERE campaign_id IN (SELECT campaign_id FROM kt_valid)) FROM kt_valid""").fetchone()
        return {"campaigns": row[0], "municipalities": row[1]}
    if layout == Layout.ACTIVITIES:
        row = con.execute("""SELECT count(*), count(DISTINCT campaign_id), count(DISTINCT municipality_key),
                                    coalesce(sum(participants), 0), coalesce(sum(consultations), 0),
                                    coalesce(sum(cost_eur), 0) FROM kt_valid""").fetchone()
        return dict(zip(("activities", "campaigns", "municipalities", "participants", "consultations", "cost_eur"),
                        row))
    row = con.execute("""SELECT count(*), coalesce(sum(gross_kw), 0), count(*) FILTER (WHERE plug_in),
                                count(DISTINCT municipality_key) FROM kt_valid""").fetchone()
    return dict(zip(("units", "kwp", "plug_in_units", "municipalities"), row))


def replacement_counts(con, layout: Layout) -> tuple[int, int]:
    if layout == Layout.CAMPAIGNS:
        sql = """SELECT count(*), count(*) FILTER (WHERE c.name <> v.name OR c.topic <> v.topic
                    OR c.lead_key IS DISTINCT FROM v.lead_key OR c.start_date <> v.start_date
                    OR c.end_date <> v.end_date OR c.description IS DISTINCT FROM v.description)
                 FROM kt_valid v JOIN campaigns c USING (campaign_id)"""
    elif layout == Layout.ACTIVITIES:
        differs = " OR ".join(f"a.{f} IS DISTINCT FROM v.{f}" for f in ("format", "cost_eur") + COUNT_FIELDS)
        sql = f"""SELECT count(*), count(*) FILTER (WHERE {differs})
                  FROM kt_valid v JOIN activities a USING (campaign_id, activity_date, municipality_key, kind, title)"""
    else:
        sql = """SELECT count(*), count(*) FILTER (WHERE p.ags <> v.ags OR p.commissioned <> v.commissioned
                    OR p.gross_kw <> v.gross_kw OR p.status IS DISTINCT FROM v.status)
                 FROM kt_valid v JOIN pv_units p USING (unit_id)"""
    replaced, changed = con.execute(sql).fetchone()
    return int(replaced), int(changed)


def commit(con, preview: ImportPreview, layout: Layout, user: str):
    """Store ``kt_valid`` in one transaction (keys already stored are replaced)."""
    from ktdash.ingest.commit import record_import

    from ktdash.ingest import versions

    with transaction(con):
        import_id = con.execute("SELECT nextval('seq_import')").fetchone()[0]
        if layout == Layout.CAMPAIGNS:
            # the rows replaced become versions (undo brings them back): ktdash.ingest.versions
            versions.keep_replaced(con, versions.CAMPAIGNS, "SELECT campaign_id FROM kt_valid", import_id)
            versions.keep_replaced(con, versions.CAMPAIGN_MEMBERS, "SELECT campaign_id FROM kt_valid", import_id)
            con.execute(f"""
                INSERT INTO campaigns (campaign_id, name, topic, lead_key, start_date, end_date, description, import_id)
                SELECT campaign_id, name, topic, coalesce(lead_key, ''), start_date, end_date, description, {import_id}
                FROM kt_valid
                ON CONFLICT (campaign_id) DO UPDATE SET name = excluded.name, topic = excluded.topic,
                    lead_key = excluded.lead_key, start_date = excluded.start_date, end_date = excluded.end_date,
                    description = excluded.description, import_id = excluded.import_id""")
            con.execute("DELETE FROM campaign_members WHERE campaign_id IN (SELECT campaign_id FROM kt_valid)")
            con.execute(f"""
                INSERT INTO campaign_members
                SELECT DISTINCT m.campaign_id, m.municipality_key, {import_id}
                FROM kt_members m JOIN kt_valid v USING (line_no)""")
        elif layout == Layout.ACTIVITIES:
            versions.keep_replaced(con, versions.ACTIVITIES, """
                SELECT campaign_id, activity_date, municipality_key, kind, title FROM kt_valid""", import_id)
            counts = ", ".join(COUNT_FIELDS)
            con.execute(f"""
                INSERT INTO activities (campaign_id, activity_date, municipality_key, format, kind, title, cost_eur,
                                        {counts}, import_id)
                SELECT campaign_id, activity_date, municipality_key, format, kind, title, cost_eur,
                       {', '.join(f'CAST({f} AS INTEGER)' for f in COUNT_FIELDS)}, {import_id}
                FROM kt_valid
                ON CONFLICT (campaign_id, activity_date, municipality_key, kind, title) DO UPDATE SET
                    format = excluded.format, cost_eur = excluded.cost_eur,
                    {', '.join(f'{f} = excluded.{f}' for f in COUNT_FIELDS)}, import_id = excluded.import_id""")
        else:
            versions.keep_replaced(con, versions.PV_UNITS, "SELECT unit_id FROM kt_valid", import_id)
            con.execute(f"""
                INSERT INTO pv_units (unit_id, ags, municipality_key, commissioned, gross_kw, status, plug_in, import_id)
                SELECT unit_id, ags, municipality_key, commissioned, gross_kw, status, plug_in, {import_id}
                FROM kt_valid
                ON CONFLICT (unit_id) DO UPDATE SET ags = excluded.ags, municipality_key = excluded.municipality_key,
                    commissioned = excluded.commissioned, gross_kw = excluded.gross_kw, status = excluded.status,
                    plug_in = excluded.plug_in, import_id = excluded.import_id""")
        return record_import(con, import_id, preview, layout, user)


def blocking_imports(con, import_id: int) -> list[int]:
    """Other committed imports whose activities belong to campaigns this import stored (undo must wait)."""
    # a campaign the undo brings back in an earlier version (a re-import is undone) does not block
    rows = con.execute("""
        SELECT DISTINCT a.import_id FROM activities a JOIN campaigns c USING (campaign_id)
        WHERE c.import_id = $id AND a.import_id <> $id
          AND c.campaign_id NOT IN (SELECT campaign_id FROM campaign_versions WHERE replaced_by_import = $id)
        ORDER BY 1""", {"id": import_id}).fetchall()
    return [r[0] for r in rows]


def undo_rows(con, import_id: int) -> dict[str, int]:
    """Delete the campaign rows of one import and bring back the rows it had replaced (inside the caller's
    transaction; :func:`ktdash.ingest.versions.undo`). Returns the rows removed per table and, as
    ``restored_<table>``, the rows brought back."""
    from ktdash.ingest import versions

    removed = {}
    for table in ("activities", "campaign_members", "campaigns", "pv_units"):
        removed[table] = int(con.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?",
                                         [import_id]).fetchone()[0])
    restored = versions.undo(con, import_id, versions.CAMPAIGN_KINDS)
    con.execute("DELETE FROM campaign_members WHERE campaign_id NOT IN (SELECT campaign_id FROM campaigns)")
    return removed | {f"restored_{table}": n for table, n in restored.items() if n}
