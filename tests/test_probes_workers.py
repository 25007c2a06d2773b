"""Probes of the worker processes as a user meets them: ``--jobs`` far above the machine's
CPUs, and workers that cannot be started (a process limit such as ``ulimit -u`` makes ``fork``
fail with EAGAIN; a thread limit stops the pool's manager thread). Each ends in one line, and
a failure to start is an error that ends the command at once, never a hang."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import STUB_BUILD_HEAD
from test_build_cli import run_main

import reports.build as build
import reports.build_phases as build_phases
from runs.executors import WorkerStartError, capped_jobs, default_jobs

ROOT = Path(__file__).resolve().parent.parent

# Prepended to a script: os.fork fails as under ``ulimit -u`` once FORKS processes were made.
FORK_LIMIT = """
import os
_forks, _real_fork = [0], os.fork


def _limited_fork():
    _forks[0] += 1
    if _forks[0] > FORKS:
        raise BlockingIOError(11, "Resource temporarily unavailable")
    return _real_fork()


os.fork = _limited_fork
"""

TINY_RUNS = """
import numpy as np
from runs.executors import train_runs
from runs.spec import Dataset, RunSpec, seeds_of

_rng = np.random.default_rng(3)
_x = _rng.uniform(0.0, 1.0, size=(32, 8))
_labels = _rng.integers(0, 4, size=32)
_evaluation = {"validation": (_x, _labels)}
DATA = {"nielsen": Dataset(train_x=_x, train_labels=_labels, evaluation=_evaluation)}
SPECS = seeds_of(RunSpec(sizes=(8, 5, 4), cost="quadratic", eta=1.0, epochs=1), range(6))
"""

TRAIN_OR_SAY_REFUSED = """
from runs.executors import WorkerStartError
try:
    train_runs(SPECS, DATA, jobs=2)
except WorkerStartError as error:
    print("refused:", error)
"""


def run_script(script: str, *arguments: str, timeout: float = 60) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MNIST_DIR": "/nonexistent-mnist"}
    return subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang fails the test instead of stalling the suite
    )


def test_jobs_above_the_usable_cpus_is_capped_with_one_line(tmp_path, phases, capsys):
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--jobs", "1000"], capsys)
    usable = default_jobs()
    assert code == build.EXIT_OK, err
    assert f"reports.build: --jobs 1000 capped at {usable}, the CPUs this process may use" in err
    assert phases.calls[-1] == ("mnist", "book", usable, None)


def test_jobs_within_the_usable_cpus_is_left_as_given_without_a_line():
    assert capped_jobs(1) == (1, None)
    assert capped_jobs(None) == (None, None)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_worker_that_cannot_be_forked_is_an_error_not_a_hang():
    script = "FORKS = 1\n" + FORK_LIMIT + TINY_RUNS + TRAIN_OR_SAY_REFUSED
    completed = run_script(script)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(
        "refused: could not start or keep 2 worker processes (Resource temporarily unavailable)"
    ), completed.stdout
    assert "Traceback" not in completed.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_pool_whose_manager_thread_cannot_start_is_an_error_not_a_hang():
    script = (
        TINY_RUNS
        + """
import threading

_real_start = threading._start_new_thread


def _no_manager_thread(function, arguments, *rest):
    if type(getattr(function, "__self__", None)).__name__ == "_ExecutorManagerThread":
        raise RuntimeError("can't start new thread")
    return _real_start(function, arguments, *rest)


threading._start_new_thread = _no_manager_thread
"""
        + TRAIN_OR_SAY_REFUSED
    )
    completed = run_script(script)
    assert completed.returncode == 0, completed.stderr
    assert "refused: could not start or keep 2 worker processes (can't start new thread)" in (
        completed.stdout
    )


def test_the_mnist_phase_lets_a_worker_start_failure_end_the_build(tmp_path, monkeypatch):
    def no_workers(*arguments, **keywords):
        raise WorkerStartError(2, BlockingIOError(11, "Resource temporarily unavailable"))

    monkeypatch.setattr(build_phases, "run_mnist_experiments", no_workers)
    with pytest.raises(WorkerStartError):
        build_phases.run_mnist_phase("quick", tmp_path, 2, str(tmp_path / "cache"))


@pytest.mark.end_to_end
@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_build_whose_workers_cannot_start_ends_with_exit_3_and_one_line(tmp_path):
    script = (
        "FORKS = 1\n"
        + FORK_LIMIT
        + TINY_RUNS
        + STUB_BUILD_HEAD
        + """
def mnist_phase(profile, mnist_dir, jobs, cache_dir, seeds=None):
    train_runs(SPECS, DATA, jobs=2)


build.run_mnist_phase = mnist_phase
sys.exit(build.main(sys.argv[1:]))
"""
    )
    out = tmp_path / "report"
    completed = run_script(script, "--out", str(out), "--no-download", "--jobs", "2")
    assert completed.returncode == 3, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert lines[-1].startswith(
        "reports.build: error: could not start or keep 2 worker processes"
    ), completed.stderr
    assert "Traceback" not in completed.stderr
    assert not out.exists() or not (out / "results.json").exists()
