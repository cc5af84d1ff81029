"""Netzwerk: the network's people, who can help with what, the coverage of the topics and the climate-protection
posts (Verstetigung) — issue 18.

The section lives in the URL (``?bereich=hilfe|personen|abdeckung|verstetigung``), with its filters (``thema``,
``kreis``, ``kommune``, ``stufe``, ``frist=12|24``), so a view can be sent. The two questions the regional office asks
most come first: "who can help with …?" (the default section, one click on a topic) and "which posts end within a
year?" (a card on top, the first table of Verstetigung). Names, roles and contact only for network members
(:func:`ktdash.access.permissions.may_see_personal_data`); everyone else sees pseudonyms ("Person 3") and counts.
The forms (own profile, people, posts, topics) are in :mod:`pages.network_forms`.
"""

from datetime import date

import pandas as pd
import streamlit as st

from ktdash.access.permissions import may_see_personal_data
from ktdash.analytics import network
from ktdash.core.formatting import display_text, format_date, format_number, markdown_escape as escape
from ktdash.core.network_vocabulary import Level, PostStatus
from ktdash.i18n import texts
from ktdash.output import network as words
from pages import network_forms
from pages.common import (current_user, data_version, default_year, filter_options, fitted, number_text, page_start,
                          settings, show_table, store_cursor, table_downloads, url_choice, url_multiselect,
                          year_periods)

page_start()
lang = st.session_state.get("lang", "de")
user = current_user()
personal = may_see_personal_data(user)
today = date.today()

SECTIONS = {"hilfe": "netpage_section_search", "personen": "netpage_section_people",
            "abdeckung": "netpage_section_coverage", "verstetigung": "netpage_section_posts"}
SYMBOLS = {Level.CONTACT.value: "●", Level.EXPERIENCED.value: "◐", Level.LEARNING.value: "○"}
CELL_COLOURS = {"●": "background-color: rgba(33, 150, 83, 0.45)", "◐": "background-color: rgba(33, 150, 83, 0.2)",
                "○": "background-color: rgba(255, 193, 7, 0.2)"}  # a heat map of the levels
RISKS = {"uncovered": "netpage_risk_uncovered", "single": "netpage_risk_single"}
ENDING = {12: (PostStatus.ENDS_12.value,), 24: (PostStatus.ENDS_12.value, PostStatus.ENDS_24.value)}


@st.cache_data(show_spinner=False)
def load(version, personal: bool, today: date) -> dict:
    """The page's frames, per data version and per "personal" (a member's frames are never another's)."""
    con = store_cursor()
    return {"people": network.people_table(con, personal), "matrix": network.coverage_matrix(con, personal),
            "topics": network.topic_coverage(con), "posts": network.posts_table(con, today, personal),
            "areas": network.posts_by_area(con, today), "without": network.without_post(con, today)}


@st.cache_data(show_spinner=False)
def load_search(version, topic: str, personal: bool) -> pd.DataFrame:
    return network.search(store_cursor(), topic, personal)


@st.cache_data(show_spinner=False)
def load_coverage(version, today: date, year: int) -> tuple[pd.DataFrame, dict]:
    con = store_cursor()
    return network.coverage(con, today, year), network.coverage_shares(con, today)


def t(key: str, **fields) -> str:
    return texts.t(key, lang, **fields)


def url_single(widget, label: str, options: list, name: str, key: str, default=None, **kwargs):
    """A single choice (segmented control, pills) whose value lives in the URL parameter ``name`` when it is not
    ``default`` — as ``pages.common.url_radio`` for a radio. ``default`` None: nothing chosen at first."""
    url = st.query_params.get(name)
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):
        st.session_state[key] = next(iter(url_choice(name, options)), default)
    value = widget(label, options, key=key, **kwargs)
    if value is None and default is not None:  # a required choice cannot be emptied
        value = default
    if value != default and value is not None:
        st.query_params[name] = str(value)
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{key}_url"] = str(value) if value != default and value is not None else None
    return value


def text_of(value) -> str:
    return "" if value is None or (not isinstance(value, list | tuple) and pd.isna(value)) else display_text(value)


def day_text(value) -> str:
    return "–" if value is None or pd.isna(value) else format_date(pd.Timestamp(value).date(), lang)


def person_columns(frame: pd.DataFrame, fields: list[str]) -> dict:
    """The personal columns of ``frame`` (name, role, e-mail, phone) as the page shows them: only those present —
    without ``personal`` the library has dropped them and the name is a pseudonym."""
    names = {"name": "netpage_col_name" if personal else "netpage_col_person", "role_title": "netpage_col_role",
             "email": "netpage_col_email", "phone": "netpage_col_phone"}
    return {t(names[f]): frame[f].map(text_of).tolist() for f in fields if f in frame.columns}


# --- head: what the page is, who sees what, the two quick answers --------------------------------------------------

version = data_version()
frames = load(version, personal, today)
UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
topics = frames["topics"].sort_values("topic_name", key=lambda names: names.str.lower().str.translate(UMLAUTS))
topic_names = dict(zip(topics["topic"], topics["topic_name"], strict=True))
st.title(t("page_network"))
st.caption(t("netpage_caption"))
if not personal:
    st.info(t("netpage_pseudonyms_note" if user is None else "netpage_pseudonyms_note_viewer"), icon=":material/lock:")

posts = frames["posts"]
ending_12 = posts[posts["funding_status"].isin(ENDING[12])]
risky = topics[topics["risk"].notna()]
cards = st.columns(4)
cards[0].metric(t("netpage_kpi_people"), number_text(len(frames["people"]), lang))
cards[1].metric(t("netpage_kpi_risks"), number_text(len(risky), lang), help=t("netpage_kpi_risks_help"))
cards[2].metric(t("netpage_kpi_ending"), number_text(len(ending_12), lang), help=t("netpage_kpi_ending_help"))
cards[3].metric(t("netpage_kpi_without"), number_text(len(frames["without"]), lang), help=t("netpage_kpi_without_help"))


def show_ending() -> None:
    st.session_state["netpage_section"] = "verstetigung"
    st.session_state["netpage_frist"] = 12


section = url_single(st.segmented_control, t("netpage_section"), list(SECTIONS), "bereich", "netpage_section",
                     default="hilfe", required=True, format_func=lambda s: t(SECTIONS[s]),
                     label_visibility="collapsed")
if section != "verstetigung" and not ending_12.empty:
    st.button(t("netpage_ending_button", n=len(ending_12)), on_click=show_ending, icon=":material/event_busy:",
              key="netpage_ending_button")


# --- Wer kann helfen? ----------------------------------------------------------------------------------------------

def search_section() -> None:
    st.subheader(t("netpage_search_title"))
    codes = topics["topic"].tolist()
    topic = url_single(st.pills, t("netpage_search_topic"), codes, "thema", "netpage_search_topic",
                       format_func=lambda c: escape(topic_names.get(c, c)))  # pills' labels are Markdown
    if topic is None:
        st.caption(t("netpage_search_choose"))
        return
    name = display_text(topic_names.get(topic, topic))
    found = load_search(version, topic, personal)
    if found.empty:
        st.warning(t("netpage_search_none", topic=escape(name)), icon=":material/warning:")
        return
    st.markdown(t("netpage_search_found", topic=escape(name), n=len(found)))
    shown = pd.DataFrame(person_columns(found, ["name"])
                         | {t("netpage_col_level"): [words.level_label(v, lang) for v in found["level"]]}
                         | person_columns(found, ["email", "phone"])
                         | places(found))
    show_table(shown, lang)
    if not personal:
        st.caption(t("netpage_search_login"))
    table_downloads(shown, ("Netzwerk", "Wer_kann_helfen", topic_names.get(topic, topic)), "netpage_search_dl", lang)


def places(frame: pd.DataFrame) -> dict:
    """The people's municipalities as a column — members only: the library drops places from anonymised rows (in
    a network of about fifteen, a place identifies the person)."""
    if "municipalities" not in frame.columns:
        return {}
    return {t("netpage_col_municipalities"): frame["municipalities"].map(text_of).tolist()}


# --- Personen ------------------------------------------------------------------------------------------------------

def people_section() -> None:
    st.subheader(t("netpage_people_title"))
    people, matrix = frames["people"], frames["matrix"]
    names = network_forms.municipality_names()
    districts = dict(zip(*_districts(), strict=True))
    columns = st.columns(4)
    kreis = kommune = []
    if personal:  # anonymised rows carry no places to filter on
        in_use = sorted({k for keys in people["municipality_keys"] for k in keys}, key=lambda k: names.get(k, k))
        kreis = url_multiselect(t("filter_districts"), list(districts), "kreis", "netpage_kreis",
                                container=columns[0], format_func=lambda k: display_text(districts.get(k, k)),
                                placeholder=t("all"))
        kommune = url_multiselect(t("netpage_filter_municipalities"), in_use, "kommune", "netpage_kommune",
                                  container=columns[1], format_func=lambda k: display_text(names.get(k, k)),
                                  placeholder=t("all"))
    thema = url_multiselect(t("netpage_filter_topics"), topics["topic"].tolist(), "thema", "netpage_thema",
                            container=columns[2], format_func=lambda c: display_text(topic_names.get(c, c)),
                            placeholder=t("all"))
    stufe = url_multiselect(t("netpage_filter_levels"), [v.value for v in Level], "stufe", "netpage_stufe",
                            container=columns[3], format_func=lambda v: words.level_label(v, lang),
                            placeholder=t("all"))
    chosen = people
    if kreis:
        chosen = chosen[chosen["district_keys"].map(lambda keys: bool(set(keys) & set(kreis)))]
    if kommune:
        chosen = chosen[chosen["municipality_keys"].map(lambda keys: bool(set(keys) & set(kommune)))]
    if thema or stufe:
        able = matrix[matrix["topic"].isin(thema or matrix["topic"]) & matrix["level"].isin(stufe or matrix["level"])]
        chosen = chosen[chosen["person_id"].isin(able["person_id"])]
    if chosen.empty:
        st.info(t("netpage_people_none"))
    else:
        shown = pd.DataFrame(person_columns(chosen, ["name", "role_title", "email", "phone"]) | places(chosen)
                             | {t("netpage_col_contact_for"): chosen["topics_contact"].map(text_of).tolist(),
                                t("netpage_col_experienced_in"): chosen["topics_experienced"].map(text_of).tolist(),
                                t("netpage_col_learning"): chosen["topics_learning"].map(text_of).tolist()})
        st.caption(t("netpage_people_count", n=len(chosen), total=len(people)))
        show_table(shown, lang)
        table_downloads(shown, ("Netzwerk", "Personen"), "netpage_people_dl", lang)
    network_forms.profile_section(user, people, matrix, topics, lang)
    network_forms.people_admin(user, people, matrix, topics, lang)


@st.cache_data(show_spinner=False)
def _district_names(version) -> tuple[list, list]:
    from ktdash.store.records import district_names  # names only; the page holds no SQL

    found = sorted(district_names(store_cursor()).items(), key=lambda item: item[1])
    return [k for k, _ in found], [n for _, n in found]


def _districts() -> tuple[list, list]:
    return _district_names(version)


# --- Kompetenzabdeckung --------------------------------------------------------------------------------------------

def coverage_section() -> None:
    st.subheader(t("netpage_coverage_title"))
    topics = frames["topics"]  # risks first
    uncovered = [display_text(n) for n in topics.loc[topics["risk"] == "uncovered", "topic_name"]]
    single = [display_text(n) for n in topics.loc[topics["risk"] == "single", "topic_name"]]
    if uncovered or single:
        parts = ([t("netpage_risk_sentence_uncovered", topics=escape(", ".join(uncovered)))] if uncovered else []) + (
            [t("netpage_risk_sentence_single", topics=escape(", ".join(single)))] if single else [])
        st.warning(" ".join(parts), icon=":material/warning:")
    else:
        st.success(t("netpage_risk_none"))
    shown = pd.DataFrame({t("netpage_col_topic"): topics["topic_name"].map(text_of).tolist(),
                          t("netpage_col_contact"): topics["contact"].astype(int).tolist(),
                          t("netpage_col_experienced"): topics["experienced"].astype(int).tolist(),
                          t("netpage_col_learners"): topics["learning"].astype(int).tolist(),
                          t("netpage_col_able"): topics["able"].astype(int).tolist(),
                          t("netpage_col_risk"): [t(RISKS[r]) if r in RISKS else "" for r in topics["risk"]]})
    risk_column = t("netpage_col_risk")
    st.dataframe(shown.style.apply(lambda row: ["background-color: rgba(255, 75, 75, 0.18)" if row[risk_column]
                                                 else "" for _ in row], axis=1),
                 hide_index=True, width="stretch", **fitted(shown, lang))
    table_downloads(shown, ("Netzwerk", "Kompetenzabdeckung", "Themen"), "netpage_topics_dl", lang)
    matrix = frames["matrix"]
    st.markdown("#### " + t("netpage_matrix_title"))
    st.caption(t("netpage_matrix_legend", contact=SYMBOLS["contact"], experienced=SYMBOLS["experienced"],
                 learning=SYMBOLS["learning"]))
    if matrix.empty:
        st.info(t("netpage_people_none"))
    else:
        grid = _matrix_grid(matrix)
        topic_column = t("netpage_col_topic")
        st.dataframe(grid.style.map(lambda symbol: CELL_COLOURS.get(symbol, ""),
                                    subset=[c for c in grid.columns if c != topic_column]),
                     hide_index=True, width="stretch", **fitted(grid, lang, key_column=topic_column))
        table_downloads(grid, ("Netzwerk", "Kompetenzmatrix"), "netpage_matrix_dl", lang)
    network_forms.topic_admin(user, lang)


def _matrix_grid(matrix: pd.DataFrame) -> pd.DataFrame:
    """Topics × people with a level symbol per cell; every topic a row (an uncovered one stays, empty)."""
    people = (matrix[["person_id", "name"]].drop_duplicates("person_id").sort_values("person_id"))
    labels = dict(zip(people["person_id"], people["name"].map(text_of), strict=True))
    cells = matrix.assign(symbol=matrix["level"].map(SYMBOLS)).pivot_table(
        index="topic", columns="person_id", values="symbol", aggfunc="first")
    cells = cells.reindex(index=topics["topic"], columns=people["person_id"]).fillna("")
    cells.columns = [labels[p] for p in cells.columns]
    cells.insert(0, t("netpage_col_topic"), [display_text(topic_names.get(c, c)) for c in cells.index])
    return cells.reset_index(drop=True)


# --- Verstetigung --------------------------------------------------------------------------------------------------

def posts_section() -> None:
    st.subheader(t("netpage_posts_title"))
    frist = url_single(st.segmented_control, t("netpage_frist"), [12, 24], "frist", "netpage_frist", default=12,
                       required=True, format_func=lambda m: t("netpage_frist_months", months=m))
    ending = posts[posts["funding_status"].isin(ENDING[frist])].sort_values(["funding_end", "municipality"])
    st.markdown("#### " + t("netpage_ending_title", months=frist, n=len(ending)))
    if ending.empty:
        st.info(t("netpage_ending_none", months=frist))
    else:
        shown = _posts_table(ending)
        show_table(shown, lang, decimals={t("netpage_col_share"): 0})
        table_downloads(shown, ("Netzwerk", "Stellen", f"Foerderende_{frist}_Monate"), "netpage_ending_dl", lang)
    st.markdown("#### " + t("netpage_areas_title"))
    areas = frames["areas"]
    level = st.radio(t("filter_level"), ["district", "municipality"], horizontal=True, key="netpage_area_level",
                     format_func=lambda v: t("level_" + v))
    rows = areas[areas["level"] == level]
    shown = pd.DataFrame({t("col_district" if level == "district" else "col_municipality"):
                          rows["name"].map(text_of).tolist(),
                          t("netpage_col_posts"): rows["posts"].astype(int).tolist(),
                          t("netpage_col_fte"): rows["fte"].astype(float).round(2).tolist(),
                          t("netpage_col_permanent_n"): rows["permanent"].astype(int).tolist(),
                          t("netpage_col_ends_12"): rows["ends_within_12"].astype(int).tolist(),
                          t("netpage_col_ends_24"): rows["ends_within_24"].astype(int).tolist(),
                          t("netpage_col_vacant"): rows["vacant"].astype(int).tolist()})
    show_table(shown, lang, decimals={t("netpage_col_fte"): 2})
    st.caption(t("netpage_areas_note"))
    table_downloads(shown, ("Netzwerk", "Stellen", "Landkreise" if level == "district" else "Kommunen"),
                    "netpage_areas_dl", lang)
    _without_post()
    _coverage()
    st.markdown("#### " + t("netpage_all_posts_title"))
    if posts.empty:
        st.info(t("netpage_posts_none"))
    else:
        shown = _posts_table(posts.sort_values(["district", "municipality", "post_id"]))
        show_table(shown, lang, decimals={t("netpage_col_share"): 0})
        table_downloads(shown, ("Netzwerk", "Stellen", "alle"), "netpage_posts_dl", lang)
    network_forms.posts_admin(user, posts, frames["people"], lang)


def _posts_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Posts as the page shows them: where, who, when the funding ends first; the post's number last (the admin
    form names posts by it)."""
    holder = {}
    if "name" in rows.columns:  # members only: an anonymised post has no holder (see ktdash.analytics.network)
        holder = {t("netpage_col_name"): [text_of(n) if n is not None and not pd.isna(n) else t("netpage_vacant")
                                          for n in rows["name"]]}
    return pd.DataFrame({t("col_municipality"): rows["municipality"].map(text_of).tolist()} | holder | {
                         t("netpage_col_funding_end"): [day_text(v) for v in rows["funding_end"]],
                         t("netpage_col_months_left"): pd.array(rows["months_left"], dtype="Int64"),
                         t("netpage_col_funding"): [words.funding_label(v, lang) for v in rows["funding"]],
                         t("netpage_col_programme"): rows["programme"].map(text_of).tolist(),
                         t("netpage_col_share"): (rows["share_of_time"].astype(float) * 100).round(0).tolist(),
                         t("netpage_col_status"): [words.post_status_label(v, lang) for v in rows["status"]],
                         t("col_district"): rows["district"].map(text_of).tolist(),
                         t("netpage_col_post"): rows["post_id"].astype(int).astype(str).tolist()})


def _without_post() -> None:
    without = frames["without"]
    st.markdown("#### " + t("netpage_without_title", n=len(without)))
    if without.empty:
        st.success(t("netpage_without_none"))
        return
    shown = pd.DataFrame({t("col_municipality"): without["municipality"].map(text_of).tolist(),
                          t("col_district"): without["district"].map(text_of).tolist(),
                          t("netpage_col_vacant"): without["vacant"].astype(int).tolist(),
                          t("netpage_col_ended"): without["ended"].astype(int).tolist()})
    show_table(shown, lang)
    table_downloads(shown, ("Netzwerk", "Kommunen_ohne_Stelle"), "netpage_without_dl", lang)


COVERAGE_COLUMNS = {"municipality": "col_municipality", "district": "col_district",
                    "active_post": "netpage_col_active_post", "fte": "netpage_col_fte",
                    "buildings": "netpage_col_buildings", "floor_area": "netpage_col_floor_area",
                    "inhabitants": "netpage_col_inhabitants", "energy_kwh": "netpage_col_kwh",
                    "change_share": "netpage_col_change", "participants": "netpage_col_participants",
                    "consultations": "netpage_col_consultations"}


def _coverage() -> None:
    years = filter_options()["years"]
    st.markdown("#### " + t("netpage_coverage_posts_title"))
    if not years:
        st.info(t("no_data"))
        return
    periods = year_periods(lang)
    chosen = st.selectbox(t("filter_year"), sorted(years, reverse=True), key="netpage_year",
                          index=sorted(years, reverse=True).index(default_year(years, periods)))
    frame, shares = load_coverage(version, today, int(chosen))
    cards = st.columns(3)
    shares_keys = {"buildings": "netpage_share_buildings", "inhabitants": "netpage_share_inhabitants",
                   "floor_area": "netpage_share_floor_area"}
    for card, (field, key) in zip(cards, shares_keys.items(), strict=True):
        value = shares.get(field)
        card.metric(t(key), "–" if value is None or pd.isna(value)
                    else f"{format_number(100 * float(value), 0, lang)} %")
    shown = frame[[c for c in COVERAGE_COLUMNS if c in frame.columns]].copy()
    shown["active_post"] = [t("netpage_yes") if v else t("netpage_no") for v in shown["active_post"]]
    shown["change_share"] = shown["change_share"].astype(float) * 100
    for column in ("municipality", "district"):
        shown[column] = shown[column].map(text_of)
    shown = shown.rename(columns={c: t(k) for c, k in COVERAGE_COLUMNS.items()})
    show_table(shown, lang, decimals={t("netpage_col_fte"): 2, t("netpage_col_change"): 1,
                                      t("netpage_col_kwh"): 0, t("netpage_col_floor_area"): 0})
    st.caption(t("netpage_coverage_energy_note", year=chosen, baseline=settings().analytics.baseline_year) + " "
               + t("netpage_coverage_caption"))
    table_downloads(shown, ("Netzwerk", "Abdeckung_Stellen", chosen), "netpage_coverage_dl", lang)


{"hilfe": search_section, "personen": people_section, "abdeckung": coverage_section,
 "verstetigung": posts_section}[section]()
