"""The claim suite's collection rules and its JSON export, run in a subprocess on a small
stand-in claims package (the real conftest.py and plugin.py, a three-entry catalog)."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
USAGE_ERROR = 4

CATALOG = """
from dataclasses import dataclass

@dataclass(frozen=True)
class Claim:
    id: str
    experiment: str = ""

CLAIMS = (Claim("alpha"), Claim("beta"), Claim("gamma-on-mnist", experiment="mnist"))
"""

TEST_ALPHA = """
import pytest

@pytest.mark.claim("alpha", witness="arithmetic")
def test_two_plus_two_is_four():
    assert 2 + 2 == 4
"""

TEST_BETA = """
import pytest
from hypothesis import Phase, given, settings, strategies as st

@pytest.mark.claim("beta", witness="hypothesis")
@settings(max_examples=7, phases=[Phase.generate], database=None)
@given(st.integers())
def test_square_is_non_negative(n):
    with open("beta_calls.txt", "a") as calls:
        calls.write("x")
    assert n * n >= 0
"""


@pytest.fixture
def suite(tmp_path):
    """A project directory whose claims package has the real rules and a stand-in catalog."""
    package = tmp_path / "claims"
    package.mkdir()
    for name in ("conftest.py", "plugin.py"):
        shutil.copy(REPO / "claims" / name, package / name)
    (package / "__init__.py").write_text("")
    (package / "catalog").mkdir()
    (package / "catalog" / "__init__.py").write_text(CATALOG)
    (package / "test_alpha.py").write_text(TEST_ALPHA)
    (package / "test_beta.py").write_text(TEST_BETA)
    return tmp_path


def run(project: Path, *args: str, environment: dict | None = None) -> subprocess.CompletedProcess:
    """pytest in ``project`` with its claims package first on the path and no profile chosen
    by the calling environment (``environment`` adds variables)."""
    inherited = ("CI", "NNCLAIMS_HYPOTHESIS_PROFILE", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env["PYTHONPATH"] = f"{project}{os.pathsep}{REPO}"
    env.update(environment or {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider", "-q"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_test(project: Path, name: str, source: str) -> None:
    (project / "claims" / name).write_text(textwrap.dedent(source))


def test_complete_suite_collects_cleanly_and_mnist_only_entries_need_no_test(suite):
    result = run(suite, "claims/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_test_naming_an_unknown_claim_id_is_a_collection_error(suite):
    add_test(
        suite,
        "test_typo.py",
        """
        import pytest

        @pytest.mark.claim("alpah", witness="arithmetic")
        def test_typo():
            assert True
    """,
    )
    for selection in (["claims/"], ["claims/test_typo.py", "-k", "typo"]):
        result = run(suite, *selection)
        assert result.returncode == USAGE_ERROR, result.stdout + result.stderr
        assert "not in the claim catalog" in result.stderr and "alpah" in result.stderr


def test_a_catalog_entry_without_a_test_fails_the_whole_suite_run(suite):
    (suite / "claims" / "test_beta.py").unlink()
    result = run(suite, "claims/")
    assert result.returncode == USAGE_ERROR
    assert "catalog entries with no test: beta" in result.stderr
    assert "gamma-on-mnist" not in result.stderr


@pytest.mark.parametrize(
    "selection",
    [
        ["claims/test_alpha.py"],
        ["claims/test_alpha.py::test_two_plus_two_is_four"],
        ["claims/", "-k", "two_plus_two"],
    ],
)
def test_a_subset_run_does_not_demand_tests_for_every_entry(suite, selection):
    result = run(suite, *selection)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_claim_mark_without_a_valid_witness_kind_is_a_collection_error(suite):
    add_test(
        suite,
        "test_no_witness.py",
        """
        import pytest

        @pytest.mark.claim("alpha")
        def test_unlabelled():
            assert True
    """,
    )
    result = run(suite, "claims/test_no_witness.py")
    assert result.returncode == USAGE_ERROR
    assert "needs witness=" in result.stderr


def test_a_test_without_a_claim_mark_is_a_collection_error(suite):
    add_test(
        suite,
        "test_unmarked.py",
        """
        def test_orphan():
            assert True
    """,
    )
    result = run(suite, "claims/test_unmarked.py")
    assert result.returncode == USAGE_ERROR
    assert "without a @pytest.mark.claim" in result.stderr and "test_orphan" in result.stderr


def test_export_records_outcome_examples_and_counterexamples(suite):
    add_test(
        suite,
        "test_gamma.py",
        """
        import pytest
        from hypothesis import given, settings, strategies as st

        @pytest.mark.claim("alpha", witness="hypothesis")
        @settings(database=None, derandomize=True)
        @given(st.integers())
        def test_every_integer_is_below_ten(n):
            assert n < 10

        @pytest.mark.claim("beta", witness="arithmetic")
        def test_records_what_it_found(record_counterexample):
            record_counterexample("n = 3 breaks it")

        @pytest.mark.claim("beta", witness="numerical")
        def test_skipped_without_data():
            pytest.skip("no data here")
    """,
    )
    export = suite / "out" / "claims.json"
    result = run(suite, "claims/", "-p", "claims.plugin", "--claims-json", str(export))
    assert result.returncode == 1, result.stdout + result.stderr
    data = json.loads(export.read_text())
    assert data["hypothesis_profile"] == "dev"
    tests = {t["nodeid"].split("::")[1]: t for t in data["tests"]}
    assert set(tests) == {
        "test_two_plus_two_is_four",
        "test_square_is_non_negative",
        "test_every_integer_is_below_ten",
        "test_records_what_it_found",
        "test_skipped_without_data",
    }
    assert tests["test_two_plus_two_is_four"] | {"duration": 0} == {
        "nodeid": "claims/test_alpha.py::test_two_plus_two_is_four",
        "claims": ["alpha"],
        "witness": "arithmetic",
        "outcome": "passed",
        "duration": 0,
        "examples": None,
        "counterexample": None,
        "message": None,
    }
    assert tests["test_square_is_non_negative"]["examples"] == len(
        (suite / "beta_calls.txt").read_text()
    )
    failing = tests["test_every_integer_is_below_ten"]
    assert failing["outcome"] == "failed" and failing["witness"] == "hypothesis"
    assert "n=10" in failing["counterexample"] and failing["message"]
    assert failing["examples"] >= 1
    assert tests["test_records_what_it_found"]["counterexample"] == "n = 3 breaks it"
    assert tests["test_skipped_without_data"]["outcome"] == "skipped"
    assert tests["test_skipped_without_data"]["message"] == "no data here"
    assert [p.name for p in export.parent.iterdir()] == ["claims.json"]  # no temporary file left


def test_ci_environment_selects_the_ci_profile_and_an_unknown_profile_is_refused(suite):
    export = suite / "claims.json"

    def env_run(environment):
        return run(
            suite,
            "claims/",
            "-p",
            "claims.plugin",
            "--claims-json",
            str(export),
            environment=environment,
        )

    assert env_run({"CI": "1"}).returncode == 0
    assert json.loads(export.read_text())["hypothesis_profile"] == "ci"
    assert env_run({"CI": "1", "NNCLAIMS_HYPOTHESIS_PROFILE": "thorough"}).returncode == 0
    assert json.loads(export.read_text())["hypothesis_profile"] == "thorough"
    refused = env_run({"NNCLAIMS_HYPOTHESIS_PROFILE": "nonsense"})
    assert refused.returncode == USAGE_ERROR and "nonsense" in refused.stderr


def test_the_real_claim_suite_covers_every_catalog_entry():
    result = run(REPO, "claims/", "--collect-only")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
