"""German number and date formats for text, tables and CLI output (1.234,5; 31.12.2024)."""

from __future__ import annotations

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


MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$")


def markdown_escape(text) -> str:
    """User text (names, descriptions) made literal for Markdown: every special character backslash-escaped,
    so a name like ``[x](javascript:…)`` or ``**`` shows as typed (Streamlit renders no raw HTML anyway)."""
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in str(text))
