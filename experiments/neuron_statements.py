"""What the documents say about the single-neuron runs, each set beside the computed value.

Every statement is paraphrased (document, line), keyed by its claim id in
:mod:`claims.catalog`, and checked against the runs of :mod:`experiments.neuron`. Printed numbers are
compared to the half unit of their last printed digit; epoch counts given as "about N" to +-30
epochs (the documents round them to multiples of 50); curve words through the operational
definitions below (the catalog's witness plans), stated in each row's tolerance. Where a stated number does not follow from the stated settings, the note gives the
setting that would reproduce it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from experiments import neuron
from experiments.neuron import (
    EPOCHS,
    LEARNING_RATES,
    NeuronRun,
    cost_ratio,
    epochs_to_reach,
    find_run,
    first_epoch_below,
    gradient_magnitude,
    half_unit_of,
    steepest_descent_epoch,
    train_neuron,
)

DOC_000 = "000_de8b5c01d2ccda08.txt"
DOC_001 = "001_35ed4ba02ee3d433.txt"
DOC_002 = "002_6346e0d4e60abd44.txt"
DOC_003 = "003_d4abb7bdab8dcbfb.txt"
DOC_004 = "004_fb13fecbfd095a18.txt"

ABOUT_EPOCHS = 30
"""Tolerance for "about N epochs": the documents round such counts to multiples of 50."""
LITTLE_PROGRESS = 0.9
""""Little progress" while the cost stays above 90 % of its initial value."""
CLEAR_DECLINE = 0.5
""""Clear decline" by the epoch at which the cost falls below half its initial value."""
SLOW_START_AFTER = 150
""""Slow at first" when the largest per-epoch decrease comes after epoch 150 ..."""
FAST_START_WITHIN = 30
"""... and "fast from the start" when it comes within the first 30 epochs."""
CLEARLY_SMALLER = 0.5
""""Clearly smaller": less than half."""
MUCH_STEEPER = 10.0
""""Much steeper": a first-epoch cost decrease at least ten times larger."""
AS_WELL_AS = 0.05
""""About as well as": a final output at most 0.05 above the other run's."""
LEARNING_RATE_PANEL = (0.05, 0.15, 0.5)
"""Learning rates at which the shape of the learning curve is compared."""

SLOW = (2.0, 2.0)
NORMAL = (0.6, 0.9)
QUADRATIC, CROSS_ENTROPY = "quadratic", "cross_entropy"


@dataclass(frozen=True)
class Statement:
    """One thing a document says about the runs (key: the catalog claim id) and its check."""

    key: str
    document: str
    locator: str
    statement: str
    check: Callable[[list[dict]], dict]


def _row(stated, computed, tolerance: str, holds: bool, note: str = "") -> dict:
    return {
        "stated": stated,
        "computed": computed,
        "tolerance": tolerance,
        "verdict": "holds" if holds else "refuted",
        "note": note,
    }


def _costs(runs, start, cost=QUADRATIC) -> list[float]:
    return find_run(runs, *start, cost)["trajectory"]["cost"]


def _printed(printed: str, computed: float, note: str = "") -> dict:
    half = half_unit_of(printed)
    return _row(
        float(printed), computed, f"|computed - stated| <= {half:g} (half a unit in the last "
        "printed digit)", abs(computed - float(printed)) <= half, note,
    )


def initial_output_check(start, printed: str) -> Callable[[list[dict]], dict]:
    def check(runs):
        run = find_run(runs, *start, QUADRATIC)
        return _printed(printed, run["initial_output"], f"sigma({start[0]} + {start[1]})")
    return check


def final_output_check(start, printed: str, epochs_stated: bool) -> Callable[[list[dict]], dict]:
    def check(runs):
        run = find_run(runs, *start, QUADRATIC)
        note = f"quadratic cost, eta = {run['eta']}, after {run['epochs']} epochs"
        if not epochs_stated:
            note += " (this document gives no epoch count; documents 001 and 004 give 300)"
        return _printed(printed, run["final_output"], note)
    return check


def little_progress_for(stated_epochs: int) -> Callable[[list[dict]], dict]:
    def check(runs):
        costs = _costs(runs, SLOW)
        plateau_end = first_epoch_below(costs, LITTLE_PROGRESS)
        final = cost_ratio(costs, -1)
        return _row(
            stated_epochs, plateau_end,
            f"first epoch with cost below {LITTLE_PROGRESS:.0%} of the initial cost within "
            f"+-{ABOUT_EPOCHS} epochs of the stated count, and a final cost below 10 % of the "
            "initial one (the output does go on towards 0)",
            plateau_end is not None and abs(plateau_end - stated_epochs) <= ABOUT_EPOCHS
            and final < 0.1,
            f"quadratic cost, eta = 0.15, from w = b = 2; final cost {final:.1%} of the initial",
        )
    return check


def clear_decline_near(stated_epochs: int) -> Callable[[list[dict]], dict]:
    def check(runs):
        costs = _costs(runs, SLOW)
        steepest = steepest_descent_epoch(costs)
        halved = first_epoch_below(costs, CLEAR_DECLINE)
        return _row(
            stated_epochs, f"steepest descent at epoch {steepest}, cost halved at epoch {halved}",
            f"both epochs within +-{ABOUT_EPOCHS} of the stated count",
            halved is not None and all(abs(e - stated_epochs) <= ABOUT_EPOCHS
                                       for e in (steepest, halved)),
            "steepest descent = the update that lowers the cost most; cost halved = first "
            "epoch with cost below half its initial value; quadratic cost, eta = 0.15, "
            "from w = b = 2",
        )
    return check


def still_high_then_normal(runs) -> dict:
    costs = _costs(runs, SLOW)
    at_200, final = cost_ratio(costs, 200), cost_ratio(costs, -1)
    return _row(
        "high at epoch 200, normal learning in the last 100 epochs",
        f"cost at epoch 200: {at_200:.1%} of the initial; at epoch 300: {final:.1%}",
        "cost at epoch 200 above 50 % and at epoch 300 below 10 % of the initial cost",
        at_200 > 0.5 and final < 0.1,
        f"steepest descent at epoch {steepest_descent_epoch(costs)}",
    )


def fast_from_082(runs) -> dict:
    costs = _costs(runs, NORMAL)
    at_100, final = cost_ratio(costs, 100), cost_ratio(costs, -1)
    return _row(
        "very low by epoch 100, almost 0 by epoch 300",
        f"cost at epoch 100: {at_100:.1%} of the initial; at epoch 300: {final:.1%}",
        "'very low' = below 10 %, 'almost 0' = below 2 % of the initial cost",
        at_100 < 0.1 and final < 0.02,
        f"cost {costs[0]:.4f} -> {costs[100]:.4f} (epoch 100) -> {costs[-1]:.4f} (epoch 300)",
    )


def slow_then_fast(runs) -> dict:
    slow = steepest_descent_epoch(_costs(runs, SLOW))
    normal = steepest_descent_epoch(_costs(runs, NORMAL))
    return _row(
        "from 0.82 fast at once; from 0.98 slow at first, then fast",
        f"steepest descent at epoch {normal} from (0.6, 0.9), at epoch {slow} from (2, 2)",
        f"steepest descent within the first {FAST_START_WITHIN} epochs from (0.6, 0.9) and "
        f"after epoch {SLOW_START_AFTER} from (2, 2)",
        normal < FAST_START_WITHIN and slow > SLOW_START_AFTER,
        "quadratic cost, eta = 0.15",
    )


def harder_when_error_small(runs) -> dict:
    small_error = cost_ratio(_costs(runs, NORMAL), 150)
    large_error = cost_ratio(_costs(runs, SLOW), 150)
    return _row(
        "learning is harder when the error is small",
        f"cost left after 150 epochs: {small_error:.1%} from output 0.82, {large_error:.1%} "
        "from output 0.98",
        "holds if the start with the smaller error (0.82) keeps the larger share of its cost",
        small_error > large_error,
        "quadratic cost, eta = 0.15; the badly wrong start is the slow one",
    )


def smaller_initial_gradient(runs) -> dict:
    normal = abs(find_run(runs, *NORMAL, QUADRATIC)["trajectory"]["dC_dw"][0])
    slow = abs(find_run(runs, *SLOW, QUADRATIC)["trajectory"]["dC_dw"][0])
    return _row(
        "initial gradient at a = 0.98 clearly smaller than at a = 0.82", slow / normal,
        f"'clearly smaller' = ratio below {CLEARLY_SMALLER}",
        slow / normal < CLEARLY_SMALLER,
        f"computed = |dC/dw| at (2, 2) / |dC/dw| at (0.6, 0.9), quadratic cost: "
        f"{slow:.4f} / {normal:.4f}",
    )


def no_slow_start(start) -> Callable[[list[dict]], dict]:
    def check(runs):
        epochs = {
            eta: steepest_descent_epoch(train_neuron(NeuronRun(*start, CROSS_ENTROPY, eta))
                                        ["trajectory"]["cost"])
            for eta in (LEARNING_RATES[CROSS_ENTROPY], 0.15)
        }
        return _row(
            "the cross-entropy cost falls fastest from the start",
            ", ".join(f"steepest descent at epoch {e} (eta = {eta})" for eta, e in epochs.items()),
            "the first update lowers the cost most, at eta = 0.005 and at eta = 0.15",
            all(e == 0 for e in epochs.values()),
            f"cross-entropy from w = {start[0]}, b = {start[1]}; dC/dw = a shrinks as the "
            "output approaches the target",
        )
    return check


def _first_decrease(costs) -> float:
    return costs[0] - costs[1]


def cross_entropy_steeper(runs) -> dict:
    entropy = _first_decrease(_costs(runs, SLOW, CROSS_ENTROPY))
    quadratic = _first_decrease(_costs(runs, SLOW))
    return _row(
        "the cross-entropy curve is much steeper at the start", entropy / quadratic,
        f"'much steeper' = a first-epoch cost decrease at least {MUCH_STEEPER:g} times larger",
        entropy / quadratic >= MUCH_STEEPER,
        f"first-epoch decrease from w = b = 2: cross-entropy (eta = 0.005) {entropy:.2e}, "
        f"quadratic (eta = 0.15) {quadratic:.2e}",
    )


def learns_as_well_at_0005(runs) -> dict:
    entropy = find_run(runs, *NORMAL, CROSS_ENTROPY)
    quadratic = find_run(runs, *NORMAL, QUADRATIC)
    needed = epochs_to_reach(quadratic["final_output"], *NORMAL, CROSS_ENTROPY, entropy["eta"])
    slow = find_run(runs, *SLOW, CROSS_ENTROPY)
    return _row(
        "about as well as the quadratic run (printed: 0.09)", entropy["final_output"],
        f"final output at most {AS_WELL_AS} above the quadratic run's "
        f"{quadratic['final_output']:.4f}",
        entropy["final_output"] <= quadratic["final_output"] + AS_WELL_AS,
        f"cross-entropy at eta = {entropy['eta']} from (0.6, 0.9), {entropy['epochs']} epochs; "
        f"it reaches the quadratic run's {quadratic['final_output']:.3f} only at epoch {needed}. "
        f"From (2, 2) its output after {slow['epochs']} epochs is {slow['final_output']:.3f}.",
    )


def pattern_independent_of_learning_rate(runs) -> dict:
    steepest = {
        (cost, eta): steepest_descent_epoch(train_neuron(NeuronRun(*SLOW, cost, eta, 3 * EPOCHS))
                                            ["trajectory"]["cost"])
        for cost in (QUADRATIC, CROSS_ENTROPY) for eta in LEARNING_RATE_PANEL
    }
    ratios = {
        cost: gradient_magnitude(0.98, cost) / gradient_magnitude(0.82, cost)
        for cost in (QUADRATIC, CROSS_ENTROPY)
    }
    late = all(steepest[(QUADRATIC, eta)] > 0 for eta in LEARNING_RATE_PANEL)
    early = all(steepest[(CROSS_ENTROPY, eta)] == 0 for eta in LEARNING_RATE_PANEL)
    return _row(
        "quadratic slow while badly wrong, cross-entropy fastest then, whatever eta",
        "; ".join(
            f"{cost}: steepest descent at epochs "
            + ", ".join(str(steepest[(cost, eta)]) for eta in LEARNING_RATE_PANEL)
            for cost in (QUADRATIC, CROSS_ENTROPY)
        ) + f" (eta = {', '.join(map(str, LEARNING_RATE_PANEL))})",
        "from w = b = 2 over 900 epochs: the quadratic run's steepest descent comes after "
        "epoch 0 and the cross-entropy run's at epoch 0, at every eta of the panel",
        late and early,
        "eta scales every update alike: |dC/dw|(a=0.98)/|dC/dw|(a=0.82) is "
        f"{ratios[QUADRATIC]:.3f} for the quadratic cost and {ratios[CROSS_ENTROPY]:.3f} for "
        "the cross-entropy at any eta",
    )


@functools.lru_cache(maxsize=None)
def _reproduction(printed: str) -> dict:
    """Settings that give the printed output for the cross-entropy run from (0.6, 0.9)."""
    value, half = float(printed), half_unit_of(printed)

    def eta_for(target):
        return neuron.learning_rate_for_output(target, *NORMAL, CROSS_ENTROPY)

    return {
        "eta": eta_for(value),
        "eta_range": (eta_for(value + half), eta_for(value - half)),
        "epochs": {
            eta: neuron.epochs_printing_as(printed, *NORMAL, CROSS_ENTROPY, eta)
            for eta in (LEARNING_RATES[CROSS_ENTROPY], 0.15)
        },
        "output_at_015": neuron.final_output(NeuronRun(*NORMAL, CROSS_ENTROPY, 0.15)),
    }


def cross_entropy_final_output(printed: str) -> Callable[[list[dict]], dict]:
    def check(runs):
        run = find_run(runs, *NORMAL, CROSS_ENTROPY)
        found = _reproduction(printed)
        low, high = found["eta_range"]
        spans = "; ".join(
            f"at eta = {eta} it prints as {printed} at epochs {span[0]}-{span[1]}"
            if span else f"at eta = {eta} it never prints as {printed}"
            for eta, span in found["epochs"].items()
        )
        return _printed(printed, run["final_output"], (
            f"cross-entropy at eta = {run['eta']} (document 002's rate), {run['epochs']} epochs. "
            f"With eta = 0.15 ('other settings unchanged') the output after {EPOCHS} epochs is "
            f"{found['output_at_015']:.4f}. An output of {printed} after {EPOCHS} epochs needs "
            f"eta = {found['eta']:.4f} (any eta in [{low:.4f}, {high:.4f}] prints as {printed}); "
            f"{spans}."
        ))
    return check


STATEMENTS: tuple[Statement, ...] = (
    Statement("neuron-initial-output-082", DOC_000, "line 23",
              "Starting from w = 0.6, b = 0.9 the neuron first outputs 0.82.",
              initial_output_check(NORMAL, "0.82")),
    Statement("neuron-initial-output-098", DOC_000, "line 27",
              "Starting from w = b = 2.0 the neuron first outputs 0.98.",
              initial_output_check(SLOW, "0.98")),
    Statement("quadratic-neuron-final-output-009", DOC_000, "line 27",
              "From w = 0.6, b = 0.9 with eta = 0.15 the neuron ends at output 0.09.",
              final_output_check(NORMAL, "0.09", epochs_stated=False)),
    Statement("quadratic-neuron-slow-start-150-epochs", DOC_000, "line 31",
              "From w = b = 2.0 the weight and bias hardly change for about the first 150 "
              "epochs; then learning speeds up.",
              little_progress_for(150)),
    Statement("000-difficulty-greater-for-small-errors", DOC_000, "line 33",
              "The neuron has even more trouble learning when its error is small.",
              harder_when_error_small),
    Statement("neuron-initial-output-082", DOC_001, "line 21",
              "w = 0.6, b = 0.9 gives initial output a = 0.82 (eta = 0.15, 300 iterations).",
              initial_output_check(NORMAL, "0.82")),
    Statement("quadratic-neuron-final-output-009", DOC_001, "line 28",
              "That run ends at output 0.09.",
              final_output_check(NORMAL, "0.09", epochs_stated=True)),
    Statement("neuron-initial-output-098", DOC_001, "line 32",
              "w = b = 2.0 gives initial output a = 0.98 (eta = 0.15, 300 iterations).",
              initial_output_check(SLOW, "0.98")),
    Statement("quadratic-neuron-drop-near-200-epochs", DOC_001, "line 38",
              "The cost falls slowly at first and only starts a clear decline around "
              "iteration 200.",
              clear_decline_near(200)),
    Statement("quadratic-neuron-final-output-020", DOC_001, "line 38",
              "The run from w = b = 2.0 ends at output 0.2.",
              final_output_check(SLOW, "0.2", epochs_stated=True)),
    Statement("cross-entropy-neuron-no-slow-start", DOC_001, "line 108",
              "With the cross-entropy from w = 0.6, b = 0.9 the cost falls fast from the start.",
              no_slow_start(NORMAL)),
    Statement("001-cross-entropy-final-output-004", DOC_001, "line 108",
              "With the cross-entropy from w = 0.6, b = 0.9 (other settings unchanged) the final "
              "output is 0.04.",
              cross_entropy_final_output("0.04")),
    Statement("neuron-initial-output-082", DOC_002, "line 17",
              "Starting weight 0.6 and bias 0.9 give initial output 0.82.",
              initial_output_check(NORMAL, "0.82")),
    Statement("quadratic-neuron-final-output-009", DOC_002, "line 30",
              "With eta = 0.15 the neuron ends at output 0.09.",
              final_output_check(NORMAL, "0.09", epochs_stated=False)),
    Statement("neuron-initial-output-098", DOC_002, "line 30",
              "Starting weight and bias 2.0 give initial output 0.98.",
              initial_output_check(SLOW, "0.98")),
    Statement("quadratic-neuron-slow-start-150-epochs", DOC_002, "line 42",
              "With the same eta = 0.15, weight and bias change little for about the first 150 "
              "epochs before learning speeds up.",
              little_progress_for(150)),
    Statement("cross-entropy-neuron-eta-0005-learns-as-well", DOC_002, "lines 114 and 128",
              "With the cross-entropy at eta = 0.005 the neuron started at w = 0.6, b = 0.9 "
              "learns about as well as with the quadratic cost.",
              learns_as_well_at_0005),
    Statement("cross-entropy-steeper-than-quadratic-at-start", DOC_002, "line 126",
              "From w = b = 2.0 the cross-entropy cost curve is much steeper at the start than "
              "the quadratic one.",
              cross_entropy_steeper),
    Statement("learning-rate-does-not-explain-pattern", DOC_002, "line 130",
              "The change of learning rate does not explain the contrast: the quadratic cost "
              "learns slowly when badly wrong, the cross-entropy fast.",
              pattern_independent_of_learning_rate),
    Statement("neuron-initial-output-082", DOC_003, "line 19",
              "w = 0.6, b = 0.9 give output 0.82 for input 1.",
              initial_output_check(NORMAL, "0.82")),
    Statement("quadratic-neuron-fast-from-082", DOC_003, "line 19",
              "From w = 0.6, b = 0.9 the cost falls fast: very low by epoch 100, almost zero by "
              "epoch 300.",
              fast_from_082),
    Statement("neuron-initial-output-098", DOC_003, "line 25",
              "w = b = 2.0 give output 0.98 for input 1.",
              initial_output_check(SLOW, "0.98")),
    Statement("quadratic-neuron-still-high-at-200", DOC_003, "line 25",
              "From w = b = 2.0 the cost is still high after 200 epochs; learning is normal "
              "only in the last 100.",
              still_high_then_normal),
    Statement("cross-entropy-neuron-no-slow-start", DOC_003, "line 90",
              "With the cross-entropy the slow start from w = b = 2.0 disappears.",
              no_slow_start(SLOW)),
    Statement("neuron-initial-output-082", DOC_004, "line 21",
              "Experiment 1 first outputs 0.82.",
              initial_output_check(NORMAL, "0.82")),
    Statement("quadratic-neuron-final-output-009", DOC_004, "line 21",
              "After 300 iterations experiment 1 outputs 0.09.",
              final_output_check(NORMAL, "0.09", epochs_stated=True)),
    Statement("neuron-initial-output-098", DOC_004, "line 21",
              "Experiment 2 first outputs 0.98.",
              initial_output_check(SLOW, "0.98")),
    Statement("quadratic-neuron-final-output-020", DOC_004, "line 21",
              "After 300 iterations experiment 2 outputs only 0.20.",
              final_output_check(SLOW, "0.20", epochs_stated=True)),
    Statement("learning-starts-slowly-then-speeds-up", DOC_004, "line 22",
              "Experiment 1's cost falls quickly; experiment 2's falls very slowly at first.",
              slow_then_fast),
    Statement("saturated-start-has-smaller-gradient", DOC_004, "line 54",
              "The gradient at the initial output 0.98 is clearly smaller than at 0.82.",
              smaller_initial_gradient),
)


def compare_with_documents(runs: list[dict]) -> list[dict]:
    """One comparison row (experiments contract) per statement, in document order."""
    rows = []
    for statement in STATEMENTS:
        row = {
            "claim_id": statement.key,
            "document": statement.document,
            "locator": statement.locator,
            "statement": statement.statement,
        }
        row.update(statement.check(runs))
        rows.append(row)
    return rows


def run_neuron_experiments() -> dict:
    """The four runs and the comparisons with the documents (experiments contract)."""
    runs = [
        neuron.train_neuron(neuron.NeuronRun(w0, b0, cost, eta))
        for cost, eta in neuron.LEARNING_RATES.items()
        for w0, b0 in neuron.STARTS
    ]
    return {
        "runs": runs,
        "comparisons": compare_with_documents(runs),
    }
