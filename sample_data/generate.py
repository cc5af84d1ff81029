"""Seeded generator of the Westpfalz demo: the files climate managers really upload.

    python sample_data/generate.py [--out sample_data/demo] [--seed 20261125]

Reads ``sample_data/master/municipalities.csv`` and invents about 300 municipal buildings
with monthly consumption 2019-01 … 2025-12 (heat against the **real** monthly degree days
G20/15 of each building's DWD station, a hot-water share by category, a trend per
municipality, the 2022 energy-crisis dip of heat, noise). Every owner gets a buildings master
file (five of them with a postcode column: buildings in other places of the district or VG
have their own postcode, and with it possibly another station) and one consumption file in
one of seven real-world layouts (see ``sample_data/README.md``); three buildings get a 2025
load profile. It also writes the ground truth (``expected_yearly.csv``, computed from the
rounded values written to the files; ``expected_stations.csv``, the postcode and station of
each heated building), the import order (``manifest.csv``) and the trends (``trends.csv``).

The climate data are the ones ktdash ships (``ktdash/analytics/reference/climate/``: IWU,
Gradtagzahlen-Deutschland / clidamonger, CC BY 4.0, from DWD observations), read here with
the standard library; the station of a building follows ktdash's rule (:mod:`ktdash.analytics.climate`):
its postcode, else its municipality's; per month the first of the postcode's three nearest
stations whose month is complete and which has a long-term mean (1991–2020); measured value
and long-term mean of a month come from that same station.

From its own random stream ([seed, 4]) it also writes the campaign demo of the Westpfalz network:
the joint campaigns (``kampagnen_westpfalz.csv``), one activities file per district
(``aktivitaeten_*.csv``), one Marktstammdatenregister extract of power units per district
(``mastr_*.csv``, with +25 % rooftop and plug-in PV additions in the 12 months after each
Photovoltaik campaign in its municipalities) and their ground truth (``expected_pv.csv``).

Only the standard library, numpy and openpyxl are used. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import re
import sys
import zipfile
from calendar import monthrange
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20261125
YEARS = list(range(2019, 2026))
NY = len(YEARS)

# ---------------------------------------------------------------------------------------------
# Climate: the real monthly degree days G20/15 (K·d) of the DWD stations that ktdash ships
# (IWU, Gradtagzahlen-Deutschland / clidamonger, CC BY 4.0, from DWD observations), and every
# postcode with its three nearest stations. The station rule and the long-term mean are those of
# ktdash.analytics.climate with its default settings (reference period 1991–2020, complete months only, a
# calendar month needs complete values in at least half of the period's years; a month counts as
# complete from a completeness of 0.9).
# Attribution (sample_data/README.md): "Klimadaten: IWU, Gradtagzahlen-Deutschland / clidamonger (CC BY 4.0),
# auf Basis von Daten des Deutschen Wetterdienstes (DWD)".
CLIMATE_DIR = HERE.parent / "ktdash" / "analytics" / "reference" / "climate"
REFERENCE_PERIOD = (1991, 2020)
MIN_COMPLETENESS = 0.9

# Weather-independent (hot-water) share of heat per category: TEK Warmwasser / (TEK Heizung + TEK
# Warmwasser) of the Vergleichswerte (Bekanntmachung 15.04.2021, Anlage 1 Tabelle 1), the share ktdash
# assumes for the category (ktdash/analytics/reference/comparison_values.csv); 15 % where there is none (the
# default of KTDASH_HOT_WATER_SHARE). Schule 31 %, Kita 26 %, Verwaltung 12 %, Sporthalle 24 %,
# Schwimmbad 28 %, Feuerwehr 12 %, Bürgerhaus 14 %, Bauhof 25 %.
TEK_HEATING_HOT_WATER = {"Schule": (49.3, 22.4), "Kita": (50.4, 17.3), "Verwaltung": (48.5, 6.9),
                         "Sporthalle": (68.6, 22.0), "Schwimmbad": (63.8, 24.7), "Feuerwehr": (50.8, 7.1),
                         "Bürgerhaus/Dorfgemeinschaftshaus": (63.6, 10.0), "Bauhof": (38.7, 12.6)}
DEFAULT_HOT_WATER_SHARE = 0.15
CRISIS = {2022: 0.90}  # heat only: the 2022 energy-saving campaign


def hot_water_share(category: str) -> float:
    if category in TEK_HEATING_HOT_WATER:
        heating, hot_water = TEK_HEATING_HOT_WATER[category]
        return hot_water / (heating + hot_water)
    return DEFAULT_HOT_WATER_SHARE

# Conversion to kWh, exactly as stated in sample_data/README.md (Decimal: no float error).
FACTOR = {
    ("Erdgas", "m³"): Decimal("11.0") * Decimal("0.9540"),  # 10.494
    ("Heizöl", "l"): Decimal("10.0"),
    ("Holzpellets", "kg"): Decimal("4.9"),
    ("Hackschnitzel", "kg"): Decimal("3.5"),
    ("Flüssiggas", "l"): Decimal("6.57"),
}

CATEGORIES = ["Schule", "Kita", "Verwaltung", "Sporthalle", "Schwimmbad", "Feuerwehr",
              "Bürgerhaus/Dorfgemeinschaftshaus", "Bauhof", "Kläranlage", "Straßenbeleuchtung",
              "Sonstiges"]

# category: (NGF range m², heat kWh/m²a, electricity kWh/m²a, water m³/m²a, year built range)
PROFILE = {
    "Schule": ((1500, 7500), (95, 140), (15, 25), (0.10, 0.22), (1955, 1995)),
    "Kita": ((350, 1300), (120, 175), (20, 32), (0.35, 0.70), (1968, 2020)),
    "Verwaltung": ((700, 6000), (85, 130), (25, 42), (0.10, 0.20), (1950, 2012)),
    "Sporthalle": ((800, 3500), (105, 165), (14, 28), (0.30, 0.60), (1962, 2010)),
    "Schwimmbad": ((1500, 4500), (420, 650), (110, 170), (1.6, 3.0), (1965, 1990)),
    "Feuerwehr": ((300, 1800), (110, 170), (20, 34), (0.12, 0.28), (1965, 2021)),
    "Bürgerhaus/Dorfgemeinschaftshaus": ((250, 1200), (115, 175), (14, 26), (0.10, 0.25), (1955, 2005)),
    "Bauhof": ((400, 2500), (85, 140), (25, 45), (0.20, 0.45), (1960, 2015)),
    "Kläranlage": ((150, 700), (70, 130), (0, 0), (0.0, 0.0), (1975, 2005)),
    "Straßenbeleuchtung": (None, (0, 0), (0, 0), (0.0, 0.0), None),
    "Sonstiges": ((200, 1500), (100, 160), (14, 30), (0.08, 0.20), (1900, 2010)),
}

# Seasonal shape of electricity (lighting in winter, school holidays in August); normalised.
ELEC_SHAPE = np.array([1.12, 1.06, 1.02, 0.95, 0.92, 0.88, 0.85, 0.78, 0.95, 1.02, 1.10, 1.14])
ELEC_SHAPE_FLAT = np.array([1.04, 1.00, 1.01, 0.98, 0.98, 0.96, 0.97, 0.97, 0.98, 1.01, 1.03, 1.06])
NIGHT_HOURS = np.array([15.5, 14.0, 12.3, 10.6, 9.1, 8.3, 8.7, 10.0, 11.6, 13.3, 15.0, 15.9])
WATER_SHAPE = np.array([0.92, 0.90, 0.97, 1.00, 1.05, 1.10, 1.08, 0.86, 1.03, 1.02, 1.02, 0.95])

# ---------------------------------------------------------------------------------------------
# Owners: the layout of each owner's consumption file and the places its buildings are named
# after (the seat first; Ortsgemeinden of the VG or districts of the city).
F1, F2, F3, F4, F5, F6 = "F1", "F2", "F3", "F4", "F5", "F6"
OWNERS = {
    # key: (format, options, places)
    "073120000": (F6, {}, ["Kaiserslautern", "Erfenbach", "Siegelbach", "Hohenecken", "Dansenberg",
                           "Mölschbach", "Morlautern", "Erlenbach", "Einsiedlerhof", "Otterberg"]),
    "073170000": (F1, {"gas_unit": "m³", "gas_word": "Gas"},
                  ["Pirmasens", "Winzeln", "Erlenbrunn", "Fehrbach", "Gersbach", "Niedersimten",
                   "Windsberg", "Hengsberg"]),
    "073200000": (F4, {}, ["Zweibrücken", "Bubenhausen", "Ernstweiler", "Ixheim", "Niederauerbach",
                           "Mörsbach", "Oberauerbach", "Rimschweiler", "Wattweiler"]),
    "07333": (F5, {}, ["Kirchheimbolanden", "Rockenhausen", "Eisenberg", "Göllheim", "Winnweiler",
                       "Alsenz", "Obermoschel"]),
    "073335002": (F5, {"gas_unit": "m³"}, ["Eisenberg", "Kerzenheim", "Ramsen"]),
    "073335003": (F6, {"gas_unit": "m³"}, ["Göllheim", "Albisheim", "Zellertal", "Dreisen", "Einselthum",
                                          "Lautersheim", "Weitersweiler"]),
    "073335004": (F1, {"elec_unit": "MWh", "gas_word": "Erdgas"},
                  ["Kirchheimbolanden", "Bolanden", "Marnheim", "Kriegsfeld", "Dannenfels", "Bischheim",
                   "Orbis"]),
    "073335006": (F3, {}, ["Winnweiler", "Münchweiler an der Alsenz", "Sippersfeld", "Börrstadt",
                           "Imsbach", "Lohnsfeld"]),
    "073335007": (F2, {"short_months": True}, ["Rockenhausen", "Alsenz", "Obermoschel", "Gaugrehweiler",
                                              "Imsweiler", "Dielkirchen", "Katzenbach", "Dörrmoschel"]),
    "07335": (F2, {}, ["Kaiserslautern", "Landstuhl", "Ramstein-Miesenbach", "Enkenbach-Alsenborn",
                       "Otterberg", "Weilerbach", "Bruchmühlbach-Miesau", "Hochspeyer"]),
    "073355001": (F4, {}, ["Bruchmühlbach-Miesau", "Martinshöhe", "Lambsborn", "Gerhardsbrunn",
                           "Langwieden"]),
    "073355002": (F6, {}, ["Enkenbach-Alsenborn", "Hochspeyer", "Mehlingen", "Sembach", "Fischbach",
                           "Frankenstein", "Neuhemsbach", "Waldleiningen"]),
    "073355008": (F3, {}, ["Ramstein-Miesenbach", "Hütschenhausen", "Steinwenden", "Niedermohr",
                           "Kottweiler-Schwanden"]),
    "073355009": (F4, {}, ["Weilerbach", "Rodenbach", "Mackenbach", "Reichenbach-Steegen", "Schwedelbach",
                           "Erzenhausen", "Kollweiler", "Eulenbis"]),
    "073355010": (F2, {"short_months": True, "gas_unit": "m³"},
                  ["Otterberg", "Otterbach", "Katzweiler", "Niederkirchen", "Olsbrücken", "Mehlbach",
                   "Schallodenbach", "Heiligenmoschel", "Hirschhorn"]),
    "073355011": (F1, {"gas_word": "Erdgas", "water_yearly": True},
                  ["Landstuhl", "Bann", "Kindsbach", "Queidersbach", "Trippstadt", "Krickenbach",
                   "Hauptstuhl", "Linden", "Mittelbrunn", "Schopp", "Stelzenberg"]),
    "07336": (F3, {}, ["Kusel", "Lauterecken", "Wolfstein", "Schönenberg-Kübelberg", "Waldmohr",
                       "Glan-Münchweiler", "Altenglan"]),
    "073365008": (F5, {}, ["Lauterecken", "Wolfstein", "Offenbach-Hundheim", "Jettenbach", "Odenbach",
                           "Kreimbach-Kaulbach", "Rothselberg", "Glanbrücken"]),
    "073365009": (F3, {}, ["Schönenberg-Kübelberg", "Waldmohr", "Glan-Münchweiler", "Brücken",
                           "Breitenbach", "Altenkirchen", "Herschweiler-Pettersheim", "Nanzdietschweiler",
                           "Gries"]),
    "073365010": (F1, {"gas_unit": "m³", "gas_word": "Gas", "costs": True},
                  ["Kusel", "Altenglan", "Rammelsbach", "Pfeffelbach", "Konken", "Bedesbach",
                   "Theisbergstegen", "Ulmet", "Etschberg"]),
    "07340": (F1, {"gas_word": "Erdgas", "costs": True}, ["Pirmasens", "Dahn", "Rodalben", "Hauenstein",
                                            "Waldfischbach-Burgalben", "Thaleischweiler-Fröschen", "Contwig",
                                            "Hornbach", "Lemberg"]),
    "073405001": (F2, {}, ["Dahn", "Bruchweiler-Bärenbach", "Fischbach bei Dahn", "Busenberg", "Erfweiler",
                           "Bundenthal", "Ludwigswinkel"]),
    "073405002": (F5, {}, ["Hauenstein", "Hinterweidenthal", "Wilgartswiesen", "Spirkelbach", "Lug",
                           "Schwanheim"]),
    "073405003": (F4, {"gas_unit": "m³"}, ["Lemberg", "Vinningen", "Ruppertsweiler", "Eppenbrunn",
                                          "Trulben", "Bottenbach"]),
    "073405004": (F6, {}, ["Rodalben", "Münchweiler an der Rodalb", "Clausen", "Merzalben", "Leimen",
                           "Donsieders"]),
    "073405006": (F3, {}, ["Waldfischbach-Burgalben", "Heltersberg", "Hermersberg", "Höheinöd",
                           "Schmalenberg", "Geiselberg"]),
    "073405008": (F6, {}, ["Contwig", "Bechhofen", "Hornbach", "Dellfeld", "Althornbach", "Battweiler",
                           "Großbundenbach"]),
    "073405009": (F2, {}, ["Thaleischweiler-Fröschen", "Rieschweiler-Mühlbach", "Obernheim-Kirchenarnbach",
                           "Weselberg", "Wallhalben", "Höhfröschen", "Maßweiler"]),
}
# Where a VG administration sits when it is not the first place of the list
VG_SEAT_NAME = {"073405008": "Zweibrücken"}  # VG Zweibrücken-Land sits in the city of Zweibrücken

# The three interval-metered buildings: (owner key, building name, resolution in minutes)
LOAD_PROFILES = [("073120000", "Hallenbad Kaiserslautern", 15),
                 ("07340", "IGS Thaleischweiler-Fröschen", 15),
                 ("073170000", "Rathaus Pirmasens", 60)]
ZAEHLPUNKT_PLZ = {"073120000": "67657", "07340": "66987", "073170000": "66953"}

# Buildings files with a postcode column (header, {place: postcode}): a building named after one of these
# places has that postcode of its own; every other building of the file (the seat, places not listed) has an
# empty cell and follows its owner's postcode (master/municipalities.csv). The other owners' files have no
# postcode column. Real postcodes of the places (checked against ktdash's postcode table on reading); several
# lie nearer to another DWD station than their owner's seat (Eisenberg: Bad Dürkheim; Schönenberg-Kübelberg,
# Waldmohr, Glan-Münchweiler: Neunkirchen-Wellesweiler; Wolfstein, Kreimbach-Kaulbach: Kaiserslautern;
# Hauenstein: Bad Bergzabern; Odenbach, Rothselberg: Ruppertsecken; Albisheim: Alzey).
OWN_POSTCODES = {
    "07333": ("PLZ", {"Rockenhausen": "67806", "Eisenberg": "67304", "Göllheim": "67307", "Winnweiler": "67722",
                      "Alsenz": "67821", "Obermoschel": "67823"}),
    "07336": ("PLZ", {"Lauterecken": "67742", "Wolfstein": "67752", "Schönenberg-Kübelberg": "66901",
                      "Waldmohr": "66914", "Glan-Münchweiler": "66907", "Altenglan": "66885"}),
    "07340": ("Postleitzahl", {"Dahn": "66994", "Rodalben": "66976", "Hauenstein": "76846",
                               "Waldfischbach-Burgalben": "67714", "Thaleischweiler-Fröschen": "66987",
                               "Contwig": "66497", "Hornbach": "66500", "Lemberg": "66969"}),
    "073365008": ("PLZ", {"Wolfstein": "67752", "Offenbach-Hundheim": "67749", "Odenbach": "67748",
                          "Kreimbach-Kaulbach": "67757", "Rothselberg": "67753"}),
    # Albisheim's nearest station, Alzey, lacks four months (10/2023, 4–6/2024): those come from station 2
    "073335003": ("Plz", {"Albisheim": "67308"}),
}

# Deliberate data-quality problems for the page Datenqualität (sample_data/README.md, "Injected
# data-quality problems"). Chosen by rule, not drawn from the seed (these buildings exist for every
# seed), applied to the values written, so expected_yearly.csv stays the truth of the files. Gaps and
# the stale end only in long layouts (F1, F4), where a missing month is an absent row; never in a
# load-profile building.
GAP = ("073200000", "Feuerwache Zweibrücken", "Strom", ((2024, 5), (2024, 6), (2024, 7)))  # F4: rows left out
STALE = ("073170000", "Feuerwache Pirmasens", "Strom", (2025, 6))  # F1: no rows after 2025-06
SPIKE = ("07335", "Kreisverwaltung Kaiserslautern", "heat", (2023, 7), 10)  # F2: heat carrier, value × 10
ZERO = ("07333", "Kreismusikschule Kirchheimbolanden", "Strom", (2024, 9))  # F5: value 0
NO_AREA = ("073405002", "Feuerwehrgerätehaus Hauenstein")  # buildings file: area cell empty
AREA_TYPO = ("073405004", "Kita Sonnenschein Rodalben")  # buildings file: area / 10 (decimal point shifted)
UNLISTED = ("073355009", "Jugendtreff Weilerbach", Decimal("180.0"), 32.0)  # F4 only (Strom): not in buildings file

# Carriers each layout can hold, and the probability weights of the heat carriers
HEAT_ALLOWED = {
    F1: ["Erdgas", "Heizöl", "Fernwärme", "Holzpellets"],
    F2: ["Erdgas", "Heizöl", "Fernwärme", "Nahwärme", "Holzpellets", "Hackschnitzel", "Flüssiggas"],
    F3: ["Erdgas"],
    F4: ["Erdgas", "Heizöl", "Fernwärme"],
    F5: ["Erdgas", "Heizöl", "Fernwärme"],
    F6: ["Erdgas", "Heizöl", "Fernwärme", "Nahwärme", "Holzpellets", "Hackschnitzel", "Flüssiggas"],
}
HEAT_WEIGHTS = {"Erdgas": 0.64, "Heizöl": 0.13, "Fernwärme": 0.30, "Nahwärme": 0.07, "Holzpellets": 0.08,
                "Hackschnitzel": 0.04, "Flüssiggas": 0.03}

LAYOUT_KIND = {F1: ("verbrauch_monate", "csv"), F2: ("monatstabelle", "csv"), F3: ("zaehlerstaende", "csv"),
               F4: ("export_en", "csv"), F5: ("unicode", "txt"), F6: ("verbrauch", "xlsx")}

MONTH_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
            "November", "Dezember"]
MONTH_DE_SHORT = ["Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
MONTH_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ENGLISH = {"Strom": "electricity", "Erdgas": "natural gas", "Fernwärme": "district heating",
           "Heizöl": "heating oil", "Wasser": "water"}

# Public holidays in Rheinland-Pfalz 2025 and (approximate) school holidays, for the load profiles
HOLIDAYS_2025 = {date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 1), date(2025, 5, 29),
                 date(2025, 6, 9), date(2025, 6, 19), date(2025, 10, 3), date(2025, 11, 1), date(2025, 12, 25),
                 date(2025, 12, 26)}
SCHOOL_BREAKS_2025 = [(date(2025, 1, 1), date(2025, 1, 7)), (date(2025, 4, 14), date(2025, 4, 25)),
                      (date(2025, 7, 7), date(2025, 8, 15)), (date(2025, 10, 13), date(2025, 10, 24)),
                      (date(2025, 12, 22), date(2025, 12, 31))]


# ---------------------------------------------------------------------------------------------
def dec(value: float, places: int) -> Decimal:
    """The value as it is written to a file: rounded half-up to ``places`` decimals."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def de(d: Decimal, thousands: bool = True) -> str:
    """German number: ``1.234,5`` (or ``1234,5`` without thousands separator)."""
    text = f"{d:,f}" if thousands else f"{d:f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def slugify(text: str) -> str:
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def owner_slug(owner: dict) -> str:
    name = owner["name"].replace(" (Kreisverwaltung)", "")
    if owner["kind"] == "Landkreis":
        return slugify(name.replace("Landkreis ", "lk "))
    return slugify(re.sub(r"^(VG|Stadt) ", "", name))


def to_kwh(value: Decimal, carrier: str, unit: str) -> Decimal:
    if unit == "MWh":
        return value * 1000
    return value * FACTOR.get((carrier, unit), Decimal(1))


def from_kwh(kwh: float, carrier: str, unit: str) -> float:
    if unit == "MWh":
        return kwh / 1000
    return kwh / float(FACTOR.get((carrier, unit), Decimal(1)))


def read_master() -> list[dict]:
    with (HERE / "master" / "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------------------------
class Climate:
    """The shipped climate data: stations of each postcode, monthly G20/15 with completeness, long-term means."""

    def __init__(self):
        self.postcodes: dict[str, tuple[str, list[int]]] = {}  # postcode → (place, stations 1–3)
        with gzip.open(CLIMATE_DIR / "postcode_stations.csv.gz", "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                stations = [int(row[f"station_{i}"]) for i in (1, 2, 3) if row[f"station_{i}"]]
                # every postcode is there twice: with its three stations and with the nearest only
                if len(stations) > len(self.postcodes.get(row["postcode"], ("", []))[1]):
                    self.postcodes[row["postcode"]] = (row["place"], stations)
        self.months: dict[int, dict[tuple[int, int], tuple[float, float]]] = {}  # station → (y, m) → (G, compl.)
        first, last = REFERENCE_PERIOD
        sums: dict[tuple[int, int], list[float]] = {}  # (station, calendar month) → complete reference months
        with gzip.open(CLIMATE_DIR / "dwd_monthly_degree_days.csv.gz", "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["g20_15_kd"] == "":
                    continue
                station, year, month = int(row["station_id"]), int(row["year"]), int(row["month"])
                g = float(row["g20_15_kd"])
                completeness = float(row["completeness"]) if row["completeness"] else 1.0
                if year >= YEARS[0]:
                    self.months.setdefault(station, {})[(year, month)] = (g, completeness)
                if first <= year <= last and completeness >= MIN_COMPLETENESS:
                    sums.setdefault((station, month), []).append(g)
        self.normals: dict[int, dict[int, float]] = {}  # station → calendar month → long-term mean
        for (station, month), values in sums.items():
            if len(values) * 2 >= last - first + 1:  # complete in at least half of the period's years
                self.normals.setdefault(station, {})[month] = sum(values) / len(values)

    def check_postcode(self, postcode: str, place: str) -> None:
        known = self.postcodes.get(postcode)
        if known is None or not (known[0] == place or known[0].startswith(place + " ")):
            raise SystemExit(f"postcode {postcode} of {place}: {known[0] if known else 'not'} in the postcode table")

    def of(self, postcode: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(G20/15 measured, its long-term mean, the station) per year and month (YEARS × 12) of a building with
        this postcode: per month the first of the postcode's stations whose month is complete and which has a
        long-term mean for that calendar month."""
        stations = self.postcodes[postcode][1]
        actual, normal, used = np.zeros((NY, 12)), np.zeros((NY, 12)), np.zeros((NY, 12), dtype=int)
        for yi, year in enumerate(YEARS):
            for m in range(1, 13):
                for station in stations:
                    g, c = self.months.get(station, {}).get((year, m), (None, 0.0))
                    if g is not None and c >= MIN_COMPLETENESS and m in self.normals.get(station, {}):
                        actual[yi, m - 1], normal[yi, m - 1], used[yi, m - 1] = g, self.normals[station][m], station
                        break
                else:
                    raise SystemExit(f"postcode {postcode}: no station with a complete {year}-{m:02d}")
        return actual, normal, used


def choose_trends(rng, owners) -> dict[str, float]:
    """A third of the owners save 3–5 %/year from 2021, a third stay flat, a third rise 1–2 %/year."""
    order = rng.permutation(len(owners))
    third = len(owners) // 3
    trends = {}
    for rank, index in enumerate(order):
        key = owners[index]["municipality_key"]
        if rank < third:
            trends[key] = round(float(rng.uniform(-0.05, -0.03)), 4)
        elif rank < 2 * third + (1 if len(owners) % 3 == 2 else 0):
            trends[key] = round(float(rng.uniform(-0.004, 0.004)), 4)
        else:
            trends[key] = round(float(rng.uniform(0.01, 0.02)), 4)
    return trends


KITAS = ["Sonnenschein", "Regenbogen", "Pusteblume", "Kunterbunt", "Löwenzahn", "Arche Noah",
         "Zwergenland", "Sternschnuppe", "Am Wald", "Schatzkiste"]


def category_plan(owner: dict, n: int, rng) -> list[tuple[str, str]]:
    """(category, name) for the owner's n buildings, names unique within the owner."""
    kind = owner["kind"]
    if kind == "Landkreis":
        plan = district_plan(owner)
    elif kind == "kreisfreie Stadt":
        plan = city_plan(owner)
    else:
        plan = vg_plan(owner, rng)
    return unique_names(plan, n)


def district_plan(owner: dict) -> list[tuple[str, str]]:
    """The buildings of a Landkreis: administration, secondary schools, sports halls, a Bauhof."""
    key = owner["municipality_key"]
    places = OWNERS[key][2]
    seat = places[0]
    seat_name = {"07335": "Kaiserslautern", "07340": "Pirmasens"}.get(key, seat)
    plan = [("Verwaltung", f"Kreisverwaltung {seat_name}")]
    schools = [("Gymnasium", places[1] if key in ("07335", "07340") else seat), ("IGS", places[2]),
               ("Realschule plus", places[3]), ("BBS", places[1] if key in ("07335", "07340") else seat),
               ("Gymnasium", places[4]), ("Realschule plus", places[5]), ("Förderschule", places[3]),
               ("IGS", places[6] if len(places) > 6 else places[2] + " Nord"), ("Realschule plus", places[-1])]
    if key == "07340":
        schools[1] = ("IGS", "Thaleischweiler-Fröschen")
    for kind_of_school, place in schools:
        plan.append(("Schule", f"{kind_of_school} {place}"))
    plan += [("Sporthalle", f"Kreissporthalle {places[1]}"),
             ("Sporthalle", f"Sporthalle am Gymnasium {places[4]}"),
             ("Sonstiges", f"Kreismusikschule {seat_name}"),
             ("Verwaltung", f"Kreisverwaltung Nebengebäude {seat_name}"),
             ("Sporthalle", f"Sporthalle IGS {places[2]}"), ("Sonstiges", f"Kreisvolkshochschule {places[1]}"),
             ("Bauhof", f"Kreisbauhof {places[2]}")]
    return plan


def city_plan(owner: dict) -> list[tuple[str, str]]:
    """The buildings of a kreisfreie Stadt: the city's own plus a Grundschule and a Kita per district."""
    places = OWNERS[owner["municipality_key"]][2]
    city, villages = places[0], places[1:]

    def village(i: int) -> str:
        return villages[i % len(villages)] if villages else city

    plan = [("Verwaltung", f"Rathaus {city}"), ("Straßenbeleuchtung", f"Straßenbeleuchtung Stadt {city}"),
            ("Schwimmbad", f"Hallenbad {city}"), ("Kläranlage", f"Zentralkläranlage {city}"),
            ("Feuerwehr", f"Feuerwache {city}"), ("Bauhof", f"Betriebshof {city}"),
            ("Schule", f"Gymnasium {city}-Nord"), ("Schule", f"IGS {city}"),
            ("Schule", f"Realschule plus {city}"), ("Verwaltung", f"Verwaltungsgebäude {city}-Mitte"),
            ("Sonstiges", f"Stadtbibliothek {city}"), ("Sporthalle", f"Sporthalle {city}-West"),
            ("Bürgerhaus/Dorfgemeinschaftshaus", f"Bürgerhaus {village(0)}")]
    for i, district in enumerate(villages):
        plan.append(("Schule", f"Grundschule {district}"))
        plan.append(("Kita", f"Kita {KITAS[i % len(KITAS)]} {district}"))
    plan += [("Feuerwehr", f"Feuerwehrgerätehaus {village(1)}"), ("Sonstiges", f"Jugendzentrum {city}"),
             ("Sporthalle", f"Turnhalle {village(2)}"),
             ("Bürgerhaus/Dorfgemeinschaftshaus", f"Bürgerhaus {village(3)}"),
             ("Kita", f"Kita Arche Noah {city}"), ("Sonstiges", f"Museum {city}"),
             ("Schule", f"Grundschule {city}-Mitte")]
    return plan


def vg_plan(owner: dict, rng) -> list[tuple[str, str]]:
    """The buildings of a Verbandsgemeinde (or verbandsfreie Gemeinde): seat and villages."""
    key = owner["municipality_key"]
    places = OWNERS[key][2]
    seat, villages = places[0], places[1:]

    def village(i: int) -> str:
        return villages[i % len(villages)] if villages else seat

    vg_name = owner["name"].replace(" (Kreisverwaltung)", "").replace("VG ", "")
    seat_admin = VG_SEAT_NAME.get(key, seat)
    admin = f"Rathaus {seat_admin}" if key not in VG_SEAT_NAME else f"Verbandsgemeindeverwaltung {seat_admin}"
    plan = [("Verwaltung", admin),
            ("Straßenbeleuchtung", f"Straßenbeleuchtung VG {vg_name}"),
            ("Schule", f"Grundschule {seat}"), ("Kita", f"Kita {KITAS[0]} {seat}"),
            ("Feuerwehr", f"Feuerwehrgerätehaus {seat}")]
    if int(owner["population"] or 0) > 17000:
        plan.append(("Schwimmbad", f"Hallenbad {seat}"))
    plan += [("Bürgerhaus/Dorfgemeinschaftshaus", f"Dorfgemeinschaftshaus {village(0)}"),
             ("Bauhof", f"Bauhof {seat}"), ("Schule", f"Grundschule {village(1)}"),
             ("Sporthalle", f"Sporthalle {seat}"), ("Kläranlage", f"Kläranlage {village(2)}"),
             ("Kita", f"Kita {KITAS[1 + int(rng.integers(0, 6))]} {village(3)}"),
             ("Feuerwehr", f"Feuerwehrgerätehaus {village(4)}"),
             ("Bürgerhaus/Dorfgemeinschaftshaus", f"Bürgerhaus {village(5)}"),
             ("Sonstiges", f"Friedhofshalle {seat}"), ("Schule", f"Grundschule {village(2)}"),
             ("Kita", f"Kita {KITAS[7]} {village(5)}"), ("Sporthalle", f"Turnhalle {village(3)}"),
             ("Sonstiges", f"Bücherei {seat}")]
    return plan


def unique_names(plan: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    """The first n entries of plan, a repeated name made unique by a suffix (" II", " Nord" …)."""
    out, used = [], set()
    for category, name in plan:
        if name in used:
            for suffix in (" II", " Nord", " Süd", " West", " Ost", " III"):
                if name + suffix not in used:
                    name += suffix
                    break
        used.add(name)
        out.append((category, name))
        if len(out) == n:
            break
    return out


def building_count(owner: dict, rng) -> int:
    kind = owner["kind"]
    if kind == "kreisfreie Stadt":
        return {"073120000": 27, "073170000": 22, "073200000": 20}[owner["municipality_key"]]
    if kind == "Landkreis":
        return int(rng.integers(13, 17))
    return int(np.clip(round(4 + int(owner["population"]) / 3500 + rng.normal(0, 0.8)), 5, 15))


def make_buildings(rng, owners: list[dict]) -> list[dict]:
    buildings = []
    for owner in owners:
        key = owner["municipality_key"]
        fmt = OWNERS[key][0]
        for category, name in category_plan(owner, building_count(owner, rng), rng):
            area_range, heat_range, elec_range, water_range, built_range = PROFILE[category]
            b = {"owner": owner, "key": key, "fmt": fmt, "name": name, "category": category, "area": None,
                 "year_built": None, "heat_carrier": None, "water": False}
            if area_range is not None:
                lo, hi = area_range
                if category == "Schule" and name.split()[0] in ("Gymnasium", "IGS", "BBS"):
                    lo, hi = 5000, 12000
                if category == "Schule" and name.startswith("Grundschule"):
                    lo, hi = 1100, 3500
                b["area"] = dec(rng.uniform(lo, hi), 1)
                b["year_built"] = int(rng.integers(built_range[0], built_range[1] + 1))
                age = float(np.clip(1 + (1985 - b["year_built"]) / 200, 0.88, 1.15))
                b["heat_spec"] = float(rng.uniform(*heat_range)) * age
                b["elec_spec"] = float(rng.uniform(*elec_range)) if elec_range[1] else 0.0
                b["water_spec"] = float(rng.uniform(*water_range))
                b["water"] = category == "Schwimmbad" or (category != "Kläranlage" and rng.random() < 0.52)
                allowed = [c for c in HEAT_ALLOWED[fmt]
                           if c != "Fernwärme" or owner["kind"] == "kreisfreie Stadt"]
                if category in ("Kläranlage", "Schwimmbad"):
                    allowed = [c for c in allowed if c in ("Erdgas", "Heizöl", "Fernwärme")]
                if owner["kind"] != "Verbandsgemeinde":
                    allowed = [c for c in allowed if c not in ("Hackschnitzel", "Flüssiggas", "Nahwärme")]
                weights = np.array([HEAT_WEIGHTS[c] for c in allowed])
                b["heat_carrier"] = allowed[int(rng.choice(len(allowed), p=weights / weights.sum()))]
            b["noise"] = float(rng.uniform(0.03, 0.05))
            buildings.append(b)
    # every rare carrier at least twice (in the layouts that can hold it)
    for carrier in ("Nahwärme", "Hackschnitzel", "Flüssiggas", "Holzpellets", "Heizöl"):
        have = sum(1 for b in buildings if b["heat_carrier"] == carrier)
        pool = [b for b in buildings if b["heat_carrier"] == "Erdgas" and carrier in HEAT_ALLOWED[b["fmt"]]
                and b["owner"]["kind"] == "Verbandsgemeinde"
                and b["category"] in ("Kita", "Bürgerhaus/Dorfgemeinschaftshaus", "Schule", "Sonstiges")]
        for b in pool[: max(0, 2 - have)]:
            b["heat_carrier"] = carrier
    return buildings


def assign_postcodes(buildings: list[dict], climate: Climate) -> None:
    """Each building's own postcode (``postcode``: OWN_POSTCODES, else None) and the postcode its station
    comes from (``station_postcode``: its own, else its owner's)."""
    for _header, places in OWN_POSTCODES.values():
        for place, postcode in places.items():
            climate.check_postcode(postcode, place)
    for b in buildings:
        places = OWN_POSTCODES.get(b["key"], ("", {}))[1]
        named = [p for p in sorted(places, key=len, reverse=True) if re.search(rf"(^| ){re.escape(p)}( |$)", b["name"])]
        b["postcode"] = places[named[0]] if named else None
        b["station_postcode"] = b["postcode"] or b["owner"]["postcode"]
        if b["station_postcode"] not in climate.postcodes:
            raise SystemExit(f"{b['name']}: postcode {b['station_postcode']} not in the postcode table")


def monthly_series(rng, b: dict, trend: float, climate: tuple | None) -> dict[str, np.ndarray]:
    """{carrier: (years, 12)} in kWh (water in m³), before any unit conversion or rounding. ``climate``:
    the building's (measured G20/15, long-term mean, station) per year and month (:meth:`Climate.of`).

    Heat = annual heat × ((1 − s) × G_month / Σ long-term means of the year's months + s × hot-water
    shape), s the hot-water share of the category: over a year the weather-dependent share is scaled by
    G_actual / G_longterm of the building's station, which is what ktdash's normalisation divides out."""
    years = np.array(YEARS)
    growth = np.where(years >= 2021, (1 + trend) ** (years - 2020), 1.0)[:, None]
    series: dict[str, np.ndarray] = {}

    def noisy(shape):
        return rng.normal(1.0, b["noise"], shape)

    category = b["category"]
    if category == "Straßenbeleuchtung":
        pop = int(b["owner"]["population"] or 20000)
        annual = pop * rng.uniform(28, 45)
        shape = NIGHT_HOURS * np.array([monthrange(2021, m)[1] for m in range(1, 13)])
        series["Strom"] = annual * (shape / shape.sum())[None, :] * growth * noisy((NY, 12))
        return series
    area = float(b["area"])
    if category == "Kläranlage":
        annual_elec = (rng.uniform(2.0e6, 3.5e6) if b["owner"]["kind"] == "kreisfreie Stadt"
                       else rng.uniform(1.5e5, 7.0e5))
        elec_shape = ELEC_SHAPE_FLAT
    else:
        annual_elec = b["elec_spec"] * area
        elec_shape = ELEC_SHAPE_FLAT if category == "Schwimmbad" else ELEC_SHAPE
    series["Strom"] = annual_elec * (elec_shape / elec_shape.sum())[None, :] * growth * noisy((NY, 12))
    if b["heat_carrier"]:
        annual_heat = b["heat_spec"] * area
        share = hot_water_share(category)
        actual, normal, _stations = climate
        space = (1 - share) * actual / normal.sum(axis=1, keepdims=True)
        base = share / 12 * (np.array([0.95, 1, 1, 1, 1, 1, 0.95, 0.7, 1, 1, 1, 0.95])
                             if category in ("Schule", "Kita") else np.ones(12))
        crisis = np.array([CRISIS.get(y, 1.0) for y in YEARS])[:, None]
        series[b["heat_carrier"]] = annual_heat * (space + base[None, :]) * growth * crisis * noisy((NY, 12))
    if b["water"]:
        annual_water = b["water_spec"] * area
        series["Wasser"] = annual_water * (WATER_SHAPE / WATER_SHAPE.sum())[None, :] * growth * noisy((NY, 12))
    return series


# ---------------------------------------------------------------------------------------------
class Truth:
    """Ground truth per (municipality, building, carrier, year) in kWh / m³, as exact Decimals."""

    def __init__(self):
        self.rows: dict[tuple[str, str, str, int], Decimal] = {}

    def add(self, key: str, building: str, carrier: str, year: int, value: Decimal) -> None:
        k = (key, building, carrier, year)
        self.rows[k] = self.rows.get(k, Decimal(0)) + value


def unit_for(fmt: str, carrier: str, options: dict) -> str:
    """The unit an owner's export writes a carrier in."""
    if carrier == "Wasser":
        return "m3" if fmt in (F4, F5) else "m³"
    if carrier == "Strom":
        return options.get("elec_unit", "kWh") if fmt == F1 else "kWh"
    if carrier == "Erdgas":
        gas = options.get("gas_unit", "kWh")
        if fmt == F3:
            return "m³"
        return "m3" if (gas == "m³" and fmt in (F4, F5)) else gas
    if fmt in (F4, F5):
        return "kWh"  # English exports convert everything else to kWh
    return {"Heizöl": "l", "Holzpellets": "kg", "Hackschnitzel": "kg", "Flüssiggas": "l"}.get(carrier, "kWh")


def canonical_unit(unit: str) -> str:
    return "m³" if unit == "m3" else unit


def places_for(fmt: str, unit: str) -> int:
    if unit == "MWh":
        return 3
    return {F1: 1, F2: 1, F4: 2, F5: 1, F6: 1}[fmt]


def records_of(owner_buildings, series_of, fmt, options, skip):
    """[(building, carrier, year, month, Decimal value in file unit, unit)] in file order."""
    rows = []
    for b in owner_buildings:
        for carrier, values in series_of.get(b["name"], {}).items():
            if carrier in skip.get(b["name"], ()):
                continue
            unit = unit_for(fmt, carrier, options)
            for yi, year in enumerate(YEARS):
                if (b["name"], carrier, year) in skip.get("__periods__", set()):
                    continue
                for m in range(12):
                    value = from_kwh(values[yi, m], carrier, canonical_unit(unit))
                    rows.append((b, carrier, year, m + 1, dec(value, places_for(fmt, unit)), unit))
    return rows


# Gross prices per kWh (water: per m³) of the owners whose export carries a cost column; a
# synthetic path with the 2022/2023 price peak, not market data.
PRICE = {
    "Strom": [0.26, 0.27, 0.28, 0.36, 0.42, 0.34, 0.31],
    "Erdgas": [0.055, 0.056, 0.062, 0.110, 0.140, 0.100, 0.090],
    "Heizöl": [0.070, 0.050, 0.070, 0.130, 0.110, 0.100, 0.095],
    "Fernwärme": [0.085, 0.087, 0.090, 0.120, 0.150, 0.130, 0.120],
    "Holzpellets": [0.050, 0.048, 0.052, 0.110, 0.090, 0.070, 0.068],
    "Wasser": [4.10, 4.15, 4.20, 4.30, 4.45, 4.60, 4.70],
}


def write_f1(owner, records, truth, options) -> bytes:
    key = owner["municipality_key"]
    costs = options.get("costs", False)
    lines = [f"Energiecontrolling {owner['name']}", "Export vom 15.01.2026", "",
             "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit" + (";Kosten (€)" if costs else "")]
    words = {"Erdgas": options.get("gas_word", "Erdgas"), "Holzpellets": "Pellets"}
    for b, carrier, year, month, value, unit in records:
        kwh = to_kwh(value, carrier, canonical_unit(unit))
        cost = f";{de(dec(float(kwh) * PRICE[carrier][YEARS.index(year)], 2))}" if costs else ""
        lines.append(f"{b['name']};{words.get(carrier, carrier)};{month:02d}.{year};{de(value)};{unit}{cost}")
        truth.add(key, b["name"], carrier, year, kwh)
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def wide_rows(records):
    rows: dict[tuple, list] = {}
    order = []
    for b, carrier, year, month, value, unit in records:
        k = (b["name"], carrier, year, unit)
        if k not in rows:
            rows[k] = [None] * 12
            order.append(k)
        rows[k][month - 1] = value
    return order, rows


def write_f2(owner, records, truth, options) -> bytes:
    key = owner["municipality_key"]
    short = options.get("short_months", False)
    months, total_word = (MONTH_DE_SHORT, "Gesamt") if short else (MONTH_DE, "Summe")
    lines = [";".join(["Gebäude", "Medium", "Jahr", "Einheit", *months, total_word]) + ";;"]
    order, rows = wide_rows(records)
    month_sums, grand = [Decimal(0)] * 12, Decimal(0)
    for k in order:
        name, carrier, year, unit = k
        values = rows[k]
        row_sum = sum(values, Decimal(0))
        lines.append(";".join([name, carrier, str(year), unit, *(de(v) for v in values), de(row_sum)]) + ";;")
        month_sums = [a + v for a, v in zip(month_sums, values, strict=True)]
        grand += row_sum
        for v in values:
            truth.add(key, name, carrier, year, to_kwh(v, carrier, unit))
    lines.append(";".join(["Summe", "", "", "", *(de(v) for v in month_sums), de(grand)]) + ";;")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def write_f4(owner, records, truth, options) -> bytes:
    key = owner["municipality_key"]
    lines = ["building,carrier,period_start,period_end,consumption,unit"]
    for b, carrier, year, month, value, unit in records:
        start = date(year, month, 1)
        end = date(year, month, monthrange(year, month)[1])
        lines.append(f"{b['name']},{ENGLISH[carrier]},{start.isoformat()},{end.isoformat()},{value:f},{unit}")
        truth.add(key, b["name"], carrier, year, to_kwh(value, carrier, canonical_unit(unit)))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_f5(owner, records, truth, options) -> bytes:
    key = owner["municipality_key"]
    lines = ["\t".join(["Building", "Carrier", "Year", "Unit", *MONTH_EN])]
    order, rows = wide_rows(records)
    for k in order:
        name, carrier, year, unit = k
        lines.append("\t".join([name, ENGLISH[carrier], str(year), unit, *(de(v, thousands=False) for v in rows[k])]))
        for v in rows[k]:
            truth.add(key, name, carrier, year, to_kwh(v, carrier, canonical_unit(unit)))
    return b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def write_f6(owner, records, truth, options) -> bytes:
    # openpyxl writes its XML with lxml when lxml is installed (python-docx brings it), with the standard library
    # otherwise: the bytes differ (namespaces, " />"). The committed files are the standard library's, whatever
    # is installed (read when openpyxl is first imported; this script imports it only here).
    os.environ["OPENPYXL_LXML"] = "False"
    import openpyxl

    key = owner["municipality_key"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Verbrauch"
    sheet.append([f"Verbrauchsübersicht {owner['name']}"])
    sheet.append([])
    sheet.append(["Gebäude", "Medium", "Jahr", "Einheit", *MONTH_DE, "Summe"])
    order, rows = wide_rows(records)
    for k in order:
        name, carrier, year, unit = k
        values = rows[k]
        sheet.append([name, carrier, year, unit, *(float(v) for v in values), float(sum(values, Decimal(0)))])
        for v in values:
            truth.add(key, name, carrier, year, to_kwh(v, carrier, unit))
    sheet.column_dimensions["A"].width = 38
    info = book.create_sheet("Info")
    for row in (["Verbrauchsübersicht", owner["name"]], ["Stand", "15.01.2026"],
                ["Zeitraum", "01.2019 bis 12.2025"],
                ["Hinweis", "Monatswerte laut Abrechnung bzw. Zählerablesung; Spalte Summe = Jahressumme"],
                ["Quelle", "ktdash Demo-Generator (synthetische Daten)"]):
        info.append(row)
    stamp = datetime(2026, 1, 15, 8, 0, 0)
    book.properties.creator = "Energiecontrolling"
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Re-pack an XLSX with fixed timestamps, so the same seed gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 15, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the current time
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2026-01-15T08:00:00Z\g<2>", content)
            target.writestr(info, content)
    return buffer.getvalue()


def write_f3(owner, owner_buildings, series_of, truth, rng) -> bytes:
    """Cumulative readings on the 1st of each month; exactly one meter exchange in the file."""
    key = owner["municipality_key"]
    lines = ["Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit"]
    meters = [(b, carrier) for b in owner_buildings for carrier in series_of[b["name"]]]
    candidates = [i for i, (b, c) in enumerate(meters)
                  if c in ("Strom", "Erdgas") and b["category"] != "Straßenbeleuchtung"]
    exchange_meter = candidates[int(rng.integers(len(candidates)))]
    exchange_at = int(rng.integers(14, 70))  # index of the month whose first day is the exchange date
    prefix = {"Strom": "1ESY", "Erdgas": "7GMT", "Wasser": "WZ"}
    START_READING = {"Strom": (20000, 900000), "Erdgas": (2000, 400000), "Wasser": (100, 15000)}
    for index, (b, carrier) in enumerate(meters):
        unit = "kWh" if carrier == "Strom" else "m³"
        values = series_of[b["name"]][carrier].reshape(-1)
        if carrier == "Erdgas":
            values = values / float(FACTOR[("Erdgas", "m³")])
        number = f"{prefix[carrier]}{int(rng.integers(10**7, 10**8))}"
        cumulative = float(rng.integers(*START_READING[carrier]))
        reading = round(cumulative)
        dates = [date(2019 + (i // 12), i % 12 + 1, 1) for i in range(NY * 12 + 1)]
        lines.append(f"{b['name']};{number};{carrier};{dates[0]:%d.%m.%Y};{reading};{unit}")
        for i in range(NY * 12):
            if index == exchange_meter and i == exchange_at:
                number = f"{prefix[carrier]}{int(rng.integers(10**7, 10**8))}"
                cumulative = float(rng.integers(0, 25))
                reading = round(cumulative)
                lines.append(f"{b['name']};{number};{carrier};{dates[i]:%d.%m.%Y};{reading};{unit}")
            cumulative += values[i]
            new = round(cumulative)
            lines.append(f"{b['name']};{number};{carrier};{dates[i + 1]:%d.%m.%Y};{new};{unit}")
            truth.add(key, b["name"], carrier, dates[i].year, to_kwh(Decimal(new - reading), carrier, unit))
            reading = new
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_f7(owner, records, truth) -> bytes:
    """Yearly water consumption, Windows-1252."""
    key = owner["municipality_key"]
    sums: dict[tuple[str, int], float] = {}
    names = []
    for b, _carrier, year, _month, value, _unit in records:
        if b["name"] not in names:
            names.append(b["name"])
        sums[(b["name"], year)] = sums.get((b["name"], year), 0.0) + float(value)
    lines = ["Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit"]
    for name in names:
        for year in YEARS:
            value = dec(sums[(name, year)], 1)
            lines.append(f"{name};Wasser;{year};{de(value)};m³")
            truth.add(key, name, "Wasser", year, value)
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def written_area(b) -> Decimal | None:
    """The area the buildings file states: the model's, except for the injected master-data problems."""
    if (b["key"], b["name"]) == NO_AREA:
        return None
    if (b["key"], b["name"]) == AREA_TYPO:
        return (b["area"] / 10).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return b["area"]


def check_problem_targets(buildings: list[dict]) -> None:
    """Every injected problem names a building of the model that is no load-profile building;
    gaps and stale ends only where the owner's layout is long (F1, F4)."""
    known = {(b["key"], b["name"]) for b in buildings if b["area"] is not None}
    profiles = {(key, name) for key, name, _ in LOAD_PROFILES}
    for target in (GAP, STALE, SPIKE, ZERO, NO_AREA, AREA_TYPO):
        if target[:2] not in known or target[:2] in profiles:
            raise SystemExit(f"injected problem: {target[1]} ({target[0]}) is no heated non-load-profile building")
    for target in (GAP, STALE, UNLISTED):
        if OWNERS[target[0]][0] not in (F1, F4):
            raise SystemExit(f"injected problem: {target[0]} has no long layout (F1, F4)")


def inject_problems(key: str, records: list, own: list[dict]) -> list:
    """Records with the injected gap, stale end, spike and zero of this owner (see GAP … ZERO)."""
    heat = {b["name"]: b["heat_carrier"] for b in own}
    out = []
    for b, carrier, year, month, value, unit in records:
        series, at = (key, b["name"], carrier), (year, month)
        if series == GAP[:3] and at in GAP[3] or series == STALE[:3] and at > STALE[3]:
            continue
        if (key, b["name"]) == SPIKE[:2] and carrier == heat[b["name"]] and at == SPIKE[3]:
            value = value * SPIKE[4]
        if series == ZERO[:3] and at == ZERO[3]:
            value = value * 0
        out.append((b, carrier, year, month, value, unit))
    return out


def unlisted_building(owner: dict, seed: int, trend: float) -> tuple[dict, dict]:
    """The building only the consumption file names (UNLISTED): electricity, from its own generator
    so that the main random stream, and with it every other value of the demo, stays as it was."""
    key, name, area, elec_spec = UNLISTED
    b = {"owner": owner, "key": key, "fmt": OWNERS[key][0], "name": name, "category": "Sonstiges", "area": area,
         "elec_spec": elec_spec, "heat_carrier": None, "water": False, "noise": 0.04}
    return b, monthly_series(np.random.default_rng([seed, 1]), b, trend, None)  # electricity only


def write_buildings(owner, owner_buildings, index) -> bytes:
    header = ("Gebäude;Kategorie;Fläche m²;Baujahr" if index % 3 == 1
              else "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr")
    postcodes = owner["municipality_key"] in OWN_POSTCODES  # a postcode column: the building's own or empty
    if postcodes:
        header += ";" + OWN_POSTCODES[owner["municipality_key"]][0]
    lines = [header]
    for b in owner_buildings:
        area = de(written_area(b)) if written_area(b) is not None else ""
        postcode = f";{b['postcode'] or ''}" if postcodes else ""
        lines.append(f"{b['name']};{b['category']};{area};{b['year_built'] or ''}{postcode}")
    text = "\r\n".join(lines) + "\r\n"
    return text.encode("utf-8-sig") if index % 2 == 0 else text.encode("cp1252")


def load_profile(rng, b, monthly_kwh: np.ndarray, step: int) -> tuple[list[datetime], list[Decimal]]:
    """Interval values (kWh, 3 decimals) of 2025 whose monthly sums follow the building's model."""
    start = datetime(2025, 1, 1)
    n = 365 * 24 * 60 // step
    stamps = [start + timedelta(minutes=step * i) for i in range(n)]
    hours = np.array([s.hour + s.minute / 60 for s in stamps])
    days = [s.date() for s in stamps]
    weekday = np.array([d.weekday() for d in days])
    holiday = np.array([d in HOLIDAYS_2025 for d in days])
    school_break = np.array([any(a <= d <= z for a, z in SCHOOL_BREAKS_2025) for d in days])
    work = (weekday < 5) & ~holiday
    if b["category"] == "Schwimmbad":
        open_ = (hours >= 6.5) & (hours < 22) & ~holiday
        shape = 0.55 + 0.45 * open_ + 0.1 * ((hours >= 16) & (hours < 20))
    elif b["category"] == "Schule":
        lessons = work & ~school_break & (hours >= 7) & (hours < 16.5)
        shape = 0.22 + 0.78 * lessons + 0.15 * (work & school_break & (hours >= 8) & (hours < 15))
    else:  # Rathaus
        office_end = np.where(weekday == 4, 13.0, 18.0)
        office = work & (hours >= 7) & (hours < office_end)
        shape = 0.30 + 0.70 * office
    shape = shape * rng.normal(1.0, 0.06, n).clip(0.7, 1.3)
    months = np.array([s.month for s in stamps])
    values = np.zeros(n)
    for m in range(1, 13):
        mask = months == m
        values[mask] = shape[mask] / shape[mask].sum() * monthly_kwh[m - 1]
    return stamps, [dec(v, 3) for v in values]


# ---------------------------------------------------------------------------------------------
# Campaigns, activities and register extracts (sample_data/README.md, "Campaigns, activities and
# register extracts"). Everything here draws from its own random stream [seed, 4]: the energy files
# above stay byte-identical, and new rows go to the end of manifest.csv.
TODAY = date(2026, 11, 25)  # the demo's "today": later activities are planned and have no figures
REGISTER_AS_OF = date(2026, 11, 1)  # data status of the register extracts
PV_FIRST, PV_LAST = date(2019, 1, 1), date(2026, 10, 31)  # commissioning dates of the register units
# Solar additions per 1,000 inhabitants and year (2026: January to October), before the ±30 %
# variation per municipality and the campaign effect
PV_RATE = {2019: 3.0, 2020: 3.8, 2021: 4.5, 2022: 7.5, 2023: 12.5, 2024: 11.0, 2025: 9.5, 2026: 7.0}
PLUG_IN_SHARE = {2019: 0.02, 2020: 0.04, 2021: 0.07, 2022: 0.15, 2023: 0.32, 2024: 0.45, 2025: 0.45, 2026: 0.45}
COMMERCIAL_SHARE = 0.05  # of the additions: 30–750 kWp (not influenced by campaigns)
GROUND_MOUNTED = 7  # Freifläche units 1–8 MWp in the whole region 2019–2026
PV_MONTH_WEIGHT = np.array([0.65, 0.70, 0.95, 1.05, 1.10, 1.10, 1.05, 1.00, 1.00, 1.00, 0.95, 1.30])
CAMPAIGN_UPLIFT = 0.25  # extra rooftop + plug-in additions in a Photovoltaik campaign's municipalities …
CAMPAIGN_UPLIFT_MONTHS = 12  # … in the 12 months from the campaign's Beginn

TOPICS = ("Photovoltaik", "Wärme", "Mobilität", "Bauleitplanung", "Energiesparen")
# Nr, Kampagne, Thema, Federführung, Beteiligte Kommunen, Beginn, Ende, Beschreibung
CAMPAIGNS = [
    ("K2022-01", "Energiesparen im Winter 2022/23", "Energiesparen", "Stadt Kaiserslautern", "alle",
     date(2022, 9, 15), date(2023, 3, 31),
     "Gemeinsame Energiespar-Kampagne zur Gaskrise: Tipps für Haushalte, Vorträge, Infostände, Presse"),
    ("K2023-01", "Solaroffensive Landkreis Kusel", "Photovoltaik", "Landkreis Kusel (Kreisverwaltung)",
     "Landkreis Kusel", date(2023, 3, 1), date(2023, 11, 30),
     "Solar-Checks für Eigenheime, Infoabende und Infostände in allen Verbandsgemeinden des Kreises"),
    ("K2023-02", "Thermografie-Spaziergänge 2023", "Wärme", "VG Landstuhl",
     "Stadt Kaiserslautern, VG Landstuhl, VG Ramstein-Miesenbach, VG Weilerbach",
     date(2023, 1, 9), date(2023, 3, 17),
     "Abendliche Rundgänge mit Wärmebildkamera, anschließend Beratung zu Dämmung und Heizung"),
    ("K2023-03", "Klimaschutz in der Bauleitplanung", "Bauleitplanung", "Landkreis Südwestpfalz (Kreisverwaltung)",
     "alle", date(2023, 4, 1), date(2023, 11, 30),
     "Workshopreihe für Bauämter und Ratsmitglieder: Solarfestsetzungen, Wärmeversorgung, Klimaanpassung"),
    ("K2023-04", "Solaroffensive Südwestpfalz", "Photovoltaik", "Stadt Pirmasens",
     "Landkreis Südwestpfalz, Stadt Pirmasens, Stadt Zweibrücken", date(2023, 9, 1), date(2024, 5, 31),
     "Gemeinsame PV-Kampagne von Kreis und Städten: Solar-Checks, Vorträge, Webinare, Solarkataster"),
    ("K2023-05", "Stadtradeln Westpfalz 2023", "Mobilität", "Landkreis Kaiserslautern (Kreisverwaltung)",
     "alle", date(2023, 5, 15), date(2023, 7, 15),
     "Drei Wochen Radeln für das Klima, begleitet von Infoständen und geführten Radtouren"),
    ("K2024-01", "Heizungstausch und Wärmepumpe", "Wärme", "Donnersbergkreis (Kreisverwaltung)",
     "Donnersbergkreis, Landkreis Kaiserslautern", date(2024, 1, 15), date(2024, 12, 15),
     "Beratungsoffensive zum Gebäudeenergiegesetz: Vorträge, Webinare, Einzelberatungen"),
    ("K2024-02", "Solaroffensive Nordpfalz: Dach und Balkon", "Photovoltaik", "Donnersbergkreis",
     "Donnersbergkreis, VG Enkenbach-Alsenborn, VG Otterbach-Otterberg", date(2024, 4, 15), date(2024, 10, 31),
     "PV auf jedes geeignete Dach und Steckersolargeräte für Mieter: Solar-Checks und Infoabende"),
    ("K2024-03", "E-Carsharing im ländlichen Raum", "Mobilität", "Landkreis Kusel",
     "Landkreis Kusel, VG Dahner Felsenland, VG Hauenstein", date(2024, 5, 1), date(2024, 9, 30),
     "Infotour zu Dorfautos und E-Carsharing mit Probefahrten und Besichtigungen"),
    ("K2025-01", "Solaroffensive 2025: Balkonkraftwerke", "Photovoltaik", "Stadt Kaiserslautern",
     "Stadt Kaiserslautern, VG Landstuhl, VG Ramstein-Miesenbach, VG Kusel-Altenglan",
     date(2025, 3, 1), date(2025, 9, 30),
     "Steckersolargeräte für Mietwohnungen und Eigenheime, Sammelbestellung, Solar-Checks"),
    ("K2026-01", "Wärmepumpen-Wochen 2026", "Wärme", "Landkreis Kaiserslautern",
     "Landkreis Kaiserslautern, Landkreis Kusel, Stadt Kaiserslautern", date(2026, 2, 1), date(2026, 12, 31),
     "Vorträge, Besichtigungen und Beratung zu Wärmepumpen im Bestand"),
    ("K2026-02", "Energiesparen im Winter 2026/27", "Energiesparen", "VG Kusel-Altenglan", "alle",
     date(2026, 10, 1), date(2027, 3, 31), "Neuauflage der Energiespar-Kampagne mit Stromspar-Tipps für Haushalte"),
    ("K2027-01", "Solaroffensive 2027: Mieterstrom und Gewerbedächer", "Photovoltaik",
     "Landkreis Südwestpfalz (Kreisverwaltung)", "Donnersbergkreis, Landkreis Südwestpfalz",
     date(2027, 3, 1), date(2027, 9, 30), "Geplant: PV auf Mehrfamilienhäusern und Gewerbedächern"),
    ("K2027-02", "Stadtradeln Westpfalz 2027", "Mobilität", "Stadt Kaiserslautern", "alle",
     date(2027, 5, 3), date(2027, 7, 2), "Geplant: Stadtradeln mit Auftakt in Kaiserslautern"),
    ("K2027-03", "Kommunale Wärmeplanung: Bürgerdialoge", "Wärme", "Donnersbergkreis",
     "Donnersbergkreis, Landkreis Kusel", date(2027, 2, 1), date(2027, 6, 30),
     "Geplant: Vorstellung der Wärmepläne und Beratung zu Anschluss und Heizungstausch"),
]

# The campaigns each district recorded activities for. Not every member records something, and no
# district covers every topic (the gaps are on purpose): Kaiserslautern no Bauleitplanung, Pirmasens
# no Wärme and Mobilität, Zweibrücken no Wärme and Bauleitplanung, Donnersbergkreis no Mobilität,
# Landkreis Kaiserslautern no Energiesparen, Landkreis Kusel no Bauleitplanung, Südwestpfalz no Wärme.
ACTIVITY_COVERAGE = {
    "073120000": ["K2022-01", "K2023-02", "K2023-05", "K2025-01", "K2026-01", "K2026-02", "K2027-02"],
    "073170000": ["K2022-01", "K2023-03", "K2023-04", "K2026-02"],
    "073200000": ["K2023-04", "K2023-05", "K2026-02"],
    "07333": ["K2022-01", "K2023-03", "K2024-01", "K2024-02", "K2027-01", "K2027-03"],
    "07335": ["K2023-02", "K2023-03", "K2023-05", "K2024-01", "K2024-02", "K2025-01", "K2026-01", "K2027-02"],
    "07336": ["K2022-01", "K2023-01", "K2024-03", "K2025-01", "K2026-01", "K2026-02", "K2027-03"],
    "07340": ["K2022-01", "K2023-03", "K2023-04", "K2024-03", "K2026-02", "K2027-01"],
}
# topic: (kinds in a municipality with weights, items per municipality, district-wide kinds)
TOPIC_KINDS = {
    "Photovoltaik": ({"Solar-Check": 4, "Vortrag": 3, "Infostand": 2, "Beratung": 2}, (2, 5),
                     ("Newsletter", "Presse", "Webinar")),
    "Wärme": ({"Vortrag": 3, "Beratung": 3, "Thermografie-Spaziergang": 2}, (2, 4), ("Webinar", "Presse")),
    "Mobilität": ({"Infostand": 3, "Exkursion": 2}, (1, 3), ("Presse",)),
    "Bauleitplanung": ({"Workshop": 1}, (1, 2), ("Webinar", "Workshop")),
    "Energiesparen": ({"Vortrag": 2, "Infostand": 2}, (1, 3), ("Newsletter", "Presse")),
}
KIND_OVERRIDE = {"K2023-02": {"Thermografie-Spaziergang": 6, "Beratung": 2}}  # a campaign's own mix
ACTIVITY_HEADER = ["Kampagne", "Datum", "Kommune", "Format", "Art", "Titel", "Kosten (EUR)", "Teilnehmende",
                   "Anmeldungen", "Beratungen", "Seitenaufrufe", "Leads", "Umsetzungen"]
ACTIVITY_HEADER_ALT = ["Kampagnen-Nr", "Termin", "Gemeinde", "Veranstaltungsformat", "Veranstaltungsart", "Titel",
                       "Kosten", "Teilnehmer", "Anmeldungen", "Beratungsgespräche", "Aufrufe", "Interessenten",
                       "umgesetzte Maßnahmen"]
# district owner key: (encoding, title line above an empty line, alternative headers, Excel pads every
# line with ';' to the width of the table)
ACTIVITY_FILES = {
    "073120000": ("utf-8-sig", None, False, False),
    "073170000": ("cp1252", "Kampagnenaktivitäten Stadt Pirmasens", False, True),
    "073200000": ("utf-8-sig", None, True, False),
    "07333": ("utf-8-sig", "Klimaschutz-Kampagnen Donnersbergkreis: Aktivitäten (Stand 25.11.2026)", False, False),
    "07335": ("cp1252", None, False, False),
    "07336": ("utf-8-sig", "Kampagnen-Controlling Landkreis Kusel", False, True),
    "07340": ("utf-8-sig", None, False, False),
}

# The public CSV export of the Marktstammdatenregister, "Erweiterte Einheitenübersicht" of the
# Stromerzeugungseinheiten: UTF-8 with BOM, ';', every field in double quotes, dates d.m.yyyy without
# leading zeros, decimal comma without thousands separator. The full export has 56 columns; these
# are 15 of them, in the export's order (see sample_data/README.md for what is verified).
MASTR_HEADER = ["MaStR-Nr. der Einheit", "Anzeige-Name der Einheit", "Betriebs-Status", "Energieträger",
                "Bruttoleistung der Einheit", "Nettonennleistung der Einheit", "Inbetriebnahmedatum der Einheit",
                "Registrierungsdatum der Einheit", "Bundesland", "Postleitzahl", "Ort", "Gemeindeschlüssel",
                "Gemeinde", "Landkreis", "Art der Solaranlage"]
SOLAR = "Solare Strahlungsenergie"
ROOFTOP = "Bauliche Anlagen (Hausdach, Gebäude und Fassade)"
OTHER_STRUCTURE = "Bauliche Anlagen (Sonstige)"
PLUG_IN = "Steckerfertige Erzeugungsanlage (sog. Plug-In- oder Balkon-PV-Anlage)"
GROUND = "Freifläche"
MASTR_KREIS = {"07312": "Kaiserslautern", "07317": "Pirmasens", "07320": "Zweibrücken", "07333": "Donnersbergkreis",
               "07335": "Kaiserslautern", "07336": "Kusel", "07340": "Südwestpfalz"}
CITY_AGS = {"073120000": "07312000", "073170000": "07317000", "073200000": "07320000"}
# Postcode written for a municipality's units: the seat's postcode (a simplification, see README)
SEAT_PLZ = {"073120000": ("67655", "67657", "67659", "67661", "67663"), "073170000": ("66953", "66954", "66955"),
            "073200000": ("66482",), "073335002": ("67304",), "073335003": ("67307",), "073335004": ("67292",),
            "073335006": ("67722",), "073335007": ("67806",), "073355001": ("66892",), "073355002": ("67677",),
            "073355008": ("66877",), "073355009": ("67685",), "073355010": ("67697",), "073355011": ("66849",),
            "073365008": ("67742",), "073365009": ("66901",), "073365010": ("66869",), "073405001": ("66994",),
            "073405002": ("76846",), "073405003": ("66969",), "073405004": ("66976",), "073405006": ("67714",),
            "073405008": ("66497",), "073405009": ("66987",)}
ROOF_NAMES = ("PV-Anlage", "Hausdach", "Photovoltaik", "PV Dach", "PV", "Solaranlage", "PV Wohnhaus", "Dach Süd",
              "PV Garage", "PV-Anlage Ost-West", "Carport")
PLUG_IN_NAMES = ("Balkonkraftwerk", "Balkon", "Steckersolar", "BKW", "Mini-PV", "Balkon-PV", "Stecker-PV")
COMMERCIAL_NAMES = ("PV Halle", "Gewerbedach", "PV-Anlage Betrieb", "Hallendach", "PV Scheune", "Stalldach",
                    "PV Lager", "Produktionshalle")
MODULE_WP = {2019: (300, 330), 2020: (320, 350), 2021: (340, 370), 2022: (360, 400), 2023: (380, 420),
             2024: (400, 440), 2025: (420, 450), 2026: (430, 460)}


def de_date(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, min(d.day, monthrange(d.year + y, m + 1)[1]))


def read_districts() -> list[dict]:
    with (HERE / "master" / "districts.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def resolve_members(text: str, owners: list[dict], districts: list[dict]) -> list[str]:
    """Owner keys (with population) named by a 'Beteiligte Kommunen' cell."""
    populated = [o for o in owners if o["population"]]
    if text.strip() == "alle":
        return [o["municipality_key"] for o in populated]
    keys: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        by_name = [o["municipality_key"] for o in populated if o["name"] == part]
        district = [d["district_key"] for d in districts if d["name"] == part]
        found = by_name or [o["municipality_key"] for o in populated if district and o["district_key"] == district[0]]
        if not found:
            raise SystemExit(f"campaign member {part!r} is neither a municipality nor a district")
        keys += [k for k in found if k not in keys]
    return keys


def check_campaigns(owners: list[dict], districts: list[dict]) -> None:
    names = {o["name"] for o in owners} | {d["name"] for d in districts}
    for nr, _name, topic, lead, members, start, end, _text in CAMPAIGNS:
        if topic not in TOPICS or lead not in names or end < start:
            raise SystemExit(f"campaign {nr}: topic, lead or dates invalid")
        resolve_members(members, owners, districts)


def write_campaigns() -> bytes:
    lines = ["Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende;Beschreibung"]
    for nr, name, topic, lead, members, start, end, text in CAMPAIGNS:
        lines.append(";".join([nr, name, topic, lead, members, de_date(start), de_date(end), text]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def de_count(n: int | None) -> str:
    return "" if n is None else de(Decimal(n))


def activity_format(kind: str, rng) -> str:
    if kind in ("Webinar", "Newsletter", "Presse"):
        return "online"
    if kind == "Vortrag":
        return "hybrid" if rng.random() < 0.3 else "Präsenz"
    if kind == "Workshop":
        return "hybrid" if rng.random() < 0.35 else "Präsenz"
    if kind == "Beratung":
        return "online" if rng.random() < 0.2 else "Präsenz"
    return "Präsenz"


FIGURES = ("cost", "participants", "registrations", "consultations", "page_views", "leads", "outcomes")


def draw_int(rng, lo: int, hi: int) -> int:
    return int(rng.integers(lo, hi + 1))


def webinar_figures(rng) -> dict:
    participants = draw_int(rng, 25, 150)
    return {"participants": participants, "registrations": round(participants * rng.uniform(1.1, 1.8)),
            "cost": rng.uniform(150, 450)}


def talk_figures(rng) -> dict:
    """A Vortrag: half of them with registrations."""
    f = {"participants": draw_int(rng, 15, 90)}
    if rng.random() < 0.5:
        f["registrations"] = f["participants"] + draw_int(rng, 0, 15)
    f["cost"] = rng.uniform(250, 700)
    return f


def consultation_figures(rng, cost_lo: float, cost_hi: float) -> dict:
    """A Solar-Check or a Beratung: the participants are the consultations, the cost is per consultation."""
    f = {}
    f["consultations"] = f["participants"] = draw_int(rng, 8, 40)
    f["cost"] = f["consultations"] * rng.uniform(cost_lo, cost_hi)
    if rng.random() < 0.4:
        f["outcomes"] = round(f["consultations"] * rng.uniform(0.12, 0.45))
    return f


def registered_figures(rng, participants: tuple[int, int], late: int, cost: tuple[float, float]) -> dict:
    """An event with registration: up to `late` registered people did not come."""
    f = {"participants": draw_int(rng, *participants)}
    f["registrations"] = f["participants"] + draw_int(rng, 0, late)
    f["cost"] = rng.uniform(*cost)
    return f


def stand_figures(rng) -> dict:
    participants = draw_int(rng, 40, 220)
    return {"participants": participants, "cost": rng.uniform(100, 450)}


def publication_figures(rng) -> dict:
    """A Newsletter or Presse item: page views, half of them known to be free."""
    page_views = draw_int(rng, 300, 4000)
    return {"page_views": page_views, "cost": 0.0 if rng.random() < 0.5 else None}


# the figures every kind of activity records, drawn in this order
KIND_FIGURES = {
    "Webinar": webinar_figures,
    "Vortrag": talk_figures,
    "Solar-Check": lambda rng: consultation_figures(rng, 80, 150),
    "Beratung": lambda rng: consultation_figures(rng, 40, 90),
    "Thermografie-Spaziergang": lambda rng: registered_figures(rng, (8, 25), 8, (300, 900)),
    "Infostand": stand_figures,
    "Newsletter": publication_figures,
    "Presse": publication_figures,
    "Workshop": lambda rng: registered_figures(rng, (8, 30), 6, (400, 1500)),
    "Exkursion": lambda rng: registered_figures(rng, (10, 45), 10, (150, 800)),
}


def activity_figures(kind: str, topic: str, rng) -> dict:
    """Reach and cost of a past activity (None: not recorded)."""
    f: dict = dict.fromkeys(FIGURES)
    if kind in KIND_FIGURES:
        f.update(KIND_FIGURES[kind](rng))
    if topic in ("Photovoltaik", "Wärme") and kind not in ("Newsletter", "Presse"):
        f["leads"] = min(draw_int(rng, 0, 25), int((f["participants"] or 30) * 0.8))
    # a figure that was not recorded (the participants of a Solar-Check are its consultations)
    for key in ("cost", "registrations", "leads", "participants"):
        if f[key] is not None and rng.random() < 0.06 and not (key == "participants" and f["consultations"]):
            f[key] = None
    if f["cost"] is not None:
        f["cost"] = dec(f["cost"], 2)
    return f


def activity_title(kind: str, topic: str, campaign: str, place: str, when: date) -> str:
    month = f"{MONTH_DE[when.month - 1]} {when.year}"
    return {
        "Vortrag": f"Infoabend {topic} in {place}",
        "Webinar": f"Webinar {campaign}",
        "Beratung": f"Energieberatung {place}",
        "Solar-Check": f"Solar-Check-Tag {place}",
        "Thermografie-Spaziergang": f"Thermografie-Spaziergang {place}",
        "Infostand": f"Infostand {place}",
        "Newsletter": f"Newsletter {campaign} {month}",
        "Presse": f"Pressemitteilung {campaign} {month}",
        "Workshop": f"Workshop {topic} {place}",
        "Exkursion": f"Exkursion {campaign} ab {place}",
    }[kind]


def make_activities(rng, owners: list[dict], districts: list[dict]) -> dict[str, list[dict]]:
    """{district owner key: activities}, every date inside its campaign, unique per the store's key."""
    by_key = {o["municipality_key"]: o for o in owners}
    campaigns = {c[0]: c for c in CAMPAIGNS}
    out: dict[str, list[dict]] = {}
    for district_owner, nrs in ACTIVITY_COVERAGE.items():
        district_key = by_key[district_owner]["district_key"]
        rows: list[dict] = []
        seen: set = set()
        for nr in nrs:
            _, cname, topic, _lead, members, start, end, _text = campaigns[nr]
            local = [k for k in resolve_members(members, owners, districts)
                     if by_key[k]["district_key"] == district_key]
            if not local:
                raise SystemExit(f"{nr}: no member in district {district_key}")
            for key, kind in activity_items(rng, nr, topic, start > TODAY, local, district_owner):
                owner = by_key[key]
                place = OWNERS[key][2][0] if owner["kind"] != "Landkreis" else \
                    owner["name"].replace(" (Kreisverwaltung)", "")
                when, title = activity_date(rng, (nr, key, kind), (start, end), seen, (topic, cname, place))
                seen.add((nr, when, key, kind, title))
                figures = dict.fromkeys(FIGURES) if when > TODAY else activity_figures(kind, topic, rng)
                rows.append({"campaign": nr, "date": when, "municipality": owner["name"],
                             "format": activity_format(kind, rng), "kind": kind, "title": title, **figures})
        rows.sort(key=lambda r: (r["date"], r["campaign"], r["municipality"], r["kind"], r["title"]))
        out[district_owner] = rows
    return out


def activity_items(rng, nr: str, topic: str, planned: bool, local: list[str],
                   district_owner: str) -> list[tuple[str, str]]:
    """(owner key, kind) of a campaign's activities in one district: the members' own (not every member
    records something) and the district's central ones; of a planned campaign a first few only."""
    weights, (lo, hi), central = TOPIC_KINDS[topic]
    weights = KIND_OVERRIDE.get(nr, weights)
    if (topic != "Photovoltaik" or planned) and len(local) > 2:
        local = sorted(str(k) for k in rng.choice(local, size=int(rng.integers(2, 4)), replace=False))
    if planned:
        lo, hi = 0, 1
    items = []
    for key in local:
        kinds = list(weights)
        p = np.array([weights[k] for k in kinds], dtype=float)
        for _ in range(int(rng.integers(lo, hi + 1))):
            items.append((key, kinds[int(rng.choice(len(kinds), p=p / p.sum()))]))
    for kind in central[:1] if planned else central:
        for _ in range(int(rng.integers(1, 3))):
            items.append((district_owner, kind))
    return items


def activity_date(rng, what: tuple[str, str, str], span: tuple[date, date], seen: set,
                  title_parts: tuple[str, str, str]) -> tuple[date, str]:
    """A day inside the campaign (no Sunday, an Infostand mostly on Friday or Saturday) and its title,
    unique with what (campaign, owner key, kind) among seen; after 50 tries the last one drawn."""
    nr, key, kind = what
    start, end = span
    topic, campaign, place = title_parts
    days = (end - start).days
    for _attempt in range(50):
        when = start + timedelta(days=int(rng.integers(0, days + 1)))
        if when.weekday() == 6 or (kind == "Infostand" and when.weekday() < 4 and rng.random() < 0.7):
            continue
        title = activity_title(kind, topic, campaign, place, when)
        if (nr, when, key, kind, title) not in seen:
            break
    return when, title


def write_activities(district_owner: str, rows: list[dict]) -> bytes:
    encoding, title, alternative, padded = ACTIVITY_FILES[district_owner]
    header = ACTIVITY_HEADER_ALT if alternative else ACTIVITY_HEADER
    width = len(header)
    lines = []
    if title:
        lines += [title + (";" * (width - 1) if padded else ""), ";" * (width - 1) if padded else ""]
    lines.append(";".join(header))
    for r in rows:
        cost = "" if r["cost"] is None else de(r["cost"])
        lines.append(";".join([r["campaign"], de_date(r["date"]), r["municipality"], r["format"], r["kind"],
                               r["title"], cost, de_count(r["participants"]), de_count(r["registrations"]),
                               de_count(r["consultations"]), de_count(r["page_views"]), de_count(r["leads"]),
                               de_count(r["outcomes"])]))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def read_places(owners: list[dict]) -> tuple[dict[str, list[tuple[str, str]]], bool]:
    """{owner key: [(AGS, Gemeinde)]} of every municipality with population, from master/places.csv;
    without that file the place names of OWNERS with an empty AGS (cities: their own AGS)."""
    keys = [o["municipality_key"] for o in owners if o["population"]]
    path = HERE / "master" / "places.csv"
    places: dict[str, list[tuple[str, str]]] = {k: [] for k in keys}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["municipality_key"] in places:
                    places[row["municipality_key"]].append((row["ags"], row["name"]))
        missing = [k for k in keys if not places[k]]
        if missing:
            raise SystemExit(f"{path}: no Gemeinde for {missing}")
        return {k: sorted(v) for k, v in places.items()}, True
    for k in keys:
        places[k] = [(CITY_AGS[k], OWNERS[k][2][0])] if k in CITY_AGS else [("", p) for p in OWNERS[k][2]]
    return places, False


def kw_text(value: Decimal) -> str:
    """Power as the register writes it: decimal comma, no thousands separator, no trailing zeros."""
    return f"{value.normalize():f}".replace(".", ",")


def mastr_date(d: date | None) -> str:
    return "" if d is None else f"{d.day}.{d.month}.{d.year}"


def campaign_windows(owners: list[dict], districts: list[dict]) -> dict[str, list[tuple[date, date]]]:
    """{owner key: [(first, last day)]} of the extra additions after each Photovoltaik campaign."""
    windows: dict[str, list[tuple[date, date]]] = {}
    for _nr, _name, topic, _lead, members, start, _end, _text in CAMPAIGNS:
        if topic != "Photovoltaik" or start > PV_LAST:
            continue
        last = add_months(start, CAMPAIGN_UPLIFT_MONTHS) - timedelta(days=1)
        for key in resolve_members(members, owners, districts):
            windows.setdefault(key, []).append((start, last))
    return windows


def make_register(rng, owners: list[dict], districts: list[dict]) -> tuple[list[dict], bool]:
    """Units of the register extracts: solar additions by municipality and day (rate × population ×
    variation × season, +25 % rooftop and plug-in in a PV campaign's window), a few ground-mounted
    parks, units in planning and some storage, wind and biomass units."""
    places, have_places = read_places(owners)
    keys = sorted(places)
    by_key = {o["municipality_key"]: o for o in owners}
    population = np.array([int(by_key[k]["population"]) for k in keys], dtype=float)
    variation = rng.uniform(0.7, 1.3, len(keys))
    weights = {}
    for k in keys:  # spread the population over the Gemeinden; the seat is larger
        w = rng.lognormal(0.0, 0.7, len(places[k]))
        seat = OWNERS[k][2][0]
        w *= np.array([4.0 if name.startswith(seat) else 1.0 for _ags, name in places[k]])
        weights[k] = w / w.sum()
    days = [PV_FIRST + timedelta(days=i) for i in range((PV_LAST - PV_FIRST).days + 1)]
    lam = (population * variation)[:, None] * daily_share(days)[None, :]
    small = rng.poisson(lam * (1 - COMMERCIAL_SHARE) * campaign_uplift(keys, days, owners, districts))
    large = rng.poisson(lam * COMMERCIAL_SHARE)
    units: list[dict] = []
    for kind, counts in (("small", small), ("commercial", large)):
        for i, j in zip(*np.nonzero(counts), strict=True):
            units += [{"key": keys[i], "kind": kind, "commissioned": days[j]}] * int(counts[i, j])
    units = [dict(u) for u in units]
    vgs = [k for k in keys if k not in CITY_AGS]
    vg_pop = np.array([population[keys.index(k)] for k in vgs])
    for _ in range(GROUND_MOUNTED):
        k = vgs[int(rng.choice(len(vgs), p=vg_pop / vg_pop.sum()))]
        units.append({"key": k, "kind": "ground", "commissioned": days[int(rng.integers(365, len(days)))]})
    # attributes, drawn as arrays in one go
    n = len(units)
    year = np.array([u["commissioned"].year for u in units])
    plug = rng.random(n) < np.array([PLUG_IN_SHARE[y] for y in year])
    size = rng.lognormal(0.0, 1.0, n)
    wp_draw = rng.random(n)
    place_draw = rng.random(n)
    status_draw = rng.random(n)
    name_draw = rng.integers(0, 1000, n)
    netto_draw = rng.random(n)
    lag = registration_lags(rng, n)
    stilllegung = np.where(year <= 2021, 0.015, 0.006)
    for idx, u in enumerate(units):
        k, y = u["key"], int(year[idx])
        ags, gemeinde = places[k][min(int(np.searchsorted(np.cumsum(weights[k]), place_draw[idx])),
                                      len(places[k]) - 1)]
        lo, hi = MODULE_WP[y]
        wp = lo + int(wp_draw[idx] * (hi - lo) / 5) * 5
        draws = (float(size[idx]), int(name_draw[idx]), float(netto_draw[idx]))
        if u["kind"] == "small" and plug[idx]:
            gross, net, art, name = plug_in_unit(wp, u["commissioned"], draws)
        elif u["kind"] == "small":
            gross, net, art, name = rooftop_unit(wp, draws)
        elif u["kind"] == "commercial":
            gross, net, art, name = commercial_unit(wp, draws)
        else:
            gross, net, art, name = ground_unit(wp, gemeinde, draws)
        status = "Endgültig stillgelegt" if status_draw[idx] < stilllegung[idx] else "In Betrieb"
        u.update(ags=ags, gemeinde=gemeinde, gross=gross, net=net, art=art, name=name, status=status,
                 source=SOLAR, registered=registration_date(u["commissioned"], int(lag[idx])))
    units += planned_units(rng, keys, places, weights, population, n)
    units += other_units(rng, keys, places, weights, population)
    numbers = unit_numbers(rng, len(units))
    for u, number in zip(units, numbers, strict=True):
        u["number"] = number
        u["plz"] = SEAT_PLZ[u["key"]][int(number[-2:]) % len(SEAT_PLZ[u["key"]])]
    return units, have_places


def daily_share(days: list[date]) -> np.ndarray:
    """Solar additions per inhabitant on each day: the year's rate spread by the month's weight
    (2026 has 10 months in the extract) over the month's days."""
    per_day = np.zeros(len(days))
    for i, d in enumerate(days):
        months = 10 if d.year == 2026 else 12
        per_day[i] = (PV_RATE[d.year] / 1000 * PV_MONTH_WEIGHT[d.month - 1] / PV_MONTH_WEIGHT[:months].sum()
                      / monthrange(d.year, d.month)[1])
    return per_day


def campaign_uplift(keys: list[str], days: list[date], owners: list[dict], districts: list[dict]) -> np.ndarray:
    """Factor (owner × day) on the rooftop and plug-in additions: 1 + CAMPAIGN_UPLIFT in a campaign's window."""
    uplift = np.ones((len(keys), len(days)))
    for key, spans in campaign_windows(owners, districts).items():
        for first, last in spans:
            a, b = (first - PV_FIRST).days, min((last - PV_FIRST).days, len(days) - 1)
            uplift[keys.index(key), a:b + 1] = 1 + CAMPAIGN_UPLIFT
    return uplift


# the unit kinds of make_register: (gross kW, net kW, Art, name) from the module power wp and the unit's
# draws (size, name draw, netto draw)
def plug_in_unit(wp: int, commissioned: date, draws: tuple[float, int, float]) -> tuple:
    """A Steckersolargerät: 1–4 modules (at least 400 W), the inverter caps the net power."""
    _size, name_draw, _netto = draws
    modules = (1, 2, 2, 2, 2, 3, 4)[name_draw % 7]
    if modules * wp < 400:
        modules = 2
    gross = Decimal(modules * wp) / 1000
    inverter = Decimal("0.8") if commissioned >= date(2024, 5, 16) else Decimal("0.6")
    return gross, min(gross, inverter), PLUG_IN, PLUG_IN_NAMES[name_draw % len(PLUG_IN_NAMES)]


def rooftop_unit(wp: int, draws: tuple[float, int, float]) -> tuple:
    """A rooftop system of 3–20 kW; most of them with a smaller inverter."""
    size, name_draw, netto = draws
    target = float(np.clip(8.5 * size ** 0.45, 3.0, 20.0))
    modules = max(round(target * 1000 / wp), 1)
    while modules * wp > 20000:
        modules -= 1
    while modules * wp < 3000:
        modules += 1
    gross = Decimal(modules * wp) / 1000
    net = gross if netto < 0.4 else min(gross, dec(float(gross) * (0.8 + 0.18 * netto), 1))
    return gross, net, ROOFTOP, ROOF_NAMES[name_draw % len(ROOF_NAMES)]


def commercial_unit(wp: int, draws: tuple[float, int, float]) -> tuple:
    """A commercial system of 30–750 kW, one in ten on another structure than a roof."""
    size, name_draw, netto = draws
    target = float(np.clip(80.0 * size ** 0.9, 30.0, 750.0))
    modules = max(round(target * 1000 / wp), 1)
    gross = min(max(Decimal(modules * wp) / 1000, Decimal(30)), Decimal(750))
    net = min(gross, dec(float(gross) * (0.8 + 0.2 * netto), 0 if netto < 0.5 else 1))
    art = OTHER_STRUCTURE if name_draw % 10 == 0 else ROOFTOP
    return gross, net, art, COMMERCIAL_NAMES[name_draw % len(COMMERCIAL_NAMES)]


def ground_unit(wp: int, gemeinde: str, draws: tuple[float, int, float]) -> tuple:
    """A ground-mounted park of 1–8 MW named after its Gemeinde."""
    _size, _name_draw, netto = draws
    modules = round((1000 + 7000 * netto) * 1000 / wp)
    gross = Decimal(modules * wp) / 1000
    return gross, dec(float(gross) * 0.88, 0), GROUND, f"Solarpark {gemeinde}"


def registration_lags(rng, n: int) -> np.ndarray:
    """Days from commissioning to registration: mostly within a month, some late."""
    r = rng.random(n)
    return np.where(r < 0.7, rng.integers(0, 31, n), np.where(r < 0.95, rng.integers(31, 181, n),
                                                              rng.integers(181, 701, n)))


def registration_date(commissioned: date, lag: int) -> date:
    # the register went online on 31.01.2019; the extract is as of 01.11.2026 (a lag that would end
    # later is folded into the days left, so that no registration date piles up at the end)
    lag %= (REGISTER_AS_OF - commissioned).days
    return max(commissioned + timedelta(days=lag), date(2019, 1, 31))


def draw_place(rng, keys, places, weights, p_keys) -> tuple[str, str, str]:
    k = keys[int(rng.choice(len(keys), p=p_keys))]
    ags, gemeinde = places[k][int(rng.choice(len(places[k]), p=weights[k]))]
    return k, ags, gemeinde


def planned_units(rng, keys, places, weights, population, n_solar: int) -> list[dict]:
    """Solar units 'In Planung': registered, not commissioned (no Inbetriebnahmedatum)."""
    out = []
    p = population / population.sum()
    for _ in range(int(rng.poisson(0.006 * n_solar))):
        k, ags, gemeinde = draw_place(rng, keys, places, weights, p)
        r = rng.random()
        if r < 0.35:
            gross = Decimal(int(rng.integers(12, 45)) * 445) / 1000
            art, name = ROOFTOP, ROOF_NAMES[int(rng.integers(len(ROOF_NAMES)))]
        elif r < 0.98:
            gross = Decimal(int(rng.integers(70, 1600)) * 445) / 1000
            art, name = ROOFTOP, COMMERCIAL_NAMES[int(rng.integers(len(COMMERCIAL_NAMES)))]
        else:
            gross = Decimal(int(rng.integers(2200, 18000)) * 450) / 1000
            art, name = GROUND, f"Solarpark {gemeinde} (geplant)"
        registered = date(2025, 9, 1) + timedelta(days=int(rng.integers(0, (REGISTER_AS_OF - date(2025, 9, 1)).days)))
        out.append({"key": k, "kind": "planned", "commissioned": None, "ags": ags, "gemeinde": gemeinde,
                    "gross": gross, "net": dec(float(gross) * 0.9, 0 if gross > 100 else 1), "art": art,
                    "name": name, "status": "In Planung", "source": SOLAR, "registered": registered})
    return out


def other_units(rng, keys, places, weights, population) -> list[dict]:
    """Storage, wind and biomass units, which a PV analysis must leave out."""
    out = []
    p = population / population.sum()
    rural = np.array([0.0 if k in CITY_AGS else population[i] for i, k in enumerate(keys)])
    windy = np.array([rural[i] if k[:5] in ("07333", "07335", "07336") else 0.0 for i, k in enumerate(keys)])
    span = (PV_LAST - PV_FIRST).days
    plan = [("Speicher", 120, p), ("Wind", 12, windy / windy.sum()), ("Biomasse", 8, rural / rural.sum())]
    for source, count, weights_keys in plan:
        for i in range(count):
            k, ags, gemeinde = draw_place(rng, keys, places, weights, weights_keys)
            commissioned = PV_FIRST + timedelta(days=int(rng.integers(0, span + 1)))
            if source == "Speicher":
                gross = Decimal(str(rng.choice(["3", "4,6", "5", "6", "8", "9,6", "10", "12"]).replace(",", ".")))
                net, name = gross, str(rng.choice(["Stromspeicher", "Batteriespeicher", "Speicher", "Hausspeicher"]))
            elif source == "Wind":
                gross = Decimal(str(rng.choice(["3000", "3450", "4200", "4500", "5700"])))
                net, name = gross, f"WEA {i + 1:02d} {gemeinde}"
            else:
                gross = Decimal(int(rng.integers(15, 110)) * 5)
                net, name = gross - Decimal(int(rng.integers(0, 10))), "Biogasanlage BHKW"
            status = "Endgültig stillgelegt" if rng.random() < 0.05 else "In Betrieb"
            out.append({"key": k, "kind": "other", "commissioned": commissioned, "ags": ags, "gemeinde": gemeinde,
                        "gross": gross, "net": net, "art": "", "name": name, "status": status, "source": source,
                        "registered": registration_date(commissioned, int(rng.integers(0, 60)))})
    return out


def unit_numbers(rng, n: int) -> list[str]:
    """Distinct MaStR numbers: SEE and 12 digits (the register's begin with 9)."""
    seen: set[int] = set()
    out: list[int] = []
    while len(out) < n:
        for value in rng.integers(900_000_000_000, 1_000_000_000_000, n - len(out) + 16):
            if int(value) not in seen and len(out) < n:
                seen.add(int(value))
                out.append(int(value))
    return [f"SEE{v}" for v in out]


def write_mastr(units: list[dict]) -> bytes:
    lines = ['"' + '";"'.join(MASTR_HEADER) + '"']
    for u in sorted(units, key=lambda u: (u["registered"], u["number"])):
        kreis = MASTR_KREIS[u["key"][:5]]
        fields = [u["number"], u["name"], u["status"], u["source"], kw_text(u["gross"]), kw_text(u["net"]),
                  mastr_date(u["commissioned"]), mastr_date(u["registered"]), "Rheinland-Pfalz", u["plz"],
                  u["gemeinde"], u["ags"], u["gemeinde"], kreis, u["art"]]
        lines.append('"' + '";"'.join(fields) + '"')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def expected_pv(units: list[dict]) -> list[tuple]:
    """Solar units with an Inbetriebnahmedatum by owner key and year: count and Bruttoleistung (kW)."""
    sums: dict[tuple[str, int], list] = {}
    for u in units:
        if u["source"] == SOLAR and u["commissioned"] is not None:
            entry = sums.setdefault((u["key"], u["commissioned"].year), [0, Decimal(0)])
            entry[0] += 1
            entry[1] += u["gross"]
    return [(k, y, c, kw.quantize(Decimal("0.001"))) for (k, y), (c, kw) in sorted(sums.items())]


def write_campaign_demo(out: Path, seed: int, owners: list[dict]) -> list[tuple[str, str]]:
    """The campaign file, the activities and register extracts per district and expected_pv.csv;
    returns their manifest rows (file, key) in import order."""
    rng = np.random.default_rng([seed, 4])
    districts = read_districts()
    check_campaigns(owners, districts)
    by_key = {o["municipality_key"]: o for o in owners}
    district_owner = {d: next(o["municipality_key"] for o in owners if o["district_key"] == d
                              and o["kind"] in ("Landkreis", "kreisfreie Stadt")) for d in sorted(MASTR_KREIS)}
    rows = [("kampagnen_westpfalz.csv", "07335")]
    (out / rows[0][0]).write_bytes(write_campaigns())
    activities = make_activities(rng, owners, districts)
    for key in district_owner.values():
        name = f"aktivitaeten_{owner_slug(by_key[key])}.csv"
        (out / name).write_bytes(write_activities(key, activities[key]))
        rows.append((name, key))
    units, have_places = make_register(rng, owners, districts)
    if not have_places:
        print("note: sample_data/master/places.csv missing: register units get the place names of OWNERS "
              "and no Gemeindeschlüssel", file=sys.stderr)
    for d, key in district_owner.items():
        name = f"mastr_{owner_slug(by_key[key])}.csv"
        (out / name).write_bytes(write_mastr([u for u in units if u["key"][:5] == d]))
        rows.append((name, key))
    write_csv(out / "expected_pv.csv", ["municipality_key", "year", "units", "kwp"], expected_pv(units))
    return rows


# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# Measures (Maßnahmen, issue 17): about 40 per region, one file per owner (layout "measures"), with their effect
# generated into the consumption. From their own random stream ([seed, 5]): every other value of the demo stays
# as it was. The affected carrier of a completed measure's building is made anew from the form the verification
# fits (kWh_m = a·days_m + b·G_m, G the real G20/15 of the building's station; no trend, no 2022 dip) with a
# low noise (MEASURE_NOISE), and from the month after completion the measure's effect: heat mainly the
# degree-day term b (a heating replacement also the base term a), electricity the base term a; some measures
# have no effect at all. The truth (expected_measures.csv) is the saving of that noise-free model over the
# 12 months after the completion month.
MEASURE_NOISE = 0.02
MEASURE_FIRST, MEASURE_LAST = (2021, 6), (2024, 6)  # completions: 12 months before and ≥ 12 after in the demo
MEASURE_EXCLUDED_CATEGORIES = ("Straßenbeleuchtung", "Schwimmbad", "Kläranlage")
# type: (term the effect lowers, lowest and highest share, investment range €, titles)
HEAT_MEASURES = {
    "Heizungstausch": ("ab", 0.12, 0.20, (80_000, 250_000), ("Neue Heizzentrale",)),
    "Hydraulischer Abgleich": ("b", 0.15, 0.20, (6_000, 20_000), ("Hydraulischer Abgleich der Heizkreise",)),
    "Regelungsoptimierung": ("b", 0.15, 0.22, (4_000, 18_000), ("Einzelraumregelung und Nachtabsenkung",)),
    "Dämmung Dach/Fassade": ("b", 0.20, 0.30, (120_000, 400_000), ("Dachdämmung", "Fassadendämmung WDVS")),
    "Fenstertausch": ("b", 0.15, 0.25, (60_000, 220_000), ("Fenster mit Dreifachverglasung",)),
    "Lüftung mit WRG": ("b", 0.18, 0.28, (70_000, 180_000), ("Lüftungsanlage mit Wärmerückgewinnung",)),
}
BOILER_TITLES = {"Erdgas": "Gas-Brennwertkessel", "Heizöl": "Öl-Brennwertkessel", "Fernwärme": "Neue Übergabestation",
                 "Holzpellets": "Neuer Pelletkessel"}
HEAT_ORDER = ("Heizungstausch", "Hydraulischer Abgleich", "Regelungsoptimierung", "Dämmung Dach/Fassade",
              "Fenstertausch", "Lüftung mit WRG")
PRIMARY_CATEGORIES = ("Kita", "Feuerwehr", "Bürgerhaus/Dorfgemeinschaftshaus", "Sonstiges", "Bauhof", "Sporthalle",
                      "Schule", "Verwaltung")
# the owners (by position in key order) with a second measure: (kind, categories to pick the building from)
SECOND_MEASURES = {
    0: ("overlap", ()),  # a second heat measure in the same building, 5–11 months after the first
    2: ("led", ("Schule", "Sporthalle")), 9: ("led", ("Sporthalle", "Schule")), 16: ("led", ("Schule", "Verwaltung")),
    23: ("led", ("Schule", "Sporthalle")),
    5: ("too_little_data", ("Bauhof", "Feuerwehr", "Verwaltung")),  # PV-Anlage 2025-09: only 3 months follow
    4: ("no_effect_electricity", ("Verwaltung", "Schule")), 20: ("no_effect_electricity", ("Schule", "Verwaltung")),
    12: ("no_effect_heat", ("Verwaltung", "Schule")),
    7: ("planned", ("Schule", "Verwaltung")), 18: ("planned", ("Sporthalle", "Schule")),
    26: ("in_progress", ("Verwaltung", "Schule")),
}


def measure_candidates(own: list[dict], categories: tuple[str, ...], used: set) -> list[dict]:
    """The owner's buildings a measure may go to, in the order of ``categories``: heated, none of the injected
    problems, no load profile, none already given a measure."""
    avoid = {target[:2] for target in (GAP, STALE, SPIKE, ZERO, NO_AREA, AREA_TYPO, UNLISTED)}
    avoid |= {(key, name) for key, name, _ in LOAD_PROFILES}
    pool = [b for b in own if b["heat_carrier"] and b["category"] not in MEASURE_EXCLUDED_CATEGORIES
            and (b["key"], b["name"]) not in avoid and (b["key"], b["name"]) not in used]
    rank = {c: i for i, c in enumerate(categories)}
    return sorted(pool, key=lambda b: rank.get(b["category"], len(rank)))


def completion_date(rng, first: tuple[int, int] = MEASURE_FIRST, last: tuple[int, int] = MEASURE_LAST) -> date:
    months = (last[0] - first[0]) * 12 + last[1] - first[1]
    d = add_months(date(first[0], first[1], 1), int(rng.integers(0, months + 1)))
    return d.replace(day=int(rng.integers(1, monthrange(d.year, d.month)[1] + 1)))


def rounded(value: float, step: int) -> int:
    return int(step * round(value / step))


def new_measure(b: dict, mtype: str, title: str, carrier: str, completed: date | None, status: str,
                effect: tuple[str, float], verdict: str, investment: int) -> dict:
    return {"b": b, "type": mtype, "title": title, "carrier": carrier, "completed": completed, "status": status,
            "effect": effect, "verdict": verdict, "investment": investment, "expected": None, "funding": None,
            "group": ""}


def plan_measures(rng, owners: list[dict], buildings: list[dict]) -> list[dict]:
    """The demo's measures: one heat measure per owner, and a second one for the owners of SECOND_MEASURES."""
    measures, used = [], set()
    for index, owner in enumerate(owners):
        own = [b for b in buildings if b["key"] == owner["municipality_key"]]
        b = measure_candidates(own, PRIMARY_CATEGORIES, used)[0]
        used.add((b["key"], b["name"]))
        mtype = HEAT_ORDER[index % len(HEAT_ORDER)]
        term, lo, hi, cost, titles = HEAT_MEASURES[mtype]
        title = BOILER_TITLES.get(b["heat_carrier"], titles[0]) if mtype == "Heizungstausch" else titles[
            int(rng.integers(len(titles)))]
        first = new_measure(b, mtype, title, b["heat_carrier"],
                            completion_date(rng), "umgesetzt", (term, float(rng.uniform(lo, hi))), "effective",
                            rounded(rng.uniform(*cost), 500))
        measures.append(first)
        if index in SECOND_MEASURES:
            measures.append(second_measure(rng, SECOND_MEASURES[index], own, used, first))
    for m in measures:
        if m["investment"]:
            m["funding"] = rounded(m["investment"] * rng.choice([0.0, 0.0, 0.2, 0.3, 0.4]), 100)
    return measures


def second_measure(rng, plan: tuple[str, tuple[str, ...]], own: list[dict], used: set, first: dict) -> dict:
    kind, categories = plan
    if kind == "overlap":  # same building and carrier, completed 5–11 months after the first: verified together
        mtype = "Fenstertausch" if first["type"] != "Fenstertausch" else "Dämmung Dach/Fassade"
        term, lo, hi, cost, titles = HEAT_MEASURES[mtype]
        completed = add_months(first["completed"], int(rng.integers(5, 12)))
        m = new_measure(first["b"], mtype, titles[0], first["carrier"], completed, "umgesetzt",
                        (term, float(rng.uniform(lo, hi))), "effective", rounded(rng.uniform(*cost), 500))
        first["group"] = m["group"] = "1"
        return m
    b = measure_candidates(own, categories, used)[0]
    used.add((b["key"], b["name"]))
    if kind == "led":
        return new_measure(b, "LED-Beleuchtung", "LED-Beleuchtung Klassenräume und Flure"
                           if b["category"] == "Schule" else "LED-Hallenbeleuchtung", "Strom", completion_date(rng),
                           "umgesetzt", ("a", float(rng.uniform(0.20, 0.35))), "effective",
                           rounded(rng.uniform(20_000, 80_000), 500))
    if kind == "too_little_data":
        return new_measure(b, "PV-Anlage", "PV-Anlage Dach (Eigenverbrauch)", "Strom",
                           completion_date(rng, (2025, 9), (2025, 9)), "umgesetzt",
                           ("a", float(rng.uniform(0.20, 0.30))), "too_little_data",
                           rounded(rng.uniform(30_000, 90_000), 500))
    if kind == "no_effect_electricity":
        return new_measure(b, "Nutzersensibilisierung", "Energiesparwoche mit Hausmeisterschulung", "Strom",
                           completion_date(rng), "umgesetzt", ("a", 0.0), "no_effect",
                           rounded(rng.uniform(500, 3_000), 100))
    if kind == "no_effect_heat":
        return new_measure(b, "Regelungsoptimierung", "Heizkurve angepasst", b["heat_carrier"], completion_date(rng),
                           "umgesetzt", ("b", 0.0), "no_effect", rounded(rng.uniform(2_000, 8_000), 100))
    mtype, title, status = {"planned": ("Heizungstausch", "Wärmepumpe statt Gaskessel", "geplant"),
                            "in_progress": ("Fenstertausch", "Fenster Nordseite", "in Umsetzung")}[kind]
    return new_measure(b, mtype, title, b["heat_carrier"], None, status, ("b", 0.0), kind,
                       rounded(rng.uniform(60_000, 300_000), 1000))


def measure_model(b: dict, carrier: str, climate: tuple) -> tuple[float, float, np.ndarray, np.ndarray]:
    """(a kWh/d, b kWh/Kd, days, G) of the building's carrier: a·days + b·G, the form the verification fits,
    at the building's yearly consumption under long-term weather (heat: hot-water share in a; electricity: a
    fifth on G, the winter's lighting)."""
    actual, normal, _stations = climate
    days = np.array([[monthrange(y, m)[1] for m in range(1, 13)] for y in YEARS], dtype=float)
    normal_year = float(normal.sum(axis=1).mean())
    if carrier == "Strom":
        annual, share = b["elec_spec"] * float(b["area"]), 0.8
    else:
        annual, share = b["heat_spec"] * float(b["area"]), hot_water_share(b["category"])
    return annual * share / 365.25, annual * (1 - share) / normal_year, days, actual


def lowered(term: str, share: float, a: float, b: float) -> tuple[float, float]:
    return (a * (1 - share) if "a" in term else a), (b * (1 - share) if "b" in term else b)


def apply_measures(rng, measures: list[dict], series_of: dict, climate_of: dict) -> None:
    """Make the affected carrier of each completed measure's building anew (noise-free model, effects from the
    month after each completion, low noise) and record each measure's true saving (``true_kwh``, ``months``)."""
    by_series: dict[tuple, list[dict]] = {}
    for m in measures:
        if m["completed"] is not None:
            by_series.setdefault((m["b"]["key"], m["b"]["name"], m["carrier"]), []).append(m)
    for (key, name, carrier), members in by_series.items():
        b = members[0]["b"]
        a0, b0, days, g = measure_model(b, carrier, climate_of[b["station_postcode"]])
        flat = np.arange(NY * 12)
        a_m, b_m = np.full(NY * 12, a0), np.full(NY * 12, b0)
        for m in sorted(members, key=lambda x: x["completed"]):
            start = (m["completed"].year - YEARS[0]) * 12 + m["completed"].month  # the month after completion
            a_new, b_new = lowered(*m["effect"], a_m[start], b_m[start])
            a_m[flat >= start], b_m[flat >= start] = a_new, b_new
        baseline = (a0 * days + b0 * g).reshape(-1)
        model = a_m * days.reshape(-1) + b_m * g.reshape(-1)
        last = max(m["completed"] for m in members)
        report = slice((last.year - YEARS[0]) * 12 + last.month, (last.year - YEARS[0]) * 12 + last.month + 12)
        for m in members:
            m["true_kwh"] = float((baseline[report] - model[report]).sum())
            m["months"] = len(baseline[report])
            m["annual_kwh"] = float((baseline - model)[report].sum() * 12 / len(baseline[report]))
        series_of[(key, name)][carrier] = (model * rng.normal(1.0, MEASURE_NOISE, NY * 12)).reshape(NY, 12)
    for m in measures:  # the expected saving a planner would have written: near the truth, or made up
        yearly = m.get("annual_kwh") or 0.0
        if m["verdict"] in ("effective", "too_little_data"):
            m["expected"] = rounded(yearly / (2 if m["group"] else 1) * rng.uniform(0.8, 1.25), 100)
        else:
            a0, b0, days, g = measure_model(m["b"], m["carrier"], climate_of[m["b"]["station_postcode"]])
            m["expected"] = rounded(float((a0 * days + b0 * g)[-1].sum()) * rng.uniform(0.05, 0.12), 100)


def write_measures(out: Path, owners: list[dict], measures: list[dict]) -> list[tuple[str, str]]:
    """One measures file per owner (UTF-8, German numbers and dates, one row per measure and carrier) and the
    truth of the completed ones (expected_measures.csv); returns the manifest rows."""
    rows = []
    header = ("Liegenschaft;Maßnahme;Titel;Energieträger;Fertigstellung;Investition;Förderung;"
              "erwartete Einsparung (kWh/a);Status;Bemerkung")
    for owner in owners:
        key = owner["municipality_key"]
        own = [m for m in measures if m["b"]["key"] == key]
        lines = [header]
        for m in own:
            note = "gemeinsam mit der zweiten Maßnahme im Gebäude" if m["group"] else ""
            lines.append(";".join([m["b"]["name"], m["type"], m["title"], m["carrier"],
                                   de_date(m["completed"]) if m["completed"] else "",
                                   de(Decimal(m["investment"])), de(Decimal(m["funding"])) if m["funding"] else "",
                                   de(Decimal(m["expected"])), m["status"], note]))
        name = f"massnahmen_{key}_{owner_slug(owner)}.csv"
        (out / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
        rows.append((name, key))
    write_csv(out / "expected_measures.csv",
              ["municipality_key", "building", "type", "title", "carrier", "completed_on", "status", "effect_term",
               "effect_share", "verdict", "group", "reporting_months", "true_savings_kwh", "expected_kwh"],
              [(m["b"]["key"], m["b"]["name"], m["type"], m["title"], m["carrier"],
                m["completed"].isoformat() if m["completed"] else "", m["status"], m["effect"][0],
                f"{m['effect'][1]:.4f}", m["verdict"], m["group"], m.get("months", ""),
                f"{m['true_kwh']:.1f}" if "true_kwh" in m else "", m["expected"]) for m in measures])
    return rows


# --- the network (issue 18): people and posts, office hours, support requests ------------------------------------
# Fixed dates, not the day of generation: the demo's "today" of the network is NETWORK_TODAY (the end of funding,
# the requests' times and the office hours are dates in the files), so the demo shows the same posts at risk and
# the same figures whenever it is generated; looked at later, ends come nearer as they would in reality.
NETWORK_TODAY = date(2026, 12, 4)
NETWORK_PEOPLE_FILE = "netzwerk_personen.csv"
NETWORK_DATES_FILE = "netzwerk_termine.csv"
NETWORK_REQUESTS_FILE = "netzwerk_anfragen.csv"
NETWORK_TOPICS = ["pv", "heat_planning", "energy_management", "funding", "mobility", "land_use_planning",
                  "public_relations", "procurement", "street_lighting", "climate_adaptation"]
NETWORK_TOPIC_NAMES = {"pv": "PV", "heat_planning": "Wärmeplanung",
                       "energy_management": "Energiemanagement/-controlling", "funding": "Förderprogramme",
                       "mobility": "Mobilität", "land_use_planning": "Bauleitplanung",
                       "public_relations": "Öffentlichkeitsarbeit", "procurement": "Beschaffung",
                       "street_lighting": "Straßenbeleuchtung", "climate_adaptation": "Klimaanpassung"}
LEVEL_WORD = {"C": "Ansprechpartner*in", "E": "erfahren", "L": "möchte lernen"}
FUNDING_WORD = {"own": "Eigenmittel", "krl": "Kommunalrichtlinie", "other": "anderes Förderprogramm"}
# (name, role, municipalities, account, funding, programme, end of funding, verstetigt, share, competences);
# every name is fictitious (marked "(fiktiv)"), e-mails are @example.org, phone numbers 0000-…; the accounts kusel,
# pirmasens and agentur are the demo accounts (demo_accounts.csv). A row without a name is a vacant post.
NETWORK_PEOPLE = [
    ("Lena Beispiel (fiktiv)", "Klimaschutzmanagerin", ["VG Kusel-Altenglan"], "kusel", "krl", "",
     date(2027, 6, 30), False, "1", "heat_planning:C funding:E public_relations:E land_use_planning:L"),
    ("Paul Platzhalter (fiktiv)", "Klimaschutzmanager", ["Stadt Pirmasens"], "pirmasens", "own", "", None, True,
     "1", "energy_management:C pv:E procurement:E"),
    ("Sophie Exempel (fiktiv)", "Klimaschutzmanagerin", ["Stadt Kaiserslautern"], "", "own", "", None, True, "1",
     "heat_planning:C mobility:C climate_adaptation:E"),
    ("Tim Testmann (fiktiv)", "Energiemanager", ["Stadt Kaiserslautern"], "", "krl", "", date(2028, 3, 31), False,
     "1", "energy_management:C pv:C heat_planning:L"),
    ("Mara Muster (fiktiv)", "Klimaschutzmanagerin", ["Stadt Zweibrücken"], "", "krl", "", date(2027, 2, 28), False,
     "0,75", "pv:E public_relations:C land_use_planning:L"),
    ("Felix Probe (fiktiv)", "Klimaschutzmanager", ["Donnersbergkreis"], "", "krl", "", date(2027, 8, 31), False,
     "1", "funding:C heat_planning:E climate_adaptation:C"),
    ("Greta Demo (fiktiv)", "Klimaschutzmanagerin", ["VG Eisenberg (Pfalz)", "VG Göllheim"], "", "other",
     "Landesprogramm Klimaschutz (Beispiel)", date(2028, 12, 31), False, "50 %",
     "mobility:E public_relations:E heat_planning:L"),
    ("Jan Vorlage (fiktiv)", "Energiemanager", ["VG Winnweiler"], "", "own", "", None, False, "0,5",
     "street_lighting:C energy_management:E procurement:L"),
    ("Nora Entwurf (fiktiv)", "Klimaschutzmanagerin", ["Landkreis Kaiserslautern"], "", "krl", "",
     date(2028, 9, 30), False, "1", "heat_planning:E funding:E pv:L"),
    ("Ole Schablone (fiktiv)", "Klimaschutzmanager", ["VG Landstuhl", "VG Ramstein-Miesenbach"], "", "krl", "",
     date(2025, 12, 31), True, "1", "pv:C procurement:C mobility:L"),
    ("", "", ["VG Weilerbach"], "", "krl", "", date(2027, 10, 31), False, "1", ""),
    ("Clara Modell (fiktiv)", "Klimaschutzmanagerin", ["Landkreis Kusel"], "", "krl", "", date(2027, 5, 31), False,
     "1", "funding:C public_relations:E climate_adaptation:L"),
    ("Ben Skizze (fiktiv)", "Energiemanager", ["VG Oberes Glantal", "VG Lauterecken-Wolfstein"], "", "own", "", None,
     True, "50 %", "energy_management:E heat_planning:L land_use_planning:L"),
    ("Ida Attrappe (fiktiv)", "Klimaschutzmanagerin", ["Landkreis Südwestpfalz"], "", "krl", "", date(2028, 1, 31),
     False, "1", "mobility:C pv:E funding:L"),
    ("Emil Stellvertreter (fiktiv)", "Klimaschutzmanager", ["VG Dahner Felsenland", "VG Hauenstein"], "", "other",
     "Landesprogramm Klimaschutz (Beispiel)", date(2027, 3, 31), False, "0,5", "public_relations:C heat_planning:E"),
    ("Rosa Vorbild (fiktiv)", "Energiemanagerin", ["VG Rodalben"], "", "own", "", None, True, "0,5",
     "procurement:E energy_management:L street_lighting:L"),
    # the regional office (Energieagentur, Regionalbüro in Kaiserslautern): a member without a municipal post
    ("Jonas Muster (fiktiv)", "Regionalbüro Westpfalz (Energieagentur)", ["Stadt Kaiserslautern"], "agentur", "",
     "", None, False, "", "funding:C heat_planning:C public_relations:E"),
]
# the fortnightly office hours: Thursdays 10:00 from 4 December 2025, a year and the next dates; two holidays off
TALK_FIRST = datetime(2025, 12, 4, 10, 0)
TALK_UNTIL = date(2027, 1, 31)
TALK_CANCELLED = [(date(2026, 1, 1), "Neujahr"), (date(2026, 12, 31), "Silvester")]
# requests per topic (Wärmeplanung asked about most) and who takes them (the demo accounts with a profile)
REQUEST_TOPICS = {"heat_planning": 11, "funding": 6, "pv": 5, "energy_management": 5, "mobility": 3,
                  "public_relations": 3, "procurement": 2, "climate_adaptation": 2, "street_lighting": 2,
                  "land_use_planning": 1}
TAKER = {"heat_planning": ("kusel", "agentur"), "funding": ("agentur",), "energy_management": ("pirmasens",),
         "pv": ("pirmasens", "agentur"), "procurement": ("pirmasens",)}
REQUEST_TEXT = {
    "heat_planning": ("Wie schreiben wir die kommunale Wärmeplanung aus, und welche Daten brauchen die Büros?",
                      "Muster-Leistungsverzeichnis und Datenliste aus dem Netzwerk geteilt; Vorgehen im Talk erklärt."),
    "funding": ("Welche Förderung gibt es für die Anschlussstelle nach dem Ende der Kommunalrichtlinie?",
                "Überblick über Anschlussvorhaben und Landesprogramme geschickt; Fristen im Talk besprochen."),
    "pv": ("Wir planen PV auf drei Schuldächern: Eigenverbrauch oder Volleinspeisung?",
           "Rechenbeispiel und Erfahrungen aus zwei Kommunen geteilt."),
    "energy_management": ("Wie richten wir ein Energiecontrolling mit monatlichen Zählerständen ein?",
                          "Vorlage für Ablesepläne und Auswertung im Dashboard gezeigt."),
    "mobility": ("Wer hat Erfahrung mit E-Dienstfahrzeugen und Ladeinfrastruktur am Rathaus?",
                 "Kontakt zu einer Kommune mit Fuhrparkumstellung vermittelt."),
    "public_relations": ("Ideen für eine Mitmach-Aktion zum Energiesparen in Schulen gesucht.",
                         "Materialien der Energiespar-Kampagne und Ablaufplan geteilt."),
    "procurement": ("Wie berücksichtigen wir Ökostrom und Effizienzkriterien in der Beschaffung?",
                    "Musterklauseln und Leitfaden weitergegeben."),
    "climate_adaptation": ("Hitzeaktionsplan: wo fangen wir als Verbandsgemeinde an?",
                           "Leitfaden und Beispiel eines Landkreises geteilt."),
    "street_lighting": ("LED-Umrüstung der Straßenbeleuchtung: Contracting oder Eigenregie?",
                        "Vergleich beider Wege aus einer Verbandsgemeinde vorgestellt."),
    "land_use_planning": ("Wie verankern wir PV-Pflicht und Wärmenetze im Bebauungsplan?",
                          "Noch niemand im Netzwerk erfahren: Thema für einen Workshop vorgemerkt."),
}


def write_network_demo(out: Path, seed: int) -> list[tuple[str, str]]:
    """The network's people file (layout ``network_people``), the office hours and the support requests
    (loaded by :func:`ktdash.ingest.masterdata.load_demo` through ``ktdash.ingest.talk``) and
    ``expected_network.csv``; returns the manifest row of the people file (no municipality: the network's file)."""
    header = ["Name", "Funktion", "E-Mail", "Telefon", "Kommune(n)", "Benutzername", "Einwilligung", "Finanzierung",
              "Förderprogramm", "Förderende", "verstetigt", "Stellenanteil"] + [NETWORK_TOPIC_NAMES[t]
                                                                                  for t in NETWORK_TOPICS]
    lines = [header]
    for number, (name, role, places, account, funding, programme, end, permanent, share, skills) in enumerate(
            NETWORK_PEOPLE, start=1):
        levels = dict(item.split(":") for item in skills.split())
        email = f"{slugify(name.removesuffix(' (fiktiv)')).replace('_', '.')}@example.org" if name else ""
        lines.append([name, role, email, f"0000 {100100 + number}" if name else "", "; ".join(places), account,
                      "ja" if name else "", FUNDING_WORD.get(funding, ""), programme,
                      f"{end:%d.%m.%Y}" if end else "", ("ja" if permanent else "nein") if funding else "", share]
                     + [LEVEL_WORD[levels[t]] if t in levels else "" for t in NETWORK_TOPICS])
    buffer = io.StringIO()  # cells with ";" (several municipalities) quoted, as Excel writes them
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(lines)
    text = buffer.getvalue()
    (out / NETWORK_PEOPLE_FILE).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # as Excel saves "CSV UTF-8"
    write_csv(out / NETWORK_DATES_FILE, ["art", "beginn", "bis", "alle_tage", "minuten", "notiz"],
              [("reihe", f"{TALK_FIRST:%Y-%m-%d %H:%M}", f"{TALK_UNTIL:%Y-%m-%d}", 14, 60, "Klima.Taten.Talk")]
              + [("abgesagt", f"{day:%Y-%m-%d} {TALK_FIRST:%H:%M}", "", "", "", note) for day, note in TALK_CANCELLED])
    requests = network_requests(np.random.default_rng([seed, 6]))
    write_csv(out / NETWORK_REQUESTS_FILE, list(requests[0]), [list(r.values()) for r in requests])
    write_network_expectations(out, requests)
    return [(NETWORK_PEOPLE_FILE, "")]


def talk_days() -> list[date]:
    """The office hours held (not cancelled) up to NETWORK_TODAY."""
    off = {day for day, _ in TALK_CANCELLED}
    days, day = [], TALK_FIRST.date()
    while day <= TALK_UNTIL:
        if day not in off:
            days.append(day)
        day += timedelta(days=14)
    return days


def utc_text(local: datetime) -> str:
    """A Europe/Berlin wall-clock time as UTC text (the store keeps request times in UTC): CET +1, CEST +2."""
    summer = date(local.year, 3, 31 - (5 * local.year // 4 + 4) % 7) <= local.date() < \
        date(local.year, 10, 31 - (5 * local.year // 4 + 1) % 7)
    return f"{local - timedelta(hours=2 if summer else 1):%Y-%m-%dT%H:%M}Z"


def working_time(rng, day: date) -> datetime:
    """A time on a working day at or after ``day`` between 8:00 and 16:59 (local)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, int(rng.integers(8, 17)), int(rng.choice([0, 15, 30, 45])))


RECENT_REQUESTS = 4  # filed in the three weeks before NETWORK_TODAY: still open or just taken


def network_requests(rng) -> list[dict]:
    """About 40 requests over the year before NETWORK_TODAY with kind, topic, municipality, urgency, who filed and
    took them, the answer, the status and the times filed / first answer / done (local working hours, as UTC)."""
    topics = [t for t, n in REQUEST_TOPICS.items() for _ in range(n)]
    rng.shuffle(topics)
    owners = sorted({p for person in NETWORK_PEOPLE for p in person[2]} | {"VG Kirchheimbolanden",
                                                                             "VG Otterbach-Otterberg",
                                                                             "VG Pirmasens-Land"})
    start = TALK_FIRST.date() + timedelta(days=1)
    span = (NETWORK_TODAY - start).days
    offsets = sorted([int(d) for d in rng.integers(0, span - 21, len(topics) - RECENT_REQUESTS)]
                     + [int(d) for d in rng.integers(span - 20, span - 1, RECENT_REQUESTS)])
    rows, key_of = [], network_keys()
    for number, (topic, offset) in enumerate(zip(topics, offsets, strict=True), start=1):
        place = str(rng.choice(owners))
        filer = {"VG Kusel-Altenglan": "kusel", "Stadt Pirmasens": "pirmasens"}.get(place, "agentur")
        filed = working_time(rng, start + timedelta(days=offset))
        talk = next((d for d in talk_days() if d > filed.date()), None) if rng.random() < 0.25 else None
        takers = [t for t in TAKER.get(topic, ("agentur",)) if t != filer] or ["agentur"]
        taker = str(rng.choice(takers))
        first = working_time(rng, filed.date() + timedelta(days=int(rng.integers(1, 4 if topic == "heat_planning"
                                                                                     else 7))))
        done = working_time(rng, first.date() + timedelta(days=int(rng.integers(2, 40))))
        recent = (NETWORK_TODAY - filed.date()).days <= 21
        if recent and rng.random() < 0.75 or first.date() >= NETWORK_TODAY:
            status, first, done, taker = "open", None, None, ""
        elif recent or done.date() >= NETWORK_TODAY or rng.random() < 0.3:
            status, done = "clarifying", None
        else:
            status = "done"
        kind = "agenda" if talk else "support"
        if recent and status != "done" and talk is None:  # new requests go to the next office hour's agenda
            talk = next(d for d in talk_days() if d > NETWORK_TODAY)
        rows.append({
            "nr": number, "art": kind, "thema": topic, "kommune": key_of[place],
            "beschreibung": REQUEST_TEXT[topic][0],
            "dringlichkeit": str(rng.choice(["low", "normal", "normal", "high"])),
            "eingereicht": utc_text(filed), "eingereicht_von": filer,
            "termin": f"{talk:%Y-%m-%d} {TALK_FIRST:%H:%M}" if talk else "",
            "uebernommen_von": taker, "erste_antwort": utc_text(first) if first else "",
            "antwort": REQUEST_TEXT[topic][1] if status == "done" else "", "status": status,
            "erledigt": utc_text(done) if done else ""})
    return rows


def network_keys() -> dict[str, str]:
    """Municipality name as the network files write it (a Landkreis without "(Kreisverwaltung)") → key."""
    return {o["name"].removesuffix(" (Kreisverwaltung)"): o["municipality_key"] for o in read_master()}


def write_network_expectations(out: Path, requests: list[dict]) -> None:
    """``expected_network.csv``: what the tests find in the demo store — each post's standing on NETWORK_TODAY,
    each topic's coverage risk, the office hours and the requests per status."""
    rows = [("today", "", f"{NETWORK_TODAY:%Y-%m-%d}")]
    key_of = network_keys()
    for name, _role, places, _account, funding, _programme, end, permanent, _share, _skills in NETWORK_PEOPLE:
        if not funding:
            continue
        status = ("vacant" if not name else "permanent" if permanent else "funded" if end is None
                  else "ended" if end < NETWORK_TODAY
                  else "ends_within_12_months" if end <= add_months(NETWORK_TODAY, 12)
                  else "ends_within_24_months" if end <= add_months(NETWORK_TODAY, 24) else "funded")
        rows.append(("post", f"{key_of[places[0]]}|{name or '-'}", status))
    for topic in NETWORK_TOPICS:
        able = sum(1 for p in NETWORK_PEOPLE if any(item in (f"{topic}:C", f"{topic}:E") for item in p[9].split()))
        rows.append(("topic", topic, "uncovered" if able == 0 else "single" if able == 1 else f"able {able}"))
    talks = talk_days()
    rows += [("talk_dates", "", len(talks) + len(TALK_CANCELLED)), ("talk_cancelled", "", len(TALK_CANCELLED))]
    for status in ("open", "clarifying", "done"):
        rows.append(("requests", status, sum(1 for r in requests if r["status"] == status)))
    rows.append(("requests_topic", "heat_planning", sum(1 for r in requests if r["thema"] == "heat_planning")))
    write_csv(out / "expected_network.csv", ["what", "key", "value"], rows)



def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "demo")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.iterdir()):
        if old.is_file():
            old.unlink()

    rng = np.random.default_rng(args.seed)
    owners = sorted(read_master(), key=lambda r: r["municipality_key"])
    unknown = [o["municipality_key"] for o in owners if o["municipality_key"] not in OWNERS]
    if unknown:
        raise SystemExit(f"no layout configured for {unknown}")
    # the draws of the former synthetic degree days: kept, so that every value but heat stays as it was
    rng.normal(1.0, 0.10, (NY, 12))
    trends = choose_trends(rng, owners)
    buildings = make_buildings(rng, owners)
    check_problem_targets(buildings)
    climate = Climate()
    assign_postcodes(buildings, climate)
    climate_of = {postcode: climate.of(postcode) for postcode in sorted({b["station_postcode"] for b in buildings})}
    series_of = {}
    for b in buildings:
        series_of[(b["key"], b["name"])] = monthly_series(rng, b, trends[b["key"]], climate_of[b["station_postcode"]])
    measures_rng = np.random.default_rng([args.seed, 5])  # the measures' own stream: every other value stays
    measures = plan_measures(measures_rng, owners, buildings)
    apply_measures(measures_rng, measures, series_of, climate_of)

    lp_names = {(k, name) for k, name, _ in LOAD_PROFILES}
    truth = Truth()
    manifest_master, manifest_data = [], []
    for index, owner in enumerate(owners):
        key = owner["municipality_key"]
        own = [b for b in buildings if b["key"] == key]
        name = f"{key}_{owner_slug(owner)}_gebaeude.csv"
        (out / name).write_bytes(write_buildings(owner, own, index))
        manifest_master.append((name, key))
        own_series = {b["name"]: series_of[(key, b["name"])] for b in own}
        manifest_data += write_owner_data(out, owner, own, own_series, (rng, args.seed, trends[key]), truth,
                                          lp_names)
    manifest_data += write_load_profiles(out, rng, owners, buildings, series_of, truth)

    # the campaign demo draws from its own random stream; its files come last in the import order
    manifest_campaigns = write_campaign_demo(out, args.seed, owners)
    manifest_measures = write_measures(out, owners, measures)  # last: the buildings are there
    manifest_network = write_network_demo(out, args.seed)  # the network's people and posts (no municipality)
    write_csv(out / "manifest.csv", ["file", "municipality_key", "order"],
              [(name, key, order) for order, (name, key)
               in enumerate(manifest_master + manifest_data + manifest_campaigns + manifest_measures
                            + manifest_network, start=1)])
    write_expectations(out, truth, owners, trends, buildings, climate, climate_of)


def write_owner_data(out: Path, owner: dict, own: list[dict], own_series: dict, draw: tuple, truth: Truth,
                     lp_names: set) -> list[tuple[str, str]]:
    """The owner's consumption file in its layout (and a yearly water file where it has one), with the
    demo's problems injected; draw is (rng, seed, the owner's trend). Returns the manifest rows."""
    rng, seed, trend = draw
    key = owner["municipality_key"]
    fmt, options, _places = OWNERS[key]
    slug = owner_slug(owner)
    rows = []
    # electricity 2025 of load-profile buildings comes only from the load profile
    skip = {"__periods__": {(b["name"], "Strom", 2025) for b in own if (key, b["name"]) in lp_names}}
    if options.get("water_yearly"):
        water_series = {n: {"Wasser": s["Wasser"]} for n, s in own_series.items() if "Wasser" in s}
        water_records = records_of(own, water_series, F1, options, {})
        name = f"{key}_{slug}_wasser_jahr.csv"
        (out / name).write_bytes(write_f7(owner, water_records, truth))
        rows.append((name, key))
        for n in own_series:
            skip[n] = ("Wasser",)
    if fmt == F3:
        assert not skip["__periods__"], "load-profile buildings must not be in a meter-reading file"
        content = write_f3(owner, own, own_series, truth, rng)
    else:
        records = records_of(own, own_series, fmt, options, skip)
        if key == UNLISTED[0]:
            extra, extra_series = unlisted_building(owner, seed, trend)
            records += records_of([extra], {extra["name"]: extra_series}, fmt, options, {})
        records = inject_problems(key, records, own)
        content = {F1: write_f1, F2: write_f2, F4: write_f4, F5: write_f5, F6: write_f6}[fmt](
            owner, records, truth, options)
    kind, ext = LAYOUT_KIND[fmt]
    if options.get("water_yearly"):
        kind = "consumption2"
    name = f"{key}_{slug}_{kind}.{ext}"
    (out / name).write_bytes(content)
    rows.append((name, key))
    return rows


def write_load_profiles(out: Path, rng, owners: list[dict], buildings: list[dict], series_of: dict,
                        truth: Truth) -> list[tuple[str, str]]:
    """The 2025 interval files of LOAD_PROFILES (15 or 60 minutes); returns the manifest rows."""
    rows = []
    for key, building, step in LOAD_PROFILES:
        b = next(x for x in buildings if x["key"] == key and x["name"] == building)
        monthly = series_of[(key, building)]["Strom"][YEARS.index(2025)]
        stamps, values = load_profile(rng, b, monthly, step)
        zp = f"DE000{key[1:5]}{ZAEHLPUNKT_PLZ[key]}{int(rng.integers(10**9, 10**10)):019d}"
        assert len(zp) == 33, zp
        lines = [f"Zählpunkt;{zp}", f"Liegenschaft;{building}", "Energieträger;Strom", "Einheit;kWh", "",
                 "Datum;Uhrzeit;Verbrauch"]
        for stamp, value in zip(stamps, values, strict=True):
            day = f"{stamp.day}.{stamp.month}.{stamp:%y}" if step == 60 else f"{stamp:%d.%m.%Y}"
            lines.append(f"{day};{stamp:%H:%M};{de(value, thousands=False)}")
        truth.add(key, building, "Strom", 2025, sum(values, Decimal(0)))
        owner = next(o for o in owners if o["municipality_key"] == key)
        name = f"{key}_{owner_slug(owner)}_lastgang_{slugify(building)}.csv"
        (out / name).write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
        rows.append((name, key))
    return rows


def write_expectations(out: Path, truth: Truth, owners: list[dict], trends: dict, buildings: list[dict],
                       climate: Climate, climate_of: dict) -> None:
    """The files the tests check the import against: yearly sums, trends and the climate stations."""
    write_csv(out / "expected_yearly.csv", ["municipality_key", "building", "carrier", "year", "value", "unit"],
              [(k, bname, carrier, year, value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
                "m³" if carrier == "Wasser" else "kWh")
               for (k, bname, carrier, year), value in sorted(truth.rows.items())])
    write_csv(out / "trends.csv", ["municipality_key", "name", "trend_per_year"],
              [(o["municipality_key"], o["name"], f"{trends[o['municipality_key']]:.4f}") for o in owners])
    # the postcode and station of every heated building, with the hot-water share its heat was made with
    write_csv(out / "expected_stations.csv",
              ["municipality_key", "building", "postcode", "postcode_from", "station_id", "months_substituted",
               "hot_water_share"],
              [(b["key"], b["name"], b["station_postcode"], "building" if b["postcode"] else "municipality",
                climate.postcodes[b["station_postcode"]][1][0],
                int((climate_of[b["station_postcode"]][2] != climate.postcodes[b["station_postcode"]][1][0]).sum()),
                f"{hot_water_share(b['category']):.4f}")
               for b in sorted(buildings, key=lambda x: (x["key"], x["name"])) if b["heat_carrier"]])


def write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
