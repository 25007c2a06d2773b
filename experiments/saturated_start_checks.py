"""Checks of three statements about the saturated start (w = b = 2) of the
single-neuron experiment: whether a random initialisation gives such a start, whether the
parameters barely move during the slow phase, and whether the run then proceeds as the first
run did.

Each function takes a :class:`experiments.checks.Stated` and the standard run records (or None:
the runs are then trained here, :func:`experiments.neuron.train_neuron`, 300 cheap updates) and
returns one comparison row (:func:`experiments.checks.row`). The reading a word is given
("barely", "as before", "random") is a parameter of the catalog entry, stated beside the figure.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from experiments.checks import Stated, half_unit_of, row
from experiments.neuron import (
    EPOCHS,
    GOOD_START,
    LEARNING_RATES,
    SATURATED_START,
    NeuronRun,
    train_neuron,
)

QUADRATIC = "quadratic"


@functools.lru_cache(maxsize=16)
def _trajectory(start: tuple[float, float], eta: float, epochs: int = EPOCHS) -> dict:
    return train_neuron(NeuronRun(*start, QUADRATIC, eta, epochs))["trajectory"]


def standard_normal_tail(threshold: float, variance: float = 1.0) -> float:
    """P(X >= threshold) for X ~ N(0, variance): erfc(threshold / sqrt(2 variance)) / 2."""
    return 0.5 * math.erfc(threshold / math.sqrt(2.0 * variance))


def random_start_this_saturated(stated: Stated, runs=None) -> dict:
    """ "Random initialisation gave initial output a0": with w, b ~ N(0, 1) independent (the
    chapter's initialisation), z = w + b ~ N(0, 2), and an output that prints as a0 or higher
    needs z >= logit(a0 - half a unit). The statement holds when that probability is at least
    ``tolerance`` (a start an ordinary draw produces), is refuted when it is rarer."""
    lowest = float(stated.figure) - half_unit_of(stated.figure)
    threshold = math.log(lowest / (1.0 - lowest))
    chance = standard_normal_tail(threshold, variance=2.0)
    return row(
        stated,
        shown=f"output {stated.figure} from a random start",
        computed=round(chance, 6),
        tolerance=f"P(sigma(w + b) >= {lowest:g}) for w, b ~ N(0, 1) at least {stated.tolerance:g}",
        verdict=chance >= stated.tolerance,
        note=f"z = w + b ~ N(0, 2) must reach {threshold:.3f}: probability {chance:.4f}; "
        f"w = b = {SATURATED_START[0]:g} (z >= {sum(SATURATED_START):g}) has "
        f"{standard_normal_tail(sum(SATURATED_START), variance=2.0):.4f}",
    )


def parameters_barely_change(stated: Stated, runs=None) -> dict:
    """ "For the first N epochs w and b barely change": over epochs 0..N of the quadratic run
    from w = b = 2, w and b each make less than ``tolerance`` of the change they make over the
    whole run. (The output, another reading, is reported in the note.)"""
    epochs = int(stated.figure)
    eta = stated.parameters.get("eta", LEARNING_RATES[QUADRATIC])
    trajectory = _trajectory(SATURATED_START, eta)
    shares = []
    for name in ("w", "b"):
        values = trajectory[name]
        shares.append(abs(values[0] - values[epochs]) / abs(values[0] - values[-1]))
    outputs = trajectory["a"]
    output_share = (outputs[0] - outputs[epochs]) / (outputs[0] - outputs[-1])
    w = trajectory["w"]
    return row(
        stated,
        shown=f"w and b barely change in the first {stated.figure} epochs",
        computed=round(max(shares), 4),
        tolerance=f"change of w and of b over the first {epochs} epochs below "
        f"{stated.tolerance:.0%} of their change over the run",
        verdict=max(shares) < stated.tolerance,
        note=f"w = b: {w[0]:.2f} -> {w[epochs]:.2f} by epoch {epochs} -> {w[-1]:.2f} by epoch "
        f"{len(w) - 1} ({max(shares):.0%} of the change); the output moves "
        f"{outputs[0]:.2f} -> {outputs[epochs]:.2f} ({output_share:.0%} of its fall)",
    )


def _within_epochs(tolerance: float) -> str:
    return f"within {tolerance:g} epoch{'' if tolerance == 1 else 's'} of the first run's curve"


def proceeds_as_the_first_run(stated: Stated, runs=None) -> dict:
    """ "Then, as before, the output quickly approaches 0": from the first epoch at which the run
    from w = b = 2 (at ``eta``) has fallen to the first run's starting output, its output follows
    the first run's curve (w = 0.6, b = 0.9, eta = 0.15) to within ``tolerance`` epochs: each of
    its outputs is reached by the first run within that many epochs of the same elapsed time.
    Refuted when it never gets there. The end point is reported in the note."""
    eta = stated.parameters.get("eta", LEARNING_RATES[QUADRATIC])
    first = np.asarray(_trajectory(GOOD_START, LEARNING_RATES[QUADRATIC])["a"])
    second = np.asarray(_trajectory(SATURATED_START, eta)["a"])
    reached = np.flatnonzero(second <= first[0])
    end_note = (
        f"ends at {second[-1]:.3f} after {len(second) - 1} epochs (the first run: {first[-1]:.3f})"
    )
    if not reached.size:
        return row(
            stated,
            shown="then falls as the first run did",
            computed=None,
            tolerance=_within_epochs(stated.tolerance),
            verdict=False,
            note=f"never falls to {first[0]:.2f}; {end_note}",
        )
    start = int(reached[0])
    rest = second[start:]
    # The first run's output falls monotonically: interpolate the epoch at which it has each value.
    epoch_of = np.interp(-rest, -first, np.arange(first.size))
    lag = float(np.max(np.abs(epoch_of - np.arange(rest.size))))
    return row(
        stated,
        shown="then falls as the first run did",
        computed=round(lag, 3),
        tolerance=_within_epochs(stated.tolerance),
        verdict=lag <= stated.tolerance,
        note=f"eta = {eta:g}: reaches {first[0]:.2f} at epoch {start}, then stays within "
        f"{lag:.2f} epochs of the first run; {end_note}",
    )
