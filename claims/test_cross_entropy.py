"""The cross-entropy cost C = -(1/n) sum_x sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] (Nielsen
eq. (57), (63)): its definition, what its value means, its gradients for a sigmoid neuron
(eq. (58)-(62)) and what they do for sigmoid outputs, and the documents' own versions of its
formula and of its derivation.

A test of a statement expected to be refuted passes when it has found the counterexample the
catalog names, and records it.
"""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims import high_precision as hp
from claims.high_precision import assert_within_ulps
from claims.judge import judged
from claims.strategies import (
    SIGMOID_OPEN_RANGE,
    any_weighted_input,
    batches,
    binary_targets,
    moderate_weighted_input,
    networks,
    open_unit_interval,
    unit_targets,
)
from claims.witnesses import (
    EPS,
    assert_matches_finite_differences,
    assert_prints_as,
    batch_mean_tolerance,
    fewer_examples,
    sigmoid_general_delta_tolerance,
)
from engine.activations import sigmoid
from engine.costs import CROSS_ENTROPY, cross_entropy, xlogy
from engine.errors import SaturatedOutputError
from engine.network import Network
from experiments.neuron import GOOD_START

unit_entries = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))


def cost(a, y) -> float:
    return float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])


def cost_from_z(z, y) -> float:
    return float(CROSS_ENTROPY.value_from_z(np.array([[z]]), np.array([[y]]))[0])


@pytest.mark.claim("cross-entropy-nonnegative", witness="hypothesis")
@given(
    st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, (2, n), elements=unit_entries),
            hnp.arrays(np.float64, (2, n), elements=unit_entries),
        )
    )
)
def test_cross_entropy_is_never_negative_on_the_unit_square(pair):
    a, y = pair
    # Each summand is (non-negative weight) x (log of a number <= 1): exactly <= 0 in floating
    # point too, so no tolerance is needed.
    assert (CROSS_ENTROPY.value(a, y) >= 0).all()


@pytest.mark.claim("cross-entropy-nonnegative", witness="hypothesis")
@given(a=st.floats(2.0**-53, 1 - 2.0**-53), y=binary_targets())
def test_cross_entropy_is_positive_for_binary_target_and_output_inside_unit_interval(a, y):
    # For y in {0, 1} and a in (0, 1) the cost is -ln a or -ln(1 - a), both > 0. The engine forms
    # 1 - a before the logarithm, so a must keep 1 - a below 1 in float64: a >= 2^-53 (ln of a
    # float below 1 is below 0: ln(1 - 2^-53) = -1.1e-16).
    assert cost(a, y) > 0


@pytest.mark.claim("cross-entropy-nonnegative", witness="hypothesis")
@given(z=any_weighted_input(), y=unit_targets())
def test_cross_entropy_from_weighted_input_is_never_negative(z, y):
    assert cost_from_z(z, y) >= 0


@pytest.mark.claim("cross-entropy-near-zero-when-correct", witness="hypothesis")
@given(y=binary_targets(), gap=st.floats(0.0, 0.5))
def test_cross_entropy_is_at_most_twice_the_error_when_output_is_near_binary_target(y, gap):
    # y = 0: C = -ln(1 - a) <= a / (1 - a) <= 2a for a <= 1/2 (and symmetrically for y = 1), so
    # C -> 0 as a -> y. Slack: relative 4 eps for ln, absolute eps for the rounding of 1 - a.
    a = gap if y == 0.0 else 1.0 - gap
    error = abs(a - y)
    assert 0.0 <= cost(a, y) <= 2 * error * (1 + 4 * EPS) + EPS
    assert cost(y, y) == 0.0


@pytest.mark.claim("cross-entropy-near-zero-when-correct", witness="hypothesis")
@given(z=st.floats(0.0, 1e308), y=binary_targets())
def test_cross_entropy_of_confident_correct_neuron_is_below_e_to_minus_z(z, y):
    # Output pushed towards the target by |z|: C = softplus(-|z|) = ln(1 + e^{-|z|}) <= e^{-|z|}.
    signed = z if y == 1.0 else -z
    assert 0.0 <= cost_from_z(signed, y) <= np.exp(-z) * (1 + 4 * EPS)


@pytest.mark.claim("cross-entropy-near-zero-when-correct", witness="sympy")
def test_cross_entropy_limits_are_zero_at_binary_targets():
    a = sp.symbols("a", positive=True)
    assert sp.limit(-sp.log(1 - a), a, 0, "+") == 0  # y = 0
    assert sp.limit(-sp.log(a), a, 1, "-") == 0  # y = 1


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="sympy")
def test_cross_entropy_derivative_vanishes_only_at_target_and_curvature_is_positive():
    a, y = sp.symbols("a y", positive=True)
    c = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    slope = sp.together(sp.diff(c, a))
    assert sp.solve(sp.numer(slope), a) == [y]
    curvature = sp.diff(c, a, 2)
    assert sp.simplify(curvature - (y / a**2 + (1 - y) / (1 - a) ** 2)) == 0  # sum of positives
    binary_entropy = -(y * sp.log(y) + (1 - y) * sp.log(1 - y))
    assert sp.expand(c.subs(a, y) - binary_entropy) == 0


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="hypothesis")
@given(y=open_unit_interval(), a=unit_targets())
def test_cross_entropy_at_any_output_is_at_least_its_value_at_the_target(y, a):
    minimum = cost(y, y)
    # Near a = y the excess is (a - y)^2 / (2 y (1 - y)), below rounding: allow 8 eps of C. The
    # engine takes ln of the rounded 1 - a, an absolute error up to eps/2 in ln(1 - a): allow eps.
    assert cost(a, y) >= minimum * (1 - 8 * EPS) - EPS


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="hypothesis")
@given(y=open_unit_interval(), a=open_unit_interval())
def test_cross_entropy_slope_points_away_from_the_target(y, a):
    assume(a != y)
    try:
        slope = float(CROSS_ENTROPY.grad_a(np.array([[a]]), np.array([[y]]))[0, 0])
    except SaturatedOutputError:
        # Refused only where the true slope, of size y/a or (1 - y)/(1 - a), exceeds float64.
        with np.errstate(over="ignore"):
            assert np.float64(y) / a == np.inf or np.float64(1 - y) / (1 - a) == np.inf
        return
    assert np.sign(slope) == np.sign(a - y)


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="numerical")
@pytest.mark.parametrize("y", [0.1, 0.25, 0.5, 0.75, 0.9])
def test_minimum_value_is_binary_entropy_and_a_grid_search_finds_it_at_the_target(y):
    grid = np.linspace(0.0, 1.0, 100001)[1:-1]
    costs = CROSS_ENTROPY.value(grid[:, None], np.full((grid.size, 1), y))
    assert abs(grid[np.argmin(costs)] - y) <= 1e-5  # the grid step
    binary_entropy = -(y * np.log(y) + (1 - y) * np.log1p(-y))
    assert abs(costs.min() - binary_entropy) <= 1e-9  # (grid step)^2 / (2 y (1 - y)) + rounding


@pytest.mark.claim("cross-entropy-reversed-form-undefined", witness="sympy")
def test_reversed_cross_entropy_is_undefined_at_binary_targets_while_eq_57_is_finite():
    a, y = sp.symbols("a y", real=True)
    reversed_form = -(a * sp.log(y) + (1 - a) * sp.log(1 - y))
    correct_form = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    half = sp.Rational(1, 3)
    for target in (0, 1):
        # ln 0 has no value: SymPy evaluates it to complex infinity.
        assert reversed_form.subs({a: half, y: target}).has(sp.zoo)
        assert correct_form.subs({a: half, y: target}).is_finite
        assert (
            sp.limit(reversed_form.subs(a, half), y, target, "+" if target == 0 else "-") == sp.oo
        )


@pytest.mark.claim("cross-entropy-reversed-form-undefined", witness="hypothesis")
@given(a=open_unit_interval(), y=binary_targets())
def test_engine_cross_entropy_is_finite_at_binary_targets_but_infinite_with_roles_swapped(a, y):
    assert np.isfinite(cost(a, y))
    # The engine's formula with output and target exchanged is the reversed form
    # -[a ln y + (1 - a) ln(1 - y)]: ln 0 makes it infinite.
    assert cost(y, a) == np.inf


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


w, b, x, y = sp.symbols("w b x y", real=True)
t = sp.symbols("t", positive=True)  # t = e^{-(w x + b)}


def sigma(argument):
    return 1 / (1 + sp.exp(-argument))


def in_terms_of_t(expression, weighted_input):
    """Rewrite e^{-weighted_input} as t and reduce to lowest terms."""
    return sp.cancel(
        expression.subs(sp.exp(-weighted_input), t).subs(sp.exp(weighted_input), 1 / t)
    )


WEIGHTED = w * x + b
OUTPUT = sigma(WEIGHTED)
SIGMA_PRIME = OUTPUT * (1 - OUTPUT)
SYMBOLIC_CROSS_ENTROPY = -(y * sp.log(OUTPUT) + (1 - y) * sp.log(1 - OUTPUT))
TRUE_WEIGHT_GRADIENT = SIGMA_PRIME * x * (OUTPUT - y) / (OUTPUT * (1 - OUTPUT))


@pytest.mark.claim("cross-entropy-weight-gradient-steps", witness="sympy")
def test_cross_entropy_weight_gradient_steps_58_to_60_are_equalities():
    gradient = sp.diff(SYMBOLIC_CROSS_ENTROPY, w)
    first_step = -(y / OUTPUT - (1 - y) / (1 - OUTPUT)) * SIGMA_PRIME * x
    assert in_terms_of_t(gradient - first_step, WEIGHTED) == 0
    assert in_terms_of_t(first_step - TRUE_WEIGHT_GRADIENT, WEIGHTED) == 0


@pytest.mark.claim("001-combined-step-sign", witness="sympy")
def test_document_001_combined_line_is_minus_the_weight_gradient(record_counterexample):
    printed = -SIGMA_PRIME * x * (OUTPUT - y) / (OUTPUT * (1 - OUTPUT))
    gradient = sp.diff(SYMBOLIC_CROSS_ENTROPY, w)
    assert in_terms_of_t(printed + gradient, WEIGHTED) == 0  # printed = -gradient
    example = {w: sp.Rational(6, 10), b: sp.Rational(9, 10), x: 1, y: 0}
    true_value, printed_value = float(gradient.subs(example)), float(printed.subs(example))
    assert true_value > 0 > printed_value
    # The engine's backprop agrees with the derivation, not with the printed line (relative
    # 1e-12: a handful of roundings in sigma(1.5)).
    engine = Network([1, 1], output="sigmoid", cost="cross_entropy", seed=0)
    engine.params[0][:] = [GOOD_START]
    engine_value = float(engine.backprop(np.array([[1.0]]), np.array([[0.0]]))[0][0][0, 0])
    assert abs(engine_value - true_value) <= 1e-12
    record_counterexample(
        f"n=1, x=1, y=0, w=0.6, b=0.9 (z=1.5): dC/dw = {true_value:.3f} (engine backprop "
        f"{engine_value:.3f}), 001's combined line gives {printed_value:.3f}"
    )


unit_interval = st.one_of(
    st.sampled_from([0.0, 1.0, 5e-324, 1e-300, 0.5, 1 - 2**-53]), st.floats(0.0, 1.0)
)


def per_example(a: float, y: float) -> float:
    return float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])


@st.composite
def unit_rows(draw, inner=None):
    """(a, y): m x n outputs strictly inside (0, 1) and targets in [0, 1]."""
    inner = open_unit_interval() if inner is None else inner
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 10)))
    return draw(hnp.arrays(np.float64, shape, elements=inner)), draw(
        hnp.arrays(np.float64, shape, elements=unit_targets())
    )


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
    assert np.all(
        np.abs(CROSS_ENTROPY.value(activations[-1], y) - from_z)
        <= 8 * slack.sum(axis=1) + 8 * EPS * from_z
    )
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
    judged("cross-entropy-small-needs-binary-targets")


@pytest.mark.claim("cross-entropy-not-symmetric", witness="arithmetic")
def test_swapping_output_and_target_changes_the_cross_entropy():
    forward, swapped = per_example(0.9, 0.5), per_example(0.5, 0.9)
    assert_prints_as(forward, "1.204", "C(a=0.9, y=0.5)")
    assert_prints_as(swapped, "0.693", "C(a=0.5, y=0.9)")
    assert forward != swapped
    judged("cross-entropy-not-symmetric")


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
    per_neuron = [
        [per_example(ai, yi) for ai, yi in zip(a_row, y_row)] for a_row, y_row in zip(a, y)
    ]
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
@given(
    magnitude=st.one_of(st.sampled_from([10.0, 36.7, 745.2, 1e300]), st.floats(10.0, 1e300)),
    y=binary_targets(),
)
def test_saturated_wrong_output_has_unit_cross_entropy_error_but_vanishing_quadratic_error(
    magnitude, y
):
    """Output saturated at the wrong extreme (z = +S for y = 0, -S for y = 1, S >= 10)."""
    z = np.array([[magnitude if y == 0 else -magnitude]])
    a, target = sigmoid(z), np.array([[y]])
    cross_entropy = Network([1, 1], output="sigmoid", cost="cross_entropy").fused_output_delta(
        z, a, target
    )
    quadratic = Network([1, 1], output="sigmoid", cost="quadratic").fused_output_delta(z, a, target)
    # |a - y| = sigma(S) >= 1 - e^{-10}; |(a - y) sigma'(z)| <= e^{-S} <= e^{-10}.
    assert abs(cross_entropy[0, 0]) >= 1 - math.exp(-10)
    assert abs(quadratic[0, 0]) <= math.exp(-10)


@pytest.mark.claim("004-cross-entropy-missing-minus", witness="arithmetic")
def test_averaged_cross_entropy_without_leading_minus_is_negative(record_counterexample):
    """y = 0 and the experiment's output a = sigma(1.5) = 0.82."""
    a, y = float(sigmoid(sum(GOOD_START))), 0.0
    printed = y * math.log(a) + (1 - y) * math.log(1 - a)  # +1/n sum with n = 1
    engine = float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])
    assert printed < 0 < engine
    # Same magnitude, opposite sign (both are one logarithm of 1 - a: relative 1e-15).
    assert abs(printed + engine) <= 1e-15 * engine
    record_counterexample(
        f"y=0, a=sigma(1.5)={a:.2f}: 004's form gives {printed:.2f}; "
        f"the cross-entropy is {engine:.2f}"
    )
    judged("004-cross-entropy-missing-minus")


@pytest.mark.claim("002-cross-entropy-summands-nonnegative", witness="arithmetic")
def test_cross_entropy_summand_at_y0_a082_is_negative(record_counterexample):
    a, y = float(sigmoid(sum(GOOD_START))), 0.0
    summand = -float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])
    assert summand < 0
    record_counterexample(f"y=0, a=sigma(1.5)={a:.2f}: y ln a + (1-y) ln(1-a) = {summand:.2f} < 0")
    judged("002-cross-entropy-summands-nonnegative")


@pytest.mark.claim("002-cross-entropy-summands-nonnegative", witness="hypothesis")
@given(a=open_unit_interval(), y=unit_targets())
def test_cross_entropy_summands_are_never_positive(a, y):
    """The summand y ln a + (1 - y) ln(1 - a) is minus the engine's per-example cost; it is <= 0
    everywhere and strictly negative once a is 1e-6 away from 0 and 1 (it is then at most
    ln(1 - 1e-6) < 0, a convex combination of two negative logarithms)."""
    summand = -float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])
    assert summand <= 0
    if 1e-6 <= a <= 1 - 1e-6:
        assert summand < 0


@pytest.mark.claim("002-log-domain-is-unit-interval", witness="arithmetic")
def test_natural_logarithm_is_defined_beyond_the_unit_interval(record_counterexample):
    values = {argument: math.log(argument) for argument in (2.0, 10.0, 1e300)}
    assert all(math.isfinite(value) and value > 0 for value in values.values())
    # Where the argument does lie in (0, 1), as a and 1 - a do, the logarithm is negative.
    assert math.log(float(sigmoid(sum(GOOD_START)))) < 0
    record_counterexample(
        f"ln 2 = {values[2.0]:.3f}: defined and positive although 2 is outside (0, 1)"
    )
    judged("002-log-domain-is-unit-interval")


@pytest.mark.claim("003-bracket-terms-negative", witness="arithmetic")
def test_one_bracket_term_is_exactly_zero_for_a_binary_target(record_counterexample):
    a = float(sigmoid(sum(GOOD_START)))
    first_at_y0 = float(xlogy(0.0, a))  # y ln a with y = 0
    second_at_y1 = float(xlogy(1.0 - 1.0, 1.0 - a))  # (1 - y) ln(1 - a) with y = 1
    assert first_at_y0 == 0.0 and second_at_y1 == 0.0
    # The engine's cost at y = 0 is then the other term alone (one logarithm: relative 1e-15).
    cost = float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[0.0]]))[0])
    assert abs(cost + math.log(1 - a)) <= 1e-15 * cost
    record_counterexample(
        f"y=0, a={a:.2f}: y ln a = {first_at_y0} (not negative); y=1: (1-y) ln(1-a) = 0"
    )
    judged("003-bracket-terms-negative")


# --- high-precision witness: 60-digit mpmath values (claims/high_precision.py), ulps ------

CROSS_ENTROPY_CASES = [
    ([1e-20], [0.0]),
    ([1e-300], [0.0]),
    ([1e-8], [0.3]),
    ([0.5], [1.0]),
    ([1 - 2.0**-53], [1.0]),
    ([1 - 2.0**-53], [0.0]),
    ([0.25, 1e-17], [1.0, 0.0]),
]


@pytest.mark.claim("cross-entropy-definition", witness="numerical")
@pytest.mark.parametrize("a, y", CROSS_ENTROPY_CASES)
def test_cross_entropy_from_a_is_within_4_ulps_tiny_outputs_included(a, y):
    # per term log or log1p (1 ulp), 1 - y (1/2), the product (1/2), the sums of non-negative
    # terms (1/2 each): 4 ulps. ln(1 - a) as log(1 - a) would give 0 for a = 1e-20, where the
    # cost is exactly 1e-20.
    assert_within_ulps(
        cross_entropy(np.array(a), np.array(y)),
        hp.cross_entropy_from_a(a, y),
        4,
        f"cross-entropy of a = {a}, y = {y}",
    )


@pytest.mark.claim("cross-entropy-definition", witness="numerical")
def test_a_zero_weight_on_ln_zero_counts_as_zero_so_a_correct_output_costs_nothing():
    """C = -[y ln a + (1 - y) ln(1 - a)] with the limit t ln t -> 0: where a = y exactly (0 or 1)
    the cost is 0 even though ln a or ln(1 - a) is -inf there; e.g. a single softmax output
    (a = 1, ln(1 - a) = -inf) with target 1."""
    from engine.costs import cross_entropy_from_logs

    log_a = np.array([-np.inf, 0.0])
    log_complement = np.array([0.0, -np.inf])
    assert cross_entropy_from_logs(log_a, log_complement, np.array([0.0, 1.0])) == 0.0
    network = Network([2, 1], output="softmax", cost="cross_entropy", seed=0)
    assert network.cost_value(np.array([[0.4, -0.3]]), np.array([[1.0]])) == 0.0
