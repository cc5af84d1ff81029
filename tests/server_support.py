"""Server-mode stores for the tests (issue 20): the ``store`` fixture of conftest runs each of its tests on an
embedded in-memory store and, when ``KTDASH_TEST_PG`` names a PostgreSQL database where the tests may
``CREATE DATABASE`` (``.ci/run`` starts one), the tests of :data:`SERVER_MODULES` on a PostgreSQL store too (test
id ``[server]``; ``KTDASH_TEST_SERVER_ALL=1``: every store test).

Per test process (xdist worker) one database ``kt_t_<worker>_<pid>`` (the process id: two runs against one server
do not meet), made at its first server test: migrations, master data, then a copy of every table's rows in the
schema ``kt_seed``. Each test gets a cursor of the process's connection to it; after the test, one PostgreSQL
transaction puts every table back as the copy has it and sets the sequences back. Measured: a new database per
test from a template cost about 1.5 s a test (CREATE DATABASE, opening the store, DROP); the reset takes 3 ms, the
first server test of a process 1.4 s more (the database).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from fnmatch import fnmatch
from urllib.parse import urlsplit, urlunsplit

ENV = "KTDASH_TEST_PG"


def base_url() -> str | None:
    """The URL of ``KTDASH_TEST_PG`` (``None``: unset, the tests run embedded only)."""
    return os.environ.get(ENV, "").strip() or None


# The modules whose store tests also run on PostgreSQL: what server mode changes — ids, imports and their undo,
# the MAP column, accounts and audit, network, profiles, sharing. The other store tests (analytics on the same SQL,
# the spike's Q6) cost as much again in server mode as embedded (measured 2026-12-04, -n 0: all 421 server tests
# 417 s against 295 s for their embedded runs; these modules 154 s): KTDASH_TEST_SERVER_ALL=1 runs every one.
SERVER_MODULES = ("test_import*.py", "test_undo.py", "test_measures.py", "test_network*.py", "test_talk*.py",
                  "test_alerts.py", "test_edits.py", "test_access.py", "test_people.py", "test_profile*.py",
                  "test_store_sharing.py", "test_server*.py", "test_campaign_import.py", "test_verified.py")
ALL_ENV = "KTDASH_TEST_SERVER_ALL"


def modes(module_file: str = "") -> list[str]:
    """The store modes the ``store`` fixture runs the tests of ``module_file`` (a test file's name) in."""
    if not base_url():
        return ["embedded"]
    if os.environ.get(ALL_ENV, "") not in ("", "0") or any(fnmatch(module_file, p) for p in SERVER_MODULES):
        return ["embedded", "server"]
    return ["embedded"]


def with_database(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def problem() -> str | None:
    """Why server mode cannot be tested here (``None``: it can): ``KTDASH_TEST_PG`` unset, or its server does not
    answer or refuses ``CREATE DATABASE``."""
    from ktdash.store.server import scrub, shown

    url = base_url()
    if url is None:
        return f"{ENV} is not set (a PostgreSQL URL where the tests may CREATE DATABASE; .ci/run sets it)"
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=5) as con:
            allowed = con.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
                                  ).fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is the message
        return f"{ENV}={shown(url)} cannot be used: {type(exc).__name__}: {scrub(str(exc))}"
    if not allowed or not allowed[0]:
        return f"{ENV}={shown(url)}: the role may not CREATE DATABASE"
    return None


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(base_url(), autocommit=True) as con:
        con.execute(sql)


def forget(url: str) -> None:
    """Close what this process keeps of the store ``url`` (the write-lock connection of ktdash.store.server)."""
    from ktdash.store import server

    with server._SERVERS_LOCK:  # noqa: SLF001 - the tests' database goes at the end; the product keeps its store
        kept = server._SERVERS.pop(url, None)  # noqa: SLF001
    if kept is not None and kept.lock_con is not None:
        with contextlib.suppress(Exception):
            kept.lock_con.close()


def drop(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Database:
    """This process's server-mode test store: made once, put back to its seed after every test."""

    def __init__(self, worker: str, fill: Callable) -> None:
        self.name = f"kt_t_{worker}_{os.getpid()}".lower().replace("-", "_")
        self.fill = fill  # fill(con): master data into a freshly migrated store
        self.url = with_database(base_url(), self.name)
        self.con = None  # the DuckDB connection (open_store); tests get cursors of it
        self.admin = None  # a psycopg connection for the reset
        self.tables: list[str] = []
        self.reset_sql = ""

    def _make(self) -> None:
        import psycopg

        from ktdash.store.connection import open_store

        drop(self.name)
        _admin(f'CREATE DATABASE "{self.name}"')
        self.con = open_store(self.url)
        self.fill(self.con)
        self.con.execute("SELECT 1").fetchall()  # ends the last statement's read (its PostgreSQL transaction)
        self.admin = psycopg.connect(self.url, autocommit=True)
        self.tables = [t for (t,) in self.admin.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'main' ORDER BY 1").fetchall()]
        sequences = self.admin.execute("SELECT sequencename, start_value, last_value FROM pg_sequences "
                                       "WHERE schemaname = 'main' ORDER BY 1").fetchall()
        self.admin.execute("CREATE SCHEMA kt_seed")
        steps = ["SET LOCAL lock_timeout = '20s'"]
        for table in self.tables:
            steps.append(f'DELETE FROM main."{table}"')  # not TRUNCATE: a read of a leaked cursor would block it
            self.admin.execute(f'CREATE TABLE kt_seed."{table}" AS TABLE main."{table}"')
            if self.admin.execute(f'SELECT EXISTS (SELECT 1 FROM kt_seed."{table}")').fetchone()[0]:
                steps.append(f'INSERT INTO main."{table}" SELECT * FROM kt_seed."{table}"')
        steps += [f"SELECT setval('main.\"{name}\"', {last if last is not None else start}, {last is not None})"
                  for name, start, last in sequences]
        self.reset_sql = ";\n".join(steps)

    def store(self):
        """A cursor of the store (the database made at the first call)."""
        if self.con is None:
            self._make()
        return self.con.cursor()

    def reset(self, cursor) -> None:
        """After a test: its cursor closed (an open transaction rolled back), every table as after :meth:`_make`
        (a table the test made is dropped), the sequences where they were."""
        cursor.close()
        extra = [t for (t,) in self.admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'main'")
                 if t not in self.tables]
        with self.admin.transaction():
            for table in extra:
                self.admin.execute(f'DROP TABLE main."{table}"')
            self.admin.execute(self.reset_sql)
        if extra:
            self.con.execute("CALL pg_clear_cache()")

    def close(self) -> None:
        if self.con is None:
            return
        with contextlib.suppress(Exception):
            self.con.close()
        with contextlib.suppress(Exception):
            self.admin.close()
        forget(self.url)
        drop(self.name)
