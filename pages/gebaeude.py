"""Gebäude: one building — master data, postcode and weather station, hot-water share, key figures of a year,
monthly values, year against year, raw against both weather normalisations, specific consumption against the
comparison value (or, for a building without a valid comparison value such as a pool, against its own baseline),
the building's measures with the form to enter them and their verified savings (:mod:`pages.measures_form`).

Other pages link here with ``?building=ID``; the choice is kept in the URL. A manager of the building's
municipality (``edit_masterdata``) sets its hot-water share and postcode; an admin (``edit_factors``) its station.
"""

import pandas as pd
import streamlit as st

from ktdash.output import charts, labels
from ktdash.analytics import climate, metrics
from ktdash.store import queries
from ktdash.i18n import texts
from ktdash.access.permissions import Action, NotAllowed, require
from ktdash.analytics.buildings import (
    climate_of,
    comparability,
    hot_water_share_of,
    own_baseline,
    set_hot_water_share,
    stations,
    year_figures,
)
from ktdash.core.formatting import HEADING_LIMIT, display_text, format_number, markdown_escape as escape
from ktdash.output.charts.comparison import saving_text
from ktdash.ingest import versions
from ktdash.core.settings import AnalyticsSettings
from pages import edit_forms, measures_form
from pages.common import (attribution, can, chart, co2_label, co2_unit, current_user, data_version, fitted, norm_label,
                          page_start, set_query, settings, show_table, store_cursor, table_downloads, url_choice,
                          year_periods)
from ktdash.analytics.selection import Selection

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
    for building_id, key, name in zip(ids, keys, frame["building"].tolist(), strict=True):
        buildings_in.setdefault(key, {})[building_id] = name
    with_data = frame[frame["has_data"]]
    return {"municipality_of": dict(zip(ids, keys, strict=True)),
            "municipality_names": dict(zip(keys, frame["municipality"].tolist(), strict=True)),
            "buildings_in": buildings_in,
            "first": int((with_data if not with_data.empty else frame)["building_id"].iloc[0]) if ids else None}


@st.cache_data(show_spinner=False)
def load_building(version: int, building_id: int, analytics_json: str) -> tuple:
    con, settings_ = store_cursor(), AnalyticsSettings.model_validate_json(analytics_json)
    return (queries.building_info(con, building_id), queries.building_monthly(con, building_id),
            year_figures(con, building_id, settings_), climate_of(con, building_id),
            hot_water_share_of(con, building_id, settings_), comparability(con, building_id))


@st.cache_data(show_spinner=False)
def load_own_baseline(version: int, building_id: int, year: int, analytics_json: str) -> dict | None:
    return own_baseline(store_cursor(), building_id, year, AnalyticsSettings.model_validate_json(analytics_json))


@st.cache_data(show_spinner=False)
def load_stations(version: int) -> pd.DataFrame:
    return stations(store_cursor())


def value(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def number(x, decimals: int = 0, unit: str = "") -> str:
    x = value(x)
    return "–" if x is None else f"{format_number(x, decimals, lang)} {unit}".strip()


def signed(x: float, decimals: int = 1) -> str:
    return ("+" if x > 0 else "") + format_number(x, decimals, lang)


def percent(share: float) -> str:
    return format_number(share * 100, 0 if round(share * 100, 6) == round(share * 100) else 1, lang)


def share_source(source: str, category: str) -> str:
    """Where a hot-water share comes from, in words (building, category, assumption)."""
    return texts.t(f"pages14_share_source_{source}", lang, category=escape(category))  # for Markdown


def changed_by(building_id: int, action: Action = Action.EDIT_MASTERDATA, error: str = "building_share_error"):
    """The user allowed to do ``action`` for this building (checked at the click), else None with a message."""
    try:
        require(current_user(), action, municipality_of[building_id],
                municipality_name=escape(municipality_names.get(municipality_of[building_id])))  # shown as Markdown
    except NotAllowed as exc:
        st.session_state[error] = exc.message(lang)
        return None
    return current_user()


def save_share(building_id: int, key: str) -> None:
    if (user := changed_by(building_id)) is None:
        return
    set_hot_water_share(store_cursor(), building_id, st.session_state[key] / 100, by=user)
    st.session_state["building_share_message"] = texts.t("building_share_saved", lang,
                                                         share=format_number(st.session_state[key], 0, lang))


def reset_share(building_id: int, key: str, default: float, source: str) -> None:
    if (user := changed_by(building_id)) is None:
        return
    set_hot_water_share(store_cursor(), building_id, None, by=user)
    st.session_state[key] = round(default * 100)
    st.session_state["building_share_message"] = texts.t("pages14_share_reset_done", lang, source=source,
                                                         share=format_number(default * 100, 0, lang))


AUTOMATIC = 0  # the station choice "nearest station of the postcode" (DWD station ids are positive)


def save_postcode(building_id: int, key: str) -> None:
    if (user := changed_by(building_id, error="building_climate_error")) is None:
        return
    postcode = (st.session_state[key] or "").strip() or None
    try:
        climate.set_postcode(store_cursor(), building_id=building_id, postcode=postcode, by=user)
    except ValueError:
        st.session_state["building_climate_error"] = texts.t("pages14_postcode_unknown", lang,
                                                             postcode=escape(postcode))
        return
    st.session_state["building_climate_message"] = (texts.t("pages14_postcode_saved", lang, postcode=escape(postcode))
                                                    if postcode else texts.t("pages14_postcode_cleared", lang))


def save_station(building_id: int, key: str) -> None:
    if (user := changed_by(building_id, Action.EDIT_FACTORS, "building_climate_error")) is None:
        return
    station_id = st.session_state[key] or None  # AUTOMATIC: back to the postcode's nearest station
    try:
        climate.set_station(store_cursor(), building_id=building_id, station_id=station_id, by=user)
    except ValueError:
        st.session_state["building_climate_error"] = texts.t("pages14_station_unknown", lang, station=station_id)
        return
    st.session_state["building_climate_message"] = (
        texts.t("pages14_station_saved", lang, station=escape(station_names.get(station_id, station_id)))
        if station_id is not None else texts.t("pages14_station_cleared", lang))


version = data_version()
index = building_index(version)
if index["first"] is None:
    st.title(texts.t("page_building", lang))
    st.info(texts.t("building_none", lang))
    st.stop()

# --- which building: a URL this page did not write itself (a link ?building=ID) wins over the selection ----
municipality_of, municipality_names = index["municipality_of"], index["municipality_names"]
url_value = st.query_params.get("building")
requested = next(iter(url_choice("building", list(municipality_of), values=[url_value] if url_value else [])), None)
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
                                         format_func=lambda k: display_text(municipality_names.get(k)),
                                         key="building_municipality")
building_names = index["buildings_in"][municipality_key]
if st.session_state.get("building_id") not in building_names:
    st.session_state["building_id"] = next(iter(building_names))
building_id = select_middle.selectbox(texts.t("building_select_building", lang), list(building_names),
                                      format_func=lambda b: display_text(building_names.get(b)), key="building_id")
set_query(buildings=(building_id,))
st.session_state["building_url"] = str(building_id)
st.session_state["building_last"] = building_id

info, monthly, years, place, hot_water, (comparable, comparability_note) = load_building(
    version, building_id, analytics.model_dump_json())
header.title(texts.t("building_title", lang, name=escape(info["building"], HEADING_LIMIT)), anchor=False)
header.caption(texts.t("building_caption", lang))
user = current_user()
measures = measures_form.load(building_id)  # issue 17: the table, the form and the markers on the timeline
progress_label, benchmark_label = norm_label("progress", lang), norm_label("benchmark", lang)
progress_short, benchmark_short = norm_label("progress", lang, short=True), norm_label("benchmark", lang, short=True)
co2 = co2_label(lang)


def station_text() -> str:
    """The building's station: name, DWD id, altitude, distance, and who chose it."""
    if place.get("station_id") is None or pd.isna(place.get("station_id")):
        return texts.t("pages14_station_none", lang)
    how = {"building": "pages14_station_chosen_building", "municipality": "pages14_station_chosen_municipality"}
    distance = value(place.get("distance_km"))
    return texts.t("pages14_station_text", lang, name=place["station"] or "?", id=int(place["station_id"]),
                   altitude=number(place.get("altitude_m"), 0),
                   distance="" if distance is None else texts.t("pages14_station_distance", lang,
                                                                km=format_number(distance, 1, lang)),
                   how=texts.t(how.get(place.get("chosen_by"), "pages14_station_nearest"), lang))


def postcode_text() -> str:
    if not place.get("postcode"):
        return texts.t("pages14_postcode_none", lang)
    return texts.t(f"pages14_postcode_{place['postcode_from']}", lang, postcode=place["postcode"],
                   place=place.get("place") or "").replace("  ", " ")


# --- master data, postcode and station, the hot-water share ----------------------------------------------
share, share_from = float(hot_water["share"]), hot_water["source"]
# an own value as entered; a category's share rounded as its derivation shows it (17,3 ÷ 67,7 = 26 %)
share_text = percent(share) if share_from == "building" else format_number(share * 100, 0, lang)
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
            (texts.t("building_comparison_values", lang), comparison)]
    if not comparable:
        rows.append((texts.t("pages14_building_comparability", lang), labels.not_comparable(comparability_note, lang)))
    rows += [(texts.t("building_carriers", lang),
              ", ".join(charts.carriers_in_order(monthly)) if not monthly.empty else not_set),
             (texts.t("pages14_building_postcode", lang), postcode_text()),
             (texts.t("pages14_building_station", lang), station_text())]
    st.markdown("  \n".join(f"**{escape(label)}:** {escape(text)}" for label, text in rows))
    if can(user, Action.EDIT_MASTERDATA, municipality_key):
        with st.expander(texts.t("pages14_climate_title", lang), icon=":material/location_on:"):
            postcode_key = f"building_postcode_{building_id}"
            if postcode_key not in st.session_state:
                st.session_state[postcode_key] = place.get("building_postcode") or ""
            with st.form("building_postcode_form", border=False):
                municipality_postcode = place.get("postcode") if place.get("postcode_from") == "municipality" else None
                st.text_input(texts.t("pages14_postcode_input", lang), key=postcode_key, max_chars=5,
                              help=texts.t("pages14_postcode_help", lang),
                              placeholder=texts.t("pages14_postcode_placeholder", lang, postcode=municipality_postcode)
                              if municipality_postcode else None)
                st.form_submit_button(texts.t("pages14_postcode_save", lang), on_click=save_postcode,
                                      args=(building_id, postcode_key))
            station_key = f"building_station_{building_id}"
            if can(user, Action.EDIT_FACTORS):
                options = load_stations(version)
                station_names = dict(zip(options["station_id"].astype(int), options["name"], strict=True))
                states = dict(zip(options["station_id"].astype(int), options["state"], strict=True))
                chosen = value(place.get("building_station_id"))
                if st.session_state.get(station_key) not in [AUTOMATIC, *station_names]:
                    st.session_state[station_key] = AUTOMATIC if chosen is None else int(chosen)
                with st.form("building_station_form", border=False):
                    st.selectbox(texts.t("pages14_station_input", lang), [AUTOMATIC, *station_names], key=station_key,
                                 format_func=lambda sid: texts.t("pages14_station_automatic", lang) if sid == AUTOMATIC
                                 else texts.t("pages14_station_option", lang, name=display_text(station_names[sid]),
                                              id=sid,
                                              state=states.get(sid) or "–"),
                                 help=texts.t("pages14_station_help", lang))
                    st.form_submit_button(texts.t("pages14_station_save", lang), on_click=save_station,
                                          args=(building_id, station_key))
            else:
                st.caption(texts.t("pages14_station_admin_only", lang))
    if "building_climate_error" in st.session_state:
        st.error(st.session_state.pop("building_climate_error"))
    if "building_climate_message" in st.session_state:
        st.success(st.session_state.pop("building_climate_message"))
with share_box:
    st.subheader(texts.t("building_share_title", lang))
    if share_from == "building":
        st.markdown(texts.t("building_share_own", lang, share=percent(share)))
    elif share_from == "category":
        st.markdown(escape(texts.t("pages14_share_category", lang, share=share_text,
                                   category=hot_water["category"], heating=format_number(hot_water["heating"], 1, lang),
                                   hot_water=format_number(hot_water["hot_water"], 1, lang))))
    else:
        st.markdown(escape(texts.t("pages14_share_assumption", lang, share=share_text,
                                   category=hot_water["category"])))
    share_key = f"building_share_{building_id}"
    if share_key not in st.session_state:
        st.session_state[share_key] = round(share * 100)
    default_source = share_source(hot_water["default_source"], hot_water["category"])
    if can(user, Action.EDIT_MASTERDATA, municipality_key):
        with st.form("building_share_form", border=False):
            st.number_input(texts.t("building_share_input", lang), min_value=0, max_value=100, step=1,
                            key=share_key, help=texts.t("building_share_help", lang))
            save, reset = st.columns(2)
            save.form_submit_button(texts.t("building_share_save", lang), on_click=save_share,
                                    args=(building_id, share_key), width="stretch")
            reset.form_submit_button(texts.t("building_share_reset", lang), on_click=reset_share,
                                     args=(building_id, share_key, hot_water["default"], default_source),
                                     disabled=share_from != "building", width="stretch",
                                     help=texts.t("pages14_share_reset_help", lang, source=default_source,
                                                  share=format_number(hot_water["default"] * 100, 0, lang)))
    else:
        st.caption(texts.t("masterdata_login_needed", lang))
    if "building_share_error" in st.session_state:
        st.error(st.session_state.pop("building_share_error"))
    if "building_share_message" in st.session_state:
        st.success(st.session_state.pop("building_share_message"))

edit_forms.section(building_id, municipality_key, lang)  # issue 19: master data, meters, undo (who may edit)

if years.empty:
    st.info(texts.t("building_no_data", lang))
    measures_form.section(building_id, building_names[building_id], municipality_key, measures, lang, analytics)
    st.stop()

# --- key figures of one year ----------------------------------------------------------------------------
year_options = sorted(years["year"].tolist(), reverse=True)
complete_years = years[years["complete"]]["year"].tolist()
if st.session_state.get("building_year") not in year_options:
    st.session_state["building_year"] = max(complete_years) if complete_years else year_options[0]
# a partial year reads "2026, Jan–Okt" (ktdash.analytics.periods), never as a whole one
year_names = year_periods(lang, Selection(buildings=(int(building_id),)))["labels"]
year = select_right.selectbox(texts.t("building_select_year", lang), year_options, key="building_year",
                              format_func=lambda y: year_names.get(y, str(y)))
row = years[years["year"] == year].iloc[0]

st.subheader(texts.t("building_kpis", lang, year=year_names.get(year, year)))
if not row["complete"]:
    st.warning(texts.t("building_incomplete", lang, year=year))
missing, substituted = value(row["hdd_months_missing"]), value(row["hdd_months_substituted"])
if missing:
    st.warning(texts.t("pages14_months_missing", lang, year=year, count=int(missing)), icon=":material/cloud_off:")
if substituted:
    st.info(texts.t("pages14_months_substituted", lang, year=year, count=int(substituted)),
            icon=":material/swap_horiz:")
normalised = value(row["heat_kwh_weather_normalised"])
not_normalised = normalised is None and value(row["heat_kwh_raw"]) is not None
not_normalised_help = texts.t("building_kpi_not_normalised", lang) if not_normalised else None
# which normalisation (or factor set) a card shows stands under its value: grey, without an arrow
method = {"delta_color": "off", "delta_arrow": "off"}
period = {"start": analytics.climate_reference_from, "end": analytics.climate_reference_to}
cards = st.columns(3)
cards[0].metric(texts.t("building_kpi_heat_raw", lang), number(row["heat_kwh_raw"], 0, "kWh"),
                delta=texts.t("pages14_not_normalised", lang), **method)
cards[1].metric(texts.t("building_kpi_heat_normalised", lang), number(normalised, 0, "kWh"),
                delta=texts.t("pages14_card_progress", lang, **period), **method,
                help=not_normalised_help or progress_label)
cards[2].metric(texts.t("pages14_kpi_heat_benchmark", lang), number(row["heat_kwh_benchmark_normalised"], 0, "kWh"),
                delta=texts.t("pages14_card_benchmark", lang), **method, help=not_normalised_help or benchmark_label)
cards = st.columns(3)
cards[0].metric(texts.t("building_kpi_electricity", lang), number(row["electricity_kwh"], 0, "kWh"))
mark = labels.not_comparable(comparability_note, lang)
for card, use in zip(cards[1:], ("heat", "electricity"), strict=True):
    specific, comparison = value(row[f"{use}_kwh_per_m2"]), value(row[f"{use}_comparison_kwh_per_m2"])
    delta = None
    if specific is not None and comparison is not None and comparable:
        delta = texts.t("building_kpi_delta", lang, delta=signed(specific - comparison),
                        comparison=format_number(comparison, 1, lang))
    label = (texts.t("pages14_kpi_heat_specific", lang) if use == "heat"
             else texts.t("building_kpi_electricity_specific", lang))
    notes = [not_normalised_help if use == "heat" else None, None if comparable else mark]
    card.metric(label, number(specific, 1, charts.SPECIFIC_UNIT), delta=delta, delta_color="inverse",
                help=" ".join(n for n in notes if n) or None)
cards = st.columns(3)
cards[0].metric(texts.t("building_kpi_co2", lang), number(row["t_co2e"], 1, f"t {co2_unit()}"), delta=co2, **method)
baseline_figures = None if comparable else load_own_baseline(version, building_id, year, analytics.model_dump_json())
if baseline_figures is not None:
    cards[1].metric(texts.t("pages14_kpi_own_baseline", lang, baseline=baseline_figures["baseline_year"]),
                    saving_text(baseline_figures["saving_share"], lang),  # one sign: + = less energy
                    delta=texts.t("kpi_on_track" if baseline_figures["on_track"] else "kpi_off_track", lang),
                    delta_color="normal" if baseline_figures["on_track"] else "inverse",
                    help=f"{progress_label}. " + texts.t("pages14_kpi_own_baseline_delta", lang) + ": " + mark)
st.caption(texts.t("pages14_sources_kpis", lang, benchmark=benchmark_label, co2=co2))


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
    show(charts.building_monthly_series(energy, "kWh", lang, measures=measures), "Monatswerte")
if not water.empty:
    show(charts.building_monthly_series(water, "m³", lang, measures=measures), "Wasser")

# --- (b) year against year --------------------------------------------------------------------------------
st.subheader(texts.t("building_yoy_title", lang))
if carriers:
    preferred = [c for c in carriers if metrics.use_of(c) == "heat"] + [c for c in carriers if c == "Strom"]
    yoy_carrier = st.selectbox(texts.t("building_yoy_carrier", lang), carriers,
                               index=carriers.index(preferred[0]) if preferred else 0,
                               key=f"building_yoy_carrier_{building_id}")
    show(charts.building_year_over_year(monthly, yoy_carrier, "m³" if yoy_carrier == "Wasser" else "kWh", lang),
         "Jahresvergleich")

# --- (c) heat raw against both weather normalisations -----------------------------------------------------
st.subheader(texts.t("building_heat_title", lang))
if years["heat_kwh_raw"].notna().any():
    show(charts.building_heat_normalisation(years, lang, analytics), "Witterungsbereinigung")
    st.markdown(texts.t("pages14_formula", lang, share=share_text,
                        source=share_source(share_from, hot_water["category"]), **period))
    ratio, benchmark_ratio = value(row["climate_ratio"]), value(row["benchmark_ratio"])
    if ratio is not None:
        line = texts.t("building_formula_year", lang, year=year, ratio=format_number(ratio, 3, lang),
                       factor=format_number(share + (1 - share) * ratio, 3, lang))
        if benchmark_ratio is not None:
            line += texts.t("pages14_formula_benchmark", lang, ratio=format_number(benchmark_ratio, 3, lang),
                            factor=format_number(share + (1 - share) * benchmark_ratio, 3, lang))
        st.markdown(line)
    elif not_normalised:
        st.markdown(texts.t("building_formula_year_missing", lang, year=year))
    st.caption(texts.t("building_source_normalisation", lang) + " " + attribution(lang) + ".")
else:
    st.info(texts.t("building_no_heat", lang))

# --- (d) specific consumption against the comparison value, or against its own baseline --------------------
st.subheader(texts.t("building_specific_title" if comparable else "pages14_own_baseline_title", lang))
if not comparable:
    if baseline_figures is not None:
        st.markdown(escape(texts.t("pages14_own_baseline_text", lang, category=info["category"], mark=mark,
                                   norm=progress_label, baseline=baseline_figures["baseline_year"])))
        show(charts.building_own_baseline(
            years, baseline_figures["baseline_year"],
            charts.with_subtitle(texts.t("pages14_chart_own_baseline", lang,
                                         baseline=baseline_figures["baseline_year"]), progress_short), lang,
            target_kwh=value(baseline_figures["target_kwh"]), year=year), "Basisjahr")
    else:
        st.info(texts.t("pages14_own_baseline_none", lang, category=escape(info["category"]), mark=mark, year=year))
if years["heat_kwh_per_m2"].notna().any() or years["electricity_kwh_per_m2"].notna().any():
    show(charts.building_specific_consumption(years, lang, comparison=comparable, analytics=analytics),
         "Vergleichswert")
    st.caption(texts.t("pages14_source_specific", lang, category=escape(info["category"]), norm=benchmark_label)
               + ("" if comparable else " " + mark + "."))
else:
    st.info(texts.t("building_no_area", lang))

# --- table of the yearly key figures: a row per figure, a column per year (as in an energy report) -------
st.subheader(texts.t("building_table_title", lang))
ordered = years.set_index("year")
figures = [("months", texts.t("building_col_months", lang), 0),
           ("hdd_months_substituted", texts.t("pages14_col_substituted", lang), 0),
           ("hdd_months_missing", texts.t("pages14_col_missing", lang), 0),
           ("heat_kwh_raw", texts.t("building_col_heat_raw", lang), 0),
           ("climate_ratio", texts.t("pages14_col_climate_ratio", lang), 3),
           ("heat_kwh_weather_normalised", texts.t("pages14_col_heat_progress", lang, norm=progress_label), 0),
           ("benchmark_ratio", texts.t("pages14_col_benchmark_ratio", lang), 3),
           ("heat_kwh_benchmark_normalised", texts.t("pages14_col_heat_benchmark", lang, norm=benchmark_label), 0),
           ("electricity_kwh", texts.t("building_col_electricity", lang), 0),
           ("water_m3", texts.t("building_col_water", lang), 0),
           ("heat_kwh_per_m2", texts.t("pages14_col_heat_specific", lang, norm=benchmark_short), 1)]
if comparable:
    figures.append(("heat_comparison_kwh_per_m2", texts.t("building_col_heat_comparison", lang), 1))
figures.append(("electricity_kwh_per_m2", texts.t("building_col_electricity_specific", lang), 1))
if comparable:
    figures.append(("electricity_comparison_kwh_per_m2", texts.t("building_col_electricity_comparison", lang), 1))
figures += [("t_co2e", texts.t("pages14_col_co2", lang, label=co2), 1),
            ("potential_kwh", texts.t("building_col_potential", lang), 0)]
figures = [f for f in figures if ordered[f[0]].notna().any()]  # figures this building has in no year are left out
figure_label = texts.t("building_col_figure", lang)
year_columns = [year_names.get(y, str(y)) for y in ordered.index]
numbers = pd.DataFrame({figure_label: [label for _, label, _ in figures]} | {
    year_names.get(y, str(y)): [value(ordered.at[y, name]) for name, _, _ in figures] for y in ordered.index})
shown = numbers.copy()  # on screen: each row with its own decimals, in the page's language
for column in year_columns:
    shown[column] = [number(x, digits) for x, (_, _, digits) in zip(numbers[column], figures, strict=True)]
column_config = {figure_label: st.column_config.TextColumn(figure_label, pinned=True)} | {
    column: st.column_config.TextColumn(column, alignment="right") for column in year_columns}
layout = fitted(shown, lang, column_config)  # every row in view: 35 px a row, more where a label wraps
st.dataframe(shown, hide_index=True, width="stretch", **layout,
             height=layout.get("row_height", 35) * len(shown) + 35 + 3)
st.caption(texts.t("pages14_source_table", lang, norm=benchmark_label, co2=co2)
           + ("" if comparable else " " + mark + ".") + " " + attribution(lang) + ".")
table_downloads(numbers, ("Gebaeude", building_names[building_id], "Kennzahlen"), "building_table", lang)

# --- measures (issue 17): table with history, the form, baseline against actual per verified measure --------
measures_form.section(building_id, building_names[building_id], municipality_key, measures, lang, analytics)

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
