"""Running the claim suite in a subprocess and reading its export, including when it breaks."""

import json
import textwrap

import pytest

from reports.claims_run import (
    ClaimsExportError,
    claims_command,
    parse_claims_export,
    read_claims_export,
    run_claim_suite,
)

GOOD_TEST = {
    "nodeid": "claims/test_x.py::test_y",
    "claims": ["a"],
    "witness": "sympy",
    "outcome": "passed",
    "duration": 0.1,
    "examples": None,
    "counterexample": None,
    "message": None,
}


def fake_project(root, plugin_body: str, test_body: str = "def test_ok():\n    pass\n"):
    """A checkout (a pyproject.toml beside a claims/ package) whose plugin stands in for
    claims.plugin."""
    package = root / "claims"
    package.mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(textwrap.dedent(plugin_body))
    (package / "test_fake.py").write_text(test_body)
    return root


EXPORTING_PLUGIN = """
    import json

    def pytest_addoption(parser):
        parser.addoption("--claims-json")

    def pytest_sessionfinish(session):
        path = session.config.getoption("--claims-json")
        tests = [{"nodeid": "claims/test_fake.py::test_ok", "claims": ["a", "b"],
                  "witness": "hypothesis", "outcome": "failed", "duration": 0.2, "examples": 12,
                  "counterexample": "x=0", "message": "boom"}]
        with open(path, "w") as handle:
            json.dump({"tests": tests, "hypothesis_profile": "ci"}, handle)
"""


def test_export_of_a_completed_run_is_read(tmp_path):
    run = run_claim_suite(fake_project(tmp_path, EXPORTING_PLUGIN), timeout=120)
    assert run.completed
    assert run.exit_code == 0
    assert run.hypothesis_profile == "ci"
    [test] = run.tests
    assert (test.claims, test.witness, test.outcome, test.examples, test.counterexample) == (
        ("a", "b"),
        "hypothesis",
        "failed",
        12,
        "x=0",
    )
    assert "passed" in run.output


def test_suite_that_writes_no_export_is_reported_as_incomplete(tmp_path):
    plugin = "def pytest_addoption(parser):\n    parser.addoption('--claims-json')\n"
    run = run_claim_suite(fake_project(tmp_path, plugin), timeout=120)
    assert not run.completed
    assert "expected a JSON file, found none" in run.problem
    assert run.tests == []


def test_collection_error_is_reported_with_pytest_exit_code(tmp_path):
    run = run_claim_suite(
        fake_project(tmp_path, EXPORTING_PLUGIN, test_body="import no_such_module_here\n"),
        timeout=120,
    )
    assert not run.completed
    assert "exited with code 2" in run.problem
    assert "no_such_module_here" in run.output


def test_well_formed_export_parses():
    tests, profile = parse_claims_export({"tests": [GOOD_TEST], "hypothesis_profile": "dev"})
    assert profile == "dev"
    assert tests[0].nodeid == GOOD_TEST["nodeid"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"outcome": "xpassed"}, "'outcome'"),
        ({"witness": "vibes"}, "'witness'"),
        ({"claims": "a"}, "'claims'"),
        ({"examples": 1.5}, "'examples'"),
        ({"nodeid": ""}, "'nodeid'"),
    ],
)
def test_malformed_test_entry_is_named_in_the_error(change, message):
    with pytest.raises(ClaimsExportError, match=message):
        parse_claims_export({"tests": [{**GOOD_TEST, **change}], "hypothesis_profile": "dev"})


def test_malformed_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "claims.json"
    path.write_text("{not json")
    with pytest.raises(ClaimsExportError, match="expected JSON"):
        read_claims_export(path)
    path.write_text(json.dumps([1, 2]))
    with pytest.raises(ClaimsExportError, match="top level"):
        read_claims_export(path)


def test_the_suite_is_named_as_a_package_and_an_installed_one_gets_its_own_rootdir(tmp_path):
    checkout = fake_project(tmp_path / "checkout", EXPORTING_PLUGIN)
    installed = tmp_path / "site-packages"
    installed.mkdir()
    in_checkout = claims_command(tmp_path / "claims.json", checkout)
    from_install = claims_command(tmp_path / "claims.json", installed)
    for command in (in_checkout, from_install):
        assert command[1:5] == ["-m", "pytest", "--pyargs", "claims"]
    assert "--rootdir" not in in_checkout and "no:cacheprovider" not in in_checkout
    assert from_install[from_install.index("--rootdir") + 1] == str(installed)
    assert "no:cacheprovider" in from_install


def test_an_installed_suite_runs_elsewhere_and_writes_nothing_into_the_installation(
    tmp_path, monkeypatch
):
    root = fake_project(tmp_path / "site-packages", EXPORTING_PLUGIN)
    (root / "pyproject.toml").unlink()
    monkeypatch.setenv("PYTHONPATH", str(root))  # as site-packages is on an installation's path

    def files() -> list:
        return sorted(
            str(path.relative_to(root))
            for path in root.rglob("*")
            if "__pycache__" not in path.parts
        )

    before = files()
    run = run_claim_suite(root, timeout=120)
    assert run.completed, run.problem
    assert files() == before
    assert run.command.startswith("python -m pytest --pyargs claims --rootdir ")
