"""Many layers: the output error delta^L = dC/dz^L that the general chain rule
(Network.output_delta: the output layer's Jacobian applied to dC/da) produces for each pairing of
output layer and cost: (a - y) sigma'(z) for sigmoid + quadratic (eq. (65)), a - y for sigmoid +
cross-entropy (eq. (66)-(67)) and linear + quadratic (eq. (68)-(70)); hidden neurons keep their
own sigma'(z^l) (eq. (BP2)) and can saturate whatever the cost.

The tests over all pairings also cover softmax + log-likelihood (eq. (81)-(82), (84)), claims of
the log-likelihood topic.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import (
    SIGMOID_OPEN_RANGE,
    any_weighted_input,
    batches,
    moderate_weighted_input,
    networks,
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


# --- all four pairings: the output-layer gradients built from delta^L, and finite differences ---


def error(z, a, y):
    return a - y


def error_times_sigma_prime(z, a, y):
    return (a - y) * slope_of_sigmoid(z)


@pytest.mark.parametrize(
    "output, cost, delta_of",
    [
        # eq. (65), (67), (70) and (81)-(82)
        pytest.param(
            "sigmoid",
            "quadratic",
            error_times_sigma_prime,
            id="sigmoid-quadratic",
            marks=pytest.mark.claim("quadratic-output-gradient", witness="hypothesis"),
        ),
        pytest.param(
            "sigmoid",
            "cross_entropy",
            error,
            id="sigmoid-cross_entropy",
            marks=pytest.mark.claim("delta-sigmoid-cross-entropy", witness="hypothesis"),
        ),
        pytest.param(
            "linear",
            "quadratic",
            error,
            id="linear-quadratic",
            marks=pytest.mark.claim("delta-linear-quadratic", witness="hypothesis"),
        ),
        pytest.param(
            "softmax",
            "log_likelihood",
            error,
            id="softmax-log_likelihood",
            marks=pytest.mark.claim("log-likelihood-gradients", witness="hypothesis"),
        ),  # (81)-(82)
    ],
)
@given(data=st.data())
def test_output_weight_gradient_is_mean_previous_activation_times_output_error(
    output, cost, delta_of, data
):
    network, x, y = data.draw(network_case(output, cost, magnitude=1e3))
    # sigmoid + quadratic: the engine's sigma'(z) = e^{-z} sigma(z)^2 and the witness's
    # sigma(z) sigma(-z) are each within 6 ulps of the exact slope (test_sigmoid_quadratic's
    # high-precision witness), so the two deltas may differ by a few eps more than the products
    # alone: 6 instead of 2.
    relative = 6 if (output, cost) == ("sigmoid", "quadratic") else 2
    assert_output_layer_gradients(network, x, y, delta_of, relative=relative)


@pytest.mark.parametrize(
    "output, cost",
    [
        pytest.param(
            "sigmoid",
            "quadratic",
            id="sigmoid-quadratic",
            marks=pytest.mark.claim("quadratic-output-gradient", witness="finite-differences"),
        ),
        pytest.param(
            "sigmoid",
            "cross_entropy",
            id="sigmoid-cross_entropy",
            marks=pytest.mark.claim("delta-sigmoid-cross-entropy", witness="finite-differences"),
        ),
        pytest.param(
            "linear",
            "quadratic",
            id="linear-quadratic",
            marks=pytest.mark.claim("delta-linear-quadratic", witness="finite-differences"),
        ),
    ],
)
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


@pytest.mark.parametrize(
    "output, cost, tolerance",
    [
        pytest.param(
            "sigmoid",
            "quadratic",
            sigmoid_quadratic_tolerance,
            id="sigmoid-quadratic",
            marks=pytest.mark.claim("quadratic-output-gradient", witness="hypothesis"),
        ),
        pytest.param(
            "sigmoid",
            "cross_entropy",
            sigmoid_cross_entropy_tolerance,
            id="sigmoid-cross_entropy",
            marks=pytest.mark.claim("delta-sigmoid-cross-entropy", witness="hypothesis"),
        ),
        pytest.param(
            "linear",
            "quadratic",
            exact,
            id="linear-quadratic",
            marks=pytest.mark.claim("delta-linear-quadratic", witness="hypothesis"),
        ),
        pytest.param(
            "softmax",
            "log_likelihood",
            softmax_log_likelihood_tolerance,
            id="softmax-log_likelihood",
            marks=pytest.mark.claim("delta-softmax-log-likelihood", witness="hypothesis"),
        ),
    ],
)
@given(data=st.data())
def test_closed_form_output_error_used_in_training_equals_the_general_chain_rule(
    output, cost, tolerance, data
):
    network, x, y = data.draw(network_case(output, cost, magnitude=10.0))
    zs, activations = network.forward(x)
    a = activations[-1]
    if network.output.output_range == (0.0, 1.0):
        assume(np.all(a[(y != a)] > 0) and np.all(a[(y != a)] < 1))  # general path finite
    general = network.output_delta(zs[-1], a, y)
    closed_form = network.fused_output_delta(zs[-1], a, y)
    assert np.all(np.abs(closed_form - general) <= tolerance(a, y))


@st.composite
def saturated_hidden_case(draw, max_saturation: float = 745.0):
    """A 3-layer sigmoid/cross-entropy network whose hidden neuron k has weighted input s for
    every example (incoming weights 0, bias s), one example x and the target opposite to the
    rounded output, so |a - y| >= 1/2 at the output."""
    network = draw(networks("sigmoid", "cross_entropy", min_layers=3, max_layers=3))
    k = draw(st.integers(0, network.sizes[1] - 1))
    s = draw(
        st.one_of(
            st.floats(-max_saturation, max_saturation),
            st.sampled_from([max_saturation, -max_saturation, 40.0, -40.0]),
        )
    )
    network.weights[0][k, :] = 0.0
    network.biases[0][k] = s
    x = draw(batches(network.sizes[0], max_rows=1))
    y = 1.0 - np.round(network.feedforward(x))
    return network, x, y, k, s


@pytest.mark.claim("hidden-layer-keeps-sigma-prime", witness="hypothesis")
@given(saturated_hidden_case())
def test_hidden_bias_gradient_is_back_propagated_error_times_that_neurons_sigma_prime(case):
    network, x, y, k, s = case
    zs, activations = network.forward(x)
    output_error = activations[-1] - y  # delta^L for sigmoid + cross-entropy, no sigma' factor
    grads_w, grads_b = network.backprop(x, y)
    outgoing = network.weights[1][:, k]
    back_propagated = float(output_error[0] @ outgoing)
    slope = float(slope_of_sigmoid(s))
    # delta^1_k = (W^2 delta^2)_k sigma'(s): a dot product of n_out terms, then one product.
    magnitude = float(np.abs(output_error[0]) @ np.abs(outgoing)) * slope
    tolerance = 4 * (network.sizes[-1] + 1) * EPS * magnitude
    assert abs(grads_b[0][k] - back_propagated * slope) <= tolerance + 1e-300
    np.testing.assert_allclose(grads_b[-1], output_error[0], rtol=2 * EPS)


@pytest.mark.claim("hidden-layer-keeps-sigma-prime", witness="hypothesis")
@given(saturated_hidden_case())
def test_saturated_hidden_neuron_stops_learning_while_the_output_error_stays_large(case):
    network, x, y, k, s = case
    grads_w, grads_b = network.backprop(x, y)
    # |delta^L_j| = |a_j - y_j| >= 1/2 for every output: the cross-entropy output error is large...
    assert np.all(np.abs(grads_b[-1]) >= 0.5)
    # ...yet the hidden neuron's bias gradient is bounded by
    # sum_j |W_jk| sigma'(s) <= sum_j |W_jk| e^{-|s|}.
    bound = np.abs(network.weights[1][:, k]).sum() * np.exp(-abs(s))
    assert abs(grads_b[0][k]) <= bound * (1 + 8 * EPS) + 1e-300


@pytest.mark.claim("hidden-layer-keeps-sigma-prime", witness="finite-differences")
@fewer_examples(4)
@given(saturated_hidden_case(max_saturation=12.0))
def test_backprop_through_a_saturating_hidden_neuron_matches_central_differences(case):
    network, x, y, _, _ = case
    assert_matches_finite_differences(network, x, y, *network.backprop(x, y))


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


def twin(network: Network, cost: str) -> Network:
    """A network with the same sizes and parameters and another cost."""
    other = Network(network.sizes, output=network.output.name, cost=cost, seed=0)
    for mine, theirs in zip(other.params, network.params):
        mine[:] = theirs
    return other


@pytest.mark.claim("cross-entropy-does-not-prevent-saturation", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_changing_the_cost_leaves_outputs_and_saturation_unchanged(data):
    """The same parameters give bit-identical weighted inputs and outputs under both costs;
    with the output biases pushed to +S (S >= 20) every output is within e^{-S/2} of 1 under the
    cross-entropy too, and its error for target 0 stays at 1 in size instead of vanishing."""
    quadratic = data.draw(networks("sigmoid", "quadratic"))
    shift = data.draw(st.floats(20.0, 700.0))
    quadratic.biases[-1][:] = shift + 3 * np.abs(quadratic.weights[-1]).sum(axis=1)
    cross_entropy = twin(quadratic, "cross_entropy")
    x = data.draw(batches(quadratic.sizes[0]))
    zs_quadratic, outputs_quadratic = quadratic.forward(x)
    zs_cross_entropy, outputs_cross_entropy = cross_entropy.forward(x)
    for ours, theirs in zip(
        zs_quadratic + outputs_quadratic, zs_cross_entropy + outputs_cross_entropy
    ):
        assert np.array_equal(ours, theirs)
    assert np.all(outputs_cross_entropy[-1] >= 1 - math.exp(-shift / 2))
    targets = np.zeros_like(outputs_cross_entropy[-1])
    delta = cross_entropy.fused_output_delta(
        zs_cross_entropy[-1], outputs_cross_entropy[-1], targets
    )
    assert np.all(np.abs(delta) >= 1 - math.exp(-shift / 2))
