"""Read queries for the pages: aggregates of the yearly and monthly rollups, never raw readings.

Every function takes a connection (or cursor), runs one DuckDB aggregate and
returns a pandas DataFrame for Streamlit and Plotly.
"""

from __future__ import annotations

import pandas as pd

from ktdash.core.domain import Carrier

ENERGY_CARRIERS = [c.value for c in Carrier if c != Carrier.WASSER]

_LEVELS = {
    "district": ("d.district_key", "d.name"),
    "municipality": ("mu.municipality_key", "mu.name"),
}


def filter_options(con) -> dict[str, list]:
    years = data_years(con)
    carriers = [r[0] for r in con.execute("SELECT DISTINCT carrier FROM yearly_rollup ORDER BY 1").fetchall()]
    districts = [r[0] for r in con.execute("SELECT name FROM districts ORDER BY name").fetchall()]
    return {"years": years, "carriers": carriers, "districts": districts}


def data_years(con) -> list[int]:
    """The years with consumption data, oldest first."""
    return [int(r[0]) for r in con.execute("SELECT DISTINCT year FROM yearly_rollup ORDER BY 1").fetchall()]


def yearly(con, level: str, years: list[int], carriers: list[str], districts: list[str] | None = None
           ) -> pd.DataFrame:
    """Consumption per entity (district or municipality), year and carrier, from the yearly rollup.

    Columns: key, name, district, year, carrier, value, unit, months (the most months with data of any of its
    buildings).
    """
    key, name = _LEVELS[level]
    return con.execute(f"""
        SELECT {key} AS key, {name} AS name, d.name AS district, r.year, r.carrier,
               sum(r.value) AS value, any_value(r.unit) AS unit, max(r.months) AS months
        FROM yearly_rollup r
        JOIN buildings b USING (building_id)
        JOIN municipalities mu USING (municipality_key)
        JOIN districts d ON d.district_key = mu.district_key
        WHERE list_contains($years, r.year) AND list_contains($carriers, r.carrier)
          AND (len($districts) = 0 OR list_contains($districts, d.name) OR list_contains($districts, d.district_key))
        GROUP BY ALL ORDER BY district, name, year, r.carrier
    """, {"years": [int(y) for y in years], "carriers": list(carriers), "districts": list(districts or [])}).df()


def summary(con, year: int | None) -> dict[str, float | int]:
    """Headline numbers: energy in a year (kWh), buildings, municipalities with data, imports."""
    energy = con.execute(
        "SELECT coalesce(sum(value), 0) FROM yearly_rollup WHERE carrier <> 'Wasser' AND year = ?",
        [year]).fetchone()[0] if year else 0.0
    return {
        "energy_kwh": float(energy),
        "buildings": con.execute("SELECT count(*) FROM buildings").fetchone()[0],
        "municipalities": con.execute(
            "SELECT count(DISTINCT b.municipality_key) FROM yearly_rollup r JOIN buildings b USING (building_id)"
        ).fetchone()[0],
        "imports": con.execute("SELECT count(*) FROM imports").fetchone()[0],
    }


def municipalities(con) -> pd.DataFrame:
    return con.execute("""
        SELECT m.municipality_key AS key, m.name, d.name AS district, m.kind, m.population
        FROM municipalities m JOIN districts d USING (district_key) ORDER BY d.name, m.name""").df()


def recent_imports(con, limit: int = 20) -> pd.DataFrame:
    return con.execute("""
        SELECT i.import_id, i.created_at, mu.name AS municipality, i.file_name, i.layout, i.rows_stored,
               i.rows_rejected, i.rows_replaced, i.user_name, i.status, i.municipality_key
        FROM imports i LEFT JOIN municipalities mu USING (municipality_key)  -- degree days: no municipality
        ORDER BY i.import_id DESC LIMIT ?""", [limit]).df()


def building_months(con, municipality_key: str, building: str) -> pd.DataFrame:
    """Monthly values of one building (for tests and later pages)."""
    return con.execute("""
        SELECT r.carrier, r.month, r.value, r.unit FROM monthly_rollup r JOIN buildings b USING (building_id)
        WHERE b.municipality_key = $key AND b.name = $name ORDER BY carrier, month""",
        {"key": municipality_key, "name": building}).df()


def building_list(con) -> pd.DataFrame:
    """Every building with its municipality, for the building selection.

    Columns: building_id, building, category, municipality_key, municipality, district, has_data.
    """
    return con.execute("""
        SELECT b.building_id, b.name AS building, b.category, mu.municipality_key, mu.name AS municipality,
               d.name AS district,
               b.building_id IN (SELECT building_id FROM yearly_rollup) AS has_data
        FROM buildings b
        JOIN municipalities mu USING (municipality_key)
        JOIN districts d ON d.district_key = mu.district_key
        ORDER BY mu.name, b.name""").df()


def building_info(con, building_id: int) -> dict | None:
    """Master data of one building and its comparison values (kWh/(m²·a)); None if unknown.

    Keys: building_id, building, category, floor_area_m2, year_built, hot_water_share (own value or
    None), municipality_key, municipality, district, heat_comparison_kwh_per_m2,
    electricity_comparison_kwh_per_m2.
    """
    result = con.execute("""
        SELECT b.building_id, b.name AS building, b.category, b.floor_area_m2, b.year_built, b.hot_water_share,
               mu.municipality_key, mu.name AS municipality, d.name AS district,
               c.heat_kwh_per_m2a AS heat_comparison_kwh_per_m2,
               c.electricity_kwh_per_m2a AS electricity_comparison_kwh_per_m2
        FROM buildings b
        JOIN municipalities mu USING (municipality_key)
        JOIN districts d ON d.district_key = mu.district_key
        LEFT JOIN building_comparison_values c USING (building_id)
        WHERE b.building_id = ?""", [building_id])
    names = [column[0] for column in result.description]
    row = result.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


def building_monthly(con, building_id: int) -> pd.DataFrame:
    """Monthly values of one building from the monthly rollup (raw, not weather-normalised).

    Columns: carrier, month (first day), year, month_of_year, value, unit (kWh; m³ for water).
    """
    return con.execute("""
        SELECT carrier, month, year(month) AS year, month(month) AS month_of_year, value, unit
        FROM monthly_rollup WHERE building_id = ? ORDER BY carrier, month""", [building_id]).df()


def buildings_named(con, name: str, municipality_key: str | None = None) -> list[int]:
    """Ids of the buildings called ``name`` (any case), in one municipality or in all."""
    return [r[0] for r in con.execute(
        "SELECT building_id FROM buildings WHERE lower(name) = lower($name) "
        "AND ($key IS NULL OR municipality_key = $key) ORDER BY building_id",
        {"name": name, "key": municipality_key}).fetchall()]


def import_list(con, no_municipality: str, network: str) -> list[tuple]:
    """Every import, oldest first, for ``ktdash imports``: (number, time as dd.mm.yyyy hh:mm, municipality or
    ``network`` (the network's people, layout network_people) or ``no_municipality`` (degree days), file name,
    rows stored, status)."""
    return con.execute("""
        SELECT i.import_id, strftime(i.created_at, '%d.%m.%Y %H:%M'),
               coalesce(m.name, CASE WHEN i.layout = 'network_people' THEN $network ELSE $none END), i.file_name,
               i.rows_stored, i.status
        FROM imports i LEFT JOIN municipalities m USING (municipality_key)  -- degree days, network: none
        ORDER BY i.import_id""", {"none": no_municipality, "network": network}).fetchall()


def last_degree_day_month(con, station_id: int | None = None):
    """The newest month with degree days (of one station, or of any); ``None`` without any."""
    return con.execute("SELECT max(month) FROM station_degree_days WHERE $station IS NULL OR station_id = $station",
                       {"station": station_id}).fetchone()[0]


def stations_by_use(con) -> list[int]:
    """The climate stations of the buildings, the most used first."""
    return [int(r[0]) for r in con.execute(
        "SELECT station_id FROM building_stations WHERE station_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1"
    ).fetchall()]


def building_filter(building_id: int | None = None, municipality_key: str | None = None,
                    municipalities=None) -> tuple[str, dict]:
    """The WHERE condition on ``buildings b`` for the buildings asked for (one building, one municipality, a list of
    municipalities; ``TRUE`` for all) and its named parameters."""
    where, params = ["TRUE"], {}
    if building_id is not None:
        where.append("b.building_id = $building_id")
        params["building_id"] = int(building_id)
    if municipality_key is not None:
        where.append("b.municipality_key = $municipality_key")
        params["municipality_key"] = municipality_key
    if municipalities is not None:
        where.append("list_contains($municipalities, b.municipality_key)")
        params["municipalities"] = list(municipalities)
    return " AND ".join(where), params
