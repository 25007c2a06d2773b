"""The learning-rate sweep: quadratic against cross-entropy cost, each at its own tuned rate.

Chapter 3 compares the two costs on MNIST with hyper-parameters that were not optimised for
either, and says so. This command does the optimisation: for each network size and cost it
trains every learning rate of a log grid at several seeds, picks the rate with the highest mean
validation accuracy, and compares the two costs' test accuracies at their chosen rates
(:mod:`reports.sweep.summary`).

Each (size, cost, learning rate, seed) is one task, :func:`runs.executors.run_task`, run on a
``concurrent.futures.Executor``: a local process pool (``--jobs N``) or a Dask cluster
(``--scheduler tcp://HOST:PORT``). Every finished result is written to the report's result cache
as it arrives and runs already there are skipped, so an interrupted sweep resumes where it
stopped. Before starting, the command prints what the remaining runs will cost in CPU-hours,
from one epoch of each configuration timed on this machine.

    python -m reports.sweep --jobs 2                       # the default sweep, local processes
    python -m reports.sweep --scheduler tcp://HOST:8786    # the same on a Dask cluster
    python -m reports.sweep --dry-run                      # the plan and its cost only
    python -m reports.sweep --bench                        # throughput, 2 processes vs 1
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from typing import Callable, Sequence, TextIO

from engine.runs import RunSpec, default_jobs, training_cost
from engine.training import TrainingHistory
from runs.cache import ResultCache
from runs.executors import (
    DataSource,
    MnistSource,
    SchedulerError,
    check_scheduler_address,
    load_source,
    open_executor,
    run_task,
    worker_count,
)
from runs.cache import open_result_cache
from runs.timing import epoch_seconds
from reports.sweep.summary import format_summary, summarize

COSTS = ("cross_entropy", "quadratic")
COST_LABELS = {"cross_entropy": "cross-entropy", "quadratic": "quadratic"}
# A log grid through the book's own rates, 0.5 (cross-entropy) and 3.0 (quadratic): half-steps
# of their ratio 6, 0.5 x 6^(k/2) for k = -3..4, to four significant figures: 0.03402, 0.08333,
# 0.2041, 0.5, 1.225, 3, 7.348, 18. At 0.5 and 3.0 a sweep run is the report's book-profile run
# of the same size, cost and seed (same spec, hence the same cache entry), so it is reused.
BOOK_ETAS = (0.5, 3.0)
DEFAULT_ETAS = tuple(float(f"{0.5 * 6 ** (k / 2):.4g}") for k in range(-3, 5))
DEFAULT_SIZES = ((784, 30, 10), (784, 100, 10))
DEFAULT_SEEDS = 5
DEFAULT_EPOCHS = 30
MNIST_INPUTS, MNIST_CLASSES = 784, 10


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
            sizes=tuple(sizes), cost=cost, eta=eta, epochs=self.epochs, seed=seed,
            split=self.split, train_size=self.train_size,
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


def replication_runs(grid: "SweepGrid") -> set[RunSpec]:
    """The runs of ``grid`` that the report's book profile trains anyway: each sigmoid-output
    configuration of :mod:`experiments.mnist_configs` at its own (the book's) rate."""
    from experiments.mnist_configs import CONFIGS

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
    different code (a worker whose fingerprint, :func:`runs.executors.run_fingerprint`, is
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
    (:func:`runs.timing.epoch_seconds`, timed at eta = 0.1: the rate does not change the
    work)."""
    data = load_source(source)
    return {
        (tuple(sizes), cost): epoch_seconds(
            RunSpec(tuple(sizes), cost, 0.1, 1, train_size=grid.train_size), data,
            probe_examples, repeats)
        for sizes in grid.sizes for cost in grid.costs
    }


def estimate_text(
    specs: Sequence[RunSpec], pending: Sequence[RunSpec], epoch_seconds: dict, workers: int | None
) -> str:
    """The plan and its cost, as printed before a sweep starts."""
    cpu_seconds = sum(s.epochs * epoch_seconds[(s.sizes, s.cost)] for s in pending)
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
    source: DataSource, tasks: int = 6, train_size: int = 20000, epochs: int = 2,
    repeats: int = 3, out: TextIO = sys.stdout,
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
        RunSpec((784, 30, 10), "cross_entropy", 0.1, epochs, seed=seed, split=source.split,
                train_size=train_size)
        for seed in range(tasks)
    ]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"benchmark: {tasks} tasks of {specs[0].sizes} on {train_size} examples, "
          f"{epochs} epochs; {cores} cores; load average before: "
          f"{os.getloadavg()[0]:.2f}", file=out, flush=True)
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
        print(f"{jobs} process(es): {tasks} tasks in {seconds:.2f} s (fastest of {repeats}), "
              f"{throughput[jobs]:.3f} tasks/s; {cpu / tasks:.2f} CPU-s per task, "
              f"{cpu / seconds:.2f} cores obtained", file=out)
    speedup = throughput[2] / throughput[1]
    print(f"speed-up 2 vs 1 processes: {speedup:.2f}x (target at least 1.7x); load average "
          f"after: {os.getloadavg()[0]:.2f}. Equal CPU-s per task with fewer cores obtained "
          "than processes means other load on the machine, not the sweep, held it back.",
          file=out)
    return {"tasks": tasks, "wall_and_cpu_seconds": fastest, "throughput": throughput,
            "speedup": speedup}


def _children_cpu_seconds() -> float:
    """User + system CPU time of this process's waited-for child processes."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Command line ------------------------------------------------------------------------------


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive finite number, found {text!r}")
    return value


def parse_etas(text: str) -> tuple[float, ...]:
    """``"0.01,0.1,1"`` -> (0.01, 0.1, 1.0): distinct positive finite learning rates."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"expected comma-separated learning rates, found {text!r}")
    etas = []
    for item in items:
        try:
            eta = _positive_float(item)
        except argparse.ArgumentTypeError as error:
            raise argparse.ArgumentTypeError(f"learning rate {item!r}: {error}") from None
        etas.append(eta)
    if len(set(etas)) != len(etas):
        raise argparse.ArgumentTypeError(f"expected distinct learning rates, found {text!r}")
    return tuple(sorted(etas))


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"784,30,10"`` -> (784, 30, 10): an MNIST network, 784 inputs and 10 outputs."""
    try:
        sizes = tuple(int(item) for item in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected layer sizes like 784,30,10, found {text!r}"
        ) from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(
            f"expected at least two positive layer sizes, found {text!r}"
        )
    if sizes[0] != MNIST_INPUTS or sizes[-1] != MNIST_CLASSES:
        raise argparse.ArgumentTypeError(
            f"expected {MNIST_INPUTS} inputs and {MNIST_CLASSES} outputs for MNIST, found {text!r}"
        )
    return sizes


def build_parser() -> argparse.ArgumentParser:
    from reports.cli_types import positive_int
    from runs.data_dir import add_mnist_dir_argument

    parser = argparse.ArgumentParser(
        prog="python -m reports.sweep",
        description=(
            "Tune the learning rate of the quadratic and the cross-entropy cost on MNIST "
            "(validation accuracy) and compare their test accuracies at the tuned rates across "
            "seeds. Runs go to the result cache as they finish; run the command again to resume."
        ),
        epilog=(
            "Cluster: start a scheduler (dask scheduler) and workers (dask worker tcp://HOST:8786 "
            "--nthreads 1) on machines with this project installed and the MNIST files at the "
            "--mnist-dir path (or at the worker's $MNIST_DIR), then pass --scheduler "
            "tcp://HOST:8786. Needs the extra: pip install 'nnclaims[distributed]'."
        ),
    )
    add_mnist_dir_argument(parser)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=positive_int, metavar="N", default=None,
                       help=f"local worker processes (default: one per core, {default_jobs()})")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", default=None,
                       help="run on the Dask cluster whose scheduler listens at this address")
    parser.add_argument("--connect-timeout", type=_positive_float, metavar="SECONDS",
                        default=10.0, help="give up reaching the scheduler after this long "
                        "(default: 10)")
    parser.add_argument("--cache-dir", metavar="DIR", default=None,
                        help="result cache (default: $NNCLAIMS_CACHE_DIR, else the per-user "
                        "cache, as for the report)")
    parser.add_argument("--epochs", type=positive_int, metavar="N", default=DEFAULT_EPOCHS,
                        help=f"epochs per run (default: {DEFAULT_EPOCHS})")
    parser.add_argument("--seeds", type=positive_int, metavar="N", default=DEFAULT_SEEDS,
                        help=f"seeds 0..N-1 per configuration (default: {DEFAULT_SEEDS})")
    parser.add_argument("--etas", type=parse_etas, metavar="LIST", default=DEFAULT_ETAS,
                        help="comma-separated learning rates (default: "
                        + ",".join(f"{eta:g}" for eta in DEFAULT_ETAS) + ")")
    parser.add_argument("--sizes", type=parse_sizes, nargs="+", metavar="L0,L1,...",
                        default=DEFAULT_SIZES, help="network layer sizes, one or more "
                        "(default: 784,30,10 784,100,10)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the plan and its estimated cost, run nothing")
    parser.add_argument("--bench", action="store_true",
                        help="measure sweep throughput on 2 local processes against 1 and exit")
    return parser


def _progress(total: int):
    disabled = not sys.stderr.isatty() or bool(os.environ.get("CI"))
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="run", desc="sweep", disable=disabled)


def _run_pending(args, grid, source, cache, specs, pending, out) -> SweepOutcome:
    """Connect or start the workers, print the cost estimate, then run with a progress bar."""
    with open_executor(args.jobs, args.scheduler, args.connect_timeout) as executor:
        # Measured after connecting (an unreachable scheduler fails at once) and before any
        # task is submitted (so a local pool forks after the data is loaded here, and shares it).
        epoch_seconds = measure_epoch_seconds(grid, source)
        print(estimate_text(specs, pending, epoch_seconds, worker_count(executor)),
              file=out, flush=True)
        bar = _progress(len(pending))
        try:
            return run_sweep(
                specs, source, executor, cache,
                on_result=(lambda spec: bar.update()) if bar is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()


def report_failures(failures: Sequence[tuple[RunSpec, str]], out: TextIO) -> None:
    """One paragraph per distinct error: how many runs it stopped, the first of them, the error
    (a misconfigured cluster fails every run the same way; one line says so)."""
    by_message: dict[str, list[RunSpec]] = {}
    for spec, message in failures:
        by_message.setdefault(message, []).append(spec)
    for message, specs in by_message.items():
        print(f"{len(specs)} run(s) failed, the first {specs[0]}:\n  {message}", file=out)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.bench and args.scheduler:
        parser.error("--bench measures local processes; it does not take --scheduler")
    if args.scheduler is not None:
        try:
            check_scheduler_address(args.scheduler)
        except SchedulerError as error:
            parser.error(str(error))
    from runs.data_dir import resolve_mnist_dir
    from runs.mnist import MnistError
    from reports.output import OutputLocationError, check_cache_location

    try:
        if not (args.dry_run or args.bench):
            # every way of naming the cache (--cache-dir, $NNCLAIMS_CACHE_DIR, the default) is
            # checked before any work, so that no run is trained only to be lost
            check_cache_location(args.cache_dir)
        source = MnistSource(str(resolve_mnist_dir(args.mnist_dir)))
        if args.bench:
            benchmark(source, out=out)
            return 0
        grid = SweepGrid(
            sizes=tuple(args.sizes), etas=tuple(args.etas), seeds=tuple(range(args.seeds)),
            epochs=args.epochs, split=source.split,
        )
        cache = open_result_cache(args.cache_dir)
        specs = grid.specs()
        pending = [spec for spec in specs if spec not in cache]
        print(f"result cache: {cache.directory} (code {cache.fingerprint})", file=out)
        if args.dry_run:
            epoch_seconds = measure_epoch_seconds(grid, source) if pending else {}
            workers = args.jobs or (None if args.scheduler else default_jobs())
            print(estimate_text(specs, pending, epoch_seconds, workers), file=out)
            return 0
        if pending:
            outcome = _run_pending(args, grid, source, cache, specs, pending, out)
            print(f"ran {outcome.computed} runs, {outcome.cached} were cached, "
                  f"{len(outcome.failures)} failed", file=out)
        else:
            outcome = SweepOutcome(cached=len(specs))
            print(f"all {len(specs)} runs are cached", file=out)
    except (MnistError, SchedulerError, SweepError, ValueError, OutputLocationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished runs are in the cache; run the same command to resume",
              file=sys.stderr)
        return 130
    report_failures(outcome.failures, sys.stderr)
    summary = summarize(cache, grid, COST_LABELS)
    if summary is not None:
        print(format_summary(summary), file=out)
    return 1 if outcome.failures else 0

