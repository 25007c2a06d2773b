"""The verdict rule: witnesses' outcomes and the expected verdict decide a claim's verdict."""

import pytest

from reports.verdicts import claim_verdict, experiment_outcome


@pytest.mark.parametrize("expected", ["holds", "refuted"])
def test_all_witnesses_passing_gives_the_expected_verdict(expected):
    assert claim_verdict(expected, ["passed", "passed"])[0] == expected


@pytest.mark.parametrize("expected, flipped", [("holds", "refuted"), ("refuted", "holds")])
def test_one_failing_witness_flips_the_verdict(expected, flipped):
    verdict, reason = claim_verdict(expected, ["passed", "failed", "skipped"])
    assert verdict == flipped
    assert "1 of 3" in reason


def test_failure_outweighs_an_error():
    assert claim_verdict("holds", ["error", "failed"])[0] == "refuted"


def test_error_without_failure_gives_error():
    assert claim_verdict("holds", ["passed", "error"])[0] == "error"


@pytest.mark.parametrize("outcomes", [[], ["skipped"], ["skipped", "skipped"]])
def test_no_witness_that_ran_gives_not_run(outcomes):
    assert claim_verdict("holds", outcomes)[0] == "not run"


def test_skipped_witnesses_beside_passing_ones_keep_the_expected_verdict():
    verdict, reason = claim_verdict("refuted", ["passed", "skipped"])
    assert verdict == "refuted"
    assert "1 skipped" in reason


def test_unknown_outcome_and_expected_are_rejected():
    with pytest.raises(ValueError, match="outcome"):
        claim_verdict("holds", ["xfailed"])
    with pytest.raises(ValueError, match="expected"):
        claim_verdict("maybe", ["passed"])


@pytest.mark.parametrize(
    "expected, experiment, outcome",
    [
        ("holds", "holds", "passed"),
        ("holds", "refuted", "failed"),
        ("refuted", "holds", "failed"),
        ("refuted", "refuted", "passed"),
        ("holds", "not run", "skipped"),
        ("holds", "unclear", "error"),
    ],
)
def test_experiment_verdict_maps_to_a_witness_outcome(expected, experiment, outcome):
    assert experiment_outcome(expected, experiment) == outcome
