"""Netzwerk: the network's people, their competences and coverage, and the Verstetigung overview (issue 18)."""

import streamlit as st

from ktdash.i18n import texts
from pages.common import language

lang = language()
st.title(texts.t("page_network", lang))
