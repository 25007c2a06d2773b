"""Claim depths: the longest chain of claims below each claim, and a cycle named as a path."""

import pytest

from reports.page.claim_graph import claim_depths

RESTS_ON = {"a": [], "b": ["a"], "c": ["a", "b"], "d": [], "e": ["d", "c"]}


def test_depth_is_the_longest_chain_below_a_claim():
    assert claim_depths(RESTS_ON) == {"a": 0, "b": 1, "c": 2, "d": 0, "e": 3}


def test_ids_outside_the_relation_are_ignored():
    assert claim_depths({"a": ["elsewhere"], "b": ["a", "elsewhere"]}) == {"a": 0, "b": 1}


def test_cycle_is_reported_as_a_path():
    with pytest.raises(ValueError, match="a -> b -> a"):
        claim_depths({"a": ["b"], "b": ["a"]})
