"""The claim suite's Hypothesis strategies reach the hard cases they promise (each found by a
derandomized search, so the check is repeatable)."""

import numpy as np
import pytest
from hypothesis import find, settings

from claims import strategies

search = settings(database=None, derandomize=True, max_examples=2000)


@pytest.mark.parametrize(
    "description, strategy, condition",
    [
        ("subnormal z", strategies.any_weighted_input(), lambda z: 0 < abs(z) < 1e-300),
        ("z where sigma rounds to 1", strategies.any_weighted_input(), lambda z: 36.7 < z < 700),
        ("z beyond exp overflow", strategies.any_weighted_input(), lambda z: 710 < z < 1e4),
        ("z near the largest float", strategies.any_weighted_input(), lambda z: z < -1e307),
        ("target exactly 0", strategies.unit_targets(), lambda y: y == 0.0),
        ("target exactly 1", strategies.unit_targets(), lambda y: y == 1.0),
        ("target strictly inside", strategies.unit_targets(), lambda y: 0.1 < y < 0.9),
        ("output just below 1", strategies.open_unit_interval(), lambda a: a > 1 - 1e-15),
        (
            "long vector",
            strategies.vectors(strategies.any_weighted_input()),
            lambda v: v.size >= 40,
        ),
        (
            "three-way tie at the maximum",
            strategies.softmax_inputs(),
            lambda z: np.sum(z == z.max()) >= 3,
        ),
        ("softmax input spanning 1e300", strategies.softmax_inputs(), lambda z: np.ptp(z) > 1e300),
        ("tiny probability", strategies.distributions(), lambda a: a.min() < 1e-200),
        (
            "4-layer network",
            strategies.networks("softmax", "log_likelihood"),
            lambda n: n.num_layers == 4,
        ),
        (
            "2-layer network",
            strategies.networks("sigmoid", "cross_entropy"),
            lambda n: n.num_layers == 2,
        ),
        ("mini-batch of 6", strategies.batches(3), lambda x: len(x) == 6),
    ],
)
def test_strategy_reaches(description, strategy, condition):
    find(strategy, condition, settings=search)
