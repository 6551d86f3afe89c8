"""The layers of scripts/: a module imports only from its own layer and the layers below it.

The rule (and what each layer is for) is in scripts/__init__.py; this test reads every module's
imports with ``ast`` and fails on an import that goes up, naming the file and the import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

# What each layer may import, besides itself.
ALLOWED: dict[str, set[str]] = {
    "build": set(),
    "content": set(),
    "arithmetic": set(),
    "extensions": {"build", "content"},
    "drawing": {"build", "arithmetic"},
    "pages": {"build", "content", "arithmetic", "extensions", "drawing"},
    "tools": {"build", "content", "arithmetic", "extensions", "drawing", "pages"},
}


def imported_layers(path: Path) -> list[tuple[int, str]]:
    """(line, layer) of every import of ``scripts.<layer>`` in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] if node.module != "scripts" else [f"scripts.{a.name}" for a in node.names]
        found += [(node.lineno, name.split(".")[1]) for name in names if name.startswith("scripts.")]
    return found


def violations(root: Path = SCRIPTS) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if len(relative.parts) < 2:
            continue  # scripts/__init__.py
        layer = relative.parts[0]
        if layer not in ALLOWED:
            problems.append(f"scripts/{relative}: folder {layer!r} is no layer (scripts/__init__.py lists them)")
            continue
        for line, target in imported_layers(path):
            if target != layer and target not in ALLOWED[layer]:
                problems.append(f"scripts/{relative}:{line}: {layer} imports scripts.{target}, a layer above it")
    return problems


@pytest.mark.unit
def test_every_module_sits_in_a_layer_and_imports_only_downwards() -> None:
    assert violations() == []


@pytest.mark.unit
def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    (tmp_path / "arithmetic").mkdir()
    (tmp_path / "arithmetic" / "grid.py").write_text("from scripts.drawing import svg\nimport scripts.pages.workbook\n")
    (tmp_path / "misc").mkdir()
    (tmp_path / "misc" / "x.py").write_text("")
    assert violations(tmp_path) == [
        "scripts/arithmetic/grid.py:1: arithmetic imports scripts.drawing, a layer above it",
        "scripts/arithmetic/grid.py:2: arithmetic imports scripts.pages, a layer above it",
        "scripts/misc/x.py: folder 'misc' is no layer (scripts/__init__.py lists them)",
    ]
