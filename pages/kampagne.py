"""Kampagne: one joint campaign — facts, key figures, activities, reach per municipality, formats and, for a
photovoltaic campaign, the before/after comparison of the Marktstammdatenregister additions.

Other pages link here with ``?kampagne=K2023-02``; the choice is kept in the URL.
"""

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.output import charts
from ktdash.i18n import texts
from ktdash.analytics import campaigns as metrics
from ktdash.core.campaign_vocabulary import Topic
from ktdash.core.formatting import (HEADING_LIMIT, date_pattern, display_text, format_date, format_number,
                                    markdown_escape as escape)
from pages.common import (chart, data_version, page_start, number_text, settings, show_table,
                          store_cursor, table_downloads, url_choice)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_campaigns(version: int) -> tuple[pd.DataFrame, list]:
    con = store_cursor()
    return metrics.campaign_table(con), metrics.campaign_options(con)["population_dates"]


@st.cache_data(show_spinner=False)
def load_campaign(version: int, campaign_id: str, today: date, window: int) -> dict:
    con = store_cursor()
    selection = metrics.CampaignSelection(campaign_id=campaign_id, as_of=today)
    return {"row": metrics.campaign_table(con, selection),
            "members": metrics.campaign_members(con, campaign_id),
            "activities": metrics.activity_list(con, selection),
            "municipalities": metrics.reach_by_municipality(con, selection),
            "formats": metrics.format_split(con, selection),
            "before_after": metrics.before_after(con, campaign_id, window),
            "register_until": metrics.register_until(con)}


def col(field: str) -> str:
    return texts.t("campaign_col_" + field, lang)


def signed(value: float, decimals: int = 1) -> str:
    return ("+" if value > 0 else "") + format_number(value, decimals, lang)


version = data_version()
campaigns, population_dates = load_campaigns(version)
if campaigns.empty:
    st.title(texts.t("page_campaign", lang))
    st.info(texts.t("campaigns_none", lang))
    st.stop()

# --- which campaign: a URL this page did not write itself (a link ?kampagne=ID) wins over the selection ----------
today = date.today()
ids = campaigns["campaign_id"].tolist()
names = dict(zip(campaigns["campaign_id"], campaigns["name"], strict=True))
url_value = st.query_params.get("kampagne")
if url_value != st.session_state.get("campaign_url") and url_choice("kampagne", ids, container=st.sidebar):
    st.session_state["campaign_choice"] = url_value
elif st.session_state.get("campaign_choice") not in ids:
    started = campaigns[pd.to_datetime(campaigns["start_date"]).dt.date <= today]
    st.session_state["campaign_choice"] = (started if not started.empty else campaigns)["campaign_id"].iloc[-1]
with st.sidebar:
    campaign_id = st.selectbox(texts.t("campaign_select", lang), ids,
                               format_func=lambda i: display_text(f"{i} · {names[i]}"),
                               key="campaign_choice")
st.query_params["kampagne"] = st.session_state["campaign_url"] = campaign_id

window = settings().analytics.campaign_window_months
data = load_campaign(version, campaign_id, today, window)
row = data["row"].iloc[0]
st.title(texts.t("campaign_title", lang, name=escape(row["name"], HEADING_LIMIT)), anchor=False)
st.caption(texts.t("campaign_caption", lang))
with st.expander(texts.t("campaign_methods_title", lang)):
    st.markdown(texts.t("campaign_methods_text", lang, window=settings().analytics.campaign_window_months,
                        dates=", ".join(format_date(d, lang) for d in population_dates) or "–"))

# --- facts ------------------------------------------------------------------------------------------------------
members = data["members"]
member_names = ", ".join(members["name"]) if not members.empty else "–"
facts = [(texts.t("campaign_fact_topic", lang), charts.topic_label(row["topic"], lang)),
         (texts.t("campaign_fact_lead", lang), row["lead"]),
         (texts.t("campaign_fact_period", lang),
          f"{format_date(pd.Timestamp(row['start_date']).date(), lang)} – "
          f"{format_date(pd.Timestamp(row['end_date']).date(), lang)}"),
         (texts.t("campaign_fact_members", lang, n=len(members)), member_names)]
st.markdown("  \n".join(f"**{escape(label)}:** {escape(value)}" for label, value in facts))
if isinstance(row["description"], str) and row["description"]:
    st.markdown(f"*{escape(row['description'])}*")

# --- key figures ------------------------------------------------------------------------------------------------
activities = data["activities"]
planned = int(activities["planned"].astype(bool).sum())
cards = st.columns(6)
cards[0].metric(texts.t("campaigns_kpi_activities", lang), number_text(row["activities_held"], lang),
                help=texts.t("campaigns_kpi_planned", lang, n=planned) if planned else None)
cards[1].metric(texts.t("campaigns_kpi_participants", lang), number_text(row["participants"], lang))
cards[2].metric(texts.t("campaign_kpi_per_1000", lang), number_text(row["participants_per_1000"], lang, 1),
                help=texts.t("campaign_kpi_per_1000_help", lang))
cards[3].metric(texts.t("campaigns_kpi_consultations", lang), number_text(row["consultations"], lang))
cards[4].metric(texts.t("campaigns_kpi_cost", lang), number_text(row["cost_eur"], lang, 0, "€"))
cards[5].metric(texts.t("campaigns_kpi_cost_per_participant", lang),
                number_text(row["cost_per_participant"], lang, 2, "€"),
                help=texts.t("campaigns_kpi_cost_per_participant_help", lang))

# --- reach per municipality and formats -------------------------------------------------------------------------
reach = data["municipalities"]
reach = reach[(reach["activities"] > 0) | reach["key"].isin(members["key"])]
if reach["participants"].isna().all():  # nothing held yet (or no participants recorded)
    st.info(texts.t("campaign_no_activities", lang))
else:
    left, right = st.columns(2)
    with left:
        chart(charts.campaign_reach_bars(reach, "participants",
                                         texts.t("campaign_chart_reach", lang),
                                         texts.t("campaign_axis_participants", lang), lang),
              ("Kampagne", campaign_id, "Teilnehmende_je_Kommune"), "campaign_chart_reach", lang)
    with right:
        chart(charts.format_split_bars(data["formats"], texts.t("campaign_chart_formats", lang), lang),
              ("Kampagne", campaign_id, "Formate"), "campaign_chart_formats", lang)
    st.caption(texts.t("campaign_reach_note", lang))

# --- activities -------------------------------------------------------------------------------------------------
st.subheader(texts.t("campaign_activities_title", lang, n=len(activities)))
if not activities.empty:
    fields = ["activity_date", "district", "municipality", "format", "kind", "title", "participants",
              "registrations", "consultations", "page_views", "leads", "outcomes", "cost_eur", "planned"]
    shown = activities[fields].copy()
    shown["format"] = [charts.format_label(v, lang) for v in shown["format"]]
    shown["cost_eur"] = shown["cost_eur"].astype(float).round(2)
    shown = shown.rename(columns={f: col(f) for f in fields})
    config = {col("activity_date"): st.column_config.DateColumn(format=date_pattern("date_widget", lang)),
              col("planned"): st.column_config.CheckboxColumn()}
    show_table(shown, lang, decimals={col("cost_eur"): 2}, column_config=config)
    export = shown.copy()
    export[col("activity_date")] = [format_date(pd.Timestamp(d).date(), lang) for d in export[col("activity_date")]]
    table_downloads(export, ("Kampagne", campaign_id, "Aktivitaeten"), "campaign_activities_download", lang)

# --- outcome: photovoltaic additions before and after -----------------------------------------------------------
st.subheader(texts.t("campaign_pv_title", lang))
result = data["before_after"]
if row["topic"] != Topic.PHOTOVOLTAIK.value or result is None:
    st.info(texts.t("campaign_pv_only", lang, topic=charts.topic_label(row["topic"], lang)))
    st.stop()

windows = {"b0": format_date(result.before_start, lang), "b1": format_date(result.before_end, lang),
           "a0": format_date(result.after_start, lang), "a1": format_date(result.after_end, lang)}
st.caption(texts.t("campaign_pv_caption", lang, window=window, **windows))
if data["register_until"] is None:
    st.warning(texts.t("campaign_pv_no_register", lang))
    st.stop()
if not result.complete:
    st.warning(texts.t("campaign_pv_incomplete", lang, until=format_date(result.data_until, lang), **windows))
    st.stop()

groups = result.groups.set_index("group")
before = texts.t("campaign_legend_before", lang, start=windows["b0"], end=windows["b1"])
after = texts.t("campaign_legend_after", lang, start=windows["a0"], end=windows["a1"])
left, right = st.columns([3, 2])
with left:
    chart(charts.before_after_bars(result.groups, before, after, lang),
          ("Kampagne", campaign_id, "Photovoltaik_vorher_nachher"), "campaign_chart_before_after", lang)
with right:
    def group_text(group: str) -> str:
        g = groups.loc[group]
        return texts.t("campaign_pv_group_text", lang, group=texts.t(f"campaign_group_{group}", lang,
                                                                     n=int(g["municipalities"])),
                       before=number_text(g["rate_before"], lang, 1), after=number_text(g["rate_after"], lang, 1),
                       change=signed(float(g["change"])), units_before=number_text(g["units_before"], lang),
                       units_after=number_text(g["units_after"], lang))

    lines = [group_text(g) for g in ("members", "comparison") if g in groups.index]
    if result.difference is not None:
        direction = "more" if result.difference >= 0 else "less"
        lines.append(texts.t("campaign_pv_difference_" + direction, lang,
                             difference=number_text(abs(result.difference), lang, 1),
                             signed=signed(result.difference), **windows))
    else:
        lines.append(texts.t("campaign_pv_no_comparison", lang))
    st.markdown("\n\n".join(lines))
    st.caption(texts.t("campaign_pv_caveat", lang))

per_municipality = result.municipalities.copy()
per_municipality["group"] = [texts.t(f"campaign_group_label_{g}", lang) for g in per_municipality["group"]]
fields = ["group", "name", "population", "units_before", "units_after", "kwp_before", "kwp_after", "rate_before",
          "rate_after"]
shown = per_municipality[fields].copy()
for field, digits in {"kwp_before": 1, "kwp_after": 1, "rate_before": 2, "rate_after": 2}.items():
    shown[field] = shown[field].astype(float).round(digits)
shown = shown.rename(columns={f: col(f) for f in fields if not f.startswith("rate_")} | {
    "rate_before": texts.t("campaign_col_rate_before", lang, start=windows["b0"], end=windows["b1"]),
    "rate_after": texts.t("campaign_col_rate_after", lang, start=windows["a0"], end=windows["a1"])})
st.markdown(f"**{escape(texts.t('campaign_pv_table_title', lang, n=len(shown)))}**")
show_table(shown, lang, default_decimals=2)
table_downloads(shown, ("Kampagne", campaign_id, "vorher_nachher"), "campaign_before_after_download", lang)
