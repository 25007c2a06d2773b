"""The source tree's layering: each package imports only from the packages below it, and no
modules import each other in a cycle.

Layers, lowest first: ``engine`` (the numerical engine, data, run cache) < ``experiments`` (the
runs the documents report and their checks) < ``claims`` (the catalog and its witnesses) <
``reports`` (the page, the gate, the sweep). Test modules are left out: they may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("engine", "experiments", "claims", "reports")
MAX_MODULE_LINES = 650


def source_modules() -> dict[str, Path]:
    modules = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            if path.name.startswith("test_") or path.name == "conftest.py":
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[dotted] = path
    return modules


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in LAYERS}


def import_graph() -> dict[str, set[str]]:
    modules = source_modules()
    graph = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(path):
            owners = [m for m in modules if name == m or name.startswith(m + ".")]
            if owners:
                targets.add(max(owners, key=len))
        graph[module] = targets - {module}
    return graph


def test_no_package_imports_from_a_layer_above_it():
    upward = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if LAYERS.index(target.split(".")[0]) > LAYERS.index(module.split(".")[0])
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_cycle():
    graph = import_graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(source_modules()))
def test_module_is_short_enough_to_read(module):
    lines = len(source_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines"
