"""The sweep's comparison statistics: an exact permutation test and a bootstrap interval."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import sweep_summary
from reports.sweep_summary import bootstrap_interval, permutation_p_value

# Accuracies: fractions in [0, 1], with the ends and many ties reachable.
accuracy = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5, 0.9, 0.9001]),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)
group = st.lists(accuracy, min_size=1, max_size=6)


@given(group, group)
@settings(max_examples=200, deadline=None)
def test_exact_permutation_p_value_is_a_count_over_all_relabellings(a, b):
    p_value, method = permutation_p_value(a, b)
    relabellings = math.comb(len(a) + len(b), len(a))
    assert method == f"exact ({relabellings} relabellings)"
    hits = p_value * relabellings
    # The observed labelling is always one of the counted relabellings, so p >= 1/C.
    assert 1 <= round(hits) <= relabellings
    assert hits == pytest.approx(round(hits), abs=1e-9)


@given(group)
@settings(max_examples=100, deadline=None)
def test_identical_groups_give_p_value_one(a):
    # Observed difference 0: every relabelling's |difference| is at least that.
    assert permutation_p_value(a, list(a))[0] == 1.0


@given(st.lists(st.floats(0.0, 0.4), min_size=2, max_size=6), st.floats(0.5, 0.6))
@settings(max_examples=100, deadline=None)
def test_fully_separated_equal_groups_give_the_smallest_two_sided_p_value(values, shift):
    # Equal group sizes, every value of one above every value of the other: only the observed
    # labelling and its mirror image reach the observed |difference|.
    lifted = [v + shift for v in values]
    relabellings = math.comb(2 * len(values), len(values))
    assert permutation_p_value(lifted, values)[0] == pytest.approx(2 / relabellings, rel=1e-12)
    assert permutation_p_value(values, lifted)[0] == pytest.approx(2 / relabellings, rel=1e-12)


def test_five_seeds_each_fully_separated_give_p_two_in_252():
    cross_entropy = [0.961, 0.963, 0.962, 0.964, 0.960]
    quadratic = [0.951, 0.953, 0.950, 0.952, 0.954]
    p_value, method = permutation_p_value(cross_entropy, quadratic)
    assert method == "exact (252 relabellings)"
    assert p_value == pytest.approx(2 / 252, rel=1e-12)


def test_monte_carlo_p_value_agrees_with_the_exact_one(monkeypatch):
    a = [0.95, 0.96, 0.94, 0.97, 0.955, 0.958]
    b = [0.951, 0.949, 0.96, 0.945, 0.95, 0.948]
    exact, _ = permutation_p_value(a, b)
    monkeypatch.setattr(sweep_summary, "EXACT_PERMUTATION_LIMIT", 0)
    monkeypatch.setattr(sweep_summary, "MONTE_CARLO_PERMUTATIONS", 20_000)
    estimate, method = permutation_p_value(a, b)
    assert method == "Monte Carlo (20000 relabellings)"
    # Binomial standard error sqrt(p(1-p)/n) <= 0.0036 at n = 20000: allow four of them.
    assert abs(estimate - exact) < 4 * math.sqrt(exact * (1 - exact) / 20_000) + 1e-4


@given(group, group)
@settings(max_examples=100, deadline=None)
def test_bootstrap_interval_is_ordered_and_within_the_possible_differences(a, b):
    low, high = bootstrap_interval(a, b)
    assert low <= high
    # Means of resamples lie within each group's range, so their difference can't leave this.
    slack = 1e-12
    assert min(a) - max(b) - slack <= low and high <= max(a) - min(b) + slack


def test_bootstrap_interval_of_constant_groups_is_the_difference():
    low, high = bootstrap_interval([0.97] * 5, [0.95] * 5)
    assert low == pytest.approx(0.02, abs=1e-15) and high == pytest.approx(0.02, abs=1e-15)


def test_empty_group_is_rejected_by_name():
    with pytest.raises(ValueError, match="at least one value"):
        permutation_p_value([], [0.5])
    with pytest.raises(ValueError, match="at least one value"):
        bootstrap_interval([0.5], [])
