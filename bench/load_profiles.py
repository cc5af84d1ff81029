"""Seeded generator of a German 15-minute load profile of many meters in ONE file.

    python bench/load_profiles.py OUT.csv [--meters 200] [--days 365] [--year 2025] [--seed 7]
                                 [--encoding utf-8|cp1252] [--buildings BUILDINGS.csv]

What the metering point operator's portal (or the EDM system of the municipality) exports for
all electricity meters of a Verbandsgemeinde, one row per meter and quarter hour::

    Zählpunkt;Liegenschaft;Energieträger;Datum;Uhrzeit;Verbrauch;Einheit
    DE0007316686900000000000000000101;Grundschule Altenglan;Strom;01.01.2025;00:00;1,234;kWh

* ``Zählpunkt`` in the real 33-character form: ``DE``, the 6-digit number of the network operator,
  the 5-digit postcode, a 20-digit metering point number (31 digits after ``DE``).
* ``Datum`` ``31.12.2025``, ``Uhrzeit`` ``23:45`` = start of the quarter hour, in MEZ all year (no
  daylight saving time: 96 quarter hours every day, 35,040 a year; many exports do this so that the
  October hour is not doubled). ``Verbrauch`` in kWh per quarter hour with a decimal comma and three
  decimals (``12,345``); ``;`` as delimiter, CRLF line ends (a Windows export).
* Encoding: UTF-8 without BOM by default — the portals and EDM systems that produce quarter-hour data
  write UTF-8, and it is the form ktdash can hand to DuckDB unchanged. ``--encoding cp1252`` writes the
  same text in Windows-1252 (German Excel's "CSV (Trennzeichen-getrennt)"), to measure the conversion.
* Every header is one ktdash recognises (:mod:`ktdash.ingest.columns`): the layout is detected as a
  load profile; ``Liegenschaft`` names the building, which the import creates when it is unknown.
  ``--buildings`` also writes the buildings master file (Liegenschaft, Kategorie, Fläche m², Baujahr) so
  a store can know them before the load profile comes.

Shape per building type (electricity, kWh per quarter hour): a base load plus the use in opening hours
(schools and Kitas on school days, the administration on working days, sports halls in the evenings and
at weekends, a swimming pool every day with pumps at night, a sewage plant around the clock, street
lighting from dusk to dawn with night dimming), lower on public holidays of Rhineland-Palatinate and in
the school holidays (approximate dates), more light in winter, a day-to-day factor and noise; about one
building in six has a second meter for its heat pump (winter-heavy). The annual consumption per meter is
drawn from a range per type. numpy builds the values from ``--seed``; DuckDB writes the text (the same
seed gives the same bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np

HEADER = ("Zählpunkt", "Liegenschaft", "Energieträger", "Datum", "Uhrzeit", "Verbrauch", "Einheit")
DEFAULT_SEED = 7
DEFAULT_YEAR = 2025
QUARTERS_PER_DAY = 96
OPERATOR = "000731"  # 6-digit number of the network operator (invented)
NAMED_METERS = 1000  # up to this many meters the names are drawn as always; beyond, further ones are numbered
BATCH_METERS = 250  # meters generated and written at a time (250 × a year: 8.8 M values, 70 MB of doubles)

# places of the VG Kusel-Altenglan with their postcode
PLACES = {
    "Kusel": "66869", "Altenglan": "66885", "Rammelsbach": "66887", "Bedesbach": "66885", "Erdesbach": "66887",
    "Ulmet": "66887", "Theisbergstegen": "66871", "Föckelberg": "66887", "Körborn": "66871",
    "Pfeffelbach": "66871", "Blaubach": "66869", "Bosenbach": "66887", "Ehweiler": "66871",
    "Elzweiler": "66887", "Etschberg": "66871", "Haschbach am Remigiusberg": "66871", "Herchweiler": "66871",
    "Horschbach": "66887", "Konken": "66871", "Niederalben": "66887", "Niederstaufenbach": "66879",
    "Oberalben": "66871", "Oberstaufenbach": "66879", "Rathsweiler": "66887", "Reichweiler": "66871",
    "Ruthweiler": "66869", "Rutsweiler am Glan": "66887", "Schellweiler": "66869", "Selchenbach": "66871",
    "Thallichtenberg": "66871", "Welchweiler": "66887", "Albessen": "66871", "Dennweiler-Frohnbach": "66871",
    "Neunkirchen am Potzberg": "66887",
}

# type: (name pattern, category for the master file, annual kWh range, floor area range m² or None)
TYPES = {
    "school": ("Grundschule {p}", "Schule", (40_000, 180_000), (1_200, 5_500)),
    "kita": ("Kita {p}", "Kita", (12_000, 40_000), (350, 1_300)),
    "office": ("Rathaus {p}", "Verwaltung", (30_000, 160_000), (600, 4_500)),
    "hall": ("Sporthalle {p}", "Sporthalle", (25_000, 90_000), (800, 3_000)),
    "pool": ("Hallenbad {p}", "Schwimmbad", (280_000, 800_000), (1_500, 4_000)),
    "fire": ("Feuerwehrgerätehaus {p}", "Feuerwehr", (4_000, 18_000), (300, 1_500)),
    "village": ("Dorfgemeinschaftshaus {p}", "Bürgerhaus/Dorfgemeinschaftshaus", (3_000, 20_000), (250, 1_000)),
    "depot": ("Bauhof {p}", "Bauhof", (18_000, 60_000), (400, 2_000)),
    "sewage": ("Kläranlage {p}", "Kläranlage", (150_000, 1_200_000), (150, 700)),
    "light": ("Straßenbeleuchtung {p}", "Straßenbeleuchtung", (30_000, 250_000), None),
}
# how often each type occurs among the buildings (a VG has many village halls and fire stations, few pools)
WEIGHTS = {"school": 12, "kita": 14, "office": 5, "hall": 8, "pool": 2, "fire": 20, "village": 22, "depot": 3,
           "sewage": 5, "light": 9}
# opening hours (start, end) on working days, and the share of the use at weekends
HOURS = {"school": (7.0, 16.0, 0.0), "kita": (7.0, 17.0, 0.0), "office": (7.0, 18.0, 0.05),
         "hall": (15.0, 22.0, 0.8), "pool": (6.5, 21.5, 0.9), "fire": (18.0, 21.0, 0.3),
         "village": (17.0, 23.0, 1.6), "depot": (6.0, 15.0, 0.1), "sewage": (0.0, 24.0, 1.0)}
BASE_SHARE = {"school": 0.18, "kita": 0.2, "office": 0.2, "hall": 0.15, "pool": 0.55, "fire": 0.35,
              "village": 0.25, "depot": 0.2, "sewage": 0.7}
HEAT_PUMP_SHARE = 0.17  # of the buildings with a second meter (heat pump)


@dataclass
class Meter:
    number: str  # Zählpunkt
    building: str
    kind: str  # a key of TYPES, or "heat_pump"
    annual_kwh: float


@dataclass
class Building:
    name: str
    category: str
    area_m2: float | None
    year_built: int | None


@dataclass
class Generated:
    path: Path
    rows: int
    meters: list[Meter]
    buildings: list[Building]
    start: date
    days: int
    encoding: str


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def public_holidays(year: int) -> set[date]:
    """Public holidays of Rhineland-Palatinate."""
    e = easter(year)
    return {date(year, 1, 1), e - timedelta(2), e + timedelta(1), date(year, 5, 1), e + timedelta(39),
            e + timedelta(50), e + timedelta(60), date(year, 10, 3), date(year, 11, 1), date(year, 12, 25),
            date(year, 12, 26)}


def school_holidays(year: int) -> list[tuple[date, date]]:
    """Approximate school holidays of Rhineland-Palatinate (the real dates move from year to year)."""
    e = easter(year)
    return [(date(year, 1, 1), date(year, 1, 6)), (e - timedelta(6), e + timedelta(8)),
            (date(year, 7, 7), date(year, 8, 15)), (date(year, 10, 13), date(year, 10, 24)),
            (date(year, 12, 22), date(year, 12, 31))]


def make_meters(n: int, rng: np.random.Generator) -> tuple[list[Meter], list[Building]]:
    kinds = list(WEIGHTS)
    p = np.array([WEIGHTS[k] for k in kinds], dtype=float)
    p /= p.sum()
    places = list(PLACES)
    meters: list[Meter] = []
    buildings: list[Building] = []
    used: set[str] = set()
    serial = 100
    while len(meters) < n:
        kind = kinds[rng.choice(len(kinds), p=p)]
        place = places[rng.integers(len(places))]
        pattern, category, (lo, hi), area = TYPES[kind]
        name = pattern.format(p=place)
        if name in used:
            base = name
            name = f"{base} {'II' if base + ' II' not in used else 'III'}"
            if name in used:
                if n <= NAMED_METERS:
                    continue  # as before: draw again (the files of up to NAMED_METERS meters stay byte for byte)
                number = 4  # beyond: 34 places × 10 types × 3 names would run out; number the further ones
                while f"{base} {number}" in used:
                    number += 1
                name = f"{base} {number}"
        used.add(name)
        year_built = None if area is None else int(rng.integers(1955, 2016))
        buildings.append(Building(name, category, None if area is None else round(float(rng.uniform(*area)), 1),
                                  year_built))
        postcode = PLACES[place]
        serial += 1
        meters.append(Meter(f"DE{OPERATOR}{postcode}{serial:020d}", name, kind, float(rng.uniform(lo, hi))))
        if len(meters) < n and kind not in ("light", "sewage") and rng.random() < HEAT_PUMP_SHARE:
            serial += 1
            meters.append(Meter(f"DE{OPERATOR}{postcode}{serial:020d}", name, "heat_pump",
                                float(rng.uniform(8_000, 60_000))))
    return meters, buildings


def _calendar(start: date, days: int):
    """Per quarter hour: hour of day (float), day index; per day: weekday, holiday, school holiday, day of year."""
    day_dates = [start + timedelta(d) for d in range(days)]
    years = {d.year for d in day_dates}
    holidays = set().union(*(public_holidays(y) for y in years))
    breaks = [r for y in years for r in school_holidays(y)]
    weekday = np.array([d.weekday() for d in day_dates])
    holiday = np.array([d in holidays for d in day_dates])
    school_break = np.array([any(a <= d <= b for a, b in breaks) for d in day_dates])
    doy = np.array([d.timetuple().tm_yday for d in day_dates], dtype=float)
    hour = np.tile(np.arange(QUARTERS_PER_DAY) / 4.0, days)
    day = np.repeat(np.arange(days), QUARTERS_PER_DAY)
    return hour, day, weekday, holiday, school_break, doy


def _smooth_window(hour: np.ndarray, start: float, end: float) -> np.ndarray:
    """1 inside [start, end) with one-hour ramps at both ends."""
    up = np.clip(hour - start + 0.5, 0, 1)
    down = np.clip(end - hour + 0.5, 0, 1)
    return np.minimum(up, down)


def shape(kind: str, cal, rng: np.random.Generator) -> np.ndarray:
    """Relative load of one meter per quarter hour (any scale; normalised to the annual kWh later)."""
    hour, day, weekday, holiday, school_break, doy = cal
    season = np.cos(2 * np.pi * (doy - 15) / 365.0)  # +1 mid-January, −1 mid-July
    if kind == "light":
        # night length at 49.5° N: about 16 h in December, 8 h in June; solar noon ≈ 12:25 MEZ
        day_length = 12.0 - 4.1 * np.cos(2 * np.pi * (doy + 10) / 365.0)
        sunrise, sunset = 12.4 - day_length / 2, 12.4 + day_length / 2
        on = (hour < sunrise[day] - 0.25) | (hour >= sunset[day] + 0.25)
        dimmed = (hour >= 23.0) | (hour < 5.0)
        load = on * np.where(dimmed, 0.55, 1.0)
        return load * (1 + 0.02 * rng.standard_normal(hour.size))
    if kind == "heat_pump":
        heating = np.clip(0.15 + 0.85 * (season[day] + 0.35) / 1.35, 0.05, None)
        daily = 1.0 + 0.25 * np.cos(2 * np.pi * (hour - 6) / 24)
        cycling = rng.random(hour.size) < 0.55 + 0.4 * np.clip(season[day], 0, 1)
        return heating[day] * daily * (0.25 + 0.75 * cycling)
    start, end, weekend_share = HOURS[kind]
    working = (weekday < 5) & ~holiday
    day_use = np.where(working, 1.0, weekend_share)
    if kind in ("school", "kita"):
        day_use = np.where(school_break, 0.08 if kind == "school" else 0.4, day_use)
    if kind == "office":
        day_use = np.where(weekday == 4, 0.7, day_use)  # Friday afternoon
    if kind == "hall":
        day_use = np.where(school_break, 0.5, day_use)
    if kind == "village":
        # events on some evenings, more at weekends
        events = rng.random(day_use.size) < np.where(weekday >= 4, 0.6, 0.2)
        day_use = events * 1.0
    use = _smooth_window(hour, start, end) * day_use[day]
    if kind == "sewage":
        use = 0.8 + 0.2 * np.sin(2 * np.pi * (hour - 9) / 24)  # inflow peak around noon
    base = BASE_SHARE[kind]
    light = 1.0 + 0.25 * season[day] * (kind not in ("sewage", "pool"))
    daily_factor = np.exp(0.08 * rng.standard_normal(day.max() + 1))[day]
    noise = np.exp(0.10 * rng.standard_normal(hour.size))
    return (base + (1 - base) * use * light) * daily_factor * noise


def build_values(meters: list[Meter], start: date, days: int, rng: np.random.Generator, cal=None) -> np.ndarray:
    """kWh per quarter hour, shape (meters, days × 96), rounded to 3 decimals."""
    cal = _calendar(start, days) if cal is None else cal
    values = np.empty((len(meters), days * QUARTERS_PER_DAY))
    for i, meter in enumerate(meters):
        s = shape(meter.kind, cal, rng)
        values[i] = s / s.sum() * meter.annual_kwh * days / 365.0
    return np.round(values, 3)


def _write_batch(con, meter_list: list[Meter], values: np.ndarray, start: date, days: int, target: Path,
                 header: bool) -> None:
    """One batch of meters as CSV text (DuckDB writes it: the same bytes whatever the batch size)."""
    n_q = days * QUARTERS_PER_DAY
    for table in ("meta", "vals"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    meta = {"m": np.arange(len(meter_list), dtype=np.int32),
            "number": np.array([m.number for m in meter_list], dtype=object),
            "building": np.array([m.building for m in meter_list], dtype=object)}
    con.register("meta_view", meta)
    con.execute("CREATE TABLE meta AS SELECT * FROM meta_view")
    con.register("vals_view", {"v": values.reshape(-1)})
    con.execute("CREATE TABLE vals AS SELECT row_number() OVER () - 1 AS i, v FROM vals_view")
    h = [f'"{c}"' for c in HEADER]
    con.execute(f"""
        COPY (
            SELECT meta.number AS {h[0]}, meta.building AS {h[1]}, 'Strom' AS {h[2]},
                   strftime(DATE '{start.isoformat()}' + CAST((i % {n_q}) // 96 AS INTEGER), '%d.%m.%Y') AS {h[3]},
                   lpad(CAST((i % 96) // 4 AS VARCHAR), 2, '0') || ':'
                       || lpad(CAST((i % 4) * 15 AS VARCHAR), 2, '0') AS {h[4]},
                   replace(printf('%.3f', v), '.', ',') AS {h[5]}, 'kWh' AS {h[6]}
            FROM vals JOIN meta ON meta.m = i // {n_q}
            ORDER BY i
        ) TO '{target}' (HEADER {str(header).lower()}, DELIMITER ';', NEW_LINE '\r\n', QUOTE '"')
    """)
    con.unregister("meta_view")
    con.unregister("vals_view")


def generate(path: str | Path, meters: int = 200, days: int = 365, year: int = DEFAULT_YEAR,
             seed: int = DEFAULT_SEED, encoding: str = "utf-8",
             buildings_path: str | Path | None = None) -> Generated:
    """Write the load profile (and optionally the buildings master file); returns what was written.

    The meters are written in batches of :data:`BATCH_METERS` (one batch at a time in memory: 5,000 meters × a
    year would be 175 million values), appended to one file; the bytes are those of writing all at once."""
    if encoding not in ("utf-8", "cp1252"):
        raise ValueError("encoding must be utf-8 or cp1252")
    rng = np.random.default_rng(seed)
    meter_list, building_list = make_meters(meters, rng)
    start = date(year, 1, 1)
    cal = _calendar(start, days)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n_q = days * QUARTERS_PER_DAY
    part = path.with_name(path.name + ".part.tmp")
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = true")
        with open(path, "wb") as out:
            for first in range(0, len(meter_list), BATCH_METERS):
                batch = meter_list[first:first + BATCH_METERS]
                values = build_values(batch, start, days, rng, cal)  # the rng draws in meter order, as before
                _write_batch(con, batch, values, start, days, part, header=first == 0)
                del values
                with open(part, "rb") as src:
                    if encoding == "utf-8":
                        shutil.copyfileobj(src, out, 1 << 22)
                    else:
                        out.write(src.read().decode("utf-8").encode("cp1252"))
    finally:
        con.close()
        part.unlink(missing_ok=True)
    if buildings_path:
        write_buildings(buildings_path, building_list)
    return Generated(path, len(meter_list) * n_q, meter_list, building_list, start, days, encoding)


def write_buildings(path: str | Path, buildings: list[Building]) -> None:
    """The buildings master file (German CSV, UTF-8): Liegenschaft;Kategorie;Fläche m²;Baujahr."""
    lines = ["Liegenschaft;Kategorie;Fläche m²;Baujahr"]
    for b in buildings:
        area = "" if b.area_m2 is None else f"{b.area_m2:.1f}".replace(".", ",")
        lines.append(f"{b.name};{b.category};{area};{b.year_built or ''}")
    Path(path).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


# --- measuring: import the file into a new store, then query a building's month of quarter hours ------------

MUNICIPALITY = "VG Kusel-Altenglan"
MONTH_QUERY = """
    SELECT r.ts, r.value FROM readings r JOIN meters m USING (meter_id)
    WHERE m.building_id = $building AND r.ts >= $start AND r.ts < $end ORDER BY m.meter_id, r.ts"""


def _import(db: Path, path: Path) -> dict:
    """``ktdash import FILE`` as its own process (as cron runs it): wall seconds, CPU seconds, peak RSS (wait4)."""
    import time

    env = dict(os.environ, KTDASH_DB=str(db), KTDASH_STORE_WAIT_S="600",
               KTDASH_MAX_UPLOAD_MB=str(int(path.stat().st_size / 1048576) + 100),
               KTDASH_MAX_ROWS=str(10 ** 10), KTDASH_MAX_CELLS=str(10 ** 11))
    env.pop("KTDASH_USER", None)
    ktdash = Path(sys.executable).with_name("ktdash")
    started = time.perf_counter()
    proc = subprocess.Popen([str(ktdash), "import", str(path), "--municipality", MUNICIPALITY], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(f"ktdash import exit {proc.returncode}:\n{out[-3000:]}")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def _month_queries(db: Path, repeat: int, seed: int) -> dict:
    """A building's month of quarter hours: the first query of a new connection (cold), then ``repeat`` random
    buildings and months (warm: median and maximum)."""
    import statistics
    import time

    rng = np.random.default_rng(seed)
    con = duckdb.connect(str(db), read_only=True)
    try:
        buildings = [r[0] for r in con.execute(
            "SELECT DISTINCT building_id FROM meters WHERE interval_minutes = 15 ORDER BY 1").fetchall()]
        times, rows = [], []
        for _ in range(repeat + 1):
            building = buildings[int(rng.integers(len(buildings)))]
            month = int(rng.integers(1, 13))
            bounds = {"building": building, "start": datetime(DEFAULT_YEAR, month, 1),
                      "end": datetime(DEFAULT_YEAR + month // 12, month % 12 + 1, 1)}
            t = time.perf_counter()
            rows.append(len(con.execute(MONTH_QUERY, bounds).fetchall()))
            times.append(time.perf_counter() - t)
        readings = con.execute("SELECT count(*) FROM readings").fetchone()[0]
    finally:
        con.close()
    return {"cold_s": times[0], "warm_median_s": statistics.median(times[1:]), "warm_max_s": max(times[1:]),
            "rows_per_query_median": statistics.median(rows), "readings": readings, "buildings": len(buildings)}


def measure(out: Path, meters: int, days: int, seed: int, store_dir: Path, repeat: int = 30,
            reuse: bool = False) -> dict:
    """Generate the file (``reuse``: keep OUT and its buildings file when both exist, as written before with the
    same meters, days and seed), import it with ``ktdash import`` into a new store (master data and the buildings
    file first, untimed) and time a building's month of quarter hours."""
    import time

    from ktdash.core.settings import Settings
    from ktdash.ingest.masterdata import load_master_data
    from ktdash.ingest.pipeline import import_file
    from ktdash.store.connection import open_store

    buildings = out.with_name(out.stem + "_gebaeude.csv")
    t = time.perf_counter()
    if not (reuse and out.exists() and buildings.exists()):
        generate(out, meters, days, seed=seed, buildings_path=buildings)
    rows = meters * days * QUARTERS_PER_DAY  # make_meters gives exactly ``meters``
    figures = {"meters": meters, "days": days, "rows": rows, "generate_s": time.perf_counter() - t,
               "file_mb": out.stat().st_size / 1e6}
    store_dir.mkdir(parents=True, exist_ok=True)
    db = store_dir / f"lastgang_{meters}z_{days}t.duckdb"
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    con = open_store(db)
    try:
        load_master_data(con)
        _, result = import_file(con, buildings.read_bytes(), buildings.name, MUNICIPALITY, settings=Settings(),
                                user="bench")
        if result is None:
            raise RuntimeError("buildings file rejected")
    finally:
        con.close()
    figures["import"] = _import(db, out)
    figures["store_mb"] = db.stat().st_size / 1e6
    figures["query"] = _month_queries(db, repeat, seed)
    if figures["query"]["readings"] != rows:
        raise RuntimeError(f"{figures['query']['readings']:,} readings stored, {rows:,} in the file")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--meters", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--encoding", choices=("utf-8", "cp1252"), default="utf-8")
    parser.add_argument("--buildings", type=Path, help="also write the buildings master file here")
    parser.add_argument("--measure", type=Path, metavar="STORE_DIR",
                        help="then import the file with `ktdash import` into a new store in this folder and time a "
                             "building's month of quarter hours (prints JSON)")
    parser.add_argument("--reuse", action="store_true", help="with --measure: keep OUT when it exists")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.out, args.meters, args.days, args.seed, args.measure, reuse=args.reuse)))
        return 0
    result = generate(args.out, args.meters, args.days, args.year, args.seed, args.encoding, args.buildings)
    size = result.path.stat().st_size
    print(f"{result.path}: {result.rows:,} Zeilen, {len(result.meters)} Zählpunkte, {len(result.buildings)} "
          f"Liegenschaften, {size / 1e6:.1f} MB ({result.encoding})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
