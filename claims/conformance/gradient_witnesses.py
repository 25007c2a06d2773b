"""Witnesses of the claims about output errors and backpropagated gradients, for any engine.

Output errors are judged against the exact value from z, sigma(z) - y or
(sigma(z) - y) sigma'(z): a - y is one subtraction (2 ulps allowed), (a - y) sigma'(z) a product
with sigma' (8 ulps, as claims/test_output_errors.py allows our engine), plus the error of the
output a itself, whether the engine takes the correctly rounded a it is given or forms it from
z: the 3 ulps of a allowed to sigma (4 to softmax), counted in ulps of the result.

Gradients are compared with :mod:`claims.conformance.exact_network`:
|g - exact| <= GRADIENT_RTOL (|exact| + the layer's largest |exact|). With weights and inputs
of order 1 a float64 backward pass commits a few dozen roundings of numbers below 10, so its
error stays below 1e-13 of that scale; 1e-11 leaves a wide margin and still catches any
mistake in a formula, which changes gradients in their first digits.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

import claims.conformance.exact_network as exact_network
from claims import high_precision as hp
from claims.conformance.activation_witnesses import SIGMA_ULPS, SOFTMAX_ULPS
from claims.conformance.inputs import rng
from claims.conformance.judging import Case, Measured, close, holds, judge, text, vector
from claims.conformance.model import witness

GRADIENT_RTOL = 1e-11
DIFFERENCE_ULPS, PRODUCT_ULPS = 2, 8


def _within(value, exact, allowed: float, a: float, a_ulps: float, slope=1.0):
    """``value`` within ``allowed`` ulps of ``exact`` plus the effect of ``a_ulps`` ulps of
    the output a on it (``slope``: d delta / d a, 1 for a - y, sigma'(z) for the quadratic)."""
    slack = a_ulps * hp.spacing_of(a) * float(slope) / hp.spacing_of(exact)
    return close(value, exact, allowed + slack)


def _output_error_cases(function, targets, exact_of, allowed, slope_of=lambda z: 1.0):
    zs = [0.5, -1.0, 2.0, 4.0, -6.0, 10.0, 20.0, -30.0, 40.0]
    cases = []
    for y in targets:
        z = np.array(zs[: len(y)] if len(y) < len(zs) else zs)
        for shift in (0.0, 3.0, -8.0):
            zz = np.resize(z + shift, len(y))
            a = np.array([float(hp.sigmoid(v)) for v in zz])

            def measure(zz=zz, a=a, y=y):
                values = vector(function(zz, a, y), len(y))
                checks = [
                    _within(v, exact_of(zj, yj), allowed, aj, SIGMA_ULPS, slope_of(zj))
                    for v, zj, aj, yj in zip(values, zz, a, y)
                ]
                return max(checks, key=lambda m: (not m.ok, m.ulps or 0.0))

            cases.append(Case(f"z = {text(zz)}, y = {text(y)}", measure))
    return cases


def _a_minus_y(z, y):
    with mp.workdps(hp.DIGITS):
        return hp.sigmoid(z) - hp.mpf(y)


def _quadratic_delta(z, y):
    with mp.workdps(hp.DIGITS):
        return (hp.sigmoid(z) - hp.mpf(y)) * hp.sigmoid_prime(z)


TARGET_ROWS = [np.array([1.0, 0.0, 0.25]), np.array([0.0, 1.0, 0.0]), np.array([1.0, 1.0, 0.5])]


@witness("delta-sigmoid-cross-entropy", "cross_entropy_output_error")
def cross_entropy_output_error_is_a_minus_y(engine):
    """Sigmoid outputs with the cross-entropy: delta^L = a - y (eq. (66)), within 2 ulps."""
    cases = _output_error_cases(
        engine.cross_entropy_output_error, TARGET_ROWS, _a_minus_y, DIFFERENCE_ULPS
    )
    return judge(cases, "delta^L")


@witness("quadratic-output-gradient", "quadratic_output_error")
def quadratic_output_error_keeps_sigma_prime(engine):
    """Sigmoid outputs with the quadratic cost: delta^L = (a - y) sigma'(z), within 8 ulps."""
    cases = _output_error_cases(
        engine.quadratic_output_error, TARGET_ROWS, _quadratic_delta, PRODUCT_ULPS, hp.sigmoid_prime
    )
    return judge(cases, "delta^L")


@witness("quadratic-slow-when-output-near-0-or-1", "quadratic_output_error")
def quadratic_output_error_vanishes_when_saturated(engine):
    """With the quadratic cost |delta^L| is at most |a - y| sigma'(z) (1% allowed) and falls
    below 1e-12 once the output saturates (|z| >= 30), however wrong the output is."""

    def small(z):
        a = float(hp.sigmoid(z))
        y = 0.0 if z > 0 else 1.0  # the wrong answer: the error is as large as it gets
        value = float(
            vector(engine.quadratic_output_error(np.array([z]), np.array([a]), np.array([y])), 1)[0]
        )
        bound = 1.01 * abs(float(_quadratic_delta(z, y))) + 1e-300
        ok = abs(value) <= bound and (abs(z) < 30 or abs(value) < 1e-12)
        return holds(ok, text(value), f"|delta| <= {bound!r}")

    zs = [5.0, -5.0, 10.0, -10.0, 20.0, -20.0, 30.0, -30.0, 40.0, -40.0]
    return judge([Case(f"z = {z!r}", lambda z=z: small(z)) for z in zs], "|delta^L|")


@witness("delta-softmax-log-likelihood", "log_likelihood_output_error")
def log_likelihood_output_error_is_a_minus_y(engine):
    """Softmax outputs with the log-likelihood and a one-hot y: delta^L = a - y (eq. (84))."""
    cases = []
    for z in (np.array([1.0, 2.0, 3.0]), np.array([0.0, -40.0]), np.array([5.0, 0.0, -3.0, 1.0])):
        exact_a = hp.softmax(z)
        a = np.array([float(v) for v in exact_a])
        for label in range(len(z)):
            y = np.eye(len(z))[label]

            def measure(z=z, a=a, y=y, exact_a=exact_a):
                values = vector(engine.log_likelihood_output_error(z, a, y), len(y))
                with mp.workdps(hp.DIGITS):
                    exact = [e - hp.mpf(yj) for e, yj in zip(exact_a, y)]
                checks = [
                    _within(v, e, DIFFERENCE_ULPS, aj, SOFTMAX_ULPS)
                    for v, e, aj in zip(values, exact, a)
                ]
                return max(checks, key=lambda m: (not m.ok, m.ulps or 0.0))

            cases.append(Case(f"z = {text(z)}, y = {text(y)}", measure))
    return judge(cases, "delta^L")


def gradient_match(got, exact, what: str) -> Measured:
    """The worst entry of ``got`` against ``exact`` (lists of arrays, one per layer) under
    |g - e| <= GRADIENT_RTOL (|e| + max |e| of the layer)."""
    worst = None
    for layer, (g, e) in enumerate(zip(got, exact)):
        g = np.asarray(g, dtype=np.float64).reshape(e.shape)
        scale = np.abs(e).max(initial=0.0)
        excess = np.abs(g - e) - GRADIENT_RTOL * (np.abs(e) + scale)
        index = np.unravel_index(int(np.argmax(excess)), e.shape)
        if worst is None or excess[index] > worst[0]:
            worst = (excess[index], layer, index, g[index], e[index])
    excess, layer, index, value, reference = worst
    where = f"{what} layer {layer + 1} entry {tuple(int(i) for i in index)}"
    measured = close(value, hp.mpf(reference), float("inf"))
    return Measured(bool(excess <= 0), f"{where}: {text(value)}", text(reference), measured.ulps)


def _neuron_cases(n_in=3):
    draws = rng(7)
    cases = []
    for scale in (0.5, 1.0, 2.0):
        for y in (0.0, 1.0, 0.3):
            weights, biases = exact_network.random_network(draws, [n_in, 1], scale)
            cases.append((weights, biases, draws.normal(0.0, 1.0, n_in), np.array([y])))
    return cases


def _backprop_witness(engine, cost: str, part: str, sizes=None, layers=None):
    cases = _neuron_cases() if sizes is None else _network_cases(sizes)

    def measure(weights, biases, x, y):
        got_w, got_b = engine.backprop(weights, biases, x, y, cost)
        exact_w, exact_b = exact_network.gradients(weights, biases, x, y, cost)
        got, exact = (got_w, exact_w) if part == "dC/dw" else (got_b, exact_b)
        chosen = layers if layers is not None else range(len(exact))
        return gradient_match([got[i] for i in chosen], [exact[i] for i in chosen], part)

    return judge(
        [
            Case(
                f"W = {text(w[0])}, b = {text(b[0])}, x = {text(x)}, y = {text(y)}",
                lambda c=(w, b, x, y): measure(*c),
            )
            for w, b, x, y in cases
        ],
        f"{part} ({cost.replace('_', '-')})",
    )


def _network_cases(sizes):
    draws = rng(8)
    return [
        (
            *exact_network.random_network(draws, sizes),
            draws.normal(0.0, 1.0, sizes[0]),
            draws.uniform(0, 1, sizes[-1]).round(),
        )
        for _ in range(6)
    ]


@witness("cross-entropy-weight-gradient", "backprop")
def cross_entropy_weight_gradient_is_x_times_error(engine):
    """One sigmoid neuron, cross-entropy: dC/dw_j = x_j (sigma(z) - y) (eq. (61))."""
    return _backprop_witness(engine, "cross_entropy", "dC/dw")


@witness("cross-entropy-bias-gradient", "backprop")
def cross_entropy_bias_gradient_is_the_error(engine):
    """One sigmoid neuron, cross-entropy: dC/db = sigma(z) - y (eq. (62))."""
    return _backprop_witness(engine, "cross_entropy", "dC/db")


@witness("quadratic-gradient-has-sigma-prime", "backprop")
def quadratic_gradients_carry_sigma_prime(engine):
    """One sigmoid neuron, quadratic cost: dC/dw = (a - y) sigma'(z) x (eq. (55))."""
    return _backprop_witness(engine, "quadratic", "dC/dw")


@witness("hidden-layer-keeps-sigma-prime", "backprop")
def hidden_layer_gradients_keep_sigma_prime(engine):
    """A 3-4-2 network with the cross-entropy: the hidden layer's gradients are eq. (BP2)'s,
    sigma'(z^1) included (the cost cancels sigma' at the output layer only)."""
    return _backprop_witness(engine, "cross_entropy", "dC/dw", sizes=[3, 4, 2], layers=[0])


@witness("weight-gradient-is-input-times-bias-gradient", "backprop")
def weight_gradient_is_input_times_bias_gradient(engine):
    """One sigmoid neuron, either cost: dC/dw_j = x_j dC/db (the engine's own two gradients,
    within 1 ulp: one product)."""

    def measure(weights, biases, x, y, cost):
        got_w, got_b = engine.backprop(weights, biases, x, y, cost)
        gw = np.asarray(got_w[0], dtype=np.float64).reshape(-1)
        gb = float(np.asarray(got_b[0], dtype=np.float64).reshape(-1)[0])
        with mp.workdps(hp.DIGITS):
            checks = [close(g, hp.mpf(xj) * hp.mpf(gb), 1) for g, xj in zip(gw, x)]
        return max(checks, key=lambda m: (not m.ok, m.ulps or 0.0))

    cases = [
        Case(f"x = {text(x)}, y = {text(y)}, {cost}", lambda c=(w, b, x, y, cost): measure(*c))
        for w, b, x, y in _neuron_cases()
        for cost in ("quadratic", "cross_entropy")
    ]
    return judge(cases, "dC/dw_j against x_j dC/db")


@witness("input-factor-slows-small-inputs", "backprop")
def small_inputs_give_small_weight_gradients(engine):
    """dC/dw_j carries the factor x_j: for x = (1, 1e-3, 1e-8, 0), |dC/dw_j| <= |x_j| |dC/db|
    (up to 2 rounding units) and dC/dw_4 = 0."""
    x = np.array([1.0, 1e-3, 1e-8, 0.0])

    def measure(weights, biases, y, cost):
        got_w, got_b = engine.backprop(weights, biases, x, y, cost)
        gw = np.asarray(got_w[0], dtype=np.float64).reshape(-1)
        gb = abs(float(np.asarray(got_b[0], dtype=np.float64).reshape(-1)[0]))
        bounds = np.abs(x) * gb * (1 + 4 * hp.spacing_of(1.0))
        ok = bool(np.all(np.abs(gw) <= bounds)) and gw[3] == 0.0
        return holds(ok, text(gw), f"|dC/dw| <= {text(bounds)}")

    draws = rng(9)
    cases = []
    for cost in ("cross_entropy", "quadratic"):
        for y in (0.0, 1.0):
            weights, biases = exact_network.random_network(draws, [4, 1])
            case = (weights, biases, np.full(1, y), cost)
            cases.append(Case(f"x = {text(x)}, y = {y!r}, {cost}", lambda c=case: measure(*c)))
    return judge(cases, "dC/dw")


@witness("cross-entropy-gradient-tracks-error", "backprop")
def cross_entropy_gradient_grows_with_the_error(engine):
    """One neuron, x = 1, y = 0, cross-entropy: dC/db = a, so the worse the output (w = b from
    0 to 4, a from 0.5 to 0.9997) the larger the gradient, without slowing near saturation."""
    starts = [k / 4 for k in range(0, 17)]

    def rising():
        grads = []
        for s in starts:
            _, got_b = engine.backprop(
                [np.array([[s]])], [np.array([s])], np.ones(1), np.zeros(1), "cross_entropy"
            )
            grads.append(float(np.asarray(got_b[0], dtype=np.float64).reshape(-1)[0]))
        flat = [i for i in range(1, len(grads)) if not grads[i] > grads[i - 1]]
        if flat:
            i = flat[0]
            return holds(
                False, f"dC/db at w = b = {starts[i]!r}: {grads[i]!r}", f"> {grads[i - 1]!r}"
            )
        return holds(True, text(grads[-1]), "rising")

    return judge([Case("w = b = 0, 0.25, ..., 4", rising)], "dC/db as the error grows")


GRADIENT_WITNESSES = (
    cross_entropy_output_error_is_a_minus_y,
    quadratic_output_error_keeps_sigma_prime,
    quadratic_output_error_vanishes_when_saturated,
    log_likelihood_output_error_is_a_minus_y,
    cross_entropy_weight_gradient_is_x_times_error,
    cross_entropy_bias_gradient_is_the_error,
    quadratic_gradients_carry_sigma_prime,
    hidden_layer_gradients_keep_sigma_prime,
    weight_gradient_is_input_times_bias_gradient,
    small_inputs_give_small_weight_gradients,
    cross_entropy_gradient_grows_with_the_error,
)
