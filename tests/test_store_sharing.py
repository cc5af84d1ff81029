"""Embedded mode (issue 20 point 1): no ktdash process holds the store file between units of work; a process that
finds it held waits, says who holds it, and gives up only after ``KTDASH_STORE_WAIT_S`` — with a message naming
the holder. Other processes are real processes here (DuckDB's lock is per process)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from ktdash.store.connection import StoreLockedError, connect, open_store
from ktdash.store.holders import Holder, holder_of, holder_of_command, holder_words
from ktdash.store.sharing import SharedStore, connect_waiting, others_waiting

HOLD = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
        "time.sleep(float(sys.argv[2]))")
WAIT = ("import sys, time; from ktdash.store.sharing import connect_waiting; start = time.monotonic(); "
        "c = connect_waiting(sys.argv[1], 60); print(round(time.monotonic() - start, 3), flush=True); "
        "c.execute('INSERT INTO t VALUES (2)'); c.close()")


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "store.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    return path


def holding(path: Path, seconds: float) -> subprocess.Popen:
    """Another process that holds the file for ``seconds``, once it printed "ready"."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "ready"
    return process


def waiting(path: Path) -> subprocess.Popen:
    """Another process that waits for the file (connect_waiting), then inserts a row; prints its wait."""
    return subprocess.Popen([sys.executable, "-c", WAIT, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_the_holder_is_named_from_its_command_line():
    assert holder_of_command(["/usr/bin/python3", "/srv/.venv/bin/streamlit", "run", "app.py"], 7) == \
        Holder("dashboard", 7)
    assert holder_of_command(["/srv/.venv/bin/python", "/srv/.venv/bin/ktdash", "import", "a.csv"], 8) == \
        Holder("command", 8, "import")
    assert holder_of_command(["python", "-m", "ktdash.cli", "--lang", "en", "report", "--year", "2024"]) == \
        Holder("command", None, "report")
    assert holder_of_command(["/usr/bin/dbeaver"], 9) == Holder("program", 9, "dbeaver")
    assert holder_words(Holder("dashboard", 7)) == "dem Dashboard (Prozess 7)"
    assert holder_words(Holder("command", 8, "import")) == "dem Befehl „ktdash import“ (Prozess 8)"
    assert holder_words(Holder("command", 8, "import"), "en") == "the command “ktdash import” (process 8)"
    assert holder_words("no PID in this message") == "einem anderen Programm"


def test_duckdbs_lock_message_names_the_holding_process(store):
    holder = holding(store, 30)
    try:
        with pytest.raises(StoreLockedError) as refused:
            open_store(store)
        assert holder_of(refused.value.detail) == Holder("program", holder.pid, Path(sys.executable).name)
    finally:
        holder.kill()
        holder.wait()


def test_a_command_waits_for_a_short_holder_then_works(store):
    holder = holding(store, 1.0)
    seen = []
    try:
        start = time.monotonic()
        con = connect_waiting(store, 30, on_wait=seen.append)
        waited = time.monotonic() - start
        con.execute("INSERT INTO t VALUES (1)")
        con.close()
    finally:
        holder.kill()
        holder.wait()
    assert seen == [Holder("program", holder.pid, Path(sys.executable).name)]  # told once, naming the holder
    assert 0.3 < waited < 10
    assert not list(store.parent.glob("*.waiting-*"))  # its note is gone


def test_a_command_gives_up_after_its_wait_naming_the_holder_and_changes_nothing(store):
    holder = holding(store, 30)
    try:
        start = time.monotonic()
        with pytest.raises(StoreLockedError) as refused:
            connect_waiting(store, 0.5)
        assert 0.5 <= time.monotonic() - start < 5 and refused.value.waited >= 0.5
        message = refused.value.message("de", command="export")
        assert f"von dem Programm {Path(sys.executable).name} (Prozess {holder.pid}) geöffnet" in message
        assert "so lange hat der Export gewartet" in message and "Nichts geändert" in message
    finally:
        holder.kill()
        holder.wait()
    assert connect(store).execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_the_dashboards_store_is_closed_after_its_last_run_and_a_moment(store):
    shared = SharedStore(store, linger_s=0.2)
    with shared.hold(5) as con:
        with shared.hold(5) as inner:  # a unit inside another of the same thread joins it
            assert inner is con
        con.execute("INSERT INTO t VALUES (1)")
        assert shared.connection is con
    assert shared.connection is con  # lingers
    deadline = time.monotonic() + 5
    while shared.connection is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert shared.connection is None
    other = subprocess.run([sys.executable, "-c", f"import duckdb; print(duckdb.connect({str(store)!r})"
                            ".execute('SELECT count(*) FROM t').fetchone()[0])"], capture_output=True, text=True)
    assert other.stdout.strip() == "1", other.stderr


def test_a_waiting_process_gets_in_although_the_dashboard_lingers(store):
    shared = SharedStore(store, linger_s=600)
    with shared.hold(5):
        pass
    assert shared.connection is not None
    process = waiting(store)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert float(out) < 5  # the note made the idle dashboard let go at once, not after 600 s
    with shared.hold(30) as con:  # and the dashboard opens it again afterwards
        assert con.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_a_busy_dashboard_lets_a_waiting_process_in_between_its_runs(store):
    """Runs that overlap all the time (a workshop) never leave the file free on their own: a waiting process's
    note makes new runs queue until the runs inside have ended."""
    shared = SharedStore(store, linger_s=600)
    stop, runs, errors = threading.Event(), [0], []

    def session() -> None:
        while not stop.is_set():
            try:
                with shared.hold(60) as con:
                    con.cursor().execute("SELECT count(*) FROM t").fetchone()
                    time.sleep(0.05)
                runs[0] += 1
            except Exception as exc:  # noqa: BLE001 - the test reports it
                errors.append(exc)

    sessions = [threading.Thread(target=session) for _ in range(3)]
    for thread in sessions:
        thread.start()
    try:
        time.sleep(0.3)
        process = waiting(store)
        out, err = process.communicate(timeout=60)
        before = runs[0]
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in sessions:
            thread.join(timeout=60)
    assert process.returncode == 0, err
    assert float(out) < 5 and errors == []
    assert runs[0] > before  # the sessions went on afterwards
    assert connect(store).execute("SELECT count(*) FROM t").fetchone() == (1,)  # the dashboard's config


def test_a_kept_owner_holds_the_file_between_runs_until_another_process_waits(store):
    class Owner:
        tables = True

    shared, owner = SharedStore(store, linger_s=0.1), Owner()
    with shared.hold(5):
        shared.keep(owner, lambda o: o.tables)
    time.sleep(0.5)
    assert shared.connection is not None  # the Import page's preview keeps its working tables
    process = waiting(store)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and float(out) < 5, err
    assert shared.connection is None


def test_notes_of_ended_processes_are_removed(store):
    note = store.with_name(store.name + ".waiting-999999999")
    note.write_text("killed while waiting", encoding="utf-8")
    assert others_waiting(store) == [] and not note.exists()


def test_a_mark_whose_pid_now_belongs_to_another_process_counts_for_nothing(store):
    """A note left by a killed command whose PID the system gave to another process later: that process's start
    time differs from the one in the note, so the dashboard does not wait for it."""
    other = holding(store.with_name("other.duckdb"), 30)
    try:
        note = store.with_name(f"{store.name}.waiting-{other.pid}")
        note.write_text("1\nktdash import", encoding="utf-8")  # started at tick 1: not that process
        assert others_waiting(store) == [] and not note.exists()
        started = Path(f"/proc/{other.pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[19]
        note.write_text(f"{started}\nktdash import", encoding="utf-8")  # its own start: a live waiting process
        assert others_waiting(store) == [other.pid]
    finally:
        other.kill()
        other.wait()


def test_duckdbs_own_lock_error_becomes_a_message_naming_the_holder(store):
    """The dashboard maps any error of DuckDB to a store error (store_error): a lock is the locked error, whose
    page message names the holder."""
    from ktdash.store.connection import store_error

    holder = holding(store, 30)
    try:
        with pytest.raises(duckdb.IOException) as raw:
            duckdb.connect(str(store))
        error = store_error(raw.value, store)
        assert isinstance(error, StoreLockedError)
        assert f"(Prozess {holder.pid}) geöffnet" in error.message("de") and "Seite" in error.message("de")
    finally:
        holder.kill()
        holder.wait()
