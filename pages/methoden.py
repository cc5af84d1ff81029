"""Methoden und Faktoren: the method statement a council can rely on — climate data and the two weather
normalisations, the weather station of every municipality, the comparison values with the hot-water shares,
the emission factor sets (and whether the figures may be called BISKO-konform), heat networks, energy prices,
and what no public source gives; every value with its source and status (:mod:`ktdash.output.methods`).

Admins (right ``edit_factors``) set a municipality's postcode and station, edit the emission factors, heat
networks and energy prices; everyone else reads and downloads."""

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.output import charts, methods
from ktdash.analytics import alerts, climate, quality, reference
from ktdash.i18n import texts
from ktdash.store import queries, records
from ktdash.access.permissions import Action, NotAllowed, require
from ktdash.core.formatting import display_text, format_number, markdown_escape, plotly_text
from pages.common import (can, chart, current_user, data_version, edit_table, page_start, settings, show_table,
                          store_cursor, table_downloads)

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()
version = data_version()
admin = can(current_user(), Action.EDIT_FACTORS)
analytics = settings().analytics
period = f"{analytics.climate_reference_from}–{analytics.climate_reference_to}"


def t(key: str, **fields) -> str:
    return texts.t(key, lang, **fields)


def number(value, decimals: int = 0) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals, lang)


st.title(t("methods_page_title"))
st.caption(t("methods14_page_caption"))
st.markdown(t("rep19_methods_status_legend"))
if not admin:
    st.caption(t("methods_admin_only"))
notice = st.session_state.pop("methods_notice", None)
if notice:
    st.success(notice)


LABELS = {"category": "ref_category", "heating_kwh_per_m2a": "ref_heating", "hot_water_kwh_per_m2a": "ref_hot_water",
          "electricity_kwh_per_m2a": "ref_electricity", "area_basis": "ref_area_basis",
          "source_table": "ref_source_table", "source_row": "ref_source_row", "source": "methods14_col_source",
          "carrier": "ref_carrier", "year": "methods14_col_year", "kg_co2e_per_kwh": "methods14_col_factor",
          "basis": "ref_basis", "eur_per_kwh": "ref_price", "factor_set": "methods14_col_factor_set",
          "status": "methods14_col_status", "value_name": "methods14_col_value_name", "value": "methods14_col_value",
          "municipality": "methods14_col_municipality", "district": "methods14_col_district",
          "postcode": "methods14_col_postcode", "place": "methods14_col_place",
          "station_id": "methods14_col_station_id",
          "station": "methods14_col_station", "altitude_m": "methods14_col_altitude",
          "distance_km": "methods14_col_distance", "chosen_by": "methods14_col_chosen_by",
          "buildings": "methods14_col_buildings", "building": "methods14_col_building",
          "postcode_from": "methods14_col_postcode_from", "long_term_mean": "methods14_col_long_term_mean",
          "heat_formula": "methods14_col_heat_formula", "hot_water_share": "methods14_col_share",
          "hot_water_share_derivation": "methods14_col_derivation", "comparability": "methods14_col_comparable",
          "network_id": "methods14_col_network_id", "name": "methods14_col_network_name",
          "exergetic": "methods14_col_exergetic", "network_buildings": "methods14_col_network_buildings",
          "comparable": "methods14_col_comparable"}


def labels(frame, editable: bool = False) -> dict:
    """Column labels in the page's language; the data keeps its column names (an edited table is saved back)."""
    config = {}
    for column in frame.columns:
        label = t(LABELS[column]) if column in LABELS else column
        if column in ("kg_co2e_per_kwh", "eur_per_kwh") and editable:  # read-only tables: German numbers (Styler)
            # an editable cell can only follow the browser's locale (0,181 in a German browser; "%.3f" is 0.181)
            config[column] = st.column_config.NumberColumn(label, format="localized", step=0.001)
        elif column == "year" and editable:
            config[column] = st.column_config.NumberColumn(label, format="%d")
        elif column == "factor_set" and editable:
            config[column] = st.column_config.SelectboxColumn(label, options=["bisko", "direct"], required=True)
        elif column == "status" and editable:
            config[column] = st.column_config.SelectboxColumn(
                label, options=list(methods.STATUSES), format_func=lambda code: methods.status_label(code, lang))
        elif column == "exergetic":
            config[column] = st.column_config.CheckboxColumn(label, default=False)
        else:
            config[column] = st.column_config.Column(label, width="small" if column in NARROW else None)
    return config


NARROW = ("postcode", "station_id", "altitude_m", "distance_km", "buildings", "year", "kg_co2e_per_kwh", "eur_per_kwh")


def text_table(frame) -> None:
    """A short table of text that wraps (st.table), with the column labels of the page's language: for values
    whose source must be readable in full."""
    # st.table renders its cells as Markdown: every text cell (category names, sources) escaped to stay text
    frame = frame.map(lambda v: markdown_escape(v) if isinstance(v, str) else v)
    st.table(frame.rename(columns={c: t(LABELS[c]) for c in frame.columns if c in LABELS}), hide_index=True)


def save_table(save, edited, key: str) -> None:
    """The save button of an edited table: all rows valid, or nothing changes (``save`` raises TableEditError)."""
    if not st.button(t("methods_save"), key=f"save_{key}"):
        return
    try:
        require(current_user(), Action.EDIT_FACTORS)  # checked again at the click: the session may have ended
        rows = save(con, edited, by=current_user())
    except NotAllowed as exc:
        st.error(exc.message(lang))
    except reference.TableEditError as exc:
        message = "methods14_edit_in_use" if exc.code == "in_use" else "methods_edit_" + exc.code
        st.error(t(message, row=exc.row, column=markdown_escape(str(exc.column)),
                   value=markdown_escape(str(exc.value))))
    else:
        st.cache_data.clear()
        st.session_state["methods_notice"] = t("methods_saved", rows=rows)
        st.rerun()


def editable_table(title: str, text: str, frame, save, key: str, file_stem: str) -> None:
    """A table the admin edits and saves as a whole; for everyone else a table to read and download."""
    st.header(title)
    st.write(text)
    if not admin:  # the sources as citations (issue 19); the download keeps the stored notes
        show_table(methods.cited(frame, lang), lang, decimals={"kg_co2e_per_kwh": 3, "eur_per_kwh": 3},
                   plain=("year",), column_config=labels(frame))
        table_downloads(frame, (file_stem,), f"methods_{key}_table", lang)
        return
    edited = edit_table(frame, lang, num_rows="dynamic", key=f"{key}_{version}",
                        column_config=labels(frame, editable=True))
    save_table(save, edited, key)


# --- climate data and weather normalisation ---------------------------------------------------------------
st.header(t("methods14_climate"))
st.info(texts.t("climate_attribution", lang), icon=":material/copyright:")
st.markdown(t("methods14_climate_text", limit=number(analytics.heating_limit_c),
              completeness=number(analytics.climate_min_completeness * 100)))

st.subheader(t("methods14_normalisations"))
st.latex(r"E_{\mathrm{ber}} = E \cdot \left(s + (1 - s)\cdot \frac{G_{\mathrm{ref}}}{G_{\mathrm{ist}}}\right)")
st.caption(t("methods14_formula_where", share=number(analytics.hot_water_share * 100)))
potsdam = climate.benchmark_reference_kd(con)
progress_column, benchmark_column = st.columns(2)
with progress_column:
    st.markdown(f"**{t('methods14_progress_title')}**")
    st.latex(r"G_{\mathrm{ref}} = \overline{G}_{\mathrm{Station}}\ (" + period.replace("–", "-") + ")")
    st.markdown(t("methods14_progress_text", period=period))
with benchmark_column:
    st.markdown(f"**{t('methods14_benchmark_title')}**")
    st.latex(r"G_{\mathrm{ref}} = \overline{G}_{\mathrm{Potsdam}}")
    st.markdown(t("methods14_benchmark_text", potsdam=number(potsdam)))

st.subheader(t("methods14_values"))
values = methods.climate_values(con, analytics, lang)
text_table(values[["value_name", "value", "status", "source"]])

# --- the station of every municipality ---------------------------------------------------------------------
st.subheader(t("methods14_stations"))
st.caption(t("methods14_stations_text"))
stations = methods.municipality_stations(con)
shown = stations.drop(columns=["municipality_key", "district"]).assign(chosen_by=[
    t("methods14_chosen_" + c) if isinstance(c, str) else t("methods14_chosen_none") for c in stations["chosen_by"]])
show_table(shown, lang, decimals={"distance_km": 1, "altitude_m": 0}, plain=("station_id", "postcode"),
           column_config=labels(shown))
table_downloads(shown, ("Wetterstationen", "Kommunen"), "methods_stations_table", lang)
without = stations[stations["station_id"].isna()]
if not without.empty:
    st.warning(t("methods14_no_station_warning", names=", ".join(markdown_escape(n) for n in without["municipality"])))
overrides = methods.building_overrides(con)
if not overrides.empty:
    with st.expander(t("methods14_overrides", n=len(overrides))):
        view = overrides[["building", "postcode", "postcode_from", "station_id", "station", "altitude_m",
                          "chosen_by"]].assign(
            postcode_from=[t("methods14_from_" + v) if isinstance(v, str) else "–" for v in overrides["postcode_from"]],
            chosen_by=[t("methods14_chosen_" + v) if isinstance(v, str) else t("methods14_chosen_postcode")
                       for v in overrides["chosen_by"]])
        show_table(view, lang, plain=("station_id", "postcode"), decimals={"altitude_m": 0},
                   column_config=labels(view))


def station_label(row) -> str:
    place = f"{row['state']}, {number(row['altitude_m'])} m" if not pd.isna(row["state"]) else ""
    distance = f", {number(row['distance_km'], 1)} km" if not pd.isna(row["distance_km"]) else ""
    return display_text(f"{row['name']} ({int(row['station_id'])}) – {place}{distance}")


def station_editor() -> None:
    """An admin sets a municipality's postcode and station (empty postcode: none; station "automatic": the
    nearest of the postcode); the yearly figures of its buildings are recomputed at once."""
    st.markdown(f"**{t('methods14_set_title')}**")
    names = dict(zip(stations["municipality_key"], stations["municipality"], strict=True))
    key = st.selectbox(t("methods14_set_municipality"), list(names), format_func=lambda k: display_text(names.get(k)),
                       key="methods_station_municipality")
    old_postcode, old_station = records.municipality_place(con, key)
    postcode = st.text_input(t("methods14_set_postcode"), value=old_postcode or "",
                             key=f"methods_postcode_{key}_{version}")
    options = methods.stations_by_distance(con, postcode.strip() or old_postcode)
    by_id = {int(r["station_id"]): station_label(r) for _, r in options.iterrows()}
    choices = [None, *by_id]
    station = st.selectbox(t("methods14_set_station"), choices,
                           index=choices.index(old_station) if old_station in by_id else 0,
                           format_func=lambda sid: t("methods14_station_auto") if sid is None else by_id[sid],
                           key=f"methods_station_{key}_{version}")
    if not st.button(t("methods14_set_save"), key="methods_station_save"):
        return
    new_postcode = postcode.strip() or None
    try:
        require(current_user(), Action.EDIT_FACTORS)
        changed = False
        if new_postcode != old_postcode:
            climate.set_postcode(con, municipality_key=key, postcode=new_postcode, by=current_user())
            changed = True
        if station != old_station:
            climate.set_station(con, municipality_key=key, station_id=station, by=current_user())
            changed = True
    except NotAllowed as exc:
        st.error(exc.message(lang))
    except ValueError as exc:
        code, _, value = str(exc).partition(": ")
        if code not in ("unknown_postcode", "unknown_station"):
            raise
        st.error(t("methods14_" + code, value=markdown_escape(value)))
    else:
        if not changed:
            st.info(t("methods14_set_unchanged"))
            return
        st.cache_data.clear()
        st.session_state["methods_notice"] = t(
            "methods14_set_saved", name=markdown_escape(names[key]), postcode=markdown_escape(new_postcode or "–"),
            station=t("methods14_station_auto") if station is None else markdown_escape(by_id[station]))
        st.rerun()


if admin:
    station_editor()

st.subheader(t("methods14_station_years"))
st.caption(t("methods14_station_years_text", period=period))
in_use = methods.stations_in_use(con)
years = queries.data_years(con)[-8:]
if not years:
    last_month = queries.last_degree_day_month(con)
    last_year = last_month.year if last_month is not None else None
    years = list(range(int(last_year) - 4, int(last_year) + 1)) if last_year else []
per_year, incomplete = methods.station_year_table(con, in_use, years)
if not per_year.empty:
    show_table(per_year, lang, default_decimals=0, plain=("station_id",), column_config=labels(per_year))
    if incomplete:
        st.caption(t("methods14_incomplete_years", years=", ".join(incomplete)))
    station_names = dict(zip(per_year["station_id"].astype(int), per_year["station"], strict=True))
    most_used = [sid for sid in queries.stations_by_use(con) if sid in station_names]
    ordered = most_used + [sid for sid in station_names if sid not in most_used]
    chosen = st.selectbox(t("methods14_station_chart_select"), ordered, format_func=lambda sid: (
        display_text(f"{station_names[sid]} ({sid})")), key="methods_station_chart")
    last = queries.last_degree_day_month(con, chosen)
    if last is not None:
        months = climate.station_months(con, chosen, date(last.year - 2, 1, 1), last)
        title = t("methods14_station_chart_title", station=plotly_text(station_names[chosen]))
        chart(charts.degree_days_chart(months, title, lang,
                                       min_completeness=analytics.climate_min_completeness),
              ("Gradtagzahlen", station_names[chosen]), "methods_degree_days", lang)
st.caption(t("methods14_import_note"))

# --- comparison values ----------------------------------------------------------------------------------
st.header(t("methods_comparison"))
st.write(t("rep19_methods_comparison_text"))
st.latex(r"\text{VW}_{\text{Wärme}} = \text{TEK}_{\text{Heizung}} \cdot f(A) + \text{TEK}_{\text{Warmwasser}},\quad "
         r"f(A) = \begin{cases} 1{,}46 & A \le 500\,\text{m}^2 \\ 4{,}53 \cdot A^{-0{,}215} + 0{,}27 & \text{sonst} \\ "
         r"0{,}71 & A \ge 50.000\,\text{m}^2 \end{cases}")
st.markdown(t("methods14_comparison_text"))
categories = methods.category_table(con, analytics, lang)
categories["hot_water_share"] = [f"{number(v * 100)} %" for v in categories["hot_water_share"]]
categories["electricity_kwh_per_m2a"] = [number(v, 1) for v in categories["electricity_kwh_per_m2a"]]
text_table(categories[["category", "heat_formula", "electricity_kwh_per_m2a", "hot_water_share",
                       "hot_water_share_derivation", "comparability"]])
st.markdown(t("methods14_comparison_status"))
st.caption(t("methods14_electricity_assumption"))
with st.expander(t("methods14_comparison_download")):
    comparison = reference.comparison_values(con)
    show_table(methods.cited(comparison, lang), lang, column_config=labels(comparison))
    table_downloads(comparison, ("Vergleichswerte", "2021"), "methods_comparison_table", lang)

# --- emission factors ------------------------------------------------------------------------------------
st.header(t("methods_emission"))
active = analytics.emission_factor_set
st.markdown(t("methods14_active_set", name=t("methods14_set_name_" + active)))
basis, label = methods.co2_basis(con, active), methods.co2_label(con, active, lang)
if basis == "bisko_conform":
    st.success(t("methods14_conform_yes", label=label), icon=":material/verified:")
elif basis == "bisko_changed":
    status = reference.factor_set_status(con, "bisko")
    reasons = ([t("methods14_reason_rows", n=status["rows_changed"])] if status["rows_changed"] else []) + (
        [t("methods14_reason_networks", n=status["networks_not_exergetic"])] if status["networks_not_exergetic"]
        else [])
    st.warning(t("methods14_conform_changed", label=label, reasons="; ".join(reasons)))
else:
    st.info(t("methods14_conform_direct", label=label))
st.write(t("methods14_emission_text"))
st.caption(t("methods14_emission_edit_note", changed=texts.t("pages14_co2_bisko_changed", lang)))
factors = reference.emission_factors(con)
for factor_set in ("bisko", "direct"):
    st.subheader(t(f"methods14_set_{factor_set}_title"))
    part = factors[factors["factor_set"] == factor_set][["carrier", "year", "kg_co2e_per_kwh", "status", "source",
                                                          "basis"]]
    part = methods.cited(part.assign(status=[methods.status_label(s, lang) for s in part["status"]]), lang)
    show_table(part, lang, decimals={"kg_co2e_per_kwh": 3}, plain=("year",), column_config=labels(part))
table_downloads(factors, ("Emissionsfaktoren",), "methods_factors_table", lang)  # both sets, with their status codes
if admin:
    st.subheader(t("methods14_editor_title"))
    edited = edit_table(factors, lang, num_rows="dynamic", key=f"factors_{version}",
                        column_config=labels(factors, editable=True))
    save_table(reference.save_emission_factors, edited, "factors")

# --- heat networks ---------------------------------------------------------------------------------------
st.subheader(t("methods14_heat_networks"))
st.write(t("methods14_heat_networks_text"))
networks = reference.heat_networks(con)
candidates = reference.heat_network_buildings(con)
if admin:
    edited = edit_table(networks, lang, num_rows="dynamic", key=f"networks_{version}",
                        column_config=labels(networks, editable=True))
    save_table(reference.save_heat_networks, edited, "networks")
    if not networks.empty:
        st.markdown(f"**{t('methods14_assign_title')}**")
    if not networks.empty and candidates.empty:
        st.caption(t("methods14_assign_none"))
    building_names = {int(r["building_id"]): display_text(f"{r['building']} ({r['municipality']})")
                      for _, r in candidates.iterrows()}
    for _, network in (networks if not candidates.empty else networks.iloc[0:0]).iterrows():
        current = [int(b) for b in candidates.loc[candidates["heat_network_id"] == network["network_id"],
                                                   "building_id"]]
        chosen = st.multiselect(t("methods14_assign_label", name=markdown_escape(network["name"])),
                                list(building_names),
                                default=current, format_func=building_names.get,
                                key=f"network_buildings_{network['network_id']}_{version}")
        if st.button(t("methods14_assign_save"), key=f"network_assign_{network['network_id']}"):
            try:
                require(current_user(), Action.EDIT_FACTORS)
                done = reference.assign_heat_network(con, chosen, network["network_id"], by=current_user())
            except NotAllowed as exc:
                st.error(exc.message(lang))
            else:
                st.cache_data.clear()
                st.session_state["methods_notice"] = t("methods14_assign_saved", name=markdown_escape(network["name"]),
                                                       added=len(done["added"]), removed=len(done["removed"]))
                st.rerun()
elif networks.empty:
    st.caption(t("methods14_no_networks"))
else:
    on_network = candidates.dropna(subset=["heat_network_id"]).groupby("heat_network_id")["building"].agg(", ".join)
    view = methods.cited(networks, lang)
    view = view.assign(exergetic=[t("methods14_yes") if e else t("methods14_no") for e in networks["exergetic"]],
                       network_buildings=[on_network.get(n, "–") for n in networks["network_id"]])
    show_table(view, lang, decimals={"kg_co2e_per_kwh": 3}, plain=("year",), column_config=labels(view))

# --- energy prices, conversion ---------------------------------------------------------------------------
editable_table(t("methods_prices"), t("methods_prices_text"), reference.energy_prices(con),
               reference.save_energy_prices, "prices", "Energiepreise")

# --- verified savings of measures and alerts (issue 17) ------------------------------------------------------
st.header(t("methods17_savings_title"))
st.write(t("savings_method_caption"))
st.write(t("methods17_savings_sources"))
st.header(t("methods17_alerts_title"))
st.write(t("methods17_alerts_text", stale=quality.STALE_MONTHS, days=alerts.BASE_LOAD_DAYS,
           band=format_number(100 * alerts.BAND_MIN_DEVIATION, 0, lang, unit="%"),
           rise=format_number(100 * alerts.BASE_LOAD_RISE, 0, lang, unit="%")))

# --- the network's figures (issue 18) ----------------------------------------------------------------------
st.header(t("methods18_network_title"))
st.write(t("methods18_network_text"))
for key in ("methods18_network_coverage", "methods18_network_requests", "methods18_network_posts",
            "methods18_network_share"):
    st.markdown(t(key))

# --- the anonymised workshop (issue 19) --------------------------------------------------------------------
anonymisation_title, anonymisation_paragraphs = methods.workshop_anonymisation(lang)
st.header(anonymisation_title)
for paragraph in anonymisation_paragraphs:
    st.write(paragraph)

st.header(t("methods_units_title"))
st.write(t("methods_units"))

# --- what no public source gives -------------------------------------------------------------------------
st.header(t("methods14_gaps"))
st.write(t("methods14_gaps_text"))
st.markdown("\n".join("- " + t("methods14_gap_" + code, potsdam=number(potsdam)) for code in methods.PUBLIC_GAPS))
