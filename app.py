"""ktdash dashboard: the router. Pages live in pages/, logic in the ktdash library."""

import gc

import streamlit as st

from ktdash.i18n import texts
from pages.common import (ensure_demo, language, leave_legacy_pages_mode, login_sidebar, navigation_pages,
                          settings, show_store_error, store_hold)

st.set_page_config(page_title="ktdash", page_icon=":material/bolt:", layout="wide")


@st.cache_resource(show_spinner=False)
def settle_heap() -> bool:
    """Once per process: the libraries the pages draw with imported, and every object alive then (their modules,
    tables, caches of types) handed to ``gc.freeze``, out of the garbage collector's scans. Streamlit collects all
    generations after every script run (``runner.postScriptGC``); over the ~200,000 objects of pandas, Plotly and
    DuckDB that took 0.1–0.3 s per run, holding the GIL for every session — a workshop's largest cost
    (bench/browser_load.py, bench/RESULTS.md). What the sessions make later is collected as before."""
    import contextlib
    import importlib

    for module in ("pandas", "plotly.graph_objects", "plotly.io", "ktdash.output.charts", "ktdash.analytics.metrics"):
        with contextlib.suppress(ImportError):  # a page that needs it says what is wrong
            importlib.import_module(module)
    gc.collect()
    gc.freeze()
    return True


def main() -> None:
    settle_heap()
    leave_legacy_pages_mode()
    lang = language()
    ensure_demo(lang)
    if login_sidebar(lang) is None and not settings().open_view:  # KTDASH_OPEN_VIEW=0: nothing without login
        st.title("ktdash")
        st.info(texts.t("login_required", lang), icon=":material/lock:")
        st.stop()
    # expanded: every page stays listed (collapsed, Streamlit hides all after the tenth behind an English "View more")
    st.navigation(navigation_pages(lang), expanded=True).run()


try:
    with store_hold():  # the store file is open only while runs hold it: a ktdash command can use it in between
        main()
except Exception as exc:  # st.stop/st.rerun are BaseExceptions and pass; a locked, read-only, full, damaged store
    if not show_store_error(exc):  # or MemoryError: a German message, details in the server log
        raise  # a bug: Streamlit shows it as client.showErrorDetails says (none in production)
