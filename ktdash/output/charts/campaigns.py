"""Campaign charts (Kampagnen, Kampagne, Jahresplanung): reach, formats, topics, timeline, photovoltaic
additions, before/after, the annual plan."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ktdash.core.formatting import date_pattern, format_date
from ktdash.i18n import texts
from ktdash.output.charts.common import BAD, NEUTRAL, _escaped, _german, _month_names, _none_for_nan

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
    missing = [name for name, v in zip(data["name"], values, strict=True) if v is None]
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
                    insidetextanchor="middle",
                    customdata=[[s, a] for s, a in zip(shares, part["activities"], strict=True)],
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
    names = dict(zip(plan["campaign_id"], plan["campaign_name"], strict=True))

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
                        zip(part["start_date"], part["kind"], part["title"], part["place"], strict=True)],
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
