"""Imports only point down: portal → importers → directory → guides → search (docs/architecture.md).

Every ``import`` and ``from … import`` of the apps' Python files is checked, including imports inside functions
(a lazy import is still a dependency) and relative imports (resolved against the file's package). Migrations and
tests are not application code and are skipped.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Top to bottom. An app may import the apps after it, never the ones before it.
LAYERS = ("portal", "importers", "directory", "guides", "search")
FORBIDDEN = {app: set(LAYERS[: LAYERS.index(app)]) for app in LAYERS}
SKIPPED_DIRS = {"migrations", "tests", "__pycache__"}

# Known upward imports tolerated TEMPORARILY, as {(file, module)}, each with a comment saying who removes it and
# when. Keep it empty: test_allow_list_is_not_stale fails on an entry whose import is gone.
ALLOWED: set[tuple[str, str]] = set()


def app_files() -> list[Path]:
    files = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
                files.append(path)
    return files


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file."""
    relative = path.relative_to(ROOT).with_suffix("")
    package = list(relative.parts[:-1])  # the package the file is in (for __init__.py: the package itself)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            if not node.module:
                # `from . import workflows`: the names are modules of that package.
                found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def upward_imports() -> list[tuple[str, int, str]]:
    violations = []
    for path in app_files():
        rel = path.relative_to(ROOT).as_posix()
        forbidden = FORBIDDEN[rel.split("/")[0]]
        for line, module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                violations.append((rel, line, module))
    return violations


def test_the_scan_sees_the_apps():
    files = {p.relative_to(ROOT).as_posix() for p in app_files()}
    assert {"guides/models.py", "directory/models.py", "search/registry.py", "portal/urls.py"} <= files
    assert not any("/migrations/" in f for f in files)


def test_imports_only_point_down():
    violations = [
        f"{rel}:{line} imports {module}"
        for rel, line, module in upward_imports()
        if (rel, module) not in ALLOWED
    ]
    assert not violations, "Upward imports (see docs/architecture.md):\n" + "\n".join(violations)


def test_allow_list_is_not_stale():
    present = {(rel, module) for rel, _line, module in upward_imports()}
    stale = ALLOWED - present
    assert not stale, f"Remove these fixed entries from ALLOWED: {sorted(stale)}"


@pytest.mark.parametrize(
    ("app", "source", "upward"),
    [
        ("search", "from directory.models import ConsultationWindow", True),
        ("guides", "import importers.pipeline", True),
        ("guides", "def f():\n    from directory.referral import document_is_public", True),
        ("directory", "from ..importers import cities", True),
        ("directory", "from guides.models import CityPage", False),
        ("importers", "from directory.models import Organisation", False),
        ("guides", "from . import workflows", False),
    ],
)
def test_the_checker_itself(tmp_path, monkeypatch, app, source, upward):
    root = tmp_path
    (root / app).mkdir()
    (root / app / "module.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", root)
    for other in LAYERS:
        (root / other).mkdir(exist_ok=True)
    assert bool(upward_imports()) is upward
