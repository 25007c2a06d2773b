"""Output and hidden-layer activations of chapter 3, computed stably over all of float64.

Every function takes an array of weighted inputs ``z`` (a batch is a 2-D array with one example
per row; softmax normalises along ``axis``, the last by default) and never overflows, warns or
returns NaN for finite input.

The activation objects (:data:`SIGMOID`, :data:`SOFTMAX`, :data:`LINEAR`) add the one thing
backpropagation needs from a layer: ``backward(z, a, grad_a)``, the vector-Jacobian product
``J(z)^T grad_a`` that turns dC/da into the error delta = dC/dz.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.validation import require_finite, require_not_nan, require_positive_finite


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^{-z}) (Nielsen eq. (3)), exact to rounding for every float64 z.

    Computed by :func:`sigmoid_into` (the routine the training step runs on its buffers).
    """
    z = require_not_nan(z, "z")
    with np.errstate(over="ignore", invalid="ignore"):
        return sigmoid_into(z, np.empty_like(z), decay=np.empty_like(z))


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)) with 1 - sigma(z) = e^{-z} sigma(z), relative-accurate
    for every float64 z (no cancellation in 1 - sigma(z)); by :func:`sigmoid_into`."""
    z = require_not_nan(z, "z")
    prime = np.empty_like(z)
    with np.errstate(over="ignore", invalid="ignore"):
        sigmoid_into(z, np.empty_like(z), prime=prime, decay=np.empty_like(z))
    return prime


def sigmoid_into(z, out, prime=None, decay=None):
    """sigma(z) written into ``out`` (and sigma'(z) into ``prime`` when given): the one sigmoid of
    the engine in NumPy, used by :func:`sigmoid` and :func:`sigmoid_prime` (the compiled
    training step evaluates the same formulas element by element: engine.compiled_step).

    sigma(z) = 1 / (1 + d) with d = e^{-z}, and sigma'(z) = sigma(z) (1 - sigma(z)) with
    1 - sigma(z) = d sigma(z): every factor is relative-accurate, so both keep their digits at
    either end (sigma(z) ~ e^z for very negative z, sigma'(z) ~ e^{-z} for large z), and d = 0
    (z > 745) gives exactly 1 and 0. sigma'(z) is capped by sigma(z) (true for every z; it
    only removes a rounding excess and the inf * 0 where d overflowed).

    d overflows where sigma(z) is below the smallest normal number (z < -709.78; in float32
    z < -88.7); those entries are recomputed as e^z / (1 + e^z), which keeps the subnormal
    outputs.

    ``decay``: scratch for d shaped like z (allocated when not given). Neither ``decay`` nor
    ``out`` may share memory with z. No input checks, and the overflow of d is expected: callers
    check the input and silence it (``np.errstate(over="ignore", invalid="ignore")``).
    """
    decay = np.negative(z, out=decay)
    np.exp(decay, out=decay)  # d = e^{-z}
    np.add(decay, 1.0, out=out)
    np.reciprocal(out, out=out)  # sigma(z) = 1 / (1 + d)
    if prime is not None:
        np.multiply(decay, out, out=prime)  # 1 - sigma(z) = d sigma(z)
        np.multiply(prime, out, out=prime)  # sigma'(z)
        np.fmin(prime, out, out=prime)  # sigma'(z) <= sigma(z); inf * 0 -> 0
    if decay.size and decay.max() == np.inf:
        _sigmoid_far_left(z, out, prime, np.isinf(decay))
    return out


def _sigmoid_far_left(z, out, prime, where):
    """sigma(z) = e^z / (1 + e^z) and sigma'(z) = sigma(z) / (1 + e^z) where e^{-z} overflowed."""
    growth = np.exp(z[where])
    upper = 1.0 / (1.0 + growth)
    out[where] = growth * upper
    if prime is not None:
        prime[where] = growth * upper * upper


def sigmoid_complement(z):
    """1 - sigma(z) = sigma(-z), relative-accurate where sigma(z) is close to 1."""
    z = require_not_nan(z, "z")
    return sigmoid(-z)


def log_sigmoid(z):
    """ln sigma(z) = -ln(1 + e^{-z}) = -softplus(-z), finite for every finite z."""
    z = require_not_nan(z, "z")
    return -np.logaddexp(0.0, -z)


def log_sigmoid_complement(z):
    """ln(1 - sigma(z)) = ln sigma(-z)."""
    z = require_not_nan(z, "z")
    return log_sigmoid(-z)


def softmax(z, c=1.0, axis=-1):
    """a_j = e^{c z_j} / sum_k e^{c z_k} (Nielsen eq. (78); with the factor c, eq. (83)).

    Computed by :func:`softmax_into` as e^{c (z_j - max z)} / sum_k e^{c (z_k - max z)}: every
    exponent is <= 0, so nothing overflows, the largest term is exactly 1 and the sum is at least
    1. That keeps the result a probability distribution for any c > 0, however large.
    """
    z = require_finite(z, "z")
    c = require_positive_finite(c, "c")
    last = np.moveaxis(z, axis, -1)
    out = np.empty_like(last)
    with np.errstate(over="ignore"):
        softmax_into(last, out, np.empty_like(last[..., :1]), c)
    return np.moveaxis(out, -1, axis)


def softmax_into(z, out, row, c=1.0):
    """Softmax over the last axis of z written into ``out``; ``row`` is scratch shaped like z
    with a last axis of length 1. The one softmax of the engine (:func:`softmax` and the training
    step). z - max z is <= 0; scaling by a huge c may round it to -inf (an overflow the caller
    silences), whose exponential is the exact limit 0; the maximum itself stays exactly 0."""
    # the ufuncs' reductions directly: what np.max and np.sum call, without their wrappers
    np.maximum.reduce(z, axis=-1, keepdims=True, out=row)
    np.subtract(z, row, out=out)
    if c != 1.0:
        out *= c
    np.exp(out, out=out)
    np.add.reduce(out, axis=-1, keepdims=True, out=row)
    np.divide(out, row, out=out)
    return out


def log_softmax(z, c=1.0, axis=-1):
    """ln a_j = c z_j - ln sum_k e^{c z_k}, by the log-sum-exp shift (see :func:`softmax`).

    ln sum_k e^{c z_k} = c max z + ln(1 + r) with r = sum over every term but the (first)
    largest of e^{c (z_k - max z)}, taken as log1p(r): when the largest term dominates, r is
    tiny and ln(1 + r) keeps its digits (ln a of the winner is -r, not 0).
    """
    z = require_finite(z, "z")
    c = require_positive_finite(c, "c")
    shifted = _scaled_shift(np.moveaxis(z, axis, -1), c)
    return np.moveaxis(shifted - np.log1p(_rest(shifted)), -1, axis)


def softmax_complement(z):
    """1 - a_j for softmax over the last axis, relative-accurate where a_j is close to 1:
    sum_{k != j} e^{z_k - max z} / sum_k e^{z_k - max z}, the sum over the others formed
    directly for the largest entry (it is the remainder r of :func:`log_softmax`) and as
    S - w_j >= 1 (no cancellation) for every other entry."""
    z = require_finite(z, "z")
    with np.errstate(over="ignore"):
        shifted = _scaled_shift(z, 1.0)
    weights = np.exp(shifted)
    total = np.sum(weights, axis=-1, keepdims=True)
    top = _first_max(shifted)
    others = np.where(top, _rest(shifted), total - weights)
    return others / total


def log_softmax_complement(z):
    """ln(1 - a_j) = ln sum_{k != j} e^{z_k} - ln sum_k e^{z_k} for softmax over the last axis,
    each log-sum-exp taken as in :func:`log_softmax` (-inf for a single output, where a = 1)."""
    z = require_finite(z, "z")
    n = z.shape[-1]
    with np.errstate(over="ignore"):
        shifted = _scaled_shift(z, 1.0)
    total = np.log1p(_rest(shifted))
    if n == 1:
        return np.full_like(shifted, -np.inf)
    # row j of `masked` is z with entry j removed (set to -inf): its log-sum-exp is ln sum_{k!=j}
    masked = np.broadcast_to(shifted[..., None, :], shifted.shape + (n,)).copy()
    masked[..., np.arange(n), np.arange(n)] = -np.inf
    peak = np.max(masked, axis=-1, keepdims=True)
    with np.errstate(over="ignore"):
        inner = masked - peak
    others = peak[..., 0] + np.log1p(_rest(inner))[..., 0]
    return others - total


def softmax_jacobian(z, c=1.0):
    """da_j/dz_k = c a_j (delta_jk - a_k) for softmax over the last axis; shape (..., n, n)."""
    a = softmax(z, c)
    return c * (a[..., :, None] * np.eye(a.shape[-1]) - a[..., :, None] * a[..., None, :])


def linear(z):
    """a = z: the linear output neurons of Nielsen's problem on eq. (68)-(70).

    A new array, as every activation returns: writing into a leaves z unchanged."""
    return np.array(require_not_nan(z, "z"), copy=True)


def _scaled_shift(z, c):
    with np.errstate(over="ignore"):
        # z - max z is <= 0; scaling by a huge c may round it to -inf, whose exponential is the
        # exact limit 0. The maximum itself stays exactly 0.
        return c * (z - np.max(z, axis=-1, keepdims=True))


def _first_max(shifted):
    """Boolean mask of the first largest entry of each row (where shifted == 0)."""
    index = np.argmax(shifted, axis=-1)[..., None]
    return np.arange(shifted.shape[-1]) == index


def _rest(shifted):
    """sum of e^{shifted_k} over every k but the first largest (shape (..., 1))."""
    weights = np.where(_first_max(shifted), 0.0, np.exp(shifted))
    return np.sum(weights, axis=-1, keepdims=True)


@dataclass(frozen=True)
class Activation:
    """An output-layer activation: its map z -> a, its vector-Jacobian product and, for the
    activations with outputs in (0, 1), 1 - a and the logarithms ln a, ln(1 - a) from z."""

    name: str
    forward: Callable
    backward: Callable  # (z, a, grad_a) -> delta = J(z)^T grad_a
    output_range: tuple[float, float]
    complement: Callable | None = None  # z -> 1 - a, relative-accurate
    log_forward: Callable | None = None  # z -> ln a
    log_complement: Callable | None = None  # z -> ln(1 - a)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _sigmoid_backward(z, a, grad_a):
    # The Jacobian of an elementwise map is diagonal: delta_j = sigma'(z_j) dC/da_j (eq. (BP1)).
    return grad_a * sigmoid_prime(z)


def _softmax_backward(z, a, grad_a):
    """J^T g with J = diag(a) - a a^T: delta_j = a_j (g_j - sum_k a_k g_k), arranged as
    a_j (1 - a_j) g_j - a_j sum_{k != j} a_k g_k with 1 - a_j from z (:func:`softmax_complement`).

    Near saturation g_j can be of order 1/(1 - a_j) (the cross-entropy); the plain form then
    subtracts two numbers of that size, the arranged one never does: (1 - a_j) g_j is formed
    first, and the sum over the others is formed directly for the largest a_j.
    """
    products = a * grad_a
    total = np.sum(products, axis=-1, keepdims=True)
    top = _first_max(a)
    others_of_top = np.sum(np.where(top, 0.0, products), axis=-1, keepdims=True)
    others = np.where(top, others_of_top, total - products)
    return a * (softmax_complement(z) * grad_a) - a * others


def _linear_backward(z, a, grad_a):
    """J^T g = g (the identity Jacobian), as a new array like the other backward maps."""
    return np.array(grad_a, copy=True)


SIGMOID = Activation(
    "sigmoid",
    sigmoid,
    _sigmoid_backward,
    (0.0, 1.0),
    sigmoid_complement,
    log_sigmoid,
    log_sigmoid_complement,
)
SOFTMAX = Activation(
    "softmax",
    softmax,
    _softmax_backward,
    (0.0, 1.0),
    softmax_complement,
    log_softmax,
    log_softmax_complement,
)
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
