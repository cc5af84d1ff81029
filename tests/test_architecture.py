"""The layers of ktdash/ as folders, enforced (issue 16): the import graph of every module under ``ktdash/`` — all
imports, those inside functions included — read with :mod:`ast`, without importing anything.

- no import cycle between modules,
- no import upward across the layers core < i18n < store < access < analytics < ingest < output < cli
  (sideways inside one layer is fine),
- no ``streamlit`` anywhere under ``ktdash/`` (the pages are the only Streamlit code),
- and each checker catches a violation planted in a tiny synthetic graph or source.

Fast: no store, no Streamlit, no subprocess.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ktdash"

LAYERS = ("core", "i18n", "store", "access", "analytics", "ingest", "output", "cli")
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}


# --- the checkers ---------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def parse(source: str) -> ast.Module:
    """Each file is parsed once per run (the graph and the streamlit check read the same trees)."""
    return ast.parse(source)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, is_package: bool = False) -> list[tuple[tuple[str, ...], int]]:
    """Every import of ``source`` (relative ones made absolute) as the names it may mean, most specific first, with
    its line: ``from a import b`` → (a.b, a); ``import a.b.c`` → (a.b.c, a.b, a)."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                found.append((tuple(".".join(parts[:n]) for n in range(len(parts), 0, -1)), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                base = ".".join(anchor[:len(anchor) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                found.append(((f"{base}.{alias.name}", base) if alias.name != "*" else (base,), node.lineno))
    return found


def import_graph(root: Path = ROOT, package: str = "ktdash") -> dict[str, dict[str, int]]:
    """module → {imported module under ``package``: first line}. ``from pkg import name`` points to ``pkg.name`` when
    that is a module, else to ``pkg``; ``import a.b.c`` to its longest prefix that is a module."""
    files = {module_name(path, root): path for path in sorted((root / package).rglob("*.py"))}
    graph: dict[str, dict[str, int]] = {}
    for module, path in files.items():
        edges: dict[str, int] = {}
        for candidates, line in imported_names(path.read_text(encoding="utf-8"), module,
                                               path.name == "__init__.py"):
            target = next((name for name in candidates if name in files), None)
            if target is not None and target != module:
                edges.setdefault(target, line)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted; sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # the graph is small (≈100 modules): recursion is fine
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def upward_imports(graph: dict[str, dict[str, int]]) -> dict[tuple[str, str], int]:
    """(importer, imported) → line for every import from a lower layer into a higher one."""
    found = {}
    for source, targets in graph.items():
        for target, line in targets.items():
            low, high = layer(source), layer(target)
            if low is not None and high is not None and RANK[low] < RANK[high]:
                found[(source, target)] = line
    return found


def streamlit_imports(source: str, module: str = "m") -> list[int]:
    """Lines of ``source`` that import streamlit (``import streamlit``, ``from streamlit… import``, and
    ``importlib.import_module("streamlit…")`` / ``__import__("streamlit…")``)."""
    lines = [line for candidates, line in imported_names(source, module) if candidates[-1].split(".")[0] == "streamlit"]
    for node in ast.walk(parse(source)):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and node.args[0].value.split(".")[0] == "streamlit":
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                lines.append(node.lineno)
    return sorted(lines)


# --- the code base --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    return import_graph()


def test_the_graph_is_read(graph):
    """A sanity check of the reader: it finds the layers and imports inside functions."""
    assert {layer(module) for module in graph if module != "ktdash"} == set(LAYERS)
    assert all(layer(module) for module in graph if module != "ktdash")  # every module lives in a layer folder
    assert sum(len(targets) for targets in graph.values()) > 150
    # imported inside a method (Report.methods): seen all the same
    assert "ktdash.analytics.reference" in graph["ktdash.output.report.sections"]


def test_no_import_cycle(graph):
    found = cycles(graph)
    assert not found, "import cycles between these modules:\n" + "\n".join(
        " ↔ ".join(component) + "\n    " + ", ".join(f"{s} → {t} (line {graph[s][t]})"
                                                  for s in component for t in graph[s] if t in component)
        for component in found)


def test_no_upward_import(graph):
    found = upward_imports(graph)
    assert not found, "imports up across the layers (" + " < ".join(LAYERS) + "):\n" + "\n".join(
        f"{source} ({layer(source)}) → {target} ({layer(target)}), line {line}"
        for (source, target), line in sorted(found.items()))


def test_no_streamlit_under_ktdash():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += [f"{path.relative_to(ROOT)}:{line}" for line in
                  streamlit_imports(path.read_text(encoding="utf-8"), module_name(path))]
    assert not found, "streamlit imported under ktdash/: " + ", ".join(found)


# --- the checkers catch what they should ----------------------------------------------------------------------------

def test_cycle_checker_finds_a_planted_cycle():
    graph = {"ktdash.core.a": {}, "ktdash.ingest.b": {"ktdash.ingest.c": 3}, "ktdash.ingest.c": {"ktdash.ingest.d": 1},
             "ktdash.ingest.d": {"ktdash.ingest.b": 7, "ktdash.core.a": 2}}
    assert cycles(graph) == [["ktdash.ingest.b", "ktdash.ingest.c", "ktdash.ingest.d"]]
    del graph["ktdash.ingest.d"]["ktdash.ingest.b"]
    assert cycles(graph) == []


def test_upward_checker_finds_a_planted_upward_import():
    graph = {"ktdash.store.queries": {"ktdash.core.domain": 1, "ktdash.i18n.texts": 2, "ktdash.store.records": 3},
             "ktdash.ingest.results": {"ktdash.output.exports.tables": 12, "ktdash.analytics.metrics": 4},
             "ktdash.core.units": {"ktdash.cli.main": 9}, "ktdash": {"ktdash.cli.main": 1}}
    assert upward_imports(graph) == {("ktdash.ingest.results", "ktdash.output.exports.tables"): 12,
                                     ("ktdash.core.units", "ktdash.cli.main"): 9}


def test_reader_sees_imports_inside_functions_and_relative_ones(tmp_path):
    package = tmp_path / "ktdash"
    for folder in ("core", "output", "output/report"):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "core" / "units.py").write_text("def f():\n    from ktdash.output.report import pdf\n")
    (package / "output" / "charts.py").write_text("X = 1\n")
    (package / "output" / "report" / "pdf.py").write_text("from .. import charts\nfrom . import data\n")
    (package / "output" / "report" / "data.py").write_text("import ktdash.output.report.pdf\n")
    (package / "output" / "report" / "__init__.py").write_text("from ktdash.output.report.pdf import X\n")
    graph = import_graph(tmp_path)
    assert graph["ktdash.core.units"] == {"ktdash.output.report.pdf": 2}
    assert graph["ktdash.output.report.pdf"] == {"ktdash.output.charts": 1, "ktdash.output.report.data": 2}
    assert graph["ktdash.output.report"] == {"ktdash.output.report.pdf": 1}
    assert upward_imports(graph) == {("ktdash.core.units", "ktdash.output.report.pdf"): 2}
    assert cycles(graph) == [["ktdash.output.report.data", "ktdash.output.report.pdf"]]


def test_streamlit_checker_finds_a_planted_import():
    source = ("import os\nimport streamlit as st\n\ndef page():\n    from streamlit.runtime import exists\n"
              "    import importlib\n    importlib.import_module('streamlit.components.v1')\n"
              "    return __import__('streamlit')\nimport streamlit_extras_not_it\n")
    assert streamlit_imports(source) == [2, 5, 7, 8]
    assert streamlit_imports("import pandas\nfrom plotly import io\n") == []
