"""A corpus of bad files: each gets a clear German error (stable code) or row rejections, and the store is
unchanged; odd but valid names (formulas, SQL, right-to-left, emoji) are stored verbatim and exported safely."""

from __future__ import annotations

import io
import os

import openpyxl
import pytest

from conftest import KUSEL, TODAY
from ktdash.store import queries
from ktdash.output.exports.tables import excel_xlsx, german_csv
from ktdash.ingest.pipeline import ImportFileError, import_file

HEADER = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
ROWS = "Schule Ä;Strom;01.2024;10;kWh\nSchule Ä;Strom;02.2024;11,5;kWh\n"
TABLES = ("buildings", "meters", "readings", "consumptions", "imports", "monthly_rollup", "yearly_rollup",
          "store_state")


def fingerprint(store) -> dict:
    return {t: store.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def try_import(store, settings, data: bytes, name: str = "datei.csv"):
    return import_file(store, data, name, KUSEL, settings=settings, user="test", today=TODAY)


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FAR = HEADER + "".join(f"Schule A;Strom;{m:02d}.{y};10;kWh\n" for y in range(2000, 2024) for m in range(1, 13))
FILE_ERRORS = {
    "empty": (b"", "empty"),
    "only_whitespace": (b" \r\n\r\n", "empty"),
    "only_header": (HEADER.encode(), "header_only"),
    "utf16_without_bom_cut_in_a_character": ((HEADER + ROWS).encode("utf-16-le")[:-1], "encoding"),
    "cp1252_with_utf8_bytes": (HEADER.encode("cp1252") + "Bürgerhaus;Strom;01.2024;10;kWh\n".encode()
                               + "Schule Ö;Strom;01.2024;10;kWh\n".encode("cp1252"), "mixed_encoding"),
    "nul_bytes": ((HEADER + "Schule A;Strom;01.2024;1\x000;kWh\n").encode(), "binary"),
    "one_mb_cell_as_value": ((HEADER + "Schule A;Strom;01.2024;" + "9" * 1_000_000 + ";kWh\n").encode(),
                             "line_too_long"),
    "one_mb_cell_as_name": ((HEADER + ROWS + "S" * 1_000_000 + ";Strom;03.2024;10;kWh\n").encode(),
                            "line_too_long"),
    "xlsx_cut_in_half": (None, "not_a_table"),
}


@pytest.mark.parametrize("case", sorted(FILE_ERRORS))
def test_unreadable_files_get_one_german_message_and_change_nothing(store, settings, case):
    data, code = FILE_ERRORS[case]
    name = "datei.csv"
    if case == "xlsx_cut_in_half":
        whole = xlsx([["Liegenschaft", "Energieträger", "Monat", "Verbrauch", "Einheit"]]
                     + [["Schule X", "Strom", f"{m:02d}.2024", 10 + m, "kWh"] for m in range(1, 13)])
        data, name = whole[: len(whole) // 2], "datei.xlsx"
    before = fingerprint(store)
    with pytest.raises(ImportFileError) as error:
        try_import(store, settings, data, name)
    assert error.value.code == code
    message = error.value.message()
    assert f"„{name}“" in message and len(message) < 400  # names the file, never dumps the content
    assert fingerprint(store) == before


ROW_REJECTIONS = {
    # cut in the middle of a row: the last row lacks its value and unit
    "cut_in_a_row": (HEADER + ROWS + "Schule A;Str", {"missing_value", "unknown_carrier"}),
    # cut inside a quoted field: the rest of the file is one open field
    "cut_in_a_quoted_field": (HEADER + ROWS + '"Schule B;Strom;03.2024;1', {"missing_value"}),
    # a NUL byte after the first 4 KB is a bad number of that row
    "nul_byte_deep_in_the_file": (FAR + "Schule A;Strom;01.2024;1\x000;kWh\n", {"not_a_number"}),
    # an unquoted SQL-looking name is split at its semicolons: a row of wrong cells, nothing runs
    "sql_unquoted": (HEADER + "Rathaus'); DROP TABLE readings;--;Strom;01.2024;10;kWh\n",
                     {"invalid_date", "not_a_number", "unknown_carrier", "unknown_unit"}),
}


@pytest.mark.parametrize("case", sorted(ROW_REJECTIONS))
def test_damaged_rows_are_rejected_with_stable_codes_and_nothing_is_stored(store, settings, case):
    content, codes = ROW_REJECTIONS[case]
    before = fingerprint(store)
    preview, result = try_import(store, settings, content.encode())
    assert result is None and preview.rows_rejected == 1
    assert set(preview.rejected["code"]) == codes
    assert fingerprint(store) == before
    assert store.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'readings'").fetchone()[0] == 1


def test_utf16_without_bom_is_read_like_with_bom(store, settings):
    preview, result = try_import(store, settings, (HEADER + ROWS).encode("utf-16-le"))
    assert result is not None and preview.encoding == "utf-16"
    assert preview.buildings == ["Schule Ä"] and preview.records == 2


NAMES = {
    "formula_equals": '=HYPERLINK("http://example.org";"klick")',
    "formula_plus": "+49 6381 1234",
    "formula_minus": "-2+3",
    "formula_at": "@SUMME(A1:A9)",
    "sql": "Rathaus'); DROP TABLE readings;--",
    "sql_double_quote": 'Schule "X"; DELETE FROM buildings',
    "right_to_left": "مبنى البلدية",
    "hebrew_with_emoji": "בית ספר 👩‍🏫",
    "emoji": "Freibad 🏊‍♀️☀️",
    "combining_and_rtl_mark": "Kita Sonnenschein\u200f e\u0301",
}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def test_odd_names_are_stored_and_read_back_verbatim(store, settings):
    content = HEADER + "".join(f"{quoted(name)};Strom;01.2024;10;kWh\n" for name in NAMES.values())
    preview, result = try_import(store, settings, content.encode())
    assert result is not None, preview.rejected_frame().to_string()
    stored = {r[0] for r in store.execute("SELECT name FROM buildings").fetchall()}
    assert stored == set(NAMES.values())
    tables = {r[0] for r in store.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"readings", "buildings", "consumptions"} <= tables
    assert store.execute("SELECT count(*) FROM consumptions").fetchone()[0] == len(NAMES)
    assert set(queries.building_list(store)["building"]) == set(NAMES.values())  # as the pages read them


def test_formula_names_are_neutralised_in_csv_and_xlsx_exports(store, settings):
    formulas = [NAMES[k] for k in NAMES if k.startswith("formula_")]
    content = HEADER + "".join(f"{quoted(name)};Strom;01.2024;10;kWh\n" for name in formulas)
    try_import(store, settings, content.encode())
    frame = store.execute("SELECT name AS Gebäude, floor_area_m2 FROM buildings ORDER BY name").df()
    assert sorted(frame["Gebäude"]) == sorted(formulas)

    csv_text = german_csv(frame).decode("utf-8-sig")
    cells = [line.split(";")[0] for line in csv_text.splitlines()[1:]]
    assert all(cell.strip('"').startswith("'") for cell in cells), cells

    book = openpyxl.load_workbook(io.BytesIO(excel_xlsx(frame)))
    values = [row[0] for row in book.active.iter_rows(min_row=2, values_only=False)]
    assert all(cell.data_type == "s" and cell.value.startswith("'") for cell in values)
    assert sorted(cell.value[1:] for cell in values) == sorted(formulas)


def test_a_file_name_with_dot_dot_is_never_used_as_a_path(store, settings, tmp_path, monkeypatch):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    name = "../../../etc/passwd.csv"
    preview, result = try_import(store, settings, (HEADER + ROWS).encode(), name)
    assert result is not None and preview.file_name == name
    assert store.execute("SELECT file_name FROM imports").fetchall() == [(name,)]
    assert sorted(os.listdir(tmp_path)) == ["a"] and os.listdir(work) == []
    with pytest.raises(ImportFileError) as error:  # an unreadable file names it as given, nothing is written
        try_import(store, settings, b"", "../../x.csv")
    assert error.value.code == "empty" and "„../../x.csv“" in error.value.message()
    assert sorted(os.listdir(tmp_path)) == ["a"] and os.listdir(work) == []
