"""Maps of the Westpfalz (issue 19): the key → value join, German hover texts, grey areas without data, the
attribution in figure and page, the click, the exports through kaleido (offline) and the two pages (AppTest)."""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest

from conftest import make_analytics_store_file, open_page, use_store
from ktdash.output.charts import maps

DISTRICTS = ["07312", "07317", "07320", "07333", "07335", "07336", "07340"]


def _traces(fig) -> dict[str, dict]:
    """location → (trace index, z, hover customdata) over every trace of a map."""
    found = {}
    for index, trace in enumerate(fig.data):
        for location, z, custom in zip(trace.locations, trace.z, trace.customdata, strict=True):
            assert location not in found, f"{location} drawn twice"
            found[location] = {"trace": index, "z": z, "label": custom[0], "text": custom[1], "key": custom[2]}
    return found


def test_district_map_joins_values_by_key_and_greys_the_rest():
    frame = pd.DataFrame({"key": ["07336", "07312", "07340", "99999"],
                          "name": ["Landkreis Kusel", "Stadt Kaiserslautern", "Landkreis Südwestpfalz", "anderswo"],
                          "value": [1234.56, 987.4, None, 5.0]})
    fig = maps.district_map(frame, "value", "Energie je Einwohner 2024", "kWh/EW")
    found = _traces(fig)
    assert sorted(found) == DISTRICTS  # one location per district, the unknown key 99999 left out
    assert fig.data[0].type == "choroplethmap" and fig.data[0].featureidkey == "properties.ags"
    assert found["07336"]["z"] == 1234.56 and found["07312"]["z"] == 987.4
    assert found["07336"]["text"] == "1.235 kWh/EW" and found["07312"]["text"] == "987 kWh/EW"
    assert found["07336"]["label"] == "Landkreis Kusel"
    grey = {k for k, v in found.items() if v["text"] == "keine Daten"}
    assert grey == {"07317", "07320", "07333", "07335", "07340"}  # no row, or a row without a value
    assert found["07317"]["label"] == "Pirmasens"  # BKG's name where the frame has none
    assert {found[k]["trace"] for k in grey} == {0} and list(fig.data[0].colorscale[0])[1] == maps.NO_DATA_COLOR
    assert "%{customdata[0]}" in fig.data[1].hovertemplate and "%{customdata[1]}" in fig.data[1].hovertemplate
    assert fig.layout.separators == ",."
    assert fig.layout.map.style == maps.BLANK_STYLE
    assert fig.layout.annotations[0].text == ("Verwaltungsgrenzen: © GeoBasis-DE / BKG (2025) (Daten verändert), "
                                              "dl-de/by-2-0")
    assert "http" not in json.dumps(fig.to_plotly_json())  # nothing to fetch: no tiles, no fonts, no URL


def test_municipality_map_progress_diverges_around_zero_with_the_sign_and_names_replace():
    frame = pd.DataFrame({"key": ["073365010", "073120000", "07336"], "share": [12.34, -3.06, 50.0]})
    fig = maps.municipality_map(frame, "share", "Einsparung", "%", "de", decimals=1, diverging=True,
                                names={"073365010": "A", "073120000": "B"})
    found = _traces(fig)
    assert len(found) == 24  # 21 Verbandsgemeinden + 3 kreisfreie Städte; the Kreisverwaltung 07336 has no area
    assert "07336" not in found
    assert found["073365010"]["text"] == "+12,3 %" and found["073120000"]["text"] == "−3,1 %"
    assert found["073365010"]["label"] == "A" and found["073405001"]["label"] == ""  # no real name in the workshop
    valued = fig.data[1]
    assert valued.zmid == 0 and valued.zmin == -12.34 and valued.zmax == 12.34
    assert valued.colorscale[0][1] == maps.BAD and valued.colorscale[-1][1] == maps.GOOD  # red = more energy
    assert "(2021)" in fig.layout.annotations[0].text
    assert len(fig.layout.map.layers) == 1  # the Kreis borders
    english = maps.municipality_map(frame, "share", "Saving", "%", "en", decimals=1, diverging=True)
    assert _traces(english)["073405001"]["text"] == "no data"
    with pytest.raises(ValueError):
        maps.district_map(pd.DataFrame({"key": ["07336", "07336"], "value": [1, 2]}), "value", "x", "kWh")


def test_choices_name_every_area_the_frame_first():
    options = maps.choices("district", pd.DataFrame({"key": ["07336"], "name": ["Landkreis Kusel"]}))
    assert len(options) == 7 and options["07336"] == "Landkreis Kusel" and options["07317"] == "Pirmasens"
    assert list(options.values()) == sorted(options.values(), key=str.casefold)


def test_clicked_key_reads_the_selection_event():
    assert maps.clicked_key({"selection": {"points": [{"location": "073365010", "customdata": ["x", "y", "z"]}]}}) \
        == "073365010"
    assert maps.clicked_key({"selection": {"points": [{"customdata": ["VG", "1 kWh", "07336"]}]}}) == "07336"
    assert maps.clicked_key({"selection": {"points": []}}) is None
    assert maps.clicked_key(None) is None


def test_map_exports_render_offline_with_colours():
    from PIL import Image

    from ktdash.output.exports.charts import SIGNATURES, chart_bytes

    frame = pd.DataFrame({"key": DISTRICTS[:4], "value": [100.0, 200.0, 300.0, 400.0]})
    fig = maps.district_map(frame, "value", "Test", "kWh/EW")
    for fmt in ("png", "svg", "pdf"):
        data = chart_bytes(fig, fmt, scale=1 if fmt == "png" else None, timeout=60)
        assert data.startswith(SIGNATURES[fmt]) or (fmt == "svg" and b"<svg" in data[:200])
        if fmt == "png":
            image = Image.open(io.BytesIO(data)).convert("RGB")
            colours = {c for _, c in image.getcolors(maxcolors=1_000_000)}
            assert {(200, 200, 200)} <= colours  # the grey areas without data
            assert len(colours) > 50  # a map, not a blank page
        if fmt == "svg":
            assert "GeoBasis-DE / BKG (2025)" in data.decode("utf-8")  # the attribution inside the export


def test_geo_files_are_package_data():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "geo/*.geojson" in config["tool"]["setuptools"]["package-data"]["ktdash.output"]
    for level in maps.LAYERS:
        assert len(maps.areas(level)) == {"district": 7, "municipality": 24}[level]


@pytest.fixture(scope="module")
def analytics_store(tmp_path_factory):
    return make_analytics_store_file(tmp_path_factory.mktemp("maps") / "analytics.duckdb")


@pytest.mark.page
def test_comparison_page_shows_the_map_with_attribution(analytics_store, tmp_path, monkeypatch):
    from conftest import copy_store

    use_store(monkeypatch, copy_store(analytics_store, tmp_path / "a.duckdb"))
    at = open_page("pages/vergleich.py", ebene="municipality")
    assert not at.exception
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    maps_shown = [f for f in figures if f["data"] and f["data"][0]["type"] == "choroplethmap"]
    assert len(maps_shown) == 1
    keys = {k for trace in maps_shown[0]["data"] for k in trace["locations"]}
    assert len(keys) == 24
    assert any("GeoBasis-DE / BKG (2021)" in c.value and "bkg.bund.de" in c.value for c in at.caption)
    at.selectbox(key="comparison_map_pick").set_value("073365010").run()  # the area's action: its Kommune page
    assert not at.exception
    assert any(t.value.startswith("Kommune:") for t in at.title)  # the page Kommune (this store's keys are older
    assert "kommune" in at.query_params                               # ones, so it falls back to its first)


@pytest.mark.page
def test_campaigns_page_maps_reach_and_photovoltaic(tmp_path, monkeypatch):
    from test_campaign_pages import build_store

    use_store(monkeypatch, build_store(tmp_path / "kampagnen.duckdb"))
    at = open_page("pages/kampagnen.py")
    assert not at.exception
    measure = at.radio(key="campaigns_map_measure")
    assert measure.options == ["Teilnehmende je 1.000 Einwohner", "Photovoltaik-Zubau je 1.000 Einwohner"]

    def shown_map():
        figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        return [f for f in figures if f["data"] and f["data"][0]["type"] == "choroplethmap"][0]

    reach = shown_map()
    assert sorted(k for trace in reach["data"] for k in trace["locations"]) == DISTRICTS
    hover = [c[1] for trace in reach["data"] for c in trace["customdata"]]
    assert any(t.endswith(" je 1.000 EW") and "," in t for t in hover)
    measure.set_value("pv")
    at.radio(key="campaigns_map_level").set_value("municipality")
    at.run()
    assert not at.exception
    pv = shown_map()
    assert len({k for trace in pv["data"] for k in trace["locations"]}) == 24
    assert "kWp je 1.000 EW" in json.dumps(pv["data"], ensure_ascii=False)
    assert any("GeoBasis-DE / BKG (2021)" in c.value for c in at.caption)
    at.selectbox(key="campaigns_map_pick").set_value("073365010").run()  # a Verbandsgemeinde: its district filtered
    assert not at.exception
    assert at.query_params["kreis"] in ("07336", ["07336"])
    assert at.multiselect(key="campaigns_districts").value == ["07336"]


def test_the_zoom_fits_the_whole_westpfalz_into_the_map_area():
    # by hand: Δφ = 49.77 − 49.03 = 0.74° = 0.012915 rad; at 49.4° Mercator stretches by sec φ = 1.5374, so
    # Δy ≈ 0.019857; 540 px · 2π / (512 px · 1.06 · 0.019857) = 314.8 = 2^8.30 — the zoom the pages had (8.3)
    assert maps.fit_zoom(540) == pytest.approx(8.30, abs=0.01)
    assert maps.fit_zoom(270) == pytest.approx(7.30, abs=0.01)  # half the height: one zoom step less
    # a narrow column: the east–west extent (0.91° = 0.015882 rad) decides: 300·2π/(512·1.06·0.015882) ≈ 2^7.77
    assert maps.fit_zoom(540, 300) == pytest.approx(math.log2(300 * 2 * math.pi / (512 * 1.06 * 0.015882)), abs=0.01)
    assert maps.fit_zoom(540, 300) < maps.fit_zoom(540)
    fig = maps.district_map(pd.DataFrame({"key": DISTRICTS[:1], "value": [1.0]}), "value", "T", "kWh", height=400)
    assert fig.layout.map.zoom == maps.fit_zoom(400 - 80)  # the figure's own height less its margins
