"""The same seed gives bit-identical training: same per-epoch history, same final parameters.

Every random draw (initial parameters, the shuffle of each epoch) comes from the network's own
``numpy.random.default_rng(seed)``; nothing reads global random state or the clock. Equality is
exact (==), not approximate. A different seed must give a different run, so the comparison
cannot pass merely because training ignores the seed.
"""

import numpy as np
import pytest

from engine.network import Network
from engine.training import sgd

SIZES = [12, 8, 4]


def _data():
    rng = np.random.default_rng(7)
    x = rng.uniform(0.0, 1.0, size=(47, SIZES[0]))
    labels = rng.integers(0, SIZES[-1], size=47)
    return x, labels


def _train(seed, output, cost, dtype=np.float64):
    x, labels = _data()
    network = Network(SIZES, output=output, cost=cost, seed=seed, dtype=dtype)
    history = sgd(
        network,
        x,
        labels,
        epochs=3,
        mini_batch_size=10,
        eta=0.5,
        evaluation={"held-out": (x[:20], labels[:20])},
        monitor_training=True,
    )
    return network, history


@pytest.mark.parametrize(
    "output, cost",
    [("sigmoid", "cross_entropy"), ("softmax", "log_likelihood"), ("softmax", "quadratic")],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_same_seed_gives_identical_history_and_parameters(output, cost, dtype):
    first_network, first = _train(11, output, cost, dtype)
    second_network, second = _train(11, output, cost, dtype)
    assert first.to_dict() == second.to_dict()
    for p, q in zip(first_network.params, second_network.params):
        assert p.dtype == q.dtype == np.dtype(dtype)
        assert np.array_equal(p, q)


def test_a_different_seed_gives_a_different_run():
    first_network, first = _train(11, "sigmoid", "cross_entropy")
    other_network, other = _train(12, "sigmoid", "cross_entropy")
    assert first.to_dict() != other.to_dict()
    assert not np.array_equal(first_network.params[0], other_network.params[0])
