"""PyTorch and JAX behind the engine interface (optional extras: ``pip install
'nnclaims[torch]'`` or ``'nnclaims[jax]'``), in float64.

Each operation is the framework's own: its sigmoid, softmax and log-softmax, its losses
(PyTorch's ``binary_cross_entropy``, which clamps ln at -100, and ``nll_loss``; JAX's
``optax``-free formulas from ``jax.nn``), and its automatic differentiation for sigma', the
output errors, backprop and the training step. What is measured is the framework's arithmetic.
"""

from __future__ import annotations

import importlib
import importlib.metadata

import numpy as np

from claims.engines.spec_error import EngineSpecError
from engine.interface import Engine


def framework_engine(name: str):
    """The engine of ``name`` ("torch" or "jax"), or a one-line EngineSpecError when the
    framework is not installed."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        raise EngineSpecError(
            f"--engine {name}: {name} is not installed; install it with "
            f"pip install 'nnclaims[{name}]'"
        ) from None
    return TorchEngine(module) if name == "torch" else JaxEngine(module)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class TorchEngine(Engine):
    """PyTorch (CPU, float64)."""

    name = "torch"

    def __init__(self, torch):
        self.torch = torch
        self.functional = importlib.import_module("torch.nn.functional")
        self.source = f"torch {_version('torch')}"

    def _t(self, values, grad: bool = False):
        return self.torch.tensor(np.asarray(values, dtype=np.float64), requires_grad=grad)

    def _grad_of(self, function, z):
        z = self._t(z, grad=True)
        function(z).backward()
        return z.grad.detach().numpy()

    def sigmoid(self, z):
        return self.torch.sigmoid(self._t(z)).numpy()

    def sigmoid_prime(self, z):
        return self._grad_of(lambda t: self.torch.sigmoid(t).sum(), z)

    def softmax(self, z):
        return self.torch.softmax(self._t(z), dim=0).numpy()

    def log_softmax(self, z):
        return self.torch.log_softmax(self._t(z), dim=0).numpy()

    def quadratic_cost(self, a, y):
        return float(self.functional.mse_loss(self._t(a), self._t(y), reduction="sum") / 2)

    def cross_entropy_cost(self, a, y):
        return float(self.functional.binary_cross_entropy(self._t(a), self._t(y), reduction="sum"))

    def log_likelihood_cost(self, a, y):
        label = self.torch.tensor([int(np.argmax(y))])
        return float(self.functional.nll_loss(self.torch.log(self._t(a))[None, :], label))

    def quadratic_output_error(self, z, a, y):
        target = self._t(y)
        return self._grad_of(
            lambda t: self.functional.mse_loss(self.torch.sigmoid(t), target, reduction="sum") / 2,
            z,
        )

    def cross_entropy_output_error(self, z, a, y):
        target = self._t(y)
        return self._grad_of(
            lambda t: self.functional.binary_cross_entropy_with_logits(t, target, reduction="sum"),
            z,
        )

    def log_likelihood_output_error(self, z, a, y):
        label = self.torch.tensor([int(np.argmax(y))])
        return self._grad_of(lambda t: self.functional.cross_entropy(t[None, :], label), z)

    def _forward(self, weights, biases, x):
        activation = x
        for w, b in zip(weights, biases):
            activation = self.torch.sigmoid(w @ activation + b)
        return activation

    def _loss(self, output, y, cost):
        if cost == "quadratic":
            return self.functional.mse_loss(output, y, reduction="sum") / 2
        return self.functional.binary_cross_entropy(output, y, reduction="sum")

    def _parameters(self, weights, biases):
        return [self._t(w, True) for w in weights], [self._t(b, True) for b in biases]

    def feedforward(self, weights, biases, x):
        ws, bs = self._parameters(weights, biases)
        return self._forward(ws, bs, self._t(x)).detach().numpy()

    def backprop(self, weights, biases, x, y, cost):
        ws, bs = self._parameters(weights, biases)
        self._loss(self._forward(ws, bs, self._t(x)), self._t(y), cost).backward()
        return [w.grad.numpy() for w in ws], [b.grad.numpy() for b in bs]

    def update_mini_batch(self, weights, biases, xs, ys, eta, cost):
        ws, bs = self._parameters(weights, biases)
        optimizer = self.torch.optim.SGD(ws + bs, lr=eta)
        optimizer.zero_grad()
        losses = [
            self._loss(self._forward(ws, bs, self._t(x)), self._t(y), cost) for x, y in zip(xs, ys)
        ]
        (sum(losses) / len(losses)).backward()
        optimizer.step()
        return [w.detach().numpy() for w in ws], [b.detach().numpy() for b in bs]

    def evaluate(self, weights, biases, xs, labels):
        outputs = [self.feedforward(weights, biases, x) for x in xs]
        return int(sum(int(np.argmax(o) == label) for o, label in zip(outputs, labels)))


class JaxEngine(Engine):
    """JAX (CPU, float64 enabled): ``jax.nn`` activations and ``jax.grad``."""

    name = "jax"

    def __init__(self, jax):
        jax.config.update("jax_enable_x64", True)
        self.jax, self.jnp = jax, importlib.import_module("jax.numpy")
        self.source = f"jax {_version('jax')}"

    def _np(self, value):
        return np.asarray(value, dtype=np.float64)

    def sigmoid(self, z):
        return self._np(self.jax.nn.sigmoid(self.jnp.asarray(z)))

    def sigmoid_prime(self, z):
        return self._np(self.jax.vmap(self.jax.grad(self.jax.nn.sigmoid))(self.jnp.asarray(z)))

    def softmax(self, z):
        return self._np(self.jax.nn.softmax(self.jnp.asarray(z)))

    def log_softmax(self, z):
        return self._np(self.jax.nn.log_softmax(self.jnp.asarray(z)))

    def quadratic_cost(self, a, y):
        return float(self._quadratic(self.jnp.asarray(a), self.jnp.asarray(y)))

    def cross_entropy_cost(self, a, y):
        return float(self._cross_entropy(self.jnp.asarray(a), self.jnp.asarray(y)))

    def log_likelihood_cost(self, a, y):
        return float(-self.jnp.sum(self.jnp.asarray(y) * self.jnp.log(self.jnp.asarray(a))))

    def _quadratic(self, a, y):
        return self.jnp.sum((a - y) ** 2) / 2

    def _cross_entropy(self, a, y):
        jnp = self.jnp
        return -jnp.sum(y * jnp.log(a) + (1 - y) * jnp.log1p(-a))

    def quadratic_output_error(self, z, a, y):
        y = self.jnp.asarray(y)
        loss = lambda t: self._quadratic(self.jax.nn.sigmoid(t), y)  # noqa: E731
        return self._np(self.jax.grad(loss)(self.jnp.asarray(z)))

    def cross_entropy_output_error(self, z, a, y):
        y, nn = self.jnp.asarray(y), self.jax.nn
        loss = lambda t: -self.jnp.sum(y * nn.log_sigmoid(t) + (1 - y) * nn.log_sigmoid(-t))  # noqa: E731
        return self._np(self.jax.grad(loss)(self.jnp.asarray(z)))

    def log_likelihood_output_error(self, z, a, y):
        y = self.jnp.asarray(y)
        loss = lambda t: -self.jnp.sum(y * self.jax.nn.log_softmax(t))  # noqa: E731
        return self._np(self.jax.grad(loss)(self.jnp.asarray(z)))

    def _forward(self, params, x):
        for w, b in params:
            x = self.jax.nn.sigmoid(w @ x + b)
        return x

    def _example_loss(self, params, x, y, cost):
        output = self._forward(params, x)
        return self._quadratic(output, y) if cost == "quadratic" else self._cross_entropy(output, y)

    def _params(self, weights, biases):
        return [(self.jnp.asarray(w), self.jnp.asarray(b)) for w, b in zip(weights, biases)]

    def feedforward(self, weights, biases, x):
        return self._np(self._forward(self._params(weights, biases), self.jnp.asarray(x)))

    def backprop(self, weights, biases, x, y, cost):
        grads = self.jax.grad(self._example_loss)(
            self._params(weights, biases), self.jnp.asarray(x), self.jnp.asarray(y), cost
        )
        return [self._np(gw) for gw, _ in grads], [self._np(gb) for _, gb in grads]

    def update_mini_batch(self, weights, biases, xs, ys, eta, cost):
        params = self._params(weights, biases)

        def batch_loss(p):
            losses = [
                self._example_loss(p, self.jnp.asarray(x), self.jnp.asarray(y), cost)
                for x, y in zip(xs, ys)
            ]
            return sum(losses) / len(losses)

        grads = self.jax.grad(batch_loss)(params)
        new = [(w - eta * gw, b - eta * gb) for (w, b), (gw, gb) in zip(params, grads)]
        return [self._np(w) for w, _ in new], [self._np(b) for _, b in new]

    def evaluate(self, weights, biases, xs, labels):
        outputs = [self.feedforward(weights, biases, x) for x in xs]
        return int(sum(int(np.argmax(o) == label) for o, label in zip(outputs, labels)))
