"""Benchmark: a 100 MB load profile uploaded through the browser, checked and stored, with what the user sees.

    python bench/upload.py [--meters 30]

Starts the dashboard (``streamlit run app.py``) on a fresh store with the buildings of the generated load
profile, opens it in Debian's Chromium (Playwright), logs in as an admin through the sidebar form, goes to
*Import*, hands the file to the upload field and measures, from that moment:

- until the page shows a progress indicator (Streamlit's upload bar or the status "Datei wird geprüft …");
- until the preview is on the page (upload, decode, check: the whole ``prepare_import``);
- from the click on "Import speichern" until "Gespeichert: … Werte" (commit and rollups).

It records which indicators were seen (polling every 50 ms) and prints the times with the file's size and
rows. Needs the test extras (Playwright) and ``/usr/bin/chromium``, like the browser tests.

Then the confirm step alone, in this process, on two fresh stores like the one above (issue 16): with the
import session (:mod:`ktdash.ingest.session`; the page's click run finds the inspection and the prepared
preview kept and only commits) against the old way (the click run inspected the file and prepared the
import again on a new cursor, then committed), wall clock of the click's work, and the ratio of the two.
The preview before the click (inspection and preparation) is not timed in either.

    python bench/upload.py --quick      # 1 meter (≈ 3.5 MB) instead of 30 (≈ 100 MB)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

from import_speed import MUNICIPALITY, load_profile_file  # noqa: E402

from ktdash.core.formatting import format_number  # noqa: E402

PASSWORD = "Bench-Passwort-2026"
INDICATORS = {  # what counts as "the user sees that something is going on"
    "upload bar": "[data-testid='stFileUploaderFile'] [role='progressbar'], [data-testid='stFileUploaderFileData'] "
                  "[role='progressbar']",
    "status": "[data-testid='stExpander'] :text('Datei wird geprüft')",
    "running": "[data-testid='stStatusWidget']",
}


def prepare_store(db: Path, buildings: Path) -> None:
    from ktdash.access import accounts
    from ktdash.ingest.pipeline import import_file
    from ktdash.ingest.masterdata import init_store
    from ktdash.core.settings import Settings
    from ktdash.store.connection import open_store

    con = open_store(db)
    try:
        init_store(con, Settings(), demo=False)
        preview, result = import_file(con, buildings.read_bytes(), buildings.name, MUNICIPALITY, settings=Settings(),
                                      user="bench")
        assert result is not None, preview.rejected_frame().to_string()
        accounts.add_user(con, "bench", "admin", PASSWORD, by="bench")
    finally:
        con.close()


def run(meters: int = 30, cache: str | Path | None = None, echo=print) -> dict:
    from playwright.sync_api import sync_playwright

    from browser_support import LAUNCH_ARGS, login, open_in_sidebar, streamlit_server, wait_idle

    path, buildings = load_profile_file(meters=meters, cache=cache)
    size_mb = path.stat().st_size / 1e6
    rows = sum(1 for _ in path.open("rb")) - 1
    echo(f"Datei: {path.name}, {format_number(size_mb, 1)} MB, {format_number(rows, 0)} Zeilen")
    with tempfile.TemporaryDirectory(prefix="ktdash-upload-") as folder:
        db = Path(folder) / "upload.duckdb"
        prepare_store(db, buildings)
        server = streamlit_server(db)
        url = next(server)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**LAUNCH_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                login(page, url, "bench", PASSWORD)
                open_in_sidebar(page, "Import")
                page.get_by_test_id("stSelectbox").first.click()  # an admin: the file's municipality, not the first
                page.keyboard.type(MUNICIPALITY)  # the list is long: filter it
                page.get_by_role("option").filter(has_text=MUNICIPALITY).first.click()
                wait_idle(page)
                seen: dict[str, float] = {}
                start = time.perf_counter()
                page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
                handed = time.perf_counter() - start  # the browser has read the file (Playwright's part)
                preview = page.get_by_text("Vorschau", exact=True)
                while not preview.is_visible():
                    now = time.perf_counter() - start
                    for name, selector in INDICATORS.items():
                        if name not in seen and page.locator(selector).count():
                            seen[name] = now
                    if now > 900:
                        raise TimeoutError("no preview after 15 minutes")
                    page.wait_for_timeout(50)
                checked = time.perf_counter() - start
                wait_idle(page)
                button = page.get_by_role("button", name="Import speichern")
                start = time.perf_counter()
                button.click()
                page.get_by_text("Gespeichert:").wait_for(timeout=900_000)
                stored = time.perf_counter() - start
                browser.close()
        finally:
            next(server, None)
        figures = {"file_mb": size_mb, "rows": rows, "handed_s": handed, "preview_s": checked, "store_s": stored,
                   "indicators": seen, "first_indicator_s": min(seen.values()) if seen else None}
        _print(figures, echo)
        figures |= confirm_step(path, buildings, Path(folder), echo)
    return figures


def confirm_step(path: Path, buildings: Path, folder: Path, echo=print) -> dict:
    """Seconds of the confirm click's work with the import session and the old way, each on a fresh store
    with the buildings (see the module's docstring); both must store the same."""
    from ktdash.core.settings import Settings
    from ktdash.ingest.pipeline import commit_import, inspect_file, prepare_import
    from ktdash.ingest.session import SessionSlot
    from ktdash.store.connection import open_store

    data, settings, seconds, stored = path.read_bytes(), Settings(), {}, {}
    for way in ("session", "old"):
        db = folder / f"confirm_{way}.duckdb"
        prepare_store(db, buildings)
        con = open_store(db)
        try:
            if way == "session":
                session = SessionSlot().open(con, data, path.name, settings)
                session.inspect()
                session.prepare(MUNICIPALITY)  # the preview the user sees: not timed
                start = time.perf_counter()
                session.inspect()  # the click's run of the page: everything kept …
                session.prepare(MUNICIPALITY)
                result = session.commit("bench")  # … only the commit
                assert session.calls == {"decode": 1, "inspect": 1, "prepare": 1, "commit": 1}, session.calls
            else:
                start = time.perf_counter()
                cursor = con.cursor()  # the click's run before: a new cursor, the file read and checked again
                inspect_file(data, path.name, settings)
                prepared = prepare_import(cursor, data, path.name, MUNICIPALITY, settings=settings)
                result = commit_import(cursor, prepared, "bench")
                cursor.close()
            seconds[way] = time.perf_counter() - start
            stored[way] = (result.records_stored, result.rows_rejected,
                           con.execute("SELECT count(*), round(sum(value), 3) FROM readings").fetchone())
        finally:
            con.close()
    assert stored["session"] == stored["old"], stored
    ratio = seconds["old"] / seconds["session"]
    echo(f"Bestätigen mit Import-Sitzung (nur speichern):       {seconds['session']:6.2f} s")
    echo(f"Bestätigen wie bisher (prüfen, lesen, speichern):    {seconds['old']:6.2f} s")
    echo(f"bisher / Sitzung = {ratio:.1f} ×  (je {format_number(stored['session'][0], 0)} Werte gespeichert)")
    return {"confirm_session_s": seconds["session"], "confirm_old_s": seconds["old"], "confirm_ratio": ratio}


def _print(f: dict, echo) -> None:
    echo(f"Datei an das Upload-Feld übergeben:  {f['handed_s']:6.1f} s")
    echo(f"bis zur Vorschau (hochladen, prüfen): {f['preview_s']:6.1f} s")
    echo(f"Speichern bis „Gespeichert“:        {f['store_s']:6.1f} s")
    if f["indicators"]:
        for name, at in sorted(f["indicators"].items(), key=lambda kv: kv[1]):
            echo(f"Fortschrittsanzeige „{name}“ sichtbar nach {at:.2f} s")
    else:
        echo("KEINE Fortschrittsanzeige gesehen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=30, help="Zählpunkte der Datei (30 ≈ 100 MB)")
    parser.add_argument("--quick", action="store_true", help="1 Zählpunkt (≈ 3,5 MB) statt --meters")
    parser.add_argument("--cache", type=Path, help="Ordner für die erzeugten Dateien (Standard: Temp-Ordner)")
    args = parser.parse_args(argv)
    os.environ.setdefault("KTDASH_DEMO", "0")
    run(1 if args.quick else args.meters, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
