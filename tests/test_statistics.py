"""Statistics against closed forms, hand-computed cases and SciPy's own functions."""

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from experiments.statistics import (
    COMPARISON_TEST,
    bootstrap_mean_difference_interval,
    compare_samples,
    mid_rank_percentile,
    place_figure,
    prediction_interval,
    rank_sum_combined_test,
    robust_sd,
    split_lumps,
    student_t_quantile,
    student_t_two_sided_p,
    summarize,
    welch_t_test,
)

T_VALUES = [0.0, 1e-6, 0.1, 1.0, 2.5, 10.0, 1e3]


@pytest.mark.parametrize("t", T_VALUES)
def test_t_with_one_degree_of_freedom_is_cauchy(t):
    # Closed form: P(|T| >= t) = 1 - (2/pi) atan(t); 1e-12 allows for rounding in atan and sf.
    assert student_t_two_sided_p(t, 1) == pytest.approx(1 - 2 / math.pi * math.atan(t), abs=1e-12)


@pytest.mark.parametrize("t", T_VALUES)
def test_t_with_two_degrees_of_freedom_has_its_closed_form(t):
    assert student_t_two_sided_p(t, 2) == pytest.approx(1 - t / math.sqrt(2 + t * t), abs=1e-12)


@pytest.mark.parametrize("t", [0.5, 1.96, 4.0])
def test_t_with_huge_degrees_of_freedom_is_normal(t):
    # With df = 1e8 the t and normal tails differ by O(1/df) relative.
    assert student_t_two_sided_p(t, 1e8) == pytest.approx(math.erfc(t / math.sqrt(2)), rel=1e-6)


@pytest.mark.parametrize(
    "df, quantile",
    [
        (1, 12.706204736174707),
        (4, 2.7764451051977987),
        (10, 2.2281388519649385),
        (30, 2.0422724563012373),
    ],
)
def test_quantiles_match_the_t_table(df, quantile):
    # Table values of t_{0.975, df} to 13+ digits; 1e-10 relative allows for their rounding.
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
    assert summary == {
        "mean": 96.0,
        "std": 1.0,
        "min": 95.0,
        "max": 97.0,
        "per_seed": [95.0, 96.0, 97.0],
    }
    assert summarize([95.5])["std"] is None


def test_prediction_interval_is_the_t_formula_with_scipys_quantile():
    sample = np.array([95.21, 95.32, 95.17, 95.25, 95.30, 95.28])
    low, high = prediction_interval(sample, 0.9)
    half = stats.t.ppf(0.95, 5) * sample.std(ddof=1) * math.sqrt(1 + 1 / 6)
    # Same formula, same quantile: equal to rounding of a handful of operations.
    assert (low, high) == pytest.approx((sample.mean() - half, sample.mean() + half), rel=1e-14)


# The quadratic-cost 784-100-10 network at the book's settings, seeds 0-4, as measured (percent).
STALLING_SEEDS = [87.16, 66.86, 96.54, 68.83, 96.59]


def test_prediction_interval_of_percentages_is_clipped_to_0_100():
    low, high = prediction_interval(STALLING_SEEDS)
    assert high > 100  # unclipped, the normal interval leaves the possible range
    assert prediction_interval(STALLING_SEEDS, bounds=(0, 100)) == [low, 100.0]
    with pytest.raises(ValueError, match="bounds"):
        prediction_interval(STALLING_SEEDS, bounds=(100, 0))


def test_mid_rank_percentile_equals_scipys_mean_kind_with_ties():
    rng = np.random.default_rng(11)
    for _ in range(200):
        values = rng.integers(0, 6, size=rng.integers(1, 15)).astype(float)  # many ties
        figure = float(rng.integers(-1, 7))
        expected = stats.percentileofscore(values, figure, kind="mean")
        # Both count and divide the same integers: equal to one rounding.
        assert mid_rank_percentile(figure, values) == pytest.approx(expected, abs=1e-12)


def test_placing_a_figure_counts_seeds_and_judges_it_by_the_prediction_interval():
    seeds = [95.20, 95.25, 95.25, 95.30, 95.35]
    placed = place_figure(95.25, seeds)
    assert (placed["below"], placed["equal"], placed["above"], placed["n"]) == (1, 2, 2, 5)
    assert placed["percentile"] == 40.0  # (1 + 2/2) / 5
    assert placed["prediction_interval"] == prediction_interval(seeds, bounds=(0, 100))
    assert placed["inside_prediction_interval"] is True
    far = place_figure(99.0, seeds)
    assert far["percentile"] == 100.0 and far["inside_prediction_interval"] is False
    assert place_figure(95.0, [95.2])["prediction_interval"] is None
    with pytest.raises(ValueError, match="figure"):
        place_figure(float("nan"), seeds)


def test_robust_sd_equals_scipys_normal_scaled_mad():
    rng = np.random.default_rng(5)
    for n in (1, 2, 3, 10, 31):
        values = rng.normal(size=n)
        expected = stats.median_abs_deviation(values, scale="normal")
        # The scale constants agree to 1e-15; the medians are the same numbers.
        assert robust_sd(values) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_stalled_seeds_are_split_off_with_their_share_and_the_spread_of_the_rest():
    described = split_lumps(STALLING_SEEDS)
    assert described["one_lump"] is False
    assert described["stalled"] == [87.16, 68.83, 66.86]
    assert described["stalled_share"] == 0.6
    assert described["gap"] == pytest.approx(96.54 - 87.16, abs=1e-12)
    working = described["working"]
    assert working["per_seed"] == [96.59, 96.54]
    low, high = working["prediction_interval"]
    assert 0 <= low < 96.54 and 96.59 < high <= 100
    assert "3 of 5 seeds stall" in described["text"]


def test_stalled_seeds_at_scattered_levels_are_split_off_together():
    described = split_lumps([96.5, 96.6, 96.55, 96.45, 75.0, 30.0, 88.0, 96.52])
    assert described["stalled"] == [88.0, 75.0, 30.0]
    assert described["working"]["min"] == 96.45


def test_normal_seeds_form_one_lump():
    # Seed spread of a working configuration at the book's settings: about 0.1 points. A gap
    # wider than 1 point (ten standard deviations) between neighbours of 10 normal draws has a
    # probability far below 1e-9, so 2000 seeded samples must all be one lump.
    rng = np.random.default_rng(2024)
    for _ in range(2000):
        assert split_lumps(rng.normal(95.3, 0.1, size=10))["one_lump"]


def test_the_gap_rule_scales_with_the_lumps_spread():
    # The rule: a gap wider than 4 robust standard deviations of the lump above it.
    lump = [10.0, 10.2, 10.4, 10.6, 10.8]  # robust sd 1.4826 * 0.2 = 0.2965
    # min_gap 0.5 stands above the lump's own neighbour gaps (0.2), below 4 x 0.2965 = 1.19.
    assert split_lumps(lump + [10.0 - 1.1], min_gap=0.5, bounds=None)["one_lump"]
    assert not split_lumps(lump + [10.0 - 1.3], min_gap=0.5, bounds=None)["one_lump"]
    scaled = split_lumps([1000 * v for v in STALLING_SEEDS], min_gap=1000.0, bounds=None)
    assert scaled["stalled_share"] == 0.6  # same split in other units


def test_split_rejects_non_positive_thresholds():
    with pytest.raises(ValueError, match="min_gap and gap_sds must be positive"):
        split_lumps(STALLING_SEEDS, min_gap=0)


def test_cost_comparison_states_its_test_and_matches_scipy():
    rng = np.random.default_rng(3)
    a, b = rng.normal(95.3, 0.1, 10), rng.normal(95.1, 0.2, 10)
    result = compare_samples(a, b)
    assert result["test"] == COMPARISON_TEST and "Welch" in result["test"]
    reference = stats.ttest_ind(a, b, equal_var=False)
    assert result["welch"]["p_value"] == pytest.approx(reference.pvalue, rel=1e-12)
    assert result["welch"]["df"] == pytest.approx(reference.df, rel=1e-12)
    rank = stats.mannwhitneyu(a, b, alternative="two-sided")
    assert result["mann_whitney"] == {"u": float(rank.statistic), "p_value": float(rank.pvalue)}
    assert result["bootstrap_95"] == bootstrap_mean_difference_interval(a, b, seed=0)
    assert result["mean_difference"] == pytest.approx(a.mean() - b.mean(), rel=1e-12)
    assert result["significant_at_5_percent"] == (reference.pvalue < 0.05)


def test_cost_comparison_of_constant_samples_has_no_welch_test_but_says_why():
    result = compare_samples([95.0, 95.0], [94.0, 94.0])
    assert result["welch"] is None and "constant" in result["note"]
    assert result["bootstrap_95"] == [1.0, 1.0]
    assert result["significant_at_5_percent"] is None


def test_welch_interval_is_the_t_formula():
    a, b = [1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 4.0, 6.0, 8.0, 10.0]
    result = welch_t_test(a, b)
    half = stats.t.ppf(0.975, result["df"]) * math.sqrt(2.5)
    assert result["interval_95"] == pytest.approx([-3.0 - half, -3.0 + half], rel=1e-12)


def test_ten_measured_quadratic_seeds_split_into_three_working_and_seven_stalled():
    # Best-epoch test accuracies of the quadratic-cost 784-100-10 network, book profile, seeds 0-9.
    seeds = [87.16, 66.86, 96.54, 68.83, 96.59, 77.88, 96.38, 85.46, 87.14, 68.8]
    described = split_lumps(seeds)
    # Walking down: 0.05 and 0.16 are below the 1-point floor; 96.38 -> 87.16 (9.22) is far
    # above max(1, 4 x 1.4826 x MAD(96.59, 96.54, 96.38) = 0.30).
    assert described["working"]["per_seed"] == [96.59, 96.54, 96.38]
    assert described["stalled_share"] == 0.7
    low, high = described["working"]["prediction_interval"]
    assert 0 <= low and high <= 100


# Best-epoch test accuracies of the quadratic 784-100-10 network at the book's settings, seeds
# 0-9, with the measured extremes: 7 stall (68.58 to 87.32), 3 train (96.32 to 96.72, mean 96.55);
# the middle stalled values are placed so that the mean over all ten is the measured 83.179.
QUADRATIC_100 = [87.32, 68.58, 96.61, 72.10, 96.72, 77.96, 96.32, 80.87, 79.88, 75.43]


def test_the_book_profiles_quadratic_100_seeds_split_into_three_that_train_and_seven_that_stall():
    assert sum(QUADRATIC_100) / 10 == pytest.approx(83.179, abs=1e-9)
    described = split_lumps(QUADRATIC_100)
    assert described["working_positions"] == [2, 4, 6]
    assert described["stalled_positions"] == [0, 1, 3, 5, 7, 8, 9]
    assert described["working"]["mean"] == pytest.approx(96.55, abs=1e-9)
    assert (min(described["stalled"]), max(described["stalled"])) == (68.58, 87.32)


def test_without_stalls_every_seed_trains():
    described = split_lumps([95.1, 95.3, 95.2, 95.45, 95.0])
    assert described["stalled_positions"] == []
    assert described["working_positions"] == [0, 1, 2, 3, 4]


def test_seeds_that_all_stall_at_one_level_read_as_one_lump():
    # The rule is relative to the highest lump: a configuration stalled throughout looks like one
    # that trains, as the docstring states.
    described = split_lumps([71.2, 71.0, 71.3, 70.9])
    assert described["one_lump"] and described["stalled_positions"] == []


def test_seeds_that_all_stall_at_scattered_levels_leave_one_seed_and_no_interval():
    described = split_lumps([70.0, 85.0, 75.0, 80.0])
    assert described["working_positions"] == [1]
    assert described["working"]["prediction_interval"] is None


def test_tied_seeds_split_by_position_in_input_order():
    values = [80.0, 96.5, 80.0, 96.5, 96.5, 80.0]
    described = split_lumps(values)
    assert described["working_positions"] == [1, 3, 4]
    assert described["stalled_positions"] == [0, 2, 5]
    assert described["gap"] == 16.5


def _enumerated_p_values(placements):
    """Every combination of ranks u_i in 0..n_i, equally likely: the tails of their sum counted
    one by one (the independent computation the exact test must match)."""
    counts = [
        sum(v < f for v in values) + 0.5 * sum(v == f for v in values) for f, values in placements
    ]
    observed = sum(counts)
    sums = [sum(ranks) for ranks in itertools.product(*(range(len(v) + 1) for _, v in placements))]
    upper = sum(s >= math.floor(observed) for s in sums) / len(sums)
    lower = sum(s <= math.ceil(observed) for s in sums) / len(sums)
    return upper, lower, min(1.0, 2 * min(upper, lower))


def test_rank_sum_test_equals_exhaustive_enumeration():
    rng = np.random.default_rng(11)
    placements = [
        (95.49, rng.normal(95.25, 0.16, 10).round(2)),
        (95.42, rng.normal(95.10, 0.28, 10).round(2)),
        (96.82, rng.normal(96.75, 0.13, 10).round(2)),
        (96.59, [96.32, 96.61, 96.72, 96.41, 96.50, 96.66, 96.38, 96.55]),
    ]
    result = rank_sum_combined_test(placements)
    upper, lower, two_sided = _enumerated_p_values(placements)
    # The convolution and the count are sums of the same rationals: equal to rounding.
    assert result["p_upper"] == pytest.approx(upper, rel=1e-12)
    assert result["p_lower"] == pytest.approx(lower, rel=1e-12)
    assert result["p_value"] == pytest.approx(two_sided, rel=1e-12)
    assert result["seeds"] == [10, 10, 10, 8] and result["null_mean"] == 19.0


def test_rank_sum_test_with_ties_equals_exhaustive_enumeration():
    placements = [(2.0, [1.0, 2.0, 3.0]), (5.0, [5.0, 5.0, 4.0, 1.0]), (9.0, [1.0, 2.0])]
    result = rank_sum_combined_test(placements)
    assert result["counts"] == [1.5, 3.0, 2.0] and result["statistic"] == 6.5
    upper, lower, two_sided = _enumerated_p_values(placements)
    assert (result["p_upper"], result["p_lower"]) == pytest.approx((upper, lower), rel=1e-12)
    assert result["p_value"] == pytest.approx(two_sided, rel=1e-12)


def test_four_figures_at_the_top_of_ten_seeds_each_are_unlikely_as_ordinary_draws():
    # Each figure above all 10 seeds: P(sum = 40) = (1/11)^4; two-sided doubles it.
    seeds = list(range(10))
    result = rank_sum_combined_test([(20.0, seeds)] * 4)
    assert result["p_upper"] == pytest.approx(11.0**-4, rel=1e-12)
    assert result["p_value"] == pytest.approx(2 * 11.0**-4, rel=1e-12)


def test_figures_at_the_median_are_ordinary_draws():
    seeds = [1.0, 2.0, 3.0, 4.0]
    result = rank_sum_combined_test([(2.5, seeds)] * 3)
    assert result["statistic"] == result["null_mean"] == 6.0
    assert result["p_value"] == 1.0


def test_rank_sum_test_rejects_no_figures_and_non_finite_figures():
    with pytest.raises(ValueError, match="at least one"):
        rank_sum_combined_test([])
    with pytest.raises(ValueError, match=r"placements\[0\] figure must be a finite number"):
        rank_sum_combined_test([(float("nan"), [1.0, 2.0])])


def test_cost_comparison_counts_each_sample_and_leaves_the_note_empty_when_welch_runs():
    result = compare_samples([95.0, 95.2, 95.1], [94.0, 94.5])
    assert (result["n_a"], result["n_b"]) == (3, 2)
    assert result["note"] == ""


def test_cost_comparison_passes_its_resample_count_to_the_bootstrap():
    a, b = [95.0, 95.2, 95.1, 94.9], [94.0, 94.5, 94.2]
    result = compare_samples(a, b, resamples=50, seed=4)
    # 50 resamples of these seven values give another interval than the default 10,000
    assert result["bootstrap_95"] == bootstrap_mean_difference_interval(a, b, resamples=50, seed=4)
    assert result["bootstrap_95"] != bootstrap_mean_difference_interval(a, b, seed=4)


@pytest.mark.parametrize(
    ("a", "b", "name"), [([95.0], [94.0, 94.5], "sample_a"), ([95.0, 95.5], [94.0], "sample_b")]
)
def test_cost_comparison_needs_two_seeds_a_side_and_names_the_short_one(a, b, name):
    with pytest.raises(ValueError, match=f"{name} must be a 1-D sequence of at least 2 numbers"):
        compare_samples(a, b)


@pytest.mark.parametrize("df", [0.0, -1.0])
def test_t_tail_rejects_degrees_of_freedom_that_are_not_positive(df):
    with pytest.raises(ValueError, match="degrees of freedom must be positive"):
        student_t_two_sided_p(1.0, df)
