"""Statistics against closed forms and hand-computed cases."""

import math

import numpy as np
import pytest

from experiments.statistics import (
    bootstrap_mean_difference_interval,
    prediction_interval,
    regularized_incomplete_beta,
    student_t_quantile,
    student_t_two_sided_p,
    summarize,
    welch_t_test,
)

T_VALUES = [0.0, 1e-6, 0.1, 1.0, 2.5, 10.0, 1e3]


@pytest.mark.parametrize("t", T_VALUES)
def test_t_with_one_degree_of_freedom_is_cauchy(t):
    # Closed form: P(|T| >= t) = 1 - (2/pi) atan(t); 1e-12 allows for the continued fraction.
    assert student_t_two_sided_p(t, 1) == pytest.approx(1 - 2 / math.pi * math.atan(t), abs=1e-12)


@pytest.mark.parametrize("t", T_VALUES)
def test_t_with_two_degrees_of_freedom_has_its_closed_form(t):
    assert student_t_two_sided_p(t, 2) == pytest.approx(1 - t / math.sqrt(2 + t * t), abs=1e-12)


@pytest.mark.parametrize("t", [0.5, 1.96, 4.0])
def test_t_with_huge_degrees_of_freedom_is_normal(t):
    # With df = 1e8 the t and normal tails differ by O(1/df) relative.
    assert student_t_two_sided_p(t, 1e8) == pytest.approx(math.erfc(t / math.sqrt(2)), rel=1e-6)


def test_symmetric_incomplete_beta_is_one_half_at_the_middle():
    for a in (0.5, 1.0, 3.0, 40.0):
        assert regularized_incomplete_beta(0.5, a, a) == pytest.approx(0.5, abs=1e-13)


def test_incomplete_beta_with_unit_parameter_is_a_power():
    # I_x(a, 1) = x^a
    for x in (1e-6, 0.2, 0.9, 1 - 1e-9):
        assert regularized_incomplete_beta(x, 3.5, 1.0) == pytest.approx(x ** 3.5, rel=1e-12)


@pytest.mark.parametrize("df, quantile", [(1, 12.706204736174707), (4, 2.7764451051977987),
                                          (10, 2.2281388519649385), (30, 2.0422724563012373)])
def test_quantiles_match_the_t_table(df, quantile):
    # Table values of t_{0.975, df} to 13+ digits; bisection stops at 1e-12 relative.
    assert student_t_quantile(0.975, df) == pytest.approx(quantile, rel=1e-10)
    assert student_t_quantile(0.025, df) == pytest.approx(-quantile, rel=1e-10)


def test_welch_test_on_a_hand_computed_case():
    result = welch_t_test([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])
    # means 3 and 6, variances 2.5 and 10: se^2 = 0.5 + 2 = 2.5, df = 6.25 / (0.0625 + 1).
    assert result["mean_difference"] == -3.0
    assert result["t"] == pytest.approx(-3 / math.sqrt(2.5), rel=1e-14)
    assert result["df"] == pytest.approx(6.25 / 1.0625, rel=1e-14)
    assert 0.05 < result["p_value"] < 0.2
    low, high = result["interval_95"]
    assert low < -3.0 < high and high > 0  # not significant at 5 %: the interval covers 0
    assert (low + high) / 2 == pytest.approx(-3.0, rel=1e-12)


def test_welch_test_with_equal_variances_and_sizes_matches_students_t():
    rng = np.random.default_rng(7)
    a, b = rng.normal(0, 1, 6), rng.normal(0.5, 1, 6)
    b = (b - b.mean()) / b.std(ddof=1) * a.std(ddof=1) + b.mean()  # equal sample variances
    result = welch_t_test(a, b)
    assert result["df"] == pytest.approx(10.0, rel=1e-12)  # n_a + n_b - 2


def test_welch_test_rejects_too_small_or_constant_samples():
    with pytest.raises(ValueError, match="sample_a"):
        welch_t_test([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="constant"):
        welch_t_test([1.0, 1.0], [2.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        welch_t_test([1.0, float("nan")], [2.0, 3.0])


def test_prediction_interval_covers_new_draws_at_its_rate():
    rng = np.random.default_rng(1)
    trials, hits = 4000, 0
    for _ in range(trials):
        sample = rng.normal(size=5)
        low, high = prediction_interval(sample, 0.95)
        hits += low <= rng.normal() <= high
    # Binomial(4000, 0.95) has standard deviation 0.0034; 4 sigma is about 0.014.
    assert abs(hits / trials - 0.95) < 0.014


def test_bootstrap_interval_is_seeded_and_brackets_the_difference():
    a, b = [1, 2, 3, 4, 5], [2, 4, 6, 8, 10]
    first = bootstrap_mean_difference_interval(a, b, seed=3)
    assert first == bootstrap_mean_difference_interval(a, b, seed=3)
    assert first[0] < -3.0 < first[1]
    # Identical samples give an interval symmetric about 0 only in distribution; a constant
    # pair gives exactly the constant difference.
    assert bootstrap_mean_difference_interval([2.0, 2.0], [0.5, 0.5]) == [1.5, 1.5]


def test_summary_of_seeds():
    summary = summarize([95.0, 96.0, 97.0])
    assert summary == {"mean": 96.0, "std": 1.0, "min": 95.0, "max": 97.0,
                       "per_seed": [95.0, 96.0, 97.0]}
    assert summarize([95.5])["std"] is None
