"""Formulas and side remarks as documents 001-004 printed them, checked against the engine.

Each statement here is expected to be refuted: a test passes when it has found the
counterexample the catalog names, and records it.
"""

import math

import numpy as np
import pytest
from hypothesis import given

from claims.neuron_runs import GOOD_START, SATURATED_START
from claims.strategies import moderate_weighted_input, open_unit_interval, unit_targets
from claims.witnesses import central_difference
from engine.activations import sigmoid, sigmoid_prime
from engine.costs import CROSS_ENTROPY, xlogy
from engine.network import Network

# Central differences of the engine's cost against a printed closed form: the difference
# quotient is accurate to ~1e-9 here (witnesses.FD_ABS / FD_REL budget), so a printed form that
# misses the true gradient by more than 1e-3 is wrong, not rounded.
MISMATCH = 1e-3


def neuron(w: float, b: float, cost: str) -> Network:
    network = Network([1, 1], output="sigmoid", cost=cost, seed=0)
    network.params[0][:] = [[w, b]]
    return network


def numerical_gradients(w: float, b: float, x: float, y: float, cost: str) -> tuple[float, float]:
    """(dC/dw, dC/db) by central differences of the engine's cost of the one example (x, y)."""
    xs, ys = np.array([[x]]), np.array([[y]])

    def cost_at(weight, bias):
        return neuron(weight, bias, cost).cost_value(xs, ys)

    return (central_difference(lambda value: cost_at(value, b), w),
            central_difference(lambda value: cost_at(w, value), b))


@pytest.mark.claim("004-sigma-evaluated-at-input", witness="finite-differences")
def test_gradients_with_sigma_of_the_input_miss_the_true_gradients(record_counterexample):
    """At w = b = 2, x = 1, y = 0 (z = 4): 004's quadratic form (a - y) sigma'(x) x and its
    cross-entropy line -[(y - sigma(x)) / (sigma(x)(1 - sigma(x)))] sigma'(x) x against central
    differences of the engine's costs."""
    (w, b), x, y = SATURATED_START, 1.0, 0.0
    a = float(sigmoid(w * x + b))
    quadratic_true, _ = numerical_gradients(w, b, x, y, "quadratic")
    quadratic_printed = (a - y) * float(sigmoid_prime(x)) * x
    s = float(sigmoid(x))
    cross_entropy_true, _ = numerical_gradients(w, b, x, y, "cross_entropy")
    cross_entropy_printed = -((y - s) / (s * (1 - s))) * float(sigmoid_prime(x)) * x
    assert abs(quadratic_printed - quadratic_true) > MISMATCH
    assert abs(cross_entropy_printed - cross_entropy_true) > MISMATCH
    record_counterexample(
        f"w=b=2, x=1, y=0 (z=4): quadratic dL/dw = {quadratic_true:.4f}, 004's (a-y) sigma'(x) x = "
        f"{quadratic_printed:.4f} ({quadratic_printed / quadratic_true:.1f}x); cross-entropy dL/dw = "
        f"{cross_entropy_true:.4f}, 004's line with sigma(x) gives {cross_entropy_printed:.4f}"
    )


@pytest.mark.claim("004-bias-gradient-labelled-as-weight", witness="finite-differences")
def test_quadratic_form_without_input_factor_is_the_bias_gradient_not_the_weight_gradient(record_counterexample):
    """x = 2, w = 0.5, b = 0, y = 0 (z = 1), reading 004's sigma'(x) as sigma'(z)."""
    w, b, x, y = 0.5, 0.0, 2.0, 0.0
    z = w * x + b
    printed = (float(sigmoid(z)) - y) * float(sigmoid_prime(z))
    weight_gradient, bias_gradient = numerical_gradients(w, b, x, y, "quadratic")
    assert abs(printed - weight_gradient) > MISMATCH
    assert abs(printed - bias_gradient) <= 1e-8  # it is the bias gradient (FD accuracy ~1e-9)
    record_counterexample(
        f"x=2, w=0.5, b=0, y=0: dL/dw = {weight_gradient:.3f}, 004's (a-y) sigma'(z) = {printed:.3f} "
        f"(= dL/db = {bias_gradient:.3f})"
    )


@pytest.mark.claim("004-cross-entropy-missing-minus", witness="arithmetic")
def test_averaged_cross_entropy_without_leading_minus_is_negative(record_counterexample):
    """y = 0 and the experiment's output a = sigma(1.5) = 0.82."""
    a, y = float(sigmoid(sum(GOOD_START))), 0.0
    printed = y * math.log(a) + (1 - y) * math.log(1 - a)  # +1/n sum with n = 1
    engine = float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])
    assert printed < 0 < engine
    # Same magnitude, opposite sign (both are one logarithm of 1 - a: relative 1e-15).
    assert abs(printed + engine) <= 1e-15 * engine
    record_counterexample(
        f"y=0, a=sigma(1.5)={a:.2f}: 004's form gives {printed:.2f}; the cross-entropy is {engine:.2f}"
    )


@pytest.mark.claim("002-cross-entropy-summands-nonnegative", witness="arithmetic")
def test_cross_entropy_summand_at_y0_a082_is_negative(record_counterexample):
    a, y = float(sigmoid(sum(GOOD_START))), 0.0
    summand = -float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])
    assert summand < 0
    record_counterexample(f"y=0, a=sigma(1.5)={a:.2f}: y ln a + (1-y) ln(1-a) = {summand:.2f} < 0")


@pytest.mark.claim("002-cross-entropy-summands-nonnegative", witness="hypothesis")
@given(a=open_unit_interval(), y=unit_targets())
def test_cross_entropy_summands_are_never_positive(a, y):
    """The summand y ln a + (1 - y) ln(1 - a) is minus the engine's per-example cost; it is <= 0
    everywhere and strictly negative once a is 1e-6 away from 0 and 1 (it is then at most
    ln(1 - 1e-6) < 0, a convex combination of two negative logarithms)."""
    summand = -float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])
    assert summand <= 0
    if 1e-6 <= a <= 1 - 1e-6:
        assert summand < 0


@pytest.mark.claim("002-log-domain-is-unit-interval", witness="arithmetic")
def test_natural_logarithm_is_defined_beyond_the_unit_interval(record_counterexample):
    values = {argument: math.log(argument) for argument in (2.0, 10.0, 1e300)}
    assert all(math.isfinite(value) and value > 0 for value in values.values())
    # Where the argument does lie in (0, 1), as a and 1 - a do, the logarithm is negative.
    assert math.log(float(sigmoid(sum(GOOD_START)))) < 0
    record_counterexample(f"ln 2 = {values[2.0]:.3f}: defined and positive although 2 is outside (0, 1)")


@pytest.mark.claim("003-bracket-terms-negative", witness="arithmetic")
def test_one_bracket_term_is_exactly_zero_for_a_binary_target(record_counterexample):
    a = float(sigmoid(sum(GOOD_START)))
    first_at_y0 = float(xlogy(0.0, a))  # y ln a with y = 0
    second_at_y1 = float(xlogy(1.0 - 1.0, 1.0 - a))  # (1 - y) ln(1 - a) with y = 1
    assert first_at_y0 == 0.0 and second_at_y1 == 0.0
    # The engine's cost at y = 0 is then the other term alone (one logarithm: relative 1e-15).
    cost = float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[0.0]]))[0])
    assert abs(cost + math.log(1 - a)) <= 1e-15 * cost
    record_counterexample(f"y=0, a={a:.2f}: y ln a = {first_at_y0} (not negative); y=1: (1-y) ln(1-a) = 0")


@pytest.mark.claim("001-output-in-set-zero-one", witness="arithmetic")
def test_neuron_outputs_of_the_runs_are_not_in_zero_one_set(record_counterexample):
    outputs = [float(sigmoid(sum(start))) for start in (GOOD_START, SATURATED_START)]
    assert all(value not in (0.0, 1.0) for value in outputs)
    record_counterexample(
        "the runs' initial outputs " + " and ".join(f"{value:.2f}" for value in outputs) + " are not in {0, 1}"
    )


@pytest.mark.claim("001-output-in-set-zero-one", witness="hypothesis")
@given(moderate_weighted_input())
def test_sigmoid_output_lies_strictly_between_0_and_1(z):
    # |z| <= 36: sigma(z) is strictly inside (0, 1) in float64 (it rounds to 1 only above 36.7).
    assert 0.0 < float(sigmoid(z)) < 1.0
