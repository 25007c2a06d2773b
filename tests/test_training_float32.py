"""dtype=float32 on request: parameters stay float32 through training and the history is sane.

Sane means: every recorded cost is finite and every accuracy lies in [0, 1]; the float32 run
starts from the float64 run's initial values rounded to float32 and so tracks it closely. After
two epochs of 6 mini-batches on moderate inputs the difference in cost is a rounding effect
(float32 eps = 1.2e-7 amplified by ~100 steps of SGD), far below 1e-3 of the cost; the test
allows 1e-3 relative.
"""

import numpy as np
import pytest

from engine.network import Network
from engine.training import sgd


@pytest.mark.parametrize(
    "output, cost",
    [
        ("sigmoid", "cross_entropy"),
        ("softmax", "log_likelihood"),
        ("sigmoid", "quadratic"),
        ("softmax", "cross_entropy"),
    ],
)
def test_float32_training_keeps_float32_parameters_and_tracks_float64(output, cost):
    rng = np.random.default_rng(5)
    x = rng.uniform(0.0, 1.0, size=(60, 20))
    labels = rng.integers(0, 3, size=60)
    histories, networks = {}, {}
    for dtype in (np.float32, np.float64):
        network = Network([20, 8, 3], output=output, cost=cost, seed=2, dtype=dtype)
        histories[dtype] = sgd(
            network,
            x,
            labels,
            epochs=2,
            mini_batch_size=10,
            eta=0.5,
            evaluation={"held-out": (x[:30], labels[:30])},
        )
        networks[dtype] = network
    for params in networks[np.float32].params:
        assert params.dtype == np.float32
    assert networks[np.float32].feedforward(x).dtype == np.float32
    low, high = histories[np.float32].metrics["held-out"], histories[np.float64].metrics["held-out"]
    assert all(np.isfinite(low["cost"])) and all(0.0 <= a <= 1.0 for a in low["accuracy"])
    np.testing.assert_allclose(low["cost"], high["cost"], rtol=1e-3)
