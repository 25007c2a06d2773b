"""A damaged MNIST file is an error, not missing data: the build says why on the terminal in one
line and exits 3 (the report records the problem), or exits 2 before any work under
--require-mnist; missing files stay "not run" with exit 0."""

import gzip

import pytest
from test_build_cli import run_main

import reports.build as build
from runs.mnist import MNIST

REAL_MNIST_PHASE = build.run_mnist_phase


@pytest.fixture
def damaged_mnist(tmp_path):
    """An MNIST directory whose four files are present, one of them truncated."""
    directory = tmp_path / "mnist"
    directory.mkdir()
    for spec in MNIST.files:
        (directory / f"{spec.name}.gz").write_bytes(gzip.compress(b"\x00\x00\x08\x03" + bytes(12)))
    truncated = directory / f"{MNIST.test_labels.name}.gz"
    truncated.write_bytes(gzip.compress(b"\x00\x00\x08\x01\x00\x00\x27\x10")[:-6])
    return directory


def test_damaged_file_is_an_error_with_one_line_on_the_terminal(
    tmp_path,
    phases,
    capsys,  # noqa: F811
    monkeypatch,
    damaged_mnist,
):
    monkeypatch.setattr(build, "run_mnist_phase", REAL_MNIST_PHASE)
    code, out, err = run_main(
        [
            "--out",
            str(tmp_path / "report"),
            "--mnist-dir",
            str(damaged_mnist),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--jobs",
            "1",
        ],
        capsys,
    )
    assert code == build.EXIT_PHASE_FAILED, err
    lines = [line for line in err.splitlines() if "MNIST data unusable" in line]
    assert len(lines) == 1 and "error:" in lines[0] and str(damaged_mnist) in lines[0], err
    assert "problem: MNIST data unusable" in out


def test_damaged_file_under_require_mnist_is_exit_2_before_any_work(
    tmp_path,
    phases,
    capsys,  # noqa: F811
    damaged_mnist,
):
    code, _, err = run_main(
        [
            "--out",
            str(tmp_path / "report"),
            "--mnist-dir",
            str(damaged_mnist),
            "--require-mnist",
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        capsys,
    )
    assert code == build.EXIT_USAGE
    assert phases.calls == []
    assert "is damaged" in err and len(err.strip().splitlines()) == 1, err


def test_missing_files_are_still_not_run_with_exit_0(tmp_path, phases, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setattr(build, "run_mnist_phase", REAL_MNIST_PHASE)
    code, out, err = run_main(
        [
            "--out",
            str(tmp_path / "report"),
            "--mnist-dir",
            str(tmp_path / "none"),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        capsys,
    )
    assert code == build.EXIT_OK, err
    assert "MNIST data unusable" not in err and "MNIST experiments: not run" in out
