"""A network trains to the same bits whether it is trained alone or beside other runs: after
other networks were trained in the same process (compiled code, BLAS state and buffers already
in use), interleaved with them, and in a pool worker beside them (``runs.executors.train_runs``).
Every per-epoch figure and every final parameter must be identical (==), for each pairing with a
closed-form output error (the compiled step) and one without (the general step), in both
precisions, with a last mini-batch shorter than the others."""

import numpy as np
import pytest

from engine.network import Network
from engine.training import sgd
from runs.executors import train_runs
from runs.spec import Dataset, RunSpec, seeds_of
from runs.train import train_run

SIZES = [11, 7, 5, 3]
SEEDS = [3, 1, 4, 15]


def _data():
    rng = np.random.default_rng(8)
    x = rng.uniform(0.0, 1.0, size=(37, SIZES[0]))  # 37 = 3 * 10 + 7
    labels = rng.integers(0, SIZES[-1], size=37)
    return x, labels


@pytest.mark.parametrize(
    "output, cost",
    [
        ("sigmoid", "cross_entropy"),
        ("softmax", "log_likelihood"),
        ("sigmoid", "quadratic"),
        ("linear", "quadratic"),
        ("softmax", "cross_entropy"),
    ],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_network_trained_after_others_ends_where_it_ends_alone_bit_for_bit(output, cost, dtype):
    x, labels = _data()
    evaluation = {"held-out": (x[:12], labels[:12])}

    def train(seed):
        network = Network(SIZES, output=output, cost=cost, seed=seed, dtype=dtype)
        history = sgd(network, x, labels, 2, 10, eta=0.3, evaluation=evaluation)
        return history.to_dict(), [p.copy() for p in network.params]

    first = [train(seed) for seed in SEEDS]
    again = [train(seed) for seed in reversed(SEEDS)][::-1]
    for (history, params), (history_again, params_again) in zip(first, again):
        assert history == history_again
        assert all(np.array_equal(p, q) for p, q in zip(params, params_again))
    # distinct seeds train distinct networks, so the comparison above can fail
    assert len({h["metrics"]["held-out"]["cost"][-1] for h, _ in first}) == len(SEEDS)


def test_runs_trained_beside_each_other_in_workers_equal_runs_trained_alone():
    x, labels = _data()
    data = Dataset(x, labels, {"held-out": (x[:12], labels[:12])})
    specs = seeds_of(RunSpec(tuple(SIZES), "cross_entropy", eta=0.3, epochs=2), SEEDS)
    beside = train_runs(specs, {"nielsen": data}, jobs=2)
    assert [h.to_dict() for h in beside] == [train_run(spec, data).to_dict() for spec in specs]
