"""Server mode: the store is a PostgreSQL database that every ktdash process (CLI runs, dashboard replicas) uses at
once, through DuckDB's postgres extension, so ktdash's SQL runs unchanged (docs/scale_spike.md: the measured choice).

Chosen by ``KTDASH_STORE=postgresql://user:password@host:port/database`` (:mod:`ktdash.core.settings`). What holds:

- **The connection** is a DuckDB database whose default catalog *is* the PostgreSQL database (the path
  ``postgres:<libpq connection string>``), so every cursor of it — the dashboard takes one per script run, the Import
  page one per session — reads and writes the store without ``USE`` (an ``ATTACH … ; USE`` is per cursor in DuckDB:
  measured, a cursor of such a connection sees the in-memory catalog). ktdash's tables live in the PostgreSQL schema
  ``main`` (DuckDB's default schema name; the connection string sets ``search_path=main`` for the PostgreSQL side).
  Temporary tables and macros stay in DuckDB's temp catalog. The extension is never downloaded: its file comes from
  the ``duckdb-extension-postgres`` wheel, installed into a private extension directory (0700, per user and DuckDB
  version) and loaded by the connection.
- **Who is connected** is in PostgreSQL's ``pg_stat_activity``: every connection carries the application name
  ``ktdash <what> <pid>`` (``ktdash dashboard 4711``, ``ktdash import 4712``), which names the holder in a waiting
  message and lets a restore refuse while a dashboard is connected (:func:`dashboards`).
- **Writes are serialized** across processes by a session-level advisory lock (:data:`WRITE_KEY`), taken on a
  psycopg connection the process keeps for it, *before* a transaction begins (:func:`write_lock`): the extension
  runs every transaction as REPEATABLE READ, so two transactions updating one row (``store_state``'s data version,
  which every import bumps) would otherwise fail with SQLSTATE 40001 (spike, Q2); with the lock, a transaction's
  snapshot starts after the previous writer committed. A killed process's lock ends with its connection.
- **Migrations** are the same files as in the embedded store: their DDL runs in PostgreSQL through
  ``postgres_execute`` with four type rules (:data:`PG_TYPES`), everything else through DuckDB, each migration in
  one transaction (``postgres_execute`` joins DuckDB's open transaction: measured, a rolled-back migration leaves no
  table), all of them under the write lock, so two processes starting at once migrate once.
- **Ids** come from PostgreSQL's sequences (:func:`next_ids`): DuckDB's ``nextval`` cannot see them.

psycopg is imported only here and only in server mode; an embedded store never needs it.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import re
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ktdash.store.holders import Holder, holder_of_application, holder_of_command, holder_of_pid

SCHEMES = ("postgresql://", "postgres://")
SCHEMA = "main"  # DuckDB's default schema name: unqualified names of a cursor resolve there
WRITE_KEY = int.from_bytes(b"ktdash.w", "big")  # the advisory lock of every write transaction and the migrations
NO_DOWNLOADS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
CONNECT_TIMEOUT_S = 10  # libpq's connect_timeout when the URL sets none
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class LockTimeout(RuntimeError):
    """The write lock was not free within the wait; ``detail`` names its holder (application name), ``waited`` s."""

    def __init__(self, detail: str, waited: float):
        super().__init__(detail)
        self.detail, self.waited = detail, waited


def is_server(location) -> bool:
    """Whether ``location`` (a path or a URL) names a PostgreSQL store."""
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


# --- passwords never shown --------------------------------------------------------------------------------------

_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s]*):[^@\s]*@", re.IGNORECASE)
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def shown(location) -> str:
    """``location`` as a message may show it: a URL without its password (``postgresql://ktdash@host:5432/db``)."""
    return redact(str(location))


def redact(text: str) -> str:
    """``text`` with every password of a PostgreSQL URL or a libpq ``password=`` taken out (error messages of the
    extension quote the connection string)."""
    text = _URL_PASSWORD.sub(r"\1@", text or "")
    return _KEY_PASSWORD.sub(r"\1***", text)


def _known_passwords() -> list[str]:
    """The passwords of the stores this process opened, those long enough to be masked wherever they appear (a
    short one, e.g. equal to the user name, would mask ordinary words; the two patterns above catch it)."""
    return [server.password for server in _SERVERS.values() if len(server.password) >= 8]


def scrub(text: str) -> str:
    """:func:`redact`, and any password of a store this process opened, wherever it appears."""
    text = redact(text)
    for password in _known_passwords():
        text = text.replace(password, "***")
    return text


# --- who this process is ----------------------------------------------------------------------------------------


def application_name(argv: list[str] | None = None, pid: int | None = None) -> str:
    """``ktdash <what> <pid>``: ``dashboard`` (Streamlit), the ktdash subcommand, or ``program:<name>``; what
    ``pg_stat_activity`` shows of this process (63 characters at most, PostgreSQL's limit)."""
    holder = holder_of_pid(os.getpid()) if argv is None else holder_of_command(list(argv))  # /proc: python -c too
    if holder.kind == "unknown":  # no /proc
        holder = holder_of_command(list(sys.argv))
    what = {"dashboard": "dashboard", "command": holder.name or "command"}.get(holder.kind, f"program:{holder.name}")
    return f"ktdash {what} {os.getpid() if pid is None else pid}"[:63]


# --- the extension from its wheel -------------------------------------------------------------------------------


def extension_file() -> Path:
    """The postgres extension inside the ``duckdb-extension-postgres`` wheel (its version is pinned to duckdb's)."""
    spec = importlib.util.find_spec("duckdb_extension_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("server mode needs the package duckdb-extension-postgres=="
                           f"{duckdb.__version__} (pip install 'duckdb-extension-postgres=={duckdb.__version__}')")
    return next(Path(spec.submodule_search_locations[0]).glob("extensions/*/postgres.duckdb_extension"))


def extension_directory() -> Path:
    """A private extension directory (0700, owned by this user) for this DuckDB version, with the postgres extension
    installed from the wheel (once; a file lock keeps two processes from installing it at the same moment).
    ``INSTALL '<file>'`` then loading by name is the way that works: the wheel's file is named ``postgres`` but its
    entry point is ``postgres_scanner``'s, so ``LOAD '<file>'`` fails (spike, Q1)."""
    folder = Path(tempfile.gettempdir()) / f"ktdash-duckdb-{os.getuid()}-{duckdb.__version__}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.stat()
    if info.st_uid != os.getuid():
        raise PermissionError(f"{folder} belongs to another user")
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)
    with open(folder / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        con = duckdb.connect(":memory:", config={**NO_DOWNLOADS, "extension_directory": str(folder)})
        try:
            installed = con.execute("SELECT installed FROM duckdb_extensions() "
                                    "WHERE extension_name = 'postgres_scanner'").fetchone()
            if not (installed and installed[0]):
                con.execute("INSTALL '" + str(extension_file()).replace("'", "''") + "'")  # takes no parameter
        finally:
            con.close()
    return folder


# --- one store server per URL and process ------------------------------------------------------------------------


@dataclass
class Server:
    """What this process keeps of one PostgreSQL store: its URL, the connection string DuckDB and psycopg use, and the
    psycopg connection that holds the write lock (:func:`write_lock`)."""

    url: str
    dsn: str
    password: str = ""
    wait_s: float = 120.0
    on_wait: Callable[[Holder], object] | None = None
    depth: int = 0  # nested holds of the write lock in this process (one PostgreSQL lock)
    lock_con: object = None
    guard: threading.RLock = field(default_factory=threading.RLock)

    def lock_connection(self):
        import psycopg

        if self.lock_con is None or self.lock_con.closed:
            self.lock_con = psycopg.connect(self.dsn, autocommit=True)
        return self.lock_con


_SERVERS: dict[str, Server] = {}
_SERVERS_LOCK = threading.Lock()
_OF_CONNECTION: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection/cursor → Server or None


def _dsn(url: str) -> tuple[str, str]:
    """The libpq connection string of ``url`` with this process's application name, ``search_path=main`` and a
    connect timeout; and the password (for taking it out of messages)."""
    from psycopg import conninfo

    parts = conninfo.conninfo_to_dict(url)
    parts["application_name"] = application_name()
    parts["options"] = (parts.get("options", "") + f" -c search_path={SCHEMA}").strip()
    parts.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    password = str(parts.pop("password", None) or "")
    if password:  # DuckDB names the catalog after the connection string: the password must not be in it
        parts["passfile"] = str(_passfile(shown(url), password))
    return conninfo.make_conninfo(**parts), password


def _passfile(store: str, password: str) -> Path:
    """A libpq password file (0600, in a private folder of this user) that gives ``password`` to any server: how a
    password of ``KTDASH_STORE`` reaches libpq without being part of the connection string, which DuckDB shows as
    the name of the store's catalog (``current_database()``, error messages). One file per store (named after its
    URL without the password), rewritten when the password changed."""
    import hashlib

    folder = Path(tempfile.gettempdir()) / f"ktdash-pg-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid():
        raise PermissionError(f"{folder} belongs to another user")
    os.chmod(folder, 0o700)
    path = folder / (hashlib.sha256(store.encode()).hexdigest()[:16] + ".pgpass")
    line = "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != line:
        part = path.with_name(path.name + f".{os.getpid()}")
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(line)
        os.replace(part, path)
    return path


def server(url: str) -> Server:
    """This process's :class:`Server` of ``url``."""
    with _SERVERS_LOCK:
        if url not in _SERVERS:
            dsn, password = _dsn(url)
            _SERVERS[url] = Server(url, dsn, password)
        return _SERVERS[url]


def connect(url: str, wait_s: float | None = None,
            on_wait: Callable[[Holder], object] | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection whose default catalog is the PostgreSQL database of ``url`` (module docstring).

    Connects with psycopg first (the write-lock connection): an unreachable server, a wrong password or a missing
    database raise psycopg's ``OperationalError`` here (mapped to the store error ``unreachable``), and the schema
    ``main`` is made if the database has none. ``wait_s``: how long a write waits for the write lock; ``on_wait``:
    called once when it has to wait (the CLI's note)."""
    store = server(url)
    if wait_s is not None:
        store.wait_s = wait_s
    if on_wait is not None:
        store.on_wait = on_wait
    with store.guard:
        lock_con = store.lock_connection()
        if lock_con.execute("SELECT to_regnamespace(%s) IS NULL", [SCHEMA]).fetchone()[0]:
            try:
                lock_con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            except Exception as exc:  # two processes at once: IF NOT EXISTS is no lock (UniqueViolation)
                if lock_con.execute("SELECT to_regnamespace(%s) IS NULL", [SCHEMA]).fetchone()[0]:
                    raise exc
    folder = extension_directory()
    con = duckdb.connect("postgres:" + store.dsn, config={
        **NO_DOWNLOADS, "extension_directory": str(folder),
        # DuckDB spills to "<database path>.tmp" by default: here the connection string, no folder (measured)
        "temp_directory": str(folder / f"spill-{os.getpid()}"),
        # the extension estimates a PostgreSQL view (building_stations) at 0 rows, and DuckDB's join-order
        # optimizer then built a plan of 15 GB for periods.year_to_date at 10,000 buildings (bench/RESULTS.md);
        # ktdash's queries are written in a workable join order: 2.6 s there, as in the embedded file
        "disabled_optimizers": "join_order"})
    _OF_CONNECTION[con] = store
    return con


def server_of(con) -> Server | None:
    """The :class:`Server` of a connection or cursor (``None``: an embedded store). A cursor is looked up once, by
    its default catalog's type."""
    try:
        return _OF_CONNECTION[con]
    except KeyError:
        pass
    except TypeError:  # not weakly referenceable: not a DuckDB connection
        return None
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database() "
                      "AND type = 'postgres'").fetchone()
    found = None
    if row is not None:
        with _SERVERS_LOCK:
            found = next((s for s in _SERVERS.values() if s.dsn == row[0]), None)
    _OF_CONNECTION[con] = found
    return found


def remember_embedded(con) -> None:
    """Note that ``con`` is an embedded store's connection (no lookup at its first transaction)."""
    with contextlib.suppress(TypeError):
        _OF_CONNECTION[con] = None


def catalog(con) -> str:
    """The DuckDB name of the PostgreSQL catalog (the database's name), for ``postgres_query``/``postgres_execute``."""
    return con.execute("SELECT current_database()").fetchone()[0]


# --- the write lock ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def write_lock(store: Server):
    """Hold the PostgreSQL advisory lock :data:`WRITE_KEY` (session level, on the process's lock connection) while
    inside; nested holds of this process count (one lock). Waits up to ``store.wait_s`` for another process (calling
    ``store.on_wait(holder)`` once), then raises :class:`LockTimeout` naming the holder. The caller holds the
    process's own write lock (``ktdash.store.connection.WRITE_LOCK``), so threads never race for this one."""
    with store.guard:
        if store.depth == 0:
            _acquire(store)
        store.depth += 1
    try:
        yield
    finally:
        with store.guard:
            store.depth -= 1
            if store.depth == 0:
                _release(store)


def _acquire(store: Server) -> None:
    import psycopg

    try:
        con = store.lock_connection()
        got = con.execute("SELECT pg_try_advisory_lock(%s)", [WRITE_KEY]).fetchone()[0]
    except psycopg.OperationalError:  # the server went away and came back: a new session
        store.lock_con = None
        con = store.lock_connection()
        got = con.execute("SELECT pg_try_advisory_lock(%s)", [WRITE_KEY]).fetchone()[0]
    if got:
        return
    holder = lock_holder(store)
    if store.on_wait is not None:
        store.on_wait(holder_of_application(holder))
    start = time.monotonic()
    try:
        con.execute("SELECT set_config('lock_timeout', %s, false)", [f"{max(round(store.wait_s * 1000), 1)}ms"])
        con.execute("SELECT pg_advisory_lock(%s)", [WRITE_KEY])
    except psycopg.errors.LockNotAvailable:
        raise LockTimeout(f"write lock held by '{lock_holder(store) or holder}'",
                          time.monotonic() - start) from None


def _release(store: Server) -> None:
    with contextlib.suppress(Exception):  # a lost connection has let the lock go already
        store.lock_connection().execute("SELECT pg_advisory_unlock(%s)", [WRITE_KEY])


def lock_holder(store: Server) -> str:
    """The application name of the session holding the write lock (``""``: none, or not visible)."""
    row = store.lock_connection().execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = %s AND l.objid = %s AND l.objsubid = 1",
        [WRITE_KEY >> 32, WRITE_KEY & 0xFFFFFFFF]).fetchone()
    return row[0] if row else ""


def dashboards(url: str) -> list[int]:
    """The PIDs of the other ktdash dashboard processes connected to the store (``pg_stat_activity``)."""
    store = server(url)
    with store.guard:
        rows = store.lock_connection().execute(
            "SELECT DISTINCT application_name FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name LIKE %s", ["ktdash dashboard %"]).fetchall()
    own = os.getpid()
    pids = {holder_of_application(name).pid for (name,) in rows}
    return sorted(pid for pid in pids if pid is not None and pid != own)


# --- ids --------------------------------------------------------------------------------------------------------


def next_ids(con, sequence: str, count: int) -> list[int]:
    """``count`` new values of the PostgreSQL sequence ``sequence``, ascending. The name must be an identifier (it
    is spliced into the SQL PostgreSQL runs; ktdash's sequence names are constants of the code)."""
    if not _IDENTIFIER.match(sequence) or not isinstance(count, int):
        raise ValueError(f"not a sequence name: {sequence!r}")
    sql = "SELECT nextval('" + SCHEMA + "." + sequence + "') FROM generate_series(1, " + str(count) + ")"
    rows = con.execute("SELECT * FROM postgres_query($catalog, $sql)", {"catalog": catalog(con), "sql": sql})
    return sorted(row[0] for row in rows.fetchall())


# --- migrations -------------------------------------------------------------------------------------------------

# DuckDB types PostgreSQL does not know, in the DDL sent to it (spike, Q6); MAP first (it contains DOUBLE).
# MAP (measures.expected_kwh, read and written as JSON: analytics.measures.expected_kwh_sql) and JSON: text, not jsonb —
# the extension sends an UPDATE's new value as character varying, which a jsonb column refuses, and jsonb reorders
# keys (the audit details' JSON would not read back as written). Measured with duckdb-extension-postgres 1.5.5.
PG_TYPES = ((re.compile(r"\bMAP\s*\(\s*VARCHAR\s*,\s*DOUBLE\s*\)", re.I), "text"),
            (re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.I), "double precision"),
            (re.compile(r"\bJSON\b", re.I), "text"), (re.compile(r"\bBLOB\b", re.I), "bytea"))
_PG_DDL = re.compile(r"^(CREATE\s+(UNIQUE\s+)?INDEX|CREATE\s+SEQUENCE|CREATE\s+TABLE|ALTER\s+TABLE|"
                     r"DROP\s+(TABLE|SEQUENCE|INDEX))\b", re.I)
_TEMP = re.compile(r"^CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s+(TABLE|MACRO|VIEW|SEQUENCE)\s+"
                   r"(IF\s+NOT\s+EXISTS\s+)?([\w.]+)", re.I)
_DROP = re.compile(r"^DROP\s+(TABLE|VIEW|MACRO|SEQUENCE)\s+(IF\s+EXISTS\s+)?([\w.]+)", re.I)


def statements(sql: str) -> list[str]:
    """The statements of a migration file, without comments, split at ``;`` outside quotes and comments.
    (DuckDB 1.5.5's ``extract_statements`` loses statements after ``ADD COLUMN … DEFAULT false``: measured on
    migration 013, so it is not used here.)"""
    found, current, quote, i = [], [], False, 0
    while i < len(sql):
        char = sql[i]
        if quote:
            current.append(char)
            quote = char != "'"
        elif char == "'":
            current.append(char)
            quote = True
        elif sql.startswith("--", i):  # a comment to the end of the line
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
            continue
        elif char == ";":
            found.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    found.append("".join(current).strip())
    return [statement for statement in found if statement]


def pg_ddl(sql: str) -> str:
    """A DDL statement in PostgreSQL's dialect (:data:`PG_TYPES`)."""
    for pattern, replacement in PG_TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


def run_in_postgres(con, sql: str) -> None:
    """One statement run by PostgreSQL itself (in DuckDB's open transaction), then DuckDB's catalog cache cleared."""
    con.execute("CALL postgres_execute($catalog, $sql)", {"catalog": catalog(con), "sql": sql})
    con.execute("CALL pg_clear_cache()")


def apply_migration(con, sql: str) -> None:
    """The statements of one migration: DDL of the store's tables, sequences and indexes in PostgreSQL
    (:func:`pg_ddl`), TEMP objects and their DROPs, views and data steps in DuckDB. The caller holds the
    transaction."""
    temporary: set[str] = set()
    for text in statements(sql):
        temp, drop = _TEMP.match(text), _DROP.match(text)
        if temp:
            temporary.add(temp.group(5).lower())
        if temp or (drop and (drop.group(1).upper() == "MACRO" or drop.group(3).lower() in temporary)):
            con.execute(text)
        elif _PG_DDL.match(text):
            run_in_postgres(con, pg_ddl(text))
        else:
            con.execute(text)


SCHEMA_MIGRATIONS_DDL = ("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")


def ensure_schema_migrations(con) -> None:
    run_in_postgres(con, SCHEMA_MIGRATIONS_DDL)


def schema_version(con) -> int:
    """The store's schema version without making anything (0: a new database)."""
    def pg(sql: str):
        return con.execute("SELECT * FROM postgres_query($catalog, $sql)", {"catalog": catalog(con), "sql": sql})

    if pg("SELECT to_regclass('" + SCHEMA + ".schema_migrations') IS NULL").fetchone()[0]:
        return 0
    return int(pg("SELECT coalesce(max(version), 0) FROM " + SCHEMA + ".schema_migrations").fetchone()[0])


def rolled_back(con) -> None:
    """After a ROLLBACK: DuckDB's cache may still list tables the rolled-back DDL made."""
    with contextlib.suppress(duckdb.Error):
        con.execute("CALL pg_clear_cache()")


# --- erasing deleted personal data ------------------------------------------------------------------------------


def vacuum_full(con, tables: list[str], lock_timeout_s: float = 5.0) -> None:
    """``VACUUM (FULL)`` of those of ``tables`` the store has: PostgreSQL writes each table anew without its dead
    rows and drops the old files, so a deleted person's rows are no longer in the database's files
    (:mod:`ktdash.store.erase`; PostgreSQL's write-ahead log and the file system's freed blocks keep the bytes until
    they are reused — the server's disk encryption and WAL retention are the operator's part, docs/scale.md). Run
    on a connection of its own (VACUUM cannot run in a transaction); waits at most ``lock_timeout_s`` for readers,
    else raises (the caller records the scrub as pending)."""
    import psycopg

    store = server_of(con)
    names = [name for name in tables if _IDENTIFIER.match(name)]
    with psycopg.connect(store.dsn, autocommit=True) as pg:
        present = [row[0] for row in pg.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = to_regnamespace(%s) AND relkind = 'r' "
            "AND relname = ANY(%s)", [SCHEMA, names]).fetchall()]
        if present:
            pg.execute("SELECT set_config('lock_timeout', %s, false)", [f"{round(lock_timeout_s * 1000)}ms"])
            pg.execute("VACUUM (FULL) " + ", ".join(SCHEMA + "." + name for name in sorted(present)))


# --- errors -----------------------------------------------------------------------------------------------------

UNREACHABLE = ("connection refused", "could not connect", "unable to connect to postgres", "connection to server",
               "password authentication failed", "no password supplied", "timeout expired",
               "could not translate host name", "server closed the connection", "terminating connection",
               "no pg_hba.conf entry", "the database system is starting up", "the database system is shutting down")
_LOGIN_MISSING = re.compile(r'(database|role) "[^"]*" does not exist')


def unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` (psycopg's, or DuckDB's from the extension) means the server cannot be reached or refuses
    the login (wrong password, missing database)."""
    module = type(exc).__module__ or ""
    text = str(exc).lower()
    if module.startswith("psycopg") and type(exc).__name__ in ("OperationalError", "InterfaceError"):
        return True
    if not from_postgres(exc):  # an embedded store's error is never this
        return False
    return bool(_LOGIN_MISSING.search(text)) or any(part in text for part in UNREACHABLE)


def from_postgres(exc: BaseException) -> bool:
    """Whether the error came from PostgreSQL (its ``ERROR:  ``/``FATAL:  `` lines, psycopg) or the extension's
    connecting; then DuckDB's file-error words (a damaged block, a read-only file) do not apply."""
    module = type(exc).__module__ or ""
    text = str(exc)
    return (module.startswith("psycopg") or "ERROR:  " in text or "FATAL:  " in text
            or "unable to connect to postgres" in text.lower())

