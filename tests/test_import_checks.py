"""Rejected rows (stable codes, line, column, value), bad files, re-imports, transactions."""

from __future__ import annotations

import pytest

from conftest import KUSEL, TODAY, yearly
from ktdash.output.exports.tables import rejected_rows_csv
from ktdash.ingest.pipeline import ImportFileError, commit_import, import_file, prepare_import

HEADER = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"


def store_fingerprint(store) -> tuple:
    """Everything an import may change."""
    tables = ("buildings", "meters", "readings", "consumptions", "imports", "monthly_rollup", "store_state")
    return tuple(store.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables)


def rejections(preview) -> list[tuple]:
    return [tuple(r) for r in preview.rejected[["line_no", "column_name", "value", "code"]].itertuples(index=False)]


def test_text_where_a_number_belongs(prepare):
    preview = prepare(HEADER + "A;Strom;01.2024;12,5\nA;Strom;02.2024;zwölf;kWh\n").preview
    assert rejections(preview) == [(3, "Verbrauch", "zwölf", "not_a_number")]
    message = preview.rejected_frame().iloc[0]["Grund"]
    assert "„zwölf“" in message and "keine Zahl" in message
    assert preview.rows_valid == 1 and preview.records == 1


def test_impossible_and_future_dates(prepare):
    content = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\n"
               "A;1;Strom;31.02.2024;10\nA;1;Strom;01.03.2024;20\nA;1;Strom;01.02.2027;30\n")
    preview = prepare(content).preview
    assert rejections(preview) == [(2, "Ablesedatum", "31.02.2024", "invalid_date"),
                                   (4, "Ablesedatum", "01.02.2027", "future_date")]


def test_negative_consumption(prepare):
    preview = prepare(HEADER + "A;Strom;01.2024;-5;kWh\n").preview
    assert rejections(preview) == [(2, "Verbrauch", "-5", "negative_value")]


def test_unknown_carrier_and_unit_and_unit_not_fitting_the_carrier(prepare):
    preview = prepare(HEADER + "A;Kohle;01.2024;5;kWh\nA;Strom;01.2024;5;Fässer\nA;Strom;02.2024;5;m³\n").preview
    assert rejections(preview) == [(2, "Energieträger", "Kohle", "unknown_carrier"),
                                   (3, "Einheit", "Fässer", "unknown_unit"),
                                   (4, "Einheit", "m³", "unit_not_convertible")]
    assert "Strom" in preview.rejected_frame().iloc[2]["Grund"]


def test_readings_going_backwards_without_new_meter_number(prepare):
    content = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\n"
               "A;Z1;Strom;01.01.2024;1.000\nA;Z1;Strom;01.02.2024;900\nA;Z1;Strom;01.03.2024;1.200\n")
    preview = prepare(content).preview
    assert rejections(preview) == [(3, "Zählerstand", "900", "reading_backwards")]
    assert "1000" in preview.rejected_frame().iloc[0]["Grund"].replace(".", "")


def test_readings_backwards_against_stored_readings(load, prepare):
    load("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\nA;Z1;Strom;01.01.2024;1000\n"
         "A;Z1;Strom;01.03.2024;1200\n")
    preview = prepare("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\n"
                      "A;Z1;Strom;01.02.2024;1300\nA;Z1;Strom;01.04.2024;1100\n").preview
    assert [r[3] for r in rejections(preview)] == ["reading_backwards", "reading_backwards"]


def test_same_key_twice_with_different_values(prepare):
    preview = prepare(HEADER + "A;Strom;01.2024;10;kWh\nA;Strom;01.2024;11;kWh\nA;Strom;02.2024;5;kWh\n"
                      "A;Strom;02.2024;5;kWh\n").preview
    assert rejections(preview) == [(2, "Verbrauch", "10", "duplicate_conflict"),
                                   (3, "Verbrauch", "11", "duplicate_conflict")]
    assert preview.duplicates_ignored == 1 and preview.records == 1


def test_overlapping_periods_would_count_twice(load, prepare):
    load("Liegenschaft;Energieträger;Jahr;Verbrauch\nA;Strom;2024;1200\n")
    preview = prepare(HEADER + "A;Strom;03.2024;100;kWh\nA;Strom;03.2025;100;kWh\n").preview
    assert rejections(preview) == [(2, "Verbrauch", "100", "period_overlap")]


def test_period_consumption_where_meter_data_exist(load, prepare):
    load("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\nA;Z1;Strom;01.01.2024;0\n"
         "A;Z1;Strom;01.03.2024;200\n")
    preview = prepare(HEADER + "A;Strom;02.2024;100;kWh\nA;Strom;05.2024;100;kWh\n").preview
    assert rejections(preview) == [(2, "Verbrauch", "100", "overlaps_meter_data")]
    readings = prepare("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\nA;Z1;Strom;15.05.2024;300\n")
    assert preview.rows_valid == 1
    # the other way round is caught too, once the period is stored
    assert readings.preview.rows_rejected == 0


def test_missing_building_value(prepare):
    preview = prepare(HEADER + ";Strom;01.2024;10;kWh\n").preview
    assert rejections(preview) == [(2, "Liegenschaft", None, "missing_value")]


def test_unknown_category(prepare):
    preview = prepare("Liegenschaft;Kategorie;Fläche m²\nA;Raumstation;100\n").preview
    assert rejections(preview) == [(2, "Kategorie", "Raumstation", "unknown_category")]


def test_rejected_rows_download_is_german_excel_csv(prepare):
    preview = prepare(HEADER + "A;Strom;01.2024;=1+2;kWh\n").preview
    data = rejected_rows_csv(preview)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Zeile;Spalte;Wert;Code;Grund"
    assert "2;Verbrauch;'=1+2;not_a_number;" in text


def test_a_file_with_rejections_changes_nothing_until_accepted(store, settings):
    data = (HEADER + "A;Strom;01.2024;10;kWh\nA;Strom;02.2024;x;kWh\n").encode()
    before = store_fingerprint(store)
    preview, result = import_file(store, data, "f.csv", KUSEL, settings=settings, user="t", today=TODAY)
    assert result is None and preview.rows_rejected == 1
    assert store_fingerprint(store) == before
    preview, result = import_file(store, data, "f.csv", KUSEL, settings=settings, user="t", today=TODAY,
                                  accept_rejections=True)
    assert result.records_stored == 1
    assert yearly(store) == {("A", "Strom", 2024): 10.0}


def test_reimporting_the_same_file_changes_nothing_and_reports_replacements(store, load):
    content = HEADER + "A;Strom;01.2024;10;kWh\nA;Strom;02.2024;20;kWh\n"
    load(content)
    before = yearly(store)
    preview = load(content)
    assert preview.records_replaced == 2 and preview.records_changed == 0
    assert yearly(store) == before == {("A", "Strom", 2024): 30.0}
    preview = load(HEADER + "A;Strom;02.2024;25;kWh\n")
    assert preview.records_replaced == 1 and preview.records_changed == 1
    assert yearly(store) == {("A", "Strom", 2024): 35.0}
    assert store.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 2


def test_reimporting_readings_replaces_by_meter_and_timestamp(store, load):
    content = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand\n"
               "A;Z1;Strom;01.01.2024;100\nA;Z1;Strom;01.02.2024;300\n")
    load(content)
    preview = load(content)
    assert preview.records_replaced == 2
    assert store.execute("SELECT count(*) FROM readings").fetchone()[0] == 2
    assert yearly(store) == {("A", "Strom", 2024): 200.0}


def test_import_is_one_transaction(store, prepare, monkeypatch):
    """A failure inside the commit leaves the store as it was."""
    from ktdash.analytics import rollup

    prepared = prepare(HEADER + "A;Strom;01.2024;10;kWh\n")
    before = store_fingerprint(store)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rollup, "refresh", broken)
    with pytest.raises(RuntimeError):
        commit_import(store, prepared, "t")
    assert store_fingerprint(store) == before


@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    ("Liegenschaft;Energieträger;Monat;Verbrauch\n".encode(), "header_only"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (b"\x00\x01\x02\x03\x04binary\x00\x00\xff", "binary"),
    ("Dies ist ein Brief.\nMit freundlichen Grüßen\n".encode(), "not_a_table"),
    ("Name;Telefon\nMüller;0631\n".encode(), "no_header"),
    (b"PK\x03\x04not really a zip", "not_a_table"),
])
def test_bad_files_get_one_clear_message_and_change_nothing(store, settings, data, code):
    before = store_fingerprint(store)
    with pytest.raises(ImportFileError) as info:
        prepare_import(store, data, "export.csv", KUSEL, settings=settings, today=TODAY)
    assert info.value.code == code
    assert "„export.csv“" in info.value.message()
    assert store_fingerprint(store) == before


def test_too_large_file(store, settings):
    settings.max_upload_mb = 0.001
    with pytest.raises(ImportFileError) as info:
        prepare_import(store, (HEADER + "A;Strom;01.2024;10;kWh\n" * 100).encode(), "gross.csv", KUSEL,
                       settings=settings)
    assert info.value.code == "too_large" and "gross.csv" in info.value.message()


def test_unknown_municipality(store, settings):
    with pytest.raises(ImportFileError) as info:
        prepare_import(store, b"a;b\n1;2\n", "x.csv", "Atlantis", settings=settings)
    assert info.value.code == "unknown_municipality"


def test_missing_required_column_names_the_column(prepare):
    with pytest.raises(ImportFileError) as info:
        prepare("Liegenschaft;Zählernummer;Zählerstand\nA;1;100\n")
    assert info.value.code == "missing_column"
    assert "Datum" in info.value.message()


def test_new_buildings_are_created_in_the_chosen_municipality(store, load):
    preview = load(HEADER + "Neubau;Strom;01.2024;10;kWh\n", municipality="073365002")
    assert preview.new_buildings == ["Neubau"]
    row = store.execute("SELECT municipality_key, category, floor_area_m2 FROM buildings").fetchone()
    assert row == ("073365002", "Sonstiges", None)
    # the same name in another municipality is another building (once confirmed: issue 13)
    load(HEADER + "Neubau;Strom;01.2024;10;kWh\n", confirm_municipality=True)
    assert store.execute("SELECT count(*) FROM buildings").fetchone()[0] == 2
