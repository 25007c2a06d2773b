"""How much MNIST training a report build does: the book's settings, or a quick look.

``book`` (the default) trains every configuration the way document 002 does -- the whole
training split, 30 epochs, the book's learning rates, mini-batches of 10, N(0, 1) ("large")
initialisation, float64 (float32 only where the configuration itself says so) -- on
:data:`BOOK_SEEDS` seeds, enough for a seed distribution against which one printed run can be
placed. ``quick`` is the fast look at the machinery and the trends. :meth:`Profile.with_seeds`
asks for another number of seeds (``python -m reports.build --seeds N``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

BOOK_SEEDS = 10
MIN_SEEDS = 2
# A prediction interval of one further run from 8 seeds has t_{0.975, 7} = 2.36, about 20 %
# wider than the normal 1.96; 40 seeds (4 x 10) bound the cost of a configuration that rarely
# trains.
BOOK_MIN_TRAINING_SEEDS = 8
BOOK_MAX_SEEDS = 40
QUICK_MIN_TRAINING_SEEDS = 3
QUICK_MAX_SEEDS = 12


@dataclass(frozen=True)
class Profile:
    """Training budget of the MNIST experiment.

    train_size: the first n training examples of each split (None: the whole split).
    epochs, seeds: per configuration. comparable_with_book: whether the accuracies may be set
    against the book's figures (only with the book's data size and epoch count).
    min_training_seeds, max_seeds: a configuration some of whose seeds stall is given further
    seeds, in order, until at least ``min_training_seeds`` of them train or it has ``max_seeds``
    seeds in all (:mod:`experiments.seed_extension`); 0 adds none.
    """

    name: str
    train_size: int | None
    epochs: int
    seeds: tuple[int, ...]
    comparable_with_book: bool
    description: str
    min_training_seeds: int = 0
    max_seeds: int = 0

    def __post_init__(self):
        if self.train_size is not None and self.train_size < 1:
            raise ValueError(f"profile {self.name!r}: train_size must be positive or None")
        if self.epochs < 1 or not self.seeds:
            raise ValueError(f"profile {self.name!r}: needs at least one epoch and one seed")
        if self.min_training_seeds < 0 or self.max_seeds < 0:
            raise ValueError(
                f"profile {self.name!r}: min_training_seeds and max_seeds must not be negative"
            )

    def with_seeds(self, count: int) -> Profile:
        """The same profile on seeds 0 .. count - 1; ValueError unless count >= MIN_SEEDS (a
        spread needs two runs). A configuration with stalls may still grow to ``max_seeds``
        (at least ``count``)."""
        if isinstance(count, bool) or not isinstance(count, int) or count < MIN_SEEDS:
            raise ValueError(
                f"seeds: expected a whole number of at least {MIN_SEEDS} (a spread needs two "
                f"runs), found {count!r}"
            )
        return replace(self, seeds=tuple(range(count)), max_seeds=max(self.max_seeds, count))


BOOK_PROFILE = "book"
QUICK_PROFILE = "quick"

PROFILES: dict[str, Profile] = {
    BOOK_PROFILE: Profile(
        name=BOOK_PROFILE,
        train_size=None,
        epochs=30,
        seeds=tuple(range(BOOK_SEEDS)),
        comparable_with_book=True,
        description="The book's settings: the whole training split, 30 epochs, the book's "
        "learning rates, mini-batches of 10, N(0, 1) initialisation, float64; "
        "each configuration trained on several seeds, against whose spread the "
        "book's single runs are judged; a configuration some of whose seeds "
        "stall is given seeds 10, 11, ... until 8 train, up to 40 seeds in all.",
        min_training_seeds=BOOK_MIN_TRAINING_SEEDS,
        max_seeds=BOOK_MAX_SEEDS,
    ),
    QUICK_PROFILE: Profile(
        name=QUICK_PROFILE,
        train_size=10_000,
        epochs=5,
        seeds=(0, 1, 2),
        comparable_with_book=False,
        description="10,000 training examples, 5 epochs, 3 seeds per configuration: shows the "
        "machinery and the trends in about a minute; its accuracies are not "
        "comparable with the book's 30-epoch, 50,000-example figures; a "
        "configuration some of whose seeds stall is given seeds 3, 4, ... until 3 "
        "train, up to 12 seeds in all (the book's rule scaled to its 3 seeds).",
        min_training_seeds=QUICK_MIN_TRAINING_SEEDS,
        max_seeds=QUICK_MAX_SEEDS,
    ),
}

DEFAULT_PROFILE = BOOK_PROFILE


def get_profile(name: str, seeds: int | None = None) -> Profile:
    """The profile called ``name`` (on seeds 0 .. seeds - 1 when ``seeds`` is given);
    ValueError naming the known ones otherwise."""
    try:
        profile = PROFILES[name]
    except KeyError:
        raise ValueError(
            f"unknown MNIST profile {name!r}; expected one of {sorted(PROFILES)}"
        ) from None
    return profile if seeds is None else profile.with_seeds(seeds)
