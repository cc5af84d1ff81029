"""One German interface (issue 19, item 2): the Protokoll and `ktdash history` in words, labels instead of codes,
ja/nein in German CSVs, German numbers on Kommune, the worded import status, the default page's German URL."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from conftest import make_analytics_store_file, open_page
from ktdash.output.exports.tables import german_csv
from ktdash.output.history import detail_text, layout_label, value_text

def test_detail_text_words_old_and_new_values_and_codes():
    # an import: its file, number, layout label (not "periods") and counts
    assert detail_text(json.dumps({"file_name": "a.csv", "import_id": 3, "layout": "periods", "rows_stored": 1200,
                                   "rows_rejected": 0})) == \
        "Datei: a.csv · Import Nr.: 3 · Aufbau: Verbräuche je Zeitraum · Zeilen gespeichert: 1.200 · " \
        "Zeilen abgelehnt: 0"
    # one field changed: "Feld: alt → neu", numbers with a decimal comma
    assert detail_text({"field": "hot_water_share", "building_id": 5, "old": 0.1, "new": 0.15}) == \
        "Warmwasseranteil: 0,1 → 0,15 · Gebäude Nr.: 5"
    # a record changed: only the fields that differ, dates German, yes/no in words
    assert detail_text({"old": {"title": "Dach", "status": "planned", "completed_on": "2024-05-01"},
                        "new": {"title": "Dach neu", "status": "planned", "completed_on": "2024-06-01"}}) == \
        "Titel: Dach → Dach neu · umgesetzt am: 01.05.2024 → 01.06.2024"
    assert detail_text({"cancelled": True}) == "abgesagt: ja"
    assert detail_text({"status": "committed", "role": "viewer"}) == "Stand: gespeichert · Rolle: nur lesen"
    # the corrections an import made: where, old → new with unit
    assert detail_text({"corrections": 1, "corrected": [{"building": "Rathaus", "period": "01.2024", "old": 465.0,
                                                         "new": 462.0, "unit": "kWh"}]}) == \
        "Korrekturen: 1 · korrigiert: Rathaus, 01.2024: 465 → 462 kWh"
    assert detail_text(None) == "" and detail_text('"Kommentar"') == "Kommentar"
    assert detail_text({"found": 28}, "en") == "found: 28" and value_text(False, "en") == "no"


def test_layout_label_and_unknown_codes():
    assert layout_label("pv_register") == "Marktstammdatenregister (Solaranlagen)"
    assert layout_label("pv_register", "en") != "pv_register"
    assert layout_label("no_such_layout") == "no_such_layout" and layout_label(None) == "–"


def test_german_csv_writes_yes_no_for_booleans():
    frame = pd.DataFrame({"auf Zielpfad": [True, False], "geteilt": pd.array([True, None], dtype="boolean"),
                          "Name": ["A", "B"], "kWh": [1.5, 2.0]})
    text = german_csv(frame).decode("utf-8-sig")
    assert text.splitlines() == ["auf Zielpfad;geteilt;Name;kWh", "ja;ja;A;1,500", "nein;;B;2,000"]
    assert "True" not in text and "False" not in text
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["kWh"].tolist() == [1.5, 2.0]  # numbers stay numbers


def test_navigation_serves_uebersicht_under_its_german_url(app_store):
    """Streamlit serves the default page at "/" only: a hidden page at "uebersicht" forwards there."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    pages = {info["url_pathname"]: info for info in at._registered_pages.values()}
    assert pages[""]["page_name"] == pages["uebersicht"]["page_name"] == "Übersicht"
    assert "start" not in pages  # the default page's own url_path is never offered


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    """The small analytics store with its imports (each test takes a copy: app_store)."""
    return make_analytics_store_file(tmp_path_factory.mktemp("german_ui") / "g.duckdb", accounts=True)


def test_protokoll_import_page_and_kommune_speak_german(app_store):
    history = open_page("pages/protokoll.py", user="agentur")
    assert not history.exception
    details = history.dataframe[0].value["Details"].tolist()
    assert not any(text.startswith("{") for text in details)
    assert any("Datei: jahre.csv" in text and "Aufbau: Verbräuche je Zeitraum" in text for text in details), details
    imports = open_page("pages/import_daten.py", user="agentur")
    assert not imports.exception
    layouts = set(imports.dataframe[0].value["Aufbau"])
    assert "Verbräuche je Zeitraum" in layouts and "periods" not in layouts
    kommune = open_page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022")
    assert not kommune.exception
    texts = " ".join([c.value for c in kommune.caption] + [e.label for e in kommune.expander])
    assert "Zielpfad: -2,0 %" in texts and "Standard -2,0 %" in texts and "-2.0" not in texts, texts


def test_methods_page_shows_the_reference_notes_in_german(app_store):
    """The shipped factors, prices and comparison values carry German notes ("nur CO2, direkte Verbrennung", not
    "CO2 only, direct combustion"; "keine" for a missing table, not "none"; 0,201 with a decimal comma)."""
    at = open_page("pages/methoden.py")
    assert not at.exception
    cells = {str(value) for frame in at.dataframe for column in frame.value.columns
             if frame.value[column].dtype.kind not in "fiub" for value in frame.value[column].dropna()}
    english = ("CO2 only", "set your", "ktdash default", "no fitting row", "incl. upstream chains")
    assert not [cell for cell in cells if any(word in cell for word in english) or cell == "none"]
    assert any(cell.startswith("nur CO2, direkte Verbrennung") and "0,201 kg je kWh Heizwert" in cell
               for cell in cells)
    assert any("den eigenen Vertragspreis auf der Seite Methoden eintragen" in cell for cell in cells)
