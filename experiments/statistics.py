"""Statistics of a handful of seeded runs, with NumPy and the standard library only.

- :func:`summarize`: mean, sample standard deviation (n - 1 in the denominator), min, max.
- :func:`welch_t_test`: Welch's unequal-variance t-test of two means,
  t = (mean_a - mean_b) / sqrt(s_a^2/n_a + s_b^2/n_b), with the Welch-Satterthwaite degrees of
  freedom df = (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)),
  and a two-sided p-value from Student's t distribution.
- :func:`prediction_interval`: where one more run would fall with the given probability,
  mean +- t_{(1+c)/2, n-1} s sqrt(1 + 1/n) (normal runs assumed): the yardstick for a single
  published run against our seeds.
- :func:`bootstrap_mean_difference_interval`: percentile bootstrap interval of mean_a - mean_b
  from a seeded generator.

Student's t CDF uses the regularized incomplete beta function,
P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2), evaluated by its continued fraction (modified Lentz).
"""

from __future__ import annotations

import functools
import math
from typing import Sequence

import numpy as np

_TINY = 1e-300
_EPSILON = 1e-15
_MAX_TERMS = 10_000


def _as_sample(values, name: str, minimum: int = 1) -> np.ndarray:
    sample = np.asarray(values, dtype=float)
    if sample.ndim != 1 or sample.size < minimum:
        raise ValueError(
            f"{name} must be a 1-D sequence of at least {minimum} numbers; got shape {sample.shape}"
        )
    if not np.all(np.isfinite(sample)):
        raise ValueError(f"{name} must hold finite numbers; got {sample.tolist()}")
    return sample


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


def regularized_incomplete_beta(x: float, a: float, b: float, complement: float | None = None) -> float:
    """I_x(a, b) = B(x; a, b) / B(a, b) for 0 <= x <= 1, a, b > 0.

    ``complement`` may give 1 - x computed without cancellation (when x is close to 1).
    """
    if not (0.0 <= x <= 1.0) or a <= 0 or b <= 0:
        raise ValueError(f"need 0 <= x <= 1 and a, b > 0; got x={x}, a={a}, b={b}")
    y = 1.0 - x if complement is None else complement
    if x == 0.0 or y == 0.0:
        return 0.0 if x == 0.0 else 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log(y))
    # The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(x, a, b) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(y, b, a) / b


def _beta_continued_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of I_x(a, b) by the modified Lentz method."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_TERMS):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= c * d
        if abs(c * d - 1.0) < _EPSILON:
            return result
    raise ArithmeticError(f"incomplete beta continued fraction did not converge (x={x}, a={a}, b={b})")


def student_t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom (df > 0, any real df)."""
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, got {df}")
    t, df = float(t), float(df)
    if math.isinf(t):
        return 0.0
    return regularized_incomplete_beta(df / (df + t * t), df / 2.0, 0.5,
                                       complement=t * t / (df + t * t))


@functools.lru_cache(maxsize=256)
def student_t_quantile(probability: float, df: float) -> float:
    """The t with P(T <= t) = probability (bisection on the CDF to 1e-12)."""
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be in (0, 1), got {probability}")
    if probability == 0.5:
        return 0.0
    upper_tail = min(probability, 1.0 - probability)
    low, high = 0.0, 1.0
    while student_t_two_sided_p(high, df) / 2.0 > upper_tail:
        high *= 2.0
    while high - low > 1e-12 * max(1.0, high):
        middle = 0.5 * (low + high)
        if student_t_two_sided_p(middle, df) / 2.0 > upper_tail:
            low = middle
        else:
            high = middle
    quantile = 0.5 * (low + high)
    return quantile if probability > 0.5 else -quantile


def welch_t_test(sample_a: Sequence[float], sample_b: Sequence[float]) -> dict:
    """Welch's t-test of mean(a) = mean(b): {"mean_difference", "t", "df", "p_value",
    "interval_95"} (the interval is the 95 % Welch confidence interval of the difference)."""
    a = _as_sample(sample_a, "sample_a", minimum=2)
    b = _as_sample(sample_b, "sample_b", minimum=2)
    var_a, var_b = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    difference = float(a.mean() - b.mean())
    standard_error = math.sqrt(var_a + var_b)
    if standard_error == 0.0:
        raise ValueError("both samples are constant: the t statistic is undefined")
    df = (var_a + var_b) ** 2 / (var_a ** 2 / (a.size - 1) + var_b ** 2 / (b.size - 1))
    t = difference / standard_error
    half_width = student_t_quantile(0.975, df) * standard_error
    return {
        "mean_difference": difference,
        "t": float(t),
        "df": float(df),
        "p_value": student_t_two_sided_p(t, df),
        "interval_95": [difference - half_width, difference + half_width],
    }


def prediction_interval(values: Sequence[float], confidence: float = 0.95) -> list[float]:
    """[low, high] holding one further run with probability ``confidence`` (normal runs)."""
    sample = _as_sample(values, "values", minimum=2)
    spread = student_t_quantile((1.0 + confidence) / 2.0, sample.size - 1) * sample.std(ddof=1)
    half_width = spread * math.sqrt(1.0 + 1.0 / sample.size)
    return [float(sample.mean() - half_width), float(sample.mean() + half_width)]


def bootstrap_mean_difference_interval(
    sample_a: Sequence[float], sample_b: Sequence[float], confidence: float = 0.95,
    resamples: int = 10_000, seed: int = 0,
) -> list[float]:
    """Percentile bootstrap interval of mean(a) - mean(b): each sample resampled with replacement."""
    a = _as_sample(sample_a, "sample_a")
    b = _as_sample(sample_b, "sample_b")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    rng = np.random.default_rng(seed)
    means_a = rng.choice(a, size=(resamples, a.size), replace=True).mean(axis=1)
    means_b = rng.choice(b, size=(resamples, b.size), replace=True).mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means_a - means_b, [tail, 1.0 - tail])
    return [float(low), float(high)]
