"""The store: one embedded DuckDB file, versioned migrations, transactions.

Use :func:`open_store` to get a connection with every migration applied. The
dashboard holds one connection per process and takes a cursor per script run;
the CLI opens the file for the length of one command.
"""

from __future__ import annotations

import contextlib
import re
import threading
from importlib import resources
from pathlib import Path

import duckdb

MIGRATION_PATTERN = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class StoreLockedError(RuntimeError):
    """The DuckDB file is open read-write in another process (e.g. the dashboard)."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped in ``ktdash/migrations``, in order."""
    found = []
    for entry in resources.files("ktdash.migrations").iterdir():
        match = MIGRATION_PATTERN.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file (creating its folder); extensions are never downloaded."""
    path = Path(path)
    if str(path) != ":memory:" and not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(
            str(path),
            read_only=read_only,
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
        )
    except duckdb.IOException as exc:
        if "could not set lock" in str(exc).lower():  # not "block": a damaged file is no locked one
            raise StoreLockedError(str(path)) from exc
        raise
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration newer than the store's version, each in its own transaction."""
    applied = []
    current = schema_version(con)
    for version, name, sql in migrations():
        if version <= current:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        applied.append(name)
    return applied


def open_store(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Connect and migrate."""
    con = connect(path)
    migrate(con)
    return con


# Every write transaction of the process takes this lock, so two sessions (threads with cursors of one
# connection) writing at once queue instead of failing on a DuckDB transaction conflict; readers never take it.
# Re-entrant: a transaction() inside another one of the same connection joins it (below).
WRITE_LOCK = threading.RLock()
_OPEN = threading.local()  # ids of the connections with a transaction() open in this thread


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """BEGIN … COMMIT under the process's write lock; ROLLBACK on any exception (which is re-raised).

    Inside another transaction() of the same connection (and thread) it is part of that one: no BEGIN, no
    COMMIT, an exception rolls back the outer one (which is how an undo and an import run as one step,
    :func:`ktdash.ingest.replace_import`)."""
    with WRITE_LOCK:
        open_here = _OPEN.__dict__.setdefault("ids", set())
        if id(con) in open_here:
            yield con
            return
        con.execute("BEGIN TRANSACTION")
        open_here.add(id(con))
        try:
            yield con
        except BaseException:
            open_here.discard(id(con))
            con.execute("ROLLBACK")
            raise
        open_here.discard(id(con))
        con.execute("COMMIT")


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes with every committed import: the key for caches."""
    return int(con.execute("SELECT value FROM store_state WHERE key = 'data_version'").fetchone()[0])


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "UPDATE store_state SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'data_version'"
    )
