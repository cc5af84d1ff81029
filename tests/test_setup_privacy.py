"""Issue 15, items 5, 8a and 9: the set-up choice sticks, failed logins never store a typed secret, and
simultaneous first logins on a fresh server all get through (each with its audit row)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import threading

import pytest

from conftest import DATA, TEST_ACCOUNTS, TEST_PASSWORD, add_test_accounts, make_store_file
from ktdash.access import audit
from ktdash.access import accounts as account_store
from ktdash.cli import main as cli
from ktdash.ingest.masterdata import (
    DEMO,
    NO_DEMO,
    SETUP_KEY,
    add_demo_accounts,
    demo_accounts_present,
    load_master_data,
    setup_choice,
)
from ktdash.store.connection import migrate, open_store

BUILDINGS = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nRathaus Kusel;Verwaltung;1.000;1965\n"
SECRET = "Mein-Geheimes-Passwort-42"


def counts(path) -> dict:
    con = open_store(path)
    try:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("imports", "users", "buildings")} | {"setup": setup_choice(con)}
    finally:
        con.close()


def page_text(at) -> str:
    return "\n".join(str(getattr(e, "value", "")) for kind in ("caption", "markdown", "error", "warning", "info")
                     for e in at.get(kind))


def visit(path, monkeypatch, demo: str | None):
    """An anonymous first visit of the dashboard (app.py) on the store ``path`` with KTDASH_DEMO = ``demo``."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KTDASH_DB", str(path))
    if demo is None:
        monkeypatch.delenv("KTDASH_DEMO", raising=False)
    else:
        monkeypatch.setenv("KTDASH_DEMO", demo)
    at = AppTest.from_file("../app.py", default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- 1. the set-up choice sticks -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def no_demo_store(tmp_path_factory):
    """A store made by `ktdash init --no-demo` (in this process), and what init printed."""
    path = tmp_path_factory.mktemp("no_demo") / "leer.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KTDASH_DB", str(path))
        assert cli.main(["init", "--no-demo"]) == 0
    return path


@pytest.mark.parametrize("demo", [None, "1"])
def test_init_no_demo_then_anonymous_visit_loads_nothing(no_demo_store, monkeypatch, demo):
    assert counts(no_demo_store) == {"imports": 0, "users": 0, "buildings": 0, "setup": NO_DEMO}
    at = visit(no_demo_store, monkeypatch, demo)
    assert counts(no_demo_store) == {"imports": 0, "users": 0, "buildings": 0, "setup": NO_DEMO}
    text = page_text(at)
    assert "Demo-Konten" not in text and "agentur /" not in text
    assert not at.get("status")  # no "Demo wird geladen"


def test_init_with_demo_later_keeps_the_no_demo_choice(no_demo_store, monkeypatch, capsys):
    monkeypatch.setenv("KTDASH_DB", str(no_demo_store))
    assert cli.main(["init"]) == 0
    out = capsys.readouterr().out
    assert "0 Demodateien importiert" in out and "ist ohne Demo eingerichtet" in out
    assert counts(no_demo_store) == {"imports": 0, "users": 0, "buildings": 0, "setup": NO_DEMO}


def test_first_start_with_demo_off_records_no_demo(tmp_path, monkeypatch):
    path = tmp_path / "neu.duckdb"
    visit(path, monkeypatch, "0")  # the app's first start makes the store
    assert counts(path) == {"imports": 0, "users": 0, "buildings": 0, "setup": NO_DEMO}
    at = visit(path, monkeypatch, None)  # KTDASH_DEMO back to its default (1): still nothing
    assert counts(path) == {"imports": 0, "users": 0, "buildings": 0, "setup": NO_DEMO}
    assert "Demo-Konten" not in page_text(at)


def test_stores_from_before_the_choice_was_recorded(tmp_path):
    con = open_store(":memory:")
    assert setup_choice(con) is None  # nothing set up: the first start decides
    load_master_data(con, DATA / "master")
    assert setup_choice(con) == NO_DEMO  # master data without the demo: made by init --no-demo
    con.execute("INSERT INTO imports (user_name, municipality_key, file_name, sha256, layout, rows_stored, "
                "rows_rejected, rows_replaced, status) VALUES ('demo', '0733', 'a.csv', 'x', 'buildings', 1, 0, 0, "
                "'committed')")
    assert setup_choice(con) == DEMO  # the demo's import: a demo store
    con.execute("INSERT INTO store_state VALUES (?, ?)", [SETUP_KEY, NO_DEMO])
    assert setup_choice(con) == NO_DEMO  # a recorded choice wins


def test_login_form_lists_demo_accounts_only_in_a_demo_store(tmp_path, monkeypatch, capsys):
    from ktdash.ingest.pipeline import import_file
    from ktdash.core.settings import Settings

    path = tmp_path / "demo.duckdb"
    con = open_store(path)
    try:
        load_master_data(con)  # the shipped master data: the demo accounts' municipalities
        con.execute("INSERT INTO store_state VALUES (?, ?)", [SETUP_KEY, DEMO])
        assert import_file(con, BUILDINGS.encode(), "gebaeude.csv", "VG Kusel-Altenglan", settings=Settings(),
                           user="demo")[1] is not None
        assert add_demo_accounts(con) == 4
    finally:
        con.close()
    assert "agentur / " in page_text(visit(path, monkeypatch, "1"))
    assert cli.main(["init", "--no-demo"]) == 0  # the safe direction: a demo store switched to no demo
    assert "Ab jetzt ohne Demo" in capsys.readouterr().out
    assert counts(path) == {"imports": 1, "users": 4, "buildings": 1, "setup": NO_DEMO}  # nothing deleted
    assert "agentur / " not in page_text(visit(path, monkeypatch, "1"))


def test_demo_accounts_present_means_made_by_the_demo_with_the_public_password():
    con = open_store(":memory:")
    load_master_data(con)
    add_test_accounts(con)  # an admin's own account named agentur is no demo account
    assert demo_accounts_present(con) == []
    con.execute("DELETE FROM users")
    con.execute("DELETE FROM user_municipalities")
    add_demo_accounts(con)
    assert {row["user_name"] for row in demo_accounts_present(con)} == {"agentur", "kusel", "pirmasens", "gast"}
    account_store.set_password(con, "gast", "Ein-neues-Passwort-1", by="agentur")  # no longer public
    assert "gast" not in {row["user_name"] for row in demo_accounts_present(con)}


# --- 2. failed logins never store what was typed ---------------------------------------------------------------

@pytest.fixture(scope="module")
def accounts():
    con = open_store(":memory:")
    load_master_data(con, DATA / "master")
    add_test_accounts(con)
    yield con
    con.close()


def every_value(con) -> str:
    return "\n".join(str(v) for row in con.execute("SELECT * FROM audit_log").fetchall() for v in row)


def test_a_password_typed_as_user_name_never_reaches_the_audit_log(accounts):
    assert account_store.authenticate(accounts, SECRET, "irgendwas") is None
    assert account_store.authenticate(accounts, f"  {SECRET}  ", TEST_PASSWORD) is None
    assert SECRET not in every_value(accounts)
    assert SECRET not in audit.history(accounts, limit=50).to_string()  # what `ktdash history` and Protokoll show
    logged = account_store.logged_name(accounts, SECRET)
    assert logged.startswith("unbekannt#") and len(logged) == len("unbekannt#") + 12
    assert logged[len("unbekannt#"):] not in hashlib.sha256(SECRET.encode()).hexdigest()  # keyed: no plain hash
    other = open_store(":memory:")
    load_master_data(other, DATA / "master")
    account_store.authenticate(other, SECRET, "x")
    assert account_store.logged_name(other, SECRET) != logged  # each store its own key
    rows = accounts.execute("SELECT user_name, object, detail FROM audit_log WHERE action = 'login_failed' "
                            "ORDER BY audit_id DESC LIMIT 2").fetchall()
    assert rows == [(logged, logged, json.dumps({"reason": "unknown_user"}))] * 2
    # an existing account's failed login keeps its name
    assert account_store.authenticate(accounts, "kusel", "falsch-falsch") is None
    assert accounts.execute("SELECT user_name, object FROM audit_log ORDER BY audit_id DESC LIMIT 1").fetchone() == (
        "kusel", "kusel")


def test_lockout_still_counts_known_and_unknown_names(accounts, monkeypatch):
    # fast argon2
    monkeypatch.setattr(account_store, "verify_password", lambda hashed, password: password == TEST_PASSWORD)
    for name in ("kl", "niemand-hier"):
        before = account_store.failed_logins(accounts, name)
        for _ in range(account_store.MAX_FAILED_LOGINS - before):
            assert account_store.authenticate(accounts, name, "falsch-falsch") is None
        assert account_store.failed_logins(accounts, name) == account_store.MAX_FAILED_LOGINS
    assert account_store.authenticate(accounts, "kl", TEST_PASSWORD) is None  # locked, even with the right password
    reasons = [json.loads(d)["reason"] for (d,) in accounts.execute(
        "SELECT detail FROM audit_log WHERE action = 'login_failed' ORDER BY audit_id DESC LIMIT 1").fetchall()]
    assert reasons == ["locked"]
    assert account_store.authenticate(accounts, "niemand-hier", "x") is None
    assert json.loads(accounts.execute("SELECT detail FROM audit_log ORDER BY audit_id DESC LIMIT 1").fetchone()[0]) \
        == {"reason": "locked"}  # an unknown name locks alike: the answer does not tell which names exist
    assert account_store.failed_logins(accounts, "gast") == 0


def test_migration_makes_old_failed_logins_of_unknown_names_anonymous(tmp_path, monkeypatch):
    from ktdash.store import connection

    every_migration = connection.migrations()
    monkeypatch.setattr(connection, "migrations", lambda: [m for m in every_migration if m[0] < 15])
    path = tmp_path / "alt.duckdb"
    con = open_store(path)  # a store from before migration 15
    load_master_data(con, DATA / "master")
    add_test_accounts(con)
    for name, reason in ((SECRET, "unknown_user"), ("kusel", "password"), (SECRET, "locked")):
        audit.record(con, name, "login_failed", object=name, detail={"reason": reason})
    monkeypatch.setattr(connection, "migrations", lambda: every_migration)
    assert migrate(con)[0] == "015_failed_login_names.sql"
    rows = con.execute("SELECT user_name, object FROM audit_log WHERE action = 'login_failed' ORDER BY audit_id")
    assert rows.fetchall() == [("unbekannt", "unbekannt"), ("kusel", "kusel"), ("unbekannt", "unbekannt")]
    assert SECRET not in every_value(con)
    con.close()


# --- 3. simultaneous first logins ------------------------------------------------------------------------------

@pytest.mark.slow
def test_simultaneous_logins_through_cursors_of_one_connection_all_get_their_audit_row(tmp_path):
    """As the dashboard does: one connection, a cursor per session thread, all at the same moment."""
    con = open_store(make_store_file(tmp_path / "s.duckdb", accounts=True))
    barrier, errors = threading.Barrier(2 * len(TEST_ACCOUNTS)), []

    def session(name, password):
        cursor = con.cursor()
        barrier.wait()
        try:
            user = account_store.authenticate(cursor, name, password)
            if user is not None:
                assert account_store.session_user(cursor, account_store.start_session(cursor, user)) == user
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(exc))

    threads = [threading.Thread(target=session, args=(n, p)) for n in TEST_ACCOUNTS
               for p in (TEST_PASSWORD, "falsch-falsch")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = con.execute("SELECT action, object FROM audit_log WHERE action LIKE 'login%'").fetchall()
    assert sorted(rows) == sorted([("login", n) for n in TEST_ACCOUNTS] + [("login_failed", n) for n in TEST_ACCOUNTS])
    assert con.execute("SELECT count(DISTINCT user_name) FROM sessions").fetchone()[0] == len(TEST_ACCOUNTS)
    con.close()


@pytest.mark.browser
@pytest.mark.slow
def test_simultaneous_first_logins_on_a_fresh_server_in_the_browser(tmp_path_factory):
    """Four browsers open a freshly started dashboard and log in at the same moment: each is logged in and has
    its audit row (before, 3 of 4 were dropped without a message: their first run was in Streamlit's legacy
    page mode, the click came to other widget ids)."""
    from browser_support import LAUNCH_ARGS, require_chromium, streamlit_server

    require_chromium()
    from playwright.async_api import async_playwright

    path = make_store_file(tmp_path_factory.mktemp("fresh") / "store.duckdb", accounts=True)

    async def session(browser, url, name, barrier):
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        sidebar = page.get_by_test_id("stSidebar")
        await sidebar.get_by_text("Anmelden", exact=True).first.click()
        await sidebar.get_by_label("Benutzername").fill(name)
        await sidebar.get_by_label("Passwort", exact=True).fill(TEST_PASSWORD)
        await barrier.wait()
        await sidebar.get_by_role("button", name="Anmelden").click()
        try:
            await sidebar.get_by_text("Angemeldet:").wait_for(timeout=45_000)  # argon2 on busy cores
            return name, True
        except Exception:  # noqa: BLE001 - reported by the assertion
            return name, False
        finally:
            await context.close()

    async def all_at_once(url):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**LAUNCH_ARGS)
            try:
                barrier = asyncio.Barrier(len(TEST_ACCOUNTS))
                return dict(await asyncio.gather(*(session(browser, url, n, barrier) for n in TEST_ACCOUNTS)))
            finally:
                await browser.close()

    server = streamlit_server(path)
    url = next(server)
    try:
        # in its own thread: a sync Playwright fixture of another module on this xdist worker may have left an
        # event loop running in the main thread, where asyncio.run() refuses to start
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            results = pool.submit(asyncio.run, all_at_once(url)).result()
    finally:
        next(server, None)  # past its yield: the server process ends
    assert results == {name: True for name in TEST_ACCOUNTS}
    con = open_store(path)
    try:
        logins = con.execute("SELECT object FROM audit_log WHERE action = 'login'").fetchall()
    finally:
        con.close()
    assert sorted(n for (n,) in logins) == sorted(TEST_ACCOUNTS)
