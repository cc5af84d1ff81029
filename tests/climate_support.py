"""Degree days of a test station, for hand-computed examples of the weather normalisation.

``set_test_climate`` writes a station whose long-term mean (reference period 1991–2020) is exactly the
given value per calendar month (the same value in each of the 30 years), its measured months, and the
same for Potsdam (the benchmark reference, by default equal to the station's mean, so that benchmark
and progress normalisation agree unless a test says otherwise). Every municipality (or the given ones) is
set to that station, as an admin would (``climate_station_id``).
"""

from __future__ import annotations

from ktdash.analytics import climate, rollup
from ktdash.store.connection import transaction

TEST_STATION = 99001


def set_test_climate(con, actual: dict[str, float], normal: dict[int, float] | float,
                     potsdam_normal: dict[int, float] | float | None = None, *, station_id: int = TEST_STATION,
                     municipalities: list[str] | None = None, completeness: dict[str, float] | None = None) -> None:
    """``actual``: {"2024-01": 250, …}; ``normal``: {1: 275, …} or one value for every month."""
    normal = normal if isinstance(normal, dict) else {m: float(normal) for m in range(1, 13)}
    if potsdam_normal is None:
        potsdam_normal = normal
    potsdam_normal = potsdam_normal if isinstance(potsdam_normal, dict) else {m: float(potsdam_normal)
                                                                              for m in range(1, 13)}
    completeness = completeness or {}
    with transaction(con):
        for sid, name, means in ((station_id, "Teststation", normal),
                                 (climate.POTSDAM_STATION_ID, "Potsdam", potsdam_normal)):
            con.execute("INSERT OR REPLACE INTO climate_stations VALUES (?, ?, 'Test', 0, 0, 100, NULL, NULL)",
                        [sid, name])
            con.execute("DELETE FROM station_degree_days WHERE station_id = ? AND year(month) BETWEEN 1991 AND 2020",
                        [sid])
            con.execute("""
                INSERT INTO station_degree_days
                SELECT ?, make_date(y, m, 1), (?::DOUBLE[])[m], NULL, NULL, NULL, 1.0, 'test normal', NULL
                FROM range(1991, 2021) t(y), range(1, 13) u(m)""",
                        [sid, [means.get(m, 0.0) for m in range(1, 13)]])
        for month, value in actual.items():
            con.execute("INSERT OR REPLACE INTO station_degree_days VALUES (?, ?::DATE, ?, NULL, NULL, NULL, ?, "
                        "'test', NULL)", [station_id, month + "-01", value, completeness.get(month, 1.0)])
        con.execute("UPDATE municipalities SET climate_station_id = ? WHERE $keys IS NULL OR "
                    "list_contains($keys, municipality_key)".replace("?", "$sid"),
                    {"sid": station_id, "keys": municipalities})
        climate.refresh_normals(con)
        rollup.refresh_all(con, yearly_only=True)
