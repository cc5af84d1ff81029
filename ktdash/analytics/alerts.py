"""Alerts (Auffälligkeiten, issue 17): the checks run after an import on the buildings it touched, their findings
kept in the table ``alerts`` with a stable key, an inbox per climate manager with acknowledgement.

One set of rules with the Datenqualität page: the rules ``stale`` and ``outlier`` ARE :func:`ktdash.analytics.quality.
findings` (called, same thresholds: :data:`ktdash.analytics.quality.STALE_MONTHS`, ``Z_THRESHOLD``, ``MIN_FACTOR``), so
the page and the inbox never disagree. Two rules are added here:

``weather_band``
    A monthly value outside the 90 % prediction band of the weather model fitted on the 12 months before it
    (:func:`ktdash.analytics.savings.fit_baseline`, kWh = a·days + b·G20/15; at least 11 of the 12 months, as the
    savings baseline; :meth:`~ktdash.analytics.savings.BaselineModel.prediction_band`) and at least
    :data:`BAND_MIN_DEVIATION` away from the prediction (of the baseline's average month at least). Checked for
    the months from the first month the import touched on; heat carriers only (electricity and water follow no
    degree days: quality's outlier rule covers them), and only where the model passes the savings' sufficiency
    rules (R² ≥ 0.75, CV(RMSE) ≤ 15 %, b ≥ 0): a band the weather does not explain flags nothing.
``base_load_jump``
    A load profile whose base load — the median over :data:`BASE_LOAD_DAYS` days of each day's smallest interval
    value — rose by more than :data:`BASE_LOAD_RISE` against the :data:`BASE_LOAD_DAYS` days before (the last
    2 × 14 days of the meter; days by their UTC date).

Key of a finding: (building, subject, code, month) — subject the carrier (monthly series) or the meter number
(load profile); month the month the finding is about (for ``stale`` the first month without a value, for
``base_load_jump`` the month of the first day of the later window). The same key is stored once, an acknowledged
one keeps its row and never comes back. Refusals are :class:`AlertRefused` with a code; texts in the catalogs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import pandas as pd

from ktdash.access import audit
from ktdash.access.permissions import Role, User
from ktdash.analytics import quality, savings
from ktdash.analytics.rollup import BUILDING_MONTHS_SQL
from ktdash.core.formatting import format_date, format_number
from ktdash.i18n import texts
from ktdash.store.connection import next_ids, transaction

QUALITY_CODES = ("stale", "outlier")  # the rules shared with the Datenqualität page
WEATHER_BAND = "weather_band"
BASE_LOAD_JUMP = "base_load_jump"
CODES = (*QUALITY_CODES, WEATHER_BAND, BASE_LOAD_JUMP)

BAND_MIN_DEVIATION = 0.25
"""**Assumption**: a month outside the 90 % band is an alert only when it also differs from the prediction by at
least 25 %: a 90 % band leaves one normal month in ten outside it; the materiality rule keeps the inbox to months a
person should look at (as :data:`ktdash.analytics.quality.MIN_FACTOR` does for outliers)."""

BASE_LOAD_DAYS = 14
BASE_LOAD_MIN_DAYS = 12  # days with values needed in each window
BASE_LOAD_RISE = 0.5
"""**Assumption**: a base load more than 50 % above the two weeks before is a jump (a pump, a heater or lights left
on around the clock); not taken from a standard."""

REFUSALS = ("unknown_alert", "not_allowed", "already_acknowledged", "comment_missing")

_MESSAGES = {WEATHER_BAND: "alert_msg_weather_band", BASE_LOAD_JUMP: "alert_msg_base_load_jump"}
_COLUMNS = ("building_id", "municipality_key", "subject", "code", "month", "period_end", "value", "reference", "low",
            "high", "score", "unit")


class AlertRefused(Exception):
    """An acknowledgement refused: ``code`` one of :data:`REFUSALS`; nothing was changed."""

    def __init__(self, code: str, alert_id: int | None = None):
        self.code, self.alert_id = code, alert_id
        super().__init__(code)

    def message(self, lang: str = "de") -> str:
        key = {"unknown_alert": "alert_refused_unknown_alert", "not_allowed": "alert_refused_not_allowed",
               "already_acknowledged": "alert_refused_already_acknowledged",
               "comment_missing": "alert_refused_comment_missing"}[self.code]
        return texts.t(key, lang, number=self.alert_id)


# --- what an import touched -----------------------------------------------------------------------------------------

_TOUCHED_SQL = """
SELECT building_id, carrier, min(month) AS first_month FROM (
    SELECT c.building_id, c.carrier, date_trunc('month', c.period_start)::DATE AS month
    FROM consumptions c WHERE c.import_id = $import_id
    UNION ALL
    SELECT m.building_id, m.carrier, date_trunc('month', min(r.ts))::DATE
    FROM readings r JOIN meters m USING (meter_id) WHERE r.import_id = $import_id GROUP BY ALL
) GROUP BY ALL ORDER BY ALL"""


def touched(con, import_id: int) -> list[tuple[int, str, date]]:
    """(building, carrier, first month) of every series the import stored values of."""
    return [tuple(row) for row in con.execute(_TOUCHED_SQL, {"import_id": import_id}).fetchall()]


# --- the rules ------------------------------------------------------------------------------------------------------

def quality_alerts(con, building_ids: Iterable[int]) -> list[dict]:
    """The findings of :data:`QUALITY_CODES` of :func:`ktdash.analytics.quality.findings` for these buildings."""
    ids = set(building_ids)
    found = quality.findings(con, checks=QUALITY_CODES)
    found = found[found["building_id"].isin(ids)]
    return [{"building_id": int(r["building_id"]), "municipality_key": r["municipality_key"],
             "subject": r["carrier"], "code": r["code"], "month": r["period_start"], "period_end": r["period_end"],
             "value": r["value"], "reference": r["reference"], "low": None, "high": None, "score": r["score"],
             "unit": r["unit"]} for r in found.to_dict("records")]


def band_findings(series: list[savings.MonthValue], first_month: date,
                  rules: savings.Rules = savings.DEFAULT_RULES) -> list[dict]:
    """The months from ``first_month`` on outside the weather model's band (pure; see ``weather_band``)."""
    by_index = {savings.month_index(v.month): v for v in series}
    found = []
    for index in sorted(i for i in by_index if i >= savings.month_index(first_month)):
        month = by_index[index]
        if month.kwh is None or month.g is None:
            continue
        points = [savings.Point(savings.days_in(v.month), v.g, v.kwh)
                  for v in (by_index.get(i) for i in range(index - rules.baseline_months, index))
                  if v is not None and v.kwh is not None and v.g is not None]
        if len(points) < rules.baseline_months - rules.max_missing_per_year:
            continue
        model = savings.fit_baseline(points)
        if model is None or any(f.blocking for f in savings.model_findings(model, rules)):
            continue  # no model, or one the weather does not explain (R², CV(RMSE), b < 0): no band to be outside of
        days = savings.days_in(month.month)
        low, high = model.prediction_band(days, month.g)
        predicted = model.predict(days, month.g)
        outside = month.kwh < low or month.kwh > high
        # and far off: 25 % of the prediction, but of an average month at least (a summer month's hot water alone
        # is small, a few hundred kWh off are not news)
        if outside and abs(month.kwh - predicted) >= BAND_MIN_DEVIATION * max(abs(predicted), model.mean_kwh):
            found.append({"month": savings.month_start(index), "value": month.kwh, "reference": predicted,
                          "low": low, "high": high})
    return found


# The monthly series (monthly_rollup with the station's G20/15: savings.monthly_series, the same station choice as
# the weather normalisation) of many buildings in one query: one query per series took 40 ms on the demo.
_AFFECTED = "(SELECT DISTINCT building_id FROM unnest($building_ids) AS t(building_id))"
_SERIES_SQL = ("WITH climate AS (" + BUILDING_MONTHS_SQL.format(affected=_AFFECTED) + """)
SELECT r.building_id, b.municipality_key, r.carrier, r.month, r.value, c.g_actual
FROM monthly_rollup r JOIN buildings b USING (building_id)
LEFT JOIN climate c ON c.building_id = r.building_id AND c.month = r.month
WHERE list_contains($building_ids, r.building_id)
ORDER BY r.building_id, r.carrier, r.month""")


def _series(con, building_ids: list[int]) -> dict[tuple[int, str], tuple[str, list[savings.MonthValue]]]:
    """{(building, carrier): (municipality key, months)} of these buildings."""
    series: dict[tuple[int, str], tuple[str, list[savings.MonthValue]]] = {}
    if not building_ids:
        return series
    for building_id, key, carrier, month, value, g in con.execute(
            _SERIES_SQL, {"building_ids": building_ids}).fetchall():
        series.setdefault((building_id, carrier), (key, []))[1].append(savings.MonthValue(month, value, g))
    return series


def weather_alerts(con, series_touched: Iterable[tuple[int, str, date]]) -> list[dict]:
    series_touched = list(series_touched)
    series = _series(con, sorted({b for b, _, _ in series_touched}))
    found = []
    for building_id, carrier, first_month in series_touched:
        if carrier in savings.WEATHER_INDEPENDENT:
            continue  # electricity and water: the weather explains nothing to be outside of (quality's outlier rule)
        key, months = series.get((building_id, carrier), (None, []))
        for row in band_findings(months, first_month):
            found.append({"building_id": building_id, "municipality_key": key, "subject": carrier,
                          "code": WEATHER_BAND, "period_end": row["month"], "score": None,
                          "unit": "m³" if carrier == "Wasser" else "kWh", **row})
    return found


_BASE_LOAD_SQL = """
WITH daily AS (
    SELECT r.meter_id, r.ts::DATE AS day, min(r.value * m.factor) AS lowest
    FROM readings r JOIN meters m USING (meter_id)
    WHERE NOT m.cumulative AND m.building_id = $building_id
    GROUP BY ALL
), last AS (
    SELECT meter_id, max(day) AS last_day FROM daily GROUP BY ALL
), windows AS (
    SELECT d.meter_id, d.lowest, l.last_day,
           CASE WHEN d.day > l.last_day - $days THEN 'recent' ELSE 'before' END AS part
    FROM daily d JOIN last l USING (meter_id)
    WHERE d.day > l.last_day - 2 * $days
), medians AS (
    SELECT meter_id, last_day,
           median(lowest) FILTER (part = 'recent') AS recent, count(*) FILTER (part = 'recent') AS recent_days,
           median(lowest) FILTER (part = 'before') AS before, count(*) FILTER (part = 'before') AS before_days
    FROM windows GROUP BY ALL
)
SELECT m.number, date_trunc('month', x.last_day - ($days - 1))::DATE AS month, x.last_day, x.recent, x.before
FROM medians x JOIN meters m USING (meter_id)
WHERE x.recent_days >= $min_days AND x.before_days >= $min_days AND x.before > 0
  AND x.recent > (1 + $jump) * x.before
ORDER BY m.number"""


def base_load_alerts(con, building_ids: Iterable[int]) -> list[dict]:
    found = []
    for building_id in sorted(set(building_ids)):
        key = con.execute("SELECT municipality_key FROM buildings WHERE building_id = ?", [building_id]).fetchone()[0]
        rows = con.execute(_BASE_LOAD_SQL, {"building_id": building_id, "days": BASE_LOAD_DAYS,
                                            "min_days": BASE_LOAD_MIN_DAYS, "jump": BASE_LOAD_RISE}).fetchall()
        found += [{"building_id": building_id, "municipality_key": key, "subject": number, "code": BASE_LOAD_JUMP,
                   "month": month, "period_end": last_day, "value": recent, "reference": before, "low": None,
                   "high": None, "score": recent / before - 1, "unit": "kWh"}
                  for number, month, last_day, recent, before in rows]
    return found


# --- storing --------------------------------------------------------------------------------------------------------

_TYPES = {"alert_id": "INTEGER", "building_id": "INTEGER", "month": "DATE", "period_end": "DATE", "value": "DOUBLE",
          "reference": "DOUBLE", "low": "DOUBLE", "high": "DOUBLE", "score": "DOUBLE"}  # the others: VARCHAR


def _unnest(columns) -> str:
    """The rows of one list parameter per column (``$building_id``, …) as a subquery's select list."""
    return ", ".join(f'unnest(${c}::{_TYPES.get(c, "VARCHAR")}[]) AS {c}' for c in columns)


# The findings whose key (building, subject, rule, month) is not stored yet, in key order (a list parameter per
# column; a key found twice in one check is stored once) …
_NEW_SQL = f"""
SELECT {', '.join(_COLUMNS)} FROM (SELECT {_unnest(_COLUMNS)}) f
WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.building_id = f.building_id AND a.subject = f.subject
                                            AND a.code = f.code AND a.month = f.month)
QUALIFY row_number() OVER (PARTITION BY building_id, subject, code, month) = 1
ORDER BY building_id, subject, code, month"""
# … stored with the numbers taken for them first (no INSERT … RETURNING: a PostgreSQL store refuses it,
# ktdash.store.connection.next_ids).
_INSERT_SQL = f"""
INSERT INTO alerts (alert_id, {', '.join(_COLUMNS)}, import_id)
SELECT *, $import_id FROM (SELECT {_unnest(("alert_id", *_COLUMNS))})"""


def _plain(value):
    """A finding's value as the list parameter takes it: None for a missing one, dates as dates."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def store_findings(con, found: list[dict], import_id: int | None = None, user=None, *,
                   audit_each: bool = True) -> list[int]:
    """Store the findings whose key is not stored yet (acknowledged or not), each with an audit row
    ``alert_found`` by ``user`` (who imported) unless ``audit_each`` is False (a check of the whole store writes one
    row ``alert_check`` instead); their new numbers."""
    if not found:
        return []
    columns = {c: [_plain(row[c]) for row in found] for c in _COLUMNS}
    with transaction(con):
        new = con.execute(_NEW_SQL, columns).fetchall()
        ids = next_ids(con, "seq_alert", len(new))
        if new:
            con.execute(_INSERT_SQL, {c: [row[i] for row in new] for i, c in enumerate(_COLUMNS)}
                        | {"alert_id": ids, "import_id": import_id})
        for alert_id, row in zip(ids, new, strict=True) if audit_each else ():
            finding = dict(zip(_COLUMNS, row, strict=True))
            audit.record(con, user, "alert_found", finding["municipality_key"], object=alert_id,
                         detail={c: finding[c] for c in ("code", "building_id", "subject", "month")}
                         | {"import_id": import_id})
    return ids


def check_after_import(con, import_id: int) -> list[int]:
    """Run every rule on the buildings the import touched and store the new findings (audited as by the import's
    user); ``stale`` also for the other buildings of the import's municipality (a new month makes their series
    older). Returns the new alert numbers."""
    series = touched(con, import_id)
    building_ids = {b for b, _, _ in series} | {b for (b,) in con.execute(
        "SELECT building_id FROM buildings WHERE created_by_import = ?", [import_id]).fetchall()}
    row = con.execute("SELECT municipality_key FROM imports WHERE import_id = ?", [import_id]).fetchone()
    found = [f for f in quality_alerts(con, building_ids | _municipality_buildings(con, row))
             if f["building_id"] in building_ids or f["code"] == "stale"]
    profiled = {b for (b,) in con.execute(  # load profiles (interval values) of this import: the base-load rule
        "SELECT DISTINCT m.building_id FROM readings r JOIN meters m USING (meter_id) "
        "WHERE r.import_id = ? AND NOT m.cumulative", [import_id]).fetchall()}
    found += weather_alerts(con, series) + base_load_alerts(con, profiled)
    importer = con.execute("SELECT user_name FROM imports WHERE import_id = ?", [import_id]).fetchone()
    return store_findings(con, found, import_id, importer[0] if importer else None)


def forget_import(con, import_id: int) -> int:
    """An undone import's open findings go (its values are gone); acknowledged ones stay as the record of who
    looked at what. Returns how many went."""
    with transaction(con):
        ids = [a for (a,) in con.execute("SELECT alert_id FROM alerts WHERE import_id = $import_id "
                                         "AND acknowledged_at IS NULL", {"import_id": import_id}).fetchall()]
        con.execute("DELETE FROM alert_mailings WHERE list_contains($ids, alert_id)", {"ids": ids})
        con.execute("DELETE FROM alerts WHERE list_contains($ids, alert_id)", {"ids": ids})
    return len(ids)


def _municipality_buildings(con, row) -> set[int]:
    if row is None:
        return set()
    return {b for (b,) in con.execute("SELECT building_id FROM buildings WHERE municipality_key = ?",
                                      [row[0]]).fetchall()}


def check_all(con, user=None) -> list[int]:
    """Every rule on every building (the CLI's ``ktdash alerts check`` by an admin, ``user``; a first run on an
    existing store); the new alert numbers."""
    building_ids = {b for (b,) in con.execute("SELECT building_id FROM buildings").fetchall()}
    series = con.execute("SELECT building_id, carrier, min(month) + INTERVAL 12 MONTH FROM monthly_rollup "
                         "GROUP BY ALL ORDER BY ALL").fetchall()
    found = quality_alerts(con, building_ids) + weather_alerts(con, [(b, c, m.date() if isinstance(m, datetime)
                                                                       else m) for b, c, m in series])
    with transaction(con):
        new = store_findings(con, found + base_load_alerts(con, building_ids), user=user, audit_each=False)
        audit.record(con, user, "alert_check", detail={"found": len(new)})
    return new


# --- inbox ----------------------------------------------------------------------------------------------------------

def sees_all(user: User | None) -> bool:
    return user is not None and not user.disabled and user.role == Role.ADMIN


def may_handle(user: User | None, municipality_key: str) -> bool:
    """An admin, or a manager of that municipality."""
    if user is None or user.disabled:
        return False
    return user.role == Role.ADMIN or (user.role == Role.MANAGER and municipality_key in user.municipalities)


_INBOX_SQL = """
SELECT a.alert_id, a.code, d.name AS district, mu.name AS municipality, a.municipality_key, a.building_id,
       b.name AS building, a.subject, a.month, a.period_end, a.value, a.reference, a.low, a.high, a.score, a.unit,
       a.found_at, a.acknowledged_by, a.acknowledged_at, a.comment
FROM alerts a
JOIN buildings b USING (building_id)
JOIN municipalities mu ON mu.municipality_key = a.municipality_key
JOIN districts d ON d.district_key = mu.district_key
WHERE ($all OR list_contains($keys, a.municipality_key))
  AND ($acknowledged OR a.acknowledged_at IS NULL)
  AND ($not_mailed_to IS NULL OR a.alert_id NOT IN (SELECT alert_id FROM alert_mailings
                                                     WHERE user_name = $not_mailed_to))
ORDER BY municipality, building, list_position($codes, a.code), a.subject, a.month"""


def inbox(con, user: User | None, *, acknowledged: bool = False, not_mailed: bool = False) -> pd.DataFrame:
    """The open findings of the user's municipalities (an admin: all; anyone else: none); ``acknowledged``: the
    acknowledged ones too; ``not_mailed``: only those not yet in a digest to this user."""
    keys = sorted(user.municipalities) if user is not None and user.role == Role.MANAGER and not user.disabled else []
    return con.execute(_INBOX_SQL, {"all": sees_all(user), "keys": keys, "acknowledged": acknowledged,
                                    "not_mailed_to": user.name if not_mailed and user is not None else None,
                                    "codes": list(CODES)}).df()


MODEL_CODES = (WEATHER_BAND, BASE_LOAD_JUMP)  # the alert rules the quality checks do not have


def model_findings(con) -> pd.DataFrame:
    """Every stored finding of the rules of :data:`MODEL_CODES`, open or acknowledged (the Datenqualität page lists
    them beside its own checks, so that the page and the inbox never disagree); columns of :func:`inbox`."""
    frame = con.execute(_INBOX_SQL, {"all": True, "keys": [], "acknowledged": True, "not_mailed_to": None,
                                     "codes": list(CODES)}).df()
    return frame[frame["code"].isin(MODEL_CODES)].reset_index(drop=True)


def acknowledge(con, user: User | None, alert_id: int, comment: str = "", *, now: datetime | None = None,
                require_comment: bool = False) -> None:
    """Acknowledge an open finding (who, when, comment) with an audit row; :class:`AlertRefused` and nothing changed
    when it is unknown, already acknowledged, not the user's municipality, or (``require_comment``: the inbox page
    and the CLI) without a comment."""
    row = con.execute("SELECT municipality_key, acknowledged_at FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()
    if row is None:
        raise AlertRefused("unknown_alert", alert_id)
    if not may_handle(user, row[0]):
        raise AlertRefused("not_allowed", alert_id)
    if row[1] is not None:
        raise AlertRefused("already_acknowledged", alert_id)
    comment = (comment or "").strip()
    if require_comment and not comment:
        raise AlertRefused("comment_missing", alert_id)
    with transaction(con):
        con.execute("UPDATE alerts SET acknowledged_by = $user, acknowledged_at = coalesce($now, current_timestamp), "
                    "comment = $comment WHERE alert_id = $alert_id",
                    {"user": user.name, "now": now, "comment": comment or None, "alert_id": alert_id})
        audit.record(con, user, "alert_acknowledge", row[0], object=alert_id, detail={"comment": comment or ""})


# --- words ----------------------------------------------------------------------------------------------------------

def message(row, lang: str = "de") -> str:
    """One finding (a row of :func:`inbox`) in words; the shared rules in the Datenqualität page's words."""
    if row["code"] in QUALITY_CODES:
        return quality.message({**row, "period_start": row["month"]}, lang)

    def number(value, decimals: int = 1) -> str:
        return format_number(value, decimals, lang)

    if row["code"] == WEATHER_BAND:
        fields = dict(value=number(row["value"], 0), unit=row["unit"], month=quality.format_month(row["month"], lang),
                      low=number(row["low"], 0), high=number(row["high"], 0), reference=number(row["reference"], 0))
    else:
        fields = dict(meter=row["subject"], value=number(row["value"], 2), reference=number(row["reference"], 2),
                      percent=number(100 * row["score"], 0), days=BASE_LOAD_DAYS,
                      end=format_date(row["period_end"], lang))
    return texts.t(_MESSAGES[row["code"]], lang, **fields)


def check_name(code: str, lang: str = "de") -> str:
    key = {"stale": "quality_check_stale", "outlier": "quality_check_outlier", WEATHER_BAND: "alert_check_weather_band",
           BASE_LOAD_JUMP: "alert_check_base_load_jump"}[code]
    return texts.t(key, lang)
