"""Gradients of the cross-entropy for one sigmoid neuron over n examples:
dC/dw_j = (1/n) sum_x x_j (sigma(z) - y) (eq. (61)) and dC/db = (1/n) sum_x (sigma(z) - y)
(eq. (62)): no sigma'(z) factor."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import SIGMOID_OPEN_RANGE, unit_targets
from claims.witnesses import (
    EPS,
    assert_matches_finite_differences,
    batch_mean_tolerance,
    fewer_examples,
    sigmoid_general_delta_tolerance,
)
from engine.activations import sigmoid
from engine.network import Network


@st.composite
def neuron_and_batch(draw, weight_bound: float = 50.0, bias_bound: float = 1e3):
    """A sigmoid neuron with n_in inputs (weights up to 50, bias up to 1000: saturated outputs
    included) and a batch of 1 to 6 examples with targets in [0, 1]."""
    n_in = draw(st.integers(1, 5))
    m = draw(st.integers(1, 6))
    network = Network([n_in, 1], output="sigmoid", cost="cross_entropy", seed=0)
    weights = st.floats(-weight_bound, weight_bound)
    network.weights[0][:] = draw(hnp.arrays(np.float64, (1, n_in), elements=weights))
    network.biases[0][:] = draw(st.floats(-bias_bound, bias_bound))
    x = draw(hnp.arrays(np.float64, (m, n_in), elements=st.floats(-3.0, 3.0)))
    y = draw(hnp.arrays(np.float64, (m, 1), elements=unit_targets()))
    return network, x, y


def eq_61_62(network, x, y):
    """The right-hand sides of eq. (61)-(62), from the engine's z and sigma."""
    z = x @ network.weights[0].T + network.biases[0]
    error = sigmoid(z) - y
    return (error * x).mean(axis=0), error.mean(axis=0), z, error


@pytest.mark.claim("cross-entropy-weight-gradient", witness="sympy")
def test_cross_entropy_weight_gradient_of_sigmoid_neuron_is_input_times_error():
    w1, w2, x1, x2, b, y = sp.symbols("w1 w2 x1 x2 b y", real=True)
    z = w1 * x1 + w2 * x2 + b
    sigma = 1 / (1 + sp.exp(-z))
    cost = -(y * sp.log(sigma) + (1 - y) * sp.log(1 - sigma))
    t = sp.symbols("t", positive=True)  # t = e^{-z}
    for w, x in ((w1, x1), (w2, x2)):
        assert sp.cancel((sp.diff(cost, w) - x * (sigma - y)).subs(sp.exp(-z), t)) == 0


@pytest.mark.claim("cross-entropy-bias-gradient", witness="sympy")
def test_cross_entropy_bias_gradient_of_sigmoid_neuron_is_the_error():
    b, w, x, y = sp.symbols("b w x y", real=True)
    z = w * x + b
    sigma = 1 / (1 + sp.exp(-z))
    cost = -(y * sp.log(sigma) + (1 - y) * sp.log(1 - sigma))
    t = sp.symbols("t", positive=True)
    assert sp.cancel((sp.diff(cost, b) - (sigma - y)).subs(sp.exp(-z), t)) == 0


@pytest.mark.claim("cross-entropy-weight-gradient", witness="hypothesis")
@pytest.mark.claim("cross-entropy-bias-gradient", witness="hypothesis")
@given(neuron_and_batch())
def test_fused_backprop_gradients_are_mean_input_times_error_at_every_weighted_input(case):
    network, x, y = case
    grads_w, grads_b = network.backprop(x, y, path="fused")
    weight_rhs, bias_rhs, _, error = eq_61_62(network, x, y)
    # The fused delta is exactly sigma(z) - y; only the summation order differs.
    exact = np.zeros_like(error)
    tolerance = 2 * batch_mean_tolerance(x, exact, error)[0]
    np.testing.assert_array_less(np.abs(grads_w[0][0] - weight_rhs), tolerance)
    assert abs(grads_b[0][0] - bias_rhs[0]) <= len(x) * EPS * np.abs(error).mean() + 1e-300


@pytest.mark.claim("cross-entropy-weight-gradient", witness="hypothesis")
@pytest.mark.claim("cross-entropy-bias-gradient", witness="hypothesis")
@given(neuron_and_batch(weight_bound=5.0, bias_bound=SIGMOID_OPEN_RANGE))
def test_general_chain_rule_backprop_reduces_to_mean_input_times_error(case):
    network, x, y = case
    weight_rhs, bias_rhs, z, error = eq_61_62(network, x, y)
    assume(np.all(np.abs(z) <= SIGMOID_OPEN_RANGE))  # dC/da is finite only for a in (0, 1)
    grads_w, grads_b = network.backprop(x, y, path="general")
    per_example = sigmoid_general_delta_tolerance(sigmoid(z), y)
    tolerance = batch_mean_tolerance(x, per_example, error)[0]
    np.testing.assert_array_less(np.abs(grads_w[0][0] - weight_rhs), tolerance * 2)
    bias_tolerance = batch_mean_tolerance(np.ones_like(y), per_example, error)[0]
    assert abs(grads_b[0][0] - bias_rhs[0]) <= bias_tolerance[0] * 2


@pytest.mark.claim("cross-entropy-weight-gradient", witness="finite-differences")
@pytest.mark.claim("cross-entropy-bias-gradient", witness="finite-differences")
@fewer_examples(2)
@given(neuron_and_batch(weight_bound=3.0, bias_bound=10.0))
def test_cross_entropy_neuron_backprop_matches_central_differences(case):
    network, x, y = case
    assert_matches_finite_differences(network, x, y, *network.backprop(x, y))
