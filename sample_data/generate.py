"""Seeded generator of the Westpfalz demo: the files climate managers upload.

python sample_data/generate.py [--out sample_data/demo] [--seed 20261125]

Reads sample_data/master/municipalities.csv, invents about 300 municipal buildings with
monthly consumption 2019–2025 (seasonality from degree days, weather per year, a trend per
municipality, the 2022 energy-crisis dip, noise) and writes them in the formats of real
exports: German CSV in Windows-1252 and UTF-8, wide month tables, meter readings, an English
CSV, Excel's UTF-16 "Unicode text", XLSX and 15-minute/hourly load profiles. It also writes the
ground truth (expected_yearly.csv) computed from the rounded values in the files, the import
order (manifest.csv) and the trends (trends.csv). Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
YEARS = list(range(2019, 2026))
GAS = 11.0 * 0.9540
FACTORS = {("Erdgas", "m³"): GAS, ("Heizöl", "l"): 10.0, ("Holzpellets", "kg"): 4.9, ("Hackschnitzel", "kg"): 3.5,
           ("Flüssiggas", "l"): 6.57}
# Monthly heating degree days G20/15 of a Westpfalz-like station, long-term mean (K·d)
DEGREE_DAYS = np.array([520, 450, 400, 260, 120, 30, 10, 15, 90, 240, 380, 490], dtype=float)
WEATHER = {2019: 0.97, 2020: 0.90, 2021: 1.04, 2022: 0.91, 2023: 0.94, 2024: 0.92, 2025: 0.98}
MONTH_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
            "November", "Dezember"]
MONTH_DE_SHORT = ["Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
MONTH_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# category: (area range m², heat kWh/m²a, electricity kWh/m²a, name patterns)
CATEGORIES = {
    "Schule": ((1500, 7000), 115, 20, ["Grundschule {p}", "Realschule plus {p}", "IGS {p}", "Gymnasium {p}"]),
    "Kita": ((400, 1200), 140, 25, ["Kita Sonnenschein {p}", "Kita Regenbogen {p}", "Kita Am Wald {p}"]),
    "Verwaltung": ((800, 4500), 105, 30, ["Rathaus {p}", "Verwaltungsgebäude {p}"]),
    "Sporthalle": ((900, 3000), 120, 18, ["Sporthalle {p}", "Turnhalle {p}"]),
    "Schwimmbad": ((1500, 4000), 550, 140, ["Hallenbad {p}"]),
    "Feuerwehr": ((300, 1500), 130, 22, ["Feuerwehrgerätehaus {p}"]),
    "Bürgerhaus/Dorfgemeinschaftshaus": ((250, 900), 150, 20, ["Dorfgemeinschaftshaus {p}", "Bürgerhaus {p}"]),
    "Bauhof": ((400, 1800), 110, 35, ["Bauhof {p}"]),
    "Kläranlage": ((200, 800), 60, 900, ["Kläranlage {p}"]),
    "Straßenbeleuchtung": (None, 0, 0, ["Straßenbeleuchtung {p}"]),
    "Sonstiges": ((200, 1500), 120, 20, ["Jugendzentrum {p}", "Bücherei {p}"]),
}
FORMATS = ["F1", "F2", "F3", "F4", "F5", "F6"]


def read_master():
    with (HERE / "master" / "municipalities.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def de(value: float, decimals: int = 1, thousands: bool = True) -> str:
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def place_of(owner: dict) -> str:
    name = owner["name"]
    for prefix in ("Verbandsgemeinde ", "VG ", "Stadt ", "Landkreis "):
        name = name.replace(prefix, "")
    return name.split(" (")[0].split("-")[0].strip()


def make_buildings(rng, owners):
    buildings = []
    for owner in owners:
        kind = owner["kind"]
        count = 22 if kind == "kreisfreie Stadt" else 14 if kind == "Landkreis" else int(rng.integers(6, 11))
        place = place_of(owner)
        if kind == "Landkreis":
            cats = ["Schule"] * 8 + ["Verwaltung", "Sporthalle", "Bauhof", "Sonstiges", "Schule", "Sporthalle"]
        else:
            cats = ["Verwaltung", "Schule", "Kita", "Feuerwehr", "Straßenbeleuchtung", "Bürgerhaus/Dorfgemeinschaftshaus",
                    "Sporthalle", "Bauhof", "Kläranlage", "Kita", "Schule", "Sonstiges"]
            if kind == "kreisfreie Stadt":
                cats += ["Schwimmbad", "Schule", "Schule", "Kita", "Kita", "Sporthalle", "Feuerwehr", "Schule",
                         "Verwaltung", "Sonstiges"]
        used = set()
        for i in range(count):
            category = cats[i % len(cats)]
            area_range, heat, elec, patterns = CATEGORIES[category]
            suffix = ["", " II", " Nord", " Süd", " West", " Ost", " Mitte", " III"]
            name = None
            for s in suffix:
                candidate = patterns[int(rng.integers(len(patterns)))].format(p=place) + s
                if candidate not in used:
                    name = candidate
                    break
            if name is None:
                name = f"{category} {place} {i}"
            used.add(name)
            area = None if area_range is None else float(round(rng.uniform(*area_range) / 5) * 5)
            year_built = None if area_range is None else int(rng.integers(1955, 2016))
            heat_carrier = None
            if category not in ("Straßenbeleuchtung",):
                r = rng.random()
                if kind == "kreisfreie Stadt" and r < 0.25:
                    heat_carrier = "Fernwärme"
                elif r < 0.70:
                    heat_carrier = "Erdgas"
                elif r < 0.82:
                    heat_carrier = "Heizöl"
                elif r < 0.90:
                    heat_carrier = "Holzpellets"
                elif r < 0.95:
                    heat_carrier = "Nahwärme"
                elif r < 0.98:
                    heat_carrier = "Hackschnitzel"
                else:
                    heat_carrier = "Flüssiggas"
            buildings.append(dict(owner=owner, name=name, category=category, area=area, year_built=year_built,
                                  heat=heat, elec=elec, heat_carrier=heat_carrier, water=rng.random() < 0.5
                                  and category != "Straßenbeleuchtung"))
    return buildings


def monthly_series(rng, b, trend):
    """{carrier: array(7, 12)} in kWh (m³ water), before rounding to the file's unit."""
    series = {}
    years = np.array(YEARS)
    growth = np.where(years >= 2021, (1 + trend) ** (years - 2020), 1.0)
    crisis = np.where(years == 2022, 0.90, 1.0)
    area = b["area"] or 0.0
    if b["category"] == "Straßenbeleuchtung":
        points = rng.integers(300, 1500)
        hours = np.array([15, 13, 12, 10, 9, 8, 8, 9, 11, 13, 15, 16], dtype=float)
        led = np.where(years >= 2022, 0.6, 1.0)
        base = points * 0.06 * hours * 30  # kW × h/day × days
        series["Strom"] = base[None, :] * (growth * led)[:, None] * rng.normal(1, 0.03, (7, 12))
        return series
    elec = b["elec"] * area * rng.uniform(0.8, 1.2)
    elec_shape = np.array([1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.8, 0.8, 0.95, 1.0, 1.1, 1.15])
    elec_shape = elec_shape / elec_shape.sum()
    series["Strom"] = elec * elec_shape[None, :] * growth[:, None] * rng.normal(1, 0.04, (7, 12))
    if b["heat_carrier"]:
        heat = b["heat"] * area * rng.uniform(0.8, 1.25)
        weather = np.array([WEATHER[y] for y in YEARS])
        share = DEGREE_DAYS / DEGREE_DAYS.sum()
        space = 0.85 * heat * share[None, :] * weather[:, None]
        water = 0.15 * heat / 12
        series[b["heat_carrier"]] = (space + water) * (growth * crisis)[:, None] * rng.normal(1, 0.04, (7, 12))
    if b["water"]:
        water = area * rng.uniform(0.1, 0.4)
        series["Wasser"] = water / 12 * np.ones((7, 12)) * rng.normal(1, 0.05, (7, 12))
    return series


def delivered_unit(carrier, owner_style):
    if carrier == "Erdgas" and owner_style.get("gas_m3"):
        return "m³"
    if carrier == "Heizöl":
        return "l"
    if carrier in ("Holzpellets", "Hackschnitzel"):
        return "kg"
    if carrier == "Flüssiggas":
        return "l"
    if carrier == "Wasser":
        return "m³"
    if carrier == "Strom" and owner_style.get("mwh"):
        return "MWh"
    return "kWh"


def to_unit(kwh, carrier, unit):
    if (carrier, unit) in FACTORS:
        return kwh / FACTORS[(carrier, unit)]
    if unit == "MWh":
        return kwh / 1000
    return kwh


def from_unit(value, carrier, unit):
    if (carrier, unit) in FACTORS:
        return value * FACTORS[(carrier, unit)]
    if unit == "MWh":
        return value * 1000
    return value


CARRIER_WORD = {"F1": {"Erdgas": "Gas", "Holzpellets": "Pellets"},
                "F4": {"Strom": "electricity", "Erdgas": "natural gas", "Fernwärme": "district heating",
                       "Heizöl": "heating oil", "Wasser": "water", "Nahwärme": "local heating",
                       "Holzpellets": "wood pellets", "Hackschnitzel": "wood chips", "Flüssiggas": "LPG"},
                "F5": {"Strom": "electricity", "Erdgas": "natural gas", "Fernwärme": "district heating",
                       "Heizöl": "heating oil", "Wasser": "water", "Nahwärme": "Nahwärme"}}


class Truth:
    def __init__(self):
        self.rows = {}

    def add(self, key, building, carrier, year, value):
        k = (key, building, carrier, year)
        self.rows[k] = self.rows.get(k, 0.0) + value


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=HERE / "demo")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file():
            old.unlink()
    owners = sorted(read_master(), key=lambda r: r["municipality_key"])
    buildings = make_buildings(rng, owners)
    trends = {}
    for i, owner in enumerate(owners):
        group = i % 3
        trends[owner["municipality_key"]] = round(float(
            rng.uniform(-0.05, -0.03) if group == 0 else rng.uniform(-0.005, 0.005) if group == 1
            else rng.uniform(0.01, 0.02)), 4)
    truth = Truth()
    manifest = []
    # three interval-metered buildings: a pool, a large school, a town hall in the cities
    candidates = [b for b in buildings if b["owner"]["kind"] == "kreisfreie Stadt"]
    interval = []
    for category in ("Schwimmbad", "Schule", "Verwaltung"):
        pick = next(b for b in candidates if b["category"] == category and b not in interval)
        interval.append(pick)
    water_yearly_owner = next(o for o in owners if o["kind"] == "Verbandsgemeinde")

    for index, owner in enumerate(owners):
        key = owner["municipality_key"]
        plain = place_of(owner).lower()
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
            plain = plain.replace(a, b)
        slug = "".join(c if c.isascii() and c.isalnum() else "_" for c in plain)
        own = [b for b in buildings if b["owner"] is owner]
        fmt = FORMATS[index % len(FORMATS)]
        style = {"gas_m3": index % 2 == 0, "mwh": index % 7 == 3}
        # buildings master file
        header = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr" if index % 2 == 0
                  else "Gebäude;Kategorie;Fläche m²;Baujahr")
        lines = [header] + [f"{b['name']};{b['category']};{de(b['area'], 1) if b['area'] else ''};"
                            f"{b['year_built'] or ''}" for b in own]
        name = f"{key}_{slug}_gebaeude.csv"
        encoding = "utf-8-sig" if index % 2 == 0 else "cp1252"
        (out / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        manifest.append((name, key, 0))
        # consumption records: (building, carrier, year, month, value_in_unit, unit)
        records = []
        yearly_water = owner is water_yearly_owner
        for b in own:
            series = monthly_series(rng, b, trends[key])
            for carrier, values in series.items():
                unit = delivered_unit(carrier, style)
                for yi, year in enumerate(YEARS):
                    if b in interval and carrier == "Strom" and year == 2025:
                        continue
                    for m in range(12):
                        records.append((b, carrier, year, m + 1, to_unit(values[yi, m], carrier, unit), unit))
        water_records = [r for r in records if yearly_water and r[1] == "Wasser"]
        records = [r for r in records if not (yearly_water and r[1] == "Wasser")]
        name, content, encoding = write_format(fmt, owner, slug, records, truth, rng)
        (out / name).write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        manifest.append((name, key, 1))
        if water_records:
            lines = ["Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit"]
            sums = {}
            for b, _carrier, year, _month, value, _unit in water_records:
                sums[(b["name"], year)] = sums.get((b["name"], year), 0.0) + value
            for (bname, year), value in sorted(sums.items()):
                value = round(value, 1)
                lines.append(f"{bname};Wasser;{year};{de(value, 1)};m³")
                truth.add(key, bname, "Wasser", year, value)
            name = f"{key}_{slug}_wasser_jahr.csv"
            (out / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
            manifest.append((name, key, 2))
    # load profiles
    for number, b in enumerate(interval):
        key = b["owner"]["municipality_key"]
        hourly = number == 2
        step = 60 if hourly else 15
        start = datetime(2025, 1, 1)
        n = 365 * 24 * 60 // step
        annual = b["elec"] * b["area"] * 1.0
        t = np.arange(n)
        hour = (t * step // 60) % 24
        day = t * step // (60 * 24)
        weekday = (day + 2) % 7  # 1.1.2025 was a Wednesday
        profile = 0.5 + 0.8 * ((hour >= 7) & (hour < 18)) * (weekday < 5) + 0.1 * np.sin(day / 58.0)
        values = profile / profile.sum() * annual * rng.normal(1, 0.05, n)
        values = np.round(np.abs(values), 3)
        zp = f"DE000{key[:5]}{number:04d}{'0' * 18}"[:33]
        lines = [f"Zählpunkt;{zp}", f"Liegenschaft;{b['name']}", "Energieträger;Strom", "Einheit;kWh", "",
                 "Datum;Uhrzeit;Verbrauch"]
        for i in range(n):
            ts = start + timedelta(minutes=step * i)
            stamp = f"{ts.day}.{ts.month}.{ts.strftime('%y')}" if hourly else ts.strftime("%d.%m.%Y")
            lines.append(f"{stamp};{ts.strftime('%H:%M')};{de(values[i], 3, thousands=False)}")
        truth.add(key, b["name"], "Strom", 2025, float(values.sum()))
        name = f"{key}_lastgang_{number + 1}.csv"
        (out / name).write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
        manifest.append((name, key, 3))

    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "municipality_key", "order"])
        for order, (name, key, _) in enumerate(sorted(manifest, key=lambda r: (r[2] != 0, manifest.index(r)))):
            writer.writerow([name, key, order])
    with (out / "expected_yearly.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["municipality_key", "building", "carrier", "year", "value", "unit"])
        for (key, building, carrier, year), value in sorted(truth.rows.items()):
            writer.writerow([key, building, carrier, year, f"{value:.3f}", "m³" if carrier == "Wasser" else "kWh"])
    with (out / "trends.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["municipality_key", "name", "trend_per_year"])
        for owner in owners:
            writer.writerow([owner["municipality_key"], owner["name"], trends[owner["municipality_key"]]])


def write_format(fmt, owner, slug, records, truth, rng):
    key = owner["municipality_key"]
    if fmt == "F1":
        lines = [f"Energiecontrolling {owner['name']}", "Export vom 15.01.2026", "",
                 "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit"]
        for b, carrier, year, m, value, unit in records:
            value = round(value, 1)
            word = CARRIER_WORD["F1"].get(carrier, carrier)
            lines.append(f"{b['name']};{word};{m:02d}.{year};{de(value, 1)};{unit}")
            truth.add(key, b["name"], carrier, year, from_unit(value, carrier, unit))
        return f"{key}_{slug}_verbrauch_monate.csv", "\r\n".join(lines) + "\r\n", "cp1252"
    if fmt in ("F2", "F6", "F5"):
        rows = {}
        for b, carrier, year, m, value, unit in records:
            rows.setdefault((b["name"], carrier, year, unit), [None] * 12)[m - 1] = round(value, 1)
        for (bname, carrier, year, unit), values in rows.items():
            for v in values:
                if v is not None:
                    truth.add(key, bname, carrier, year, from_unit(v, carrier, unit))
        if fmt == "F2":
            short = rng.random() < 0.5
            months = MONTH_DE_SHORT if short else MONTH_DE
            total = "Gesamt" if short else "Summe"
            lines = [";".join(["Gebäude", "Medium", "Jahr", "Einheit"] + months + [total]) + ";;"]
            grand = 0.0
            for (bname, carrier, year, unit), values in sorted(rows.items()):
                cells = [de(v, 1) if v is not None else "" for v in values]
                lines.append(";".join([bname, carrier, str(year), unit] + cells + [de(sum(v or 0 for v in values), 1)])
                             + ";;")
                grand += sum(v or 0 for v in values)
            lines.append(";".join(["Summe", "", "", ""] + [""] * 12 + [de(grand, 1)]) + ";;")
            return f"{key}_{slug}_monatstabelle.csv", "\r\n".join(lines) + "\r\n", "utf-8-sig"
        if fmt == "F5":
            lines = ["\t".join(["Building", "Carrier", "Year", "Unit"] + MONTH_EN)]
            for (bname, carrier, year, unit), values in sorted(rows.items()):
                word = CARRIER_WORD["F5"].get(carrier, carrier)
                lines.append("\t".join([bname, word, str(year), unit.replace("³", "3")]
                                       + [de(v, 1, thousands=False) if v is not None else "" for v in values]))
            return f"{key}_{slug}_unicode.txt", "\r\n".join(lines) + "\r\n", "utf-16"
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Verbrauch"
        sheet.append([f"Verbrauchsübersicht {owner['name']}"])
        sheet.append([])
        sheet.append(["Gebäude", "Medium", "Jahr", "Einheit"] + MONTH_DE + ["Summe"])
        for (bname, carrier, year, unit), values in sorted(rows.items()):
            sheet.append([bname, carrier, year, unit] + values + [round(sum(v or 0 for v in values), 1)])
        info = book.create_sheet("Info")
        info.append(["Quelle", "ktdash Demo-Generator"])
        buffer = io.BytesIO()
        book.save(buffer)
        return f"{key}_{slug}_verbrauch.xlsx", _stable_zip(buffer.getvalue()), None
    if fmt == "F3":
        lines = ["Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit"]
        series = {}
        for b, carrier, year, m, value, unit in records:
            series.setdefault((b["name"], carrier, unit), []).append((year, m, value))
        exchanged = False
        for number, ((bname, carrier, unit), values) in enumerate(sorted(series.items())):
            meter = f"{carrier[:1]}{key[-4:]}{number:03d}"
            reading = float(rng.integers(1000, 50000))
            exchange_at = None
            if not exchanged and len(values) == 84:
                exchange_at = 40
                exchanged = True
            first = values[0]
            lines.append(f"{bname};{meter};{carrier};01.{first[1]:02d}.{first[0]};{int(reading)};{unit}")
            previous = int(reading)
            for i, (year, m, value) in enumerate(values):
                reading += value
                next_year, next_month = (year + 1, 1) if m == 12 else (year, m + 1)
                stamp = f"01.{next_month:02d}.{next_year}"
                current = int(round(reading))
                lines.append(f"{bname};{meter};{carrier};{stamp};{current};{unit}")
                truth.add(key, bname, carrier, year, from_unit(current - previous, carrier, unit))
                previous = current
                if exchange_at is not None and i == exchange_at:
                    meter = meter + "N"
                    reading = float(rng.integers(0, 20))
                    previous = int(reading)
                    lines.append(f"{bname};{meter};{carrier};{stamp};{previous};{unit}")
        return f"{key}_{slug}_zaehlerstaende.csv", "\n".join(lines) + "\n", "utf-8"
    # F4 English
    lines = ["building,carrier,period_start,period_end,consumption,unit"]
    for b, carrier, year, m, value, unit in records:
        value = round(value, 2)
        start = date(year, m, 1)
        end = (date(year + 1, 1, 1) if m == 12 else date(year, m + 1, 1)) - timedelta(days=1)
        word = CARRIER_WORD["F4"].get(carrier, carrier)
        lines.append(f"{b['name']},{word},{start.isoformat()},{end.isoformat()},{value:.2f},"
                     f"{unit.replace('³', '3')}")
        truth.add(key, b["name"], carrier, year, from_unit(value, carrier, unit))
    return f"{key}_{slug}_english.csv", "\n".join(lines) + "\n", "utf-8"


def _stable_zip(data: bytes) -> bytes:
    """XLSX with fixed timestamps, so the same seed gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                import re

                content = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", content)
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
