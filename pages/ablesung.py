"""Zählerstand erfassen (issue 19, point 4): a meter reading typed on the spot, built for a phone (375 px wide).

Building and meter (two selects, the user's own municipalities only), the date and the reading, one button. The
reading is a one-row import of the meter (:func:`ktdash.ingest.edits.add_reading`): checked as every imported
reading, rejected with the import's message, listed in Importe and Protokoll and undone like an import (or on the
Gebäude page). Only who may import for a municipality sees the page in the navigation and can use it.
"""

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.access.permissions import Action, NotAllowed
from ktdash.core.formatting import display_text, format_date, format_number
from ktdash.core.formatting import markdown_escape as escape
from ktdash.i18n import texts
from ktdash.ingest import edits
from pages.common import can, current_user, page_start, store_cursor

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()
MESSAGE = "reading_message"

st.title(texts.t("edit_reading_title", lang))
st.caption(texts.t("edit_reading_intro", lang))
user = current_user()
everywhere = can(user, Action.IMPORT)  # an admin
own = [] if user is None else sorted(k for k in user.municipalities if can(user, Action.IMPORT, k))
if not everywhere and not own:
    st.info(texts.t("edit_reading_not_allowed", lang), icon=":material/lock:")
    st.stop()
meters = edits.reading_meters(con, None if everywhere else own)
if meters.empty:
    st.info(texts.t("edit_reading_no_buildings", lang))
    st.stop()


def reading_text(value) -> str:
    value = float(value)
    return format_number(value, 0, lang) if value.is_integer() else format_number(value, 3, lang).rstrip("0")


def save(meter_id: int, unit: str, number: str) -> None:
    """The button: store the reading, or say why not (the import's messages); the typed value stays on a refusal."""
    state = st.session_state
    day, typed = state["reading_day"], state["reading_value"]
    try:
        stored = edits.add_reading(store_cursor(), current_user(), meter_id, day, typed)
    except edits.EditRejected as error:
        state[MESSAGE] = ("error", [texts.t("edit_reading_refused", lang), *error.messages(lang)])
        return
    except (edits.EditError, NotAllowed) as error:
        state[MESSAGE] = ("error", [texts.t("edit_refused", lang), error.message(lang)])
        return
    state[MESSAGE] = ("success", [texts.t("edit_reading_saved", lang, value=reading_text(stored.new["reading"]),
                                          unit=unit, day=format_date(day, lang), meter=number),
                                  texts.t("edit_reading_undo_hint", lang)])
    state["reading_value"] = ""


buildings = dict(zip(meters["building_id"].astype(int), meters["building"], strict=False))
places = dict(zip(meters["building_id"].astype(int), meters["municipality"], strict=False))
several_places = len(set(places.values())) > 1
building_id = st.selectbox(
    texts.t("edit_reading_building", lang), list(buildings), key="reading_building",
    format_func=lambda b: display_text(f"{buildings[b]} ({places[b]})" if several_places else buildings[b]))
of_building = meters[meters["building_id"] == building_id]
rows = {int(r.meter_id): r for r in of_building.itertuples()}
meter_id = st.selectbox(texts.t("edit_meter", lang), list(rows), key=f"reading_meter_{building_id}",
                        format_func=lambda m: texts.t("edit_meter_option", lang, number=display_text(rows[m].number),
                                                      carrier=rows[m].carrier,
                                                      unit=edits.unit_text(rows[m].unit)))
meter = rows[meter_id]
if meter.last_ts is None or pd.isna(meter.last_ts):
    st.caption(texts.t("edit_reading_last_none", lang))
else:
    st.caption(texts.t("edit_reading_last", lang, value=reading_text(meter.last_value),
                       unit=edits.unit_text(meter.unit), day=format_date(pd.Timestamp(meter.last_ts).date(), lang)))
with st.form("reading_form", border=False):
    st.date_input(texts.t("edit_reading_day", lang), value=date.today(), max_value=date.today(), format="DD.MM.YYYY",
                  key="reading_day")
    st.text_input(texts.t("edit_reading_value", lang), key="reading_value",
                  placeholder=texts.t("edit_reading_value_help", lang))
    st.form_submit_button(texts.t("edit_reading_save", lang), on_click=save, type="primary", width="stretch",
                          args=(meter_id, edits.unit_text(meter.unit), meter.number), key="reading_save")
if MESSAGE in st.session_state:
    kind, lines = st.session_state.pop(MESSAGE)
    (st.success if kind == "success" else st.error)("  \n".join(escape(line) for line in lines))
