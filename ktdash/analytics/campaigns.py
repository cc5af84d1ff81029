"""Figures of the network's campaigns: reach, cost, formats, topics, timeline, outcomes.

Every figure is one SQL statement over the stored rows (``activities``, ``campaigns``,
``campaign_members``, ``pv_units``) and the master data; pandas only carries the result.

Definitions (each has a hand-computed unit test in ``tests/test_campaign_metrics.py``):

* **Reach** of an area = the sums of participants, registrations, consultations, page views,
  leads and known implemented measures of the activities held in its municipalities (a
  district counts its municipalities and its Kreisverwaltung). A figure not recorded
  (empty cell) is not counted as 0: a sum over only empty cells stays empty.
* **Per 1,000 inhabitants** = reach × 1,000 / population (municipality, or district for a
  district; population and its date from ``sample_data/master``). A Kreisverwaltung as owner
  has no inhabitants of its own, so it has no per-capita figure.
* **Cost per participant** = Σ cost / Σ participants over the activities where *both* are
  recorded; **cost per consultation** likewise with consultations. Empty where the divisor is 0.
* **Online / in person**: participants of activities with format ``online``, ``Präsenz``,
  ``hybrid`` (hybrid is its own group, never split).
* **Photovoltaic additions** = solar units of the Marktstammdatenregister (Bundesnetzagentur,
  Marktstammdatenregister, public unit export; data licence Germany – attribution – 2.0) by
  the year of their commissioning date (Inbetriebnahmedatum), counted for the municipality
  that owns their Gemeindeschlüssel (``places``); kWp = the unit's gross power
  (Bruttoleistung, for solar units the installed module power). Units decommissioned since
  stay counted in the year they were added.
* **Before/after comparison** of a photovoltaic campaign (difference in differences, Angrist &
  Pischke 2009, *Mostly Harmless Econometrics*, ch. 5.2; Card & Krueger 1994): with the window
  W (default 12 months), *before* = the W months before the campaign's start, *after* = the W
  months from its start. For the campaign's participating municipalities and for the
  comparison group — every municipality with inhabitants that took part in **no**
  photovoltaic campaign overlapping the two windows — the rate r = units × 1,000 / population
  in each window; change = r_after − r_before; difference = change(participants) −
  change(comparison). Descriptive, not proof of cause: municipalities choose to take part.
  Not computed while the register data end before the after window does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from ktdash.core.campaign_vocabulary import Topic

COUNT_COLUMNS = ("participants", "registrations", "consultations", "page_views", "leads", "outcomes")


@dataclass(frozen=True)
class CampaignSelection:
    """What a page or export looks at. Empty tuples mean "all"."""

    years: tuple[int, ...] = ()  # years of the activities
    topics: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # district keys
    campaign_id: str | None = None
    as_of: date | None = None  # activities after this day are planned, not held (default: today)

    def params(self) -> dict:
        return {"years": list(self.years), "topics": list(self.topics), "districts": list(self.districts),
                "campaign": self.campaign_id, "as_of": self.as_of or date.today()}


ACTIVITIES_SQL = """
    SELECT a.*, year(a.activity_date) AS year, c.name AS campaign_name, c.topic,
           mu.name AS municipality, mu.population AS municipality_population, mu.kind AS municipality_kind,
           mu.district_key, d.name AS district, d.population AS district_population,
           a.activity_date > $as_of AS planned
    FROM activities a
    JOIN campaigns c USING (campaign_id)
    JOIN municipalities mu USING (municipality_key)
    JOIN districts d ON d.district_key = mu.district_key
    WHERE (len($years) = 0 OR list_contains($years, year(a.activity_date)))
      AND (len($topics) = 0 OR list_contains($topics, c.topic))
      AND (len($districts) = 0 OR list_contains($districts, mu.district_key))
      AND ($campaign IS NULL OR a.campaign_id = $campaign)
"""

REACH_AGGREGATES = """
    count(*) AS activities,
    count(*) FILTER (WHERE NOT planned) AS activities_held,
    sum(participants) AS participants,
    sum(registrations) AS registrations,
    sum(consultations) AS consultations,
    sum(page_views) AS page_views,
    sum(leads) AS leads,
    sum(outcomes) AS outcomes,
    sum(cost_eur) AS cost_eur,
    sum(cost_eur) FILTER (WHERE participants IS NOT NULL)
        / nullif(sum(participants) FILTER (WHERE cost_eur IS NOT NULL), 0) AS cost_per_participant,
    sum(cost_eur) FILTER (WHERE consultations IS NOT NULL)
        / nullif(sum(consultations) FILTER (WHERE cost_eur IS NOT NULL), 0) AS cost_per_consultation,
    sum(participants) FILTER (WHERE format = 'online') AS participants_online,
    sum(participants) FILTER (WHERE format = 'Präsenz') AS participants_in_person,
    sum(participants) FILTER (WHERE format = 'hybrid') AS participants_hybrid,
    string_agg(DISTINCT topic, ', ' ORDER BY topic) AS topics
"""

REACH_COLUMNS = ["activities", "activities_held", "participants", "registrations", "consultations", "page_views",
                 "leads", "outcomes", "cost_eur", "cost_per_participant", "cost_per_consultation",
                 "participants_online", "participants_in_person", "participants_hybrid", "topics"]


def _run(con, sql: str, selection: CampaignSelection, **extra) -> pd.DataFrame:
    params = {name: value for name, value in (selection.params() | extra).items()
              if re.search(rf"\${name}\b", sql)}
    return con.execute(sql, params).df()


def campaign_options(con) -> dict:
    """What the campaign pages' filters offer: the years with activities, the years campaigns or activities
    span (the annual plan), the topics of the stored campaigns (in the vocabulary's order), the districts, the
    number of campaigns and the reference dates of the population figures."""
    activity_years = [r[0] for r in con.execute(
        "SELECT DISTINCT year(activity_date) FROM activities ORDER BY 1 DESC").fetchall()]
    plan_years = [r[0] for r in con.execute("""
        SELECT DISTINCT y FROM (
            SELECT unnest(range(year(start_date), year(end_date) + 1)) AS y FROM campaigns
            UNION SELECT year(activity_date) FROM activities) ORDER BY 1 DESC""").fetchall()]
    present = {r[0] for r in con.execute("SELECT DISTINCT topic FROM campaigns").fetchall()}
    return {
        "years": activity_years,
        "plan_years": plan_years,
        "topics": [t.value for t in Topic if t.value in present],
        "districts": dict(con.execute("SELECT district_key, name FROM districts ORDER BY name").fetchall()),
        "campaigns": con.execute("SELECT count(*) FROM campaigns").fetchone()[0],
        "population_dates": [r[0] for r in con.execute("""
            SELECT DISTINCT population_date FROM (SELECT population_date FROM municipalities
                                                  UNION SELECT population_date FROM districts)
            WHERE population_date IS NOT NULL ORDER BY 1""").fetchall()],
    }


def reach_by_district(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """One row per district of the region (also those without activities): reach, per 1,000, cost."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL}),
        agg AS (SELECT district_key, {REACH_AGGREGATES} FROM a GROUP BY district_key)
        SELECT d.district_key AS key, d.name, d.population, d.population_date,
               {', '.join(f'coalesce(agg.{c}, 0) AS {c}' if c in ('activities', 'activities_held') else f'agg.{c}'
                          for c in REACH_COLUMNS)},
               agg.participants * 1000.0 / d.population AS participants_per_1000,
               agg.consultations * 1000.0 / d.population AS consultations_per_1000
        FROM districts d LEFT JOIN agg USING (district_key)
        WHERE len($districts) = 0 OR list_contains($districts, d.district_key)
        ORDER BY d.name"""
    return _run(con, sql, selection)


def reach_by_municipality(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """One row per municipality with inhabitants (and each Kreisverwaltung with activities)."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL}),
        agg AS (SELECT municipality_key, {REACH_AGGREGATES} FROM a GROUP BY municipality_key)
        SELECT mu.municipality_key AS key, mu.name, d.name AS district, mu.population, mu.population_date,
               {', '.join(f'coalesce(agg.{c}, 0) AS {c}' if c in ('activities', 'activities_held') else f'agg.{c}'
                          for c in REACH_COLUMNS)},
               agg.participants * 1000.0 / mu.population AS participants_per_1000,
               agg.consultations * 1000.0 / mu.population AS consultations_per_1000
        FROM municipalities mu JOIN districts d ON d.district_key = mu.district_key
        LEFT JOIN agg USING (municipality_key)
        WHERE (mu.population IS NOT NULL OR agg.activities IS NOT NULL)
          AND (len($districts) = 0 OR list_contains($districts, mu.district_key))
        ORDER BY d.name, mu.kind = 'Landkreis' DESC, mu.name"""
    return _run(con, sql, selection)


def reach_totals(con, selection: CampaignSelection = CampaignSelection()) -> pd.Series:
    """The reach figures of every selected activity together (the key figures above a page)."""
    sql = f"WITH a AS ({ACTIVITIES_SQL}) SELECT {REACH_AGGREGATES} FROM a"
    return _run(con, sql, selection).iloc[0]


def format_split(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """Per district and format (online, Präsenz, hybrid): activities held and participants."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL})
        SELECT district, format, count(*) AS activities, sum(participants) AS participants
        FROM a WHERE NOT planned GROUP BY district, format ORDER BY district, format"""
    return _run(con, sql, selection)


def topic_coverage(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """Per district and topic: activities (held and planned) and participants — which topics each district covered."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL})
        SELECT district, topic, count(*) AS activities, sum(participants) AS participants
        FROM a GROUP BY district, topic ORDER BY district, topic"""
    return _run(con, sql, selection)


def timeline(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """Per month and topic: activities and participants."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL})
        SELECT date_trunc('month', activity_date)::DATE AS month, topic, count(*) AS activities,
               sum(participants) AS participants, bool_and(planned) AS planned
        FROM a GROUP BY month, topic ORDER BY month, topic"""
    return _run(con, sql, selection)


def campaign_table(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """One row per campaign (overlapping the selected years): lead, period, members, reach and cost."""
    reach = ", ".join(f"agg.{c}" if c not in ("activities", "activities_held") else f"coalesce(agg.{c}, 0) AS {c}"
                      for c in REACH_COLUMNS if c != "topics")
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL}),
        agg AS (SELECT campaign_id, {REACH_AGGREGATES} FROM a GROUP BY campaign_id),
        members AS (
            SELECT cm.campaign_id, count(*) AS members, sum(mu.population) AS members_population,
                   string_agg(DISTINCT mu.district_key, ',') AS member_districts
            FROM campaign_members cm JOIN municipalities mu USING (municipality_key) GROUP BY cm.campaign_id)
        SELECT c.campaign_id, c.name, c.topic, coalesce(lm.name, ld.name, c.lead_key) AS lead, c.description,
               coalesce(lm.district_key, ld.district_key) AS lead_district_key,
               c.start_date, c.end_date, coalesce(m.members, 0) AS members, m.members_population, {reach},
               agg.participants * 1000.0 / m.members_population AS participants_per_1000
        FROM campaigns c
        LEFT JOIN agg USING (campaign_id) LEFT JOIN members m USING (campaign_id)
        LEFT JOIN municipalities lm ON lm.municipality_key = c.lead_key
        LEFT JOIN districts ld ON ld.district_key = c.lead_key AND lm.municipality_key IS NULL
        WHERE (len($years) = 0 OR EXISTS (SELECT 1 FROM unnest($years) y(y)
                                          WHERE y.y BETWEEN year(c.start_date) AND year(c.end_date)))
          AND (len($topics) = 0 OR list_contains($topics, c.topic))
          AND (len($districts) = 0 OR list_has_any($districts, string_split(coalesce(m.member_districts, ''), ','))
               OR list_contains($districts, coalesce(lm.district_key, ld.district_key)))
          AND ($campaign IS NULL OR c.campaign_id = $campaign)
        ORDER BY c.start_date, c.campaign_id"""
    return _run(con, sql, selection)


def campaign_members(con, campaign_id: str) -> pd.DataFrame:
    return con.execute("""
        SELECT mu.municipality_key AS key, mu.name, d.name AS district, mu.population
        FROM campaign_members cm JOIN municipalities mu USING (municipality_key)
        JOIN districts d ON d.district_key = mu.district_key
        WHERE cm.campaign_id = ? ORDER BY d.name, mu.name""", [campaign_id]).df()


def activity_list(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """The activities themselves, newest first."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL})
        SELECT activity_date, campaign_id, campaign_name, topic, district, municipality, format, kind, title,
               cost_eur, {', '.join(COUNT_COLUMNS)}, planned
        FROM a ORDER BY activity_date DESC, municipality, kind, title"""
    return _run(con, sql, selection)


# --- outcomes: photovoltaic additions --------------------------------------------------------------------------

PV_SQL = """
    SELECT p.municipality_key, year(p.commissioned) AS year, count(*) AS units, sum(p.gross_kw) AS kwp,
           count(*) FILTER (WHERE p.plug_in) AS plug_in_units
    FROM pv_units p GROUP BY ALL
"""


def pv_additions(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """Per municipality and year: photovoltaic additions (units, kWp, per 1,000 inhabitants) side by side with
    the photovoltaic campaign activity in the same municipality and year."""
    sql = f"""
        WITH a AS ({ACTIVITIES_SQL}),
        pv AS ({PV_SQL}),
        act AS (SELECT municipality_key, year, count(*) AS pv_activities, sum(participants) AS pv_participants,
                       sum(consultations) AS pv_consultations
                FROM a WHERE topic = $pv_topic AND NOT planned GROUP BY ALL)
        SELECT mu.municipality_key AS key, mu.name, d.name AS district, pv.year, mu.population,
               pv.units, pv.kwp, pv.plug_in_units,
               pv.units * 1000.0 / mu.population AS units_per_1000, pv.kwp * 1000.0 / mu.population AS kwp_per_1000,
               coalesce(act.pv_activities, 0) AS pv_activities, act.pv_participants, act.pv_consultations
        FROM pv JOIN municipalities mu USING (municipality_key) JOIN districts d ON d.district_key = mu.district_key
        LEFT JOIN act USING (municipality_key, year)
        WHERE (len($years) = 0 OR list_contains($years, pv.year))
          AND (len($districts) = 0 OR list_contains($districts, mu.district_key))
        ORDER BY d.name, mu.name, pv.year"""
    return _run(con, sql, selection.__class__(years=selection.years, districts=selection.districts,
                                              as_of=selection.as_of), pv_topic=Topic.PHOTOVOLTAIK.value)


def pv_by_district(con, selection: CampaignSelection = CampaignSelection()) -> pd.DataFrame:
    """Per district and year: photovoltaic additions and per 1,000 inhabitants."""
    sql = f"""
        WITH pv AS ({PV_SQL})
        SELECT d.district_key AS key, d.name, pv.year, d.population, sum(pv.units) AS units, sum(pv.kwp) AS kwp,
               sum(pv.plug_in_units) AS plug_in_units,
               sum(pv.units) * 1000.0 / d.population AS units_per_1000,
               sum(pv.kwp) * 1000.0 / d.population AS kwp_per_1000
        FROM pv JOIN municipalities mu USING (municipality_key) JOIN districts d ON d.district_key = mu.district_key
        WHERE (len($years) = 0 OR list_contains($years, pv.year))
          AND (len($districts) = 0 OR list_contains($districts, d.district_key))
        GROUP BY d.district_key, d.name, pv.year, d.population ORDER BY d.name, pv.year"""
    return _run(con, sql, selection)


def register_until(con) -> date | None:
    """The newest commissioning date in the store: how far the register data reach."""
    return con.execute("SELECT max(commissioned) FROM pv_units").fetchone()[0]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30,
            31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))


@dataclass
class BeforeAfter:
    """The before/after comparison of one photovoltaic campaign (see the module docstring)."""

    campaign_id: str
    window_months: int
    before_start: date
    before_end: date
    after_start: date
    after_end: date
    data_until: date | None
    groups: pd.DataFrame  # group (members | comparison), municipalities, population, units/kwp before/after, rates
    municipalities: pd.DataFrame = field(default_factory=pd.DataFrame)
    difference: float | None = None  # change(members) − change(comparison), units per 1,000 inhabitants

    @property
    def complete(self) -> bool:
        return self.data_until is not None and self.data_until >= self.after_end


def before_after(con, campaign_id: str, window_months: int = 12) -> BeforeAfter | None:
    """Photovoltaic additions before and after a photovoltaic campaign, participants against the comparison
    group. None for a campaign of another topic or an unknown one."""
    row = con.execute("SELECT topic, start_date FROM campaigns WHERE campaign_id = ?", [campaign_id]).fetchone()
    if row is None or row[0] != Topic.PHOTOVOLTAIK.value:
        return None
    start = row[1]
    before_start, after_start = _add_months(start, -window_months), start
    before_end, after_end = start - timedelta(days=1), _add_months(start, window_months) - timedelta(days=1)
    params = {"campaign": campaign_id, "b0": before_start, "b1": before_end, "a0": after_start, "a1": after_end,
              "pv": Topic.PHOTOVOLTAIK.value}
    per_municipality_sql = """
        WITH members AS (SELECT municipality_key FROM campaign_members WHERE campaign_id = $campaign),
        busy AS (  -- municipalities in any photovoltaic campaign overlapping the two windows
            SELECT DISTINCT cm.municipality_key FROM campaign_members cm JOIN campaigns c USING (campaign_id)
            WHERE c.topic = $pv AND c.start_date <= $a1 AND c.end_date >= $b0),
        grouped AS (
            SELECT mu.municipality_key, mu.name, mu.population,
                   CASE WHEN mu.municipality_key IN (SELECT municipality_key FROM members) THEN 'members'
                        WHEN mu.municipality_key NOT IN (SELECT municipality_key FROM busy) THEN 'comparison' END AS grp
            FROM municipalities mu WHERE mu.population IS NOT NULL)
        SELECT g.grp AS "group", g.municipality_key AS key, g.name, g.population,
               count(p.unit_id) FILTER (WHERE p.commissioned BETWEEN $b0 AND $b1) AS units_before,
               count(p.unit_id) FILTER (WHERE p.commissioned BETWEEN $a0 AND $a1) AS units_after,
               coalesce(sum(p.gross_kw) FILTER (WHERE p.commissioned BETWEEN $b0 AND $b1), 0) AS kwp_before,
               coalesce(sum(p.gross_kw) FILTER (WHERE p.commissioned BETWEEN $a0 AND $a1), 0) AS kwp_after
        FROM grouped g LEFT JOIN pv_units p USING (municipality_key)
        WHERE g.grp IS NOT NULL GROUP BY ALL"""
    per_municipality = con.execute(f"""
        SELECT *, units_before * 1000.0 / population AS rate_before, units_after * 1000.0 / population AS rate_after
        FROM ({per_municipality_sql}) ORDER BY "group" DESC, name""", params).df()
    groups = con.execute(f"""
        SELECT "group", count(*) AS municipalities, sum(population) AS population,
               sum(units_before) AS units_before, sum(units_after) AS units_after,
               sum(kwp_before) AS kwp_before, sum(kwp_after) AS kwp_after,
               sum(units_before) * 1000.0 / sum(population) AS rate_before,
               sum(units_after) * 1000.0 / sum(population) AS rate_after,
               (sum(units_after) - sum(units_before)) * 1000.0 / sum(population) AS change,
               sum(units_after) / nullif(sum(units_before), 0) - 1 AS relative_change
        FROM ({per_municipality_sql}) GROUP BY "group" ORDER BY "group" DESC""", params).df()
    result = BeforeAfter(campaign_id, window_months, before_start, before_end, after_start, after_end,
                         register_until(con), groups, per_municipality)
    change = dict(zip(groups["group"], groups["change"], strict=True))
    if result.complete and "members" in change and "comparison" in change:
        result.difference = float(change["members"] - change["comparison"])
    return result


# --- the annual plan -------------------------------------------------------------------------------------------

def annual_plan(con, year: int, topics: tuple[str, ...] = (), districts: tuple[str, ...] = ()) -> pd.DataFrame:
    """Campaigns overlapping the year and the year's activities, as one calendar: ``entry`` is ``campaign`` or
    ``activity``; a campaign belongs to a district when its lead or a participating municipality does."""
    params = {"year": year, "topics": list(topics), "districts": list(districts)}
    return con.execute("""
        WITH campaign_districts AS (
            SELECT c.campaign_id, list(DISTINCT mu.district_key) AS districts,
                   string_agg(DISTINCT mu.name, ', ' ORDER BY mu.name) FILTER (WHERE cm.municipality_key IS NOT NULL)
                       AS member_names
            FROM campaigns c
            LEFT JOIN campaign_members cm USING (campaign_id)
            LEFT JOIN municipalities mu ON mu.municipality_key = cm.municipality_key
                   OR (mu.municipality_key = c.lead_key AND cm.municipality_key IS NULL)
            GROUP BY c.campaign_id)
        SELECT 'campaign' AS entry, c.campaign_id, c.name AS campaign_name, c.topic, c.start_date, c.end_date,
               coalesce(lm.name, ld.name, c.lead_key) AS place, NULL AS district, NULL AS format, NULL AS kind,
               coalesce(c.description, '') AS title, cd.member_names AS detail
        FROM campaigns c JOIN campaign_districts cd USING (campaign_id)
        LEFT JOIN municipalities lm ON lm.municipality_key = c.lead_key
        LEFT JOIN districts ld ON ld.district_key = c.lead_key AND lm.municipality_key IS NULL
        WHERE year(c.start_date) <= $year AND year(c.end_date) >= $year
          AND (len($topics) = 0 OR list_contains($topics, c.topic))
          AND (len($districts) = 0 OR list_has_any($districts, cd.districts))
        UNION ALL
        SELECT 'activity', a.campaign_id, c.name, c.topic, a.activity_date, a.activity_date, mu.name, d.name,
               a.format, a.kind, a.title, NULL
        FROM activities a JOIN campaigns c USING (campaign_id)
        JOIN municipalities mu USING (municipality_key) JOIN districts d ON d.district_key = mu.district_key
        WHERE year(a.activity_date) = $year
          AND (len($topics) = 0 OR list_contains($topics, c.topic))
          AND (len($districts) = 0 OR list_contains($districts, mu.district_key))
        ORDER BY start_date, entry DESC, campaign_id, place""", params).df()


