"""The source of a witness test, looked up from its pytest node id at build time.

``claims/test_x.py::test_name[param]`` (or ``...::TestClass::test_name``) is resolved against the
repository: the file is parsed with :mod:`ast` and the function's lines, decorators included, are
returned. A node id that names no file or function in the repository (an experiment witness such
as ``experiments.mnist_experiments``) has no source: None.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from reports.environment import REPOSITORY_ROOT

_NOT_IN_ANCHOR = re.compile(r"[^A-Za-z0-9_-]+")


@cache
def _parsed(path: Path) -> tuple[list[str], ast.Module] | None:
    try:
        text = path.read_text(encoding="utf-8")
        return text.splitlines(), ast.parse(text, filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None


def _find(body: list[ast.stmt], names: list[str]) -> ast.AST | None:
    for node in body:
        if (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.name == names[0]
        ):
            if len(names) == 1:
                return node
            if isinstance(node, ast.ClassDef):
                return _find(node.body, names[1:])
    return None


def witness_source_of(nodeid: str, root: Path = REPOSITORY_ROOT) -> str | None:
    """The source lines of the test ``nodeid`` names, or None when there is none to show."""
    if "::" not in nodeid:
        return None
    file_part, *names = nodeid.split("::")
    names[-1] = names[-1].split("[", 1)[0]
    path = (Path(root) / file_part).resolve()
    if Path(root).resolve() not in path.parents or path.suffix != ".py":
        return None
    parsed = _parsed(path)
    if parsed is None:
        return None
    lines, module = parsed
    node = _find(module.body, names)
    if node is None:
        return None
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "\n".join(lines[first - 1 : node.end_lineno])


def test_function_name(nodeid: str) -> str:
    """The node id without its parameters: every parametrization shares one source."""
    return nodeid.split("[", 1)[0]


def witness_tests(claims: Sequence[Mapping]) -> tuple[list[dict], dict[str, str]]:
    """The tests with a source that witness ``claims``, once each: ``[{"name", "anchor",
    "source", "claims"}]`` in the claims' order, and node id -> the anchor of its test."""
    tests: dict[str, dict] = {}
    anchors: dict[str, str] = {}
    for claim in claims:
        for witness in claim["witnesses"]:
            name = test_function_name(witness["test"])
            if name not in tests:
                source = witness_source_of(witness["test"])
                tests[name] = {
                    "name": name,
                    "anchor": "test-" + _NOT_IN_ANCHOR.sub("-", name),
                    "source": source,
                    "claims": [],
                }
            test = tests[name]
            if test["source"] is None:
                continue
            anchors[witness["test"]] = test["anchor"]
            if claim["id"] not in test["claims"]:
                test["claims"].append(claim["id"])
    return [test for test in tests.values() if test["source"] is not None], anchors
