"""The cross-entropy cost C = -(1/n) sum_x sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] (Nielsen
eq. (57), (63)): its definition, what its value means, and what its gradient does for sigmoid
outputs (eq. (61)-(62), (66)).
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.neuron_runs import assert_prints_as
from claims.strategies import (
    batches,
    binary_targets,
    moderate_weighted_input,
    networks,
    open_unit_interval,
    unit_targets,
)
from claims.witnesses import EPS, fewer_examples
from engine.activations import sigmoid
from engine.costs import CROSS_ENTROPY
from engine.network import Network

unit_interval = st.one_of(st.sampled_from([0.0, 1.0, 5e-324, 1e-300, 0.5, 1 - 2**-53]), st.floats(0.0, 1.0))


def per_example(a: float, y: float) -> float:
    return float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])


def twin(network: Network, cost: str) -> Network:
    """A network with the same sizes and parameters and another cost."""
    other = Network(network.sizes, output=network.output.name, cost=cost, seed=0)
    for mine, theirs in zip(other.params, network.params):
        mine[:] = theirs
    return other


@st.composite
def unit_rows(draw, inner=open_unit_interval()):
    """(a, y): m x n outputs strictly inside (0, 1) and targets in [0, 1]."""
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 10)))
    return draw(hnp.arrays(np.float64, shape, elements=inner)), draw(hnp.arrays(np.float64, shape, elements=unit_targets()))


@pytest.mark.claim("cross-entropy-definition", witness="hypothesis")
@given(unit_rows())
def test_engine_cross_entropy_is_minus_y_ln_a_plus_one_minus_y_ln_one_minus_a(pair):
    a, y = pair
    for row, value in enumerate(CROSS_ENTROPY.value(a, y)):
        terms = [yi * math.log(ai) + (1 - yi) * math.log1p(-ai) for ai, yi in zip(a[row], y[row])]
        expected = -math.fsum(terms)
        # The engine forms ln(1 - a) from the rounded 1 - a (absolute error <= eps for a < 1/2,
        # exact above) and sums n products: absolute 4 eps per term plus relative (n + 2) eps.
        assert abs(value - expected) <= 4 * EPS * a.shape[1] + (a.shape[1] + 2) * EPS * expected


@pytest.mark.claim("cross-entropy-definition", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_network_cross_entropy_averages_and_agrees_with_the_value_from_z(data):
    network = data.draw(networks("sigmoid", "cross_entropy"))
    x = data.draw(batches(network.sizes[0]))
    y = data.draw(hnp.arrays(np.float64, (len(x), network.sizes[-1]), elements=unit_targets()))
    zs, activations = network.forward(x)
    from_z = CROSS_ENTROPY.value_from_z(zs[-1], y)
    # Moderate networks (inputs <= 3, 1..6 neurons) keep |z| small enough that a is strictly
    # inside (0, 1); the a-route then loses at most |ln| accuracy of the rounded 1 - a, i.e.
    # eps / (1 - a) absolute per entry.
    slack = EPS / np.minimum(activations[-1], 1 - activations[-1])
    assert np.all(np.abs(CROSS_ENTROPY.value(activations[-1], y) - from_z) <= 8 * slack.sum(axis=1) + 8 * EPS * from_z)
    mean = math.fsum(from_z.tolist()) / len(x)
    assert abs(network.cost_value(x, y) - mean) <= (len(x) + 1) * EPS * mean


@st.composite
def binary_target_and_gap(draw):
    """(y, gap, a) with y in {0, 1}, gap = |a - y| in [0, 1] (endpoints included)."""
    y = draw(binary_targets())
    gap = draw(unit_interval)
    return y, gap, (gap if y == 0 else 1.0 - gap)


@pytest.mark.claim("cross-entropy-grows-with-gap", witness="hypothesis")
@given(binary_target_and_gap(), unit_interval)
def test_binary_target_cross_entropy_is_minus_ln_one_minus_gap_and_grows_with_it(case, other_gap):
    y, gap, a = case
    value = per_example(a, y)
    expected = -math.log1p(-gap) if gap < 1 else math.inf
    # a = 1 - gap is rounded once for y = 1 (relative eps of 1 - gap): absolute eps in the log.
    assert value == expected or abs(value - expected) <= 2 * EPS + 2 * EPS * expected
    other_value = per_example(other_gap if y == 0 else 1.0 - other_gap, y)
    if other_gap > gap:
        assert other_value >= value * (1 - 2 * EPS) - 2 * EPS


@pytest.mark.claim("cross-entropy-small-needs-binary-targets", witness="hypothesis")
@given(y=open_unit_interval(), a=open_unit_interval())
def test_cross_entropy_of_fractional_target_never_falls_below_its_positive_binary_entropy(y, a):
    entropy = per_example(y, y)
    assert entropy > 0
    # C(a, y) - C(y, y) is the Kullback-Leibler divergence >= 0. Both values carry a few
    # roundings (relative 8 eps of the larger) and the engine takes ln(1 - a) of the rounded
    # 1 - a, an absolute error up to eps per logarithm (it drops -ln(1 - a) ~ a for a < 1e-16).
    cost = per_example(a, y)
    assert cost >= entropy - 8 * EPS * max(entropy, cost) - 4 * EPS


@pytest.mark.claim("cross-entropy-small-needs-binary-targets", witness="arithmetic")
def test_cross_entropy_minimum_is_ln2_at_target_half_and_zero_for_binary_targets():
    assert_prints_as(per_example(0.5, 0.5), "0.693", "C(a=1/2, y=1/2)")
    assert per_example(0.0, 0.0) == 0.0 and per_example(1.0, 1.0) == 0.0


@pytest.mark.claim("cross-entropy-not-symmetric", witness="arithmetic")
def test_swapping_output_and_target_changes_the_cross_entropy():
    forward, swapped = per_example(0.9, 0.5), per_example(0.5, 0.9)
    assert_prints_as(forward, "1.204", "C(a=0.9, y=0.5)")
    assert_prints_as(swapped, "0.693", "C(a=0.5, y=0.9)")
    assert forward != swapped


@pytest.mark.claim("cross-entropy-as-surprise", witness="hypothesis")
@given(a=open_unit_interval(), y=binary_targets())
def test_binary_cross_entropy_is_minus_log_probability_of_the_observed_outcome(a, y):
    """P(1) = a, P(0) = 1 - a: C = -ln P(y); it is below ln 2 exactly when P(y) > 1/2 (the
    outcome was expected) and grows without bound as P(y) -> 0 (surprise)."""
    surprise = -math.log(a) if y == 1 else -math.log1p(-a)
    value = per_example(a, y)
    # ln of the rounded 1 - a: absolute eps; the log itself relative eps.
    assert abs(value - surprise) <= 2 * EPS + 2 * EPS * surprise
    probability = a if y == 1 else 1 - a
    if abs(probability - 0.5) > 1e-12:
        assert (value < math.log(2)) == (probability > 0.5)


@pytest.mark.claim("cross-entropy-multi-neuron-sum", witness="hypothesis")
@fewer_examples(2)
@given(unit_rows(inner=unit_interval))
def test_multi_neuron_cross_entropy_is_the_sum_of_per_neuron_costs(pair):
    a, y = pair
    per_neuron = [[per_example(ai, yi) for ai, yi in zip(a_row, y_row)] for a_row, y_row in zip(a, y)]
    for value, costs in zip(CROSS_ENTROPY.value(a, y), per_neuron):
        total = math.fsum(costs)
        # A sum of n non-negative terms (possibly +inf): relative n eps.
        assert value == total or abs(value - total) <= a.shape[1] * EPS * total


@pytest.mark.claim("cross-entropy-gradient-tracks-error", witness="hypothesis")
@given(z=moderate_weighted_input(30.0), y=unit_targets(), x=st.floats(-3.0, 3.0))
def test_cross_entropy_neuron_bias_gradient_is_the_error_and_weight_gradient_x_times_it(z, y, x):
    """One sigmoid neuron (w = 0, b = z): dC/db = a - y and dC/dw = x (a - y), both by the engine's
    closed form and (where 1 - a keeps relative accuracy) by its general chain rule."""
    network = Network([1, 1], output="sigmoid", cost="cross_entropy", seed=0)
    network.params[0][:] = [[0.0, z]]
    error = float(sigmoid(z)) - y
    grads_w, grads_b = network.backprop(np.array([[x]]), np.array([[y]]))
    assert grads_b[0][0] == error and grads_w[0][0, 0] == error * x
    general_w, general_b = network.backprop(np.array([[x]]), np.array([[y]]), path="general")
    # General route: (-y/a + (1 - y)/(1 - a)) * sigma'(z). Each term carries a relative error of
    # a few eps, plus eps / (1 - a) <= eps e^{|z|} (<= 1e-3 for |z| <= 30) from forming 1 - a;
    # after the product with sigma' = a (1 - a) the terms are y (1 - a) and (1 - y) a, and they
    # cancel down to a - y, so the absolute error is bounded by those term sizes, not by |a - y|.
    a = float(sigmoid(z))
    terms = abs(error) + y * (1.0 - a) + (1.0 - y) * a
    tolerance = (8 * EPS + EPS * math.exp(abs(z))) * terms + 1e-300
    assert abs(general_b[0][0] - error) <= tolerance


@pytest.mark.claim("cross-entropy-better-with-sigmoid-outputs", witness="hypothesis")
@given(magnitude=st.one_of(st.sampled_from([10.0, 36.7, 745.2, 1e300]), st.floats(10.0, 1e300)),
       y=binary_targets())
def test_saturated_wrong_output_has_unit_cross_entropy_error_but_vanishing_quadratic_error(magnitude, y):
    """Output saturated at the wrong extreme (z = +S for y = 0, -S for y = 1, S >= 10)."""
    z = np.array([[magnitude if y == 0 else -magnitude]])
    a, target = sigmoid(z), np.array([[y]])
    cross_entropy = Network([1, 1], output="sigmoid", cost="cross_entropy").fused_output_delta(z, a, target)
    quadratic = Network([1, 1], output="sigmoid", cost="quadratic").fused_output_delta(z, a, target)
    # |a - y| = sigma(S) >= 1 - e^{-10}; |(a - y) sigma'(z)| <= e^{-S} <= e^{-10}.
    assert abs(cross_entropy[0, 0]) >= 1 - math.exp(-10)
    assert abs(quadratic[0, 0]) <= math.exp(-10)


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
    for ours, theirs in zip(zs_quadratic + outputs_quadratic, zs_cross_entropy + outputs_cross_entropy):
        assert np.array_equal(ours, theirs)
    assert np.all(outputs_cross_entropy[-1] >= 1 - math.exp(-shift / 2))
    targets = np.zeros_like(outputs_cross_entropy[-1])
    delta = cross_entropy.fused_output_delta(zs_cross_entropy[-1], outputs_cross_entropy[-1], targets)
    assert np.all(np.abs(delta) >= 1 - math.exp(-shift / 2))


@pytest.mark.claim("input-factor-slows-small-inputs", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_cross_entropy_weight_gradient_is_bounded_by_input_size_times_largest_error(data):
    """One sigmoid layer with the cross-entropy: |dC/dw_jk| <= mean_x |x_k| * max_x |a_j - y_j|,
    so a weight whose input is near 0 (column scaled down to 0 or 1e-300) barely moves."""
    network = data.draw(networks("sigmoid", "cross_entropy", min_layers=2, max_layers=2))
    x = data.draw(batches(network.sizes[0]))
    scale = data.draw(st.sampled_from([0.0, 5e-324, 1e-300, 1e-8, 1.0]))
    x[:, 0] *= scale
    y = data.draw(hnp.arrays(np.float64, (len(x), network.sizes[-1]), elements=unit_targets()))
    grads_w, _ = network.backprop(x, y)
    errors = np.abs(network.feedforward(x) - y).max(axis=0)
    bound = np.outer(errors, np.abs(x).mean(axis=0))
    # The gradient is a mean of m products, each rounded: relative (m + 3) eps of the bound, plus
    # the smallest subnormal for products that underflow.
    assert np.all(np.abs(grads_w[0]) <= bound * (1 + (len(x) + 3) * EPS) + 5e-324)
    assert np.all(np.abs(grads_w[0][:, 0]) <= scale * 3.0 * errors * (1 + 4 * EPS) + 5e-324)
