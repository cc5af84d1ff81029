"""Figures of the network (issue 18): who knows what, how support requests are handled, and the climate-protection
posts (Verstetigung). Every figure is DuckDB SQL over the tables of migrations 018/019 and the master data; pandas
only carries the result. Frames have stable English column names; ``personal`` (=
``ktdash.access.permissions.may_see_personal_data(user)``) decides whether personal columns are filled: without it a
person's name is the pseudonym "Person n" (n = rank of the person_id among all people) and role title, e-mail,
phone, account and the person's municipalities are dropped (in a network of about fifteen, a place identifies
the person); anonymised posts carry no holder (only whether the post is vacant).

Definitions (each has a hand-computed test in ``tests/test_network_figures.py``):

* **Competences**: levels ``contact`` (Ansprechpartner*in), ``experienced``, ``learning``. A topic is covered by the
  people who can help (``able`` = contact + experienced); risk ``uncovered`` (nobody able), ``single`` (one person).
* **Requests**: durations are taken between UTC instants (``filed_at``, ``first_answer_at``, ``done_at``), so a
  request filed on 28.03. 10:00 and answered on 30.03. 10:00 local time across the spring clock change took 47 h =
  1.958 days. Medians are interpolated (DuckDB ``median`` on numbers). Periods (``since``/``until``, months,
  quarters) are in local time (Europe/Berlin). Only requests filed by ``now`` count; a first answer or completion
  after ``now`` counts as not yet there.
* **Post status** on ``today`` (:class:`PostStatus`), in this precedence: ``vacant`` (no holder) first — the post's
  funding status is still in ``funding_status`` —, then ``permanent`` (verstetigt), ``ended`` (funding_end before
  today), ``ends_within_12_months`` (funding_end in [today, today + 12 months)), ``ends_within_24_months``
  ([today + 12 months, today + 24 months)), ``funded`` (later, or no end date: own budget). ``months_left`` = whole
  months from today to funding_end (0 once ended; empty when permanent or without end).
* **Active post** = occupied and not ended. **FTE** = Σ share_of_time of the active posts.
* **Coverage**: a municipality (or Kreisverwaltung) is covered when it has an active post. Buildings and floor area
  count where they are owned (a Kreisverwaltung's post covers the Kreis's own buildings). Inhabitants: the
  population of the Verbandsgemeinden and cities; a Landkreis row has none of its own, so a Kreis post covers no
  inhabitants (assumption: it works for the Kreis's own properties; its people are counted at their VG or city —
  never twice).
* Energy and campaign figures next to it reuse :func:`ktdash.analytics.metrics.entity_years` /
  :func:`ktdash.analytics.metrics.progress` (the Kommune/Vergleich pages' figures) and
  :func:`ktdash.analytics.campaigns.reach_by_municipality`. Descriptive only: no correlation or causal claim.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd

from ktdash.analytics import campaigns as campaign_metrics
from ktdash.analytics import metrics
from ktdash.analytics.selection import Selection
from ktdash.core.localtime import utc_to_local
from ktdash.core.network_vocabulary import Level, PostStatus
from ktdash.core.settings import AnalyticsSettings

PERSONAL_COLUMNS = ("role_title", "email", "phone", "account")
PLACE_COLUMNS = ("municipality_keys", "municipalities", "district_keys")  # dropped from anonymised person rows
PSEUDONYM = "Person "  # + rank: the name of a person in anonymised tables
RISK_UNCOVERED, RISK_SINGLE = "uncovered", "single"
LEVEL_ORDER = {Level.CONTACT.value: 1, Level.EXPERIENCED.value: 2, Level.LEARNING.value: 3}
FREQUENCIES = {"quarter": "quarter", "month": "month"}  # → date_trunc part (identifiers of the code)
REQUESTS_BY = {"topic": ("r.topic", "t.name"), "municipality": ("r.municipality_key", "m.name")}

# every person with the name shown: the real name (personal) or "Person n"
_NAMES = """names AS (SELECT person_id, CASE WHEN $personal THEN name
                       ELSE $pseudonym || row_number() OVER (ORDER BY person_id) END AS name FROM people)"""
_LEVEL_RANK = "CASE c.level WHEN 'contact' THEN 1 WHEN 'experienced' THEN 2 ELSE 3 END"
_PLACES = """places AS (
    SELECT pm.person_id, list(pm.municipality_key ORDER BY m.name) AS municipality_keys,
           string_agg(m.name, ', ' ORDER BY m.name) AS municipalities,
           list(DISTINCT m.district_key ORDER BY m.district_key) AS district_keys
    FROM person_municipalities pm JOIN municipalities m USING (municipality_key) GROUP BY pm.person_id)"""


def _personal(frame: pd.DataFrame, personal: bool) -> pd.DataFrame:
    """Without ``personal``: no contact, role or account, and no places either — in a network of about fifteen,
    "Person 3 in VG X" is the one climate manager of VG X (re-identification), so anonymised person rows carry
    their pseudonym and competences only."""
    if personal:
        return frame
    return frame.drop(columns=[c for c in PERSONAL_COLUMNS + PLACE_COLUMNS if c in frame.columns])


def _name_params(personal: bool) -> dict:
    return {"personal": bool(personal), "pseudonym": PSEUDONYM}


def people_table(con, personal: bool) -> pd.DataFrame:
    """[person_id, name, role_title, email, phone, account, municipality_keys (list), municipalities (text),
    district_keys (list), topics_contact, topics_experienced, topics_learning] by name (personal) or person_id;
    personal=False: name = "Person n" and role_title, email, phone, account dropped."""
    sql = f"""
        WITH {_NAMES}, {_PLACES},
        skills AS (
            SELECT c.person_id,
                   string_agg(t.name, ', ' ORDER BY t.name) FILTER (WHERE c.level = 'contact') AS topics_contact,
                   string_agg(t.name, ', ' ORDER BY t.name) FILTER (WHERE c.level = 'experienced')
                       AS topics_experienced,
                   string_agg(t.name, ', ' ORDER BY t.name) FILTER (WHERE c.level = 'learning') AS topics_learning
            FROM competences c JOIN topics t ON t.code = c.topic GROUP BY c.person_id)
        SELECT p.person_id, n.name, p.role_title, p.email, p.phone, p.account,
               coalesce(pl.municipality_keys, []) AS municipality_keys, pl.municipalities,
               coalesce(pl.district_keys, []) AS district_keys,
               s.topics_contact, s.topics_experienced, s.topics_learning
        FROM people p JOIN names n USING (person_id)
        LEFT JOIN places pl USING (person_id) LEFT JOIN skills s USING (person_id)
        ORDER BY CASE WHEN $personal THEN n.name END, p.person_id"""
    return _personal(con.execute(sql, _name_params(personal)).df(), personal)


def search(con, topic: str, personal: bool, levels=(Level.CONTACT.value, Level.EXPERIENCED.value)) -> pd.DataFrame:
    """People with a competence in ``topic`` (code) at one of ``levels``: [person_id, name, level, email, phone,
    municipalities, district_keys]; Ansprechpartner*innen first, then experienced (then learning), then by name
    (anonymised: by person_id). personal=False: pseudonyms, no email/phone."""
    sql = f"""
        WITH {_NAMES}, {_PLACES}
        SELECT c.person_id, n.name, c.level, p.email, p.phone, pl.municipalities,
               coalesce(pl.district_keys, []) AS district_keys
        FROM competences c JOIN people p USING (person_id) JOIN names n USING (person_id)
        LEFT JOIN places pl USING (person_id)
        WHERE c.topic = $topic AND list_contains($levels, c.level)
        ORDER BY {_LEVEL_RANK}, CASE WHEN $personal THEN n.name END, c.person_id"""
    params = _name_params(personal) | {"topic": topic, "levels": [str(level) for level in levels]}
    return _personal(con.execute(sql, params).df(), personal)


def coverage_matrix(con, personal: bool) -> pd.DataFrame:
    """Long form of the topics × people matrix: [topic, topic_name, person_id, name, level], one row per stated
    competence, by topic name, level and name."""
    sql = f"""
        WITH {_NAMES}
        SELECT c.topic, t.name AS topic_name, c.person_id, n.name, c.level
        FROM competences c JOIN topics t ON t.code = c.topic JOIN names n USING (person_id)
        ORDER BY t.name, {_LEVEL_RANK}, CASE WHEN $personal THEN n.name END, c.person_id"""
    return con.execute(sql, _name_params(personal)).df()


def topic_coverage(con) -> pd.DataFrame:
    """Per topic (also those nobody names): [topic, topic_name, contact, experienced, learning, able (contact +
    experienced), risk ("uncovered": able = 0, "single": able = 1, else empty)], risks first, then by name.
    No personal data (used by the workshop slide)."""
    sql = topic_coverage_sql() + " ORDER BY able > 1, able, topic_name"
    frame = con.execute(sql, {"uncovered": RISK_UNCOVERED, "single": RISK_SINGLE}).df()
    frame["risk"] = frame["risk"].astype(object).where(frame["risk"].notna(), None)
    return frame


def topic_coverage_sql() -> str:
    """The statement of :func:`topic_coverage` without its order (parameters $uncovered, $single)."""
    return """
        WITH counts AS (
            SELECT t.code AS topic, t.name AS topic_name,
                   count(c.person_id) FILTER (WHERE c.level = 'contact') AS contact,
                   count(c.person_id) FILTER (WHERE c.level = 'experienced') AS experienced,
                   count(c.person_id) FILTER (WHERE c.level = 'learning') AS learning
            FROM topics t LEFT JOIN competences c ON c.topic = t.code GROUP BY ALL)
        SELECT *, contact + experienced AS able,
               CASE contact + experienced WHEN 0 THEN $uncovered WHEN 1 THEN $single END AS risk
        FROM counts"""


# --- requests ---------------------------------------------------------------------------------------------------

def _utc(now: datetime) -> datetime:
    """``now`` as a naive UTC instant (a naive ``now`` is read as UTC already)."""
    return now.astimezone(timezone.utc).replace(tzinfo=None) if now.tzinfo else now


def _request_filter(now: datetime, since, until, topic, municipality_key, district_key) -> tuple[str, dict]:
    """The WHERE clause of the request figures and its parameters (periods on the local date of filing)."""
    local_day = f"CAST({utc_to_local('r.filed_at')} AS DATE)"
    where = f"""r.filed_at <= $now
        AND (CAST($since AS DATE) IS NULL OR {local_day} >= CAST($since AS DATE))
        AND (CAST($until AS DATE) IS NULL OR {local_day} <= CAST($until AS DATE))
        AND (CAST($topic AS VARCHAR) IS NULL OR r.topic = $topic)
        AND (CAST($municipality AS VARCHAR) IS NULL OR r.municipality_key = $municipality)
        AND (CAST($district AS VARCHAR) IS NULL OR m.district_key = $district)"""
    return where, {"now": _utc(now), "since": since, "until": until, "topic": topic,
                   "municipality": municipality_key, "district": district_key}


def request_figures(con, now: datetime, since: date | None = None, until: date | None = None, topic=None,
                    municipality_key=None, district_key=None) -> dict:
    """{"open", "clarifying", "done" (counts by status), "days_to_first_answer", "days_to_done" (medians, days as
    float, None without any), "mean_days_to_first_answer", "mean_days_to_done"} of the requests filed by ``now``
    (filters: local filing date in [since, until], topic code, municipality key, district key)."""
    where, params = _request_filter(now, since, until, topic, municipality_key, district_key)
    sql = f"""
        WITH r AS (
            SELECT r.status,
                   CASE WHEN r.first_answer_at <= $now
                        THEN epoch(r.first_answer_at - r.filed_at) / 86400.0 END AS first_days,
                   CASE WHEN r.status = 'done' AND r.done_at <= $now
                        THEN epoch(r.done_at - r.filed_at) / 86400.0 END AS done_days
            FROM support_requests r JOIN municipalities m USING (municipality_key)
            WHERE {where})
        SELECT count(*) FILTER (WHERE status = 'open') AS open,
               count(*) FILTER (WHERE status = 'clarifying') AS clarifying,
               count(*) FILTER (WHERE status = 'done') AS done,
               median(first_days) AS days_to_first_answer, median(done_days) AS days_to_done,
               avg(first_days) AS mean_days_to_first_answer, avg(done_days) AS mean_days_to_done
        FROM r"""
    row = con.execute(sql, params).fetchone()
    names = ("open", "clarifying", "done", "days_to_first_answer", "days_to_done", "mean_days_to_first_answer",
             "mean_days_to_done")
    return {name: (int(value) if index < 3 else (None if value is None else float(value)))
            for index, (name, value) in enumerate(zip(names, row, strict=True))}


def requests_over_time(con, by: str = "topic", freq: str = "quarter", since: date | None = None,
                       until: date | None = None, topic=None, municipality_key=None, district_key=None,
                       now: datetime | None = None) -> pd.DataFrame:
    """Requests per topic (``by="topic"``) or municipality and local quarter or month (``freq``):
    [period (date: first day of the local month/quarter of filing), key, label, requests]; only periods with
    requests, by period and label. ``now``: only requests filed by then (default: all)."""
    key, label = REQUESTS_BY[by]
    part = FREQUENCIES[freq]
    where, params = _request_filter(now or datetime.max, since, until, topic, municipality_key, district_key)
    sql = f"""
        SELECT CAST(date_trunc($part, {utc_to_local('r.filed_at')}) AS DATE) AS period,
               {key} AS key, any_value({label}) AS label, count(*) AS requests
        FROM support_requests r JOIN municipalities m USING (municipality_key)
        JOIN topics t ON t.code = r.topic
        WHERE {where}
        GROUP BY ALL ORDER BY period, label"""
    frame = con.execute(sql, params | {"part": part}).df()
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


# --- posts (Verstetigung) ---------------------------------------------------------------------------------------

_FUNDING_STATUS = """CASE WHEN p.permanent THEN $permanent
                          WHEN p.funding_end IS NULL THEN $funded
                          WHEN p.funding_end < $today THEN $ended
                          WHEN p.funding_end < CAST($today + INTERVAL 12 MONTH AS DATE) THEN $ends_12
                          WHEN p.funding_end < CAST($today + INTERVAL 24 MONTH AS DATE) THEN $ends_24
                          ELSE $funded END"""
# one row per post with its funding status and whether it is active (occupied, funding not ended)
_POSTS = f"""posts_now AS (
    SELECT p.*, {_FUNDING_STATUS} AS funding_status,
           p.person_id IS NOT NULL AND {_FUNDING_STATUS} <> $ended AS active
    FROM posts p)"""


def _status_params(today: date) -> dict:
    return {"today": today, "permanent": PostStatus.PERMANENT.value, "funded": PostStatus.FUNDED.value,
            "ended": PostStatus.ENDED.value, "ends_12": PostStatus.ENDS_12.value, "ends_24": PostStatus.ENDS_24.value}


def posts_table(con, today: date, personal: bool) -> pd.DataFrame:
    """[post_id, municipality_key, municipality, district_key, district, person_id, name (pseudonym when not
    personal, empty when vacant), funding, programme, funding_end, permanent, share_of_time, status, funding_status,
    months_left] by funding end (soonest first), district and municipality. ``status`` is the post's
    :class:`PostStatus` on ``today`` (vacant first, see the module), ``funding_status`` the funding's own."""
    sql = f"""
        WITH {_NAMES}, {_POSTS}
        SELECT p.post_id, p.municipality_key, m.name AS municipality, m.district_key, d.name AS district,
               p.person_id, n.name, p.funding, p.programme, p.funding_end, p.permanent, p.share_of_time,
               CASE WHEN p.person_id IS NULL THEN $vacant ELSE p.funding_status END AS status,
               p.funding_status,
               CASE WHEN p.permanent OR p.funding_end IS NULL THEN NULL
                    WHEN p.funding_end < $today THEN 0
                    ELSE (year(p.funding_end) - year($today)) * 12 + month(p.funding_end) - month($today)
                         - CASE WHEN day(p.funding_end) < day($today) THEN 1 ELSE 0 END END AS months_left
        FROM posts_now p JOIN municipalities m USING (municipality_key)
        JOIN districts d ON d.district_key = m.district_key
        LEFT JOIN names n USING (person_id)
        ORDER BY p.funding_end NULLS LAST, d.name, m.name, p.post_id"""
    params = _status_params(today) | _name_params(personal) | {"vacant": PostStatus.VACANT.value}
    frame = con.execute(sql, params).df()
    frame["months_left"] = frame["months_left"].astype("Int64")
    if not personal:  # a post is public, its holder is not: no pseudonym that links it to the people's rows
        frame = frame.drop(columns=["person_id", "name"])
    return frame


def posts_by_area(con, today: date) -> pd.DataFrame:
    """Per district (level "district", every district) and per municipality incl. Kreisverwaltung (level
    "municipality", every one): [level, key, name, district_key, posts (not ended, vacant ones included), fte
    (Σ share_of_time of the active posts), active, permanent, ends_within_12, ends_within_24 (by funding status,
    not ended), vacant (not ended), ended]; districts first (by name), then municipalities by district, the
    Kreisverwaltung first, then name."""
    counts = """count(p.post_id) FILTER (WHERE p.funding_status <> $ended) AS posts,
               coalesce(sum(p.share_of_time) FILTER (WHERE p.active), 0) AS fte,
               count(p.post_id) FILTER (WHERE p.active) AS active,
               count(p.post_id) FILTER (WHERE p.funding_status = $permanent) AS permanent,
               count(p.post_id) FILTER (WHERE p.funding_status = $ends_12) AS ends_within_12,
               count(p.post_id) FILTER (WHERE p.funding_status = $ends_24) AS ends_within_24,
               count(p.post_id) FILTER (WHERE p.person_id IS NULL AND p.funding_status <> $ended) AS vacant,
               count(p.post_id) FILTER (WHERE p.funding_status = $ended) AS ended"""
    sql = f"""
        WITH {_POSTS}
        SELECT * FROM (
            SELECT 'district' AS level, d.district_key AS key, d.name, d.district_key, {counts},
                   0 AS kind_order, d.name AS district_name
            FROM districts d LEFT JOIN municipalities m ON m.district_key = d.district_key
            LEFT JOIN posts_now p ON p.municipality_key = m.municipality_key GROUP BY d.district_key, d.name
            UNION ALL
            SELECT 'municipality', m.municipality_key, m.name, m.district_key, {counts},
                   CASE WHEN m.kind = 'Landkreis' THEN 1 ELSE 2 END, any_value(d.name)
            FROM municipalities m JOIN districts d ON d.district_key = m.district_key
            LEFT JOIN posts_now p ON p.municipality_key = m.municipality_key
            GROUP BY m.municipality_key, m.name, m.district_key, m.kind)
        ORDER BY level = 'municipality', district_name, kind_order, name"""
    frame = con.execute(sql, _status_params(today)).df()
    return frame.drop(columns=["kind_order", "district_name"])


def without_post(con, today: date) -> pd.DataFrame:
    """Municipalities (incl. Kreisverwaltung rows) with no active post on ``today``: [municipality_key,
    municipality, district_key, district, kind, population, vacant (vacant posts, not ended), ended (posts whose
    funding ended)], by district, Kreisverwaltung first, name."""
    sql = f"""
        WITH {_POSTS}
        SELECT m.municipality_key, m.name AS municipality, m.district_key, d.name AS district, m.kind,
               m.population,
               count(p.post_id) FILTER (WHERE p.person_id IS NULL AND p.funding_status <> $ended) AS vacant,
               count(p.post_id) FILTER (WHERE p.funding_status = $ended) AS ended
        FROM municipalities m JOIN districts d ON d.district_key = m.district_key
        LEFT JOIN posts_now p ON p.municipality_key = m.municipality_key
        GROUP BY ALL
        HAVING count(p.post_id) FILTER (WHERE p.active) = 0
        ORDER BY district, any_value(m.kind <> 'Landkreis'), municipality"""
    return con.execute(sql, _status_params(today)).df()


_AREAS = f"""
    WITH {_POSTS},
    posted AS (SELECT municipality_key, bool_or(active) AS active_post,
                      coalesce(sum(share_of_time) FILTER (WHERE active), 0) AS fte
               FROM posts_now GROUP BY municipality_key),
    owned AS (SELECT municipality_key, count(*) AS buildings, sum(floor_area_m2) AS floor_area
              FROM buildings GROUP BY municipality_key)
    SELECT m.municipality_key, m.name AS municipality, m.district_key, d.name AS district, m.kind,
           coalesce(po.active_post, false) AS active_post, coalesce(po.fte, 0) AS fte,
           coalesce(o.buildings, 0) AS buildings, o.floor_area,
           m.population AS inhabitants  -- NULL for a Landkreis row: a Kreis post covers no inhabitants
    FROM municipalities m JOIN districts d ON d.district_key = m.district_key
    LEFT JOIN posted po USING (municipality_key) LEFT JOIN owned o USING (municipality_key)"""


def coverage(con, today: date, year: int, baseline: int | None = None,
             analytics: AnalyticsSettings = AnalyticsSettings()) -> pd.DataFrame:
    """Per municipality incl. Kreisverwaltung: [municipality_key, municipality, district_key, district, kind,
    active_post, fte, buildings, floor_area, inhabitants (None for a Landkreis row), energy_kwh (weather-normalised
    heat + electricity of ``year``, :func:`metrics.entity_years`), baseline_kwh, year_kwh, change_share (like for
    like against ``baseline``, default ``analytics.baseline_year``: (year − baseline) / baseline, negative = less
    energy; :func:`metrics.progress`), activities, participants, consultations (campaign reach of ``year``,
    :func:`campaigns.reach_by_municipality`)]. Descriptive: the figures stand side by side, nothing more."""
    baseline = analytics.baseline_year if baseline is None else baseline
    areas = con.execute(_AREAS + " ORDER BY district, m.kind <> 'Landkreis', municipality",
                        _status_params(today)).df()
    energy = metrics.entity_years(con, "municipality", Selection(years=(year,)), analytics)
    energy = energy.rename(columns={"key": "municipality_key", "energy_kwh_normalised": "energy_kwh"})
    change = metrics.progress(con, "municipality", baseline, year, Selection(), analytics)
    change = change.assign(change_share=-change["saving_share"]).rename(columns={"key": "municipality_key"})
    reach = campaign_metrics.reach_by_municipality(con, campaign_metrics.CampaignSelection(years=(year,)))
    reach = reach.rename(columns={"key": "municipality_key"})
    frame = (areas.merge(energy[["municipality_key", "energy_kwh"]], how="left", on="municipality_key")
             .merge(change[["municipality_key", "baseline_kwh", "year_kwh", "change_share"]], how="left",
                    on="municipality_key")
             .merge(reach[["municipality_key", "activities", "participants", "consultations"]], how="left",
                    on="municipality_key"))
    frame["inhabitants"] = frame["inhabitants"].astype("Int64")
    return frame


def coverage_shares(con, today: date) -> dict:
    """{"buildings", "floor_area", "inhabitants"}: the shares (0–1, None without any) of the municipal buildings
    (count), their floor area and the inhabitants in municipalities with an active post; plus the totals and the
    covered amounts (``buildings_total``, ``buildings_covered`` …). Inhabitants: VG and city populations only
    (see the module: a Kreis post covers none)."""
    sql = f"""
        SELECT sum(buildings) AS buildings_total, sum(buildings) FILTER (WHERE active_post) AS buildings_covered,
               sum(floor_area) AS floor_area_total, sum(floor_area) FILTER (WHERE active_post) AS floor_area_covered,
               sum(inhabitants) AS inhabitants_total,
               sum(inhabitants) FILTER (WHERE active_post) AS inhabitants_covered
        FROM ({_AREAS})"""
    names = ("buildings_total", "buildings_covered", "floor_area_total", "floor_area_covered", "inhabitants_total",
             "inhabitants_covered")
    row = dict(zip(names, con.execute(sql, _status_params(today)).fetchone(), strict=True))
    shares = {}
    for what in ("buildings", "floor_area", "inhabitants"):
        total, covered = row[f"{what}_total"], row[f"{what}_covered"] or 0
        shares[what] = float(covered) / float(total) if total else None
    return shares | {k: (float(v) if v is not None else 0.0) for k, v in row.items()}


def topic_overview(con, personal: bool, now: datetime | None = None) -> pd.DataFrame:
    """:func:`topic_coverage` with the requests per topic filed by ``now`` (``requests``, ``open_requests``: status
    open or clarifying) and, when ``personal``, the names of its Ansprechpartner*innen (``contacts``, by name)."""
    sql = f"""
        WITH {_NAMES},
        cover AS ({topic_coverage_sql()}),
        asked AS (SELECT topic, count(*) AS requests, count(*) FILTER (WHERE status <> 'done') AS open_requests
                  FROM support_requests WHERE filed_at <= $now GROUP BY topic),
        contacts AS (SELECT c.topic, string_agg(n.name, ', ' ORDER BY n.name) AS contacts
                     FROM competences c JOIN names n USING (person_id) WHERE c.level = 'contact' GROUP BY c.topic)
        SELECT cover.*, coalesce(a.requests, 0) AS requests, coalesce(a.open_requests, 0) AS open_requests,
               co.contacts
        FROM cover LEFT JOIN asked a USING (topic) LEFT JOIN contacts co USING (topic)
        ORDER BY cover.able > 1, cover.able, cover.topic_name"""
    params = _name_params(personal) | {"now": _utc(now or datetime.max), "uncovered": RISK_UNCOVERED,
                                       "single": RISK_SINGLE}
    frame = con.execute(sql, params).df()
    return frame if personal else frame.drop(columns=["contacts"])


def request_list(con, personal: bool, now: datetime | None = None) -> pd.DataFrame:
    """The requests filed by ``now``, newest first: [request_id, kind, topic, topic_name, municipality_key,
    municipality, district_key, urgency, status, filed_at, first_answer_at, done_at (local wall-clock times),
    days_to_first_answer, days_to_done] and, only when ``personal``, [description, answer, taken_by (name),
    filed_by (account)] — free texts may name people, so anonymised rows carry none."""
    local = {column: utc_to_local(f"r.{column}") for column in ("filed_at", "first_answer_at", "done_at")}
    sql = f"""
        WITH {_NAMES}
        SELECT r.request_id, r.kind, r.topic, t.name AS topic_name, r.municipality_key, m.name AS municipality,
               m.district_key, r.urgency, r.status,
               {local['filed_at']} AS filed_at, {local['first_answer_at']} AS first_answer_at,
               {local['done_at']} AS done_at,
               epoch(r.first_answer_at - r.filed_at) / 86400.0 AS days_to_first_answer,
               CASE WHEN r.status = 'done' THEN epoch(r.done_at - r.filed_at) / 86400.0 END AS days_to_done,
               r.description, r.answer, n.name AS taken_by, r.filed_by
        FROM support_requests r JOIN municipalities m USING (municipality_key) JOIN topics t ON t.code = r.topic
        LEFT JOIN names n ON n.person_id = r.taken_by
        WHERE r.filed_at <= $now
        ORDER BY r.filed_at DESC, r.request_id DESC"""
    frame = con.execute(sql, _name_params(personal) | {"now": _utc(now or datetime.max)}).df()
    return frame if personal else frame.drop(columns=["description", "answer", "taken_by", "filed_by"])
