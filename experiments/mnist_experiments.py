"""The MNIST experiment: the documents' networks, several seeds each.

``run_mnist_experiments(profile, mnist_dir, jobs, cache, progress)`` trains every configuration
of :mod:`experiments.mnist_configs` at every seed of the profile (:mod:`experiments.profiles`), taking
each run from the result cache when the same specification was trained by the same engine code
before, and training only the missing ones (in parallel worker processes; each result is cached
as soon as it arrives). The data are read only when a run is missing from the cache. Without the
MNIST files (and with runs to train) it returns status "not run" with the command that fetches
them; it never raises for missing or damaged data. The result holds the runs' records and their
significance tests; the comparisons with the documents' figures are the claim catalog's judge's
(``claims.judge.mnist_rows``), added by the report.

Command line: ``python -m experiments.mnist_experiments [--profile quick|full] [--mnist-dir DIR]
[--jobs N] [--measure-epochs]`` prints a summary (or, with --measure-epochs, the time of one
epoch per configuration and the full profile's estimated duration).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from typing import Iterator

from engine.data_dir import add_mnist_dir_argument
from engine.mnist import MnistError, download_command, load_mnist
from engine.runs import RunSpec, default_jobs, train_runs
from experiments import mnist_analysis
from engine.cache import ResultCache
from experiments.mnist_configs import CONFIGS, mnist_datasets
from experiments.profiles import DEFAULT_PROFILE, PROFILES, Profile, get_profile
from experiments.timing import epoch_seconds


def progress_enabled(requested: bool) -> bool:
    """Progress bars only on a terminal, and never under CI."""
    return requested and sys.stderr.isatty() and not os.environ.get("CI")


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator:
    """A tqdm bar over completed runs (or a silent stand-in)."""
    try:
        from tqdm import tqdm
    except ImportError:
        enabled = False
    if not enabled:
        yield _SilentBar()
        return
    with tqdm(total=total, desc="MNIST runs", unit="run", file=sys.stderr) as bar:
        yield bar


class _SilentBar:
    def update(self, n: int = 1) -> None:
        pass


def train_missing(missing: list[RunSpec], histories: dict, datasets, jobs,
                  cache: ResultCache, progress: bool) -> None:
    """Train the missing specs (in parallel), caching and recording each as it arrives."""
    with progress_bar(len(missing), progress_enabled(progress)) as bar:
        def done(spec, history):
            cache.put(spec, history)
            histories[spec] = history
            bar.update(1)

        train_runs(missing, datasets, jobs=jobs, on_done=done)


def not_run(profile: Profile, reason: str, command: str) -> dict:
    """The result when the data are missing or unusable."""
    return {
        "status": "not run",
        "reason": reason,
        "command": command,
        "profile": profile.name,
        "comparable_with_book": False,
        "configs": [],
        "significance": [],
        "timings": {},
    }


def run_mnist_experiments(profile: str = DEFAULT_PROFILE, mnist_dir=None, jobs: int | None = None,
                          cache: ResultCache | None = None, progress: bool = True) -> dict:
    """Train (or fetch from the cache) every configuration at every seed; the experiments-contract
    dict."""
    started = time.perf_counter()
    chosen = get_profile(profile)
    cache = cache if cache is not None else ResultCache()
    specs = {c.name: [c.spec(chosen, seed) for seed in chosen.seeds] for c in CONFIGS}
    all_specs = [spec for config_specs in specs.values() for spec in config_specs]
    histories = {spec: cache.get(spec) for spec in all_specs}
    missing = [spec for spec, history in histories.items() if history is None]
    loaded = time.perf_counter()
    if missing:
        # The data are read only when something has to be trained.
        try:
            splits = load_mnist(mnist_dir)
        except MnistError as error:
            return not_run(chosen, str(error), download_command(mnist_dir))
        loaded = time.perf_counter()
        train_missing(missing, histories, mnist_datasets(splits), jobs, cache, progress)
    finished_training = time.perf_counter()

    comparable = chosen.comparable_with_book
    records = {
        c.name: mnist_analysis.summarize_config(
            c, specs[c.name], [histories[s] for s in specs[c.name]], comparable)
        for c in CONFIGS
    }
    significance = mnist_analysis.significance(records)
    return {
        "status": "ran",
        "reason": "",
        "command": "",
        "profile": chosen.name,
        "profile_description": chosen.description,
        "comparable_with_book": comparable,
        "notes": [mnist_analysis.PROTOCOL_NOTE],
        "configs": list(records.values()),
        "significance": significance,
        "timings": {
            "total_seconds": time.perf_counter() - started,
            "cache_and_load_seconds": loaded - started,
            "training_seconds": finished_training - loaded,
            "runs_total": len(all_specs),
            "runs_trained": len(missing),
            "runs_cached": len(all_specs) - len(missing),
            "jobs": jobs if jobs is not None else default_jobs(),
        },
    }


def measure_epoch_seconds(mnist_dir=None) -> dict[str, float]:
    """CPU seconds for one epoch (training and evaluation) of each configuration on its whole
    training split, one BLAS thread (:func:`experiments.timing.epoch_seconds`)."""
    datasets = mnist_datasets(load_mnist(mnist_dir))
    one_epoch = Profile("one-epoch", None, 1, (0,), False, "timing")
    seconds = {}
    for config in CONFIGS:
        spec = config.spec(one_epoch, 0)
        seconds[config.name] = epoch_seconds(spec, datasets[spec.split])
    return seconds


def full_profile_estimate(epoch_seconds: dict[str, float], jobs: int) -> float:
    """Estimated wall time of the full profile: sum over runs of epochs x epoch time, / jobs."""
    full = PROFILES["full"]
    total = sum(epoch_seconds.values()) * full.epochs * len(full.seeds)
    return total / jobs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m experiments.mnist_experiments",
                                     description="Run the MNIST experiment and print a summary.")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, choices=sorted(PROFILES))
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--cache-dir", default=None, help="result cache directory")
    parser.add_argument("--measure-epochs", action="store_true",
                        help="time one epoch per configuration and estimate the full profile")
    add_mnist_dir_argument(parser)
    args = parser.parse_args(argv)
    if args.measure_epochs:
        seconds = measure_epoch_seconds(args.mnist_dir)
        for name, value in seconds.items():
            print(f"{name:20s} {value:6.2f} s per epoch")
        jobs = args.jobs or default_jobs()
        print(f"full profile estimate on {jobs} job(s): "
              f"{full_profile_estimate(seconds, jobs) / 60:.1f} min")
        return 0
    result = run_mnist_experiments(args.profile, args.mnist_dir, args.jobs,
                                   ResultCache(args.cache_dir), progress=True)
    if result["status"] != "ran":
        print(f"not run: {result['reason']}\nget the data with: {result['command']}")
        return 1
    for record in result["configs"]:
        best, selected = record["best_accuracy"], record["validation_selected_test_accuracy"]
        print(f"{record['name']:20s} best {best['mean']:.2f} +- {best['std'] or 0:.2f} "
              f"[{best['min']:.2f}, {best['max']:.2f}]  validation-selected "
              f"{selected['mean']:.2f}")
    print(result["timings"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
