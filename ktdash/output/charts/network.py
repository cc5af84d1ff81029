"""Network charts (issue 18): the Klima.Taten.Talk's requests over time and their handling times (page
Klima.Taten.Talk), and the competence coverage of the network's topics (the workshop slide). Counts only: no chart
here ever carries a person's name."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import format_month, format_number
from ktdash.i18n import texts
from ktdash.output.charts.common import SERIES_COLORS, _german
from ktdash.output.charts.workshop import (WORKSHOP_BAD, WORKSHOP_BAR, WORKSHOP_BAR_LIGHT, WORKSHOP_FONT,
                                           WORKSHOP_VALUE_FONT, _workshop)

LEVELS = ("contact", "experienced", "learning")
LEVEL_COLORS = {"contact": WORKSHOP_BAR, "experienced": WORKSHOP_BAR_LIGHT, "learning": "#C9CED6"}
RISK_BAND = "#FBE3E1"  # behind a topic at risk on the coverage slide
BELOW = dict(orientation="h", x=0, xanchor="left", y=-0.12, yanchor="top")  # a legend under the plot
OTHERS = "__others__"  # the key of the series that gathers the smaller ones (:func:`requests_over_time_bars`)


def period_label(period, freq: str, lang: str = "de") -> str:
    """A period's start day as the axis shows it: ``Q1 2026`` for a quarter, ``01.2026`` for a month."""
    day = pd.Timestamp(period).date() if not isinstance(period, date) else period
    if freq == "quarter":
        return texts.t("talkpage_quarter", lang, quarter=(day.month - 1) // 3 + 1, year=day.year)
    return format_month(day, lang)


def requests_over_time_bars(frame: pd.DataFrame, freq: str, title: str, lang: str = "de",
                            top: int = 7) -> go.Figure:
    """Stacked bars of the requests per period (``frame`` as :func:`ktdash.analytics.network.requests_over_time`:
    period, key, label, requests), one colour per topic or municipality; beyond the ``top`` most asked, the rest
    is one grey series "other" so that the legend stays readable. Every period between the first and the last
    keeps its place (a quarter without requests is an empty column, not a gap closed up)."""
    data = frame[frame["requests"] > 0].copy()
    fig = go.Figure()
    if data.empty:
        return _finish_time_bars(fig, title, lang)
    data["period"] = pd.to_datetime(data["period"])
    totals = data.groupby(["key", "label"], as_index=False)["requests"].sum().sort_values(
        ["requests", "label"], ascending=[False, True], kind="stable")
    kept = totals.head(top)
    if len(totals) > top:
        data.loc[~data["key"].isin(kept["key"]), ["key", "label"]] = [OTHERS, texts.t("talkpage_chart_other", lang)]
        data = data.groupby(["period", "key", "label"], as_index=False)["requests"].sum()
        kept = pd.concat([kept, pd.DataFrame({"key": [OTHERS], "label": [texts.t("talkpage_chart_other", lang)]})])
    periods = _periods(data["period"].min(), data["period"].max(), freq)
    labels = [period_label(p, freq, lang) for p in periods]
    for index, (key, label) in enumerate(zip(kept["key"], kept["label"], strict=True)):
        series = data[data["key"] == key].set_index("period")["requests"].reindex(periods)
        color = "#9AA0A6" if key == OTHERS else SERIES_COLORS[index % len(SERIES_COLORS)]
        fig.add_bar(x=labels, y=[None if pd.isna(v) else int(v) for v in series], name=str(label),
                    marker_color=color, hovertemplate="%{x}: %{y} <extra>%{fullData.name}</extra>")
    return _finish_time_bars(fig, title, lang)


def _periods(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> list[pd.Timestamp]:
    return list(pd.date_range(first, last, freq="QS" if freq == "quarter" else "MS"))


def _finish_time_bars(fig: go.Figure, title: str, lang: str) -> go.Figure:
    fig.update_layout(title=title, barmode="stack", height=420, legend=BELOW,
                      yaxis=dict(title=texts.t("talkpage_axis_requests", lang), tickformat=",d", rangemode="tozero",
                                 showgrid=True, gridcolor="#e5e5e5"),
                      xaxis=dict(type="category"), margin=dict(t=70, r=20))
    return _german(fig, lang)


def answer_time_bars(figures: dict, title: str, lang: str = "de") -> go.Figure:
    """Median and mean days to the first answer and to completion (``figures`` as
    :func:`ktdash.analytics.network.request_figures`): two groups of two bars, each with its value in days."""
    groups = [texts.t("talkpage_chart_to_first_answer", lang), texts.t("talkpage_chart_to_done", lang)]
    fig = go.Figure()
    for name, keys, color in ((texts.t("talkpage_chart_median", lang),
                               ("days_to_first_answer", "days_to_done"), WORKSHOP_BAR),
                              (texts.t("talkpage_chart_mean", lang),
                               ("mean_days_to_first_answer", "mean_days_to_done"), WORKSHOP_BAR_LIGHT)):
        values = [_number(figures.get(k)) for k in keys]
        fig.add_bar(x=groups, y=values, name=name, marker_color=color, cliponaxis=False,
                    text=[None if v is None else format_number(v, 1, lang) for v in values],
                    textposition="outside", hovertemplate="%{x}: %{y:,.1f} d<extra>%{fullData.name}</extra>")
    fig.update_layout(title=title, barmode="group", height=340, legend=BELOW,
                      yaxis=dict(title=texts.t("talkpage_axis_days", lang), rangemode="tozero", showgrid=True,
                                 gridcolor="#e5e5e5"), margin=dict(t=70, r=20))
    return _german(fig, lang)


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def coverage_order(coverage: pd.DataFrame) -> pd.DataFrame:
    """The topics of :func:`ktdash.analytics.network.topic_coverage` in the order of the slide: the risks first
    (nobody able, then one person), then by people able (fewest first), then by name."""
    data = coverage.assign(_risk=coverage["risk"].map({"uncovered": 0, "single": 1}).fillna(2))
    return data.sort_values(["_risk", "able", "topic_name"], kind="stable").drop(columns="_risk")


def coverage_bars(coverage: pd.DataFrame, legend: dict[str, str], marks: dict[str, str], axis_title: str,
                  lang: str = "de", title: str | None = None) -> go.Figure:
    """The network's competence coverage for the projector: one row per topic (``topic_name``), stacked bars of the
    number of people per level (``contact``, ``experienced``, ``learning``; ``legend``: level code → word), the
    topics at risk first with their mark at the right (``marks``: risk code → word, e.g. "niemand" / "nur eine
    Person") and a light red band behind their row. Counts only."""
    data = coverage_order(coverage)
    names = [str(n) for n in data["topic_name"]]
    fig = go.Figure()
    for level in LEVELS:
        values = [int(v) for v in data[level]]
        fig.add_bar(y=names, x=values, orientation="h", name=legend[level], marker_color=LEVEL_COLORS[level],
                    text=[str(v) if v else None for v in values], textposition="inside", insidetextanchor="middle",
                    textangle=0, constraintext="none",
                    textfont=dict(size=WORKSHOP_VALUE_FONT, color="#FFFFFF" if level == "contact" else "#000000"),
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>")
    _workshop(fig, lang, title, legend=True)
    totals = (data["contact"] + data["experienced"] + data["learning"]).astype(int).tolist()
    top = max(totals + [1])
    marked = [t for t, r in zip(totals, data["risk"], strict=True) if isinstance(r, str) and r in marks]
    end = max([top * 1.1] + [t + top * 0.45 + 1 for t in marked])  # room for the marks right of the bars
    for row, (total, risk) in enumerate(zip(totals, data["risk"], strict=True)):
        if isinstance(risk, str) and risk in marks:  # a light red band behind the row, its mark at the right
            fig.add_shape(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=row - 0.5, y1=row + 0.5,
                          fillcolor=RISK_BAND, line_width=0, layer="below")
            fig.add_annotation(x=total, y=row, xanchor="left", xshift=12, showarrow=False, text=f"<b>{marks[risk]}</b>",
                               font=dict(size=WORKSHOP_VALUE_FONT - 2, color=WORKSHOP_BAD))
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(range=[0, end], title_text=axis_title, tickformat=",d", dtick=max(1, math.ceil(top / 6)),
                     showline=False, zeroline=True, zerolinecolor="#000000", zerolinewidth=2)
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=names,
                     ticksuffix="  ", tickfont=dict(size=WORKSHOP_FONT))
    return fig
