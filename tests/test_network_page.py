"""The Netzwerk page (issue 18) through AppTest: the authorisation matrix (no login, gast viewer, kusel manager with
own profile, kl manager with another profile, agentur admin) — which forms each sees, what the changes do in the
store, that a forged change is refused by the library, and that personal data of the (fictitious) network never
reaches anyone who is not a network member: not in markdown, captions, tables, labels or downloads.

The store: the small analytics store with the test accounts, and three fictitious people, their competences and
three posts made through :mod:`ktdash.ingest.people` (dates relative to today, as the page uses today).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import deep_link, make_analytics_store_file, session_token
from ktdash.access import accounts
from ktdash.ingest import people
from ktdash.store.connection import open_store

KUSEL_VG, OBERES_GLANTAL, KREIS_KUSEL, KL = "073365001", "073365002", "07336", "07312000"
ANNA = dict(name="Anna Beispiel (fiktiv)", role_title="Klimaschutzmanagerin", email="anna.beispiel@example.org",
            phone="0000-1111", account="kusel", municipalities=(KUSEL_VG,), consent=True)
BERND = dict(name="Bernd Muster (fiktiv)", role_title="Energiemanager", email="bernd.muster@example.org",
             phone="0000-2222", account="kl", municipalities=(KL,), consent=True)
CLARA = dict(name="Clara Probe (fiktiv)", role_title="Klimaschutzmanagerin", email="clara.probe@example.org",
             phone="0000-3333", account=None, municipalities=(KREIS_KUSEL,), consent=True)
PERSONAL = [v for person in (ANNA, BERND, CLARA) for k, v in person.items()
            if k in ("name", "email", "phone", "role_title")]
SECTIONS = ("hilfe", "personen", "abdeckung", "verstetigung")


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    path = make_analytics_store_file(tmp_path_factory.mktemp("network_page") / "network.duckdb", accounts=True)
    build_network(path, date.today())
    return path


def build_network(path, today: date) -> dict[str, int]:
    """Anna (kusel): Wärmeplanung contact, PV experienced, Mobilität learning; Bernd (kl): Wärmeplanung experienced,
    Förderprogramme contact; Clara (no account): PV contact. Posts: VG Kusel-Altenglan (Anna, Kommunalrichtlinie,
    ends in 200 days), Stadt Kaiserslautern (Bernd, own budget, permanent), Landkreis Kusel (Clara, Landesprogramm,
    ends in 500 days); VG Oberes Glantal has none."""
    con = open_store(path)
    try:
        admin = accounts.get_user(con, "agentur")
        ids = {name: people.add_person(con, admin, people.check(**values))
               for name, values in (("anna", ANNA), ("bernd", BERND), ("clara", CLARA))}
        for person, topic, level in (("anna", "heat_planning", "contact"), ("anna", "pv", "experienced"),
                                     ("anna", "mobility", "learning"), ("bernd", "heat_planning", "experienced"),
                                     ("bernd", "funding", "contact"), ("clara", "pv", "contact")):
            people.set_competence(con, admin, ids[person], topic, level)
        for key, person, funding, programme, end, permanent in (
                (KUSEL_VG, "anna", "kommunalrichtlinie", "Kommunalrichtlinie", today + timedelta(days=200), False),
                (KL, "bernd", "own_budget", None, None, True),
                (KREIS_KUSEL, "clara", "other_programme", "Landesprogramm", today + timedelta(days=500), False)):
            people.add_post(con, admin, people.check_post(municipality_key=key, person_id=ids[person], funding=funding,
                                                          programme=programme, funding_end=end, permanent=permanent,
                                                          share_of_time=0.5))
    finally:
        con.close()
    return ids


def person_ids(path) -> dict[str, int]:
    con = open_store(path)
    try:
        return dict(con.execute("SELECT name, person_id FROM people").fetchall())
    finally:
        con.close()


def page(user: str | None = None, lang: str = "de", **query) -> AppTest:
    """The Netzwerk page as a bookmark opens it (one run), logged in as ``user``."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update({"lang": lang} if lang == "en" else {})
    at.query_params.update(query)
    if user is not None:
        at.session_state["auth_token"] = session_token(user)
    deep_link(at, "pages/netzwerk.py")
    assert not at.exception, at.exception
    return at


def press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def everything(at: AppTest) -> str:
    """Every text of the run: markdown, captions, alerts, metrics, widget labels and options, tables."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
             for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("selectbox", "multiselect", "pills", "segmented_control", "radio"):
        for widget in getattr(at, kind):
            parts += [str(widget.label), *map(str, getattr(widget, "options", []))]
    parts += [e.label for e in at.expander]
    for frame in at.dataframe:
        value = frame.value
        value = value.data if hasattr(value, "data") else value
        parts.append(value.to_csv() if isinstance(value, pd.DataFrame) else str(value))
    return "\n".join(parts)


def keys(at: AppTest) -> set[str]:
    found = set()
    for kind in ("text_input", "selectbox", "checkbox", "number_input", "date_input", "multiselect", "button"):
        found |= {w.key for w in getattr(at, kind) if w.key}
    return found


# --- the authorisation matrix -----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [None, "gast"])
def test_visitors_and_viewers_see_pseudonyms_and_counts_only(app_store, downloads, role):
    for section in SECTIONS:
        at = page(role, bereich=section, thema="heat_planning")
        text = everything(at)
        assert ("melden Sie sich an" if role is None else "Ihr Konto gehört nicht zum Netzwerk") in text
        for value in PERSONAL:
            assert value not in text, (section, value)
        assert not [k for k in keys(at) if k.startswith(("netpage_own_", "netpage_admin_", "netpage_post_",
                                                         "netpage_topic_"))], section
        if section == "hilfe":  # the search answers with pseudonyms: the contact first
            assert "**2** im Netzwerk können bei **Wärmeplanung** helfen" in text
            assert "Person 1" in text and "Ansprechpartner*in" in text
            assert "VG Kusel-Altenglan" not in text  # no places of people: a place identifies the person
    assert downloads, "every table offers CSV and XLSX"
    for name, data in downloads.items():
        for value in PERSONAL:
            assert value.encode("utf-8") not in data, (name, value)
            assert value.encode("utf-16-le") not in data, (name, value)


def test_a_manager_sees_only_the_own_profile_form(app_store):
    ids = person_ids(app_store)
    anna, bernd = ids[ANNA["name"]], ids[BERND["name"]]
    at = page("kusel", bereich="personen")
    found = keys(at)
    assert f"netpage_own_name_{anna}" in found and f"netpage_own_level_heat_planning_{anna}" in found
    assert not [k for k in found if k.startswith(("netpage_admin_", "netpage_post_", "netpage_topic_"))]
    assert not [k for k in found if k.endswith(f"_{bernd}")]
    assert at.text_input(key=f"netpage_own_email_{anna}").value == ANNA["email"]
    text = everything(at)
    assert BERND["email"] in text and CLARA["name"] in text  # a member sees the network's contacts
    at = page("kl", bereich="personen")
    found = keys(at)
    assert f"netpage_own_name_{bernd}" in found and not [k for k in found if k.endswith(f"_{anna}")]
    for section in ("abdeckung", "verstetigung"):
        assert not [k for k in keys(page("kl", bereich=section)) if k.startswith(("netpage_post_", "netpage_topic_"))]


def test_the_admin_sees_every_form_and_the_ending_posts_in_one_click(app_store):
    at = press(page("agentur"), "Welche Stellen enden im nächsten Jahr? (1)")
    assert at.query_params["bereich"] == "verstetigung" and "frist" not in at.query_params
    assert "Förderende in den nächsten 12 Monaten – Stellen: 1" in everything(at)
    assert "netpage_admin_choice" in keys(page("agentur", bereich="personen"))
    assert "netpage_topic_name" in keys(page("agentur", bereich="abdeckung"))
    at = page("agentur", bereich="verstetigung")
    assert "netpage_post_choice" in keys(at)
    text = everything(at)
    assert "Förderende in den nächsten 12 Monaten – Stellen: 1" in text and ANNA["name"] in text


def test_a_manager_without_profile_reads_that_the_regional_office_creates_it(app_store):
    con = open_store(app_store)
    try:
        con.execute("UPDATE people SET account = NULL WHERE account = 'kl'")
    finally:
        con.close()
    at = page("kl", bereich="personen")
    assert any("legt die Regionalstelle an" in i.value for i in at.info)
    assert not [k for k in keys(at) if k.startswith("netpage_own_")]


# --- changes through the forms ------------------------------------------------------------------------------------

def stored(path, sql: str, params=()) -> list[tuple]:
    con = open_store(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_manager_changes_the_own_profile_and_competences(app_store):
    anna = person_ids(app_store)[ANNA["name"]]
    at = page("kusel", bereich="personen")
    at.text_input(key=f"netpage_own_phone_{anna}").set_value("0000-9999")
    at.text_input(key=f"netpage_own_email_{anna}").set_value("keine-adresse")
    press(at, "Profil speichern")
    assert at.error[0].value == ("Nicht gespeichert – E-Mail: „keine-adresse“ ist keine gültige E-Mail-Adresse "
                                 "(Form name@beispiel.de). Es wurde nichts geändert.")
    assert stored(app_store, "SELECT phone FROM people WHERE person_id = ?", [anna]) == [("0000-1111",)]
    at.text_input(key=f"netpage_own_email_{anna}").set_value("anna.neu@example.org")
    press(at, "Profil speichern")
    assert "gespeichert" in at.success[0].value
    assert stored(app_store, "SELECT phone, email FROM people WHERE person_id = ?", [anna]) == [
        ("0000-9999", "anna.neu@example.org")]
    at.selectbox(key=f"netpage_own_level_street_lighting_{anna}").set_value("experienced")
    at.selectbox(key=f"netpage_own_level_mobility_{anna}").set_value("")
    press(at, "Kompetenzen speichern")
    assert at.success[0].value == "Kompetenzen gespeichert (2 geändert)."
    assert stored(app_store, "SELECT topic, level FROM competences WHERE person_id = ? ORDER BY topic", [anna]) == [
        ("heat_planning", "contact"), ("pv", "experienced"), ("street_lighting", "experienced")]
    audit = stored(app_store, "SELECT user_name, action, object FROM audit_log WHERE user_name = 'kusel' "
                   "AND action IN ('person_change', 'competence_set') ORDER BY 2")
    assert {(a, o) for _, a, o in audit} == {("person_change", str(anna)), ("competence_set", str(anna))}


def test_a_forged_change_of_another_person_is_refused_by_the_library(app_store):
    ids = person_ids(app_store)
    clara = ids[CLARA["name"]]
    con = open_store(app_store)
    try:
        kusel = accounts.get_user(con, "kusel")
        with pytest.raises(people.PersonError) as refused:
            people.update_person(con, kusel, clara, people.check(**(CLARA | {"phone": "0000-0000"})))
        assert refused.value.code == "person_not_allowed"
        with pytest.raises(people.PersonError):
            people.set_competence(con, kusel, clara, "pv", None)
        with pytest.raises(people.PersonError):
            people.delete_person(con, kusel, clara)
        assert con.execute("SELECT phone FROM people WHERE person_id = ?", [clara]).fetchall() == [("0000-3333",)]
        assert con.execute("SELECT count(*) FROM competences WHERE person_id = ?", [clara]).fetchone() == (1,)
    finally:
        con.close()


def test_the_admin_adds_and_deletes_a_person_and_a_refusal_changes_nothing(app_store):
    at = page("agentur", bereich="personen")
    at.text_input(key="netpage_admin_name_0").set_value("Dora Test (fiktiv)")
    at.text_input(key="netpage_admin_email_0").set_value("dora.test@example.org")
    at.multiselect(key="netpage_admin_municipalities_0").set_value([OBERES_GLANTAL])
    press(at, "Profil speichern")
    assert at.error[0].value.startswith("Nicht gespeichert – Einwilligung: Ohne Einwilligung werden keine")
    assert "Dora Test (fiktiv)" in at.error[0].value
    assert not stored(app_store, "SELECT 1 FROM people WHERE name = 'Dora Test (fiktiv)'")
    at.checkbox(key="netpage_admin_consent_0").check()
    press(at, "Profil speichern")
    assert at.success[0].value == "Person „Dora Test (fiktiv)“ angelegt."
    ((dora,),) = stored(app_store, "SELECT person_id FROM people WHERE name = 'Dora Test (fiktiv)'")
    assert at.selectbox(key="netpage_admin_choice").value == dora
    press(at, "Person löschen")
    assert "endgültig aus der Datenbank gelöscht" in at.warning[-1].value
    press(at, "Ja, endgültig löschen")
    assert at.success[0].value.startswith("Person „Dora Test (fiktiv)“ endgültig gelöscht")
    assert not stored(app_store, "SELECT 1 FROM people WHERE person_id = ?", [dora])
    assert stored(app_store, "SELECT action FROM audit_log WHERE object = ? AND action LIKE 'person_%' ORDER BY 1",
                  [str(dora)]) == [("person_add",), ("person_delete",)]


def test_the_admin_adds_a_post_refused_without_funding_end(app_store):
    at = page("agentur", bereich="verstetigung")
    at.selectbox(key="netpage_post_municipality_0").set_value(OBERES_GLANTAL)
    at.selectbox(key="netpage_post_funding_0").set_value("kommunalrichtlinie")
    at.number_input(key="netpage_post_share_0").set_value(150.0)
    press(at, "Stelle speichern")
    assert at.error[0].value == ("Nicht gespeichert – Stellenanteil (%): 150 % ist kein gültiger Stellenanteil: "
                                 "über 0 bis 100 %. Es wurde nichts geändert.")
    at.number_input(key="netpage_post_share_0").set_value(75.0)
    press(at, "Stelle speichern")
    assert at.error[0].value.startswith("Nicht gespeichert – Förderende: Eine geförderte Stelle braucht")
    assert not stored(app_store, "SELECT 1 FROM posts WHERE municipality_key = ?", [OBERES_GLANTAL])
    at.date_input(key="netpage_post_end_0").set_value(date.today() + timedelta(days=100))
    press(at, "Stelle speichern")
    assert "angelegt" in at.success[0].value
    assert stored(app_store, "SELECT share_of_time, person_id FROM posts WHERE municipality_key = ?",
                  [OBERES_GLANTAL]) == [(0.75, None)]
    assert "Förderende in den nächsten 12 Monaten – Stellen: 2" in everything(at)


# --- what the page shows ----------------------------------------------------------------------------------------

def test_coverage_names_the_risks_and_the_posts_section_the_gaps(app_store, downloads):
    at = page("kusel", bereich="abdeckung")
    warning = at.warning[0].value
    assert "**Nur eine Person** kann beraten zu: Förderprogramme." in warning
    assert "**Niemand** im Netzwerk kann beraten zu:" in warning and "Mobilität" in warning
    grid = next(f.value for f in at.dataframe if "Thema" in f.value.columns and ANNA["name"] in f.value.columns)
    row = grid.set_index("Thema").loc["Wärmeplanung"]
    assert (row[ANNA["name"]], row[BERND["name"]], row[CLARA["name"]]) == ("●", "◐", "")
    at = page("gast", bereich="verstetigung", frist="24")
    text = everything(at)
    assert "Förderende in den nächsten 24 Monaten – Stellen: 2" in text
    assert "Kommunen ohne aktive Stelle: 1" in text and "VG Oberes Glantal" in text
    csv = next(data for name, data in downloads.items() if "Foerderende_24" in name and name.endswith(".csv"))
    assert b"Person " not in csv and b"Kusel" in csv  # the posts, not their holders (no pseudonym to link)


def test_english(app_store):
    at = page("kusel", lang="en", thema="heat_planning")
    text = everything(at)
    assert "**2** in the network can help with **Wärmeplanung**" in text
    assert ANNA["email"] in text
