"""Backpropagation's gradients equal central finite differences of the batch cost.

For every output layer x cost pairing the engine accepts, on random small networks (2-4 layers),
both backward paths ("general": delta^L = J_a(z)^T dC/da; "fused": the closed form, where one
exists) must agree with (C(p + h) - C(p - h)) / 2h for every weight and bias, computed by the
finite-difference checker the claim suite uses too
(``claims.witnesses.network_numerical_gradients``, h = 1e-6 max(1, |p|); the parameters stay below
about 5 in size, so h stays below 5e-6).

Tolerance. In float64 the central difference with step h has truncation error h^2 |C'''| / 6 and
rounding error about eps |C| / h (eps = 2.2e-16). With h = 1e-6 the first is ~1e-12 |C'''| and
the second ~2e-10 |C|. An entry passes when

    |backprop - difference| <= 1e-6 * (largest gradient entry of the network) + 1e-8 * max(1, |C|),

i.e. agreement to one part in a million of the gradient's scale plus 50 times the rounding floor.
A wrong formula (a missing sigma'(z), a dropped 1/m, a transposed weight) is off by a fraction of
the gradient itself, many orders of magnitude above this. The inputs, parameters and weighted
inputs stay moderate (|x| <= 2, widths <= 5) so no output saturates and C''' stays O(1-100).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.witnesses import network_numerical_gradients
from engine.network import Network

STEP = 1e-6
GRADIENT_RTOL = 1e-6
ROUNDING_ATOL = 1e-8

VALID_PAIRINGS = [
    ("sigmoid", "quadratic"),
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "log_likelihood"),
    ("softmax", "quadratic"),
    ("softmax", "cross_entropy"),
    ("softmax", "log_likelihood"),
    ("linear", "quadratic"),
]
FUSED_PAIRINGS = [
    pair
    for pair in VALID_PAIRINGS
    if pair
    in {
        ("sigmoid", "quadratic"),
        ("sigmoid", "cross_entropy"),
        ("sigmoid", "log_likelihood"),
        ("softmax", "log_likelihood"),
        ("linear", "quadratic"),
    }
]


@st.composite
def gradient_problems(draw, min_outputs=1):
    """(sizes, init, seed, batch size, input scale, targets kind) for a small network."""
    n_layers = draw(st.integers(2, 4))
    sizes = draw(st.lists(st.integers(1, 5), min_size=n_layers - 1, max_size=n_layers - 1))
    sizes.append(draw(st.integers(min_outputs, 5)))
    return {
        "sizes": sizes,
        "init": draw(st.sampled_from(["large", "default"])),
        "seed": draw(st.integers(0, 2**32 - 1)),
        "batch": draw(st.integers(1, 6)),
        "input_scale": draw(st.sampled_from([1e-3, 0.1, 1.0, 2.0])),
        "one_hot": draw(st.booleans()),
    }


def _targets(rng, output, cost, batch, n_out, one_hot):
    if cost == "log_likelihood":
        # the log-likelihood is defined for target distributions; its softmax closed form
        # a - y (eq. (84)) relies on each row summing to 1
        if one_hot or n_out == 1:
            return np.eye(n_out)[rng.integers(0, n_out, size=batch)]
        return rng.dirichlet(np.ones(n_out), size=batch)
    if output == "linear":
        return rng.normal(0.0, 2.0, size=(batch, n_out))
    if one_hot:
        return np.eye(n_out)[rng.integers(0, n_out, size=batch)]
    return rng.uniform(0.0, 1.0, size=(batch, n_out))


def _assert_backprop_matches(problem, output, cost, path):
    rng = np.random.default_rng(problem["seed"])
    sizes = problem["sizes"]
    network = Network(sizes, output=output, cost=cost, init=problem["init"], seed=problem["seed"])
    x = rng.uniform(-1.0, 1.0, size=(problem["batch"], sizes[0])) * problem["input_scale"]
    y = _targets(rng, output, cost, problem["batch"], sizes[-1], problem["one_hot"])

    grads_w, grads_b = network.backprop(x, y, path=path)
    backprop = [np.column_stack([gw, gb]) for gw, gb in zip(grads_w, grads_b)]
    differences = network_numerical_gradients(network, x, y, step=STEP)

    scale = max(np.max(np.abs(g)) for g in backprop)
    tolerance = GRADIENT_RTOL * scale + ROUNDING_ATOL * max(1.0, abs(network.cost_value(x, y)))
    for layer, (exact, approximate) in enumerate(zip(backprop, differences)):
        assert exact.shape == (sizes[layer + 1], sizes[layer] + 1)
        error = np.max(np.abs(exact - approximate))
        assert error <= tolerance, (
            f"{output}/{cost} path={path} layer {layer}: max |backprop - finite difference| = "
            f"{error:.3g} > tolerance {tolerance:.3g}\nbackprop={exact}\ndifference={approximate}"
        )


CHECKS = [(output, cost, "general") for output, cost in VALID_PAIRINGS] + [
    (output, cost, "fused") for output, cost in FUSED_PAIRINGS
]


# A softmax over one neuron is the constant 1: no gradient to check, so softmax gets >= 2 outputs.
@pytest.mark.parametrize("output, cost, path", CHECKS)
@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_backprop_equals_central_differences(output, cost, path, data):
    problem = data.draw(gradient_problems(min_outputs=2 if output == "softmax" else 1))
    _assert_backprop_matches(problem, output, cost, path)


def test_fused_pairings_are_exactly_those_with_a_closed_form():
    for output, cost in VALID_PAIRINGS:
        network = Network([2, 2], output=output, cost=cost, seed=0)
        assert network.has_fused_delta == ((output, cost) in FUSED_PAIRINGS)
