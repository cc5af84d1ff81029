"""Newer months of the station degree days (issue 14): DWD's hdd_3807 files and the IWU table Data.TA.HD through the
normal import with preview, commit, undo and rights (ktdash.ingest.layouts.degree_days).

The fixtures in tests/data/climate/ reproduce the published formats (tests/data/climate/README.md): two DWD monthly
files (Dec 2025: one station changed against the shipped data, three equal; Jan 2026: new months, one incomplete
station, one with DWD's missing marker) and an excerpt of IWU's table (the real clidamonger 1.4 rows of
Kaiserslautern 2486 and Pirmasens 3939, with five new months 2026 and one revised month). Expected values are the
files' own numbers or worked out by hand from them (G20/15 = HD_15 × (20 − TA_15)), never by calling the code.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, TEST_PASSWORD, add_test_accounts, make_store_file, open_page
from ktdash.analytics import climate
from ktdash.i18n import texts
from ktdash.access.accounts import get_user, require_undo
from ktdash.access.permissions import NotAllowed
from ktdash.ingest.layouts.degree_days import incomplete_months_text
from ktdash.ingest import pipeline
from ktdash.ingest.pipeline import import_file, prepare_import, undo_import
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

CLIMATE = DATA / "climate"
DWD_DEC = CLIMATE / "gradtage_202512.csv"
DWD_JAN = CLIMATE / "gradtage_202601.csv"
IWU = CLIMATE / "Gradtagzahlen-Deutschland_Data.TA.HD_Auszug.csv"
TODAY = date(2026, 7, 1)
SHIPPED = climate.SHIPPED_SOURCE
COLUMNS = "g20_15_kd, heating_days, ta_mean_c, ta_heating_days_c, completeness, source, import_id"


@pytest.fixture
def cstore(store):
    """The test master data with the shipped climate data (842 stations, 1991–2025)."""
    climate.load_shipped_climate(store)
    return store


def run(con, path: Path | bytes, name: str | None = None, user="test", **options):
    data = path.read_bytes() if isinstance(path, Path) else path
    return import_file(con, data, name or path.name, None, settings=Settings(), user=user, today=TODAY, **options)


def month_row(con, station: int, month: str):
    return con.execute(f"SELECT {COLUMNS} FROM station_degree_days WHERE station_id = ? AND month = ?::DATE",
                       [station, month + "-01"]).fetchone()


def counts(con) -> tuple[int, int, int]:
    return con.execute("""SELECT (SELECT count(*) FROM station_degree_days), (SELECT count(*) FROM imports),
                                 (SELECT count(*) FROM station_degree_day_versions)""").fetchone()


def iwu_xlsx() -> bytes:
    """IWU's workbook as it is published: a form sheet first, the table on sheet Data.TA.HD, numbers as numbers."""
    text = IWU.read_text(encoding="utf-8-sig")
    book = openpyxl.Workbook()
    form = book.active
    form.title = "Gradtagzahlen"
    form.append(["Gradtagzahlen-Deutschland.xlsx – Klimadaten für die Realbilanzierung"])
    form.append(["Postleitzahl", "67655"])
    sheet = book.create_sheet("Data.TA.HD")
    for index, row in enumerate(csv.reader(io.StringIO(text), delimiter=";")):
        if index == 0:
            sheet.append(row)
            continue
        cells = []
        for cell in row:
            try:
                number = float(cell.replace(",", ".")) if cell and not cell.count(".") else None
            except ValueError:
                number = None
            cells.append(number if number is not None else (cell or None))
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the formats import to the exact values ----------------------------------------------------------------------

def test_dwd_file_is_detected_and_imports_its_exact_values(cstore):
    preview, result = run(cstore, DWD_JAN)
    assert preview.layout == "degree_days_dwd" and preview.header_line == 4  # three lines of text above #ID
    assert preview.municipality_key == "" and preview.rows_read == 4 and preview.rows_rejected == 0
    assert result is not None and result.records_stored == 3 and result.records_replaced == 0
    source = month_row(cstore, 2486, "2026-01")[5]
    assert "hdd_3807" in source and "gradtage_202601.csv" in source
    assert month_row(cstore, 2486, "2026-01") == (541.2, 31.0, None, None, 1.0, source, result.import_id)
    assert month_row(cstore, 3939, "2026-01")[:5] == (558.0, 31.0, None, None, 1.0)
    weinbiet = month_row(cstore, 5426, "2026-01")  # 24 of 31 days observed: stored, flagged incomplete
    assert weinbiet[:4] == (452.4, 24.0, None, None) and weinbiet[4] == pytest.approx(24 / 31)
    assert month_row(cstore, 44, "2026-01") is None  # -999: DWD's missing marker, nothing stored
    row = cstore.execute("SELECT municipality_key, layout, status, rows_stored FROM imports").fetchone()
    assert row == ("", "degree_days_dwd", "committed", 4)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_iwu_table_imports_its_exact_values(cstore, form):
    data, name = (IWU.read_bytes(), IWU.name) if form == "csv" else (iwu_xlsx(), "Gradtagzahlen-Deutschland.xlsx")
    preview, result = run(cstore, data, name)
    assert preview.layout == "degree_days_iwu" and preview.rows_rejected == 0
    if form == "xlsx":
        assert preview.sheet == "Data.TA.HD"  # the table, not the form on the first sheet
    assert result.records_stored == 11 and result.records_replaced == 1
    # G20/15 = HD_15 × (20 − TA_15): 31 × 18.8, 14 × 7.7, 16 × 8.2; the revised December 31 × 16.1
    source = month_row(cstore, 2486, "2026-01")[5]
    assert "Data.TA.HD" in source and name in source
    assert month_row(cstore, 2486, "2026-01") == (582.8, 31.0, 1.2, 1.2, 1.0, source, result.import_id)
    assert month_row(cstore, 2486, "2026-05")[:5] == (107.8, 14.0, 14.6, 12.3, 1.0)
    assert month_row(cstore, 3939, "2026-05")[:5] == (131.2, 16.0, 14.0, 11.8, 0.8)
    assert month_row(cstore, 2486, "2025-12")[:5] == (499.1, 31.0, 3.9, 3.9, 1.0)
    # the unchanged months keep their shipped rows
    assert month_row(cstore, 2486, "2025-11") == (426.0, 30.0, 5.8, 5.8, 1.0, SHIPPED, None)


# --- the preview ---------------------------------------------------------------------------------------------------

def test_preview_counts_new_replaced_unchanged_per_station_with_old_and_new_value(cstore):
    before = counts(cstore)
    preview = prepare_import(cstore, DWD_DEC.read_bytes(), DWD_DEC.name, None, settings=Settings(),
                             today=TODAY).preview
    assert counts(cstore) == before  # the preview stores nothing
    assert preview.summary == {"stations": 4, "months_new": 0, "months_replaced": 1, "months_unchanged": 3,
                               "months_incomplete": 0, "months_without_value": 0}
    assert preview.records == 1 and preview.records_replaced == 1
    stations = preview.stations.set_index("station_id")
    assert stations.loc[2486, "station"] == "Kaiserslautern"  # the name from climate_stations, not KAISERSLAUTERN
    assert stations.loc[[44, 2486, 3939, 5426], ["new", "replaced", "unchanged"]].values.tolist() == [
        [0, 0, 1], [0, 1, 0], [0, 0, 1], [0, 0, 1]]
    change = preview.changes.iloc[0]
    assert (change.station_id, change.month.strftime("%Y-%m"), change.old_kd, change.new_kd) == (
        2486, "2025-12", 496.0, 498.3)
    assert change.old_source == SHIPPED

    january = prepare_import(cstore, DWD_JAN.read_bytes(), DWD_JAN.name, None, settings=Settings(),
                             today=TODAY).preview
    stations = january.stations.set_index("station_id")
    assert january.summary["months_new"] == 3 and january.summary["months_incomplete"] == 1
    assert january.summary["months_without_value"] == 1
    months = {station: incomplete_months_text(stations.loc[station, "incomplete_months"]) for station in (5426, 44)}
    assert stations.loc[5426, "incomplete"] == 1 and months[5426] == "01.2026 (77 %)"
    assert stations.loc[44, "without_value"] == 1 and months[44] == "01.2026 (ohne Wert)"
    # the library returns no words for them (nor a label for "all municipalities"): the reader's language renders them
    assert incomplete_months_text(stations.loc[44, "incomplete_months"], "en") == "2026-01 (no value)"
    assert january.municipality == january.municipality_key == ""


def test_iwu_preview_uses_only_the_measured_heating_quantities(cstore):
    preview = prepare_import(cstore, IWU.read_bytes(), IWU.name, None, settings=Settings(), today=TODAY).preview
    # 2486: 309 shipped months + 5 new; 3939: 255 + 5; months without observations (CT 0) are not stored
    stations = preview.stations.set_index("station_id")
    assert stations.loc[[2486, 3939], ["new", "replaced", "unchanged", "incomplete", "without_value"]].values.tolist() \
        == [[5, 1, 308, 0, 111], [5, 0, 255, 1, 165]]
    assert texts.notes(preview.notes)[1:] == [
        "2 Zeilen mit Normklima (Code_DataType STD, keine DWD-Station) nicht verwendet.",
        "20 Zeilen anderer Größen (z. B. HD_10, TA_12, CD_18) nicht verwendet; verwendet werden TA, TA_15, HD_15 "
        "und CT."]
    assert preview.period_start == date(1991, 1, 1) and preview.period_end == date(2026, 5, 31)


# --- bad rows ------------------------------------------------------------------------------------------------------

BAD_DWD = (
    "Monatliche Gradtage nach VDI 3807\nDatenbasis: Deutscher Wetterdienst\nFehlwerte: -999\n"
    "#ID;geogr. Laenge;geogr. Breite;Station;Monat;Anzahl Tage;Monatsgradtage;Anzahl Heiztage\n"
    "   2486;   7.7557;  49.4262;KAISERSLAUTERN;202602;28;462.0;28\n"
    "  99999;   9.0000;  50.0000;NIRGENDWO;202602;28;400.0;28\n"
    "   3939;   7.5879;  49.1912;PIRMASENS;202602;28;1200.5;28\n"
    "   5426;   8.1212;  49.3758;WEINBIET;202613;28;480.0;28\n"
    "     44;   8.2370;  52.9336;GROSSENKNETEN;202602;28;abc;28\n"
    "    917;   8.6;  49.9;DARMSTADT;202602;28;400.0;40\n"
    "   1420;   8.6;  50.0;FRANKFURT/MAIN;202607;31;0.0;0\n")


def test_bad_rows_are_named_with_line_column_value_and_nothing_is_stored(cstore):
    before = counts(cstore)
    preview, result = run(cstore, BAD_DWD.encode(), "gradtage_202602.csv")
    assert result is None and counts(cstore) == before
    rejected = preview.rejected_frame()
    assert rejected[["Zeile", "Spalte", "Wert", "Code"]].values.tolist() == [
        [6, "#ID", "99999", "unknown_station"],
        [7, "Monatsgradtage", "1200.5", "degree_days_out_of_range"],
        [8, "Monat", "202613", "bad_month"],
        [9, "Monatsgradtage", "abc", "not_a_number"],
        [10, "Anzahl Heiztage", "40", "heating_days_out_of_range"],
        [11, "Monat", "202607", "bad_month"],  # July 2026 has not ended on 1 July 2026
    ]
    message = rejected["Grund"].iloc[0]
    assert "Station „99999“ (in der Datei: NIRGENDWO)" in message and "Spalte „#ID“" in message
    assert "(Datei „gradtage_202602.csv“, Zeile 6)" in message and "--accept-rejections" in message
    assert "1200.5 Kd" in rejected["Grund"].iloc[1] and "zwischen 0 und 1.000 Kd" in rejected["Grund"].iloc[1]
    assert "3939, 02.2026" in rejected["Grund"].iloc[1] and "Zeile 7" in rejected["Grund"].iloc[1]
    assert "erwartet wird JJJJMM" in rejected["Grund"].iloc[2] and "vor 07.2026" in rejected["Grund"].iloc[2]
    # with --accept-rejections the valid row alone is stored
    preview, result = run(cstore, BAD_DWD.encode(), "gradtage_202602.csv", accept_rejections=True)
    assert result.records_stored == 1 and month_row(cstore, 2486, "2026-02")[:2] == (462.0, 28.0)
    assert month_row(cstore, 3939, "2026-02") is None


def test_bad_iwu_cells_reject_the_row_and_every_month_of_its_station(cstore):
    text = IWU.read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(";")
    column = header.index("M_2026_02")
    lines = [line.split(";") for line in text]
    hd_kl = next(i for i, cells in enumerate(lines) if cells[0] == "DE.MET.002486.HD_15")
    lines[hd_kl][column] = "28x"
    ta_ps = next(i for i, cells in enumerate(lines) if cells[0] == "DE.MET.003939.TA_15")
    lines[ta_ps][header.index("ID_Station")] = "39390"  # no such station
    data = ("\n".join(";".join(cells) for cells in lines) + "\n").encode("utf-8-sig")
    before = counts(cstore)
    preview, result = run(cstore, data, IWU.name)
    assert result is None and counts(cstore) == before
    assert preview.rejected_frame()[["Zeile", "Spalte", "Wert", "Code"]].values.tolist() == [
        [ta_ps + 1, "ID_Station", "39390", "unknown_station"], [hd_kl + 1, "M_2026_02", "28x", "not_a_number"]]
    assert preview.records == 0  # 2486: its HD_15 row is rejected; 3939: its TA_15 row


def test_a_station_month_twice_is_a_conflict_with_other_values_and_counted_once_with_the_same(cstore):
    lines = DWD_JAN.read_text().splitlines()
    kl = next(line for line in lines if "KAISERSLAUTERN" in line)
    same = "\n".join(lines + [kl]) + "\n"
    preview = prepare_import(cstore, same.encode(), DWD_JAN.name, None, settings=Settings(), today=TODAY).preview
    assert preview.rows_rejected == 0 and preview.duplicates_ignored == 1 and preview.records == 3
    other = "\n".join(lines + [kl.replace("541.2", "541.3")]) + "\n"
    preview = prepare_import(cstore, other.encode(), DWD_JAN.name, None, settings=Settings(), today=TODAY).preview
    assert preview.rejected_frame()[["Zeile", "Code"]].values.tolist() == [
        [6, "duplicate_conflict"], [9, "duplicate_conflict"]]
    assert "Zeilen 6, 9" in preview.rejected_frame()["Grund"].iloc[0] and preview.records == 2


def test_file_without_month_takes_it_from_its_name_and_else_says_what_is_missing(cstore):
    text = DWD_JAN.read_text().replace(";Monat ", "").replace(";202601", "")
    preview, result = run(cstore, text.encode(), "gradtage_202601.csv")
    assert result.records_stored == 3 and "Monat 01.2026 aus dem Dateinamen" in " ".join(texts.notes(preview.notes))
    from ktdash.ingest.pipeline import ImportFileError

    with pytest.raises(ImportFileError) as caught:
        run(cstore, text.encode(), "dwd.csv")
    assert caught.value.code == "degree_days_no_month" and "gradtage_JJJJMM.csv" in caught.value.message()


# --- re-import, undo, versions --------------------------------------------------------------------------------------

def test_reimport_of_the_same_file_changes_nothing_and_says_so(cstore):
    for path, unchanged in ((DWD_JAN, 3), (IWU, 574)):  # IWU: 2486 5 + 1 + 308 months, 3939 5 + 255
        assert run(cstore, path)[1] is not None
        before = counts(cstore)
        preview, result = run(cstore, path)
        assert result is None and preview.records == 0 and preview.summary["months_unchanged"] == unchanged
        assert preview.summary["months_new"] == preview.summary["months_replaced"] == 0
        assert f"Alle {unchanged} Monate der Datei sind bereits mit diesen Werten gespeichert" in " ".join(
            texts.notes(preview.notes))
        assert counts(cstore) == before


def test_undo_restores_the_replaced_shipped_value_exactly(cstore):
    shipped = cstore.execute("SELECT * FROM station_degree_days WHERE station_id = 2486 AND month = '2025-12-01'"
                             ).fetchone()
    assert shipped[2] == 496.0 and shipped[8] is None
    dwd = run(cstore, DWD_DEC)[1]
    iwu = run(cstore, IWU)[1]  # replaces the DWD value of December again (499.1)
    assert month_row(cstore, 2486, "2025-12")[0] == 499.1
    removed = undo_import(cstore, dwd.import_id, user="test")  # the earlier one first: the IWU value stays
    assert removed["station_degree_days"] == 0 and month_row(cstore, 2486, "2025-12")[0] == 499.1
    removed = undo_import(cstore, iwu.import_id, user="test")
    assert removed["station_degree_days"] == 11 and removed["restored_station_degree_days"] == 1
    assert cstore.execute("SELECT * FROM station_degree_days WHERE station_id = 2486 AND month = '2025-12-01'"
                          ).fetchone() == shipped
    assert month_row(cstore, 2486, "2026-01") is None
    assert cstore.execute("SELECT count(*) FROM station_degree_day_versions").fetchone()[0] == 0
    assert cstore.execute("SELECT status FROM imports ORDER BY import_id").fetchall() == [("undone",), ("undone",)]
    from ktdash.i18n import texts

    assert texts.undo_message(2, removed).startswith("Import 2 rückgängig gemacht: 11 Stationsmonate entfernt")


def test_undo_in_order_of_import_restores_the_shipped_value(cstore):
    shipped = month_row(cstore, 2486, "2025-12")
    dwd = run(cstore, DWD_DEC)[1]
    iwu = run(cstore, IWU)[1]
    undo_import(cstore, iwu.import_id, user="test")
    assert month_row(cstore, 2486, "2025-12")[:2] == (498.3, 31.0)  # the DWD value comes back
    undo_import(cstore, dwd.import_id, user="test")
    assert month_row(cstore, 2486, "2025-12") == shipped


def test_import_and_undo_are_audited_without_a_municipality(cstore):
    result = run(cstore, DWD_DEC)[1]
    undo_import(cstore, result.import_id, user="test")
    rows = cstore.execute("SELECT action, municipality_key, object, detail FROM audit_log "
                          "WHERE object <> 'climate_data' ORDER BY audit_id").fetchall()  # not the shipped data's row
    assert [(a, m, o) for a, m, o, _ in rows] == [("import", None, "1"), ("undo", None, "1")]
    assert '"old": 496.0' in rows[0][3] and '"new": 498.3' in rows[0][3]


# --- rights --------------------------------------------------------------------------------------------------------

def test_only_an_admin_imports_degree_days_and_a_refusal_changes_nothing(cstore):
    add_test_accounts(cstore)
    before = counts(cstore)
    for name in ("kusel", "gast"):
        with pytest.raises(NotAllowed) as caught:
            run(cstore, DWD_DEC, user=name)
        assert "Nicht erlaubt: Faktoren und Preise ändern" in caught.value.message()
        assert counts(cstore) == before
    result = run(cstore, DWD_DEC, user="agentur")[1]
    assert result.records_stored == 1
    with pytest.raises(NotAllowed):
        require_undo(cstore, get_user(cstore, "kusel"), result.import_id)
    require_undo(cstore, get_user(cstore, "agentur"), result.import_id)


# --- the yearly rollup follows ------------------------------------------------------------------------------------

def test_yearly_rollup_of_a_building_at_the_station_changes_with_the_import_and_back_with_undo(cstore):
    gas = "Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\nRathaus KL;Erdgas;2025;100.000;kWh\n"
    load = import_file(cstore, gas.encode(), "kl.csv", "Stadt Kaiserslautern", settings=Settings(), user="test")
    assert load[1] is not None
    climate.set_station(cstore, municipality_key="07312000", station_id=2486)

    def hdd():
        return cstore.execute("SELECT hdd_actual, station_id FROM yearly_rollup WHERE year = 2025").fetchone()

    shipped = cstore.execute("""SELECT sum(g20_15_kd) FROM station_degree_days WHERE station_id = 2486
                                AND year(month) = 2025""").fetchone()[0]
    assert hdd() == (pytest.approx(shipped), 2486) and shipped == pytest.approx(3137.0, abs=1)
    result = run(cstore, DWD_DEC)[1]
    assert hdd()[0] == pytest.approx(shipped - 496.0 + 498.3)
    undo_import(cstore, result.import_id, user="test")
    assert hdd()[0] == pytest.approx(shipped)


# --- command line and Import page ------------------------------------------------------------------------------------

def test_cli_imports_degree_days_without_a_municipality(tmp_path, monkeypatch, capsys):
    from ktdash.cli.main import main

    path = make_store_file(tmp_path / "cli.duckdb", accounts=True)
    con = open_store(path)
    climate.load_shipped_climate(con)
    con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("KTDASH_USER", "kusel")
    assert main(["import", str(DWD_DEC)]) == 2  # a manager: refused before anything is read
    assert "Faktoren und Preise ändern" in capsys.readouterr().err
    assert main(["import", str(DWD_DEC), "--municipality", "VG Kusel-Altenglan"]) == 2  # refused when storing
    assert "nur die Administration" in capsys.readouterr().err
    monkeypatch.setenv("KTDASH_USER", "agentur")
    assert main(["import", str(DWD_DEC)]) == 0
    out = capsys.readouterr().out
    assert "Datei: gradtage_202512.csv → Klimadaten für alle Kommunen\n" in out
    assert "Station 2486 Kaiserslautern: 0 neu, 1 ersetzt, 0 unverändert" in out
    assert "2486 12.2025: 496,0 → 498,3 Kd" in out and "Gespeichert: 1 Werte" in out
    assert main(["import", str(DWD_DEC)]) == 0
    assert "nichts gespeichert – alle Monate sind schon mit diesen Werten da" in capsys.readouterr().out
    assert main(["imports"]) == 0
    assert "alle Kommunen (Klimadaten)" in capsys.readouterr().out
    assert main(["undo", "1"]) == 0
    assert "1 Stationsmonate entfernt" in capsys.readouterr().out
    con = open_store(path)
    assert con.execute("SELECT g20_15_kd, import_id FROM station_degree_days WHERE station_id = 2486 "
                       "AND month = '2025-12-01'").fetchone() == (496.0, None)
    con.close()


@pytest.fixture
def page_store(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "seite.duckdb", accounts=True)
    con = open_store(path)
    climate.load_shipped_climate(con)
    con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def test_import_page_shows_the_degree_day_preview_and_stores_for_an_admin(page_store, monkeypatch):
    prepared = []  # the page's import session prepares once; confirming stores that preview (issue 16 point 3)
    real_prepare = pipeline.prepare_import
    monkeypatch.setattr(pipeline, "prepare_import", lambda *a, **k: prepared.append(1) or real_prepare(*a, **k))
    at = open_page("pages/import_daten.py", user="agentur", timeout=90)
    at.file_uploader[0].set_value((DWD_DEC.name, DWD_DEC.read_bytes(), "text/csv")).run()
    assert not at.exception and len(prepared) == 1
    cards = {m.label: m.value for m in at.metric}
    assert cards["Monate ersetzt"] == "1" and cards["Monate unverändert"] == "3" and cards["Stationen"] == "4"
    stations = next(d.value for d in at.dataframe if "unverändert" in d.value.columns)
    assert stations[["Station", "Name", "ersetzt"]].values.tolist()[1] == [2486, "Kaiserslautern", 1]
    changes = next(d.value for d in at.dataframe if "bisher (Kd)" in d.value.columns)
    assert changes[["Monat", "bisher (Kd)", "neu (Kd)"]].values.tolist() == [["12.2025", 496.0, 498.3]]
    assert not any(s.key == "map_0_#ID" for s in at.selectbox)  # no mapping form for a published format
    at.button(key="degree_days_confirm").click().run()
    assert not at.exception and len(prepared) == 1
    assert "Gespeichert: 1 Werte aus gradtage\\_202512.csv" in at.success[0].value
    con = open_store(page_store)
    assert con.execute("SELECT g20_15_kd FROM station_degree_days WHERE station_id = 2486 AND month = '2025-12-01'"
                       ).fetchone() == (498.3,)
    con.close()


def test_import_page_refuses_degree_days_to_a_manager(page_store):
    at = open_page("pages/import_daten.py", user="kusel", timeout=90)
    at.file_uploader[0].set_value((DWD_DEC.name, DWD_DEC.read_bytes(), "text/csv")).run()
    assert not at.exception
    assert "Nicht erlaubt: Faktoren und Preise ändern" in at.error[0].value
    assert not any(b.key == "degree_days_confirm" for b in at.button)


def test_english_import_page_shows_the_incomplete_months_in_english(page_store):
    """The library returns the incomplete months as data; the page words them in the reader's language."""
    at = open_page("pages/import_daten.py", lang="en", user="agentur", timeout=90)
    at.file_uploader[0].set_value((DWD_JAN.name, DWD_JAN.read_bytes(), "text/csv")).run()
    assert not at.exception
    stations = next(d.value for d in at.dataframe if len(d.value) == 4 and "Name" in d.value.columns)
    months = " ".join(str(v) for v in stations.iloc[:, -1])
    assert "2026-01 (no value)" in months and "2026-01 (77 %)" in months and "ohne Wert" not in months
