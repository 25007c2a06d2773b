"""The claim suite can fail: run the relevant claim tests against each deliberately broken
engine (tests/broken_engines) and check, from the claims JSON export, that the claims the
breakage violates are the ones that fail."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.broken_engines.breakages import BREAKAGES

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory):
    """Start one claim-suite subprocess per breakage, all at once (they are independent), and
    return {name: (completed process, export path)} once each has finished."""
    directory = tmp_path_factory.mktemp("broken-engines")
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NNCLAIMS_BROKEN_ENGINE")}
    environment["NNCLAIMS_HYPOTHESIS_PROFILE"] = "quick"
    started = {}
    for name, breakage in BREAKAGES.items():
        export = directory / f"{name}.json"
        command = [
            sys.executable,
            "-m",
            "pytest",
            *(f"claims/{f}" for f in breakage.test_files),
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.broken_engines.plugin",
            "-p",
            "claims.plugin",
            "--claims-json",
            str(export),
        ]
        own_cache = (
            {"NUMBA_CACHE_DIR": str(directory / f"numba-{name}")} if breakage.compiled else {}
        )
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env={**environment, "NNCLAIMS_BROKEN_ENGINE": name, **own_cache},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started[name] = (process, export)
    finished = {}
    for name, (process, export) in started.items():
        output, _ = process.communicate(timeout=600)
        finished[name] = (process.returncode, output, export)
    return finished


@pytest.mark.end_to_end
@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_broken_engine_fails_the_claims_it_violates(broken_runs, name):
    returncode, output, export = broken_runs[name]
    assert f"engine deliberately broken: {name}" in output
    assert returncode == 1, output[-3000:]  # tests failed (not a usage or internal error)
    tests = json.loads(export.read_text())["tests"]
    failed_claims = {
        claim for test in tests if test["outcome"] == "failed" for claim in test["claims"]
    }
    missed = set(BREAKAGES[name].must_fail) - failed_claims
    assert not missed, f"{name} went unnoticed by the witnesses of {sorted(missed)}"


def test_the_plugin_refuses_an_unknown_breakage_name():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "claims/test_sigmoid_quadratic.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.broken_engines.plugin",
            "--collect-only",
        ],
        cwd=REPO,
        env={**os.environ, "NNCLAIMS_BROKEN_ENGINE": "no-such-breakage"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 4 and "no-such-breakage" in result.stderr
