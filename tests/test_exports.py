"""Exported files: charts as PNG/SVG/PDF (kaleido with the system Chromium), tables as German CSV and XLSX,
formula cells neutralised, file names that say what, where and when."""

from __future__ import annotations

import io
import struct

import openpyxl
import pandas as pd
import pytest

from ktdash.output import charts
from ktdash.output.exports.charts import PNG_SCALE, SIGNATURES, chart_bytes, file_name
from ktdash.output.exports.tables import excel_xlsx, german_csv

TABLE = pd.DataFrame({
    "Kommune": ["VG Kusel-Altenglan", "=HYPERLINK(\"http://x\")", "+49 6381", "-Rathaus", "@SUM(A1)", "\tTab",
                "\rCR", "Stadt Pirmasens"],
    "Energie [kWh]": [1234567.891, 0.5, None, -12.25, 1.0, 2.0, 3.0, 4.0],
    "Gebäude": [12, 3, 4, 5, 6, 7, 8, 9],
    "Stichtag": pd.to_datetime(["2024-12-31"] * 8),
})


@pytest.fixture(scope="module")
def figure():
    frame = pd.DataFrame({"name": ["Landkreis Kusel", "Stadt Pirmasens"], "value": [1234.5, 987.6]})
    return charts.ranking_bars(frame, "value", "Wärme je m² 2024", "kWh/m²", "de", decimals=1)


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_chart_png_svg_pdf_signatures_and_sizes(figure):
    png = chart_bytes(figure, "png")
    assert png.startswith(SIGNATURES["png"]) and png_size(png) == (1200 * PNG_SCALE, 700 * PNG_SCALE)
    assert len(png) > 50_000  # a real picture, not an empty canvas
    svg = chart_bytes(figure, "svg")
    assert svg.startswith(b"<svg") and b"</svg>" in svg[-100:]
    assert "1.234,5".encode() in svg  # German number format reaches the export (template and separators)
    assert "Wärme je m² 2024".encode() in svg
    pdf = chart_bytes(figure, "pdf")
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-50:] and len(pdf) > 2_000


def test_many_charts_reuse_one_browser(figure, monkeypatch):
    import kaleido

    from ktdash.output.exports import charts as export_charts

    export_charts._stop_server()
    starts = []
    original = kaleido.start_sync_server
    monkeypatch.setattr(kaleido, "start_sync_server", lambda *a, **k: (starts.append(1), original(*a, **k))[1])
    for fmt in ("png", "svg", "pdf", "svg", "png"):
        chart_bytes(figure, fmt)
    assert starts == [1]


def test_chart_export_error_is_clear(figure):
    from ktdash.output.exports.charts import ChartExportError

    with pytest.raises(ValueError):
        chart_bytes(figure, "gif")
    with pytest.raises(ChartExportError, match="nicht geantwortet"):
        chart_bytes(figure, "png", timeout=0.000001)


def test_a_hung_render_costs_one_chart_not_every_later_one(figure, monkeypatch):
    """Kaleido#441: a render that never returns. It used to block the one render thread for good, so every later
    export of the process waited out its own timeout (a report of 20 charts: 20 minutes)."""
    import threading

    from kaleido._sync_server import GlobalKaleidoServer

    from ktdash.output.exports import charts
    from ktdash.output.exports.charts import ChartExportError

    hang = threading.Event()
    calls = []

    def render(fig, fmt, width, height, scale):
        calls.append(fmt)
        if len(calls) == 1:
            hang.wait()  # never set: the hung call
        return b"\x89PNG\r\n\x1a\n" + b"0" * 10

    monkeypatch.setattr(charts, "_render", render)
    with pytest.raises(ChartExportError, match="nicht geantwortet"):
        chart_bytes(figure, "png", timeout=0.5)
    assert GlobalKaleidoServer._instance is None and not charts._server_started  # the next export starts afresh
    assert chart_bytes(figure, "png", timeout=5).startswith(b"\x89PNG")
    assert calls == ["png", "png"]
    hang.set()


def test_file_names_say_what_where_and_when():
    assert file_name("Vergleich", "Westpfalz", "Wärme", 2024, ext="svg") == "Vergleich_Westpfalz_Waerme_2024.svg"
    assert file_name("Kommune", "VG Kusel-Altenglan", "Gebäude", 2024, ext="xlsx") == \
        "Kommune_VG_Kusel-Altenglan_Gebaeude_2024.xlsx"
    assert file_name("Gebäude", "Grundschule Groß/Klein (Süd)", None, ext="png") == \
        "Gebaeude_Grundschule_Gross_Klein_Sued.png"
    assert file_name("../../etc/passwd", ext="csv") == "etc_passwd.csv"  # never a path


def test_german_csv_round_trip_and_neutralised_formulas():
    data = german_csv(TABLE)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads umlauts
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Kommune;Energie [kWh];Gebäude;Stichtag"
    assert "VG Kusel-Altenglan;1234567,891;12;31.12.2024" in text  # decimal comma, German date
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=True)
    assert back["Energie [kWh]"].tolist()[:2] == [1234567.891, 0.5] and pd.isna(back["Energie [kWh]"][2])
    assert back["Energie [kWh]"][3] == -12.25  # a negative number stays a number
    assert back["Gebäude"].tolist() == TABLE["Gebäude"].tolist()
    neutralised = back["Kommune"].tolist()
    assert neutralised[0] == "VG Kusel-Altenglan" and neutralised[-1] == "Stadt Pirmasens"
    for original, written in zip(TABLE["Kommune"][1:7], neutralised[1:7], strict=True):
        assert written.startswith("'") and written[1:].strip() == original.strip()


def test_xlsx_round_trip_numbers_dates_and_neutralised_formulas():
    data = excel_xlsx(TABLE, "Vergleich")
    assert data.startswith(b"PK\x03\x04")  # a zip: XLSX
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Vergleich"]
    assert [c.value for c in sheet[1]] == list(TABLE.columns) and sheet.freeze_panes == "A2"
    for cell, original in zip(sheet["A"][2:8], TABLE["Kommune"][1:7], strict=True):
        assert cell.data_type == "s" and cell.value.startswith("'")  # text, never a formula
        assert cell.value[1:].strip() == original.strip()
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert sheet["B2"].value == pytest.approx(1234567.891) and sheet["B2"].number_format == "#,##0.0##"
    assert sheet["B4"].value is None and sheet["B5"].value == -12.25
    assert sheet["C2"].value == 12 and sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].value.date().isoformat() == "2024-12-31" and sheet["D2"].number_format == "DD.MM.YYYY"
    back = pd.read_excel(io.BytesIO(data))
    assert back["Gebäude"].tolist() == TABLE["Gebäude"].tolist()
