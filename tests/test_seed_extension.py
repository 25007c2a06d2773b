"""Seeds added in order to a configuration with stalls, until enough train or the cap."""

import pytest

from experiments.seed_extension import batch_size, extend_seeds, training_count

TRAINS, STALLS = 96.5, 75.0


def level(seed: int, trains: set[int]) -> float:
    """A seed's best accuracy: a tight working lump for the seeds in ``trains``, a scattered
    stall level otherwise (the gap rule needs both)."""
    return TRAINS + 0.01 * (seed % 7) if seed in trains else STALLS + 0.5 * (seed % 13)


class Trainer:
    """best_of for extend_seeds: each batch recorded, accuracies from ``level``."""

    def __init__(self, trains: set[int]):
        self.trains, self.batches = trains, []

    def __call__(self, seeds):
        self.batches.append(list(seeds))
        return [level(seed, self.trains) for seed in seeds]


def start(trainer, count=10):
    seeds = list(range(count))
    return seeds, [level(seed, trainer.trains) for seed in seeds]


def reference(trains: set[int], target: int, maximum: int, first: int = 10) -> list[int]:
    """The rule one seed at a time: the shortest run of seeds with ``target`` training, or the
    cap."""
    for m in range(first, maximum + 1):
        seeds = list(range(m))
        if training_count(seeds, [level(s, trains) for s in seeds]) >= target:
            return seeds
    return list(range(maximum))


def test_seeds_are_added_in_order_until_eight_train():
    trains = {2, 4, 6, 13, 17, 21, 22, 30, 31, 35}
    trainer = Trainer(trains)
    seeds, best = extend_seeds(*start(trainer), trainer, target=8, maximum=40)
    # The 8th seed that trains is seed 30: seeds 0..30 are kept, in order.
    assert seeds == list(range(31)) == reference(trains, 8, 40)
    assert best == [level(s, trains) for s in seeds]
    asked = [seed for batch in trainer.batches for seed in batch]
    assert asked == list(range(10, 10 + len(asked)))  # consecutive, from the first new seed


def test_seed_extension_stops_at_forty_seeds_when_too_few_train():
    trains = {2, 4, 6}
    trainer = Trainer(trains)
    seeds, best = extend_seeds(*start(trainer), trainer, target=8, maximum=40)
    assert seeds == list(range(40))
    assert sum(len(batch) for batch in trainer.batches) == 30


def test_seed_extension_result_does_not_depend_on_batching():
    # Whatever the batches, the kept seeds are the reference's one-at-a-time answer; a batch that
    # runs past the 8th training seed is cut there.
    for trains in (
        {0, 11, 12, 13, 14, 15, 16, 17},
        {5, 9, 19, 29, 39, 38, 37, 36},
        {1, 2, 3, 4, 5, 6, 7, 20},
    ):
        trainer = Trainer(trains)
        seeds, _ = extend_seeds(*start(trainer), trainer, target=8, maximum=40)
        assert seeds == reference(trains, 8, 40)


def test_nothing_is_added_without_stalls_or_with_enough_training_seeds():
    everyone = Trainer(set(range(100)))
    assert extend_seeds(*start(everyone), everyone, target=8, maximum=40)[0] == list(range(10))
    eight = Trainer({0, 1, 2, 3, 4, 5, 6, 7})
    assert extend_seeds(*start(eight), eight, target=8, maximum=40)[0] == list(range(10))
    assert everyone.batches == eight.batches == []


def test_a_profile_without_extension_adds_nothing():
    trainer = Trainer({2, 4, 6})
    assert extend_seeds(*start(trainer), trainer, target=0, maximum=0)[0] == list(range(10))
    assert trainer.batches == []


def test_batches_scale_the_shortfall_by_the_share_that_trains():
    assert batch_size(seeds=10, training=3, target=8, room=30) == 17  # ceil(5 / 0.3)
    assert batch_size(seeds=10, training=0, target=8, room=30) == 30  # share taken as 1/10
    assert batch_size(seeds=38, training=3, target=8, room=2) == 2
    assert batch_size(seeds=10, training=9, target=8, room=30) == 1


def test_a_wrong_number_of_accuracies_is_refused():
    seeds, best = start(Trainer({2, 4, 6}))
    with pytest.raises(ValueError, match="returned 0 accuracies for 17 seeds"):
        extend_seeds(seeds, best, lambda new: [], target=8, maximum=40)
