"""The annual campaign plan (:func:`ktdash.analytics.campaigns.annual_plan`) as an iCalendar file (RFC 5545), for
the page Jahresplanung's download: one all-day event per campaign and activity, its words in the page's language
(catalog keys ``ical_*``; topics and formats as the page shows them)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pandas as pd

from ktdash.i18n import texts
from ktdash.output.charts.campaigns import format_label, topic_label


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


def plan_ics(plan: pd.DataFrame, stamp: str = "20260101T000000Z", lang: str = "de") -> bytes:
    """The annual plan as an iCalendar file (RFC 5545): one all-day event per campaign and activity, with summary
    and description in ``lang``. The UID of an event does not depend on the language."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ktdash//Jahresplanung Westpfalz//DE", "CALSCALE:GREGORIAN"]
    for row in plan.itertuples(index=False):
        start = pd.Timestamp(row.start_date).date()
        end = pd.Timestamp(row.end_date).date() + timedelta(days=1)  # DTEND of an all-day event is exclusive
        summary, description = _event_text(row, lang)
        uid = hashlib.sha1(f"{row.entry}|{row.campaign_id}|{start}|{row.place}|{row.kind}|{row.title}".encode()
                           ).hexdigest()
        event = ["BEGIN:VEVENT", f"UID:{uid}@ktdash", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                 f"DTEND;VALUE=DATE:{end:%Y%m%d}", f"SUMMARY:{_ics_text(summary)}",
                 f"DESCRIPTION:{_ics_text(description)}", f"CATEGORIES:{_ics_text(topic_label(row.topic, lang))}",
                 "END:VEVENT"]
        for line in event:
            lines.extend(_ics_fold(line))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _event_text(row, lang: str) -> tuple[str, str]:
    """(summary, description) of a plan entry: a campaign with its lead and members, or an activity."""
    topic = topic_label(row.topic, lang)
    if row.entry == "campaign":
        parts = (texts.t("ical_campaign", lang, campaign=row.campaign_id), row.title,
                 texts.t("ical_lead", lang, lead=row.place), texts.t("ical_members", lang, members=row.detail))
        return f"{row.campaign_name} ({topic})", " ".join(part for part in parts if part)
    summary = f"{row.kind}: {row.title or row.campaign_name} – {row.place}"
    return summary, texts.t("ical_activity", lang, campaign=row.campaign_id, name=row.campaign_name, topic=topic,
                            format=format_label(row.format, lang), district=row.district)
