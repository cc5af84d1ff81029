"""Fixtures: a fresh in-memory store with a tiny master-data set, and an import helper."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit import config as streamlit_config
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

import server_support
from browser_support import LAUNCH_ARGS
from ktdash.core.settings import Settings
from ktdash.ingest.masterdata import load_master_data
from ktdash.ingest.pipeline import commit_import, prepare_import
from ktdash.store.connection import open_store

# .streamlit/config.toml redacts uncaught errors in the browser (client.showErrorDetails = "none", issue 15);
# AppTest runs in this process and should show a failing test its error in full
streamlit_config.set_option("client.showErrorDetails", "full")

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 1, 15)
KUSEL = "VG Kusel-Altenglan"


ROOT = Path(__file__).resolve().parent.parent


# --- markers (pyproject.toml): `pytest -m "not browser and not slow"` is the quick inner loop -------------------

# The modules that take longest, longest first (measured 2026-12-03 and, for the modules of issues 18/19, in the
# run of 2026-12-04 on a machine busy with other runs, scaled down): the workers take the modules in this order
# (--dist=loadscope --no-loadscope-reorder; a worker is given the next module when its own is almost done), so no
# long module starts late and keeps one worker alone at the end. The first builds the demo store; the second and
# third need none, so the other worker does not wait for it. A module not listed here comes after these, a browser
# module (marker ``browser``: a server start and page loads, 10–25 s) before the others, each group as collected.
LONGEST_FIRST = [
    "test_demo_end_to_end.py", "test_building_postcode.py", "test_hostile_files.py", "test_versions.py",
    "test_hostile_names_browser.py", "test_browser.py", "test_workshop_browser.py", "test_municipality_check.py",
    "test_german_ui_browser.py", "test_store_sharing_browser.py", "test_workshop.py", "test_backup.py",
    "test_cli_access.py", "test_failures.py",
    "test_setup_privacy.py", "test_browser_network.py", "test_report.py", "test_analytics_pages.py",
    "test_talk_page.py", "test_concurrency.py", "test_browser_measures.py", "test_page_access.py",
    "test_campaign_pages.py", "test_building_page.py", "test_maps.py", "test_degree_day_import.py", "test_crash.py",
    "test_quality.py", "test_import_other_paths.py", "test_export_formulas.py", "test_bench_load_profiles.py",
    "test_demo_climate.py",
]


def pytest_collection_modifyitems(items) -> None:
    """The modules in :data:`LONGEST_FIRST` order (then the other browser modules, then the rest, as collected);
    ``page`` on every test that runs the dashboard through AppTest, ``slow`` on every test that needs the demo store
    (``demo_template``: `ktdash init`, about half a minute per run). ``browser`` and the other ``slow`` tests are
    marked in their modules."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    browser_modules = {item.path.name for item in items if item.get_closest_marker("browser") is not None}

    def order(item) -> tuple[int, int]:
        name = item.path.name
        return rank.get(name, len(rank)), 0 if name in rank or name in browser_modules else 1

    items.sort(key=order)  # stable: a module's tests keep their order
    page_names: dict[object, set[str]] = {}
    for item in items:
        if "demo_template" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
        module = getattr(item, "module", None)
        function = getattr(item, "function", None)
        if module is None or function is None:
            continue
        if module not in page_names:
            page_names[module] = _page_functions(module)
        if _code_names(function.__code__) & page_names[module]:
            item.add_marker(pytest.mark.page)


def _code_names(code) -> set[str]:
    """The global and attribute names a function's code (and the code nested in it) uses."""
    import types

    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _page_functions(module) -> set[str]:
    """``AppTest``, :func:`open_page` and the names of the module's functions that call them, directly or through
    another such function (a module's ``page(…)`` or ``run_app(…)`` helper)."""
    import inspect

    functions = {name: f for name, f in vars(module).items()
                 if inspect.isfunction(f) and f.__module__ == module.__name__}
    found = {"AppTest", "open_page"}
    while more := {name for name, f in functions.items() if name not in found and _code_names(f.__code__) & found}:
        found |= more
    return found


# --- stores ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, worker_id) -> tuple[Path, str]:
    """The Westpfalz demo store as `ktdash init` makes it on a fresh machine (a subprocess, without the test's
    login variables), built once per test run — shared by the xdist workers of the run (the first builds it under
    a file lock, the others wait for it): (file, what init printed). Tests that change a store take a copy
    (:func:`demo_copy`) and never write the template; building it takes about 55 s (104 demo files)."""
    import fcntl

    if worker_id == "master":  # no xdist: this run's own temporary folder
        return _build_demo_template(tmp_path_factory.mktemp("demo_template"))
    shared = tmp_path_factory.getbasetemp().parent / "demo_template"  # the run's folder above the workers' ones
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "init_stdout.txt"
        if done.exists():
            return shared / "demo.duckdb", done.read_text(encoding="utf-8")
        db, stdout = _build_demo_template(shared)
        done.write_text(stdout, encoding="utf-8")
        return db, stdout


def _build_demo_template(folder: Path) -> tuple[Path, str]:
    db = folder / "demo.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("KTDASH_USER", "KTDASH_PASSWORD", "KTDASH_DEMO")}
    result = subprocess.run([sys.executable, "-m", "ktdash.cli.main", "init"], cwd=ROOT, capture_output=True, text=True,
                            env=env | {"KTDASH_DB": str(db)}, timeout=900)
    assert result.returncode == 0, result.stderr
    return db, result.stdout


def demo_copy(template: tuple[Path, str], tmp_path_factory, name: str) -> Path:
    """A copy of the demo store (the process that wrote it has ended: the file is complete)."""
    return copy_store(template[0], tmp_path_factory.mktemp(name) / "demo.duckdb")


def copy_store(source: Path, target: Path) -> Path:
    """A copy of the closed store file ``source`` (and its write-ahead log, if any) at ``target``."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    return target


def use_store(monkeypatch, path: Path) -> Path:
    """Point the dashboard and the CLI of this test at the store file ``path`` (``KTDASH_DB``), without the demo."""
    monkeypatch.setenv("KTDASH_DB", str(path))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    return path


@pytest.fixture
def app_store(store_template, tmp_path, monkeypatch) -> Path:
    """The store of a page test: a fresh copy of the module's ``store_template`` (a store file the module builds
    once, module scope) as ``KTDASH_DB``, without the demo. A test may write its copy; the next gets a new one."""
    return use_store(monkeypatch, copy_store(store_template, tmp_path / store_template.name))


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright's launch arguments: Debian's chromium (browser tests, :mod:`browser_support`)."""
    return LAUNCH_ARGS


@pytest.fixture
def settings() -> Settings:
    return Settings()


# --- the store: embedded, and on PostgreSQL when KTDASH_TEST_PG is set (tests/server_support.py) ------------------


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "embedded_only: the test reads the DuckDB file itself (no [server] run)")


def pytest_sessionstart(session) -> None:
    """In CI (``CI=true``) both modes must run: no reachable ``KTDASH_TEST_PG`` fails the session at once."""
    if os.environ.get("CI", "").lower() == "true" and not hasattr(session.config, "workerinput"):
        problem = server_support.problem()
        if problem:
            pytest.exit(f"CI must test the server mode too: {problem}", returncode=3)


def pytest_generate_tests(metafunc) -> None:
    """Every test of the ``store`` fixture once per mode of :func:`server_support.modes` (ids ``[embedded]``,
    ``[server]``; server mode for the modules of ``server_support.SERVER_MODULES``); one mode: no parameter, the
    ids stay as they are."""
    modes = server_support.modes(metafunc.definition.path.name)
    if "store" in metafunc.fixturenames and len(modes) > 1 and not metafunc.definition.get_closest_marker(
            "embedded_only"):
        metafunc.parametrize("store", modes, indirect=True)


def fill_store(con) -> None:
    load_master_data(con, DATA / "master")


@pytest.fixture(scope="session")
def server_database(worker_id):
    database = server_support.Database(worker_id, fill_store)
    yield database
    database.close()


@pytest.fixture
def store(request):
    """A store with the tiny master data: in memory, or (param ``server``) the worker's PostgreSQL test store, put
    back to the master data after the test."""
    if getattr(request, "param", "embedded") == "server":
        database = request.getfixturevalue("server_database")
        con = database.store()
        yield con
        database.reset(con)
        return
    con = open_store(":memory:")
    fill_store(con)
    yield con
    con.close()


@pytest.fixture
def prepare(store, settings):
    """prepare(content, name=…, municipality=…) → PreparedImport; content str is written as UTF-8."""

    def run(content, name="datei.csv", municipality=KUSEL, encoding="utf-8", **kwargs):
        data = content.encode(encoding) if isinstance(content, str) else content
        return prepare_import(store, data, name, municipality, settings=settings, today=TODAY, **kwargs)

    return run


@pytest.fixture
def load(store, prepare):
    """load(content, …) → preview, after committing; fails the test when rows were rejected."""

    def run(content, name="datei.csv", municipality=KUSEL, allow_rejections=False, confirm_municipality=False,
            **kwargs):
        prepared = prepare(content, name=name, municipality=municipality, **kwargs)
        if not allow_rejections:
            assert prepared.preview.rows_rejected == 0, prepared.preview.rejected_frame().to_string()
        commit_import(store, prepared, user="test", confirm_municipality=confirm_municipality)
        return prepared.preview

    return run


def yearly(store, building: str | None = None) -> dict[tuple[str, str, int], float]:
    """{(building, carrier, year): value} from the rollup, rounded to 3 decimals."""
    rows = store.execute("""
        SELECT b.name, r.carrier, year(r.month), round(sum(r.value), 3) FROM monthly_rollup r
        JOIN buildings b USING (building_id) GROUP BY ALL""").fetchall()
    return {(b, c, y): v for b, c, y, v in rows if building is None or b == building}


def monthly(store, building: str, carrier: str) -> dict[str, float]:
    rows = store.execute("""
        SELECT strftime(r.month, '%Y-%m'), round(r.value, 3) FROM monthly_rollup r JOIN buildings b USING (building_id)
        WHERE b.name = ? AND r.carrier = ? ORDER BY 1""", [building, carrier]).fetchall()
    return dict(rows)


# Accounts of the page and CLI tests: one per role, two managers of different municipalities.
TEST_PASSWORD = "Test-Passwort-2026"
TEST_ACCOUNTS = {"agentur": ("admin", []), "kusel": ("manager", ["VG Kusel-Altenglan"]),
                 "kl": ("manager", ["Stadt Kaiserslautern"]), "gast": ("viewer", [])}


def add_test_accounts(con) -> None:
    """:data:`TEST_ACCOUNTS` through ``add_user``, their one password hashed once per process: argon2 takes
    0.3–3 s a hash on two busy cores, and the stores of the page and CLI tests each have these four accounts."""
    from unittest import mock

    from ktdash.access import accounts

    hashed = _test_password_hash()
    with mock.patch.object(accounts, "hash_password", lambda password: hashed):
        for name, (role, municipalities) in TEST_ACCOUNTS.items():
            accounts.add_user(con, name, role, TEST_PASSWORD, municipalities=municipalities, by="test")


@functools.cache
def _test_password_hash() -> str:
    from ktdash.access import accounts

    return accounts.hash_password(TEST_PASSWORD)


def session_token(name: str) -> str:
    """A login session of the account ``name`` in the store ``KTDASH_DB`` (what the login form gives the browser).

    AppTest runs the entrypoint (with its sidebar login form) only on the first run, later runs only the page,
    so page tests log in with the token; the login form itself is tested in the browser (test_browser.py)."""
    import os

    from ktdash.access import accounts

    con = open_store(os.environ["KTDASH_DB"])
    try:
        return accounts.start_session(con, name)
    finally:
        con.close()


def make_store_file(path: Path, imports: list[tuple[str, str, str]] = (), accounts: bool = False) -> Path:
    """A store file with the test master data and (content, file name, municipality) imports; an existing store
    at ``path`` gets them on top. A new store is built once per process (:func:`_built_once`)."""
    if not path.exists():
        return _built_once(path, ("store", tuple(map(tuple, imports)), accounts),
                           lambda fresh: _fill_store(fresh, imports, accounts))
    return _fill_store(path, imports, accounts)


# Stores this process has built, by what went into them (and the KTDASH_* settings the import reads): the stores
# of the page and CLI tests take 5–30 s to build on two busy cores, and most tests of a module want the same one.
_BUILT: dict[tuple, Path] = {}


def _built_once(path: Path, what: tuple, build) -> Path:
    """The store ``build(path)`` makes, at the new ``path``: built the first time, a copy of that file after."""
    key = (what, tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("KTDASH_") and k != "KTDASH_DB")))
    if key in _BUILT:
        return copy_store(_BUILT[key], path)
    build(path)
    _BUILT[key] = copy_store(path, _built_folder() / f"{len(_BUILT)}.duckdb")
    return path


@functools.cache
def _built_folder() -> Path:
    import atexit
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ktdash-test-stores-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _fill_store(path: Path, imports, accounts: bool) -> Path:
    from ktdash.ingest.pipeline import import_file

    con = open_store(path)
    try:
        load_master_data(con, DATA / "master")
        for content, name, municipality in imports:
            preview, result = import_file(con, content.encode(), name, municipality, settings=Settings(), user="test")
            assert result is not None, preview.rejected_frame().to_string()
        if accounts:
            add_test_accounts(con)
    finally:
        con.close()
    return path


# The small analytics store: Rathaus Kusel (1.000 m², 2022 and 2024) and Rathaus KL (no area), flat weather.
ANALYTICS_BUILDINGS = "Liegenschaft;Nutzungsart;Bezugsfläche NGF (m²);Baujahr\nRathaus Kusel;Verwaltung;1.000;1965\n"
ANALYTICS_YEARS = ("Liegenschaft;Energieträger;Jahr;Verbrauch;Einheit\n"
                   "Rathaus Kusel;Strom;2022;20.000;kWh\nRathaus Kusel;Erdgas;2022;100.000;kWh\n"
                   "Rathaus Kusel;Strom;2024;18.000;kWh\nRathaus Kusel;Erdgas;2024;90.000;kWh\n")
ANALYTICS_KL = ANALYTICS_YEARS.replace("Rathaus Kusel", "Rathaus KL").replace("18.000", "22.000").replace(
    "90.000", "110.000")


def make_analytics_store_file(path: Path, extra: list[tuple[str, str, str]] = (), accounts: bool = False) -> Path:
    """The small analytics store (reference data, degree days = long-term mean in every month of 2022 and 2024,
    so no weather effect) with the ``extra`` (content, file name, municipality) imports after it; built once per
    process (:func:`_built_once`)."""
    return _built_once(path, ("analytics", tuple(map(tuple, extra)), accounts),
                       lambda fresh: _fill_analytics_store(fresh, extra, accounts))


def _fill_analytics_store(path: Path, extra, accounts: bool) -> Path:
    from climate_support import set_test_climate
    from ktdash.analytics.reference import load_reference_data

    make_store_file(path, [(ANALYTICS_BUILDINGS, "gebaeude.csv", "VG Kusel-Altenglan"),
                           (ANALYTICS_YEARS, "jahre.csv", "VG Kusel-Altenglan"),
                           (ANALYTICS_KL, "kl.csv", "Stadt Kaiserslautern")], accounts=accounts)
    con = open_store(path)
    try:
        load_reference_data(con)
        set_test_climate(con, {f"{y}-{m:02d}": 300 for y in (2022, 2024) for m in range(1, 13)}, 300)
    finally:
        con.close()
    return make_store_file(path, extra) if extra else path


def open_page(path: str, lang: str = "de", timeout: float = 60, user: str | None = None, **query):
    """AppTest of the dashboard switched to the page ``path`` with the URL query ``query``, logged in as ``user``
    (one of :data:`TEST_ACCOUNTS`) when given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=timeout)
    if lang == "en":
        at.query_params["lang"] = "en"
    if user is not None:
        at.session_state["auth_token"] = session_token(user)
    at.run()
    at.switch_page(path)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def deep_link(at, path: str):
    """Run ``at`` (an AppTest of app.py, not run yet) on the page ``path`` the way a bookmark opens it: the first
    run is already that page's run (its url_path is its file name), not a run of the default page Übersicht
    before it — half the work of :func:`open_page`'s run, switch_page, run. Unlike there, the elements are those
    of the whole app (AppTest runs app.py with its sidebar — language, login form — only on the first run, later
    runs only the page): for a test that looks at the page's content, not at what the sidebar lacks. Then
    ``switch_page`` as after a first run: a page the navigation does not offer raises ValueError as in
    :func:`open_page`; had the run landed on another page, the page runs."""
    at.switch_page(path)
    at.run()
    ran = getattr(at, "_finished_page_script_hash", None)
    at.switch_page(path)
    if ran is None or ran != getattr(at, "_page_hash", None):
        at.run()
    return at

@pytest.fixture
def downloads(monkeypatch):
    """Bytes of every st.download_button of a run, by the file name the user gets: files given as bytes, and
    files written on click (``data=callable``) except chart images (PNG, SVG, PDF through kaleido), whose
    callables are called here as a click would."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, bytes] = {}

    class Recording(MemoryMediaFileStorage):
        def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
            if isinstance(path_or_data, bytes) and filename:
                files[filename] = path_or_data
            return super().load_and_get_id(path_or_data, mimetype, kind, filename)

    add_deferred = MediaFileManager.add_deferred

    def recording_add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name and not (mimetype or "").startswith("image/") and mimetype != "application/pdf":
            data = data_callable()
            files[file_name] = data.encode("utf-8") if isinstance(data, str) else data
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add_deferred)
    return files
