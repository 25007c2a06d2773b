"""The checks of what the documents say about the MNIST networks, and of the arithmetic on the
accuracies they print.

Each function takes a :class:`experiments.checks.Stated` (figure, tolerance and parameters of one
catalog entry) and the MNIST experiment's result (:func:`experiments.mnist_experiments.
run_mnist_experiments`: ``status``, ``comparable_with_book``, ``configs`` -- one record per
configuration, see :func:`experiments.mnist_analysis.summarize_config` -- and ``significance``),
and returns one comparison row. A check of runs gives "not run" when the experiment did not run
or its profile is not comparable with the book; the arithmetic checks read only printed figures
(exactly, as fractions) and always judge.

Statistics: a printed accuracy (one run) is judged as one more draw from our seeds: inside the
prediction interval of one further run at the claim's confidence, with seeds that stall set aside
(:func:`experiments.statistics.split_lumps`, :func:`experiments.statistics.place_figure`);
cross-entropy against quadratic by the Welch rows of
:func:`experiments.mnist_analysis.significance`.
"""

from __future__ import annotations

import math
from fractions import Fraction

from experiments.checks import NOT_RUN, Stated, exact, row
from experiments.mnist_analysis import READINGS
from experiments.mnist_configs import SIGMOID_PAIRING, SOFTMAX_PAIRING
from experiments.statistics import place_figure, split_lumps, welch_t_test


def _records(result) -> dict[str, dict]:
    return {record["name"]: record for record in (result or {}).get("configs", [])}


def _not_judged(result) -> str | None:
    """Why the runs cannot judge (None when they can)."""
    if not result or result.get("status") != "ran":
        reason = (result or {}).get("reason") or "no result"
        return f"MNIST experiment not run: {reason}"
    if not result.get("comparable_with_book"):
        return "Not comparable (quick profile)."
    return None


def ordinal(value: float) -> str:
    """The rounded value as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    number = round(value)
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _training_mean(record: dict, key: str) -> float:
    """Mean of reading ``key`` over the seeds that train (the record's ``training`` summary;
    over all seeds for a record without one)."""
    return (record.get("training") or record)[key]["mean"]


def _training_std(record: dict) -> float:
    """Standard deviation of the best-epoch reading over the seeds that train, by the stall
    rule (:func:`experiments.statistics.split_lumps`); 0 for a single seed."""
    return split_lumps(record["best_accuracy"]["per_seed"])["working"]["std"] or 0.0


def book_figure(stated: Stated, result: dict | None) -> dict:
    """The printed accuracy of configuration ``config`` (percent, one run, best epoch read on the
    test data) judged as one more draw from our seeds: it holds when it lies inside the
    prediction interval of one further run (confidence ``tolerance``, clipped to 0-100 %).

    Seeds that stall (:func:`experiments.statistics.split_lumps`) form no distribution of their
    own; when some do, the figure is judged against the interval of the seeds that train, the
    row says how many stalled, and the figure's mid-rank percentile is taken among the seeds that
    train. The row gives the honest reading (epoch chosen on validation, read on test) beside
    the book's."""
    figure = float(stated.figure)
    record = _records(result).get(stated.parameter("config"))
    tolerance = (
        f"inside the {stated.tolerance:.0%} prediction interval of one further run from "
        "our seeds (clipped to 0-100 %; seeds that stall set aside)"
    )
    if record is None:
        return row(
            stated,
            shown=stated.figure,
            computed=None,
            tolerance=tolerance,
            verdict=NOT_RUN,
            note=_not_judged(result) or "configuration not run",
        )
    seeds = record["best_accuracy"]["per_seed"]
    lumps = split_lumps(seeds, confidence=stated.tolerance)
    working = lumps["working"]
    interval = working["prediction_interval"]
    placed = place_figure(figure, working["per_seed"], confidence=stated.tolerance)
    if interval is not None:
        tolerance += f": [{interval[0]:.2f}, {interval[1]:.2f}]"
    trained = "" if lumps["one_lump"] else " that train"
    spread = "" if lumps["one_lump"] else f"{lumps['text']}. "
    note = (
        f"{record['title']}, {record['epochs']} epochs, {len(seeds)} seeds: {spread}Best-epoch "
        f"test accuracy of the {len(working['per_seed'])} seeds{trained} "
        f"{working['mean']:.2f} % (min {working['min']:.2f}, max {working['max']:.2f}). "
        f"The book's {stated.figure} % lies at the {ordinal(placed['percentile'])} percentile of "
        f"our seeds{trained} ({placed['below']} below, {placed['above']} above). The book reads "
        "the best epoch on the test data; read at the epoch chosen on validation our "
        f"seeds{trained} give {_training_mean(record, 'validation_selected_test_accuracy'):.2f} %, "
        f"at the final epoch {_training_mean(record, 'final_accuracy'):.2f} %."
    )
    problem = _not_judged(result)
    if problem is not None:
        verdict, note = NOT_RUN, f"{problem} {note}"
    elif interval is None:
        verdict, note = NOT_RUN, "Fewer than two seeds train: no spread to judge by. " + note
    else:
        verdict = interval[0] <= figure <= interval[1]
    return row(
        stated,
        shown=stated.figure,
        computed=working["mean"],
        tolerance=tolerance,
        verdict=verdict,
        note=note,
    )


def error_rates(stated: Stated, result=None) -> dict:
    """The printed error rates are 100 minus the printed accuracies of the claims named by
    ``accuracies`` (in the same order), exactly; ``tolerance`` is the allowed difference in
    percentage points."""
    accuracies = [exact(stated.given_figure(claim)) for claim in stated.parameter("accuracies")]
    computed = [100 - accuracy for accuracy in accuracies]
    printed = [exact(figure) for figure in stated.figures]
    return row(
        stated,
        shown=", ".join(f"{figure} %" for figure in stated.figures),
        computed=", ".join(f"{float(value):.2f} %" for value in computed),
        tolerance=(
            f"|computed - stated| <= {stated.tolerance:g} points, in exact decimal arithmetic"
        ),
        verdict=len(printed) == len(computed)
        and all(abs(c - p) <= Fraction(stated.tolerance) for c, p in zip(computed, printed)),
        note="100 minus each printed accuracy ("
        + ", ".join(f"{stated.given[claim]} %" for claim in stated.parameter("accuracies"))
        + ").",
    )


def unit_fraction_share(stated: Stated, result=None) -> dict:
    """ "Eliminates 1/n of the errors": the share (before - after) / before of the error rates
    printed for the claim named ``error_rates``, exactly; holds when 1/n is the unit fraction
    nearest to it (unless parameter ``nearest`` is False), or within ``tolerance`` of it."""
    before, after = (
        exact(f) for f in stated.given_figure(stated.parameter("error_rates")).split(", ")
    )
    share = (before - after) / before
    nearest = Fraction(1, round(1 / share))
    claimed = exact(stated.figure)
    by_nearest = stated.parameters.get("nearest", True)
    return row(
        stated,
        shown=stated.figure,
        computed=f"{share} = {float(share):.4f} = 1/{float(1 / share):.2f}",
        tolerance=(
            "the stated fraction is the unit fraction nearest to the computed share, or "
            if by_nearest
            else "the stated fraction is "
        )
        + f"within {stated.tolerance:g} of it",
        verdict=(by_nearest and claimed == nearest)
        or abs(claimed - share) <= Fraction(stated.tolerance),
        note=f"({before} - {after}) / {before} = {share}; nearest unit fraction {nearest} "
        f"({float(nearest):.4f}); the stated {stated.figure} is {float(claimed):.4f}.",
    )


def _pairs(stated: Stated):
    """(cross-entropy config, quadratic config, cross-entropy claim, quadratic claim) per size."""
    return stated.parameter("pairs")


def _welch_best(result, entropy: str, quadratic: str):
    """The Welch test of the best-epoch readings of the two configurations: the experiment's own
    when it made one for this pair, else computed here (None when it cannot be)."""
    for test in result.get("significance", []):
        if (
            test.get("configs") == [entropy, quadratic]
            and test["reading"] == READINGS["best_accuracy"]
        ):
            return test["welch"]
    records = _records(result)
    try:
        return welch_t_test(
            records[entropy]["best_accuracy"]["per_seed"],
            records[quadratic]["best_accuracy"]["per_seed"],
        )
    except (KeyError, ValueError):
        return None


def _differences(stated: Stated, result) -> tuple[list, list[str]]:
    """Per pair: (printed difference, Welch result or None, noise std or None), and notes."""
    records, found, notes = _records(result), [], []
    for entropy, quadratic, entropy_claim, quadratic_claim in _pairs(stated):
        printed = exact(stated.given_figure(entropy_claim)) - exact(
            stated.given_figure(quadratic_claim)
        )
        welch = noise = None
        if entropy in records and quadratic in records:
            welch = _welch_best(result, entropy, quadratic)
            noise = math.hypot(_training_std(records[entropy]), _training_std(records[quadratic]))
        found.append((printed, welch, noise))
        if welch is not None:
            notes.append(
                f"{entropy} vs {quadratic}: mean difference {welch['mean_difference']:+.3f} "
                f"points, 95 % interval [{welch['interval_95'][0]:+.3f}, "
                f"{welch['interval_95'][1]:+.3f}], p = {welch['p_value']:.3g}; one-run difference "
                f"noise (std) {noise:.3f}, book's difference {float(printed):.2f}"
            )
    return found, notes


def _verdict(result, flags) -> bool | str:
    if _not_judged(result) is not None or not flags or any(flag is None for flag in flags):
        return NOT_RUN
    return all(flags)


def similar_or_better(stated: Stated, result: dict | None) -> dict:
    """Cross-entropy not significantly worse than quadratic for every pair: the upper end of the
    Welch interval (confidence ``tolerance``) of (cross-entropy - quadratic) is at least 0."""
    found, notes = _differences(stated, result)
    flags = [None if welch is None else welch["interval_95"][1] >= 0 for _, welch, _ in found]
    return row(
        stated,
        shown="similar or better",
        computed="; ".join(notes),
        tolerance=f"not significantly worse: the upper end of the {stated.tolerance:.0%} Welch "
        "interval of (cross-entropy - quadratic) is at least 0, for every size",
        verdict=_verdict(result, flags),
        note=_not_judged(result) or "",
    )


def not_conclusive(stated: Stated, result: dict | None) -> dict:
    """The book's one-run differences (from the printed accuracies) are below ``tolerance``
    standard deviations of the difference of two single runs, sqrt(s_ce^2 + s_quadratic^2),
    each s over the configuration's seeds that train (stalled seeds would inflate it)."""
    found, notes = _differences(stated, result)
    flags = [
        None if noise is None or welch is None else float(printed) < stated.tolerance * noise
        for printed, welch, noise in found
    ]
    return row(
        stated,
        shown=" and ".join(f"{float(printed):.2f}" for printed, _, _ in found)
        + " points from single runs",
        computed="; ".join(notes),
        tolerance=f"the book's one-run difference is below {stated.tolerance:g} standard "
        "deviations of the difference of two single runs, "
        "sqrt(s_ce^2 + s_quadratic^2) over the seeds that train, for every size",
        verdict=_verdict(result, flags),
        note=_not_judged(result) or "",
    )


_PAIRING_NAMES = {
    SOFTMAX_PAIRING: "softmax + log-likelihood",
    SIGMOID_PAIRING: "sigmoid + cross-entropy",
}


def pairing(stated: Stated, result: dict | None) -> dict:
    """Softmax + log-likelihood against sigmoid + cross-entropy on the same 784-30-10 network
    (parameter ``configs``, these two by default): "both work well" when their mean best-epoch
    test accuracies differ by less than ``tolerance`` points."""
    records = _records(result)
    first, second = stated.parameters.get("configs", (SOFTMAX_PAIRING, SIGMOID_PAIRING))
    if first not in records or second not in records:
        return row(
            stated,
            shown="both work well",
            computed=None,
            tolerance=f"|difference| < {stated.tolerance:g} points",
            verdict=NOT_RUN,
            note=_not_judged(result) or "configuration not run",
        )
    softmax, sigmoid = records[first]["best_accuracy"], records[second]["best_accuracy"]
    difference = softmax["mean"] - sigmoid["mean"]
    welch_note = ""
    if len(softmax["per_seed"]) > 1 and len(sigmoid["per_seed"]) > 1:
        try:
            welch = welch_t_test(softmax["per_seed"], sigmoid["per_seed"])
            welch_note = (
                f" Welch 95 % interval of the difference [{welch['interval_95'][0]:+.3f}, "
                f"{welch['interval_95'][1]:+.3f}], p = {welch['p_value']:.3g}."
            )
        except ValueError:
            pass
    problem = _not_judged(result)
    return row(
        stated,
        shown="both work well",
        computed=f"{difference:+.3f} points",
        tolerance=f"|mean best-epoch test accuracy, {first} minus {second}| < "
        f"{stated.tolerance:g} points (same seeds)",
        verdict=NOT_RUN if problem else abs(difference) < stated.tolerance,
        note=(f"{problem} " if problem else "")
        + f"{_PAIRING_NAMES.get(first, first)} {softmax['mean']:.2f} %, "
        f"{_PAIRING_NAMES.get(second, second)} {sigmoid['mean']:.2f} % over "
        f"{len(softmax['per_seed'])} seeds." + welch_note,
    )


def script_runs(stated: Stated, result: dict | None) -> dict:
    """Document 003's script, re-run with its settings (configuration ``config``): holds when it
    trains, that is when every seed's best-epoch test accuracy is at least ``tolerance`` percent
    (a mean could hide seeds that stall); the row reports the accuracy (the document prints
    none)."""
    record = _records(result).get(stated.parameter("config"))
    tolerance = f"trains: every seed's best-epoch test accuracy at least {stated.tolerance:g} %"
    if record is None:
        return row(
            stated,
            shown="no accuracy printed",
            computed=None,
            tolerance=tolerance,
            verdict=NOT_RUN,
            note=_not_judged(result) or "configuration not run",
        )
    best = record["best_accuracy"]
    selected = record["validation_selected_test_accuracy"]
    problem = _not_judged(result)
    return row(
        stated,
        shown="no accuracy printed",
        computed=best["mean"],
        tolerance=tolerance,
        verdict=NOT_RUN if problem else min(best["per_seed"]) >= stated.tolerance,
        note=(f"{problem} " if problem else "")
        + f"best-epoch test accuracy {best['mean']:.2f} % (min {best['min']:.2f}, max "
        f"{best['max']:.2f}), validation-selected {selected['mean']:.2f} %, over "
        f"{len(best['per_seed'])} seeds. " + " ".join(record["notes"]),
    )
