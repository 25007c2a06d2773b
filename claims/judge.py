"""The one judge of what the documents say about the experiments.

A catalog claim with a :class:`claims.catalog.model.Check` names a check function of
:mod:`experiments`; every source of the claim that says something (``Source.says``) becomes one
:class:`experiments.checks.Stated` -- figure, the claim's tolerance and parameters, the locator
``Source.locator`` and the figures of the claims it rests on -- and the function turns it and the
runs into one comparison row ``{claim_id, document, locator, statement, stated, computed,
tolerance, verdict, note}``.

Each check carries negative controls (:class:`claims.catalog.model.Control`): the same function
on a case where the statement is false (or, for a claim expected refuted, true); a claim's other
readings (:class:`claims.catalog.model.Reading`) are judged by their own checks.

The claim tests (``claims/test_<topic>.py``) assert each row's verdict equals the claim's expected
one and every control's the opposite; the report shows the same rows (:func:`neuron_rows`,
:func:`mnist_rows`), with the controls' and readings' verdicts beside them
(:func:`control_results`, :func:`reading_results`). Which runs a check reads follows from its
module: those of :data:`NEURON_MODULES` take the single-neuron run records, :data:`MNIST_CHECKS`
the MNIST experiment's result (or None when it did not run; the arithmetic on printed figures
needs none).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache

from claims.catalog import CLAIMS, claim_by_id, resolve
from claims.catalog.model import Check, Claim, Control
from experiments.checks import NOT_RUN, ROW_KEYS, Stated
from experiments.neuron import standard_runs

NEURON_CHECKS = "experiments.neuron_checks"
NEURON_SPEED_CHECKS = "experiments.neuron_speed_checks"
NEURON_MODULES = (NEURON_CHECKS, NEURON_SPEED_CHECKS)
MNIST_CHECKS = "experiments.mnist_checks"


def given_figures(claim: Claim) -> dict[str, str]:
    """The figures printed for the claims ``claim`` rests on, directly or not (id -> the first
    figure its sources print; claims that print none are left out)."""
    given, pending, seen = {}, list(claim.rests_on), set()
    while pending:
        claim_id = pending.pop()
        if claim_id in seen:
            continue
        seen.add(claim_id)
        dependency = claim_by_id(claim_id)
        figures = [source.figure for source in dependency.sources if source.figure]
        if figures:
            given[claim_id] = figures[0]
        pending.extend(dependency.rests_on)
    return given


def statements(claim: Claim, check: Check | None = None) -> list[Stated]:
    """One :class:`Stated` per source of ``claim`` that says something, in source order, for
    ``check`` (the claim's own by default)."""
    check = check or claim.check
    if check is None:
        return []
    given = given_figures(claim)
    return [
        Stated(
            claim_id=claim.id,
            document=source.document,
            locator=source.locator,
            statement=source.says,
            figure=source.figure,
            tolerance=check.tolerance,
            parameters=dict(check.parameters),
            given=given,
        )
        for source in claim.sources
        if source.says
    ]


def controlled(stated: Stated, control: Control) -> Stated:
    """``stated`` moved to the control's case: its figure, the figures rested on (``given``) or
    check parameters replaced; the tolerance is kept."""
    changes = dict(control.changes)
    figure = changes.pop("figure", stated.figure)
    given = {**stated.given, **dict(changes.pop("given", ()))}
    return dataclasses.replace(
        stated, figure=figure, given=given, parameters={**stated.parameters, **changes}
    )


def _judge(claim: Claim, check: Check, found_statements: list[Stated], runs) -> list[dict]:
    function = resolve(check.function)
    found = []
    for stated in found_statements:
        result = function(stated, runs)
        if tuple(result) != ROW_KEYS:
            raise ValueError(
                f"check {check.function} returned keys {list(result)} for "
                f"claim {claim.id!r}; expected {list(ROW_KEYS)}"
            )
        found.append(result)
    return found


def rows(claim: Claim, runs) -> list[dict]:
    """The comparison rows of ``claim`` computed from ``runs`` by its check (none without one)."""
    if claim.check is None:
        return []
    return _judge(claim, claim.check, statements(claim), runs)


def opposite(verdict: str) -> str:
    """The verdict a negative control must give: "holds" <-> "refuted"."""
    return {"holds": "refuted", "refuted": "holds"}[verdict]


def _summary(found: list[dict]) -> tuple[str, object]:
    """(verdict, computed) of several rows of one case: their common verdict ("mixed" when they
    differ, "not run" when any did not run) and the first row's computed value."""
    verdicts = {row["verdict"] for row in found}
    verdict = (
        NOT_RUN
        if NOT_RUN in verdicts or not verdicts
        else verdicts.pop()
        if len(verdicts) == 1
        else "mixed"
    )
    computed = found[0]["computed"] if found else None
    return verdict, computed


def control_results(claim: Claim, runs) -> list[dict]:
    """Per negative control of ``claim``'s check: ``{case, verdict, computed, flips}``, ``flips``
    when the control gives the opposite of the claim's expected verdict on every source."""
    if claim.check is None:
        return []
    found = []
    for control in claim.check.controls:
        cases = [controlled(stated, control) for stated in statements(claim)]
        verdict, computed = _summary(_judge(claim, claim.check, cases, runs))
        found.append(
            {
                "case": control.case,
                "verdict": verdict,
                "computed": computed,
                "flips": verdict == opposite(claim.expected),
            }
        )
    return found


def reading_results(claim: Claim, runs) -> list[dict]:
    """The verdict's reading, then each other reading with its own verdict:
    ``{reading, followed, verdict, expected, computed}``."""
    if not claim.reading:
        return []
    own_verdict, own_computed = _summary(rows(claim, runs)) if claim.check else (NOT_RUN, None)
    found = [
        {
            "reading": claim.reading,
            "followed": True,
            "verdict": own_verdict,
            "expected": claim.expected,
            "computed": own_computed,
        }
    ]
    for reading in claim.other_readings:
        verdict, computed = _summary(
            _judge(claim, reading.check, statements(claim, reading.check), runs)
        )
        found.append(
            {
                "reading": reading.reading,
                "followed": False,
                "verdict": verdict,
                "expected": reading.expected,
                "computed": computed,
            }
        )
    return found


def check_module(claim: Claim) -> str:
    """The module of ``claim``'s check function ("" without a check)."""
    return claim.check.function.rsplit(".", 1)[0] if claim.check is not None else ""


def reads_neuron_runs(claim: Claim) -> bool:
    """Whether ``claim``'s check reads the single-neuron run records."""
    return check_module(claim) in NEURON_MODULES


def claims_checked_by(*modules: str) -> list[Claim]:
    """The catalog claims whose check lives in one of ``modules``, in catalog order."""
    return [claim for claim in CLAIMS if claim.check is not None and check_module(claim) in modules]


_FIRST_LINE = re.compile(r"lines? (\d+)")


def _in_document_order(found: Iterable[dict]) -> list[dict]:
    def first_line(row):
        match = _FIRST_LINE.search(row["locator"])
        return int(match.group(1)) if match else 0

    return sorted(found, key=lambda row: (row["document"], first_line(row)))


def neuron_rows(runs: list[dict]) -> list[dict]:
    """Every row of the single-neuron statements, by document and line."""
    return _in_document_order(
        row for claim in claims_checked_by(*NEURON_MODULES) for row in rows(claim, runs)
    )


def mnist_rows(result: dict | None) -> list[dict]:
    """Every row of the MNIST statements (runs and printed arithmetic), by document and line."""
    return _in_document_order(
        row for claim in claims_checked_by(MNIST_CHECKS) for row in rows(claim, result)
    )


def mnist_book_figures() -> dict[str, float]:
    """MNIST configuration name -> the accuracy the book prints for it (percent), for the plots."""
    return {
        dict(claim.check.parameters)["config"]: float(source.figure)
        for claim in claims_checked_by(MNIST_CHECKS)
        if claim.check.function == f"{MNIST_CHECKS}.book_figure"
        for source in claim.sources
        if source.figure
    }


def book_claim_ids() -> set[str]:
    """Ids of the claims that judge a printed MNIST accuracy (one row per configuration)."""
    return {
        claim.id
        for claim in claims_checked_by(MNIST_CHECKS)
        if claim.check.function == f"{MNIST_CHECKS}.book_figure"
    }


@lru_cache(maxsize=1)
def _neuron_runs() -> tuple[dict, ...]:
    return tuple(standard_runs())


def judged(claim_id: str, record_counterexample=None) -> list[dict]:
    """For a claim test: the rows of ``claim_id`` from the standard single-neuron runs (computed
    once per process) or, for MNIST checks, from the printed figures alone; asserts each row's
    verdict equals the claim's expected one and records the note of a refuted row as the
    counterexample."""
    claim = claim_by_id(claim_id)
    if claim.check is None:
        raise ValueError(f"claim {claim_id!r} has no check")
    runs = list(_neuron_runs()) if reads_neuron_runs(claim) else None
    found = rows(claim, runs)
    if not found:
        raise AssertionError(f"claim {claim_id!r}: no source states what its check judges")
    for row in found:
        if row["verdict"] != claim.expected:
            raise AssertionError(
                f"{claim_id} ({row['document']}, {row['locator']}): verdict {row['verdict']!r}, "
                f"expected {claim.expected!r}; stated {row['stated']}, computed {row['computed']}; "
                f"criterion: {row['tolerance']}. {row['note']}"
            )
        if row["verdict"] == "refuted" and record_counterexample is not None:
            record_counterexample(f"{row['document']} {row['locator']}: {row['note']}")
    assert_controls_flip(claim, runs)
    return found


def assert_controls_flip(claim: Claim, runs) -> None:
    """Every negative control of ``claim`` that could be judged from ``runs`` gives the opposite
    of the expected verdict, and every other reading its stated verdict."""
    if not claim.check.controls:
        raise AssertionError(f"claim {claim.id!r}: its check has no negative control")
    for control in control_results(claim, runs):
        if control["verdict"] != NOT_RUN and not control["flips"]:
            raise AssertionError(
                f"{claim.id}: negative control {control['case']!r} gives {control['verdict']!r}, "
                f"not the opposite of the expected {claim.expected!r} (computed "
                f"{control['computed']}): the check cannot tell this case apart"
            )
    for reading in reading_results(claim, runs)[1:]:
        if reading["verdict"] not in (NOT_RUN, reading["expected"]):
            raise AssertionError(
                f"{claim.id}: under the reading {reading['reading']!r} the verdict is "
                f"{reading['verdict']!r}, the catalog expects {reading['expected']!r}"
            )
