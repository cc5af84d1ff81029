"""Data quality: checks of the monthly rollup and the building master data.

Every finding carries a stable code (the wording lives in :mod:`ktdash.i18n.texts`,
``quality_msg_<code>``), like the warning codes of OpenEEmeter. One series is
one building and carrier of ``monthly_rollup`` (water, m³, too). The checks:

``gap``
    Months without a value between the first and the last month of a series;
    each run of consecutive missing months is one finding (first and last
    missing month, count). The months after a series' last value are not gaps:
    they are the delivery lag until the series becomes ``stale``.
``outlier``
    A monthly value that is both unusual for its series and large: the modified
    z-score of Iglewicz & Hoaglin (see :data:`Z_THRESHOLD`) over the residuals
    r = value − median(same building, carrier and calendar month over all years),
    |M| > 3.5, and the value at least twice or at most half that median
    (:data:`MIN_FACTOR`). Only calendar months with at least :data:`MIN_YEARS`
    values have a residual; a month of value 0 is reported as ``zero`` instead.
``stale``
    A series whose last month lies more than :data:`STALE_MONTHS` months
    before the latest month of the store.
``zero``
    A month with value 0 whose calendar month has a median above zero over the
    series' years (the month is normally not empty), so a heating that is off
    every summer is no finding.
``implausible_specific``
    A complete year (12 months with a value) of heat (the carriers of
    :data:`ktdash.analytics.metrics.HEAT_CARRIERS` summed, raw, not weather-normalised)
    or electricity (Strom) per m² of ``buildings.floor_area_m2`` below
    :data:`LOW_FACTOR` or above :data:`HIGH_FACTOR` times the typical value of
    its category: the median kWh/m² of the category's buildings in the store in
    that year (a peer comparison, robust against a few wrong areas), or, with
    fewer than :data:`MIN_PEERS` such buildings, the official comparison value
    (view ``building_comparison_values``, heat with the size factor). Only
    categories with a comparison value are checked (not Kläranlage,
    Straßenbeleuchtung, Sonstiges: their kWh/m² says little). The distance to
    the comparison value itself is the savings potential of :mod:`ktdash.analytics.metrics`,
    not a data error.
``missing_area``
    A building without floor area (not for category Straßenbeleuchtung).
``missing_category``
    A building in category Sonstiges that a consumption import created
    (``created_by_import`` points to an import whose layout is not ``buildings``).

:func:`findings` runs every check as one DuckDB query; :func:`summary` counts
them per municipality.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ktdash.i18n import texts
from ktdash.core.domain import Category
from ktdash.core import formatting
from ktdash.core.formatting import format_number
from ktdash.analytics.metrics import HEAT_CARRIERS

CODES = ("gap", "outlier", "stale", "zero", "implausible_specific", "missing_area", "missing_category")

SEVERITY = {
    # error: the yearly total is certainly incomplete
    "gap": "error", "stale": "error",
    # warning: a value is probably wrong
    "outlier": "warning", "zero": "warning", "implausible_specific": "warning",
    # info: master data are incomplete, analyses per m² or per category leave the building out
    "missing_area": "info", "missing_category": "info",
}

Z_THRESHOLD = 3.5
"""|M| above which a value is an outlier. B. Iglewicz, D. C. Hoaglin: How to Detect and Handle
Outliers. ASQC Basic References in Quality Control 16, Milwaukee 1993: modified z-score
M = 0.6745 · (x − median) / MAD, "potential outliers" at |M| > 3.5. When MAD = 0 the score is
(x − median) / (1.253314 · MeanAD) (IBM Cognos Analytics 11.1 documentation, "Modified z score");
when the mean absolute deviation is 0 as well, every residual is equal and nothing is flagged."""

MIN_FACTOR = 2.0
"""An outlier also lies at least this factor above or below the median of its calendar month.
ktdash's materiality rule: on the Westpfalz demo the score alone flags 3,671 of 63,327 months
(``min_factor=1``), mostly heat in a mild March 2022 or January 2024 — weather moves a month's heat
by up to 40 %, and the MAD of a series is small because summer months hardly vary. The errors this
check is for (an extra digit, a wrong unit, a decimal shift) change a value by 10 or 1000."""

MIN_YEARS = 3
"""Residuals only where a calendar month has at least three values: a median of three or more
values is not moved by one wrong value; with two, the wrong one would shift the median halfway."""

STALE_MONTHS = 3
"""A series is stale when its last value is more than this many months older than the latest
month in the store (issue 3, item 5: "no value for N months"; three months cover the usual
delay of a quarterly reading or invoice)."""

LOW_FACTOR = 0.25
HIGH_FACTOR = 3.0
MIN_PEERS = 5  # buildings of a category with a complete year before their median is the reference
"""Plausibility band of the specific consumption around the category's comparison value
(issue 3, item 5): below a quarter or above three times the comparison value, a wrong area,
category or unit is more likely than the building."""

_TINY = 1e-9  # a MAD or mean absolute deviation below this (kWh, m³) is float noise, i.e. zero

# Every check reads the monthly rollup once or only the few series that can have a finding, so that the
# findings of a store take a fraction of a second also with 10,000 buildings (bench/page_speed.py): medians per
# calendar month by GROUP BY, not as window functions over every row; the month-by-month gap search and the
# outlier scores only for series that can have one; the yearly totals from the yearly rollup.
_FINDINGS_SQL = """
WITH latest AS (
    SELECT max(month) AS month FROM monthly_rollup
), series AS (
    SELECT building_id, carrier, min(month) AS first_month, max(month) AS last_month, count(*) AS months
    FROM monthly_rollup GROUP BY building_id, carrier
), steps AS (
    -- in a series with fewer months than it spans, each value with the month of the value before it
    SELECT r.building_id, r.carrier, r.month,
           lag(r.month) OVER (PARTITION BY r.building_id, r.carrier ORDER BY r.month) AS previous
    FROM monthly_rollup r
    SEMI JOIN (SELECT building_id, carrier FROM series
               WHERE months < date_diff('month', first_month, last_month) + 1) g USING (building_id, carrier)
), gap AS (
    SELECT 'gap' AS code, building_id, carrier, (previous + INTERVAL 1 MONTH)::DATE AS period_start,
           (month - INTERVAL 1 MONTH)::DATE AS period_end, (date_diff('month', previous, month) - 1)::DOUBLE AS value,
           NULL::DOUBLE AS reference, NULL::DOUBLE AS score, NULL AS unit, NULL AS detail
    FROM steps WHERE date_diff('month', previous, month) > 1
), calendar_range AS (
    SELECT building_id, carrier, month(month) AS month_of_year, count(*) AS month_count, min(value) AS lowest,
           max(value) AS highest
    FROM monthly_rollup GROUP BY building_id, carrier, month(month)
), suspicious AS (
    -- series that can have an outlier: a positive value v with v ≥ f·median or f·v ≤ median of its calendar month
    -- implies highest ≥ f·lowest there, since lowest ≤ median ≤ highest (f = $min_factor)
    SELECT DISTINCT building_id, carrier FROM calendar_range
    WHERE month_count >= $min_years AND highest > 0 AND highest >= $min_factor * lowest
), calendar AS (
    -- each value of those series with the median and count of its calendar month in the same series
    SELECT building_id, carrier, month, value, unit,
           median(value) OVER c AS month_median, count(*) OVER c AS month_count
    FROM monthly_rollup SEMI JOIN suspicious USING (building_id, carrier)
    WINDOW c AS (PARTITION BY building_id, carrier, month(month))
), residuals AS (
    SELECT *, value - month_median AS r FROM calendar WHERE month_count >= $min_years
), centred AS (
    SELECT *, r - median(r) OVER s AS d FROM residuals
    WINDOW s AS (PARTITION BY building_id, carrier)
), spread AS (
    SELECT *, median(abs(d)) OVER s AS mad, avg(abs(d)) OVER s AS mean_ad FROM centred
    WINDOW s AS (PARTITION BY building_id, carrier)
), scored AS (
    SELECT *, CASE WHEN mad > $tiny THEN 0.6745 * d / mad
                   WHEN mean_ad > $tiny THEN d / (1.253314 * mean_ad) END AS score
    FROM spread
), outlier AS (
    SELECT 'outlier', building_id, carrier, month, month, value, month_median, score, unit, NULL
    FROM scored
    WHERE abs(score) > $z_threshold AND value > 0
      AND (value >= $min_factor * month_median OR value * $min_factor <= month_median)
), stale AS (
    SELECT 'stale', s.building_id, s.carrier, (s.last_month + INTERVAL 1 MONTH)::DATE, l.month,
           date_diff('month', s.last_month, l.month)::DOUBLE, $stale_months::DOUBLE, NULL, NULL, NULL
    FROM series s, latest l
    WHERE date_diff('month', s.last_month, l.month) > $stale_months
), zero AS (
    -- a value 0 where the median of its calendar month in the same series is not
    SELECT 'zero', z.building_id, z.carrier, z.month, z.month, z.value, median(r.value), NULL, z.unit, NULL
    FROM (SELECT * FROM monthly_rollup WHERE value = 0) z
    JOIN monthly_rollup r ON r.building_id = z.building_id AND r.carrier = z.carrier
                         AND month(r.month) = month(z.month)
    GROUP BY z.building_id, z.carrier, z.month, z.value, z.unit
    HAVING median(r.value) > 0
), uses AS (
    -- heat (all heat carriers together) and electricity per building and year, from the yearly rollup
    SELECT building_id, CASE WHEN carrier = 'Strom' THEN 'electricity' ELSE 'heat' END AS kind, year,
           sum(value) AS kwh, max(months) AS months, count(*) AS carrier_count
    FROM yearly_rollup WHERE carrier = 'Strom' OR list_contains($heat_carriers, carrier)
    GROUP BY ALL
), mixed AS (
    -- heat of several carriers in one year: its months are the months in which any of them has a value
    SELECT u.building_id, u.year, count(DISTINCT r.month) AS months
    FROM uses u JOIN monthly_rollup r ON r.building_id = u.building_id AND year(r.month) = u.year
    WHERE u.carrier_count > 1 AND list_contains($heat_carriers, r.carrier)
    GROUP BY ALL
), yearly AS (
    SELECT u.building_id, u.kind, u.year, u.kwh,
           CASE WHEN u.carrier_count > 1 THEN m.months ELSE u.months END AS months
    FROM uses u LEFT JOIN mixed m ON m.building_id = u.building_id AND m.year = u.year AND u.kind = 'heat'
), specific_raw AS (
    SELECT y.building_id, y.kind, y.year, y.kwh / b.floor_area_m2 AS per_m2,
           CASE y.kind WHEN 'heat' THEN v.heat_kwh_per_m2a ELSE v.electricity_kwh_per_m2a END AS comparison_value,
           median(y.kwh / b.floor_area_m2) OVER peers AS peer_median, count(*) OVER peers AS peer_count
    FROM yearly y JOIN buildings b USING (building_id) JOIN building_comparison_values v USING (building_id)
    WHERE y.months = 12 AND b.floor_area_m2 > 0
      AND CASE y.kind WHEN 'heat' THEN v.heat_kwh_per_m2a ELSE v.electricity_kwh_per_m2a END IS NOT NULL
    WINDOW peers AS (PARTITION BY b.category, y.kind, y.year)
), specific AS (
    -- the category's range: the median of its buildings in the store that year (at least $min_peers),
    -- else the official comparison value
    SELECT *, CASE WHEN peer_count >= $min_peers THEN peer_median ELSE comparison_value END AS comparison
    FROM specific_raw
), implausible_specific AS (
    -- carrier: the carriers of that use and year, named only for the few findings
    SELECT 'implausible_specific', s.building_id,
           (SELECT string_agg(y.carrier, ', ' ORDER BY y.carrier) FROM yearly_rollup y
            WHERE y.building_id = s.building_id AND y.year = s.year
              AND CASE s.kind WHEN 'heat' THEN list_contains($heat_carriers, y.carrier) ELSE y.carrier = 'Strom' END),
           make_date(s.year, 1, 1), make_date(s.year, 12, 1), s.per_m2, s.comparison, s.per_m2 / s.comparison,
           'kWh/m²a', s.kind
    FROM specific s
    WHERE s.comparison > 0 AND (s.per_m2 < $low_factor * s.comparison OR s.per_m2 > $high_factor * s.comparison)
), missing_area AS (
    SELECT 'missing_area', building_id, NULL, NULL::DATE, NULL::DATE, NULL, NULL, NULL, NULL, NULL
    FROM buildings WHERE floor_area_m2 IS NULL AND category <> $street_lighting
), missing_category AS (
    SELECT 'missing_category', b.building_id, NULL, NULL::DATE, NULL::DATE, NULL, NULL, NULL, NULL, NULL
    FROM buildings b JOIN imports i ON i.import_id = b.created_by_import
    WHERE b.category = $other AND i.layout <> 'buildings'
), found AS (
    SELECT * FROM gap UNION ALL SELECT * FROM outlier UNION ALL SELECT * FROM stale
    UNION ALL SELECT * FROM zero UNION ALL SELECT * FROM implausible_specific
    UNION ALL SELECT * FROM missing_area UNION ALL SELECT * FROM missing_category
)
SELECT f.code, {severity} AS severity, d.name AS district, mu.name AS municipality,
       mu.municipality_key, b.building_id, b.name AS building, b.category, f.carrier,
       f.period_start, f.period_end, f.value, f.reference, f.score, f.unit, f.detail
FROM found f
JOIN buildings b USING (building_id)
JOIN municipalities mu USING (municipality_key)
JOIN districts d ON d.district_key = mu.district_key
WHERE ($municipality_key IS NULL OR mu.municipality_key = $municipality_key)
  AND list_contains($codes, f.code)
"""


def _findings_sql() -> str:
    # the severity of a code from the parameters $severity_codes / $severity_levels (values never in the text)
    return _FINDINGS_SQL.replace("{severity}", "$severity_levels[list_position($severity_codes, f.code)]")


def _parameters(municipality_key, checks, *, stale_months: int = STALE_MONTHS, z_threshold: float = Z_THRESHOLD,
                min_factor: float = MIN_FACTOR, min_years: int = MIN_YEARS, low_factor: float = LOW_FACTOR,
                high_factor: float = HIGH_FACTOR, min_peers: int = MIN_PEERS) -> dict:
    codes = list(CODES if checks is None else checks)
    unknown = set(codes) - set(CODES)
    if unknown:
        raise ValueError(f"unknown check(s): {sorted(unknown)}; known: {', '.join(CODES)}")
    return {
        "municipality_key": municipality_key, "codes": codes,
        "stale_months": int(stale_months), "z_threshold": float(z_threshold), "min_factor": float(min_factor),
        "min_years": int(min_years), "low_factor": float(low_factor), "high_factor": float(high_factor),
        "min_peers": int(min_peers),
        "heat_carriers": list(HEAT_CARRIERS), "street_lighting": Category.STRASSENBELEUCHTUNG.value,
        "severity_codes": list(SEVERITY), "severity_levels": [SEVERITY[code] for code in SEVERITY],
        "code_order": list(CODES),
        "other": Category.SONSTIGES.value, "tiny": _TINY,
    }


def findings(con, municipality_key: str | None = None, checks: Iterable[str] | None = None, *,
             stale_months: int = STALE_MONTHS, z_threshold: float = Z_THRESHOLD, min_factor: float = MIN_FACTOR,
             min_years: int = MIN_YEARS, low_factor: float = LOW_FACTOR, high_factor: float = HIGH_FACTOR
             ) -> pd.DataFrame:
    """Every finding of the checks (default: all of :data:`CODES`), optionally of one municipality.

    Columns: code, severity, district, municipality, municipality_key, building_id, building,
    category, carrier, period_start, period_end (first days of months), value, reference, score,
    unit, detail — sorted by municipality, building, the order of :data:`CODES`, carrier, period.

    value/reference/score per code: gap — missing months; stale — months since the last value /
    the limit; outlier and zero — the monthly value / the median of its calendar month (/ M);
    implausible_specific — kWh/m²a / the category's typical value (see above) / their ratio, detail ``heat`` or
    ``electricity``, carrier the heat carriers of the year.
    """
    params = _parameters(municipality_key, checks, stale_months=stale_months, z_threshold=z_threshold,
                         min_factor=min_factor, min_years=min_years, low_factor=low_factor,
                         high_factor=high_factor)
    return con.execute(f"""{_findings_sql()}
        ORDER BY municipality, building, list_position($code_order, f.code), f.carrier NULLS FIRST,
                 f.period_start NULLS FIRST, f.detail""", params).df()


def summary(con, municipality_key: str | None = None, checks: Iterable[str] | None = None, *,
            found: pd.DataFrame | None = None, **thresholds) -> pd.DataFrame:
    """Findings per municipality with buildings: district, municipality, municipality_key, buildings,
    buildings_with_findings, findings, and one count column per code of :data:`CODES` (0 for the checks not
    chosen); ``thresholds`` as in :func:`findings`. ``found``: the findings of every check when the caller has
    them already (the page: one query for its summary and its list), else they are computed."""
    params = _parameters(municipality_key, checks, **thresholds)
    if found is None:
        found = findings(con, municipality_key, params["codes"], **thresholds)
    found = found[found["code"].isin(params["codes"])]
    if municipality_key is not None:
        found = found[found["municipality_key"] == municipality_key]
    frame = con.execute("""
        SELECT d.name AS district, mu.name AS municipality, mu.municipality_key, count(*) AS buildings
        FROM municipalities mu
        JOIN districts d ON d.district_key = mu.district_key
        JOIN buildings b ON b.municipality_key = mu.municipality_key
        WHERE $municipality_key IS NULL OR mu.municipality_key = $municipality_key
        GROUP BY ALL ORDER BY municipality""", {"municipality_key": municipality_key}).df()
    grouped = found.groupby("municipality_key")
    counts = pd.DataFrame({"buildings_with_findings": grouped["building_id"].nunique(), "findings": grouped.size()})
    for code in CODES:
        counts[code] = found[found["code"] == code].groupby("municipality_key").size()
    columns = ["buildings_with_findings", "findings", *CODES]
    frame = frame.join(counts[columns], on="municipality_key")
    frame[columns] = frame[columns].fillna(0).astype("int64")
    return frame


def format_month(value, lang: str = "de") -> str:
    """A month as ``05.2024`` (German) or ``2024-05``; missing → ``–``."""
    return formatting.format_month(None if value is None or pd.isna(value) else value, lang)


def message(row, lang: str = "de") -> str:
    """The finding of one row of :func:`findings` in words, numbers in the language's format."""
    code = row["code"]
    start, end = format_month(row["period_start"], lang), format_month(row["period_end"], lang)

    def number(value, decimals: int = 1) -> str:
        return format_number(value, decimals, lang)

    fields = {
        "gap": lambda: dict(count=int(row["value"]), start=start, end=end),
        "outlier": lambda: dict(value=number(row["value"]), unit=row["unit"], month=start,
                                reference=number(row["reference"]), score=number(row["score"])),
        "stale": lambda: dict(count=int(row["value"]), start=start, end=end, limit=int(row["reference"])),
        "zero": lambda: dict(unit=row["unit"], month=start, reference=number(row["reference"])),
        "implausible_specific": lambda: dict(what=texts.t("quality_" + row["detail"], lang),
                                             year=row["period_start"].year, value=number(row["value"]),
                                             reference=number(row["reference"]), score=number(row["score"])),
    }.get(code, dict)()
    return texts.t("quality_msg_" + code, lang, **fields)


def describe(frame: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """The findings for people (same index as ``frame``): district, municipality, building, category,
    check, severity, carrier, period, finding and code, with the column names in ``lang``."""
    def period(start, end) -> str:
        if start is None or pd.isna(start):
            return "–"
        if start == end:
            return format_month(start, lang)
        return f"{format_month(start, lang)} – {format_month(end, lang)}"

    return pd.DataFrame({
        texts.t("col_district", lang): frame["district"],
        texts.t("col_municipality", lang): frame["municipality"],
        texts.t("col_building", lang): frame["building"],
        texts.t("quality_col_category", lang): frame["category"],
        texts.t("quality_col_check", lang): [texts.t("quality_check_" + c, lang) for c in frame["code"]],
        texts.t("quality_col_severity", lang): [texts.t("quality_severity_" + s, lang) for s in frame["severity"]],
        texts.t("col_carrier", lang): frame["carrier"].fillna("–"),
        texts.t("quality_col_period", lang): [period(a, b) for a, b in zip(frame["period_start"], frame["period_end"],
                                                                          strict=True)],
        texts.t("quality_col_finding", lang): [message(row, lang) for row in frame.to_dict("records")],
        texts.t("quality_col_code", lang): frame["code"],
    }, index=frame.index)
