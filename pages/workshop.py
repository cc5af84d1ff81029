"""Workshop: the districts of the Westpfalz compared on a projector, one comparison per screen ("Folie").

Large type, high contrast, no sidebar. Everything that makes a view lives in the URL, so a slide can be
bookmarked or sent: ``?folie=3`` (slide), ``?jahr=2024&basis=2019`` (year and baseline), ``?anonym=1`` (districts
shown as letters, drawn anew per slide from the workshop's secret seed, in ranked groups of at least three without
any number, so that nothing can be matched with the public pages — the design and its argument in
:mod:`ktdash.output.workshop`), ``?zuordnung=1`` (the moderator's assignment of the letters: admins all districts,
managers their own; never on the projector), ``?nicht_vergleichbar=1`` (buildings without a valid comparison value,
such as pools, on the heat slide) and ``?lang=en``.

The seed is the workshop's secret: one per day in the server's memory (``workshop_seeds``), shared by the projector's
and the moderator's sessions, never in the URL or the store; an admin draws a new one in the assignment view (a new
workshop). A server restart draws anew.

Every figure comes from the library (:mod:`ktdash.analytics.metrics`, :mod:`ktdash.analytics.campaigns`); the
sentence under each headline is computed from the figures on the slide.
"""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import streamlit as st

from ktdash.output import charts
from ktdash.analytics import metrics
from ktdash.i18n import texts
from ktdash.analytics import campaigns as campaign_metrics
from ktdash.core.formatting import markdown_escape
from ktdash.output.workshop import (
    LETTER_SLIDES,
    SLIDES,
    moderator_table,
    slide_letters,
    co2_slide,
    energy_slide,
    heat_slide,
    map_slide,
    network_slide,
    progress_slide,
    pv_slide,
    reach_slide,
    topics_slide,
)
from pages.common import (co2_label, co2_unit, current_user, data_version, default_year, filter_options, page_start,
                          set_query, settings, show_table, store_cursor, url_choice, year_periods, year_text)

page_start()
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

PV_COLUMNS = 8  # years on the photovoltaic slide at most (readable at 1280 px)


# --- data (cached until the next import) ------------------------------------------------------------------------

@st.cache_data(show_spinner=False)
def load_entities(version: int, selection: metrics.Selection) -> pd.DataFrame:
    return metrics.entity_years(store_cursor(), "district", selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_progress(version: int, baseline: int, year: int, selection: metrics.Selection) -> pd.DataFrame:
    return metrics.progress(store_cursor(), "district", baseline, year, selection, settings().analytics)


@st.cache_data(show_spinner=False)
def load_heat(version: int, year: int, selection: metrics.Selection, include: bool) -> tuple[pd.DataFrame, int]:
    """The districts' heat against the comparison values, and how many buildings without a valid comparison
    value (pools …) this leaves out (or, with ``include``, takes in)."""
    con, analytics = store_cursor(), settings().analytics
    areas = {flag: metrics.heat_against_comparison(
        con, year, metrics.Selection(carriers=selection.carriers, include_not_comparable=flag), analytics)
        for flag in (False, True)}
    difference = int(areas[True]["buildings"].sum() - areas[False]["buildings"].sum())
    return areas[include], difference


@st.cache_data(show_spinner=False)
def load_campaigns(version: int, year: int, pv_years: tuple[int, ...], today: date) -> dict:
    con = store_cursor()
    selection = campaign_metrics.CampaignSelection(years=(year,), as_of=today)
    return {"reach": campaign_metrics.reach_by_district(con, selection),
            "topics": campaign_metrics.topic_coverage(con, selection),
            "pv": campaign_metrics.pv_by_district(con, campaign_metrics.CampaignSelection(years=pv_years)),
            "register_until": campaign_metrics.register_until(con)}


@st.cache_data(show_spinner=False)
def load_network(version) -> pd.DataFrame:
    """The network's topics with the number of people per competence level (no personal data)."""
    from ktdash.analytics import network

    return network.topic_coverage(store_cursor())


@st.cache_data(show_spinner=False)
def load_districts(version: int) -> dict[str, str]:
    frame = campaign_metrics.reach_by_district(store_cursor())
    return dict(zip(frame["key"], frame["name"], strict=True))


@st.cache_resource(show_spinner=False)
def workshop_seeds() -> dict[str, int]:
    """{day: the secret seed of that day's workshop}: in the server's memory only, shared by every session."""
    return {}


def workshop_seed() -> int:
    """The letters' seed: the session's own (a test's, ``workshop_seed`` in the session state), else the day's."""
    if "workshop_seed" in st.session_state:
        return int(st.session_state["workshop_seed"])
    return workshop_seeds().setdefault(date.today().isoformat(), random.SystemRandom().randrange(2 ** 31))


def new_seed() -> None:
    """A new workshop: new letters on every slide, for every session (an admin's button)."""
    st.session_state.pop("workshop_seed", None)
    workshop_seeds()[date.today().isoformat()] = random.SystemRandom().randrange(2 ** 31)


def assignment_view(user, districts: dict[str, str]) -> None:
    """The moderator's view (``?zuordnung=1``): which letter stands for which district on each slide. Admins see
    every district and may draw new letters; a manager sees the districts of their own municipalities; nobody else
    anything. Never on the projector: the moderator opens it on their own device."""
    st.title(texts.t("anon19_assignment_title", lang), anchor=False)
    st.page_link("pages/workshop.py", label=texts.t("anon19_assignment_back", lang), icon=":material/slideshow:",
                 query_params={"anonym": "1", "folie": "1"})
    role = getattr(user, "role", None)
    if role not in ("admin", "manager"):
        st.info(texts.t("anon19_assignment_denied", lang))
        return
    # a municipality's official key starts with the key of its district (AGS: Land 2, Bezirk 1, Kreis 2 digits)
    own = None if role == "admin" else {key[:5] for key in user.municipalities}
    st.markdown(texts.t("anon19_assignment_text", lang))
    show_table(moderator_table(districts, workshop_seed(), lang, only=own), lang)
    if role == "admin":
        st.button(texts.t("anon19_new_letters", lang), key="ws_new_letters", on_click=new_seed,
                  help=texts.t("anon19_new_letters_help", lang))


def markdown_text(text: str) -> str:
    """Plain text for st.markdown: no markup, link, image, LaTeX or colour, whatever the names contain."""
    return markdown_escape(text)


# --- the page ---------------------------------------------------------------------------------------------------

st.html(STYLE)
version = data_version()
options = filter_options()
years = sorted(options["years"])


def url_int(name: str, allowed: list[int], default: int) -> int:
    return next(iter(url_choice(name, allowed, container=st.sidebar)), default)


def go_to(number: int) -> None:
    st.query_params["folie"] = str(number)


def set_url(name: str, key: str) -> None:
    st.query_params[name] = str(st.session_state[key])


def set_flag(name: str, key: str) -> None:
    if st.session_state[key]:
        st.query_params[name] = "1"
    elif name in st.query_params:
        del st.query_params[name]


def set_anonymous() -> None:
    set_flag("anonym", "ws_anonym")


number = url_int("folie", list(range(1, len(SLIDES) + 1)), 1)
periods = year_periods(lang)  # the last complete year by default; a partial year named "2026, Jan–Okt" (issue 17)
year = url_int("jahr", years, default_year(years, periods) if years else date.today().year)
default_baseline = settings().analytics.baseline_year
baseline = url_int("basis", years, default_baseline if default_baseline in years else min(years or [year]))
anonymous = bool(url_choice("anonym", [True], container=st.sidebar))
# the moderator's view, not a filter of the figures (so not in ktdash.analytics.selection.PARAMETERS)
assignment = st.query_params.get("zuordnung") == "1"
include_not_comparable = bool(url_choice("nicht_vergleichbar", [True], container=st.sidebar))
st.query_params["folie"] = str(number)
set_query(year=year, baseline=baseline)
st.session_state.update({"ws_year": year, "ws_baseline": baseline, "ws_anonym": anonymous,
                         "ws_not_comparable": include_not_comparable})

with st.container(horizontal=True, vertical_alignment="center", key="ws_bar"):
    st.page_link("pages/vergleich.py", label=texts.t("workshop_back", lang), icon=":material/arrow_back:",
                 query_params=metrics.Selection(year=year, baseline=baseline).to_query())
    st.space("stretch")
    if anonymous:
        with st.container(width="content", key="ws_anonymised"):
            st.markdown(texts.t("workshop_anonymised", lang))
    with st.popover(texts.t("workshop_settings", lang), icon=":material/tune:"):
        st.selectbox(texts.t("filter_year", lang), sorted(years, reverse=True) or [year], key="ws_year",
                     on_change=set_url, args=("jahr", "ws_year"), format_func=lambda y: year_text(y, periods))
        st.selectbox(texts.t("filter_baseline", lang), years or [baseline], key="ws_baseline",
                     on_change=set_url, args=("basis", "ws_baseline"))
        st.toggle(texts.t("workshop_anonymise", lang), key="ws_anonym", on_change=set_anonymous)
        st.page_link("pages/workshop.py", label=texts.t("anon19_assignment_link", lang), icon=":material/key:",
                     query_params={"zuordnung": "1"},
                     help=texts.t("anon19_assignment_link_help", lang))
        st.toggle(texts.t("pages14_workshop_not_comparable", lang), key="ws_not_comparable", on_change=set_flag,
                  args=("nicht_vergleichbar", "ws_not_comparable"),
                  help=texts.t("pages14_filter_not_comparable_help", lang))
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
if assignment:
    assignment_view(current_user(), districts)
    st.stop()
kind = SLIDES[number - 1]
letters = slide_letters(districts, workshop_seed(), kind) if anonymous and kind in LETTER_SLIDES else {}


def show(name: str) -> str:
    """The name on the slide: its letter on this slide when anonymised (never the name itself)."""
    return letters.get(name, "?") if anonymous else name


selection = metrics.Selection(carriers=tuple(c for c in options["carriers"] if c != "Wasser"))
if kind in ("energy", "co2", "map"):
    entities = load_entities(version, selection)
    if kind == "energy":
        slide = energy_slide(entities, year, show, lang, settings().analytics, anonymous)
    elif kind == "map":  # anonymised without the map: an area's shape and place name it (output.workshop.map_slide)
        slide = map_slide(entities, year, show, lang, settings().analytics, anonymous)
    else:
        slide = co2_slide(entities, year, baseline, show, lang, co2_label(lang), co2_unit(), anonymous)
elif kind == "progress":
    slide = progress_slide(load_progress(version, baseline, year, selection), year, baseline, show, lang,
                           settings().analytics.target_change_per_year, settings().analytics, anonymous)
elif kind == "network":  # counts per topic and level only: no name, anonymised or not
    slide = network_slide(load_network(version), lang)
elif kind == "heat":
    areas, not_comparable = load_heat(version, year, selection, include_not_comparable)
    slide = heat_slide(areas, year, show, lang, not_comparable, include_not_comparable, anonymous)
else:
    pv_years = tuple(range(max(min(baseline, year), year - PV_COLUMNS + 1), year + 1))
    campaigns = load_campaigns(version, year, pv_years, date.today())
    if kind == "reach":
        slide = reach_slide(campaigns["reach"], year, show, lang, anonymous)
    elif kind == "pv":
        slide = pv_slide(campaigns["pv"], pv_years, campaigns["register_until"], districts, show, lang, anonymous)
    else:
        slide = topics_slide(campaigns["topics"], year, districts, show, lang, anonymous)

with st.container(key="ws_head"):
    st.title(slide.headline, anchor=False)
    if slide.takeaway:
        st.markdown(markdown_text(slide.takeaway))
with st.container(key="ws_chart_box", height="stretch"):
    if slide.figure is not None:
        st.plotly_chart(charts.safe_figure(slide.figure), width="stretch", height="stretch", key=f"ws_chart_{kind}",
                        theme=None, config={"displayModeBar": False, "displaylogo": False})
    else:
        st.info(slide.empty)
if slide.note:
    with st.container(key="ws_foot"):
        st.markdown(markdown_text(slide.note))
