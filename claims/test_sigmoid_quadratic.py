"""The sigmoid and the quadratic cost: sigma'(z) = sigma(z)(1 - sigma(z)) and how it vanishes as
the neuron saturates, the quadratic cost C = (1/2n) sum_x ||y - a||^2 (Nielsen eq. (6), (54)) and
its gradients (eq. (55)-(56)), the gradient-descent step (eq. (20)-(21)), why the quadratic cost
learns slowly with sigmoid outputs, and the documents' own versions of these formulas.

A test of a statement expected to be refuted passes when it has found the counterexample the
catalog names, and records it.
"""

import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims import high_precision as hp
from claims.high_precision import EXTREME_Z, assert_within_ulps
from claims.judge import judged
from claims.strategies import (
    any_weighted_input,
    batches,
    moderate_weighted_input,
    networks,
    targets_for,
    unit_targets,
    vectors,
)
from claims.witnesses import (
    EPS,
    assert_matches_finite_differences,
    central_difference,
    fewer_examples,
    network_numerical_gradients,
    slope_of_sigmoid,
)
from engine.activations import log_sigmoid, sigmoid, sigmoid_prime
from engine.compiled_step import sigmoid_and_prime
from engine.costs import QUADRATIC
from engine.network import Network
from engine.training import sgd
from experiments.neuron import GOOD_START, SATURATED_START


@pytest.mark.claim("sigmoid-derivative", witness="sympy")
def test_derivative_of_logistic_function_is_sigma_times_one_minus_sigma():
    z = sp.symbols("z", real=True)
    sigma = 1 / (1 + sp.exp(-z))
    difference = sp.diff(sigma, z) - sigma * (1 - sigma)
    # With t = e^{-z} both sides are rational functions of t: cancel decides equality exactly.
    t = sp.symbols("t", positive=True)
    assert sp.cancel(difference.subs(sp.exp(-z), t)) == 0


@pytest.mark.claim("sigmoid-derivative", witness="hypothesis")
@given(any_weighted_input())
def test_engine_sigmoid_prime_equals_sigma_times_one_minus_sigma(z):
    a = sigmoid(z)
    # sigmoid_prime is computed as sigma(z) sigma(-z); the right side forms 1 - a from the
    # rounded a (absolute error up to eps/2, times a <= 1) and rounds two products of size <= 1/4.
    assert abs(sigmoid_prime(z) - a * (1.0 - a)) <= EPS / 2 + EPS / 4


@pytest.mark.claim("sigmoid-derivative", witness="finite-differences")
@given(any_weighted_input(max_magnitude=800.0))
def test_engine_sigmoid_prime_matches_central_difference_of_engine_sigmoid(z):
    numerical = central_difference(lambda t: float(sigmoid(t)), z)
    h = 1e-6 * max(1.0, abs(z))
    # Truncation h^2 max|sigma'''| / 6 <= h^2 / 48; rounding: one ulp of sigma(z +- h) over 2h.
    # For z < 0 sigma is tiny and its ulp with it, so the check is relative there.
    tolerance = h * h / 48 + np.spacing(float(sigmoid(z + h))) / h
    assert abs(sigmoid_prime(z) - numerical) <= tolerance + 1e-6 * sigmoid_prime(z)


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


moderate_reals = st.one_of(st.sampled_from([0.0, 5e-324, -1e-300, 1.0, -1e6]), st.floats(-1e6, 1e6))


@st.composite
def output_target_rows(draw, elements=moderate_reals):
    """(a, y): m x n arrays of outputs and targets, 1 to 6 rows of 1 to 10 entries."""
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 10)))
    return draw(hnp.arrays(np.float64, shape, elements=elements)), draw(
        hnp.arrays(np.float64, shape, elements=elements)
    )


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
    pairing = data.draw(
        st.sampled_from(
            [
                ("sigmoid", "quadratic"),
                ("sigmoid", "cross_entropy"),
                ("softmax", "log_likelihood"),
                ("linear", "quadratic"),
            ]
        )
    )
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


@pytest.mark.claim("004-larger-error-always-slower", witness="experiment")
def test_quadratic_neuron_takes_longer_to_converge_from_a_larger_initial_error():
    judged("004-larger-error-always-slower")


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
    signs = np.array(
        data.draw(
            st.lists(
                st.sampled_from([-1.0, 1.0]), min_size=network.sizes[-1], max_size=network.sizes[-1]
            )
        )
    )
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


# Central differences of the engine's cost against a printed closed form: the difference
# quotient is accurate to ~1e-9 here (witnesses.FD_ABS / FD_REL budget), so a printed form that
# misses the true gradient by more than 1e-3 is wrong, not rounded.
MISMATCH = 1e-3


def neuron(w: float, b: float, cost: str) -> Network:
    network = Network([1, 1], output="sigmoid", cost=cost, seed=0)
    network.params[0][:] = [[w, b]]
    return network


def numerical_gradients(w: float, b: float, x: float, y: float, cost: str) -> tuple[float, float]:
    """(dC/dw, dC/db) by central differences of the engine's cost of the one example (x, y)
    (the shared checker ``claims.witnesses.network_numerical_gradients``)."""
    ((weight, bias),) = network_numerical_gradients(
        neuron(w, b, cost), np.array([[x]]), np.array([[y]])
    )[0]
    return float(weight), float(bias)


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
        f"w=b=2, x=1, y=0 (z=4): quadratic dL/dw = {quadratic_true:.4f}, "
        f"004's (a-y) sigma'(x) x = {quadratic_printed:.4f} "
        f"({quadratic_printed / quadratic_true:.1f}x); cross-entropy dL/dw = "
        f"{cross_entropy_true:.4f}, 004's line with sigma(x) gives {cross_entropy_printed:.4f}"
    )


@pytest.mark.claim("004-bias-gradient-labelled-as-weight", witness="finite-differences")
def test_quadratic_form_without_input_factor_is_the_bias_gradient_not_the_weight_gradient(
    record_counterexample,
):
    """x = 2, w = 0.5, b = 0, y = 0 (z = 1), reading 004's sigma'(x) as sigma'(z)."""
    w, b, x, y = 0.5, 0.0, 2.0, 0.0
    z = w * x + b
    printed = (float(sigmoid(z)) - y) * float(sigmoid_prime(z))
    weight_gradient, bias_gradient = numerical_gradients(w, b, x, y, "quadratic")
    assert abs(printed - weight_gradient) > MISMATCH
    assert abs(printed - bias_gradient) <= 1e-8  # it is the bias gradient (FD accuracy ~1e-9)
    record_counterexample(
        f"x=2, w=0.5, b=0, y=0: dL/dw = {weight_gradient:.3f}, "
        f"004's (a-y) sigma'(z) = {printed:.3f} (= dL/db = {bias_gradient:.3f})"
    )


@pytest.mark.claim("001-output-in-set-zero-one", witness="arithmetic")
def test_neuron_outputs_of_the_runs_lie_strictly_between_0_and_1():
    outputs = [float(sigmoid(sum(start))) for start in (GOOD_START, SATURATED_START)]
    assert all(0.0 < value < 1.0 for value in outputs)
    judged("001-output-in-set-zero-one")


@pytest.mark.claim("001-output-in-set-zero-one", witness="hypothesis")
@given(moderate_weighted_input())
def test_sigmoid_output_lies_strictly_between_0_and_1(z):
    # |z| <= 36: sigma(z) is strictly inside (0, 1) in float64 (it rounds to 1 only above 36.7).
    assert 0.0 < float(sigmoid(z)) < 1.0


# --- high-precision witness: 60-digit mpmath values (claims/high_precision.py), ulps ------


@pytest.mark.claim("sigmoid-prime-vanishes-when-saturated", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_sigmoid_is_correctly_rounded_within_3_ulps_at_the_extremes(z):
    # 1/(1 + e^{-z}): exp 1 ulp, the sum 1/2, the reciprocal 1/2 (and e^z (1 ulp) times
    # 1/(1 + e^z) (1.5 ulps) where e^{-z} overflows): at most 3 ulps of the exact value.
    assert_within_ulps(sigmoid(z), hp.sigmoid(z), 3, f"sigma({z})")


@pytest.mark.claim("sigmoid-derivative", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_sigma_prime_is_relative_accurate_within_6_ulps_at_the_extremes(z):
    # sigma(z) (3 ulps) times 1 - sigma(z) = e^{-z} sigma(z) (1 + 3 + 1/2 ulps), product 1/2:
    # at most 8 by the budget; measured at most 2. 6 ulps keeps a margin and refuses a(1 - a)
    # from the rounded a, which is 1.7e-4 relative (about 1e12 ulps) off at z = 30.
    assert_within_ulps(sigmoid_prime(z), hp.sigmoid_prime(z), 6, f"sigma'({z})")


@pytest.mark.slow_claims
@pytest.mark.claim("sigmoid-derivative", witness="hypothesis")
@given(any_weighted_input())
def test_sigmoid_and_sigma_prime_are_within_their_ulp_bounds_for_any_float(z):
    # the bounds of the two tests above, over the whole float64 range
    assert_within_ulps(sigmoid(z), hp.sigmoid(z), 3, f"sigma({z})")
    assert_within_ulps(sigmoid_prime(z), hp.sigmoid_prime(z), 6, f"sigma'({z})")
    assert_within_ulps(log_sigmoid(z), hp.log_sigmoid(z), 2, f"ln sigma({z})")


@pytest.mark.claim("sigmoid-derivative", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_log_of_one_minus_sigma_is_within_two_ulps_at_the_extremes(z):
    """ln(1 - sigma(z)) = ln sigma(-z), the term of the cross-entropy for a target 0 (the
    sigmoid layer's log-complement), against 60-digit arithmetic at the extreme weighted inputs;
    the bound is log-sigmoid's (2 ulps), the same computation at -z."""
    from engine.activations import log_sigmoid_complement

    assert_within_ulps(
        log_sigmoid_complement(np.array([z]))[0], hp.log_sigmoid(-z), 2, f"ln(1 - sigma({z}))"
    )


@pytest.mark.claim("quadratic-cost-definition", witness="numerical")
def test_quadratic_cost_of_one_example_and_of_a_batch_sums_over_the_output_neurons():
    """C_x = (1/2) ||y - a||^2 sums over the output neurons (the last axis), for one example
    given as a vector and for a batch of rows alike (the values are exact in binary)."""
    from engine.costs import quadratic

    a, y = np.array([0.5, 0.25, 1.0]), np.array([0.0, 0.75, 1.0])
    assert quadratic(a, y) == 0.5 * (0.25 + 0.25)
    assert np.array_equal(quadratic(np.stack([a, y]), np.stack([y, y])), [0.25, 0.0])


def _float32_ulps(computed, exact) -> float:
    """|computed - exact| in float32 ulps of the exact value (the subnormal spacing below)."""
    spacing = float(np.spacing(np.float32(abs(float(exact))))) or float(
        np.finfo(np.float32).smallest_subnormal
    )
    return float(abs(mp.mpf(float(computed)) - exact)) / spacing


# --- the compiled sigmoid: the same ulp bounds as engine.activations.sigmoid ---------------


@pytest.mark.claim("sigmoid-derivative", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_compiled_sigmoid_and_sigma_prime_are_within_3_and_6_ulps_at_the_extremes(z):
    # the bounds of engine.activations.sigmoid / sigmoid_prime (test_sigmoid_quadratic.py):
    # the compiled step evaluates the same formulas with the C library's exponential (1 ulp)
    sigma, prime = sigmoid_and_prime(z, 1.0)
    assert_within_ulps(sigma, hp.sigmoid(z), 3, f"compiled sigma({z})")
    assert_within_ulps(prime, hp.sigmoid_prime(z), 6, f"compiled sigma'({z})")


@pytest.mark.slow_claims
@pytest.mark.claim("sigmoid-derivative", witness="hypothesis")
@given(any_weighted_input())
def test_compiled_sigmoid_and_sigma_prime_are_within_their_ulp_bounds_for_any_float(z):
    sigma, prime = sigmoid_and_prime(z, 1.0)
    assert_within_ulps(sigma, hp.sigmoid(z), 3, f"compiled sigma({z})")
    assert_within_ulps(prime, hp.sigmoid_prime(z), 6, f"compiled sigma'({z})")


@pytest.mark.claim("sigmoid-derivative", witness="hypothesis")
@given(st.floats(-120.0, 120.0, width=32))
def test_compiled_float32_sigmoid_is_float32_arithmetic_within_its_ulp_bounds(z):
    # in float32 the same budget in float32 ulps; a step computing in float64 would also pass
    # that, so the results must be float32 numbers too (float32 networks compute in float32)
    sigma, prime = sigmoid_and_prime(np.float32(z), np.float32(1.0))
    assert float(np.float32(sigma)) == sigma and float(np.float32(prime)) == prime
    with mp.workdps(hp.DIGITS):
        assert _float32_ulps(sigma, hp.sigmoid(float(z))) <= 3
        assert _float32_ulps(prime, hp.sigmoid_prime(float(z))) <= 6
