"""Why the quadratic cost learns slowly with sigmoid outputs: its output error carries sigma'(z)
(eq. (55)-(56), (BP1)), which is at most 1/4 and vanishes as the neuron saturates.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import any_weighted_input, batches, networks, unit_targets, vectors
from claims.witnesses import EPS, fewer_examples
from engine.activations import sigmoid, sigmoid_prime
from engine.network import Network

z = sp.symbols("z", real=True)
a = sp.symbols("a", positive=True)
t = sp.symbols("t", positive=True)  # t = e^{-z}
SIGMA = 1 / (1 + sp.exp(-z))
UNIT_INTERVAL = sp.Interval.open(0, 1)


def in_terms_of_t(expression):
    """A rational function of t = e^{-z}, in lowest terms (decides identities exactly)."""
    return sp.cancel(expression.subs(sp.exp(-z), t))


@pytest.mark.claim("sigmoid-prime-vanishes-when-saturated", witness="sympy")
def test_sigma_prime_peaks_at_one_quarter_and_tends_to_zero_at_both_ends():
    sigma_prime = sp.diff(SIGMA, z)
    assert sp.limit(sigma_prime, z, sp.oo) == 0 and sp.limit(sigma_prime, z, -sp.oo) == 0
    # sigma' = a (1 - a) with a = sigma(z) in (0, 1): its maximum over the outputs is 1/4 at a = 1/2
    assert in_terms_of_t(sigma_prime - SIGMA * (1 - SIGMA)) == 0
    assert sp.maximum(a * (1 - a), a, UNIT_INTERVAL) == sp.Rational(1, 4)
    assert sigma_prime.subs(z, 0) == sp.Rational(1, 4)


@pytest.mark.claim("sigmoid-prime-vanishes-when-saturated", witness="hypothesis")
@given(any_weighted_input())
def test_engine_sigma_prime_is_at_most_one_quarter_and_below_exp_minus_abs_z(weighted_input):
    slope = float(sigmoid_prime(weighted_input))
    # sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2 <= min(1/4, e^{-|z|}); the engine's product of two
    # sigmoids carries up to 3 roundings (near z = 0 it can land one ulp above 1/4): relative 4 eps.
    assert 0.0 <= slope <= 0.25 * (1 + 4 * EPS)
    assert slope <= np.exp(-abs(weighted_input)) * (1 + 4 * EPS)
    if abs(weighted_input) < 700:  # e^{-700} is still a normal float: sigma' must stay positive
        assert slope > 0


@pytest.mark.claim("quadratic-slower-when-badly-wrong", witness="sympy")
def test_quadratic_error_for_target_0_is_a_squared_one_minus_a_peaking_at_two_thirds():
    error = sp.diff(SIGMA ** 2 / 2, z)  # dC/dz for C = (0 - a)^2 / 2
    assert in_terms_of_t(error - SIGMA ** 2 * (1 - SIGMA)) == 0
    speed = a ** 2 * (1 - a)
    assert sp.maximum(speed, a, UNIT_INTERVAL) == sp.Rational(4, 27)
    assert sp.solve(sp.diff(speed, a), a) == [sp.Rational(2, 3)]
    at_saturated_start = speed.subs(a, float(sigmoid(4.0)))
    # a = sigma(4) = 0.982: the speed there is 0.017, under an eighth of the peak 4/27 = 0.148.
    assert at_saturated_start < sp.Rational(4, 27) / 8


@pytest.mark.claim("004-larger-error-always-slower", witness="sympy")
def test_quadratic_speed_grows_with_the_error_for_outputs_below_two_thirds(record_counterexample):
    """Refutation: for target 0 the speed a^2 (1 - a) increases with the error a on (0, 2/3)."""
    speed = a ** 2 * (1 - a)
    growing = sp.solve_univariate_inequality(sp.diff(speed, a) > 0, a, relational=False)
    assert growing.intersect(UNIT_INTERVAL) == sp.Interval.open(0, sp.Rational(2, 3))
    small_error, large_error = sp.Rational(3, 10), sp.Rational(6, 10)
    assert speed.subs(a, large_error) > speed.subs(a, small_error)
    record_counterexample(
        f"target 0: output a=0.3 has dC/dz = a^2(1-a) = {float(speed.subs(a, small_error)):.3f}, "
        f"the larger error a=0.6 has {float(speed.subs(a, large_error)):.3f}: the larger error "
        "learns faster (true for every a < 2/3)"
    )


@pytest.mark.claim("quadratic-slow-when-output-near-0-or-1", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_quadratic_sigmoid_output_error_is_bounded_by_sigma_prime_whatever_the_target(data):
    weighted_inputs = data.draw(vectors(any_weighted_input(), max_size=10))
    targets = data.draw(hnp.arrays(np.float64, weighted_inputs.size, elements=unit_targets()))
    network = Network([1, weighted_inputs.size], output="sigmoid", cost="quadratic", seed=0)
    zs, ys = weighted_inputs[None, :], targets[None, :]
    delta = network.output_delta(zs, sigmoid(zs), ys)
    # |a - y| <= 1 for a, y in [0, 1]; the product with sigma'(z) is rounded once: relative eps.
    bound = sigmoid_prime(zs) * (1 + 2 * EPS)
    assert np.all(np.abs(delta) <= bound)
    assert np.all(bound <= np.exp(-np.abs(zs)) * (1 + 6 * EPS))


@pytest.mark.claim("quadratic-slowdown-in-general-networks", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_saturated_wrong_quadratic_network_has_output_gradients_scaled_by_sigma_prime(data):
    """A sigmoid network whose output biases are pushed to +-S (S in [10, 700]) with the targets
    at the opposite extreme: the quadratic cost's output-layer gradients are the cross-entropy
    twin's (error a - y, no sigma') times sigma'(z^L_j), hence at least 10^4 times smaller."""
    network = data.draw(networks("sigmoid", "quadratic"))
    x = data.draw(batches(network.sizes[0], max_rows=1))
    shift = data.draw(st.one_of(st.sampled_from([10.0, 40.0, 700.0]), st.floats(10.0, 700.0)))
    signs = np.array(data.draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=network.sizes[-1],
                                        max_size=network.sizes[-1])))
    network.biases[-1][:] = shift * signs + 3 * np.abs(network.weights[-1]).sum(axis=1) * signs
    y = (signs < 0).astype(float)[None, :]  # each target at the extreme opposite the output
    twin = Network(network.sizes, output="sigmoid", cost="cross_entropy", seed=0)
    for mine, theirs in zip(twin.params, network.params):
        mine[:] = theirs
    z_out = network.forward(x)[0][-1][0]
    quad_w, quad_b = network.backprop(x, y)
    ce_w, ce_b = twin.backprop(x, y)
    slope = sigmoid_prime(z_out)
    # Each quadratic gradient entry is the cross-entropy one times sigma'(z_j), up to 3 roundings.
    np.testing.assert_allclose(quad_b[-1], ce_b[-1] * slope, rtol=4 * EPS, atol=0)
    np.testing.assert_allclose(quad_w[-1], ce_w[-1] * slope[:, None], rtol=4 * EPS, atol=0)
    assert np.all(np.abs(ce_b[-1]) > 0.5)
    assert np.all(np.abs(quad_b[-1]) <= 1e-4 * np.abs(ce_b[-1]))
