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
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(sep=";", decimal=",", index=False, float_format="%.3f").encode("utf-8-sig")
