"""Real browser: the workshop view on the Westpfalz demo at projector sizes (1280×720 and 1920×1080) — what only a
browser shows: how the slides lay out.

Every slide measured at 1280×720 and, the same page widened without a reload, at 1920×1080: nothing cut off — no
horizontal scrolling, the slide fits without vertical scrolling, headline and sentence inside the viewport, the
sidebar hidden, every text of the Plotly chart (tick labels, values, legend) inside the chart; a screenshot to
``test-results/`` when a slide fails. One session: the anonymised group slides first, then (switched off in the
settings) every slide, with the arrow keys and the buttons. One server (`ktdash init` into a temporary store), one
browser page. The slides' content, the URL and the way back are AppTest's (tests/test_workshop.py,
tests/test_workshop_anonymous.py).
"""

from __future__ import annotations


import pytest

from browser_support import SHOTS, require_chromium, wait_idle
from browser_support import demo_server as browser_demo_server

SIZES = [(1920, 1080), (1280, 720)]  # each slide is measured at the smaller first
SLIDES = 9
TOLERANCE = 2  # px: rounding of fractional layout

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="module")
def demo_server(demo_template, tmp_path_factory):
    """The dashboard on the whole Westpfalz demo."""
    yield from browser_demo_server(demo_template, tmp_path_factory, "browser_workshop")


def wait_slide(page, number: int) -> None:
    page.wait_for_url(f"**folie={number}**", timeout=30_000)
    wait_idle(page)
    page.get_by_text(f"{number} / {SLIDES}", exact=True).wait_for(timeout=30_000)
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(400)  # plotly.js lays the chart out again once it knows the container's size


# Measures of one slide, in the page: what overflows, and every text of the chart outside the chart's box.
MEASURE = """() => {
    const box = e => { const r = e.getBoundingClientRect();
                       return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width}; };
    const main = document.querySelector('[data-testid="stMain"]');
    const chart = document.querySelector('[data-testid="stPlotlyChart"]');
    const chartBox = box(chart);
    const texts = [...chart.querySelectorAll('svg text')]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
        .map(t => ({text: t.textContent, cls: t.getAttribute('class') || t.parentNode.getAttribute('class') || '',
                    size: parseFloat(getComputedStyle(t).fontSize), ...box(t)}));
    const visible = sel => [...document.querySelectorAll(sel)].some(e => {
        const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden'; });
    return {
        scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        innerHeight: window.innerHeight,
        main: {scrollHeight: main.scrollHeight, clientHeight: main.clientHeight},
        headline: box(document.querySelector('.st-key-ws_head h1')),
        sentence: box(document.querySelector('.st-key-ws_head p')),
        footnote: box(document.querySelector('.st-key-ws_foot p')),
        chart: chartBox, texts: texts,
        sidebar: visible('[data-testid="stSidebar"]') || visible('[data-testid="stSidebarCollapsedControl"]')
                 || visible('[data-testid="stExpandSidebarButton"]'),
        header: visible('[data-testid="stHeader"]') || visible('[data-testid="stToolbar"]'),
    };
}"""


def inside(inner: dict, outer: dict, tolerance: float = TOLERANCE) -> bool:
    return (inner["left"] >= outer["left"] - tolerance and inner["top"] >= outer["top"] - tolerance
            and inner["right"] <= outer["right"] + tolerance and inner["bottom"] <= outer["bottom"] + tolerance)


def check_slide(page, size: tuple[int, int], number: int) -> None:
    m = page.evaluate(MEASURE)
    where = f"{size[0]}x{size[1]} Folie {number}"
    viewport = {"left": 0, "top": 0, "right": m["innerWidth"], "bottom": m["innerHeight"]}
    assert m["scrollWidth"] <= m["innerWidth"], where
    assert m["main"]["scrollHeight"] <= m["main"]["clientHeight"] + TOLERANCE, (where, m["main"])
    for part in ("headline", "sentence", "footnote", "chart"):
        assert inside(m[part], viewport), (where, part, m[part])
    assert not m["sidebar"] and not m["header"], where
    assert m["texts"], where
    outside = [t for t in m["texts"] if not inside(t, m["chart"])]
    assert not outside, (where, outside)
    ticks = [t for t in m["texts"] if "tick" in t["cls"]]
    assert ticks and min(t["size"] for t in ticks) >= 20, (where, ticks)
    assert page.locator("[data-testid='stException']").count() == 0, where


def measure_both(page, number: int, name: str = "") -> None:
    """The slide at 1280×720, then widened to 1920×1080 (plotly lays out again on the resize), then back. A size
    that fails is measured once more after a second (a map may still be settling), then a screenshot to
    ``test-results/`` and the failure."""
    for width, height in (SIZES[1], SIZES[0]):
        if (width, height) != SIZES[1]:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
        try:
            check_slide(page, (width, height), number)
        except AssertionError:
            page.wait_for_timeout(1000)
            try:
                check_slide(page, (width, height), number)
            except AssertionError:
                SHOTS.mkdir(exist_ok=True)
                page.screenshot(path=SHOTS / f"workshop_{width}x{height}_{name}{number}.png")
                raise
    page.set_viewport_size({"width": SIZES[1][0], "height": SIZES[1][1]})


def bar_letters(page) -> list[str]:
    """The letters on the group bars of an anonymised slide."""
    texts = page.locator("[data-testid='stPlotlyChart'] text.bartext").all_text_contents()
    return sorted(letter for text in texts for letter in text.split(" · "))


def test_every_slide_fits_the_projector(demo_server, page):
    """One session: the anonymised group slides (bands, then the progress states, reached with the arrow key),
    the anonymisation switched off in the settings, then every slide plain."""
    page.set_viewport_size({"width": SIZES[1][0], "height": SIZES[1][1]})
    page.goto(f"{demo_server}/workshop?folie=1&jahr=2024&basis=2019&anonym=1")
    wait_slide(page, 1)
    assert page.get_by_text("anonymisiert", exact=True).is_visible()
    assert bar_letters(page) == list("ABCDEFG")
    measure_both(page, 1, "anonym_")
    page.locator(".st-key-ws_head h1").click()  # focus the page, not a widget
    page.keyboard.press("ArrowRight")
    wait_slide(page, 2)  # the progress states: the longest group labels
    assert bar_letters(page) == list("ABCDEFG")
    measure_both(page, 2, "anonym_")
    page.get_by_role("button", name="Einstellungen").click()
    page.get_by_text("Namen anonymisieren").click()
    page.wait_for_function("() => !location.search.includes('anonym')", timeout=30_000)
    page.keyboard.press("Escape")  # close the settings
    wait_slide(page, 2)
    assert not page.get_by_text("anonymisiert", exact=True).is_visible()
    measure_both(page, 2)
    page.locator(".st-key-ws_head h1").click()
    page.keyboard.press("ArrowLeft")
    for number in range(1, SLIDES + 1):
        wait_slide(page, number)  # also slide 2 (measured above): a click during its run could be lost
        if number != 2:
            measure_both(page, number)
        if number < SLIDES:
            page.get_by_role("button", name="Weiter").click()
    assert page.get_by_role("button", name="Weiter").is_disabled()
