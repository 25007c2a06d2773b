"""The real command, end to end: python -m reports.build --out DIR.

Without MNIST (and with --no-download): the whole claim suite and the single-neuron experiment
(about 10-60 s). With the MNIST files: the quick profile as a smoke run of the MNIST phase (a few
minutes). Deselect with ``-m "not end_to_end"``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import REPORT_FILES

pytestmark = pytest.mark.end_to_end

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# What these tests check is the build (every claim run and judged, the report written), not how
# hard each property is pressed: the claim tier does that with its own profile. So the builds'
# claim suites run Hypothesis's smoke profile, as tests/test_installed_package_builds_the_report.py
# does.
CLAIM_SUITE_PROFILE = {"NNCLAIMS_HYPOTHESIS_PROFILE": "quick"}


def test_build_without_mnist_writes_the_report_and_marks_mnist_not_run(tmp_path):
    empty_mnist = tmp_path / "mnist"
    empty_mnist.mkdir()
    out_dir = tmp_path / "report"
    environment = {
        **os.environ,
        "MNIST_DIR": str(empty_mnist),
        "NNCLAIMS_CACHE_DIR": str(tmp_path / "cache"),
        **CLAIM_SUITE_PROFILE,
    }
    completed = subprocess.run(
        [sys.executable, "-m", "reports.build", "--out", str(out_dir), "--no-download"],
        cwd=REPOSITORY_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr[-3000:]
    results = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    from claims.catalog import CLAIMS

    assert [claim["id"] for claim in results["claims"]] == [claim.id for claim in CLAIMS]
    assert results["claims_run"]["completed"] is True
    assert results["experiments"]["mnist_status"] == "not run"
    assert results["experiments"]["neuron"], "the single-neuron runs are missing"
    html = (out_dir / "index.html").read_text(encoding="utf-8")
    assert f"python -m runs.download --mnist-dir {empty_mnist}" in html
    assert "<math" in html and "<svg" in html
    # the report keeps its builds in a hidden directory of its own
    assert sorted(name for name in os.listdir(out_dir) if not name.startswith(".")) == REPORT_FILES


@pytest.mark.mnist
def test_quick_profile_smoke_run_judges_with_real_mnist(real_mnist_dir, tmp_path):
    out_dir = tmp_path / "report"
    environment = {
        **os.environ,
        "NNCLAIMS_CACHE_DIR": str(tmp_path / "cache"),
        "CI": "1",
        **CLAIM_SUITE_PROFILE,
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "reports.build",
            "--profile",
            "quick",
            "--mnist-dir",
            str(real_mnist_dir),
            "--require-mnist",
            "--out",
            str(out_dir),
        ],
        cwd=REPOSITORY_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr[-3000:]
    results = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    assert results["profile"] == "quick"
    assert results["experiments"]["mnist_status"] == "ran"
    from experiments.profiles import PROFILES

    configs = results["experiments"]["mnist"]
    first = list(PROFILES["quick"].seeds)
    assert configs and all(config["seeds"][: len(first)] == first for config in configs)
    # Only a configuration with stalls is given more seeds, in order.
    assert all(config["seeds"] == first for config in configs if not config["stalled_seeds"])
    assert all(config["seeds"] == list(range(len(config["seeds"]))) for config in configs)
    assert "MNIST runs" not in completed.stderr  # no progress bar under CI
