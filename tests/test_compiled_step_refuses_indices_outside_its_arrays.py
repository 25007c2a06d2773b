"""The compiled step reads its arrays without bounds checks, so CompiledStep.run refuses, with a
ValueError naming what is wrong, every index or mini-batch that would read outside them, and
leaves the parameters untouched."""

import numpy as np
import pytest

from engine.network import Network
from engine.training import make_step, one_hot


def _setup():
    network = Network([3, 4, 2], seed=0)
    x = np.random.default_rng(0).uniform(size=(6, 3))
    return network, make_step(network, 2, 0.5), x, one_hot(np.arange(6) % 2, 2)


@pytest.mark.parametrize("order, starts, stops, named", [
    ([0, 6], [0], [2], "order must hold row indices 0 to 5"),
    ([-1, 2], [0], [2], "order must hold row indices 0 to 5"),
    ([0, 1, 2], [0], [3], "1 to 2 consecutive"),
    ([0, 1], [1], [1], "1 to 2 consecutive"),
    ([0, 1], [1], [3], "1 to 2 consecutive"),
])
def test_indices_outside_the_arrays_are_refused_before_any_step(order, starts, stops, named):
    network, step, x, targets = _setup()
    before = [p.copy() for p in network.params]
    with pytest.raises(ValueError, match=named):
        step.run(x, targets, np.array(order, dtype=np.intp), np.array(starts, dtype=np.intp),
                 np.array(stops, dtype=np.intp), np.array([-0.25]))
    assert all(np.array_equal(p, q) for p, q in zip(network.params, before))


def test_inputs_of_another_width_or_targets_of_another_length_are_refused():
    network, step, x, targets = _setup()
    with pytest.raises(ValueError, match=r"x must be \(n, 3\)"):
        step(x[:, :2], targets, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"targets \(n, 2\)"):
        step(x, targets[:5], np.array([0, 1]))
