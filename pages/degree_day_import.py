"""The import of degree-day files on a page (issue 14; :mod:`ktdash.ingest.layouts.degree_days`): DWD's hdd_3807
files and the IWU table Data.TA.HD — the preview per station, the months replaced with old → new value, the rejected
rows, then the commit. An admin's action (``edit_factors``): anyone else sees why not and nothing is stored.

A helper of the pages (as :mod:`pages.common`), not a page of its own: ``pages/import_daten.py`` calls
:func:`degree_day_import` with its import session (:class:`ktdash.ingest.session.ImportSession`) for an uploaded
file the session's inspection recognised as one. The session prepares the preview once (a rerun reads nothing
again) and confirming stores exactly that preview (issue 16 point 3).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ktdash.i18n import texts
from ktdash.access.permissions import Action, NotAllowed, require
from ktdash.core.formatting import date_pattern, format_date, format_number, markdown_escape
from ktdash.ingest.pipeline import ImportFileError
from ktdash.ingest.session import ImportSession, StalePreview
from ktdash.ingest.layouts.degree_days import LAYOUT_VALUES, incomplete_months_text
from pages.common import can, current_user, show_rejected, show_table

STATION_COLUMNS = ("station_id", "station", "new", "replaced", "unchanged", "incomplete", "without_value",
                   "rejected", "incomplete_months")
CHANGE_COLUMNS = ("station_id", "station", "month", "old_kd", "new_kd", "old_completeness", "new_completeness",
                  "old_source")


def is_degree_day_layout(layout: str | None) -> bool:
    return layout in LAYOUT_VALUES


def degree_day_import(session: ImportSession, sheet: str | None, lang: str, *, key: str = "degree_days") -> None:
    """Preview and (for an admin) store the uploaded degree-day file of ``session``; widgets keyed ``key``."""
    st.info(texts.t("degree_days_intro", lang), icon=":material/thermostat:")
    user = current_user()
    if not can(user, Action.EDIT_FACTORS):
        st.error(NotAllowed(user, Action.EDIT_FACTORS).message(lang) + " " + texts.t("degree_days_admin_only", lang))
        return
    file_name = session.file_name
    try:
        with st.status(texts.t("import_checking", lang)) as status:
            prepared = session.prepare(None, sheet=sheet)  # no municipality; once per sheet and data version
            st.session_state[f"{key}_seen"] = session.generation
            status.update(label=texts.t("import_checked", lang), state="complete")
    except ImportFileError as exc:  # the message names the file, its columns and values: text, not Markdown
        st.error(markdown_escape(exc.message(lang)))
        return
    preview = prepared.preview
    if st.session_state.pop(f"{key}_stale", False):
        st.warning(texts.t("import_preview_stale", lang), icon=":material/refresh:")
    show_preview(preview, lang, file_name)
    if preview.records == 0:
        if not preview.rows_rejected and preview.summary.get("months_unchanged"):
            st.info(texts.t("degree_days_nothing_new", lang, n=preview.summary["months_unchanged"]))
        else:
            st.warning(texts.t("import_nothing", lang))
        return
    label = texts.t("import_degree_days_store", lang) if not preview.rows_rejected else \
        texts.t("import_degree_days_store_partial", lang, valid=preview.rows_valid)
    if st.button(label, type="primary", key=f"{key}_confirm"):
        try:  # checked again at the click: the session may have ended or the rights changed
            require(current_user(), Action.EDIT_FACTORS)
            with st.status(texts.t("import_storing", lang)) as status:
                # the preview shown, not prepared again; refused if the page showed another (the store changed)
                result = session.commit(current_user(), generation=st.session_state.get(f"{key}_seen"))
                status.update(label=texts.t("import_stored", lang), state="complete")
        except StalePreview:  # the store changed since the preview: checked anew in the next run, stored nothing
            st.session_state[f"{key}_stale"] = True
            st.rerun()
        except NotAllowed as exc:
            st.error(exc.message(lang) + " " + texts.t("degree_days_admin_only", lang))
            return
        except ImportFileError as exc:  # stored meanwhile by another session: nothing to change
            st.error(markdown_escape(exc.message(lang)))
            return
        st.cache_data.clear()
        st.session_state["import_message"] = texts.t("import_done", lang, records=result.records_stored,
                                                     file=markdown_escape(file_name), replaced=result.records_replaced,
                                                     changed=result.records_changed)
        st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
        st.rerun()


def show_preview(preview, lang: str, file_name: str) -> None:
    """Key figures, notes, the stations with their months, the replaced months and the rejected rows."""
    st.subheader(texts.t("import_preview", lang))
    st.write(f"**{texts.t('import_layout', lang)}:** {texts.t('layout_' + preview.layout, lang)} · "
             f"{preview.encoding}" + (f" · {markdown_escape(preview.sheet)}" if preview.sheet else ""))
    cols = st.columns(4)
    cols[0].metric(texts.t("import_rows", lang), format_number(preview.rows_read, 0, lang))
    cols[1].metric(texts.t("import_valid", lang), format_number(preview.rows_valid, 0, lang))
    cols[2].metric(texts.t("import_rejected", lang), format_number(preview.rows_rejected, 0, lang))
    cols[3].metric(texts.t("import_records", lang), format_number(preview.records, 0, lang))
    cards = st.columns(len(preview.summary) or 1)
    for index, (name, amount) in enumerate(preview.summary.items()):
        cards[index].metric(texts.t("summary_" + name, lang), format_number(amount or 0, 0, lang))
    if preview.notes:
        st.caption(" · ".join(markdown_escape(note) for note in texts.notes(preview.notes, lang)))
    if preview.period_start:
        st.write(f"**{texts.t('import_period', lang)}:** {format_date(preview.period_start, lang)} – "
                 f"{format_date(preview.period_end, lang)}")
    if not preview.stations.empty:
        st.write(f"**{texts.t('degree_days_stations', lang)}** ({len(preview.stations)})")
        stations = preview.stations[list(STATION_COLUMNS)].copy()
        stations["incomplete_months"] = [incomplete_months_text(m, lang) for m in stations["incomplete_months"]]
        stations.columns = [texts.t("dd_col_" + c, lang) for c in STATION_COLUMNS]
        show_table(stations, lang, default_decimals=0, plain=(texts.t("dd_col_station_id", lang),))
    if not preview.changes.empty:
        st.write(f"**{texts.t('degree_days_changes', lang)}** ({len(preview.changes)})")
        changes = preview.changes[list(CHANGE_COLUMNS)].copy()
        changes["month"] = pd.to_datetime(changes["month"]).dt.strftime(date_pattern("month", lang))
        changes.columns = [texts.t("dd_col_" + c, lang) for c in CHANGE_COLUMNS]
        show_table(changes, lang, decimals={texts.t("dd_col_old_completeness", lang): 2,
                                            texts.t("dd_col_new_completeness", lang): 2},
                   plain=(texts.t("dd_col_station_id", lang),))
    show_rejected(preview, file_name, lang)
