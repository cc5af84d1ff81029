"""The report's sections, in this order: title page (with the municipality's logo), the foreword (issue 19; only when
one is set), 1 Kennzahlen, 2 Entwicklung, 3 Fortschritt gegenüber dem
Basisjahr, 4 Gebäude, 5 Maßnahmen und Einsparungen, 6 Kampagnen, 7 Datenqualität, 8 Methoden und Quellen — each a
method of :class:`Report`, which reads its figures from :class:`~ktdash.output.report.data.ReportData` and draws with
:class:`~ktdash.output.report.pdf.Layout`. A section without data for the year says so in a sentence instead of
disappearing. A new section: a method here, its key in :data:`SECTION_KEYS`, its place in :data:`SECTIONS`. The DOCX
(:class:`~ktdash.output.report.docx.DocxReport`) runs the same methods with Word as its drawing side, so both
documents say the same; :func:`write_report` runs them in order."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pandas as pd
from fpdf.fonts import FontFace

from ktdash.analytics import campaigns as campaign_metrics
from ktdash.analytics import climate, quality, verified
from ktdash.analytics import measures as stored_measures
from ktdash.analytics.metrics import Selection, entity_years
from ktdash.analytics.metrics import progress as progress_of
from ktdash.core.formatting import format_date, format_month
from ktdash.core.settings import AnalyticsSettings
from ktdash.i18n import texts
from ktdash.output import charts, labels, methods
from ktdash.output import measures as measure_texts
from ktdash.output.report.data import ReportData, ReportEntity, _missing, change, mwh, num, percent, t
from ktdash.output.charts.report import signed_percent, strom_waerme_kosten, swk_points
from ktdash.output.report.pdf import BAD, BLUE, DARK, GOOD, Layout, ReportPDF, _breakable, _Cell, _Group

LOGO_BOX = (38.0, 44.0)  # mm: the logo's room on the title page (width, height), right of the title

STEPS = 10  # title page, eight sections, finishing (table of contents, page numbers)
SECTION_KEYS = ("report_s_kpis", "report_s_trend", "report_s_progress", "report_s_buildings", "report_s_measures",
                "report_s_campaigns", "report_s_quality", "report_s_methods")
# the methods of Report that draw the sections, in SECTION_KEYS' order
SECTIONS = ("kpis", "trend", "progress", "buildings_section", "measures_section", "campaigns", "quality_section",
            "methods")
MAX_FINDINGS = 30  # findings listed in section 6; the rest are counted
ABOVE_COMPARISON = FontFace(emphasis="BOLD", color=BAD)  # a specific value above its comparison value


def _specific_cell(value, comparison):
    """A specific value (kWh/m²), bold and red when it is above its comparison value."""
    text = num(value, 1)
    if not _missing(value) and not _missing(comparison) and value > comparison:
        return _Cell(text, ABOVE_COMPARISON)
    return text


def _building_row(r, name: str, comparable: bool) -> list:
    """One building in the table of section 4; without a valid comparison value (``comparable`` False) the
    comparison values, which say nothing about the building, and the potential are not shown."""
    if not comparable:
        return [name, _breakable(r["category"]), num(r["area_m2"], 0), num(r["heat_kwh_per_m2"], 1),
                t("report14_not_comparable_mark"), num(r["electricity_kwh_per_m2"], 1),
                t("report14_not_comparable_mark"), "–", "–"]
    return [name, _breakable(r["category"]), num(r["area_m2"], 0),
            _specific_cell(r["heat_kwh_per_m2"], r["heat_comparison_kwh_per_m2"]),
            num(r["heat_comparison_kwh_per_m2"], 1),
            _specific_cell(r["electricity_kwh_per_m2"], r["electricity_comparison_kwh_per_m2"]),
            num(r["electricity_comparison_kwh_per_m2"], 1),
            num(None if _missing(r["potential_kwh"]) else r["potential_kwh"] / 1000, 1),
            num(r["potential_eur"], 0)]


def write_report(report, step: Callable[[int, str], None]) -> bytes:
    """Run the sections of ``report`` (a :class:`Report`, or the DOCX's :class:`~ktdash.output.report.docx.DocxReport`)
    in order — title page, the foreword (when one is set), sections 1–8 — calling ``step(number, label)`` before each,
    and return the document."""
    step(1, t("report_step_title"))
    report.title_page()
    report.foreword()
    for number, (key, section) in enumerate(zip(SECTION_KEYS, SECTIONS, strict=True), start=2):
        step(number, t(key))
        getattr(report, section)()
    step(STEPS, t("report_step_finish"))
    return report.output()


class Report(ReportData, Layout):
    """One report being written: its data (:class:`ReportData`), its PDF, and the sections that draw the one
    onto the other."""

    def __init__(self, con, entity: ReportEntity, year: int, baseline: int, analytics: AnalyticsSettings,
                 today: date):
        ReportData.__init__(self, con, entity, year, baseline, analytics, today)
        footer = t("report_footer", name=entity.name, year=year, today=format_date(today))
        self.pdf = ReportPDF(t("report_header", name=entity.name, year=year), footer)
        self.pdf.set_title(t("report_header", name=entity.name, year=year))
        self.pdf.set_subject(t("report_subject"))
        self.pdf.set_author("ktdash")

    @property
    def is_district(self) -> bool:
        return self.entity.level == "district"

    @property
    def several(self) -> bool:
        """A district of several owners: per-municipality tables and groups (a kreisfreie Stadt is one owner)."""
        return self.is_district and len(self.entity.members) > 1

    # title page ------------------------------------------------------------------------------------------------
    def title_page(self) -> None:
        pdf, e = self.pdf, self.entity
        pdf.add_page()
        pdf.set_fill_color(*BLUE)
        pdf.rect(0, 0, pdf.w, 72, style="F")
        title_width = pdf.text_width - (self._title_logo() if self.assets.logo else 0)
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(pdf.l_margin, 20)
        pdf.set_font(pdf.family, "", 12)
        pdf.cell(title_width, 6, t("report_kicker"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdf.family, "B", 28)
        pdf.cell(title_width, 14, t("report_title_year", year=self.year), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdf.family, "B", 17)
        pdf.multi_cell(title_width, 8, e.name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*DARK)
        pdf.set_y(84)
        pdf.set_font(pdf.family, "", 11)
        subtitle, facts = self.title_facts()
        pdf.multi_cell(pdf.text_width, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for label, value in facts:
            pdf.set_font(pdf.family, "B", 9.5)
            pdf.cell(45, 5.5, label)
            pdf.set_font(pdf.family, "", 9.5)
            pdf.multi_cell(pdf.text_width - 45, 5.5, value, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(0.8)
        pdf.ln(6)
        pdf.insert_toc_placeholder(self._render_toc, pages=1)

    def title_facts(self) -> tuple[str, list[tuple[str, str]]]:
        """The title page's subtitle and its facts (label, value): year, baseline, created, data as of,
        population, members, tool — the same in the PDF and the DOCX."""
        e = self.entity
        if self.several:
            subtitle = t("report_subtitle_district", kind=e.kind, n=len(e.members))
        elif e.kind == "Landkreis":
            subtitle = t("report_subtitle_administration", district=e.district)
        elif e.kind == "kreisfreie Stadt":
            subtitle = t("report_subtitle_city")
        else:
            subtitle = t("report_subtitle_municipality", kind=e.kind, district=e.district)
        imported, until = self.as_of
        as_of = (t("report_as_of_value", imported=format_date(imported.date()),
                   until=format_month(until, "de")) if imported is not None and until is not None
                 else format_date(imported.date()) if imported is not None else t("report_as_of_none"))
        facts = [(t("report_fact_year"), str(self.year)), (t("report_fact_baseline"), str(self.baseline)),
                 (t("report_fact_created"), format_date(self.today)), (t("report_fact_as_of"), as_of)]
        if e.population:
            facts.append((t("report_fact_population"),
                          t("report_population_value", n=num(e.population, 0),
                            date=format_date(e.population_date) if e.population_date else "–")))
        if self.is_district:
            facts.append((t("report_fact_members"), ", ".join(name for _, name, _ in e.members)))
        facts.append((t("report_fact_tool"), t("report_tool")))
        return subtitle, facts

    def _title_logo(self) -> float:
        """The municipality's logo at the right of the title band, on white, fitted into :data:`LOGO_BOX`; returns
        the width (mm) the title leaves free for it."""
        pdf, assets = self.pdf, self.assets
        box_w, box_h = LOGO_BOX
        scale = min(box_w / assets.logo_width, box_h / assets.logo_height)
        width, height = assets.logo_width * scale, assets.logo_height * scale
        x, y = pdf.w - pdf.r_margin - width, 14 + (box_h - height) / 2
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(x - 3, y - 3, width + 6, height + 6, style="F")
        pdf.image(io.BytesIO(assets.logo), x=x, y=y, w=width, h=height)
        pdf.set_fill_color(*BLUE)
        return box_w + 8

    # Vorwort (issue 19) ----------------------------------------------------------------------------------------
    def foreword(self) -> None:
        """The foreword set on the page, before section 1 (nothing when there is none); paragraphs at blank lines."""
        text = self.assets.foreword
        if not text:
            return
        self.heading(t("rep19_foreword"))
        for part in (p.strip() for p in text.split("\n\n")):
            if part:
                self.paragraph(part)

    # 1 Kennzahlen ----------------------------------------------------------------------------------------------
    def kpis(self) -> None:  # the table of contents' placeholder has just begun a new page
        self.heading(t("report_s_kpis"))
        e, cur, prev = self.entity, self.current, self.previous
        if cur is None:
            self.missing(t("report_no_data_year", name=e.name, year=self.year))
            return
        if self.partial:
            self.paragraph(t("report_partial_year", label=self.year_label), color=BAD)
        self.paragraph(t("report_kpis_intro_district" if self.several else "report_kpis_intro",
                         name=e.name, year=self.year_label))

        def value(row, column):
            return None if row is None else row[column]

        def line(label, column, fmt):
            return [label, fmt(value(cur, column)), fmt(value(prev, column)),
                    change(value(cur, column), value(prev, column))]

        total = len(self.all_buildings)
        rows = [
            [t("report_kpi_buildings"), t("report_of_total", n=num(cur["buildings"], 0), total=num(total, 0)),
             "–" if prev is None else num(prev["buildings"], 0), change(cur["buildings"], value(prev, "buildings"))],
            line(t("report_kpi_energy_raw"), "energy_kwh_raw", mwh),
            line(t("report14_kpi_energy_normalised", norm=self.norm_progress_short), "energy_kwh_normalised", mwh),
            line(t("report_kpi_heat_raw"), "heat_kwh_raw", mwh),
            line(t("report14_kpi_heat_normalised", norm=self.norm_progress_short), "heat_kwh_normalised", mwh),
            line(t("report_kpi_electricity"), "electricity_kwh", mwh),
            line(t("report_kpi_per_inhabitant"), "energy_kwh_per_inhabitant", lambda v: num(v, 1, "kWh")),
            line(t("report14_kpi_heat_per_m2", norm=self.norm_benchmark_short), "heat_kwh_per_m2",
                 lambda v: num(v, 1, charts.SPECIFIC_UNIT)),
            line(t("report_kpi_electricity_per_m2"), "electricity_kwh_per_m2",
                 lambda v: num(v, 1, charts.SPECIFIC_UNIT)),
            line(t("report14_kpi_co2", label=self.co2_label), "t_co2e", lambda v: num(v, 1, "t")),
            line(t("report_kpi_co2_per_inhabitant"), "t_co2e_per_inhabitant",
                 lambda v: num(None if _missing(v) else v * 1000, 1, "kg")),
            line(t("report_kpi_cost"), "cost_eur", lambda v: num(v, 0, "€")),
            line(t("report_kpi_water"), "water_m3", lambda v: num(v, 0, "m³")),
        ]
        self.table([t("report_col_figure"), str(self.year), str(self.year - 1), t("report_col_change")],
                   rows, [80, 34, 34, 26], "LRRR", size=8.5)
        notes = [t("report_kpis_note_units"), t("report14_kpis_note_normalisation", progress=self.norm_progress,
                                                benchmark=self.norm_benchmark, label=self.co2_label)]
        if not bool(cur["weather_normalised"]):
            notes.append(t("report_not_normalised"))
        notes.append(t("report_cost_from_file") if bool(cur["cost_from_file"]) else t("report_cost_from_prices"))
        if cur["population"] is None or _missing(cur["population"]):
            notes.append(t("report_no_population"))
        self.note(" ".join(notes))
        if self.several:
            self._kpis_per_municipality()

    def _kpis_per_municipality(self) -> None:
        frame = entity_years(self.con, "municipality", Selection(years=(self.year,), districts=(self.entity.key,)),
                             self.analytics)
        self.subheading(t("report_kpis_by_municipality", year=self.year))
        if frame.empty:
            self.missing(t("report_no_data_year", name=self.entity.name, year=self.year))
            return
        rows = [[r["name"], num(r["buildings"], 0), num(r["energy_kwh_normalised"] / 1000, 1),
                 num(r["energy_kwh_per_inhabitant"], 1), num(r["heat_kwh_per_m2"], 1),
                 num(r["electricity_kwh_per_m2"], 1), num(r["t_co2e"], 1)] for _, r in frame.iterrows()]
        headers = [[(t("col_municipality"), 1, 2), (t("report_col_buildings"), 1, 2),
                    (t("report_col_energy_normalised_mwh"), 1, 2), (t("report_col_per_inhabitant"), 1, 2),
                    (t("report_col_per_m2", unit=charts.SPECIFIC_UNIT), 2, 1), (t("report_col_co2_t"), 1, 2)],
                   [t("report_col_heat"), t("report_col_electricity")]]
        self.table(headers, rows, [50, 18, 26, 22, 20, 20, 18], "LRRRRRR")
        with_data = set(frame["key"])
        without = [name for key, name, _ in self.entity.members if key not in with_data]
        if without:
            self.note(t("report_municipalities_without_data", year=self.year, names=", ".join(without)))

    # 2 Entwicklung ---------------------------------------------------------------------------------------------
    def trend(self) -> None:
        self.heading(t("report_s_trend"), need=135)
        frame = self.years
        if frame.empty:
            self.missing(t("report_no_data_any", name=self.entity.name, year=self.year))
            return
        self.paragraph(t("report_trend_intro", first=int(frame["year"].min()), year=self.year))
        scaled = frame.copy()
        for column in ("heat_kwh_raw", "heat_kwh_normalised", "electricity_kwh"):
            scaled[column] = scaled[column].fillna(0) / 1000
        fig = charts.energy_by_year(scaled, t("report_chart_trend"), "de")
        fig.update_layout(yaxis_title="MWh", yaxis_tickformat=",.0f", xaxis_title=None, legend=dict(
            orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"), margin=dict(r=20, t=110, b=50))
        self.chart(fig, height_px=500)
        rows = [[str(int(r["year"])), num(r["buildings"], 0), *(num(r[c] / 1000, 1) for c in (
                    "heat_kwh_raw", "heat_kwh_normalised", "electricity_kwh", "energy_kwh_normalised")),
                 num(r["t_co2e"], 1), num(r["cost_eur"], 0)] for _, r in frame.iterrows()]
        self.table([t("col_year"), t("report_col_buildings"), t("report_col_heat_raw_mwh"),
                    t("report_col_heat_normalised_mwh"), t("report_col_electricity_mwh"),
                    t("report_col_energy_normalised_mwh"), t("report_col_co2_t"), t("report_col_cost_eur")],
                   rows, [14, 17, 25, 25, 22, 25, 20, 26], "LRRRRRRR")
        self.note(t("report_trend_note") + " " + t("report14_trend_note_co2", progress=self.norm_progress,
                                                   label=self.co2_label))

    # 3 Fortschritt ---------------------------------------------------------------------------------------------
    def progress(self) -> None:
        self.heading(t("report_s_progress"), need=90)
        e, year, baseline = self.entity, self.year, self.baseline
        if self.partial:
            self.missing(t("periods_progress_partial_plain", baseline=baseline, label=self.year_label))
            return
        if baseline >= year:
            self.missing(t("report_progress_baseline_not_before", baseline=baseline, year=year))
            return
        result = progress_of(self.con, e.level, baseline, year, e.selection, self.analytics)
        if result.empty:
            self.missing(t("report_progress_none", baseline=baseline, year=year))
            return
        row = result.iloc[0]
        rate = float(row["target_change_per_year"])
        target_share = 1 - float(row["target_kwh"]) / float(row["baseline_kwh"]) if row["baseline_kwh"] else None
        verdict = t("report_on_track" if bool(row["on_track"]) else "report_off_track")
        # one sign for savings (issue 19): "Einsparung", positive = less energy (a negative saving: more energy,
        # said so in words rather than "−7,2 % weniger")
        less = round(float(row["saving_share"]) * 100, 1) > 0
        self.paragraph(t("report_progress_text" if less else "ws19_report_progress_more",
                         n=num(row["buildings_compared"], 0), baseline=baseline, year=year,
                         saving=percent(row["saving_share"]),
                         saving_mwh=mwh(row["saving_kwh"]),
                         rate=num(rate * 100, 1, "%"), target=percent(target_share), verdict=verdict))
        ok = FontFace(emphasis="BOLD", color=GOOD if bool(row["on_track"]) else BAD)
        rows = [
            [t("report_progress_compared"), num(row["buildings_compared"], 0)],
            [t("report_progress_baseline_energy", baseline=baseline), mwh(row["baseline_kwh"])],
            [t("report_progress_year_energy", year=year), mwh(row["year_kwh"])],
            [t("report_progress_saving"), f"{mwh(row['saving_kwh'])} ({percent(row['saving_share'])})"],
            [t("report_progress_rate"), t("report_per_year", value=num(rate * 100, 1, "%"))],
            [t("report_progress_target", year=year), f"{mwh(row['target_kwh'])} ({percent(target_share)})"],
            [t("report_progress_verdict"), _Cell(verdict, ok)],
        ]
        self.table([t("report_col_figure"), t("report_col_value")], rows, [110, 64], "LR", size=8.5)
        path = self._progress_path(float(row["baseline_kwh"]), rate)
        if path is not None:
            fig = charts.report_progress_path(path, baseline, year, rate, t("report_chart_path", baseline=baseline),
                                              "de")
            self.chart(fig, height_px=460)
        if self.several:
            per = progress_of(self.con, "municipality", baseline, year, e.selection, self.analytics)
            if not per.empty:
                self.keep(12 + self.chart_height(230 + 48 * len(per)))
                self.subheading(t("report_progress_by_municipality", baseline=baseline, year=year))
                self.chart(charts.progress_bars(per, t("chart_progress", year=year, baseline=baseline), "de"),
                           height_px=230 + 48 * len(per))
                rows = [[r["name"], num(r["buildings_compared"], 0), percent(r["saving_share"]),
                         percent(1 - r["target_kwh"] / r["baseline_kwh"] if r["baseline_kwh"] else None),
                         _Cell(t("report_yes") if bool(r["on_track"]) else t("report_no"),
                               FontFace(color=GOOD if bool(r["on_track"]) else BAD))]
                        for _, r in per.iterrows()]
                self.table([t("col_municipality"), t("report_col_compared"), t("report_col_saving"),
                            t("report_col_target"), t("report_col_on_track")], rows, [62, 26, 28, 28, 30],
                           "LRRRC")
        self.note(t("report_progress_note", rate=num(self.analytics.target_change_per_year * 100, 1, "%")) + " "
                  + t("report14_progress_note", progress=self.norm_progress))

    # 4 Gebäude -------------------------------------------------------------------------------------------------
    def buildings_section(self) -> None:
        self.heading(t("report_s_buildings"))
        frame, e = self.buildings, self.entity
        if frame.empty:
            self.missing(t("report_buildings_none", name=e.name, year=self.year, n=len(self.all_buildings)))
            return
        totals = frame[["potential_kwh", "potential_eur", "potential_t_co2e"]].sum(min_count=1)
        self.paragraph(t("report_buildings_intro", n=len(frame), year=self.year, potential=mwh(totals["potential_kwh"]),
                         eur=num(totals["potential_eur"], 0, "€"),
                         co2=num(totals["potential_t_co2e"], 1,
                                 "t " + labels.co2_unit(self.analytics.emission_factor_set))))
        rows, incomplete, not_comparable = self._building_rows(frame)
        headers = [[(t("col_building"), 1, 2), (t("col_category"), 1, 2), (t("report_col_area"), 1, 2),
                    (t("report_col_specific", unit=charts.SPECIFIC_UNIT), 4, 1), (t("report_col_potential"), 2, 1)],
                   [t("report_col_heat"), t("report_col_comparison"), t("report_col_electricity"),
                    t("report_col_comparison"), "MWh/a", "€/a"]]
        self.table(headers, rows, [42, 27, 14, 15, 15, 15, 15, 15, 16], "LLRRRRRRR", size=7.5)
        self.note(self._buildings_note(frame, incomplete, not_comparable))
        self._potential_ranking(frame)
        self.swk_section(frame)

    def swk_section(self, frame) -> None:
        """The Strom-Wärme-Kosten-Diagramm of the year's buildings (KEAN's planning aid; ktdash.output.charts.report)
        and a table of its points."""
        points, more, left_out = swk_points(frame)
        self.subheading(t("rep19_swk_title", year=self.year))
        if points.empty:
            self.missing(t("rep19_swk_none", year=self.year))
            return
        self.paragraph(t("rep19_swk_intro"))
        self.chart(strom_waerme_kosten(points, t("rep19_swk_title", year=self.year), "de"), height_px=620)
        rows = [[f"{r['building']} ({r['municipality']})" if self.several else r["building"],
                 num(r["heat_kwh_per_m2"], 1), num(r["electricity_kwh_per_m2"], 1), signed_percent(r["heat_dev"]),
                 signed_percent(r["electricity_dev"]), num(r["cost_eur"], 0, "€"), percent(r["cost_share"])]
                for _, r in points.iterrows()]
        headers = [[(t("col_building"), 1, 2), (t("report_col_specific", unit=charts.SPECIFIC_UNIT), 2, 1),
                    (t("rep19_col_deviation"), 2, 1), (t("rep19_col_cost"), 1, 2), (t("rep19_col_cost_share"), 1, 2)],
                   [t("report_col_heat"), t("report_col_electricity"), t("report_col_heat"),
                    t("report_col_electricity")]]
        self.table(headers, rows, [50, 17, 17, 19, 19, 24, 24], "LRRRRRR", size=7.5)
        notes = [t("rep19_swk_note")]
        if more:
            notes.append(t("rep19_swk_more", shown=len(points), more=more))
        if left_out:
            notes.append(t("rep19_swk_left_out", n=num(left_out, 0)))
        self.note(" ".join(notes))

    # 5 Maßnahmen und Einsparungen ------------------------------------------------------------------------------
    def measures_section(self) -> None:
        """The measures of the entity's buildings and, for those completed by the end of the year, the savings
        verified by the monthly billing method (IPMVP Option C / CalTRACK; ktdash.analytics.savings)."""
        self.heading(t("report_s_measures"), need=70)
        keys = self.entity.member_keys
        totals = stored_measures.totals(self.con, municipalities=keys)
        if totals.empty:
            self.missing(t("report_measures_none", name=self.entity.name))
            return
        counts = totals.groupby("status")["measures"].sum()
        self.paragraph(t("report_measures_intro", n=num(totals["measures"].sum(), 0),
                         completed=num(counts.get("completed", 0), 0), progress=num(counts.get("in_progress", 0), 0),
                         planned=num(counts.get("planned", 0), 0),
                         investment=num(totals["investment_eur"].sum(), 0, "€"),
                         funding=num(totals["funding_eur"].sum(), 0, "€"),
                         expected=mwh(totals["expected_kwh"].sum())))
        verdicts = [v for v in verified.verifications(self.con, Selection(municipalities=tuple(keys)),
                                                      analytics=self.analytics)
                    if v.verification.last_completion.year <= self.year]
        if not verdicts:
            self.missing(t("report_measures_no_verdict", year=self.year))
            return
        frame = verified.table(verdicts)
        self._measures_summary(frame)
        self._measures_table(verdicts)
        if self.several:
            self._measures_per_municipality(frame)
        self.note(t("report_measures_method"))

    def _measures_summary(self, frame: pd.DataFrame) -> None:
        total = verified.by_area(frame.assign(district_key="all", district=self.entity.name), "district").iloc[0]
        co2 = "t " + labels.co2_unit(self.analytics.emission_factor_set)
        self.paragraph(t("report_measures_verified", verdicts=num(total["verdicts"], 0),
                         verified=num(total["verified"], 0), refused=num(total["refused"], 0),
                         significant=num(total["significant"], 0), savings=mwh(total["savings_kwh"]),
                         uncertainty=mwh(total["uncertainty_kwh"]), eur=num(total["eur"], 0, "€"),
                         co2=num(total["t_co2e"], 1, co2),
                         share=num(total["percent_of_expected"], 0, "%")))

    def _measures_table(self, verdicts: list) -> None:
        rows = []
        for v in verdicts:
            ver = v.verification
            savings_cell = (t("report_measures_no_number") if ver.refused else
                            f"{mwh(ver.savings_kwh)} ± {mwh(ver.uncertainty_kwh)}")
            rows.append([v.building, " + ".join(v.titles), v.carrier,
                         f"{format_month(ver.reporting_first)}–{format_month(ver.reporting_last)}", savings_cell,
                         num(ver.percent_of_expected, 0, "%"), measure_texts.verdict_label(ver, "de")])
        self.table([t("col_building"), t("report_measures_col_measures"), t("report_measures_col_carrier"),
                    t("report_measures_col_period"), t("report_measures_col_savings"),
                    t("report_measures_col_expected"), t("report_measures_col_verdict")],
                   rows, [34, 36, 17, 25, 26, 14, 22], "LLLLRRL", size=7)
        refused = [v for v in verdicts if v.verification.refused]
        for v in refused[:MAX_FINDINGS]:
            self.note(f"{v.building}, {' + '.join(v.titles)}: {measure_texts.verdict_text(v.verification, 'de')}")

    def _measures_per_municipality(self, frame: pd.DataFrame) -> None:
        per = verified.by_area(frame, "municipality")
        self.subheading(t("report_measures_by_municipality"))
        rows = [[r["name"], num(r["measures"], 0), num(r["verified"], 0), num(r["refused"], 0),
                 f"{mwh(r['savings_kwh'])} ± {mwh(r['uncertainty_kwh'])}" if r["verified"] else "–",
                 num(r["eur"], 0, "€")] for _, r in per.iterrows()]
        self.table([t("col_municipality"), t("report_measures_col_count"), t("report_measures_col_verified"),
                    t("report_measures_col_refused"), t("report_measures_col_savings"), t("report_measures_col_eur")],
                   rows, [56, 20, 22, 22, 38, 26], "LRRRRR", size=7.5)

    def _building_rows(self, frame: pd.DataFrame) -> tuple[list, bool, dict[str, str | None]]:
        """The table rows of the buildings (grouped by municipality when there are several), whether one of them
        is incomplete (*), and the buildings without a valid comparison value (†) with their category's note."""
        rows: list = []
        incomplete = False
        not_comparable: dict[str, str | None] = {}  # building → comparability note of its category
        notes_of = self.comparability_notes()
        for municipality, part in frame.sort_values(["municipality", "building"]).groupby("municipality", sort=False):
            if self.several:
                rows.append(_Group(municipality))
            for _, r in part.iterrows():
                # a category without a valid comparison value (Schwimmhalle …); no category: a data-quality finding
                comparable = _missing(r["category"]) or bool(r["comparable"])
                name = (_breakable(r["building"]) + ("" if bool(r["complete"]) else " *")
                        + ("" if comparable else " †"))
                incomplete |= not bool(r["complete"])
                if not comparable:
                    not_comparable[r["building"]] = notes_of.get(r["category"])
                rows.append(_building_row(r, name, comparable))
        return rows, incomplete, not_comparable

    def _buildings_note(self, frame: pd.DataFrame, incomplete: bool, not_comparable: dict[str, str | None]) -> str:
        """The note under the buildings' table: its figures, incomplete and not comparable buildings, and the
        buildings without figures in the year."""
        notes = [t("report_buildings_note")]
        if incomplete:
            notes.append(t("report_buildings_incomplete"))
        if not_comparable:
            reasons = dict.fromkeys(labels.reason(note, "de") for note in not_comparable.values())
            notes.append(t("report14_buildings_not_comparable", names=", ".join(not_comparable),
                           reasons="; ".join(reasons)))
        without = self.all_buildings[~self.all_buildings["building_id"].isin(frame["building_id"])]
        if not without.empty:
            notes.append(t("report_buildings_without", year=self.year, names=", ".join(without["building"])))
        return " ".join(notes)

    def _potential_ranking(self, frame: pd.DataFrame) -> None:
        """The ten buildings with the largest saving potential as bars (or a sentence that none has one)."""
        ranking = frame[frame["potential_kwh"] > 0].nlargest(10, "potential_kwh").copy()
        if ranking.empty:
            self.paragraph(t("report_potential_none", year=self.year))
            return
        duplicate = ranking["building"].duplicated(keep=False)
        ranking["name"] = ranking["building"].where(~duplicate, ranking["building"] + " (" + ranking["municipality"]
                                                    + ")")
        ranking["potential_mwh"] = ranking["potential_kwh"] / 1000
        fig = charts.ranking_bars(ranking, "potential_mwh", t("chart_potential", year=self.year), "MWh/a", "de",
                                  decimals=1)
        fig.update_layout(margin=dict(l=20, r=30, t=70, b=60), xaxis_tickformat=",.0f", yaxis_ticksuffix="  ")
        self.keep(60)
        self.chart(fig)

    # 6 Kampagnen -----------------------------------------------------------------------------------------------
    def campaigns(self) -> None:
        self.heading(t("report_s_campaigns"))
        e, year = self.entity, self.year
        selection = campaign_metrics.CampaignSelection(years=(year,), districts=(e.district_key,))
        if self.is_district:
            reach_rows = campaign_metrics.reach_by_district(self.con, selection)
            reach_rows = reach_rows[reach_rows["key"] == e.key]
        else:
            reach_rows = campaign_metrics.reach_by_municipality(self.con, selection)
            reach_rows = reach_rows[reach_rows["key"] == e.key]
        reach = None if reach_rows.empty or not int(reach_rows.iloc[0]["activities"]) else reach_rows.iloc[0]
        if reach is None:
            self.missing(t("report_campaigns_none", name=e.name, year=year))
        else:
            activities = campaign_metrics.activity_list(self.con, selection)
            if not self.is_district:
                activities = activities[activities["municipality"] == e.name]
            planned = int(reach["activities"]) - int(reach["activities_held"])
            campaigns = activities["campaign_id"].nunique()
            self.paragraph(t("report_campaigns_intro_one" if campaigns == 1 else "report_campaigns_intro",
                             name=e.name, year=year, campaigns=num(campaigns, 0),
                             held=num(reach["activities_held"], 0))
                           + (" " + t("report_campaigns_planned", n=num(planned, 0)) if planned else ""))
            rows = [[t("report_reach_" + column), num(reach[column], 0)] for column in
                    ("participants", "registrations", "consultations", "page_views", "leads", "outcomes")]
            rows.insert(1, [t("report_reach_participants_per_1000"), num(reach["participants_per_1000"], 1)])
            rows += [[t("report_reach_cost"), num(reach["cost_eur"], 0, "€")],
                     [t("report_reach_cost_per_participant"), num(reach["cost_per_participant"], 2, "€")]]
            self.table([t("report_col_figure"), t("report_col_value_year", year=year)], rows, [110, 64], "LR",
                       size=8.5)
            per_campaign = (activities.groupby(["campaign_id", "campaign_name", "topic"], as_index=False)
                            .agg(activities=("activity_date", "size"), participants=("participants", "sum"),
                                 consultations=("consultations", "sum")))
            self.subheading(t("report_campaigns_list", year=year))
            rows = [[f"{r['campaign_id']} {r['campaign_name']}", charts.topic_label(r["topic"], "de"),
                     num(r["activities"], 0), num(r["participants"], 0), num(r["consultations"], 0)]
                    for _, r in per_campaign.iterrows()]
            self.table([t("report_col_campaign"), t("report_col_topic"), t("report_col_activities"),
                        t("report_col_participants"), t("report_col_consultations")], rows, [78, 30, 22, 22, 22],
                       "LLRRR")
            if self.several:
                self._campaigns_per_municipality(selection)
        self._pv()
        self.note(t("report_campaigns_note"))

    def _campaigns_per_municipality(self, selection) -> None:
        reach = campaign_metrics.reach_by_municipality(self.con, selection)
        pv = campaign_metrics.pv_additions(self.con, selection)
        pv = pv[pv["year"] == self.year].set_index("key")
        self.subheading(t("report_campaigns_by_municipality", year=self.year))
        rows = []
        for _, r in reach.iterrows():
            units = pv["units"].get(r["key"]) if r["key"] in pv.index else None
            rows.append([r["name"], num(r["activities_held"], 0), num(r["participants"], 0),
                         num(r["participants_per_1000"], 1), num(r["consultations"], 0),
                         num(units if units is not None else (None if _missing(r["population"]) else 0), 0),
                         num(pv["units_per_1000"].get(r["key"]) if r["key"] in pv.index else None, 1)])
        headers = [[(t("col_municipality"), 1, 2), (t("report_col_campaigns_year", year=self.year), 4, 1),
                    (t("report_col_pv_year", year=self.year), 2, 1)],
                   [t("report_col_activities"), t("report_col_participants"), t("report_col_per_1000"),
                    t("report_col_consultations"), t("report_col_pv_units"), t("report_col_pv_per_1000")]]
        self.table(headers, rows, [48, 20, 21, 21, 20, 20, 24], "LRRRRRR", size=7.5)

    def _pv(self) -> None:
        e, year = self.entity, self.year
        self.subheading(t("report_pv_title", year=year))
        until = campaign_metrics.register_until(self.con)
        if until is None:
            self.missing(t("report_pv_no_register"))
            return
        selection = campaign_metrics.CampaignSelection(years=(year - 1, year), districts=(e.district_key,))
        if self.is_district:
            frame = campaign_metrics.pv_by_district(self.con, selection)
        else:
            frame = campaign_metrics.pv_additions(self.con, selection)
        frame = frame[frame["key"] == e.key].set_index("year")
        if year not in frame.index:
            self.missing(t("report_pv_none", name=e.name, year=year))
        else:
            def cell(y, column, decimals):
                return num(frame.loc[y, column], decimals) if y in frame.index else "–"

            rows = [[t("report_pv_units"), cell(year, "units", 0), cell(year - 1, "units", 0)],
                    [t("report_pv_plug_in"), cell(year, "plug_in_units", 0), cell(year - 1, "plug_in_units", 0)],
                    [t("report_pv_kwp"), cell(year, "kwp", 1), cell(year - 1, "kwp", 1)],
                    [t("report_pv_units_per_1000"), cell(year, "units_per_1000", 1),
                     cell(year - 1, "units_per_1000", 1)],
                    [t("report_pv_kwp_per_1000"), cell(year, "kwp_per_1000", 1), cell(year - 1, "kwp_per_1000", 1)]]
            self.table([t("report_col_figure"), str(year), str(year - 1)], rows, [90, 42, 42], "LRR", size=8.5)
        if until < date(year, 12, 31):
            self.note(t("report_pv_partial", until=format_date(until), year=year))

    # 7 Datenqualität -------------------------------------------------------------------------------------------
    def quality_section(self) -> None:
        self.heading(t("report_s_quality"))
        e, year = self.entity, self.year
        found = (quality.findings(self.con, municipality_key=e.key) if not self.is_district
                 else quality.findings(self.con).query("municipality_key in @keys", local_dict={"keys":
                                                                                                 e.member_keys}))
        self.paragraph(t("report_quality_intro"))
        if found.empty:
            self.missing(t("report_quality_none", name=e.name))
            return
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 1)
        period_start = pd.to_datetime(found["period_start"])
        period_end = pd.to_datetime(found["period_end"])
        in_year = found[period_start.isna() | ((period_start <= end) & (period_end >= start))]
        rows = []
        for code in quality.CODES:
            every, this = found[found["code"] == code], in_year[in_year["code"] == code]
            if every.empty:
                continue
            rows.append([t("quality_check_" + code), t("quality_severity_" + quality.SEVERITY[code]),
                         num(len(every), 0), num(len(this), 0), num(every["building_id"].nunique(), 0)])
        self.table([t("report_col_check"), t("report_col_severity"), t("report_col_findings"),
                    t("report_col_findings_year", year=year), t("report_col_buildings_affected")],
                   rows, [56, 26, 28, 34, 30], "LLRRR", size=8.5)
        if in_year.empty:
            self.paragraph(t("report_quality_none_year", year=year))
            return
        self.subheading(t("report_quality_year", year=year))
        shown = in_year.head(MAX_FINDINGS)
        described = quality.describe(shown, "de")
        rows = []
        for index, r in shown.iterrows():
            building = f"{r['building']} ({r['municipality']})" if self.several else r["building"]
            rows.append([building, t("quality_check_" + r["code"]), described.at[index, t("quality_col_finding")]])
        self.table([t("col_building"), t("report_col_check"), t("report_col_finding")], rows, [48, 28, 98], "LLL",
                   size=7.5)
        if len(in_year) > MAX_FINDINGS:
            self.note(t("report_quality_more", n=num(len(in_year) - MAX_FINDINGS, 0)))

    # 8 Methoden und Quellen ------------------------------------------------------------------------------------
    def methods(self) -> None:
        self.heading(t("report_s_methods"))
        con, e, analytics = self.con, self.entity, self.analytics
        imported, until = self.as_of
        self.paragraph(t("report_m_data", imported=format_date(imported.date()) if imported else "–",
                         until=format_month(until, "de")), bold_lead=t("report_m_data_lead"))
        self._climate()
        self.paragraph(t("report14_m_weather", period=f"{analytics.climate_reference_from}–"
                                                      f"{analytics.climate_reference_to}",
                         potsdam=num(climate.benchmark_reference_kd(con), 0),
                         share=num(analytics.hot_water_share * 100, 0, "%")),
                       bold_lead=t("report_m_weather_lead"))
        self._hot_water_shares()
        self.paragraph(t("rep19_m_comparison") + t("report14_m_comparison_extra"),
                       bold_lead=t("report_m_comparison_lead"))
        basis = methods.co2_basis(con, analytics.emission_factor_set)
        set_text = t("report14_m_co2_direct" if basis == "direct" else "report14_m_co2_bisko")
        if basis == "bisko_changed":
            from ktdash.analytics.reference import factor_set_status

            status = factor_set_status(con, "bisko")
            reasons = ([texts.t("methods14_reason_rows", "de", n=status["rows_changed"])] if status["rows_changed"]
                       else []) + ([texts.t("methods14_reason_networks", "de", n=status["networks_not_exergetic"])]
                                   if status["networks_not_exergetic"] else [])
            set_text += t("report14_m_co2_changed", reasons="; ".join(reasons))
        self.paragraph(t("rep19_m_co2", label=self.co2_label, set_text=set_text), bold_lead=t("report_m_co2_lead"))
        self.paragraph(t("report14_m_prices", label=self.co2_label), bold_lead=t("report_m_prices_lead"))
        self._factors()
        self.paragraph(t("report_m_progress", rate=num(self.analytics.target_change_per_year * 100, 1, "%")),
                       bold_lead=t("report_m_progress_lead"))
        self.paragraph(t("report_m_potential"), bold_lead=t("report_m_potential_lead"))
        dates = self.population_dates()
        population_dates = (format_date(e.population_date) if e.population_date
                            else " – ".join(format_date(d) for d in dict.fromkeys(d for d in dates if d)) or "–")
        self.paragraph(t("rep19_m_population", dates=population_dates), bold_lead=t("report_m_population_lead"))
        self.paragraph(t("report_m_campaigns"), bold_lead=t("report_m_campaigns_lead"))
        until_register = campaign_metrics.register_until(con)
        self.paragraph(t("report_m_mastr", until=format_date(until_register) if until_register else "–"),
                       bold_lead=t("report_m_mastr_lead"))
        self.paragraph(t("report_m_quality", z=num(quality.Z_THRESHOLD, 1), factor=num(quality.MIN_FACTOR, 0),
                         months=quality.STALE_MONTHS, low=num(quality.LOW_FACTOR, 2),
                         high=num(quality.HIGH_FACTOR, 0)), bold_lead=t("report_m_quality_lead"))
        self.paragraph(t("rep19_m_software"), bold_lead=t("report_m_software_lead"))

    def _climate(self) -> None:
        """The climate data's attribution and the stations the report's buildings used in the year."""
        self.paragraph(t("report14_m_climate", attribution=climate.ATTRIBUTION,
                         limit=num(self.analytics.heating_limit_c, 0), year=self.year),
                       bold_lead=t("report14_m_climate_lead"))
        used = methods.stations_used(self.con, self.entity.member_keys, self.year)
        if used.empty:
            self.note(t("report14_stations_none", year=self.year))
            return
        partial = False
        rows = []
        for _, r in used.iterrows():
            marked = int(r["complete_months"]) < 12
            partial |= marked
            rows.append([f"{r['station']} ({int(r['station_id'])})", num(r["altitude_m"], 0, "m"),
                         num(r["buildings"], 0), num(r["g20_15_kd"], 0, "Kd") + (" *" if marked else ""),
                         num(r["long_term_mean"], 0, "Kd"),
                         f"{num(r['buildings_substituted'], 0)} / {num(r['buildings_missing'], 0)}"])
        self.table([t("report14_col_station"), t("report14_col_altitude"), t("report14_col_buildings"),
                    t("report14_col_station_year", year=self.year), t("report14_col_long_term_mean"),
                    t("report14_col_substituted")], rows, [44, 18, 18, 26, 26, 42], "LRRRRR", size=8)
        if partial:
            self.note(t("report14_stations_partial"))

    def _hot_water_shares(self) -> None:
        """The hot-water shares s the report's buildings used in the year, per category and origin."""
        shares = methods.hot_water_shares_used(self.buildings)
        if shares.empty:
            return
        tek = self.comparison_values_tek()
        rows = []
        for _, r in shares.iterrows():
            origin = r["hot_water_share_from"]
            if origin == "category" and r["category"] in tek:
                text = t("report14_share_from_category",
                         derivation=methods.share_derivation(*tek[r["category"]], "de"))
            else:
                text = t("report14_share_from_building" if origin == "building" else "report14_share_from_assumption")
            rows.append([_breakable(r["category"]) if not _missing(r["category"]) else "–",
                         percent(r["hot_water_share"], 0), text, num(r["buildings"], 0)])
        self.table([t("report14_col_category"), t("report14_col_share"), t("report14_col_share_from"),
                    t("report14_col_buildings")], rows, [44, 18, 90, 22], "LRLR", size=8)

    def _factors(self) -> None:
        """The emission factors (with their status) and prices applied to the report's carriers in the year; heat
        networks with their own factor (BISKO set) as rows of their own."""
        factors = self.carrier_factors()
        if factors.empty:
            return
        rows = [[r["carrier"], num(r["factor"], 3, "kg/kWh"),
                 "–" if _missing(r["factor_year"]) else str(int(r["factor_year"])),
                 methods.status_label(r["status"], "de"), num(r["price"], 2, "€/kWh")]
                for _, r in factors.iterrows()]
        if self.analytics.emission_factor_set == "bisko":
            networks = self.heat_networks()
            rows += [[f"{carrier}: {name}", num(factor, 3, "kg/kWh"), str(int(year)),
                      t("report14_network_status_exergetic" if exergetic else "report14_network_status"), "–"]
                     for carrier, name, factor, year, exergetic in networks]
        self.table([t("col_carrier"), t("report_col_factor"), t("report_col_factor_year"), t("report14_col_status"),
                    t("report_col_price")], rows, [44, 32, 26, 40, 32], "LRRLR", size=8.5)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
