"""Charts: functions from data to Plotly figures, with German number formats.

One explicit template (``ktdash``) so that an exported figure looks like the
page; every axis names its unit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import texts

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


def _german(fig: go.Figure, lang: str) -> go.Figure:
    fig.update_layout(template="ktdash", separators=",." if lang != "en" else ".,")
    return fig


def consumption_by_entity(frame: pd.DataFrame, year: int, title: str, unit: str, lang: str = "de") -> go.Figure:
    """Stacked bars: one bar per entity (district or municipality), one segment per carrier, for one year.

    ``frame`` has the columns name, year, carrier, value (as :func:`ktdash.queries.yearly`).
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


def consumption_by_year(frame: pd.DataFrame, title: str, unit: str, lang: str = "de") -> go.Figure:
    """Lines: total of the selected carriers per entity and year."""
    totals = frame.groupby(["name", "year"], as_index=False)["value"].sum()
    fig = go.Figure()
    for name, part in totals.groupby("name", sort=True):
        fig.add_scatter(x=part["year"], y=part["value"], mode="lines+markers", name=name,
                        hovertemplate=f"{name}<br>%{{x}}: %{{y:,.0f}} {unit}<extra></extra>")
    fig.update_layout(title=title, xaxis_title=texts.t("axis_year", lang),
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      xaxis=dict(dtick=1, tickformat="d"))
    return _german(fig, lang)


# --- analytics charts (Kommune, Vergleich Westpfalz) ---------------------------------------------------

GOOD, BAD, NEUTRAL = "#2E7D32", "#C62828", "#1F5FA8"


def ranking_bars(frame: pd.DataFrame, value: str, title: str, unit: str, lang: str = "de", decimals: int = 0,
                 comparison: float | None = None, comparison_label: str | None = None) -> go.Figure:
    """Horizontal bars, one per entity (``name``), largest on top; optional vertical comparison line."""
    data = frame.dropna(subset=[value]).sort_values(value, ascending=False)
    fmt = f",.{decimals}f"
    fig = go.Figure(go.Bar(
        y=data["name"], x=data[value], orientation="h", marker_color=NEUTRAL,
        text=data[value], texttemplate=f"%{{x:{fmt}}}", textposition="auto",
        hovertemplate=f"%{{y}}<br>%{{x:{fmt}}} {unit}<extra></extra>"))
    if comparison is not None:
        fig.add_vline(x=comparison, line_dash="dash", line_color=BAD,
                      annotation_text=comparison_label, annotation_position="top")
    fig.update_layout(title=title, height=140 + 28 * max(len(data), 3), showlegend=False,
                      xaxis_title=unit, xaxis_tickformat=fmt,
                      yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)"),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5"))
    return _german(fig, lang)


def progress_bars(frame: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """Saving against the baseline in % per entity (green: on track), with the target of each as a marker.

    ``frame`` as :func:`ktdash.metrics.progress`: name, saving_share, target_kwh, baseline_kwh, on_track.
    """
    data = frame.dropna(subset=["saving_share"]).sort_values("saving_share", ascending=False)
    saving = data["saving_share"] * 100
    target = (1 - data["target_kwh"] / data["baseline_kwh"]) * 100
    colors = [GOOD if ok else BAD for ok in data["on_track"]]
    fig = go.Figure()
    fig.add_bar(y=data["name"], x=saving, orientation="h", marker_color=colors, name=texts.t("legend_saving", lang),
                texttemplate="%{x:,.1f} %", textposition="auto",
                hovertemplate="%{y}<br>%{x:,.1f} %<extra></extra>")
    fig.add_scatter(y=data["name"], x=target, mode="markers", name=texts.t("legend_target", lang),
                    marker=dict(symbol="line-ns", size=22, line=dict(width=3, color="#1b1b1b")),
                    hovertemplate="%{y}<br>" + texts.t("legend_target", lang) + ": %{x:,.1f} %<extra></extra>")
    fig.update_layout(title=title, height=160 + 28 * max(len(data), 3), xaxis_title=texts.t("axis_saving", lang),
                      xaxis_ticksuffix=" %", yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)"),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#555"),
                      legend=dict(orientation="h", y=1.0, x=0, xanchor="left", yanchor="bottom"),
                      margin=dict(t=110))
    return _german(fig, lang)


def energy_by_year(frame: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """Energy per year (kWh): raw and weather-normalised bars side by side, heat and electricity stacked.

    ``frame`` as :func:`ktdash.metrics.entity_years` for one entity: year, heat_kwh_raw,
    heat_kwh_normalised, electricity_kwh.
    """
    fig = go.Figure()
    years = frame["year"].astype(str)
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


def degree_days_chart(frame: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """Measured monthly degree days (bars) against their long-term mean (line), K·d G20/15.

    ``frame`` as :func:`ktdash.reference.degree_days`: month, heating_degree_days, long_term_mean.
    """
    fig = go.Figure()
    fig.add_bar(x=frame["month"], y=frame["heating_degree_days"], name=texts.t("legend_measured", lang),
                marker_color=NEUTRAL, hovertemplate="%{x|%m.%Y}: %{y:,.1f} K·d<extra></extra>")
    fig.add_scatter(x=frame["month"], y=frame["long_term_mean"], name=texts.t("legend_long_term", lang),
                    mode="lines", line=dict(color=BAD), hovertemplate="%{x|%m.%Y}: %{y:,.1f} K·d<extra></extra>")
    fig.update_layout(title=title, yaxis_title="K·d (G20/15)", height=360,
                      xaxis_tickformat="%m.%Y" if lang != "en" else "%Y-%m")
    return _german(fig, lang)


# --- building charts (Gebäude) ------------------------------------------------------------------------

USE_COLORS = {"heat": "#C0392B", "electricity": "#F2B705"}
HEAT_RAW_COLOR = "#E9A89F"  # raw heat beside the normalised bar: same hue, lighter
COMPARISON_COLORS = {"heat": "#7B241C", "electricity": "#9A7D0A"}
SPECIFIC_UNIT = "kWh/(m²·a)"


def _month_names(lang: str) -> list[str]:
    return texts.t("building_months_short", lang).split(",")


def carriers_in_order(frame: pd.DataFrame) -> list[str]:
    """The carriers of ``frame`` in the order of CARRIER_COLORS (electricity first, water last)."""
    present = set(frame["carrier"])
    return [c for c in CARRIER_COLORS if c in present] + sorted(present - set(CARRIER_COLORS))


def _none_for_nan(values: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in values]


def building_monthly_series(frame: pd.DataFrame, unit: str = "kWh", lang: str = "de") -> go.Figure:
    """Lines: the monthly values of one building, one line per carrier (raw, never weather-normalised).

    ``frame`` has the columns carrier, month (first day), value (as :func:`ktdash.queries.building_monthly`);
    pass only carriers of one unit (kWh, or water in m³).
    """
    date_format = "%m.%Y" if lang != "en" else "%b %Y"
    fig = go.Figure()
    for carrier in carriers_in_order(frame):
        part = frame[frame["carrier"] == carrier].sort_values("month")
        fig.add_scatter(x=part["month"], y=part["value"], mode="lines+markers", name=carrier,
                        line=dict(color=CARRIER_COLORS.get(carrier), width=2), marker=dict(size=4),
                        hovertemplate=f"{carrier}<br>%{{x|{date_format}}}: %{{y:,.0f}} {unit}<extra></extra>")
    title = (texts.t("building_chart_water", lang) if unit == "m³"
             else texts.t("building_chart_monthly", lang, unit=unit))
    fig.update_layout(title=title, xaxis_title=texts.t("building_axis_month", lang), xaxis_tickformat=date_format,
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", legend_traceorder="normal")
    return _german(fig, lang)


def building_year_over_year(frame: pd.DataFrame, carrier: str, unit: str = "kWh", lang: str = "de") -> go.Figure:
    """Lines: the monthly values of one carrier, one line per year over January … December (raw).

    ``frame`` has the columns carrier, year, month_of_year, value (as :func:`ktdash.queries.building_monthly`).
    The latest year is drawn thickest.
    """
    data = frame[frame["carrier"] == carrier]
    years = sorted(data["year"].unique())
    fig = go.Figure()
    months = _month_names(lang)
    for i, year in enumerate(years):
        part = data[data["year"] == year].sort_values("month_of_year")
        latest = year == years[-1]
        fig.add_scatter(x=part["month_of_year"], y=part["value"], mode="lines+markers", name=str(year),
                        line=dict(color=SERIES_COLORS[(len(years) - 1 - i) % len(SERIES_COLORS)],
                                  width=3.5 if latest else 1.5),
                        marker=dict(size=6 if latest else 4),
                        customdata=[months[m - 1] for m in part["month_of_year"]],
                        hovertemplate=f"%{{customdata}} {year}: %{{y:,.0f}} {unit}<extra></extra>")
    fig.update_layout(title=texts.t("building_chart_yoy", lang, carrier=carrier, unit=unit),
                      xaxis=dict(title=texts.t("building_axis_month", lang), tickmode="array",
                                 tickvals=list(range(1, 13)), ticktext=months, range=[0.5, 12.5]),
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", legend_traceorder="reversed")
    return _german(fig, lang)


def building_heat_normalisation(frame: pd.DataFrame, lang: str = "de") -> go.Figure:
    """Grouped bars per year: heat raw and weather-normalised, in kWh.

    ``frame`` has the columns year, heat_kwh_raw, heat_kwh_normalised, heat_weather_normalised (as
    :func:`ktdash.metrics.building_years`). A year whose heat could not be normalised (degree days
    missing) gets no normalised bar.
    """
    data = frame[frame["heat_kwh_raw"].notna()].sort_values("year")
    normalised = data["heat_kwh_normalised"].where(data["heat_weather_normalised"].fillna(False).astype(bool))
    raw_name, norm_name = texts.t("building_trace_raw", lang), texts.t("building_trace_normalised", lang)
    fig = go.Figure()
    fig.add_bar(x=data["year"], y=_none_for_nan(data["heat_kwh_raw"]), name=raw_name, marker_color=HEAT_RAW_COLOR,
                hovertemplate=f"%{{x}} {raw_name}: %{{y:,.0f}} kWh<extra></extra>")
    fig.add_bar(x=data["year"], y=_none_for_nan(normalised), name=norm_name, marker_color=USE_COLORS["heat"],
                hovertemplate=f"%{{x}} {norm_name}: %{{y:,.0f}} kWh<extra></extra>")
    fig.update_layout(barmode="group", title=texts.t("building_chart_heat", lang),
                      xaxis=dict(title=texts.t("axis_year", lang), dtick=1, tickformat="d"),
                      yaxis_title=f"{texts.t('building_axis_heat', lang)} [kWh]", yaxis_tickformat=",.0f",
                      legend_traceorder="normal")
    return _german(fig, lang)


def building_specific_consumption(frame: pd.DataFrame, lang: str = "de") -> go.Figure:
    """Grouped bars per year: heat (weather-normalised) and electricity in kWh/(m²·a), each with the
    comparison value of the building as a dashed line across the years.

    ``frame`` has the columns year, heat_kwh_per_m2, electricity_kwh_per_m2, heat_comparison_kwh_per_m2,
    electricity_comparison_kwh_per_m2 (as :func:`ktdash.metrics.building_years`).
    """
    from .formatting import format_number

    data = frame.sort_values("year")
    years = data["year"].tolist()
    fig = go.Figure()
    for use in ("heat", "electricity"):
        values = data[f"{use}_kwh_per_m2"]
        if values.notna().any():
            name = texts.t(f"building_trace_{use}", lang)
            fig.add_bar(x=years, y=_none_for_nan(values), name=name, marker_color=USE_COLORS[use],
                        hovertemplate=f"%{{x}} {name}: %{{y:,.1f}} {SPECIFIC_UNIT}<extra></extra>")
    for use in ("heat", "electricity"):
        comparison = data[f"{use}_comparison_kwh_per_m2"].dropna()
        if comparison.empty or data[f"{use}_kwh_per_m2"].isna().all():
            continue
        value = float(comparison.iloc[-1])
        name = f"{texts.t(f'building_trace_{use}_comparison', lang)} ({format_number(value, 1, lang)})"
        fig.add_scatter(x=[min(years) - 0.5, max(years) + 0.5], y=[value, value], mode="lines", name=name,
                        line=dict(color=COMPARISON_COLORS[use], width=2.5, dash="dash"),
                        hovertemplate=f"{name}: %{{y:,.1f}} {SPECIFIC_UNIT}<extra></extra>")
    fig.update_layout(barmode="group", title=texts.t("building_chart_specific", lang),
                      xaxis=dict(title=texts.t("axis_year", lang), dtick=1, tickformat="d"),
                      yaxis_title=f"{texts.t('building_axis_specific', lang)} [{SPECIFIC_UNIT}]",
                      yaxis_tickformat=",.0f", legend_traceorder="normal")
    return _german(fig, lang)
