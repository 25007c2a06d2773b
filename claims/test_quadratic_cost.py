"""One sigmoid neuron with C = (y - a)^2 / 2: dC/dw = (a - y) sigma'(z) x and dC/db = (a - y)
sigma'(z) (eq. (55)-(56)); both vanish as the neuron saturates (claim
quadratic-gradient-has-sigma-prime)."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from claims.strategies import any_weighted_input, moderate_weighted_input, unit_targets
from claims.witnesses import EPS, assert_matches_finite_differences, fewer_examples, slope_of_sigmoid
from engine.activations import sigmoid
from engine.network import Network

inputs = st.floats(-5.0, 5.0)


def single_neuron(w: float, b: float, cost: str = "quadratic") -> Network:
    network = Network([1, 1], output="sigmoid", cost=cost, seed=0)
    network.weights[0][0, 0] = w
    network.biases[0][0] = b
    return network


@pytest.mark.claim("quadratic-gradient-has-sigma-prime", witness="sympy")
def test_quadratic_cost_gradients_of_one_neuron_carry_sigma_prime():
    w, b, x, y = sp.symbols("w b x y", real=True)
    z = w * x + b
    a = 1 / (1 + sp.exp(-z))
    cost = (y - a) ** 2 / 2
    sigma_prime = a * (1 - a)  # claim sigmoid-derivative
    t = sp.symbols("t", positive=True)  # t = e^{-z}: both sides become rational in t

    def rational(expression):
        return sp.cancel(expression.subs(sp.exp(-z), t))

    assert rational(sp.diff(cost, w) - (a - y) * sigma_prime * x) == 0
    assert rational(sp.diff(cost, b) - (a - y) * sigma_prime) == 0


@pytest.mark.claim("quadratic-gradient-has-sigma-prime", witness="hypothesis")
@given(w=moderate_weighted_input(6.0), b=moderate_weighted_input(30.0), x=inputs, y=unit_targets())
def test_engine_backprop_of_quadratic_neuron_equals_error_times_sigma_prime(w, b, x, y):
    network = single_neuron(w, b)
    z = w * x + b
    a = float(sigmoid(z))
    for path in ("general", "fused"):
        grads_w, grads_b = network.backprop(np.array([[x]]), np.array([[y]]), path=path)
        slope = float(slope_of_sigmoid(z))
        expected_b = (a - y) * slope
        # A handful of roundings in each product: relative 8 eps of the largest factor product.
        tolerance = 8 * EPS * abs(a - y) * slope + 1e-300
        assert abs(grads_b[0][0] - expected_b) <= tolerance
        assert abs(grads_w[0][0, 0] - expected_b * x) <= tolerance * max(1.0, abs(x)) * 2


@pytest.mark.claim("quadratic-gradient-has-sigma-prime", witness="finite-differences")
@fewer_examples(2)
@given(w=moderate_weighted_input(3.0), b=moderate_weighted_input(8.0), x=inputs, y=unit_targets())
def test_quadratic_neuron_backprop_matches_central_differences(w, b, x, y):
    network = single_neuron(w, b)
    xs, ys = np.array([[x]]), np.array([[y]])
    assert_matches_finite_differences(network, xs, ys, *network.backprop(xs, ys))


@pytest.mark.claim("quadratic-gradient-has-sigma-prime", witness="hypothesis")
@given(z=any_weighted_input(), y=unit_targets())
def test_quadratic_bias_gradient_vanishes_as_neuron_saturates(z, y):
    # |dC/db| = |a - y| sigma'(z) <= sigma'(z) < e^{-|z|}, however wrong the output: the bound
    # decays exponentially with |z| (here checked through the engine's backprop with x = 1).
    network = single_neuron(0.0, z)
    _, grads_b = network.backprop(np.array([[1.0]]), np.array([[y]]))
    assert abs(grads_b[0][0]) <= np.exp(-abs(z)) * (1 + 4 * EPS)

