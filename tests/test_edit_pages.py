"""The Gebäude page's section "Bearbeiten" and the page "Zählerstand erfassen" (pages/edit_forms.py,
pages/ablesung.py; issue 19 point 4), in AppTest."""

from __future__ import annotations

import pytest

from conftest import make_analytics_store_file, open_page
from ktdash.store.connection import open_store

pytestmark = pytest.mark.page
READINGS = ("Liegenschaft;Zählernummer;Energieträger;Einheit;Ablesedatum;Zählerstand\n"
            "Rathaus Kusel;W-1;Fernwärme;kWh;01.01.2024;1000\n")


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    return make_analytics_store_file(tmp_path_factory.mktemp("edit_pages") / "edit_pages.duckdb",
                                     [(READINGS, "zaehler.csv", "VG Kusel-Altenglan")], accounts=True)


def rathaus(name: str = "Rathaus Kusel") -> int:
    import os

    con = open_store(os.environ["KTDASH_DB"])
    try:
        return con.execute("SELECT building_id FROM buildings WHERE name = ?", [name]).fetchone()[0]
    finally:
        con.close()


def stored(sql: str):
    import os

    con = open_store(os.environ["KTDASH_DB"])
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def area_input(at):
    return next(w for w in at.text_input if w.label == "Fläche (m²)")


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("user", ["gast", "kl", None])
def test_the_form_is_only_for_the_municipality_and_admins(app_store, user):
    at = open_page("pages/gebaeude.py", user=user, building=str(rathaus()))
    assert not at.exception
    assert "Bearbeiten" not in [s.value for s in at.subheader]
    assert not [w for w in at.text_input if w.label == "Fläche (m²)"]


def test_kusel_changes_the_area_and_undoes_it(app_store):
    at = open_page("pages/gebaeude.py", user="kusel", building=str(rathaus()))
    assert not at.exception
    assert "Bearbeiten" in [s.value for s in at.subheader]
    assert area_input(at).value == "1.000"
    area_input(at).set_value("1.250")
    at = button(at, "Stammdaten speichern").click().run()
    assert not at.exception
    assert stored("SELECT floor_area_m2 FROM buildings WHERE name = 'Rathaus Kusel'") == [(1250.0,)]
    assert any("Gespeichert (Änderung Nr. 1)" in s.value for s in at.success)
    assert area_input(at).value == "1.250"
    assert any("Fläche (m²): 1.000 → 1.250" in m.value for m in at.markdown)
    at = button(at, "Rückgängig").click().run()
    assert not at.exception
    assert any("Zurückgenommen (Änderung Nr. 1)" in s.value for s in at.success)
    assert stored("SELECT floor_area_m2 FROM buildings WHERE name = 'Rathaus Kusel'") == [(1000.0,)]
    assert area_input(at).value == "1.000"
    # a refusal: the reason, nothing stored
    area_input(at).set_value("0")
    at = button(at, "Stammdaten speichern").click().run()
    assert any("nicht plausibel" in e.value for e in at.error)
    assert stored("SELECT floor_area_m2 FROM buildings WHERE name = 'Rathaus Kusel'") == [(1000.0,)]


def test_reading_page_stores_a_reading_and_rejects_a_backwards_one(app_store):
    at = open_page("pages/ablesung.py", user="kusel")
    assert not at.exception
    assert at.title[0].value == "Zählerstand erfassen"
    value = next(w for w in at.text_input if w.label == "Zählerstand")
    value.set_value("900")
    at = button(at, "Stand speichern").click().run()
    assert any("ist kleiner als der vorherige" in e.value for e in at.error)
    assert stored("SELECT count(*) FROM readings") == [(1,)]
    next(w for w in at.text_input if w.label == "Zählerstand").set_value("1.234,5")
    at = button(at, "Stand speichern").click().run()
    assert not at.exception
    assert any("Gespeichert: 1.234,5 kWh" in s.value for s in at.success)
    assert stored("SELECT max(value) FROM readings") == [(1234.5,)]


@pytest.mark.parametrize("user", ["gast", None])
def test_reading_page_is_not_in_the_navigation_of_who_may_not_import(app_store, user):
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("pages/ablesung.py", user=user)
