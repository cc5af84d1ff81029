"""A crash during an import: ``ktdash import`` killed with SIGKILL at random moments.

After each kill the store opens (DuckDB replays its write-ahead log) and the import is either
absent entirely or present entirely; the data stored before are unchanged and the rollups agree
with the readings. A clean import afterwards still succeeds.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import KUSEL, make_store_file
from ktdash.analytics.rollup import MONTHLY_SQL, YEARLY_SQL
from ktdash.store.connection import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROOT = Path(__file__).resolve().parent.parent
FILE_NAME = "lastgang_hallenbad.csv"
EARLIER = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
           + "".join(f"Schule A;Erdgas;{m:02d}.2024;{1000 + m};kWh\nSchule A;Strom;{m:02d}.2024;{200 + m},5;kWh\n"
                     for m in range(1, 13)))
TABLES = ("buildings", "meters", "readings", "consumptions", "imports", "monthly_rollup", "yearly_rollup")


def load_profile(days: int = 300) -> bytes:
    """A German 15-minute load profile (Windows-1252, decimal comma) of ``days`` days: 96 rows a day."""
    start = datetime(2025, 1, 1)
    lines = ["Zählpunkt;DE0007336000000000000000000009999", "Liegenschaft;Hallenbad Kusel", "Energieträger;Strom",
             "Einheit;kWh", "", "Datum;Uhrzeit;Verbrauch"]
    for i in range(96 * days):
        t = start + timedelta(minutes=15 * i)
        lines.append(f"{t:%d.%m.%Y;%H:%M};" + f"{(i % 97) / 10 + 1:.1f}".replace(".", ","))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def state(path: Path) -> dict:
    """Counts of every table, the earlier data's sums, and whether the rollups agree with the readings."""
    con = open_store(path)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        earlier = con.execute("""
            SELECT count(*), round(sum(kwh), 6) FROM consumptions c JOIN buildings b USING (building_id)
            WHERE b.name = 'Schule A'""").fetchone()
        earlier_rollup = con.execute("""
            SELECT count(*), round(sum(value), 6) FROM monthly_rollup JOIN buildings b USING (building_id)
            WHERE b.name = 'Schule A'""").fetchone()
        con.execute("CREATE TEMP TABLE kt_every AS SELECT building_id FROM buildings")
        con.execute(f"CREATE TEMP TABLE kt_monthly AS {MONTHLY_SQL.format(affected='kt_every')}")
        monthly_diff = con.execute("""
            SELECT count(*) FROM (
                (SELECT building_id, carrier, month, round(value, 6) FROM monthly_rollup
                 EXCEPT SELECT building_id, carrier, month, round(value, 6) FROM kt_monthly)
                UNION ALL
                (SELECT building_id, carrier, month, round(value, 6) FROM kt_monthly
                 EXCEPT SELECT building_id, carrier, month, round(value, 6) FROM monthly_rollup))""").fetchone()[0]
        yearly_diff = con.execute(f"""
            SELECT count(*) FROM (
                (SELECT building_id, carrier, year, round(value, 6), months FROM yearly_rollup
                 EXCEPT SELECT building_id, carrier, year, round(value, 6), months
                        FROM ({YEARLY_SQL.format(affected='kt_every')}))
                UNION ALL
                (SELECT building_id, carrier, year, round(value, 6), months
                 FROM ({YEARLY_SQL.format(affected='kt_every')})
                 EXCEPT SELECT building_id, carrier, year, round(value, 6), months FROM yearly_rollup))"""
                                  ).fetchone()[0]
        ours = con.execute("SELECT count(*) FROM imports WHERE file_name = ?", [FILE_NAME]).fetchone()[0]
        our_readings = con.execute("""
            SELECT count(*) FROM readings r JOIN imports i USING (import_id) WHERE i.file_name = ?""",
                                   [FILE_NAME]).fetchone()[0]
    finally:
        con.close()
    return {"counts": counts, "earlier": (earlier, earlier_rollup), "rollups_agree": (monthly_diff, yearly_diff),
            "imports_of_file": ours, "readings_of_file": our_readings}


def start_import(store: Path, data_file: Path) -> subprocess.Popen:
    env = dict(os.environ, KTDASH_DB=str(store), PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "ktdash.cli.main", "import", str(data_file), "--municipality", KUSEL,
                             "--user", "crash"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def test_import_killed_at_random_moments_lands_whole_or_not_at_all(tmp_path):
    data_file = tmp_path / FILE_NAME
    data_file.write_bytes(load_profile())
    base = make_store_file(tmp_path / "base.duckdb", [(EARLIER, "verbrauch_2024.csv", KUSEL)])
    before = state(base)
    assert before["rollups_agree"] == (0, 0) and before["imports_of_file"] == 0

    clean = tmp_path / "clean.duckdb"
    shutil.copyfile(base, clean)
    started = time.perf_counter()
    process = start_import(clean, data_file)
    assert process.wait(timeout=60) == 0, process.stderr.read().decode()
    duration = time.perf_counter() - started
    after = state(clean)
    assert after["imports_of_file"] == 1 and after["readings_of_file"] == 96 * 300
    assert after["earlier"] == before["earlier"] and after["rollups_agree"] == (0, 0)

    rng = random.Random(20260115)
    moments = sorted([0.01, duration * 0.98] + [rng.uniform(0.35, 1.0) * duration for _ in range(5)])
    outcomes = []
    for number, moment in enumerate(moments):
        store = tmp_path / f"killed_{number}.duckdb"
        shutil.copyfile(base, store)
        process = start_import(store, data_file)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        code = process.wait(timeout=30)
        found = state(store)
        assert found["earlier"] == before["earlier"], f"kill at {moment:.2f} s changed earlier data"
        assert found["rollups_agree"] == (0, 0), f"kill at {moment:.2f} s: rollups disagree with the readings"
        if found["imports_of_file"] == 0:
            assert found["counts"] == before["counts"], f"kill at {moment:.2f} s left part of the import"
            outcomes.append("absent")
        else:
            assert found["counts"] == after["counts"], f"kill at {moment:.2f} s: import not whole"
            outcomes.append("present" if code == -signal.SIGKILL else "finished")

    # the last killed store still takes a clean import
    process = start_import(store, data_file)
    assert process.wait(timeout=60) == 0, process.stderr.read().decode()
    final = state(store)
    assert final["imports_of_file"] >= 1 and final["readings_of_file"] == 96 * 300
    assert {t: n for t, n in final["counts"].items() if t != "imports"} == \
        {t: n for t, n in after["counts"].items() if t != "imports"}
    assert final["earlier"] == before["earlier"] and final["rollups_agree"] == (0, 0)
    assert "absent" in outcomes, outcomes  # the very early kill
