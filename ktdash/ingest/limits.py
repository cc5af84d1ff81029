"""Resource limits of an import, checked before anything parses a file (issue 15).

Every file of every import path (readings, load profiles, degree days, campaigns; the Import page and
``ktdash import``) passes :func:`ktdash.ingest.decode.decode_file`, which calls the checks here:

- an XLSX file is a ZIP archive: the number of its parts, each part's and all parts' uncompressed size and
  each part's compression ratio are checked on the sizes the archive declares, then again on the bytes
  while every part is decompressed once in chunks (a declared size may lie); a DTD or entity declaration in
  any XML part refuses the file. Only then is the sheet read, in a child process
  (:mod:`ktdash.ingest.xlsx_worker`) whose address space is capped at the memory budget
  (``RLIMIT_AS``), with a wall-clock timeout, streaming with caps on rows, columns and cell length; the
  sheet's declared ``<dimension>`` is never used. Whatever it does, the dashboard process does not grow and
  other sessions keep their CPU (the child runs at a lower priority).
- a CSV file's columns (widest line of the first lines), rows (line feeds, counted on the bytes) and line
  length are checked before DuckDB reads it; DuckDB's ``memory_limit`` is lowered to the budget for imports.

The limits are settings (:class:`ktdash.core.settings.ImportLimits`, environment ``KTDASH_…``).
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.parsers import expat

from ktdash.core.formatting import format_number
from ktdash.store.connection import FILE_MODE
from ktdash.ingest.results import ImportFileError

READ_BYTES = 1 << 20
RATIO_FROM_BYTES = 1 << 20  # a part smaller than this may be compressed as much as it likes (empty styles)
DTD_MARKERS = tuple(marker.encode(codec) for marker in ("<!DOCTYPE", "<!ENTITY")
                    for codec in ("utf-8", "utf-16-le", "utf-16-be"))
XML_SUFFIXES = (".xml", ".rels", ".vml")
WORKER = Path(__file__).with_name("xlsx_worker.py")


def mb(n_bytes: float) -> str:
    """Megabytes with one decimal, German (``1.126,4``)."""
    return format_number(n_bytes / 1048576, 1, "de")


def number(n: int | float) -> str:
    """A whole number with German thousands separators (``16.384``)."""
    return format_number(int(n), 0, "de")


def private_file(path: Path) -> Path:
    """Create (or empty) ``path`` readable by its owner only (0600), whatever the umask; returns it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)
    return path


# --- ZIP archives -----------------------------------------------------------------------------------------

def _entry_count(source) -> int | None:
    """Number of entries the End of Central Directory record declares (None: no such record), read before
    :class:`zipfile.ZipFile` builds an object per entry (``source``: a path or bytes)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        tail = bytes(source[-65557:])
    else:
        with Path(source).open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 65557))
            tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    return 1 << 32 if entries == 0xFFFF else entries  # ZIP64: more than an XLSX ever has


def _open_zip(source, file_name: str, limits) -> zipfile.ZipFile:
    entries = _entry_count(source)
    if entries is None:
        raise ImportFileError("not_a_table", file_name)
    if entries > limits.xlsx_max_parts:
        raise ImportFileError("xlsx_too_many_parts", file_name, value=number(entries) if entries < 1 << 32
                              else "> 65.535", detail=number(limits.xlsx_max_parts))
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError("not_a_table", file_name, detail=str(exc)) from exc


def check_xlsx(path: Path, file_name: str, limits) -> None:
    """Refuse an XLSX archive beyond the limits or with a DTD/entity in an XML part (ImportFileError)."""
    part_cap = int(limits.xlsx_max_part_mb * 1048576)
    total_cap = int(limits.xlsx_max_total_mb * 1048576)
    with _open_zip(path, file_name, limits) as archive:
        infos = archive.infolist()
        if len(infos) > limits.xlsx_max_parts:
            raise ImportFileError("xlsx_too_many_parts", file_name, value=number(len(infos)),
                                  detail=number(limits.xlsx_max_parts))
        total = 0
        for info in infos:  # first what the archive declares: refused without decompressing a byte
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
                raise ImportFileError("xlsx_unsupported_zip", file_name, column=info.filename)
            _check_part(file_name, info.filename, info.file_size, info.compress_size, part_cap, limits)
            total += info.file_size
            if total > total_cap:
                raise ImportFileError("xlsx_total_too_large", file_name, value=mb(total),
                                      detail=mb(total_cap))
        total = 0
        for info in infos:  # then the bytes themselves, once, in chunks: sizes and DTDs
            xml = info.filename.lower().endswith(XML_SUFFIXES)
            seen, carry = 0, b""
            try:
                with archive.open(info) as part:
                    while chunk := part.read(READ_BYTES):
                        seen += len(chunk)
                        total += len(chunk)
                        _check_part(file_name, info.filename, seen, info.compress_size, part_cap, limits)
                        if total > total_cap:
                            raise ImportFileError("xlsx_total_too_large", file_name, value=mb(total),
                                                  detail=mb(total_cap))
                        if xml:
                            window = carry + chunk
                            if any(marker in window for marker in DTD_MARKERS):
                                raise ImportFileError("xlsx_dtd", file_name, column=info.filename)
                            carry = window[-24:]
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:  # CRC, cut, lying
                raise ImportFileError("not_a_table", file_name, detail=str(exc)) from exc


def _check_part(file_name: str, part: str, size: int, compressed: int, part_cap: int, limits) -> None:
    if size > part_cap:
        raise ImportFileError("xlsx_part_too_large", file_name, value=mb(size), detail=mb(part_cap), column=part)
    if size > RATIO_FROM_BYTES and size > limits.xlsx_max_ratio * max(compressed, 1):
        raise ImportFileError("xlsx_ratio", file_name, value=number(size / max(compressed, 1)),
                              detail=number(limits.xlsx_max_ratio), column=part)


class _Refused(Exception):
    pass


def sheet_names(source, limits=None) -> list[str]:
    """The sheet names of an XLSX workbook (bytes or a path), in order, read from ``xl/workbook.xml`` with a
    streaming parser that refuses DTDs and stops at the part-size cap; ValueError when they cannot be read."""
    from ktdash.core.settings import ImportLimits

    limits = limits or ImportLimits()
    if not isinstance(source, (bytes, bytearray, memoryview)):
        source = Path(source)
    names: list[str] = []
    parser = expat.ParserCreate()

    def refuse(*_args):
        raise _Refused("DTD")

    def start(tag, attributes):
        if tag.rpartition(":")[2] == "sheet" and "name" in attributes:
            if len(names) >= limits.xlsx_max_parts:
                raise _Refused("too many sheets")
            names.append(attributes["name"])

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    cap = int(limits.xlsx_max_part_mb * 1048576)
    try:
        with _open_zip(source, "", limits) as archive, archive.open("xl/workbook.xml") as part:
            seen = 0
            while chunk := part.read(READ_BYTES):
                seen += len(chunk)
                if seen > cap:
                    raise _Refused("too large")
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (_Refused, ImportFileError, KeyError, OSError, zipfile.BadZipFile, expat.ExpatError, EOFError,
            RuntimeError) as exc:
        raise ValueError(str(exc)) from exc
    return names


# --- the sheet, read in a child process ---------------------------------------------------------------------

def read_sheet(path: Path, file_name: str, sheet: str | None, out_csv: Path, limits) -> dict:
    """Rows of one sheet written to ``out_csv`` by :mod:`.xlsx_worker` in a child process with the memory
    budget and timeout; returns its result (sheet, n_columns, sample) or raises ImportFileError."""
    result_path = private_file(out_csv.with_suffix(".json"))
    private_file(out_csv)
    job = {"path": str(path), "sheet": sheet, "out": str(out_csv), "result": str(result_path),
           "max_rows": limits.max_rows, "max_columns": limits.max_columns,
           "max_cell_chars": limits.max_cell_chars, "max_cells": limits.max_cells,
           "memory_bytes": int(limits.import_memory_mb * 1048576)}
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "LANG", "LC_ALL", "TMPDIR")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # openpyxl wherever this process finds it
    try:
        done = subprocess.run([sys.executable, "-S", str(WORKER), json.dumps(job)], capture_output=True,
                              timeout=limits.import_timeout_s, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise ImportFileError("xlsx_timeout", file_name, detail=number(limits.import_timeout_s)) from exc
    try:
        result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.stat().st_size else None
    except (OSError, ValueError):
        result = None
    if result is None:
        stderr = done.stderr.decode("utf-8", "replace")
        if "MemoryError" in stderr or done.returncode < 0 or "Cannot allocate memory" in stderr:
            raise ImportFileError("xlsx_memory", file_name, detail=number(limits.import_memory_mb))
        raise ImportFileError("not_a_table", file_name, detail=stderr.strip().splitlines()[-1:] and
                              stderr.strip().splitlines()[-1] or f"exit {done.returncode}")
    if not result.get("ok"):
        raise ImportFileError(result["code"], file_name, value=result.get("value"), detail=result.get("detail"),
                              column=result.get("column"))
    return result


# --- DuckDB -------------------------------------------------------------------------------------------------

def bound_duckdb(con, limits) -> None:
    """Lower DuckDB's ``memory_limit`` (default: 80 % of the machine's memory) to the import budget; an
    operator's lower limit is kept. The setting is the database's, so it stays after the import."""
    budget = int(limits.import_memory_mb * 1048576)
    try:
        current = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        if _bytes(current) > budget:
            con.execute(f"SET memory_limit = '{int(limits.import_memory_mb)}MiB'")
    except Exception:  # noqa: BLE001 - a connection that cannot change it keeps its own
        pass


def _bytes(text: str) -> float:
    value, _, unit = str(text).strip().partition(" ")
    factors = {"bytes": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
               "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
    try:
        return float(value) * factors.get(unit, 1)
    except ValueError:
        return float("inf")
