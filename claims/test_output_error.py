"""The output error delta^L = dC/dz^L that the general chain rule (Network.output_delta: the
output layer's Jacobian applied to dC/da) produces for each pairing of output layer and cost:
(a - y) sigma'(z) for sigmoid + quadratic (eq. (65)), a - y for sigmoid + cross-entropy
(eq. (66)-(67)), linear + quadratic (eq. (68)-(70)) and softmax + log-likelihood (eq. (84))."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import (
    SIGMOID_OPEN_RANGE,
    any_weighted_input,
    batches,
    moderate_weighted_input,
    networks,
    one_hot_rows,
    softmax_inputs,
    targets_for,
    unit_targets,
)
from claims.witnesses import (
    EPS,
    assert_matches_finite_differences,
    fewer_examples,
    sigmoid_general_delta_tolerance,
    slope_of_sigmoid,
)
from engine.activations import softmax
from engine.errors import SaturatedOutputError
from engine.network import Network


def output_layer(output: str, cost: str, n: int) -> Network:
    """A network whose output layer has n neurons; output_delta only uses its output and cost."""
    return Network([1, n], output=output, cost=cost, seed=0)


@st.composite
def z_and_targets(draw, elements, targets):
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 8))
    z = draw(hnp.arrays(np.float64, (m, n), elements=elements))
    return z, draw(hnp.arrays(np.float64, (m, n), elements=targets))


@st.composite
def network_case(draw, output, cost, magnitude=3.0):
    network = draw(networks(output, cost))
    x = draw(batches(network.sizes[0], magnitude=magnitude))
    y = draw(targets_for(cost, len(x), network.sizes[-1]))
    return network, x, y


def assert_output_layer_gradients(network, x, y, delta_of, relative=2):
    """dC/dW^L = (1/n) sum_x delta^L (a^{L-1})^T and dC/db^L = (1/n) sum_x delta^L for backprop,
    with delta^L given as a formula of (z^L, a^L, y); tolerance m eps of the summed magnitudes."""
    zs, activations = network.forward(x)
    delta = delta_of(zs[-1], activations[-1], y)
    grads_w, grads_b = network.backprop(x, y)
    m = len(x)
    weight_scale = np.abs(delta).T @ np.abs(activations[-2]) / m
    bias_scale = np.abs(delta).mean(axis=0)
    weight_error = np.abs(grads_w[-1] - delta.T @ activations[-2] / m)
    np.testing.assert_array_less(weight_error, relative * m * EPS * weight_scale + 1e-300)
    bias_error = np.abs(grads_b[-1] - delta.mean(axis=0))
    np.testing.assert_array_less(bias_error, relative * m * EPS * bias_scale + 1e-300)


# --- sigmoid + quadratic: delta^L = (a - y) sigma'(z), eq. (65) ---------------------------------

@pytest.mark.claim("quadratic-output-gradient", witness="hypothesis")
@given(z_and_targets(any_weighted_input(1e4), st.floats(-2.0, 2.0)))
def test_general_quadratic_sigmoid_output_error_is_error_times_sigma_prime(case):
    z, y = case
    layer = output_layer("sigmoid", "quadratic", z.shape[1])
    a = layer.output.forward(z)
    delta = layer.output_delta(z, a, y)
    # Two products of rounded factors: 4 eps relative.
    np.testing.assert_allclose(delta, (a - y) * slope_of_sigmoid(z), rtol=4 * EPS, atol=1e-300)


# --- sigmoid + cross-entropy: delta^L = a - y, eq. (66)-(67) -------------------------------------

@pytest.mark.claim("delta-sigmoid-cross-entropy", witness="hypothesis")
@given(z_and_targets(moderate_weighted_input(SIGMOID_OPEN_RANGE), unit_targets()))
def test_general_chain_rule_cross_entropy_sigmoid_output_error_is_a_minus_y(case):
    z, y = case
    layer = output_layer("sigmoid", "cross_entropy", z.shape[1])
    a = layer.output.forward(z)
    assume(np.all((a > 0) & (a < 1)))  # dC/da is finite only inside (0, 1)
    delta = layer.output_delta(z, a, y)
    assert np.all(np.abs(delta - (a - y)) <= sigmoid_general_delta_tolerance(a, y))


@pytest.mark.parametrize("output, cost, z, y", [
    # 1 - sigma(800) = e^{-800} underflows to 0 even from z, so (1 - y)/(1 - a) is 1/0
    pytest.param("sigmoid", "cross_entropy", [[800.0]], [[0.0]],
                 marks=pytest.mark.claim("delta-sigmoid-cross-entropy", witness="numerical")),
    # e^{-1000} underflows: the labelled class gets a_y == 0 and -y/a is -1/0
    pytest.param("softmax", "log_likelihood", [[0.0, -1000.0]], [[0.0, 1.0]],
                 marks=pytest.mark.claim("delta-softmax-log-likelihood", witness="numerical")),
])
def test_general_path_refuses_a_saturated_wrong_output_with_a_clear_error(output, cost, z, y):
    layer = output_layer(output, cost, len(z[0]))
    z, y = np.array(z), np.array(y)
    a = layer.output.forward(z)
    with pytest.raises(SaturatedOutputError, match="saturated"):
        layer.output_delta(z, a, y)
    assert np.array_equal(layer.fused_output_delta(z, a, y), a - y)  # the limit, exactly


# --- linear + quadratic: delta^L = a - y, eq. (68)-(70) -----------------------------------------

@pytest.mark.claim("delta-linear-quadratic", witness="hypothesis")
@given(z_and_targets(any_weighted_input(1e150), st.floats(-1e150, 1e150)))
def test_general_quadratic_linear_output_error_is_a_minus_y(case):
    z, y = case
    layer = output_layer("linear", "quadratic", z.shape[1])
    a = layer.output.forward(z)
    assert np.array_equal(a, z)
    # dC/da = a - y and the identity Jacobian: no rounding beyond that one subtraction.
    assert np.array_equal(layer.output_delta(z, a, y), a - y)


# --- softmax + log-likelihood: delta^L = a - y, eq. (84) ----------------------------------------

@st.composite
def softmax_rows(draw):
    rows = draw(st.integers(1, 4))
    z = draw(softmax_inputs(elements=moderate_weighted_input(300.0), max_size=12))
    stacked = np.stack([z] + [draw(st.permutations(z)) for _ in range(rows - 1)])
    return stacked, draw(one_hot_rows(rows, z.size))


@pytest.mark.claim("delta-softmax-log-likelihood", witness="hypothesis")
@given(softmax_rows())
def test_general_chain_rule_softmax_log_likelihood_output_error_is_a_minus_y(case):
    z, y = case
    layer = output_layer("softmax", "log_likelihood", z.shape[1])
    a = softmax(z)
    assume(np.all(a[y == 1] > 0))  # -1/a_y must be finite
    delta = layer.output_delta(z, a, y)
    # delta = a * (g - <a, g>) with g = -y/a and <a, g> = -1 (1 +- eps): the label entry is
    # a_y (1 - 1/a_y), a few roundings of numbers of size 1 (4 eps); the others a_j (1 +- eps).
    assert np.all(np.abs(delta - (a - y)) <= 4 * EPS * (1 + np.abs(a - y)))


@pytest.mark.claim("delta-softmax-log-likelihood", witness="sympy")
def test_derivative_of_minus_log_softmax_is_a_minus_one_hot():
    z = sp.symbols("z1:5", real=True)
    log_denominator = sp.log(sum(sp.exp(zk) for zk in z))
    a = [sp.exp(zj - log_denominator) for zj in z]
    cost = -(z[1] - log_denominator)  # -ln a_2, written through ln a_j = z_j - ln sum e^z
    for j in range(4):
        y_j = 1 if j == 1 else 0
        assert sp.cancel(sp.together(sp.powsimp(sp.diff(cost, z[j]) - (a[j] - y_j), combine="exp"))) == 0


# --- all four pairings: the output-layer gradients built from delta^L, and finite differences ---

def error(z, a, y):
    return a - y


def error_times_sigma_prime(z, a, y):
    return (a - y) * slope_of_sigmoid(z)


def pairing(output, cost, claim, witness, delta=None):
    values = (output, cost) if delta is None else (output, cost, delta)
    return pytest.param(*values, marks=pytest.mark.claim(claim, witness=witness), id=f"{output}-{cost}")


@pytest.mark.parametrize("output, cost, delta_of", [
    # eq. (65), (67), (70) and (81)-(82)
    pairing("sigmoid", "quadratic", "quadratic-output-gradient", "hypothesis", error_times_sigma_prime),
    pairing("sigmoid", "cross_entropy", "delta-sigmoid-cross-entropy", "hypothesis", error),
    pairing("linear", "quadratic", "delta-linear-quadratic", "hypothesis", error),
    pairing("softmax", "log_likelihood", "log-likelihood-gradients", "hypothesis", error),  # (81)-(82)
])
@given(data=st.data())
def test_output_weight_gradient_is_mean_previous_activation_times_output_error(output, cost, delta_of, data):
    network, x, y = data.draw(network_case(output, cost, magnitude=1e3))
    # sigmoid + quadratic: the engine's sigma'(z) = e^{-z} sigma(z)^2 and the witness's
    # sigma(z) sigma(-z) are each within 6 ulps of the exact slope (test_high_precision), so the
    # two deltas may differ by a few eps more than the products alone: 6 instead of 2.
    relative = 6 if (output, cost) == ("sigmoid", "quadratic") else 2
    assert_output_layer_gradients(network, x, y, delta_of, relative=relative)


@pytest.mark.parametrize("output, cost", [
    pairing("sigmoid", "quadratic", "quadratic-output-gradient", "finite-differences"),
    pairing("sigmoid", "cross_entropy", "delta-sigmoid-cross-entropy", "finite-differences"),
    pairing("linear", "quadratic", "delta-linear-quadratic", "finite-differences"),
])
@fewer_examples(4)
@given(data=st.data())
def test_network_backprop_matches_central_differences(output, cost, data):
    network, x, y = data.draw(network_case(output, cost))
    assert_matches_finite_differences(network, x, y, *network.backprop(x, y))


def sigmoid_quadratic_tolerance(a, y):
    return 4 * EPS * np.abs(a - y) * a * (1 - a) + 1e-300  # two rounded products


def sigmoid_cross_entropy_tolerance(a, y):
    return sigmoid_general_delta_tolerance(a, y)


def exact(a, y):
    return np.zeros_like(a)


def softmax_log_likelihood_tolerance(a, y):
    return 4 * EPS * (1 + np.abs(a - y))  # see the general-path test above


@pytest.mark.parametrize("output, cost, tolerance", [
    pairing("sigmoid", "quadratic", "quadratic-output-gradient", "hypothesis", sigmoid_quadratic_tolerance),
    pairing("sigmoid", "cross_entropy", "delta-sigmoid-cross-entropy", "hypothesis",
            sigmoid_cross_entropy_tolerance),
    pairing("linear", "quadratic", "delta-linear-quadratic", "hypothesis", exact),
    pairing("softmax", "log_likelihood", "delta-softmax-log-likelihood", "hypothesis",
            softmax_log_likelihood_tolerance),
])
@given(data=st.data())
def test_closed_form_output_error_used_in_training_equals_the_general_chain_rule(output, cost, tolerance, data):
    network, x, y = data.draw(network_case(output, cost, magnitude=10.0))
    zs, activations = network.forward(x)
    a = activations[-1]
    if network.output.output_range == (0.0, 1.0):
        assume(np.all(a[(y != a)] > 0) and np.all(a[(y != a)] < 1))  # general path finite
    general = network.output_delta(zs[-1], a, y)
    closed_form = network.fused_output_delta(zs[-1], a, y)
    assert np.all(np.abs(closed_form - general) <= tolerance(a, y))
