"""The report's drawing with fpdf2: A4 page with header and footer (:class:`ReportPDF`), fonts (DejaVu Sans, else
the core font Helvetica with transliterated text, :func:`to_cp1252`), and :class:`Layout` — headings, paragraphs,
tables whose heading rows repeat on every page, charts as PNG through kaleido, the table of contents. Knows
nothing of energy: the sections (:mod:`ktdash.output.report.sections`) say what to draw."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from ktdash.core.formatting import strip_bidi
from ktdash.output.exports.charts import ChartExportError, chart_bytes
from ktdash.output.report.data import t

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # both in fonts-dejavu-core
FAMILY = "DejaVu"
FALLBACK_FAMILY = "helvetica"

BLUE = (31, 95, 168)
DARK = (27, 27, 27)
GREY = (96, 96, 96)
LIGHT = (236, 241, 248)
ZEBRA = (247, 248, 250)
RULE = (190, 196, 204)
BAD = (198, 40, 40)
GOOD = (46, 125, 50)

CHART_WIDTH_PX = 900  # layout width of a chart; placed at the text width (174 mm): 16 px ≈ 8,8 pt


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written by :func:`build_report` (its page tree's ``/Count``)."""
    counts = [int(n) for n in re.findall(rb"/Type /Pages\b[^>]*?/Count (\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count (\d+)[^>]*?/Type /Pages\b", pdf)]
    if not counts:
        raise ValueError("no page tree found")
    return max(counts)


# --- text for the core font -----------------------------------------------------------------------------------

_CP1252_REPLACEMENTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "−": "-", "→": "->", "←": "<-", "≤": "<=",
    "≥": ">=", "≈": "~", "Σ": "Summe ", "\u2009": " ", "\u202f": " ", "✓": "x",
}


_BREAKS = {"/": "/ ", "Dorfgemeinschaftshaus": "Dorfgemein\u00adschaftshaus",
           "Straßenbeleuchtung": "Straßen\u00adbeleuchtung"}


def _breakable(text: str) -> str:
    """A name that can wrap in a narrow column (a space after „/“, soft hyphens in long compound words)."""
    for old, new in _BREAKS.items():
        text = str(text).replace(old, new)
    return re.sub(r"(\w{6,})(verwaltung|gerätehaus|beleuchtung|kläranlage)", "\\1\u00ad\\2", text)


def to_cp1252(text: str) -> str:
    """Text the PDF core fonts can show (Windows-1252): CO₂ → CO2, − → -, other characters by their
    closest ASCII form, else ``?``."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        if char in _CP1252_REPLACEMENTS:
            out.append(_CP1252_REPLACEMENTS[char])
            continue
        ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(ascii_form or "?")
    return "".join(out)


class ReportPDF(FPDF):
    """A4 portrait with the report's header, footer and fonts."""

    def __init__(self, title: str, footer_left: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title, self.footer_left = title, footer_left
        self.set_margins(18, 20, 18)
        self.set_auto_page_break(True, margin=20)
        self.unicode_font = self._load_fonts()
        self.family = FAMILY if self.unicode_font else FALLBACK_FAMILY
        if not self.unicode_font:
            self.core_fonts_encoding = "windows-1252"
        self.set_font(self.family, "", 10)
        self.set_text_color(*DARK)
        self.set_creator("ktdash")
        self.set_lang("de-DE")

    def _load_fonts(self) -> bool:
        regular = FONT_DIR / FONT_FILES[""]
        if not regular.is_file():
            log.warning("DejaVu Sans not found in %s: using Helvetica (Windows-1252)", FONT_DIR)
            return False
        try:
            for style, file in FONT_FILES.items():
                path = FONT_DIR / file
                self.add_font(FAMILY, style, str(path if path.is_file() else regular))
        except Exception as exc:  # a broken font file must not stop the report
            log.warning("DejaVu Sans could not be loaded (%s): using Helvetica", exc)
            self.fonts.pop(FAMILY.lower(), None)
            self.fonts.pop(FAMILY.lower() + "B", None)
            return False
        return True

    @property
    def text_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def normalize_text(self, text: str) -> str:
        # stored names are plain text here (no markdown or HTML mode is used); bidi controls (U+202E …) would
        # reverse or disguise them: left out
        text = strip_bidi(text)
        if not self.is_ttf_font:
            text = to_cp1252(text)
        return super().normalize_text(text)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(self.family, "", 7.5)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, 9)
        self.cell(self.text_width / 2, 4, self.report_title)
        self.cell(self.text_width / 2, 4, "ktdash", align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_text_color(*DARK)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(self.family, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(self.text_width * 0.7, 4, self.footer_left)
        self.cell(self.text_width * 0.3, 4, t("report_page", page=self.page_no()) + " {nb}", align="R")
        self.set_text_color(*DARK)


@dataclass
class _Cell:
    text: str
    style: FontFace | None = None


@dataclass
class _Group:
    text: str


class Layout:
    """The drawing helpers of a report on its :class:`ReportPDF` (``self.pdf``)."""

    pdf: ReportPDF
    chart_cache: dict | None = None  # PNGs by figure and size, shared by the PDF and the DOCX of one build

    def chart_png(self, fig, height_px: int, width_px: int = CHART_WIDTH_PX) -> bytes:
        """The chart as the report shows it (PNG at twice the layout size); raises ChartExportError. A figure drawn
        once for the PDF is not drawn again for the DOCX of the same build (:attr:`chart_cache`)."""
        fig.update_layout(font_size=16, width=None, height=None)
        key = (fig.to_json(), width_px, height_px)
        if self.chart_cache is not None and key in self.chart_cache:
            return self.chart_cache[key]
        png = chart_bytes(fig, "png", width=width_px, height=height_px, scale=2)
        if self.chart_cache is not None:
            self.chart_cache[key] = png
        return png

    def heading(self, text: str, need: float = 60) -> None:
        """A numbered section heading (and outline entry); a new page unless ``need`` mm fit below it."""
        pdf = self.pdf
        if pdf.y > pdf.page_break_trigger - need:
            pdf.add_page()
        elif pdf.y > pdf.t_margin + 1:
            pdf.ln(4)
        pdf.start_section(text, level=0)
        pdf.set_font(pdf.family, "B", 15)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(pdf.text_width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, pdf.y + 0.5, pdf.l_margin + pdf.text_width, pdf.y + 0.5)
        pdf.ln(4)
        pdf.set_text_color(*DARK)
        pdf.set_font(pdf.family, "", 10)

    def subheading(self, text: str) -> None:
        pdf = self.pdf
        if pdf.y > pdf.page_break_trigger - 35:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(pdf.family, "B", 11)
        pdf.set_text_color(*DARK)
        pdf.multi_cell(pdf.text_width, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(pdf.family, "", 10)

    def paragraph(self, text: str, size: float = 10, color=DARK, bold_lead: str | None = None) -> None:
        if bold_lead:  # the methods: denser
            size = min(size, 9)
        pdf = self.pdf
        pdf.set_text_color(*color)
        if bold_lead:  # flowing text: the bold lead-in, then the paragraph on the same line (no markdown parsing)
            pdf.set_x(pdf.l_margin)
            pdf.set_font(pdf.family, "B", size)
            pdf.write(size * 0.5, bold_lead + " ")
            pdf.set_font(pdf.family, "", size)
            pdf.write(size * 0.5, text)
            pdf.ln(size * 0.5)
        else:
            pdf.set_font(pdf.family, "", size)
            pdf.multi_cell(pdf.text_width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1.5)
        pdf.set_text_color(*DARK)
        pdf.set_font(pdf.family, "", 10)

    def note(self, text: str) -> None:
        self.paragraph(text, size=8, color=GREY)

    def missing(self, text: str) -> None:
        """The sentence a section shows instead of its figures."""
        pdf = self.pdf
        pdf.set_font(pdf.family, "", 10)
        pdf.set_fill_color(*LIGHT)
        pdf.multi_cell(pdf.text_width, 5.5, text, fill=True, new_x="LMARGIN", new_y="NEXT", align="L",
                       padding=(2, 3))
        pdf.ln(2)

    def table(self, headers: list, rows: list, widths: list[float], align: str, size: float = 8,
              heading_size: float | None = None) -> None:
        """A table whose heading rows repeat on every page it runs over. ``headers``: the column names, or a list
        of heading rows whose items are names or (name, colspan, rowspan); ``align`` one letter per column
        (L, R, C); a row may be a :class:`_Group` (a full-width group heading)."""
        pdf = self.pdf
        if pdf.y > pdf.page_break_trigger - 25:
            pdf.add_page()
        pdf.set_font(pdf.family, "", size)
        pdf.set_draw_color(*RULE)
        pdf.set_fill_color(255, 255, 255)  # the rows without zebra fill take the current fill colour
        pdf.set_line_width(0.15)
        scale = pdf.text_width / sum(widths)
        aligns = tuple({"L": "LEFT", "R": "RIGHT", "C": "CENTER"}[a] for a in align)
        header_rows = headers if headers and isinstance(headers[0], list) else [headers]
        with pdf.table(col_widths=[w * scale for w in widths], width=pdf.text_width, text_align=aligns,
                       num_heading_rows=len(header_rows),
                       line_height=size * 0.47, padding=(1.1, 1.3), borders_layout="HORIZONTAL_LINES",
                       headings_style=FontFace(emphasis="BOLD", color=DARK, fill_color=LIGHT,
                                               size_pt=heading_size or size),
                       cell_fill_color=ZEBRA, cell_fill_mode="ROWS", repeat_headings=1, first_row_as_headings=True,
                       v_align="MIDDLE") as tbl:
            for heading_row in header_rows:
                heading = tbl.row()
                for item in heading_row:
                    text, colspan, rowspan = item if isinstance(item, tuple) else (item, 1, 1)
                    heading.cell(text, colspan=colspan, rowspan=rowspan)
            for row in rows:
                line = tbl.row()
                if isinstance(row, _Group):
                    line.cell(row.text, colspan=len(widths), align="LEFT",
                              style=FontFace(emphasis="BOLD", color=BLUE, fill_color=(255, 255, 255)))
                    continue
                for value in row:
                    if isinstance(value, _Cell):
                        line.cell(value.text, style=value.style)
                    else:
                        line.cell(value)
        pdf.ln(3)
        pdf.set_font(pdf.family, "", 10)

    def chart(self, fig, height_px: int | None = None, width_px: int = CHART_WIDTH_PX) -> None:
        pdf = self.pdf
        height_px = int(height_px or fig.layout.height or 480)
        try:
            png = self.chart_png(fig, height_px, width_px)
        except ChartExportError as exc:
            log.warning("chart not rendered: %s", exc)
            self.note(t("report_chart_failed", error=str(exc)))
            return
        width = pdf.text_width
        height = width * height_px / width_px
        room = pdf.page_break_trigger - pdf.t_margin - 5
        if height > room:  # a tall ranking: narrower rather than cut
            width, height = width * room / height, room
        left = pdf.page_break_trigger - pdf.y - 1
        if height > left >= 0.8 * height:  # nearly fits: a little smaller rather than a half-empty page
            width, height = width * left / height, left
        elif pdf.y + height > pdf.page_break_trigger:
            pdf.add_page()
        pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.text_width - width) / 2, y=pdf.y, w=width, h=height)
        pdf.set_y(pdf.y + height + 2)

    def chart_height(self, height_px: int, width_px: int = CHART_WIDTH_PX) -> float:
        """mm a chart of this layout size takes at the text width."""
        return self.pdf.text_width * height_px / width_px

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit on this one."""
        if self.pdf.y + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def _render_toc(self, pdf: ReportPDF, outline) -> None:
        pdf.set_x(pdf.l_margin)
        pdf.set_font(pdf.family, "B", 13)
        pdf.set_text_color(*BLUE)
        pdf.cell(pdf.text_width, 8, t("report_contents"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.text_width, pdf.y)
        pdf.ln(2)
        pdf.set_text_color(*DARK)
        pdf.set_font(pdf.family, "", 10.5)
        for section in outline:
            if section.level:
                continue
            link = pdf.add_link(page=section.page_number)
            page = str(section.page_number)
            name_width = pdf.get_string_width(section.name)
            dots_width = pdf.text_width - name_width - pdf.get_string_width(page) - 4
            dots = "." * max(0, int(dots_width / max(pdf.get_string_width("."), 0.1)))
            pdf.cell(name_width + 1, 7, section.name, link=link)
            pdf.set_text_color(*GREY)
            pdf.cell(dots_width + 1, 7, dots, align="C", link=link)
            pdf.set_text_color(*DARK)
            pdf.cell(0, 7, page, align="R", link=link, new_x="LMARGIN", new_y="NEXT")
