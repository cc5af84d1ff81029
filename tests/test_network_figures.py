"""The network's figures (issue 18) against a small hand-made network: competence search, coverage matrix and
risks, request figures (durations between UTC instants, periods in local time), the posts' status on a fixed day,
posts per area, municipalities without a post, coverage shares; the worded tables and ``ktdash export network``.

The network (rows inserted with plain SQL; test master data: VG Kusel-Altenglan 073365001 (24,000 inhabitants),
VG Oberes Glantal 073365002 (21,000), Landkreis Kusel (Kreisverwaltung) 07336 (no population), Stadt
Kaiserslautern 07312000 (100,000); districts 07336 Kusel, 07312 Kaiserslautern):

person  id  municipalities           heat_planning  pv           energy_management  mobility  funding
Anna    10  Kusel-Altenglan          contact        experienced  –                  learning  –
Bernd   20  Kaiserslautern           experienced    –            contact            –         –
Carla   30  Landkreis Kusel          contact        learning     –                  –         –
Dieter  40  Oberes Glantal           learning       –            experienced        –         contact
Erika   50  Kaiserslautern, K.-Alt.  –              contact      –                  –         –
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pandas as pd
import pytest

from conftest import TEST_PASSWORD, make_analytics_store_file
from ktdash.analytics import network
from ktdash.cli import main as cli
from ktdash.output import network as worded
from ktdash.store.connection import open_store

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 12, 0)  # UTC
NAMES = {10: "Anna Beispiel (fiktiv)", 20: "Bernd Muster (fiktiv)", 30: "Carla Probe (fiktiv)",
         40: "Dieter Test (fiktiv)", 50: "Erika Fiktiv (fiktiv)"}
KA, OG, LK, KL = "073365001", "073365002", "07336", "07312000"

PEOPLE = [(pid, name, f"Klimaschutzmanagement {pid}", f"p{pid}@example.org", f"0000-{pid}", None)
          for pid, name in NAMES.items()]
PLACES = [(10, KA), (20, KL), (30, LK), (40, OG), (50, KL), (50, KA)]
COMPETENCES = [(10, "heat_planning", "contact"), (10, "pv", "experienced"), (10, "mobility", "learning"),
               (20, "heat_planning", "experienced"), (20, "energy_management", "contact"),
               (30, "heat_planning", "contact"), (30, "pv", "learning"),
               (40, "heat_planning", "learning"), (40, "energy_management", "experienced"), (40, "funding", "contact"),
               (50, "pv", "contact")]
# (topic, municipality, status, filed_at, first_answer_at, done_at) — UTC instants
REQUESTS = [
    # R1: filed 28.03. 10:00 CET (09:00 UTC), answered 30.03. 10:00 CEST (08:00 UTC): across the clock change
    # 47 h = 1.958 days, not 48 h; done 01.04. 10:00 CEST = 95 h = 3.958 days
    ("pv", KA, "done", "2026-03-28 09:00", "2026-03-30 08:00", "2026-04-01 08:00"),
    # R2: filed 31.03. 22:30 UTC = 01.04. 00:30 local: in April and Q2 in local time; 1.0 and 4.0 days
    ("heat_planning", KL, "done", "2026-03-31 22:30", "2026-04-01 22:30", "2026-04-04 22:30"),
    ("heat_planning", OG, "clarifying", "2026-06-10 10:00", "2026-06-13 10:00", None),  # R3: 3.0 days
    ("heat_planning", LK, "open", "2026-07-01 10:00", None, None),  # R4
    ("energy_management", KL, "done", "2026-07-15 10:00", "2026-07-15 22:00", "2026-07-25 10:00"),  # R5: 0.5, 10.0
    ("mobility", KA, "open", "2026-10-01 10:00", None, None),  # R6
    ("heat_planning", KA, "clarifying", "2026-11-02 10:00", "2026-11-04 10:00", None),  # R7: 2.0 days
    ("pv", KL, "open", "2026-12-05 10:00", None, None),  # R8: filed after NOW: not counted
]
# (municipality, person, funding, programme, funding_end, permanent, share) — status on TODAY 04.12.2026
POSTS = [
    (KA, 10, "kommunalrichtlinie", "NKI", "2027-06-30", False, 1.0),  # P1 ends_within_12, 6 months left
    (KL, 20, "own_budget", None, None, True, 0.5),  # P2 permanent
    (LK, 30, "kommunalrichtlinie", "NKI", "2027-12-04", False, 0.8),  # P3 = today + 12 months: ends_within_24, 12
    (OG, None, "other_programme", "Sonderprogramm (fiktiv)", "2029-12-31", False, 1.0),  # P4 vacant (funded), 36
    (OG, 40, "kommunalrichtlinie", "NKI", "2026-12-03", False, 0.5),  # P5 ended yesterday, 0 months left
    (KL, 50, "own_budget", None, None, False, 0.25),  # P6 funded (own budget without end)
]
# buildings: (municipality, name, floor area)
BUILDINGS = [(KA, "Rathaus (fiktiv)", 1000.0), (KA, "Kita (fiktiv)", 500.0), (OG, "Schule (fiktiv)", 800.0),
             (LK, "Kreishaus (fiktiv)", 2000.0), (KL, "Bauhof (fiktiv)", None), (KL, "Halle (fiktiv)", 1500.0)]


def fill(con, buildings: bool = True) -> None:
    con.executemany("INSERT INTO people (person_id, name, role_title, email, phone, account, consent, created_by, "
                    "updated_by) VALUES (?, ?, ?, ?, ?, ?, true, 'test', 'test')", PEOPLE)
    con.executemany("INSERT INTO person_municipalities VALUES (?, ?)", PLACES)
    con.executemany("INSERT INTO competences VALUES (?, ?, ?)", COMPETENCES)
    con.executemany("INSERT INTO support_requests (topic, municipality_key, description, urgency, status, filed_at, "
                    "filed_by, first_answer_at, done_at, taken_by, answer, updated_by) VALUES "
                    "(?, ?, 'Frage von Anna Beispiel (fiktiv)', 'normal', ?, ?, 'kusel', ?, ?, 20, "
                    "'Antwort von Bernd Muster (fiktiv)', 'test')", REQUESTS)
    con.executemany("INSERT INTO posts (municipality_key, person_id, funding, programme, funding_end, permanent, "
                    "share_of_time, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'test', 'test')", POSTS)
    if buildings:
        con.executemany("INSERT INTO buildings (municipality_key, name, floor_area_m2) VALUES (?, ?, ?)", BUILDINGS)


@pytest.fixture
def net(store):
    fill(store)
    return store


# --- competences ----------------------------------------------------------------------------------------------

def test_search_heat_planning_contacts_first_then_experienced(net):
    found = network.search(net, "heat_planning", personal=True)
    # contact: Anna, Carla (by name); experienced: Bernd; Dieter only wants to learn: not listed
    assert list(found["name"]) == [NAMES[10], NAMES[30], NAMES[20]]
    assert list(found["level"]) == ["contact", "contact", "experienced"]
    assert list(found["email"]) == ["p10@example.org", "p30@example.org", "p20@example.org"]
    assert list(found["municipalities"]) == ["VG Kusel-Altenglan", "Landkreis Kusel (Kreisverwaltung)",
                                             "Stadt Kaiserslautern"]
    assert [list(keys) for keys in found["district_keys"]] == [["07336"], ["07336"], ["07312"]]
    learners = network.search(net, "heat_planning", personal=True, levels=("learning",))
    assert list(learners["person_id"]) == [40]


def test_search_anonymised_has_pseudonyms_and_no_contact(net):
    found = network.search(net, "heat_planning", personal=False)
    # person ids 10..50 rank 1..5: Anna = Person 1, Carla = Person 3, Bernd = Person 2
    assert list(found["name"]) == ["Person 1", "Person 3", "Person 2"]
    assert not {"email", "phone"} & set(found.columns)
    assert "Beispiel" not in found.to_csv()


def test_people_table_personal_and_anonymised(net):
    table = network.people_table(net, personal=True).set_index("person_id")
    assert table.loc[50, "municipalities"] == "Stadt Kaiserslautern, VG Kusel-Altenglan"
    assert sorted(table.loc[50, "district_keys"]) == ["07312", "07336"]
    assert table.loc[10, "topics_contact"] == "Wärmeplanung"
    assert table.loc[10, "topics_experienced"] == "PV"
    assert table.loc[10, "topics_learning"] == "Mobilität"
    assert table.loc[40, "phone"] == "0000-40" and table.loc[40, "role_title"] == "Klimaschutzmanagement 40"
    anonymous = network.people_table(net, personal=False)
    assert list(anonymous["name"]) == [f"Person {n}" for n in range(1, 6)]
    assert not set(network.PERSONAL_COLUMNS) & set(anonymous.columns)
    assert not any(name.split()[1] in anonymous.to_csv() for name in NAMES.values())


def test_coverage_matrix_has_one_row_per_competence(net):
    matrix = network.coverage_matrix(net, personal=False)
    assert len(matrix) == len(COMPETENCES) == 11
    heat = matrix[matrix["topic"] == "heat_planning"]
    # contact first (Person 1, Person 3), then experienced (Person 2), then learning (Person 4)
    assert list(heat["name"]) == ["Person 1", "Person 3", "Person 2", "Person 4"]
    assert list(heat["level"]) == ["contact", "contact", "experienced", "learning"]


def test_topic_coverage_counts_and_risks(net):
    cover = network.topic_coverage(net).set_index("topic")
    # heat_planning: contact Anna, Carla; experienced Bernd; learning Dieter → able 3, no risk
    assert cover.loc["heat_planning", ["contact", "experienced", "learning", "able"]].tolist() == [2, 1, 1, 3]
    assert cover.loc["heat_planning", "risk"] is None
    # pv: Erika contact, Anna experienced, Carla learning → able 2
    assert cover.loc["pv", ["contact", "experienced", "learning", "able"]].tolist() == [1, 1, 1, 2]
    # mobility: only Anna, who wants to learn → uncovered; funding: only Dieter → single
    assert cover.loc["mobility", ["able", "learning", "risk"]].tolist() == [0, 1, "uncovered"]
    assert cover.loc["funding", ["able", "risk"]].tolist() == [1, "single"]
    # the five builtin topics nobody names are uncovered too: 6 uncovered, 1 single in all
    assert cover["risk"].value_counts().to_dict() == {"uncovered": 6, "single": 1}
    ordered = network.topic_coverage(net)
    assert list(ordered["risk"])[:7] == ["uncovered"] * 6 + ["single"]  # the risks lead


# --- requests -------------------------------------------------------------------------------------------------

def test_request_figures_all(net):
    figures = network.request_figures(net, NOW)
    # R1–R7 (R8 is filed after NOW): open R4, R6; clarifying R3, R7; done R1, R2, R5
    assert (figures["open"], figures["clarifying"], figures["done"]) == (2, 2, 3)
    # first answer: R1 47/24 = 1.958, R2 1.0, R3 3.0, R5 0.5, R7 2.0 → sorted 0.5 1.0 1.958 2.0 3.0: median 1.958
    assert figures["days_to_first_answer"] == pytest.approx(47 / 24)
    assert figures["days_to_first_answer"] == pytest.approx(1.958, abs=1e-3)  # 47 h across the clock change
    assert figures["mean_days_to_first_answer"] == pytest.approx((0.5 + 1 + 47 / 24 + 2 + 3) / 5)  # 1.692
    # done: R1 95/24 = 3.958, R2 4.0, R5 10.0 → median 4.0, mean 5.986
    assert figures["days_to_done"] == pytest.approx(4.0)
    assert figures["mean_days_to_done"] == pytest.approx((95 / 24 + 4 + 10) / 3)


def test_request_figures_filtered(net):
    kl = network.request_figures(net, NOW, district_key="07312")
    # R2, R5 (R8 later than NOW): first answer 1.0 and 0.5 → median 0.75; done 4.0 and 10.0 → 7.0
    assert (kl["open"], kl["clarifying"], kl["done"]) == (0, 0, 2)
    assert kl["days_to_first_answer"] == pytest.approx(0.75) and kl["days_to_done"] == pytest.approx(7.0)
    heat = network.request_figures(net, NOW, topic="heat_planning")
    # R2 done, R3 clarifying, R4 open, R7 clarifying; first answers 1.0, 3.0, 2.0 → median 2.0
    assert (heat["open"], heat["clarifying"], heat["done"]) == (1, 2, 1)
    assert heat["days_to_first_answer"] == pytest.approx(2.0)
    # local period: R2 was filed 31.03. 22:30 UTC = 01.04. 00:30 local → in April–June with R3
    q2 = network.request_figures(net, NOW, since=date(2026, 4, 1), until=date(2026, 6, 30))
    assert (q2["open"], q2["clarifying"], q2["done"]) == (0, 1, 1)
    assert q2["days_to_first_answer"] == pytest.approx(2.0)  # (1.0 + 3.0) / 2
    og = network.request_figures(net, NOW, municipality_key=OG)
    assert (og["clarifying"], og["days_to_done"]) == (1, None)
    # before R1 was answered (29.03. noon UTC) it counts, but without a first answer yet
    early = network.request_figures(net, datetime(2026, 3, 29, 12, 0, tzinfo=timezone.utc))
    assert early["days_to_first_answer"] is None and early["open"] == 0 and early["done"] == 1


def test_requests_over_time_by_local_quarter_and_month(net):
    quarters = network.requests_over_time(net, "topic", "quarter", now=NOW)
    got = [(row.period, row.key, row.requests) for row in quarters.itertuples()]
    assert got == [(date(2026, 1, 1), "pv", 1),  # R1
                   (date(2026, 4, 1), "heat_planning", 2),  # R2 (local 01.04.) and R3
                   (date(2026, 7, 1), "energy_management", 1), (date(2026, 7, 1), "heat_planning", 1),  # R5, R4
                   (date(2026, 10, 1), "mobility", 1), (date(2026, 10, 1), "heat_planning", 1)]  # R6, R7 by label
    assert list(quarters["label"])[:2] == ["PV", "Wärmeplanung"]
    months = network.requests_over_time(net, "municipality", "month", now=NOW, district_key="07312")
    assert [(row.period, row.label, row.requests) for row in months.itertuples()] == [
        (date(2026, 4, 1), "Stadt Kaiserslautern", 1), (date(2026, 7, 1), "Stadt Kaiserslautern", 1)]


# --- posts ----------------------------------------------------------------------------------------------------

def test_posts_status_on_a_fixed_day(net):
    posts = network.posts_table(net, TODAY, personal=True).set_index("post_id")
    assert posts["status"].to_dict() == {1: "ends_within_12_months", 2: "permanent", 3: "ends_within_24_months",
                                         4: "vacant", 5: "ended", 6: "funded"}
    assert posts.loc[4, "funding_status"] == "funded"  # a vacant post still shows its funding
    # months left: P1 06/2027 → 6, P3 04.12.2027 → 12, P4 12/2029 → 36, P5 ended → 0; none without end
    months = {pid: (None if pd.isna(value) else int(value)) for pid, value in posts["months_left"].items()}
    assert months == {1: 6, 2: None, 3: 12, 4: 36, 5: 0, 6: None}
    assert posts.loc[1, "name"] == NAMES[10] and pd.isna(posts.loc[4, "name"])
    anonymous = network.posts_table(net, TODAY, personal=False)  # the post, not its holder: no pseudonym to link
    assert not {"name", "person_id"} & set(anonymous.columns)
    assert list(anonymous.sort_values("post_id")["status"])[3] == "vacant"
    # soonest end first: P5 (ended), P1, P3, P4, then the posts without end
    assert list(network.posts_table(net, TODAY, personal=False)["post_id"])[:4] == [5, 1, 3, 4]


def test_post_status_boundaries_move_with_today(net):
    status = network.posts_table(net, date(2026, 12, 3), personal=False).set_index("post_id")["status"]
    assert status[5] == "ends_within_12_months"  # ends today: not yet ended
    assert status[3] == "ends_within_24_months"  # 04.12.2027 is not before 03.12.2026 + 12 months = 03.12.2027
    status = network.posts_table(net, date(2027, 12, 5), personal=False).set_index("post_id")["status"]
    assert (status[1], status[3]) == ("ended", "ended")


def test_posts_by_area(net):
    area = network.posts_by_area(net, TODAY)
    rows = {(r.level, r.key): r for r in area.itertuples()}
    columns = ("posts", "fte", "active", "permanent", "ends_within_12", "ends_within_24", "vacant", "ended")

    def figures(level, key):
        return tuple(getattr(rows[(level, key)], c) for c in columns)

    # Kusel: P1 (1.0, ends 12), P3 (0.8, ends 24), P4 vacant, P5 ended → 3 posts, FTE 1.8, 2 active
    assert figures("district", "07336") == pytest.approx((3, 1.8, 2, 0, 1, 1, 1, 1))
    # Kaiserslautern: P2 permanent 0.5, P6 funded 0.25
    assert figures("district", "07312") == pytest.approx((2, 0.75, 2, 1, 0, 0, 0, 0))
    assert figures("municipality", OG) == pytest.approx((1, 0.0, 0, 0, 0, 0, 1, 1))
    assert figures("municipality", LK) == pytest.approx((1, 0.8, 1, 0, 0, 1, 0, 0))
    assert list(area["level"]) == ["district"] * 2 + ["municipality"] * 4
    # within Kusel the Kreisverwaltung comes first
    assert list(area[area["district_key"] == "07336"]["key"])[1:] == [LK, KA, OG]


def test_without_post(net):
    missing = network.without_post(net, TODAY)
    # only VG Oberes Glantal: its post is vacant (P4) and the other's funding ended (P5)
    assert list(missing["municipality_key"]) == [OG]
    assert (missing.iloc[0]["vacant"], missing.iloc[0]["ended"]) == (1, 1)
    net.execute("UPDATE posts SET person_id = NULL WHERE post_id = 3")  # the Kreis post becomes vacant
    assert list(network.without_post(net, TODAY)["municipality_key"]) == [LK, OG]  # Kreisverwaltung first


def test_coverage_shares(net):
    shares = network.coverage_shares(net, TODAY)
    # covered: Kusel-Altenglan (P1), Kreisverwaltung (P3), Kaiserslautern (P2, P6); not Oberes Glantal
    assert shares["buildings"] == pytest.approx(5 / 6)  # 2 + 1 + 2 of 6
    assert shares["floor_area"] == pytest.approx(5000 / 5800)  # (1000 + 500) + 2000 + 1500 of 5800
    # inhabitants: VG and city only (24,000 + 21,000 + 100,000); the Kreis post covers none
    assert shares["inhabitants"] == pytest.approx(124_000 / 145_000)
    assert shares["inhabitants_total"] == 145_000
    net.execute("DELETE FROM posts WHERE post_id = 3")  # without the Kreis post: inhabitants unchanged
    after = network.coverage_shares(net, TODAY)
    assert after["inhabitants"] == pytest.approx(124_000 / 145_000)
    assert after["buildings"] == pytest.approx(4 / 6) and after["floor_area"] == pytest.approx(3000 / 5800)


def test_coverage_shares_without_buildings(store):
    fill(store, buildings=False)
    shares = network.coverage_shares(store, TODAY)
    assert shares["buildings"] is None and shares["floor_area"] is None


# --- worded tables and labels ---------------------------------------------------------------------------------

def test_labels_come_from_the_catalogs():
    assert worded.level_label("contact") == "Ansprechpartner*in"
    assert worded.level_label("learning", "en") == "wants to learn"
    assert worded.status_label("clarifying") == "in Klärung"
    assert worded.urgency_label("high") == "dringend"
    assert worded.funding_label("kommunalrichtlinie") == "Kommunalrichtlinie (NKI)"
    assert worded.post_status_label("vacant") == "unbesetzt"
    assert worded.post_status_label(None) == ""
    assert len(worded.coverage_notes("de")) == 2 and "Ursache" in worded.coverage_notes("de")[0]


@pytest.mark.parametrize("by", worded.TABLES)
def test_anonymised_tables_carry_no_personal_data(net, by):
    table = worded.network_table(net, by, "de", personal=False, now=NOW)
    text = table.to_csv()
    for pid, name in NAMES.items():
        for part in (name.split()[0], name.split()[1], f"p{pid}@example.org", f"0000-{pid}"):
            assert part not in text, (by, part)
    assert "kusel" not in text and "Klimaschutzmanagement" not in text


def test_worded_request_table(net):
    table = worded.network_table(net, "request", "de", personal=False, now=NOW)
    assert len(table) == 7  # R8 is after NOW
    first = table.iloc[-1]  # oldest last: R1
    assert first["Status"] == "erledigt" and first["Thema"] == "PV"
    assert first["eingegangen am"] == datetime(2026, 3, 28, 10, 0)  # local wall clock
    assert first["erste Antwort am"] == datetime(2026, 3, 30, 10, 0)
    assert first["Tage bis zur ersten Antwort"] == pytest.approx(1.958, abs=1e-3)
    assert "Beschreibung" not in table.columns
    personal = worded.network_table(net, "request", "en", personal=True, now=NOW)
    assert {"Description", "Answer", "Taken by", "Filed by (account)"} <= set(personal.columns)
    assert personal.iloc[-1]["Taken by"] == NAMES[20]


def test_worded_topic_and_person_tables(net):
    topics = worded.network_table(net, "topic", "de", personal=True, now=NOW).set_index("Thema")
    assert topics.loc["Wärmeplanung", "Ansprechpartner*innen (Namen)"] == f"{NAMES[10]}, {NAMES[30]}"
    assert topics.loc["Wärmeplanung", "Anfragen"] == 4  # R2, R3, R4, R7
    assert topics.loc["Wärmeplanung", "Anfragen offen oder in Klärung"] == 3
    assert topics.loc["Mobilität", "Netzwerkrisiko"] == "Risiko: niemand im Netzwerk kann helfen"
    people = worded.network_table(net, "person", "en", personal=True)
    assert list(people.columns)[:3] == ["Person", "Role", "E-mail"]


# --- CLI ------------------------------------------------------------------------------------------------------

@pytest.fixture
def network_store(tmp_path, monkeypatch):
    path = make_analytics_store_file(tmp_path / "netz.duckdb", accounts=True)
    con = open_store(path)
    try:
        fill(con, buildings=False)
    finally:
        con.close()
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    monkeypatch.delenv("KTDASH_USER", raising=False)
    monkeypatch.delenv("KTDASH_PASSWORD", raising=False)
    return path


def test_cli_export_network_anonymised_without_a_member(network_store, tmp_path, monkeypatch):
    for by in worded.TABLES:
        out = tmp_path / f"{by}.csv"
        assert cli.main(["export", "network", "--by", by, "--out", str(out)]) == 0
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # German Excel CSV with BOM
        for name in NAMES.values():
            for part in name.split()[:2]:
                assert part.encode() not in data, (by, part)
        assert b"@example.org" not in data and b"0000-" not in data
    rows = list(csv.reader(io.StringIO((tmp_path / "person.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Person" and [r[0] for r in rows[1:]] == [f"Person {n}" for n in range(1, 6)]
    # a viewer is no network member: still anonymised
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    out = tmp_path / "gast.xlsx"
    assert cli.main(["export", "network", "--by", "person", "--as", "gast", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
    import openpyxl

    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert "Person 1" in cells and NAMES[10] not in cells


def test_cli_export_network_personal_for_a_member(network_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    assert cli.main(["export", "network", "--by", "person", "--as", "agentur"]) == 0
    text = capsys.readouterr().out
    assert NAMES[10] in text and "p10@example.org" in text
    assert cli.main(["export", "network", "--by", "request", "--as", "kusel", "--format", "csv"]) == 0
    assert "Antwort von Bernd Muster (fiktiv)" in capsys.readouterr().out
    assert cli.main(["export", "network", "--by", "district"]) == cli.EXIT_ERROR  # a campaign grouping
    assert cli.main(["export", "campaigns", "--by", "person"]) == cli.EXIT_ERROR


def test_master_data_fixture_is_the_documented_one(store):
    rows = dict(store.execute("SELECT municipality_key, population FROM municipalities").fetchall())
    assert rows == {KA: 24000, OG: 21000, LK: None, KL: 100000}, "the hand computations above assume these"


def test_coverage_stands_next_to_energy_and_campaign_figures(network_store):
    """The small analytics store: Rathaus Kusel (Kusel-Altenglan, 1.000 m²) 2022 20.000 kWh electricity + 100.000
    kWh gas, 2024 18.000 + 90.000; Rathaus KL (no area) 2022 the same, 2024 22.000 + 110.000; weather = long-term
    mean, so normalised = raw. Kusel-Altenglan 2024: 108.000 kWh, −10 % against 2022; Kaiserslautern +10 %."""
    con = open_store(network_store)
    try:
        frame = network.coverage(con, TODAY, 2024, baseline=2022).set_index("municipality_key")
        shares = network.coverage_shares(con, TODAY)
    finally:
        con.close()
    assert frame.loc[KA, "energy_kwh"] == pytest.approx(108_000)
    assert frame.loc[KA, "change_share"] == pytest.approx(-0.10)
    assert frame.loc[KL, "change_share"] == pytest.approx(0.10)
    assert (frame.loc[KA, "buildings"], frame.loc[KA, "floor_area"]) == (1, 1000)
    assert bool(frame.loc[KA, "active_post"]) and not bool(frame.loc[OG, "active_post"])
    assert frame.loc[KA, "fte"] == pytest.approx(1.0) and frame.loc[KL, "fte"] == pytest.approx(0.75)
    assert pd.isna(frame.loc[LK, "inhabitants"]) and frame.loc[KL, "inhabitants"] == 100_000
    assert frame.loc[KA, "activities"] == 0  # no campaign activity in 2024
    assert pd.isna(frame.loc[OG, "energy_kwh"])  # no buildings there
    # both buildings are in covered municipalities; floor area only Rathaus Kusel's
    assert shares["buildings"] == pytest.approx(1.0) and shares["floor_area"] == pytest.approx(1.0)


def test_posts_worded(net):
    table = worded.posts_worded(net, TODAY, "de", personal=False)
    assert list(table.columns)[:3] == ["Kommune", "Landkreis/Stadt", "Finanzierung"]  # no holder when anonymised
    first = table.iloc[0]  # P5: the soonest end
    assert (first["Stand der Stelle"], first["Finanzierung"]) == ("Förderung beendet, nicht verstetigt",
                                                                  "Kommunalrichtlinie (NKI)")
    assert "unbesetzt" in set(table["Stand der Stelle"]) and NAMES[10] not in table.to_csv()
    assert list(table["verstetigt"]).count("ja") == 1  # P2
