"""The Energiebericht for the council (issue 19): the municipality's logo and foreword (ktdash.ingest.report_assets),
the Strom-Wärme-Kosten-Diagramm (ktdash.output.charts.report), citable sources only, and the DOCX
(ktdash.output.report.docx) with the same sections, tables and figures as the PDF.

The store is tests/test_report.py's (three municipalities of the Landkreis Kusel, figures worked out by hand there)
plus the test accounts. Charts are drawn by kaleido in tests/test_report.py; here a fixed PNG stands in for every
chart (``chart_bytes``), so one PDF and one DOCX built once for the module are quick — the test is about what the two
documents say, and that each chart of the PDF is a picture in the DOCX.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import docx
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import add_test_accounts, open_page, use_store
from test_report import HEADINGS, KUSEL_ALTENGLAN, body, build_store, pdf_pages
from ktdash.access import audit
from ktdash.access.permissions import NotAllowed, Role, User
from ktdash.cli import main as cli
from ktdash.ingest import report_assets
from ktdash.output import report
from ktdash.output.charts.common import BAD, GOOD
from ktdash.output.charts.report import strom_waerme_kosten, swk_points
from ktdash.store.connection import open_store

ADMIN = User(name="agentur", role=Role.ADMIN)
KUSEL = User(name="kusel", role=Role.MANAGER, municipalities=frozenset({KUSEL_ALTENGLAN}))
VIEWER = User(name="gast", role=Role.VIEWER)
FOREWORD = ("Liebe Mitglieder des Verbandsgemeinderats,\n\nder Energiebericht 2024 zeigt, wo wir stehen.\n\n"
            "Ihr Bürgermeister")
NUMBER = re.compile(r"(?<![\d.,])[−+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?![\d,]|\.\d)")


def png(size=(300, 120), color=(20, 120, 60), kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, kind)
    return buffer.getvalue()


LOGO = png()


@pytest.fixture(scope="module", autouse=True)
def quick_charts():
    """A small PNG of its own for every chart of this module's reports (kaleido is tested in tests/test_report.py):
    the PDF places each once, the DOCX the same."""
    drawn = []

    def chart_png(*args, **kwargs):
        drawn.append(1)
        return png((90, 60), (len(drawn) * 20 % 256, 100, 100))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report.pdf, "chart_bytes", chart_png)
        yield


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = build_store(tmp_path_factory.mktemp("report_docx") / "bericht.duckdb")
    con = open_store(path)
    try:
        add_test_accounts(con)
    finally:
        con.close()
    return path


@pytest.fixture
def con(store_path, tmp_path):
    """A copy of the module's store for a test that writes."""
    path = tmp_path / "kopie.duckdb"
    shutil.copyfile(store_path, path)
    connection = open_store(path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def built(store_path, tmp_path_factory):
    """PDF and DOCX of VG Kusel-Altenglan 2024 with a logo and a foreword, built together once."""
    path = tmp_path_factory.mktemp("built") / "bericht.duckdb"
    shutil.copyfile(store_path, path)
    con = open_store(path)
    try:
        report_assets.set_logo(con, KUSEL, "municipality", KUSEL_ALTENGLAN, LOGO)
        report_assets.set_foreword(con, KUSEL, "municipality", KUSEL_ALTENGLAN, FOREWORD)
        return report.build_reports(con, municipality=KUSEL_ALTENGLAN, year=2024, baseline=2022)
    finally:
        con.close()


def docx_text(data: bytes) -> tuple[list[tuple[str, str]], str]:
    """(style, text) of every paragraph in body order, tables included (a table's cells joined by spaces), and the
    whole text with one space per run of white space."""
    document = docx.Document(io.BytesIO(data))
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(child, document)
            blocks.append((paragraph.style.name, paragraph.text))
        elif child.tag.endswith("}tbl"):
            table = docx.table.Table(child, document)
            cells = []
            for row in table.rows:
                for cell in row.cells:
                    if not cells or cells[-1] is not cell._tc:
                        cells.append(cell._tc)
            blocks.append(("table", " ".join(docx.table._Cell(tc, table).text for tc in cells)))
    return blocks, re.sub(r"\s+", " ", " ".join(text for _, text in blocks))


def sections(text: str, headings: list[str]) -> dict[str, str]:
    """The text of each section, from its heading to the next."""
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions), headings
    ends = positions[1:] + [len(text)]
    return {h: text[p:e] for h, p, e in zip(headings, positions, ends, strict=True)}


# --- the DOCX: opens, same sections and figures as the PDF -----------------------------------------------------

def test_docx_opens_with_word_headings_in_the_pdf_order(built):
    blocks, _ = docx_text(built["docx"])
    headings = [text for style, text in blocks if style == "Heading 1"]
    assert headings == ["Vorwort", *HEADINGS]  # Word's own heading styles: editable, in the table of contents
    assert ("Title", "Energiebericht 2024") in blocks
    document = docx.Document(io.BytesIO(built["docx"]))
    assert document.core_properties.language == "de-DE"
    assert 'TOC \\o "1-1"' in document.element.xml  # the table of contents field Word fills in
    pdf_text = body(pdf_pages(built["pdf"]))
    assert [pdf_text.index(h) for h in ["Vorwort", *HEADINGS]] == sorted(pdf_text.index(h)
                                                                         for h in ["Vorwort", *HEADINGS])


def test_every_section_of_the_docx_has_the_figures_of_the_pdf(built):
    """Each section's numbers in the DOCX (text and tables) are the PDF's, and the key figures worked out by hand in
    tests/test_report.py are in both."""
    _, docx_all = docx_text(built["docx"])
    pdf_all = body(pdf_pages(built["pdf"]))
    in_pdf, in_docx = sections(pdf_all, HEADINGS), sections(docx_all, HEADINGS)
    counted = 0
    for heading in HEADINGS:
        pdf_numbers, docx_numbers = set(NUMBER.findall(in_pdf[heading])), set(NUMBER.findall(in_docx[heading]))
        assert docx_numbers <= pdf_numbers, (heading, docx_numbers - pdf_numbers)
        counted += len(docx_numbers)
    assert counted > 100
    key_figures = {  # section → figures of tests/test_report.py
        HEADINGS[0]: ["330,0 MWh", "307,8 MWh", "46,0 MWh", "353,8 MWh", "102,6 kWh/(m²·a)", "93,3 t", "46.800 €"],
        HEADINGS[2]: ["400,0 MWh", "46,2 MWh (11,5 %)", "auf dem Zielpfad"],
        HEADINGS[3]: ["Rathaus Kusel", "Grundschule Altenglan", "Strom-Wärme-Kosten-Diagramm 2024"],
        HEADINGS[5]: ["K1 Solar-Check Kusel", "450 €", "7,50 €", "24,5"],
    }
    for heading, figures in key_figures.items():
        for figure in figures:
            assert figure in in_pdf[heading], (heading, figure)
            assert figure in in_docx[heading], (heading, figure)


def test_the_pdfs_charts_are_pictures_in_the_docx(built):
    document = docx.Document(io.BytesIO(built["docx"]))
    pictures = [shape for shape in document.inline_shapes]
    charts = sum(len(page.images) for page in PdfReader(io.BytesIO(built["pdf"])).pages[1:])
    assert charts >= 3
    assert len(pictures) == charts + 1  # every chart, and the logo


def test_logo_and_foreword_are_in_both(built):
    pages = PdfReader(io.BytesIO(built["pdf"])).pages
    assert len(pages[0].images) == 1  # the logo on the title page
    assert pages[0].images[0].image.size == (300, 120)
    pdf_text = body(pdf_pages(built["pdf"]))
    docx_blocks, docx_all = docx_text(built["docx"])
    for paragraph in FOREWORD.split("\n\n"):
        assert paragraph in pdf_text[:pdf_text.index(HEADINGS[0])]
        assert paragraph in docx_all[:docx_all.index(HEADINGS[0])]
    document = docx.Document(io.BytesIO(built["docx"]))
    images = [part.blob for part in document.part.package.parts if part.content_type.startswith("image/")]
    assert LOGO in images
    first_picture = document.inline_shapes[0]
    assert abs(first_picture.width / first_picture.height - 300 / 120) < 0.01


def test_without_logo_and_foreword_nothing_is_left_empty(store_path):
    con = open_store(store_path)
    try:
        data = report.build_reports(con, ("docx",), municipality="VG Oberes Glantal", year=2024, baseline=2022)
    finally:
        con.close()
    blocks, text = docx_text(data["docx"])
    assert "Vorwort" not in text and HEADINGS[0] in text
    assert not [b for b in blocks if b[0] == "Heading 1" and not b[1]]


# --- citable sources ---------------------------------------------------------------------------------------------

NOT_CITABLE = re.compile(r"wikipedia|ktdash/|sample_data/|\b[\w-]+\.(?:py|csv)\b|github\.com", re.IGNORECASE)


def test_the_report_cites_only_citable_sources(built):
    for text in (body(pdf_pages(built["pdf"])), docx_text(built["docx"])[1]):
        methods = text[text.index(HEADINGS[7]):]
        assert not NOT_CITABLE.findall(text), NOT_CITABLE.findall(text)
        assert "Statistisches Landesamt Rheinland-Pfalz" in methods and "Statistischer Bericht A I" in methods
        assert "Stand 31.12.2021" in methods  # the date of VG Kusel-Altenglan's population
        for source in ("VDI 3807", "03.05.2021 B1", "Umweltbundesamt", "GEMIS", "dl-de/by-2-0"):
            assert source in methods, source
    assert NOT_CITABLE.search("Quelle: ktdash/analytics/reference/README.md")  # the check can fail
    assert NOT_CITABLE.search("aus der deutschen Wikipedia") and NOT_CITABLE.search("siehe metrics.py")


def test_the_methods_page_cites_only_citable_sources(store_path, monkeypatch):
    use_store(monkeypatch, store_path)
    at = open_page("pages/methoden.py", timeout=120)
    assert not at.exception
    texts = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "text", "latex")
             for e in getattr(at, kind)]
    for kind in ("dataframe", "table"):
        for element in getattr(at, kind):
            frame = element.value
            frame = frame.data if hasattr(frame, "data") else frame
            texts += [str(v) for v in pd.DataFrame(frame).astype(str).to_numpy().ravel()]
    found = [m for text in texts for m in NOT_CITABLE.findall(str(text))]
    assert not found, found
    shown = " ".join(map(str, texts))
    assert "Climate Change 13/2025" in shown and "Informationsblatt CO₂-Faktoren" in shown
    assert "BAnz AT 03.05.2021 B1" in shown


# --- logo and foreword: checks, permissions, audit --------------------------------------------------------------

@pytest.mark.parametrize(("data", "code", "words"), [
    (b"", "empty", "leer"),
    (b"kein Bild, nur Text" * 10, "not_image", "kein lesbares Bild"),
    (png(kind="GIF"), "format", "im Format GIF"),
    (png((8, 8)), "too_small", "8 × 8 Pixel"),
    (png((4100, 20)), "too_big", "4100 × 20 Pixel"),
    (LOGO[: len(LOGO) // 2], "not_image", "beschädigt"),
])
def test_an_invalid_logo_is_refused_with_a_reason_and_nothing_is_stored(con, data, code, words):
    before = len(audit.history(con, limit=1000))
    with pytest.raises(report_assets.ReportAssetError) as refused:
        report_assets.set_logo(con, ADMIN, "municipality", KUSEL_ALTENGLAN, data)
    assert refused.value.code == code
    assert words in refused.value.message("de") and "Nichts wurde gespeichert" in refused.value.message("de")
    assert refused.value.message("en")
    assert report_assets.get_assets(con, "municipality", KUSEL_ALTENGLAN).empty
    assert con.execute("SELECT count(*) FROM report_assets").fetchone()[0] == 0
    assert len(audit.history(con, limit=1000)) == before


def test_a_logo_too_large_in_bytes_is_refused(con, monkeypatch):
    monkeypatch.setattr(report_assets, "MAX_LOGO_BYTES", len(LOGO) - 1)
    with pytest.raises(report_assets.ReportAssetError) as refused:
        report_assets.set_logo(con, ADMIN, "municipality", KUSEL_ALTENGLAN, LOGO)
    assert refused.value.code == "too_large" and " MB" in refused.value.message("de")
    assert report_assets.get_assets(con, "municipality", KUSEL_ALTENGLAN).empty


def test_a_foreword_too_long_is_refused(con):
    with pytest.raises(report_assets.ReportAssetError) as refused:
        report_assets.set_foreword(con, ADMIN, "municipality", KUSEL_ALTENGLAN,
                                   "x" * (report_assets.MAX_FOREWORD_CHARS + 1))
    assert refused.value.code == "foreword_too_long"
    assert report_assets.get_assets(con, "municipality", KUSEL_ALTENGLAN).foreword is None


def test_who_may_set_logo_and_foreword(con):
    """The municipality's manager or an admin; for a district, its Kreisverwaltung's managers or an admin."""
    assert report_assets.may_edit(con, KUSEL, "municipality", KUSEL_ALTENGLAN)
    assert report_assets.may_edit(con, ADMIN, "district", "07336")
    for user, level, key in ((KUSEL, "municipality", "073120000"), (KUSEL, "district", "07336"),
                             (VIEWER, "municipality", KUSEL_ALTENGLAN), (None, "municipality", KUSEL_ALTENGLAN)):
        assert not report_assets.may_edit(con, user, level, key)
        with pytest.raises(NotAllowed):
            report_assets.set_logo(con, user, level, key, LOGO)
        with pytest.raises(NotAllowed):
            report_assets.set_foreword(con, user, level, key, "Vorwort")
    kreis = User(name="kreis", role=Role.MANAGER, municipalities=frozenset({"07336"}))  # the Kreisverwaltung
    assert report_assets.may_edit(con, kreis, "district", "07336")
    city = User(name="kl", role=Role.MANAGER, municipalities=frozenset({"073120000"}))
    assert report_assets.may_edit(con, city, "district", "07312")  # a kreisfreie Stadt is its own district
    assert con.execute("SELECT count(*) FROM report_assets").fetchone()[0] == 0
    with pytest.raises(report_assets.ReportAssetError) as unknown:
        report_assets.set_logo(con, ADMIN, "municipality", "999999999", LOGO)
    assert unknown.value.code == "unknown_entity"


def test_changes_are_stored_with_who_and_when_and_audited(con):
    report_assets.set_logo(con, KUSEL, "municipality", KUSEL_ALTENGLAN, LOGO)
    stored = report_assets.get_assets(con, "municipality", KUSEL_ALTENGLAN)
    assert (stored.logo, stored.logo_format, stored.logo_width, stored.logo_height) == (LOGO, "PNG", 300, 120)
    assert stored.logo_by == "kusel" and stored.logo_at is not None
    report_assets.set_foreword(con, KUSEL, "municipality", KUSEL_ALTENGLAN, "  Liebe Leser\r\n\r\nText  ")
    assert report_assets.get_assets(con, "municipality", KUSEL_ALTENGLAN).foreword == "Liebe Leser\n\nText"
    log = audit.history(con, municipality_key=KUSEL_ALTENGLAN, action="masterdata_change")
    assert list(log["object"])[:2] == ["report_foreword", "report_logo"]
    assert json.loads(log["detail"].iloc[1]) == {"field": "report_logo", "old": None, "new": "PNG 300 × 120"}
    assert json.loads(log["detail"].iloc[0]) == {"field": "report_foreword", "old": 0, "new": 17}
    assert set(log["user_name"]) == {"kusel"}
    assert report_assets.remove_logo(con, KUSEL, "municipality", KUSEL_ALTENGLAN)
    assert not report_assets.remove_logo(con, KUSEL, "municipality", KUSEL_ALTENGLAN)
    assert report_assets.remove_foreword(con, ADMIN, "municipality", KUSEL_ALTENGLAN)
    assert con.execute("SELECT count(*) FROM report_assets").fetchone()[0] == 0  # nothing left: no empty row
    log = audit.history(con, municipality_key=KUSEL_ALTENGLAN, action="masterdata_change")
    assert list(log["object"])[:2] == ["report_foreword", "report_logo"]
    assert json.loads(log["detail"].iloc[1]) == {"field": "report_logo", "old": "PNG 300 × 120", "new": None}
    assert json.loads(log["detail"].iloc[0]) == {"field": "report_foreword", "old": 17, "new": 0}


# --- the Strom-Wärme-Kosten-Diagramm ------------------------------------------------------------------------------

def test_swk_points_and_chart_by_hand():
    """A: heat 120 against 80 kWh/m² → +50 %, electricity 15 against 10 → +50 %, 6.000 € of 10.000 € → 60 %;
    B: 60/80 → −25 %, 8/10 → −20 %, 3.000 € → 30 %; C has no comparison value (not drawn, its 1.000 € count)."""
    frame = pd.DataFrame({
        "building_id": [1, 2, 3], "building": ["A", "B", "C"], "municipality": ["M"] * 3, "category": ["Schule"] * 3,
        "complete": [True, True, True], "comparable": [True, True, False],
        "heat_kwh_per_m2": [120.0, 60.0, 500.0], "heat_comparison_kwh_per_m2": [80.0, 80.0, None],
        "electricity_kwh_per_m2": [15.0, 8.0, 50.0], "electricity_comparison_kwh_per_m2": [10.0, 10.0, None],
        "cost_eur": [6000.0, 3000.0, 1000.0]})
    points, more, left_out = swk_points(frame)
    assert (more, left_out) == (0, 1)
    assert list(points["building"]) == ["A", "B"]
    assert points["heat_dev"].round(6).tolist() == [0.5, -0.25]
    assert points["electricity_dev"].round(6).tolist() == [0.5, -0.2]
    assert points["cost_share"].round(6).tolist() == [0.6, 0.3]
    fig = strom_waerme_kosten(points, "SWK", "de")
    trace = fig.data[0]
    assert list(trace.x) == [50.0, -25.0] and list(trace.y) == [50.0, -20.0]
    assert list(trace.marker.size) == [0.6, 0.3] and trace.marker.sizemode == "area"
    assert list(trace.marker.color) == [BAD, GOOD]
    assert "Wärme: 120,0 kWh/(m²·a), +50 % zum Vergleichswert" in trace.hovertext[0]
    assert "Energiekosten: 6.000 € (60,0 % aller Gebäude)" in trace.hovertext[0]
    assert "witterungsbereinigt" in fig.layout.xaxis.title.text
    top, more, _ = swk_points(frame, max_buildings=1)
    assert list(top["building"]) == ["A"] and more == 1


# --- the command line and the page ----------------------------------------------------------------------------------

def test_cli_writes_the_docx(store_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KTDASH_DB", str(store_path))
    out = tmp_path / "bericht.docx"
    assert cli.main(["report", "--municipality", "VG Kusel-Altenglan", "--year", "2024", "--baseline", "2022",
                     "--out", str(out)]) == 0
    assert f"Energiebericht als Word-Dokument nach {out} geschrieben." in capsys.readouterr().out
    blocks, text = docx_text(out.read_bytes())
    assert [t for s, t in blocks if s == "Heading 1"] == HEADINGS and "307,8 MWh" in text
    forced = tmp_path / "bericht.bin"
    assert cli.main(["report", "--municipality", "VG Oberes Glantal", "--year", "2024", "--format", "docx",
                     "--out", str(forced)]) == 0
    assert docx.Document(io.BytesIO(forced.read_bytes())).paragraphs


def test_page_manager_sets_logo_and_foreword_and_downloads_both(store_path, tmp_path, monkeypatch, downloads):
    path = tmp_path / "seite.duckdb"
    shutil.copyfile(store_path, path)
    use_store(monkeypatch, path)
    at = open_page("pages/bericht.py", timeout=120, user="kusel", kommune=KUSEL_ALTENGLAN, jahr="2024", basis="2022")
    assert not at.exception
    assert any("Strom-Wärme-Kosten-Diagramm 2024" in s.value for s in at.subheader)
    foreword = at.text_area(key=f"report_foreword_municipality_{KUSEL_ALTENGLAN}")
    foreword.input(FOREWORD).run()
    at.button(key="report_foreword_save").click().run()
    assert not at.exception and [s.value for s in at.success] == ["Vorwort gespeichert."]
    at.file_uploader(key=f"report_logo_file_municipality_{KUSEL_ALTENGLAN}").set_value(
        ("wappen.png", png(kind="GIF"), "image/png")).run()  # a GIF named .png
    at.button(key="report_logo_save").click().run()
    assert [e.value for e in at.error] == [report_assets.ReportAssetError("format", found="GIF").message("de")]
    at.file_uploader(key=f"report_logo_file_municipality_{KUSEL_ALTENGLAN}").set_value(
        ("wappen.png", LOGO, "image/png")).run()
    at.button(key="report_logo_save").click().run()
    assert not at.exception and [s.value for s in at.success] == ["Logo gespeichert."]
    at.button(key="report_build").click().run()
    assert not at.exception
    pdf = downloads["Energiebericht_VG_Kusel-Altenglan_2024.pdf"]
    word = downloads["Energiebericht_VG_Kusel-Altenglan_2024.docx"]
    assert "der Energiebericht 2024 zeigt, wo wir stehen." in body(pdf_pages(pdf))
    assert "der Energiebericht 2024 zeigt, wo wir stehen." in docx_text(word)[1]
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_page_viewer_sees_no_form(store_path, monkeypatch):
    use_store(monkeypatch, store_path)
    at = open_page("pages/bericht.py", timeout=120, user="gast", kommune=KUSEL_ALTENGLAN, jahr="2024", basis="2022")
    assert not at.exception
    assert not at.text_area and not at.get("file_uploader")
    assert "Logo und Vorwort legen die Klimaschutzmanager:innen" in " ".join(c.value for c in at.caption)
