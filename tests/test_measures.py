"""Measures (issue 17 item 1): stored per building, changed on the form only by the municipality's manager or an
admin (audited, the old row kept), imported from a file (preview, rejections with codes, whole or nothing,
re-import counts nothing twice, undo brings back what it replaced), listed by building and municipality."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import KUSEL, TODAY
from ktdash.access.permissions import NotAllowed, Role, User
from ktdash.analytics import measures as listing
from ktdash.i18n import texts
from ktdash.ingest import measures
from ktdash.ingest.measures import MeasureError, check
from ktdash.ingest.pipeline import import_file, undo_import

KUSEL_KEY, GLANTAL_KEY = "073365001", "073365002"
ADMIN = User(name="agentur", role=Role.ADMIN)
MANAGER = User(name="kusel", role=Role.MANAGER, municipalities=frozenset({KUSEL_KEY}))
OTHER_MANAGER = User(name="glantal", role=Role.MANAGER, municipalities=frozenset({GLANTAL_KEY}))
VIEWER = User(name="leser", role=Role.VIEWER)
HEADER = ("Liegenschaft;Maßnahme;Titel;Energieträger;Fertigstellung;Investition;Förderung;"
          "erwartete Einsparung (kWh/a);Status;Bemerkung\n")
GOOD = HEADER + ("Rathaus;Heizungstausch;Neuer Kessel;Erdgas;15.09.2024;120.000;40.000;35.000;umgesetzt;\n"
                 "Rathaus;Heizungstausch;Neuer Kessel;Strom;15.09.2024;;;1.200;umgesetzt;Pumpen\n"
                 "Grundschule;LED;LED Klassenräume;Strom;;;;8.000;geplant;\n")


@pytest.fixture
def buildings(store):
    store.execute("INSERT INTO buildings (building_id, municipality_key, name) VALUES "
                  "(1, ?, 'Rathaus'), (2, ?, 'Grundschule'), (3, ?, 'Halle')", [KUSEL_KEY, KUSEL_KEY, GLANTAL_KEY])
    return store


def state(con) -> tuple:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("measures", "measure_versions", "audit_log", "imports"))


def led(**changes):
    values = dict(building_id=1, type="led_lighting", title="LED Flur", carriers=["Strom"],
                  completed_on=date(2025, 3, 1), investment_eur=10_000, funding_eur=2_000,
                  expected_kwh={"Strom": 5_000}, status="completed")
    return check(today=TODAY, **(values | changes))


def test_add_change_delete_are_audited_and_keep_the_old_rows(buildings):
    from ktdash.store.connection import data_version

    con = buildings
    before = data_version(con)
    measure_id = measures.add_measure(con, MANAGER, led())
    assert data_version(con) == before + 1  # the pages' cached savings are read anew
    assert measures.row(con, measure_id)["expected_kwh"] == {"Strom": 5000.0}
    old = measures.update_measure(con, ADMIN, measure_id, led(title="LED Flure", investment_eur=12_000))
    assert old["title"] == "LED Flur" and measures.row(con, measure_id)["updated_by"] == "agentur"
    measures.delete_measure(con, MANAGER, measure_id)
    assert measures.row(con, measure_id) is None
    history = listing.history(con, measure_id)
    assert list(history["reason"]) == ["delete", "update"]
    assert list(history["title"]) == ["LED Flure", "LED Flur"] and list(history["replaced_by"]) == ["kusel", "agentur"]
    audit = con.execute("SELECT action, user_name, municipality_key, object FROM audit_log ORDER BY audit_id"
                        ).fetchall()
    assert audit == [("measure_add", "kusel", KUSEL_KEY, str(measure_id)),
                     ("measure_change", "agentur", KUSEL_KEY, str(measure_id)),
                     ("measure_delete", "kusel", KUSEL_KEY, str(measure_id))]


@pytest.mark.parametrize("user", [VIEWER, OTHER_MANAGER, None])
def test_viewers_and_other_municipalities_managers_are_refused_and_nothing_changes(buildings, user):
    con = buildings
    measure_id = measures.add_measure(con, ADMIN, led())
    before = state(con)
    with pytest.raises(NotAllowed):
        measures.add_measure(con, user, led())
    with pytest.raises(NotAllowed):
        measures.update_measure(con, user, measure_id, led(title="anders"))
    with pytest.raises(NotAllowed):
        measures.delete_measure(con, user, measure_id)
    with pytest.raises(NotAllowed):  # moving a measure into one's own municipality needs the right for its building
        measures.update_measure(con, OTHER_MANAGER, measure_id, led(building_id=3))
    assert state(con) == before and measures.row(con, measure_id)["title"] == "LED Flur"


@pytest.mark.parametrize("changes, code", [
    ({"funding_eur": 20_000}, "measure_funding_above_investment"),
    ({"completed_on": None}, "measure_completed_without_date"),
    ({"completed_on": date(2026, 2, 1)}, "measure_completed_in_future"),
    ({"investment_eur": -1}, "negative_value"),
    ({"carriers": ["Kohle"]}, "unknown_carrier"),
    ({"type": "Fassade streichen"}, "unknown_measure_type"),
    ({"status": "vielleicht"}, "unknown_measure_status"),
    ({"expected_kwh": {"Erdgas": 100}}, "measure_savings_carrier_not_affected"),
    ({"expected_kwh": {"Strom": -5}}, "negative_value"),
])
def test_the_form_checks_give_codes_worded_in_both_languages(changes, code):
    with pytest.raises(MeasureError) as refused:
        led(**changes)
    error = refused.value
    assert error.code == code
    words = {lang: texts.rejection(code, lang, value=error.value, detail=error.allowed,
                                   column=texts.field_name(error.field, lang) if error.field else "")
             for lang in ("de", "en")}
    assert words["de"] != words["en"] and "{" not in words["de"] + words["en"]


def test_a_planned_measure_needs_no_date_and_an_unknown_building_is_refused(buildings):
    planned = led(completed_on=None, status="planned", funding_eur=None)
    assert measures.row(buildings, measures.add_measure(buildings, ADMIN, planned))["completed_on"] is None
    with pytest.raises(MeasureError, match="unknown_building"):
        measures.add_measure(buildings, ADMIN, led(building_id=99))
    with pytest.raises(MeasureError, match="unknown_measure"):
        measures.delete_measure(buildings, ADMIN, 99)


def run(con, settings, text, name="massnahmen.csv"):
    return import_file(con, text.encode(), name, KUSEL, settings=settings, user="kusel", today=TODAY)


def test_a_file_with_errors_is_previewed_with_codes_and_stores_nothing(buildings, settings):
    text = HEADER + ("Rathaus;Heizungstausch;Kessel;Erdgas;15.09.2024;100;50;10;umgesetzt;\n"
                     "Turnhalle;LED;Licht;Strom;;;;;;\n"
                     "Rathaus;Fassade streichen;Farbe;Strom;;;;;;\n"
                     "Rathaus;LED;Licht Kohle;Kohle;;;;;;\n"
                     "Rathaus;LED;Licht Februar;Strom;31.02.2024;;;;;\n"
                     "Rathaus;LED;Zukunft;Strom;01.06.2026;;;;;\n"
                     "Rathaus;LED;Ohne Datum;Strom;;;;;umgesetzt;\n"
                     "Rathaus;Fenstertausch;Fenster;Erdgas;01.02.2024;100;500;;;\n"
                     "Rathaus;PV;Dach;Strom;01.02.2024;1000;;;;\n"
                     "Rathaus;PV;Dach;Erdgas;01.02.2024;2000;;;;\n"
                     "Halle;LED;Licht;Strom;;;;;;\n")
    before = state(buildings)
    preview, result = run(buildings, settings, text)
    assert result is None and state(buildings) == before
    assert preview.layout == "measures" and preview.rows_read == 11
    found = sorted((r.line_no, r.code) for r in preview.rejected.itertuples())
    assert found == [(3, "unknown_building"), (4, "unknown_measure_type"), (5, "unknown_carrier"),
                     (6, "invalid_date"), (7, "measure_completed_in_future"), (8, "measure_completed_without_date"),
                     (9, "measure_funding_above_investment"), (10, "measure_conflict"), (11, "measure_conflict"),
                     (12, "unknown_building")]  # Halle belongs to another municipality
    reasons = {lang: preview.rejected_frame(lang).iloc[:, -1].tolist() for lang in ("de", "en")}
    assert reasons["de"][0].startswith("Das Gebäude „Turnhalle“ gibt es in dieser Kommune nicht")
    assert reasons["en"][0].startswith("There is no building “Turnhalle”")


def test_import_reimport_and_undo(buildings, settings):
    con = buildings
    preview, first = run(con, settings, GOOD)
    assert preview.summary == {"measures": 2, "measure_buildings": 2, "expected_kwh": 44_200, "investment_eur": 120_000}
    stored = listing.measures(con, municipality_key=KUSEL_KEY).set_index("title")
    assert stored.loc["Neuer Kessel", "expected_kwh"] == {"Erdgas": 35_000, "Strom": 1_200}
    assert list(stored.loc["Neuer Kessel", "carriers"]) == ["Erdgas", "Strom"]
    assert stored.loc["Neuer Kessel", "note"] == "Pumpen" and stored.loc["LED Klassenräume", "status"] == "planned"
    assert stored.loc["Neuer Kessel", "type"] == "heating_replacement"
    assert len(listing.expected_savings(con, building_id=1)) == 2
    by_status = listing.totals(con, municipalities=[KUSEL_KEY]).set_index("status")
    assert by_status.loc["completed", "expected_kwh"] == 36_200 and by_status.loc["planned", "measures"] == 1
    assert listing.totals(con, municipality_key=GLANTAL_KEY).empty
    # the same file again: nothing counted twice, both measures replaced by equal values
    again, second = run(con, settings, GOOD, name="massnahmen_nochmal.csv")
    assert (again.records_replaced, again.records_changed) == (2, 0)
    assert len(listing.measures(con)) == 2
    corrected, third = run(con, settings, GOOD.replace("35.000", "30.000"), name="korrigiert.csv")
    assert (corrected.records_replaced, corrected.records_changed) == (2, 1)
    # undo the middle import first: the correction stays, then undo it: the first import's values are back
    undo_import(con, second.import_id, user="kusel")
    assert listing.measures(con).set_index("title").loc["Neuer Kessel", "expected_kwh"]["Erdgas"] == 30_000
    removed = undo_import(con, third.import_id, user="kusel")
    assert removed["measures"] == 2 and removed["restored_measures"] == 2
    back = listing.measures(con).set_index("title")
    assert back.loc["Neuer Kessel", "expected_kwh"]["Erdgas"] == 35_000
    assert set(back["import_id"]) == {first.import_id}
    undo_import(con, first.import_id, user="kusel")
    assert len(listing.measures(con)) == 0
    assert con.execute("SELECT count(*) FROM measure_versions").fetchone()[0] == 0


def test_a_measure_changed_on_the_form_outlives_the_undo_of_its_import(buildings, settings):
    con = buildings
    _preview, result = run(con, settings, GOOD)
    led_id = int(listing.measures(con, building_id=2)["measure_id"][0])
    planned = check(today=TODAY, building_id=2, type="led_lighting", title="LED Klassenräume", carriers=["Strom"],
                    expected_kwh={"Strom": 9_000}, status="in_progress")
    measures.update_measure(con, MANAGER, led_id, planned)
    undo_import(con, result.import_id, user="kusel")
    left = listing.measures(con)
    assert list(left["measure_id"]) == [led_id] and left["expected_kwh"][0] == {"Strom": 9_000}
    assert len(listing.history(con, led_id)) == 1  # its imported version stays as history


def test_an_import_replaces_a_form_entry_and_its_undo_brings_it_back(buildings, settings):
    con = buildings
    kessel = check(today=TODAY, building_id=1, type="heating_replacement", title="Neuer Kessel",
                   carriers=["Erdgas"], completed_on=date(2024, 9, 15), expected_kwh={"Erdgas": 1}, status="completed")
    measure_id = measures.add_measure(con, MANAGER, kessel)
    _preview, result = run(con, settings, GOOD)
    assert measures.row(con, measure_id)["expected_kwh"] == {"Erdgas": 35_000, "Strom": 1_200}  # same natural key
    undo_import(con, result.import_id, user="kusel")
    assert measures.row(con, measure_id)["expected_kwh"] == {"Erdgas": 1} and len(listing.measures(con)) == 1
    # imported again, then changed on the form: the undo leaves the form's row and keeps both older rows
    _preview, result = run(con, settings, GOOD, name="wieder.csv")
    measures.update_measure(con, ADMIN, measure_id, kessel.model_copy(update={"note": "geprüft"}))
    undo_import(con, result.import_id, user="kusel")
    assert measures.row(con, measure_id)["note"] == "geprüft" and len(listing.measures(con)) == 1
    assert sorted(listing.history(con, measure_id)["reason"]) == ["import", "update"]


def test_undoing_the_energy_import_that_created_a_building_keeps_the_building_of_its_measures(store, settings):
    """The building an energy import created goes with the undo — unless measures are recorded for it: then it
    stays (no longer owned by an import) and so do its measures; a building without measures still goes."""
    content = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
               "Neubau Kita;Strom;2024;10.000;kWh\nAlte Halle;Strom;2024;5.000;kWh\n")
    _, result = import_file(store, content.encode(), "strom.csv", KUSEL, settings=settings, user="kusel",
                            today=TODAY)
    kita = store.execute("SELECT building_id FROM buildings WHERE name = 'Neubau Kita'").fetchone()[0]
    measure_id = measures.add_measure(store, MANAGER, led(building_id=kita))
    undo_import(store, result.import_id, user="kusel")
    assert store.execute("SELECT name, created_by_import FROM buildings ORDER BY name").fetchall() == [
        ("Neubau Kita", None)]
    assert measures.row(store, measure_id)["building_id"] == kita
    assert store.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 0


def test_a_mapping_profile_maps_a_measures_file_with_unusual_headers(buildings, settings):
    from ktdash.ingest.pipeline import MappingProfile, prepare_import

    profile = MappingProfile(name="Kusel Maßnahmenliste", layout="measures", columns={
        "building": "Haus", "measure_type": "Kategorie", "title": "Was", "carrier": "Energie",
        "completed_on": "Fertig am", "expected_savings": "Ziel kWh"})
    text = "Haus;Kategorie;Was;Energie;Fertig am;Ziel kWh\nRathaus;Fenstertausch;Neue Fenster;Erdgas;01.10.2024;9.000\n"
    preview = prepare_import(buildings, text.encode(), "liste.csv", KUSEL, settings=settings, today=TODAY,
                             profile=profile).preview
    assert preview.layout == "measures" and preview.rows_rejected == 0, preview.rejected_frame().to_string()
    assert preview.summary["measures"] == 1 and preview.summary["expected_kwh"] == 9_000
