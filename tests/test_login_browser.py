"""A login is the browser's, not only its tab's (issue 20: "a login made on one replica is accepted by another"):
the session token goes into a cookie, so a reload, a second tab and another dashboard process on the same store —
a replica behind the load balancer, server mode — find the same login; a logout ends it everywhere. Real
``streamlit run`` processes and Chromium."""

from __future__ import annotations

import uuid

import pytest

import server_support
from browser_support import login, require_chromium, streamlit_server, wait_idle
from conftest import TEST_PASSWORD, add_test_accounts, make_store_file

pytestmark = pytest.mark.browser

require_chromium()


def signed_in(page, server: str) -> bool:
    """Open ``server`` (a new script run and Streamlit session) and say whether the sidebar shows a login."""
    page.goto(server)
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Anmelden", exact=True).or_(sidebar.get_by_text("Angemeldet:")).first.wait_for()
    return sidebar.get_by_text("Angemeldet:").count() > 0


def test_a_login_survives_a_reload_and_a_logout_ends_it(tmp_path, browser):
    store = make_store_file(tmp_path / "login.duckdb", accounts=True)
    for url in streamlit_server(store):
        context = browser.new_context()
        page = context.new_page()
        login(page, url, "kusel", TEST_PASSWORD)
        cookie = {c["name"]: c for c in context.cookies()}["ktdash_session"]
        assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40
        assert signed_in(page, url)  # reloaded: a new Streamlit session, the same login
        assert not signed_in(browser.new_context().new_page(), url)  # another browser: no login
        page.get_by_test_id("stSidebar").get_by_role("button", name="Abmelden").click()
        page.get_by_test_id("stSidebar").get_by_text("Anmelden", exact=True).first.wait_for()
        assert not signed_in(page, url)  # the session is ended in the store, whatever the browser still sends
        context.close()


@pytest.fixture
def server_store():
    """A fresh PostgreSQL store (server mode) with the test accounts; dropped after the test."""
    problem = server_support.problem()
    if problem:
        pytest.skip(problem)
    from ktdash.ingest.masterdata import load_master_data
    from ktdash.store.connection import open_store

    name = f"kt_login_{uuid.uuid4().hex[:8]}"
    server_support._admin(f'CREATE DATABASE "{name}"')
    url = server_support.with_database(server_support.base_url(), name)
    try:
        con = open_store(url)
        load_master_data(con)
        add_test_accounts(con)
        con.close()
        server_support.forget(url)
        yield url
    finally:
        server_support.drop(name)


def test_a_login_on_one_replica_is_accepted_by_another(server_store, browser):
    """Two dashboard processes on one PostgreSQL store, as two replicas behind a load balancer (the browser
    reaches both on one host, so it sends its cookie to both, as it does through the balancer's one address)."""
    replicas = [streamlit_server(server_store), streamlit_server(server_store)]
    first, second = (next(replica) for replica in replicas)
    try:
        context = browser.new_context()
        page = context.new_page()
        assert not signed_in(page, second)
        login(page, first, "kusel", TEST_PASSWORD)
        assert signed_in(page, second)  # the login made on the first replica
        page.get_by_test_id("stSidebar").get_by_role("button", name="Abmelden").click()  # logged out on the second
        page.get_by_test_id("stSidebar").get_by_text("Anmelden", exact=True).first.wait_for()
        assert not signed_in(page, first)
        context.close()
    finally:
        for replica in replicas:
            next(replica, None)
