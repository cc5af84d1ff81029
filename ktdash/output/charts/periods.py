"""Charts of periods (issue 17, item 4; Übersicht and Kommune): year-to-date — the same months of every year side by
side — and the rolling 12 months, a trend that does not wait for December. Data from
:mod:`ktdash.analytics.periods`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.analytics.periods import through_label
from ktdash.core.formatting import date_pattern, format_number
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, GOOD, NEUTRAL, SERIES_COLORS, _escaped, _german, _none_for_nan

EARLIER = "#9DB7D5"  # the earlier years beside the newest (NEUTRAL)


def _change_text(change, lang: str) -> str:
    """"+5,2 %" against the previous year, "" when there is no comparable previous year."""
    if change is None or pd.isna(change):
        return ""
    return format_number(float(change) * 100, 1, lang, unit="%", signed=True)


def year_to_date_bars(frame: pd.DataFrame, value: str, change: str, title: str, unit: str,
                      lang: str = "de") -> go.Figure:
    """Year to date, the months 1..m of each year ("2025, Jan–Okt"), with the change against the previous year's
    same months (like for like; none where no building has them in both years) over the newer bar.

    ``frame`` as :func:`ktdash.analytics.periods.year_to_date`: key, name, year, through_month, ``value`` (e.g.
    energy_kwh_raw) and ``change`` (e.g. change_raw). One key (a municipality, the whole selection): a bar per
    year, the newest dark. Several keys (districts, municipalities): the newest year against the one before, a
    pair of bars per place, largest first (:func:`_ytd_by_place`)."""
    if frame["key"].nunique() > 1:
        return _ytd_by_place(frame, value, change, title, unit, lang)
    data = frame.sort_values("year")
    labels = [through_label(y, m, lang) for y, m in zip(data["year"], data["through_month"], strict=True)]
    newest = data["year"].max() if not data.empty else None
    changes = [_change_text(c, lang) for c in data[change]]  # data: escaped on the way out (safe_figure)
    fig = go.Figure()
    fig.add_bar(x=labels, y=_none_for_nan(data[value]), texttemplate="%{y:,.0f}<br>%{customdata}",
                textposition="outside", cliponaxis=False,
                marker_color=[NEUTRAL if y == newest else EARLIER for y in data["year"]],
                customdata=changes, name=texts.t("periods_legend_ytd", lang),
                hovertemplate=f"%{{x}}: %{{y:,.0f}} {unit}<br>%{{customdata}}<extra></extra>")
    fig.update_layout(title=title, showlegend=False, xaxis=dict(type="category"), xaxis_title=None,
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", margin=dict(t=110))
    return _german(fig, lang)


def _ytd_by_place(frame: pd.DataFrame, value: str, change: str, title: str, unit: str, lang: str) -> go.Figure:
    """A pair of bars per place (the year before light, the newest dark, its change beside it), largest first;
    more than ten places lie as rows."""
    newest = int(frame["year"].max())
    order = (frame[frame["year"] == newest].sort_values(value, ascending=False)["name"].tolist()
             + sorted(set(frame["name"]) - set(frame.loc[frame["year"] == newest, "name"])))
    horizontal = len(order) > 10
    fig = go.Figure()
    for year, color in ((newest - 1, EARLIER), (newest, NEUTRAL)):
        part = frame[frame["year"] == year].set_index("name").reindex(order)
        label = through_label(year, int(frame["through_month"].iloc[0]), lang)
        changes = [_change_text(c, lang) for c in part[change]] if year == newest else [""] * len(order)
        values = _none_for_nan(part[value])
        axes = dict(y=order, x=values, orientation="h") if horizontal else dict(x=order, y=values)
        fig.add_bar(**axes, name=label, marker_color=color, customdata=changes,
                    texttemplate="%{customdata}", textposition="outside", cliponaxis=False,
                    hovertemplate=f"%{{{'y' if horizontal else 'x'}}}<br>{label}: "
                                  f"%{{{'x' if horizontal else 'y'}:,.0f}} {unit} %{{customdata}}<extra></extra>")
    axis_title = f"{texts.t('col_value', lang)} [{unit}]"
    fig.update_layout(title=title, barmode="group", margin=dict(t=110),
                      legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"))
    if horizontal:
        fig.update_layout(height=180 + 34 * len(order), xaxis_title=axis_title, xaxis_tickformat=",.0f",
                          yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)"),
                          xaxis=dict(showgrid=True, gridcolor="#e5e5e5"))
    else:
        fig.update_layout(xaxis_title=None, yaxis_title=axis_title, yaxis_tickformat=",.0f", yaxis_rangemode="tozero")
    return _german(fig, lang)


def rolling_12_line(frame: pd.DataFrame, title: str, unit: str, lang: str = "de") -> go.Figure:
    """Lines: for every month the sum of the 12 months up to it (a point only where all 12 have data, a gap
    otherwise), one line per key (district, municipality) or one for the whole selection. With one line its newest
    point is marked green when it is at most the value 12 months earlier, red when above.

    ``frame`` as :func:`ktdash.analytics.periods.rolling_12_months`: key, name, month, rolling_kwh_raw."""
    month = date_pattern("month_hover", lang)
    hover = texts.t("periods_hover_rolling", lang, month=f"%{{x|{month}}}") + f": %{{y:,.0f}} {unit}<extra></extra>"
    single = "key" not in frame or frame["key"].nunique() <= 1
    fig = go.Figure()
    groups = [(None, frame)] if single else list(frame.groupby("name", sort=True))
    for index, (name, part) in enumerate(groups):
        data = part.sort_values("month")
        fig.add_scatter(x=data["month"], y=_none_for_nan(data["rolling_kwh_raw"]), mode="lines+markers",
                        connectgaps=False, marker=dict(size=5),
                        line=dict(color=NEUTRAL if single else SERIES_COLORS[index % len(SERIES_COLORS)], width=2),
                        name=name or texts.t("periods_legend_rolling", lang),
                        hovertemplate=(hover if single else f"{_escaped(name)}<br>{hover}"))
    rolling = _none_for_nan(frame.sort_values("month")["rolling_kwh_raw"]) if single else []
    if len(rolling) >= 13 and rolling[-1] is not None and rolling[-13]:  # the trend of the last year in one colour
        fig.add_scatter(x=[frame["month"].max()], y=[rolling[-1]], mode="markers", showlegend=False,
                        marker=dict(size=11, color=GOOD if rolling[-1] <= rolling[-13] else BAD), hoverinfo="skip")
    fig.update_layout(title=title, showlegend=not single, xaxis_title=texts.t("building_axis_month", lang),
                      xaxis_tickformat=date_pattern("month_axis", lang),
                      yaxis_title=f"{texts.t('periods_axis_rolling', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", margin=dict(t=110))
    return _german(fig, lang)
