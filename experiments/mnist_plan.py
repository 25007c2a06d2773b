"""What the MNIST experiment will do, known before it starts: which of its runs the result cache
already holds, whether it needs the MNIST files at all, and how long training the rest takes on
this machine.

The runs are those of :func:`experiments.mnist_experiments.run_mnist_experiments`: every
configuration at the profile's seeds and, for a configuration some of whose seeds stall, the
seeds :mod:`experiments.seed_extension` adds. Which seeds are added depends on the accuracies of
the runs, so it is known before training only when the runs it depends on are cached; the plan
follows the same rule (:func:`experiments.mnist_experiments.extended_specs`) on the cache alone.

The cost is measured, not guessed (:func:`with_estimated_cost`): one epoch of every network that
has runs to train is timed now on this machine (:func:`runs.timing.epoch_seconds`, the timer of
the sweep's estimate, on :data:`PROBE_EXAMPLES` training examples scaled to the run's training
set), and the runs' CPU time is the sum over them of epochs x that epoch's time
(:func:`runs.timing.runs_cpu_seconds`). Timed in the build's own process before the worker pool
starts, so the workers inherit the compiled step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from experiments.mnist_configs import CONFIGS
from experiments.mnist_experiments import extended_specs
from experiments.profiles import Profile, get_profile
from runs.cache import ResultCache
from runs.mnist import load_mnist
from runs.spec import RunSpec
from runs.splits import mnist_datasets
from runs.timing import epoch_seconds, runs_cpu_seconds

PROBE_EXAMPLES = 1000  # a fraction of a second per network; the timer scales it up


class _NotCached(Exception):
    """A run the plan would need is not in the result cache."""


class _CachedRunsOnly:
    """The result cache in the place of :class:`experiments.mnist_experiments.Runs`: the
    histories of runs already cached, :class:`_NotCached` for any other (it never trains)."""

    def __init__(self, cache: ResultCache):
        self.cache = cache

    def fetch(self, specs: list[RunSpec]) -> list:
        histories = [self.cache.get(spec) for spec in specs]
        if any(history is None for history in histories):
            raise _NotCached
        return histories


@dataclass(frozen=True)
class MnistPlan:
    """``first_pass``: per configuration, the runs of the profile's own seeds; ``missing``: those
    of them the cache does not hold; ``all_cached``: every run the experiment will use, the seeds
    added to a configuration with stalls included, is cached, so the MNIST files are not read;
    ``used``: how many runs that is (known only then, else None); ``cpu_seconds``: the estimated
    CPU time of the missing runs (:func:`with_estimated_cost`; None before, or with nothing to
    train)."""

    profile: Profile
    first_pass: dict[str, list[RunSpec]]
    missing: dict[str, list[RunSpec]]
    all_cached: bool
    used: int | None = None
    cpu_seconds: float | None = None

    @property
    def runs(self) -> int:
        return sum(len(specs) for specs in self.first_pass.values())

    @property
    def to_train(self) -> int:
        return sum(len(specs) for specs in self.missing.values())

    @property
    def cached(self) -> int:
        return self.runs - self.to_train

    @property
    def missing_specs(self) -> list[RunSpec]:
        return [spec for specs in self.missing.values() for spec in specs]

    @property
    def extra_runs(self) -> int:
        """At most how many further runs stalled seeds may add."""
        return extra_run_count(self.profile)

    def wall_seconds(self, jobs: int) -> float | None:
        """Wall-clock seconds of the missing runs on ``jobs`` workers as fast as the timed core:

        cpu_seconds / min(jobs, runs to train)
        """
        if self.cpu_seconds is None:
            return None
        return self.cpu_seconds / max(1, min(jobs, self.to_train))


def planned_run_count(seeds_per_config: int) -> int:
    """Runs of ``seeds_per_config`` seeds of every configuration: counted without making a
    single specification, so a huge request costs nothing to count."""
    return seeds_per_config * len(CONFIGS)


def extra_run_count(profile: Profile) -> int:
    """At most how many further runs stalled seeds may add (:mod:`experiments.seed_extension`)."""
    if not profile.min_training_seeds:
        return 0
    return max(0, profile.max_seeds - len(profile.seeds)) * len(CONFIGS)


def plan_mnist_runs(profile: str, seeds: int | None, cache: ResultCache) -> MnistPlan:
    """The plan of ``run_mnist_experiments(profile, seeds=seeds)`` against ``cache``."""
    chosen = get_profile(profile, seeds)
    first = {
        config.name: [config.spec(chosen, seed) for seed in chosen.seeds] for config in CONFIGS
    }
    missing = {name: [spec for spec in specs if spec not in cache] for name, specs in first.items()}
    used = None if any(missing.values()) else _runs_used_if_cached(chosen, first, cache)
    return MnistPlan(chosen, first, missing, used is not None, used)


def _runs_used_if_cached(profile: Profile, first: dict[str, list[RunSpec]], cache) -> int | None:
    """How many runs the experiment uses, the seeds added for stalls included, when every one of
    them is cached; None when one is not."""
    runs = _CachedRunsOnly(cache)
    try:
        return sum(
            len(extended_specs(config, profile, first[config.name], runs)) for config in CONFIGS
        )
    except _NotCached:
        return None


def with_estimated_cost(plan: MnistPlan, mnist_dir: Path) -> MnistPlan:
    """``plan`` with the CPU seconds of its missing runs estimated on this machine; loads the
    MNIST data from ``mnist_dir`` when something is to train (:class:`runs.mnist.MnistError`
    when it cannot)."""
    specs = plan.missing_specs
    if not specs:
        return plan
    timed = epoch_seconds_by_network(specs, mnist_dir)
    seconds = runs_cpu_seconds(specs, lambda spec: timed[replace(spec, seed=0)])
    return replace(plan, cpu_seconds=seconds)


def epoch_seconds_by_network(specs: Sequence[RunSpec], mnist_dir: Path) -> dict[RunSpec, float]:
    """CPU seconds of one epoch of every network among ``specs`` (a spec with its seed set to
    0: seeds change the numbers, not the work), timed once each."""
    datasets = mnist_datasets(load_mnist(mnist_dir))
    networks = dict.fromkeys(replace(spec, seed=0) for spec in specs)
    return {
        network: epoch_seconds(network, datasets[network.split], probe_examples=PROBE_EXAMPLES)
        for network in networks
    }
