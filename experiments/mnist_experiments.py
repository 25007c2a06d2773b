"""The MNIST experiment: the documents' networks, several seeds each.

``run_mnist_experiments(profile, mnist_dir, jobs, cache, progress)`` trains every configuration
of :mod:`experiments.mnist_configs` at every seed of the profile (:mod:`experiments.profiles`),
taking each run from the result cache when the same specification was trained by the same engine
code before, and training only the missing ones (in parallel worker processes; each result is cached
as soon as it arrives). A configuration some of whose seeds stall is then given further seeds
in order until enough of them train (:mod:`experiments.seed_extension`, the profile's
``min_training_seeds`` and ``max_seeds``), through the same cache and executor. The data are
read only when a run is missing from the cache. Without the
MNIST files (and with runs to train) it returns status "not run" with the command that fetches
them; it never raises for missing or damaged data, and marks damaged data (a file present but
unusable) with ``"data_error": True`` so that a caller can treat it as the error it is. The result
holds the runs' records and their significance tests; the comparisons with the documents' figures
are the claim catalog's judge's (``claims.judge.mnist_rows``), added by the report.

Command line: ``python -m experiments.mnist_experiments [--profile book|quick] [--seeds N]
[--mnist-dir DIR] [--jobs N] [--measure-epochs]`` prints a summary (or, with --measure-epochs, the
time of one epoch per configuration and the book profile's estimated duration).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from experiments import mnist_analysis
from experiments.mnist_configs import CONFIGS
from experiments.profiles import BOOK_PROFILE, DEFAULT_PROFILE, PROFILES, Profile, get_profile
from experiments.seed_extension import extend_seeds
from runs.cache import ResultCache, open_result_cache
from runs.data_dir import add_mnist_dir_argument
from runs.executors import default_jobs, train_runs
from runs.mnist import MnistError, MnistNotFoundError, download_command, load_mnist
from runs.spec import RunSpec
from runs.splits import SPLIT_TRAIN_SIZES, mnist_datasets
from runs.timing import epoch_seconds
from runs.train import TrainingCpu


def progress_enabled(requested: bool) -> bool:
    """Progress bars only on a terminal, and never under CI (the ``CI`` variable set)."""
    return requested and sys.stderr.isatty() and not os.environ.get("CI")


EVALUATION_EXAMPLES = 20_000
"""Examples evaluated after every epoch (validation and test), for :func:`run_weight`."""


def run_weight(spec: RunSpec) -> float:
    """The work of one run, in multiply-adds, for the progress bar's estimate of time left:

        epochs x (3 n_train + n_eval) x sum_l n_in n_out

    (a training example costs a forward pass, the errors sent back and the gradient product,
    about three passes' products; an evaluated example one forward pass)."""
    train = spec.train_size if spec.train_size is not None else SPLIT_TRAIN_SIZES[spec.split]
    products = sum(n_in * n_out for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:]))
    return float(spec.epochs * (3 * train + EVALUATION_EXAMPLES) * products)


class RunProgress:
    """A tqdm bar over the MNIST phase's runs, advanced by each run's share of the work
    (:func:`run_weight`), so that the estimated time left holds although the configurations
    differ in cost and runs finish out of order; "k/N runs" beside it. Silent when
    disabled or without tqdm."""

    def __init__(self, specs, enabled: bool):
        self.total_runs, self.done = len(specs), 0
        self.bar = None
        if not enabled or not specs:
            return
        try:
            from tqdm import tqdm
        except ImportError:
            return
        weights = [run_weight(spec) for spec in specs]
        self.scale = len(specs) / sum(weights)
        self.bar = tqdm(
            total=float(len(specs)),
            desc="MNIST runs",
            file=sys.stderr,
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix} "
            "[{elapsed} elapsed, {remaining} left]",
        )
        self.bar.set_postfix_str(f"0/{self.total_runs} runs", refresh=True)

    def update(self, spec: RunSpec) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.done}/{self.total_runs} runs", refresh=False)
            self.bar.update(run_weight(spec) * self.scale)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def train_missing(
    missing: list[RunSpec],
    histories: dict,
    datasets,
    jobs,
    cache: ResultCache,
    progress: bool,
    cpu: TrainingCpu | None = None,
) -> None:
    """Train the missing specs (in parallel), caching and recording each as it arrives; their
    own CPU seconds are added to ``cpu`` when given."""
    bar = RunProgress(missing, progress_enabled(progress))
    try:

        def done(spec, history):
            cache.put(spec, history)
            histories[spec] = history
            bar.update(spec)

        train_runs(missing, datasets, jobs=jobs, on_done=done, cpu=cpu)
    finally:
        bar.close()


class Runs:
    """The histories of the runs asked for so far: each from the result cache when it holds it,
    else trained (in parallel, cached as it arrives). The data are read once, and only when
    something has to be trained; :class:`runs.mnist.MnistError` when they cannot be. ``cpu``:
    the runs trained and their own CPU seconds."""

    def __init__(self, cache: ResultCache, mnist_dir, jobs: int | None, progress: bool):
        self.cache, self.mnist_dir, self.jobs, self.progress = cache, mnist_dir, jobs, progress
        self.histories: dict = {}
        self.trained: list[RunSpec] = []
        self.datasets = None
        self.loading_seconds = 0.0
        self.cpu = TrainingCpu()

    def fetch(self, specs: list[RunSpec]) -> list:
        """The histories of ``specs``, in order."""
        started = time.perf_counter()
        for spec in specs:
            if spec not in self.histories:
                self.histories[spec] = self.cache.get(spec)
        missing = [spec for spec in dict.fromkeys(specs) if self.histories[spec] is None]
        if missing and self.datasets is None:
            self.datasets = mnist_datasets(load_mnist(self.mnist_dir))
        self.loading_seconds += time.perf_counter() - started
        if missing:
            train_missing(
                missing,
                self.histories,
                self.datasets,
                self.jobs,
                self.cache,
                self.progress,
                self.cpu,
            )
            self.trained.extend(missing)
        return [self.histories[spec] for spec in specs]


def extended_specs(config, profile: Profile, specs: list[RunSpec], runs: Runs) -> list[RunSpec]:
    """The runs of ``config``: the profile's seeds, and further seeds in order when some of them
    stall (:func:`experiments.seed_extension.extend_seeds`, up to the profile's
    ``min_training_seeds`` and ``max_seeds``), through the same cache and executor."""

    def best_of(seeds: list[int]) -> list[float]:
        histories = runs.fetch([config.spec(profile, seed) for seed in seeds])
        return [mnist_analysis.readings(h)[mnist_analysis.STALL_READING] for h in histories]

    seeds = [spec.seed for spec in specs]
    extended, _ = extend_seeds(
        seeds, best_of(seeds), best_of, profile.min_training_seeds, profile.max_seeds
    )
    return [config.spec(profile, seed) for seed in extended]


def extension_record(profile: Profile, first: int, specs: list[RunSpec]) -> dict:
    """{"first_seeds", "added_seeds", "min_training_seeds", "max_seeds"} of one configuration."""
    return {
        "first_seeds": first,
        "added_seeds": [spec.seed for spec in specs[first:]],
        "min_training_seeds": profile.min_training_seeds,
        "max_seeds": profile.max_seeds,
    }


def not_run(profile: Profile, reason: str, command: str, data_error: bool = False) -> dict:
    """The result when the data are missing or (``data_error``) present but unusable."""
    return {
        "status": "not run",
        "data_error": data_error,
        "reason": reason,
        "command": command,
        "profile": profile.name,
        "comparable_with_book": False,
        "configs": [],
        "significance": [],
        "timings": {},
    }


def run_mnist_experiments(
    profile: str = DEFAULT_PROFILE,
    mnist_dir=None,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    progress: bool = True,
    seeds: int | None = None,
) -> dict:
    """Train (or fetch from the cache) every configuration at every seed; the experiments-contract
    dict. ``seeds``: train seeds 0 .. seeds - 1 instead of the profile's own."""
    started = time.perf_counter()
    chosen = get_profile(profile, seeds)
    cache = cache if cache is not None else open_result_cache()
    specs = {c.name: [c.spec(chosen, seed) for seed in chosen.seeds] for c in CONFIGS}
    runs = Runs(cache, mnist_dir, jobs, progress)
    try:
        runs.fetch([spec for config_specs in specs.values() for spec in config_specs])
        first_seeds = len(chosen.seeds)
        for config in CONFIGS:
            specs[config.name] = extended_specs(config, chosen, specs[config.name], runs)
    except MnistError as error:
        return not_run(
            chosen,
            str(error),
            download_command(mnist_dir),
            data_error=not isinstance(error, MnistNotFoundError),
        )
    histories = runs.histories
    all_specs = [spec for config_specs in specs.values() for spec in config_specs]
    missing = runs.trained
    loaded = started + runs.loading_seconds
    finished_training = time.perf_counter()

    comparable = chosen.comparable_with_book
    records = {
        c.name: {
            **mnist_analysis.summarize_config(
                c, specs[c.name], [histories[s] for s in specs[c.name]], comparable
            ),
            "seed_extension": extension_record(chosen, first_seeds, specs[c.name]),
        }
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
            "training_cpu_seconds": runs.cpu.seconds,
            "runs_cached": len(set(all_specs) - set(missing)),
            "jobs": jobs if jobs is not None else default_jobs(),
        },
    }


def measure_epoch_seconds(mnist_dir=None) -> dict[str, float]:
    """CPU seconds for one epoch (training and evaluation) of each configuration on its whole
    training split, as the book profile trains, one BLAS thread (:func:`runs.timing.epoch_seconds`,
    the smallest of two timings)."""
    datasets = mnist_datasets(load_mnist(mnist_dir))
    one_epoch = Profile("one-epoch", None, 1, (0,), False, "timing")
    seconds = {}
    for config in CONFIGS:
        spec = config.spec(one_epoch, 0)
        seconds[config.name] = epoch_seconds(spec, datasets[spec.split])
    return seconds


def book_profile_estimate(seconds_per_epoch: dict[str, float], jobs: int) -> float:
    """Estimated wall time of the book profile: sum over runs of epochs x epoch time, / jobs."""
    book = PROFILES[BOOK_PROFILE]
    total = sum(seconds_per_epoch.values()) * book.epochs * len(book.seeds)
    return total / jobs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m experiments.mnist_experiments",
        description="Run the MNIST experiment and print a summary.",
    )
    parser.add_argument("--profile", default=DEFAULT_PROFILE, choices=sorted(PROFILES))
    parser.add_argument(
        "--seeds",
        type=int,
        default=None,
        help="seeds 0..N-1 per configuration (default: the profile's)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--cache-dir", default=None, help="result cache directory")
    parser.add_argument(
        "--measure-epochs",
        action="store_true",
        help="time one epoch per configuration and estimate the book profile",
    )
    add_mnist_dir_argument(parser)
    args = parser.parse_args(argv)
    if args.measure_epochs:
        seconds = measure_epoch_seconds(args.mnist_dir)
        for name, value in seconds.items():
            print(f"{name:20s} {value:6.2f} s per epoch")
        jobs = args.jobs or default_jobs()
        print(
            f"book profile estimate on {jobs} job(s): "
            f"{book_profile_estimate(seconds, jobs) / 60:.1f} min"
        )
        return 0
    try:
        result = run_mnist_experiments(
            args.profile,
            args.mnist_dir,
            args.jobs,
            open_result_cache(args.cache_dir),
            progress=True,
            seeds=args.seeds,
        )
    except ValueError as error:
        parser.error(str(error))
    if result["status"] != "ran":
        print(f"not run: {result['reason']}\nget the data with: {result['command']}")
        return 1
    for record in result["configs"]:
        best, selected = record["best_accuracy"], record["validation_selected_test_accuracy"]
        print(
            f"{record['name']:20s} best {best['mean']:.2f} +- {best['std'] or 0:.2f} "
            f"[{best['min']:.2f}, {best['max']:.2f}]  validation-selected "
            f"{selected['mean']:.2f}"
        )
    print(result["timings"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
