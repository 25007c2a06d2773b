"""The report's files change together: the new report is made the one shown in one rename, so a
failure between writing one file and the next, or an obstacle where a file goes, never leaves a
new results.json beside an old page; the summary and --check use the results in memory."""

import io
import json
import os

import pytest
from report_fixtures import (
    REPORT_FILES,
    make_catalog,
    make_claims_run,
    make_mnist_not_run,
    make_neuron,
)
from test_build_cli import run_main

import reports.build as build
import reports.report_directory
from reports.build import build_report
from reports.report_directory import ReportDirectoryError, replace_report_directory


def build_into(out_dir, **overrides):
    arguments = dict(
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_not_run(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    arguments.update(overrides)
    return build_report(out_dir, **arguments)


def pair(out_dir):
    """Every file of the report (the pages in each language and results.json) by name."""
    return {path.name: path.read_bytes() for path in sorted(out_dir.glob("*")) if path.is_file()}


def test_failure_after_the_first_file_leaves_the_previous_pair_whole(tmp_path, monkeypatch):
    out = tmp_path / "report"
    build_into(out)
    before = pair(out)
    calls = []
    real_fsync = os.fsync

    def fail_on_second_file(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(reports.report_directory.os, "fsync", fail_on_second_file)
    with pytest.raises(OSError):
        build_into(out, profile="book")
    assert pair(out) == before
    assert os.listdir(tmp_path) == ["report"]


def test_failure_of_the_commit_itself_leaves_the_previous_report_and_its_other_files(
    tmp_path, monkeypatch
):
    out = tmp_path / "report"
    build_into(out)
    (out / "notes.txt").write_text("kept")
    before = pair(out)

    def failing_commit(state, build):
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(reports.report_directory, "_make_current", failing_commit)
    with pytest.raises(OSError, match="busy"):
        build_into(out, profile="book")
    assert pair(out) == before and (out / "notes.txt").read_text() == "kept"
    assert os.listdir(tmp_path) == ["report"]


def test_a_directory_where_the_page_goes_is_refused_before_anything_changes(tmp_path):
    out = tmp_path / "report"
    (out / "index.html").mkdir(parents=True)  # mkdir -p OUT/index.html
    (out / "index.html" / "mine.txt").write_text("kept")
    (out / "results.json").write_text('{"old": true}')
    with pytest.raises(ReportDirectoryError, match="index.html.*found a directory"):
        build_into(out)
    assert (out / "index.html" / "mine.txt").read_text() == "kept"
    assert (out / "results.json").read_text() == '{"old": true}'
    assert sorted(os.listdir(out)) == ["index.html", "results.json"]


def test_files_the_report_does_not_write_are_kept(tmp_path):
    out = tmp_path / "report"
    build_into(out)
    (out / "notes.txt").write_text("kept")
    (out / "assets").mkdir()
    build_into(out, profile="book")
    assert (out / "notes.txt").read_text() == "kept" and (out / "assets").is_dir()
    assert json.loads((out / "results.json").read_text())["profile"] == "book"


def test_any_set_of_files_is_shown_together_and_out_itself_stays(tmp_path):
    out = tmp_path / "report"
    replace_report_directory(out, {"index.html": "1", "index.en.html": "1", "results.json": "1"})
    inode_before = out.stat().st_ino
    paths = replace_report_directory(
        out, {"index.html": "2", "index.en.html": "2", "index.zh.html": "2", "results.json": "2"}
    )
    assert {path.read_text() for path in paths.values()} == {"2"}
    assert sorted(name for name in os.listdir(out) if not name.startswith(".")) == sorted(paths)
    assert out.stat().st_ino == inode_before  # the user's directory itself is never replaced


def test_a_report_name_dropped_from_the_report_leaves_no_dangling_link(tmp_path):
    out = tmp_path / "report"
    replace_report_directory(out, {"index.html": "1", "extra.html": "1"})
    replace_report_directory(out, {"index.html": "2"})
    assert not os.path.lexists(out / "extra.html")


def test_current_directory_as_out(tmp_path, monkeypatch):
    out = tmp_path / "report"
    out.mkdir()
    monkeypatch.chdir(out)
    build_into(".")
    assert sorted(name for name in os.listdir(out) if not name.startswith(".")) == REPORT_FILES


def test_summary_and_check_use_the_results_in_memory_not_the_file(
    tmp_path,
    phases,
    capsys,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "no-mnist"))
    monkeypatch.setenv("NNCLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    baseline = tmp_path / "baseline.json"
    real = build.build_report

    def build_then_another_build_replaces_the_file(*args, **kwargs):
        written = real(*args, **kwargs)
        written.results_path.write_text("[]")  # another build's file, or a damaged one
        return written

    monkeypatch.setattr(build, "build_report", build_then_another_build_replaces_the_file)
    out = tmp_path / "report"
    code, stdout, err = run_main(["--out", str(out)], capsys)
    assert code == build.EXIT_OK, err
    assert "MNIST experiments: not run" in stdout
    from reports.gate import update_baseline

    build_into(tmp_path / "first", profile="book")  # the profile the build below runs by default
    assert update_baseline(baseline, tmp_path / "first" / "results.json", out=io.StringIO()) == 0
    code, stdout, err = run_main(["--out", str(out), "--check", str(baseline)], capsys)
    # the gate compared this build's results, not the "[]" on disk (which is exit 2, "expected
    # an object"); the fixture catalog has a claim off its expected verdict, so it reports it
    assert code == build.EXIT_GATE_DIFFERENCE, err
