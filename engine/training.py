"""Mini-batch stochastic gradient descent as chapter 1 defines it, with per-epoch monitoring.

Each epoch shuffles the training examples with the network's own generator, cuts them into
mini-batches of m (the last may be shorter) and applies, for each mini-batch,

    w <- w - (eta/m) sum_x dC_x/dw,    b <- b - (eta/m) sum_x dC_x/db      (Nielsen eq. (20)-(21)).

After every epoch the cost and accuracy on each evaluation set are recorded and returned as data.

For the pairings with a closed-form output error (``FUSED_OUTPUT_DELTAS``) a step runs on
preallocated buffers with the bias folded into the weights: a^l carries a trailing column of ones,
so z = [a | 1] [W | b]^T is one matrix product and so is the whole gradient [dW | db]. Other
pairings take ``Network.backprop``'s general path. Both compute the same gradients (tested).

:func:`sgd_many` trains several networks of one architecture (typically seeds) as one stacked
computation; each network ends bit for bit where :func:`sgd` alone would take it (tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

from engine.network import FUSED_OUTPUT_DELTAS, Network
from engine.validation import require_finite, require_positive_finite

EvaluationSets = Mapping[str, tuple[np.ndarray, np.ndarray]]


@dataclass
class TrainingHistory:
    """Per-epoch figures: ``metrics[set_name]["cost" | "accuracy"][epoch]``."""

    epochs: int
    metrics: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    def record(self, name: str, cost: float, accuracy: float) -> None:
        entry = self.metrics.setdefault(name, {"cost": [], "accuracy": []})
        entry["cost"].append(cost)
        entry["accuracy"].append(accuracy)

    def to_dict(self) -> dict:
        return {"epochs": self.epochs, "metrics": self.metrics}

    @classmethod
    def from_dict(cls, data: dict) -> "TrainingHistory":
        return cls(epochs=int(data["epochs"]), metrics=data["metrics"])


def one_hot(labels, n_classes: int, dtype=np.float64) -> np.ndarray:
    """Rows e_{label}: the target vectors y(x) of the book's vectorized_result."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D integer array, got {labels.dtype} {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}; found {labels.min()}..{labels.max()}"
        )
    targets = np.zeros((labels.size, n_classes), dtype=dtype)
    targets[np.arange(labels.size), labels] = 1
    return targets


def sgd(
    network: Network,
    x,
    y,
    epochs: int,
    mini_batch_size: int,
    eta: float,
    evaluation: EvaluationSets | None = None,
    monitor_training: bool = False,
    on_epoch: Callable[[int, TrainingHistory], None] | None = None,
) -> TrainingHistory:
    """Train ``network`` in place; return the per-epoch cost and accuracy on each evaluation set.

    x: (n, n_in) inputs. y: integer labels (n,) or target rows (n, n_out).
    evaluation: {name: (inputs, integer labels)}, e.g. {"validation": ..., "test": ...}.
    """
    callback = None if on_epoch is None else (lambda epoch, histories: on_epoch(epoch, histories[0]))
    return sgd_many(
        [network], x, y, epochs, mini_batch_size, eta, evaluation, monitor_training, callback
    )[0]


def sgd_many(
    networks: Sequence[Network],
    x,
    y,
    epochs: int,
    mini_batch_size: int,
    eta: float,
    evaluation: EvaluationSets | None = None,
    monitor_training: bool = False,
    on_epoch: Callable[[int, list[TrainingHistory]], None] | None = None,
) -> list[TrainingHistory]:
    """:func:`sgd` for several networks of one architecture at once, typically several seeds.

    Each network draws its shuffles from its own generator, so each ends exactly (bit for bit)
    where ``sgd`` alone would take it; the steps of all of them run as one stacked computation,
    which shares the cost of each NumPy call among the networks.
    """
    networks = list(networks)
    if not networks:
        raise ValueError("networks must contain at least one Network")
    if len({id(network) for network in networks}) != len(networks):
        raise ValueError("networks must be distinct Network objects; one appears more than once")
    first = networks[0]
    for index, network in enumerate(networks[1:], start=1):
        if _architecture(network) != _architecture(first):
            raise ValueError(
                f"networks[{index}] is {network!r}; every network must share sizes, output, "
                f"cost and dtype with networks[0], {first!r}"
            )
    x, targets = _training_data(first, x, y)
    epochs = _positive_int(epochs, "epochs")
    mini_batch_size = _positive_int(mini_batch_size, "mini_batch_size")
    eta = require_positive_finite(eta, "eta")
    evaluation = {
        name: _evaluation_set(first, name, *pair) for name, pair in (evaluation or {}).items()
    }
    if monitor_training:
        # integer labels where given: one forward pass per epoch instead of two
        training_labels = np.asarray(y) if np.ndim(y) == 1 else targets
        evaluation = {"training": (x, training_labels), **evaluation}

    if first.has_fused_delta:
        groups = [(networks, _FusedStep(networks, mini_batch_size, eta))]
    else:
        groups = [([network], _GeneralStep(network, eta)) for network in networks]
    histories = [TrainingHistory(epochs=epochs) for _ in networks]
    for epoch in range(epochs):
        for group, step in groups:
            orders = np.stack([network.rng.permutation(len(x)) for network in group])
            with _one_blas_thread():
                for start in range(0, len(x), mini_batch_size):
                    step(x, targets, orders[:, start : start + mini_batch_size])
            step.write_back()
        for network, history in zip(networks, histories):
            for name, (eval_x, eval_targets) in evaluation.items():
                history.record(name, *_evaluate(network, eval_x, eval_targets))
        if on_epoch is not None:
            on_epoch(epoch, histories)
    return histories


def _architecture(network: Network):
    return (tuple(network.sizes), network.output.name, network.cost.name, network.dtype)


_BLAS_CONTROLLER = None


def _one_blas_thread():
    """A context in which BLAS runs on one thread.

    A mini-batch step is a chain of small matrix products. On the 2-core machine this was tuned
    on, letting OpenBLAS split them over two threads was never measurably faster (m = 10 to 500,
    [784, 30|100, 10], float32 and float64) and often much slower: 2 to 3x at m = 10 in float64
    with the row-major layout, 3 to 7x in float32. Evaluation outside the context keeps all
    threads.
    """
    global _BLAS_CONTROLLER
    if _BLAS_CONTROLLER is None:
        _BLAS_CONTROLLER = ThreadpoolController()
    return _BLAS_CONTROLLER.limit(limits=1, user_api="blas")


def make_step(network: Network, mini_batch_size: int, eta: float):
    """A function (x, targets, batch_indices) -> None applying one SGD update to the mini-batch
    x[batch_indices] with target rows targets[batch_indices]."""
    if network.has_fused_delta:
        return _FusedStep([network], mini_batch_size, eta)
    return _GeneralStep(network, eta)


class _GeneralStep:
    """One update from ``Network.backprop`` (general path): any output layer and cost."""

    def __init__(self, network: Network, eta: float):
        self.network, self.eta = network, eta

    def __call__(self, x, targets, batch):
        batch = np.reshape(batch, -1)
        grads_w, grads_b = self.network.backprop(x[batch], targets[batch], path="general")
        # backprop returns the batch mean, (1/m) sum_x; the update is eta times it.
        for params, gw, gb in zip(self.network.params, grads_w, grads_b):
            params[:, :-1] -= self.eta * gw
            params[:, -1] -= self.eta * gb

    def write_back(self):
        """Nothing to do: the update is applied to the network's own parameters."""


class _FusedStep:
    """One update of K networks with the closed-form delta^L, on buffers allocated once.

    Every array carries a leading axis of length K, one slice per network; ``batch`` is a (K, m)
    array of example indices (or (m,) when K = 1). With K = 1 the parameters are views of the
    network's own, updated in place; with K > 1 they are stacked copies that :meth:`write_back`
    copies into the networks. Each slice goes through the same BLAS and ufunc calls as a lone
    network would, so the results do not depend on K (tested bit for bit).

    The output error is scaled by -eta/m before it is propagated; every later quantity is linear
    in it, so the products delta^T [a | 1] are already the parameter increments.

    Layout (measured at m = 10, the book's mini-batch): weighted inputs are computed transposed,
    z^T = [W | b] [a | 1]^T into an (n_out, m) buffer, which single-precision BLAS runs about
    twice as fast as z = [a | 1] [W | b]^T into (m, n_out); errors delta stay (m, n_out) rows, the
    fastest operand order for the increment delta^T [a | 1].
    """

    def __init__(self, networks, mini_batch_size: int, eta: float):
        networks = [networks] if isinstance(networks, Network) else list(networks)
        self.networks = networks
        self.eta = eta
        network = networks[0]
        if len(networks) == 1:
            self.params = [p[None] for p in network.params]
        else:
            self.params = [np.stack(layer) for layer in zip(*(n.params for n in networks))]
        self.weights = [p[:, :, :-1] for p in self.params]
        self.pairing = (network.output.name, network.cost.name)
        dtype, m, sizes, k = network.dtype, mini_batch_size, network.sizes, len(networks)
        # activations[l]: (K, m, n_l + 1), trailing column of ones for the bias.
        self.activations = [np.ones((k, m, n + 1), dtype=dtype) for n in sizes[:-1]]
        self.transposed_zs = [np.empty((k, n, m), dtype=dtype) for n in sizes[1:]]
        self.deltas = [np.empty((k, m, n), dtype=dtype) for n in sizes[1:]]
        self.increments = [np.empty_like(p) for p in self.params]
        self.targets = np.empty((k, m, sizes[-1]), dtype=dtype)
        self.scratch = [np.empty((k, m, n), dtype=dtype) for n in sizes[1:]]
        self.row_scratch = np.empty((k, m, 1), dtype=dtype)
        self._views = {}

    def write_back(self):
        """Copy stacked parameters into the networks (K = 1 updates them in place already)."""
        if len(self.networks) > 1:
            for index, network in enumerate(self.networks):
                for own, stacked in zip(network.params, self.params):
                    own[...] = stacked[index]

    def _views_for(self, m):
        """The buffers cut to a mini-batch of m examples, in the orientations the step reads
        them (made once per distinct m), and the update's scale -eta/m."""
        views = self._views.get(m)
        if views is None:
            activations = [a[:, :m] for a in self.activations]
            transposed_zs = [z[:, :, :m] for z in self.transposed_zs]
            deltas = [d[:, :m] for d in self.deltas]
            hidden = [a[:, :, :-1] for a in activations]
            views = self._views[m] = (
                activations,
                [a.transpose(0, 2, 1) for a in activations],
                hidden,
                [h.transpose(0, 2, 1) for h in hidden],
                transposed_zs,
                [z.transpose(0, 2, 1) for z in transposed_zs],
                deltas,
                [d.transpose(0, 2, 1) for d in deltas],
                [s[:, :m] for s in self.scratch],
                self.targets[:, :m],
                self.row_scratch[:, :m],
                -self.eta / m,
            )
        return views

    def __call__(self, x, targets, batch):
        if batch.ndim == 1:
            batch = batch.reshape(1, -1)
        params, weights, increments = self.params, self.weights, self.increments
        (activations, transposed_activations, hidden, transposed_hidden, transposed_zs, zs, deltas,
         transposed_deltas, scratch, batch_targets, row_scratch, scale) = self._views_for(
            batch.shape[1]
        )
        last = len(params) - 1
        # mode="clip" lets take write straight into the buffer (batch indices are in range);
        # the buffer's last column holds the ones that multiply the biases
        x.take(batch, axis=0, out=hidden[0], mode="clip")
        for layer in range(last):
            z = np.matmul(params[layer], transposed_activations[layer], out=transposed_zs[layer])
            _sigmoid_overwriting(z, transposed_hidden[layer + 1])
        np.matmul(params[last], transposed_activations[last], out=transposed_zs[last])
        targets.take(batch, axis=0, out=batch_targets, mode="clip")
        delta = self._output_delta(
            transposed_zs[last], zs[last], batch_targets, deltas[last], row_scratch
        )
        delta *= scale
        for layer in range(last, 0, -1):
            back = np.matmul(delta, weights[layer], out=deltas[layer - 1])
            # eq. (BP2) with sigma'(z) = a (1 - a)
            slope = np.subtract(1.0, hidden[layer], out=scratch[layer - 1])
            slope *= hidden[layer]
            back *= slope
            np.matmul(transposed_deltas[layer], activations[layer], out=increments[layer])
            params[layer] += increments[layer]
            delta = back
        np.matmul(transposed_deltas[0], activations[0], out=increments[0])
        params[0] += increments[0]

    def _output_delta(self, transposed_z, z, y, delta, row_scratch):
        """delta^L written into ``delta``: a - y for the canonical pairings."""
        output, cost = self.pairing
        if self.pairing == ("sigmoid", "cross_entropy"):
            # z is not needed again: sigma(z) in place on its contiguous buffer, then a - y
            _sigmoid_into(transposed_z, transposed_z)
            return np.subtract(z, y, out=delta)
        if output == "sigmoid":
            a = _sigmoid_into(z, delta)
        elif output == "softmax":
            a = _softmax_into(z, delta, row_scratch)
        else:
            np.copyto(delta, z)
            a = delta
        if self.pairing in _DIFFERENCE_DELTAS:
            return np.subtract(a, y, out=delta)
        delta[...] = FUSED_OUTPUT_DELTAS[self.pairing](z, a.copy(), y)
        return delta


# Pairings whose closed-form output error is delta^L = a^L - y (eq. (66), (84), (68)-(70)).
_DIFFERENCE_DELTAS = {
    ("sigmoid", "cross_entropy"), ("softmax", "log_likelihood"), ("linear", "quadratic"),
}


def _sigmoid_into(z, out):
    """sigma(z) = (1 + tanh(z/2)) / 2 written into ``out``: four in-place ufunc calls, no
    overflow for any z, absolute error below 2^-53 (the training loop's form of eq. (3))."""
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def _sigmoid_overwriting(z, out):
    """:func:`_sigmoid_into` for a hidden layer whose z is not needed again: the three passes
    run in place on z's contiguous buffer, and only the last writes to the strided ``out``
    (measured: about half the time of four passes that each read or write strided views)."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    return np.add(z, 0.5, out=out)


def _softmax_into(z, out, row_scratch):
    """softmax over each row (eq. (78)) written into ``out``, shifted by the row maximum."""
    np.max(z, axis=-1, keepdims=True, out=row_scratch)
    np.subtract(z, row_scratch, out=out)
    np.exp(out, out=out)
    np.sum(out, axis=-1, keepdims=True, out=row_scratch)
    out /= row_scratch
    return out


def _evaluation_set(network: Network, name: str, inputs, labels):
    """An evaluation set as (inputs, labels) checked up front, so a bad one fails before training."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(
            f"evaluation set {name!r}: labels must be a 1-D integer array, got "
            f"{labels.dtype} of shape {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= network.sizes[-1]):
        raise ValueError(
            f"evaluation set {name!r}: labels must lie in 0..{network.sizes[-1] - 1}; found "
            f"{labels.min()}..{labels.max()}"
        )
    inputs = require_finite(inputs, f"evaluation set {name!r} inputs")
    if inputs.ndim != 2 or inputs.shape != (len(labels), network.sizes[0]):
        raise ValueError(
            f"evaluation set {name!r}: inputs must have shape ({len(labels)}, "
            f"{network.sizes[0]}) for {len(labels)} labels; got {inputs.shape}"
        )
    return inputs, labels


def _evaluate(network: Network, inputs, labels_or_targets) -> tuple[float, float]:
    """(mean cost, accuracy): from integer labels, or from target rows (the training set given
    as targets), where accuracy counts the examples whose largest output is the largest target."""
    if labels_or_targets.ndim == 1:
        return network.evaluate(inputs, labels_or_targets)
    outputs = network.feedforward(inputs)
    hits = np.argmax(outputs, axis=-1) == np.argmax(labels_or_targets, axis=-1)
    return network.cost_value(inputs, labels_or_targets), float(np.mean(hits))


def _training_data(network: Network, x, y):
    x = require_finite(x, "training inputs x")
    if x.ndim != 2 or x.shape[1] != network.sizes[0]:
        raise ValueError(
            f"training inputs x must have shape (n, {network.sizes[0]}); got {x.shape}"
        )
    y = np.asarray(y)
    if y.ndim == 1:
        targets = one_hot(y, network.sizes[-1], dtype=network.dtype)
    else:
        targets = require_finite(y, "training targets y").astype(network.dtype, copy=False)
    if targets.shape != (len(x), network.sizes[-1]):
        raise ValueError(
            f"training targets must be {len(x)} labels or a ({len(x)}, {network.sizes[-1]}) "
            f"array; got shape {y.shape}"
        )
    return x.astype(network.dtype, copy=False), targets


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
