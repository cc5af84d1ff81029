"""Real browser: the German interface on the Westpfalz demo has no English word of Streamlit's or ktdash's own.

One server (a copy of the demo store), one browser page logged in as the agency's admin (so Import and Protokoll
show their content). Each main page is opened by its sidebar link and its visible text (``innerText``: what is
drawn, not hidden elements) is searched for known English strings; the file uploader shows the catalog's German
texts (CSS ``content:``, :func:`pages.common.file_uploader`); a typed ``/uebersicht`` opens Übersicht without
Streamlit's "Page not found".
"""

from __future__ import annotations

import csv
import re

import pytest

from browser_support import ROOT, login, open_in_sidebar, require_chromium, wait_idle
from browser_support import demo_server as browser_demo_server

pytestmark = pytest.mark.browser

require_chromium()

# Streamlit's own strings (navigation, uploader, page-not-found modal, toolbar, status) and raw values of Python
ENGLISH = ["View more", "View less", "Page not found", "Drag and drop", "Browse files", "per file", "Upload",
           "Deploy", "Running", "Stop", "None", "True", "False", "nan"]
PAGES = ["Übersicht", "Vergleich Westpfalz", "Kommune", "Gebäude", "Datenqualität",
         "Methoden und Faktoren", "Protokoll", "Import"]  # Import last: its uploader is looked at


@pytest.fixture(scope="module")
def demo_server(demo_template, tmp_path_factory):
    yield from browser_demo_server(demo_template, tmp_path_factory, "browser_german")


def english_in(text: str) -> list[str]:
    """The known English strings in ``text``, as whole words ("Stopp" or "Nanometer" are not "Stop", "nan")."""
    return [word for word in ENGLISH if re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text)]


def test_english_in_finds_whole_words_only():
    assert english_in("200MB per file • CSV") == ["per file"]
    assert english_in("Upload") == ["Upload"]
    assert english_in("Stopp, Nanometer, keine Angabe") == []


def test_main_pages_have_no_english_word(demo_server, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    with open(ROOT / "sample_data" / "demo_accounts.csv", encoding="utf-8") as accounts:
        password = next(row["password"] for row in csv.DictReader(accounts) if row["user_name"] == "agentur")
    login(page, demo_server, "agentur", password)
    nav = page.get_by_test_id("stSidebarNav").inner_text()
    assert english_in(nav) == [] and "Workshop" in nav  # expanded: every page listed, no "View 6 more"
    found = {}
    for title in PAGES:
        open_in_sidebar(page, title)
        found[title] = english_in(page.locator("body").inner_text())
    assert found == {title: [] for title in PAGES}
    # the Import page's uploader: its English texts hidden, the catalog's German ones drawn in their place
    drawn = page.get_by_test_id("stFileUploaderDropzone").evaluate("""zone => [
        getComputedStyle(zone.querySelector('button [data-testid="stMarkdownContainer"]'), '::after').content,
        getComputedStyle(zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] > div'),
                         '::after').content]""")
    assert drawn == ['"Datei auswählen"', '"Höchstens 200 MB je Datei · CSV, TXT, TSV, XLSX"']
    # a typed address of the default page opens it (Streamlit serves the default page at "/" only)
    page.goto(f"{demo_server}/uebersicht?ebene=municipality")
    wait_idle(page)
    page.get_by_text("Verbrauch in der Westpfalz").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert english_in(page.locator("body").inner_text()) == []
    assert page.url == f"{demo_server}/?ebene=municipality"
