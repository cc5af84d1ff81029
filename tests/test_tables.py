"""Tables that fit (issue 19, item 3): column widths from the header and the longest shown text, long texts wrapped,
the key column pinned on a wide table (:mod:`ktdash.output.table_layout`, ``pages.common.table_config``). The
drawn grid is checked in the browser by tests/test_german_ui_browser.py."""

from __future__ import annotations

import sys

import pandas as pd

from conftest import ROOT
from ktdash.output.table_layout import (KEY_WIDTH, MAX_WIDTH, TableLayout, column_width, table_layout, text_width,
                                        wrapped_lines)


def test_text_width_adds_the_glyph_advances():
    # Source Sans 14 px as Chromium draws it, each glyph rounded up to 0.25 px: N 9.25, r 5.0, . 3.5
    assert text_width("Nr.") == 17.75
    assert text_width("1.234,5") == 5 * 7.0 + 2 * 3.5
    assert text_width("😀") == 14.0  # a glyph not in the table: one em
    # header 17.75 px against the cell "15" (14 px): 17.75 + 16 padding + 4 air = 37.75 → 38
    assert column_width("Nr.", ["15"]) == 38
    # a check box (18 px) under a short header "ja" (j 3.5 + a 7.25 = 10.75): 18 + 16 + 4 = 38
    assert column_width("ja", [], checkbox=True) == 38


def test_wrapped_lines_breaks_at_spaces_and_inside_long_words():
    # "aaa" is 21.75 px; a cell of 46 px has 30 px room: one word a line
    assert wrapped_lines("aaa aaa", 46) == 2
    assert wrapped_lines("aaa aaa", 16 + 21.75 * 2 + 3) == 1  # both words and the space (3 px) fit
    assert wrapped_lines("a" * 12, 46) == 3  # 87 px in lines of 30 px


def test_table_layout_widths_wrapping_and_key_column():
    short = table_layout({"Nr.": ["15"], "Name": ["Pirmasens"]})
    assert short == TableLayout({"Nr.": 38, "Name": math_ceil(text_width("Pirmasens") + 20)}, None, ())
    finding = "Wärme 2019: " + "sehr viel " * 60  # about 3,700 px
    layout = table_layout({"Befund": [finding], "Nr.": ["1"]})
    assert layout.wrapped == ("Befund",)
    # the column widens from 800 px for three lines at most, but stops at the grid's widest, 1000 px: four lines
    assert layout.widths["Befund"] == MAX_WIDTH and wrapped_lines(finding, MAX_WIDTH - 4) == 4
    assert wrapped_lines("Wärme 2019: " + "sehr viel " * 20, table_layout({"B": ["Wärme 2019: " + "sehr viel " * 20]}
                                                                       ).widths["B"] - 4) <= 3
    assert layout.row_height == round(4 * 19.6 + 6 + 4 + 0.5)  # 4 lines of 19.6 px, padding 3 + 3, 4 px air
    # the key column wraps at 480 px and is not widened (Streamlit pins only a column under 60 % of the table)
    keyed = table_layout({"Name": ["Landkreis Kaiserslautern (Kreisverwaltung) " * 3]}, key="Name")
    assert keyed.widths == {"Name": KEY_WIDTH} and keyed.row_height == 65  # two lines: the 4rem minimum + 1
    # a header with an editor's icon (28 px)
    assert table_layout({"Jahr": ["2024"]}, editable=True).widths["Jahr"] == column_width("Jahr", ["2024"], False, 28)


def math_ceil(value: float) -> int:
    import math

    return math.ceil(value)


def test_table_config_sizes_every_column_and_pins_the_key_column_of_a_wide_table():
    if str(ROOT) not in sys.path:  # pages.common, as AppTest imports it
        sys.path.insert(0, str(ROOT))
    from pages.common import _cell_texts, table_config

    frame = pd.DataFrame({"Kommune": ["VG Thaleischweiler-Wallhalben", "Kusel"], "Verbrauch [kWh]": [1234567.5, 3.0],
                          "auf Zielpfad": [True, False], "intern": ["x", "y"], "fest": ["a", "b"]})
    cells = _cell_texts(frame, {"Verbrauch [kWh]": 1}, (), "de")
    assert cells["Verbrauch [kWh]"] == ["3,0", "1.234.567,5"] and cells["Kommune"][0] == "VG Thaleischweiler-Wallhalben"
    config, row_height = table_config(frame, cells, {"intern": None, "fest": {"width": 300},
                                                     "auf Zielpfad": st_column("small")})
    assert config["intern"] is None and config["fest"] == {"width": 300} and row_height is None
    assert config["Kommune"]["width"] == column_width("Kommune", ["VG Thaleischweiler-Wallhalben", "Kusel"])
    assert config["Verbrauch [kWh]"]["width"] == column_width("Verbrauch [kWh]", ["1.234.567,5"])
    assert config["auf Zielpfad"]["width"] == column_width("auf Zielpfad", [], checkbox=True)  # not "small"
    assert "pinned" not in config["Kommune"]  # 300 + about 400 px: narrow enough
    wide, _ = table_config(frame, cells, {"intern": None, "fest": {"width": 700}}, key_column="Verbrauch [kWh]")
    assert wide["Verbrauch [kWh]"]["pinned"] is True and "pinned" not in wide["Kommune"]


def st_column(width: str) -> dict:
    import streamlit as st

    return st.column_config.Column(width=width)
