"""bench/browser_load.py's own arithmetic and the figure cache of pages.common it measures (issue 19, item 6).
No browser and no server here: the benchmark itself is not part of the suite (bench/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import browser_load  # noqa: E402


def test_p95_of_thirty_sessions_interpolates_between_the_28th_and_29th():
    values = [float(v) for v in range(30, 0, -1)]  # 30 … 1 s, any order
    # (30 - 1) × 0.95 = 27.55 → the 28th value (28 s) plus 0.55 of the step to the 29th (29 s)
    assert browser_load.quantile(values, 0.95) == pytest.approx(28.55)
    assert browser_load.quantile(values, 0.5) == pytest.approx(15.5)
    assert browser_load.spread([2.0, 1.0])["max"] == 2.0


def test_the_summary_says_a_goal_is_missed_when_one_session_never_got_idle():
    result = {"workshop": [{"vergleich": 1.0, "workshop": 0.5}, {"error": "TimeoutError"}], "pages": {}}
    rows = browser_load.summary(result)
    assert [met for *_, met in rows] == [False, False]  # p95 of the finished one is 1 s, but one never finished
    assert "1 nicht fertig" in rows[0][1]
    fast = {"workshop": [{"vergleich": 1.0, "workshop": 0.5}] * 2,
            "pages": {"start": {"first": 1.2, "new_tab": 1.1}, "vergleich": {"first": 1.6, "new_tab": 0.4}}}
    assert [(what.split(",")[0], met) for what, _, _, met in browser_load.summary(fast)] == [
        ("2 Sitzungen: Vergleich öffnen", True), ("2 Sitzungen: dann Workshop", True),
        ("Erstaufruf", False), ("neuer Tab", False)]  # 1.6 s ≥ 1.5 s; 1.1 s ≥ 1 s


def test_a_section_of_the_same_label_is_replaced_and_others_kept(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nImport …\n", encoding="utf-8")
    browser_load.write_section(results, "<!-- browser_load:vorher -->\nA\n<!-- /browser_load:vorher -->\n", "vorher")
    browser_load.write_section(results, "<!-- browser_load:nachher -->\nB\n<!-- /browser_load:nachher -->\n", "nachher")
    browser_load.write_section(results, "<!-- browser_load:vorher -->\nC\n<!-- /browser_load:vorher -->\n", "vorher")
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nImport …")
    assert "\nC\n" in text and "\nA\n" not in text and text.index("\nC\n") < text.index("\nB\n")


def test_the_benchmark_visits_every_page_of_the_navigation():
    pages = browser_load.nav_pages()
    assert pages[0] == "start" and "vergleich" in pages and "workshop" in pages
    assert "uebersicht" not in pages  # the hidden redirect
    assert len(pages) == len(set(pages)) >= 15


def test_a_cached_figure_is_built_once_and_hands_out_its_dict_without_copying(monkeypatch):
    from ktdash.output import charts
    from pages import common

    common._figure.clear()
    calls = []
    original = charts.ranking_bars

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(sys.modules[original.__module__], original.__name__, counting)
    frame = pd.DataFrame({"key": ["07336", "07340"], "name": ["<b>Kusel</b>", "Südwestpfalz"],
                          "energy_kwh_per_inhabitant": [367.0, 512.0]})
    first = common.figure(original, frame, "energy_kwh_per_inhabitant", "Energie", "kWh/EW", "de")
    again = common.figure(original, frame.copy(), "energy_kwh_per_inhabitant", "Energie", "kWh/EW", "de")
    other = common.figure(original, frame.assign(energy_kwh_per_inhabitant=[1.0, 2.0]),
                          "energy_kwh_per_inhabitant", "Energie", "kWh/EW", "de")
    assert again is first and other is not first and len(calls) == 2  # same content: built once
    assert first.to_dict() is first.to_dict()  # no deep copy per run
    import plotly.io as pio

    fresh = charts.safe_figure(original(frame, "energy_kwh_per_inhabitant", "Energie", "kWh/EW", "de"))
    assert pio.to_json(first) == pio.to_json(fresh)  # the same figure as without the cache, made safe
    assert "<b>" not in pio.to_json(first) and "Kusel" in pio.to_json(first)
    common._figure.clear()
