"""The learning-rate sweep, an experiment: quadratic against cross-entropy cost, each at its own
tuned rate.

Chapter 3 compares the two costs on MNIST with hyper-parameters that were not optimised for
either, and says so. The sweep does the optimisation: for each network size and cost it trains
every learning rate of a log grid at several seeds, picks the rate with the highest mean
validation accuracy, and compares the two costs' test accuracies at their chosen rates
(:mod:`experiments.sweep_summary`).

Each (size, cost, learning rate, seed) is one task, :func:`runs.tasks.run_task`, run on an
executor of :func:`runs.executors.open_executor`: a local process pool or a Dask cluster. Every
finished result is written to the result cache as it arrives and runs already there are
skipped, so an interrupted sweep resumes where it stopped (:func:`run_missing`). Before starting,
it prints what the remaining runs will cost in CPU-hours, from one epoch of each configuration
timed on this machine. The command line is ``python -m reports.sweep``.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, as_completed
from dataclasses import dataclass, field
from typing import TextIO

from engine.training import TrainingHistory
from experiments.mnist_configs import CONFIGS, CROSS_ENTROPY_ETA, QUADRATIC_ETA
from experiments.sweep_summary import summarize
from runs.cache import ResultCache, open_result_cache
from runs.executors import open_executor, worker_count
from runs.spec import RunSpec, training_cost
from runs.tasks import DataSource, load_source, run_task
from runs.timing import epoch_seconds, runs_cpu_seconds

COSTS = ("cross_entropy", "quadratic")
COST_LABELS = {"cross_entropy": "cross-entropy", "quadratic": "quadratic"}
# A log grid through the book's own rates, 0.5 (cross-entropy) and 3.0 (quadratic): half-steps
# of their ratio 6, 0.5 x 6^(k/2) for k = -3..4, to four significant figures: 0.03402, 0.08333,
# 0.2041, 0.5, 1.225, 3, 7.348, 18. At 0.5 and 3.0 a sweep run is the report's book-profile run
# of the same size, cost and seed (same spec, hence the same cache entry), so it is reused.
DEFAULT_ETAS = tuple(
    float(f"{CROSS_ENTROPY_ETA * (QUADRATIC_ETA / CROSS_ENTROPY_ETA) ** (k / 2):.4g}")
    for k in range(-3, 5)
)
DEFAULT_SIZES = ((784, 30, 10), (784, 100, 10))
DEFAULT_SEEDS = 5
DEFAULT_EPOCHS = 30
PROBE_ETA = 0.1
"""The learning rate of the runs that time an epoch and of the throughput benchmark: the rate
does not change the work of an epoch."""


@dataclass(frozen=True)
class SweepGrid:
    """sizes x costs x etas x seeds, each trained ``epochs`` epochs with the spec's defaults
    (mini-batch 10, sigmoid output, the chapter's large-weight initialiser, float64)."""

    sizes: tuple[tuple[int, ...], ...] = DEFAULT_SIZES
    costs: tuple[str, ...] = COSTS
    etas: tuple[float, ...] = DEFAULT_ETAS
    seeds: tuple[int, ...] = tuple(range(DEFAULT_SEEDS))
    epochs: int = DEFAULT_EPOCHS
    split: str = "nielsen"
    train_size: int | None = None

    def spec(self, sizes: Sequence[int], cost: str, eta: float, seed: int) -> RunSpec:
        return RunSpec(
            sizes=tuple(sizes),
            cost=cost,
            eta=eta,
            epochs=self.epochs,
            seed=seed,
            split=self.split,
            train_size=self.train_size,
        )

    def specs(self) -> list[RunSpec]:
        """Every run; the seed varies slowest, so a partial sweep covers the whole grid early."""
        return [
            self.spec(sizes, cost, eta, seed)
            for seed in self.seeds
            for sizes in self.sizes
            for cost in self.costs
            for eta in self.etas
        ]


DEFAULT_GRID = SweepGrid()


def replication_runs(grid: SweepGrid) -> set[RunSpec]:
    """The runs of ``grid`` that the report's book profile trains anyway: each sigmoid-output
    configuration of :mod:`experiments.mnist_configs` at its own (the book's) rate."""
    book_rates = {(c.sizes, c.cost, c.eta) for c in CONFIGS if c.output == "sigmoid"}
    return {spec for spec in grid.specs() if (spec.sizes, spec.cost, spec.eta) in book_rates}


def summary_for_report(cache: ResultCache) -> dict | None:
    """The tuned comparison of the default sweep for the report; None until the sweep itself
    has run (the cache holds none of its runs besides the replication's, which alone would
    make every "tuned" rate the book's)."""
    shared = replication_runs(DEFAULT_GRID)
    if not any(spec in cache for spec in DEFAULT_GRID.specs() if spec not in shared):
        return None
    return summarize(cache, DEFAULT_GRID, COST_LABELS)


class SweepError(RuntimeError):
    """A sweep cannot go on (e.g. workers run different engine code)."""


@dataclass
class SweepOutcome:
    cached: int = 0
    computed: int = 0
    failures: list[tuple[RunSpec, str]] = field(default_factory=list)


def run_sweep(
    specs: Sequence[RunSpec],
    source: DataSource,
    executor: Executor,
    cache: ResultCache,
    on_result: Callable[[RunSpec], None] | None = None,
) -> SweepOutcome:
    """Run every spec not already in ``cache`` on ``executor``; store each result as it arrives.

    A run that raises is reported in the outcome and the others go on. A result computed by
    different code (a worker whose fingerprint, :func:`runs.fingerprint.run_fingerprint`, is
    not the cache's: other project source, NumPy or BLAS) stops the sweep before it is stored,
    since it would be stored under the wrong key.
    """
    outcome = SweepOutcome()
    pending = []
    for spec in dict.fromkeys(specs):
        if spec in cache:
            outcome.cached += 1
        else:
            pending.append(spec)
    # the costliest first, so the workers finish close together (every run of a sweep sees the
    # same training set, so the cost ranks them whatever its size)
    pending.sort(key=lambda spec: -training_cost(spec, 1 << 62))
    futures = {executor.submit(run_task, spec, source): spec for spec in pending}
    try:
        for future in as_completed(futures):
            spec = futures[future]
            try:
                result = future.result()
            except BrokenExecutor:  # not this run's failure: the workers are gone
                raise
            except Exception as error:  # a failed run is reported, the sweep goes on
                outcome.failures.append((spec, f"{type(error).__name__}: {error}"))
                continue
            if result["engine"] != cache.fingerprint:
                raise SweepError(
                    f"a worker ran code {result['engine']}, this process has "
                    f"{cache.fingerprint} (the source of the modules a run executes, NumPy's "
                    "version and BLAS must match); its result is not stored: install the same "
                    "version of the project, NumPy and BLAS on the workers"
                )
            cache.put(spec, TrainingHistory.from_dict(result["history"]))
            outcome.computed += 1
            if on_result is not None:
                on_result(spec)
    finally:
        for future in futures:
            future.cancel()
    return outcome


# Cost estimate -----------------------------------------------------------------------------


def measure_epoch_seconds(
    grid: SweepGrid, source: DataSource, probe_examples: int = 5000, repeats: int = 2
) -> dict[tuple[tuple[int, ...], str], float]:
    """CPU seconds one epoch takes per (sizes, cost), on one core of this machine
    (:func:`runs.timing.epoch_seconds`, timed at :data:`PROBE_ETA`)."""
    data = load_source(source)
    return {
        (tuple(sizes), cost): epoch_seconds(
            RunSpec(tuple(sizes), cost, PROBE_ETA, 1, train_size=grid.train_size),
            data,
            probe_examples,
            repeats,
        )
        for sizes in grid.sizes
        for cost in grid.costs
    }


def estimate_text(
    specs: Sequence[RunSpec], pending: Sequence[RunSpec], epoch_seconds: dict, workers: int | None
) -> str:
    """The plan and its cost, as printed before a sweep starts."""
    cpu_seconds = runs_cpu_seconds(pending, lambda spec: epoch_seconds[(spec.sizes, spec.cost)])
    per_epoch = ", ".join(
        f"{list(sizes)} {COST_LABELS.get(cost, cost)} {value:.2f} s"
        for (sizes, cost), value in epoch_seconds.items()
    )
    lines = [
        f"sweep: {len(specs)} runs, {len(specs) - len(pending)} already cached, "
        f"{len(pending)} to run ({sum(s.epochs for s in pending)} epochs)",
        f"CPU time of one epoch, timed now on this machine: {per_epoch}",
        f"estimated cost of the runs to go: {cpu_seconds / 3600:.2f} CPU-hours "
        f"({cpu_seconds / 60:.1f} CPU-minutes)",
    ]
    if workers:
        lines.append(
            f"with {workers} workers as fast as this core: about "
            f"{cpu_seconds / workers / 3600:.2f} hours of wall-clock time"
        )
    return "\n".join(lines)


# Benchmark ---------------------------------------------------------------------------------


def benchmark(
    source: DataSource,
    tasks: int = 6,
    train_size: int = 20000,
    epochs: int = 2,
    repeats: int = 3,
    out: TextIO = sys.stdout,
) -> dict:
    """Sweep throughput (tasks per second) on 1 and on 2 local processes, and their ratio.

    The tasks are sweep tasks of the [784, 30, 10] network on ``train_size`` examples, results
    going to a throw-away cache, so the measurement includes everything a sweep does per task.
    Each pool size is timed ``repeats`` times, alternating, and its fastest time kept: load from
    other processes only ever slows a measurement down. The load average is printed alongside,
    since on a busy machine two processes cannot reach two cores' worth of throughput.
    """
    load_source(source)  # read once in the parent, shared with the forked workers
    specs = [
        RunSpec(
            (784, 30, 10),
            "cross_entropy",
            PROBE_ETA,
            epochs,
            seed=seed,
            split=source.split,
            train_size=train_size,
        )
        for seed in range(tasks)
    ]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"benchmark: {tasks} tasks of {specs[0].sizes} on {train_size} examples, "
        f"{epochs} epochs; {cores} cores; load average before: "
        f"{os.getloadavg()[0]:.2f}",
        file=out,
        flush=True,
    )
    fastest = {1: (math.inf, 0.0), 2: (math.inf, 0.0)}  # jobs -> (wall s, workers' CPU s)
    for _ in range(repeats):
        for jobs in fastest:
            children_before = _children_cpu_seconds()
            with tempfile.TemporaryDirectory() as directory:
                with open_executor(jobs=jobs) as executor:
                    start = time.perf_counter()
                    outcome = run_sweep(specs, source, executor, open_result_cache(directory))
                    elapsed = time.perf_counter() - start
            # The pool's workers have exited and been waited for: their CPU time is counted.
            cpu = _children_cpu_seconds() - children_before
            if outcome.failures:
                raise SweepError(f"benchmark task failed: {outcome.failures[0][1]}")
            fastest[jobs] = min(fastest[jobs], (elapsed, cpu))
    throughput = {jobs: tasks / seconds for jobs, (seconds, _) in fastest.items()}
    for jobs, (seconds, cpu) in fastest.items():
        print(
            f"{jobs} process(es): {tasks} tasks in {seconds:.2f} s (fastest of {repeats}), "
            f"{throughput[jobs]:.3f} tasks/s; {cpu / tasks:.2f} CPU-s per task, "
            f"{cpu / seconds:.2f} cores obtained",
            file=out,
        )
    speedup = throughput[2] / throughput[1]
    print(
        f"speed-up 2 vs 1 processes: {speedup:.2f}x (target at least 1.7x); load average "
        f"after: {os.getloadavg()[0]:.2f}. Equal CPU-s per task with fewer cores obtained "
        "than processes means other load on the machine, not the sweep, held it back.",
        file=out,
    )
    return {
        "tasks": tasks,
        "wall_and_cpu_seconds": fastest,
        "throughput": throughput,
        "speedup": speedup,
    }


def _children_cpu_seconds() -> float:
    """User + system CPU time of this process's waited-for child processes."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _progress(total: int):
    disabled = not sys.stderr.isatty() or bool(os.environ.get("CI"))
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="run", desc="sweep", disable=disabled)


def run_missing(
    grid: SweepGrid,
    source: DataSource,
    cache: ResultCache,
    jobs: int | None = None,
    scheduler: str | None = None,
    connect_timeout: float = 10.0,
    out: TextIO = sys.stdout,
) -> SweepOutcome:
    """Run the runs of ``grid`` missing from ``cache`` on a local pool of ``jobs`` processes or
    the Dask cluster at ``scheduler``, after printing the plan and its estimated cost to ``out``;
    a progress bar on standard error when it is a terminal."""
    specs = grid.specs()
    pending = [spec for spec in specs if spec not in cache]
    if not pending:
        return SweepOutcome(cached=len(specs))
    with open_executor(jobs, scheduler, connect_timeout) as executor:
        # Measured after connecting (an unreachable scheduler fails at once) and before any
        # task is submitted (so a local pool forks after the data is loaded here, and shares it).
        seconds = measure_epoch_seconds(grid, source)
        print(estimate_text(specs, pending, seconds, worker_count(executor)), file=out, flush=True)
        bar = _progress(len(pending))
        try:
            return run_sweep(
                specs,
                source,
                executor,
                cache,
                on_result=(lambda spec: bar.update()) if bar is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()
