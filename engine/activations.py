"""Output and hidden-layer activations of chapter 3, computed stably over all of float64.

Every function takes an array of weighted inputs ``z`` (a batch is a 2-D array with one example
per row; softmax normalises along ``axis``, the last by default) and never overflows, warns or
returns NaN for finite input.

The activation objects (:data:`SIGMOID`, :data:`SOFTMAX`, :data:`LINEAR`) add the one thing
backpropagation needs from a layer: ``backward(z, a, grad_a)``, the vector-Jacobian product
``J(z)^T grad_a`` that turns dC/da into the error delta = dC/dz.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.validation import require_finite, require_not_nan, require_positive_finite


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^{-z}) (Nielsen eq. (3)), exact to rounding for every float64 z.

    Written as 1/(1+e^{-|z|}) for z >= 0 and e^{-|z|}/(1+e^{-|z|}) for z < 0, so the exponential
    never exceeds 1 and tiny outputs keep their relative accuracy.
    """
    z = require_not_nan(z, "z")
    decay = np.exp(-np.abs(z))
    upper = 1.0 / (1.0 + decay)
    return np.where(z >= 0, upper, decay * upper)


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)), evaluated as sigma(z) sigma(-z) to avoid cancellation."""
    z = require_not_nan(z, "z")
    return sigmoid(z) * sigmoid(-z)


def log_sigmoid(z):
    """ln sigma(z) = -ln(1 + e^{-z}) = -softplus(-z), finite for every finite z."""
    z = require_not_nan(z, "z")
    return -np.logaddexp(0.0, -z)


def softmax(z, c=1.0, axis=-1):
    """a_j = e^{c z_j} / sum_k e^{c z_k} (Nielsen eq. (78); with the factor c, eq. (83)).

    Computed as e^{c (z_j - max z)} / sum_k e^{c (z_k - max z)}: every exponent is <= 0, so
    nothing overflows, the largest term is exactly 1 and the sum is at least 1. That keeps the
    result a probability distribution for any c > 0, however large (the hard-max limit).
    """
    z = require_finite(z, "z")
    c = require_positive_finite(c, "c")
    shifted = _scaled_shift(z, c, axis)
    weights = np.exp(shifted)
    return weights / np.sum(weights, axis=axis, keepdims=True)


def log_softmax(z, c=1.0, axis=-1):
    """ln a_j = c z_j - ln sum_k e^{c z_k}, by the log-sum-exp shift (see :func:`softmax`)."""
    z = require_finite(z, "z")
    c = require_positive_finite(c, "c")
    shifted = _scaled_shift(z, c, axis)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax_jacobian(z, c=1.0):
    """da_j/dz_k = c a_j (delta_jk - a_k) for softmax over the last axis; shape (..., n, n)."""
    a = softmax(z, c)
    return c * (a[..., :, None] * np.eye(a.shape[-1]) - a[..., :, None] * a[..., None, :])


def linear(z):
    """a = z: the linear output neurons of Nielsen's problem on eq. (68)-(70)."""
    return np.array(require_not_nan(z, "z"), copy=True)


def _scaled_shift(z, c, axis):
    with np.errstate(over="ignore"):
        # z - max z is <= 0; scaling by a huge c may round it to -inf, whose exponential is the
        # exact limit 0. The maximum itself stays exactly 0.
        return c * (z - np.max(z, axis=axis, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An output-layer activation: its map z -> a and its vector-Jacobian product."""

    name: str
    forward: Callable
    backward: Callable  # (z, a, grad_a) -> delta = J(z)^T grad_a
    output_range: tuple[float, float]

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _sigmoid_backward(z, a, grad_a):
    # The Jacobian of an elementwise map is diagonal: delta_j = sigma'(z_j) dC/da_j (eq. (BP1)).
    return grad_a * sigmoid_prime(z)


def _softmax_backward(z, a, grad_a):
    # J = diag(a) - a a^T is symmetric, so J^T g = a * (g - <a, g>).
    return a * (grad_a - np.sum(a * grad_a, axis=-1, keepdims=True))


def _linear_backward(z, a, grad_a):
    return np.array(grad_a, copy=True)


SIGMOID = Activation("sigmoid", sigmoid, _sigmoid_backward, (0.0, 1.0))
SOFTMAX = Activation("softmax", softmax, _softmax_backward, (0.0, 1.0))
LINEAR = Activation("linear", linear, _linear_backward, (-np.inf, np.inf))

ACTIVATIONS = {act.name: act for act in (SIGMOID, SOFTMAX, LINEAR)}


def get_activation(name: str) -> Activation:
    """Look an output activation up by name, with an error that lists the valid names."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"output activation must be one of {sorted(ACTIVATIONS)}, got {name!r}"
        ) from None
