"""Vergleich Westpfalz: districts and municipalities side by side — absolute, per inhabitant,
per m², CO₂, progress against the baseline — for the workshop screen."""

import streamlit as st

from ktdash.output import charts, labels
from ktdash.analytics import metrics
from ktdash.i18n import texts
from ktdash.analytics.buildings import not_comparable_per_area
from ktdash.core.formatting import format_decimal, markdown_escape
from ktdash.output.charts import maps
from pages.map_view import map_chart
from pages.savings_view import area_savings
from pages.common import (analytics_filters, attribution, chart, co2_label, co2_unit, data_version, figure,
                          filter_options, norm_label, page_start, settings, show_table, store_cursor, table_downloads,
                          url_radio)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_entities(version: int, level: str, selection: metrics.Selection):
    return metrics.entity_years(store_cursor(), level, selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_progress(version: int, level: str, baseline: int, year: int, selection: metrics.Selection):
    return metrics.progress(store_cursor(), level, baseline, year, selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_not_comparable(version: int, year: int, selection: metrics.Selection):
    return not_comparable_per_area(store_cursor(), year, selection, settings().analytics)


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
year_label = chosen["year_label"]  # "2026, Jan–Okt" for a partial year, never shown as a whole one (issue 17)
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
progress_short, benchmark_short = norm_label("progress", lang, short=True), norm_label("benchmark", lang, short=True)
co2 = co2_label(lang)
left, right = st.columns(2)
with left:
    chart(figure(charts.ranking_bars, current, "energy_kwh_per_inhabitant",
                              charts.with_subtitle(texts.t("pages14_chart_per_inhabitant", lang, year=year_label),
                                                   progress_short),
                              "kWh/EW", lang), ("Vergleich", "Westpfalz", "Energie_je_Einwohner", year),
          "comparison_per_inhabitant", lang)
with right:
    if chosen["partial"]:
        st.info(texts.t("periods_progress_partial_plain", lang, baseline=baseline, label=year_label))
    elif progress.empty or year == baseline:
        st.info(texts.t("no_progress", lang))
    else:
        chart(figure(charts.progress_bars, progress, charts.with_subtitle(
                  texts.t("chart_progress", lang, year=year, baseline=baseline), progress_short), lang),
              ("Vergleich", "Westpfalz", "Fortschritt", baseline, year), "comparison_progress", lang)
        st.caption(texts.t("ws19_progress_note", lang, rate=format_decimal(rate, lang, 1, signed=True),
                           baseline=baseline))
left, right = st.columns(2)
with left:
    chart(figure(charts.ranking_bars, current, "heat_kwh_per_m2",
                              charts.with_subtitle(texts.t("pages14_chart_heat_per_m2", lang, year=year_label),
                                                   benchmark_short),
                              "kWh/m²", lang),
          ("Vergleich", "Westpfalz", "Waerme_je_m2", year), "comparison_heat", lang)
    not_comparable = load_not_comparable(version, year, selection)
    if not not_comparable.empty:
        st.caption(texts.t("pages14_comparison_not_comparable", lang, categories="; ".join(
            texts.t("pages14_count_of", lang, category=markdown_escape(c), count=n, reason=labels.reason(note, lang))
            for c, n, note in zip(not_comparable["category"], not_comparable["buildings"], not_comparable["note"],
                                  strict=True))))
with right:
    chart(figure(charts.ranking_bars, current, "electricity_kwh_per_m2",
                              texts.t("chart_electricity_per_m2", lang, year=year_label), "kWh/m²", lang),
          ("Vergleich", "Westpfalz", "Strom_je_m2", year), "comparison_electricity", lang)

# --- map of the Westpfalz (issue 19): the figures above, coloured by area; a click opens the area ----------------
st.subheader(texts.t("map_section_title", lang))
map_measures = {"energy_per_inhabitant": (current, "energy_kwh_per_inhabitant", "kWh/EW", 0, False),
                "heat_per_m2": (current, "heat_kwh_per_m2", "kWh/m²", 0, False)}
map_titles = {"energy_per_inhabitant": texts.t("pages14_chart_per_inhabitant", lang, year=year_label),
              "heat_per_m2": texts.t("pages14_chart_heat_per_m2", lang, year=year_label)}
map_labels = {"energy_per_inhabitant": texts.t("map_measure_energy_per_inhabitant", lang),
              "heat_per_m2": texts.t("map_measure_heat_per_m2", lang)}
if not chosen["partial"] and not progress.empty and year != baseline:  # the same condition as the progress chart
    map_measures["progress"] = (progress.assign(saving_percent=progress["saving_share"] * 100), "saving_percent",
                                "%", 1, True)
    map_titles["progress"] = texts.t("map_chart_progress", lang, year=year, baseline=baseline)
    map_labels["progress"] = texts.t("map_measure_progress", lang, baseline=baseline)
measure = st.radio(texts.t("map_measure", lang), list(map_measures), horizontal=True, key="comparison_map_measure",
                   format_func=map_labels.get)
frame, column, unit, digits, diverging = map_measures[measure]
make_map = maps.district_map if level == "district" else maps.municipality_map


def open_area(key: str) -> None:
    """A click on the map: a district opens its overview, a Verbandsgemeinde or city the page Kommune."""
    if level == "district":
        st.switch_page("pages/uebersicht.py", query_params={"kreis": key})
    st.switch_page("pages/kommune.py", query_params={"kommune": key, "jahr": str(year)})


map_chart(figure(make_map, frame, column, map_titles[measure], unit, lang, decimals=digits, diverging=diverging), level,
          ("Vergleich", "Westpfalz", "Karte", measure, year), "comparison_map", lang, on_click=open_area,
          choices=maps.choices(level, current))
st.caption(texts.t("map_click_comparison_district", lang) if level == "district"
           else texts.t("map_click_comparison_municipality", lang) + " " + texts.t("map_note_landkreis", lang))

st.subheader(texts.t("table_entities", lang, year=year_label))
table = current.merge(progress[["key", "saving_share", "on_track", "buildings_compared"]], on="key", how="left")
table["saving_share"] = table["saving_share"] * 100
columns = {"name": texts.t("col_name", lang), "population": texts.t("col_population", lang),
           "buildings": texts.t("col_buildings", lang), "energy_kwh_raw": texts.t("col_energy_raw", lang),
           "energy_kwh_normalised": texts.t("pages14_col_energy_normalised", lang, norm=progress_short),
           "energy_kwh_per_inhabitant": texts.t("col_per_inhabitant", lang),
           "heat_kwh_per_m2": texts.t("pages14_col_heat_per_m2", lang, norm=benchmark_short),
           "electricity_kwh_per_m2": texts.t("col_electricity_per_m2", lang),
           "t_co2e": texts.t("pages14_col_co2", lang, label=co2), "cost_eur": texts.t("col_cost", lang),
           "t_co2e_per_inhabitant": texts.t("pages14_col_t_co2_per_inhabitant", lang, unit=co2_unit()),
           "saving_share": texts.t("pages14_col_saving_share", lang, baseline=baseline, norm=progress_short),
           "on_track": texts.t("col_on_track", lang), "buildings_compared": texts.t("col_compared", lang)}
if level == "municipality":
    columns = {"district": texts.t("col_district", lang)} | columns
decimals = {"t_co2e_per_inhabitant": 3, "saving_share": 1, "energy_kwh_raw": 0, "energy_kwh_normalised": 0,
            "cost_eur": 0, "t_co2e": 1}
table = table[list(columns)].rename(columns=columns)
show_table(table, lang, decimals={columns[c]: d for c, d in decimals.items()})
st.caption(texts.t("cost_note", lang))
st.caption(texts.t("pages14_norm_note", lang, progress=norm_label("progress", lang),
                   benchmark=norm_label("benchmark", lang), attribution=attribution(lang)))
table_downloads(table, ("Vergleich", "Westpfalz", texts.t("level_" + level, "de").split("/")[0], year),
                "comparison_table", lang)

area_savings(version, level, selection, lang)
