"""``python -m reports.sweep``: documented options, clear errors, the cost printed before the
runs, and a second invocation that finds everything cached."""

import io
import subprocess
import sys

import pytest

from experiments.sweep import DEFAULT_GRID
from reports.sweep.run import main


def run_main(argv):
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue()


def test_help_documents_every_option():
    result = subprocess.run(
        [sys.executable, "-m", "reports.sweep", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--mnist-dir",
        "--jobs",
        "--scheduler",
        "--cache-dir",
        "--epochs",
        "--seeds",
        "--etas",
        "--sizes",
        "--dry-run",
        "--bench",
        "--connect-timeout",
    ):
        assert option in result.stdout
    assert "tcp://HOST:8786" in result.stdout


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--etas", "0.1,abc"], "learning rate 'abc'"),
        (["--etas", "0,1"], "positive finite"),
        (["--etas", "1,1"], "distinct"),
        (["--etas", "inf"], "positive finite"),
        (["--sizes", "784,30,9"], "784 inputs and 10 outputs"),
        (["--sizes", "784,x,10"], "layer sizes"),
        (["--jobs", "0"], "positive integer"),
        (["--seeds", "-1"], "positive integer"),
        (["--scheduler", "localhost:8786"], "tcp://HOST:PORT"),
        (["--jobs", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not allowed with"),
        (["--bench", "--scheduler", "tcp://127.0.0.1:8786"], "--bench"),
    ],
)
def test_bad_option_is_a_usage_error_naming_it(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_data_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "no-mnist-here"
    code, _ = run_main(["--mnist-dir", str(missing), "--cache-dir", str(tmp_path / "cache")])
    assert code == 2
    error = capsys.readouterr().err
    assert str(missing) in error and "python -m runs.download" in error


def test_dry_run_prints_the_default_sweep_and_its_cpu_hours(real_mnist_dir, tmp_path):
    code, out = run_main(
        ["--mnist-dir", str(real_mnist_dir), "--cache-dir", str(tmp_path), "--dry-run"]
    )
    assert code == 0
    runs = len(DEFAULT_GRID.specs())
    assert f"sweep: {runs} runs, 0 already cached, {runs} to run ({runs * 30} epochs)" in out
    assert "CPU-hours" in out
    assert not list(tmp_path.iterdir())


def test_tiny_sweep_prints_cost_first_then_resumes_from_the_cache(real_mnist_dir, tmp_path):
    argv = [
        "--mnist-dir",
        str(real_mnist_dir),
        "--cache-dir",
        str(tmp_path),
        "--epochs",
        "1",
        "--seeds",
        "1",
        "--etas",
        "0.1,1",
        "--sizes",
        "784,30,10",
        "--jobs",
        "2",
    ]
    code, out = run_main(argv)
    assert code == 0, out
    assert out.index("CPU-hours") < out.index("ran 4 runs, 0 were cached")
    assert "[784, 30, 10] cross-entropy: eta = " in out
    assert len(list(tmp_path.glob("*.json"))) == 4
    code, out = run_main(argv)
    assert code == 0
    assert "all 4 runs are cached" in out and "CPU-hours" not in out


def test_failures_with_the_same_error_are_reported_once_with_their_count():
    from reports.sweep.run import report_failures
    from runs.spec import RunSpec

    specs = [RunSpec((784, 30, 10), "quadratic", eta, 1) for eta in (0.1, 1.0, 10.0)]
    out = io.StringIO()
    report_failures(
        [(specs[0], "E: no module"), (specs[1], "F: other"), (specs[2], "E: no module")], out
    )
    text = out.getvalue()
    assert text.count("E: no module") == 1 and text.count("F: other") == 1
    assert f"2 run(s) failed, the first {specs[0]}" in text
    assert f"1 run(s) failed, the first {specs[1]}" in text
