"""Benchmark: the dashboard in a real browser, one person and a whole workshop at once (issue 19).

    python bench/browser_load.py                        # every page, 30 workshop sessions
    python bench/browser_load.py --quick                # 3 pages once, 2 sessions: to see that it works
    python bench/browser_load.py --sessions 30 --pages vergleich workshop --label vorher --results bench/RESULTS.md

Starts ``streamlit run app.py`` (like the browser tests: ``tests/browser_support.streamlit_server``) on a copy of
the Westpfalz demo store, built once by ``ktdash init`` into ``bench/.cache/browser/`` (again when the demo files
or the migrations change), and drives Debian's Chromium (``/usr/bin/chromium``, headless, Playwright) as
anonymous visitors (the open view, ``KTDASH_OPEN_VIEW`` default), window 1920 × 1080:

1. **One person** — for every page of the navigation:
   *first load*: a fresh browser context (no cache, no cookies) opens the page's URL;
   *new tab*: a second tab of that same context (the browser's cache warm, a new Streamlit session) opens it.
   Each ``--repeat`` times (default 3), the median is reported. The server is warmed first by one visit of the
   start page (its time, the server's cold start, is printed apart).
2. **A workshop** — ``--sessions`` browser contexts (default 30) in one Chromium, started at random moments
   spread over ``--stagger`` seconds (default 3, seeded): each opens *Vergleich* by its URL and, once that is
   idle, clicks *Workshop* in the sidebar navigation (the same Streamlit session). Each session's two times are
   recorded; p50, p95 and max of each are reported.
3. **The same workshop without a browser**, before 2., with the same start times: websocket clients speaking
   Streamlit's own protocol (``/_stcore/stream``: a ``rerun_script`` BackMsg for *Vergleich*, then one with
   *Workshop*'s page hash) time until the server's ``script_finished`` — the server's share, as in a real workshop
   where every participant's browser runs on their own computer.

Every time runs from the moment the URL is asked for (or the link is clicked) until the page is **idle**, the
definition of the browser tests (``wait_idle``) made exact: the app's script state is ``notRunning``, no
skeleton (``stSkeleton``) and no running indicator is on the page, and the main area shows content — the
page's own (an element of the main block; after a click, the new page's marker). When the Plotly charts are
also drawn (an SVG in every ``stPlotlyChart``) is recorded too ("Diagramme"), no goal.

Goals (issue 19, on this machine): p95 < 3 s for the 30 sessions, first load < 1,5 s, a new tab < 1 s (the
slowest page's median). The browser and the server share the machine's cores: 30 Chromium tabs drawing Plotly
charts take CPU the server would have in a real workshop (each participant has a computer of their own); the
CPU seconds of the server and of Chromium (this process's descendants) during the workshop are printed to tell the
two apart, and 3. measures the server alone.

Writes, with ``--results``, a section (date, machine: cores, load average before the run, commit; the goals and
whether they are met) into that Markdown file, replacing the section of the same ``--label``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CACHE = HERE / ".cache" / "browser"
GOALS = {"workshop_p95": 3.0, "first_load": 1.5, "new_tab": 1.0}  # seconds
VIEWPORT = {"width": 1920, "height": 1080}
QUICK_PAGES = ("start", "vergleich", "workshop")

# The page is idle (see the docstring): evaluated in the page, polled every 50 ms.
IDLE = """(marker) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']")) return false;
  const status = document.querySelector("[data-testid='stStatusWidget']");
  if (status && /running|läuft/i.test(status.textContent || "")) return false;
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  if (!main || !main.querySelector("[data-testid='stElementContainer']")) return false;
  if (main.querySelector("[data-stale='true']")) return false;
  return marker ? document.querySelector(marker) !== null : true;
}"""
CHARTS = """() => Array.from(document.querySelectorAll("[data-testid='stPlotlyChart']"))
  .every(c => c.querySelector(".main-svg") !== null)"""
WORKSHOP_MARKER = ".st-key-ws_head"
VERGLEICH_MARKER = "[data-testid='stSidebarNav']"
WORKSHOP_TIMEOUT_S = 300  # a session not idle by then counts as "nicht fertig" (30 Chromiums on 2 cores are slow)


# --- the store and the server --------------------------------------------------------------------------------------

def _demo_key() -> str:
    """A hash of what the demo store is made of: the sample data and the migrations."""
    digest = hashlib.sha256()
    for folder in (ROOT / "sample_data", ROOT / "ktdash" / "store" / "migrations"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def demo_store(echo=print) -> Path:
    """The demo store of ``ktdash init`` (built once per state of the demo files and migrations)."""
    key = _demo_key()
    db = CACHE / key / "demo.duckdb"
    if db.exists():
        return db
    shutil.rmtree(CACHE, ignore_errors=True)
    db.parent.mkdir(parents=True)
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k not in ("KTDASH_USER", "KTDASH_PASSWORD", "KTDASH_DEMO")}
    result = subprocess.run([sys.executable, "-m", "ktdash.cli.main", "init"], cwd=ROOT, capture_output=True,
                            text=True, env=env | {"KTDASH_DB": str(db) + ".part"}, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    Path(str(db) + ".part").rename(db)
    wal = Path(str(db) + ".part.wal")
    if wal.exists():
        wal.rename(Path(str(db) + ".wal"))
    echo(f"Demo-Datenbank mit ktdash init gebaut: {time.perf_counter() - start:.0f} s")
    return db


def nav_pages() -> list[str]:
    """The url paths of the navigation in its order (pages/common.py navigation_pages; the hidden redirect left out):
    ``start`` is the default page, served at ``/``."""
    text = (ROOT / "pages" / "common.py").read_text(encoding="utf-8")
    body = text[text.index("def navigation_pages"):text.index("def file_uploader")]
    pages = []
    for segment in body.split("st.Page(")[1:]:
        path = re.search(r'url_path="(\w+)"', segment)
        if path and 'visibility="hidden"' not in segment:
            pages.append(path.group(1))
    return pages


def url_of(server: str, page: str) -> str:
    return server + "/" if page == "start" else f"{server}/{page}"


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its ended, waited-for children (Linux /proc)."""
    fields = _stat(pid)
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def browser_cpu_seconds(server_pid: int) -> float:
    """CPU seconds of the processes this one started except the server: Playwright's driver and Chromium with its
    renderers (the living ones and the ended children they waited for)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat(int(entry.name))[1])
            except (OSError, IndexError, ValueError):
                continue
    mine, frontier = set(), [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid != server_pid and pid not in mine:
                mine.add(pid)
                frontier.append(pid)
    total = 0.0
    for pid in mine:
        try:
            total += cpu_seconds(pid)
        except (OSError, IndexError, ValueError):
            continue
    return total


# --- measuring ----------------------------------------------------------------------------------------------------

async def _until_idle(page, start: float, marker: str | None = None, timeout_s: float = 120) -> tuple[float, float]:
    """(seconds to idle, seconds to the charts drawn) since ``start`` (time.perf_counter)."""
    await page.wait_for_function(IDLE, arg=marker, polling=50, timeout=timeout_s * 1000)
    idle = time.perf_counter() - start
    await page.wait_for_function(CHARTS, polling=50, timeout=timeout_s * 1000)
    return idle, time.perf_counter() - start


async def _open(context, url: str, marker: str | None = None) -> tuple[float, float]:
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="commit")
    return await _until_idle(page, start, marker)


async def single_session(browser, server: str, pages: list[str], repeat: int, server_pid: int, echo=print) -> dict:
    """First load and new tab of every page, ``repeat`` times each: the medians (and all runs), and the server's
    CPU seconds for a new tab (median)."""
    results = {}
    for name in pages:
        first, tab, first_charts, tab_charts, cpu = [], [], [], [], []
        for _ in range(repeat):
            context = await browser.new_context(viewport=VIEWPORT, locale="de-DE")
            try:
                idle, charts = await _open(context, url_of(server, name))
                first.append(idle)
                first_charts.append(charts)
                before = cpu_seconds(server_pid)
                idle, charts = await _open(context, url_of(server, name))
                cpu.append(cpu_seconds(server_pid) - before)
                tab.append(idle)
                tab_charts.append(charts)
            finally:
                await context.close()
        results[name] = {"first": statistics.median(first), "new_tab": statistics.median(tab),
                         "first_charts": statistics.median(first_charts), "tab_charts": statistics.median(tab_charts),
                         "server_cpu": statistics.median(cpu), "first_runs": first, "tab_runs": tab}
        echo(f"  {name:18} Erstaufruf {results[name]['first']:5.2f} s (Diagramme {results[name]['first_charts']:5.2f})"
             f"   neuer Tab {results[name]['new_tab']:5.2f} s (Diagramme {results[name]['tab_charts']:5.2f},"
             f" Server-CPU {results[name]['server_cpu']:4.2f})")
    return results


async def _workshop_session(browser, server: str, delay: float, out: list, contexts: list) -> None:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport=VIEWPORT, locale="de-DE")
    contexts.append(context)  # open until every session is done (participants keep their tab), then closed
    row = {"delay": delay}
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url_of(server, "vergleich"), wait_until="commit")
        row["vergleich"], row["vergleich_charts"] = await _until_idle(page, start, VERGLEICH_MARKER, WORKSHOP_TIMEOUT_S)
        start = time.perf_counter()
        await page.get_by_test_id("stSidebarNav").get_by_text("Workshop", exact=True).click()
        row["workshop"], row["workshop_charts"] = await _until_idle(page, start, WORKSHOP_MARKER, WORKSHOP_TIMEOUT_S)
    except Exception as exc:  # a session that never got idle: recorded, never hidden
        row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    finally:
        out.append(row)


async def workshop(browser, server: str, sessions: int, stagger: float, seed: int, server_pid: int) -> dict:
    """``sessions`` contexts open Vergleich, then Workshop, started within ``stagger`` seconds of each other: the
    sessions' rows, the wall time, and the CPU seconds of the server and of the browser (its processes) meanwhile."""
    rng = random.Random(seed)
    delays = sorted(rng.uniform(0, stagger) for _ in range(sessions))
    rows: list[dict] = []
    contexts: list = []
    server_before, browser_before = cpu_seconds(server_pid), browser_cpu_seconds(server_pid)
    wall = time.perf_counter()
    await asyncio.gather(*(_workshop_session(browser, server, d, rows, contexts) for d in delays))
    result = {"rows": rows, "wall_s": time.perf_counter() - wall,
              "server_cpu_s": cpu_seconds(server_pid) - server_before,
              "browser_cpu_s": browser_cpu_seconds(server_pid) - browser_before}
    for context in contexts:
        await context.close()
    return result


# --- the server alone: Streamlit's own protocol, no browser ------------------------------------------------------

def _rerun_message(page_name: str = "", page_script_hash: str = "") -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = page_name
    message.rerun_script.page_script_hash = page_script_hash
    return message.SerializeToString()


async def _until_finished(ws, pages: dict) -> str | None:
    """Read ForwardMsgs until the script run ends (a run that ends for a rerun goes on); the url paths of the
    navigation into ``pages`` (url path → page script hash). An exception element's message, else None."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    error = None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await ws.recv())
        kind = message.WhichOneof("type")
        if kind == "navigation":
            pages.update({p.url_pathname: p.page_script_hash for p in message.navigation.app_pages})
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element" \
                and message.delta.new_element.WhichOneof("type") == "exception":
            error = error or message.delta.new_element.exception.message[:160]
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return error


async def _server_session(server: str, delay: float, out: list) -> None:
    """One session as the browser's script would drive it: connect, run Vergleich, then switch to Workshop."""
    import websockets

    await asyncio.sleep(delay)
    row = {"delay": delay}
    try:
        async with websockets.connect(server.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                      origin=server, max_size=None, open_timeout=120) as ws:
            pages: dict = {}
            start = time.perf_counter()
            await ws.send(_rerun_message(page_name="vergleich"))
            row["error"] = await asyncio.wait_for(_until_finished(ws, pages), 120)
            row["vergleich"] = time.perf_counter() - start
            start = time.perf_counter()
            await ws.send(_rerun_message(page_script_hash=pages["workshop"]))
            row["error"] = row["error"] or await asyncio.wait_for(_until_finished(ws, pages), 120)
            row["workshop"] = time.perf_counter() - start
    except Exception as exc:  # recorded, never hidden
        row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
    if not row.get("error"):
        row.pop("error", None)
    out.append(row)


async def server_only(server: str, sessions: int, stagger: float, seed: int, server_pid: int) -> dict:
    """The workshop's sessions without a browser: websocket clients speaking Streamlit's protocol ask for the same
    runs (Vergleich, then Workshop) and wait for the server's "script finished" — what the server takes when the
    browsers are elsewhere, as in a real workshop. Same start times as :func:`workshop`."""
    rng = random.Random(seed)
    delays = sorted(rng.uniform(0, stagger) for _ in range(sessions))
    rows: list[dict] = []
    before, wall = cpu_seconds(server_pid), time.perf_counter()
    await asyncio.gather(*(_server_session(server, d, rows) for d in delays))
    return {"rows": rows, "wall_s": time.perf_counter() - wall, "server_cpu_s": cpu_seconds(server_pid) - before}


def quantile(values: list[float], q: float) -> float:
    """The q-quantile by linear interpolation (numpy's default); p95 of 30 values lies between the 28th and 29th."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def step_line(title: str, values: list[float]) -> str:
    if not values:
        return f"{title:26} {'–':>6} {'–':>6} {'–':>6}"
    s = spread(values)
    return f"{title:26} {s['p50']:6.2f} {s['p95']:6.2f} {s['max']:6.2f}"


def seconds(s: dict) -> str:
    """"2.41 s (p50 1.20, max 2.73)", or that no session got there."""
    return f"{s['p95']:.2f} s (p50 {s['p50']:.2f}, max {s['max']:.2f})" if s["n"] else "keine Sitzung fertig"


def error_lines(rows: list[dict], what: str) -> list[str]:
    """The sessions that did not finish, one line per distinct error with how many and their start times."""
    grouped: dict[str, list[float]] = {}
    for row in rows:
        if "error" in row:
            grouped.setdefault(row["error"], []).append(row["delay"])
    return [f"{what}: {len(delays)} × {error} (Start +{min(delays):.1f} bis +{max(delays):.1f} s)"
            for error, delays in grouped.items()]


def spread(values: list[float]) -> dict:
    return {"p50": quantile(values, 0.5), "p95": quantile(values, 0.95), "max": max(values, default=float("nan")),
            "n": len(values)}


async def measure(pages: list[str], sessions: int, repeat: int, stagger: float, seed: int, echo=print,
                  store: Path | None = None) -> dict:
    from playwright.async_api import async_playwright

    from browser_support import LAUNCH_ARGS

    template = store or demo_store(echo)
    with tempfile.TemporaryDirectory(prefix="ktdash-browser-load-") as folder:
        db = Path(folder) / "demo.duckdb"
        shutil.copyfile(template, db)
        if Path(str(template) + ".wal").exists():
            shutil.copyfile(str(template) + ".wal", str(db) + ".wal")
        log = Path(folder) / "server.log"
        process, server = start_server(db, log)
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(**LAUNCH_ARGS)
                context = await browser.new_context(viewport=VIEWPORT)
                cold, _ = await _open(context, url_of(server, "start"))
                await context.close()
                echo(f"Kaltstart des Servers (erster Aufruf der Startseite): {cold:.2f} s")
                result = {"server_cold_s": cold, "pages": {}, "workshop": []}
                if pages:
                    echo(f"Eine Person: Erstaufruf und neuer Tab, je Seite Median aus {repeat}")
                    result["pages"] = await single_session(browser, server, pages, repeat, process.pid, echo)
                if sessions:
                    alone = await server_only(server, sessions, stagger, seed, process.pid)
                    result["server_only"] = alone.pop("rows")
                    result |= {f"server_only_{key}": value for key, value in alone.items()}
                    load = await workshop(browser, server, sessions, stagger, seed, process.pid)
                    result["workshop"] = load.pop("rows")
                    result |= {f"workshop_{key}": value for key, value in load.items()}
                await browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
        text = log.read_text(encoding="utf-8", errors="replace")
        errors = [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]
        if errors:
            kept = CACHE / "server_last.log"
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_text(text, encoding="utf-8")
            echo(f"Server-Log: {len(errors)} Fehler (Traceback/ERROR), das Log: {kept.relative_to(ROOT)}")
    return result


def start_server(db: Path, log: Path):
    """``streamlit run app.py`` on a free port with the store ``db`` (as tests/browser_support.streamlit_server, its
    output into ``log`` so that a busy server never blocks on a full pipe); (process, URL) once it answers."""
    import urllib.request

    from browser_support import free_port

    port = free_port()
    env = dict(os.environ, KTDASH_DB=str(db), KTDASH_DEMO="0")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless",
             "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(log.read_text(encoding="utf-8", errors="replace"))


# --- report ---------------------------------------------------------------------------------------------------------

def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return {"when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
            "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
            "commit": commit.strip() + (" + uncommitted changes" if dirty else "")}


def summary(result: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, goal, met) rows."""
    rows = []
    ok = [r for r in result["workshop"] if "error" not in r]
    failed = len(result["workshop"]) - len(ok)
    for step, title in (("vergleich", "Vergleich öffnen"), ("workshop", "dann Workshop")):
        if result["workshop"]:
            s = spread([r[step] for r in ok])
            met = s["p95"] < GOALS["workshop_p95"] and not failed
            rows.append((f"{len(result['workshop'])} Sitzungen: {title}, p95",
                         seconds(s) + (f", {failed} nicht fertig" if failed else ""), "< 3 s", met))
    alone = [r for r in result.get("server_only", []) if "error" not in r]
    if result.get("server_only"):
        failed_alone = len(result["server_only"]) - len(alone)
        for step, title in (("vergleich", "Vergleich"), ("workshop", "Workshop")):
            s = spread([r[step] for r in alone])
            rows.append((f"dieselben {len(result['server_only'])} ohne Browser (nur Server): {title}, p95",
                         seconds(s) + (f", {failed_alone} nicht fertig" if failed_alone else ""), "< 3 s",
                         s["p95"] < GOALS["workshop_p95"] and not failed_alone))
    if result["pages"]:
        for kind, goal, title in (("first", "first_load", "Erstaufruf"), ("new_tab", "new_tab", "neuer Tab")):
            page, worst = max(((p, r[kind]) for p, r in result["pages"].items()), key=lambda x: x[1])
            under = sum(r[kind] < GOALS[goal] for r in result["pages"].values())
            rows.append((f"{title}, langsamste Seite ({page})",
                         f"{worst:.2f} s ({under} von {len(result['pages'])} Seiten unter dem Ziel)",
                         f"< {GOALS[goal]:g} s".replace(".", ","), worst < GOALS[goal]))
    return [(what, measured.replace(".", ","), goal, met) for what, measured, goal, met in rows]


def text_report(result: dict, args) -> str:
    lines = [f"Kaltstart des Servers (erster Aufruf der Startseite): {result['server_cold_s']:.2f} s"]
    if result["pages"]:
        lines += ["", f"Eine Person, Median aus {args.repeat} (Sekunden bis idle; Diagramme: bis alle gezeichnet)",
                  f"{'Seite':18} {'Erstaufruf':>10} {'Diagramme':>10} {'neuer Tab':>10} {'Diagramme':>10}"
                  f" {'Server-CPU':>10}"]
        for page, r in result["pages"].items():
            lines.append(f"{page:18} {r['first']:10.2f} {r['first_charts']:10.2f} {r['new_tab']:10.2f}"
                         f" {r['tab_charts']:10.2f} {r['server_cpu']:10.2f}")
        lines.append("(Server-CPU: CPU-Sekunden des Servers für einen neuen Tab, Median)")
    if result["workshop"]:
        ok = [r for r in result["workshop"] if "error" not in r]
        n = len(result["workshop"])
        lines += ["", f"Workshop: {n} Sitzungen, Start verteilt über {args.stagger:g} s (Seed {args.seed}); "
                      f"gesamt {result['workshop_wall_s']:.1f} s; CPU-Sekunden währenddessen: Server "
                      f"{result['workshop_server_cpu_s']:.1f} ({result['workshop_server_cpu_s'] / n:.2f} je Sitzung), "
                      f"Browser {result['workshop_browser_cpu_s']:.1f} ({result['workshop_browser_cpu_s'] / n:.2f} je "
                      f"Sitzung); verfügbar {os.cpu_count()} × {result['workshop_wall_s']:.1f} = "
                      f"{os.cpu_count() * result['workshop_wall_s']:.1f}"]
        lines.append(f"{'Schritt':26} {'p50':>6} {'p95':>6} {'max':>6}")
        for key, title in (("vergleich", "Vergleich (URL)"), ("vergleich_charts", "  … Diagramme gezeichnet"),
                           ("workshop", "Workshop (Klick)"), ("workshop_charts", "  … Diagramme gezeichnet")):
            lines.append(step_line(title, [r[key] for r in ok]))
        lines += error_lines(result["workshop"], "nicht fertig")
    if result.get("server_only"):
        n = len(result["server_only"])
        ok = [r for r in result["server_only"] if "error" not in r]
        lines += ["", f"Ohne Browser: {n} Websocket-Sitzungen (Streamlits Protokoll, dieselben Startzeiten) bis "
                      f"„Skript fertig“; gesamt {result['server_only_wall_s']:.1f} s, Server-CPU "
                      f"{result['server_only_server_cpu_s']:.1f} s ({result['server_only_server_cpu_s'] / n:.2f} je "
                      "Sitzung)", f"{'Schritt':26} {'p50':>6} {'p95':>6} {'max':>6}"]
        for key, title in (("vergleich", "Vergleich"), ("workshop", "Workshop")):
            lines.append(step_line(title, [r[key] for r in ok]))
        lines += error_lines(result["server_only"], "Fehler")
    return "\n".join(lines)


MET = {True: "erreicht", False: "NICHT erreicht", None: "–"}


def markdown(result: dict, args, where: dict) -> str:
    label = args.label or "Lauf"
    lines = [f"<!-- browser_load:{label} -->", f"### Browser: {label} ({where['when']})", "",
             f"`python bench/browser_load.py {' '.join(args.argv)}`".replace("  ", " ") + f": {where['cpus']} CPUs, "
             f"Last vor dem Lauf (1/5/15 min) {where['load']}, Commit {where['commit']}; Chromium headless, "
             "1920 × 1080, anonym (offene Ansicht).", "",
             "| Ziel | gemessen | Ziel | erreicht |", "|---|---|---|---|"]
    lines += [f"| {what} | {measured} | {goal} | {MET[met]} |" for what, measured, goal, met in summary(result)]
    lines += ["", "```text", text_report(result, args), "```", f"<!-- /browser_load:{label} -->"]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, label: str) -> None:
    """Put ``section`` into the Markdown file ``path``: in place of the one of the same label, else at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    begin, end = f"<!-- browser_load:{label} -->", f"<!-- /browser_load:{label} -->"
    if begin in text and end in text:
        text = text[:text.index(begin)] + section.rstrip("\n") + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def run(sessions: int = 30, pages: list[str] | None = None, repeat: int = 3, stagger: float = 3.0, seed: int = 19,
        echo=print, store: Path | None = None) -> dict:
    """Both measurements (for bench/run.py); ``pages`` None: every page of the navigation; ``store``: a demo store
    file to copy instead of the cached ``ktdash init`` one."""
    pages = nav_pages() if pages is None else pages
    result = asyncio.run(measure(pages, sessions, repeat, stagger, seed, echo, store))
    result["summary"] = summary(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="workshop sessions at once (0: none)")
    parser.add_argument("--pages", nargs="*", help="url paths of the pages (default: all; 'start' is the first)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page and kind (median)")
    parser.add_argument("--stagger", type=float, default=3.0, help="the sessions start within so many seconds")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--quick", action="store_true", help=f"pages {', '.join(QUICK_PAGES)} once, 2 sessions")
    parser.add_argument("--results", type=Path, help="write a section into this Markdown file (bench/RESULTS.md)")
    parser.add_argument("--label", default="", help="the section's name, e.g. vorher / nachher (replaced if there)")
    parser.add_argument("--store", type=Path, help="copy this store file instead of the cached demo (ktdash init)")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.quick:
        args.pages, args.repeat, args.sessions = args.pages or list(QUICK_PAGES), 1, min(args.sessions, 2)
    if not Path("/usr/bin/chromium").exists():
        print("Debian's chromium is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    os.environ.setdefault("KTDASH_DEMO", "0")
    where = machine()
    print(f"{where['when']}: {where['cpus']} CPUs, Last {where['load']}, Commit {where['commit']}")
    result = run(args.sessions, args.pages, args.repeat, args.stagger, args.seed, store=args.store)
    print()
    print(text_report(result, args))
    print()
    for what, measured, goal, met in result["summary"]:
        print(f"{what:44} {measured:>40}  {goal:>8}  {MET[met]}")
    if args.results:
        write_section(args.results, markdown(result, args, where), args.label or "Lauf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
