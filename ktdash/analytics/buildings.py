"""One building: its yearly key figures for the building page, its own hot-water share, where its degree days
come from (postcode, station), whether it can be compared with the Vergleichswerte, and its own baseline.

The hot-water share ``s`` enters the weather normalisation of :mod:`ktdash.analytics.metrics`
(``E_norm = E × (s + (1 − s) × G_ref / G_actual)``); a building without its own value uses its category's
share from the TEK table (:func:`hot_water_share_of` says which and how it is derived), else
``KTDASH_HOT_WATER_SHARE`` (an assumption). The key figures read the share at query time, so no rollup is
rebuilt; the data version is bumped so that cached figures are recomputed.

A building whose category has no valid comparison value (Schwimmhallen, Kläranlagen …, :func:`comparability`)
is judged against its own baseline instead (:func:`own_baseline`). Postcode and station are set through
:mod:`ktdash.analytics.climate` (``set_postcode``, ``set_station``).
"""

from __future__ import annotations

import math
from numbers import Real

import pandas as pd

from ktdash.analytics import metrics
from ktdash.core.settings import AnalyticsSettings
from ktdash.access import audit
from ktdash.store.connection import bump_data_version, transaction

YEAR_FIGURES_SQL = f"""
WITH figures AS ({metrics.POTENTIAL_SQL}),
per_year AS (
    SELECT building_id, year,
           min(months) FILTER (WHERE use <> 'water') AS months,
           CASE WHEN bool_and(weather_normalised) FILTER (WHERE use = 'heat')
                 AND min(climate_ratio) FILTER (WHERE use = 'heat') = max(climate_ratio) FILTER (WHERE use = 'heat')
                THEN min(climate_ratio) FILTER (WHERE use = 'heat') END AS climate_ratio,
           CASE WHEN bool_and(weather_normalised) FILTER (WHERE use = 'heat')
                 AND min(benchmark_ratio) FILTER (WHERE use = 'heat') = max(benchmark_ratio) FILTER (WHERE use = 'heat')
                THEN min(benchmark_ratio) FILTER (WHERE use = 'heat') END AS benchmark_ratio
    FROM ({metrics.BASE_SQL}) GROUP BY building_id, year
)
SELECT f.*,
       CASE WHEN f.heat_weather_normalised THEN f.heat_kwh_normalised END AS heat_kwh_weather_normalised,
       CASE WHEN f.heat_weather_normalised THEN f.heat_kwh_benchmark END AS heat_kwh_benchmark_normalised,
       p.months, p.climate_ratio, p.benchmark_ratio
FROM figures f LEFT JOIN per_year p ON p.building_id = f.building_id AND p.year = f.year
ORDER BY f.year
"""


def year_figures(con, building_id: int, analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """The yearly key figures of one building (the columns of :func:`ktdash.analytics.metrics.building_years`), with
    ``months`` (the fewest months of data of any energy carrier that year), ``climate_ratio``
    (G_ref / G_actual of its heat, progress; NULL where the heat was not normalised or its carriers cover
    different months), ``benchmark_ratio`` (G_Potsdam / G_actual), ``heat_kwh_weather_normalised`` and
    ``heat_kwh_benchmark_normalised`` (NULL where the heat could not be normalised)."""
    params = metrics.Selection(buildings=(int(building_id),)).params() | metrics.base_params(analytics)
    return metrics.run_sql(con, YEAR_FIGURES_SQL, params)


def climate_of(con, building_id: int) -> dict:
    """Where the weather normalisation of a building takes its degree days from: postcode (and whose:
    ``building`` or ``municipality``), its place, the station (id, name, altitude), ``chosen_by`` (``building``,
    ``municipality``: an admin's choice; None: the nearest station of the postcode) and the distance in km
    from the postcode's centre to that station (None without a postcode or its coordinates)."""
    row = con.execute("""
        SELECT bs.postcode, bs.postcode_from, p.place, bs.station_id, s.name AS station, s.altitude_m,
               bs.chosen_by, b.climate_station_id AS building_station_id, b.postcode AS building_postcode,
               -- great-circle distance postcode centre → station (mean earth radius 6.371 km)
               CASE WHEN bs.chosen_station_id IS NULL THEN bs.distance_1_m / 1000.0
                    ELSE 2 * 6371 * asin(sqrt(pow(sin(radians(s.latitude - p.latitude) / 2), 2)
                         + cos(radians(p.latitude)) * cos(radians(s.latitude))
                           * pow(sin(radians(s.longitude - p.longitude) / 2), 2))) END AS distance_km
        FROM building_stations bs JOIN buildings b USING (building_id)
        LEFT JOIN postcodes p ON p.postcode = bs.postcode
        LEFT JOIN climate_stations s ON s.station_id = bs.station_id
        WHERE bs.building_id = ?""", [int(building_id)])
    names = [column[0] for column in row.description]
    values = row.fetchone()
    return dict(zip(names, values, strict=True)) if values else {}


def stations(con) -> pd.DataFrame:
    """The DWD stations of the store (station_id, name, state), by name: the admin's choice of a station."""
    return con.execute("SELECT station_id, name, state FROM climate_stations ORDER BY name, station_id").df()


def hot_water_share_of(con, building_id: int, analytics: AnalyticsSettings = AnalyticsSettings()) -> dict:
    """The hot-water share s the normalisation uses for a building and where it comes from, as
    :data:`ktdash.analytics.metrics.BASE_SQL` takes it: ``share``, ``source`` (``building``: its own value;
    ``category``: TEK Warmwasser ÷ (TEK Heizung + TEK Warmwasser) of its category; ``assumption``: the setting
    ``KTDASH_HOT_WATER_SHARE``), ``category``, ``heating`` and ``hot_water`` (the TEK values, kWh/(m²·a)) and
    ``default`` (the share without the building's own value)."""
    row = con.execute("""
        SELECT b.hot_water_share, b.category, c.heating_kwh_per_m2a, c.hot_water_kwh_per_m2a
        FROM buildings b LEFT JOIN comparison_values c USING (category) WHERE b.building_id = ?""",
                      [int(building_id)]).fetchone()
    if row is None:
        raise ValueError(f"unknown building {building_id}")
    own, category, heating, hot_water = row
    tek = heating is not None and hot_water is not None and heating + hot_water > 0
    default = hot_water / (heating + hot_water) if tek else analytics.hot_water_share
    return {"share": own if own is not None else default,
            "source": "building" if own is not None else "category" if tek else "assumption",
            "category": category, "heating": heating if tek else None, "hot_water": hot_water if tek else None,
            "default": default, "default_source": "category" if tek else "assumption"}


def comparability(con, building_id: int) -> tuple[bool, str | None]:
    """(comparable with the Vergleichswerte, reason code of ``comparison_values.comparability_note``): a
    category without a row counts as ``no_row``."""
    row = con.execute("""
        SELECT coalesce(c.comparable, false), CASE WHEN c.category IS NULL THEN 'no_row' ELSE c.comparability_note END
        FROM buildings b LEFT JOIN comparison_values c USING (category) WHERE b.building_id = ?""",
                      [int(building_id)]).fetchone()
    return (bool(row[0]), row[1]) if row else (False, "no_row")


def not_comparable_notes(con) -> dict[str, str]:
    """{category: reason code} of the categories that cannot be compared with the Vergleichswerte."""
    return dict(con.execute("SELECT category, coalesce(comparability_note, 'no_row') FROM comparison_values "
                            "WHERE NOT coalesce(comparable, false)").fetchall())


def not_comparable_per_area(con, year: int, selection: metrics.Selection = metrics.Selection(),
                            analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """The buildings without a valid comparison value that enter heat per m² of municipalities and districts
    in ``year`` (:func:`ktdash.analytics.metrics.entity_years`: a floor area and heat, not
    :data:`ktdash.analytics.metrics.NOT_PER_AREA`), per category: category, note (reason code), buildings."""
    from dataclasses import replace

    frame = metrics.building_years(con, replace(selection, years=(int(year),)), analytics)
    notes = not_comparable_notes(con)
    found = frame[~frame["comparable"].fillna(False).astype(bool) & (frame["area_m2"] > 0)
                  & frame["heat_kwh_benchmark"].notna() & ~frame["category"].isin(metrics.NOT_PER_AREA)]
    counts = found.groupby("category").size().rename("buildings").reset_index()
    return counts.assign(note=counts["category"].map(lambda c: notes.get(c, "no_row")))[
        ["category", "note", "buildings"]]


def own_baseline(con, building_id: int, year: int, analytics: AnalyticsSettings = AnalyticsSettings()) -> dict | None:
    """A building against its own baseline (how a building without a valid comparison value is judged): the
    baseline year (the setting ``KTDASH_BASELINE_YEAR`` where the building has a complete year then, else its
    first complete year before ``year``) and :func:`ktdash.analytics.metrics.progress` of the building (energy =
    heat with the progress normalisation + electricity). None without two complete years."""
    complete = [int(y) for (y,) in con.execute(
        "SELECT year FROM yearly_rollup WHERE building_id = ? AND carrier <> 'Wasser' GROUP BY year "
        "HAVING min(months) = 12 ORDER BY year", [int(building_id)]).fetchall()]
    if year not in complete:
        return None
    earlier = [y for y in complete if y < year]
    if not earlier:
        return None
    baseline = analytics.baseline_year if analytics.baseline_year in earlier else earlier[0]
    found = metrics.progress(con, "building", baseline, year, metrics.Selection(buildings=(int(building_id),)),
                             analytics)
    return None if found.empty else found.iloc[0].to_dict() | {"baseline_year": baseline}


def set_hot_water_share(con, building_id: int, share: float | None, *, by=None) -> None:
    """Store the building's own hot-water share (0 ≤ share ≤ 1), or None to use the default again.

    Raises ValueError for a share outside 0…1 (or not a number) and for an unknown building;
    then nothing is changed. Logged as ``masterdata_change`` (building, old and new share) for ``by`` in the
    same transaction; authorisation is the caller's (``edit_masterdata`` for the building's municipality).
    """
    if share is not None:
        if isinstance(share, bool) or not isinstance(share, Real) or math.isnan(share) or not 0 <= share <= 1:
            raise ValueError(f"hot-water share must lie between 0 and 1 (or be None), got {share!r}")
        share = float(share)
    with transaction(con):
        before = con.execute("SELECT municipality_key, name, hot_water_share FROM buildings WHERE building_id = ?",
                             [int(building_id)]).fetchone()
        if before is None:
            raise ValueError(f"unknown building {building_id}")
        con.execute("UPDATE buildings SET hot_water_share = $share WHERE building_id = $id",
                    {"share": share, "id": int(building_id)})
        audit.record(con, by, "masterdata_change", before[0], object=before[1],
                     detail={"field": "hot_water_share", "building_id": int(building_id), "old": before[2],
                             "new": share})
        bump_data_version(con)
