"""The MNIST experiment's plan, before anything trains: how many runs the profile asks for, how
many of them the result cache already holds, and what training the others will cost.

The cost is measured, not guessed: one epoch of every configuration that has runs to train is
timed now on this machine (:func:`runs.timing.epoch_seconds`, the timer of the sweep's estimate,
on a probe of :data:`PROBE_EXAMPLES` training examples scaled to the run's training set), and
the runs' CPU time is the sum over them of epochs x that epoch time
(:func:`runs.timing.runs_cpu_seconds`). Configurations whose seeds stall may later be given
further seeds (:mod:`experiments.seed_extension`); the plan counts how many at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from experiments.mnist_configs import CONFIGS
from experiments.profiles import Profile
from runs.cache import ResultCache
from runs.mnist import load_mnist
from runs.spec import RunSpec
from runs.splits import mnist_datasets
from runs.timing import epoch_seconds, runs_cpu_seconds

PROBE_EXAMPLES = 1000  # a fraction of a second per configuration; the timer scales it up


@dataclass(frozen=True)
class MnistPlan:
    """``runs`` planned (``cached`` of them in the cache, ``to_train`` the rest), up to
    ``extra_runs`` more if seeds stall; ``cpu_seconds``: the estimated CPU time of ``to_train``
    (None when nothing is to train)."""

    runs: int
    cached: int
    to_train: tuple[RunSpec, ...]
    extra_runs: int
    cpu_seconds: float | None

    def wall_seconds(self, jobs: int) -> float | None:
        """The wall-clock time on ``jobs`` workers as fast as the timed core."""
        if self.cpu_seconds is None:
            return None
        return self.cpu_seconds / max(1, min(jobs, len(self.to_train)))


def planned_run_count(seeds_per_config: int) -> int:
    """Runs of ``seeds_per_config`` seeds of every configuration: counted without making a
    single specification, so a huge request costs nothing to count."""
    return seeds_per_config * len(CONFIGS)


def extra_run_count(profile: Profile) -> int:
    """At most how many further runs stalled seeds may add (:mod:`experiments.seed_extension`)."""
    if not profile.min_training_seeds:
        return 0
    return max(0, profile.max_seeds - len(profile.seeds)) * len(CONFIGS)


def plan_mnist_runs(profile: Profile, cache: ResultCache, mnist_dir) -> MnistPlan:
    """The plan of ``profile``'s runs against ``cache``; loads the MNIST data from ``mnist_dir``
    to time an epoch when something is to train (:class:`runs.mnist.MnistError` when it
    cannot)."""
    specs = [config.spec(profile, seed) for config in CONFIGS for seed in profile.seeds]
    to_train = tuple(spec for spec in specs if spec not in cache)
    runs, extra = planned_run_count(len(profile.seeds)), extra_run_count(profile)
    seconds = None
    if to_train:
        timed = epoch_seconds_by_network(to_train, mnist_dir)
        seconds = runs_cpu_seconds(to_train, lambda spec: timed[replace(spec, seed=0)])
    return MnistPlan(runs, runs - len(to_train), to_train, extra, seconds)


def epoch_seconds_by_network(specs: Sequence[RunSpec], mnist_dir) -> dict[RunSpec, float]:
    """CPU seconds of one epoch of every network among ``specs`` (a spec with its seed set to
    0: seeds change the numbers, not the work), timed once each."""
    datasets = mnist_datasets(load_mnist(mnist_dir))
    networks = dict.fromkeys(replace(spec, seed=0) for spec in specs)
    return {
        network: epoch_seconds(network, datasets[network.split], probe_examples=PROBE_EXAMPLES)
        for network in networks
    }
