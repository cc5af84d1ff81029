"""The annual campaign plan (:func:`ktdash.analytics.campaigns.annual_plan`) as an iCalendar file (RFC 5545), for
the page Jahresplanung's download: one all-day event per campaign and activity."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pandas as pd


def _ics_text(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _ics_fold(line: str) -> list[str]:
    """Lines of at most 75 octets (RFC 5545, 3.1), continuation lines start with a space."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def plan_ics(plan: pd.DataFrame, stamp: str = "20260101T000000Z") -> bytes:
    """The annual plan as an iCalendar file (RFC 5545): one all-day event per campaign and activity."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ktdash//Jahresplanung Westpfalz//DE", "CALSCALE:GREGORIAN"]
    for row in plan.itertuples(index=False):
        start = pd.Timestamp(row.start_date).date()
        end = pd.Timestamp(row.end_date).date() + timedelta(days=1)  # DTEND of an all-day event is exclusive
        if row.entry == "campaign":
            summary = f"{row.campaign_name} ({row.topic})"
            description = " ".join(part for part in (f"Kampagne {row.campaign_id}.", row.title,
                                                     f"Federführung: {row.place}.", f"Beteiligt: {row.detail}")
                                   if part)
        else:
            summary = f"{row.kind}: {row.title or row.campaign_name} – {row.place}"
            description = f"Kampagne {row.campaign_id} {row.campaign_name} ({row.topic}), {row.format}, {row.district}"
        uid = hashlib.sha1(f"{row.entry}|{row.campaign_id}|{start}|{row.place}|{row.kind}|{row.title}".encode()
                           ).hexdigest()
        event = ["BEGIN:VEVENT", f"UID:{uid}@ktdash", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                 f"DTEND;VALUE=DATE:{end:%Y%m%d}", f"SUMMARY:{_ics_text(summary)}",
                 f"DESCRIPTION:{_ics_text(description)}", f"CATEGORIES:{_ics_text(row.topic)}", "END:VEVENT"]
        for line in event:
            lines.extend(_ics_fold(line))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
