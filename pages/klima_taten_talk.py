"""Klima.Taten.Talk: the fortnightly office hours, the members' support requests and their figures (issue 18)."""

import streamlit as st

from ktdash.i18n import texts
from pages.common import language

lang = language()
st.title(texts.t("page_talk", lang))
