"""The sweep summary: the learning rate chosen on validation accuracy only, the test accuracies
at that rate, the comparison, and nothing when there are no sweep results."""

import json

import pytest

from engine.training import TrainingHistory
from experiments.sweep import COST_LABELS, DEFAULT_GRID, SweepGrid
from experiments.sweep_summary import summarize
from reports.sweep.figure import summary_for_report, validation_figure
from runs.cache import open_result_cache

GRID = SweepGrid(sizes=((784, 30, 10),), etas=(0.1, 1.0, 10.0), seeds=(0, 1, 2), epochs=2)


def history(validation: float, test: float, epochs: int = 2) -> TrainingHistory:
    """``epochs`` epochs; only the last epoch's accuracies count, so the earlier ones are
    deliberately higher."""
    h = TrainingHistory(epochs=epochs)
    for _ in range(epochs - 1):
        h.record("validation", 0.5, 0.99)
        h.record("test", 0.5, 0.99)
    h.metrics["validation"]["cost"].append(0.4)
    h.metrics["validation"]["accuracy"].append(validation)
    h.metrics["test"]["cost"].append(0.4)
    h.metrics["test"]["accuracy"].append(test)
    return h


def fill(cache, grid, validation, test, skip=()):
    """validation/test: functions (cost, eta, seed) -> accuracy."""
    for sizes in grid.sizes:
        for cost in grid.costs:
            for eta in grid.etas:
                for seed in grid.seeds:
                    if (cost, eta, seed) in skip:
                        continue
                    cache.put(
                        grid.spec(sizes, cost, eta, seed),
                        history(validation(cost, eta, seed), test(cost, eta, seed)),
                    )


def test_no_sweep_results_give_none(tmp_path):
    cache = open_result_cache(tmp_path)
    assert summarize(cache, GRID, COST_LABELS) is None
    assert summary_for_report(cache) is None


def test_rate_is_chosen_on_validation_and_compared_on_test(tmp_path):
    cache = open_result_cache(tmp_path)
    # Validation peaks at eta 1 for cross-entropy and at eta 10 for quadratic; the test set
    # would prefer other rates (so using it for the choice would show).
    best = {"cross_entropy": 1.0, "quadratic": 10.0}
    fill(
        cache,
        GRID,
        validation=lambda cost, eta, seed: 0.90 + 0.05 * (eta == best[cost]) + 0.001 * seed,
        test=lambda cost, eta, seed: (
            (0.97 if cost == "cross_entropy" else 0.95)
            - 0.1 * (eta == best[cost])
            + 0.002 * seed
            + 0.02 * (eta == 0.1)
        ),
    )
    summary = summarize(cache, GRID, COST_LABELS)
    assert summary["complete"] and summary["runs_present"] == summary["runs_expected"] == 18
    tuned = {t["cost"]: t for t in summary["tuned"]}
    assert tuned["cross_entropy"]["chosen_eta"] == 1.0
    assert tuned["quadratic"]["chosen_eta"] == 10.0
    assert tuned["cross_entropy"]["test_accuracy"]["per_seed"] == pytest.approx(
        [0.87, 0.872, 0.874], abs=1e-12
    )
    assert tuned["quadratic"]["test_accuracy"]["mean"] == pytest.approx(0.852, abs=1e-12)
    assert tuned["quadratic"]["test_accuracy"]["std"] == pytest.approx(0.002, abs=1e-12)
    (comparison,) = summary["comparisons"]
    assert comparison["difference"] == pytest.approx(0.02, abs=1e-12)
    # Both groups are {x, x + 0.002, x + 0.004}: s = 0.002, t = 0.02 / sqrt(2 * 0.002^2 / 3),
    # df = 4 (equal variances and sizes), so p is far below 0.05.
    assert comparison["t"] == pytest.approx(0.02 / (0.002 * (2 / 3) ** 0.5), rel=1e-9)
    assert comparison["df"] == pytest.approx(4.0, rel=1e-9)
    assert comparison["p_value"] < 1e-3
    assert comparison["verdict"].startswith("cross-entropy higher")
    low, high = comparison["interval"]
    assert low <= 0.02 <= high
    assert validation_figure(summary).startswith("<svg")
    json.dumps(summary)  # the report stores it in results.json


def test_ties_go_to_the_smaller_rate_and_unfinished_rates_are_not_chosen(tmp_path):
    cache = open_result_cache(tmp_path)
    fill(
        cache,
        GRID,
        # eta 10 would win but lacks seed 2 for both costs; eta 0.1 and 1 tie.
        validation=lambda cost, eta, seed: 0.99 if eta == 10.0 else 0.9,
        test=lambda cost, eta, seed: 0.9,
        skip={("cross_entropy", 10.0, 2), ("quadratic", 10.0, 2)},
    )
    summary = summarize(cache, GRID, COST_LABELS)
    assert not summary["complete"] and summary["runs_present"] == 16
    assert [t["chosen_eta"] for t in summary["tuned"]] == [0.1, 0.1]
    point = summary["curves"][0]["points"][2]
    assert point["seeds_finished"] == 2 and point["validation_accuracy"]["mean"] == 0.99


def test_configuration_without_a_finished_rate_has_no_choice_and_no_comparison(tmp_path):
    cache = open_result_cache(tmp_path)
    skip = {("quadratic", eta, 0) for eta in GRID.etas}
    fill(cache, GRID, validation=lambda *_: 0.9, test=lambda *_: 0.9, skip=skip)
    summary = summarize(cache, GRID, COST_LABELS)
    tuned = {t["cost"]: t for t in summary["tuned"]}
    assert tuned["quadratic"]["chosen_eta"] is None
    assert summary["comparisons"][0]["difference"] is None


def test_constant_accuracies_or_one_seed_give_a_difference_but_no_test(tmp_path):
    cache = open_result_cache(tmp_path)
    fill(
        cache,
        GRID,
        validation=lambda *_: 0.9,
        test=lambda cost, eta, seed: 0.96 if cost == "cross_entropy" else 0.95,
    )
    (comparison,) = summarize(cache, GRID, COST_LABELS)["comparisons"]
    assert comparison["difference"] == pytest.approx(0.01, abs=1e-12)
    assert comparison["p_value"] is None and comparison["verdict"].startswith("no test")
    one_seed = SweepGrid(sizes=GRID.sizes, etas=GRID.etas, seeds=(0,), epochs=GRID.epochs)
    (comparison,) = summarize(cache, one_seed, COST_LABELS)["comparisons"]
    assert comparison["p_value"] is None and "two seeds" in comparison["verdict"]


def test_report_summary_reads_the_default_grid(tmp_path):
    cache = open_result_cache(tmp_path)
    spec = DEFAULT_GRID.spec((784, 100, 10), "quadratic", DEFAULT_GRID.etas[3], 0)
    cache.put(spec, history(0.9, 0.9, epochs=DEFAULT_GRID.epochs))
    summary = summary_for_report(cache)
    assert summary["runs_present"] == 1
    assert summary["runs_expected"] == len(DEFAULT_GRID.specs())
    assert summary["grid"]["epochs"] == 30


def test_report_shows_no_sweep_while_only_the_replications_runs_are_cached(tmp_path):
    from experiments.sweep import replication_runs

    cache = open_result_cache(tmp_path)
    shared = sorted(replication_runs(DEFAULT_GRID), key=lambda s: (s.sizes, s.cost, s.seed))
    assert {(s.cost, s.eta) for s in shared} == {("cross_entropy", 0.5), ("quadratic", 3.0)}
    for spec in shared:
        cache.put(spec, history(0.9, 0.9, epochs=DEFAULT_GRID.epochs))
    assert all(spec in cache for spec in shared)
    assert summary_for_report(cache) is None
    cache.put(
        DEFAULT_GRID.spec((784, 30, 10), "quadratic", 0.5, 0),
        history(0.9, 0.9, epochs=DEFAULT_GRID.epochs),
    )
    summary = summary_for_report(cache)
    assert summary["runs_present"] == len(shared) + 1 and not summary["complete"]
