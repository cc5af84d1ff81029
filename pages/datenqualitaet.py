"""Datenqualität: findings of the data-quality checks per municipality, each linking to its building."""

import streamlit as st

from ktdash.analytics import alerts, quality
from ktdash.output.alerts import inbox_table
from ktdash.i18n import texts
from ktdash.core.formatting import format_number, markdown_escape as escape
from ktdash.analytics.selection import Selection
from pages.common import (data_version, page_start, show_table, store_cursor, table_downloads,
                          url_multiselect)

page_start()
lang = st.session_state.get("lang", "de")

SEVERITY_ICONS = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}


BUILDINGS_PER_PAGE = 30  # buildings listed with their findings at once; the table below has every finding


# The findings and their words are shared read-only by every run and session (st.cache_resource): st.cache_data
# would copy thousands of rows on each run; the page only selects from them.
@st.cache_resource(show_spinner=False, max_entries=4)
def load_findings(version: int):
    """Every finding of every check: one query per data version, the filters work on it."""
    return quality.findings(store_cursor())


@st.cache_data(show_spinner=False)
def load_summary(version: int, checks: tuple):
    return quality.summary(store_cursor(), checks=checks, found=load_findings(version))


@st.cache_resource(show_spinner=False, max_entries=8)
def load_described(version: int, lang: str):
    """The findings in words (same index as :func:`load_findings`)."""
    return quality.describe(load_findings(version), lang)


st.title(texts.t("quality_title", lang))
st.caption(texts.t("quality_intro", lang))
with st.expander(texts.t("quality_methods", lang)):
    fields = {"z": format_number(quality.Z_THRESHOLD, 1, lang), "factor": format_number(quality.MIN_FACTOR, 0, lang),
              "years": quality.MIN_YEARS, "months": quality.STALE_MONTHS,
              "low": format_number(quality.LOW_FACTOR, 2, lang), "high": format_number(quality.HIGH_FACTOR, 0, lang)}
    st.markdown("\n".join(f"- **{texts.t('quality_check_' + code, lang)}** (`{code}`): "
                          f"{texts.t('quality_method_' + code, lang, **fields)}" for code in quality.CODES))

version = data_version()
everything = load_summary(version, quality.CODES)
with st.sidebar:  # the filters live in the URL (?kreis=Kusel&pruefung=gap)
    districts = url_multiselect(texts.t("filter_districts", lang), sorted(everything["district"].unique()), "kreis",
                                "quality_districts", placeholder=texts.t("all", lang))
    in_districts = everything[everything["district"].isin(districts)] if districts else everything
    municipalities = url_multiselect(texts.t("quality_filter_municipalities", lang),
                                     in_districts["municipality"].tolist(), "kommune", "quality_municipalities",
                                     placeholder=texts.t("all", lang))
    checks = url_multiselect(texts.t("quality_filter_checks", lang), list(quality.CODES), "pruefung",
                             "quality_checks", format_func=lambda code: texts.t("quality_check_" + code, lang),
                             placeholder=texts.t("all", lang))
checks = tuple(checks) or quality.CODES
chosen = set(municipalities) or set(in_districts["municipality"])

summary = load_summary(version, checks)
summary = summary[summary["municipality"].isin(chosen)]
st.subheader(texts.t("quality_summary", lang))
table = summary[["district", "municipality", "buildings", "buildings_with_findings", "findings", *checks]]
table.columns = [texts.t("col_district", lang), texts.t("col_municipality", lang),
                 texts.t("quality_col_buildings", lang), texts.t("quality_col_buildings_with_findings", lang),
                 texts.t("quality_col_findings", lang), *(texts.t("quality_check_" + c, lang) for c in checks)]
show_table(table, lang)
table_downloads(table, ("Datenqualitaet", "Uebersicht"), "quality_summary_table", lang)



@st.cache_data(show_spinner=False)
def load_model_findings(version: int):
    return alerts.model_findings(store_cursor())


def model_section() -> None:
    """The findings of the alert rules that need a model (weather band, base-load jump): the rows the inbox
    Auffälligkeiten holds for the chosen municipalities, open and acknowledged."""
    st.subheader(texts.t("quality_model_title", lang))
    st.caption(texts.t("quality_model_caption", lang))
    found = load_model_findings(version)
    found = found[found["municipality"].isin(chosen)]
    if found.empty:
        st.info(texts.t("quality_model_none", lang))
        return
    table = inbox_table(found, lang, acknowledged=True)
    show_table(table, lang)
    table_downloads(table, ("Datenqualitaet", "Wettermodell"), "quality_model_table", lang)


frame = load_findings(version)
frame = frame[frame["code"].isin(checks) & frame["municipality"].isin(chosen)]
if frame.empty:
    st.info(texts.t("quality_none", lang))
    model_section()
    st.stop()
shown = load_described(version, lang).loc[frame.index]
finding_column = texts.t("quality_col_finding", lang)
check_column = texts.t("quality_col_check", lang)

st.subheader(texts.t("quality_by_building", lang))
# at most BUILDINGS_PER_PAGE buildings at once (in the order of the table), so that a store with many findings
# draws as fast as a small one; the other buildings are a page further
buildings = frame["building_id"].drop_duplicates().tolist()
pages = -(-len(buildings) // BUILDINGS_PER_PAGE)
if pages > 1:
    if st.session_state.get("quality_page", 1) > pages:  # fewer buildings after a change of the filters
        st.session_state["quality_page"] = pages
    number = st.number_input(texts.t("quality_page", lang, pages=pages,
                                     buildings=format_number(len(buildings), 0, lang)),
                             min_value=1, max_value=pages, step=1, key="quality_page")
    listed = set(buildings[(number - 1) * BUILDINGS_PER_PAGE:number * BUILDINGS_PER_PAGE])
    on_page = frame[frame["building_id"].isin(listed)]
else:
    on_page = frame
counts = frame.groupby("municipality", sort=False).size()
for municipality, found in on_page.groupby("municipality", sort=False):
    # stored names and findings are text: escaped for the Markdown of labels and lists
    count = texts.t('quality_count', lang, n=format_number(counts[municipality], 0, lang))
    label = f"{escape(municipality)} – {count}"
    with st.expander(label, expanded=len(chosen) == 1):
        for building_id, rows in found.groupby("building_id", sort=False):
            first = rows.iloc[0]
            st.page_link("pages/gebaeude.py", label=f"**{escape(first['building'])}** ({escape(first['category'])})",
                         icon=":material/apartment:", query_params=Selection(buildings=(int(building_id),)).to_query())
            st.markdown("\n".join(
                f"- {SEVERITY_ICONS[severity]} {escape(shown.at[index, check_column])}: "
                f"{escape(shown.at[index, finding_column])}"
                for index, severity in zip(rows.index, rows["severity"], strict=True)))

st.subheader(texts.t("quality_all", lang))
show_table(shown, lang)
table_downloads(shown, ("Datenqualitaet", "Befunde"), "quality_findings_table", lang)

model_section()
