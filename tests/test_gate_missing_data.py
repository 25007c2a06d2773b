"""The gate's advice when results were built without the MNIST files: it says that the difference
is only the missing data and does not suggest accepting the results with ``--update``, which
would drop every MNIST figure from the baseline; with any other difference it still does."""

from __future__ import annotations

import copy
import io
import json

from test_gate import synthetic_results

from reports import gate

MNIST_CLAIM = "mnist-cross-entropy-30-hidden-9549"


def with_mnist_claim(results: dict) -> dict:
    """The synthetic results with one claim judged by the MNIST comparison row."""
    results = copy.deepcopy(results)
    results["claims"].append(
        {
            "id": MNIST_CLAIM,
            "expected": "holds",
            "verdict": "holds",
            "sources": [],
            "witnesses": [
                {"kind": "experiment", "test": "claims/test_m.py::t", "outcome": "passed"}
            ],
        }
    )
    row = results["experiments"]["mnist_comparisons"][0]
    row.update({"claim_id": MNIST_CLAIM, "verdict": "holds"})
    return results


def without_mnist_data(results: dict) -> dict:
    """What the build writes when the MNIST files are missing: no configurations, the MNIST
    claim and its row "not run", the reason recorded."""
    results = copy.deepcopy(results)
    experiments = results["experiments"]
    experiments.update(
        {
            "mnist": [],
            "mnist_status": "not run",
            "mnist_reason": "MNIST directory /x: expected a directory holding the four IDX files",
        }
    )
    experiments["mnist_comparisons"][0]["verdict"] = "not run"
    for claim in results["claims"]:
        if claim["id"] == MNIST_CLAIM:
            claim["verdict"] = "not run"
    results["problems"] = []
    return results


def gate_output(tmp_path, baseline: dict, results: dict) -> tuple[int, str]:
    (tmp_path / "baseline.json").write_text(json.dumps(baseline))
    (tmp_path / "results.json").write_text(json.dumps(results))
    out = io.StringIO()
    status = gate.run_gate(tmp_path / "baseline.json", tmp_path / "results.json", out=out)
    return status, out.getvalue()


def test_results_without_mnist_data_are_not_offered_to_update_the_baseline(tmp_path):
    baseline = with_mnist_claim(synthetic_results())
    status, out = gate_output(tmp_path, baseline, without_mnist_data(baseline))
    assert status == 1  # the results cannot vouch for the MNIST figures: still a failure
    after_table = out.split("FAILED:", 1)[1]
    assert "--update" not in after_table and "python -m reports.gate" not in out
    assert "MNIST experiment not having run" in out and "python -m runs.download" in out
    # the rows it explains are there: the configuration and the claim that did not run
    assert "(missing)" in out and MNIST_CLAIM in out


def test_another_difference_beside_the_missing_data_keeps_the_update_advice(tmp_path):
    baseline = with_mnist_claim(synthetic_results())
    results = without_mnist_data(baseline)
    results["experiments"]["neuron"][0]["final_output"] = 0.5  # a real change of the engine
    status, out = gate_output(tmp_path, baseline, results)
    assert status == 1
    assert "--update" in out.split("FAILED:", 1)[1]
    assert "MNIST experiment not having run" not in out


def test_a_build_problem_beside_the_missing_data_keeps_the_update_advice(tmp_path):
    # damaged data or a failed run is recorded as a problem: not merely missing data
    baseline = with_mnist_claim(synthetic_results())
    results = without_mnist_data(baseline)
    results["problems"] = ["MNIST data unusable: train-images-idx3-ubyte.gz: truncated"]
    status, out = gate_output(tmp_path, baseline, results)
    assert status == 1
    assert "MNIST experiment not having run" not in out
