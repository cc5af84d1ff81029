"""Verified savings of measures (issue 17): a weather baseline fitted on the months before a measure, applied to the
months after it, the difference with its uncertainty, and data-sufficiency rules that refuse a verdict with stable
codes. Plain inputs, plain outputs: a building's monthly consumption of one carrier with its station's G20/15, a
completion date, a reporting period. No pandas; one function reads that series from the store
(:func:`monthly_series`), the rest is pure. The pages, the report and ``ktdash export measures`` are to call the same
functions (the measures table comes later).

Method and sources
------------------
Baseline model (IPMVP Option C "Whole Facility", the monthly billing method of CalTRACK)
    ``kWh_m = a · days_m + b · G_m`` for every month m of the baseline window: days_m the calendar days of the month,
    G_m the G20/15 (Kd) of the building's DWD station in that month (:mod:`ktdash.analytics.climate`), a the base
    load per day (kWh/d), b the heat per degree day (kWh/Kd). This is CalTRACK 2.0's usage-per-day model
    (CalTRACK Methods v2.0, §3.3.2 UPD_p = μ + β_H·HDD_p with HDD_p per day; §3.4.2 billing periods by least squares
    weighted by the period's days) multiplied by days_m; the differences, each a choice of ktdash:
    the heating limit is DWD's fixed 15 °C of G20/15 (no balance-point search, §3.2); no cooling term (§3.4.3.1.2,
    the HDD-only model); ordinary least squares on the monthly totals, i.e. CalTRACK's weights times 1/days_m,
    which vary by 31/28 = 1,11 at most. IPMVP's savings equation (EVO, IPMVP Core Concepts; Section 5, equation 1
    in the 2016 edition, as quoted by EVO's "M&V Focus"; the 2022 edition was not read here):
    savings = (baseline-period use − reporting-period use) ± adjustments, the routine adjustment (weather) made by
    restating the baseline under the reporting period's conditions — the *adjusted baseline* below.

    **Fitted in closed form** (normal equations of a 2-regressor OLS without intercept, ≤ 36 points, in Python
    with :func:`math.fsum`): with S_xy = Σ x·y over the fitted months,
    det = S_dd·S_GG − S_dG², a = (S_GG·S_dy − S_dG·S_Gy)/det, b = (S_dd·S_Gy − S_dG·S_dy)/det and
    (XᵀX)⁻¹ = [[S_GG, −S_dG], [−S_dG, S_dd]]/det. A DuckDB round trip would add nothing for ≤ 36 points; the
    functions stay pure and the tests compute the same sums by hand.
Baseline window
    The 12 calendar months before the completion month (the completion month itself is left out: it is the
    intervention period, CalTRACK §1.4.4). A month counts when it has both consumption and degree days. **A gap
    month is allowed**: at most one of the 12 may be missing, the model is then fitted on 11 (CalTRACK §2.2.1.2
    allows 37 of 365 days missing, 10 %; one month in twelve is 8 %). For a group of measures (below) the window
    is the 12 months before the *earliest* completion.
Statistics of the fit
    n fitted months, p = 2 parameters; residual standard error s = √(SS_res/(n − p));
    R² = 1 − SS_res/Σ(y − ȳ)² (centred: a·days acts as the intercept, days vary little);
    CV(RMSE) = s/ȳ, ASHRAE Guideline 14-2014's definition with n − p degrees of freedom (also CalTRACK §4.3.2.2,
    P − c − 1 with c explanatory variables besides the intercept; the Guideline's text was not read here);
    NMBE = Σ(y − ŷ)/((n − p)·ȳ) is returned, no rule reads it. Prediction standard error of one month with
    x = (days, G): s·√(1 + x(XᵀX)⁻¹xᵀ) — the textbook OLS prediction error of a new observation.
Adjusted baseline, savings, uncertainty
    For each reporting month with consumption and degree days: adjusted baseline ŷ_m = a·days_m + b·G_m,
    savings_m = ŷ_m − actual_m (CalTRACK §3.6.1); months without consumption or degree days get no figure
    (CalTRACK §3.5.3.1, §3.5.4.1) and the total is the sum of the months that have one (§4.1.1).
    Uncertainty of the total: Var = s²·(k + Σx (XᵀX)⁻¹ Σxᵀ) with k reporting months and Σx = (Σdays, ΣG) over them —
    the exact OLS variance of a sum of k predictions (parameter error counted once, correlated across months, plus
    k independent residuals). Reported as ± t(0.95, n − 2)·SE, a two-sided 90 % interval. **Assumptions**, labelled
    as such: residuals independent and of equal variance (no autocorrelation correction, which ASHRAE 14's
    fractional savings uncertainty adds via n'), the metered actual without error (as CalTRACK §4.3.1.4.1), 90 % a
    choice (M&V reports commonly use 68 %, 80 % or 90 %; ``savings.within_uncertainty`` reads the same interval).
Data sufficiency (codes, stable; :data:`BLOCKING` refuse the verdict: no savings figure, the reasons returned)
    ``savings.no_degree_days`` (blocking): the baseline or reporting window has consumption but no month of it
    has degree days (no station data). ``savings.baseline_too_few_months`` (blocking): fewer than 11 of the 12
    baseline months usable. ``savings.baseline_degenerate`` (blocking): the degree days do not vary independently
    of the days (det ≈ 0), no model. ``savings.baseline_negative_coefficient`` (blocking): a < 0, or b < 0 for a
    heat carrier (CalTRACK §3.4.3.2 qualifies a model only with non-negative parameters; for electricity and water
    b < 0 is returned as a warning). ``savings.baseline_low_r2`` (blocking for heat carriers, a warning for
    electricity and water, whose consumption degree days need not explain): R² < 0,75 — an **assumption**, the
    threshold often quoted for M&V regressions, not verified in a standard. ``savings.baseline_high_cvrmse``
    (blocking): CV(RMSE) > 15 % — ASHRAE Guideline 14-2014's monthly figure (with NMBE ±5 %) is the calibration
    criterion of *simulation* models (Option D), as quoted by secondary sources; applied here to the regression
    baseline as an **assumption** (CalTRACK's own site-level default is 100 %, §4.3.2.1, for portfolios).
    ``savings.reporting_too_few_months`` (blocking): the reporting window is shorter than 12 months, or more than
    one month in every 12 of it is missing. Warnings (the figure stands): ``savings.baseline_gap_month`` (fitted on
    11), ``savings.reporting_gap_months`` (months of the reporting window without a figure),
    ``savings.reporting_partial_year`` (the window is not a whole number of years: % of expected is pro rata),
    ``savings.within_uncertainty`` (|savings| ≤ the ± interval: no saving shown beyond the noise),
    ``savings.expected_small`` (expected savings below 10 % of the baseline year: IPMVP Option C is meant for
    savings above about 10 % of the facility's use, per EVO's "M&V Focus" article on Option C),
    ``savings.measures_verified_together`` (a group, below).
Overlapping measures
    Measures of one building and carrier whose windows overlap — a later completion within the earlier one's
    reporting window, equivalently the earlier completion within the later one's baseline window (completions
    ≤ max(baseline, reporting) months apart, chained) — are verified together: one model on the 12 months before the
    earliest completion, reporting after the latest, expected savings summed; labelled as a group. CalTRACK §1.4.4
    does the same for several installation dates of one project (earliest start, latest completion); CalTRACK
    does not attribute savings to single measures (§1.3.2.3), nor does ktdash within a group.
% of expected
    expected savings in kWh/a × (reporting months with a figure)/12 — pro rata, an **assumption** that is biased for
    a seasonal measure over a partial year (hence ``savings.reporting_partial_year``).
kWh → € and t CO₂e
    :func:`value_savings` takes the price (€/kWh) and the emission factor (kg CO₂e/kWh) as inputs; the callers take
    them as :mod:`ktdash.analytics.metrics` does (``energy_prices``; ``emission_factors`` of the chosen set, the
    nearest year, BISKO by default) and the uncertainty scales with them.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from ktdash.analytics.rollup import BUILDING_MONTHS_SQL
from ktdash.core.domain import Carrier

# --- codes ----------------------------------------------------------------------------------------------------------

NO_DEGREE_DAYS = "savings.no_degree_days"
BASELINE_TOO_FEW_MONTHS = "savings.baseline_too_few_months"
BASELINE_DEGENERATE = "savings.baseline_degenerate"
BASELINE_NEGATIVE_COEFFICIENT = "savings.baseline_negative_coefficient"
BASELINE_LOW_R2 = "savings.baseline_low_r2"
BASELINE_HIGH_CVRMSE = "savings.baseline_high_cvrmse"
REPORTING_TOO_FEW_MONTHS = "savings.reporting_too_few_months"
BASELINE_GAP_MONTH = "savings.baseline_gap_month"
REPORTING_GAP_MONTHS = "savings.reporting_gap_months"
REPORTING_PARTIAL_YEAR = "savings.reporting_partial_year"
WITHIN_UNCERTAINTY = "savings.within_uncertainty"
EXPECTED_SMALL = "savings.expected_small"
MEASURES_VERIFIED_TOGETHER = "savings.measures_verified_together"

# refuse the verdict (BASELINE_LOW_R2 and a negative b only for heat carriers: Finding.blocking says which applies)
BLOCKING = frozenset({NO_DEGREE_DAYS, BASELINE_TOO_FEW_MONTHS, BASELINE_DEGENERATE, BASELINE_NEGATIVE_COEFFICIENT,
                      BASELINE_LOW_R2, BASELINE_HIGH_CVRMSE, REPORTING_TOO_FEW_MONTHS})
CODES = (NO_DEGREE_DAYS, BASELINE_TOO_FEW_MONTHS, BASELINE_DEGENERATE, BASELINE_NEGATIVE_COEFFICIENT, BASELINE_LOW_R2,
         BASELINE_HIGH_CVRMSE, REPORTING_TOO_FEW_MONTHS, BASELINE_GAP_MONTH, REPORTING_GAP_MONTHS,
         REPORTING_PARTIAL_YEAR, WITHIN_UNCERTAINTY, EXPECTED_SMALL, MEASURES_VERIFIED_TOGETHER)

CONFIDENCE = 0.90  # two-sided; the quantiles below are t(0.95, df)
# Student's t, 0.95 quantile, df = 1 … 34 (scipy.stats.t.ppf(0.95, df), rounded to 4 places; n ≤ 36 months, p = 2)
T_95 = (6.3138, 2.92, 2.3534, 2.1318, 2.015, 1.9432, 1.8946, 1.8595, 1.8331, 1.8125, 1.7959, 1.7823, 1.7709, 1.7613,
        1.7531, 1.7459, 1.7396, 1.7341, 1.7291, 1.7247, 1.7207, 1.7171, 1.7139, 1.7109, 1.7081, 1.7056, 1.7033,
        1.7011, 1.6991, 1.6973, 1.6955, 1.6939, 1.6924, 1.6909)
Z_95 = 1.6449  # df > 34: the normal quantile (t(0.95, 35) = 1.6896; a slight understatement beyond 36 months)

WEATHER_INDEPENDENT = (Carrier.STROM.value, Carrier.WASSER.value)


def t_quantile(df: int) -> float:
    """t(0.95, df): the factor of the two-sided 90 % interval."""
    if df < 1:
        raise ValueError("df must be at least 1")
    return T_95[df - 1] if df <= len(T_95) else Z_95


# --- inputs ---------------------------------------------------------------------------------------------------------

class MonthValue(NamedTuple):
    """One calendar month of a building and carrier: its consumption (kWh; None: missing) and its station's
    G20/15 (Kd; None: no complete degree days)."""

    month: date  # any day of the month; the first by convention
    kwh: float | None
    g: float | None


class Point(NamedTuple):
    """One month as the regression sees it."""

    days: float
    g: float
    kwh: float


class Rules(BaseModel):
    """The sufficiency rules; the defaults are the method's (see the module's docstring for their sources)."""

    model_config = ConfigDict(frozen=True)

    baseline_months: int = 12
    reporting_months: int = 12  # the default reporting window after the completion month, and its minimum length
    max_missing_per_year: int = 1  # "a gap month allowed", in the baseline and in every 12 reporting months
    min_r2: float = 0.75  # assumption
    max_cvrmse: float = 0.15  # ASHRAE 14 monthly calibration figure, applied as an assumption
    min_expected_share: float = 0.10  # IPMVP Option C's rough resolution (EVO); below: a warning only


DEFAULT_RULES = Rules()


class MeasureInput(NamedTuple):
    """What the verification needs of a measure (the measures table comes later)."""

    measure_id: str
    building_id: int
    carrier: str
    completion: date
    expected_kwh_per_year: float | None = None


# --- outputs --------------------------------------------------------------------------------------------------------

class Finding(BaseModel):
    """A code, whether it refuses the verdict here, and the numbers a text may show."""

    model_config = ConfigDict(frozen=True)

    code: str
    blocking: bool
    values: dict[str, float | int | str] = {}


class BaselineModel(BaseModel):
    """kWh = a·days + b·G with its fit statistics."""

    model_config = ConfigDict(frozen=True)

    a_kwh_per_day: float
    b_kwh_per_kd: float
    n: int
    r2: float | None  # None: every month the same consumption
    cvrmse: float | None  # s / mean; None: mean ≤ 0
    nmbe: float | None
    residual_se_kwh: float  # s
    mean_kwh: float
    inv_dd: float  # (XᵀX)⁻¹, three distinct entries
    inv_dg: float
    inv_gg: float

    def predict(self, days: float, g: float) -> float:
        return self.a_kwh_per_day * days + self.b_kwh_per_kd * g

    def _leverage(self, days: float, g: float) -> float:
        return self.inv_dd * days * days + 2 * self.inv_dg * days * g + self.inv_gg * g * g

    def prediction_se(self, days: float, g: float) -> float:
        """Standard error of a new month's consumption at (days, G): s·√(1 + x(XᵀX)⁻¹xᵀ)."""
        return self.residual_se_kwh * math.sqrt(1 + self._leverage(days, g))

    def prediction_band(self, days: float, g: float) -> tuple[float, float]:
        """The two-sided 90 % prediction interval of one month (the alerts' "outside what the weather explains")."""
        half = t_quantile(self.n - 2) * self.prediction_se(days, g)
        centre = self.predict(days, g)
        return centre - half, centre + half

    def sum_se(self, days: float, g: float, months: int) -> float:
        """Standard error of the difference between a sum of ``months`` new months, with Σdays and ΣG, and its
        prediction: s·√(k + Σx(XᵀX)⁻¹Σxᵀ)."""
        return self.residual_se_kwh * math.sqrt(months + self._leverage(days, g))


class MonthSavings(BaseModel):
    model_config = ConfigDict(frozen=True)

    month: date
    days: int
    g: float
    actual_kwh: float
    adjusted_baseline_kwh: float
    savings_kwh: float
    prediction_se_kwh: float


class Verification(BaseModel):
    """The verdict on one measure or one group of overlapping measures. ``refused``: a blocking finding, and then
    ``savings_kwh`` and everything derived from it are None; the model (if one was fitted) is still returned."""

    model_config = ConfigDict(frozen=True)

    measure_ids: tuple[str, ...] = ()
    grouped: bool = False
    first_completion: date
    last_completion: date
    baseline_first: date
    baseline_last: date
    reporting_first: date
    reporting_last: date
    baseline_months_used: int
    reporting_months_used: int
    model: BaselineModel | None = None
    months: tuple[MonthSavings, ...] = ()
    adjusted_baseline_kwh: float | None = None
    actual_kwh: float | None = None
    savings_kwh: float | None = None
    savings_se_kwh: float | None = None
    uncertainty_kwh: float | None = None  # ± half-width of the 90 % interval
    savings_share: float | None = None  # of the adjusted baseline
    expected_kwh: float | None = None  # expected savings for the months with a figure (pro rata)
    percent_of_expected: float | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def refused(self) -> bool:
        return any(finding.blocking for finding in self.findings)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(finding.code for finding in self.findings)


class MeasureGroup(NamedTuple):
    """Measures of one building and carrier verified together (one measure alone: a group of one)."""

    measure_ids: tuple[str, ...]
    building_id: int
    carrier: str
    first_completion: date
    last_completion: date
    expected_kwh_per_year: float | None  # the members' sum; None when a member has none


class Valued(NamedTuple):
    eur: float
    eur_uncertainty: float | None
    t_co2e: float
    t_co2e_uncertainty: float | None


# --- months ---------------------------------------------------------------------------------------------------------

def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def days_in(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def baseline_window(first_completion: date, rules: Rules = DEFAULT_RULES) -> tuple[date, date]:
    """The months before the completion month (first and last month, first days)."""
    last = month_index(first_completion) - 1
    return month_start(last - rules.baseline_months + 1), month_start(last)


def reporting_window(last_completion: date, rules: Rules = DEFAULT_RULES) -> tuple[date, date]:
    """The default reporting window: the ``rules.reporting_months`` months after the completion month."""
    first = month_index(last_completion) + 1
    return month_start(first), month_start(first + rules.reporting_months - 1)


# --- the regression -------------------------------------------------------------------------------------------------

def fit_baseline(points: Sequence[Point]) -> BaselineModel | None:
    """OLS of kWh on (days, G) without intercept, by the normal equations. None when XᵀX is singular (fewer than
    3 points, or G proportional to days)."""
    n = len(points)
    if n < 3:
        return None
    s_dd = math.fsum(p.days * p.days for p in points)
    s_dg = math.fsum(p.days * p.g for p in points)
    s_gg = math.fsum(p.g * p.g for p in points)
    s_dy = math.fsum(p.days * p.kwh for p in points)
    s_gy = math.fsum(p.g * p.kwh for p in points)
    det = s_dd * s_gg - s_dg * s_dg
    if det <= 1e-9 * s_dd * s_gg:
        return None
    a = (s_gg * s_dy - s_dg * s_gy) / det
    b = (s_dd * s_gy - s_dg * s_dy) / det
    residuals = [p.kwh - a * p.days - b * p.g for p in points]
    ss_res = math.fsum(e * e for e in residuals)
    mean = math.fsum(p.kwh for p in points) / n
    ss_tot = math.fsum((p.kwh - mean) ** 2 for p in points)
    s = math.sqrt(ss_res / (n - 2))
    return BaselineModel(a_kwh_per_day=a, b_kwh_per_kd=b, n=n,
                         r2=1 - ss_res / ss_tot if ss_tot > 0 else None,
                         cvrmse=s / mean if mean > 0 else None,
                         nmbe=math.fsum(residuals) / ((n - 2) * mean) if mean > 0 else None,
                         residual_se_kwh=s, mean_kwh=mean,
                         inv_dd=s_gg / det, inv_dg=-s_dg / det, inv_gg=s_dd / det)


class ReportingResult(NamedTuple):
    months: tuple[MonthSavings, ...]
    adjusted_baseline_kwh: float
    actual_kwh: float
    savings_kwh: float
    savings_se_kwh: float
    uncertainty_kwh: float


def reporting_savings(model: BaselineModel, months: Sequence[tuple[date, Point]]) -> ReportingResult:
    """Adjusted baseline, savings per month and summed, with the standard error and ± interval of the sum."""
    rows = tuple(MonthSavings(month=month, days=int(p.days), g=p.g, actual_kwh=p.kwh,
                              adjusted_baseline_kwh=model.predict(p.days, p.g),
                              savings_kwh=model.predict(p.days, p.g) - p.kwh,
                              prediction_se_kwh=model.prediction_se(p.days, p.g)) for month, p in months)
    se = model.sum_se(math.fsum(p.days for _, p in months), math.fsum(p.g for _, p in months), len(months))
    return ReportingResult(months=rows,
                           adjusted_baseline_kwh=math.fsum(r.adjusted_baseline_kwh for r in rows),
                           actual_kwh=math.fsum(r.actual_kwh for r in rows),
                           savings_kwh=math.fsum(r.savings_kwh for r in rows),
                           savings_se_kwh=se, uncertainty_kwh=t_quantile(model.n - 2) * se)


# --- sufficiency ----------------------------------------------------------------------------------------------------

def _window(series: Mapping[int, MonthValue], first: date, last: date) -> tuple[list[tuple[date, Point]], int, int]:
    """(usable months, months of the window, months with consumption but no degree days)."""
    usable, no_g = [], 0
    indices = range(month_index(first), month_index(last) + 1)
    for index in indices:
        value = series.get(index)
        if value is None or value.kwh is None:
            continue
        if value.g is None:
            no_g += 1
            continue
        usable.append((month_start(index), Point(days=days_in(value.month), g=value.g, kwh=value.kwh)))
    return usable, len(indices), no_g


def _window_findings(usable: int, length: int, no_g: int, rules: Rules, *, baseline: bool) -> list[Finding]:
    allowed = rules.max_missing_per_year * (length // 12)
    missing = length - usable
    found = []
    if usable == 0 and no_g > 0:
        found.append(Finding(code=NO_DEGREE_DAYS, blocking=True, values={"months": no_g}))
    if baseline and missing > allowed:
        found.append(Finding(code=BASELINE_TOO_FEW_MONTHS, blocking=True,
                             values={"months": usable, "required": length - allowed}))
    elif baseline and missing:
        found.append(Finding(code=BASELINE_GAP_MONTH, blocking=False, values={"months": usable}))
    elif not baseline and (missing > allowed or length < rules.reporting_months):
        found.append(Finding(code=REPORTING_TOO_FEW_MONTHS, blocking=True,
                             values={"months": usable, "required": max(length - allowed, rules.reporting_months)}))
    elif not baseline and missing:
        found.append(Finding(code=REPORTING_GAP_MONTHS, blocking=False, values={"months": missing}))
    return found


def model_findings(model: BaselineModel, rules: Rules = DEFAULT_RULES, *,
                   weather_dependent: bool = True) -> list[Finding]:
    """The fit's own rules: non-negative parameters, R², CV(RMSE)."""
    found = []
    if model.a_kwh_per_day < 0 or model.b_kwh_per_kd < 0:
        found.append(Finding(code=BASELINE_NEGATIVE_COEFFICIENT,
                             blocking=model.a_kwh_per_day < 0 or weather_dependent,
                             values={"a": model.a_kwh_per_day, "b": model.b_kwh_per_kd}))
    if model.r2 is not None and model.r2 < rules.min_r2:
        found.append(Finding(code=BASELINE_LOW_R2, blocking=weather_dependent,
                             values={"r2": model.r2, "min_r2": rules.min_r2}))
    if model.cvrmse is None or model.cvrmse > rules.max_cvrmse:
        found.append(Finding(code=BASELINE_HIGH_CVRMSE, blocking=True,
                             values={"cvrmse": model.cvrmse if model.cvrmse is not None else math.inf,
                                     "max_cvrmse": rules.max_cvrmse}))
    return found


# --- the verdict ----------------------------------------------------------------------------------------------------

def verify(series: Sequence[MonthValue], completion: date, *, last_completion: date | None = None,
           reporting: tuple[date, date] | None = None, expected_kwh_per_year: float | None = None,
           weather_dependent: bool = True, measure_ids: Sequence[str] = (), rules: Rules = DEFAULT_RULES
           ) -> Verification:
    """Verify the savings of a measure (or, with ``last_completion``, of a group: the baseline before the earliest
    completion, the reporting after the latest) from the building's monthly series of one carrier.
    ``reporting``: first and last month of the reporting window (default: the 12 months after the completion
    month). ``weather_dependent``: False for electricity and water (a low R² and a negative b only warn)."""
    last_completion = last_completion or completion
    by_month = {month_index(value.month): value for value in series}
    baseline_first, baseline_last = baseline_window(completion, rules)
    reporting_first, reporting_last = reporting or reporting_window(last_completion, rules)
    reporting_first = max(reporting_first, month_start(month_index(last_completion) + 1))
    base, base_length, base_no_g = _window(by_month, baseline_first, baseline_last)
    report, report_length, report_no_g = _window(by_month, reporting_first, reporting_last)
    findings = (_window_findings(len(base), base_length, base_no_g, rules, baseline=True)
                + _window_findings(len(report), report_length, report_no_g, rules, baseline=False))
    if len(measure_ids) > 1:
        findings.append(Finding(code=MEASURES_VERIFIED_TOGETHER, blocking=False, values={"measures": len(measure_ids)}))
    frame = {"measure_ids": tuple(measure_ids), "grouped": len(measure_ids) > 1, "first_completion": completion,
             "last_completion": last_completion, "baseline_first": baseline_first, "baseline_last": baseline_last,
             "reporting_first": reporting_first, "reporting_last": reporting_last,
             "baseline_months_used": len(base), "reporting_months_used": len(report)}
    model = fit_baseline([point for _, point in base]) if base else None
    if model is None:
        if not any(f.blocking for f in findings):
            findings.append(Finding(code=BASELINE_DEGENERATE, blocking=True, values={"months": len(base)}))
        return Verification(**frame, findings=tuple(findings))
    findings += model_findings(model, rules, weather_dependent=weather_dependent)
    if any(f.blocking for f in findings) or not report:
        return Verification(**frame, model=model, findings=tuple(findings))
    return _verdict(frame, model, report, expected_kwh_per_year, findings, rules)


def _verdict(frame: dict, model: BaselineModel, report: list[tuple[date, Point]],
             expected_kwh_per_year: float | None, findings: list[Finding], rules: Rules) -> Verification:
    result = reporting_savings(model, report)
    if abs(result.savings_kwh) <= result.uncertainty_kwh:
        findings.append(Finding(code=WITHIN_UNCERTAINTY, blocking=False,
                                values={"savings_kwh": result.savings_kwh, "uncertainty_kwh": result.uncertainty_kwh}))
    expected = percent = None
    if expected_kwh_per_year is not None:
        expected = expected_kwh_per_year * len(report) / 12
        percent = 100 * result.savings_kwh / expected if expected else None
        if len(report) % 12:
            findings.append(Finding(code=REPORTING_PARTIAL_YEAR, blocking=False, values={"months": len(report)}))
        baseline_year = 12 * model.mean_kwh
        if baseline_year > 0 and expected_kwh_per_year < rules.min_expected_share * baseline_year:
            findings.append(Finding(code=EXPECTED_SMALL, blocking=False,
                                    values={"share": expected_kwh_per_year / baseline_year,
                                            "min_share": rules.min_expected_share}))
    return Verification(**frame, model=model, months=result.months,
                        adjusted_baseline_kwh=result.adjusted_baseline_kwh, actual_kwh=result.actual_kwh,
                        savings_kwh=result.savings_kwh, savings_se_kwh=result.savings_se_kwh,
                        uncertainty_kwh=result.uncertainty_kwh,
                        savings_share=(result.savings_kwh / result.adjusted_baseline_kwh
                                       if result.adjusted_baseline_kwh > 0 else None),
                        expected_kwh=expected, percent_of_expected=percent, findings=tuple(findings))


# --- overlapping measures -------------------------------------------------------------------------------------------

def group_measures(measures: Sequence[MeasureInput], rules: Rules = DEFAULT_RULES) -> list[MeasureGroup]:
    """Measures per building and carrier, chained into groups where completions lie at most
    max(baseline, reporting) months apart (a later completion inside the earlier one's reporting window, i.e. the
    earlier completion inside the later one's baseline window). Sorted by building, carrier, first completion."""
    reach = max(rules.baseline_months, rules.reporting_months)
    ordered = sorted(measures, key=lambda m: (m.building_id, m.carrier, m.completion, m.measure_id))
    groups: list[list[MeasureInput]] = []
    for measure in ordered:
        last = groups[-1][-1] if groups else None
        if (last is not None and (last.building_id, last.carrier) == (measure.building_id, measure.carrier)
                and month_index(measure.completion) - month_index(last.completion) <= reach):
            groups[-1].append(measure)
        else:
            groups.append([measure])
    return [_group(members) for members in groups]


def _group(members: list[MeasureInput]) -> MeasureGroup:
    expected = [m.expected_kwh_per_year for m in members]
    return MeasureGroup(measure_ids=tuple(m.measure_id for m in members), building_id=members[0].building_id,
                        carrier=members[0].carrier, first_completion=members[0].completion,
                        last_completion=members[-1].completion,
                        expected_kwh_per_year=None if None in expected else math.fsum(expected))


def verify_measures(measures: Sequence[MeasureInput], series: Mapping[tuple[int, str], Sequence[MonthValue]], *,
                    reporting_last: date | None = None, rules: Rules = DEFAULT_RULES) -> list[Verification]:
    """Each group of :func:`group_measures` verified on its building's series of its carrier (``series`` keyed by
    (building_id, carrier); a missing key is an empty series). ``reporting_last``: the last month to report on
    (e.g. the last month with data); default: the 12 months after the (latest) completion month."""
    verdicts = []
    for group in group_measures(measures, rules):
        reporting = None
        if reporting_last is not None:
            reporting = (month_start(month_index(group.last_completion) + 1), reporting_last)
        verdicts.append(verify(series.get((group.building_id, group.carrier), ()), group.first_completion,
                               last_completion=group.last_completion, reporting=reporting,
                               expected_kwh_per_year=group.expected_kwh_per_year,
                               weather_dependent=group.carrier not in WEATHER_INDEPENDENT,
                               measure_ids=group.measure_ids, rules=rules))
    return verdicts


# --- from the store -------------------------------------------------------------------------------------------------

# A building's months of one carrier (monthly_rollup) with the G20/15 the weather normalisation uses for that month:
# the same station choice (the building's own, else a substitute with a complete month; ktdash.analytics.rollup).
SERIES_SQL = ("WITH climate AS (" + BUILDING_MONTHS_SQL.format(affected="(SELECT $building_id AS building_id)")
              + """)
SELECT r.month, r.value, c.g_actual
FROM monthly_rollup r LEFT JOIN climate c ON c.building_id = r.building_id AND c.month = r.month
WHERE r.building_id = $building_id AND r.carrier = $carrier
ORDER BY r.month""")


def monthly_series(con, building_id: int, carrier: str) -> list[MonthValue]:
    """The input of :func:`verify` from the store: every month of ``monthly_rollup`` of the building and carrier
    (kWh as stored: Erdgas as billed, Hs; Wasser in m³) with its station's G20/15 (None: no complete month)."""
    rows = con.execute(SERIES_SQL, {"building_id": building_id, "carrier": carrier}).fetchall()
    return [MonthValue(month, value, g) for month, value, g in rows]


# --- kWh → € and t CO₂e ---------------------------------------------------------------------------------------------

def value_savings(kwh: float, uncertainty_kwh: float | None, eur_per_kwh: float,
                  kg_co2e_per_kwh: float) -> Valued:
    """Savings (and their ± interval) in € and t CO₂e at the given price and emission factor (t = kWh × kg/kWh /
    1000, as :mod:`ktdash.analytics.metrics`)."""
    return Valued(eur=kwh * eur_per_kwh,
                  eur_uncertainty=None if uncertainty_kwh is None else uncertainty_kwh * eur_per_kwh,
                  t_co2e=kwh * kg_co2e_per_kwh / 1000,
                  t_co2e_uncertainty=None if uncertainty_kwh is None else uncertainty_kwh * kg_co2e_per_kwh / 1000)
