"""Issue 13, part 4: an empty first XLSX sheet, meter rollovers, and overlaps with another import that can be
replaced (``--replace-import``)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from conftest import KUSEL, TODAY, monthly
from ktdash.cli import main as cli
from ktdash.ingest.pipeline import ImportFileError, MappingProfile, replace_import
from ktdash.ingest import bulk

READINGS = "Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand"
# a five-digit register going round between February and March: 99.950 → 00.120 is 170 kWh
ROLLOVER = ("A;Z1;Strom;01.01.2024;99.800\nA;Z1;Strom;01.02.2024;99.950\nA;Z1;Strom;01.03.2024;00.120\n"
            "A;Z1;Strom;01.04.2024;00.300\n")


def codes(preview) -> list[tuple[int, str]]:
    return [(r.line_no, r.code) for r in preview.rejected.itertuples()]


# --- an empty first sheet ------------------------------------------------------------------------------------

def xlsx_with_empty_first_sheet() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Deckblatt"
    data = book.create_sheet("Verbrauch")
    data.append(["Liegenschaft", "Energieträger", "Monat", "Verbrauch", "Einheit"])
    data.append(["Rathaus", "Strom", "01.2024", 120, "kWh"])
    book.create_sheet("Notizen")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_empty_first_sheet_names_the_sheets_and_the_choice(prepare, store, settings):
    data = xlsx_with_empty_first_sheet()
    with pytest.raises(ImportFileError) as error:
        prepare(data, name="verbrauch.xlsx")
    assert error.value.code == "empty_sheet"
    message = error.value.message()
    assert "„Deckblatt“" in message and "Deckblatt, Verbrauch, Notizen" in message
    assert "Daten stehen in: Verbrauch." in message and "--sheet" in message and "Seite Import" in message
    assert "--sheet" in error.value.message("en")
    # the sheet chosen: imported; the Import page's inspection offers the sheet with data
    assert prepare(data, name="verbrauch.xlsx", sheet="Verbrauch").preview.records == 1
    from ktdash.ingest.pipeline import inspect_file

    inspection = inspect_file(data, "verbrauch.xlsx", settings)
    assert inspection.sheets == ["Deckblatt", "Verbrauch", "Notizen"] and inspection.sheet == "Verbrauch"


# --- rollover ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("general", [False, True])
def test_a_rollover_of_a_meter_with_known_digits_counts_what_was_used(store, load, prepare, monkeypatch, general):
    if general:
        monkeypatch.setattr(bulk, "applies", lambda ctx: False)
    content = READINGS + ";Stellen\n" + ROLLOVER.replace("\n", ";5\n")
    load(content)
    # Jan 99.800 → 99.950: 150; Feb 99.950 → 100.120: 170; Mar 120 → 300: 180 (readings on the 1st: whole months)
    assert monthly(store, "A", "Strom") == {"2024-01": 150.0, "2024-02": 170.0, "2024-03": 180.0}
    assert store.execute("SELECT digits FROM meters").fetchall() == [(5,)]
    # the same readings without digits: rejected, the message says how to state them
    preview = prepare(READINGS + "\n" + ROLLOVER.replace("A;", "B;"))
    assert codes(preview.preview) == [(4, "reading_backwards"), (5, "reading_backwards")]
    message = preview.preview.rejected_frame().iloc[0]["Grund"]
    assert "Stellen" in message and "digits" in message and "99950" in message.replace(".", "")


def test_digits_from_the_profile_and_stored_with_the_meter_apply_later(store, load, prepare):
    load(READINGS + "\n" + ROLLOVER, profile=MappingProfile(name="Fünfstellig", digits=5))
    assert store.execute("SELECT digits FROM meters").fetchall() == [(5,)]
    # a later file without any statement: the stored digits apply (99.990 → 00.040 is 50)
    load(READINGS + "\nA;Z1;Strom;01.05.2024;99.990\nA;Z1;Strom;01.06.2024;00.040\n")
    assert monthly(store, "A", "Strom")["2024-04"] == pytest.approx(99690.0)
    assert monthly(store, "A", "Strom")["2024-05"] == pytest.approx(50.0)


def test_an_implausible_rollover_is_still_going_backwards(prepare):
    content = READINGS + ";Zählerstellen\n" + (
        "A;Z1;Strom;01.01.2024;99.950;5\nA;Z1;Strom;01.02.2024;50.000;5\n"     # half the range: an error
        "B;Z2;Strom;01.01.2024;60.000;5\nB;Z2;Strom;01.02.2024;00.100;5\n"     # 60.000 is not near the top
        "C;Z3;Strom;01.01.2024;10;x\n")                                         # digits not a number
    preview = prepare(content).preview
    assert codes(preview) == [(3, "reading_backwards"), (5, "reading_backwards"), (6, "invalid_digits")]
    message = preview.rejected_frame().iloc[0]["Grund"]
    assert "5-stelligen" in message and "Zehntel" in message


def test_a_rollover_against_stored_readings(load, prepare, store):
    load(READINGS + ";Stellen\nA;Z1;Strom;01.01.2024;99.000;5\nA;Z1;Strom;01.03.2024;00.500;5\n")
    # between them: 99.900 fits, 00.700 would go backwards against the stored 00.500 after it
    preview = prepare(READINGS + "\nA;Z1;Strom;01.02.2024;99.900\nA;Z1;Strom;01.02.2024 12:00;00.700\n").preview
    assert codes(preview) == [(3, "reading_backwards")]


# --- overlaps with another import ----------------------------------------------------------------------------

YEAR = "Liegenschaft;Energieträger;Jahr;Verbrauch\nA;Strom;2024;1200\n"
MONTHS = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nA;Strom;03.2024;100;kWh\nA;Strom;03.2025;100;kWh\n"


def test_an_overlap_names_the_import_and_how_to_replace_it(load, prepare, store):
    load(YEAR, name="jahr2024.csv")
    number, when = store.execute("SELECT import_id, strftime(created_at, '%d.%m.%Y') FROM imports").fetchone()
    preview = prepare(MONTHS).preview
    assert codes(preview) == [(2, "period_overlap")] and preview.overlapping_imports == [number]
    message = preview.rejected_frame().iloc[0]["Grund"]
    assert f"Import {number} vom {when}" in message and "„jahr2024.csv“" in message
    assert f"--replace-import {number}" in message and "Seite Import" in message
    english = preview.rejected_frame("en").iloc[0]["reason"]
    assert f"import {number} of {when}" in english and f"--replace-import {number}" in english
    # readings where that consumption is stored, and consumption where readings are stored
    readings = prepare(READINGS + "\nA;Z1;Strom;01.02.2024;10\n").preview
    assert codes(readings) == [(2, "overlaps_period_data")] and "jahr2024.csv" in \
        readings.rejected_frame().iloc[0]["Grund"]
    load(READINGS + "\nB;Z1;Strom;01.02.2024;10\nB;Z1;Strom;01.03.2024;20\n", name="zaehler.csv")
    periods = prepare("Liegenschaft;Energieträger;Monat;Verbrauch\nB;Strom;02.2024;10\n").preview
    assert codes(periods) == [(2, "overlaps_meter_data")]
    assert "zaehler.csv" in periods.rejected_frame().iloc[0]["Grund"]
    assert periods.overlapping_imports == [number + 1]


def test_replace_import_undoes_and_imports_in_one_step(store, load, settings):
    load(YEAR, name="jahr2024.csv")
    preview, result, removed = replace_import(store, 1, MONTHS.encode(), "monate.csv", KUSEL, settings=settings,
                                              user="test", today=TODAY)
    assert result is not None and removed["consumptions"] == 1 and preview.rows_rejected == 0
    assert monthly(store, "A", "Strom") == {"2024-03": 100.0, "2025-03": 100.0}
    assert store.execute("SELECT import_id, status FROM imports ORDER BY 1").fetchall() == [
        (1, "undone"), (2, "committed")]


def test_replace_import_changes_nothing_when_the_file_is_not_stored(store, load, settings):
    load(YEAR, name="jahr2024.csv")
    before = store.execute("SELECT * FROM consumptions ORDER BY ALL").fetchall(), monthly(store, "A", "Strom")
    bad = MONTHS + "A;Strom;04.2024;zwölf;kWh\n"
    preview, result, removed = replace_import(store, 1, bad.encode(), "monate.csv", KUSEL, settings=settings,
                                              user="test", today=TODAY)
    assert result is None and codes(preview) == [(4, "not_a_number")]
    assert (store.execute("SELECT * FROM consumptions ORDER BY ALL").fetchall(), monthly(store, "A", "Strom")) \
        == before
    assert store.execute("SELECT status FROM imports").fetchall() == [("committed",)]
    with pytest.raises(ImportFileError):  # a file error: the undo is rolled back too
        replace_import(store, 1, b"", "leer.csv", KUSEL, settings=settings, user="test", today=TODAY)
    assert store.execute("SELECT status FROM imports").fetchall() == [("committed",)]
    assert store.execute("SELECT count(*) FROM audit_log WHERE action = 'undo'").fetchone()[0] == 0


@pytest.mark.slow
def test_cli_replace_import(tmp_path, monkeypatch, capsys):
    from conftest import make_store_file

    db = make_store_file(tmp_path / "s.duckdb", [(YEAR, "jahr2024.csv", KUSEL)])
    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.setenv("KTDASH_USER", "test")
    new = tmp_path / "monate.csv"
    new.write_text(MONTHS.replace("03.2025", "04.2024"), encoding="utf-8")
    assert cli.main(["import", str(new), "--municipality", KUSEL]) == 1
    err = capsys.readouterr().err
    assert "--replace-import 1" in err and "jahr2024.csv" in err
    assert cli.main(["import", str(new), "--municipality", KUSEL, "--replace-import", "1", "--dry-run"]) == 0
    assert "Probelauf" in capsys.readouterr().out
    assert cli.main(["import", str(new), "--municipality", KUSEL, "--replace-import", "1"]) == 0
    out = capsys.readouterr().out
    assert "Import 1 rückgängig gemacht" in out and "Gespeichert: 2 Werte" in out
    assert cli.main(["import", str(new), str(new), "--municipality", KUSEL, "--replace-import", "2"]) == 2
    assert cli.main(["import", str(new), "--municipality", KUSEL, "--replace-import", "1"]) == 2  # undone already
    assert "rückgängig" in capsys.readouterr().err
