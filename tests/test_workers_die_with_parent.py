"""Pool workers never outlive their parent: after ``kill -9`` of the process that started them
(the report build's pool, the sweep's pool, the sweep command itself) every worker is gone
within seconds, instead of living on under PID 1 with its copy of the data."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

ROOT = Path(__file__).resolve().parent.parent
# The death signal acts at once; the fallback watchdog polls every 0.5 s. 15 s covers either on a
# loaded machine; a surviving worker (the failure guarded against) lives for ever.
DEATH_SECONDS = 15.0


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has exited, only its entry remains


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _wait_for_children(process, count: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        children = [pid for pid in _children(process.pid) if _alive(pid)]
        if len(children) >= count:
            return children
        time.sleep(0.2)
    raise AssertionError(f"expected {count} worker processes within {seconds} s")


def _kill_parent_and_check_workers_end(process, workers: list[int]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + DEATH_SECONDS
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"workers {survivors} outlived their parent by {DEATH_SECONDS} s"


POOL_SCRIPTS = {
    "the local pool (the sweep's executor)": """
        import time
        from runs.executors import local_pool
        pool = local_pool(2)
        futures = [pool.submit(time.sleep, 600) for _ in range(2)]
        time.sleep(600)
    """,
    "train_runs (the report's MNIST runs)": """
        import time
        import numpy as np
        from runs import executors
        from runs.spec import Dataset, RunSpec
        executors.timed_train_run = lambda spec, data: time.sleep(600)
        data = {"nielsen": Dataset(np.zeros((1, 2)), np.zeros(1, dtype=int))}
        specs = [RunSpec((2, 2), "cross_entropy", 0.5, 1, seed=seed) for seed in range(2)]
        executors.train_runs(specs, data, jobs=2)
    """,
}


@pytest.mark.parametrize("pool", sorted(POOL_SCRIPTS))
def test_pool_workers_end_when_their_parent_is_killed(pool):
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(POOL_SCRIPTS[pool])],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        workers = _wait_for_children(process, 2, 60)
        _kill_parent_and_check_workers_end(process, workers)
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.end_to_end
def test_sweep_command_workers_end_when_it_is_killed(real_mnist_dir, tmp_path):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reports.sweep",
            "--jobs",
            "2",
            "--mnist-dir",
            str(real_mnist_dir),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--seeds",
            "2",
            "--etas",
            "1",
            "--sizes",
            "784,30,10",
            "--epochs",
            "30",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        workers = _wait_for_children(process, 2, 180)
        _kill_parent_and_check_workers_end(process, workers)
    finally:
        if process.poll() is None:
            process.kill()
