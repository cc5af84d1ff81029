"""The vocabulary of ktdash: energy carriers, building categories, units and
their synonyms as they appear in the files municipalities export.

Everything here is data; the SQL of the import joins against tables built from
these mappings (see :func:`synonym_rows`), so a synonym added here is known to
the whole import at once.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache


class Carrier(StrEnum):
    """Canonical energy carriers (and water). Values are the German names shown to users."""

    STROM = "Strom"
    ERDGAS = "Erdgas"
    HEIZOEL = "Heizöl"
    FERNWAERME = "Fernwärme"
    NAHWAERME = "Nahwärme"
    HOLZPELLETS = "Holzpellets"
    HACKSCHNITZEL = "Hackschnitzel"
    FLUESSIGGAS = "Flüssiggas"
    WASSER = "Wasser"


class Category(StrEnum):
    """Building categories of municipal energy controlling."""

    SCHULE = "Schule"
    KITA = "Kita"
    VERWALTUNG = "Verwaltung"
    SPORTHALLE = "Sporthalle"
    SCHWIMMBAD = "Schwimmbad"
    FEUERWEHR = "Feuerwehr"
    BUERGERHAUS = "Bürgerhaus/Dorfgemeinschaftshaus"
    BAUHOF = "Bauhof"
    KLAERANLAGE = "Kläranlage"
    STRASSENBELEUCHTUNG = "Straßenbeleuchtung"
    SONSTIGES = "Sonstiges"


class Layout(StrEnum):
    """The shapes of files ktdash imports."""

    BUILDINGS = "buildings"  # master data: name, category, area, year of construction
    READINGS = "readings"  # cumulative meter readings (Zählerstände)
    PERIODS = "periods"  # consumption per period (month, year, from/to)
    WIDE = "wide"  # a row per building/carrier/year with a column per month
    LOAD_PROFILE = "load_profile"  # 15-minute or hourly interval values (Lastgang)
    CAMPAIGNS = "campaigns"  # the network's joint campaigns (ktdash.campaigns)
    ACTIVITIES = "activities"  # events and items of campaigns with their reach
    PV_REGISTER = "pv_register"  # solar units from the Marktstammdatenregister export
    MEASURES = "measures"  # measures (Maßnahmen) per building: ktdash.ingest.layouts.measures (issue 17)
    NETWORK_PEOPLE = "network_people"  # the network's people and posts: ktdash.ingest.layouts.network (issue 18)


class DegreeDayLayout(StrEnum):
    """Published files of monthly degree days per DWD station (issue 14, :mod:`ktdash.ingest.layouts.degree_days`).

    Kept apart from :class:`Layout`: these are fixed published formats (no mapping profile chooses them),
    they belong to no municipality and only an admin imports them (``edit_factors``)."""

    DWD = "degree_days_dwd"  # DWD CDC derived_germany/techn/monthly/heating_degreedays/hdd_3807 (gradtage_YYYYMM.csv)
    IWU = "degree_days_iwu"  # IWU workbook "Gradtagzahlen-Deutschland.xlsx", table (sheet) Data.TA.HD


def fold(text: str) -> str:
    """:func:`_fold`, cached for short texts: a wide file asks for the same header and cell texts again and
    again (10,000 columns; issue 15); long texts are not kept."""
    return _fold_short(text) if len(text) <= 200 else _fold(text)


def _fold(text: str) -> str:
    """Normalise a header or cell for synonym matching.

    Lower case, umlauts written out (ä→ae, ß→ss), accents removed, units in
    brackets and every non-alphanumeric character dropped: ``"Bezugsfläche NGF (m²)"``
    → ``"bezugsflaechengf"``.
    """
    text = text.strip().lower()
    text = re.sub(r"[(\[].*?[)\]]", "", text)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("²", "2"), ("³", "3")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text)


_fold_short = lru_cache(maxsize=65536)(_fold)


CARRIER_SYNONYMS: dict[Carrier, tuple[str, ...]] = {
    Carrier.STROM: ("Strom", "Elektrizität", "Elektro", "Elt", "Elektroenergie", "Wirkarbeit",
                    "electricity", "power", "electric"),
    Carrier.ERDGAS: ("Erdgas", "Gas", "Erdgas H", "Erdgas L", "H-Gas", "L-Gas", "natural gas", "gas"),
    Carrier.HEIZOEL: ("Heizöl", "Öl", "Heizöl EL", "Oel", "heating oil", "oil", "fuel oil"),
    Carrier.FERNWAERME: ("Fernwärme", "Fernheizung", "district heating", "district heat"),
    Carrier.NAHWAERME: ("Nahwärme", "Nahwärmenetz", "local heating", "local heat"),
    Carrier.HOLZPELLETS: ("Holzpellets", "Pellets", "Holzpellet", "wood pellets", "pellet"),
    Carrier.HACKSCHNITZEL: ("Hackschnitzel", "Holzhackschnitzel", "Hackgut", "wood chips", "woodchips"),
    Carrier.FLUESSIGGAS: ("Flüssiggas", "LPG", "Propan", "Autogas", "liquefied petroleum gas", "propane"),
    Carrier.WASSER: ("Wasser", "Trinkwasser", "Frischwasser", "water"),
}

CATEGORY_SYNONYMS: dict[Category, tuple[str, ...]] = {
    Category.SCHULE: ("Schule", "Grundschule", "Realschule", "Realschule plus", "Gymnasium",
                      "Integrierte Gesamtschule", "IGS", "Förderschule", "Berufsbildende Schule",
                      "BBS", "school"),
    Category.KITA: ("Kita", "Kindertagesstätte", "Kindergarten", "Krippe", "daycare", "nursery"),
    Category.VERWALTUNG: ("Verwaltung", "Rathaus", "Verwaltungsgebäude", "Kreisverwaltung",
                          "Verbandsgemeindeverwaltung", "administration", "town hall", "office"),
    Category.SPORTHALLE: ("Sporthalle", "Turnhalle", "Mehrzweckhalle", "sports hall", "gym"),
    Category.SCHWIMMBAD: ("Schwimmbad", "Hallenbad", "Freibad", "Bad", "swimming pool", "pool"),
    Category.FEUERWEHR: ("Feuerwehr", "Feuerwehrgerätehaus", "Feuerwache", "fire station"),
    Category.BUERGERHAUS: ("Bürgerhaus/Dorfgemeinschaftshaus", "Bürgerhaus", "Dorfgemeinschaftshaus",
                           "DGH", "Gemeindehaus", "Bürgerhaus / Dorfgemeinschaftshaus",
                           "community centre", "community center", "village hall"),
    Category.BAUHOF: ("Bauhof", "Betriebshof", "depot"),
    Category.KLAERANLAGE: ("Kläranlage", "Abwasser", "Pumpwerk", "wastewater", "sewage plant"),
    Category.STRASSENBELEUCHTUNG: ("Straßenbeleuchtung", "Strassenbeleuchtung", "Beleuchtung",
                                   "street lighting", "streetlights"),
    Category.SONSTIGES: ("Sonstiges", "Sonstige", "other", "misc"),
}

# Units as written in exports → canonical unit code used in the factor table.
UNIT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Wh": ("Wh",),
    "kWh": ("kWh", "kwh", "KWH", "kW h", "Kilowattstunden"),
    "MWh": ("MWh", "Megawattstunden"),
    "GJ": ("GJ",),
    "kW": ("kW", "Kilowatt"),
    "m3": ("m³", "m3", "cbm", "Kubikmeter", "qm3", "Nm3", "Nm³"),
    "l": ("l", "L", "Liter", "Ltr", "litre", "liter", "litres", "liters"),
    "kg": ("kg", "Kilogramm"),
    "t": ("t", "Tonnen", "to", "tonnes"),
}

MONTH_SYNONYMS: dict[int, tuple[str, ...]] = {
    1: ("Januar", "Jan", "Jänner", "January"),
    2: ("Februar", "Feb", "February"),
    3: ("März", "Mrz", "Mär", "Maerz", "Mar", "March"),
    4: ("April", "Apr"),
    5: ("Mai", "May"),
    6: ("Juni", "Jun", "June"),
    7: ("Juli", "Jul", "July"),
    8: ("August", "Aug"),
    9: ("September", "Sep", "Sept"),
    10: ("Oktober", "Okt", "October", "Oct"),
    11: ("November", "Nov"),
    12: ("Dezember", "Dez", "December", "Dec"),
}

# Words that mark a totals row or column, which must never be counted.
TOTAL_WORDS = ("summe", "gesamt", "gesamtsumme", "insgesamt", "total", "totals", "sum", "jahressumme",
               "summen", "gesamtverbrauch")


def synonym_rows(mapping: dict) -> list[tuple[str, str]]:
    """(folded synonym, canonical value) pairs, for a lookup table in DuckDB."""
    rows: dict[str, str] = {}
    for canonical, words in mapping.items():
        value = canonical.value if hasattr(canonical, "value") else str(canonical)
        for word in (value, *words):
            rows.setdefault(fold(str(word)), value)
    return sorted(rows.items())


def lookup(mapping: dict, text: str | None):
    """Python-side lookup of one value (used for preamble lines and profiles, not for rows)."""
    if text is None:
        return None
    folded = fold(text)
    for key, value in synonym_rows(mapping):
        if key == folded:
            return value
    return None
