"""The alert inbox in words (issue 17): the table of the page Auffälligkeiten, of ``ktdash alerts list`` and of
their CSV/XLSX downloads — one row per finding of :func:`ktdash.analytics.alerts.inbox`, the rule's name
(:func:`~ktdash.analytics.alerts.check_name`) and the finding in words (:func:`~ktdash.analytics.alerts.message`),
column headers from the catalogs; numbers stay numbers (the page and the CSV format them the language's way),
months and time stamps as text in the language's format."""

from __future__ import annotations

import pandas as pd

from ktdash.access.permissions import User
from ktdash.analytics import alerts
from ktdash.core.formatting import format_datetime
from ktdash.analytics.quality import format_month
from ktdash.i18n import texts

OPEN_COLUMNS = ("alert_id", "municipality", "building", "subject", "check", "month", "value", "reference", "unit",
                "finding")
ACKNOWLEDGED_COLUMNS = (*OPEN_COLUMNS[:6], "acknowledged_by", "acknowledged_at", "comment", *OPEN_COLUMNS[6:])
# (who, when and why in sight before the numbers)


def inbox_frame(con, user: User | None, *, acknowledged: bool | None = False) -> pd.DataFrame:
    """The user's findings (:func:`ktdash.analytics.alerts.inbox`): ``acknowledged`` False the open ones, True the
    acknowledged ones, None both."""
    frame = alerts.inbox(con, user, acknowledged=acknowledged is not False)
    if acknowledged is True:
        frame = frame[frame["acknowledged_at"].notna()]
    return frame.reset_index(drop=True)


def inbox_table(frame: pd.DataFrame, lang: str = "de", *, acknowledged: bool = False) -> pd.DataFrame:
    """Rows of :func:`inbox_frame` as the table shown and downloaded (headers ``alert_col_*`` of the catalogs)."""
    columns = ACKNOWLEDGED_COLUMNS if acknowledged else OPEN_COLUMNS
    rows = frame.to_dict("records")
    table = pd.DataFrame({
        "alert_id": pd.array([int(r["alert_id"]) for r in rows], dtype="Int64"),
        "municipality": [r["municipality"] for r in rows],
        "building": [r["building"] for r in rows],
        "subject": [r["subject"] for r in rows],
        "check": [alerts.check_name(r["code"], lang) for r in rows],
        "month": [format_month(r["month"], lang) for r in rows],
        "value": pd.array([r["value"] for r in rows], dtype="Float64"),
        "reference": pd.array([r["reference"] for r in rows], dtype="Float64"),
        "unit": [_text(r["unit"]) for r in rows],
        "finding": [alerts.message(r, lang) for r in rows],
        "acknowledged_by": [_text(r["acknowledged_by"]) for r in rows],
        "acknowledged_at": [format_datetime(r["acknowledged_at"], lang) if pd.notna(r["acknowledged_at"]) else ""
                            for r in rows],
        "comment": [_text(r["comment"]) for r in rows],
    })[list(columns)]
    table.columns = [texts.t("alert_col_" + c, lang) for c in columns]
    return table


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def choice_label(row, lang: str = "de") -> str:
    """One open finding in the acknowledgement form's list: number, building, subject, rule, month."""
    return texts.t("alert_choice", lang, number=int(row["alert_id"]), building=row["building"],
                   subject=row["subject"], check=alerts.check_name(row["code"], lang),
                   month=format_month(row["month"], lang))
