"""The command line of the learning-rate sweep (:mod:`experiments.sweep`): ``python -m
reports.sweep``.

    python -m reports.sweep --jobs 2                       # the default sweep, local processes
    python -m reports.sweep --scheduler tcp://HOST:8786    # the same on a Dask cluster
    python -m reports.sweep --dry-run                      # the plan and its cost only
    python -m reports.sweep --bench                        # throughput, 2 processes vs 1
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from typing import TextIO

from experiments.sweep import (
    COST_LABELS,
    DEFAULT_EPOCHS,
    DEFAULT_ETAS,
    DEFAULT_SEEDS,
    DEFAULT_SIZES,
    SweepError,
    SweepGrid,
    benchmark,
    estimate_text,
    measure_epoch_seconds,
    run_missing,
)
from experiments.sweep_summary import format_summary, summarize
from reports.cli_types import positive_int
from reports.output import OutputLocationError, check_cache_location
from runs.cache import open_result_cache
from runs.dask_cluster import SchedulerError, check_scheduler_address
from runs.data_dir import add_mnist_dir_argument, resolve_mnist_dir
from runs.executors import WorkerStartError, capped_jobs, default_jobs
from runs.mnist import MnistError
from runs.spec import RunSpec
from runs.tasks import MnistSource

MNIST_INPUTS, MNIST_CLASSES = 784, 10


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


def add_where_arguments(parser: argparse.ArgumentParser) -> None:
    """Where the runs train and their results go: MNIST, local processes or a Dask cluster, the
    result cache."""
    add_mnist_dir_argument(parser)
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs",
        type=positive_int,
        metavar="N",
        default=None,
        help=f"local worker processes (default: one per core, {default_jobs()})",
    )
    where.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        default=None,
        help="run on the Dask cluster whose scheduler listens at this address",
    )
    parser.add_argument(
        "--connect-timeout",
        type=_positive_float,
        metavar="SECONDS",
        default=10.0,
        help="give up reaching the scheduler after this long (default: 10)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=None,
        help="result cache (default: $NNCLAIMS_CACHE_DIR, else the per-user "
        "cache, as for the report)",
    )


def build_parser() -> argparse.ArgumentParser:
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
    add_where_arguments(parser)
    parser.add_argument(
        "--epochs",
        type=positive_int,
        metavar="N",
        default=DEFAULT_EPOCHS,
        help=f"epochs per run (default: {DEFAULT_EPOCHS})",
    )
    parser.add_argument(
        "--seeds",
        type=positive_int,
        metavar="N",
        default=DEFAULT_SEEDS,
        help=f"seeds 0..N-1 per configuration (default: {DEFAULT_SEEDS})",
    )
    parser.add_argument(
        "--etas",
        type=parse_etas,
        metavar="LIST",
        default=DEFAULT_ETAS,
        help="comma-separated learning rates (default: "
        + ",".join(f"{eta:g}" for eta in DEFAULT_ETAS)
        + ")",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        nargs="+",
        metavar="L0,L1,...",
        default=DEFAULT_SIZES,
        help="network layer sizes, one or more (default: 784,30,10 784,100,10)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the plan and its estimated cost, run nothing"
    )
    parser.add_argument(
        "--bench",
        action="store_true",
        help="measure sweep throughput on 2 local processes against 1 and exit",
    )
    return parser


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
    if args.scheduler is None:
        args.jobs, capped = capped_jobs(args.jobs)
        if capped:
            print(capped, file=sys.stderr)
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
            sizes=tuple(args.sizes),
            etas=tuple(args.etas),
            seeds=tuple(range(args.seeds)),
            epochs=args.epochs,
            split=source.split,
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
        outcome = run_missing(
            grid, source, cache, args.jobs, args.scheduler, args.connect_timeout, out
        )
        if pending:
            print(
                f"ran {outcome.computed} runs, {outcome.cached} were cached, "
                f"{len(outcome.failures)} failed",
                file=out,
            )
        else:
            print(f"all {len(specs)} runs are cached", file=out)
    except (MnistError, SchedulerError, SweepError, ValueError, OutputLocationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except WorkerStartError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(
            "interrupted: finished runs are in the cache; run the same command to resume",
            file=sys.stderr,
        )
        return 130
    report_failures(outcome.failures, sys.stderr)
    summary = summarize(cache, grid, COST_LABELS)
    if summary is not None:
        print(format_summary(summary), file=out)
    return 1 if outcome.failures else 0
