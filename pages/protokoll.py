"""Protokoll: who changed what and when, per municipality (the audit log of ktdash.access.audit)."""

import pandas as pd
import streamlit as st

from ktdash.access import audit
from ktdash.store import queries
from ktdash.core.formatting import date_pattern
from ktdash.i18n import texts
from ktdash.ingest import versions
from ktdash.access.permissions import Action
from ktdash.output.history import detail_text
from pages.common import (can, current_user, page_start, show_table, store_cursor, table_downloads,
                          url_multiselect)

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()

st.title(texts.t("history_title", lang))
st.caption(texts.t("history_caption", lang))
user = current_user()
if user is None:  # who changed what is for the network's accounts, not for an open workshop screen
    st.info(texts.t("history_login_needed", lang), icon=":material/lock:")
    st.stop()
visible = sorted(audit.ACTIONS if can(user, Action.MANAGE_USERS) else audit.DATA_ACTIONS)
if not can(user, Action.MANAGE_USERS):
    st.caption(texts.t("history_accounts_admin_only", lang))

municipalities = queries.municipalities(con)
names = dict(zip(municipalities["key"], municipalities["name"], strict=True))
with st.sidebar:  # the filters live in the URL (?kommune=073365010&aktion=import)
    chosen = url_multiselect(texts.t("history_filter_municipality", lang), list(names), "kommune",
                             "history_municipalities", format_func=names.get, placeholder=texts.t("all", lang))
    actions = url_multiselect(texts.t("history_filter_action", lang), visible, "aktion",
                              "history_actions", format_func=lambda a: texts.t("audit_action_" + a, lang),
                              placeholder=texts.t("all", lang))
    limit = st.number_input(texts.t("history_limit", lang), min_value=10, max_value=10_000, value=200, step=50,
                            key="history_limit")



def corrections_section() -> None:
    """The corrected values of the chosen municipalities (all when none is chosen), old and new value."""
    st.subheader(texts.t("corrections_title", lang))
    st.caption(texts.t("corrections_caption", lang))
    frames = [versions.corrections_table(con, lang, municipality_key=key, limit=int(limit)) for key in chosen] \
        if chosen else [versions.corrections_table(con, lang, limit=int(limit))]
    corrections = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if corrections.empty:
        st.info(texts.t("corrections_none", lang))
        return
    show_table(corrections, lang)
    table_downloads(corrections, ("Protokoll", "Korrekturen", *(names[k] for k in chosen[:3])),
                    "history_corrections", lang)


rows = audit.history(con, limit=int(limit), municipalities=chosen, actions=actions or visible)
if rows.empty:
    st.info(texts.t("history_empty", lang))
    corrections_section()
    st.stop()
shown = rows.drop(columns=["municipality_key"]).assign(
    action=[texts.t("audit_action_" + a, lang) for a in rows["action"]],
    detail=[detail_text(d, lang) for d in rows["detail"]],  # "Feld: alt → neu", not the stored JSON
    logged_at=rows["logged_at"].dt.strftime(date_pattern("datetime_s", lang)))
shown.columns = [texts.t("history_col_" + c, lang) for c in shown.columns]
show_table(shown, lang, plain=(texts.t("history_col_audit_id", lang),))
table_downloads(shown, ("Protokoll", *(names[k] for k in chosen[:3])), "history_table", lang)
corrections_section()
