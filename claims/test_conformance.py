"""The conformance witnesses (:mod:`claims.conformance`) as tests, against the engine named by
``--engine`` (ours by default): each passes when the engine conforms to its claim, is skipped
as "not applicable: ..." when the engine lacks an operation it needs, and fails with the
smallest counterexample and the exact value beside the engine's when it deviates."""

from __future__ import annotations

import pytest

from claims.conformance import WITNESSES
from claims.conformance.judging import CONFORMS, NOT_APPLICABLE
from claims.conformance.runner import run_witness


@pytest.mark.parametrize(
    "witness",
    [
        pytest.param(w, marks=pytest.mark.claim(w.claim, witness="numerical"), id=w.name)
        for w in WITNESSES
    ],
)
def test_engine_conforms(witness, conformance_engine, record_counterexample):
    finding = run_witness(conformance_engine, witness)
    if finding.outcome == NOT_APPLICABLE:
        pytest.skip(finding.detail)
    if finding.counterexample:
        record_counterexample(
            f"{finding.counterexample['input']}: engine {finding.counterexample['engine']}, "
            f"exact {finding.counterexample['exact']}"
        )
    assert finding.outcome == CONFORMS, finding.detail
