"""The Gebäude page's section "Bearbeiten" (issue 19, point 4): the building's master data, its meters' exchange and
conversion factor, and "Rückgängig" for the last edits.

Shown only to who may change the building's municipality (``edit_masterdata``: its manager, an admin);
:mod:`ktdash.ingest.edits` checks again at the click, stores typed values as a one-row import (the import's checks
and messages), audits old → new and undoes. Numbers are typed as German text ("1.250,5"); a refusal is shown in
the reader's language and changes nothing.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.access.permissions import Action, NotAllowed
from ktdash.core.domain import Category
from ktdash.core.formatting import display_text, format_datetime, format_decimal, format_number
from ktdash.core.formatting import markdown_escape as escape
from ktdash.i18n import texts
from ktdash.ingest import edits
from ktdash.output.history import detail_text
from pages.common import can, current_user, store_cursor

MESSAGE = "edit_message"  # (kind, lines) shown once after a click
RECENT = 5


def number_text(value, lang: str) -> str:
    """A stored number as the form shows it for typing: German, without trailing zeros ("1.250", "1.250,5")."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return format_number(value, 0, lang) if value.is_integer() else format_number(value, 2, lang).rstrip("0")


def refusal(error: Exception, lang: str) -> list[str]:
    """A refusal in words: the import's messages of rejected values, or the edit's / the permission's reason."""
    if isinstance(error, edits.EditRejected):
        return error.messages(lang)
    return [error.message(lang)]  # EditError, NotAllowed


def _run(action, lang: str) -> edits.Edit | None:
    """Run an edit (a callback of a form's button): its message for the next run; after a success the forms are
    drawn anew with the stored values (:func:`_fresh`)."""
    try:
        stored = action(store_cursor(), current_user())
    except (edits.EditError, edits.EditRejected, NotAllowed) as error:
        st.session_state[MESSAGE] = ("error", [texts.t("edit_refused", lang), *refusal(error, lang)])
        return None
    _fresh()
    st.session_state[MESSAGE] = ("success", [texts.t("edit_saved", lang, number=stored.edit_id)])
    return stored


def _fresh() -> None:
    """New widget keys for the forms: they show the store's values again (no value set through Session State,
    which Streamlit would warn about next to a widget's default)."""
    st.session_state["edit_generation"] = st.session_state.get("edit_generation", 0) + 1


def _key(name: str, building_id: int) -> str:
    return f"edit_{name}_{building_id}_{st.session_state.get('edit_generation', 0)}"


# --- master data ------------------------------------------------------------------------------------------------

def _save_master(building_id: int, lang: str) -> None:
    state = st.session_state
    year = state[_key("year", building_id)]
    values = {"category": state[_key("category", building_id)], "floor_area_m2": state[_key("area", building_id)],
              "year_built": None if year is None else int(year), "postcode": state[_key("postcode", building_id)]}
    _run(lambda con, user: edits.edit_building(con, user, building_id, **values), lang)


def _master_form(con, building_id: int, lang: str) -> None:
    stored = edits.building(con, building_id)
    categories = [c.value for c in Category]
    category = categories.index(stored["category"]) if stored["category"] in categories else None
    with st.expander(texts.t("edit_master_title", lang), icon=":material/edit:"), \
            st.form(_key("master_form", building_id), border=False):
        st.selectbox(texts.t("edit_category", lang), categories, index=category, key=_key("category", building_id))
        st.text_input(texts.t("edit_area", lang), value=number_text(stored["floor_area_m2"], lang),
                      key=_key("area", building_id), help=texts.t("edit_area_help", lang))
        st.number_input(texts.t("edit_year_built", lang), min_value=1000, max_value=date.today().year, step=1,
                        format="%d", value=None if stored["year_built"] is None else int(stored["year_built"]),
                        key=_key("year", building_id))
        st.text_input(texts.t("edit_postcode", lang), value=stored["postcode"] or "", max_chars=5,
                      key=_key("postcode", building_id), help=texts.t("edit_postcode_help", lang))
        st.form_submit_button(texts.t("edit_master_save", lang), on_click=_save_master, args=(building_id, lang),
                              key=_key("master_save", building_id))


# --- meters -----------------------------------------------------------------------------------------------------

EXCHANGE_KEYS = ("exchange_day", "final", "new_number", "start")


def _save_exchange(building_id: int, meter_id: int, lang: str) -> None:
    state = st.session_state
    day, final, number, start = (state[_key(k, building_id)] for k in EXCHANGE_KEYS)
    _run(lambda con, user: edits.exchange_meter(con, user, meter_id, day, final, number, start), lang)


def _save_factor(building_id: int, meter_id: int, lang: str) -> None:
    state = st.session_state
    values = {name: state.get(_key(name, building_id)) for name in ("factor", "z", "hs")}
    _run(lambda con, user: edits.set_factor(con, user, meter_id, **values), lang)


def _meter_forms(con, building_id: int, lang: str) -> None:
    meters = edits.meters(con, building_id)
    with st.expander(texts.t("edit_meter_title", lang), icon=":material/speed:"):
        if meters.empty:
            st.caption(texts.t("edit_no_meters", lang))
            return
        rows = {int(r.meter_id): r for r in meters.itertuples()}
        meter_id = st.selectbox(texts.t("edit_meter", lang), list(rows), key=_key("meter", building_id),
                                format_func=lambda m: texts.t("edit_meter_option", lang,
                                                              number=display_text(rows[m].number),
                                                              carrier=rows[m].carrier,
                                                              unit=edits.unit_text(rows[m].unit)))
        meter = rows[meter_id]
        exchange, factor = st.tabs([texts.t("edit_exchange_title", lang), texts.t("edit_factor_title", lang)])
        with exchange, st.form(_key("exchange_form", building_id), border=False):
            st.date_input(texts.t("edit_exchange_day", lang), key=_key("exchange_day", building_id),
                          value=date.today(), max_value=date.today(), format="DD.MM.YYYY")
            st.text_input(texts.t("edit_final_reading", lang), key=_key("final", building_id))
            st.text_input(texts.t("edit_new_number", lang), key=_key("new_number", building_id))
            st.text_input(texts.t("edit_start_reading", lang), key=_key("start", building_id))
            st.form_submit_button(texts.t("edit_exchange_save", lang), on_click=_save_exchange,
                                  args=(building_id, meter_id, lang), key=_key("exchange_save", building_id))
        with factor, st.form(_key("factor_form", building_id), border=False):
            st.caption(texts.t("edit_factor_now", lang, factor=format_decimal(float(meter.factor), lang, 4, strip_to=1),
                               unit=edits.unit_text(meter.unit)))
            if edits.gas_in_m3({"carrier": meter.carrier, "unit": meter.unit}):
                st.caption(texts.t("edit_factor_gas_help", lang))
                st.text_input(texts.t("edit_z_number", lang), key=_key("z", building_id))
                st.text_input(texts.t("edit_calorific_value", lang), key=_key("hs", building_id))
            else:
                st.text_input(texts.t("edit_factor", lang), key=_key("factor", building_id))
            st.form_submit_button(texts.t("edit_factor_save", lang), on_click=_save_factor,
                                  args=(building_id, meter_id, lang), key=_key("factor_save", building_id))


# --- the last edits, with "Rückgängig" ------------------------------------------------------------------------------

def _undo(edit_id: int, lang: str) -> None:
    try:
        edits.undo_edit(store_cursor(), current_user(), edit_id)
    except (edits.EditError, NotAllowed) as error:
        st.session_state[MESSAGE] = ("error", refusal(error, lang))
        return
    _fresh()  # the forms show the restored values
    st.session_state[MESSAGE] = ("success", [texts.t("edit_undone", lang, number=edit_id)])


def entry_text(stored: edits.Edit, lang: str) -> str:
    """One edit in words: number, when, who, kind, "Feld: alt → neu" (and where: meter, date)."""
    context = {k: v for k, v in stored.new.items() if k not in stored.old}
    what = detail_text({**context, "old": stored.old, "new": {k: stored.new.get(k) for k in stored.old}}, lang)
    text = texts.t("edit_entry", lang, number=stored.edit_id, when=format_datetime(stored.created_at, lang),
                   who=stored.created_by, kind=texts.t(_KIND_KEYS[stored.kind], lang), what=what)
    return text + (f" ({texts.t('edit_undone_mark', lang)})" if stored.undone_at is not None else "")


_KIND_KEYS = {edits.BUILDING: "edit_kind_building", edits.READING: "edit_kind_reading",
              edits.EXCHANGE: "edit_kind_meter_exchange", edits.FACTOR: "edit_kind_meter_factor"}


def _recent(con, building_id: int, lang: str) -> None:
    st.markdown(f"**{escape(texts.t('edit_recent_title', lang))}**")
    recent = edits.edits(con, building_id, RECENT)
    if not recent:
        st.caption(texts.t("edit_recent_none", lang))
        return
    for stored in recent:
        text, button = st.columns([6, 1], vertical_alignment="center")
        text.markdown(escape(entry_text(stored, lang)))
        button.button(texts.t("edit_undo", lang), key=f"edit_undo_{stored.edit_id}", on_click=_undo,
                      args=(stored.edit_id, lang), disabled=stored.undone_at is not None, width="stretch")


def _messages() -> None:
    if MESSAGE in st.session_state:
        kind, lines = st.session_state.pop(MESSAGE)
        (st.success if kind == "success" else st.error)("  \n".join(escape(line) for line in lines))


def section(building_id: int, municipality_key: str, lang: str) -> None:
    """The section "Bearbeiten" for who may change the building's municipality; nothing for everyone else."""
    if not can(current_user(), Action.EDIT_MASTERDATA, municipality_key):
        return
    con = store_cursor()
    st.subheader(texts.t("edit_section", lang))
    st.caption(texts.t("edit_section_caption", lang))
    _messages()
    _master_form(con, int(building_id), lang)
    _meter_forms(con, int(building_id), lang)
    _recent(con, int(building_id), lang)

