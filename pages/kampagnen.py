"""Kampagnen: the network's joint campaigns compared across the districts — reach (absolute and per 1,000
inhabitants), formats, topics, timeline, cost and the photovoltaic additions of the Marktstammdatenregister.

The filters live in the URL (``?jahr=2024&thema=Photovoltaik&kreis=07336``, repeated for several values) so
that a view can be bookmarked; each campaign links to the page Kampagne (``kampagne?kampagne=K2023-02``).
"""

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.output import charts
from ktdash.i18n import texts
from ktdash.analytics import campaigns as metrics
from ktdash.core.campaign_vocabulary import Topic
from ktdash.core.formatting import date_pattern, display_text, format_date
from ktdash.output.charts import maps
from pages.map_view import map_chart
from pages.common import (chart, data_version, figure, page_start, number_text, settings, show_table,
                          store_cursor, table_downloads, url_multiselect)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_options(version: int) -> dict:
    return metrics.campaign_options(store_cursor())


@st.cache_data(show_spinner=False)
def load_totals(version: int, selection: metrics.CampaignSelection) -> pd.Series:
    return metrics.reach_totals(store_cursor(), selection)


@st.cache_data(show_spinner=False)
def load_figures(version: int, selection: metrics.CampaignSelection) -> dict:
    con = store_cursor()
    return {"activities": metrics.activity_list(con, selection),
            "campaigns": metrics.campaign_table(con, selection),
            "district": metrics.reach_by_district(con, selection),
            "municipality": metrics.reach_by_municipality(con, selection),
            "formats": metrics.format_split(con, selection),
            "topics": metrics.topic_coverage(con, selection),
            "timeline": metrics.timeline(con, selection),
            "pv_district": metrics.pv_by_district(con, selection),
            "pv_municipality": metrics.pv_additions(con, selection),
            "register_until": metrics.register_until(con)}


def col(field: str) -> str:
    return texts.t("campaign_col_" + field, lang)


def table(frame: pd.DataFrame, fields: list[str], decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """The columns ``fields`` of ``frame``, rounded for reading, with the page's column names."""
    shown = frame[fields].copy()
    for field, digits in (decimals or {}).items():
        shown[field] = shown[field].astype(float).round(digits)
    return shown.rename(columns={f: col(f) for f in fields})


version = data_version()
options = load_options(version)
st.title(texts.t("campaigns_title", lang))
st.caption(texts.t("campaigns_caption", lang))
with st.expander(texts.t("campaign_methods_title", lang)):
    st.markdown(texts.t("campaign_methods_text", lang, window=settings().analytics.campaign_window_months,
                        dates=", ".join(format_date(d, lang) for d in options["population_dates"]) or "–"))
if not options["campaigns"]:
    st.info(texts.t("campaigns_none", lang))
    st.stop()

# --- filters: sidebar and URL ---------------------------------------------------------------------------------
with st.sidebar:  # the filters live in the URL (?jahre=2024&thema=Photovoltaik&kreis=07336, repeated for several)
    years = url_multiselect(texts.t("filter_years", lang), options["years"], "jahre", "campaigns_years",
                            placeholder=texts.t("all", lang), legacy="jahr")
    topics = url_multiselect(texts.t("campaign_filter_topics", lang), options["topics"], "thema", "campaigns_topics",
                             format_func=lambda v: charts.topic_label(v, lang), placeholder=texts.t("all", lang))
    districts = url_multiselect(texts.t("filter_districts", lang), list(options["districts"]), "kreis",
                                "campaigns_districts", format_func=lambda k: display_text(options["districts"].get(k)),
                                placeholder=texts.t("all", lang))

today = date.today()
selection = metrics.CampaignSelection(years=tuple(sorted(years)), topics=tuple(topics), districts=tuple(districts),
                                      as_of=today)
figures = load_figures(version, selection)
activities = figures["activities"]
scope = ", ".join(str(y) for y in sorted(years)) or texts.t("campaign_all_years", lang)
file_scope = "-".join(str(y) for y in sorted(years)) or "alle_Jahre"

# --- key figures ----------------------------------------------------------------------------------------------
totals = load_totals(version, selection)
planned = int(totals["activities"] - totals["activities_held"])
cards = st.columns(6)
cards[0].metric(texts.t("campaigns_kpi_campaigns", lang), number_text(len(figures["campaigns"]), lang))
cards[1].metric(texts.t("campaigns_kpi_activities", lang), number_text(totals["activities_held"], lang),
                help=texts.t("campaigns_kpi_planned", lang, n=planned) if planned else None)
cards[2].metric(texts.t("campaigns_kpi_participants", lang), number_text(totals["participants"], lang))
cards[3].metric(texts.t("campaigns_kpi_consultations", lang), number_text(totals["consultations"], lang))
cards[4].metric(texts.t("campaigns_kpi_cost", lang), number_text(totals["cost_eur"], lang, 0, "€"))
cards[5].metric(texts.t("campaigns_kpi_cost_per_participant", lang),
                number_text(totals["cost_per_participant"], lang, 2, "€"),
                help=texts.t("campaigns_kpi_cost_per_participant_help", lang))

def select_district(key: str) -> None:
    """A click on the map: the clicked area's district (the first 5 digits of its key) becomes the district filter."""
    st.query_params["kreis"] = [key[:5]]
    st.rerun()


def pv_per_1000(frame: pd.DataFrame) -> pd.DataFrame:
    """kWp per 1,000 inhabitants over the selected years, per area (the years' rows of one area share its
    population, so their figures per 1,000 add up)."""
    return frame.groupby(["key", "name"], as_index=False)["kwp_per_1000"].sum(min_count=1)


def show_map(held_reach: bool) -> None:
    """The map section: reach per 1,000 inhabitants or photovoltaic additions, per district or Verbandsgemeinde."""
    pv_shown = (not topics or Topic.PHOTOVOLTAIK.value in topics) and not figures["pv_district"].empty
    measures = ([("reach", texts.t("map_measure_reach", lang))] if held_reach else []) + (
        [("pv", texts.t("map_measure_pv", lang))] if pv_shown else [])
    if not measures:
        return
    st.subheader(texts.t("map_section_title", lang))
    left, right = st.columns(2)
    labels = dict(measures)
    measure = left.radio(texts.t("map_measure", lang), list(labels), horizontal=True, key="campaigns_map_measure",
                         format_func=labels.get)
    level = right.radio(texts.t("filter_level", lang), ["district", "municipality"], horizontal=True,
                        format_func=lambda v: texts.t("level_" + v, lang), key="campaigns_map_level")
    make_map = maps.district_map if level == "district" else maps.municipality_map
    if measure == "reach":
        fig = figure(make_map, figures[level], "participants_per_1000", texts.t("map_chart_reach", lang, scope=scope),
                     texts.t("map_unit_per_1000", lang), lang, decimals=1)
    else:
        frame = pv_per_1000(figures["pv_district" if level == "district" else "pv_municipality"])
        fig = figure(make_map, frame, "kwp_per_1000", texts.t("map_chart_pv", lang, scope=scope),
                     texts.t("map_unit_kwp_per_1000", lang), lang, decimals=1)
    map_chart(fig, level, ("Kampagnen", "Westpfalz", "Karte", measure, file_scope), "campaigns_map", lang,
              on_click=select_district, choices=maps.choices(level, figures[level]))
    note = texts.t("map_click_campaigns", lang)
    st.caption(note if level == "district" else note + " " + texts.t("map_note_landkreis", lang))


if activities.empty:
    st.info(texts.t("no_data", lang))
else:
    # --- reach per district ---------------------------------------------------------------------------------
    st.subheader(texts.t("campaigns_reach_title", lang, scope=scope))
    reach = figures["district"]
    held_reach = reach["participants"].notna().any()
    if not held_reach:  # only planned activities (or none with participants) in this selection
        st.info(texts.t("campaigns_no_participants", lang))
    else:
        left, right = st.columns(2)
        chart(figure(charts.campaign_reach_bars, reach, "participants",
                                         texts.t("campaigns_chart_participants", lang),
                                         texts.t("campaign_axis_participants", lang), lang),
              ("Kampagnen", "Westpfalz", "Teilnehmende", file_scope), "chart_reach_absolute", lang, container=left)
        chart(figure(charts.campaign_reach_bars, reach, "participants_per_1000",
                                         texts.t("campaigns_chart_per_1000", lang),
                                         texts.t("campaign_axis_participants_per_1000", lang), lang,
                                         decimals=1),
              ("Kampagnen", "Westpfalz", "Teilnehmende_je_1000_EW", file_scope), "chart_reach_per_1000", lang,
              container=right)

    # --- map (issue 19): reach and photovoltaic additions per 1,000 inhabitants; a click filters the district ----
    show_map(held_reach)

    # --- formats and topics ---------------------------------------------------------------------------------
    left, right = st.columns(2)
    names = reach.sort_values("participants", ascending=False, na_position="last")["name"].tolist()
    if held_reach:
        chart(figure(charts.format_split_bars, figures["formats"], texts.t("campaigns_chart_formats", lang),
                                       lang, names=names),
              ("Kampagnen", "Westpfalz", "Formate", file_scope), "chart_formats", lang, container=left)
    shown_topics = list(topics) or options["topics"]
    chart(figure(charts.topic_heatmap, figures["topics"], reach["name"].tolist(), shown_topics,
                               texts.t("campaigns_chart_topics", lang), lang),
          ("Kampagnen", "Westpfalz", "Themen", file_scope), "chart_topics", lang,
          container=(right if held_reach else left))
    st.caption(texts.t("campaigns_formats_note", lang))

    # --- timeline -------------------------------------------------------------------------------------------
    st.subheader(texts.t("campaigns_timeline_title", lang))
    measure = st.radio(texts.t("campaigns_measure", lang), ["activities", "participants"], horizontal=True,
                       format_func=lambda v: texts.t("campaign_axis_" + v, lang), key="campaigns_measure")
    chart(figure(charts.campaign_timeline, figures["timeline"], measure,
                                   texts.t("campaigns_chart_timeline_" + measure, lang), lang),
          ("Kampagnen", "Westpfalz", "Zeitverlauf", measure, file_scope), "chart_timeline", lang)
    st.caption(texts.t("campaigns_timeline_note", lang))

    # --- reach and cost per district or municipality --------------------------------------------------------
    st.subheader(texts.t("campaigns_table_title", lang, scope=scope))
    level = st.radio(texts.t("filter_level", lang), ["district", "municipality"], horizontal=True,
                     format_func=lambda v: texts.t("level_" + v, lang), key="campaigns_level")
    frame = figures[level]
    if level == "municipality":
        frame = frame[frame["activities"] > 0]
    fields = (["name"] + (["district"] if level == "municipality" else [])
              + ["population", "activities_held", "participants", "participants_per_1000", "consultations",
                 "consultations_per_1000", "page_views", "leads", "outcomes", "cost_eur", "cost_per_participant",
                 "cost_per_consultation"])
    shown = table(frame, fields, {"participants_per_1000": 1, "consultations_per_1000": 2, "cost_eur": 2,
                                  "cost_per_participant": 2, "cost_per_consultation": 2})
    if level == "district":
        shown = shown.rename(columns={col("name"): texts.t("col_district", lang)})
    else:
        shown = shown.rename(columns={col("name"): texts.t("col_municipality", lang)})
    show_table(shown, lang, decimals={col("participants_per_1000"): 1, col("consultations_per_1000"): 2,
                                      col("cost_eur"): 2, col("cost_per_participant"): 2,
                                      col("cost_per_consultation"): 2})
    st.caption(texts.t("campaigns_cost_note", lang))
    table_downloads(shown, ("Kampagnen", "Reichweite", texts.t("level_" + level, "de").split("/")[0], file_scope),
                    "campaigns_reach_download", lang)

# --- the campaigns, each linked to its page ---------------------------------------------------------------------
st.subheader(texts.t("campaigns_list_title", lang))
campaigns = figures["campaigns"].copy()
if campaigns.empty:
    st.info(texts.t("no_data", lang))
else:
    campaigns["link"] = "./kampagne?kampagne=" + campaigns["campaign_id"]
    campaigns["topic"] = [charts.topic_label(v, lang) for v in campaigns["topic"]]
    fields = ["link", "name", "topic", "lead", "start_date", "end_date", "members", "activities_held",
              "participants", "participants_per_1000", "consultations", "cost_eur", "cost_per_participant"]
    shown = table(campaigns, fields, {"participants_per_1000": 1, "cost_eur": 2, "cost_per_participant": 2})
    date_format = date_pattern("date_widget", lang)
    config = {
        col("link"): st.column_config.LinkColumn(col("link"), display_text=r"kampagne=(.*)$", pinned=True),
        col("start_date"): st.column_config.DateColumn(format=date_format),
        col("end_date"): st.column_config.DateColumn(format=date_format)}
    show_table(shown, lang, decimals={col("participants_per_1000"): 1, col("cost_eur"): 2,
                                      col("cost_per_participant"): 2}, column_config=config)
    export = shown.drop(columns=col("link"))
    export.insert(0, col("campaign_id"), campaigns["campaign_id"].tolist())
    table_downloads(export, ("Kampagnen", "Westpfalz", file_scope), "campaigns_list_download", lang)

# --- outcome: photovoltaic additions (Marktstammdatenregister) --------------------------------------------------
if not topics or Topic.PHOTOVOLTAIK.value in topics:
    st.subheader(texts.t("campaigns_pv_title", lang))
    pv = figures["pv_district"]
    until = figures["register_until"]
    if until is None:
        st.info(texts.t("campaigns_pv_none", lang))
    elif pv.empty:
        st.info(texts.t("campaigns_pv_none_years", lang, until=format_date(until, lang)))
    else:
        partial = until.year if (until.month, until.day) != (12, 31) else None
        left, right = st.columns(2)
        with left:
            chart(figure(charts.pv_additions_lines, pv, texts.t("campaigns_chart_pv", lang), lang,
                                            partial_year=partial),
                  ("Photovoltaik", "Westpfalz", "Zubau_je_1000_EW", file_scope), "chart_pv", lang)
            st.caption(texts.t("campaigns_pv_note", lang, until=format_date(until, lang),
                               partial=partial or "–"))
        with right:
            additions = figures["pv_municipality"]
            shown = table(additions, ["name", "year", "units", "units_per_1000", "pv_activities", "pv_participants",
                                      "pv_consultations", "kwp", "kwp_per_1000", "plug_in_units", "district"],
                          {"kwp": 1, "units_per_1000": 2, "kwp_per_1000": 1})
            shown = shown.rename(columns={col("name"): texts.t("col_municipality", lang)})
            show_table(shown, lang, decimals={col("kwp"): 1, col("units_per_1000"): 2, col("kwp_per_1000"): 1},
                       plain=(col("year"),), height=420)
            st.caption(texts.t("campaigns_pv_table_note", lang))
            table_downloads(shown, ("Photovoltaik", "Zubau", "Kommunen", file_scope), "campaigns_pv_download", lang)
