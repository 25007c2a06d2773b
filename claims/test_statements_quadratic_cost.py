"""The quadratic cost C = (1/2n) sum_x ||y - a||^2 (Nielsen eq. (6), (54)), its gradients at the
neuron's training example, the gradient-descent step (eq. (20)-(21)) and linear output layers.
"""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import any_weighted_input, batches, networks, targets_for
from claims.witnesses import EPS, fewer_examples
from engine.costs import QUADRATIC
from engine.network import Network
from engine.training import sgd

moderate_reals = st.one_of(st.sampled_from([0.0, 5e-324, -1e-300, 1.0, -1e6]), st.floats(-1e6, 1e6))


@st.composite
def output_target_rows(draw, elements=moderate_reals):
    """(a, y): m x n arrays of outputs and targets, 1 to 6 rows of 1 to 10 entries."""
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 10)))
    return draw(hnp.arrays(np.float64, shape, elements=elements)), draw(hnp.arrays(np.float64, shape, elements=elements))


@pytest.mark.claim("quadratic-cost-definition", witness="hypothesis")
@given(output_target_rows())
def test_engine_quadratic_cost_is_half_the_squared_error_norm(pair):
    a, y = pair
    per_example = QUADRATIC.value(a, y)
    for row, value in enumerate(per_example):
        expected = math.fsum((yi - ai) ** 2 for ai, yi in zip(a[row].tolist(), y[row].tolist())) / 2
        # Each squared difference is rounded once (relative eps) and the engine's sum adds up to
        # n - 1 more roundings: relative (n + 2) eps of the exact sum of non-negative terms.
        assert abs(value - expected) <= (a.shape[1] + 2) * EPS * expected


@pytest.mark.claim("quadratic-cost-definition", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_network_quadratic_cost_is_the_average_over_examples(data):
    network = data.draw(networks("linear", "quadratic"))
    x = data.draw(batches(network.sizes[0]))
    y = data.draw(targets_for("quadratic", len(x), network.sizes[-1]))
    a = network.feedforward(x)
    expected = math.fsum(((y - a) ** 2).ravel().tolist()) / (2 * len(x))
    # Mean of m per-example sums: relative (n + m + 2) eps of a sum of non-negative terms.
    assert abs(network.cost_value(x, y) - expected) <= (a.size + len(x) + 2) * EPS * expected


@pytest.mark.claim("quadratic-shares-cost-properties", witness="hypothesis")
@given(output_target_rows(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_quadratic_cost_is_nonnegative_and_shrinks_to_zero_as_output_nears_target(pair, s, t):
    """a(s) = y + s (a - y): the cost is >= 0, exactly 0 at s = 0 and never larger at the smaller
    of two scales (floating-point rounding is monotone, so this holds exactly, no tolerance)."""
    a, y = pair
    near, far = sorted((s, t))
    cost_near = QUADRATIC.value(y + near * (a - y), y)
    cost_far = QUADRATIC.value(y + far * (a - y), y)
    assert np.all(QUADRATIC.value(a, y) >= 0)
    assert np.all(QUADRATIC.value(y, y) == 0)
    assert np.all(cost_near <= cost_far)


@pytest.mark.claim("quadratic-gradient-at-the-example", witness="sympy")
def test_quadratic_gradients_at_x1_y0_both_equal_a_sigma_prime():
    w, b, x, y = sp.symbols("w b x y", real=True)
    t = sp.symbols("t", positive=True)  # t = e^{-z}: every expression becomes rational in t
    a = 1 / (1 + sp.exp(-(w * x + b)))
    cost = (y - a) ** 2 / 2
    at_example = {x: 1, y: 0}
    a_at_example = a.subs(at_example)
    sigma_prime = a_at_example * (1 - a_at_example)

    def rational(expression):
        return sp.cancel(expression.subs(sp.exp(-b - w), t))

    for parameter in (w, b):
        gradient = sp.diff(cost, parameter).subs(at_example)
        assert rational(gradient - a_at_example * sigma_prime) == 0


@pytest.mark.claim("gradient-descent-step", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_one_sgd_step_on_one_example_moves_parameters_by_minus_eta_times_backprop_gradient(data):
    pairing = data.draw(st.sampled_from([("sigmoid", "quadratic"), ("sigmoid", "cross_entropy"),
                                         ("softmax", "log_likelihood"), ("linear", "quadratic")]))
    output, cost = pairing
    network = data.draw(networks(output, cost, min_output=2 if output == "softmax" else 1))
    x = data.draw(batches(network.sizes[0], max_rows=1))
    y = data.draw(targets_for(cost, 1, network.sizes[-1]))
    eta = data.draw(st.one_of(st.sampled_from([1e-3, 0.15, 3.0]), st.floats(1e-4, 5.0)))
    grads_w, grads_b = network.backprop(x, y)
    before = [params.copy() for params in network.params]
    sgd(network, x, y, epochs=1, mini_batch_size=1, eta=eta)
    for layer, (start, after, gw, gb) in enumerate(zip(before, network.params, grads_w, grads_b)):
        gradient = np.column_stack([gw, gb])
        # The training loop forms the same increment by another order of operations (bias folded
        # into the product, the update scaled before the products): the increments agree to a
        # few dozen roundings of the layer's largest increment, and the subtraction adds one ulp
        # of each parameter.
        tolerance = 2 * np.spacing(np.abs(start)) + 128 * EPS * eta * np.abs(gradient).max()
        assert np.all(np.abs(after - (start - eta * gradient)) <= tolerance), f"layer {layer + 1}"


@pytest.mark.claim("quadratic-fine-for-linear-outputs", witness="hypothesis")
@given(z=any_weighted_input(max_magnitude=1e300), y=st.floats(-3.0, 3.0))
def test_linear_output_quadratic_error_is_a_minus_y_however_large_z(z, y):
    """A linear output neuron with a = z = b (w = 0, x = 1): the engine's chain-rule output error
    and both gradients are exactly a - y, with no factor that shrinks as |z| grows (a sigmoid
    output at the same z would carry sigma'(z) < e^{-|z|})."""
    network = Network([1, 1], output="linear", cost="quadratic", seed=0)
    network.params[0][:] = [[0.0, z]]
    x, target = np.array([[1.0]]), np.array([[y]])
    grads_w, grads_b = network.backprop(x, target, path="general")
    error = z - y
    assert grads_b[0][0] == error and grads_w[0][0, 0] == error
