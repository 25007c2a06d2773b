"""The witnesses' inputs: the hard cases of the claim suite and seeded draws, smallest first.

"Smallest" orders by length, then by the largest magnitude of an entry: the first failing input
of a witness is then the simplest counterexample among them (the shrinking step)."""

from __future__ import annotations

import numpy as np

from claims.high_precision import EXTREME_Z, SOFTMAX_VECTORS

SEED = 20261207


def rng(salt: int = 0) -> np.random.Generator:
    """The witnesses' generator: every draw is seeded, so a run is reproducible."""
    return np.random.default_rng(SEED + salt)


def by_size(vectors) -> list[np.ndarray]:
    """Float64 vectors ordered by (length, largest magnitude, first entries), duplicates gone."""
    unique = {tuple(float(v) for v in np.reshape(x, -1)): None for x in vectors}
    ordered = sorted(unique, key=lambda x: (len(x), max(abs(v) for v in x), x))
    return [np.array(x, dtype=np.float64) for x in ordered]


def weighted_inputs() -> list[float]:
    """Scalars z: the claim suite's extreme inputs (0, subnormals, saturation at 36.7, overflow
    of e^{-z} at 709.8, the largest float), a grid of integers and half-integers up to 50, and 40
    N(0, 10^2) draws; ordered by magnitude."""
    grid = [k / 2 for k in range(-100, 101)]
    draws = list(rng(1).normal(0.0, 10.0, 40))
    return [float(x[0]) for x in by_size([[z] for z in list(EXTREME_Z) + grid + draws])]


def softmax_inputs() -> list[np.ndarray]:
    """Vectors z: the claim suite's softmax cases ([0, -40], ties, terms past underflow), the
    two-entry gaps [0, -d] for d = 1..60 and 30 seeded draws of length 2 to 5."""
    draws = rng(2)
    drawn = [draws.normal(0.0, 5.0, draws.integers(2, 6)) for _ in range(30)]
    gaps = [[0.0, -float(d)] for d in range(1, 61)]
    return by_size(list(SOFTMAX_VECTORS) + gaps + drawn)


def unit_outputs() -> list[float]:
    """Outputs a in [0, 1], the middle first: the ends, the subnormal and tiny values where
    ln(1 - a) needs log1p, values next to 1, and a grid of sixteenths."""
    specials = [0.0, 5e-324, 1e-300, 1e-20, 1e-10, 1e-5, 0.5, 1 - 2.0**-53, 1 - 1e-10, 1.0]
    return sorted(set(specials + [k / 16 for k in range(17)]), key=lambda a: (-min(a, 1 - a), a))
