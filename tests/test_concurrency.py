"""Several sessions at once, as in the dashboard: cursors of ONE connection, one thread each.

Imports in parallel queue on the process's write lock (``ktdash.store.connection.WRITE_LOCK``) instead of
failing on a DuckDB transaction conflict; readers keep reading on their own cursors meanwhile.
"""

from __future__ import annotations

import threading

import pytest

from conftest import DATA, KUSEL, TODAY
from ktdash.analytics import metrics
from ktdash.store import queries
from ktdash.ingest.pipeline import commit_import, import_file, prepare_import
from ktdash.ingest.masterdata import load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import data_version, open_store

MUNICIPALITIES = (KUSEL, "VG Oberes Glantal", "Stadt Kaiserslautern")


def load_profile(building: str, meter: str, days: int = 20) -> str:
    """A German 15-minute load profile: ``days`` × 96 rows, values 0,01 … (distinct per row)."""
    lines = [f"Liegenschaft;{building}", f"Zählpunkt;{meter}", "Energieträger;Strom", "Einheit;kWh", "",
             "Datum;Uhrzeit;Verbrauch"]
    for day in range(days):
        for quarter in range(96):
            value = f"{(day * 96 + quarter) % 50 / 100 + 0.01:.2f}".replace(".", ",")
            lines.append(f"{day + 1:02d}.03.2025;{quarter // 4:02d}:{quarter % 4 * 15:02d};{value}")
    return "\n".join(lines) + "\n"


def periods(building: str, years=range(2019, 2025)) -> str:
    rows = [f"{building};Erdgas;{m:02d}.{y};{1000 + m * 7 + y % 10};kWh" for y in years for m in range(1, 13)]
    return "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n" + "\n".join(rows) + "\n"


def fresh_store(tmp_path):
    con = open_store(tmp_path / "store.duckdb")
    load_master_data(con, DATA / "master")
    return con


def run_threads(con, jobs, readers: int = 3):
    """Run ``jobs`` (callables taking a cursor) in threads while ``readers`` threads query in a loop."""
    errors, reads, done = [], [0], threading.Event()
    results = [None] * len(jobs)

    def writer(i, job):
        try:
            results[i] = job(con.cursor())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(("writer", i, repr(exc)))

    def reader():
        cur = con.cursor()
        while not done.is_set():
            try:
                options = queries.filter_options(cur)
                queries.summary(cur, 2024)
                if options["years"]:
                    queries.yearly(cur, "municipality", options["years"], options["carriers"])
                metrics.building_carrier_years(cur)
                reads[0] += 1
            except BaseException as exc:  # noqa: BLE001
                errors.append(("reader", repr(exc)))
                return

    threads = [threading.Thread(target=writer, args=(i, job)) for i, job in enumerate(jobs)]
    reader_threads = [threading.Thread(target=reader) for _ in range(readers)]
    for t in reader_threads + threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    done.set()
    for t in reader_threads:
        t.join(timeout=60)
    assert not errors, errors
    assert reads[0] > 0
    return results


def importer(data: str, name: str, municipality: str):
    def job(cur):
        preview, result = import_file(cur, data.encode(), name, municipality, settings=Settings(), user="t",
                                      today=TODAY)
        assert result is not None, preview.rejected_frame().to_string()
        return preview
    return job


@pytest.mark.slow
def test_parallel_imports_of_different_files_each_row_once_while_readers_read(tmp_path):
    con = fresh_store(tmp_path)
    files = []
    for i in range(6):
        municipality = MUNICIPALITIES[i % 3]
        if i % 2:
            files.append((periods(f"Schule {i}"), f"perioden_{i}.csv", municipality, 72, "consumptions"))
        else:
            files.append((load_profile(f"Halle {i}", f"DE000{i}"), f"lastgang_{i}.csv", municipality, 20 * 96,
                          "readings"))
    version = data_version(con)
    try:
        previews = run_threads(con, [importer(d, n, m) for d, n, m, _, _ in files])
        assert all(p.records == rows for p, (_, _, _, rows, _) in zip(previews, files, strict=True))
        assert con.execute("SELECT count(*), count(DISTINCT file_name) FROM imports").fetchone() == (6, 6)
        assert con.execute("SELECT count(*) FROM readings").fetchone()[0] == 3 * 20 * 96
        assert con.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 3 * 72
        # every row exactly once, under the import that stored it
        per_import = dict(con.execute("""
            SELECT i.file_name, (SELECT count(*) FROM readings r WHERE r.import_id = i.import_id)
                              + (SELECT count(*) FROM consumptions c WHERE c.import_id = i.import_id)
            FROM imports i""").fetchall())
        assert per_import == {n: rows for _, n, _, rows, _ in files}
        assert con.execute("SELECT count(*) FROM buildings").fetchone()[0] == 6
        # the rollup holds every value once: 72 months of gas per school, one month of power per hall
        assert con.execute("SELECT count(*) FROM monthly_rollup").fetchone()[0] == 3 * 72 + 3
        assert data_version(con) == version + 6
    finally:
        con.close()


def test_the_same_file_imported_twice_at_once_is_stored_once(tmp_path):
    con = fresh_store(tmp_path)
    data = load_profile("Rathaus", "DE0001", days=10)
    try:
        run_threads(con, [importer(data, "lastgang.csv", KUSEL)] * 2, readers=2)
        assert con.execute("SELECT count(*) FROM buildings WHERE name = 'Rathaus'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM meters").fetchone()[0] == 1
        assert con.execute("SELECT count(*), count(DISTINCT ts) FROM readings").fetchone() == (960, 960)
        imports = con.execute("SELECT status, rows_stored FROM imports ORDER BY import_id").fetchall()
        assert imports == [("committed", 960), ("committed", 960)]
        # the second import replaced the first one's keys, it added nothing
        assert con.execute("SELECT count(DISTINCT import_id) FROM readings").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM monthly_rollup").fetchone()[0] == 1
    finally:
        con.close()


def test_two_sessions_that_prepared_the_same_new_building_both_commit(tmp_path):
    """Both previews were made before either was confirmed: the second commit uses the building the first one
    created (it failed on the unique name before the fix in ktdash.ingest.commit)."""
    con = fresh_store(tmp_path)
    data = load_profile("Rathaus", "DE0001", days=2).encode()
    try:
        first, second = con.cursor(), con.cursor()
        prepared = [prepare_import(cur, data, "lastgang.csv", KUSEL, settings=Settings(), today=TODAY)
                    for cur in (first, second)]
        assert all(p.preview.new_buildings == ["Rathaus"] for p in prepared)
        run_threads(con, [lambda cur, c=c, p=p: commit_import(c, p, user="t")
                          for c, p in zip((first, second), prepared, strict=True)], readers=1)
        assert con.execute("SELECT count(*) FROM buildings").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM readings").fetchone()[0] == 192
    finally:
        con.close()
