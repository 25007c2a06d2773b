"""A fully connected sigmoid network with a choice of output layer and cost (Nielsen, chapter 3).

Shapes: a batch is a 2-D array with one example per row. Layer l maps n_in activations to n_out
weighted inputs, z = a W^T + b, with ``weights[l]`` of shape (n_out, n_in) and ``biases[l]`` of
shape (n_out,). Hidden layers are sigmoid; the output layer is sigmoid, softmax or linear.

Backpropagation computes the output error by the chain rule, delta^L = J_{a}(z^L)^T dC/da^L
(:meth:`Network.output_delta`); the familiar simplifications such as delta^L = a^L - y are what
that general computation reduces to, and the claim suite checks that it does. For the pairings
where the reduction is known, :data:`FUSED_OUTPUT_DELTAS` gives the closed form, which is exact
where the general route would divide 0 by 0 (a saturated output).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from engine.activations import get_activation, sigmoid, sigmoid_complement, sigmoid_prime
from engine.costs import get_cost
from engine.errors import IncompatibleCostError
from engine.validation import require_class_labels, require_not_nan

INITIALIZERS = ("large", "default")
DTYPES = (np.float64, np.float32)


def _sigmoid_cross_entropy_delta(z, a, y):
    """eq. (66): delta^L = a^L - y."""
    return a - y


def _softmax_log_likelihood_delta(z, a, y):
    """eq. (84): delta^L = a^L - y."""
    return a - y


def _linear_quadratic_delta(z, a, y):
    """eq. (68)-(70): delta^L = a^L - y."""
    return a - y


def _sigmoid_quadratic_delta(z, a, y):
    """eq. (BP1) with the quadratic cost: delta^L = (a^L - y) sigma'(z^L)."""
    return (a - y) * sigmoid_prime(z)


def _sigmoid_log_likelihood_delta(z, a, y):
    """-y/a times sigma'(z) = a(1 - a) gives delta^L = y (a - 1) = -y sigma(-z): no division,
    and 1 - a taken from z keeps its digits where a rounds to 1."""
    return -y * sigmoid_complement(z)


FUSED_OUTPUT_DELTAS: dict[tuple[str, str], Callable] = {
    ("sigmoid", "cross_entropy"): _sigmoid_cross_entropy_delta,
    ("softmax", "log_likelihood"): _softmax_log_likelihood_delta,
    ("linear", "quadratic"): _linear_quadratic_delta,
    ("sigmoid", "quadratic"): _sigmoid_quadratic_delta,
    ("sigmoid", "log_likelihood"): _sigmoid_log_likelihood_delta,
}


def default_weight_std(n_in: int) -> float:
    """Standard deviation of the default initialiser's weights: 1/sqrt(n_in) (Nielsen ch. 3,
    'weight initialization': Gaussian, mean 0, standard deviation 1/sqrt(n_in))."""
    return 1.0 / np.sqrt(n_in)


def initial_parameters(rng, sizes, init: str, dtype) -> list[np.ndarray]:
    """[W | b] per layer: biases N(0, 1); weights N(0, 1) ("large") or N(0, 1/n_in)
    ("default", standard deviation :func:`default_weight_std`). Drawn in float64 from ``rng``
    (biases first, then weights, layer by layer), then cast to ``dtype``."""
    biases = [rng.standard_normal(n_out) for n_out in sizes[1:]]
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if init == "default":
        weights = [w * default_weight_std(w.shape[1]) for w in weights]
    return [
        np.ascontiguousarray(np.column_stack([w, b]), dtype=dtype) for w, b in zip(weights, biases)
    ]


def argmax_accuracy(outputs, labels) -> float:
    """The share of examples whose largest output is at the label's index:
    (1/n) sum_x [argmax_j a_j(x) = label(x)] (rows are examples; the first largest counts)."""
    outputs, labels = np.asarray(outputs), np.asarray(labels)
    if outputs.ndim != 2 or labels.shape != (len(outputs),) or len(outputs) == 0:
        raise ValueError(
            f"accuracy needs n >= 1 output rows and n labels; got outputs of shape "
            f"{outputs.shape} and labels of shape {labels.shape}"
        )
    return float(np.mean(np.argmax(outputs, axis=1) == labels))


class Network:
    """Layer sizes, output layer, cost, initialiser and parameters; forward and backward passes.

    Parameters are kept as one augmented matrix per layer, [W | b] of shape (n_out, n_in + 1);
    ``weights`` and ``biases`` are views into it, so an update of either is an update of both.

    init="large": every weight and bias N(0, 1) (chapter 1, ``large_weight_initializer``).
    init="default": weights N(0, 1/n_in), i.e. standard deviation 1/sqrt(n_in), biases N(0, 1)
    (``default_weight_initializer``); see :func:`initial_parameters`.
    All draws come from ``numpy.random.default_rng(seed)`` in float64 (biases first, then
    weights, layer by layer) and are then cast, so float32 and float64 start from the same values.
    The same generator later shuffles the training data.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        output: str = "sigmoid",
        cost: str = "cross_entropy",
        init: str = "large",
        seed: int = 0,
        dtype=np.float64,
    ):
        self.sizes = _check_sizes(sizes)
        self.output = get_activation(output)
        self.cost = get_cost(cost)
        if self.cost.needs_unit_outputs and self.output.output_range != (0.0, 1.0):
            raise IncompatibleCostError(
                f"the {self.cost.name} cost takes logarithms of the outputs and needs them in "
                f"(0, 1); a {self.output.name} output layer can produce any real number. "
                "Use a sigmoid or softmax output layer, or the quadratic cost."
            )
        if init not in INITIALIZERS:
            raise ValueError(f"init must be one of {INITIALIZERS}, got {init!r}")
        self.init = init
        self.dtype = np.dtype(dtype)
        if self.dtype not in [np.dtype(d) for d in DTYPES]:
            raise ValueError(f"dtype must be float64 or float32, got {self.dtype}")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        self.seed = int(seed)
        self.rng = np.random.default_rng(self.seed)
        self.params = initial_parameters(self.rng, self.sizes, init, self.dtype)

    @property
    def weights(self) -> list[np.ndarray]:
        return [p[:, :-1] for p in self.params]

    @property
    def biases(self) -> list[np.ndarray]:
        return [p[:, -1] for p in self.params]

    @property
    def num_layers(self) -> int:
        return len(self.sizes)

    def copy(self) -> Network:
        """An independent network with the same parameters and generator state."""
        twin = object.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin.params = [p.copy() for p in self.params]
        twin.rng = np.random.default_rng()
        twin.rng.bit_generator.state = self.rng.bit_generator.state
        return twin

    # Forward ---------------------------------------------------------------------------------

    def forward(self, x) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """All weighted inputs z^l and activations a^l for a batch x (a^0 = x)."""
        activation = self._batch(x, "x")
        activations, zs = [activation], []
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = activation @ w.T + b
            last = layer == len(self.params) - 1
            activation = self.output.forward(z) if last else sigmoid(z)
            zs.append(z)
            activations.append(activation)
        return zs, activations

    def feedforward(self, x) -> np.ndarray:
        """The output activations a^L for a batch x (or one example as a 1-D array)."""
        single = np.ndim(x) == 1
        output = self.forward(x)[1][-1]
        return output[0] if single else output

    def cost_value(self, x, y) -> float:
        """C = (1/n) sum_x C_x over the batch; from z (stably) where the cost has such a form."""
        zs, activations = self.forward(x)
        y = self._targets(y, len(zs[-1]))
        return self._mean_cost(zs[-1], activations[-1], y)

    def _mean_cost(self, z, a, y) -> float:
        """Mean of C_x: from the weighted inputs wherever the cost takes logarithms (the
        canonical layer's log-sigmoid or log-sum-exp form, else ln a and ln(1 - a) that the
        output layer gives from z), so a saturated output gets its finite, correct cost;
        the quadratic cost from the activations."""
        if self.cost.value_from_z is not None and self.cost.canonical_output == self.output.name:
            return float(np.mean(self.cost.value_from_z(z, y)))
        if self.cost.value_from_logs is not None and self.output.log_forward is not None:
            log_complement = (
                self.output.log_complement(z) if self.cost.name == "cross_entropy" else None
            )
            return float(
                np.mean(self.cost.value_from_logs(self.output.log_forward(z), log_complement, y))
            )
        return float(np.mean(self.cost.value(a, y)))

    def evaluate(self, x, labels) -> tuple[float, float]:
        """(mean cost, accuracy) on inputs x with integer class labels, from one forward pass;
        accuracy is :func:`argmax_accuracy`. Labels are checked (0 <= label < n_out, one per
        row of x, at least one)."""
        x = self._batch(x, "x")
        labels = require_class_labels(labels, self.sizes[-1], "labels")
        if len(labels) != len(x) or len(x) == 0:
            raise ValueError(
                f"evaluate needs at least one example and one label per row of x; got {len(x)} "
                f"rows and {len(labels)} labels"
            )
        zs, activations = self.forward(x)
        targets = np.zeros_like(activations[-1])
        targets[np.arange(len(labels)), labels] = 1
        accuracy = argmax_accuracy(activations[-1], labels)
        return self._mean_cost(zs[-1], activations[-1], targets), accuracy

    # Backward --------------------------------------------------------------------------------

    def output_delta(self, z, a, y) -> np.ndarray:
        """delta^L = J_a(z)^T grad_a C: the general chain rule, for any output layer and cost.

        The costs that take logarithms get 1 - a from z (``Activation.complement``), so
        (1 - y)/(1 - a) keeps its digits where a rounds towards 1.
        """
        if self.cost.needs_unit_outputs:
            grad_a = self.cost.grad_a(a, y, complement=self.output.complement(z))
        else:
            grad_a = self.cost.grad_a(a, y)
        return self.output.backward(z, a, grad_a)

    def fused_output_delta(self, z, a, y) -> np.ndarray:
        """The closed form of :meth:`output_delta` for this pairing (KeyError if none is known)."""
        return FUSED_OUTPUT_DELTAS[(self.output.name, self.cost.name)](z, a, y)

    @property
    def has_fused_delta(self) -> bool:
        return (self.output.name, self.cost.name) in FUSED_OUTPUT_DELTAS

    def backprop(self, x, y, path: str = "auto") -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the batch's mean cost, (dC/dW^l, dC/db^l) for every layer.

        path="general" forms delta^L from dC/da and the output Jacobian; path="fused" uses the
        closed form; "auto" takes the fused form when one exists.
        """
        zs, activations = self.forward(x)
        y = self._targets(y, len(zs[-1]))
        if path not in ("auto", "general", "fused"):
            raise ValueError(f"path must be 'auto', 'general' or 'fused', got {path!r}")
        if path == "general" or (path == "auto" and not self.has_fused_delta):
            delta = self.output_delta(zs[-1], activations[-1], y)
        else:
            delta = self.fused_output_delta(zs[-1], activations[-1], y)
        return self._backpropagate(delta, zs, activations)

    def _backpropagate(self, delta, zs, activations):
        m = len(delta)
        grads_w = [np.empty(0)] * len(self.params)
        grads_b = [np.empty(0)] * len(self.params)
        weights = self.weights
        for layer in range(len(self.params) - 1, -1, -1):
            grads_w[layer] = delta.T @ activations[layer] / m
            grads_b[layer] = delta.sum(axis=0) / m
            if layer > 0:
                # eq. (BP2): delta^l = ((W^{l+1})^T delta^{l+1}) * sigma'(z^l)
                delta = (delta @ weights[layer]) * sigmoid_prime(zs[layer - 1])
        return grads_w, grads_b

    # Input checks ----------------------------------------------------------------------------

    def _batch(self, x, name):
        x = require_not_nan(x, name)
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise ValueError(
                f"{name} must have shape (m, {self.sizes[0]}) or ({self.sizes[0]},) for a "
                f"network with sizes {self.sizes}; got {np.shape(x)}"
            )
        return x.astype(self.dtype, copy=False)

    def _targets(self, y, m):
        """Target rows checked against the cost's one contract (``Cost.check_targets``)."""
        y = require_not_nan(y, "y")
        if y.ndim == 1 and m == 1:
            y = y[None, :]
        if y.shape != (m, self.sizes[-1]):
            raise ValueError(
                f"y must have shape ({m}, {self.sizes[-1]}) (one target row per example); "
                f"got {y.shape}"
            )
        return self.cost.check_targets(y, "y").astype(self.dtype, copy=False)

    def __repr__(self) -> str:
        return (
            f"Network(sizes={self.sizes}, output={self.output.name!r}, cost={self.cost.name!r}, "
            f"init={self.init!r}, seed={self.seed}, dtype={self.dtype.name})"
        )


def _check_sizes(sizes) -> list[int]:
    sizes = list(sizes)
    if len(sizes) < 2 or not all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0 for n in sizes
    ):
        raise ValueError(
            f"sizes must list at least two positive layer widths, e.g. [784, 30, 10]; got {sizes!r}"
        )
    return [int(n) for n in sizes]
