"""Step 4 of an import: every check, as SQL over ``kt_rec``, collected in ``kt_rejects``.

Phase 1 checks each line on its own (missing, not a number, bad date, unknown
carrier/unit/category, negative, future). Phase 2 checks the surviving records
against each other and against the store (duplicates with different values,
readings going backwards, overlapping periods, meter conflicts).
"""

from __future__ import annotations

from ktdash.core import localtime
from ktdash.core.domain import Carrier, Category, Layout
from ktdash.ingest.sql import Fragment, drop, fragment, join, q
from ktdash.core.formatting import format_decimal
from ktdash.ingest.results import Note
from ktdash.ingest.stage import HS_RANGE, Z_RANGE, StageContext, gas_defaults, has_gas_quality, header

ALLOWED_CARRIERS = ", ".join(c.value for c in Carrier)
ALLOWED_CATEGORIES = ", ".join(c.value for c in Category)

KEYS: dict[Layout, str] = {
    Layout.BUILDINGS: "building_key",
    Layout.READINGS: "building_key, meter, ts",
    Layout.LOAD_PROFILE: "building_key, meter, ts",
    Layout.PERIODS: "building_key, carrier, meter, period_start, period_end",
    Layout.WIDE: "building_key, carrier, meter, period_start, period_end",
}


class Check(tuple):
    """One row check: the condition a row fails it by, and the SELECT of its rejections from ``{table}``, with
    the parameters either uses (the file's header, today's date: :class:`ktdash.ingest.sql.Fragment`)."""

    __slots__ = ()

    def __new__(cls, where: str, select: str, params: dict | None = None):
        return super().__new__(cls, (where, select, params or {}))

    @property
    def where(self) -> Fragment:
        return Fragment(self[0], self[2])

    def sql(self, table: str = "kt_rec") -> Fragment:
        return Fragment(f"{self[1]} FROM {table} WHERE {self[0]}", self[2])


def _reject(where: str | Fragment, column: str, value: str, code: str, detail: str | Fragment = "NULL") -> Check:
    """Rows meeting ``where`` rejected with ``code``: ``column`` the header of the file (a parameter), ``value``
    and ``detail`` SQL over the row (``detail`` may carry parameters)."""
    where, detail = Fragment("") + where, Fragment("") + detail
    head = fragment("SELECT line_no, $column AS column_name, ", column=column)
    select = (head + f"CAST({value} AS VARCHAR) AS value, {q(code)} AS code, CAST(" + detail
              + " AS VARCHAR) AS detail")
    return Check(where.sql, select.sql, {**where.params, **select.params})


def _reject_in(where: str, column_sql: str, value: str, code: str) -> Check:
    """A check whose column name comes from the row (``value_column``)."""
    return Check(where, f"SELECT line_no, {column_sql}, {value}, {q(code)}, NULL")


def _de_number(expr: str) -> str:
    return f"replace(CAST(round({expr}, 3) AS VARCHAR), '.', ',')"


def _de_date(expr: str) -> str:
    return f"strftime({expr}, '%d.%m.%Y')"


def row_checks(ctx: StageContext) -> list[Check]:
    layout = ctx.plan.layout
    h = lambda name: header(ctx, name)  # noqa: E731
    checks = [_reject("building IS NULL", h("building"), "NULL", "missing_value")]
    if layout == Layout.BUILDINGS:
        return checks + [
            _reject("category_raw IS NOT NULL AND category IS NULL", h("category"), "category_raw",
                    "unknown_category", q(ALLOWED_CATEGORIES)),
            _reject("area_raw IS NOT NULL AND area IS NULL", h("area"), "area_raw", "not_a_number"),
            _reject("area < 0", h("area"), "area_raw", "negative_value"),
            _reject("year_raw IS NOT NULL AND year_built IS NULL", h("year_built"), "year_raw", "not_a_number"),
            _reject(fragment("year_built < 1000 OR year_built > year($today)", today=ctx.today), h("year_built"),
                    "year_raw", "invalid_date"),
            # a postcode: five digits, and one of the store's postcodes (any five digits while it has none)
            _reject("postcode_raw IS NOT NULL AND postcode IS NULL", h("postcode"), "postcode_raw",
                    "invalid_postcode"),
            _reject("postcode IS NOT NULL AND postcode NOT IN (SELECT postcode FROM postcodes) "
                    "AND EXISTS (SELECT 1 FROM postcodes)", h("postcode"), "postcode_raw", "unknown_postcode"),
        ]
    checks += [
        _reject("carrier_raw IS NULL AND carrier IS NULL", h("carrier"), "NULL", "missing_value"),
        _reject("carrier_raw IS NOT NULL AND carrier IS NULL", h("carrier"), "carrier_raw", "unknown_carrier",
                q(ALLOWED_CARRIERS)),
        _reject("unit_raw IS NOT NULL AND unit IS NULL", h("unit"), "unit_raw", "unknown_unit"),
        _reject("carrier IS NOT NULL AND unit IS NOT NULL AND factor IS NULL", h("unit"),
                "coalesce(unit_raw, unit)", "unit_not_convertible", "carrier"),
        _reject_in("value_raw IS NULL", "value_column", "NULL", "missing_value"),
        _reject_in("value_raw IS NOT NULL AND value IS NULL", "value_column", "value_raw", "not_a_number"),
        _reject_in("value < 0", "value_column", "value_raw", "negative_value"),
    ]
    if layout in (Layout.PERIODS, Layout.WIDE):
        checks += [
            _reject_in("cost_raw IS NOT NULL AND cost_eur IS NULL", "cost_column", "cost_raw", "not_a_number"),
            _reject_in("cost_eur < 0", "cost_column", "cost_raw", "negative_value"),
        ]
        start_field = next((f for f in ("period_start", "month", "year") if f in ctx.plan.fields), "year")
        checks += [
            _reject("start_raw IS NULL", h(start_field), "NULL", "missing_value"),
            _reject("start_raw IS NOT NULL AND period_start IS NULL", h(start_field), "start_raw", "invalid_date"),
            _reject("end_raw IS NOT NULL AND period_start IS NOT NULL AND "
                    "(period_end IS NULL OR period_end < period_start)", h("period_end"), "end_raw", "invalid_date"),
            _reject(fragment("period_start > $today", today=ctx.today), h(start_field), _de_date("period_start"),
                    "future_date"),
        ]
    else:
        checks += [
            _reject("date_raw IS NULL", h("date"), "NULL", "missing_value"),
            _reject("date_raw IS NOT NULL AND ts IS NULL AND (time_raw IS NULL OR minutes IS NOT NULL)",
                    h("date"), "date_raw", "invalid_date"),
            _reject("time_raw IS NOT NULL AND minutes IS NULL", h("time"), "time_raw", "invalid_date"),
            _reject(fragment("ts >= $today + INTERVAL 1 DAY", today=ctx.today), h("date"), "date_raw", "future_date"),
        ]
        if layout == Layout.READINGS:
            checks.append(_reject("digits_raw IS NOT NULL AND digits IS NULL", h("digits"), "digits_raw",
                                  "invalid_digits"))
    return checks + gas_quality_checks(ctx)


def gas_quality_checks(ctx: StageContext) -> list[Check]:
    """A Zustandszahl or Brennwert of a gas row in m³ (the rows whose kWh it gives, :func:`.stage.gas_quality`)
    that is no number, or lies outside the plausible range: the row is rejected. Detail: the range, then the
    default that an empty cell would give (␟-separated, ktdash.i18n.texts.DETAIL_PARTS)."""
    if not has_gas_quality(ctx.plan):
        return []
    z_default, hs_default = gas_defaults(ctx.con)
    checks = []
    for name, raw, value, code, (low, high), default in (
            ("z_number", "z_raw", "z", "implausible_z_number", Z_RANGE, format_decimal(z_default, decimals=4)),
            ("calorific_value", "hs_raw", "hs", "implausible_calorific_value", HS_RANGE,
             format_decimal(hs_default, decimals=3, strip_to=1))):
        if name not in ctx.plan.fields:
            continue
        detail = fragment("$range || chr(31) || $default", range=_de(low) + "–" + _de(high), default=default)
        column = header(ctx, name)
        checks += [
            _reject(f"row_factor IS NOT NULL AND {raw} IS NOT NULL AND {value} IS NULL", column, raw, "not_a_number"),
            _reject(f"row_factor IS NOT NULL AND NOT ({value} BETWEEN {low} AND {high})", column, raw, code, detail),
        ]
    return checks


def _de(number: float) -> str:
    """A range bound as German text: 0.8 → "0,80", 13.5 → "13,5"."""
    return format_decimal(number, "de", 2 if number < 2 else 1)


def run_row_checks(ctx: StageContext, suspects: str | None = None) -> None:
    """``kt_rejects`` from every row check: one pass over ``kt_rec`` picks the rows failing any of them
    (few, usually none), the checks themselves run on those rows only. ``suspects`` (the bulk path): a
    cheaper condition true at least for every row failing a check."""
    checks = row_checks(ctx)
    ("CREATE OR REPLACE TEMP TABLE kt_suspect AS SELECT * FROM kt_rec WHERE "
     + (suspects or join(("(" + c.where + ")" for c in checks), " OR "))).execute(ctx.con)
    union = join(c.sql("kt_suspect") for c in checks)
    ("CREATE OR REPLACE TEMP TABLE kt_rejects AS SELECT DISTINCT * FROM (" + union + ")").execute(ctx.con)


def resolve_buildings(ctx: StageContext) -> None:
    """Attach the stored building (same municipality, same name ignoring case) to every record."""
    ctx.con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_rec AS
        SELECT r.*, lower(r.building) AS building_key, b.building_id
        FROM kt_rec r LEFT JOIN buildings b
          ON b.municipality_key = $municipality AND lower(b.name) = lower(r.building)
    """, {"municipality": ctx.municipality_key})


def run_set_checks(ctx: StageContext, duplicates: bool = True, stored_meters: bool = True,
                   stored_periods: bool = True) -> None:
    """Checks of the records against each other and against the store, on ``kt_ok`` (the records of lines
    without a problem so far). The bulk path (:mod:`.bulk`) leaves out the ones it knows cannot find
    anything: ``duplicates`` (no two records share a key), ``stored_meters`` (no series meets a stored
    meter), ``stored_periods`` (none meets stored period consumption)."""
    layout = ctx.plan.layout
    con = ctx.con
    drop(con, "kt_ok")
    if con.execute("SELECT count(*) FROM kt_rejects").fetchone()[0]:
        con.execute("CREATE TEMP TABLE kt_ok AS SELECT * FROM kt_rec "
                    "WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)")
    else:
        con.execute("CREATE TEMP VIEW kt_ok AS SELECT * FROM kt_rec")
    keys = KEYS[layout]
    value = ("category || '|' || coalesce(CAST(area AS VARCHAR), '') || '|' "
             "|| coalesce(CAST(year_built AS VARCHAR), '') || '|' || coalesce(postcode, '')"
             if layout == Layout.BUILDINGS else "value")
    if has_gas_quality(ctx.plan):  # the same m³ with another Zustandszahl or Brennwert is another value
        value = "CAST(value AS VARCHAR) || '|' || coalesce(CAST(row_factor AS VARCHAR), '')"
    buildings = layout == Layout.BUILDINGS
    # the column named: the building's header of the file (a parameter), else the row's value column
    column = fragment("$column", column=header(ctx, "building")) if buildings else "o.value_column"
    value_text = "building" if buildings else "value_raw"
    checks = ["""
        SELECT o.line_no, """ + column + f""", o.{value_text}, 'duplicate_conflict',
               d.lines
        FROM kt_ok o JOIN (
            SELECT {keys}, string_agg(CAST(line_no AS VARCHAR), ', ' ORDER BY line_no) AS lines
            FROM kt_ok GROUP BY {keys} HAVING count(DISTINCT {value}) > 1
        ) d USING ({keys})"""] if duplicates else []
    if layout in (Layout.READINGS, Layout.LOAD_PROFILE):
        checks += _meter_checks(ctx, stored_meters, stored_periods)
    if layout in (Layout.PERIODS, Layout.WIDE):
        checks += _period_checks(ctx)
    if checks:
        union = join("SELECT * FROM (" + check + ")" for check in checks)
        ("INSERT INTO kt_rejects SELECT DISTINCT * FROM (" + union + ")").execute(con)


def _meter_checks(ctx: StageContext, stored_meters: bool = True, stored_periods: bool = True) -> list[Fragment]:
    cumulative = ctx.plan.layout == Layout.READINGS
    value_header = header(ctx, "reading" if cumulative else "consumption")
    meter_header = header(ctx, "meter")
    local_ts = "o.ts" if cumulative else localtime.utc_to_local("o.ts")  # interval starts are UTC
    meters = [
        # meter known with another carrier or kind, or another unit
        fragment(f"""SELECT o.line_no, $meter, o.meter, 'meter_conflict',
                   m.carrier || chr(31) || CASE WHEN m.cumulative THEN 'readings' ELSE 'interval' END
            FROM kt_ok o JOIN meters m ON m.building_id = o.building_id AND m.number = o.meter
            WHERE m.carrier <> o.carrier OR m.cumulative <> {str(cumulative).lower()}""", meter=meter_header),
        fragment("""SELECT o.line_no, $meter, o.meter, 'unit_changed', m.unit
            FROM kt_ok o JOIN meters m ON m.building_id = o.building_id AND m.number = o.meter
            WHERE m.carrier = o.carrier AND m.unit <> o.unit""", meter=meter_header),
    ]
    periods = [
        # meter data where the store has period consumption of the same building and carrier
        fragment(f"""SELECT o.line_no, $date, o.date_raw, 'overlaps_period_data',
                   strftime(c.period_start, '%d.%m.%Y') || '–' || strftime(c.period_end, '%d.%m.%Y')
                   || {IMPORT_REF}
            FROM kt_ok o JOIN consumptions c ON c.building_id = o.building_id AND c.carrier = o.carrier
            LEFT JOIN imports i ON i.import_id = c.import_id
            WHERE {local_ts} >= c.period_start AND {local_ts} < c.period_end + 1""", date=header(ctx, "date")),
    ]
    checks = (meters if stored_meters else []) + (periods if stored_periods else [])
    if cumulative:
        checks.append(_backwards_check(ctx, value_header))
    return checks


# A rollover may use at most this share of the register's range (see _backwards_check)
ROLLOVER_SHARE = 0.1


def _backwards_check(ctx: StageContext, value_header: str) -> Fragment:
    """``reading_backwards``: a reading lower than one before it (or higher than a stored one after it) of
    the same meter, file and store together; a rollover of a meter whose digits are known is no step back.

    **Digits.** A register of D digits before the decimal point counts modulo R = 10^D (five digits: after
    99.999 comes 00.000). D is the meter's stored ``meters.digits``, else what the file states for it (column
    *Stellen*/*Zählerstellen*/*Vorkommastellen*/*digits*, else the profile's ``digits``; several values in one
    file: the largest). Unknown D: every step back is rejected (the message says how to state D).

    **Rule.** A reading v below the reading p before it is a rollover when ``R - p + v <= R / 10``: the
    consumption across the rollover is at most a tenth of the range, which needs p in the top tenth of the
    range (p >= 0.9 R) and v in the bottom tenth. Reason: a register is sized to go round in years, so one
    reading interval uses a small part of it; a genuine rollover therefore lies just below R before and just
    above 0 after. A step back that does not fit (1.000 → 900, a swapped digit, a reading of another meter,
    99.000 → 50.000) is an error of the data, not a rollover, and stays ``reading_backwards``; its message
    names the digits. After a rollover the meter's readings count on from R (``level`` = v + R × rollovers
    so far), so the usual comparison applies: a reading below the highest level before it, or above the
    lowest stored level after it, is rejected. The monthly rollup adds R to a negative difference of a meter
    with known digits (:mod:`ktdash.analytics.rollup`), which this check lets through only for such rollovers.
    """
    return fragment(f"""
        WITH file AS (
            SELECT line_no, building_key, meter, ts, value, value_raw, digits FROM kt_ok
        ), stored AS (
            SELECT NULL::BIGINT AS line_no, lower(b.name) AS building_key, m.number AS meter, r.ts, r.value,
                   NULL AS value_raw, NULL::INTEGER AS digits
            FROM readings r JOIN meters m USING (meter_id) JOIN buildings b USING (building_id)
            WHERE b.municipality_key = $municipality
              AND (lower(b.name), m.number) IN (SELECT building_key, meter FROM file)
              AND (lower(b.name), m.number, r.ts) NOT IN (SELECT building_key, meter, ts FROM file)
        ), digits AS (  -- the stored meter's digits first, else the file's
            SELECT f.building_key, f.meter, coalesce(max(m.digits), max(f.digits)) AS d
            FROM file f LEFT JOIN (
                SELECT lower(b.name) AS building_key, m.number AS meter, m.digits
                FROM meters m JOIN buildings b USING (building_id)
                WHERE b.municipality_key = $municipality AND m.digits IS NOT NULL) m
              USING (building_key, meter)
            GROUP BY f.building_key, f.meter
        ), steps AS (
            SELECT u.*, g.d, 10::DOUBLE ^ g.d AS range,
                   lag(u.value) OVER (PARTITION BY u.building_key, u.meter ORDER BY u.ts, u.line_no) AS prev
            FROM (SELECT * FROM file UNION ALL SELECT * FROM stored) u JOIN digits g USING (building_key, meter)
        ), wrapped AS (
            SELECT *, value + range * sum(CASE WHEN value < prev AND prev < range
                                                    AND range - prev + value <= range * {ROLLOVER_SHARE}
                                               THEN 1 ELSE 0 END)
                          OVER (PARTITION BY building_key, meter ORDER BY ts, line_no
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS level
            FROM steps
        ), series AS (
            SELECT *, coalesce(level, value) AS level_or_value FROM wrapped
        ), bounds AS (
            SELECT *,
                max(level_or_value) OVER before AS before_max,
                arg_max(value, level_or_value) OVER before AS before_value,
                min(CASE WHEN line_no IS NULL THEN level_or_value END) OVER after AS stored_after_min,
                arg_min(value, CASE WHEN line_no IS NULL THEN level_or_value END) OVER after AS stored_after_value
            FROM series
            WINDOW before AS (PARTITION BY building_key, meter ORDER BY ts, line_no
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                   after AS (PARTITION BY building_key, meter ORDER BY ts
                             ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
        )
        SELECT line_no, $column, value_raw, 'reading_backwards',
               {_de_number('CASE WHEN level_or_value < before_max THEN before_value ELSE stored_after_value END')}
               || CASE WHEN d IS NOT NULL THEN chr(31) || CAST(d AS VARCHAR) ELSE '' END
        FROM bounds
        WHERE line_no IS NOT NULL AND (level_or_value < before_max OR level_or_value > stored_after_min)""",
                    municipality=ctx.municipality_key, column=value_header)


# The stored rows' import ``i`` appended to a rejection's detail: ␟number␟date␟file (ktdash.i18n.texts.DETAIL_PARTS
# makes the message name it and offer to replace it); '' when the import is not known
IMPORT_REF = ("coalesce(chr(31) || CAST(i.import_id AS VARCHAR) || chr(31) || strftime(i.created_at, '%d.%m.%Y') "
              "|| chr(31) || i.file_name, '')")


def _stored_local(ts: str) -> str:
    """The local time of a stored reading's ``ts`` (interval meters, ``m``, store UTC; ktdash.core.localtime)."""
    return f"CASE WHEN m.cumulative THEN {ts} ELSE {localtime.utc_to_local(ts)} END"


def _period_checks(ctx: StageContext) -> list[str]:
    period = ("strftime({t}.period_start, '%d.%m.%Y') || '–' || strftime({t}.period_end, '%d.%m.%Y')")
    return [
        # overlapping periods inside the file
        f"""SELECT a.line_no, a.value_column, a.value_raw, 'period_overlap',
                   any_value({period.format(t='b')}) || chr(31) || CAST(min(b.line_no) AS VARCHAR)
            FROM kt_ok a JOIN kt_ok b
              ON a.building_key = b.building_key AND a.carrier = b.carrier AND a.meter = b.meter
             AND (a.period_start <> b.period_start OR a.period_end <> b.period_end)
             AND a.period_start <= b.period_end AND b.period_start <= a.period_end
            GROUP BY ALL""",
        # overlapping a stored period of another length
        f"""SELECT o.line_no, o.value_column, o.value_raw, 'period_overlap', {period.format(t='c')} || {IMPORT_REF}
            FROM kt_ok o JOIN consumptions c
              ON c.building_id = o.building_id AND c.carrier = o.carrier AND c.meter_number = o.meter
             AND (c.period_start <> o.period_start OR c.period_end <> o.period_end)
             AND c.period_start <= o.period_end AND o.period_start <= c.period_end
            LEFT JOIN imports i ON i.import_id = c.import_id""",
        # meter data of the same building and carrier in the period (of several imports: the first)
        f"""SELECT o.line_no, o.value_column, o.value_raw, 'overlaps_meter_data',
                   arg_min(m.number || {IMPORT_REF}, r.import_id)
            FROM kt_ok o JOIN meters m ON m.building_id = o.building_id AND m.carrier = o.carrier
            JOIN (SELECT meter_id, import_id, min(ts) AS first_ts, max(ts) AS last_ts FROM readings
                  WHERE meter_id IN (SELECT meter_id FROM meters
                                     WHERE building_id IN (SELECT building_id FROM kt_ok))
                  GROUP BY meter_id, import_id) r
              USING (meter_id)
            LEFT JOIN imports i ON i.import_id = r.import_id
            WHERE {_stored_local('r.first_ts')} < o.period_end + 1 AND {_stored_local('r.last_ts')} > o.period_start
            GROUP BY ALL""",
    ]


def make_valid(ctx: StageContext, duplicates: bool = True, view: bool = False) -> int:
    """The records to store; returns how many identical duplicates were dropped. With ``view`` (the bulk
    path, nothing to drop: no rejections, no duplicates possible) ``kt_valid`` is a view of ``kt_rec``."""
    keys = KEYS[ctx.plan.layout]
    con = ctx.con
    drop(con, "kt_valid")
    if view and not duplicates and not con.execute("SELECT count(*) FROM kt_rejects").fetchone()[0]:
        con.execute("CREATE TEMP VIEW kt_valid AS SELECT * FROM kt_rec")
        return 0
    con.execute(f"""
        CREATE TEMP TABLE kt_valid AS
        SELECT * FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)
        QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY line_no) = 1
    """)
    before = con.execute("SELECT count(*) FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)"
                         ).fetchone()[0]
    dropped = before - con.execute("SELECT count(*) FROM kt_valid").fetchone()[0]
    if dropped and ctx.plan.layout in (Layout.READINGS, Layout.LOAD_PROFILE):
        _name_duplicates(ctx, keys, dropped)
    return dropped


def _name_duplicates(ctx: StageContext, keys: str, dropped: int, shown: int = 5) -> None:
    """A note naming the identical duplicates dropped (line, the line kept, meter, date and time as in the file).
    The repeated autumn hour of a load profile is no duplicate (its two copies have different UTC times)."""
    rows = ctx.con.execute(f"""
        WITH ok AS (SELECT * FROM kt_rec WHERE line_no NOT IN (SELECT line_no FROM kt_rejects)),
        dup AS (SELECT {keys} FROM ok GROUP BY {keys} HAVING count(*) > 1)
        SELECT line_no, first_value(line_no) OVER w, meter, trim(concat_ws(' ', date_raw, time_raw))
        FROM ok SEMI JOIN dup USING ({keys})
        WINDOW w AS (PARTITION BY {keys} ORDER BY line_no)
        QUALIFY row_number() OVER w > 1 ORDER BY line_no LIMIT {shown}""").fetchall()
    items: tuple = ()
    for line, first, meter, when in rows:
        items += ("; ",) * bool(items) + (Note.of("duplicate_item", line=line, first=first, meter=meter, when=when),)
    if dropped > len(rows):
        items += (Note.of("clock_more_meters", n=dropped - len(rows)),)
    ctx.notes.append(Note.of("note_duplicates_named", items=items))
