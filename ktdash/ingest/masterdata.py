"""Master data of the Westpfalz: districts and municipalities with official keys
and population (sources in ``sample_data/master/README.md``), and the demo.

The demo is loaded through the real import (:mod:`ktdash.ingest.pipeline`), file by
file, in the order of ``sample_data/demo/manifest.csv``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from ktdash.analytics import climate, rollup
from ktdash.analytics.alerts import check_all
from ktdash.ingest.pipeline import import_file
from ktdash.analytics.reference import load_reference_data
from ktdash.core.settings import Settings
from ktdash.store.connection import bump_data_version, transaction

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
MASTER_DIR = SAMPLE_DATA / "master"
DEMO_DIR = SAMPLE_DATA / "demo"


def load_master_data(con, master_dir: Path = MASTER_DIR) -> tuple[int, int]:
    """Insert or update districts and municipalities; returns their counts."""
    districts = str(master_dir / "districts.csv")
    municipalities = str(master_dir / "municipalities.csv")
    options = "header = true, delim = ',', all_varchar = true, encoding = 'utf-8'"
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv(?, {options})", [municipalities]).fetchall()]
    postcode = "nullif(trim(postcode), '')" if "postcode" in columns else "NULL"  # an optional column
    with transaction(con):
        con.execute(f"""
            INSERT INTO districts
            SELECT district_key, name, kind, TRY_CAST(population AS INTEGER), TRY_CAST(population_date AS DATE)
            FROM read_csv(?, {options})
            ON CONFLICT (district_key) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                population = excluded.population, population_date = excluded.population_date""", [districts])
        con.execute(f"""
            INSERT INTO municipalities
            (municipality_key, name, district_key, kind, population, population_date, postcode)
            SELECT municipality_key, name, district_key, kind, TRY_CAST(population AS INTEGER),
                   TRY_CAST(population_date AS DATE), {postcode}
            FROM read_csv(?, {options})
            ON CONFLICT (municipality_key) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                population = excluded.population, population_date = excluded.population_date,
                -- the shipped postcode (seat of the administration) only where none is set: an admin's stays
                postcode = coalesce(municipalities.postcode, excluded.postcode)""", [municipalities])
        load_places(con, master_dir)
        orphans = con.execute("SELECT string_agg(name, ', ') FROM municipalities WHERE district_key NOT IN "
                              "(SELECT district_key FROM districts)").fetchone()[0]
        if orphans:
            raise ValueError(f"municipalities without a district in {master_dir}: {orphans}")
        bump_data_version(con)
    return (con.execute("SELECT count(*) FROM districts").fetchone()[0],
            con.execute("SELECT count(*) FROM municipalities").fetchone()[0])


def load_places(con, master_dir: Path = MASTER_DIR) -> int:
    """Gemeinden (8-digit AGS) → owner key from ``places.csv``: how register data find their municipality."""
    places = master_dir / "places.csv"
    if not places.exists():
        return 0
    con.execute("""
        INSERT INTO places SELECT ags, name, municipality_key
        FROM read_csv(?, header = true, delim = ',', all_varchar = true, encoding = 'utf-8')
        ON CONFLICT (ags) DO UPDATE SET name = excluded.name, municipality_key = excluded.municipality_key""",
                [str(places)])
    unknown = con.execute("SELECT string_agg(ags, ', ') FROM places WHERE municipality_key NOT IN "
                          "(SELECT municipality_key FROM municipalities)").fetchone()[0]
    if unknown:
        raise ValueError(f"places without a municipality in {places}: {unknown}")
    return con.execute("SELECT count(*) FROM places").fetchone()[0]


def demo_files(demo_dir: Path = DEMO_DIR) -> list[tuple[Path, str]]:
    """(file, municipality key) in import order."""
    with (demo_dir / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["order"]))
    return [(demo_dir / r["file"], r["municipality_key"]) for r in rows]


def has_data(con) -> bool:
    return con.execute("SELECT count(*) FROM imports").fetchone()[0] > 0


def load_demo(con, settings: Settings, demo_dir: Path = DEMO_DIR,
              progress: Callable[[int, int, str], None] | None = None) -> list:
    """Import every demo file through the real import; stops at the first file with rejected rows. Then the
    network's office hours and support requests (:func:`load_talk_demo`: after the people file, whose people take
    the requests)."""
    results = []
    files = demo_files(demo_dir)
    for number, (path, municipality_key) in enumerate(files, start=1):
        if progress:
            progress(number, len(files), path.name)
        preview, result = import_file(con, path.read_bytes(), path.name, municipality_key, settings=settings,
                                      user="demo", check_alerts=False)  # history, not news: no alerts
        if result is None:
            raise RuntimeError(f"demo file {path.name} was rejected: {preview.rows_rejected} rows\n"
                               f"{preview.rejected.head(20).to_string()}")
        results.append(result)
    load_talk_demo(con, demo_dir)  # the network's office hours and requests (after the people file)
    # then every rule once over the whole demo, so that the demo's managers find their inbox as after their own
    # imports (the Auffälligkeiten page, the Datenqualität page's weather findings)
    check_all(con, "demo")
    return results


DEMO_TALK_DATES = "netzwerk_termine.csv"
DEMO_REQUESTS = "netzwerk_anfragen.csv"


def _demo_users(con) -> dict:
    """The demo accounts as :class:`ktdash.access.permissions.User` (their municipalities by key): who generates
    the office hours and files, takes and answers the demo's requests. The accounts themselves are stored after
    the demo (:func:`add_demo_accounts`); the talk functions check the rights of these users."""
    from ktdash.access.permissions import Role, User
    from ktdash.store.records import find_municipality

    users = {}
    for row in demo_accounts():
        keys = frozenset(found[0] for name in row["municipalities"].split("|") if name
                         and (found := find_municipality(con, name)) is not None)
        users[row["user_name"]] = User(name=row["user_name"], role=Role(row["role"]), municipalities=keys,
                                       display_name=row["display_name"])
    return users


def _read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _instant(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def load_talk_demo(con, demo_dir: Path = DEMO_DIR) -> int:
    """The demo's Klima.Taten.Talk through :mod:`ktdash.ingest.talk`, as the regional office and the members would
    have entered it: the office hours of ``netzwerk_termine.csv`` (a series, dates cancelled), then each request of
    ``netzwerk_anfragen.csv`` filed, taken and answered at its own times (``now`` of each call). Returns the number of
    requests; nothing without the files."""
    from ktdash.ingest import talk

    dates_file, requests_file = demo_dir / DEMO_TALK_DATES, demo_dir / DEMO_REQUESTS
    if not dates_file.exists() or not requests_file.exists():
        return 0
    users = _demo_users(con)
    admin = next(u for u in users.values() if u.role == "admin")
    dates = _read_rows(dates_file)
    for row in (r for r in dates if r["art"] == "reihe"):
        talk.generate_series(con, admin, datetime.fromisoformat(row["beginn"]), date.fromisoformat(row["bis"]),
                             every_days=int(row["alle_tage"]), minutes=int(row["minuten"]), series=row["notiz"])
    talk_ids = {starts: talk_id for talk_id, starts in con.execute(
        "SELECT talk_id, starts_at FROM talk_dates").fetchall()}
    for row in (r for r in dates if r["art"] == "abgesagt"):
        talk.set_cancelled(con, admin, talk_ids[datetime.fromisoformat(row["beginn"])], True, row["notiz"])
    requests = _read_rows(requests_file)
    for row in requests:
        request = talk.RequestIn(kind=row["art"], topic=row["thema"], municipality_key=row["kommune"],
                                 description=row["beschreibung"], urgency=row["dringlichkeit"],
                                 talk_id=talk_ids[datetime.fromisoformat(row["termin"])] if row["termin"] else None)
        number = talk.file_request(con, users[row["eingereicht_von"]], request, now=_instant(row["eingereicht"]))
        handler = users[row["uebernommen_von"] or row["eingereicht_von"]]
        if row["uebernommen_von"]:
            talk.take_request(con, handler, number, now=_instant(row["erste_antwort"]))
        if row["status"] == "done":
            talk.answer_request(con, handler, number, row["antwort"], "done", now=_instant(row["erledigt"]))
    return len(requests)


def ensure_reference_data(con, analytics=None) -> bool:
    """Reference data and the shipped climate data (DWD degree days per station, postcodes) into a store
    that has none yet (a new store, or one made before); True when something was loaded. With ``analytics``
    (:class:`ktdash.core.settings.AnalyticsSettings`) the store's climate settings follow them
    (:func:`ktdash.analytics.climate.sync_settings`). Cheap when all is there."""
    loaded = False
    if not con.execute("SELECT count(*) FROM comparison_values").fetchone()[0]:
        load_reference_data(con)
        loaded = True
    if not con.execute("SELECT count(*) FROM places").fetchone()[0] and load_places(con):
        loaded = True
    if not con.execute("SELECT count(*) FROM emission_factors WHERE factor_set = 'bisko'").fetchone()[0]:
        load_reference_data(con)  # a store from before the BISKO set: add it (the direct rows stay)
        loaded = True
    if climate.ensure_climate(con):
        rollup.refresh_all(con, yearly_only=True)
        loaded = True
    if analytics is not None and climate.sync_settings(con, analytics):
        loaded = True
    return loaded


DEMO_ACCOUNTS = DEMO_DIR.parent / "demo_accounts.csv"


@functools.lru_cache(maxsize=4)  # the login form asks on every page run
def demo_accounts(path: Path = DEMO_ACCOUNTS) -> tuple[dict, ...]:
    """The demo's accounts (name, role, municipalities separated by ``|``, password, display name): for
    trying the dashboard only, their passwords are public (README)."""
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def add_demo_accounts(con, path: Path = DEMO_ACCOUNTS) -> int:
    """The demo accounts into a store without any account; returns how many were added."""
    from ktdash.access import accounts

    if accounts.has_accounts(con):
        return 0
    rows = demo_accounts(path)
    for row in rows:
        accounts.add_user(con, row["user_name"], row["role"], row["password"], display_name=row["display_name"],
                      municipalities=[m for m in row["municipalities"].split("|") if m], by="demo")
    return len(rows)


SETUP_KEY = "setup"  # store_state: the set-up choice, DEMO or NO_DEMO (ktdash init [--no-demo], the app's first start)
DEMO, NO_DEMO = "demo", "no_demo"


def setup_choice(con) -> str | None:
    """The store's set-up choice: :data:`DEMO` (the Westpfalz demo with its demo accounts), :data:`NO_DEMO`
    (real data only: nothing ever loads the demo or the demo accounts into it, whatever ``KTDASH_DEMO`` says),
    or ``None`` while the store is not set up (no municipalities yet).

    Recorded by :func:`init_store`. A store set up before the choice was recorded counts as a demo store when
    it holds an import of the demo (user ``demo``), else as set up without the demo."""
    row = con.execute("SELECT value FROM store_state WHERE key = ?", [SETUP_KEY]).fetchone()
    if row is not None:
        return row[0]
    if not con.execute("SELECT count(*) FROM municipalities").fetchone()[0]:
        return None
    return DEMO if con.execute("SELECT count(*) FROM imports WHERE user_name = 'demo'").fetchone()[0] else NO_DEMO


def needs_setup(con, demo: bool) -> bool:
    """Whether a first start with ``KTDASH_DEMO`` = ``demo`` has anything to load: a store not set up yet, or a
    demo store whose demo did not get to its first import (an interrupted first start)."""
    choice = setup_choice(con)
    return choice is None or (choice == DEMO and demo and not has_data(con))


def demo_accounts_present(con) -> list[dict]:
    """The demo accounts (:func:`demo_accounts`) the demo itself created in this store and that still have
    their public password: active, last added by ``demo`` (the audit log), no password set since."""
    rows = {row["user_name"]: row for row in demo_accounts()}
    if not rows:
        return []
    present = {name for (name,) in con.execute("""
        SELECT u.user_name FROM users u
        JOIN (SELECT object, arg_max(user_name, audit_id) AS added_by, max(audit_id) AS added_at FROM audit_log
              WHERE action = 'user_add' GROUP BY object) a ON a.object = u.user_name
        WHERE NOT u.disabled AND a.added_by = 'demo' AND list_contains(?, u.user_name)
          AND NOT EXISTS (SELECT 1 FROM audit_log p WHERE p.action = 'password_set' AND p.object = u.user_name
                          AND p.audit_id > a.added_at)""", [list(rows)]).fetchall()}
    return [row for name, row in rows.items() if name in present]


def init_store(con, settings: Settings, demo: bool = True,
               progress: Callable[[int, int, str], None] | None = None) -> int:
    """Master data, reference data (comparison values replaced by the shipped table), the shipped degree
    days where none are stored, and the demo with its accounts into an empty store. Returns the number of
    demo files imported.

    The choice ``demo`` is recorded (:func:`setup_choice`) in a store not set up yet; a store set up without
    the demo stays so (``demo=True`` loads nothing into it), while ``demo=False`` on a demo store records
    that it is set up without the demo from now on (nothing is deleted; the login form stops listing the
    demo accounts)."""
    choice = setup_choice(con)
    if choice is None or not demo:
        choice = DEMO if demo else NO_DEMO
        with transaction(con):
            con.execute("INSERT INTO store_state VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [SETUP_KEY, choice])
    load_master_data(con)
    load_reference_data(con)
    ensure_reference_data(con, settings.analytics)
    if choice == DEMO and not has_data(con):
        files = len(load_demo(con, settings, progress=progress))
        add_demo_accounts(con)
        return files
    return 0
