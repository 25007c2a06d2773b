"""The engine's SGD step computes the same update as the book's per-example algorithm.

``engine.bench`` times a reference that back-propagates one example at a time as a column
vector, sums the gradients over the mini-batch and then steps by eta/m times the sum; the speed
comparison is only meaningful if both do the same arithmetic. Starting from the same parameters
and visiting the same mini-batches, both must end with the same parameters up to rounding:
relative 1e-12, as for the compiled and general steps (a few ulps per operation over a dozen
updates, against differences of order 1e-3 and more for any change in the formula).
"""

import numpy as np
import pytest

from engine.bench import book_examples, book_parameters, book_update_mini_batch
from engine.network import Network
from engine.training import make_step, one_hot

RELATIVE_TOLERANCE = 1e-12


@pytest.mark.parametrize("sizes", [[9, 7, 4], [6, 5, 4, 3]])
def test_engine_steps_equal_book_updates(sizes):
    rng = np.random.default_rng(4)
    x = rng.uniform(0.0, 1.0, size=(33, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=33)
    network = Network(sizes, cost="cross_entropy", init="large", seed=3)
    weights, biases = book_parameters(network)
    examples = book_examples(x, labels, sizes[-1])
    step = make_step(network, 10, 0.5)
    targets = one_hot(labels, sizes[-1])
    order = rng.permutation(33)
    for start in range(0, 33, 10):
        batch = order[start : start + 10]
        step(x, targets, batch)
        weights, biases = book_update_mini_batch(weights, biases, [examples[i] for i in batch], 0.5)
    for layer, (w, b) in enumerate(zip(weights, biases)):
        book = np.column_stack([w, b])
        scale = np.max(np.abs(book))
        error = np.max(np.abs(network.params[layer] - book))
        assert error <= RELATIVE_TOLERANCE * scale, f"layer {layer}: differ by {error:.3g}"
    initial = Network(sizes, cost="cross_entropy", init="large", seed=3)
    assert np.max(np.abs(initial.params[0] - network.params[0])) > 1e-3
