"""No user-facing German sentence in the library (issue 16): ktdash/ returns codes and fields, or takes a ``lang`` and
asks the catalogs (ktdash/i18n/de.toml, en.toml), so the English pages and the CLI never show German prose.

Every string constant under ktdash/ outside ktdash/i18n/ is scanned (ast), docstrings skipped; an f-string counts as
one text (its parts joined). A text is German prose when it has three or more words and an umlaut or ß, German
quotation marks („…“) or a common German function word (und, nicht, der, die, wird, ist, …). What the library must
recognise in German input (column-header synonyms, carrier and category names, SQL literals that match file content,
PDF metadata of the German-only report) is listed in :data:`ALLOWED` by (module, literal prefix), each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "ktdash"

UMLAUTS = re.compile("[äöüÄÖÜß]")
GERMAN_QUOTES = re.compile("[„“]")  # “ alone closes an English quote too: „ or both marks count
FUNCTION_WORDS = re.compile(
    r"\b(und|nicht|der|die|das|den|dem|des|wird|werden|wurde|ist|sind|für|mit|eine|einer|einen|kein|keine|oder|"
    r"bitte|nach|auf|aus|bei|zum|zur|vom|im|ein)\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")

# (module relative to ktdash/, literal prefix) → why the German text is allowed
ALLOWED: dict[tuple[str, str], str] = {
    ("core/campaign_vocabulary.py", ""): "input vocabulary: German column headers and topic names of campaign, "
                                         "activity and MaStR files, matched against what the files say",
    ("core/measure_vocabulary.py", ""): "input vocabulary: German column headers, measure types and statuses of "
                                        "measures files (issue 17), matched against what the files say",
    ("output/report/pdf.py", "(\\w{6,})(verwaltung|gerätehaus"): "a pattern that hyphenates German building "
                                                                 "names in the German-only PDF report",
    ("ingest/layouts/degree_days.py", "DWD CDC Gradtage nach VDI 3807"): "the publisher's name of the data product, "
                                                                         "stored as the source of each month",
    ("ingest/layouts/degree_days.py", "IWU Gradtagzahlen-Deutschland, Tabelle"): "the same for IWU's table",
    ("store/convert_store.py", ""): "a stand-alone script run once by an operator with DuckDB 2.0 in a venv of its "
                                    "own (README, Upgrading): it imports nothing of ktdash, the catalogs included",
}


# SQL (upper-case keywords, two or more): only its 'literals' are text
SQL_KEYWORDS = re.compile(r"\b(SELECT|FROM|WHERE|AS|FILTER|CREATE|MACRO|CASE|WHEN|THEN|END|JOIN|GROUP BY|ORDER BY|"
                          r"INSERT|UPDATE|DELETE|VALUES|AND|NOT|NULL)\b")
SQL_LITERAL = re.compile(r"'((?:[^']|'')*)'")


def german_prose(text: str) -> bool:
    """Three or more words and an umlaut/ß, „quotes“ or a German function word; in SQL only its 'literals'."""
    if len(set(SQL_KEYWORDS.findall(text))) >= 2:
        return any(_prose(literal) for literal in SQL_LITERAL.findall(text))
    return _prose(text)


def _prose(text: str) -> bool:
    words = WORD.findall(text)
    if len(words) < 3:
        return False
    if "„" in text or UMLAUTS.search(text):
        return True
    return len(FUNCTION_WORDS.findall(text)) >= 1 and not _english(text)


def _english(text: str) -> bool:
    """English text with a word that is German too (``die``, ``im``): more English function words than German."""
    english = re.findall(r"\b(the|and|not|is|are|of|to|with|for|or|a|an|in|on|from)\b", text, re.IGNORECASE)
    return len(english) > len(FUNCTION_WORDS.findall(text))


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def texts_of(source: str, filename: str = "<planted>"):
    """(line, text) of every string constant of ``source`` that is no docstring; an f-string as one text with
    ``{}`` for each field."""
    tree = ast.parse(source, filename)
    skip = _docstrings(tree)
    inside_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    inside_fstrings.add(id(value))
                    parts.append(str(value.value))
                else:
                    parts.append("{}")
            yield node.lineno, "".join(parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and id(node) not in inside_fstrings:
            yield node.lineno, node.value


def findings(root: Path = LIBRARY) -> list[tuple[str, int, str]]:
    """(module, line, text) of German prose in the library, without the catalogs and :data:`ALLOWED`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root).as_posix()
        if module.startswith("i18n/"):
            continue
        for line, text in texts_of(path.read_text(encoding="utf-8"), str(path)):
            if german_prose(text) and not any(module == m and text.startswith(p) for m, p in ALLOWED):
                found.append((module, line, text))
    return found


def _where(found) -> list[str]:
    return [f"ktdash/{module}:{line}: {text[:90]!r}" for module, line, text in found]


def test_the_checker_finds_a_planted_sentence():
    planted = '''
"""Ein Docstring darf Deutsch sein, er wird nicht angezeigt."""
LAYOUT = "monthly"
MESSAGE = "Die Datei wurde nicht gelesen."
def f(name):
    """Auch hier: Docstrings sind für Entwickler."""
    return f"Spalte „{name}“ fehlt hier"
ENGLISH = "The file “{name}” has no column the die cutter uses."
CODE = "note_gas_default"
'''
    texts = [text for _, text in texts_of(planted) if german_prose(text)]
    assert texts == ["Spalte „{}“ fehlt hier", "Die Datei wurde nicht gelesen."]
    assert not german_prose("Gebäude") and not german_prose("kWh (Wasser: m³)")
    assert not german_prose("Select the rows in the table and die quietly")


def test_allowed_entries_still_match_something():
    """Every allowlist entry still names a German literal of its module (a stale entry is removed)."""
    stale = []
    for (module, prefix), _reason in ALLOWED.items():
        path = LIBRARY / module
        texts = [text for _, text in texts_of(path.read_text(encoding="utf-8"))] if path.exists() else []
        if not any(text.startswith(prefix) for text in texts):
            stale.append((module, prefix))
    assert stale == []


def test_no_german_sentence_outside_ingest():
    assert _where(f for f in findings() if not f[0].startswith("ingest/")) == []


def test_no_german_sentence_in_ingest():
    assert _where(f for f in findings() if f[0].startswith("ingest/")) == []
