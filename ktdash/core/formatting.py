"""How German and English write numbers, dates and quotes — the one place (issue 16): text, tables, charts, CLI.

:data:`LOCALES` holds, per language, the decimal mark, the thousands separator, the date/month/time-stamp patterns
(strftime for text, d3 for Plotly axes and hover, moment.js for Streamlit's column_config), Plotly's
``separators`` and the quotation marks; code asks :func:`locale` (``lang == "en"`` English, anything else German,
as ``ktdash.i18n.texts``) or one of the helpers instead of branching on ``lang`` itself. The second half makes user
text safe for Markdown and Plotly. No Babel: CLDR would change today's outputs (English dates as ISO 2024-01-02
here) and adds a dependency for two fixed locales.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Locale:
    decimal: str            # decimal mark
    group: str              # thousands separator
    date: str               # strftime: a day
    month: str              # strftime: a month in text and tables
    datetime: str           # strftime: a time stamp (minutes)
    datetime_s: str         # strftime: a time stamp (seconds), audit log
    month_axis: str         # Plotly/d3 tick format of a month axis
    month_hover: str        # Plotly/d3 month in hover text
    date_widget: str        # Streamlit column_config (moment.js): a day
    datetime_widget: str    # Streamlit column_config (moment.js): a time stamp
    quotes: tuple[str, str]


LOCALES = {
    "de": Locale(",", ".", "%d.%m.%Y", "%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%m.%Y", "%m.%Y",
                 "DD.MM.YYYY", "DD.MM.YYYY HH:mm", ("„", "“")),
    "en": Locale(".", ",", "%Y-%m-%d", "%Y-%m", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m", "%b %Y",
                 "YYYY-MM-DD", "YYYY-MM-DD HH:mm", ("“", "”")),
}
MISSING = "–"


def locale(lang: str) -> Locale:
    """``lang == "en"`` is English, anything else German (as texts.t)."""
    return LOCALES["en" if lang == "en" else "de"]


def _missing(value) -> bool:
    """None, NaN, NaT or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA: its comparison is NA, which has no truth value
        return True


def _marks(text: str, lang: str) -> str:
    """A number Python wrote (``1,234.5``) with the language's marks."""
    marks = locale(lang)
    if marks.decimal == "." and marks.group == ",":
        return text
    return text.replace(",", "\x00").replace(".", marks.decimal).replace("\x00", marks.group)


def format_number(value: float | int | None, decimals: int = 1, lang: str = "de", unit: str = "",
                  signed: bool = False) -> str:
    """``1234.5`` → ``1.234,5`` (German) or ``1,234.5`` (English); None → ``–``; ``signed``: ``+`` before a
    positive value; ``unit`` after a space."""
    if value is None:
        return MISSING
    text = _marks(f"{value:{'+' if signed else ''},.{decimals}f}", lang)
    return f"{text} {unit}" if unit else text


def format_decimal(value: float, lang: str = "de", decimals: int = 1, strip_to: int | None = None,
                   signed: bool = False) -> str:
    """A value without thousands grouping (Zustandszahl 0,9540; Brennwert 11,234): ``decimals`` places, trailing
    zeros cut down to ``strip_to`` places when given (``decimals=3, strip_to=1``: 11,0 and 11,234)."""
    text = f"{value:{'+' if signed else ''}.{decimals}f}"
    if strip_to is not None:
        whole, _, places = text.partition(".")
        places = places.rstrip("0").ljust(strip_to, "0")
        text = f"{whole}.{places}" if places else whole
    return text.replace(".", locale(lang).decimal)


def format_z(z: float, lang: str = "de") -> str:
    """A Zustandszahl as a bill writes it: four decimals (0,9540)."""
    return format_decimal(z, lang, decimals=4)


def format_hs(hs: float, lang: str = "de") -> str:
    """A Brennwert in kWh/m³ with at least one decimal and at most three (11,0; 11,234)."""
    return format_decimal(hs, lang, decimals=3, strip_to=1)


def format_date(value: date | None, lang: str = "de") -> str:
    """A day: ``31.12.2024`` / ``2024-12-31``; None → ``–``."""
    if _missing(value):
        return MISSING
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime(locale(lang).date)


def format_month(value, lang: str = "de") -> str:
    """A month: ``12.2024`` / ``2024-12``; None/NaT → ``–``."""
    return MISSING if _missing(value) else value.strftime(locale(lang).month)


def format_datetime(value: datetime | None, lang: str = "de", seconds: bool = False) -> str:
    """A time stamp: ``31.12.2024 13:05`` / ``2024-12-31 13:05`` (``seconds``: ``:07`` too); None → ``–``."""
    if _missing(value):
        return MISSING
    marks = locale(lang)
    return value.strftime(marks.datetime_s if seconds else marks.datetime)


def date_pattern(kind: str, lang: str = "de") -> str:
    """A pattern of :class:`Locale` by name (``"datetime"`` for pandas' ``.dt.strftime``, ``"date_widget"`` for
    ``st.column_config.DateColumn(format=…)``, ``"month_axis"`` for Plotly)."""
    return getattr(locale(lang), kind)


def plotly_separators(lang: str) -> str:
    """Plotly's ``separators`` (decimal mark, then group): ``,.`` German, ``.,`` English."""
    marks = locale(lang)
    return marks.decimal + marks.group


def styler_marks(lang: str) -> dict[str, str]:
    """pandas ``Styler.format(thousands=…, decimal=…)``."""
    marks = locale(lang)
    return {"thousands": marks.group, "decimal": marks.decimal}


def quote(text: str, lang: str = "de") -> str:
    """„text“ / “text”."""
    opening, closing = locale(lang).quotes
    return f"{opening}{text}{closing}"


# The characters that make Markdown anywhere in a line (CommonMark lets a backslash make each of them literal):
# emphasis, code, links and images ([ ]), HTML and autolinks (< >), tables, strikethrough and LaTeX ($). With
# "[" and "]" escaped, "(", ")" and "!" make nothing; the rest of the punctuation (- . , / …) stays readable.
MARKDOWN_SPECIALS = set("\\`*_[]<>|~$")
# a heading, list, quote or setext line at the start of the text
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d{1,9}(?=[.)](\s|$)))")
# Streamlit's :red[…], :material/…: and :smile: (a colon before a space is text)
_DIRECTIVE = re.compile(r":(?=\S)")
_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")  # &amp; &#36; would be decoded
# Display text never carries bidirectional embedding/override/isolate controls (a name with U+202E would show
# reversed and could disguise itself), other control characters or line breaks (a name is one line).
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
# GFM turns bare web addresses and e-mail addresses into links even when every character is escaped: an
# invisible word joiner (U+2060) after the scheme or "www" and before "@" keeps them text.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)"
                       r"|(?<=www)(?=\.)|(?=@)")
HEADING_LIMIT = 120  # characters of a stored name in a heading; the whole name stands in the tables


def display_text(text) -> str:
    """User text (a stored name, title, description) as one line of plain text for any screen element: without
    bidi controls (U+202A–U+202E, U+2066–U+2069), other control characters and line breaks."""
    if text is None:
        return ""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", str(text)))


_NO_BIDI = dict.fromkeys(ord(c) for c in BIDI_CONTROLS)


def strip_bidi(text):
    """``text`` without bidi embedding/override/isolate controls (tables, PDF: line breaks stay); not a string:
    as it is."""
    return text.translate(_NO_BIDI) if isinstance(text, str) else text


def shorten(text, limit: int = HEADING_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (a 500-character name in a heading)."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def markdown_escape(text, limit: int | None = None) -> str:
    """User text (names, descriptions) made literal for Markdown (st.markdown, captions, titles, messages, widget
    labels): :func:`display_text`, cut to ``limit`` characters when given, Markdown's characters backslash-escaped
    (``\\ ` * _ [ ] < > | ~ $``; ``:`` before a letter, ``&`` of an entity, ``# + - = >`` and ``1.`` at the start)
    and bare web/e-mail addresses broken by an invisible word joiner, so a name like ``![x](http://…)``,
    ``[x](…)``, ``**x**``, ``$x$``, ``:red[x]`` or ``www.example.org`` shows exactly as typed and makes no image,
    link, formatting or request. Streamlit renders no raw HTML in Markdown anyway."""
    text = display_text(text)
    if limit is not None:
        text = shorten(text, limit)
    text = _AUTOLINK.sub(WORD_JOINER, text)
    text = "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in text)
    text = _ENTITY.sub("\\\\&", _DIRECTIVE.sub("\\\\:", text))
    match = _LINE_START.match(text)
    if match:  # "# x", "- x", "1. x" at the start: the caller may put the text at the start of a line
        head = match.group(2)
        text = (match.group(1) + ("\\" + head if not head.isdigit() else head + "\\")
                + text[match.end():])
    return text


def plotly_text(text) -> str:
    """User text for Plotly, which reads titles, tick labels, legends, hover and annotation text as HTML
    (``<a href>``, ``<b>``, ``<br>`` …) and a text between two ``$`` as LaTeX: :func:`display_text` with ``&``,
    ``<``, ``>``, ``$`` and ``%`` (hover templates) as HTML entities, which Plotly shows as the characters."""
    text = display_text(text)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("$", "&#36;"), ("%", "&#37;")):
        text = text.replace(char, entity)
    return text
