"""ktdash dashboard: the router. Pages live in pages/, logic in the ktdash library."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ktdash import texts
from pages.common import ensure_demo, language

st.set_page_config(page_title="ktdash", page_icon=":material/bolt:", layout="wide")


def pages(lang: str) -> list:
    return [
        st.Page("pages/uebersicht.py", title=texts.t("page_overview", lang), icon=":material/bar_chart:",
                url_path="uebersicht", default=True),
        st.Page("pages/import_daten.py", title=texts.t("page_import", lang), icon=":material/upload_file:",
                url_path="import"),
    ]


# Streamlit 1.67 treats a folder named pages/ beside the entrypoint as its legacy multipage
# mechanism until st.navigation has run once in the process; widgets of that first run get other
# ids, so the first click of the first session would be lost. Register the navigation and rerun.
if PagesManager.uses_pages_directory and not st.session_state.get("navigation_ready"):
    st.session_state["navigation_ready"] = True
    st.navigation(pages("de"), position="hidden")
    st.rerun()

lang = language()
ensure_demo(lang)
st.navigation(pages(lang)).run()
