"""Every place a command writes is checked before any work, however it was named: the result
cache from ``--cache-dir``, from ``$NNCLAIMS_CACHE_DIR`` or by default, in the report build and
in the sweep; an unusable one is exit 2 with one line naming it, never a traceback after hours
of training."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_build_cli import run_main

import reports.build as build
from reports.sweep.run import main as sweep_main

ROOT = Path(__file__).resolve().parent.parent


def unusable_directories(tmp_path):
    """Directories that cannot be written: below a regular file always; a read-only directory
    too when this process is not root (root writes through permission bits)."""
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a directory")
    found = {"below a regular file": blocker / "cache"}
    if os.geteuid() != 0:
        read_only = tmp_path / "read-only"
        read_only.mkdir()
        read_only.chmod(0o555)
        found["read-only"] = read_only
    return found


@pytest.mark.parametrize("how", ["--cache-dir", "NNCLAIMS_CACHE_DIR"])
def test_build_checks_the_cache_however_named_before_any_work(
    tmp_path,
    phases,
    capsys,  # noqa: F811
    monkeypatch,
    how,
):
    for kind, directory in unusable_directories(tmp_path).items():
        phases.calls.clear()
        argv = ["--out", str(tmp_path / "report")]
        if how == "--cache-dir":
            argv += ["--cache-dir", str(directory)]
        else:
            monkeypatch.setenv("NNCLAIMS_CACHE_DIR", str(directory))
        code, _, err = run_main(argv, capsys)
        assert code == build.EXIT_USAGE, (kind, err)
        assert phases.calls == [], kind
        label = "--cache-dir" if how == "--cache-dir" else "$NNCLAIMS_CACHE_DIR"
        assert f"{label} {directory}" in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1


def test_build_checks_the_default_cache_before_any_work(
    tmp_path,
    phases,
    capsys,  # noqa: F811
    monkeypatch,
):
    monkeypatch.delenv("NNCLAIMS_CACHE_DIR", raising=False)
    blocker = tmp_path / "xdg"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    code, _, err = run_main(["--out", str(tmp_path / "report")], capsys)
    assert code == build.EXIT_USAGE and phases.calls == []
    assert "the default result cache" in err


def test_build_writes_into_an_out_that_is_a_link_and_keeps_the_link(
    tmp_path,
    phases,
    capsys,  # noqa: F811
):
    target = tmp_path / "www"
    target.mkdir()
    (tmp_path / "site").symlink_to(target)
    code, _, err = run_main(["--out", str(tmp_path / "site")], capsys)
    assert code == build.EXIT_OK, err
    assert (tmp_path / "site").is_symlink() and (target / "results.json").is_file()


def test_build_refuses_a_directory_under_a_report_file_name_before_any_work(
    tmp_path,
    phases,
    capsys,  # noqa: F811
):
    (tmp_path / "report" / "results.json").mkdir(parents=True)
    code, _, err = run_main(["--out", str(tmp_path / "report")], capsys)
    assert code == build.EXIT_USAGE and phases.calls == []
    assert "results.json: expected the report's results.json or nothing there" in err


@pytest.mark.parametrize("how", ["--cache-dir", "NNCLAIMS_CACHE_DIR"])
def test_sweep_checks_the_cache_however_named_before_any_work(tmp_path, capsys, monkeypatch, how):
    for kind, directory in unusable_directories(tmp_path).items():
        argv = [
            "--mnist-dir",
            str(tmp_path / "no-mnist"),
            "--seeds",
            "1",
            "--etas",
            "1",
            "--sizes",
            "784,10,10",
            "--jobs",
            "1",
        ]
        if how == "--cache-dir":
            argv += ["--cache-dir", str(directory)]
        else:
            monkeypatch.setenv("NNCLAIMS_CACHE_DIR", str(directory))
        code = sweep_main(argv)
        err = capsys.readouterr().err
        assert code == 2, (kind, err)
        label = "--cache-dir" if how == "--cache-dir" else "$NNCLAIMS_CACHE_DIR"
        assert err.startswith(f"error: {label} {directory}"), err
        assert len(err.strip().splitlines()) == 1


def test_sweep_command_with_unusable_cache_variable_has_no_traceback(tmp_path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "reports.sweep",
            "--mnist-dir",
            str(tmp_path / "no-mnist"),
            "--seeds",
            "1",
            "--etas",
            "1",
            "--sizes",
            "784,10,10",
            "--jobs",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NNCLAIMS_CACHE_DIR": str(blocker / "cache")},
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr and "NNCLAIMS_CACHE_DIR" in completed.stderr
