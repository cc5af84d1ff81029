"""Energiebericht: the annual report of one municipality or one district as PDF (ktdash.output.report)."""

import streamlit as st

from ktdash.analytics import metrics
from ktdash.store import queries
from ktdash.output import report
from ktdash.i18n import texts
from ktdash.output.exports.charts import file_name
from ktdash.core.formatting import display_text, markdown_escape
from pages.common import data_version, page_start, settings, store_cursor, url_choice, year_periods, year_text

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
st.caption(texts.t("report_page_caption", lang))
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
from_url(LEVELS[level], f"report_{level}", list(names), next(iter(names)))
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
wanted = (level, key, year, baseline, version)
if st.button(texts.t("report_build", lang), type="primary", icon=":material/picture_as_pdf:", key="report_build"):
    with st.status(texts.t("report_building", lang, name=markdown_escape(name), year=year), expanded=True) as status:
        bar = st.progress(0.0)

        def show(step: int, total: int, label: str) -> None:
            bar.progress(step / total, text=label)
            st.write(label)

        try:
            pdf = report.build_report(store_cursor(), year=year, baseline=baseline, analytics=settings().analytics,
                                      progress=show, **{level: key})
        except Exception as exc:  # a report that fails says why on the page instead of a traceback
            status.update(label=texts.t("report_failed", lang, error=markdown_escape(exc)), state="error",
                          expanded=True)
            st.session_state.pop("report_pdf", None)
        else:
            pages = report.page_count(pdf)
            status.update(label=texts.t("report_built", lang, name=markdown_escape(name), year=year, pages=pages),
                          state="complete", expanded=False)
            st.session_state["report_pdf"] = {"id": wanted, "data": pdf, "pages": pages}

done = st.session_state.get("report_pdf")
if done and done["id"] == wanted:
    st.download_button(texts.t("report_download", lang), data=done["data"], mime="application/pdf",
                       file_name=file_name("Energiebericht", name, year, ext="pdf"), on_click="ignore",
                       type="primary", icon=":material/download:", key="report_download")
