"""Nielsen's ``network2.py`` behind the engine interface, imported from the path given.

The file is never copied: it is loaded as a module of its own from ``--network2-path`` or
``$NETWORK2_PATH``. Its vectors are columns (shape (n, 1)); the adapter reshapes at the border
and passes everything else through unchanged, so what is measured is the file's own arithmetic.
Its ``Network.__init__`` draws from NumPy's global generator; the adapter saves and restores
that generator's state around it so loading the book's network changes no one else's draws.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import numpy as np

from engine.interface import Engine


class Network2LoadError(ValueError):
    """network2.py could not be found or imported (one line naming the path)."""


def load_network2_module(path: str | Path):
    """Import the file at ``path`` as a fresh module named after its SHA-256."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise Network2LoadError(f"network2 path: expected a readable file, found {str(path)!r}")
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    name = f"_network2_{digest[:16]}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # any failure of the user's file is reported, not raised on
        raise Network2LoadError(
            f"network2 path {str(path)!r}: importing it failed with {type(error).__name__}: {error}"
        ) from None
    sys.modules.setdefault(name, module)
    for needed in ("Network", "QuadraticCost", "CrossEntropyCost", "sigmoid", "sigmoid_prime"):
        if not hasattr(module, needed):
            raise Network2LoadError(
                f"network2 path {str(path)!r}: expected network2.py's {needed}, not found"
            )
    return module, digest


def _column(v):
    return np.asarray(v, dtype=np.float64).reshape(-1, 1)


def _flat(v):
    return np.asarray(v, dtype=np.float64).reshape(-1)


class Network2Engine(Engine):
    """The operations network2.py has: sigmoid, sigma', the quadratic and cross-entropy costs
    and output errors, feedforward, backprop, a mini-batch update (lmbda = 0) and accuracy.
    It has no softmax, log-softmax or log-likelihood cost: those claims are not applicable."""

    name = "network2"

    def __init__(self, path: str | Path):
        self.module, self.sha256 = load_network2_module(path)
        self.source = str(Path(path).expanduser().resolve())
        self._costs = {
            "quadratic": self.module.QuadraticCost,
            "cross_entropy": self.module.CrossEntropyCost,
        }

    def _network(self, weights, biases, cost: str):
        sizes = [np.shape(weights[0])[1]] + [np.shape(w)[0] for w in weights]
        state = np.random.get_state()
        try:
            network = self.module.Network(sizes, cost=self._costs[cost])
        finally:
            np.random.set_state(state)
        network.weights = [np.array(w, dtype=np.float64) for w in weights]
        network.biases = [_column(b) for b in biases]
        return network

    def sigmoid(self, z):
        return _flat(self.module.sigmoid(_column(z)))

    def sigmoid_prime(self, z):
        return _flat(self.module.sigmoid_prime(_column(z)))

    def quadratic_cost(self, a, y):
        return float(self.module.QuadraticCost.fn(_column(a), _column(y)))

    def cross_entropy_cost(self, a, y):
        return float(self.module.CrossEntropyCost.fn(_column(a), _column(y)))

    def quadratic_output_error(self, z, a, y):
        return _flat(self.module.QuadraticCost.delta(_column(z), _column(a), _column(y)))

    def cross_entropy_output_error(self, z, a, y):
        return _flat(self.module.CrossEntropyCost.delta(_column(z), _column(a), _column(y)))

    def feedforward(self, weights, biases, x):
        return _flat(self._network(weights, biases, "quadratic").feedforward(_column(x)))

    def backprop(self, weights, biases, x, y, cost):
        nabla_b, nabla_w = self._network(weights, biases, cost).backprop(_column(x), _column(y))
        return list(nabla_w), [_flat(b) for b in nabla_b]

    def update_mini_batch(self, weights, biases, xs, ys, eta, cost):
        network = self._network(weights, biases, cost)
        batch = [(_column(x), _column(y)) for x, y in zip(xs, ys)]
        network.update_mini_batch(batch, eta, 0.0, len(batch))
        return list(network.weights), [_flat(b) for b in network.biases]

    def evaluate(self, weights, biases, xs, labels):
        data = [(_column(x), int(label)) for x, label in zip(xs, labels)]
        return int(self._network(weights, biases, "quadratic").accuracy(data))
