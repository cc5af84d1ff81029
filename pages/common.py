"""Streamlit glue shared by the pages: connection, language, demo on first start.

Kept small on purpose: everything that is not about widgets lives in ktdash/.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from pathlib import Path

import streamlit as st

from ktdash.core.formatting import styler_marks
from ktdash.i18n import texts
from ktdash.ingest.masterdata import DEMO, ensure_reference_data, init_store, needs_setup, setup_choice
from ktdash.output.exports.tables import rejected_rows_csv
from ktdash.core.settings import Settings
from ktdash.store.connection import PRIVATE_UMASK, log_store_error, store_error
from ktdash.store.holders import holder_words
from ktdash.store.sharing import announce_dashboard, shared_store

os.umask(PRIVATE_UMASK)  # the store, its .wal and temporary import files: the server account's only (0600)
_LOG = logging.getLogger("ktdash")
if not any(getattr(handler, "ktdash_server_log", False) for handler in _LOG.handlers):
    _handler = logging.StreamHandler(sys.__stderr__)  # the server log: the process's stderr, as Streamlit's own
    _handler.ktdash_server_log = True
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _LOG.addHandler(_handler)


def navigation_pages(lang: str) -> list:
    """The dashboard's pages for st.navigation (app.py's router, and :func:`leave_legacy_pages_mode`).

    Übersicht is the default page, which Streamlit 1.67 serves at the root URL "/" only: its own ``url_path`` is
    reserved but answers "Page not found". So it has the neutral ``url_path`` "start", and a hidden page at
    "/uebersicht" (a typed address, an old bookmark) switches to it with the URL's query (:func:`_to_page`)."""
    overview = st.Page("pages/uebersicht.py", title=texts.t("page_overview", lang), icon=":material/bar_chart:",
                       url_path="start", default=True)
    return [
        overview,
        st.Page("pages/vergleich.py", title=texts.t("page_comparison", lang), icon=":material/compare_arrows:",
                url_path="vergleich"),
        st.Page("pages/kommune.py", title=texts.t("page_municipality", lang), icon=":material/location_city:",
                url_path="kommune"),
        st.Page("pages/gebaeude.py", title=texts.t("page_building", lang), icon=":material/apartment:",
                url_path="gebaeude"),
        st.Page("pages/kampagnen.py", title=texts.t("page_campaigns", lang), icon=":material/campaign:",
                url_path="kampagnen"),
        st.Page("pages/kampagne.py", title=texts.t("page_campaign", lang), icon=":material/flag:",
                url_path="kampagne"),
        st.Page("pages/jahresplanung.py", title=texts.t("page_annual_plan", lang), icon=":material/calendar_month:",
                url_path="jahresplanung"),
        st.Page("pages/netzwerk.py", title=texts.t("page_network", lang), icon=":material/groups:",
                url_path="netzwerk"),
        st.Page("pages/klima_taten_talk.py", title=texts.t("page_talk", lang), icon=":material/forum:",
                url_path="klima_taten_talk"),
        st.Page("pages/datenqualitaet.py", title=texts.t("page_quality", lang), icon=":material/rule:",
                url_path="datenqualitaet"),
        st.Page("pages/auffaelligkeiten.py", title=texts.t("page_alerts", lang), icon=":material/notifications:",
                url_path="auffaelligkeiten"),
        st.Page("pages/methoden.py", title=texts.t("page_methods", lang), icon=":material/functions:",
                url_path="methoden"),
        *([st.Page("pages/ablesung.py", title=texts.t("edit_page_reading", lang), icon=":material/speed:",
                   url_path="zaehlerstand")] if may_enter_readings() else []),  # issue 19: for who may import
        st.Page("pages/import_daten.py", title=texts.t("page_import", lang), icon=":material/upload_file:",
                url_path="import_daten"),
        st.Page("pages/protokoll.py", title=texts.t("page_history", lang), icon=":material/history:",
                url_path="protokoll"),
        st.Page("pages/bericht.py", title=texts.t("page_report", lang), icon=":material/picture_as_pdf:",
                url_path="bericht"),
        st.Page("pages/workshop.py", title=texts.t("page_workshop", lang), icon=":material/slideshow:",
                url_path="workshop"),
        st.Page(_to_page(overview), title=texts.t("page_overview", lang), url_path="uebersicht",
                visibility="hidden"),
    ]


def may_enter_readings() -> bool:
    """Whether the page "Zählerstand erfassen" is listed: a logged-in account that may import for a municipality."""
    user = current_user() if st.session_state.get("auth_token") or sso_configured() else None
    return user is not None and (can(user, "import") or any(can(user, "import", k) for k in user.municipalities))


def file_uploader(label: str, lang: str, types: list[str], key: str, max_mb: int, **kwargs):
    """st.file_uploader with all its words in the page's language. Streamlit 1.67 writes its button "Upload" and
    "200MB per file • CSV, …" in English and offers no option for them; a style scoped to this one widget (its
    class ``st-key-<key>``) hides the two and shows the catalog's texts instead with CSS ``content:`` (README,
    Architecture), and hides a chosen file's size ("1.4KB", a decimal point). ``types``: file endings without
    dot; ``max_mb``: the server's limit."""
    from ktdash.core.formatting import format_number

    css = _css_text
    button = css(texts.t("ui19_upload_button", lang))
    limit = css(texts.t("ui19_upload_limit", lang, mb=format_number(max_mb, 0, lang),
                        types=", ".join(t.upper() for t in types)))
    zone = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    st.html(f"<style>{zone} button [data-testid='stMarkdownContainer'] p {{display: none}}"
            f" {zone} button [data-testid='stMarkdownContainer']::after {{content: \"{button}\"}}"
            f" {zone} [data-testid='stFileUploaderDropzoneInstructions'] span {{display: none}}"
            f" {zone} [data-testid='stFileUploaderDropzoneInstructions'] > div::after {{content: \"{limit}\";"
            " font-size: 0.875rem; line-height: 1.6; opacity: 0.7}"
            f" {zone} [data-testid='stFileChipName'] + div {{display: none}}</style>")  # a chosen file's "1.4KB"
    return st.file_uploader(label, type=types, key=key, max_upload_size=max_mb, **kwargs)


def _to_page(page):
    """A page body that opens ``page`` with the current URL query (a redirect: the address bar shows its URL)."""
    def redirect() -> None:
        st.switch_page(page, query_params={key: st.query_params.get_all(key) for key in st.query_params})
    return redirect


def leave_legacy_pages_mode() -> None:
    """Out of Streamlit's legacy pages/ mode with public API only; app.py and every page call this first.

    Streamlit 1.67 runs a process in its legacy multipage mode while a folder named pages/ lies beside the
    entrypoint (the design requires that name), until st.navigation is called once (documented: "If you call
    st.navigation in your app (in any session), Streamlit will switch to using the newer, Page-and-navigation
    multipage structure"; no config option turns it off). A run in that mode executes a deep link's page script
    without app.py, and gives app.py's widgets other ids than later runs (the click on them is lost; issue 15:
    3 of 4 simultaneous first logins on a fresh server). So the first run of every session declares the
    navigation (hidden) — which ends legacy mode for the process — and reruns: the session's first real run is
    then an st.navigation run of app.py, on the page st.navigation resolved from the URL (st.rerun keeps it)."""
    if not st.session_state.get("navigation_ready"):
        st.session_state["navigation_ready"] = True
        st.navigation(navigation_pages(st.session_state.get("lang", "de")), position="hidden")
        st.rerun()


def page_start() -> None:
    """The first call of every page: out of Streamlit's legacy page mode (:func:`leave_legacy_pages_mode`), and
    with ``KTDASH_OPEN_VIEW=0`` nothing without login — checked by the page itself too, not only by app.py,
    because a page can run without the entrypoint (AppTest; a deep link on a fresh server)."""
    leave_legacy_pages_mode()
    if not settings().open_view and current_user() is None:
        st.info(texts.t("login_required", st.session_state.get("lang", "de")), icon=":material/lock:")
        st.stop()


def settings() -> Settings:
    return Settings.from_env()


_RUN = threading.local()  # the store connection the current script run holds (its thread's)


@contextlib.contextmanager
def store_hold():
    """The store for one script run: app.py runs every page inside it. The file is open only while runs hold it
    (and a moment after), so a ktdash command in another shell can use it between them
    (:class:`ktdash.store.sharing.SharedStore`); while another program holds it the run waits, saying which."""
    lang = st.session_state.get("lang", "de")
    note = []

    def waiting(holder) -> None:
        note.append(st.empty())
        note[0].info(texts.t("store_waiting_page", lang, holder=holder_words(holder, lang)),
                     icon=":material/hourglass_top:")

    _announced(str(settings().location))
    with shared_store(settings().location).hold(settings().store_wait_s, waiting) as con:
        for placeholder in note:
            placeholder.empty()
        outer, _RUN.con = getattr(_RUN, "con", None), con
        try:
            yield con
        finally:
            _RUN.con = outer


def _run_connection():
    """The connection the current run holds; a page run without app.py (AppTest of a page file) takes a hold of
    its own that it keeps: such a process serves nobody else."""
    con = getattr(_RUN, "con", None)
    if con is None:
        con = _RUN.con = shared_store(settings().location).acquire(settings().store_wait_s)
    return con


@st.cache_resource
def _announced(path: str) -> Path:
    """Once per process and store: this dashboard runs on it (a restore refuses then)."""
    return announce_dashboard(path)


@st.cache_resource
def _init_lock() -> threading.Lock:
    return threading.Lock()


@st.cache_resource
def _checked_stores() -> set:
    """The stores :func:`ensure_demo` found set up, as :func:`_store_state` keys: checked once per process, not on
    every run of every session (the checks are several queries under one lock: a workshop's 30 sessions queued on
    it). A new data version (an import, an edit, a deletion) or other settings check again."""
    return set()


def _store_state() -> tuple:
    return (*data_version(), repr(settings()))


def store_cursor():
    """A cursor of the run's connection (:func:`store_hold`); a store that cannot be opened (held by a command for
    longer than the wait, read-only, damaged, a failed migration, a full disk) stops the run with a German message
    (:func:`show_store_error`)."""
    try:
        return _run_connection().cursor()
    except Exception as exc:
        if not show_store_error(exc):
            raise
        raise  # not reached: show_store_error stops the run


def store_connection(keeper=None, needed=None):
    """The run's connection itself, for what outlives one script run: the Import page's session takes its own
    cursor of it (ktdash.ingest.session), whose temporary tables stay across reruns — the connection stays open
    between runs while ``needed(keeper)`` (unless another program waits for the store: then the session
    prepares anew). Call after store_cursor()."""
    con = _run_connection()
    if keeper is not None:
        shared_store(settings().location).keep(keeper, needed)
    return con


def show_store_error(exc: BaseException) -> bool:
    """For an error of the store or its resources (:func:`ktdash.store.connection.store_error`: locked, read-only, disk
    full, out of memory, damaged, failed migration): log the details to the server log, show what happened and
    what to do as ``st.error`` and stop the run (st.stop). ``False`` for any other exception (a bug), which the
    caller re-raises for Streamlit to show as configured (``client.showErrorDetails``)."""
    error = store_error(exc, settings().location)
    if error is None:
        return False
    log_store_error(error, exc, "dashboard")
    if error.code == "damaged":  # perhaps invalidated: the next run opens the file anew
        shared_store(settings().location).close()
    st.error(error.message(st.session_state.get("lang", "de")), icon=":material/error:")
    st.stop()
    return True  # not reached


def language() -> str:
    """German by default; the switch sits in the sidebar and in the URL (?lang=en)."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "de"
    choice = st.sidebar.radio("Sprache / Language", ["Deutsch", "English"], horizontal=True,
                              index=1 if st.session_state["lang"] == "en" else 0)
    st.session_state["lang"] = "en" if choice == "English" else "de"
    status_widget_words(st.session_state["lang"])
    if st.session_state["lang"] == "en":
        st.query_params["lang"] = "en"
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return st.session_state["lang"]


def _css_text(text: str) -> str:
    """``text`` as a CSS string's content (between double quotes)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")


def status_widget_words(lang: str) -> None:
    """Streamlit 1.67 shows a run longer than half a second with a button "Stop" in English at the top right and
    offers no option for its word: a style (a ``<style>`` alone takes no room) hides the button's own text and
    draws the catalog's instead with CSS ``content:``, as :func:`file_uploader` does."""
    word = _css_text(texts.t("ui19_status_stop", lang))
    st.html("<style>[data-testid='stStatusWidget'] button {visibility: hidden}"
            f" [data-testid='stStatusWidget'] button::after {{content: \"{word}\"; visibility: visible}}</style>")


def ensure_demo(lang: str) -> None:
    """Master data always; the Westpfalz demo into a store not set up yet when ``KTDASH_DEMO`` is on, with progress.

    The first start records the choice in the store (:func:`ktdash.ingest.masterdata.setup_choice`); a store set up
    without the demo (``ktdash init --no-demo``, or a first start with ``KTDASH_DEMO=0``) never gets the demo
    or the demo accounts, whatever ``KTDASH_DEMO`` says later."""
    checked = _checked_stores()
    if _store_state() in checked:  # this store, at this data version and with these settings, was checked
        return
    con = store_cursor()
    if not needs_setup(con, settings().demo):
        with _init_lock():
            if ensure_reference_data(con, settings().analytics):  # a store from before, or changed settings
                st.cache_data.clear()
            checked.add(_store_state())
        return
    with _init_lock():
        con = store_cursor()
        if not needs_setup(con, settings().demo):  # another session set it up meanwhile
            return
        with st.status(texts.t("demo_loading", lang), expanded=True) as status:
            bar = st.progress(0.0)
            files = init_store(con, settings(), demo=settings().demo,
                               progress=lambda done, total, name: bar.progress(done / total, text=name))
            status.update(label=texts.t("demo_loaded", lang, files=files), state="complete", expanded=False)
        st.cache_data.clear()


@st.cache_data(show_spinner=False)
def _filter_options(version: int) -> dict:
    from ktdash.store import queries

    return queries.filter_options(store_cursor())


def filter_options() -> dict:
    """Years, carriers and districts with data (cached until the next import)."""
    return _filter_options(data_version())


def data_version() -> tuple[str, int]:
    """The key of every cached figure: the store file and its data version (which counts the changes of that
    store only, so two stores — a test's, or a second installation in one process — may reach the same number)."""
    from ktdash.store.connection import data_version as version

    location = settings().location  # a server URL is its own key
    return (location if isinstance(location, str) else str(Path(location).resolve())), version(store_cursor())


@st.cache_resource(show_spinner=False, max_entries=4)
def _lookup(version, for_widgets: bool):
    from dataclasses import replace

    from ktdash.analytics.selection import Lookup

    known = Lookup.load(store_cursor())
    # a widget's own options decide which years and buildings are offered
    return replace(known, years=(), buildings=frozenset()) if for_widgets else known


def lookup(for_widgets: bool = False):
    """The known years, places and buildings a URL is checked against (cached until the next import; read-only)."""
    return _lookup(data_version(), for_widgets)


def note_dropped(name: str, values: list, container=None) -> None:
    """Say which values of a link's parameter ``name`` were not understood (they are left out, never an error)."""
    from ktdash.core.formatting import markdown_escape

    if values:
        (container or st).caption(texts.t("url_dropped", st.session_state.get("lang", "de"), name=name,
                                          values=markdown_escape(", ".join(map(str, values)))))


def url_choice(name: str, options: list, values: list[str] | None = None, container=None) -> list:
    """The ``options`` the URL parameter ``name`` (or ``values``, texts of it) names, in the order of ``options``:
    each text read by the parameter's one parser (:func:`ktdash.analytics.selection.parse`: a place by name or
    key, a carrier in any case …) and matched to an option read the same way. Values that match no option are
    shown as a note (:func:`note_dropped`)."""
    from ktdash.analytics.selection import parse

    texts_ = st.query_params.get_all(name) if values is None else values
    if not texts_:
        return []
    known = lookup(for_widgets=True)  # the page's options decide which years and buildings are offered
    wanted, dropped = parse(name, texts_, known)
    canonical = {}
    for option in options:
        parsed, _ = parse(name, [str(option)], known)
        canonical[option] = parsed[0] if parsed else option
    chosen = [o for o in options if canonical[o] in wanted]
    matched = {canonical[o] for o in chosen}
    dropped += [str(value) for value in wanted if value not in matched]
    note_dropped(name, dropped, container)
    return chosen


# --- the year a page starts on and the label of a partial year (ktdash.analytics.periods) -------------------------

@st.cache_data(show_spinner=False)
def _year_periods(version, selection, lang: str, today) -> dict:
    from ktdash.analytics import periods

    frame = periods.coverage(store_cursor(), selection, today=today)
    return {"default": periods.newest_complete(frame), "labels": periods.year_labels(frame, lang),
            "partial": [int(y) for y in frame.loc[frame["partial"], "year"]] if not frame.empty else []}


def year_periods(lang: str, selection=None) -> dict:
    """The years of ``selection`` (default: the whole store; its ``years`` filter is ignored) for a year select:
    ``default`` the last complete year (:func:`ktdash.analytics.periods.last_complete_year`, None when there is
    none), ``labels`` year → "2024" / "2026, Jan–Okt", ``partial`` the partial years. Cached per data version."""
    from dataclasses import replace
    from datetime import date

    from ktdash.analytics.selection import Selection

    return _year_periods(data_version(), replace(selection or Selection(), years=()), lang, date.today())


def default_year(years: list[int], periods: dict) -> int:
    """The year a select starts on: the last complete year (``periods`` from :func:`year_periods`) when it is one
    of ``years``, else the newest whole year of ``years``, else the newest of them."""
    whole = [y for y in years if y not in periods["partial"]]
    if periods["default"] in years:
        return periods["default"]
    return max(whole) if whole else max(years)


def year_text(year: int, periods: dict) -> str:
    """"2024", or "2026, Jan–Okt" for a partial year (``periods`` from :func:`year_periods`)."""
    return periods["labels"].get(int(year), str(year))


def analytics_filters(lang: str, years: list[int], carriers: list[str], key: str,
                      not_comparable: bool = False, places=None) -> dict:
    """Sidebar filters of the analytics pages: year, baseline year, carriers, categories and, with
    ``not_comparable``, the check box that puts buildings without a valid comparison value (pools …) back into
    the savings potential (``include_not_comparable``, :class:`ktdash.analytics.metrics.Selection`).

    Year, baseline, carriers, categories and the check box live in the URL
    (``?jahr=2024&basis=2019&traeger=Strom&nicht_vergleichbar=1``) so that a view can be sent. The year starts on
    the last complete year of ``places`` (a Selection; default the whole store) and a partial year is offered
    as "2026, Jan–Okt" (:func:`year_periods`); the result has its ``year_label`` and whether it is ``partial``.
    """
    from ktdash.core.domain import Category

    energy = [c for c in carriers if c != "Wasser"]
    periods = year_periods(lang, places)
    default_baseline = settings().analytics.baseline_year
    url_year = url_choice("jahr", years, container=st.sidebar)
    url_baseline = url_choice("basis", years, container=st.sidebar)
    year_default = url_year[-1] if url_year else default_year(years, periods)
    baseline_default = (url_baseline[-1] if url_baseline
                        else default_baseline if default_baseline in years else min(years))
    with st.sidebar:
        year = st.selectbox(texts.t("filter_year", lang), sorted(years, reverse=True),
                            index=sorted(years, reverse=True).index(year_default), key=f"{key}_year",
                            format_func=lambda y: year_text(y, periods))
        baseline = st.selectbox(texts.t("filter_baseline", lang), sorted(years),
                                index=sorted(years).index(baseline_default), key=f"{key}_baseline")
        chosen = url_multiselect(texts.t("filter_carriers", lang), energy, "traeger", f"{key}_carriers", default=energy)
        categories = url_multiselect(texts.t("filter_categories", lang), [c.value for c in Category], "kategorie",
                                     f"{key}_categories", placeholder=texts.t("all", lang))
        include = (url_checkbox(texts.t("pages14_filter_not_comparable", lang), "nicht_vergleichbar",
                                f"{key}_not_comparable", help=texts.t("pages14_filter_not_comparable_help", lang))
                   if not_comparable else False)
    set_query(year=year, baseline=baseline)
    return {"year": year, "baseline": baseline, "carriers": tuple(chosen or energy), "categories": tuple(categories),
            "include_not_comparable": include, "year_label": year_text(year, periods),
            "partial": year in periods["partial"]}


def set_query(**fields) -> None:
    """Write fields of a :class:`ktdash.analytics.selection.Selection` (``year=2024, baseline=2019`` …) into the
    URL through ``Selection.to_query`` (the one writer of every parameter)."""
    from ktdash.analytics.selection import Selection

    st.query_params.update(Selection(**fields).to_query())


def url_checkbox(label: str, name: str, key: str, container=None, **kwargs) -> bool:
    """A check box (default off) whose state lives in the URL (``?nicht_vergleichbar=1``) when it is on."""
    url = st.query_params.get(name)
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):
        st.session_state[key] = bool(url_choice(name, [True], container=container))
    value = (container or st).checkbox(label, key=key, **kwargs)
    if value:
        st.query_params[name] = "1"
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{key}_url"] = "1" if value else None
    return value


# --- which method a figure uses (ktdash.output.labels) -------------------------------------------------------------

def norm_label(kind: str, lang: str, short: bool = False) -> str:
    """"witterungsbereinigt (langjähriges Mittel der Station, 1991–2020)" (``progress``) or "auf Referenzklima
    Potsdam bereinigt (wie die Vergleichswerte 2021)" (``benchmark``), with the configured reference period."""
    from ktdash.output import labels

    return labels.normalisation(kind, lang, settings().analytics, short=short)


@st.cache_data(show_spinner=False)
def _co2_label(version: int, factor_set: str, lang: str, short: bool) -> str:
    from ktdash.output import labels

    return labels.co2(store_cursor(), factor_set, lang, short)


def co2_label(lang: str, short: bool = False) -> str:
    """"CO₂e (BISKO-Systematik, BISKO-konform)" while the shipped BISKO set is in use unchanged, else "… Faktoren
    geändert" or "CO₂ direkt (nur Verbrennung)" (setting ``KTDASH_EMISSION_FACTORS``; ``short`` for a card);
    cached per data version."""
    return _co2_label(data_version(), settings().analytics.emission_factor_set, lang, short)


def co2_unit() -> str:
    """CO₂e (BISKO set) or CO₂ (direct set)."""
    from ktdash.output import labels

    return labels.co2_unit(settings().analytics.emission_factor_set)


def attribution(lang: str) -> str:
    """The source of the climate data (CC BY 4.0), shown wherever normalised heat is."""
    return texts.t("climate_attribution", lang)


def url_multiselect(label: str, options: list, name: str, key: str, default: list | tuple = (), container=None,
                    legacy: str | None = None, **kwargs) -> list:
    """A multiselect whose choice lives in the URL (``?traeger=Strom&traeger=Erdgas``) when it differs from the
    default, so a view can be bookmarked and sent. A URL this page did not write (a link) sets the choice, read by
    the parameter's one parser (:func:`url_choice`). ``legacy``: an older name of the parameter, read when ``name``
    is absent, once per session (``jahr`` for ``jahre``). The old parameter stays in the URL: other pages read it
    in its own meaning (``jahr``, the one year of Vergleich and Kommune), so a link's year holds on every page."""
    default = [o for o in default if o in options]
    url = st.query_params.get_all(name)
    if not url and legacy and legacy in st.query_params and not st.session_state.get(f"{key}_legacy_read"):
        url = st.query_params.get_all(legacy)
        st.session_state[f"{key}_legacy_read"] = True
        st.session_state.pop(f"{key}_url", None)  # a link: it sets the choice
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):
        chosen = url_choice(name, options, values=url, container=container)
        st.session_state[key] = chosen if url else default
    else:
        st.session_state[key] = [o for o in st.session_state[key] if o in options]
    value = (container or st).multiselect(label, options, key=key, **kwargs)
    text = [str(v) for v in value] if value != default else []
    if text:
        st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{key}_url"] = text
    return value


def url_radio(label: str, options: list, name: str, key: str, default=None, container=None, **kwargs):
    """A radio whose choice lives in the URL (``?ebene=municipality``) when it is not the default."""
    default = default if default in options else options[0]
    url = st.query_params.get(name)
    if key not in st.session_state or url != st.session_state.get(f"{key}_url"):
        st.session_state[key] = next(iter(url_choice(name, options, container=container)), default)
    value = (container or st).radio(label, options, key=key, **kwargs)
    if value != default:
        st.query_params[name] = str(value)
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{key}_url"] = str(value) if value != default else None
    return value


def show_table(frame, lang: str, decimals: dict | None = None, default_decimals: int = 1, plain: tuple = (),
               column_config: dict | None = None, key_column: str | None = None, **kwargs) -> None:
    """Every table of the dashboard: numbers in the page's language whatever the browser's locale (``1.234,5`` in
    German; a pandas Styler formats the display, sorting still works on the numbers), each column as wide as its
    header and its longest shown text (:func:`ktdash.output.table_layout.table_layout`; long texts wrap), and the
    key column (``key_column``, default the first column) pinned when the table is wide, so it stays visible while
    the table scrolls. ``decimals`` per column, ``plain`` columns (years, keys) without thousands separator; empty
    cells show ``–``. ``column_config`` as for st.dataframe (a width in px set there is kept).

    The drawn table is cached with its frame (:func:`_styled_table`): a rerun with the same rows replays it
    instead of formatting every cell again (the Styler costs about 20 µs a cell)."""
    _styled_table(frame, lang, decimals or {}, default_decimals, tuple(plain), column_config, key_column, kwargs)


def edit_table(frame, lang: str, column_config: dict | None = None, key_column: str | None = None, **kwargs):
    """st.data_editor with the columns sized as in :func:`show_table` (a text as long as needed while editing is
    not known: the widths fit the current rows) and the key column pinned on a wide table; returns the edited
    frame."""
    config, row_height = table_config(frame, _cell_texts(frame, {}, (), lang), column_config, key_column,
                                      editable=True)
    return st.data_editor(frame, hide_index=True, width="stretch", column_config=config,
                          **({"row_height": row_height} if row_height else {}) | kwargs)


def fitted(frame, lang: str, column_config: dict | None = None, key_column: str | None = None) -> dict:
    """The column configuration (and row height) of :func:`show_table` for a table a page draws itself (a Styler
    with colours, text already formatted): ``st.dataframe(styler, **fitted(frame, lang))``."""
    config, row_height = table_config(frame, _cell_texts(frame, {}, (), lang), column_config, key_column)
    return {"column_config": config} | ({"row_height": row_height} if row_height else {})


PIN_FROM_PX = 800  # a table wider than this (about the main column at 1280×720) pins its key column


def table_config(frame, cells: dict, column_config: dict | None, key_column: str | None = None,
                 editable: bool = False) -> tuple[dict, int | None]:
    """The column configuration of a table: ``column_config`` plus each shown column's width from its header and
    ``cells`` (column → shown texts), and ``pinned`` for the key column when the table is wider than
    :data:`PIN_FROM_PX`; and the row height for wrapped texts (``None``: Streamlit's)."""
    from ktdash.output.table_layout import table_layout

    config = dict(column_config or {})
    names = [c for c in frame.columns if not (c in config and config[c] is None)]  # None: a hidden column
    given = {c: {"label": config[c]} if isinstance(config.get(c), str) else dict(config.get(c) or {}) for c in names}
    headers = {c: given[c].get("label") or str(c) for c in names}
    checkboxes = tuple(c for c in names if frame[c].dtype == bool or str(frame[c].dtype) == "boolean")
    fixed = [c for c in names if isinstance(given[c].get("width"), int)]  # "small", "medium": sized here
    key = key_column if key_column in names else (names[0] if names else None)
    layout = table_layout({c: cells.get(c, []) for c in names if c not in fixed}, headers, checkboxes,
                          editable=editable, key=key)
    total = sum(layout.widths.values()) + sum(given[c]["width"] for c in fixed)
    for name in names:
        column = given[name]
        if name in layout.widths:
            column["width"] = layout.widths[name]
        if name == key and total > PIN_FROM_PX and column.get("pinned") is None:
            column["pinned"] = True
        config[name] = column
    return config, layout.row_height


def _cell_texts(frame, digits: dict, plain: tuple, lang: str) -> dict:
    """The widest texts each column shows (numbers as :func:`_styled_table` formats them: the smallest and the
    largest value; texts: the 50 longest)."""
    import pandas as pd

    from ktdash.core.formatting import format_number

    cells = {}
    for column in frame.columns:
        values = frame[column].dropna()
        if values.empty:
            cells[column] = ["–"]
        elif column in digits:
            cells[column] = [format_number(float(v), digits[column], lang) for v in (values.min(), values.max())]
        elif values.dtype.kind in "fiu" and column in plain:
            cells[column] = [str(v) for v in (values.min(), values.max())]
        elif values.dtype.kind in "fiu":
            cells[column] = [format_number(float(v), 0 if values.dtype.kind in "iu" else 6, lang).rstrip("0")
                             for v in (values.min(), values.max())]
        elif values.dtype.kind == "M":
            cells[column] = ["00.00.0000 00:00:00"]
        else:
            shown = pd.Series(values.map(str).unique())
            cells[column] = shown[shown.str.len().nlargest(50).index].tolist()
    return cells


@st.cache_data(show_spinner=False, max_entries=256)
def _styled_table(frame, lang: str, decimals: dict, default_decimals: int, plain: tuple, column_config: dict | None,
                  key_column: str | None, kwargs: dict) -> None:
    from ktdash.core.formatting import strip_bidi

    # cells are drawn as text (never Markdown); a stored name's bidi controls (U+202E …) would still reorder it
    frame = frame.assign(**{str(c): frame[c].map(strip_bidi) for c in frame.columns if frame[c].dtype.kind in "OTU"}
                         ) if frame.columns.is_unique and all(isinstance(c, str) for c in frame.columns) else frame
    digits = {}
    for column in frame.columns:
        if column in plain or frame[column].dtype.kind not in "fiu" or frame[column].dtype == bool:
            continue
        whole = frame[column].dtype.kind in "iu" or bool((frame[column].dropna() % 1 == 0).all())
        digits[column] = decimals.get(column, 0 if whole else default_decimals)
    config, row_height = table_config(frame, _cell_texts(frame, digits, plain, lang), column_config, key_column)
    options = {"hide_index": True, "width": "stretch", "placeholder": "–", "column_config": config} | (
        {"row_height": row_height} if row_height else {}) | kwargs
    if not digits:  # nothing to format
        st.dataframe(frame, **options)
        return
    styler = frame.style
    for column, places in digits.items():
        styler = styler.format(subset=[column], precision=places, na_rep="–", **styler_marks(lang))
    st.dataframe(styler, **options)


def number_text(value, lang: str, decimals: int = 0, unit: str = "") -> str:
    """A number for a metric card: German or English format, ``–`` for a missing value."""
    import pandas as pd

    from ktdash.core.formatting import format_number

    if value is None or pd.isna(value):
        return "–"
    return f"{format_number(float(value), decimals, lang)} {unit}".strip()


def table_downloads(frame, name_parts: tuple, key: str, lang: str) -> None:
    """Every table as CSV for German Excel and as XLSX; the file name says what, where and when
    (``name_parts`` as for :func:`ktdash.output.exports.charts.file_name`). The files are written when the button is
    clicked, not on every run of the page."""
    from ktdash.output.exports.charts import file_name

    def csv_bytes() -> bytes:
        from ktdash.output.exports.tables import german_csv

        return german_csv(frame)

    def xlsx_bytes() -> bytes:
        from ktdash.output.exports.tables import excel_xlsx

        return excel_xlsx(frame, str(name_parts[0]))

    left, right, _ = st.columns([1, 1, 3])
    left.download_button(texts.t("download_csv", lang), data=csv_bytes,
                         file_name=file_name(*name_parts, ext="csv"), mime="text/csv", on_click="ignore",
                         key=f"{key}_csv", icon=":material/table_view:")
    right.download_button(texts.t("download_xlsx", lang), data=xlsx_bytes,
                          file_name=file_name(*name_parts, ext="xlsx"), on_click="ignore", key=f"{key}_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/grid_on:")


def chart(fig, name_parts: tuple, key: str, lang: str, container=None) -> None:
    """A Plotly chart with the toolbar's image button giving SVG, and downloads as PNG (print resolution), SVG
    and PDF rendered on the server by kaleido (on click, one browser per process)."""
    from ktdash.output.charts import safe_figure
    from ktdash.output.exports.charts import FORMATS, chart_bytes, file_name

    fig = safe_figure(fig)  # stored names in ticks, legends and hover texts stay text (no <a href>, no LaTeX)
    target = container or st
    stem = file_name(*name_parts, ext="x")[:-2]
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "svg", "filename": stem, "scale": 3}}
    target.plotly_chart(fig, width="stretch", config=config, key=key)
    with target.popover(texts.t("chart_download", lang), icon=":material/download:"):
        for fmt, mime in FORMATS.items():
            st.download_button(texts.t("chart_download_" + fmt, lang), data=lambda fmt=fmt: chart_bytes(fig, fmt),
                               file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")


def figure(builder, *args, **kwargs):
    """``builder(*args, **kwargs)`` — a chart function of :mod:`ktdash.output.charts` (module level) — made safe
    (:func:`ktdash.output.charts.safe_figure`) and built once per process for the same arguments (DataFrames count
    by content, as for ``st.cache_data``): every session gets the same figure, read-only. Building a Plotly figure
    (validating every property), copying it safe and the copy st.plotly_chart takes of it on every run cost a page
    tens of milliseconds per chart, for every visitor; a workshop's 30 sessions asked for the same figures at once
    (bench/browser_load.py). Pass the result to :func:`chart`; never change it."""
    return _figure(builder.__module__, builder.__qualname__, args, kwargs)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(module: str, name: str, args: tuple, kwargs: dict):
    import importlib

    from ktdash.output.charts import safe_figure

    builder = importlib.import_module(module)
    for part in name.split("."):
        builder = getattr(builder, part)
    return frozen_figure(safe_figure(builder(*args, **kwargs)))


def frozen_figure(fig):
    """``fig`` (a safe figure) as a :class:`FrozenFigure`: its dict made once, handed out by ``to_dict`` without the
    deep copy Plotly makes on every call (st.plotly_chart calls it on every run). Only for figures nobody changes."""
    fig._ktdash_dict = fig.to_dict()
    fig.__class__ = _frozen_class()
    return fig


def _frozen_class():
    global _FROZEN
    if _FROZEN is None:
        import plotly.graph_objects as go

        class FrozenFigure(go.Figure):
            """A figure shared read-only by every session (:func:`figure`)."""

            def to_dict(self) -> dict:
                return self._ktdash_dict

        _FROZEN = FrozenFigure
    return _FROZEN


_FROZEN = None


# --- login (ktdash.access.accounts, ktdash.access.permissions) ---------------------------------------------------

def sso_configured() -> bool:
    """Whether the deployment configured OpenID Connect (an ``[auth]`` section in ``.streamlit/secrets.toml``):
    ``st.user`` then says ``is_logged_in``."""
    return "is_logged_in" in st.user


def current_user():
    """The account of this browser session (``None``: not logged in), checked anew at every call, so an expired
    session or a removed account takes effect at the next click: a password login's session token
    (``ktdash.access.accounts.session_user``), else the identity provider's login (``st.user``) mapped to an account by
    its e-mail address. Pages call it once per run and hand the user on."""
    from ktdash.access import accounts, audit

    con = store_cursor()
    token = st.session_state.get("auth_token")
    if token:
        user = accounts.session_user(con, token, idle_minutes=settings().session_minutes)
        if user is None:
            del st.session_state["auth_token"]
            st.session_state["login_notice"] = "login_expired"
            st.session_state["session_cookie"] = None  # the browser forgets it too
        return user
    cookie = _cookie_token()
    if cookie:  # a login of this browser in another tab, an earlier visit, or on another replica (server mode)
        user = accounts.session_user(con, cookie, idle_minutes=settings().session_minutes)
        if user is not None:
            st.session_state["auth_token"] = cookie
            return user
        st.session_state["cookie_refused"] = cookie  # ended or expired: not asked again in this session
        st.session_state["session_cookie"] = None
    if sso_configured() and st.user.is_logged_in:
        user = accounts.sso_user(con, st.user.get("email"))
        if user is not None and st.session_state.get("sso_audited") != user.name:
            audit.record(con, user.name, "login", object=user.name, detail={"method": "oidc"})
            st.session_state["sso_audited"] = user.name
        return user
    return None


SESSION_COOKIE = "ktdash_session"  # the login's session token in the browser (README, Security)


def _cookie_token() -> str | None:
    """The session token the browser sent as :data:`SESSION_COOKIE` when this session connected, unless this
    session already found it ended."""
    try:
        token = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no browser request (a script run outside a server)
        return None
    # a str only: AppTest's st.context is a MagicMock (every .get() truthy)
    return token if isinstance(token, str) and token and token != st.session_state.get("cookie_refused") else None


def _write_session_cookie() -> None:
    """Give the browser the session token as a cookie (or take it back) once, after a login or logout: the token
    is what the sessions table keeps (its SHA-256), so a reload, a second tab or another replica behind the load
    balancer (server mode) finds the same login. ``SameSite=Strict``, ``Secure`` under HTTPS, the lifetime of a
    session (:data:`ktdash.access.accounts.SESSION_MAX_HOURS`); set from script because Streamlit sets no cookies."""
    from ktdash.access import accounts

    if "session_cookie" not in st.session_state:
        return
    token = st.session_state.pop("session_cookie")
    value = token if token and token.replace("-", "").replace("_", "").isalnum() else ""  # token_urlsafe only
    max_age = accounts.SESSION_MAX_HOURS * 3600 if value else 0
    st.html(f"<script>document.cookie = '{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Strict'"
            " + (location.protocol === 'https:' ? '; Secure' : '');</script>", unsafe_allow_javascript=True)


def can(user, action, municipality_key: str | None = None) -> bool:
    """May ``user`` (from :func:`current_user`) do ``action`` (for ``municipality_key``)? See
    :func:`ktdash.access.permissions.allowed`; anonymous visitors per ``KTDASH_OPEN_VIEW``."""
    from ktdash.access import permissions

    return permissions.allowed(user, action, municipality_key, open_view=settings().open_view)


def login_sidebar(lang: str):
    """Show the login in the sidebar: the account and a logout button, or the login form (password) and,
    where configured, the button for the identity provider (``st.login``). Returns the user or ``None``."""
    from ktdash.core.formatting import markdown_escape

    con = store_cursor()
    user = current_user()
    with st.sidebar:
        _write_session_cookie()
        st.divider()
        if user is not None:
            _signed_in(con, user, lang)
        elif sso_configured() and st.user.is_logged_in:  # logged in at the provider, but no account here
            st.warning(texts.t("login_sso_no_account", lang, email=markdown_escape(st.user.get("email"))))
            if st.button(texts.t("logout", lang), key="logout_sso"):
                st.logout()
        else:
            _login_form(con, lang)
    return user


def _signed_in(con, user, lang: str) -> None:
    from ktdash.access import accounts, audit, permissions
    from ktdash.core.formatting import markdown_escape

    st.caption(texts.t("login_as", lang, name=markdown_escape(user.display_name or user.name),
                       role=texts.t("role_" + user.role.value, lang)))
    if user.municipalities:
        from ktdash.store.records import municipality_names

        names = municipality_names(con)
        st.caption(texts.t("login_for", lang, municipalities=markdown_escape(
            ", ".join(sorted(names.get(k, k) for k in user.municipalities)))))
    if user.role == permissions.Role.ADMIN and _demo_accounts(con):
        st.warning(texts.t("login_demo_warning", lang), icon=":material/warning:")
    if st.button(texts.t("logout", lang), key="logout", icon=":material/logout:"):
        token = st.session_state.pop("auth_token", None)
        if token:
            accounts.end_session(con, token)
            st.session_state["session_cookie"] = None
            st.session_state["cookie_refused"] = token
            st.rerun()
        audit.record(con, user.name, "logout", object=user.name, detail={"method": "oidc"})
        st.session_state.pop("sso_audited", None)
        st.logout()


def _demo_accounts(con) -> list[dict]:
    """The demo accounts the demo created in this store and that still have their public password
    (:func:`ktdash.ingest.masterdata.demo_accounts_present`): an account of the same name made by an admin is none."""
    from ktdash.ingest.masterdata import demo_accounts_present

    return demo_accounts_present(con)


def _login_form(con, lang: str) -> None:
    from ktdash.access import accounts
    from ktdash.core.formatting import markdown_escape

    notice = st.session_state.pop("login_notice", None)
    with st.expander(texts.t("login_title", lang), icon=":material/login:", expanded=bool(notice)):
        if notice:
            st.warning(texts.t(notice, lang))
        with st.form("login_form", clear_on_submit=True, border=False):
            name = st.text_input(texts.t("login_name", lang), key="login_name", autocomplete="username")
            password = st.text_input(texts.t("login_password", lang), type="password", key="login_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(texts.t("login_submit", lang), type="primary")
        if submitted:
            import duckdb

            try:
                user = accounts.authenticate(con, name, password)
                if user is not None:
                    st.session_state["auth_token"] = accounts.start_session(con, user)
                    st.session_state["session_cookie"] = st.session_state["auth_token"]
            except duckdb.TransactionException:  # a write conflict with another session: say so, never drop it
                _LOG.warning("login of a session not written: transaction conflict", exc_info=True)
                st.error(texts.t("login_busy", lang))
                return
            except Exception as exc:
                if not show_store_error(exc):  # a full disk, a read-only store …: a German message, else a bug
                    raise
            if user is not None:
                st.rerun()
            if accounts.failed_logins(con, name.strip()) >= accounts.MAX_FAILED_LOGINS:
                st.error(texts.t("login_locked", lang, name=markdown_escape(name.strip()),
                                 minutes=accounts.LOCKOUT_MINUTES))
            else:
                st.error(texts.t("login_failed", lang))
        if sso_configured():
            provider = settings().oidc_provider
            st.button(texts.t("login_sso", lang), key="login_sso", icon=":material/badge:",
                      on_click=st.login, args=(provider,) if provider else ())
        demo = _demo_accounts(con) if settings().demo and setup_choice(con) == DEMO else []  # a demo store only
        if demo:
            st.caption(texts.t("login_demo_accounts", lang, accounts="; ".join(
                f"{row['user_name']} / {row['password']} ({texts.t('role_' + row['role'], lang)})" for row in demo)))


def show_rejected(preview, file_name: str, lang: str) -> None:
    """The rejected rows of an import preview (line, column, value, code, message) with their CSV download."""
    if not preview.rows_rejected:
        return
    st.subheader(f"{texts.t('import_rejected_rows', lang)} ({preview.rows_rejected})")
    rejected = preview.rejected_frame(lang)
    show_table(rejected, lang, plain=(rejected.columns[0],))
    st.download_button(texts.t("import_rejected_download", lang), data=rejected_rows_csv(preview, lang),
                       file_name=f"abgelehnt_{file_name.rsplit('.', 1)[0]}.csv", mime="text/csv",
                       on_click="ignore")
