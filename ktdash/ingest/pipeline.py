"""Import of energy-controlling files: detect → read → map → check → preview → commit.

>>> prepared = prepare_import(con, data, "verbrauch.csv", "Stadt Kusel", settings=Settings())  # bytes or a path
>>> prepared.preview.rows_rejected
0
>>> commit_import(con, prepared, user="mueller")

``prepare_import`` writes nothing to the store (only temporary tables of the
connection); ``commit_import`` stores the valid records of that preview in one
transaction. Use the same connection (or cursor) for both.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from ktdash.core import localtime
from ktdash.core.domain import Carrier, Layout
from ktdash.core.settings import Settings
from ktdash.analytics import alerts
from ktdash.store.connection import after_commit, transaction
from ktdash.ingest import bulk, checks, commit, limits, provenance, registry, sql, stage
from ktdash.ingest.columns import GAS_QUALITY_FIELDS, check_required, plan_columns
from ktdash.ingest.decode import DecodedFile, decode_file
from ktdash.ingest.profiles import PROFILE_FIELDS as FIELDS_FOR_MAPPING
from ktdash.ingest.profiles import (
    MappingProfile,
    ProfileError,
    StoredProfile,
    delete_profile,
    list_profiles,
    load_profile,
    save_profile,
    share_profile,
)
from ktdash.ingest.results import (
    CarrierTotal,
    GasConversion,
    ImportFileError,
    ImportPreview,
    ImportResult,
    MunicipalityEvidence,
    MunicipalityMismatch,
    Note,
)

__all__ = [
    "FIELDS_FOR_MAPPING", "FileInspection", "ImportFileError", "ImportPreview", "ImportResult", "MappingProfile",
    "PreparedImport", "commit_import", "import_file", "inspect_file", "list_profiles", "mapping_fields",
    "load_profile", "prepare_import", "resolve_municipality", "save_profile",
    "ProfileError", "StoredProfile", "delete_profile", "share_profile",
    "undo_import", "replace_import", "MunicipalityEvidence", "MunicipalityMismatch", "StoredImport", "import_record",
    "DecodedFile", "NotStored", "check_again", "decode_upload", "sheet_to_read", "storable",
]


@dataclass
class PreparedImport:
    preview: ImportPreview
    layout: Layout
    interval_minutes: int | None
    decoded: DecodedFile
    context: stage.StageContext | None = None  # energy data: what replace_import needs to check again


def resolve_municipality(con, name_or_key: str) -> tuple[str, str]:
    """(key, name) of a municipality given by its name (any case) or official key."""
    from ktdash.store.records import find_municipality

    row = find_municipality(con, name_or_key)  # the one lookup of a place by name or key
    if row is None:
        raise ImportFileError("unknown_municipality", name_or_key, value=name_or_key)
    return row


def sheet_to_read(data: bytes | str | os.PathLike | None, file_name: str, sheet: str | None,
                  profile: MappingProfile | None) -> str | None:
    """The sheet :func:`prepare_import` reads: the one chosen, else the profile's; IWU's workbook (neither
    given): its table Data.TA.HD, not the form on its first sheet."""
    if sheet is None and profile is None and data is not None:
        sheet = registry.default_sheet(data, file_name)
    return sheet or (profile.sheet if profile else None)


def decode_upload(data: bytes | str | os.PathLike, file_name: str, settings: Settings,
                  sheet: str | None = None) -> DecodedFile:
    """The file decoded as :func:`prepare_import` reads it (a UTF-8 file handed on as it is); the caller owns it
    (:meth:`DecodedFile.cleanup`) and may hand it to :func:`inspect_file` and :func:`prepare_import` as often as
    it likes (:class:`ktdash.ingest.session.ImportSession` decodes each upload once)."""
    return decode_file(data, file_name, settings.max_upload_bytes, sheet=sheet, direct_ok=True,
                       limits=settings.limits)


def prepare_import(con, data: bytes | str | os.PathLike | None, file_name: str, municipality: str | None, *,
                   settings: Settings, profile: MappingProfile | None = None, today: date | None = None,
                   sheet: str | None = None, decoded: DecodedFile | None = None) -> PreparedImport:
    """Read and check a file; nothing is stored. Raises ImportFileError for a file that cannot be read.

    The preview's ``municipality_evidence`` lists signs that the file belongs to another municipality
    (:mod:`.provenance`); such an import is stored only with ``commit_import(..., confirm_municipality=True)``.

    ``data`` is the file's bytes (an upload) or its path (the command line): a path is read in chunks and,
    when it is UTF-8, by DuckDB in place, so a large file is never held in memory.

    The layout comes from the registry (:mod:`ktdash.ingest.registry`): a signature layout's header line, else the
    energy columns. Degree-day files (DWD hdd_3807, the IWU table Data.TA.HD:
    :mod:`ktdash.ingest.layouts.degree_days`) belong to no municipality: ``municipality`` is not used for them and
    may be None (for any other file that raises ``municipality_needed``).

    ``decoded``: the file already decoded (:func:`decode_upload` of the sheet :func:`sheet_to_read` names), read
    instead of ``data``; its owner keeps it (its files are not removed here, a conversion goes elsewhere).
    """
    resolved = resolve_municipality(con, municipality) if municipality else None
    if decoded is None:
        decoded = decode_upload(data, file_name, settings, sheet_to_read(data, file_name, sheet, profile))
    else:  # borrowed: cleanup() leaves its files, convert() writes to a folder of its own
        decoded = dataclasses.replace(decoded, workdir=None)
    limits.bound_duckdb(con, settings.limits)  # issue 15: DuckDB's memory during the import within the budget
    try:
        plan = registry.detect(decoded.sample, file_name, profile)  # a layout with a header line of its own
    except BaseException:
        decoded.cleanup()
        raise
    layout_spec = registry.spec(plan.layout) if plan is not None else None
    if layout_spec is not None and not layout_spec.municipal:  # degree days: no municipality, their own path
        preview = layout_spec.prepare(con, decoded, plan, settings=settings, today=today or date.today())
        return PreparedImport(preview=preview, layout=plan.layout, interval_minutes=None, decoded=decoded)
    if resolved is None:
        decoded.cleanup()
        raise ImportFileError("municipality_needed", file_name)
    municipality_key, municipality_name = resolved
    notes: list[Note] = []
    in_bulk = False
    try:
        if plan is None:  # the energy layouts: the columns decide (ktdash.ingest.columns.decide_layout)
            plan = plan_columns(decoded.sample, file_name, profile)
        check_required(plan, file_name)
        sql.install(con, settings)
        stage.reset(con)
        ctx = stage.StageContext(con=con, plan=plan, profile=profile, municipality_key=municipality_key,
                                 today=today or date.today(), delimiter=decoded.delimiter,
                                 from_xlsx=decoded.encoding == "xlsx", notes=notes)
        if bulk.applies(ctx):
            guessed = bulk.guess_number_format(ctx, decoded)
            sql.number_macro(con, guessed)
            decoded = bulk.read(ctx, decoded, guessed)
            in_bulk = bulk.series(ctx, decoded)  # False: two series share a hash, take the general path
            if not in_bulk:
                del notes[:]  # the general path makes its own
        if not in_bulk:
            decoded = stage.read_raw(con, decoded)
    finally:
        decoded.cleanup()
    if in_bulk:
        return _prepare_bulk(ctx, decoded, municipality_key, municipality_name, guessed)
    totals_rows = stage.make_body(ctx)
    rows_read = con.execute("SELECT count(*) FROM kt_body").fetchone()[0]
    if rows_read == 0:
        raise ImportFileError("header_only", file_name)
    layout_spec = registry.spec(plan.layout)
    if layout_spec.prepare is not None:  # campaign layouts: their own staging and checks on kt_body
        preview = layout_spec.prepare(con, plan, ctx, decoded, municipality_key, municipality_name, rows_read,
                                      totals_rows)
        return PreparedImport(preview=preview, layout=plan.layout, interval_minutes=None, decoded=decoded)
    style = stage.choose_number_format(ctx)
    notes.append(decimal_note(style))
    stage.stage_records(ctx)
    checks.run_row_checks(ctx)
    checks.resolve_buildings(ctx)
    checks.run_set_checks(ctx)
    duplicates = checks.make_valid(ctx)
    preview = _preview(con, ctx, decoded, municipality_key, municipality_name, rows_read, totals_rows, duplicates)
    preview.municipality_evidence = provenance.check(con, ctx, decoded, municipality_key)
    return PreparedImport(preview=preview, layout=plan.layout, interval_minutes=ctx.interval_minutes,
                          decoded=decoded, context=ctx)


def _columns(con, table: str) -> list[str]:
    return [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]


def decimal_note(style: str) -> Note:
    return Note.of("note_decimal", style=Note.of("decimal_comma" if style == "comma" else "decimal_point"))


def _prepare_bulk(ctx, decoded, municipality_key, municipality_name, guessed) -> PreparedImport:
    """The rest of :func:`prepare_import` for readings and load profiles read by :mod:`.bulk`: the same
    steps and results, on ``kt_stage_all`` and ``kt_series``."""
    rows_read, totals_rows = bulk.counts(ctx, decoded)
    if rows_read == 0:
        raise ImportFileError("header_only", decoded.file_name)
    series_notes = list(ctx.notes)  # carrier and unit assumed: after the number format, as on the general path
    ctx.notes[:] = [decimal_note(bulk.number_format(ctx, decoded, guessed))] + series_notes
    same_timestamps = bulk.make_rec(ctx, decoded)
    checks.run_row_checks(ctx, suspects=bulk.suspects(ctx))
    stored_meters, stored_periods = bulk.meets_store(ctx)
    checks.run_set_checks(ctx, duplicates=same_timestamps, stored_meters=stored_meters,
                          stored_periods=stored_periods)
    duplicates = checks.make_valid(ctx, duplicates=same_timestamps, view=True)
    preview = _preview(ctx.con, ctx, decoded, municipality_key, municipality_name, rows_read, totals_rows,
                       duplicates)
    preview.municipality_evidence = provenance.check(ctx.con, ctx, decoded, municipality_key)
    return PreparedImport(preview=preview, layout=ctx.plan.layout, interval_minutes=ctx.interval_minutes,
                          decoded=decoded, context=ctx)


def _preview(con, ctx, decoded, municipality_key, municipality_name, rows_read, totals_rows, duplicates):
    plan = ctx.plan
    layout = plan.layout
    rejected = con.execute(
        "SELECT line_no, column_name, value, code, detail FROM kt_rejects ORDER BY line_no, code").df()
    meter_values = layout in (Layout.READINGS, Layout.LOAD_PROFILE)
    if meter_values:  # one pass over the records (millions in a load profile): the rest from its groups
        amount = "max(value) - min(value)" if layout == Layout.READINGS else "sum(value)"
        # mk: the bulk path's number of (building, meter), which the commit joins on instead of the texts
        valid_columns = _columns(con, "kt_valid")
        mk = "any_value(mk)" if "mk" in valid_columns else "NULL::BIGINT"
        digits = "max(digits)" if "digits" in valid_columns else "NULL::INTEGER"  # readings: stored if not known
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_valid_groups AS
            SELECT building_key, meter, carrier, min(building) AS building, bool_or(building_id IS NULL) AS new,
                   any_value(building_id) AS building_id, any_value(unit) AS unit, any_value(factor) AS factor,
                   any_value(canonical_unit) AS canonical_unit, {amount} AS amount, count(*) AS n,
                   min(ts) AS first_ts, max(ts) AS last_ts, {mk} AS mk, {digits} AS digits
            FROM kt_valid GROUP BY building_key, meter, carrier""")
        valid = "kt_valid_groups"
        records = con.execute("SELECT coalesce(sum(n), 0) FROM kt_valid_groups").fetchone()[0]
    else:
        valid = "(SELECT *, building_id IS NULL AS new FROM kt_valid)"
        records = con.execute("SELECT count(*) FROM kt_valid").fetchone()[0]
    buildings = con.execute(
        f"SELECT min(building), bool_or(new) FROM {valid} GROUP BY building_key ORDER BY 1").fetchall()
    replaced, changed = commit.replacement_counts(con, layout)
    preview = ImportPreview(
        file_name=decoded.file_name, sha256=decoded.sha256, municipality_key=municipality_key,
        municipality=municipality_name, encoding=decoded.encoding, delimiter=decoded.delimiter,
        sheet=decoded.sheet, layout=layout.value, header_line=plan.header_index + 1,
        columns={name: plan.headers[index] for name, index in plan.fields.items()}
        | {f"month_{m}": plan.headers[i] for m, i in sorted(plan.months.items())},
        ignored_columns=plan.ignored, notes=ctx.notes, rows_read=rows_read,
        rows_rejected=int(rejected["line_no"].nunique()) if len(rejected) else 0,
        records=records, records_replaced=replaced, records_changed=changed, duplicates_ignored=duplicates,
        totals_rows_skipped=totals_rows, buildings=[b for b, _ in buildings],
        new_buildings=[b for b, new in buildings if new], rejected=rejected,
    )
    preview.rows_valid = preview.rows_read - preview.rows_rejected
    if len(rejected):  # the imports named by overlap rejections (checks.IMPORT_REF): candidates to replace
        preview.overlapping_imports = [r[0] for r in con.execute("""
            SELECT DISTINCT CAST(split_part(detail, chr(31), 2) AS INTEGER) FROM kt_rejects
            WHERE code IN ('period_overlap', 'overlaps_meter_data', 'overlaps_period_data')
              AND contains(detail, chr(31)) ORDER BY 1""").fetchall()]
    if layout == Layout.BUILDINGS:
        return preview
    if meter_values:
        preview.meters = [r[0] for r in con.execute(
            "SELECT DISTINCT meter FROM kt_valid_groups ORDER BY 1").fetchall()]
        first, last = "min(first_ts)", "max(last_ts)"
        if layout == Layout.LOAD_PROFILE:  # interval starts in UTC: the days of local time
            first, last = localtime.utc_to_local(first), localtime.utc_to_local(last)
        period = con.execute(f"SELECT ({first})::DATE, ({last})::DATE FROM kt_valid_groups").fetchone()
        totals_sql = """
            SELECT carrier, sum(amount * factor), any_value(canonical_unit), sum(n) FROM kt_valid_groups
            GROUP BY carrier ORDER BY carrier"""
    else:
        period = con.execute("SELECT min(period_start), max(period_end) FROM kt_valid").fetchone()
        totals_sql = """SELECT carrier, sum(value * factor), any_value(canonical_unit), count(*) FROM kt_valid
                        GROUP BY carrier ORDER BY carrier"""
    own_factors = "row_factor" in _columns(con, "kt_valid")  # gas rows with their own Z and Hs (stage.gas_quality)
    if own_factors and layout == Layout.READINGS:  # each difference with the factor of the later reading
        totals_sql = """
            SELECT carrier, sum(kwh), any_value(canonical_unit), count(*) FROM (
                SELECT carrier, canonical_unit,
                       (value - lag(value) OVER w) * coalesce(row_factor, factor) AS kwh
                FROM kt_valid WINDOW w AS (PARTITION BY building_key, meter, carrier ORDER BY ts))
            GROUP BY carrier ORDER BY carrier"""
    elif own_factors and layout == Layout.LOAD_PROFILE:
        totals_sql = """SELECT carrier, sum(value * coalesce(row_factor, factor)), any_value(canonical_unit),
                               count(*) FROM kt_valid GROUP BY carrier ORDER BY carrier"""
    preview.period_start, preview.period_end = period
    preview.totals = [CarrierTotal(carrier=c, value=round(v or 0.0, 3), unit=u, rows=n)
                      for c, v, u, n in con.execute(totals_sql).fetchall()]
    preview.gas_conversion = _gas_conversion(con, ctx, meter_values, own_factors)
    if preview.gas_conversion is not None:
        preview.notes = [*preview.notes, preview.gas_conversion.note()]
    return preview


def _gas_conversion(con, ctx, meter_values: bool, own_factors: bool) -> GasConversion | None:
    """How the preview's natural gas in m³ becomes kWh (None: the file has none): the lines with a Zustandszahl
    or Brennwert of their own and those with the defaults."""
    plan = ctx.plan
    gas = f"carrier = {sql.q(Carrier.ERDGAS.value)} AND unit = 'm3'"
    if own_factors:
        own, default = con.execute(f"""
            SELECT count(DISTINCT line_no) FILTER (WHERE z IS NOT NULL OR hs IS NOT NULL),
                   count(DISTINCT line_no) FILTER (WHERE z IS NULL AND hs IS NULL)
            FROM kt_valid WHERE {gas}""").fetchone()
    elif meter_values:  # a load profile may have millions of rows: its groups (one line per value)
        own, default = 0, con.execute(f"SELECT coalesce(sum(n), 0) FROM kt_valid_groups WHERE {gas}").fetchone()[0]
    else:
        own, default = 0, con.execute(f"SELECT count(DISTINCT line_no) FROM kt_valid WHERE {gas}").fetchone()[0]
    if not own and not default:
        return None
    z, hs = stage.gas_defaults(con)
    columns = {name: plan.headers[plan.fields[name]] for name in GAS_QUALITY_FIELDS if name in plan.fields}
    return GasConversion(columns=columns if own_factors else {}, rows_own=int(own), rows_default=int(default),
                         z_default=z, hs_default=hs)


ALERT_LAYOUTS = frozenset({Layout.PERIODS, Layout.WIDE, Layout.READINGS, Layout.LOAD_PROFILE})
"""The layouts whose imports are checked for alerts (:mod:`ktdash.analytics.alerts`): energy data and load
profiles — not master data, degree days, campaigns, PV register or measures."""

_log = logging.getLogger(__name__)


def commit_import(con, prepared: PreparedImport, user: str, *, confirm_municipality: bool = False,
                  check_alerts: bool = True) -> ImportResult:
    """Store the valid records of a prepared import (same connection as prepare_import).

    Raises :class:`MunicipalityMismatch` (nothing stored) when the preview has evidence that the file belongs
    to another municipality and ``confirm_municipality`` is not set. An import of :data:`ALERT_LAYOUTS` is then
    checked for alerts (:func:`check_alerts_after`) once its transaction — the caller's when it runs inside one
    (the Import page's session, a replacement) — has committed; ``check_alerts=False`` leaves that out (the
    demo's history, :func:`ktdash.ingest.masterdata.load_demo`)."""
    if prepared.preview.municipality_evidence and not confirm_municipality:
        raise MunicipalityMismatch(prepared.preview.file_name, prepared.preview.municipality,
                                   prepared.preview.municipality_evidence)
    layout_spec = registry.spec(prepared.layout)
    if layout_spec.commit is not None:  # campaign layouts; degree days (an admin's: NotAllowed otherwise)
        return layout_spec.commit(con, prepared.preview, prepared.layout, user)
    result = commit.commit(con, prepared.preview, prepared.layout, prepared.interval_minutes, user)
    if check_alerts and prepared.layout in ALERT_LAYOUTS:
        after_commit(con, functools.partial(check_alerts_after, con, result.import_id))
    return result


def check_alerts_after(con, import_id: int) -> list[int] | None:
    """The alert checks of a committed import (:func:`ktdash.analytics.alerts.check_after_import`): the new alert
    numbers, or None when the check failed. Run AFTER the import's commit, in transactions of its own, and never
    raising: a failing check must not lose the import (DuckDB has no savepoints — an error inside the import's
    transaction would roll it back); it is logged, and ``ktdash alerts check`` checks again later."""
    try:
        return alerts.check_after_import(con, import_id)
    except Exception:  # any failure of the check: the import stays, the log says why
        _log.exception("alert check after import %s failed", import_id)
        return None


def undo_import(con, import_id: int, user=None) -> dict[str, int]:
    """Remove exactly the rows of one import and update the rollups (see :func:`ktdash.ingest.commit.undo`)."""
    return commit.undo(con, import_id, user=user)


def import_file(con, data: bytes | str | os.PathLike, file_name: str, municipality: str, *, settings: Settings,
                user: str, profile: MappingProfile | None = None, today: date | None = None, sheet: str | None = None,
                accept_rejections: bool = False, confirm_municipality: bool = False,
                check_alerts: bool = True) -> tuple[ImportPreview, ImportResult | None]:
    """Prepare and, when nothing is rejected (or ``accept_rejections``) and nothing points to another
    municipality (or ``confirm_municipality``), commit (and check for alerts: :func:`commit_import`)."""
    prepared = prepare_import(con, data, file_name, municipality, settings=settings, profile=profile, today=today,
                              sheet=sheet)
    preview = prepared.preview
    if not storable(preview, accept_rejections, confirm_municipality):
        return preview, None
    return preview, commit_import(con, prepared, user, confirm_municipality=confirm_municipality,
                                  check_alerts=check_alerts)


def storable(preview: ImportPreview, accept_rejections: bool, confirm_municipality: bool) -> bool:
    """Whether a preview may be stored: it has records, no rejected rows (or ``accept_rejections``) and no
    evidence of another municipality (or ``confirm_municipality``)."""
    return bool(preview.records) and (not preview.rows_rejected or accept_rejections) and (
        not preview.municipality_evidence or confirm_municipality)


class NotStored(Exception):
    """Raised inside the transaction of a replacement whose preview is not stored (:func:`storable`), so that the
    undo is rolled back; carries that preview."""

    def __init__(self, preview: ImportPreview):
        super().__init__(preview.file_name)
        self.preview = preview


@dataclass
class StoredImport:
    """One row of ``imports``: what the pages say about an earlier import."""

    import_id: int
    created_at: datetime
    user_name: str
    municipality_key: str
    file_name: str
    layout: str
    status: str


def import_record(con, import_id: int) -> StoredImport | None:
    """The stored import ``import_id``, or None."""
    row = con.execute("SELECT import_id, created_at, user_name, municipality_key, file_name, layout, status "
                      "FROM imports WHERE import_id = ?", [int(import_id)]).fetchone()
    return StoredImport(*row) if row else None


def replace_import(con, import_id: int, data: bytes | str | os.PathLike, file_name: str, municipality: str, *,
                   settings: Settings, user, dry_run: bool = False, accept_rejections: bool = False,
                   confirm_municipality: bool = False,
                   **options) -> tuple[ImportPreview, ImportResult | None, dict[str, int]]:
    """Undo import ``import_id`` and import the file in its place, as one transaction: (preview, result, what
    the undo removed); ``options`` as for :func:`prepare_import`.

    The file is read and checked first (its working tables must exist outside the transaction: DuckDB numbers
    the rows of a table made inside one differently, and the line numbers come from them); inside the
    transaction the undo runs, then every check against the store runs again on the store without that import
    (:func:`check_again`), then the commit. When the file is not stored (rows rejected without
    ``accept_rejections``, nothing to store, another municipality without ``confirm_municipality``, a file
    error, an undo that is refused) the undo is rolled back too and nothing has changed: (preview, None, {})
    or the exception. ``dry_run``: only that preview, everything rolled back. Whether ``user`` may undo that
    import is the caller's check, as for :func:`undo_import`."""
    prepared = prepare_import(con, data, file_name, municipality, settings=settings, **options)
    try:
        with transaction(con):
            removed = commit.undo(con, import_id, user=user)
            if prepared.context is not None:
                check_again(prepared)
            preview = prepared.preview
            if dry_run or not storable(preview, accept_rejections, confirm_municipality):
                raise NotStored(preview)
            result = commit_import(con, prepared, getattr(user, "name", user),
                                   confirm_municipality=confirm_municipality)
    except NotStored as exc:
        return exc.preview, None, {}
    return preview, result, removed


SET_CHECK_CODES = ("duplicate_conflict", "reading_backwards", "meter_conflict", "unit_changed",
                   "overlaps_period_data", "period_overlap", "overlaps_meter_data")


def check_again(prepared: PreparedImport) -> None:
    """The checks against the store of a prepared import, again (inside the transaction that changed the store):
    buildings that no longer exist are new again, the set checks run anew, then ``kt_valid`` and the preview."""
    ctx, old = prepared.context, prepared.preview
    con = ctx.con
    kt_rec_is_table = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'kt_rec' AND temporary"
                                  ).fetchone()[0]
    con.execute(f"""UPDATE {'kt_rec' if kt_rec_is_table else 'kt_series'} SET building_id = NULL
                    WHERE building_id NOT IN (SELECT building_id FROM buildings)""")
    con.execute("DELETE FROM kt_rejects WHERE code IN (" + ", ".join(f"'{c}'" for c in SET_CHECK_CODES) + ")")
    checks.run_set_checks(ctx)
    duplicates = checks.make_valid(ctx)
    preview = _preview(con, ctx, prepared.decoded, old.municipality_key, old.municipality, old.rows_read,
                       old.totals_rows_skipped, duplicates)
    preview.file_name, preview.sha256 = old.file_name, old.sha256
    preview.municipality_evidence = old.municipality_evidence
    prepared.preview = preview


@dataclass
class FileInspection:
    """What the mapping form needs: the first lines, the header found and what each column was taken for."""

    sample: list[list[str]]
    header_index: int | None
    headers: list[str]
    fields: dict[str, str]  # header text → field recognised automatically
    layout: str | None
    sheets: list[str]
    sheet: str | None = None  # the sheet read (XLSX): the chosen one, else the first, else the first with data

    def fields_by_field(self) -> dict[str, str]:
        return {name: header for header, name in self.fields.items()}


def inspect_file(data: bytes, file_name: str, settings: Settings, sheet: str | None = None,
                 header_index: int | None = None, *,
                 decode: Callable[[str | None], DecodedFile] | None = None) -> FileInspection:
    """Decode a file and recognise what can be recognised; raises ImportFileError for unreadable files.

    An XLSX whose first sheet is empty (no ``sheet`` chosen) is inspected on the first sheet with data, so the
    Import page can offer it as the sheet choice; a chosen empty sheet raises ``empty_sheet``.

    ``decode``: gives the decoded file of a sheet and keeps it (the import session's, read again by
    :func:`prepare_import`); without it the file is decoded here and its files removed."""
    sheet = sheet or registry.default_sheet(data, file_name)  # IWU's workbook: its table Data.TA.HD
    own = decode is None
    decode = decode or functools.partial(decode_file, data, file_name, settings.max_upload_bytes,
                                         limits=settings.limits)  # decode(sheet)
    try:
        decoded = decode(sheet)
    except ImportFileError as exc:
        if exc.code != "empty_sheet" or sheet is not None:
            raise
        sheet = exc.detail.split(", ")[0]
        decoded = decode(sheet)
    if own:
        decoded.cleanup()
    sheets = sheet_names(data, settings) if decoded.encoding == "xlsx" else []
    plan = registry.detect(decoded.sample, file_name)
    if plan is not None and not registry.spec(plan.layout).municipal:  # degree days: their header as found
        if header_index in (None, plan.header_index):
            return FileInspection(decoded.sample, plan.header_index, plan.headers,
                                  {plan.headers[i]: name for name, i in plan.fields.items()},
                                  plan.layout.value, sheets, decoded.sheet)
        plan = None
    if plan is None:
        try:
            plan = plan_columns(decoded.sample, file_name)
        except ImportFileError:
            plan = None
    if header_index is None:
        header_index = plan.header_index if plan else None
    headers = [c.strip() for c in decoded.sample[header_index]] if header_index is not None else []
    fields = {}
    if plan and plan.header_index == header_index:
        fields = {plan.headers[i]: name for name, i in plan.fields.items()}
    return FileInspection(decoded.sample, header_index, headers, fields,
                          plan.layout.value if plan and plan.layout else None, sheets, decoded.sheet)


def mapping_fields(layout: str | None) -> list[str]:
    """The fields the mapping form offers for a file of this layout (campaign files have their own)."""
    found = registry.find(layout) if layout else None
    return list(found.fields) if found is not None and found.municipal else list(FIELDS_FOR_MAPPING)


def sheet_names(data: bytes, settings: Settings | None = None) -> list[str]:
    """The sheets of an XLSX workbook, read from its workbook part alone (:func:`.limits.sheet_names`)."""
    try:
        return limits.sheet_names(data, settings.limits if settings else None)
    except ValueError:
        return []
