"""The one judge of what the documents say about the experiments.

A catalog claim with a :class:`claims.catalog.model.Check` names a check function of
:mod:`experiments`; every source of the claim that says something (``Source.says``) becomes one
:class:`experiments.checks.Stated` -- figure, the claim's tolerance and parameters, the locator
``Source.locator`` and the figures of the claims it rests on -- and the function turns it and the
runs into one comparison row ``{claim_id, document, locator, statement, stated, computed,
tolerance, verdict, note}``.

The claim tests (``claims/test_<topic>.py``) assert each row's verdict equals the claim's expected
one; the report shows the same rows (:func:`neuron_rows`, :func:`mnist_rows`). Which runs a check
reads follows from its module: :data:`NEURON_CHECKS` take the single-neuron run records,
:data:`MNIST_CHECKS` the MNIST experiment's result (or None when it did not run; the arithmetic
on printed figures needs none).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from claims.catalog import CLAIMS, claim_by_id, resolve
from claims.catalog.model import Claim
from experiments.checks import ROW_KEYS, Stated
from experiments.neuron import standard_runs

NEURON_CHECKS = "experiments.neuron_checks"
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


def statements(claim: Claim) -> list[Stated]:
    """One :class:`Stated` per source of ``claim`` that says something, in source order."""
    if claim.check is None:
        return []
    given = given_figures(claim)
    return [
        Stated(claim_id=claim.id, document=source.document, locator=source.locator,
               statement=source.says, figure=source.figure, tolerance=claim.check.tolerance,
               parameters=dict(claim.check.parameters), given=given)
        for source in claim.sources if source.says
    ]


def rows(claim: Claim, runs) -> list[dict]:
    """The comparison rows of ``claim`` computed from ``runs`` by its check (none without one)."""
    if claim.check is None:
        return []
    check = resolve(claim.check.function)
    found = []
    for stated in statements(claim):
        result = check(stated, runs)
        if tuple(result) != ROW_KEYS:
            raise ValueError(f"check {claim.check.function} returned keys {list(result)} for "
                             f"claim {claim.id!r}; expected {list(ROW_KEYS)}")
        found.append(result)
    return found


def claims_checked_by(module: str) -> list[Claim]:
    """The catalog claims whose check lives in ``module``, in catalog order."""
    return [claim for claim in CLAIMS
            if claim.check is not None and claim.check.function.rsplit(".", 1)[0] == module]


_FIRST_LINE = re.compile(r"lines? (\d+)")


def _in_document_order(found: Iterable[dict]) -> list[dict]:
    def first_line(row):
        match = _FIRST_LINE.search(row["locator"])
        return int(match.group(1)) if match else 0
    return sorted(found, key=lambda row: (row["document"], first_line(row)))


def neuron_rows(runs: list[dict]) -> list[dict]:
    """Every row of the single-neuron statements, by document and line."""
    return _in_document_order(row for claim in claims_checked_by(NEURON_CHECKS)
                              for row in rows(claim, runs))


def mnist_rows(result: dict | None) -> list[dict]:
    """Every row of the MNIST statements (runs and printed arithmetic), by document and line."""
    return _in_document_order(row for claim in claims_checked_by(MNIST_CHECKS)
                              for row in rows(claim, result))


def mnist_book_figures() -> dict[str, float]:
    """MNIST configuration name -> the accuracy the book prints for it (percent), for the plots."""
    return {
        dict(claim.check.parameters)["config"]: float(source.figure)
        for claim in claims_checked_by(MNIST_CHECKS)
        if claim.check.function == f"{MNIST_CHECKS}.book_figure"
        for source in claim.sources if source.figure
    }


def book_claim_ids() -> set[str]:
    """Ids of the claims that judge a printed MNIST accuracy (one row per configuration)."""
    return {claim.id for claim in claims_checked_by(MNIST_CHECKS)
            if claim.check.function == f"{MNIST_CHECKS}.book_figure"}


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
    module = claim.check.function.rsplit(".", 1)[0]
    runs = list(_neuron_runs()) if module == NEURON_CHECKS else None
    found = rows(claim, runs)
    if not found:
        raise AssertionError(f"claim {claim_id!r}: no source states what its check judges")
    for row in found:
        if row["verdict"] != claim.expected:
            raise AssertionError(
                f"{claim_id} ({row['document']}, {row['locator']}): verdict {row['verdict']!r}, "
                f"expected {claim.expected!r}; stated {row['stated']}, computed {row['computed']}; "
                f"criterion: {row['tolerance']}. {row['note']}")
        if row["verdict"] == "refuted" and record_counterexample is not None:
            record_counterexample(f"{row['document']} {row['locator']}: {row['note']}")
    return found
