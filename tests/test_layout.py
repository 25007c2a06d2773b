"""The source tree's layering: each package imports only from the packages below it, and no
modules import each other in a cycle.

Layers, lowest first: ``engine`` (the chapter's mathematics and the training step) < ``runs``
(run specifications, the result cache, MNIST data, executors) < ``experiments`` (the runs the
documents report, the learning-rate sweep, and their checks) < ``claims`` (the catalog and its
witnesses) < ``reports`` (the page, the gate, the commands). Test modules are left out: they may
import anything.
"""

from __future__ import annotations

import ast
import re
import tokenize
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("engine", "runs", "experiments", "claims", "reports")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
TEMPLATES = ROOT / "reports" / "page" / "templates"


def source_modules() -> dict[str, Path]:
    modules = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            if path.name.startswith("test_") or path.name == "conftest.py":
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(
                ".__init__"
            )
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
                cycles.append(path[path.index(target) :] + [target])
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


@pytest.mark.parametrize("module", sorted(source_modules()))
def test_every_function_is_short_enough_to_read(module):
    """Functions and methods span at most MAX_FUNCTION_LINES lines, decorators included."""
    tree = ast.parse(source_modules()[module].read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - first + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for first in [min([node.lineno] + [d.lineno for d in node.decorator_list])]
        if node.end_lineno - first + 1 > MAX_FUNCTION_LINES
    ]
    assert long == [], f"{module}: {long}"


def printed_figures() -> list[str]:
    """Every figure a document prints that the catalog judges (``Source.figure``)."""
    from claims.catalog import CLAIMS

    return sorted(
        {figure for claim in CLAIMS for source in claim.sources for figure in source.figures}
    )


def figure_pattern(figure: str) -> re.Pattern:
    """``figure`` as a number of its own in text: not inside a longer numeral, an identifier,
    a claim id ("...-150-epochs") or a line range ("150-154")."""
    return re.compile(r"(?<![\w.\-/])" + re.escape(figure) + r"(?![\w\-/]|\.\d)")


def figure_literals(path: Path, figure: str) -> int:
    """How often ``figure`` is written in the module: as a number literal of the same value, or
    as a number inside a string or comment."""
    pattern, count = figure_pattern(figure), 0
    value = Fraction(figure) if "/" in figure else Fraction(Decimal(figure))
    with tokenize.open(path) as handle:
        for token in tokenize.generate_tokens(handle.readline):
            if token.type == tokenize.NUMBER and "/" not in figure:
                text = token.string.replace("_", "")
                if re.fullmatch(r"[\d.]+", text) and Fraction(Decimal(text)) == value:
                    count += 1
            elif token.type in (tokenize.STRING, tokenize.COMMENT):
                count += len(pattern.findall(token.string))
    return count


def template_figures(path: Path, figure: str) -> int:
    """How often ``figure`` is written in a template, as a number of its own in its text."""
    return len(figure_pattern(figure).findall(path.read_text(encoding="utf-8")))


def test_the_catalog_lists_the_books_mnist_figures_and_the_single_neuron_figures():
    assert {
        "95.49",
        "96.82",
        "95.42",
        "96.59",
        "0.82",
        "0.98",
        "0.09",
        "0.2",
        "0.20",
        "0.04",
        "150",
        "200",
    } <= set(printed_figures())


@pytest.mark.parametrize("figure", printed_figures())
def test_a_printed_figure_is_written_in_exactly_one_source_module(figure):
    """No figure a document prints is written anywhere but in its catalog entry (one topic
    module of claims/catalog): the checks, the claim tests, the report and the captions of its
    templates receive it from there."""
    holders = sorted(
        str(path.relative_to(ROOT))
        for path in source_modules().values()
        if figure_literals(path, figure)
    )
    holders += sorted(
        str(path.relative_to(ROOT))
        for path in TEMPLATES.rglob("*.j2")
        if template_figures(path, figure)
    )
    assert len(holders) == 1 and holders[0].startswith("claims/catalog/"), holders
