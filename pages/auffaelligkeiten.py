"""Auffälligkeiten: the logged-in climate manager's alert inbox (ktdash.analytics.alerts) — the findings of the
checks after every import for their municipalities (an admin: all), acknowledged with a comment; the acknowledged
ones with who, when and why. The rules stale and outlier are those of the page Datenqualität."""

import streamlit as st

from ktdash.access.permissions import Role
from ktdash.analytics import alerts
from ktdash.core.formatting import format_number
from ktdash.i18n import texts
from ktdash.output import alerts as alert_texts
from pages.common import current_user, page_start, show_table, store_cursor, table_downloads

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()

st.title(texts.t("alerts_title", lang))
st.caption(texts.t("alerts_intro", lang))
st.page_link("pages/datenqualitaet.py", label=texts.t("alerts_quality_link", lang), icon=":material/rule:")

user = current_user()
if user is None:
    st.info(texts.t("alerts_login_needed", lang), icon=":material/lock:")
    st.stop()
if user.role not in (Role.ADMIN, Role.MANAGER):
    st.info(texts.t("alerts_not_for_role", lang, role=texts.t("role_" + user.role.value, lang)),
            icon=":material/lock:")
    st.stop()
st.caption(texts.t("alerts_scope_all", lang) if alerts.sees_all(user) else
           texts.t("alerts_scope_own", lang, municipalities=", ".join(user.municipality_names)))

notice = st.session_state.pop("alerts_notice", None)  # what the last acknowledgement did (set before the rerun)
if notice:
    st.success(notice, icon=":material/check:")

open_rows = alert_texts.inbox_frame(con, user)
done_rows = alert_texts.inbox_frame(con, user, acknowledged=True)
open_tab, done_tab = st.tabs([texts.t("alerts_tab_open", lang, n=format_number(len(open_rows), 0, lang)),
                              texts.t("alerts_tab_acknowledged", lang, n=format_number(len(done_rows), 0, lang))])


def acknowledge_form() -> None:
    """Acknowledge one open finding with a comment; refusals (another municipality's, already acknowledged, no
    comment) in the page's language, nothing changed then."""
    labels = {int(r["alert_id"]): alert_texts.choice_label(r, lang) for r in open_rows.to_dict("records")}
    with st.form("alerts_acknowledge", clear_on_submit=False):
        st.markdown(f"**{texts.t('alerts_ack_title', lang)}**")
        chosen = st.selectbox(texts.t("alerts_ack_choice", lang), list(labels), format_func=labels.get,
                              key="alerts_ack_id")
        comment = st.text_area(texts.t("alerts_ack_comment", lang), key="alerts_ack_comment", max_chars=2000)
        if not st.form_submit_button(texts.t("alerts_ack_submit", lang), type="primary"):
            return
    try:
        alerts.acknowledge(con, user, int(chosen), comment, require_comment=True)
    except alerts.AlertRefused as refused:
        st.error(refused.message(lang), icon=":material/block:")
        return
    st.session_state["alerts_notice"] = texts.t("alerts_ack_done", lang, number=int(chosen))
    st.rerun()


with open_tab:
    if open_rows.empty:
        st.info(texts.t("alerts_none_open", lang), icon=":material/check_circle:")
    else:
        table = alert_texts.inbox_table(open_rows, lang)
        show_table(table, lang, decimals={texts.t("alert_col_value", lang): 0,
                                          texts.t("alert_col_reference", lang): 0},
                   plain=(texts.t("alert_col_alert_id", lang),))
        table_downloads(table, ("Auffaelligkeiten", "offen"), "alerts_open_table", lang)
        acknowledge_form()

with done_tab:
    if done_rows.empty:
        st.info(texts.t("alerts_none_acknowledged", lang))
    else:
        table = alert_texts.inbox_table(done_rows, lang, acknowledged=True)
        show_table(table, lang, decimals={texts.t("alert_col_value", lang): 0,
                                          texts.t("alert_col_reference", lang): 0},
                   plain=(texts.t("alert_col_alert_id", lang),))
        table_downloads(table, ("Auffaelligkeiten", "quittiert"), "alerts_acknowledged_table", lang)
