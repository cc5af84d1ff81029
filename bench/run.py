"""All benchmarks of issue 7 in one run, with the goals and whether they are met.

    python bench/run.py                    # everything at full size (takes a while: see bench/README.md)
    python bench/run.py --quick            # small sizes, to see that it works
    python bench/run.py --results bench/RESULTS.md   # also write the figures as Markdown

Runs, one after the other in this process (each part starts its own subprocesses where it measures memory or
a cold start):

1. ``import_speed``: the 7-million-row German 15-minute load profile — ktdash's import against DuckDB's bare
   ``read_csv`` into a table and against a pandas pipeline, and the import's peak memory;
2. ``page_speed``: every page's script run through AppTest on the store of 1,000 buildings × 7 years and on
   10 × that, cold and warm;
3. ``upload``: a 100 MB load profile uploaded through the browser (Chromium), checked and stored, with the
   progress indicators the user sees;
4. with ``--browser``: ``browser_load`` (issue 19), every page's first load and new tab in Chromium and 30 workshop
   sessions at once, with and without the browser (``--quick``: 3 pages, 2 sessions).

Prints each part's own table, then the summary of goals. The ratios are measured in the same run on the same
machine; the absolute seconds depend on the machine (printed with the results).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

MET = {True: "erreicht", False: "NICHT erreicht", None: "–"}


def machine() -> dict:
    """What the figures were measured on."""
    import duckdb
    import pandas
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0.0) if Path("/proc/meminfo").exists() else 0.0
    return {"date": date.today().isoformat(), "cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory, 1),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pandas": pandas.__version__,
            "streamlit": streamlit.__version__, "system": platform.platform()}


def summary(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, goal, met) for every goal of issue 7 that was measured."""
    rows = []
    imp = results.get("import")
    if imp:
        rows.append(("Import / DuckDB read_csv", f"{imp['ratio_ktdash_duckdb']:.2f} ×", "≤ 1,5 ×",
                     imp["goals"]["ktdash_vs_duckdb"]))
        if "ratio_pandas_ktdash" in imp:
            rows.append(("pandas / Import", f"{imp['ratio_pandas_ktdash']:.1f} ×", "≥ 5 ×",
                         imp["goals"]["ktdash_vs_pandas"]))
        rows.append(("Spitzenspeicher Import", f"{imp['ktdash']['peak_mb']:.0f} MB", "< 1.536 MB",
                     imp["goals"]["peak_memory"]))
    pages = results.get("pages")
    if pages:
        entries = pages["pages"]
        figures = [(page, f) for page, e in entries.items() for f in e["by_scale"].values()]
        warm_page, warm = max(((page, f["warm_s"]) for page, f in figures), key=lambda x: x[1])
        cold_page, cold = max(((page, f["cold_s"]) for page, f in figures), key=lambda x: x[1])
        rows.append((f"Seiten warm, langsamste ({warm_page})", f"{warm * 1000:.0f} ms", "< 300 ms",
                     all(e["goals"]["warm"] for e in entries.values())))
        rows.append((f"Seiten kalt, langsamste ({cold_page})", f"{cold * 1000:.0f} ms", "< 2.000 ms",
                     all(e["goals"]["cold"] for e in entries.values())))
        ratios = [(page, e["goals"]["ratio"]) for page, e in entries.items() if e["goals"]["ratio"] is not None]
        if ratios:
            ratio_page, ratio = max(ratios, key=lambda x: x[1])
            high, low = max(pages["scales"]), min(pages["scales"])
            rows.append((f"Seiten warm {high:g}× / {low:g}× Daten, größtes ({ratio_page})", f"{ratio:.2f} ×",
                         "≤ 1,3 ×", all(e["goals"]["scaling"] for e in entries.values())))
    upload = results.get("upload")
    if upload:
        rows.append(("Upload 100 MB: Fortschrittsanzeige", f"nach {upload['first_indicator_s']:.1f} s"
                     if upload["first_indicator_s"] is not None else "keine", "sichtbar",
                     upload["first_indicator_s"] is not None))
        rows.append(("Upload 100 MB: bis zur Vorschau", f"{upload['preview_s']:.1f} s", "", None))
        rows.append(("Upload 100 MB: Speichern", f"{upload['store_s']:.1f} s", "", None))
        if "confirm_ratio" in upload:  # issue 16: the import session stores the preview without reading again
            rows.append(("Upload 100 MB: Bestätigen bisher / mit Sitzung", f"{upload['confirm_ratio']:.1f} ×",
                         "> 1 ×", upload["confirm_ratio"] > 1))
    rows = [(what, measured.replace(".", ","), goal, met) for what, measured, goal, met in rows]
    return rows + list(results.get("browser", {}).get("summary", []))  # already in German format


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Measured on {m['date']} with `python bench/run.py{' --quick' if results['quick'] else ''}` "
             f"({results['seconds']:.0f} s): {m['cpus']} CPUs ({m['cpu']}), {m['memory_gb']} GB, {m['system']}; "
             f"Python {m['python']}, DuckDB {m['duckdb']}, pandas {m['pandas']}, Streamlit {m['streamlit']}.", "",
             "| goal | measured | target | met |", "|---|---|---|---|"]
    lines += [f"| {what} | {measured} | {goal} | {MET[met]} |" for what, measured, goal, met in summary(results)]
    for part, title in (("import_text", "Import"), ("pages_text", "Pages"), ("upload_text", "Upload"),
                        ("browser_text", "Browser (issue 19)")):
        if results.get(part):
            lines += ["", f"## {title}", "", "```text", results[part].rstrip(), "```"]
    return "\n".join(lines) + "\n"


class Capture:
    """``echo`` for the parts: prints and keeps the text for RESULTS.md."""

    def __init__(self):
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes (20 meters, 100 and 200 buildings, 3.5 MB upload)")
    parser.add_argument("--skip", action="append", default=[], choices=["import", "pages", "upload"])
    parser.add_argument("--browser", action="store_true", help="also bench/browser_load.py (about 5 minutes)")
    parser.add_argument("--results", type=Path, help="write the figures as Markdown here (e.g. bench/RESULTS.md)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    os.environ.setdefault("KTDASH_DEMO", "0")
    results: dict = {"machine": machine(), "quick": args.quick}
    start = time.perf_counter()
    if "import" not in args.skip:
        import import_speed

        echo = Capture()
        echo("== 1. Import eines Lastgangs: ktdash gegen DuckDB read_csv und pandas ==")
        results["import"] = import_speed.run(meters=20 if args.quick else 200, echo=echo)
        results["import_text"] = echo.text
    if "pages" not in args.skip:
        import page_speed

        echo = Capture()
        echo("== 2. Seiten über AppTest: kalt und warm, 1 × und 10 × Daten ==")
        results["pages"] = page_speed.run(scales=(0.1, 0.2) if args.quick else (1, 10), log=echo)
        echo(page_speed.table(results["pages"]))
        results["pages_text"] = echo.text
    if "upload" not in args.skip:
        import upload

        echo = Capture()
        echo("== 3. Upload von 100 MB im Browser ==")
        results["upload"] = upload.run(meters=1 if args.quick else 30, echo=echo)
        results["upload_text"] = echo.text
    if args.browser:
        import browser_load

        echo = Capture()
        echo("== 4. Im Browser: jede Seite, und 30 Sitzungen auf einmal ==")
        results["browser"] = browser_load.run(sessions=2 if args.quick else 30,
                                              pages=list(browser_load.QUICK_PAGES) if args.quick else None,
                                              repeat=1 if args.quick else 3, echo=echo)
        echo(browser_load.text_report(results["browser"], argparse.Namespace(repeat=1 if args.quick else 3,
                                                                             stagger=3.0, seed=19)))
        results["browser_text"] = echo.text
    results["seconds"] = time.perf_counter() - start
    print()
    print("== Ziele ==")
    for what, measured, goal, met in summary(results):
        print(f"{what:42} {measured:>14}  {goal:>12}  {MET[met]}")
    if args.results:
        args.results.write_text(markdown(results), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
