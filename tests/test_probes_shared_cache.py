"""Probes of the result cache as a user of a shared cache directory meets it, through the sweep
that reads and fills it: under three runs' names sit a named pipe, a directory (an entry nobody
can delete or replace) and an entry whose metrics lack the test set. The sweep neither hangs nor
stops: one line for each, the three runs trained again, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SWEEP_OVER_A_DAMAGED_CACHE = """
import json, os, sys
sys.path.insert(0, "tests")
from experiments.sweep import SweepGrid, run_missing
from runs.cache import open_result_cache
from runs.tasks import SyntheticSource

source = SyntheticSource(n_train=200, n_evaluation=50, n_inputs=8, n_classes=4, seed=7)
grid = SweepGrid(sizes=((8, 6, 4),), etas=(0.5,), seeds=(0, 1, 2, 3), epochs=1, split=source.split)
cache = open_result_cache(sys.argv[1])
first = run_missing(grid, source, cache, jobs=1, out=open(os.devnull, "w"))
assert first.computed == len(grid.specs()) and not first.failures, first
pipe, directory, no_test = (cache.path(spec) for spec in grid.specs()[:3])
os.unlink(pipe)
os.mkfifo(pipe)
os.unlink(directory)
os.mkdir(directory)
(directory / "other-users-file").write_text("kept")
entry = json.loads(no_test.read_text())
del entry["history"]["metrics"]["test"]
no_test.write_text(json.dumps(entry))
print("damaged", file=sys.stderr, flush=True)
again = run_missing(grid, source, cache, jobs=1, out=open(os.devnull, "w"))
print(again.computed, again.cached, len(again.failures), len(grid.specs()))
"""


@pytest.mark.end_to_end
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_sweep_over_a_damaged_shared_cache_retrains_in_one_line_each(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-c", SWEEP_OVER_A_DAMAGED_CACHE, str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a pipe waited on would hang here: the test fails instead of the suite
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    computed, cached, failures, runs = map(int, completed.stdout.split())
    assert (computed, cached, failures) == (3, runs - 3, 0), completed.stdout
    after = completed.stderr.split("damaged\n", 1)[1].strip().splitlines()
    assert any("named pipe" in line for line in after), after
    assert any("found no test" in line for line in after), after
    skipped = [line for line in after if "found a directory" in line]
    assert len(skipped) == 1 and "cannot be deleted" in skipped[0], after  # said once
    assert any("cannot store" in line and "not cached" in line for line in after), after
    kept = list((tmp_path / "cache").rglob("other-users-file"))
    assert len(kept) == 1 and kept[0].read_text() == "kept"
