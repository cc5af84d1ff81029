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

from ..domain import Layout
from .decode import DecodedFile
from .sql import TOTALS_ROW_PATTERN, drop, number_macro, q
from .stage import StageContext, _carrier_unit_join, header, read_table, text_expr

SERIES_FIELDS = ("building", "meter", "carrier", "unit")

# forms of a cell that one format parses exactly as the general macro does: (pattern, SQL for the cell c)
DATE_FORMS = (
    (r"\d{2}\.\d{2}\.\d{4}", "try_strptime({c}, '%d.%m.%Y')"),
    (r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", "try_strptime({c}, '%d.%m.%Y %H:%M')"),
    (r"\d{4}-\d{2}-\d{2}", "try_strptime({c}, '%Y-%m-%d')"),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "try_strptime({c}, '%Y-%m-%d %H:%M:%S')"),
)
TIME_FORM = (r"\d{2}:\d{2}(:\d{2})?", "CAST({c}[1:2] AS INTEGER) * 60 + CAST({c}[4:5] AS INTEGER)")
NUMBER_FORMS = {
    "comma": (r"\d+(,\d+)?", "TRY_CAST(replace({c}, ',', '.') AS DOUBLE)"),
    "point": (r"\d+(\.\d+)?", "TRY_CAST({c} AS DOUBLE)"),
}
# detect_decimal_style's patterns (ktdash.ingest.sql)
COMMA_NUMBER = r"[+-]?\d+(\.\d{3})*,\d+"
POINT_NUMBER = r"[+-]?\d+\.\d+([eE][+-]?\d+)?"
THOUSANDS = r"[+-]?\d{1,3}(\.\d{3})+"


def applies(ctx: StageContext) -> bool:
    """Readings and load profiles."""
    return ctx.plan.layout in (Layout.READINGS, Layout.LOAD_PROFILE)


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
    for pattern, sql in forms:
        if cells and all(re.fullmatch(pattern, c) for c in cells):
            return pattern, sql
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
    """``kt_stage_all``: every row of the file, parsed (numbers in ``style``), in file order."""
    plan = ctx.plan
    fields = plan.fields
    series = _series_cells(plan)
    used = sorted(set(fields.values()))
    d, v = fields["date"], fields[_value_field(ctx)]
    date_form = _form(_body_cells(ctx, decoded, "date"), DATE_FORMS)
    number_form = NUMBER_FORMS[style]
    guards = [f"regexp_full_match(c{v}, {q(number_form[0])}) AS ok_v"]
    guards.append(f"regexp_full_match(c{d}, {q(date_form[0])}) AS ok_d" if date_form else "false AS ok_d")
    columns = [  # cell by cell: the one-format result where the cell has the usual form, else the macro
        f"hash({', '.join(f'c{i}' for i in series)}) AS sk" if series else "0::UBIGINT AS sk",
        *[f"c{i}" for i in series],
        f"CASE WHEN ok_v THEN c{v} ELSE kt_clean(c{v}) END AS value_raw",
        f"CASE WHEN ok_v THEN {number_form[1].format(c=f'c{v}')} ELSE kt_num(kt_clean(c{v})) END AS value",
        "coalesce(ok_v, false) AS ok_v",
        f"CASE WHEN ok_d THEN c{d} ELSE kt_clean(c{d}) END AS date_raw",
        f"CASE WHEN ok_d THEN {date_form[1].format(c=f'c{d}')} END AS fast_day" if date_form
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
        time_form = _form(_body_cells(ctx, decoded, "time"), (TIME_FORM,))
        guards.append(f"regexp_full_match(c{t}, {q(TIME_FORM[0])}) AS ok_t" if time_form else "false AS ok_t")
        columns += [f"CASE WHEN ok_t THEN c{t} ELSE kt_clean(c{t}) END AS time_raw",
                    f"CASE WHEN ok_t THEN {TIME_FORM[1].format(c=f'c{t}')} ELSE kt_minutes(kt_clean(c{t})) END "
                    f"AS minutes"]
        ts = "day + to_minutes(coalesce(minutes, 0))"
    else:
        columns += ["NULL AS time_raw", "0 AS minutes"]
        ts = "day"
    # kt_ts's year range applied to the one-format result; the macro otherwise (date_raw = kt_clean(cell))
    day = ("CASE WHEN ok_d THEN CASE WHEN year(fast_day) BETWEEN 1900 AND 2200 THEN fast_day END "
           "ELSE kt_ts(date_raw) END")
    select = f"""
        SELECT * EXCLUDE (fast_day, ok_d, day), {ts} AS ts FROM (
            SELECT *, {day} AS day FROM (
                SELECT {', '.join(columns)}
                FROM (SELECT *, {', '.join(guards)} FROM {{source}})))"""
    return read_table(ctx.con, decoded, "kt_stage_all", select)


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
                   {is_total} AS is_total
            FROM g b {joins}
        ), converted AS (
            SELECT * REPLACE (CASE WHEN {kw} THEN 'kWh' ELSE unit END AS unit), coalesce({kw}, false) AS kw
            FROM named
        )
        SELECT c.*, f.factor, f.canonical_unit, lower(c.building) AS building_key, bu.building_id,
               dense_rank() OVER (ORDER BY lower(c.building), c.meter) AS mk,
               dense_rank() OVER (ORDER BY c.meter) AS mm
        FROM converted c
        LEFT JOIN kt_factors f ON f.carrier = c.carrier AND f.unit = c.unit
        LEFT JOIN (SELECT lower(name) AS building_key, min(building_id) AS building_id FROM buildings
                   WHERE municipality_key = {q(ctx.municipality_key)} GROUP BY 1) bu
               ON bu.building_key = lower(c.building)
    """)
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
        # a cell of the guessed form counts without a regular expression: the comma form "12,5" is a comma
        # number exactly when it has a comma and never a point number; the point form "12.5" is a point
        # number unless it looks like thousands ("1.234"), so those few are matched in full
        body = f"{_data(decoded, plan)} AND s.value_raw IS NOT NULL"
        fast = "s.ok_v AND contains(s.value_raw, ',')" if guessed == "comma" else "false"
        full = "NOT s.ok_v" if guessed == "comma" else "(NOT s.ok_v OR contains(s.value_raw, '.'))"
        comma = ctx.con.execute(f"SELECT count(*) FROM kt_stage_all s JOIN kt_series m USING (sk) "
                                f"WHERE {body} AND {fast}").fetchone()[0] if guessed == "comma" else 0
        v = "kt_numtext(value_raw)"
        more_comma, point = ctx.con.execute(f"""
            SELECT count(*) FILTER (WHERE regexp_full_match({v}, {q(COMMA_NUMBER)})),
                   count(*) FILTER (WHERE regexp_full_match({v}, {q(POINT_NUMBER)})
                                      AND NOT regexp_full_match({v}, {q(THOUSANDS)}))
            FROM (SELECT s.value_raw FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {body} AND {full})
        """).fetchone()
        comma += more_comma
        if comma == point == 0:
            style = "point" if ctx.delimiter == "," else "comma"
        else:
            style = "comma" if comma >= point else "point"
    if style != guessed:
        number_macro(ctx.con, style)
        ctx.con.execute("UPDATE kt_stage_all SET value = kt_num(value_raw), ok_v = false")
    return style


def make_rec(ctx: StageContext, decoded: DecodedFile) -> bool:
    """The interval of a load profile (with its note), then the view ``kt_rec``; returns whether two rows
    of one meter share a timestamp (candidates for duplicate keys)."""
    con, plan = ctx.con, ctx.plan
    body = _data(decoded, plan)
    interval, same = con.execute(f"""
        SELECT coalesce(mode(step) FILTER (WHERE step > 0), 15), count(*) FILTER (WHERE step = 0) FROM (
            SELECT (epoch(s.ts) - epoch(lag(s.ts) OVER (PARTITION BY m.mm ORDER BY s.ts))) / 60 AS step
            FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {body} AND s.ts IS NOT NULL)""").fetchone()
    ts, value = "s.ts", "s.value"
    if plan.layout == Layout.LOAD_PROFILE:
        from .. import texts

        interval = int(round(interval))
        ctx.interval_minutes = interval
        ctx.notes.append(texts.t("note_interval", minutes=interval))
        if ctx.profile and ctx.profile.timestamp == "end":
            ts = f"s.ts - to_minutes({interval})"
        value = f"CASE WHEN m.kw THEN s.value * {interval} / 60.0 ELSE s.value END"
    drop(con, "kt_rec")
    con.execute(f"""
        CREATE TEMP VIEW kt_rec AS
        SELECT {_line(decoded)} AS line_no, m.building, m.meter, m.carrier_raw, m.carrier, m.unit_raw, m.unit,
               s.date_raw, s.time_raw, s.minutes, {ts} AS ts, {q(header(ctx, _value_field(ctx)))} AS value_column,
               s.value_raw, {value} AS value, m.factor, m.canonical_unit, m.building_key, m.building_id
        FROM kt_stage_all s JOIN kt_series m USING (sk) WHERE {body}
    """)
    return bool(same)


def meets_store(ctx: StageContext) -> tuple[bool, bool]:
    """(a series meets a stored meter of its building, a series meets stored period consumption of its
    building and carrier): only then can the checks against the store find anything."""
    meters, periods = ctx.con.execute("""
        SELECT (SELECT count(*) FROM kt_series m JOIN meters x ON x.building_id = m.building_id
                AND x.number = m.meter),
               (SELECT count(*) FROM kt_series m JOIN consumptions c ON c.building_id = m.building_id
                AND c.carrier = m.carrier)""").fetchone()
    return bool(meters), bool(periods)
