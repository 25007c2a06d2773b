"""The build's terminal summary and its estimate before the MNIST phase: each refuted statement by
its catalog title with where it is said and the number that decides it, the MNIST accuracies
beside the book's from the records the report shows, every line within 80 columns."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from report_fixtures import DOC_A

import experiments.mnist_plan as mnist_plan
import reports.build as build
from experiments.mnist_configs import CONFIGS
from experiments.mnist_plan import MnistPlan, with_estimated_cost
from experiments.profiles import get_profile
from reports import build_phases
from reports.build_summary import closing_lines, mnist_table_lines

COLUMNS = 80


def columns(line: str) -> int:
    """Terminal columns of ``line``: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def refuted_claims() -> list[dict]:
    return [
        {
            "id": "mnist-one-fourteenth-of-errors",
            "title": "002: 1/14 of the errors eliminated",
            "expected": "refuted",
            "verdict": "refuted",
            "sources": [{"document": "002_6346e0d4e60abd44.txt", "lines": "189"}],
            "counterexamples": ["002_6346e0d4e60abd44.txt 「使用交叉熵」, line 189: 23/341"],
        },
        {
            "id": "004-cross-entropy-missing-minus",
            "title": "004's cross-entropy lacks the minus sign",
            "expected": "refuted",
            "verdict": "refuted",
            "sources": [
                {"document": "004_fb13fecbfd095a18.txt", "lines": "59"},
                {"document": "004_fb13fecbfd095a18.txt", "lines": "73-74"},
            ],
            "counterexamples": ["y=0, a=sigma(1.5)=0.82: 004's form gives -1.70; it is 1.70"],
        },
        {
            "id": "004-random-start-gives-output-098",
            "title": "A random start rarely outputs 0.98",
            "expected": "refuted",
            "verdict": "refuted",
            "sources": [{"document": "004_fb13fecbfd095a18.txt", "lines": "18, 21"}],
            "counterexamples": [],
            "reason": "an N(0, 1) draw gives an output as saturated as 0.98 in 0.5 % of draws",
        },
        {"id": "holds-one", "title": "Not wrong", "expected": "holds", "verdict": "holds"},
    ]


def results_with(claims, mnist_configs=(), status="not run") -> dict:
    return {
        "claims": claims,
        "problems": [],
        "experiments": {
            "mnist_status": status,
            "mnist_reason": "MNIST directory /x: expected a directory holding the four IDX files",
            "mnist": list(mnist_configs),
            "mnist_comparable_with_book": True,
            "sweep": None,
            "neuron_comparisons": [],
            "mnist_comparisons": [
                {
                    "claim_id": "mnist-one-fourteenth-of-errors",
                    "stated": "1/14",
                    "computed": 0.067448680351906,
                    "verdict": "refuted",
                }
            ],
        },
    }


def test_each_refuted_statement_is_named_by_title_with_where_and_its_deciding_number():
    lines = closing_lines(results_with(refuted_claims()))
    assert lines[:7] == [
        "statements the documents get wrong: 3",
        "  - 002: 1/14 of the errors eliminated",
        "    002 line 189: says 1/14; computed 0.06745",  # the judge's row, 4 significant digits
        "  - 004's cross-entropy lacks the minus sign",
        "    004 line 59 (and 1 more place): y=0, a=sigma(1.5)=0.82: 004's form gives",
        "    -1.70; it is 1.70",
        "  - A random start rarely outputs 0.98",
    ]
    assert lines[7].startswith("    004 lines 18, 21: an N(0, 1) draw")  # no number: the reason
    assert "Not wrong" not in "\n".join(lines)
    assert all(columns(line) <= COLUMNS for line in lines), lines


def mnist_config(name: str, book, per_seed: list[float], stalled: list[int]) -> dict:
    seeds = list(range(len(per_seed)))
    training = [value for seed, value in zip(seeds, per_seed) if seed not in stalled]
    config = next(config for config in CONFIGS if config.name == name)
    return {
        "name": name,
        "title": config.title,
        "sizes": list(config.sizes),
        "cost": config.cost,
        "seeds": seeds,
        "stalled_seeds": stalled,
        "book_figure": book,
        "best_accuracy": {"mean": sum(per_seed) / len(per_seed), "min": min(per_seed)},
        "training": {
            "best_accuracy": {
                "mean": sum(training) / len(training),
                "min": min(training),
                "max": max(training),
            }
        },
    }


def test_the_mnist_table_sets_the_books_figure_beside_our_seeds_that_train():
    configs = [
        mnist_config("quadratic-100", 96.59, [96.5, 70.1, 96.3, 96.7, 68.6], [1, 4]),
        mnist_config("tf-script-003", None, [95.0, 95.2], []),
    ]
    lines = mnist_table_lines(results_with([], configs, status="ran")["experiments"])
    assert lines[0] == "MNIST test accuracy, % (best epoch, our seeds that train):"
    quadratic, script = lines[2], lines[3]
    # the record's own statistics over the seeds that train: mean 96.50 of 96.5, 96.3, 96.7
    assert quadratic.split() == ["784-100-10", "quadratic", "96.59", "96.50", "[96.3-96.7]"] + [
        "3",
        "(2",
        "stall)",
    ]
    assert script.split()[:5] == ["784-30-10", "cross-entropy,", "003's", "script", "-"]
    assert all(columns(line) <= COLUMNS for line in lines), lines
    assert mnist_table_lines(results_with([], configs)["experiments"]) == []  # not run: none


def test_the_build_prints_the_refuted_titles_of_the_catalog(tmp_path, phases, capsys):
    code = build.main(["--out", str(tmp_path / "r"), "--mnist-dir", str(tmp_path / "none")])
    out = capsys.readouterr().out
    assert code == build.EXIT_OK
    assert "  - A misprinted derivative" in out.splitlines()
    assert f"    {DOC_A.split('_')[0]} line 20: w=2, b=2" in out


def plan_with_missing(runs: dict[str, int]) -> MnistPlan:
    quick = get_profile("quick")
    first = {c.name: [c.spec(quick, s) for s in quick.seeds] for c in CONFIGS}
    missing = {name: specs[: runs.get(name, 0)] for name, specs in first.items()}
    return MnistPlan(quick, first, missing, all_cached=False)


def test_the_estimate_is_epochs_times_the_measured_epoch_over_the_workers(tmp_path, monkeypatch):
    plan = plan_with_missing({"cross-entropy-30": 3, "quadratic-100": 1})
    timed = []

    def measured(specs, mnist_dir):
        networks = {replace(spec, seed=0) for spec in specs}
        timed.append(sorted(spec.sizes[1] for spec in networks))
        return {n: 4.0 if n.cost == "quadratic" else 1.0 for n in networks}

    monkeypatch.setattr(mnist_plan, "epoch_seconds_by_network", measured)
    estimated = with_estimated_cost(plan, tmp_path)
    epochs = plan.profile.epochs
    assert timed == [[30, 100]]  # each network to train timed once, nothing else
    assert estimated.cpu_seconds == pytest.approx((3 * 1.0 + 1 * 4.0) * epochs)
    assert estimated.wall_seconds(2) == pytest.approx((3 + 4) * epochs / 2)
    # never more workers than runs to train
    one = with_estimated_cost(plan_with_missing({"quadratic-100": 1}), tmp_path)
    assert one.wall_seconds(8) == pytest.approx(4 * epochs)


def test_the_lines_before_the_mnist_phase_say_what_is_cached_and_how_long_the_rest_takes():
    cached = MnistPlan(get_profile("quick"), {"x": [1, 2]}, {"x": []}, all_cached=True)
    assert build_phases.mnist_plan_lines(cached, 2) == [
        "MNIST phase: all 2 runs of profile quick are cached; none to train"
    ]
    extending = plan_with_missing({})  # the first pass cached, the seeds added for stalls not
    assert build_phases.mnist_plan_lines(extending, 2) == [
        "MNIST phase: the 18 runs of profile quick's seeds are cached; seeds added for stalls "
        "are to be trained"
    ]
    plan = plan_with_missing({"cross-entropy-100": 3})
    assert build_phases.mnist_plan_lines(plan, 2) == []  # no estimate (no data): no time
    # 3 runs x 5 epochs x 8 s on 2 workers = 60 s
    lines = build_phases.mnist_plan_lines(replace(plan, cpu_seconds=3 * 5 * 8.0), 2)
    assert lines[0] == "MNIST phase: 3 runs to train (15 cached), about 1 min on 2 worker(s)"
