"""results.json: the documented keys, verdicts per claim, document ledgers, strict JSON."""

import json
import math

import numpy as np
import pytest
from report_fixtures import (
    DOC_A,
    DOC_B,
    make_catalog,
    make_claims_run,
    make_mnist_not_run,
    make_mnist_ran,
    make_neuron,
)

from reports.build import build_report
from reports.results import results_to_json


@pytest.fixture
def results(tmp_path):
    _, results_path = build_report(
        tmp_path,
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={"claims": 1.5},
        catalog=make_catalog(),
        mnist_phase=MNIST_PHASE,
    )
    return json.loads(results_path.read_text(encoding="utf-8"))


MNIST_PHASE = {"wall_seconds": 3.0, "cpu_seconds": 5.0, "training_cpu_seconds": 4.5, "runs": 2}


def test_top_level_keys_are_present(results):
    assert {
        "claims",
        "experiments",
        "documents",
        "profile",
        "environment",
        "summary",
        "hypothesis_profile",
        "schema_version",
        "claims_run",
        "problems",
    } <= set(results)
    assert results["profile"] == "quick"
    assert results["hypothesis_profile"] == "ci"


def test_each_claim_carries_id_expected_verdict_sources_and_witnesses(results):
    for claim in results["claims"]:
        assert {"id", "expected", "verdict", "sources", "witnesses"} <= set(claim)
        for witness in claim["witnesses"]:
            assert {"kind", "test", "outcome"} <= set(witness)
    by_id = {claim["id"]: claim for claim in results["claims"]}
    assert by_id["sigmoid-derivative"]["sources"][0] == {
        "document": DOC_A,
        "lines": "12",
        "heading": "Derivatives",
        "locator": "「Derivatives」, line 12",
        "quote": "s'(z)",
    }


def test_verdicts_follow_the_witnesses(results):
    verdicts = {claim["id"]: claim["verdict"] for claim in results["claims"]}
    assert verdicts == {
        "sigmoid-derivative": "holds",  # two passing witnesses, expected holds
        "wrong-derivative": "refuted",  # passing counterexample test, expected refuted
        "cost-positive": "refuted",  # failing property of a claim expected to hold
        "mnist-accuracy": "holds",  # verdict taken from the MNIST experiment's claim_verdicts
    }
    assert results["summary"]["claims_differing_from_expected"] == ["cost-positive"]


def test_mnist_claims_are_not_run_without_the_data(tmp_path):
    _, path = build_report(
        tmp_path,
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_not_run(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    results = json.loads(path.read_text())
    by_id = {claim["id"]: claim for claim in results["claims"]}
    assert by_id["mnist-accuracy"]["verdict"] == "not run"
    assert results["experiments"]["mnist"] == []
    assert results["experiments"]["mnist_status"] == "not run"
    assert results["experiments"]["mnist_command"] == "python -m runs.download --mnist-dir /nowhere"


def test_document_ledgers_count_the_statements_that_hold(results):
    ledgers = {ledger["document"]: ledger for ledger in results["documents"]}
    assert [s["claim_id"] for s in ledgers[DOC_A]["statements"]] == [
        "sigmoid-derivative",
        "wrong-derivative",
    ]
    assert (ledgers[DOC_A]["holds"], ledgers[DOC_A]["checked"]) == (1, 2)
    assert ledgers[DOC_A]["share_holds"] == pytest.approx(0.5)
    assert (ledgers[DOC_B]["holds"], ledgers[DOC_B]["checked"]) == (2, 3)


def test_experiments_carry_runs_and_comparisons_with_tolerances(results):
    experiments = results["experiments"]
    run = experiments["neuron"][0]
    assert {"w0", "b0", "cost", "eta", "epochs", "initial_output", "final_output"} <= set(run)
    assert "trajectory" not in run
    comparison = experiments["neuron_comparisons"][0]
    assert {"stated", "computed", "tolerance", "verdict"} <= set(comparison)
    config = experiments["mnist"][0]
    assert {"sizes", "cost", "eta", "seeds", "final_accuracy", "best_accuracy"} <= set(config)
    assert set(config["final_accuracy"]) == {"mean", "std", "per_seed"}
    assert experiments["mnist_comparisons"][0]["tolerance"] == 0.01


def test_environment_records_versions_commit_profile_and_timings(results):
    environment = results["environment"]
    assert {"numpy", "sympy", "hypothesis"} <= set(environment["packages"])
    assert environment["git_commit"]
    assert environment["profile"] == "quick"
    assert environment["timings_seconds"]["claims"] == 1.5
    assert "render" in environment["timings_seconds"]
    assert environment["seeds"]["mnist"] == {"sigmoid-ce-30": [0, 1, 2]}
    assert environment["mnist_phase"] == MNIST_PHASE


def test_json_is_strict_and_numpy_values_become_plain_numbers():
    text = results_to_json({"a": np.float64(0.5), "b": np.arange(3), "c": math.nan, "d": (1, 2)})
    assert json.loads(text) == {"a": 0.5, "b": [0, 1, 2], "c": None, "d": [1, 2]}


def test_values_json_cannot_hold_are_rejected_by_name():
    with pytest.raises(TypeError, match="object"):
        results_to_json({"a": object()})
