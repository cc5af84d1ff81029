"""Campaign, activity and register files through the import path: detection, checks with stable codes,
nothing stored from a rejected file, re-import never counts twice, undo removes exactly an import's rows."""

from __future__ import annotations

import pytest

from ktdash.output.exports.tables import rejected_rows_csv
from ktdash.ingest.pipeline import ImportFileError, commit_import, import_file, inspect_file, undo_import
from ktdash.i18n import texts
from ktdash.ingest.commit import UndoBlocked

from conftest import TODAY
from test_campaign_metrics import ACTIVITIES, CAMPAIGNS, register

TABLES = ("campaigns", "campaign_members", "activities", "pv_units", "imports")


def counts(store) -> dict[str, int]:
    return {t: store.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def rejections(preview) -> list[tuple]:
    return [(r.line_no, r.column_name, r.value if isinstance(r.value, str) else None, r.code)
            for r in preview.rejected.itertuples()]


def test_the_three_kinds_are_recognised_from_their_headers(prepare, load):
    assert load(CAMPAIGNS, name="k.csv").layout == "campaigns"
    assert prepare(ACTIVITIES, name="a.csv").preview.layout == "activities"
    assert prepare(register([("07336001", "01.06.2024", "9,84")]), name="m.csv").preview.layout == "pv_register"


def test_alternative_headers_title_lines_and_cp1252(prepare, load):
    load(CAMPAIGNS, name="k.csv")
    text = ("Aktivitäten Landkreis Kusel 2024\n\n"
            "Kampagnen-Nr;Termin;Gemeinde;Veranstaltungsformat;Veranstaltungsart;Bezeichnung;Kosten;Teilnehmer;"
            "Beratungsgespräche;Interessenten;umgesetzte Maßnahmen\n"
            "P1;12.03.2024;Kusel-Altenglan;vor Ort;Infoabend;Solarstrom;1.250,50;45;;3;\n")
    preview = prepare(text, name="aktivitäten.csv", encoding="cp1252").preview
    assert preview.rows_rejected == 0, preview.rejected_frame().to_string()
    assert preview.header_line == 3 and preview.encoding == "cp1252"
    assert preview.summary["participants"] == 45 and preview.summary["cost_eur"] == pytest.approx(1250.5)


def test_a_campaign_file_with_errors_is_previewed_and_rejected_with_line_column_and_value(store, settings):
    text = ("Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende\n"
            "K1;Gute Kampagne;Photovoltaik;Kusel;VG Kusel-Altenglan;01.03.2024;31.05.2024\n"
            "K2;Windkampagne;Windkraft;Kusel;;01.03.2024;31.05.2024\n"
            "K3;Rückwärts;Wärme;Kusel;;01.06.2024;31.05.2024\n"
            "K4;Atlantis;Wärme;Kusel;VG Atlantis, VG Oberes Glantal;01.03.2024;31.05.2024\n"
            "K5;Schaltjahr;Wärme;Kusel;;31.02.2024;31.05.2024\n"
            "K6;;Wärme;Kusel;;01.03.2024;31.05.2024\n")
    before = counts(store)
    preview, result = import_file(store, text.encode(), "kampagnen_fehler.csv", "07336", settings=settings,
                                  user="t", today=TODAY)
    assert result is None and counts(store) == before  # a file with rejected rows changes nothing
    assert preview.rows_read == 6 and preview.rows_rejected == 5
    assert rejections(preview) == [
        (3, "Thema", "Windkraft", "unknown_topic"),
        (4, "Ende", "31.05.2024", "end_before_start"),
        (5, "Beteiligte Kommunen", "VG Atlantis", "unknown_municipality"),
        (6, "Beginn", "31.02.2024", "invalid_date"),
        (7, "Kampagne", None, "missing_value"),
    ]
    messages = preview.rejected_frame()["Grund"].tolist()
    assert "Unbekanntes Thema „Windkraft“. Erlaubt: Photovoltaik, Wärme" in messages[0]
    assert "„VG Atlantis“ in „Beteiligte Kommunen“ ist keine Kommune" in messages[2]
    csv_text = rejected_rows_csv(preview).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Zeile;Spalte;Wert;Code;Grund"


def test_activity_rows_are_checked(store, load, prepare):
    load(CAMPAIGNS, name="k.csv")
    text = ("Kampagne;Datum;Kommune;Format;Art;Titel;Kosten (EUR);Teilnehmende;Beratungen\n"
            "P9;12.03.2024;VG Kusel-Altenglan;online;Webinar;a;10;5;\n"
            "P1;12.03.2024;VG Nirgendwo;online;Webinar;b;10;5;\n"
            "P1;12.03.2024;VG Kusel-Altenglan;Telefon;Webinar;c;10;5;\n"
            "P1;12.03.2024;VG Kusel-Altenglan;online;Tanzkurs;d;10;5;\n"
            "P1;12.03.2024;VG Kusel-Altenglan;online;Webinar;e;10;12,5;\n"
            "P1;12.03.2024;VG Kusel-Altenglan;online;Webinar;f;-5;5;\n"
            "P1;01.02.2026;VG Kusel-Altenglan;Präsenz;Vortrag;g;;40;\n"
            "P1;01.02.2026;VG Kusel-Altenglan;Präsenz;Vortrag;geplant;;;\n"
            "P1;13.03.2024;VG Kusel-Altenglan;online;Webinar;h;10;5;\n"
            "P1;13.03.2024;VG Kusel-Altenglan;online;Webinar;h;10;6;\n"
            "P1;14.03.2024;VG Kusel-Altenglan;online;Webinar;i;10;7;\n"
            "P1;14.03.2024;VG Kusel-Altenglan;online;Webinar;i;10;7;\n")
    before = counts(store)
    preview = prepare(text, name="aktivitaeten.csv").preview
    assert counts(store) == before
    found = rejections(preview)
    assert found[:7] == [
        (2, "Kampagne", "P9", "unknown_campaign"),
        (3, "Kommune", "VG Nirgendwo", "unknown_municipality"),
        (4, "Format", "Telefon", "unknown_format"),
        (5, "Art", "Tanzkurs", "unknown_kind"),
        (6, "Teilnehmende", "12,5", "not_an_integer"),
        (7, "Kosten (EUR)", "-5", "negative_value"),
        (8, "Datum", "01.02.2026", "reach_in_future"),  # today is 15.01.2026 in the tests
    ]
    # lines 10 and 11: the same activity with 5 and 6 participants
    assert [(r[0], r[3]) for r in found[7:]] == [(10, "duplicate_conflict"), (11, "duplicate_conflict")]
    assert "Webinar" in found[7][2] and "h" in found[7][2]
    assert preview.records == 2 and preview.duplicates_ignored == 1  # the planned one and i once


def test_register_rows(store, prepare, settings):
    text = register([("07336001", "01.06.2024", "9,84"), ("07336999", "01.06.2024", "5"),
                     ("07336050", "01.06.2024", "viel"), ("07336050", "01.06.2027", "5"), ("", "01.06.2024", "5"),
                     ("09162000", "01.06.2024", "5")])
    text += "SEE000000000099;In Planung;Solare Strahlungsenergie;5;;07336001;\n"
    text += "SEE000000000098;In Betrieb;Windenergie;3.000;01.06.2024;07336001;\n"
    preview = prepare(text, name="mastr.csv").preview
    assert rejections(preview) == [
        (3, "Gemeindeschlüssel", "07336999", "unknown_place"),
        (4, "Bruttoleistung der Einheit", "viel", "not_a_number"),
        (5, "Inbetriebnahmedatum der Einheit", "01.06.2027", "future_date"),
        (6, "Gemeindeschlüssel", None, "missing_value"),
    ]
    assert preview.records == 1 and preview.summary["kwp"] == pytest.approx(9.84)
    assert any("1 Einheiten außerhalb der Westpfalz" in n for n in texts.notes(preview.notes))  # München
    assert any("1 Einheiten ohne Inbetriebnahme" in n for n in texts.notes(preview.notes))
    assert any("1 Einheiten mit anderem Energieträger" in n for n in texts.notes(preview.notes))


def test_reimporting_the_same_files_never_counts_twice(store, load):
    load(CAMPAIGNS, name="k.csv")
    load(ACTIVITIES, name="a.csv")
    load(register([("07336001", "01.06.2024", "9,84")] * 1), name="m.csv")
    first = counts(store)
    again = load(ACTIVITIES, name="a.csv")
    assert again.records_replaced == again.records == 6 and again.records_changed == 0
    load(CAMPAIGNS, name="k.csv")
    load(register([("07336001", "01.06.2024", "9,84")]), name="m.csv")
    now = counts(store)
    assert {k: v for k, v in now.items() if k != "imports"} == {k: v for k, v in first.items() if k != "imports"}
    participants = store.execute("SELECT sum(participants) FROM activities").fetchone()[0]
    assert participants == 40 + 12 + 100 + 30
    changed = load(ACTIVITIES.replace(";40;", ";41;"), name="a.csv")
    assert changed.records_changed == 1


def test_activities_need_their_campaign_first_and_undo_goes_in_order(store, prepare, settings):
    preview, result = import_file(store, ACTIVITIES.encode(), "a.csv", "07336", settings=settings, user="t",
                                  today=TODAY)
    assert result is None and set(preview.rejected["code"]) == {"unknown_campaign"}
    campaigns = commit_import(store, prepare(CAMPAIGNS, name="k.csv"), user="t")
    activities = commit_import(store, prepare(ACTIVITIES, name="a.csv"), user="t")
    with pytest.raises(UndoBlocked) as blocked:
        undo_import(store, campaigns.import_id)
    assert blocked.value.blocking == [activities.import_id]
    assert undo_import(store, activities.import_id)["activities"] == 6
    removed = undo_import(store, campaigns.import_id)
    assert removed["campaigns"] == 2 and removed["campaign_members"] == 4
    assert {k: v for k, v in counts(store).items() if k != "imports"} == {
        "campaigns": 0, "campaign_members": 0, "activities": 0, "pv_units": 0}


def test_members_default_to_the_lead_and_districts_expand(load, store):
    load("Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende\n"
         "Ohne Liste;Wärme;Kusel;;01.01.2024;31.12.2024\n"
         "Ganzer Kreis;Wärme;VG Oberes Glantal;Kusel, Stadt Kaiserslautern;01.01.2024;31.12.2024\n", name="k.csv")
    members = dict(store.execute("SELECT campaign_id, list(municipality_key ORDER BY municipality_key) "
                                 "FROM campaign_members GROUP BY 1").fetchall())
    assert members == {"Ohne Liste": ["073365001", "073365002"],  # the campaign id is its name without a number
                       "Ganzer Kreis": ["07312000", "073365001", "073365002"]}


def test_a_campaign_file_missing_a_required_column_is_a_file_error(prepare):
    with pytest.raises(ImportFileError) as error:
        prepare("Kampagne;Thema;Beginn\nA;Wärme;01.01.2024\n", name="k.csv")
    assert error.value.code == "missing_column" and "Ende" in error.value.message()


def test_inspect_offers_the_campaign_fields(settings):
    from ktdash.ingest.pipeline import mapping_fields

    inspection = inspect_file(CAMPAIGNS.encode(), "k.csv", settings)
    assert inspection.layout == "campaigns"
    assert inspection.fields["Federführung"] == "lead"
    assert "members" in mapping_fields("campaigns") and "building" not in mapping_fields("campaigns")
    assert "building" in mapping_fields(None)


def test_a_mapping_profile_maps_unusual_headers(load, prepare):
    from ktdash.ingest.pipeline import MappingProfile

    load(CAMPAIGNS, name="k.csv")
    profile = MappingProfile(name="Kusel Aktionen", layout="activities", columns={
        "campaign": "Aktion", "date": "Wann", "municipality": "Wo", "format": "Wie", "kind": "Was",
        "participants": "Köpfe"})
    text = "Aktion;Wann;Wo;Wie;Was;Köpfe\nP1;12.03.2024;VG Kusel-Altenglan;online;Webinar;33\n"
    preview = prepare(text, name="aktionen.csv", profile=profile).preview
    assert preview.layout == "activities" and preview.rows_rejected == 0
    assert preview.summary["participants"] == 33
    with pytest.raises(ValueError):
        MappingProfile(name="falsch", columns={"teilnehmer": "Köpfe"})  # not a field


def campaign_state(store) -> dict[str, list[tuple]]:
    return {t: store.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("campaigns", "campaign_members", "activities", "pv_units", "campaign_versions",
                      "campaign_member_versions", "activity_versions", "pv_unit_versions")}


def test_undo_of_a_reimport_brings_back_the_campaign_rows_it_replaced(store, load):
    """A corrected activity, campaign and solar unit: undo of the correcting imports restores each row."""
    load(CAMPAIGNS, name="k.csv")
    load(ACTIVITIES, name="a.csv")
    load(register([("07336001", "01.06.2024", "9,84")]), name="m.csv")
    before = campaign_state(store)
    fixes = [load(ACTIVITIES.replace(";40;", ";41;"), name="a2.csv"),
             load(CAMPAIGNS, name="k2.csv"),
             load(register([("07336001", "01.06.2024", "12,5")]), name="m2.csv")]
    assert store.execute("SELECT sum(participants) FROM activities").fetchone()[0] == 41 + 12 + 100 + 30
    ids = [r[0] for r in store.execute("SELECT import_id FROM imports ORDER BY import_id DESC LIMIT 3").fetchall()]
    assert len(fixes) == len(ids)
    # the campaign re-import is no longer blocked by the activities: its campaigns come back in their old version
    for import_id in sorted(ids):
        undo_import(store, import_id)
    assert campaign_state(store) == before
    assert store.execute("SELECT sum(participants) FROM activities").fetchone()[0] == 40 + 12 + 100 + 30
