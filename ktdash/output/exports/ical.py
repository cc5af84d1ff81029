"""The annual campaign plan (:func:`ktdash.analytics.campaigns.annual_plan`) as an iCalendar file (RFC 5545), for
the page Jahresplanung's download: one all-day event per campaign and activity, its words in the page's language
(catalog keys ``ical_*``; topics and formats as the page shows them); and the Klima.Taten.Talk's office hours
(:func:`talk_ics`, catalog keys ``talk_ics_*``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from ktdash.core.localtime import ZONE_LOCAL
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



LOCAL = ZoneInfo(ZONE_LOCAL)


def _utc_stamp(local: datetime) -> str:
    """A Europe/Berlin wall-clock time (naive) as an RFC 5545 UTC date-time (``…Z``); a repeated autumn hour is
    read as its first occurrence (summer time)."""
    return local.replace(tzinfo=LOCAL).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _agenda_lines(agenda: pd.DataFrame | None) -> dict[int, list[str]]:
    """Per date (talk_id): "topic (municipality)" of each request on its agenda, by topic — nothing else of a
    request (no description, answer or person: the file gets forwarded)."""
    if agenda is None or agenda.empty:
        return {}
    rows = agenda.loc[agenda["talk_id"].notna(), ["talk_id", "topic_name", "municipality"]]
    rows = rows.sort_values(["talk_id", "topic_name", "municipality"], na_position="last",
                            key=lambda col: col.str.normalize("NFKD").str.casefold()
                            if pd.api.types.is_string_dtype(col) else col)  # Ö with O, not after Z
    lines: dict[int, list[str]] = {}
    for talk_id, topic, municipality in rows.itertuples(index=False):
        item = str(topic) if pd.isna(municipality) else f"{topic} ({municipality})"
        lines.setdefault(int(talk_id), []).append(f"- {item}")
    return lines


def talk_ics(dates: pd.DataFrame, agenda: pd.DataFrame | None = None, lang: str = "de",
             stamp: str = "20260101T000000Z") -> bytes:
    """The Klima.Taten.Talk's office hours (``ktdash.ingest.talk.talk_dates()``) as an iCalendar file (RFC 5545):
    one event per date, its UID from the date's number (an updated file replaces the events it had), start and end
    in UTC from the Europe/Berlin wall-clock times, a cancelled date with ``STATUS:CANCELLED``. The description is
    the date's agenda from ``agenda`` (``ktdash.ingest.talk.requests()``: the requests with that ``talk_id``) as
    topic and municipality only — no people, no descriptions."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ktdash//Klima.Taten.Talk Westpfalz//DE",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_text(texts.t('talk_ics_calendar', lang))}"]
    items = _agenda_lines(agenda)
    for row in dates.itertuples(index=False):
        start = pd.Timestamp(row.starts_at).to_pydatetime()
        end = start + timedelta(minutes=int(row.minutes))
        cancelled = bool(row.cancelled)
        agenda_items = items.get(int(row.talk_id), [])
        description = _ics_text("\n".join([texts.t("talk_ics_agenda", lang), *agenda_items]) if agenda_items
                                else texts.t("talk_ics_agenda_empty", lang))
        summary = texts.t("talk_ics_summary_cancelled" if cancelled else "talk_ics_summary", lang)
        event = ["BEGIN:VEVENT", f"UID:talk-{int(row.talk_id)}@ktdash", f"DTSTAMP:{stamp}",
                 f"DTSTART:{_utc_stamp(start)}", f"DTEND:{_utc_stamp(end)}", f"SEQUENCE:{int(cancelled)}",
                 f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}", f"SUMMARY:{_ics_text(summary)}",
                 f"DESCRIPTION:{description}", "TRANSP:OPAQUE", "END:VEVENT"]
        for line in event:
            lines.extend(_ics_fold(line))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
