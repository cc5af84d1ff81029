"""The forms of the page Klima.Taten.Talk (pages/klima_taten_talk.py): the office-hour series and cancelling a date
(the regional office), filing a request with the network's Ansprechpartner*innen for its topic, taking and answering
requests. Each form is shown to those ``ktdash.access.permissions`` allows it; ``ktdash.ingest.talk`` checks again
at the click and refuses with a code (worded here), nothing changed then. A change is confirmed after the rerun
(``talk_notice``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from ktdash.access import permissions
from ktdash.analytics import network
from ktdash.core.formatting import format_date, markdown_escape
from ktdash.core.network_vocabulary import RequestKind, RequestStatus, Urgency
from ktdash.i18n import texts
from ktdash.ingest import talk
from ktdash.output import network as words

KIND_KEYS = {RequestKind.SUPPORT.value: "talkpage_kind_support", RequestKind.AGENDA.value: "talkpage_kind_agenda"}
NOTICE = "talk_notice"


def kind_label(code: str, lang: str) -> str:
    return texts.t(KIND_KEYS[code], lang) if code in KIND_KEYS else str(code)


def date_label(row, lang: str) -> str:
    """"10.12.2026, 10:00–11:00" (and "abgesagt" for a cancelled date)."""
    start, end = pd.Timestamp(row["starts_at"]), pd.Timestamp(row["ends_at"])
    text = f"{format_date(start.date(), lang)}, {start:%H:%M}–{end:%H:%M}"
    return text + (f" ({texts.t('talkpage_cancelled', lang)})" if bool(row["cancelled"]) else "")


def refusal(exc: Exception, lang: str) -> str:
    """The words of a refusal: the catalog text of a :class:`ktdash.ingest.talk.TalkError`'s code (with its value)
    when there is one, else the code named in a general sentence."""
    if isinstance(exc, ValidationError):  # a value the model refused (never reached through these forms' widgets)
        return texts.t("talkpage_refused", lang, code=markdown_escape(str(exc.errors()[0].get("loc", ""))))
    code, value = getattr(exc, "code", type(exc).__name__), getattr(exc, "value", "")
    if code in texts.UI:
        return texts.t(code, lang, value=markdown_escape(value))
    return texts.t("talkpage_refused", lang, code=markdown_escape(code))


def done(message: str) -> None:
    st.session_state[NOTICE] = message
    st.rerun()


def show_notice() -> None:
    message = st.session_state.pop(NOTICE, None)
    if message:
        st.success(message, icon=":material/check:")


# --- dates (the regional office) ----------------------------------------------------------------------------------

def series_form(con, user, lang: str, today: date) -> None:
    """A series of office hours: first date and time, last day, every n days, length. Dates already there are
    skipped (the library never doubles one)."""
    first_day = today + timedelta(days=(3 - today.weekday()) % 7 or 7)  # the next Thursday
    with st.form("talk_series_form"):
        st.markdown(f"**{texts.t('talkpage_series_title', lang)}**")
        left, middle, right = st.columns(3)
        day = left.date_input(texts.t("talkpage_series_first", lang), value=first_day, format="DD.MM.YYYY",
                              key="talk_series_first")
        start = middle.time_input(texts.t("talkpage_series_time", lang), value=time(10, 0), step=900,
                                  key="talk_series_time")
        until = right.date_input(texts.t("talkpage_series_until", lang), value=first_day + timedelta(days=364),
                                 format="DD.MM.YYYY", key="talk_series_until")
        left, middle, _ = st.columns(3)
        every = left.number_input(texts.t("talkpage_series_every", lang), min_value=1, max_value=91, value=14,
                                  step=1, key="talk_series_every")
        minutes = middle.number_input(texts.t("talkpage_series_minutes", lang), min_value=5, max_value=480,
                                      value=60, step=5, key="talk_series_minutes")
        if not st.form_submit_button(texts.t("talkpage_series_submit", lang), type="primary"):
            return
    try:
        made = talk.generate_series(con, user, datetime.combine(day, start), until, int(every), int(minutes))
    except talk.TalkError as exc:
        st.error(refusal(exc, lang), icon=":material/block:")
        return
    done(texts.t("talkpage_series_done", lang, count=len(made)))


def cancel_form(con, user, dates: pd.DataFrame, lang: str) -> None:
    """Cancel a date (with a note) or put it back."""
    if dates.empty:
        return
    labels = {int(r["talk_id"]): date_label(r, lang) for r in dates.to_dict("records")}
    with st.form("talk_cancel_form"):
        st.markdown(f"**{texts.t('talkpage_cancel_title', lang)}**")
        chosen = st.selectbox(texts.t("talkpage_cancel_date", lang), list(labels), format_func=labels.get,
                              key="talk_cancel_id")
        note = st.text_input(texts.t("talkpage_cancel_note", lang), max_chars=300, key="talk_cancel_note")
        left, right, _ = st.columns([1, 1, 2])
        cancel = left.form_submit_button(texts.t("talkpage_cancel_submit", lang), icon=":material/event_busy:")
        restore = right.form_submit_button(texts.t("talkpage_restore_submit", lang), icon=":material/event:")
    if not (cancel or restore):
        return
    try:
        talk.set_cancelled(con, user, int(chosen), bool(cancel), note.strip() or None)
    except talk.TalkError as exc:
        st.error(refusal(exc, lang), icon=":material/block:")
        return
    done(texts.t("talkpage_cancel_done" if cancel else "talkpage_restore_done", lang, date=labels[int(chosen)]))


# --- requests -----------------------------------------------------------------------------------------------------

def contacts(con, topic: str, lang: str, personal: bool) -> None:
    """The network's Ansprechpartner*innen (and experienced people) for ``topic``: names and contact for network
    members only, else only how many there are."""
    found = network.search(con, topic, personal=personal)
    if found.empty:
        st.caption(texts.t("talkpage_contacts_none", lang))
        return
    if not personal:
        st.caption(texts.t("talkpage_contacts_count", lang, count=len(found)))
        return
    shown = pd.DataFrame({
        texts.t("talkpage_col_person", lang): found["name"],
        texts.t("talkpage_col_level", lang): [words.level_label(v, lang) for v in found["level"]],
        texts.t("talkpage_col_municipalities", lang): found["municipalities"],
        texts.t("talkpage_col_email", lang): found["email"],
        texts.t("talkpage_col_phone", lang): found["phone"]})
    st.markdown(texts.t("talkpage_contacts_title", lang))
    from pages.common import show_table

    show_table(shown, lang)


def file_form(con, user, lang: str, topics: dict[str, str], municipalities: dict[str, str],
              upcoming: pd.DataFrame) -> None:
    """File a support request or agenda topic for one of the user's municipalities (an admin: any). The topic is
    chosen first: the network's people for it are suggested before the request is written."""
    allowed = [k for k in municipalities if permissions.may_file_request(user, k)]
    st.markdown(f"**{texts.t('talkpage_file_title', lang)}**")
    if not allowed:
        st.info(texts.t("talkpage_file_no_municipality", lang))
        return
    topic = st.selectbox(texts.t("talkpage_file_topic", lang), list(topics), format_func=topics.get,
                         key="talk_file_topic")
    contacts(con, topic, lang, permissions.may_see_personal_data(user))
    dates = {None: texts.t("talkpage_file_no_date", lang)} | {
        int(r["talk_id"]): date_label(r, lang) for r in upcoming[~upcoming["cancelled"]].to_dict("records")}
    with st.form("talk_file_form", clear_on_submit=True):
        kind = st.radio(texts.t("talkpage_file_kind", lang), [k.value for k in RequestKind], horizontal=True,
                        format_func=lambda k: kind_label(k, lang), key="talk_file_kind")
        municipality = st.selectbox(texts.t("talkpage_file_municipality", lang), allowed,
                                    format_func=municipalities.get, key="talk_file_municipality")
        description = st.text_area(texts.t("talkpage_file_description", lang), max_chars=talk.DESCRIPTION_MAX,
                                   key="talk_file_description", help=texts.t("talkpage_file_description_help", lang))
        left, right = st.columns(2)
        urgency = left.selectbox(texts.t("talkpage_file_urgency", lang), [u.value for u in Urgency],
                                 index=1, format_func=lambda u: words.urgency_label(u, lang), key="talk_file_urgency")
        talk_id = right.selectbox(texts.t("talkpage_file_date", lang), list(dates), format_func=dates.get,
                                  key="talk_file_date")
        if not st.form_submit_button(texts.t("talkpage_file_submit", lang), type="primary"):
            return
    try:
        request = talk.check_request(kind=kind, topic=topic, municipality_key=municipality,
                                     description=description, urgency=urgency, talk_id=talk_id)
        number = talk.file_request(con, user, request)
    except (talk.TalkError, ValidationError) as exc:
        st.error(refusal(exc, lang), icon=":material/block:")
        return
    done(texts.t("talkpage_file_done", lang, number=number))


def take_form(con, user, requests: pd.DataFrame, own_person: int | None, lang: str) -> None:
    """Take a request that is not done and not yet one's own: one becomes its contact (status in Klärung)."""
    st.markdown(f"**{texts.t('talkpage_take_title', lang)}**")
    if own_person is None:
        st.caption(texts.t("talkpage_take_no_profile", lang))
        return
    open_rows = requests[(requests["status"] != RequestStatus.DONE.value)
                         & (requests["taken_by"].isna() | (requests["taken_by"] != own_person))]
    if open_rows.empty:
        st.caption(texts.t("talkpage_take_none", lang))
        return
    labels = {int(r["request_id"]): request_label(r, lang) for r in open_rows.to_dict("records")}
    with st.form("talk_take_form"):
        chosen = st.selectbox(texts.t("talkpage_take_choice", lang), list(labels), format_func=labels.get,
                              key="talk_take_id")
        if not st.form_submit_button(texts.t("talkpage_take_submit", lang), icon=":material/pan_tool:"):
            return
    try:
        talk.take_request(con, user, int(chosen))
    except talk.TalkError as exc:
        st.error(refusal(exc, lang), icon=":material/block:")
        return
    done(texts.t("talkpage_take_done", lang, number=int(chosen)))


def request_label(row: dict, lang: str) -> str:
    """"Nr. 12 · Wärmeplanung · VG Kusel-Altenglan · offen" (no description: the label is a choice)."""
    return texts.t("talkpage_request_label", lang, number=int(row["request_id"]), topic=row["topic_name"],
                   municipality=row["municipality"], status=words.status_label(row["status"], lang))


def answer_form(con, user, requests: pd.DataFrame, accounts: dict[int, str], dates: pd.DataFrame,
                lang: str) -> None:
    """Answer a request one may handle (filed or taken by oneself; an admin: any): the answer, the status
    (offen / in Klärung / erledigt) and its date on the agenda."""
    st.markdown(f"**{texts.t('talkpage_answer_title', lang)}**")
    mine = [permissions.may_handle_request(user, r["filed_by"], accounts.get(_int(r["taken_by"])))
            for r in requests.to_dict("records")]
    rows = requests[mine] if len(requests) else requests
    if rows.empty:
        st.caption(texts.t("talkpage_answer_none", lang))
        return
    records = {int(r["request_id"]): r for r in rows.to_dict("records")}
    chosen = st.selectbox(texts.t("talkpage_answer_choice", lang), list(records),
                          format_func=lambda n: request_label(records[n], lang), key="talk_answer_id")
    row = records[chosen]
    st.caption(texts.t("talkpage_answer_description", lang, text=markdown_escape(row["description"])))
    statuses = [s.value for s in RequestStatus]
    agenda = {None: texts.t("talkpage_file_no_date", lang)} | {
        int(r["talk_id"]): date_label(r, lang) for r in dates.to_dict("records")}
    current = _int(row["talk_id"])
    with st.form(f"talk_answer_form_{chosen}"):  # one form per request: its fields start on its values
        answer = st.text_area(texts.t("talkpage_answer_text", lang), value=_text(row["answer"]),
                              max_chars=talk.DESCRIPTION_MAX)
        left, right = st.columns(2)
        status = left.selectbox(texts.t("talkpage_answer_status", lang), statuses,
                                index=statuses.index(row["status"]) if row["status"] in statuses else 0,
                                format_func=lambda s: words.status_label(s, lang))
        talk_id = right.selectbox(texts.t("talkpage_file_date", lang), list(agenda), format_func=agenda.get,
                                  index=list(agenda).index(current) if current in agenda else 0)
        if not st.form_submit_button(texts.t("talkpage_answer_submit", lang), type="primary"):
            return
    try:
        talk.answer_request(con, user, chosen, answer.strip() or None, status)
        if talk_id != current:
            talk.set_agenda(con, user, chosen, talk_id)
    except talk.TalkError as exc:
        st.error(refusal(exc, lang), icon=":material/block:")
        return
    done(texts.t("talkpage_answer_done", lang, number=chosen))


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
