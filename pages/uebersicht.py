"""Übersicht: consumption per district and municipality, year and carrier."""

from dataclasses import replace

import streamlit as st

from ktdash.analytics import periods
from ktdash.analytics.selection import Selection
from ktdash.output import charts
from ktdash.store import queries
from ktdash.i18n import texts
from ktdash.core.formatting import format_number
from pages.common import (chart, data_version, default_year, figure, filter_options, lookup, page_start, show_table,
                          store_cursor, table_downloads, url_multiselect, url_radio, year_periods, year_text)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_yearly(version: int, level: str, years: tuple, carriers: tuple, districts: tuple):
    return queries.yearly(store_cursor(), level, list(years), list(carriers), list(districts))


@st.cache_data(show_spinner=False)
def load_summary(version: int, year: int | None) -> dict:
    return queries.summary(store_cursor(), year)


@st.cache_data(show_spinner=False)
def load_periods(version: int, level: str, selection: Selection, water: bool) -> tuple:
    con = store_cursor()
    return (periods.year_to_date(con, selection, level),
            periods.rolling_12_months(con, replace(selection, years=()), level, water=water))


def current_periods(level: str, selection: Selection, water: bool, unit: str, scope: str) -> None:
    """Year to date (the same months of the newest selected years, per district or municipality) and the rolling
    12 months of each (issue 17): a trend that does not wait for December, measured values like the rest of the
    page; a place whose data stop early ends early instead of pulling a total down."""
    ytd, rolling = load_periods(version, level, selection, water)
    st.subheader(texts.t("periods_title", lang))
    if ytd.empty:
        st.info(texts.t("no_data", lang))
        return
    through = int(ytd["through_month"].iloc[0])
    raw = texts.t("pages14_not_normalised", lang)
    left, right = st.columns(2)
    value, change = ("water_m3", "change_water") if water else ("energy_kwh_raw", "change_raw")
    chart(figure(charts.year_to_date_bars, ytd, value, change, charts.with_subtitle(
              texts.t("periods_ytd_title", lang, months=periods.month_span(range(1, through + 1), lang)), raw),
              unit, lang),
          ("Uebersicht", "Jahr_bis_heute", scope), "overview_ytd", lang, container=left)
    left.caption(texts.t("periods_ytd_caption", lang))
    if rolling["rolling_kwh_raw"].notna().any():
        chart(figure(charts.rolling_12_line, rolling, charts.with_subtitle(texts.t("periods_rolling_title", lang), raw),
                                     unit, lang),
              ("Uebersicht", "Gleitende_12_Monate", scope), "overview_rolling", lang, container=right)
        right.caption(texts.t("periods_rolling_caption", lang))
    else:
        right.info(texts.t("periods_rolling_none", lang))


version = data_version()
options = filter_options()
st.title(texts.t("overview_title", lang))
st.caption(texts.t("overview_caption", lang))

if not options["years"]:
    st.info(texts.t("no_data", lang))
    st.stop()

energy_carriers = [c for c in options["carriers"] if c != "Wasser"]
with st.sidebar:  # every filter lives in the URL when it is not the default (?ebene=municipality&jahre=2024 …)
    level = url_radio(texts.t("filter_level", lang), ["district", "municipality"], "ebene", "overview_level",
                      format_func=lambda v: texts.t("level_" + v, lang))
    years = url_multiselect(texts.t("filter_years", lang), options["years"], "jahre", "overview_years",
                            default=options["years"], legacy="jahr",
                            format_func=lambda y: year_text(y, year_periods(lang)))
    carriers = url_multiselect(texts.t("filter_carriers", lang), options["carriers"], "traeger", "overview_carriers",
                               default=energy_carriers)
    districts = url_multiselect(texts.t("filter_districts", lang), options["districts"], "kreis",
                                "overview_districts", placeholder=texts.t("all", lang))

# the cards start on the last complete year; a partial year says so ("2026, Jan–Okt")
store_years = year_periods(lang)
latest = default_year(years or options["years"], store_years)
summary = load_summary(version, latest)
cols = st.columns(4)
energy = summary["energy_kwh"]
cols[0].metric(texts.t("kpi_energy", lang, year=year_text(latest, store_years)),
               f"{format_number(energy / 1e6, 1, lang)} GWh"
               if energy >= 1e6 else f"{format_number(energy / 1e3, 1, lang)} MWh")
cols[1].metric(texts.t("kpi_buildings", lang), format_number(summary["buildings"], 0, lang))
cols[2].metric(texts.t("kpi_municipalities", lang), summary["municipalities"])
cols[3].metric(texts.t("kpi_imports", lang), summary["imports"])

if not years or not carriers:
    st.info(texts.t("no_data", lang))
    st.stop()

water_only = set(carriers) == {"Wasser"}
if "Wasser" in carriers and not water_only:
    carriers = [c for c in carriers if c != "Wasser"]  # never add m³ to kWh
unit = "m³" if water_only else "kWh"
frame = load_yearly(version, level, tuple(years), tuple(carriers), tuple(districts))
if frame.empty:
    st.info(texts.t("no_data", lang))
    st.stop()

level_label = texts.t("level_" + level, lang)
what = texts.t("water" if water_only else "energy", lang)
selection = Selection(years=tuple(years), carriers=tuple(carriers),
                      districts=tuple(k for k in map(lookup().district, districts) if k))
shown_years = year_periods(lang, selection)  # a partial year of the chosen carriers and districts is labelled
chart_year = st.select_slider(texts.t("col_year", lang), options=sorted(years),
                              value=default_year(years, shown_years), key="overview_chart_year",
                              format_func=lambda y: year_text(y, shown_years))
raw = texts.t("pages14_not_normalised", lang)  # the overview shows what was measured: say so on every chart
chart(figure(charts.consumption_by_entity, frame, chart_year, charts.with_subtitle(texts.t(
          "chart_title_year", lang, what=what, year=year_text(chart_year, shown_years), level=level_label), raw),
          unit, lang),
      ("Uebersicht", texts.t("water" if water_only else "energy", "de"), texts.t("level_" + level, "de"), chart_year),
      "overview_chart_of_year", lang)
if chart_year in shown_years["partial"]:
    st.caption(texts.t("periods_partial_note", lang, label=year_text(chart_year, shown_years)))
chart(figure(charts.consumption_by_year, frame, charts.with_subtitle(texts.t("chart_title", lang, what=what,
                                                                     level=level_label), raw), unit, lang,
                                 labels=shown_years["labels"]),
      ("Uebersicht", texts.t("water" if water_only else "energy", "de"), texts.t("level_" + level, "de"),
       f"{min(years)}-{max(years)}"), "overview_chart_by_year", lang)

st.subheader(texts.t("table_title", lang))
table = frame.pivot_table(index=["district", "name"], columns="year", values="value", aggfunc="sum").reset_index()
if level == "district":
    table = table.drop(columns="district")
    first = [texts.t("col_district", lang)]
else:
    first = [texts.t("col_district", lang), texts.t("col_municipality", lang)]
table.columns = first + [year_text(c, shown_years) for c in table.columns[len(first):]]
show_table(table, lang, default_decimals=0,
           column_config={year_text(y, shown_years): st.column_config.Column(f"{year_text(y, shown_years)} [{unit}]")
                          for y in years})
table_downloads(table, ("Uebersicht", texts.t("water" if water_only else "energy", "de"),
                        texts.t("level_" + level, "de"), f"{min(years)}-{max(years)}"), "overview_table", lang)

current_periods(level, selection, water_only, unit, f"{min(years)}-{max(years)}")
