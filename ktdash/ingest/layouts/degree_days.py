"""Newer months of the station degree days (issue 14): DWD's own monthly degree-day files and the IWU
workbook's table, through the same import as energy data — detect → read (DuckDB ``read_csv``) → map →
check → preview → commit, with undo.

Formats (what the sources say: ``ktdash/analytics/reference/climate/README.md``, section *Newer months*)

``DWD hdd_3807`` (:attr:`DegreeDayLayout.DWD`)
    DWD Climate Data Center, ``derived_germany/techn/monthly/heating_degreedays/hdd_3807/{recent,historical}/
    gradtage_YYYYMM.csv``: one file per month, a row per station. Three lines of text above the header; the
    header line starts with ``#ID``; ``;`` between cells, cells padded with blanks, decimal point, ASCII station
    names. Columns: ``#ID`` (station id, as in ``climate_stations``), ``Station``, ``geogr. Breite``, ``geogr.
    Laenge``, ``Monat`` (``YYYYMM``), ``Anzahl Tage`` (days of the month with a daily mean temperature),
    ``Monatsgradtage`` (G20/15 after VDI 3807, Kd), ``Anzahl Heiztage`` (days with a daily mean below 15 °C).
    Missing values are written ``-999`` (also read: ``-9999``, ``-99.9``). The header is found by its cells
    (``#ID`` and ``Monatsgradtage``) in the first 40 lines, so the text above it does not matter; a file
    without ``Monat`` takes the month from its name (``gradtage_YYYYMM.csv``).
    Stored: G20/15 = ``Monatsgradtage``, heating days = ``Anzahl Heiztage``, completeness = ``Anzahl Tage`` ÷
    days of the month; no temperatures (the file has none).

``IWU Data.TA.HD`` (:attr:`DegreeDayLayout.IWU`)
    IWU's workbook "Gradtagzahlen-Deutschland.xlsx", sheet ``Data.TA.HD`` (chosen by itself when the workbook
    has it), or that sheet saved as CSV: header in the first line (``ID_Data``, ``Code_DataType``,
    ``ID_Station``, …, ``Code_Quantity``, ``Unit_Quantity``, ``M_LTA_01`` … ``M_LTA_12``, then ``M_1991_01`` …
    one column per month), one row per station and quantity. Rows of ``Code_DataType`` ``MET`` (measured,
    DWD stations) with ``Code_Quantity`` ``TA`` (monthly mean temperature), ``TA_15`` (mean over heating days),
    ``HD_15`` (heating days, daily mean at or below 15 °C) and ``CT`` (completeness, 0 … 1) are used; the
    other quantities, the long-term means (``M_LTA_*``) and the standard climates (``STD``) are not. Empty cells
    are missing values; a month without observations has ``CT`` 0. Stored as the shipped data:
    G20/15 = ``HD_15`` × (20 − ``TA_15``), rounded to 0.1 Kd (0 when ``HD_15`` is 0).

Checks (rejected rows, stable codes, :data:`REJECTION_CODES`): a station not in ``climate_stations``
(``unknown_station``), a month that cannot be read or is not over yet (``bad_month``), G20/15 below 0 or above
1000 Kd (``degree_days_out_of_range``), heating days or observed days outside the month
(``heating_days_out_of_range``, ``observed_days_out_of_range``), a cell that is no number (``not_a_number``),
the same station and month twice with other values (``duplicate_conflict``). A rejected row stores nothing of
its station's months (IWU: of the station, whose months come from several rows).

Preview: per station (its name from ``climate_stations``) the months new, replaced (with old → new value,
:attr:`ImportPreview.changes`) and unchanged, the months stored below ``climate_settings.min_completeness``
and the months without value (DWD's missing markers, IWU months without observations), which are not stored.

Commit, in one transaction: the months new or changed are written to ``station_degree_days`` with the import's
number and a ``source`` naming the product and the file; a month stored before (shipped or imported) is
replaced and kept in ``station_degree_day_versions`` (:mod:`.versions`: undo brings it back exactly); then the
long-term means (:func:`ktdash.analytics.climate.refresh_normals`) and the yearly rollup of every building
(:func:`ktdash.analytics.rollup.refresh_all`) are rebuilt, the import and its audit row written and the data version
bumped. A file whose months are all stored with these values changes nothing (the preview says so).

Degree days belong to no municipality: the import's ``imports.municipality_key`` is :data:`NO_MUNICIPALITY`
(the empty text, which no municipality and no manager has), its audit row has none; importing and undoing
them is an admin's action (``edit_factors``, :func:`require_right`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ktdash.access import audit
from ktdash.i18n import texts
from ktdash.core.domain import DegreeDayLayout, fold
from ktdash.core.formatting import format_month, format_number
from ktdash.store.connection import bump_data_version, next_id, transaction
from ktdash.ingest import sql, stage, versions
from ktdash.ingest.registry import LayoutSpec, register
from ktdash.ingest.decode import DecodedFile
from ktdash.ingest.results import ImportFileError, ImportPreview, ImportResult, Note
from ktdash.ingest.sql import Fragment, detect_decimal_style, fragment, join, number_macro, q

LAYOUTS = tuple(DegreeDayLayout)
LAYOUT_VALUES = frozenset(layout.value for layout in DegreeDayLayout)
NO_MUNICIPALITY = ""  # imports.municipality_key of a degree-day import: it belongs to no municipality
IWU_SHEET = "Data.TA.HD"
MAX_KD_PER_MONTH = 1000.0
MISSING_MARKERS = (-999.0, -9999.0, -99.9)  # DWD's markers of a missing value
IWU_QUANTITIES = ("TA", "TA_15", "HD_15", "CT")
PRODUCTS = {
    DegreeDayLayout.DWD: "DWD CDC Gradtage nach VDI 3807 (derived_germany/techn/monthly/heating_degreedays/hdd_3807)",
    DegreeDayLayout.IWU: "IWU Gradtagzahlen-Deutschland, Tabelle Data.TA.HD (DWD-Daten, CC BY 4.0)",
}
REJECTION_CODES = ("unknown_station", "bad_month", "degree_days_out_of_range", "heating_days_out_of_range",
                   "observed_days_out_of_range", "not_a_number", "missing_value", "duplicate_conflict")

# (version table, current table, key columns, value columns, column of the import): ktdash.ingest.versions
KIND = ("station_degree_day_versions", "station_degree_days", ("station_id", "month"),
        ("g20_15_kd", "heating_days", "ta_mean_c", "ta_heating_days_c", "completeness", "source"), "import_id")

DWD_HEADERS: dict[str, tuple[str, ...]] = {
    "station_id": ("#ID", "ID", "Stations_ID", "Stationsindex"),
    "station_name": ("Station", "Stationsname"),
    "latitude": ("geogr. Breite",),
    "longitude": ("geogr. Laenge",),
    "month": ("Monat",),
    "observed_days": ("Anzahl Tage",),
    "degree_days": ("Monatsgradtage",),
    "heating_days": ("Anzahl Heiztage",),
}
IWU_HEADERS: dict[str, tuple[str, ...]] = {
    "data_id": ("ID_Data",),
    "data_type": ("Code_DataType",),
    "station_id": ("ID_Station",),
    "station_name": ("Name_Station",),
    "quantity": ("Code_Quantity",),
    "unit": ("Unit_Quantity",),
}
REQUIRED = {DegreeDayLayout.DWD: ("station_id", "degree_days", "observed_days"),
            DegreeDayLayout.IWU: ("station_id", "quantity")}
IWU_MONTH = re.compile(r"^M_(\d{4})_(\d{2})$")
FILE_MONTH = re.compile(r"gradtage_(\d{4})(\d{2})", re.I)
_LOOKUP = {layout: {fold(name): key for key, names in headers.items() for name in names}
           for layout, headers in ((DegreeDayLayout.DWD, DWD_HEADERS), (DegreeDayLayout.IWU, IWU_HEADERS))}


@dataclass
class DegreeDayPlan:
    """Where the fields of a degree-day file are (0-based column indexes of the header line)."""

    layout: DegreeDayLayout
    header_index: int
    headers: list[str]
    fields: dict[str, int]
    months: dict[date, int] = field(default_factory=dict)  # IWU: month → column
    file_month: date | None = None  # DWD: the month of the file name (gradtage_YYYYMM.csv)
    ignored: list[str] = field(default_factory=list)

    def header_of(self, name: str) -> str:
        """The column a rejection names: the file's header of field ``name``, else the field's code (worded in
        the reader's language by :meth:`ktdash.ingest.results.ImportPreview.rejected_frame`)."""
        return self.headers[self.fields[name]] if name in self.fields else name


# --- detect ---------------------------------------------------------------------------------------------------

def detect(sample: list[list[str]], file_name: str = "", layouts=LAYOUTS) -> DegreeDayPlan | None:
    """The plan of a DWD hdd_3807 file or of the IWU table (of one of ``layouts``), from the header line (in the
    first 40 lines)."""
    for index, row in enumerate(sample[:40]):
        cells = [(c or "").strip() for c in row]
        folded = [fold(c) for c in cells]
        for layout in layouts:
            fields: dict[str, int] = {}
            for column, name in enumerate(folded):
                key = _LOOKUP[layout].get(name)
                if key and key not in fields:
                    fields[key] = column
            months = {}
            if layout == DegreeDayLayout.IWU:
                for column, cell in enumerate(cells):
                    match = IWU_MONTH.match(cell)
                    if match and 1 <= int(match.group(2)) <= 12:
                        months.setdefault(date(int(match.group(1)), int(match.group(2)), 1), column)
                if not ("station_id" in fields and "quantity" in fields and months):
                    continue
            elif not ("station_id" in fields and "degree_days" in fields):
                continue
            used = set(fields.values()) | set(months.values())
            plan = DegreeDayPlan(layout=layout, header_index=index, headers=cells, fields=fields, months=months,
                                 ignored=[c for i, c in enumerate(cells) if c and i not in used])
            match = FILE_MONTH.search(Path(file_name).name)
            if match and 1 <= int(match.group(2)) <= 12:
                plan.file_month = date(int(match.group(1)), int(match.group(2)), 1)
            return plan
    return None


def check_required(plan: DegreeDayPlan, file_name: str) -> None:
    for name in REQUIRED[plan.layout]:
        if name not in plan.fields:
            raise ImportFileError("missing_column", file_name, column=name,
                                  value=str(plan.header_index + 1))
    if plan.layout == DegreeDayLayout.DWD and "month" not in plan.fields and plan.file_month is None:
        raise ImportFileError("degree_days_no_month", file_name)


def default_sheet(data, file_name: str = "") -> str | None:
    """``Data.TA.HD`` when ``data`` (bytes or a path) is an XLSX workbook with that sheet (IWU's workbook,
    whose first sheets are forms), else None (the first sheet)."""
    try:
        if isinstance(data, (bytes, bytearray, memoryview)):
            head, source = bytes(data[:4]), data
        else:
            with Path(data).open("rb") as fh:
                head = fh.read(4)
            source = Path(data)
    except (OSError, TypeError):
        return None
    if head != b"PK\x03\x04":
        return None
    from ktdash.ingest.limits import sheet_names

    try:  # the workbook part alone, with a streaming parser (issue 15: never openpyxl on an unchecked file)
        return IWU_SHEET if IWU_SHEET in sheet_names(source) else None
    except ValueError:  # decode_file names the problem
        return None


# --- read, map, check, preview ----------------------------------------------------------------------------

def prepare(con, decoded: DecodedFile, plan: DegreeDayPlan, *, settings, today: date) -> ImportPreview:
    """Read and check a degree-day file on temporary tables of ``con``; the preview. Nothing is stored."""
    try:
        check_required(plan, decoded.file_name)
        sql.install(con, settings)
        stage.reset(con)
        decoded = stage.read_raw(con, decoded)  # DuckDB read_csv: every line as text cells c0 … cN
    finally:
        decoded.cleanup()
    used = sorted(set(plan.fields.values()) | set(plan.months.values()))
    not_empty = "coalesce(" + ", ".join(f"kt_clean(c{i})" for i in used) + ") IS NOT NULL"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE kt_body AS
                    SELECT * FROM kt_raw WHERE line_no > $header_line AND {not_empty}""",
                {"header_line": plan.header_index + 1})
    rows_read = con.execute("SELECT count(*) FROM kt_body").fetchone()[0]
    if rows_read == 0:
        raise ImportFileError("header_only", decoded.file_name)
    con.execute(f"CREATE OR REPLACE TEMP MACRO kt_dd_marker(v) AS v IN ({', '.join(map(str, MISSING_MARKERS))})")
    con.execute(r"""CREATE OR REPLACE TEMP MACRO kt_dd_station(s) AS CASE
                        WHEN regexp_full_match(s, '\d{1,9}([.,]0+)?')
                        THEN TRY_CAST(regexp_extract(s, '^(\d+)', 1) AS INTEGER) END""")
    notes: list[Note] = []
    value_columns = ([f"c{plan.fields[f]}" for f in ("degree_days", "observed_days", "heating_days")
                      if f in plan.fields]
                     if plan.layout == DegreeDayLayout.DWD else [f"c{i}" for i in plan.months.values()])
    # the IWU table has some 5 million cells: its first 500 rows tell the decimal mark
    style = "point" if decoded.encoding == "xlsx" else detect_decimal_style(
        con, "kt_body" if plan.layout == DegreeDayLayout.DWD else "(SELECT * FROM kt_body ORDER BY line_no LIMIT 500)",
        value_columns, decoded.delimiter)
    number_macro(con, style)
    notes.append(Note.of("note_decimal", style=Note.of("decimal_comma" if style == "comma" else "decimal_point")))
    if plan.layout == DegreeDayLayout.DWD:
        checks = _stage_dwd(con, plan, today, notes)
    else:
        checks = _stage_iwu(con, plan, today, notes)
    ("CREATE OR REPLACE TEMP TABLE kt_rejects AS " + join(checks)).execute(con)
    # the same station and month twice with other values; identical repetitions count once
    duplicates = _duplicates(con, plan)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_dd_valid AS
        SELECT m.station_id, m.month, m.g20_15_kd, m.heating_days, m.ta_mean_c, m.ta_heating_days_c, m.completeness,
               m.line_no
        FROM kt_dd_month m
        WHERE m.g20_15_kd IS NOT NULL AND m.month IS NOT NULL
          AND m.station_id IN (SELECT station_id FROM climate_stations)
          AND NOT EXISTS (SELECT 1 FROM kt_rejects r WHERE list_contains(m.lines, r.line_no))
        QUALIFY row_number() OVER (PARTITION BY m.station_id, m.month ORDER BY m.line_no) = 1""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_dd_status AS
        SELECT v.*, s.name AS station, d.g20_15_kd AS old_kd, d.completeness AS old_completeness,
               d.source AS old_source, d.import_id AS old_import,
               CASE WHEN d.station_id IS NULL THEN 'new' WHEN {differs(plan.layout)} THEN 'replaced'
                    ELSE 'unchanged' END AS status,
               coalesce(v.completeness, 1) < cs.min_completeness AS incomplete,
               coalesce(d.completeness, 1) >= cs.min_completeness AS old_complete
        FROM kt_dd_valid v JOIN climate_stations s USING (station_id)
        LEFT JOIN station_degree_days d USING (station_id, month), climate_settings cs""")
    return _preview(con, decoded, plan, rows_read, duplicates, notes)


def differs(layout: DegreeDayLayout | str, v: str = "v", d: str = "d") -> str:
    """SQL: the file's month (``v``) has other values than the stored one (``d``) — in the columns the format
    gives (DWD: no temperatures)."""
    columns = ["g20_15_kd", "heating_days", "completeness"]
    if DegreeDayLayout(layout) == DegreeDayLayout.IWU:
        columns += ["ta_mean_c", "ta_heating_days_c"]
    return "(" + " OR ".join(f"({v}.{c} IS DISTINCT FROM {d}.{c} AND coalesce(abs({v}.{c} - {d}.{c}) > 1e-9, true))"
                             for c in columns) + ")"


def _cell(plan: DegreeDayPlan, name: str) -> str:
    return f"kt_clean(c{plan.fields[name]})" if name in plan.fields else "CAST(NULL AS VARCHAR)"  # 1.x: NULL is INTEGER


def _reject(where: str, column: str, value: str, code: str, detail: str = "NULL", table: str = "kt_dd_rec",
            **params) -> Fragment:
    """A check (as :func:`ktdash.ingest.layouts.campaign_base.reject`): ``column``, the file's header, goes in as
    the parameter ``$column``; ``params`` are further parameters ``$name`` of ``where`` and ``detail``."""
    return fragment(f"SELECT line_no, CAST($column AS VARCHAR) AS column_name, CAST({value} AS VARCHAR) AS value, "
                    f"{q(code)} AS code, CAST({detail} AS VARCHAR) AS detail FROM {table} WHERE {where}",
                    column=column, **params)


def _month_over(month: str) -> str:
    """SQL: the month has ended before the parameter ``$today`` (a month still running has no final value)."""
    return f"last_day({month}) < CAST($today AS DATE)"


TODAY_MONTH = "strftime(CAST($today AS DATE), '%m.%Y')"  # SQL: the month running (the detail of bad_month)


MONTH_TEXT = "strftime({}, '%m.%Y')"


def _stage_dwd(con, plan: DegreeDayPlan, today: date, notes: list[Note]) -> list[Fragment]:
    h = plan.header_of
    file_month = {}
    if "month" in plan.fields:
        raw = _cell(plan, "month")
        month = (rf"CASE WHEN regexp_full_match({raw}, '\d{{6}}') "
                 rf"THEN try_strptime({raw} || '01', '%Y%m%d')::DATE ELSE kt_month_start({raw}) END")
    else:  # the month of the file name (gradtage_YYYYMM.csv)
        raw, month = "CAST($file_month_raw AS VARCHAR)", "CAST($file_month AS DATE)"
        file_month = {"file_month_raw": plan.file_month.strftime("%Y%m"), "file_month": plan.file_month}
        notes.append(Note.of("note_degree_days_month_from_name", month=plan.file_month.strftime("%m.%Y")))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_dd_rec AS
        SELECT line_no, {_cell(plan, 'station_id')} AS station_raw,
               kt_dd_station({_cell(plan, 'station_id')}) AS station_id,
               {_cell(plan, 'station_name')} AS name_raw, {raw} AS month_raw, {month} AS month,
               {_cell(plan, 'observed_days')} AS days_raw, kt_num({_cell(plan, 'observed_days')}) AS days,
               {_cell(plan, 'degree_days')} AS g_raw, kt_num({_cell(plan, 'degree_days')}) AS g,
               {_cell(plan, 'heating_days')} AS hd_raw, kt_num({_cell(plan, 'heating_days')}) AS hd
        FROM kt_body""", file_month)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_dd_lines AS
        SELECT line_no, station_id, station_raw, name_raw, true AS used FROM kt_dd_rec""")
    # a missing marker (or an empty cell) in Monatsgradtage or Anzahl Tage: the month has no value (not stored)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_dd_month AS
        SELECT line_no, station_id, month,
               CASE WHEN NOT kt_dd_marker(g) AND NOT kt_dd_marker(days) AND days IS NOT NULL THEN g END AS g20_15_kd,
               CASE WHEN NOT kt_dd_marker(hd) THEN hd END AS heating_days,
               NULL::DOUBLE AS ta_mean_c, NULL::DOUBLE AS ta_heating_days_c,
               CASE WHEN NOT kt_dd_marker(days) THEN days / day(last_day(month)) END AS completeness,
               [line_no] AS lines
        FROM kt_dd_rec""")
    days_in_month = "day(last_day(month))"
    where = "CAST(station_id AS VARCHAR) || ', ' || " + MONTH_TEXT.format("month")
    return [
        _reject("station_raw IS NULL", h("station_id"), "NULL", "missing_value"),
        _reject("station_raw IS NOT NULL AND (station_id IS NULL OR station_id NOT IN "
                "(SELECT station_id FROM climate_stations))", h("station_id"), "station_raw", "unknown_station",
                "coalesce(name_raw, '–')"),
        _reject(f"month IS NULL OR year(month) < 1881 OR NOT {_month_over('month')}", h("month"),
                "month_raw", "bad_month", TODAY_MONTH, today=today),
        _reject("g_raw IS NOT NULL AND g IS NULL", h("degree_days"), "g_raw", "not_a_number"),
        _reject(f"NOT kt_dd_marker(g) AND (g < 0 OR g > {MAX_KD_PER_MONTH})", h("degree_days"), "g_raw",
                "degree_days_out_of_range", where),
        _reject("days_raw IS NOT NULL AND days IS NULL", h("observed_days"), "days_raw", "not_a_number"),
        _reject(f"NOT kt_dd_marker(days) AND (days < 0 OR days > {days_in_month} OR days <> round(days))",
                h("observed_days"), "days_raw", "observed_days_out_of_range", where),
        _reject("hd_raw IS NOT NULL AND hd IS NULL", h("heating_days"), "hd_raw", "not_a_number"),
        _reject(f"NOT kt_dd_marker(hd) AND (hd < 0 OR hd > {days_in_month} OR hd <> round(hd) "
                "OR (NOT kt_dd_marker(days) AND hd > days))", h("heating_days"), "hd_raw",
                "heating_days_out_of_range", where),
    ]


def _stage_iwu(con, plan: DegreeDayPlan, today: date, notes: list[Note]) -> list[Fragment | str]:
    h = plan.header_of
    month_columns = sorted(plan.months.items())
    cols = ", ".join(f"c{i}" for _, i in month_columns)
    data_type = _cell(plan, "data_type")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_dd_lines AS
        SELECT line_no, {_cell(plan, 'station_id')} AS station_raw,
               kt_dd_station({_cell(plan, 'station_id')}) AS station_id,
               {_cell(plan, 'station_name')} AS name_raw, upper({_cell(plan, 'quantity')}) AS quantity,
               upper({data_type}) AS data_type,
               coalesce(upper({data_type}), 'MET') = 'MET'
                   AND upper({_cell(plan, 'quantity')}) IN ({', '.join(map(q, IWU_QUANTITIES))}) AS used,
               {cols}
        FROM kt_body""")
    standard, other = con.execute("""
        SELECT count(*) FILTER (WHERE coalesce(data_type, 'MET') <> 'MET'),
               count(*) FILTER (WHERE coalesce(data_type, 'MET') = 'MET' AND NOT used) FROM kt_dd_lines""").fetchone()
    if standard:
        notes.append(Note.of("note_degree_days_standard_rows", n=standard))
    if other:
        notes.append(Note.of("note_degree_days_other_quantities", n=other))
    con.execute("CREATE OR REPLACE TEMP TABLE kt_dd_month_cols (col VARCHAR, month DATE, header VARCHAR)")
    con.executemany("INSERT INTO kt_dd_month_cols VALUES (?, ?, ?)",
                    [(f"c{i}", month, plan.headers[i]) for month, i in month_columns])
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_dd_cells AS
        SELECT u.line_no, u.station_id, u.quantity, m.month, m.header, kt_clean(u.cell) AS raw,
               kt_num(kt_clean(u.cell)) AS value
        FROM (UNPIVOT (SELECT line_no, station_id, quantity, {cols} FROM kt_dd_lines
                       WHERE used AND station_id IS NOT NULL)
              ON {cols} INTO NAME col VALUE cell) u
        JOIN kt_dd_month_cols m ON m.col = u.col
        WHERE kt_clean(u.cell) IS NOT NULL""")
    # a month is G20/15 = HD_15 × (20 − TA_15) when observed (CT > 0); 0 without heating days
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_dd_station_lines AS
        SELECT station_id, list(line_no ORDER BY line_no) AS lines, min(line_no) FILTER (WHERE quantity = 'HD_15')
               AS hd_line
        FROM kt_dd_lines WHERE used AND station_id IS NOT NULL GROUP BY station_id""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_dd_iwu AS
        SELECT station_id, month, any_value(header) AS header,
               max(value) FILTER (WHERE quantity = 'HD_15') AS hd, max(value) FILTER (WHERE quantity = 'TA_15') AS ta15,
               max(value) FILTER (WHERE quantity = 'TA') AS ta, max(value) FILTER (WHERE quantity = 'CT') AS ct
        FROM kt_dd_cells GROUP BY station_id, month""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_dd_month AS
        SELECT coalesce(l.hd_line, l.lines[1]) AS line_no, i.station_id, i.month, i.header,
               CASE WHEN coalesce(i.ct, 0) <= 0 OR i.hd IS NULL THEN NULL
                    WHEN i.hd = 0 THEN 0.0
                    WHEN i.ta15 IS NULL THEN NULL
                    ELSE round(i.hd * (20 - i.ta15), 1) END AS g20_15_kd,
               CASE WHEN coalesce(i.ct, 0) > 0 THEN i.hd END AS heating_days,
               CASE WHEN coalesce(i.ct, 0) > 0 THEN i.ta END AS ta_mean_c,
               CASE WHEN coalesce(i.ct, 0) > 0 THEN i.ta15 END AS ta_heating_days_c,
               i.ct AS completeness, l.lines, i.hd, i.ta15
        FROM kt_dd_iwu i JOIN kt_dd_station_lines l USING (station_id)""")
    station_header = h("station_id")
    where = "CAST(station_id AS VARCHAR) || ', ' || " + MONTH_TEXT.format("month")
    return [
        _reject("used AND station_raw IS NULL", station_header, "NULL", "missing_value", table="kt_dd_lines"),
        _reject("used AND station_raw IS NOT NULL AND (station_id IS NULL OR station_id NOT IN "
                "(SELECT station_id FROM climate_stations))", station_header, "station_raw", "unknown_station",
                "coalesce(name_raw, '–')", table="kt_dd_lines"),
        "SELECT line_no, header, raw, 'not_a_number', NULL FROM kt_dd_cells WHERE value IS NULL",
        fragment(f"SELECT line_no, header, raw, 'bad_month', {TODAY_MONTH} FROM kt_dd_cells "
                 f"WHERE NOT {_month_over('month')}", today=today),
        f"SELECT line_no, header, raw, 'heating_days_out_of_range', {where} FROM kt_dd_cells "
        "WHERE quantity = 'HD_15' AND (value < 0 OR value > day(last_day(month)))",
        f"SELECT line_no, header, raw, 'observed_days_out_of_range', {where} FROM kt_dd_cells "
        "WHERE quantity = 'CT' AND (value < 0 OR value > 1)",
        f"SELECT line_no, header, CAST(g20_15_kd AS VARCHAR), 'degree_days_out_of_range', "
        f"{where} || ' (HD_15 ' || CAST(hd AS VARCHAR) || ', TA_15 ' || coalesce(CAST(ta15 AS VARCHAR), '–') || ')' "
        f"FROM kt_dd_month WHERE g20_15_kd < 0 OR g20_15_kd > {MAX_KD_PER_MONTH}",
    ]


def _duplicates(con, plan: DegreeDayPlan) -> int:
    """Reject a station month (DWD) or a station's quantity in a month (IWU) given twice with other values;
    returns the identical repetitions, which count once."""
    if plan.layout == DegreeDayLayout.DWD:
        column = plan.header_of("station_id")
        con.execute("""
            INSERT INTO kt_rejects
            SELECT line_no, $column, station_raw, 'duplicate_conflict', lines FROM (
                SELECT *, string_agg(CAST(line_no AS VARCHAR), ', ') OVER w AS lines,
                       count(DISTINCT (g, days, hd)) OVER w AS variants
                FROM kt_dd_rec WHERE station_id IS NOT NULL AND month IS NOT NULL
                  AND line_no NOT IN (SELECT line_no FROM kt_rejects)
                WINDOW w AS (PARTITION BY station_id, month))
            WHERE variants > 1""", {"column": column})
        return con.execute("""
            SELECT count(*) - count(DISTINCT (station_id, month)) FROM kt_dd_rec
            WHERE station_id IS NOT NULL AND month IS NOT NULL
              AND line_no NOT IN (SELECT line_no FROM kt_rejects)""").fetchone()[0]
    repeated = con.execute("""SELECT count(*) - count(DISTINCT (station_id, quantity)) FROM kt_dd_lines
                                WHERE used AND station_id IS NOT NULL""").fetchone()[0]
    if not repeated:
        return 0
    con.execute("""
        INSERT INTO kt_rejects
        SELECT line_no, header, raw, 'duplicate_conflict', lines FROM (
            SELECT *, string_agg(CAST(line_no AS VARCHAR), ', ') OVER w AS lines,
                   count(DISTINCT value) OVER w AS variants
            FROM kt_dd_cells WINDOW w AS (PARTITION BY station_id, quantity, month))
        WHERE variants > 1""")
    return repeated


def _preview(con, decoded: DecodedFile, plan: DegreeDayPlan, rows_read: int, duplicates: int,
             notes: list[Note]) -> ImportPreview:
    rejected = con.execute(
        "SELECT line_no, column_name, value, code, detail FROM kt_rejects ORDER BY line_no, code").df()
    counts = dict(con.execute("SELECT status, count(*) FROM kt_dd_status GROUP BY status").fetchall())
    new, replaced, unchanged = (int(counts.get(k, 0)) for k in ("new", "replaced", "unchanged"))
    incomplete = con.execute("SELECT count(*) FROM kt_dd_status WHERE incomplete").fetchone()[0]
    without_value = con.execute("""
        SELECT count(*) FROM kt_dd_month m WHERE m.g20_15_kd IS NULL AND m.month IS NOT NULL
          AND m.station_id IN (SELECT station_id FROM climate_stations)
          AND NOT EXISTS (SELECT 1 FROM kt_rejects r WHERE list_contains(m.lines, r.line_no))""").fetchone()[0]
    worse = con.execute("SELECT count(*) FROM kt_dd_status WHERE status = 'replaced' AND incomplete AND old_complete"
                        ).fetchone()[0]
    if worse:
        notes.append(Note.of("note_degree_days_incomplete_replaces_complete", n=worse))
    if new + replaced == 0 and unchanged and rejected.empty:
        notes.append(Note.of("degree_days_nothing_new", n=unchanged))
    preview = ImportPreview(
        file_name=decoded.file_name, sha256=decoded.sha256, municipality_key=NO_MUNICIPALITY,
        municipality=NO_MUNICIPALITY, encoding=decoded.encoding, delimiter=decoded.delimiter,
        sheet=decoded.sheet, layout=plan.layout.value, header_line=plan.header_index + 1,
        columns={name: plan.headers[index] for name, index in plan.fields.items()}
        | ({"months": f"{plan.headers[min(plan.months.values())]} … {plan.headers[max(plan.months.values())]}"}
           if plan.months else {}),
        ignored_columns=[c for c in plan.ignored if not c.startswith("M_LTA_")], notes=notes, rows_read=rows_read,
        rows_rejected=int(rejected["line_no"].nunique()) if len(rejected) else 0, records=new + replaced,
        records_replaced=replaced, records_changed=replaced, duplicates_ignored=int(duplicates), rejected=rejected,
    )
    preview.rows_valid = preview.rows_read - preview.rows_rejected
    preview.period_start, preview.period_end = con.execute(
        "SELECT min(month), last_day(max(month)) FROM kt_dd_valid").fetchone()
    preview.summary = {"stations": con.execute("SELECT count(DISTINCT station_id) FROM kt_dd_valid").fetchone()[0],
                       "months_new": new, "months_replaced": replaced, "months_unchanged": unchanged,
                       "months_incomplete": incomplete, "months_without_value": without_value}
    preview.stations = station_table(con)
    preview.changes = con.execute("""
        SELECT station_id, station, month, old_kd, g20_15_kd AS new_kd, old_completeness,
               completeness AS new_completeness, old_source
        FROM kt_dd_status WHERE status = 'replaced' ORDER BY station_id, month""").df()
    return preview


def station_table(con) -> pd.DataFrame:
    """Per station of the file: id, name (``climate_stations``, else the file's), months new / replaced /
    unchanged / incomplete (stored below the minimum completeness) / without value, rejected rows, and the
    incomplete months (the newest 12) as a list of ``{"month": date, "percent": completeness in % or None}``, None
    for a month without value: words for them in the reader's language by :func:`incomplete_months_text`."""
    return con.execute("""
        WITH lines AS (
            SELECT station_id, any_value(station_raw) AS station_raw, any_value(name_raw) AS name_raw,
                   list(line_no) AS lines
            FROM kt_dd_lines WHERE used AND station_raw IS NOT NULL GROUP BY station_id
        ), months AS (
            SELECT m.station_id, m.month, m.g20_15_kd IS NULL AS without_value, s.status, s.incomplete, s.completeness
            FROM kt_dd_month m LEFT JOIN kt_dd_status s USING (station_id, month)
            WHERE m.month IS NOT NULL
        ), listed AS (
            SELECT station_id, month,
                   CASE WHEN NOT without_value THEN CAST(round(completeness * 100) AS INTEGER) END AS percent
            FROM months WHERE incomplete OR (without_value AND month IN (
                SELECT month FROM kt_dd_month WHERE g20_15_kd IS NOT NULL))  -- months the file has for others
        )
        SELECT l.station_id, coalesce(st.name, l.name_raw, l.station_raw) AS station,
               count(m.month) FILTER (WHERE m.status = 'new') AS new,
               count(m.month) FILTER (WHERE m.status = 'replaced') AS replaced,
               count(m.month) FILTER (WHERE m.status = 'unchanged') AS unchanged,
               count(m.month) FILTER (WHERE m.incomplete) AS incomplete,
               count(m.month) FILTER (WHERE m.without_value AND m.status IS NULL) AS without_value,
               (SELECT count(DISTINCT r.line_no) FROM kt_rejects r WHERE list_contains(l.lines, r.line_no)) AS rejected,
               (SELECT list({'month': x.month, 'percent': x.percent} ORDER BY x.month DESC)
                FROM (SELECT * FROM listed li WHERE li.station_id IS NOT DISTINCT FROM l.station_id
                      ORDER BY li.month DESC LIMIT 12) x) AS incomplete_months
        FROM lines l LEFT JOIN climate_stations st USING (station_id)
        LEFT JOIN months m ON m.station_id = l.station_id
        GROUP BY l.station_id, st.name, l.name_raw, l.station_raw, l.lines
        ORDER BY l.station_id NULLS LAST, l.station_raw""").df()


def incomplete_months_text(months, lang: str = "de") -> str:
    """The incomplete months of :func:`station_table` in words: ``02.2026 (ohne Wert), 01.2026 (77 %)`` (German),
    ``2026-02 (no value), 2026-01 (77 %)`` (English); empty for none."""
    try:
        items = list(months)
    except TypeError:  # None, NA: no incomplete month
        return ""
    return ", ".join(
        f"{format_month(item['month'], lang)} ("
        + (texts.t("degree_days_no_value", lang) if item["percent"] is None
           else format_number(item["percent"], 0, lang, unit="%")) + ")"
        for item in items)


# --- commit, undo ---------------------------------------------------------------------------------------------

def require_right(con, user) -> None:
    """Importing degree days (and undoing such an import) is an admin's action (``edit_factors``): raises
    :class:`ktdash.access.permissions.NotAllowed` for anyone else. ``user`` is a
    :class:`ktdash.access.permissions.User` or an account name; a store without accounts is in set-up and its
    operator may (as for every change, ktdash.cli.main)."""
    from ktdash.access import accounts, permissions

    if isinstance(user, permissions.User):
        permissions.require(user, permissions.Action.EDIT_FACTORS)
        return
    if not accounts.has_accounts(con):
        return
    account = accounts.get_user(con, str(user)) if user else None
    permissions.require(account, permissions.Action.EDIT_FACTORS)


def commit(con, preview: ImportPreview, layout: DegreeDayLayout | str, user) -> ImportResult:
    """Store the months of ``kt_dd_valid`` that are new or changed (same connection as :func:`prepare`), in one
    transaction with the versions of the months they replace, the long-term means, the yearly rollup, the
    import row and its audit row. Raises :class:`ktdash.access.permissions.NotAllowed` (nothing stored) for a user who
    may not, :class:`ImportFileError` ``degree_days_unchanged`` when every month is stored with these values."""
    from ktdash.analytics import climate, rollup

    layout = DegreeDayLayout(layout)
    require_right(con, user)
    user_name = getattr(user, "name", user)
    source = f"{PRODUCTS[layout]}; Datei {preview.file_name}"
    with transaction(con):
        # against the store as it is now (another import may have come between preview and commit)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_dd_write AS
            SELECT v.*, d.station_id IS NOT NULL AS replaces FROM kt_dd_valid v
            LEFT JOIN station_degree_days d USING (station_id, month)
            WHERE d.station_id IS NULL OR {differs(layout)}""")
        written, replaced = con.execute("SELECT count(*), count(*) FILTER (WHERE replaces) FROM kt_dd_write"
                                        ).fetchone()
        if not written:
            raise ImportFileError("degree_days_unchanged", preview.file_name)
        import_id = next_id(con, "seq_import")
        corrections = _corrections(con)
        versions.keep_replaced(con, KIND, "SELECT station_id, month FROM kt_dd_write WHERE replaces", import_id)
        con.execute("""DELETE FROM station_degree_days USING kt_dd_write w
                       WHERE station_degree_days.station_id = w.station_id AND station_degree_days.month = w.month""")
        con.execute("""
            INSERT INTO station_degree_days (station_id, month, g20_15_kd, heating_days, ta_mean_c, ta_heating_days_c,
                                             completeness, source, import_id)
            SELECT station_id, month, g20_15_kd, heating_days, ta_mean_c, ta_heating_days_c, completeness,
                   $source, $import_id
            FROM kt_dd_write""", {"source": source, "import_id": import_id})
        climate.refresh_normals(con)
        rollup.refresh_all(con, yearly_only=True)
        con.execute(
            "INSERT INTO imports (import_id, user_name, municipality_key, file_name, sha256, layout, rows_stored, "
            "rows_rejected, rows_replaced, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed')",
            [import_id, user_name, NO_MUNICIPALITY, preview.file_name, preview.sha256, layout.value,
             preview.rows_valid, preview.rows_rejected, replaced])
        stations = [r[0] for r in con.execute("SELECT DISTINCT station_id FROM kt_dd_write ORDER BY 1").fetchall()]
        period = con.execute("SELECT strftime(min(month), '%m.%Y'), strftime(max(month), '%m.%Y') FROM kt_dd_write"
                             ).fetchone()
        detail = {"import_id": import_id, "file_name": preview.file_name, "layout": layout.value,
                  "rows_stored": preview.rows_valid, "rows_rejected": preview.rows_rejected,
                  "records_replaced": int(replaced), "months_stored": int(written), "stations": stations,
                  "period": f"{period[0]}–{period[1]}", "source": source}
        if replaced:  # the replaced months with old and new value (the first 20; all in the versions)
            detail["corrections"], detail["corrected"] = corrections[:20], int(replaced)
        audit.record(con, user_name, "import", None, object=str(import_id), sha256=preview.sha256, detail=detail)
        bump_data_version(con)
    return ImportResult(import_id=import_id, file_name=preview.file_name, rows_stored=preview.rows_valid,
                        records_stored=int(written), records_replaced=int(replaced),
                        records_changed=int(replaced), rows_rejected=preview.rows_rejected, new_buildings=[])


def _corrections(con) -> list[dict]:
    rows = con.execute("""
        SELECT w.station_id, strftime(w.month, '%m.%Y'), d.g20_15_kd, w.g20_15_kd, d.source
        FROM kt_dd_write w JOIN station_degree_days d USING (station_id, month)
        ORDER BY w.station_id, w.month LIMIT 20""").fetchall()
    return [{"station_id": s, "month": m, "old": old, "new": new, "unit": "Kd", "old_source": src}
            for s, m, old, new, src in rows]


def is_degree_day_import(con, import_id: int) -> bool:
    row = con.execute("SELECT layout FROM imports WHERE import_id = ?", [int(import_id)]).fetchone()
    return row is not None and row[0] in LAYOUT_VALUES


def undo_rows(con, import_id: int) -> dict[str, int]:
    """Inside the undo's transaction (:func:`ktdash.ingest.commit.undo`): remove the station months of one
    import and bring back the months it had replaced (shipped or of earlier imports, exactly as they were);
    then the long-term means and the yearly rollup of every building. Returns ``station_degree_days`` (months
    removed) and ``restored_station_degree_days`` (months brought back), nothing for another kind of import."""
    from ktdash.analytics import climate, rollup

    removed = con.execute("SELECT count(*) FROM station_degree_days WHERE import_id = ?", [import_id]).fetchone()[0]
    kept = con.execute("SELECT count(*) FROM station_degree_day_versions WHERE import_id = $id "
                       "OR replaced_by_import = $id", {"id": import_id}).fetchone()[0]
    if not removed and not kept and not is_degree_day_import(con, import_id):
        return {}
    restored = versions.undo(con, import_id, (KIND,))["station_degree_days"]
    climate.refresh_normals(con)
    rollup.refresh_all(con, yearly_only=True)
    return {"station_degree_days": int(removed)} | ({"restored_station_degree_days": restored} if restored else {})


# --- the registry ---------------------------------------------------------------------------------------------

def _detector(layout: DegreeDayLayout):
    def detect_layout(sample: list[list[str]], file_name: str = "", profile=None) -> DegreeDayPlan | None:
        if profile is not None and profile.layout is not None:  # a mapping profile names an energy or campaign file
            return None
        return detect(sample, file_name, (layout,))
    return detect_layout


SPECS = tuple(register(LayoutSpec(
    code=layout.value, label="layout_" + layout.value, family="degree_days", order=order, required=REQUIRED[layout],
    fields=tuple(DWD_HEADERS if layout == DegreeDayLayout.DWD else IWU_HEADERS), detect=_detector(layout),
    prepare=prepare, commit=commit, undo_rows=undo_rows, municipal=False, default_sheet=default_sheet))
    for order, layout in enumerate(LAYOUTS, start=1))
