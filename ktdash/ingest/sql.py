"""SQL building blocks of the import: lookup tables and macros on the connection.

All parsing of cells (numbers, dates, months, synonyms) happens in DuckDB with
these macros; Python only assembles the statements.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ktdash.core.domain import CARRIER_SYNONYMS, CATEGORY_SYNONYMS, MONTH_SYNONYMS, UNIT_SYNONYMS, fold, synonym_rows
from ktdash.core.units import conversion_rows

SHORT_YEAR_FORMATS = ["%d.%m.%y %H:%M:%S", "%d.%m.%y %H:%M", "%d.%m.%y"]
DATE_FORMATS = [
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
    "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y/%m/%d",
]

TOTALS_ROW_PATTERN = r"^(summe|summen|gesamt|gesamtsumme|insgesamt|jahressumme|total|totals|sum)(\W|$)"


def q(text: str) -> str:
    """A SQL string literal — for constants of the code only (regex patterns, rejection codes, enum values,
    date formats), never for values: whatever comes from the user, the file, the session or the store (a
    municipality, today's date, a header of the file, a path, an import id) goes in as a parameter
    (:class:`Fragment`, or ``con.execute(sql, {"name": value})``). tests/test_sql_values.py enforces it."""
    return "'" + str(text).replace("'", "''") + "'"


_NUMBERS = itertools.count(1)
_NAME = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Fragment:
    """A piece of SQL with the values of its named parameters (``$name``). Fragments are assembled like
    strings (``+`` with ``str`` or another Fragment, :func:`join`); their parameters travel with them and
    are merged, so a statement gets exactly the parameters its text uses. Build one with :func:`fragment`,
    which makes the names unique (``$code`` → ``$code_17``) so that fragments never clash."""

    sql: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __add__(self, other: Fragment | str) -> Fragment:
        if isinstance(other, Fragment):
            return Fragment(self.sql + other.sql, {**self.params, **other.params})
        return Fragment(self.sql + other, self.params)

    def __radd__(self, other: str) -> Fragment:
        return Fragment(other + self.sql, self.params)

    def used_params(self) -> dict[str, object]:
        """The parameters the text uses (DuckDB refuses a parameter given but not used)."""
        used = set(_NAME.findall(self.sql))
        return {name: value for name, value in self.params.items() if name in used}

    def execute(self, con):
        """Run the statement on ``con`` (a cursor or connection) with the parameters its text uses; returns
        ``con`` for fetching."""
        params = self.used_params()
        return con.execute(self.sql, params) if params else con.execute(self.sql)


def fragment(sql: str, **values) -> Fragment:
    """``sql`` with parameters ``$name`` and their ``values`` (each name given must be used, and each
    ``$name`` used must be given); the names are numbered so that no two fragments share one."""
    number = next(_NUMBERS)
    used = set(_NAME.findall(sql))
    if used != set(values):
        raise ValueError(f"parameters used {sorted(used)} and given {sorted(values)} differ")
    renamed = _NAME.sub(lambda m: f"${m.group(1)}_{number}", sql)
    return Fragment(renamed, {f"{name}_{number}": value for name, value in values.items()})


def join(parts: Iterable[Fragment | str], sep: str = "\nUNION ALL\n") -> Fragment:
    """The parts joined by ``sep`` (UNION ALL unless told), their parameters merged."""
    result = Fragment("")
    for index, part in enumerate(parts):
        result = result + (sep if index else "") + part
    return result


def given(con, name: str, value: str | None) -> str:
    """A text of the user, the file or the session (a header, a cell above the header, a profile's default) for
    SQL that is assembled from many expressions or is a view (which takes no parameters): stored in the
    temporary table ``kt_given`` of ``con`` under ``name`` (a constant of the code, e.g. ``header:meter``)
    through a parameter; returns the SQL that reads it there. :func:`ktdash.ingest.stage.reset` empties it."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS kt_given (name VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT OR REPLACE INTO kt_given VALUES (?, ?)", [name, None if value is None else str(value)])
    return f"(SELECT value FROM kt_given WHERE name = {q(name)})"


def qi(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def drop(con, name: str) -> None:
    """Drop the temporary table or view ``name`` of the connection, whichever it is."""
    for kind, in con.execute("SELECT 'VIEW' FROM duckdb_views() WHERE view_name = $name AND temporary UNION ALL "
                             "SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = $name AND temporary",
                             {"name": name}).fetchall():
        con.execute(f"DROP {kind} IF EXISTS {qi(name)}")


def _month_case() -> str:
    pairs = sorted({(fold(n), m) for m, names in MONTH_SYNONYMS.items() for n in names})
    return "CASE kt_fold(s) " + " ".join(f"WHEN {q(k)} THEN {m}" for k, m in pairs) + " END"


def fill(con, table: str, columns: tuple[str, ...], rows) -> None:
    """Insert ``rows`` into the code's own lookup table ``table`` in one statement (a list parameter per column;
    one INSERT per row took 65 ms per import on the demo)."""
    rows = list(rows)
    values = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    con.execute(f"INSERT INTO {table} SELECT {', '.join(f'unnest(${c})' for c in columns)}",
                dict(zip(columns, values, strict=True)))


def install(con, settings) -> None:
    """Create the lookup tables and macros the import uses (temporary, per connection) — once per connection and
    conversion settings: a connection that imports many files (``ktdash init``: 104) made them 104 times, about
    70 ms each (:data:`INSTALLED` records what was made)."""
    key = repr(settings.conversion)
    made = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp' AND table_name = ?",
                       [INSTALLED]).fetchone()[0]  # no failing probe: an import may prepare inside a transaction
    if made and con.execute(f"SELECT key FROM {INSTALLED}").fetchone() == (key,):
        return
    _install(con, settings)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {INSTALLED} AS SELECT CAST(? AS VARCHAR) AS key", [key])


INSTALLED = "kt_installed"  # temporary: the conversion settings the lookup tables and macros were made with


def _install(con, settings) -> None:
    for table, rows in (
        ("kt_carriers", synonym_rows(CARRIER_SYNONYMS)),
        ("kt_units", synonym_rows(UNIT_SYNONYMS)),
        ("kt_categories", synonym_rows(CATEGORY_SYNONYMS)),
    ):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (folded VARCHAR PRIMARY KEY, value VARCHAR)")
        fill(con, table, ("folded", "value"), rows)
    con.execute("CREATE OR REPLACE TEMP TABLE kt_factors (carrier VARCHAR, unit VARCHAR, factor DOUBLE,"
                " canonical_unit VARCHAR)")
    fill(con, "kt_factors", ("carrier", "unit", "factor", "canonical_unit"), conversion_rows(settings.conversion))
    formats = "[" + ", ".join(q(f) for f in DATE_FORMATS) + "]"
    short_formats = "[" + ", ".join(q(f) for f in SHORT_YEAR_FORMATS) + "]"
    con.execute(rf"""
        CREATE OR REPLACE TEMP MACRO kt_clean(s) AS nullif(trim(replace(s, chr(160), ' ')), '');
        CREATE OR REPLACE TEMP MACRO kt_fold(s) AS regexp_replace(strip_accents(
            replace(replace(replace(replace(replace(replace(
                lower(regexp_replace(s, '[(\[].*?[)\]]', '', 'g')),
                'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'), '²', '2'), '³', '3')),
            '[^a-z0-9]', '', 'g');
        CREATE OR REPLACE TEMP MACRO kt_numtext(s) AS regexp_replace(s, '[\s€' || chr(160) || ']', '', 'g');
        CREATE OR REPLACE TEMP MACRO kt_num_comma(s) AS CASE
            WHEN regexp_full_match(kt_numtext(s), '[+-]?(\d{{1,3}}(\.\d{{3}})+|\d+)(,\d+)?')
            THEN TRY_CAST(replace(replace(kt_numtext(s), '.', ''), ',', '.') AS DOUBLE) END;
        CREATE OR REPLACE TEMP MACRO kt_num_point(s) AS CASE
            WHEN regexp_full_match(kt_numtext(s), '[+-]?(\d{{1,3}}(,\d{{3}})+|\d+)(\.\d+)?([eE][+-]?\d+)?')
            THEN TRY_CAST(replace(kt_numtext(s), ',', '') AS DOUBLE) END;
        CREATE OR REPLACE TEMP MACRO kt_ts_any(s) AS CASE
            WHEN regexp_matches(trim(s), '^\d{{1,2}}\.\d{{1,2}}\.\d{{2}}(\s|$)')
            THEN try_strptime(trim(s), {short_formats})
            ELSE try_strptime(trim(s), {formats}) END;
        CREATE OR REPLACE TEMP MACRO kt_ts(s) AS CASE
            WHEN year(kt_ts_any(s)) BETWEEN 1900 AND 2200 THEN kt_ts_any(s) END;
        CREATE OR REPLACE TEMP MACRO kt_minutes(s) AS CASE
            WHEN regexp_matches(trim(s), '^\d{{1,2}}:\d{{2}}')
            THEN CAST(regexp_extract(trim(s), '^(\d{{1,2}}):(\d{{2}})', 1) AS INTEGER) * 60
               + CAST(regexp_extract(trim(s), '^(\d{{1,2}}):(\d{{2}})', 2) AS INTEGER)
            -- the repeated autumn hour marked in the hour: "02A:15", "2B:15" (kt_mark)
            WHEN regexp_matches(trim(s), '^\d{{1,2}}\s?[AaBb]\s?:\d{{2}}')
            THEN CAST(regexp_extract(trim(s), '^(\d{{1,2}})', 1) AS INTEGER) * 60
               + CAST(regexp_extract(trim(s), ':(\d{{2}})', 1) AS INTEGER) END;
        -- load profiles (ktdash.ingest.clock): a cell's UTC offset in minutes ("…T02:15:00+02:00", "+0100",
        -- "Z", "UTC" after a time), the mark of the repeated autumn hour ('A' first = summer time, 'B' second =
        -- winter time: "02A:15", "2B:15", "02:15 A", "02:15B", "02:00*"), and the timestamp without them,
        -- 24:00 being the end of the day ("31.12.2023 24:00" = 01.01.2024 00:00)
        CREATE OR REPLACE TEMP MACRO kt_offset(s) AS CASE
            WHEN regexp_matches(s, '\d:\d{{2}}(:\d{{2}})?\s*(Z|UTC)$') THEN 0
            WHEN regexp_matches(s, '\d:\d{{2}}(:\d{{2}})?\s*\+\d{{2}}:?\d{{2}}$')
              OR regexp_matches(s, '\d:\d{{2}}:\d{{2}}-\d{{2}}:?\d{{2}}$')  -- "00:00-00:15" is no offset
            THEN (CASE WHEN regexp_matches(s, '-\d{{2}}:?\d{{2}}$') THEN -1 ELSE 1 END)
                 * (CAST(regexp_extract(s, '(\d{{2}}):?(\d{{2}})$', 1) AS INTEGER) * 60
                    + CAST(regexp_extract(s, '(\d{{2}}):?(\d{{2}})$', 2) AS INTEGER)) END;
        CREATE OR REPLACE TEMP MACRO kt_mark(s) AS CASE
            WHEN regexp_matches(s, '(^|\s|T)\d{{1,2}}\s?[Aa]\s?:\d{{2}}')
              OR regexp_matches(s, '\d:\d{{2}}(:\d{{2}})?\s?[Aa]$')
            THEN 'A'
            WHEN regexp_matches(s, '(^|\s|T)\d{{1,2}}\s?[Bb]\s?:\d{{2}}')
              OR regexp_matches(s, '\d:\d{{2}}(:\d{{2}})?\s?([Bb]|\*)$')
            THEN 'B' END;
        CREATE OR REPLACE TEMP MACRO kt_clock_text(s) AS regexp_replace(regexp_replace(regexp_replace(
            regexp_replace(trim(s), '(\d:\d{{2}}(:\d{{2}})?)\s*(Z|UTC|\+\d{{2}}:?\d{{2}})$', '\1'),
            '(\d:\d{{2}}:\d{{2}})-\d{{2}}:?\d{{2}}$', '\1'),
            '(^|\s|T)(\d{{1,2}})\s?[AaBb]\s?:', '\1\2:'), '(\d:\d{{2}}(:\d{{2}})?)\s?([AaBb]|\*)$', '\1');
        CREATE OR REPLACE TEMP MACRO kt_ts_end_of_day(s) AS CASE
            WHEN regexp_matches(s, '[\sT]24:00(:00)?$')
            THEN kt_ts(regexp_replace(s, '[\sT]24:00(:00)?$', '')) + INTERVAL 1 DAY ELSE kt_ts(s) END;
        CREATE OR REPLACE TEMP MACRO kt_ts_clock(s) AS CASE
            WHEN regexp_matches(s, '[A-Za-z*+]|24:00|\d:\d{{2}}:\d{{2}}-\d{{2}}:?\d{{2}}$')
            THEN kt_ts_end_of_day(kt_clock_text(s)) ELSE kt_ts(s) END;
        CREATE OR REPLACE TEMP MACRO kt_month_no(s) AS {_month_case()};
        CREATE OR REPLACE TEMP MACRO kt_ym(y, m) AS
            try_strptime(CAST(y AS VARCHAR) || '-' || CAST(m AS VARCHAR) || '-01', '%Y-%m-%d')::DATE;
        CREATE OR REPLACE TEMP MACRO kt_year(s) AS CASE
            WHEN regexp_full_match(trim(s), '\d{{4}}') THEN CAST(trim(s) AS INTEGER)
            WHEN regexp_full_match(trim(s), '\d{{4}}[.,]0+') THEN CAST(left(trim(s), 4) AS INTEGER) END;
        CREATE OR REPLACE TEMP MACRO kt_month_start(s) AS CASE
            WHEN regexp_full_match(trim(s), '\d{{1,2}}[./-]\d{{4}}')
                THEN kt_ym(regexp_extract(trim(s), '(\d{{4}})$', 1), regexp_extract(trim(s), '^(\d{{1,2}})', 1))
            WHEN regexp_full_match(trim(s), '\d{{4}}[./-]\d{{1,2}}')
                THEN kt_ym(left(trim(s), 4), regexp_extract(trim(s), '(\d{{1,2}})$', 1))
            WHEN regexp_full_match(trim(s), '[^\d\s./-]+\.?[\s./-]*(\d{{2}}|\d{{4}})')
                THEN kt_ym(CASE WHEN length(regexp_extract(trim(s), '(\d+)$', 1)) = 2
                                THEN '20' || regexp_extract(trim(s), '(\d+)$', 1)
                                ELSE regexp_extract(trim(s), '(\d+)$', 1) END,
                           kt_month_no(regexp_extract(trim(s), '^([^\d\s./-]+)', 1)))
            ELSE date_trunc('month', kt_ts(s))::DATE END;
    """)
    # natural gas: the default Zustandszahl and Brennwert (a row without its own uses them, ktdash.ingest.stage),
    # and a Zustandszahl or Brennwert cell read with either decimal mark ("0,9650", "11.234": never thousands)
    gas = settings.conversion
    con.execute(rf"""
        CREATE OR REPLACE TEMP MACRO kt_gas_z() AS {float(gas.gas_z_number)!r}::DOUBLE;
        CREATE OR REPLACE TEMP MACRO kt_gas_hs() AS {float(gas.gas_calorific_value_kwh_per_m3)!r}::DOUBLE;
        CREATE OR REPLACE TEMP MACRO kt_gas_num(s) AS CASE
            WHEN regexp_full_match(kt_numtext(s), '\d+([.,]\d+)?')
            THEN TRY_CAST(replace(kt_numtext(s), ',', '.') AS DOUBLE) END;
    """)


def number_macro(con, style: str) -> None:
    """Point ``kt_num`` at the file's number format ('comma' or 'point')."""
    con.execute(f"CREATE OR REPLACE TEMP MACRO kt_num(s) AS kt_num_{style}(s)")


def detect_decimal_style(con, table: str, columns: list[str], delimiter: str) -> str:
    """'comma' (1.234,5) or 'point' (1234.5), from the value columns of the whole file."""
    if not columns:
        return "comma"
    cells = ", ".join(f"kt_numtext({c})" for c in columns)
    comma, point = con.execute(rf"""
        SELECT count(*) FILTER (WHERE regexp_full_match(v, '[+-]?\d+(\.\d{{3}})*,\d+')),
               count(*) FILTER (WHERE regexp_full_match(v, '[+-]?\d+\.\d+([eE][+-]?\d+)?')
                                  AND NOT regexp_full_match(v, '[+-]?\d{{1,3}}(\.\d{{3}})+'))
        FROM (SELECT unnest([{cells}]) AS v FROM {table}) WHERE v IS NOT NULL
    """).fetchone()
    if comma == point == 0:
        return "point" if delimiter == "," else "comma"
    return "comma" if comma >= point else "point"
