"""The checks that compare how fast the single neuron learns: from the two starts, with the two
costs, at several learning rates -- the statements "harder when badly wrong", "the larger the
initial error the more slowly it converges", "fast from the start" and "no obvious gain unless
badly wrong", each with the other reading it admits.

Each function takes a :class:`experiments.checks.Stated` and the four standard run records
(:func:`experiments.neuron.standard_runs`) and returns one comparison row
(:func:`experiments.checks.row`); the run it reads is named by its parameters
(:mod:`experiments.neuron_selection`).
"""

from __future__ import annotations

import itertools
import math

from experiments.checks import Stated, row
from experiments.neuron import (
    EPOCHS,
    LEARNING_RATES,
    START_NAMES,
    cost_ratio,
    epochs_to_reach,
    find_run,
    gradient_magnitude,
    steepest_descent_epoch,
)
from experiments.neuron_selection import (
    CROSS_ENTROPY,
    QUADRATIC,
    cost_of,
    costs_of,
    eta_of,
    good_output,
    saturated_output,
    steepest_of,
)


def _cost_left(stated: Stated, runs) -> tuple[float, float, str, str]:
    """Share of its initial cost each start keeps after ``at_epoch`` epochs (cost and eta from
    the parameters): (small error, large error, computed text, note)."""
    epoch, cost = stated.parameter("at_epoch"), cost_of(stated)
    good = costs_of(runs, START_NAMES["good"], cost, eta_of(stated, cost))
    saturated = costs_of(runs, START_NAMES["saturated"], cost, eta_of(stated, cost))
    small_error, large_error = cost_ratio(good, epoch), cost_ratio(saturated, epoch)
    computed = (
        f"cost left after {epoch} epochs: {small_error:.1%} from output "
        f"{good_output(runs):.2f} (small error), {large_error:.1%} from output "
        f"{saturated_output(runs):.2f} (large error)"
    )
    note = f"{cost.replace('_', '-')} cost, eta = {eta_of(stated, cost)}"
    return small_error, large_error, computed, note


def harder_when_error_small(stated: Stated, runs: list[dict]) -> dict:
    """ "Harder when the error is small": after ``at_epoch`` epochs the start with the smaller
    error keeps a share of its cost larger than the other start's by more than ``tolerance``."""
    small_error, large_error, computed, note = _cost_left(stated, runs)
    return row(
        stated,
        shown="learning is harder when the error is small",
        computed=computed,
        tolerance=f"holds if the start with the smaller error keeps the larger share of its "
        f"cost (by more than {stated.tolerance:g})",
        verdict=small_error - large_error > stated.tolerance,
        note=note,
    )


def harder_when_badly_wrong(stated: Stated, runs: list[dict]) -> dict:
    """ "Harder when badly wrong than when the error is small": after ``at_epoch`` epochs the
    start with the larger error keeps a share of its cost larger than the other start's by more
    than ``tolerance``."""
    small_error, large_error, computed, note = _cost_left(stated, runs)
    return row(
        stated,
        shown="learning is harder when badly wrong than when the error is small",
        computed=computed,
        tolerance=f"holds if the start with the larger error keeps the larger share of its "
        f"cost (by more than {stated.tolerance:g})",
        verdict=large_error - small_error > stated.tolerance,
        note=note,
    )


def fast_from_the_start(stated: Stated, runs: list[dict]) -> dict:
    """ "Learns fast from the start, no slow start", read as the runs the document shows learning
    fast: from both starts, with cost ``cost`` at ``eta`` for 300 epochs, the first update lowers
    the cost most (steepest-descent epoch <= ``tolerance``) and the cost ends below
    ``final_below`` of its initial value."""
    cost, final_below = cost_of(stated), stated.parameter("final_below")
    eta = eta_of(stated, cost)
    found, fast = [], True
    for name, start in START_NAMES.items():
        costs = costs_of(runs, start, cost, eta)
        steepest, final = steepest_descent_epoch(costs), cost_ratio(costs, -1)
        fast &= steepest <= stated.tolerance and final < final_below
        found.append(
            f"{name} start: largest decrease at epoch {steepest}, final cost "
            f"{final:.0%} of the initial"
        )
    return row(
        stated,
        shown="fast from the start, no slow start",
        computed="; ".join(found),
        tolerance=f"from both starts the steepest descent at epoch <= {stated.tolerance:g} (the "
        f"first update) and a final cost below {final_below:.0%} of the initial one",
        verdict=fast,
        note=f"{cost.replace('_', '-')} cost, eta = {eta}, {EPOCHS} epochs",
    )


def largest_decrease_first(stated: Stated, runs: list[dict]) -> dict:
    """The shape alone: the cross-entropy cost falls fastest in its first update (steepest-descent
    epoch <= ``tolerance``) from both starts, at the cross-entropy's rate 0.005 and at 0.15.
    Holds at any rate below 2: dC/dz = a shrinks as the output approaches the target."""
    etas = (LEARNING_RATES[CROSS_ENTROPY], LEARNING_RATES[QUADRATIC])
    cost = stated.parameters.get("cost", CROSS_ENTROPY)
    epochs = {
        (name, eta): steepest_of(start, cost, eta)
        for name, start in START_NAMES.items()
        for eta in etas
    }
    return row(
        stated,
        shown="the cost falls fastest from the start",
        computed=", ".join(
            f"steepest descent at epoch {e} ({name} start, eta = {eta})"
            for (name, eta), e in epochs.items()
        ),
        tolerance=f"the steepest descent at epoch <= {stated.tolerance:g} (the first update), "
        f"from both starts at eta = {etas[0]} and at eta = {etas[1]}",
        verdict=all(e <= stated.tolerance for e in epochs.values()),
        note=f"{cost.replace('_', '-')} cost; dC/dz = a for the cross-entropy: it shrinks as the "
        "output approaches the target",
    )


def _initial_outputs(stated: Stated) -> list[float]:
    """The initial outputs ``outputs``, then the figures printed for the claims named by
    ``printed_outputs`` (the runs' two starts), in increasing error for target 0."""
    return [
        *stated.parameter("outputs"),
        *(
            float(stated.given_figure(claim))
            for claim in stated.parameters.get("printed_outputs", ())
        ),
    ]


def _epochs_to_converge(stated: Stated) -> tuple[list[int | None], str, float]:
    """Epochs until the output is at most ``converged``, from each initial output
    (:func:`_initial_outputs`; start w = 0, b = ln(a / (1 - a)): with x = 1 only z = w + b
    matters)."""
    cost = cost_of(stated)
    eta, below = eta_of(stated, cost), stated.parameter("converged")
    epochs = [
        epochs_to_reach(below, 0.0, math.log(a / (1 - a)), cost, eta)
        for a in _initial_outputs(stated)
    ]
    return epochs, cost, eta


def converges_later_when_more_wrong(stated: Stated, runs: list[dict]) -> dict:
    """ "The larger the initial error, the more slowly it converges", read as time to converge:
    for target 0 and the initial outputs ``outputs`` (in increasing error), the epochs until the
    output is at most ``converged`` rise by more than ``tolerance`` from each to the next."""
    outputs, below = _initial_outputs(stated), stated.parameter("converged")
    epochs, cost, eta = _epochs_to_converge(stated)
    return row(
        stated,
        shown="a larger initial error converges more slowly",
        computed=", ".join(f"{e} epochs from {a:g}" for a, e in zip(outputs, epochs)),
        tolerance=f"the epochs until the output is at most {below:g} rise with the initial "
        f"error, by more than {stated.tolerance:g} from each start to the next",
        verdict=None not in epochs
        and all(
            later - earlier > stated.tolerance for earlier, later in itertools.pairwise(epochs)
        ),
        note=f"{cost.replace('_', '-')} cost, eta = {eta}, target 0. Below eta = 5 every update "
        "z -> z - 2 eta a^2 (1 - a) keeps the order of two starts, so a worse start "
        "reaches any output later.",
    )


def initial_speed_falls_with_error(stated: Stated, runs: list[dict]) -> dict:
    """The same statement read as the rate of learning: |dC/dz| at the initial outputs
    ``outputs`` (in increasing error) falls by more than ``tolerance`` from each to the next."""
    outputs, cost = _initial_outputs(stated), cost_of(stated)
    speeds = [gradient_magnitude(a, cost) for a in outputs]
    return row(
        stated,
        shown="a larger initial error learns more slowly at the start",
        computed=", ".join(f"|dC/dz| = {g:.3f} at {a:g}" for a, g in zip(outputs, speeds)),
        tolerance=f"|dC/dz| at the start falls with the initial error (by more than "
        f"{stated.tolerance:g} from each start to the next)",
        verdict=all(
            earlier - later > stated.tolerance for earlier, later in itertools.pairwise(speeds)
        ),
        note=f"{cost.replace('_', '-')} cost, target 0: dC/dz = a^2 (1 - a) for the quadratic "
        "cost, largest at a = 2/3",
    )


def _speed_up(stated: Stated, runs, start) -> tuple[float, int, int | None, float]:
    """How many times sooner the cross-entropy run from ``start`` (at ``eta``) reaches the output
    the quadratic run (eta = 0.15) ends at after 300 epochs: (factor, quadratic epochs,
    cross-entropy epochs or None within 100,000, that output)."""
    quadratic = find_run(runs, *start, QUADRATIC)
    target = quadratic["final_output"]
    slow = epochs_to_reach(target, *start, QUADRATIC, quadratic["eta"])
    fast = epochs_to_reach(target, *start, CROSS_ENTROPY, eta_of(stated, CROSS_ENTROPY))
    return (slow / fast if fast else 0.0), slow, fast, target


def no_obvious_gain_unless_badly_wrong(stated: Stated, runs: list[dict]) -> dict:
    """ "From an output not clearly off, the cross-entropy brings no obvious improvement": from
    the good start the cross-entropy run at ``eta`` reaches the quadratic run's final
    output fewer than ``tolerance`` times sooner than the quadratic run does."""
    factor, slow, fast, target = _speed_up(stated, runs, START_NAMES["good"])
    saturated, *_ = _speed_up(stated, runs, START_NAMES["saturated"])
    return row(
        stated,
        shown=f"no obvious improvement from an output not clearly off ({good_output(runs):.2f})",
        computed=f"{factor:.1f} x sooner",
        tolerance=f"'no obvious improvement' = the cross-entropy reaches the quadratic run's final "
        f"output fewer than {stated.tolerance:g} times sooner",
        verdict=factor < stated.tolerance,
        note=f"from output {good_output(runs):.2f}: output {target:.3f} after {slow} epochs with "
        f"the quadratic cost (eta = {LEARNING_RATES[QUADRATIC]}), after {fast} with the "
        f"cross-entropy (eta = {eta_of(stated, CROSS_ENTROPY)}); from output "
        f"{saturated_output(runs):.2f} the cross-entropy is {saturated:.1f} x sooner",
    )


def gain_smaller_when_not_far_off(stated: Stated, runs: list[dict]) -> dict:
    """The same statement read as a comparison: the cross-entropy's speed-up over the quadratic
    run (:func:`no_obvious_gain_unless_badly_wrong`) from the good start is below the one from the
    saturated start by a factor of more than ``tolerance``."""
    good, *_ = _speed_up(stated, runs, START_NAMES["good"])
    saturated, *_ = _speed_up(stated, runs, START_NAMES["saturated"])
    near, far = good_output(runs), saturated_output(runs)
    return row(
        stated,
        shown="a smaller gain when the output is not far off",
        computed=f"{good:.1f} x sooner from {near:.2f}, {saturated:.1f} x sooner from {far:.2f}",
        tolerance=f"the speed-up from {far:.2f} more than {stated.tolerance:g} times the one from "
        f"{near:.2f}",
        verdict=good > 0 and saturated / good > stated.tolerance,
        note=f"cross-entropy at eta = {eta_of(stated, CROSS_ENTROPY)} against the quadratic runs "
        f"(eta = {LEARNING_RATES[QUADRATIC]}); 1 / (a (1 - a)) is "
        f"{1 / (near * (1 - near)):.1f} at {near:.2f} and {1 / (far * (1 - far)):.0f} at "
        f"{far:.2f}",
    )


def slower_while_badly_wrong(stated: Stated, runs: list[dict]) -> dict:
    """ "Great difficulty learning while badly wrong": in the run from ``start`` (cost and eta
    from the parameters) the first update lowers the cost by less than ``tolerance`` of the
    largest decrease the run reaches later, once its output is closer to the target."""
    cost = cost_of(stated)
    costs = costs_of(runs, START_NAMES[stated.parameter("start")], cost, eta_of(stated, cost))
    steepest = steepest_descent_epoch(costs)
    share = (costs[0] - costs[1]) / (costs[steepest] - costs[steepest + 1])
    return row(
        stated,
        shown="learning is slow while the output is badly wrong",
        computed=f"first decrease {share:.3f} x the largest (epoch {steepest})",
        tolerance=f"the first update's decrease below {stated.tolerance:g} x the largest decrease "
        "of the run",
        verdict=share < stated.tolerance,
        note=f"{cost.replace('_', '-')} cost, eta = {eta_of(stated, cost)}, from "
        f"{stated.parameter('start')} start",
    )
