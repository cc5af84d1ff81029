"""Charts that compare places: districts and municipalities side by side (Übersicht, Kommune, Vergleich
Westpfalz), their progress against the baseline, and the Energiebericht's target path."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import format_decimal
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, CARRIER_COLORS, GOOD, NEUTRAL, SERIES_COLORS, _escaped, _german


def consumption_by_entity(frame: pd.DataFrame, year: int, title: str, unit: str, lang: str = "de") -> go.Figure:
    """Stacked bars: one bar per entity (district or municipality), one segment per carrier, for one year.

    ``frame`` has the columns name, year, carrier, value (as :func:`ktdash.store.queries.yearly`).
    Up to ten entities stand as columns, more lie as rows (largest on top) so that names stay readable.
    """
    data = frame[frame["year"] == year]
    order = data.groupby("name")["value"].sum().sort_values(ascending=False).index.tolist()
    horizontal = len(order) > 10
    fig = go.Figure()
    for carrier in [c for c in CARRIER_COLORS if c in set(data["carrier"])]:
        values = data[data["carrier"] == carrier].set_index("name")["value"].reindex(order).fillna(0.0).tolist()
        if horizontal:
            fig.add_bar(y=order, x=values, orientation="h", name=carrier, marker_color=CARRIER_COLORS[carrier],
                        hovertemplate=f"%{{y}}<br>{carrier}: %{{x:,.0f}} {unit}<extra></extra>")
        else:
            fig.add_bar(x=order, y=values, name=carrier, marker_color=CARRIER_COLORS[carrier],
                        hovertemplate=f"%{{x}}<br>{carrier}: %{{y:,.0f}} {unit}<extra></extra>")
    axis_title = f"{texts.t('col_value', lang)} [{unit}]"
    fig.update_layout(barmode="stack", title=title, legend_traceorder="normal")
    if horizontal:
        fig.update_layout(height=160 + 26 * len(order), xaxis_title=axis_title, xaxis_tickformat=",.0f",
                          yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)"),
                          xaxis=dict(showgrid=True, gridcolor="#e5e5e5"))
    else:
        fig.update_layout(xaxis_title=None, yaxis_title=axis_title, yaxis_tickformat=",.0f")
    return _german(fig, lang)


def consumption_by_year(frame: pd.DataFrame, title: str, unit: str, lang: str = "de",
                        labels: dict[int, str] | None = None) -> go.Figure:
    """Lines: total of the selected carriers per entity and year. ``labels``: year → its label
    (:func:`ktdash.analytics.periods.year_labels`): a partial year is named "2026, Jan–Okt" on the axis and in the
    hover text, and its point is drawn open and not joined to the whole years (never read as a whole one)."""
    totals = frame.groupby(["name", "year"], as_index=False)["value"].sum()
    labels = labels or {}
    partial = {y for y, label in labels.items() if label != str(y)}
    fig = go.Figure()
    for index, (name, part) in enumerate(totals.groupby("name", sort=True)):
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        names = [labels.get(int(y), str(y)) for y in part["year"]]
        whole = part["year"].isin(partial).map(lambda p: not p)
        fig.add_scatter(x=part["year"][whole], y=part["value"][whole], mode="lines+markers", name=name,
                        legendgroup=name, line_color=color, customdata=[n for n, w in zip(names, whole, strict=True)
                                                                        if w],
                        hovertemplate=f"{_escaped(name)}<br>%{{customdata}}: %{{y:,.0f}} {unit}<extra></extra>")
        if not whole.all():
            fig.add_scatter(x=part["year"][~whole], y=part["value"][~whole], mode="markers", name=name,
                            legendgroup=name, showlegend=False,
                            marker=dict(color="white", size=9, line=dict(color=color, width=2)),
                            customdata=[n for n, w in zip(names, whole, strict=True) if not w],
                            hovertemplate=f"{_escaped(name)}<br>%{{customdata}}: %{{y:,.0f}} {unit}<extra></extra>")
    years = sorted(totals["year"].unique().tolist())
    fig.update_layout(title=title, xaxis_title=texts.t("axis_year", lang),
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      xaxis=dict(tickmode="array", tickvals=years,
                                 ticktext=[labels.get(int(y), str(y)) for y in years]))
    return _german(fig, lang)


def ranking_bars(frame: pd.DataFrame, value: str, title: str, unit: str, lang: str = "de", decimals: int = 0,
                 comparison: float | None = None, comparison_label: str | None = None,
                 marked: str | None = None, legend: tuple[str, str] | None = None) -> go.Figure:
    """Horizontal bars, one per entity (``name``), largest on top; optional vertical comparison line.

    ``marked``: a boolean column; its rows are drawn grey and hatched as a second series, ``legend`` names
    the two series (e.g. comparable / not comparable with the comparison value)."""
    data = frame.dropna(subset=[value]).sort_values(value, ascending=False)
    fmt = f",.{decimals}f"
    flags = (data[marked].fillna(False).astype(bool) if marked is not None and marked in data
             else pd.Series(False, index=data.index))
    fig = go.Figure()
    for special in (False, True):
        part = data[flags == special]
        if part.empty and (special or flags.any()):
            continue
        fig.add_bar(y=part["name"], x=part[value], orientation="h",
                    marker=dict(color="#9E9E9E", pattern=dict(shape="/", fgcolor="#FFFFFF", fillmode="overlay"))
                    if special else dict(color=NEUTRAL),
                    name=(legend or ("", ""))[int(special)], text=part[value], texttemplate=f"%{{x:{fmt}}}",
                    textposition="auto", hovertemplate=f"%{{y}}<br>%{{x:{fmt}}} {unit}<extra></extra>")
    if comparison is not None:
        fig.add_vline(x=comparison, line_dash="dash", line_color=BAD,
                      annotation_text=comparison_label, annotation_position="top")
    show_legend = bool(legend) and bool(flags.any())
    fig.update_layout(title=title, height=140 + 28 * max(len(data), 3) + (40 if show_legend else 0),
                      showlegend=show_legend, barmode="overlay", xaxis_title=unit, xaxis_tickformat=fmt,
                      yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)", categoryorder="array",
                                 categoryarray=data["name"].tolist()),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5"))
    if show_legend:
        fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"),
                          margin=dict(t=110))
    return _german(fig, lang)


# The one sign convention for savings against the baseline (issue 19): "Einsparung", positive = less energy than in
# the baseline year ("+10,0 %"), negative = more ("−3,0 %"); pages, workshop, report and ``ktdash export progress``
# (``saving_share``) all show the same figure with the same sign. The colour follows the sign: green for a saving
# (dark: on the target path, light: below it), red for more energy.
SAVING_LIGHT = "#81C784"


def saving_text(share, lang: str = "de", decimals: int = 1) -> str:
    """A saving share (0.1 = 10 % less energy) as ``+10,0 %``, ``−3,0 %`` (typographic minus) or ``±0,0 %``;
    ``–`` for a missing value."""
    from ktdash.output.charts.workshop import signed_text

    if share is None or pd.isna(share):
        return "–"
    return f"{signed_text(float(share) * 100, decimals, lang)} %"


def saving_status(share, on_track) -> str:
    """``on_track`` (a saving on the target path), ``saving`` (a saving, below the target path), ``more`` (more
    energy than in the baseline year, or none saved)."""
    if round(float(share) * 100, 1) <= 0:
        return "more"
    return "on_track" if bool(on_track) else "saving"


SAVING_COLORS = {"on_track": GOOD, "saving": SAVING_LIGHT, "more": BAD}
SAVING_LEGEND = {"on_track": "kpi_on_track", "saving": "ws19_legend_saving_below", "more": "ws19_legend_more"}


def progress_bars(frame: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """Saving against the baseline in % per entity (positive = less energy), with the target of each as a marker;
    the colour follows the sign (:func:`saving_status`: dark green on the target path, light green a saving below
    it, red more energy).

    ``frame`` as :func:`ktdash.analytics.metrics.progress`: name, saving_share, target_kwh, baseline_kwh, on_track.
    """
    data = frame.dropna(subset=["saving_share"]).sort_values("saving_share", ascending=False)
    data = data.assign(_status=[saving_status(s, ok) for s, ok in zip(data["saving_share"], data["on_track"],
                                                                       strict=True)],
                       _target=(1 - data["target_kwh"] / data["baseline_kwh"]))
    fig = go.Figure()
    hover = texts.t("legend_saving", lang)
    for status in SAVING_COLORS:
        part = data[data["_status"] == status]
        if part.empty:
            continue
        texts_ = [saving_text(s, lang) for s in part["saving_share"]]
        fig.add_bar(y=part["name"], x=(part["saving_share"] * 100).tolist(), orientation="h",
                    marker_color=SAVING_COLORS[status], name=texts.t(SAVING_LEGEND[status], lang),
                    text=texts_, texttemplate="%{text}", textposition="auto", customdata=texts_,
                    hovertemplate=f"%{{y}}<br>{hover}: %{{customdata}}<extra></extra>")
    targets = [saving_text(s, lang) for s in data["_target"]]
    fig.add_scatter(y=data["name"], x=(data["_target"] * 100).tolist(), mode="markers",
                    name=texts.t("legend_target", lang), customdata=targets,
                    marker=dict(symbol="line-ns", size=22, line=dict(width=3, color="#1b1b1b")),
                    hovertemplate="%{y}<br>" + texts.t("legend_target", lang) + ": %{customdata}<extra></extra>")
    # the legend (up to four entries, in two rows on a half-width column) at the bottom, under the axis title
    fig.update_layout(title=title, height=230 + 28 * max(len(data), 3),
                      xaxis_title=texts.t("ws19_axis_saving_short", lang), xaxis_ticksuffix=" %", barmode="overlay",
                      yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)", categoryorder="array",
                                 categoryarray=data["name"].tolist()),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#555"),
                      legend=dict(orientation="h", x=0, xanchor="left", y=0, yref="container", yanchor="bottom"),
                      margin=dict(t=80, b=130))
    return _german(fig, lang)


def energy_by_year(frame: pd.DataFrame, title: str, lang: str = "de", labels: dict[int, str] | None = None
                   ) -> go.Figure:
    """Energy per year (kWh): raw and weather-normalised bars side by side, heat and electricity stacked.

    ``frame`` as :func:`ktdash.analytics.metrics.entity_years` for one entity: year, heat_kwh_raw,
    heat_kwh_normalised, electricity_kwh. ``labels``: year → its label (a partial year "2026, Jan–Okt",
    :func:`ktdash.analytics.periods.year_labels`).
    """
    fig = go.Figure()
    years = frame["year"].map(lambda y: (labels or {}).get(int(y), str(y)))
    for offset, (column, label) in enumerate((("heat_kwh_raw", "legend_heat_raw"),
                                              ("heat_kwh_normalised", "legend_heat_normalised"))):
        group = "raw" if offset == 0 else "normalised"
        fig.add_bar(x=years, y=frame[column], name=texts.t(label, lang), offsetgroup=group,
                    marker_color=CARRIER_COLORS["Erdgas"] if offset == 0 else "#6FA8DC",
                    hovertemplate=f"%{{x}}<br>{texts.t(label, lang)}: %{{y:,.0f}} kWh<extra></extra>")
        fig.add_bar(x=years, y=frame["electricity_kwh"], base=frame[column], offsetgroup=group,
                    name=texts.t("legend_electricity", lang), showlegend=offset == 0,
                    marker_color=CARRIER_COLORS["Strom"],
                    hovertemplate=f"%{{x}}<br>{texts.t('legend_electricity', lang)}: %{{y:,.0f}} kWh<extra></extra>")
    fig.update_layout(title=title, barmode="group", yaxis_title="kWh", yaxis_tickformat=",.0f",
                      xaxis_title=texts.t("axis_year", lang), xaxis=dict(type="category"))
    return _german(fig, lang)


# --- report charts (issue 5) ---

def report_progress_path(frame: pd.DataFrame, baseline: int, year: int, rate: float, title: str,
                         lang: str = "de") -> go.Figure:
    """Energiebericht: the weather-normalised energy of the compared buildings per year (bars, MWh) against the
    target path baseline × (1 + rate)^(t − baseline) (line).

    ``frame``: year, kwh (None where one of the compared buildings has no complete year), target_kwh.
    """
    data = frame.sort_values("year")
    years = data["year"].astype(int).astype(str).tolist()
    measured = [None if pd.isna(v) else float(v) / 1000 for v in data["kwh"]]
    target = [float(v) / 1000 for v in data["target_kwh"]]
    on_track = [m is not None and m <= tg * (1 + 1e-9) for m, tg in zip(measured, target, strict=True)]
    colors = [NEUTRAL if y == str(baseline) else GOOD if ok else BAD for y, ok in zip(years, on_track, strict=True)]
    fig = go.Figure()
    fig.add_bar(x=years, y=measured, name=texts.t("report_legend_compared", lang), marker_color=colors,
                texttemplate="%{y:,.0f}", textposition="inside", insidetextanchor="middle",
                textfont=dict(color="white"))
    fig.add_scatter(x=years, y=target, mode="lines+markers", name=texts.t("legend_target", lang)
                    + f" ({format_decimal(rate * 100, lang, 1, signed=True)} %/a)",
                    line=dict(color="#1b1b1b", width=2.5, dash="dash"), marker=dict(size=7))
    top = max([v for v in measured if v is not None] + target)
    fig.update_layout(title=title, yaxis_title="MWh", yaxis_tickformat=",.0f", yaxis_range=[0, top * 1.15],
                      xaxis=dict(type="category", title=None), bargap=0.35,
                      legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"),
                      margin=dict(t=110, b=50, r=20))
    return _german(fig, lang)


def savings_by_area_bars(frame: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """Verified savings of measures per district or municipality in MWh, with the ± 90 % uncertainty as error bars;
    green where savings, red where consumption rose after the measures. ``frame`` as
    :func:`ktdash.analytics.verified.by_area` (areas without a verified measure are left out)."""
    data = frame.dropna(subset=["savings_kwh"]).sort_values("savings_kwh", ascending=False)
    mwh = data["savings_kwh"] / 1000
    error = (data["uncertainty_kwh"].fillna(0) / 1000)
    low, high = min(0.0, float((mwh - error).min())), max(0.0, float((mwh + error).max()))
    pad = 0.18 * ((high - low) or 1.0)  # zero, every error bar and its label in view
    unit = "MWh"
    fig = go.Figure()
    fig.add_bar(y=data["name"], x=mwh, orientation="h",
                marker_color=[GOOD if value >= 0 else BAD for value in mwh],
                error_x=dict(type="data", array=error.tolist(), color="#555555"),
                customdata=list(zip((data["uncertainty_kwh"] / 1000).round(1), data["verified"], strict=True)),
                hovertemplate=f"%{{y}}<br>%{{x:,.1f}} ± %{{customdata[0]:,.1f}} {unit}<br>"
                              + texts.t("chart_savings_hover_verdicts", lang, n="%{customdata[1]}") + "<extra></extra>")
    # the value beyond the end of its error bar (inside the bar it would collide with the whisker)
    fig.add_scatter(y=data["name"], x=[v + e if v >= 0 else v - e for v, e in zip(mwh, error, strict=True)],
                    mode="text", customdata=mwh.tolist(), texttemplate="%{customdata:,.1f}",
                    textposition=["middle right" if v >= 0 else "middle left" for v in mwh], hoverinfo="skip")
    fig.update_layout(title=title, height=140 + 28 * max(len(data), 3), showlegend=False,
                      xaxis_title=texts.t("chart_savings_axis", lang, unit=unit), xaxis_tickformat=",.1f",
                      yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)", categoryorder="array",
                                 categoryarray=data["name"].tolist()),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#888888",
                                 range=[low - pad, high + pad]))
    return _german(fig, lang)
