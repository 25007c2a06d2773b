"""The derivation of the cross-entropy's weight gradient, eq. (57) to (61), step by step, and
document 001's version of its combining step.

Every identity is decided exactly: with t = e^{-z}, z = w x + b, the expressions become rational functions of
t, and ``cancel`` brings their difference to 0.
"""

import numpy as np
import pytest
import sympy as sp

from claims.neuron_runs import GOOD_START
from engine.network import Network

w, b, x, y = sp.symbols("w b x y", real=True)
t = sp.symbols("t", positive=True)  # t = e^{-(w x + b)}


def sigma(argument):
    return 1 / (1 + sp.exp(-argument))


def in_terms_of_t(expression, weighted_input):
    """Rewrite e^{-weighted_input} as t and reduce to lowest terms."""
    return sp.cancel(expression.subs(sp.exp(-weighted_input), t).subs(sp.exp(weighted_input), 1 / t))


WEIGHTED = w * x + b
OUTPUT = sigma(WEIGHTED)
SIGMA_PRIME = OUTPUT * (1 - OUTPUT)
CROSS_ENTROPY = -(y * sp.log(OUTPUT) + (1 - y) * sp.log(1 - OUTPUT))
TRUE_WEIGHT_GRADIENT = SIGMA_PRIME * x * (OUTPUT - y) / (OUTPUT * (1 - OUTPUT))


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
