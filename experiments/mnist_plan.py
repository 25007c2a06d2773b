"""What the MNIST experiment will do, known before it starts: which of its runs the result cache
already holds, whether it needs the MNIST files at all, and how long training the rest takes on
this machine.

The runs are those of :func:`experiments.mnist_experiments.run_mnist_experiments`: every
configuration at the profile's seeds and, for a configuration some of whose seeds stall, the
seeds :mod:`experiments.seed_extension` adds. Which seeds are added depends on the accuracies of
the runs, so it is known before training only when the runs it depends on are cached; the plan
follows the same rule (:func:`experiments.mnist_experiments.extended_specs`) on the cache alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from experiments.mnist_configs import CONFIGS
from experiments.mnist_experiments import extended_specs
from experiments.profiles import Profile, get_profile
from runs.cache import ResultCache
from runs.spec import RunSpec


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
    ``used``: how many runs that is (known only then, else None)."""

    profile: Profile
    first_pass: dict[str, list[RunSpec]]
    missing: dict[str, list[RunSpec]]
    all_cached: bool
    used: int | None = None

    @property
    def runs(self) -> int:
        return sum(len(specs) for specs in self.first_pass.values())

    @property
    def to_train(self) -> int:
        return sum(len(specs) for specs in self.missing.values())


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


def training_seconds(plan: MnistPlan, seconds_per_epoch: dict[str, float], jobs: int) -> float:
    """Wall seconds to train the plan's missing runs on ``jobs`` worker processes:

        sum over missing runs of (epochs x one epoch's CPU seconds) / min(jobs, missing runs)

    with one epoch's seconds measured per configuration on this machine
    (:func:`experiments.mnist_experiments.measure_epoch_seconds`). Seeds a configuration with
    stalls may add are not known yet and not counted."""
    cpu_seconds = sum(
        spec.epochs * seconds_per_epoch[name]
        for name, specs in plan.missing.items()
        for spec in specs
    )
    workers = max(1, min(jobs, plan.to_train))
    return cpu_seconds / workers
