"""One sign for savings (issue 19): "Einsparung" with positive = less energy than in the baseline year ("+10,0 %"),
negative = more ("−10,0 %"), on Vergleich, Kommune, the workshop's slide 2, the Energiebericht and
``ktdash export progress`` (``saving_share``); the colour follows the sign (green a saving, red more energy).

Store (tests/conftest.make_analytics_store_file): Rathaus Kusel (VG Kusel-Altenglan) 120.000 kWh in 2022, 108.000 in
2024: (120.000 − 108.000) / 120.000 = +10 % saved, on the target path (1 − 0,98² = 3,96 %); Rathaus KL (Stadt
Kaiserslautern) 120.000 → 132.000 kWh: −10 %, more energy; degree days = long-term mean, so normalised = raw.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from conftest import make_analytics_store_file, open_page
from ktdash.cli.main import main
from ktdash.output import report
from ktdash.output.charts.common import BAD, GOOD
from ktdash.output.charts.comparison import SAVING_LIGHT, progress_bars, saving_status, saving_text
from ktdash.output.charts.workshop import WORKSHOP_BAD, WORKSHOP_GOOD
from ktdash.output.exports.charts import ChartExportError
from ktdash.store.connection import open_store

TIMEOUT = 90


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    return make_analytics_store_file(tmp_path_factory.mktemp("sign") / "sign.duckdb", accounts=True)


def test_saving_text_and_state_by_hand():
    assert saving_text(0.1) == "+10,0 %"
    assert saving_text(-0.072) == "−7,2 %"  # the typographic minus
    assert saving_text(0.0) == "±0,0 %" and saving_text(None) == "–"
    assert saving_text(0.1, "en") == "+10.0 %"
    assert saving_status(0.1, True) == "on_track" and saving_status(0.05, False) == "saving"
    assert saving_status(-0.1, False) == "more"
    assert saving_status(0.0004, True) == "more"  # shown as ±0,0 %: no saving to colour green


def test_the_colour_of_a_bar_follows_its_sign():
    frame = pd.DataFrame({"name": ["A", "B", "C"], "saving_share": [0.10, 0.02, -0.05], "target_kwh": [96.0] * 3,
                          "baseline_kwh": [100.0] * 3, "on_track": [True, False, False]})
    fig = progress_bars(frame, "Einsparung")
    bars = {name: (trace.marker.color, text) for trace in fig.data if trace.type == "bar"
            for name, text in zip(trace.y, trace.text, strict=True)}
    assert bars == {"A": (GOOD, "+10,0 %"), "B": (SAVING_LIGHT, "+2,0 %"), "C": (BAD, "−5,0 %")}
    target = next(trace for trace in fig.data if trace.type == "scatter")
    assert list(target.x) == pytest.approx([4.0] * 3) and list(target.customdata) == ["+4,0 %"] * 3


def plain(text: str) -> str:
    """One minus sign and one space, whatever the writer (the report's PDF, the pages)."""
    return re.sub(r"\s+", " ", text.replace("−", "-"))


def test_one_figure_reads_the_same_everywhere(app_store, monkeypatch, capsys):
    monkeypatch.setenv("KTDASH_DEMO", "0")
    # ktdash export progress: the figure as a share, positive = saved
    assert main(["export", "progress", "--level", "municipality", "--year", "2024", "--baseline", "2022"]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert float(rows["Stadt Kaiserslautern"]["saving_share"]) == pytest.approx(-0.1)
    assert float(rows["VG Kusel-Altenglan"]["saving_share"]) == pytest.approx(0.1)

    # Vergleich: the chart's bars (text and colour) and the table's column "Einsparung seit 2022 [%]"
    at = open_page("pages/vergleich.py", "de", TIMEOUT, jahr="2024", basis="2022")
    assert not at.exception
    spec = next(s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                if s["layout"]["title"]["text"].startswith("Einsparung 2024 gegenüber 2022"))
    bars = {name: (trace["marker"]["color"], html.unescape(text)) for trace in spec["data"] if trace["type"] == "bar"
            for name, text in zip(trace["y"], trace["text"], strict=True)}  # the page escapes "%" as "&#37;"
    assert bars == {"Kusel": (GOOD, "+10,0 %"), "Kaiserslautern": (BAD, "−10,0 %")}
    assert spec["layout"]["xaxis"]["title"]["text"].startswith("Einsparung")
    table = at.dataframe[0].value.set_index("Name")
    column = next(c for c in table.columns if c.startswith("Einsparung seit 2022 [%]"))
    assert table.loc["Kaiserslautern", column] == pytest.approx(-10.0)
    assert "Einsparung: positiv = weniger Energie als 2022, negativ = mehr." in " ".join(c.value for c in at.caption)

    # Kommune: the card of Stadt Kaiserslautern
    at = open_page("pages/kommune.py", "de", TIMEOUT, user="agentur", kommune="073120000", jahr="2024", basis="2022")
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert cards["Einsparung seit 2022"] == "−10,0 %"

    # the workshop's slide 2: the same sign, in red
    at = open_page("pages/workshop.py", "de", TIMEOUT, folie="2", jahr="2024", basis="2022")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = {name: (trace["marker"]["color"], html.unescape(text)) for trace in spec["data"] if trace["type"] == "bar"
            for name, text in zip(trace["y"], trace["customdata"], strict=True)}
    assert bars == {"Kusel": (WORKSHOP_GOOD, "+10,0 %"), "Kaiserslautern": (WORKSHOP_BAD, "−10,0 %")}
    assert at.title[0].value.startswith("Einsparung 2024 gegenüber 2022")

    # the Energiebericht of Stadt Kaiserslautern (charts left out: only the text matters here)
    def no_chart(*args, **kwargs):
        raise ChartExportError("kein Diagramm im Test")

    monkeypatch.setattr(report.pdf, "chart_bytes", no_chart)
    con = open_store(app_store)
    try:
        data = report.build_report(con, municipality="Stadt Kaiserslautern", year=2024, baseline=2022)
    finally:
        con.close()
    text = plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages[1:]))
    assert "mehr Energie als 2022: Einsparung -10,0 % (-12,0 MWh)" in text
    assert "Einsparung -12,0 MWh (-10,0 %)" in text
    assert "weniger Energie" not in text  # never a negative number "weniger"
