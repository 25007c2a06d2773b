"""The single neuron (x = 1, y = 0) at its two starting points, before any training.

Starts (w, b) = (0.6, 0.9), weighted input z = 1.5, and (2, 2), z = 4. Outputs, sigma'(z) and the
output errors come from the engine; printed figures are matched to half a unit in their last
printed digit.
"""

import math

import numpy as np
import pytest

from claims.neuron_runs import GOOD_START, SATURATED_START, assert_prints_as
from engine.activations import sigmoid, sigmoid_prime
from engine.network import Network

X, Y = np.array([[1.0]]), np.array([[0.0]])


def neuron(start, cost: str = "quadratic") -> Network:
    network = Network([1, 1], output="sigmoid", cost=cost, seed=0)
    network.params[0][:] = [start]
    return network


def initial_output(start) -> float:
    return float(neuron(start).feedforward(X)[0, 0])


@pytest.mark.claim("neuron-initial-output-082", witness="arithmetic")
def test_neuron_output_at_w06_b09_prints_as_082():
    assert_prints_as(initial_output(GOOD_START), "0.82", "sigma(0.6 + 0.9)")
    assert_prints_as(initial_output(GOOD_START), "0.8176", "sigma(1.5)")


@pytest.mark.claim("neuron-initial-output-098", witness="arithmetic")
def test_neuron_output_at_w2_b2_prints_as_098():
    assert_prints_as(initial_output(SATURATED_START), "0.98", "sigma(2 + 2)")
    assert_prints_as(initial_output(SATURATED_START), "0.9820", "sigma(4)")


@pytest.mark.claim("neuron-initial-parameters-typical", witness="arithmetic")
def test_start_w06_b09_lies_within_one_standard_deviation_of_a_standard_normal():
    """P(|Z| > t) = erfc(t / sqrt 2) for Z ~ N(0, 1): both values are more likely to be exceeded
    than the one-standard-deviation threshold (31.7 %), and match the catalog's 55 % and 37 %
    to half a percentage point."""
    one_sigma_tail = math.erfc(1 / math.sqrt(2))
    tails = [math.erfc(abs(value) / math.sqrt(2)) for value in GOOD_START]
    assert all(tail > one_sigma_tail for tail in tails)
    assert abs(100 * tails[0] - 55) <= 0.5 and abs(100 * tails[1] - 37) <= 0.5


def quadratic_output_error(z: float) -> float:
    """delta = dC/dz of the quadratic cost at y = 0 through the engine's general chain rule."""
    network = neuron((0.0, z))
    a = sigmoid(np.array([[z]]))
    return float(network.output_delta(np.array([[z]]), a, Y)[0, 0])


@pytest.mark.claim("saturated-start-has-smaller-gradient", witness="arithmetic")
def test_quadratic_gradient_at_output_098_is_seven_times_smaller_than_at_082():
    saturated, good = quadratic_output_error(4.0), quadratic_output_error(1.5)
    assert_prints_as(saturated, "0.0173", "a sigma'(4)")
    assert_prints_as(good, "0.122", "a sigma'(1.5)")
    assert_prints_as(float(sigmoid_prime(4.0)), "0.018", "sigma'(4)")
    assert_prints_as(float(sigmoid_prime(1.5)), "0.149", "sigma'(1.5)")
    assert saturated < good / 7


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


@pytest.mark.claim("cross-entropy-helps-only-when-badly-wrong", witness="arithmetic")
def test_cross_entropy_to_quadratic_gradient_ratio_is_57_at_098_but_small_near_the_middle():
    """Ratio of the engine's output errors dC/dz (cross-entropy over quadratic, y = 0) at the
    saturated start z = 4 (a = 0.98), at z = 1.5 (a = 0.82) and at z = 0 (a = 0.5); it equals
    1 / (a (1 - a))."""
    ratios = {}
    for z in (4.0, 1.5, 0.0):
        zs = np.array([[z]])
        a = sigmoid(zs)
        cross_entropy = neuron((0.0, z), "cross_entropy").output_delta(zs, a, Y)
        ratios[z] = float((cross_entropy / neuron((0.0, z)).output_delta(zs, a, Y))[0, 0])
    assert_prints_as(ratios[4.0], "57", "ratio at a = sigma(4)")
    assert_prints_as(ratios[1.5], "6.7", "ratio at a = sigma(1.5)")
    assert_prints_as(ratios[0.0], "4", "ratio at a = 1/2")
