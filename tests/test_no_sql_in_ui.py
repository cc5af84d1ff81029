"""No SQL in the pages, app.py or the CLI (issue 16 point 5): they call named functions of ktdash.store and
ktdash.analytics. The check reads the code (ast), it does not run it: every string constant (f-strings' parts
too) that looks like SQL, and every ``.execute(`` / ``.executemany(`` / ``.sql(`` call."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ktdash" / "cli").glob("*.py"))]

# SQL as this code base writes it: keywords in capitals for queries; statements that change data in any case
SQL_PATTERNS = [
    re.compile(r"\bSELECT\b[\s\S]*\bFROM\b"),
    re.compile(r"\bFROM\s+\w+[\s\S]*\bWHERE\b"),
    re.compile(r"\bINSERT\s+INTO\b", re.IGNORECASE),
    re.compile(r"\bDELETE\s+FROM\b", re.IGNORECASE),
    re.compile(r"\bUPDATE\s+\w+\s+SET\b", re.IGNORECASE),
    re.compile(r"\bCREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW)\b", re.IGNORECASE),
    re.compile(r"\bselect\b[\s\S]*\bfrom\b[\s\S]*\bwhere\b"),
]
DB_CALLS = {"execute", "executemany", "sql"}


def sql_findings(source: str, name: str = "<code>") -> list[str]:
    """``file:line: what`` for every SQL string and database call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(pattern.search(node.value) for pattern in SQL_PATTERNS):
                found.append(f"{name}:{node.lineno}: SQL text {node.value.strip()[:60]!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DB_CALLS:
            found.append(f"{name}:{node.lineno}: .{node.func.attr}( call")
    return found


def test_the_checker_finds_planted_sql():
    planted = {
        'rows = con.execute("SELECT name FROM municipalities").fetchall()': 2,  # the text and the call
        'q = f"SELECT {column} FROM buildings WHERE building_id = ?"': 1,
        'q = """\n    select name\n    from buildings\n    where id = 1"""': 1,
        'q = "insert into audit_log VALUES (1)"': 1,
        'q = "DELETE FROM users"': 1,
        'q = "UPDATE municipalities SET postcode = ?"': 1,
        'q = "CREATE TEMP TABLE x AS SELECT 1"': 1,
        'frame = con.sql(text).df()': 1,
        'q = "SELECT x FROM t"\nif q:\n    pass': 1,
    }
    for code, expected in planted.items():
        assert len(sql_findings(code)) == expected, code
    harmless = ['label = "Select the years from the list"', 'st.selectbox(label, options)',
                'st.query_params.update(selection.to_query())', 'x = "Wählen Sie aus, von wo"',
                'help = "Data from where it was measured"']
    for code in harmless:
        assert sql_findings(code) == [], code


def test_no_sql_in_pages_app_or_cli():
    assert len(UI_FILES) > 10
    findings = [f for path in UI_FILES for f in sql_findings(path.read_text(encoding="utf-8"),
                                                                str(path.relative_to(ROOT)))]
    assert findings == []
