"""The inputs the training entry points must refuse, and what they must say: one row per bad
input, (the call, the exception type, a pattern of the message naming the input). The claims
about training hold for the inputs these functions accept; an input outside that domain (a
step size of 0, a non-integer epoch count, an evaluation set whose labels name no output) has
to be refused up front with an error naming it, never trained on or read in some other way.

Used by contracts/test_training_contracts.py. Each call builds its own small network (sizes
[2, 5, 3]: the hidden width differs from the output width, so a check reading the wrong layer's
width shows).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.network import Network
from engine.training import sgd

SIZES = [2, 5, 3]
X = np.array([[0.5, -1.0], [1.0, 0.25], [0.0, 2.0], [-0.5, 0.5]])
LABELS = np.array([0, 2, 1, 2])
GOOD = {"epochs": 1, "mini_batch_size": 2, "eta": 0.5}


def assert_refused(kind, named: str, call) -> None:
    """call() raises exactly ``kind`` (not a subclass), its message matching ``named``."""
    with pytest.raises(kind, match=named) as refusal:
        call()
    assert type(refusal.value) is kind


def network() -> Network:
    return Network(SIZES, seed=3)


def sgd_with(net: Network, **changes):
    """sgd on the small problem with one argument changed."""
    arguments = {"x": X, "y": LABELS, **GOOD, "evaluation": None, **changes}
    return sgd(
        net,
        arguments["x"],
        arguments["y"],
        arguments["epochs"],
        arguments["mini_batch_size"],
        arguments["eta"],
        evaluation=arguments["evaluation"],
    )


def _evaluation(inputs, labels):
    return {"evaluation": {"test": (np.asarray(inputs, dtype=float), np.asarray(labels))}}


# (id, changed arguments of sgd, exception type, message pattern naming the input)
SGD_REFUSALS = [
    ("eta zero", {"eta": 0.0}, ValueError, r"^eta must be positive and finite, got 0\.0$"),
    ("eta negative", {"eta": -0.5}, ValueError, r"^eta must be positive and finite, got -0\.5$"),
    ("eta infinite", {"eta": math.inf}, ValueError, r"^eta must be positive and finite, got inf$"),
    ("eta NaN", {"eta": math.nan}, ValueError, r"^eta must be positive and finite, got nan$"),
    ("eta bool", {"eta": True}, TypeError, r"^eta must be a real number, got bool$"),
    ("eta string", {"eta": "0.5"}, TypeError, r"^eta must be a real number, got str$"),
    ("epochs zero", {"epochs": 0}, ValueError, r"^epochs must be a positive integer, got 0$"),
    ("epochs negative", {"epochs": -2}, ValueError, r"^epochs must be a positive integer, got -2$"),
    ("epochs bool", {"epochs": True}, ValueError, r"^epochs must be a positive integer, got True$"),
    ("epochs float", {"epochs": 2.5}, ValueError, r"^epochs must be a positive integer, got 2\.5$"),
    (
        "m zero",
        {"mini_batch_size": 0},
        ValueError,
        r"^mini_batch_size must be a positive integer, got 0$",
    ),
    (
        "m float",
        {"mini_batch_size": 1.5},
        ValueError,
        r"^mini_batch_size must be a positive integer, got 1\.5$",
    ),
    (
        "x too wide",
        {"x": np.zeros((4, 3))},
        ValueError,
        r"^training inputs x must have shape \(n, 2\) with n >= 1; got \(4, 3\)$",
    ),
    (
        "x no examples",
        {"x": np.zeros((0, 2)), "y": np.zeros(0, dtype=int)},
        ValueError,
        r"^training inputs x must have shape \(n, 2\) with n >= 1; got \(0, 2\)$",
    ),
    (
        "evaluation inputs too wide",
        _evaluation(np.zeros((2, 3)), [0, 1]),
        ValueError,
        r"^evaluation set 'test': inputs must have shape \(2, 2\) for 2 labels; got \(2, 3\)$",
    ),
    (
        "evaluation inputs one row short",
        _evaluation(np.zeros((1, 2)), [0, 1]),
        ValueError,
        r"^evaluation set 'test': inputs must have shape \(2, 2\) for 2 labels; got \(1, 2\)$",
    ),
    (
        "evaluation empty",
        _evaluation(np.zeros((0, 2)), np.zeros(0, dtype=int)),
        ValueError,
        r"^evaluation set 'test' is empty; it needs at least one example$",
    ),
    # label 3 and 4 name no output of three (they would name a hidden neuron of five)
    (
        "evaluation label 4",
        _evaluation(np.zeros((2, 2)), [0, 4]),
        ValueError,
        r"^evaluation set 'test': labels .*label 4 at position 1",
    ),
    (
        "evaluation label 3",
        _evaluation(np.zeros((1, 2)), [3]),
        ValueError,
        r"^evaluation set 'test': labels .*label 3 at position 0",
    ),
    (
        "evaluation labels float",
        _evaluation(np.zeros((2, 2)), [0.0, 1.0]),
        ValueError,
        r"^evaluation set 'test': labels must be a 1-D integer array of class labels, got float64",
    ),
    (
        "evaluation labels 2-D",
        _evaluation(np.zeros((2, 2)), [[0], [1]]),
        ValueError,
        r"^evaluation set 'test': labels must be a 1-D integer array of class labels, got int64 "
        r"of shape \(2, 1\)",
    ),
]

# (id, Network arguments, message pattern naming the input); every one is a ValueError
NETWORK_REFUSALS = [
    ("one layer", {"sizes": [3]}, r"^sizes must list at least two positive layer widths"),
    ("no layers", {"sizes": []}, r"^sizes must list at least two positive layer widths"),
    ("width zero", {"sizes": [2, 0, 3]}, r"^sizes must list at least two positive layer widths"),
    ("width negative", {"sizes": [2, -1]}, r"^sizes must list at least two positive layer widths"),
    ("width bool", {"sizes": [2, True]}, r"^sizes must list at least two positive layer widths"),
    ("width float", {"sizes": [2, 2.5]}, r"^sizes must list at least two positive layer widths"),
    (
        "seed negative",
        {"sizes": SIZES, "seed": -1},
        r"^seed must be a non-negative integer, got -1$",
    ),
    (
        "seed float",
        {"sizes": SIZES, "seed": 1.5},
        r"^seed must be a non-negative integer, got 1\.5$",
    ),
    (
        "seed bool",
        {"sizes": SIZES, "seed": True},
        r"^seed must be a non-negative integer, got True$",
    ),
]


def blas_threads() -> set[int]:
    """The thread counts of every BLAS library loaded in this process (a pool worker's, when
    submitted to one)."""
    from threadpoolctl import threadpool_info

    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}
