"""ktdash backup / ktdash restore: a consistent copy, a checked restore, the old store back on any failure."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from conftest import KUSEL, make_store_file
from ktdash import backup as backup_module
from ktdash.backup import BackupError, backup, check_backup, restore
from ktdash.cli import main
from ktdash.store import open_store

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
    current = snapshot(db)

    def broken(path):
        raise OSError("disk full")

    monkeypatch.setattr(backup_module, "open_store", broken)
    with pytest.raises(BackupError) as error:
        restore(db, target)
    assert error.value.code == "restore_failed" and "disk full" in error.value.message()
    monkeypatch.undo()
    assert snapshot(db) == current
    assert not (tmp_path / "store.duckdb.bak").exists()


def test_restore_while_another_process_holds_the_store_is_refused(db, tmp_path, capsys):
    target = tmp_path / "b.duckdb"
    assert main(["backup", str(target)]) == 0
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert main(["restore", str(target)]) == 2
        assert "von einem anderen Programm geöffnet" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert db.exists() and not (tmp_path / "store.duckdb.bak").exists()
