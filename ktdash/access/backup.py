"""Backup and restore of the whole store.

A backup is a DuckDB file of its own: ``ATTACH`` a new file and ``COPY FROM
DATABASE`` (tables, views, sequences with their current values, data) while the
process's write lock is held, so no import, undo or factor edit runs meanwhile
and the copy is one consistent snapshot. It is written as ``FILE.part``, read
back in full (:func:`check_backup`) and renamed when complete, so a crash or a
failed write never leaves a half backup under the name.

A restore checks the file first (a DuckDB file, a schema version this ktdash
knows, every table of that version present, and every column of every row of
every table read, so DuckDB verifies the checksum of every data block; ``count(*)``
alone is answered from metadata and misses a truncated or damaged file). Only then
does it rebuild the backup next to the store (``COPY FROM DATABASE`` into a new
file, :func:`_copy`), move the store (and its ``.wal``) aside
as ``<name>.bak`` by renaming, and put the copy in its place. A fresh Python
process (:func:`_verify_in_place`) opens the store there, applies newer
migrations, closes it, opens it again and reads every table in full; the row
counts must match the backup's. On any failure the copy is removed and the old
store comes back by renaming, byte for byte; after success ``<name>.bak`` is
removed. The store must not be open in another process (the dashboard): stop it
first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ktdash.i18n import texts
from ktdash.store.sharing import dashboards_running
from ktdash.store.connection import FILE_MODE, WRITE_LOCK, StoreLockedError, connect, migrations, open_store


class BackupError(Exception):
    """A backup cannot be written or read, or a restore failed; the store is unchanged."""

    def __init__(self, code: str, path: str | Path, detail: str = ""):
        self.code, self.path, self.detail = code, str(path), detail
        super().__init__(self.message())

    def message(self, lang: str = "de") -> str:
        return texts.t("backup_error_" + self.code, lang, path=self.path, detail=self.detail)


@dataclass
class BackupInfo:
    path: Path
    schema_version: int
    rows: dict[str, int] = field(default_factory=dict)  # table → row count

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _tables(con, database: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND NOT temporary ORDER BY 1",
        [database]).fetchall()]


def _counts(con, database: str) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {_ident(database)}.main.{_ident(t)}").fetchone()[0]
            for t in _tables(con, database)}


def _ident(name: str) -> str:
    """A quoted SQL identifier (a database or table name: names cannot be parameters)."""
    return '"' + name.replace('"', '""') + '"'


def path_literal(path: str | Path) -> str:
    """A file path as a quoted SQL string for ``ATTACH``: the one place a value is written into SQL, as the pinned
    DuckDB 1.5 takes no parameter there (2.0 does). Quotes are doubled, so any path round-trips
    (tests/test_code_rules.py)."""
    return "'" + str(path).replace("'", "''") + "'"


def full_scan(con, database: str) -> dict[str, int]:
    """Read every column of every row of every table (table → row count).

    ``count(*)`` alone is answered from metadata; hashing all columns makes DuckDB load every data block of
    the table and verify its checksum, so a truncated or damaged file fails here with a ``duckdb.Error``.
    """
    rows = {}
    for table in _tables(con, database):
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = $database AND schema_name = 'main' "
            "AND table_name = $table ORDER BY column_index", {"database": database, "table": table}).fetchall()]
        rows[table] = con.execute(
            f"SELECT count(*), bit_xor(hash({', '.join(map(_ident, columns))})) "
            f"FROM {_ident(database)}.main.{_ident(table)}").fetchone()[0]
    return rows


def _is_duckdb_file(path: Path) -> bool:
    """Whether the file starts like a DuckDB database (the magic ``DUCK`` after the 8-byte checksum)."""
    try:
        with open(path, "rb") as file:
            return file.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def _is_server_archive(path: Path) -> bool:
    """Whether the file is a pg_dump archive (custom format: it starts with ``PGDMP``)."""
    try:
        with open(path, "rb") as file:
            return file.read(5) == b"PGDMP"
    except OSError:
        return False


def expected_tables(version: int) -> set[str]:
    """The tables a store has after the migrations up to ``version``."""
    con = duckdb.connect(":memory:")
    try:
        for number, _, sql in migrations():
            if number <= version:
                con.execute(sql)
        return set(_tables(con, "memory"))
    finally:
        con.close()


def backup(con, target: str | Path) -> BackupInfo:
    """Write a consistent copy of the whole store to ``target`` (a new DuckDB file)."""
    target = Path(target)
    if target.exists():
        raise BackupError("exists", target)
    if not target.parent.is_dir():
        raise BackupError("not_written", target, texts.t("backup_no_folder"))
    part = target.with_name(target.name + ".part")
    for stale in (part, Path(str(part) + ".wal")):
        stale.unlink(missing_ok=True)
    source = con.execute("SELECT current_database()").fetchone()[0]
    with WRITE_LOCK:
        try:
            con.execute(f"ATTACH {path_literal(part)} AS kt_backup")
            try:
                con.execute(f"COPY FROM DATABASE {_ident(source)} TO kt_backup")
                rows = _counts(con, "kt_backup")
                version = con.execute("SELECT coalesce(max(version), 0) FROM kt_backup.schema_migrations"
                                      ).fetchone()[0]
            finally:
                con.execute("DETACH kt_backup")
        except (duckdb.Error, OSError) as exc:
            for stale in (part, Path(str(part) + ".wal")):
                stale.unlink(missing_ok=True)
            raise BackupError("not_written", target, str(exc)) from exc
    try:
        check_backup(part)  # read back in full from the disk, as a restore will
    except BackupError as exc:
        for stale in (part, Path(str(part) + ".wal")):
            stale.unlink(missing_ok=True)
        raise BackupError("not_written", target, exc.detail) from exc
    os.chmod(part, FILE_MODE)  # a copy of everything, password hashes included: the operating account's only
    os.replace(part, target)
    return BackupInfo(target, version, rows)


def check_backup(path: str | Path) -> BackupInfo:
    """Read a backup file and check it can be restored; raises BackupError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("missing", path)
    if _is_server_archive(path):  # written by pg_dump in server mode (ktdash.access.server_backup)
        raise BackupError("server_backup", path)

    def unreadable(exc: Exception) -> BackupError:  # a DuckDB file that cannot be read in full is damaged
        damaged = _is_duckdb_file(path) and "could not set lock" not in str(exc).lower()
        return BackupError("damaged" if damaged else "not_a_backup", path, str(exc))

    try:
        con = duckdb.connect(str(path), read_only=True,
                             config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    except duckdb.Error as exc:
        raise unreadable(exc) from exc
    try:
        database = con.execute("SELECT current_database()").fetchone()[0]
        tables = set(_tables(con, database))
        if "schema_migrations" not in tables:
            raise BackupError("not_a_backup", path, texts.t("backup_no_version"))
        version = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
        known = max((number for number, _, _ in migrations()), default=0)
        if version > known:
            raise BackupError("too_new", path, str(version))
        missing = sorted(expected_tables(version) - tables)
        if version == 0 or missing:
            raise BackupError("incomplete", path, ", ".join(missing) or "schema_migrations")
        rows = full_scan(con, database)  # reads every data block: a truncated or damaged file fails here
    except duckdb.Error as exc:
        raise unreadable(exc) from exc
    finally:
        con.close()
    return BackupInfo(path, version, rows)


def _copy(source: Path, target: Path) -> None:
    """Rebuild the backup ``source`` as the new DuckDB file ``target`` and flush it to the disk.

    ``COPY FROM DATABASE`` (as :func:`backup` does) rather than a byte copy: every block of ``target`` is
    written anew and its indexes are built from the data, so no block of the backup that the full scan did not
    read (index blocks, metadata the scan never needs) is taken over.
    """
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        con.execute(f"ATTACH {path_literal(source)} AS kt_source (READ_ONLY)")
        con.execute(f"ATTACH {path_literal(target)} AS kt_target")
        con.execute("COPY FROM DATABASE kt_source TO kt_target")
        con.execute("DETACH kt_target")  # checkpoint: everything in the file
        con.execute("DETACH kt_source")
    finally:
        con.close()
    os.chmod(target, FILE_MODE)  # the restored store, like a new one: the operating account's only
    with open(target, "rb+") as file:
        os.fsync(file.fileno())


def _verify_main(path: str) -> int:
    """In the fresh process of :func:`_verify_in_place`: open (and migrate) the store, close it, open it again
    read-only and read every table in full; prints ``{"version", "rows"}`` or ``{"error"}`` as JSON."""
    try:
        con = open_store(path)  # applies migrations newer than the backup
        con.close()  # checkpoint: the file alone holds everything now
        con = connect(path, read_only=True)
        try:
            database = con.execute("SELECT current_database()").fetchone()[0]
            rows = full_scan(con, database)
            version = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
        finally:
            con.close()
    except Exception as exc:  # reported to the parent, which brings the old store back
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 1
    print(json.dumps({"version": version, "rows": rows}))
    return 0


def _verify_in_place(store_path: Path) -> dict[str, int]:
    """Open and fully read the restored store in a fresh Python process (nothing cached, nothing shared with
    this one); the row counts per table, or BackupError ``not_verified`` saying what went wrong."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    code = "import sys; from ktdash.access.backup import _verify_main; sys.exit(_verify_main(sys.argv[1]))"
    try:
        done = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True,
                              env=env)
    except OSError as exc:
        raise BackupError("not_verified", store_path, str(exc)) from exc
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        answer = {"error": (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]}
    if done.returncode != 0 or "error" in answer:
        raise BackupError("not_verified", store_path, answer.get("error") or f"exit code {done.returncode}")
    return answer["rows"]


def _refuse_if_open(store_path: Path) -> None:
    """StoreLockedError while a dashboard runs on the store (:func:`ktdash.store.sharing.dashboards_running`) or
    another process holds it; a store that cannot be read is no obstacle
    (DuckDB takes the file lock before it reads anything, so a read error means nobody else holds it)."""
    if not store_path.exists():
        return
    running = dashboards_running(store_path)
    if running:  # it holds the file only during its runs: between them it would open the file being replaced
        raise StoreLockedError(store_path, f"Conflicting lock is held in streamlit (PID {running[0]})")
    try:
        connect(store_path, read_only=True).close()  # read-only: writes nothing, not even a checkpoint
    except StoreLockedError:
        raise
    except duckdb.Error:
        pass


@dataclass(frozen=True)
class _RestoreFiles:
    """The files a restore touches: the store and its WAL, their ``.bak`` names, and the copy (``.part``)."""

    store: Path
    wal: Path
    bak: Path
    bak_wal: Path
    part: Path
    part_wal: Path

    @classmethod
    def of(cls, store: Path) -> "_RestoreFiles":
        bak, part = store.with_name(store.name + ".bak"), store.with_name(store.name + ".part")
        return cls(store, _wal(store), bak, _wal(bak), part, _wal(part))


def _wal(path: Path) -> Path:
    return Path(str(path) + ".wal")


def _refuse_leftover_bak(files: _RestoreFiles) -> None:
    """BackupError ``bak_exists`` when an interrupted restore left ``<name>.bak``: perhaps the only copy of the old
    store, so it is never overwritten."""
    for stale in (files.bak, files.bak_wal):
        if stale.exists():
            raise BackupError("bak_exists", stale, str(files.store))


def _copy_next_to_store(source: Path, files: _RestoreFiles) -> None:
    """Rebuild the backup as ``<name>.part`` beside the store; on failure nothing is left and nothing replaced."""
    try:
        for stale in (files.part, files.part_wal):
            stale.unlink(missing_ok=True)
        files.store.parent.mkdir(parents=True, exist_ok=True)
        _copy(source, files.part)
    except (OSError, duckdb.Error) as exc:
        for stale in (files.part, files.part_wal):
            stale.unlink(missing_ok=True)
        raise BackupError("restore_failed", source, str(exc)) from exc


def _swap_in(files: _RestoreFiles, done: list[str]) -> None:
    """Move the store (and its WAL) aside as ``.bak`` and the copy into its place, noting each step in ``done``
    (``store``, ``wal``, ``placed``) as soon as it happened, so that :func:`_put_back` undoes exactly those."""
    if files.store.exists():
        os.replace(files.store, files.bak)
        done.append("store")
    if files.wal.exists():
        os.replace(files.wal, files.bak_wal)
        done.append("wal")
    os.replace(files.part, files.store)
    done.append("placed")


def _put_back(files: _RestoreFiles, done: list[str], exc: BaseException) -> None:
    """Undo the steps of :func:`_swap_in` in ``done``: the old store comes back byte for byte; BackupError
    ``rollback_failed`` (naming the ``.bak`` file) when the operating system refuses."""
    try:
        files.part.unlink(missing_ok=True)
        files.part_wal.unlink(missing_ok=True)
        if "placed" in done:  # the copy and whatever it wrote; the old files were moved away before
            files.store.unlink(missing_ok=True)
            files.wal.unlink(missing_ok=True)
        if "store" in done:
            os.replace(files.bak, files.store)
        if "wal" in done:
            os.replace(files.bak_wal, files.wal)
    except OSError as undo:
        raise BackupError("rollback_failed", files.bak, f"{files.store}: {undo}") from exc


def restore(store_path: str | Path, source: str | Path) -> BackupInfo:
    """Replace the store file by a checked backup; the old store is kept as ``<name>.bak`` until the new one
    has been opened and read in full by a fresh process, and comes back byte for byte on any failure."""
    store_path, source = Path(store_path), Path(source)
    info = check_backup(source)
    files = _RestoreFiles.of(store_path)
    _refuse_leftover_bak(files)
    _refuse_if_open(store_path)
    _copy_next_to_store(source, files)
    done: list[str] = []
    try:
        _swap_in(files, done)
        restored = _verify_in_place(store_path)
        differing = sorted(t for t, n in info.rows.items() if t != "schema_migrations" and restored.get(t) != n)
        if differing:
            raise BackupError("restore_failed", source, ", ".join(differing))
    except BaseException as exc:
        _put_back(files, done, exc)
        if isinstance(exc, (BackupError, StoreLockedError)) or not isinstance(exc, Exception):
            raise
        raise BackupError("restore_failed", source, str(exc)) from exc
    for leftover in (files.bak, files.bak_wal):
        leftover.unlink(missing_ok=True)
    return info
