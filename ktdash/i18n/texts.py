"""Every user-facing text of ktdash, German first, English as the switch.

The words live in the catalogs ``de.toml`` and ``en.toml`` next to this module (tables ``[ui]``, ``[fields]``,
``[rejections]``, ``[file_errors]``); code uses English names and stable codes, and this module turns them into
words: ``t(key, lang, **fields)`` for interface text, ``rejection(code, …)`` for a rejected row,
``file_error(code, …)`` for a file that cannot be imported. ``lang == "en"`` picks English, anything else German.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

LANGUAGES = ("de", "en")


@functools.cache
def _catalog(lang: str) -> dict[str, dict[str, str]]:
    """The catalog of one of :data:`LANGUAGES`, read once."""
    with Path(__file__).with_name(f"{lang}.toml").open("rb") as file:
        return tomllib.load(file)


def _text(table: str, key: str, lang: str) -> str:
    return _TABLES_BY_NAME[table].text(key, lang)


class _Pairs(Mapping[str, tuple[str, str]]):
    """One catalog table as key → (German, English), read-only, e.g. ``key in texts.UI``."""

    def __init__(self, table: str) -> None:
        self._table = table

    def text(self, key: str, lang: str) -> str:
        return _catalog("en" if lang == "en" else "de")[self._table][key]

    def __getitem__(self, key: str) -> tuple[str, str]:
        return _catalog("de")[self._table][key], _catalog("en")[self._table][key]

    def __contains__(self, key: object) -> bool:
        return key in _catalog("de")[self._table]

    def __iter__(self) -> Iterator[str]:
        return iter(_catalog("de")[self._table])

    def __len__(self) -> int:
        return len(_catalog("de")[self._table])

    def __repr__(self) -> str:
        return f"<texts [{self._table}]: {len(self)} keys>"


UI = _Pairs("ui")
FIELD_NAMES = _Pairs("fields")
REJECTIONS = _Pairs("rejections")
FILE_ERRORS = _Pairs("file_errors")
_TABLES_BY_NAME = {"ui": UI, "fields": FIELD_NAMES, "rejections": REJECTIONS, "file_errors": FILE_ERRORS}


def t(key: str, lang: str = "de", **fields) -> str:
    return _text("ui", key, lang).format(**fields)


def undo_message(number, removed: dict[str, int], lang: str = "de") -> str:
    """What an undo did (:func:`ktdash.ingest.pipeline.undo_import`'s counts) in words."""
    campaign_rows = any(removed.get(k, 0) > 0 for k in ("campaigns", "activities", "pv_units"))
    key = "undo_done_degree_days" if "station_degree_days" in removed else \
        "undo_done_network" if "people" in removed else \
        "undo_done_campaigns" if campaign_rows else "undo_done"  # degree days: ktdash.ingest.layouts.degree_days
    # the network's people and posts: ktdash.ingest.layouts.network.undo_rows
    text = t(key, lang, number=number, **removed)
    restored = sum(n for k, n in removed.items() if k.startswith("restored_"))
    return text + (t("undo_restored", lang, restored=restored) if restored else "")


def field_name(field: str, lang: str = "de") -> str:
    return _text("fields", field, lang) if field in FIELD_NAMES else field


# Rejections whose detail (made in SQL, ktdash.ingest.checks) may carry further fields after DETAIL_SEPARATOR:
# code → (message with those fields, their names); a code with two shapes is told apart by the number of fields
DETAIL_SEPARATOR = "\x1f"
DETAIL_PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reading_backwards": ("reading_backwards_digits", ("digits",)),
    "period_overlap": ("period_overlap_import", ("import_id", "import_date", "import_file")),
    "period_overlap_line": ("period_overlap_in_file", ("other_line",)),
    "meter_conflict": ("meter_conflict_kind", ("kind",)),
    "overlaps_meter_data": ("overlaps_meter_data_import", ("import_id", "import_date", "import_file")),
    "overlaps_period_data": ("overlaps_period_data_import", ("import_id", "import_date", "import_file")),
    "implausible_z_number": ("implausible_z_number", ("default",)),
    "implausible_calorific_value": ("implausible_calorific_value", ("default",)),
}


def rejection(code: str, lang: str = "de", **fields) -> str:
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    detail = str(fields.get("detail", ""))
    if code in DETAIL_PARTS and DETAIL_SEPARATOR in detail:
        first, *rest = detail.split(DETAIL_SEPARATOR)
        if code == "period_overlap" and len(rest) == 1:  # the other period is in the same file
            code = "period_overlap_line"
        code, names = DETAIL_PARTS[code]
        fields |= {"detail": first} | dict(zip(names, rest, strict=False))
        if "kind" in names:  # the kind of meter: readings or interval (load profile)
            fields["kind"] = t("meter_kind_" + fields["kind"], lang)
        if "import_id" in names:
            fields["replace"] = _text("rejections", "replace_import_hint", lang).format(**fields)
    return _text("rejections", code, lang).format(**fields)


def file_error(code: str, lang: str = "de", **fields) -> str:
    return _text("file_errors", code, lang).format(**fields)


_REJECTION_COLUMNS = ("rejections_col_line", "rejections_col_column", "rejections_col_value", "rejections_col_code",
                      "rejections_col_reason")


def rejection_columns(lang: str = "de") -> list[str]:
    """The column names of the rejected-rows table (page, CSV download, CLI)."""
    return [t(key, lang) for key in _REJECTION_COLUMNS]


# --- issue 16 point 2 (ingest layouts): import notes come from the library as codes ------------------------------
def note(item, lang: str = "de") -> str:
    """One import note (:class:`ktdash.ingest.results.Note`: a code and its fields) in words. A field that is a
    note is rendered first; a tuple of notes and strings is rendered and joined; a plain string stays as it is."""
    if isinstance(item, str):
        return item
    if item.code == "note_gas_conversion":
        return gas_conversion(lang=lang, **item.fields)
    fields = {name: _note_field(value, lang) for name, value in item.fields.items()}
    return t(item.code, lang, **fields)


def notes(items, lang: str = "de") -> list[str]:
    """:func:`note` of each."""
    return [note(item, lang) for item in items]


def _note_field(value, lang: str):
    from datetime import date, datetime

    from ktdash.core.formatting import format_date, format_datetime

    if isinstance(value, datetime):  # a raw time stamp or day in the language's format (ktdash.core.formatting)
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, tuple):
        return "".join(str(_note_field(part, lang)) for part in value)
    if hasattr(value, "code") and hasattr(value, "fields"):
        return note(value, lang)
    return value


def gas_conversion(columns: dict[str, str], rows_own: int, rows_default: int, z_default: float,
                   hs_default: float, lang: str = "de") -> str:
    """How the natural gas in m³ of an import became kWh (:class:`ktdash.ingest.results.GasConversion`)."""
    from ktdash.core.formatting import format_hs, format_z, quote

    z, hs = format_z(z_default, lang), format_hs(hs_default, lang)
    rows = lambda n: t("gas_row" if n == 1 else "gas_rows", lang, n=n)  # noqa: E731
    if not columns:
        return t("note_gas_default", lang, z=z, hs=hs, n=rows(rows_default))
    what = "gas_what_both" if len(columns) == 2 else "gas_what_z" if "z_number" in columns else "gas_what_hs"
    names = ", ".join(quote(h, lang) for h in columns.values())
    several = len(columns) > 1
    return t("note_gas_file", lang, what=t(what, lang, z=z, hs=hs),
             columns=t("gas_columns" if several else "gas_column", lang, names=names),
             n_own=rows(rows_own), n_default=rows(rows_default), z=z, hs=hs,
             these=t("gas_these_columns" if several else "gas_this_column", lang))
