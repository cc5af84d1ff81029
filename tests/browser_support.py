"""What the browser tests share: Debian's chromium, a Streamlit server on a free port, waiting for a run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-results"
LAUNCH_ARGS = {"executable_path": CHROMIUM,
               "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run"]}


def require_chromium() -> None:
    """Call at module level: CI must have Debian's chromium; elsewhere the module is skipped without it."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_server(db: Path | str):
    """Start `streamlit run app.py` on a free port with the store ``db`` (a DuckDB file, or a ``postgresql://`` URL:
    server mode, ``KTDASH_STORE``); yields its URL."""
    port = free_port()
    where = {"KTDASH_STORE": db} if str(db).startswith("postgresql://") else {"KTDASH_DB": str(db)}
    env = {k: v for k, v in os.environ.items() if k not in ("KTDASH_DB", "KTDASH_STORE")} | where | {"KTDASH_DEMO": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError(process.stdout.read().decode(errors="replace"))
    yield url
    process.terminate()
    process.wait(timeout=10)


def demo_server(demo_template, tmp_path_factory, name: str):
    """The dashboard on the whole Westpfalz demo (a copy of the `ktdash init` store of conftest's
    ``demo_template``); yields its URL."""
    from conftest import demo_copy

    yield from streamlit_server(demo_copy(demo_template, tmp_path_factory, name))


def wait_idle(page):
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def login(page, server: str, name: str, password: str) -> None:
    """Log in through the sidebar's login form, as a user does. The login lives in the tab's Streamlit session and
    in the browser's session cookie (a ``page.goto`` of the same server keeps it; a new browser context has none)."""
    page.goto(server)
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Anmelden", exact=True).first.click()
    sidebar.get_by_label("Benutzername").fill(name)
    sidebar.get_by_label("Passwort", exact=True).fill(password)
    sidebar.get_by_role("button", name="Anmelden").click()
    sidebar.get_by_text("Angemeldet:").wait_for(timeout=30_000)
    wait_idle(page)


def open_in_sidebar(page, title: str) -> None:
    """Go to a page by its link in the sidebar navigation (keeps the session, like a user's click)."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    wait_idle(page)
