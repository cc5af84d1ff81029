"""The Klima.Taten.Talk (issue 18, part 2: the library, ktdash/ingest/talk.py): office hours generated as a series at
a fixed wall-clock time across the clock change, never doubled; support requests filed, taken, answered, put on the
agenda and deleted by exactly those permissions allows; their time stamps; refusals change nothing; the audit log
keeps codes, never a description or an answer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from ktdash.access.permissions import Role, User
from ktdash.ingest import people, talk
from ktdash.ingest.talk import RequestIn, TalkError

KUSEL_KEY, GLANTAL_KEY, KL_KEY = "073365001", "073365002", "07312000"
ADMIN = User(name="agentur", role=Role.ADMIN)
KUSEL = User(name="kusel", role=Role.MANAGER, municipalities=frozenset({KUSEL_KEY}))  # files the requests
KL = User(name="kl", role=Role.MANAGER, municipalities=frozenset({KL_KEY}))  # takes them (has a profile)
GLANTAL = User(name="glantal", role=Role.MANAGER, municipalities=frozenset({GLANTAL_KEY}))  # another manager
GAST = User(name="gast", role=Role.VIEWER)
RETIRED = User(name="alt", role=Role.ADMIN, disabled=True)
BERLIN = ZoneInfo("Europe/Berlin")
DESCRIPTION = "Wie schreiben wir die Wärmeplanung aus? Frau Anna Beispiel (fiktiv) hat Fragen."


def snapshot(con) -> tuple:
    """Everything a refused change must leave as it was."""
    return tuple(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                 for table in ("talk_dates", "support_requests", "audit_log"))


def request(**changes) -> RequestIn:
    values = dict(topic="heat_planning", municipality_key=KUSEL_KEY, description=DESCRIPTION, urgency="high")
    return RequestIn(**(values | changes))


def refused(code: str, call, *args, **kwargs) -> TalkError:
    """``call`` is refused with ``code`` and changes nothing."""
    con = args[0]
    before = snapshot(con)
    with pytest.raises(TalkError) as error:
        call(*args, **kwargs)
    assert error.value.code == code
    assert snapshot(con) == before
    return error.value


@pytest.fixture
def kl_person(store) -> int:
    return people.add_person(store, ADMIN, people.check(name="Karl Beispiel (fiktiv)", account="kl",
                                                       municipalities=(KL_KEY,), consent=True))


def audit_rows(con, action: str) -> list[tuple]:
    return con.execute("SELECT object, detail FROM audit_log WHERE action = ? ORDER BY audit_id", [action]).fetchall()


# --- dates ----------------------------------------------------------------------------------------------------------


def test_a_series_keeps_its_wall_clock_time_across_the_clock_change_and_is_never_doubled(store):
    # every second Thursday 10:00 from 12.03.2026; summer time begins on Sunday 29.03.2026
    added = talk.generate_series(store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 4, 30))
    dates = talk.talk_dates(store)
    assert dates["starts_at"].dt.strftime("%d.%m.%Y %H:%M").tolist() == [
        "12.03.2026 10:00", "26.03.2026 10:00", "09.04.2026 10:00", "23.04.2026 10:00"]
    assert dates["ends_at"].dt.strftime("%H:%M").tolist() == ["11:00"] * 4
    assert added == dates["talk_id"].tolist()
    assert dates["series"].tolist() == ["2026-03-12T10:00/14d"] * 4
    assert dates["requests"].tolist() == [0] * 4 and not dates["cancelled"].any()
    # extended to the end of May: only 07.05. and 21.05. are new; generated again: nothing new
    more = talk.generate_series(store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 5, 31))
    assert talk.talk_dates(store, since=date(2026, 5, 1))["talk_id"].tolist() == more
    assert len(more) == 2
    assert talk.generate_series(store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 5, 31)) == []
    assert store.execute("SELECT count(*) FROM talk_dates").fetchone()[0] == 6
    assert [d for _, d in audit_rows(store, "talk_series")] == [
        '{"added": 4, "every_days": 14, "minutes": 60, "skipped": 0}',
        '{"added": 2, "every_days": 14, "minutes": 60, "skipped": 4}',
        '{"added": 0, "every_days": 14, "minutes": 60, "skipped": 6}']


def test_a_series_across_the_autumn_change_an_aware_start_and_the_filters(store):
    # an aware start is read as Berlin wall-clock time: 08:00 UTC on 15.10. is 10:00 summer time
    talk.generate_series(store, ADMIN, datetime(2026, 10, 15, 8, 0, tzinfo=UTC), date(2026, 11, 12), minutes=90,
                         series="herbst")
    dates = talk.talk_dates(store, since=date(2026, 10, 16), until=date(2026, 11, 12))
    assert dates["starts_at"].dt.strftime("%d.%m. %H:%M").tolist() == ["29.10. 10:00", "12.11. 10:00"]
    assert dates["ends_at"].dt.strftime("%H:%M").tolist() == ["11:30", "11:30"]
    assert set(talk.talk_dates(store)["series"]) == {"herbst"}
    # a single date is not a series
    talk.generate_series(store, ADMIN, datetime(2026, 12, 3, 14, 0), date(2026, 12, 3))
    assert talk.talk_dates(store, since=date(2026, 12, 1))["series"].isna().all()


@pytest.mark.parametrize("user", [KUSEL, GAST, None, RETIRED])
def test_only_admins_make_and_cancel_dates(store, user):
    talk.generate_series(store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 3, 12))
    refused("talk_not_allowed", talk.generate_series, store, user, datetime(2026, 3, 26, 10, 0), date(2026, 4, 30))
    refused("talk_not_allowed", talk.set_cancelled, store, user, 1, True)


@pytest.mark.parametrize(("changes", "code"), [({"every_days": 0}, "talk_series_invalid"),
                                               ({"minutes": 4}, "talk_minutes_invalid"),
                                               ({"minutes": 481}, "talk_minutes_invalid")])
def test_a_series_with_impossible_numbers_is_refused(store, changes, code):
    refused(code, talk.generate_series, store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 4, 30), **changes)


def test_cancelled_dates_and_the_next_talk_in_winter_and_summer(store):
    ids = talk.generate_series(store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 4, 23))
    mar26, apr09, apr23 = ids[1:]
    # 26.03. (winter, UTC+1): 09:30 UTC is 10:30 local, the talk is on; 10:30 UTC is 11:30, it is over
    assert talk.next_talk(store, datetime(2026, 3, 26, 9, 30, tzinfo=UTC)) == mar26
    assert talk.next_talk(store, datetime(2026, 3, 26, 9, 30)) == mar26  # naive: UTC
    assert talk.next_talk(store, datetime(2026, 3, 26, 10, 30, tzinfo=UTC)) == apr09
    # 09.04. (summer, UTC+2): 08:30 UTC is 10:30 local; 09:05 UTC is 11:05, over
    assert talk.next_talk(store, datetime(2026, 4, 9, 8, 30, tzinfo=UTC)) == apr09
    assert talk.next_talk(store, datetime(2026, 4, 9, 9, 5, tzinfo=UTC)) == apr23
    talk.set_cancelled(store, ADMIN, apr09, True, note="  Ostern  ")
    assert talk.next_talk(store, datetime(2026, 3, 26, 10, 30, tzinfo=UTC)) == apr23
    row = talk.talk_dates(store).set_index("talk_id").loc[apr09]
    assert bool(row["cancelled"]) and row["note"] == "Ostern"
    talk.set_cancelled(store, ADMIN, apr09, False)
    assert talk.next_talk(store, datetime(2026, 3, 26, 10, 30, tzinfo=UTC)) == apr09
    assert talk.next_talk(store, datetime(2026, 4, 23, 9, 0, tzinfo=UTC)) is None
    assert audit_rows(store, "talk_change") == [(str(apr09), '{"cancelled": true}'),
                                                (str(apr09), '{"cancelled": false}')]
    refused("talk_unknown_date", talk.set_cancelled, store, ADMIN, 999, True)


# --- requests: filing -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("user", "allowed"), [(ADMIN, True), (KUSEL, True), (KL, False), (GLANTAL, False),
                                               (GAST, False), (None, False), (RETIRED, False)])
def test_who_files_a_request_for_kusel(store, user, allowed):
    if not allowed:
        refused("talk_not_allowed", talk.file_request, store, user, request())
        return
    filed_at = datetime(2026, 1, 15, 11, 0, tzinfo=BERLIN)  # 10:00 UTC
    request_id = talk.file_request(store, user, request(), now=filed_at)
    row = talk.requests(store).iloc[0]
    assert row["request_id"] == request_id and row["filed_by"] == user.name
    assert row["filed_at"] == datetime(2026, 1, 15, 10, 0)
    assert (row["kind"], row["topic"], row["topic_name"], row["municipality"], row["district_key"], row["urgency"],
            row["status"]) == ("support", "heat_planning", "Wärmeplanung", "VG Kusel-Altenglan", "07336", "high",
                               "open")
    assert audit_rows(store, "request_file") == [
        (str(request_id), '{"kind": "support", "topic": "heat_planning", "urgency": "high"}')]


def test_a_request_is_checked_before_it_is_stored(store):
    talk.generate_series(store, ADMIN, datetime(2026, 3, 12, 10, 0), date(2026, 3, 26))
    talk.set_cancelled(store, ADMIN, 2, True)
    refused("talk_unknown_topic", talk.file_request, store, KUSEL, request(topic="astrologie"))
    refused("talk_unknown_municipality", talk.file_request, store, ADMIN, request(municipality_key="099999999"))
    refused("talk_description_missing", talk.file_request, store, KUSEL, request(description="  \n "))
    error = refused("talk_description_too_long", talk.file_request, store, KUSEL, request(description="x" * 2001))
    assert error.value == "2001"
    refused("talk_unknown_date", talk.file_request, store, KUSEL, request(talk_id=99))
    refused("talk_date_cancelled", talk.file_request, store, KUSEL, request(talk_id=2))
    talk.file_request(store, KUSEL, request(description="x" * 2000, talk_id=1, kind="agenda"))
    assert talk.requests(store)[["kind", "talk_id"]].values.tolist() == [["agenda", 1]]


@pytest.mark.parametrize(("values", "code"), [({"description": ""}, "talk_description_missing"),
                                              ({"description": "ä" * 2001}, "talk_description_too_long"),
                                              ({"kind": "beschwerde"}, "talk_kind_unknown"),
                                              ({"urgency": "sofort"}, "talk_urgency_unknown")])
def test_check_request_gives_codes(values, code):
    with pytest.raises(TalkError) as error:
        talk.check_request(**({"topic": "pv", "municipality_key": KUSEL_KEY, "description": "PV?"} | values))
    assert error.value.code == code
    assert talk.check_request(topic="pv", municipality_key=KUSEL_KEY, description=" PV? ").description == "PV?"


# --- requests: taking, answering, the agenda, deleting --------------------------------------------------------------


@pytest.fixture
def filed(store) -> int:
    return talk.file_request(store, KUSEL, request(), now=datetime(2026, 1, 15, 10, 0))


def test_taking_a_request_needs_a_profile(store, filed, kl_person):
    for user in (GAST, None, RETIRED):
        refused("talk_not_allowed", talk.take_request, store, user, filed)
    refused("talk_no_profile", talk.take_request, store, GLANTAL, filed)  # no person with account "glantal"
    refused("talk_unknown_request", talk.take_request, store, KL, 99)
    # taken on 16.07. at 10:00 summer time = 08:00 UTC
    talk.take_request(store, KL, filed, now=datetime(2026, 7, 16, 10, 0, tzinfo=BERLIN))
    row = talk.requests(store).iloc[0]
    assert (row["taken_by"], row["status"], row["first_answer_at"]) == (kl_person, "clarifying",
                                                                        datetime(2026, 7, 16, 8, 0))
    # taken again later: the first answer stays
    talk.take_request(store, KL, filed, now=datetime(2026, 7, 20, 8, 0))
    assert talk.requests(store).iloc[0]["first_answer_at"] == datetime(2026, 7, 16, 8, 0)
    taken = '{"status": "clarifying", "topic": "heat_planning"}'
    assert [d for _, d in audit_rows(store, "request_take")] == [taken, taken]


@pytest.mark.parametrize(("user", "allowed"), [(ADMIN, True), (KUSEL, True), (KL, True), (GLANTAL, False),
                                               (GAST, False), (None, False), (RETIRED, False)])
def test_who_answers_a_request_filer_taker_admin(store, filed, kl_person, user, allowed):
    talk.take_request(store, KL, filed, now=datetime(2026, 1, 16, 9, 0))
    if not allowed:
        refused("talk_not_allowed", talk.answer_request, store, user, filed, "Antwort", "done")
        return
    talk.answer_request(store, user, filed, "Antwort", "done", now=datetime(2026, 1, 20, 9, 0))
    row = talk.requests(store).iloc[0]
    assert (row["answer"], row["status"], row["done_at"]) == ("Antwort", "done", datetime(2026, 1, 20, 9, 0))


def test_before_taking_it_only_the_filer_and_admins_answer(store, filed, kl_person):
    refused("talk_not_allowed", talk.answer_request, store, KL, filed, "Antwort", "clarifying")
    refused("talk_status_unknown", talk.answer_request, store, KUSEL, filed, "Antwort", "erledigt")
    refused("talk_answer_too_long", talk.answer_request, store, KUSEL, filed, "x" * 2001, "done")
    refused("talk_unknown_request", talk.answer_request, store, ADMIN, 99, None, "done")


def test_first_answer_done_and_reopened(store, filed):
    def stamps():
        return store.execute("SELECT status, first_answer_at, done_at FROM support_requests").fetchone()

    t = [datetime(2026, 1, day, 9, 0) for day in range(16, 22)]
    talk.answer_request(store, KUSEL, filed, "   ", "open", now=t[0])  # nothing happened: still no first answer
    assert stamps() == ("open", None, None)
    talk.answer_request(store, KUSEL, filed, "Wir melden uns.", "open", now=t[1])  # an answer is a first answer
    assert stamps() == ("open", t[1], None)
    talk.answer_request(store, ADMIN, filed, "Erledigt.", "done", now=t[2])
    assert stamps() == ("done", t[1], t[2])
    talk.answer_request(store, ADMIN, filed, "Erledigt, mit Link.", "done", now=t[3])  # stays done since t[2]
    assert stamps() == ("done", t[1], t[2])
    talk.answer_request(store, KUSEL, filed, None, "clarifying", now=t[4])  # reopened
    assert stamps() == ("clarifying", t[1], None)
    talk.answer_request(store, KUSEL, filed, None, "done", now=t[5])
    assert stamps() == ("done", t[1], t[5])
    # a status change alone is a first answer too; an aware time is stored as UTC
    other = talk.file_request(store, KUSEL, request(), now=t[0])
    talk.answer_request(store, KUSEL, other, None, "done", now=datetime(2026, 7, 16, 10, 0, tzinfo=BERLIN))
    assert store.execute("SELECT first_answer_at, done_at FROM support_requests WHERE request_id = ?",
                         [other]).fetchone() == (datetime(2026, 7, 16, 8, 0), datetime(2026, 7, 16, 8, 0))


def test_the_agenda(store, filed, kl_person):
    ids = talk.generate_series(store, ADMIN, datetime(2026, 1, 15, 10, 0), date(2026, 2, 12))
    talk.set_cancelled(store, ADMIN, ids[1], True)
    for user in (GLANTAL, GAST, None, KL):  # KL has not taken it yet
        refused("talk_not_allowed", talk.set_agenda, store, user, filed, ids[0])
    refused("talk_unknown_date", talk.set_agenda, store, KUSEL, filed, 99)
    refused("talk_date_cancelled", talk.set_agenda, store, KUSEL, filed, ids[1])
    talk.set_agenda(store, KUSEL, filed, ids[0])
    assert talk.talk_dates(store)["requests"].tolist() == [1, 0, 0]
    assert talk.requests(store).iloc[0]["talk_starts_at"] == datetime(2026, 1, 15, 10, 0)
    talk.take_request(store, KL, filed)
    talk.set_agenda(store, KL, filed, ids[2])
    assert talk.talk_dates(store)["requests"].tolist() == [0, 0, 1]
    talk.set_agenda(store, ADMIN, filed, None)
    assert talk.talk_dates(store)["requests"].tolist() == [0, 0, 0]
    assert [d for _, d in audit_rows(store, "request_change")] == [
        '{"talk_id": %d, "topic": "heat_planning"}' % ids[0], '{"talk_id": %d, "topic": "heat_planning"}' % ids[2],
        '{"talk_id": null, "topic": "heat_planning"}']


@pytest.mark.parametrize(("user", "allowed"), [(ADMIN, True), (KUSEL, True), (KL, False), (GLANTAL, False),
                                               (GAST, False), (None, False), (RETIRED, False)])
def test_who_deletes_a_request_filer_or_admin(store, filed, kl_person, user, allowed):
    talk.take_request(store, KL, filed)  # the taker may answer, not delete
    talk.answer_request(store, KL, filed, "Die Antwort von Karl Beispiel (fiktiv)", "done")
    if not allowed:
        refused("talk_not_allowed", talk.delete_request, store, user, filed)
        return
    talk.delete_request(store, user, filed)
    assert store.execute("SELECT count(*) FROM support_requests").fetchone()[0] == 0
    assert audit_rows(store, "request_delete") == [(str(filed), '{"status": "done", "topic": "heat_planning"}')]
    refused("talk_unknown_request", talk.delete_request, store, ADMIN, filed)


def test_the_audit_log_keeps_no_description_and_no_answer(store, filed, kl_person):
    talk.take_request(store, KL, filed)
    talk.answer_request(store, KL, filed, "Rufen Sie Karl Beispiel (fiktiv) an: 0000 0000", "done")
    talk.delete_request(store, ADMIN, filed)
    log = "\n".join(str(v) for row in store.execute("SELECT * FROM audit_log").fetchall() for v in row)
    for content in ("Wärmeplanung aus", "Anna", "Karl", "0000 0000"):
        assert content not in log
    assert [a for (a,) in store.execute("SELECT action FROM audit_log WHERE action LIKE 'request%' ORDER BY audit_id"
                                        ).fetchall()] == ["request_file", "request_take", "request_change",
                                                          "request_delete"]


def test_deleting_the_taker_leaves_the_request_without_one(store, filed, kl_person):
    talk.take_request(store, KL, filed)
    removed = people.delete_person(store, ADMIN, kl_person)
    assert removed["requests_released"] == 1
    row = talk.requests(store).iloc[0]
    assert pd.isna(row["taken_by"]) and row["status"] == "clarifying"
    # nobody is the taker any more: the former taker's account may not answer it
    refused("talk_not_allowed", talk.answer_request, store, KL, filed, None, "done")
