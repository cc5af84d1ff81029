"""The Strom-Wärme-Kosten-Diagramm of municipal energy reports (issue 19): every building of a municipality or district
as a circle — x the deviation of its heat figure (kWh/m², weather-normalised to the reference climate of Potsdam, as
the comparison values are) from its comparison value in %, y that of its electricity figure, the circle's area its
share of the energy costs of all buildings.

The form is the planning aid of the Klimaschutz- und Energieagentur Niedersachsen (KEAN), „Planungshilfe für das
kommunale Energiemanagement: Das Strom-Wärme-Kosten-Diagramm“ (klimaschutz-niedersachsen.de, Kommunales
Energiemanagement): x = prozentuale Abweichung des Verbrauchskennwerts Wärme vom Vergleichswert, y = die des
Kennwerts Strom, Kreisgröße = Anteil an den Gesamtenergiekosten, for up to 20 buildings. KEAN compares with the
EnEV 2009 values; ktdash uses the Vergleichswerte of the Bekanntmachung of 15.04.2021 (the current ones, the same as
everywhere in ktdash).

:func:`swk_points` computes the points (pure, hand-tested), :func:`strom_waerme_kosten` draws them; the report and
the page Energiebericht show both the chart and a table of the same points.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import format_number
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, GOOD, _german

MAX_BUILDINGS = 20  # KEAN: "bis zu 20 Liegenschaften" on one diagram
WARN = "#E67E22"  # one of the two above its comparison value
MAX_MARKER_PX = 60  # diameter of the largest circle


def swk_points(frame: pd.DataFrame, max_buildings: int = MAX_BUILDINGS) -> tuple[pd.DataFrame, int, int]:
    """The diagram's points from :func:`ktdash.analytics.metrics.building_years` rows of one year.

    A building is drawn when its year is complete, it is comparable (a valid comparison value) and has heat and
    electricity figures and comparison values. ``cost_share`` is its cost over the costs of *all* rows of
    ``frame`` with costs (KEAN: "Anteil an den Gesamtenergiekosten"); ``heat_dev`` = heat_kwh_per_m2 /
    heat_comparison_kwh_per_m2 − 1 (likewise ``electricity_dev``), as shares. The ``max_buildings`` with the highest
    costs are kept. Returns (points sorted by cost, descending; how many more were dropped; how many rows could not
    be drawn).
    """
    total_cost = float(frame["cost_eur"].sum(min_count=1)) if "cost_eur" in frame and len(frame) else float("nan")
    needed = ["heat_kwh_per_m2", "heat_comparison_kwh_per_m2", "electricity_kwh_per_m2",
              "electricity_comparison_kwh_per_m2", "cost_eur"]
    ok = frame["complete"].fillna(False).astype(bool) & frame["comparable"].fillna(False).astype(bool)
    ok &= frame[needed].notna().all(axis=1)
    ok &= (frame["heat_comparison_kwh_per_m2"] > 0) & (frame["electricity_comparison_kwh_per_m2"] > 0)
    drawn = frame[ok].copy()
    left_out = int(len(frame) - len(drawn))
    drawn["heat_dev"] = drawn["heat_kwh_per_m2"] / drawn["heat_comparison_kwh_per_m2"] - 1
    drawn["electricity_dev"] = drawn["electricity_kwh_per_m2"] / drawn["electricity_comparison_kwh_per_m2"] - 1
    drawn["cost_share"] = drawn["cost_eur"] / total_cost if total_cost and not math.isnan(total_cost) else float("nan")
    drawn = drawn.sort_values(["cost_eur", "building"], ascending=[False, True])
    more = max(0, len(drawn) - max_buildings)
    columns = ["building_id", "building", "municipality", "category", "heat_kwh_per_m2", "heat_comparison_kwh_per_m2",
               "electricity_kwh_per_m2", "electricity_comparison_kwh_per_m2", "cost_eur", "heat_dev",
               "electricity_dev", "cost_share"]
    return drawn.head(max_buildings)[columns].reset_index(drop=True), more, left_out


def signed_percent(share, lang: str = "de", decimals: int = 0) -> str:
    """A deviation (0.125) as ``+13 %`` (German: ``+13 %``, ``−4 %``); ``–`` for a missing one."""
    if share is None or pd.isna(share):
        return "–"
    return format_number(float(share) * 100, decimals, lang, unit="%", signed=True)


def _color(heat_dev: float, electricity_dev: float) -> str:
    above = (heat_dev > 0) + (electricity_dev > 0)
    return BAD if above == 2 else WARN if above == 1 else GOOD


def strom_waerme_kosten(points: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """The Strom-Wärme-Kosten-Diagramm of :func:`swk_points`' points: x and y in %, the circle's *area* proportional
    to the cost share, a cross at 0 % (the comparison values); red: both figures above their comparison value,
    orange: one, green: none. Names on the circles, German hover text."""
    fig = go.Figure()
    if not points.empty:
        shares = points["cost_share"].fillna(0).clip(lower=0)
        top = float(shares.max()) or 1.0
        hover = [texts.t("rep19_swk_hover", lang, name=r["building"], heat=format_number(r["heat_kwh_per_m2"], 1, lang),
                         heat_dev=signed_percent(r["heat_dev"], lang),
                         electricity=format_number(r["electricity_kwh_per_m2"], 1, lang),
                         electricity_dev=signed_percent(r["electricity_dev"], lang),
                         cost=format_number(r["cost_eur"], 0, lang, unit="€"),
                         share=format_number(r["cost_share"] * 100, 1, lang, unit="%"))
                 for _, r in points.iterrows()]
        fig.add_scatter(
            x=(points["heat_dev"] * 100).round(1).tolist(), y=(points["electricity_dev"] * 100).round(1).tolist(),
            mode="markers+text", text=points["building"].tolist(), textposition="top center",
            textfont=dict(size=11), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            name=texts.t("rep19_swk_legend", lang), showlegend=False, cliponaxis=False,
            marker=dict(size=shares.tolist(), sizemode="area", sizeref=2.0 * top / (MAX_MARKER_PX ** 2), sizemin=4,
                        color=[_color(h, e) for h, e in zip(points["heat_dev"], points["electricity_dev"],
                                                            strict=True)],
                        opacity=0.75, line=dict(color="white", width=1)))
        span_x = max(30.0, float((points["heat_dev"].abs() * 100).max()) * 1.2)
        span_y = max(30.0, float((points["electricity_dev"].abs() * 100).max()) * 1.3)
        fig.update_xaxes(range=[-span_x, span_x])
        fig.update_yaxes(range=[-span_y, span_y])
    fig.add_hline(y=0, line=dict(color="#606060", width=1.5))
    fig.add_vline(x=0, line=dict(color="#606060", width=1.5))
    fig.update_layout(title=title, xaxis_title=texts.t("rep19_swk_axis_heat", lang),
                      yaxis_title=texts.t("rep19_swk_axis_electricity", lang), xaxis_ticksuffix=" %",
                      yaxis_ticksuffix=" %", xaxis_zeroline=False, yaxis_zeroline=False,
                      margin=dict(t=80, b=60, r=30))
    return _german(fig, lang)
