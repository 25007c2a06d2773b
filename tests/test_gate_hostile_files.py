"""The gate reads only regular files of bounded size and only versioned results: a named pipe
under --results or --baseline must not hang it, a device or a huge file must not exhaust its
memory, and a results file without a schema_version must not be read as the current schema.
Each is exit 2 with one line naming the option, the file and what was expected."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_gate import GateCase

from reports.gate.observe import INPUT_LIMIT

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def case(tmp_path) -> GateCase:
    return GateCase(tmp_path)


def gate_command(baseline, results) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "reports.gate",
            "--baseline",
            str(baseline),
            "--results",
            str(results),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_refusal(completed, option: str, path, expected: str) -> None:
    assert completed.returncode == 2, completed
    assert "Traceback" not in completed.stderr + completed.stdout
    lines = (completed.stderr + completed.stdout).strip().splitlines()
    assert len(lines) == 1, lines
    assert option in lines[0] and str(path) in lines[0] and expected in lines[0], lines[0]


@pytest.mark.parametrize("option", ["--results", "--baseline"])
def test_a_named_pipe_is_refused_without_hanging(case, tmp_path, option):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    if option == "--results":
        completed = gate_command(case.baseline_path, pipe)
    else:
        completed = gate_command(pipe, case.results_path)
    assert_one_line_refusal(completed, option, pipe, "expected a regular JSON file")
    assert "named pipe" in completed.stderr


def test_dev_zero_is_refused_in_one_line(case):
    completed = gate_command(case.baseline_path, "/dev/zero")
    assert_one_line_refusal(completed, "--results", "/dev/zero", "expected a regular JSON file")


def test_a_file_over_the_size_bound_is_refused_in_one_line(case, monkeypatch, capsys):
    monkeypatch.setattr(sys.modules["reports.gate.observe"], "INPUT_LIMIT", 1024)
    case.results_path.write_text(" " * 2048 + json.dumps({}))
    code, text = case.gate()
    assert code == 2
    assert "--results" in text and str(case.results_path) in text and "at most 1024 bytes" in text


def test_a_sparse_huge_results_file_is_refused_by_the_command(case, tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(INPUT_LIMIT + 1)
    completed = gate_command(case.baseline_path, huge)
    assert_one_line_refusal(completed, "--results", huge, "found a larger file")


@pytest.mark.parametrize("version", ["missing", None])
def test_unversioned_results_are_refused(case, version):
    results = json.loads(case.results_path.read_text())
    if version == "missing":
        del results["schema_version"]
    else:
        results["schema_version"] = None
    case.results_path.write_text(json.dumps(results))
    completed = gate_command(case.baseline_path, case.results_path)
    assert_one_line_refusal(completed, "results", case.results_path, "schema_version")


@pytest.mark.parametrize("version", [True, 1.0, 2])
def test_other_schema_versions_stay_refused(case, version):
    results = json.loads(case.results_path.read_text())
    results["schema_version"] = version
    code, text = case.gate_on(results)
    assert code == 2 and "schema_version" in text
