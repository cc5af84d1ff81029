"""Benchmark: the dashboard and cron-style CLI commands on one store file, with faults (issue 20, embedded mode).

    python bench/store_sharing.py                                   # 120 s, 8 sessions
    python bench/store_sharing.py --seconds 30 --sessions 2         # to see that it works
    python bench/store_sharing.py --json /tmp/sharing.json --results bench/RESULTS.md

On a copy of the Westpfalz demo store (``ktdash init``, cached by bench/browser_load.demo_store), for
``--seconds``:

1. **The dashboard**: ``streamlit run app.py`` (bench/browser_load.start_server) with ``KTDASH_DB`` on the copy.
2. **Sessions**: ``--sessions`` websocket clients speaking Streamlit's protocol (browser_load._rerun_message and
   _until_finished; no browser) rerun Übersicht, Vergleich and Kommune in a loop. A run counts as an error when
   its answer holds an exception or an ``st.error`` element, or the connection fails (apart from the dashboard's
   restart, counted apart). Runs that showed the page's waiting note ("die Seite wartet darauf") are counted.
3. **Cron**: two lanes of separate ``ktdash`` processes (the console script, ``KTDASH_USER=agentur`` and its
   password from sample_data/demo_accounts.csv), one lane per municipality (Stadt Pirmasens, VG Kusel-Altenglan),
   each a new file of monthly values for new buildings (``--buildings`` per file × 2 carriers × 36 months); the
   first lane runs ``ktdash export monthly`` every 5th command, the second ``ktdash backup`` every 5th. Per
   command: exit code, wall time and the time it waited for the store: from its note ``<db>.waiting-<pid>``
   (sharing.py) appearing until it holds DuckDB's lock on the file (``/proc/locks``), polled every 10 ms; whether
   it printed "wartet darauf".
4. **Faults**: every 4th import is killed with SIGKILL — alternately at a random moment 0.2–6 s after its start
   (most of an import's life: under load a command needs 1–3 s for Python and its imports before it opens the
   store, so 0.2–1.5 s would hit only that), and 0–1.5 s after it took the file's lock (inside its work on the
   store: login, checks, the transaction); what it was doing then is recorded (one that ends first is not
   killed). In the middle the dashboard is killed with SIGKILL and started again (new port; the sessions
   reconnect). The sessions go on 15 s after the lanes' last commands, so that every import can be seen.
5. **Checks** at the end, with one connection (connect and migrate, ``ktdash.store.connection.open_store``):
   every import that exited 0 is in ``imports`` as ``committed`` with ``rows_stored`` equal to its file's rows,
   to its rows in ``consumptions`` and to the rows of its buildings (none doubled: no key twice), and its
   buildings' months in ``monthly_rollup``; every killed import left either nothing (no import row, no building,
   no value) or — killed after its commit — everything; ``ktdash imports`` lists every committed one.
6. **Visibility**: for each import that exited 0, the time from its exit until a session's run of Übersicht
   finished showing at least the number of imports committed by then (the metric "Importe").

Prints a table and, with ``--results``, writes the section "Issue 20: Dashboard und Cron-Befehle auf einer Datei
(eingebettet)" into that Markdown file (replacing its own section).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from browser_load import _rerun_message, _until_finished, demo_store, machine, start_server  # noqa: E402

MUNICIPALITIES = (("Stadt Pirmasens", "073170000", "pirmasens"), ("VG Kusel-Altenglan", "073365010", "kusel"))
CARRIERS = ("Strom", "Erdgas")
MONTHS = [(year, month) for year in (2023, 2024, 2025) for month in range(1, 13)]
PAGES = ("start", "vergleich", "kommune")
SIDE_EVERY = 5  # every 5th command of a lane is its export (lane 0) or backup (lane 1)
KILL_EVERY = 4  # every 4th import is killed
HOLDING_KILL_S = 1.5  # … or up to so long after it took the file's lock (an import holds it ~1–3 s here)
RANDOM_KILL_S = (0.2, 6.0)  # a random kill comes so many seconds after the start (an import takes ~2–7 s here)
AFTER_S = 15.0  # the sessions run on so long after the lanes' last commands ended (to see their imports)
POLL_S = 0.01
RUN_TIMEOUT_S = 180
IMPORTS_LABEL = "Importe"
PAGE_WAITS = "wartet darauf"
SECTION = "Issue 20: Dashboard und Cron-Befehle auf einer Datei (eingebettet)"


# --- the store, the files -------------------------------------------------------------------------------------------

def admin_login() -> dict:
    """KTDASH_USER / KTDASH_PASSWORD of the demo's admin account (sample_data/demo_accounts.csv)."""
    with (ROOT / "sample_data" / "demo_accounts.csv").open(encoding="utf-8") as accounts:
        for row in csv.DictReader(accounts):
            if row["role"] == "admin":
                return {"KTDASH_USER": row["user_name"], "KTDASH_PASSWORD": row["password"]}
    raise RuntimeError("no admin in demo_accounts.csv")


def copy_store(folder: Path) -> Path:
    template = demo_store()
    db = folder / "store.duckdb"
    shutil.copyfile(template, db)
    if Path(str(template) + ".wal").exists():
        shutil.copyfile(str(template) + ".wal", str(db) + ".wal")
    return db


@dataclass
class ImportFile:
    path: Path
    municipality: str
    buildings: list[str]
    rows: int


def write_import_file(folder: Path, lane: int, number: int, buildings: int) -> ImportFile:
    """A monthly-values file of the municipality of ``lane`` (the Pirmasens layout: title rows, ``;``, cp1252)
    for ``buildings`` buildings no file had before."""
    name, key, slug = MUNICIPALITIES[lane]
    names = [f"Lasttest {slug} {number:03d}-{b}" for b in range(1, buildings + 1)]
    lines = [f"Energiecontrolling {name}", "Export vom 04.12.2026", "",
             "Liegenschaft;Energieträger;Monat;Verbrauch;Einheit"]
    for building in names:
        for carrier in CARRIERS:
            lines += [f"{building};{carrier};{month:02d}.{year};{1000 + number * 7 + month},5;kWh"
                      for year, month in MONTHS]
    path = folder / f"{key}_{slug}_lasttest_{number:03d}.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return ImportFile(path, name, names, len(lines) - 4)


# --- cron: commands as separate processes ---------------------------------------------------------------------------

@dataclass
class Command:
    kind: str  # import, export, backup, imports
    lane: int
    args: list[str]
    file: str = ""
    rows: int = 0
    buildings: list[str] = field(default_factory=list)
    start: float = 0.0
    end: float = 0.0
    rc: int | None = None
    said_waiting: bool = False
    wait_s: float = 0.0
    held_after_s: float | None = None  # from the start until it held the file's lock
    kill: str = ""  # "random" or "holding": planned kill
    killed_after_s: float | None = None
    killed_while: str = ""  # starting, waiting, holding
    stderr: str = ""

    @property
    def wall(self) -> float:
        return self.end - self.start


def lock_holders(inode: int) -> set[int]:
    """PIDs holding a POSIX lock on the file with ``inode`` (DuckDB's lock on the store)."""
    try:
        text = Path("/proc/locks").read_text()
    except OSError:
        return set()
    return {int(parts[4]) for parts in (line.split() for line in text.splitlines())
            if len(parts) > 5 and parts[5].endswith(f":{inode}")}


class Cron:
    """Runs the commands of the lanes, records them, kills the planned ones."""

    def __init__(self, db: Path, folder: Path, env: dict, buildings: int, seed: int):
        self.db, self.folder, self.env, self.buildings = db, folder, env, buildings
        self.rng = random.Random(seed)
        self.commands: list[Command] = []
        self.lock = threading.Lock()
        self.numbers = [0, 0]
        self.imports_started = 0
        self.runs: list[Run] = []  # the sessions' page runs (drive)
        self.load_end = float("inf")  # when the lanes stopped starting commands (drive)
        executable = Path(sys.executable).parent / "ktdash"
        self.ktdash = [str(executable)] if executable.exists() else [sys.executable, "-m", "ktdash.cli.main"]

    def next_command(self, lane: int, position: int) -> Command:
        if position % SIDE_EVERY == 0:
            if lane == 0:
                out = self.folder / f"export_{position:03d}.csv"
                return Command("export", lane, ["export", "monthly", "--out", str(out)])
            out = self.folder / f"backup_{position:03d}.duckdb"
            return Command("backup", lane, ["backup", str(out)])
        with self.lock:
            self.numbers[lane] += 1
            number = self.numbers[lane] + 100 * lane
            self.imports_started += 1
            kill = ""
            if self.imports_started % KILL_EVERY == 0:
                kill = "random" if (self.imports_started // KILL_EVERY) % 2 else "holding"
        made = write_import_file(self.folder, lane, number, self.buildings)
        return Command("import", lane, ["import", str(made.path), "--municipality", made.municipality],
                       file=made.path.name, rows=made.rows, buildings=made.buildings, kill=kill)

    def lane(self, lane: int, until: float) -> None:
        time.sleep(lane * 0.7)  # the lanes start apart, then drift
        position = 0
        while time.monotonic() < until:
            position += 1
            command = self.next_command(lane, position)
            self.run(command)
            with self.lock:
                self.commands.append(command)
            time.sleep(self.rng.uniform(0.3, 1.5))

    def run(self, command: Command) -> None:
        """Start the command, watch its waiting note and the file's lock every 10 ms, kill it if planned."""
        with tempfile.TemporaryFile() as err:
            command.start = time.monotonic()
            process = subprocess.Popen(self.ktdash + command.args, cwd=self.folder, env=self.env,
                                       stdout=subprocess.DEVNULL, stderr=err)
            first_note = self._watch(process, command)
            command.rc = process.wait()
            command.end = time.monotonic()
            if command.killed_after_s is not None and command.rc != -signal.SIGKILL:  # it had ended already
                command.killed_after_s, command.killed_while = None, ""
            err.seek(0)
            command.stderr = err.read().decode(errors="replace")
        if first_note is not None:
            command.wait_s = (command.held_after_s or command.wall) - first_note
        command.said_waiting = "wartet darauf" in command.stderr

    def _watch(self, process: subprocess.Popen, command: Command) -> float | None:
        """Poll the running command: when its waiting note appeared (returned), when it took the file's lock; kill
        it when its plan says so."""
        inode = self.db.stat().st_ino
        kill_at = self.rng.uniform(*RANDOM_KILL_S) if command.kill == "random" else None
        kill_after_holding = self.rng.uniform(0.0, HOLDING_KILL_S)
        note = self.db.with_name(f"{self.db.name}.waiting-{process.pid}")
        first_note = None
        while process.poll() is None:
            now = time.monotonic() - command.start
            if first_note is None and note.exists():
                first_note = now
            if command.held_after_s is None and process.pid in lock_holders(inode):
                command.held_after_s = now
            holding = command.held_after_s is not None
            due = (kill_at is not None and now >= kill_at) or \
                (command.kill == "holding" and holding and now >= command.held_after_s + kill_after_holding)
            if due:
                process.kill()
                command.killed_after_s = now
                command.killed_while = "holding" if holding else ("waiting" if first_note is not None else "starting")
                break
            time.sleep(POLL_S)
        return first_note


# --- the dashboard and its sessions ---------------------------------------------------------------------------------

class Dashboard:
    def __init__(self, db: Path, folder: Path):
        self.db, self.folder = db, folder
        self.starts: list[float] = []
        self.process, self.url = self._start()
        self.restarting = False
        self.kill_at: float | None = None
        self.back_at: float | None = None

    def _start(self):
        began = time.monotonic()
        process, url = start_server(self.db, self.folder / f"server-{len(self.starts) + 1}.log")
        self.starts.append(time.monotonic() - began)
        return process, url

    def kill_and_restart(self) -> None:
        self.restarting = True
        self.kill_at = time.monotonic()
        self.process.kill()
        self.process.wait()
        self.process, self.url = self._start()
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
        for log in sorted(self.folder.glob("server-*.log")):
            text = log.read_text(encoding="utf-8", errors="replace")
            lines += [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]
        return lines


class Watch:
    """The websocket as browser_load._until_finished reads it, noting on the way what the run showed: the metric
    "Importe", st.error elements, the page's note that it waits for the store."""

    def __init__(self, ws):
        self.ws = ws
        self.reset()

    def reset(self) -> None:
        self.imports: int | None = None
        self.alerts: list[str] = []
        self.waited = False

    async def recv(self):
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        data = await self.ws.recv()
        message = ForwardMsg()
        message.ParseFromString(data)
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            kind = element.WhichOneof("type")
            if kind == "metric" and element.metric.label == IMPORTS_LABEL:
                self.imports = int(re.sub(r"\D", "", element.metric.body) or -1)
            elif kind == "alert" and element.alert.format == Alert.ERROR:
                self.alerts.append(element.alert.body[:160])
            elif kind == "alert" and PAGE_WAITS in element.alert.body:
                self.waited = True
        return data


@dataclass
class Run:
    session: int
    page: str
    start: float
    end: float
    error: str = ""
    imports: int | None = None
    waited: bool = False
    restart: bool = False  # failed while the dashboard was down (or on its killed connection)


async def _page_runs(ws, session: int, stop: dict, runs: list[Run]) -> None:
    watch, pages = Watch(ws), {}
    position = 0
    while time.monotonic() < stop["at"]:
        page = PAGES[position % len(PAGES)]
        position += 1
        watch.reset()
        start = time.monotonic()
        target = pages.get(page) or pages.get("" if page == "start" else page)
        message = _rerun_message(page_script_hash=target) if target else \
            _rerun_message(page_name="" if page == "start" else page)
        await ws.send(message)
        error = await asyncio.wait_for(_until_finished(watch, pages), RUN_TIMEOUT_S)
        error = error or "; ".join(watch.alerts)
        runs.append(Run(session, page, start, time.monotonic(), error or "", watch.imports, watch.waited))


async def session(index: int, dash: Dashboard, stop: dict, runs: list[Run]) -> None:
    """Rerun the pages in a loop until ``stop["at"]``; reconnect after a failure (the dashboard's restart)."""
    import websockets

    await asyncio.sleep(index * 0.3)
    while time.monotonic() < stop["at"]:
        url, start = dash.url, time.monotonic()
        try:
            async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream",
                                          subprotocols=["streamlit"], origin=url, max_size=None,
                                          open_timeout=60) as ws:
                await _page_runs(ws, index, stop, runs)
        except Exception as exc:  # recorded, never hidden
            restart = dash.restarting or url != dash.url
            text = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
            runs.append(Run(index, "?", start, time.monotonic(), text, restart=restart))
            await asyncio.sleep(0.5)


async def drive(dash: Dashboard, cron: Cron, seconds: float, sessions: int, restart: bool) -> float:
    """Sessions, cron lanes and the dashboard's kill in the middle, for ``seconds``; the wall time."""
    began = time.monotonic()
    until = began + seconds
    runs: list[Run] = []
    lanes = [threading.Thread(target=cron.lane, args=(lane, until), daemon=True) for lane in (0, 1)]
    for thread in lanes:
        thread.start()

    async def fault() -> None:
        await asyncio.sleep(seconds / 2)
        await asyncio.to_thread(dash.kill_and_restart)

    async def last_commands() -> None:  # the sessions go on until the lanes' last commands are seen
        for thread in lanes:
            await asyncio.to_thread(thread.join)
        stop["at"] = max(until, time.monotonic() + AFTER_S)

    stop = {"at": float("inf")}
    tasks = [session(i, dash, stop, runs) for i in range(sessions)] + [last_commands()] + \
        ([fault()] if restart else [])
    await asyncio.gather(*tasks)
    cron.runs, cron.load_end = runs, until
    return time.monotonic() - began


# --- checks ---------------------------------------------------------------------------------------------------------

def check_store(db: Path, commands: list[Command]) -> dict:
    """What the store holds of every import command (see the module's docstring, 5.)."""
    from ktdash.store.connection import migrations, open_store, schema_version

    con = open_store(db)
    try:
        found = {row[0]: row[1:] for row in con.execute(
            "SELECT file_name, import_id, status, rows_stored FROM imports WHERE file_name LIKE '%lasttest%'"
        ).fetchall()}
        per_import = dict(con.execute(
            "SELECT import_id, count(*) FROM consumptions GROUP BY import_id").fetchall())
        versions = dict(con.execute(
            "SELECT import_id, count(*) FROM consumption_versions GROUP BY import_id").fetchall())
        per_building = dict(con.execute(
            "SELECT b.name, count(*) FROM consumptions c JOIN buildings b USING (building_id) "
            "WHERE b.name LIKE 'Lasttest %' GROUP BY b.name").fetchall())
        buildings = {row[0] for row in con.execute("SELECT name FROM buildings WHERE name LIKE 'Lasttest %'")
                     .fetchall()}
        rollup = dict(con.execute(
            "SELECT b.name, count(*) FROM monthly_rollup r JOIN buildings b USING (building_id) "
            "WHERE b.name LIKE 'Lasttest %' GROUP BY b.name").fetchall())
        doubled = con.execute(
            "SELECT count(*) FROM (SELECT building_id, carrier, meter_number, period_start, period_end "
            "FROM consumptions GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        migrated = schema_version(con) == max(version for version, _, _ in migrations())
    finally:
        con.close()
    rows = [check_import(c, found, per_import, versions, per_building, buildings, rollup)
            for c in commands if c.kind == "import"]
    return {"imports": rows, "doubled_keys": doubled, "migrated": migrated,
            "committed_files": sorted(name for name, row in found.items() if row[1] == "committed")}


def check_import(command: Command, found, per_import, versions, per_building, buildings, rollup) -> dict:
    """One import: "complete" (row committed, every value once), "nothing" (no trace), else "PARTIAL" + what."""
    row = found.get(command.file)
    months = len(MONTHS)
    values = sum(per_building.get(b, 0) for b in command.buildings)
    present = [b for b in command.buildings if b in buildings]
    result = {"file": command.file, "rc": command.rc, "killed": command.killed_after_s is not None,
              "import_id": row[0] if row else None, "values": values, "expected": command.rows}
    if row is None:
        result["state"] = "nothing" if not values and not present else "PARTIAL: values without import row"
        return result
    import_id, status, stored = row
    complete = (status == "committed" and stored == command.rows == per_import.get(import_id, 0) == values
                and not versions.get(import_id)
                and all(rollup.get(b) == months * len(CARRIERS) for b in command.buildings))
    result["state"] = "complete" if complete else (
        f"PARTIAL: status {status}, rows_stored {stored}, in consumptions {per_import.get(import_id, 0)}, "
        f"of its buildings {values}, file {command.rows}")
    result["lost"] = max(command.rows - values, 0)
    result["doubled"] = max(values - command.rows, 0)
    return result


def imports_listing(cron: Cron, committed: list[str]) -> dict:
    """``ktdash imports`` after the run: exit code and whether it lists every committed test file."""
    result = subprocess.run(cron.ktdash + ["imports"], cwd=cron.folder, env=cron.env, capture_output=True,
                            text=True, timeout=300)
    listed = set(re.findall(r"\S*lasttest_\d+\.csv", result.stdout))
    return {"rc": result.returncode, "listed": len(listed), "missing": sorted(set(committed) - listed)}


# --- figures ------------------------------------------------------------------------------------------------------

def visibility(commands: list[Command], runs: list[Run], base: int) -> list[tuple[float, float]]:
    """Per import that exited 0: (its exit, seconds from then until an Übersicht run finished showing at least the
    imports that had exited 0 by then) (see the docstring, 6.)."""
    done = sorted(c.end for c in commands if c.kind == "import" and c.rc == 0)
    shown = sorted((r.end, r.imports) for r in runs if r.page == "start" and r.imports is not None)
    times = []
    for count, exit_at in enumerate(done, start=base + 1):
        seen = next((end for end, imports in shown if end > exit_at and imports >= count), None)
        if seen is not None:
            times.append((exit_at, seen - exit_at))
    return times


def spread(values: list[float]) -> str:
    if not values:
        return "–"
    return f"Median {statistics.median(values):.2f} s, max {max(values):.2f} s".replace(".", ",")


def command_rows(commands: list[Command]) -> list[list[str]]:
    """Per kind: count, exit codes, wall time, how many waited and how long."""
    rows = []
    for kind in ("import", "export", "backup"):
        ran = [c for c in commands if c.kind == kind]
        if not ran:
            continue
        codes: dict[str, int] = {}
        for c in ran:
            key = "SIGKILL" if c.killed_after_s is not None else str(c.rc)
            codes[key] = codes.get(key, 0) + 1
        finished = [c for c in ran if c.killed_after_s is None]
        waited = [c.wait_s for c in finished if c.wait_s > 0]
        rows.append([kind, str(len(ran)), ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())),
                     spread([c.wall for c in finished]),
                     f"{len(waited)} ({sum(c.said_waiting for c in finished)} mit „wartet darauf“)",
                     spread(waited)])
    return rows


def kill_rows(checks: dict) -> list[list[str]]:
    rows = []
    for item in checks["killed"]:
        rows.append([item["file"], item["plan"], f"{item['after']:.2f} s".replace(".", ","), item["while"],
                     item["state"]])
    return rows


def summarise(dash: Dashboard, cron: Cron, wall: float, checks: dict, base: int, args) -> dict:
    runs, commands = cron.runs, cron.commands
    page_runs = [r for r in runs if r.page != "?" and r.start < cron.load_end]  # under load
    errors = [r for r in runs if r.error and not r.restart]
    by_command = {c.file: c for c in commands if c.kind == "import"}
    killed = []
    for item in checks["imports"]:
        command = by_command[item["file"]]
        if item["killed"]:
            killed.append({"file": item["file"], "plan": command.kill, "after": command.killed_after_s,
                           "while": command.killed_while, "state": item["state"]})
    checks["killed"] = killed
    ok = [i for i in checks["imports"] if i["rc"] == 0 and not i["killed"]]
    shown = visibility(commands, runs, base)
    first_after = _first_run_after(page_runs, dash.back_at)
    outage = (dash.kill_at or 0.0), (dash.back_at or 0.0) + (first_after or 0.0)  # down, until its first run
    steady = [t for exit_at, t in shown if not (outage[0] <= exit_at + t and exit_at <= outage[1])]
    return {
        "wall_s": wall, "sessions": args.sessions, "seconds": args.seconds, "buildings": args.buildings,
        "runs": len(page_runs),
        "runs_after": sum(r.page != "?" and r.start >= cron.load_end for r in runs),
        "runs_by_page": {p: sum(r.page == p for r in page_runs) for p in PAGES},
        "run_s": {p: [r.end - r.start for r in page_runs if r.page == p and not r.error] for p in PAGES},
        "page_waited": sum(r.waited for r in page_runs),
        "errors": [{"session": r.session, "page": r.page, "error": r.error} for r in errors],
        "restart_failures": sum(r.restart for r in runs if r.error),
        "dashboard_starts_s": dash.starts,
        "dashboard_down_s": (dash.back_at - dash.kill_at) if dash.back_at and dash.kill_at else None,
        "first_run_after_restart_s": first_after,
        "commands": [asdict(c) | {"wall": c.wall} for c in commands],
        "command_table": command_rows(commands), "kill_table": kill_rows(checks),
        "ok_imports": len(ok), "ok_complete": sum(i["state"] == "complete" for i in ok),
        "lost": sum(i.get("lost", 0) for i in ok), "doubled": sum(i.get("doubled", 0) for i in ok),
        "doubled_keys": checks["doubled_keys"], "migrated": checks["migrated"],
        "failed_imports": [{"file": c.file, "rc": c.rc, "stderr": c.stderr.strip()[-400:]} for c in commands
                           if c.kind != "imports" and c.rc not in (0, None) and c.killed_after_s is None],
        "imports_listing": checks["listing"], "visibility_s": [t for _, t in shown],
        "visibility_steady_s": steady,
        "visibility_missing": len(ok) - len(shown), "server_log_errors": dash.log_errors()[:20],
        "checks": checks["imports"], "marks_left": checks["marks_left"],
        "kills_planned": sum(bool(c.kill) for c in commands),
    }


def _first_run_after(runs: list[Run], back_at: float | None) -> float | None:
    if back_at is None:
        return None
    after = [r.end for r in runs if r.start >= back_at - 60 and r.end > back_at and not r.error]
    return (min(after) - back_at) if after else None


# --- report -------------------------------------------------------------------------------------------------------

def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def figures(result: dict) -> list[tuple[str, str]]:
    runs = result["runs_by_page"]
    page_times = ", ".join(f"{p} {statistics.median(v):.2f} / {max(v):.2f} s" for p, v in result["run_s"].items()
                           if v).replace(".", ",")
    listing = result["imports_listing"]
    return [
        ("Dauer", f"{result['wall_s']:.0f} s ({result['seconds']:g} s Last), {result['sessions']} Sitzungen"),
        ("Seitenläufe unter Last", f"{result['runs']} ({', '.join(f'{p} {n}' for p, n in runs.items())}); "
                                   f"Median / max je Lauf: {page_times}; danach ohne Last {result['runs_after']}"),
        ("Fehler in Seitenläufen (Exception, st.error, Verbindung)", str(len(result["errors"]))),
        ("Läufe mit Hinweis „die Seite wartet darauf“", str(result["page_waited"])),
        ("Dashboard kill -9 und Neustart", restart_text(result)),
        ("Importe mit kill -9 (geplant / ausgeführt)", f"{result['kills_planned']} / {len(result['kill_table'])}"),
        ("Notizen/Marken neben der Datei nach dem Lauf", ", ".join(result["marks_left"]) or "keine"),
        ("Importe mit Exit 0 / davon vollständig", f"{result['ok_imports']} / {result['ok_complete']}"),
        ("verlorene / doppelte Zeilen", f"{result['lost']} / {result['doubled']} (doppelte Schlüssel in "
                                        f"consumptions: {result['doubled_keys']})"),
        ("fehlgeschlagene Befehle (Exit ≠ 0, nicht getötet)", str(len(result["failed_imports"]))),
        ("Datenbank öffnet und migriert", "ja" if result["migrated"] else "NEIN"),
        ("`ktdash imports`", f"Exit {listing['rc']}, {listing['listed']} Testdateien gelistet, fehlend: "
                             f"{len(listing['missing'])}"),
        ("Dashboard zeigt einen neuen Import (Übersicht „Importe“)",
         spread(result["visibility_s"]) + (f"; {result['visibility_missing']} nie gesehen"
                                           if result["visibility_missing"] else "")),
        ("… ohne die Importe um den Neustart des Dashboards", spread(result["visibility_steady_s"])),
    ]


def restart_text(result: dict) -> str:
    down, first = result["dashboard_down_s"], result["first_run_after_restart_s"]
    if down is None:
        return "nicht ausgeführt"
    return (f"bis es wieder antwortete {down:.1f} s, erster fertiger Seitenlauf danach "
            f"{'–' if first is None else f'{first:.1f}'} s; {result['restart_failures']} gescheiterte "
            "Verbindungen/Läufe der Sitzungen dabei (alle 0,5 s neu versucht)").replace(".", ",")


def text_report(result: dict) -> str:
    lines = [f"{what}: {value}" for what, value in figures(result)]
    lines += ["", "Befehle:"] + [" | ".join(row) for row in result["command_table"]]
    lines += ["", "Getötete Importe:"] + [" | ".join(row) for row in result["kill_table"]]
    lines += [f"Fehler: {e}" for e in result["errors"][:10]]
    lines += [f"Befehl fehlgeschlagen: {f}" for f in result["failed_imports"][:10]]
    lines += [f"Server-Log: {line}" for line in result["server_log_errors"][:10]]
    return "\n".join(lines)


def markdown(result: dict, where: dict, argv: list[str]) -> str:
    lines = ["<!-- store_sharing -->", f"## {SECTION}", "",
             f"`nice -n 15 python bench/store_sharing.py {' '.join(argv)}`".replace(" `", "`") +
             f" am {where['when']}: {where['cpus']} CPUs, Last vor dem Lauf (1/5/15 min) {where['load']}, "
             f"Commit {where['commit']}. Demo-Datenbank (Kopie), ein Dashboard (`streamlit run`), "
             f"{result['sessions']} Websocket-Sitzungen ohne Browser (Übersicht, Vergleich, Kommune im Wechsel), "
             f"zwei Cron-Spuren (Stadt Pirmasens, VG Kusel-Altenglan) mit je einer neuen Datei "
             f"({result['buildings']} neue Gebäude × 2 Träger × 36 Monate) je Import, jeder 5. Befehl "
             "`ktdash export monthly` bzw. `ktdash backup`; jeder 4. Import mit `kill -9` beendet, das Dashboard "
             "einmal in der Mitte.", ""]
    lines += table(["", "gemessen"], [[what, value] for what, value in figures(result)])
    lines += ["", "Befehle (Wartezeit: von der Notiz `<db>.waiting-<pid>` bis zur Sperre der Datei):", ""]
    lines += table(["Befehl", "Anzahl", "Exit-Codes", "Dauer", "gewartet", "Wartezeit"], result["command_table"])
    lines += ["", "Getötete Importe (was sie hinterließen: „nothing“ = keine Spur, „complete“ = vor dem Tod "
                  "committet und vollständig):", ""]
    lines += table(["Datei", "Plan", "getötet nach", "dabei", "hinterlassen"], result["kill_table"])
    lines += ["", "<!-- /store_sharing -->"]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, mark: str = "store_sharing") -> None:
    """Put ``section`` (framed by ``<!-- mark -->`` … ``<!-- /mark -->``) into ``path`` in place of the last run's,
    or append it; what stands outside the marks (notes written by hand) stays."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    begin, end = f"<!-- {mark} -->", f"<!-- /{mark} -->"
    if begin in text and end in text:
        text = text[:text.index(begin)] + section.rstrip("\n") + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


# --- main ---------------------------------------------------------------------------------------------------------

def count_imports(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM imports").fetchone()[0]
    finally:
        con.close()


def measure(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="ktdash-store-sharing-") as name:
        folder = Path(name)
        db = copy_store(folder)
        base = count_imports(db)
        env = dict(os.environ, KTDASH_DB=str(db), KTDASH_DEMO="0", PYTHONUNBUFFERED="1") | admin_login()
        cron = Cron(db, folder, env, args.buildings, args.seed)
        dash = Dashboard(db, folder)
        try:
            wall = asyncio.run(drive(dash, cron, args.seconds, args.sessions, not args.no_restart))
        finally:
            dash.stop()
        marks = sorted(p.name.split(".duckdb", 1)[1] for p in folder.glob("store.duckdb.*-*"))
        checks = check_store(db, cron.commands)
        checks["marks_left"] = marks
        checks["listing"] = imports_listing(cron, checks["committed_files"])
        return summarise(dash, cron, wall, checks, base, args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120, help="how long the load runs")
    parser.add_argument("--sessions", type=int, default=8, help="websocket sessions rerunning pages")
    parser.add_argument("--buildings", type=int, default=4, help="new buildings per import file")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--no-restart", action="store_true", help="do not kill and restart the dashboard")
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
        write_section(args.results, markdown(result, where, argv))
    ok = not result["errors"] and not result["lost"] and not result["doubled"] and not result["doubled_keys"] \
        and all(not row["state"].startswith("PARTIAL") for row in result["checks"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
