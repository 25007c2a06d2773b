"""Training K networks together (sgd_many) ends exactly where K separate sgd calls end.

sgd_many stacks the networks' parameters and runs each step for all of them in one set of NumPy
calls; each network still shuffles with its own generator. Every per-epoch figure and every final
parameter must be identical (==, bit for bit) to training that network alone, for pairings with
a closed-form output error (stacked path) and without one (separate general steps), in both
precisions, with a last mini-batch shorter than the others.
"""

import numpy as np
import pytest

from engine.network import Network
from engine.training import sgd, sgd_many

SIZES = [11, 7, 5, 3]


def _data():
    rng = np.random.default_rng(8)
    x = rng.uniform(0.0, 1.0, size=(37, SIZES[0]))  # 37 = 3 * 10 + 7
    labels = rng.integers(0, SIZES[-1], size=37)
    return x, labels


@pytest.mark.parametrize(
    "output, cost",
    [("sigmoid", "cross_entropy"), ("softmax", "log_likelihood"), ("sigmoid", "quadratic"),
     ("linear", "quadratic"), ("softmax", "cross_entropy")],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_stacked_training_equals_separate_training_bit_for_bit(output, cost, dtype):
    x, labels = _data()
    seeds = [3, 1, 4, 15]
    evaluation = {"held-out": (x[:12], labels[:12])}
    together = [Network(SIZES, output=output, cost=cost, seed=s, dtype=dtype) for s in seeds]
    histories = sgd_many(together, x, labels, 2, 10, 0.3, evaluation=evaluation)
    for seed, network, history in zip(seeds, together, histories):
        alone = Network(SIZES, output=output, cost=cost, seed=seed, dtype=dtype)
        assert sgd(alone, x, labels, 2, 10, 0.3, evaluation=evaluation).to_dict() == (
            history.to_dict()
        )
        for p, q in zip(network.params, alone.params):
            assert np.array_equal(p, q)
    assert len({h.metrics["held-out"]["cost"][-1] for h in histories}) == len(seeds)


def test_networks_of_different_architecture_are_rejected_by_name():
    networks = [Network([4, 3, 2], seed=0), Network([4, 5, 2], seed=1)]
    with pytest.raises(ValueError, match=r"networks\[1\]"):
        sgd_many(networks, np.zeros((5, 4)), np.zeros(5, dtype=int), 1, 2, 0.1)


def test_an_empty_list_of_networks_is_rejected():
    with pytest.raises(ValueError, match="networks"):
        sgd_many([], np.zeros((5, 4)), np.zeros(5, dtype=int), 1, 2, 0.1)


def test_the_same_network_twice_is_rejected():
    network = Network([4, 3, 2], seed=0)
    with pytest.raises(ValueError, match="distinct"):
        sgd_many([network, network], np.zeros((5, 4)), np.zeros(5, dtype=int), 1, 2, 0.1)
