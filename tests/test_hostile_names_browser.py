"""Real browser (issue 15, item 2): the hostile-names store of tests/test_hostile_names.py, seen by an anonymous
viewer on Übersicht, Vergleich, Kommune, Gebäude, Kampagnen, Kampagne, Datenqualität and Workshop.

The names point at a small HTTP server this module starts: it must receive no request (no Markdown image, no
HTML image, no prefetch), and the browser must ask for none of its addresses either. No link (HTML or inside a
Plotly chart) leads anywhere a name says, no bold/italic/KaTeX is made from a name, and the names' literal text is
on the pages. One Streamlit server and one browser page for the module; a screenshot of the building page is
written to ``test-results/hostile_names_building.png``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from browser_support import SHOTS, require_chromium, streamlit_server, wait_idle
from test_hostile_names import KUSEL_KEY, build_hostile_store

pytestmark = pytest.mark.browser

require_chromium()

# The words a name wraps in ** ** / _ _ / <b> / $ $ / :red[ ]: none of them may stand in such an element.
FORMATTED_WORDS = {"fett", "kursiv", "html", "Kusel", "rot", "b", "a"}
KATEX_FROM_NAMES = {"x^2", "k", "x"}


@pytest.fixture(scope="module")
def tracker():
    """A local HTTP server the names point at; it records every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile_server(tracker, tmp_path_factory):
    base, _ = tracker
    path = tmp_path_factory.mktemp("hostile_browser") / "hostile.duckdb"
    info = build_hostile_store(path, base)
    for url in streamlit_server(path):
        yield url, info


# Links, images, formatting and KaTeX of the page, and its visible text.
SCAN = """() => ({
    links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || ''),
    images: [...document.querySelectorAll('img, image, source, video, audio, iframe')]
        .map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('xlink:href') || ''),
    formatted: [...document.querySelectorAll('strong, em, b, i, del, mark')].map(e => e.textContent.trim()),
    katex: [...document.querySelectorAll('.katex annotation')].map(e => e.textContent.trim()),
    coloured: [...document.querySelectorAll('[data-testid="stMarkdownContainer"] span[style*="color"]')]
        .map(e => e.textContent.trim()),
    text: document.body.innerText.replaceAll('\\u2060', ''),
})"""

# The pages where the corpus's names stand in titles, captions, messages, selections and charts (each page's
# every element is checked with AppTest in test_hostile_names.py; Übersicht and Kampagnen draw the same names
# the way Vergleich and Kampagne do). Datenqualität is visited below with its findings opened.
PAGES = [("vergleich", "vergleich?ebene=municipality"), ("kommune", f"kommune?kommune={KUSEL_KEY}"),
         ("gebaeude", None), ("kampagne", "kampagne?kampagne=KX"),
         ("workshop", "workshop?folie=1&jahr=2024&basis=2022")]


@pytest.fixture(scope="module")
def visits(hostile_server, tracker, browser):
    """Every page once, as an anonymous viewer: {page: scan}, plus the browser's requests."""
    url, info = hostile_server
    base, _ = tracker
    context = browser.new_context(viewport={"width": 1600, "height": 1400})
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    scans = {}
    for name, path in PAGES:
        path = path or f"gebaeude?building={info['ids']['image']}"
        page = context.new_page()  # a tab per page: a new session at the deep link, as from a bookmark
        page.goto(f"{url}/{path}", wait_until="domcontentloaded")
        wait_idle(page)
        page.locator("h1").first.wait_for(timeout=30_000)
        page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
        assert page.url.startswith(f"{url}/{name}"), (name, page.url)  # the page asked for, not the default one
        page.wait_for_timeout(300)  # images would start loading now
        if name == "gebaeude":
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / "hostile_names_building.png"))
        scans[name] = page.evaluate(SCAN)
        page.close()
    # open the expanders of the data-quality page (the findings' lists and links are inside)
    page = context.new_page()
    page.goto(f"{url}/datenqualitaet")
    wait_idle(page)
    findings = page.get_by_test_id("stExpander").filter(has_text="Befunde:")  # one per municipality
    findings.first.wait_for(timeout=30_000)
    for expander in findings.all():
        expander.locator("summary").click()
        expander.get_by_test_id("stPageLink").first.wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(300)
    scans["datenqualitaet_open"] = page.evaluate(SCAN)
    context.close()
    return {"scans": scans, "asked": asked, "info": info, "base": base}


def test_no_request_reaches_the_names_addresses(visits, tracker):
    _, received = tracker
    assert received == []
    port = visits["base"].rsplit(":", 1)[1]
    assert [u for u in visits["asked"] if f":{port}" in u or "example.org" in u] == []


def test_no_link_image_or_formatting_made_from_names(visits):
    port = visits["base"].rsplit(":", 1)[1]
    for name, scan in visits["scans"].items():
        assert [h for h in scan["links"] if port in h or "example.org" in h or h.startswith("mailto:")] == [], name
        assert [h for h in scan["links"] if h.startswith("#") and ("127" in h or "track" in h)] == [], name
        assert [s for s in scan["images"] if port in s] == [], name
        assert set(scan["formatted"]) & FORMATTED_WORDS == set(), (name, scan["formatted"])
        assert set(scan["katex"]) & KATEX_FROM_NAMES == set(), (name, scan["katex"])
        assert "rot" not in scan["coloured"], name


def test_names_are_shown_as_typed(visits):
    names, info, scans = visits["info"]["names"], visits["info"], visits["scans"]
    assert names["image"] in scans["gebaeude"]["text"]  # the title and the selection
    assert info["municipality"] in scans["kommune"]["text"]
    assert info["campaign"] in scans["kampagne"]["text"]
    assert info["description"].replace("\u202e", "") in scans["kampagne"]["text"]
    assert names["link"] in scans["datenqualitaet_open"]["text"]
    assert names["bold"] in scans["datenqualitaet_open"]["text"]
    assert names["formula"] in scans["datenqualitaet_open"]["text"]
    assert "\u202e" not in scans["gebaeude"]["text"]
    assert info["district"] in scans["workshop"]["text"]  # a tick label of the slide's chart
