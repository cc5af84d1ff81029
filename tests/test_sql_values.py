"""Values reach the import's SQL only as parameters (issue 16 point 5): ``q()`` (a SQL string literal) and the
fields of an f-string of SQL in ktdash/ingest take constants of the code only — never the stage context
(``ctx.today``, ``ctx.municipality_key``, ``ctx.profile``…), a header of the file (``header(...)``), today's
date, a path, a municipality or an import id. Those go in as ``$name`` parameters
(:class:`ktdash.ingest.sql.Fragment`, ``con.execute(sql, {...})``) or through
:func:`ktdash.ingest.sql.given`. A cheap static check of the source (AST), by the names the values have."""

from __future__ import annotations

import ast
import re
from pathlib import Path


INGEST = Path(__file__).resolve().parent.parent / "ktdash" / "ingest"

# names and attributes that hold a value of the user, the file or the session
VALUE_NAMES = {"today", "municipality", "municipality_key", "import_id", "path", "text_path", "file_month",
               "preamble", "unit_hints", "headers", "key_header", "first_col", "column", "file_name"}
VALUE_CALLS = {"header"}  # header(ctx, field): a header of the file
# an f-string is SQL when its constant text has one of these (upper case: messages are not flagged)
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|FROM|WHERE|JOIN|VALUES|CASE|WHEN|DATE|INTERVAL|"
                       r"AND|OR|NOT|IS|AS)\b|read_csv\(")


PARAMETER_CALLS = {"given", "fragment", "Fragment"}  # what they take goes in as a parameter (ktdash.ingest.sql)


def _walk(node: ast.AST):
    """ast.walk without the arguments of the calls that make parameters of their values."""
    yield node
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in PARAMETER_CALLS:
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk(child)


def _value_in(node: ast.AST, *, ctx_is_value: bool) -> str | None:
    """The first value-like name inside ``node``: ``ctx.…`` (any attribute of the stage context when
    ``ctx_is_value``, else its value attributes), a value name or attribute, a call of ``header``."""
    for sub in _walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in VALUE_CALLS:
            return f"{sub.func.id}(...)"
        if isinstance(sub, ast.Attribute):
            if sub.attr in VALUE_NAMES or sub.attr == "profile":
                return ast.unparse(sub)
            if ctx_is_value and isinstance(sub.value, ast.Name) and sub.value.id == "ctx":
                return ast.unparse(sub)
        if isinstance(sub, ast.Name) and sub.id in VALUE_NAMES:
            return sub.id
    return None


def _is_q(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "q") or (isinstance(func, ast.Attribute) and func.attr == "q")


def _sql_text(node: ast.JoinedStr) -> str:
    return "".join(part.value for part in node.values if isinstance(part, ast.Constant) and isinstance(part.value, str))


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_q(node) and node.args:
            value = _value_in(node.args[0], ctx_is_value=True)
            if value:
                found.append(f"{path.name}:{node.lineno}: q({value})")
        elif isinstance(node, ast.JoinedStr) and SQL_WORDS.search(_sql_text(node)):
            for part in node.values:
                if isinstance(part, ast.FormattedValue) and not (isinstance(part.value, ast.Call)
                                                                 and _is_q(part.value)):  # q(): checked as such
                    value = _value_in(part.value, ctx_is_value=False)
                    if value:
                        found.append(f"{path.name}:{node.lineno}: f-string field {{{value}}}")
    return found


def _modules(layouts: bool) -> list[Path]:
    return sorted(p for p in INGEST.rglob("*.py") if (p.parent.name == "layouts") == layouts)


def test_the_check_finds_a_value_in_sql(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(con, ctx, today):\n'
                   '    con.execute(f"SELECT * FROM t WHERE day = {q(today.isoformat())}")\n'
                   '    con.execute(f"SELECT {q(header(ctx, \'meter\'))} AS column_name")\n'
                   '    con.execute(f"DELETE FROM t WHERE m = {ctx.municipality_key}")\n'
                   '    con.execute(f"SELECT {given(con, \'header:meter\', header(ctx, \'meter\'))}")  # a parameter\n'
                   '    raise ValueError(f"unknown import {import_id}")  # a message, no SQL\n', encoding="utf-8")
    assert sorted(f.split(": ", 1)[1] for f in findings(bad)) == [
        "f-string field {ctx.municipality_key}", "q(header(...))", "q(today)"]


def test_ingest_sql_takes_values_as_parameters():
    found = [f for path in _modules(layouts=False) for f in findings(path)]
    assert found == []


def test_layouts_sql_takes_values_as_parameters():
    found = [f for path in _modules(layouts=True) for f in findings(path)]
    assert found == []
