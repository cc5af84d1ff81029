"""Measures (Maßnahmen, issue 17) entered by hand: add, change, delete — the write side the Gebäude page's form and
the CLI call. Only the building's municipality's manager and admins may (``edit_masterdata``,
:mod:`ktdash.access.permissions`); every change is audited (``measure_add`` / ``measure_change`` /
``measure_delete``) in the transaction of the change, and a changed or deleted measure keeps its old row in
``measure_versions`` (no value lost). Refusals raise :class:`~ktdash.access.permissions.NotAllowed` or
:class:`MeasureError` (a ValueError with a catalog code in ``[rejections]``) and change nothing.

A measure of an import that is changed on the form belongs to the form from then on (``import_id`` NULL): undoing
the import leaves it (its imported version stays in ``measure_versions``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ktdash.access import audit, permissions
from ktdash.analytics.measures import expected_kwh_sql, stored_expected_kwh_sql
from ktdash.core.domain import Carrier
from ktdash.core.measure_vocabulary import MeasureStatus, MeasureType
from ktdash.store.connection import bump_data_version, next_id, transaction

COLUMNS = ("measure_id", "building_id", "type", "title", "carriers", "completed_on", "investment_eur", "funding_eur",
           "expected_kwh", "status", "note", "import_id", "created_at", "created_by", "updated_at", "updated_by")


class MeasureError(ValueError):
    """A measure that cannot be stored: ``code`` is a key of the catalogs' ``[rejections]``; ``field`` the form
    field concerned (a ``[fields]`` key) or None, ``value`` the value concerned, ``allowed`` the allowed codes of a
    vocabulary. The caller words it with the catalogs' rejection text of ``code`` (fields: value, column — the field's
    name in the reader's language — and detail = ``allowed``), as the import's rejected rows are."""

    def __init__(self, code: str, value: str = "", field: str | None = None):
        super().__init__(f"{code}: {field or value}" if field or value else code)
        self.code, self.value, self.field = code, value, field
        self.allowed = {"unknown_carrier": ", ".join(c.value for c in Carrier),
                        "unknown_measure_type": ", ".join(t.value for t in MeasureType),
                        "unknown_measure_status": ", ".join(s.value for s in MeasureStatus)}.get(code, "")


class Measure(BaseModel):
    """A measure as entered (the form, the CLI). Checked on creation; errors are codes (:func:`check`)."""

    model_config = ConfigDict(frozen=True)

    building_id: int
    type: MeasureType
    title: str = Field(min_length=1, max_length=200)
    carriers: tuple[Carrier, ...] = Field(min_length=1)
    completed_on: date | None = None
    investment_eur: float | None = Field(default=None, ge=0)
    funding_eur: float | None = Field(default=None, ge=0)
    expected_kwh: dict[Carrier, float] = Field(default_factory=dict)  # carrier → expected savings in kWh/a
    status: MeasureStatus = MeasureStatus.PLANNED
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if self.status == MeasureStatus.COMPLETED and self.completed_on is None:
            raise ValueError("measure_completed_without_date")
        if (self.funding_eur or 0) > (self.investment_eur or 0) and self.funding_eur:
            raise ValueError("measure_funding_above_investment")
        if any(v < 0 for v in self.expected_kwh.values()):
            raise ValueError("negative_value")
        if set(self.expected_kwh) - set(self.carriers):
            raise ValueError("measure_savings_carrier_not_affected")
        return self


_FIELD_CODES = {"type": "unknown_measure_type", "carriers": "unknown_carrier", "expected_kwh": "unknown_carrier",
                "status": "unknown_measure_status", "investment_eur": "negative_value",
                "funding_eur": "negative_value", "title": "missing_value", "completed_on": "invalid_date",
                "building_id": "unknown_building"}
_FORM_FIELDS = {"type": "measure_type", "carriers": "carrier", "expected_kwh": "expected_savings",
                "status": "measure_status", "investment_eur": "investment", "funding_eur": "funding", "title": "title",
                "completed_on": "completed_on", "building_id": "building", "note": "note"}
_MODEL_FIELDS = {"measure_completed_without_date": "completed_on", "measure_funding_above_investment": "funding",
                 "negative_value": "expected_savings", "measure_savings_carrier_not_affected": "expected_savings"}
_MODEL_VALUES = {"measure_funding_above_investment": "funding_eur"}
_CODES = ("measure_completed_without_date", "measure_funding_above_investment", "negative_value",
          "measure_savings_carrier_not_affected")


def check(today: date | None = None, **values) -> Measure:
    """A :class:`Measure` of ``values``, or :class:`MeasureError` with the code of the first problem. A completion
    date after ``today`` is refused (``measure_completed_in_future``)."""
    try:
        measure = Measure(**values)
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first.get("ctx", {}).get("error", ""))
        code = message if message in _CODES else _FIELD_CODES.get(str(first["loc"][0]) if first["loc"] else "",
                                                                    "measure_invalid")
        field = _FORM_FIELDS.get(str(first["loc"][0])) if first["loc"] else _MODEL_FIELDS.get(code)
        value = first.get("input") if first["loc"] else values.get(_MODEL_VALUES.get(code, ""))
        raise MeasureError(code, "" if isinstance(value, dict | list | tuple) or value is None else str(value),
                           field) from None
    if measure.completed_on is not None and measure.completed_on > (today or date.today()):
        raise MeasureError("measure_completed_in_future", measure.completed_on.isoformat(), "completed_on")
    return measure


def _name(user) -> str:
    return str(getattr(user, "name", user) or audit.UNKNOWN_USER)


def _owner(con, building_id: int) -> tuple[str, str, str]:
    """(municipality key, municipality name, building name) of a building; MeasureError when unknown."""
    row = con.execute("""SELECT b.municipality_key, coalesce(m.name, b.municipality_key), b.name FROM buildings b
                         LEFT JOIN municipalities m USING (municipality_key) WHERE b.building_id = ?""",
                      [building_id]).fetchone()
    if row is None:
        raise MeasureError("unknown_building", str(building_id), "building")
    return row


def _allow(con, user, building_id: int) -> str:
    key, name, _building = _owner(con, building_id)
    permissions.require(user, permissions.Action.EDIT_MASTERDATA, key, municipality_name=name)
    return key


def _values(measure: Measure) -> dict:
    return {"building_id": measure.building_id, "type": measure.type.value, "title": measure.title.strip(),
            "carriers": [c.value for c in measure.carriers], "completed_on": measure.completed_on,
            "investment_eur": measure.investment_eur, "funding_eur": measure.funding_eur,
            "keys": [c.value for c in measure.expected_kwh], "kwh": list(measure.expected_kwh.values()),
            "status": measure.status.value, "note": (measure.note or "").strip() or None}


_READ = ", ".join(f"{expected_kwh_sql(c)} AS {c}" if c == "expected_kwh" else c for c in COLUMNS)
_EXPECTED = stored_expected_kwh_sql("map($keys::VARCHAR[], $kwh::DOUBLE[])")  # the form's dict, as stored


def row(con, measure_id: int) -> dict | None:
    """The stored measure ``measure_id`` as a dict of :data:`COLUMNS` (expected_kwh a dict), or None."""
    found = con.execute(f"SELECT {_READ} FROM measures WHERE measure_id = ?", [measure_id]).fetchone()
    if found is None:
        return None
    values = dict(zip(COLUMNS, found, strict=True))
    values["expected_kwh"] = dict(values["expected_kwh"] or {})
    return values


def _keep(con, measure_id: int, user, reason: str) -> None:
    con.execute(f"""INSERT INTO measure_versions ({', '.join(COLUMNS)}, replaced_by, reason)
                    SELECT {', '.join(COLUMNS)}, $by, $reason FROM measures WHERE measure_id = $id""",
                {"by": _name(user), "reason": reason, "id": measure_id})


def add_measure(con, user, measure: Measure) -> int:
    """Store a new measure (entered on the form); returns its number. NotAllowed unless the user may change the
    building's municipality."""
    key = _allow(con, user, measure.building_id)
    values = _values(measure) | {"by": _name(user)}
    with transaction(con):
        measure_id = next_id(con, "seq_measure")
        con.execute(f"""
            INSERT INTO measures (measure_id, building_id, type, title, carriers, completed_on, investment_eur,
                                  funding_eur, expected_kwh, status, note, created_by, updated_by)
            VALUES ($id, $building_id, $type, $title, $carriers, $completed_on, $investment_eur, $funding_eur,
                    {_EXPECTED}, $status, $note, $by, $by)""", values | {"id": measure_id})
        audit.record(con, user, "measure_add", key, object=str(measure_id), detail=row(con, measure_id))
        bump_data_version(con)  # the pages' cached savings (Kommune, Vergleich) are read anew
    return measure_id


def _stored(con, measure_id: int) -> dict:
    old = row(con, measure_id)
    if old is None:
        raise MeasureError("unknown_measure", str(measure_id))
    return old


def update_measure(con, user, measure_id: int, measure: Measure) -> dict:
    """Replace measure ``measure_id`` by ``measure``; the old row goes to ``measure_versions`` and into the audit
    detail. A move to another building needs the right for both. Returns the old row."""
    old = _stored(con, measure_id)
    _allow(con, user, old["building_id"])
    key = _allow(con, user, measure.building_id)
    values = _values(measure) | {"by": _name(user), "id": measure_id}
    with transaction(con):
        _keep(con, measure_id, user, "update")
        con.execute(f"""
            UPDATE measures SET building_id = $building_id, type = $type, title = $title, carriers = $carriers,
                   completed_on = $completed_on, investment_eur = $investment_eur, funding_eur = $funding_eur,
                   expected_kwh = {_EXPECTED}, status = $status, note = $note,
                   import_id = NULL, updated_at = current_timestamp, updated_by = $by
            WHERE measure_id = $id""", values)
        audit.record(con, user, "measure_change", key, object=str(measure_id),
                     detail={"old": old, "new": row(con, measure_id)})
        bump_data_version(con)
    return old


def delete_measure(con, user, measure_id: int) -> dict:
    """Delete measure ``measure_id``; its row stays in ``measure_versions`` and in the audit detail. Returns it."""
    old = _stored(con, measure_id)
    key = _allow(con, user, old["building_id"])
    with transaction(con):
        _keep(con, measure_id, user, "delete")
        con.execute("DELETE FROM measures WHERE measure_id = ?", [measure_id])
        audit.record(con, user, "measure_delete", key, object=str(measure_id), detail={"old": old})
        bump_data_version(con)
    return old
