"""The version of a computation for cache keys: the source of every project module it executes,
NumPy's version and the BLAS that does its arithmetic.

A cached training result is reused only when everything that can change it is unchanged:

* the syntax tree of every module of this project a run executes (its source less layout and
  comments). The set is not kept by hand: it is
  the import closure of the run's entry modules (:func:`module_closure`), read statically from
  the source (every ``import`` and ``from ... import`` statement, including those inside
  functions), following only modules that are files of this project;
* ``numpy.__version__``, and Numba's and llvmlite's versions (they compile the training step);
* how this process executes the training step (:func:`execution_mode`): whether the compiled
  step is used at all (``engine.training.COMPILED_STEP_AVAILABLE``: without ``cblas_?gemm`` the
  general NumPy step runs) and whether Numba compiles it (``numba.config.DISABLE_JIT``, set by
  ``NUMBA_DISABLE_JIT=1``: the same source run as Python rounds differently in the last bits),
  so a worker running the step another way never shares a key with one compiling it;
* the BLAS NumPy calls: its library (``internal_api``), version and kernel (``architecture``,
  e.g. ``Haswell`` or ``SkylakeX`` for OpenBLAS), as ``threadpoolctl`` reports them. Other BLAS
  libraries loaded in the process (SciPy bundles its own) are not NumPy's and are left out, so a
  process that imported SciPy and one that did not agree.

:func:`code_fingerprint` of a tuple of entry modules gives ``"<package version>+<digest>"``;
:func:`run_fingerprint` is that of a run (:data:`RUN_MODULES`), the key of the result cache;
:func:`engine_fingerprint` that of training a spec on given data (:mod:`runs.train`).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Installed, PROJECT_ROOT is site-packages: only these packages are the project's own.
PROJECT_PACKAGES = frozenset({"engine", "runs", "experiments", "claims", "reports"})


def _source_path(name: str) -> Path | None:
    """The file of project module ``name`` (``a.b`` -> ``a/b.py`` or ``a/b/__init__.py``), or
    None when it is not a module of this project (the standard library, NumPy, ...)."""
    parts = name.split(".")
    if parts[0] not in PROJECT_PACKAGES or not (PROJECT_ROOT / parts[0] / "__init__.py").is_file():
        return None
    base = PROJECT_ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Every module name an import statement of ``module`` may load (a ``from X import y`` may
    load ``X.y``; a name that is not a module is dropped by :func:`_source_path`)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def module_closure(roots: tuple[str, ...]) -> dict[str, Path]:
    """{module name: source file} of every project module the ``roots`` import, directly or not,
    with the packages that contain them, sorted by name."""
    found: dict[str, Path] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        path = _source_path(name)
        if path is None:
            continue
        found[name] = path
        parts = name.split(".")
        pending += [".".join(parts[:i]) for i in range(1, len(parts))]
        tree = ast.parse(path.read_bytes(), filename=str(path))
        pending += _imported_names(tree, name, path.name == "__init__.py")
    missing = [root for root in roots if root not in found]
    if missing:
        raise ValueError(f"roots: expected modules of this project, found no source for {missing}")
    return dict(sorted(found.items()))


def blas_identity() -> list[dict[str, str]]:
    """NumPy's BLAS as threadpoolctl sees it: [{internal_api, version, architecture}].

    Libraries loaded from NumPy's own installation are NumPy's; when there are none (a NumPy
    linked against a system BLAS) every BLAS loaded in the process is listed.
    """
    import numpy
    from threadpoolctl import threadpool_info

    numpy_dir = os.path.dirname(os.path.abspath(numpy.__file__))
    libraries = [info for info in threadpool_info() if info.get("user_api") == "blas"]
    own = [
        info
        for info in libraries
        if os.path.abspath(info.get("filepath", "")).startswith(
            (numpy_dir + os.sep, numpy_dir + ".libs")
        )
    ]
    chosen = own or libraries
    identity = [
        {key: str(info.get(key)) for key in ("internal_api", "version", "architecture")}
        for info in chosen
    ]
    return sorted(identity, key=lambda item: sorted(item.items()))


def source_digest(path: Path) -> str:
    """SHA-256 of the module's syntax tree (``ast.dump``, without positions): what the module
    executes, docstrings included; layout and comments, which change no result, are left out."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


def execution_mode() -> dict:
    """How this process runs the training step, as far as it changes the step's bits: the
    compiled or the general step, and the compiled one by Numba or as plain Python."""
    import numba

    from engine import training

    return {
        "compiled_step": bool(training.COMPILED_STEP_AVAILABLE),
        "numba_disable_jit": bool(numba.config.DISABLE_JIT),
    }


def fingerprint_parts(roots: tuple[str, ...]) -> dict:
    """What :func:`code_fingerprint` digests, for display and tests."""
    import llvmlite
    import numba
    import numpy

    return {
        "modules": {
            name: source_digest(path) for name, path in module_closure(tuple(roots)).items()
        },
        "numpy": numpy.__version__,
        "numba": numba.__version__,
        "llvmlite": llvmlite.__version__,
        "blas": blas_identity(),
        "execution": execution_mode(),
    }


@functools.lru_cache(maxsize=8)
def code_fingerprint(roots: tuple[str, ...]) -> str:
    """``"<engine version>+<12 hex digits>"``:
    SHA-256 over the parts of :func:`fingerprint_parts`.
    """
    import json

    from engine import __version__

    parts = fingerprint_parts(tuple(roots))
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return f"{__version__}+{digest[:12]}"


# The modules a run starts from: the sweep's task and data sources, which import the training of
# a spec (runs.train) and the MNIST splits. Everything they import is found from their source.
RUN_MODULES = ("runs.tasks",)
ENGINE_ROOTS = ("runs.train",)


def run_fingerprint() -> str:
    """The fingerprint of the code that computes a run in this process (cache keys)."""
    return code_fingerprint(RUN_MODULES)


def engine_fingerprint() -> str:
    """The fingerprint of training a run spec with :mod:`runs.train` on given data."""
    return code_fingerprint(ENGINE_ROOTS)
