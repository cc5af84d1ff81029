"""Canonical records at the boundaries of the library (pydantic).

What leaves ktdash — the municipalities list, a row of the monthly export — is
described here, so that the CLI, the pages and tests agree on one shape.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field, field_validator

from ktdash.core.domain import Carrier


class Municipality(BaseModel):
    municipality_key: str = Field(pattern=r"^\d{5}(\d{3,4})?$")  # Kreisschlüssel, AGS or Regionalschlüssel
    name: str
    district: str
    kind: str
    population: int | None = Field(default=None, ge=0)
    population_date: date | None = None


class MonthlyValue(BaseModel):
    """One row of ``ktdash export monthly``."""

    district: str
    municipality: str
    building: str
    carrier: Carrier
    month: str
    value: float = Field(ge=0)
    unit: str

    @field_validator("month")
    @classmethod
    def _year_month(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise ValueError("month must be YYYY-MM")
        return value

    @field_validator("unit")
    @classmethod
    def _unit_fits(cls, value: str, info) -> str:
        carrier = info.data.get("carrier")
        expected = "m³" if carrier == Carrier.WASSER else "kWh"
        if value != expected:
            raise ValueError(f"unit of {carrier} is {expected}")
        return value


def list_municipalities(con) -> list[Municipality]:
    rows = con.execute("""
        SELECT m.municipality_key, m.name, d.name, m.kind, m.population, m.population_date
        FROM municipalities m JOIN districts d USING (district_key) ORDER BY d.name, m.name""").fetchall()
    fields = ("municipality_key", "name", "district", "kind", "population", "population_date")
    return [Municipality(**dict(zip(fields, row, strict=True))) for row in rows]


# --- the one lookup of places by name or key ---------------------------------------------------------------------

def name_index(names: dict[str, str]) -> dict[str, str]:
    """Name in any case → key (the smallest key of equal names), for :func:`match_key` over many texts."""
    index: dict[str, str] = {}
    for key in sorted(names):
        index.setdefault(str(names[key]).strip().casefold(), key)
    return index


def match_key(names: dict[str, str], text: str | None, index: dict[str, str] | None = None) -> str | None:
    """The key in ``names`` (key → name) that ``text`` means: the key itself, else a name in any case (the
    smallest key of equal names); ``None`` when it is neither. The one rule for every municipality and district
    given by a person (URL, command line, import form, report). ``index``: :func:`name_index` of ``names``."""
    value = str(text or "").strip()
    if not value:
        return None
    if value in names:
        return value
    return (index if index is not None else name_index(names)).get(value.casefold())


def municipality_names(con) -> dict[str, str]:
    """Every municipality: key → name."""
    return dict(con.execute("SELECT municipality_key, name FROM municipalities").fetchall())


def district_names(con) -> dict[str, str]:
    """Every district (Landkreis or kreisfreie Stadt): key → name."""
    return dict(con.execute("SELECT district_key, name FROM districts").fetchall())


def find_municipality(con, name_or_key: str) -> tuple[str, str] | None:
    """(key, name) of the municipality given by its official key or its name (any case); ``None`` if unknown."""
    names = municipality_names(con)
    key = match_key(names, name_or_key)
    return None if key is None else (key, names[key])


def find_district(con, name_or_key: str) -> tuple[str, str] | None:
    """(key, name) of the district given by its key or its name (any case); ``None`` if unknown."""
    names = district_names(con)
    key = match_key(names, name_or_key)
    return None if key is None else (key, names[key])


def selection_lookup(con) -> dict:
    """What a URL is checked against (:class:`ktdash.analytics.selection.Lookup`): years with data, districts and
    municipalities (key → name), building ids."""
    return {"years": [r[0] for r in con.execute("SELECT DISTINCT year FROM yearly_rollup ORDER BY 1").fetchall()],
            "districts": district_names(con), "municipalities": municipality_names(con),
            "buildings": [r[0] for r in con.execute("SELECT building_id FROM buildings").fetchall()]}


def store_counts(con) -> dict[str, int]:
    """How many districts, municipalities and buildings the store knows (``ktdash init``)."""
    row = con.execute("SELECT (SELECT count(*) FROM districts), (SELECT count(*) FROM municipalities), "
                      "(SELECT count(*) FROM buildings)").fetchone()
    return {"districts": row[0], "municipalities": row[1], "buildings": row[2]}


def municipality_place(con, key: str) -> tuple[str | None, int | None]:
    """(postcode, climate station id) of a municipality."""
    row = con.execute("SELECT postcode, climate_station_id FROM municipalities WHERE municipality_key = $key",
                      {"key": key}).fetchone()
    return (row[0], row[1]) if row else (None, None)
