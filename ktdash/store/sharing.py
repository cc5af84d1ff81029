"""Embedded mode: one DuckDB file shared by the dashboard and the CLI runs of one machine.

DuckDB lets one process at a time open a database file for writing; it locks the file and any other process is
refused at once with "Could not set lock on file … Conflicting lock is held in <program> (PID n)"
(https://duckdb.org/docs/stable/connect/concurrency). ktdash therefore holds the file only for a unit of work:

- a CLI command opens it for the command (:func:`open_waiting`);
- the dashboard opens it for its script runs (:class:`SharedStore`): the first run that needs it opens it, the
  last one to finish lets it go; it stays open for :data:`LINGER_S` after that (a click rarely comes alone, and
  opening costs about 30 ms) unless another process is waiting for it;
- the Import page's prepared preview keeps it open between runs (its working tables are temporary tables of the
  connection, :mod:`ktdash.ingest.session`) — again unless another process waits; then the preview is prepared
  anew on the next click.

A process that finds the file locked retries with short pauses (10 ms, doubling up to 100 ms) for up to
``KTDASH_STORE_WAIT_S`` seconds, and meanwhile leaves a note ``<file>.waiting-<pid>`` beside the file. A
dashboard that sees a note of a live process takes no new run into the file until the runs in it have finished,
then closes it: a busy workshop cannot starve a nightly import. Who blocks is read from DuckDB's message (the
PID) and ``/proc/<pid>/cmdline`` (:func:`holder_of`), so the messages say "the dashboard" or "the command
ktdash import", not "another program".

Server mode (a ``postgresql://`` URL, :mod:`ktdash.store.server`): no file, no notes, no lingering. Every process
keeps one connection (the dashboard: for its lifetime; a script run takes a cursor of it), the server lets all of
them in at once, and writes queue on the server's write lock instead (:func:`ktdash.store.connection.transaction`).
A dashboard is known by its PostgreSQL application name (:func:`dashboards_running`).

Measured on this machine (docs/scale.md): opening the demo store ~30 ms; bench/store_sharing.py (bench/RESULTS.md)
runs a dashboard under load beside cron-style commands, with kill -9 of commands and of the dashboard.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from ktdash.store import server
from ktdash.store.connection import StoreError, StoreLockedError, connect, prepare_store
from ktdash.store.holders import Holder, holder_of, holder_of_pid

LINGER_S = 1.0  # the dashboard keeps the file this long after its last run, unless another process waits
FIRST_PAUSE_S, LONGEST_PAUSE_S = 0.01, 0.1  # retries on a locked file: pauses doubling from the first to the longest
WATCH_S = 0.05  # how often an open but idle dashboard store looks for waiting processes
NOTE_INFIX = ".waiting-"
UNREACHABLE_RETRY_S = 5.0  # server mode: how long opening retries a server that does not answer (a restart)



# --- notes of waiting processes ---------------------------------------------------------------------------------


def _note(path: Path) -> Path:
    return path.with_name(f"{path.name}{NOTE_INFIX}{os.getpid()}")


def _started(pid: int) -> str:
    """When the process ``pid`` started (clock ticks since boot, /proc/<pid>/stat field 22; "" unknown): a mark
    names its process by PID and start, so a PID used again by another process later is not taken for it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _mark_text() -> str:
    return f"{_started(os.getpid())}\n{' '.join(sys.argv[:3])}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def others_waiting(path: str | Path) -> list[int]:
    """The other live processes waiting for the store file (their notes lie beside the file); notes of ended
    processes (killed while waiting) are removed. None in server mode (nobody waits to open it)."""
    if server.is_server(path):
        return []
    return _live_marks(Path(path), NOTE_INFIX)


@contextlib.contextmanager
def _waiting_note(path: Path) -> Iterator[None]:
    note = _note(path)
    with contextlib.suppress(OSError):  # a read-only folder: waiting works without the note, only less fairly
        note.write_text(_mark_text(), encoding="utf-8")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            note.unlink()


# --- a running dashboard announces itself ----------------------------------------------------------------------

PRESENCE_INFIX = ".dashboard-"


def announce_dashboard(path: str | Path) -> Path | None:
    """Leave ``<file>.dashboard-<pid>`` beside the store while this dashboard process lives: it holds the file
    only during its runs, so the lock alone no longer shows that it runs — and a restore, which replaces the
    file, must not happen under it (:func:`dashboards_running`). Removed at exit; a killed one's is cleaned up.
    Server mode: nothing to leave (``None``); the connection's application name says it is a dashboard."""
    if server.is_server(path):
        return None
    path = Path(path)
    presence = path.with_name(f"{path.name}{PRESENCE_INFIX}{os.getpid()}")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        presence.write_text(_mark_text(), encoding="utf-8")
        atexit.register(lambda: presence.unlink(missing_ok=True))
    return presence


def dashboards_running(path: str | Path) -> list[int]:
    """The PIDs of the other live dashboard processes on the store file (:func:`announce_dashboard`); in server
    mode the other dashboard processes connected to the database (``pg_stat_activity``)."""
    if server.is_server(path):
        return server.dashboards(str(path).strip())
    return _live_marks(Path(path), PRESENCE_INFIX)


def _same_start(mark: Path, pid: int) -> bool:
    """Whether the mark was left by the process that now has ``pid`` (not by an ended one whose PID came back)."""
    try:
        started = mark.read_text(encoding="utf-8").split("\n", 1)[0]
    except OSError:
        return True  # removed meanwhile, or unreadable: count it as live (waiting a little longer is harmless)
    return not started or started == _started(pid)


def _live_marks(path: Path, infix: str) -> list[int]:
    """The live other processes that left ``<file><infix><pid>`` beside the file; marks of ended ones removed."""
    prefix = path.name + infix
    try:
        entries = [entry.name for entry in os.scandir(path.parent) if entry.name.startswith(prefix)]
    except OSError:
        return []
    live = []
    for name in entries:
        pid = name[len(prefix):]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        if _alive(int(pid)) and _same_start(path.parent / name, int(pid)):
            live.append(int(pid))
        else:
            with contextlib.suppress(OSError):
                (path.parent / name).unlink()
    return live


# --- opening with waiting ---------------------------------------------------------------------------------------


def connect_waiting(path: str | Path, wait_s: float, on_wait: Callable[[Holder], object] | None = None,
                    read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """:func:`ktdash.store.connection.connect`, retrying while another process holds the file, for up to
    ``wait_s`` seconds; ``on_wait(holder)`` once when the waiting begins. Raises
    :class:`ktdash.store.connection.StoreLockedError` (with the seconds waited) when the file stays locked.
    Server mode: connects (``on_wait`` is called when a write has to wait for the write lock), retrying for up to
    :data:`UNREACHABLE_RETRY_S` while the server does not answer."""
    if server.is_server(path):
        return _connect_server(str(path).strip(), wait_s, on_wait)
    path = Path(path)
    try:
        return connect(path, read_only=read_only)
    except StoreLockedError as first:
        if on_wait is not None:
            on_wait(holder_of(first.detail))
        start, pause, detail = time.monotonic(), FIRST_PAUSE_S, first.detail
    with _waiting_note(path):
        while True:
            waited = time.monotonic() - start
            if waited >= wait_s:
                raise StoreLockedError(path, detail, waited)
            time.sleep(min(pause, max(wait_s - waited, 0.0)))
            pause = min(pause * 2, LONGEST_PAUSE_S)
            try:
                return connect(path, read_only=read_only)
            except StoreLockedError as again:
                detail = again.detail


def _connect_server(url: str, wait_s: float, on_wait) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + min(wait_s, UNREACHABLE_RETRY_S)
    pause = FIRST_PAUSE_S * 10
    while True:
        try:
            return connect(url, wait_s=wait_s, on_wait=on_wait)
        except StoreError as exc:
            if exc.code != "unreachable" or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


def open_waiting(path: str | Path, wait_s: float,
                 on_wait: Callable[[Holder], object] | None = None) -> duckdb.DuckDBPyConnection:
    """:func:`ktdash.store.connection.open_store` (connect, migrate), waiting for the file as
    :func:`connect_waiting` does: how a CLI command opens the store."""
    return prepare_store(connect_waiting(path, wait_s, on_wait), path)


# --- the dashboard's process-wide connection --------------------------------------------------------------------


class SharedStore:
    """One process's connection to the store file, open while a unit of work holds it (:meth:`hold`), for
    :data:`LINGER_S` after the last one, and while a kept owner needs it (:meth:`keep`) — but closed as soon as
    no unit holds it and another process waits. Thread-safe: the dashboard's sessions run on their own threads
    (each takes its own cursor)."""

    def __init__(self, path: str | Path, linger_s: float = LINGER_S):
        self.server = server.is_server(path)  # server mode: open once, kept for the process's life
        self.path, self.linger_s = (str(path).strip() if self.server else Path(path)), linger_s
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._holds = 0
        self._opening = False
        self._released_at = 0.0
        self._kept: list[tuple[weakref.ref, Callable[[object], bool]]] = []
        self._local = threading.local()  # how deep this thread's holds are nested

    @property
    def connection(self) -> duckdb.DuckDBPyConnection | None:
        """The open connection (``None`` when closed); use it only inside :meth:`hold`."""
        return self._con

    @contextlib.contextmanager
    def hold(self, wait_s: float, on_wait: Callable[[Holder], object] | None = None
             ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection for one unit of work (a script run): opened (and migrated) when closed, waiting up to
        ``wait_s`` for another process that holds the file or waits for it (``on_wait(holder)`` once then)."""
        con = self.acquire(wait_s, on_wait)
        try:
            yield con
        finally:
            self.release()

    def acquire(self, wait_s: float, on_wait: Callable[[Holder], object] | None = None
                ) -> duckdb.DuckDBPyConnection:
        """What :meth:`hold` does on entering; each call needs one :meth:`release`."""
        depth, deadline = getattr(self._local, "depth", 0), time.monotonic() + wait_s
        with self._cond:
            if depth == 0 and not self.server:  # a unit inside another of the same thread joins it
                self._let_waiting_process_in(deadline, on_wait)
            if self._con is None:
                self._open(deadline, on_wait)
            self._holds += 1
            self._local.depth = depth + 1
            return self._con

    def release(self) -> None:
        with self._cond:
            self._holds -= 1
            self._local.depth = getattr(self._local, "depth", 1) - 1
            if self._holds == 0:
                self._released_at = time.monotonic()
                self._cond.notify_all()

    def keep(self, owner: object, needed: Callable[[object], bool]) -> None:
        """Keep the connection open between units of work while ``owner`` lives and ``needed(owner)`` is true
        (the Import page's session while it holds working tables) — unless another process waits."""
        if self.server:  # the connection stays open anyway
            return
        with self._cond:
            self._kept = [(ref, test) for ref, test in self._kept if ref() is not None and ref() is not owner]
            self._kept.append((weakref.ref(owner), needed))

    def close(self) -> None:
        """Close the connection now (a damaged file: the next unit opens it anew); the holds in progress keep
        their cursors until they end."""
        with self._cond:
            self._close()

    # -- inside the lock --

    def _let_waiting_process_in(self, deadline: float, on_wait) -> None:
        """Another process waits for the file: no new unit of this one enters it; the last unit in it closes it
        (now, or :meth:`_watch` when it ends), and this one queues behind the other process (:meth:`_open`)."""
        told = False
        while self._con is not None:
            waiting = others_waiting(self.path)
            if not waiting:
                return
            if self._holds == 0:
                self._close()
                return
            if time.monotonic() >= deadline:
                return  # waited long enough: take the file again (the other process keeps waiting)
            if not told and on_wait is not None:
                on_wait(holder_of_pid(waiting[0]))
                told = True
            self._cond.wait(WATCH_S)

    def _open(self, deadline: float, on_wait) -> None:
        told = False
        while (waiting := others_waiting(self.path)) and time.monotonic() < deadline:  # its turn first
            if not told and on_wait is not None:
                on_wait(holder_of_pid(waiting[0]))
                told = True
            self._cond.wait(WATCH_S)
        while self._opening:  # one thread opens (and migrates), the others wait for it
            self._cond.wait(WATCH_S)
        if self._con is not None:  # another thread opened it meanwhile
            return
        self._opening = True
        self._cond.release()  # other threads may keep releasing while this one waits for the file
        try:
            con = open_waiting(self.path, max(deadline - time.monotonic(), 0.0),
                               None if told or self.server else on_wait)  # server: the run's note outlives it
        finally:
            self._cond.acquire()
            self._opening = False
            self._cond.notify_all()
        self._con = con
        if not self.server:
            threading.Thread(target=self._watch, args=(con,), name="ktdash-store-watch", daemon=True).start()

    def _needed_by_owner(self) -> bool:
        owners = [(ref(), test) for ref, test in self._kept]
        self._kept = [(ref, test) for ref, test in self._kept if ref() is not None]
        return any(test(owner) for owner, test in owners if owner is not None)

    def _close(self) -> None:
        if self._con is not None:
            with contextlib.suppress(duckdb.Error):
                self._con.close()
            self._con = None
            self._cond.notify_all()

    def _watch(self, con) -> None:
        """While ``con`` is open: close it once no unit holds it and another process waits, or it lay idle for
        the linger time and no owner needs it."""
        with self._cond:
            while self._con is con:
                if self._holds == 0:
                    idle = time.monotonic() - self._released_at
                    if others_waiting(self.path) or (idle >= self.linger_s and not self._needed_by_owner()):
                        self._close()
                        return
                self._cond.wait(WATCH_S)


_SHARED: dict[str, SharedStore] = {}
_SHARED_LOCK = threading.Lock()


def shared_store(path: str | Path) -> SharedStore:
    """The process's :class:`SharedStore` of the file at ``path`` (one per resolved path, or per server URL)."""
    if server.is_server(path):
        key = str(path).strip()
    else:
        key = str(Path(path).resolve()) if str(path) != ":memory:" else ":memory:"
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = SharedStore(path)
        return _SHARED[key]
