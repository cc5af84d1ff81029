"""Mapping profiles: a municipality's saved answer to "which column is what".

A profile maps canonical fields to the header texts of its export and may fix
the layout, a default carrier, unit, building or meter and the number format.
Profiles are stored in the store (table ``mapping_profiles``) or kept as JSON
files; the CLI takes either (``--mapping NAME`` or ``--mapping profile.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from ..domain import CARRIER_SYNONYMS, UNIT_SYNONYMS, Layout, lookup
from .report import ImportFileError

PROFILE_FIELDS = ("building", "meter", "carrier", "unit", "date", "time", "reading", "consumption", "cost", "month",
                  "year", "period_start", "period_end", "category", "area", "year_built", "digits", "z_number",
                  "calorific_value", "postcode")


class MappingProfile(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    layout: Layout | None = None
    columns: dict[str, str] = Field(default_factory=dict)  # field → header text in the file
    carrier: str | None = None  # default carrier where the file has none
    unit: str | None = None  # default unit where the file has none
    building: str | None = None  # default building (load profiles of one building)
    meter: str | None = None
    decimal: Literal["auto", "comma", "point"] = "auto"
    timestamp: Literal["start", "end"] = "start"  # load profiles: timestamp marks interval start or end
    # load profiles: the time zone of timestamps without an offset (None: UTC when a time header says so,
    # else German civil time, Europe/Berlin; ktdash.ingest.clock)
    timezone: Literal["UTC", "Europe/Berlin"] | None = None
    sheet: str | None = None
    digits: int | None = Field(default=None, ge=1, le=12)  # readings: digits of every meter's register (rollover)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        from ..campaigns.ingest import FIELDS as CAMPAIGN_FIELDS

        allowed = PROFILE_FIELDS + tuple(f for f in CAMPAIGN_FIELDS if f not in PROFILE_FIELDS)
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise ValueError(f"unbekannte Felder: {', '.join(unknown)}; erlaubt: {', '.join(allowed)}")
        headers = [h.strip() for h in value.values()]
        if any(not h for h in headers) or len(set(headers)) != len(headers):
            raise ValueError("jede Spalte darf nur einem Feld zugeordnet werden")
        return {k: v.strip() for k, v in value.items()}

    @field_validator("carrier")
    @classmethod
    def _canonical_carrier(cls, value: str | None) -> str | None:
        if value is None:
            return None
        canonical = lookup(CARRIER_SYNONYMS, value)
        if canonical is None:
            raise ValueError(f"unbekannter Energieträger {value!r}")
        return canonical

    @field_validator("unit")
    @classmethod
    def _canonical_unit(cls, value: str | None) -> str | None:
        if value is None:
            return None
        canonical = lookup(UNIT_SYNONYMS, value)
        if canonical is None:
            raise ValueError(f"unbekannte Einheit {value!r}")
        return canonical


def save_profile(con, profile: MappingProfile, municipality_key: str | None = None) -> None:
    con.execute(
        "INSERT INTO mapping_profiles (name, municipality_key, profile) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET municipality_key = excluded.municipality_key, "
        "profile = excluded.profile, updated_at = now()",
        [profile.name, municipality_key, profile.model_dump_json()],
    )


def list_profiles(con) -> list[tuple[str, str | None]]:
    return con.execute("SELECT name, municipality_key FROM mapping_profiles ORDER BY name").fetchall()


def load_profile(con, name_or_path: str) -> MappingProfile:
    """A stored profile by name, else a JSON file by path."""
    row = con.execute("SELECT profile FROM mapping_profiles WHERE name = ?", [name_or_path]).fetchone()
    try:
        if row:
            return MappingProfile.model_validate_json(row[0])
        path = Path(name_or_path)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            data.setdefault("name", path.stem)
            return MappingProfile.model_validate(data)
    except (ValidationError, json.JSONDecodeError) as exc:
        raise ImportFileError("bad_profile", name_or_path, value=name_or_path, detail=str(exc)) from exc
    raise ImportFileError("unknown_profile", name_or_path, value=name_or_path)
