"""The command line checks accounts for every change: import, undo, user changes, backup, restore.

In-process through ``ktdash.cli.main.main`` on a store file with the Westpfalz master data (so VG Kusel-Altenglan and
Stadt Pirmasens exist) and the demo's four kinds of accounts: admin, the managers of Kusel and of Pirmasens,
a viewer.
"""

from __future__ import annotations

import io
import json

import pytest

from conftest import copy_store
from ktdash.access import accounts as account_store
from ktdash.cli import main as cli
from ktdash.ingest.pipeline import import_file
from ktdash.ingest.masterdata import load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

KUSEL, PIRMASENS = "VG Kusel-Altenglan", "Stadt Pirmasens"
KUSEL_KEY, PIRMASENS_KEY = "073365010", "073170000"  # sample_data/master
PASSWORD = {"agentur": "Agentur-Passwort-1", "kusel": "Kusel-Passwort-1", "pirmasens": "Pirmasens-Passwort-1",
            "gast": "Gast-Passwort-12"}
HEADER = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
KUSEL_FILE = HEADER + "Rathaus Kusel;Strom;01.2024;1.000;kWh\nRathaus Kusel;Strom;02.2024;900;kWh\n"
PIRMASENS_FILE = HEADER + "Rathaus Pirmasens;Strom;01.2024;2.000;kWh\n"
LATER_FILE = HEADER + "Bauhof Kusel;Strom;03.2024;50;kWh\n"
TABLES = ("imports", "consumptions", "buildings", "users", "user_municipalities")


def make_store(path, accounts: bool = True):
    """Import 1: Kusel, import 2: Pirmasens (by the set-up operator), then the accounts."""
    con = open_store(path)
    try:
        load_master_data(con)
        for content, name, municipality in ((KUSEL_FILE, "kusel.csv", KUSEL), (PIRMASENS_FILE, "ps.csv", PIRMASENS)):
            _, result = import_file(con, content.encode(), name, municipality, settings=Settings(), user="test")
            assert result is not None
        if accounts:
            account_store.add_user(con, "agentur", "admin", PASSWORD["agentur"], by="test")
            account_store.add_user(con, "kusel", "manager", PASSWORD["kusel"], municipalities=[KUSEL], by="test")
            account_store.add_user(con, "pirmasens", "manager", PASSWORD["pirmasens"], municipalities=[PIRMASENS],
                                   by="test")
            account_store.add_user(con, "gast", "viewer", PASSWORD["gast"], by="test")
    finally:
        con.close()
    return path


@pytest.fixture
def env(monkeypatch):
    monkeypatch.delenv("KTDASH_USER", raising=False)
    monkeypatch.delenv("KTDASH_PASSWORD", raising=False)
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "betrieb")

    def fail(prompt=""):
        raise AssertionError(f"unexpected password prompt: {prompt}")

    monkeypatch.setattr(cli.getpass, "getpass", fail)
    return monkeypatch


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The store of :func:`make_store` with accounts, built once for the module (four argon2 hashes and two
    imports take seconds); every test works on a fresh copy of it (:func:`db`)."""
    return make_store(tmp_path_factory.mktemp("cli_access") / "store.duckdb")


@pytest.fixture
def db(template, tmp_path, env):
    path = copy_store(template, tmp_path / "store.duckdb")
    env.setenv("KTDASH_DB", str(path))
    return path


@pytest.fixture
def files(tmp_path):
    out = {}
    for name, content in (("kusel", LATER_FILE), ("pirmasens", PIRMASENS_FILE.replace("2.000", "3.000"))):
        out[name] = tmp_path / f"{name}.csv"
        out[name].write_text(content, encoding="utf-8")
    return out


def login(monkeypatch, name, password=None):
    monkeypatch.setenv("KTDASH_USER", name)
    monkeypatch.setenv("KTDASH_PASSWORD", password or PASSWORD[name])


def query(db, sql, params=()):
    con = open_store(db)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def counts(db) -> dict[str, int]:
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def audit_since(db, before: int) -> list[tuple]:
    return query(db, "SELECT user_name, action, municipality_key, object FROM audit_log WHERE audit_id > ? "
                     "ORDER BY audit_id", [before])


def last_audit_id(db) -> int:
    return query(db, "SELECT coalesce(max(audit_id), 0) FROM audit_log")[0][0]


def refused(db, argv, capsys) -> str:
    """Run a command that must be refused: exit 2, nothing changed but a login row; returns stderr."""
    before, mark = counts(db), last_audit_id(db)
    assert cli.main(argv) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert counts(db) == before
    assert {action for _, action, _, _ in audit_since(db, mark)} <= {"login", "login_failed"}
    return err


# --- import --------------------------------------------------------------------------------------------------

def test_manager_imports_for_his_municipality_and_is_named_in_the_log(db, files, env, capsys):
    login(env, "kusel")
    mark = last_audit_id(db)
    assert cli.main(["import", str(files["kusel"]), "--municipality", KUSEL]) == 0
    assert "Gespeichert" in capsys.readouterr().out
    assert query(db, "SELECT user_name, municipality_key, file_name FROM imports WHERE import_id = 3") == [
        ("kusel", KUSEL_KEY, "kusel.csv")]
    assert audit_since(db, mark) == [("kusel", "login", None, "kusel"), ("kusel", "import", KUSEL_KEY, "3")]


def test_manager_cannot_import_for_another_municipality(db, files, env, capsys):
    login(env, "kusel")
    for municipality in (PIRMASENS, PIRMASENS_KEY):
        err = refused(db, ["import", str(files["pirmasens"]), "--municipality", municipality], capsys)
        assert err.strip() == ("Nicht erlaubt: Dateien importieren für Stadt Pirmasens (Benutzer „kusel“, Rolle "
                               f"Klimaschutzmanagement, zuständig für {KUSEL}).")
    assert query(db, "SELECT sum(value) FROM consumptions JOIN buildings USING (building_id) "
                     "WHERE name = 'Rathaus Pirmasens'") == [(2000.0,)]


def test_as_and_user_name_the_account_and_override_the_environment(db, files, env, capsys):
    login(env, "pirmasens", PASSWORD["kusel"])  # KTDASH_USER names someone else; the password is kusel's
    mark = last_audit_id(db)
    assert cli.main(["import", str(files["kusel"]), "--municipality", KUSEL, "--as", "kusel"]) == 0
    assert cli.main(["import", str(files["kusel"]), "--municipality", KUSEL, "--user", "kusel"]) == 0
    assert [r for r in audit_since(db, mark) if r[1] == "import"] == [
        ("kusel", "import", KUSEL_KEY, "3"), ("kusel", "import", KUSEL_KEY, "4")]


def test_dry_run_needs_no_login(db, files, env, capsys):
    before = counts(db)
    assert cli.main(["import", str(files["pirmasens"]), "--municipality", PIRMASENS, "--dry-run"]) == 0
    assert "Probelauf: nichts gespeichert." in capsys.readouterr().out
    assert counts(db) == before


def test_unknown_municipality_is_named_before_any_login(db, files, env, capsys):
    assert cli.main(["import", str(files["kusel"]), "--municipality", "Atlantis"]) == cli.EXIT_ERROR
    assert "Atlantis" in capsys.readouterr().err


# --- undo ----------------------------------------------------------------------------------------------------

def test_manager_undoes_only_imports_of_his_municipalities(db, env, capsys):
    login(env, "kusel")
    err = refused(db, ["undo", "2"], capsys)  # Pirmasens' import
    assert "Nicht erlaubt: Importe rückgängig machen für Stadt Pirmasens" in err and "„kusel“" in err
    assert query(db, "SELECT import_id, status FROM imports ORDER BY 1") == [(1, "committed"), (2, "committed")]
    err = refused(db, ["undo", "99"], capsys)
    assert "Import 99 gibt es nicht" in err
    mark = last_audit_id(db)
    assert cli.main(["undo", "1"]) == 0
    assert audit_since(db, mark) == [("kusel", "login", None, "kusel"), ("kusel", "undo", KUSEL_KEY, "1")]
    assert query(db, "SELECT import_id, status FROM imports ORDER BY 1") == [(1, "undone"), (2, "committed")]


# --- the viewer, the admin, failed logins ---------------------------------------------------------------------

def test_viewer_changes_nothing(db, files, env, capsys, monkeypatch):
    login(env, "gast")
    err = refused(db, ["import", str(files["kusel"]), "--municipality", KUSEL], capsys)
    assert "Nicht erlaubt: Dateien importieren für VG Kusel-Altenglan (Benutzer „gast“, Rolle" in err
    assert "Nicht erlaubt: Importe rückgängig machen" in refused(db, ["undo", "1"], capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO("Neues-Passwort-99\n"))
    err = refused(db, ["user", "add", "neu", "--role", "admin", "--password-stdin"], capsys)
    assert "Nicht erlaubt: Benutzer verwalten" in err
    assert "Nicht erlaubt: Benutzer verwalten" in refused(db, ["user", "grant", "kusel", PIRMASENS], capsys)
    assert "Nicht erlaubt" in refused(db, ["user", "remove", "pirmasens"], capsys)


def test_admin_may_do_everything(db, files, env, capsys, monkeypatch, tmp_path):
    login(env, "agentur")
    mark = last_audit_id(db)
    assert cli.main(["import", str(files["pirmasens"]), "--municipality", PIRMASENS]) == 0
    assert cli.main(["undo", "1"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Neues-Passwort-99\n"))
    assert cli.main(["user", "add", "zweibruecken", "--role", "manager", "--municipality", PIRMASENS,
                     "--password-stdin"]) == 0
    assert cli.main(["user", "grant", "zweibruecken", KUSEL]) == 0
    assert cli.main(["user", "revoke", "zweibruecken", PIRMASENS]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Anderes-Passwort-7\n"))
    assert cli.main(["user", "password", "gast", "--password-stdin"]) == 0
    assert cli.main(["user", "remove", "zweibruecken"]) == 0
    assert cli.main(["backup", str(tmp_path / "sicherung.duckdb")]) == 0
    rows = [r for r in audit_since(db, mark) if r[1] != "login"]
    assert rows == [("agentur", "import", PIRMASENS_KEY, "3"), ("agentur", "undo", KUSEL_KEY, "1"),
                    ("agentur", "user_add", None, "zweibruecken"), ("agentur", "user_grant", KUSEL_KEY, "zweibruecken"),
                    ("agentur", "user_revoke", PIRMASENS_KEY, "zweibruecken"),
                    ("agentur", "password_set", None, "gast"), ("agentur", "user_remove", None, "zweibruecken"),
                    ("agentur", "backup", None, str(tmp_path / "sicherung.duckdb"))]
    assert len([r for r in audit_since(db, mark) if r[1] == "login"]) == 8  # every change logged in once


def test_wrong_password_or_unknown_account_is_refused_and_logged(db, files, env, capsys):
    login(env, "kusel", "falsches-Passwort")
    mark = last_audit_id(db)
    err = refused(db, ["import", str(files["kusel"]), "--municipality", KUSEL], capsys)
    assert "Anmeldung als „kusel“ fehlgeschlagen" in err
    rows = query(db, "SELECT user_name, action, object, detail FROM audit_log WHERE audit_id > ?", [mark])
    assert [(u, a, o, json.loads(d)["reason"]) for u, a, o, d in rows] == [
        ("kusel", "login_failed", "kusel", "password")]
    login(env, "niemand", "irgendein-Passwort")
    assert "Anmeldung als „niemand“ fehlgeschlagen" in refused(db, ["undo", "1"], capsys)
    logged = audit_since(db, mark)[-1]  # an unknown name is logged as a keyed hash, never as typed (issue 15)
    assert logged[1:3] == ("login_failed", None) and logged[0] == logged[3] and logged[0].startswith("unbekannt#")
    env.setenv("KTDASH_PASSWORD", PASSWORD["agentur"])  # a right password does not help another name
    assert "fehlgeschlagen" in refused(db, ["undo", "1", "--as", "kusel"], capsys)


@pytest.mark.slow
def test_after_too_many_failures_the_account_is_locked_even_with_the_right_password(db, env, capsys):
    login(env, "kusel", "falsches-Passwort")
    for _ in range(account_store.MAX_FAILED_LOGINS):
        assert cli.main(["undo", "1"]) == cli.EXIT_ERROR
    capsys.readouterr()
    login(env, "kusel")
    err = refused(db, ["undo", "1"], capsys)
    assert f"für {account_store.LOCKOUT_MINUTES} Minuten gesperrt" in err


def test_a_store_with_accounts_needs_a_name_and_a_password(db, files, env, capsys, monkeypatch):
    err = refused(db, ["undo", "1"], capsys)
    assert "--as NAME" in err and "KTDASH_USER" in err
    env.setenv("KTDASH_USER", "kusel")  # no KTDASH_PASSWORD, stdin no terminal
    err = refused(db, ["undo", "1"], capsys)
    assert "Kein Passwort für „kusel“" in err and "KTDASH_PASSWORD" in err
    # on a terminal the password is asked for
    prompts = []
    monkeypatch.setattr("sys.stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": prompts.append(prompt) or PASSWORD["kusel"])
    assert cli.main(["undo", "1"]) == 0
    assert prompts == ["Passwort von „kusel“ (Anmeldung): "]
    assert query(db, "SELECT status FROM imports WHERE import_id = 1") == [("undone",)]


# --- accounts --------------------------------------------------------------------------------------------------

def test_everyone_may_change_their_own_password_but_not_another_one(db, env, capsys, monkeypatch):
    login(env, "kusel")
    monkeypatch.setattr("sys.stdin", io.StringIO("Kusel-neu-2026\n"))
    assert cli.main(["user", "password", "kusel", "--password-stdin"]) == 0
    assert query(db, "SELECT user_name, object FROM audit_log WHERE action = 'password_set'") == [("kusel", "kusel")]
    login(env, "kusel", "Kusel-neu-2026")
    hashes = query(db, "SELECT user_name, password_hash FROM users ORDER BY 1")
    monkeypatch.setattr("sys.stdin", io.StringIO("Gekapert-2026x\n"))
    err = refused(db, ["user", "password", "pirmasens", "--password-stdin"], capsys)
    assert "Nicht erlaubt: Benutzer verwalten (Benutzer „kusel“" in err
    assert query(db, "SELECT user_name, password_hash FROM users ORDER BY 1") == hashes
    assert query(db, "SELECT count(*) FROM audit_log WHERE action = 'password_set'") == [(1,)]


def test_reading_commands_need_no_login(db, env, capsys):
    for argv in (["imports"], ["municipalities"], ["profiles"], ["user", "list"],  # history: test_failures.py
                 ["export", "monthly"]):
        assert cli.main(argv) == 0, argv
    out = capsys.readouterr().out
    assert "agentur" in out and "Rathaus Pirmasens" in out


# --- backup and restore ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_backup_and_restore_are_for_admins(db, files, env, capsys, tmp_path):
    target = tmp_path / "sicherung.duckdb"
    for name in ("kusel", "gast"):
        login(env, name)
        assert "Nicht erlaubt: eine Sicherung der ganzen Datenbank" in refused(db, ["backup", str(target)], capsys)
        assert not target.exists()
    login(env, "agentur")
    assert cli.main(["backup", str(target)]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(files["kusel"]), "--municipality", KUSEL]) == 0
    assert counts(db)["imports"] == 3

    login(env, "kusel")
    assert "Nicht erlaubt: das Wiederherstellen der Datenbank" in refused(db, ["restore", str(target)], capsys)
    login(env, "agentur", "falsches-Passwort")
    assert "Anmeldung als „agentur“ fehlgeschlagen" in refused(db, ["restore", str(target)], capsys)
    assert counts(db)["imports"] == 3
    login(env, "agentur")
    assert cli.main(["restore", str(target)]) == 0
    assert "wiederhergestellt" in capsys.readouterr().out
    assert counts(db)["imports"] == 2


def test_restore_over_a_store_that_cannot_be_opened_needs_no_login(db, env, capsys, tmp_path):
    target = tmp_path / "sicherung.duckdb"
    login(env, "agentur")
    assert cli.main(["backup", str(target)]) == 0
    broken = tmp_path / "kaputt.duckdb"
    broken.write_bytes(b"kein DuckDB" * 1000)
    env.setenv("KTDASH_DB", str(broken))
    env.delenv("KTDASH_USER")
    env.delenv("KTDASH_PASSWORD")  # nobody can log in against it: the file permissions are the boundary
    assert cli.main(["restore", str(target)]) == 0
    err = capsys.readouterr().err
    assert "Warnung" in err and "die Anmeldung entfällt" in err
    assert counts(broken) == counts(db)


# --- set-up: a store without any account -------------------------------------------------------------------------

def test_a_store_without_accounts_is_in_set_up_and_needs_no_login(tmp_path, env, files, capsys, monkeypatch):
    db = make_store(tmp_path / "neu.duckdb", accounts=False)
    env.setenv("KTDASH_DB", str(db))
    mark = last_audit_id(db)
    assert cli.main(["import", str(files["pirmasens"]), "--municipality", PIRMASENS]) == 0
    assert cli.main(["undo", "1"]) == 0
    assert cli.main(["backup", str(tmp_path / "sicherung.duckdb")]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD["gast"] + "\n"))
    assert cli.main(["user", "add", "gast", "--role", "viewer", "--password-stdin"]) == cli.EXIT_ERROR
    assert "das erste muss die Rolle admin haben" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD["agentur"] + "\n"))
    assert cli.main(["user", "add", "agentur", "--role", "admin", "--password-stdin"]) == 0
    assert [(u, a) for u, a, _, _ in audit_since(db, mark)] == [
        ("betrieb", "import"), ("betrieb", "undo"), ("betrieb", "backup"), ("betrieb", "user_add")]
    # from now on the store has an account: the operator's changes need a login
    capsys.readouterr()
    assert "--as NAME" in refused(db, ["undo", "2"], capsys)
    login(env, "agentur")
    assert cli.main(["undo", "2"]) == 0


def test_user_add_sso_makes_an_account_without_password_for_the_identity_provider(db, env, capsys):
    login(env, "agentur")
    assert cli.main(["user", "add", "Anna.Schmidt@Kusel.de", "--role", "manager", "--municipality", KUSEL,
                     "--sso"]) == 0
    con = open_store(db)
    try:
        user = account_store.sso_user(con, "anna.schmidt@kusel.de")
        assert user is not None and user.municipalities == {account_store.municipality_key(con, KUSEL)[0]}
        # no password login at all
        assert account_store.authenticate(con, "anna.schmidt@kusel.de", account_store.SSO_ONLY) is None
        assert con.execute("SELECT password_hash FROM users WHERE user_name = 'anna.schmidt@kusel.de'"
                           ).fetchone()[0] == account_store.SSO_ONLY
    finally:
        con.close()
