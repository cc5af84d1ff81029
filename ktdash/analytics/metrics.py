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
from dataclasses import dataclass, replace

import pandas as pd

from ktdash.core.domain import Carrier, Category
from ktdash.core.settings import AnalyticsSettings

# Categories whose energy is process energy or not a building's: left out of kWh/m² of municipalities
# and districts (a sewage plant's electricity over its operations building would swamp the figure).
NOT_PER_AREA = (Category.KLAERANLAGE.value, Category.STRASSENBELEUCHTUNG.value)
_NOT_PER_AREA_LIST = "[" + ", ".join(f"'{c}'" for c in NOT_PER_AREA) + "]"

HEAT_CARRIERS = (Carrier.ERDGAS.value, Carrier.HEIZOEL.value, Carrier.FERNWAERME.value, Carrier.NAHWAERME.value,
                 Carrier.HOLZPELLETS.value, Carrier.HACKSCHNITZEL.value, Carrier.FLUESSIGGAS.value)


def use_of(carrier: str) -> str:
    """'heat', 'electricity' or 'water'."""
    if carrier == Carrier.STROM:
        return "electricity"
    if carrier == Carrier.WASSER:
        return "water"
    return "heat"


@dataclass(frozen=True)
class Selection:
    """The filters of the pages and the CLI: empty tuples mean "all"."""

    years: tuple[int, ...] = ()
    carriers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # district keys
    municipalities: tuple[str, ...] = ()  # municipality keys
    buildings: tuple[int, ...] = ()
    # buildings whose category has no valid comparison value (Schwimmhallen …) in the savings potential
    include_not_comparable: bool = False

    def params(self) -> dict:
        return {"years": list(self.years), "carriers": list(self.carriers), "categories": list(self.categories),
                "districts": list(self.districts), "municipalities": list(self.municipalities),
                "buildings": list(self.buildings), "include_not_comparable": self.include_not_comparable}


_HEAT_LIST = "[" + ", ".join(f"'{c}'" for c in HEAT_CARRIERS) + "]"

# One row per building, carrier and year. Parameters: $share (hot-water share where neither building nor
# category has one), $factor_set and the Selection's lists. Emission factors: the nearest earlier year, else the
# nearest later one; a district-heating building on a network with its own factor uses that (BISKO set only).
BASE_SQL = """
WITH factor_years AS (
    SELECT e.carrier, y.year,
           arg_min(e.kg_co2e_per_kwh, CASE WHEN e.year <= y.year THEN y.year - e.year
                                           ELSE 1000 + e.year - y.year END) AS kg_co2e_per_kwh
    FROM emission_factors e CROSS JOIN (SELECT DISTINCT year FROM yearly_rollup) y
    WHERE e.factor_set = $factor_set
    GROUP BY e.carrier, y.year
), base AS (
    SELECT d.district_key, d.name AS district, mu.municipality_key, mu.name AS municipality,
           b.building_id, b.name AS building, b.category, b.floor_area_m2 AS area_m2,
           y.year, y.carrier,
           CASE WHEN y.carrier = 'Strom' THEN 'electricity' WHEN y.carrier = 'Wasser' THEN 'water'
                ELSE 'heat' END AS use,
           y.months, y.value AS kwh_raw, y.unit, y.hdd_actual, y.hdd_normal, y.hdd_benchmark,
           y.station_id, y.hdd_months_substituted, y.hdd_months_missing,
           y.cost_months = y.months AND y.cost_eur IS NOT NULL AS cost_from_file, y.cost_eur AS file_cost_eur,
           coalesce(b.hot_water_share,
                    c.hot_water_kwh_per_m2a / nullif(c.heating_kwh_per_m2a + c.hot_water_kwh_per_m2a, 0),
                    $share) AS hot_water_share,
           CASE WHEN b.hot_water_share IS NOT NULL THEN 'building'
                WHEN c.heating_kwh_per_m2a + c.hot_water_kwh_per_m2a > 0 THEN 'category'
                ELSE 'assumption' END AS hot_water_share_from,
           coalesce(c.comparable, false) AS comparable,
           CASE WHEN $factor_set = 'bisko' AND y.carrier IN ('Fernwärme', 'Nahwärme') THEN n.kg_co2e_per_kwh END
               AS network_kg_co2e_per_kwh
    FROM yearly_rollup y
    JOIN buildings b USING (building_id)
    JOIN municipalities mu USING (municipality_key)
    JOIN districts d ON d.district_key = mu.district_key
    LEFT JOIN comparison_values c ON c.category = b.category
    LEFT JOIN heat_networks n ON n.network_id = b.heat_network_id
    WHERE (len($years) = 0 OR list_contains($years, y.year))
      AND (len($carriers) = 0 OR list_contains($carriers, y.carrier))
      AND (len($categories) = 0 OR list_contains($categories, b.category))
      AND (len($districts) = 0 OR list_contains($districts, d.district_key))
      AND (len($municipalities) = 0 OR list_contains($municipalities, mu.municipality_key))
      AND (len($buildings) = 0 OR list_contains($buildings, b.building_id))
)
SELECT base.* EXCLUDE (hdd_actual, hdd_normal, hdd_benchmark, file_cost_eur, network_kg_co2e_per_kwh),
       CASE WHEN use <> 'heat' THEN NULL
            ELSE coalesce(hdd_actual > 0 AND hdd_normal IS NOT NULL, false) END AS weather_normalised,
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_normal IS NOT NULL
            THEN hdd_normal / hdd_actual END AS climate_ratio,
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_benchmark IS NOT NULL
            THEN hdd_benchmark / hdd_actual END AS benchmark_ratio,
       -- progress: the station's long-term mean; only the weather-dependent share is scaled (GEG § 82(3))
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_normal IS NOT NULL
            THEN kwh_raw * (hot_water_share + (1 - hot_water_share) * hdd_normal / hdd_actual)
            ELSE kwh_raw END AS kwh_normalised,
       -- benchmark: to the reference location Potsdam, as the Vergleichswerte of 2021
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_benchmark IS NOT NULL
            THEN kwh_raw * (hot_water_share + (1 - hot_water_share) * hdd_benchmark / hdd_actual)
            ELSE kwh_raw END AS kwh_benchmark,
       CASE WHEN use = 'water' THEN NULL
            ELSE kwh_raw * coalesce(network_kg_co2e_per_kwh, f.kg_co2e_per_kwh) / 1000 END AS t_co2e,
       network_kg_co2e_per_kwh IS NOT NULL AS network_factor,
       CASE WHEN use = 'water' THEN NULL WHEN cost_from_file THEN file_cost_eur
            ELSE kwh_raw * p.eur_per_kwh END AS cost_eur
FROM base
LEFT JOIN factor_years f ON f.carrier = base.carrier AND f.year = base.year
LEFT JOIN energy_prices p ON p.carrier = base.carrier
"""


def base_params(analytics: AnalyticsSettings) -> dict:
    """The parameters of :data:`BASE_SQL` besides the selection."""
    return {"share": analytics.hot_water_share, "factor_set": analytics.emission_factor_set}


def run_sql(con, sql: str, params: dict) -> pd.DataFrame:
    """``sql`` with those of ``params`` it names (DuckDB refuses parameters a statement does not use)."""
    return con.execute(sql, {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}).df()


def _run(con, sql: str, selection: Selection, analytics: AnalyticsSettings, **extra) -> pd.DataFrame:
    return run_sql(con, sql, selection.params() | base_params(analytics) | extra)


def building_carrier_years(con, selection: Selection = Selection(),
                           analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """A row per building, carrier and year: kwh_raw, kwh_normalised, weather_normalised, t_co2e, …"""
    return _run(con, BASE_SQL + " ORDER BY district, municipality, building, year, carrier", selection, analytics)


# Per building and year: heat (raw, normalised for progress and for the benchmark), electricity, water,
# specific values against the comparison values (benchmark-normalised heat), CO₂e and the savings potential
# (only for categories comparable with the Vergleichswerte unless $include_not_comparable).
BUILDING_YEAR_SQL = f"""
WITH rows AS ({BASE_SQL}),
per_building AS (
    SELECT district_key, district, municipality_key, municipality, building_id, building, category,
           any_value(area_m2) AS area_m2, year, any_value(comparable) AS comparable,
           any_value(station_id) AS station_id,
           any_value(hot_water_share) FILTER (WHERE use = 'heat') AS hot_water_share,
           any_value(hot_water_share_from) FILTER (WHERE use = 'heat') AS hot_water_share_from,
           max(hdd_months_substituted) FILTER (WHERE use = 'heat') AS hdd_months_substituted,
           max(hdd_months_missing) FILTER (WHERE use = 'heat') AS hdd_months_missing,
           sum(kwh_raw) FILTER (WHERE use = 'heat') AS heat_kwh_raw,
           sum(kwh_normalised) FILTER (WHERE use = 'heat') AS heat_kwh_normalised,
           sum(kwh_benchmark) FILTER (WHERE use = 'heat') AS heat_kwh_benchmark,
           bool_and(weather_normalised) FILTER (WHERE use = 'heat') AS heat_weather_normalised,
           sum(kwh_raw) FILTER (WHERE use = 'electricity') AS electricity_kwh,
           sum(kwh_raw) FILTER (WHERE use = 'water') AS water_m3,
           sum(t_co2e) AS t_co2e,
           sum(t_co2e) FILTER (WHERE use = 'heat') AS heat_t_co2e,
           sum(t_co2e) FILTER (WHERE use = 'electricity') AS electricity_t_co2e,
           sum(cost_eur) FILTER (WHERE use = 'heat') AS heat_cost_eur,
           sum(cost_eur) FILTER (WHERE use = 'electricity') AS electricity_cost_eur,
           sum(cost_eur) AS cost_eur, bool_and(cost_from_file) FILTER (WHERE use <> 'water') AS cost_from_file,
           coalesce(min(months) FILTER (WHERE use <> 'water'), 0) = 12 AS complete,
           -- a row per carrier in `rows` (the yearly rollup's key): no DISTINCT needed, which costs a second pass
           string_agg(carrier, ', ' ORDER BY carrier) FILTER (WHERE use = 'heat') AS heat_carriers
    FROM rows GROUP BY ALL
), specific AS (
    SELECT p.*,
           coalesce(p.heat_kwh_normalised, 0) + coalesce(p.electricity_kwh, 0) AS energy_kwh_normalised,
           coalesce(p.heat_kwh_raw, 0) + coalesce(p.electricity_kwh, 0) AS energy_kwh_raw,
           CASE WHEN p.area_m2 > 0 THEN p.heat_kwh_benchmark / p.area_m2 END AS heat_kwh_per_m2,
           CASE WHEN p.area_m2 > 0 THEN p.electricity_kwh / p.area_m2 END AS electricity_kwh_per_m2,
           c.heat_kwh_per_m2a AS heat_comparison_kwh_per_m2,
           c.electricity_kwh_per_m2a AS electricity_comparison_kwh_per_m2
    FROM per_building p LEFT JOIN building_comparison_values c USING (building_id)
)
SELECT *,
       CASE WHEN complete AND (comparable OR $include_not_comparable) AND heat_kwh_per_m2 IS NOT NULL
                 AND heat_comparison_kwh_per_m2 IS NOT NULL
            THEN greatest(heat_kwh_per_m2 - heat_comparison_kwh_per_m2, 0) * area_m2 END AS heat_potential_kwh,
       CASE WHEN complete AND (comparable OR $include_not_comparable) AND electricity_kwh_per_m2 IS NOT NULL
                 AND electricity_comparison_kwh_per_m2 IS NOT NULL
            THEN greatest(electricity_kwh_per_m2 - electricity_comparison_kwh_per_m2, 0) * area_m2
       END AS electricity_potential_kwh
FROM specific
"""

POTENTIAL_SQL = f"""
SELECT *,
       -- NULL where neither use has a potential (no area, no comparison value, incomplete year)
       CASE WHEN heat_potential_kwh IS NOT NULL OR electricity_potential_kwh IS NOT NULL THEN
           coalesce(heat_potential_kwh, 0) + coalesce(electricity_potential_kwh, 0) END AS potential_kwh,
       CASE WHEN heat_potential_kwh IS NOT NULL OR electricity_potential_kwh IS NOT NULL THEN
           coalesce(heat_potential_kwh * heat_cost_eur / nullif(heat_kwh_raw, 0), 0)
           + coalesce(electricity_potential_kwh * electricity_cost_eur / nullif(electricity_kwh, 0), 0)
       END AS potential_eur,
       CASE WHEN heat_potential_kwh IS NOT NULL OR electricity_potential_kwh IS NOT NULL THEN
           coalesce(heat_potential_kwh * heat_t_co2e / nullif(heat_kwh_raw, 0), 0)
           + coalesce(electricity_potential_kwh * electricity_t_co2e / nullif(electricity_kwh, 0), 0)
       END AS potential_t_co2e
FROM ({BUILDING_YEAR_SQL})
"""


def building_years(con, selection: Selection = Selection(),
                   analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """A row per building and year with its key figures and savings potential."""
    return _run(con, POTENTIAL_SQL + " ORDER BY district, municipality, building, year", selection, analytics)


def savings_potential(con, year: int, selection: Selection = Selection(),
                      analytics: AnalyticsSettings = AnalyticsSettings(), limit: int | None = None) -> pd.DataFrame:
    """Buildings ranked by savings potential (kWh) in ``year``: where to act first."""
    sel = replace(selection, years=(year,))
    sql = (f"SELECT row_number() OVER (ORDER BY potential_kwh DESC, building) AS rank, * FROM ({POTENTIAL_SQL}) "
           "WHERE potential_kwh > 0 ORDER BY rank" + (f" LIMIT {int(limit)}" if limit else ""))
    return _run(con, sql, sel, analytics)


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
        WITH b AS (SELECT *, area_m2 > 0 AND NOT list_contains({_NOT_PER_AREA_LIST}, category) AS per_area
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
        WHERE complete AND (comparable OR $include_not_comparable) AND area_m2 > 0 AND heat_kwh_per_m2 IS NOT NULL AND heat_comparison_kwh_per_m2 IS NOT NULL
          AND NOT list_contains({_NOT_PER_AREA_LIST}, category)
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


def latest_full_year(con) -> int | None:
    """The newest year whose December has consumption data: the default year of a report and of
    ``ktdash export progress``."""
    row = con.execute("SELECT max(year(month)) FROM monthly_rollup WHERE month(month) = 12").fetchone()
    return None if row is None or row[0] is None else int(row[0])


# The columns of ``ktdash export kpis`` (one row per building, year and carrier).
KPI_COLUMNS = ["district", "municipality", "building", "category", "year", "carrier", "use", "months", "kwh_raw",
               "kwh_normalised", "weather_normalised", "climate_ratio", "kwh_benchmark", "benchmark_ratio",
               "hot_water_share", "hot_water_share_from", "station_id", "station", "hdd_months_substituted",
               "hdd_months_missing", "unit", "area_m2", "kwh_per_m2", "use_kwh_per_m2", "comparison_kwh_per_m2",
               "comparable", "t_co2e", "co2_factor_set", "network_factor", "cost_eur", "cost_from_file"]

KPI_SQL = f"""
WITH rows AS ({BASE_SQL})
SELECT district, municipality, building, category, r.year, carrier, use, months,
       kwh_raw, kwh_normalised, weather_normalised, climate_ratio,
       CASE WHEN use = 'heat' THEN kwh_benchmark END AS kwh_benchmark, benchmark_ratio,
       CASE WHEN use = 'heat' THEN hot_water_share END AS hot_water_share,
       CASE WHEN use = 'heat' THEN hot_water_share_from END AS hot_water_share_from,
       CASE WHEN use = 'heat' THEN r.station_id END AS station_id,
       CASE WHEN use = 'heat' THEN s.name END AS station,
       CASE WHEN use = 'heat' THEN hdd_months_substituted END AS hdd_months_substituted,
       CASE WHEN use = 'heat' THEN hdd_months_missing END AS hdd_months_missing,
       unit, area_m2,
       -- per m² against the comparison values: heat normalised to Potsdam (benchmark), as the Vergleichswerte
       CASE WHEN area_m2 > 0 AND use <> 'water' THEN kwh_benchmark / area_m2 END AS kwh_per_m2,
       CASE WHEN area_m2 > 0 AND use <> 'water'
            THEN sum(kwh_benchmark) OVER (PARTITION BY building_id, r.year, use) / area_m2 END AS use_kwh_per_m2,
       CASE use WHEN 'heat' THEN c.heat_kwh_per_m2a WHEN 'electricity' THEN c.electricity_kwh_per_m2a END
           AS comparison_kwh_per_m2,
       comparable, t_co2e, CASE WHEN use <> 'water' THEN $factor_set END AS co2_factor_set,
       CASE WHEN use = 'heat' THEN network_factor END AS network_factor,
       cost_eur, CASE WHEN use <> 'water' THEN cost_from_file END AS cost_from_file
FROM rows r LEFT JOIN (SELECT building_id, heat_kwh_per_m2a, electricity_kwh_per_m2a
                        FROM building_comparison_values) c USING (building_id)
LEFT JOIN climate_stations s ON s.station_id = r.station_id
ORDER BY district, municipality, building, r.year, carrier
"""


def kpi_rows(con, selection: Selection = Selection(), analytics: AnalyticsSettings = AnalyticsSettings()
             ) -> pd.DataFrame:
    """The rows of ``ktdash export kpis``."""
    return _run(con, KPI_SQL, selection, analytics)[KPI_COLUMNS]
