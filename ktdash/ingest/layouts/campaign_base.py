"""What the three campaign layouts share: campaigns, activities and the Marktstammdatenregister are layouts of the
one import pipeline (:mod:`ktdash.ingest.registry`), each in its own module
(:mod:`~ktdash.ingest.layouts.campaigns`, :mod:`~ktdash.ingest.layouts.activities`,
:mod:`~ktdash.ingest.layouts.pv_register`), which describes itself as a :class:`CampaignKind` and registers with
:func:`register_kind`.

Shared here: detection by header signature, the lookup tables (topics, formats, kinds, municipality names), the
check builders, :func:`prepare` (stage and check the rows of ``kt_body`` in SQL on temporary tables — ``kt_rec``,
``kt_rejects``, ``kt_valid`` as in the energy import — and return the same
:class:`~ktdash.ingest.results.ImportPreview`), :func:`commit` (one transaction; keys already stored are replaced,
never added twice) and the undo hooks. This module registers nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ktdash.core.campaign_vocabulary import ALL_MEMBERS, FORMAT_SYNONYMS, KIND_SYNONYMS, TOPIC_SYNONYMS
from ktdash.core.domain import Layout, fold, synonym_rows
from ktdash.ingest import registry, versions
from ktdash.ingest.columns import ColumnPlan
from ktdash.ingest.imports_table import record_import
from ktdash.ingest.profiles import CAMPAIGN_FIELDS
from ktdash.ingest.results import ImportPreview, Note
from ktdash.ingest.sql import Fragment, detect_decimal_style, fill, fragment, join, number_macro, q
from ktdash.store.connection import next_id, transaction

CAMPAIGN_LAYOUTS = (Layout.CAMPAIGNS, Layout.ACTIVITIES, Layout.PV_REGISTER)
COUNT_FIELDS = ("participants", "registrations", "consultations", "page_views", "leads", "outcomes")
FIELDS = CAMPAIGN_FIELDS  # every field of the three layouts


@dataclass(frozen=True)
class CampaignKind:
    """One campaign layout: its columns, checks, keys and how it is stored."""

    layout: Layout
    order: int  # detection order among the signature layouts (the register first, then activities, campaigns)
    headers: dict[str, tuple[str, ...]]  # field → header names
    required: tuple[str, ...]
    signatures: tuple[tuple[str, ...], ...]  # fields that make a header line one of these files
    keys: str  # SQL: the columns of a stored row's key
    values: str  # SQL: the columns that must agree when a key appears twice in one file
    key_column: str  # the field whose header names a duplicate key
    numbers: tuple[str, ...]  # number fields (their cells tell the decimal mark)
    period: str  # SQL over kt_valid: the preview's first and last day
    stage: Callable[..., list[Fragment | str]]  # (con, plan, today, notes) → the checks (SELECTs of rejections)
    summary: Callable[..., dict[str, float]]  # (con) → key figures of kt_valid
    replacement_sql: str  # SQL: (keys of kt_valid already stored, of those with other values)
    store: Callable[..., None]  # (con, import_id): write kt_valid, inside the commit's transaction (the import's
    # number goes in as the parameter $import_id)


def register_kind(kind: CampaignKind) -> registry.LayoutSpec:
    """Register a campaign layout with the pipeline."""
    return registry.register(registry.LayoutSpec(
        code=kind.layout.value, label="layout_" + kind.layout.value, family="campaign", order=kind.order,
        required=kind.required, fields=tuple(kind.headers), headers=kind.headers, signatures=kind.signatures,
        detect=partial(detect, kind), prepare=partial(prepare, kind), commit=partial(commit, kind),
        undo_rows=undo_rows, blocking_imports=blocking_imports))


def _fields_of(row: list[str], lookup: dict[str, str], profile=None) -> dict[str, int]:
    found: dict[str, int] = {}
    by_profile = {fold(h): f for f, h in (profile.columns.items() if profile else [])}
    for index, cell in enumerate(row):
        folded = fold(cell or "")
        name = by_profile.get(folded) or lookup.get(folded)
        if name and name not in found:
            found[name] = index
    return found


def detect(kind: CampaignKind, sample: list[list[str]], file_name: str = "", profile=None) -> ColumnPlan | None:
    """The column plan of a file of this kind, or None. A mapping profile of another campaign layout skips it."""
    wanted = profile.layout if profile and profile.layout in CAMPAIGN_LAYOUTS else None
    if wanted and wanted != kind.layout:
        return None
    lookup = {fold(n): f for f, names in kind.headers.items() for n in (f, *names)}
    for header_index, row in enumerate(sample[:40]):
        fields = _fields_of(row, lookup, profile)
        if any(all(name in fields for name in signature) for signature in kind.signatures):
            headers = [c.strip() if c else "" for c in row]
            used = set(fields.values())
            plan = ColumnPlan(header_index=header_index, headers=headers, fields=fields, layout=kind.layout)
            plan.ignored = [h for i, h in enumerate(headers) if h and i not in used]
            return plan
    return None


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
    for key, name, _district, _kind, _population in municipalities:
        single.setdefault(fold(key), key)
        single.setdefault(fold(name), key)
    for key, name, _district, kind, _population in municipalities:
        base = name.removeprefix("VG ").removeprefix("Stadt ").removesuffix(" (Kreisverwaltung)")
        single.setdefault(fold(base), key)
        if kind == "Verbandsgemeinde":
            single.setdefault(fold("Verbandsgemeinde " + base), key)
    districts = con.execute("SELECT district_key, name, kind FROM districts").fetchall()
    city_of = {district: key for key, _n, district, kind, _p in municipalities if kind == "kreisfreie Stadt"}
    for district_key, name, _kind in districts:
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
        fill(con, table, ("folded", "value"), rows)  # one statement (row by row: 160 ms per campaign file)


# --- check builders -----------------------------------------------------------------------------------------

def col(plan: ColumnPlan, name: str) -> str:
    return f"kt_clean(c{plan.fields[name]})" if name in plan.fields else "CAST(NULL AS VARCHAR)"  # 1.x: NULL is INTEGER


def header(plan: ColumnPlan, name: str) -> str:
    """The column a rejection names: the file's header of field ``name``, else the field's code, which
    :meth:`ktdash.ingest.results.ImportPreview.rejected_frame` words in the reader's language."""
    return plan.headers[plan.fields[name]] if name in plan.fields else name


def reject(where: str, column: str, value: str, code: str, detail: str = "NULL", table: str = "kt_rec",
           **params) -> Fragment:
    """A check: the rows of ``table`` where ``where`` holds are rejected with ``code``. ``where``, ``value`` and
    ``detail`` are SQL of the code; ``column`` (the file's header) goes in as the parameter ``$column``, values of
    the session (today) as further parameters ``$name`` in ``where`` (``params``)."""
    return fragment(f"SELECT line_no, CAST($column AS VARCHAR) AS column_name, CAST({value} AS VARCHAR) AS value, "
                    f"{q(code)} AS code, CAST({detail} AS VARCHAR) AS detail FROM {table} WHERE {where}",
                    column=column, **params)


def number_checks(plan: ColumnPlan, name: str, value: str, integer: bool) -> list[Fragment]:
    """A number cell (``<value>_raw`` as read, ``<value>`` as parsed) of the field ``name``."""
    h = header(plan, name)
    raw = f"{name}_raw"
    checks = [reject(f"{raw} IS NOT NULL AND {value} IS NULL", h, raw, "not_a_number")]
    if integer:
        checks.append(reject(f"{value} IS NOT NULL AND {value} <> round({value})", h, raw, "not_an_integer"))
    checks.append(reject(f"{value} < 0", h, raw, "negative_value"))
    return checks


def date_checks(plan: ColumnPlan, name: str, raw: str, value: str) -> list[Fragment]:
    h = header(plan, name)
    return [reject(f"{raw} IS NULL", h, "NULL", "missing_value"),
            reject(f"{raw} IS NOT NULL AND {value} IS NULL", h, raw, "invalid_date")]


def lookup_checks(plan: ColumnPlan, name: str, code: str, allowed: str) -> list[Fragment]:
    h = header(plan, name)
    return [reject(f"{name}_raw IS NULL", h, "NULL", "missing_value"),
            reject(f"{name}_raw IS NOT NULL AND {name} IS NULL", h, f"{name}_raw", code, q(allowed))]


# --- prepare, commit, undo -----------------------------------------------------------------------------------

def prepare(kind: CampaignKind, con, plan: ColumnPlan, ctx, decoded, municipality_key: str, municipality_name: str,
            rows_read: int, totals_rows: int) -> ImportPreview:
    """Stage and check the rows of ``kt_body``; returns the preview. Nothing is stored."""
    layout = plan.layout
    notes = ctx.notes
    install_lookups(con)
    columns = [f"c{plan.fields[f]}" for f in kind.numbers if f in plan.fields]
    style = detect_decimal_style(con, "kt_body", columns, decoded.delimiter) if not ctx.from_xlsx else "point"
    number_macro(con, style)
    if columns:
        notes.append(Note.of("note_decimal", style=Note.of("decimal_comma" if style == "comma" else "decimal_point")))
    checks = kind.stage(con, plan, ctx.today, notes)
    ("CREATE OR REPLACE TEMP TABLE kt_rejects AS " + join(checks)).execute(con)
    key_header = header(plan, kind.key_column) if kind.key_column in plan.fields else header(plan, "campaign")
    con.execute(f"""
        INSERT INTO kt_rejects
        SELECT line_no, $key_header, CAST(({kind.keys.replace(', ', " || ' / ' || ")}) AS VARCHAR),
               'duplicate_conflict', lines
        FROM (SELECT *, string_agg(CAST(line_no AS VARCHAR), ', ') OVER (PARTITION BY {kind.keys}) AS lines,
                     count(DISTINCT ({kind.values})) OVER (PARTITION BY {kind.keys}) AS variants
              FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects))
        WHERE variants > 1
    """, {"key_header": key_header})
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_valid AS
        SELECT * FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)
        QUALIFY row_number() OVER (PARTITION BY {kind.keys} ORDER BY line_no) = 1
    """)
    valid_lines = con.execute("SELECT count(*) FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)"
                              ).fetchone()[0]
    records = con.execute("SELECT count(*) FROM kt_valid").fetchone()[0]
    rejected = con.execute(
        "SELECT line_no, column_name, value, code, detail FROM kt_rejects ORDER BY line_no, code").df()
    replaced, changed = (int(n) for n in con.execute(kind.replacement_sql).fetchone())
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
    preview.summary = kind.summary(con)
    preview.period_start, preview.period_end = con.execute(f"SELECT {kind.period} FROM kt_valid").fetchone()
    return preview


def commit(kind: CampaignKind, con, preview: ImportPreview, layout: Layout, user: str):
    """Store ``kt_valid`` in one transaction (keys already stored are replaced)."""
    with transaction(con):
        import_id = next_id(con, "seq_import")
        kind.store(con, import_id)
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
    removed = {}
    for table in ("activities", "campaign_members", "campaigns", "pv_units"):
        removed[table] = int(con.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?",
                                         [import_id]).fetchone()[0])
    restored = versions.undo(con, import_id, versions.CAMPAIGN_KINDS)
    con.execute("DELETE FROM campaign_members WHERE campaign_id NOT IN (SELECT campaign_id FROM campaigns)")
    return removed | {f"restored_{table}": n for table, n in restored.items() if n}
