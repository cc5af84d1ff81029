"""Benchmark of the Energiebericht: every demo municipality and every district for the newest full year.

    python bench/reports.py [--keep DIR]

Builds the Westpfalz demo into a temporary store (``KTDASH_DB``, ``ktdash.ingest.masterdata.init_store``), then
times :func:`ktdash.output.report.build_report` for each of the 28 building owners of
``sample_data/master/municipalities.csv`` and each of the 7 districts, in one process (one Chromium for the charts,
started by the first report). Prints a line per report (seconds, pages), then min/median/max and the total, and the
first report against the median: the cost of starting Chromium. ``--keep DIR`` also writes the PDFs there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ktdash-bench-") as folder:
        os.environ["KTDASH_DB"] = str(Path(folder) / "demo.duckdb")
        from ktdash.output.exports.charts import file_name
        from ktdash.ingest.masterdata import init_store
        from ktdash.analytics.metrics import latest_full_year
        from ktdash.output.report import build_report, page_count
        from ktdash.core.settings import Settings
        from ktdash.store.connection import open_store

        settings = Settings.from_env()
        con = open_store(settings.db)
        try:
            started = time.perf_counter()
            files = init_store(con, settings, demo=True)
            print(f"Demo-Datenbank: {files} Dateien in {time.perf_counter() - started:.1f} s importiert.")
            year = latest_full_year(con)
            owners = con.execute("SELECT municipality_key, name FROM municipalities ORDER BY district_key, "
                                 "kind = 'Landkreis' DESC, name").fetchall()
            districts = con.execute("SELECT district_key, name FROM districts ORDER BY district_key").fetchall()
            jobs = [("municipality", key, name) for key, name in owners] + [
                ("district", key, name) for key, name in districts]
            print(f"Berichtsjahr {year} (neuestes volles Jahr), Basisjahr {settings.analytics.baseline_year}: "
                  f"{len(owners)} Kommunen und {len(districts)} Landkreise/Städte\n")
            print(f"{'Nr.':>3}  {'Bericht':<48} {'Sekunden':>8} {'Seiten':>6}")
            times, pages = [], []
            for number, (level, key, name) in enumerate(jobs, start=1):
                started = time.perf_counter()
                pdf = build_report(con, year=year, analytics=settings.analytics, **{level: key})
                seconds = time.perf_counter() - started
                times.append(seconds)
                pages.append(page_count(pdf))
                label = name if level == "municipality" else f"{name} (Landkreis/Stadt)"
                print(f"{number:>3}  {label:<48} {seconds:>8.2f} {pages[-1]:>6}", flush=True)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / file_name("Energiebericht", name, year, ext="pdf")).write_bytes(pdf)
        finally:
            con.close()
    median = statistics.median(times)
    print(f"\n{len(times)} Berichte, {sum(pages)} Seiten (je Bericht {min(pages)} bis {max(pages)})")
    print(f"Sekunden je Bericht: min {min(times):.2f}, Median {median:.2f}, max {max(times):.2f}; "
          f"gesamt {sum(times):.1f} s")
    print(f"Erster Bericht (Chromium-Start): {times[0]:.2f} s = Median + {times[0] - median:.2f} s "
          f"({times[0] / median:.1f} × Median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
