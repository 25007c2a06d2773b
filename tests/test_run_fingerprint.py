"""A cached result's key covers everything that can change it: the source of every project module
a run executes (found from the imports, not listed by hand), NumPy's version, its BLAS and how the
step is executed (compiled by Numba, run as Python, or the general step); a
Dask worker running edited code is refused before any of its results is stored."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runs import fingerprint
from runs.fingerprint import (
    RUN_MODULES,
    code_fingerprint,
    fingerprint_parts,
    module_closure,
    run_fingerprint,
)

ROOT = Path(__file__).resolve().parent.parent


def test_run_key_covers_the_task_and_data_modules_and_what_they_import():
    modules = module_closure(RUN_MODULES)
    # the task and its data sources, the MNIST splits, the loader they call inside functions,
    # and the training code under them
    for name in (
        "runs.tasks",
        "runs.splits",
        "runs.spec",
        "runs.train",
        "runs.blas_threads",
        "runs.mnist",
        "runs.data_dir",
        "engine.training",
        "engine.network",
        "engine.costs",
        "engine.activations",
        "engine.compiled_step",
        "engine.blas",
    ):
        assert name in modules, name
    # modules no run executes stay out, so editing them does not discard cached results
    for name in (
        "engine.bench",
        "runs.download",
        "runs.cache",
        "runs.executors",
        "runs.workers",
        "reports.build",
    ):
        assert name not in modules, name


def test_run_key_covers_numpy_version_the_compilers_and_the_blas_kernel():
    import llvmlite
    import numba
    import numpy

    parts = fingerprint_parts(RUN_MODULES)
    assert parts["numpy"] == numpy.__version__
    assert (parts["numba"], parts["llvmlite"]) == (numba.__version__, llvmlite.__version__)
    assert parts["blas"], "expected NumPy's BLAS to be identified"
    assert {"internal_api", "version", "architecture"} <= set(parts["blas"][0])


def test_run_key_ignores_blas_libraries_that_are_not_numpys():
    before = fingerprint_parts(RUN_MODULES)["blas"]
    import scipy.linalg  # noqa: F401  (SciPy loads its own OpenBLAS)

    assert fingerprint_parts(RUN_MODULES)["blas"] == before


def test_editing_any_module_a_run_executes_changes_the_key(tmp_path, monkeypatch):
    copy = tmp_path / "src"
    for package in ("engine", "runs"):
        shutil.copytree(ROOT / package, copy / package)
    monkeypatch.setattr(fingerprint, "PROJECT_ROOT", copy)
    code_fingerprint.cache_clear()
    original = code_fingerprint(RUN_MODULES)
    for module in ("runs/tasks.py", "runs/splits.py", "runs/train.py", "runs/data_dir.py"):
        path = copy / module
        path.write_text(path.read_text() + "\nEDITED = 1\n")
        code_fingerprint.cache_clear()
        edited = code_fingerprint(RUN_MODULES)
        assert edited != original, module
        original = edited
    code_fingerprint.cache_clear()


def test_layout_and_comments_leave_the_key_unchanged(tmp_path, monkeypatch):
    """The key digests each module's syntax tree: a comment, blank lines or a statement split
    over several lines execute the same code, so cached runs stay valid."""
    copy = tmp_path / "src"
    for package in ("engine", "runs"):
        shutil.copytree(ROOT / package, copy / package)
    monkeypatch.setattr(fingerprint, "PROJECT_ROOT", copy)
    code_fingerprint.cache_clear()
    original = code_fingerprint(RUN_MODULES)
    path = copy / "runs" / "train.py"
    path.write_text("# a comment\n\n" + path.read_text())
    code_fingerprint.cache_clear()
    assert code_fingerprint(RUN_MODULES) == original
    path.write_text(path.read_text() + "\n\nEDITED = (\n    1\n)  # why\n")
    code_fingerprint.cache_clear()
    with_statement = code_fingerprint(RUN_MODULES)
    path.write_text(path.read_text().replace("EDITED = (\n    1\n)  # why", "EDITED = 1"))
    code_fingerprint.cache_clear()
    assert code_fingerprint(RUN_MODULES) == with_statement != original
    code_fingerprint.cache_clear()


def test_numpy_or_blas_change_changes_the_key(monkeypatch):
    code_fingerprint.cache_clear()
    original = code_fingerprint(RUN_MODULES)
    monkeypatch.setattr(
        fingerprint,
        "blas_identity",
        lambda: [{"internal_api": "openblas", "version": "0.3.0", "architecture": "Prescott"}],
    )
    code_fingerprint.cache_clear()
    assert code_fingerprint(RUN_MODULES) != original
    code_fingerprint.cache_clear()


# A real Dask worker started from an edited copy of the source tree -------------------------


def _edited_tree(tmp_path) -> Path:
    """A copy of the project whose sweep task trains at twice the asked learning rate."""
    copy = tmp_path / "edited"
    for package in ("engine", "runs"):
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    tasks = copy / "runs" / "tasks.py"
    text = tasks.read_text()
    original = "history = train_run(spec, worker_dataset(source))"
    assert original in text
    tasks.write_text(
        text.replace(
            original, "history = train_run(replace(spec, eta=2 * spec.eta), worker_dataset(source))"
        )
    )
    return copy


def test_dask_worker_running_edited_code_is_refused_before_anything_is_stored(tmp_path, tiny_sweep):
    distributed = pytest.importorskip("distributed")
    from experiments.sweep import SweepError, run_sweep
    from runs.cache import open_result_cache
    from runs.executors import open_executor

    source, grid = tiny_sweep
    copy = _edited_tree(tmp_path)
    cache = open_result_cache(tmp_path / "cache")
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        environment = {**os.environ, "PYTHONPATH": str(copy)}
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_worker",
                cluster.scheduler_address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            ],
            cwd=copy,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with open_executor(scheduler=cluster.scheduler_address) as executor:
                client = executor._client
                client.wait_for_workers(1, timeout=60)
                remote = client.run(run_fingerprint)
                assert list(remote.values()) != [run_fingerprint()]
                with pytest.raises(SweepError, match="install the same version"):
                    run_sweep(grid.specs()[:2], source, executor, cache)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert not list((tmp_path / "cache").glob("*.json"))


def _run_fingerprint_in_subprocess(**environment) -> str:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from runs.fingerprint import run_fingerprint; print(run_fingerprint())",
        ],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_run_key_differs_when_numba_runs_the_step_as_python():
    compiled = _run_fingerprint_in_subprocess(NUMBA_DISABLE_JIT="0")
    interpreted = _run_fingerprint_in_subprocess(NUMBA_DISABLE_JIT="1")
    assert compiled != interpreted


def test_run_key_differs_when_the_general_step_replaces_the_compiled_one(monkeypatch):
    from engine import training

    monkeypatch.setattr(training, "COMPILED_STEP_AVAILABLE", True)
    compiled = fingerprint_parts(RUN_MODULES)
    monkeypatch.setattr(training, "COMPILED_STEP_AVAILABLE", False)
    assert fingerprint_parts(RUN_MODULES) != compiled
