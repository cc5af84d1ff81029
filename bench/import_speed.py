"""Import speed of a large load profile: ktdash against bare DuckDB and against pandas, in one run.

    python bench/import_speed.py [--meters 200] [--days 365] [--encoding utf-8|cp1252] [--cache DIR]

Generates (or reuses from the cache folder, default ``$KTDASH_BENCH_CACHE`` or ``<tmp>/ktdash-bench``) the
load profile of :mod:`bench.load_profiles` — 200 meters × 35,040 quarter hours = 7,008,000 rows, about
676 MB — and measures, each in its own fresh subprocess (so each gets a clean heap and its own peak memory):

1. **DuckDB**: ``CREATE TABLE … AS SELECT * FROM read_csv(file, delim=';', decimal_separator=',',
   dateformat='%d.%m.%Y')`` into a new DuckDB file — the engine alone, with its sniffer and all threads.
2. **ktdash**: ``ktdash import FILE --municipality "VG Kusel-Altenglan"`` (:func:`ktdash.cli.main.main`, the
   command users run) into a new store with the master data and the buildings of the file already imported
   (untimed): decode, detect, read, check, preview, commit with the readings and the monthly and yearly
   rollups in one transaction. Afterwards the store is checked (every row stored, rollup total = file
   total), so a failing import can never pass as a fast one.
3. **pandas**: the straightforward pipeline — ``pd.read_csv(sep=';', decimal=',', thousands='.')``,
   ``pd.to_datetime(Datum + ' ' + Uhrzeit, format=…)``, ``groupby([Zählpunkt, month]).sum()``, both the rows and
   the monthly sums written to a new DuckDB file.

Peak memory is the subprocess's ``VmHWM`` from ``/proc/self/status`` (elsewhere ``ru_maxrss``), taken right after
its work (``ru_maxrss`` would keep the peak of the parent it was forked from); CPU
seconds (user + system, all threads) are printed next to the wall-clock seconds because on a shared machine
they move less with the load than wall time does (the goals are on wall time).
Prints seconds, rows/s and peak memory per step and the ratios against the goals of issue 7:
ktdash ≤ 1.5 × DuckDB, ktdash ≥ 5 × faster than pandas, ktdash's peak memory < 1.5 GB.
:func:`run` returns the same figures as a dict (for ``bench/run.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import load_profiles  # noqa: E402  (bench/ is not a package)

MUNICIPALITY = "VG Kusel-Altenglan"
GENERATOR_VERSION = 1  # bump when the generator's output changes (invalidates the cache)
GOAL_DUCKDB_RATIO = 1.5  # ktdash seconds / DuckDB seconds, at most
GOAL_PANDAS_RATIO = 5.0  # pandas seconds / ktdash seconds, at least
GOAL_PEAK_MB = 1536.0  # peak memory of the ktdash import, below (1.5 GiB)


def cache_dir(path: str | Path | None = None) -> Path:
    folder = Path(path or os.environ.get("KTDASH_BENCH_CACHE") or Path(tempfile.gettempdir()) / "ktdash-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_profile_file(meters: int = 200, days: int = 365, encoding: str = "utf-8",
                      cache: str | Path | None = None, seed: int = load_profiles.DEFAULT_SEED) -> tuple[Path, Path]:
    """(load profile, buildings file) from the cache, generated when missing."""
    folder = cache_dir(cache)
    stem = f"lastgang_{meters}z_{days}t_{load_profiles.DEFAULT_YEAR}_s{seed}_{encoding}_v{GENERATOR_VERSION}"
    path, buildings = folder / f"{stem}.csv", folder / f"{stem}_gebaeude.csv"
    if not (path.exists() and buildings.exists()):
        tmp = folder / f"{stem}.{os.getpid()}.tmp"
        load_profiles.generate(tmp, meters, days, seed=seed, encoding=encoding, buildings_path=buildings)
        tmp.replace(path)
    return path, buildings


def _peak_mb() -> float:
    """Peak resident memory of this process: VmHWM (it starts afresh with exec; ru_maxrss keeps the parent's
    peak across fork and exec, so a parent that just generated the file would show through)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def _cpu() -> float:
    """CPU seconds of this process so far (all threads): steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the three contestants, each run in its own subprocess -----------------------------------------------

def child_duckdb(path: Path, workdir: Path, encoding: str) -> dict:
    import duckdb

    con = duckdb.connect(str(workdir / "bare.duckdb"))
    enc = "utf-8" if encoding == "utf-8" else "latin-1"  # DuckDB knows no cp1252 (see docs/stack notes)
    start, cpu = time.perf_counter(), _cpu()
    con.execute(f"""CREATE TABLE lastgang AS SELECT * FROM read_csv('{path}', delim = ';', header = true,
                    decimal_separator = ',', dateformat = '%d.%m.%Y', encoding = '{enc}')""")
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = _peak_mb()
    rows = con.execute("SELECT count(*) FROM lastgang").fetchone()[0]
    con.close()
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "rows": rows}


def child_ktdash(path: Path, buildings: Path, workdir: Path) -> dict:
    import contextlib
    import io

    from ktdash.cli import main as cli
    from ktdash.ingest.pipeline import import_file
    from ktdash.ingest.masterdata import load_master_data
    from ktdash.core.settings import Settings
    from ktdash.store.connection import open_store

    db = workdir / "ktdash.duckdb"
    os.environ["KTDASH_DB"] = str(db)
    os.environ["KTDASH_MAX_UPLOAD_MB"] = str(max(200, int(path.stat().st_size / 1048576) + 100))
    os.environ.pop("KTDASH_USER", None)
    con = open_store(db)
    load_master_data(con)
    _, result = import_file(con, buildings.read_bytes(), buildings.name, MUNICIPALITY, settings=Settings(),
                            user="bench")
    assert result is not None, "buildings file rejected"
    con.close()
    out, err = io.StringIO(), io.StringIO()
    start, cpu = time.perf_counter(), _cpu()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["import", str(path), "--municipality", MUNICIPALITY])
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = _peak_mb()
    if code != 0:
        raise RuntimeError(f"ktdash import exit {code}:\n{err.getvalue()[-3000:]}")
    con = open_store(db)
    readings, total = con.execute("SELECT count(*), sum(value) FROM readings").fetchone()
    rollup = con.execute("SELECT sum(value) FROM monthly_rollup").fetchone()[0]
    months = con.execute("SELECT count(*) FROM monthly_rollup").fetchone()[0]
    con.close()
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "rows": readings, "total_kwh": total,
            "rollup_kwh": rollup,
            "rollup_rows": months, "output": out.getvalue()}


def child_pandas(path: Path, workdir: Path, encoding: str) -> dict:
    import duckdb
    import pandas as pd

    phases = {}
    start = t = time.perf_counter()
    cpu = _cpu()
    # every text column as str: with thousands='.' pandas would read 01.01.2025 as the number 1012025
    df = pd.read_csv(path, sep=";", decimal=",", thousands=".", encoding=encoding,
                     dtype={"Zählpunkt": str, "Liegenschaft": str, "Energieträger": str, "Datum": str,
                            "Uhrzeit": str, "Einheit": str})
    phases["read_csv"] = time.perf_counter() - t
    t = time.perf_counter()
    df["ts"] = pd.to_datetime(df["Datum"] + " " + df["Uhrzeit"], format="%d.%m.%Y %H:%M")
    phases["to_datetime"] = time.perf_counter() - t
    t = time.perf_counter()
    monthly = (df.groupby(["Zählpunkt", df["ts"].dt.to_period("M").dt.to_timestamp()])["Verbrauch"].sum()
               .rename_axis(["zaehlpunkt", "month"]).reset_index())
    phases["groupby"] = time.perf_counter() - t
    t = time.perf_counter()
    readings = df[["Zählpunkt", "Liegenschaft", "ts", "Verbrauch"]]
    con = duckdb.connect(str(workdir / "pandas.duckdb"))
    con.register("readings_df", readings)
    con.execute("CREATE TABLE readings AS SELECT * FROM readings_df")
    con.register("monthly_df", monthly)
    con.execute("CREATE TABLE monthly AS SELECT * FROM monthly_df")
    phases["to_duckdb"] = time.perf_counter() - t
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = _peak_mb()
    rows = con.execute("SELECT count(*) FROM readings").fetchone()[0]
    total = con.execute("SELECT sum(Verbrauch) FROM monthly").fetchone()[0]
    con.close()
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "rows": rows, "total_kwh": total, "phases": phases}


def _run_child(kind: str, *args: Path | str) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"ktdash-bench-{kind}-") as tmp:
        result = Path(tmp) / "result.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(result), tmp, *map(str, args)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            raise RuntimeError(f"{kind} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
        return json.loads(result.read_text())


def _warm(path: Path) -> None:
    """Read the file once so every contestant finds it in the page cache."""
    with path.open("rb") as fh:
        while fh.read(1 << 24):
            pass


# --- the run --------------------------------------------------------------------------------------------

def run(meters: int = 200, days: int = 365, encoding: str = "utf-8", cache: str | Path | None = None,
        pandas: bool = True, echo=print) -> dict:
    """Measure DuckDB, ktdash and (unless ``pandas=False``) pandas on the same file; returns the figures."""
    t = time.perf_counter()
    path, buildings = load_profile_file(meters, days, encoding, cache)
    generated = time.perf_counter() - t
    size = path.stat().st_size
    echo(f"Datei: {path} ({size / 1e6:,.1f} MB, {encoding}; bereit in {generated:.1f} s); "
         f"Last: {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    _warm(path)
    figures: dict = {"file": str(path), "file_mb": size / 1e6, "encoding": encoding, "meters": meters, "days": days}
    expected = meters * days * load_profiles.QUARTERS_PER_DAY
    figures["rows"] = expected
    figures["duckdb"] = _run_child("duckdb", path, encoding)
    figures["ktdash"] = kt = _run_child("ktdash", path, buildings)
    kt.pop("output", None)
    if pandas:
        figures["pandas"] = _run_child("pandas", path, encoding)
    for name in ("duckdb", "ktdash", "pandas"):
        if name in figures:
            f = figures[name]
            if f["rows"] != expected:
                raise RuntimeError(f"{name} stored {f['rows']} rows, expected {expected}")
            f["rows_per_s"] = expected / f["seconds"]
    if abs(kt["rollup_kwh"] - kt["total_kwh"]) > 1e-6 * max(1.0, kt["total_kwh"]):
        raise RuntimeError(f"ktdash rollup {kt['rollup_kwh']} ≠ stored total {kt['total_kwh']}")
    if pandas and abs(figures["pandas"]["total_kwh"] - kt["total_kwh"]) > 1e-6 * kt["total_kwh"]:
        raise RuntimeError(f"pandas total {figures['pandas']['total_kwh']} ≠ ktdash total {kt['total_kwh']}")
    ratio_duckdb = kt["seconds"] / figures["duckdb"]["seconds"]
    figures["ratio_ktdash_duckdb"] = ratio_duckdb
    goals = {"ktdash_vs_duckdb": ratio_duckdb <= GOAL_DUCKDB_RATIO, "peak_memory": kt["peak_mb"] < GOAL_PEAK_MB}
    if pandas:
        figures["ratio_pandas_ktdash"] = figures["pandas"]["seconds"] / kt["seconds"]
        goals["ktdash_vs_pandas"] = figures["ratio_pandas_ktdash"] >= GOAL_PANDAS_RATIO
    figures["goals"] = goals
    _print(figures, echo)
    return figures


def _de(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _print(f: dict, echo) -> None:
    rows = f["rows"]
    echo(f"{_de(rows, 0)} Zeilen, {f['meters']} Zählpunkte × {f['days']} Tage")
    echo(f"{'':18}{'Sekunden':>10}{'CPU-s':>8}{'Zeilen/s':>14}{'Spitze MB':>12}")
    for name, label in (("duckdb", "DuckDB read_csv"), ("ktdash", "ktdash import"), ("pandas", "pandas")):
        if name in f:
            x = f[name]
            echo(f"{label:18}{_de(x['seconds'], 2):>10}{_de(x['cpu_s'], 1):>8}{_de(x['rows_per_s'], 0):>14}"
                 f"{_de(x['peak_mb'], 0):>12}")
    if "pandas" in f:
        echo("pandas: " + ", ".join(f"{k} {_de(v, 2)} s" for k, v in f["pandas"]["phases"].items()))
    met = {True: "erreicht", False: "NICHT erreicht"}
    g = f["goals"]
    echo(f"ktdash / DuckDB  = {_de(f['ratio_ktdash_duckdb'], 2)} ×  (Ziel ≤ {_de(GOAL_DUCKDB_RATIO, 1)} ×: "
         f"{met[g['ktdash_vs_duckdb']]}; CPU-Sekunden: {_de(f['ktdash']['cpu_s'] / f['duckdb']['cpu_s'], 2)} ×)")
    if "ratio_pandas_ktdash" in f:
        echo(f"pandas / ktdash  = {_de(f['ratio_pandas_ktdash'], 2)} ×  (Ziel ≥ {_de(GOAL_PANDAS_RATIO, 1)} ×: "
             f"{met[g['ktdash_vs_pandas']]}; CPU-Sekunden: {_de(f['pandas']['cpu_s'] / f['ktdash']['cpu_s'], 2)} ×)")
    echo(f"ktdash Spitze    = {_de(f['ktdash']['peak_mb'], 0)} MB  (Ziel < {_de(GOAL_PEAK_MB, 0)} MB: "
         f"{met[g['peak_memory']]})")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, result, workdir, *rest = argv[1:]
        workdir = Path(workdir)
        if kind == "duckdb":
            out = child_duckdb(Path(rest[0]), workdir, rest[1])
        elif kind == "ktdash":
            out = child_ktdash(Path(rest[0]), Path(rest[1]), workdir)
        else:
            out = child_pandas(Path(rest[0]), workdir, rest[1])
        Path(result).write_text(json.dumps(out))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meters", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--encoding", choices=("utf-8", "cp1252"), default="utf-8")
    parser.add_argument("--cache", type=Path, help="folder for the generated files")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas pipeline")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    figures = run(args.meters, args.days, args.encoding, args.cache, pandas=not args.no_pandas)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
