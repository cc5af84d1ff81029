"""Benchmark: three dashboard replicas and cron-style imports on one server-mode store, with faults (issue 20, point 3).

    python bench/replicas.py                                        # 120 s, 3 replicas × 2 sessions
    python bench/replicas.py --seconds 30 --sessions 1              # to see that it works
    python bench/replicas.py --json /tmp/replicas.json --results bench/RESULTS.md

Needs a PostgreSQL server where the role may CREATE DATABASE (``--pg``, default ``KTDASH_TEST_PG`` or the local
``postgresql://ktdash:ktdash@127.0.0.1:5432/ktdash``). Modelled on bench/store_sharing.py (embedded mode), whose
pieces it uses; for ``--seconds``:

1. **The store**: the database ``kt_b_bench`` (dropped and made anew) holding the Westpfalz demo: ``KTDASH_STORE=…
   ktdash init`` once, then kept as a pg_dump archive in ``bench/.cache/replicas/`` (again when ``sample_data/`` or
   the migrations change) and restored from it with ``ktdash.access.server_backup`` (pg_restore).
2. **Replicas**: ``--replicas`` processes ``streamlit run app.py`` on their own ports, all with the same
   ``KTDASH_STORE``; each has ``--sessions`` websocket sessions (store_sharing.session: Übersicht, Vergleich and
   Kommune rerun in a loop; an exception, an ``st.error`` or a failed connection counts as an error, apart from
   the replica's own restart).
3. **Cron**: two lanes of ``ktdash`` processes (store_sharing.Cron: Stadt Pirmasens and VG Kusel-Altenglan, a new
   file of new buildings per import, every 5th command ``ktdash export monthly`` resp. ``ktdash backup``, which is
   pg_dump here). What a command waited for is read from PostgreSQL every 10 ms: its connection (application name
   ``ktdash <command> <pid>``) waiting for or holding the write lock (the advisory lock of
   ``ktdash.store.server.WRITE_KEY``) in ``pg_locks``.
4. **Faults**: every 4th import gets ``kill -9`` — alternately at a random moment 0.2–6 s after its start and
   0–1.5 s after it took the write lock (inside its transaction); in the middle, replica 1 gets ``kill -9`` and is
   started again on the same port (as behind a load balancer); its sessions reconnect.
5. **Checks** (store_sharing.check_store, through ``open_store(URL)``): every import that exited 0 is complete
   (``rows_stored`` = its file's rows = its rows in ``consumptions`` = the rows of its buildings, its months in
   ``monthly_rollup``), no key doubled, every killed import left nothing or everything; ``ktdash imports`` lists
   every committed one.
6. **Visibility per replica**: a watcher reads ``count(*) FROM imports`` every 20 ms, so each new import's commit
   is known to ~20 ms; per replica, the time from that commit until a run of Übersicht on that replica finished
   showing at least that many imports (the metric "Importe"). After the lanes' last commands the sessions go on
   until every replica has shown the last import (at most 240 s). Before the load, one session alone on replica 0
   runs the pages six times (the first run cold, the others warm): what a page costs without contention.
7. **Login across replicas**: Chromium (Playwright, /usr/bin/chromium) logs in on replica 0 with the sidebar form
   (the demo's admin), then opens replica 1 in the same browser context: logged in there or not ("Angemeldet:").

Prints a table and, with ``--results``, writes the section "Issue 20: Drei Dashboard-Replikate und Cron-Importe auf
PostgreSQL (Servermodus)" into that Markdown file (replacing its own section).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from browser_load import _demo_key, machine  # noqa: E402
from store_sharing import (  # noqa: E402
    HOLDING_KILL_S, PAGES, RANDOM_KILL_S, Command, Cron, Run, admin_login, check_store, command_rows, imports_listing,
    kill_rows, session, spread, table, write_section,
)

DATABASE = "kt_b_bench"
DEFAULT_PG = "postgresql://ktdash:ktdash@127.0.0.1:5432/ktdash"
CACHE = HERE / ".cache" / "replicas"
POLL_S = 0.01
WATCH_S = 0.02
AFTER_MAX_S = 240.0  # after the lanes' last commands the sessions run on until every replica showed the last
# import, at most so long
IDLE_RUNS = 6  # before the load: so many page runs of one session on replica 0 alone (cold, then warm)
KILLED_REPLICA = 1
SECTION = "Issue 20: Drei Dashboard-Replikate und Cron-Importe auf PostgreSQL (Servermodus)"
MARK = "replicas"


def pg(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def database_url(admin: str, name: str) -> str:
    return urlsplit(admin)._replace(path="/" + name).geturl()


# --- the store ----------------------------------------------------------------------------------------------------

def fresh_database(admin: str, name: str) -> str:
    with pg(admin) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {name}")
    return database_url(admin, name)


def drop_database(admin: str, name: str) -> None:
    with pg(admin) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def demo_database(admin: str, env: dict, echo=print) -> tuple[str, float]:
    """``kt_b_bench`` holding the demo (the cached archive restored, or ``ktdash init`` and the archive written);
    its URL and the seconds it took."""
    from ktdash.access.server_backup import server_backup, server_restore

    began = time.monotonic()
    archive = CACHE / f"demo-{_demo_key()}.dump"
    url = fresh_database(admin, DATABASE)
    if archive.exists():
        server_restore(url, archive)
        echo(f"Demo aus {archive.name} eingespielt: {time.monotonic() - began:.0f} s")
        return url, time.monotonic() - began
    result = subprocess.run([sys.executable, "-m", "ktdash.cli.main", "init"], cwd=ROOT, capture_output=True,
                            text=True, timeout=3600,
                            env={k: v for k, v in env.items() if k not in ("KTDASH_USER", "KTDASH_PASSWORD")}
                            | {"KTDASH_DEMO": "1"})
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    echo(f"Demo mit ktdash init in PostgreSQL gebaut: {time.monotonic() - began:.0f} s")
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob("demo-*.dump"):
        old.unlink()
    server_backup(url, archive)
    return url, time.monotonic() - began


def count_imports(url: str) -> int:
    from ktdash.store.server import SCHEMA

    with pg(url) as con:
        return con.execute(f"SELECT count(*) FROM {SCHEMA}.imports").fetchone()[0]


# --- the replicas -------------------------------------------------------------------------------------------------

class Replica:
    """One ``streamlit run app.py`` on its own port; kill -9 and start again on the same port."""

    def __init__(self, index: int, env: dict, folder: Path):
        from browser_support import free_port

        self.index, self.env, self.folder = index, env, folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.starts: list[float] = []
        self.restarting = False
        self.kill_at: float | None = None
        self.back_at: float | None = None
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        began = time.monotonic()
        log = self.folder / f"replica-{self.index}-{len(self.starts) + 1}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
                 "--server.headless", "true", "--browser.gatherUsageStats", "false",
                 "--server.fileWatcherType", "none"], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).status == 200:
                    self.starts.append(time.monotonic() - began)
                    return process
            except OSError:
                time.sleep(0.3)
        process.kill()
        raise RuntimeError(log.read_text(encoding="utf-8", errors="replace"))

    def kill_and_restart(self) -> None:
        self.restarting = True
        self.kill_at = time.monotonic()
        self.process.kill()
        self.process.wait()
        self.process = self._start()
        self.back_at = time.monotonic()
        self.restarting = False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_errors(self) -> list[str]:
        lines = []
        for log in sorted(self.folder.glob(f"replica-{self.index}-*.log")):
            text = log.read_text(encoding="utf-8", errors="replace")
            lines += [f"{self.index}: {line}" for line in text.splitlines() if "Traceback" in line or " ERROR " in line]
        return lines


# --- cron on the server -------------------------------------------------------------------------------------------

class ServerCron(Cron):
    """store_sharing.Cron with the write lock read from PostgreSQL instead of the file's lock and waiting note."""

    def __init__(self, url: str, folder: Path, env: dict, buildings: int, seed: int):
        super().__init__(Path(os.devnull), folder, env, buildings, seed)
        self.url = url
        self.local = threading.local()

    def next_command(self, lane: int, position: int) -> Command:
        command = super().next_command(lane, position)
        if command.kind == "backup":  # pg_dump's custom format
            command.args[-1] = command.args[-1].replace(".duckdb", ".dump")
        return command

    def lock_state(self, pid: int) -> str:
        """``holding`` / ``waiting`` (the write lock, by the command's application name) or ``""``."""
        from ktdash.store.server import WRITE_KEY

        if getattr(self.local, "con", None) is None:
            self.local.con = pg(self.url)
        rows = self.local.con.execute(
            "SELECT l.granted FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.classid = %s AND l.objid = %s AND a.application_name LIKE %s",
            [WRITE_KEY >> 32, WRITE_KEY & 0xFFFFFFFF, f"ktdash % {pid}"]).fetchall()
        if any(granted for (granted,) in rows):
            return "holding"
        return "waiting" if rows else ""

    def _watch(self, process: subprocess.Popen, command: Command) -> float | None:
        kill_at = self.rng.uniform(*RANDOM_KILL_S) if command.kill == "random" else None
        kill_after_holding = self.rng.uniform(0.0, HOLDING_KILL_S)
        first_wait = None
        while process.poll() is None:
            now = time.monotonic() - command.start
            state = self.lock_state(process.pid)
            if first_wait is None and state == "waiting":
                first_wait = now
            if command.held_after_s is None and state == "holding":
                command.held_after_s = now
            holding = command.held_after_s is not None
            due = (kill_at is not None and now >= kill_at) or \
                (command.kill == "holding" and holding and now >= command.held_after_s + kill_after_holding)
            if due:
                process.kill()
                command.killed_after_s = now
                command.killed_while = "holding" if holding else ("waiting" if first_wait is not None else "starting")
                break
            time.sleep(POLL_S)
        return first_wait


class CommitWatch:
    """``count(*) FROM imports`` every 20 ms: when each count first appeared (monotonic seconds)."""

    def __init__(self, url: str):
        self.url = url
        self.seen: list[tuple[float, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from ktdash.store.server import SCHEMA

        with pg(self.url) as con:
            last = None
            while not self.stop.is_set():
                count = con.execute(f"SELECT count(*) FROM {SCHEMA}.imports").fetchone()[0]
                if count != last:
                    self.seen.append((time.monotonic(), count))
                    last = count
                time.sleep(WATCH_S)

    def close(self) -> None:
        self.stop.set()
        self.thread.join()

    def commits(self, base: int) -> list[tuple[float, int]]:
        """(when, count) of every count above ``base`` (a jump by two gives both the same moment)."""
        out, last = [], base
        for when, count in self.seen:
            out += [(when, c) for c in range(last + 1, count + 1)]
            last = max(last, count)
        return out


# --- driving it ---------------------------------------------------------------------------------------------------

async def idle_runs(replica: Replica, count: int) -> list[Run]:
    """``count`` page runs (Übersicht, Vergleich, Kommune, …) of one session on ``replica`` with nothing else
    running: the first is cold (the replica's caches empty), the next ones warm."""
    runs: list[Run] = []
    stop = {"at": float("inf")}

    async def enough() -> None:
        while len(runs) < count:
            await asyncio.sleep(0.1)
        stop["at"] = 0.0

    await asyncio.gather(session(0, replica, stop, runs), enough())
    return runs


async def drive(replicas: list[Replica], cron: ServerCron, watch: "CommitWatch", seconds: float, sessions: int,
                restart: bool) -> float:
    """Sessions on every replica, the cron lanes and the kill of one replica in the middle, for ``seconds``; then
    the sessions go on until every replica has shown the last import (at most :data:`AFTER_MAX_S`)."""
    began = time.monotonic()
    until = began + seconds
    runs: list[Run] = []
    lanes = [threading.Thread(target=cron.lane, args=(lane, until), daemon=True) for lane in (0, 1)]
    for thread in lanes:
        thread.start()
    stop = {"at": float("inf")}

    async def fault() -> None:
        await asyncio.sleep(seconds / 2)
        await asyncio.to_thread(replicas[KILLED_REPLICA].kill_and_restart)

    def shown_everywhere(final: int) -> bool:
        return all(any(r.page == "start" and (r.imports or 0) >= final and replica_of(r, sessions) == replica.index
                       for r in runs) for replica in replicas)

    async def last_commands() -> None:
        for thread in lanes:
            await asyncio.to_thread(thread.join)
        final = watch.seen[-1][1] if watch.seen else 0
        stop["at"] = time.monotonic() + AFTER_MAX_S
        while time.monotonic() < stop["at"] and not shown_everywhere(final):
            await asyncio.sleep(0.5)
        stop["at"] = max(until, time.monotonic())

    tasks = [session(r.index * sessions + i, r, stop, runs) for r in replicas for i in range(sessions)]
    tasks += [last_commands()] + ([fault()] if restart and len(replicas) > KILLED_REPLICA else [])
    await asyncio.gather(*tasks)
    cron.runs, cron.load_end = runs, until
    return time.monotonic() - began


def login_across(replicas: list[Replica], env: dict) -> dict:
    """Log in on replica 0 in Chromium, then open replica 1 in the same browser context: logged in there?"""
    if len(replicas) < 2 or not Path("/usr/bin/chromium").exists():
        return {"done": False, "why": "weniger als zwei Replikate oder kein /usr/bin/chromium"}
    from playwright.sync_api import sync_playwright

    from browser_support import LAUNCH_ARGS, login, wait_idle

    result = {"done": True}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            login(page, replicas[0].url, env["KTDASH_USER"], env["KTDASH_PASSWORD"])
            result["a_logged_in"] = page.get_by_test_id("stSidebar").get_by_text("Angemeldet:").count() > 0
            result["cookies"] = sorted(c["name"] for c in context.cookies())
            page.goto(replicas[1].url)
            wait_idle(page)
            page.get_by_test_id("stSidebar").wait_for(timeout=30_000)
            result["b_logged_in"] = page.get_by_test_id("stSidebar").get_by_text("Angemeldet:").count() > 0
            page.goto(replicas[0].url)  # a reload of replica 0 itself (a new Streamlit session)
            wait_idle(page)
            result["a_reload_logged_in"] = page.get_by_test_id("stSidebar").get_by_text("Angemeldet:").count() > 0
        finally:
            browser.close()
    return result


def session_across(url: str, env: dict) -> dict:
    """The store's part of a login across replicas: a session token started by one process is accepted by another
    process (each a fresh Python with ``KTDASH_STORE``, as two replicas are)."""
    user = env["KTDASH_USER"]
    start = ("import sys; from ktdash.access import accounts; from ktdash.store.connection import open_store; "
             "con = open_store(sys.argv[1]); print(accounts.start_session(con, sys.argv[2]))")
    check = ("import sys; from ktdash.access import accounts; from ktdash.store.connection import open_store; "
             "con = open_store(sys.argv[1]); u = accounts.session_user(con, sys.argv[2]); print(u.name if u else '')")
    token = subprocess.run([sys.executable, "-c", start, url, user], cwd=ROOT, capture_output=True, text=True,
                           env=env, timeout=120).stdout.strip().splitlines()[-1:]
    seen = subprocess.run([sys.executable, "-c", check, url, token[0] if token else "-"], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120).stdout.strip()
    return {"token": bool(token), "accepted_by_other_process": seen == user}


# --- figures ------------------------------------------------------------------------------------------------------

def replica_of(run: Run, sessions: int) -> int:
    return run.session // sessions


def visibility(commits: list[tuple[float, int]], runs: list[Run], replica: int,
               sessions: int) -> list[tuple[float, float]]:
    """Per commit seen: (its moment, seconds until an Übersicht run on ``replica`` finished showing at least that
    count)."""
    shown = sorted((r.end, r.imports) for r in runs
                   if replica_of(r, sessions) == replica and r.page == "start" and r.imports is not None)
    times = []
    for when, count in commits:
        seen = next((end for end, imports in shown if end > when and imports >= count), None)
        if seen is not None:
            times.append((when, seen - when))
    return times


def summarise(replicas: list[Replica], cron: ServerCron, watch: CommitWatch, wall: float, checks: dict, base: int,
              args) -> dict:
    runs, commands = cron.runs, cron.commands
    page_runs = [r for r in runs if r.page != "?" and r.start < cron.load_end]
    errors = [r for r in runs if r.error and not r.restart]
    by_file = {c.file: c for c in commands if c.kind == "import"}
    checks["killed"] = [{"file": i["file"], "plan": by_file[i["file"]].kill, "after": by_file[i["file"]].killed_after_s,
                         "while": by_file[i["file"]].killed_while, "state": i["state"]}
                        for i in checks["imports"] if i["killed"]]
    ok = [i for i in checks["imports"] if i["rc"] == 0 and not i["killed"]]
    commits = watch.commits(base)
    per_replica = []
    for replica in replicas:
        seen = visibility(commits, runs, replica.index, args.sessions)
        times = [t for _, t in seen]
        down = (replica.kill_at, (replica.back_at or 0) + 30) if replica.kill_at else None  # + its first runs
        steady = [t for when, t in seen if not down or not (down[0] <= when + t and when <= down[1])]
        per_replica.append({"replica": replica.index, "runs": sum(replica_of(r, args.sessions) == replica.index
                                                                  for r in page_runs),
                            "errors": sum(replica_of(r, args.sessions) == replica.index for r in errors),
                            "visibility_s": times, "visibility_steady_s": steady,
                            "never_seen": len(commits) - len(times), "starts_s": replica.starts,
                            "down_s": (replica.back_at - replica.kill_at) if replica.back_at else None})
    return {
        "wall_s": wall, "replicas": len(replicas), "sessions": args.sessions, "seconds": args.seconds,
        "buildings": args.buildings, "runs": len(page_runs),
        "run_s": {p: [r.end - r.start for r in page_runs if r.page == p and not r.error] for p in PAGES},
        "errors": [{"session": r.session, "page": r.page, "error": r.error} for r in errors],
        "restart_failures": sum(r.restart for r in runs if r.error),
        "per_replica": per_replica, "commits_seen": len(commits),
        "commands": [c.__dict__ | {"wall": c.wall} for c in commands],
        "command_table": command_rows(commands), "kill_table": kill_rows(checks),
        "ok_imports": len(ok), "ok_complete": sum(i["state"] == "complete" for i in ok),
        "lost": sum(i.get("lost", 0) for i in ok), "doubled": sum(i.get("doubled", 0) for i in ok),
        "doubled_keys": checks["doubled_keys"], "migrated": checks["migrated"],
        "partial": [i for i in checks["imports"] if i["state"].startswith("PARTIAL")],
        "failed_commands": [{"kind": c.kind, "file": c.file, "rc": c.rc, "stderr": c.stderr.strip()[-400:]}
                            for c in commands if c.rc not in (0, None) and c.killed_after_s is None],
        "imports_listing": checks["listing"], "kills_planned": sum(bool(c.kill) for c in commands),
        "server_log_errors": [line for r in replicas for line in r.log_errors()][:20],
        "checks": checks["imports"],
    }


def figures(result: dict) -> list[tuple[str, str]]:
    page_times = ", ".join(f"{p} {statistics.median(v):.2f} / {max(v):.2f} s" for p, v in result["run_s"].items()
                           if v).replace(".", ",")
    listing = result["imports_listing"]
    rows = [
        ("Dauer", f"{result['wall_s']:.0f} s ({result['seconds']:g} s Last), {result['replicas']} Replikate × "
                  f"{result['sessions']} Sitzungen"),
        ("vor der Last: eine Sitzung allein auf Replikat 0", idle_text(result.get("idle_runs", []))),
        ("Seitenläufe unter Last", f"{result['runs']}; Median / max je Lauf: {page_times}"),
        ("Fehler in Seitenläufen (Exception, st.error, Verbindung)", str(len(result["errors"]))),
        ("Importe mit kill -9 (geplant / ausgeführt)", f"{result['kills_planned']} / {len(result['kill_table'])}"),
        ("Importe mit Exit 0 / davon vollständig", f"{result['ok_imports']} / {result['ok_complete']}"),
        ("verlorene / doppelte Zeilen", f"{result['lost']} / {result['doubled']} (doppelte Schlüssel in "
                                        f"consumptions: {result['doubled_keys']})"),
        ("getötete Importe halb hinterlassen", str(sum(r["state"].startswith("PARTIAL") for r in result["checks"]
                                                       if r["killed"]))),
        ("fehlgeschlagene Befehle (Exit ≠ 0, nicht getötet)", str(len(result["failed_commands"]))),
        ("Datenbank öffnet und migriert", "ja" if result["migrated"] else "NEIN"),
        ("`ktdash imports`", f"Exit {listing['rc']}, {listing['listed']} Testdateien gelistet, fehlend: "
                             f"{len(listing['missing'])}"),
    ]
    for item in result["per_replica"]:
        restart = "" if item["down_s"] is None else \
            f"; kill -9, wieder da nach {item['down_s']:.1f} s".replace(".", ",")
        rows.append((f"Replikat {item['replica']}: neuer Import sichtbar (Commit → Übersicht)",
                     spread(item["visibility_s"]) + f"; ohne Neustartphase {spread(item['visibility_steady_s'])}"
                     + (f"; {item['never_seen']} nie gesehen" if item["never_seen"] else "")
                     + f"; {item['runs']} Läufe, {item['errors']} Fehler{restart}"))
    rows.append(("Anmeldung auf Replikat 0, dann Replikat 1 im selben Browser", login_text(result.get("login", {}))))
    across = result.get("session_across", {})
    rows.append(("Sitzungstoken eines Prozesses von einem anderen angenommen (Datenbank)",
                 "ja" if across.get("accepted_by_other_process") else "NEIN"))
    return rows


def idle_text(idle: list[dict]) -> str:
    """The cold first run and the warm ones of the session alone."""
    if not idle:
        return "–"
    warm = {p: [r["s"] for r in idle[1:] if r["page"] == p and not r["error"]] for p in PAGES}
    text = f"erster Lauf ({idle[0]['page']}, kalt) {idle[0]['s']:.2f} s; danach je Seite Median " + ", ".join(
        f"{p} {statistics.median(v):.2f} s" for p, v in warm.items() if v)
    errors = sum(bool(r["error"]) for r in idle)
    return (text + (f"; {errors} Fehler" if errors else "")).replace(".", ",")


def login_text(login: dict) -> str:
    if not login.get("done"):
        return "nicht gemessen: " + login.get("why", "")
    yes = {True: "ja", False: "nein"}
    return (f"angemeldet auf 0: {yes[login['a_logged_in']]}; auf 1: {yes[login['b_logged_in']]}; 0 neu geladen: "
            f"{yes[login['a_reload_logged_in']]} (Cookies: {', '.join(login['cookies']) or 'keine'})")


def text_report(result: dict) -> str:
    lines = [f"{what}: {value}" for what, value in figures(result)]
    lines += ["", "Befehle:"] + [" | ".join(row) for row in result["command_table"]]
    lines += ["", "Getötete Importe:"] + [" | ".join(row) for row in result["kill_table"]]
    lines += [f"Fehler: {e}" for e in result["errors"][:10]]
    lines += [f"Befehl fehlgeschlagen: {f}" for f in result["failed_commands"][:10]]
    lines += [f"Server-Log: {line}" for line in result["server_log_errors"][:10]]
    return "\n".join(lines)


def markdown(result: dict, where: dict, argv: list[str]) -> str:
    lines = [f"<!-- {MARK} -->", f"## {SECTION}", "",
             f"`nice -n 15 python bench/replicas.py {' '.join(argv)}`".replace(" `", "`") +
             f" am {where['when']}: {where['cpus']} CPUs, Last vor dem Lauf (1/5/15 min) {where['load']}, "
             f"Commit {where['commit']}, PostgreSQL {result.get('pg_version', '?')} auf derselben Maschine. "
             f"Demo-Datenbank in PostgreSQL (`KTDASH_STORE`), {result['replicas']} Dashboard-Prozesse "
             f"(`streamlit run`, je ein Port) mit je {result['sessions']} Websocket-Sitzungen ohne Browser (Übersicht, "
             "Vergleich, Kommune im Wechsel; nach den letzten Befehlen weiter, bis jedes Replikat den letzten Import "
             "zeigt), zwei Cron-Spuren (Stadt Pirmasens, VG Kusel-Altenglan) mit je einer "
             f"neuen Datei ({result['buildings']} neue Gebäude × 2 Träger × 36 Monate) je Import, jeder 5. Befehl "
             "`ktdash export monthly` bzw. `ktdash backup` (pg_dump); jeder 4. Import mit `kill -9` beendet, "
             f"Replikat {KILLED_REPLICA} einmal in der Mitte (Neustart auf demselben Port). „Sichtbar“: vom Commit "
             "(alle 20 ms in PostgreSQL gezählt) bis ein Lauf der Übersicht auf dem Replikat fertig ist, der ihn "
             "zählt.", ""]
    lines += table(["", "gemessen"], [[what, value] for what, value in figures(result)])
    lines += ["", "Befehle (Wartezeit: Warten auf die Schreibsperre, aus `pg_locks`):", ""]
    lines += table(["Befehl", "Anzahl", "Exit-Codes", "Dauer", "gewartet", "Wartezeit"], result["command_table"])
    lines += ["", "Getötete Importe („nothing“ = keine Spur, „complete“ = vor dem Tod committet und vollständig):", ""]
    lines += table(["Datei", "Plan", "getötet nach", "dabei", "hinterlassen"], result["kill_table"])
    lines += ["", f"<!-- /{MARK} -->"]
    return "\n".join(lines) + "\n"


# --- main ---------------------------------------------------------------------------------------------------------

def measure(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="ktdash-replicas-") as name:
        folder = Path(name)
        env = dict(os.environ, KTDASH_DB=str(folder / "nicht-benutzt.duckdb"), KTDASH_DEMO="0",
                   PYTHONUNBUFFERED="1") | admin_login()
        env.pop("KTDASH_STORE", None)
        url, setup_s = demo_database(args.pg, env | {"KTDASH_STORE": database_url(args.pg, DATABASE)})
        env["KTDASH_STORE"] = url
        replicas: list[Replica] = []
        watch = None
        try:
            base = count_imports(url)
            with pg(url) as con:
                pg_version = con.execute("SHOW server_version").fetchone()[0].split()[0]
            for index in range(args.replicas):
                replicas.append(Replica(index, env, folder))
            idle = asyncio.run(idle_runs(replicas[0], IDLE_RUNS))
            cron = ServerCron(url, folder, env, args.buildings, args.seed)
            watch = CommitWatch(url)
            wall = asyncio.run(drive(replicas, cron, watch, args.seconds, args.sessions, not args.no_restart))
            watch.close()
            login = login_across(replicas, env)
            across = session_across(url, env)
        finally:
            if watch is not None:
                watch.close()
            for replica in replicas:
                replica.stop()
        checks = check_store(url, cron.commands)
        checks["listing"] = imports_listing(cron, checks["committed_files"])
        result = summarise(replicas, cron, watch, wall, checks, base, args)
        result |= {"login": login, "session_across": across, "setup_s": setup_s, "pg_version": pg_version,
                   "idle_runs": [{"page": r.page, "s": r.end - r.start, "error": r.error} for r in idle]}
        if not args.keep:
            drop_database(args.pg, DATABASE)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("KTDASH_TEST_PG") or DEFAULT_PG,
                        help="a PostgreSQL URL whose role may create the database kt_b_bench")
    parser.add_argument("--seconds", type=float, default=120, help="how long the load runs")
    parser.add_argument("--replicas", type=int, default=3, help="dashboard processes")
    parser.add_argument("--sessions", type=int, default=2, help="websocket sessions per replica")
    parser.add_argument("--buildings", type=int, default=4, help="new buildings per import file")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--no-restart", action="store_true", help="do not kill and restart a replica")
    parser.add_argument("--keep", action="store_true", help="keep the database kt_b_bench afterwards")
    parser.add_argument("--json", type=Path, help="write every figure and command into this JSON file")
    parser.add_argument("--results", type=Path, help="write the section into this Markdown file (bench/RESULTS.md)")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    where = machine()
    print(f"{where['when']}: {where['cpus']} CPUs, Last {where['load']}, Commit {where['commit']}")
    result = measure(args)
    print(text_report(result))
    if args.json:
        args.json.write_text(json.dumps(result | {"machine": where}, indent=1, ensure_ascii=False, default=str),
                             encoding="utf-8")
    if args.results:
        write_section(args.results, markdown(result, where, argv), MARK)
    ok = not result["errors"] and not result["lost"] and not result["doubled"] and not result["doubled_keys"] \
        and not result["partial"] and all(not item["never_seen"] for item in result["per_replica"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
