"""Charts of periods (issue 17, item 4; Übersicht and Kommune): year-to-date — the same months of every year side by
side — and the rolling 12 months, a trend that does not wait for December. Data from
:mod:`ktdash.analytics.periods`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.analytics.periods import through_label
from ktdash.core.formatting import date_pattern, format_number
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, GOOD, NEUTRAL, _german, _none_for_nan

EARLIER = "#9DB7D5"  # the earlier years beside the newest (NEUTRAL)


def _change_text(change, lang: str) -> str:
    """"+5,2 %" against the previous year, "" when there is no comparable previous year."""
    if change is None or pd.isna(change):
        return ""
    return format_number(float(change) * 100, 1, lang, unit="%", signed=True)


def year_to_date_bars(frame: pd.DataFrame, value: str, change: str, title: str, unit: str,
                      lang: str = "de") -> go.Figure:
    """Bars: one per year, each the months 1..m of that year ("2025, Jan–Okt"), the newest year dark; over each
    bar its value and the change against the previous year's same months (none where that year lacks some).

    ``frame`` as :func:`ktdash.analytics.periods.year_to_date` for one key (``level`` None or one place): year,
    through_month, ``value`` (e.g. energy_kwh_raw) and ``change`` (e.g. change_raw) per year."""
    data = frame.sort_values("year")
    labels = [through_label(y, m, lang) for y, m in zip(data["year"], data["through_month"], strict=True)]
    newest = data["year"].max() if not data.empty else None
    values = _none_for_nan(data[value])
    changes = [_change_text(c, lang) for c in data[change]]  # data: escaped on the way out (safe_figure)
    fig = go.Figure()
    fig.add_bar(x=labels, y=values, texttemplate="%{y:,.0f}<br>%{customdata}", textposition="outside",
                cliponaxis=False, marker_color=[NEUTRAL if y == newest else EARLIER for y in data["year"]],
                customdata=changes, name=texts.t("periods_legend_ytd", lang),
                hovertemplate=f"%{{x}}: %{{y:,.0f}} {unit}<br>%{{customdata}}<extra></extra>")
    fig.update_layout(title=title, showlegend=False, xaxis=dict(type="category"), xaxis_title=None,
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", margin=dict(t=110))
    return _german(fig, lang)


def rolling_12_line(frame: pd.DataFrame, title: str, unit: str, lang: str = "de") -> go.Figure:
    """A line: for every month the sum of the 12 months up to it (a point only where all 12 have data, a gap
    otherwise). The newest point is marked green when it is at most the value 12 months earlier, red when above.

    ``frame`` as :func:`ktdash.analytics.periods.rolling_12_months` for one key: month, rolling_kwh_raw."""
    data = frame.sort_values("month")
    month = date_pattern("month_hover", lang)
    rolling = _none_for_nan(data["rolling_kwh_raw"])
    fig = go.Figure()
    fig.add_scatter(x=data["month"], y=rolling, mode="lines+markers", connectgaps=False,
                    line=dict(color=NEUTRAL, width=2), marker=dict(size=5),
                    name=texts.t("periods_legend_rolling", lang),
                    hovertemplate=texts.t("periods_hover_rolling", lang, month=f"%{{x|{month}}}")
                    + f": %{{y:,.0f}} {unit}<extra></extra>")
    if len(rolling) >= 13 and rolling[-1] is not None and rolling[-13]:  # the trend of the last year in one colour
        fig.add_scatter(x=[data["month"].iloc[-1]], y=[rolling[-1]], mode="markers", showlegend=False,
                        marker=dict(size=11, color=GOOD if rolling[-1] <= rolling[-13] else BAD), hoverinfo="skip")
    fig.update_layout(title=title, showlegend=False, xaxis_title=texts.t("building_axis_month", lang),
                      xaxis_tickformat=date_pattern("month_axis", lang),
                      yaxis_title=f"{texts.t('periods_axis_rolling', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", margin=dict(t=110))
    return _german(fig, lang)
