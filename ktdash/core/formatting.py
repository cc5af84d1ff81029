"""German number and date formats for text, tables and CLI output (1.234,5; 31.12.2024)."""

from __future__ import annotations

import re
from datetime import date


def format_number(value: float | int | None, decimals: int = 1, lang: str = "de") -> str:
    """``1234.5`` → ``1.234,5`` (German) or ``1,234.5`` (English); None → ``–``."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_date(value: date | None, lang: str = "de") -> str:
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y") if lang != "en" else value.isoformat()


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
