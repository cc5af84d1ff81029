"""The page Klima.Taten.Talk (pages/klima_taten_talk.py, pages/talk_forms.py) through AppTest: who may file, take and
answer requests through the page (and that a forged call is refused by the library), the regional office's dates,
that the open view and viewers see dates and figures but never a request's description, answer or who took it, and
the iCalendar download.

The module's store: the test master data and accounts (tests/conftest.py), two people with profiles — Anna
(account ``kusel``, VG Kusel-Altenglan) and Karl (account ``kl``, Stadt Kaiserslautern) —, office hours every 14
days around today (the page uses the clock), and three requests:

- no. 1 filed by kusel (Wärmeplanung, VG Kusel-Altenglan), on the agenda of the next date, open;
- no. 2 filed by kl (PV, Stadt Kaiserslautern), open, taken by nobody;
- no. 3 filed by kusel (Förderprogramme), taken by Karl, answered and done.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from conftest import make_store_file, open_page
from ktdash.access.permissions import Role, User
from ktdash.ingest import people, talk
from ktdash.ingest.talk import RequestIn, TalkError
from ktdash.store.connection import open_store

PAGE = "pages/klima_taten_talk.py"
KUSEL_KEY, KL_KEY = "073365001", "07312000"
ADMIN = User(name="agentur", role=Role.ADMIN)
KUSEL = User(name="kusel", role=Role.MANAGER, municipalities=frozenset({KUSEL_KEY}))
KL = User(name="kl", role=Role.MANAGER, municipalities=frozenset({KL_KEY}))
ANNA, KARL = "Anna Beispiel (fiktiv)", "Karl Beispiel (fiktiv)"
ANNA_MAIL, KARL_MAIL = "anna@example.org", "karl@example.org"
DESCRIPTIONS = ("Ausschreibung der Wärmeplanung: wer hat ein Muster?", "PV auf dem Rathaus: Statik-Gutachten",
                "Welche Förderung für LED-Straßenlampen?")
ANSWER = "Karl schickt das Merkblatt der Kommunalrichtlinie."
NEW_DESCRIPTION = "Wärmeplanung: wie beteiligen wir die Ortsgemeinden?"
PERSONAL = (ANNA, KARL, ANNA_MAIL, KARL_MAIL, ANSWER, *DESCRIPTIONS)


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    path = make_store_file(tmp_path_factory.mktemp("talk_page") / "talk.duckdb", accounts=True)
    con = open_store(path)
    try:
        fill(con)
    finally:
        con.close()
    return path


def fill(con) -> None:
    """The two people, their competences, the dates around today and the three requests (see the docstring)."""
    anna = people.add_person(con, ADMIN, people.check(name=ANNA, email=ANNA_MAIL, account="kusel",
                                                      municipalities=(KUSEL_KEY,), consent=True))
    karl = people.add_person(con, ADMIN, people.check(name=KARL, email=KARL_MAIL, account="kl",
                                                      municipalities=(KL_KEY,), consent=True))
    people.set_competence(con, ADMIN, anna, "heat_planning", "contact")
    people.set_competence(con, ADMIN, karl, "heat_planning", "experienced")
    people.set_competence(con, ADMIN, karl, "funding", "contact")
    today = datetime.now(UTC).date()
    first = datetime.combine(today - timedelta(days=42), datetime.min.time()).replace(hour=10)
    talk.generate_series(con, ADMIN, first, today + timedelta(days=70))
    filed = datetime.now(UTC) - timedelta(days=20)
    one = talk.file_request(con, KUSEL, RequestIn(topic="heat_planning", municipality_key=KUSEL_KEY,
                                                  description=DESCRIPTIONS[0],
                                                  talk_id=talk.next_talk(con, datetime.now(UTC))), now=filed)
    talk.file_request(con, KL, RequestIn(topic="pv", municipality_key=KL_KEY, description=DESCRIPTIONS[1]),
                      now=filed + timedelta(days=1))
    three = talk.file_request(con, KUSEL, RequestIn(topic="funding", municipality_key=KUSEL_KEY,
                                                    description=DESCRIPTIONS[2]), now=filed + timedelta(days=2))
    talk.take_request(con, KL, three, now=filed + timedelta(days=3))
    talk.answer_request(con, KL, three, ANSWER, "done", now=filed + timedelta(days=5))
    assert one == 1


def page(user: str | None = None, **query):
    at = open_page(PAGE, user=user, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def rows(path, sql: str, params=()) -> list[tuple]:
    con = open_store(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def everything(at) -> str:
    """Every text the page shows: markdown, captions, notes, metrics, tables, the options and values of widgets."""
    parts = [str(getattr(e, "value", "")) for kind in ("markdown", "caption", "info", "success", "warning",
                                                      "error", "subheader", "title", "metric") for e in at.get(kind)]
    parts += [e.value.to_string() for e in at.dataframe]
    for kind in ("selectbox", "multiselect", "radio", "text_area", "text_input"):
        for widget in at.get(kind):
            parts += [str(o) for o in getattr(widget, "options", [])] + [str(widget.value)]
    return "\n".join(parts)


def test_a_manager_files_a_request_for_their_own_municipality_with_the_topics_contacts(app_store):
    at = page("kusel", bereich="anfragen")
    municipality = at.selectbox(key="talk_file_municipality")
    assert municipality.options == ["VG Kusel-Altenglan"]  # Stadt Kaiserslautern is not offered
    at.selectbox(key="talk_file_topic").set_value("heat_planning").run()
    contacts = next(d.value for d in at.dataframe if "Person" in d.value.columns)
    assert contacts["Person"].tolist() == [ANNA, KARL]  # Ansprechpartnerin first, then the experienced
    assert contacts["Stufe"].tolist()[0] != contacts["Stufe"].tolist()[1]
    at.text_area(key="talk_file_description").input(NEW_DESCRIPTION)
    at.selectbox(key="talk_file_urgency").set_value("high")
    button(at, "Anfrage einreichen").click().run()
    assert not at.exception
    assert rows(app_store, "SELECT topic, municipality_key, urgency, status, filed_by FROM support_requests "
                           "WHERE description = ?", [NEW_DESCRIPTION]) == [
        ("heat_planning", KUSEL_KEY, "high", "open", "kusel")]
    assert any("Nr. 4 ist eingereicht" in s.value for s in at.success)


def test_a_forged_request_for_another_municipality_is_refused_by_the_library(app_store):
    con = open_store(app_store)
    try:
        before = con.execute("SELECT count(*) FROM support_requests").fetchone()[0]
        with pytest.raises(TalkError) as refused:
            talk.file_request(con, KUSEL, RequestIn(topic="pv", municipality_key=KL_KEY, description="x"))
        assert refused.value.code == "talk_not_allowed"
        assert con.execute("SELECT count(*) FROM support_requests").fetchone()[0] == before
    finally:
        con.close()


def test_a_manager_answers_only_requests_they_filed_or_took(app_store):
    at = page("kusel", bereich="anfragen")
    answerable = at.selectbox(key="talk_answer_id")
    assert [o.split(" · ")[0] for o in answerable.options] == ["Nr. 3", "Nr. 1"]  # kl's no. 2 is not offered
    # a forged answer to kl's request is refused, nothing changed
    con = open_store(app_store)
    try:
        with pytest.raises(TalkError) as refused:
            talk.answer_request(con, KUSEL, 2, "erledigt", "done")
        assert refused.value.code == "talk_not_allowed"
        assert con.execute("SELECT status, answer FROM support_requests WHERE request_id = 2").fetchone() == (
            "open", None)
    finally:
        con.close()
    # kusel takes kl's request (any member with a profile may) and may answer it then
    at.selectbox(key="talk_take_id").set_value(2)
    button(at, "Übernehmen").click().run()
    assert rows(app_store, "SELECT status, taken_by FROM support_requests WHERE request_id = 2") == [("clarifying", 1)]
    assert "Nr. 2" in [o.split(" · ")[0] for o in at.selectbox(key="talk_answer_id").options]


def test_the_regional_office_answers_any_request_and_manages_the_dates(app_store):
    at = page("agentur", bereich="anfragen")
    assert [o.split(" · ")[0] for o in at.selectbox(key="talk_answer_id").options] == ["Nr. 3", "Nr. 2", "Nr. 1"]
    at.selectbox(key="talk_answer_id").set_value(2).run()
    form = next(t for t in at.text_area if t.label == "Antwort")
    form.input("Bitte beim nächsten Termin vorstellen.")
    next(s for s in at.selectbox if s.label == "Status").set_value("done")
    button(at, "Speichern").click().run()
    assert not at.exception
    assert rows(app_store, "SELECT status, answer, done_at IS NOT NULL FROM support_requests WHERE request_id = 2"
                ) == [("done", "Bitte beim nächsten Termin vorstellen.", True)]
    # the dates: a series (dates already there are skipped) and cancelling a date
    at = page("agentur")
    before = rows(app_store, "SELECT count(*) FROM talk_dates")[0][0]
    at.number_input(key="talk_series_every").set_value(7)
    button(at, "Reihe anlegen").click().run()
    assert not at.exception
    assert rows(app_store, "SELECT count(*) FROM talk_dates")[0][0] > before
    chosen = at.selectbox(key="talk_cancel_id")
    talk_id = chosen.value
    at.text_input(key="talk_cancel_note").input("Urlaub")
    button(at, "Absagen").click().run()
    assert rows(app_store, "SELECT cancelled, note FROM talk_dates WHERE talk_id = ?", [talk_id]) == [(True, "Urlaub")]
    assert any("ist abgesagt" in s.value for s in at.success)
    marked = [d.value for d in at.dataframe if "Stand" in d.value.columns]
    assert "abgesagt" in set(marked[0]["Stand"]) | set(marked[-1]["Stand"])  # upcoming or past, marked


@pytest.mark.parametrize("user", [None, "gast"])
def test_the_open_view_and_viewers_see_dates_and_figures_but_no_personal_data(app_store, user):
    for section in ("termine", "anfragen", "kennzahlen"):
        at = page(user, bereich=section)
        shown = everything(at)
        assert not [text for text in PERSONAL if text in shown], section
        assert not at.get("text_area") and not at.get("form"), section  # no form to file or answer
    requests = next(d.value for d in page(user, bereich="anfragen").dataframe)
    assert len(requests) == 3 and "Beschreibung" not in requests.columns
    figures = page(user, bereich="kennzahlen")
    metrics = {m.label: m.value for m in figures.metric}
    assert metrics["Offene Anfragen"] == "2" and metrics["Erledigt"] == "1"
    assert metrics["Tage bis erledigt (Median)"] == "3,0"  # no. 3: filed day 2, done day 5


def test_members_see_descriptions_answers_and_who_took_a_request(app_store):
    at = page("kl", bereich="anfragen")
    table = next(d.value for d in at.dataframe if "Beschreibung" in d.value.columns)
    done = table[table["Nr."] == 3].iloc[0]
    assert (done["Beschreibung"], done["Antwort"], done["Übernommen von"]) == (DESCRIPTIONS[2], ANSWER, KARL)


def test_the_dates_come_first_with_the_agenda_and_as_an_ics_download(app_store, downloads):
    at = page(None)
    assert any("Nächster Klima.Taten.Talk" in s.value for s in at.success)
    assert any("Wärmeplanung (VG Kusel-Altenglan)" in m.value for m in at.markdown)
    upcoming = at.dataframe[0].value
    assert upcoming["Tagesordnung"].iloc[0] == "Wärmeplanung (VG Kusel-Altenglan)"
    assert "Klima-Taten-Talk_Termine.ics" in downloads
    table = downloads["Klima-Taten-Talk_Termine_kommende.csv"].decode("utf-8-sig").splitlines()
    assert table[0] == "Datum;Uhrzeit;Stand;Tagesordnung"
    assert table[1].split(";")[0] == upcoming["Datum"].iloc[0].strftime("%d.%m.%Y")  # German dates
    calendar = icalendar.Calendar.from_ical(downloads["Klima-Taten-Talk_Termine.ics"])
    events = [e for e in calendar.walk("VEVENT")]
    assert len(events) == rows(app_store, "SELECT count(*) FROM talk_dates")[0][0]
    text = downloads["Klima-Taten-Talk_Termine.ics"].decode()
    assert not [p for p in PERSONAL if p in text]


def test_the_figures_name_the_most_asked_topic_for_the_annual_plan(app_store):
    at = page("agentur", bereich="kennzahlen")
    assert any("Am häufigsten gefragt: Förderprogramme, PV, Wärmeplanung (1 von 3 Anfragen)" in i.value
               for i in at.info)
    titles = [s.value for s in at.subheader]
    assert "Anfragen je Thema" in titles and "Anfragen je Kommune" in titles
    per_topic = next(d.value for d in at.dataframe if "Thema" in d.value.columns)
    assert sorted(per_topic["Thema"]) == ["Förderprogramme", "PV", "Wärmeplanung"]
    assert per_topic["Summe"].tolist() == [1, 1, 1]
    per_place = next(d.value for d in at.dataframe if "Kommune" in d.value.columns)
    assert dict(zip(per_place["Kommune"], per_place["Summe"], strict=True)) == {"VG Kusel-Altenglan": 2,
                                                                               "Stadt Kaiserslautern": 1}
    assert len(at.get("plotly_chart")) == 3


def test_the_page_speaks_english(app_store):
    for section, words in (("termine", "Upcoming dates"), ("anfragen", "File a request"),
                           ("kennzahlen", "Requests per topic")):
        at = open_page(PAGE, lang="en", user="agentur", bereich=section)
        assert not at.exception, [e.value for e in at.exception]
        shown = everything(at)
        assert words in shown, section
        assert not [german for german in ("Anfragen je", "Termine verwalten", "Anfrage stellen", "Kommende Termine")
                    if german in shown], section


# --- the page's charts (ktdash/output/charts/network.py), hand-computed -------------------------------------------

def test_requests_over_time_keep_empty_periods_and_gather_the_rest():
    from datetime import date

    import pandas as pd

    from ktdash.output.charts import network as charts

    frame = pd.DataFrame({"period": [date(2026, 1, 1), date(2026, 1, 1), date(2026, 7, 1)],
                          "key": ["pv", "heat_planning", "heat_planning"], "label": ["PV", "Wärmeplanung",
                                                                                     "Wärmeplanung"],
                          "requests": [2, 1, 1]})
    figure = charts.requests_over_time_bars(frame, "quarter", "Anfragen", "de")
    # PV 2 and Wärmeplanung 2 requests: a tie, by name; the second quarter stays as an empty column
    assert [(t.name, list(t.x), list(t.y)) for t in figure.data] == [
        ("PV", ["Q1 2026", "Q2 2026", "Q3 2026"], [2, None, None]),
        ("Wärmeplanung", ["Q1 2026", "Q2 2026", "Q3 2026"], [1, None, 1])]
    gathered = charts.requests_over_time_bars(frame, "quarter", "Anfragen", "de", top=1)
    assert [(t.name, list(t.y)) for t in gathered.data] == [("PV", [2, None, None]), ("Übrige", [1, None, 1])]
    assert charts.period_label(date(2026, 11, 1), "month", "de") == "11.2026"
    assert charts.period_label(date(2026, 10, 1), "quarter", "en") == "Q4 2026"


def test_answer_times_show_median_and_mean_in_days():
    from ktdash.output.charts import network as charts

    figures = {"days_to_first_answer": 1.5, "days_to_done": 4.0, "mean_days_to_first_answer": 2.26,
               "mean_days_to_done": None}
    figure = charts.answer_time_bars(figures, "Antwortzeiten", "de")
    assert [(t.name, list(t.y), list(t.text)) for t in figure.data] == [
        ("Median", [1.5, 4.0], ["1,5", "4,0"]), ("Mittelwert", [2.26, None], ["2,3", None])]


def test_the_filters_live_in_the_url(app_store):
    done = next(d.value for d in page(None, bereich="anfragen", status="done").dataframe)
    assert done["Nr."].tolist() == [3]
    city = next(d.value for d in page(None, bereich="anfragen", kreis="Kaiserslautern").dataframe)
    assert city["Nr."].tolist() == [2]
    at = page("kusel", bereich="anfragen", thema="heat_planning", kommune="073365001")
    assert next(d.value for d in at.dataframe)["Nr."].tolist() == [1]
    assert at.multiselect(key="talk_topics").value == ["heat_planning"]
    at.multiselect(key="talk_topics").set_value([]).run()
    assert "thema" not in at.query_params and at.query_params["kommune"] == "073365001"
