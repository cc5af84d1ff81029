"""The demo's network (issue 18 item 6; sample_data/generate.py, "The network"): about 15 fictitious climate
managers with their posts and competences, imported with the demo through the layout ``network_people``; a year of
fortnightly office hours and about 40 support requests loaded through ``ktdash.ingest.talk``
(``ktdash.ingest.masterdata.load_talk_demo``). The store equals the generator's expectation
(``sample_data/demo/expected_network.csv``) on the demo's day NETWORK_TODAY: at least one topic nobody covers, one
covered by a single person, posts whose funding ends within 12 months; the demo accounts kusel and pirmasens own
their profiles.

On the demo store as ``ktdash init`` makes it (``demo_template``)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import demo_copy
from ktdash.analytics import network
from ktdash.ingest import people
from ktdash.store.connection import open_store

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo"


def read_expected() -> list[tuple[str, str, str]]:
    with (DEMO / "expected_network.csv").open(encoding="utf-8", newline="") as fh:
        return [(row["what"], row["key"], row["value"]) for row in csv.DictReader(fh)]


EXPECTED = read_expected()
TODAY = date.fromisoformat(next(value for what, _key, value in EXPECTED if what == "today"))


def expected(what: str) -> dict[str, str]:
    return {key: value for kind, key, value in EXPECTED if kind == what}


@pytest.fixture(scope="module")
def con(demo_template, tmp_path_factory):
    connection = open_store(demo_copy(demo_template, tmp_path_factory, "demo_network"))
    yield connection
    connection.close()


def test_posts_stand_as_generated(con):
    """Each post's standing on the demo's day, by hand from the stored row (12 and 24 months ahead), and as the
    Verstetigung overview (analytics.network.posts_table) says it."""
    rows = con.execute("""
        SELECT p.post_id, p.municipality_key || '|' || coalesce(pe.name, '-') AS key,
               CASE WHEN p.person_id IS NULL THEN 'vacant' WHEN p.permanent THEN 'permanent'
                    WHEN p.funding_end IS NULL THEN 'funded'
                    WHEN p.funding_end < $today THEN 'ended'
                    WHEN p.funding_end <= $today + INTERVAL 12 MONTH THEN 'ends_within_12_months'
                    WHEN p.funding_end <= $today + INTERVAL 24 MONTH THEN 'ends_within_24_months'
                    ELSE 'funded' END AS status
        FROM posts p LEFT JOIN people pe USING (person_id) ORDER BY p.post_id""", {"today": TODAY}).fetchall()
    assert {key: status for _id, key, status in rows} == expected("post")
    statuses = [status for _id, _key, status in rows]
    assert statuses.count("ends_within_12_months") >= 1 and statuses.count("vacant") == 1
    assert len(rows) == 16
    table = network.posts_table(con, TODAY, personal=True)
    by_post = dict(zip(table["post_id"], table["status"].astype(str), strict=True))
    assert by_post == {post_id: status for post_id, _key, status in rows}


def test_topic_coverage_as_generated(con):
    """At least one topic nobody can advise on (no contact, no experienced person) and one with a single person."""
    able = dict(con.execute("""
        SELECT t.code, count(c.person_id) FILTER (WHERE c.level IN ('contact', 'experienced'))
        FROM topics t LEFT JOIN competences c ON c.topic = t.code GROUP BY t.code""").fetchall())
    risk = {code: "uncovered" if n == 0 else "single" if n == 1 else f"able {n}" for code, n in able.items()}
    assert risk == expected("topic")
    assert "uncovered" in risk.values() and "single" in risk.values()
    coverage = network.topic_coverage(con)
    assert dict(zip(coverage["topic"], coverage["risk"].where(coverage["risk"].notna(), None), strict=True)) == {
        code: value if value in ("uncovered", "single") else None for code, value in risk.items()}


def test_people_are_fictitious_with_consent(con):
    rows = con.execute("SELECT name, email, phone, consent FROM people").fetchall()
    assert len(rows) == 16  # 15 climate managers and the regional office
    for name, email, phone, consent in rows:
        assert name.endswith("(fiktiv)") and email.endswith("@example.org") and phone.startswith("0000")
        assert consent
    audit = " ".join(r[0] or "" for r in con.execute("SELECT detail FROM audit_log").fetchall())
    assert "fiktiv" not in audit and "example.org" not in audit


@pytest.mark.parametrize("account, municipality", [("kusel", "VG Kusel-Altenglan"),
                                                    ("pirmasens", "Stadt Pirmasens")])
def test_demo_accounts_own_their_profiles(con, account, municipality):
    person = people.person_for_account(con, account)
    assert person is not None
    assert con.execute("SELECT role FROM users WHERE user_name = ?", [account]).fetchone() == ("manager",)
    assert con.execute("""SELECT m.name FROM person_municipalities pm JOIN municipalities m USING (municipality_key)
                          WHERE pm.person_id = ?""", [person]).fetchall() == [(municipality,)]
    assert con.execute("SELECT count(*) FROM posts WHERE person_id = ?", [person]).fetchone()[0] == 1


def test_office_hours_are_fortnightly(con):
    rows = con.execute("SELECT starts_at, minutes, cancelled, note FROM talk_dates ORDER BY starts_at").fetchall()
    starts = [r[0] for r in rows]
    assert len(rows) == int(expected("talk_dates")[""])
    assert {later - earlier for earlier, later in zip(starts, starts[1:], strict=False)} == {timedelta(days=14)}
    assert {(s.weekday(), s.hour, s.minute) for s in starts} == {(3, 10, 0)}  # Thursdays 10:00 local time
    assert {r[1] for r in rows} == {60}
    assert starts[0].date() == date(2025, 12, 4) and starts[-1].date() > TODAY  # a year, and the next dates
    assert [(r[0].date(), r[3]) for r in rows if r[2]] == [(date(2026, 1, 1), "Neujahr"),
                                                            (date(2026, 12, 31), "Silvester")]


def test_requests_as_generated(con):
    rows = con.execute("SELECT status, count(*) FROM support_requests GROUP BY status").fetchall()
    assert {status: str(n) for status, n in rows} == expected("requests")
    per_topic = con.execute("SELECT topic, count(*) AS n FROM support_requests GROUP BY topic ORDER BY n DESC"
                            ).fetchall()
    assert per_topic[0] == ("heat_planning", int(expected("requests_topic")["heat_planning"]))
    assert per_topic[1][1] < per_topic[0][1]  # Wärmeplanung is asked about most
    assert sum(n for _t, n in per_topic) == 40
    # plausible times: filed ≤ first answer ≤ done, all before the demo's day; an answer for every done request
    bad = con.execute("""
        SELECT request_id FROM support_requests
        WHERE filed_at > first_answer_at OR first_answer_at > done_at OR filed_at >= $today
           OR (status = 'done') <> (done_at IS NOT NULL) OR (status = 'done' AND answer IS NULL)
           OR (status = 'open') <> (first_answer_at IS NULL)
           OR (status <> 'open' AND taken_by NOT IN (SELECT person_id FROM people WHERE account IS NOT NULL))""",
                      {"today": TODAY}).fetchall()
    assert bad == []
    # agenda topics sit on an office hour that took place (not cancelled) after they were filed
    assert con.execute("""
        SELECT count(*) FROM support_requests r JOIN talk_dates t USING (talk_id)
        WHERE t.cancelled OR t.starts_at < r.filed_at""").fetchone()[0] == 0
    figures = network.request_figures(con, now=datetime(TODAY.year, TODAY.month, TODAY.day, 12))
    assert (figures["open"], figures["clarifying"], figures["done"]) == tuple(
        int(expected("requests")[s]) for s in ("open", "clarifying", "done"))
