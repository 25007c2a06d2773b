"""What sits under a run's name in the result cache is not trusted: a named pipe is not waited
on, a huge file is not read whole, an entry lacking an evaluation set the experiments read is
invalid (never a KeyError later), and an invalid entry that cannot be deleted (another user's,
in a shared cache) is skipped with one line and the run trained again, never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_result_cache_validation import SPEC, cache_holding, record

from engine.training import TrainingHistory
from runs import cache as cache_module
from runs.cache import ResultCache

ROOT = Path(__file__).resolve().parent.parent


def test_a_named_pipe_under_a_runs_name_is_invalid_not_waited_on(tmp_path):
    script = (
        "import os, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from test_result_cache_validation import SPEC\n"
        "from runs.cache import ResultCache\n"
        "cache = ResultCache(sys.argv[1], fingerprint='test+1')\n"
        "os.mkfifo(cache.path(SPEC))\n"
        "assert cache.get(SPEC) is None\n"
        "assert not cache.path(SPEC).exists()\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "named pipe" in lines[0] and "discarding invalid entry" in lines[0]


def test_an_entry_over_the_size_bound_is_invalid(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "ENTRY_LIMIT", 64)
    reports = []
    cache, path = cache_holding(tmp_path, record(), reports)
    assert cache.get(SPEC) is None
    assert len(reports) == 1 and str(path) in reports[0] and "at most 64 bytes" in reports[0]
    assert not path.exists()


@pytest.mark.parametrize("missing", ["test", "validation"])
def test_an_entry_lacking_an_evaluation_set_is_invalid(tmp_path, missing):
    entry = record()
    del entry["history"]["metrics"][missing]
    reports = []
    cache, path = cache_holding(tmp_path, entry, reports)
    assert cache.get(SPEC) is None
    assert len(reports) == 1 and "\n" not in reports[0]
    assert str(path) in reports[0] and f"found no {missing}" in reports[0], reports[0]
    assert not path.exists()


def refuse_deletion(monkeypatch):
    def unlink(self, missing_ok=False):
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "unlink", unlink)


def test_an_invalid_entry_that_cannot_be_deleted_is_skipped_in_one_line(tmp_path, monkeypatch):
    reports = []
    cache, path = cache_holding(tmp_path, "[]", reports)
    refuse_deletion(monkeypatch)
    assert cache.get(SPEC) is None
    assert len(reports) == 1 and "\n" not in reports[0]
    assert "skipping invalid entry" in reports[0] and str(path) in reports[0]
    assert "cannot be deleted" in reports[0] and "trained again" in reports[0]


def test_a_result_that_cannot_replace_another_users_entry_is_used_uncached(tmp_path, monkeypatch):
    reports = []
    cache, path = cache_holding(tmp_path, "[]", reports)

    def replace(source, target):
        raise PermissionError(1, "Operation not permitted", str(target))

    monkeypatch.setattr(os, "replace", replace)
    history = TrainingHistory.from_dict(record()["history"])
    assert cache.put(SPEC, history) == path
    assert len(reports) == 1 and "cannot store" in reports[0] and str(path) in reports[0]
    assert json.loads(path.read_text()) == []  # the other user's file is left alone
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_default_cache_reports_nothing_for_a_valid_entry(tmp_path):
    reports = []
    cache = ResultCache(tmp_path, fingerprint="test+1", report=reports.append)
    cache.put(SPEC, TrainingHistory.from_dict(record()["history"]))
    assert cache.get(SPEC) is not None and reports == []
