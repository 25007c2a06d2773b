"""Witnesses of the claims about the sigmoid and softmax activations, for any engine.

Exact values are mpmath's at 60 digits (:mod:`claims.high_precision`); the bounds in ulps are
those the claim suite holds our own engine to (claims/test_sigmoid_quadratic.py and
claims/test_softmax.py): 3 ulps for sigma, 6 for sigma', 4 for softmax and log-softmax, the
latter two plus the spread max z - min z in ulps for inputs that are not integers: z_k - max z
is then rounded (half an ulp of a number up to the spread) before e^{...} turns that absolute
error into a relative one of the same size.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

from claims import high_precision as hp
from claims.conformance.inputs import rng, softmax_inputs, weighted_inputs
from claims.conformance.judging import Case, close, holds, judge, text, vector
from claims.conformance.model import witness

SIGMA_ULPS, SIGMA_PRIME_ULPS, SOFTMAX_ULPS = 3, 6, 4


def _softmax_bound(z) -> float:
    """4 ulps, plus the spread of z in ulps for inputs that are not all integers."""
    spread = float(np.max(z) - np.min(z))
    return SOFTMAX_ULPS + (0.0 if np.all(z == np.round(z)) else spread)


def _moved(function, z, index: int, step: float):
    """The activation of z and of z with entry ``index`` raised by ``step``."""
    moved = z.copy()
    moved[index] += step
    return vector(function(z), len(z)), vector(function(moved), len(z))


def _scalar(function, z: float) -> float:
    return float(vector(function(np.array([z])), 1)[0])


@witness("sigmoid-derivative", "sigmoid")
def sigmoid_is_the_logistic_function(engine):
    """sigma(z) = 1 / (1 + e^{-z}) to within 3 ulps over every weighted input."""
    cases = [
        Case(f"z = {z!r}", lambda z=z: close(_scalar(engine.sigmoid, z), hp.sigmoid(z), SIGMA_ULPS))
        for z in weighted_inputs()
    ]
    return judge(cases, "sigma(z)")


@witness("sigmoid-derivative", "sigmoid_prime")
def sigmoid_prime_is_sigma_times_complement(engine):
    """sigma'(z) = sigma(z)(1 - sigma(z)) to within 6 ulps of the exact derivative."""
    cases = [
        Case(
            f"z = {z!r}",
            lambda z=z: close(
                _scalar(engine.sigmoid_prime, z), hp.sigmoid_prime(z), SIGMA_PRIME_ULPS
            ),
        )
        for z in weighted_inputs()
    ]
    return judge(cases, "sigma'(z)")


@witness("sigmoid-prime-vanishes-when-saturated", "sigmoid_prime")
def sigmoid_prime_peaks_at_zero_and_vanishes(engine):
    """sigma'(0) = 1/4 is the largest value; sigma' does not grow as |z| grows, and it is
    below 1e-300 at |z| = 700 (the exact value is 1e-304)."""
    grid = [k / 4 for k in range(0, 201)] + [100.0, 300.0, 700.0]

    def peak():
        value = _scalar(engine.sigmoid_prime, 0.0)
        return holds(value == 0.25, text(value), "0.25")

    def not_growing(sign):
        values = [_scalar(engine.sigmoid_prime, sign * z) for z in grid]
        rises = [i for i in range(1, len(values)) if values[i] > values[i - 1]]
        if rises:
            i = rises[0]
            return holds(
                False,
                f"sigma'({sign * grid[i]!r}) = {values[i]!r} > sigma'({sign * grid[i - 1]!r}) "
                f"= {values[i - 1]!r}",
                "non-increasing in |z|",
            )
        tail = values[-1]
        return holds(tail < 1e-300 and max(values) <= 0.25, text(tail), "< 1e-300 at |z| = 700")

    cases = [
        Case("z = 0.0", peak),
        Case("z = 0, 0.25, ..., 50, 100, 300, 700", lambda: not_growing(1.0)),
        Case("z = 0, -0.25, ..., -50, -100, -300, -700", lambda: not_growing(-1.0)),
    ]
    return judge(cases, "sigma'(z) as |z| grows")


@witness("001-output-in-set-zero-one", "sigmoid")
def sigmoid_output_between_zero_and_one(engine):
    """0 <= sigma(z) <= 1 for every z, and 0 < sigma(z) < 1 for -700 <= z <= 36, where the exact
    value is more than the 3 ulps allowed to sigma away from 0 and 1."""

    def inside(z):
        value = _scalar(engine.sigmoid, z)
        strict = -700.0 <= z <= 36.0  # the exact value at least 3 ulps inside (0, 1)
        ok = (0.0 < value < 1.0) if strict else (0.0 <= value <= 1.0)
        return holds(ok, text(value), "in (0, 1)" if strict else "in [0, 1]")

    return judge([Case(f"z = {z!r}", lambda z=z: inside(z)) for z in weighted_inputs()], "sigma")


@witness("sigmoid-layer-local", "sigmoid")
def sigmoid_acts_entry_by_entry(engine):
    """In a layer a_j = sigma(z_j): changing z_k (k != j) leaves a_j exactly as it was."""
    draws = rng(5).normal(0.0, 4.0, (10, 4))

    def local(z):
        before, after = _moved(engine.sigmoid, z, 0, 3.0)
        same = np.array_equal(before[1:], after[1:])
        return holds(same, f"{text(before[1:])} then {text(after[1:])}", "a_2..a_4 unchanged")

    return judge([Case(f"z = {text(z)}", lambda z=z: local(z)) for z in draws], "sigma layer")


@witness("sigmoid-outputs-not-distribution", "sigmoid")
def sigmoid_outputs_need_not_sum_to_one(engine):
    """A sigmoid layer's outputs do not in general sum to 1: for z = (0, 0, 0) they sum to
    3/2; the engine's sum is the exact sum to within 8 ulps, and it is not 1."""
    vectors = [np.zeros(3), np.array([1.0, 2.0]), np.array([-1.0, 0.5, 3.0, 0.0])]

    def total(z):
        a = vector(engine.sigmoid(z), len(z))
        with mp.workdps(hp.DIGITS):
            exact = mp.fsum(hp.sigmoid(v) for v in z)
        measured = close(float(np.sum(a)), exact, 8)
        return holds(measured.ok and float(np.sum(a)) != 1.0, measured.engine, measured.exact)

    return judge([Case(f"z = {text(z)}", lambda z=z: total(z)) for z in vectors], "sum of a")


@witness("softmax-is-distribution", "softmax")
def softmax_is_a_distribution(engine):
    """Every softmax output is within 4 ulps of e^{z_j} / sum_k e^{z_k}, none is negative, and
    they sum to 1 to within n ulps."""

    def distribution(z):
        a = vector(engine.softmax(z), len(z))
        exact = hp.softmax(z)
        for j, (value, reference) in enumerate(zip(a, exact)):
            measured = close(value, reference, _softmax_bound(z))
            if not measured.ok:
                return measured
            if value < 0:
                return holds(False, f"a_{j + 1} = {value!r}", ">= 0")
        total = float(np.sum(a))
        return holds(abs(total - 1.0) <= len(z) * hp.spacing_of(1.0), text(total), "1.0")

    cases = [Case(f"z = {text(z)}", lambda z=z: distribution(z)) for z in softmax_inputs()]
    return judge(cases, "softmax(z)")


@witness("softmax-inversion", "log_softmax")
def log_softmax_recovers_weighted_inputs(engine):
    """ln a_j = z_j - ln sum_k e^{z_k} (so z is recovered from a up to a constant), each entry
    within 4 ulps of the exact value: where the winner dominates, ln a of the winner is the
    tiny negative -sum_{k != j} e^{z_k - z_j}, not 0."""

    def entries(z):
        values = vector(engine.log_softmax(z), len(z))
        exact = hp.log_softmax(z)
        worst = max(
            (close(v, e, _softmax_bound(z)) for v, e in zip(values, exact)),
            key=lambda m: (not m.ok, m.ulps or 0.0),
        )
        return worst

    cases = [Case(f"z = {text(z)}", lambda z=z: entries(z)) for z in softmax_inputs()]
    return judge(cases, "ln softmax(z)")


@witness("softmax-monotonic", "softmax")
def raising_one_input_raises_its_output_only(engine):
    """Raising z_j by 1/2 raises a_j and lowers every other a_k (outputs strictly inside (0, 1))."""
    draws = rng(6).normal(0.0, 2.0, (12, 3))

    def monotonic(z):
        before, after = _moved(engine.softmax, z, 1, 0.5)
        ok = after[1] > before[1] and after[0] < before[0] and after[2] < before[2]
        return holds(ok, f"{text(before)} then {text(after)}", "a_2 up, a_1 and a_3 down")

    return judge([Case(f"z = {text(z)}", lambda z=z: monotonic(z)) for z in draws], "softmax")


ACTIVATION_WITNESSES = (
    sigmoid_is_the_logistic_function,
    sigmoid_prime_is_sigma_times_complement,
    sigmoid_prime_peaks_at_zero_and_vanishes,
    sigmoid_output_between_zero_and_one,
    sigmoid_acts_entry_by_entry,
    sigmoid_outputs_need_not_sum_to_one,
    softmax_is_a_distribution,
    log_softmax_recovers_weighted_inputs,
    raising_one_input_raises_its_output_only,
)
