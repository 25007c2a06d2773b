"""Contracts of the output layers and costs that no document states: the general path refuses a
saturated wrong output with a clear error instead of dividing by zero, activations return new
arrays in the input's precision, and every entry point (cost, both backprop paths, sgd, the cost
functions) refuses targets outside the cost's domain -- cross-entropy targets in [0, 1],
log-likelihood targets that are distributions up to the rounding of their own precision.

Engine contracts, not the chapter's claims: no claim mark, no verdict; the mutation run executes
them with the claim suite.
"""

import numpy as np
import pytest

from engine.costs import cross_entropy, log_likelihood
from engine.errors import SaturatedOutputError
from engine.network import Network
from engine.training import sgd


def output_layer(output: str, cost: str, n: int) -> Network:
    """A network whose output layer has n neurons; output_delta only uses its output and cost."""
    return Network([1, n], output=output, cost=cost, seed=0)


BAD_TARGETS = [
    ("softmax", "log_likelihood", [[0.5, 0.5, 0.5]], "distributions"),
    ("softmax", "log_likelihood", [[0.2, 0.2, 0.2]], "distributions"),
    ("sigmoid", "log_likelihood", [[1.0, 1.0, 0.0]], "distributions"),
    ("sigmoid", "cross_entropy", [[5.0, 0.0, 0.0]], r"\[0, 1\]"),
    ("softmax", "cross_entropy", [[-0.5, 1.0, 0.0]], r"\[0, 1\]"),
]


@pytest.mark.parametrize(
    "output, cost, z, y",
    [
        # 1 - sigma(800) = e^{-800} underflows to 0 even from z, so (1 - y)/(1 - a) is 1/0
        pytest.param("sigmoid", "cross_entropy", [[800.0]], [[0.0]]),
        # e^{-1000} underflows: the labelled class gets a_y == 0 and -y/a is -1/0
        pytest.param("softmax", "log_likelihood", [[0.0, -1000.0]], [[0.0, 1.0]]),
    ],
)
def test_general_path_refuses_a_saturated_wrong_output_with_a_clear_error(output, cost, z, y):
    layer = output_layer(output, cost, len(z[0]))
    z, y = np.array(z), np.array(y)
    a = layer.output.forward(z)
    with pytest.raises(SaturatedOutputError, match="saturated"):
        layer.output_delta(z, a, y)
    assert np.array_equal(layer.fused_output_delta(z, a, y), a - y)  # the limit, exactly


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_linear_output_is_z_and_its_jacobian_the_identity_as_new_arrays(dtype):
    """a^L = z^L and J^T g = g bit for bit over the whole range (signed zeros, subnormals,
    infinities), each a new array as every activation returns: writing into a or delta must
    not change z, g, or the z^L that Network.forward returns beside a^L."""
    z = np.array(
        [[-np.inf, -1e30, -0.0, 0.0, 1e-45, 5e-324, 3.5, np.finfo(dtype).max, np.inf]], dtype=dtype
    )
    layer = output_layer("linear", "quadratic", z.shape[1])
    kept = z.copy()
    a, delta = layer.output.forward(z), layer.output.backward(z, z, z)
    for result in (a, delta):
        assert result.dtype == dtype and np.array_equal(np.signbit(result), np.signbit(kept))
        assert np.array_equal(result, kept) and not np.shares_memory(result, z)
    a[...], delta[...] = 7.0, 8.0
    assert np.array_equal(z, kept)
    network = Network([2, 3], output="linear", cost="quadratic", seed=0)
    zs, activations = network.forward(np.ones((1, 2)))
    assert not np.shares_memory(zs[-1], activations[-1])


@pytest.mark.parametrize("output, cost, y, named", BAD_TARGETS)
def test_every_entry_point_refuses_targets_outside_the_costs_domain(output, cost, y, named):
    """The closed form a - y (eq. (84)) is the log-likelihood's gradient only for a target that
    sums to 1: with y = (.5, .5, .5) the fused and general gradients differed by a factor of 5.
    Cost, both backprop paths, sgd and the cost functions all refuse such targets alike."""
    network = Network([2, 3], output=output, cost=cost, seed=0)
    x, y = np.zeros((1, 2)), np.array(y)
    calls = {
        "cost_value": lambda: network.cost_value(x, y),
        "backprop general": lambda: network.backprop(x, y, path="general"),
        "backprop fused": lambda: network.backprop(x, y, path="fused"),
        "sgd": lambda: sgd(network, x, y, 1, 1, 0.1),
        "cost": lambda: network.cost.value(network.feedforward(x), y),
        "dC/da": lambda: network.cost.grad_a(network.feedforward(x), y),
    }
    if not network.has_fused_delta:
        del calls["backprop fused"]
    for name, call in calls.items():
        with pytest.raises(ValueError, match=named):
            call()
            pytest.fail(f"{name} accepted the target {y.tolist()}")


@pytest.mark.parametrize("bad", [1.5, -0.5, 5.0])
def test_cross_entropy_targets_outside_zero_one_are_refused_at_every_entry_point(bad):
    """The cost is defined for targets y in [0, 1] (a probability); the cost, both backprop
    paths and training must all refuse any other target instead of computing with it."""
    from engine.training import sgd

    network = Network([2, 2], cost="cross_entropy", seed=0)
    x, y = np.array([[0.3, -0.2]]), np.array([[bad, 0.0]])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        cross_entropy(np.array([[0.5, 0.5]]), y)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        network.cost_value(x, y)
    for path in ("fused", "general"):
        with pytest.raises(ValueError, match=r"\[0, 1\]"):
            network.backprop(x, y, path=path)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        sgd(network, x, y, 1, 1, 0.1)


def test_log_likelihood_targets_are_distributions_up_to_the_rounding_of_their_own_precision():
    """delta = a - y is the gradient only when y sums to 1, so targets must be distributions; a
    row normalised in its own precision may miss 1 by the rounding of its n entries, at most
    n eps of that precision, and is accepted up to exactly that bound."""
    from engine.costs import log_likelihood_targets

    elevenths = np.full(11, 1 / 11, dtype=np.float32)  # float32 sum 1.0000001: 1 ulp high
    assert abs(float(np.sum(elevenths)) - 1.0) > 11 * np.finfo(np.float64).eps
    assert log_likelihood_targets(elevenths) is not None
    assert log_likelihood_targets(np.array([0.5, 0.5 + 2.0**-51])) is not None  # off by 2 eps
    with pytest.raises(ValueError, match="summing to 1"):
        log_likelihood_targets(np.array([0.5, 0.5 + 2.0**-50]))  # off by 4 eps > n eps = 2 eps
    with pytest.raises(ValueError, match="summing to 1"):
        log_likelihood(np.array([0.2, 0.8]), np.array([0.5, 0.6]))
