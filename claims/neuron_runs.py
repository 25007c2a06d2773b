"""Cached runs of chapter 3's single sigmoid neuron (x = 1, y = 0, a = sigma(w + b)).

The runs come from :func:`experiments.neuron.train_neuron`: one gradient-descent update per epoch,
w <- w - eta dC/dw, b <- b - eta dC/db (eq. (20)-(21) with n = 1), with the gradients from the
engine's ``Network.backprop``. Entry t of a trajectory is the state after t updates, so a run of
300 epochs has 301 entries; the per-epoch cost decrease of epoch t is C(t - 1) - C(t).

Runs are cached per settings, so the claim tests that read the same run share one computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from experiments.neuron import NeuronRun, half_unit_of, train_neuron

EPOCHS = 300
QUADRATIC_ETA = 0.15
CROSS_ENTROPY_ETA = 0.005
GOOD_START = (0.6, 0.9)  # sigma(1.5) = 0.82
SATURATED_START = (2.0, 2.0)  # sigma(4) = 0.98


@dataclass(frozen=True)
class Trajectory:
    """Output, cost and parameters after each epoch (index 0 = before any update)."""

    output: np.ndarray
    cost: np.ndarray
    w: np.ndarray
    b: np.ndarray

    @property
    def decrease(self) -> np.ndarray:
        """C(t - 1) - C(t) for t = 1..epochs: the cost decrease achieved by epoch t's update."""
        return -np.diff(self.cost)

    def fastest_epoch(self) -> int:
        """The epoch (1-based, the update's number) whose update lowers the cost most."""
        return int(np.argmax(self.decrease)) + 1

    def first_epoch_below(self, fraction: float) -> int | None:
        """The first t with C(t) < fraction C(0), or None if the run never gets there."""
        below = np.nonzero(self.cost < fraction * self.cost[0])[0]
        return int(below[0]) if below.size else None

    def cost_fraction(self, epoch: int) -> float:
        """C(epoch) / C(0)."""
        return float(self.cost[epoch] / self.cost[0])


@lru_cache(maxsize=None)
def neuron_run(start: tuple[float, float], cost: str, eta: float, epochs: int = EPOCHS) -> Trajectory:
    """The trajectory of the neuron started at (w, b) = ``start`` (computed once per settings)."""
    record = train_neuron(NeuronRun(float(start[0]), float(start[1]), cost, float(eta), int(epochs)))
    columns = record["trajectory"]
    arrays = {name: np.asarray(columns[name], dtype=float) for name in ("a", "cost", "w", "b")}
    for array in arrays.values():
        array.setflags(write=False)
    return Trajectory(output=arrays["a"], cost=arrays["cost"], w=arrays["w"], b=arrays["b"])


def quadratic_run(start: tuple[float, float], eta: float = QUADRATIC_ETA, epochs: int = EPOCHS) -> Trajectory:
    return neuron_run(start, "quadratic", eta, epochs)


def cross_entropy_run(start: tuple[float, float], eta: float = CROSS_ENTROPY_ETA,
                      epochs: int = EPOCHS) -> Trajectory:
    return neuron_run(start, "cross_entropy", eta, epochs)


def assert_prints_as(value: float, printed: str, what: str) -> None:
    """``value`` rounds to the figure a document printed: |value - printed| <= half a unit in
    the last printed digit (the rounding the document applied)."""
    assert abs(value - float(printed)) <= half_unit_of(printed), (
        f"{what} is {value:.5g}; the document prints {printed}"
    )
