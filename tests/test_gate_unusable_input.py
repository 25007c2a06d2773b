"""The gate never answers unusable input with exit 1 ("something moved"): every malformed,
mistyped, out-of-range or unreadable input is exit 2 with a message naming the file and, where
there is one, the key; so is a baseline that cannot be written by --update."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_gate import GateCase, synthetic_results

from reports import gate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def case(tmp_path) -> GateCase:
    return GateCase(tmp_path)


def with_results(change):
    results = synthetic_results()
    change(results)
    return results


RESULTS = {
    "problems not a list": (lambda r: r.update(problems=5), "expected a list at 'problems'"),
    "a problem not a string": (
        lambda r: r.update(problems=[{"x": 1}]),
        "expected a string at 'problems[0]'",
    ),
    "schema_version true": (
        lambda r: r.update(schema_version=True),
        "expected an integer at 'schema_version'",
    ),
    "schema_version a string": (
        lambda r: r.update(schema_version="1"),
        "expected an integer at 'schema_version'",
    ),
    "n_eval 0": (
        lambda r: r["experiments"]["mnist"][0].update(n_eval=0),
        "expected a positive integer at 'experiments.mnist[0].n_eval'",
    ),
    "n_eval -5": (
        lambda r: r["experiments"]["mnist"][0].update(n_eval=-5),
        "expected a positive integer at 'experiments.mnist[0].n_eval'",
    ),
    "mnist_reason not text": (
        lambda r: r["experiments"].update(mnist_status="not run", mnist_reason=[1]),
        "expected a string at 'experiments.mnist_reason'",
    ),
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_unusable_results_are_exit_2_naming_file_and_key(case, name):
    change, message = RESULTS[name]
    code, text = case.gate_on(with_results(change))
    assert code == 2, text
    assert message in text and str(case.results_path) in text, text


def test_deeply_nested_results_are_exit_2_naming_the_file(case):
    case.results_path.write_text("[" * 100_000 + "]" * 100_000)
    code, text = case.gate()
    assert code == 2 and "nested too deeply" in text and str(case.results_path) in text


@pytest.mark.parametrize(
    "field,value", [("n_eval", 0), ("n_eval", -5), ("n_eval", True), ("n_seeds", 0), ("std", -1.0)]
)
def test_baseline_figure_counts_out_of_range_are_exit_2(case, field, value):
    baseline = json.loads(case.baseline_path.read_text())
    key = next(k for k, f in baseline["figures"].items() if "n_eval" in f)
    baseline["figures"][key][field] = value
    case.baseline_path.write_text(json.dumps(baseline))
    code, text = case.gate()
    assert code == 2, text
    assert str(case.baseline_path) in text and f".{field}'" in text, text


def test_results_file_as_baseline_with_n_eval_0_is_exit_2(case, tmp_path):
    baseline = tmp_path / "old-results.json"
    baseline.write_text(
        json.dumps(with_results(lambda r: r["experiments"]["mnist"][0].update(n_eval=0)))
    )
    out = io.StringIO()
    assert gate.run_gate(baseline, case.results_path, out=out) == 2
    assert str(baseline) in out.getvalue() and "n_eval" in out.getvalue()


def test_any_unforeseen_error_while_reading_is_exit_2_naming_the_file(case, monkeypatch):
    compare = sys.modules["reports.gate.compare"]  # the package exports a function of that name

    def broken(entry):
        raise KeyError("surprise")

    monkeypatch.setattr(compare, "observe", broken)
    code, text = case.gate()
    assert code == 2 and str(case.results_path) in text and "KeyError" in text


def test_update_into_an_unwritable_place_is_exit_2_with_a_message(case, tmp_path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    err = io.StringIO()
    code = gate.update_baseline(
        blocker / "baseline.json", case.results_path, out=io.StringIO(), err=err
    )
    assert code == 2
    assert "cannot write" in err.getvalue() and str(blocker / "baseline.json") in err.getvalue()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits")
def test_update_into_a_read_only_directory_is_exit_2(case, tmp_path):
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    err = io.StringIO()
    try:
        code = gate.update_baseline(
            read_only / "baseline.json", case.results_path, out=io.StringIO(), err=err
        )
    finally:
        read_only.chmod(0o755)
    assert code == 2 and "cannot write" in err.getvalue()


def test_command_line_on_unusable_input_has_no_traceback(case):
    case.results_path.write_text(json.dumps(with_results(lambda r: r.update(problems=5))))
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "reports.gate",
            "--baseline",
            str(case.baseline_path),
            "--results",
            str(case.results_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr + completed.stdout
