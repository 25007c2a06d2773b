"""The benchmark command: the engine's training speed on MNIST against the book's own algorithm,
the matrix-multiply peak, one step against its products, and multi-seed throughput.

``python -m runs.bench [--mnist-dir DIR] [--epochs N] [--json PATH] [--steps-only] ...``

The measurements of the engine are :mod:`engine.bench`'s (see there for what each one times);
this command loads MNIST, runs them and prints one line per figure, and adds the multi-seed
throughput: K seeds through :func:`runs.executors.train_runs` with one worker process per core
against the same K runs trained one at a time in this process (:func:`runs.train.train_run`;
same epochs, same examples), and whether both gave identical histories. ``--json PATH`` also
writes the figures as JSON (written atomically).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence

from threadpoolctl import threadpool_info

from engine.bench import (
    CONFIGS,
    COST,
    ETA,
    INIT,
    MINI_BATCH_SIZE,
    gemm_flops_per_second,
    time_engine_and_reference,
    time_step_and_matmuls,
    training_flops_per_example,
)
from engine.byte_inputs import ByteInputs
from runs.atomic import write_atomically
from runs.data_dir import add_mnist_dir_argument, resolve_mnist_dir
from runs.executors import default_jobs, train_runs
from runs.mnist import MAX_PIXEL_VALUE, MnistError, load_mnist
from runs.spec import Dataset, RunSpec, seeds_of
from runs.train import train_run


def time_multi_seed(sizes, dtype, images, labels, k, epochs, jobs, rounds):
    """(sequential seconds, pool seconds, identical histories?) for K seeds of one config, each
    total over ``rounds`` alternations of the two (so both see the same machine load)."""
    data = {"nielsen": Dataset(train_x=images, train_labels=labels)}
    base = RunSpec(
        sizes=tuple(sizes),
        cost=COST,
        eta=ETA,
        epochs=epochs,
        mini_batch_size=MINI_BATCH_SIZE,
        init=INIT,
        dtype=dtype,
    )
    specs = seeds_of(base, range(k))
    sequential_seconds = parallel_seconds = 0.0
    identical = True
    for _ in range(rounds):
        start = time.perf_counter()
        sequential = [train_run(spec, data["nielsen"]) for spec in specs]
        sequential_seconds += time.perf_counter() - start
        start = time.perf_counter()
        parallel = train_runs(specs, data, jobs=jobs)
        parallel_seconds += time.perf_counter() - start
        identical &= [h.to_dict() for h in sequential] == [h.to_dict() for h in parallel]
    return sequential_seconds, parallel_seconds, identical


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


# (option, default, help) of the benchmark's positive whole-number options
COUNT_OPTIONS = (
    ("--epochs", 3, "epochs per configuration; the median is reported (default 3)"),
    ("--train-size", 50_000, "training examples per epoch (default 50000, all of them)"),
    (
        "--reference-size",
        5_000,
        "examples of each epoch the reference actually trains on; its "
        "time is extrapolated to --train-size (default 5000)",
    ),
    ("--seeds", 8, "K, the number of seeds in the multi-seed comparison (default 8)"),
    ("--multi-seed-epochs", 1, "epochs of each multi-seed run (default 1)"),
    ("--multi-seed-train-size", 50_000, "training examples of each multi-seed run (default 50000)"),
    ("--multi-seed-rounds", 2, "alternations of sequential and pooled multi-seed runs (default 2)"),
    ("--jobs", None, "worker processes for the multi-seed runs (default: one per core)"),
    (
        "--peak-size",
        1536,
        "n of the n x n x n products that measure the matmul peak (default 1536)",
    ),
    (
        "--step-count",
        2000,
        "mini-batch steps per timing round of the step-against-products comparison (default 2000)",
    ),
    ("--step-repeats", 5, "timing rounds of that comparison; the fastest is kept (default 5)"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m runs.bench",
        description="MNIST training speed of the engine against the book's per-example "
        "algorithm, multi-seed throughput and fraction of the matrix-multiply peak.",
    )
    add_mnist_dir_argument(parser)
    for option, default, text in COUNT_OPTIONS:
        parser.add_argument(option, type=_positive, default=default, help=text)
    parser.add_argument(
        "--steps-only",
        action="store_true",
        help="measure only one step against its matrix products (seconds)",
    )
    parser.add_argument(
        "--json",
        metavar="PATH",
        default=None,
        help="also write the figures as JSON to PATH (written atomically)",
    )
    return parser


def measure_steps(splits, args, say) -> list[dict]:
    """:func:`time_step_and_matmuls` for every configuration, one line each."""
    n = min(args.train_size, len(splits.train.images))
    say(
        f"one step (m = {MINI_BATCH_SIZE}, one BLAS thread) against its matrix products alone, "
        f"same shapes, alternating, fastest of {args.step_repeats} rounds of {args.step_count}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    results = []
    for sizes, dtype in CONFIGS:
        entry = time_step_and_matmuls(
            sizes,
            dtype,
            ByteInputs(splits.train.pixels[:n], MAX_PIXEL_VALUE),
            splits.train.labels[:n],
            args.step_count,
            args.step_repeats,
        )
        results.append(entry)
        say(
            f"{list(sizes)} {dtype}: step {entry['step_us']:.1f} us, its "
            f"{entry['products_per_step']} matrix products {entry['matmul_us']:.1f} us, "
            f"overhead ratio {entry['overhead_ratio']:.2f} (with the mini-batch's inputs in "
            f"cache: step {entry['cached_inputs_step_us']:.1f} us, ratio "
            f"{entry['cached_inputs_step_us'] / entry['matmul_us']:.2f})"
        )
    return results


def _say_to(out):
    def say(text=""):
        print(text, file=out or sys.stdout, flush=True)

    return say


def _blas_libraries() -> list[tuple]:
    return [
        (i.get("internal_api"), i.get("version"), i.get("architecture"), i.get("num_threads"))
        for i in threadpool_info()
        if i.get("user_api") == "blas"
    ]


def _describe_setting(say, n: int, reference_size: int, epochs: int, blas) -> None:
    say(
        f"MNIST training, cross-entropy, eta={ETA}, mini-batch {MINI_BATCH_SIZE}, large init; "
        f"{n} examples per epoch, {epochs} epochs, median seconds per epoch"
    )
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    say(
        "BLAS: "
        + "; ".join(
            f"{api} {version} ({arch} kernels, {threads} threads)"
            for api, version, arch, threads in blas
        )
        + (
            f"; kernels chosen by OPENBLAS_CORETYPE={coretype} in the environment"
            if coretype
            else ""
        )
    )
    say(
        "training FLOPs per example (multiply-add = 2): forward 2 sum_l (n_in + 1) n_out, "
        "gradients 2 sum_l (n_in + 1) n_out, errors sent back 2 sum_{l>=2} n_in n_out"
    )
    say(
        f"reference: the book's per-example algorithm in float64 on one BLAS thread, timed on "
        f"{reference_size} examples of each epoch and extrapolated to {n}; its epochs "
        "alternate with the engine's"
    )


def measure_peaks(args, say) -> dict:
    """The matmul peak of each precision, all BLAS threads and one."""
    peaks = {}
    for dtype in sorted({dtype for _, dtype in CONFIGS}):
        peaks[dtype] = {
            "all_threads": gemm_flops_per_second(dtype, args.peak_size),
            "one_thread": gemm_flops_per_second(dtype, args.peak_size, threads=1),
        }
        say(
            f"matmul peak {dtype}: {peaks[dtype]['all_threads'] / 1e9:.1f} GFLOP/s "
            f"(all threads), {peaks[dtype]['one_thread'] / 1e9:.1f} GFLOP/s (one thread)"
        )
    return peaks


def measure_config(sizes, dtype, images, labels, args, reference_size, peaks, say) -> dict:
    """Engine against reference for one configuration, and its share of the matmul peak."""
    n = len(images)
    times = time_engine_and_reference(sizes, dtype, images, labels, args.epochs, reference_size)
    median = {name: statistics.median(values) for name, values in times.items()}
    engine_seconds, reference_seconds = median["engine"], median["reference"]
    flops = training_flops_per_example(sizes) * n / engine_seconds
    entry = {
        "sizes": list(sizes),
        "dtype": dtype,
        "sec_per_epoch": engine_seconds,
        "reference_sec_per_epoch": reference_seconds,
        "speedup": reference_seconds / engine_seconds,
        "peak_fraction": flops / peaks[dtype]["all_threads"],
        "peak_fraction_one_thread": flops / peaks[dtype]["one_thread"],
        "gflops": flops / 1e9,
        "cpu_sec_per_epoch": median["engine_cpu"],
        "reference_cpu_sec_per_epoch": median["reference_cpu"],
        "cpu_speedup": median["reference_cpu"] / median["engine_cpu"],
        "epoch_seconds": times,
        "train_size": n,
        "reference_size": reference_size,
    }
    say(
        f"{sizes} {dtype}: engine {engine_seconds:.3f} s/epoch, reference "
        f"{reference_seconds:.3f} s/epoch (extrapolated), speedup {entry['speedup']:.1f}x; "
        f"{entry['gflops']:.1f} GFLOP/s = {entry['peak_fraction']:.1%} of the matmul peak "
        f"({entry['peak_fraction_one_thread']:.1%} of one thread's); in CPU time "
        f"{median['engine_cpu']:.3f} vs {median['reference_cpu']:.3f} s/epoch, "
        f"{entry['cpu_speedup']:.1f}x"
    )
    return entry


def measure_multi_seed(splits, args, jobs: int, say) -> dict:
    """K seeds in worker processes against the same K runs one at a time
    (:func:`time_multi_seed`)."""
    ms_sizes, ms_dtype = CONFIGS[0]
    ms_n = min(args.multi_seed_train_size, len(splits.train.images))
    sequential, parallel, identical = time_multi_seed(
        ms_sizes,
        ms_dtype,
        splits.train.images[:ms_n].astype(ms_dtype),
        splits.train.labels[:ms_n],
        args.seeds,
        args.multi_seed_epochs,
        jobs,
        args.multi_seed_rounds,
    )
    multi_seed = {
        "k": args.seeds,
        "speedup_vs_sequential": sequential / parallel,
        "jobs": jobs,
        "sizes": list(ms_sizes),
        "dtype": ms_dtype,
        "epochs": args.multi_seed_epochs,
        "rounds": args.multi_seed_rounds,
        "train_size": ms_n,
        "sequential_seconds": sequential,
        "parallel_seconds": parallel,
        "identical_histories": identical,
    }
    say(
        f"multi-seed, K={args.seeds} seeds of {list(ms_sizes)} {ms_dtype}, "
        f"{args.multi_seed_epochs} epoch(s) of {ms_n} examples, {args.multi_seed_rounds} "
        f"round(s): one run at a time {sequential:.2f} s, train_runs with {jobs} processes "
        f"{parallel:.2f} s, throughput "
        f"{multi_seed['speedup_vs_sequential']:.2f}x; histories identical: {identical}"
    )
    return multi_seed


def run_benchmark(args, out=None) -> dict:
    """Run every measurement, print one line per figure to ``out`` (stdout) and return them."""
    say = _say_to(out)
    splits = load_mnist(resolve_mnist_dir(args.mnist_dir))
    steps = measure_steps(splits, args, say)
    if args.steps_only:
        return {"steps": steps, "cpu_count": os.cpu_count(), "load_average": list(os.getloadavg())}
    n = min(args.train_size, len(splits.train.images))
    reference_size = min(args.reference_size, n)
    blas = _blas_libraries()
    _describe_setting(say, n, reference_size, args.epochs, blas)
    peaks = measure_peaks(args, say)
    configs = [
        measure_config(
            sizes,
            dtype,
            splits.train.images[:n],
            splits.train.labels[:n],
            args,
            reference_size,
            peaks,
            say,
        )
        for sizes, dtype in CONFIGS
    ]
    multi_seed = measure_multi_seed(splits, args, args.jobs or default_jobs(), say)
    return {
        "configs": configs,
        "steps": steps,
        "multi_seed": multi_seed,
        "peaks_flops": peaks,
        "flops_formula": "per example: 4 * sum_l (n_in + 1) n_out + 2 * sum_{l>=2} n_in n_out",
        "blas": [dict(zip(("api", "version", "architecture", "threads"), b)) for b in blas],
        "cpu_count": os.cpu_count(),
        "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        results = run_benchmark(args)
    except MnistError as error:  # its message says how to fetch the files
        print(f"runs.bench: {error}", file=sys.stderr)
        return 2
    if args.json:
        write_atomically(args.json, json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
