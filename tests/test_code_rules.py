"""Rules of the code that ruff cannot see (issue 16), read with :mod:`ast` and checked on tiny stores:

- values reach SQL as parameters: no SQL f-string under ``ktdash/`` (outside ``ingest``, whose literals are being
  converted) formats a value as a literal — ``'{name}'``, ``{value!r}``, ``{x:.2f}``, ``{int(n)}``, ``{q(text)}``;
  formatted identifiers and SQL fragments (``{key}``, ``{BASE_SQL}``, ``{_ident(table)}``) stay allowed,
- one value may go positionally (``WHERE id = ?``, and a ``VALUES (?, ?, …)`` row), two or more are named
  (``$name``) in the layers core, store, access and analytics, so no list of ``?`` has to be counted,
- ATTACH takes its path through `backup.path_literal` (DuckDB 1.5 takes no parameter there; a path with quotes
  round-trips through a backup copy),
- the audit history's filters are named parameters and combine,
- no ``INSERT/DELETE … RETURNING`` and no ``nextval(`` in SQL outside ``store/connection.py`` and ``store/server.py``:
  a PostgreSQL store attached through DuckDB's postgres extension supports neither (docs/scale_spike.md, Q2), so
  ids come from ``next_id``/``next_ids`` first (a column's ``DEFAULT nextval(…)`` in a table's DDL is PostgreSQL's
  own and stays allowed),
- every call ``pyproject.toml`` declares immutable for ruff's B008 makes a frozen object.

Fast: no demo store, no Streamlit, no subprocess.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
import tomllib
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ktdash"
CHECKED = ("core", "i18n", "store", "access", "analytics", "output", "cli")  # every layer but ingest

_SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|ATTACH|COPY|CREATE|DROP|ALTER|PRAGMA|WHERE|FROM|VALUES|LIMIT)\b")
_LITERAL_MAKERS = {"repr", "str", "int", "float", "q", "quote", "_quote", "literal", "sql_literal"}


def value_literals(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every formatted field of a SQL f-string in ``source`` that writes a value as a literal:
    inside quotes, with ``!r``/``!a`` or a format spec, or through a function that makes literals."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        if not _SQL.search("".join(v.value for v in node.values if isinstance(v, ast.Constant))):
            continue
        before = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                before = part.value
                continue
            func = part.value.func if isinstance(part.value, ast.Call) else None
            maker = getattr(func, "id", getattr(func, "attr", None)) in _LITERAL_MAKERS
            if before.rstrip().endswith("'") or part.conversion in (ord("r"), ord("a")) or part.format_spec or maker:
                found.append((node.lineno, ast.unparse(part.value)))
            before = ""
    return found


def test_the_checker_catches_value_literals_and_lets_identifiers_pass():
    planted = '''
con.execute(f"SELECT * FROM t WHERE name = '{name}'")
con.execute(f"SELECT * FROM t WHERE a = {value!r}")
con.execute(f"SELECT * FROM t LIMIT {int(limit)}")
con.execute(f"SELECT round(x, 2) FROM t WHERE x > {share:.2f}")
sql = f"""SELECT * FROM t WHERE key = {q(key)}"""
'''
    assert sorted(line for line, _ in value_literals(planted)) == [2, 3, 4, 5, 6]
    allowed = '''
con.execute(f"SELECT {key} AS key, {name} FROM ({BASE_SQL}) WHERE year = $year", params)
con.execute(f"SELECT count(*) FROM {_ident(database)}.main.{_ident(table)}")
label = f"'{name}' is not SQL"
'''
    assert value_literals(allowed) == []


def test_no_value_reaches_sql_as_a_literal_outside_ingest():
    found = {f"{path.relative_to(ROOT)}:{line}": expression
             for folder in CHECKED for path in sorted((PACKAGE / folder).rglob("*.py"))
             for line, expression in value_literals(path.read_text(encoding="utf-8"))}
    assert not found, f"values formatted into SQL (pass them as $name parameters): {found}"


NAMED_ONLY = ("core", "store", "access", "analytics", "ingest", "output", "cli")
# a ``?`` parameter: after a space, ``(``, ``=`` or ``,`` and before a space, ``,``, ``)``, ``::`` or the end (a regex's
# ``[+-]?\d`` or ``(…)?'`` is none)
PLACEHOLDER = re.compile(r"(?<=[\s(=,])\?(?=[\s,)]|::|$)")
_SQL_CALLS = {"execute", "executemany", "sql", "query"}


def positional_lists(source: str) -> list[int]:
    """Lines of ``source`` that pass two or more ``?`` parameters to one SQL call, except a ``VALUES (?, …)`` row."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in _SQL_CALLS and node.args:
            text = "".join(part.value for part in ast.walk(node.args[0])
                           if isinstance(part, ast.Constant) and isinstance(part.value, str))
            if len(PLACEHOLDER.findall(text)) >= 2 and not re.search(r"VALUES\s*\(\s*\?", text):
                found.append(node.lineno)
    return found


def test_the_positional_check_counts_question_marks_but_lets_rows_pass():
    planted = '''
con.execute("SELECT * FROM t WHERE a = ? AND b = ?", [1, 2])
con.execute(f"SELECT * FROM {table} WHERE a = ? "
            "AND b BETWEEN ? AND ?", [1, 2, 3])
con.execute("SELECT * FROM t WHERE a = $a AND b = $b", {"a": 1, "b": 2})
con.execute("SELECT * FROM t WHERE a = ?", [1])
con.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
'''
    assert sorted(positional_lists(planted)) == [2, 3]


def test_two_or_more_values_are_named_parameters():
    found = [f"{path.relative_to(ROOT)}:{line}" for folder in NAMED_ONLY
             for path in sorted((PACKAGE / folder).rglob("*.py"))
             for line in positional_lists(path.read_text(encoding="utf-8"))]
    assert not found, f"several positional ? parameters (name them: $name with a dict): {found}"


ID_FILES = ("store/connection.py", "store/server.py")  # where next_id/next_ids take ids in either mode
_RETURNING = re.compile(r"\bRETURNING\b")
_RETURNING_ANY_CASE = re.compile(r"\breturning\s+[\w*]", re.I)
_NEXTVAL = re.compile(r"(?<!DEFAULT )\bnextval\s*\(", re.I)


def sql_ids_in_sql(source: str, sql_file: bool = False) -> list[int]:
    """Lines of ``source`` (Python; a ``sql_file`` is checked whole) whose SQL (any string but a docstring) has
    ``RETURNING`` (upper case, or any case in a string that looks like SQL) or a ``nextval(`` that is not a
    column's ``DEFAULT``."""
    if sql_file:
        texts = [(1, source)]
    else:
        tree = ast.parse(source)
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        texts = [(node.lineno, node.value) for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
    return sorted({line for line, text in texts
                   if _RETURNING.search(text) or _NEXTVAL.search(text)
                   or (_SQL.search(text) and _RETURNING_ANY_CASE.search(text))})


def test_the_id_check_catches_returning_and_nextval_but_not_prose_or_defaults():
    planted = '''
"""Inserts without INSERT … RETURNING (a docstring may say so)."""
a = con.execute("INSERT INTO t (v) VALUES (?) RETURNING id", [1]).fetchone()[0]
b = con.execute("SELECT nextval('seq_t')").fetchone()[0]
c = con.execute(f"""DELETE FROM {table} WHERE k = $k
                    returning v""", {"k": 1}).fetchall()
d = con.execute("SELECT key, NEXTVAL ('seq_person') AS person_id FROM t")
con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY DEFAULT nextval('seq_t'), v VARCHAR)")
message = "returning to the page"
def f():
    """Each id from next_id (never nextval('x') in SQL)."""
'''
    assert sql_ids_in_sql(planted) == [3, 4, 5, 7]
    sql_file = "CREATE TABLE t (id INTEGER DEFAULT nextval('s'));\n"
    assert sql_ids_in_sql(sql_file, sql_file=True) == []
    assert sql_ids_in_sql(sql_file + "INSERT INTO t VALUES (1) RETURNING id;", sql_file=True) == [1]


def test_ids_are_taken_before_the_insert():
    found = [f"{path.relative_to(ROOT)}:{line}"
             for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.sql")])
             if path.relative_to(PACKAGE).as_posix() not in ID_FILES
             for line in sql_ids_in_sql(path.read_text(encoding="utf-8"), path.suffix == ".sql")]
    assert not found, f"INSERT/DELETE … RETURNING or nextval( in SQL (take ids with next_id/next_ids first): {found}"


def test_attach_takes_a_path_with_quotes(tmp_path):
    from ktdash.access.backup import _copy

    source, target = tmp_path / "it's \"a\" store.duckdb", tmp_path / "Gemeinde's copy.duckdb"
    con = duckdb.connect(str(source))
    con.execute("CREATE TABLE t AS SELECT 'O''Brien; DROP TABLE t' AS name")
    con.close()
    _copy(source, target)
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("SELECT name FROM t").fetchall() == [("O'Brien; DROP TABLE t",)]
    finally:
        con.close()


def test_audit_history_filters_combine(tmp_path):
    from ktdash.access import audit
    from ktdash.store.connection import open_store

    con = open_store(tmp_path / "audit.duckdb")
    try:
        for user, action, key in (("anna", "import", None), ("ben", "undo", None), ("anna", "login", None),
                                  ("o'hara", "import", None)):
            audit.record(con, user, action, key)
        assert audit.history(con, limit=2).user_name.tolist() == ["o'hara", "anna"]
        assert audit.history(con, action="import").user_name.tolist() == ["o'hara", "anna"]
        assert audit.history(con, user_name="o'hara").action.tolist() == ["import"]
        assert audit.history(con, actions=["undo", "login"]).action.tolist() == ["login", "undo"]
        assert audit.history(con, actions=["import"], user_name="anna").action.tolist() == ["import"]
        assert audit.history(con, municipalities=["07335"]).empty
        assert audit.history(con, limit=0).empty
    finally:
        con.close()


def _immutable_calls() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["ruff"]["lint"]["flake8-bugbear"]["extend-immutable-calls"]


@pytest.mark.parametrize("qualified", _immutable_calls())
def test_what_ruff_treats_as_immutable_is_frozen(qualified):
    """A default argument made by one of these calls is shared by every call: only safe while it is frozen."""
    module, _, name = qualified.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    if dataclasses.is_dataclass(cls):
        assert cls.__dataclass_params__.frozen, qualified
    else:
        assert cls.model_config.get("frozen"), qualified
        with pytest.raises(Exception, match="frozen"):
            setattr(cls(), next(iter(cls.model_fields)), None)
