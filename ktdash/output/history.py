"""The Protokoll in words: an audit entry's detail (a dict stored as JSON by :func:`ktdash.access.audit.record`)
as a sentence a person reads — "Feld: alt → neu" for every changed field, "Feld: Wert" for the rest, codes as their
labels (import layouts, import and request status, roles), yes/no, numbers and dates in the language's format.
One place for the page Protokoll and ``ktdash history``.
"""

from __future__ import annotations

import json
import re

from ktdash.ingest import report_assets
from ktdash.core.formatting import MISSING, format_date, format_decimal, format_number
from ktdash.i18n import texts

# the fields of the details ktdash writes (access, ingest, analytics: audit.record calls), worded
FIELD_KEYS = {
    "file_name": "ui19_detail_file_name", "import_id": "ui19_detail_import_id", "layout": "ui19_detail_layout",
    "rows_stored": "ui19_detail_rows_stored", "rows_rejected": "ui19_detail_rows_rejected",
    "records_replaced": "ui19_detail_records_replaced", "removed": "ui19_detail_removed",
    "added": "ui19_detail_added", "skipped": "ui19_detail_skipped", "rows": "ui19_detail_rows",
    "status": "ui19_detail_status", "role": "ui19_detail_role", "municipalities": "ui19_detail_municipalities",
    "municipality_key": "ui19_detail_municipality", "building_id": "ui19_detail_building",
    "reason": "ui19_detail_reason",
    "comment": "ui19_detail_comment", "month": "ui19_detail_month", "source": "ui19_detail_source",
    "shared": "ui19_detail_shared", "cancelled": "ui19_detail_cancelled", "answered": "ui19_detail_answered",
    "topic": "ui19_detail_topic", "found": "ui19_detail_found", "hot_water_share": "ui19_detail_hot_water_share",
    "postcode": "ui19_detail_postcode", "station_id": "ui19_detail_station", "login": "ui19_detail_login",
    "level": "ui19_detail_level", "funding": "ui19_detail_funding", "vacant": "ui19_detail_vacant",
    "title": "ui19_detail_title", "change_per_year": "ui19_detail_target",
    "corrections": "ui19_detail_corrections", "corrected": "ui19_detail_corrected",
    "every_days": "ui19_detail_every_days", "minutes": "ui19_detail_minutes", "kind": "ui19_detail_kind",
    "station_months": "ui19_detail_station_months", "urgency": "ui19_detail_urgency",
    "completed_on": "ui19_detail_completed_on",
    # edits in place (ktdash.ingest.edits, issue 19 point 4)
    "edit": "edit_detail_edit", "edit_id": "edit_detail_edit_id", "undo_of": "edit_detail_undo_of",
    "category": "edit_detail_category", "floor_area_m2": "edit_detail_area", "year_built": "edit_detail_year_built",
    "meter": "edit_detail_meter", "date": "edit_detail_date", "reading": "edit_detail_reading",
    "final_reading": "edit_detail_final_reading", "start_reading": "edit_detail_start_reading",
    "factor": "edit_detail_factor", "z_number": "edit_detail_z_number",
    "calorific_value": "edit_detail_calorific_value",
    **report_assets.AUDIT_FIELDS,  # the report's logo and foreword (issue 19)
}
# codes a field's value may hold, and the catalog key of each
VALUE_KEYS = {
    "status": {"committed": "status_committed", "undone": "status_undone",
                             "open": "network_status_open", "clarifying": "network_status_clarifying",
                             "done": "network_status_done"},
    "role": {"admin": "role_admin", "manager": "role_manager", "viewer": "role_viewer"},
    "edit": {"building": "edit_kind_building", "reading": "edit_kind_reading",
             "meter_exchange": "edit_kind_meter_exchange", "meter_factor": "edit_kind_meter_factor"},
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def layout_label(code: str | None, lang: str = "de") -> str:
    """An import layout's name ("Verbräuche je Zeitraum" for ``periods``); an unknown code as it is."""
    if not code:
        return MISSING
    try:
        return texts.t("layout_" + code, lang)
    except KeyError:
        return str(code)


def field_label(field: str, lang: str = "de") -> str:
    """A detail field's name; a field this module does not know, readable ("rows_stored" → "rows stored")."""
    key = FIELD_KEYS.get(field)
    return texts.t(key, lang) if key else field.replace("_", " ")


def value_text(value, lang: str = "de", field: str | None = None) -> str:
    """One value in words: a code as its label, ``True``/``False`` as ja/nein, numbers and ISO dates in the
    language's format, a list comma-separated, a dict as "Feld: Wert"; nothing → ``–``."""
    if value is None or value == "" or value == []:
        return MISSING
    if field == "layout" and isinstance(value, str):
        return layout_label(value, lang)
    if field in VALUE_KEYS and isinstance(value, str) and value in VALUE_KEYS[field]:
        return texts.t(VALUE_KEYS[field][value], lang)
    if isinstance(value, bool):
        return texts.t("ui19_yes" if value else "ui19_no", lang)
    if isinstance(value, int):
        return str(value) if field in ("import_id", "building_id", "station_id", "postcode", "edit_id", "undo_of",
                                       "year_built") else \
            format_number(value, 0, lang)
    if isinstance(value, float):
        return format_number(value, 0, lang) if value.is_integer() else format_decimal(value, lang, 3, strip_to=1)
    if isinstance(value, list):
        return ("; " if any(isinstance(item, dict) for item in value) else ", ").join(
            value_text(item, lang, field) for item in value)
    if isinstance(value, dict) and "old" in value and "new" in value:  # one corrected value: where, old → new
        where = ", ".join(value_text(v, lang, k) for k, v in value.items() if k not in ("old", "new", "unit"))
        unit = f" {value['unit']}" if value.get("unit") else ""
        arrow = texts.t("ui19_detail_change", lang)
        return (f"{where}: " if where else "") + \
            f"{value_text(value['old'], lang)} {arrow} {value_text(value['new'], lang)}{unit}"
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k, lang)}: {value_text(v, lang, k)}" for k, v in value.items())
    if isinstance(value, str) and _DATE.match(value):
        from datetime import date
        return format_date(date.fromisoformat(value), lang)
    return str(value)


def _changes(old, new, field: str | None, lang: str) -> list[str]:
    """"Feld: alt → neu" per changed field (dicts: only the fields that differ), or one "alt → neu"."""
    arrow = texts.t("ui19_detail_change", lang)
    if isinstance(old, dict) or isinstance(new, dict):
        old, new = old or {}, new or {}
        return [f"{field_label(k, lang)}: {value_text(old.get(k), lang, k)} {arrow} {value_text(new.get(k), lang, k)}"
                for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    change = f"{value_text(old, lang, field)} {arrow} {value_text(new, lang, field)}"
    return [f"{field_label(field, lang)}: {change}" if field else change]


def detail_text(detail, lang: str = "de") -> str:
    """An audit entry's detail (the JSON text of ``audit_log.detail``, or its dict) in words, parts joined by
    " · "; no detail → ``""``."""
    if detail is None or detail == "":
        return ""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return detail
    if not isinstance(detail, dict):
        return value_text(detail, lang)
    rest = {k: v for k, v in detail.items() if k not in ("old", "new", "field")}
    parts = _changes(detail.get("old"), detail.get("new"), detail.get("field"), lang) \
        if "old" in detail or "new" in detail else []
    if "field" in detail and not parts:
        rest = {"field": detail["field"], **rest}
    return " · ".join(parts + [f"{field_label(k, lang)}: {value_text(v, lang, k)}" for k, v in rest.items()])
