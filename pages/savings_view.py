"""The savings achieved by measures (issue 17), as the Kommune and Vergleich pages show them: per district or
municipality (Vergleich) and per measure of one municipality (Kommune). Figures from
:mod:`ktdash.analytics.verified`, words and tables from :mod:`ktdash.output.measures` — the same as the
Energiebericht and ``ktdash export measures``."""

from __future__ import annotations

import streamlit as st

from ktdash.analytics import verified
from ktdash.analytics.selection import Selection
from ktdash.i18n import texts
from ktdash.output import charts
from ktdash.output import measures as measure_texts
from pages.common import chart, figure, settings, show_table, store_cursor, table_downloads


@st.cache_data(show_spinner=False)
def load_verdicts(version, selection: Selection) -> list:
    return verified.verifications(store_cursor(), selection, analytics=settings().analytics)


@st.cache_data(show_spinner=False)
def load_area_savings(version, level: str, selection: Selection, lang: str) -> tuple:
    """(per area, the table) of the verified savings, or (None, None) when there are none: per data version, not
    on every run of every session."""
    frame = verified.table(load_verdicts(version, selection))
    if frame.empty:
        return None, None
    return verified.by_area(frame, level), measure_texts.area_table(frame, level, lang)


def _method_caption(lang: str) -> None:
    st.caption(texts.t("savings_method_caption", lang))


def area_savings(version, level: str, selection: Selection, lang: str) -> None:
    """Vergleich: verified savings per district or municipality, chart and table, with downloads."""
    st.subheader(texts.t("savings_area_title", lang))
    area, table = load_area_savings(version, level, selection, lang)
    if area is None:
        st.info(texts.t("savings_none", lang))
        return
    title = texts.t("savings_area_chart", lang, level=texts.t("level_" + level, lang))
    if area["savings_kwh"].notna().any():
        chart(figure(charts.savings_by_area_bars, area, title, lang),
              ("Vergleich", "Westpfalz", "Einsparungen_Massnahmen"), "comparison_savings", lang)
    show_table(table, lang, decimals={c: 0 for c in table.columns[4:]} | {table.columns[-1]: 1})
    table_downloads(table, ("Vergleich", "Westpfalz", "Einsparungen_Massnahmen"), "comparison_savings_table", lang)
    _method_caption(lang)


def municipality_savings(version, municipality_key: str, name: str, lang: str) -> None:
    """Kommune: the municipality's total and one row per verdict (measure or group)."""
    st.subheader(texts.t("savings_municipality_title", lang))
    verdicts = load_verdicts(version, Selection(municipalities=(municipality_key,)))
    if not verdicts:
        st.info(texts.t("savings_none", lang))
        return
    total = verified.by_area(verified.table(verdicts), "municipality").iloc[0]
    columns = st.columns(3)
    columns[0].metric(texts.t("savings_metric_kwh", lang),
                      measure_texts.kwh_with_uncertainty(total["savings_kwh"], total["uncertainty_kwh"], lang))
    columns[1].metric(texts.t("savings_metric_eur", lang), measure_texts.eur(total["eur"], lang))
    columns[2].metric(texts.t("savings_metric_verdicts", lang),
                      texts.t("savings_metric_verdicts_value", lang, verified=int(total["verified"]),
                              refused=int(total["refused"])))
    table = measure_texts.savings_table(verdicts, lang)
    show_table(table, lang, decimals={c: 0 for c in table.columns[4:10]} | {table.columns[10]: 1,
                                                                          table.columns[11]: 2})
    table_downloads(table, ("Kommune", name, "Einsparungen_Massnahmen"), "municipality_savings_table", lang)
    _method_caption(lang)
