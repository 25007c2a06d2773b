"""The three costs of chapter 3: quadratic, cross-entropy and log-likelihood.

Each cost gives, for a batch of output activations ``a`` and targets ``y`` (one example per row):

- ``value(a, y)``: the cost of each example, C_x, shape (m,); the cost of the batch is its mean,
  C = (1/n) sum_x C_x, as in eq. (57) and (63).
- ``grad_a(a, y)``: dC_x/da, the input that backpropagation turns into delta^L through the output
  activation's Jacobian.
- ``value_from_z(z, y)`` (cross-entropy and log-likelihood): the same cost evaluated from the
  weighted inputs z of its canonical output layer (sigmoid and softmax respectively), with
  log-sigmoid and log-sum-exp, so a saturated neuron gets a finite, correct cost.
- ``value_from_logs(log_a, log_complement, y)``: the cost from ln a and ln(1 - a), which any
  output layer with outputs in (0, 1) provides from z (:class:`engine.activations.Activation`);
  ``value_from_z`` is this with the canonical layer's logarithms.
- ``check_targets(y, name)``: the one target contract, applied wherever targets enter the engine:
  quadratic targets finite; cross-entropy targets in [0, 1]; log-likelihood targets a
  distribution (entries in [0, 1] summing to 1 in each row; class labels become one-hot rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.activations import log_sigmoid, log_softmax
from engine.errors import SaturatedOutputError
from engine.validation import require_finite, require_in_unit_interval, require_same_shape


def xlogy(x, y):
    """x ln y with the convention 0 ln 0 = 0 (the limit of t ln t as t -> 0)."""
    with np.errstate(divide="ignore"):
        return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))


def xlog1py(x, y):
    """x ln(1 + y) with 0 ln(1 + y) = 0; log1p keeps ln(1 - a) accurate for tiny a."""
    with np.errstate(divide="ignore"):
        return np.where(x == 0, 0.0, x * np.log1p(np.where(x == 0, 0.0, y)))


def quadratic(a, y):
    """C_x = ||y - a||^2 / 2 (Nielsen eq. (6); for one neuron (y - a)^2 / 2, eq. (54))."""
    a, y = _pair(a, y)
    return 0.5 * np.sum((a - y) ** 2, axis=-1)


def quadratic_grad(a, y):
    """dC_x/da = a - y."""
    a, y = _pair(a, y)
    return a - y


def cross_entropy(a, y):
    """C_x = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] (eq. (57), summed over neurons as in (63)).

    Defined for a and y in [0, 1]; 0 ln 0 counts as 0, so a = y in {0, 1} costs exactly 0, and a
    confidently wrong output (a = 0 with y = 1) costs +inf, the true value. ln(1 - a_j) is taken
    as log1p(-a_j), exact to rounding for tiny a_j.
    """
    a = require_in_unit_interval(a, "a (cross-entropy needs outputs in [0, 1])")
    y = cross_entropy_targets(y)
    require_same_shape(a, y, "a", "y")
    return 0.0 - np.sum(xlogy(y, a) + xlog1py(1.0 - y, -a), axis=-1)


def cross_entropy_grad(a, y, complement=None):
    """dC_x/da_j = -y_j/a_j + (1 - y_j)/(1 - a_j) = (a_j - y_j) / (a_j (1 - a_j)).

    ``complement``: 1 - a formed accurately from z by the output layer
    (``Activation.complement``); without it 1 - a is formed from the rounded a, which loses all
    relative accuracy as a approaches 1. A term whose numerator is 0 is 0. Where a_j or 1 - a_j
    is 0 (or so small the ratio overflows) and the matching term is not 0 the gradient is not
    representable: that raises :class:`SaturatedOutputError` (use the weighted inputs).
    """
    a = require_in_unit_interval(a, "a (cross-entropy needs outputs in [0, 1])")
    y = cross_entropy_targets(y)
    require_same_shape(a, y, "a", "y")
    complement = 1.0 - a if complement is None else complement
    return -_safe_ratio(y, a, "a") + _safe_ratio(1.0 - y, complement, "1 - a")


def cross_entropy_from_logs(log_a, log_complement, y):
    """Eq. (57) from ln a and ln(1 - a): C_x = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)],
    a zero weight times ln 0 = -inf counting as 0."""
    y = cross_entropy_targets(y)
    require_same_shape(log_a, y, "ln a", "y")
    return -np.sum(_weighted_log(y, log_a) + _weighted_log(1.0 - y, log_complement), axis=-1)


def cross_entropy_from_z(z, y):
    """Eq. (57) with a = sigma(z): C_x = sum_j [y_j softplus(-z_j) + (1 - y_j) softplus(z_j)].

    Uses ln sigma(z) = -softplus(-z) and ln(1 - sigma(z)) = -softplus(z), finite for every
    finite z.
    """
    z = require_finite(z, "z")
    y = cross_entropy_targets(y)
    require_same_shape(z, y, "z", "y")
    return cross_entropy_from_logs(log_sigmoid(z), log_sigmoid(-z), y)


def log_likelihood(a, y):
    """C_x = -ln a_y (eq. (80)); with y a one-hot row (or any distribution), -sum_j y_j ln a_j."""
    a = require_in_unit_interval(a, "a (log-likelihood needs outputs in [0, 1])")
    y = log_likelihood_targets(y)
    require_same_shape(a, y, "a", "y")
    return 0.0 - np.sum(xlogy(y, a), axis=-1)


def log_likelihood_grad(a, y, complement=None):
    """dC_x/da_j = -y_j / a_j (0 where y_j = 0); infinite where a_j = 0 < y_j (raises).
    ``complement`` is accepted for a uniform interface and not needed."""
    a = require_in_unit_interval(a, "a (log-likelihood needs outputs in [0, 1])")
    y = log_likelihood_targets(y)
    require_same_shape(a, y, "a", "y")
    return -_safe_ratio(y, a, "a")


def log_likelihood_from_logs(log_a, log_complement, y):
    """Eq. (80) from ln a: C_x = -sum_j y_j ln a_j (ln(1 - a) is not needed)."""
    y = log_likelihood_targets(y)
    require_same_shape(log_a, y, "ln a", "y")
    return -np.sum(_weighted_log(y, log_a), axis=-1)


def log_likelihood_from_z(z, y):
    """Eq. (80) with a = softmax(z): C_x = -sum_j y_j (z_j - ln sum_k e^{z_k}), by log-sum-exp."""
    z = require_finite(z, "z")
    y = log_likelihood_targets(y)
    require_same_shape(z, y, "z", "y")
    return log_likelihood_from_logs(log_softmax(z), None, y)


def quadratic_targets(y, name: str = "y"):
    """Quadratic-cost targets: any finite reals."""
    return require_finite(y, f"{name} (quadratic-cost targets)")


def cross_entropy_targets(y, name: str = "y"):
    """Cross-entropy targets: every entry in [0, 1]."""
    return require_in_unit_interval(y, f"{name} (cross-entropy needs targets in [0, 1])")


def log_likelihood_targets(y, name: str = "y"):
    """Log-likelihood targets: rows that are probability distributions, entries in [0, 1] with
    sum 1 (one-hot rows for class labels). The sum may miss 1 by the rounding of normalising n
    entries, n eps of the targets' precision; the closed form delta = a - y (eq. (84)) is the
    gradient only when it is 1."""
    y = require_in_unit_interval(y, f"{name} (log-likelihood needs targets in [0, 1])")
    if y.ndim == 0:
        raise ValueError(f"{name} (log-likelihood targets) must be a row per example, got a scalar")
    sums = np.sum(y, axis=-1)
    tolerance = y.shape[-1] * np.finfo(y.dtype).eps
    off = np.abs(sums - 1.0) > tolerance
    if off.any():
        first = np.argwhere(np.atleast_1d(off))[0]
        raise ValueError(
            f"{name} (log-likelihood targets) must be distributions, each row summing to 1 "
            f"(one-hot rows for class labels); row {tuple(int(i) for i in first)} sums to "
            f"{float(np.atleast_1d(sums)[tuple(first)])!r}"
        )
    return y


@dataclass(frozen=True)
class Cost:
    """A cost function: its per-example value, dC_x/da and, where stable, its value from z."""

    name: str
    value: Callable
    grad_a: Callable  # (a, y, complement=None) for the costs that take logarithms
    value_from_z: Callable | None
    canonical_output: str  # the output layer whose z value_from_z expects
    needs_unit_outputs: bool
    check_targets: Callable  # (y, name) -> y, or a ValueError naming the input
    value_from_logs: Callable | None = None  # (ln a, ln(1 - a), y) -> C_x

    def __repr__(self) -> str:
        return f"Cost({self.name!r})"


QUADRATIC = Cost("quadratic", quadratic, quadratic_grad, None, "linear", False, quadratic_targets)
CROSS_ENTROPY = Cost(
    "cross_entropy",
    cross_entropy,
    cross_entropy_grad,
    cross_entropy_from_z,
    "sigmoid",
    True,
    cross_entropy_targets,
    cross_entropy_from_logs,
)
LOG_LIKELIHOOD = Cost(
    "log_likelihood",
    log_likelihood,
    log_likelihood_grad,
    log_likelihood_from_z,
    "softmax",
    True,
    log_likelihood_targets,
    log_likelihood_from_logs,
)

COSTS = {cost.name: cost for cost in (QUADRATIC, CROSS_ENTROPY, LOG_LIKELIHOOD)}


def get_cost(name: str) -> Cost:
    """Look a cost up by name, with an error that lists the valid names."""
    try:
        return COSTS[name]
    except KeyError:
        raise ValueError(f"cost must be one of {sorted(COSTS)}, got {name!r}") from None


def _pair(a, y):
    a = require_finite(a, "a (quadratic-cost outputs)")
    y = quadratic_targets(y)
    require_same_shape(a, y, "a", "y")
    return a, y


def _weighted_log(weight, log_value):
    """weight * ln(value) with 0 * (-inf) = 0 (the limit of t ln t as t -> 0)."""
    with np.errstate(invalid="ignore"):
        return np.where(weight == 0, 0.0, weight * log_value)


def _safe_ratio(numerator, denominator, denominator_name: str):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(
            numerator == 0, 0.0, numerator / np.where(denominator == 0, 1.0, denominator)
        )
    unbounded = (numerator != 0) & ((denominator == 0) | ~np.isfinite(ratio))
    if unbounded.any():
        raise SaturatedOutputError(
            f"the cost's gradient is not representable: {denominator_name} is 0 or so close to "
            f"0 (subnormal) at {int(np.count_nonzero(unbounded))} entries that the target's "
            "weight divided by it overflows; the output has saturated in floating point, so "
            "dC/da cannot be formed. Compute delta from the weighted inputs instead "
            "(Network.backprop with path='fused')."
        )
    return ratio
