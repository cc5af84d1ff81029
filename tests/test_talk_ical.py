"""The Klima.Taten.Talk's iCalendar file (ktdash/output/exports/ical.py talk_ics): valid RFC 5545 as the `icalendar`
parser reads it; every date, in UTC from the Berlin wall clock in winter and summer; cancelled dates; folded lines;
the agenda's topics and municipalities and nothing personal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from ktdash.access.permissions import Role, User
from ktdash.ingest import people, talk
from ktdash.output.exports.ical import talk_ics

ADMIN = User(name="agentur", role=Role.ADMIN)
KUSEL = User(name="kusel", role=Role.MANAGER, municipalities=frozenset({"073365001"}))
PERSON = "Anna Beispiel (fiktiv)"

# every second Thursday 10:00 from 15.01.2026 to 16.07.2026, hand-listed; summer time from 29.03.2026
DATES = ["2026-01-15", "2026-01-29", "2026-02-12", "2026-02-26", "2026-03-12", "2026-03-26", "2026-04-09",
         "2026-04-23", "2026-05-07", "2026-05-21", "2026-06-04", "2026-06-18", "2026-07-02", "2026-07-16"]


@pytest.fixture
def calendar(store):
    ids = talk.generate_series(store, ADMIN, datetime(2026, 1, 15, 10, 0), date(2026, 7, 16))
    talk.set_cancelled(store, ADMIN, ids[6], True, note=f"Urlaub von {PERSON}")  # 09.04.
    person_id = people.add_person(store, ADMIN, people.check(name=PERSON, email="anna@example.org", account="kusel",
                                                            phone="00000 012345", consent=True))
    assert person_id
    first = talk.file_request(store, KUSEL, talk.RequestIn(
        topic="heat_planning", municipality_key="073365001", talk_id=ids[0],
        description=f"{PERSON} fragt: Wie schreiben wir die Wärmeplanung aus?"))
    talk.take_request(store, KUSEL, first)
    talk.answer_request(store, KUSEL, first, f"Antwort an {PERSON}", "clarifying")
    for topic in ("pv", "funding", "street_lighting", "climate_adaptation", "public_relations"):
        talk.file_request(store, ADMIN, talk.RequestIn(topic=topic, municipality_key="07312000", talk_id=ids[1],
                                                       description="Geheimer Text"))
    talk.file_request(store, ADMIN, talk.RequestIn(topic="mobility", municipality_key="07312000",
                                                   description="Noch ohne Termin"))
    return ids, talk_ics(talk.talk_dates(store), talk.requests(store))


def events(data: bytes) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(data)
    return {ev.decoded("DTSTART").astimezone(UTC).date().isoformat(): ev for ev in parsed.walk("VEVENT")}


def test_every_date_once_with_a_stable_uid(calendar):
    ids, data = calendar
    found = events(data)
    assert sorted(found) == DATES
    assert [str(found[d]["UID"]) for d in DATES] == [f"talk-{i}@ktdash" for i in ids]
    assert all(str(ev["SUMMARY"]) in {"Klima.Taten.Talk", "Klima.Taten.Talk – abgesagt"} for ev in found.values())


def test_utc_times_in_winter_and_summer(calendar):
    found = events(calendar[1])
    utc = {d: found[d].decoded("DTSTART") for d in DATES}
    assert utc["2026-01-15"] == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 MEZ
    assert utc["2026-03-26"] == datetime(2026, 3, 26, 9, 0, tzinfo=UTC)  # the last date before the change
    assert utc["2026-04-09"] == datetime(2026, 4, 9, 8, 0, tzinfo=UTC)  # 10:00 MESZ
    assert utc["2026-07-16"] == datetime(2026, 7, 16, 8, 0, tzinfo=UTC)
    for d in DATES:
        assert found[d].decoded("DTEND") - found[d].decoded("DTSTART") == timedelta(minutes=60)
    raw = calendar[1].decode()
    assert "DTSTART:20260115T090000Z\r\n" in raw and "DTSTART:20260716T080000Z\r\n" in raw


def test_cancelled_dates(calendar):
    found = events(calendar[1])
    assert [d for d in DATES if str(found[d]["STATUS"]) == "CANCELLED"] == ["2026-04-09"]
    assert {str(found[d]["STATUS"]) for d in DATES if d != "2026-04-09"} == {"CONFIRMED"}
    assert str(found["2026-04-09"]["SUMMARY"]) == "Klima.Taten.Talk – abgesagt"


def test_the_agenda_names_topics_and_municipalities_only(calendar):
    data = calendar[1]
    found = events(data)
    assert str(found["2026-01-15"]["DESCRIPTION"]) == "Tagesordnung:\n- Wärmeplanung (VG Kusel-Altenglan)"
    assert str(found["2026-01-29"]["DESCRIPTION"]).splitlines() == [
        "Tagesordnung:", "- Förderprogramme (Stadt Kaiserslautern)",  # by topic, Ö as O
        "- Klimaanpassung (Stadt Kaiserslautern)", "- Öffentlichkeitsarbeit (Stadt Kaiserslautern)",
        "- PV (Stadt Kaiserslautern)", "- Straßenbeleuchtung (Stadt Kaiserslautern)"]
    assert str(found["2026-02-12"]["DESCRIPTION"]) == "Noch keine Themen auf der Tagesordnung."
    text = data.decode("utf-8").replace("\r\n ", "")  # unfolded
    for personal in ("Anna", "Beispiel", "anna@example.org", "012345", "Geheimer Text", "Noch ohne Termin", "Urlaub",
                     "fragt", "Antwort"):
        assert personal not in text


def test_rfc5545_lines_crlf_and_folding(calendar):
    data = calendar[1]
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    folded = [i for i, line in enumerate(lines) if line.startswith(b" ")]
    assert folded  # the agenda of 29.01. is longer than one line
    assert lines[folded[0] - 1].startswith(b"DESCRIPTION:") and len(lines[folded[0] - 1]) == 75
    # a fold never splits a UTF-8 character: every physical line decodes on its own
    for line in lines:
        line.decode("utf-8")
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["VERSION"]) == "2.0" and str(parsed["PRODID"]).startswith("-//ktdash//")


def test_english_words_the_same_events(store):
    ids = talk.generate_series(store, ADMIN, datetime(2026, 7, 2, 10, 0), date(2026, 7, 16))
    talk.set_cancelled(store, ADMIN, ids[1], True)
    data = talk_ics(talk.talk_dates(store), None, lang="en", stamp="20260701T120000Z")
    found = events(data)
    assert sorted(found) == ["2026-07-02", "2026-07-16"]
    assert str(found["2026-07-02"]["DESCRIPTION"]) == "No topics on the agenda yet."
    assert str(found["2026-07-16"]["SUMMARY"]) == "Klima.Taten.Talk – cancelled"
    assert found["2026-07-02"].decoded("DTSTAMP") == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert data == talk_ics(talk.talk_dates(store), None, lang="en", stamp="20260701T120000Z")  # reproducible
    assert talk_ics(talk.talk_dates(store).iloc[:0]).count(b"BEGIN:VEVENT") == 0
