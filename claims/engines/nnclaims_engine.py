"""Our own engine (:mod:`engine`) behind the engine interface (:mod:`engine.interface`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

import engine
from engine import activations, costs
from engine.interface import Engine
from engine.network import FUSED_OUTPUT_DELTAS, Network
from engine.training import make_step


def _engine_sha256() -> str:
    """SHA-256 over the engine package's modules, in name order (name and content of each)."""
    digest = hashlib.sha256()
    for path in sorted(Path(engine.__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _network(weights, biases, cost: str) -> Network:
    """A sigmoid network with exactly the given parameters (copied in)."""
    sizes = [np.shape(weights[0])[1]] + [np.shape(w)[0] for w in weights]
    network = Network(sizes, output="sigmoid", cost=cost)
    for params, w, b in zip(network.params, weights, biases):
        params[:, :-1] = w
        params[:, -1] = b
    return network


class NnclaimsEngine(Engine):
    """Every operation of the interface, from :mod:`engine`."""

    name = "nnclaims"

    def __init__(self):
        self.source = f"engine {engine.__version__} ({Path(engine.__file__).resolve().parent})"
        self.sha256 = _engine_sha256()

    def warm_up(self) -> None:
        """Compile the training step once (Numba), before witnesses run in forked children
        that would each compile it again."""
        weights, biases = [np.zeros((1, 1))], [np.zeros(1)]
        for cost in ("quadratic", "cross_entropy"):
            self.update_mini_batch(weights, biases, np.ones((1, 1)), np.zeros((1, 1)), 0.1, cost)

    def sigmoid(self, z):
        return activations.sigmoid(z)

    def sigmoid_prime(self, z):
        return activations.sigmoid_prime(z)

    def softmax(self, z):
        return activations.softmax(z)

    def log_softmax(self, z):
        return activations.log_softmax(z)

    def quadratic_cost(self, a, y):
        return float(costs.quadratic(a[None, :], y[None, :])[0])

    def cross_entropy_cost(self, a, y):
        return float(costs.cross_entropy(a[None, :], y[None, :])[0])

    def log_likelihood_cost(self, a, y):
        return float(costs.log_likelihood(a[None, :], y[None, :])[0])

    def quadratic_output_error(self, z, a, y):
        return FUSED_OUTPUT_DELTAS[("sigmoid", "quadratic")](z, a, y)

    def cross_entropy_output_error(self, z, a, y):
        return FUSED_OUTPUT_DELTAS[("sigmoid", "cross_entropy")](z, a, y)

    def log_likelihood_output_error(self, z, a, y):
        return FUSED_OUTPUT_DELTAS[("softmax", "log_likelihood")](z, a, y)

    def feedforward(self, weights, biases, x):
        return _network(weights, biases, "quadratic").feedforward(x)

    def backprop(self, weights, biases, x, y, cost):
        return _network(weights, biases, cost).backprop(x[None, :], y[None, :])

    def update_mini_batch(self, weights, biases, xs, ys, eta, cost):
        network = _network(weights, biases, cost)
        step = make_step(network, len(xs), eta)
        step(np.ascontiguousarray(xs), np.ascontiguousarray(ys), np.arange(len(xs)))
        return network.weights, network.biases

    def evaluate(self, weights, biases, xs, labels):
        _, accuracy = _network(weights, biases, "quadratic").evaluate(xs, labels)
        return int(round(accuracy * len(xs)))
