"""A map of the Westpfalz on a page (Vergleich, Kampagnen): the figure with click selection, the attribution under it
(dl-de/by-2-0, with the link BKG asks for) and the downloads every chart has (PNG, SVG, PDF rendered by kaleido).

``pages.common.chart`` has no click selection, so maps use this helper; the figure itself carries the attribution
as an annotation, so an exported image keeps it."""

import streamlit as st

from ktdash.i18n import texts


def map_chart(fig, level: str, name_parts: tuple, key: str, lang: str, on_click=None, container=None,
              choices: dict[str, str] | None = None) -> None:
    """Show ``fig`` (from :mod:`ktdash.output.charts.maps`) with the attribution of ``level`` and the downloads.
    ``on_click(official_key)`` runs once per newly clicked area (the selection stays in the widget across reruns,
    so an action — a URL filter, a page switch — is not repeated for the same click). ``choices`` (key → name):
    the same action from a select box beside the downloads — for the keyboard, and because Streamlit 1.67's
    Plotly (v4) finds no area under the pointer on a ``choroplethmap`` after its re-render (no hover, so no click
    selection), while the same figure hovers and click-selects in Plotly's own HTML."""
    from ktdash.output.charts import maps, safe_figure
    from ktdash.output.exports.charts import FORMATS, chart_bytes, file_name

    fig = safe_figure(fig)
    target = container or st
    stem = file_name(*name_parts, ext="x")[:-2]
    config = {"displaylogo": False, "scrollZoom": False,
              "toImageButtonOptions": {"format": "svg", "filename": stem, "scale": 3}}
    event = target.plotly_chart(fig, width="stretch", config=config, key=key, on_select="rerun",
                                selection_mode="points")
    target.caption(texts.t("map_attribution_caption", lang, year=maps.attribution_year(level)))
    left, right = target.columns([1, 2])
    with left.popover(texts.t("chart_download", lang), icon=":material/download:"):
        for fmt, mime in FORMATS.items():
            st.download_button(texts.t("chart_download_" + fmt, lang), data=lambda fmt=fmt: chart_bytes(fig, fmt),
                               file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")
    picked = None
    if choices and on_click is not None:
        picked = right.selectbox(texts.t("map_pick", lang), list(choices), index=None, format_func=choices.get,
                                 placeholder=texts.t("map_pick_placeholder", lang), key=f"{key}_pick",
                                 label_visibility="collapsed")
    for source, chosen in (("clicked", maps.clicked_key(event)), ("picked", picked)):
        if chosen != st.session_state.get(f"{key}_{source}"):
            st.session_state[f"{key}_{source}"] = chosen
            if chosen and on_click is not None:
                on_click(chosen)
