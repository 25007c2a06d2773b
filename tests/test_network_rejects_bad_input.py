"""Bad arguments to Network and its passes fail at once with an error that names the input."""

import numpy as np
import pytest

from engine.errors import IncompatibleCostError
from engine.network import Network


@pytest.mark.parametrize(
    "kwargs, error, named",
    [
        ({"sizes": [784]}, ValueError, "sizes"),
        ({"sizes": []}, ValueError, "sizes"),
        ({"sizes": [3, 0, 2]}, ValueError, "sizes"),
        ({"sizes": [3, -1, 2]}, ValueError, "sizes"),
        ({"sizes": [3, 2.5, 2]}, ValueError, "sizes"),
        ({"sizes": [3, True, 2]}, ValueError, "sizes"),
        ({"sizes": [3, 2], "output": "relu"}, ValueError, "output"),
        ({"sizes": [3, 2], "cost": "hinge"}, ValueError, "cost"),
        ({"sizes": [3, 2], "init": "xavier"}, ValueError, "init"),
        ({"sizes": [3, 2], "dtype": np.int64}, ValueError, "dtype"),
        ({"sizes": [3, 2], "dtype": np.float16}, ValueError, "dtype"),
        ({"sizes": [3, 2], "seed": -1}, ValueError, "seed"),
        ({"sizes": [3, 2], "seed": 1.5}, ValueError, "seed"),
        ({"sizes": [3, 2], "seed": None}, ValueError, "seed"),
        ({"sizes": [3, 2], "seed": True}, ValueError, "seed"),
    ],
)
def test_bad_constructor_argument_is_named(kwargs, error, named):
    with pytest.raises(error, match=named):
        Network(**kwargs)


@pytest.mark.parametrize("cost", ["cross_entropy", "log_likelihood"])
def test_linear_output_with_a_logarithmic_cost_is_incompatible(cost):
    with pytest.raises(IncompatibleCostError, match="linear"):
        Network([3, 2], output="linear", cost=cost)


def test_incompatible_cost_error_is_a_value_error():
    assert issubclass(IncompatibleCostError, ValueError)


@pytest.mark.parametrize(
    "x, named",
    [
        (np.zeros((2, 4)), r"x must have shape \(m, 3\)"),
        (np.zeros((2, 3, 1)), r"x must have shape"),
        (np.array([[0.0, np.nan, 1.0]]), r"x must not contain NaN"),
        (np.array([["a", "b", "c"]]), r"x must be a real numeric array"),
    ],
)
def test_bad_batch_for_feedforward_is_named(x, named):
    network = Network([3, 2], seed=0)
    with pytest.raises((ValueError, TypeError), match=named):
        network.feedforward(x)


@pytest.mark.parametrize(
    "y, named",
    [
        (np.zeros((2, 3)), r"y must have shape \(2, 2\)"),
        (np.zeros((3, 2)), r"y must have shape \(2, 2\)"),
        (np.array([[0.0, np.nan], [1.0, 0.0]]), "y must not contain NaN"),
    ],
)
def test_bad_targets_for_backprop_are_named(y, named):
    network = Network([3, 2], seed=0)
    with pytest.raises(ValueError, match=named):
        network.backprop(np.zeros((2, 3)), y)


def test_unknown_backprop_path_is_named():
    network = Network([3, 2], seed=0)
    with pytest.raises(ValueError, match="path"):
        network.backprop(np.zeros((1, 3)), np.zeros((1, 2)), path="fast")
