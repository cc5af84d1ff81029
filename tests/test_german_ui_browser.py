"""Real browser (issue 19, Done when): every page of the navigation in German, at 1920×1080 and at 1280×720, shows
no English word of Streamlit's or ktdash's own and no cut table column.

One server (a copy of the demo store), one browser page logged in as the agency's admin (who sees every page,
Import and Protokoll with their content). Each page of the sidebar navigation is opened by its URL inside the
session (``history.pushState``: Streamlit follows the address as on a click, the login stays) and looked at in both
sizes (the window is resized, the page not run again):

* the visible text (``innerText``: what is drawn) and the ``aria-label``/``title`` of visible elements hold no
  string of :data:`STREAMLIT_ENGLISH` or Python's raw values (whole words) and no English text of ktdash's catalog
  (:func:`catalog_english`: en.toml's texts that German does not share, long enough to be unambiguous);
* every data grid (glide-data-grid draws on a canvas): each column is at least as wide as its header and its
  widest cell need, measured with the canvas's ``measureText`` in the grid's own font plus the cell padding
  (a text that wraps: its lines fit the row height); the rendered widths and the cells are read from the grid's
  own properties (its React element: ``columns`` with ``width``, ``getCellContent``, ``freezeColumns``). A table
  wider than its box has its key column pinned.
"""

from __future__ import annotations

import csv
import re
import tomllib
from functools import cache

import pytest

from browser_support import ROOT, SHOTS, login, require_chromium, wait_idle
from browser_support import demo_server as browser_demo_server

pytestmark = pytest.mark.browser

require_chromium()

SIZES = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})
# Streamlit's own strings (navigation, uploader, page-not-found modal, toolbar, menus, status, widgets)
STREAMLIT_ENGLISH = ["View more", "View less", "Page not found", "Drag and drop", "Browse files", "per file",
                     "Upload", "Deploy", "Running", "Stop", "Press Enter to apply", "Press Enter to submit",
                     "No data", "Choose an option", "Select all", "Download as CSV", "Search", "Fullscreen",
                     "Close fullscreen", "Clear all", "No results", "Rerun", "Settings", "Print", "About",
                     "Record a screencast", "Made with Streamlit", "Copy to clipboard", "Show password",
                     "Hide password", "Please wait", "Connecting", "Something went wrong", "Add row", "Delete rows",
                     "Show/hide columns", "Sort ascending", "Sort descending", "Pin column", "Unpin column"]
PYTHON_RAW = ["None", "True", "False", "nan", "NaT"]
WORDS = STREAMLIT_ENGLISH + PYTHON_RAW


@cache
def catalog_english() -> tuple[str, ...]:
    """ktdash's English texts that cannot be German: the parts between placeholders of en.toml's values that
    are at least three words and 16 characters long and occur in no German text."""
    def values(name: str) -> list[str]:
        with open(ROOT / "ktdash" / "i18n" / name, "rb") as file:
            return [v for section in tomllib.load(file).values() for v in section.values() if isinstance(v, str)]

    german = "\n".join(values("de.toml"))
    parts = {part.strip(" .,:;()–-") for value in values("en.toml") for part in re.split(r"\{[^}]*\}|\*\*|\n", value)}
    return tuple(sorted(p for p in parts if len(p) >= 16 and p.count(" ") >= 2 and p not in german))


def english_in(text: str) -> list[str]:
    """The known English strings in ``text``: Streamlit's and Python's as whole words ("Stopp" or "Nanometer" are
    not "Stop", "nan"), ktdash's catalog texts as they stand."""
    found = [w for w in WORDS if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)]
    return found + [part for part in catalog_english() if part in text]


# Screen-reader labels Streamlit 1.67 gives in English with no option to word them: the multiselect's clear icon
# (BaseWeb) and the running icon of the status widget (its "Stop" button is worded: pages.common.status_widget_words)
ARIA_WITHOUT_OPTION = ["Clear all", "Running..."]
VISIBLE_TEXT = """skip => document.body.innerText + "\\n" + [...document.querySelectorAll("[aria-label], [title]")]
    .filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
    .map(el => [el.getAttribute("aria-label"), el.getAttribute("title")].filter(v => v && !skip.includes(v)))
    .flat().join("\\n")"""

# Open a path of the app inside the session (Streamlit's popstate handler), resolve when its run has ended.
GO = """path => new Promise(resolve => {
    const app = document.querySelector("[data-testid='stApp']");
    let ran = false;
    const watch = new MutationObserver(records => {  // a quick run may have started and ended in one batch
        const state = app.dataset.testScriptState;
        if (state === "running" || records.some(r => r.oldValue === "running")) ran = true;
        if (ran && state === "notRunning") { watch.disconnect(); resolve(location.pathname); }
    });
    watch.observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"]});
    history.pushState({}, "", path);
    dispatchEvent(new PopStateEvent("popstate"));
})"""

# Every data grid: its box, its pinned columns and per column the rendered width and the needed one.
GRIDS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const shown = cell => cell.kind === "boolean" ? null
      : typeof cell.displayData === "string" ? cell.displayData
      : cell.data && typeof cell.data.displayDate === "string" ? cell.data.displayDate
      : cell.copyData === undefined ? "" : String(cell.copyData);
  const lines = (text, room) => {  // greedy at spaces, as a text cell wraps
    let count = 1, used = 0;
    for (const word of text.split(" ")) {
      const w = ctx.measureText(word).width, next = used ? used + ctx.measureText(" ").width + w : w;
      if (next <= room) { used = next; continue; }
      count += (used ? 1 : 0) + Math.max(0, Math.ceil(w / room) - 1); used = w % room;
    }
    return count;
  };
  done([...document.querySelectorAll("[data-testid='stDataFrame']")].filter(host => host.checkVisibility())
        .map(host => {  // a table in a closed expander is not drawn
    const canvas = host.querySelector("canvas");
    let fiber = canvas && canvas[Object.keys(canvas).find(k => k.startsWith("__reactFiber$"))];
    while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.theme && fiber.memoizedProps.getCellContent
                      && Array.isArray(fiber.memoizedProps.columns))) fiber = fiber.return;
    if (!fiber) return {error: "no grid"};
    const p = fiber.memoizedProps, t = p.theme, pad = 2 * t.cellHorizontalPadding;
    const fontPx = parseFloat(t.baseFontStyle.split(" ").pop());
    const rowLines = p.rowHeight > 64 ? Math.floor((p.rowHeight - 2 * t.cellVerticalPadding)
                                                   / (fontPx * t.lineHeight)) : 1;
    const columns = p.columns.map((column, i) => {
      ctx.font = `${t.headerFontStyle} ${t.fontFamily}`;
      const result = {title: column.title, width: column.width,
                      need: ctx.measureText(column.title).width + pad + (column.icon ? 28 : 0), cell: column.title};
      ctx.font = `${t.baseFontStyle} ${t.fontFamily}`;
      for (let row = 0; row < Math.min(p.rows, 5000); row++) {
        const cell = p.getCellContent([i, row]), text = shown(cell);
        let need = text === null ? 18 + pad : ctx.measureText(text).width + pad;
        if (need > column.width && rowLines > 1 && cell.allowWrapping
            && lines(text, column.width - pad) <= rowLines) need = column.width;  // wraps within the row
        if (need > result.need) { result.need = need; result.cell = text; }
      }
      return result;
    });
    return {box: host.getBoundingClientRect().width, pinned: p.freezeColumns, columns};
  })); })))"""


# Per page (default view, the demo, as the admin): its heading and how many Plotly charts it draws at least — the
# check of "every page renders" (no exception element), which had its own browser test on a second demo server.
PAGE_MARKS: dict[str, tuple[str, int]] = {
    "/": ("Verbrauch in der Westpfalz", 4), "/vergleich": ("Vergleich Westpfalz", 6), "/kommune": ("Kommune", 4),
    "/gebaeude": ("Gebäude", 4), "/kampagnen": ("Kampagnen im Vergleich", 7), "/kampagne": ("Kampagne", 2),
    "/jahresplanung": ("Jahresplanung", 1), "/datenqualitaet": ("Datenqualität", 0),
    "/methoden": ("Methoden, Quellen und Faktoren", 1), "/import_daten": ("Daten importieren", 0),
    "/bericht": ("Energiebericht", 1), "/workshop": ("", 1)}


def page_drawn(page, path: str) -> int:
    """The page at ``path`` drawn: its heading, its charts (SVG drawn), no exception element; a screenshot of the
    window (test-results/ui_<page>.png). Returns the number of charts."""
    text, charts = PAGE_MARKS.get(path, ("", 0))
    if text:
        page.get_by_text(text).first.wait_for(timeout=30_000)
    if charts:
        page.locator("[data-testid='stPlotlyChart'] .main-svg").nth(charts - 1).wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0, path
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"ui_{path.strip('/') or 'start'}.png")
    return page.locator("[data-testid='stPlotlyChart']").count()


def settled_grids(page) -> list[dict]:
    """The grids once two measurements 100 ms apart agree (at most 3 s): after a resize the grid draws its columns
    at the old box's widths for a moment (stretched to the wider page), which is no cut table (CI, issue 19)."""
    grids = page.evaluate(GRIDS)
    for _ in range(30):
        page.wait_for_timeout(100)
        again = page.evaluate(GRIDS)
        if again == grids:
            break
        grids = again
    return grids


def table_problems(grids: list[dict]) -> list[str]:
    """Cut columns (needed width above the rendered one, 1 px tolerance for rounding) and wide tables without a
    pinned key column, as readable lines."""
    problems = []
    for number, grid in enumerate(grids, 1):
        if "error" in grid:
            problems.append(f"table {number}: {grid['error']}")
            continue
        for column in grid["columns"]:
            if column["need"] > column["width"] + 1:
                problems.append(f"table {number}, column {column['title']!r}: {column['width']:.0f} px drawn, "
                                f"{column['need']:.0f} px needed for {column['cell'][:50]!r}")
        if sum(c["width"] for c in grid["columns"]) > grid["box"] + 1 and not grid["pinned"]:
            widths = ", ".join(f"{c['title']} {c['width']:.0f}" for c in grid["columns"])
            problems.append(f"table {number}: wider than its box ({grid['box']:.0f} px), key column not pinned"
                            f" (px: {widths})")
    return problems


def test_table_problems_and_english_in():
    wide = {"box": 500, "pinned": 0, "columns": [{"title": "Befund", "width": 300, "need": 420, "cell": "lang"},
                                                  {"title": "Nr.", "width": 300, "need": 40, "cell": "1"}]}
    assert table_problems([wide]) == ["table 1, column 'Befund': 300 px drawn, 420 px needed for 'lang'",
                                      "table 1: wider than its box (500 px), key column not pinned"
                                      " (px: Befund 300, Nr. 300)"]
    assert table_problems([wide | {"pinned": 1, "columns": wide["columns"][1:]}]) == []
    assert english_in("200MB per file • CSV") == ["per file"]
    assert english_in("Upload") == ["Upload"]
    assert english_in("Stopp, Nanometer, keine Angabe") == []
    assert "Consumption in the Westpfalz" in catalog_english()
    assert english_in("Consumption in the Westpfalz") == ["Consumption in the Westpfalz"]


@pytest.fixture(scope="module")
def demo_server(demo_template, tmp_path_factory):
    yield from browser_demo_server(demo_template, tmp_path_factory, "browser_german")


def test_every_page_german_with_tables_that_fit(demo_server, page):
    page.set_viewport_size(SIZES[0])
    with open(ROOT / "sample_data" / "demo_accounts.csv", encoding="utf-8") as accounts:
        password = next(row["password"] for row in csv.DictReader(accounts) if row["user_name"] == "agentur")
    login(page, demo_server, "agentur", password)
    nav = page.get_by_test_id("stSidebarNav")
    assert english_in(nav.inner_text()) == [] and "Workshop" in nav.inner_text()  # expanded: no "View 6 more"
    paths = nav.locator("a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert len(paths) >= 16 and "/import_daten" in paths and "/methoden" in paths, paths
    found, sizes, drawn_charts = {}, [*SIZES], {}
    for path in paths:
        page.evaluate(GO, path)
        drawn_charts[path] = page_drawn(page, path)
        for size in sizes:  # the second size first on the next page: one resize per page
            page.set_viewport_size(size)
            problems = [f"English: {word}" for word in english_in(page.evaluate(VISIBLE_TEXT, ARIA_WITHOUT_OPTION))]
            problems += table_problems(settled_grids(page))
            if problems:
                found[f"{path} {size['width']}×{size['height']}"] = problems
        sizes.reverse()
        if path == "/import_daten":  # the uploader: its English hidden, the catalog's German drawn in its place
            drawn = page.get_by_test_id("stFileUploaderDropzone").evaluate("""zone => [
                getComputedStyle(zone.querySelector('button [data-testid="stMarkdownContainer"]'), '::after').content,
                getComputedStyle(zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] > div'),
                                 '::after').content]""")
            assert drawn == ['"Datei auswählen"', '"Höchstens 200 MB je Datei · CSV, TXT, TSV, XLSX"']
    assert found == {}
    assert {path: drawn_charts.get(path, 0) >= PAGE_MARKS[path][1] for path in PAGE_MARKS} == \
        {path: True for path in PAGE_MARKS}, drawn_charts
    # a typed address of the default page opens it (Streamlit serves the default page at "/" only)
    page.goto(f"{demo_server}/uebersicht?ebene=municipality")
    wait_idle(page)
    page.get_by_text("Verbrauch in der Westpfalz").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert english_in(page.locator("body").inner_text()) == []
    assert page.url == f"{demo_server}/?ebene=municipality"
