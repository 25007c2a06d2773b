"""The gate reads what ``reports.results.build_results`` writes (the results.json contract).

A tiny catalog, claim-suite run and pair of experiment records go through the report's own
``build_results`` and JSON encoder; the gate must find every claim, document statement,
comparison and figure in the file, and a baseline made from it must accept it.
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

from claims.catalog import Source
from reports import gate
from reports.claims_run import ClaimsRun, WitnessResult
from reports.results import build_results, results_to_json

DOCUMENT = "000_de8b5c01d2ccda08.txt"


def tiny_catalog() -> SimpleNamespace:
    source = Source(DOCUMENT, "3", "Section 1")
    claims = [
        SimpleNamespace(
            id="sigma-prime-identity", title="t", statement="s", expected="holds", sources=[source]
        ),
        SimpleNamespace(
            id="stated-derivative", title="t", statement="s", expected="refuted", sources=[source]
        ),
        SimpleNamespace(
            id="mnist-ce-beats-quadratic",
            title="t",
            statement="s",
            expected="holds",
            sources=[source],
            experiment="mnist",
        ),
    ]
    return SimpleNamespace(CLAIMS=claims, DOCUMENTS={DOCUMENT: "a post"})


def tiny_claims_run() -> ClaimsRun:
    tests = [
        WitnessResult(
            "claims/test_a.py::test_identity", ("sigma-prime-identity",), "sympy", "passed"
        ),
        WitnessResult(
            "claims/test_a.py::test_derivative", ("stated-derivative",), "hypothesis", "passed"
        ),
    ]
    return ClaimsRun(tests=tests, hypothesis_profile="ci")


def tiny_neuron() -> dict:
    run = {
        "w0": 0.6,
        "b0": 0.9,
        "cost": "quadratic",
        "eta": 0.15,
        "epochs": 300,
        "initial_output": 0.8175744761936437,
        "final_output": 0.09395569486364726,
        "trajectory": {
            "epoch": [0],
            "a": [0.8],
            "cost": [0.3],
            "w": [0.6],
            "b": [0.9],
            "dC_dw": [0.1],
            "dC_db": [0.1],
        },
    }
    comparison = {
        "claim_id": None,
        "document": DOCUMENT,
        "locator": "line 20",
        "statement": "s",
        "stated": 0.09,
        "computed": 0.094,
        "tolerance": 0.005,
        "verdict": "agrees",
        "note": "",
    }
    return {"runs": [run], "comparisons": [comparison], "figures": {}}


def tiny_mnist() -> dict:
    accuracy = {"mean": 90.0, "std": 1.0, "per_seed": [89.0, 90.0, 91.0]}
    config = {
        "name": "ce",
        "sizes": [784, 30, 10],
        "cost": "cross_entropy",
        "eta": 0.5,
        "epochs": 1,
        "seeds": [0, 1, 2],
        "train_size": 1000,
        "test_size": 10_000,
        "final_accuracy": accuracy,
        "best_accuracy": accuracy,
        "validation_selected_test_accuracy": accuracy,
        "book_figure": None,
        "book_inside_spread": None,
        "notes": "",
    }
    return {
        "status": "ran",
        "reason": None,
        "command": None,
        "profile": "quick",
        "comparable_with_book": False,
        "configs": [config],
        "comparisons": [],
        "significance": [],
        "claim_verdicts": {"mnist-ce-beats-quadratic": {"verdict": "holds", "evidence": "e"}},
        "figures": {},
        "timings": {},
    }


def write_tiny_results(path) -> None:
    results = build_results(
        catalog=tiny_catalog(),
        claims_run=tiny_claims_run(),
        neuron=tiny_neuron(),
        mnist=tiny_mnist(),
        sweep=None,
        profile="quick",
        environment={"python": "3.11"},
        problems=[],
    )
    path.write_text(results_to_json(results))


def test_gate_finds_every_entry_of_a_report_results_file(tmp_path):
    results_path = tmp_path / "results.json"
    write_tiny_results(results_path)
    observed = gate.observe(gate.load_json(results_path, "results"))
    assert observed.claims == {
        "sigma-prime-identity": {"expected": "holds", "verdict": "holds"},
        "stated-derivative": {"expected": "refuted", "verdict": "refuted"},
        "mnist-ce-beats-quadratic": {"expected": "holds", "verdict": "holds"},
    }
    assert sorted(observed.statements) == [
        f"{DOCUMENT} :: {c.id}" for c in sorted(tiny_catalog().CLAIMS, key=lambda c: c.id)
    ]
    assert list(observed.comparisons) == [f"neuron :: {DOCUMENT} :: line 20 :: -"]
    assert sorted(observed.neuron_figures) == [
        "neuron quadratic w0=0.6 b0=0.9 eta=0.15 epochs=300 :: final_output",
        "neuron quadratic w0=0.6 b0=0.9 eta=0.15 epochs=300 :: initial_output",
    ]
    assert sorted(observed.mnist_figures) == [
        "mnist ce :: best_accuracy",
        "mnist ce :: final_accuracy",
        "mnist ce :: validation_selected_test_accuracy",
    ]
    assert observed.setups["mnist ce"]["n_eval"] == 10_000


def test_baseline_made_from_a_report_results_file_accepts_it(tmp_path):
    results_path = tmp_path / "results.json"
    baseline_path = tmp_path / "baseline.json"
    write_tiny_results(results_path)
    assert gate.update_baseline(baseline_path, results_path, out=io.StringIO()) == 0
    out = io.StringIO()
    assert gate.run_gate(baseline_path, results_path, out=out) == 0, out.getvalue()
    assert json.loads(baseline_path.read_text())["profile"] == "quick"
