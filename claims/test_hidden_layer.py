"""With the cross-entropy the output error is a - y, but a hidden neuron's error still carries
its own sigma'(z^l) (eq. (BP2)): its gradients vanish as it saturates while the output error
does not (claim hidden-layer-keeps-sigma-prime)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.strategies import batches, networks
from claims.witnesses import EPS, assert_matches_finite_differences, fewer_examples, slope_of_sigmoid


@st.composite
def saturated_hidden_case(draw, max_saturation: float = 745.0):
    """A 3-layer sigmoid/cross-entropy network whose hidden neuron k has weighted input s for
    every example (incoming weights 0, bias s), one example x and the target opposite to the
    rounded output, so |a - y| >= 1/2 at the output."""
    network = draw(networks("sigmoid", "cross_entropy", min_layers=3, max_layers=3))
    k = draw(st.integers(0, network.sizes[1] - 1))
    s = draw(st.one_of(st.floats(-max_saturation, max_saturation),
                       st.sampled_from([max_saturation, -max_saturation, 40.0, -40.0])))
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
    # ...yet the hidden neuron's bias gradient is bounded by sum_j |W_jk| sigma'(s) <= sum_j |W_jk| e^{-|s|}.
    bound = np.abs(network.weights[1][:, k]).sum() * np.exp(-abs(s))
    assert abs(grads_b[0][k]) <= bound * (1 + 8 * EPS) + 1e-300


@pytest.mark.claim("hidden-layer-keeps-sigma-prime", witness="finite-differences")
@fewer_examples(4)
@given(saturated_hidden_case(max_saturation=12.0))
def test_backprop_through_a_saturating_hidden_neuron_matches_central_differences(case):
    network, x, y, _, _ = case
    assert_matches_finite_differences(network, x, y, *network.backprop(x, y))
