"""Seeds that stall, reported apart: the records, the checks that judge the book's figures, the
combined test of those figures, and the page."""

import math
import re

import pytest
from report_fixtures import make_catalog, make_claims_run, make_mnist_ran, make_neuron
from test_statistics import QUADRATIC_100

from claims import judge
from claims.catalog import claim_by_id
from experiments.mnist_analysis import (
    book_figures_combined,
    significance,
    stall_split,
    training_values,
)
from experiments.statistics import rank_sum_combined_test, summarize
from reports.build import build_report
from reports.results import book_figures_combined as results_combined

SEEDS = list(range(10))
TRAINING_100 = [96.61, 96.72, 96.32]  # seeds 2, 4 and 6 of QUADRATIC_100


def record(name: str, best: list[float], book_figure=None) -> dict:
    """A configuration's record as summarize_config makes it, from best-epoch accuracies (the
    other readings set equal to them)."""
    seeds = list(range(len(best)))
    split = stall_split(seeds, best)
    training = [v for s, v in zip(seeds, best) if s not in split["stalled_seeds"]]
    readings = {
        key: summarize(best)
        for key in ("best_accuracy", "final_accuracy", "validation_selected_test_accuracy")
    }
    return {
        "name": name,
        "title": name,
        "epochs": 30,
        "seeds": seeds,
        **readings,
        **split,
        "training": {key: summarize(training) for key in readings},
        "book_figure": book_figure,
    }


def book_result(quadratic_100=QUADRATIC_100, ce_100=None) -> dict:
    ce_30 = [95.05, 95.4, 95.2, 95.3, 95.1, 95.45, 95.25, 95.15, 95.35, 95.2]
    quadratic_30 = [94.7, 95.5, 95.1, 95.3, 94.9, 95.2, 95.0, 95.4, 94.8, 95.13]
    ce_100 = ce_100 or [96.6, 96.9, 96.7, 96.8, 96.65, 96.85, 96.75, 96.7, 96.8, 96.73]
    records = {
        r["name"]: r
        for r in (
            record("cross-entropy-30", ce_30, 95.49),
            record("quadratic-30", quadratic_30, 95.42),
            record("cross-entropy-100", ce_100, 96.82),
            record("quadratic-100", quadratic_100, 96.59),
        )
    }
    return {
        "status": "ran",
        "comparable_with_book": True,
        "configs": list(records.values()),
        "significance": significance(records),
    }


def test_stalled_seeds_are_listed_by_seed_number():
    split = stall_split(SEEDS, QUADRATIC_100)
    assert split["training_seeds"] == [2, 4, 6]
    assert split["stalled_seeds"] == [0, 1, 3, 5, 7, 8, 9]
    assert split["stall_gap"] == pytest.approx(96.32 - 87.32, abs=1e-12)
    shifted = stall_split([10 + s for s in SEEDS], QUADRATIC_100)
    assert shifted["training_seeds"] == [12, 14, 16]


def test_training_statistics_leave_the_stalled_seeds_out():
    quadratic = record("quadratic-100", QUADRATIC_100)
    assert training_values(quadratic, "best_accuracy") == TRAINING_100
    assert quadratic["training"]["best_accuracy"]["mean"] == pytest.approx(96.55, abs=1e-9)
    assert quadratic["best_accuracy"]["mean"] == pytest.approx(83.179, abs=1e-9)


def test_welch_rows_compare_the_seeds_that_train_and_say_so():
    rows = [r for r in book_result()["significance"] if r["configs"][1] == "quadratic-100"]
    assert rows and all(r["quadratic"] == TRAINING_100 for r in rows)
    assert all("over the seeds that train" in r["test"] for r in rows)
    assert "stalled seeds 0, 1, 3, 5, 7, 8, 9 set aside" in rows[0]["seeds_used"][1]


def test_the_book_figure_is_placed_among_the_seeds_that_train():
    row = judge.rows(claim_by_id("mnist-quadratic-100-hidden-9659"), book_result())[0]
    # 96.59 among 96.32, 96.61, 96.72: one below, two above (among all ten: 8 below).
    assert "33rd percentile of our seeds that train (1 below, 2 above)" in row["note"]
    assert "7 of 10 seeds stall" in row["note"]
    assert row["computed"] == pytest.approx(96.55, abs=1e-9)


def _noise(row: dict) -> list[float]:
    return [float(value) for value in re.findall(r"noise \(std\) ([0-9.]+)", row["computed"])]


def test_the_noise_of_a_one_run_difference_comes_from_the_seeds_that_train():
    result = book_result()
    row = judge.rows(claim_by_id("mnist-improvement-not-conclusive"), result)[0]
    records = {r["name"]: r for r in result["configs"]}
    expected = math.hypot(
        records["cross-entropy-100"]["training"]["best_accuracy"]["std"],
        records["quadratic-100"]["training"]["best_accuracy"]["std"],
    )
    # Printed to three decimals; the stalled spread (11 points) would print as about 11.
    assert _noise(row)[1] == pytest.approx(expected, abs=5e-4)
    assert _noise(row)[1] < 1.0
    assert row["verdict"] == "holds"


def test_a_difference_that_stalled_seeds_would_hide_is_conclusive():
    # Tight working lumps (sd about 0.01): the book's 0.23-point difference is some 16 noise
    # standard deviations, conclusive, although the spread over all ten quadratic seeds is 11.
    tight_quadratic = [87.32, 68.58, 96.60, 72.10, 96.61, 77.96, 96.62, 80.87, 79.88, 75.43]
    tight_entropy = [96.80 + 0.01 * (s % 3) for s in SEEDS]
    row = judge.rows(
        claim_by_id("mnist-improvement-not-conclusive"), book_result(tight_quadratic, tight_entropy)
    )[0]
    assert row["verdict"] == "refuted"


def test_the_combined_test_places_each_book_figure_among_its_training_seeds():
    configs = book_result()["configs"]
    combined = book_figures_combined(configs, comparable=True)
    expected = rank_sum_combined_test(
        [(c["book_figure"], training_values(c, "best_accuracy")) for c in configs]
    )
    assert combined["p_value"] == expected["p_value"]
    assert combined["seeds"] == [10, 10, 10, 3]
    assert combined["configs"] == [
        "cross-entropy-30",
        "quadratic-30",
        "cross-entropy-100",
        "quadratic-100",
    ]
    assert combined["sits_apart"] == (expected["p_value"] < 0.05)
    assert combined["counts"] == [10.0, 9.0, 8.0, 1.0]  # seeds below each figure
    assert combined["direction"] == "higher"  # 28 against 16.5 expected
    assert book_figures_combined(configs, comparable=False)["sits_apart"] is None


def test_results_carry_the_combined_test_only_when_the_experiment_ran():
    result = book_result()
    assert results_combined(result)["statistic"] == 28.0
    assert results_combined({**result, "status": "not run"}) is None
    assert (
        results_combined(
            {**result, "configs": [{**c, "book_figure": None} for c in result["configs"]]}
        )
        is None
    )


def test_the_page_heads_a_configuration_with_stalls_by_its_training_and_stalled_seeds(tmp_path):
    mnist = make_mnist_ran()
    quadratic = record("quadratic-100", QUADRATIC_100, 96.59)
    quadratic.update(
        {
            "sizes": [784, 100, 10],
            "cost": "quadratic",
            "eta": 3.0,
            "train_size": 50000,
            "notes": [],
            "seed_extension": {
                "first_seeds": 10,
                "added_seeds": [],
                "min_training_seeds": 8,
                "max_seeds": 40,
            },
            "test_accuracy_by_epoch": [[v - 1, v] for v in QUADRATIC_100],
        }
    )
    mnist["configs"] = [quadratic]
    index, _ = build_report(
        tmp_path / "out",
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=mnist,
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    english = index.read_text(encoding="utf-8")
    assert "ours: 3 of 10 seeds train, reaching 96.55 %; 7 stall between 68.6 and 87.3 %" in english
    assert "83.18" not in english
    assert "Stalled seeds: 0, 1, 3, 5, 7, 8, 9." in english
    assert "itself a finding about saturation" in english
    assert "The book's figures taken together" in english
    chinese = (index.parent / "index.zh.html").read_text(encoding="utf-8")
    assert (
        "我们：10 个种子中有 3 个训练成功，达到 96.55 %；7 个停滞在 68.6 到 87.3 % 之间" in chinese
    )
    assert "把书中的数字放在一起看" in chinese


def test_the_accuracy_curves_draw_each_stalled_seed_apart():
    from reports.page.mnist_figures import accuracy_by_epoch_panel

    quadratic = record("quadratic-100", QUADRATIC_100)
    quadratic["test_accuracy_by_epoch"] = [[v - 2, v - 1, v] for v in QUADRATIC_100]
    svg = accuracy_by_epoch_panel(quadratic)
    # One dashed line per stalled seed; the mean line and band over the three that train.
    assert svg.count("stroke-dasharray") == 7
    unsplit = accuracy_by_epoch_panel({**quadratic, "stalled_seeds": []})
    assert unsplit.count("stroke-dasharray") == 0


def test_percentiles_are_written_as_english_ordinals():
    from experiments.mnist_checks import ordinal

    assert [ordinal(v) for v in (1, 2, 3, 4, 11, 12, 13, 21, 22, 33.3, 100, 0)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "33rd",
        "100th",
        "0th",
    ]
