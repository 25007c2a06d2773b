"""Witnesses of the claims about the quadratic, cross-entropy and log-likelihood costs.

Each cost takes one example's outputs a and targets y (vectors). Exact values are mpmath's at 60
digits, with ln(1 - a) as log1p(-a) (no digit lost for tiny a). Bounds: 4 ulps for the
cross-entropy and log-likelihood of one output (two logarithms and a product, half an ulp
each, as claims/test_cross_entropy.py holds our engine to), 4 n for a sum over n outputs, 8
for the quadratic cost (the squares, their sum and the halving).
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

from claims import high_precision as hp
from claims.conformance.inputs import rng, unit_outputs
from claims.conformance.judging import Case, close, holds, judge, text
from claims.conformance.model import witness

COST_ULPS, QUADRATIC_ULPS = 4, 8
TARGETS = (1.0, 0.0, 0.25)


def _cost(function, a, y) -> float:
    return float(function(np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(y, float))))


def _exact_quadratic(a, y):
    with mp.workdps(hp.DIGITS):
        return mp.fsum((hp.mpf(u) - hp.mpf(v)) ** 2 for u, v in zip(a, y)) / 2


def _quadratic_pairs():
    draws = rng(3)
    pairs = [(draws.normal(0.0, 2.0, n), draws.normal(0.0, 2.0, n)) for n in (1, 2, 3, 5)]
    pairs += [(np.array([0.5, 0.25]), np.array([0.5, 0.25])), (np.array([1e150]), np.zeros(1))]
    return pairs


@witness("quadratic-cost-definition", "quadratic_cost")
def quadratic_cost_is_half_squared_error(engine):
    """C_x = ||y - a||^2 / 2 to within 8 ulps."""

    def value(a, y):
        return close(_cost(engine.quadratic_cost, a, y), _exact_quadratic(a, y), QUADRATIC_ULPS)

    pairs = _quadratic_pairs()
    cases = [Case(f"a = {text(a)}, y = {text(y)}", lambda a=a, y=y: value(a, y)) for a, y in pairs]
    return judge(cases, "||y - a||^2 / 2")


@witness("quadratic-shares-cost-properties", "quadratic_cost")
def quadratic_cost_nonnegative_and_zero_at_target(engine):
    """C >= 0, C = 0 at a = y, and C falls towards 0 as a approaches y (a = y + 10^-k)."""

    def approaches(y):
        values = [_cost(engine.quadratic_cost, y + 10.0**-k, y) for k in range(0, 9)]
        values.append(_cost(engine.quadratic_cost, y, y))
        ok = all(v >= 0 for v in values) and values[-1] == 0.0
        ok = ok and all(later < earlier for earlier, later in zip(values, values[1:]))
        return holds(ok, text(values), "positive, falling to 0 at a = y")

    targets = [np.array([0.0]), np.array([0.3, -1.0]), np.array([2.0, 0.5, 0.0])]
    return judge([Case(f"y = {text(y)}", lambda y=y: approaches(y)) for y in targets], "C")


def _ce_cases(engine, pairs, exact_of=hp.cross_entropy_from_a):
    def value(a, y):
        allowed = COST_ULPS * len(a)
        return close(_cost(engine.cross_entropy_cost, a, y), exact_of(a, y), allowed)

    return [Case(f"a = {text(a)}, y = {text(y)}", lambda a=a, y=y: value(a, y)) for a, y in pairs]


@witness("cross-entropy-definition", "cross_entropy_cost")
def cross_entropy_is_minus_mean_log_terms(engine):
    """C_x = -[y ln a + (1 - y) ln(1 - a)] for one output, over every a in [0, 1] (a confidently
    wrong output costs +inf, a = y in {0, 1} costs 0), within 4 ulps."""
    pairs = [([a], [y]) for a in unit_outputs() for y in TARGETS]
    return judge(_ce_cases(engine, pairs), "cross-entropy")


@witness("cross-entropy-as-surprise", "cross_entropy_cost")
def cross_entropy_is_surprise_at_the_outcome(engine):
    """For a binary target the cost is -ln of the probability given to what happened: -ln a
    for y = 1, -ln(1 - a) for y = 0 (within 4 ulps; ln(1 - a) of a tiny a is about -a)."""

    def surprise(a, y):
        with mp.workdps(hp.DIGITS):
            if y[0] == 1:
                return -mp.log(hp.mpf(a[0])) if a[0] > 0 else mp.inf
            return -mp.log1p(-hp.mpf(a[0])) if a[0] < 1 else mp.inf

    pairs = [([a], [y]) for a in unit_outputs() for y in (1.0, 0.0)]
    return judge(_ce_cases(engine, pairs, surprise), "-ln P(outcome)")


@witness("cross-entropy-multi-neuron-sum", "cross_entropy_cost")
def cross_entropy_sums_over_output_neurons(engine):
    """The cost of several outputs is the sum of the single-output costs (within 4 n ulps of
    the exact sum of the engine's own single-output values)."""
    draws = rng(4)
    pairs = [(draws.uniform(0.01, 0.99, n), draws.integers(0, 2, n).astype(float)) for n in (2, 3)]
    pairs += [(draws.uniform(0.01, 0.99, 10), np.eye(10)[3])]

    def additive(a, y):
        singles = [_cost(engine.cross_entropy_cost, [u], [v]) for u, v in zip(a, y)]
        with mp.workdps(hp.DIGITS):
            exact = mp.fsum(hp.mpf(s) for s in singles)
        return close(_cost(engine.cross_entropy_cost, a, y), exact, COST_ULPS * len(a))

    cases = [
        Case(f"a = {text(a)}, y = {text(y)}", lambda a=a, y=y: additive(a, y)) for a, y in pairs
    ]
    return judge(cases, "sum over outputs")


@witness("cross-entropy-nonnegative", "cross_entropy_cost")
def cross_entropy_never_negative(engine):
    """C >= 0 for a in (0, 1) and y in [0, 1] (each term -y ln a >= 0)."""
    outputs = [a for a in unit_outputs() if 0 < a < 1]

    def sign(a, y):
        value = _cost(engine.cross_entropy_cost, [a], [y])
        return holds(value >= 0, text(value), ">= 0")

    cases = [
        Case(f"a = {a!r}, y = {y!r}", lambda a=a, y=y: sign(a, y))
        for a in outputs
        for y in (0.0, 0.25, 0.5, 1.0)
    ]
    return judge(cases, "cross-entropy sign")


@witness("cross-entropy-near-zero-when-correct", "cross_entropy_cost")
def cross_entropy_falls_to_zero_at_the_target(engine):
    """As a -> y in {0, 1} the cost falls to 0: at a = 10^-k (y = 0) and 1 - 2^-k (y = 1) it
    never rises and is at most 1.01 times the exact value."""

    def towards(y):
        outputs = (
            [10.0**-k for k in range(1, 30)] if y == 0 else [1 - 2.0**-k for k in range(1, 53)]
        )
        values = [_cost(engine.cross_entropy_cost, [a], [y]) for a in outputs]
        exact = [float(hp.cross_entropy_from_a([a], [y])) for a in outputs]
        rises = [i for i in range(1, len(values)) if values[i] > values[i - 1]]
        over = [i for i, (v, e) in enumerate(zip(values, exact)) if v > 1.01 * e]
        bad = (rises or over or [None])[0]
        if bad is None:
            return holds(True, text(values[-1]), "-> 0")
        return holds(False, f"C({outputs[bad]!r}) = {values[bad]!r}", f"<= {1.01 * exact[bad]!r}")

    return judge([Case(f"y = {y!r}", lambda y=y: towards(y)) for y in (0.0, 1.0)], "C as a -> y")


@witness("cross-entropy-grows-with-gap", "cross_entropy_cost")
def cross_entropy_grows_with_the_gap(engine):
    """For a binary target the cost rises strictly with the gap |a - y| (gaps k/64)."""

    def rising(y):
        gaps = [k / 64 for k in range(0, 64)]
        outputs = [g if y == 0 else 1 - g for g in gaps]
        values = [_cost(engine.cross_entropy_cost, [a], [y]) for a in outputs]
        flat = [i for i in range(1, len(values)) if not values[i] > values[i - 1]]
        if flat:
            i = flat[0]
            return holds(False, f"C(gap {gaps[i]!r}) = {values[i]!r}", f"> {values[i - 1]!r}")
        return holds(True, text(values[-1]), "rising")

    return judge([Case(f"y = {y!r}", lambda y=y: rising(y)) for y in (0.0, 1.0)], "C by gap")


@witness("cross-entropy-minimum-at-target", "cross_entropy_cost")
def cross_entropy_least_at_the_target(engine):
    """For y strictly inside (0, 1) the cost over a in (0, 1) is least at a = y (on the grid
    y +- k/100)."""

    def least(y):
        at_target = _cost(engine.cross_entropy_cost, [y], [y])
        grid = [y + k / 100 for k in range(-99, 100) if k and 0 < y + k / 100 < 1]
        lower = [a for a in grid if _cost(engine.cross_entropy_cost, [a], [y]) <= at_target]
        return holds(
            not lower,
            f"C(a = y) = {at_target!r}" + (f", C({lower[0]!r}) <= it" if lower else ""),
            "least at a = y",
        )

    return judge([Case(f"y = {y!r}", lambda y=y: least(y)) for y in (0.5, 0.3, 0.7, 0.1, 0.9)], "C")


@witness("cross-entropy-small-needs-binary-targets", "cross_entropy_cost")
def cross_entropy_least_value_is_the_entropy(engine):
    """At a = y the cost is 0 for y in {0, 1} and the binary entropy -[y ln y + (1-y) ln(1-y)]
    > 0 for y inside (0, 1), within 4 ulps."""
    pairs = [([y], [y]) for y in (0.5, 0.25, 0.75, 0.1, 0.9, 0.01, 0.0, 1.0)]
    return judge(_ce_cases(engine, pairs), "C(a = y)")


@witness("cross-entropy-not-symmetric", "cross_entropy_cost")
def cross_entropy_changes_when_swapped(engine):
    """C(a = 0.9, y = 0.5) = 1.2040 and C(a = 0.5, y = 0.9) = 0.6931: each within 4 ulps."""
    pairs = [([0.9], [0.5]), ([0.5], [0.9]), ([0.125], [0.625]), ([0.625], [0.125])]
    return judge(_ce_cases(engine, pairs), "cross-entropy with roles swapped")


@witness("cross-entropy-reversed-form-undefined", "cross_entropy_cost")
def reversed_cross_entropy_is_infinite(engine):
    """The swapped form takes ln of a target 0 or 1: -[a ln y + (1 - a) ln(1 - y)] with y in
    {0, 1} is +inf (undefined); an engine may return +inf or NaN, never a finite number."""

    def undefined(target, output):
        value = _cost(engine.cross_entropy_cost, [target], [output])
        return holds(value == np.inf or np.isnan(value), text(value), "inf (undefined)")

    cases = [
        Case(f"a = {t!r}, y = {o!r}", lambda t=t, o=o: undefined(t, o))
        for t, o in ((0.0, 0.5), (1.0, 0.5), (0.0, 0.9), (1.0, 0.1))
    ]
    return judge(cases, "reversed cross-entropy")


@witness("log-likelihood-small-iff-confident", "log_likelihood_cost")
def log_likelihood_is_minus_log_of_the_true_class(engine):
    """C = -ln a_y within 4 ulps: small exactly when a_y is close to 1."""

    def value(a, label):
        y = np.eye(len(a))[label]
        with mp.workdps(hp.DIGITS):
            exact = -mp.log(hp.mpf(a[label])) if a[label] > 0 else mp.inf
        return close(_cost(engine.log_likelihood_cost, a, y), exact, COST_ULPS)

    vectors = [np.array([a, 1 - a]) for a in (0.5, 0.9, 0.99, 1 - 1e-10, 1e-10, 1e-300)]
    cases = [Case(f"a = {text(a)}, y = e_1", lambda a=a: value(a, 0)) for a in vectors]
    return judge(cases, "-ln a_y")


COST_WITNESSES = (
    quadratic_cost_is_half_squared_error,
    quadratic_cost_nonnegative_and_zero_at_target,
    cross_entropy_is_minus_mean_log_terms,
    cross_entropy_is_surprise_at_the_outcome,
    cross_entropy_sums_over_output_neurons,
    cross_entropy_never_negative,
    cross_entropy_falls_to_zero_at_the_target,
    cross_entropy_grows_with_the_gap,
    cross_entropy_least_at_the_target,
    cross_entropy_least_value_is_the_entropy,
    cross_entropy_changes_when_swapped,
    reversed_cross_entropy_is_infinite,
    log_likelihood_is_minus_log_of_the_true_class,
)
