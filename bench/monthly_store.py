"""A large, realistic store for the page benchmarks: 1,000 buildings × 7 years of monthly values per scale.

    python bench/monthly_store.py [--scale 1 --scale 10] [--seed 20260701] [--rebuild]

What it builds (seeded: the same scale and seed give the same store; a scale may be a fraction, 0.1 = 100
buildings, for quick runs):

* ``1,000 × scale`` buildings over the 28 building owners of ``sample_data/master/municipalities.csv``
  (Verbandsgemeinden and cities by population, each Kreisverwaltung like a town of 30,000), with the
  categories of a municipal portfolio (schools, Kitas, fire stations, village halls, town halls, sports halls,
  building yards, swimming pools, sewage plants, street lighting, other), reference floor areas and years of
  construction by category, names from the real places of each owner (``sample_data/master/places.csv``).
* Monthly values 2019-01 … 2025-12 of electricity (every building), one heat carrier (every heated building:
  mostly Erdgas, also Heizöl, Fernwärme in the cities, Holzpellets, Nahwärme, Flüssiggas) and water (about
  half), heat following the real monthly degree days G20/15 of the DWD station Kaiserslautern (2486, shipped with
  ktdash: IWU, Gradtagzahlen-Deutschland / clidamonger, CC BY 4.0, from DWD data) against its long-term mean
  1991–2020 (85 % weather-dependent), a trend per owner, the 2022 crisis dip and noise; Erdgas partly in m³,
  Heizöl partly in litres.
* Data-quality problems in about 11 % of the buildings, so that *Datenqualität* has findings in proportion: a
  missing year (gap), a decimal slip (outlier), a zero month, a series that stops in mid-2025 (stale), a missing
  floor area, a floor area ten times too large (implausible kWh/m²), a building missing from the buildings file
  (created by the consumption import: missing category and area).
* Everything goes through the real import (:func:`ktdash.ingest.pipeline.import_file`): one buildings file and one
  month-table file (``Gebäude;Medium;Jahr;Einheit;Jan … Dez``, Windows-1252, decimal comma — German Excel) per
  owner, i.e. 56 files whatever the scale, then the demo's campaign, activity and Marktstammdatenregister files
  (the network's campaigns do not grow with the number of buildings: the same 17 files at every scale).
  Master data, reference data and climate data as ``ktdash init --no-demo`` loads them
  (:func:`ktdash.ingest.masterdata.init_store`), and the demo accounts (passwords public, for logging in in benchmarks).

Germany-sized (issue 20): ``--scale 180`` = 180,000 buildings, about 36.7 million monthly values, through the same
import, with one difference above :data:`ALERT_CHECK_UP_TO_SCALE` (×10): ``import_file(..., check_alerts=False)``, the
switch the demo's history uses (:func:`ktdash.ingest.masterdata.load_demo`). The alert check after each commit
(:func:`ktdash.analytics.alerts.check_after_import`: the weather band fitted in Python per building, carrier and
month, and the data-quality findings of the whole store, filtered afterwards) took 65 % of the build and grew with
the store: with it the first 70,000 buildings took 19 minutes and the rest would have taken well over an hour on
2 shared CPUs. Every other table (buildings, consumptions, rollups, versions, imports, audit) is the import's own,
row for row; only ``alerts`` stays empty for the owners' imports (``ktdash alerts check`` would fill it). Only the page
*Auffälligkeiten* reads that table, and it is not among the pages ``bench/page_speed.py`` times.
Figures (build time, file size, peak memory): ``bench/RESULTS.md``, "Issue 20: Deutschland-Größe". ``main`` prints
the peak memory of the process (``ru_maxrss``) after the build.

The stores are cached in ``bench/.cache/`` (git-ignored) as ``monthly_x{scale}_s{seed}_v{version}.duckdb``;
:func:`ensure_store` builds a missing one (into a temporary file, renamed when complete) and returns its path.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ktdash.analytics.climate import DEGREE_DAYS_FILE  # noqa: E402
from ktdash.ingest.masterdata import DEMO_DIR, MASTER_DIR, add_demo_accounts, demo_files, init_store  # noqa: E402
from ktdash.core.settings import Settings  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
ALERT_CHECK_UP_TO_SCALE = 10  # larger stores are built without the alert check after each import (see above)
VERSION = 4  # bump when the generator changes what it writes: the cache key changes with it
DEFAULT_SEED = 20260701
BASE_BUILDINGS = 1000
YEARS = list(range(2019, 2026))
MONTHS = ["Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
LANDKREIS_WEIGHT = 30_000  # a Kreisverwaltung owns about as many buildings as a town of this size
STATION = 2486  # DWD Kaiserslautern: the degree days every building's heat follows
REFERENCE_PERIOD = (1991, 2020)  # its long-term mean: complete months (completeness ≥ 0.9) of these years

# category: (share of buildings, name prefixes, NGF range m², heat kWh/m²a, electricity kWh/m²a, water m³/m²a,
#            year built range)
CATEGORIES = {
    "Schule": (0.17, ["Grundschule", "Realschule plus", "IGS", "Gymnasium"], (1500, 7500), (95, 140), (15, 25),
               (0.10, 0.22), (1955, 1995)),
    "Kita": (0.15, ["Kita", "Kindertagesstätte"], (350, 1300), (120, 175), (20, 32), (0.35, 0.70), (1968, 2020)),
    "Verwaltung": (0.06, ["Rathaus", "Verwaltungsgebäude", "Bürgerbüro"], (700, 6000), (85, 130), (25, 42),
                   (0.10, 0.20), (1950, 2012)),
    "Sporthalle": (0.08, ["Sporthalle", "Turnhalle", "Mehrzweckhalle"], (800, 3500), (105, 165), (14, 28),
                   (0.30, 0.60), (1962, 2010)),
    "Schwimmbad": (0.015, ["Hallenbad", "Lehrschwimmbecken"], (1500, 4500), (420, 650), (110, 170), (1.6, 3.0),
                   (1965, 1990)),
    "Feuerwehr": (0.14, ["Feuerwehrgerätehaus", "Feuerwache"], (300, 1800), (110, 170), (20, 34), (0.12, 0.28),
                  (1965, 2021)),
    "Bürgerhaus/Dorfgemeinschaftshaus": (0.14, ["Dorfgemeinschaftshaus", "Bürgerhaus"], (250, 1200), (115, 175),
                                         (14, 26), (0.10, 0.25), (1955, 2005)),
    "Bauhof": (0.04, ["Bauhof"], (400, 2500), (85, 140), (25, 45), (0.20, 0.45), (1960, 2015)),
    "Kläranlage": (0.03, ["Kläranlage"], (150, 700), (70, 130), (0, 0), (0.0, 0.0), (1975, 2005)),
    "Straßenbeleuchtung": (0.02, ["Straßenbeleuchtung"], None, (0, 0), (0, 0), (0.0, 0.0), None),
    "Sonstiges": (0.115, ["Friedhofshalle", "Bücherei", "Jugendhaus", "Museum"], (200, 1500), (100, 160),
                  (14, 30), (0.08, 0.20), (1900, 2010)),
}
HEAT_CARRIERS = [("Erdgas", 0.62), ("Heizöl", 0.16), ("Holzpellets", 0.08), ("Nahwärme", 0.04),
                 ("Flüssiggas", 0.03), ("Fernwärme", 0.07)]  # Fernwärme only in the three cities
GAS_M3 = 11.0 * 0.9540  # kWh per m³ (ktdash's defaults): Erdgas delivered in m³
OIL_L = 10.0  # kWh per litre


@dataclass
class StoreInfo:
    path: Path
    scale: float
    seed: int
    buildings: int
    files: int
    monthly_values: int
    import_seconds: float


def store_path(scale: float, seed: int = DEFAULT_SEED, cache: Path = CACHE) -> Path:
    return cache / f"monthly_x{scale:g}_s{seed}_v{VERSION}.duckdb"


def ensure_store(scale: float, seed: int = DEFAULT_SEED, cache: Path = CACHE, rebuild: bool = False,
                 log=print) -> Path:
    """The cached store of this scale and seed, built first when missing (or with ``rebuild``)."""
    path = store_path(scale, seed, cache)
    if path.exists() and not rebuild:
        return path
    info = build_store(path, scale, seed, log=log)
    log(f"Store ×{scale:g} (seed {seed}): {info.buildings:,} buildings, {info.monthly_values:,} monthly values, "
        f"{info.files} files imported in {info.import_seconds:.1f} s → {path}")
    return path


# --- the data ---------------------------------------------------------------------------------------------------

def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _degree_days() -> tuple[np.ndarray, np.ndarray]:
    """(actual [year, month], long-term mean [month]) of G20/15 at :data:`STATION`, from the climate data ktdash
    ships (``ktdash/analytics/reference/climate/``): the measured months of :data:`YEARS` and the mean of each
    calendar month over the complete months of :data:`REFERENCE_PERIOD`, as ktdash computes it
    (:mod:`ktdash.analytics.climate`)."""
    actual = np.full((len(YEARS), 12), np.nan)
    reference: list[list[float]] = [[] for _ in range(12)]
    with gzip.open(DEGREE_DAYS_FILE, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["station_id"] != str(STATION) or not row["g20_15_kd"]:
                continue
            year, month, value = int(row["year"]), int(row["month"]), float(row["g20_15_kd"])
            if year in YEARS:
                actual[year - YEARS[0], month - 1] = value
            if REFERENCE_PERIOD[0] <= year <= REFERENCE_PERIOD[1] and float(row["completeness"] or 1) >= 0.9:
                reference[month - 1].append(value)
    if np.isnan(actual).any() or min(len(values) for values in reference) < 15:
        raise RuntimeError(f"station {STATION}: months of {YEARS[0]}–{YEARS[-1]} or its long-term mean missing")
    return actual, np.array([sum(values) / len(values) for values in reference])


def _owner_counts(owners: list[dict], total: int) -> list[int]:
    weights = np.array([float(o["population"]) if o["population"] else LANDKREIS_WEIGHT for o in owners])
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(int)
    for index in np.argsort(raw - counts)[::-1][: total - counts.sum()]:  # largest remainders
        counts[index] += 1
    return counts.tolist()


def _de(value: float) -> str:
    """German number with thousands dots and one decimal: 12.345,6."""
    return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _buildings(rng, owners: list[dict], places: dict[str, list[str]], total: int) -> list[dict]:
    names = list(CATEGORIES)
    shares = np.array([CATEGORIES[c][0] for c in names])
    shares = shares / shares.sum()
    result = []
    for owner, count in zip(owners, _owner_counts(owners, total), strict=True):
        seats = places.get(owner["municipality_key"]) or [owner["name"].replace("VG ", "").replace("Stadt ", "")]
        trend = rng.choice([-0.04, -0.02, 0.0, 0.005, 0.015])
        city = owner["kind"] == "kreisfreie Stadt"
        used: dict[str, int] = {}
        for _ in range(count):
            category = names[rng.choice(len(names), p=shares)]
            _, prefixes, area_range, heat, electricity, water, built = CATEGORIES[category]
            place = seats[rng.integers(len(seats))]
            base = f"{prefixes[rng.integers(len(prefixes))]} {place}"
            used[base] = used.get(base, 0) + 1
            name = base if used[base] == 1 else f"{base} {used[base]}"
            area = float(np.exp(rng.uniform(*np.log(area_range)))) if area_range else None
            if category == "Straßenbeleuchtung":
                electricity_kwh = float(rng.uniform(150_000, 900_000)) * (3 if city else 1)
            elif category == "Kläranlage":
                electricity_kwh = float(rng.uniform(150_000, 700_000))
            else:
                electricity_kwh = area * float(rng.uniform(*electricity))
            heat_carrier, heat_kwh = None, 0.0
            if category != "Straßenbeleuchtung":
                options = [(c, w) for c, w in HEAT_CARRIERS if city or c != "Fernwärme"]
                weights = np.array([w for _, w in options])
                heat_carrier = options[rng.choice(len(options), p=weights / weights.sum())][0]
                heat_kwh = area * float(rng.uniform(*heat)) * (1.15 if built and area and rng.random() < 0.3 else 1.0)
            water_m3 = area * float(rng.uniform(*water)) if area and water[1] > 0 and (
                category == "Schwimmbad" or rng.random() < 0.5) else 0.0
            result.append({
                "owner": owner, "name": name, "category": category, "trend": trend,
                "area": area, "year_built": int(rng.integers(*built)) if built else None,
                "electricity_kwh": electricity_kwh, "heat_carrier": heat_carrier, "heat_kwh": heat_kwh,
                "water_m3": water_m3, "gas_m3": heat_carrier == "Erdgas" and rng.random() < 0.3,
                "oil_l": heat_carrier == "Heizöl" and rng.random() < 0.5,
                "problem": rng.choice(["none", "gap", "outlier", "zero", "stale", "no_area", "area_slip", "unlisted"],
                                      p=[0.885, 0.02, 0.025, 0.02, 0.015, 0.02, 0.01, 0.005]),
            })
    return result


def _series(rng, b: dict, hdd: np.ndarray, normal: np.ndarray) -> dict[str, np.ndarray]:
    """kWh (m³ for water) per [year, month] of each carrier of building ``b``."""
    years = np.array(YEARS)
    trend = (1 + b["trend"]) ** np.clip(years - 2020, 0, None)
    crisis = np.where(years == 2022, 0.90, 1.0)
    season = 1 + 0.12 * np.cos((np.arange(12) - 0.5) / 12 * 2 * np.pi)  # more light in winter
    out = {}
    noise = rng.normal(1, 0.04, (len(YEARS), 12)).clip(0.8, 1.2)
    if b["category"] == "Straßenbeleuchtung":
        season = 1 + 0.45 * np.cos((np.arange(12) + 0.3) / 12 * 2 * np.pi)  # night length
    out["Strom"] = b["electricity_kwh"] / 12 * season / season.mean() * trend[:, None] * noise
    if b["heat_carrier"]:
        noise = rng.normal(1, 0.05, (len(YEARS), 12)).clip(0.75, 1.25)
        weather = 0.85 * hdd / normal.sum() + 0.15 / 12
        out[b["heat_carrier"]] = b["heat_kwh"] * weather * (trend * crisis)[:, None] * noise
    if b["water_m3"]:
        noise = rng.normal(1, 0.08, (len(YEARS), 12)).clip(0.6, 1.4)
        out["Wasser"] = b["water_m3"] / 12 * trend[:, None] * noise
    return out


def _owner_files(rng, owner: dict, own: list[dict], hdd: np.ndarray, normal: np.ndarray) -> tuple[bytes, bytes, int]:
    """(buildings file, month-table file, monthly values) of one owner, as German Excel writes them."""
    master = ["Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr"]
    table = ["Gebäude;Medium;Jahr;Einheit;" + ";".join(MONTHS) + ";Gesamt"]
    values = 0
    for b in own:
        area = "" if b["area"] is None or b["problem"] == "no_area" else _de(
            b["area"] * (10 if b["problem"] == "area_slip" else 1))
        if b["problem"] != "unlisted":  # else only the consumption file names it: created as Sonstiges, no area
            master.append(f"{b['name']};{b['category']};{area};{b['year_built'] or ''}")
        series = _series(rng, b, hdd, normal)
        for carrier, matrix in series.items():
            unit, divide = ("m³", 1.0) if carrier == "Wasser" else ("kWh", 1.0)
            if carrier == "Erdgas" and b["gas_m3"]:
                unit, divide = "m³", GAS_M3
            elif carrier == "Heizöl" and b["oil_l"]:
                unit, divide = "l", OIL_L
            matrix = matrix / divide
            problem_year = int(rng.integers(1, len(YEARS) - 1))
            for y, year in enumerate(YEARS):
                row = [float(v) for v in matrix[y]]
                if carrier == "Strom":  # the building's problem sits in its electricity
                    if b["problem"] == "gap" and y == problem_year:
                        continue
                    if b["problem"] == "outlier" and y == problem_year:
                        row[int(rng.integers(12))] *= 10
                    if b["problem"] == "zero" and y == problem_year:
                        row[int(rng.integers(12))] = 0.0
                    if b["problem"] == "stale" and year == YEARS[-1]:
                        row = row[:6] + [None] * 6
                cells = ["" if v is None else _de(v) for v in row]
                total = _de(sum(v for v in row if v is not None))
                table.append(f"{b['name']};{carrier};{year};{unit};" + ";".join(cells) + f";{total}")
                values += sum(v is not None for v in row)
    encode = lambda lines: ("\r\n".join(lines) + "\r\n").encode("cp1252")  # noqa: E731
    return encode(master), encode(table), values


# --- the store --------------------------------------------------------------------------------------------------

def build_store(path: Path, scale: float, seed: int = DEFAULT_SEED, log=print) -> StoreInfo:
    """Generate and import a store of ``1,000 × scale`` buildings into ``path`` (replaced when complete)."""
    from ktdash.ingest.pipeline import import_file
    from ktdash.store.connection import open_store

    total = round(BASE_BUILDINGS * scale)
    rng = np.random.default_rng([seed, total])
    owners = _read_csv(MASTER_DIR / "municipalities.csv")
    places: dict[str, list[str]] = {}
    for row in _read_csv(MASTER_DIR / "places.csv"):
        places.setdefault(row["municipality_key"], []).append(row["name"].split(" (")[0].split(",")[0])
    for owner in owners:  # a Kreisverwaltung's buildings stand in the towns of its district
        if owner["kind"] == "Landkreis":
            places[owner["municipality_key"]] = [p for key, names in places.items()
                                                 if key.startswith(owner["district_key"]) for p in names]
    hdd, normal = _degree_days()
    buildings = _buildings(rng, owners, places, total)

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in (partial, Path(str(partial) + ".wal")):
        stale.unlink(missing_ok=True)
    settings = Settings()
    con = open_store(partial)
    started = time.perf_counter()
    files = values = 0
    try:
        init_store(con, settings, demo=False)
        for owner in owners:
            own = [b for b in buildings if b["owner"] is owner]
            master, table, n = _owner_files(rng, owner, own, hdd, normal)
            values += n
            key = owner["municipality_key"]
            for content, name in ((master, f"{key}_gebaeude.csv"), (table, f"{key}_monatstabelle.csv")):
                t0 = time.perf_counter()
                # confirm_municipality: at ×10 the synthetic names repeat across owners (a Kreisverwaltung and one
                # of its municipalities may both have "Feuerwehrgerätehaus Oberhausen an der Appel"), which the
                # import rightly asks about; the bench measures speed (the check: tests/test_municipality_check.py)
                preview, result = import_file(con, content, name, key, settings=settings, user="bench",
                                              confirm_municipality=True, check_alerts=scale <= ALERT_CHECK_UP_TO_SCALE)
                if result is None:
                    raise RuntimeError(f"{name}: {preview.rows_rejected} rows rejected, evidence of another "
                                       f"municipality: {preview.municipality_evidence}\n"
                                       f"{preview.rejected.head(20).to_string()}")
                files += 1
                log(f"  ×{scale:g} {name}: {len(content) / 1e6:.1f} MB, {preview.records:,} records, "
                    f"{time.perf_counter() - t0:.1f} s")
        for file, key in demo_files(DEMO_DIR):  # the network's campaigns: the demo's files as they are
            if not file.name.startswith(("kampagnen_", "aktivitaeten_", "mastr_")):
                continue
            preview, result = import_file(con, file.read_bytes(), file.name, key, settings=settings, user="bench")
            if result is None:
                raise RuntimeError(f"{file.name}: {preview.rows_rejected} rows rejected")
            files += 1
        add_demo_accounts(con)
        seconds = time.perf_counter() - started
        con.execute("CHECKPOINT")
    finally:
        con.close()
    partial.replace(path)
    return StoreInfo(path, scale, seed, len(buildings), files, values, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, action="append",
                        help="1 = 1,000 buildings, 0.1 = 100 (repeatable; default 1 and 10)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rebuild", action="store_true", help="build even when the cache has the store")
    args = parser.parse_args(argv)
    for scale in args.scale or [1, 10]:
        started = time.perf_counter()
        path = ensure_store(scale, args.seed, rebuild=args.rebuild)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        print(f"×{scale:g}: {path} ({path.stat().st_size / 1e6:.0f} MB; {time.perf_counter() - started:.0f} s, "
              f"peak memory of this process so far {peak:,.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
