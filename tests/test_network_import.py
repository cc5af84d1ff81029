"""The import of the network's people and posts (issue 18; layout ``network_people``,
ktdash/ingest/layouts/network.py) through the one import pipeline: detection, the preview with its rejected rows
(file, line, column, value and what to do), storing, re-import without change, undo, XLSX, and the refusal of
anyone but an admin."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import Workbook

from ktdash.access.permissions import Role, User
from ktdash.i18n import texts
from ktdash.ingest import people
from ktdash.ingest.pipeline import commit_import, prepare_import, undo_import
from ktdash.ingest.results import ImportFileError

from conftest import TEST_ACCOUNTS, add_test_accounts

KUSEL_KEY, GLANTAL_KEY, KL_KEY = "073365001", "073365002", "07312000"
TODAY = date(2026, 12, 4)
ADMIN = User(name="agentur", role=Role.ADMIN)
HEADER = ("Name;Funktion;E-Mail;Telefon;Kommune(n);Benutzername;Einwilligung;Finanzierung;Förderprogramm;"
          "Förderende;verstetigt;Stellenanteil;PV;Wärmeplanung;Mobilität")
GOOD = "\n".join([
    HEADER,
    "Lena Beispiel (fiktiv);Klimaschutzmanagerin;lena.beispiel@example.org;0000 111;VG Kusel-Altenglan;kusel;ja;"
    "Kommunalrichtlinie;;31.12.2027;nein;0,5;Ansprechpartner*in;erfahren;",
    # the same person's second post (50 % in another municipality): the person columns agree
    "Lena Beispiel (fiktiv);Klimaschutzmanagerin;LENA.BEISPIEL@example.org;0000 111;VG Oberes Glantal;kusel;ja;"
    "Eigenmittel;;;ja;50 %;Ansprechpartner*in;;",
    "Max Muster (fiktiv);Energiemanager;;0000 222;Stadt Kaiserslautern;;ja;anderes Förderprogramm;"
    "EFRE Klima;30.06.2028;nein;1;;möchte lernen;erfahren",
    # a vacant post: no name, no contact
    ";;;;Landkreis Kusel;;;Kommunalrichtlinie;;31.03.2027;;0,75;;;",
]) + "\n"


def prepared(store, settings, content: str | bytes, name: str = "netzwerk.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return prepare_import(store, data, name, None, settings=settings, today=TODAY)


def stored(con) -> tuple:
    """The network's tables (without time stamps)."""
    return (con.execute("SELECT person_id, name, role_title, email, phone, account FROM people ORDER BY 1").fetchall(),
            con.execute("SELECT * FROM person_municipalities ORDER BY ALL").fetchall(),
            con.execute("SELECT * FROM competences ORDER BY ALL").fetchall(),
            con.execute("SELECT post_id, municipality_key, person_id, funding, programme, funding_end, permanent, "
                        "share_of_time FROM posts ORDER BY 1").fetchall())


def test_preview_of_a_good_file(store, settings):
    preview = prepared(store, settings, GOOD).preview
    assert preview.layout == "network_people"
    assert preview.municipality_key == ""
    assert preview.rows_read == 4 and preview.rows_rejected == 0
    assert preview.summary == {"netimport_people": 2, "netimport_posts": 4, "netimport_vacant": 1,
                               "netimport_competences": 4}
    assert preview.records == 6  # two people and four posts (one vacant)
    assert (preview.period_start, preview.period_end) == (date(2027, 3, 31), date(2028, 6, 30))
    assert stored(store) == ([], [], [], [])  # nothing stored by the preview


def test_store_reimport_and_undo(store, settings):
    result = commit_import(store, prepared(store, settings, GOOD), user="test")
    persons, places, competences, posts = stored(store)
    assert [p[1:] for p in persons] == [
        ("Lena Beispiel (fiktiv)", "Klimaschutzmanagerin", "lena.beispiel@example.org", "0000 111", "kusel"),
        ("Max Muster (fiktiv)", "Energiemanager", None, "0000 222", None)]
    lena, max_ = persons[0][0], persons[1][0]
    assert places == [(lena, KUSEL_KEY), (lena, GLANTAL_KEY), (max_, KL_KEY)]
    assert sorted(competences) == sorted([(lena, "pv", "contact"), (lena, "heat_planning", "experienced"),
                                          (max_, "heat_planning", "learning"), (max_, "mobility", "experienced")])
    assert [p[1:] for p in posts] == [
        (KUSEL_KEY, lena, "kommunalrichtlinie", None, date(2027, 12, 31), False, 0.5),
        (GLANTAL_KEY, lena, "own_budget", None, None, True, 0.5),
        (KL_KEY, max_, "other_programme", "EFRE Klima", date(2028, 6, 30), False, 1.0),
        ("07336", None, "kommunalrichtlinie", None, date(2027, 3, 31), False, 0.75)]
    # the audit row holds numbers only: no name, e-mail or phone of anyone
    detail = store.execute("SELECT detail FROM audit_log WHERE action = 'import' AND object = ?",
                           [str(result.import_id)]).fetchone()[0]
    assert json.loads(detail)["person_ids"] == [lena, max_]
    assert "Beispiel" not in detail and "example.org" not in detail and "0000" not in detail

    # the same file again: every line is known, nothing to store, nothing changes
    before = stored(store)
    again = prepared(store, settings, GOOD).preview
    assert again.records == 0 and again.rows_rejected == 0
    assert [n.code for n in again.notes] == ["netimport_note_existing"]
    assert again.notes[0].fields == {"n": 4, "lines": "2, 3, 4, 5"}
    assert "Zeilen 2, 3, 4, 5" in texts.note(again.notes[0], "de")
    assert stored(store) == before

    # a profile the person changed since is not overwritten by a re-import
    people.update_person(store, ADMIN, lena, people.check(name="Lena Beispiel (fiktiv)", role_title="Leitung",
                                                          email="lena.beispiel@example.org", account="kusel",
                                                          municipalities=(KUSEL_KEY,), consent=True))
    assert prepared(store, settings, GOOD).preview.records == 0

    removed = undo_import(store, result.import_id, user="test")
    assert removed["people"] == 2 and removed["posts"] == 4
    assert stored(store) == ([], [], [], [])
    assert store.execute("SELECT status FROM imports WHERE import_id = ?", [result.import_id]).fetchone()[0] == "undone"


def test_undo_vacates_a_post_added_later_and_keeps_other_people(store, settings):
    other = people.add_person(store, ADMIN, people.check(name="Karl Beispiel (fiktiv)", municipalities=(KL_KEY,),
                                                         consent=True))
    result = commit_import(store, prepared(store, settings, GOOD), user="test")
    lena = people.person_for_account(store, "kusel")
    later = people.add_post(store, ADMIN, people.check_post(municipality_key=KUSEL_KEY, person_id=lena,
                                                            funding="own_budget", share_of_time=0.2))
    undo_import(store, result.import_id, user="test")
    assert store.execute("SELECT person_id FROM people").fetchall() == [(other,)]
    assert store.execute("SELECT post_id, person_id FROM posts").fetchall() == [(later, None)]


BAD = "\n".join([
    HEADER,
    "Ohne Einwilligung (fiktiv);Klimaschutzmanager;ohne@example.org;;VG Kusel-Altenglan;;nein;Eigenmittel;;;;1;;;",
    "Falsche Mail (fiktiv);;keine-mail;;VG Kusel-Altenglan;;ja;;;;;;;;",
    "Unbekannte Kommune (fiktiv);;u@example.org;;Atlantis;;ja;;;;;;;;",
    "Ohne Ende (fiktiv);;e@example.org;;VG Oberes Glantal;;ja;Kommunalrichtlinie;;;nein;0,5;;;",
    "Zu viel (fiktiv);;z@example.org;;VG Oberes Glantal;;ja;Eigenmittel;;;;150 %;;;",
    "Falsche Stufe (fiktiv);;s@example.org;;VG Oberes Glantal;;ja;;;;;;Profi;;",
    "Falsche Förderung (fiktiv);;f@example.org;;VG Oberes Glantal;;ja;Lotto;;;;1;;;",
    "Vielleicht (fiktiv);;v@example.org;;VG Oberes Glantal;;vielleicht;;;;;;;;",
    "Gute Person (fiktiv);;g@example.org;;VG Oberes Glantal;;ja;;;;;;;;",
]) + "\n"


def test_rejections_name_file_line_column_value_and_what_to_do(store, settings):
    preview = prepared(store, settings, BAD, name="leute.csv").preview
    rejected = preview.rejected
    by_line = {line: set(group["code"]) for line, group in rejected.groupby("line_no")}
    assert by_line == {2: {"netimport_no_consent"}, 3: {"netimport_invalid_email"}, 4: {"unknown_municipality"},
                       5: {"netimport_end_missing"}, 6: {"netimport_share_invalid"}, 7: {"netimport_unknown_level"},
                       8: {"netimport_unknown_funding"}, 9: {"netimport_invalid_yes_no"}}
    assert preview.rows_rejected == 8 and preview.records == 1
    frame = preview.rejected_frame("de")
    messages = dict(zip(frame.iloc[:, 0], frame.iloc[:, 4], strict=True))
    assert messages[2].startswith("„leute.csv“, Zeile 2: Für diese Person fehlt die Einwilligung (Spalte "
                                  "„Einwilligung“: „nein“)")
    assert "nichts von ihr gespeichert" in messages[2] and "tragen Sie „ja“ ein" in messages[2]
    assert messages[3] == ("„leute.csv“, Zeile 3, Spalte „E-Mail“: „keine-mail“ ist keine E-Mail-Adresse. Tragen "
                           "Sie die dienstliche Adresse ein (z. B. name@kommune.de) oder lassen Sie die Zelle leer.")
    assert "„Atlantis“ in „Kommune(n)“" in messages[4]
    assert "„Kommunalrichtlinie“" in messages[5] and "31.12.2027" in messages[5]
    assert "„150 %“ ist kein Stellenanteil" in messages[6]
    assert "Spalte „PV“: „Profi“ ist keine Stufe" in messages[7]
    assert "„Lotto“ ist unbekannt" in messages[8]
    assert "„vielleicht“ ist weder ja noch nein" in messages[9]
    english = preview.rejected_frame("en")
    assert "line 2" in english.iloc[0, 4] and "consent" in english.iloc[0, 4]
    # stored with the rejections accepted: the one good person, never a rejected one
    commit_import(store, prepared(store, settings, BAD, name="leute.csv"), user="test")
    assert store.execute("SELECT name FROM people").fetchall() == [("Gute Person (fiktiv)",)]


def test_conflicting_rows_of_one_person_and_a_taken_account(store, settings):
    people.add_person(store, ADMIN, people.check(name="Karl Beispiel (fiktiv)", municipalities=(KL_KEY,),
                                                 account="kl", consent=True))
    content = "\n".join([
        HEADER,
        "Anna Beispiel (fiktiv);A;anna@example.org;0000 1;VG Kusel-Altenglan;;ja;;;;;;contact;;",
        "Anna Beispiel (fiktiv);A;anna@example.org;0000 2;VG Oberes Glantal;;ja;;;;;;erfahren;;",
        "Bert Beispiel (fiktiv);B;bert@example.org;;VG Kusel-Altenglan;kl;ja;;;;;;;;",
    ]) + "\n"
    preview = prepared(store, settings, content).preview
    codes = set(zip(preview.rejected["line_no"], preview.rejected["code"], strict=True))
    assert codes == {(2, "duplicate_conflict"), (3, "duplicate_conflict"), (4, "netimport_account_taken")}
    assert preview.records == 0


def test_unknown_topic_column_is_a_note(store, settings):
    content = ("Name;Kommune;Einwilligung;Wärmeplanung;Wasserstoff\n"
               "Anna Beispiel (fiktiv);VG Kusel-Altenglan;ja;erfahren;Ansprechpartnerin\n")
    preview = prepared(store, settings, content).preview
    assert preview.rows_rejected == 0
    assert [n.code for n in preview.notes] == ["netimport_note_unknown_topics"]
    assert "„Wasserstoff“" in texts.note(preview.notes[0], "de")
    assert preview.ignored_columns == ["Wasserstoff"]
    assert preview.summary["netimport_competences"] == 1


def test_xlsx(store, settings):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().split("\n"):
        sheet.append([cell or None for cell in line.split(";")])
    sheet["J2"] = date(2027, 12, 31)  # a date cell, as Excel keeps it
    sheet["L2"] = 0.5  # a number cell
    sheet["L3"] = 0.5  # "50 %" formatted as percent in Excel is the number 0.5
    sheet["L3"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    result = commit_import(store, prepared(store, settings, buffer.getvalue(), name="netzwerk.xlsx"), user="test")
    assert result.rows_stored == 4
    assert store.execute("SELECT municipality_key, funding_end, share_of_time FROM posts ORDER BY post_id"
                         ).fetchall()[:2] == [(KUSEL_KEY, date(2027, 12, 31), 0.5), (GLANTAL_KEY, None, 0.5)]


def test_only_an_admin_stores_it(store, settings):
    add_test_accounts(store)
    for name in ("kusel", "gast"):
        with pytest.raises(ImportFileError) as error:
            commit_import(store, prepared(store, settings, GOOD), user=name)
        assert error.value.code == "netimport_admin_only"
        message = error.value.message("de")
        assert message.startswith("„netzwerk.csv“: Personen und Stellen des Netzwerks importiert nur die "
                                  "Administration") and f"„{name}“" in message
        assert stored(store) == ([], [], [], [])
    assert TEST_ACCOUNTS["agentur"][0] == "admin"
    commit_import(store, prepared(store, settings, GOOD), user="agentur")
    assert len(stored(store)[0]) == 2



def test_ktdash_import_for_the_admin_and_refused_for_a_manager(tmp_path, monkeypatch, capsys):
    """The normal command line: ``ktdash import FILE`` (no municipality: the network's file) as the admin stores
    it; a manager is refused — also naming a municipality of theirs — and nothing is stored."""
    from conftest import TEST_PASSWORD, make_store_file
    from ktdash.cli.main import main
    from ktdash.store.connection import open_store

    db = make_store_file(tmp_path / "cli.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    path = tmp_path / "netzwerk.csv"
    path.write_bytes(GOOD.encode("cp1252"))  # a German Excel's "CSV (Trennzeichen-getrennt)"
    monkeypatch.setenv("KTDASH_USER", "kusel")
    assert main(["import", str(path), "--municipality", "VG Kusel-Altenglan"]) != 0
    assert "importiert nur die Administration" in capsys.readouterr().err
    monkeypatch.setenv("KTDASH_USER", "agentur")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Personen und Stellen des Netzwerks" in out and "Personen neu: 2" in out
    con = open_store(db)
    try:
        assert con.execute("SELECT count(*) FROM people").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 4
    finally:
        con.close()


@pytest.fixture
def page_store(tmp_path, monkeypatch):
    """A store file with the test master data and accounts, for the Import page."""
    from conftest import make_store_file

    path = make_store_file(tmp_path / "page.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def _network_counts(path) -> tuple[int, int, int]:
    from ktdash.store.connection import open_store

    con = open_store(path)
    try:
        return con.execute("SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM posts), "
                           "(SELECT count(*) FROM imports)").fetchone()
    finally:
        con.close()


def test_import_page_refuses_a_manager_before_the_preview(page_store):
    from conftest import open_page

    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("netzwerk.csv", GOOD.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    refusal = next(e.value for e in at.error if "importiert nur die Administration" in e.value)
    assert "„kusel“ darf das nicht; nichts wurde gespeichert" in refusal
    assert not [b for b in at.button if b.key == "import_confirm"]  # no preview, nothing to confirm
    assert not [m for m in at.metric if m.label == texts.t("summary_netimport_people")]
    assert _network_counts(page_store) == (0, 0, 0)


def test_import_page_admin_preview_store_and_again(page_store):
    from conftest import open_page

    at = open_page("pages/import_daten.py", user="agentur")
    at.file_uploader[0].set_value(("netzwerk.csv", GOOD.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    assert texts.t("netimport_page_intro") in [i.value for i in at.info]
    assert not [x for x in at.expander if x.label == texts.t("import_mapping")]  # no mapping form for it
    figures = {m.label: m.value for m in at.metric}
    assert figures[texts.t("summary_netimport_people")] == "2" and figures[texts.t("summary_netimport_posts")] == "4"
    assert figures[texts.t("summary_netimport_vacant")] == "1"
    assert figures[texts.t("summary_netimport_competences")] == "4"
    assert _network_counts(page_store) == (0, 0, 0)  # the preview stores nothing
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert "Gespeichert: 6" in at.success[0].value  # two people and four posts
    assert _network_counts(page_store) == (2, 4, 1)
    history = at.dataframe[-1].value
    assert texts.t("netimport_where") in history[texts.t("history_municipality")].tolist()
    # the same file again: everything stored already, nothing to confirm
    at.file_uploader[0].set_value(("netzwerk.csv", GOOD.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    assert texts.t("netimport_page_unchanged") in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert _network_counts(page_store) == (2, 4, 1)


def test_ktdash_import_again_undo_and_the_manager_s_messages(tmp_path, monkeypatch, capsys):
    """``ktdash import FILE`` without a municipality: a manager is refused with the network's words (not the
    degree days' "Faktoren und Preise ändern"); the preview names the network; the same file again is
    "unverändert" (exit 0); a manager may not undo it (no "für " with an empty name); the admin's undo counts
    people and posts."""
    from conftest import TEST_PASSWORD, make_store_file
    from ktdash.cli.main import main

    db = make_store_file(tmp_path / "cli.duckdb", accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    path = tmp_path / "leute.csv"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("KTDASH_USER", "kusel")
    assert main(["import", str(path)]) != 0
    err = capsys.readouterr().err
    assert "Personen und Stellen des Netzwerks importiert nur die Administration" in err
    assert "„kusel“" in err and "Faktoren und Preise" not in err
    assert _network_counts(db) == (0, 0, 0)
    monkeypatch.setenv("KTDASH_USER", "agentur")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Datei: leute.csv → Netzwerk (alle Kommunen)\n" in out
    assert main(["import", str(path)]) == 0  # again: nothing new
    captured = capsys.readouterr()
    assert "leute.csv: unverändert" in captured.out and "nicht gespeichert" not in captured.err
    assert _network_counts(db) == (2, 4, 1)
    monkeypatch.setenv("KTDASH_USER", "kusel")
    assert main(["undo", "1"]) != 0
    err = capsys.readouterr().err
    assert "Nicht erlaubt: Importe rückgängig machen (Benutzer „kusel“" in err and "für  " not in err
    monkeypatch.setenv("KTDASH_USER", "agentur")
    assert main(["undo", "1"]) == 0
    assert "Import 1 rückgängig gemacht: 2 Personen und 4 Stellen entfernt." in capsys.readouterr().out
    assert _network_counts(db)[:2] == (0, 0)


def test_undo_message_of_the_network_import():
    removed = {"readings": 0, "consumptions": 0, "meters": 0, "buildings": 0, "people": 2, "posts": 3}
    assert texts.undo_message(7, removed) == "Import 7 rückgängig gemacht: 2 Personen und 3 Stellen entfernt."
    assert texts.undo_message(7, removed, "en") == "Import 7 undone: 2 people and 3 posts removed."
    assert "Zählerwerte" in texts.undo_message(7, {k: 0 for k in ("readings", "consumptions", "meters", "buildings")})
