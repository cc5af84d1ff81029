"""Versioned values: a correction keeps what it corrected, undo restores exactly the state before.

Every case is built from files, imported through the real import, and compared value for value on the
DuckDB file (:func:`snapshot` reads every data table of the store in key order).
"""

from __future__ import annotations

import itertools

import pytest

from conftest import DATA, KUSEL, TODAY, copy_store
from ktdash.ingest.pipeline import commit_import, prepare_import, undo_import
from ktdash.ingest.versions import corrections_of_import, value_history
from ktdash.ingest.masterdata import load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

# every table that holds values or is derived from them (imports and audit_log only grow: they record
# the imports and undos themselves)
DATA_TABLES = ("buildings", "meters", "readings", "consumptions", "monthly_rollup", "yearly_rollup",
               "reading_versions", "consumption_versions", "building_versions")

MONTHS_HEADER = "Gebäude;Medium;Jahr;Einheit;Jan;Feb;Mrz;Apr;Mai;Jun;Jul;Aug;Sep;Okt;Nov;Dez\n"
ORIGINAL = MONTHS_HEADER + ("Rathaus Kusel;Erdgas;2025;kWh;500;400;300;200;100;50;50;50;100;200;300;465\n"
                            "Schule Altenglan;Strom;2025;kWh;80;80;80;80;80;80;80;80;80;80;80;80\n")
# corrects one December value (465 → 462), "1 ersetzt", as in the issue
CORRECTION = "Gebäude;Medium;Monat;Verbrauch;Einheit\nRathaus Kusel;Erdgas;12.2025;462;kWh\n"
# a second correction of the same key and of one more month
CORRECTION_2 = ("Gebäude;Medium;Monat;Verbrauch;Einheit\nRathaus Kusel;Erdgas;12.2025;470;kWh\n"
                "Rathaus Kusel;Erdgas;11.2025;310;kWh\n")

READINGS = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"
            "Bauhof;Z7;Strom;01.01.2025;1.000;kWh\nBauhof;Z7;Strom;01.04.2025;1.300;kWh\n"
            "Bauhof;Z7;Strom;01.07.2025;1.500;kWh\n")
READINGS_FIX = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"
                "Bauhof;Z7;Strom;01.04.2025;1.250;kWh\nBauhof;Z7;Strom;01.10.2025;1.800;kWh\n")
MASTER = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nRathaus Kusel;Verwaltung;1.000;1965\n"
MASTER_FIX = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nRathaus Kusel;Verwaltung;1.080;1966\n"


@pytest.fixture(scope="module")
def master_store(tmp_path_factory):
    """A store file with the test master data, made once for the module (closed: complete on disk)."""
    path = tmp_path_factory.mktemp("versions") / "master.duckdb"
    con = open_store(path)
    load_master_data(con, DATA / "master")
    con.close()
    return path


@pytest.fixture
def db(master_store, tmp_path):
    """A fresh copy of :func:`master_store` per test, open: (connection, file)."""
    path = copy_store(master_store, tmp_path / "versions.duckdb")
    con = open_store(path)
    yield con, path
    con.close()


def run_import(con, content: str, name: str) -> int:
    prepared = prepare_import(con, content.encode(), name, KUSEL, settings=Settings(), today=TODAY)
    assert prepared.preview.rows_rejected == 0, prepared.preview.rejected_frame().to_string()
    return commit_import(con, prepared, user="test").import_id


def snapshot(con) -> dict[str, list[tuple]]:
    """Every row of every data table, sorted; doubles rounded to 9 decimals (rollup sums may add in
    another order)."""
    result = {}
    for table in DATA_TABLES:
        rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        result[table] = [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]
    return result


def december(con) -> float:
    return con.execute("""SELECT value FROM consumptions c JOIN buildings b USING (building_id)
                          WHERE b.name = 'Rathaus Kusel' AND period_start = DATE '2025-12-01'""").fetchone()[0]


def year_total(con) -> float:
    return round(con.execute("SELECT sum(value) FROM yearly_rollup WHERE year = 2025").fetchone()[0], 6)


def test_undo_of_a_correction_restores_the_original_value_on_the_file(db):
    con, path = db
    run_import(con, ORIGINAL, "monate_2025.csv")
    before = snapshot(con)
    total = year_total(con)
    correction = run_import(con, CORRECTION, "korrektur_dezember.csv")
    assert december(con) == 462
    assert year_total(con) == total - 3
    # the old value is kept: which import replaced it, old → new
    history = value_history(con)
    assert len(history) == 1
    row = history.iloc[0]
    assert (row["building"], row["what"], row["period"]) == ("Rathaus Kusel", "Erdgas", "01.12.2025–31.12.2025")
    assert (row["old_value"], row["new_value"], row["replaced_by_import"]) == (465, 462, correction)
    assert row["file_name"] == "korrektur_dezember.csv" and row["replaced_by"] == "test"
    assert corrections_of_import(con, correction)[0] == 1

    removed = undo_import(con, correction)
    assert removed["restored_consumptions"] == 1
    assert december(con) == 465 and year_total(con) == total
    con.execute("CHECKPOINT")
    con.close()
    reopened = open_store(path)  # value for value, as the file holds it
    try:
        assert snapshot(reopened) == before
    finally:
        reopened.close()


@pytest.mark.parametrize("order", ["newest_first", "oldest_first"])
def test_two_overlapping_corrections_undone_in_either_order(db, order):
    con, _ = db
    run_import(con, ORIGINAL, "monate_2025.csv")
    before = snapshot(con)
    first = run_import(con, CORRECTION, "korrektur_1.csv")
    after_first = snapshot(con)
    second = run_import(con, CORRECTION_2, "korrektur_2.csv")
    assert december(con) == 470
    # history: 465 → 462 (by first), 462 → 470 and 300 → 310 (by second)
    history = value_history(con).sort_values(["replaced_by_import", "period"])
    assert [(r.old_value, r.new_value, r.replaced_by_import) for r in history.itertuples()] == [
        (465, 462, first), (300, 310, second), (462, 470, second)]
    if order == "newest_first":
        undo_import(con, second)
        assert snapshot(con) == after_first  # exactly the state between the two
        undo_import(con, first)
    else:
        undo_import(con, first)
        # the later correction stays current; what the first had replaced is now replaced by the second
        assert december(con) == 470
        history = value_history(con).sort_values("period")
        assert [(r.old_value, r.new_value, r.replaced_by_import) for r in history.itertuples()] == [
            (300, 310, second), (465, 470, second)]
        undo_import(con, second)
    assert snapshot(con) == before


@pytest.mark.slow
def test_every_order_of_undo_over_three_imports_gives_back_the_state_before(db):
    """Readings, consumptions and master data, each corrected, undone in all six orders."""
    con, _ = db
    run_import(con, ORIGINAL, "monate_2025.csv")
    run_import(con, READINGS, "zaehler.csv")
    run_import(con, MASTER, "stammdaten.csv")
    before = snapshot(con)
    for order in itertools.permutations(range(3)):
        ids = [run_import(con, CORRECTION_2, "k.csv"), run_import(con, READINGS_FIX, "z.csv"),
               run_import(con, MASTER_FIX, "s.csv")]
        assert snapshot(con) != before
        for index in order:
            undo_import(con, ids[index])
        assert snapshot(con) == before, order


def test_reading_correction_history_and_undo(db):
    con, _ = db
    run_import(con, READINGS, "zaehler.csv")
    before = snapshot(con)
    fix = run_import(con, READINGS_FIX, "zaehler_korrigiert.csv")
    history = value_history(con)
    assert len(history) == 1  # 01.04.2025: 1.300 → 1.250; the new reading of October is no correction
    assert (history.iloc[0]["old_value"], history.iloc[0]["new_value"]) == (1300, 1250)
    assert history.iloc[0]["period"].startswith("01.04.2025")
    undo_import(con, fix)
    assert snapshot(con) == before


def test_reimport_of_equal_values_is_no_correction_but_undo_restores_the_owner(db):
    con, _ = db
    first = run_import(con, ORIGINAL, "monate_2025.csv")
    before = snapshot(con)
    again = run_import(con, ORIGINAL, "monate_2025_nochmal.csv")
    assert value_history(con).empty  # nothing changed
    assert len(value_history(con, include_unchanged=True)) == 24
    assert con.execute("SELECT count(*) FROM consumptions WHERE import_id = ?", [again]).fetchone()[0] == 24
    undo_import(con, again)
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM consumptions WHERE import_id = ?", [first]).fetchone()[0] == 24


def test_master_data_correction_is_kept_and_undone(db):
    con, _ = db
    run_import(con, MASTER, "stammdaten.csv")
    before = snapshot(con)
    fix = run_import(con, MASTER_FIX, "stammdaten_2.csv")
    history = value_history(con)
    assert sorted(zip(history["what"], history["old_text"], history["new_text"], strict=True)) == [
        ("floor_area_m2", "1000.0", "1080.0"), ("year_built", "1965", "1966")]
    undo_import(con, fix)
    assert snapshot(con) == before


# --- where the history is seen: ktdash history, the Gebäude page, the Protokoll page ------------------------

@pytest.fixture
def corrected_store(tmp_path, monkeypatch):
    """A store file with the original months and the December correction (imports 1 and 2), with accounts."""
    from conftest import make_store_file

    path = make_store_file(tmp_path / "korrektur.duckdb", [(ORIGINAL, "monate_2025.csv", KUSEL),
                                                             (CORRECTION, "korrektur_dezember.csv", KUSEL)],
                           accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def test_cli_history_shows_corrections_with_old_and_new_value(corrected_store, capsys, monkeypatch):
    from conftest import TEST_PASSWORD
    from ktdash.cli import main as cli

    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)  # history needs a login (issue 15)
    monkeypatch.setenv("KTDASH_USER", "gast")
    assert cli.main(["history", "--corrections", "--building", "Rathaus Kusel"]) == 0
    out = capsys.readouterr().out
    line = next(li for li in out.splitlines() if "Rathaus Kusel" in li)
    assert "01.12.2025–31.12.2025" in line and "465" in line and "462" in line
    assert "korrektur_dezember.csv" in line
    assert "alter Wert" in out and "neuer Wert" in out
    # the audit row of the import names the correction too
    assert cli.main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Korrekturen: 1" in out and "465 → 462" in out and '"old"' not in out  # in words, not JSON
    assert cli.main(["history", "--corrections", "--building", "Gibt es nicht"]) == 2
    assert "Kein Gebäude „Gibt es nicht“" in capsys.readouterr().err
    # after the undo (as the admin) the value is back and no correction is left
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    assert cli.main(["undo", "2", "--as", "agentur"]) == 0
    assert "1 Werte, die der Import ersetzt hatte, sind wiederhergestellt" in capsys.readouterr().out
    assert cli.main(["history", "--corrections"]) == 0
    assert "Keine Korrekturen" in capsys.readouterr().out
    con = open_store(corrected_store)
    try:
        assert december(con) == 465
    finally:
        con.close()


def test_building_and_protokoll_pages_show_the_corrections(corrected_store):
    from conftest import open_page

    con = open_store(corrected_store)
    building = con.execute("SELECT building_id FROM buildings WHERE name = 'Rathaus Kusel'").fetchone()[0]
    con.close()
    at = open_page("pages/gebaeude.py", building=str(building))
    assert not at.exception
    assert "Korrekturen" in [s.value for s in at.subheader]
    table = at.dataframe[-1].value
    table = table.data if hasattr(table, "data") else table  # a Styler on the page
    row = table.iloc[0]
    assert (row["alter Wert"], row["neuer Wert"], row["Datei"]) == ("465", "462", "korrektur_dezember.csv")
    assert "Benutzer" not in table.columns  # not logged in: who corrected is not shown
    at = open_page("pages/protokoll.py", user="kusel")
    assert not at.exception
    table = at.dataframe[-1].value
    table = table.data if hasattr(table, "data") else table
    assert table.iloc[0][["alter Wert", "neuer Wert", "Benutzer"]].tolist() == ["465", "462", "test"]


def test_backup_and_restore_keep_the_history(db, tmp_path):
    from ktdash.access.backup import backup, restore

    con, path = db
    run_import(con, ORIGINAL, "monate_2025.csv")
    correction = run_import(con, CORRECTION, "korrektur_dezember.csv")
    kept = snapshot(con)
    backup(con, tmp_path / "sicherung.duckdb")
    undo_import(con, correction)  # changed after the backup
    con.close()
    restore(path, tmp_path / "sicherung.duckdb")
    restored = open_store(path)
    try:
        assert snapshot(restored) == kept
        assert value_history(restored)[["old_value", "new_value"]].values.tolist() == [[465, 462]]
        undo_import(restored, correction)  # the restored history still serves an undo
        assert december(restored) == 465
    finally:
        restored.close()


def test_undo_of_master_data_that_created_a_building_other_data_use(db):
    """The master-data file creates the building, a consumption file then uses it: undoing the master data
    leaves the building as a new one would be; undoing the consumptions too removes it — as before both."""
    con, _ = db
    before = snapshot(con)
    master = run_import(con, "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²)\nKita Neubau;Kita;640\n", "s.csv")
    data = run_import(con, "Gebäude;Medium;Monat;Verbrauch;Einheit\nKita Neubau;Strom;03.2025;120;kWh\n", "v.csv")
    undo_import(con, master)
    assert con.execute("SELECT category, floor_area_m2, created_by_import FROM buildings WHERE name = 'Kita Neubau'"
                       ).fetchone() == ("Sonstiges", None, data)
    undo_import(con, data)
    assert snapshot(con) == before
