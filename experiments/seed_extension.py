"""More seeds for a configuration some of whose seeds stall, so that its seeds that train are
enough for a prediction interval.

Rule: after the profile's own seeds s_0..s_{n-1}, a configuration some of whose seeds stall
(:func:`experiments.mnist_analysis.stall_split`) takes the next seeds in order, s_{n-1} + 1,
s_{n-1} + 2, ..., and keeps the shortest run of seeds s_0..s_{m-1} (m >= n) of which at least
``target`` train by the stall rule, or ``maximum`` seeds when no shorter one has that many. The
result depends only on the seeds' accuracies, not on how many seeds are trained at a time:
seeds are trained in batches (in parallel), and seeds of the last batch beyond the m-th are
dropped (their runs stay in the result cache).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from experiments.mnist_analysis import stall_split


def training_count(seeds: Sequence[int], best: Sequence[float]) -> int:
    """How many of ``seeds`` train by the stall rule, given their best-epoch accuracies."""
    return len(stall_split(list(seeds), list(best))["training_seeds"])


def batch_size(seeds: int, training: int, target: int, room: int) -> int:
    """Seeds to train next: the shortfall target - training scaled up by the share that trains
    so far (training / seeds, at least 1 / seeds), at least the shortfall, at most ``room``."""
    shortfall = target - training
    share = max(training, 1) / seeds
    return max(1, min(room, max(shortfall, math.ceil(shortfall / share))))


def extend_seeds(
    seeds: Sequence[int],
    best: Sequence[float],
    best_of: Callable[[list[int]], list[float]],
    target: int,
    maximum: int,
) -> tuple[list[int], list[float]]:
    """(seeds, best accuracies) after the rule of this module. ``best_of(new_seeds)`` trains (or
    reads from the cache) those seeds and returns their best-epoch accuracies in order.

    Nothing is added when no seed stalls, when ``target`` seeds already train, or when there are
    ``maximum`` seeds or more already."""
    seeds, best = list(seeds), list(best)
    if not seeds or target <= 0 or len(seeds) >= maximum:
        return seeds, best
    split = stall_split(seeds, best)
    if not split["stalled_seeds"] or len(split["training_seeds"]) >= target:
        return seeds, best
    training = len(split["training_seeds"])
    while len(seeds) < maximum:
        count = batch_size(len(seeds), training, target, maximum - len(seeds))
        new = list(range(seeds[-1] + 1, seeds[-1] + 1 + count))
        values = list(best_of(new))
        if len(values) != len(new):
            raise ValueError(f"best_of returned {len(values)} accuracies for {len(new)} seeds")
        for seed, value in zip(new, values):
            seeds.append(seed)
            best.append(value)
            training = training_count(seeds, best)
            if training >= target:
                return seeds, best
    return seeds, best
