"""Step 2 of an import: find the header line, recognise the columns, decide the layout.

Works on the first lines of the file only (the sample); the rows themselves
are read and checked in SQL (:mod:`ktdash.ingest.stage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ktdash.core.domain import (
    CARRIER_SYNONYMS,
    MONTH_SYNONYMS,
    TOTAL_WORDS,
    UNIT_SYNONYMS,
    Layout,
    fold,
    lookup,
    synonym_rows,
)
from ktdash.ingest import registry
from ktdash.ingest.profiles import MappingProfile
from ktdash.ingest.results import ImportFileError

# canonical field → header names (folded on use)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "building": ("Liegenschaft", "Gebäude", "Gebaeude", "Objekt", "Objektname", "Objektbezeichnung",
                 "Liegenschaftsname", "Gebäudename", "Gebäudebezeichnung", "Bezeichnung", "Standort",
                 "Verbrauchsstelle", "Abnahmestelle", "Einrichtung", "Name", "building", "building name",
                 "site", "property", "facility"),
    "meter": ("Zählernummer", "Zählernr", "Zähler-Nr", "Zähler", "Zählpunkt", "Zählpunktbezeichnung",
              "Zähler-ID", "Zaehlernummer", "Messlokation", "MeLo", "Marktlokation", "meter", "meter number",
              "meter id", "meter no", "metering point"),
    "carrier": ("Energieträger", "Energietraeger", "Medium", "Sparte", "Energieart", "Medienart", "Träger",
                "carrier", "energy carrier", "fuel", "commodity", "utility"),
    "unit": ("Einheit", "Maßeinheit", "ME", "unit", "units", "uom"),
    "date": ("Ablesedatum", "Datum", "Ablesetag", "Stichtag", "Ablesung", "Zeitstempel", "Zeitpunkt",
             "Datum/Uhrzeit", "Datum Uhrzeit", "date", "reading date", "timestamp", "datetime", "time stamp"),
    "time": ("Uhrzeit", "Zeit", "time", "Zeit von", "Uhrzeit von"),
    "reading": ("Zählerstand", "Zaehlerstand", "Stand", "Ablesewert", "Zählerstand neu", "reading",
                "meter reading", "register"),
    "consumption": ("Verbrauch", "Menge", "Wert", "Verbrauchsmenge", "Energiemenge", "Arbeit", "Energie",
                    "Verbrauchswert", "Messwert", "consumption", "value", "usage", "amount", "energy"),
    "cost": ("Kosten", "Kosten brutto", "Betrag", "Rechnungsbetrag", "Energiekosten", "Bruttobetrag", "Kosten EUR",
             "cost", "costs", "cost eur", "energy cost"),
    "month": ("Monat", "Abrechnungsmonat", "Verbrauchsmonat", "Zeitraum", "Periode", "Abrechnungszeitraum",
              "month", "period"),
    "year": ("Jahr", "Abrechnungsjahr", "Verbrauchsjahr", "Kalenderjahr", "year"),
    "period_start": ("von", "Beginn", "Zeitraum von", "Abrechnungsbeginn", "ab", "Startdatum", "Datum von",
                     "Intervallbeginn", "Beginn Intervall", "Zeitstempel Beginn", "Zeitstempel von",
                     "period start", "start", "start date", "from", "interval start"),
    "period_end": ("bis", "Ende", "Zeitraum bis", "Abrechnungsende", "Enddatum", "Datum bis", "Intervallende",
                   "Ende Intervall", "Zeitstempel Ende", "Zeitstempel bis", "Uhrzeit bis", "Zeit bis",
                   "period end", "end", "end date", "to", "interval end"),
    "category": ("Kategorie", "Nutzungsart", "Nutzung", "Gebäudeart", "Gebäudetyp", "Gebäudekategorie",
                 "Bauwerkszuordnung", "category", "type", "building type", "use"),
    "area": ("Bezugsfläche", "Bezugsfläche NGF", "NGF", "BGF", "Nettogrundfläche", "Bruttogrundfläche",
             "Energiebezugsfläche", "Fläche", "Fläche m²", "Nutzfläche", "area", "floor area", "gross floor area"),
    "year_built": ("Baujahr", "Errichtungsjahr", "year built", "year of construction", "construction year"),
    # digits before the decimal point of a cumulative meter's register (its rollover: ktdash.ingest.checks)
    "digits": ("Stellen", "Zählerstellen", "Zaehlerstellen", "Vorkommastellen", "Stellenzahl", "digits"),
    # a building's postcode (master data): its DWD station for the weather normalisation (ktdash.analytics.climate)
    "postcode": ("PLZ", "Postleitzahl", "PLZ Gebäude", "PLZ Standort", "Postleitzahl Standort", "postcode",
                 "post code", "postal code", "zip", "zip code"),
    # natural gas of a bill: the row's own Zustandszahl and Brennwert (kWh = m³ × Z × Hs; ktdash.ingest.stage)
    "z_number": ("Zustandszahl", "Z-Zahl", "Z", "Zustandszahl Z", "Zustands-Zahl", "Zustandsziffer",
                 "Zustandszahl Erdgas", "Z-Wert", "z number", "z-number", "z factor", "z-factor", "z value"),
    "calorific_value": ("Brennwert", "Abrechnungsbrennwert", "Brennwert Hs", "Hs", "Brennwert H_s", "Hs,n",
                        "Abrechnungsbrennwert Hs", "Brennwert Erdgas", "Brennwert Abrechnung", "Abrechnungs-Brennwert",
                        "Brennwert (Hs)", "calorific value", "gross calorific value", "billing calorific value"),
}
GAS_QUALITY_FIELDS = ("z_number", "calorific_value")
FIELDS = tuple(HEADER_SYNONYMS)

_HEADER_LOOKUP: dict[str, str] = {}
for _field, _names in HEADER_SYNONYMS.items():
    for _name in _names:
        _HEADER_LOOKUP.setdefault(fold(_name), _field)
_MONTH_LOOKUP = {fold(n): m for m, names in MONTH_SYNONYMS.items() for n in names}
_UNIT_LOOKUP = dict(synonym_rows(UNIT_SYNONYMS))  # folded unit word → unit: lookup() without refolding every synonym
_TOTALS = {fold(w) for w in TOTAL_WORDS}
_UNIT_IN_HEADER = re.compile(r"(?:[(\[]\s*|\s|^)(kwh|mwh|wh|gj|kw|m³|m3|liter|l|kg|t)\s*[)\]]?\s*$", re.I)

# a time zone named in a header: "Zeitstempel (UTC)", "Datum/Uhrzeit UTC", "Uhrzeit MEZ/MESZ"
_ZONE_IN_HEADER = re.compile(r"\s*[(\[]?\s*\b(UTC|GMT|MEZ/MESZ|MEZ|MESZ|Ortszeit|Lokalzeit|local time)\s*[)\]]?\s*$",
                             re.I)
_UTC_IN_HEADER = re.compile(r"\b(UTC|GMT)\b", re.I)
_END_IN_HEADER = re.compile(r"\b(bis|ende|intervallende|end|to)\b", re.I)
# the unit of a calorific value after its name: "Brennwert kWh/m³", "Hs in kWh/Nm3", "Brennwert [kWh pro m³]"
_PER_VOLUME_IN_HEADER = re.compile(r"\s*(?:\bin\s+)?[(\[]?\s*kwh\s*(?:/|je|pro|per)\s*n?m\s*[³3]\s*[)\]]?\s*$", re.I)

# preamble lines above a load profile: "Zählpunkt;DE000…", "Liegenschaft: Rathaus"
PREAMBLE_FIELDS = ("building", "meter", "carrier", "unit")


@dataclass
class ColumnPlan:
    """Where each canonical field is in the file (0-based column index)."""

    header_index: int  # 0-based row index of the header in the sample
    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)  # month number → column index
    ignored: list[str] = field(default_factory=list)  # totals and unknown columns, by header text
    unit_hints: dict[str, str] = field(default_factory=dict)  # field → unit from its header ("Verbrauch kWh")
    preamble: dict[str, str] = field(default_factory=dict)  # field → value from the lines above the header
    layout: Layout | None = None
    time_zone: str | None = None  # load profiles: "UTC" when a time header says so (ktdash.ingest.clock)
    stamp_end: bool = False  # load profiles: the timestamp marks the interval end (header "bis", "Ende", …)

    def header_of(self, name: str) -> str:
        return self.headers[self.fields[name]]


def _unit(text: str) -> str | None:
    """``lookup(UNIT_SYNONYMS, text)``, from a table folded once (a file may have 10,000 header cells)."""
    return _UNIT_LOOKUP.get(fold(text))


@lru_cache(maxsize=4096)
def header_field(text: str) -> tuple[str | None, str | None]:
    """(field, unit hint) for one header cell; month columns give ('month:N', None). Cached: the header search
    asks for every cell of the first 40 lines, and a wide file repeats its header texts."""
    if not text or not text.strip():
        return None, None
    raw = text.strip()
    folded = fold(raw)
    if folded in _MONTH_LOOKUP:
        return f"month:{_MONTH_LOOKUP[folded]}", None
    if folded in _TOTALS:
        return "total", None
    if _unit(raw) and folded not in _HEADER_LOOKUP:
        return "consumption", _unit(raw)  # a value column headed only by its unit: "kWh"
    zone = _ZONE_IN_HEADER.search(raw)
    if zone and folded not in _HEADER_LOOKUP and raw[: zone.start()].strip():
        return header_field(raw[: zone.start()])  # "Zeitstempel UTC", "Uhrzeit (MEZ/MESZ)"
    if folded in _HEADER_LOOKUP:
        unit = None
        bracket = re.search(r"[(\[]\s*([^)\]]+?)\s*[)\]]", raw)
        if bracket:
            unit = _unit(bracket.group(1))
        return _HEADER_LOOKUP[folded], unit
    per_volume = _PER_VOLUME_IN_HEADER.search(raw)
    if per_volume and raw[: per_volume.start()].strip():
        rest = fold(raw[: per_volume.start()])
        if _HEADER_LOOKUP.get(rest) == "calorific_value":
            return "calorific_value", None
    match = _UNIT_IN_HEADER.search(raw)
    if match:
        rest = fold(raw[: match.start()])
        if rest in _HEADER_LOOKUP:
            return _HEADER_LOOKUP[rest], _unit(match.group(1))
    return None, None


HEADERS_NAMED = 30  # a message names at most this many columns (a file may have 10,000)


def header_list(headers: list[str]) -> str:
    """The named columns for a message: the first :data:`HEADERS_NAMED`, then how many more."""
    named = [h for h in headers if h]
    if len(named) <= HEADERS_NAMED:
        return ", ".join(named)
    return ", ".join(named[:HEADERS_NAMED]) + f" … (+{len(named) - HEADERS_NAMED})"


def _score(row: list[str]) -> int:
    return sum(1 for cell in row if header_field(cell)[0] not in (None, "total"))


def plan_columns(sample: list[list[str]], file_name: str, profile: MappingProfile | None = None) -> ColumnPlan:
    """Find the header line in the sample and map its cells to fields."""
    header_index = _header_index(sample, file_name, profile)
    headers = [c.strip() if c else "" for c in sample[header_index]]
    plan = ColumnPlan(header_index=header_index, headers=headers)
    _map_headers(plan, {fold(h): f for f, h in (profile.columns.items() if profile else [])})
    plan.preamble = parse_preamble(sample[:header_index])
    plan.layout = profile.layout if profile and profile.layout else decide_layout(plan, sample, file_name)
    _reinterpret_time_columns(plan, sample)
    if plan.layout == Layout.BUILDINGS:  # Zustandszahl and Brennwert belong to gas values, not to master data
        for name in GAS_QUALITY_FIELDS:
            if name in plan.fields:
                plan.ignored.append(plan.headers[plan.fields.pop(name)])
    elif "postcode" in plan.fields:  # a postcode belongs to a building's master data, not to its values
        plan.ignored.append(plan.headers[plan.fields.pop("postcode")])
    return plan


def _header_index(sample: list[list[str]], file_name: str, profile: MappingProfile | None) -> int:
    """The header line: the first with all of the profile's columns, else the best-scoring of the first 40."""
    if profile and profile.columns:
        wanted = {fold(h) for h in profile.columns.values()}
        header_index = next(
            (i for i, row in enumerate(sample) if wanted <= {fold(c) for c in row if c}), None)
        if header_index is None:
            raise ImportFileError("profile_mismatch", file_name, value=profile.name,
                                  detail=", ".join(profile.columns.values()))
        return header_index
    scores = [_score(row) for row in sample[:40]]
    best = max(scores, default=0)
    if best < 2:
        raise ImportFileError("no_header", file_name)
    return scores.index(best)


def _map_headers(plan: ColumnPlan, by_header: dict[str, str]) -> None:
    """Each header of ``plan`` to its field (the profile's mapping ``by_header`` first, by folded header), month
    columns to their month; the rest, and a field's second column, are ignored."""
    for index, header in enumerate(plan.headers):
        name, unit = (by_header[fold(header)], None) if fold(header) in by_header else header_field(header)
        if name is None or name == "total":
            if header:
                plan.ignored.append(header)
            continue
        if name.startswith("month:"):
            plan.months.setdefault(int(name.split(":")[1]), index)
        elif name not in plan.fields:
            plan.fields[name] = index
            if unit:
                plan.unit_hints[name] = unit
        else:
            plan.ignored.append(header)


def parse_preamble(rows: list[list[str]]) -> dict[str, str]:
    """Key/value lines above the header (load-profile exports put building and meter there)."""
    found: dict[str, str] = {}
    for row in rows:
        cells = [c.strip() for c in row if c and c.strip()]
        if len(cells) == 1 and ":" in cells[0]:
            cells = [part.strip() for part in cells[0].split(":", 1)]
        if len(cells) < 2:
            continue
        key = cells[0].rstrip(":")
        name, unit = header_field(key)
        if name in PREAMBLE_FIELDS and name not in found:
            found[name] = cells[1]
    return found


def decide_layout(plan: ColumnPlan, sample: list[list[str]], file_name: str) -> Layout:
    """The energy layout whose recognised columns these are: the first registered layout (in its ``order``) whose
    ``matches`` accepts them (:mod:`ktdash.ingest.registry`, the modules of :mod:`ktdash.ingest.layouts`)."""
    found = registry.decide(plan, sample)
    if found is None:
        raise ImportFileError("unknown_layout", file_name, detail=header_list(plan.headers))
    return Layout(found.code)


def _column_values(plan: ColumnPlan, sample: list[list[str]], name: str) -> list[str]:
    index = plan.fields[name]
    return [row[index].strip() for row in sample[plan.header_index + 1:] if len(row) > index and row[index].strip()]


def _looks_like_time(plan: ColumnPlan, sample: list[list[str]], name: str) -> bool:
    values = _column_values(plan, sample, name)[:20]
    return bool(values) and all(re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", v) for v in values)


def _looks_like_datetime(plan: ColumnPlan, sample: list[list[str]], name: str) -> bool:
    """Date and time of day in one cell ("29.10.2023 02:15", "2023-10-29T02:15:00+01:00"), not only midnight."""
    values = _column_values(plan, sample, name)[:40]
    clock = r"\S+[ T]\d{1,2}\s?[AaBb]?\s?:(\d{2})(:\d{2})?.*"
    return (bool(values) and all(re.fullmatch(clock, v) for v in values)
            and any(not re.search(r"[ T]0?0:00(:00)?$", v) for v in values))


def looks_like_clock(plan: ColumnPlan, sample: list[list[str]], name: str) -> bool:
    return _looks_like_time(plan, sample, name) or _looks_like_datetime(plan, sample, name)


def _reinterpret_time_columns(plan: ColumnPlan, sample: list[list[str]]) -> None:
    """A load profile's "von;bis" columns hold times of day or full timestamps, not period dates: the start
    ("von") is the timestamp, the end ("bis") only when there is no start (then it marks the interval end).
    A header saying UTC, or the end of the interval ("Zeitstempel (Ende)", "Uhrzeit bis"), is noted."""
    if plan.layout != Layout.LOAD_PROFILE:
        return
    f = plan.fields
    had_start = "period_start" in f
    for name, end in (("period_start", False), ("period_end", True)):
        if name not in f:
            continue
        if had_start and end:  # the start is the timestamp; the end column is not needed
            plan.ignored.append(plan.headers[f.pop(name)])
        elif _looks_like_time(plan, sample, name) and "time" not in f:
            f["time"] = f.pop(name)
            plan.stamp_end = end
        elif _looks_like_datetime(plan, sample, name) and "date" not in f:
            f["date"] = f.pop(name)
            plan.stamp_end = end
        else:
            plan.ignored.append(plan.headers[f.pop(name)])
    stamp = plan.headers[f["time"] if "time" in f else f["date"]] if ("time" in f or "date" in f) else ""
    if _END_IN_HEADER.search(stamp):
        plan.stamp_end = True
    if any(_UTC_IN_HEADER.search(plan.headers[f[n]]) for n in ("date", "time") if n in f):
        plan.time_zone = "UTC"


def check_required(plan, file_name: str) -> None:
    """Raise ``missing_column`` (the field's code: the message names it in the reader's language) for a required
    field of the plan's layout (:attr:`ktdash.ingest.registry.LayoutSpec.required`) that the file lacks; a load
    profile's building may stand above the header (``plan.preamble``)."""
    for name in registry.spec(plan.layout).required:
        if name not in plan.fields and not (name == "building" and "building" in getattr(plan, "preamble", {})):
            raise ImportFileError("missing_column", file_name, column=name, value=str(plan.header_index + 1))


def known_carrier(text: str | None) -> str | None:
    return lookup(CARRIER_SYNONYMS, text)
