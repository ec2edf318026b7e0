"""The importers package reads top to bottom: no import circle between its modules, counting imports inside
functions too (a lazy import that closes a circle only hides it), and no function-local import of a module of
the package at all.

A module's dependencies are every ``import`` / ``from … import`` in its file (relative imports resolved; `from
package import name` counts as the package, or as the submodule when ``name`` is one). Strongly connected
components of that graph with more than one module are circles.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.test_layering import ROOT, SKIPPED_DIRS, imported_modules

PACKAGE = "importers"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        if SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _resolve(module: str, known: dict[str, Path]) -> str | None:
    """The package module an import names (the longest known prefix), or None outside the package."""
    parts = module.split(".")
    while parts:
        name = ".".join(parts)
        if name in known:
            return name
        parts.pop()
    return None


def _graph() -> dict[str, set[str]]:
    known = _modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _, module in imported_modules(path):
            target = _resolve(module, known)
            if target and target != name and not name.startswith(f"{target}."):
                graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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
    return found


def _local_imports(path: Path) -> list[tuple[int, str]]:
    """Imports of a package module made inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_level = {
        (n.lineno, n.col_offset) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
    }
    out = []
    all_imports = imported_modules(path)
    for node in ast.walk(tree):
        if (
            isinstance(node, (ast.Import, ast.ImportFrom))
            and (node.lineno, node.col_offset) not in module_level
        ):
            out += [(line, module) for line, module in all_imports if line == node.lineno]
    return out


def test_the_graph_sees_the_package():
    graph = _graph()
    assert {"importers.pipeline", "importers.readers.pdf", "importers.parsers.plan"} <= set(graph)
    assert "importers.readers.pdf_tables" in graph["importers.readers.pdf"]


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circle_inside_the_package():
    cycles = _cycles(_graph())
    assert not cycles, "Import circles in importers/ (docs/architecture.md):\n" + "\n".join(
        " ⇄ ".join(cycle) for cycle in cycles
    )


def test_no_function_local_import_of_the_package():
    known = _modules()
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module} inside a function"
        for name, path in known.items()
        for line, module in _local_imports(path)
        if _resolve(module, known)
    ]
    assert not found, "\n".join(found)
