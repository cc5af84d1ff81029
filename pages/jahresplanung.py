"""Jahresplanung: the network's joint annual plan as a calendar — campaigns as bars, their activities as
markers — with the entries as a table, as CSV for Excel and as an iCalendar file (.ics) for Outlook & Co.

The choice lives in the URL (``?jahr=2027&thema=Wärme&kreis=07336``) so that a plan can be sent.
"""

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.output import charts
from ktdash.output.exports import ical
from ktdash.core.formatting import date_pattern
from ktdash.i18n import texts
from ktdash.analytics import campaigns as metrics
from pages.common import (chart, data_version, page_start, set_query, show_table, store_cursor, table_downloads,
                          url_choice, url_multiselect)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_options(version: int) -> dict:
    options = metrics.campaign_options(store_cursor())
    return options | {"years": options["plan_years"]}


@st.cache_data(show_spinner=False)
def load_plan(version: int, year: int, topics: tuple, districts: tuple) -> pd.DataFrame:
    return metrics.annual_plan(store_cursor(), year, topics, districts)


def col(field: str) -> str:
    return texts.t("plan_col_" + field, lang)


version = data_version()
options = load_options(version)
st.title(texts.t("plan_title", lang))
st.caption(texts.t("plan_caption", lang))
if not options["years"]:
    st.info(texts.t("campaigns_none", lang))
    st.stop()

# --- year, topics, districts: sidebar and URL -------------------------------------------------------------------
today = date.today()
years = options["years"]
url_year = st.query_params.get("jahr")
if url_year != st.session_state.get("plan_year_url") and url_year and url_choice("jahr", years, container=st.sidebar):
    st.session_state["plan_year"] = url_choice("jahr", years, values=[url_year])[0]
elif st.session_state.get("plan_year") not in years:
    st.session_state["plan_year"] = today.year if today.year in years else max(years)
with st.sidebar:
    year = st.selectbox(texts.t("filter_year", lang), years, key="plan_year")
    topics = url_multiselect(texts.t("campaign_filter_topics", lang), options["topics"], "thema", "plan_topics",
                             format_func=lambda v: charts.topic_label(v, lang), placeholder=texts.t("all", lang))
    districts = url_multiselect(texts.t("filter_districts", lang), list(options["districts"]), "kreis",
                                "plan_districts", format_func=options["districts"].get,
                                placeholder=texts.t("all", lang))
set_query(year=year)
st.session_state["plan_year_url"] = str(year)

plan = load_plan(version, year, tuple(topics), tuple(districts))
if plan.empty:
    st.info(texts.t("plan_empty", lang, year=year))
    st.stop()

n_campaigns = int((plan["entry"] == "campaign").sum())
n_activities = int((plan["entry"] == "activity").sum())
upcoming = int(((plan["entry"] == "activity") & (pd.to_datetime(plan["start_date"]).dt.date > today)).sum())
cards = st.columns(3)
cards[0].metric(texts.t("plan_kpi_campaigns", lang, year=year), n_campaigns)
cards[1].metric(texts.t("plan_kpi_activities", lang, year=year), n_activities)
cards[2].metric(texts.t("plan_kpi_upcoming", lang), upcoming)

chart(charts.annual_plan_gantt(plan, year, lang, today=today), ("Jahresplanung", "Westpfalz", year), "plan_chart", lang)
st.caption(texts.t("plan_chart_note", lang))


def short_list(names, shown: int = 3):
    """The first ``shown`` names of a comma-separated list and how many more (``A, B, C, … (+21)``)."""
    if not isinstance(names, str) or names.count(", ") < shown:
        return names
    parts = names.split(", ")
    return ", ".join(parts[:shown]) + f", … (+{len(parts) - shown})"


# --- the entries ------------------------------------------------------------------------------------------------
st.subheader(texts.t("plan_table_title", lang, year=year))
shown = plan.copy()
shown["entry"] = [texts.t("plan_entry_" + e, lang) for e in shown["entry"]]
shown["topic"] = [charts.topic_label(v, lang) for v in shown["topic"]]
shown["format"] = [charts.format_label(v, lang) if isinstance(v, str) else None for v in shown["format"]]
fields = ["entry", "start_date", "end_date", "campaign_id", "campaign_name", "topic", "place", "district", "format",
          "kind", "title", "detail"]
shown = shown[fields].rename(columns={f: col(f) for f in fields})
date_format = date_pattern("date_widget", lang)
on_screen = shown.assign(**{col("detail"): [short_list(v) for v in shown[col("detail")]]})  # files: the whole list
show_table(on_screen, lang, key_column=col("title"), column_config={
    col("start_date"): st.column_config.DateColumn(format=date_format),
    col("end_date"): st.column_config.DateColumn(format=date_format)})

scope = "_".join([str(year)] + list(topics) + list(districts))
table_downloads(shown, ("Jahresplanung", "Westpfalz", scope), "plan_download", lang)
st.download_button(texts.t("plan_download_ics", lang), data=ical.plan_ics(plan, lang=lang),
                   file_name=f"Jahresplanung_Westpfalz_{scope}.ics", mime="text/calendar", on_click="ignore",
                   key="plan_download_ics", icon=":material/calendar_month:")
st.caption(texts.t("plan_ics_note", lang))
