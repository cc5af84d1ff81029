"""Files of the wrong municipality (issue 13): before anything is stored, the file is checked against the
municipality chosen for it (ktdash.ingest.provenance): official keys and municipality names in the file name
and the title lines, buildings and meters already stored under another municipality."""

from __future__ import annotations

import pytest

from conftest import KUSEL, TODAY, make_store_file, open_page
from ktdash.cli.main import EXIT_REJECTED, main
from ktdash.ingest.pipeline import MunicipalityMismatch, commit_import, import_file, prepare_import
from ktdash.ingest.provenance import EVIDENCE_CODES, from_text
from ktdash.ingest.masterdata import DEMO_DIR, demo_files, load_master_data
from ktdash.core.settings import Settings
from ktdash.store.connection import open_store

PIRMASENS_FILE = DEMO_DIR / "073170000_pirmasens_verbrauch_monate.csv"
PIRMASENS_BUILDINGS = DEMO_DIR / "073170000_pirmasens_gebaeude.csv"
VG_KUSEL = "073365010"  # VG Kusel-Altenglan in the Westpfalz master data (sample_data/master)


def westpfalz_store(path=":memory:", building_files=(PIRMASENS_BUILDINGS,)):
    """A store with the Westpfalz master data and the demo's building files ``building_files``."""
    con = open_store(path)
    load_master_data(con)
    keys = dict((p.name, key) for p, key in demo_files())
    for file in building_files:
        _, result = import_file(con, file, file.name, keys[file.name], settings=Settings(), user="test")
        assert result is not None
    return con


@pytest.fixture
def westpfalz():
    con = westpfalz_store()
    yield con
    con.close()


def codes(preview) -> list[tuple[str, str, str]]:
    return [(e.code, e.where, e.found) for e in preview.municipality_evidence]


def test_pirmasens_file_refused_for_kusel_with_the_evidence_named(westpfalz):
    prepared = prepare_import(westpfalz, PIRMASENS_FILE, PIRMASENS_FILE.name, "VG Kusel-Altenglan",
                              settings=Settings(), today=TODAY)
    preview = prepared.preview
    assert preview.rows_rejected == 0 and len(preview.new_buildings) == 22
    assert preview.municipality_mismatch
    assert codes(preview) == [("key_of_other_municipality", "file_name", "073170000"),
                              ("name_of_other_municipality", "file_name", "pirmasens"),
                              ("name_of_other_municipality", "title", "Stadt Pirmasens"),
                              ("buildings_of_other_municipality", "store", "22")]
    assert {code for code, _, _ in codes(preview)} <= set(EVIDENCE_CODES)
    assert all(e.municipality_names == ["Stadt Pirmasens"] and e.municipality_keys == ["073170000"]
               for e in preview.municipality_evidence)
    title = preview.municipality_evidence[2]
    assert title.line == 1
    messages = preview.evidence_messages()
    assert messages[0] == "Der Dateiname nennt den Schlüssel 073170000 (Stadt Pirmasens)."
    assert messages[2] == "Zeile 1 über der Tabelle nennt „Stadt Pirmasens“ (Stadt Pirmasens)."
    assert messages[3].startswith("22 Gebäude der Datei sind bereits unter Stadt Pirmasens gespeichert (")
    assert preview.evidence_messages("en")[0] == "The file name gives the key 073170000 (Stadt Pirmasens)."

    # the library refuses to store it unconfirmed: nothing is written
    with pytest.raises(MunicipalityMismatch) as refused:
        commit_import(westpfalz, prepared, user="test")
    assert refused.value.code == "municipality_mismatch"
    assert "nicht zu VG Kusel-Altenglan" in refused.value.message() and "073170000" in refused.value.message()
    assert "not to belong to VG Kusel-Altenglan" in refused.value.message("en")
    assert westpfalz.execute("SELECT count(*) FROM imports").fetchone()[0] == 1  # the buildings file only
    assert westpfalz.execute("SELECT count(*) FROM buildings WHERE municipality_key = ?", [VG_KUSEL]).fetchone()[0] == 0
    preview, result = import_file(westpfalz, PIRMASENS_FILE, PIRMASENS_FILE.name, "VG Kusel-Altenglan",
                                  settings=Settings(), user="test", today=TODAY)
    assert result is None and preview.municipality_mismatch

    # confirmed, it is stored where the user said
    result = commit_import(westpfalz, prepared, user="test", confirm_municipality=True)
    assert result.records_stored == preview.records
    assert westpfalz.execute("SELECT count(*) FROM buildings WHERE municipality_key = ?",
                             [VG_KUSEL]).fetchone()[0] == 22


def test_pirmasens_file_in_pirmasens_gives_no_evidence(westpfalz):
    prepared = prepare_import(westpfalz, PIRMASENS_FILE, PIRMASENS_FILE.name, "Stadt Pirmasens",
                              settings=Settings(), today=TODAY)
    assert prepared.preview.municipality_evidence == []
    commit_import(westpfalz, prepared, user="test")


def test_cli_refuses_with_exit_1_and_stores_only_when_confirmed(tmp_path, monkeypatch, capsys):
    db = tmp_path / "westpfalz.duckdb"
    westpfalz_store(db).close()
    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.delenv("KTDASH_USER", raising=False)
    args = ["import", str(PIRMASENS_FILE), "--municipality", "VG Kusel-Altenglan"]

    assert main(args + ["--dry-run"]) == EXIT_REJECTED == 1
    err = capsys.readouterr().err
    assert "die Datei gehört anscheinend nicht zu VG Kusel-Altenglan" in err
    assert "Der Dateiname nennt den Schlüssel 073170000 (Stadt Pirmasens)" in err
    assert "Zeile 1 über der Tabelle nennt „Stadt Pirmasens“" in err
    assert "22 Gebäude der Datei sind bereits unter Stadt Pirmasens gespeichert" in err
    assert "--confirm-municipality" in err

    assert main(args) == 1
    captured = capsys.readouterr()
    assert "nicht gespeichert" in captured.err
    assert "wiederholen Sie den Befehl mit --confirm-municipality" in captured.err
    assert "Gespeichert:" not in captured.out
    con = open_store(db)
    try:
        assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 1
    finally:
        con.close()

    assert main(args + ["--dry-run", "--confirm-municipality"]) == 0
    assert main(args + ["--confirm-municipality"]) == 0
    captured = capsys.readouterr()
    assert "ausdrücklich bestätigt" in captured.err and "Gespeichert:" in captured.out
    con = open_store(db)
    try:
        assert con.execute("SELECT count(*) FROM buildings WHERE municipality_key = ?", [VG_KUSEL]).fetchone()[0] == 22
    finally:
        con.close()


BUILDINGS = ("Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²)\n"
             "Rathaus Kusel;Verwaltung;1.000\nGrundschule Kusel;Schule;2.000\nBauhof;Sonstiges;300\n")
MONTHS = ("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
          "Rathaus Kusel;Strom;01.2024;100;kWh\nGrundschule Kusel;Strom;01.2024;200;kWh\n")
READINGS = ("Liegenschaft;Zählernummer;Energieträger;Ablesedatum;Zählerstand;Einheit\n"
            "Rathaus Kusel;1ESY12345678;Strom;01.01.2024;1000;kWh\n"
            "Rathaus Kusel;1ESY12345678;Strom;01.02.2024;1100;kWh\n")


def test_buildings_stored_under_another_municipality_refuse_the_file(store, prepare, load):
    load(BUILDINGS, name="gebaeude.csv")  # VG Kusel-Altenglan (test master data)
    prepared = prepare(MONTHS, name="verbrauch.csv", municipality="VG Oberes Glantal")
    evidence = prepared.preview.municipality_evidence
    assert [(e.code, e.count, e.municipality_names) for e in evidence] == [
        ("buildings_of_other_municipality", 2, ["VG Kusel-Altenglan"])]
    assert evidence[0].examples == ["Grundschule Kusel", "Rathaus Kusel"]
    assert prepared.preview.evidence_messages()[0] == (
        "2 Gebäude der Datei sind bereits unter VG Kusel-Altenglan gespeichert (Grundschule Kusel, Rathaus Kusel).")
    with pytest.raises(MunicipalityMismatch):
        commit_import(store, prepared, user="test")
    assert store.execute("SELECT count(*) FROM consumptions").fetchone()[0] == 0
    # in its own municipality the same file is fine
    assert prepare(MONTHS, name="verbrauch.csv").preview.municipality_evidence == []


def test_a_few_common_names_in_a_larger_file_are_no_evidence(store, prepare, load):
    load(BUILDINGS, name="gebaeude.csv")
    own = "Liegenschaft;Nutzungsart\nBauhof;Sonstiges\nRathaus Waldmohr;Verwaltung\nSchule Waldmohr;Schule\n"
    assert prepare(own, name="gebaeude.csv", municipality="VG Oberes Glantal").preview.municipality_evidence == []
    alone = "Liegenschaft;Nutzungsart\nBauhof;Sonstiges\n"  # but one building, stored elsewhere: worth a question
    evidence = prepare(alone, name="gebaeude.csv", municipality="VG Oberes Glantal").preview.municipality_evidence
    assert [e.code for e in evidence] == ["buildings_of_other_municipality"]
    assert evidence[0].message() == "1 Gebäude der Datei ist bereits unter VG Kusel-Altenglan gespeichert (Bauhof)."


def test_meters_stored_under_another_municipality(store, prepare, load):
    load(READINGS, name="zaehler.csv")
    other = READINGS.replace("Rathaus Kusel", "Rathaus Waldmohr")  # another name, the same meter
    evidence = prepare(other, name="zaehler.csv", municipality="VG Oberes Glantal").preview.municipality_evidence
    assert [(e.code, e.examples, e.municipality_names) for e in evidence] == [
        ("meters_of_other_municipality", ["1ESY12345678"], ["VG Kusel-Altenglan"])]
    assert evidence[0].message("en") == "1 meter of the file is already stored under VG Kusel-Altenglan (1ESY12345678)."
    assert prepare(other, name="zaehler.csv").preview.municipality_evidence == []


@pytest.fixture(scope="module")
def master():
    con = westpfalz_store(building_files=())
    yield con
    con.close()


@pytest.mark.parametrize("file_name, title, municipality, expected", [
    # names containing others: the longest name wins
    ("073365010_kusel_altenglan_verbrauch.csv", None, VG_KUSEL, []),
    ("kusel_verbrauch.csv", None, VG_KUSEL, []),  # the town Kusel lies in VG Kusel-Altenglan
    ("kusel_verbrauch.csv", None, "07336", []),  # … and names the Landkreis Kusel
    ("kusel_verbrauch.csv", None, "073365009",
     [("name", "kusel", ["Landkreis Kusel (Kreisverwaltung)", "VG Kusel-Altenglan"])]),
    ("07336_lk_kusel_gebaeude.csv", None, VG_KUSEL,
     [("key", "07336", ["Landkreis Kusel (Kreisverwaltung)"]),
      ("name", "lk_kusel", ["Landkreis Kusel (Kreisverwaltung)"])]),
    ("kaiserslautern_verbrauch.csv", None, "07335", []),
    ("kaiserslautern_verbrauch.csv", None, "073120000", []),
    ("Landkreis Kaiserslautern Verbrauch.csv", None, "073120000",
     [("name", "Landkreis Kaiserslautern", ["Landkreis Kaiserslautern (Kreisverwaltung)"])]),
    ("stadt_kaiserslautern.csv", None, "07335", [("name", "stadt_kaiserslautern", ["Stadt Kaiserslautern"])]),
    ("zweibruecken_land_verbrauch.csv", None, "073405008", []),
    ("zweibruecken_land_verbrauch.csv", None, "073200000",
     [("name", "zweibruecken_land", ["VG Zweibrücken-Land"])]),
    ("pirmasens_land.csv", None, "073405003", []),
    ("Verbrauch Zweibrücken.csv", None, "073200000", []),
    # title lines
    ("verbrauch.csv", "Energiecontrolling VG Kusel-Altenglan (Landkreis Kusel)", VG_KUSEL, []),
    ("verbrauch.csv", "Energiecontrolling Landkreis Kusel", VG_KUSEL,
     [("name", "Landkreis Kusel", ["Landkreis Kusel (Kreisverwaltung)"])]),
    ("verbrauch.csv", "Gemeindeschlüssel 07317000", VG_KUSEL, [("key", "07317000", ["Stadt Pirmasens"])]),
    ("verbrauch.csv", "ARS 073365010050", VG_KUSEL, []),
    ("verbrauch.csv", "Liegenschaft: Rathaus Pirmasens", VG_KUSEL, []),  # a load profile's building, no title
    ("verbrauch.csv", "Export vom 15.01.2026, PLZ 66869", VG_KUSEL, []),
])
def test_keys_and_names_in_file_name_and_title(master, file_name, title, municipality, expected):
    sample = [[title], [], ["Liegenschaft", "Energieträger", "Monat", "Verbrauch"]] if title else \
        [["Liegenschaft", "Energieträger", "Monat", "Verbrauch"]]
    evidence = from_text(master, file_name, sample, len(sample) - 1, municipality)
    assert [(e.code.split("_")[0], e.found, e.municipality_names) for e in evidence] == expected
    assert all(e.where == ("title" if title else "file_name") for e in evidence)


def test_every_demo_file_name_points_to_its_own_municipality_only(master):
    keys = [k for (k,) in master.execute("SELECT municipality_key FROM municipalities").fetchall()]
    for path, own in demo_files():
        if path.name.startswith(("kampagnen_", "aktivitaeten_", "mastr_")):
            continue  # campaign data: every row names its municipality
        if not own:
            continue  # the network's people and posts (empty manifest key): every municipality's, none to point to
        for key in keys:
            evidence = from_text(master, path.name, [], 0, key)
            assert bool(evidence) == (key != own), (path.name, key, [e.message() for e in evidence])


def test_every_demo_file_in_its_own_municipality_gives_no_evidence(demo_template, tmp_path_factory):
    """Every demo file prepared (not stored) again in its municipality, on the whole demo store (`ktdash init`:
    every building and meter of the demo stored)."""
    from conftest import demo_copy

    con = open_store(demo_copy(demo_template, tmp_path_factory, "own_municipality"))
    try:
        for path, key in demo_files():
            preview = prepare_import(con, path, path.name, key, settings=Settings(), today=TODAY).preview
            assert preview.municipality_evidence == [], (path.name, preview.evidence_messages())
    finally:
        con.close()


KL_MONTHS = MONTHS.replace("Rathaus Kusel", "Rathaus KL").replace("Grundschule Kusel", "Hallenbad KL")


@pytest.fixture
def page_store(tmp_path, monkeypatch):
    path = make_store_file(tmp_path / "pages.duckdb", [(KL_MONTHS, "kl.csv", "Stadt Kaiserslautern")], accounts=True)
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


def test_import_page_warns_and_stores_only_when_confirmed(page_store):
    at = open_page("pages/import_daten.py", user="kusel")
    assert not at.exception
    content = KL_MONTHS.replace("01.2024", "02.2024").encode()
    at.file_uploader[0].set_value(("stadt_kaiserslautern_verbrauch.csv", content, "text/csv")).run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "gehört anscheinend nicht zu VG Kusel-Altenglan" in w.value)
    assert "Der Dateiname nennt „stadt\\_kaiserslautern“ (Stadt Kaiserslautern)." in warning
    assert "2 Gebäude der Datei sind bereits unter Stadt Kaiserslautern gespeichert" in warning
    box = next(c for c in at.checkbox if c.key.startswith("import_confirm_municipality"))
    assert box.label == "Die Datei gehört wirklich zu VG Kusel-Altenglan" and not box.value
    assert at.button(key="import_confirm").disabled
    box.check().run()
    assert not at.exception
    button = at.button(key="import_confirm")
    assert not button.disabled
    button.click().run()
    assert not at.exception
    assert "Gespeichert: 2 Werte" in at.success[0].value
    con = open_store(page_store)
    try:
        assert con.execute("SELECT count(*) FROM buildings b JOIN municipalities m USING (municipality_key) "
                           "WHERE m.name = ?", [KUSEL]).fetchone()[0] == 2
    finally:
        con.close()


def test_import_page_without_evidence_shows_no_box(page_store):
    at = open_page("pages/import_daten.py", user="kusel")
    at.file_uploader[0].set_value(("verbrauch.csv", MONTHS.encode(), "text/csv")).run()
    assert not at.exception
    assert not any(c.key.startswith("import_confirm_municipality") for c in at.checkbox)
    assert not at.button(key="import_confirm").disabled

