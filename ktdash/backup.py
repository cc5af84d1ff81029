"""Backup and restore of the whole store.

A backup is a DuckDB file of its own: ``ATTACH`` a new file and ``COPY FROM
DATABASE`` (tables, views, sequences with their current values, data) while the
process's write lock is held, so no import, undo or factor edit runs meanwhile
and the copy is one consistent snapshot. It is written as ``FILE.part`` and
renamed when complete, so a crash never leaves a half backup under the name.

A restore checks the file first (a DuckDB file, a schema version this ktdash
knows, every table of that version present and readable), moves the store aside
as ``<name>.bak``, puts the copy in its place, applies newer migrations and
compares the row counts; on any failure the old store comes back from
``<name>.bak``, after success ``<name>.bak`` is removed. The store must not be
open in another process (the dashboard): stop it first.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import texts
from .store import WRITE_LOCK, StoreLockedError, connect, migrations, open_store


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


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tables(con, database: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND NOT temporary ORDER BY 1",
        [database]).fetchall()]


def _counts(con, database: str) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{database}".main."{t}"').fetchone()[0]
            for t in _tables(con, database)}


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
            con.execute(f"ATTACH {_quote(str(part))} AS kt_backup")
            try:
                con.execute(f'COPY FROM DATABASE "{source}" TO kt_backup')
                rows = _counts(con, "kt_backup")
                version = con.execute("SELECT coalesce(max(version), 0) FROM kt_backup.schema_migrations"
                                      ).fetchone()[0]
            finally:
                con.execute("DETACH kt_backup")
        except (duckdb.Error, OSError) as exc:
            for stale in (part, Path(str(part) + ".wal")):
                stale.unlink(missing_ok=True)
            raise BackupError("not_written", target, str(exc)) from exc
    os.replace(part, target)
    return BackupInfo(target, version, rows)


def check_backup(path: str | Path) -> BackupInfo:
    """Read a backup file and check it can be restored; raises BackupError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("missing", path)
    try:
        con = duckdb.connect(str(path), read_only=True,
                             config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    except duckdb.Error as exc:
        raise BackupError("not_a_backup", path, str(exc)) from exc
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
        rows = _counts(con, database)  # reads every table: a damaged file fails here
    except duckdb.Error as exc:
        raise BackupError("not_a_backup", path, str(exc)) from exc
    finally:
        con.close()
    return BackupInfo(path, version, rows)


def restore(store_path: str | Path, source: str | Path) -> BackupInfo:
    """Replace the store file by a checked backup; the old store is kept as ``<name>.bak`` until it succeeded."""
    store_path, source = Path(store_path), Path(source)
    info = check_backup(source)
    if store_path.exists():
        con = connect(store_path)  # StoreLockedError while another process holds it
        try:
            con.execute("CHECKPOINT")  # everything of the WAL into the file
        finally:
            con.close()
    wal = Path(str(store_path) + ".wal")
    bak = store_path.with_name(store_path.name + ".bak")
    bak_wal = Path(str(bak) + ".wal")
    had_store = store_path.exists()
    if had_store:
        os.replace(store_path, bak)
        if wal.exists():
            os.replace(wal, bak_wal)
    else:
        store_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        part = store_path.with_name(store_path.name + ".part")
        shutil.copyfile(source, part)
        os.replace(part, store_path)
        con = open_store(store_path)  # applies migrations newer than the backup
        try:
            restored = _counts(con, con.execute("SELECT current_database()").fetchone()[0])
        finally:
            con.close()
        differing = sorted(t for t, n in info.rows.items() if t != "schema_migrations" and restored.get(t) != n)
        if differing:
            raise BackupError("restore_failed", source, ", ".join(differing))
    except BaseException as exc:
        for leftover in (store_path, wal, store_path.with_name(store_path.name + ".part")):
            leftover.unlink(missing_ok=True)
        if had_store:
            os.replace(bak, store_path)
            if bak_wal.exists():
                os.replace(bak_wal, wal)
        if isinstance(exc, (BackupError, StoreLockedError)) or not isinstance(exc, Exception):
            raise
        raise BackupError("restore_failed", source, str(exc)) from exc
    for leftover in (bak, bak_wal):
        leftover.unlink(missing_ok=True)
    return info
