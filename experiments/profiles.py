"""How much MNIST training a report build does: a quick look or the book's full settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """Training budget of the MNIST experiment.

    train_size: the first n training examples of each split (None: the whole split).
    epochs, seeds: per configuration. comparable_with_book: whether the accuracies may be set
    against the book's figures (only with the book's data size and epoch count).
    """

    name: str
    train_size: int | None
    epochs: int
    seeds: tuple[int, ...]
    comparable_with_book: bool
    description: str

    def __post_init__(self):
        if self.train_size is not None and self.train_size < 1:
            raise ValueError(f"profile {self.name!r}: train_size must be positive or None")
        if self.epochs < 1 or not self.seeds:
            raise ValueError(f"profile {self.name!r}: needs at least one epoch and one seed")


PROFILES: dict[str, Profile] = {
    "quick": Profile(
        name="quick",
        train_size=10_000,
        epochs=5,
        seeds=(0, 1, 2),
        comparable_with_book=False,
        description="10,000 training examples, 5 epochs, 3 seeds per configuration: shows the "
                    "machinery and the trends in about a minute; its accuracies are not "
                    "comparable with the book's 30-epoch, 50,000-example figures.",
    ),
    "full": Profile(
        name="full",
        train_size=None,
        epochs=30,
        seeds=(0, 1, 2, 3, 4),
        comparable_with_book=True,
        description="The book's settings: the whole training split, 30 epochs, 5 seeds per "
                    "configuration.",
    ),
}

DEFAULT_PROFILE = "quick"


def get_profile(name: str) -> Profile:
    """The profile called ``name``; ValueError naming the known ones otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(
            f"unknown MNIST profile {name!r}; expected one of {sorted(PROFILES)}"
        ) from None
