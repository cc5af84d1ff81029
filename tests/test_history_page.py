"""The page Protokoll: every import and undo of a municipality with who, when and the file's checksum."""

from __future__ import annotations

import hashlib

from streamlit.testing.v1 import AppTest

from conftest import make_store_file
from ktdash.ingest import undo_import
from ktdash.store import open_store

KUSEL = ("Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
         "Rathaus Kusel;Strom;2024;kWh;100;100;100;100;100;100;100;100;100;100;100;100\n")
KAISERSLAUTERN = KUSEL.replace("Rathaus Kusel", "Pfalztheater")


def test_history_page_lists_imports_and_undo_per_municipality(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "h.duckdb", [(KUSEL, "kusel.csv", "VG Kusel-Altenglan"),
                                                   (KAISERSLAUTERN, "kl.csv", "Stadt Kaiserslautern")])
    con = open_store(path)
    try:
        undo_import(con, 2, user="anna")
    finally:
        con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/protokoll.py").run()
    assert not at.exception
    table = at.dataframe[0].value
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
