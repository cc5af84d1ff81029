"""The Energiebericht as an editable Word document (DOCX, python-docx; issue 19): officers revise it before it goes
to the council.

:class:`DocxReport` is the PDF's :class:`~ktdash.output.report.sections.Report` with another drawing side: the same
sections, sentences, tables and figures (each section method runs unchanged), written with Word's own heading styles
("Überschrift 1/2" in a German Word: Heading 1 and 2), so the headings stay editable and the table of contents (a
Word field, filled when the file is opened) follows them. Charts are the PDF's PNGs (kaleido, drawn once per build
when both formats are made together: :func:`ktdash.output.report.build_reports`); the logo is on the title page, the
foreword the first section. Numbers are the German strings of the PDF; the document's language is de-DE."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ktdash.core.formatting import format_date, strip_bidi
from ktdash.core.settings import AnalyticsSettings
from ktdash.output.exports.charts import ChartExportError
from ktdash.output.report.data import ReportData, ReportEntity, resolve_entity, t
from ktdash.output.report.pdf import BLUE, CHART_WIDTH_PX, DARK, GREY, LIGHT, _Cell, _Group
from ktdash.output.report.sections import LOGO_BOX, STEPS, Report, write_report

log = logging.getLogger(__name__)

TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins
TEXT_HEIGHT_CM = 23.0  # room for a chart below a heading
# the children of w:settings that follow w:updateFields in the schema (ECMA-376, CT_Settings)
UPDATE_FIELDS_BEFORE = {"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                        "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"}
ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "R": WD_ALIGN_PARAGRAPH.RIGHT, "C": WD_ALIGN_PARAGRAPH.CENTER}


def _hex(rgb) -> str:
    return "".join(f"{int(c):02X}" for c in rgb)


def _shade(element, rgb) -> None:
    """Background colour of a table cell or paragraph (w:shd)."""
    props = element.get_or_add_tcPr() if hasattr(element, "get_or_add_tcPr") else element.get_or_add_pPr()
    for old in props.findall(qn("w:shd")):  # a merged cell is reached from each row it spans: one shading
        props.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _hex(rgb))
    props.append(shading)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (``PAGE``, ``TOC …``) in ``paragraph``; Word computes it when the document is opened."""
    def element(tag: str, **attrs):
        node = OxmlElement(tag)
        for key, value in attrs.items():
            node.set(qn(key), value)
        return node

    run = paragraph.add_run()
    run._r.append(element("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"}))
    run = paragraph.add_run()
    code = element("w:instrText", **{"xml:space": "preserve"})
    code.text = instruction
    run._r.append(code)
    run = paragraph.add_run()
    run._r.append(element("w:fldChar", **{"w:fldCharType": "separate"}))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(element("w:fldChar", **{"w:fldCharType": "end"}))


def _clean(text) -> str:
    """Text as Word shows it: bidi controls removed, soft hyphens kept, XML-invalid control characters dropped."""
    text = strip_bidi(str(text))
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 32)


class DocxReport(Report):
    """One report being written as DOCX: the sections of :class:`Report`, drawn into a python-docx ``Document``."""

    def __init__(self, con, entity: ReportEntity, year: int, baseline: int, analytics: AnalyticsSettings,
                 today: date):
        ReportData.__init__(self, con, entity, year, baseline, analytics, today)
        self.doc = Document()
        self._setup(t("report_header", name=entity.name, year=year),
                    t("report_footer", name=entity.name, year=year, today=format_date(today)))

    def _setup(self, title: str, footer: str) -> None:
        doc = self.doc
        properties = doc.core_properties
        properties.title, properties.subject, properties.author = title, t("report_subject"), "ktdash"
        properties.language = "de-DE"
        normal = doc.styles["Normal"]
        normal.font.size = Pt(10)
        normal.font.name = "Calibri"
        for style in (normal, doc.styles["Heading 1"], doc.styles["Heading 2"], doc.styles["Title"]):
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), "de-DE")
            style.element.get_or_add_rPr().append(language)
        for name, size in (("Heading 1", 15), ("Heading 2", 11.5)):
            doc.styles[name].font.size = Pt(size)
            doc.styles[name].font.color.rgb = RGBColor(*BLUE) if name == "Heading 1" else RGBColor(*DARK)
        update = OxmlElement("w:updateFields")  # Word fills in the table of contents and page numbers on opening
        update.set(qn("w:val"), "true")
        settings = doc.settings.element  # the schema's order: updateFields comes before these
        later = [c for c in settings if c.tag.split("}")[-1] in UPDATE_FIELDS_BEFORE]
        if later:
            later[0].addprevious(update)
        else:
            settings.append(update)
        section = doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = _clean(title)
        header.runs[0].font.size, header.runs[0].font.color.rgb = Pt(8), RGBColor(*GREY)
        footer_paragraph = section.footer.paragraphs[0]
        before, after = t("report_page", page="\x00").split("\x00")  # "Seite {page} von" + the number of pages
        footer_paragraph.add_run(_clean(footer) + "\t\t" + before)
        _field(footer_paragraph, "PAGE", "1")
        footer_paragraph.add_run(after + " ")
        _field(footer_paragraph, "NUMPAGES", "1")
        for run in footer_paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(8), RGBColor(*GREY)

    # title page ------------------------------------------------------------------------------------------------
    def title_page(self) -> None:
        doc, e = self.doc, self.entity
        if self.assets.logo:
            box_w, box_h = LOGO_BOX
            scale = min(box_w / self.assets.logo_width, box_h / self.assets.logo_height) / 10  # mm → cm
            picture = doc.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            picture.add_run().add_picture(io.BytesIO(self.assets.logo), width=Cm(self.assets.logo_width * scale))
        kicker = doc.add_paragraph()
        run = kicker.add_run(_clean(t("report_kicker")))
        run.font.size, run.font.color.rgb = Pt(12), RGBColor(*BLUE)
        doc.add_paragraph(_clean(t("report_title_year", year=self.year)), style="Title")
        name = doc.add_paragraph()
        run = name.add_run(_clean(e.name))
        run.bold, run.font.size = True, Pt(17)
        subtitle, facts = self.title_facts()
        doc.add_paragraph(_clean(subtitle))
        table = doc.add_table(rows=0, cols=2)
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = _clean(label), _clean(value)
            cells[0].paragraphs[0].runs[0].bold = True
        for row in table.rows:
            row.cells[0].width, row.cells[1].width = Cm(4.5), Cm(TEXT_WIDTH_CM - 4.5)
        contents = doc.add_paragraph(_clean(t("report_contents")), style="Heading 2")
        contents.paragraph_format.space_before = Pt(18)
        _field(doc.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u', t("rep19_docx_toc_hint"))
        self._page_break()

    def _page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # drawing helpers (the Layout of the PDF, in Word) ----------------------------------------------------------
    def heading(self, text: str, need: float = 60) -> None:
        self.doc.add_heading(_clean(text), level=1)

    def subheading(self, text: str) -> None:
        self.doc.add_heading(_clean(text), level=2)

    def paragraph(self, text: str, size: float = 10, color=DARK, bold_lead: str | None = None) -> None:
        if bold_lead:
            size = min(size, 9)
        paragraph = self.doc.add_paragraph()
        if bold_lead:
            lead = paragraph.add_run(_clean(bold_lead) + " ")
            lead.bold, lead.font.size = True, Pt(size)
        run = paragraph.add_run(_clean(text))
        run.font.size = Pt(size)
        if tuple(color) != tuple(DARK):
            run.font.color.rgb = RGBColor(*color)

    def note(self, text: str) -> None:
        self.paragraph(text, size=8, color=GREY)

    def missing(self, text: str) -> None:
        paragraph = self.doc.add_paragraph(_clean(text))
        _shade(paragraph._p, LIGHT)

    def table(self, headers: list, rows: list, widths: list[float], align: str, size: float = 8,
              heading_size: float | None = None) -> None:
        """The PDF's table in Word: heading rows (names or (name, colspan, rowspan), merged) repeat on every page;
        a :class:`_Group` row spans the table; a :class:`_Cell` keeps its bold and colour."""
        header_rows = headers if headers and isinstance(headers[0], list) else [headers]
        table = self.doc.add_table(rows=len(header_rows), cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._headings(table, header_rows, heading_size or size)
        for row in rows:
            cells = table.add_row().cells
            if isinstance(row, _Group):
                merged = cells[0].merge(cells[-1])
                merged.text = _clean(row.text)
                run = merged.paragraphs[0].runs[0]
                run.bold, run.font.size, run.font.color.rgb = True, Pt(size), RGBColor(*BLUE)
                continue
            for index, value in enumerate(row):
                self._cell(cells[index], value, align[index], size)
        scale = TEXT_WIDTH_CM / sum(widths)
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                cell.width = Cm(widths[index] * scale)
        self.doc.add_paragraph()

    def _headings(self, table, header_rows: list, size: float) -> None:
        taken: set[tuple[int, int]] = set()
        for r, heading_row in enumerate(header_rows):
            c = 0
            for item in heading_row:
                text, colspan, rowspan = item if isinstance(item, tuple) else (item, 1, 1)
                while (r, c) in taken:
                    c += 1
                cell = table.cell(r, c)
                if colspan > 1 or rowspan > 1:
                    cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
                cell.text = _clean(text)
                for run in cell.paragraphs[0].runs:
                    run.bold, run.font.size = True, Pt(size)
                c += colspan
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            table.rows[r]._tr.get_or_add_trPr().append(repeat)
            for cell in table.rows[r].cells:
                _shade(cell._tc, LIGHT)

    @staticmethod
    def _cell(cell, value, align: str, size: float) -> None:
        text, style = (value.text, value.style) if isinstance(value, _Cell) else (value, None)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        run = paragraph.add_run(_clean(text).replace("\u00ad", ""))
        run.font.size = Pt(size)
        if style is not None:
            run.bold = bool(style.emphasis and "B" in style.emphasis.style)
            if style.color is not None:
                run.font.color.rgb = RGBColor(*(int(round(c)) for c in style.color.colors255[:3]))

    def chart(self, fig, height_px: int | None = None, width_px: int = CHART_WIDTH_PX) -> None:
        height_px = int(height_px or fig.layout.height or 480)
        try:
            png = self.chart_png(fig, height_px, width_px)
        except ChartExportError as exc:
            log.warning("chart not rendered: %s", exc)
            self.note(t("report_chart_failed", error=str(exc)))
            return
        width = TEXT_WIDTH_CM
        if width * height_px / width_px > TEXT_HEIGHT_CM:  # a tall ranking: narrower rather than cut
            width = TEXT_HEIGHT_CM * width_px / height_px
        self.doc.add_picture(io.BytesIO(png), width=Cm(width))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def chart_height(self, height_px: int, width_px: int = CHART_WIDTH_PX) -> float:
        return 0.0  # Word flows pictures itself

    def keep(self, height: float) -> None:
        return None

    def output(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def build_docx(con, *, municipality: str | None = None, district: str | None = None, year: int,
               baseline: int | None = None, analytics: AnalyticsSettings | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The Energiebericht as DOCX (as :func:`ktdash.output.report.build_report` for the PDF)."""
    analytics = analytics or AnalyticsSettings()
    baseline = int(baseline if baseline is not None else analytics.baseline_year)
    entity = resolve_entity(con, municipality, district)

    def step(number: int, label: str) -> None:
        if progress:
            progress(number, STEPS, label)

    return write_report(DocxReport(con, entity, int(year), baseline, analytics, date.today()), step)


__all__ = ["DocxReport", "build_docx"]
