"""The store: one embedded DuckDB file (or, in server mode, a PostgreSQL database), versioned migrations,
transactions.

Use :func:`open_store` to get a connection with every migration applied. No
process holds the file between units of work (:mod:`ktdash.store.sharing`): the
dashboard opens it for its script runs and takes a cursor per run, the CLI for
the length of one command; either waits while the other holds it. A ``postgresql://`` URL instead of a path opens a
server-mode store (:mod:`ktdash.store.server`): the same SQL, migrations and transactions, shared by every process.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import duckdb

from ktdash.store import server

MIGRATION_PATTERN = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

LOG = logging.getLogger("ktdash")
LOG.addHandler(logging.NullHandler())  # a library: the dashboard (pages/common.py) attaches the server log

FILE_MODE = 0o600  # store, backups: readable by the operating account only (README, Security)
PRIVATE_UMASK = 0o077  # what the CLI and the dashboard create: files 0600, folders 0700


class StoreError(RuntimeError):
    """The store cannot be opened or used; ``code`` says why, :meth:`message` says it in German (or English)
    with what to do. One place maps DuckDB's and the operating system's errors to these codes
    (:func:`store_error`); the CLI (exit 2) and the pages show the message, the details go to the log.

    Codes: ``locked`` (another process holds the file), ``read_only`` (file, folder or file system not
    writable), ``disk_full``, ``out_of_memory``, ``damaged`` (not a DuckDB file, or a block cannot be read),
    ``migration_failed`` (a schema migration failed; the store stays at its old version), ``newer_format`` (a file
    written by DuckDB 2.0, which the pinned 1.5.5 cannot read: README, Upgrading), ``unreachable`` (server mode:
    the PostgreSQL server does not answer, refuses the login, or has no such database).

    ``path`` and ``detail`` never show a password of a server URL (:func:`ktdash.store.server.scrub`)."""

    CODES = ("locked", "read_only", "disk_full", "out_of_memory", "damaged", "migration_failed", "newer_format",
             "unreachable")

    def __init__(self, code: str, path: str | Path = "", detail: str = ""):
        self.code, self.path, self.detail = code, str(path), detail
        super().__init__(f"{code}: {self.path}: {self.detail}")

    @property
    def path(self) -> str:
        return self._path

    @path.setter
    def path(self, value) -> None:
        self._path = server.scrub(str(value))

    @property
    def detail(self) -> str:
        return self._detail

    @detail.setter
    def detail(self, value) -> None:
        self._detail = server.scrub(str(value))

    def message(self, lang: str = "de", command: str | None = None) -> str:
        """The message for the CLI command ``command`` (``None``: for a page)."""
        from ktdash.i18n import texts

        if command is None:
            return texts.t(f"store_error_{self.code}_page", lang, path=self.path, detail=self.detail)
        return texts.t(f"store_error_{self.code}", lang, path=self.path, detail=self.detail,
                       what=command_words(command, lang), hint=_command_hint(command, lang))


class StoreLockedError(StoreError):
    """The DuckDB file is open in another process (the dashboard, another command), which ``detail`` (DuckDB's
    message) names by its PID; ``waited``: the seconds spent waiting for it (:mod:`ktdash.store.sharing`)."""

    def __init__(self, path: str | Path = "", detail: str = "", waited: float = 0.0):
        super().__init__("locked", path, detail)
        self.waited = waited

    def message(self, lang: str = "de", command: str | None = None) -> str:
        """Who holds the file (:func:`ktdash.store.holders.holder_words`) and how long was waited, for the command
        ``command`` or (``None``) a page; a refusal without waiting (a restore under a running dashboard) says
        so."""
        from ktdash.core.formatting import format_number
        from ktdash.i18n import texts
        from ktdash.store.holders import holder_words

        values = {"path": self.path, "holder": holder_words(self.detail, lang),
                  "waited": format_number(self.waited, 0, lang)}
        if server.is_server(self.path):  # server mode: a writer held the write lock, nobody "opens" the store
            key = "store_error_busy_page" if command is None else "store_error_busy"
            return texts.t(key, lang, **values, **({} if command is None else {
                "what": command_words(command, lang), "hint": _command_hint(command, lang)}))
        if command is None:
            return texts.t("store_error_locked_page", lang, **values)
        key = "store_error_locked" if self.waited > 0 else "store_error_locked_now"
        return texts.t(key, lang, what=command_words(command, lang), hint=_command_hint(command, lang), **values)


def command_words(command: str, lang: str = "de") -> str:
    """A ktdash command as the subject of a message: "der Import", "die Sicherung"; else „ktdash NAME“."""
    from ktdash.i18n import texts

    key = f"store_what_{command}"
    return texts.t(key, lang) if key in texts.UI else texts.t("store_what_command", lang, command=command)


def _command_hint(command: str, lang: str) -> str:
    from ktdash.i18n import texts

    key = f"store_hint_{command}"
    return texts.t(key, lang) if key in texts.UI else ""


_MESSAGE_CODES = (  # (code, lower-case parts of DuckDB's or the OS's message), first match wins
    ("locked", ("could not set lock",)),
    ("newer_format", ("created with an newer version of duckdb", "created with a newer version of duckdb")),
    ("disk_full", ("no space left on device", "disk full", "not enough space", "disk quota exceeded")),
    ("out_of_memory", ("out of memory", "cannot allocate memory", "failed to allocate")),
    ("read_only", ("read-only file system", "permission denied", "read-only mode", "operation not permitted")),
    ("damaged", ("not a valid duckdb database", "checksum", "corrupt", "invalidated", "failed to read",
                 "could not read", "serializ", "unexpected end of file", "truncated")),
)
_ERRNO_CODES = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EROFS: "read_only",
                errno.EACCES: "read_only", errno.EPERM: "read_only", errno.ENOMEM: "out_of_memory"}


def store_error(exc: BaseException, path: str | Path = "") -> StoreError | None:
    """The :class:`StoreError` an exception of DuckDB or the operating system means for the store at ``path``,
    or ``None`` when it is none of them (a bug: the caller lets it through). The one place of this mapping."""
    if isinstance(exc, StoreError):
        return exc
    detail = f"{type(exc).__name__}: {exc}".strip()
    if server.unreachable(exc):  # server mode: no server, wrong password, no such database
        return StoreError("unreachable", path, detail)
    if isinstance(exc, (MemoryError, duckdb.OutOfMemoryException)):
        return StoreError("out_of_memory", path, detail)
    if isinstance(exc, OSError) and exc.errno in _ERRNO_CODES:
        return StoreError(_ERRNO_CODES[exc.errno], path, detail)
    if not isinstance(exc, (duckdb.Error, OSError)):
        return None
    text = str(exc).lower()
    postgres = server.from_postgres(exc)  # PostgreSQL's words ("could not serialize access") are no damaged file
    for code, parts in _MESSAGE_CODES:
        if postgres and code in ("locked", "read_only", "damaged"):
            continue
        if any(part in text for part in parts):
            return StoreLockedError(path, detail) if code == "locked" else StoreError(code, path, detail)
    if not postgres and isinstance(exc, (duckdb.IOException, duckdb.SerializationException)):
        return StoreError("damaged", path, detail)
    return None


def log_store_error(error: StoreError, exc: BaseException | None = None, where: str = "") -> None:
    """The details of a store error for the operator: the server log (the dashboard) or nothing (CLI)."""
    LOG.error("store error %s at %s (%s): %s", error.code, error.path, where or "-", error.detail,
              exc_info=exc if exc is not None and exc is not error else None)


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped in ``ktdash/store/migrations``, in order."""
    found = []
    for entry in resources.files("ktdash.store.migrations").iterdir():
        match = MIGRATION_PATTERN.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def connect(path: str | Path, read_only: bool = False, wait_s: float | None = None,
            on_wait: Callable | None = None) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file (creating its folder); extensions are never downloaded. A ``postgresql://`` URL: the
    server-mode store (:func:`ktdash.store.server.connect`; ``wait_s``/``on_wait``: waiting for its write lock), an
    unreachable one raises :class:`StoreError` ``unreachable`` (its message without the password)."""
    if server.is_server(path):
        try:
            return server.connect(str(path).strip(), wait_s, on_wait)
        except Exception as exc:
            if not server.unreachable(exc):
                raise
            raise StoreError("unreachable", path, f"{type(exc).__name__}: {exc}") from None  # no password in a trace
    path = Path(path)
    on_disk = str(path) != ":memory:"
    new = on_disk and not read_only and not path.exists()
    if on_disk and not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(
            str(path),
            read_only=read_only,
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
        )
    except duckdb.IOException as exc:
        if "could not set lock" in str(exc).lower():  # not "block": a damaged file is no locked one
            raise StoreLockedError(str(path), str(exc)) from exc
        raise
    if new and path.exists():  # a new store: the operating account's alone, whatever the umask
        with contextlib.suppress(OSError):
            os.chmod(path, FILE_MODE)
    server.remember_embedded(con)
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    if server.server_of(con) is not None:
        server.ensure_schema_migrations(con)
    else:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration newer than the store's version, each in its own transaction. In server mode all of
    them under the write lock (two processes starting at once: the second finds the store migrated), the DDL in
    PostgreSQL's dialect (:func:`ktdash.store.server.apply_migration`)."""
    store = server.server_of(con)
    if store is None:
        return _migrate(con, con.execute)
    if server.schema_version(con) >= migrations()[-1][0]:  # up to date: no lock (a long import holds it)
        return []
    with WRITE_LOCK, _server_lock(con):
        return _migrate(con, lambda sql: server.apply_migration(con, sql))


def _migrate(con: duckdb.DuckDBPyConnection, run: Callable[[str], object]) -> list[str]:
    applied = []
    current = schema_version(con)
    for version, name, sql in migrations():
        if version <= current:
            continue
        try:
            with transaction(con):
                run(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        except Exception as exc:  # rolled back: the store stays at the version before
            if server.server_of(con) is not None:
                server.rolled_back(con)
            if store_error(exc) is not None:  # a full disk, a damaged block …: no bad migration
                raise
            raise StoreError("migration_failed", "", f"{name}: {type(exc).__name__}: {exc}") from exc
        applied.append(name)
    return applied


def open_store(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Connect and migrate. A failed migration raises :class:`StoreError` ``migration_failed`` naming it (the
    connection is closed, the store keeps its old version). A file another process holds raises
    :class:`StoreLockedError` at once; :func:`ktdash.store.sharing.open_waiting` waits for it. ``path`` may be a
    ``postgresql://`` URL (server mode)."""
    return prepare_store(connect(path), path)


def prepare_store(con: duckdb.DuckDBPyConnection, path: str | Path) -> duckdb.DuckDBPyConnection:
    """The migrations and :data:`OPEN_HOOKS` on a fresh connection ``con`` to the store at ``path``; closes it on
    failure."""
    try:
        migrate(con)
    except StoreError as exc:
        con.close()
        exc.path = str(path)
        raise
    except BaseException:
        con.close()
        raise
    for hook in OPEN_HOOKS:  # e.g. ktdash.store.erase.scrub_if_pending: a deletion's scrub that had to wait
        hook(con)
    return con


# Run by open_store after the migrations; modules of this layer that import this one register here (no cycle).
OPEN_HOOKS: list[Callable] = []


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
    :func:`ktdash.ingest.pipeline.replace_import`).

    In server mode the write lock of all processes (a PostgreSQL advisory lock, :func:`ktdash.store.server.
    write_lock`) is taken before BEGIN and let go after COMMIT/ROLLBACK, so the transaction's REPEATABLE READ
    snapshot starts after the previous writer's commit and never fails with SQLSTATE 40001; a lock not free within
    the wait raises :class:`StoreLockedError` naming its holder."""
    with WRITE_LOCK, contextlib.ExitStack() as server_lock:
        open_here = _OPEN.__dict__.setdefault("ids", set())
        if id(con) in open_here:
            yield con
            return
        server_lock.enter_context(_server_lock(con))
        con.execute("BEGIN TRANSACTION")
        open_here.add(id(con))
        pending = _OPEN.__dict__.setdefault("after", {})
        pending[id(con)] = []
        try:
            yield con
        except BaseException:
            open_here.discard(id(con))
            pending.pop(id(con), None)  # rolled back: what was to follow the change does not run
            con.execute("ROLLBACK")
            raise
        open_here.discard(id(con))
        callbacks = pending.pop(id(con), [])
        con.execute("COMMIT")
    for callback in callbacks:  # after the lock: other writers need not wait for them
        callback()


@contextlib.contextmanager
def _server_lock(con: duckdb.DuckDBPyConnection):
    """The write lock of every process on a server-mode store (nothing for an embedded one); the caller holds
    :data:`WRITE_LOCK`."""
    store = server.server_of(con)
    if store is None:
        yield
        return
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(server.write_lock(store))
        except server.LockTimeout as exc:
            raise StoreLockedError(store.url, exc.detail, exc.waited) from None
        yield


def after_commit(con: duckdb.DuckDBPyConnection, callback: Callable[[], object]) -> None:
    """Run ``callback()`` once the outermost transaction() of ``con`` open in this thread has committed (at once
    when none is open); dropped when it rolls back. How work that must never undo a change follows it: the alert
    checks after an import (:func:`ktdash.ingest.pipeline.commit_import`) — a failing check cannot roll the import
    back. The callback's own errors are its business (raised after the commit)."""
    pending = _OPEN.__dict__.setdefault("after", {})
    if id(con) in pending:
        pending[id(con)].append(callback)
    else:
        callback()


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes with every committed import: the key for caches."""
    return int(con.execute("SELECT value FROM store_state WHERE key = 'data_version'").fetchone()[0])


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "UPDATE store_state SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'data_version'"
    )


def next_ids(con: duckdb.DuckDBPyConnection, sequence: str, count: int) -> list[int]:
    """``count`` new values of the store's sequence ``sequence`` (e.g. ``seq_import``), in order.

    How every id is taken before its row is inserted (instead of ``INSERT … RETURNING`` or ``nextval`` inside an
    INSERT): a PostgreSQL store attached through DuckDB's postgres extension supports neither
    (docs/scale_spike.md, Q2), so the one way works in both modes."""
    if count <= 0:
        return []
    if server.server_of(con) is not None:  # a PostgreSQL sequence: DuckDB's nextval cannot see it
        return server.next_ids(con, sequence, count)
    return [row[0] for row in con.execute("SELECT nextval($sequence) FROM range($count)",
                                          {"sequence": sequence, "count": count}).fetchall()]


def next_id(con: duckdb.DuckDBPyConnection, sequence: str) -> int:
    """One new value of the store's sequence ``sequence`` (:func:`next_ids`)."""
    return next_ids(con, sequence, 1)[0]
