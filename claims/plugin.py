"""Export of a claim-suite run as JSON: ``pytest claims/ -p claims.plugin --claims-json PATH``.

The file (written whole or not at all) holds::

    {"hypothesis_profile": name,
     "tests": [{"nodeid", "claims": [ids], "witness",
                "outcome": "passed"|"failed"|"skipped"|"error",
                "duration": seconds, "examples": int | null, "counterexample": str | null,
                "message": str | null}]}

``examples`` is the number of inputs a Hypothesis test's body was checked on (generated,
explicit, shrunk and replayed ones; inputs rejected by ``assume`` not counted); null for tests
without ``@given``. ``counterexample`` is the falsifying
example Hypothesis reports for a failing property, or what a test recorded with the
``record_counterexample`` fixture (claims expected to be refuted).
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis.errors import UnsatisfiedAssumption

WITNESS_KINDS = (
    "sympy",
    "hypothesis",
    "finite-differences",
    "numerical",
    "experiment",
    "arithmetic",
)

_EXAMPLES = pytest.StashKey[list]()


def hypothesis_profile_name() -> str:
    """``$NNCLAIMS_HYPOTHESIS_PROFILE`` if set, else ``ci`` when ``$CI`` is set, else ``dev``."""
    chosen = os.environ.get("NNCLAIMS_HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI") else "dev"


def claim_marks(item) -> list[tuple[str, str]]:
    """The (claim id, witness kind) pairs of a test; raises UsageError on a malformed mark."""
    pairs = []
    for mark in item.iter_markers("claim"):
        if len(mark.args) != 1 or not isinstance(mark.args[0], str):
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.claim takes exactly one claim id, got {mark.args!r}"
            )
        witness = mark.kwargs.get("witness")
        if witness not in WITNESS_KINDS:
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.claim({mark.args[0]!r}) needs witness= one of "
                f"{list(WITNESS_KINDS)}, got {witness!r}"
            )
        pairs.append((mark.args[0], witness))
    return pairs


def pytest_addoption(parser):
    parser.addoption(
        "--claims-json",
        metavar="PATH",
        default=None,
        help="write the claim suite's results (claims, witness, outcome, examples, "
        "counterexamples) to PATH as JSON",
    )


def pytest_configure(config):
    path = config.getoption("--claims-json")
    if path:
        config.pluginmanager.register(ClaimsExport(Path(path), config), "claims-json-export")


class ClaimsExport:
    def __init__(self, path: Path, config):
        self.path = path
        self.config = config
        self.records: dict[str, dict] = {}
        self.order: list[str] = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        handle = getattr(getattr(item, "obj", None), "hypothesis", None)
        inner = getattr(handle, "inner_test", None)
        if inner is None:
            yield
            return
        counter = item.stash.setdefault(_EXAMPLES, [0])

        @functools.wraps(inner)
        def counted(*args, **kwargs):
            try:
                result = inner(*args, **kwargs)
            except UnsatisfiedAssumption:
                raise  # rejected by assume(): not an example the property was checked on
            except BaseException:
                counter[0] += 1
                raise
            counter[0] += 1
            return result

        handle.inner_test = counted
        try:
            yield
        finally:
            handle.inner_test = inner

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        record = self._record_for(item)
        record["duration"] += report.duration
        if call.excinfo is not None and not report.skipped:
            falsifying = _falsifying_examples(call.excinfo.value)
            if falsifying:
                record["counterexample"] = falsifying
        counter = item.stash.get(_EXAMPLES, None)
        if counter is not None:
            record["examples"] = counter[0]
        for key, value in item.user_properties:
            if key == "counterexample" and record["counterexample"] is None:
                record["counterexample"] = value
        self._update_outcome(record, report)

    def _record_for(self, item) -> dict:
        if item.nodeid not in self.records:
            pairs = claim_marks(item)
            self.order.append(item.nodeid)
            self.records[item.nodeid] = {
                "nodeid": item.nodeid,
                "claims": [claim_id for claim_id, _ in pairs],
                "witness": pairs[0][1] if pairs else None,
                "outcome": "passed",
                "duration": 0.0,
                "examples": None,
                "counterexample": None,
                "message": None,
            }
        return self.records[item.nodeid]

    @staticmethod
    def _update_outcome(record: dict, report) -> None:
        if report.when == "call":
            if report.passed:
                record["outcome"] = "passed" if record["outcome"] == "passed" else record["outcome"]
            elif report.skipped:
                record["outcome"] = "skipped"
                record["message"] = _skip_reason(report)
            else:
                record["outcome"] = "failed"
                record["message"] = _short_message(report)
        elif report.failed:
            record["outcome"] = "error"
            record["message"] = _short_message(report)
        elif report.skipped and report.when == "setup":
            record["outcome"] = "skipped"
            record["message"] = _skip_reason(report)

    def pytest_sessionfinish(self, session):
        from runs.atomic import write_atomically

        export = {
            "hypothesis_profile": hypothesis_profile_name(),
            "tests": [self.records[nodeid] for nodeid in self.order],
        }
        write_atomically(self.path, json.dumps(export, indent=1))


def _falsifying_examples(error: BaseException) -> str | None:
    """The failing inputs Hypothesis attached to the error as notes (one per distinct failure
    when it raises an exception group)."""
    group = getattr(error, "exceptions", None)  # an ExceptionGroup (builtin from Python 3.11)
    errors = list(group) if isinstance(group, (list, tuple)) else [error]
    found = [
        note
        for each in errors
        for note in getattr(each, "__notes__", None) or []
        if note.startswith(("Failing test case", "Falsifying example"))
    ]
    return "\n".join(found) if found else None


def _short_message(report) -> str:
    text = getattr(report, "longreprtext", "") or str(report.longrepr)
    errors = [line[2:].strip() for line in text.splitlines() if line.startswith("E ")]
    if errors:
        return "\n".join(errors[:12])[:2000]
    lines = text.strip().splitlines()
    return lines[-1][:2000] if lines else ""


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return re.sub(r"^Skipped: ", "", str(longrepr[2]))
    return str(longrepr)
