"""Step 3 of an import: read the rows into DuckDB, convert them to canonical
records and check them — all in SQL, on temporary tables of the connection.

Tables made here (temporary, replaced by the next import on the connection):

* ``kt_raw``     every line of the file as text cells ``c0 … cN`` with its line number
                 (a view of ``kt_raw_rows``, the rows as DuckDB read them)
* ``kt_body``    the data lines: below the header, without empty and totals rows
* ``kt_rec``     one canonical record per value (a wide row gives up to 12)
* ``kt_rejects`` (line, column, value, code, detail) of every problem found
* ``kt_valid``   the records that will be stored: no problem on their line,
                 identical duplicates once
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ktdash.core.domain import Carrier, Category, Layout
import duckdb

from ktdash.ingest import clock
from ktdash.ingest.columns import GAS_QUALITY_FIELDS, ColumnPlan
from ktdash.ingest.decode import MAX_LINE_CHARS, DecodedFile, convert
from ktdash.ingest.profiles import MappingProfile
from ktdash.ingest.results import ImportFileError, Note
from ktdash.ingest.sql import TOTALS_ROW_PATTERN, detect_decimal_style, drop, given, number_macro, q

VALUE_FIELDS = ("reading", "consumption", "area", "cost")

# Plausible Zustandszahl and Brennwert (Hs, kWh/m³) of a gas bill; a row outside is rejected (ktdash.ingest.checks).
# Z = T_n/T_eff × p_eff/p_n (DVGW G 685) is about 0,85–1,0 from sea level to 1.500 m at the usual 20–50 mbar
# overpressure; Hs of the public network (DVGW G 260, 2nd gas family) spans about 8,4 (L-gas) to 13,1 (H-gas)
# kWh/m³. The margins catch a shifted decimal mark (9,650 for 0,9650) or a Heizwert entered as Z.
Z_RANGE = (0.80, 1.10)
HS_RANGE = (8.0, 13.5)


@dataclass
class StageContext:
    con: object
    plan: ColumnPlan
    profile: MappingProfile | None
    municipality_key: str
    today: date
    delimiter: str
    from_xlsx: bool
    notes: list[Note]
    interval_minutes: int | None = None
    forms: dict | None = None  # bulk path: the usual forms of date, time and number cells (ktdash.ingest.bulk)


def col(plan: ColumnPlan, name: str) -> str:
    return f"c{plan.fields[name]}"


def reset(con) -> None:
    """Drop the working tables and views of the connection's previous import (some are views in one path
    and tables in another, and CREATE OR REPLACE does not change the kind)."""
    for name in ("kt_raw", "kt_body", "kt_stage", "kt_rec", "kt_suspect", "kt_ok", "kt_valid", "kt_stage_all",
                 "kt_given"):
        drop(con, name)


def read_raw(con, decoded: DecodedFile) -> DecodedFile:
    """``kt_raw``: every row of the file as text cells ``c0 … cN`` with its file line ``line_no`` (a view of
    the table ``kt_raw_rows``). Returns the file as read (see :func:`read_table`)."""
    decoded = read_table(con, decoded, "kt_raw_rows", "SELECT * FROM {source}")
    drop(con, "kt_raw")
    con.execute(f"CREATE TEMP VIEW kt_raw AS SELECT {decoded.line_no_sql('rowid')} AS line_no, * FROM kt_raw_rows")
    return decoded


def read_table(con, decoded: DecodedFile, table: str, select: str) -> DecodedFile:
    """Temporary table ``table`` from ``select`` over the rows of the file (``{source}``: the read_csv call,
    every cell text ``c0 … cN``); ``select`` must keep every row in order (no filter, no join).

    DuckDB reads in parallel; the table keeps the file's order (order preservation of CSV scans into a
    table), so a row's ``rowid`` gives its line (:meth:`DecodedFile.line_no_sql`). A file handed on as it is
    (``decoded.direct``) that DuckDB cannot read that way, or whose rows do not add up to its lines, is
    converted and read again. Returns the file as read (the converted one after a conversion).
    """
    try:
        return _read_table(con, decoded, table, select)
    except duckdb.OutOfMemoryException as exc:  # issue 15: DuckDB's memory_limit (the import budget) reached
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        raise ImportFileError("import_memory", decoded.file_name, detail=str(limit)) from exc


def _read_table(con, decoded: DecodedFile, table: str, select: str) -> DecodedFile:
    if decoded.direct:
        try:
            _read(con, decoded, table, select, parallel=True, max_line_size=MAX_LINE_CHARS + 2)
            rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except duckdb.OutOfMemoryException:
            raise
        except (duckdb.Error, UnicodeDecodeError):  # 1.5: an error text cut inside a UTF-8 character
            rows = None
        decoded.finish()
        if rows == decoded.expected_rows:
            return decoded
        decoded = convert(decoded)
    try:
        _read(con, decoded, table, select, parallel=True)
    except duckdb.OutOfMemoryException:
        raise
    except (duckdb.Error, UnicodeDecodeError):  # quoted line breaks: only the single-threaded reader knows rows
        _read(con, decoded, table, select, parallel=False)
    return decoded


def _read(con, decoded: DecodedFile, table: str, select: str, parallel: bool, max_line_size: int | None = None):
    width = decoded.n_columns + 4
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    limit = f", max_line_size = {max_line_size}" if max_line_size else ""
    # the path and the delimiter (one of decode.DELIMITERS) go in as parameters: DuckDB 2.0's read_csv takes them
    source = ("read_csv($path, header = false, delim = $delimiter, quote = '\"', "
              f"escape = '\"', null_padding = true, strict_mode = false, auto_detect = false, "
              f"parallel = {str(parallel).lower()}, columns = {columns}{limit})")
    drop(con, table)
    con.execute(f"CREATE TEMP TABLE {table} AS " + select.replace("{source}", source),
                {"path": str(decoded.text_path), "delimiter": decoded.delimiter})


WIDE_FILE_COLUMNS = 1000  # from this width on, kt_body keeps only the columns the plan reads (make_body)


def make_body(ctx: StageContext) -> int:
    """Data lines below the header; returns the number of totals rows skipped."""
    plan = ctx.plan
    used = sorted(set(plan.fields.values()) | set(plan.months.values()))
    not_empty = "coalesce(" + ", ".join(f"kt_clean(c{i})" for i in used) + ") IS NOT NULL"
    label = col(plan, "building") if "building" in plan.fields else "c0"
    is_total = f"coalesce(regexp_matches(lower(kt_clean({label})), {q(TOTALS_ROW_PATTERN)}), false)"
    header_line = plan.header_index + 1
    # a wide file keeps only the columns the plan reads: DuckDB 1.5 gives each column of a new table its own
    # buffers, and a copy of all 10,000 columns of a 3-line file took the whole import budget (tests/test_wide_files)
    width = ctx.con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'kt_raw'").fetchone()[0]
    cells = "*" if width <= WIDE_FILE_COLUMNS else "line_no, " + ", ".join(f"c{i}" for i in sorted({0, *used}))
    ctx.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_body AS
        SELECT {cells}, {is_total} AS is_total FROM kt_raw WHERE line_no > {header_line} AND {not_empty}
    """)
    totals = ctx.con.execute("SELECT count(*) FROM kt_body WHERE is_total").fetchone()[0]
    ctx.con.execute("DELETE FROM kt_body WHERE is_total")
    return totals


def choose_number_format(ctx: StageContext) -> str:
    plan = ctx.plan
    style = ctx.profile.decimal if ctx.profile and ctx.profile.decimal != "auto" else None
    if style is None and ctx.from_xlsx:
        style = "point"
    if style is None:
        columns = [col(plan, f) for f in VALUE_FIELDS if f in plan.fields] + [f"c{i}" for i in plan.months.values()]
        style = detect_decimal_style(ctx.con, "kt_body", columns, ctx.delimiter)
    number_macro(ctx.con, style)
    return style


# --- expressions for the canonical fields ---------------------------------------------------------------

def text_expr(ctx: StageContext, name: str) -> str:
    """A field from its column, else from the lines above the header, else from the profile, else NULL."""
    plan = ctx.plan
    if name in plan.fields:
        return f"kt_clean({col(plan, name)})"
    if name in plan.preamble:
        return given(ctx.con, f"preamble:{name}", plan.preamble[name])
    default = getattr(ctx.profile, name, None) if ctx.profile else None
    return given(ctx.con, f"profile:{name}", default) if default else "NULL"


def unit_expr(ctx: StageContext, value_field: str) -> str:
    plan = ctx.plan
    if "unit" in plan.fields or "unit" in plan.preamble:
        return text_expr(ctx, "unit")
    if value_field in plan.unit_hints:
        return given(ctx.con, f"unit_hint:{value_field}", plan.unit_hints[value_field])
    if ctx.profile and ctx.profile.unit:
        return given(ctx.con, "profile:unit", ctx.profile.unit)
    return "NULL"


def header(ctx: StageContext, name: str) -> str:
    """The column a rejection names: the file's header of field ``name``, else the field's code, which
    :meth:`ktdash.ingest.results.ImportPreview.rejected_frame` names in the reader's language."""
    plan = ctx.plan
    if name in plan.fields:
        return plan.header_of(name)
    return name


def header_sql(ctx: StageContext, name: str) -> str:
    """SQL of :func:`header` (the text goes in as a parameter, :func:`ktdash.ingest.sql.given`)."""
    return given(ctx.con, f"header:{name}", header(ctx, name))


# --- the layouts ------------------------------------------------------------------------------------------

def stage_records(ctx: StageContext) -> None:
    layout = ctx.plan.layout
    if layout == Layout.BUILDINGS:
        _stage_buildings(ctx)
        return
    elif layout == Layout.WIDE:
        _stage_wide(ctx)
    elif layout == Layout.PERIODS:
        _stage_periods(ctx)
    else:
        _stage_meter_values(ctx)
    gas_quality(ctx)


def has_gas_quality(plan: ColumnPlan) -> bool:
    """Whether the file has a Zustandszahl or Brennwert column."""
    return any(name in plan.fields for name in GAS_QUALITY_FIELDS)


def gas_defaults(con) -> tuple[float, float]:
    """(Zustandszahl, Brennwert Hs in kWh/m³) a gas row without its own is converted with (the settings)."""
    return con.execute("SELECT kt_gas_z(), kt_gas_hs()").fetchone()


def gas_quality(ctx: StageContext) -> None:
    """Natural gas in m³ with the Zustandszahl and Brennwert of its own row (DVGW G 685: kWh = m³ × Z × Hs).

    Where the file has a Zustandszahl and/or Brennwert column, every record gets ``z_raw``, ``z``, ``hs_raw``,
    ``hs`` (the cells, read with either decimal mark) and, when it is Erdgas in m³, ``row_factor`` = (its Z,
    else the default Z) × (its Hs, else the default Hs): an empty cell means the default for that row.
    Period consumptions are converted with it (``factor``, stored in ``consumptions.factor``); meter values
    keep ``factor`` (the meter's, from the settings) and store ``row_factor`` with the reading
    (``readings.factor``, migration 011), by which the rollup converts the difference up to that reading.
    Implausible values are rejected (:data:`Z_RANGE`, :data:`HS_RANGE`, :mod:`.checks`)."""
    plan = ctx.plan
    if not has_gas_quality(plan):
        return
    cells = {name: f"kt_clean(b.{col(plan, name)})" if name in plan.fields else "NULL" for name in GAS_QUALITY_FIELDS}
    gas_m3 = f"r.carrier = {q(Carrier.ERDGAS.value)} AND r.unit = 'm3'"
    row_factor = f"CASE WHEN {gas_m3} THEN coalesce(g.z, kt_gas_z()) * coalesce(g.hs, kt_gas_hs()) END"
    periods = plan.layout in (Layout.PERIODS, Layout.WIDE)
    ctx.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT r.* {'REPLACE (coalesce(' + row_factor + ', r.factor) AS factor)' if periods else ''},
               g.z_raw, g.z, g.hs_raw, g.hs, {row_factor} AS row_factor
        FROM kt_rec r LEFT JOIN (
            SELECT line_no, {cells['z_number']} AS z_raw, kt_gas_num({cells['z_number']}) AS z,
                   {cells['calorific_value']} AS hs_raw, kt_gas_num({cells['calorific_value']}) AS hs
            FROM kt_body b) g USING (line_no)
        ORDER BY r.line_no
    """)


def _carrier_unit_join(ctx: StageContext, value_field: str) -> tuple[str, str]:
    """Columns carrier_raw, carrier, unit_raw, unit and the joins to the synonym tables.

    Defaults where the file says nothing: a load profile is electricity; the unit is kWh
    (m³ for water). Each assumption becomes a note in the preview.
    """
    carrier_raw = text_expr(ctx, "carrier")
    if carrier_raw == "NULL" and ctx.plan.layout == Layout.LOAD_PROFILE:
        carrier_raw = q(Carrier.STROM.value)
        ctx.notes.append(Note.of("note_carrier_assumed", carrier=Carrier.STROM.value))
    unit_raw = unit_expr(ctx, value_field)
    if unit_raw == "NULL":
        ctx.notes.append(Note.of("note_unit_assumed", unit=Note.of("unit_assumed_default")))
    select = f"""
        {carrier_raw} AS carrier_raw, ca.value AS carrier, CAST({unit_raw} AS VARCHAR) AS unit_raw,
        coalesce(un.value, CASE WHEN {unit_raw} IS NULL THEN
            CASE WHEN ca.value = 'Wasser' THEN 'm3' ELSE 'kWh' END END) AS unit"""
    joins = f"""
        LEFT JOIN kt_carriers ca ON ca.folded = kt_fold({carrier_raw})
        LEFT JOIN kt_units un ON un.folded = kt_fold({unit_raw})"""
    return select, joins


def _with_factor(table: str) -> str:
    return f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT r.*, f.factor, f.canonical_unit FROM {table} r
        LEFT JOIN kt_factors f ON f.carrier = r.carrier AND f.unit = r.unit"""


def _stage_buildings(ctx: StageContext) -> None:
    """Master data of buildings. The optional postcode column (PLZ) gives ``postcode_given`` (the file has the
    column: its cells replace the stored postcodes, an empty cell = the building follows its municipality's
    postcode; without the column the stored postcodes stay), ``postcode_raw`` and ``postcode`` (five digits,
    else NULL; checked against the store's postcodes in :mod:`.checks`)."""
    category = text_expr(ctx, "category")
    area = text_expr(ctx, "area")
    year = text_expr(ctx, "year_built")
    postcode = f"kt_clean({col(ctx.plan, 'postcode')})" if "postcode" in ctx.plan.fields else "NULL"
    ctx.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT b.line_no, {text_expr(ctx, 'building')} AS building,
               {category} AS category_raw, coalesce(cat.value, CASE WHEN {category} IS NULL THEN
                   {q(Category.SONSTIGES.value)} END) AS category,
               {area} AS area_raw, kt_num({area}) AS area,
               {year} AS year_raw, kt_year({year}) AS year_built,
               {'true' if postcode != 'NULL' else 'false'} AS postcode_given,
               CAST({postcode} AS VARCHAR) AS postcode_raw,
               CAST(CASE WHEN regexp_full_match({postcode}, '[0-9]{{5}}') THEN {postcode} END AS VARCHAR) AS postcode
        FROM kt_body b LEFT JOIN kt_categories cat ON cat.folded = kt_fold({category})
    """)


def _stage_periods(ctx: StageContext) -> None:
    plan = ctx.plan
    f = plan.fields
    select, joins = _carrier_unit_join(ctx, "consumption")
    if "period_start" in f:
        start_raw = text_expr(ctx, "period_start")
        end_raw = text_expr(ctx, "period_end") if "period_end" in f else "NULL"
        start = f"kt_ts({start_raw})::DATE"
        end = (f"CASE WHEN day(kt_ts({end_raw})) = 1 AND day({start}) = 1 AND kt_ts({end_raw})::DATE > {start} "
               f"THEN kt_ts({end_raw})::DATE - 1 ELSE kt_ts({end_raw})::DATE END") if end_raw != "NULL" else \
            f"last_day({start})"
        period = f"{start_raw} AS start_raw, {end_raw} AS end_raw, {start} AS period_start, {end} AS period_end"
    elif "month" in f:
        month_raw = text_expr(ctx, "month")
        year_raw = text_expr(ctx, "year") if "year" in f else "NULL"
        if "year" in f:
            start = (f"coalesce(kt_ym(kt_year({year_raw}), coalesce(kt_month_no({month_raw}), "
                     f"TRY_CAST({month_raw} AS INTEGER))), kt_month_start({month_raw}))")
        else:
            start = f"kt_month_start({month_raw})"
        period = f"{month_raw} AS start_raw, NULL AS end_raw, {start} AS period_start, last_day({start}) AS period_end"
    else:
        year_raw = text_expr(ctx, "year")
        start = f"kt_ym(kt_year({year_raw}), 1)"
        period = (f"{year_raw} AS start_raw, NULL AS end_raw, {start} AS period_start, "
                  f"({start} + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE AS period_end")
        ctx.notes.append(Note.of("note_yearly_split"))
    ctx.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_stage AS
        SELECT b.line_no, {text_expr(ctx, 'building')} AS building, coalesce({text_expr(ctx, 'meter')}, '') AS meter,
               {select}, {period},
               {header_sql(ctx, 'consumption')} AS value_column,
               {text_expr(ctx, 'consumption')} AS value_raw, kt_num({text_expr(ctx, 'consumption')}) AS value,
               {header_sql(ctx, 'cost')} AS cost_column,
               {text_expr(ctx, 'cost')} AS cost_raw, kt_num({text_expr(ctx, 'cost')}) AS cost_eur
        FROM kt_body b {joins}
    """)
    ctx.con.execute(_with_factor("kt_stage"))


def _stage_wide(ctx: StageContext) -> None:
    plan = ctx.plan
    select, joins = _carrier_unit_join(ctx, "consumption")
    months = ", ".join(f"kt_clean(c{index}) AS m{month}" for month, index in sorted(plan.months.items()))
    names = ", ".join(f"m{month}" for month in sorted(plan.months))
    month_header = "CASE month_no " + " ".join(  # the file's header of each month's column
        f"WHEN {month} THEN {given(ctx.con, f'month_header:{month}', plan.headers[index])}"
        for month, index in sorted(plan.months.items())) + " END"
    year_raw = text_expr(ctx, "year")
    ctx.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_stage AS
        WITH long AS (
            UNPIVOT (SELECT line_no, {months} FROM kt_body) ON {names} INTO NAME month_name VALUE cell
        ), rows AS (
            SELECT b.line_no, {text_expr(ctx, 'building')} AS building,
                   coalesce({text_expr(ctx, 'meter')}, '') AS meter, {select}, {year_raw} AS year_raw
            FROM kt_body b {joins}
        )
        SELECT r.*, CAST(substr(l.month_name, 2) AS INTEGER) AS month_no,
               r.year_raw AS start_raw, NULL AS end_raw,
               kt_ym(kt_year(r.year_raw), CAST(substr(l.month_name, 2) AS INTEGER)) AS period_start,
               last_day(kt_ym(kt_year(r.year_raw), CAST(substr(l.month_name, 2) AS INTEGER))) AS period_end,
               {month_header.replace('month_no', 'CAST(substr(l.month_name, 2) AS INTEGER)')} AS value_column,
               l.cell AS value_raw, kt_num(l.cell) AS value,
               NULL AS cost_column, NULL AS cost_raw, NULL::DOUBLE AS cost_eur
        FROM long l JOIN rows r USING (line_no)
    """)
    ctx.con.execute(_with_factor("kt_stage"))


def digits_columns(ctx: StageContext) -> str:
    """``digits_raw`` and ``digits`` (1 … 12, NULL when not stated or not valid) of a reading: the digits of
    its meter's register from the column, else the profile; NULL for a load profile."""
    raw = text_expr(ctx, "digits") if ctx.plan.layout == Layout.READINGS else "NULL"
    number = f"CASE WHEN regexp_full_match({raw}, '[0-9]{{1,2}}') THEN CAST({raw} AS INTEGER) END"
    return f"CAST({raw} AS VARCHAR) AS digits_raw, CASE WHEN {number} BETWEEN 1 AND 12 THEN {number} END AS digits"


def _stage_meter_values(ctx: StageContext) -> None:
    """Cumulative readings and load profiles: (meter, timestamp, value)."""
    plan = ctx.plan
    cumulative = plan.layout == Layout.READINGS
    value_field = "reading" if cumulative else "consumption"
    select, joins = _carrier_unit_join(ctx, value_field)
    date_raw = text_expr(ctx, "date")
    # a load profile's cells may carry an offset, a mark of the repeated hour or 24:00 (ktdash.ingest.clock)
    ts = f"kt_ts({date_raw})" if cumulative else f"kt_ts_clock({date_raw})"
    if "time" in plan.fields:
        time_raw = text_expr(ctx, "time")
        ts = f"({ts} + to_minutes(coalesce(kt_minutes({time_raw}), 0)))"
        time_cols = f"{time_raw} AS time_raw, kt_minutes({time_raw}) AS minutes"
    else:
        time_raw = "NULL"
        time_cols = "NULL AS time_raw, 0 AS minutes"
    if not cumulative:
        time_cols += (f", kt_offset({date_raw}) AS tz_offset, "
                      f"kt_mark(concat_ws(' ', {date_raw}, {time_raw})) AS mark")
    building = text_expr(ctx, "building")
    default_meter = (f"{building} || ' / ' || coalesce(ca.value, '')" if cumulative
                     else f"{building} || ' / Lastgang'")
    ctx.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_stage AS
        SELECT b.line_no, {building} AS building, coalesce({text_expr(ctx, 'meter')}, {default_meter}) AS meter,
               {select}, {date_raw} AS date_raw, {time_cols}, {ts} AS ts,
               {header_sql(ctx, value_field)} AS value_column,
               {text_expr(ctx, value_field)} AS value_raw, kt_num({text_expr(ctx, value_field)}) AS value,
               {digits_columns(ctx)}
        FROM kt_body b {joins}
    """)
    if not cumulative:
        # wall-clock time → UTC (ktdash.ingest.clock): the rows of the days of clock changes decide the
        # repeated and the missing hour
        shift = clock.stamps_end(ctx)
        clock.resolve(ctx, "SELECT line_no AS rid, line_no, meter, ts, tz_offset, mark FROM kt_stage "
                           "WHERE ts IS NOT NULL")
        ctx.con.execute("UPDATE kt_stage SET mark = 'B' WHERE line_no IN (SELECT rid FROM kt_clock_second)")
        utc = clock.utc_sql(ctx, "ts", "tz_offset", "mark", "meter IN (SELECT meter FROM kt_clock_mez)")
        ctx.con.execute(f"UPDATE kt_stage SET ts = {utc} WHERE ts IS NOT NULL")
        interval, offsets, meters = ctx.con.execute("""
            SELECT coalesce(mode(step) FILTER (WHERE step > 0), 15), count(tz_offset) FILTER (WHERE ts IS NOT NULL),
                   count(DISTINCT meter) FILTER (WHERE ts IS NOT NULL) FROM (
                SELECT (epoch(ts) - epoch(lag(ts) OVER (PARTITION BY meter ORDER BY ts))) / 60 AS step, tz_offset,
                       ts, meter
                FROM kt_stage)
        """).fetchone()
        interval = int(round(interval))
        ctx.interval_minutes = interval
        ctx.notes.append(Note.of("note_interval", minutes=interval))
        clock.add_notes(ctx, interval, offsets, meters)
        ctx.con.execute(f"""
            UPDATE kt_stage SET
                ts = ts - to_minutes({interval if shift else 0}),
                value = CASE WHEN unit = 'kW' THEN value * {interval} / 60.0 ELSE value END,
                unit = CASE WHEN unit = 'kW' THEN 'kWh' ELSE unit END
        """)
    ctx.con.execute(_with_factor("kt_stage"))
