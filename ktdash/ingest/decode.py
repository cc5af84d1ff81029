"""Step 1 of an import: from the bytes of an upload to a UTF-8 table file DuckDB reads.

German Excel writes CSV in Windows-1252 ("CSV (Trennzeichen-getrennt)"), UTF-8
with BOM ("CSV UTF-8") or UTF-16 with tabs ("Unicode-Text"). DuckDB's
``read_csv`` knows UTF-8, UTF-16 and Latin-1 only, and Latin-1 turns ``€ „ “ –``
into control characters, so the encoding is decided here and UTF-8 is handed on.
XLSX is read with openpyxl (DuckDB's excel extension is not available offline)
and written out as CSV.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from .report import ImportFileError

SAMPLE_LINES = 200
DELIMITERS = (";", "\t", ",", "|")
MAX_LINE_CHARS = 100_000  # far above any table row; Python's csv module stops at 131,072 characters a field
# UTF-8 bytes of Ä Ö Ü ä ö ü ß € – „ “ ” ’ …: in a file that is not valid UTF-8 they mean a mix of encodings
UTF8_GERMAN = re.compile(rb"\xc3[\x84\x96\x9c\x9f\xa4\xb6\xbc]|\xe2\x82\xac|\xe2\x80[\x93\x99\x9c\x9d\x9e\xa6]")


@dataclass
class DecodedFile:
    file_name: str
    sha256: str
    size: int
    encoding: str  # what the bytes were: utf-8, utf-8-sig, utf-16, cp1252, xlsx
    delimiter: str
    text_path: Path  # UTF-8 file for DuckDB, blank lines kept as empty rows
    n_columns: int  # widest line in the sample
    sample: list[list[str]]  # the first lines, split into cells
    sheet: str | None = None


def decode_bytes(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding name) — raises ImportFileError for binary or undecodable files."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", file_name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", file_name), "utf-16"
    head = data[:4096]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without BOM: every other byte is NUL for Latin text
        zeros_odd = head[1::2].count(b"\x00")
        zeros_even = head[0::2].count(b"\x00")
        if zeros_odd > len(head) // 3:
            return _decode(data, "utf-16-le", file_name), "utf-16"
        if zeros_even > len(head) // 3:
            return _decode(data, "utf-16-be", file_name), "utf-16"
    if b"\x00" in head:
        raise ImportFileError("binary", file_name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = UTF8_GERMAN.search(data)
    if mixed:  # partly UTF-8, partly Windows-1252 (lines pasted together from two exports)
        raise ImportFileError("mixed_encoding", file_name, value=str(data[:mixed.start()].count(b"\n") + 1))
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, "cp1252"


def _decode(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError("encoding", file_name, detail=str(exc)) from exc


def _control_chars_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t") or c == "\ufffd")
    return bad / len(sample)


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter whose count per line is most often the same and ≥ 1 on the sample."""
    best, best_score = None, 0.0
    for delimiter in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines if line.strip()]
        counts = [c for c in counts if c > 0]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        # lines agreeing with the mode, weighted by the width (tables have several columns)
        score = counts.count(mode) * (1 + min(mode, 12) / 12)
        if score > best_score:
            best, best_score = delimiter, score
    return best or ";"


def xlsx_to_rows(data: bytes, file_name: str, sheet: str | None) -> tuple[list[list[str]], str]:
    """Rows of one sheet as text cells (numbers with a decimal point, dates ISO)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise ImportFileError("not_a_table", file_name, detail=str(exc)) from exc
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise ImportFileError("no_sheet", file_name, value=sheet, detail=", ".join(book.sheetnames))
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        return rows, ws.title
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def decode_file(data: bytes, file_name: str, max_bytes: int, sheet: str | None = None,
                workdir: Path | None = None) -> DecodedFile:
    """Check the file as a whole and write it as UTF-8 for DuckDB.

    Raises :class:`ImportFileError` for empty, too large, binary and non-table files.
    """
    if len(data) == 0 or not data.strip():
        raise ImportFileError("empty", file_name)
    if len(data) > max_bytes:
        raise ImportFileError("too_large", file_name, value=f"{len(data) / 1048576:.1f}",
                              detail=f"{max_bytes / 1048576:.0f}")
    sha256 = hashlib.sha256(data).hexdigest()
    workdir = Path(workdir or tempfile.mkdtemp(prefix="ktdash-import-"))
    text_path = workdir / "upload.csv"

    if data[:4] == b"PK\x03\x04":
        if not _is_xlsx(data):
            raise ImportFileError("not_a_table", file_name)
        rows, sheet_name = xlsx_to_rows(data, file_name, sheet)
        rows = [r for r in rows]
        if not any(any(c.strip() for c in r) for r in rows):
            raise ImportFileError("empty", file_name)
        with text_path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)
        n_columns = max(len(r) for r in rows)
        return DecodedFile(file_name, sha256, len(data), "xlsx", ";", text_path, n_columns,
                           rows[:SAMPLE_LINES], sheet_name)
    if data[:5] == b"%PDF-" or data[:4] in (b"\x89PNG", b"\xd0\xcf\x11\xe0") or data[:3] == b"\xff\xd8\xff":
        raise ImportFileError("binary", file_name)

    text, encoding = decode_bytes(data, file_name)
    if _control_chars_ratio(text) > 0.01:
        raise ImportFileError("binary", file_name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    too_long = re.search(f"[^\n]{{{MAX_LINE_CHARS + 1}}}", text)
    if too_long:
        raise ImportFileError("line_too_long", file_name, value=str(text.count("\n", 0, too_long.start()) + 1),
                              detail=f"{MAX_LINE_CHARS:,}".replace(",", "."))
    lines = text.split("\n", SAMPLE_LINES + 1)[:SAMPLE_LINES]
    delimiter = detect_delimiter(lines)
    # DuckDB skips blank lines; a lone delimiter keeps each physical line a row,
    # so row numbers stay file line numbers.
    text = re.sub(r"(?m)^[ \t]*$", delimiter if delimiter != "\t" else "\t", text.rstrip("\n"))
    text_path.write_text(text + "\n", encoding="utf-8")
    sample = list(csv.reader(lines, delimiter=delimiter))
    n_columns = max((len(r) for r in sample), default=0)
    if n_columns < 2:
        raise ImportFileError("not_a_table", file_name)
    return DecodedFile(file_name, sha256, len(data), encoding, delimiter, text_path, n_columns, sample)


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
