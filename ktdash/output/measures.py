"""Measures and verified savings in words and tables (issue 17): the one place the Gebäude, Kommune and Vergleich
pages, the Energiebericht and the CLI (``ktdash measures list|export``, ``ktdash export measures``) take their
texts and frames from, so they show the same figures.

- :func:`finding_text` words a :class:`ktdash.analytics.savings.Finding` (its code is stable, the text is the
  catalog's, numbers in the reader's format); :func:`verdict_text` the whole verdict of a verification.
- :func:`measure_rows` — one row per measure and affected carrier with its verdict's figures (the group it was
  verified in): the data of ``ktdash export measures`` (English column names, raw numbers).
- :func:`measures_table`, :func:`savings_table`, :func:`area_table` — the same in the reader's language for the
  pages, the report and ``ktdash measures list``.
- :func:`measures_file` — the measures in the import layout ``measures`` (German headers), so an exported file
  imports again unchanged (``ktdash measures export``).
"""

from __future__ import annotations

import calendar
import math
from datetime import date

import pandas as pd

from ktdash.analytics import measures as stored
from ktdash.analytics import savings, verified
from ktdash.analytics.selection import Selection
from ktdash.core.formatting import format_date, format_number
from ktdash.core.measure_vocabulary import STATUS_LABELS, TYPE_LABELS, MeasureStatus, MeasureType
from ktdash.core.settings import AnalyticsSettings
from ktdash.i18n import texts

FINDING_KEYS = {
    savings.NO_DEGREE_DAYS: "savings_no_degree_days",
    savings.BASELINE_TOO_FEW_MONTHS: "savings_baseline_too_few_months",
    savings.BASELINE_DEGENERATE: "savings_baseline_degenerate",
    savings.BASELINE_NEGATIVE_COEFFICIENT: "savings_baseline_negative_coefficient",
    savings.BASELINE_LOW_R2: "savings_baseline_low_r2",
    savings.BASELINE_HIGH_CVRMSE: "savings_baseline_high_cvrmse",
    savings.REPORTING_TOO_FEW_MONTHS: "savings_reporting_too_few_months",
    savings.BASELINE_GAP_MONTH: "savings_baseline_gap_month",
    savings.REPORTING_GAP_MONTHS: "savings_reporting_gap_months",
    savings.REPORTING_PARTIAL_YEAR: "savings_reporting_partial_year",
    savings.WITHIN_UNCERTAINTY: "savings_within_uncertainty",
    savings.EXPECTED_SMALL: "savings_expected_small",
    savings.MEASURES_VERIFIED_TOGETHER: "savings_measures_verified_together",
}
_PERCENT = ("share", "min_share", "cvrmse", "max_cvrmse")
_TWO_DECIMALS = ("r2", "min_r2", "a", "b")
_KWH = ("savings_kwh", "uncertainty_kwh")


def _formatted(name: str, value, lang: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    if name in _PERCENT:
        return format_number(100 * value, 1, lang, unit="%")
    if name in _TWO_DECIMALS:
        return format_number(value, 2, lang)
    if name in _KWH:
        return format_number(value, 0, lang)
    return format_number(value, 0, lang)


def finding_text(finding: savings.Finding, lang: str = "de") -> str:
    """One finding in words, its numbers in ``lang``'s format."""
    values = {name: _formatted(name, value, lang) for name, value in finding.values.items()}
    return texts.t(FINDING_KEYS[finding.code], lang, **values)


def verdict_text(verification: savings.Verification, lang: str = "de") -> str:
    """The refusal reasons of a refused verdict, else its warnings (empty: a clean verdict)."""
    blocking = [f for f in verification.findings if f.blocking]
    return " ".join(finding_text(f, lang) for f in (blocking or verification.findings))


def verdict_label(verification: savings.Verification, lang: str = "de") -> str:
    """A short verdict: refused / within the uncertainty / verified (and "together" for a group)."""
    if verification.refused:
        key = "savings_verdict_refused"
    elif savings.WITHIN_UNCERTAINTY in verification.codes:
        key = "savings_verdict_not_shown"
    elif verification.savings_kwh is not None and verification.savings_kwh < 0:
        key = "savings_verdict_increase"  # consumption rose beyond the uncertainty
    else:
        key = "savings_verdict_verified"
    label = texts.t(key, lang)
    if verification.grouped:
        label += " · " + texts.t("savings_verdict_together", lang, n=len(verification.measure_ids))
    return label


def kwh_with_uncertainty(kwh, uncertainty, lang: str = "de") -> str:
    """``12.345 ± 1.234 kWh``; a dash without a number."""
    if kwh is None or kwh != kwh:
        return format_number(None)
    return f"{format_number(kwh, 0, lang)} ± {format_number(uncertainty, 0, lang, unit='kWh')}"


def eur(value, lang: str = "de") -> str:
    return format_number(None if value is None or value != value else value, 0, lang, unit="€")


def type_name(code: str, lang: str = "de") -> str:
    return texts.t(TYPE_LABELS[MeasureType(code)], lang)


def status_name(code: str, lang: str = "de") -> str:
    return texts.t(STATUS_LABELS[MeasureStatus(code)], lang)


# --- the export: one row per measure and carrier, with its verdict ------------------------------------------------

MEASURE_ROW_COLUMNS = (
    "measure_id", "district", "municipality_key", "municipality", "building_id", "building", "type", "title",
    "status", "completed_on", "investment_eur", "funding_eur", "carrier", "expected_kwh_per_year",
    "verified_with", "verdict", "baseline_first", "baseline_last", "reporting_first", "reporting_last",
    "baseline_months", "reporting_months", "a_kwh_per_day", "b_kwh_per_kd", "r2", "cvrmse",
    "adjusted_baseline_kwh", "actual_kwh", "savings_kwh", "uncertainty_kwh", "savings_share", "expected_kwh",
    "percent_of_expected", "eur_per_kwh", "eur", "eur_uncertainty", "kg_co2e_per_kwh", "t_co2e",
    "t_co2e_uncertainty", "codes")
_VERDICT_FIGURES = MEASURE_ROW_COLUMNS[MEASURE_ROW_COLUMNS.index("baseline_first"):-1]


def _verdict_code(row) -> str | None:
    if pd.isna(row["refused"]):
        return None
    if row["refused"]:
        return "refused"
    if not row["significant"]:
        return "within_uncertainty"
    return "increase" if row["savings_kwh"] < 0 else "verified"


def measure_rows(con, *, municipalities=None, building_id: int | None = None,
                 analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """Every measure of the municipalities (all: None) or of one building, one row per affected carrier
    (:data:`MEASURE_ROW_COLUMNS`), with the figures of the verdict it belongs to: a group's figures stand on each
    member's row (``verified_with``: the group's measure ids; a group's savings are not to be added per member).
    ``verdict``: ``verified``, ``increase``, ``within_uncertainty``, ``refused`` or empty (planned, in progress,
    no date)."""
    listing = stored.expected_savings(con, building_id=building_id, municipalities=municipalities).merge(
        stored.measures(con, building_id=building_id, municipalities=municipalities)[
            ["measure_id", "investment_eur", "funding_eur"]], on="measure_id", how="left")
    selection = Selection(municipalities=tuple(municipalities or ()))
    frame = verified.verified_savings(con, selection, building_id=building_id, analytics=analytics)
    frame = frame.assign(verified_with=[", ".join(str(i) for i in ids) for ids in frame["measure_ids"]],
                         codes=[" ".join(codes) for codes in frame["codes"]],
                         verdict=[_verdict_code(row) for _, row in frame.iterrows()])
    by_member = frame.explode("measure_ids").rename(columns={"measure_ids": "measure_id"})
    by_member["measure_id"] = by_member["measure_id"].astype("int64")
    figures = by_member[["measure_id", "carrier", "verified_with", "verdict",
                         *_VERDICT_FIGURES, "codes"]]
    rows = listing.merge(figures, on=["measure_id", "carrier"], how="left")
    return rows[list(MEASURE_ROW_COLUMNS)].reset_index(drop=True)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


# --- the same in words ---------------------------------------------------------------------------------------------

def measures_table(con, *, building_id: int | None = None, municipalities=None, lang: str = "de") -> pd.DataFrame:
    """The measures as the pages list them: one row per measure, type and status in words, carriers joined, money and
    kWh/a as numbers (the page formats them)."""
    frame = stored.measures(con, building_id=building_id, municipalities=municipalities)
    columns = {"measure_id": "measures_col_id", "building": "measures_col_building", "type": "measures_col_type",
               "title": "measures_col_title", "carriers": "measures_col_carriers",
               "completed_on": "measures_col_completed", "investment_eur": "measures_col_investment",
               "funding_eur": "measures_col_funding", "expected_kwh_total": "measures_col_expected",
               "status": "measures_col_status", "note": "measures_col_note"}
    out = frame[list(columns)].copy()
    out["type"] = [type_name(code, lang) for code in out["type"]]
    out["status"] = [status_name(code, lang) for code in out["status"]]
    out["carriers"] = [", ".join(list(c)) for c in out["carriers"]]
    out["completed_on"] = [format_date(d, lang) if pd.notna(d) else "" for d in out["completed_on"]]
    return out.rename(columns={k: texts.t(v, lang) for k, v in columns.items()})


_SAVINGS_COLUMNS = {
    "building": "measures_col_building", "titles": "savings_col_measures", "carrier": "savings_col_carrier",
    "reporting": "savings_col_reporting", "adjusted_baseline_kwh": "savings_col_baseline",
    "actual_kwh": "savings_col_actual", "savings_kwh": "savings_col_savings",
    "uncertainty_kwh": "savings_col_uncertainty", "percent_of_expected": "savings_col_percent_expected",
    "eur": "savings_col_eur", "t_co2e": "savings_col_t_co2e", "r2": "savings_col_r2", "verdict": "savings_col_verdict",
}


def savings_table(verdicts: list[verified.GroupVerdict], lang: str = "de") -> pd.DataFrame:
    """One row per verdict in the reader's language: numbers stay numbers (NaN where refused), the verdict and its
    reasons are words."""
    frame = verified.table(verdicts)
    out = pd.DataFrame({
        "building": frame["building"],
        "titles": [" + ".join(t) for t in frame["titles"]],
        "carrier": frame["carrier"],
        "reporting": [f"{format_date(a, lang)} – {format_date(month_end(b), lang)}"
                      for a, b in zip(frame["reporting_first"], frame["reporting_last"], strict=True)],
        "adjusted_baseline_kwh": frame["adjusted_baseline_kwh"], "actual_kwh": frame["actual_kwh"],
        "savings_kwh": frame["savings_kwh"], "uncertainty_kwh": frame["uncertainty_kwh"],
        "percent_of_expected": frame["percent_of_expected"], "eur": frame["eur"], "t_co2e": frame["t_co2e"],
        "r2": frame["r2"],
        "verdict": [verdict_label(v.verification, lang) + (": " + verdict_text(v.verification, lang)
                                                          if v.verification.findings else "")
                    for v in verdicts]})
    return out.rename(columns={k: texts.t(v, lang) for k, v in _SAVINGS_COLUMNS.items()})


_AREA_COLUMNS = {
    "measures": "savings_area_col_measures", "verified": "savings_area_col_verified",
    "refused": "savings_area_col_refused", "savings_kwh": "savings_col_savings",
    "uncertainty_kwh": "savings_col_uncertainty", "percent_of_expected": "savings_col_percent_expected",
    "eur": "savings_col_eur", "t_co2e": "savings_col_t_co2e",
}


def area_table(frame: pd.DataFrame, level: str, lang: str = "de") -> pd.DataFrame:
    """:func:`ktdash.analytics.verified.by_area` in the reader's language (``level``: municipality or district)."""
    area = verified.by_area(frame, level)[["name", *_AREA_COLUMNS]]
    names = {"name": texts.t("level_" + level, lang)} | {k: texts.t(v, lang) for k, v in _AREA_COLUMNS.items()}
    return area.rename(columns=names)


# --- the import layout ----------------------------------------------------------------------------------------------

def measures_file(con, *, municipalities=None, building_id: int | None = None) -> pd.DataFrame:
    """The measures in the layout of a measures file (German headers, one row per measure and carrier; investment,
    funding, status and note on the first row of a measure), so the file imports again as it is."""
    rows = stored.expected_savings(con, building_id=building_id, municipalities=municipalities).merge(
        stored.measures(con, building_id=building_id, municipalities=municipalities)[
            ["measure_id", "investment_eur", "funding_eur", "note"]], on="measure_id", how="left")
    first = ~rows["measure_id"].duplicated()
    return pd.DataFrame({
        "Liegenschaft": rows["building"],
        "Maßnahme": [type_name(code, "de") for code in rows["type"]],
        "Titel": rows["title"],
        "Energieträger": rows["carrier"],
        "Fertigstellung": [format_date(d, "de") if pd.notna(d) else "" for d in rows["completed_on"]],
        "Investition": rows["investment_eur"].where(first),
        "Förderung": rows["funding_eur"].where(first),
        "erwartete Einsparung (kWh/a)": rows["expected_kwh_per_year"],
        "Status": [status_name(code, "de") for code in rows["status"]],
        "Bemerkung": rows["note"].where(first).fillna(""),
    })
