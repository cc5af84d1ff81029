"""Accounts, roles, authorisation, sessions and the audit log: library and CLI."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest

from conftest import KUSEL, make_store_file
from ktdash.access import audit, permissions
from ktdash.access import accounts as account_store
from ktdash.cli import main as cli
from ktdash.access.permissions import Action, NotAllowed, Role, User
from ktdash.ingest.pipeline import undo_import
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

A, B = "073365001", "073365002"  # VG Kusel-Altenglan, VG Oberes Glantal (tests/data/master)
PASSWORD = "Sonnenblume-2024"
MONTHS = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
          "Rathaus Kusel;Erdgas;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n")

# --- authorisation matrix ------------------------------------------------------------------------------------
# Who may do what for municipality A and for municipality B (1 = allowed). Written out by hand: the rules of
# ktdash.access.permissions' docstring, not computed from them.
MATRIX = """
role            action            A B
admin           view              1 1
admin           export            1 1
admin           import            1 1
admin           undo              1 1
admin           edit_masterdata   1 1
admin           edit_factors      1 1
admin           manage_users      1 1
manager_a       view              1 1
manager_a       export            1 1
manager_a       import            1 0
manager_a       undo              1 0
manager_a       edit_masterdata   1 0
manager_a       edit_factors      0 0
manager_a       manage_users      0 0
manager_b       view              1 1
manager_b       export            1 1
manager_b       import            0 1
manager_b       undo              0 1
manager_b       edit_masterdata   0 1
manager_b       edit_factors      0 0
manager_b       manage_users      0 0
viewer          view              1 1
viewer          export            1 1
viewer          import            0 0
viewer          undo              0 0
viewer          edit_masterdata   0 0
viewer          edit_factors      0 0
viewer          manage_users      0 0
anonymous_open  view              1 1
anonymous_open  export            1 1
anonymous_open  import            0 0
anonymous_open  undo              0 0
anonymous_open  edit_masterdata   0 0
anonymous_open  edit_factors      0 0
anonymous_open  manage_users      0 0
anonymous_closed view             0 0
anonymous_closed export           0 0
anonymous_closed import           0 0
anonymous_closed undo             0 0
anonymous_closed edit_masterdata  0 0
anonymous_closed edit_factors     0 0
anonymous_closed manage_users     0 0
"""

SUBJECTS: dict[str, tuple[User | None, bool]] = {  # name → (user, open view)
    "admin": (User(name="agentur", role=Role.ADMIN), False),
    "manager_a": (User(name="anna", role=Role.MANAGER, municipalities=frozenset({A})), False),
    "manager_b": (User(name="bernd", role=Role.MANAGER, municipalities=frozenset({B})), False),
    "viewer": (User(name="vera", role=Role.VIEWER), False),
    "anonymous_open": (None, True),
    "anonymous_closed": (None, False),
}


def matrix_cases():
    for line in MATRIX.strip().splitlines()[1:]:
        subject, action, in_a, in_b = line.split()
        yield subject, action, A, in_a == "1"
        yield subject, action, B, in_b == "1"


CASES = list(matrix_cases())


def test_the_matrix_covers_every_role_and_action_once():
    pairs = [(s, a, m) for s, a, m, _ in CASES]
    assert len(pairs) == len(set(pairs)) == len(SUBJECTS) * len(Action) * 2
    assert {a for _, a, _ in pairs} == {a.value for a in Action}


@pytest.mark.parametrize("subject, action, municipality, expected", CASES)
def test_authorisation_matrix(subject, action, municipality, expected):
    user, open_view = SUBJECTS[subject]
    assert permissions.allowed(user, action, municipality, open_view=open_view) is expected
    if expected:
        permissions.require(user, action, municipality, open_view=open_view)
    else:
        with pytest.raises(NotAllowed):
            permissions.require(user, action, municipality, open_view=open_view)


def test_manager_needs_a_municipality_and_disabled_users_may_nothing():
    manager = SUBJECTS["manager_a"][0]
    assert not permissions.allowed(manager, Action.IMPORT, None)
    assert permissions.allowed(manager, Action.VIEW, None)
    disabled = User(name="alt", role=Role.ADMIN, disabled=True)
    assert not any(permissions.allowed(disabled, action, A) for action in Action)


def test_anonymous_view_follows_the_setting(monkeypatch):
    monkeypatch.setenv("KTDASH_OPEN_VIEW", "0")
    assert not permissions.allowed(None, Action.VIEW)
    monkeypatch.setenv("KTDASH_OPEN_VIEW", "1")
    assert permissions.allowed(None, Action.VIEW) and not permissions.allowed(None, Action.IMPORT, A)
    monkeypatch.delenv("KTDASH_OPEN_VIEW")
    assert Settings.from_env().open_view is True and Settings.from_env().session_minutes == 60


def test_not_allowed_says_who_what_and_where():
    manager = SUBJECTS["manager_a"][0]
    with pytest.raises(NotAllowed) as caught:
        permissions.require(manager, Action.IMPORT, B, municipality_name="VG Oberes Glantal")
    message = str(caught.value)
    assert message == ("Nicht erlaubt: Dateien importieren für VG Oberes Glantal (Benutzer „anna“, Rolle "
                       "Klimaschutzmanagement, zuständig für 073365001).")
    with pytest.raises(NotAllowed) as caught:
        permissions.require(None, Action.EDIT_FACTORS, open_view=True)
    assert "Faktoren und Preise ändern" in str(caught.value) and "nicht angemeldet" in str(caught.value)
    assert "Not allowed: import files for VG Oberes Glantal" in NotAllowed(
        manager, Action.IMPORT, B, "VG Oberes Glantal").message("en")


# --- accounts and passwords ----------------------------------------------------------------------------------

@pytest.fixture
def accounts(store):
    account_store.add_user(store, "agentur", "admin", PASSWORD, by="setup")
    account_store.add_user(store, "anna", "manager", PASSWORD, municipalities=[KUSEL], by="agentur")
    account_store.add_user(store, "bernd", "manager", PASSWORD, municipalities=["073365002"], by="agentur")
    account_store.add_user(store, "vera", "viewer", PASSWORD, by="agentur")
    return store


def test_passwords_are_argon2_hashes_never_plaintext(accounts):
    rows = accounts.execute("SELECT * FROM users").fetchall()
    hashes = accounts.execute("SELECT password_hash FROM users").fetchall()
    assert all(h.startswith("$argon2id$") for (h,) in hashes)
    assert len({h for (h,) in hashes}) == 4  # own salt each, though the password is the same
    assert not any(PASSWORD in str(value) for row in rows for value in row)
    assert not any(PASSWORD in str(value) for row in accounts.execute("SELECT * FROM audit_log").fetchall()
                   for value in row)


def test_authenticate_right_wrong_unknown_and_disabled(accounts, monkeypatch):
    user = account_store.authenticate(accounts, "anna", PASSWORD)
    assert user == User(name="anna", role=Role.MANAGER, municipalities=frozenset({A}),
                        municipality_names=("VG Kusel-Altenglan",))
    assert account_store.authenticate(accounts, "anna", PASSWORD + "x") is None
    calls = []
    real_verify = account_store.verify_password
    monkeypatch.setattr(account_store, "verify_password", lambda h, p: calls.append(h) or real_verify(h, p))
    assert account_store.authenticate(accounts, "niemand", PASSWORD) is None
    assert len(calls) == 1  # an unknown name costs one argon2 verification too
    accounts.execute("UPDATE users SET disabled = true WHERE user_name = 'vera'")
    assert account_store.authenticate(accounts, "vera", PASSWORD) is None
    log = audit.history(accounts, action=None, limit=10)
    logins = log[log.action.isin(["login", "login_failed"])].sort_values("audit_id")
    assert list(zip(logins.user_name, logins.action, strict=True)) == [
        ("anna", "login"), ("anna", "login_failed"), (account_store.logged_name(accounts, "niemand"), "login_failed"),
        ("vera", "login_failed")]
    # an unknown name is never logged as typed
    assert account_store.logged_name(accounts, "niemand").startswith("unbekannt#")
    assert [json.loads(d)["reason"] for d in logins.detail[1:]] == ["password", "unknown_user", "disabled"]


def test_account_rules(accounts):
    with pytest.raises(account_store.AccessError) as caught:
        account_store.add_user(accounts, "neu", "chef", PASSWORD)
    assert caught.value.code == "unknown_role" and "admin, manager, viewer" in str(caught.value)
    for kwargs, code in [({"name": "anna"}, "user_exists"), ({"name": "a b"}, "invalid_name"),
                         ({"password": "kurz"}, "password_short"),
                         ({"municipalities": []}, "manager_needs_municipality"),
                         ({"municipalities": ["Atlantis"]}, "unknown_municipality")]:
        args = {"name": "neu", "role": "manager", "password": PASSWORD, "municipalities": [A]} | kwargs
        with pytest.raises(account_store.AccessError) as caught:
            account_store.add_user(accounts, args.pop("name"), args.pop("role"), args.pop("password"), **args)
        assert caught.value.code == code
    with pytest.raises(account_store.AccessError, match="nur der Rolle manager"):
        account_store.grant(accounts, "vera", A)
    with pytest.raises(account_store.AccessError) as caught:
        account_store.remove_user(accounts, "agentur")
    assert caught.value.code == "last_admin"
    assert account_store.get_user(accounts, "neu") is None


def test_grant_revoke_remove_set_password_are_audited(accounts):
    assert account_store.grant(accounts, "anna", "VG Oberes Glantal", by="agentur").municipalities == {A, B}
    assert account_store.revoke(accounts, "anna", A, by="agentur").municipalities == {B}
    account_store.set_password(accounts, "vera", "Neues-Passwort-1", by="agentur")
    assert account_store.authenticate(accounts, "vera", "Neues-Passwort-1").name == "vera"
    account_store.remove_user(accounts, "bernd", by="agentur")
    assert [u.name for u in account_store.list_users(accounts)] == ["agentur", "anna", "vera"]
    rows = accounts.execute("SELECT user_name, action, municipality_key, object FROM audit_log "
                            "WHERE action LIKE 'user_%' OR action = 'password_set' ORDER BY audit_id").fetchall()
    assert rows == [("setup", "user_add", None, "agentur"), ("agentur", "user_add", None, "anna"),
                    ("agentur", "user_add", None, "bernd"), ("agentur", "user_add", None, "vera"),
                    ("agentur", "user_grant", B, "anna"), ("agentur", "user_revoke", A, "anna"),
                    ("agentur", "password_set", None, "vera"), ("agentur", "user_remove", None, "bernd")]
    assert accounts.execute("SELECT count(*) FROM user_municipalities WHERE user_name = 'bernd'").fetchone()[0] == 0


# --- sessions ------------------------------------------------------------------------------------------------

def test_sessions_idle_timeout_absolute_expiry_and_logout(accounts):
    t0 = datetime(2026, 3, 2, 8, 0)
    token = account_store.start_session(accounts, "anna", now=t0)
    assert len(token) >= 40
    stored = accounts.execute("SELECT * FROM sessions").fetchall()
    assert not any(token in str(value) for row in stored for value in row)
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=59), idle_minutes=60).name == "anna"
    # the idle time counts from the last use
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=118), idle_minutes=60).name == "anna"
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=179), idle_minutes=60) is None
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=119), idle_minutes=60) is None  # deleted

    token = account_store.start_session(accounts, "anna", now=t0)
    now = t0
    while now < t0 + timedelta(hours=account_store.SESSION_MAX_HOURS - 1):
        now += timedelta(minutes=50)
        assert account_store.session_user(accounts, token, now, idle_minutes=60) is not None
    assert account_store.session_user(accounts, token, t0 + timedelta(hours=account_store.SESSION_MAX_HOURS),
                             idle_minutes=60) is None  # absolute expiry, though in use

    token = account_store.start_session(accounts, "vera", now=t0)
    account_store.end_session(accounts, token)
    assert account_store.session_user(accounts, token, t0, idle_minutes=60) is None
    assert audit.history(accounts, limit=1).action.tolist() == ["logout"]
    assert account_store.session_user(accounts, "erfunden", t0) is None


def test_a_session_in_use_writes_its_last_use_at_most_once_a_minute(accounts):
    t0 = datetime(2026, 3, 2, 8, 0)
    token = account_store.start_session(accounts, "anna", now=t0)

    def last_seen():
        return accounts.execute("SELECT last_seen FROM sessions").fetchone()[0]

    assert account_store.session_user(accounts, token, t0 + timedelta(seconds=30), idle_minutes=60) is not None
    assert last_seen() == t0  # several checks within one page run: no write
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=2), idle_minutes=60) is not None
    assert last_seen() == t0 + timedelta(minutes=2)


def test_session_timeout_setting_and_removed_user(accounts, monkeypatch):
    t0 = datetime(2026, 3, 2, 8, 0)
    monkeypatch.setenv("KTDASH_SESSION_MINUTES", "5")
    token = account_store.start_session(accounts, "vera", now=t0)
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=6)) is None
    token = account_store.start_session(accounts, "vera", now=t0)
    account_store.remove_user(accounts, "vera")
    assert account_store.session_user(accounts, token, t0 + timedelta(minutes=1)) is None


# --- audit of imports and undo -------------------------------------------------------------------------------

def test_import_and_undo_write_audit_rows(store, load):
    preview = load(MONTHS, name="monate.csv")
    (import_id,) = store.execute("SELECT import_id FROM imports").fetchone()
    undo_import(store, import_id, user=User(name="anna", role=Role.MANAGER, municipalities=frozenset({A})))
    log = audit.history(store, A)
    assert log.action.tolist() == ["undo", "import"]
    assert log.user_name.tolist() == ["anna", "test"]
    assert log.object.tolist() == [str(import_id)] * 2
    assert log.sha256.tolist() == [preview.sha256] * 2
    assert log.municipality.tolist() == [KUSEL] * 2
    assert json.loads(log.detail[1])["file_name"] == "monate.csv"
    assert json.loads(log.detail[0])["removed"]["consumptions"] == 12
    assert audit.history(store, B).empty


def test_undo_without_user_is_logged_as_unknown(store, load):
    load(MONTHS, name="monate.csv")
    undo_import(store, 1)
    assert audit.history(store, limit=1).user_name.tolist() == [audit.UNKNOWN_USER]


def test_audit_row_is_part_of_the_import_transaction(store, load, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        load(MONTHS, name="monate.csv")
    assert store.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 0


def test_campaign_imports_are_audited(store, load):
    from test_campaign_metrics import CAMPAIGNS

    load(CAMPAIGNS, name="kampagnen.csv")
    log = audit.history(store, limit=5)
    assert log.action.tolist() == ["import"] and json.loads(log.detail[0])["layout"] == "campaigns"


def test_manager_may_undo_only_imports_of_their_municipalities(store, load):
    load(MONTHS, name="monate.csv")  # Kusel = A
    account_store.require_undo(store, User(name="anna", role=Role.MANAGER, municipalities=frozenset({A})), 1)
    with pytest.raises(NotAllowed, match="VG Kusel-Altenglan"):
        account_store.require_undo(store, User(name="bernd", role=Role.MANAGER, municipalities=frozenset({B})), 1)
    with pytest.raises(ValueError):
        account_store.require_undo(store, None, 99)


def test_record_refuses_unknown_action_codes(store):
    with pytest.raises(ValueError):
        audit.record(store, "x", "delete_everything")
    number = audit.record(store, None, "factor_change", object="emission_factors", detail={"Strom": 0.38})
    row = store.execute("SELECT user_name, detail FROM audit_log WHERE audit_id = ?", [number]).fetchone()
    assert row[0] == "unbekannt" and json.loads(row[1]) == {"Strom": 0.38}


# --- the command line ----------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "access.duckdb", [(MONTHS, "monate.csv", KUSEL)])
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.delenv("KTDASH_USER", raising=False)
    monkeypatch.delenv("KTDASH_PASSWORD", raising=False)
    return path


def stdin(monkeypatch, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def first_admin(monkeypatch, name="agentur"):
    """Set-up (no account yet): the operator adds the first admin; then the CLI logs in as that admin."""
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "betrieb")
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", name, "--role", "admin", "--password-stdin"]) == 0
    monkeypatch.setenv("KTDASH_USER", name)
    monkeypatch.setenv("KTDASH_PASSWORD", PASSWORD)


def test_cli_user_lifecycle_and_history(db, capsys, monkeypatch):
    first_admin(monkeypatch)
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", "anna", "--role", "manager", "--municipality", KUSEL,
                     "--municipality", "073365002", "--display-name", "Anna K.", "--password-stdin",
                     "--as", "agentur"]) == 0
    assert "„anna“ angelegt" in capsys.readouterr().out
    prompts = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(prompts))
    assert cli.main(["user", "add", "vera", "--role", "viewer", "--as", "agentur"]) == 0
    assert cli.main(["user", "revoke", "anna", "VG Oberes Glantal", "--as", "agentur"]) == 0
    assert cli.main(["user", "grant", "anna", "Stadt Kaiserslautern", "--as", "agentur"]) == 0
    capsys.readouterr()
    assert cli.main(["user", "list"]) == 0
    out = capsys.readouterr().out
    assert "anna" in out and "Stadt Kaiserslautern, VG Kusel-Altenglan" in out and "Oberes Glantal" not in out
    assert "vera" in out and "viewer" in out
    assert cli.main(["user", "remove", "vera", "--as", "agentur"]) == 0
    capsys.readouterr()

    assert cli.main(["history", "--limit", "3"]) == 0  # as agentur (KTDASH_USER): its login is the newest row
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "login" in lines[1] and "user_remove" in lines[2] and "agentur" in lines[2]
    assert cli.main(["history", "--municipality", KUSEL]) == 0
    out = capsys.readouterr().out
    assert "import" in out and "monate.csv" in out and "user_" not in out

    con = open_store(db)
    try:
        users = account_store.list_users(con)
        rows = con.execute("SELECT user_name, action FROM audit_log WHERE action LIKE 'user_%' "
                           "ORDER BY audit_id").fetchall()
    finally:
        con.close()
    assert [(u.name, u.display_name, u.municipalities) for u in users] == [
        ("agentur", None, frozenset()), ("anna", "Anna K.", frozenset({A, "07312000"}))]
    assert rows == [("betrieb", "user_add"), ("agentur", "user_add"), ("agentur", "user_add"),
                    ("agentur", "user_revoke"), ("agentur", "user_grant"), ("agentur", "user_remove")]


def test_cli_refuses_wrong_role_unknown_municipality_and_mismatched_passwords(db, capsys, monkeypatch):
    assert cli.main(["user", "list"]) == 0
    assert "Noch keine Benutzer" in capsys.readouterr().out
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", "anna", "--role", "chef", "--password-stdin"]) == cli.EXIT_ERROR
    assert "Unbekannte Rolle „chef“" in capsys.readouterr().err
    stdin(monkeypatch, PASSWORD + "\n")  # set-up: the first account must be an admin
    assert cli.main(["user", "add", "anna", "--role", "manager", "--municipality", KUSEL,
                     "--password-stdin"]) == cli.EXIT_ERROR
    assert "das erste muss die Rolle admin haben" in capsys.readouterr().err
    first_admin(monkeypatch)
    capsys.readouterr()
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", "anna", "--role", "manager", "--municipality", "Atlantis",
                     "--password-stdin"]) == cli.EXIT_ERROR
    assert "Unbekannte Kommune „Atlantis“" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["user", "add", "anna", "--role", "admin"]) == cli.EXIT_ERROR
    assert "stimmen nicht überein" in capsys.readouterr().err
    assert cli.main(["user", "grant", "niemand", KUSEL]) == cli.EXIT_ERROR
    assert "Den Benutzer „niemand“ gibt es nicht" in capsys.readouterr().err
    assert cli.main(["history", "--municipality", "Atlantis"]) == cli.EXIT_ERROR
    assert cli.main(["user", "list"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["agentur"]


def test_cli_undo_is_audited_with_the_login_name(db, capsys, monkeypatch):  # set-up: no account yet
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "klima")
    assert cli.main(["undo", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["history", "--limit", "1"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert "klima" in line and "undo" in line and "VG Kusel-Altenglan" in line


def test_nested_cli_options_and_settings_are_documented():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    users = next(a for a in sub.choices["user"]._actions if a.dest == "user_command")
    for name, subparser in users.choices.items():
        assert f"`ktdash user {name}" in readme
        for action in subparser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in readme, f"ktdash user {name} {option}"
    for variable in ("KTDASH_SESSION_MINUTES", "KTDASH_OPEN_VIEW"):
        assert f"`{variable}`" in readme


def test_cli_user_password_sets_a_new_hash_ends_sessions_and_is_logged(db, capsys, monkeypatch):
    first_admin(monkeypatch)
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", "anna", "--role", "viewer", "--password-stdin", "--as", "agentur"]) == 0
    con = open_store(db)
    try:
        token = account_store.start_session(con, account_store.get_user(con, "anna"))
    finally:
        con.close()
    stdin(monkeypatch, "ein-neues-Passwort\n")
    assert cli.main(["user", "password", "anna", "--password-stdin", "--as", "agentur"]) == 0
    assert "Neues Passwort für „anna“ gesetzt" in capsys.readouterr().out
    con = open_store(db)
    try:
        assert account_store.authenticate(con, "anna", "ein-neues-Passwort") is not None
        assert account_store.authenticate(con, "anna", PASSWORD) is None
        assert account_store.session_user(con, token) is None
        logged = con.execute("SELECT user_name FROM audit_log WHERE action = 'password_set'").fetchall()
    finally:
        con.close()
    assert logged == [("agentur",)]
    stdin(monkeypatch, "kurz\n")
    assert cli.main(["user", "password", "anna", "--password-stdin"]) == cli.EXIT_ERROR


def test_not_allowed_names_the_managers_municipalities_of_a_stored_account(store):
    account_store.add_user(store, "carla", "manager", PASSWORD, municipalities=[A], by="agentur")
    with pytest.raises(NotAllowed) as caught:
        permissions.require(account_store.get_user(store, "carla"), Action.UNDO, B,
                            municipality_name="VG Oberes Glantal")
    assert str(caught.value).endswith("zuständig für VG Kusel-Altenglan).")
