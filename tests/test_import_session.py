"""The import session (issue 16 point 3): the file is read once, confirming stores the preview that was shown
without preparing it again, and a store that changed in between is noticed (ktdash.ingest.session)."""

from __future__ import annotations

import gc

import duckdb
import pytest

from conftest import DATA, KUSEL, TODAY, make_store_file, monthly, open_page
from ktdash.ingest import pipeline
from ktdash.ingest.masterdata import load_master_data
from ktdash.ingest.pipeline import MappingProfile, import_file
from ktdash.ingest.session import ImportSession, SessionClosed, SessionSlot, StalePreview
from ktdash.store.connection import open_store

MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
          "A;Strom;01.2024;100;kWh\nA;Strom;02.2024;x;kWh\nA;Erdgas;02.2024;1.250,5;kWh\n")
YEAR = "Liegenschaft;Energieträger;Jahr;Verbrauch\nA;Strom;2024;1200\n"
OVERLAP = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nA;Strom;03.2024;100;kWh\nA;Strom;03.2025;100;kWh\n"


@pytest.fixture
def counted(monkeypatch):
    """How often the pipeline decoded a file and prepared an import (inspect_file and prepare_import both decode
    through pipeline.decode_file; the session calls pipeline.prepare_import)."""
    calls = {"decode": 0, "prepare": 0}
    real_decode, real_prepare = pipeline.decode_file, pipeline.prepare_import

    def decode(*args, **kwargs):
        calls["decode"] += 1
        return real_decode(*args, **kwargs)

    def prepare(*args, **kwargs):
        calls["prepare"] += 1
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(pipeline, "decode_file", decode)
    monkeypatch.setattr(pipeline, "prepare_import", prepare)
    return calls


def temp_tables(con) -> int:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'kt_%'").fetchone()[0]


def stored(con) -> tuple:
    return (con.execute("SELECT b.name, c.* EXCLUDE (building_id) FROM consumptions c JOIN buildings b "
                        "USING (building_id) ORDER BY ALL").fetchall(),
            con.execute("SELECT * EXCLUDE (created_at) FROM imports ORDER BY ALL").fetchall(),
            monthly(con, "A", "Strom"), monthly(con, "A", "Erdgas"))


def test_confirm_stores_the_preview_without_reading_the_file_again(store, settings, counted):
    session = SessionSlot().open(store, MONTHS.encode(), "monate.csv", settings)
    assert session.inspect().header_index == 0 and session.inspect().header_index == 0
    assert counted == {"decode": 1, "prepare": 0}
    prepared = session.prepare(KUSEL, today=TODAY)
    assert session.prepare(KUSEL, today=TODAY) is prepared  # a rerun of the page: nothing read again
    # the preparation reads the file the inspection decoded: decoded once (per sheet), not once per step
    assert counted == {"decode": 1, "prepare": 1}
    assert session.calls == {"decode": 1, "inspect": 1, "prepare": 1, "commit": 0}
    assert prepared.preview.rows_rejected == 1 and prepared.preview.records == 2
    cursor = session.cursor
    assert temp_tables(cursor) > 0 and temp_tables(store) == 0  # the working tables are the session's own
    result = session.commit("test")
    assert counted == {"decode": 1, "prepare": 1} and session.calls["commit"] == 1
    assert result.records_stored == 2 and result.rows_rejected == 1
    assert session.closed and session.cursor is None
    with pytest.raises(duckdb.ConnectionException):  # closed: its temporary tables are gone
        cursor.execute("SELECT 1")
    with pytest.raises(SessionClosed):
        session.prepare(KUSEL, today=TODAY)
    # what is stored is what import_file (the CLI, and the page before the session) stores
    other = open_store(":memory:")
    try:
        load_master_data(other, DATA / "master")
        import_file(other, MONTHS.encode(), "monate.csv", KUSEL, settings=settings, user="test", today=TODAY,
                    accept_rejections=True)
        assert stored(store) == stored(other)
    finally:
        other.close()


def test_another_file_sheet_municipality_or_mapping_prepares_anew(store, settings, counted):
    slot = SessionSlot()
    first = slot.open(store, MONTHS.encode(), "monate.csv", settings)
    first.prepare(KUSEL, today=TODAY)
    cursor = first.cursor
    assert slot.open(store, bytes(MONTHS.encode()), "monate.csv", settings) is first  # the same bytes again
    first.prepare(KUSEL, sheet="Tabelle2", today=TODAY)  # another sheet
    assert counted["prepare"] == 2 and first.cursor is not cursor
    with pytest.raises(duckdb.ConnectionException):  # the earlier preparation's cursor is closed
        cursor.execute("SELECT 1")
    first.prepare("Stadt Kaiserslautern", sheet="Tabelle2", today=TODAY)
    profile = MappingProfile(name="(Formular)", columns={"building": "Liegenschaft", "carrier": "Energieträger",
                                                          "month": "Monat", "consumption": "Verbrauch"})
    first.prepare("Stadt Kaiserslautern", sheet="Tabelle2", profile=profile, today=TODAY)
    first.prepare("Stadt Kaiserslautern", sheet="Tabelle2", profile=profile.model_copy(), today=TODAY)
    assert counted["decode"] == 2 and first.calls["decode"] == 2  # once per sheet, whatever else the key holds
    assert counted["prepare"] == 4  # the same mapping again: the same preview
    second = slot.open(store, YEAR.encode(), "monate.csv", settings)  # another file under the same name
    assert second is not first and first.closed and slot.session is second
    assert second.prepare(KUSEL, today=TODAY).preview.records == 1 and counted["prepare"] == 5
    slot.close()
    assert second.closed and slot.session is None


def test_a_store_changed_since_the_preview_is_not_committed(store, settings, counted):
    session = ImportSession(store, MONTHS.encode(), "monate.csv", settings)
    assert session.prepare(KUSEL, today=TODAY).preview.new_buildings == ["A"]
    import_file(store, YEAR.encode(), "jahr.csv", KUSEL, settings=settings, user="other", today=TODAY)  # meanwhile
    assert session.stale()
    with pytest.raises(StalePreview):
        session.commit("test")
    assert store.execute("SELECT file_name FROM imports").fetchall() == [("jahr.csv",)]  # nothing of ours stored
    assert not session.closed and counted["prepare"] == 2  # (one of them import_file's)
    prepared = session.prepare(KUSEL, today=TODAY)  # checked again against the store as it is now
    assert counted["prepare"] == 3 and prepared.preview.new_buildings == []
    assert prepared.preview.rows_rejected == 2  # January now overlaps the stored year: the old preview was wrong
    result = session.commit("test")
    assert result.records_stored == 1 and counted["prepare"] == 3
    assert store.execute("SELECT count(*) FROM imports").fetchone()[0] == 2


def test_replace_through_the_session(store, load, settings, counted):
    load(YEAR, name="jahr2024.csv")
    session = ImportSession(store, OVERLAP.encode(), "monate.csv", settings)
    assert session.prepare(KUSEL, today=TODAY).preview.overlapping_imports == [1]
    preview, result, removed = session.replace(1, "test")
    assert counted == {"decode": 2, "prepare": 1} and session.closed  # load's, the session's; none for replacing
    assert result is not None and removed["consumptions"] == 1 and preview.rows_rejected == 0
    assert monthly(store, "A", "Strom") == {"2024-03": 100.0, "2025-03": 100.0}
    assert store.execute("SELECT import_id, status FROM imports ORDER BY 1").fetchall() == [
        (1, "undone"), (2, "committed")]


def test_a_replacement_not_stored_changes_nothing(store, load, settings):
    load(YEAR, name="jahr2024.csv")
    before = stored(store)
    session = ImportSession(store, (OVERLAP + "A;Strom;04.2024;zwölf;kWh\n").encode(), "monate.csv", settings)
    session.prepare(KUSEL, today=TODAY)
    preview, result, removed = session.replace(1, "test")
    assert result is None and removed == {} and preview.rows_rejected == 1
    assert stored(store) == before and not session.closed and session.prepared is None  # prepared anew next time
    assert session.prepare(KUSEL, today=TODAY).preview.overlapping_imports == [1]


def test_a_session_dropped_with_the_browser_session_closes_its_cursor(store, settings):
    session = ImportSession(store, MONTHS.encode(), "monate.csv", settings)
    session.prepare(KUSEL, today=TODAY)
    cursor = session.cursor
    del session
    gc.collect()
    with pytest.raises(duckdb.ConnectionException):
        cursor.execute("SELECT 1")


def test_import_page_confirms_the_preview_without_reading_the_file_again(tmp_path, monkeypatch, counted):
    path = make_store_file(tmp_path / "session.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("monate.csv", MONTHS.encode(), "text/csv")).run()
    assert not at.exception and {m.label: m.value for m in at.metric}["abgelehnt"] == "1"
    assert counted == {"decode": 1, "prepare": 1}  # one inspection, one preparation, of the file decoded once
    at.run()  # any widget: a rerun reads nothing again
    assert counted == {"decode": 1, "prepare": 1}
    con = open_store(path)  # meanwhile another import changes the store
    try:
        import_file(con, YEAR.encode(), "jahr.csv", KUSEL, settings=pipeline.Settings(), user="kl")
    finally:
        con.close()
    at.button(key="import_confirm").click().run()
    assert not at.exception and "neu geprüft" in at.warning[0].value  # nothing stored, checked again
    assert {m.label: m.value for m in at.metric}["abgelehnt"] == "2"  # January overlaps the year stored meanwhile
    assert counted == {"decode": 2, "prepare": 3}  # import_file's; the session's new preparation: no decode
    at.button(key="import_confirm").click().run()
    assert not at.exception and "Gespeichert: 1 Werte" in at.success[0].value
    assert counted == {"decode": 2, "prepare": 3}  # the confirm stored the preview shown
    con = open_store(path)
    try:
        assert con.execute("SELECT file_name, rows_stored FROM imports ORDER BY 1").fetchall() == [
            ("jahr.csv", 1), ("monate.csv", 1)]
    finally:
        con.close()
