"""Workshop: the districts of the Westpfalz compared on a projector, one comparison per screen ("Folie").

Large type, high contrast, no sidebar. Everything that makes a view lives in the URL, so a slide can be
bookmarked or sent: ``?folie=3`` (slide), ``?jahr=2024&basis=2019`` (year and baseline), ``?anonym=1`` (districts
shown as A, B, C …: a shuffled order drawn once per session, the same on every slide) and ``?lang=en``.

Every figure comes from the library (:mod:`ktdash.metrics`, :mod:`ktdash.campaigns.metrics`); the sentence under
each headline is computed from the figures on the slide.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ktdash import charts, metrics, texts
from ktdash.campaigns import metrics as campaign_metrics
from ktdash.campaigns.vocabulary import Topic
from ktdash.formatting import format_date, format_number
from pages.common import data_version, filter_options, leave_legacy_pages_mode, settings, store_cursor

leave_legacy_pages_mode()
lang = st.session_state.get("lang", "de")

# Presentation layout: no sidebar, header or toolbar; the page fills the screen and the chart takes the height
# the headline leaves. A constant: never put data or user text in here.
STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff; }
[data-testid="stMainBlockContainer"] {
    max-width: 100%; height: 100dvh; padding: 0.6rem 2rem 0.5rem 2rem; box-sizing: border-box;
    display: flex; flex-direction: column;
}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { flex: 1 1 auto; min-height: 0; gap: 0.6rem; }
[data-testid="stLayoutWrapper"]:has(> .st-key-ws_bar), [data-testid="stLayoutWrapper"]:has(> .st-key-ws_head),
[data-testid="stLayoutWrapper"]:has(> .st-key-ws_foot) { flex: 0 0 auto; }
[data-testid="stLayoutWrapper"]:has(> .st-key-ws_chart_box) { flex: 1 1 0; min-height: 0; }
.st-key-ws_head > div, .st-key-ws_foot > div { flex-shrink: 0; }
.st-key-ws_head [data-testid="stMarkdownContainer"], .st-key-ws_foot [data-testid="stMarkdownContainer"],
.st-key-ws_bar [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
.st-key-ws_bar { gap: 0.75rem; }
.st-key-ws_bar p { font-size: 20px; color: #000000; margin: 0; }
.st-key-ws_counter p { font-size: 24px; font-weight: 700; white-space: nowrap; }
.st-key-ws_head { gap: 0.4rem; }
.st-key-ws_head h1 {
    font-size: clamp(30px, calc(1.9vw + 12px), 50px); line-height: 1.15; font-weight: 700; color: #000000;
    padding: 0; margin: 0; overflow-wrap: anywhere;
}
.st-key-ws_head p {
    font-size: clamp(24px, calc(1.2vw + 10px), 36px); line-height: 1.25; color: #000000; margin: 0;
    overflow-wrap: anywhere;
}
.st-key-ws_chart_box { min-height: 0; }
.st-key-ws_foot p { font-size: 18px; color: #222222; margin: 0; line-height: 1.3; }
.st-key-ws_anonymised p { font-size: 20px; font-style: italic; }
</style>"""

SLIDES = ("energy", "progress", "heat", "co2", "reach", "pv", "topics")
PV_COLUMNS = 8  # years on the photovoltaic slide at most (readable at 1280 px)


@dataclass
class Slide:
    headline: str
    takeaway: str = ""
    figure: go.Figure | None = None
    note: str = ""
    empty: str = ""  # shown instead of the chart when there is nothing to compare


# --- data (cached until the next import) ------------------------------------------------------------------------

@st.cache_data(show_spinner=False)
def load_entities(version: int, selection: metrics.Selection) -> pd.DataFrame:
    return metrics.entity_years(store_cursor(), "district", selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_progress(version: int, baseline: int, year: int, selection: metrics.Selection) -> pd.DataFrame:
    return metrics.progress(store_cursor(), "district", baseline, year, selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_buildings(version: int, year: int, selection: metrics.Selection) -> pd.DataFrame:
    sel = metrics.Selection(years=(year,), carriers=selection.carriers)
    return metrics.building_years(store_cursor(), sel, settings().analytics)


@st.cache_data(show_spinner=False)
def load_campaigns(version: int, year: int, pv_years: tuple[int, ...], today: date) -> dict:
    con = store_cursor()
    selection = campaign_metrics.CampaignSelection(years=(year,), as_of=today)
    return {"reach": campaign_metrics.reach_by_district(con, selection),
            "topics": campaign_metrics.topic_coverage(con, selection),
            "pv": campaign_metrics.pv_by_district(con, campaign_metrics.CampaignSelection(years=pv_years)),
            "register_until": campaign_metrics.register_until(con)}


@st.cache_data(show_spinner=False)
def load_districts(version: int) -> dict[str, str]:
    frame = campaign_metrics.reach_by_district(store_cursor())
    return dict(zip(frame["key"], frame["name"]))


# --- anonymisation ----------------------------------------------------------------------------------------------

def letter(index: int) -> str:
    return chr(ord("A") + index % 26) + (str(index // 26) if index >= 26 else "")


def anonymous_names(districts: dict[str, str], seed: int) -> dict[str, str]:
    """{district name: letter}: a shuffled order from ``seed`` that is neither the order of the keys nor the
    alphabetical one, so that a letter tells nothing about the district."""
    keys = sorted(districts)
    plain = {tuple(keys), tuple(sorted(keys, key=lambda k: districts[k]))}
    order, rng = list(keys), random.Random(seed)
    for _ in range(100):
        rng.shuffle(order)
        if len(order) < 2 or tuple(order) not in plain:
            break
    return {districts[key]: letter(i) for i, key in enumerate(order)}


# --- text -------------------------------------------------------------------------------------------------------

def num(value, decimals: int = 0) -> str:
    return format_number(float(value), decimals, lang)


def signed(value: float, decimals: int = 1) -> str:
    return charts.signed_text(value, decimals, lang)


def listing(names: list[str]) -> str:
    names = [str(n) for n in names]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + texts.t("workshop_and", lang) + names[-1]


def markdown_text(text: str) -> str:
    """Plain text for st.markdown: no markup, no LaTeX, whatever the names contain."""
    for char in "\\`*_[]<>#~$|":
        text = text.replace(char, "\\" + char)
    return text


# --- the slides -------------------------------------------------------------------------------------------------

def energy_slide(entities: pd.DataFrame, year: int, show) -> Slide:
    slide = Slide(texts.t("workshop_h_energy", lang, year=year), note=texts.t("workshop_n_energy", lang))
    data = entities[entities["year"] == year].dropna(subset=["energy_kwh_per_inhabitant"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
    slide.figure = charts.workshop_bars(data, "energy_kwh_per_inhabitant", texts.t("workshop_axis_energy", lang),
                                        lang)
    high = data.loc[data["energy_kwh_per_inhabitant"].idxmax()]
    low = data.loc[data["energy_kwh_per_inhabitant"].idxmin()]
    slide.takeaway = texts.t("workshop_t_energy", lang, high=high["name"],
                             high_value=num(high["energy_kwh_per_inhabitant"]), low=low["name"],
                             low_value=num(low["energy_kwh_per_inhabitant"]))
    if len(data) == 1:
        slide.takeaway = texts.t("workshop_t_energy_one", lang, name=high["name"],
                                 value=num(high["energy_kwh_per_inhabitant"]))
    return slide


def progress_slide(progress: pd.DataFrame, year: int, baseline: int, show) -> Slide:
    rate = settings().analytics.target_change_per_year * 100
    slide = Slide(texts.t("workshop_h_progress", lang, year=year, baseline=baseline),
                  note=texts.t("workshop_n_progress", lang, rate=signed(rate), baseline=baseline))
    data = progress.dropna(subset=["saving_share"])
    if year == baseline or data.empty:
        slide.empty = texts.t("workshop_no_progress", lang, year=year, baseline=baseline)
        return slide
    data = data.assign(name=data["name"].map(show), change=-data["saving_share"] * 100,
                       target=(data["target_kwh"] / data["baseline_kwh"] - 1) * 100)
    slide.figure = charts.workshop_change_bars(
        data, texts.t("workshop_axis_change", lang, baseline=baseline),
        (texts.t("workshop_legend_on_track", lang), texts.t("workshop_legend_off_track", lang),
         texts.t("workshop_legend_target", lang, year=year)), lang)
    best = data.loc[data["change"].idxmin()]
    slide.takeaway = texts.t("workshop_t_progress_fall" if round(best["change"], 1) < 0 else "workshop_t_progress_rise",
                             lang, name=best["name"], change=signed(best["change"]), baseline=baseline,
                             target=signed(best["target"]), on_track=int(data["on_track"].fillna(False).sum()),
                             areas=len(data))
    return slide


def heat_slide(buildings: pd.DataFrame, year: int, show) -> Slide:
    slide = Slide(texts.t("workshop_h_heat", lang, year=year), note=texts.t("workshop_n_heat", lang))
    rated = buildings[buildings["complete"].fillna(False).astype(bool) & (buildings["area_m2"] > 0)
                      & buildings["heat_kwh_per_m2"].notna() & buildings["heat_comparison_kwh_per_m2"].notna()
                      & ~buildings["category"].isin(metrics.NOT_PER_AREA)]
    if rated.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    rated = rated.assign(above=rated["heat_kwh_per_m2"] > rated["heat_comparison_kwh_per_m2"],
                         comparison_kwh=rated["heat_comparison_kwh_per_m2"] * rated["area_m2"])
    data = rated.groupby("district", as_index=False).agg(
        buildings=("building_id", "count"), above=("above", "sum"), heat=("heat_kwh_normalised", "sum"),
        comparison_kwh=("comparison_kwh", "sum"), area=("area_m2", "sum"))
    data = data.assign(name=data["district"].map(show), value=data["heat"] / data["area"],
                       comparison=data["comparison_kwh"] / data["area"],
                       share=data["above"] / data["buildings"] * 100)
    slide.figure = charts.workshop_comparison_bars(
        data, texts.t("workshop_axis_heat", lang),
        (texts.t("workshop_legend_heat", lang), texts.t("workshop_legend_comparison", lang)),
        texts.t("workshop_share_title", lang), lang)
    above, total = int(data["above"].sum()), int(data["buildings"].sum())
    worst = data.loc[(data["value"] / data["comparison"]).idxmax()]
    key = "workshop_t_heat" if worst["value"] > worst["comparison"] else "workshop_t_heat_below"
    slide.takeaway = texts.t(key, lang, above=above, buildings=total,
                             share=charts.share_text(above / total * 100, lang), name=worst["name"],
                             value=num(worst["value"]), comparison=num(worst["comparison"]))
    return slide


def co2_slide(entities: pd.DataFrame, year: int, baseline: int, show) -> Slide:
    slide = Slide(texts.t("workshop_h_co2", lang, year=year), note=texts.t("workshop_n_co2", lang))
    kg = entities.assign(kg=entities["t_co2e_per_inhabitant"] * 1000)
    data = kg[kg["year"] == year].dropna(subset=["kg"])
    if data.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    data = data.assign(name=data["name"].map(show))
    slide.figure = charts.workshop_bars(data, "kg", texts.t("workshop_axis_co2", lang), lang)
    before = kg[kg["year"] == baseline].set_index("key")["kg"]
    data = data.assign(before=data["key"].map(before))
    data = data.assign(change=(data["kg"] / data["before"] - 1) * 100)
    changed = data.dropna(subset=["change"])
    if baseline != year and not changed.empty:
        best = changed.loc[changed["change"].idxmin()]
        key = "workshop_t_co2_fall" if round(best["change"], 1) < 0 else "workshop_t_co2_rise"
        slide.takeaway = texts.t(key, lang, name=best["name"], change=signed(best["change"]), baseline=baseline,
                                 before=num(best["before"]), value=num(best["kg"]))
    else:
        high, low = data.loc[data["kg"].idxmax()], data.loc[data["kg"].idxmin()]
        slide.takeaway = texts.t("workshop_t_co2_range", lang, high=high["name"], high_value=num(high["kg"]),
                                 low=low["name"], low_value=num(low["kg"]))
    return slide


def reach_slide(reach: pd.DataFrame, year: int, show) -> Slide:
    slide = Slide(texts.t("workshop_h_reach", lang, year=year), note=texts.t("workshop_n_reach", lang))
    if reach.empty or reach["participants_per_1000"].notna().sum() == 0:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    data = reach.assign(name=reach["name"].map(show))
    slide.figure = charts.workshop_bars(data, "participants_per_1000",
                                        texts.t("campaign_axis_participants_per_1000", lang), lang, decimals=1,
                                        missing=texts.t("workshop_none_recorded", lang))
    values = data.dropna(subset=["participants_per_1000"])
    high = values.loc[values["participants_per_1000"].idxmax()]
    without = sorted(data.loc[data["participants_per_1000"].isna(), "name"])
    if without:
        slide.takeaway = texts.t("workshop_t_reach_none", lang, name=high["name"],
                                 value=num(high["participants_per_1000"], 1), none=listing(without))
    else:
        low = values.loc[values["participants_per_1000"].idxmin()]
        slide.takeaway = texts.t("workshop_t_reach", lang, name=high["name"],
                                 value=num(high["participants_per_1000"], 1), low=low["name"],
                                 low_value=num(low["participants_per_1000"], 1))
    return slide


def pv_slide(pv: pd.DataFrame, years: tuple[int, ...], until, districts: dict[str, str], show) -> Slide:
    first, year = years[0], years[-1]
    partial = until.year if until is not None and (until.month, until.day) != (12, 31) else None
    slide = Slide(texts.t("workshop_h_pv", lang, first=first, year=year) if first != year
                  else texts.t("workshop_h_pv_one", lang, year=year),
                  note=texts.t("workshop_n_pv", lang) + (
                      " " + texts.t("workshop_n_pv_partial", lang, until=format_date(until, lang))
                      if partial in years else ""))
    if pv.empty:
        slide.empty = texts.t("workshop_no_data", lang, year=year)
        return slide
    table = pv.pivot_table(index="name", columns="year", values="units_per_1000", aggfunc="sum")
    table = table.reindex(index=sorted(districts.values()), columns=list(years))
    table = table.sort_values(year, ascending=False, na_position="last")
    table.index = [show(n) for n in table.index]
    table.columns = [f"{y}*" if y == partial else str(y) for y in years]
    slide.figure = charts.workshop_heatmap(table, texts.t("campaign_axis_units_per_1000", lang), lang, decimals=1)
    latest = table.iloc[:, -1].dropna()
    if latest.empty:
        return slide
    name = latest.idxmax()
    start = table.loc[name].iloc[0]
    if first != year and not pd.isna(start):
        slide.takeaway = texts.t("workshop_t_pv", lang, year=year, name=name, value=num(latest.max(), 1),
                                 first=first, first_value=num(start, 1))
    else:
        slide.takeaway = texts.t("workshop_t_pv_one", lang, year=year, name=name, value=num(latest.max(), 1))
    return slide


def topics_slide(coverage: pd.DataFrame, year: int, districts: dict[str, str], show) -> Slide:
    slide = Slide(texts.t("workshop_h_topics", lang, year=year), note=texts.t("workshop_n_topics", lang))
    if coverage.empty:
        slide.empty = texts.t("workshop_no_campaigns", lang, year=year)
        return slide
    present = set(coverage["topic"])
    topics = [t.value for t in Topic if t.value in present] + sorted(present - {t.value for t in Topic})
    table = coverage.pivot_table(index="district", columns="topic", values="activities", aggfunc="sum")
    table = table.reindex(index=sorted(districts.values()), columns=topics)
    covered = table.notna().sum(axis=1)
    order = pd.DataFrame({"covered": covered, "activities": table.sum(axis=1)}).sort_values(
        ["covered", "activities"], ascending=False, kind="stable").index
    table, covered = table.loc[order], covered.loc[order]
    table.index = [show(n) for n in table.index]
    covered.index = table.index
    table.columns = [charts.topic_label(t, lang) for t in topics]
    slide.figure = charts.workshop_heatmap(table, texts.t("campaign_axis_activities", lang), lang)
    most = [n for n, c in covered.items() if c == covered.max()]
    spread = table.notna().sum(axis=0)
    widest = [t for t, c in spread.items() if c == spread.max()]
    slide.takeaway = texts.t("workshop_t_topics", lang, names=listing(most), count=int(covered.max()),
                             topics=len(topics), topic=listing(widest), areas=int(spread.max()), all=len(table))
    return slide


# --- the page ---------------------------------------------------------------------------------------------------

st.html(STYLE)
version = data_version()
options = filter_options()
years = sorted(options["years"])


def url_int(name: str, allowed: list[int], default: int) -> int:
    value = st.query_params.get(name, "")
    return int(value) if value.isdigit() and int(value) in allowed else default


def go_to(number: int) -> None:
    st.query_params["folie"] = str(number)


def set_url(name: str, key: str) -> None:
    st.query_params[name] = str(st.session_state[key])


def set_anonymous() -> None:
    if st.session_state["ws_anonym"]:
        st.query_params["anonym"] = "1"
    elif "anonym" in st.query_params:
        del st.query_params["anonym"]


number = url_int("folie", list(range(1, len(SLIDES) + 1)), 1)
year = url_int("jahr", years, max(years) if years else date.today().year)
default_baseline = settings().analytics.baseline_year
baseline = url_int("basis", years, default_baseline if default_baseline in years else min(years or [year]))
anonymous = st.query_params.get("anonym") == "1"
st.query_params.update({"folie": str(number), "jahr": str(year), "basis": str(baseline)})
st.session_state.update({"ws_year": year, "ws_baseline": baseline, "ws_anonym": anonymous})

with st.container(horizontal=True, vertical_alignment="center", key="ws_bar"):
    st.page_link("pages/vergleich.py", label=texts.t("workshop_back", lang), icon=":material/arrow_back:",
                 query_params={"jahr": str(year), "basis": str(baseline)})
    st.space("stretch")
    if anonymous:
        with st.container(width="content", key="ws_anonymised"):
            st.markdown(texts.t("workshop_anonymised", lang))
    with st.popover(texts.t("workshop_settings", lang), icon=":material/tune:"):
        st.selectbox(texts.t("filter_year", lang), sorted(years, reverse=True) or [year], key="ws_year",
                     on_change=set_url, args=("jahr", "ws_year"))
        st.selectbox(texts.t("filter_baseline", lang), years or [baseline], key="ws_baseline",
                     on_change=set_url, args=("basis", "ws_baseline"))
        st.toggle(texts.t("workshop_anonymise", lang), key="ws_anonym", on_change=set_anonymous)
    st.button(texts.t("workshop_prev", lang), key="ws_prev", icon=":material/chevron_left:", on_click=go_to,
              args=(number - 1,), disabled=number == 1, shortcut="Left")
    with st.container(width="content", key="ws_counter"):
        st.markdown(f"{number} / {len(SLIDES)}")
    st.button(texts.t("workshop_next", lang), key="ws_next", icon=":material/chevron_right:",
              icon_position="right", on_click=go_to, args=(number + 1,), disabled=number == len(SLIDES),
              shortcut="Right")

if not years:
    st.info(texts.t("no_data", lang))
    st.stop()

districts = load_districts(version)
if anonymous:
    st.session_state.setdefault("workshop_seed", random.SystemRandom().randrange(2 ** 31))
    letters = anonymous_names(districts, st.session_state["workshop_seed"])
else:
    letters = {}


def show(name: str) -> str:
    """The name on the slide: its letter when anonymised (never the name itself)."""
    return letters.get(name, "?") if anonymous else name


selection = metrics.Selection(carriers=tuple(c for c in options["carriers"] if c != "Wasser"))
kind = SLIDES[number - 1]
if kind in ("energy", "co2"):
    entities = load_entities(version, selection)
    slide = energy_slide(entities, year, show) if kind == "energy" else co2_slide(entities, year, baseline, show)
elif kind == "progress":
    slide = progress_slide(load_progress(version, baseline, year, selection), year, baseline, show)
elif kind == "heat":
    slide = heat_slide(load_buildings(version, year, selection), year, show)
else:
    pv_years = tuple(range(max(min(baseline, year), year - PV_COLUMNS + 1), year + 1))
    campaigns = load_campaigns(version, year, pv_years, date.today())
    if kind == "reach":
        slide = reach_slide(campaigns["reach"], year, show)
    elif kind == "pv":
        slide = pv_slide(campaigns["pv"], pv_years, campaigns["register_until"], districts, show)
    else:
        slide = topics_slide(campaigns["topics"], year, districts, show)

with st.container(key="ws_head"):
    st.title(slide.headline, anchor=False)
    if slide.takeaway:
        st.markdown(markdown_text(slide.takeaway))
with st.container(key="ws_chart_box", height="stretch"):
    if slide.figure is not None:
        st.plotly_chart(slide.figure, width="stretch", height="stretch", key=f"ws_chart_{kind}",
                        theme=None, config={"displayModeBar": False, "displaylogo": False})
    else:
        st.info(slide.empty)
if slide.note:
    with st.container(key="ws_foot"):
        st.markdown(markdown_text(slide.note))
