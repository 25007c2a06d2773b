"""Reference values at 60 significant digits (mpmath) for the claim suite's high-precision witness.

Every function takes float64 inputs, converts them exactly (an mpf holds a double exactly) and
computes the mathematical value with mpmath's unbounded exponent range, so e^{-800} or e^{1e300}
are represented, not flushed. 1 - a is never formed by subtraction: it is sigma(-z) or the sum of
the other softmax terms, so no digit is lost before the result is rounded to float64.

``ulps(computed, exact)`` measures an engine value in units in the last place of the exact value
rounded to float64 (the spacing of the subnormals below 2^-1022).
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

from claims.strategies import SPECIAL_MAGNITUDES

DIGITS = 60

EXTREME_Z = sorted(
    {s * sign for s in SPECIAL_MAGNITUDES for sign in (1.0, -1.0)}
    | {36.5, -36.5, 30.0, -30.0, 500.0, -500.0, -709.9, -740.0, 740.0}
)
"""Weighted inputs from 0 and the subnormals through saturation (36.7), overflow of e^{-z}
(709.8) and underflow of e^{z} (745) up to the largest float."""

SOFTMAX_VECTORS = [
    [0.0, -40.0],
    [36.0, 0.0],
    [0.0, 0.0],
    [3.0, 3.0, 1.0],
    [1000.0, 0.0, -1000.0],
    [0.0, -700.0, -740.0],
    [-745.0, 0.0],
    [50.0, 0.0, 0.0, 0.0],
    [1.0, 2.0, 3.0, 4.0, 5.0],
]
"""Integer softmax inputs (z_j - max z exact): a dominating winner, ties, terms near and past
the underflow of e^{z}."""


def mpf(x) -> mp.mpf:
    return mp.mpf(float(x))


def sigmoid(z):
    with mp.workdps(DIGITS):
        return 1 / (1 + mp.exp(-mpf(z)))


def log_sigmoid(z):
    with mp.workdps(DIGITS):
        return -mp.log1p(mp.exp(-mpf(z)))


def sigmoid_prime(z):
    with mp.workdps(DIGITS):
        return sigmoid(z) * sigmoid(-z)


def softmax(z):
    with mp.workdps(DIGITS):
        terms = [mp.exp(mpf(v)) for v in z]
        total = mp.fsum(terms)
        return [t / total for t in terms]


def softmax_complement(z):
    """1 - a_j as the sum of the other terms over the total."""
    with mp.workdps(DIGITS):
        terms = [mp.exp(mpf(v)) for v in z]
        total = mp.fsum(terms)
        return [mp.fsum(terms[:j] + terms[j + 1 :]) / total for j in range(len(terms))]


def log_sum_exp(values):
    """ln sum_k e^{v_k} as max + log1p(sum of the others' e^{v_k - max}): no 1 + tiny rounding
    to 1 even at 60 digits (e^{-700} is far below 10^-60)."""
    values = list(values)
    if not values:
        return mp.mpf("-inf")
    top = max(range(len(values)), key=lambda k: values[k])
    rest = mp.fsum(mp.exp(v - values[top]) for k, v in enumerate(values) if k != top)
    return values[top] + mp.log1p(rest)


def log_softmax(z):
    with mp.workdps(DIGITS):
        values = [mpf(v) for v in z]
        log_total = log_sum_exp(values)
        return [v - log_total for v in values]


def log_softmax_complement(z):
    with mp.workdps(DIGITS):
        values = [mpf(v) for v in z]
        log_total = log_sum_exp(values)
        return [log_sum_exp(values[:j] + values[j + 1 :]) - log_total for j in range(len(values))]


def weighted_log(weight, log_value):
    """weight * ln(value) with 0 * (-inf) = 0."""
    return mp.mpf(0) if weight == 0 else weight * log_value


def cross_entropy_from_a(a, y):
    """-sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] for float a, y (1 - a_j exact in mpmath)."""
    with mp.workdps(DIGITS):
        total = mp.mpf(0)
        for aj, yj in zip(a, y):
            aj, yj = mpf(aj), mpf(yj)
            total -= weighted_log(yj, mp.log(aj) if aj > 0 else mp.mpf("-inf"))
            total -= weighted_log(1 - yj, mp.log1p(-aj) if aj < 1 else mp.mpf("-inf"))
        return total


def cross_entropy_from_logs(log_a, log_complement, y):
    with mp.workdps(DIGITS):
        return -mp.fsum(
            weighted_log(mpf(yj), la) + weighted_log(1 - mpf(yj), lc)
            for la, lc, yj in zip(log_a, log_complement, y)
        )


def log_likelihood_from_logs(log_a, y):
    with mp.workdps(DIGITS):
        return -mp.fsum(weighted_log(mpf(yj), la) for la, yj in zip(log_a, y))


def output_error(output: str, cost: str, z, y):
    """delta^L = J_a(z)^T grad_a C exactly, with 1 - a from the symmetric forms; plus, per entry,
    the exact dC/da (to tell where it exceeds the float64 range)."""
    with mp.workdps(DIGITS):
        y = [mpf(v) for v in y]
        if output == "sigmoid":
            a = [sigmoid(v) for v in z]
            c = [sigmoid(-v) for v in z]
        elif output == "softmax":
            a, c = softmax(z), softmax_complement(z)
        else:
            a, c = [mpf(v) for v in z], None
        if cost == "quadratic":
            grad = [aj - yj for aj, yj in zip(a, y)]
        elif cost == "cross_entropy":
            grad = [
                (-yj / aj if yj else 0) + ((1 - yj) / cj if 1 - yj else 0)
                for aj, cj, yj in zip(a, c, y)
            ]
        else:
            grad = [-yj / aj if yj else mp.mpf(0) for aj, yj in zip(a, y)]
        if output == "sigmoid":
            delta = [g * aj * cj for g, aj, cj in zip(grad, a, c)]
        elif output == "softmax":
            inner = mp.fsum(aj * g for aj, g in zip(a, grad))
            delta = [aj * (g - inner) for aj, g in zip(a, grad)]
        else:
            delta = list(grad)
        return delta, grad


def to_float(value) -> float:
    return float(value)


def spacing_of(exact) -> float:
    """One ulp of the exact value rounded to float64 (5e-324 for values in the subnormal range)."""
    magnitude = abs(float(exact))
    if magnitude == np.finfo(np.float64).max:  # np.spacing would step to inf
        return 2.0**971
    return float(np.spacing(magnitude))


def ulps(computed, exact) -> float:
    """|computed - exact| in ulps of the exact value."""
    with mp.workdps(DIGITS):
        if mp.isinf(exact):
            return 0.0 if float(computed) == float(exact) else float("inf")
        return float(abs(mpf(computed) - exact)) / spacing_of(exact)


def assert_within_ulps(computed, exact, allowed, what):
    measured = ulps(computed, exact)
    assert measured <= allowed, (
        f"{what}: engine {float(computed)!r}, exact {to_float(exact)!r} "
        f"({measured:.3g} ulps, allowed {allowed})"
    )
