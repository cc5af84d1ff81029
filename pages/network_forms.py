"""The Netzwerk page's forms (issue 18): a member's own profile and competences, and for the regional office
(admin) every person, the posts and the topics.

Who sees which form follows :mod:`ktdash.access.permissions` (``may_edit_profile``, ``may_manage_network``); the
library (:mod:`ktdash.ingest.people`) checks again at the click, audits every change and refuses with a
:class:`~ktdash.ingest.people.PersonError` code and value, which :func:`refusal` words in the reader's language
(field, value, what to do; nothing is changed). The forms keep their values per chosen person or post (the
widgets' keys carry its number), so choosing another one shows its stored values.
"""

from __future__ import annotations

import contextlib
from datetime import date

import pandas as pd
import streamlit as st

from ktdash.access.permissions import is_network_member, may_manage_network
from ktdash.core.formatting import date_pattern, display_text, format_date, format_number
from ktdash.core.formatting import markdown_escape as escape
from ktdash.core.network_vocabulary import Funding, Level
from ktdash.i18n import texts
from ktdash.ingest import people as changes
from ktdash.output import network as words
from pages.common import current_user, data_version, store_cursor

NEW = 0  # the choice "a new person / post" (numbers are positive)
NONE = ""  # no competence in a topic

# refusal code → (the field it concerns: catalog key or None, the reason: catalog key with {value})
REFUSALS = {
    "person_consent_missing": ("netpage_field_consent", "netpage_refused_consent"),
    "person_name_missing": ("netpage_field_name", "netpage_refused_name"),
    "person_email_invalid": ("netpage_field_email", "netpage_refused_email"),
    "person_not_allowed": (None, "netpage_refused_not_allowed"),
    "person_unknown": (None, "netpage_refused_person_unknown"),
    "person_unknown_municipality": ("netpage_field_municipalities", "netpage_refused_municipality"),
    "person_account_taken": ("netpage_field_account", "netpage_refused_account"),
    "competence_unknown_topic": ("netpage_field_topic", "netpage_refused_topic"),
    "competence_unknown_level": ("netpage_field_level", "netpage_refused_level"),
    "post_share_invalid": ("netpage_field_share", "netpage_refused_share"),
    "post_funding_unknown": ("netpage_field_funding", "netpage_refused_funding"),
    "post_end_missing": ("netpage_field_funding_end", "netpage_refused_end"),
    "post_unknown_municipality": ("netpage_field_municipality", "netpage_refused_municipality"),
    "post_unknown_person": ("netpage_field_person", "netpage_refused_person_unknown"),
    "post_unknown": (None, "netpage_refused_post_unknown"),
    "post_not_allowed": (None, "netpage_refused_not_allowed"),
    "topic_not_allowed": (None, "netpage_refused_not_allowed"),
    "topic_name_missing": ("netpage_field_topic_name", "netpage_refused_topic_name"),
    "topic_name_taken": ("netpage_field_topic_name", "netpage_refused_topic_taken"),
    "topic_code_taken": ("netpage_field_topic_name", "netpage_refused_topic_taken"),
}


def t(key: str, lang: str, **fields) -> str:
    return texts.t(key, lang, **fields)


@st.cache_data(show_spinner=False)
def _municipality_names(version) -> dict[str, str]:
    from ktdash.store.records import municipality_names as names  # a lookup of ktdash.store; no SQL here

    return dict(sorted(names(store_cursor()).items(), key=lambda item: item[1]))


def municipality_names() -> dict[str, str]:
    """Every municipality (incl. the Kreisverwaltungen): key → name, by name (cached per data version)."""
    return _municipality_names(data_version())


def _value_text(code: str, value: str, lang: str) -> str:
    """The refused value as the reader writes it: a share in %, a day as 31.12.2024, a municipality by name."""
    with contextlib.suppress(ValueError):
        if code == "post_share_invalid":
            return f"{format_number(100 * float(value), 0, lang)} %"
        if code == "post_end_missing" and value:
            return format_date(date.fromisoformat(value), lang)
    if code in ("person_unknown_municipality", "post_unknown_municipality"):
        return municipality_names().get(value, value)
    return value


def refusal(error: changes.PersonError, lang: str) -> str:
    """A refused change in words: which field, which value, what to do — and that nothing was changed."""
    field, reason = REFUSALS.get(error.code, (None, None))
    value = escape(_value_text(error.code, error.value or "", lang) or "–")
    if reason is None:
        return t("netpage_refused_other", lang, code=error.code, value=value)
    text = t(reason, lang, value=value)
    return t("netpage_refused_field", lang, field=t(field, lang), reason=text) if field else \
        t("netpage_refused", lang, reason=text)


def _messages(prefix: str) -> None:
    state = st.session_state
    if f"netpage_{prefix}_error" in state:
        st.error(state.pop(f"netpage_{prefix}_error"), icon=":material/block:")
    if f"netpage_{prefix}_message" in state:
        st.success(state.pop(f"netpage_{prefix}_message"), icon=":material/check_circle:")


def _refused(prefix: str, error: changes.PersonError, lang: str) -> None:
    st.session_state[f"netpage_{prefix}_error"] = refusal(error, lang)


def _row(frame: pd.DataFrame, column: str, value) -> dict:
    found = frame[frame[column] == value]
    return {} if found.empty else found.iloc[0].to_dict()


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


# --- a person's profile and competences -----------------------------------------------------------------------------

def _person_key(prefix: str, field: str, person_id: int) -> str:
    return f"netpage_{prefix}_{field}_{person_id}"


def _person_form(prefix: str, person_id: int, row: dict, lang: str, admin: bool) -> None:
    """Name, role, e-mail, phone, municipalities, (admins: account) and consent of one person (NEW: a new one)."""
    names = municipality_names()
    key = lambda field: _person_key(prefix, field, person_id)  # noqa: E731
    with st.form(f"netpage_{prefix}_person_form_{person_id}", border=False):
        left, right = st.columns(2)
        left.text_input(t("netpage_field_name", lang), value=_text(row.get("name")), key=key("name"), max_chars=200)
        right.text_input(t("netpage_field_role", lang), value=_text(row.get("role_title")), key=key("role"),
                         max_chars=200)
        left.text_input(t("netpage_field_email", lang), value=_text(row.get("email")), key=key("email"),
                        max_chars=200)
        right.text_input(t("netpage_field_phone", lang), value=_text(row.get("phone")), key=key("phone"),
                         max_chars=100)
        chosen = [k for k in (row.get("municipality_keys") or []) if k in names]
        st.multiselect(t("netpage_field_municipalities", lang), list(names), default=chosen, key=key("municipalities"),
                       format_func=lambda k: display_text(names.get(k, k)))
        if admin:
            st.text_input(t("netpage_field_account", lang), value=_text(row.get("account")), key=key("account"),
                          help=t("netpage_field_account_help", lang), max_chars=100)
        st.checkbox(t("netpage_field_consent_text", lang), value=bool(row), key=key("consent"))
        st.form_submit_button(t("netpage_save_profile", lang), type="primary", on_click=_save_person,
                              args=(prefix, person_id, row.get("account"), admin, lang))


def _save_person(prefix: str, person_id: int, account: str | None, admin: bool, lang: str) -> None:
    state = st.session_state
    key = lambda field: _person_key(prefix, field, person_id)  # noqa: E731
    values = {"name": state[key("name")], "role_title": state[key("role")].strip() or None,
              "email": state[key("email")], "phone": state[key("phone")].strip() or None,
              "municipalities": tuple(state[key("municipalities")]), "consent": state[key("consent")],
              "account": (state[key("account")].strip() or None) if admin else account}
    con, user = store_cursor(), current_user()
    try:
        person = changes.check(**values)
        if person_id == NEW:
            number = changes.add_person(con, user, person)
            for field in ("name", "role", "email", "phone", "municipalities", "account", "consent"):
                state.pop(key(field), None)
            state[f"netpage_{prefix}_choice"] = number
            state[f"netpage_{prefix}_message"] = t("netpage_person_added", lang, name=escape(person.name))
        else:
            changes.update_person(con, user, person_id, person)
            state[f"netpage_{prefix}_message"] = t("netpage_person_saved", lang, name=escape(person.name))
    except changes.PersonError as error:
        _refused(prefix, error, lang)


def _competence_form(prefix: str, person_id: int, matrix: pd.DataFrame, topics: pd.DataFrame, lang: str) -> None:
    """One level per topic (or none); saving sets exactly the changed ones."""
    current = dict(zip(*(matrix.loc[matrix["person_id"] == person_id, c] for c in ("topic", "level")), strict=True))
    options = [NONE, *(v.value for v in Level)]
    st.markdown("**" + t("netpage_competences_title", lang) + "**")
    with st.form(f"netpage_{prefix}_competence_form_{person_id}", border=False):
        columns = st.columns(2)
        for i, (code, name) in enumerate(zip(topics["topic"], topics["topic_name"], strict=True)):
            level = current.get(code, NONE)
            columns[i % 2].selectbox(escape(name), options,  # a label is Markdown
                                     index=options.index(level) if level in options else 0,
                                     key=_person_key(prefix, f"level_{code}", person_id),
                                     format_func=lambda v: t("netpage_level_none", lang) if v == NONE
                                     else words.level_label(v, lang))
        st.form_submit_button(t("netpage_save_competences", lang), type="primary", on_click=_save_competences,
                              args=(prefix, person_id, current, tuple(topics["topic"]), lang))


def _save_competences(prefix: str, person_id: int, current: dict, codes: tuple, lang: str) -> None:
    state = st.session_state
    con, user = store_cursor(), current_user()
    changed = 0
    try:
        for code in codes:
            level = state.get(_person_key(prefix, f"level_{code}", person_id), NONE)
            if level != current.get(code, NONE):
                changes.set_competence(con, user, person_id, code, level or None)
                changed += 1
    except changes.PersonError as error:
        _refused(prefix, error, lang)
        return
    state[f"netpage_{prefix}_message"] = t("netpage_competences_saved", lang, n=changed)


def profile_section(user, people: pd.DataFrame, matrix: pd.DataFrame, topics: pd.DataFrame, lang: str) -> None:
    """A network member's own profile and competences; a manager without a profile reads that the regional office
    creates it. Nothing for viewers and visitors."""
    if not is_network_member(user):
        return
    person_id = changes.person_for_account(store_cursor(), user.name)
    if person_id is None:
        if not may_manage_network(user):
            st.info(t("netpage_profile_missing", lang), icon=":material/badge:")
        return
    state = st.session_state
    with st.expander(t("netpage_profile_title", lang), icon=":material/badge:",
                     expanded="netpage_own_error" in state or "netpage_own_message" in state):
        _person_form("own", person_id, _row(people, "person_id", person_id), lang, admin=False)
        _competence_form("own", person_id, matrix, topics, lang)
    _messages("own")


# --- the regional office: people -----------------------------------------------------------------------------------

def people_admin(user, people: pd.DataFrame, matrix: pd.DataFrame, topics: pd.DataFrame, lang: str) -> None:
    """Add, change and delete any person, and set their competences (admins only)."""
    if not may_manage_network(user):
        return
    state = st.session_state
    choice_key = "netpage_admin_choice"
    names = dict(zip(people["person_id"].astype(int), people["name"], strict=True))
    if state.get(choice_key) not in [NEW, *names]:
        state[choice_key] = NEW
    with st.expander(t("netpage_admin_people_title", lang), icon=":material/manage_accounts:",
                     expanded=state[choice_key] != NEW or "netpage_admin_error" in state
                     or "netpage_admin_message" in state):
        st.selectbox(t("netpage_admin_choice", lang), [NEW, *names], key=choice_key,
                     on_change=lambda: state.pop("netpage_admin_confirm", None),
                     format_func=lambda n: t("netpage_admin_new", lang) if n == NEW
                     else t("netpage_admin_existing", lang, number=n, name=display_text(names[n])))
        choice = state[choice_key]
        _person_form("admin", choice, _row(people, "person_id", choice), lang, admin=True)
        if choice != NEW:
            _competence_form("admin", choice, matrix, topics, lang)
            _delete_person_buttons(choice, names[choice], lang)
    _messages("admin")


def _delete_person_buttons(person_id: int, name: str, lang: str) -> None:
    state = st.session_state
    if not state.get("netpage_admin_confirm"):
        st.button(t("netpage_delete_person", lang), key="netpage_delete_person", icon=":material/delete:",
                  on_click=lambda: state.__setitem__("netpage_admin_confirm", True))
        return
    st.warning(t("netpage_delete_person_confirm", lang, name=escape(name)), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 3])
    yes.button(t("netpage_delete_yes", lang), key="netpage_delete_person_yes", type="primary",
               on_click=_delete_person, args=(person_id, name, lang))
    no.button(t("netpage_delete_no", lang), key="netpage_delete_person_no",
              on_click=lambda: state.pop("netpage_admin_confirm", None))


def _delete_person(person_id: int, name: str, lang: str) -> None:
    state = st.session_state
    state.pop("netpage_admin_confirm", None)
    try:
        removed = changes.delete_person(store_cursor(), current_user(), person_id)
    except changes.PersonError as error:
        _refused("admin", error, lang)
        return
    state["netpage_admin_choice"] = NEW
    state["netpage_admin_message"] = t("netpage_person_deleted", lang, name=escape(name),
                                       competences=removed.get("competences", 0),
                                       posts=removed.get("posts_vacated", 0))


# --- the regional office: topics -----------------------------------------------------------------------------------

def topic_admin(user, lang: str) -> None:
    """Add a topic to the network's vocabulary (admins only)."""
    if not may_manage_network(user):
        return
    with (st.expander(t("netpage_topic_title", lang), icon=":material/new_label:",
                      expanded="netpage_topic_error" in st.session_state),
          st.form("netpage_topic_form", border=False)):
        st.text_input(t("netpage_field_topic_name", lang), key="netpage_topic_name", max_chars=100)
        st.form_submit_button(t("netpage_topic_add", lang), on_click=_add_topic, args=(lang,))
    _messages("topic")


def _add_topic(lang: str) -> None:
    state = st.session_state
    try:
        changes.add_topic(store_cursor(), current_user(), state.get("netpage_topic_name") or "")
    except changes.PersonError as error:
        _refused("topic", error, lang)
        return
    state["netpage_topic_message"] = t("netpage_topic_added", lang, name=escape(state["netpage_topic_name"].strip()))
    state["netpage_topic_name"] = ""


# --- the regional office: posts ------------------------------------------------------------------------------------

def _post_key(field: str, post_id: int) -> str:
    return f"netpage_post_{field}_{post_id}"


def posts_admin(user, posts: pd.DataFrame, people: pd.DataFrame, lang: str) -> None:
    """Add, change and delete the climate-protection posts (admins only)."""
    if not may_manage_network(user):
        return
    state = st.session_state
    choice_key = "netpage_post_choice"
    labels = {int(p): t("netpage_post_existing", lang, number=int(p), municipality=display_text(m))
              for p, m in zip(posts["post_id"], posts["municipality"], strict=True)}
    if state.get(choice_key) not in [NEW, *labels]:
        state[choice_key] = NEW
    with st.expander(t("netpage_post_title", lang), icon=":material/work:",
                     expanded=state[choice_key] != NEW or "netpage_post_error" in state
                     or "netpage_post_message" in state):
        st.selectbox(t("netpage_post_choice", lang), [NEW, *labels], key=choice_key,
                     on_change=lambda: state.pop("netpage_post_confirm", None),
                     format_func=lambda n: t("netpage_post_new", lang) if n == NEW else labels[n])
        choice = state[choice_key]
        _post_form(choice, _row(posts, "post_id", choice), people, lang)
        if choice != NEW:
            _delete_post_buttons(choice, labels[choice], lang)
    _messages("post")


def _post_form(post_id: int, row: dict, people: pd.DataFrame, lang: str) -> None:
    names = municipality_names()
    persons = dict(zip(people["person_id"].astype(int), people["name"], strict=True))
    holder = row.get("person_id")
    holder = int(holder) if holder is not None and not pd.isna(holder) and int(holder) in persons else NEW
    municipality = row.get("municipality_key")
    fundings = [f.value for f in Funding]
    end = row.get("funding_end")
    with st.form(f"netpage_post_form_{post_id}", border=False):
        left, right = st.columns(2)
        left.selectbox(t("netpage_field_municipality", lang), list(names), key=_post_key("municipality", post_id),
                       index=list(names).index(municipality) if municipality in names else None,
                       format_func=lambda k: display_text(names.get(k, k)), placeholder=t("netpage_choose", lang))
        right.selectbox(t("netpage_field_person", lang), [NEW, *persons], key=_post_key("person", post_id),
                        index=[NEW, *persons].index(holder),
                        format_func=lambda p: t("netpage_vacant", lang) if p == NEW else display_text(persons[p]))
        left.selectbox(t("netpage_field_funding", lang), fundings, key=_post_key("funding", post_id),
                       index=fundings.index(row["funding"]) if row.get("funding") in fundings else 0,
                       format_func=lambda f: words.funding_label(f, lang))
        right.text_input(t("netpage_field_programme", lang), value=_text(row.get("programme")),
                         key=_post_key("programme", post_id), max_chars=200)
        left.date_input(t("netpage_field_funding_end", lang), key=_post_key("end", post_id),
                        value=None if end is None or pd.isna(end) else pd.Timestamp(end).date(),
                        min_value=date(2000, 1, 1), max_value=date(2100, 12, 31),
                        format=date_pattern("date_widget", lang))
        share = row.get("share_of_time")
        right.number_input(t("netpage_field_share", lang), key=_post_key("share", post_id), min_value=0.0, step=10.0,
                           value=100.0 if share is None or pd.isna(share) else round(100 * float(share), 1),
                           format="%.0f", help=t("netpage_field_share_help", lang))
        st.checkbox(t("netpage_field_permanent", lang), value=bool(row.get("permanent") or False),
                    key=_post_key("permanent", post_id))
        st.form_submit_button(t("netpage_save_post", lang), type="primary", on_click=_save_post, args=(post_id, lang))


def _save_post(post_id: int, lang: str) -> None:
    state = st.session_state
    municipality = state[_post_key("municipality", post_id)]
    share = state[_post_key("share", post_id)]
    values = {"municipality_key": municipality or "", "person_id": state[_post_key("person", post_id)] or None,
              "funding": state[_post_key("funding", post_id)], "programme": state[_post_key("programme", post_id)],
              "funding_end": state[_post_key("end", post_id)], "permanent": state[_post_key("permanent", post_id)],
              "share_of_time": (share or 0.0) / 100}
    con, user = store_cursor(), current_user()
    place = display_text(municipality_names().get(municipality or "", municipality or "–"))
    try:
        post = changes.check_post(**values)
        if post_id == NEW:
            number = changes.add_post(con, user, post)
            for field in ("municipality", "person", "funding", "programme", "end", "share", "permanent"):
                state.pop(_post_key(field, NEW), None)
            state["netpage_post_choice"] = number
            state["netpage_post_message"] = t("netpage_post_added", lang, number=number, municipality=escape(place))
        else:
            changes.update_post(con, user, post_id, post)
            state["netpage_post_message"] = t("netpage_post_saved", lang, number=post_id, municipality=escape(place))
    except changes.PersonError as error:
        _refused("post", error, lang)


def _delete_post_buttons(post_id: int, label: str, lang: str) -> None:
    state = st.session_state
    if not state.get("netpage_post_confirm"):
        st.button(t("netpage_delete_post", lang), key="netpage_delete_post", icon=":material/delete:",
                  on_click=lambda: state.__setitem__("netpage_post_confirm", True))
        return
    st.warning(t("netpage_delete_post_confirm", lang, post=escape(label)), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 3])
    yes.button(t("netpage_delete_yes", lang), key="netpage_delete_post_yes", type="primary", on_click=_delete_post,
               args=(post_id, label, lang))
    no.button(t("netpage_delete_no", lang), key="netpage_delete_post_no",
              on_click=lambda: state.pop("netpage_post_confirm", None))


def _delete_post(post_id: int, label: str, lang: str) -> None:
    state = st.session_state
    state.pop("netpage_post_confirm", None)
    try:
        changes.delete_post(store_cursor(), current_user(), post_id)
    except changes.PersonError as error:
        _refused("post", error, lang)
        return
    state["netpage_post_choice"] = NEW
    state["netpage_post_message"] = t("netpage_post_deleted", lang, post=escape(label))
