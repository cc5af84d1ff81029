"""Key figures of municipal energy controlling, computed the same way for every
municipality: weather-normalised heat, specific consumption against comparison
values, CO₂e, per-inhabitant figures, progress against a baseline, savings potential.

Everything is read from the yearly rollup (:mod:`ktdash.analytics.rollup`), never from raw
readings. One base query (:func:`building_carrier_years`) gives a row per building,
carrier and year; every other function aggregates it, so the pages and
``ktdash export kpis`` show the same numbers.

Methods and sources
-------------------
Weather normalisation (heat only), two kinds, each labelled where it is shown
    VDI 3807 Blatt 1 (2013), degree-day method with the Gradtagzahl G20/15 (room 20 °C, heating
    limit 15 °C); only the weather-dependent share is scaled (GEG § 82(3): "Der Endenergieverbrauch
    für die Heizung ist einer Witterungsbereinigung zu unterziehen"; hot water is not). For the months
    of a year that have data::

        E_norm = E × (s + (1 − s) × G_ref / G_actual)

    G_actual: the measured monthly G20/15 of the building's DWD station (:mod:`ktdash.analytics.climate`: real
    data of IWU/DWD, CC BY 4.0, station by postcode). s: weather-independent share (hot water) — the
    building's own value, else its category's share of the TEK table behind the comparison values,
    s = TEK Warmwasser / (TEK Heizung + TEK Warmwasser) (Bekanntmachung 15.04.2021, Anlage 1 Tabelle 1;
    Verwaltung 12 %, Schulen 31 %, Kitas 26 %, Sporthallen 24 %, Schwimmhallen 28 %, Feuerwehr 12 %),
    else ``KTDASH_HOT_WATER_SHARE`` (0,15, an assumption; ``hot_water_share_from`` says which).

    * **Progress** (``kwh_normalised``; a building against its own past, savings, target path):
      G_ref = the long-term mean of the same months at the same station over the reference period
      (``KTDASH_CLIMATE_REFERENCE_PERIOD``, default 1991–2020).
    * **Benchmark** (``kwh_benchmark``; kWh/m² against the comparison values, savings potential):
      G_ref = the long-term mean of the same months at the reference location **Potsdam**, because the
      2021 Vergleichswerte "sind auf den Referenzstandort Potsdam witterungsbereinigt"; for a full year
      G_Potsdam / G_actual is DWD's Klimafaktor (quotient of the reference station Potsdam's degree days
      and those of the postcode).

    Electricity and water are not normalised. Where a month has no complete degree days at any of the
    building's stations, the heat of that year stays raw and is marked ``weather_normalised = false``.
Specific consumption
    kWh/(m²·a) = yearly consumption (heat normalised to Potsdam) / reference floor area (NGF) of the
    building, compared with the comparison values of its category from the
    "Bekanntmachung der Regeln für Energieverbrauchswerte und der Vergleichswerte im
    Nichtwohngebäudebestand" vom 15. April 2021 (BAnz AT 03.05.2021 B1), Anlage 1
    Tabelle 1: heat = TEK Heizung × f(A_NGF) + TEK Warmwasser with the size factor of
    Nummer 6.3.1, electricity = TEK Lüftung + Beleuchtung + Sonstiges (an assumption; view
    ``building_comparison_values``; values, rows and what is unverified in
    ``ktdash/analytics/reference/README.md``). Categories without a valid comparison value (``comparable``
    false: Schwimmhallen, whose value leaves out pool-water heating; Kläranlage, Straßenbeleuchtung,
    Sonstiges) have no savings potential unless ``Selection.include_not_comparable``.
CO₂e
    t = kWh (raw, not normalised: BISKO "keine Witterungskorrektur") × emission factor of the carrier
    and year / 1000, from the set ``KTDASH_EMISSION_FACTORS``: ``bisko`` (default; CO₂ equivalents
    with upstream chains, the annual Bundesstrommix for all electricity — BISKO's rules per
    leitfaden.kommunaler-klimaschutz.de) or ``direct`` (direct CO₂ of combustion). The nearest earlier
    year is used where a year is missing, else the nearest later one. A district-heating building on a
    network with its supplier's own factor (table ``heat_networks``) uses that factor in the BISKO set.
    Sources and status of every factor: ``ktdash/analytics/reference/README.md`` and the Methoden page.
Per inhabitant
    municipality: its population; a Landkreis as building owner and a district: the
    district's population (master data, ``sample_data/master/README.md``).
Progress
    Like for like: only buildings with 12 months of every energy carrier in both the
    baseline year B and the year Y. E_norm = heat (progress normalisation) + electricity.
    Saving = E_norm(B) − E_norm(Y); in % of E_norm(B).
    Target path (compound): E_norm(B) × (1 + r)^(Y − B) with r the municipality's own
    target (table ``municipality_targets``) or ``KTDASH_TARGET_CHANGE_PER_YEAR`` (−2 %/a);
    on track when E_norm(Y) ≤ target.
Energy cost
    where the imported files carry a cost for every month of the year (period consumptions
    with a "Kosten" column, split over months like the consumption), that cost
    (``cost_from_file``); else kWh × the price of the carrier (table ``energy_prices``).
Savings potential
    per building and use (heat normalised to Potsdam, electricity): max(0, specific − comparison value) × area,
    in kWh; in € at the building's own average price of that year (its cost / its kWh, per
    use — heat at its carrier mix); in t CO₂e with the year's emission factors (heat at the
    building's carrier mix).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from ktdash.core.domain import Carrier, Category
from ktdash.core.settings import AnalyticsSettings
from ktdash.analytics.selection import Selection  # the filters of the pages and the CLI (defined there)
from ktdash.analytics.periods import last_complete_year  # the one "last complete year" (pages, report, export)
from ktdash.store.sql import load as load_sql

# Categories whose energy is process energy or not a building's: left out of kWh/m² of municipalities
# and districts (a sewage plant's electricity over its operations building would swamp the figure).
NOT_PER_AREA = (Category.KLAERANLAGE.value, Category.STRASSENBELEUCHTUNG.value)

HEAT_CARRIERS = (Carrier.ERDGAS.value, Carrier.HEIZOEL.value, Carrier.FERNWAERME.value, Carrier.NAHWAERME.value,
                 Carrier.HOLZPELLETS.value, Carrier.HACKSCHNITZEL.value, Carrier.FLUESSIGGAS.value)


def use_of(carrier: str) -> str:
    """'heat', 'electricity' or 'water'."""
    if carrier == Carrier.STROM:
        return "electricity"
    if carrier == Carrier.WASSER:
        return "water"
    return "heat"


# One row per building, carrier and year (ktdash/store/sql/metrics_base.sql). Parameters: $share (hot-water share
# where neither building nor category has one), $factor_set and the Selection's lists.
BASE_SQL = load_sql("metrics_base")


def base_params(analytics: AnalyticsSettings) -> dict:
    """The parameters of :data:`BASE_SQL` besides the selection."""
    return {"share": analytics.hot_water_share, "factor_set": analytics.emission_factor_set}


def run_sql(con, sql: str, params: dict) -> pd.DataFrame:
    """``sql`` with those of ``params`` it names (DuckDB refuses parameters a statement does not use)."""
    return con.execute(sql, {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}).df()


def _run(con, sql: str, selection: Selection, analytics: AnalyticsSettings, **extra) -> pd.DataFrame:
    return run_sql(con, sql, selection.params() | base_params(analytics) | {"not_per_area": list(NOT_PER_AREA)} | extra)


def building_carrier_years(con, selection: Selection = Selection(),
                           analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """A row per building, carrier and year: kwh_raw, kwh_normalised, weather_normalised, t_co2e, …"""
    return _run(con, BASE_SQL + " ORDER BY district, municipality, building, year, carrier", selection, analytics)


# Per building and year: heat, electricity, water, specific values, CO₂e and the savings potential
# (ktdash/store/sql/metrics_building_year.sql, metrics_potential.sql).
BUILDING_YEAR_SQL = load_sql("metrics_building_year")
POTENTIAL_SQL = load_sql("metrics_potential")


def building_years(con, selection: Selection = Selection(),
                   analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """A row per building and year with its key figures and savings potential."""
    return _run(con, POTENTIAL_SQL + " ORDER BY district, municipality, building, year", selection, analytics)


def savings_potential(con, year: int, selection: Selection = Selection(),
                      analytics: AnalyticsSettings = AnalyticsSettings(), limit: int | None = None) -> pd.DataFrame:
    """Buildings ranked by savings potential (kWh) in ``year``: where to act first."""
    sel = replace(selection, years=(year,))
    sql = (f"SELECT row_number() OVER (ORDER BY potential_kwh DESC, building) AS rank, * FROM ({POTENTIAL_SQL}) "
           "WHERE potential_kwh > 0 ORDER BY rank" + (" LIMIT $limit" if limit else ""))
    return _run(con, sql, sel, analytics, limit=int(limit or 0))


_LEVEL_COLUMNS = {
    "municipality": ("municipality_key", "municipality"),
    "district": ("district_key", "district"),
    "building": ("building_id", "building"),
}


def _population_sql(level: str) -> str:
    if level == "district":
        return "(SELECT population FROM districts WHERE district_key = e.key)"
    if level == "municipality":
        return ("(SELECT coalesce(m.population, CASE WHEN m.kind = 'Landkreis' THEN d.population END) "
                "FROM municipalities m JOIN districts d USING (district_key) WHERE m.municipality_key = e.key)")
    return "NULL"


def entity_years(con, level: str, selection: Selection = Selection(),
                 analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """Key figures per municipality or district and year: absolute, per inhabitant, per m².

    Per m²: heat (normalised) and electricity of the buildings with a floor area, divided by
    the sum of their areas — without Kläranlage and Straßenbeleuchtung (:data:`NOT_PER_AREA`).
    """
    key, name = _LEVEL_COLUMNS[level]
    district = ", any_value(district) AS district" if level != "district" else ""
    sql = f"""
        WITH b AS (SELECT *, area_m2 > 0 AND NOT list_contains($not_per_area, category) AS per_area
                   FROM ({BUILDING_YEAR_SQL})), e AS (
            SELECT {key} AS key, {name} AS name{district}, year,
                   count(*) AS buildings,
                   sum(heat_kwh_raw) AS heat_kwh_raw, sum(heat_kwh_normalised) AS heat_kwh_normalised,
                   sum(electricity_kwh) AS electricity_kwh, sum(energy_kwh_raw) AS energy_kwh_raw,
                   sum(energy_kwh_normalised) AS energy_kwh_normalised, sum(water_m3) AS water_m3,
                   sum(t_co2e) AS t_co2e, sum(cost_eur) AS cost_eur,
                   bool_and(cost_from_file) AS cost_from_file,
                   sum(area_m2) FILTER (WHERE per_area AND heat_kwh_benchmark IS NOT NULL) AS heated_area_m2,
                   sum(heat_kwh_benchmark) FILTER (WHERE per_area) AS heat_kwh_with_area,
                   sum(area_m2) FILTER (WHERE per_area AND electricity_kwh IS NOT NULL) AS electricity_area_m2,
                   sum(electricity_kwh) FILTER (WHERE per_area) AS electricity_kwh_with_area,
                   bool_and(coalesce(heat_weather_normalised, true)) AS weather_normalised
            FROM b GROUP BY ALL
        )
        , p AS (SELECT e.*, {_population_sql(level)} AS population FROM e)
        SELECT p.* EXCLUDE (heat_kwh_with_area, electricity_kwh_with_area),
               energy_kwh_normalised / nullif(population, 0) AS energy_kwh_per_inhabitant,
               t_co2e / nullif(population, 0) AS t_co2e_per_inhabitant,
               heat_kwh_with_area / nullif(heated_area_m2, 0) AS heat_kwh_per_m2,
               electricity_kwh_with_area / nullif(electricity_area_m2, 0) AS electricity_kwh_per_m2
        FROM p ORDER BY {"district, " if level != "district" else ""}name, year
    """
    return _run(con, sql, selection, analytics)


def heat_against_comparison(con, year: int, selection: Selection = Selection(),
                            analytics: AnalyticsSettings = AnalyticsSettings(), level: str = "district"
                            ) -> pd.DataFrame:
    """Heat of the buildings against their comparison values in ``year``, per district (or municipality): the
    buildings with a complete year, a floor area and a heat comparison value, without :data:`NOT_PER_AREA`.

    Columns: key, name, buildings, above (buildings whose heat per m², normalised to Potsdam like the comparison
    values, exceeds their comparison value), heat_kwh_benchmark, comparison_kwh (Σ comparison value × area),
    area_m2 — so that heat per m² is heat_kwh_benchmark / area_m2 against comparison_kwh / area_m2. Categories
    without a valid comparison value (Schwimmhallen …) only with ``selection.include_not_comparable``."""
    key, name = _LEVEL_COLUMNS[level]
    sel = replace(selection, years=(year,))
    sql = f"""
        SELECT {key} AS key, {name} AS name, count(*) AS buildings,
               count(*) FILTER (WHERE heat_kwh_per_m2 > heat_comparison_kwh_per_m2) AS above,
               sum(heat_kwh_benchmark) AS heat_kwh_benchmark,
               sum(heat_comparison_kwh_per_m2 * area_m2) AS comparison_kwh, sum(area_m2) AS area_m2
        FROM ({BUILDING_YEAR_SQL})
        WHERE complete AND (comparable OR $include_not_comparable) AND area_m2 > 0 AND heat_kwh_per_m2 IS NOT NULL
          AND heat_comparison_kwh_per_m2 IS NOT NULL
          AND NOT list_contains($not_per_area, category)
        GROUP BY ALL ORDER BY name
    """
    return _run(con, sql, sel, analytics)


def progress(con, level: str, baseline: int, year: int, selection: Selection = Selection(),
             analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """Saving of ``year`` against ``baseline`` per building, municipality or district (like for like,
    weather-normalised energy = heat normalised + electricity), the target path and whether on track."""
    key, name = _LEVEL_COLUMNS[level]
    sel = replace(selection, years=(baseline, year))
    district = ", any_value(district) AS district" if level != "district" else ""
    municipality = ", any_value(municipality) AS municipality" if level == "building" else ""
    # a municipality's own target applies to it and its buildings; districts follow the default
    target_rate = "$default_rate" if level == "district" else (
        "coalesce((SELECT change_per_year FROM municipality_targets t "
        "WHERE t.municipality_key = any_value(pair.municipality_key)), $default_rate)")
    sql = f"""
        WITH b AS ({BUILDING_YEAR_SQL}),
        pair AS (
            SELECT b0.*, b1.energy_kwh_normalised AS year_kwh, b0.energy_kwh_normalised AS baseline_kwh
            FROM b b0 JOIN b b1 ON b1.building_id = b0.building_id AND b1.year = $year
            WHERE b0.year = $baseline AND b0.complete AND b1.complete
        ), e AS (
            SELECT {key} AS key, {name} AS name{district}{municipality},
                   count(*) AS buildings_compared,
                   sum(baseline_kwh) AS baseline_kwh, sum(year_kwh) AS year_kwh,
                   {target_rate} AS target_change_per_year
            FROM pair GROUP BY ALL
        )
        SELECT e.*, $baseline AS baseline_year, $year AS year,
               baseline_kwh - year_kwh AS saving_kwh,
               (baseline_kwh - year_kwh) / nullif(baseline_kwh, 0) AS saving_share,
               baseline_kwh * pow(1 + target_change_per_year, $year - $baseline) AS target_kwh,
               year_kwh <= baseline_kwh * pow(1 + target_change_per_year, $year - $baseline) AS on_track
        FROM e ORDER BY saving_share DESC NULLS LAST, name
    """
    return _run(con, sql, sel, analytics, baseline=baseline, year=year,
                default_rate=analytics.target_change_per_year)


def latest_full_year(con, today=None) -> int | None:
    """The default year of a report and of ``ktdash export progress``: the last complete year of the whole store
    (:func:`ktdash.analytics.periods.last_complete_year`: every month has data and the year has ended by
    ``today``), the same year the pages default to."""
    return last_complete_year(con, today=today)


# The columns of ``ktdash export kpis`` (one row per building, year and carrier).
KPI_COLUMNS = ["district", "municipality", "building", "category", "year", "carrier", "use", "months", "kwh_raw",
               "kwh_normalised", "weather_normalised", "climate_ratio", "kwh_benchmark", "benchmark_ratio",
               "hot_water_share", "hot_water_share_from", "station_id", "station", "hdd_months_substituted",
               "hdd_months_missing", "unit", "area_m2", "kwh_per_m2", "use_kwh_per_m2", "comparison_kwh_per_m2",
               "comparable", "t_co2e", "co2_factor_set", "network_factor", "cost_eur", "cost_from_file"]

KPI_SQL = load_sql("metrics_kpi")


def kpi_rows(con, selection: Selection = Selection(), analytics: AnalyticsSettings = AnalyticsSettings()
             ) -> pd.DataFrame:
    """The rows of ``ktdash export kpis``."""
    return _run(con, KPI_SQL, selection, analytics)[KPI_COLUMNS]
