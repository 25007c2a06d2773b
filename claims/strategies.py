"""Hypothesis strategies that reach the hard cases of chapter 3's formulas.

Weighted inputs run from 0 and subnormal magnitudes (5e-324, 1e-300) through the region where
sigma(z) rounds to 1 in float64 (z > 36.7) and where e^{z} overflows (z > 709.8) up to 1e308.
Targets include exactly 0 and 1. Softmax inputs include exact ties at the maximum. Vectors have
1 to 50 entries, mini-batches 1 to 6 rows, networks 2 to 4 layers of 1 to 6 neurons.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from engine.network import Network

# sigma(z) is exactly 1.0 in float64 for z > 36.7 and exactly 0 below about -745; between those
# the output lies strictly inside (0, 1), where dC/da of the cross-entropy is finite.
SIGMOID_OPEN_RANGE = 36.0

SPECIAL_MAGNITUDES = (
    0.0,
    5e-324,
    1e-300,
    1e-8,
    0.5,
    1.0,
    36.7,
    37.0,
    709.78,
    710.0,
    745.2,
    800.0,
    1e4,
    1e150,
    1e300,
    1.7976931348623157e308,
)


def any_weighted_input(max_magnitude: float = 1.7976931348623157e308):
    """Finite z of either sign, from 0 and subnormals to ``max_magnitude`` (default: all floats)."""
    specials = [s * sign for s in SPECIAL_MAGNITUDES if s <= max_magnitude for sign in (1.0, -1.0)]
    return st.one_of(
        st.sampled_from(specials),
        st.floats(-40.0, 40.0),
        st.floats(-max_magnitude, max_magnitude, allow_nan=False, allow_infinity=False),
    )


def moderate_weighted_input(bound: float = SIGMOID_OPEN_RANGE):
    """z with |z| <= bound (default: where sigma(z) is strictly inside (0, 1) in float64)."""
    return st.one_of(
        st.sampled_from([0.0, 5e-324, -1e-300, 1e-8, bound, -bound]),
        st.floats(-bound, bound, allow_nan=False),
    )


def unit_targets():
    """y in [0, 1] with the endpoints 0 and 1 (the classification targets) drawn often."""
    return st.one_of(
        st.sampled_from([0.0, 1.0]),
        st.floats(0.0, 1.0),
        st.sampled_from([5e-324, 1e-300, 0.5, 1 - 2**-53]),
    )


def binary_targets():
    return st.sampled_from([0.0, 1.0])


def open_unit_interval():
    """a or y strictly inside (0, 1), down to 1e-300 and up to 1 - 2^-53."""
    return st.one_of(
        st.sampled_from([1e-300, 1e-16, 0.5, 1 - 1e-16, 1 - 2**-53]),
        st.floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    )


def vector_lengths(min_size: int = 1, max_size: int = 50):
    return st.one_of(st.integers(min_size, min(max_size, 5)), st.integers(min_size, max_size))


def vectors(elements, min_size: int = 1, max_size: int = 50):
    """1-D float64 arrays of ``elements`` with 1 to 50 entries."""
    return vector_lengths(min_size, max_size).flatmap(
        lambda n: hnp.arrays(np.float64, n, elements=elements)
    )


@st.composite
def softmax_inputs(draw, elements=None, min_size: int = 1, max_size: int = 50, ties: bool = True):
    """Weighted-input vectors for softmax; with ``ties`` some entries are copied onto the
    maximum, giving exact ties (the k-way split of the hard-max limit)."""
    z = draw(
        vectors(elements if elements is not None else any_weighted_input(), min_size, max_size)
    )
    if ties and z.size > 1 and draw(st.booleans()):
        tied = draw(st.lists(st.integers(0, z.size - 1), min_size=1, max_size=z.size))
        z[tied] = z.max()
    return z


@st.composite
def distributions(draw, min_size: int = 1, max_size: int = 50):
    """Strictly positive probability vectors (sum 1 to rounding), entries spanning 1e-300..1."""
    weights = draw(
        vectors(st.one_of(st.floats(1e-6, 1.0), st.floats(1e-300, 1.0)), min_size, max_size)
    )
    return weights / weights.sum()


@st.composite
def one_hot_rows(draw, m: int, n: int):
    labels = draw(hnp.arrays(np.int64, m, elements=st.integers(0, n - 1)))
    targets = np.zeros((m, n))
    targets[np.arange(m), labels] = 1.0
    return targets


@st.composite
def networks(
    draw,
    output: str,
    cost: str,
    min_layers: int = 2,
    max_layers: int = 4,
    max_width: int = 6,
    min_output: int = 1,
):
    """A small Network with 2 to 4 layers and random parameters (seeded by Hypothesis)."""
    depth = draw(st.integers(min_layers, max_layers))
    sizes = [draw(st.integers(1, max_width)) for _ in range(depth)]
    sizes[-1] = max(sizes[-1], min_output)
    init = draw(st.sampled_from(["large", "default"]))
    seed = draw(st.integers(0, 2**32 - 1))
    return Network(sizes, output=output, cost=cost, init=init, seed=seed)


@st.composite
def batches(draw, n_in: int, max_rows: int = 6, magnitude: float = 3.0):
    """A mini-batch of 1 to ``max_rows`` inputs with entries in [-magnitude, magnitude]."""
    m = draw(st.integers(1, max_rows))
    return draw(hnp.arrays(np.float64, (m, n_in), elements=st.floats(-magnitude, magnitude)))


@st.composite
def targets_for(draw, cost: str, m: int, n: int):
    """Targets suited to a cost: one-hot rows for the log-likelihood; [0, 1] entries with
    endpoints for the cross-entropy; any moderate reals for the quadratic cost."""
    if cost == "log_likelihood":
        return draw(one_hot_rows(m, n))
    if cost == "cross_entropy":
        return draw(hnp.arrays(np.float64, (m, n), elements=unit_targets()))
    return draw(hnp.arrays(np.float64, (m, n), elements=st.floats(-3.0, 3.0)))
