"""What a learning-rate sweep found: the tuned rate per configuration and the tuned comparison.

For each network size and cost the learning rate is the one with the highest mean final-epoch
validation accuracy over the seeds (ties go to the smaller rate), among the rates whose every
seed has finished. The test set plays no part in that choice. The final-epoch test accuracies
of the chosen rate's runs are then compared between the two costs with Welch's unequal-variance
t-test (two-sided; seeds are not treated as pairs) and a 95% percentile bootstrap interval of the
difference in means (:mod:`experiments.statistics`; each cost's runs resampled on their own,
:data:`BOOTSTRAP_RESAMPLES` resamples, seed :data:`BOOTSTRAP_SEED`). The report draws the
validation curves from the summary (``reports.sweep.figure``).
"""

from __future__ import annotations

from collections.abc import Mapping

from experiments.statistics import bootstrap_mean_difference_interval, welch_t_test
from experiments.statistics import summarize as describe
from runs.cache import ResultCache

BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 0
SIGNIFICANCE = 0.05


def _final(history, set_name: str) -> float:
    return float(history.metrics[set_name]["accuracy"][-1])


def summarize(cache: ResultCache, grid, labels: Mapping[str, str]) -> dict | None:
    """The sweep's findings from the runs of ``grid`` found in ``cache``; None if there are none.

    ``grid`` offers sizes, costs, etas, seeds, epochs and spec(sizes, cost, eta, seed).
    """
    histories = {}
    for sizes in grid.sizes:
        for cost in grid.costs:
            for eta in grid.etas:
                for seed in grid.seeds:
                    history = cache.get(grid.spec(sizes, cost, eta, seed))
                    if history is not None:
                        histories[(tuple(sizes), cost, eta, seed)] = history
    if not histories:
        return None
    expected = len(grid.sizes) * len(grid.costs) * len(grid.etas) * len(grid.seeds)
    curves, tuned = [], []
    for sizes in grid.sizes:
        for cost in grid.costs:
            curve = _curve(histories, tuple(sizes), cost, grid, labels)
            curves.append(curve)
            tuned.append(_tuned(histories, curve, grid))
    comparisons = [_compare(tuned, tuple(sizes), grid.costs, labels) for sizes in grid.sizes]
    summary = {
        "grid": {
            "sizes": [list(s) for s in grid.sizes],
            "costs": list(grid.costs),
            "etas": list(grid.etas),
            "seeds": list(grid.seeds),
            "epochs": grid.epochs,
        },
        "runs_present": len(histories),
        "runs_expected": expected,
        "complete": len(histories) == expected,
        "selection_rule": (
            "the learning rate with the highest mean final-epoch validation accuracy over the "
            "seeds, among rates whose every seed has finished (ties: the smaller rate)"
        ),
        "test_method": (
            "Welch's two-sided t-test of the difference in mean final-epoch test accuracy "
            f"(seeds not paired; significance level {SIGNIFICANCE}); 95% percentile bootstrap "
            f"interval of the difference ({BOOTSTRAP_RESAMPLES} resamples, seed {BOOTSTRAP_SEED})"
        ),
        "curves": curves,
        "tuned": tuned,
        "comparisons": comparisons,
    }
    return summary


def _curve(histories, sizes, cost, grid, labels) -> dict:
    points = []
    for eta in grid.etas:
        finished = [s for s in grid.seeds if (sizes, cost, eta, s) in histories]
        values = [_final(histories[(sizes, cost, eta, s)], "validation") for s in finished]
        points.append(
            {
                "eta": eta,
                "seeds_finished": len(finished),
                "validation_accuracy": describe(values) if values else None,
            }
        )
    return {"sizes": list(sizes), "cost": cost, "label": labels.get(cost, cost), "points": points}


def _tuned(histories, curve, grid) -> dict:
    complete = [p for p in curve["points"] if p["seeds_finished"] == len(grid.seeds)]
    entry = {
        "sizes": curve["sizes"],
        "cost": curve["cost"],
        "label": curve["label"],
        "chosen_eta": None,
        "validation_accuracy": None,
        "test_accuracy": None,
    }
    if not complete:
        return entry
    # max() keeps the first maximum: etas are in grid order, ascending from the CLI's parser.
    best = max(complete, key=lambda p: p["validation_accuracy"]["mean"])
    sizes, cost, eta = tuple(curve["sizes"]), curve["cost"], best["eta"]
    tests = [_final(histories[(sizes, cost, eta, s)], "test") for s in grid.seeds]
    entry.update(
        chosen_eta=eta,
        validation_accuracy=best["validation_accuracy"],
        test_accuracy=describe(tests),
    )
    return entry


def _compare(tuned, sizes, costs, labels) -> dict:
    first, second = costs[0], costs[1]
    by_cost = {t["cost"]: t for t in tuned if tuple(t["sizes"]) == sizes}
    entry = {
        "sizes": list(sizes),
        "first": labels.get(first, first),
        "second": labels.get(second, second),
        "difference": None,
        "interval": None,
        "t": None,
        "df": None,
        "p_value": None,
        "verdict": "not enough finished runs",
    }
    a, b = by_cost[first]["test_accuracy"], by_cost[second]["test_accuracy"]
    if a is None or b is None:
        return entry
    entry["difference"] = a["mean"] - b["mean"]
    entry["interval"] = bootstrap_mean_difference_interval(
        a["per_seed"], b["per_seed"], resamples=BOOTSTRAP_RESAMPLES, seed=BOOTSTRAP_SEED
    )
    if min(len(a["per_seed"]), len(b["per_seed"])) < 2:
        entry["verdict"] = "no test: it needs at least two seeds per cost"
        return entry
    # Tested on the values: a computed standard deviation of equal values need not be 0.
    if len(set(a["per_seed"])) == 1 and len(set(b["per_seed"])) == 1:
        entry["verdict"] = "no test: every seed gave the same accuracy for both costs"
        return entry
    test = welch_t_test(a["per_seed"], b["per_seed"])
    p_value = test["p_value"]
    if p_value < SIGNIFICANCE:
        winner = entry["first"] if a["mean"] > b["mean"] else entry["second"]
        verdict = f"{winner} higher (Welch p = {p_value:.3g} < {SIGNIFICANCE})"
    else:
        verdict = f"no difference shown (Welch p = {p_value:.3g} >= {SIGNIFICANCE})"
    entry.update(t=test["t"], df=test["df"], p_value=p_value, verdict=verdict)
    return entry


def format_summary(summary: dict) -> str:
    """The findings as plain text for the terminal."""
    lines = [f"runs found: {summary['runs_present']} of {summary['runs_expected']}"]
    for t in summary["tuned"]:
        if t["chosen_eta"] is None:
            lines.append(f"{t['sizes']} {t['label']}: no learning rate has all seeds finished")
            continue
        test = t["test_accuracy"]
        spread = f" ± {100 * test['std']:.2f}" if test["std"] is not None else ""
        lines.append(
            f"{t['sizes']} {t['label']}: eta = {t['chosen_eta']:g} (validation "
            f"{100 * t['validation_accuracy']['mean']:.2f}%), test {100 * test['mean']:.2f}%"
            f"{spread} over {len(test['per_seed'])} seeds"
        )
    for c in summary["comparisons"]:
        if c["difference"] is None:
            lines.append(f"{c['sizes']}: {c['verdict']}")
            continue
        low, high = c["interval"]
        lines.append(
            f"{c['sizes']}: {c['first']} - {c['second']} = {100 * c['difference']:+.2f} points "
            f"(95% bootstrap interval {100 * low:+.2f} to {100 * high:+.2f}); {c['verdict']}"
        )
    return "\n".join(lines)
