"""Kommune: one municipality — its key figures, progress, buildings and where to act first."""

import streamlit as st

from ktdash.output import charts, labels
from ktdash.analytics import metrics, periods
from ktdash.store import queries
from ktdash.i18n import texts
from ktdash.access.permissions import Action, NotAllowed, require
from ktdash.analytics.buildings import not_comparable_notes
from ktdash.core.formatting import HEADING_LIMIT, display_text, format_number, markdown_escape
from ktdash.analytics.targets import own_target, set_target
from ktdash.output.charts.comparison import saving_text
from pages.savings_view import municipality_savings
from pages.common import (analytics_filters, attribution, can, chart, co2_label, co2_unit, current_user, figure,
                          data_version, filter_options, norm_label, page_start, set_query, settings, show_table,
                          store_cursor, table_downloads, url_choice, year_periods)

page_start()
lang = st.session_state.get("lang", "de")


@st.cache_data(show_spinner=False)
def load_municipalities(version: int):
    return queries.municipalities(store_cursor())


@st.cache_data(show_spinner=False)
def load_not_comparable(version: int) -> dict[str, str]:
    return not_comparable_notes(store_cursor())


@st.cache_data(show_spinner=False)
def load_figures(version: int, selection: metrics.Selection, baseline: int, year: int) -> tuple:
    con, analytics = store_cursor(), settings().analytics
    return (metrics.entity_years(con, "municipality", selection, analytics),
            metrics.building_years(con, selection, analytics),
            metrics.progress(con, "building", baseline, year, selection, analytics),
            metrics.progress(con, "municipality", baseline, year, selection, analytics))


# --- year to date and rolling 12 months (issue 17, item 4) ------------------------------------------------------

@st.cache_data(show_spinner=False)
def load_periods(version: int, selection: metrics.Selection) -> tuple:
    con, analytics = store_cursor(), settings().analytics
    return (periods.year_to_date(con, selection, analytics=analytics),
            periods.rolling_12_months(con, selection, analytics=analytics))


def current_periods(selection: metrics.Selection, name: str) -> None:
    """The municipality's year to date (the same months of every year, weather-normalised like the cards; the
    change against the previous year's same months as a card) and its rolling 12 months (measured)."""
    ytd, rolling = load_periods(version, selection)
    st.subheader(texts.t("periods_title", lang))
    if ytd.empty:
        st.info(texts.t("no_data", lang))
        return
    through = int(ytd["through_month"].iloc[0])
    newest = ytd.sort_values("year").iloc[-1]
    change = newest["change_normalised"]
    compared = change is not None and change == change  # NULL/NaN: no previous year with the same months
    delta = (texts.t("periods_kpi_ytd_delta", lang, change=format_number(change * 100, 1, lang, unit="%", signed=True),
                     previous=periods.through_label(int(newest["year"]) - 1, through, lang))
             if compared else texts.t("periods_kpi_ytd_none", lang))
    st.columns(4)[0].metric(
        texts.t("periods_kpi_ytd", lang, label=periods.through_label(int(newest["year"]), through, lang)),
        number(newest["energy_kwh_normalised"] / 1000, 0, "MWh"), delta=delta,
        delta_color="inverse" if compared else "off", delta_arrow="auto" if compared else "off",
        help=norm_label("progress", lang))
    left, right = st.columns(2)
    chart(figure(charts.year_to_date_bars, ytd, "energy_kwh_normalised", "change_normalised", charts.with_subtitle(
              texts.t("periods_ytd_title", lang, months=periods.month_span(range(1, through + 1), lang)),
              progress_short), "kWh", lang),
          ("Kommune", name, "Jahr_bis_heute", int(newest["year"])), "municipality_ytd", lang, container=left)
    left.caption(texts.t("periods_ytd_caption", lang))
    if rolling["rolling_kwh_raw"].notna().any():
        chart(figure(charts.rolling_12_line, rolling, charts.with_subtitle(texts.t("periods_rolling_title", lang),
                                                                   texts.t("pages14_not_normalised", lang)),
                                     "kWh", lang),
              ("Kommune", name, "Gleitende_12_Monate"), "municipality_rolling", lang, container=right)
        right.caption(texts.t("periods_rolling_caption", lang))
    else:
        right.info(texts.t("periods_rolling_none", lang))


version = data_version()
options = filter_options()
municipalities = load_municipalities(version)
names = dict(zip(municipalities["key"], municipalities["name"], strict=True))
keys = list(names)
url_key = next(iter(url_choice("kommune", keys, container=st.sidebar)), None)  # a name or an official key
with st.sidebar:
    key = st.selectbox(texts.t("filter_municipality", lang), keys, format_func=lambda k: display_text(names.get(k)),
                       index=keys.index(url_key) if url_key in keys else 0, key="municipality_key")
set_query(municipalities=(key,))
st.title(texts.t("municipality_title", lang, name=markdown_escape(names[key], HEADING_LIMIT)), anchor=False)
st.caption(texts.t("municipality_caption", lang))
if not options["years"]:
    st.info(texts.t("no_data", lang))
    st.stop()
place = metrics.Selection(municipalities=(key,))  # the year starts on the municipality's last complete year
chosen = analytics_filters(lang, options["years"], options["carriers"], "municipality", not_comparable=True,
                           places=place)
year, baseline = chosen["year"], chosen["baseline"]
year_label, partial_year = chosen["year_label"], chosen["partial"]  # "2026, Jan–Okt": never a whole year
include_not_comparable = chosen["include_not_comparable"]
selection = metrics.Selection(carriers=chosen["carriers"], categories=chosen["categories"], municipalities=(key,),
                              include_not_comparable=include_not_comparable)
entity, buildings, building_progress, progress = load_figures(version, selection, baseline, year)
if entity.empty:
    st.info(texts.t("no_data", lang))
    st.stop()
current = entity[entity["year"] == year]
if not entity["weather_normalised"].all():
    st.warning(texts.t("not_normalised_warning", lang))


def number(value, decimals=0, unit=""):
    return "–" if value is None or value != value else f"{format_number(value, decimals, lang)} {unit}".strip()


progress_short, benchmark_short = norm_label("progress", lang, short=True), norm_label("benchmark", lang, short=True)
co2 = co2_label(lang)

cards = st.columns(4)
if not current.empty:
    row = current.iloc[0]
    # the method of a figure under its value: grey, without an arrow (a label, not a change); in full below
    method = {"delta_color": "off", "delta_arrow": "off"}
    station_mean = texts.t("pages14_card_progress_short", lang, start=settings().analytics.climate_reference_from,
                           end=settings().analytics.climate_reference_to)
    cards[0].metric(texts.t("kpi_energy", lang, year=year_label), number(row["energy_kwh_normalised"] / 1000, 0, "MWh"),
                    delta=station_mean, **method, help=norm_label("progress", lang))
    cards[1].metric(texts.t("kpi_per_inhabitant", lang), number(row["energy_kwh_per_inhabitant"], 1, "kWh"),
                    delta=station_mean, **method, help=norm_label("progress", lang))
    cards[2].metric(texts.t("pages14_kpi_co2_year", lang, year=year_label), number(row["t_co2e"], 0, f"t {co2_unit()}"),
                    delta=co2_label(lang, short=True), **method, help=co2)
if partial_year:  # a partial year is never compared with a whole one: the same months are under "Jahr bis heute"
    cards[3].caption(texts.t("periods_progress_partial", lang, baseline=baseline, label=year_label))
elif not progress.empty and year != baseline:
    p = progress.iloc[0]
    # one sign for savings everywhere (issue 19): "Einsparung", + = less energy (charts.comparison.saving_text)
    cards[3].metric(texts.t("kpi_progress", lang, baseline=baseline), saving_text(p["saving_share"], lang),
                    delta=texts.t("kpi_on_track" if p["on_track"] else "kpi_off_track", lang),
                    delta_color="normal" if p["on_track"] else "inverse",
                    help=texts.t("ws19_kpi_saving_help", lang, norm=norm_label("progress", lang)))
st.caption(texts.t("pages14_cards_note", lang, progress=norm_label("progress", lang), co2=co2))

left, right = st.columns(2)
with left:
    chart(figure(charts.energy_by_year, entity, charts.with_subtitle(texts.t("pages14_chart_energy_years", lang),
                                                             progress_short), lang,
                                labels=year_periods(lang, place)["labels"]),
          ("Kommune", names[key], "Energie_je_Jahr", year), "municipality_years", lang)
notes = load_not_comparable(version)
of_year = buildings[buildings["year"] == year].copy()
of_year["not_comparable"] = ~of_year["comparable"].fillna(False).astype(bool)
# buildings the check box concerns: not comparable, but with a comparison value that would give a potential
not_comparable = of_year[of_year["not_comparable"] & (of_year["heat_comparison_kwh_per_m2"].notna()
                                                      | of_year["electricity_comparison_kwh_per_m2"].notna())]
with right:
    ranking = of_year[of_year["potential_kwh"] > 0].nlargest(10, "potential_kwh")
    if not ranking.empty:
        chart(figure(charts.ranking_bars, ranking.rename(columns={"building": "name"}), "potential_kwh",
                                  charts.with_subtitle(texts.t("chart_potential", lang, year=year_label),
                                                       texts.t("pages14_chart_potential_sub", lang,
                                                               norm=benchmark_short)), "kWh/a",
                                  lang, marked="not_comparable",
                                  legend=(texts.t("pages14_legend_comparable", lang),
                                          texts.t("pages14_not_comparable", lang))),
              ("Kommune", names[key], "Einsparpotenzial", year), "municipality_potential", lang)
    st.caption(texts.t("pages14_potential_note", lang, norm=norm_label("benchmark", lang), co2=co2))
    if not not_comparable.empty:
        listed = ", ".join(f"{markdown_escape(b)} ({labels.reason(notes.get(c), lang)})"
                           for b, c in zip(not_comparable["building"], not_comparable["category"], strict=True))
        if include_not_comparable:
            st.caption(texts.t("pages14_not_comparable_taken", lang, buildings=listed))
        else:
            st.caption(texts.t("pages14_not_comparable_left_out", lang, buildings=listed,
                               filter=texts.t("pages14_filter_not_comparable", lang)))

current_periods(selection, names[key])

st.subheader(texts.t("municipality_buildings", lang, year=year_label))
table = of_year.merge(
    building_progress[["key", "saving_share"]].rename(columns={"key": "building_id"}), on="building_id", how="left")
table["saving_share"] = table["saving_share"] * 100
table["comparability"] = [labels.not_comparable(notes.get(c), lang) if flag else ""
                          for c, flag in zip(table["category"], table["not_comparable"], strict=True)]
table["link"] = "./gebaeude?building=" + table["building_id"].astype(str)
saving_column = texts.t("pages14_col_saving_share", lang, baseline=baseline, norm=progress_short)
columns = {"building": texts.t("col_building", lang), "category": texts.t("col_category", lang),
           "comparability": texts.t("pages14_col_comparability", lang),
           "area_m2": texts.t("col_area", lang), "complete": texts.t("col_complete", lang),
           "heat_kwh_per_m2": texts.t("pages14_col_heat_per_m2", lang, norm=benchmark_short),
           "heat_comparison_kwh_per_m2": texts.t("col_heat_comparison", lang),
           "electricity_kwh_per_m2": texts.t("col_electricity_per_m2", lang),
           "electricity_comparison_kwh_per_m2": texts.t("col_electricity_comparison", lang),
           "t_co2e": texts.t("pages14_col_co2", lang, label=co2), "cost_eur": texts.t("col_cost", lang),
           "saving_share": saving_column,
           "potential_kwh": texts.t("col_potential_kwh", lang), "potential_eur": texts.t("col_potential_eur", lang),
           "potential_t_co2e": texts.t("pages14_col_potential_t", lang, unit=co2_unit()),
           "link": texts.t("col_link", lang)}
shown = table.sort_values("potential_kwh", ascending=False)[list(columns)].rename(columns=columns)
show_table(shown, lang, decimals={texts.t("col_area", lang): 0, texts.t("col_cost", lang): 0,
                                  texts.t("col_potential_kwh", lang): 0, texts.t("col_potential_eur", lang): 0,
                                  saving_column: 1},
           column_config={texts.t("col_link", lang): st.column_config.LinkColumn(display_text="→"),
                          texts.t("pages14_col_comparability", lang): st.column_config.TextColumn(width="medium")})
default_rate = format_number(settings().analytics.target_change_per_year * 100, 1, lang, signed=True)
st.caption(texts.t("ws19_progress_note_table", lang, rate=default_rate,
                   baseline=baseline) + " " + texts.t("cost_note", lang))
st.caption(texts.t("pages14_norm_note", lang, progress=norm_label("progress", lang),
                   benchmark=norm_label("benchmark", lang), attribution=attribution(lang)))
table_downloads(shown.drop(columns=texts.t("col_link", lang)), ("Kommune", names[key], "Gebaeude", year),
                "municipality_table", lang)

municipality_savings(version, key, names[key], lang)

with st.expander(texts.t("target_own", lang, rate=default_rate)):
    current_target = own_target(store_cursor(), key)
    editable = can(current_user(), Action.EDIT_MASTERDATA, key)
    value = st.number_input(texts.t("target_own", lang, rate=default_rate),
                            min_value=-50.0, max_value=50.0, step=0.5, format="%.1f", disabled=not editable,
                            value=None if current_target is None else current_target * 100, key=f"target_{key}")
    if not editable:
        st.caption(texts.t("masterdata_login_needed", lang))
    elif st.button(texts.t("target_save", lang), key="target_save"):
        try:  # checked again at the click: the session may have ended
            require(current_user(), Action.EDIT_MASTERDATA, key, municipality_name=markdown_escape(names[key]))
        except NotAllowed as exc:
            st.error(exc.message(lang))
        else:
            set_target(store_cursor(), key, None if value is None else value / 100, by=current_user())
            st.cache_data.clear()
            st.success(texts.t("target_saved", lang))
