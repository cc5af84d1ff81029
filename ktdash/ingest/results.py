"""What an import tells the user: file-level errors, rejected rows, the preview.

Every problem carries a stable code (like eemeter's warnings); the German or
English message is rendered from the code by :mod:`ktdash.i18n.texts`, so tests
assert codes and the wording can change without breaking them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from ktdash.i18n import texts

# Row-level rejection codes (stable: tests and downloads use them).
REJECTION_CODES = (
    "missing_value",  # a required cell is empty
    "not_a_number",  # text where a number belongs
    "invalid_date",  # impossible or unreadable date
    "future_date",  # a date after today
    "unknown_carrier",  # not one of the canonical carriers or a synonym
    "unknown_unit",  # unit not known
    "unit_not_convertible",  # unit does not fit the carrier (m³ for Strom)
    "unknown_category",  # building category not known
    "negative_value",  # negative consumption or area
    "reading_backwards",  # a meter reading lower than the one before, same meter number
    "duplicate_conflict",  # the same key twice in the file with different values
    "period_overlap",  # a period overlapping another period of the same building and carrier
    "overlaps_meter_data",  # a period consumption where meter data exist (or vice versa)
    "overlaps_period_data",  # meter data where period consumption is stored
    "meter_conflict",  # meter number known with another carrier or kind
    "unit_changed",  # meter known with another unit
    "invalid_digits",  # the digits of a meter's register not a whole number from 1 to 12
    "implausible_z_number",  # a gas row's own Zustandszahl outside 0,80–1,10 (ktdash.ingest.stage.Z_RANGE)
    "implausible_calorific_value",  # a gas row's own Brennwert outside 8,0–13,5 kWh/m³ (stage.HS_RANGE)
    "invalid_postcode",  # a building's postcode that is not five digits
    "unknown_postcode",  # a building's postcode not in the store's postcode table (ktdash.analytics.climate)
    # campaign data (ktdash.ingest.layouts.campaigns)
    "not_an_integer",  # a count with decimals
    "unknown_topic",  # campaign topic not known
    "unknown_municipality",  # a municipality or district name not in the master data
    "end_before_start",  # a campaign ending before it starts
    "unknown_campaign",  # an activity of a campaign not in the store
    "unknown_format",  # not online / Präsenz / hybrid
    "unknown_kind",  # kind of activity not known
    "reach_in_future",  # reach figures for an activity that has not happened yet
    "unknown_place",  # a Gemeindeschlüssel of the region missing in the places table
    # degree-day files (ktdash.ingest.layouts.degree_days)
    "unknown_station",  # a DWD station id not in climate_stations
    "bad_month",  # a month that cannot be read or has not ended yet
    "degree_days_out_of_range",  # G20/15 below 0 or above 1000 Kd a month
    "heating_days_out_of_range",  # heating days outside 0 … the days of the month observed
    "observed_days_out_of_range",  # days with a measurement outside 0 … the days of the month (IWU: CT 0 … 1)
)


@dataclass(frozen=True, eq=True)
class Note:
    """One note of an import preview (an assumption made, a clock change handled …) as a code and its fields;
    the UI and the CLI render it in their language with :func:`ktdash.i18n.texts.note`. A field may itself be a
    Note (rendered first) or a tuple of Notes and strings (rendered and joined)."""

    code: str
    fields: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, code: str, **fields) -> Note:
        return cls(code, fields)

    def __hash__(self) -> int:  # equal notes group together (ktdash.ingest.clock)
        try:
            return hash((self.code, tuple(sorted(self.fields.items()))))
        except TypeError:  # a field holding a dict (the gas conversion's columns)
            return hash(self.code)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing is changed."""

    def __init__(self, code: str, file_name: str, value: str | None = None, detail: str | tuple | None = None,
                 column: str | None = None):
        self.code, self.file_name, self.value, self.detail, self.column = code, file_name, value, detail, column
        super().__init__(self.message("de"))

    def message(self, lang: str = "de") -> str:
        column = self.column or ""
        if self.code == "missing_column":  # the library names the field by its code
            column = texts.field_name(column, lang)
        detail = self.detail or ""
        if isinstance(detail, tuple):  # Notes and strings (a profile's problems): rendered in ``lang``
            detail = "".join(texts.note(part, lang) for part in detail)
        return texts.file_error(self.code, lang, file=self.file_name, value=self.value or "",
                                detail=detail, column=column)


class MunicipalityEvidence(BaseModel):
    """One sign that a file belongs to another municipality than the one chosen (:mod:`.provenance`)."""

    code: str  # provenance.EVIDENCE_CODES
    where: str  # file_name, title (a line above the header) or store (buildings and meters already stored)
    found: str  # the key or name as written in the file; for the store the number of buildings or meters
    line: int | None = None  # title: the line of the file
    municipality_keys: list[str] = Field(default_factory=list)  # what the finding can mean (a bare name: several)
    municipality_names: list[str] = Field(default_factory=list)
    count: int = 0  # store: buildings or meters
    examples: list[str] = Field(default_factory=list)  # store: some of their names or numbers

    def message(self, lang: str = "de") -> str:
        names = texts.t("evidence_or", lang).join(self.municipality_names)
        if self.where == "store":
            kind = "buildings" if self.code == "buildings_of_other_municipality" else "meters"
            return texts.t(f"evidence_{kind}{'_one' if self.count == 1 else ''}", lang, count=self.count,
                           names=names, examples=", ".join(self.examples)
                           + (" …" if self.count > len(self.examples) else ""))
        kind = "key" if self.code == "key_of_other_municipality" else "name"
        return texts.t(f"evidence_{kind}_{self.where}", lang, found=self.found, names=names, line=self.line)


class MunicipalityMismatch(ImportFileError):
    """A prepared import whose file seems to belong to another municipality was to be stored without the
    municipality being confirmed (``commit_import(..., confirm_municipality=True)``); nothing is stored."""

    def __init__(self, file_name: str, municipality: str, evidence: list[MunicipalityEvidence]):
        self.evidence = evidence
        super().__init__("municipality_mismatch", file_name, value=municipality)

    def message(self, lang: str = "de") -> str:
        return texts.file_error(self.code, lang, file=self.file_name, value=self.value,
                                detail=" ".join(e.message(lang) for e in self.evidence))


class GasConversion(BaseModel):
    """How the natural gas in m³ of an import becomes kWh: kWh = m³ × Zustandszahl × Brennwert (DVGW G 685),
    with the row's own Zustandszahl and Brennwert where the file has them (ktdash.ingest.stage.gas_quality),
    else the defaults of the settings."""

    columns: dict[str, str] = Field(default_factory=dict)  # z_number / calorific_value → header in the file
    rows_own: int = 0  # lines with a Zustandszahl or Brennwert of their own
    rows_default: int = 0  # lines converted with the defaults only (no such column, or its cells empty)
    z_default: float
    hs_default: float

    def note(self) -> Note:
        """The preview's note on this conversion (rendered by :func:`ktdash.i18n.texts.note`)."""
        return Note.of("note_gas_conversion", columns=dict(self.columns), rows_own=self.rows_own,
                       rows_default=self.rows_default, z_default=self.z_default, hs_default=self.hs_default)


class CarrierTotal(BaseModel):
    carrier: str
    value: float
    unit: str
    rows: int


class ImportPreview(BaseModel):
    """Everything the user sees before confirming an import."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    file_name: str
    sha256: str
    municipality_key: str
    municipality: str
    encoding: str
    delimiter: str
    sheet: str | None = None
    layout: str
    header_line: int
    columns: dict[str, str]  # canonical field → header in the file
    ignored_columns: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)  # assumptions made, e.g. unit assumed (texts.note renders)
    rows_read: int = 0  # data rows in the file (without header, totals rows, empty rows)
    rows_valid: int = 0
    rows_rejected: int = 0
    records: int = 0  # values that will be stored (a wide row gives up to 12)
    records_replaced: int = 0  # of those, keys already in the store
    records_changed: int = 0  # of the replaced ones, with a different value
    duplicates_ignored: int = 0  # identical repeated rows counted once
    totals_rows_skipped: int = 0
    buildings: list[str] = Field(default_factory=list)
    new_buildings: list[str] = Field(default_factory=list)
    meters: list[str] = Field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    totals: list[CarrierTotal] = Field(default_factory=list)
    gas_conversion: GasConversion | None = None  # natural gas in m³: Zustandszahl and Brennwert used (also a note)
    summary: dict[str, float] = Field(default_factory=dict)  # campaign data: key figures of the stored rows
    overlapping_imports: list[int] = Field(default_factory=list)  # imports whose stored values rows overlap
    # signs that the file belongs to another municipality (ktdash.ingest.provenance); storing needs a confirmation
    municipality_evidence: list[MunicipalityEvidence] = Field(default_factory=list)
    rejected: pd.DataFrame = Field(default_factory=pd.DataFrame, exclude=True)
    # degree-day files (ktdash.ingest.layouts.degree_days): per station the months new / replaced / unchanged /
    # incomplete / without value, and the months whose stored value changes (old → new)
    stations: pd.DataFrame = Field(default_factory=pd.DataFrame, exclude=True)
    changes: pd.DataFrame = Field(default_factory=pd.DataFrame, exclude=True)

    @property
    def ok(self) -> bool:
        return self.rows_rejected == 0 and self.records > 0

    @property
    def municipality_mismatch(self) -> bool:
        """The file seems to belong to another municipality: storing it needs ``confirm_municipality``."""
        return bool(self.municipality_evidence)

    def evidence_messages(self, lang: str = "de") -> list[str]:
        return [e.message(lang) for e in self.municipality_evidence]

    def rejected_frame(self, lang: str = "de") -> pd.DataFrame:
        frame = self.rejected.copy()
        if frame.empty:
            return pd.DataFrame(columns=texts.rejection_columns(lang))
        # a column the file lacks is named by its field code (ktdash.ingest.stage.header): its name in ``lang``
        present = set(self.columns.values())
        frame["column_name"] = [c if c is None or c in present else texts.field_name(c, lang)
                                for c in frame["column_name"]]
        frame["message"] = [
            texts.rejection(code, lang, value=value, column=column, detail=detail, file=self.file_name, line=line)
            for code, value, column, detail, line in zip(frame["code"], frame["value"], frame["column_name"],
                                                         frame["detail"], frame["line_no"], strict=True)
        ]
        frame = frame[["line_no", "column_name", "value", "code", "message"]]
        frame.columns = texts.rejection_columns(lang)
        return frame


class ImportResult(BaseModel):
    import_id: int
    file_name: str
    rows_stored: int
    records_stored: int
    records_replaced: int
    records_changed: int
    rows_rejected: int
    new_buildings: list[str]
