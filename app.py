"""ktdash dashboard: the router. Pages live in pages/, logic in the ktdash library."""

import streamlit as st

from ktdash import texts
from pages.common import ensure_demo, language, leave_legacy_pages_mode

st.set_page_config(page_title="ktdash", page_icon=":material/bolt:", layout="wide")


def pages(lang: str) -> list:
    return [
        st.Page("pages/uebersicht.py", title=texts.t("page_overview", lang), icon=":material/bar_chart:",
                url_path="uebersicht", default=True),
        st.Page("pages/import_daten.py", title=texts.t("page_import", lang), icon=":material/upload_file:",
                url_path="import_daten"),
    ]


leave_legacy_pages_mode()
lang = language()
ensure_demo(lang)
st.navigation(pages(lang)).run()
