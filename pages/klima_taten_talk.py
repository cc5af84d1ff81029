"""Klima.Taten.Talk: the regional office's fortnightly office hours, the members' support requests and agenda
topics, and their figures (issue 18).

Three sections, the choice in the URL (``?bereich=termine|anfragen|kennzahlen``): the dates (the next first, the
past below, cancelled ones marked, each with its agenda; iCalendar download; the regional office generates a series
and cancels dates), the requests (filters ``status``, ``thema``, ``kommune``, ``kreis`` in the URL; a form to file
one that suggests the network's Ansprechpartner*innen for its topic; taking and answering) and the figures (open
requests, days to the first answer and to completion, requests per topic and municipality over time; ``jahr``).

Personal data — the requests' descriptions and answers, who filed and who took them — only for network members
(``ktdash.access.permissions.may_see_personal_data``); the open view and viewers see dates and figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from ktdash.access import permissions
from ktdash.analytics import network
from ktdash.core.formatting import date_pattern, format_number, markdown_escape
from ktdash.core.network_vocabulary import RequestStatus
from ktdash.i18n import texts
from ktdash.ingest import people, talk
from ktdash.output import network as words
from ktdash.output.charts import network as network_charts
from ktdash.output.exports.ical import talk_ics
from ktdash.store import records
from pages import talk_forms as forms
from pages.common import (chart, current_user, number_text, page_start, show_table, store_cursor, table_downloads,
                          url_choice, url_multiselect, url_radio)

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()
user = current_user()
personal = permissions.may_see_personal_data(user)
admin = permissions.may_manage_network(user)
now = datetime.now(UTC)
now_local = talk.local_naive(now)

SECTIONS = {"termine": "talkpage_section_dates", "anfragen": "talkpage_section_requests",
            "kennzahlen": "talkpage_section_figures"}
FREQUENCIES = {"quarter": "talkpage_freq_quarter", "month": "talkpage_freq_month"}
COLUMNS = {  # field → catalog key of the column's name (tables and downloads)
    "agenda": "talkpage_col_agenda", "answer": "talkpage_col_answer", "date": "talkpage_col_date",
    "description": "talkpage_col_description", "done": "talkpage_col_done", "filed": "talkpage_col_filed",
    "filed_by": "talkpage_col_filed_by", "first_answer": "talkpage_col_first_answer", "kind": "talkpage_col_kind",
    "municipality": "talkpage_col_municipality", "note": "talkpage_col_note", "number": "talkpage_col_number",
    "state": "talkpage_col_state", "status": "talkpage_col_status", "taken_by": "talkpage_col_taken_by",
    "talk": "talkpage_col_talk", "time": "talkpage_col_time", "topic": "talkpage_col_topic",
    "total": "talkpage_col_total", "urgency": "talkpage_col_urgency", "days_first": "talkpage_col_days_first",
    "days_done": "talkpage_col_days_done"}


def col(field: str) -> str:
    return texts.t(COLUMNS[field], lang)


def local_dates(values: pd.Series) -> pd.Series:
    """UTC instants as stored → the local day (Europe/Berlin)."""
    stamps = pd.to_datetime(values)
    return stamps.dt.tz_localize("UTC").dt.tz_convert(talk.LOCAL).dt.date.where(stamps.notna(), None)


st.title(texts.t("page_talk", lang))
st.caption(texts.t("talkpage_intro", lang))
forms.show_notice()
if not personal:
    st.info(texts.t("talkpage_members_only", lang), icon=":material/lock:")

section = url_radio(texts.t("talkpage_section", lang), list(SECTIONS), "bereich", "talk_section",
                    default="termine", horizontal=True, format_func=lambda s: texts.t(SECTIONS[s], lang),
                    label_visibility="collapsed")

topic_frame = people.topics(con)
topics = dict(zip(topic_frame["code"], topic_frame["name"], strict=True))
municipalities = records.municipality_names(con)
districts = records.district_names(con)
dates = talk.talk_dates(con)
requests = talk.requests(con)
if not personal:  # free texts may name people, and who filed or took a request is personal: never on this page
    requests = requests.drop(columns=["description", "answer", "filed_by", "taken_by"])


# --- Termine ------------------------------------------------------------------------------------------------------

def agenda_texts(frame: pd.DataFrame) -> dict[int, str]:
    """talk_id → "Wärmeplanung (VG Kusel-Altenglan); PV (Stadt Kaiserslautern)": topics and municipalities only."""
    on = frame.dropna(subset=["talk_id"])
    if on.empty:
        return {}
    items = on.assign(item=on["topic_name"].fillna(on["topic"]) + " (" + on["municipality"].fillna("–") + ")")
    return items.groupby(items["talk_id"].astype(int))["item"].agg("; ".join).to_dict()


def dates_table(frame: pd.DataFrame, agenda: dict[int, str]) -> pd.DataFrame:
    starts, ends = pd.to_datetime(frame["starts_at"]), pd.to_datetime(frame["ends_at"])
    shown = pd.DataFrame({
        col("date"): starts.dt.normalize(),
        col("time"): starts.dt.strftime("%H:%M") + "–" + ends.dt.strftime("%H:%M"),
        col("state"): [texts.t("talkpage_cancelled" if cancelled else "talkpage_takes_place", lang)
                       for cancelled in frame["cancelled"]],
        col("agenda"): [agenda.get(int(t), "") for t in frame["talk_id"]],
    })
    if personal:  # the regional office's note may name people
        shown[col("note")] = frame["note"].tolist()
    return shown


def show_dates(frame: pd.DataFrame, agenda: dict[int, str], key: str) -> None:
    shown = dates_table(frame, agenda)
    show_table(shown, lang, column_config={
        col("date"): st.column_config.DateColumn(format=date_pattern("date_widget", lang))})
    table_downloads(shown, ("Klima-Taten-Talk", "Termine", key), f"talk_dates_{key}", lang)


def dates_section() -> None:
    agenda = agenda_texts(requests)
    ended = pd.to_datetime(dates["ends_at"]) <= pd.Timestamp(now_local)
    upcoming, past = dates[~ended], dates[ended].iloc[::-1]
    following = upcoming[~upcoming["cancelled"]]
    if following.empty:
        st.info(texts.t("talkpage_no_next", lang))
    else:
        row = following.iloc[0]
        st.success(texts.t("talkpage_next", lang, date=forms.date_label(row, lang)), icon=":material/event:")
        items = agenda.get(int(row["talk_id"]))
        st.markdown(texts.t("talkpage_next_agenda", lang, agenda=markdown_escape(items)) if items
                    else texts.t("talkpage_next_agenda_empty", lang))
    st.subheader(texts.t("talkpage_upcoming_title", lang))
    if upcoming.empty:
        st.caption(texts.t("talkpage_none_upcoming", lang))
    else:
        show_dates(upcoming, agenda, "kommende")
    if not dates.empty:
        st.download_button(texts.t("talkpage_download_ics", lang), on_click="ignore", key="talk_download_ics",
                           data=lambda: talk_ics(dates, requests, lang=lang, stamp=f"{now:%Y%m%dT%H%M%SZ}"),
                           file_name="Klima-Taten-Talk_Termine.ics", mime="text/calendar",
                           icon=":material/calendar_month:")
        st.caption(texts.t("talkpage_ics_note", lang))
    if not past.empty:
        with st.expander(texts.t("talkpage_past_title", lang, count=len(past))):
            show_dates(past, agenda, "vergangene")
    if admin:
        st.subheader(texts.t("talkpage_admin_title", lang))
        forms.series_form(con, user, lang, now_local.date())
        forms.cancel_form(con, user, pd.concat([upcoming, past]), lang)


# --- Anfragen -----------------------------------------------------------------------------------------------------

def filters(with_status: bool) -> dict:
    """The sidebar filters (in the URL): status (requests only), topics, municipalities, districts."""
    with st.sidebar:
        chosen = {"status": url_multiselect(
            texts.t("talkpage_filter_status", lang), [s.value for s in RequestStatus], "status", "talk_status",
            format_func=lambda s: words.status_label(s, lang), placeholder=texts.t("all", lang))
            if with_status else []}
        chosen["topics"] = url_multiselect(texts.t("talkpage_filter_topics", lang), list(topics), "thema",
                                           "talk_topics", format_func=topics.get, placeholder=texts.t("all", lang))
        chosen["districts"] = url_multiselect(texts.t("filter_districts", lang), list(districts), "kreis",
                                              "talk_districts", format_func=districts.get,
                                              placeholder=texts.t("all", lang))
        chosen["municipalities"] = url_multiselect(texts.t("talkpage_filter_municipalities", lang),
                                                   list(municipalities), "kommune", "talk_municipalities",
                                                   format_func=municipalities.get, placeholder=texts.t("all", lang))
    return chosen


def filtered(frame: pd.DataFrame, chosen: dict) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for field, column in (("status", "status"), ("topics", "topic"), ("districts", "district_key"),
                          ("municipalities", "municipality_key")):
        if chosen.get(field):
            keep &= frame[column].isin(chosen[field])
    return frame[keep]


def requests_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The requests (``ktdash.analytics.network.request_list``: local times; descriptions, answers, filer and taker
    only when ``personal``) as the page shows and downloads them, with the date on whose agenda each is."""
    talks = requests.set_index("request_id")["talk_starts_at"]
    shown = pd.DataFrame({
        col("number"): frame["request_id"].astype(int),
        col("kind"): [forms.kind_label(k, lang) for k in frame["kind"]],
        col("topic"): frame["topic_name"].fillna(frame["topic"]),
        col("municipality"): frame["municipality"],
        col("urgency"): [words.urgency_label(u, lang) for u in frame["urgency"]],
        col("status"): [words.status_label(s, lang) for s in frame["status"]],
        col("talk"): pd.to_datetime(frame["request_id"].map(talks)).dt.normalize(),
        col("filed"): pd.to_datetime(frame["filed_at"]).dt.normalize(),
        col("first_answer"): pd.to_datetime(frame["first_answer_at"]).dt.normalize(),
        col("done"): pd.to_datetime(frame["done_at"]).dt.normalize(),
        col("days_first"): frame["days_to_first_answer"].astype(float).round(1),
        col("days_done"): frame["days_to_done"].astype(float).round(1),
    })
    if personal:
        for field in ("description", "filed_by", "taken_by", "answer"):
            shown[col(field)] = frame[field].tolist()
    return shown


def requests_section() -> None:
    chosen = filters(with_status=True)
    listed = filtered(network.request_list(con, personal), chosen)
    st.subheader(texts.t("talkpage_requests_title", lang, count=format_number(len(listed), 0, lang),
                         total=format_number(len(requests), 0, lang)))
    if listed.empty:
        st.info(texts.t("talkpage_requests_none", lang))
    else:
        shown = requests_table(listed)
        dates_config = {col(f): st.column_config.DateColumn(format=date_pattern("date_widget", lang))
                        for f in ("talk", "filed", "first_answer", "done")}
        show_table(shown, lang, plain=(col("number"),), column_config=dates_config,
                   decimals={col("days_first"): 1, col("days_done"): 1})
        table_downloads(shown, ("Klima-Taten-Talk", "Anfragen"), "talk_requests_table", lang)
    if not personal:
        return
    upcoming = dates[pd.to_datetime(dates["ends_at"]) > pd.Timestamp(now_local)]
    st.divider()
    forms.file_form(con, user, lang, topics, municipalities, upcoming)
    st.divider()
    own = people.person_for_account(con, user.name)
    team = network.people_table(con, personal=True)
    accounts = dict(zip(team["person_id"].astype(int), team["account"], strict=True))
    rows = filtered(requests, chosen)
    left, right = st.columns(2)
    with left:
        forms.take_form(con, user, rows, own, lang)
    with right:
        forms.answer_form(con, user, rows, accounts, upcoming, lang)


# --- Kennzahlen ---------------------------------------------------------------------------------------------------

def one(values: list):
    return values[0] if len(values) == 1 else None


def over_time_table(frame: pd.DataFrame, freq: str, label: str) -> pd.DataFrame:
    """Rows = topics or municipalities (most requests first), columns = the periods in order, and the total."""
    periods = sorted(pd.to_datetime(frame["period"]).unique())
    names = [network_charts.period_label(p, freq, lang) for p in periods]
    data = frame.assign(period=[network_charts.period_label(p, freq, lang) for p in frame["period"]])
    table = data.pivot_table(index="label", columns="period", values="requests", aggfunc="sum")
    table = table.reindex(columns=names).fillna(0).astype(int)
    table[col("total")] = table.sum(axis=1)
    table = table.sort_values(col("total"), ascending=False, kind="stable")
    return table.rename_axis(index=label, columns=None).reset_index()


def figures_section() -> None:
    chosen = filters(with_status=False)
    years = sorted({d.year for d in local_dates(requests["filed_at"]).dropna()}, reverse=True)
    url_year = url_choice("jahr", years, container=st.sidebar)
    choices = [None] + years
    with st.sidebar:
        year = st.selectbox(texts.t("filter_year", lang), choices, key="talk_year",
                            index=choices.index(url_year[-1]) if url_year else 0,
                            format_func=lambda y: texts.t("talkpage_all_years", lang) if y is None else str(y))
    if year is None:
        st.query_params.pop("jahr", None)
    else:
        st.query_params["jahr"] = str(year)
    since, until = (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    scope = {"topic": one(chosen["topics"]), "municipality_key": one(chosen["municipalities"]),
             "district_key": one(chosen["districts"])}
    if any(len(v) > 1 for v in chosen.values()):
        st.caption(texts.t("talkpage_figures_many", lang))
    figures = network.request_figures(con, now.replace(tzinfo=None), since, until, **scope)
    cards = st.columns(5)
    cards[0].metric(texts.t("talkpage_kpi_open", lang), number_text(figures["open"], lang))
    cards[1].metric(texts.t("talkpage_kpi_clarifying", lang), number_text(figures["clarifying"], lang))
    cards[2].metric(texts.t("talkpage_kpi_done", lang), number_text(figures["done"], lang))
    cards[3].metric(texts.t("talkpage_kpi_first_answer", lang), number_text(figures["days_to_first_answer"], lang, 1),
                    help=texts.t("talkpage_kpi_mean", lang,
                                 mean=number_text(figures["mean_days_to_first_answer"], lang, 1)))
    cards[4].metric(texts.t("talkpage_kpi_to_done", lang), number_text(figures["days_to_done"], lang, 1),
                    help=texts.t("talkpage_kpi_mean", lang, mean=number_text(figures["mean_days_to_done"], lang, 1)))
    st.caption(texts.t("talkpage_kpi_note", lang))
    freq = st.radio(texts.t("talkpage_freq", lang), list(FREQUENCIES), horizontal=True, key="talk_freq",
                    format_func=lambda f: texts.t(FREQUENCIES[f], lang))
    by_topic = network.requests_over_time(con, "topic", freq, since, until, **scope)
    by_place = network.requests_over_time(con, "municipality", freq, since, until, **scope)
    takeaway(by_topic)
    for frame, what, name, key in ((by_topic, "topic", "Themen", "talkpage_over_time_topic"),
                                   (by_place, "municipality", "Kommunen", "talkpage_over_time_municipality")):
        title = texts.t(key, lang)
        st.subheader(title)
        if frame.empty or frame["requests"].sum() == 0:
            st.caption(texts.t("talkpage_requests_none", lang))
            continue
        chart(network_charts.requests_over_time_bars(frame, freq, f"{title} – {texts.t(FREQUENCIES[freq], lang)}",
                                                     lang),
              ("Klima-Taten-Talk", name, year or "alle_Jahre"), f"talk_chart_{what}", lang)
        table = over_time_table(frame, freq, col(what))
        show_table(table, lang)
        table_downloads(table, ("Klima-Taten-Talk", name, year or "alle_Jahre"), f"talk_table_{what}", lang)
    chart(network_charts.answer_time_bars(figures, texts.t("talkpage_chart_answer_time", lang), lang),
          ("Klima-Taten-Talk", "Antwortzeiten", year or "alle_Jahre"), "talk_chart_answer_time", lang)


def takeaway(by_topic: pd.DataFrame) -> None:
    """The sentence that feeds the annual planning: the most-asked topic(s) of the selection."""
    if by_topic.empty or by_topic["requests"].sum() == 0:
        return
    totals = by_topic.groupby("label")["requests"].sum()
    top = sorted(totals[totals == totals.max()].index)
    st.info(texts.t("talkpage_most_asked", lang, topic=markdown_escape(", ".join(map(str, top))),
                    count=int(totals.max()), total=int(totals.sum())), icon=":material/lightbulb:")
    st.page_link("pages/jahresplanung.py", label=texts.t("talkpage_plan_link", lang),
                 icon=":material/calendar_month:")


if section == "termine":
    dates_section()
elif section == "anfragen":
    requests_section()
else:
    figures_section()
