"""The checks of what the documents say about the single-neuron runs (:mod:`experiments.neuron`).

Each function takes a :class:`experiments.checks.Stated` (the figure, tolerance and parameters of
one catalog entry, for one document's statement) and the four standard run records
(:func:`experiments.neuron.standard_runs`), and returns one comparison row
(:func:`experiments.checks.row`). Curve words are read through the parameters the catalog gives
(e.g. "little progress" = the cost stays above ``little_progress`` of its initial value), so the
reading is stated once, beside the figure.

Curve measures (:mod:`experiments.neuron`): C(t) is the cost after t updates; the steepest-descent
epoch is the t whose update t -> t + 1 lowers the cost most (0 = the very first update).

The run a check reads is named by optional parameters (:mod:`experiments.neuron_selection`), so
that a negative control of the catalog can move it to another start, cost or learning rate.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from engine.network import Network
from experiments import neuron
from experiments.checks import HALF_UNIT, Stated, half_unit_of, prints_as, row
from experiments.neuron import (
    EPOCHS,
    LEARNING_RATES,
    SATURATED_START,
    START_NAMES,
    NeuronRun,
    cost_ratio,
    epochs_to_reach,
    find_run,
    first_epoch_below,
    gradient_magnitude,
    steepest_descent_epoch,
)
from experiments.neuron_selection import (
    CROSS_ENTROPY,
    QUADRATIC,
    cost_of,
    costs_of,
    described,
    eta_of,
    good_output,
    read_costs,
    run_of,
    saturated_output,
    start_of,
    steepest_of,
    trained,
)

LEARNING_RATE_PANEL = (0.05, 0.15, 0.5)
"""Learning rates at which the shape of the learning curve is compared ..."""
PANEL_RATE_TIMES_EPOCHS = LEARNING_RATES[QUADRATIC] * EPOCHS
"""... each run lasting eta x epochs = 0.15 x 300 = 45, so only the time scale differs."""


def _printed(stated: Stated, computed: float, note: str) -> dict:
    """A printed figure against a computed value, to half a unit in its last printed digit."""
    if stated.tolerance != HALF_UNIT:
        raise ValueError(
            f"claim {stated.claim_id!r}: a printed output is judged to "
            f"{HALF_UNIT!r}, the catalog gives {stated.tolerance!r}"
        )
    return row(
        stated,
        shown=stated.figure,
        computed=computed,
        tolerance=f"|computed - stated| <= {half_unit_of(stated.figure):g} ({HALF_UNIT})",
        verdict=prints_as(computed, stated.figure),
        note=note,
    )


def initial_output(stated: Stated, runs: list[dict]) -> dict:
    """The output before any update, sigma(w + b), at the start named ``start``."""
    start = start_of(stated)
    run = find_run(runs, *start, QUADRATIC)
    return _printed(stated, run["initial_output"], f"sigma({start[0]} + {start[1]})")


def _outputs_of_the_starts(stated: Stated) -> dict[str, float]:
    """Start name -> the output before any update, through the output layer ``output`` (the
    sigmoid by default; "linear" gives a = z)."""
    layer = stated.parameters.get("output", "sigmoid")
    found = {}
    for name, (w, b) in START_NAMES.items():
        network = Network([1, 1], output=layer, cost=QUADRATIC)
        network.weights[0][0, 0], network.biases[0][0] = w, b
        found[name] = float(network.feedforward(np.array([[1.0]]))[0, 0])
    return found


def outputs_between_zero_and_one(stated: Stated, runs: list[dict]) -> dict:
    """ "a lies between 0 and 1": the outputs at both starts are strictly inside (0, 1)."""
    outputs = _outputs_of_the_starts(stated)
    return row(
        stated,
        shown="0 < a < 1",
        computed=", ".join(f"{value:.4f} ({name} start)" for name, value in outputs.items()),
        tolerance="every output strictly between 0 and 1",
        note=f"x = 1, {_layer(stated)}",
        verdict=all(0.0 < value < 1.0 for value in outputs.values()),
    )


def outputs_in_set_zero_one(stated: Stated, runs: list[dict]) -> dict:
    """The set reading of "a in {0, 1}": every output at both starts equals 0 or 1."""
    outputs = _outputs_of_the_starts(stated)
    return row(
        stated,
        shown="a in {0, 1}",
        computed=", ".join(f"{value:.4f} ({name} start)" for name, value in outputs.items()),
        tolerance="every output equal to 0 or to 1",
        note=f"x = 1, {_layer(stated)}",
        verdict=all(value in (0.0, 1.0) for value in outputs.values()),
    )


def _layer(stated: Stated) -> str:
    return f"{stated.parameters.get('output', 'sigmoid')} output layer"


def within_one_standard_deviation(stated: Stated, runs: list[dict]) -> dict:
    """Both parameters of the start ``start`` lie within one standard deviation of the mean of
    N(0, 1): |w| < 1 and |b| < 1."""
    w, b = start_of(stated)
    return row(
        stated,
        shown="ordinary standard-normal draws",
        computed=f"w = {w:g}, b = {b:g}",
        tolerance="|w| < 1 and |b| < 1",
        verdict=abs(w) < 1 and abs(b) < 1,
        note=f"P(|Z| > |w|) = {math.erfc(abs(w) / math.sqrt(2)):.0%}, P(|Z| > |b|) = "
        f"{math.erfc(abs(b) / math.sqrt(2)):.0%} for Z ~ N(0, 1)",
    )


def final_output(stated: Stated, runs: list[dict]) -> dict:
    """The output of the quadratic-cost run from ``start`` after its 300 epochs."""
    run = find_run(runs, *start_of(stated), QUADRATIC)
    return _printed(
        stated,
        run["final_output"],
        f"quadratic cost, eta = {run['eta']}, after {run['epochs']} epochs",
    )


def slow_start_length(stated: Stated, runs: list[dict]) -> dict:
    """ "About N epochs of little progress" from the saturated start: the first epoch whose cost
    is below ``little_progress`` of the initial cost lies within ``tolerance`` epochs of N, and
    the cost ends below ``final_below`` of the initial cost (the output does go on towards 0)."""
    little, final_below = stated.parameter("little_progress"), stated.parameter("final_below")
    costs = read_costs(stated, runs, "saturated")
    plateau_end = first_epoch_below(costs, little)
    final = cost_ratio(costs, -1)
    stated_epochs = int(stated.figure)
    return row(
        stated,
        shown=stated.figure,
        computed=plateau_end,
        tolerance=f"first epoch with cost below {little:.0%} of the initial cost within "
        f"+-{stated.tolerance:g} epochs of the stated count, and a final cost below "
        f"{final_below:.0%} of the initial one",
        verdict=plateau_end is not None
        and abs(plateau_end - stated_epochs) <= stated.tolerance
        and final < final_below,
        note=f"{described(stated, 'saturated')}; final cost {final:.1%} of the initial",
    )


def clear_decline_near(stated: Stated, runs: list[dict]) -> dict:
    """ "A clear decline only around epoch N": the steepest-descent epoch and the first epoch with
    the cost below ``halved`` of its initial value both lie within ``tolerance`` epochs of N."""
    halved_at = stated.parameter("halved")
    costs = read_costs(stated, runs, "saturated")
    steepest = steepest_descent_epoch(costs)
    halved = first_epoch_below(costs, halved_at)
    stated_epochs = int(stated.figure)
    return row(
        stated,
        shown=stated.figure,
        computed=f"steepest descent at epoch {steepest}, cost halved at epoch {halved}",
        tolerance=f"both epochs within +-{stated.tolerance:g} of the stated count",
        verdict=halved is not None
        and all(abs(e - stated_epochs) <= stated.tolerance for e in (steepest, halved)),
        note="steepest descent = the update that lowers the cost most; cost halved = first "
        f"epoch with cost below {halved_at:.0%} of its initial value; "
        f"{described(stated, 'saturated')}",
    )


def still_high_at(stated: Stated, runs: list[dict]) -> dict:
    """ "Still high after N epochs, normal learning at the end": the cost at epoch N is above
    ``tolerance`` of its initial value and the final cost below ``final_below`` of it."""
    final_below = stated.parameter("final_below")
    costs = read_costs(stated, runs, "saturated")
    epoch = int(stated.figure)
    at_epoch, final = cost_ratio(costs, epoch), cost_ratio(costs, -1)
    return row(
        stated,
        shown=stated.figure,
        computed=f"cost at epoch {epoch}: {at_epoch:.1%} of the initial; at epoch "
        f"{len(costs) - 1}: {final:.1%}",
        tolerance=f"cost at the stated epoch above {stated.tolerance:.0%} and at the end below "
        f"{final_below:.0%} of the initial cost",
        verdict=at_epoch > stated.tolerance and final < final_below,
        note=f"{described(stated, 'saturated')}; steepest descent at epoch "
        f"{steepest_descent_epoch(costs)}",
    )


def fast_from_start(stated: Stated, runs: list[dict]) -> dict:
    """ "Very low by epoch ``epoch``, almost 0 at the end": the cost there is below
    ``tolerance`` of the initial cost, and below ``almost_zero`` of it at the end."""
    epoch, almost_zero = stated.parameter("epoch"), stated.parameter("almost_zero")
    costs = read_costs(stated, runs, "good")
    at_epoch, final = cost_ratio(costs, epoch), cost_ratio(costs, -1)
    return row(
        stated,
        shown=f"very low by epoch {epoch}, almost 0 by epoch {len(costs) - 1}",
        computed=f"cost at epoch {epoch}: {at_epoch:.1%} of the initial; at epoch "
        f"{len(costs) - 1}: {final:.1%}",
        tolerance=f"'very low' = below {stated.tolerance:.0%}, 'almost 0' = below "
        f"{almost_zero:.0%} of the initial cost",
        verdict=at_epoch < stated.tolerance and final < almost_zero,
        note=f"cost {costs[0]:.4f} -> {costs[epoch]:.4f} (epoch {epoch}) -> {costs[-1]:.4f}",
    )


def slow_then_fast(stated: Stated, runs: list[dict]) -> dict:
    """Fast at once from the good start, slow at first from the saturated one: the steepest
    descent comes within the first ``tolerance`` epochs from the good start and after the
    stated slow start (the figure of the claim named ``plateau``) from the saturated one."""
    plateau = int(stated.given_figure(stated.parameter("plateau")))
    good, saturated = START_NAMES["good"], START_NAMES["saturated"]
    cost = cost_of(stated)
    slow = steepest_descent_epoch(costs_of(runs, saturated, cost, eta_of(stated, cost)))
    fast = steepest_descent_epoch(costs_of(runs, good, cost, eta_of(stated, cost)))
    return row(
        stated,
        shown="fast at once from the good start; slow at first, then fast, from the "
        "saturated start",
        computed=f"steepest descent at epoch {fast} from {good}, at epoch {slow} from {saturated}",
        tolerance=f"steepest descent within the first {stated.tolerance:g} epochs from {good} "
        f"and after epoch {plateau} (the stated slow start) from {saturated}",
        verdict=fast < stated.tolerance and slow > plateau,
        note=f"{cost.replace('_', '-')} cost, eta = {eta_of(stated, cost)}",
    )


def smaller_initial_gradient(stated: Stated, runs: list[dict]) -> dict:
    """|dC/dw| at the saturated start over |dC/dw| at the good start, quadratic cost: "clearly
    smaller" when the ratio is below ``tolerance``."""
    cost = cost_of(stated)
    good = abs(run_of(runs, START_NAMES["good"], cost)["trajectory"]["dC_dw"][0])
    saturated = abs(run_of(runs, START_NAMES["saturated"], cost)["trajectory"]["dC_dw"][0])
    return row(
        stated,
        shown="initial gradient of the badly wrong start clearly smaller",
        computed=saturated / good,
        tolerance=f"'clearly smaller' = ratio below {stated.tolerance:g}",
        verdict=saturated / good < stated.tolerance,
        note=f"computed = |dC/dw| at output {saturated_output(runs):.4f} / |dC/dw| at output "
        f"{good_output(runs):.4f}, {cost.replace('_', '-')} cost: {saturated:.4f} / "
        f"{good:.4f}",
    )


def steeper_at_start(stated: Stated, runs: list[dict]) -> dict:
    """From the saturated start, the cross-entropy's first-epoch cost decrease (eta = 0.005)
    over the quadratic's (eta = 0.15): "much steeper" when at least ``tolerance``."""
    start = start_of(stated, "saturated")
    entropy = costs_of(runs, start, CROSS_ENTROPY)
    quadratic = costs_of(runs, start)
    ratio = (entropy[0] - entropy[1]) / (quadratic[0] - quadratic[1])
    return row(
        stated,
        shown="the cross-entropy curve is much steeper at the start",
        computed=ratio,
        tolerance=f"'much steeper' = a first-epoch cost decrease at least {stated.tolerance:g} "
        "times larger",
        verdict=ratio >= stated.tolerance,
        note=f"first-epoch decrease from {start}: cross-entropy (eta = "
        f"{LEARNING_RATES[CROSS_ENTROPY]}) {entropy[0] - entropy[1]:.2e}, quadratic (eta = "
        f"{LEARNING_RATES[QUADRATIC]}) {quadratic[0] - quadratic[1]:.2e}",
    )


def learns_as_well(stated: Stated, runs: list[dict]) -> dict:
    """ "About as well as the quadratic run": the cross-entropy run from ``start`` (eta = 0.005)
    ends with an output at most ``tolerance`` above the quadratic run's."""
    start = start_of(stated)
    entropy = run_of(runs, start, CROSS_ENTROPY, eta_of(stated, CROSS_ENTROPY))
    quadratic = find_run(runs, *start, QUADRATIC)
    needed = epochs_to_reach(quadratic["final_output"], *start, CROSS_ENTROPY, entropy["eta"])
    saturated = find_run(runs, *SATURATED_START, CROSS_ENTROPY)
    return row(
        stated,
        shown=f"about as well as the quadratic run (which ends at {quadratic['final_output']:.4f})",
        computed=entropy["final_output"],
        tolerance=f"final output at most {stated.tolerance:g} above the quadratic run's",
        verdict=entropy["final_output"] <= quadratic["final_output"] + stated.tolerance,
        note=f"cross-entropy at eta = {entropy['eta']} from {start}, {entropy['epochs']} epochs; "
        f"it reaches the quadratic run's {quadratic['final_output']:.3f} only at epoch "
        f"{needed}. From the saturated start its output after {saturated['epochs']} epochs "
        f"is {saturated['final_output']:.3f}.",
    )


def pattern_independent_of_learning_rate(stated: Stated, runs: list[dict]) -> dict:
    """At every eta of :data:`LEARNING_RATE_PANEL`, each run lasting eta x epochs = 45, from the
    saturated start: the quadratic run's largest per-epoch decrease comes in the second half of
    the run and is at least ``tolerance`` times its first, and the cross-entropy's comes first."""
    slow_cost, fast_cost = stated.parameters.get("costs", (QUADRATIC, CROSS_ENTROPY))
    late, early, found = True, True, []
    for eta in LEARNING_RATE_PANEL:
        epochs = round(PANEL_RATE_TIMES_EPOCHS / eta)
        costs = trained(SATURATED_START, slow_cost, eta, epochs)["trajectory"]["cost"]
        steepest = steepest_descent_epoch(costs)
        gain = (costs[steepest] - costs[steepest + 1]) / (costs[0] - costs[1])
        fast = steepest_of(SATURATED_START, fast_cost, eta, epochs)
        late &= steepest + 1 > epochs / 2 and gain >= stated.tolerance
        early &= fast == 0
        found.append(
            f"eta = {eta}, {epochs} epochs: {slow_cost.replace('_', '-')} steepest at "
            f"epoch {steepest} ({gain:.0f} x the first), {fast_cost.replace('_', '-')} "
            f"at epoch {fast}"
        )
    ratios = {
        cost: gradient_magnitude(saturated_output(runs), cost)
        / gradient_magnitude(good_output(runs), cost)
        for cost in (QUADRATIC, CROSS_ENTROPY)
    }
    return row(
        stated,
        shown="quadratic slow while badly wrong, cross-entropy fastest then, whatever eta",
        computed="; ".join(found),
        tolerance=f"at every eta of the panel: the quadratic run's steepest descent in the second "
        f"half of the run and at least {stated.tolerance:g} times its first decrease; "
        "the cross-entropy's at epoch 0",
        verdict=late and early,
        note="eta scales every update alike: |dC/dw| at the saturated start over |dC/dw| at the "
        f"good start is {ratios[QUADRATIC]:.3f} for the quadratic cost and "
        f"{ratios[CROSS_ENTROPY]:.3f} for the cross-entropy at any eta",
    )


@functools.cache
def _reproduction(printed: str, start: tuple[float, float]) -> dict:
    """Settings that give the printed output for the cross-entropy run from ``start``."""
    value, half = float(printed), half_unit_of(printed)

    def eta_for(target):
        return neuron.learning_rate_for_output(target, *start, CROSS_ENTROPY)

    return {
        "eta": eta_for(value),
        "eta_range": (eta_for(value + half), eta_for(value - half)),
        "epochs": {
            eta: neuron.epochs_printing_as(printed, *start, CROSS_ENTROPY, eta)
            for eta in (LEARNING_RATES[CROSS_ENTROPY], LEARNING_RATES[QUADRATIC])
        },
    }


def cross_entropy_final_output(stated: Stated, runs: list[dict]) -> dict:
    """The cross-entropy run's output from ``start`` after 300 epochs, at eta = 0.15 (the
    quadratic run's settings "unchanged") and at eta = 0.005 (document 002's rate): holds when
    either prints as the figure; the note gives the rate that would reproduce it."""
    start = start_of(stated)
    finals = {
        eta: neuron.final_output(NeuronRun(*start, CROSS_ENTROPY, eta))
        for eta in (LEARNING_RATES[QUADRATIC], LEARNING_RATES[CROSS_ENTROPY])
    }
    found = _reproduction(stated.figure, start)
    low, high = found["eta_range"]
    spans = "; ".join(
        f"at eta = {eta} it prints as {stated.figure} at epochs {span[0]}-{span[1]}"
        if span
        else f"at eta = {eta} it never prints as {stated.figure}"
        for eta, span in found["epochs"].items()
    )
    return row(
        stated,
        shown=stated.figure,
        computed=", ".join(f"{value:.4f} (eta = {eta})" for eta, value in finals.items()),
        tolerance=f"|computed - stated| <= {half_unit_of(stated.figure):g} ({HALF_UNIT}) at "
        "either rate",
        verdict=any(prints_as(value, stated.figure) for value in finals.values()),
        note=f"cross-entropy from {start}, {EPOCHS} epochs. An output of {stated.figure} after "
        f"{EPOCHS} epochs needs eta = {found['eta']:.4f} (any eta in [{low:.4f}, "
        f"{high:.4f}] prints as {stated.figure}); {spans}.",
    )
