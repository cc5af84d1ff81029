"""ktdash backup / restore in server mode (KTDASH_STORE=postgresql://…): pg_dump, pg_restore in one transaction.

The tests that need a PostgreSQL server run when ``KTDASH_TEST_PG`` is a URL of a database where the test may
CREATE DATABASE (e.g. postgresql://ktdash:ktdash@127.0.0.1:5432/postgres); each makes a fresh database
``kt_b_<random>`` and drops it after."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from conftest import DATA, KUSEL
from ktdash.access import server_backup as server_backup_module
from ktdash.access.backup import BackupError, check_backup
from ktdash.access.server_backup import check_server_backup, find_tool, server_backup, server_restore
from ktdash.cli.main import main
from ktdash.store.server import SCHEMA

MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
          "Rathaus Kusel;Strom;01.2024;1.234,5;kWh\nRathaus Kusel;Erdgas;01.2024;100;kWh\n")
LATER = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nBauhof;Strom;03.2024;50;kWh\n"
ADMIN_URL = os.environ.get("KTDASH_TEST_PG", "")
needs_pg = pytest.mark.skipif(not ADMIN_URL, reason="KTDASH_TEST_PG (a PostgreSQL URL for test databases) not set")


def database_url(name: str) -> str:
    """KTDASH_TEST_PG with its database replaced by ``name``."""
    return urlsplit(ADMIN_URL)._replace(path="/" + name).geturl()


def pg(url: str):
    """A psycopg connection to ``url`` whose unqualified names are the store's (schema ``main``)."""
    import psycopg

    con = psycopg.connect(url, autocommit=True)
    con.execute(f"SET search_path = {SCHEMA}")
    return con


@pytest.fixture
def pg_url():
    """A fresh empty database kt_b_<random>, dropped after the test."""
    name = "kt_b_" + secrets.token_hex(4)
    with pg(ADMIN_URL) as con:
        con.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url(name)
    finally:
        with pg(ADMIN_URL) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_store(pg_url, monkeypatch, tmp_path):
    """A server-mode store with the test master data and one import, the CLI pointed at it."""
    from ktdash.core.settings import Settings
    from ktdash.ingest.masterdata import load_master_data
    from ktdash.ingest.pipeline import import_file
    from ktdash.store.connection import open_store

    monkeypatch.setenv("KTDASH_STORE", pg_url)
    monkeypatch.setenv("KTDASH_DB", str(tmp_path / "nicht-benutzt.duckdb"))
    con = open_store(pg_url)
    try:
        load_master_data(con, DATA / "master")
        preview, result = import_file(con, MONTHS.encode(), "verbrauch.csv", KUSEL, settings=Settings(), user="test")
        assert result is not None, preview.rejected_frame().to_string()
    finally:
        con.close()
    (tmp_path / "later.csv").write_text(LATER, encoding="utf-8")
    return pg_url


def snapshot(url: str) -> dict:
    """Every row of every table (as text, sorted) and every sequence's last value."""
    with pg(url) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_type = 'BASE TABLE' ORDER BY 1", [SCHEMA]).fetchall()]
        state = {t: [r[0] for r in con.execute(f'SELECT x::text FROM {SCHEMA}."{t}" AS x ORDER BY 1').fetchall()]
                 for t in tables}
        state["(sequences)"] = con.execute("SELECT sequencename, last_value FROM pg_sequences "
                                           "WHERE schemaname = %s ORDER BY 1", [SCHEMA]).fetchall()
    assert len(tables) > 20 and state["schema_migrations"]
    return state


def import_ids(url: str) -> list[int]:
    with pg(url) as con:
        return [r[0] for r in con.execute("SELECT import_id FROM imports ORDER BY 1").fetchall()]


# --- without a server ------------------------------------------------------------------------------------------


def test_a_missing_pg_dump_gives_the_message(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no pg_dump on PATH
    monkeypatch.setattr(server_backup_module, "TOOLS_GLOB", str(tmp_path / "postgresql" / "*" / "bin"))
    with pytest.raises(BackupError) as error:
        find_tool("pg_dump")
    message = error.value.message()
    assert error.value.code == "no_tool" and "pg_dump" in message and "postgresql-client" in message, message
    with pytest.raises(BackupError) as error:  # before anything is written or connected to
        server_backup("postgresql://ktdash:Sehr-Geheim-7@127.0.0.1:9/kt_b_none", tmp_path / "s.dump")
    assert error.value.code == "no_tool" and "Sehr-Geheim-7" not in error.value.message()
    assert list(tmp_path.iterdir()) == []


def test_the_newest_installed_client_is_taken_when_none_is_on_path(monkeypatch, tmp_path):
    for version in ("9.6", "15", "13"):
        tool = tmp_path / "postgresql" / version / "bin" / "pg_restore"
        tool.parent.mkdir(parents=True)
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "leer"))
    monkeypatch.setattr(server_backup_module, "TOOLS_GLOB", str(tmp_path / "postgresql" / "*" / "bin"))
    assert find_tool("pg_restore") == str(tmp_path / "postgresql" / "15" / "bin" / "pg_restore")


def test_an_embedded_restore_names_a_server_backup(tmp_path):
    archive = tmp_path / "server.dump"
    archive.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(100))
    with pytest.raises(BackupError) as error:
        check_backup(archive)
    assert error.value.code == "server_backup" and "KTDASH_STORE" in error.value.message()


def test_the_password_is_never_on_a_command_line():
    server = server_backup_module.Server.of("postgresql://ktdash:Sehr-Geheim-7@db.example:5433/kt?sslmode=require",
                                            "backup")
    assert "Sehr-Geheim-7" not in server.conninfo and "password" not in server.conninfo
    assert "sslmode=require" in server.conninfo and f"ktdash backup {os.getpid()}" in server.conninfo
    assert server.env()["PGPASSWORD"] == "Sehr-Geheim-7" and server.shown == "postgresql://ktdash@db.example:5433/kt?sslmode=require"
    assert server.scrub("FATAL: password Sehr-Geheim-7 rejected") == "FATAL: password *** rejected"


# --- against a PostgreSQL server -------------------------------------------------------------------------------


@needs_pg
def test_backup_and_restore_round_trip_through_the_cli(pg_store, tmp_path, capsys):
    original = snapshot(pg_store)
    target = tmp_path / "sicherung.dump"
    assert main(["backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"Sicherung {target} geschrieben" in out and "Schemaversion 21" in out, out
    assert target.stat().st_mode & 0o777 == 0o600 and not (tmp_path / "sicherung.dump.part").exists()
    backed_up = snapshot(pg_store)  # the backup's own audit row is written after the dump
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    assert main(["undo", "1"]) == 0
    capsys.readouterr()
    assert snapshot(pg_store) != backed_up

    assert main(["restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert "wiederhergestellt (pg_restore in einer Transaktion)" in out and "Schemaversion 21" in out, out
    assert "ktdash:ktdash" not in out  # the database is named without its password
    assert snapshot(pg_store) == original  # every row of every table, every sequence's value
    # the sequences continue: a new import gets a new number, not one already in the pg_store
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    assert import_ids(pg_store) == [1, 2]


@needs_pg
def test_the_counts_are_those_of_the_dump_while_imports_go_on(pg_store, tmp_path, monkeypatch):
    """An import committing while pg_dump runs is in neither the dump nor its counts (one exported snapshot)."""
    real_run = server_backup_module._run

    def dump_slowly(server, args, code, path):
        if "--snapshot" in " ".join(args):  # the pg_dump call: another process imports meanwhile
            assert subprocess.run([sys.executable, "-m", "ktdash.cli.main", "import", str(tmp_path / "later.csv"),
                                   "--municipality", KUSEL], capture_output=True).returncode == 0
        return real_run(server, args, code, path)

    monkeypatch.setattr(server_backup_module, "_run", dump_slowly)
    info = server_backup(pg_store, tmp_path / "s.dump")
    assert info.rows["imports"] == 1 and import_ids(pg_store) == [1, 2]
    assert check_server_backup(pg_store, tmp_path / "s.dump").rows["imports"] == 1


@needs_pg
def test_a_restore_under_a_connected_dashboard_is_refused_and_changes_nothing(pg_store, tmp_path, capsys):
    target = tmp_path / "s.dump"
    server_backup(pg_store, target)
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    before = snapshot(pg_store)
    dashboard = pg(pg_store + "?application_name=ktdash%20dashboard%2054321")
    try:
        capsys.readouterr()
        assert main(["restore", str(target)]) == 2
        err = capsys.readouterr().err
        assert "dem Dashboard (Prozess 54321)" in err and "Nichts geändert" in err and "Traceback" not in err, err
        assert snapshot(pg_store) == before
    finally:
        dashboard.close()


@needs_pg
def test_a_restore_names_a_real_ktdash_process_holding_the_store(pg_store, tmp_path):
    """Another process with the pg_store open (named by the pg_store layer's application_name) blocks a restore."""
    target = tmp_path / "s.dump"
    server_backup(pg_store, target)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from ktdash.store.connection import "
                               "open_store; con = open_store(sys.argv[1]); print('open', flush=True); time.sleep(60)",
                               pg_store], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(BackupError) as error:
            server_restore(pg_store, target)
        assert error.value.code == "in_use" and f"(Prozess {holder.pid})" in error.value.message()
    finally:
        holder.kill()
        holder.wait()


@needs_pg
def test_a_truncated_dump_is_refused_before_anything_changes(pg_store, tmp_path, capsys):
    good = tmp_path / "gut.dump"
    server_backup(pg_store, good)
    half = tmp_path / "halb.dump"
    half.write_bytes(good.read_bytes()[:good.stat().st_size * 2 // 3])
    before = snapshot(pg_store)
    with pytest.raises(BackupError) as error:
        check_server_backup(pg_store, half)
    assert error.value.code == "damaged_dump", error.value.message()
    assert main(["restore", str(half)]) == 2
    assert "die datenbank bleibt unverändert" in capsys.readouterr().err.lower()
    assert snapshot(pg_store) == before


@needs_pg
def test_a_failure_inside_the_restore_rolls_all_of_it_back(pg_store, tmp_path, monkeypatch):
    target = tmp_path / "s.dump"
    server_backup(pg_store, target)
    with pg(pg_store) as con:  # a table the backup does not have: the restore drops it, unless it fails
        con.execute("CREATE TABLE spaeter (x integer)")
        con.execute("INSERT INTO spaeter VALUES (7)")
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    before = snapshot(pg_store)
    monkeypatch.setattr(server_backup_module, "_count_check_sql",
                        lambda archive: "DO $$ BEGIN RAISE EXCEPTION 'ktdash test: failing at the end'; END $$;\n")
    with pytest.raises(BackupError) as error:
        server_restore(pg_store, target)
    assert error.value.code == "restore_failed" and "failing at the end" in error.value.detail
    assert snapshot(pg_store) == before  # the drop of every table and the restore, all rolled back
    monkeypatch.undo()
    server_restore(pg_store, target)
    with pg(pg_store) as con:
        assert con.execute("SELECT to_regclass('spaeter')").fetchone()[0] is None
    assert import_ids(pg_store) == [1]


@needs_pg
def test_a_dump_of_an_older_schema_is_migrated(pg_store, tmp_path):
    with pg(pg_store) as con:  # the pg_store as migration 020 left it (021 only adds report_assets)
        con.execute("DROP TABLE report_assets")
        con.execute("DELETE FROM schema_migrations WHERE version = 21")
    older = tmp_path / "020.dump"
    assert server_backup(pg_store, older).schema_version == 20
    from ktdash.store.connection import open_store

    open_store(pg_store).close()  # migrates to 021 again
    with pg(pg_store) as con:
        con.execute("INSERT INTO report_assets (level, entity_key, foreword) VALUES ('municipality', 'x', 'y')")
    info = server_restore(pg_store, older)
    assert info.schema_version == 20
    with pg(pg_store) as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 21
        assert con.execute("SELECT count(*) FROM report_assets").fetchone()[0] == 0  # the newer rows did not stay


@needs_pg
def test_a_wrong_password_is_not_in_the_message(pg_store, tmp_path):
    wrong = pg_store.replace(":ktdash@", ":Falsch-Geheim-7@") if ":ktdash@" in pg_store else None
    if wrong is None:
        pytest.skip("KTDASH_TEST_PG has no password in the form user:password@")
    started = time.monotonic()
    with pytest.raises(BackupError) as error:
        server_backup(wrong, tmp_path / "s.dump")
    assert "Falsch-Geheim-7" not in error.value.message() and "Falsch-Geheim-7" not in error.value.detail
    assert time.monotonic() - started < 30 and not list(tmp_path.glob("s.dump*"))


@needs_pg
def test_a_restore_needs_an_admin_of_the_server_store(pg_store, tmp_path, monkeypatch, capsys):
    from conftest import TEST_PASSWORD, add_test_accounts
    from ktdash.store.connection import open_store

    target = tmp_path / "s.dump"
    server_backup(pg_store, target)
    con = open_store(pg_store)
    try:
        add_test_accounts(con)
    finally:
        con.close()
    before = snapshot(pg_store)
    monkeypatch.setenv("KTDASH_USER", "kusel")  # a manager: no backup, no restore
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    assert main(["restore", str(target)]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert without_audit(snapshot(pg_store)) == without_audit(before)  # (the refusal itself is audited)
    assert not (tmp_path / "nicht-benutzt.duckdb").exists()  # the login was read from PostgreSQL, not the file
    monkeypatch.setenv("KTDASH_USER", "agentur")  # the admin
    assert main(["restore", str(target)]) == 0, capsys.readouterr().err
    with pg(pg_store) as con:
        assert con.execute("SELECT count(*) FROM users").fetchone()[0] == 0  # the backup had no accounts


def without_audit(state: dict) -> dict:
    """A snapshot without the audit log and its sequence."""
    rest = {k: v for k, v in state.items() if k != "audit_log"}
    rest["(sequences)"] = [row for row in state["(sequences)"] if row[0] != "seq_audit"]
    return rest


@needs_pg
def test_a_restore_waits_for_a_writer_holding_the_write_lock(pg_store, tmp_path):
    import threading

    from ktdash.store.server import WRITE_KEY

    target = tmp_path / "s.dump"
    server_backup(pg_store, target)
    writer = pg(pg_store)  # not named ktdash: the connection check lets it pass, the write lock does not
    writer.execute("SELECT pg_advisory_lock(%s)", [WRITE_KEY])
    threading.Timer(2.0, lambda: writer.execute("SELECT pg_advisory_unlock(%s)", [WRITE_KEY])).start()
    started = time.monotonic()
    try:
        server_restore(pg_store, target)
    finally:
        writer.close()
    assert time.monotonic() - started >= 2.0


@needs_pg
def test_a_failed_migration_after_the_restore_says_the_backup_is_in(pg_store, tmp_path, monkeypatch):
    from ktdash.store import connection
    from ktdash.store.connection import StoreError

    target = tmp_path / "s.dump"
    server_backup(pg_store, target)
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0

    def failing(url):
        raise StoreError("migration_failed", url, "022_test.sql: kaputt")

    monkeypatch.setattr(connection, "open_store", failing)
    with pytest.raises(BackupError) as error:
        server_restore(pg_store, target)
    message = error.value.message()
    assert error.value.code == "not_migrated" and "022_test.sql: kaputt" in message and "ist eingespielt" in message
    assert import_ids(pg_store) == [1]  # the restore itself is committed
