"""Charts: functions from data to Plotly figures, with German number formats.

One explicit template (``ktdash``) so that an exported figure looks like the
page; every axis names its unit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ktdash.core.formatting import date_pattern, format_date, format_decimal, plotly_separators
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


def consumption_by_year(frame: pd.DataFrame, title: str, unit: str, lang: str = "de") -> go.Figure:
    """Lines: total of the selected carriers per entity and year."""
    totals = frame.groupby(["name", "year"], as_index=False)["value"].sum()
    fig = go.Figure()
    for name, part in totals.groupby("name", sort=True):
        fig.add_scatter(x=part["year"], y=part["value"], mode="lines+markers", name=name,
                        hovertemplate=f"{_escaped(name)}<br>%{{x}}: %{{y:,.0f}} {unit}<extra></extra>")
    fig.update_layout(title=title, xaxis_title=texts.t("axis_year", lang),
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      xaxis=dict(dtick=1, tickformat="d"))
    return _german(fig, lang)


# --- analytics charts (Kommune, Vergleich Westpfalz) ---------------------------------------------------

GOOD, BAD, NEUTRAL = "#2E7D32", "#C62828", "#1F5FA8"


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


def progress_bars(frame: pd.DataFrame, title: str, lang: str = "de") -> go.Figure:
    """Saving against the baseline in % per entity (green: on track), with the target of each as a marker.

    ``frame`` as :func:`ktdash.analytics.metrics.progress`: name, saving_share, target_kwh, baseline_kwh, on_track.
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

    ``frame`` as :func:`ktdash.analytics.metrics.entity_years` for one entity: year, heat_kwh_raw,
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


def degree_days_chart(frame: pd.DataFrame, title: str, lang: str = "de", min_completeness: float | None = None
                      ) -> go.Figure:
    """Measured monthly degree days (bars) against their long-term mean (line), K·d G20/15.

    ``frame`` as :func:`ktdash.analytics.climate.station_months`: month, heating_degree_days, long_term_mean and optionally
    completeness; with ``min_completeness`` the months below it (not used by the normalisation: another station
    stands in) are drawn as hatched bars of their own legend entry.
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

    ``frame`` has the columns carrier, month (first day), value (as :func:`ktdash.store.queries.building_monthly`);
    pass only carriers of one unit (kWh, or water in m³).
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
    fig.update_layout(title=title, xaxis_title=texts.t("building_axis_month", lang), xaxis_tickformat=date_format,
                      yaxis_title=f"{texts.t('col_value', lang)} [{unit}]", yaxis_tickformat=",.0f",
                      yaxis_rangemode="tozero", legend_traceorder="normal")
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
    from ktdash.output import labels
    from ktdash.core.formatting import format_number

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


# --- campaigns (issue 4) ---------------------------------------------------------------------------------
# Kampagnen, Kampagne, Jahresplanung: data from ktdash.analytics.campaigns; methods in its module docstring.

TOPIC_COLORS = {
    "Photovoltaik": "#F2B705",
    "Wärme": "#C0392B",
    "Mobilität": "#1F5FA8",
    "Bauleitplanung": "#3E8E41",
    "Energiesparen": "#8E44AD",
    "Sonstiges": "#5D6D7E",
}
FORMAT_COLORS = {"Präsenz": "#1F5FA8", "online": "#E67E22", "hybrid": "#3E8E41"}
FORMAT_SYMBOLS = {"Präsenz": "circle", "online": "diamond", "hybrid": "square"}


def _label(prefix: str, value, lang: str) -> str:
    """A vocabulary value (topic, format) in the page's language; unknown values stay as they are."""
    return str(value) if f"{prefix}{value}" not in texts.UI else texts.t(f"{prefix}{value}", lang)


def topic_label(value: str, lang: str = "de") -> str:
    return _label("topic_", value, lang)


def format_label(value: str, lang: str = "de") -> str:
    return _label("format_", value, lang)


def _date_text(value, lang: str) -> str:
    day = pd.Timestamp(value)
    return format_date(day, lang)


def campaign_reach_bars(frame: pd.DataFrame, value: str, title: str, unit: str, lang: str = "de",
                        decimals: int = 0) -> go.Figure:
    """Horizontal bars, one per area (``name``), largest on top. Areas without a value keep their row (an empty
    bar marked „–“): on the workshop screen a district without activities must stay visible."""
    data = frame.assign(_v=frame[value].astype(float)).sort_values("_v", ascending=False, na_position="last")
    fmt = f",.{decimals}f"
    values = _none_for_nan(data["_v"])
    fig = go.Figure(go.Bar(
        y=data["name"], x=values, orientation="h", marker_color=NEUTRAL, cliponaxis=False,
        text=[None if v is None else v for v in values], texttemplate=f"%{{x:{fmt}}}", textposition="auto",
        hovertemplate=f"%{{y}}<br>%{{x:{fmt}}} {unit}<extra></extra>"))
    missing = [name for name, v in zip(data["name"], values) if v is None]
    if missing:
        fig.add_scatter(y=missing, x=[0] * len(missing), mode="text", text=["–"] * len(missing),
                        textposition="middle right", showlegend=False, hoverinfo="skip")
    fig.update_layout(title=title, height=150 + 34 * max(len(data), 3), showlegend=False,
                      xaxis_title=unit, xaxis_tickformat=fmt, xaxis_rangemode="tozero",
                      yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)"),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5"), margin=dict(t=70, r=30))
    return _german(fig, lang)


def format_split_bars(frame: pd.DataFrame, title: str, lang: str = "de", names: list[str] | None = None) -> go.Figure:
    """Stacked horizontal bars per district: participants of activities held in person, online and hybrid.

    ``frame`` as :func:`ktdash.analytics.campaigns.format_split`: district, format, activities, participants.
    ``names`` (optional) fixes the rows, so that districts without activities keep theirs.
    """
    data = frame.copy()
    totals = data.groupby("district")["participants"].sum(min_count=1)
    order = names if names is not None else totals.sort_values(ascending=False).index.tolist()
    unit = texts.t("campaign_axis_participants", lang)
    fig = go.Figure()
    for fmt in FORMAT_COLORS:
        part = data[data["format"] == fmt].set_index("district").reindex(order)
        if part["participants"].notna().sum() == 0:
            continue
        name = format_label(fmt, lang)
        shares = (part["participants"] / totals.reindex(order) * 100).tolist()
        fig.add_bar(y=order, x=_none_for_nan(part["participants"]), orientation="h", name=name,
                    marker_color=FORMAT_COLORS[fmt], texttemplate="%{x:,.0f}", textposition="inside",
                    insidetextanchor="middle", customdata=[[s, a] for s, a in zip(shares, part["activities"])],
                    hovertemplate=(f"%{{y}}<br>{name}: %{{x:,.0f}} {unit} (%{{customdata[0]:,.0f}} %), "
                                   f"%{{customdata[1]:,.0f}} {texts.t('campaign_axis_activities', lang)}"
                                   "<extra></extra>"))
    fig.update_layout(barmode="stack", title=title, height=170 + 34 * max(len(order), 3),
                      uniformtext=dict(minsize=12, mode="hide"),
                      xaxis_title=unit, xaxis_tickformat=",.0f",
                      yaxis=dict(autorange="reversed", gridcolor="rgba(0,0,0,0)"),
                      xaxis=dict(showgrid=True, gridcolor="#e5e5e5"),
                      legend=dict(orientation="h", y=1.0, x=0, xanchor="left", yanchor="bottom",
                                  traceorder="normal"), margin=dict(t=110, r=30))
    return _german(fig, lang)


def topic_heatmap(frame: pd.DataFrame, districts: list[str], topics: list[str], title: str,
                  lang: str = "de") -> go.Figure:
    """Activities per district (rows) and topic (columns); a topic a district did not cover is a grey „–“ cell.

    ``frame`` as :func:`ktdash.analytics.campaigns.topic_coverage`: district, topic, activities, participants.
    """
    import math

    table = frame.pivot_table(index="district", columns="topic", values="activities", aggfunc="sum")
    table = table.reindex(index=districts, columns=topics)
    z = [[None if pd.isna(v) else float(v) for v in row] for row in table.to_numpy()]
    text = [["–" if v is None else _count_text(v, lang) for v in row] for row in z]
    unit = texts.t("campaign_axis_activities", lang)
    fig = go.Figure(go.Heatmap(
        z=z, x=[topic_label(t, lang) for t in topics], y=districts, text=text, texttemplate="%{text}",
        textfont=dict(size=16), colorscale=[[0, "#DCE8F5"], [1, "#1F5FA8"]], zmin=0, xgap=3, ygap=3,
        colorbar=dict(title=dict(text=unit), tickformat=",.0f", tick0=0,
                      dtick=max(1, math.ceil(max((v for row in z for v in row if v is not None), default=1) / 5))),
        hovertemplate=f"%{{y}} · %{{x}}: %{{text}} {unit}<extra></extra>"))
    fig.update_layout(title=title, height=170 + 48 * max(len(districts), 3), plot_bgcolor="#F0F0F0",
                      xaxis=dict(side="top", showgrid=False, ticks=""),
                      yaxis=dict(autorange="reversed", showgrid=False), margin=dict(t=120, r=20))
    return _german(fig, lang)


def _count_text(value: float, lang: str) -> str:
    from ktdash.core.formatting import format_number

    return format_number(value, 0, lang)


def campaign_timeline(frame: pd.DataFrame, measure: str, title: str, lang: str = "de") -> go.Figure:
    """Stacked bars per month, one colour per topic; hatched: months whose activities are all still planned.

    ``frame`` as :func:`ktdash.analytics.campaigns.timeline`: month, topic, activities, participants, planned.
    ``measure`` is ``activities`` or ``participants``.
    """
    unit = texts.t("campaign_axis_" + measure, lang)
    date_format = date_pattern("month_hover", lang)
    fig = go.Figure()
    topics = [t for t in TOPIC_COLORS if t in set(frame["topic"])] + sorted(set(frame["topic"]) - set(TOPIC_COLORS))
    for topic in topics:
        part = frame[frame["topic"] == topic].sort_values("month")
        name = topic_label(topic, lang)
        planned = part["planned"].fillna(False).astype(bool).tolist()
        fig.add_bar(x=part["month"], y=_none_for_nan(part[measure]), name=name,
                    marker=dict(color=TOPIC_COLORS.get(topic, "#5D6D7E"),
                                pattern=dict(shape=["/" if p else "" for p in planned], fillmode="overlay",
                                             fgcolor="white", size=8)),
                    customdata=[texts.t("campaign_planned", lang) if p else "" for p in planned],
                    hovertemplate=f"{name}<br>%{{x|{date_format}}}: %{{y:,.0f}} {unit} %{{customdata}}<extra></extra>")
    fig.update_layout(barmode="stack", title=title, xaxis_title=texts.t("campaign_axis_month", lang),
                      xaxis_tickformat=date_format, yaxis_title=unit, yaxis_tickformat=",.0f",
                      legend_traceorder="normal", height=430, bargap=0.15)
    return _german(fig, lang)


def pv_additions_lines(frame: pd.DataFrame, title: str, lang: str = "de", partial_year: int | None = None,
                       value: str = "units_per_1000") -> go.Figure:
    """Lines per district: photovoltaic additions per year per 1,000 inhabitants (Marktstammdatenregister).

    ``frame`` as :func:`ktdash.analytics.campaigns.pv_by_district`: name, year, units_per_1000, kwp_per_1000.
    ``partial_year``: the year the register data end in before 31 December, marked with „*“ on the axis.
    """
    unit = texts.t("campaign_axis_units_per_1000" if value == "units_per_1000" else "campaign_axis_kwp_per_1000",
                   lang)
    fmt = ",.1f" if value == "units_per_1000" else ",.0f"
    fig = go.Figure()
    for name, part in frame.sort_values("year").groupby("name", sort=True):
        fig.add_scatter(x=part["year"], y=part[value], mode="lines+markers", name=name, line=dict(width=3),
                        marker=dict(size=8),
                        hovertemplate=f"{_escaped(name)}<br>%{{x}}: %{{y:{fmt}}} {unit}<extra></extra>")
    years = sorted(frame["year"].dropna().astype(int).unique().tolist())
    fig.update_layout(title=title, yaxis_title=unit, yaxis_tickformat=fmt, yaxis_rangemode="tozero", height=520,
                      legend=dict(orientation="h", y=-0.18, x=0, xanchor="left", yanchor="top"),
                      margin=dict(b=140),
                      xaxis=dict(title=texts.t("axis_year", lang), tickmode="array", tickvals=years,
                                 ticktext=[f"{y}*" if y == partial_year else str(y) for y in years]))
    return _german(fig, lang)


def before_after_bars(groups: pd.DataFrame, before: str, after: str, lang: str = "de") -> go.Figure:
    """Grouped bars: photovoltaic units per 1,000 inhabitants before and after a campaign's start, for the
    participating municipalities and the comparison group.

    ``groups`` as :attr:`ktdash.analytics.campaigns.BeforeAfter.groups`; ``before``/``after`` are the legend texts
    (the windows with their dates).
    """
    order = [g for g in ("members", "comparison") if g in set(groups["group"])]
    data = groups.set_index("group").reindex(order)
    labels = [texts.t(f"campaign_group_{g}", lang, n=int(data.loc[g, "municipalities"])) for g in order]
    unit = texts.t("campaign_axis_units_per_1000", lang)
    fig = go.Figure()
    for column, name, color in (("rate_before", before, "#9DB9DC"), ("rate_after", after, NEUTRAL)):
        units = data["units_before" if column == "rate_before" else "units_after"].tolist()
        fig.add_bar(x=labels, y=_none_for_nan(data[column]), name=name, marker_color=color,
                    texttemplate="%{y:,.1f}", textposition="outside", cliponaxis=False, customdata=units,
                    hovertemplate=f"%{{x}}<br>{name}: %{{y:,.2f}} {unit} (%{{customdata:,.0f}})<extra></extra>")
    fig.update_layout(barmode="group", title=texts.t("campaign_chart_before_after", lang), yaxis_title=unit,
                      yaxis_tickformat=",.1f", yaxis_rangemode="tozero", height=440,
                      legend=dict(orientation="h", y=1.0, x=0, xanchor="left", yanchor="bottom"),
                      margin=dict(t=120))
    return _german(fig, lang)


def annual_plan_gantt(plan: pd.DataFrame, year: int, lang: str = "de", today=None) -> go.Figure:
    """The annual plan as a calendar: one row per campaign, its period as a bar (colour: topic), its
    activities of the year as markers (symbol: format).

    ``plan`` as :func:`ktdash.analytics.campaigns.annual_plan`.
    """
    from datetime import date, timedelta

    first, last = date(year, 1, 1), date(year, 12, 31)
    campaigns = plan[plan["entry"] == "campaign"].sort_values(["start_date", "campaign_id"])
    activities = plan[plan["entry"] == "activity"].sort_values(["start_date", "campaign_id"])
    # rows: the campaigns by start, then campaigns with activities in the year but outside the selection
    ids = list(dict.fromkeys(campaigns["campaign_id"].tolist() + activities["campaign_id"].tolist()))
    campaigns = campaigns.set_index("campaign_id")
    names = dict(zip(plan["campaign_id"], plan["campaign_name"]))

    def row_label(cid: str) -> str:
        name = str(names.get(cid, ""))
        return f"{cid} · {name if len(name) <= 34 else name[:33] + '…'}"

    labels = {cid: row_label(cid) for cid in ids}
    fig = go.Figure()
    day_ms = 24 * 3600 * 1000
    seen_topics = set()
    for cid in ids:
        if cid not in campaigns.index:
            continue
        row = campaigns.loc[cid]
        start, end = pd.Timestamp(row["start_date"]).date(), pd.Timestamp(row["end_date"]).date()
        topic = row["topic"]
        name = topic_label(topic, lang)
        fig.add_bar(y=[labels[cid]], x=[((end - start).days + 1) * day_ms], base=[start.isoformat()],
                    orientation="h", name=name, legendgroup=f"topic_{topic}", showlegend=topic not in seen_topics,
                    marker=dict(color=TOPIC_COLORS.get(topic, "#5D6D7E"), opacity=0.55),
                    customdata=[[row["campaign_name"], _date_text(start, lang), _date_text(end, lang), row["place"]]],
                    hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]} – %{customdata[2]}<br>"
                                   f"{texts.t('plan_col_lead', lang)}: %{{customdata[3]}}<extra>{name}</extra>"))
        seen_topics.add(topic)
    for fmt, symbol in FORMAT_SYMBOLS.items():
        part = activities[activities["format"] == fmt]
        if part.empty:
            continue
        name = format_label(fmt, lang)
        fig.add_scatter(
            y=[labels[c] for c in part["campaign_id"]],
            x=[pd.Timestamp(d).date().isoformat() for d in part["start_date"]],
            mode="markers", name=f"{texts.t('plan_legend_activity', lang)}: {name}",
            marker=dict(symbol=symbol, size=12, color="#1b1b1b", line=dict(color="white", width=1.5)),
            customdata=[[_date_text(d, lang), k, t or "", p] for d, k, t, p in
                        zip(part["start_date"], part["kind"], part["title"], part["place"])],
            hovertemplate=("%{customdata[0]} · %{customdata[1]}<br><b>%{customdata[2]}</b><br>%{customdata[3]}"
                           f"<extra>{name}</extra>"))
    months = _month_names(lang)
    fig.update_layout(
        title=texts.t("plan_chart_title", lang, year=year), barmode="overlay",
        height=190 + 40 * max(len(ids), 3),
        xaxis=dict(type="date", range=[first.isoformat(), (last + timedelta(days=1)).isoformat()],
                   # month names (German without a plotly.js locale) in the middle of each month, grid at its start
                   tickmode="array", tickvals=[date(year, m, 15).isoformat() for m in range(1, 13)],
                   ticktext=months, ticks="", showgrid=False, side="top",
                   minor=dict(tickmode="array", tickvals=[date(year, m, 1).isoformat() for m in range(1, 13)],
                              showgrid=True, gridcolor="#d0d0d0", ticks="outside", ticklen=6)),
        yaxis=dict(categoryorder="array", categoryarray=[labels[c] for c in ids], autorange="reversed",
                   gridcolor="rgba(0,0,0,0)", title=None),
        legend=dict(orientation="h", y=-0.02, x=0, xanchor="left", yanchor="top", traceorder="normal"),
        margin=dict(t=110, b=40, l=20, r=20))
    if today is not None and first <= today <= last:
        fig.add_shape(type="line", x0=today.isoformat(), x1=today.isoformat(), y0=0, y1=1, yref="paper",
                      line=dict(color=BAD, width=2, dash="dash"))
        fig.add_annotation(x=today.isoformat(), y=0, yref="paper", yanchor="bottom", xanchor="left", showarrow=False,
                           text=texts.t("campaign_today", lang), font=dict(color=BAD), bgcolor="white", xshift=3)
    return _german(fig, lang)


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
                  title: str | None = None, missing: str = "–") -> go.Figure:
    """Thick horizontal bars, one per area (``name``), largest on top, each with its value; an area without a
    value keeps its row, marked with ``missing``."""
    data = frame.assign(_v=frame[value].astype(float)).sort_values("_v", ascending=False, na_position="last")
    values = _none_for_nan(data["_v"])
    fmt = f",.{decimals}f"
    fig = go.Figure(go.Bar(
        y=data["name"].tolist(), x=values, orientation="h", marker_color=WORKSHOP_BAR, cliponaxis=False,
        texttemplate=f"%{{x:{fmt}}}", textposition="outside",
        textfont=dict(size=WORKSHOP_VALUE_FONT, color="#000000"),
        hovertemplate=f"%{{y}}: %{{x:{fmt}}} {unit}<extra></extra>"))
    without = [name for name, v in zip(data["name"], values) if v is None]
    if without:
        fig.add_scatter(y=without, x=[0] * len(without), mode="text", text=[f"\u2002{missing}"] * len(without),
                        textposition="middle right", textfont=dict(size=WORKSHOP_VALUE_FONT), hoverinfo="skip")
    _workshop(fig, lang, title)
    fig.update_xaxes(range=_value_range(values), showticklabels=False, ticks="", title_text=unit,
                     zeroline=True, zerolinecolor="#000000", zerolinewidth=2, showline=False)
    fig.update_yaxes(autorange="reversed", ticksuffix="  ")
    return fig


def workshop_change_bars(frame: pd.DataFrame, axis_title: str, legend: tuple[str, str, str], lang: str = "de",
                         title: str | None = None) -> go.Figure:
    """Change against the baseline in % per area (``name``, ``change``), largest fall on top; green: on the
    target path (``on_track``), red: not. The target (``target``, %): one dashed line where every area has the
    same, else a black mark per area. Each value stands beside the zero line on the side without a bar.

    ``legend``: the names of on track, not on track and the target.
    """
    data = frame.dropna(subset=["change"]).sort_values("change")
    names = data["name"].tolist()
    changes, targets = _none_for_nan(data["change"]), _none_for_nan(data["target"])
    fig = go.Figure()
    for on_track, label, color in ((True, legend[0], WORKSHOP_GOOD), (False, legend[1], WORKSHOP_BAD)):
        part = data[data["on_track"].fillna(False).astype(bool) == on_track]
        if part.empty:
            continue
        fig.add_bar(y=part["name"].tolist(), x=_none_for_nan(part["change"]), orientation="h", name=label,
                    marker_color=color, hovertemplate=f"%{{y}}: %{{x:+,.1f}} %<extra>{label}</extra>")
    fig.add_scatter(y=names, x=[0] * len(names), mode="text", showlegend=False, hoverinfo="skip", cliponaxis=False,
                    text=[f"\u2002{signed_text(v, 1, lang)} %\u2002" for v in changes],
                    textposition=["middle right" if v < 0 else "middle left" for v in changes],
                    textfont=dict(size=WORKSHOP_VALUE_FONT, color="#000000"))
    present = {round(t, 6) for t in targets if t is not None}
    if len(present) == 1:
        target = targets[0]
        fig.add_shape(type="line", x0=target, x1=target, y0=0, y1=1, yref="paper",
                      line=dict(color=WORKSHOP_MARK, width=4, dash="dash"))
        # the legend entry of the line (a shape has none), with the target's value
        fig.add_scatter(x=[None], y=[None], mode="lines", name=f"{legend[2]}: {signed_text(target, 1, lang)} %",
                        line=dict(color=WORKSHOP_MARK, width=4, dash="dash"), hoverinfo="skip")
    elif present:
        fig.add_scatter(y=names, x=targets, mode="markers", name=legend[2], cliponaxis=False,
                        marker=dict(symbol="line-ns", size=38, line=dict(width=5, color=WORKSHOP_MARK)),
                        hovertemplate=f"%{{y}}: {legend[2]} %{{x:+,.1f}} %<extra></extra>")
    _workshop(fig, lang, title, legend=True)
    fig.update_layout(barmode="overlay", legend=dict(x=1.0, xanchor="right"))
    fig.update_xaxes(range=_value_range(changes + targets, low_pad=0.18, high_pad=0.18), showticklabels=False,
                     ticks="", title_text=axis_title, zeroline=True, zerolinecolor="#000000", zerolinewidth=3,
                     showline=False)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names, ticksuffix="  ")
    return fig


def workshop_comparison_bars(frame: pd.DataFrame, unit: str, legend: tuple[str, str], share_title: str,
                             lang: str = "de", title: str | None = None) -> go.Figure:
    """Bars of a specific value per area (``name``, ``value``) with the area's comparison value
    (``comparison``) as a black mark, and at the right the share of buildings above it (``share``, %).

    ``legend``: the names of the bars and of the mark; ``share_title`` heads the column at the right.
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
    for name, share in zip(names, data["share"]):
        fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=name, yref="y", showarrow=False, xshift=16,
                           text="–" if pd.isna(share) else f"<b>{share_text(share, lang)}</b>",
                           font=dict(size=WORKSHOP_VALUE_FONT, color="#000000"))
    fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=1.0, yref="paper", yanchor="bottom", xshift=16,
                       showarrow=False, text=share_title, align="left", font=dict(size=WORKSHOP_FONT - 4))
    values = _none_for_nan(data["value"]) + _none_for_nan(data["comparison"])
    # the legend names the bars and the unit: no axis title, more height for the bars
    fig.update_xaxes(range=_value_range(values, high_pad=0.12), showticklabels=False, ticks="", title_text=None,
                     zeroline=True, zerolinecolor="#000000", zerolinewidth=2, showline=False)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names, ticksuffix="  ")
    fig.update_layout(margin=dict(r=140))  # the column at the right: room for „99,6 %“ beside the plot
    return fig


def workshop_heatmap(table: pd.DataFrame, unit: str, lang: str = "de", decimals: int = 0,
                     title: str | None = None) -> go.Figure:
    """A table as coloured cells with their values: rows = areas (the index), columns = the column labels
    (years, topics). Values in the cells (white on dark, black on light), so no colour bar; an empty cell stays
    white with „–“."""
    from ktdash.core.formatting import format_number

    z = [[None if pd.isna(v) else float(v) for v in row] for row in table.to_numpy()]
    rows, columns = [str(i) for i in table.index], [str(c) for c in table.columns]
    top = max((v for row in z for v in row if v is not None), default=1.0) or 1.0
    text = [["–" if v is None else format_number(v, decimals, lang) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=rows, text=text, colorscale=WORKSHOP_SCALE, zmin=0, zmax=top, showscale=False,
        xgap=4, ygap=4, hoverongaps=False, hovertemplate=f"%{{y}} · %{{x}}: %{{text}} {unit}<extra></extra>"))
    for r, values in enumerate(z):  # positions, not names: plotly reads a category "2024" as the number 2024
        for c, v in enumerate(values):
            fig.add_annotation(x=c, y=r, showarrow=False,
                               text="–" if v is None else format_number(v, decimals, lang),
                               font=dict(size=WORKSHOP_VALUE_FONT,
                                         color="#FFFFFF" if v is not None and v / top > 0.5 else "#000000"))
    _workshop(fig, lang, title)
    fig.update_xaxes(side="top", type="category", showline=False, ticks="")
    fig.update_yaxes(autorange="reversed", type="category", ticksuffix="  ")
    return fig


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
    on_track = [m is not None and m <= tg * (1 + 1e-9) for m, tg in zip(measured, target)]
    colors = [NEUTRAL if y == str(baseline) else GOOD if ok else BAD for y, ok in zip(years, on_track)]
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
