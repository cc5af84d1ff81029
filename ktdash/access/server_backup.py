"""Backup and restore of a server-mode store (``KTDASH_STORE=postgresql://…``) with PostgreSQL's own tools.

A backup is ``pg_dump --format=custom`` of the store's database. Its row counts are read in the very snapshot the
dump is taken in: a REPEATABLE READ transaction exports its snapshot (``pg_export_snapshot()``) and ``pg_dump
--snapshot`` dumps exactly that state ("useful when needing to synchronize the dump with […] a concurrent
session", https://www.postgresql.org/docs/15/app-pgdump.html), so imports may go on meanwhile and the figures
still match the file. The dump is written as ``FILE.part`` (created 0600 before pg_dump opens it), read back in
full (:func:`check_server_backup`: every row counted, which a truncated or damaged archive fails) and only then
renamed to ``FILE``.

A restore checks the archive the same way first (a pg_dump archive, a schema version this ktdash knows, every
table of that version in it), refuses while any other ktdash process is connected to the database (their
``application_name`` "ktdash <what> <pid>" in ``pg_stat_activity``), and then replaces the store's tables in
one transaction: ``pg_restore --clean --if-exists`` writes the SQL, which runs through ``psql`` between

- an explicit BEGIN that takes the write lock of every ktdash process (``ktdash.store.server.WRITE_KEY``; a
  process that connects after the check waits for the restore) and drops every table, view and sequence of the
  dump's schemas (so tables of a newer schema than the dump's do not survive with their rows; ``--clean`` drops
  only what the archive holds),
- and a COMMIT that is sent only after pg_restore ended well and the restored row counts matched the archive's,
  checked inside the transaction.

A failure, a killed pg_restore or an interrupted restore leaves psql without COMMIT: PostgreSQL rolls the whole
transaction back and the old store is untouched. Afterwards the migrations run (a dump of an older schema is
migrated).

The tools are looked up on ``PATH``, else in the newest ``/usr/lib/postgresql/<version>/bin`` (Debian's layout).
The password of the URL is never on a command line or in a message: the tools get it in ``PGPASSWORD``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ktdash.access.backup import BackupError, BackupInfo, expected_tables
from ktdash.i18n import texts
from ktdash.store import server as store_server
from ktdash.store.connection import FILE_MODE, migrations
from ktdash.store.holders import Holder, holder_of_application, holder_words

TOOLS_GLOB = "/usr/lib/postgresql/*/bin"
ARCHIVE_MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format archive
DUCKDB_MAGIC_AT = (8, 12, b"DUCK")  # where a DuckDB file says what it is (ktdash.access.backup._is_duckdb_file)
CONNECT_TIMEOUT_S = store_server.CONNECT_TIMEOUT_S
LOCK_TIMEOUT_S = 120  # how long a restore waits for the write lock and the tables' locks, then rolls back
LOCK_TIMEOUT_MS = int(LOCK_TIMEOUT_S * 1000)  # PostgreSQL's lock_timeout takes milliseconds
is_server = store_server.is_server  # a postgresql:// URL rather than a DuckDB file
shown = store_server.shown  # the URL without its password, for messages


# --- connection parameters and tools -------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """The store's database as the tools reach it: ``conninfo`` (libpq key=value, never with the password),
    the ``password`` (passed in the environment only) and ``shown`` (the URL without the password, for messages)."""

    conninfo: str
    password: str | None
    shown: str

    @classmethod
    def of(cls, url: str, what: str) -> "Server":
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        params = {k: str(v) for k, v in conninfo_to_dict(url).items()}
        password = params.pop("password", None)
        params["application_name"] = f"ktdash {what} {os.getpid()}"  # named in pg_stat_activity
        params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
        return cls(make_conninfo(**params), password, shown(url))

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password is not None:
            env["PGPASSWORD"] = self.password
        return env

    def scrub(self, text: str) -> str:
        """``text`` (a tool's or the driver's message) without the password, should it ever be in it."""
        text = store_server.scrub(text.strip())
        return text.replace(self.password, "***") if self.password else text

    def connect(self):
        """A psycopg connection (autocommit) to the store's database."""
        import psycopg

        return psycopg.connect(self.conninfo, password=self.password, autocommit=True)


def find_tool(name: str) -> str:
    """The path of the PostgreSQL client program ``name`` (``pg_dump``, ``pg_restore``, ``psql``): on PATH, else in
    the newest ``/usr/lib/postgresql/<version>/bin``; BackupError ``no_tool`` naming the package to install."""
    found = shutil.which(name)
    if found:
        return found
    candidates = [Path(folder) / name for folder in glob.glob(TOOLS_GLOB)]
    candidates = [c for c in candidates if c.is_file() and os.access(c, os.X_OK)]
    if candidates:
        return str(max(candidates, key=lambda c: _version_key(c.parent.parent.name)))
    raise BackupError("no_tool", name, TOOLS_GLOB)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def _run(server: Server, args: list[str], code: str, path: str | Path) -> str:
    """Run a tool; its stdout, or BackupError ``code`` with its (scrubbed) message."""
    try:
        done = subprocess.run(args, capture_output=True, env=server.env(), check=False)
    except OSError as exc:
        raise BackupError(code, path, server.scrub(str(exc))) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace") or f"exit code {done.returncode}"
        raise BackupError(code, path, server.scrub(message))
    return done.stdout.decode("utf-8", "replace")


# --- reading an archive --------------------------------------------------------------------------------------


@dataclass
class Archive:
    """What a pg_dump archive holds: its tables (``schema.name`` → schema, name), their row counts, the schema
    version (max of ``schema_migrations.version``)."""

    tables: dict[str, tuple[str, str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    version: int = 0

    @property
    def schemas(self) -> set[str]:
        return {schema for schema, _ in self.tables.values()}


def _toc_tables(listing: str) -> dict[str, tuple[str, str]]:
    """The tables of ``pg_restore --list``'s table of contents ("215; 1259 16396 TABLE public a ktdash")."""
    tables = {}
    for line in listing.splitlines():
        if line.startswith(";") or "; " not in line:
            continue
        words = line.split("; ", 1)[1].split()
        if len(words) >= 5 and words[2] == "TABLE" and words[3] != "DATA":
            tables[words[4]] = (words[3], words[4])
    return tables


def _unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') and name.endswith('"') else name


def _copy_target(line: str) -> tuple[str, list[str]]:
    """Table name and columns of a ``COPY schema.table (a, b) FROM stdin;`` line of pg_restore's script."""
    head, _, columns = line[len("COPY "):].partition(" (")
    table = _unquote(head.rsplit(".", 1)[-1])
    names = [_unquote(c.strip()) for c in columns.rsplit(") FROM", 1)[0].split(",")]
    return table, names


def _read_all_rows(server: Server, path: Path) -> tuple[dict[str, int], int]:
    """Every row of the archive read (``pg_restore --data-only -f -``): rows per table and the schema version.
    pg_restore decompresses every data block, so a truncated or damaged archive fails here."""
    process = subprocess.Popen([find_tool("pg_restore"), "--data-only", "-f", "-", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=server.env())
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    reader.start()
    rows: dict[str, int] = {}
    versions: list[int] = []
    table, version_column = None, None
    for raw in process.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if table is None:
            if line.startswith("COPY ") and line.endswith(" FROM stdin;"):
                table, columns = _copy_target(line)
                rows.setdefault(table, 0)
                version_column = columns.index("version") if table == "schema_migrations" and "version" in columns \
                    else None
            continue
        if line == "\\.":
            table = None
            continue
        rows[table] += 1
        if version_column is not None:
            with contextlib.suppress(ValueError, IndexError):
                versions.append(int(line.split("\t")[version_column]))
    code = process.wait()
    reader.join()
    if code != 0:
        detail = b"".join(errors).decode("utf-8", "replace") or f"exit code {code}"
        raise BackupError("damaged_dump", path, server.scrub(detail))
    return rows, max(versions, default=0)


def _starts_with(path: Path, offset: int, magic: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(offset + len(magic))[offset:] == magic
    except OSError:
        return False


def read_archive(server: Server, path: str | Path) -> Archive:
    """Check the archive ``path`` can be restored by this ktdash and read it in full; BackupError saying what is
    wrong (``missing``, ``embedded_backup``, ``not_a_backup``, ``damaged_dump``, ``too_new``, ``incomplete``)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("missing", path)
    start, end, magic = DUCKDB_MAGIC_AT
    if _starts_with(path, start, magic):
        raise BackupError("embedded_backup", path, server.shown)
    if not _starts_with(path, 0, ARCHIVE_MAGIC):
        raise BackupError("not_a_backup", path, texts.t("backup_no_archive"))
    listing = _run(server, [find_tool("pg_restore"), "--list", str(path)], "damaged_dump", path)
    archive = Archive(tables=_toc_tables(listing))
    if "schema_migrations" not in archive.tables:
        raise BackupError("not_a_backup", path, texts.t("backup_no_version"))
    archive.rows, archive.version = _read_all_rows(server, path)
    known = max((number for number, _, _ in migrations()), default=0)
    if archive.version > known:
        raise BackupError("too_new", path, str(archive.version))
    missing = sorted(expected_tables(archive.version) - set(archive.tables))
    if archive.version == 0 or missing:
        raise BackupError("incomplete", path, ", ".join(missing) or "schema_migrations")
    for table in archive.tables:
        archive.rows.setdefault(table, 0)  # a table without rows has no COPY block
    return archive


def check_server_backup(url: str, path: str | Path) -> BackupInfo:
    """Read a pg_dump archive in full and check this ktdash can restore it into the store at ``url``."""
    archive = read_archive(Server.of(url, "restore"), path)
    return BackupInfo(Path(path), archive.version, dict(sorted(archive.rows.items())))


# --- backup ----------------------------------------------------------------------------------------------------


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _store_tables(cur) -> list[tuple[str, str]]:
    """(schema, table) of the store's tables: the schema that holds ``schema_migrations`` (the store's)."""
    cur.execute("SELECT table_schema FROM information_schema.tables WHERE table_name = 'schema_migrations' "
                "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1 LIMIT 1")
    found = cur.fetchone()
    schema = found[0] if found else "public"
    cur.execute("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE' ORDER BY 2", [schema])
    return list(cur.fetchall())


def _counts_and_version(cur) -> tuple[dict[str, int], int]:
    """Rows per table of the store and its schema version, as the cursor's transaction sees them."""
    rows, version = {}, 0
    for schema, table in _store_tables(cur):
        name = f"{_quoted(schema)}.{_quoted(table)}"
        cur.execute(f"SELECT count(*) FROM {name}")
        rows[table] = cur.fetchone()[0]
        if table == "schema_migrations":
            cur.execute(f"SELECT coalesce(max(version), 0) FROM {name}")
            version = cur.fetchone()[0]
    return rows, version


def _new_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (a copy of everything, password hashes included: the operating
    account's only), before any tool writes into it."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(descriptor)
    os.chmod(path, FILE_MODE)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def server_backup(url: str, target: str | Path) -> BackupInfo:
    """``pg_dump --format=custom`` of the store at ``url`` into ``target``, read back in full; the row counts are
    those of the dump's snapshot."""
    import psycopg

    target = Path(target)
    if target.exists():
        raise BackupError("exists", target)
    if not target.parent.is_dir():
        raise BackupError("not_written", target, texts.t("backup_no_folder"))
    server = Server.of(url, "backup")
    pg_dump = find_tool("pg_dump")
    find_tool("pg_restore")  # the check needs it: say so before anything is written
    part = target.with_name(target.name + ".part")
    try:
        with server.connect() as con, con.cursor() as cur:
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            rows, version = _counts_and_version(cur)
            _new_private_file(part)
            _run(server, [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(part),
                          "--dbname", server.conninfo], "not_written", target)
            cur.execute("COMMIT")
        archive = read_archive(server, part)
        differing = sorted(t for t, n in rows.items() if archive.rows.get(t) != n)
        if differing:
            raise BackupError("not_written", target, texts.t("backup_rows_differ", tables=", ".join(differing)))
        _fsync(part)
        os.replace(part, target)
    except psycopg.Error as exc:
        raise BackupError("not_written", target, server.scrub(str(exc))) from exc
    except (BackupError, OSError) as exc:
        if isinstance(exc, BackupError) and exc.code in ("not_written", "no_tool"):
            raise
        raise BackupError("not_written", target, exc.detail if isinstance(exc, BackupError) else str(exc)) from exc
    finally:  # a failed or interrupted backup leaves no .part (after success it has become the target)
        part.unlink(missing_ok=True)
    return BackupInfo(target, version, rows)


# --- restore ---------------------------------------------------------------------------------------------------


def other_ktdash_connections(server: Server) -> list[tuple[Holder, str]]:
    """(who, client address) of the other ktdash processes connected to the store's database, from their
    ``application_name`` "ktdash <what> <pid>" in ``pg_stat_activity`` (:func:`ktdash.store.server.application_name`;
    this process's own connections, named with its PID, excluded)."""
    with server.connect() as con, con.cursor() as cur:
        cur.execute("SELECT application_name, coalesce(host(client_addr), '') FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND application_name LIKE 'ktdash %' ORDER BY backend_start")
        found = []
        for name, address in cur.fetchall():
            holder = holder_of_application(name)
            if holder.pid != os.getpid() and (holder, address) not in found:
                found.append((holder, address))
        return found


def _holders_words(connected: list[tuple[Holder, str]], lang: str = "de") -> str:
    """The connected processes in the words of a message ("dem Dashboard (Prozess 42) auf dem Rechner …")."""
    return ", ".join(holder_words(holder, lang) + (texts.t("backup_on_host", lang, host=address) if address else "")
                     for holder, address in connected)


def _drop_all_sql(schemas: set[str]) -> str:
    """SQL that drops every table, view and sequence of ``schemas`` (so that nothing of a newer schema than the
    archive's stays behind with its rows; pg_restore's ``--clean`` drops only what the archive holds)."""
    names = ", ".join("'" + schema.replace("'", "''") + "'" for schema in sorted(schemas))
    return f"""DO $ktdash$
DECLARE r record;
BEGIN
  FOR r IN SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                  ELSE 'TABLE' END AS kind, format('%I.%I', n.nspname, c.relname) AS name
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ANY (ARRAY[{names}]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', r.kind, r.name);
  END LOOP;
END $ktdash$;
"""


def _begin_sql(schemas: set[str]) -> str:
    """BEGIN, the write lock of every ktdash process (so a process that connected after the check waits for the
    restore instead of writing into it; released with the transaction), and the drop of everything."""
    return (f"BEGIN;\nSET LOCAL lock_timeout = {LOCK_TIMEOUT_MS};\n"  # constants of the code, no input
            f"SELECT pg_advisory_xact_lock({store_server.WRITE_KEY});\n" + _drop_all_sql(schemas))


def _count_check_sql(archive: Archive) -> str:
    """SQL that fails the transaction unless every restored table has the archive's row count."""
    checks = []
    for key, (schema, table) in sorted(archive.tables.items()):
        name = f"{_quoted(schema)}.{_quoted(table)}"
        expected = int(archive.rows.get(key, 0))
        label = table.replace("'", "''")
        checks.append(f"  IF (SELECT count(*) FROM {name}) <> {expected} THEN "
                      f"RAISE EXCEPTION 'ktdash: % rows in {label}, the backup has {expected}', "
                      f"(SELECT count(*) FROM {name}); END IF;")
    return "DO $ktdash$\nBEGIN\n" + "\n".join(checks) + "\nEND $ktdash$;\n"


def _pump(source, sink) -> None:
    while chunk := source.read(1 << 16):
        sink.write(chunk)


def _restore_in_one_transaction(server: Server, path: Path, archive: Archive) -> None:
    """pg_restore's script between BEGIN (+ drop everything) and COMMIT, through psql with ON_ERROR_STOP; COMMIT
    only after pg_restore exited 0 and the row counts matched. Otherwise psql ends without COMMIT (rolled
    back)."""
    psql = subprocess.Popen([find_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", server.conninfo,
                             "-f", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=server.env())
    dump = subprocess.Popen([find_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "-f", "-", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=server.env())
    psql_errors: list[bytes] = []
    dump_errors: list[bytes] = []
    readers = [threading.Thread(target=lambda: psql_errors.append(psql.stderr.read()), daemon=True),
               threading.Thread(target=lambda: dump_errors.append(dump.stderr.read()), daemon=True)]
    for reader in readers:
        reader.start()
    committed = False
    try:
        psql.stdin.write(_begin_sql(archive.schemas).encode())
        _pump(dump.stdout, psql.stdin)
        if dump.wait() != 0:
            readers[1].join(timeout=10)
            raise BackupError("damaged_dump", path, server.scrub(b"".join(dump_errors).decode("utf-8", "replace")))
        psql.stdin.write(_count_check_sql(archive).encode() + b"COMMIT;\n")
        committed = True
        psql.stdin.close()
    except BrokenPipeError:  # psql stopped at an error (ON_ERROR_STOP): its message below
        committed = False
    finally:
        if not committed:
            psql.kill()  # ends its session without COMMIT: PostgreSQL rolls the transaction back
            with contextlib.suppress(OSError):
                dump.kill()
        code = psql.wait()
        dump.wait()
    if not committed or code != 0:
        readers[0].join(timeout=10)
        detail = b"".join(psql_errors).decode("utf-8", "replace") or f"psql exit code {code}"
        raise BackupError("restore_failed", path, server.scrub(detail))


def _migrate(url: str, path: Path) -> None:
    """Open the store once: the migrations newer than the restored schema run (each all-or-nothing)."""
    from ktdash.store.connection import open_store

    try:
        open_store(url).close()
    except Exception as exc:  # the restore is committed: say so, with what failed (StoreError and anything else)
        raise BackupError("not_migrated", path, str(exc)) from exc


def server_restore(url: str, source: str | Path) -> BackupInfo:
    """Replace the tables of the store at ``url`` by those of the pg_dump archive ``source`` in one transaction,
    then migrate; refused (nothing changed) while another ktdash process is connected."""
    import psycopg

    source = Path(source)
    server = Server.of(url, "restore")
    for tool in ("pg_restore", "psql"):
        find_tool(tool)
    archive = read_archive(server, source)
    try:
        connected = other_ktdash_connections(server)
    except psycopg.Error as exc:
        raise BackupError("restore_failed", source, server.scrub(str(exc))) from exc
    if connected:
        raise BackupError("in_use", server.shown, _holders_words(connected))
    _restore_in_one_transaction(server, source, archive)
    _migrate(url, source)
    return BackupInfo(source, archive.version, dict(sorted(archive.rows.items())))

