"""Hostile files (issue 15): XLSX bombs, DTDs, very wide CSVs and mixed encodings are refused within seconds with
a German message naming the file and the limit, through the library path the Import page uses and through
``ktdash import``, under ``prlimit --as=3G`` too; the store is unchanged and no traceback reaches the user.

The bombs are built here with zipfile's streaming writes (a 1.1 GB cell compresses to about 1 MB in ~3 s)."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import KUSEL, ROOT, TEST_PASSWORD, TODAY, make_store_file
from ktdash.ingest.pipeline import ImportFileError, inspect_file, prepare_import
from ktdash.core.formatting import markdown_escape
from ktdash.ingest import decode, limits
from ktdash.core.settings import LIMITS_ENV, ImportLimits, Settings
from ktdash.store.connection import connect

AS_LIMIT = 3 * 1024 ** 3  # prlimit --as=3G
SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
TABLES = ("buildings", "meters", "readings", "consumptions", "imports", "audit_log")
HEADER = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"


# --- building hostile files --------------------------------------------------------------------------------

def base_parts() -> dict[str, bytes]:
    """The parts of a small real workbook (openpyxl), to swap a sheet or add a part."""
    book = openpyxl.Workbook()
    book.active.append(["Liegenschaft", "Energieträger", "Monat", "Verbrauch", "Einheit"])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_xlsx(path: Path, parts: dict[str, bytes], streams: dict[str, object] | None = None) -> Path:
    """An XLSX archive of ``parts`` (bytes) and ``streams`` (callables writing a part in pieces)."""
    streams = streams or {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name not in streams:
                archive.writestr(name, data)
        for name, write in streams.items():
            with archive.open(name, "w") as part:
                write(part)
    return path


def sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{rows}</sheetData>'
            '</worksheet>').encode()


def huge_cell(part, n_bytes: int = 1_100 * 1024 ** 2) -> None:
    part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData><row r="1">'
               '<c r="A1" t="inlineStr"><is><t>'.encode())
    chunk = b"A" * (1 << 24)
    for _ in range(n_bytes // len(chunk)):
        part.write(chunk)
    part.write(b"</t></is></c></row></sheetData></worksheet>")


def huge_sheet(part, n_bytes: int = 1_100 * 1024 ** 2) -> None:
    part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'.encode())
    chunk = b"<row><c><v>1</v></c><c><v>2</v></c></row>" * (1 << 18)
    for _ in range(n_bytes // len(chunk)):
        part.write(chunk)
    part.write(b"</sheetData></worksheet>")


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    parts = base_parts()
    files = {
        # the attacker's 1.6 KB file: one cell, the dimension claims the whole sheet
        "dimension.xlsx": write_xlsx(folder / "dimension.xlsx", {
            **parts, SHEET: sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Liegenschaft</t></is></c></row>',
                                      "A1:XFD1048576")}),
        # the same with a real cell at XFD1048576: a table of 17 billion cells
        "far_cell.xlsx": write_xlsx(folder / "far_cell.xlsx", {
            **parts, SHEET: sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
                                      '<c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576")}),
        "huge_cell.xlsx": write_xlsx(folder / "huge_cell.xlsx", parts, {SHEET: huge_cell}),
        "huge_sheet.xlsx": write_xlsx(folder / "huge_sheet.xlsx", parts, {SHEET: huge_sheet}),
        "dtd.xlsx": write_xlsx(folder / "dtd.xlsx", {**parts, SHEET: sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>').replace(
            b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "Liegenschaft">]><worksheet', 1)}),
        "dtd_in_docprops.xlsx": write_xlsx(folder / "dtd_in_docprops.xlsx", {
            **parts, "docProps/app.xml": b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'}),
    }
    wide = ";".join(f"S{i}" for i in range(10_000))  # 58,890 characters a line
    files["wide_10000.csv"] = folder / "wide_10000.csv"
    files["wide_10000.csv"].write_text(wide + "\n" + ";".join("1" * 10_000) + "\n", encoding="utf-8")
    wider = ";".join(f"S{i}" for i in range(20_000))  # longer than a line may be: its cells are counted
    files["wide_20000.csv"] = folder / "wide_20000.csv"
    files["wide_20000.csv"].write_text(wider + "\n" + ";".join("1" * 20_000) + "\n", encoding="utf-8")
    # UTF-8 header (ä in line 1), Windows-1252 in line 4 (an editor's line numbers)
    files["mixed.csv"] = folder / "mixed.csv"
    files["mixed.csv"].write_bytes(HEADER.encode() + "Schule A;Strom;01.2024;10;kWh\n".encode()
                                   + "Schule A;Strom;02.2024;11;kWh\n".encode()
                                   + "Bürgerhaus;Strom;01.2024;10;kWh\n".encode("cp1252"))
    return files


# what each file must give: the error code and words of the German message
EXPECTED = {
    # the dimension is ignored: one cell read in a blink, no table
    "dimension.xlsx": ("no_header", ["keine Überschriftenzeile"]),
    "far_cell.xlsx": ("too_many_cells", ["KTDASH_MAX_CELLS", "50.000.000"]),
    "huge_cell.xlsx": ("xlsx_part_too_large", ["sheet1.xml", "1.088,0 MB", "256,0 MB", "KTDASH_XLSX_MAX_PART_MB"]),
    "huge_sheet.xlsx": ("xlsx_part_too_large", ["sheet1.xml", "256,0 MB", "KTDASH_XLSX_MAX_PART_MB"]),
    "dtd.xlsx": ("xlsx_dtd", ["XLSX mit DTD/Entitäten wird aus Sicherheitsgründen nicht gelesen", "sheet1.xml"]),
    "dtd_in_docprops.xlsx": ("xlsx_dtd", ["aus Sicherheitsgründen", "docProps/app.xml"]),
    "wide_20000.csv": ("too_many_columns", ["20.000 Spalten", "16.384", "KTDASH_MAX_COLUMNS"]),
    "mixed.csv": ("mixed_encoding", ["Zeile 4 ist in Windows-1252", "Zeile 1 in UTF-8"]),
}


def fingerprint(con) -> dict:
    """The store's content; audit rows of logins aside (the CLI logs in before it reads the file)."""
    where = {"audit_log": " WHERE action NOT IN ('login', 'login_failed')"}
    return {t: con.execute(f"SELECT count(*), hash(string_agg(CAST(t AS VARCHAR), '|' ORDER BY ALL)) "
                           f"FROM {t} t{where.get(t, '')}").fetchone() for t in TABLES}


# --- the library path of the Import page (inspect_file, prepare_import) -------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_path_refuses_each_hostile_file_in_seconds(bombs, store, name):
    code, words = EXPECTED[name]
    data = bombs[name].read_bytes()  # an upload: bytes in memory
    before = fingerprint(store)
    started = time.monotonic()
    if name == "dimension.xlsx":  # the page shows its one cell for the mapping form
        assert inspect_file(data, name, Settings()).sample == [["Liegenschaft"]]
    else:
        with pytest.raises(ImportFileError) as first:
            inspect_file(data, name, Settings())
        assert first.value.code == code, first.value.message()
    inspected = time.monotonic() - started
    started = time.monotonic()
    with pytest.raises(ImportFileError) as caught:  # the page's next step (and the CLI) refuse the same way
        prepare_import(store, data, name, KUSEL, settings=Settings(), today=TODAY)
    elapsed = max(inspected, time.monotonic() - started)
    assert caught.value.code == code, caught.value.message()
    message = caught.value.message("de")
    assert f"„{name}“" in message
    for word in words:
        assert word in message, message
    assert elapsed < 30, f"{name}: {elapsed:.1f} s"  # issue 15: refused in under 30 s (a few here)
    assert fingerprint(store) == before


def test_a_declared_size_that_lies_is_caught_while_decompressing(bombs, tmp_path, store):
    """The central directory claims 1 KB for the 1.1 GB sheet: decompression stops there (CRC) or at the cap."""
    data = bytearray(bombs["huge_sheet.xlsx"].read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
    real = info.file_size.to_bytes(4, "little")
    assert data.count(real) >= 1
    data = bytes(data).replace(real, (1024).to_bytes(4, "little"))
    with pytest.raises(ImportFileError) as caught:
        prepare_import(store, data, "luege.xlsx", KUSEL, settings=Settings(), today=TODAY)
    assert caught.value.code in ("not_a_table", "xlsx_part_too_large")
    capped = Settings(limits=ImportLimits(xlsx_max_part_mb=1, xlsx_max_ratio=1e9))
    with pytest.raises(ImportFileError) as caught:  # honest sizes, a small cap: refused on the bytes themselves
        limits.check_xlsx(bombs["huge_cell.xlsx"], "x.xlsx", capped.limits)
    assert caught.value.code == "xlsx_part_too_large"


@pytest.mark.slow
def test_the_memory_budget_is_enforced_in_the_child_process(tmp_path):
    """A sheet within the size limits whose reading needs more than the budget: refused, this process unmoved."""
    parts = base_parts()

    # one cell of 128 MB: within the part size, beyond the ratio (allowed here); the parser holds it whole
    path = write_xlsx(tmp_path / "speicher.xlsx", parts, {SHEET: lambda part: huge_cell(part, 128 * 1024 ** 2)})
    tight = ImportLimits(import_memory_mb=256, xlsx_max_ratio=1e9)
    started = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        decode.decode_file(path, "speicher.xlsx", 10**9, limits=tight)
    assert time.monotonic() - started < 30
    assert caught.value.code == "xlsx_memory", caught.value.message()
    assert "KTDASH_IMPORT_MEMORY_MB" in caught.value.message()


def test_caps_on_rows_columns_and_cells_stop_the_streaming_read(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>{"y" * 50}</t></is>'
                   f'</c></row>' for r in range(1, 101))
    path = write_xlsx(tmp_path / "t.xlsx", {**base_parts(), SHEET: sheet_xml(rows, "A1:XFD1048576")})
    for cap, code, words in ((ImportLimits(max_rows=50), "too_many_rows", ["51", "50", "KTDASH_MAX_ROWS"]),
                             (ImportLimits(max_columns=2, max_cells=150), "too_many_cells", ["KTDASH_MAX_CELLS"]),
                             (ImportLimits(max_cell_chars=40), "cell_too_long", ["B1", "50", "40"])):
        with pytest.raises(ImportFileError) as caught:
            decode.decode_file(path, "t.xlsx", 10**9, limits=cap)
        assert caught.value.code == code
        for word in words:
            assert word in caught.value.message()
    decoded = decode.decode_file(path, "t.xlsx", 10**9)  # within the defaults: read, the dimension ignored
    try:
        assert decoded.n_columns == 2 and len(decoded.sample) == 100
        assert stat.S_IMODE(decoded.text_path.stat().st_mode) == 0o600
    finally:
        decoded.cleanup()


def test_ten_thousand_columns_pass_the_limit_and_csv_rows_are_capped(bombs, store, tmp_path):
    decoded = decode.decode_file(bombs["wide_10000.csv"].read_bytes(), "w.csv", 10**9, limits=ImportLimits())
    try:
        assert decoded.n_columns == 10_000
        assert stat.S_IMODE(decoded.text_path.stat().st_mode) == 0o600
    finally:
        decoded.cleanup()
    started = time.monotonic()  # the page's first step: the sample for the mapping form
    inspection = inspect_file(bombs["wide_10000.csv"].read_bytes(), "w.csv", Settings())
    assert len(inspection.sample[0]) == 10_000 and inspection.sample[0][-1] == "S9999"
    assert time.monotonic() - started < 15
    many = (HEADER + "Schule A;Strom;01.2024;10;kWh\n" * 30).encode()
    for source in (many, tmp_path / "viele.csv"):  # converted (bytes) and read in place (a path, direct)
        (tmp_path / "viele.csv").write_bytes(many)
        with pytest.raises(ImportFileError) as caught:
            prepare_import(store, source, "viele.csv", KUSEL, settings=Settings(limits=ImportLimits(max_rows=20)),
                           today=TODAY)
        assert caught.value.code == "too_many_rows"


def test_an_import_bounds_duckdbs_memory_to_the_budget(store):
    store.execute("SET memory_limit = '64GiB'")
    prepare_import(store, (HEADER + "Schule A;Strom;01.2024;10;kWh\n").encode(), "klein.csv", KUSEL,
                   settings=Settings(limits=ImportLimits(import_memory_mb=1024)), today=TODAY)
    assert store.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "1.0 GiB"
    store.execute("SET memory_limit = '512MiB'")  # an operator's lower limit stays
    prepare_import(store, (HEADER + "Schule A;Strom;01.2024;10;kWh\n").encode(), "klein.csv", KUSEL,
                   settings=Settings(), today=TODAY)
    assert store.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "512.0 MiB"


def test_mixed_encoding_names_the_windows_1252_line_in_chunks_too(bombs, monkeypatch):
    data = bombs["mixed.csv"].read_bytes()
    with pytest.raises(ImportFileError) as whole:
        decode.decode_bytes(data, "m.csv")
    monkeypatch.setattr(decode, "CHUNK_BYTES", 7)
    with pytest.raises(ImportFileError) as chunked:
        decode.decode_file(data, "m.csv", 10**9)
    assert (whole.value.value, whole.value.detail) == (chunked.value.value, chunked.value.detail) == ("4", "1")


def test_sheet_names_come_from_the_workbook_part_alone(bombs):
    assert limits.sheet_names(bombs["huge_cell.xlsx"]) == ["Sheet"]
    with pytest.raises(ValueError):
        limits.sheet_names(b"PK\x03\x04 not an archive")


def test_every_limit_is_a_documented_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from ktdash.core import settings as settings_module

    for variable in LIMITS_ENV.values():
        assert f"``{variable}``" in settings_module.__doc__
        assert f"`{variable}`" in readme, variable
    assert Settings.from_env({"KTDASH_MAX_COLUMNS": "100"}).limits.max_columns == 100
    assert ImportLimits().max_columns == 16_384


# --- the command line and the page under prlimit --as=3G -----------------------------------------------------

def prlimit() -> list[str]:
    tool = shutil.which("prlimit")
    if tool is None:
        pytest.skip("util-linux prlimit is not installed")
    return [tool, f"--as={AS_LIMIT}"]


@pytest.fixture(scope="module")
def store_file(tmp_path_factory) -> Path:
    """A store with accounts and the shipped climate data (which the app's first visit would load)."""
    from ktdash.ingest.masterdata import ensure_reference_data
    from ktdash.store.connection import open_store

    path = make_store_file(tmp_path_factory.mktemp("store") / "ktdash.duckdb", accounts=True)
    con = open_store(path)
    try:
        ensure_reference_data(con, Settings().analytics)
    finally:
        con.close()
    return path


def store_state(path: Path) -> dict:
    con = connect(path, read_only=True)
    try:
        return fingerprint(con)
    finally:
        con.close()


@pytest.mark.slow
def test_cli_refuses_every_bomb_under_a_3_gb_address_space(bombs, store_file, tmp_path):
    """Every bomb in one ``ktdash import`` under the limit (one process start and login, not one a file): each
    file is refused with its own message, within 30 s of the one before it (the first: of the start), exit 2."""
    ktdash = Path(sys.executable).with_name("ktdash")
    before = store_state(store_file)
    env = {**os.environ, "KTDASH_DB": str(store_file), "KTDASH_PASSWORD": TEST_PASSWORD}
    names = sorted(EXPECTED)
    messages, times, lines = refusals(prlimit() + [str(ktdash), "import", *(str(bombs[n]) for n in names),
                                                   "--municipality", KUSEL, "--as", "agentur"], names, env, tmp_path)
    stderr = "\n".join(lines)
    assert messages["returncode"] == 2, (messages["returncode"], messages["stdout"], stderr)
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr
    for name in names:
        code, words = EXPECTED[name]
        assert name in messages, (name, stderr)  # its message names it: „name“
        for word in words:
            assert word in messages[name], (name, messages[name])
        assert times[name] < 30, times
    print("CLI refusal times (s):", times)
    assert store_state(store_file) == before


def refusals(command: list[str], names: list[str], env: dict, tmp_path: Path) -> tuple[dict, dict, list[str]]:
    """Run ``command`` and read its error output line by line as it comes: ({name: its message, "returncode",
    "stdout"}, {name: seconds since the message before, the first since the start}, the lines). A line belongs
    to the first file (in ``names`` order) it names as „name“ that has no message yet; a line naming none, to
    the message before it."""
    messages: dict = {}
    times: dict[str, float] = {}
    lines: list[str] = []
    with open(tmp_path / "stdout.txt", "w+", encoding="utf-8") as out:
        started = last = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, text=True, env=env)
        watchdog = threading.Timer(300, process.kill)  # a file that hangs ends the run (and fails the test)
        watchdog.start()
        try:
            current = None
            for line in process.stderr:
                lines.append(line.rstrip("\n"))
                named = next((n for n in names if f"„{n}“" in line and n not in messages), None)
                if named is not None:
                    now = time.monotonic()
                    current, times[named], last = named, round(now - last, 1), now
                    messages[named] = ""
                if current is not None:
                    messages[current] += line
            messages["returncode"] = process.wait()
        finally:
            watchdog.cancel()
            process.kill()
        out.seek(0)
        messages["stdout"] = out.read()
    assert time.monotonic() - started < 300, lines
    return messages, times, lines


PAGE_SCRIPT = r"""
import json, os, sys, time
sys.path.insert(0, {tests!r})
from streamlit.testing.v1 import AppTest
from conftest import session_token

results = {{}}
at = AppTest.from_file({app!r}, default_timeout=60)
at.session_state["auth_token"] = session_token("kusel")
at.run()
at.switch_page("pages/import_daten.py")
at.run()
for name, path in json.loads(sys.argv[1]).items():
    data = open(path, "rb").read()
    started = time.monotonic()
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    at.run()
    results[name] = {{"seconds": round(time.monotonic() - started, 1),
                     "errors": [e.value for e in at.error], "exceptions": [str(e.value) for e in at.exception]}}
print("RESULT" + json.dumps(results))
"""


@pytest.mark.slow
def test_page_refuses_every_bomb_under_a_3_gb_address_space(bombs, store_file, tmp_path):
    """The Import page (AppTest, in a process capped at 3 GB of address space), logged in as Kusel's manager."""
    script = tmp_path / "page.py"
    script.write_text(PAGE_SCRIPT.format(tests=str(ROOT / "tests"), app=str(ROOT / "app.py")), encoding="utf-8")
    before = store_state(store_file)
    names = {name: str(bombs[name]) for name in EXPECTED}
    done = subprocess.run(prlimit() + [sys.executable, str(script), json.dumps(names)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env={**os.environ, "KTDASH_DB": str(store_file)})
    assert "RESULT" in done.stdout, done.stderr[-3000:]
    results = json.loads(done.stdout.split("RESULT", 1)[1])
    print("Page refusal times (s):", {name: r["seconds"] for name, r in results.items()})
    for name, result in results.items():
        code, words = EXPECTED[name]
        assert not result["exceptions"], result
        assert result["seconds"] < 30, (name, result)
        assert len(result["errors"]) == 1, (name, result)
        assert f"„{markdown_escape(name)}“" in result["errors"][0]  # the file name escaped in the Markdown source
        message = result["errors"][0].replace("\\", "")  # as shown
        assert f"„{name}“" in message and "Traceback" not in message
        for word in words:
            assert word in message, (name, message)
        assert result["seconds"] < 30, (name, result)
    assert store_state(store_file) == before
