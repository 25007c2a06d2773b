"""Input checks shared by the engine: each names the input, what was expected and what was found."""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(x, name: str):
    """x as a floating array; float32 and float64 are kept, anything else becomes float64."""
    array = np.asarray(x)
    if array.dtype.kind == "f":
        return array
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    raise TypeError(f"{name} must be a real numeric array, got dtype {array.dtype}")


def require_not_nan(x, name: str):
    """x as a float array with no NaN (infinities are allowed: their limits are well defined)."""
    array = as_float_array(x, name)
    if np.isnan(array).any():
        raise ValueError(f"{name} must not contain NaN; found {_count(np.isnan(array))}")
    return array


def require_finite(x, name: str):
    """x as a float array whose entries are all finite."""
    array = as_float_array(x, name)
    finite = np.isfinite(array)
    if not finite.all():
        raise ValueError(
            f"{name} must be finite; found {_count(~finite)} non-finite "
            f"(e.g. {array[~finite].flat[0]!r})"
        )
    return array


def require_positive_finite(value, name: str) -> float:
    """A positive, finite real scalar."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return value


def require_in_unit_interval(x, name: str, *, closed: bool = True):
    """x as a float array with every entry in [0, 1] (or (0, 1) when closed is False)."""
    array = require_not_nan(x, name)
    inside = (array >= 0) & (array <= 1) if closed else (array > 0) & (array < 1)
    if not inside.all():
        bounds = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(
            f"{name} must lie in {bounds}; found {_count(~inside)} entries outside "
            f"(e.g. {array[~inside].flat[0]!r})"
        )
    return array


def require_same_shape(a, b, name_a: str, name_b: str) -> None:
    if np.shape(a) != np.shape(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape; got {np.shape(a)} and {np.shape(b)}"
        )


def _count(mask) -> str:
    n = int(np.count_nonzero(mask))
    return f"{n} of {np.size(mask)}"


def require_class_labels(labels, n_classes: int, name: str):
    """labels as a 1-D integer array with every entry a class index 0 <= label < n_classes;
    the error names the first offending label and its position."""
    array = np.asarray(labels)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        raise ValueError(
            f"{name} must be a 1-D integer array of class labels, got {array.dtype} of shape "
            f"{array.shape}"
        )
    array = array.astype(np.int64, copy=False)
    outside = (array < 0) | (array >= n_classes)
    if outside.any():
        position = int(np.argmax(outside))
        raise ValueError(
            f"{name} must lie in 0..{n_classes - 1} (one per output neuron); label "
            f"{int(array[position])} at position {position} does not"
        )
    return array
