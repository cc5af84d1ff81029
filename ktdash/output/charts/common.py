"""What every chart shares: the ``ktdash`` template (one explicit template, so that an exported figure looks like the
page), colours, units, German number separators, and :func:`safe_figure`, which every path out calls.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ktdash.core.formatting import plotly_separators
from ktdash.i18n import texts

CARRIER_COLORS = {
    "Strom": "#F2B705",
    "Erdgas": "#1F5FA8",
    "Heizöl": "#7A4B1E",
    "Fernwärme": "#C0392B",
    "Nahwärme": "#E67E22",
    "Holzpellets": "#3E8E41",
    "Hackschnitzel": "#1E5631",
    "Flüssiggas": "#8E44AD",
    "Wasser": "#17A2B8",
}
SERIES_COLORS = ["#1F5FA8", "#E67E22", "#3E8E41", "#C0392B", "#8E44AD", "#17A2B8", "#7A4B1E", "#F2B705",
                 "#5D6D7E", "#D35400"]

pio.templates["ktdash"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Source Sans Pro, DejaVu Sans, Arial, sans-serif", size=14, color="#1b1b1b"),
        paper_bgcolor="white", plot_bgcolor="white",
        colorway=SERIES_COLORS,
        xaxis=dict(showgrid=False, linecolor="#888", ticks="outside"),
        yaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#888", automargin=True),
        legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02),
        margin=dict(l=80, r=20, t=80, b=60),
    )
)


def with_subtitle(title: str, subtitle: str | None) -> str:
    """A chart title with a second, smaller line (which normalisation or factor set the figures use): chart
    titles do not wrap, so a long one would be cut off in a half-width column."""
    return f"{title}<br><sup>{subtitle}</sup>" if subtitle else title


_TRACE_TEXT = ("x", "y", "text", "hovertext", "customdata", "name", "labels", "parents")
_AXIS_TEXT = ("categoryarray", "tickvals", "ticktext")


def _escaped(values):
    """Every string in ``values`` (a string, list, tuple or numpy array, nested) through
    :func:`ktdash.core.formatting.plotly_text`; numbers, dates and None as they are."""
    import numpy as np

    from ktdash.core.formatting import plotly_text

    if isinstance(values, str):
        return plotly_text(values)
    if isinstance(values, np.ndarray):
        if values.dtype.kind not in "OUS":
            return values
        return np.array([_escaped(v) for v in values.tolist()], dtype=object)
    if isinstance(values, (list, tuple)):
        return [_escaped(v) for v in values]
    return values


def safe_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` whose data strings — category and tick labels, bar texts, legend names, custom data of
    hover texts, annotation positions on a category axis — are escaped for Plotly, which would read them as
    HTML (``<a href>``, ``<b>``) or LaTeX (``$…$``): a stored name shows as typed and never becomes a link or
    formatting (:func:`ktdash.core.formatting.plotly_text`). Titles, hover templates and annotation texts are the
    chart functions' own words (names put into them are escaped where they are made). Every path out
    (page, chart export, report, workshop) calls this; a figure already made safe is returned as it is."""
    if getattr(fig, "_ktdash_safe", False):
        return fig
    safe = go.Figure(fig)
    for trace in safe.data:
        for prop in _TRACE_TEXT:
            if prop in trace and trace[prop] is not None:
                trace[prop] = _escaped(trace[prop])
    layout = safe.layout
    for key in list(layout.to_plotly_json()):
        if key.startswith(("xaxis", "yaxis")):
            for prop in _AXIS_TEXT:
                if layout[key][prop] is not None:
                    layout[key][prop] = _escaped(layout[key][prop])
    for annotation in layout.annotations:
        for prop in ("x", "y"):
            if isinstance(annotation[prop], str):
                annotation[prop] = _escaped(annotation[prop])
    safe._ktdash_safe = True
    return safe


def _german(fig: go.Figure, lang: str) -> go.Figure:
    fig.update_layout(template="ktdash", separators=plotly_separators(lang))
    return fig


GOOD, BAD, NEUTRAL = "#2E7D32", "#C62828", "#1F5FA8"
SPECIFIC_UNIT = "kWh/(m²·a)"


def _month_names(lang: str) -> list[str]:
    return texts.t("building_months_short", lang).split(",")


def carriers_in_order(frame: pd.DataFrame) -> list[str]:
    """The carriers of ``frame`` in the order of CARRIER_COLORS (electricity first, water last)."""
    present = set(frame["carrier"])
    return [c for c in CARRIER_COLORS if c in present] + sorted(present - set(CARRIER_COLORS))


def _none_for_nan(values: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in values]
