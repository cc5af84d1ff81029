"""Alerts (issue 17, item 3): a runaway month after an import is flagged and a normal one is not, only that
municipality's manager (and the admin) sees it in the inbox, an acknowledged finding does not come back, a base-load
jump in a load profile is found, and the digest reaches a local SMTP server (aiosmtpd on 127.0.0.1, started here)."""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import socket
from datetime import date, datetime

import pandas as pd
import pytest

from climate_support import set_test_climate
from conftest import DATA, KUSEL, TODAY, add_test_accounts
from ktdash.access.accounts import get_user
from ktdash.analytics import alerts, savings
from ktdash.core.settings import Settings, SmtpSettings
from ktdash.ingest.masterdata import load_master_data
from ktdash.ingest.pipeline import commit_import, prepare_import
from ktdash.output.exports import digest
from ktdash.store.connection import open_store

KL = "Stadt Kaiserslautern"
G = [520, 450, 380, 250, 120, 40, 10, 20, 90, 230, 380, 490]  # G20/15 (Kd) of 2023
NOISE = [30, -20, 10, -40, 25, -15, 5, 35, -30, 20, -10, -10]
G_2024 = {1: 500, 2: 430}


def gas(month: date, g: float) -> float:
    """The building's weather model: 100 kWh/d base load, 2 kWh/Kd."""
    return 100 * savings.days_in(month) + 2 * g


def _import(con, content: str, name: str, municipality: str = KUSEL) -> int:
    prepared = prepare_import(con, content.encode(), name, municipality, settings=Settings(), today=TODAY)
    assert prepared.preview.rows_rejected == 0, prepared.preview.rejected_frame().to_string()
    commit_import(con, prepared, user="test")
    return con.execute("SELECT max(import_id) FROM imports").fetchone()[0]


def _months(building: str, values: dict[date, float]) -> str:
    lines = [f"{building};Erdgas;{m:%m.%Y};{v:,.0f};kWh".replace(",", ".") for m, v in values.items()]
    return "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n" + "\n".join(lines) + "\n"


@contextlib.contextmanager
def local_smtp():
    """An aiosmtpd server on a free port of 127.0.0.1 (never an outside address): yields (port, received), received
    the (recipients, message text) of every mail, in order."""
    controller_module = pytest.importorskip("aiosmtpd.controller")
    received: list[tuple[tuple[str, ...], str]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            received.append((tuple(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = controller_module.Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def smtp_settings(port: int) -> Settings:
    return Settings(smtp=SmtpSettings(host="127.0.0.1", port=port, starttls=False, sender="ktdash@example.org"))


@pytest.fixture(scope="module")
def con():
    con = open_store(":memory:")
    load_master_data(con, DATA / "master")
    add_test_accounts(con)
    head = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\n"
    _import(con, head + "Schule S;Schule;1.000;1970\n", "g.csv")
    _import(con, head + "Halle K;Sporthalle;800;1980\n", "k.csv", KL)
    year = {date(2023, m, 1): gas(date(2023, m, 1), G[m - 1]) + NOISE[m - 1] for m in range(1, 13)}
    _import(con, _months("Schule S", year), "2023.csv")
    _import(con, _months("Halle K", year), "k2023.csv", KL)
    climate = {f"2023-{m:02d}": g for m, g in enumerate(G, start=1)} | {f"2024-{m:02d}": g for m, g in G_2024.items()}
    set_test_climate(con, climate, 300)
    yield con
    con.close()


@pytest.fixture(scope="module")
def runaway(con) -> int:
    """January 2024 as the model expects, February 2024 three times that: the import and its check."""
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    import_id = _import(con, _months("Schule S", {jan: gas(jan, 500) + 15, feb: 3 * gas(feb, 430)}), "2024.csv")
    _import(con, _months("Halle K", {jan: gas(jan, 500), feb: gas(feb, 430)}), "k2024.csv", KL)
    alerts.check_after_import(con, import_id)
    return import_id


def user(con, name):
    return get_user(con, name)


def test_runaway_month_flagged_normal_month_not(con, runaway):
    found = con.execute("SELECT b.name, a.subject, a.code, a.month, a.value, a.low, a.high FROM alerts a "
                        "JOIN buildings b USING (building_id) WHERE a.import_id = ?", [runaway]).fetchall()
    assert [(b, s, c, m) for b, s, c, m, *_ in found] == [("Schule S", "Erdgas", "weather_band", date(2024, 2, 1))]
    (_, _, _, _, value, low, high) = found[0]
    assert value == pytest.approx(3 * gas(date(2024, 2, 1), 430)) and low < gas(date(2024, 2, 1), 430) < high < value


def test_band_rule_by_hand():
    """The pure rule: 12 exact-but-noisy months, a 13th on the model is quiet, 13th at +60 % is flagged with its
    prediction; 10 months before are too few for a model."""
    series = [savings.MonthValue(date(2023, m, 1), gas(date(2023, m, 1), G[m - 1]) + NOISE[m - 1], G[m - 1])
              for m in range(1, 13)]
    jan = date(2024, 1, 1)
    assert alerts.band_findings([*series, savings.MonthValue(jan, gas(jan, 500), 500)], jan) == []
    (found,) = alerts.band_findings([*series, savings.MonthValue(jan, 1.6 * gas(jan, 500), 500)], jan)
    assert found["month"] == jan and found["reference"] == pytest.approx(gas(jan, 500), rel=0.02)
    assert alerts.band_findings([*series[2:], savings.MonthValue(jan, 1.6 * gas(jan, 500), 500)], jan) == []


def test_inbox_only_for_that_municipality(con, runaway):
    def codes(name):
        return [(r["building"], r["code"]) for r in alerts.inbox(con, user(con, name)).to_dict("records")]

    assert ("Schule S", "weather_band") in codes("kusel")
    assert all(b == "Schule S" for b, _ in codes("kusel"))
    assert all(b == "Halle K" for b, _ in codes("kl")) and ("Schule S", "weather_band") not in codes("kl")
    assert codes("gast") == [] and alerts.inbox(con, None).empty
    assert ("Schule S", "weather_band") in codes("agentur")
    row = alerts.inbox(con, user(con, "kusel")).iloc[0].to_dict()
    assert "kWh" in alerts.message(row, "de") and "kWh" in alerts.message(row, "en")


def _band_alert(con) -> int:
    return con.execute("SELECT alert_id FROM alerts WHERE code = 'weather_band'").fetchone()[0]


def test_acknowledge_refusals_change_nothing(con, runaway):
    alert_id = _band_alert(con)
    before = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for who, code in (("kl", "not_allowed"), ("gast", "not_allowed"), (None, "not_allowed")):
        with pytest.raises(alerts.AlertRefused) as refused:
            alerts.acknowledge(con, None if who is None else user(con, who), alert_id, "nicht meins")
        assert refused.value.code == code and str(alert_id) in refused.value.message("de")
    with pytest.raises(alerts.AlertRefused) as refused:
        alerts.acknowledge(con, user(con, "kusel"), 99999, "")
    assert refused.value.code == "unknown_alert"
    assert con.execute("SELECT acknowledged_at FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()[0] is None
    assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_digest_reaches_local_server(con, runaway):
    """Before acknowledgement: the manager's digest holds their finding and not the other municipality's."""
    con.execute("INSERT INTO alert_recipients VALUES ('kusel', 'kusel@example.org', 'de'), "
                "('kl', 'kl@example.org', 'en')")
    kl_building = con.execute("SELECT building_id FROM buildings WHERE name = 'Halle K'").fetchone()[0]
    alerts.store_findings(con, [{"building_id": kl_building, "municipality_key": "07312000", "subject": "Erdgas",
                                 "code": "weather_band", "month": date(2024, 2, 1), "period_end": date(2024, 2, 1),
                                 "value": 9999.0, "reference": 3000.0, "low": 2500.0, "high": 3500.0, "score": None,
                                 "unit": "kWh"}])
    with local_smtp() as (port, received):
        assert digest.send_digest(con, Settings(), datetime(2024, 3, 1)) == {}  # no host: off
        sent = digest.send_digest(con, smtp_settings(port), datetime(2024, 3, 1))
        assert sent["kusel"] >= 1 and sent["kl"] == 1
        assert digest.send_digest(con, smtp_settings(port), datetime(2024, 3, 2)) == {}  # nothing new: no second mail
    mails = {tuple(to): email.message_from_string(body, policy=email.policy.default).get_body().get_content()
             for to, body in received}
    assert set(mails) == {("kusel@example.org",), ("kl@example.org",)}
    assert "Schule S" in mails[("kusel@example.org",)] and "Halle K" not in mails[("kusel@example.org",)]
    assert "Halle K" in mails[("kl@example.org",)] and "Schule S" not in mails[("kl@example.org",)]
    assert "Auffälligkeiten" in mails[("kusel@example.org",)] and "alerts" in mails[("kl@example.org",)]


def test_acknowledged_does_not_come_back(con, runaway):
    alert_id = _band_alert(con)
    alerts.acknowledge(con, user(con, "kusel"), alert_id, "Zählerwechsel, Wert geprüft")
    row = con.execute("SELECT acknowledged_by, comment FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()
    assert row == ("kusel", "Zählerwechsel, Wert geprüft")
    assert con.execute("SELECT user_name, action, object FROM audit_log WHERE action = 'alert_acknowledge'"
                       ).fetchall() == [("kusel", "alert_acknowledge", str(alert_id))]
    with pytest.raises(alerts.AlertRefused) as refused:
        alerts.acknowledge(con, user(con, "agentur"), alert_id, "")
    assert refused.value.code == "already_acknowledged"
    assert alerts.check_after_import(con, runaway) == []  # re-check: stored once, acknowledged stays away
    alerts.check_all(con)  # every rule on every building: the acknowledged key is not stored again
    assert alert_id not in set(alerts.inbox(con, user(con, "kusel"))["alert_id"])
    assert con.execute("SELECT count(*) FROM alerts WHERE code = 'weather_band' AND subject = 'Erdgas' "
                       "AND month = DATE '2024-02-01' AND building_id = (SELECT building_id FROM buildings "
                       "WHERE name = 'Schule S')").fetchone()[0] == 1


def test_base_load_jump(con):
    """A meter whose smallest quarter hour per day doubles after 14 days is flagged (+100 %); one whose base load
    stays is not."""
    building_id = con.execute("SELECT building_id FROM buildings WHERE name = 'Schule S'").fetchone()[0]
    for number, later in (("LG-1", 4.0), ("LG-2", 2.0)):
        meter_id = con.execute("INSERT INTO meters (building_id, number, carrier, unit, factor, cumulative, "
                               "interval_minutes) VALUES (?, ?, 'Strom', 'kWh', 1, false, 15) RETURNING meter_id",
                               [building_id, number]).fetchone()[0]
        con.execute("""INSERT INTO readings (meter_id, ts, value, import_id)
            SELECT $meter, TIMESTAMP '2025-06-01' + INTERVAL 15 MINUTE * i,
                   CASE WHEN i < 14 * 96 THEN 2.0 ELSE $later END + (i % 96) / 10, 0
            FROM range(28 * 96) t(i)""", {"meter": meter_id, "later": later})
    (found,) = alerts.base_load_alerts(con, [building_id])
    assert (found["subject"], found["code"], found["month"]) == ("LG-1", "base_load_jump", date(2025, 6, 1))
    assert (found["value"], found["reference"], found["score"]) == pytest.approx((4.0, 2.0, 1.0))
    assert "LG-1" in alerts.message({**found, "alert_id": 1}, "de")


def test_undo_through_the_pipeline_forgets_the_open_findings_and_keeps_the_acknowledged(con):
    from ktdash.ingest import pipeline

    _, result = pipeline.import_file(con, _months("Schule S", {date(2024, 4, 1): 2500.0}).encode(), "a.csv", KUSEL,
                                     settings=Settings(), user="test", today=TODAY)
    building_id, key = con.execute("SELECT building_id, municipality_key FROM buildings WHERE name = 'Schule S'"
                                   ).fetchone()
    finding = {"building_id": building_id, "municipality_key": key, "subject": "Erdgas", "code": "outlier",
               "period_end": None, "value": 1.0, "reference": 2.0, "low": None, "high": None, "score": 9.0,
               "unit": "kWh"}
    kept, gone = alerts.store_findings(con, [{**finding, "month": date(2019, 1, 1)},
                                             {**finding, "month": date(2019, 2, 1)}], import_id=result.import_id)
    alerts.acknowledge(con, user(con, "kusel"), kept, "geprüft")
    pipeline.undo_import(con, result.import_id, user="test")
    assert {a for (a,) in con.execute("SELECT alert_id FROM alerts WHERE list_contains(?, alert_id)",
                                      [[kept, gone]]).fetchall()} == {kept}


def test_undone_import_forgets_its_open_findings(con):
    building_id = con.execute("SELECT building_id FROM buildings WHERE name = 'Schule S'").fetchone()[0]
    finding = {"building_id": building_id, "municipality_key": "073365001", "subject": "Heizöl", "code": "stale",
               "month": date(2020, 1, 1), "period_end": date(2020, 5, 1), "value": 4.0, "reference": 3.0, "low": None,
               "high": None, "score": None, "unit": None}
    (alert_id,) = alerts.store_findings(con, [finding], import_id=123456)
    assert alerts.store_findings(con, [finding], import_id=123456) == []  # the same key: stored once
    assert alerts.forget_import(con, 123456) == 1
    assert con.execute("SELECT count(*) FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()[0] == 0


def test_smtp_settings_from_env():
    assert not Settings.from_env({}).smtp.enabled
    smtp = Settings.from_env({"KTDASH_SMTP_HOST": "mail.example.org", "KTDASH_SMTP_PORT": "25",
                              "KTDASH_SMTP_STARTTLS": "0", "KTDASH_SMTP_USER": "u", "KTDASH_SMTP_PASSWORD": "geheim",
                              "KTDASH_SMTP_SENDER": "ktdash@example.org"}).smtp
    assert (smtp.enabled, smtp.host, smtp.port, smtp.starttls, smtp.user, smtp.sender) == (
        True, "mail.example.org", 25, False, "u", "ktdash@example.org")
    assert "geheim" not in repr(smtp)


# --- the hooks: after the import's commit, never rolling it back -----------------------------------------------------

def test_after_commit_runs_after_the_outermost_commit_and_not_after_a_rollback(con):
    from ktdash.store.connection import after_commit, transaction

    ran = []
    with transaction(con):
        with transaction(con):
            after_commit(con, lambda: ran.append("inner"))
        assert ran == []  # still inside the outer transaction
    assert ran == ["inner"]
    with pytest.raises(RuntimeError), transaction(con):
        after_commit(con, lambda: ran.append("rolled back"))
        raise RuntimeError("boom")
    after_commit(con, lambda: ran.append("no transaction"))  # none open: at once
    assert ran == ["inner", "no transaction"]


def test_a_failing_check_keeps_the_import(con, monkeypatch, caplog):
    """The check runs after the commit: when it fails the import is stored all the same (logged, no exception)."""
    from ktdash.ingest import pipeline

    def broken(con, import_id):
        con.execute("SELECT * FROM no_such_table")  # a DuckDB error, as a broken rule would raise

    monkeypatch.setattr(alerts, "check_after_import", broken)
    preview, result = pipeline.import_file(con, _months("Schule S", {date(2024, 3, 1): 5000.0}).encode(), "m.csv",
                                           KUSEL, settings=Settings(), user="test", today=TODAY)
    assert result is not None and "alert check after import" in caplog.text
    assert con.execute("SELECT status FROM imports WHERE import_id = ?", [result.import_id]).fetchone() == (
        "committed",)
    assert con.execute("SELECT count(*) FROM consumptions WHERE import_id = ?", [result.import_id]).fetchone()[0] == 1
    assert pipeline.undo_import(con, result.import_id, user="test")["consumptions"] == 1


def test_the_import_pages_session_checks_after_its_commit(con, monkeypatch):
    """The Import page stores through an ImportSession (commit_import inside the session's transaction): the check
    runs once, after that transaction committed (the import is visible as committed to another cursor)."""
    from ktdash.ingest import pipeline
    from ktdash.ingest.session import ImportSession

    seen = []

    def recorder(con_, import_id):
        status = con.cursor().execute("SELECT status FROM imports WHERE import_id = ?", [import_id]).fetchone()
        seen.append((import_id, status))

    monkeypatch.setattr(pipeline, "check_alerts_after", recorder)
    session = ImportSession(con, _months("Schule S", {date(2024, 5, 1): 2400.0}).encode(), "s.csv", Settings())
    session.prepare(KUSEL, today=TODAY)
    result = session.commit(user="test")
    assert seen == [(result.import_id, ("committed",))]


# --- "Done when": a runaway month through the real import on the demo, the inboxes, the digest, the page -------------

DEMO_BUILDING = "Grundschule Kusel"  # VG Kusel-Altenglan, Erdgas monthly 2019–2025, station 2385 Idar-Oberstein
JAN_2026, G_JAN_2026 = date(2026, 1, 1), 541.0
DEMO_TODAY = date(2026, 2, 10)
DWD_JAN_2026 = ("Monatliche Gradtage nach VDI 3807 Blatt 1 (Raumtemperatur 20 Grad C, Heizgrenztemperatur 15 Grad C), "
                "Januar 2026\nDatenbasis: Deutscher Wetterdienst, Climate Data Center (CDC), Stationswerte\n"
                "Fehlwerte: -999\n#ID;geogr. Laenge;geogr. Breite;Station                                 ;Monat ;"
                "Anzahl Tage;Monatsgradtage;Anzahl Heiztage\n"
                f"   2385;   7.3263;  49.6927;IDAR-OBERSTEIN                          ;202601;         31;"
                f"         {G_JAN_2026};             31\n")


def _expected_jan_2026(con, building_id: int) -> float:
    """The weather model of the 12 months before January 2026, as the rule fits it (savings.fit_baseline)."""
    months = [m for m in savings.monthly_series(con, building_id, "Erdgas") if date(2025, 1, 1) <= m.month < JAN_2026]
    model = savings.fit_baseline([savings.Point(savings.days_in(m.month), m.g, m.kwh) for m in months])
    return model.predict(savings.days_in(JAN_2026), G_JAN_2026)


@pytest.fixture(scope="module")
def demo(demo_template, tmp_path_factory):
    """A copy of the demo store with the account "kl" (manager of Stadt Kaiserslautern) added; the admin imports
    January 2026's degree days (no alert check: not energy data), then the manager of VG Kusel-Altenglan imports
    January 2026 of Grundschule Kusel at five times what its weather model expects — both through
    ktdash.ingest.pipeline.import_file as the CLI does (the page's session calls the same commit_import)."""
    from unittest import mock

    from conftest import TEST_PASSWORD, _test_password_hash, demo_copy
    from ktdash.access import accounts
    from ktdash.ingest.pipeline import import_file

    path = demo_copy(demo_template, tmp_path_factory, "alerts_demo")
    con = open_store(path)
    hashed = _test_password_hash()
    with mock.patch.object(accounts, "hash_password", lambda password: hashed):
        accounts.add_user(con, "kl", "manager", TEST_PASSWORD, municipalities=[KL], by="test")
    # the demo's own findings (ktdash init checks the demo once: test_the_demo_starts_with_findings_per_manager) are
    # cleared, so that the inbox holds exactly what this month's import finds
    assert con.execute("SELECT count(*) FROM alerts").fetchone()[0] > 0
    con.execute("DELETE FROM alerts")
    _, degree_days = import_file(con, DWD_JAN_2026.encode("latin-1"), "gradtage_202601.csv", None,
                                 settings=Settings(), user="agentur", today=DEMO_TODAY)
    assert degree_days is not None
    assert con.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0  # degree days: no check
    building_id = con.execute("SELECT building_id FROM buildings WHERE name = ?", [DEMO_BUILDING]).fetchone()[0]
    expected = _expected_jan_2026(con, building_id)
    content = _months(DEMO_BUILDING, {JAN_2026: 5 * expected})
    preview, result = import_file(con, content.encode(), "kusel_2026_01.csv", KUSEL, settings=Settings(),
                                  user="kusel", today=DEMO_TODAY)
    assert result is not None, preview.rejected_frame().to_string()
    con.close()
    yield {"path": path, "import_id": result.import_id, "building_id": building_id, "expected": expected}


def test_the_demo_starts_with_findings_per_manager(demo_template, tmp_path_factory):
    """`ktdash init` checks the demo once: the stale electricity meter of Feuerwache Pirmasens (no values after
    06.2025) is in the inbox of Stadt Pirmasens' manager and not in kusel's; every finding of kusel's inbox is of
    VG Kusel-Altenglan; the Datenqualität page's weather section holds the same weather findings as the inbox."""
    from conftest import demo_copy

    con = open_store(demo_copy(demo_template, tmp_path_factory, "alerts_initial"))
    try:
        pirmasens, kusel = alerts.inbox(con, user(con, "pirmasens")), alerts.inbox(con, user(con, "kusel"))
        stale = pirmasens[(pirmasens["building"] == "Feuerwache Pirmasens") & (pirmasens["code"] == "stale")]
        assert stale["subject"].tolist() == ["Strom"]
        everything = alerts.inbox(con, user(con, "agentur"))
        assert everything["municipality"].nunique() > 3  # the admin sees every municipality's findings
        # kusel sees exactly the admin's rows of VG Kusel-Altenglan
        assert sorted(kusel["alert_id"]) == sorted(everything.loc[everything["municipality"] == KUSEL, "alert_id"])
        assert "Feuerwache Pirmasens" not in set(kusel["building"])
        weather = everything[everything["code"].isin(alerts.MODEL_CODES)]
        assert sorted(alerts.model_findings(con)["alert_id"]) == sorted(weather["alert_id"]) and len(weather) > 0
        # one audit row for the whole check, not one per finding (the Protokoll stays readable)
        assert con.execute("SELECT user_name, detail FROM audit_log WHERE action = 'alert_check'").fetchall() == [
            ("demo", f'{{"found": {len(everything)}}}')]
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'alert_found'").fetchone()[0] == 0
    finally:
        con.close()


def _finding(frame):
    rows = frame[(frame["building"] == DEMO_BUILDING) & (frame["code"] == "weather_band")]
    rows = rows[[pd.Timestamp(m) == pd.Timestamp(JAN_2026) for m in rows["month"]]]
    return None if rows.empty else rows.iloc[0].to_dict()


def test_demo_runaway_month_reaches_only_that_manager(demo):
    con = open_store(demo["path"])
    try:
        found = _finding(alerts.inbox(con, user(con, "kusel")))
        assert found is not None and found["subject"] == "Erdgas" and found["value"] == pytest.approx(
            round(5 * demo["expected"]))  # the file holds whole kWh
        assert found["reference"] == pytest.approx(demo["expected"], rel=1e-9) and found["high"] < found["value"]
        assert _finding(alerts.inbox(con, user(con, "kl"))) is None
        assert _finding(alerts.inbox(con, user(con, "pirmasens"))) is None
        assert alerts.inbox(con, user(con, "gast")).empty
        assert _finding(alerts.inbox(con, user(con, "agentur")))["alert_id"] == found["alert_id"]
        assert "01.2026" in alerts.message(found, "de")
        # the finding is in the audit log, by the user whose import found it, for that municipality
        assert con.execute("SELECT user_name, municipality_key FROM audit_log WHERE action = 'alert_found' "
                           "AND object = ?", [str(found["alert_id"])]).fetchall() == [("kusel", "073365010")]
    finally:
        con.close()


def test_demo_digest_reaches_the_local_smtp_server(demo):
    con = open_store(demo["path"])
    try:
        for name in ("kusel", "kl", "pirmasens"):
            digest.set_recipient(con, name, f"{name}@example.org")
        with pytest.raises(digest.RecipientRefused):
            digest.set_recipient(con, "gast", "gast@example.org")  # a viewer has no inbox
        assert [(n, c) for n, _, c in digest.pending(con)] == [("kusel", 2)]  # the weather model's and outlier
        with local_smtp() as (port, received):
            assert digest.send_digest(con, smtp_settings(port), datetime(2026, 2, 10, 7)) == {"kusel": 2}
    finally:
        con.close()
    assert [to for to, _ in received] == [("kusel@example.org",)]  # kl and pirmasens: nothing of theirs is new
    body = email.message_from_string(received[0][1], policy=email.policy.default).get_body().get_content()
    assert DEMO_BUILDING in body and "01.2026" in body and "Außerhalb des Wettermodells" in body


def test_demo_page_acknowledges_and_the_finding_stays_away(demo, monkeypatch):
    """The page Auffälligkeiten as kusel: the finding (and the Datenqualität rule's outlier of the same month) in the
    open tab, a refusal without comment, acknowledged with one; then it is in the acknowledged tab, not in the
    inbox, and no check brings it back."""
    from conftest import open_page, use_store

    use_store(monkeypatch, demo["path"])
    at = open_page("pages/auffaelligkeiten.py", user="kusel")
    assert not at.exception
    assert at.title[0].value == "Auffälligkeiten"
    assert [t.label for t in at.tabs] == ["Offen (2)", "Quittiert (0)"]
    table = at.dataframe[0].value
    assert table["Gebäude"].tolist() == [DEMO_BUILDING] * 2 and table["Monat"].tolist() == ["01.2026"] * 2
    assert table["Regel"].tolist() == ["Ausreißer", "Außerhalb des Wettermodells"]
    band = int(table["Nr."].iloc[1])
    at.selectbox(key="alerts_ack_id").set_value(band)
    at.button(key="FormSubmitter:alerts_acknowledge-Quittieren").click().run()  # no comment: refused
    assert "einen Kommentar" in at.error[0].value
    at.text_area(key="alerts_ack_comment").input("Zähler abgelesen: Fehlablesung, Korrektur folgt")
    at.button(key="FormSubmitter:alerts_acknowledge-Quittieren").click().run()
    assert not at.exception and not at.error
    assert [t.label for t in at.tabs] == ["Offen (1)", "Quittiert (1)"]
    assert "quittiert" in at.success[0].value
    done = at.dataframe[1].value
    assert done["Nr."].tolist() == [band] and done["Regel"].tolist() == ["Außerhalb des Wettermodells"]
    assert done["Quittiert von"].tolist() == ["kusel"]
    assert done["Kommentar"].tolist() == ["Zähler abgelesen: Fehlablesung, Korrektur folgt"]

    con = open_store(demo["path"])
    try:
        assert _finding(alerts.inbox(con, user(con, "kusel"))) is None
        assert alerts.check_after_import(con, demo["import_id"]) == []  # checked again: it does not come back
        assert _finding(alerts.inbox(con, user(con, "kusel"))) is None
        assert con.execute("SELECT user_name, detail FROM audit_log WHERE action = 'alert_acknowledge'").fetchall() \
            == [("kusel", '{"comment": "Zähler abgelesen: Fehlablesung, Korrektur folgt"}')]
    finally:
        con.close()


def test_demo_page_says_why_a_viewer_and_a_visitor_see_nothing(demo, monkeypatch):
    from conftest import open_page, use_store

    use_store(monkeypatch, demo["path"])
    for who, text in ((None, "melden Sie sich"), ("gast", "Rolle nur lesen")):
        at = open_page("pages/auffaelligkeiten.py", user=who)
        assert not at.exception and not at.dataframe and not at.tabs
        assert text in at.info[0].value, at.info[0].value


def test_demo_cli_alerts(demo, monkeypatch, capsys):
    """`ktdash alerts` with the same logins as `undo`: kl's inbox has nothing of Kusel's, kusel's acknowledged tab
    has the finding with the comment, an acknowledgement without comment is refused, `check` is an admin's, and
    the digest without an SMTP host names the settings."""
    import csv

    from conftest import ROOT, TEST_PASSWORD
    from ktdash.cli.main import main

    with (ROOT / "sample_data" / "demo_accounts.csv").open(encoding="utf-8") as fh:
        passwords = {row["user_name"]: row["password"] for row in csv.DictReader(fh)} | {"kl": TEST_PASSWORD}
    monkeypatch.setenv("KTDASH_DB", str(demo["path"]))
    for name in [n for n in os.environ if n.startswith("KTDASH_SMTP_")]:
        monkeypatch.delenv(name)

    def run(name, *argv):
        monkeypatch.setenv("KTDASH_PASSWORD", passwords[name])
        code = main(["alerts", *argv, "--as", name])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("kl", "list", "--all")
    assert code == 0 and DEMO_BUILDING not in out
    code, out, _ = run("kusel", "list", "--acknowledged")
    assert code == 0 and DEMO_BUILDING in out and "Fehlablesung" in out and "Außerhalb des Wettermodells" in out
    code, out, _ = run("kusel", "list")
    assert code == 0 and "Ausreißer" in out and "Außerhalb des Wettermodells" not in out
    outlier = int(out.splitlines()[1].split()[0])
    code, _, err = run("kusel", "ack", str(outlier), "--comment", " ")
    assert code == 2 and "Kommentar" in err
    code, _, err = run("kl", "check")
    assert code == 2 and "admin" in err
    code, _, err = run("agentur", "digest")
    assert code == 2 and "KTDASH_SMTP_HOST" in err


def test_the_band_rule_needs_a_model_the_weather_explains():
    """A series whose baseline months scatter (CV(RMSE) above 15 %) has no band, so a far-off month is not flagged by
    this rule (the outlier rule remains); the same month on a clean model is."""
    months = [date(2023, m, 1) for m in range(1, 13)] + [date(2024, 1, 1)]
    g = G + [500]
    steady = [savings.MonthValue(m, gas(m, x), x) for m, x in zip(months, g, strict=True)]
    runaway = steady[:-1] + [steady[-1]._replace(kwh=3 * steady[-1].kwh)]
    assert alerts.band_findings(runaway, date(2024, 1, 1))  # the clean model flags the runaway month
    scattered = [v._replace(kwh=v.kwh * (1.6 if i % 2 else 0.5)) for i, v in enumerate(runaway[:-1])] + runaway[-1:]
    assert alerts.band_findings(scattered, date(2024, 1, 1)) == []
