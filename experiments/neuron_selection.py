"""Which single-neuron run a check of :mod:`experiments.neuron_checks` reads.

A check names its run by optional parameters of its catalog entry, so that a negative control
(``claims.catalog.model.Control``) can move it: ``start`` (a name of
:data:`experiments.neuron.START_NAMES` or a (w, b) pair), ``cost`` (the quadratic cost by default)
and ``eta`` (that cost's standard rate by default). The four standard runs are read from the runs
the judge hands over; any other run is trained here, once per process.
"""

from __future__ import annotations

import functools

from experiments.checks import Stated
from experiments.neuron import (
    EPOCHS,
    LEARNING_RATES,
    START_NAMES,
    NeuronRun,
    find_run,
    steepest_descent_epoch,
    train_neuron,
)

QUADRATIC, CROSS_ENTROPY = "quadratic", "cross_entropy"


def start_of(stated: Stated, default: str | None = None) -> tuple[float, float]:
    """The start the check reads: parameter ``start`` (a name of :data:`START_NAMES` or a
    (w, b) pair), else ``default``."""
    name = stated.parameters.get("start", default) if default else stated.parameter("start")
    if isinstance(name, tuple) and len(name) == 2:
        return float(name[0]), float(name[1])
    if name not in START_NAMES:
        raise ValueError(
            f"claim {stated.claim_id!r}: start {name!r} is neither one of "
            f"{sorted(START_NAMES)} nor a (w, b) pair"
        )
    return START_NAMES[name]


def cost_of(stated: Stated) -> str:
    """The cost the check reads: parameter ``cost``, the quadratic cost by default."""
    cost = stated.parameters.get("cost", QUADRATIC)
    if cost not in LEARNING_RATES:
        raise ValueError(
            f"claim {stated.claim_id!r}: cost {cost!r} is not one of {sorted(LEARNING_RATES)}"
        )
    return cost


def eta_of(stated: Stated, cost: str) -> float:
    """The learning rate the check reads: parameter ``eta``, else the cost's standard rate."""
    return float(stated.parameters.get("eta", LEARNING_RATES[cost]))


@functools.lru_cache(maxsize=64)
def trained(start: tuple[float, float], cost: str, eta: float, epochs: int) -> dict:
    return train_neuron(NeuronRun(*start, cost, eta, epochs))


def run_of(runs, start, cost=QUADRATIC, eta: float | None = None, epochs: int = EPOCHS) -> dict:
    """The standard run with these settings from ``runs``, or the run trained with them."""
    eta = LEARNING_RATES[cost] if eta is None else eta
    if eta == LEARNING_RATES[cost] and epochs == EPOCHS:
        try:
            return find_run(runs, *start, cost)
        except KeyError:
            pass
    return trained(tuple(start), cost, eta, epochs)


def costs_of(runs, start, cost=QUADRATIC, eta: float | None = None) -> list[float]:
    return run_of(runs, start, cost, eta)["trajectory"]["cost"]


def read_costs(stated: Stated, runs, default_start: str) -> list[float]:
    """The cost curve of the run the parameters name (start, cost, eta)."""
    cost = cost_of(stated)
    return costs_of(runs, start_of(stated, default_start), cost, eta_of(stated, cost))


def described(stated: Stated, default_start: str) -> str:
    """The run the parameters name, in words ("quadratic cost, eta = 0.15, from (2.0, 2.0)")."""
    cost = cost_of(stated)
    return (
        f"{cost.replace('_', '-')} cost, eta = {eta_of(stated, cost)}, from "
        f"{start_of(stated, default_start)}"
    )


def steepest_of(start, cost: str, eta: float, epochs: int = EPOCHS) -> int:
    return steepest_descent_epoch(trained(tuple(start), cost, eta, epochs)["trajectory"]["cost"])


def good_output(runs) -> float:
    """The initial output of the standard run from w = 0.6, b = 0.9."""
    return find_run(runs, *START_NAMES["good"], QUADRATIC)["initial_output"]


def saturated_output(runs) -> float:
    """The initial output of the standard run from w = b = 2."""
    return find_run(runs, *START_NAMES["saturated"], QUADRATIC)["initial_output"]
