"""Editing in place (issue 19, point 4): a building's master data, a meter's exchange and conversion factor, a typed
meter reading — for the building's municipality's manager or an admin, checked, audited, each undoable.

**One path for typed values.** Master data, a reading and a meter exchange are stored as a *one-row import* of the
typed values (:func:`ktdash.ingest.pipeline.prepare_import` with a fixed mapping profile, source file
:data:`SOURCE_FILES`): the plausibility checks are those of every import (a reading below the one before, a future
date, an unknown category, a postcode that is not five digits or not in the postcode table, a year of construction
outside 1000..this year), a rejected value gets the import's own message (:class:`EditRejected`), the stored value
is in Importe and Protokoll, replaced values become versions (:mod:`.versions`) and the undo is the import's undo
(:func:`ktdash.ingest.commit.undo`). The import's commit refreshes what caches values (the monthly and yearly
rollup; a postcode change moves the building to its station's degree days as an import does) and bumps the data
version, so kWh/m² — computed from ``buildings.floor_area_m2`` whenever it is read — changes on Gebäude, Kommune,
Vergleich and in the report at once. A conversion factor (``meters.factor``, no import layout has it) is changed
here, the rollup of its building rebuilt.

Checks of this module before the import: the area is above 0 and at most :data:`AREA_MAX` m² (an import takes 0
as "no area"), something changes, the meter is a cumulative meter of the building, an exchange is dated after the
old meter's last reading and names a new meter number, a factor lies in :data:`FACTOR_RANGE` (gas in m³: Zustandszahl
and Brennwert within the import's ranges, :data:`ktdash.ingest.stage.Z_RANGE` / ``HS_RANGE``). Refusals raise
:class:`EditError` (a catalog key with its fields), :class:`EditRejected` (the import's rejected rows) or
:class:`~ktdash.access.permissions.NotAllowed`, and change nothing.

**Audit and undo.** Each edit is one row of ``edits`` (migration 020) with its old and new values and one audit row
``masterdata_change`` (detail: ``edit_id``, ``edit`` = the kind, ``old`` / ``new`` per field: the Protokoll shows
"Feld: alt → neu", :mod:`ktdash.output.history`); the one-row import adds its own ``import`` row. :func:`undo_edit`
restores exactly the old values (the import's undo, or the old factor) and is audited the same way (``undo_of``).
An edit whose values were changed since (a later edit or import of the same building's master data, reading or
meter) is **refused** with the reason ``edit_undo_overwritten``: undo the later one first (newest first, as the
Gebäude page offers them).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from ktdash.access import audit, permissions
from ktdash.core.domain import Carrier, Category, Layout
from ktdash.core.formatting import format_date, format_decimal, format_number
from ktdash.core.settings import Settings
from ktdash.i18n import texts
from ktdash.ingest import pipeline
from ktdash.ingest.profiles import MappingProfile
from ktdash.ingest.stage import HS_RANGE, Z_RANGE
from ktdash.store.connection import bump_data_version, next_id, transaction

BUILDING, READING, EXCHANGE, FACTOR = "building", "reading", "meter_exchange", "meter_factor"
KINDS = (BUILDING, READING, EXCHANGE, FACTOR)
SOURCE_FILES = {BUILDING: "eingabe_stammdaten.csv", READING: "eingabe_zaehlerstand.csv",
                EXCHANGE: "eingabe_zaehlerwechsel.csv"}  # the one-row imports' "files" (Importe, Protokoll)
MASTER_FIELDS = ("category", "floor_area_m2", "year_built", "postcode")
AREA_MAX = 1_000_000.0  # m²: above it a typed area is taken for a slip (a whole district's buildings are less)
FACTOR_RANGE = (0.001, 100_000.0)  # a meter's unit → kWh (or a transformer's ratio times it)
ACTION = "masterdata_change"  # the audit action of an edit and of its undo (detail: edit, old, new, undo_of)

# the headers of the one-row files: the German field names, so that a rejection names the form's field
_BUILDING_HEADERS = {"building": "Gebäude", "category": "Kategorie", "area": "Fläche", "year_built": "Baujahr",
                     "postcode": "PLZ"}
_READING_HEADERS = {"building": "Gebäude", "meter": "Zählernummer", "carrier": "Energieträger", "unit": "Einheit",
                    "date": "Datum", "reading": "Zählerstand"}


class EditError(ValueError):
    """An edit refused by this module: ``code`` is a catalog key of ``[ui]`` (``edit_…``) with the fields ``value``
    and ``detail`` (numbers and dates are worded in the reader's language by :meth:`message`; a pair of numbers
    ``low``, ``high`` is a range)."""

    def __init__(self, code: str, value: object = "", detail: object = "", **fields):
        super().__init__(f"{code}: {value}" if value != "" else code)
        self.code, self.value, self.detail, self.fields = code, value, detail, fields

    def message(self, lang: str = "de") -> str:
        fields = {"value": self.value, "detail": self.detail, **self.fields}
        return texts.t(self.code, lang, **{name: _word(v, lang) for name, v in fields.items()})


def _word(value, lang: str) -> str:
    if isinstance(value, float):
        return format_number(value, 0, lang) if value.is_integer() else format_decimal(value, lang, 4, strip_to=1)
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)


class EditRejected(ValueError):
    """Typed values the import's checks rejected; ``preview`` is that import's preview (nothing stored)."""

    def __init__(self, preview):
        super().__init__(", ".join(preview.rejected["code"].astype(str).unique()))
        self.preview = preview
        self.codes = list(preview.rejected["code"].astype(str))

    def messages(self, lang: str = "de") -> list[str]:
        """The import's messages of the rejected values (the Import page's column "Grund")."""
        return list(self.preview.rejected_frame(lang).iloc[:, -1])


@dataclass(frozen=True)
class Edit:
    """A stored edit (a row of ``edits``)."""

    edit_id: int
    kind: str
    building_id: int
    meter_id: int | None
    municipality_key: str
    import_id: int | None
    old: dict
    new: dict
    created_at: datetime | None = None
    created_by: str = ""
    undone_at: datetime | None = None


class MasterData(BaseModel):
    """A building's master data as typed (category from the known list; the rest checked by the import)."""

    model_config = ConfigDict(frozen=True)

    category: Category
    floor_area_m2: float | None = None
    year_built: int | None = None
    postcode: str | None = None


# --- reading the store ------------------------------------------------------------------------------------------

def _name(user) -> str:
    return str(getattr(user, "name", user) or audit.UNKNOWN_USER)


def building(con, building_id: int) -> dict:
    """A building's name, municipality and master data (:data:`MASTER_FIELDS`); EditError when unknown."""
    row = con.execute("""
        SELECT b.name, b.municipality_key, coalesce(m.name, b.municipality_key), b.category, b.floor_area_m2,
               b.year_built, b.postcode
        FROM buildings b LEFT JOIN municipalities m USING (municipality_key) WHERE b.building_id = ?""",
                      [int(building_id)]).fetchone()
    if row is None:
        raise EditError("edit_unknown_building", building_id)
    return dict(zip(("name", "municipality_key", "municipality", *MASTER_FIELDS), row, strict=True))


def meters(con, building_id: int) -> pd.DataFrame:
    """The building's cumulative meters (those read as Zählerstände) with their last reading.

    Columns: meter_id, number, carrier, unit, factor, last_ts, last_value."""
    return con.execute("""
        SELECT m.meter_id, m.number, m.carrier, m.unit, m.factor, r.last_ts, r.last_value
        FROM meters m LEFT JOIN (SELECT meter_id, max(ts) AS last_ts, arg_max(value, ts) AS last_value
                                 FROM readings GROUP BY meter_id) r USING (meter_id)
        WHERE m.building_id = ? AND m.cumulative ORDER BY m.number""", [int(building_id)]).df()


def reading_meters(con, municipality_keys: list[str] | None = None) -> pd.DataFrame:
    """The cumulative meters of the buildings of ``municipality_keys`` (None: every municipality), for the form
    "Zählerstand erfassen": building, its municipality, meter and its last reading.

    Columns: building_id, building, municipality_key, municipality, meter_id, number, carrier, unit, last_ts,
    last_value."""
    return con.execute("""
        SELECT b.building_id, b.name AS building, b.municipality_key, coalesce(mu.name, b.municipality_key)
                   AS municipality, m.meter_id, m.number, m.carrier, m.unit, r.last_ts, r.last_value
        FROM meters m JOIN buildings b USING (building_id)
        LEFT JOIN municipalities mu ON mu.municipality_key = b.municipality_key
        LEFT JOIN (SELECT meter_id, max(ts) AS last_ts, arg_max(value, ts) AS last_value
                   FROM readings GROUP BY meter_id) r USING (meter_id)
        WHERE m.cumulative AND ($all OR list_contains($keys, b.municipality_key))
        ORDER BY municipality, b.name, m.number""",
                       {"all": municipality_keys is None, "keys": list(municipality_keys or [])}).df()


def _meter(con, meter_id: int) -> dict:
    row = con.execute("""
        SELECT m.meter_id, m.building_id, m.number, m.carrier, m.unit, m.factor, m.cumulative,
               (SELECT max(ts) FROM readings r WHERE r.meter_id = m.meter_id) AS last_ts
        FROM meters m WHERE m.meter_id = ?""", [int(meter_id)]).fetchone()
    if row is None or not row[6]:
        raise EditError("edit_unknown_meter", meter_id)
    return dict(zip(("meter_id", "building_id", "number", "carrier", "unit", "factor", "cumulative", "last_ts"),
                    row, strict=True))


def _allow(con, user, building_id: int, action=permissions.Action.EDIT_MASTERDATA) -> dict:
    found = building(con, building_id)
    permissions.require(user, action, found["municipality_key"], municipality_name=found["municipality"])
    return found


def edits(con, building_id: int | None = None, limit: int = 10, *, open_only: bool = False) -> list[Edit]:
    """The newest ``limit`` edits (of one building), newest first; ``open_only``: not undone."""
    rows = con.execute("""
        SELECT edit_id, kind, building_id, meter_id, municipality_key, import_id, CAST(old_values AS VARCHAR),
               CAST(new_values AS VARCHAR), created_at, created_by, undone_at
        FROM edits WHERE ($building IS NULL OR building_id = $building) AND (NOT $open OR undone_at IS NULL)
        ORDER BY edit_id DESC LIMIT $limit""",
                       {"building": None if building_id is None else int(building_id), "open": open_only,
                        "limit": max(0, int(limit))}).fetchall()
    return [_edit(r) for r in rows]


def _edit(r: tuple) -> Edit:
    return Edit(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "{}"), json.loads(r[7] or "{}"), r[8], r[9],
                r[10])


def edit(con, edit_id: int) -> Edit:
    """The stored edit ``edit_id``; EditError ``edit_unknown`` when there is none."""
    row = con.execute("""
        SELECT edit_id, kind, building_id, meter_id, municipality_key, import_id, CAST(old_values AS VARCHAR),
               CAST(new_values AS VARCHAR), created_at, created_by, undone_at
        FROM edits WHERE edit_id = ?""", [int(edit_id)]).fetchone()
    if row is None:
        raise EditError("edit_unknown", edit_id)
    return _edit(row)


# --- the one-row import ------------------------------------------------------------------------------------------

def parse_number(text: str | float | None) -> float | None:
    """A number as typed on a German form ("1.250,5", "1250,5", "1250"): "." groups thousands, "," is the decimal
    mark (as the one-row import reads it); None when it is none."""
    if text is None or isinstance(text, int | float):
        return None if text is None else float(text)
    cleaned = str(text).strip().replace(" ", "").replace("\u202f", "").replace(".", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _number(value: float) -> str:
    """A typed number as the one-row file writes it: decimal comma, no thousands separator."""
    text = format(float(value), "f").rstrip("0").rstrip(".") if float(value) == float(value) else str(value)
    return text.replace(".", ",")


def _csv(headers: dict[str, str], rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(headers.values())
    for row in rows:
        writer.writerow(["" if row.get(field) is None else row[field] for field in headers])
    return out.getvalue().encode("utf-8")


def _prepare(con, kind: str, layout: Layout, headers: dict[str, str], rows: list[dict], municipality_key: str,
             settings: Settings | None, today: date | None):
    profile = MappingProfile(name="eingabe", layout=layout, columns=dict(headers), decimal="comma")
    prepared = pipeline.prepare_import(con, _csv(headers, rows), SOURCE_FILES[kind], municipality_key,
                                       settings=settings or Settings.from_env(), profile=profile, today=today)
    if prepared.preview.rows_rejected:
        raise EditRejected(prepared.preview)
    if prepared.preview.new_buildings:  # a name the store writes differently: never a new building from a form
        raise EditError("edit_unknown_building", rows[0]["building"])
    return prepared


def _store(con, user, prepared, kind: str, found: dict, building_id: int, meter_id: int | None, old: dict,
           new: dict, expected_meters: int | None = None, context: dict | None = None) -> Edit:
    """Inside one transaction: the store's checks again, the import, the edit and its audit row."""
    with transaction(con):
        pipeline.check_again(prepared)  # another session may have changed the store since the preview
        if prepared.preview.rows_rejected:
            raise EditRejected(prepared.preview)
        result = pipeline.commit_import(con, prepared, _name(user), confirm_municipality=True)
        if expected_meters is not None and con.execute(
                "SELECT count(*) FROM meters WHERE building_id = ?", [building_id]).fetchone()[0] != expected_meters:
            raise EditError("edit_unknown_meter", new.get("meter", ""))  # rolled back: no meter made by a typo
        stored = _record(con, user, kind, found, building_id, meter_id, result.import_id, old, new, context)
    return stored


def _record(con, user, kind: str, found: dict, building_id: int, meter_id: int | None, import_id: int | None,
            old: dict, new: dict, context: dict | None = None) -> Edit:
    """The edit's row and its audit row (detail: the edit's number and kind, ``context`` — where, e.g. meter and
    date —, and ``old`` / ``new`` of the changed fields)."""
    context = context or {}
    edit_id = next_id(con, "seq_edit")
    con.execute("""
        INSERT INTO edits (edit_id, kind, building_id, meter_id, municipality_key, import_id, old_values, new_values,
                           created_by)
        VALUES ($id, $kind, $building, $meter, $key, $import, $old, $new, $by)""",
                {"id": edit_id, "kind": kind, "building": building_id, "meter": meter_id,
                 "key": found["municipality_key"], "import": import_id,
                 "old": json.dumps(old, default=str), "new": json.dumps(context | new, default=str),
                 "by": _name(user)})
    detail = {"edit_id": edit_id, "edit": kind, **context, "old": old, "new": new}
    if import_id is not None:
        detail["import_id"] = import_id
    audit.record(con, user, ACTION, found["municipality_key"], object=found["name"], detail=detail)
    bump_data_version(con)
    return Edit(edit_id, kind, building_id, meter_id, found["municipality_key"], import_id, old, context | new)


# --- building master data ------------------------------------------------------------------------------------

def _master(values: dict) -> MasterData:
    try:
        data = MasterData(**values)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        if field == "category":
            raise EditError("edit_unknown_category", str(first.get("input", "")),
                            ", ".join(c.value for c in Category)) from None
        raise EditError("edit_not_a_number", str(first.get("input", "")), field) from None
    area = data.floor_area_m2
    if area is not None and not 0 < area <= AREA_MAX:
        raise EditError("edit_area_implausible", float(area), AREA_MAX)
    return data


def edit_building(con, user, building_id: int, *, settings: Settings | None = None, today: date | None = None,
                  **changes) -> Edit:
    """Change a building's master data: any of category, floor_area_m2 (m², > 0), year_built, postcode (five
    digits; "" or None: the building follows its municipality's). Only what is given changes; the rest is kept.
    Returns the stored edit; EditError ``edit_nothing_changed`` when nothing differs."""
    unknown = set(changes) - set(MASTER_FIELDS)
    if unknown:
        raise EditError("edit_unknown_field", ", ".join(sorted(unknown)))
    found = _allow(con, user, building_id)
    old = {field: found[field] for field in MASTER_FIELDS}
    if isinstance(changes.get("floor_area_m2"), str):
        text = changes["floor_area_m2"].strip()
        changes["floor_area_m2"] = parse_number(text) if text else None
        if text and changes["floor_area_m2"] is None:
            raise EditError("edit_not_a_number", text)
    if "postcode" in changes:
        changes["postcode"] = (str(changes["postcode"] or "")).strip() or None
    data = _master(old | changes)
    new = data.model_dump(mode="json")
    if new == {k: (v.value if isinstance(v, Category) else v) for k, v in old.items()}:
        raise EditError("edit_nothing_changed")
    row = {"building": found["name"], "category": new["category"],
           "area": None if new["floor_area_m2"] is None else _number(new["floor_area_m2"]),
           "year_built": new["year_built"], "postcode": new["postcode"]}
    prepared = _prepare(con, BUILDING, Layout.BUILDINGS, _BUILDING_HEADERS, [row], found["municipality_key"],
                        settings, today)
    return _store(con, user, prepared, BUILDING, found, int(building_id), None, old, new)


# --- meters: a typed reading, an exchange, a conversion factor -------------------------------------------------

def _reading_row(found: dict, meter: dict, number: str, day: date, value: float | str) -> dict:
    typed = _number(value) if isinstance(value, int | float) else str(value).strip()  # text: read by the import
    return {"building": found["name"], "meter": number, "carrier": meter["carrier"], "unit": meter["unit"],
            "date": day.isoformat(), "reading": typed}


def add_reading(con, user, meter_id: int, day: date, value: float | str, *, settings: Settings | None = None,
                today: date | None = None) -> Edit:
    """A meter reading typed on the form (the page "Zählerstand erfassen"): a one-row readings import of the meter,
    checked as every import (a value below the reading before it, a date in the future …: :class:`EditRejected`
    with the import's message). Needs ``import`` for the building's municipality. A reading of a date that already
    has one replaces it (the old value is a version; undo brings it back)."""
    meter = _meter(con, meter_id)
    found = _allow(con, user, meter["building_id"], permissions.Action.IMPORT)
    previous = con.execute("SELECT value FROM readings WHERE meter_id = $meter AND ts = $ts",
                           {"meter": int(meter_id), "ts": datetime.combine(day, time())}).fetchone()
    prepared = _prepare(con, READING, Layout.READINGS, _READING_HEADERS,
                        [_reading_row(found, meter, meter["number"], day, value)], found["municipality_key"],
                        settings, today)
    old, new = {"reading": previous[0] if previous else None}, {"reading": parse_number(value)}
    count = con.execute("SELECT count(*) FROM meters WHERE building_id = ?", [meter["building_id"]]).fetchone()[0]
    return _store(con, user, prepared, READING, found, meter["building_id"], int(meter_id), old, new, count,
                  {"meter": meter["number"], "date": day.isoformat()})


def exchange_meter(con, user, meter_id: int, day: date, final_reading: float | str, new_number: str,
                   start_reading: float | str, *, settings: Settings | None = None, today: date | None = None) -> Edit:
    """A meter exchange on ``day``: the old meter's final reading and the new meter's (``new_number``, same carrier
    and unit) start reading, stored as a two-row readings import. The old meter's series ends at its final reading
    and the new one's starts at its start reading (the rollup takes no difference across meters), so the
    consumption up to the exchange is the old meter's and after it the new one's — no value lost."""
    meter = _meter(con, meter_id)
    found = _allow(con, user, meter["building_id"])
    new_number = (new_number or "").strip()
    if not new_number or new_number.casefold() == str(meter["number"]).casefold():
        raise EditError("edit_exchange_same_number", new_number)
    if con.execute("SELECT count(*) FROM meters WHERE building_id = $building AND lower(number) = lower($number)",
                   {"building": meter["building_id"], "number": new_number}).fetchone()[0]:
        raise EditError("edit_exchange_meter_exists", new_number)
    if meter["last_ts"] is not None and pd.Timestamp(meter["last_ts"]).date() >= day:
        raise EditError("edit_exchange_before_last", day, pd.Timestamp(meter["last_ts"]).date())
    rows = [_reading_row(found, meter, meter["number"], day, final_reading),
            _reading_row(found, meter, new_number, day, start_reading)]
    prepared = _prepare(con, EXCHANGE, Layout.READINGS, _READING_HEADERS, rows, found["municipality_key"],
                        settings, today)
    context = {"date": day.isoformat(), "final_reading": parse_number(final_reading),
               "start_reading": parse_number(start_reading)}
    count = con.execute("SELECT count(*) FROM meters WHERE building_id = ?", [meter["building_id"]]).fetchone()[0]
    return _store(con, user, prepared, EXCHANGE, found, meter["building_id"], int(meter_id),
                  {"meter": meter["number"]}, {"meter": new_number}, count + 1, context)


def unit_text(unit: str) -> str:
    """A meter's stored unit as written for a reader ("m3" → "m³")."""
    return {"m3": "m³"}.get(str(unit), str(unit))


def gas_in_m3(meter: dict) -> bool:
    """A natural-gas meter counting m³: its factor is Zustandszahl × Brennwert (DVGW G 685)."""
    return meter["carrier"] == Carrier.ERDGAS.value and meter["unit"] == "m3"


def _factor(meter: dict, factor, z, hs) -> float:
    factor, z, hs = (_typed(v) for v in (factor, z, hs))
    if gas_in_m3(meter) and (z is not None or hs is not None):
        for given, (low, high), code in ((z, Z_RANGE, "edit_z_implausible"), (hs, HS_RANGE, "edit_hs_implausible")):
            if given is None or not low <= float(given) <= high:
                raise EditError(code, "" if given is None else float(given), low=low, high=high)
        return round(float(z) * float(hs), 6)
    if factor is None or not FACTOR_RANGE[0] <= float(factor) <= FACTOR_RANGE[1]:
        raise EditError("edit_factor_implausible", "" if factor is None else float(factor), low=FACTOR_RANGE[0],
                        high=FACTOR_RANGE[1])
    return float(factor)


def _typed(value):
    """A typed number (text in the German format, or a number); "" → None; EditError when it is no number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_number(value)
    if number is None:
        raise EditError("edit_not_a_number", str(value).strip())
    return number


def set_factor(con, user, meter_id: int, *, factor: float | str | None = None, z: float | str | None = None,
               hs: float | str | None = None) -> Edit:
    """A meter's conversion factor (unit → kWh; gas in m³: give the Zustandszahl ``z`` and Brennwert ``hs``, the
    factor is their product). It converts every reading of the meter without a factor of its own (a gas bill's Z
    and Hs stored with a reading stay); the building's rollup is rebuilt in the same transaction."""
    meter = _meter(con, meter_id)
    found = _allow(con, user, meter["building_id"])
    value = _factor(meter, factor, z, hs)
    if abs(value - float(meter["factor"])) < 1e-9:
        raise EditError("edit_nothing_changed")
    old, new, context = {"factor": meter["factor"]}, {"factor": value}, {"meter": meter["number"]}
    if _typed(z) is not None and _typed(hs) is not None and gas_in_m3(meter):
        context |= {"z_number": _typed(z), "calorific_value": _typed(hs)}
    with transaction(con):
        _write_factor(con, int(meter_id), meter["building_id"], value)
        return _record(con, user, FACTOR, found, meter["building_id"], int(meter_id), None, old, new, context)


def _write_factor(con, meter_id: int, building_id: int, value: float) -> None:
    from ktdash.analytics import rollup

    con.execute("UPDATE meters SET factor = $factor WHERE meter_id = $meter", {"factor": value, "meter": meter_id})
    con.execute("CREATE OR REPLACE TEMP TABLE kt_edit_affected AS SELECT ? AS building_id", [building_id])
    rollup.refresh(con, "kt_edit_affected")


# --- undo ------------------------------------------------------------------------------------------------------

def _still_current(con, stored: Edit) -> bool:
    """Whether the store still holds what the edit stored (no later edit or import changed it)."""
    if stored.kind == FACTOR:
        later = con.execute("""SELECT count(*) FROM edits WHERE kind = $kind AND meter_id = $meter
                               AND edit_id > $id AND undone_at IS NULL""",
                            {"kind": FACTOR, "meter": stored.meter_id, "id": stored.edit_id}).fetchone()[0]
        factor = con.execute("SELECT factor FROM meters WHERE meter_id = ?", [stored.meter_id]).fetchone()
        return not later and factor is not None and abs(factor[0] - stored.new["factor"]) < 1e-9
    if stored.kind == BUILDING:
        now = building(con, stored.building_id)
        owner = con.execute("SELECT masterdata_import_id FROM buildings WHERE building_id = ?",
                            [stored.building_id]).fetchone()[0]
        return owner == stored.import_id and all(
            now[f] == stored.new[f] if f != "floor_area_m2" else
            (now[f] is None) == (stored.new[f] is None) and abs((now[f] or 0) - (stored.new[f] or 0)) < 1e-9
            for f in MASTER_FIELDS)
    # a reading or an exchange: its readings are still its own, and no other import's reading follows on its meters
    return not con.execute("""
        SELECT count(*) FROM readings r WHERE r.meter_id IN (
            SELECT meter_id FROM readings WHERE import_id = $import
            UNION SELECT $meter) AND r.import_id <> $import
          AND r.ts >= (SELECT min(ts) FROM readings WHERE import_id = $import)""",
                           {"import": stored.import_id, "meter": stored.meter_id}).fetchone()[0] and \
        con.execute("SELECT count(*) FROM readings WHERE import_id = ?", [stored.import_id]).fetchone()[0] == \
        (2 if stored.kind == EXCHANGE else 1)


def undo_refusal(con, stored: Edit) -> str | None:
    """Why ``stored`` cannot be undone (a catalog key), or None."""
    if stored.undone_at is not None:
        return "edit_undo_already"
    if stored.import_id is not None and con.execute(
            "SELECT status FROM imports WHERE import_id = ?", [stored.import_id]).fetchone()[0] != "committed":
        return "edit_undo_import_undone"
    return None if _still_current(con, stored) else "edit_undo_overwritten"


def undo_edit(con, user, edit_id: int) -> Edit:
    """Undo edit ``edit_id``: the old values come back exactly (the one-row import's undo, or the old factor), the
    edit is marked undone and the undo audited (``undo_of``). EditError with the reason when it cannot be undone
    (:func:`undo_refusal`); NotAllowed unless the user may edit the building's municipality."""
    stored = edit(con, edit_id)
    found = _allow(con, user, stored.building_id)
    reason = undo_refusal(con, stored)
    if reason is not None:
        raise EditError(reason, edit_id)
    with transaction(con):
        if stored.kind == FACTOR:
            _write_factor(con, stored.meter_id, stored.building_id, float(stored.old["factor"]))
        else:
            pipeline.undo_import(con, stored.import_id, user=user)
        con.execute("UPDATE edits SET undone_at = current_timestamp, undone_by = $by WHERE edit_id = $id",
                    {"by": _name(user), "id": stored.edit_id})
        changed = {k: stored.new.get(k) for k in stored.old}
        context = {k: v for k, v in stored.new.items() if k not in stored.old}
        audit.record(con, user, ACTION, found["municipality_key"], object=found["name"],
                     detail={"undo_of": stored.edit_id, "edit": stored.kind, **context, "old": changed,
                             "new": stored.old})
        bump_data_version(con)
    return stored
