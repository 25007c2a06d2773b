"""The MNIST phase's cost in results.json: ``environment.mnist_phase`` = {wall_seconds,
cpu_seconds, training_cpu_seconds, runs}, the phase's CPU counting its pool workers and the
training CPU measured inside each run (its place in results.json: tests/test_report_results.py)."""

import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np

from reports.build_phases import mnist_phase_cost
from runs.executors import train_runs
from runs.process_cpu import PhaseClock
from runs.spec import Dataset, RunSpec, seeds_of
from runs.train import TrainingCpu

BURN_SECONDS = 0.4


def _burn_cpu(seconds: float) -> float:
    started = time.process_time()
    while time.process_time() - started < seconds:
        pass
    return time.process_time() - started


def test_the_phase_clock_counts_the_cpu_of_pool_workers_ended_inside_it():
    with PhaseClock() as clock:
        with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
            burnt = sum(pool.map(_burn_cpu, [BURN_SECONDS] * 2))
    # the workers' own CPU (measured in them) is part of the phase's; the parent only waited
    assert clock.cpu_seconds >= burnt >= 2 * BURN_SECONDS
    assert clock.wall_seconds > 0


def _synthetic_dataset() -> Dataset:
    rng = np.random.default_rng(4)
    x, labels = rng.uniform(size=(200, 12)), rng.integers(0, 3, size=200)
    return Dataset(x, labels, {"validation": (x[:50], labels[:50])})


def test_train_runs_adds_each_trained_runs_own_cpu_in_workers_and_in_process():
    data = {"nielsen": _synthetic_dataset()}
    specs = seeds_of(RunSpec((12, 8, 3), "cross_entropy", 0.5, 2), range(3))
    for jobs in (1, 2):
        cpu = TrainingCpu()
        train_runs(specs, data, jobs=jobs, cpu=cpu)
        assert cpu.runs == 3
        assert cpu.seconds > 0


def test_the_phase_record_takes_the_runs_trained_and_their_cpu_from_the_experiment():
    clock = PhaseClock()
    clock.wall_seconds, clock.cpu_seconds = 12.0, 10.5
    mnist = {"timings": {"runs_trained": 4, "training_cpu_seconds": 9.5, "runs_cached": 7}}
    assert mnist_phase_cost(clock, mnist) == {
        "wall_seconds": 12.0,
        "cpu_seconds": 10.5,
        "training_cpu_seconds": 9.5,
        "runs": 4,
    }
    assert mnist_phase_cost(clock, {"status": "not run"})["runs"] == 0
