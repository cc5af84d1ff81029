"""The Energiebericht: a PDF of one municipality or one district for one year, for the council — and the same
report as an editable Word document (DOCX, :mod:`~ktdash.output.report.docx`, :func:`build_reports`).

:func:`build_report` reads the same figures as the pages (:mod:`ktdash.analytics.metrics`,
:mod:`ktdash.analytics.campaigns`, :mod:`ktdash.analytics.quality`), draws the charts of
:mod:`ktdash.output.charts` as PNG through kaleido (:mod:`ktdash.output.exports.charts`, one Chromium per
process) and lays everything out with fpdf2 — German text and number formats, units in every
figure, page numbers, an outline and a table of contents. Sections, in this order: title page (with the
municipality's logo, :mod:`ktdash.ingest.report_assets`), the foreword (when one is set), 1 Kennzahlen,
2 Entwicklung, 3 Fortschritt gegenüber dem Basisjahr, 4 Gebäude (with the Strom-Wärme-Kosten-Diagramm,
:mod:`ktdash.output.charts.report`), 5 Maßnahmen und Einsparungen, 6 Kampagnen, 7 Datenqualität,
8 Methoden und Quellen. A section without data for the year says so in a sentence instead of disappearing.

A district is its municipalities and its Kreisverwaltung (for a kreisfreie Stadt: the city).

Font: DejaVu Sans (Debian ``fonts-dejavu-core``, :data:`ktdash.output.report.pdf.FONT_DIR`). Without it the report falls
back to the PDF core font Helvetica, whose Windows-1252 cannot show every character: the text
is transliterated (CO₂ → CO2, − → -) instead of failing. A chart that cannot be rendered (no
Chromium) is replaced by a sentence; the report is still written.

The package: :mod:`~ktdash.output.report.data` gathers the figures, :mod:`~ktdash.output.report.pdf` draws
(fpdf2), :mod:`~ktdash.output.report.sections` says what each section shows; :func:`build_report` runs them.
It never imports streamlit: the page, the CLI and ``bench/reports.py`` call it alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ktdash.core.settings import AnalyticsSettings
from ktdash.output.report.data import (
    ReportData,
    ReportEntity,
    ReportError,
    change,
    entities,
    mwh,
    num,
    percent,
    resolve_entity,
    t,
)
from ktdash.output.report.pdf import Layout, ReportPDF, page_count, to_cp1252
from ktdash.output.report.docx import DocxReport
from ktdash.output.report.sections import SECTION_KEYS, SECTIONS, STEPS, Report, write_report

__all__ = ["FORMATS", "DocxReport", "SECTION_KEYS", "SECTIONS", "STEPS", "Layout", "Report", "ReportData",
           "ReportEntity", "ReportError", "ReportPDF", "build_report", "build_reports", "change", "entities", "mwh",
           "num", "page_count", "percent", "resolve_entity", "t", "to_cp1252", "write_report"]

FORMATS = ("pdf", "docx")


def build_report(con, *, municipality: str | None = None, district: str | None = None, year: int,
                 baseline: int | None = None, analytics: AnalyticsSettings | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The Energiebericht of one municipality or one district (name or official key) for ``year`` as PDF.

    ``baseline``: the year progress is measured against (default: ``analytics.baseline_year``).
    ``progress(step, total, label)`` is called before each section. Raises :class:`ReportError` for an
    unknown municipality or district, or when both or neither are given.
    """
    analytics = analytics or AnalyticsSettings()
    baseline = int(baseline if baseline is not None else analytics.baseline_year)
    year = int(year)
    entity = resolve_entity(con, municipality, district)

    def step(number: int, label: str) -> None:
        if progress:
            progress(number, STEPS, label)

    return write_report(Report(con, entity, year, baseline, analytics, _today()), step)


def build_reports(con, formats: tuple[str, ...] = ("pdf", "docx"), *, municipality: str | None = None,
                  district: str | None = None, year: int, baseline: int | None = None,
                  analytics: AnalyticsSettings | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> dict[str, bytes]:
    """The Energiebericht in each of ``formats`` (``pdf``, ``docx``): format → bytes. Both show the same sections,
    tables and figures; each chart is drawn once (kaleido) and placed in both. ``progress`` as in
    :func:`build_report`, counted over all formats."""
    analytics = analytics or AnalyticsSettings()
    baseline = int(baseline if baseline is not None else analytics.baseline_year)
    entity = resolve_entity(con, municipality, district)
    cache: dict = {}
    done: dict[str, bytes] = {}
    for index, kind in enumerate(formats):
        if kind not in FORMATS:
            raise ValueError(f"unknown report format {kind!r}")
        cls = DocxReport if kind == "docx" else Report
        report = cls(con, entity, int(year), baseline, analytics, _today())
        report.chart_cache = cache

        def step(number: int, label: str, index=index) -> None:
            if progress:
                progress(index * STEPS + number, STEPS * len(formats), label)

        done[kind] = write_report(report, step)
    return done



def _today() -> date:
    return date.today()
