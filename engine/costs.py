"""The three costs of chapter 3: quadratic, cross-entropy and log-likelihood.

Each cost gives, for a batch of output activations ``a`` and targets ``y`` (one example per row):

- ``value(a, y)``: the cost of each example, C_x, shape (m,); the cost of the batch is its mean,
  C = (1/n) sum_x C_x, as in eq. (57) and (63).
- ``grad_a(a, y)``: dC_x/da, the input that backpropagation turns into delta^L through the output
  activation's Jacobian.
- ``value_from_z(z, y)`` (cross-entropy and log-likelihood): the same cost evaluated from the
  weighted inputs z of its canonical output layer (sigmoid and softmax respectively), with
  log-sigmoid and log-sum-exp, so a saturated neuron gets a finite, correct cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.activations import log_sigmoid, log_softmax
from engine.errors import SaturatedOutputError
from engine.validation import (
    as_float_array,
    require_finite,
    require_in_unit_interval,
    require_not_nan,
    require_same_shape,
)


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
    confidently wrong output (a = 0 with y = 1) costs +inf, the true value.
    """
    a = require_in_unit_interval(a, "a (cross-entropy needs outputs in [0, 1])")
    y = require_in_unit_interval(y, "y (cross-entropy needs targets in [0, 1])")
    require_same_shape(a, y, "a", "y")
    return 0.0 - np.sum(xlogy(y, a) + xlog1py(1.0 - y, -a), axis=-1)


def cross_entropy_grad(a, y):
    """dC_x/da_j = -y_j/a_j + (1 - y_j)/(1 - a_j) = (a_j - y_j) / (a_j (1 - a_j)).

    A term whose numerator is 0 is 0. Where a_j is 0 or 1 and the matching term is not 0 the
    gradient is infinite: that raises :class:`SaturatedOutputError` (use the weighted inputs).
    """
    a = require_in_unit_interval(a, "a (cross-entropy needs outputs in [0, 1])")
    y = require_in_unit_interval(y, "y (cross-entropy needs targets in [0, 1])")
    require_same_shape(a, y, "a", "y")
    return -_safe_ratio(y, a, "a") + _safe_ratio(1.0 - y, 1.0 - a, "1 - a")


def cross_entropy_from_z(z, y):
    """Eq. (57) with a = sigma(z): C_x = sum_j [y_j softplus(-z_j) + (1 - y_j) softplus(z_j)].

    Uses ln sigma(z) = -softplus(-z) and ln(1 - sigma(z)) = -softplus(z), finite for every
    finite z.
    """
    z = require_finite(z, "z")
    y = require_in_unit_interval(y, "y (cross-entropy needs targets in [0, 1])")
    require_same_shape(z, y, "z", "y")
    return -np.sum(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z), axis=-1)


def log_likelihood(a, y):
    """C_x = -ln a_y (eq. (80)); with y a one-hot row (or any distribution), -sum_j y_j ln a_j."""
    a = require_in_unit_interval(a, "a (log-likelihood needs outputs in [0, 1])")
    y = _distribution(y)
    require_same_shape(a, y, "a", "y")
    return 0.0 - np.sum(xlogy(y, a), axis=-1)


def log_likelihood_grad(a, y):
    """dC_x/da_j = -y_j / a_j (0 where y_j = 0); infinite where a_j = 0 < y_j (raises)."""
    a = require_in_unit_interval(a, "a (log-likelihood needs outputs in [0, 1])")
    y = _distribution(y)
    require_same_shape(a, y, "a", "y")
    return -_safe_ratio(y, a, "a")


def log_likelihood_from_z(z, y):
    """Eq. (80) with a = softmax(z): C_x = -sum_j y_j (z_j - ln sum_k e^{z_k}), by log-sum-exp."""
    z = require_finite(z, "z")
    y = _distribution(y)
    require_same_shape(z, y, "z", "y")
    return -np.sum(y * log_softmax(z), axis=-1)


@dataclass(frozen=True)
class Cost:
    """A cost function: its per-example value, dC_x/da and, where stable, its value from z."""

    name: str
    value: Callable
    grad_a: Callable
    value_from_z: Callable | None
    canonical_output: str  # the output layer whose z value_from_z expects
    needs_unit_outputs: bool

    def __repr__(self) -> str:
        return f"Cost({self.name!r})"


QUADRATIC = Cost("quadratic", quadratic, quadratic_grad, None, "linear", False)
CROSS_ENTROPY = Cost(
    "cross_entropy", cross_entropy, cross_entropy_grad, cross_entropy_from_z, "sigmoid", True
)
LOG_LIKELIHOOD = Cost(
    "log_likelihood", log_likelihood, log_likelihood_grad, log_likelihood_from_z, "softmax", True
)

COSTS = {cost.name: cost for cost in (QUADRATIC, CROSS_ENTROPY, LOG_LIKELIHOOD)}


def get_cost(name: str) -> Cost:
    """Look a cost up by name, with an error that lists the valid names."""
    try:
        return COSTS[name]
    except KeyError:
        raise ValueError(f"cost must be one of {sorted(COSTS)}, got {name!r}") from None


def _pair(a, y):
    a = require_not_nan(a, "a")
    y = require_not_nan(y, "y")
    require_same_shape(a, y, "a", "y")
    return a, y


def _distribution(y):
    y = as_float_array(y, "y")
    if np.isnan(y).any() or (y < 0).any() or (y > 1).any():
        raise ValueError("y must be a target distribution (entries in [0, 1]), e.g. one-hot rows")
    return y


def _safe_ratio(numerator, denominator, denominator_name: str):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(numerator == 0, 0.0, numerator / np.where(denominator == 0, 1.0, denominator))
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
