"""Kommune: one municipality — its key figures, progress, buildings and where to act first."""

import streamlit as st

from ktdash import charts, metrics, queries, texts
from ktdash.auth import Action, NotAllowed, require
from ktdash.formatting import format_number
from ktdash.targets import own_target, set_target
from pages.common import (analytics_filters, can, chart, current_user, data_version, filter_options,
                          page_start, settings, show_table, store_cursor, table_downloads)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_municipalities(version: int):
    return queries.municipalities(store_cursor())


@st.cache_data(show_spinner=False)
def load_figures(version: int, selection: metrics.Selection, baseline: int, year: int) -> tuple:
    con, analytics = store_cursor(), settings().analytics
    return (metrics.entity_years(con, "municipality", selection, analytics),
            metrics.building_years(con, selection, analytics),
            metrics.progress(con, "building", baseline, year, selection, analytics),
            metrics.progress(con, "municipality", baseline, year, selection, analytics))


version = data_version()
options = filter_options()
municipalities = load_municipalities(version)
labels = dict(zip(municipalities["key"], municipalities["name"]))
keys = list(labels)
url_key = st.query_params.get("kommune")
with st.sidebar:
    key = st.selectbox(texts.t("filter_municipality", lang), keys, format_func=labels.get,
                       index=keys.index(url_key) if url_key in keys else 0, key="municipality_key")
st.query_params["kommune"] = key
st.title(texts.t("municipality_title", lang, name=labels[key]))
st.caption(texts.t("municipality_caption", lang))
if not options["years"]:
    st.info(texts.t("no_data", lang))
    st.stop()
chosen = analytics_filters(lang, options["years"], options["carriers"], "municipality")
year, baseline = chosen["year"], chosen["baseline"]
selection = metrics.Selection(carriers=chosen["carriers"], categories=chosen["categories"], municipalities=(key,))
entity, buildings, building_progress, progress = load_figures(version, selection, baseline, year)
if entity.empty:
    st.info(texts.t("no_data", lang))
    st.stop()
current = entity[entity["year"] == year]
if not entity["weather_normalised"].all():
    st.warning(texts.t("not_normalised_warning", lang))


def number(value, decimals=0, unit=""):
    return "–" if value is None or value != value else f"{format_number(value, decimals, lang)} {unit}".strip()


cards = st.columns(4)
if not current.empty:
    row = current.iloc[0]
    cards[0].metric(texts.t("kpi_energy_normalised", lang, year=year), number(row["energy_kwh_normalised"] / 1000, 0, "MWh"))
    cards[1].metric(texts.t("kpi_per_inhabitant", lang), number(row["energy_kwh_per_inhabitant"], 1, "kWh"))
    cards[2].metric(texts.t("kpi_co2", lang, year=year), number(row["t_co2e"], 0, "t"))
if not progress.empty and year != baseline:
    p = progress.iloc[0]
    cards[3].metric(texts.t("kpi_progress", lang, baseline=baseline), number(p["saving_share"] * 100, 1, "%"),
                    delta=texts.t("kpi_on_track" if p["on_track"] else "kpi_off_track", lang),
                    delta_color="normal" if p["on_track"] else "inverse")

left, right = st.columns(2)
with left:
    chart(charts.energy_by_year(entity, texts.t("chart_energy_years", lang), lang),
          ("Kommune", labels[key], "Energie_je_Jahr", year), "municipality_years", lang)
with right:
    ranking = buildings[(buildings["year"] == year) & (buildings["potential_kwh"] > 0)].nlargest(10, "potential_kwh")
    if not ranking.empty:
        chart(charts.ranking_bars(ranking.rename(columns={"building": "name"}), "potential_kwh",
                                  texts.t("chart_potential", lang, year=year), "kWh/a", lang),
              ("Kommune", labels[key], "Einsparpotenzial", year), "municipality_potential", lang)
        st.caption(texts.t("potential_note", lang))

st.subheader(texts.t("municipality_buildings", lang, year=year))
table = buildings[buildings["year"] == year].merge(
    building_progress[["key", "saving_share"]].rename(columns={"key": "building_id"}), on="building_id", how="left")
table["saving_share"] = table["saving_share"] * 100
table["link"] = "./gebaeude?building=" + table["building_id"].astype(str)
columns = {"building": texts.t("col_building", lang), "category": texts.t("col_category", lang),
           "area_m2": texts.t("col_area", lang), "complete": texts.t("col_complete", lang),
           "heat_kwh_per_m2": texts.t("col_heat_per_m2", lang),
           "heat_comparison_kwh_per_m2": texts.t("col_heat_comparison", lang),
           "electricity_kwh_per_m2": texts.t("col_electricity_per_m2", lang),
           "electricity_comparison_kwh_per_m2": texts.t("col_electricity_comparison", lang),
           "t_co2e": texts.t("col_t_co2", lang), "cost_eur": texts.t("col_cost", lang), "saving_share": texts.t("col_saving_share", lang, baseline=baseline),
           "potential_kwh": texts.t("col_potential_kwh", lang), "potential_eur": texts.t("col_potential_eur", lang),
           "potential_t_co2e": texts.t("col_potential_t", lang), "link": texts.t("col_link", lang)}
shown = table.sort_values("potential_kwh", ascending=False)[list(columns)].rename(columns=columns)
show_table(shown, lang, decimals={texts.t("col_area", lang): 0, texts.t("col_cost", lang): 0,
                                  texts.t("col_potential_kwh", lang): 0, texts.t("col_potential_eur", lang): 0,
                                  texts.t("col_saving_share", lang, baseline=baseline): 1},
           column_config={texts.t("col_link", lang): st.column_config.LinkColumn(display_text="→")})
st.caption(texts.t("progress_note", lang, rate=f"{settings().analytics.target_change_per_year * 100:+.1f}",
                   baseline=baseline) + " " + texts.t("cost_note", lang))
table_downloads(shown.drop(columns=texts.t("col_link", lang)), ("Kommune", labels[key], "Gebaeude", year),
                "municipality_table", lang)

with st.expander(texts.t("target_own", lang, rate=f"{settings().analytics.target_change_per_year * 100:+.1f}")):
    current_target = own_target(store_cursor(), key)
    editable = can(current_user(), Action.EDIT_MASTERDATA, key)
    value = st.number_input(texts.t("target_own", lang, rate=f"{settings().analytics.target_change_per_year * 100:+.1f}"),
                            min_value=-50.0, max_value=50.0, step=0.5, format="%.1f", disabled=not editable,
                            value=None if current_target is None else current_target * 100, key=f"target_{key}")
    if not editable:
        st.caption(texts.t("masterdata_login_needed", lang))
    elif st.button(texts.t("target_save", lang), key="target_save"):
        try:  # checked again at the click: the session may have ended
            require(current_user(), Action.EDIT_MASTERDATA, key, municipality_name=labels[key])
        except NotAllowed as exc:
            st.error(exc.message(lang))
        else:
            set_target(store_cursor(), key, None if value is None else value / 100, by=current_user())
            st.cache_data.clear()
            st.success(texts.t("target_saved", lang))
