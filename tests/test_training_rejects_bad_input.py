"""Bad arguments to sgd fail before any training with an error that names the input."""

import numpy as np
import pytest

from engine.network import Network
from engine.training import one_hot, sgd

X = np.random.default_rng(0).uniform(size=(12, 4))
LABELS = np.arange(12) % 3


def _sgd(**overrides):
    network = Network([4, 5, 3], seed=0)
    before = [p.copy() for p in network.params]
    arguments = {"x": X, "y": LABELS, "epochs": 1, "mini_batch_size": 4, "eta": 0.5}
    arguments.update(overrides)
    try:
        sgd(network, **arguments)
    finally:
        # a rejected call must not have trained the network
        assert all(np.array_equal(p, q) for p, q in zip(network.params, before))


@pytest.mark.parametrize(
    "overrides, error, named",
    [
        ({"x": X[:, :3]}, ValueError, r"training inputs x must have shape \(n, 4\)"),
        ({"x": X[0]}, ValueError, "training inputs x must have shape"),
        ({"x": np.where(X > 0.9, np.nan, X)}, ValueError, "training inputs x must be finite"),
        ({"x": np.where(X > 0.9, np.inf, X)}, ValueError, "training inputs x must be finite"),
        ({"y": LABELS[:-1]}, ValueError, "training targets"),
        ({"y": LABELS + 1}, ValueError, r"labels must lie in 0..2"),
        ({"y": LABELS - 1}, ValueError, r"labels must lie in 0..2"),
        ({"y": LABELS.astype(float)}, ValueError, "labels must be a 1-D integer array"),
        ({"y": one_hot(LABELS, 3)[:, :2]}, ValueError, "training targets"),
        (
            {"y": np.where(one_hot(LABELS, 3) > 0, np.nan, 0.0)},
            ValueError,
            "training targets y must be finite",
        ),
        ({"eta": 0.0}, ValueError, "eta must be positive"),
        ({"eta": -0.5}, ValueError, "eta must be positive"),
        ({"eta": float("nan")}, ValueError, "eta must be positive and finite"),
        ({"eta": float("inf")}, ValueError, "eta must be positive and finite"),
        ({"eta": "0.5"}, TypeError, "eta must be a real number"),
        ({"epochs": 0}, ValueError, "epochs must be a positive integer"),
        ({"epochs": 2.0}, ValueError, "epochs must be a positive integer"),
        ({"epochs": True}, ValueError, "epochs must be a positive integer"),
        ({"mini_batch_size": 0}, ValueError, "mini_batch_size must be a positive integer"),
        ({"mini_batch_size": 2.5}, ValueError, "mini_batch_size must be a positive integer"),
        ({"evaluation": {"test": (X, LABELS[:5])}}, ValueError, "evaluation set 'test'"),
        ({"evaluation": {"test": (X[:, :2], LABELS)}}, ValueError, "evaluation set 'test'"),
        (
            {"evaluation": {"test": (X, LABELS + 3)}},
            ValueError,
            r"evaluation set 'test': labels must lie in 0..2",
        ),
        (
            {"evaluation": {"test": (np.full_like(X, np.nan), LABELS)}},
            ValueError,
            "evaluation set 'test' inputs must be finite",
        ),
    ],
)
def test_bad_sgd_argument_is_named(overrides, error, named):
    with pytest.raises(error, match=named):
        _sgd(**overrides)


def test_one_hot_rejects_labels_out_of_range_by_name():
    with pytest.raises(ValueError, match=r"labels must lie in 0..9 .*label 10 at position 1"):
        one_hot(np.array([0, 10]), 10)


def test_valid_call_trains():
    network = Network([4, 5, 3], seed=0)
    before = network.params[0].copy()
    history = sgd(network, X, LABELS, epochs=2, mini_batch_size=5, eta=0.5, monitor_training=True)
    assert not np.array_equal(before, network.params[0])
    assert len(history.metrics["training"]["cost"]) == 2
