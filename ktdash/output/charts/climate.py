"""Climate charts (Methoden): a station's degree days per month against its long-term mean."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import date_pattern
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, NEUTRAL, _german


def degree_days_chart(frame: pd.DataFrame, title: str, lang: str = "de", min_completeness: float | None = None
                      ) -> go.Figure:
    """Measured monthly degree days (bars) against their long-term mean (line), K·d G20/15.

    ``frame`` as :func:`ktdash.analytics.climate.station_months`: month, heating_degree_days, long_term_mean and
    optionally completeness; with ``min_completeness`` the months below it (not used by the normalisation: another
    station stands in) are drawn as hatched bars of their own legend entry.
    """
    fig = go.Figure()
    incomplete = pd.Series(False, index=frame.index)
    if min_completeness is not None and "completeness" in frame.columns:
        incomplete = frame["completeness"].fillna(1) < min_completeness
    complete = frame[~incomplete]
    fig.add_bar(x=complete["month"], y=complete["heating_degree_days"], name=texts.t("legend_measured", lang),
                marker_color=NEUTRAL, hovertemplate="%{x|%m.%Y}: %{y:,.1f} K·d<extra></extra>")
    if incomplete.any():
        part = frame[incomplete]
        fig.add_bar(x=part["month"], y=part["heating_degree_days"], name=texts.t("methods14_legend_incomplete", lang),
                    marker=dict(color="#FFFFFF", line=dict(color=NEUTRAL, width=1.5),
                                pattern=dict(shape="/", fgcolor=NEUTRAL)),
                    customdata=(part["completeness"] * 100).round(0),
                    hovertemplate="%{x|%m.%Y}: %{y:,.1f} K·d (%{customdata:.0f} %)<extra></extra>")
    fig.add_scatter(x=frame["month"], y=frame["long_term_mean"], name=texts.t("legend_long_term", lang),
                    mode="lines", line=dict(color=BAD), hovertemplate="%{x|%m.%Y}: %{y:,.1f} K·d<extra></extra>")
    fig.update_layout(title=title, yaxis_title="K·d (G20/15)", height=360,
                      xaxis_tickformat=date_pattern("month_axis", lang))
    return _german(fig, lang)
