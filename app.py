"""ktdash dashboard: the router. Pages live in pages/, logic in the ktdash library."""

import streamlit as st

from ktdash.i18n import texts
from pages.common import (ensure_demo, language, leave_legacy_pages_mode, login_sidebar, settings,
                          show_store_error)

st.set_page_config(page_title="ktdash", page_icon=":material/bolt:", layout="wide")


def pages(lang: str) -> list:
    return [
        st.Page("pages/uebersicht.py", title=texts.t("page_overview", lang), icon=":material/bar_chart:",
                url_path="uebersicht", default=True),
        st.Page("pages/vergleich.py", title=texts.t("page_comparison", lang), icon=":material/compare_arrows:",
                url_path="vergleich"),
        st.Page("pages/kommune.py", title=texts.t("page_municipality", lang), icon=":material/location_city:",
                url_path="kommune"),
        st.Page("pages/gebaeude.py", title=texts.t("page_building", lang), icon=":material/apartment:",
                url_path="gebaeude"),
        st.Page("pages/kampagnen.py", title=texts.t("page_campaigns", lang), icon=":material/campaign:",
                url_path="kampagnen"),
        st.Page("pages/kampagne.py", title=texts.t("page_campaign", lang), icon=":material/flag:",
                url_path="kampagne"),
        st.Page("pages/jahresplanung.py", title=texts.t("page_annual_plan", lang), icon=":material/calendar_month:",
                url_path="jahresplanung"),
        st.Page("pages/datenqualitaet.py", title=texts.t("page_quality", lang), icon=":material/rule:",
                url_path="datenqualitaet"),
        st.Page("pages/methoden.py", title=texts.t("page_methods", lang), icon=":material/functions:",
                url_path="methoden"),
        st.Page("pages/import_daten.py", title=texts.t("page_import", lang), icon=":material/upload_file:",
                url_path="import_daten"),
        st.Page("pages/protokoll.py", title=texts.t("page_history", lang), icon=":material/history:",
                url_path="protokoll"),
        st.Page("pages/bericht.py", title=texts.t("page_report", lang), icon=":material/picture_as_pdf:", url_path="bericht"),
        st.Page("pages/workshop.py", title=texts.t("page_workshop", lang), icon=":material/slideshow:", url_path="workshop"),
    ]


def main() -> None:
    leave_legacy_pages_mode()
    lang = language()
    ensure_demo(lang)
    if login_sidebar(lang) is None and not settings().open_view:  # KTDASH_OPEN_VIEW=0: nothing without login
        st.title("ktdash")
        st.info(texts.t("login_required", lang), icon=":material/lock:")
        st.stop()
    st.navigation(pages(lang)).run()


try:
    main()
except Exception as exc:  # st.stop/st.rerun are BaseExceptions and pass; a locked, read-only, full, damaged store
    if not show_store_error(exc):  # or MemoryError: a German message, details in the server log
        raise  # a bug: Streamlit shows it as client.showErrorDetails says (none in production)
