"""Verified savings (ktdash.analytics.savings, issue 17), computed by hand: the regression kWh = a·days + b·G, the
adjusted baseline, savings and their uncertainty, each sufficiency code firing and not firing, overlap grouping.

Fast and pure: no store, no Streamlit.

Two data sets carry the arithmetic:

EXACT (calendar months, consumption = 100·days + 2·G with no noise) — baseline 2023, G20/15 per month
    Jan 520, Feb 430, Mar 380, Apr 250, May 120, Jun 20, Jul 0, Aug 5, Sep 90, Oct 230, Nov 380, Dec 480 (Σ 2905).
    Any full-rank least squares reproduces an exact linear relation: a = 100, b = 2, SS_res = 0, R² = 1,
    CV(RMSE) = 0. Measure completed 10 Jan 2024 (January 2024 is the intervention month, given a wild value to show
    it is left out); reporting Feb 2024 – Jan 2025 with G
    Feb 400, Mar 350, Apr 200, May 100, Jun 10, Jul 0, Aug 0, Sep 60, Oct 250, Nov 400, Dec 500, Jan 600 (Σ 2870),
    actual = 100·days + 1.5·G (the measure cuts the heat per Kd by a quarter). Savings per month = 0.5·G exactly,
    total = 0.5 × 2870 = 1435 kWh; uncertainty 0 (s = 0). Baseline year = 100·365 + 2·2905 = 42 310 kWh.

NOISY (four points, days = 30 each, so a·30 acts as the intercept of a simple regression on G)
    G = 0, 100, 200, 300; kWh = 3010, 3190, 3410, 3590 (= 3000 + 2·G + (+10, −10, +10, −10)).
    Ḡ = 150, ȳ = 3300; Σ(G − Ḡ)² = 22500 + 2500 + 2500 + 22500 = 50 000;
    Σ(G − Ḡ)(y − ȳ) = (−150)(−290) + (−50)(−110) + 50·110 + 150·290 = 98 000;
    b = 98 000 / 50 000 = 1.96; intercept = 3300 − 1.96·150 = 3006, so a = 3006 / 30 = 100.2.
    Fitted 3006, 3202, 3398, 3594; residuals 4, −12, 12, −4; SS_res = 16 + 144 + 144 + 16 = 320;
    SS_tot = 290² + 110² + 110² + 290² = 192 400; R² = 1 − 320/192 400 = 0.998337…;
    s² = 320 / (4 − 2) = 160, s = 12.6491; CV(RMSE) = 12.6491 / 3300 = 0.0038331; NMBE = 0 (residuals sum to 0).
    The same in the no-intercept form, as the module computes it: S_dd = 4·900 = 3600, S_dG = 30·600 = 18 000,
    S_GG = 0 + 10 000 + 40 000 + 90 000 = 140 000, det = 3600·140 000 − 18 000² = 180 000 000;
    (XᵀX)⁻¹ = [[140 000, −18 000], [−18 000, 3600]] / det = [[7.7778e-4, −1e-4], [−1e-4, 2e-5]].
    One month at (30, 150): leverage = 7.7778e-4·900 − 2·1e-4·4500 + 2e-5·22 500 = 0.7 − 0.9 + 0.45 = 0.25
    (= 1/n + (G − Ḡ)²/Σ(G − Ḡ)² = 0.25 + 0), prediction SE = s·√1.25 = √200 = 14.1421;
    90 % band = 3300 ± t(0.95, 2)·14.1421 = 3300 ± 2.92·14.1421 = 3300 ± 41.295.
    Reporting months (30, 150, actual 3000) and (30, 250, actual 3296): adjusted baseline 3300 and 3006 + 490 = 3496,
    savings 300 and 200, total 500. Σx = (60, 400): leverage = 7.7778e-4·3600 − 2·1e-4·24 000 + 2e-5·160 000
    = 2.8 − 4.8 + 3.2 = 1.2; Var = s²·(2 + 1.2) = 160·3.2 = 512, SE = 22.6274; ± 2.92·22.6274 = ± 66.072.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from ktdash.analytics import savings
from ktdash.analytics.savings import MeasureInput, MonthValue, Point

G_2023 = [520, 430, 380, 250, 120, 20, 0, 5, 90, 230, 380, 480]
G_REPORT = [400, 350, 200, 100, 10, 0, 0, 60, 250, 400, 500, 600]  # Feb 2024 … Jan 2025
REPORT_MONTHS = [date(2024, m, 1) for m in range(2, 13)] + [date(2025, 1, 1)]
COMPLETION = date(2024, 1, 10)


def exact_series(baseline_drop=(), report_drop=(), baseline_g_none=False) -> list[MonthValue]:
    rows = []
    for m, g in enumerate(G_2023, start=1):
        month = date(2023, m, 1)
        if month in baseline_drop:
            continue
        rows.append(MonthValue(month, 100 * savings.days_in(month) + 2 * g, None if baseline_g_none else g))
    rows.append(MonthValue(date(2024, 1, 1), 999_999.0, 700))  # the intervention month: never used
    for month, g in zip(REPORT_MONTHS, G_REPORT, strict=True):
        if month not in report_drop:
            rows.append(MonthValue(month, 100 * savings.days_in(month) + 1.5 * g, g))
    return rows


NOISY = [Point(30, 0, 3010), Point(30, 100, 3190), Point(30, 200, 3410), Point(30, 300, 3590)]


# --- the regression -------------------------------------------------------------------------------------------------

def test_exact_relation_is_recovered():
    model = savings.fit_baseline([Point(savings.days_in(date(2023, m, 1)), g, 100 * savings.days_in(date(2023, m, 1))
                                        + 2 * g) for m, g in enumerate(G_2023, start=1)])
    assert model.a_kwh_per_day == pytest.approx(100)
    assert model.b_kwh_per_kd == pytest.approx(2)
    assert model.r2 == pytest.approx(1)
    assert model.cvrmse == pytest.approx(0, abs=1e-9)
    assert model.n == 12
    assert model.mean_kwh * 12 == pytest.approx(42_310)


def test_noisy_fit_matches_the_hand_sums():
    model = savings.fit_baseline(NOISY)
    assert model.a_kwh_per_day == pytest.approx(100.2)
    assert model.b_kwh_per_kd == pytest.approx(1.96)
    assert model.r2 == pytest.approx(1 - 320 / 192_400)
    assert model.residual_se_kwh == pytest.approx(math.sqrt(160))
    assert model.cvrmse == pytest.approx(math.sqrt(160) / 3300)
    assert model.nmbe == pytest.approx(0, abs=1e-9)
    assert (model.inv_dd, model.inv_dg, model.inv_gg) == pytest.approx((140_000 / 1.8e8, -18_000 / 1.8e8, 3600 / 1.8e8))
    assert model.prediction_se(30, 150) == pytest.approx(math.sqrt(200))
    low, high = model.prediction_band(30, 150)
    assert (low, high) == pytest.approx((3300 - 2.92 * math.sqrt(200), 3300 + 2.92 * math.sqrt(200)))


def test_adjusted_baseline_savings_and_their_uncertainty_by_hand():
    model = savings.fit_baseline(NOISY)
    result = savings.reporting_savings(model, [(date(2024, 1, 1), Point(30, 150, 3000)),
                                               (date(2024, 2, 1), Point(30, 250, 3296))])
    assert [m.adjusted_baseline_kwh for m in result.months] == pytest.approx([3300, 3496])
    assert [m.savings_kwh for m in result.months] == pytest.approx([300, 200])
    assert result.savings_kwh == pytest.approx(500)
    assert result.adjusted_baseline_kwh == pytest.approx(6796)
    assert result.actual_kwh == pytest.approx(6296)
    assert result.savings_se_kwh == pytest.approx(math.sqrt(512))
    assert result.uncertainty_kwh == pytest.approx(2.92 * math.sqrt(512))


def test_singular_or_too_small_data_gives_no_model():
    assert savings.fit_baseline(NOISY[:2]) is None
    assert savings.fit_baseline([Point(30, 0, 3000), Point(31, 0, 3100), Point(28, 0, 2800)]) is None  # G all 0
    assert savings.fit_baseline([Point(30, 60, 1), Point(31, 62, 2), Point(28, 56, 3)]) is None  # G = 2·days


def test_t_quantiles_are_the_tables():
    assert savings.t_quantile(2) == 2.92
    assert savings.t_quantile(10) == pytest.approx(1.812, abs=1e-3)
    assert savings.t_quantile(34) == pytest.approx(1.691, abs=1e-3)
    assert savings.t_quantile(100) == pytest.approx(1.645, abs=1e-3)
    with pytest.raises(ValueError):
        savings.t_quantile(0)


# --- windows and the verdict ----------------------------------------------------------------------------------------

def test_windows_leave_the_completion_month_out():
    assert savings.baseline_window(COMPLETION) == (date(2023, 1, 1), date(2023, 12, 1))
    assert savings.reporting_window(COMPLETION) == (date(2024, 2, 1), date(2025, 1, 1))


def test_verify_exact_measure():
    verdict = savings.verify(exact_series(), COMPLETION, expected_kwh_per_year=5000, measure_ids=("M1",))
    assert not verdict.refused
    assert verdict.codes == ()
    assert verdict.model.a_kwh_per_day == pytest.approx(100)
    assert verdict.model.b_kwh_per_kd == pytest.approx(2)
    assert verdict.baseline_months_used == 12 and verdict.reporting_months_used == 12
    assert [m.savings_kwh for m in verdict.months] == pytest.approx([0.5 * g for g in G_REPORT])
    assert verdict.savings_kwh == pytest.approx(1435)
    assert verdict.uncertainty_kwh == pytest.approx(0, abs=1e-6)
    # adjusted baseline = 100·366 (Feb 2024 … Jan 2025: 29 + 30 + … + 31 days) + 2·2870
    assert verdict.adjusted_baseline_kwh == pytest.approx(100 * 366 + 2 * 2870)
    assert verdict.savings_share == pytest.approx(1435 / (36_600 + 5740))
    assert verdict.expected_kwh == pytest.approx(5000)
    assert verdict.percent_of_expected == pytest.approx(100 * 1435 / 5000)
    assert verdict.measure_ids == ("M1",) and not verdict.grouped


def test_a_gap_month_is_allowed_and_fits_on_eleven():
    verdict = savings.verify(exact_series(baseline_drop=(date(2023, 7, 1),)), COMPLETION)
    assert verdict.codes == (savings.BASELINE_GAP_MONTH,)
    assert not verdict.refused
    assert verdict.model.n == 11
    assert verdict.savings_kwh == pytest.approx(1435)


def test_two_missing_baseline_months_refuse():
    verdict = savings.verify(exact_series(baseline_drop=(date(2023, 7, 1), date(2023, 8, 1))), COMPLETION)
    assert savings.BASELINE_TOO_FEW_MONTHS in verdict.codes
    assert verdict.refused
    assert verdict.savings_kwh is None and verdict.uncertainty_kwh is None and verdict.percent_of_expected is None
    finding = next(f for f in verdict.findings if f.code == savings.BASELINE_TOO_FEW_MONTHS)
    assert finding.values == {"months": 10, "required": 11}


def test_no_degree_days_refuse():
    verdict = savings.verify(exact_series(baseline_g_none=True), COMPLETION)
    assert savings.NO_DEGREE_DAYS in verdict.codes and verdict.refused
    assert verdict.savings_kwh is None
    assert savings.NO_DEGREE_DAYS not in savings.verify(exact_series(), COMPLETION).codes


def test_reporting_sufficiency():
    one_gap = savings.verify(exact_series(report_drop=(date(2024, 6, 1),)), COMPLETION, expected_kwh_per_year=5000)
    assert set(one_gap.codes) == {savings.REPORTING_GAP_MONTHS, savings.REPORTING_PARTIAL_YEAR}
    assert not one_gap.refused
    assert one_gap.savings_kwh == pytest.approx(1435 - 0.5 * 10)  # June (G 10) has no figure
    assert one_gap.expected_kwh == pytest.approx(5000 * 11 / 12)
    two_gaps = savings.verify(exact_series(report_drop=(date(2024, 6, 1), date(2024, 7, 1))), COMPLETION)
    assert savings.REPORTING_TOO_FEW_MONTHS in two_gaps.codes and two_gaps.refused
    short = savings.verify(exact_series(), COMPLETION, reporting=(date(2024, 2, 1), date(2024, 7, 1)))
    assert savings.REPORTING_TOO_FEW_MONTHS in short.codes and short.refused
    longer = savings.verify(exact_series(), COMPLETION, reporting=(date(2024, 2, 1), date(2025, 1, 1)))
    assert savings.REPORTING_TOO_FEW_MONTHS not in longer.codes


def test_expected_small_warns_only():
    small = savings.verify(exact_series(), COMPLETION, expected_kwh_per_year=2000)  # < 10 % of 42 310
    assert small.codes == (savings.EXPECTED_SMALL,)
    assert not small.refused
    assert small.findings[0].values["share"] == pytest.approx(2000 / 42_310)
    assert savings.EXPECTED_SMALL not in savings.verify(exact_series(), COMPLETION, expected_kwh_per_year=5000).codes


# --- the model's rules (on hand-made four-point fits, days = 30) ------------------------------------------------------

def test_low_r2_blocks_heat_and_warns_for_electricity():
    # kWh 3020, 2990, 3040, 3010: ȳ = 3015, Σ(G−Ḡ)(y−ȳ) = −750 + 1250 + 1250 − 750 = 1000, b = 0.02,
    # SS_reg = 0.02²·50 000 = 20 of SS_tot = 25 + 625 + 625 + 25 = 1300: R² = 0.0154; s = √(1280/2) = 25.3, CV 0.84 %
    model = savings.fit_baseline([Point(30, 0, 3020), Point(30, 100, 2990), Point(30, 200, 3040), Point(30, 300, 3010)])
    assert model.r2 == pytest.approx(20 / 1300)
    heat = savings.model_findings(model)
    assert [(f.code, f.blocking) for f in heat] == [(savings.BASELINE_LOW_R2, True)]
    assert [(f.code, f.blocking) for f in savings.model_findings(model, weather_dependent=False)] == [
        (savings.BASELINE_LOW_R2, False)]
    assert savings.model_findings(savings.fit_baseline(NOISY)) == []


def test_high_cvrmse_blocks():
    # kWh 70, 190, 390, 670 = 30 + 2·G + (40, −40, −40, 40): ȳ = 330, b = 100 000/50 000 = 2, intercept 30 (a = 1);
    # SS_res = 4·1600 = 6400, s = √3200 = 56.57, CV(RMSE) = 0.1714 > 0.15; SS_tot = 206 400, R² = 0.969 (passes)
    model = savings.fit_baseline([Point(30, 0, 70), Point(30, 100, 190), Point(30, 200, 390), Point(30, 300, 670)])
    assert model.cvrmse == pytest.approx(math.sqrt(3200) / 330)
    assert [(f.code, f.blocking) for f in savings.model_findings(model)] == [(savings.BASELINE_HIGH_CVRMSE, True)]
    assert savings.model_findings(model, savings.Rules(max_cvrmse=0.20)) == []


def test_negative_heat_coefficient_blocks_heat_only():
    # kWh 3010, 2990, 3010, 2990: Σ(G−Ḡ)(y−ȳ) = −1500 + 500 + 500 − 1500 = −2000, b = −0.04
    model = savings.fit_baseline([Point(30, 0, 3010), Point(30, 100, 2990), Point(30, 200, 3010), Point(30, 300, 2990)])
    assert model.b_kwh_per_kd == pytest.approx(-0.04)
    heat = {f.code: f.blocking for f in savings.model_findings(model)}
    assert heat[savings.BASELINE_NEGATIVE_COEFFICIENT] is True
    power = {f.code: f.blocking for f in savings.model_findings(model, weather_dependent=False)}
    assert power == {savings.BASELINE_NEGATIVE_COEFFICIENT: False, savings.BASELINE_LOW_R2: False}


def test_degenerate_baseline_refuses():
    series = [MonthValue(date(2023, m, 1), 3000.0, 0.0) for m in range(1, 13)] + exact_series()[13:]
    verdict = savings.verify(series, COMPLETION)
    assert verdict.codes == (savings.BASELINE_DEGENERATE,)
    assert verdict.refused and verdict.model is None


def test_within_uncertainty_warns():
    # the NOISY months as a calendar series would not have days = 30; the rule is read from the verdict's numbers:
    # noise of ±3 % around 100·days + 2·G and a saving of 0.1 % cannot be told apart
    noise = [0.03, -0.03] * 6
    rows = [MonthValue(date(2023, m, 1), (100 * savings.days_in(date(2023, m, 1)) + 2 * g) * (1 + e), g)
            for m, g, e in zip(range(1, 13), G_2023, noise, strict=True)]
    rows += [MonthValue(month, (100 * savings.days_in(month) + 2 * g) * 0.999, g)
             for month, g in zip(REPORT_MONTHS, G_REPORT, strict=True)]
    verdict = savings.verify(rows, COMPLETION)
    assert savings.WITHIN_UNCERTAINTY in verdict.codes
    assert not verdict.refused
    assert abs(verdict.savings_kwh) <= verdict.uncertainty_kwh
    assert savings.WITHIN_UNCERTAINTY not in savings.verify(exact_series(), COMPLETION).codes


def test_every_code_is_distinct_and_namespaced():
    assert len(set(savings.CODES)) == len(savings.CODES)
    assert all(code.startswith("savings.") for code in savings.CODES)
    assert savings.BLOCKING.issubset(savings.CODES)


# --- overlapping measures -------------------------------------------------------------------------------------------

def test_overlapping_measures_are_grouped():
    measures = [
        MeasureInput("A", 1, "Erdgas", date(2023, 3, 10), 1000),
        MeasureInput("B", 1, "Erdgas", date(2024, 1, 5), 500),   # 10 months after A: overlaps
        MeasureInput("C", 1, "Erdgas", date(2024, 11, 1), 300),  # 10 after B (20 after A): chained into A+B
        MeasureInput("D", 1, "Erdgas", date(2026, 1, 1), 200),   # 14 after C: alone
        MeasureInput("E", 1, "Strom", date(2024, 1, 5), 100),    # other carrier: alone
        MeasureInput("F", 2, "Erdgas", date(2024, 1, 5), None),  # other building: alone
    ]
    groups = savings.group_measures(measures)
    assert [g.measure_ids for g in groups] == [("A", "B", "C"), ("D",), ("E",), ("F",)]
    abc = groups[0]
    assert (abc.first_completion, abc.last_completion) == (date(2023, 3, 10), date(2024, 11, 1))
    assert abc.expected_kwh_per_year == 1800
    assert groups[3].expected_kwh_per_year is None


def test_twelve_months_apart_overlap_thirteen_do_not():
    twelve = [MeasureInput("A", 1, "Erdgas", date(2023, 1, 31)), MeasureInput("B", 1, "Erdgas", date(2024, 1, 1))]
    thirteen = [MeasureInput("A", 1, "Erdgas", date(2023, 1, 31)), MeasureInput("B", 1, "Erdgas", date(2024, 2, 1))]
    assert [g.measure_ids for g in savings.group_measures(twelve)] == [("A", "B")]
    assert [g.measure_ids for g in savings.group_measures(thirteen)] == [("A",), ("B",)]


def test_a_group_is_verified_with_the_earliest_baseline_and_the_latest_reporting():
    # A completed Dec 2023, B in Jan 2024: baseline 2023 (before A), reporting Feb 2024 – Jan 2025 (after B)
    series = exact_series()
    measures = [MeasureInput("A", 7, "Erdgas", date(2023, 12, 20), 3000),
                MeasureInput("B", 7, "Erdgas", COMPLETION, 2000)]
    (verdict,) = savings.verify_measures(measures, {(7, "Erdgas"): series})
    assert verdict.grouped and verdict.measure_ids == ("A", "B")
    assert (verdict.baseline_first, verdict.baseline_last) == (date(2022, 12, 1), date(2023, 11, 1))
    assert (verdict.reporting_first, verdict.reporting_last) == (date(2024, 2, 1), date(2025, 1, 1))
    assert savings.MEASURES_VERIFIED_TOGETHER in verdict.codes
    assert savings.BASELINE_GAP_MONTH in verdict.codes  # Dec 2022 is not in the series: fitted on 11
    assert verdict.savings_kwh == pytest.approx(1435)
    assert verdict.expected_kwh == pytest.approx(5000)
    assert verdict.percent_of_expected == pytest.approx(100 * 1435 / 5000)


def test_verify_measures_reads_weather_dependence_from_the_carrier():
    # electricity: a negative b only warns
    rows = [MonthValue(date(2023, m, 1), 1000 * savings.days_in(date(2023, m, 1)) - 0.5 * g, g)
            for m, g in enumerate(G_2023, start=1)]
    rows += [MonthValue(month, 900 * savings.days_in(month) - 0.5 * g, g)
             for month, g in zip(REPORT_MONTHS, G_REPORT, strict=True)]
    (power,) = savings.verify_measures([MeasureInput("L", 3, "Strom", COMPLETION, 36_600)], {(3, "Strom"): rows})
    assert not power.refused
    assert [(f.code, f.blocking) for f in power.findings] == [(savings.BASELINE_NEGATIVE_COEFFICIENT, False)]
    assert power.savings_kwh == pytest.approx(100 * 366)
    assert power.percent_of_expected == pytest.approx(100)
    (gas,) = savings.verify_measures([MeasureInput("L", 3, "Erdgas", COMPLETION)], {(3, "Erdgas"): rows})
    assert gas.refused and savings.BASELINE_NEGATIVE_COEFFICIENT in gas.codes


def test_reporting_last_bounds_the_window():
    (verdict,) = savings.verify_measures([MeasureInput("M", 1, "Erdgas", COMPLETION)], {(1, "Erdgas"): exact_series()},
                                         reporting_last=date(2024, 12, 1))
    assert (verdict.reporting_first, verdict.reporting_last) == (date(2024, 2, 1), date(2024, 12, 1))
    assert verdict.refused and savings.REPORTING_TOO_FEW_MONTHS in verdict.codes  # 11 months < a year


def test_missing_series_refuses_without_error():
    (verdict,) = savings.verify_measures([MeasureInput("M", 9, "Erdgas", COMPLETION)], {})
    assert verdict.refused and savings.BASELINE_TOO_FEW_MONTHS in verdict.codes and verdict.model is None


# --- € and t CO₂e ---------------------------------------------------------------------------------------------------

def test_value_savings():
    valued = savings.value_savings(1435, 100, eur_per_kwh=0.12, kg_co2e_per_kwh=0.25)
    assert valued.eur == pytest.approx(172.2)
    assert valued.eur_uncertainty == pytest.approx(12)
    assert valued.t_co2e == pytest.approx(0.35875)
    assert valued.t_co2e_uncertainty == pytest.approx(0.025)
    assert savings.value_savings(10, None, 1, 1).eur_uncertainty is None


# --- from the store -------------------------------------------------------------------------------------------------

def test_monthly_series_from_the_store_feeds_the_verdict(store, load):
    """The EXACT data set imported as monthly consumption, its G20/15 as a test station's months: the store's series
    gives the same verdict as the hand-made one (1435 kWh)."""
    from climate_support import set_test_climate

    load("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nSchule S;Schule;1.000;1970\n", name="g.csv")
    rows = [v for v in exact_series() if v.month != date(2023, 6, 1)]  # a gap month in the baseline
    lines = [f"Schule S;Erdgas;{v.month:%m.%Y};{v.kwh:,.0f};kWh".replace(",", ".") for v in rows]
    load("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n" + "\n".join(lines) + "\n", name="m.csv")
    set_test_climate(store, {f"{v.month:%Y-%m}": v.g for v in exact_series()}, 300)
    building_id = store.execute("SELECT building_id FROM buildings WHERE name = 'Schule S'").fetchone()[0]
    series = savings.monthly_series(store, building_id, "Erdgas")
    assert len(series) == 24 and series[0] == MonthValue(date(2023, 1, 1), 100 * 31 + 2 * 520, 520)
    verdict = savings.verify(series, COMPLETION)
    assert verdict.codes == (savings.BASELINE_GAP_MONTH,)
    assert verdict.savings_kwh == pytest.approx(1435)
    assert savings.monthly_series(store, building_id, "Strom") == []
