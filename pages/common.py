"""Streamlit glue shared by the pages: connection, language, demo on first start.

Kept small on purpose: everything that is not about widgets lives in ktdash/.
"""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ktdash import texts
from ktdash.masterdata import ensure_reference_data, has_data, init_store
from ktdash.settings import Settings
from ktdash.store import open_store


def leave_legacy_pages_mode() -> None:
    """Streamlit 1.67 treats a folder named pages/ beside the entrypoint as its legacy multipage
    mechanism until st.navigation has run once in the process: it then runs a page script without
    app.py (a deep link such as /import on a fresh server) and gives the entrypoint's widgets
    other ids (the first click of the first session is lost). Switch the process to st.navigation
    and rerun once per session; app.py and every page call this first."""
    if PagesManager.uses_pages_directory and not st.session_state.get("navigation_ready"):
        st.session_state["navigation_ready"] = True
        PagesManager.uses_pages_directory = False
        st.rerun()


def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource
def _connection(path: str):
    """One DuckDB connection per process and store file; each script run takes its own cursor."""
    return open_store(path)


@st.cache_resource
def _init_lock() -> threading.Lock:
    return threading.Lock()


def store_cursor():
    return _connection(str(settings().db)).cursor()


def language() -> str:
    """German by default; the switch sits in the sidebar and in the URL (?lang=en)."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "de"
    choice = st.sidebar.radio("Sprache / Language", ["Deutsch", "English"], horizontal=True,
                              index=1 if st.session_state["lang"] == "en" else 0)
    st.session_state["lang"] = "en" if choice == "English" else "de"
    if st.session_state["lang"] == "en":
        st.query_params["lang"] = "en"
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return st.session_state["lang"]


def ensure_demo(lang: str) -> None:
    """Master data always; the Westpfalz demo into an empty store, with progress."""
    con = store_cursor()
    if con.execute("SELECT count(*) FROM municipalities").fetchone()[0] and (has_data(con) or not settings().demo):
        with _init_lock():
            if ensure_reference_data(con):  # a store made before the analytics existed
                st.cache_data.clear()
        return
    with _init_lock():
        con = store_cursor()
        if con.execute("SELECT count(*) FROM municipalities").fetchone()[0] and (
                has_data(con) or not settings().demo):
            return
        with st.status(texts.t("demo_loading", lang), expanded=True) as status:
            bar = st.progress(0.0)
            files = init_store(con, settings(), demo=settings().demo,
                               progress=lambda done, total, name: bar.progress(done / total, text=name))
            status.update(label=texts.t("demo_loaded", lang, files=files), state="complete", expanded=False)
        st.cache_data.clear()


@st.cache_data(show_spinner=False)
def _filter_options(version: int) -> dict:
    from ktdash import queries

    return queries.filter_options(store_cursor())


def filter_options() -> dict:
    """Years, carriers and districts with data (cached until the next import)."""
    return _filter_options(data_version())


def data_version() -> int:
    from ktdash.store import data_version as version

    return version(store_cursor())


def analytics_filters(lang: str, years: list[int], carriers: list[str], key: str) -> dict:
    """Sidebar filters of the analytics pages: year, baseline year, carriers, categories.

    Year, baseline, carriers and categories live in the URL (``?jahr=2024&basis=2019&traeger=Strom``) so that a
    view can be sent.
    """
    from ktdash.domain import Category

    energy = [c for c in carriers if c != "Wasser"]
    default_baseline = settings().analytics.baseline_year
    url_year = st.query_params.get("jahr")
    url_baseline = st.query_params.get("basis")
    year_default = int(url_year) if url_year and url_year.isdigit() and int(url_year) in years else max(years)
    baseline_default = (int(url_baseline) if url_baseline and url_baseline.isdigit() and int(url_baseline) in years
                        else default_baseline if default_baseline in years else min(years))
    with st.sidebar:
        year = st.selectbox(texts.t("filter_year", lang), sorted(years, reverse=True),
                            index=sorted(years, reverse=True).index(year_default), key=f"{key}_year")
        baseline = st.selectbox(texts.t("filter_baseline", lang), sorted(years),
                                index=sorted(years).index(baseline_default), key=f"{key}_baseline")
        chosen = url_multiselect(texts.t("filter_carriers", lang), energy, "traeger", f"{key}_carriers", default=energy)
        categories = url_multiselect(texts.t("filter_categories", lang), [c.value for c in Category], "kategorie",
                                     f"{key}_categories", placeholder=texts.t("all", lang))
    st.query_params["jahr"] = str(year)
    st.query_params["basis"] = str(baseline)
    return {"year": year, "baseline": baseline, "carriers": tuple(chosen or energy), "categories": tuple(categories)}


def url_multiselect(label: str, options: list, name: str, key: str, default: list | tuple = (), container=None,
                    **kwargs) -> list:
    """A multiselect whose choice lives in the URL (``?traeger=Strom&traeger=Erdgas``) when it differs from the
    default, so a view can be bookmarked and sent. A URL this page did not write (a link) sets the choice."""
    default = [o for o in default if o in options]
    url = st.query_params.get_all(name)
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):
        chosen = [o for o in options if str(o) in url]
        st.session_state[key] = chosen if url else default
    else:
        st.session_state[key] = [o for o in st.session_state[key] if o in options]
    value = (container or st).multiselect(label, options, key=key, **kwargs)
    text = [str(v) for v in value] if value != default else []
    if text:
        st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{key}_url"] = text
    return value


def url_radio(label: str, options: list, name: str, key: str, default=None, container=None, **kwargs):
    """A radio whose choice lives in the URL (``?ebene=municipality``) when it is not the default."""
    default = default if default in options else options[0]
    url = st.query_params.get(name)
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):
        st.session_state[key] = next((o for o in options if str(o) == url), default)
    value = (container or st).radio(label, options, key=key, **kwargs)
    if value != default:
        st.query_params[name] = str(value)
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{key}_url"] = str(value) if value != default else None
    return value


def show_table(frame, lang: str, decimals: dict | None = None, default_decimals: int = 1, plain: tuple = (),
               column_config: dict | None = None, **kwargs) -> None:
    """A table with numbers in the page's language whatever the browser's locale (``1.234,5`` in German):
    a pandas Styler formats the display, sorting still works on the numbers. ``decimals`` per column,
    ``plain`` columns (years, keys) without thousands separator; empty cells show ``–``."""
    decimals = decimals or {}
    german = lang != "en"
    styler = frame.style
    for column in frame.columns:
        if column in plain or frame[column].dtype.kind not in "fiu" or frame[column].dtype == bool:
            continue
        whole = frame[column].dtype.kind in "iu" or bool((frame[column].dropna() % 1 == 0).all())
        digits = decimals.get(column, 0 if whole else default_decimals)
        styler = styler.format(subset=[column], precision=digits, na_rep="–",
                               thousands="." if german else ",", decimal="," if german else ".")
    st.dataframe(styler, hide_index=True, width="stretch", placeholder="–", column_config=column_config, **kwargs)


def number_text(value, lang: str, decimals: int = 0, unit: str = "") -> str:
    """A number for a metric card: German or English format, ``–`` for a missing value."""
    import pandas as pd

    from ktdash.formatting import format_number

    if value is None or pd.isna(value):
        return "–"
    return f"{format_number(float(value), decimals, lang)} {unit}".strip()


def table_downloads(frame, name_parts: tuple, key: str, lang: str) -> None:
    """Every table as CSV for German Excel and as XLSX; the file name says what, where and when
    (``name_parts`` as for :func:`ktdash.export_charts.file_name`)."""
    from ktdash.export_charts import file_name
    from ktdash.export_tables import excel_xlsx, german_csv

    left, right, _ = st.columns([1, 1, 3])
    left.download_button(texts.t("download_csv", lang), data=german_csv(frame),
                         file_name=file_name(*name_parts, ext="csv"), mime="text/csv", on_click="ignore",
                         key=f"{key}_csv", icon=":material/table_view:")
    right.download_button(texts.t("download_xlsx", lang), data=excel_xlsx(frame, str(name_parts[0])),
                          file_name=file_name(*name_parts, ext="xlsx"), on_click="ignore", key=f"{key}_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/grid_on:")


def chart(fig, name_parts: tuple, key: str, lang: str, container=None) -> None:
    """A Plotly chart with the toolbar's image button giving SVG, and downloads as PNG (print resolution), SVG
    and PDF rendered on the server by kaleido (on click, one browser per process)."""
    from ktdash.export_charts import FORMATS, chart_bytes, file_name

    target = container or st
    stem = file_name(*name_parts, ext="x")[:-2]
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "svg", "filename": stem, "scale": 3}}
    target.plotly_chart(fig, width="stretch", config=config, key=key)
    with target.popover(texts.t("chart_download", lang), icon=":material/download:"):
        for fmt, mime in FORMATS.items():
            st.download_button(texts.t("chart_download_" + fmt, lang), data=lambda fmt=fmt: chart_bytes(fig, fmt),
                               file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")
