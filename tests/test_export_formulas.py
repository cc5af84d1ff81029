"""Formula neutralisation on every export path (issue 15, item 3; README "Security").

Buildings, a campaign and a municipality named like spreadsheet formulas (``=HYPERLINK(…)``, ``+SUM(1,2)``,
``@SUM(A1)``, ``-…``) go out through every ``ktdash export`` (stdout and ``--out``), the page downloads
(German CSV and XLSX of the tables) and the rejected rows of an import: every text cell that starts like a
formula gets a leading ``'``, numbers (negative ones too) stay numbers; ``ktdash export … --raw`` writes the
names unchanged. The PDF report holds no data table to export (its tables are drawn text), so it is not a path.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from conftest import KUSEL, make_analytics_store_file, open_page
from ktdash.output.exports.tables import rejected_rows_csv
from ktdash.cli import main as cli
from ktdash.output.exports.tables import FORMULA_START, german_csv, neutralise_frame
from ktdash.store.connection import open_store

HYPERLINK = "=HYPERLINK(http://127.0.0.1:9/x)"
FORMULA_BUILDINGS = (HYPERLINK, "+SUM(1,2)", "@SUM(A1)", "-Kita Nord")
FORMULA_CAMPAIGN = "=HYPERLINK(http://127.0.0.1:9/kampagne)"
FORMULA_MUNICIPALITY = "+Stadt(1)"  # Stadt Kaiserslautern renamed after the imports
BUILDINGS_FILE = "Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n" + "".join(
    f"{name};Strom;{year};{1000 + 10 * number + year % 10}.000;kWh\n"
    for number, name in enumerate(FORMULA_BUILDINGS) for year in (2022, 2024))
CAMPAIGNS = ("Nr;Kampagne;Thema;Federführung;Beteiligte Kommunen;Beginn;Ende\n"
             f"P1;{FORMULA_CAMPAIGN};Photovoltaik;Kusel;VG Kusel-Altenglan;01.03.2024;31.05.2024\n")
ACTIVITIES = ("Kampagne;Datum;Kommune;Format;Art;Titel;Kosten (EUR);Teilnehmende;Anmeldungen;Beratungen;"
              "Seitenaufrufe;Leads;Umsetzungen\n"
              "P1;10.03.2024;VG Kusel-Altenglan;Präsenz;Vortrag;@Titel;400,00;40;;;;4;\n")
FORMULA_MEASURE = "=HYPERLINK(http://127.0.0.1:9/massnahme)"
MEASURES = ("Liegenschaft;Maßnahme;Titel;Energieträger;Fertigstellung;Investition;Förderung;"
            "erwartete Einsparung (kWh/a);Status;Bemerkung\n"
            f"+SUM(1,2);LED-Beleuchtung;{FORMULA_MEASURE};Strom;01.03.2023;5.000;;800;umgesetzt;\n")


@pytest.fixture(scope="module")
def formula_store(tmp_path_factory):
    path = make_analytics_store_file(tmp_path_factory.mktemp("formulas") / "formeln.duckdb", extra=[
        (BUILDINGS_FILE, "formeln.csv", KUSEL), (CAMPAIGNS, "kampagnen.csv", KUSEL),
        (ACTIVITIES, "aktivitaeten.csv", KUSEL), (MEASURES, "massnahmen.csv", KUSEL)], accounts=True)
    con = open_store(path)
    try:
        names = {n for (n,) in con.execute("SELECT name FROM buildings").fetchall()}
        assert set(FORMULA_BUILDINGS) <= names, names  # stored as typed: the import keeps user text
        con.execute("UPDATE municipalities SET name = ? WHERE municipality_key = '07312000'", [FORMULA_MUNICIPALITY])
        # the network (issue 18): a person and a request in that municipality (`export network`)
        con.execute("INSERT INTO people (person_id, name, consent, created_by, updated_by) "
                    "VALUES (1, 'Anna Beispiel (fiktiv)', true, 'test', 'test')")
        con.execute("INSERT INTO person_municipalities VALUES (1, '07312000')")
        con.execute("INSERT INTO support_requests (topic, municipality_key, description, urgency, filed_at, filed_by, "
                    "updated_by) VALUES ('pv', '07312000', 'Frage', 'normal', TIMESTAMP '2026-01-10 10:00', 'kl', "
                    "'test')")
    finally:
        con.close()
    return path


@pytest.fixture
def formula_env(formula_store, monkeypatch):
    monkeypatch.setenv("KTDASH_DB", str(formula_store))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return formula_store


def dangerous(cells) -> list[str]:
    """Cells a spreadsheet would run as a formula: starting with = + - @ tab CR and not a plain number."""
    found = []
    for cell in cells:
        if isinstance(cell, str) and cell.startswith(FORMULA_START):
            try:
                float(cell.replace(",", "."))
            except ValueError:
                found.append(cell)
    return found


def csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


EXPORTS = {  # argv → the formula names the export must contain (neutralised)
    ("monthly",): FORMULA_BUILDINGS,
    ("kpis",): FORMULA_BUILDINGS,
    ("progress", "--level", "municipality", "--year", "2024", "--baseline", "2022"): (FORMULA_MUNICIPALITY,),
    ("campaigns", "--by", "campaign"): (FORMULA_CAMPAIGN,),
    ("campaigns", "--by", "municipality"): (FORMULA_MUNICIPALITY,),
    ("campaigns", "--by", "district"): (),  # district names are master data: no formula cell may appear
    ("campaigns", "--by", "pv"): (),
    ("measures",): ("+SUM(1,2)", FORMULA_MEASURE),  # the building and the measure's title (issue 17)
    # issue 18: German Excel CSV (`;`), anonymised; the municipality of the person and of the request
    ("network", "--by", "person"): (),  # anonymised person rows carry no place (re-identification), only topics
    ("network", "--by", "topic"): (),
    ("network", "--by", "request"): (FORMULA_MUNICIPALITY,),
}
DELIMITER = {"network": ";"}  # the other exports write `,`


def test_the_corpus_covers_every_cli_export():
    """The README promises neutralisation for *every* `ktdash export`: a new export (or campaign grouping)
    must join EXPORTS above, or this test fails."""
    export = cli.build_parser()._subparsers._group_actions[0].choices["export"]
    choices = {action.dest: set(action.choices) for action in export._actions if action.choices}
    assert {argv[0] for argv in EXPORTS} == choices["what"]
    assert {argv[2] for argv in EXPORTS if argv[0] in ("campaigns", "network")} == choices["by"]


def test_every_cli_export_neutralises_formulas_and_raw_keeps_them(formula_env, tmp_path, capsys):
    for argv, names in EXPORTS.items():
        assert cli.main(["export", *argv]) == 0, argv
        text = capsys.readouterr().out
        delimiter = DELIMITER.get(argv[0], ",")
        cells = csv_cells(text, delimiter)
        assert dangerous(cells) == [], argv
        for name in names:
            assert "'" + name in cells and name not in cells, (argv, name)
        out = tmp_path / ("_".join(argv) + ".csv")
        assert cli.main(["export", *argv, "--out", str(out)]) == 0, argv
        assert out.read_bytes().decode("utf-8-sig") == text, argv  # the file is what stdout gives (a BOM: `;` CSV)
        assert cli.main(["export", *argv, "--raw"]) == 0, argv
        raw = csv_cells(capsys.readouterr().out, delimiter)
        for name in names:
            assert name in raw and "'" + name not in raw, (argv, name)
    # negative numbers stay numbers: Kaiserslautern used more in 2024 than in 2022 (progress: saving < 0)
    assert cli.main(["export", "progress", "--level", "municipality", "--year", "2024", "--baseline", "2022"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    saving = next(r["saving_kwh"] for r in rows if r["name"] == "'" + FORMULA_MUNICIPALITY)
    assert saving.startswith("-") and float(saving) < 0


def test_the_cli_help_documents_raw(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "--raw" in capsys.readouterr().out


def test_one_rule_for_text_cells_only():
    import pandas as pd

    frame = pd.DataFrame({"name": ["=1+2", "+SUM(1,2)", "@A1", "-x", "\tTab", "\rCR", "Rathaus", None],
                          "value": [-1.5, -2.0, 3.0, 0.0, 1.0, 2.0, -7.25, None]})
    safe = neutralise_frame(frame)
    assert safe["name"].tolist()[:7] == ["'=1+2", "'+SUM(1,2)", "'@A1", "'-x", "'\tTab", "'\rCR", "Rathaus"]
    assert safe["value"].tolist()[:3] == [-1.5, -2.0, 3.0]  # numbers untouched
    text = german_csv(frame).decode("utf-8-sig")
    assert "-1,5" in text and "'-1,5" not in text and "'=1+2" in text


def test_page_downloads_and_rejected_rows_are_neutralised(formula_env, downloads):
    """Kommune (its buildings' table), Vergleich by municipality and Kampagnen (campaign table) as CSV and XLSX."""
    at = open_page("pages/kommune.py", kommune="073365001", jahr="2024", basis="2022")
    assert not at.exception
    at2 = open_page("pages/kampagnen.py")
    assert not at2.exception
    at3 = open_page("pages/vergleich.py", jahr="2024", basis="2022")
    at3.radio(key="comparison_level").set_value("municipality").run()
    assert not at3.exception
    csv_files = {n: b for n, b in downloads.items() if n.endswith(".csv")}
    xlsx_files = {n: b for n, b in downloads.items() if n.endswith(".xlsx")}
    assert csv_files and xlsx_files
    seen = set()
    for name, data in csv_files.items():
        cells = csv_cells(data.decode("utf-8-sig"), ";")
        assert dangerous(cells) == [], name
        seen |= {c[1:] for c in cells if c.startswith("'")}
    for name, data in xlsx_files.items():
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, cell.coordinate, cell.value)  # never a formula
                    if isinstance(cell.value, str):
                        assert dangerous([cell.value]) == [], (name, cell.value)
                        if cell.value.startswith("'"):
                            seen.add(cell.value[1:])
    assert set(FORMULA_BUILDINGS) | {FORMULA_CAMPAIGN, FORMULA_MUNICIPALITY} <= seen, seen


def test_rejected_rows_download_is_neutralised(store, prepare):
    preview = prepare("Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\n"
                      f"{HYPERLINK};Strom;13.2024;=1+2;kWh\n").preview
    assert preview.rows_rejected == 1
    cells = csv_cells(rejected_rows_csv(preview).decode("utf-8-sig"), ";")
    assert dangerous(cells) == [] and "'=1+2" in cells
