"""Shared witness tools of the claim suite: central finite differences, example budgets and
the printed-digits comparison of a computed value.

Central difference: f'(x) ~ (f(x+h) - f(x-h)) / 2h has truncation error h^2 |f'''| / 6 and
rounding error about eps |f| / h; with h = 1e-6 (times max(1, |x|)) both stay below 1e-7 for
the costs and parameter magnitudes the suite draws, hence the FD tolerance below.
"""

from __future__ import annotations

import numpy as np
from hypothesis import settings

from engine.activations import sigmoid
from experiments.checks import prints_as

EPS = np.finfo(np.float64).eps

# |backprop - central difference| <= FD_ABS + FD_REL * |backprop|: the sum of the truncation
# error (h^2 |C'''| / 6 with |C'''| up to ~1e3 for 4-layer nets on inputs up to 3) and the
# rounding error of cost differences (eps |C| / h with |C| up to ~1e2).
FD_STEP = 1e-6
FD_ABS = 1e-6
FD_REL = 1e-5


def assert_prints_as(value: float, printed: str, what: str) -> None:
    """``value`` rounds to ``printed``: |value - printed| <= half a unit in its last printed
    digit (:func:`experiments.checks.prints_as`). For figures of our own derivations; a figure a
    document prints is judged by the catalog's check (:mod:`claims.judge`)."""
    assert prints_as(value, printed), f"{what} is {value:.5g}; expected it to print as {printed}"


def fewer_examples(divisor: int, floor: int = 10) -> settings:
    """Settings for an expensive property: the active profile's max_examples / divisor."""
    return settings(max_examples=max(floor, settings.default.max_examples // divisor))


def central_difference(function, x: float, step: float = FD_STEP) -> float:
    """(f(x + h) - f(x - h)) / 2h with h = step * max(1, |x|), using the exactly representable
    displacement (x + h) - (x - h) as the divisor."""
    h = step * max(1.0, abs(x))
    upper, lower = x + h, x - h
    return (function(upper) - function(lower)) / (upper - lower)


def network_numerical_gradients(network, x, y, step: float = FD_STEP) -> list[np.ndarray]:
    """Central differences of ``network.cost_value(x, y)`` for every parameter, as arrays shaped
    like ``network.params`` ([W | b] per layer). Parameters are restored exactly."""
    gradients = []
    for params in network.params:
        gradient = np.empty_like(params)
        for index in np.ndindex(params.shape):
            original = params[index]

            def cost_at(value, index=index, params=params):
                params[index] = value
                return network.cost_value(x, y)

            gradient[index] = central_difference(cost_at, float(original), step)
            params[index] = original
        gradients.append(gradient)
    return gradients


def assert_matches_finite_differences(network, x, y, grads_w, grads_b) -> None:
    """Backprop's (dC/dW, dC/db) against central differences of the engine's own cost."""
    numerical = network_numerical_gradients(network, x, y)
    for layer, (gw, gb, fd) in enumerate(zip(grads_w, grads_b, numerical)):
        analytic = np.column_stack([gw, gb])
        np.testing.assert_allclose(
            analytic,
            fd,
            rtol=FD_REL,
            atol=FD_ABS,
            err_msg=f"layer {layer + 1}: [dC/dW | dC/db] from backprop vs central differences",
        )


def slope_of_sigmoid(z):
    """sigma'(z) = sigma(z)(1 - sigma(z)) (claim sigmoid-derivative) with 1 - sigma(z) = sigma(-z),
    from the engine's sigmoid alone: a broken ``sigmoid_prime`` cannot confirm itself, and no
    cancellation in 1 - sigma(z) spoils the relative accuracy for large z."""
    return sigmoid(z) * sigmoid(-z)


def sigmoid_general_delta_tolerance(a, y):
    """Bound on |general-path delta - (a - y)| for sigmoid outputs with the
    cross-entropy, per entry.

    The general path forms (1 - y)/(1 - a) from the rounded output a: the relative error of
    1 - a is eps a / (1 - a), so that term's absolute error reaches about eps (1 - y)/(1 - a);
    the other factors add a few eps. Hence 8 eps (1 + (1 - y)/(1 - a)), the ratio taken as 0
    where y = 1 (the term is then exactly 0, even at a = 1).
    """
    a, y = np.asarray(a), np.asarray(y)
    complement = np.where(y == 1, 1.0, 1.0 - a)
    with np.errstate(divide="ignore"):
        return 8 * EPS * (1.0 + (1.0 - y) / complement)


def batch_mean_tolerance(x, per_example_delta_tolerance, delta):
    """Bound for (1/m) sum_x delta x^T when each delta carries the given absolute error: the
    propagated error plus m eps for the summation of the products."""
    m = len(x)
    propagated = np.abs(per_example_delta_tolerance).T @ np.abs(x) / m
    summation = m * EPS * (np.abs(delta).T @ np.abs(x)) / m
    return propagated + summation + 1e-300
