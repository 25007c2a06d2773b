"""The checks of what the documents say about a formula, evaluated with the engine at the point
the catalog names: the sign of the cross-entropy's bracket and of its terms, the domain of the
logarithm, how the outputs of a sigmoid or softmax layer respond to their inputs, the cost's
symmetry and least value, the factors of the quadratic gradient, and the size of 003's epoch.

Each function takes a :class:`experiments.checks.Stated` (the point and the variant in its
parameters) and no runs, and returns one comparison row (:func:`experiments.checks.row`). The
variant is a parameter so that a negative control of the catalog can move it: the other sign,
another point, another function, the other layer.
"""

from __future__ import annotations

import math

import numpy as np

from engine.activations import sigmoid, sigmoid_prime, softmax
from engine.costs import CROSS_ENTROPY, QUADRATIC, xlogy
from experiments.checks import Stated, row

LAYERS = {"sigmoid": sigmoid, "softmax": softmax}
FUNCTIONS = {"ln": math.log, "logit": lambda x: math.log(x / (1 - x))}


def _terms(stated: Stated) -> tuple[float, float, float, float]:
    """(a, y, y ln a, (1 - y) ln(1 - a)) at the parameters' point (x ln 0 read as 0 for x = 0)."""
    a, y = float(stated.parameter("a")), float(stated.parameter("y"))
    return (
        a,
        y,
        float(xlogy(np.float64(y), np.float64(a))),
        float(xlogy(np.float64(1 - y), np.float64(1 - a))),
    )


def bracket_nonnegative(stated: Stated, runs=None) -> dict:
    """sign * [y ln a + (1 - y) ln(1 - a)] >= 0 at (``a``, ``y``): ``sign`` +1 is the bracket as
    printed, -1 the cross-entropy with its leading minus (eq. (57))."""
    a, y, first, second = _terms(stated)
    sign = stated.parameter("sign")
    value = sign * (first + second)
    return row(
        stated,
        shown=f"{'+' if sign > 0 else '-'}[y ln a + (1 - y) ln(1 - a)] >= 0",
        computed=f"{value:.4f}",
        tolerance="the value is at least 0 (no slack)",
        verdict=value >= -stated.tolerance,
        note=f"a = {a:g}, y = {y:g}",
    )


def both_terms_negative(stated: Stated, runs=None) -> dict:
    """y ln a < 0 and (1 - y) ln(1 - a) < 0 at (``a``, ``y``); with ``strict`` False, <= 0."""
    a, y, first, second = _terms(stated)
    strict = stated.parameters.get("strict", True)
    below = (lambda value: value < 0) if strict else (lambda value: value <= 0)
    return row(
        stated,
        shown=f"y ln a {'<' if strict else '<='} 0 and (1 - y) ln(1 - a) "
        f"{'<' if strict else '<='} 0",
        computed=f"y ln a = {first:.4f}, (1 - y) ln(1 - a) = {second:.4f}",
        tolerance="both strictly below 0" if strict else "neither above 0",
        verdict=below(first) and below(second),
        note=f"a = {a:g}, y = {y:g}",
    )


def defined_only_on_unit_interval(stated: Stated, runs=None) -> dict:
    """The function named ``applied`` has no value at ``argument``, a point outside (0, 1)."""
    name, argument = stated.parameter("applied"), float(stated.parameter("argument"))
    try:
        value = FUNCTIONS[name](argument)
    except (ValueError, ZeroDivisionError):
        value = None
    return row(
        stated,
        shown=f"{name} is defined on (0, 1) only",
        computed="undefined" if value is None else f"{name}({argument:g}) = {value:.4f}",
        tolerance=f"no value at {argument:g}",
        verdict=value is None or not math.isfinite(value),
        note=f"{name} evaluated at {argument:g}",
    )


def _layer_outputs(stated: Stated, z) -> np.ndarray:
    return np.asarray(LAYERS[stated.parameter("layer")](np.asarray(z, dtype=float)), dtype=float)


def outputs_do_not_sum_to_one(stated: Stated, runs=None) -> dict:
    """The outputs of the layer ``layer`` for the inputs ``z`` sum to more than ``tolerance``
    away from 1: they are no probability distribution."""
    outputs = _layer_outputs(stated, stated.parameter("z"))
    total = float(outputs.sum())
    return row(
        stated,
        shown="the outputs need not sum to 1",
        computed=f"{total:.4f}",
        tolerance=f"|sum - 1| > {stated.tolerance:g}",
        verdict=abs(total - 1) > stated.tolerance,
        note=f"{stated.parameter('layer')} layer, z = {tuple(stated.parameter('z'))}",
    )


def rise_offset_by_the_others(stated: Stated, runs=None) -> dict:
    """Raising the last input of ``z`` by 1 lowers the other outputs of the layer ``layer`` so
    that the sum of the outputs moves by at most ``tolerance``."""
    z = np.asarray(stated.parameter("z"), dtype=float)
    raised = z.copy()
    raised[-1] += 1.0
    before, after = _layer_outputs(stated, z), _layer_outputs(stated, raised)
    moved = float(after.sum() - before.sum())
    return row(
        stated,
        shown="a rise of one output is offset by the others",
        computed=f"others change by {float((after[:-1] - before[:-1]).sum()):+.4f}, the sum by "
        f"{moved:+.4f}",
        tolerance=f"the others fall and the sum moves by at most {stated.tolerance:g}",
        verdict=bool(np.all(after[:-1] < before[:-1])) and abs(moved) <= stated.tolerance,
        note=f"{stated.parameter('layer')} layer, z = {tuple(z)} with its last input raised by 1",
    )


COSTS = {"cross_entropy": CROSS_ENTROPY, "quadratic": QUADRATIC}


def _cost_value(name: str, a: float, y: float) -> float:
    return float(COSTS[name].value(np.array([[a]]), np.array([[y]]))[0])


def changes_when_swapped(stated: Stated, runs=None) -> dict:
    """The cost ``cost`` changes when output ``a`` and target ``y`` swap roles, by more than
    ``tolerance``."""
    a, y = float(stated.parameter("a")), float(stated.parameter("y"))
    name = stated.parameter("cost")
    forward, swapped = _cost_value(name, a, y), _cost_value(name, y, a)
    return row(
        stated,
        shown="C(a, y) differs from C(y, a)",
        computed=f"C(a={a:g}, y={y:g}) = {forward:.4f}, C(a={y:g}, y={a:g}) = {swapped:.4f}",
        tolerance=f"|difference| > {stated.tolerance:g}",
        verdict=abs(forward - swapped) > stated.tolerance,
        note=f"{name.replace('_', '-')} cost",
    )


def least_cost_above_zero(stated: Stated, runs=None) -> dict:
    """For the target ``y`` the cross-entropy's least value, at a = y, stays above
    ``tolerance``: the cost cannot come close to 0."""
    y = float(stated.parameter("y"))
    least = _cost_value("cross_entropy", y, y)
    return row(
        stated,
        shown="the cost cannot come close to 0 for a target strictly between 0 and 1",
        computed=f"C(a={y:g}, y={y:g}) = {least:.4f}",
        tolerance=f"least value > {stated.tolerance:g}",
        verdict=least > stated.tolerance,
        note="the least value over a is at a = y",
    )


def slope_factor_dominates(stated: Stated, runs=None) -> dict:
    """Between the weighted inputs ``zs``, sigma'(z) changes by a factor more than ``tolerance``
    times the factor by which a = sigma(z) changes."""
    low, high = (float(z) for z in stated.parameter("zs"))
    a_ratio = float(sigmoid(high) / sigmoid(low))
    slope_ratio = float(sigmoid_prime(low) / sigmoid_prime(high))
    return row(
        stated,
        shown="sigma'(z), not a, decides the quadratic learning speed",
        computed=f"a changes {a_ratio:.2f} x, sigma'(z) {slope_ratio:.2f} x",
        tolerance=f"sigma'(z) changes more than {stated.tolerance:g} times as much as a",
        verdict=slope_ratio > stated.tolerance * a_ratio,
        note=f"between z = {low:g} and {high:g}",
    )


def printed_epoch_short_of_the_split(stated: Stated, runs=None) -> dict:
    """A printed epoch of ``steps`` mini-batches of ``batch`` examples covers fewer examples than
    the training split of ``split``: it is not a pass over the data."""
    steps, batch, split = (int(stated.parameter(name)) for name in ("steps", "batch", "split"))
    return row(
        stated,
        shown="a printed epoch is not a pass over the training split",
        computed=f"{steps} x {batch} = {steps * batch} examples of {split}",
        tolerance="fewer examples than the split",
        verdict=steps * batch < split,
        note="the loop's steps times the mini-batch size",
    )
