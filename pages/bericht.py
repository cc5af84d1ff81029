"""Energiebericht: the annual report of one municipality or one district as PDF and as editable Word document
(ktdash.output.report), with the municipality's own logo and foreword (ktdash.ingest.report_assets: its manager or an
admin sets them here) and the Strom-Wärme-Kosten-Diagramm of its buildings (ktdash.output.charts.report)."""

import streamlit as st

from ktdash.analytics import metrics
from ktdash.store import queries
from ktdash.output import report
from ktdash.i18n import texts
from ktdash.access.permissions import NotAllowed
from ktdash.output.exports.charts import file_name
from ktdash.core.formatting import display_text, format_date, markdown_escape
from ktdash.ingest import report_assets
from ktdash.output.charts.report import strom_waerme_kosten, swk_points
from pages.common import (chart, current_user, data_version, file_uploader, page_start, settings, store_cursor,
                          url_choice, year_periods, year_text)

page_start()
lang = st.session_state.get("lang", "de")
LEVELS = {"municipality": "kommune", "district": "kreis"}  # level → its URL parameter


@st.cache_data(show_spinner=False)
def load_choices(version: int) -> tuple:
    con = store_cursor()
    return report.entities(con), queries.filter_options(con)["years"], metrics.latest_full_year(con)


def from_url(name: str, key: str, options: list, default) -> None:
    """Set the widget ``key`` from the URL parameter ``name`` when the URL was not written by this page (a link,
    a bookmark); otherwise the widget keeps its state."""
    url = st.query_params.get(name)
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):  # a place by name or key
        st.session_state[key] = next(iter(url_choice(name, options, values=[url] if url else [])), default)
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def to_url(name: str, key: str, value) -> None:
    st.query_params[name] = str(value)
    st.session_state[f"{key}_url"] = str(value)


version = data_version()
choices, years, latest = load_choices(version)
st.title(texts.t("report_page_title", lang))
st.caption(texts.t("rep19_page_caption", lang))
if not years:
    st.info(texts.t("report_no_years", lang))
    st.stop()

url_level = "district" if "kreis" in st.query_params and "kommune" not in st.query_params else "municipality"
if "report_level" not in st.session_state or st.session_state.get("report_level_url") != url_level:
    st.session_state["report_level"] = url_level
level = st.radio(texts.t("report_level", lang), list(LEVELS), horizontal=True, key="report_level",
                 format_func=lambda value: texts.t(f"report_level_{value}", lang))
st.session_state["report_level_url"] = level
entities = choices[choices["level"] == level]
names = dict(zip(entities["key"], entities["name"], strict=True))

left, middle, right = st.columns([2, 1, 1])
own = [k for k in sorted(getattr(current_user(), "municipalities", ()) or ()) if k in names]  # a manager's own
from_url(LEVELS[level], f"report_{level}", list(names), own[0] if own else next(iter(names)))
with left:
    key = st.selectbox(texts.t(f"report_entity_{level}", lang), list(names),
                       format_func=lambda k: display_text(names.get(k)), key=f"report_{level}")
year_options = sorted(years, reverse=True)
from_url("jahr", "report_year", year_options, latest if latest in year_options else year_options[0])
periods = year_periods(lang)  # the default (latest) is the last complete year; a partial one is named (issue 17)
with middle:
    year = st.selectbox(texts.t("report_year", lang), year_options, key="report_year",
                        format_func=lambda y: year_text(y, periods))
if year in periods["partial"]:
    st.warning(texts.t("periods_report_partial", lang, label=year_text(year, periods)))
baseline_options = sorted(years)
default_baseline = settings().analytics.baseline_year
from_url("basis", "report_baseline", baseline_options,
         default_baseline if default_baseline in baseline_options else baseline_options[0])
with right:
    baseline = st.selectbox(texts.t("report_baseline", lang), baseline_options, key="report_baseline")
to_url(LEVELS[level], f"report_{level}", key)
other = LEVELS["district" if level == "municipality" else "municipality"]
if other in st.query_params:
    del st.query_params[other]
to_url("jahr", "report_year", year)
to_url("basis", "report_baseline", baseline)

name = names[key]


@st.cache_data(show_spinner=False)
def swk_data(version, level: str, key: str, year: int):
    """The points of the Strom-Wärme-Kosten-Diagramm (as the report's section 4 draws them)."""
    con = store_cursor()
    selection = report.resolve_entity(con, **{level: key}).selection
    frame = metrics.building_years(con, metrics.Selection(years=(int(year),), districts=selection.districts,
                                                          municipalities=selection.municipalities),
                                   settings().analytics)
    return swk_points(frame)


st.subheader(texts.t("rep19_swk_title", lang, year=year))
st.caption(texts.t("rep19_swk_page_caption", lang))
points, more, left_out = swk_data(version, level, key, year)
if points.empty:
    st.info(texts.t("rep19_swk_none", lang, year=year))
else:
    chart(strom_waerme_kosten(points, texts.t("rep19_swk_title", lang, year=year), lang),
          ("Strom-Waerme-Kosten", name, year), "report_swk", lang)
    notes = [texts.t("rep19_swk_note", lang)]
    if more:
        notes.append(texts.t("rep19_swk_more", lang, shown=len(points), more=more))
    if left_out:
        notes.append(texts.t("rep19_swk_left_out", lang, n=left_out))
    st.caption(" ".join(notes))


def assets_section() -> None:
    """Logo and foreword of the report: the form for the municipality's manager or an admin (checked again by
    ktdash.ingest.report_assets at the click), a preview for everyone."""
    con, user = store_cursor(), current_user()
    assets = report_assets.get_assets(con, level, key)
    st.subheader(texts.t("rep19_assets_title", lang))
    st.caption(texts.t("rep19_assets_caption", lang, name=markdown_escape(name)))
    notice = st.session_state.pop("report_assets_notice", None)
    if notice:
        st.success(notice)
    editable = report_assets.may_edit(con, user, level, key)
    logo_column, text_column = st.columns([1, 2])
    with logo_column:
        if assets.logo:
            st.image(assets.logo, width=200)
            st.caption(texts.t("rep19_logo_current", lang, width=assets.logo_width, height=assets.logo_height,
                               date=format_date(assets.logo_at.date(), lang) if assets.logo_at else "–"))
        else:
            st.caption(texts.t("rep19_logo_none", lang))
        if editable:
            upload = file_uploader(texts.t("rep19_logo_upload", lang), lang, list(report_assets.UPLOAD_TYPES),
                                   key=f"report_logo_file_{level}_{key}", max_mb=2)
            if st.button(texts.t("rep19_logo_save", lang), key="report_logo_save", disabled=upload is None):
                change(lambda: report_assets.set_logo(con, user, level, key, upload.getvalue()), "rep19_logo_saved")
            if assets.logo and st.button(texts.t("rep19_logo_remove", lang), key="report_logo_remove"):
                change(lambda: report_assets.remove_logo(con, user, level, key), "rep19_logo_removed")
    with text_column:
        if editable:
            text = st.text_area(texts.t("rep19_foreword_label", lang), value=assets.foreword or "", height=220,
                                max_chars=report_assets.MAX_FOREWORD_CHARS, key=f"report_foreword_{level}_{key}")
            if st.button(texts.t("rep19_foreword_save", lang), key="report_foreword_save"):
                change(lambda: report_assets.set_foreword(con, user, level, key, text),
                       "rep19_foreword_saved" if text.strip() else "rep19_foreword_removed")
        if assets.foreword:
            with st.expander(texts.t("rep19_preview", lang), expanded=not editable):
                for part in assets.foreword.split("\n\n"):
                    st.text(part)
        elif not editable:
            st.caption(texts.t("rep19_assets_readonly", lang))


def change(action, done_key: str) -> None:
    """Run a change of logo or foreword: a refusal (no right, a bad file) says why and stores nothing."""
    try:
        action()
    except NotAllowed as exc:
        st.error(exc.message(lang))
    except report_assets.ReportAssetError as exc:
        st.error(exc.message(lang))
    else:
        st.session_state["report_assets_notice"] = texts.t(done_key, lang)
        st.session_state.pop("report_pdf", None)  # a report built before shows the old logo or foreword
        st.cache_data.clear()
        st.rerun()


assets_section()
st.divider()
wanted = (level, key, year, baseline, version)
if st.button(texts.t("report_build", lang), type="primary", icon=":material/picture_as_pdf:", key="report_build"):
    with st.status(texts.t("report_building", lang, name=markdown_escape(name), year=year), expanded=True) as status:
        bar = st.progress(0.0)

        def show(step: int, total: int, label: str) -> None:
            bar.progress(step / total, text=label)
            if step <= report.STEPS:  # the PDF's sections; the DOCX follows with the same (its charts drawn once)
                st.write(label)

        try:
            built = report.build_reports(store_cursor(), report.FORMATS, year=year, baseline=baseline,
                                         analytics=settings().analytics, progress=show, **{level: key})
            pdf = built["pdf"]
        except Exception as exc:  # a report that fails says why on the page instead of a traceback
            status.update(label=texts.t("report_failed", lang, error=markdown_escape(exc)), state="error",
                          expanded=True)
            st.session_state.pop("report_pdf", None)
        else:
            pages = report.page_count(pdf)
            status.update(label=texts.t("report_built", lang, name=markdown_escape(name), year=year, pages=pages),
                          state="complete", expanded=False)
            st.session_state["report_pdf"] = {"id": wanted, "data": pdf, "pages": pages, "docx": built["docx"]}

done = st.session_state.get("report_pdf")
if done and done["id"] == wanted:
    st.download_button(texts.t("report_download", lang), data=done["data"], mime="application/pdf",
                       file_name=file_name("Energiebericht", name, year, ext="pdf"), on_click="ignore",
                       type="primary", icon=":material/download:", key="report_download")
    st.download_button(texts.t("rep19_download_docx", lang), data=done["docx"], on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       file_name=file_name("Energiebericht", name, year, ext="docx"), icon=":material/description:",
                       key="report_download_docx")
