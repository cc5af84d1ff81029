"""Meter values in bulk: readings and load profiles of millions of rows, read and checked in few passes.

The general path (:mod:`.stage`, :mod:`.checks`) materialises every step of a file as a table of text
cells and evaluates every expression on every row. For a load profile of 200 meters over a year (7 million
rows) that is most of the import's time. This path gives the same records, rejections, notes and preview
(the tests run both) with less work:

* **One pass from the file to typed rows.** ``kt_stage_all`` is made straight from DuckDB's ``read_csv``
  (parallel): per row the parsed timestamp and value with their cell texts, and the raw cells of the
  columns that name a *series* (building, meter, carrier, unit) with a 64-bit hash of them (``sk``). The
  table keeps the file's order, so ``rowid`` gives the line.
* **Cheap parsing of the usual forms.** A cell that has the form the first lines of the file show
  (``31.12.2025``, ``23:45``, ``12,345``) is parsed with one format; any other cell goes through the
  general macros (``kt_ts``, ``kt_minutes``, ``kt_num``), so every cell gets exactly the value it gets on
  the general path.
* **Everything per series, once.** Building, meter, carrier and unit (synonyms, defaults, conversion
  factor, stored building, totals row) are resolved per distinct series in ``kt_series`` (a few hundred
  rows) instead of per row; ``kt_rec`` is a view joining the rows with their series by ``sk``. Should two
  different series share a hash (practically never), :func:`series` says so and the general path runs.
* **Checks that usually find nothing cost one scan.** The interval of a load profile and the candidates
  for duplicate keys come from one window over the rows; the checks against stored meters and periods run
  only when a series of the file meets a stored meter or period; without rejections and duplicates
  ``kt_ok`` and ``kt_valid`` are views of ``kt_rec`` instead of copies.
"""

from __future__ import annotations

import re

from ktdash.core.domain import Layout
from ktdash.ingest import clock
from ktdash.ingest.decode import DecodedFile
from ktdash.ingest.results import Note
from ktdash.ingest.sql import TOTALS_ROW_PATTERN, Fragment, drop, fragment, number_macro, q
from ktdash.ingest.stage import (
    StageContext,
    _carrier_unit_join,
    digits_columns,
    has_gas_quality,
    header_sql,
    read_table,
    text_expr,
)

SERIES_FIELDS = ("building", "meter", "carrier", "unit", "digits")

# Forms of a cell that one format parses exactly as the general macro does, and that the parsed value gives
# back exactly, so the cell text need not be kept: (pattern, strptime/strftime format) for dates, (pattern,
# printf format) for times; numbers of at most 9 + 6 digits without leading zeros (a double holds them).
DATE_FORMS = (
    (r"\d{2}\.\d{2}\.\d{4}", "%d.%m.%Y"),
    (r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", "%d.%m.%Y %H:%M"),
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "%Y-%m-%d %H:%M:%S"),
)
TIME_FORMS = (
    (r"([01]\d|2[0-3]):[0-5]\d", "%02d:%02d"),
    (r"([01]\d|2[0-3]):[0-5]\d:00", "%02d:%02d:00"),
)
NUMBER_FORMS = {"comma": (r"(0|[1-9]\d{0,8})(,\d{1,6})?", ","), "point": (r"(0|[1-9]\d{0,8})(\.\d{1,6})?", ".")}
# detect_decimal_style's patterns (ktdash.ingest.sql)
COMMA_NUMBER = r"[+-]?\d+(\.\d{3})*,\d+"
POINT_NUMBER = r"[+-]?\d+\.\d+([eE][+-]?\d+)?"
THOUSANDS = r"[+-]?\d{1,3}(\.\d{3})+"


def applies(ctx: StageContext) -> bool:
    """Readings and load profiles, except a file with a Zustandszahl or Brennwert column: its rows are
    converted each with their own (:func:`~ktdash.ingest.stage.gas_quality`, on the general path; such
    files are gas bills and meter readings of a few rows per meter)."""
    return ctx.plan.layout in (Layout.READINGS, Layout.LOAD_PROFILE) and not has_gas_quality(ctx.plan)


def _series_cells(plan) -> list[int]:
    return sorted({plan.fields[f] for f in SERIES_FIELDS if f in plan.fields})


def _label(plan) -> int:
    """The column whose text marks a totals row (as :func:`~ktdash.ingest.stage.make_body` has it)."""
    return plan.fields.get("building", 0)


def _value_field(ctx: StageContext) -> str:
    return "reading" if ctx.plan.layout == Layout.READINGS else "consumption"


def _body_cells(ctx: StageContext, decoded: DecodedFile, field: str) -> list[str]:
    index = ctx.plan.fields[field]
    rows = decoded.sample[ctx.plan.header_index + 1:]
    return [row[index] for row in rows if len(row) > index and row[index].strip()]


def _form(cells: list[str], forms) -> tuple[str, str] | None:
    """The form every one of the sample's cells has (None: no sample cell, or no common form)."""
    for pattern, fmt in forms:
        if cells and all(re.fullmatch(pattern, c) for c in cells):
            return pattern, fmt
    return None


def guess_number_format(ctx: StageContext, decoded: DecodedFile) -> str:
    """The number format as :func:`~ktdash.ingest.sql.detect_decimal_style` would decide it on the sample."""
    comma = point = 0
    for cell in _body_cells(ctx, decoded, _value_field(ctx)):
        v = re.sub(r"[\s€\xa0]", "", cell)
        comma += bool(re.fullmatch(COMMA_NUMBER, v))
        point += bool(re.fullmatch(POINT_NUMBER, v) and not re.fullmatch(THOUSANDS, v))
    if comma == point == 0:
        return "point" if ctx.delimiter == "," else "comma"
    return "comma" if comma >= point else "point"


def read(ctx: StageContext, decoded: DecodedFile, style: str) -> DecodedFile:
    """``kt_stage_all``: every row of the file, parsed (numbers in ``style``), in file order.

    A cell of the file's usual form is parsed with one format and its text is not kept (``*_ok``, and
    ``decimals`` for a number: :func:`raw_sql` writes it again); any other cell keeps its text (``*_x``) and
    goes through the general macro.
    """
    plan = ctx.plan
    fields = plan.fields
    series = _series_cells(plan)
    used = sorted(set(fields.values()))
    d, v = fields["date"], fields[_value_field(ctx)]
    date_form = _form(_body_cells(ctx, decoded, "date"), DATE_FORMS)
    pattern, sep = NUMBER_FORMS[style]
    guards = [f"regexp_full_match(c{v}, {q(pattern)}) AS ok_v",
              f"regexp_full_match(c{d}, {q(date_form[0])}) AS ok_d" if date_form else "false AS ok_d"]
    fast_value = f"TRY_CAST(replace(c{v}, ',', '.') AS DOUBLE)" if sep == "," else f"TRY_CAST(c{v} AS DOUBLE)"
    columns = [
        f"hash({', '.join(f'c{i}' for i in series)}) AS sk" if series else "0::UBIGINT AS sk",
        *[f"c{i}" for i in series],
        f"CASE WHEN ok_v THEN {fast_value} ELSE kt_num(kt_clean(c{v})) END AS value",
        f"CASE WHEN ok_v THEN CAST(CASE WHEN contains(c{v}, '{sep}') THEN length(c{v}) - strpos(c{v}, '{sep}') "
        f"ELSE 0 END AS TINYINT) END AS decimals",
        f"CASE WHEN ok_v THEN NULL ELSE kt_clean(c{v}) END AS value_x",
        f"CASE WHEN ok_d THEN c{d} ELSE kt_clean(c{d}) END AS date_cell",
        f"CASE WHEN ok_d THEN try_strptime(c{d}, {q(date_form[1])}) END AS fast_day" if date_form
        else "NULL::TIMESTAMP AS fast_day",
        "coalesce(ok_d, false) AS ok_d",
        "CASE WHEN ok_d OR ok_v THEN true ELSE coalesce(" + ", ".join(f"kt_clean(c{i})" for i in used)
        + ") IS NOT NULL END AS not_empty",
    ]
    label = _label(plan)
    if label not in series:  # a totals row is marked in a column of its own ("Summe" in the date column)
        known = {d: "ok_d", v: "ok_v"}.get(label, "false")
        columns.append(f"CASE WHEN {known} THEN false ELSE coalesce(regexp_matches(lower(kt_clean(c{label})), "
                       f"{q(TOTALS_ROW_PATTERN)}), false) END AS row_total")
    else:
        columns.append("false AS row_total")
    if "time" in fields:
        t = fields["time"]
        time_form = _form(_body_cells(ctx, decoded, "time"), TIME_FORMS)
        guards.append(f"regexp_full_match(c{t}, {q(time_form[0])}) AS ok_t" if time_form else "false AS ok_t")
        columns += ["coalesce(ok_t, false) AS time_ok",
                    f"CASE WHEN ok_t THEN NULL ELSE kt_clean(c{t}) END AS time_x",
                    f"CASE WHEN ok_t THEN CAST(c{t}[1:2] AS INTEGER) * 60 + CAST(c{t}[4:5] AS INTEGER) "
                    f"ELSE kt_minutes(kt_clean(c{t})) END AS minutes"]
        ts, time_ok = "day + to_minutes(coalesce(minutes, 0))", "time_ok"
    else:
        columns += ["0 AS minutes"]
        ts, time_ok = "day", "true"
    parse = "kt_ts"
    if ctx.plan.layout == Layout.LOAD_PROFILE:  # offset and mark of the repeated hour (ktdash.ingest.clock)
        parse = "kt_ts_clock"
        t_cell, ok_t = (f"kt_clean(c{fields['time']})", "ok_t") if "time" in fields else ("NULL", "true")
        columns += [f"CASE WHEN ok_d THEN NULL ELSE kt_offset(kt_clean(c{d})) END AS tz_offset",
                    f"CASE WHEN ok_d AND {ok_t} THEN NULL "
                    f"ELSE kt_mark(concat_ws(' ', kt_clean(c{d}), {t_cell})) END AS mark"]
    # kt_ts's year range on the one-format result, the macro otherwise (also for a cell of the form the format
    # does not parse, "24:00"); the text is dropped where the parsed date writes it again: a cell of the form
    # (two-digit day and month, four-digit year in range) that parses is written back unchanged by the same
    # format, and with a usual-form time the day is the timestamp's day
    day = ("CASE WHEN ok_d AND fast_day IS NOT NULL THEN CASE WHEN year(fast_day) BETWEEN 1900 AND 2200 "
           f"THEN fast_day END ELSE {parse}(date_cell) END")
    date_ok = f"ok_d AND fast_day IS NOT NULL AND {time_ok} AND day IS NOT NULL" if date_form else "false"
    select = f"""
        SELECT * EXCLUDE (fast_day, ok_d, day, date_cell), {ts} AS ts, coalesce({date_ok}, false) AS date_ok,
               CASE WHEN {date_ok} THEN NULL ELSE date_cell END AS date_x FROM (
            SELECT *, {day} AS day FROM (
                SELECT {', '.join(columns)}
                FROM (SELECT *, {', '.join(guards)} FROM {{source}})))"""
    ctx.forms = {"date": date_form[1] if date_form else None, "number": sep,
                 "time": time_form[1] if "time" in fields and time_form else None}
    return read_table(ctx.con, decoded, "kt_stage_all", select)


def raw_sql(ctx: StageContext, name: str, s: str = "s") -> str:
    """The cell text of ``value``, ``date`` or ``time`` of a row of kt_stage_all (written again from the
    parsed value where the text was not kept)."""
    forms = ctx.forms
    if name == "value":
        number = "CASE " + " ".join(f"WHEN {s}.decimals = {n} THEN printf('%.{n}f', {s}.value)" for n in range(7)) \
                 + " END"
        if forms["number"] == ",":
            number = f"replace({number}, '.', ',')"
        return f"CASE WHEN {s}.decimals IS NOT NULL THEN {number} ELSE {s}.value_x END"
    if name == "date":
        if not forms["date"]:
            return f"{s}.date_x"
        return (f"CASE WHEN {s}.date_ok THEN strftime({s}.ts - to_minutes({s}.minutes), {q(forms['date'])}) "
                f"ELSE {s}.date_x END")
    if "time" not in ctx.plan.fields:
        return "NULL"
    if not forms["time"]:
        return f"{s}.time_x"
    return (f"CASE WHEN {s}.time_ok THEN printf({q(forms['time'])}, {s}.minutes // 60, {s}.minutes % 60) "
            f"ELSE {s}.time_x END")


def _line(decoded: DecodedFile, table: str = "s") -> str:
    return f"({decoded.line_no_sql(f'{table}.rowid')})"


def series(ctx: StageContext, decoded: DecodedFile) -> bool:
    """``kt_series``: building, meter, carrier, unit, factor, stored building and totals flag per series of
    the file; False when two different series share a hash (then the general path must run)."""
    con, plan = ctx.con, ctx.plan
    cells = _series_cells(plan)
    header_line = plan.header_index + 1
    first = "".join(f", any_value(c{i}) AS c{i}" for i in cells)
    distinct = ("count(DISTINCT struct_pack(" + ", ".join(f"c{i} := c{i}" for i in cells) + "))") if cells else "1"
    select, joins = _carrier_unit_join(ctx, _value_field(ctx))
    building = text_expr(ctx, "building")
    cumulative = plan.layout == Layout.READINGS
    default_meter = (f"{building} || ' / ' || coalesce(ca.value, '')" if cumulative
                     else f"{building} || ' / Lastgang'")
    label = _label(plan)
    is_total = (f"coalesce(regexp_matches(lower(kt_clean(c{label})), {q(TOTALS_ROW_PATTERN)}), false)"
                if label in cells else "false")
    kw = "unit = 'kW'" if not cumulative else "false"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_series AS
        WITH g AS (
            SELECT sk{first}, {distinct} AS variants
            FROM kt_stage_all s WHERE {_line(decoded)} > {header_line} GROUP BY sk
        ), named AS (
            SELECT b.sk, b.variants, {building} AS building,
                   coalesce({text_expr(ctx, 'meter')}, {default_meter}) AS meter, {select},
                   {digits_columns(ctx)}, {is_total} AS is_total
            FROM g b {joins}
        ), converted AS (
            SELECT * REPLACE (CASE WHEN {kw} THEN 'kWh' ELSE unit END AS unit), coalesce({kw}, false) AS kw
            FROM named
        )
        SELECT c.*, f.factor, f.canonical_unit, lower(c.building) AS building_key, bu.building_id,
               -- none of the series-wide row checks (missing building, carrier, unit, factor, digits) can fail
               c.building IS NOT NULL AND c.carrier IS NOT NULL AND NOT (c.unit_raw IS NOT NULL AND c.unit IS NULL)
                   AND NOT (c.unit IS NOT NULL AND f.factor IS NULL)
                   AND NOT (c.digits_raw IS NOT NULL AND c.digits IS NULL) AS series_ok,
               dense_rank() OVER (ORDER BY lower(c.building), c.meter) AS mk,
               dense_rank() OVER (ORDER BY c.meter) AS mm
        FROM converted c
        LEFT JOIN kt_factors f ON f.carrier = c.carrier AND f.unit = c.unit
        LEFT JOIN (SELECT lower(name) AS building_key, min(building_id) AS building_id FROM buildings
                   WHERE municipality_key = $municipality GROUP BY 1) bu
               ON bu.building_key = lower(c.building)
    """, {"municipality": ctx.municipality_key})
    return not con.execute("SELECT count(*) FROM kt_series WHERE variants > 1").fetchone()[0]


def _body(decoded: DecodedFile, plan) -> str:
    """Rows below the header that are not empty (totals rows included)."""
    return f"{_line(decoded)} > {plan.header_index + 1} AND s.not_empty"


def _data(decoded: DecodedFile, plan) -> str:
    """The data rows: below the header, not empty, no totals row."""
    return f"{_body(decoded, plan)} AND NOT (m.is_total OR s.row_total)"


def counts(ctx: StageContext, decoded: DecodedFile) -> tuple[int, int]:
    """(data rows, totals rows skipped) as :func:`~ktdash.ingest.stage.make_body` counts them."""
    rows, totals = ctx.con.execute(f"""
        SELECT count(*) FILTER (WHERE NOT (m.is_total OR s.row_total)),
               count(*) FILTER (WHERE m.is_total OR s.row_total)
        FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {_body(decoded, ctx.plan)}""").fetchone()
    return rows, totals


def number_format(ctx: StageContext, decoded: DecodedFile, guessed: str) -> str:
    """The file's number format decided on every data row (as the general path does); when it is not the
    guessed one the values are parsed again."""
    plan = ctx.plan
    style = ctx.profile.decimal if ctx.profile and ctx.profile.decimal != "auto" else None
    if style is None and ctx.from_xlsx:
        style = "point"
    if style is None:
        # a number of the guessed form counts without a regular expression: in the comma form ("12,5") it is a
        # comma number exactly when it has decimals, never a point number; in the point form ("12.5") it is a
        # point number when it has decimals unless it looks like thousands ("1.234": three decimals, < 1000)
        if guessed == "comma":
            fast_comma, fast_point = "s.decimals > 0", "false"
        else:
            fast_comma, fast_point = "false", "s.decimals > 0 AND NOT (s.decimals = 3 AND s.value < 1000)"
        v = "kt_numtext(s.value_x)"
        comma, point = ctx.con.execute(f"""
            SELECT count(*) FILTER (WHERE CASE WHEN s.decimals IS NOT NULL THEN {fast_comma}
                                           ELSE regexp_full_match({v}, {q(COMMA_NUMBER)}) END),
                   count(*) FILTER (WHERE CASE WHEN s.decimals IS NOT NULL THEN {fast_point}
                                           ELSE regexp_full_match({v}, {q(POINT_NUMBER)})
                                                AND NOT regexp_full_match({v}, {q(THOUSANDS)}) END)
            FROM kt_stage_all s JOIN kt_series m USING (sk)
            WHERE {_data(decoded, plan)} AND (s.decimals IS NOT NULL OR s.value_x IS NOT NULL)""").fetchone()
        if comma == point == 0:
            style = "point" if ctx.delimiter == "," else "comma"
        else:
            style = "comma" if comma >= point else "point"
    if style != guessed:  # parse every number again, from its text
        number_macro(ctx.con, style)
        raw = raw_sql(ctx, "value", "kt_stage_all")
        ctx.con.execute(f"UPDATE kt_stage_all SET value = kt_num({raw}), value_x = {raw}, decimals = NULL")
    return style


def make_rec(ctx: StageContext, decoded: DecodedFile) -> bool:
    """The interval of a load profile (with its note), then the view ``kt_rec``; returns whether two rows
    of one meter share a timestamp (candidates for duplicate keys)."""
    con, plan = ctx.con, ctx.plan
    body = _data(decoded, plan)
    ts, value = "s.ts", "s.value"
    lp = plan.layout == Layout.LOAD_PROFILE
    if lp:  # wall-clock time → UTC: only the rows of the days of clock changes are looked at (ktdash.ingest.clock)
        clock.resolve(ctx, f"SELECT s.rowid AS rid, {_line(decoded)} AS line_no, m.meter, s.ts, s.tz_offset, "
                           f"s.mark FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {body} AND s.ts IS NOT NULL")
        if con.execute("SELECT count(*) FROM kt_clock_second").fetchone()[0]:
            con.execute("UPDATE kt_stage_all SET mark = 'B' WHERE rowid IN (SELECT rid FROM kt_clock_second)")
        con.execute("ALTER TABLE kt_series ADD COLUMN mez BOOLEAN DEFAULT false")
        con.execute("UPDATE kt_series SET mez = true WHERE meter IN (SELECT meter FROM kt_clock_mez)")
        ts = f"({clock.utc_sql(ctx, 's.ts', 's.tz_offset', 's.mark', 'm.mez')})"
    interval, same, offsets, meters = con.execute(f"""
        SELECT coalesce(mode(step) FILTER (WHERE step > 0), 15), count(*) FILTER (WHERE step = 0),
               {'count(tz_offset)' if lp else '0'}, count(DISTINCT meter) FROM (
            SELECT (epoch(ts) - epoch(lag(ts) OVER (PARTITION BY mm ORDER BY ts))) / 60 AS step, * FROM (
                SELECT {ts} AS ts, m.mm, m.meter{', s.tz_offset' if lp else ''}
                FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {body} AND s.ts IS NOT NULL))""").fetchone()
    if lp:
        interval = int(round(interval))
        ctx.interval_minutes = interval
        ctx.notes.append(Note.of("note_interval", minutes=interval))
        clock.add_notes(ctx, interval, offsets, meters)
        if clock.stamps_end(ctx):
            ts = f"{ts} - to_minutes({interval})"
        value = f"CASE WHEN m.kw THEN s.value * {interval} / 60.0 ELSE s.value END"
    time_ok = "s.time_ok" if "time" in plan.fields else "true"
    drop(con, "kt_rec")
    con.execute(f"""
        CREATE TEMP VIEW kt_rec AS
        SELECT {_line(decoded)} AS line_no, m.building, m.meter, m.carrier_raw, m.carrier, m.unit_raw, m.unit,
               {raw_sql(ctx, 'date')} AS date_raw, {raw_sql(ctx, 'time')} AS time_raw, s.minutes, {ts} AS ts,
               {header_sql(ctx, _value_field(ctx))} AS value_column, {raw_sql(ctx, 'value')} AS value_raw,
               {value} AS value, m.factor, m.canonical_unit, m.building_key, m.building_id, m.mk,
               m.digits_raw, m.digits,
               m.series_ok AND s.decimals IS NOT NULL AND s.date_ok AND {time_ok} AS plain
        FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {body}
    """)
    return bool(same)


def suspects(ctx: StageContext) -> Fragment:
    """The rows of kt_rec that may fail a row check (:func:`~ktdash.ingest.checks.row_checks`): every row
    whose cells are not all of the usual form or whose series has a problem, and of the others those whose
    value or timestamp fails a check (a usual-form cell is never empty and always parses)."""
    return fragment("NOT plain OR value IS NULL OR value < 0 OR ts IS NULL OR ts >= $today + INTERVAL 1 DAY",
                    today=ctx.today)


def meets_store(ctx: StageContext) -> tuple[bool, bool]:
    """(a series meets a stored meter of its building, a series meets stored period consumption of its
    building and carrier): only then can the checks against the store find anything."""
    meters, periods = ctx.con.execute("""
        SELECT (SELECT count(*) FROM kt_series m JOIN meters x ON x.building_id = m.building_id
                AND x.number = m.meter),
               (SELECT count(*) FROM kt_series m JOIN consumptions c ON c.building_id = m.building_id
                AND c.carrier = m.carrier)""").fetchone()
    return bool(meters), bool(periods)
