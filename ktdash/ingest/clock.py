"""Load-profile timestamps to UTC: the time zone of a file, the repeated and the missing hour, the notes.

Interval values are stored in UTC (interval start); the rules of German civil time are in
:mod:`ktdash.core.localtime`. How a timestamp of a load profile is read:

1. A cell with an offset (``2023-10-29T02:15:00+02:00``, ``+0100``, ``Z``, ``UTC`` after the time) is that
   instant.
2. Otherwise the file's zone: the mapping profile's ``timezone``, else ``UTC`` when the header of the date or
   time column says so (``Zeitstempel (UTC)``), else German civil time (Europe/Berlin).
3. Civil time, per meter: the autumn hour 02:00–03:00 comes twice; the first occurrence of a time (in the
   order of the file's lines) is summer time (+02:00), the second winter time (+01:00), a third is a true
   duplicate of the second. The marks of meter-data portals decide instead of the order: ``2A``/``A`` is
   the first (summer time), ``2B``/``B`` and ``*`` the second (winter time).
4. A meter with times in the spring hour 02:00–03:00 (which civil time does not have) is read as MEZ
   without summer time (UTC+01:00 all year): exports that write 96 quarter hours every day do that.
5. A timestamp at the interval end (profile ``timestamp = end``, a header ``bis``/``Ende``/``Intervallende``)
   is turned into UTC first, then moved back by one interval.

Both import paths call :func:`resolve` with their rows (the general path on ``kt_stage``, the bulk path on
``kt_stage_all``); only the rows of the two days of clock changes are looked at row by row (a filter, no
window over the whole file).
"""

from __future__ import annotations

from ktdash.core import localtime
from ktdash.ingest.results import Note

MAX_METERS_NAMED = 3


def zone(ctx) -> str:
    """The zone of timestamps without an offset: ``UTC`` or ``Europe/Berlin``."""
    if ctx.profile is not None and getattr(ctx.profile, "timezone", None):
        return ctx.profile.timezone
    return ctx.plan.time_zone or localtime.ZONE_LOCAL


def stamps_end(ctx) -> bool:
    """Whether a load profile's timestamp marks the interval end."""
    return bool(ctx.profile is not None and ctx.profile.timestamp == "end") or ctx.plan.stamp_end


def utc_sql(ctx, ts: str, offset: str, mark: str, mez: str) -> str:
    """UTC of a row: ``ts`` its wall-clock time, ``offset`` the cell's offset in minutes (or NULL), ``mark``
    'B' for the second occurrence of the repeated hour, ``mez`` true for a meter read as UTC+01:00."""
    if zone(ctx) == localtime.ZONE_UTC:
        base = ts
    else:
        second = f"{mark} = 'B'"
        base = f"CASE WHEN {mez} THEN {ts} - INTERVAL 1 HOUR ELSE {localtime.local_to_utc(ts, second)} END"
    return f"CASE WHEN {offset} IS NULL THEN {base} ELSE {ts} - to_minutes({offset}) END"


def resolve(ctx, rows: str) -> None:
    """From ``rows`` (a SELECT of the file's data rows with a parsed timestamp: ``rid`` a row id, ``line_no``,
    ``meter``, ``ts`` the wall-clock time, ``tz_offset``, ``mark``) the small tables ``kt_clock_days`` (the
    rows on days of clock changes, local time, no offset), ``kt_clock_mez`` (meters read as UTC+01:00) and
    ``kt_clock_second`` (``rid`` of unmarked rows that are the second occurrence of a repeated time: an earlier
    row of the same meter and time that is not marked as the second, so ``02:15`` after ``02:15*`` is the
    first)."""
    con = ctx.con
    local = zone(ctx) == localtime.ZONE_LOCAL
    day = "ts - INTERVAL 1 MINUTE" if stamps_end(ctx) else "ts"  # an end stamp 00:00 closes the day before
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_clock_days AS
        SELECT rid, line_no, meter, ts, mark, ({day})::DATE AS day FROM ({rows})
        WHERE {str(local).lower()} AND tz_offset IS NULL AND {localtime.change_day(day)}""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_clock_mez AS
        SELECT DISTINCT meter FROM kt_clock_days WHERE month(day) = 3 AND hour(ts) = 2 AND mark IS NULL""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_clock_second AS
        SELECT rid FROM kt_clock_days
        WHERE month(day) = 10 AND hour(ts) = 2 AND meter NOT IN (SELECT meter FROM kt_clock_mez)
        QUALIFY mark IS NULL
            AND row_number() OVER (PARTITION BY meter, ts, coalesce(mark = 'B', false) ORDER BY line_no) >= 2""")


def _intervals(interval: int) -> Note:
    return Note.of({15: "clock_quarter_hours", 60: "clock_hours"}.get(interval, "clock_values"))


def add_notes(ctx, interval: int, offsets: int, meters: int) -> None:
    """The preview's notes on time: the zone, offsets honoured, and per meter and day of a clock change how
    it was handled (meters with the same outcome in one note). ``offsets``: rows with an offset; ``meters``:
    meters in the file."""
    con = ctx.con
    if zone(ctx) == localtime.ZONE_UTC:
        ctx.notes.append(Note.of("note_time_utc"))
    if offsets:
        ctx.notes.append(Note.of("note_time_offsets", n=offsets))
    if stamps_end(ctx):
        ctx.notes.append(Note.of("note_timestamp_end"))
    if interval > 60:
        return
    rows = con.execute("""
        SELECT d.meter, d.day, month(d.day) = 3 AS spring, count(*) AS n,
               count(*) FILTER (WHERE hour(d.ts) = 2) AS in_hour,
               count(*) FILTER (WHERE hour(d.ts) = 2 AND (d.mark = 'B' OR s.rid IS NOT NULL)) AS second,
               max(x.meter IS NOT NULL) AS mez
        FROM kt_clock_days d LEFT JOIN kt_clock_second s USING (rid) LEFT JOIN kt_clock_mez x USING (meter)
        GROUP BY d.meter, d.day ORDER BY d.day, d.meter""").fetchall()
    grouped: dict[Note, list[str]] = {}
    for meter, day, spring, n, in_hour, second, mez in rows:
        fields = {"day": day, "n": n, "intervals": _intervals(interval)}  # a date: texts.note formats it
        grouped.setdefault(_day_note(fields, spring, in_hour, second, mez), []).append(meter)
    for note, names in grouped.items():
        ctx.notes.append(_with_meters(note, names) if meters > 1 else note)


def _day_note(fields: dict, spring: bool, in_hour: int, second: int, mez: bool) -> Note:
    """How one meter's day of a clock change was handled: ``in_hour`` values in the hour 2:00–3:00 of it,
    ``second`` of them taken as the repeated (winter-time) hour; ``mez``: the meter keeps winter time."""
    if mez:
        return Note.of("note_clock_mez" if spring else "note_clock_mez_autumn", **fields)
    if spring:
        return Note.of("note_clock_spring", **fields)
    if in_hour == 0:
        return Note.of("note_clock_autumn_missing", **fields)
    if 0 < second < in_hour:
        return Note.of("note_clock_autumn_both", **fields)
    return Note.of("note_clock_autumn_once", **fields,
                   season=Note.of("clock_winter_time" if second else "clock_summer_time"))


def _with_meters(note: Note, names: list[str]) -> Note:
    """``note`` for the meters ``names`` (the first :data:`MAX_METERS_NAMED` named, the rest counted)."""
    shown: tuple = (", ".join(names[:MAX_METERS_NAMED]),)
    more = len(names) - MAX_METERS_NAMED
    if more > 0:
        shown += (Note.of("clock_more_meters", n=more),)
    return Note.of("note_clock_meters", meters=shown, note=note)
