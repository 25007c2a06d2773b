"""Statistics of seeded runs: summaries, one printed figure among our seeds, lumps and tests.

Distributions and tests are SciPy's (``scipy.stats``); what is computed here is stated with its
formula in each function's docstring. Notation: x_1..x_n the per-seed values, mean x̄,
s the sample standard deviation (n - 1 in the denominator), t_{p, df} the p-quantile of Student's
t with df degrees of freedom.

- :func:`summarize`: mean, s, min, max, the values.
- :func:`student_t_two_sided_p`, :func:`student_t_quantile`: Student's t tail and quantile.
- :func:`prediction_interval`: where one further run falls, x̄ ± t_{(1+c)/2, n-1} s sqrt(1 + 1/n),
  optionally clipped to the values' possible range (0-100 for percentages).
- :func:`place_figure`: one printed figure (one run) placed among our seeds: its mid-rank
  percentile and the prediction interval above.
- :func:`split_lumps`: whether the seeds form one lump or a working lump with stalled seeds below
  it (a stated gap rule), with the share that stalls and the spread of the rest.
- :func:`welch_t_test`, :func:`bootstrap_mean_difference_interval`,
  :func:`compare_samples`: the test over seeds by which two costs are compared.
- :func:`rank_sum_combined_test`: whether several printed figures, as a set, sit where single
  draws from our seeds would (the exact distribution of the sum of their ranks).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

PERCENT_BOUNDS = (0.0, 100.0)
# MAD -> standard deviation for normal data: 1 / Phi^{-1}(3/4).
MAD_TO_SD = 1.482602218505602


def _as_sample(values, name: str, minimum: int = 1) -> np.ndarray:
    sample = np.asarray(values, dtype=float)
    if sample.ndim != 1 or sample.size < minimum:
        raise ValueError(
            f"{name} must be a 1-D sequence of at least {minimum} numbers; got shape {sample.shape}"
        )
    if not np.all(np.isfinite(sample)):
        raise ValueError(f"{name} must hold finite numbers; got {sample.tolist()}")
    return sample


def _check_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    return float(confidence)


def _check_bounds(bounds) -> tuple[float, float] | None:
    if bounds is None:
        return None
    low, high = (float(b) for b in bounds)
    if not low < high:
        raise ValueError(f"bounds must be (low, high) with low < high, got {bounds!r}")
    return low, high


def summarize(values: Sequence[float]) -> dict:
    """{"mean", "std" (n - 1; None for one value), "min", "max", "per_seed"} of the values."""
    sample = _as_sample(values, "values")
    return {
        "mean": float(sample.mean()),
        "std": float(sample.std(ddof=1)) if sample.size > 1 else None,
        "min": float(sample.min()),
        "max": float(sample.max()),
        "per_seed": [float(v) for v in sample],
    }


def student_t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` > 0 degrees of freedom, by SciPy's regularized
    incomplete beta function:

        P = I_{df/(df+t²)}(df/2, 1/2) = 1 - I_{t²/(df+t²)}(1/2, df/2),

    evaluated as ``betainc`` on the first form when t² >= df and ``betaincc`` on the second when
    t² < df, so that the argument passed is never 1 minus something small (``scipy.stats.t.sf``
    loses about 3e-11 at t = 1e-6, df = 1; this keeps it near 1e-15).
    """
    from scipy import special

    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, got {df}")
    t, df = float(t), float(df)
    if math.isnan(t):
        raise ValueError("t must be a number, got nan")
    t_squared = t * t
    if t_squared < df:
        return float(special.betaincc(0.5, df / 2.0, t_squared / (df + t_squared)))
    return float(special.betainc(df / 2.0, 0.5, df / (df + t_squared)))


def student_t_quantile(probability: float, df: float) -> float:
    """The t with P(T <= t) = probability, Student's t with ``df`` > 0 degrees of freedom
    (``scipy.stats.t.ppf``)."""
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be in (0, 1), got {probability}")
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, got {df}")
    return float(stats.t.ppf(probability, float(df)))


def prediction_interval(
    values: Sequence[float], confidence: float = 0.95, bounds: tuple[float, float] | None = None
) -> list[float]:
    """[low, high] holding one further run with probability ``confidence`` if runs are normal:

        x̄ ± t_{(1+c)/2, n-1} · s · sqrt(1 + 1/n)

    (the new run minus x̄ has variance σ²(1 + 1/n); studentised by s it is t with n - 1 degrees
    of freedom). ``bounds`` (e.g. :data:`PERCENT_BOUNDS`) clips the interval to the values'
    possible range, so an accuracy's interval never leaves 0-100 %.
    """
    sample = _as_sample(values, "values", minimum=2)
    confidence = _check_confidence(confidence)
    bounds = _check_bounds(bounds)
    spread = student_t_quantile((1.0 + confidence) / 2.0, sample.size - 1) * sample.std(ddof=1)
    half_width = spread * math.sqrt(1.0 + 1.0 / sample.size)
    low, high = float(sample.mean() - half_width), float(sample.mean() + half_width)
    if bounds is not None:
        low, high = min(max(low, bounds[0]), bounds[1]), min(max(high, bounds[0]), bounds[1])
    return [low, high]


def mid_rank_percentile(figure: float, values: Sequence[float]) -> float:
    """The empirical percentile of ``figure`` among the values, ties counted half:

        100 · (#{x_i < f} + #{x_i = f} / 2) / n

    (``scipy.stats.percentileofscore(..., kind="mean")``): 0 below every seed, 100 above every
    seed, 50 at the median of distinct values.
    """
    sample = _as_sample(values, "values")
    figure = float(figure)
    if not math.isfinite(figure):
        raise ValueError(f"figure must be a finite number, got {figure}")
    below = int(np.count_nonzero(sample < figure))
    equal = int(np.count_nonzero(sample == figure))
    return 100.0 * (below + 0.5 * equal) / sample.size


def place_figure(
    figure: float,
    values: Sequence[float],
    confidence: float = 0.95,
    bounds: tuple[float, float] | None = PERCENT_BOUNDS,
) -> dict:
    """Where one printed figure (a single run) falls among our seeds' values.

    {"figure", "n", "below", "equal", "above" (counts of seeds), "percentile" (mid-rank,
    :func:`mid_rank_percentile`), "prediction_interval" (one new seed, :func:`prediction_interval`
    clipped to ``bounds``; None with fewer than two seeds), "inside_prediction_interval",
    "confidence"}. The figure is judged as one more draw from the seed distribution: inside the
    interval means it is what one more seed of ours would plausibly give.
    """
    sample = _as_sample(values, "values")
    confidence = _check_confidence(confidence)
    percentile = mid_rank_percentile(figure, sample)
    interval = prediction_interval(sample, confidence, bounds) if sample.size >= 2 else None
    figure = float(figure)
    return {
        "figure": figure,
        "n": int(sample.size),
        "below": int(np.count_nonzero(sample < figure)),
        "equal": int(np.count_nonzero(sample == figure)),
        "above": int(np.count_nonzero(sample > figure)),
        "percentile": percentile,
        "prediction_interval": interval,
        "inside_prediction_interval": None
        if interval is None
        else interval[0] <= figure <= interval[1],
        "confidence": confidence,
    }


def robust_sd(values: Sequence[float]) -> float:
    """1.4826 · median(|x_i - median(x)|): the median absolute deviation scaled to estimate σ
    for normal data (``scipy.stats.median_abs_deviation(scale="normal")``)."""
    sample = _as_sample(values, "values")
    return float(MAD_TO_SD * np.median(np.abs(sample - np.median(sample))))


def split_lumps(
    values: Sequence[float],
    min_gap: float = 1.0,
    gap_sds: float = 4.0,
    bounds: tuple[float, float] | None = PERCENT_BOUNDS,
    confidence: float = 0.95,
) -> dict:
    """One lump, or a working lump at the top with stalled seeds below it.

    Rule (stated so that a reader can apply it by hand): sort the values from the highest,
    y_1 >= y_2 >= ... >= y_n. Walking down, the first gap g_k = y_k - y_{k+1} (k >= 1) with

        g_k > max(min_gap, gap_sds · σ̂_k),    σ̂_k = 1.4826 · MAD(y_1..y_k)  (:func:`robust_sd`)

    splits the seeds: y_1..y_k are the working lump, y_{k+1}..y_n stalled. No such gap: one lump.
    The gap is measured against the spread of the lump above it only, because stalled seeds stop
    at scattered levels and form no lump of their own. ``min_gap`` is in the values' units (for
    accuracies in percent: 1 point, some ten times the seed spread of a working configuration at
    the book's settings); it keeps a lump of one or two seeds, whose MAD is near 0, from being cut
    off by ordinary noise.

    The rule is relative: the highest lump always trains. A configuration whose every seed
    stalls at one level reads as one lump, and one whose seeds all stall at scattered levels
    leaves a working "lump" of one seed, too few for an interval; neither can be told from
    a configuration that trains by its accuracies alone.

    Returns {"rule", "one_lump", "n", "stalled" (values below the split, highest first),
    "stalled_positions", "working_positions" (indices into ``values``, ascending; tied values
    keep their input order), "stalled_share" (their number / n), "gap" (None for one lump),
    "working" (a
    :func:`summarize` of the lump, with "robust_sd" and "prediction_interval" of one new working
    seed clipped to ``bounds``, None with fewer than two), "text"}.
    """
    sample = _as_sample(values, "values")
    if not (min_gap > 0 and gap_sds > 0):
        raise ValueError(f"min_gap and gap_sds must be positive, got {min_gap} and {gap_sds}")
    # Stable order from the highest: tied seeds keep their input order.
    order = np.argsort(-sample, kind="stable")
    descending = sample[order]
    cut = descending.size
    gap = None
    for k in range(1, descending.size):
        candidate = float(descending[k - 1] - descending[k])
        if candidate > max(min_gap, gap_sds * robust_sd(descending[:k])):
            cut, gap = k, candidate
            break
    working, stalled = descending[:cut], descending[cut:]
    lump = summarize(working)
    lump["robust_sd"] = robust_sd(working)
    lump["prediction_interval"] = (
        prediction_interval(working, confidence, bounds) if working.size >= 2 else None
    )
    share = stalled.size / sample.size
    if stalled.size:
        text = (
            f"{stalled.size} of {sample.size} seeds stall ({stalled.min():.2f} to "
            f"{stalled.max():.2f}), at least {gap:.2f} below the other {working.size} "
            f"({working.min():.2f} to {working.max():.2f}, mean {working.mean():.2f})"
        )
    else:
        text = (
            f"one lump: {sample.size} seeds from {working.min():.2f} to {working.max():.2f}, "
            f"mean {working.mean():.2f}"
        )
    return {
        "rule": (
            f"stalled: below the first gap, walking down from the highest seed, wider than "
            f"max({min_gap:g}, {gap_sds:g} x 1.4826 MAD of the seeds above it)"
        ),
        "one_lump": stalled.size == 0,
        "n": int(sample.size),
        "stalled": [float(v) for v in stalled],
        "stalled_positions": sorted(int(i) for i in order[cut:]),
        "working_positions": sorted(int(i) for i in order[:cut]),
        "stalled_share": share,
        "gap": gap,
        "working": lump,
        "text": text,
    }


def welch_t_test(
    sample_a: Sequence[float], sample_b: Sequence[float], confidence: float = 0.95
) -> dict:
    """Welch's t-test of mean(a) = mean(b) (``scipy.stats.ttest_ind(equal_var=False)``):

        t = (x̄_a - x̄_b) / sqrt(s_a²/n_a + s_b²/n_b),
        df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a - 1) + (s_b²/n_b)²/(n_b - 1)),

    two-sided p = P(|T_df| >= |t|), and the ``confidence`` interval of the difference
    (x̄_a - x̄_b) ± t_{(1+c)/2, df} · sqrt(s_a²/n_a + s_b²/n_b). Returns {"mean_difference", "t",
    "df", "p_value", "interval_95"} (the key keeps its name whatever ``confidence`` is).
    """
    a = _as_sample(sample_a, "sample_a", minimum=2)
    b = _as_sample(sample_b, "sample_b", minimum=2)
    confidence = _check_confidence(confidence)
    if a.var(ddof=1) == 0.0 and b.var(ddof=1) == 0.0:
        raise ValueError("both samples are constant: the t statistic is undefined")
    result = stats.ttest_ind(a, b, equal_var=False)
    interval = result.confidence_interval(confidence)
    return {
        "mean_difference": float(a.mean() - b.mean()),
        "t": float(result.statistic),
        "df": float(result.df),
        "p_value": float(result.pvalue),
        "interval_95": [float(interval.low), float(interval.high)],
    }


def bootstrap_mean_difference_interval(
    sample_a: Sequence[float],
    sample_b: Sequence[float],
    confidence: float = 0.95,
    resamples: int = 10_000,
    seed: int = 0,
) -> list[float]:
    """Percentile bootstrap interval of x̄_a - x̄_b: each sample resampled with replacement on its
    own (``numpy.random.default_rng(seed)``), the interval the (1-c)/2 and (1+c)/2 quantiles of
    the ``resamples`` differences of means."""
    a = _as_sample(sample_a, "sample_a")
    b = _as_sample(sample_b, "sample_b")
    confidence = _check_confidence(confidence)
    rng = np.random.default_rng(seed)
    means_a = rng.choice(a, size=(resamples, a.size), replace=True).mean(axis=1)
    means_b = rng.choice(b, size=(resamples, b.size), replace=True).mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means_a - means_b, [tail, 1.0 - tail])
    return [float(low), float(high)]


COMPARISON_TEST = (
    "difference of the mean over seeds: two-sided Welch t-test (unequal variances, seeds not "
    "paired) with its 95 % interval, and a 95 % percentile bootstrap interval of the same "
    "difference (10,000 resamples, seed 0) that does not lean on normality; Mann-Whitney U "
    "(two-sided) reported beside them as the rank-based check when seeds stall"
)


def compare_samples(
    sample_a: Sequence[float], sample_b: Sequence[float], resamples: int = 10_000, seed: int = 0
) -> dict:
    """The stated test over seeds for two costs (or any two configurations), a minus b.

    Chosen: Welch's t-test (:func:`welch_t_test`) -- the question is about the mean accuracy a
    cost gives, the seeds of the two configurations are independent and their spreads differ --
    with a seeded percentile bootstrap interval of the mean difference
    (:func:`bootstrap_mean_difference_interval`), which holds without normality when a few
    seeds stall. The Mann-Whitney U test (``scipy.stats.mannwhitneyu``, two-sided; U counts the
    pairs (x_a, x_b) with x_a > x_b, ties a half) is reported as well: it compares whole
    distributions by ranks and is not pulled by a stalled seed's distance.

    Returns {"test" (:data:`COMPARISON_TEST`), "n_a", "n_b", "mean_difference", "welch" (None
    when both samples are constant), "bootstrap_95", "mann_whitney": {"u", "p_value"},
    "significant_at_5_percent" (Welch p < 0.05; None without a Welch test), "note"}.
    """
    a = _as_sample(sample_a, "sample_a", minimum=2)
    b = _as_sample(sample_b, "sample_b", minimum=2)
    note = ""
    try:
        welch = welch_t_test(a, b)
    except ValueError as error:
        welch, note = None, str(error)
    rank = stats.mannwhitneyu(a, b, alternative="two-sided")
    return {
        "test": COMPARISON_TEST,
        "n_a": int(a.size),
        "n_b": int(b.size),
        "mean_difference": float(a.mean() - b.mean()),
        "welch": welch,
        "bootstrap_95": bootstrap_mean_difference_interval(a, b, resamples=resamples, seed=seed),
        "mann_whitney": {"u": float(rank.statistic), "p_value": float(rank.pvalue)},
        "significant_at_5_percent": None if welch is None else welch["p_value"] < 0.05,
        "note": note,
    }


RANK_SUM_TEST = (
    "exact rank-sum test: each printed figure's count of our seeds below it (ties a half) is, "
    "if the printed run is one more draw from its configuration's seeds, uniform on 0..n; the "
    "counts of the figures are independent, and the p-value is the exact tail of their sum "
    "(two-sided: twice the smaller tail, at most 1)"
)


def _uniform_sum_pmf(sizes: Sequence[int]) -> np.ndarray:
    """P(S = s), s = 0..sum(n_i), of S = sum of independent U_i uniform on {0, ..., n_i}."""
    pmf = np.ones(1)
    for n in sizes:
        pmf = np.convolve(pmf, np.full(n + 1, 1.0 / (n + 1)))
    return pmf


def rank_sum_combined_test(placements: Sequence[tuple[float, Sequence[float]]]) -> dict:
    """Whether printed figures, as a set, sit where single draws from our seeds would.

    For figure f_i placed among n_i seeds x_i1..x_in_i, its count u_i = #{x < f_i} +
    #{x = f_i}/2 (the mid-rank percentile is 100 u_i / n_i). Null hypothesis: each f_i is one
    more run of its configuration, exchangeable with the seeds, so u_i is uniform on
    {0, ..., n_i} (continuous values; a tie counts a half), independently across
    configurations. Statistic: S = sum u_i, with mean sum n_i / 2 under the null. Its exact
    distribution is the convolution of the discrete uniforms; with observed s,

        p_upper = P(S >= floor(s)),  p_lower = P(S <= ceil(s)),
        p = min(1, 2 min(p_upper, p_lower))

    (floor and ceil matter only for a half-integer s from ties; each tail then takes in the
    nearer integer, which keeps the test conservative).

    Returns {"test", "n_figures", "counts" (u_i), "seeds" (n_i), "percentiles", "statistic",
    "null_mean", "p_upper", "p_lower", "p_value"}.
    """
    if not placements:
        raise ValueError("placements must hold at least one (figure, seed values) pair")
    counts, sizes = [], []
    for index, (figure, values) in enumerate(placements):
        sample = _as_sample(values, f"placements[{index}] seed values")
        figure = float(figure)
        if not math.isfinite(figure):
            raise ValueError(f"placements[{index}] figure must be a finite number, got {figure}")
        below = int(np.count_nonzero(sample < figure))
        equal = int(np.count_nonzero(sample == figure))
        counts.append(below + 0.5 * equal)
        sizes.append(int(sample.size))
    pmf = _uniform_sum_pmf(sizes)
    statistic = float(sum(counts))
    upper = float(pmf[math.floor(statistic) :].sum())
    lower = float(pmf[: math.ceil(statistic) + 1].sum())
    return {
        "test": RANK_SUM_TEST,
        "n_figures": len(counts),
        "counts": counts,
        "seeds": sizes,
        "percentiles": [100.0 * u / n for u, n in zip(counts, sizes)],
        "statistic": statistic,
        "null_mean": sum(sizes) / 2.0,
        "p_upper": min(1.0, upper),
        "p_lower": min(1.0, lower),
        "p_value": min(1.0, 2.0 * min(upper, lower)),
    }
