"""A build that fails while rendering or writing leaves no half report
and keeps the previous one.
"""

import os

import pytest
from report_fixtures import (
    REPORT_FILES,
    make_catalog,
    make_claims_run,
    make_mnist_not_run,
    make_neuron,
)

import reports.report_directory
from reports.build import build_report


def build(out_dir, **overrides):
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


def visible_entries(directory):
    """The entries a user sees in ``directory`` (the report keeps its state in a hidden one)."""
    return sorted(name for name in os.listdir(directory) if not name.startswith("."))


def failing_render(results, neuron, mnist, lang="en"):
    raise RuntimeError("simulated failure while rendering")


def test_render_failure_leaves_no_report_behind(tmp_path):
    with pytest.raises(RuntimeError, match="simulated"):
        build(tmp_path, render=failing_render)
    assert os.listdir(tmp_path) == []


def test_render_failure_keeps_the_previous_report_intact(tmp_path):
    index, results = build(tmp_path)
    before = (index.read_bytes(), results.read_bytes())
    with pytest.raises(RuntimeError):
        build(tmp_path, render=failing_render)
    assert (index.read_bytes(), results.read_bytes()) == before
    assert visible_entries(tmp_path) == REPORT_FILES


def test_failure_while_writing_the_page_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "report"
    index, _ = build(out)
    previous = index.read_bytes()

    def failing_fsync(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports.report_directory.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space"):
        build(out)
    assert visible_entries(out) == REPORT_FILES
    assert index.read_bytes() == previous
    assert os.listdir(tmp_path) == ["report"]
    # the failed write's own directory is gone: only the lock, the shown build and its link
    assert len(os.listdir(out / reports.report_directory.STATE_DIR)) == 3


def test_report_files_get_the_permissions_of_ordinary_new_files(tmp_path):
    umask = os.umask(0o022)
    try:
        index, results = build(tmp_path)
    finally:
        os.umask(umask)
    assert oct(index.stat().st_mode & 0o777) == oct(0o644)
    assert oct(results.stat().st_mode & 0o777) == oct(0o644)
