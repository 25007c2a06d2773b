"""From per-epoch histories of seeded MNIST runs to summaries, comparisons and verdicts.

Three readings of a run's test accuracy (in percent):

- final: after the last epoch;
- best: the highest after any epoch. The book's figures are of this kind: 002's code monitors
  the test data after every epoch (``evaluation_data=test_data``) and chapter 1 reports the
  peak epoch; choosing the epoch on the test data makes them optimistic;
- validation-selected: the test accuracy at the epoch with the highest validation accuracy (the
  honest one: the test data play no part in the choice).

Seeds that stall (:func:`stall_split`: the gap rule of :func:`experiments.statistics.
split_lumps` on the best-epoch reading) are reported apart: every statistic of a configuration
that judges or compares it (``training``, the Welch rows, the book figure's percentile) rests on
its seeds that train. Cross-entropy against quadratic is compared by a two-sided Welch t-test and
a seeded bootstrap interval of the mean difference over the seeds that train
(:func:`significance`); :func:`book_figures_combined` asks whether the book's figures as a set
sit where single draws from those seeds would. The documents' statements about these
runs are judged by :mod:`experiments.mnist_checks`, with the figures of the claim catalog.
"""

from __future__ import annotations

import numpy as np

from engine.training import TrainingHistory
from experiments.mnist_configs import MnistConfig
from experiments.statistics import (
    bootstrap_mean_difference_interval,
    rank_sum_combined_test,
    split_lumps,
    summarize,
    welch_t_test,
)

PAIRS = (("cross-entropy-30", "quadratic-30", 30), ("cross-entropy-100", "quadratic-100", 100))
READINGS = {
    "best_accuracy": "best-epoch test accuracy (the book's protocol)",
    "validation_selected_test_accuracy": "test accuracy at the best validation epoch",
    "final_accuracy": "test accuracy after the last epoch",
}
BOOK_READING = "best_accuracy"
HONEST_READING = "validation_selected_test_accuracy"
BOOK_READING_NOTE = (
    "The book's figures match the best-epoch test accuracy: 002's code evaluates the test data "
    "after every epoch (evaluation_data=test_data, monitor_evaluation_accuracy=True) and the "
    "figure quoted is the best epoch's. The honest reading chooses the epoch on the validation "
    "data and reads the test accuracy there (validation_selected_test_accuracy)."
)
PROTOCOL_NOTE = (
    "The book's accuracies are test accuracies read after every epoch (002's code passes "
    "evaluation_data=test_data); chapter 1 reports the best epoch, so the book's figures are "
    "set beside our best-epoch test accuracy. Choosing the epoch on the test data flatters it: "
    "the honest reading chooses the epoch on the validation data and reads the test accuracy "
    "there (validation_selected_test_accuracy)."
)


def readings(history: TrainingHistory) -> dict:
    """Final, best and validation-selected test accuracy (percent)
    and the chosen epochs (1-based).
    """
    test = 100.0 * np.asarray(history.metrics["test"]["accuracy"])
    validation = np.asarray(history.metrics["validation"]["accuracy"])
    best_epoch = int(np.argmax(test))
    selected_epoch = int(np.argmax(validation))
    return {
        "final_accuracy": float(test[-1]),
        "best_accuracy": float(test[best_epoch]),
        "best_epoch": best_epoch + 1,
        "validation_selected_test_accuracy": float(test[selected_epoch]),
        "validation_selected_epoch": selected_epoch + 1,
    }


STALL_READING = BOOK_READING
"""The reading by which a seed is classed as stalled (its best test accuracy over all epochs:
a seed that never reaches its configuration's working level)."""


def stall_split(seeds: list[int], best: list[float]) -> dict:
    """Which seeds train and which stall, by :func:`experiments.statistics.split_lumps` on their
    best-epoch test accuracies: sorted from the highest, the first gap wider than
    max(1 point, 4 x 1.4826 MAD of the seeds above it) splits off the stalled seeds below it.

    {"training_seeds", "stalled_seeds" (seed numbers, ascending), "stall_rule", "stall_gap"}.
    """
    if len(seeds) != len(best):
        raise ValueError(
            f"seeds and best accuracies differ in length: {len(seeds)} and {len(best)}"
        )
    lumps = split_lumps(best)
    return {
        "training_seeds": sorted(seeds[i] for i in lumps["working_positions"]),
        "stalled_seeds": sorted(seeds[i] for i in lumps["stalled_positions"]),
        "stall_rule": lumps["rule"],
        "stall_gap": lumps["gap"],
    }


def training_values(record: dict, key: str) -> list[float]:
    """The per-seed values of reading ``key`` at the seeds of ``record`` that train (all seeds
    when the record holds no stall split)."""
    stalled = set(record.get("stalled_seeds") or ())
    return [
        value
        for seed, value in zip(record["seeds"], record[key]["per_seed"])
        if seed not in stalled
    ]


def summarize_config(config: MnistConfig, specs, histories, comparable: bool) -> dict:
    """The experiments-contract record of one configuration over its seeds: each reading over
    all seeds, the seeds that stall and, under ``training``, each reading over the seeds that
    train."""
    per_seed = [readings(h) for h in histories]
    seeds = [s.seed for s in specs]
    split = stall_split(seeds, [r[STALL_READING] for r in per_seed])
    training = [i for i, seed in enumerate(seeds) if seed not in set(split["stalled_seeds"])]
    record = {
        "name": config.name,
        "title": config.title,
        "sizes": list(config.sizes),
        "cost": config.cost,
        "eta": config.eta,
        "split": config.split,
        "dtype": config.dtype,
        "epochs": specs[0].epochs,
        "seeds": seeds,
        "train_size": specs[0].train_size,
        **{key: summarize([r[key] for r in per_seed]) for key in READINGS},
        **split,
        "training": {key: summarize([per_seed[i][key] for i in training]) for key in READINGS},
        "best_epoch": [r["best_epoch"] for r in per_seed],
        "validation_selected_epoch": [r["validation_selected_epoch"] for r in per_seed],
        "test_accuracy_by_epoch": [
            [100.0 * a for a in h.metrics["test"]["accuracy"]] for h in histories
        ],
        "book_figure": None,  # the printed accuracy, filled in from the claim catalog by the report
        "book_reading": BOOK_READING,
        "honest_reading": HONEST_READING,
        "book_reading_note": BOOK_READING_NOTE,
        "notes": list(config.notes),
    }
    if not comparable:
        record["notes"].append(
            "Profile with fewer examples or epochs than the book: not comparable with its figures."
        )
    return record


SIGNIFICANCE_TEST = (
    "two-sided Welch t-test; seeded percentile bootstrap (10,000 resamples, seed 0) of the mean "
    "difference; over the seeds that train only (stalled seeds are reported apart)"
)


def _seeds_used(record: dict) -> str:
    stalled = record.get("stalled_seeds") or []
    used = len(record["seeds"]) - len(stalled)
    if not stalled:
        return f"{record['name']}: all {used} seeds"
    return (
        f"{record['name']}: the {used} seeds that train "
        f"(stalled seeds {', '.join(map(str, stalled))} set aside)"
    )


def significance(records: dict[str, dict]) -> list[dict]:
    """Cross-entropy against quadratic per hidden size and reading, over the seeds that train
    (:func:`training_values`): Welch test and bootstrap."""
    rows = []
    for entropy_name, quadratic_name, hidden in PAIRS:
        for key, label in READINGS.items():
            a = training_values(records[entropy_name], key)
            b = training_values(records[quadratic_name], key)
            row = {
                "comparison": f"cross-entropy minus quadratic, {hidden} hidden neurons",
                "configs": [entropy_name, quadratic_name],
                "reading": label,
                "test": SIGNIFICANCE_TEST,
                "seeds_used": [
                    _seeds_used(records[entropy_name]),
                    _seeds_used(records[quadratic_name]),
                ],
                "cross_entropy": a,
                "quadratic": b,
            }
            try:
                welch = welch_t_test(a, b)
            except ValueError as error:
                row.update(
                    {
                        "welch": None,
                        "bootstrap_95": None,
                        "significant_at_5_percent": None,
                        "note": str(error),
                    }
                )
            else:
                row.update(
                    {
                        "welch": welch,
                        "bootstrap_95": bootstrap_mean_difference_interval(a, b, seed=0),
                        "significant_at_5_percent": welch["p_value"] < 0.05,
                        "note": "",
                    }
                )
            rows.append(row)
    return rows


def claim_verdicts(comparisons: list[dict], claim_ids, reason_not_run: str | None = None) -> dict:
    """claim id -> {"verdict", "evidence"} for ``claim_ids``, the claims the MNIST experiment
    witnesses, from the comparison rows that name them."""
    by_claim = {row["claim_id"]: row for row in comparisons if row["claim_id"]}
    verdicts = {}
    for claim_id in claim_ids:
        row = by_claim.get(claim_id)
        if reason_not_run is not None:
            verdicts[claim_id] = {"verdict": "not run", "evidence": reason_not_run}
        elif row is None:
            verdicts[claim_id] = {
                "verdict": "not run",
                "evidence": "the MNIST experiment has no check for this claim",
            }
        else:
            verdicts[claim_id] = {
                "verdict": row["verdict"],
                "evidence": f"stated {row['stated']}, computed {row['computed']}; "
                f"criterion: {row['tolerance']}. {row['note']}",
            }
    return verdicts


def book_figures_combined(configs: list[dict], comparable: bool) -> dict | None:
    """The combined question: do the book's printed figures, as a set, sit where single draws
    from our seeds that train would? :func:`experiments.statistics.rank_sum_combined_test` over
    every configuration with a book figure, each placed among its training seeds' best-epoch
    accuracies (the book's reading). None when no configuration has a book figure.

    {"configs", "figures", "comparable_with_book", "sits_apart" (two-sided p < 0.05; None
    when not comparable), "direction" ("higher" or "lower": the side of the null mean the sum
    of ranks falls on), and the test's own keys}."""
    shown = [record for record in configs if record.get("book_figure") is not None]
    if not shown:
        return None
    test = rank_sum_combined_test(
        [(record["book_figure"], training_values(record, BOOK_READING)) for record in shown]
    )
    return {
        "configs": [record["name"] for record in shown],
        "figures": [record["book_figure"] for record in shown],
        "comparable_with_book": comparable,
        **test,
        "direction": "higher" if test["statistic"] >= test["null_mean"] else "lower",
        "sits_apart": (test["p_value"] < 0.05) if comparable else None,
    }
