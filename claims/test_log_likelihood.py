"""The log-likelihood cost C = -ln a_y (eq. (80)) of a softmax output layer: small exactly when
the network is confident in the right class; its gradients are dC/db_j = a_j - y_j and
dC/dw_jk = a^{L-1}_k (a_j - y_j) (eq. (81)-(82)), from the output error delta^L = a^L - y
(eq. (84)).
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from claims import high_precision as hp
from claims.high_precision import SOFTMAX_VECTORS, assert_within_ulps
from claims.strategies import (
    batches,
    distributions,
    moderate_weighted_input,
    networks,
    one_hot_rows,
    softmax_inputs,
)
from claims.witnesses import EPS, assert_matches_finite_differences, fewer_examples
from engine.activations import log_softmax, softmax
from engine.costs import LOG_LIKELIHOOD, log_likelihood, log_likelihood_from_z
from engine.network import Network


@st.composite
def distribution_and_label(draw):
    a = draw(distributions(min_size=1, max_size=20))
    label = draw(st.integers(0, a.size - 1))
    y = np.zeros_like(a)
    y[label] = 1.0
    return a, y, label


@st.composite
def softmax_network_case(draw, magnitude: float = 3.0, min_output: int = 1):
    network = draw(networks("softmax", "log_likelihood", min_output=min_output))
    x = draw(batches(network.sizes[0], magnitude=magnitude))
    y = draw(one_hot_rows(len(x), network.sizes[-1]))
    return network, x, y


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="hypothesis")
@given(distribution_and_label(), st.floats(1e-12, 50.0))
def test_log_likelihood_is_below_epsilon_iff_correct_class_probability_exceeds_e_to_minus_epsilon(
    case, epsilon
):
    a, y, label = case
    cost = float(LOG_LIKELIHOOD.value(a[None, :], y[None, :])[0])
    threshold = np.exp(-epsilon)
    # Within a few ulps of the threshold rounding decides; outside it the equivalence is exact.
    assume(abs(a[label] - threshold) > 8 * EPS * threshold)
    assert (cost < epsilon) == (a[label] > threshold)


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="hypothesis")
@given(distribution_and_label())
def test_log_likelihood_lies_between_one_minus_p_and_one_minus_p_over_p(case):
    # 1 - p <= -ln p <= (1 - p)/p for p in (0, 1]: near 0 iff p near 1, large iff p small.
    a, y, label = case
    p = a[label]
    cost = float(LOG_LIKELIHOOD.value(a[None, :], y[None, :])[0])
    assert cost >= (1 - p) * (1 - 4 * EPS) - EPS
    assert cost <= (1 - p) / p * (1 + 4 * EPS) + EPS


@pytest.mark.claim("log-likelihood-gradients", witness="sympy")
def test_log_likelihood_bias_gradient_of_softmax_layer_is_a_minus_y():
    z = sp.symbols("z1:4", real=True)
    denominator = sum(sp.exp(zk) for zk in z)
    a = [sp.exp(zj) / denominator for zj in z]
    for label in range(3):
        cost = -sp.log(a[label])
        for j in range(3):
            y_j = 1 if j == label else 0
            assert (
                sp.cancel(
                    sp.together(sp.expand_log(sp.diff(cost, z[j]), force=True) - (a[j] - y_j))
                )
                == 0
            )


@pytest.mark.claim("log-likelihood-gradients", witness="hypothesis")
@given(softmax_network_case())
def test_general_chain_rule_path_gives_the_same_log_likelihood_gradients(case):
    network, x, y = case
    _, activations = network.forward(x)
    assume(np.all(activations[-1][y == 1] > 0))  # dC/da = -1/a_y must be finite
    general = network.backprop(x, y, path="general")
    fused = network.backprop(x, y, path="fused")
    # General delta differs from a - y by a few eps per entry (see test_output_error.py); the
    # hidden layers multiply that by |W| sigma' <= |W|/4 per layer.
    for g, f in zip(general[0] + general[1], fused[0] + fused[1]):
        np.testing.assert_allclose(g, f, rtol=1e-9, atol=1e-12)


@pytest.mark.claim("log-likelihood-gradients", witness="finite-differences")
@fewer_examples(4)
@given(softmax_network_case())
def test_softmax_log_likelihood_backprop_matches_central_differences(case):
    network, x, y = case
    assert_matches_finite_differences(network, x, y, *network.backprop(x, y))


@pytest.mark.claim("log-likelihood-like-cross-entropy", witness="hypothesis")
@given(st.data())
def test_per_example_output_gradients_of_both_pairings_are_previous_activation_times_error(data):
    sigmoid_net = data.draw(networks("sigmoid", "cross_entropy", min_layers=3, max_layers=3))
    # Same sizes, initialiser and seed: the same parameters, only the output layer and cost differ.
    softmax_net = Network(
        sigmoid_net.sizes,
        output="softmax",
        cost="log_likelihood",
        init=sigmoid_net.init,
        seed=sigmoid_net.seed,
    )
    x = data.draw(batches(sigmoid_net.sizes[0], max_rows=1))
    y = data.draw(one_hot_rows(1, sigmoid_net.sizes[-1]))
    for network in (sigmoid_net, softmax_net):
        _, activations = network.forward(x)
        grads_w, _ = network.backprop(x, y)
        expected = np.outer(activations[-1][0] - y[0], activations[-2][0])
        np.testing.assert_allclose(grads_w[-1], expected, rtol=2 * EPS, atol=1e-300)


def output_layer(output: str, cost: str, n: int) -> Network:
    """A network whose output layer has n neurons; output_delta only uses its output and cost."""
    return Network([1, n], output=output, cost=cost, seed=0)


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
        assert (
            sp.cancel(sp.together(sp.powsimp(sp.diff(cost, z[j]) - (a[j] - y_j), combine="exp")))
            == 0
        )


# --- high-precision witness: 60-digit mpmath values (claims/high_precision.py), ulps ------


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="numerical")
@pytest.mark.parametrize("z", SOFTMAX_VECTORS)
def test_log_softmax_entries_are_within_2_ulps_including_the_winner_next_to_zero(z):
    # shifted_j - log1p(r): the shift is exact, r (the other terms) has 1 ulp per exp and
    # 1/2 per sum, log1p 1 ulp; the winner's value is -log1p(r) alone: 2 ulps. A plain
    # ln(sum) rounds 1 + r to 1 and gives 0 for the winner of [0, -40] (exact -4.25e-18).
    for j, (computed, exact) in enumerate(zip(log_softmax(np.array(z)), hp.log_softmax(z))):
        assert_within_ulps(computed, exact, 2, f"log_softmax({z})[{j}]")


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="numerical")
def test_log_softmax_of_the_winner_keeps_the_digits_of_the_losers_share():
    # ln a_0 for z = (0, -40) is -ln(1 + e^{-40}) = -4.248354...e-18: a_0 itself rounds to 1, so
    # only a logarithm taken from z, never from a_0, keeps these digits
    assert log_softmax(np.array([0.0, -40.0]))[0] == pytest.approx(
        -4.248354255291589e-18, rel=4 * 2.0**-52, abs=0
    )


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="numerical")
@pytest.mark.parametrize("z", SOFTMAX_VECTORS)
def test_log_likelihood_from_a_and_from_z_are_within_their_ulp_bounds(z):
    y = np.zeros(len(z))
    y[-1] = 1.0  # the last class, often the least likely: the large costs
    exact = hp.log_likelihood_from_logs(hp.log_softmax(z), y)
    # from z: -log_softmax (2 ulps, above)
    assert_within_ulps(log_likelihood_from_z(np.array(z), y), exact, 2, f"LL from z = {z}")
    a = softmax(np.array(z))
    # from a: -y ln a of the given (rounded) a: the log 1 ulp, the product 1/2
    of_a = hp.log_likelihood_from_logs(
        [hp.mp.log(hp.mpf(v)) if v > 0 else hp.mp.mpf("-inf") for v in a], y
    )
    assert_within_ulps(log_likelihood(a, y), of_a, 2, f"LL from a = {a}")


@pytest.mark.claim("delta-softmax-log-likelihood", witness="numerical")
def test_fused_and_general_softmax_log_likelihood_gradients_agree_on_a_distribution():
    network = Network([2, 3], output="softmax", cost="log_likelihood", seed=1)
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    y = np.array([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])
    fused = network.backprop(x, y, path="fused")
    general = network.backprop(x, y, path="general")
    for f, g in zip(fused[0] + fused[1], general[0] + general[1]):
        # a - y against the arranged J^T g: a few eps of terms of size <= 2
        np.testing.assert_allclose(f, g, rtol=0, atol=64 * 2.0**-53)
