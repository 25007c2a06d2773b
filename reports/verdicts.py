"""The verdict on a claim, from the outcomes of the tests and experiments that witness it.

Rule (the same one ``reports.gate`` reads back from ``results.json``):

- every witness that ran passed -> the claim's expected verdict ("holds" or "refuted"; a test
  of a claim expected refuted asserts that the counterexample exists);
- a witness failed -> the opposite of the expected verdict (a failing test of a "holds" claim
  is a counterexample; a failing test of a "refuted" claim found no counterexample);
- no failure, but a witness raised an error outside its assertion (pytest outcome "error")
  -> "error": the claim could not be judged;
- no witness ran (all skipped, MNIST data absent, no witness at all) -> "not run".
"""

from __future__ import annotations

from collections.abc import Iterable

HOLDS = "holds"
REFUTED = "refuted"
ERROR = "error"
NOT_RUN = "not run"
VERDICTS = (HOLDS, REFUTED, ERROR, NOT_RUN)
_OPPOSITE = {HOLDS: REFUTED, REFUTED: HOLDS}


def claim_verdict(expected: str, outcomes: Iterable[str]) -> tuple[str, str]:
    """(verdict, one-line reason) for a claim expected ``expected`` whose witnesses ended so."""
    if expected not in _OPPOSITE:
        raise ValueError(f"expected verdict: expected 'holds' or 'refuted', found {expected!r}")
    outcomes = list(outcomes)
    failed = outcomes.count("failed")
    errors = outcomes.count("error")
    passed = outcomes.count("passed")
    skipped = outcomes.count("skipped")
    unknown = sorted(set(outcomes) - {"failed", "error", "passed", "skipped"})
    if unknown:
        raise ValueError(f"witness outcome: expected passed/failed/skipped/error, found {unknown}")
    if not outcomes:
        return NOT_RUN, "no witness for this claim"
    if failed:
        return _OPPOSITE[expected], f"{failed} of {len(outcomes)} witnesses failed"
    if errors:
        return ERROR, f"{errors} of {len(outcomes)} witnesses raised an error"
    if passed:
        note = f", {skipped} skipped" if skipped else ""
        return expected, f"{passed} of {len(outcomes)} witnesses passed{note}"
    return NOT_RUN, f"all {skipped} witnesses were skipped"


def experiment_outcome(expected: str, experiment_verdict: str) -> str:
    """The witness outcome of an experiment's verdict on a claim expected ``expected``."""
    if experiment_verdict == expected:
        return "passed"
    if experiment_verdict == _OPPOSITE.get(expected):
        return "failed"
    if experiment_verdict == NOT_RUN:
        return "skipped"
    return "error"
