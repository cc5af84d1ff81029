"""Workshop charts (pages/workshop.py): one comparison per slide, large type for a projector."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import plotly_separators
from ktdash.output.charts.common import _none_for_nan

# --- workshop charts (issue 5) ---
# The workshop screen (pages/workshop.py): one comparison per slide, read on a projector from the back of a room.
# Large type (tick labels 24 px, titles 32 px, values on the bars 26 px), thick bars, no grid, black on white.
# No fixed height: the page stretches each chart to the screen; the headline stands on the page, where it wraps.

WORKSHOP_FONT, WORKSHOP_VALUE_FONT, WORKSHOP_TITLE_FONT = 24, 26, 32
WORKSHOP_BAR, WORKSHOP_BAR_LIGHT = "#0B3C7D", "#5B8FD0"
WORKSHOP_GOOD, WORKSHOP_BAD, WORKSHOP_MARK = "#17692F", "#B3261E", "#000000"
WORKSHOP_SCALE = [[0, "#E3EDF9"], [1, "#0B3C7D"]]
WORKSHOP_FAMILY = "Source Sans, Source Sans Pro, DejaVu Sans, Arial, sans-serif"  # "Source Sans": Streamlit's font


def _workshop(fig: go.Figure, lang: str, title: str | None = None, legend: bool = False) -> go.Figure:
    fig.update_layout(template="ktdash", separators=plotly_separators(lang),
                      font=dict(family=WORKSHOP_FAMILY, size=WORKSHOP_FONT, color="#000000"),
                      title=dict(text=title, font=dict(size=WORKSHOP_TITLE_FONT)) if title else None,
                      showlegend=legend, hoverlabel=dict(font_size=20), bargap=0.3, plot_bgcolor="white",
                      legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom",
                                  font=dict(size=WORKSHOP_FONT - 2), traceorder="normal"),
                      margin=dict(l=10, r=20, t=(70 if title else 10) + (50 if legend else 0), b=10))
    fig.update_xaxes(showgrid=False, automargin=True, tickfont=dict(size=WORKSHOP_FONT),
                     title_font=dict(size=WORKSHOP_FONT - 2), linecolor="#000000")
    fig.update_yaxes(showgrid=False, automargin=True, tickfont=dict(size=WORKSHOP_FONT), ticks="",
                     title_font=dict(size=WORKSHOP_FONT - 2))
    return fig


def _value_range(values: list, low_pad: float = 0.0, high_pad: float = 0.18) -> list[float]:
    """An axis range with room for the labels beyond the bar ends (0 always inside)."""
    present = [v for v in values if v is not None] + [0.0]
    low, high = min(present), max(present)
    span = (high - low) or 1.0
    return [low - (low_pad if low == 0 else 0.22) * span, high + high_pad * span]


def signed_text(value: float, decimals: int = 1, lang: str = "de") -> str:
    """``-8.06`` → ``−8,1`` (typographic minus), ``3`` → ``+3,0``, ``0`` → ``±0,0``."""
    from ktdash.core.formatting import format_number

    rounded = round(float(value), decimals)
    sign = "−" if rounded < 0 else "+" if rounded > 0 else "±"
    return sign + format_number(abs(rounded), decimals, lang)


def share_text(value: float, lang: str = "de") -> str:
    """A share in % without decimals — except just below 100 % or just above 0 %, which must not read as all
    or none (``99,6 %``)."""
    from ktdash.core.formatting import format_number

    value = float(value)
    decimals = 1 if 99.5 <= value < 100 or 0 < value < 0.5 else 0
    return f"{format_number(value, decimals, lang)} %"


def workshop_bars(frame: pd.DataFrame, value: str, unit: str, lang: str = "de", decimals: int = 0,
                  title: str | None = None, missing: str = "–", reference: float | None = None) -> go.Figure:
    """Thick horizontal bars, one per area (``name``), largest on top, each with its value; an area without a
    value keeps its row, marked with ``missing``. ``reference``: a dashed line at that value (the median 100 of an
    anonymised slide's index)."""
    data = frame.assign(_v=frame[value].astype(float)).sort_values("_v", ascending=False, na_position="last",
                                                                 kind="stable")
    values = _none_for_nan(data["_v"])
    fmt = f",.{decimals}f"
    fig = go.Figure(go.Bar(
        y=data["name"].tolist(), x=values, orientation="h", marker_color=WORKSHOP_BAR, cliponaxis=False,
        texttemplate=f"%{{x:{fmt}}}", textposition="outside",
        textfont=dict(size=WORKSHOP_VALUE_FONT, color="#000000"),
        hovertemplate=f"%{{y}}: %{{x:{fmt}}} {unit}<extra></extra>"))
    without = [name for name, v in zip(data["name"], values, strict=True) if v is None]
    if without:
        fig.add_scatter(y=without, x=[0] * len(without), mode="text", text=[f"\u2002{missing}"] * len(without),
                        textposition="middle right", textfont=dict(size=WORKSHOP_VALUE_FONT), hoverinfo="skip")
    _workshop(fig, lang, title)
    fig.update_xaxes(range=_value_range(values), showticklabels=False, ticks="", title_text=unit,
                     zeroline=True, zerolinecolor="#000000", zerolinewidth=2, showline=False)
    fig.update_yaxes(autorange="reversed", ticksuffix="  ")
    if reference is not None:
        fig.add_shape(type="line", x0=reference, x1=reference, y0=0, y1=1, yref="paper",
                      line=dict(color=WORKSHOP_MARK, width=3, dash="dash"))
    return fig


WORKSHOP_SAVING_LIGHT = "#6DBE7D"
WORKSHOP_STATUS_COLORS = {"on_track": WORKSHOP_GOOD, "saving": WORKSHOP_SAVING_LIGHT, "more": WORKSHOP_BAD}


def workshop_change_bars(frame: pd.DataFrame, axis_title: str, legend: dict[str, str], target_label: str,
                         lang: str = "de", title: str | None = None) -> go.Figure:
    """Saving against the baseline in % per area (``name``, ``saving``; positive = less energy, the convention of
    :func:`ktdash.output.charts.comparison.saving_text`), largest saving on top; the colour follows the sign
    (``status`` as :func:`~ktdash.output.charts.comparison.saving_status`: dark green on the target path, light green
    a saving below it, red more energy). The target (``target``, % saving): one dashed line where every area has the
    same, else a black mark per area. Each value stands beside the zero line on the side without a bar.

    ``legend``: status → its name; ``target_label``: the target's name.
    """
    data = frame.dropna(subset=["saving"]).sort_values("saving", ascending=False)
    names = data["name"].tolist()
    savings, targets = _none_for_nan(data["saving"]), _none_for_nan(data["target"])
    fig = go.Figure()
    for status, color in WORKSHOP_STATUS_COLORS.items():
        part = data[data["status"] == status]
        if part.empty:
            continue
        shown = [f"{signed_text(v, 1, lang)} %" for v in part["saving"]]
        fig.add_bar(y=part["name"].tolist(), x=_none_for_nan(part["saving"]), orientation="h", name=legend[status],
                    marker_color=color, customdata=shown,
                    hovertemplate=f"%{{y}}: %{{customdata}}<extra>{legend[status]}</extra>")
    fig.add_scatter(y=names, x=[0] * len(names), mode="text", showlegend=False, hoverinfo="skip", cliponaxis=False,
                    text=[f"\u2002{signed_text(v, 1, lang)} %\u2002" for v in savings],
                    textposition=["middle right" if v < 0 else "middle left" for v in savings],
                    textfont=dict(size=WORKSHOP_VALUE_FONT, color="#000000"))
    present = {round(t, 6) for t in targets if t is not None}
    if len(present) == 1:
        target = targets[0]
        fig.add_shape(type="line", x0=target, x1=target, y0=0, y1=1, yref="paper",
                      line=dict(color=WORKSHOP_MARK, width=4, dash="dash"))
        # the legend entry of the line (a shape has none), with the target's value
        fig.add_scatter(x=[None], y=[None], mode="lines", name=f"{target_label}: {signed_text(target, 1, lang)} %",
                        line=dict(color=WORKSHOP_MARK, width=4, dash="dash"), hoverinfo="skip")
    elif present:
        fig.add_scatter(y=names, x=targets, mode="markers", name=target_label, cliponaxis=False,
                        customdata=[f"{signed_text(t, 1, lang)} %" for t in targets],
                        marker=dict(symbol="line-ns", size=38, line=dict(width=5, color=WORKSHOP_MARK)),
                        hovertemplate=f"%{{y}}: {target_label} %{{customdata}}<extra></extra>")
    _workshop(fig, lang, title, legend=True)
    fig.update_layout(barmode="overlay", legend=dict(x=1.0, xanchor="right"))
    fig.update_xaxes(range=_value_range(savings + targets, low_pad=0.18, high_pad=0.18), showticklabels=False,
                     ticks="", title_text=axis_title, zeroline=True, zerolinecolor="#000000", zerolinewidth=3,
                     showline=False)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names, ticksuffix="  ")
    return fig


def workshop_group_bars(groups: list[tuple[str, list[str]]], colors: list[str], axis_title: str, lang: str = "de"
                        ) -> go.Figure:
    """An anonymised slide (issue 19): one bar per group (``groups``: label, letters; top first), all of one length,
    the group's letters on the bar in alphabetical order, its label at the left — no figure, no order inside a
    group, nothing a public page's numbers could be matched with. ``colors``: one per group."""
    labels = [label for label, _ in groups]
    fig = go.Figure()
    for (label, members), color in zip(groups, colors, strict=True):
        letters = " · ".join(sorted(members))
        dark = color.upper() in (WORKSHOP_BAR, WORKSHOP_GOOD, WORKSHOP_BAD, "#5B8FD0")
        fig.add_bar(y=[label], x=[1.0], orientation="h", marker_color=color, text=[letters], texttemplate="%{text}",
                    textposition="inside", insidetextanchor="middle", showlegend=False,
                    textfont=dict(size=WORKSHOP_TITLE_FONT, color="#FFFFFF" if dark else "#000000"),
                    hovertemplate="%{y}: %{text}<extra></extra>")
    _workshop(fig, lang)
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_xaxes(range=[0, 1], showticklabels=False, ticks="", title_text=axis_title, zeroline=False,
                     showline=False)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, ticksuffix="  ")
    return fig


def workshop_comparison_bars(frame: pd.DataFrame, unit: str, legend: tuple[str, str], share_title: str | None,
                             lang: str = "de", title: str | None = None) -> go.Figure:
    """Bars of a specific value per area (``name``, ``value``) with the area's comparison value
    (``comparison``) as a black mark, and at the right the share of buildings above it (``share``, %).

    ``legend``: the names of the bars and of the mark; ``share_title`` heads the column at the right (``None``:
    no column, as on the anonymised slide, where the share of a few buildings could be matched).
    """
    data = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    names = data["name"].tolist()
    fig = go.Figure()
    fig.add_bar(y=names, x=_none_for_nan(data["value"]), orientation="h", name=legend[0],
                marker_color=WORKSHOP_BAR_LIGHT, cliponaxis=False, texttemplate="%{x:,.0f}", textposition="outside",
                textfont=dict(size=WORKSHOP_VALUE_FONT, color="#000000"),
                hovertemplate=f"%{{y}}: %{{x:,.0f}} {unit}<extra>{legend[0]}</extra>")
    fig.add_scatter(y=names, x=_none_for_nan(data["comparison"]), mode="markers", name=legend[1], cliponaxis=False,
                    marker=dict(symbol="line-ns", size=30, line=dict(width=5, color=WORKSHOP_MARK)),
                    hovertemplate=f"%{{y}}: %{{x:,.0f}} {unit}<extra>{legend[1]}</extra>")
    _workshop(fig, lang, title, legend=True)
    for name, share in zip(names, data["share"] if share_title else [], strict=False):
        fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=name, yref="y", showarrow=False, xshift=16,
                           text="–" if pd.isna(share) else f"<b>{share_text(share, lang)}</b>",
                           font=dict(size=WORKSHOP_VALUE_FONT, color="#000000"))
    if share_title:
        fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=1.0, yref="paper", yanchor="bottom", xshift=16,
                           showarrow=False, text=share_title, align="left", font=dict(size=WORKSHOP_FONT - 4))
    values = _none_for_nan(data["value"]) + _none_for_nan(data["comparison"])
    # the legend names the bars and the unit: no axis title, more height for the bars
    fig.update_xaxes(range=_value_range(values, high_pad=0.12), showticklabels=False, ticks="", title_text=None,
                     zeroline=True, zerolinecolor="#000000", zerolinewidth=2, showline=False)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names, ticksuffix="  ")
    if share_title:
        fig.update_layout(margin=dict(r=140))  # the column at the right: room for „99,6 %“ beside the plot
    return fig


def workshop_heatmap(table: pd.DataFrame, unit: str, lang: str = "de", decimals: int = 0,
                     title: str | None = None, mark: str | None = None) -> go.Figure:
    """A table as coloured cells with their values: rows = areas (the index), columns = the column labels
    (years, topics). Values in the cells (white on dark, black on light), so no colour bar; an empty cell stays
    white with „–“. ``mark``: shown in every filled cell instead of its value (the anonymised topics slide: which
    topic where, not how many activities)."""
    from ktdash.core.formatting import format_number

    z = [[None if pd.isna(v) else float(v) for v in row] for row in table.to_numpy()]
    rows, columns = [str(i) for i in table.index], [str(c) for c in table.columns]
    top = max((v for row in z for v in row if v is not None), default=1.0) or 1.0
    text = [["–" if v is None else mark or format_number(v, decimals, lang) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=rows, text=text, colorscale=WORKSHOP_SCALE, zmin=0, zmax=top, showscale=False,
        xgap=4, ygap=4, hoverongaps=False, hovertemplate=f"%{{y}} · %{{x}}: %{{text}} {unit}<extra></extra>"))
    for r, values in enumerate(z):  # positions, not names: plotly reads a category "2024" as the number 2024
        for c, v in enumerate(values):
            fig.add_annotation(x=c, y=r, showarrow=False, text=text[r][c],
                               font=dict(size=WORKSHOP_VALUE_FONT,
                                         color="#FFFFFF" if v is not None and v / top > 0.5 else "#000000"))
    _workshop(fig, lang, title)
    fig.update_xaxes(side="top", type="category", showline=False, ticks="")
    fig.update_yaxes(autorange="reversed", type="category", ticksuffix="  ")
    return fig
