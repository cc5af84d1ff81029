"""The page Protokoll: every import and undo of a municipality with who, when and the file's checksum."""

from __future__ import annotations

import hashlib


from conftest import make_store_file, open_page
from ktdash.ingest.pipeline import undo_import
from ktdash.store.connection import open_store

KUSEL = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
         "Rathaus Kusel;Strom;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n")
KAISERSLAUTERN = KUSEL.replace("Rathaus Kusel", "Pfalztheater")


def test_history_page_lists_imports_and_undo_per_municipality(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "h.duckdb", [(KUSEL, "kusel.csv", "VG Kusel-Altenglan"),
                                                   (KAISERSLAUTERN, "kl.csv", "Stadt Kaiserslautern")],
                           accounts=True)
    con = open_store(path)
    try:
        undo_import(con, 2, user="anna")
    finally:
        con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = open_page("pages/protokoll.py", user="kusel")  # a manager: imports and undos, no account changes
    assert not at.exception
    table = at.dataframe[0].value
    system = table[table["Benutzer"] == "system"]  # the app's first start loaded the shipped climate data
    assert system["Aktion"].tolist() == ["Faktoren geändert"]
    table = table[table["Benutzer"] != "system"]
    assert table["Aktion"].tolist() == ["Import zurückgenommen", "Import", "Import"]  # newest first
    assert table["Benutzer"].tolist() == ["anna", "test", "test"]
    kusel = table[table["Kommune"] == "VG Kusel-Altenglan"].iloc[0]
    assert kusel["Prüfsumme (SHA-256)"] == hashlib.sha256(KUSEL.encode()).hexdigest()
    # one municipality, from a link
    at.query_params["kommune"] = "07312000"
    at.run()
    table = at.dataframe[0].value
    assert set(table["Kommune"]) == {"Stadt Kaiserslautern"} and len(table) == 2
    at.sidebar.multiselect(key="history_actions").set_value(["undo"]).run()
    assert at.dataframe[0].value["Aktion"].tolist() == ["Import zurückgenommen"]
    assert at.query_params["aktion"] == "undo"


def test_history_page_needs_a_login_and_shows_account_entries_to_admins_only(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "h.duckdb", [(KUSEL, "kusel.csv", "VG Kusel-Altenglan")], accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    anonymous = open_page("pages/protokoll.py")
    assert not anonymous.exception and not anonymous.dataframe
    assert "nur angemeldete Benutzer" in anonymous.info[0].value
    viewer = open_page("pages/protokoll.py", user="gast")
    actions = set(viewer.dataframe[0].value["Aktion"])
    assert actions == {"Import", "Faktoren geändert"}  # the four user_add rows and the logins are not shown
    assert "Benutzer angelegt" not in viewer.sidebar.multiselect(key="history_actions").options
    admin = open_page("pages/protokoll.py", user="agentur")
    actions = admin.dataframe[0].value["Aktion"].tolist()
    assert actions.count("Benutzer angelegt") == 4 and "Import" in actions
