"""How a conformance witness judges an engine: cases measured against exact values, the
smallest failing case as the counterexample, and the size of a deviation in ulps.

A witness lists its cases smallest first (its hard inputs and seeded draws, ordered by a size
key); each case computes the engine's value and a :class:`Measured` (the engine's value, the
exact one, whether it is within the witness's bound). :func:`judge` runs them all and returns
a :class:`Finding`: ``conforms`` when every case is within bound, else ``deviates`` with the
first (smallest) failing case as the counterexample and the worst one in the detail. An
exception the engine raises is a failing case with its message: the engine's deviation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import mpmath as mp
import numpy as np

from claims import high_precision as hp

CONFORMS, DEVIATES, NOT_APPLICABLE = "conforms", "deviates", "not applicable"
OUTCOMES = (CONFORMS, DEVIATES, NOT_APPLICABLE)

ROUNDING_LEVEL_ULPS = 2.0**20
"""Up to this many ulps (about the last six of sixteen significant digits) a deviation is called
rounding-level: the engine has the value, less accurately than the bound allows. Beyond it the
digits that matter are wrong."""


@dataclass(frozen=True)
class Measured:
    """One case measured: within bound or not, the engine's value and the exact one as text,
    and the error in ulps of the exact value where that is meaningful (else None)."""

    ok: bool
    engine: str
    exact: str
    ulps: float | None = None
    allowed: float | None = None


@dataclass(frozen=True)
class Finding:
    """A witness's judgement of one engine: outcome, counterexample (a dict of ``input``,
    ``engine``, ``exact`` for a deviation, else None), a one-paragraph detail and its facts as
    data for a page in any language (:func:`summary`)."""

    outcome: str
    detail: str
    counterexample: dict | None = None
    summary: dict | None = None


@dataclass(frozen=True)
class Case:
    """One input of a witness: its text (``z = [0, -40]``) and how to measure the engine there."""

    label: str
    measure: Callable[[], Measured]


def text(value) -> str:
    """A value as the report shows it: repr of a float (all its digits), arrays as lists."""
    if isinstance(value, (mp.mpf, mp.mpc)):
        value = float(value)
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, np.ndarray):
        return "[" + ", ".join(text(v) for v in value.reshape(-1)) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(text(v) for v in value) + "]"
    return str(value)


def close(value, exact, allowed_ulps: float) -> Measured:
    """``value`` within ``allowed_ulps`` ulps of the exact (mpmath) value. A value that is not a
    real number (NaN, None, an array where a number was due) is never within bound."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return Measured(False, text(value), text(exact))
    if np.isnan(number):
        return Measured(False, "nan", text(exact))
    measured = hp.ulps(number, exact)
    return Measured(measured <= allowed_ulps, text(number), text(exact), measured, allowed_ulps)


def holds(ok: bool, engine: str, expected: str) -> Measured:
    """A property of the engine's values (an order, a sign, a bound): no ulps to give."""
    return Measured(bool(ok), engine, expected)


def vector(values, length: int) -> np.ndarray:
    """An engine's result as a float64 vector of ``length`` entries (ValueError otherwise)."""
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if array.shape != (length,):
        raise ValueError(f"expected {length} values, got shape {np.shape(values)}")
    return array


def _size_text(measured: Measured) -> str:
    ulps, allowed = measured.ulps, measured.allowed
    if ulps is None:
        return ""
    bound = f", allowed {allowed:g}" if allowed is not None else ""
    if ulps == float("inf"):
        return " (one of the two values is infinite, the other is not)"
    if ulps <= ROUNDING_LEVEL_ULPS:
        return f" (rounding-level difference: {ulps:.3g} ulps{bound})"
    return f" ({ulps:.3g} ulps{bound}: not a rounding difference)"


def _measure(case: Case) -> Measured:
    try:
        return case.measure()
    except NotImplementedError:
        raise  # the engine declines these arguments: the witness is not applicable to it
    except Exception as error:  # the engine's failure is its deviation, reported with its message
        message = str(error).splitlines()[0][:300] if str(error) else ""
        return Measured(False, f"raised {type(error).__name__}: {message}", "a value")


def summary(inputs: int, deviating: int, measured: Measured | None = None, **event) -> dict:
    """The facts of a finding: ``inputs`` checked, ``deviating`` ones, the error in ``ulps``
    (null when there is none to give; ``infinite`` true when one value is infinite) and the
    ``allowed`` ulps of the case they belong to; or an ``event`` (timeout, crashed, raised,
    not applicable) with its particulars."""
    facts = {"inputs": inputs, "deviating": deviating, "ulps": None, "allowed": None}
    if measured is not None and measured.ulps is not None:
        infinite = measured.ulps == float("inf")
        facts.update(ulps=None if infinite else measured.ulps, allowed=measured.allowed)
        facts["infinite"] = infinite
        facts["rounding_level"] = not infinite and measured.ulps <= ROUNDING_LEVEL_ULPS
    return {**facts, **event}


def judge(cases: Iterable[Case], what: str) -> Finding:
    """Measure every case; conforms when all are within bound, else the smallest failure.
    ``what`` names the quantity ("sigma'(z)")."""
    results = [(case, _measure(case)) for case in cases]
    failures = [(case, m) for case, m in results if not m.ok]
    if not failures:
        measured = [m for _, m in results if m.ulps is not None]
        largest = max(measured, key=lambda m: m.ulps, default=None)
        error = f"; largest error {largest.ulps:.3g} ulps" if largest is not None else ""
        facts = summary(len(results), 0, largest)
        return Finding(CONFORMS, f"{what}: {len(results)} inputs checked{error}", None, facts)
    case, first = failures[0]
    detail = (
        f"{what}: {len(failures)} of {len(results)} inputs deviate; smallest {case.label}: "
        f"engine {first.engine}, exact {first.exact}{_size_text(first)}"
    )
    worst_case, worst = max(failures, key=lambda pair: pair[1].ulps or 0.0)
    if worst_case is not case and (worst.ulps or 0.0) > (first.ulps or 0.0):
        detail += (
            f"; worst {worst_case.label}: engine {worst.engine}, exact {worst.exact}"
            f"{_size_text(worst)}"
        )
    counterexample = {"input": case.label, "engine": first.engine, "exact": first.exact}
    return Finding(DEVIATES, detail, counterexample, summary(len(results), len(failures), first))


def combine(findings: list[Finding]) -> Finding:
    """The judgement of a claim from its witnesses: the first deviation if any, else conforms
    (details joined); not applicable only when every witness is."""
    judged = [f for f in findings if f.outcome != NOT_APPLICABLE]
    if not judged:
        return findings[0]
    deviations = [f for f in judged if f.outcome == DEVIATES]
    if deviations:
        first = deviations[0]
        return Finding(
            DEVIATES, " | ".join(f.detail for f in deviations), first.counterexample, first.summary
        )
    facts = [f.summary or {} for f in judged]
    ulps = [s["ulps"] for s in facts if s.get("ulps") is not None]
    total = summary(sum(s.get("inputs", 0) for s in facts), 0)
    if ulps:
        total.update(ulps=max(ulps), rounding_level=True)
    return Finding(CONFORMS, " | ".join(f.detail for f in judged), None, total)
