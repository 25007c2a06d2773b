"""How fast the single neuron learns (x = 1, y = 0): the starts against the chapter's N(0, 1)
initialisation, the quadratic cost's speed a^2 (1 - a) sigma'-governed and slowest when badly
wrong, the cross-entropy's start without a plateau, and the pattern at every learning rate.
Verdicts on what the documents say come from the catalog's checks through ``judged``.
"""

import functools
import math

import numpy as np
import pytest
import sympy as sp

from claims.judge import judged
from claims.witnesses import assert_prints_as
from engine.activations import sigmoid, sigmoid_prime
from experiments.neuron import (
    GOOD_START,
    LEARNING_RATES,
    SATURATED_START,
    NeuronRun,
    steepest_descent_epoch,
    train_neuron,
)

z = sp.symbols("z", real=True)
a = sp.symbols("a", positive=True)
t = sp.symbols("t", positive=True)  # t = e^{-z}
SIGMA = 1 / (1 + sp.exp(-z))
UNIT_INTERVAL = sp.Interval.open(0, 1)


def in_terms_of_t(expression):
    """A rational function of t = e^{-z}, in lowest terms (decides identities exactly)."""
    return sp.cancel(expression.subs(sp.exp(-z), t))


@functools.cache
def quadratic_run(start) -> dict:
    return train_neuron(NeuronRun(*start, "quadratic", LEARNING_RATES["quadratic"]))


@pytest.mark.claim("neuron-initial-parameters-typical", witness="arithmetic")
def test_start_w06_b09_lies_within_one_standard_deviation_of_a_standard_normal():
    """P(|Z| > t) = erfc(t / sqrt 2) for Z ~ N(0, 1): both values are more likely to be exceeded
    than the one-standard-deviation threshold (31.7 %), and match the catalog's 55 % and 37 %
    to half a percentage point."""
    one_sigma_tail = math.erfc(1 / math.sqrt(2))
    tails = [math.erfc(abs(value) / math.sqrt(2)) for value in GOOD_START]
    assert all(tail > one_sigma_tail for tail in tails)
    assert abs(100 * tails[0] - 55) <= 0.5 and abs(100 * tails[1] - 37) <= 0.5
    judged("neuron-initial-parameters-typical")


@pytest.mark.claim("quadratic-speed-governed-by-sigma-prime", witness="arithmetic")
def test_sigma_prime_changes_far_more_than_a_between_the_two_starts():
    output_ratio = float(sigmoid(4.0) / sigmoid(1.5))
    slope_ratio = float(sigmoid_prime(1.5) / sigmoid_prime(4.0))
    assert_prints_as(output_ratio, "1.2", "a(4) / a(1.5)")
    assert_prints_as(slope_ratio, "8.4", "sigma'(1.5) / sigma'(4)")
    # Over all outputs in [1/2, 1) the factor a at most doubles while sigma'(z) falls from 1/4
    # towards 0: checked on a grid of z in [0, 40] (where sigma(z) < 1 in float64 up to 36.7).
    z = np.linspace(0.0, 40.0, 4001)
    assert np.all((sigmoid(z) >= 0.5) & (sigmoid(z) <= 1.0))
    assert sigmoid_prime(0.0) == 0.25 and sigmoid_prime(40.0) < 1e-17
    judged("quadratic-speed-governed-by-sigma-prime")


@pytest.mark.claim("quadratic-slower-when-badly-wrong", witness="experiment")
def test_quadratic_neuron_learns_slower_at_the_saturated_start_than_later_in_the_run():
    """The first epoch's cost decrease from (2, 2) is below a tenth of the largest decrease the
    same run reaches once its output is closer to the target."""
    run = quadratic_run(SATURATED_START)
    costs = np.asarray(run["trajectory"]["cost"])
    decrease = costs[:-1] - costs[1:]
    steepest = steepest_descent_epoch(costs)
    assert decrease[0] < 0.1 * decrease[steepest]
    assert run["trajectory"]["a"][steepest] < run["initial_output"]
    judged("quadratic-slower-when-badly-wrong")


@pytest.mark.claim("cross-entropy-neuron-no-slow-start", witness="experiment")
def test_cross_entropy_neuron_falls_fastest_first_and_ends_below_half_its_cost():
    judged("cross-entropy-neuron-no-slow-start")


@pytest.mark.claim("learning-rate-does-not-explain-pattern", witness="experiment")
def test_slow_start_of_quadratic_and_fast_start_of_cross_entropy_persist_at_any_learning_rate():
    judged("learning-rate-does-not-explain-pattern")


@pytest.mark.claim("quadratic-slower-when-badly-wrong", witness="sympy")
def test_quadratic_error_for_target_0_is_a_squared_one_minus_a_peaking_at_two_thirds():
    error = sp.diff(SIGMA**2 / 2, z)  # dC/dz for C = (0 - a)^2 / 2
    assert in_terms_of_t(error - SIGMA**2 * (1 - SIGMA)) == 0
    speed = a**2 * (1 - a)
    assert sp.maximum(speed, a, UNIT_INTERVAL) == sp.Rational(4, 27)
    assert sp.solve(sp.diff(speed, a), a) == [sp.Rational(2, 3)]
    at_saturated_start = speed.subs(a, float(sigmoid(4.0)))
    # a = sigma(4) = 0.982: the speed there is 0.017, under an eighth of the peak 4/27 = 0.148.
    assert at_saturated_start < sp.Rational(4, 27) / 8


@pytest.mark.claim("quadratic-slower-when-badly-wrong", witness="sympy")
def test_quadratic_speed_grows_with_the_error_for_outputs_below_two_thirds():
    """For target 0 the speed a^2 (1 - a) increases with the error a on (0, 2/3) and falls
    beyond: the saturated outputs are the slow ones (0.063 at a = 0.3, 0.144 at a = 0.6)."""
    speed = a**2 * (1 - a)
    growing = sp.solve_univariate_inequality(sp.diff(speed, a) > 0, a, relational=False)
    assert growing.intersect(UNIT_INTERVAL) == sp.Interval.open(0, sp.Rational(2, 3))
    small_error, large_error = sp.Rational(3, 10), sp.Rational(6, 10)
    assert speed.subs(a, large_error) > speed.subs(a, small_error)
