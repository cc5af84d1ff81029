"""The method statement: what the page "Methoden und Faktoren" and section 7 of the Energiebericht say about
the figures — every factor and reference value with its source, year and status, the stations the weather
normalisation uses, the hot-water share of each category with its derivation, which emission factor set a
CO₂ figure uses and whether it may be called "BISKO-konform", and what no public source gives.

Status of a value (column ``status`` of ``emission_factors``, and the rows here):

* ``official`` (amtlich): read in the official publication itself;
* ``secondary`` (öffentliche Sekundärquelle): read in a public secondary source, a copy or a transcription;
* ``assumption`` (Annahme): ktdash's own choice, a derivation or a value carried forward.

Sources and what was read: ``ktdash/analytics/reference/README.md``; the climate data: :mod:`ktdash.analytics.climate`.
What the page and the report *show* of a source is a citation a council can look up (:func:`citation`): the
publisher, title, edition and table of the publication, never the research notes of the reference files (repository
copies, file names, URLs of transcriptions), which stay in the files and their downloads (issue 19).
This module never imports streamlit.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ktdash.analytics import climate
from ktdash.output import labels
from ktdash.i18n import texts
from ktdash.core.formatting import format_month, format_number
from ktdash.analytics.reference import factor_set_status
from ktdash.core.settings import AnalyticsSettings

STATUSES = ("official", "secondary", "assumption")

# What no public source gives (page section "Was öffentlich nicht belegt ist"; text keys methods14_gap_<code>).
PUBLIC_GAPS = ("bisko_tables", "bisko_heat", "bisko_strommix", "potsdam", "electricity_rule", "hot_water",
               "pools", "tek_original", "vdi", "uba_2026")


# A shipped source (the ``source`` column of the reference CSVs) by how it begins → the catalog key of its citation.
CITATIONS = (
    ("UBA Climate Change 13/2025", "rep19_cite_uba_cc13"),
    ("UBA Climate Change 16/2026", "rep19_cite_uba_cc16"),
    ("UBA web text 'CO2-Emissionen pro Kilowattstunde Strom", "rep19_cite_uba_web"),
    ("carried forward from 2024", "rep19_cite_carried_forward"),
    ("KEA-BW 'CO2-Emissionsfaktoren'", "rep19_cite_kea_gemis"),
    ("GEG 2020 Anlage 9", "rep19_cite_geg"),
    ("BAFA 'Informationsblatt CO2-Faktoren'", "rep19_cite_bafa"),
    ("Bekanntmachung der", "rep19_cite_vergleichswerte"),  # the 2021 one; "Bekanntmachung 15.04.2021 (keine …" is not
)
# what a citation never shows: links to code repositories and file names (research notes, not sources)
_NOT_CITABLE = re.compile(r"\(?\s*https?://(?:github\.com|raw\.githubusercontent\.com)/\S+\)?|"
                          r"\S*(?:ktdash|sample_data)/\S*|\S+\.(?:py|csv|json|md|xlsx|pdf)\b", re.IGNORECASE)


def citation(source, lang: str = "de") -> str:
    """The citation of a stored source: for the shipped factors and comparison values the publication (publisher,
    title, edition, table) from the catalog; any other text (an admin's own source) as entered, without links to
    code repositories and file names. ``–`` for none."""
    if source is None or (not isinstance(source, str) and pd.isna(source)) or not str(source).strip():
        return "–"
    text = str(source).strip()
    for start, key in CITATIONS:
        if text.startswith(start):
            return texts.t(key, lang)
    cleaned = re.sub(r"\s{2,}", " ", _NOT_CITABLE.sub("", text)).strip(" ;,")
    return cleaned or "–"


def cited(frame: pd.DataFrame, lang: str = "de", column: str = "source") -> pd.DataFrame:
    """``frame`` with its ``column`` (the stored sources) replaced by their :func:`citation`."""
    if column not in frame.columns:
        return frame
    return frame.assign(**{column: [citation(v, lang) for v in frame[column]]})


def status_label(code, lang: str = "de") -> str:
    """``official`` → "amtlich", ``secondary`` → "öffentliche Sekundärquelle", ``assumption`` → "Annahme"."""
    if code is None or (not isinstance(code, str) and pd.isna(code)) or code not in STATUSES:
        return texts.t("methods14_status_unknown", lang)
    return texts.t("methods14_status_" + code, lang)


# --- CO₂: which factor set, and may the figures be called BISKO-konform ------------------------------------

def co2_basis(con, factor_set: str) -> str:
    """``bisko_conform`` (the shipped BISKO-type set, unchanged, no heat network without exergy allocation),
    ``bisko_changed`` (the BISKO set, but edited or with such a network) or ``direct`` (direct CO₂)."""
    if factor_set != "bisko":
        return "direct"
    return "bisko_conform" if factor_set_status(con, "bisko")["bisko_conform"] else "bisko_changed"


def co2_label(con, factor_set: str, lang: str = "de") -> str:
    """The name of the CO₂ figures, the same as on the pages (:func:`ktdash.output.labels.co2`): "CO₂e
    (BISKO-Systematik, BISKO-konform)", "… Faktoren geändert" or "CO₂ direkt"."""
    return labels.co2(con, factor_set, lang)


# --- comparison values and hot-water shares ------------------------------------------------------------------

def _n(value, decimals: int, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals, lang)


def share_derivation(heating, hot_water, lang: str = "de") -> str | None:
    """``22,4 / (49,3 + 22,4) = 31 %``: the hot-water share of a category from its TEK values."""
    if heating is None or hot_water is None or pd.isna(heating) or pd.isna(hot_water) or heating + hot_water <= 0:
        return None
    share = hot_water / (heating + hot_water) * 100
    return f"{_n(hot_water, 1, lang)} / ({_n(heating, 1, lang)} + {_n(hot_water, 1, lang)}) = {_n(share, 0, lang)} %"


def category_table(con, analytics: AnalyticsSettings = AnalyticsSettings(), lang: str = "de") -> pd.DataFrame:
    """Per category of the comparison values: TEK Heizung and Warmwasser, the heat comparison value's formula,
    electricity, the hot-water share s with its derivation (else the setting, an assumption), whether the
    category can be compared with the Vergleichswerte (and why not), and the status of its values."""
    frame = con.execute("""
        SELECT category, heating_kwh_per_m2a, hot_water_kwh_per_m2a, electricity_kwh_per_m2a,
               coalesce(comparable, false) AS comparable, comparability_note
        FROM comparison_values ORDER BY coalesce(comparable, false) DESC, category""").df()
    rows = []
    for _, r in frame.iterrows():
        has_tek = not pd.isna(r["heating_kwh_per_m2a"]) and not pd.isna(r["hot_water_kwh_per_m2a"])
        derivation = share_derivation(r["heating_kwh_per_m2a"], r["hot_water_kwh_per_m2a"], lang)
        share = (r["hot_water_kwh_per_m2a"] / (r["heating_kwh_per_m2a"] + r["hot_water_kwh_per_m2a"])
                 if derivation else analytics.hot_water_share)
        note = r["comparability_note"] if isinstance(r["comparability_note"], str) else None
        rows.append({
            "category": r["category"],
            "heating_kwh_per_m2a": r["heating_kwh_per_m2a"],
            "hot_water_kwh_per_m2a": r["hot_water_kwh_per_m2a"],
            "heat_formula": (f"{_n(r['heating_kwh_per_m2a'], 1, lang)} × f(A) + "
                             f"{_n(r['hot_water_kwh_per_m2a'], 1, lang)}" if has_tek else "–"),
            "electricity_kwh_per_m2a": r["electricity_kwh_per_m2a"],
            "hot_water_share": share,
            "hot_water_share_derivation": derivation or texts.t("methods14_share_from_setting", lang,
                                                                share=_n(analytics.hot_water_share * 100, 0, lang)),
            "comparable": bool(r["comparable"]),
            "comparability": (texts.t("methods14_comparable_yes", lang) if r["comparable"]
                              else labels.not_comparable(note, lang)),
            "status": (texts.t("methods14_status_comparison", lang) if has_tek
                       else texts.t("methods14_status_no_value", lang)),
        })
    return pd.DataFrame(rows)


def size_factor(area_m2: float) -> float:
    """f(A) of Nummer 6.3.1 (as the view ``building_comparison_values``)."""
    if area_m2 <= 500:
        return 1.46
    if area_m2 >= 50_000:
        return 0.71
    return 4.53 * area_m2 ** -0.215 + 0.27


# --- climate: reference values, stations per municipality, stations in use ----------------------------------

def climate_values(con, analytics: AnalyticsSettings = AnalyticsSettings(), lang: str = "de") -> pd.DataFrame:
    """The values of the weather normalisation with source and status: value, source, status (text)."""
    data = con.execute("""
        SELECT count(DISTINCT station_id), min(month), max(month),
               count(*) FILTER (WHERE import_id IS NOT NULL), max(month) FILTER (WHERE import_id IS NOT NULL)
        FROM station_degree_days""").fetchone()
    stations, first, last, imported, imported_until = data
    potsdam = climate.benchmark_reference_kd(con)
    period = f"{analytics.climate_reference_from}–{analytics.climate_reference_to}"
    rows = [
        ("degree_days", texts.t("methods14_v_degree_days_value", lang, stations=_n(stations, 0, lang),
                                first=format_month(first, lang), last=format_month(last, lang)),
         texts.t("climate_attribution", lang), "secondary"),
        ("heating_limit",
         texts.t("methods14_v_heating_limit_value", lang, limit=_n(analytics.heating_limit_c, 0, lang)),
         texts.t("methods14_v_heating_limit_source", lang), "secondary"),
        ("period", period, texts.t("methods14_v_period_source", lang), "assumption"),
        ("completeness", f"{_n(analytics.climate_min_completeness * 100, 0, lang)} %",
         texts.t("methods14_v_completeness_source", lang), "assumption"),
        ("normals", texts.t("methods14_v_normals_value", lang), texts.t("methods14_v_normals_source", lang),
         "assumption"),
        ("potsdam", f"{_n(potsdam, 0, lang)} Kd/a" if potsdam else "–",
         texts.t("methods14_v_potsdam_source_set" if analytics.benchmark_reference_kd
                 else "methods14_v_potsdam_source", lang, period=period), "assumption"),
        ("station_choice", texts.t("methods14_v_station_choice_value", lang),
         texts.t("methods14_v_station_choice_source", lang), "assumption"),
        ("hot_water_default", f"{_n(analytics.hot_water_share * 100, 0, lang)} %",
         texts.t("methods14_v_hot_water_default_source", lang), "assumption"),
    ]
    if imported:
        rows.insert(1, ("imported", texts.t("methods14_v_imported_value", lang, months=_n(imported, 0, lang),
                                            last=format_month(imported_until, lang)),
                        texts.t("methods14_v_imported_source", lang), "official"))
    return pd.DataFrame([{"value_name": texts.t("methods14_v_" + code, lang), "value": value, "source": source,
                          "status": status_label(status, lang)} for code, value, source, status in rows])


def _distance_m(lat1, lon1, lat2, lon2) -> float | None:
    if any(v is None or pd.isna(v) for v in (lat1, lon1, lat2, lon2)):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def municipality_stations(con) -> pd.DataFrame:
    """Per municipality (building owner) of the store: its postcode (and place), the station its buildings use
    unless they have their own (name, altitude, distance from the postcode), chosen by ``postcode`` (the
    nearest DWD station of the postcode) or ``admin``; ``station_id`` None: no postcode and no choice."""
    frame = con.execute("""
        SELECT m.municipality_key, m.name AS municipality, d.name AS district, m.postcode, p.place,
               coalesce(m.climate_station_id, p.station_1) AS station_id, s.name AS station, s.altitude_m,
               CASE WHEN m.climate_station_id IS NOT NULL THEN 'admin'
                    WHEN p.station_1 IS NOT NULL THEN 'postcode' END AS chosen_by,
               p.distance_1_m, p.latitude AS postcode_lat, p.longitude AS postcode_lon,
               s.latitude AS station_lat, s.longitude AS station_lon,
               (SELECT count(*) FROM buildings b WHERE b.municipality_key = m.municipality_key) AS buildings
        FROM municipalities m JOIN districts d USING (district_key)
        LEFT JOIN postcodes p ON p.postcode = m.postcode
        LEFT JOIN climate_stations s ON s.station_id = coalesce(m.climate_station_id, p.station_1)
        ORDER BY d.name, m.kind = 'Landkreis' DESC, m.name""").df()
    frame["distance_km"] = [
        (r["distance_1_m"] if r["chosen_by"] == "postcode" and not pd.isna(r["distance_1_m"])
         else _distance_m(r["postcode_lat"], r["postcode_lon"], r["station_lat"], r["station_lon"]))
        for _, r in frame.iterrows()]
    frame["distance_km"] = pd.to_numeric(frame["distance_km"], errors="coerce") / 1000
    frame["station_id"] = frame["station_id"].astype("Int64")
    return frame[["municipality_key", "municipality", "district", "postcode", "place", "station_id", "station",
                  "altitude_m", "distance_km", "chosen_by", "buildings"]]


def building_overrides(con) -> pd.DataFrame:
    """Buildings with a postcode or a station of their own (not their municipality's)."""
    frame = climate.building_stations(con)
    return frame[(frame["postcode_from"] == "building") | (frame["chosen_by"] == "building")].reset_index(drop=True)


def stations_in_use(con) -> list[int]:
    """The stations of the municipalities and of the buildings (own choice or postcode), by station id."""
    rows = con.execute("""
        SELECT DISTINCT station_id FROM building_stations WHERE station_id IS NOT NULL
        UNION SELECT DISTINCT coalesce(m.climate_station_id, p.station_1) FROM municipalities m
        LEFT JOIN postcodes p ON p.postcode = m.postcode
        WHERE coalesce(m.climate_station_id, p.station_1) IS NOT NULL ORDER BY 1""").fetchall()
    return [int(r[0]) for r in rows]


def station_year_table(con, station_ids: list[int], years: list[int]) -> tuple[pd.DataFrame, list[str]]:
    """G20/15 per station (rows) and year (columns, Kd) beside the station's long-term mean; the second value
    lists "station year (n/12)" for years with fewer than 12 complete months (their sum is not a full year)."""
    if not station_ids or not years:
        return pd.DataFrame(), []
    frame = climate.station_years(con, station_ids, years)
    if frame.empty:
        return pd.DataFrame(), []
    names = frame.groupby("station_id", sort=False)[["station", "long_term_mean"]].first()
    values = frame.pivot(index="station_id", columns="year", values="g20_15_kd")
    values.columns = [str(c) for c in values.columns]
    wide = names.join(values).reset_index()
    incomplete = [f"{r['station']} {int(r['year'])} ({int(r['complete_months'])}/12)"
                  for _, r in frame.iterrows() if int(r["complete_months"]) < 12]
    return wide, incomplete


def stations_used(con, municipality_keys: list[str], year: int) -> pd.DataFrame:
    """The stations the weather normalisation of ``year`` used for the heat of these municipalities' buildings:
    station, altitude, buildings, buildings with months from a substitute station or without degree days, the
    station's G20/15 of the year (complete months) and its long-term mean."""
    return con.execute("""
        WITH heat AS (
            SELECT y.building_id, y.station_id, max(y.hdd_months_substituted) AS substituted,
                   max(y.hdd_months_missing) AS missing
            FROM yearly_rollup y JOIN buildings b USING (building_id)
            WHERE y.year = $year AND list_contains($keys, b.municipality_key)
              AND y.carrier NOT IN ('Strom', 'Wasser') AND y.station_id IS NOT NULL
            GROUP BY y.building_id, y.station_id
        ), year_kd AS (
            SELECT station_id, sum(g20_15_kd) AS g20_15_kd,
                   count(*) FILTER (WHERE coalesce(completeness, 1) >= (SELECT min_completeness FROM climate_settings))
                       AS complete_months
            FROM station_degree_days WHERE year(month) = $year GROUP BY station_id
        )
        SELECT h.station_id, s.name AS station, s.altitude_m, count(*) AS buildings,
               count(*) FILTER (WHERE h.substituted > 0) AS buildings_substituted,
               count(*) FILTER (WHERE h.missing > 0) AS buildings_missing,
               any_value(k.g20_15_kd) AS g20_15_kd, coalesce(any_value(k.complete_months), 0) AS complete_months,
               (SELECT sum(g20_15_kd) FROM station_normals n WHERE n.station_id = h.station_id) AS long_term_mean
        FROM heat h LEFT JOIN climate_stations s USING (station_id) LEFT JOIN year_kd k USING (station_id)
        GROUP BY h.station_id, s.name, s.altitude_m ORDER BY buildings DESC, station""",
                       {"year": int(year), "keys": list(municipality_keys)}).df()


def hot_water_shares_used(buildings: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """From :func:`ktdash.analytics.metrics.building_years` rows: per category and origin (category's TEK share, the
    building's own value, the setting) the share used and how many buildings."""
    heat = buildings.dropna(subset=["hot_water_share"])
    if heat.empty:
        return pd.DataFrame(columns=["category", "hot_water_share", "hot_water_share_from", "buildings"])
    return (heat.groupby(["category", "hot_water_share_from", "hot_water_share"], as_index=False, dropna=False)
            .agg(buildings=("building_id", "nunique"))
            .sort_values(["category", "hot_water_share_from", "hot_water_share"]).reset_index(drop=True))


def stations_by_distance(con, postcode: str | None = None) -> pd.DataFrame:
    """Every station (station_id, name, state, altitude_m, distance_km from the postcode's centre), nearest
    first; without a (known) postcode by name."""
    stations = con.execute("SELECT station_id, name, state, altitude_m, latitude, longitude FROM climate_stations "
                           "ORDER BY name, station_id").df()
    centre = con.execute("SELECT latitude, longitude FROM postcodes WHERE postcode = ?",
                         [postcode]).fetchone() if postcode else None
    if centre is None:
        stations["distance_km"] = float("nan")
        return stations.drop(columns=["latitude", "longitude"])
    stations["distance_km"] = [
        (_distance_m(centre[0], centre[1], lat, lon) or float("nan")) / 1000
        for lat, lon in zip(stations["latitude"], stations["longitude"], strict=True)]
    return (stations.sort_values(["distance_km", "name"], na_position="last").drop(columns=["latitude", "longitude"])
            .reset_index(drop=True))


def workshop_anonymisation(lang: str = "de") -> tuple[str, list[str]]:
    """The Methoden page's section on the anonymised workshop (issue 19): its title and paragraphs — the threat (the
    public pages beside the projector), the rule (k-anonymity, groups without numbers), why letters are drawn per
    slide, and what an attacker can and cannot learn. The design: :mod:`ktdash.output.workshop`."""
    from ktdash.output.workshop import K_ANONYMITY

    k = K_ANONYMITY
    return texts.t("anon19_methods_title", lang), [
        texts.t("anon19_methods_text", lang), texts.t("anon19_methods_rule", lang, k=k),
        texts.t("anon19_methods_letters", lang),
        texts.t("anon19_methods_limits", lang, rest=k - 1, areas=2 * k)]
