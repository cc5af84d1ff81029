"""Server mode's store layer on a real PostgreSQL (ktdash issue 20, point 2; :mod:`ktdash.store.server`).

The tests on a server need env ``KTDASH_TEST_PG``: a URL of a PostgreSQL database where the test may ``CREATE
DATABASE`` (e.g. ``postgresql://ktdash:ktdash@127.0.0.1:5432/postgres``); skipped without it (CI sets it,
``.ci/run``). The pure ones at the end (passwords, names, statements, settings) run everywhere. Every test
works on fresh databases ``kt_s_<random>``, dropped after. Processes are real ``python`` subprocesses: what is
shown is what two ktdash processes on one server do.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from ktdash.store.connection import (StoreError, StoreLockedError, data_version, migrations, next_ids, open_store,
                                     transaction)

PG = os.environ.get("KTDASH_TEST_PG", "").strip()
NO_PG = "KTDASH_TEST_PG (a PostgreSQL URL where the test may CREATE DATABASE) is not set"
ROOT = Path(__file__).resolve().parent.parent


def _url(database: str, password: str | None = None, port: int | None = None) -> str:
    parts = urlsplit(PG)
    user = parts.username or ""
    secret = parts.password if password is None else password
    auth = f"{user}:{secret}@" if secret else (f"{user}@" if user else "")
    return f"{parts.scheme}://{auth}{parts.hostname}:{port or parts.port or 5432}/{database}"


def _admin():
    import psycopg

    return psycopg.connect(PG, autocommit=True)


@pytest.fixture(scope="module")
def migrated():
    """The name of a database with every migration applied, the template of the tests' migrated stores (a migration
    run costs seconds; a copy of a template, milliseconds)."""
    if not PG:
        pytest.skip(NO_PG)
    name = f"kt_s_tpl_{secrets.token_hex(4)}"
    with _admin() as admin:
        admin.execute(f"CREATE DATABASE {name}")
    open_store(_url(name)).close()
    yield name
    with _admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def fresh(migrated):
    """A function making fresh databases (their URLs), empty or (``migrated=True``) copies of the migrated
    template; all dropped after the test."""
    made = []

    def make(migrated_copy: bool = False) -> str:
        name = f"kt_s_{secrets.token_hex(4)}"
        with _admin() as admin:
            if migrated_copy:  # a template must have no connection (this process's write-lock one has one)
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [migrated])
                admin.execute(f"CREATE DATABASE {name} TEMPLATE {migrated}")
            else:
                admin.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return _url(name)

    yield make
    with _admin() as admin:
        for name in made:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _run(code: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    """A python process running ``code`` (dedented) with ``args`` as sys.argv[1:]."""
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def _finish(processes: list[subprocess.Popen], timeout: float = 240) -> list[str]:
    outs = []
    for process in processes:
        out, err = process.communicate(timeout=timeout)
        assert process.returncode == 0, err[-3000:]
        outs.append(out)
    return outs


def _pg_rows(url: str, sql: str, params=()):
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        return con.execute(sql, params).fetchall()


# --- migrations -------------------------------------------------------------------------------------------------


def test_every_migration_applies_on_a_fresh_database_in_postgresql_types(fresh):
    url = fresh()
    con = open_store(url)
    assert [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()] == [
        version for version, _, _ in migrations()]
    types = dict(((table, column), kind) for table, column, kind in _pg_rows(
        url, "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'"))
    # MAP(VARCHAR, DOUBLE) has no PostgreSQL type; MAP and JSON are JSON text (server.PG_TYPES says why not jsonb)
    assert types[("measures", "expected_kwh")] == types[("measure_versions", "expected_kwh")] == "text"
    assert types[("audit_log", "detail")] == types[("mapping_profiles", "profile")] == "text"
    assert types[("consumptions", "cost_eur")] == "double precision"
    assert types[("report_assets", "logo")] == "bytea"
    views = {name for (name,) in _pg_rows(url, "SELECT table_name FROM information_schema.views "
                                               "WHERE table_schema = 'main'")}
    assert views == {"building_comparison_values", "building_stations"}
    sequences = {name for (name,) in _pg_rows(url, "SELECT sequence_name FROM information_schema.sequences")}
    assert {"seq_import", "seq_audit", "seq_measure", "seq_edit"} <= sequences
    assert data_version(con) == 0
    assert con.cursor().execute("SELECT count(*) FROM buildings").fetchone()[0] == 0  # a cursor sees the store
    con.close()
    again = open_store(url)  # nothing left to apply
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(migrations())


MIGRATE = """
    import sys, time
    from ktdash.store.connection import connect, migrate
    con = connect(sys.argv[1])
    time.sleep(max(float(sys.argv[2]) - time.time(), 0))
    print(len(migrate(con)))
"""


def test_two_processes_starting_at_once_migrate_once(fresh):
    url = fresh()
    start = str(time.time() + 4)  # both connected before, then both migrate at the same moment
    counts = [int(out) for out in _finish([_run(MIGRATE, url, start), _run(MIGRATE, url, start)])]
    assert sorted(counts) == [0, len(migrations())]  # one applied all, the other found them applied
    assert _pg_rows(url, "SELECT count(*), count(DISTINCT version) FROM main.schema_migrations") == [
        (len(migrations()), len(migrations()))]


# --- transactions -----------------------------------------------------------------------------------------------


def test_a_transaction_is_all_or_nothing(fresh):
    con = open_store(fresh(True))
    with pytest.raises(RuntimeError), transaction(con):
        con.execute("INSERT INTO store_state VALUES ('kt_test', 'x')")
        con.execute("UPDATE store_state SET value = '41' WHERE key = 'data_version'")
        raise RuntimeError("stop")
    with pytest.raises(Exception, match="duplicate key"), transaction(con):  # PostgreSQL's own error
        con.execute("INSERT INTO store_state VALUES ('kt_test', 'x')")
        con.execute("INSERT INTO store_state VALUES ('kt_test', 'y')")
    assert con.execute("SELECT count(*) FROM store_state WHERE key = 'kt_test'").fetchone()[0] == 0
    assert data_version(con) == 0
    with transaction(con):
        con.execute("INSERT INTO store_state VALUES ('kt_test', 'x')")
    assert con.execute("SELECT value FROM store_state WHERE key = 'kt_test'").fetchone()[0] == "x"


COUNTER = """
    import sys, time, json
    from ktdash.store.connection import open_store, transaction, data_version
    con = open_store(sys.argv[1])
    time.sleep(max(float(sys.argv[2]) - time.time(), 0))
    times = []
    for _ in range(50):
        t = time.perf_counter()
        with transaction(con):
            value = data_version(con)
            con.execute("UPDATE store_state SET value = ? WHERE key = 'data_version'", [str(value + 1)])
        times.append(time.perf_counter() - t)
    print(json.dumps(sorted(times)))
"""


def test_two_processes_updating_one_row_never_fail_and_lose_nothing(fresh):
    """50 read-modify-write transactions of the one ``data_version`` row in each of two processes at once: without
    the write lock the second of two overlapping ones fails with SQLSTATE 40001 (spike, Q2) or, read outside the
    lock, counts twice; with it the total is exact."""
    url = fresh(True)
    start = str(time.time() + 3)
    outs = _finish([_run(COUNTER, url, start), _run(COUNTER, url, start)])
    assert _pg_rows(url, "SELECT value FROM main.store_state WHERE key = 'data_version'") == [("100",)]
    times = sorted(t for out in outs for t in json.loads(out))
    print(f"100 transactions of two processes: median {times[50] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")


IDS = """
    import sys, json
    from ktdash.store.connection import open_store, next_ids, next_id, transaction
    con = open_store(sys.argv[1])
    ids = [next_id(con, "seq_import") for _ in range(30)]
    with transaction(con):
        ids += next_ids(con, "seq_import", 70)
    print(json.dumps(ids))
"""


def test_ids_are_unique_across_processes(fresh):
    url = fresh(True)
    outs = _finish([_run(IDS, url), _run(IDS, url)])
    ids = [i for out in outs for i in json.loads(out)]
    assert len(ids) == 200 and len(set(ids)) == 200
    con = open_store(url)
    assert next_ids(con, "seq_import", 3)[0] > max(ids)  # the sequence goes on after both
    with pytest.raises(ValueError):
        next_ids(con, "seq_import'); DROP TABLE users; --", 1)


HOLD = """
    import sys, time
    from ktdash.store.connection import open_store, transaction
    con = open_store(sys.argv[1])
    with transaction(con):
        con.execute("UPDATE store_state SET value = '7' WHERE key = 'data_version'")
        print("holding", flush=True)
        if sys.argv[2] == "stdin":  # until told
            sys.stdin.readline()
        else:
            time.sleep(float(sys.argv[2]))
"""


def test_a_writer_waits_for_another_and_a_long_wait_names_the_holder(fresh):
    from ktdash.store.sharing import open_waiting

    url = fresh(True)
    holder = _run(HOLD, url, "stdin")
    assert holder.stdout.readline().strip() == "holding"
    waited = []
    con = open_waiting(url, 1.0, on_wait=waited.append)
    with pytest.raises(StoreLockedError) as refused, transaction(con):
        pass
    assert waited and waited[0].kind == "program" and waited[0].pid == holder.pid
    message = refused.value.message("de", command="import")
    assert f"Prozess {holder.pid}" in message and "der Import" in message and "zum Schreiben belegt" in message
    assert 0.9 <= refused.value.waited < 5
    holder.communicate("go\n", timeout=60)
    con2 = open_waiting(url, 60)
    with transaction(con2):  # free again: the holder's commit is seen
        assert data_version(con2) == 7


def test_a_cli_write_waits_for_another_process_and_says_who_writes(fresh):
    url = fresh(True)
    holder = _run(HOLD, url, "stdin")
    assert holder.stdout.readline().strip() == "holding"
    cli = subprocess.Popen([sys.executable, "-m", "ktdash.cli", "user", "add", "bert", "--role", "admin",
                            "--password-stdin"], cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env={**os.environ, "KTDASH_STORE": url, "KTDASH_STORE_WAIT_S": "60"})
    cli.stdin.write("ein langes Passwort 42\n")
    cli.stdin.flush()
    deadline = time.monotonic() + 120
    while not _pg_rows(url, "SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'ktdash user %%' "
                            "AND wait_event_type = 'Lock'") and time.monotonic() < deadline:
        time.sleep(0.2)  # until the command waits for the write lock
    holder.communicate("go\n", timeout=60)
    out, err = cli.communicate(timeout=120)
    assert cli.returncode == 0, err
    assert f"(Prozess {holder.pid}) zum Schreiben belegt" in err  # the waiting note names the writer
    assert "ktdash:ktdash@" not in err and "postgresql://ktdash@" in err
    assert _pg_rows(url, "SELECT count(*) FROM main.users WHERE user_name = 'bert'") == [(1,)]


def test_cursors_work_from_other_threads(fresh):
    con = open_store(fresh(True))
    results, errors = [], []

    def work(n: int) -> None:
        try:
            cursor = con.cursor()
            with transaction(cursor):
                cursor.execute("INSERT INTO store_state VALUES (?, 'x')", [f"kt_thread_{n}"])
            results.append(cursor.execute("SELECT count(*) FROM store_state WHERE key LIKE 'kt_thread_%'").fetchone())
        except Exception as exc:  # noqa: BLE001 - the assertion shows it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert con.execute("SELECT count(*) FROM store_state WHERE key LIKE 'kt_thread_%'").fetchone()[0] == 8


# --- errors -----------------------------------------------------------------------------------------------------


def test_an_unreachable_server_or_a_wrong_login_says_so_without_the_password(fresh):
    database = fresh().rsplit("/", 1)[1]
    cases = {"no server": _url(database, port=1), "wrong password": _url(database, password="Wr0ng-s3cret-pw"),
             "no database": _url("kt_s_no_such_database")}
    for case, url in cases.items():
        with pytest.raises(StoreError) as failed:
            open_store(url)
        error = failed.value
        assert error.code == "unreachable", case
        parts = urlsplit(url)
        hidden = (f":{parts.password}@", f"password={parts.password}", "Wr0ng-s3cret-pw")
        for lang in ("de", "en"):
            for command in ("import", None):
                text = error.message(lang, command=command)
                assert not any(secret in text for secret in hidden), (case, text)
                if command:  # the CLI's message names where it tried
                    assert f"{parts.hostname}:{parts.port}/{parts.path[1:]}" in text and "KTDASH_STORE" in text
        assert not any(secret in str(error) + error.detail + error.path for secret in hidden)
    cli = subprocess.run([sys.executable, "-m", "ktdash.cli", "municipalities"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env={**os.environ, "KTDASH_STORE": cases["wrong password"],
                                                      "KTDASH_STORE_WAIT_S": "1"})
    assert cli.returncode == 2
    assert "Wr0ng-s3cret-pw" not in cli.stderr + cli.stdout
    assert "PostgreSQL" in cli.stderr and database in cli.stderr


# --- accounts and dashboards across processes -------------------------------------------------------------------

LOGIN = """
    import sys
    from ktdash.access import accounts
    from ktdash.store.connection import open_store
    con = open_store(sys.argv[1])
    accounts.add_user(con, "anna", "admin", "ein langes Passwort 42")
    print(accounts.start_session(con, "anna"))
"""


def test_a_login_made_in_one_process_is_valid_in_another(fresh):
    from ktdash.access import accounts

    url = fresh(True)
    token = _finish([_run(LOGIN, url)])[0].strip()
    con = open_store(url)
    user = accounts.session_user(con, token)
    assert user is not None and user.name == "anna"
    accounts.end_session(con, token)
    assert accounts.session_user(con, token) is None


def test_connected_dashboards_are_seen_by_their_application_name(fresh):
    import psycopg

    from ktdash.store import server
    from ktdash.store.sharing import dashboards_running

    url = fresh(True)
    assert dashboards_running(url) == []
    with psycopg.connect(url, application_name="ktdash dashboard 999999"):
        assert dashboards_running(url) == [999999]
    assert server.application_name(["/usr/bin/streamlit", "run", "app.py"], 7) == "ktdash dashboard 7"
    assert server.application_name(["/venv/bin/ktdash", "--lang", "en", "import", "x.csv"], 8) == "ktdash import 8"
    names = {name for (name,) in _pg_rows(url, "SELECT application_name FROM pg_stat_activity WHERE datname = %s",
                                          [url.rsplit("/", 1)[1]])}
    assert f"ktdash program:{Path(sys.executable).name} {os.getpid()}" in names  # this process (pytest), named


def test_deleted_personal_data_is_vacuumed_out_of_the_tables(fresh):
    """:func:`ktdash.store.erase.scrub` in server mode: ``VACUUM (FULL)`` writes the personal tables anew (a new
    file per table), so a deleted row's dead tuple is no longer in the table's file."""
    from ktdash.store.erase import scrub

    url = fresh(True)
    con = open_store(url)
    files = "SELECT relname, pg_relation_filenode(oid) FROM pg_class WHERE relnamespace = 'main'::regnamespace " \
            "AND relname IN ('people', 'posts')"
    before = dict(_pg_rows(url, files))
    assert scrub(con) is True
    after = dict(_pg_rows(url, files))
    assert set(before) == {"people", "posts"} and all(after[name] != before[name] for name in before)
    assert con.execute("SELECT count(*) FROM store_state WHERE key = 'erase_pending'").fetchone()[0] == 0


# --- without a server -------------------------------------------------------------------------------------------


def test_messages_never_show_a_password():
    from ktdash.store import server

    assert server.shown("postgresql://kt:S3cr%40t@db.example:5433/ktdash") == "postgresql://kt@db.example:5433/ktdash"
    assert server.redact("Unable to connect to Postgres at \"user=kt password='a b' host=x\"") == \
        "Unable to connect to Postgres at \"user=kt password=*** host=x\""
    error = StoreError("unreachable", "postgres://kt:hunter22@h/db", "at postgres://kt:hunter22@h/db: refused")
    error.path = "postgresql://kt:hunter22@h/db"  # set later, as the CLI does
    assert "hunter22" not in error.path + error.detail + str(error) + error.message("de", command="import")


def test_the_application_name_names_the_program_and_reads_back():
    from ktdash.store import server
    from ktdash.store.holders import Holder, holder_of, holder_of_application

    name = server.application_name(["/srv/venv/bin/ktdash", "import", "f.csv"], 4711)
    assert name == "ktdash import 4711" and holder_of_application(name) == Holder("command", 4711, "import")
    assert holder_of_application(server.application_name(["/usr/bin/python3", "-m", "streamlit", "run"], 5)) == \
        Holder("dashboard", 5)
    assert holder_of_application(server.application_name(["/usr/bin/python3", "x.py"], 6)) == \
        Holder("program", 6, "python3")
    assert holder_of("write lock held by 'ktdash backup 42'") == Holder("command", 42, "backup")
    # DuckDB's own lock message of a console script named ktdash is no application name
    assert holder_of_application("Conflicting lock is held in /venv/bin/ktdash (PID 1)") == Holder("unknown")


def test_migrations_are_split_and_translated_for_postgresql():
    import duckdb

    from ktdash.store import server

    sql = dict((name, text) for _, name, text in migrations())["013_building_postcode_versions.sql"]
    assert [s.split()[0:4] for s in server.statements(sql)] == [
        ["ALTER", "TABLE", "building_versions", "ADD"], ["ALTER", "TABLE", "building_versions", "ADD"],
        ["UPDATE", "building_versions", "SET", "postcode_set"], ["ALTER", "TABLE", "building_versions", "ALTER"]]
    assert len([s for s in duckdb.connect().extract_statements(sql) if s.query.strip()]) < 4  # why: DuckDB's loses one
    assert server.statements("INSERT INTO t VALUES ('a;b', 'it''s'); -- c;\nSELECT 1") == [
        "INSERT INTO t VALUES ('a;b', 'it''s')", "SELECT 1"]
    assert server.pg_ddl("CREATE TABLE t (a DOUBLE, m MAP(VARCHAR, DOUBLE), j JSON, b BLOB, d DOUBLE PRECISION)") \
        == "CREATE TABLE t (a double precision, m text, j text, b bytea, d DOUBLE PRECISION)"


def test_ktdash_store_selects_server_mode():
    from pydantic import ValidationError

    from ktdash.core.settings import Settings
    from ktdash.store.server import is_server

    settings = Settings.from_env({"KTDASH_STORE": " postgresql://kt:pw@h:5432/db ", "KTDASH_DB": "x.duckdb"})
    assert settings.location == "postgresql://kt:pw@h:5432/db" and is_server(settings.location)
    assert "pw" not in repr(settings)
    assert Settings.from_env({"KTDASH_DB": "x.duckdb"}).location == Path("x.duckdb")
    assert not is_server(Settings.from_env({}).location)
    with pytest.raises(ValidationError):
        Settings.from_env({"KTDASH_STORE": "mysql://h/db"})


def test_the_password_is_not_part_of_the_catalog_name(fresh):
    """DuckDB names the store's catalog after its connection string and shows that name (``current_database()``,
    error messages naming a table): the password reaches libpq through a private password file instead."""
    url = fresh(migrated_copy=True)
    password = urlsplit(url).password
    assert password
    con = open_store(url)
    try:
        names = [row[0] for row in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()]
        assert all(password not in name and "password" not in name for name in names), names
        with pytest.raises(duckdb.Error) as error:
            con.execute("SELECT * FROM no_such_table")
        assert password not in str(error.value)
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] > 0  # and the login worked
    finally:
        con.close()
