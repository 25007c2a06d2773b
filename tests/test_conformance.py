"""The conformance run (python -m reports.conformance, claims/conformance): what it judges and
writes for our engine, network2.py, a planted error and engines that are wrong, slow or crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from conformance_engines import (
    ROOT,
    CrashingEngine,
    NaiveSoftmaxEngine,
    RaisingEngine,
    SlowEngine,
    network2_file,
    planted_copy,
)

from claims.conformance import WITNESSES
from claims.conformance.activation_witnesses import ACTIVATION_WITNESSES
from claims.engines import load_engine
from claims.engines.network2_engine import Network2Engine
from claims.engines.nnclaims_engine import NnclaimsEngine
from reports.conformance.cli import main as conformance_main
from reports.conformance.record import conformance_record

SIGMOID_WITNESSES = tuple(w for w in ACTIVATION_WITNESSES if w.needs == ("sigmoid",))


def run_cli(*args, env=None, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "reports.conformance", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=timeout,
    )


def test_network2_run_writes_json_and_both_pages_with_at_least_30_judged_rows(tmp_path):
    out = tmp_path / "out"
    done = run_cli(
        "--engine", "network2", "--out", str(out), env={"NETWORK2_PATH": str(network2_file())}
    )
    assert done.returncode == 0, done.stderr
    record = json.loads((out / "conformance.json").read_text(encoding="utf-8"))
    assert set(record["engine"]) >= {"name", "source", "sha256"}
    assert record["engine"]["name"] == "network2" and len(record["engine"]["sha256"]) == 64
    outcomes = [row["outcome"] for row in record["rows"]]
    assert set(outcomes) <= {"conforms", "deviates", "not applicable"}
    assert sum(o in ("conforms", "deviates") for o in outcomes) >= 30
    for row in record["rows"]:
        assert set(row) >= {"claim", "outcome", "counterexample", "detail"}
        if row["outcome"] == "deviates":
            assert set(row["counterexample"]) == {"input", "engine", "exact"}
    english = (out / "index.html").read_text(encoding="utf-8")
    chinese = (out / "index.zh.html").read_text(encoding="utf-8")
    assert "Does network2 satisfy the chapter" in english
    assert 'lang="zh-Hans"' in chinese and "不适用" in chinese


def test_network2_deviates_where_it_guards_with_nan_to_num(tmp_path):
    """network2.py's cross-entropy turns +inf into the largest float (np.nan_to_num)."""
    record = conformance_record(Network2Engine(network2_file()))
    rows = {row["claim"]: row for row in record["rows"]}
    reversed_form = rows["cross-entropy-reversed-form-undefined"]
    assert reversed_form["outcome"] == "deviates"
    assert reversed_form["counterexample"]["engine"] == "1.7976931348623157e+308"
    assert rows["softmax-inversion"]["outcome"] == "not applicable"  # network2 has no softmax


def test_our_engine_deviates_nowhere_and_every_witness_applies():
    record = conformance_record(NnclaimsEngine())
    assert record["counts"]["deviates"] == 0, [
        row["detail"] for row in record["rows"] if row["outcome"] != "conforms"
    ]
    assert record["counts"]["not applicable"] == 0
    assert {row["claim"] for row in record["rows"]} == {w.claim for w in WITNESSES}


def test_planted_error_gives_more_deviations_each_with_a_counterexample(tmp_path):
    true = conformance_record(Network2Engine(network2_file()))
    planted = conformance_record(Network2Engine(planted_copy(tmp_path)))
    deviating = {row["claim"] for row in planted["rows"] if row["outcome"] == "deviates"}
    assert len(deviating) > true["counts"]["deviates"]
    assert "delta-sigmoid-cross-entropy" in deviating
    for row in planted["rows"]:
        if row["outcome"] == "deviates":
            assert row["counterexample"]["input"] and row["counterexample"]["exact"]


def test_naive_log_softmax_counterexample_gives_the_exact_value_beside_the_engines():
    record = conformance_record(NaiveSoftmaxEngine(), witnesses=ACTIVATION_WITNESSES)
    row = {row["claim"]: row for row in record["rows"]}["softmax-inversion"]
    assert row["outcome"] == "deviates"
    # the winner's ln a is -ln(1 + e^{-d}) for z = [0, -d]: the naive form rounds it
    example = row["counterexample"]
    assert example["input"].startswith("z = [0.0, -")
    assert float(example["exact"]) < 0 and float(example["engine"]) != float(example["exact"])
    assert "ulps" in row["detail"]


def test_an_engine_exception_is_its_deviation_with_the_message():
    record = conformance_record(RaisingEngine(), witnesses=SIGMOID_WITNESSES)
    for row in record["rows"]:
        assert row["outcome"] == "deviates"
        assert "sigmoid is broken here" in row["detail"]


def test_a_slow_engine_is_stopped_at_the_time_limit():
    started = time.monotonic()
    record = conformance_record(SlowEngine(), limit=0.5, witnesses=SIGMOID_WITNESSES[:2])
    assert time.monotonic() - started < 30  # two witnesses of 0.5 s, not two of 60 s
    for row in record["rows"]:
        assert row["outcome"] == "deviates" and "within 0.5 s" in row["detail"]


def test_a_crashing_engine_is_reported_not_followed():
    record = conformance_record(CrashingEngine(), witnesses=SIGMOID_WITNESSES[:1])
    assert record["rows"][0]["outcome"] == "deviates"
    assert "exit code 3" in record["rows"][0]["detail"]


def test_an_engine_without_an_operation_is_not_applicable_there():
    record = conformance_record(RaisingEngine(), witnesses=ACTIVATION_WITNESSES)
    rows = {row["claim"]: row for row in record["rows"]}
    assert rows["softmax-is-distribution"]["outcome"] == "not applicable"
    assert "softmax" in rows["softmax-is-distribution"]["detail"]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--engine", "network2"], {"NETWORK2_PATH": ""}, "--network2-path"),
        (
            ["--engine", "network2", "--network2-path", "/nonexistent/network2.py"],
            {},
            "network2 path",
        ),
        (["--engine", "bogus"], {}, "expected one of nnclaims, network2, torch, jax"),
        (["--engine", "no_such_module_xyz:Engine"], {}, "importing 'no_such_module_xyz' failed"),
        (["--engine", "examples.student_network:Missing"], {}, "has no 'Missing'"),
        (["--time-limit", "-1"], {}, "positive finite number of seconds"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, args, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        status = conformance_main([*args, "--out", str(tmp_path / "out")])
    except SystemExit as stop:  # argparse's own usage errors
        status = stop.code
    assert status == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("framework", ["torch", "jax"])
def test_a_framework_that_is_not_installed_is_named_with_its_extra(tmp_path, capsys, framework):
    try:
        __import__(framework)
    except ImportError:
        assert conformance_main(["--engine", framework, "--out", str(tmp_path / "out")]) == 2
        error = capsys.readouterr().err
        assert f"pip install 'nnclaims[{framework}]'" in error
        assert len(error.strip().splitlines()) == 1
    else:
        pytest.skip(f"{framework} is installed here")


def test_readme_shows_the_student_adapter_that_runs_here():
    source = (ROOT / "examples" / "student_network.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    adapter = source[source.index("class StudentEngine") :]
    assert adapter.strip() in readme, "README's adapter example differs from the file"
    engine = load_engine("examples.student_network:StudentEngine")
    record = conformance_record(engine)
    rows = {row["claim"]: row["outcome"] for row in record["rows"]}
    assert rows["delta-sigmoid-cross-entropy"] == "conforms"
    assert rows["cross-entropy-weight-gradient"] == "conforms"
    assert rows["softmax-is-distribution"] == "not applicable"


def test_pytest_engine_option_runs_the_witnesses_and_skips_the_rest_as_not_applicable():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "claims/test_conformance.py",
            "claims/test_softmax.py",
            "--engine",
            "network2",
            "--network2-path",
            str(network2_file()),
            "-k",
            "sigmoid or softmax_is or softmax_entries",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 1, done.stdout[-2000:]  # network2's sigmoid deviates at -709.9
    assert "sigmoid_is_the_logistic_function" in done.stdout
    assert "not applicable: the engine has no softmax" in done.stdout
    assert "not applicable: this witness checks the nnclaims engine" in done.stdout


def test_torch_adapter_finds_the_clamped_logarithm_of_binary_cross_entropy():
    """PyTorch's binary_cross_entropy clamps ln at -100: the cost of a = 0 for y = 1 is 100."""
    pytest.importorskip("torch", reason="the torch extra is not installed")
    from claims.conformance.cost_witnesses import COST_WITNESSES

    record = conformance_record(load_engine("torch"), witnesses=COST_WITNESSES)
    row = {row["claim"]: row for row in record["rows"]}["cross-entropy-definition"]
    assert row["outcome"] == "deviates" and row["counterexample"]["engine"] == "100.0"
