"""The regression gate (reports/gate/): exit codes, messages, bands and baseline updates.

Every case starts from a small synthetic results dict (``synthetic_results``), writes it and a
baseline derived from it to a temporary directory, perturbs one thing, and checks the gate's
exit code and the line it prints.
"""

from __future__ import annotations

import io
import json
import math

import pytest

from reports import gate

N_EVAL = 10_000


def synthetic_results() -> dict:
    """A results.json shaped like the report's, small enough to read at a glance."""
    mnist_config = {
        "name": "784-30-10 cross-entropy",
        "sizes": [784, 30, 10],
        "cost": "cross_entropy",
        "eta": 0.5,
        "epochs": 2,
        "seeds": [0, 1, 2],
        "train_size": 10_000,
        "n_eval": N_EVAL,
        "final_accuracy": {"mean": 91.00, "std": 0.30, "per_seed": [90.70, 91.00, 91.30]},
        "best_accuracy": {"mean": 91.20, "std": 0.20, "per_seed": [91.00, 91.20, 91.40]},
    }
    return {
        "profile": "quick",
        "environment": {"python": "3.11"},
        "claims": [
            {
                "id": "ce-gradient-no-sigma-prime",
                "expected": "holds",
                "verdict": "holds",
                "sources": [],
                "witnesses": [
                    {"kind": "sympy", "test": "claims/test_x.py::t", "outcome": "passed"}
                ],
            },
            {
                "id": "doc4-derivative-sign",
                "expected": "refuted",
                "verdict": "refuted",
                "sources": [],
                "witnesses": [
                    {"kind": "hypothesis", "test": "claims/test_y.py::t", "outcome": "passed"}
                ],
            },
        ],
        "schema_version": 1,
        "documents": [
            {
                "document": "004_fb13fecbfd095a18.txt",
                "statements": [
                    {
                        "claim_id": "doc4-derivative-sign",
                        "locators": ["line 40"],
                        "expected": "refuted",
                        "verdict": "refuted",
                    },
                ],
            },
        ],
        "experiments": {
            "neuron": [
                {
                    "w0": 0.6,
                    "b0": 0.9,
                    "cost": "quadratic",
                    "eta": 0.15,
                    "epochs": 300,
                    "initial_output": 0.8175744761936437,
                    "final_output": 0.09050101253282287,
                },
                {
                    "w0": 2.0,
                    "b0": 2.0,
                    "cost": "quadratic",
                    "eta": 0.15,
                    "epochs": 300,
                    "initial_output": 0.9820137900379085,
                    "final_output": 0.20291003213624542,
                },
            ],
            "mnist": [mnist_config],
            "mnist_status": "ran",
            "mnist_reason": None,
            "neuron_comparisons": [
                {
                    "claim_id": "neuron-slow",
                    "document": "004_fb13fecbfd095a18.txt",
                    "locator": "final output",
                    "stated": 0.09,
                    "computed": 0.0905,
                    "tolerance": 0.005,
                    "verdict": "agrees",
                },
            ],
            "mnist_comparisons": [
                {
                    "claim_id": None,
                    "document": "002_6346e0d4e60abd44.txt",
                    "locator": "95.49 %",
                    "stated": 95.49,
                    "computed": 91.0,
                    "tolerance": None,
                    "verdict": "not comparable",
                },
            ],
        },
    }


class GateCase:
    """A results.json and a baseline made from it, in a temporary directory."""

    def __init__(self, directory, results: dict | None = None):
        self.results_path = directory / "results.json"
        self.baseline_path = directory / "baseline.json"
        self.results_path.write_text(json.dumps(results or synthetic_results()))
        assert gate.update_baseline(self.baseline_path, self.results_path, out=io.StringIO()) == 0

    def gate(self) -> tuple[int, str]:
        """Exit code and printed text of the gate on the current files."""
        out = io.StringIO()
        code = gate.run_gate(self.baseline_path, self.results_path, out=out)
        return code, out.getvalue()

    def gate_on(self, results: dict) -> tuple[int, str]:
        """Replace the results file by ``results`` and run the gate."""
        self.results_path.write_text(json.dumps(results))
        return self.gate()

    def update(self) -> tuple[int, str]:
        out = io.StringIO()
        code = gate.update_baseline(self.baseline_path, self.results_path, out=out)
        return code, out.getvalue()


@pytest.fixture
def case(tmp_path) -> GateCase:
    return GateCase(tmp_path)


def shift_every_seed(summary: dict, points: float) -> None:
    """Move every seed's accuracy (and the mean) by ``points``."""
    summary["per_seed"] = [value + points for value in summary["per_seed"]]
    summary["mean"] += points


def row_with(text: str, fragment: str) -> str:
    """The first printed line containing ``fragment``."""
    return next(line for line in text.splitlines() if fragment in line)


# ---- exit 0 and 1


def test_results_identical_to_the_baseline_pass(case):
    code, text = case.gate()
    assert code == 0, text
    assert "ok: all" in text


def test_claim_verdict_differing_from_expected_fails_and_names_the_claim(case):
    results = synthetic_results()
    results["claims"][0]["verdict"] = "refuted"
    code, text = case.gate_on(results)
    assert code == 1
    row = row_with(text, "ce-gradient-no-sigma-prime")
    assert "holds" in row and "refuted" in row and "expected 'holds'" in row


def test_statements_repeating_a_failing_claim_are_counted_on_its_row(case):
    results = synthetic_results()
    results["claims"][1]["verdict"] = "holds"
    results["documents"][0]["statements"][0]["verdict"] = "holds"
    code, text = case.gate_on(results)
    assert code == 1
    assert "(and in 1 document statement)" in row_with(text, "doc4-derivative-sign")
    assert not any(line.startswith("statement") for line in text.splitlines())


def test_claim_not_run_fails(case):
    results = synthetic_results()
    results["claims"][1]["verdict"] = "not run"
    code, text = case.gate_on(results)
    assert code == 1
    assert "doc4-derivative-sign" in text and "not run" in text


def test_changed_expectation_in_the_catalog_fails(case):
    results = synthetic_results()
    results["claims"][1]["expected"] = results["claims"][1]["verdict"] = "holds"
    code, text = case.gate_on(results)
    assert code == 1
    assert "the catalog changed the expected verdict" in text


def test_neuron_figure_outside_its_band_fails_with_baseline_now_and_band(case):
    results = synthetic_results()
    # 1e-6 relative: far above the 1e-9 band, far below anything visible in the report.
    results["experiments"]["neuron"][0]["final_output"] *= 1 + 1e-6
    code, text = case.gate_on(results)
    assert code == 1
    row = row_with(text, "final_output")
    assert "0.0905010125328" in row and "outside band" in row and "[" in row


def test_neuron_figure_within_cross_machine_noise_passes(case):
    results = synthetic_results()
    # A few units in the last place: what a different libm or summation order produces.
    results["experiments"]["neuron"][0]["final_output"] += 8 * math.ulp(0.0905)
    assert case.gate_on(results)[0] == 0


def test_mnist_mean_outside_the_seed_spread_band_fails(case):
    results = synthetic_results()
    config = results["experiments"]["mnist"][0]
    # A drop of 5 points: what a broken gradient or learning rate does, far beyond the spread.
    shift_every_seed(config["final_accuracy"], -5.0)
    code, text = case.gate_on(results)
    assert code == 1
    row = row_with(text, ":: final_accuracy")
    assert "91" in row and "86" in row and "outside band" in row


def test_mnist_mean_moving_within_the_seed_spread_passes(case):
    results = synthetic_results()
    # One standard deviation of one seed: well inside the 99 % prediction band.
    shift_every_seed(results["experiments"]["mnist"][0]["final_accuracy"], 0.30)
    assert case.gate_on(results)[0] == 0


@pytest.mark.parametrize(("shift_images", "code"), [(5, 0), (20, 1)])
def test_mnist_mean_of_identical_seeds_is_held_to_the_resolution_floor(
    tmp_path, shift_images, code
):
    results = synthetic_results()
    results["experiments"]["mnist"][0]["final_accuracy"] = {
        "mean": 90.0,
        "std": 0.0,
        "per_seed": [90.0] * 3,
    }
    case = GateCase(tmp_path, results)
    # Every seed moves by shift_images test images: 5 is the largest per-seed change measured
    # across BLAS kernels and must pass; 20 is beyond the 10-image floor and must fail.
    final = results["experiments"]["mnist"][0]["final_accuracy"]
    shift_every_seed(final, shift_images * 100 / N_EVAL)
    assert case.gate_on(results)[0] == code


@pytest.mark.parametrize(
    ("remove", "label"),
    [
        (lambda r: r["claims"].pop(0), "ce-gradient-no-sigma-prime"),
        (lambda r: r["experiments"]["neuron"].pop(1), "w0=2.0"),
        (lambda r: r["experiments"]["mnist"].clear(), "784-30-10 cross-entropy"),
        (
            lambda r: r["experiments"]["neuron_comparisons"].clear(),
            "neuron :: 004_fb13fecbfd095a18.txt",
        ),
        (lambda r: r["documents"][0]["statements"].clear(), "004_fb13fecbfd095a18.txt :: doc4"),
    ],
    ids=["claim", "neuron-run", "mnist-config", "comparison", "statement"],
)
def test_entry_missing_from_the_results_fails(case, remove, label):
    results = synthetic_results()
    remove(results)
    code, text = case.gate_on(results)
    assert code == 1
    assert any(label in line and "(missing)" in line for line in text.splitlines()), text


def test_mnist_not_run_fails_on_every_mnist_figure_and_says_why(case):
    results = synthetic_results()
    results["experiments"].update(
        mnist=[], mnist_status="not run", mnist_reason="no MNIST files in /x"
    )
    code, text = case.gate_on(results)
    assert code == 1
    assert "(missing)" in row_with(text, ":: final_accuracy")
    assert "(missing)" in row_with(text, ":: best_accuracy")
    assert "note: MNIST experiment not run: no MNIST files in /x" in text


def test_claim_the_baseline_accepted_as_not_run_passes_while_not_run(case):
    results = synthetic_results()
    results["claims"][0]["verdict"] = "not run"
    case.gate_on(results)
    code, text = case.update()
    assert code == 0 and "accepted as not run" in text and "ce-gradient-no-sigma-prime" in text
    assert case.gate()[0] == 0
    results["claims"][0]["verdict"] = "refuted"
    code, text = case.gate_on(results)
    assert code == 1 and "verdict differs from the expected 'holds'" in row_with(
        text, "ce-gradient"
    )


def test_comparisons_sharing_a_locator_are_told_apart_by_their_statement(case):
    results = synthetic_results()
    first = results["experiments"]["neuron_comparisons"][0]
    first["statement"] = "The output falls to 0.09."
    second = {**first, "statement": "The fall is slow at first.", "verdict": "agrees"}
    results["experiments"]["neuron_comparisons"].append(second)
    case.gate_on(results)
    assert case.update()[0] == 0
    second["verdict"] = "disagrees"
    code, text = case.gate_on(results)
    assert code == 1
    assert "disagrees" in row_with(text, "The fall is slow at first.")


def test_comparison_verdict_change_fails(case):
    results = synthetic_results()
    results["experiments"]["neuron_comparisons"][0]["verdict"] = "disagrees"
    code, text = case.gate_on(results)
    assert code == 1
    assert "verdict changed" in text and "disagrees" in text


def test_new_entries_are_listed_but_do_not_fail(case):
    results = synthetic_results()
    results["claims"].append(
        {"id": "new-claim", "expected": "holds", "verdict": "holds", "sources": [], "witnesses": []}
    )
    code, text = case.gate_on(results)
    assert code == 0
    assert "new-claim" in text and "not in the baseline" in text


def test_a_results_file_serves_as_baseline(case, tmp_path):
    earlier = tmp_path / "earlier-results.json"
    earlier.write_text(json.dumps(synthetic_results()))
    case.baseline_path = earlier
    assert case.gate()[0] == 0
    results = synthetic_results()
    results["claims"][0]["verdict"] = "refuted"
    assert case.gate_on(results)[0] == 1


# ---- exit 2


def test_malformed_baseline_names_file_line_and_column(case):
    case.baseline_path.write_text('{\n  "format": "nnclaims-gate-baseline",\n  "version": 1,,\n}')
    code, text = case.gate()
    assert code == 2
    assert str(case.baseline_path) in text and "line 3 column" in text


def test_baseline_missing_a_key_names_the_key(case):
    baseline = json.loads(case.baseline_path.read_text())
    del next(iter(baseline["figures"].values()))["band"]
    case.baseline_path.write_text(json.dumps(baseline))
    code, text = case.gate()
    assert code == 2
    assert str(case.baseline_path) in text and ".band'" in text and "missing key" in text


def test_missing_results_file_is_an_input_error(case):
    case.results_path.unlink()
    code, text = case.gate()
    assert code == 2
    assert str(case.results_path) in text and "file not found" in text


def test_missing_baseline_file_is_an_input_error(case):
    case.baseline_path.unlink()
    code, text = case.gate()
    assert code == 2
    assert str(case.baseline_path) in text and "file not found" in text


def test_results_missing_a_key_names_the_key_path(case):
    results = synthetic_results()
    del results["claims"][1]["verdict"]
    code, text = case.gate_on(results)
    assert code == 2
    assert "missing key 'claims[1].verdict'" in text and str(case.results_path) in text


def test_results_of_another_schema_version_are_an_input_error(case):
    results = synthetic_results()
    results["schema_version"] = 2
    code, text = case.gate_on(results)
    assert code == 2
    assert "schema_version 2" in text


def test_accuracy_outside_zero_to_hundred_percent_is_an_input_error(case):
    results = synthetic_results()
    results["experiments"]["mnist"][0]["best_accuracy"]["per_seed"][1] = 910.0
    code, text = case.gate_on(results)
    assert code == 2
    assert (
        "expected an accuracy in percent at 'experiments.mnist[0].best_accuracy.per_seed[1]'"
        in text
    )


def test_profile_mismatch_is_an_input_error(case):
    results = synthetic_results()
    results["profile"] = "book"
    code, text = case.gate_on(results)
    assert code == 2
    assert "profile mismatch" in text and "'quick'" in text and "'book'" in text


# ---- update


def test_update_creates_the_baseline_when_absent_and_lists_what_it_accepts(tmp_path):
    results_path = tmp_path / "results.json"
    results_path.write_text(json.dumps(synthetic_results()))
    baseline_path = tmp_path / "sub" / "baseline.json"
    out = io.StringIO()
    assert gate.update_baseline(baseline_path, results_path, out=out) == 0
    text = out.getvalue()
    assert "creating baseline" in text
    assert "+ claims ce-gradient-no-sigma-prime: expected holds, verdict holds" in text
    written = json.loads(baseline_path.read_text())
    assert written["format"] == gate.BASELINE_FORMAT and written["profile"] == "quick"
    assert [p.name for p in baseline_path.parent.iterdir()] == ["baseline.json"]  # no temp left
    assert gate.run_gate(baseline_path, results_path, out=io.StringIO()) == 0


def test_update_prints_the_changed_figure_and_then_accepts_it(case):
    results = synthetic_results()
    results["experiments"]["neuron"][0]["final_output"] = 0.5
    assert case.gate_on(results)[0] == 1
    code, text = case.update()
    assert code == 0
    changed = [line for line in text.splitlines() if line.startswith("~ ")]
    assert len(changed) == 1
    assert (
        "final_output" in changed[0]
        and "0.0905010125328" in changed[0]
        and "-> 0.5 in" in changed[0]
    )
    assert case.gate()[0] == 0


def test_update_without_changes_says_so(case):
    before = case.baseline_path.read_text()
    code, text = case.update()
    assert code == 0 and "no change" in text
    assert case.baseline_path.read_text() == before


def test_update_from_a_missing_results_file_leaves_the_baseline_untouched(case):
    before = case.baseline_path.read_text()
    case.results_path.unlink()
    code, text = case.update()
    assert code == 2 and "file not found" in text
    assert case.baseline_path.read_text() == before


# ---- bands


def test_neuron_band_is_relative_with_an_absolute_floor():
    (low, high), _ = gate.neuron_band(0.5)
    assert high - 0.5 == pytest.approx(0.5 * gate.NEURON_RELATIVE, rel=1e-6)
    (low, high), _ = gate.neuron_band(0.0)
    assert (low, high) == (-gate.NEURON_ABSOLUTE, gate.NEURON_ABSOLUTE)


def test_mnist_band_is_the_t_prediction_interval_of_a_fresh_mean():
    (low, high), rule = gate.mnist_band(91.0, 0.3, 3, N_EVAL)
    # t(0.995, 2) = 9.925 (printed tables); sqrt(2/3) for the difference of two 3-seed means.
    assert high - 91.0 == pytest.approx(9.925 * 0.3 * math.sqrt(2 / 3), rel=1e-4)
    assert 91.0 - low == pytest.approx(high - 91.0, rel=1e-9)
    assert "t=9.925" in rule


def test_mnist_band_never_narrower_than_the_resolution_floor():
    (low, high), _ = gate.mnist_band(91.0, 0.0, 3, 1000)
    assert high - 91.0 == pytest.approx(100 * gate.FLOOR_IMAGES / 1000, rel=1e-9)
    (low, high), rule = gate.mnist_band(91.0, 0.0, 1, 1000)
    assert high - 91.0 == pytest.approx(100 * gate.FLOOR_IMAGES / 1000, rel=1e-9)
    assert "single seed" in rule


def test_mnist_band_stays_within_zero_and_hundred_percent():
    # Seeds at 47.6, 73.7 and 82.5 % (a saturating network): the band would reach past both ends.
    (low, high), _ = gate.mnist_band(67.9, 18.1, 3, N_EVAL)
    assert (low, high) == (0.0, 100.0)


def test_update_warns_about_bands_that_gate_nothing(case):
    results = synthetic_results()
    results["experiments"]["mnist"][0]["final_accuracy"]["per_seed"] = [47.6, 73.7, 82.5]
    case.gate_on(results)
    code, text = case.update()
    assert code == 0
    assert "gate nothing: mnist 784-30-10 cross-entropy :: final_accuracy" in text


def test_mnist_evaluation_size_defaults_to_the_test_file(case):
    results = synthetic_results()
    del results["experiments"]["mnist"][0]["n_eval"]
    observed = gate.observe(gate.Entry(results, "", "results x"))
    assert observed.setups["mnist 784-30-10 cross-entropy"]["n_eval"] == 10_000


def test_command_line_exit_codes(case, capsys):
    arguments = ["--baseline", str(case.baseline_path), "--results", str(case.results_path)]
    assert gate.main(arguments) == 0
    assert gate.main([*arguments[:-1], str(case.results_path) + ".x"]) == 2
    assert "file not found" in capsys.readouterr().err
