"""Vergleich Westpfalz: districts and municipalities side by side — absolute, per inhabitant,
per m², CO₂, progress against the baseline — for the workshop screen."""

import streamlit as st

from ktdash import charts, metrics, texts
from pages.common import (analytics_filters, chart, data_version, filter_options, page_start, settings,
                          show_table, store_cursor, table_downloads, url_radio)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_entities(version: int, level: str, selection: metrics.Selection):
    return metrics.entity_years(store_cursor(), level, selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_progress(version: int, level: str, baseline: int, year: int, selection: metrics.Selection):
    return metrics.progress(store_cursor(), level, baseline, year, selection, settings().analytics)


version = data_version()
options = filter_options()
st.title(texts.t("comparison_title", lang))
st.caption(texts.t("comparison_caption", lang))
if not options["years"]:
    st.info(texts.t("no_data", lang))
    st.stop()

level = url_radio(texts.t("filter_level", lang), ["district", "municipality"], "ebene", "comparison_level",
                  container=st.sidebar, format_func=lambda v: texts.t("level_" + v, lang))
chosen = analytics_filters(lang, options["years"], options["carriers"], "comparison")
year, baseline = chosen["year"], chosen["baseline"]
selection = metrics.Selection(carriers=chosen["carriers"], categories=chosen["categories"])
entities = load_entities(version, level, selection)
current = entities[entities["year"] == year].copy()
if current.empty:
    st.info(texts.t("no_data", lang))
    st.stop()
if not current["weather_normalised"].all():
    st.warning(texts.t("not_normalised_warning", lang))
progress = load_progress(version, level, baseline, year, selection)

rate = settings().analytics.target_change_per_year * 100
left, right = st.columns(2)
with left:
    chart(charts.ranking_bars(current, "energy_kwh_per_inhabitant", texts.t("chart_per_inhabitant", lang, year=year),
                              "kWh/EW", lang), ("Vergleich", "Westpfalz", "Energie_je_Einwohner", year),
          "comparison_per_inhabitant", lang)
with right:
    if progress.empty or year == baseline:
        st.info(texts.t("no_progress", lang))
    else:
        chart(charts.progress_bars(progress, texts.t("chart_progress", lang, year=year, baseline=baseline), lang),
              ("Vergleich", "Westpfalz", "Fortschritt", baseline, year), "comparison_progress", lang)
        st.caption(texts.t("progress_note", lang, rate=f"{rate:+.1f}".replace(".", "," if lang == "de" else "."),
                           baseline=baseline))
left, right = st.columns(2)
with left:
    chart(charts.ranking_bars(current, "heat_kwh_per_m2", texts.t("chart_heat_per_m2", lang, year=year),
                              "kWh/m²", lang), ("Vergleich", "Westpfalz", "Waerme_je_m2", year), "comparison_heat", lang)
with right:
    chart(charts.ranking_bars(current, "electricity_kwh_per_m2", texts.t("chart_electricity_per_m2", lang, year=year),
                              "kWh/m²", lang), ("Vergleich", "Westpfalz", "Strom_je_m2", year), "comparison_electricity",
          lang)

st.subheader(texts.t("table_entities", lang, year=year))
table = current.merge(progress[["key", "saving_share", "on_track", "buildings_compared"]], on="key", how="left")
table["saving_share"] = table["saving_share"] * 100
columns = {"name": texts.t("col_name", lang), "population": texts.t("col_population", lang),
           "buildings": texts.t("col_buildings", lang), "energy_kwh_raw": texts.t("col_energy_raw", lang),
           "energy_kwh_normalised": texts.t("col_energy_normalised", lang),
           "energy_kwh_per_inhabitant": texts.t("col_per_inhabitant", lang),
           "heat_kwh_per_m2": texts.t("col_heat_per_m2", lang),
           "electricity_kwh_per_m2": texts.t("col_electricity_per_m2", lang), "t_co2e": texts.t("col_t_co2", lang), "cost_eur": texts.t("col_cost", lang),
           "t_co2e_per_inhabitant": texts.t("col_t_co2_per_inhabitant", lang),
           "saving_share": texts.t("col_saving_share", lang, baseline=baseline),
           "on_track": texts.t("col_on_track", lang), "buildings_compared": texts.t("col_compared", lang)}
if level == "municipality":
    columns = {"district": texts.t("col_district", lang)} | columns
table = table[list(columns)].rename(columns=columns)
show_table(table, lang, decimals={texts.t("col_t_co2_per_inhabitant", lang): 3,
                                  texts.t("col_saving_share", lang, baseline=baseline): 1,
                                  texts.t("col_energy_raw", lang): 0, texts.t("col_energy_normalised", lang): 0,
                                  texts.t("col_cost", lang): 0, texts.t("col_t_co2", lang): 1})
st.caption(texts.t("cost_note", lang))
table_downloads(table, ("Vergleich", "Westpfalz", texts.t("level_" + level, "de").split("/")[0], year),
                "comparison_table", lang)
