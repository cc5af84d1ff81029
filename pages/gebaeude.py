"""Gebäude: one building — master data and hot-water share, key figures of a year, monthly values,
year against year, raw against weather-normalised heat, specific consumption against the comparison value.

Other pages link here with ``?building=ID``; the choice is kept in the URL.
"""

import pandas as pd
import streamlit as st

from ktdash import charts, metrics, queries, texts
from ktdash.auth import Action, NotAllowed, require
from ktdash.buildings import set_hot_water_share, year_figures
from ktdash.formatting import format_number, markdown_escape as escape
from ktdash.ingest import versions
from ktdash.settings import AnalyticsSettings
from pages.common import (can, chart, current_user, data_version, page_start, settings, show_table,
                          store_cursor, table_downloads)

page_start()
lang = st.session_state.get("lang", "de")
analytics = settings().analytics


@st.cache_resource(show_spinner=False, max_entries=4)
def building_index(version: int) -> dict:
    """The building selection's lookups, built once per data version and shared read-only by every run and
    session (st.cache_data would copy 10,000 buildings on each run): municipality_of {building: municipality},
    municipality_names {key: name}, buildings_in {municipality: {building: name}}, first (the first building
    with data, else the first building; None when there is none)."""
    frame = queries.building_list(store_cursor())
    ids, keys = frame["building_id"].tolist(), frame["municipality_key"].tolist()
    buildings_in: dict[str, dict[int, str]] = {}
    for building_id, key, name in zip(ids, keys, frame["building"].tolist()):
        buildings_in.setdefault(key, {})[building_id] = name
    with_data = frame[frame["has_data"]]
    return {"municipality_of": dict(zip(ids, keys)),
            "municipality_names": dict(zip(keys, frame["municipality"].tolist())), "buildings_in": buildings_in,
            "first": int((with_data if not with_data.empty else frame)["building_id"].iloc[0]) if ids else None}


@st.cache_data(show_spinner=False)
def load_building(version: int, building_id: int, analytics_json: str) -> tuple:
    con = store_cursor()
    return (queries.building_info(con, building_id), queries.building_monthly(con, building_id),
            year_figures(con, building_id, AnalyticsSettings.model_validate_json(analytics_json)))


def value(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def number(x, decimals: int = 0, unit: str = "") -> str:
    x = value(x)
    return "–" if x is None else f"{format_number(x, decimals, lang)} {unit}".strip()


def signed(x: float, decimals: int = 1) -> str:
    return ("+" if x > 0 else "") + format_number(x, decimals, lang)


def percent(share: float) -> str:
    return format_number(share * 100, 0 if round(share * 100, 6) == round(share * 100) else 1, lang)


def changed_by(building_id: int):
    """The user allowed to change this building's master data (checked at the click), else None with a message."""
    try:
        require(current_user(), Action.EDIT_MASTERDATA, municipality_of[building_id],
                municipality_name=municipality_names.get(municipality_of[building_id]))
    except NotAllowed as exc:
        st.session_state["building_share_error"] = exc.message(lang)
        return None
    return current_user()


def save_share(building_id: int, key: str) -> None:
    if (user := changed_by(building_id)) is None:
        return
    set_hot_water_share(store_cursor(), building_id, st.session_state[key] / 100, by=user)
    st.session_state["building_share_message"] = texts.t("building_share_saved", lang,
                                                         share=format_number(st.session_state[key], 0, lang))


def reset_share(building_id: int, key: str) -> None:
    if (user := changed_by(building_id)) is None:
        return
    set_hot_water_share(store_cursor(), building_id, None, by=user)
    st.session_state[key] = round(analytics.hot_water_share * 100)
    st.session_state["building_share_message"] = texts.t("building_share_reset_done", lang,
                                                         share=percent(analytics.hot_water_share))


version = data_version()
index = building_index(version)
if index["first"] is None:
    st.title(texts.t("page_building", lang))
    st.info(texts.t("building_none", lang))
    st.stop()

# --- which building: a URL this page did not write itself (a link ?building=ID) wins over the selection ----
municipality_of, municipality_names = index["municipality_of"], index["municipality_names"]
url_value = st.query_params.get("building")
try:
    requested = int(url_value or "")
except ValueError:
    requested = None
current = st.session_state.get("building_id")
if requested in municipality_of and url_value != st.session_state.get("building_url"):
    chosen_id = requested
elif current in municipality_of:
    chosen_id = current
elif st.session_state.get("building_last") in municipality_of:
    chosen_id = st.session_state["building_last"]
else:
    chosen_id = index["first"]
if current != chosen_id or "building_municipality" not in st.session_state:
    st.session_state["building_id"] = chosen_id
    st.session_state["building_municipality"] = municipality_of[chosen_id]

header = st.container()
select_left, select_middle, select_right = st.columns([2, 3, 1])
municipality_key = select_left.selectbox(texts.t("building_select_municipality", lang), list(municipality_names),
                                         format_func=municipality_names.get, key="building_municipality")
building_names = index["buildings_in"][municipality_key]
if st.session_state.get("building_id") not in building_names:
    st.session_state["building_id"] = next(iter(building_names))
building_id = select_middle.selectbox(texts.t("building_select_building", lang), list(building_names),
                                      format_func=building_names.get, key="building_id")
st.query_params["building"] = st.session_state["building_url"] = str(building_id)
st.session_state["building_last"] = building_id

info, monthly, years = load_building(version, building_id, analytics.model_dump_json())
header.title(texts.t("building_title", lang, name=info["building"]))
header.caption(texts.t("building_caption", lang))

# --- master data and the hot-water share ----------------------------------------------------------------
own_share = value(info["hot_water_share"])
share = analytics.hot_water_share if own_share is None else own_share
master, share_box = st.columns([3, 2], gap="large")
with master:
    st.subheader(texts.t("building_master", lang))
    if info["heat_comparison_kwh_per_m2"] is None and info["electricity_comparison_kwh_per_m2"] is None:
        comparison = texts.t("building_no_comparison_value", lang, category=info["category"])
    else:
        comparison = texts.t("building_comparison_text", lang, heat=number(info["heat_comparison_kwh_per_m2"], 1),
                             electricity=number(info["electricity_comparison_kwh_per_m2"], 1))
    not_set = texts.t("building_not_set", lang)
    area = number(info["floor_area_m2"], 1, "m²") if value(info["floor_area_m2"]) else not_set
    built = str(int(info["year_built"])) if value(info["year_built"]) else not_set
    rows = [(texts.t("building_location", lang), f"{info['municipality']} ({info['district']})"),
            (texts.t("building_category", lang), info["category"]),
            (texts.t("building_area", lang), area),
            (texts.t("building_year_built", lang), built),
            (texts.t("building_comparison_values", lang), comparison),
            (texts.t("building_carriers", lang),
             ", ".join(charts.carriers_in_order(monthly)) if not monthly.empty else not_set)]
    st.markdown("  \n".join(f"**{escape(label)}:** {escape(text)}" for label, text in rows))
with share_box:
    st.subheader(texts.t("building_share_title", lang))
    st.markdown(texts.t("building_share_own" if own_share is not None else "building_share_default", lang,
                        share=percent(share)))
    share_key = f"building_share_{building_id}"
    if share_key not in st.session_state:
        st.session_state[share_key] = round(share * 100)
    if can(current_user(), Action.EDIT_MASTERDATA, municipality_key):
        with st.form("building_share_form", border=False):
            st.number_input(texts.t("building_share_input", lang), min_value=0, max_value=100, step=1,
                            key=share_key, help=texts.t("building_share_help", lang))
            save, reset = st.columns(2)
            save.form_submit_button(texts.t("building_share_save", lang), on_click=save_share,
                                    args=(building_id, share_key), width="stretch")
            reset.form_submit_button(texts.t("building_share_reset", lang), on_click=reset_share,
                                     args=(building_id, share_key), disabled=own_share is None, width="stretch",
                                     help=texts.t("building_share_reset_help", lang,
                                                  share=percent(analytics.hot_water_share)))
    else:
        st.caption(texts.t("masterdata_login_needed", lang))
    if "building_share_error" in st.session_state:
        st.error(st.session_state.pop("building_share_error"))
    if "building_share_message" in st.session_state:
        st.success(st.session_state.pop("building_share_message"))

if years.empty:
    st.info(texts.t("building_no_data", lang))
    st.stop()

# --- key figures of one year ----------------------------------------------------------------------------
year_options = sorted(years["year"].tolist(), reverse=True)
complete_years = years[years["complete"]]["year"].tolist()
if st.session_state.get("building_year") not in year_options:
    st.session_state["building_year"] = max(complete_years) if complete_years else year_options[0]
year = select_right.selectbox(texts.t("building_select_year", lang), year_options, key="building_year")
row = years[years["year"] == year].iloc[0]

st.subheader(texts.t("building_kpis", lang, year=year))
if not row["complete"]:
    st.warning(texts.t("building_incomplete", lang, year=year))
normalised = value(row["heat_kwh_weather_normalised"])
cards = st.columns(3)
cards[0].metric(texts.t("building_kpi_heat_raw", lang), number(row["heat_kwh_raw"], 0, "kWh"))
not_normalised = normalised is None and value(row["heat_kwh_raw"]) is not None
cards[1].metric(texts.t("building_kpi_heat_normalised", lang), number(normalised, 0, "kWh"),
                help=texts.t("building_kpi_not_normalised", lang) if not_normalised else None)
cards[2].metric(texts.t("building_kpi_electricity", lang), number(row["electricity_kwh"], 0, "kWh"))
cards = st.columns(3)
for card, use in zip(cards, ("heat", "electricity")):
    specific, comparison = value(row[f"{use}_kwh_per_m2"]), value(row[f"{use}_comparison_kwh_per_m2"])
    delta = None
    if specific is not None and comparison is not None:
        delta = texts.t("building_kpi_delta", lang, delta=signed(specific - comparison),
                        comparison=format_number(comparison, 1, lang))
    card.metric(texts.t(f"building_kpi_{use}_specific", lang), number(specific, 1, charts.SPECIFIC_UNIT),
                delta=delta, delta_color="inverse",
                help=texts.t("building_kpi_not_normalised", lang) if use == "heat" and not_normalised else None)
cards[2].metric(texts.t("building_kpi_co2", lang), number(row["t_co2e"], 1, "t CO₂e"))
st.caption(texts.t("building_sources_kpis", lang))

def show(figure, name: str) -> None:
    chart(figure, ("Gebaeude", building_names[building_id], name), f"building_chart_{name}", lang)


# --- (a) monthly values per carrier -----------------------------------------------------------------------
st.subheader(texts.t("building_monthly_title", lang))
carriers = charts.carriers_in_order(monthly) if not monthly.empty else []
chosen_carriers = st.multiselect(texts.t("building_monthly_carriers", lang), carriers, default=carriers,
                                 key=f"building_carriers_{building_id}")
energy = monthly[monthly["carrier"].isin([c for c in chosen_carriers if c != "Wasser"])]
water = monthly[monthly["carrier"].isin([c for c in chosen_carriers if c == "Wasser"])]
if not energy.empty:
    show(charts.building_monthly_series(energy, "kWh", lang), "Monatswerte")
if not water.empty:
    show(charts.building_monthly_series(water, "m³", lang), "Wasser")

# --- (b) year against year --------------------------------------------------------------------------------
st.subheader(texts.t("building_yoy_title", lang))
if carriers:
    preferred = [c for c in carriers if metrics.use_of(c) == "heat"] + [c for c in carriers if c == "Strom"]
    yoy_carrier = st.selectbox(texts.t("building_yoy_carrier", lang), carriers,
                               index=carriers.index(preferred[0]) if preferred else 0,
                               key=f"building_yoy_carrier_{building_id}")
    show(charts.building_year_over_year(monthly, yoy_carrier, "m³" if yoy_carrier == "Wasser" else "kWh", lang),
         "Jahresvergleich")

# --- (c) heat raw against weather-normalised ---------------------------------------------------------------
st.subheader(texts.t("building_heat_title", lang))
if years["heat_kwh_raw"].notna().any():
    show(charts.building_heat_normalisation(years, lang), "Witterungsbereinigung")
    st.markdown(texts.t("building_formula", lang, share=percent(share)))
    ratio = value(row["climate_ratio"])
    if ratio is not None:
        st.markdown(texts.t("building_formula_year", lang, year=year, ratio=format_number(ratio, 3, lang),
                            factor=format_number(share + (1 - share) * ratio, 3, lang)))
    elif not_normalised:
        st.markdown(texts.t("building_formula_year_missing", lang, year=year))
    st.caption(texts.t("building_source_normalisation", lang))
else:
    st.info(texts.t("building_no_heat", lang))

# --- (d) specific consumption against the comparison value -------------------------------------------------
st.subheader(texts.t("building_specific_title", lang))
if years["heat_kwh_per_m2"].notna().any() or years["electricity_kwh_per_m2"].notna().any():
    show(charts.building_specific_consumption(years, lang), "Vergleichswert")
    st.caption(texts.t("building_source_specific", lang, category=info["category"]))
else:
    st.info(texts.t("building_no_area", lang))

# --- table of the yearly key figures: a row per figure, a column per year (as in an energy report) -------
st.subheader(texts.t("building_table_title", lang))
ordered = years.set_index("year")
figures = [("months", "building_col_months", 0), ("heat_kwh_raw", "building_col_heat_raw", 0),
           ("climate_ratio", "building_col_climate_ratio", 3),
           ("heat_kwh_weather_normalised", "building_col_heat_normalised", 0),
           ("electricity_kwh", "building_col_electricity", 0), ("water_m3", "building_col_water", 0),
           ("heat_kwh_per_m2", "building_col_heat_specific", 1),
           ("heat_comparison_kwh_per_m2", "building_col_heat_comparison", 1),
           ("electricity_kwh_per_m2", "building_col_electricity_specific", 1),
           ("electricity_comparison_kwh_per_m2", "building_col_electricity_comparison", 1),
           ("t_co2e", "building_col_co2", 1), ("potential_kwh", "building_col_potential", 0)]
figures = [f for f in figures if ordered[f[0]].notna().any()]  # figures this building has in no year are left out
figure_label = texts.t("building_col_figure", lang)
year_columns = [str(y) for y in ordered.index]
numbers = pd.DataFrame({figure_label: [texts.t(key, lang) for _, key, _ in figures]} | {
    str(y): [value(ordered.at[y, name]) for name, _, _ in figures] for y in ordered.index})
shown = numbers.copy()  # on screen: each row with its own decimals, in the page's language
for column in year_columns:
    shown[column] = [number(x, digits) for x, (_, _, digits) in zip(numbers[column], figures)]
column_config = {figure_label: st.column_config.TextColumn(figure_label, pinned=True)} | {
    column: st.column_config.TextColumn(column, alignment="right") for column in year_columns}
st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config,
             height=35 * (len(shown) + 1) + 3)
st.caption(texts.t("building_source_table", lang))
table_downloads(numbers, ("Gebaeude", building_names[building_id], "Kennzahlen"), "building_table", lang)

# --- corrections: values of this building a later import replaced (old → new, which import) ----------------
st.subheader(texts.t("corrections_title", lang))
st.caption(texts.t("corrections_caption", lang))
# who corrected is for the network's accounts (as the Protokoll), not for an open workshop screen
corrections = versions.corrections_table(store_cursor(), lang, building_id=int(building_id),
                                         with_user=current_user() is not None).drop(
    columns=[texts.t("corrections_col_building", lang)])  # the page's building
if corrections.empty:
    st.info(texts.t("corrections_none", lang))
else:
    show_table(corrections, lang)
    table_downloads(corrections, ("Gebaeude", building_names[building_id], "Korrekturen"), "building_corrections",
                    lang)
