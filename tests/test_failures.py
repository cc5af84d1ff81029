"""No traceback reaches a user (issue 15, items 6, 7, 8b, 8c).

A locked, read-only, full, damaged store, a failed migration and running out of memory each give a German
message saying what happened and what to do: on the CLI (a subprocess, as an operator runs it) with exit code
2 and nothing changed in the store, on the dashboard (AppTest of app.py) as ``st.error`` without an exception
element. ``ktdash history`` needs a login; store and backups are created 0600.

Read-only and full disks are real where the test can mount (root: a read-only bind mount of the store's folder,
a small tmpfs filled up); otherwise the CLI cases are simulated at the OS/DuckDB call (the reason is in the
skip message of the page cases). A held lock is another process holding the file; a broken store is a garbage
file; a failed migration is a monkeypatched bad migration; out of memory is a MemoryError or DuckDB's
OutOfMemoryException raised where the work would run (a real one would need gigabytes).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import KUSEL, ROOT, TEST_PASSWORD, make_analytics_store_file

if str(ROOT) not in sys.path:  # pages.common, as AppTest imports it
    sys.path.insert(0, str(ROOT))

MONTHS = "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit\nRathaus Kusel;Strom;03.2024;1.200;kWh\n"
BAD_MIGRATION = "CREATE TABLE kaputt (x INTEGER); SELEC nonsense"


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path(f"/tmp/ktdash-mount-probe-{uuid.uuid4().hex}")
    probe.mkdir()
    try:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                          capture_output=True).returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


MOUNT = os.environ.get("KTDASH_TEST_SIMULATE_MOUNTS") != "1" and _can_mount()  # "1": run the simulations
needs_mount = pytest.mark.skipif(not MOUNT, reason="mount not possible here (not root / no CAP_SYS_ADMIN): "
                                                   "the CLI cases run simulated, the page cases need a real mount")


@contextlib.contextmanager
def mounted(*args: str, target: Path):
    subprocess.run(["mount", *args, str(target)], check=True)
    try:
        yield target
    finally:  # a process still holding a file (a failed test's connection) must not leave the mount behind
        if subprocess.run(["umount", str(target)]).returncode:
            subprocess.run(["umount", "-l", str(target)], check=True)


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    """Test master data, three imports, reference data and the test accounts (agentur admin, kusel, kl, gast)."""
    return make_analytics_store_file(tmp_path_factory.mktemp("failures") / "base.duckdb", accounts=True)


@pytest.fixture(scope="module")
def upload(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("upload") / "maerz.csv"
    path.write_text(MONTHS, encoding="utf-8")
    return path


def copy_store(base: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(base, folder / "store.duckdb"))


def fingerprint(path: Path) -> tuple[str, bool]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), Path(str(path) + ".wal").exists()


def start_cli(db: Path, *args: str, preamble: str = "", user: str = "agentur") -> subprocess.Popen:
    """``ktdash ARGS`` in a fresh Python (``preamble`` runs first: the simulations), logged in as ``user``."""
    code = preamble + "\nimport sys\nfrom ktdash.cli.main import main\nsys.exit(main(sys.argv[1:]))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTDASH_")}
    env |= {"KTDASH_DB": str(db), "KTDASH_USER": user, "KTDASH_PASSWORD": TEST_PASSWORD, "KTDASH_DEMO": "0",
            "KTDASH_STORE_WAIT_S": os.environ.get("KTDASH_STORE_WAIT_S", "120")}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


def refused(process: subprocess.Popen, *phrases: str, absent: tuple[str, ...] = ()) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, (process.args[3:], out, err)
    assert "Traceback" not in out + err and "Error:" not in err.split("(")[0], err
    for phrase in phrases:
        assert phrase in err, (phrase, err)
    for phrase in absent:
        assert phrase not in err, (phrase, err)
    return err


def cli(db: Path, *args: str, phrases: tuple[str, ...], absent: tuple[str, ...] = (), preamble: str = "") -> str:
    return refused(start_cli(db, *args, preamble=preamble), *phrases, absent=absent)


def cli_here(db: Path, *args, capsys, monkeypatch, phrases: tuple[str, ...], absent: tuple[str, ...] = ()) -> str:
    """``ktdash ARGS`` in this process (faster than a fresh Python; the subprocess cases show the real stderr)."""
    from ktdash.cli import main as ktcli

    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.setenv("KTDASH_USER", "agentur")
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    capsys.readouterr()
    assert ktcli.main([str(a) for a in args]) == 2, args
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    for phrase in phrases:
        assert phrase in err, (phrase, err)
    for phrase in absent:
        assert phrase not in err, (phrase, err)
    return err


def page_error(db: Path, monkeypatch, before=None) -> str:
    """The dashboard's first page on the store ``db``: one German st.error, no exception element; its text."""
    monkeypatch.setenv("KTDASH_DB", str(db))
    monkeypatch.setenv("KTDASH_DEMO", "0")
    at = AppTest.from_file("../app.py", default_timeout=60)
    if before is not None:
        at = before(at)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert "Traceback" not in errors[0] and "File \"" not in errors[0]
    return errors[0]


# --- locked --------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_locked_store_says_per_command_what_could_not_run(base_store, upload, tmp_path, monkeypatch, capsys):
    from ktdash.access.backup import backup
    from ktdash.store.connection import open_store

    db = copy_store(base_store, tmp_path / "locked")
    con = open_store(db)
    try:
        saved = backup(con, tmp_path / "sicherung.duckdb").path
    finally:
        con.close()
    before = fingerprint(db)
    monkeypatch.setenv("KTDASH_STORE_WAIT_S", "0.5")  # each waits half a second for the holder, then gives up
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        opened = f"von dem Programm {Path(sys.executable).name} (Prozess {holder.pid}) geöffnet"
        common = (opened, "Nichts geändert", "gewartet", "KTDASH_STORE_WAIT_S")
        listing = start_cli(db, "imports")
        cli_here(db, "export", "monthly", capsys=capsys, monkeypatch=monkeypatch,
                 phrases=(*common, "der Export wartet darauf", "hat der Export gewartet"), absent=("Seite „Import“",))
        cli_here(db, "import", upload, "--municipality", KUSEL, capsys=capsys, monkeypatch=monkeypatch,
                 phrases=(*common, "hat der Import gewartet"))
        cli_here(db, "backup", tmp_path / "neu.duckdb", capsys=capsys, monkeypatch=monkeypatch,
                 phrases=(*common, "hat die Sicherung gewartet"), absent=("Seite „Import“",))
        cli_here(db, "restore", saved, capsys=capsys, monkeypatch=monkeypatch,
                 phrases=(*common, "die Wiederherstellung", "beenden Sie dafür das Dashboard"),
                 absent=("Seite „Import“",))
        refused(listing, *common, "die Liste der Importe", absent=("Seite „Import“",))
        message = page_error(db, monkeypatch)
        assert opened in message, message
        assert "so lange hat die Seite gewartet" in message and "Laden Sie die Seite gleich noch einmal" in message
    finally:
        holder.kill()
        holder.wait()
    assert fingerprint(db) == before
    assert not (tmp_path / "neu.duckdb").exists() and not (tmp_path / "store.duckdb.bak").exists()


# --- read-only -----------------------------------------------------------------------------------------------

READ_ONLY_SIMULATION = """
import duckdb
_connect = duckdb.connect
def _read_only(path, *args, read_only=False, **kwargs):
    if not read_only and str(path) != ":memory:":
        raise duckdb.IOException(f'IO Error: Cannot open file "{path}": Read-only file system')
    return _connect(path, *args, read_only=read_only, **kwargs)
duckdb.connect = _read_only
"""


@pytest.mark.skipif(MOUNT, reason="a real read-only bind mount is used (test below)")
def test_a_read_only_store_simulated_at_the_duckdb_call(base_store, tmp_path):
    db = copy_store(base_store, tmp_path / "ro")
    before = fingerprint(db)
    cli(db, "imports", phrases=("schreibgeschützt", "Schreibrechte"), preamble=READ_ONLY_SIMULATION)
    assert fingerprint(db) == before


@needs_mount
def test_a_read_only_store_and_folder(base_store, upload, tmp_path, monkeypatch, capsys):
    """The store's folder mounted read-only: every command (``imports`` too, which crashed before) and the page
    say so. Then the file alone writable in the read-only folder (bind-mounted over it): reading works, an
    import fails at the COMMIT (the .wal cannot be made) with the same message."""
    source = copy_store(base_store, tmp_path / "rw")
    before = fingerprint(source)
    view = tmp_path / "ro"
    view.mkdir()
    with mounted("--bind", str(tmp_path / "rw"), target=view):
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        db = view / "store.duckdb"
        cli(db, "imports", phrases=("schreibgeschützt", "Schreibrechte auf die Datei und ihren Ordner"))
        cli_here(db, "import", upload, "--municipality", KUSEL, capsys=capsys, monkeypatch=monkeypatch,
                 phrases=("schreibgeschützt", "der Import"))
        assert "schreibgeschützt" in page_error(db, monkeypatch)
        with mounted("--bind", str(source), target=db):  # the file writable, its folder not
            from ktdash.cli import main as ktcli

            assert ktcli.main(["imports"]) == 0 and "jahre.csv" in capsys.readouterr().out
            cli(db, "import", upload, "--municipality", KUSEL, phrases=("schreibgeschützt", "der Import"))
    assert fingerprint(source) == before


# --- full disk -----------------------------------------------------------------------------------------------

FULL_DISK_SIMULATION = """
import contextlib, duckdb
import ktdash.store.connection as _store
_transaction = _store.transaction
@contextlib.contextmanager
def _full(con):
    with _transaction(con):
        yield con
        raise duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write file '
                                          '"store.duckdb.wal": No space left on device')
_store.transaction = _full
"""


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as file, contextlib.suppress(OSError):
        while True:
            file.write(b"\0" * 65536)
            file.flush()


@pytest.mark.skipif(MOUNT, reason="a real full tmpfs is used (test below)")
def test_a_full_disk_simulated_at_the_commit(base_store, upload, tmp_path):
    db = copy_store(base_store, tmp_path / "full")
    before = fingerprint(db)
    cli(db, "import", upload, "--municipality", KUSEL, phrases=("ist voll", "der Import", "Nichts geändert"),
        preamble=FULL_DISK_SIMULATION)
    assert fingerprint(db)[0] == before[0]


def dashboard_store(db: Path):
    """The dashboard's process-wide store of ``db`` (:class:`ktdash.store.sharing.SharedStore`)."""
    from ktdash.store.sharing import shared_store

    return shared_store(db)


@needs_mount
@pytest.mark.slow
def test_a_full_disk_at_commit_and_at_login(base_store, upload, tmp_path, monkeypatch, capsys):
    from datetime import UTC, datetime, timedelta

    from ktdash.access import accounts
    from ktdash.i18n import texts
    from ktdash.store.connection import open_store

    disk = tmp_path / "disk"
    disk.mkdir()
    size = base_store.stat().st_size // 1048576 + 6
    with mounted("-t", "tmpfs", "-o", f"size={size}m", "tmpfs", target=disk):
        db = copy_store(base_store, disk)
        fill(disk)
        from ktdash.cli import main as ktcli

        monkeypatch.setenv("KTDASH_DB", str(db))
        assert ktcli.main(["imports"]) == 0  # reading still works on a full disk
        assert capsys.readouterr().out.count("gespeichert") == 3  # the status worded, not its code
        cli(db, "import", upload, "--municipality", KUSEL,
            phrases=("ist voll", "der Import", "Nichts geändert", "Schaffen Sie Platz"))
        cli_here(db, "history", capsys=capsys, monkeypatch=monkeypatch,  # the login is logged: no space for it
                 phrases=("ist voll", "das Protokoll", "auch keine Anmeldung"))
        (disk / "filler").unlink()
        # the page's first visit with space left (the set-up choice is recorded then); a session from two
        # minutes ago (its check writes last_seen), then the login with no space left
        monkeypatch.setenv("KTDASH_DB", str(db))
        monkeypatch.setenv("KTDASH_DEMO", "0")
        at = AppTest.from_file("../app.py", default_timeout=60).run()
        assert not at.exception and not at.error
        con = open_store(db)  # the same DuckDB instance as the dashboard's while both are open
        token = accounts.start_session(con, "agentur",
                                       now=datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=2))
        sessions = con.execute("SELECT token_sha256, last_seen FROM sessions").fetchall()
        con.execute("CHECKPOINT")  # an empty .wal: the next write needs a new block of the disk
        fill(disk)
        try:
            at = AppTest.from_file("../app.py", default_timeout=60)
            at.session_state["auth_token"] = token
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            assert [e.value for e in at.error] == [texts.t("store_error_disk_full_page")]
            assert con.execute("SELECT token_sha256, last_seen FROM sessions").fetchall() == sessions
        finally:
            con.close()
            dashboard_store(db).close()  # the dashboard's connection: the disk is unmounted after the test
        (disk / "filler").unlink()
        con = open_store(db)
        try:
            assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 3  # nothing stored
            assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
        finally:
            con.close()


# --- broken store, failed migration, out of memory ---------------------------------------------------------

def test_a_broken_store(tmp_path, monkeypatch, capsys):
    db = tmp_path / "kaputt" / "store.duckdb"
    db.parent.mkdir()
    db.write_bytes(b"kein DuckDB, nur Text\n" * 5000)
    before = fingerprint(db)
    cli(db, "imports", phrases=("lässt sich nicht lesen", "ktdash restore DATEI", "Nichts geändert"))
    cli_here(db, "export", "kpis", capsys=capsys, monkeypatch=monkeypatch, phrases=("lässt sich nicht lesen",))
    assert "beschädigt" in page_error(db, monkeypatch)
    assert fingerprint(db) == before


MIGRATION_PATCH = f"""
import ktdash.store.connection as _store
_migrations = _store.migrations
_store.migrations = lambda: _migrations() + [(999, "999_kaputt.sql", {BAD_MIGRATION!r})]
"""


def test_a_failed_migration_keeps_the_store_at_its_version(base_store, tmp_path, monkeypatch):
    import ktdash.store.connection as store

    db = copy_store(base_store, tmp_path / "migration")
    con = store.open_store(db)
    version = store.schema_version(con)
    con.close()
    before = fingerprint(db)
    cli(db, "imports", phrases=("Migration 999_kaputt.sql", "bleibt auf ihrem bisherigen Stand"),
        preamble=MIGRATION_PATCH)
    migrations = store.migrations
    monkeypatch.setattr(store, "migrations", lambda: migrations() + [(999, "999_kaputt.sql", BAD_MIGRATION)])
    assert "nicht auf den Stand dieser ktdash-Version" in page_error(db, monkeypatch)
    monkeypatch.setattr(store, "migrations", migrations)
    assert fingerprint(db)[0] == before[0]
    con = store.connect(db, read_only=True)
    try:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == version
        assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'kaputt'").fetchone()[0]
    finally:
        con.close()


OUT_OF_MEMORY = "duckdb.OutOfMemoryException('Out of Memory Error: failed to allocate data of size 2.0 GiB')"


def test_out_of_memory(base_store, tmp_path, monkeypatch, capsys):
    """Where an XLSX bomb (MemoryError) or a huge query (DuckDB's OutOfMemoryException) runs out of memory: in
    the command (a fresh Python; in this process), in the page's run."""
    import duckdb

    import pages.common
    from ktdash.cli import main as ktcli

    db = copy_store(base_store, tmp_path / "memory")
    before = fingerprint(db)
    patch = ("import duckdb\nimport ktdash.cli.main as _cli\n"
             "def _boom(*a, **k):\n    raise MemoryError()\n_cli.COMMANDS['imports'] = _boom\n")
    cli(db, "imports", phrases=("Arbeitsspeicher reichte nicht", "die Liste der Importe"), preamble=patch)

    def boom(*args, **kwargs):
        raise eval(OUT_OF_MEMORY, {"duckdb": duckdb})

    monkeypatch.setitem(ktcli.COMMANDS, "imports", boom)
    cli_here(db, "imports", capsys=capsys, monkeypatch=monkeypatch, phrases=("Arbeitsspeicher reichte nicht",))
    for error in (MemoryError(), eval(OUT_OF_MEMORY, {"duckdb": duckdb})):
        def fail(lang, error=error):
            raise error

        monkeypatch.setattr(pages.common, "ensure_demo", fail)
        assert "Arbeitsspeicher des Servers" in page_error(db, monkeypatch)
    assert fingerprint(db)[0] == before[0]


def test_a_bug_still_reaches_the_tests_and_production_hides_details(tmp_path, monkeypatch):
    """Anything that is no store error is re-raised: AppTest (showErrorDetails full in conftest) sees it; the
    production setting hides the traceback from the browser."""
    import tomllib

    import pages.common

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"

    def bug(lang):
        raise KeyError("ein Fehler im Programm")

    monkeypatch.setattr(pages.common, "ensure_demo", bug)
    monkeypatch.setenv("KTDASH_DB", str(tmp_path / "neu.duckdb"))
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert at.exception and "ein Fehler im Programm" in at.exception[0].value


# --- history needs a login; file modes ---------------------------------------------------------------------

def test_history_needs_a_login_and_only_admins_see_logins(base_store, tmp_path, monkeypatch, capsys):
    from ktdash.access import accounts
    from ktdash.cli import main as ktcli
    from ktdash.store.connection import open_store

    db = copy_store(base_store, tmp_path / "history")
    con = open_store(db)
    try:
        assert accounts.authenticate(con, "kusel", "falsch-falsch-falsch") is None  # a failed login in the log
    finally:
        con.close()
    monkeypatch.setenv("KTDASH_DB", str(db))
    for name in ("KTDASH_USER", "KTDASH_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert ktcli.main(["history"]) == 2
    captured = capsys.readouterr()
    assert "nur nach einer Anmeldung" in captured.err and captured.out == ""
    assert ktcli.main(["history", "--corrections"]) == 2
    assert "nur nach einer Anmeldung" in capsys.readouterr().err
    monkeypatch.setenv("KTDASH_PASSWORD", TEST_PASSWORD)
    assert ktcli.main(["history", "--as", "gast"]) == 0
    captured = capsys.readouterr()
    assert "import" in captured.out and "login" not in captured.out
    assert "sieht nur die Administration" in captured.err
    assert ktcli.main(["history", "--as", "agentur"]) == 0
    assert "login_failed" in capsys.readouterr().out


@pytest.mark.slow
def test_store_backup_and_restore_are_created_0600(base_store, tmp_path):
    """Through the CLI (its umask) and through the library under a permissive umask (explicit chmod)."""
    from ktdash.access.backup import _copy, backup
    from ktdash.store.connection import open_store

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    db = copy_store(base_store, tmp_path / "modes")
    saved = start_cli(db, "backup", tmp_path / "cli-sicherung.duckdb", preamble="import os\nos.umask(0o022)")
    assert saved.communicate(timeout=120) and saved.returncode == 0
    assert mode(tmp_path / "cli-sicherung.duckdb") == 0o600
    old = os.umask(0o022)
    try:
        from ktdash.cli import main as ktcli

        fresh = tmp_path / "neu" / "store.duckdb"
        os.environ["KTDASH_DB"] = str(fresh)
        try:
            assert ktcli.main(["municipalities"]) == 0  # the CLI sets the umask 077 itself
        finally:
            del os.environ["KTDASH_DB"]
        assert mode(fresh) == 0o600 and mode(fresh.parent) == 0o700
        os.umask(0o022)
        library = tmp_path / "lib" / "store.duckdb"
        open_store(library).close()
        assert mode(library) == 0o600
        con = open_store(db)
        try:
            assert mode(backup(con, tmp_path / "lib-sicherung.duckdb").path) == 0o600
        finally:
            con.close()
        _copy(tmp_path / "lib-sicherung.duckdb", tmp_path / "wiederhergestellt.duckdb")  # what restore places
        assert mode(tmp_path / "wiederhergestellt.duckdb") == 0o600
    finally:
        os.umask(old)
    import pages.common  # the dashboard sets the umask when its shared module loads

    assert pages.common.PRIVATE_UMASK == 0o077
    current = os.umask(0o077)
    os.umask(current)
    assert current == 0o077


# --- written by DuckDB 2.0 (issue 20: duckdb pinned to 1.5.5) ------------------------------------------------

def test_a_store_written_by_duckdb_2_names_the_conversion(tmp_path, monkeypatch, capsys):
    """A store file DuckDB 2.0 wrote (tests/data/store: a one-table file made by duckdb 2.0.1) is no damaged
    store: the command and the page say it must be converted once and how (README, Upgrading); the file is
    left as it was."""
    import gzip

    db = tmp_path / "ktdash.duckdb"
    db.write_bytes(gzip.decompress((ROOT / "tests/data/store/written_by_duckdb2.duckdb.gz").read_bytes()))
    before = fingerprint(db)
    err = cli_here(db, "imports", capsys=capsys, monkeypatch=monkeypatch,
                   phrases=("mit DuckDB 2.0 geschrieben", "convert_store.py", str(db), "Nichts geändert"),
                   absent=("beschädigt",))
    assert "duckdb==2.0.1" in err
    assert "einer neueren DuckDB-Version (2.0)" in page_error(db, monkeypatch)
    assert fingerprint(db) == before
