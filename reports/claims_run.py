"""Run the claim suite in a subprocess and read its JSON export.

The suite is run as ``python -m pytest --pyargs claims -p claims.plugin --claims-json PATH -q``
(:func:`claims_command`), from the checkout or, for an installed package, from a scratch
directory, with the environment of the build (so the Hypothesis profile chosen there, by
``NNCLAIMS_HYPOTHESIS_PROFILE`` or ``CI``, is the one that runs). The export has the shape::

    {"tests": [{"nodeid", "claims": [ids], "witness", "outcome", "duration", "examples",
                "counterexample", "message"}], "hypothesis_profile": name}

:func:`parse_claims_export` checks that shape and names what is wrong when it is not met.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from reports.environment import REPOSITORY_ROOT

OUTCOMES = ("passed", "failed", "skipped", "error")
WITNESS_KINDS = (
    "sympy",
    "hypothesis",
    "finite-differences",
    "numerical",
    "experiment",
    "arithmetic",
)
# pytest exit codes 0 (all passed) and 1 (some tests failed) mean the suite ran to completion.
PYTEST_COMPLETED = (0, 1)
OUTPUT_TAIL_CHARS = 20_000


class ClaimsExportError(ValueError):
    """The claims export is missing or does not have the documented shape."""


@dataclasses.dataclass(frozen=True)
class WitnessResult:
    """One pytest test's outcome, for every claim it witnesses."""

    nodeid: str
    claims: tuple[str, ...]
    witness: str
    outcome: str
    duration: float | None = None
    examples: int | None = None
    counterexample: str | None = None
    message: str | None = None


@dataclasses.dataclass
class ClaimsRun:
    """What the claim suite produced: the witnesses, the profile, and how the run ended."""

    tests: list[WitnessResult]
    hypothesis_profile: str | None
    exit_code: int | None = 0
    output: str = ""
    problem: str | None = None  # set when the suite did not run to completion
    command: str = ""

    @property
    def completed(self) -> bool:
        return self.problem is None


def _expect(condition: bool, where: str, expected: str, found: object) -> None:
    if not condition:
        raise ClaimsExportError(f"claims export, {where}: expected {expected}, found {found!r}")


def _optional(entry: dict, key: str, kinds: tuple[type, ...], where: str):
    value = entry.get(key)
    _expect(
        value is None or isinstance(value, kinds),
        f"{where} {key!r}",
        f"{' or '.join(k.__name__ for k in kinds)} or null",
        value,
    )
    return value


def parse_claims_export(data: object) -> tuple[list[WitnessResult], str | None]:
    """The witnesses and Hypothesis profile of a decoded claims export; raises ClaimsExportError."""
    _expect(isinstance(data, dict), "top level", "an object", type(data).__name__)
    tests = data.get("tests")
    _expect(isinstance(tests, list), "'tests'", "a list", tests)
    profile = data.get("hypothesis_profile")
    _expect(
        profile is None or isinstance(profile, str), "'hypothesis_profile'", "a string", profile
    )
    results = []
    for index, entry in enumerate(tests):
        where = f"tests[{index}]"
        _expect(isinstance(entry, dict), where, "an object", entry)
        nodeid = entry.get("nodeid")
        _expect(isinstance(nodeid, str) and nodeid, f"{where} 'nodeid'", "a test id", nodeid)
        where = f"test {nodeid}"
        claims = entry.get("claims")
        _expect(
            isinstance(claims, list) and all(isinstance(c, str) for c in claims),
            f"{where} 'claims'",
            "a list of claim ids",
            claims,
        )
        witness = entry.get("witness")
        _expect(
            witness in WITNESS_KINDS, f"{where} 'witness'", f"one of {list(WITNESS_KINDS)}", witness
        )
        outcome = entry.get("outcome")
        _expect(outcome in OUTCOMES, f"{where} 'outcome'", f"one of {list(OUTCOMES)}", outcome)
        duration = _optional(entry, "duration", (int, float), where)
        examples = _optional(entry, "examples", (int,), where)
        results.append(
            WitnessResult(
                nodeid=nodeid,
                claims=tuple(claims),
                witness=witness,
                outcome=outcome,
                duration=float(duration) if duration is not None else None,
                examples=examples,
                counterexample=_optional(entry, "counterexample", (str,), where),
                message=_optional(entry, "message", (str,), where),
            )
        )
    return results, profile


def read_claims_export(path: Path) -> tuple[list[WitnessResult], str | None]:
    """Parse the export file at ``path``; raises ClaimsExportError if missing or malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClaimsExportError(f"claims export {path}: expected a JSON file, found none") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ClaimsExportError(
            f"claims export {path}: expected JSON, found a parse error ({error})"
        ) from None
    return parse_claims_export(data)


def is_checkout(root: Path) -> bool:
    """Whether ``root`` is a source checkout (its pyproject.toml beside the claims package), not
    the site-packages directory of an installed nnclaims."""
    return (Path(root) / "pyproject.toml").is_file()


def claims_command(export_path: Path, root: Path = REPOSITORY_ROOT) -> list[str]:
    """The pytest command line that runs the claim suite and writes the export.

    The suite is named as the importable package ``claims`` (``--pyargs``), so the same command
    runs it from a checkout and from an installed package. Outside a checkout, node ids are made
    relative to ``root`` (``claims/test_x.py::...``, as in a checkout) and pytest's cache is not
    written, so nothing is written into the installation."""
    command = [sys.executable, "-m", "pytest", "--pyargs", "claims"]
    if not is_checkout(root):
        command += ["--rootdir", str(root), "-p", "no:cacheprovider"]
    return command + ["-p", "claims.plugin", "--claims-json", str(export_path), "-q"]


def shown_command(command: list[str], export_path: Path) -> str:
    """The command as the report shows it: ``python`` for the interpreter, PATH for the export."""
    shown = ["python", *command[1:]]
    return " ".join("PATH" if part == str(export_path) else part for part in shown)


def run_claim_suite(root: Path = REPOSITORY_ROOT, timeout: float | None = None) -> ClaimsRun:
    """Run the claim suite of the ``claims`` package in ``root`` in a subprocess; never raises
    for a failing suite.

    In a checkout the suite runs from ``root`` (its pytest settings and Hypothesis database are
    the checkout's); from an installed package it runs in a scratch directory that is removed
    afterwards. A suite that does not run to completion (collection error, crash, missing or
    malformed export) comes back with ``problem`` set and no witnesses, so every claim shows
    "not run".
    """
    with tempfile.TemporaryDirectory(prefix="claims-run-") as scratch:
        export_path = Path(scratch) / "claims.json"
        command = claims_command(export_path, root)
        shown = shown_command(command, export_path)
        try:
            completed = subprocess.run(
                command,
                cwd=root if is_checkout(root) else scratch,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=dict(os.environ),
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            output = _text(error.stdout) + _text(error.stderr)
            return ClaimsRun(
                [], None, None, _tail(output), f"the claim suite ran longer than {timeout} s", shown
            )
        output = _tail(completed.stdout + completed.stderr)
        try:
            tests, profile = read_claims_export(export_path)
        except ClaimsExportError as error:
            return ClaimsRun([], None, completed.returncode, output, str(error), shown)
        problem = None
        if completed.returncode not in PYTEST_COMPLETED:
            problem = (
                f"pytest exited with code {completed.returncode} "
                "(the suite did not run to completion)"
            )
        return ClaimsRun(tests, profile, completed.returncode, output, problem, shown)


def _text(value: str | bytes | None) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _tail(output: str) -> str:
    if len(output) <= OUTPUT_TAIL_CHARS:
        return output
    return "[... earlier output cut ...]\n" + output[-OUTPUT_TAIL_CHARS:]
