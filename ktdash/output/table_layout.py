"""Column widths for the dashboard's tables, from their content (issue 19: tables that fit).

Streamlit's data grid (glide-data-grid) sizes a column by the header and a sample of about ten rows, drops
values twice the sample's mean as outliers and stops at 500 px, so a long name further down, a long finding or
a header wider than its numbers is cut off. Here every column gets the width its header and its longest shown
text need, measured with the advance widths of the grid's font (Source Sans, 14 px, as drawn by Chromium: at most
0.25 px above each glyph's width, so a measured text is never narrower than drawn) plus the cell padding. A text
too long for :data:`WRAP_WIDTH` wraps: the column gets that width and the rows the height of the longest cell's
lines (Streamlit wraps text when a row is higher than 4rem). The pages set these widths through
``pages.common.show_table`` / ``edit_table``; ``tests/test_tables_browser.py`` checks them against the drawn grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PADDING = 16  # the grid's cell padding, left and right (glide theme cellHorizontalPadding 8)
MARGIN = 4  # a little air, so a measured text never touches the edge
FONT_PX = 14
LINE_PX = FONT_PX * 1.4  # the grid's line height when text wraps
VERTICAL_PADDING = 3
ROW_PX = 35  # Streamlit's row height
WRAP_ROW_MIN = 65  # Streamlit wraps text only in rows higher than 4rem (64 px)
WRAP_WIDTH = 800  # wider texts wrap at this width (a wrapped table has all rows higher than 4rem)
MAX_WIDTH = 1000  # the grid's widest column (Streamlit: maxColumnWidth 62.5rem)
KEY_WIDTH = 480  # a pinned column wider than 60 % of the table is not pinned (Streamlit): 0.6 × 820 px at 1280×720
HEADER_ICON = 28  # an editable column's header carries a pencil icon
MAX_LINES = 3  # a wrapped cell shows at most this many lines (a longer text: see :func:`table_layout`)
CHECKBOX = 18 + PADDING
UNKNOWN_PX = 14.0  # a glyph not in the table (an emoji, CJK): one em

_GLYPHS = {
    0.0: "\xad",
    3.0: " \xa0",
    3.5: "',.:;ij|¦·ìíîïĩīĭįıĵ‘’",
    3.75: "IlÌÍÎÏĨĪĬĮİĺļľ",
    4.0: "ſ",
    4.25: "!()[]f{}¡ł",
    4.5: "-‑•",
    4.75: "t°ţťŧ",
    5.0: "/\\rªŕŗř",
    5.25: "²³¹ºŀ₂₃",
    6.0: "\"*?sz®¿śŝşšźżž„“”",
    6.25: "x«»",
    6.5: "cçćĉċč",
    6.75: "JYvyÝýÿĴŶŷŸ–",
    7.0: "0123456789#$+<=>FL^_ek~¢£¤¥§¬±×èéêë÷ēĕėęěĳķĸĹĻĽĿŁ€−≈≤≥γ",
    7.25: "VXagàáâãäåāăąĝğġģ",
    7.5: "ESÈÉÊËĒĔĖĘĚĲŚŜŞŠ✗",
    7.75: "ATZ`bhnou¨¯´¸ÀÁÂÃÄÅðñòóôõöøùúûüĀĂĄĥńņňŋōŏőŢŤŦũūŭůűųŹŻŽΣ",
    8.0: "CPRdpqµ¶ÇþĆĈĊČđħŔŖŘ√αβ",
    8.25: "BKÞßďĶΔ",
    8.75: "&DGĎĜĞĠĢ→✓↔",
    9.0: "ÐĐŊ",
    9.25: "HNUÑÙÚÛÜĤŃŅŇŨŪŬŮŰŲ",
    9.5: "OQÒÓÔÕÖØŌŎŐ",
    9.75: "Ħ",
    10.25: "Mwŵ",
    10.5: "©",
    11.0: "¼æŉ",
    11.25: "W¾Ŵ—",
    11.5: "½",
    11.75: "%mÆœ⇄",
    12.0: "@Œ",
    13.5: "…",
    16.75: "‰",
}
CHAR_PX = {char: width for width, chars in _GLYPHS.items() for char in chars}


def text_width(text: str) -> float:
    """The drawn width of ``text`` in the grid's font, in px (never less than Chromium draws it)."""
    return sum(CHAR_PX.get(char, UNKNOWN_PX) for char in str(text))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a cell ``width`` px wide (padding included): broken at spaces, a word
    longer than a line on lines of its own."""
    room = width - PADDING
    lines, used = 1, 0.0
    for word in str(text).split(" "):
        word_px = text_width(word)
        needed = word_px if used == 0 else used + CHAR_PX[" "] + word_px
        if needed <= room:
            used = needed
            continue
        if used > 0:
            lines += 1
        extra = max(0, math.ceil(word_px / room) - 1)  # a word wider than the line: broken inside
        lines += extra
        used = word_px - extra * room
    return lines


@dataclass(frozen=True)
class TableLayout:
    """The widths (px) of a table's columns by label, and the row height (``None``: Streamlit's)."""

    widths: dict[str, int] = field(default_factory=dict)
    row_height: int | None = None
    wrapped: tuple[str, ...] = ()


def column_width(header: str, cells, checkbox: bool = False, header_extra: float = 0) -> int:
    """The width a column needs for its header (plus ``header_extra``: an icon) and its longest cell (``cells``:
    the shown texts; ``checkbox``: drawn as a check box)."""
    widest = max((text_width(text) for text in cells), default=0.0)
    needed = max(text_width(header) + header_extra, CHECKBOX - PADDING if checkbox else 0.0, widest)
    return math.ceil(needed + PADDING + MARGIN)


def table_layout(columns: dict[str, list[str]], headers: dict[str, str] | None = None, checkboxes: tuple = (),
                 editable: bool = False, wrap_width: int = WRAP_WIDTH, key: str | None = None) -> TableLayout:
    """The widths for a table whose column ``name`` shows the texts ``columns[name]`` under the header
    ``headers[name]`` (default: the name); ``checkboxes``: the columns drawn as check boxes; ``editable``: a
    data editor (its headers carry an icon). A column wider than ``wrap_width`` is set to that width and wraps;
    the rows are then as high as the longest wrapped cell needs, at most :data:`MAX_LINES` lines (else the column
    is widened so the longest cell fits in that many, up to the grid's widest column :data:`MAX_WIDTH`). The
    ``key`` column (to be pinned) wraps from :data:`KEY_WIDTH` on and is never widened: Streamlit pins a column
    only while it takes at most 60 % of the table."""
    headers = headers or {}
    widths, lines, wrapped = {}, 1, []
    for name, cells in columns.items():
        header = str(headers.get(name, name))
        width = column_width(header, cells, name in checkboxes, HEADER_ICON if editable else 0)
        limit = min(wrap_width, KEY_WIDTH) if name == key else wrap_width
        if width > limit:
            width = max(limit, column_width(header, [], header_extra=HEADER_ICON if editable else 0))
            needed = max((wrapped_lines(text, width - MARGIN) for text in cells), default=1)
            while needed > MAX_LINES and width < MAX_WIDTH and name != key:
                width = min(MAX_WIDTH, math.ceil(width * 1.25))
                needed = max(wrapped_lines(text, width - MARGIN) for text in cells)
            lines = max(lines, needed)
            wrapped.append(name)
        widths[name] = width
    row_height = max(WRAP_ROW_MIN, math.ceil(lines * LINE_PX + 2 * VERTICAL_PADDING + 4)) if lines > 1 else None
    return TableLayout(widths, row_height, tuple(wrapped))
