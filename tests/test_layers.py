"""The shape of the code: dependencies point down, no import cycle, small modules, no content.

Imports are read with `ast` from every module of the package, at module level and inside
functions (a lazy import is still a dependency); imports only for type checking are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dlquiz"
MAX_LINES = 320


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for child in node.body for n in ast.walk(child)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {
    name: {m for m in imports(path) if m in MODULES and m != name} for name, path in MODULES.items()
}


def test_no_import_cycle() -> None:
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(GRAPH[node]):
            if seen.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for name in sorted(GRAPH):
        if name not in seen:
            visit(name, [name])
    assert cycles == []


RULES = {
    # layer: prefixes it must not import
    "dlquiz.solvers": ("dlquiz.bank", "dlquiz.render", "dlquiz.cli", "dlquiz.drill",
                       "dlquiz.history", "dlquiz.messages", "rich", "typer", "yaml"),
    "dlquiz.bank": ("dlquiz.render", "dlquiz.cli", "dlquiz.drill", "dlquiz.history",
                    "rich", "typer"),
    "dlquiz.drill": ("dlquiz.render", "dlquiz.cli", "rich", "typer"),
    "dlquiz.export": ("dlquiz.cli", "dlquiz.drill.practice", "dlquiz.drill.exam", "typer",
                      "dlquiz.history"),
    "dlquiz.render": ("dlquiz.cli", "dlquiz.drill.practice", "dlquiz.drill.exam", "typer",
                      "dlquiz.history"),
}  # fmt: skip


@pytest.mark.parametrize("layer", sorted(RULES))
def test_dependencies_point_down(layer: str) -> None:
    wrong = {
        name: sorted(m for m in imports(MODULES[name]) if m.startswith(RULES[layer]))
        for name in MODULES
        if name == layer or name.startswith(f"{layer}.")
    }
    assert {k: v for k, v in wrong.items() if v} == {}


def test_solvers_import_only_numpy_the_standard_library_and_their_own() -> None:
    import sys

    allowed = ("numpy", "dlquiz.errors", "dlquiz.solvers", "__future__")
    for name, path in MODULES.items():
        if not name.startswith("dlquiz.solvers"):
            continue
        outside = {
            m for m in imports(path)
            if not m.startswith(allowed) and m.split(".")[0] not in sys.stdlib_module_names
        }  # fmt: skip
        assert outside == set(), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small_and_hold_no_chinese(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{name}: split it (one concept per module)"
    assert not re.search(r"[\u3400-\u9fff]", text), f"{name}: Chinese belongs in questions/"
