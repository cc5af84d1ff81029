"""Child process of an XLSX import: one sheet's rows as CSV, within a memory budget (:mod:`.limits`).

Run as ``python -S xlsx_worker.py JOB`` (a script, so the ktdash package with DuckDB and pandas is not
imported): it caps its own address space (``RLIMIT_AS``) at the budget before it imports openpyxl, lowers its
priority, reads the sheet with openpyxl in read-only mode with the sheet's declared dimension reset (never
trusted), and stops at the first row, column or cell beyond the caps. The result (sheet, widest row, first
rows) or the refusal (an ImportFileError code with its fields) is written as JSON to ``JOB["result"]``;
a MemoryError ends the process without a result (the parent names the budget).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
from datetime import date, datetime, time

SAMPLE_LINES = 200  # as ktdash.ingest.decode.SAMPLE_LINES
EXCEL_MAX_ROWS = 1_048_576  # no sheet Excel writes has more


class Refusal(Exception):
    def __init__(self, code: str, value=None, detail=None, column=None):
        super().__init__(code)
        self.fields = {"ok": False, "code": code, "value": value, "detail": detail, "column": column}


def number(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


def cell_text(value) -> str:
    """As ktdash.ingest.decode._cell_text: numbers with a decimal point, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def column_letters(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def rows_of(ws, job):
    """The sheet's rows as text cells, stopping at the first cap exceeded."""
    max_rows = min(job["max_rows"], EXCEL_MAX_ROWS)
    ws.reset_dimensions()  # the declared <dimension> may claim A1:XFD1048576
    width = 0
    for number_, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number_ > max_rows:
            raise Refusal("too_many_rows", value=number(number_), detail=number(max_rows))
        if len(row) > job["max_columns"]:
            raise Refusal("too_many_columns", value=number(len(row)), detail=number(job["max_columns"]))
        width = max(width, len(row))
        if number_ * width > job["max_cells"]:  # the table DuckDB would read: every row as wide as the widest
            raise Refusal("too_many_cells", value=number(number_ * width), detail=number(job["max_cells"]),
                          column=f"{number(number_)} × {number(width)}")
        cells = [cell_text(v) for v in row]
        for index, cell in enumerate(cells, start=1):
            if len(cell) > job["max_cell_chars"]:
                raise Refusal("cell_too_long", value=number(len(cell)), detail=number(job["max_cell_chars"]),
                              column=f"{column_letters(index)}{number_}")
        yield cells


def has_cells(ws, job) -> bool:
    return any(any(c.strip() for c in row) for row in rows_of(ws, job))


def run(job: dict) -> dict:
    for optional in ("numpy", "PIL", "pandas"):  # openpyxl uses them when found: not needed here, half the start
        sys.modules.setdefault(optional, None)
    import openpyxl

    try:
        book = openpyxl.load_workbook(job["path"], read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise Refusal("not_a_table", detail=str(exc)[:300]) from exc
    try:
        sheet = job.get("sheet")
        if sheet:
            if sheet not in book.sheetnames:
                raise Refusal("no_sheet", value=sheet, detail=", ".join(book.sheetnames))
            ws = book[sheet]
        else:
            if not book.worksheets:
                raise Refusal("not_a_table")
            ws = book.worksheets[0]
        sample: list[list[str]] = []
        n_columns, n_rows, any_cell = 0, 0, False
        with open(job["out"], "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\n")
            for cells in rows_of(ws, job):
                n_rows += 1
                n_columns = max(n_columns, len(cells))
                any_cell = any_cell or any(c.strip() for c in cells)
                if len(sample) < SAMPLE_LINES:
                    sample.append(cells)
                # an empty row stays a row (a lone delimiter): DuckDB skips empty lines, line numbers must hold
                writer.writerow(cells if len(cells) >= 2 else cells + [""] * (2 - len(cells)))
        if not any_cell and len(book.worksheets) > 1:
            with_data = [other.title for other in book.worksheets if other.title != ws.title and has_cells(other, job)]
            if with_data:  # the sheet is empty, another holds the data: name them (value, detail, column)
                raise Refusal("empty_sheet", value=ws.title, detail=", ".join(with_data),
                              column=", ".join(book.sheetnames))
        if not any_cell:
            raise Refusal("empty")
        sample = [row + [""] * (n_columns - len(row)) for row in sample]
        return {"ok": True, "sheet": ws.title, "n_columns": n_columns, "rows": n_rows, "sample": sample}
    finally:
        book.close()


def main(argv: list[str]) -> int:
    job = json.loads(argv[1])
    try:
        import resource

        budget = int(job["memory_bytes"])
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            budget = min(budget, hard)
        resource.setrlimit(resource.RLIMIT_AS, (budget, hard))
    except (ImportError, ValueError, OSError):
        pass
    with contextlib.suppress(OSError):
        os.nice(5)  # other sessions of the dashboard first
    try:
        result = run(job)
    except Refusal as refusal:
        result = refusal.fields
    except MemoryError:
        # no result file: the parent names the memory budget
        sys.stderr.write("MemoryError\n")
        return 3
    with open(job["result"], "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
