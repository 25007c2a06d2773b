"""Derivations around the cross-entropy: the steps from eq. (57) to (61), the chain rule behind
eq. (71)-(75), and why cancelling sigma'(z) leaves room for other costs.

Every identity is decided exactly: with t = e^{-z} the expressions become rational functions of
t, and ``cancel`` brings their difference to 0.
"""

import numpy as np
import pytest
import sympy as sp

from claims.neuron_runs import GOOD_START
from engine.network import Network

w, b, x, y, z = sp.symbols("w b x y z", real=True)
a, k = sp.symbols("a k", positive=True)
t = sp.symbols("t", positive=True)  # t = e^{-z}


def sigma(argument):
    return 1 / (1 + sp.exp(-argument))


def in_terms_of_t(expression, weighted_input):
    """Rewrite e^{-weighted_input} as t and reduce to lowest terms."""
    return sp.cancel(sp.expand(expression).subs(sp.exp(-weighted_input), t).subs(sp.exp(weighted_input), 1 / t))


WEIGHTED = w * x + b
OUTPUT = sigma(WEIGHTED)
SIGMA_PRIME = OUTPUT * (1 - OUTPUT)
CROSS_ENTROPY = -(y * sp.log(OUTPUT) + (1 - y) * sp.log(1 - OUTPUT))
TRUE_WEIGHT_GRADIENT = SIGMA_PRIME * x * (OUTPUT - y) / (OUTPUT * (1 - OUTPUT))


def expand_logs(expression):
    # ln(1/(1+t)) and ln(t/(1+t)) as differences of logs, so d/dw produces rational terms only.
    return sp.expand_log(expression, force=True)


@pytest.mark.claim("cross-entropy-weight-gradient-steps", witness="sympy")
def test_cross_entropy_weight_gradient_steps_58_to_60_are_equalities():
    gradient = sp.diff(CROSS_ENTROPY, w)
    first_step = -(y / OUTPUT - (1 - y) / (1 - OUTPUT)) * SIGMA_PRIME * x
    assert in_terms_of_t(gradient - first_step, WEIGHTED) == 0
    assert in_terms_of_t(first_step - TRUE_WEIGHT_GRADIENT, WEIGHTED) == 0


@pytest.mark.claim("001-combined-step-sign", witness="sympy")
def test_document_001_combined_line_is_minus_the_weight_gradient(record_counterexample):
    printed = -SIGMA_PRIME * x * (OUTPUT - y) / (OUTPUT * (1 - OUTPUT))
    gradient = sp.diff(CROSS_ENTROPY, w)
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


@pytest.mark.claim("sigma-prime-cancellation-by-design", witness="sympy")
def test_any_cost_with_dc_da_g_over_a_one_minus_a_has_bias_gradient_g():
    g = sp.Function("g")
    dC_da = g(a, y) / (a * (1 - a))
    # dC/db = dC/da * da/db with da/db = sigma'(z) = a (1 - a) at a = sigma(b + w x)
    bias_gradient = dC_da.subs(a, OUTPUT) * sp.diff(OUTPUT, b)
    assert in_terms_of_t(bias_gradient - g(OUTPUT, y), WEIGHTED).subs(t, sp.exp(-WEIGHTED)) == 0
    # Example: k times the cross-entropy (k > 0, e.g. 2) has dC/db = k (a - y): no sigma'(z).
    scaled_gradient = sp.diff(k * expand_logs(CROSS_ENTROPY), b)
    assert in_terms_of_t(scaled_gradient - k * (OUTPUT - y), WEIGHTED) == 0
    assert in_terms_of_t(scaled_gradient.subs(k, 2) - 2 * (OUTPUT - y), WEIGHTED) == 0


@pytest.mark.claim("weight-gradient-is-input-times-bias-gradient", witness="sympy")
def test_weight_gradient_of_any_cost_of_the_output_is_input_times_bias_gradient():
    cost = sp.Function("C")
    neuron_cost = cost(OUTPUT)
    assert sp.simplify(sp.diff(neuron_cost, w) - x * sp.diff(neuron_cost, b)) == 0
    # The cost whose dC/db is a - y (eq. (72)), the cross-entropy, then has dC/dw = x (a - y) (71).
    assert in_terms_of_t(sp.diff(CROSS_ENTROPY, b) - (OUTPUT - y), WEIGHTED) == 0
    assert in_terms_of_t(sp.diff(CROSS_ENTROPY, w) - x * (OUTPUT - y), WEIGHTED) == 0


@pytest.mark.claim("cross-entropy-derivation-chain-rule", witness="sympy")
def test_bias_gradient_is_dc_da_times_a_one_minus_a():
    cost_of_output = sp.Function("C")
    bias_gradient = sp.diff(cost_of_output(sigma(z)), z)  # dz/db = 1
    dC_da = sp.Subs(sp.Derivative(cost_of_output(a), a), a, sigma(z))
    chain = bias_gradient - dC_da.doit() * sigma(z) * (1 - sigma(z))
    assert in_terms_of_t(chain.doit(), z).subs(t, sp.exp(-z)) == 0


@pytest.mark.claim("cross-entropy-derivation-ode", witness="sympy")
def test_requiring_bias_gradient_a_minus_y_gives_dc_da_equal_a_minus_y_over_a_one_minus_a():
    dC_da = sp.symbols("dC_da")
    solutions = sp.solve(sp.Eq(dC_da * a * (1 - a), a - y), dC_da)
    assert len(solutions) == 1
    assert sp.cancel(solutions[0] - (a - y) / (a * (1 - a))) == 0
