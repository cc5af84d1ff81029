"""A built DuckDB store copied into a server-mode store (PostgreSQL), for measuring the pages in server mode.

    python bench/server_copy.py STORE.duckdb postgresql://user:password@host:port/database [--force]

The bulk path (issue 20): the PostgreSQL database is made fresh and migrated by ktdash itself
(:func:`ktdash.store.connection.open_store` with the URL: the same migrations, PostgreSQL's types), then

1. the DuckDB file is migrated too (``open_store`` on the file, as every page run does: same schema version on both
   sides) and attached **read-only** to the server-mode connection (an in-memory DuckDB whose default catalog is the
   PostgreSQL database, :mod:`ktdash.store.server`);
2. the rows the migrations seeded (``schema_migrations``, ``store_state``, ``topics`` …) are removed
   (``TRUNCATE`` of every table of the schema ``main``, by PostgreSQL), and every table is copied with one
   ``INSERT INTO t (columns) SELECT columns FROM src.main.t`` — its own transaction (autocommit); the extension
   sends the rows as binary ``COPY``. Order: tables referenced by a foreign key first (ktdash's migrations declare
   none today; the order is taken from ``pg_constraint``, so one added later is respected). Columns are those the
   two sides share; a ``MAP`` column (``measures.expected_kwh``) is written as its JSON text, which is how server
   mode stores it (:data:`ktdash.store.server.PG_TYPES`);
3. every sequence is set past the ids in use: ``setval`` to the larger of the DuckDB sequence's last value and the
   maximum of the column whose default draws from it (found in ``information_schema.columns``), so the next
   ``next_id`` gives a new id;
4. ``ANALYZE`` (PostgreSQL's planner statistics, as after any bulk load), then every table's row count compared
   with the source (a difference raises).

:func:`copy_store` returns the figures: seconds of the migration, the copy (per table) and ``ANALYZE``, rows,
``pg_database_size``, the DuckDB file's size and this process's peak memory (``ru_maxrss``). :func:`ensure_copy`
reuses a database whose row counts already match the source (``bench/page_speed.py --server``).
Figures: ``bench/RESULTS.md``, "Issue 20: Deutschland-Größe im Servermodus".
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCHEMA = "main"


@dataclass
class CopyInfo:
    url: str
    database: str
    reused: bool
    rows: int
    tables: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # migrate, copy, sequences, analyze, total
    table_seconds: dict[str, float] = field(default_factory=dict)
    pg_bytes: int = 0
    duckdb_bytes: int = 0
    peak_mb: float = 0.0


def database_url(server_url: str, database: str) -> str:
    """``server_url`` with its database replaced by ``database`` (user, password, host, port and options kept)."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _admin(url: str):
    """An autocommit psycopg connection to the server of ``url`` (its own database)."""
    import psycopg

    return psycopg.connect(url, autocommit=True)


def recreate_database(server_url: str, database: str) -> None:
    """Drop ``database`` if it exists and create it empty (from a connection to ``server_url``'s database)."""
    with _admin(server_url) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {_quoted(database)} WITH (FORCE)")
        pg.execute(f"CREATE DATABASE {_quoted(database)}")


def drop_database(server_url: str, database: str) -> None:
    with _admin(server_url) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {_quoted(database)} WITH (FORCE)")


def source_counts(store: Path) -> dict[str, int]:
    """Row count of every table of the DuckDB store (opened read-only)."""
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                            "AND NOT temporary ORDER BY 1").fetchall()]
        return {t: con.execute(f"SELECT count(*) FROM {_quoted(t)}").fetchone()[0] for t in tables}
    finally:
        con.close()


def server_counts(url: str, tables) -> dict[str, int] | None:
    """Row count of each of ``tables`` in the PostgreSQL store at ``url``; None if the database or a table is
    missing."""
    import psycopg

    try:
        with psycopg.connect(url) as pg:
            present = {r[0] for r in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s",
                                                [SCHEMA]).fetchall()}
            if not set(tables) <= present:
                return None
            return {t: pg.execute(f"SELECT count(*) FROM {SCHEMA}.{_quoted(t)}").fetchone()[0] for t in tables}
    except psycopg.OperationalError:  # no such database
        return None


def _order(pg, tables: list[str]) -> list[str]:
    """``tables`` with every table referenced by a foreign key before the tables referencing it."""
    edges = pg.execute("SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
                       "WHERE c.contype = 'f' AND c.connamespace = to_regnamespace(%s)", [SCHEMA]).fetchall()
    needs: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in edges:
        child, parent = child.split(".")[-1].strip('"'), parent.split(".")[-1].strip('"')
        if child in needs and parent in needs and child != parent:
            needs[child].add(parent)
    ordered: list[str] = []
    while needs:
        ready = sorted(t for t, parents in needs.items() if not parents - set(ordered))
        if not ready:
            raise RuntimeError(f"foreign keys in a cycle: {sorted(needs)}")
        ordered += ready
        for t in ready:
            del needs[t]
    return ordered


def _columns(con, catalog: str, table: str) -> list[tuple[str, str]]:
    return con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $db "
                       "AND schema_name = 'main' AND table_name = $t ORDER BY column_index",
                       {"db": catalog, "t": table}).fetchall()


def _copy_tables(con, pg, tables: list[str], log) -> dict[str, float]:
    """``INSERT … SELECT`` of every table from the attached ``src`` into the server store (autocommit each)."""
    seconds = {}
    for table in tables:
        target = {name for name, _ in _columns(con, con.execute("SELECT current_database()").fetchone()[0], table)}
        columns = [(name, kind) for name, kind in _columns(con, "src", table) if name in target]
        names = ", ".join(_quoted(name) for name, _ in columns)
        values = ", ".join(f"to_json({_quoted(name)})::VARCHAR" if kind.upper().startswith("MAP") else _quoted(name)
                           for name, kind in columns)
        started = time.perf_counter()
        con.execute(f"INSERT INTO {_quoted(table)} ({names}) SELECT {values} FROM src.main.{_quoted(table)}")
        seconds[table] = time.perf_counter() - started
        if seconds[table] > 5:
            log(f"  {table}: {seconds[table]:.1f} s")
    return seconds


def _set_sequences(con, pg) -> None:
    """Every sequence of the schema past the ids in use (module docstring, 3.)."""
    last = {name: value for name, value in con.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences() WHERE database_name = 'src'").fetchall()}
    for table, column, default in pg.execute(
            "SELECT table_name, column_name, column_default FROM information_schema.columns "
            "WHERE table_schema = %s AND column_default LIKE 'nextval(%%'", [SCHEMA]).fetchall():
        sequence = default.split("'")[1].split(".")[-1]
        used = pg.execute(f"SELECT max({_quoted(column)}) FROM {SCHEMA}.{_quoted(table)}").fetchone()[0]
        value = max(v for v in (used, last.get(sequence), 0) if v is not None)
        if value >= 1:
            pg.execute("SELECT setval(%s, %s, true)", [f"{SCHEMA}.{sequence}", value])


def copy_store(store: Path, url: str, log=print) -> CopyInfo:
    """Make the PostgreSQL database of ``url`` anew and copy the DuckDB store ``store`` into it (module docstring)."""
    from ktdash.access.backup import path_literal
    from ktdash.store.connection import open_store

    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    server_url = database_url(url, "postgres")
    total = time.perf_counter()
    open_store(store).close()  # the file at the code's schema version (as every page run opens it)
    counts = source_counts(store)
    recreate_database(server_url, database)
    info = CopyInfo(url, database, False, sum(counts.values()), counts, duckdb_bytes=store.stat().st_size)

    started = time.perf_counter()
    con = open_store(url)  # migrates the new database: ktdash's schema in PostgreSQL
    info.seconds["migrate"] = time.perf_counter() - started
    try:
        with _admin(url) as pg:
            tables = _order(pg, sorted(counts))
            pg.execute("TRUNCATE " + ", ".join(f"{SCHEMA}.{_quoted(t)}" for t in tables))  # the migrations' seeds
            con.execute(f"ATTACH {path_literal(store)} AS src (READ_ONLY)")
            started = time.perf_counter()
            info.table_seconds = _copy_tables(con, pg, tables, log)
            info.seconds["copy"] = time.perf_counter() - started
            started = time.perf_counter()
            _set_sequences(con, pg)
            info.seconds["sequences"] = time.perf_counter() - started
            con.execute("DETACH src")
            started = time.perf_counter()
            pg.execute("ANALYZE")
            info.seconds["analyze"] = time.perf_counter() - started
            info.pg_bytes = pg.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    finally:
        con.close()
    copied = server_counts(url, counts)
    if copied != counts:
        differ = {t: (counts[t], (copied or {}).get(t)) for t in counts if (copied or {}).get(t) != counts[t]}
        raise RuntimeError(f"{database}: row counts differ after the copy (source, server): {differ}")
    info.seconds["total"] = time.perf_counter() - total
    info.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return info


def ensure_copy(store: Path, url: str, force: bool = False, log=print) -> CopyInfo:
    """The server store at ``url`` with the rows of ``store``: reused when every table's row count matches the
    (migrated) source, else copied anew (:func:`copy_store`)."""
    from ktdash.store.connection import open_store

    if not force:
        open_store(store).close()
        counts = source_counts(store)
        if server_counts(url, counts) == counts:
            with _admin(url) as pg:
                size = pg.execute("SELECT pg_database_size(current_database())").fetchone()[0]
            return CopyInfo(url, urlsplit(url).path.lstrip("/"), True, sum(counts.values()), counts,
                            pg_bytes=size, duckdb_bytes=store.stat().st_size)
    return copy_store(store, url, log=log)


def describe(info: CopyInfo) -> str:
    if info.reused:
        return (f"{info.database}: reused ({info.rows:,} rows match), PostgreSQL {info.pg_bytes / 1e6:,.0f} MB "
                f"(DuckDB file {info.duckdb_bytes / 1e6:,.0f} MB)")
    slowest = sorted(info.table_seconds.items(), key=lambda item: -item[1])[:3]
    return (f"{info.database}: {info.rows:,} rows in {len(info.tables)} tables copied in {info.seconds['total']:.1f} s "
            f"(migrate {info.seconds['migrate']:.1f} s, copy {info.seconds['copy']:.1f} s — "
            + ", ".join(f"{t} {s:.1f} s" for t, s in slowest)
            + f"; sequences {info.seconds['sequences']:.1f} s, ANALYZE {info.seconds['analyze']:.1f} s); "
              f"PostgreSQL {info.pg_bytes / 1e6:,.0f} MB against the DuckDB file's {info.duckdb_bytes / 1e6:,.0f} MB "
              f"(× {info.pg_bytes / max(info.duckdb_bytes, 1):.1f}); peak memory {info.peak_mb:,.0f} MB")


def main(argv: list[str] | None = None) -> int:
    from ktdash.store.server import shown

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="the DuckDB store (e.g. bench/.cache/monthly_x1_….duckdb)")
    parser.add_argument("url", help="postgresql://user:password@host:port/database — made anew (dropped first)")
    parser.add_argument("--force", action="store_true", help="copy even when the row counts match already")
    args = parser.parse_args(argv)
    info = ensure_copy(args.store, args.url, force=args.force)
    print(shown(describe(info)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
