"""German civil time (Europe/Berlin) as SQL arithmetic: the one place for the time-zone rules.

Interval values of load profiles (meters with ``cumulative = false``) are stored in UTC in ``readings.ts``
(the interval start); cumulative meter readings stay in local civil time (a date read on site). The import
turns local times into UTC, the rollup turns UTC back into the local month. Both run on millions of rows,
so the rule is arithmetic, not a time-zone lookup per row:

* Central European Time (MEZ) is UTC+01:00; summer time (MESZ) UTC+02:00 from the last Sunday of March
  01:00 UTC to the last Sunday of October 01:00 UTC (Directive 2000/84/EC, in force since 2002; the same
  rule as the tz database's ``Europe/Berlin`` from 1996 on). The last Sunday of a 31-day month is day
  ``31 - dayofweek(<month>-31)`` (DuckDB: Sunday = 0).
* In local time the spring hour 02:00–03:00 does not exist and the autumn hour 02:00–03:00 comes twice.
  :func:`local_to_utc` reads the repeated hour as summer time (+02:00, the first occurrence) unless
  ``second`` says it is the second occurrence (+01:00). A non-existent spring time such as 02:15 is read with
  the offset before the change (+01:00: 02:15 → 01:15 UTC, the instant the clocks show as 03:15), as
  DuckDB's ICU ``timezone('Europe/Berlin', …)`` does; the import does not let such a time collide with
  03:15 (a series with times in that hour is read as MEZ all year, :mod:`ktdash.ingest.clock`).

``tests/test_load_profile_time.py`` compares both directions with ICU for every quarter hour of several
years. Expressions are built as text; pass a column or a cheap expression (it is repeated).
"""

from __future__ import annotations

ZONE_LOCAL = "Europe/Berlin"
ZONE_UTC = "UTC"
ZONES = (ZONE_LOCAL, ZONE_UTC)


def last_sunday(ts: str) -> str:
    """Day of month of the last Sunday of the month of ``ts`` (for March and October: 31-day months)."""
    return f"(31 - dayofweek(make_date(year({ts}), month({ts}), 31)))"


def summer_local(ts: str, second: str = "false") -> str:
    """Whether the local (wall-clock) time ``ts`` is summer time; ``second``: an SQL boolean, true for the
    second occurrence of the repeated autumn hour. A non-existent spring time counts as winter time."""
    ls = last_sunday(ts)
    return (f"(CASE WHEN month({ts}) BETWEEN 4 AND 9 THEN true "
            f"WHEN month({ts}) = 3 THEN day({ts}) > {ls} OR (day({ts}) = {ls} AND hour({ts}) >= 3) "
            f"WHEN month({ts}) = 10 THEN day({ts}) < {ls} OR (day({ts}) = {ls} AND (hour({ts}) < 2 "
            f"OR (hour({ts}) = 2 AND NOT coalesce({second}, false)))) "
            f"ELSE false END)")


def local_to_utc(ts: str, second: str = "false") -> str:
    """UTC (naive TIMESTAMP) of the local time ``ts``; see :func:`summer_local`."""
    return f"({ts} - CASE WHEN {summer_local(ts, second)} THEN INTERVAL 2 HOUR ELSE INTERVAL 1 HOUR END)"


def summer_utc(ts: str) -> str:
    """Whether the UTC time ``ts`` falls in summer time."""
    ls = last_sunday(ts)
    return (f"(CASE WHEN month({ts}) BETWEEN 4 AND 9 THEN true "
            f"WHEN month({ts}) = 3 THEN day({ts}) > {ls} OR (day({ts}) = {ls} AND hour({ts}) >= 1) "
            f"WHEN month({ts}) = 10 THEN day({ts}) < {ls} OR (day({ts}) = {ls} AND hour({ts}) < 1) "
            f"ELSE false END)")


def utc_to_local(ts: str) -> str:
    """Local wall-clock time (naive TIMESTAMP) of the UTC time ``ts``."""
    return f"({ts} + CASE WHEN {summer_utc(ts)} THEN INTERVAL 2 HOUR ELSE INTERVAL 1 HOUR END)"


def local_month(ts: str) -> str:
    """First day (DATE) of the local month of the UTC time ``ts``."""
    return f"date_trunc('month', {utc_to_local(ts)})::DATE"


def change_day(ts: str) -> str:
    """Whether the local time ``ts`` is on a day the clocks change (last Sunday of March or October):
    a Sunday from the 25th of those months on is the last one."""
    return f"(month({ts}) IN (3, 10) AND day({ts}) >= 25 AND dayofweek({ts}) = 0)"
