"""The gate's two modes: exact when the results' run fingerprint is the baseline's, bands when it
differs or is missing; stalled seeds kept apart from the bands; the one line naming the mode."""

from __future__ import annotations

import copy
import io
import json
import math
from pathlib import Path

import pytest

from reports import gate
from tests.test_gate import N_EVAL, GateCase, row_with, synthetic_results

ONE_IMAGE = 100 / N_EVAL  # one test image of 10,000, in percent
FINGERPRINT = {
    "numpy": "2.4.6",
    "numpy_simd": ["X86_V3", "X86_V4"],
    "numba": "0.68.1",
    "llvmlite": "0.50.0",
    "machine": "x86_64",
    "blas": [{"internal_api": "openblas", "version": "0.3.31", "architecture": "SkylakeX"}],
}
BASELINE_FILE = Path(__file__).resolve().parent.parent / "reports" / "baseline.json"


def fingerprinted_results(fingerprint: dict | None = FINGERPRINT) -> dict:
    results = synthetic_results()
    config = results["experiments"]["mnist"][0]
    config["best_epoch"] = [2, 1, 2]
    config["test_accuracy_by_epoch"] = [[89.0, 90.7], [91.2, 91.0], [90.1, 91.3]]
    if fingerprint is not None:
        results["environment"]["run_fingerprint"] = copy.deepcopy(fingerprint)
    return results


@pytest.fixture
def exact_case(tmp_path) -> GateCase:
    return GateCase(tmp_path, fingerprinted_results())


@pytest.mark.parametrize("seed_index", [0, 1, 2])
@pytest.mark.parametrize("reading", ["final_accuracy", "best_accuracy"])
def test_same_fingerprint_fails_on_one_image_of_any_seed(exact_case, reading, seed_index):
    results = fingerprinted_results()
    # One image: far inside the band (about +-0.6 points here), yet a change of the code.
    results["experiments"]["mnist"][0][reading]["per_seed"][seed_index] -= ONE_IMAGE
    code, text = exact_case.gate_on(results)
    assert code == 1, text
    assert "gate: mode exact:" in text
    row = row_with(text, f"{reading} :: seed {seed_index}")
    assert "= baseline (exact)" in row


def test_same_fingerprint_and_same_figures_pass_in_exact_mode(exact_case):
    code, text = exact_case.gate()
    assert code == 0, text
    assert "gate: mode exact: the run fingerprint matches the baseline's" in text


def test_same_fingerprint_fails_on_a_changed_epoch_curve_naming_the_epoch(exact_case):
    results = fingerprinted_results()
    results["experiments"]["mnist"][0]["test_accuracy_by_epoch"][1][0] += ONE_IMAGE
    code, text = exact_case.gate_on(results)
    assert code == 1
    assert "test_accuracy_by_epoch :: seed 1 epoch 1" in text


def test_same_fingerprint_fails_on_one_unit_in_the_last_place_of_a_neuron_figure(exact_case):
    results = fingerprinted_results()
    neuron = results["experiments"]["neuron"][0]
    neuron["final_output"] = math.nextafter(neuron["final_output"], 1.0)
    assert exact_case.gate_on(results)[0] == 1


def test_other_fingerprint_applies_the_bands_and_says_what_differs(exact_case):
    other = {**FINGERPRINT, "blas": [{**FINGERPRINT["blas"][0], "architecture": "Haswell"}]}
    results = fingerprinted_results(other)
    results["experiments"]["mnist"][0]["final_accuracy"]["per_seed"][0] -= ONE_IMAGE
    code, text = exact_case.gate_on(results)
    assert code == 0, text
    mode_line = row_with(text, "gate: mode")
    assert mode_line.startswith("gate: mode bands: the run fingerprint differs")
    assert "SkylakeX -> openblas 0.3.31 Haswell" in mode_line
    # ... and the bands still catch a shift far beyond the seed spread.
    for index in range(3):
        results["experiments"]["mnist"][0]["final_accuracy"]["per_seed"][index] -= 5.0
    assert exact_case.gate_on(results)[0] == 1


def test_results_without_a_fingerprint_are_judged_by_bands_and_the_line_says_so(exact_case):
    results = fingerprinted_results(fingerprint=None)
    results["experiments"]["mnist"][0]["final_accuracy"]["per_seed"][0] -= ONE_IMAGE
    code, text = exact_case.gate_on(results)
    assert code == 0
    assert "gate: mode bands: the results record no run fingerprint" in text


@pytest.mark.parametrize(
    ("part", "value"), [("blas", []), ("numba", "not installed"), ("numpy_simd", "unknown")]
)
def test_fingerprint_that_does_not_identify_the_machine_gives_bands(tmp_path, part, value):
    case = GateCase(tmp_path, fingerprinted_results({**FINGERPRINT, part: value}))
    code, text = case.gate()
    assert code == 0
    assert f"gate: mode bands: the baseline's run fingerprint does not identify {part}" in text
    assert f"does not identify {part}" in case.update()[1]


def test_fingerprint_that_is_not_an_object_is_an_input_error(exact_case):
    results = fingerprinted_results()
    results["environment"]["run_fingerprint"] = "openblas"
    code, text = exact_case.gate_on(results)
    assert code == 2
    assert "environment.run_fingerprint" in text and "an object" in text


def test_baseline_with_malformed_per_seed_figures_is_an_input_error(exact_case):
    baseline = json.loads(exact_case.baseline_path.read_text())
    record = baseline["exact"]["mnist 784-30-10 cross-entropy :: final_accuracy"]
    record["seeds"] = record["seeds"][:2]
    exact_case.baseline_path.write_text(json.dumps(baseline))
    code, text = exact_case.gate()
    assert code == 2 and "one value per seed" in text


def test_baseline_without_a_fingerprint_falls_back_to_bands_saying_so(exact_case):
    baseline = json.loads(exact_case.baseline_path.read_text())
    del baseline["fingerprint"], baseline["exact"]
    exact_case.baseline_path.write_text(json.dumps(baseline))
    code, text = exact_case.gate()
    assert code == 0
    assert "gate: mode bands: the baseline records no run fingerprint" in text


def test_update_records_the_fingerprint_and_every_per_seed_figure(exact_case):
    baseline = json.loads(exact_case.baseline_path.read_text())
    assert baseline["fingerprint"] == FINGERPRINT
    record = baseline["exact"]["mnist 784-30-10 cross-entropy :: best_epoch"]
    assert record == {"seeds": [0, 1, 2], "values": [2, 1, 2]}
    assert baseline["exact"]["mnist 784-30-10 cross-entropy :: final_accuracy"]["values"] == [
        90.70,
        91.00,
        91.30,
    ]


def test_committed_baseline_is_read_and_its_mode_stated(tmp_path):
    results = fingerprinted_results()
    results["profile"] = "book"
    results_path = tmp_path / "results.json"
    results_path.write_text(json.dumps(results))
    out = io.StringIO()
    # These small results differ from the book build in almost everything: exit 1, never 2.
    assert gate.run_gate(BASELINE_FILE, results_path, out=out) == 1
    mode_line = row_with(out.getvalue(), "gate: mode")
    if "fingerprint" in json.loads(BASELINE_FILE.read_text()):
        assert mode_line.startswith("gate: mode bands: the run fingerprint differs")
    else:
        assert mode_line.startswith("gate: mode bands: the baseline records no run fingerprint")


# ---- stalled seeds kept apart from the bands


def stalled_results() -> dict:
    """Five seeds, two of which stall far below the three that train."""
    results = fingerprinted_results(fingerprint=None)
    config = results["experiments"]["mnist"][0]
    config["seeds"] = [0, 1, 2, 3, 4]
    for key in ("best_epoch", "test_accuracy_by_epoch"):
        del config[key]
    for reading in ("final_accuracy", "best_accuracy"):
        config[reading]["per_seed"] = [96.3, 71.0, 96.6, 84.0, 96.5]
        config[reading]["mean"] = sum(config[reading]["per_seed"]) / 5
    config["stalled_seeds"] = [1, 3]
    return results


def test_band_rests_on_the_seeds_that_train(tmp_path):
    case = GateCase(tmp_path, stalled_results())
    figure = json.loads(case.baseline_path.read_text())["figures"][
        "mnist 784-30-10 cross-entropy :: final_accuracy"
    ]
    assert figure["value"] == pytest.approx(96.4667, abs=1e-4)
    assert figure["n_seeds"] == 3
    # t(0.995, 2) = 9.925, s = 0.1528 over the three training seeds: +-1.24 points, where all
    # five seeds together (s = 11.9) would give a band spanning most of the scale.
    assert figure["band"][1] - figure["value"] == pytest.approx(
        9.925 * 0.15275 * (2 / 3) ** 0.5, rel=1e-3
    )


def test_a_training_seed_dropping_into_the_stalled_range_fails_the_band(tmp_path):
    case = GateCase(tmp_path, stalled_results())
    results = stalled_results()
    config = results["experiments"]["mnist"][0]
    config["final_accuracy"]["per_seed"][2] = 90.0  # a training seed loses 6.6 points
    code, text = case.gate_on(results)
    assert code == 1
    assert "outside band" in row_with(text, ":: final_accuracy")


def twenty_seeds_two_stalled() -> dict:
    results = stalled_results()
    config = results["experiments"]["mnist"][0]
    config["seeds"] = list(range(20))
    for reading in ("final_accuracy", "best_accuracy"):
        config[reading]["per_seed"] = [96.5 - 0.01 * seed for seed in range(20)]
    config["stalled_seeds"] = [1, 3]
    return results


def test_stall_share_is_gated_apart(tmp_path):
    case = GateCase(tmp_path, twenty_seeds_two_stalled())
    figure = json.loads(case.baseline_path.read_text())["figures"][
        "mnist 784-30-10 cross-entropy :: stalled_share"
    ]
    assert figure["value"] == pytest.approx(10.0) and figure["stalled_seeds"] == [1, 3]
    # t(0.995, 19) = 2.861 (printed tables), s = 30.78 points, sqrt(2/20): +-27.85 points
    # around 10 %; the tolerance covers the rounding of t to four digits.
    assert figure["band"] == pytest.approx([0.0, 37.85], abs=0.01)
    results = twenty_seeds_two_stalled()
    results["experiments"]["mnist"][0]["stalled_seeds"] = list(range(10))
    code, text = case.gate_on(results)
    assert code == 1 and "outside band" in row_with(text, ":: stalled_share")


def test_seeds_added_for_stalls_may_differ_across_machines_in_band_mode(tmp_path):
    case = GateCase(tmp_path, stalled_results())
    results = stalled_results()
    config = results["experiments"]["mnist"][0]
    config["seeds"].append(5)
    for reading in ("final_accuracy", "best_accuracy"):
        config[reading]["per_seed"].append(96.4)
    code, text = case.gate_on(results)
    assert code == 0, text
    config["seeds"][-1] = 7
    assert case.gate_on(results)[0] == 1


def test_stalled_seed_that_is_not_a_seed_of_the_configuration_is_an_input_error(tmp_path):
    case = GateCase(tmp_path, stalled_results())
    results = stalled_results()
    results["experiments"]["mnist"][0]["stalled_seeds"] = [9]
    code, text = case.gate_on(results)
    assert code == 2 and "stalled_seeds" in text and "[9]" in text


def test_update_reports_the_fingerprint_it_records(tmp_path):
    results_path = tmp_path / "results.json"
    results_path.write_text(json.dumps(fingerprinted_results()))
    out = io.StringIO()
    assert gate.update_baseline(tmp_path / "baseline.json", results_path, out=out) == 0
    assert "+ fingerprint numpy 2.4.6 [X86_V3+X86_V4]" in out.getvalue()
