"""Charts of one building (Gebäude): monthly series (with its completed measures marked), year over year, weather
normalisation, specific consumption against the comparison values, progress against its own baseline, and a
measure's baseline against actual with the 90 % band (issue 17)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import date_pattern, format_date, plotly_text
from ktdash.core.measure_vocabulary import TYPE_LABELS, MeasureStatus, MeasureType
from ktdash.i18n import texts
from ktdash.output.charts.common import (
    BAD,
    CARRIER_COLORS,
    NEUTRAL,
    SERIES_COLORS,
    SPECIFIC_UNIT,
    _german,
    _month_names,
    _none_for_nan,
    carriers_in_order,
)

USE_COLORS = {"heat": "#C0392B", "electricity": "#F2B705"}
HEAT_RAW_COLOR = "#E9A89F"  # raw heat beside the normalised bar: same hue, lighter
COMPARISON_COLORS = {"heat": "#7B241C", "electricity": "#9A7D0A"}
MEASURE_COLOR = "#6C3483"  # completed measures on a timeline


def building_monthly_series(frame: pd.DataFrame, unit: str = "kWh", lang: str = "de",
                            measures: pd.DataFrame | None = None) -> go.Figure:
    """Lines: the monthly values of one building, one line per carrier (raw, never weather-normalised).

    ``frame`` has the columns carrier, month (first day), value (as :func:`ktdash.store.queries.building_monthly`);
    pass only carriers of one unit (kWh, or water in m³). ``measures`` (as :func:`ktdash.analytics.measures
    .measures`): the completed ones are marked at their completion month (:func:`_measure_markers`).
    """
    date_format = date_pattern("month_hover", lang)
    fig = go.Figure()
    for carrier in carriers_in_order(frame):
        part = frame[frame["carrier"] == carrier].sort_values("month")
        fig.add_scatter(x=part["month"], y=part["value"], mode="lines+markers", name=carrier,
                        line=dict(color=CARRIER_COLORS.get(carrier), width=2), marker=dict(size=4),
                        hovertemplate=f"{carrier}<br>%{{x|{date_format}}}: %{{y:,.0f}} {unit}<extra></extra>")
    title = (texts.t("building_chart_water", lang) if unit == "m³"
             else texts.t("building_chart_monthly", lang, unit=unit))
    if measures is not None and not frame.empty:
        _measure_markers(fig, measures, float(frame["value"].max()), lang)
    fig.update_layout(title=title, xaxis_title=texts.t("building_axis_month", lang), xaxis_tickformat=date_format,
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", legend_traceorder="normal")
    return _german(fig, lang)


def _measure_markers(fig: go.Figure, measures: pd.DataFrame, top: float, lang: str) -> None:
    """The completed measures (status ``completed`` with a date) on a monthly timeline: a dotted vertical line at
    the completion month and a marker above the data with type, title and date in the hover."""
    done = measures[(measures["status"] == MeasureStatus.COMPLETED.value) & measures["completed_on"].notna()]
    if done.empty:
        return
    months = [pd.Timestamp(day).to_period("M").to_timestamp() for day in done["completed_on"]]
    for month in months:
        fig.add_shape(type="line", x0=month, x1=month, yref="paper", y0=0, y1=1, layer="below",
                      line=dict(color=MEASURE_COLOR, width=1.5, dash="dot"))
    details = [[texts.t(TYPE_LABELS[MeasureType(kind)], lang), title, format_date(day, lang)]
               for kind, title, day in zip(done["type"], done["title"], done["completed_on"], strict=True)]
    name = texts.t("measures_trace_markers", lang)
    fig.add_scatter(x=months, y=[top * 1.06 if top > 0 else 1.0] * len(months), mode="markers", name=name,
                    marker=dict(symbol="triangle-down", size=12, color=MEASURE_COLOR), customdata=details,
                    hovertemplate=texts.t("measures_marker_hover", lang, type="%{customdata[0]}",
                                          title="%{customdata[1]}", date="%{customdata[2]}") + "<extra></extra>")


def measure_baseline(verification, series, title: str, unit: str = "kWh", lang: str = "de") -> go.Figure:
    """Baseline against actual for one verified measure (or group, :class:`ktdash.analytics.savings
    .Verification`) of one carrier: the monthly actual consumption from the first baseline month to the last
    reporting month, the model's fit over the baseline months, the adjusted baseline (the model's prediction
    under the reporting months' weather) with its two-sided 90 % band (± t(0.95, n − 2) · the month's
    prediction standard error, as :meth:`BaselineModel.prediction_band`) and a line at each completion.

    ``series``: the building's months of the carrier (:func:`ktdash.analytics.savings.monthly_series`).
    ``title`` is the caller's words (escaped here: it may hold measure titles). A refused verdict has no
    reporting months: only the actual and, if a model was fitted, the baseline fit are drawn."""
    from ktdash.analytics import savings

    model = verification.model
    last = verification.months[-1].month if verification.months else verification.reporting_last
    shown = [v for v in series if v.kwh is not None and verification.baseline_first <= v.month <= last]
    date_format = date_pattern("month_hover", lang)
    fig = go.Figure()
    if verification.months:
        t = savings.t_quantile(model.n - 2)
        months = [m.month for m in verification.months]
        upper = [m.adjusted_baseline_kwh + t * m.prediction_se_kwh for m in verification.months]
        lower = [m.adjusted_baseline_kwh - t * m.prediction_se_kwh for m in verification.months]
        band = texts.t("measures_trace_band", lang)
        fig.add_scatter(x=months, y=upper, mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip")
        fig.add_scatter(x=months, y=lower, mode="lines", line=dict(width=0), fill="tonexty",
                        fillcolor="rgba(31, 95, 168, 0.18)", name=band, hoverinfo="skip")
        name = texts.t("measures_trace_adjusted", lang)
        fig.add_scatter(x=months, y=[m.adjusted_baseline_kwh for m in verification.months], mode="lines",
                        name=name, line=dict(color=NEUTRAL, width=2, dash="dash"),
                        customdata=[[lo, hi] for lo, hi in zip(lower, upper, strict=True)],
                        hovertemplate=f"{name}<br>%{{x|{date_format}}}: %{{y:,.0f}} {unit} "
                                      f"(%{{customdata[0]:,.0f}} – %{{customdata[1]:,.0f}})<extra></extra>")
    fitted = [v for v in shown if v.g is not None and v.month <= verification.baseline_last]
    if model is not None and fitted:
        name = texts.t("measures_trace_fit", lang)
        fig.add_scatter(x=[v.month for v in fitted], y=[model.predict(savings.days_in(v.month), v.g) for v in fitted],
                        mode="lines", name=name, line=dict(color="#5D6D7E", width=2, dash="dot"),
                        hovertemplate=f"{name}<br>%{{x|{date_format}}}: %{{y:,.0f}} {unit}<extra></extra>")
    name = texts.t("measures_trace_actual", lang)
    fig.add_scatter(x=[v.month for v in shown], y=[v.kwh for v in shown], mode="lines+markers", name=name,
                    line=dict(color=BAD, width=2), marker=dict(size=5),
                    hovertemplate=f"{name}<br>%{{x|{date_format}}}: %{{y:,.0f}} {unit}<extra></extra>")
    for day in sorted({verification.first_completion, verification.last_completion}):
        month = pd.Timestamp(day).to_period("M").to_timestamp()
        fig.add_shape(type="line", x0=month, x1=month, yref="paper", y0=0, y1=1, layer="below",
                      line=dict(color=MEASURE_COLOR, width=1.5, dash="dot"))
    fig.update_layout(title=plotly_text(title), xaxis_title=texts.t("building_axis_month", lang),
                      xaxis_tickformat=date_format, yaxis_title=f"{texts.t('col_value', lang)} [{unit}]",
                      yaxis_tickformat=",.0f", yaxis_rangemode="tozero", legend_traceorder="normal",
                      legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"), margin=dict(t=110))
    return _german(fig, lang)


def building_year_over_year(frame: pd.DataFrame, carrier: str, unit: str = "kWh", lang: str = "de") -> go.Figure:
    """Lines: the monthly values of one carrier, one line per year over January … December (raw).

    ``frame`` has the columns carrier, year, month_of_year, value (as :func:`ktdash.store.queries.building_monthly`).
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


def building_heat_normalisation(frame: pd.DataFrame, lang: str = "de", analytics=None) -> go.Figure:
    """Grouped bars per year: heat raw, weather-normalised for progress (the station's long-term mean) and
    normalised to the reference climate of Potsdam (as the comparison values), in kWh; each bar says which.

    ``frame`` has the columns year, heat_kwh_raw, heat_kwh_normalised, heat_weather_normalised and optionally
    heat_kwh_benchmark (as :func:`ktdash.analytics.buildings.year_figures`). A year whose heat could not be normalised
    (degree days missing) gets no normalised bars. ``analytics`` gives the reference period of the labels.
    """
    from ktdash.output import labels

    data = frame[frame["heat_kwh_raw"].notna()].sort_values("year")
    done = data["heat_weather_normalised"].fillna(False).astype(bool)
    raw_name = texts.t("building_trace_raw", lang)
    fig = go.Figure()
    fig.add_bar(x=data["year"], y=_none_for_nan(data["heat_kwh_raw"]), name=raw_name, marker_color=HEAT_RAW_COLOR,
                hovertemplate=f"%{{x}} {raw_name}: %{{y:,.0f}} kWh<extra></extra>")
    bars = [("heat_kwh_normalised", labels.PROGRESS, USE_COLORS["heat"]),
            ("heat_kwh_benchmark", labels.BENCHMARK, COMPARISON_COLORS["heat"])]
    for column, kind, color in bars:
        if column not in data:
            continue
        name = labels.normalisation(kind, lang, analytics, short=True)
        fig.add_bar(x=data["year"], y=_none_for_nan(data[column].where(done)), name=name, marker_color=color,
                    hovertemplate=f"%{{x}} {name}: %{{y:,.0f}} kWh<extra></extra>")
    fig.update_layout(barmode="group", title=texts.t("building_chart_heat", lang),
                      xaxis=dict(title=texts.t("axis_year", lang), dtick=1, tickformat="d"),
                      yaxis_title=f"{texts.t('building_axis_heat', lang)} [kWh]", yaxis_tickformat=",.0f",
                      legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"),
                      margin=dict(t=110), legend_traceorder="normal")
    return _german(fig, lang)


def building_specific_consumption(frame: pd.DataFrame, lang: str = "de", comparison: bool = True,
                                  analytics=None) -> go.Figure:
    """Grouped bars per year: heat (normalised to the reference climate of Potsdam, as the comparison values)
    and electricity in kWh/(m²·a), each with the comparison value of the building as a dashed line across the
    years — none where ``comparison`` is false (a category without a valid comparison value).

    ``frame`` has the columns year, heat_kwh_per_m2, electricity_kwh_per_m2, heat_comparison_kwh_per_m2,
    electricity_comparison_kwh_per_m2 (as :func:`ktdash.analytics.metrics.building_years`).
    """
    from ktdash.core.formatting import format_number
    from ktdash.output import labels

    data = frame.sort_values("year")
    years = data["year"].tolist()
    fig = go.Figure()
    for use in ("heat", "electricity"):
        values = data[f"{use}_kwh_per_m2"]
        if values.notna().any():
            name = (texts.t("pages14_trace_heat", lang, norm=labels.normalisation(labels.BENCHMARK, lang, analytics,
                                                                                   short=True))
                    if use == "heat" else texts.t(f"building_trace_{use}", lang))
            fig.add_bar(x=years, y=_none_for_nan(values), name=name, marker_color=USE_COLORS[use],
                        hovertemplate=f"%{{x}} {name}: %{{y:,.1f}} {SPECIFIC_UNIT}<extra></extra>")
    for use in ("heat", "electricity") if comparison else ():
        values = data[f"{use}_comparison_kwh_per_m2"].dropna()
        if values.empty or data[f"{use}_kwh_per_m2"].isna().all():
            continue
        value = float(values.iloc[-1])
        name = f"{texts.t(f'building_trace_{use}_comparison', lang)} ({format_number(value, 1, lang)})"
        fig.add_scatter(x=[min(years) - 0.5, max(years) + 0.5], y=[value, value], mode="lines", name=name,
                        line=dict(color=COMPARISON_COLORS[use], width=2.5, dash="dash"),
                        hovertemplate=f"{name}: %{{y:,.1f}} {SPECIFIC_UNIT}<extra></extra>")
    title = "building_chart_specific" if comparison else "pages14_chart_specific_own"
    fig.update_layout(barmode="group", title=texts.t(title, lang),
                      xaxis=dict(title=texts.t("axis_year", lang), dtick=1, tickformat="d"),
                      yaxis_title=f"{texts.t('building_axis_specific', lang)} [{SPECIFIC_UNIT}]",
                      yaxis_tickformat=",.0f", legend_traceorder="normal")
    return _german(fig, lang)


def building_own_baseline(frame: pd.DataFrame, baseline: int, title: str, lang: str = "de",
                          target_kwh: float | None = None, year: int | None = None) -> go.Figure:
    """Energy per complete year (heat with the progress normalisation + electricity, kWh) against the
    building's own baseline: a bar per year, the baseline's value as a dashed line and the target path of
    ``year`` as a marker — how a building without a valid comparison value (a pool) is judged.

    ``frame`` as :func:`ktdash.analytics.buildings.year_figures`: year, complete, energy_kwh_normalised.
    """
    data = frame[frame["complete"].fillna(False).astype(bool) & (frame["year"] >= baseline)].sort_values("year")
    name = texts.t("pages14_trace_energy", lang)
    colors = [NEUTRAL if y != baseline else "#5D6D7E" for y in data["year"]]
    fig = go.Figure()
    fig.add_bar(x=data["year"], y=_none_for_nan(data["energy_kwh_normalised"]), name=name, marker_color=colors,
                hovertemplate=f"%{{x}} {name}: %{{y:,.0f}} kWh<extra></extra>")
    base = data.loc[data["year"] == baseline, "energy_kwh_normalised"]
    if not base.empty and len(data):
        label = texts.t("pages14_trace_baseline", lang, baseline=baseline)
        fig.add_scatter(x=[baseline - 0.5, int(data["year"].max()) + 0.5], y=[float(base.iloc[0])] * 2, mode="lines",
                        name=label, line=dict(color=BAD, width=2.5, dash="dash"),
                        hovertemplate=f"{label}: %{{y:,.0f}} kWh<extra></extra>")
    if target_kwh is not None and year is not None:
        label = texts.t("pages14_trace_target", lang, year=year)
        fig.add_scatter(x=[year], y=[target_kwh], mode="markers", name=label,
                        marker=dict(symbol="line-ew", size=34, line=dict(width=3, color="#1b1b1b")),
                        hovertemplate=f"{label}: %{{y:,.0f}} kWh<extra></extra>")
    fig.update_layout(title=title, xaxis=dict(title=texts.t("axis_year", lang), dtick=1, tickformat="d"),
                      yaxis_title="kWh", yaxis_tickformat=",.0f", legend_traceorder="normal")
    return _german(fig, lang)
