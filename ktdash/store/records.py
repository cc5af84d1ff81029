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
    return [Municipality(**dict(zip(fields, row))) for row in rows]
