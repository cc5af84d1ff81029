"""Deleting a person really deletes their personal data: after the deletion, the bytes of their name, e-mail and
phone number are nowhere in the DuckDB file (nor its write-ahead log) — the test reads the file itself. Without
:mod:`ktdash.store.erase` they would be: DuckDB marks deleted rows and keeps their bytes (the control below)."""

from __future__ import annotations

import duckdb
import pytest

from ktdash.access.permissions import Role, User
from ktdash.ingest import people
from ktdash.store import erase
from ktdash.store.connection import open_store
from conftest import demo_copy

ADMIN = User(name="agentur", role=Role.ADMIN)
SECRETS = ("Quorbelinde Zyxwabeispiel", "quorbelinde.zyx@example.org", "06381 918273645")


def add_people(con, how_many: int = 12, municipality: str = "073365010") -> list[int]:
    ids = []
    for number in range(how_many):
        name, email, phone = (SECRETS if number == 5 else
                              (f"Person Fiktiv {number}", f"fiktiv{number}@example.org", f"0631 {number:04d}"))
        ids.append(people.add_person(con, ADMIN, people.check(
            name=name, role_title="Klimaschutzmanager*in", email=email, phone=phone,
            municipalities=(municipality,), consent=True)))
        people.set_competence(con, ADMIN, ids[-1], "pv", "contact")
    con.execute("SET force_compression = 'uncompressed'")  # DuckDB 1.5 may compress a secret out of byte sight
    con.execute("CHECKPOINT")
    con.execute("RESET force_compression")
    return ids


def file_bytes(path) -> bytes:
    wal = path.with_name(path.name + ".wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def found(path) -> list[str]:
    data = file_bytes(path)
    return [secret for secret in SECRETS if secret.encode() in data]


def test_a_deleted_person_is_gone_from_the_duckdb_file(demo_template, tmp_path_factory):
    path = demo_copy(demo_template, tmp_path_factory, "erase")
    con = open_store(path)
    demo_people, demo_competences = (con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                                     for table in ("people", "competences"))  # the demo network's
    ids = add_people(con)
    con.close()
    assert found(path) == list(SECRETS)  # stored: the test can see them

    con = open_store(path)
    people.delete_person(con, ADMIN, ids[5])
    kept = con.execute("SELECT count(*) FROM people").fetchone()[0]
    con.close()
    assert kept == demo_people + 11
    assert found(path) == []
    con = duckdb.connect(str(path))  # the rest is intact
    assert con.execute("SELECT count(*) FROM competences").fetchone()[0] == demo_competences + 11
    assert con.execute("SELECT count(*) FROM readings").fetchone()[0] > 50_000
    con.close()


def test_without_the_scrub_duckdb_would_keep_the_bytes(demo_template, tmp_path_factory, monkeypatch):
    """The control: a plain DELETE leaves the person in the file — the test above can fail."""
    path = demo_copy(demo_template, tmp_path_factory, "erase_control")
    con = open_store(path)
    ids = add_people(con)
    monkeypatch.setattr(erase, "scrub", lambda con: True)
    people.delete_person(con, ADMIN, ids[5])
    con.execute("CHECKPOINT")
    con.close()
    assert SECRETS[0] in found(path)


@pytest.mark.embedded_only  # postpones the embedded scrub's free-block overwrite; a PostgreSQL store runs VACUUM FULL
def test_a_postponed_scrub_is_finished_later(store, monkeypatch):
    ids = add_people(store, 2, "073365001")
    monkeypatch.setattr(erase, "_overwrite_free_blocks", lambda con: (_ for _ in ()).throw(RuntimeError("busy")))
    people.delete_person(store, ADMIN, ids[1])
    assert store.execute("SELECT value FROM store_state WHERE key = 'erase_pending'").fetchone() == ("true",)
    monkeypatch.undo()
    assert erase.scrub_if_pending(store) is True
    assert store.execute("SELECT 1 FROM store_state WHERE key = 'erase_pending'").fetchone() is None
    assert erase.scrub_if_pending(store) is False


def test_the_next_opening_of_the_store_finishes_a_postponed_scrub(demo_template, tmp_path_factory, monkeypatch):
    path = demo_copy(demo_template, tmp_path_factory, "erase_pending")
    con = open_store(path)
    ids = add_people(con)
    monkeypatch.setattr(erase, "_rewrite", lambda con, tables: (_ for _ in ()).throw(RuntimeError("busy")))
    people.delete_person(con, ADMIN, ids[5])
    con.close()
    monkeypatch.undo()
    assert SECRETS[0] in found(path)  # postponed: still in the file
    open_store(path).close()
    assert found(path) == []


def test_a_scrub_stopped_between_its_two_steps_loses_no_one(tmp_path, monkeypatch):
    """The rewrite empties the personal tables in one committed step and refills them in a second (DuckDB 1.5 needs
    the checkpoint between): a stop between them — here the second step fails — keeps every remaining person in
    the committed copy, and the next opening puts them back and finishes the erasure."""
    from ktdash.ingest.masterdata import load_master_data

    path = tmp_path / "stopped.duckdb"
    con = open_store(path)
    load_master_data(con)
    ids = add_people(con)
    names = sorted(row[0] for row in con.execute("SELECT name FROM people").fetchall())
    real_transaction, calls = erase.transaction, []

    def second_step_fails(con):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("stopped between the steps")
        return real_transaction(con)

    monkeypatch.setattr(erase, "transaction", second_step_fails)
    people.delete_person(con, ADMIN, ids[5])
    assert con.execute("SELECT count(*) FROM people").fetchone()[0] == 0  # emptied, the copy committed
    con.close()
    monkeypatch.undo()
    con = open_store(path)  # finishes the pending scrub
    assert sorted(row[0] for row in con.execute("SELECT name FROM people").fetchall()) == [
        n for n in names if n != SECRETS[0]]
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '\\_erase\\_keep%' ESCAPE '\\'"
                       ).fetchone()[0] == 0
    con.close()
    assert found(path) == []
