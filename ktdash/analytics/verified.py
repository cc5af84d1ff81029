"""Verified savings of the stored measures (issue 17): the measures of :mod:`ktdash.analytics.measures`, verified by
the monthly billing method of :mod:`ktdash.analytics.savings` (IPMVP Option C / CalTRACK monthly: kWh = a·days +
b·G20/15 of the building's DWD station over the 12 months before completion, adjusted baseline minus actual over
the 12 months after the completion month) and valued in € and t CO₂e.

Which measures: status ``completed`` with a completion date, one verdict per building and affected carrier;
measures of one building and carrier whose completions lie ≤ 12 months apart are verified together
(:func:`ktdash.analytics.savings.group_measures`) and carry every member's id. Planned measures and measures in
progress have no verdict (they count in :func:`ktdash.analytics.measures.totals`).

Valuation (per reporting month, at that year's figures of :func:`ktdash.analytics.metrics.building_carrier_years`,
so the same price and emission factor as the Kommune page's cost and CO₂e): the building's own price of the carrier
(its cost from the imported files, else ``energy_prices``) and the year's emission factor of the set
``KTDASH_EMISSION_FACTORS`` (a heat network's own factor where it has one). One effective price and factor per
verdict: the months' figures weighted by the adjusted baseline. Water has neither.

Totals per municipality or district (:func:`by_area`) add the verified savings of the verdicts that are not refused;
their uncertainty is the root of the sum of squares (independent buildings — an assumption, labelled on the pages).
Refused verdicts are counted, not added: a refusal is never a zero."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import NamedTuple

import pandas as pd

from ktdash.analytics import metrics, savings
from ktdash.analytics.measures import expected_kwh_sql
from ktdash.analytics.rollup import BUILDING_MONTHS_SQL
from ktdash.analytics.selection import Selection
from ktdash.core.measure_vocabulary import MeasureStatus
from ktdash.core.settings import AnalyticsSettings

# The completed measures of the selection, one row per measure and affected carrier.
_MEASURES_SQL = f"""
SELECT m.measure_id, m.building_id, b.name AS building, b.municipality_key, mu.name AS municipality,
       d.district_key, d.name AS district, c.carrier, m.completed_on, {expected_kwh_sql()}[c.carrier] AS expected,
       m.title, m.type
FROM measures m JOIN buildings b USING (building_id)
JOIN municipalities mu USING (municipality_key) JOIN districts d ON d.district_key = mu.district_key,
     unnest(m.carriers) AS c(carrier)
WHERE m.status = $completed AND m.completed_on IS NOT NULL
  AND (len($districts) = 0 OR list_contains($districts, d.district_key))
  AND (len($municipalities) = 0 OR list_contains($municipalities, b.municipality_key))
  AND (len($buildings) = 0 OR list_contains($buildings, b.building_id))
  AND (len($categories) = 0 OR list_contains($categories, b.category))
  AND (len($carriers) = 0 OR list_contains($carriers, c.carrier))
ORDER BY m.building_id, c.carrier, m.completed_on, m.measure_id
"""

# The monthly series of every (building, carrier) with a completed measure: monthly_rollup with the station's
# G20/15 (the same station choice as the weather normalisation; savings.monthly_series does one building).
_AFFECTED = "(SELECT DISTINCT building_id FROM unnest($building_ids) AS t(building_id))"
_SERIES_SQL = ("WITH climate AS (" + BUILDING_MONTHS_SQL.format(affected=_AFFECTED) + """)
SELECT r.building_id, r.carrier, r.month, r.value, c.g_actual
FROM monthly_rollup r LEFT JOIN climate c ON c.building_id = r.building_id AND c.month = r.month
WHERE list_contains($building_ids, r.building_id) AND list_contains($carriers, r.carrier)
ORDER BY r.building_id, r.carrier, r.month""")


class GroupVerdict(NamedTuple):
    """One building and carrier's verdict on one measure or a group verified together."""

    building_id: int
    building: str
    municipality_key: str
    municipality: str
    district_key: str
    district: str
    carrier: str
    measure_ids: tuple[int, ...]
    titles: tuple[str, ...]
    types: tuple[str, ...]
    verification: savings.Verification
    eur_per_kwh: float | None  # the effective price of the reporting months (None: none known)
    kg_co2e_per_kwh: float | None  # the effective emission factor (None: water, or no factor)
    valued: savings.Valued | None  # None: refused, or no price and factor


VERIFIED_COLUMNS = (
    "building_id", "building", "municipality_key", "municipality", "district_key", "district", "carrier",
    "measure_ids", "titles", "grouped", "first_completion", "last_completion", "baseline_first", "baseline_last",
    "reporting_first", "reporting_last", "baseline_months", "reporting_months", "a_kwh_per_day", "b_kwh_per_kd",
    "r2", "cvrmse", "adjusted_baseline_kwh", "actual_kwh", "savings_kwh", "uncertainty_kwh", "savings_share",
    "expected_kwh", "percent_of_expected", "eur_per_kwh", "eur", "eur_uncertainty", "kg_co2e_per_kwh", "t_co2e",
    "t_co2e_uncertainty", "refused", "significant", "codes")


def _measure_rows(con, selection: Selection) -> pd.DataFrame:
    return metrics.run_sql(con, _MEASURES_SQL, selection.params() | {"completed": MeasureStatus.COMPLETED.value})


def _series(con, building_ids: list[int], carriers: list[str]) -> dict[tuple[int, str], list[savings.MonthValue]]:
    series: dict[tuple[int, str], list[savings.MonthValue]] = defaultdict(list)
    if not building_ids:
        return series
    rows = con.execute(_SERIES_SQL, {"building_ids": building_ids, "carriers": carriers}).fetchall()
    for building_id, carrier, month, kwh, g in rows:
        series[(building_id, carrier)].append(savings.MonthValue(month, kwh, g))
    return series


def _year_figures(con, building_ids: list[int], analytics: AnalyticsSettings) -> dict[tuple[int, str, int], tuple]:
    """(building, carrier, year) → (€/kWh, kg CO₂e/kWh) as the Kommune page computes cost and CO₂e."""
    if not building_ids:
        return {}
    years = metrics.building_carrier_years(con, Selection(buildings=tuple(building_ids)), analytics)
    figures = {}
    for row in years[["building_id", "carrier", "year", "kwh_raw", "cost_eur", "t_co2e"]].itertuples(index=False):
        kwh = row.kwh_raw if row.kwh_raw and row.kwh_raw > 0 else None
        price = row.cost_eur / kwh if kwh and pd.notna(row.cost_eur) else None
        factor = 1000 * row.t_co2e / kwh if kwh and pd.notna(row.t_co2e) else None
        figures[(int(row.building_id), row.carrier, int(row.year))] = (price, factor)
    return figures


def _effective(months: tuple[savings.MonthSavings, ...], figures: dict, building_id: int, carrier: str,
               position: int) -> float | None:
    """The months' price (position 0) or factor (1), weighted by the adjusted baseline; None if a month lacks it."""
    weighted = weights = 0.0
    for month in months:
        value = figures.get((building_id, carrier, month.month.year), (None, None))[position]
        if value is None:
            return None
        weighted += value * month.adjusted_baseline_kwh
        weights += month.adjusted_baseline_kwh
    return weighted / weights if weights > 0 else None


def _value(verification: savings.Verification, price: float | None, factor: float | None) -> savings.Valued | None:
    if verification.refused or verification.savings_kwh is None or (price is None and factor is None):
        return None
    valued = savings.value_savings(verification.savings_kwh, verification.uncertainty_kwh, price or 0.0,
                                   factor or 0.0)
    return valued._replace(eur=valued.eur if price is not None else math.nan,
                           eur_uncertainty=valued.eur_uncertainty if price is not None else None,
                           t_co2e=valued.t_co2e if factor is not None else math.nan,
                           t_co2e_uncertainty=valued.t_co2e_uncertainty if factor is not None else None)


def verifications(con, selection: Selection = Selection(), *, building_id: int | None = None,
                  analytics: AnalyticsSettings = AnalyticsSettings(),
                  rules: savings.Rules = savings.DEFAULT_RULES) -> list[GroupVerdict]:
    """The verdicts on the completed measures of the selection (or of one building), in the order of building,
    carrier and first completion."""
    if building_id is not None:
        selection = Selection(buildings=(int(building_id),))
    rows = _measure_rows(con, selection)
    if rows.empty:
        return []
    building_ids = sorted({int(b) for b in rows["building_id"]})
    series = _series(con, building_ids, sorted(set(rows["carrier"])))
    figures = _year_figures(con, building_ids, analytics)
    inputs = [savings.MeasureInput(str(r.measure_id), int(r.building_id), r.carrier, r.completed_on,
                                   None if pd.isna(r.expected) else float(r.expected))
              for r in rows.itertuples(index=False)]
    by_id = {(str(r.measure_id), r.carrier): r for r in rows.itertuples(index=False)}
    groups = savings.group_measures(inputs, rules)  # verify_measures verifies these, in this order
    verdicts = []
    for group, verification in zip(groups, savings.verify_measures(inputs, series, rules=rules), strict=True):
        members = [by_id[(mid, group.carrier)] for mid in group.measure_ids]
        first = members[0]
        price = _effective(verification.months, figures, group.building_id, group.carrier, 0)
        factor = _effective(verification.months, figures, group.building_id, group.carrier, 1)
        verdicts.append(GroupVerdict(
            group.building_id, first.building, first.municipality_key, first.municipality, first.district_key,
            first.district, group.carrier, tuple(int(m.measure_id) for m in members),
            tuple(m.title for m in members), tuple(m.type for m in members), verification, price, factor,
            _value(verification, price, factor)))
    return verdicts


def _row(verdict: GroupVerdict) -> dict:
    v, model, valued = verdict.verification, verdict.verification.model, verdict.valued
    return {
        "building_id": verdict.building_id, "building": verdict.building,
        "municipality_key": verdict.municipality_key, "municipality": verdict.municipality,
        "district_key": verdict.district_key, "district": verdict.district, "carrier": verdict.carrier,
        "measure_ids": list(verdict.measure_ids), "titles": list(verdict.titles), "grouped": v.grouped,
        "first_completion": v.first_completion, "last_completion": v.last_completion,
        "baseline_first": v.baseline_first, "baseline_last": v.baseline_last,
        "reporting_first": v.reporting_first, "reporting_last": v.reporting_last,
        "baseline_months": v.baseline_months_used, "reporting_months": v.reporting_months_used,
        "a_kwh_per_day": model.a_kwh_per_day if model else None, "b_kwh_per_kd": model.b_kwh_per_kd if model else None,
        "r2": model.r2 if model else None, "cvrmse": model.cvrmse if model else None,
        "adjusted_baseline_kwh": v.adjusted_baseline_kwh, "actual_kwh": v.actual_kwh,
        "savings_kwh": v.savings_kwh, "uncertainty_kwh": v.uncertainty_kwh, "savings_share": v.savings_share,
        "expected_kwh": v.expected_kwh, "percent_of_expected": v.percent_of_expected,
        "eur_per_kwh": verdict.eur_per_kwh, "eur": valued.eur if valued else None,
        "eur_uncertainty": valued.eur_uncertainty if valued else None,
        "kg_co2e_per_kwh": verdict.kg_co2e_per_kwh, "t_co2e": valued.t_co2e if valued else None,
        "t_co2e_uncertainty": valued.t_co2e_uncertainty if valued else None,
        "refused": v.refused, "significant": significant(v), "codes": list(v.codes)}


def significant(verification: savings.Verification) -> bool | None:
    """Whether the savings lie outside their 90 % uncertainty (None: refused)."""
    if verification.refused or verification.savings_kwh is None:
        return None
    return savings.WITHIN_UNCERTAINTY not in verification.codes


def table(verdicts: list[GroupVerdict]) -> pd.DataFrame:
    """The verdicts as a frame with :data:`VERIFIED_COLUMNS` (the pages, ``ktdash export measures``, the report)."""
    return pd.DataFrame([_row(v) for v in verdicts], columns=list(VERIFIED_COLUMNS))


def verified_savings(con, selection: Selection = Selection(), *, building_id: int | None = None,
                     analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """:func:`table` of :func:`verifications`."""
    return table(verifications(con, selection, building_id=building_id, analytics=analytics))


AREA_LEVELS = {"municipality": ("municipality_key", "municipality"), "district": ("district_key", "district")}
AREA_COLUMNS = ("key", "name", "verdicts", "measures", "verified", "refused", "significant", "savings_kwh",
                "uncertainty_kwh", "expected_kwh", "percent_of_expected", "eur", "t_co2e")


def by_area(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """Totals of a :func:`table` per municipality or district (``level``), with :data:`AREA_COLUMNS`:
    ``verdicts`` (building × carrier groups), ``measures`` (distinct measures), ``verified`` (verdicts with a
    number), ``refused``, ``significant`` (outside their uncertainty); savings, € and t CO₂e of the verified
    verdicts, their uncertainty as √Σu² (independence assumed), expected savings of the verified verdicts and the
    share achieved. Sorted by name."""
    key, name = AREA_LEVELS[level]
    if frame.empty:
        return pd.DataFrame(columns=list(AREA_COLUMNS))
    rows = []
    for (area_key, area_name), group in frame.groupby([key, name], sort=True):
        done = group[~group["refused"].astype(bool) & group["savings_kwh"].notna()]
        expected = done["expected_kwh"].dropna()
        achieved = done.loc[expected.index, "savings_kwh"].sum()
        rows.append({
            "key": area_key, "name": area_name, "verdicts": len(group),
            "measures": len({m for ids in group["measure_ids"] for m in ids}), "verified": len(done),
            "refused": int(group["refused"].astype(bool).sum()),
            "significant": int(done["significant"].eq(True).sum()),
            "savings_kwh": done["savings_kwh"].sum() if len(done) else None,
            "uncertainty_kwh": math.sqrt((done["uncertainty_kwh"] ** 2).sum()) if len(done) else None,
            "expected_kwh": expected.sum() if len(expected) else None,
            "percent_of_expected": 100 * achieved / expected.sum() if len(expected) and expected.sum() else None,
            "eur": done["eur"].sum(min_count=1) if len(done) else None,
            "t_co2e": done["t_co2e"].sum(min_count=1) if len(done) else None})
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS)).sort_values("name", ignore_index=True)
