"""Climate data of the weather normalisation: DWD stations, their monthly degree days G20/15, every German
postcode with its three nearest stations, and the station of each building.

Data
    ``ktdash/analytics/reference/climate/`` (shipped, loaded by :func:`load_shipped_climate`): monthly G20/15 of all
    842 DWD stations 1991–2025 and the postcode table, from IWU's "Gradtagzahlen-Deutschland" tool (R package
    clidamonger 1.4; Loga, Großklos, Landgraf 2020, MOBASY-Teilbericht, doi:10.13140/RG.2.2.25695.28324),
    computed from the DWD Climate Data Center's daily observations. Licence CC BY 4.0: every place that shows
    these values names the source (:data:`ATTRIBUTION`). Newer months come in through the import
    (DWD's ``hdd_3807`` monthly files or the IWU workbook table); an imported month is never overwritten by
    the shipped data.

Station of a building (view ``building_stations``)
    An admin's choice for the building; else the **nearest station** of the building's own postcode; else an
    admin's choice for its municipality; else the nearest station of the municipality's postcode (the seat of
    its administration) (Postleitzahl → drei nächste DWD-Stationen, IWU). Method: "nächstgelegene Station mit
    vollständigem Monat" — for each month the first of (chosen station, station 1, 2, 3 of the postcode) whose
    month is complete (``completeness`` ≥ ``climate_min_completeness``, default 0,9) and which has a long-term
    mean for that calendar month. The month's measured value **and** its long-term mean come from that same
    station, so the ratio stays one station's. Months taken from another station than the building's own are counted
    (``hdd_months_substituted``); months without any complete station are gaps (``hdd_months_missing``):
    heat of such a year is not normalised and says so.

Long-term mean (table ``station_normals``)
    Mean G20/15 of each station and calendar month over the reference period (setting
    ``KTDASH_CLIMATE_REFERENCE_PERIOD``, default 1991–2020, the WMO climate normal period) over complete
    months only; a calendar month needs complete values in at least half of the period's years (Pirmasens,
    3939, has 16 of 1991–2020, Kaiserslautern, 2486, 20–21); the number of years is kept and shown.

Benchmark reference (Potsdam)
    The Vergleichswerte of the Bekanntmachung of 15 April 2021 are weather-normalised to the reference
    location Potsdam; DWD's Klimafaktor is G(Potsdam, reference) ÷ G(postcode, period). ktdash takes
    Potsdam's reference from the shipped data: the long-term mean of station 3987 (Potsdam) per calendar
    month over the reference period (1991–2020: 3.602 Kd/a). DWD's own reference value could not be read
    (secondary sources give 3.666,8 and 3.767 Kd/a); ``KTDASH_BENCHMARK_REFERENCE_KD`` sets an annual value,
    then the monthly means of Potsdam are scaled to it.

All selection and averaging is SQL over the store's tables; the yearly rollup keeps the sums
(:mod:`ktdash.analytics.rollup`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ktdash.access import audit
from ktdash.i18n import texts
from ktdash.store.connection import bump_data_version, transaction

CLIMATE_DIR = Path(__file__).resolve().parent / "reference" / "climate"
DEGREE_DAYS_FILE = CLIMATE_DIR / "dwd_monthly_degree_days.csv.gz"
STATIONS_FILE = CLIMATE_DIR / "dwd_stations.csv"
POSTCODES_FILE = CLIMATE_DIR / "postcode_stations.csv.gz"

POTSDAM_STATION_ID = 3987
SHIPPED_SOURCE = "IWU Gradtagzahlen-Deutschland / clidamonger 1.4 (DWD-Daten), CC BY 4.0"
# the source named wherever the degree days are used (CC BY 4.0); the words: texts key climate_attribution
ATTRIBUTION = texts.t("climate_attribution", "de")
ATTRIBUTION_EN = texts.t("climate_attribution", "en")


def load_shipped_climate(con, by="system") -> int:
    """Stations, postcodes and the shipped monthly degree days into the store (stations and postcodes
    replaced, shipped months replaced, imported months kept); rebuilds the long-term means. Returns the
    number of station months loaded."""
    with transaction(con):
        con.execute("DELETE FROM climate_stations")
        con.execute("""
            INSERT INTO climate_stations
            SELECT station_id, name, state, latitude, longitude, altitude_m, data_from, data_to
            FROM read_csv(?, header = true, encoding = 'utf-8')""", [str(STATIONS_FILE)])
        con.execute("DELETE FROM postcodes")
        con.execute("""
            INSERT INTO postcodes
            SELECT postcode, place, latitude, longitude, station_1, station_2, station_3,
                   distance_1_m, distance_2_m, distance_3_m
            FROM read_csv(?, header = true, types = {'postcode': 'VARCHAR'}, encoding = 'utf-8')
            -- the file has every postcode twice: with its three stations and with the nearest only
            QUALIFY row_number() OVER (PARTITION BY postcode
                                       ORDER BY (station_2 IS NULL)::INT + (station_3 IS NULL)::INT) = 1""",
                    [str(POSTCODES_FILE)])
        con.execute("DELETE FROM station_degree_days WHERE import_id IS NULL")
        loaded = con.execute("""
            INSERT INTO station_degree_days
            SELECT station_id, make_date(year, month, 1), g20_15_kd, heating_days_15, ta_mean_c,
                   ta_heating_days_15_c, completeness, $source, NULL
            FROM read_csv($file, header = true)
            WHERE g20_15_kd IS NOT NULL
            ON CONFLICT (station_id, month) DO NOTHING""",
                             {"source": SHIPPED_SOURCE, "file": str(DEGREE_DAYS_FILE)}).fetchone()
        refresh_normals(con)
        count = int(loaded[0]) if loaded else 0
        audit.record(con, by, "factor_change", object="climate_data",
                     detail={"source": SHIPPED_SOURCE, "station_months": count})
        bump_data_version(con)
    return count


def ensure_climate(con) -> bool:
    """Load the shipped climate data into a store that has none (True when loaded)."""
    if con.execute("SELECT count(*) FROM climate_stations").fetchone()[0]:
        return False
    load_shipped_climate(con)
    return True


def refresh_normals(con) -> None:
    """Rebuild ``station_normals`` from the degree days and the stored reference period (in a transaction)."""
    con.execute("DELETE FROM station_normals")
    con.execute("""
        INSERT INTO station_normals
        SELECT d.station_id, month(d.month), avg(d.g20_15_kd), count(*)
        FROM station_degree_days d, climate_settings s
        WHERE year(d.month) BETWEEN s.reference_from AND s.reference_to
          AND coalesce(d.completeness, 1) >= s.min_completeness
        GROUP BY d.station_id, month(d.month)
        HAVING count(*) * 2 >= any_value(s.reference_to) - any_value(s.reference_from) + 1""")


def stored_settings(con) -> dict:
    row = con.execute("SELECT reference_from, reference_to, min_completeness, heating_limit_c, "
                      "benchmark_station_id, benchmark_reference_kd FROM climate_settings").fetchone()
    keys = ("reference_from", "reference_to", "min_completeness", "heating_limit_c", "benchmark_station_id",
            "benchmark_reference_kd")
    return dict(zip(keys, row, strict=True))


def wanted_settings(analytics) -> dict:
    return {"reference_from": analytics.climate_reference_from, "reference_to": analytics.climate_reference_to,
            "min_completeness": analytics.climate_min_completeness, "heating_limit_c": analytics.heating_limit_c,
            "benchmark_station_id": POTSDAM_STATION_ID,
            "benchmark_reference_kd": analytics.benchmark_reference_kd}


def sync_settings(con, analytics) -> bool:
    """Make the store's climate settings those of ``analytics`` (:class:`ktdash.core.settings.AnalyticsSettings`);
    where they differ, rebuild the long-term means and the yearly rollup in one transaction (True)."""
    from ktdash.analytics import rollup

    wanted = wanted_settings(analytics)
    if stored_settings(con) == wanted:
        return False
    with transaction(con):
        con.execute("UPDATE climate_settings SET reference_from = $reference_from, reference_to = $reference_to, "
                    "min_completeness = $min_completeness, heating_limit_c = $heating_limit_c, "
                    "benchmark_station_id = $benchmark_station_id, "
                    "benchmark_reference_kd = $benchmark_reference_kd", wanted)
        refresh_normals(con)
        rollup.refresh_all(con, yearly_only=True)
        audit.record(con, "system", "factor_change", object="climate_settings", detail=wanted)
        bump_data_version(con)
    return True


# --- reading (pages "Methoden", "Gebäude", the report) -----------------------------------------------

def building_stations(con, building_ids: list[int] | None = None) -> pd.DataFrame:
    """Per building: postcode (and whose), the station used (name, altitude, distance), chosen by whom."""
    return con.execute("""
        SELECT bs.building_id, b.name AS building, bs.postcode, bs.postcode_from, bs.station_id,
               s.name AS station, s.altitude_m, bs.chosen_by,
               CASE WHEN bs.chosen_station_id IS NULL THEN bs.distance_1_m END AS distance_m
        FROM building_stations bs JOIN buildings b USING (building_id)
        LEFT JOIN climate_stations s ON s.station_id = bs.station_id
        WHERE $ids IS NULL OR list_contains($ids, bs.building_id)
        ORDER BY b.name""", {"ids": building_ids}).df()


def station_years(con, station_ids: list[int], years: list[int] | None = None) -> pd.DataFrame:
    """G20/15 per station and year (complete months, how many) beside the long-term mean."""
    return con.execute("""
        WITH s AS (SELECT unnest($ids) AS station_id)
        SELECT d.station_id, st.name AS station, year(d.month) AS year, sum(d.g20_15_kd) AS g20_15_kd,
               count(*) FILTER (WHERE coalesce(d.completeness, 1) >= cs.min_completeness) AS complete_months,
               (SELECT sum(g20_15_kd) FROM station_normals n WHERE n.station_id = d.station_id) AS long_term_mean,
               string_agg(DISTINCT d.source, '; ') AS source
        FROM station_degree_days d JOIN s USING (station_id) JOIN climate_stations st USING (station_id),
             climate_settings cs
        WHERE $years IS NULL OR list_contains($years, year(d.month))
        GROUP BY ALL ORDER BY d.station_id, year""", {"ids": station_ids, "years": years}).df()


def station_months(con, station_id: int, start, end) -> pd.DataFrame:
    """Monthly G20/15 of one station with the long-term mean of the calendar month and completeness."""
    return con.execute("""
        SELECT d.month, d.g20_15_kd AS heating_degree_days, n.g20_15_kd AS long_term_mean, d.completeness,
               d.source
        FROM station_degree_days d
        LEFT JOIN station_normals n ON n.station_id = d.station_id AND n.month_of_year = month(d.month)
        WHERE d.station_id = $station AND d.month BETWEEN $start AND $end ORDER BY d.month""",
                       {"station": station_id, "start": start, "end": end}).df()


def benchmark_reference_kd(con) -> float | None:
    """Potsdam's annual reference G20/15 in use (the set value, else the station's long-term mean)."""
    row = con.execute("""
        SELECT coalesce(any_value(s.benchmark_reference_kd), sum(n.g20_15_kd))
        FROM station_normals n, climate_settings s WHERE n.station_id = s.benchmark_station_id""").fetchone()
    return None if row is None or row[0] is None else float(row[0])


def set_station(con, *, building_id: int | None = None, municipality_key: str | None = None,
                station_id: int | None, by=None) -> None:
    """An admin's station for a building or a municipality (None: back to the postcode's nearest); the
    yearly rollup of the buildings concerned is rebuilt in the same transaction. Raises ValueError
    (``unknown_station``) for a station id the store does not have."""
    from ktdash.analytics import rollup

    if station_id is not None and not con.execute(
            "SELECT count(*) FROM climate_stations WHERE station_id = ?", [station_id]).fetchone()[0]:
        raise ValueError(f"unknown_station: {station_id}")
    with transaction(con):
        if building_id is not None:
            before = con.execute("SELECT climate_station_id FROM buildings WHERE building_id = ?",
                                 [building_id]).fetchone()
            con.execute("UPDATE buildings SET climate_station_id = $station WHERE building_id = $id",
                        {"station": station_id, "id": building_id})
            con.execute("CREATE OR REPLACE TEMP TABLE kt_station_affected AS SELECT ? AS building_id", [building_id])
            target = {"building_id": int(building_id)}
        else:
            before = con.execute("SELECT climate_station_id FROM municipalities WHERE municipality_key = ?",
                                 [municipality_key]).fetchone()
            con.execute("UPDATE municipalities SET climate_station_id = $station WHERE municipality_key = $key",
                        {"station": station_id, "key": municipality_key})
            con.execute("CREATE OR REPLACE TEMP TABLE kt_station_affected AS "
                        "SELECT building_id FROM buildings WHERE municipality_key = ?", [municipality_key])
            target = {"municipality_key": municipality_key}
        rollup.refresh_yearly(con, "kt_station_affected")
        audit.record(con, by, "factor_change", object="climate_station",
                     detail=target | {"old": before[0] if before else None, "new": station_id})
        bump_data_version(con)


def set_postcode(con, *, building_id: int | None = None, municipality_key: str | None = None,
                 postcode: str | None, by=None) -> None:
    """A building's or municipality's postcode (None: the building follows its municipality); the yearly
    rollup of the buildings concerned is rebuilt in the same transaction. ValueError ``unknown_postcode`` for
    a postcode not in the shipped table. A building's postcode is master data (``masterdata_change`` of its
    municipality), a municipality's a climate setting (``factor_change``)."""
    from ktdash.analytics import rollup

    postcode = (postcode or "").strip() or None
    if postcode is not None and not con.execute("SELECT count(*) FROM postcodes WHERE postcode = ?",
                                                [postcode]).fetchone()[0]:
        raise ValueError(f"unknown_postcode: {postcode}")
    with transaction(con):
        if building_id is not None:
            before = con.execute("SELECT municipality_key, name, postcode FROM buildings WHERE building_id = ?",
                                 [building_id]).fetchone()
            if before is None:
                raise ValueError(f"unknown building {building_id}")
            con.execute("UPDATE buildings SET postcode = $postcode WHERE building_id = $id",
                        {"postcode": postcode, "id": building_id})
            con.execute("CREATE OR REPLACE TEMP TABLE kt_station_affected AS SELECT ? AS building_id", [building_id])
            audit.record(con, by, "masterdata_change", before[0], object=before[1],
                         detail={"field": "postcode", "building_id": int(building_id), "old": before[2],
                                 "new": postcode})
        else:
            before = con.execute("SELECT postcode FROM municipalities WHERE municipality_key = ?",
                                 [municipality_key]).fetchone()
            con.execute("UPDATE municipalities SET postcode = $postcode WHERE municipality_key = $key",
                        {"postcode": postcode, "key": municipality_key})
            con.execute("CREATE OR REPLACE TEMP TABLE kt_station_affected AS "
                        "SELECT building_id FROM buildings WHERE municipality_key = ?", [municipality_key])
            audit.record(con, by, "factor_change", object="postcode",
                         detail={"municipality_key": municipality_key, "old": before[0] if before else None,
                                 "new": postcode})
        rollup.refresh_yearly(con, "kt_station_affected")
        bump_data_version(con)
