"""The authorisation matrix through the pages: every role (and no login) against every action a page offers,
compared with the library's rule (ktdash.access.permissions.allowed), plus the checks at the moment of a click."""

from __future__ import annotations

import pytest

from conftest import KUSEL, make_analytics_store_file, open_page, session_token, use_store
from ktdash.access import accounts, permissions
from ktdash.access.permissions import Action
from ktdash.store.connection import open_store

KAISERSLAUTERN = "Stadt Kaiserslautern"
ROLES = [None, "gast", "kusel", "kl", "agentur"]  # not logged in, viewer, two managers, admin
TIMEOUT = 60


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    return make_analytics_store_file(tmp_path_factory.mktemp("access") / "access.duckdb", accounts=True)


@pytest.fixture
def app_store(store_template, monkeypatch):
    """The module's store itself, not a copy (conftest's ``app_store``): the tests only read it."""
    return use_store(monkeypatch, store_template)


def keys_and_users(path):
    con = open_store(path)
    try:
        keys = {name: accounts.municipality_key(con, name)[0] for name in ("VG Kusel-Altenglan", KAISERSLAUTERN)}
        users = {name: accounts.get_user(con, name) for name in ROLES if name}
        buildings = dict(con.execute("SELECT municipality_key, min(building_id) FROM buildings GROUP BY 1").fetchall())
    finally:
        con.close()
    return keys, users, buildings


def rule(users, role, action, key=None) -> bool:
    return permissions.allowed(users.get(role), action, key, open_view=True)


@pytest.mark.parametrize("role", ROLES)
def test_import_page_offers_exactly_the_municipalities_the_role_may_import_into_and_undo(app_store, role):
    keys, users, _ = keys_and_users(app_store)
    at = open_page("pages/import_daten.py", user=role)
    assert not at.exception
    offered = at.selectbox(key="import_municipality").options if any(
        s.key == "import_municipality" for s in at.selectbox) else []
    for name, key in keys.items():
        assert (name in " ".join(offered)) == rule(users, role, Action.IMPORT, key), (role, name)
    assert bool(at.file_uploader) == any(rule(users, role, Action.IMPORT, k) for k in keys.values())
    # undo: imports 1, 2 are Kusel's, 3 is Kaiserslautern's
    undoable = at.selectbox(key="undo_choice").options if any(s.key == "undo_choice" for s in at.selectbox) else []
    expected = [str(i) for i, key in ((3, keys[KAISERSLAUTERN]), (2, keys["VG Kusel-Altenglan"]),
                                      (1, keys["VG Kusel-Altenglan"])) if rule(users, role, Action.UNDO, key)]
    assert [o.split(":")[0] for o in undoable] == expected
    if not offered:
        assert "nur nach Anmeldung" in at.info[0].value


@pytest.mark.parametrize("role", ROLES)
def test_municipality_target_is_editable_exactly_for_who_may_change_master_data(app_store, role):
    keys, users, _ = keys_and_users(app_store)
    for name, key in keys.items():
        at = open_page("pages/kommune.py", user=role, kommune=key, jahr="2024", basis="2022")
        assert not at.exception
        editable = rule(users, role, Action.EDIT_MASTERDATA, key)
        assert at.number_input(key=f"target_{key}").disabled is not editable, (role, name)
        assert any(b.key == "target_save" for b in at.button) is editable


@pytest.mark.parametrize("role", ROLES)
def test_building_hot_water_share_is_editable_exactly_for_who_may_change_master_data(app_store, role):
    keys, users, buildings = keys_and_users(app_store)
    for name, key in keys.items():
        at = open_page("pages/gebaeude.py", user=role, building=str(buildings[key]))
        assert not at.exception
        editable = rule(users, role, Action.EDIT_MASTERDATA, key)
        assert any(n.key == f"building_share_{buildings[key]}" for n in at.number_input) is editable, (role, name)
        # the measures form (issue 17): the same rule as ktdash.ingest.measures, which checks again at the click
        assert any(w.key == f"measure_title_{buildings[key]}" for w in at.text_input) is editable, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_factors_are_editable_for_admins_only_and_readable_and_downloadable_for_all(app_store, role, downloads):
    _, users, _ = keys_and_users(app_store)
    at = open_page("pages/methoden.py", user=role)
    assert not at.exception
    admin = rule(users, role, Action.EDIT_FACTORS)
    assert any(b.key == "save_factors" for b in at.button) is admin
    assert any(b.key == "methods_station_save" for b in at.button) is admin  # a municipality's postcode and station
    assert not at.file_uploader  # newer degree days come in through the import (issue 14), no upload here
    if not admin:  # read-only tables with their downloads instead of the editors
        assert any("nur mit einem Administrationskonto" in c.value for c in at.caption)
        assert {"Emissionsfaktoren.csv", "Energiepreise.xlsx"} <= set(downloads)
        assert b"Erdgas" in downloads["Emissionsfaktoren.csv"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_views_and_exports_the_comparison(app_store, role, downloads):
    at = open_page("pages/vergleich.py", user=role, jahr="2024", basis="2022")
    assert not at.exception
    assert at.dataframe and at.get("plotly_chart")
    assert any(name.startswith("Vergleich") and name.endswith(".csv") and b"Kusel" in data
               for name, data in downloads.items())


def test_without_open_view_nothing_is_shown_before_login(app_store, monkeypatch):
    monkeypatch.setenv("KTDASH_OPEN_VIEW", "0")
    anonymous = open_page("pages/vergleich.py")
    assert not anonymous.exception and not anonymous.dataframe and not anonymous.get("plotly_chart")
    viewer = open_page("pages/vergleich.py", user="gast", jahr="2024", basis="2022")
    assert not viewer.exception and viewer.dataframe


def test_a_forged_or_ended_session_counts_as_not_logged_in(app_store):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.session_state["auth_token"] = "forged-token"
    at.run()
    at.switch_page("pages/import_daten.py").run()
    assert not at.exception and not at.file_uploader
    token = session_token("agentur")
    con = open_store(app_store)
    try:
        accounts.end_session(con, token)
    finally:
        con.close()
    ended = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    ended.session_state["auth_token"] = token
    ended.run()
    ended.switch_page("pages/import_daten.py").run()
    assert not ended.file_uploader


MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
          "Kita Kusel;Strom;01.2024;50;kWh\n")


def test_rights_are_checked_again_when_the_import_is_confirmed(tmp_path, monkeypatch):
    """A manager whose municipality is revoked between preview and confirm stores nothing (the page checks the
    rights on every run and again in the click's run, see also test_access for require())."""
    path = make_analytics_store_file(tmp_path / "revoke.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("kita.csv", MONTHS.encode(), "text/csv")).run()
    assert not at.exception and at.button(key="import_confirm")
    con = open_store(path)
    try:
        accounts.revoke(con, "kusel", KUSEL, by="test")
    finally:
        con.close()
    at.button(key="import_confirm").click().run()
    assert not at.exception and not at.file_uploader  # no municipality left to import into
    assert "nur nach Anmeldung" in at.info[0].value
    con = open_store(path)
    try:
        assert con.execute("SELECT count(*) FROM buildings WHERE name = 'Kita Kusel'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 3
    finally:
        con.close()


def test_page_changes_are_logged_with_the_user(tmp_path, monkeypatch):
    path = make_analytics_store_file(tmp_path / "log.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    keys, _, buildings = keys_and_users(path)
    kusel = keys["VG Kusel-Altenglan"]
    at = open_page("pages/kommune.py", user="kusel", kommune=kusel, jahr="2024", basis="2022")
    at.number_input(key=f"target_{kusel}").set_value(-3.0)
    at.button(key="target_save").click().run()
    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("kita.csv", MONTHS.encode(), "text/csv")).run()
    at.button(key="import_confirm").click().run()
    assert not at.exception
    con = open_store(path)
    try:
        rows = con.execute("SELECT user_name, action, municipality_key, CAST(detail AS VARCHAR) FROM audit_log "
                           "WHERE action IN ('masterdata_change', 'import') AND user_name = 'kusel' "
                           "ORDER BY audit_id").fetchall()
        imported_by = con.execute("SELECT user_name FROM imports ORDER BY import_id DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [("kusel", "masterdata_change", kusel), ("kusel", "import", kusel)]
    assert '"new": -0.03' in rows[0][3] and imported_by == "kusel"


def test_identity_provider_login_maps_to_the_account_of_that_e_mail(tmp_path, monkeypatch):
    """st.login (OIDC): the provider's e-mail address is the account; without an account nothing changes."""
    from streamlit.testing.v1 import AppTest

    path = make_analytics_store_file(tmp_path / "sso.duckdb", accounts=True)
    con = open_store(path)
    try:
        accounts.add_user(con, "anna.schmidt@kusel.de", "manager", None, municipalities=[KUSEL], sso=True, by="test")
    finally:
        con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")

    def as_provider_user(email):
        at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
        at.user = {"is_logged_in": True, "email": email}  # what st.user says after st.login
        at.run()
        return at.switch_page("pages/import_daten.py").run()

    anna = as_provider_user("Anna.Schmidt@kusel.de")
    assert not anna.exception
    assert anna.selectbox(key="import_municipality").options == ["VG Kusel-Altenglan"]
    stranger = as_provider_user("someone@example.org")
    assert not stranger.exception and not stranger.file_uploader
    con = open_store(path)
    try:
        logins = con.execute("SELECT user_name, CAST(detail AS VARCHAR) FROM audit_log WHERE action = 'login'"
                             ).fetchall()
    finally:
        con.close()
    assert logins == [("anna.schmidt@kusel.de", '{"method": "oidc"}')]  # once per browser session


def test_the_sidebar_offers_the_identity_provider_only_when_configured(app_store):
    from streamlit.testing.v1 import AppTest

    plain = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    plain.user = {}
    plain.run()
    assert not any(b.key == "login_sso" for b in plain.sidebar.button)
    configured = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    configured.user = {"is_logged_in": False}  # an [auth] section exists, nobody logged in yet
    configured.run()
    assert any(b.key == "login_sso" for b in configured.sidebar.button)
