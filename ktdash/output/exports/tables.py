"""Tables for German Excel: CSV with ``;``, decimal comma and a UTF-8 BOM, and XLSX.

CSV: text cells that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return are
prefixed with ``'`` so that Excel never runs them as formulas (OWASP "CSV injection");
numbers stay numbers. XLSX: every text cell is written as a string cell, never as a
formula (openpyxl would otherwise store ``=…`` as a formula), and such cells get the same
``'`` prefix so a later CSV save from Excel stays safe; numbers are numbers with a number
format (German Excel shows ``1.234,5``), dates are dates shown ``TT.MM.JJJJ``.
"""

from __future__ import annotations

import pandas as pd

from ktdash.core.formatting import date_pattern

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text that a spreadsheet would run as a formula (OWASP "CSV injection": ``=``, ``+``, ``-``, ``@``, tab,
    carriage return at the start) with a leading ``'``; anything else (numbers, dates, other text) unchanged.
    The one place of this rule: page downloads, the rejected rows and every ``ktdash export`` use it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name through :func:`neutralise`; number, date and
    boolean columns stay as they are (a negative number stays a number)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def german_csv(frame: pd.DataFrame, neutralised: bool = True) -> bytes:
    """Numbers with three decimals; a float column holding only whole numbers (counts that went through a sum
    with empty cells) is written without decimals, so 95 never reads as ``95,000``; dates as ``31.12.2024``;
    yes/no columns (``True``/``False``) as ``ja``/``nein``.
    ``neutralised=False`` keeps text cells unchanged (``--raw`` exports, for programs that read the file)."""
    safe = neutralise_frame(frame) if neutralised else frame.copy()
    for column in safe.columns:
        if _is_yes_no(safe[column]):
            safe[column] = safe[column].map(_yes_no, na_action="ignore")
        elif safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            continue
        if pd.api.types.is_float_dtype(safe[column]) and (safe[column].dropna() % 1 == 0).all():
            safe[column] = safe[column].round().astype("Int64")
        elif pd.api.types.is_datetime64_any_dtype(safe[column]):
            has_time = bool((safe[column].dropna().dt.normalize() != safe[column].dropna()).any())
            safe[column] = safe[column].dt.strftime(date_pattern("datetime" if has_time else "date", "de"))
    return safe.to_csv(sep=";", decimal=",", index=False, float_format="%.3f", lineterminator="\r\n"
                       ).encode("utf-8-sig")


def _is_yes_no(column: pd.Series) -> bool:
    """A column of booleans (``bool``, pandas' ``boolean``, or Python bools in an object column)."""
    if pd.api.types.is_bool_dtype(column):
        return True
    values = column.dropna()
    return column.dtype == object and not values.empty and all(isinstance(v, bool) for v in values)


def _yes_no(value) -> str:
    from ktdash.i18n import texts

    return texts.t("ui19_yes" if value else "ui19_no", "de")


def rejected_rows_csv(preview, lang: str = "de") -> bytes:
    """The rejected rows of an import preview (:class:`ktdash.ingest.results.ImportPreview`) for download: German
    Excel CSV (``;``, UTF-8 with BOM, formulas neutralised), the reasons in ``lang``."""
    return german_csv(preview.rejected_frame(lang))


def excel_xlsx(frame: pd.DataFrame, sheet: str = "Tabelle") -> bytes:
    """The table as an XLSX workbook: bold frozen header, numbers as numbers, dates as dates."""
    import io
    from datetime import date, datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = "".join(c for c in sheet if c not in "[]:*?/\\")[:31] or "Tabelle"
    columns = [str(c) for c in frame.columns]
    whole = [pd.api.types.is_integer_dtype(frame[c]) or (pd.api.types.is_float_dtype(frame[c])
                                                         and bool((frame[c].dropna() % 1 == 0).all()))
             for c in frame.columns]
    for index, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.value, cell.data_type, cell.font = neutralise(name), "s", Font(bold=True)
    for row_number, row in enumerate(frame.itertuples(index=False), start=2):
        for index, value in enumerate(row, start=1):
            cell = ws.cell(row=row_number, column=index)
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, str):
                cell.value, cell.data_type = neutralise(value), "s"
            elif isinstance(value, pd.Timestamp | datetime | date):
                cell.value = pd.Timestamp(value).to_pydatetime().date() if not isinstance(value, datetime) or \
                    pd.Timestamp(value).time() == datetime.min.time() else pd.Timestamp(value).to_pydatetime()
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, bool):
                cell.value = value
            else:
                cell.value = int(value) if whole[index - 1] else float(value)
                cell.number_format = "#,##0" if whole[index - 1] else "#,##0.0##"
    for index, name in enumerate(columns, start=1):
        width = max([len(name)] + [len(str(v)) for v in frame.iloc[:200, index - 1].tolist()])
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
