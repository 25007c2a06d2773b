"""Errors the engine raises where a computation cannot be carried out faithfully."""


class SaturatedOutputError(ArithmeticError):
    """A quantity is infinite because an output activation reached 0 or 1 exactly in floating point.

    The limit exists mathematically (for instance delta^L = a - y), but the route through dC/da
    cannot represent it; the fused path that works from the weighted inputs z can.
    """


class IncompatibleCostError(ValueError):
    """A cost was paired with an output layer whose activations it is not defined for."""


class NonFiniteParametersError(FloatingPointError):
    """Training drove a weight or bias to inf or NaN (the learning rate eta is too large for the
    problem); the message names eta and the epoch."""
