"""Tables for German Excel: CSV with ``;``, decimal comma and a UTF-8 BOM.

Cells that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return are
prefixed with ``'`` so that Excel never runs them as formulas (OWASP "CSV
injection"); numbers stay numbers.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def german_csv(frame: pd.DataFrame) -> bytes:
    """Numbers with three decimals; a float column holding only whole numbers (counts that went through a sum
    with empty cells) is written without decimals, so 95 never reads as ``95,000``."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
        elif pd.api.types.is_float_dtype(safe[column]) and (safe[column].dropna() % 1 == 0).all():
            safe[column] = safe[column].round().astype("Int64")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(sep=";", decimal=",", index=False, float_format="%.3f").encode("utf-8-sig")
