"""The Klima.Taten.Talk (issue 18, part 2): the regional office's fortnightly office hours and the members' support
requests and agenda topics, changed as the Klima.Taten.Talk page's forms change them.

- **Dates** (``talk_dates``, migration 019) are local wall-clock times in Europe/Berlin: a series "every second
  Thursday 10:00" stays at 10:00 across the clock changes (the iCalendar file converts each date to UTC,
  :func:`ktdash.output.exports.ical.talk_ics`). A series is generated date by date; a date already stored is
  skipped, never doubled (``starts_at`` is unique), so a series can be generated again or extended. A cancelled
  date keeps its row. Dates are the regional office's (admins).
- **Requests** (``support_requests``): a manager files one for their municipalities (admins for any), any network
  member with a profile takes it, the filer, the taker or an admin answers it, sets its status and its date on the
  agenda; the filer or an admin deletes it (:mod:`ktdash.access.permissions`). Times are instants stored as naive
  UTC: ``first_answer_at`` is when it first left "open" (taken, answered, or its status changed), ``done_at`` when
  it was set to done (cleared when reopened).

Every change is audited (object: the date's or request's number; detail: codes and flags only, never the
description or the answer). Refusals are :class:`TalkError` codes (:data:`CODES`) with the value that caused them;
nothing is changed then.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator

from ktdash.access import audit
from ktdash.access.permissions import (User, may_file_request, may_handle_request, may_manage_network,
                                       may_take_request)
from ktdash.core.localtime import ZONE_LOCAL
from ktdash.core.network_vocabulary import RequestKind, RequestStatus, Urgency
from ktdash.ingest.people import person_for_account
from ktdash.store import erase
from ktdash.store.connection import after_commit, bump_data_version, next_id, next_ids, transaction

LOCAL = ZoneInfo(ZONE_LOCAL)
DESCRIPTION_MAX = 2000  # characters of a request's description (and of an answer)
CODES = ("talk_not_allowed", "talk_unknown_topic", "talk_unknown_municipality", "talk_description_missing",
         "talk_description_too_long", "talk_answer_too_long", "talk_unknown_request", "talk_no_profile",
         "talk_unknown_date", "talk_date_cancelled", "talk_status_unknown", "talk_kind_unknown",
         "talk_urgency_unknown", "talk_series_invalid", "talk_minutes_invalid")
REQUEST_COLUMNS = ["request_id", "kind", "topic", "topic_name", "municipality_key", "municipality", "district_key",
                   "description", "urgency", "status", "talk_id", "talk_starts_at", "filed_at", "filed_by",
                   "taken_by", "first_answer_at", "answer", "done_at"]
DATE_COLUMNS = ["talk_id", "starts_at", "ends_at", "minutes", "series", "cancelled", "note", "requests"]


class TalkError(ValueError):
    """A refused change: ``code`` (one of :data:`CODES`) and the ``value`` that caused it."""

    def __init__(self, code: str, value: str = ""):
        self.code, self.value = code, value
        super().__init__(f"{code}: {value}")


class RequestIn(BaseModel):
    """A support request or agenda topic as the form gives it. The description (stripped) must be non-empty and at
    most :data:`DESCRIPTION_MAX` characters: :func:`file_request` refuses it otherwise (``talk_description_*``);
    :func:`check_request` builds one from form values with every refusal as a :class:`TalkError`."""

    model_config = ConfigDict(frozen=True)

    kind: RequestKind = RequestKind.SUPPORT
    topic: str
    municipality_key: str
    description: str
    urgency: Urgency = Urgency.NORMAL
    talk_id: int | None = None

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        return value.strip()


def check_request(**values) -> RequestIn:
    """A :class:`RequestIn` from form values, checked like :func:`file_request` checks it (without the store):
    :class:`TalkError` ``talk_kind_unknown``, ``talk_urgency_unknown``, ``talk_description_missing`` or
    ``talk_description_too_long``."""
    for field, enum, code in (("kind", RequestKind, "talk_kind_unknown"), ("urgency", Urgency, "talk_urgency_unknown")):
        if field in values and values[field] not in {v.value for v in enum}:
            raise TalkError(code, str(values[field]))
    request = RequestIn(**(values | {"description": str(values.get("description") or "")}))
    _check_description(request.description)
    return request


# --- helpers ------------------------------------------------------------------------------------------------------


def _name(user) -> str:
    return user.name if isinstance(user, User) else str(user or audit.UNKNOWN_USER)


def _refuse(user) -> TalkError:
    return TalkError("talk_not_allowed", _name(user) if user is not None else "")


def utc_naive(now: datetime | None = None) -> datetime:
    """``now`` (aware, or naive meaning UTC; None: the clock) as the naive UTC datetime the store keeps."""
    if now is None:
        now = datetime.now(UTC)
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo is not None else now


def local_naive(now: datetime | None = None) -> datetime:
    """``now`` (aware, or naive meaning UTC; None: the clock) as Europe/Berlin wall-clock time without zone."""
    return utc_naive(now).replace(tzinfo=UTC).astimezone(LOCAL).replace(tzinfo=None)


def _check_description(text: str) -> None:
    if not text:
        raise TalkError("talk_description_missing", "")
    if len(text) > DESCRIPTION_MAX:
        raise TalkError("talk_description_too_long", str(len(text)))


def _date_row(con, talk_id: int) -> tuple:
    row = con.execute("SELECT talk_id, cancelled FROM talk_dates WHERE talk_id = ?", [talk_id]).fetchone()
    if row is None:
        raise TalkError("talk_unknown_date", str(talk_id))
    return row


def _request_row(con, request_id: int) -> dict:
    """A stored request's fields needed for the rules (filer, taker's account, status, municipality)."""
    row = con.execute("""
        SELECT r.request_id, r.filed_by, p.account AS taker_account, r.status, r.municipality_key, r.topic,
               r.first_answer_at, r.done_at
        FROM support_requests r LEFT JOIN people p ON p.person_id = r.taken_by
        WHERE r.request_id = ?""", [request_id]).fetchone()
    if row is None:
        raise TalkError("talk_unknown_request", str(request_id))
    keys = ("request_id", "filed_by", "taker_account", "status", "municipality_key", "topic", "first_answer_at",
            "done_at")
    return dict(zip(keys, row, strict=True))


def _may_handle(con, user, request_id: int) -> dict:
    row = _request_row(con, request_id)
    if not may_handle_request(user, row["filed_by"], row["taker_account"]):
        raise _refuse(user)
    return row


# --- dates --------------------------------------------------------------------------------------------------------


_SERIES_SQL = """FROM generate_series(CAST($first AS TIMESTAMP), CAST($until AS DATE) + INTERVAL 1 DAY,
                                     to_days(CAST($every AS INTEGER))) AS g(starts_at)
            WHERE CAST(starts_at AS DATE) <= $until"""  # the starts of a series of dates (generate_series)


def generate_series(con, user, first: datetime, until: date, every_days: int = 14, minutes: int = 60,
                    series: str | None = None) -> list[int]:
    """Store the office hours ``first``, ``first`` + ``every_days`` days, … up to and including the day ``until``
    (admins only); each ``minutes`` long, at ``first``'s local wall-clock time (Europe/Berlin; an aware ``first`` is
    converted to it) on every date, summer or winter. Dates already stored (same start) are skipped, never doubled.
    ``series`` names the series (None: ``<first>/<every_days>d`` for a series, NULL for a single date). Returns the
    new dates' numbers in order. Audit ``talk_series`` (object: the series; detail: how many added and skipped)."""
    if not may_manage_network(user):
        raise _refuse(user)
    if isinstance(every_days, bool) or not isinstance(every_days, int) or every_days < 1:
        raise TalkError("talk_series_invalid", str(every_days))
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 480:
        raise TalkError("talk_minutes_invalid", str(minutes))
    if first.tzinfo is not None:
        first = first.astimezone(LOCAL).replace(tzinfo=None)
    if series is None and until > first.date() + timedelta(days=every_days - 1):
        series = f"{first:%Y-%m-%dT%H:%M}/{every_days}d"
    params = {"first": first, "until": until, "every": every_days, "minutes": minutes, "series": series,
              "by": _name(user)}
    dates = {k: params[k] for k in ("first", "until", "every")}
    with transaction(con):
        wanted, new = con.execute(f"""
            SELECT count(*), count(*) FILTER (WHERE starts_at NOT IN (SELECT starts_at FROM talk_dates))
            {_SERIES_SQL}""", dates).fetchone()
        added = next_ids(con, "seq_talk", new)  # ids first: a PostgreSQL store has no INSERT … RETURNING
        con.execute(f"""
            INSERT INTO talk_dates (talk_id, starts_at, minutes, series, created_by)
            SELECT list_extract($ids, CAST(row_number() OVER (ORDER BY starts_at) AS INTEGER)), starts_at, $minutes,
                   $series, $by
            {_SERIES_SQL} AND starts_at NOT IN (SELECT starts_at FROM talk_dates)""", params | {"ids": added})
        audit.record(con, user, "talk_series", object=series or (str(added[0]) if added else None),
                     detail={"added": len(added), "skipped": int(wanted) - len(added), "every_days": every_days,
                             "minutes": minutes})
        if added:
            bump_data_version(con)
    return added


def set_cancelled(con, user, talk_id: int, cancelled: bool, note: str | None = None) -> None:
    """Cancel a date (or take the cancellation back), with an optional note (admins only). Audit ``talk_change``
    (detail: cancelled yes/no; the note is not copied)."""
    if not may_manage_network(user):
        raise _refuse(user)
    _date_row(con, talk_id)
    note = (note or "").strip() or None
    with transaction(con):
        con.execute("UPDATE talk_dates SET cancelled = $cancelled, note = $note WHERE talk_id = $id",
                    {"cancelled": bool(cancelled), "note": note, "id": talk_id})
        audit.record(con, user, "talk_change", object=str(talk_id), detail={"cancelled": bool(cancelled)})
        bump_data_version(con)


def talk_dates(con, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    """The office hours (of the days ``since`` … ``until``, both included, when given), in order:
    :data:`DATE_COLUMNS`; ``starts_at``/``ends_at`` local wall-clock time, ``requests`` how many requests are on
    the date's agenda."""
    return con.execute("""
        SELECT d.talk_id, d.starts_at, d.starts_at + to_minutes(d.minutes) AS ends_at, d.minutes, d.series,
               d.cancelled, d.note, count(r.request_id) AS requests
        FROM talk_dates d LEFT JOIN support_requests r ON r.talk_id = d.talk_id
        WHERE ($since IS NULL OR CAST(d.starts_at AS DATE) >= $since)
          AND ($until IS NULL OR CAST(d.starts_at AS DATE) <= $until)
        GROUP BY ALL ORDER BY d.starts_at""", {"since": since, "until": until}).df()[DATE_COLUMNS]


def next_talk(con, now: datetime) -> int | None:
    """The next office hour that is not cancelled and has not ended at ``now`` (aware, or naive UTC): one in
    progress counts. None when there is none."""
    row = con.execute("""
        SELECT talk_id FROM talk_dates WHERE NOT cancelled AND starts_at + to_minutes(minutes) > ?
        ORDER BY starts_at LIMIT 1""", [local_naive(now)]).fetchone()
    return None if row is None else int(row[0])


# --- requests -----------------------------------------------------------------------------------------------------


def file_request(con, user, request: RequestIn, now: datetime | None = None) -> int:
    """File a support request or agenda topic (a manager for their municipalities, an admin for any); its number.
    Refused: ``talk_not_allowed``, ``talk_unknown_municipality``, ``talk_unknown_topic``,
    ``talk_description_missing``/``_too_long``, ``talk_unknown_date``/``talk_date_cancelled`` (a date on the agenda).
    Audit ``request_file`` (object: the number; detail: kind, topic, urgency)."""
    if not may_file_request(user, request.municipality_key):
        raise _refuse(user)
    if con.execute("SELECT 1 FROM municipalities WHERE municipality_key = ?", [request.municipality_key]
                   ).fetchone() is None:
        raise TalkError("talk_unknown_municipality", request.municipality_key)
    if con.execute("SELECT 1 FROM topics WHERE code = ?", [request.topic]).fetchone() is None:
        raise TalkError("talk_unknown_topic", request.topic)
    _check_description(request.description)
    if request.talk_id is not None and _date_row(con, request.talk_id)[1]:
        raise TalkError("talk_date_cancelled", str(request.talk_id))
    values = request.model_dump() | {"kind": request.kind.value, "urgency": request.urgency.value,
                                     "now": utc_naive(now), "by": _name(user)}
    with transaction(con):
        request_id = next_id(con, "seq_request")
        con.execute("""
            INSERT INTO support_requests (request_id, kind, topic, municipality_key, description, urgency, talk_id,
                                          filed_at, filed_by, updated_at, updated_by)
            VALUES ($id, $kind, $topic, $municipality_key, $description, $urgency, $talk_id, $now, $by, $now, $by)""",
                    values | {"id": request_id})
        audit.record(con, user, "request_file", municipality_key=request.municipality_key, object=str(request_id),
                     detail={"kind": values["kind"], "topic": request.topic, "urgency": values["urgency"]})
        bump_data_version(con)
    return request_id


def take_request(con, user, request_id: int, now: datetime | None = None) -> None:
    """Take a request (any network member with a profile): their person becomes ``taken_by``, an open request goes
    to "clarifying", ``first_answer_at`` is set if it was not. Refused: ``talk_unknown_request``,
    ``talk_not_allowed``, ``talk_no_profile`` (the account has no person). Audit ``request_take``."""
    if not may_take_request(user):
        raise _refuse(user)
    row = _request_row(con, request_id)
    person_id = person_for_account(con, user.name)
    if person_id is None:
        raise TalkError("talk_no_profile", user.name)
    status = RequestStatus.CLARIFYING.value if row["status"] == RequestStatus.OPEN.value else row["status"]
    with transaction(con):
        con.execute("""
            UPDATE support_requests SET taken_by = $person, status = $status,
                   first_answer_at = coalesce(first_answer_at, $now), updated_at = $now, updated_by = $by
            WHERE request_id = $id""", {"person": person_id, "status": status, "now": utc_naive(now),
                                        "by": user.name, "id": request_id})
        audit.record(con, user, "request_take", municipality_key=row["municipality_key"], object=str(request_id),
                     detail={"status": status, "topic": row["topic"]})
        bump_data_version(con)


def answer_request(con, user, request_id: int, answer: str | None, status: RequestStatus | str,
                   now: datetime | None = None) -> None:
    """Store the answer (None or blank: none) and the status (the filer, the taker or an admin).
    ``first_answer_at`` is set when the request first leaves "open" (a status other than open, or an answer);
    ``done_at`` is set when the status becomes done (kept while it stays done) and cleared when it is reopened.
    Refused: ``talk_unknown_request``, ``talk_not_allowed``, ``talk_status_unknown``, ``talk_answer_too_long``.
    Audit ``request_change`` (detail: the status and whether there is an answer, never its text)."""
    row = _may_handle(con, user, request_id)
    if str(status) not in {s.value for s in RequestStatus}:
        raise TalkError("talk_status_unknown", str(status))
    status = RequestStatus(status).value
    answer = (answer or "").strip() or None
    if answer is not None and len(answer) > DESCRIPTION_MAX:
        raise TalkError("talk_answer_too_long", str(len(answer)))
    stamp = utc_naive(now)
    answered = status != RequestStatus.OPEN.value or answer is not None
    first = row["first_answer_at"] or (stamp if answered else None)
    done = (row["done_at"] or stamp) if status == RequestStatus.DONE.value else None
    with transaction(con):
        con.execute("""
            UPDATE support_requests SET answer = $answer, status = $status, first_answer_at = $first,
                   done_at = $done, updated_at = $now, updated_by = $by
            WHERE request_id = $id""", {"answer": answer, "status": status, "first": first, "done": done,
                                        "now": stamp, "by": _name(user), "id": request_id})
        audit.record(con, user, "request_change", municipality_key=row["municipality_key"], object=str(request_id),
                     detail={"status": status, "answered": answer is not None, "topic": row["topic"]})
        bump_data_version(con)


def set_agenda(con, user, request_id: int, talk_id: int | None) -> None:
    """Put a request on the agenda of an office hour (None: off the agenda) — the filer, the taker or an admin.
    Refused: ``talk_unknown_request``, ``talk_not_allowed``, ``talk_unknown_date``, ``talk_date_cancelled``.
    Audit ``request_change`` (detail: the date's number)."""
    row = _may_handle(con, user, request_id)
    if talk_id is not None and _date_row(con, talk_id)[1]:
        raise TalkError("talk_date_cancelled", str(talk_id))
    with transaction(con):
        con.execute("UPDATE support_requests SET talk_id = $talk, updated_at = $now, updated_by = $by "
                    "WHERE request_id = $id", {"talk": talk_id, "now": utc_naive(None), "by": _name(user),
                                               "id": request_id})
        audit.record(con, user, "request_change", municipality_key=row["municipality_key"], object=str(request_id),
                     detail={"talk_id": talk_id, "topic": row["topic"]})
        bump_data_version(con)


def delete_request(con, user, request_id: int) -> None:
    """Delete a request (its filer or an admin). Its description and answer may name people, so the table is
    rewritten after the commit (:func:`ktdash.store.erase.scrub`). Audit ``request_delete``."""
    row = _request_row(con, request_id)
    if not (may_manage_network(user) or (may_take_request(user) and user.name == row["filed_by"])):
        raise _refuse(user)
    with transaction(con):
        con.execute("DELETE FROM support_requests WHERE request_id = ?", [request_id])
        audit.record(con, user, "request_delete", municipality_key=row["municipality_key"], object=str(request_id),
                     detail={"status": row["status"], "topic": row["topic"]})
        bump_data_version(con)
        after_commit(con, lambda: erase.scrub(con))


def requests(con) -> pd.DataFrame:
    """All requests, newest first: :data:`REQUEST_COLUMNS` (times UTC as stored; ``talk_starts_at`` local wall-clock
    time; ``taken_by`` a person's number — a page shows names only to network members)."""
    return con.execute("""
        SELECT r.request_id, r.kind, r.topic, t.name AS topic_name, r.municipality_key, m.name AS municipality,
               m.district_key, r.description, r.urgency, r.status, r.talk_id, d.starts_at AS talk_starts_at,
               r.filed_at, r.filed_by, r.taken_by, r.first_answer_at, r.answer, r.done_at
        FROM support_requests r
        LEFT JOIN topics t ON t.code = r.topic
        LEFT JOIN municipalities m ON m.municipality_key = r.municipality_key
        LEFT JOIN talk_dates d ON d.talk_id = r.talk_id
        ORDER BY r.filed_at DESC, r.request_id DESC""").df()[REQUEST_COLUMNS]
