"""The compiled training step (engine/compiled_step.py), which trains every reported MNIST run,
against the tested forms of the same mathematics: its sigmoid and sigma' against 60-digit
mpmath values at the extremes and over the whole float range, its whole step against the
general chain-rule step and against the closed-form step written with the tested NumPy
functions, on ordinary and on saturated, huge and far-left weighted inputs, in both precisions.
"""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims import high_precision as hp
from claims.high_precision import EXTREME_Z, assert_within_ulps
from claims.strategies import any_weighted_input
from engine.activations import sigmoid, softmax
from engine.compiled_step import CompiledStep, sigmoid_and_prime
from engine.network import FUSED_OUTPUT_DELTAS, Network
from engine.training import _GeneralStep, make_step, one_hot

PAIRINGS = sorted(FUSED_OUTPUT_DELTAS)


def _float32_ulps(computed, exact) -> float:
    """|computed - exact| in float32 ulps of the exact value (the subnormal spacing below)."""
    spacing = float(np.spacing(np.float32(abs(float(exact))))) or float(
        np.finfo(np.float32).smallest_subnormal)
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


# --- the whole step ----------------------------------------------------------------------

def _problem(output, cost, seed, dtype=np.float64, scale=1.0, n=23):
    rng = np.random.default_rng(seed)
    sizes = [7, 6, 5, 4]
    x = rng.uniform(0.0, 1.0, size=(n, sizes[0])).astype(dtype)
    if output == "linear":
        targets = rng.normal(size=(n, sizes[-1])).astype(dtype)
    else:
        targets = one_hot(rng.integers(0, sizes[-1], size=n), sizes[-1], dtype=dtype)
    network = Network(sizes, output=output, cost=cost, init="large", seed=seed, dtype=dtype)
    for params in network.params:
        params *= scale
    return network, x, targets


@pytest.mark.claim("sgd-mini-batch-step", witness="numerical")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("output, cost", PAIRINGS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_step_gives_the_parameters_of_the_general_chain_rule_step(output, cost, seed,
                                                                           dtype):
    """Two epochs of mini-batches of 5 over 23 examples (the last mini-batch has 3), compiled
    and general (``Network.backprop(path="general")``, then w -= eta * mean gradient). They
    differ only in rounding (products in another order, eta/m applied before the products, the
    closed-form delta against the chain rule): a few eps per operation, far below 1e-12 of the
    parameters (1e-4 in float32), where a lost 1/m or sigma'(z) shows at 1e-3 or more."""
    network, x, targets = _problem(output, cost, seed, dtype)
    twin = network.copy()
    eta = 0.5 if output != "linear" else 0.05
    compiled, general = make_step(network, 5, eta), _GeneralStep(twin, 5, eta)
    assert isinstance(compiled, CompiledStep)
    orders = np.random.default_rng(seed + 100)
    for _ in range(2):
        order = orders.permutation(len(x))
        compiled.epoch(x, targets, order)
        general.epoch(x, targets, order)
    tolerance = 1e-12 if dtype == np.float64 else 1e-4
    initial = Network(network.sizes, output=output, cost=cost, seed=seed, dtype=dtype)
    for layer, (ours, theirs, start) in enumerate(zip(network.params, twin.params,
                                                      initial.params)):
        assert ours.dtype == dtype
        scale = float(np.max(np.abs(theirs)))
        error = float(np.max(np.abs(ours.astype(float) - theirs)))
        assert error <= tolerance * scale, (
            f"{output}/{cost} {np.dtype(dtype)} layer {layer}: compiled and general steps "
            f"differ by {error:.3g} (parameters of size {scale:.3g})")
    assert max(float(np.max(np.abs(p - q))) for p, q in zip(network.params, initial.params)) > 1e-3


def _closed_form_step(network, x, targets, rows, eta):
    """One step written with the tested NumPy functions: forward with engine.activations,
    delta^L = FUSED_OUTPUT_DELTAS (scaled by -eta/m), eq. (BP2) with sigmoid_prime, and
    [W | b] + delta^T [a | 1]; returns the new parameters."""
    from engine.activations import sigmoid_prime

    m = len(rows)
    a, activations, zs = x[rows], [], []
    for layer, params in enumerate(network.params):
        activations.append(np.column_stack([a, np.ones(m, dtype=a.dtype)]))
        z = activations[-1] @ params.T
        zs.append(z)
        last = layer == len(network.params) - 1
        a = network.output.forward(z) if last else sigmoid(z)
    delta = -(eta / m) * FUSED_OUTPUT_DELTAS[(network.output.name, network.cost.name)](
        zs[-1], a, targets[rows])
    new = [p.copy() for p in network.params]
    for layer in range(len(new) - 1, -1, -1):
        new[layer] += delta.T @ activations[layer]
        if layer:
            delta = (delta @ network.params[layer][:, :-1]) * sigmoid_prime(zs[layer - 1])
    return new


@pytest.mark.claim("sgd-mini-batch-step", witness="numerical")
@pytest.mark.parametrize("output, cost", PAIRINGS)
@pytest.mark.parametrize("scale", [1.0, 40.0, 400.0], ids=["ordinary", "saturated", "far-left"])
def test_compiled_step_is_the_closed_form_step_of_the_tested_functions_at_any_saturation(
        output, cost, scale):
    """One step with the parameters scaled by 1, 40 or 400: weighted inputs up to about +-1000,
    where sigmoid outputs round to 1, e^{-z} overflows and sigma'(z) is subnormal or 0, and
    softmax spans more than the float range. The general step divides 0 by 0 there; the closed
    form stays exact, and the compiled step must agree with it to rounding: each parameter to
    64 eps of the size of what was added to it (|W| + sum |delta| |a|)."""
    network, x, targets = _problem(output, cost, 3, scale=scale, n=8)
    if output == "linear":
        network.params[-1][...] /= scale  # keep the linear output's z - y from overflowing
    rows = np.array([5, 1, 7, 2, 0, 3])
    eta = 0.5 if output != "linear" else 0.05
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        expected = _closed_form_step(network, x, targets, rows, eta)
        step = make_step(network, 6, eta)
        before = [p.copy() for p in network.params]
        step(x, targets, rows)
    for layer, (ours, theirs, start) in enumerate(zip(network.params, expected, before)):
        size = np.abs(start) + np.abs(theirs - start) + np.finfo(float).tiny
        error = np.abs(ours - theirs)
        assert (error <= 64 * np.finfo(float).eps * size).all(), (
            f"{output}/{cost} x{scale} layer {layer}: largest difference "
            f"{error.max():.3g} where the update is {np.abs(theirs - start).max():.3g}")
    # the regions were reached: saturation (sigma rounds to 1 above 36.7), overflow of e^{-z}
    reach = {1.0: 0.0, 40.0: 36.7, 400.0: 709.8}[scale]
    assert max(float(np.abs(z).max()) for z in step.transposed_zs) > reach


@pytest.mark.claim("softmax-is-distribution", witness="numerical")
@pytest.mark.parametrize("z", hp.SOFTMAX_VECTORS, ids=str)
def test_compiled_softmax_output_error_is_within_4_ulps_of_the_exact_softmax(z):
    """The compiled step's softmax (e^{z - max z} / sum) in the log-likelihood output error
    a - y with y = 0: each a_j within 4 ulps of 60-digit softmax (exp 1 ulp, the sum of terms
    <= 1 at most 1 ulp of it per term here, the division 1/2), like engine.activations.softmax."""
    n = len(z)
    network = Network([1, n], output="softmax", cost="log_likelihood", seed=0)
    network.params[0][...] = np.column_stack([np.zeros(n), z])  # z = bias, whatever the input
    step = make_step(network, 1, 1.0)
    step(np.zeros((1, 1)), np.zeros((1, n)), np.array([0]))
    a = -step.deltas[0][0]  # delta = -(eta/m) (a - 0) with eta/m = 1
    exact = hp.softmax(z)
    for j in range(n):
        assert_within_ulps(a[j], exact[j], 4, f"compiled softmax({z})[{j}]")
    np.testing.assert_allclose(a, softmax(np.array(z)), rtol=8 * np.finfo(float).eps, atol=0)


@pytest.mark.claim("sgd-mini-batch-step", witness="numerical")
def test_an_epoch_in_one_call_is_its_steps_one_by_one_bit_for_bit():
    """CompiledStep.epoch (the production path) and one call per mini-batch give the same bits:
    the epoch loop cuts order[0:m], order[m:2m], ... with the shorter remainder last."""
    network, x, targets = _problem("sigmoid", "cross_entropy", 4, n=23)
    twin = network.copy()
    order = np.random.default_rng(4).permutation(23)
    make_step(network, 5, 0.7).epoch(x, targets, order)
    one_by_one = make_step(twin, 5, 0.7)
    for start in range(0, 23, 5):
        one_by_one(x, targets, order[start:start + 5])
    for ours, theirs in zip(network.params, twin.params):
        assert np.array_equal(ours, theirs)
