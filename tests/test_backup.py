"""ktdash backup / ktdash restore: a consistent copy, a checked restore, the old store back on any failure."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import KUSEL, TEST_PASSWORD, make_store_file
from ktdash.access import backup as backup_module
from ktdash.access.backup import BackupError, backup, check_backup, restore
from ktdash.cli.main import main
from ktdash.store.connection import open_store

MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
          "Rathaus Kusel;Strom;01.2024;1.234,5;kWh\nRathaus Kusel;Erdgas;01.2024;100;kWh\n")
LATER = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nBauhof;Strom;03.2024;50;kWh\n"


def snapshot(path) -> dict:
    con = open_store(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}
    finally:
        con.close()


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "store.duckdb", [(MONTHS, "verbrauch.csv", KUSEL)])
    monkeypatch.setenv("KTDASH_DB", str(path))
    return path


@pytest.mark.slow
def test_backup_and_restore_through_the_cli(db, tmp_path, capsys):
    original = snapshot(db)
    target = tmp_path / "sicherung.duckdb"
    assert main(["backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"Sicherung {target} geschrieben" in out and "Schemaversion" in out
    assert not (tmp_path / "sicherung.duckdb.part").exists()

    (tmp_path / "later.csv").write_text(LATER, encoding="utf-8")
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    assert main(["undo", "1"]) == 0
    capsys.readouterr()
    assert snapshot(db) != original

    assert main(["restore", str(target)]) == 0
    assert "wiederhergestellt" in capsys.readouterr().out
    assert snapshot(db) == original
    assert not (tmp_path / "store.duckdb.bak").exists()
    # sequences came along: the next import gets a new number, not one already in the store
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    con = open_store(db)
    try:
        assert con.execute("SELECT import_id FROM imports ORDER BY 1").fetchall() == [(1,), (2,)]
    finally:
        con.close()


def test_backup_never_overwrites(db, tmp_path, capsys):
    target = tmp_path / "da.duckdb"
    target.write_bytes(b"old")
    assert main(["backup", str(target)]) == 2
    assert "existiert schon" in capsys.readouterr().err
    assert target.read_bytes() == b"old"


def sha256(path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def store_files(db) -> dict[str, str | None]:
    """SHA-256 of the store, its WAL and the files a restore puts beside it (None: absent)."""
    return {suffix: sha256(db.with_name(db.name + suffix)) for suffix in ("", ".wal", ".bak", ".bak.wal", ".part")}


def full_scan_error(path) -> str | None:
    """DuckDB's error when every column of every table of the file is read, None when all is readable."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return str(exc)
    try:
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            con.execute(f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{table}"').fetchall()
    except duckdb.Error as exc:
        return str(exc)
    finally:
        con.close()
    return None


@pytest.fixture(scope="module")
def big_backup(tmp_path_factory):
    """A good backup of a store with a large table of distinctive values (many data blocks)."""
    folder = tmp_path_factory.mktemp("big")
    store = make_store_file(folder / "store.duckdb", [(MONTHS, "verbrauch.csv", KUSEL)])
    con = duckdb.connect(str(store))
    con.execute("CREATE TABLE ballast AS SELECT i, 'Wert-' || i || '-' || md5(i::VARCHAR) AS s FROM range(300000) t(i)")
    con.close()
    con = open_store(store)
    try:
        backup(con, folder / "gut.duckdb")
    finally:
        con.close()
    assert full_scan_error(folder / "gut.duckdb") is None
    return folder / "gut.duckdb"


def truncated(good, target):
    """The first half of ``good`` (a copy cut off in the middle)."""
    data = good.read_bytes()
    target.write_bytes(data[:len(data) // 2])
    assert "Could not read enough bytes" in full_scan_error(target)
    return target


def flipped(good, target):
    """``good`` with 64 bytes inverted in the middle of a block holding data of the table ``ballast``."""
    con = duckdb.connect(str(good), read_only=True)
    try:
        block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        blocks = [r[0] for r in con.execute("SELECT DISTINCT block_id FROM pragma_storage_info('ballast') "
                                             "WHERE column_name = 's' AND block_id >= 0 ORDER BY 1").fetchall()]
    finally:
        con.close()
    data = bytearray(good.read_bytes())
    offset = 3 * 4096 + blocks[len(blocks) // 2] * block_size + block_size // 2  # after the three file headers
    data[offset:offset + 64] = bytes(b ^ 0xFF for b in data[offset:offset + 64])
    target.write_bytes(bytes(data))
    con = duckdb.connect(str(target), read_only=True)  # the metadata is intact: count(*) cannot tell
    try:
        assert con.execute("SELECT count(*) FROM ballast").fetchone()[0] == 300000
    finally:
        con.close()
    assert "checksum" in full_scan_error(target)
    return target


def give_a_wal(db) -> None:
    """Leave a committed change in ``<store>.wal`` (not yet checkpointed into the file)."""
    con = duckdb.connect(str(db))
    con.execute("SET checkpoint_threshold = '1GB'")
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("UPDATE buildings SET name = name || ' (WAL)'")
    con.close()
    assert db.with_name(db.name + ".wal").exists()


@pytest.mark.slow
def test_restore_refuses_a_truncated_or_damaged_backup_and_changes_nothing(db, tmp_path, big_backup, capsys):
    give_a_wal(db)
    before = store_files(db)
    cases = {"Could not read enough bytes": truncated(big_backup, tmp_path / "halb.duckdb"),
             "checksum": flipped(big_backup, tmp_path / "gekippt.duckdb")}
    for detail, path in cases.items():
        with pytest.raises(BackupError) as error:
            check_backup(path)
        assert error.value.code == "damaged" and detail in error.value.detail
        assert main(["restore", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"Die Sicherung {path} ist beschädigt" in err and detail in err, err
        assert "die Datenbank bleibt unverändert" in err and "Traceback" not in err
        assert store_files(db) == before  # byte for byte, WAL included; no .bak, no .part
    assert main(["restore", str(big_backup)]) == 0  # the good one still restores
    assert "wiederhergestellt" in capsys.readouterr().out
    assert full_scan_error(db) is None


@pytest.mark.slow
def test_a_copy_damaged_in_place_is_caught_by_the_fresh_process(db, tmp_path, big_backup, monkeypatch, capsys):
    give_a_wal(db)
    before = store_files(db)
    (tmp_path / "kopie").mkdir()
    for name in ("store.duckdb", "store.duckdb.wal"):
        shutil.copyfile(tmp_path / name, tmp_path / "kopie" / name)
    current = snapshot(tmp_path / "kopie" / "store.duckdb")  # the store as it is, WAL included
    damaged = flipped(big_backup, tmp_path / "gekippt.duckdb")
    # the backup passes its check, but what lands beside the store is damaged (say, a failing disk)
    monkeypatch.setattr(backup_module, "_copy", lambda source, target: shutil.copyfile(damaged, target))
    with pytest.raises(BackupError) as error:
        restore(db, big_backup)
    assert error.value.code == "not_verified" and "checksum" in error.value.detail
    assert store_files(db) == before  # the old store and its WAL, byte for byte; no .bak, no .part
    assert main(["restore", str(big_backup)]) == 2  # the same through the command line (its login may checkpoint)
    err = capsys.readouterr().err
    assert "in einem neuen Prozess nicht öffnen und vollständig lesen" in err and "checksum" in err, err
    assert "bisherige Datenbank ist unverändert wieder in Gebrauch" in err and "Traceback" not in err
    assert store_files(db)[".bak"] is None and store_files(db)[".part"] is None
    monkeypatch.undo()
    assert snapshot(db) == current


@pytest.mark.slow
def test_restore_works_when_the_current_store_is_corrupt(tmp_path, big_backup, monkeypatch, capsys):
    db = make_store_file(tmp_path / "store.duckdb", [(MONTHS, "verbrauch.csv", KUSEL)], accounts=True)
    healthy = db.read_bytes()
    good = snapshot(shutil.copyfile(big_backup, tmp_path / "vergleich.duckdb"))
    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.delenv("KTDASH_USER", raising=False)
    monkeypatch.delenv("KTDASH_PASSWORD", raising=False)
    assert main(["restore", str(big_backup)]) == 2  # a readable store with accounts: the admin login stays
    assert "brauchen eine Anmeldung" in capsys.readouterr().err

    db.write_bytes(healthy[:3 * 4096 + 1000])  # cut off after the file headers: it cannot be opened at all
    assert "Could not read enough bytes" in full_scan_error(db)
    assert main(["restore", str(big_backup)]) == 0  # no account named: nothing to log in against
    captured = capsys.readouterr()
    assert f"Warnung: Die Datenbank {db} lässt sich nicht lesen" in captured.err
    assert "die Anmeldung entfällt" in captured.err and "Traceback" not in captured.err
    assert "wiederhergestellt" in captured.out
    assert full_scan_error(db) is None and snapshot(db) == good
    assert store_files(db)[".bak"] is None

    db.write_bytes(healthy[:len(healthy) // 2])  # cut in half: it may still open, but not be read in full
    assert full_scan_error(db) is not None
    monkeypatch.setenv("KTDASH_USER", "agentur")
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    assert main(["restore", str(big_backup)]) == 0
    captured = capsys.readouterr()
    assert "wiederhergestellt" in captured.out and "Traceback" not in captured.err
    assert full_scan_error(db) is None and snapshot(db) == good


def test_restore_never_overwrites_a_left_over_bak(db, tmp_path, big_backup, capsys):
    bak = tmp_path / "store.duckdb.bak"
    bak.write_bytes(b"die einzige Kopie")
    before = store_files(db)
    assert main(["restore", str(big_backup)]) == 2
    assert "unterbrochenen Wiederherstellung" in capsys.readouterr().err
    assert store_files(db) == before


def bad_backups(tmp_path):
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database at all" * 100)
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE t (i INTEGER)")
    con.close()
    partial = tmp_path / "partial.duckdb"
    con = duckdb.connect(str(partial))
    con.execute("CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_migrations VALUES (1, '001_initial.sql', now())")
    con.execute("CREATE TABLE buildings (i INTEGER)")
    con.close()
    newer = tmp_path / "newer.duckdb"
    make_store_file(newer)
    con = duckdb.connect(str(newer))
    con.execute("INSERT INTO schema_migrations VALUES (999, '999_future.sql', now())")
    con.close()
    return {"not_a_backup": garbage, "incomplete": partial, "too_new": newer, "missing": tmp_path / "nix.duckdb",
            "foreign": foreign}


def test_restore_refuses_a_bad_backup_and_leaves_the_store_alone(db, tmp_path, capsys):
    original = snapshot(db)
    for code, path in bad_backups(tmp_path).items():
        with pytest.raises(BackupError) as error:
            check_backup(path)
        assert error.value.code == ("not_a_backup" if code == "foreign" else code)
        assert main(["restore", str(path)]) == 2
        err = capsys.readouterr().err
        assert str(path) in err, err
        assert snapshot(db) == original
        assert not (tmp_path / "store.duckdb.bak").exists()


def test_a_failing_restore_brings_the_old_store_back(db, tmp_path, monkeypatch):
    target = tmp_path / "b.duckdb"
    con = open_store(db)
    try:
        backup(con, target)
    finally:
        con.close()
    (tmp_path / "later.csv").write_text(LATER, encoding="utf-8")
    assert main(["import", str(tmp_path / "later.csv"), "--municipality", KUSEL]) == 0
    current, files = snapshot(db), store_files(db)

    def broken(path):
        raise OSError("disk full")

    monkeypatch.setattr(backup_module, "_verify_in_place", broken)
    with pytest.raises(BackupError) as error:
        restore(db, target)
    assert error.value.code == "restore_failed" and "disk full" in error.value.message()
    monkeypatch.undo()
    assert store_files(db) == files
    assert snapshot(db) == current
    assert not (tmp_path / "store.duckdb.bak").exists()


def test_restore_while_another_process_holds_the_store_is_refused(db, tmp_path, capsys, monkeypatch):
    target = tmp_path / "b.duckdb"
    assert main(["backup", str(target)]) == 0
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("KTDASH_STORE_WAIT_S", "0.3")
        assert main(["restore", str(target)]) == 2
        program = Path(sys.executable).name  # the holder's command line names it
        assert f"von dem Programm {program} (Prozess {holder.pid}) geöffnet" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert db.exists() and not (tmp_path / "store.duckdb.bak").exists()
