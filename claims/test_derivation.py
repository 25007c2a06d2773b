"""Where the cross-entropy comes from (eq. (71)-(76)) and why the input factor x_j stays:
for one sigmoid neuron and any cost C(a), dC/dw_j = x_j dC/db; demanding dC/db = a - y leaves
dC/da = (a - y)/(a(1 - a)), whose integral is the cross-entropy up to a constant."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import batches, networks, targets_for, unit_targets
from claims.witnesses import EPS, fewer_examples
from engine.activations import sigmoid
from engine.network import Network

a, y = sp.symbols("a y", positive=True)
SYMBOLIC_CROSS_ENTROPY = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
ODE_RIGHT_SIDE = (a - y) / (a * (1 - a))

w1, w2, x1, x2, b = sp.symbols("w1 w2 x1 x2 b", real=True)
Z = w1 * x1 + w2 * x2 + b
SIGMA = 1 / (1 + sp.exp(-Z))


def in_terms_of_output(expression):
    """Rewrite sigma(z) as a and e^{-z} as (1 - a)/a (from a = 1/(1 + e^{-z})), then cancel."""
    return sp.cancel(expression.xreplace({SIGMA: a}).subs(sp.exp(-Z), (1 - a) / a))


def chain_rule_split(expression):
    """Split d/db C(sigma(z)) into (C'(sigma(z)), the factor multiplying it)."""
    (outer_slope,) = expression.atoms(sp.Subs)
    return outer_slope, expression / outer_slope


@pytest.mark.claim("cross-entropy-derivation-chain-rule", witness="sympy")
def test_bias_gradient_is_cost_slope_times_a_one_minus_a():
    cost = sp.Function("C")  # any differentiable cost of the output
    _, factor = chain_rule_split(sp.diff(cost(SIGMA), b))
    assert sp.expand(in_terms_of_output(factor) - a * (1 - a)) == 0


@pytest.mark.claim("cross-entropy-derivation-ode", witness="sympy")
def test_requiring_bias_gradient_a_minus_y_gives_the_ode():
    slope = sp.Symbol("dC_da")
    solutions = sp.solve(sp.Eq(slope * a * (1 - a), a - y), slope)
    assert len(solutions) == 1
    assert sp.cancel(solutions[0] - ODE_RIGHT_SIDE) == 0


@pytest.mark.claim("cross-entropy-derivation", witness="sympy")
def test_integrating_the_ode_gives_cross_entropy_up_to_a_constant():
    antiderivative = sp.integrate(sp.apart(ODE_RIGHT_SIDE, a), a)
    difference = sp.expand_log(antiderivative - SYMBOLIC_CROSS_ENTROPY, force=True)
    # The difference must be a constant: free of a (SymPy may write ln(1 - a) as ln(a - 1),
    # which differs by the constant i pi).
    assert sp.cancel(sp.diff(difference, a)) == 0
    # And differentiating the cross-entropy back recovers the ODE's right side.
    assert sp.cancel(sp.diff(SYMBOLIC_CROSS_ENTROPY, a) - ODE_RIGHT_SIDE) == 0


@pytest.mark.claim("cross-entropy-derivation", witness="sympy")
def test_dsolve_finds_the_cross_entropy_family():
    cost = sp.Function("C")
    solution = sp.dsolve(sp.Eq(cost(a).diff(a), ODE_RIGHT_SIDE), cost(a))
    constant = sp.Symbol("C1")
    remainder = sp.expand_log(solution.rhs - SYMBOLIC_CROSS_ENTROPY, force=True)
    assert sp.cancel(sp.diff(remainder, a)) == 0
    assert remainder.has(constant)


@pytest.mark.claim("weight-gradient-is-input-times-bias-gradient", witness="sympy")
@pytest.mark.claim("input-factor-unavoidable", witness="sympy")
def test_weight_gradient_is_input_times_bias_gradient_for_an_undetermined_cost():
    cost = sp.Function("C")  # any differentiable cost of the output
    for w, x in ((w1, x1), (w2, x2)):
        assert sp.simplify(sp.diff(cost(SIGMA), w) - x * sp.diff(cost(SIGMA), b)) == 0


@pytest.mark.claim("sigma-prime-cancellation-by-design", witness="sympy")
def test_any_cost_with_slope_g_over_a_one_minus_a_cancels_sigma_prime():
    g = sp.Function("g")
    cost = sp.Function("C")
    _, factor = chain_rule_split(sp.diff(cost(SIGMA), b))
    # dC/da = g(a, y) / (a (1 - a)) at a = sigma(z): the bias gradient is g itself.
    bias_gradient = (g(a) / (a * (1 - a))).subs(a, SIGMA) * factor
    assert sp.cancel(in_terms_of_output(bias_gradient) - g(a)) == 0
    doubled = 2 * SYMBOLIC_CROSS_ENTROPY  # a multiple of the cross-entropy cancels sigma' too
    assert sp.cancel(in_terms_of_output(sp.diff(doubled.subs(a, SIGMA), b)) - 2 * (a - y)) == 0


ALL_PAIRINGS = [
    ("sigmoid", "quadratic"),
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "log_likelihood"),
    ("linear", "quadratic"),
    ("softmax", "log_likelihood"),
    ("softmax", "quadratic"),
]


@st.composite
def single_layer_case(draw):
    output, cost = draw(st.sampled_from(ALL_PAIRINGS))
    network = draw(networks(output, cost, min_layers=2, max_layers=2))
    n_in, n_out = network.sizes
    x = draw(hnp.arrays(np.float64, (1, n_in), elements=st.floats(-3.0, 3.0)))
    if draw(st.booleans()):
        x[0, draw(st.integers(0, n_in - 1))] = 0.0
    y = draw(targets_for(cost, 1, n_out))
    return network, x, y


@pytest.mark.claim("input-factor-unavoidable", witness="hypothesis")
@given(single_layer_case())
def test_engine_weight_gradient_is_input_times_bias_gradient_for_every_cost(case):
    network, x, y = case
    grads_w, grads_b = network.backprop(x, y)
    # One example: dC/dW = delta x^T and dC/db = delta, each entry a single rounded product.
    np.testing.assert_allclose(
        grads_w[0], np.outer(grads_b[0], x[0]), rtol=2 * np.finfo(float).eps, atol=0
    )
    assert np.all(grads_w[0][:, x[0] == 0.0] == 0.0)  # no cost makes a weight on a 0 input learn


@pytest.mark.claim("input-factor-slows-small-inputs", witness="hypothesis")
@given(
    st.integers(1, 5).flatmap(
        lambda n_in: hnp.arrays(np.float64, (4, n_in), elements=st.floats(-3.0, 3.0))
    )
)
def test_cross_entropy_weight_gradient_is_bounded_by_input_magnitude_times_error(x):
    network = Network([x.shape[1], 1], output="sigmoid", cost="cross_entropy", seed=x.shape[1])
    y = np.array([[0.0], [1.0], [0.0], [1.0]])
    grads_w, _ = network.backprop(x, y)
    error = np.abs(sigmoid(x @ network.weights[0].T + network.biases[0]) - y).max()
    # |(1/n) sum_x x_j (a - y)| <= max|x_j| max|a - y|; slack 8 eps for the rounded sum.
    bound = np.abs(x).max(axis=0) * error
    assert np.all(np.abs(grads_w[0][0]) <= bound * (1 + 8 * np.finfo(float).eps))


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
