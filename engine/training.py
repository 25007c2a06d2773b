"""Mini-batch stochastic gradient descent as chapter 1 defines it, with per-epoch monitoring.

Each epoch shuffles the training examples with the network's own generator (:func:`epoch_order`),
cuts them into mini-batches of m, the last one shorter when m does not divide n
(:func:`mini_batches`), and applies, for each mini-batch,

    w <- w - (eta/m) sum_x dC_x/dw,    b <- b - (eta/m) sum_x dC_x/db      (Nielsen eq. (20)-(21)),

with eta/m from :func:`step_size`. A parameter that is no longer finite after an epoch stops the
training with :class:`~engine.errors.NonFiniteParametersError` naming eta and the epoch.

After every epoch the cost and accuracy on each evaluation set are recorded and returned as data.

For the pairings with a closed-form output error (``engine.network.FUSED_OUTPUT_DELTAS``) an
epoch runs compiled (:mod:`engine.compiled_step`: the bias folded into the weights, delta^L in
closed form, the products on NumPy's own BLAS); other pairings take ``Network.backprop``'s
general path. Both compute the same steps to rounding (tested against each other and against
the definition).

"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import ThreadpoolController

from engine.byte_inputs import ByteInputs
from engine.compiled_step import AVAILABLE as COMPILED_STEP_AVAILABLE
from engine.compiled_step import CompiledStep
from engine.errors import NonFiniteParametersError
from engine.network import Network, argmax_accuracy
from engine.validation import require_class_labels, require_finite, require_positive_finite

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
    def from_dict(cls, data: dict) -> TrainingHistory:
        return cls(epochs=int(data["epochs"]), metrics=data["metrics"])


def one_hot(labels, n_classes: int, dtype=np.float64) -> np.ndarray:
    """Rows e_{label}: the target vectors y(x) of the book's vectorized_result."""
    labels = require_class_labels(labels, n_classes, "labels")
    targets = np.zeros((labels.size, n_classes), dtype=dtype)
    targets[np.arange(labels.size), labels] = 1
    return targets


def epoch_order(rng: np.random.Generator, n: int) -> np.ndarray:
    """The order in which one epoch visits the n training examples: a fresh uniformly random
    permutation drawn from the network's own generator (seeded by its seed alone), so every
    example is used exactly once per epoch and the order changes from epoch to epoch."""
    return rng.permutation(n)


def mini_batches(n: int, m: int) -> list[slice]:
    """Positions [0, m), [m, 2m), ... of an epoch's order: ceil(n/m) mini-batches covering all n
    examples, the last one holding the remaining n - m floor((n-1)/m) when m does not divide n."""
    return [slice(start, min(start + m, n)) for start in range(0, n, m)]


def step_size(eta: float, m: int) -> float:
    """The factor of the summed gradient in w <- w - (eta/m) sum_x dC_x/dw: eta/m for a
    mini-batch of m examples (eq. (20)-(21))."""
    return eta / m


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
    """Train ``network`` in place with learning rate ``eta``; return the per-epoch cost and
    accuracy on each evaluation set.

    x: (n, n_in) inputs, an array or :class:`~engine.byte_inputs.ByteInputs` (inputs k / d
    held as bytes, read eight times faster by the compiled step).
    y: integer labels (n,) or target rows (n, n_out).
    evaluation: {name: (inputs, integer labels)}, e.g. {"validation": ..., "test": ...}.
    on_epoch(epoch, history) is called after each epoch's evaluation (epochs counted from 0).
    """
    x, targets = _training_data(network, x, y)
    epochs = _positive_int(epochs, "epochs")
    mini_batch_size = _positive_int(mini_batch_size, "mini_batch_size")
    eta = require_positive_finite(eta, "eta")
    evaluation = {
        name: _evaluation_set(network, name, *pair) for name, pair in (evaluation or {}).items()
    }
    step = make_step(network, mini_batch_size, eta)
    if isinstance(x, ByteInputs) and not isinstance(step, _CompiledSGDStep):
        x = x.values(network.dtype)
    if monitor_training:
        # integer labels where given: one forward pass per epoch instead of two
        training_labels = np.asarray(y) if np.ndim(y) == 1 else targets
        training_x = x.values(network.dtype) if isinstance(x, ByteInputs) else x
        evaluation = {"training": (training_x, training_labels), **evaluation}
    history = TrainingHistory(epochs=epochs)
    for epoch in range(epochs):
        order = epoch_order(network.rng, len(x))
        # e^{-z} of a far-left sigmoid input overflows (the step then takes e^z instead),
        # and so may softmax's z - max z for z spanning more than the float range (exp(-inf)
        # = 0 is the exact limit); parameters are checked for inf and NaN after the epoch
        try:
            with _one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
                step.epoch(x, targets, order)
        except (ValueError, ArithmeticError) as error:
            # a NaN weighted input or a saturated output met on the way to divergence
            _require_finite_parameters(network, eta, epoch, error)
            raise type(error)(
                f"{error} (training stopped in epoch {epoch + 1} with eta = {eta!r})"
            ) from error
        _require_finite_parameters(network, eta, epoch)
        for name, (eval_x, eval_targets) in evaluation.items():
            history.record(name, *_evaluate(network, eval_x, eval_targets))
        if on_epoch is not None:
            on_epoch(epoch, history)
    return history


def _require_finite_parameters(network: Network, eta: float, epoch: int, cause=None) -> None:
    """Raise NonFiniteParametersError (from ``cause``) if the network has a parameter that is
    inf or NaN after ``epoch`` (counted from 0, reported from 1)."""
    bad = sum(int(np.count_nonzero(~np.isfinite(p))) for p in network.params)
    if bad:
        raise NonFiniteParametersError(
            f"training diverged: {bad} parameters are no longer finite (inf or NaN) "
            f"after epoch {epoch + 1} with eta = {eta!r}; lower the learning rate eta"
        ) from cause


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
    """The training step of ``network``: a function (x, targets, batch_indices) -> None applying
    one SGD update to the mini-batch x[batch_indices] with target rows targets[batch_indices],
    with a method ``epoch(x, targets, order)`` stepping through every mini-batch of an epoch.

    The compiled step (:class:`~engine.compiled_step.CompiledStep`) for the pairings with a
    closed-form delta^L, else ``Network.backprop``'s general path. x and targets must be
    C-contiguous arrays of the network's dtype (``sgd`` makes them so)."""
    if network.has_fused_delta and COMPILED_STEP_AVAILABLE:
        return _CompiledSGDStep(network, mini_batch_size, eta)
    return _GeneralStep(network, mini_batch_size, eta)


def compile_step(dtype, layers: int) -> None:
    """Compile the step of networks of ``layers`` layers (input included) in ``dtype`` now, by
    one step of a small such network on byte inputs, rather than in the first training run
    (Numba compiles per argument types: dtype and number of layers). Nothing to do where the
    general step is used."""
    network = Network([2] * layers, seed=0, dtype=dtype)
    step = make_step(network, 1, 1.0)
    if isinstance(step, _CompiledSGDStep):
        codes = np.zeros((1, 2), dtype=np.uint8)
        with np.errstate(over="ignore", invalid="ignore"):
            step.epoch(ByteInputs(codes), np.zeros((1, 2), dtype=dtype), np.zeros(1, np.intp))


class _CompiledSGDStep(CompiledStep):
    """The compiled step on this module's schedule: the mini-batches of :func:`mini_batches`,
    each scaled by -:func:`step_size` (eta/m of its own size), rounded to the network's dtype."""

    def __init__(self, network: Network, mini_batch_size: int, eta: float):
        super().__init__(network, mini_batch_size)
        self.eta = eta
        self._schedules = {}

    def __call__(self, x, targets, batch):
        rows = np.asarray(batch)
        self.run(x, targets, np.asarray(rows, dtype=np.intp), *self._schedule([len(rows)]))

    def epoch(self, x, targets, order):
        # every epoch of a run has the same schedule: built once (in Python it costs as much
        # as a compiled step per mini-batch)
        n = len(order)
        if n not in self._schedules:
            batches = mini_batches(n, self.mini_batch_size)
            self._schedules[n] = self._schedule([batch.stop - batch.start for batch in batches])
        self.run(x, targets, np.asarray(order, dtype=np.intp), *self._schedules[n])

    def _schedule(self, lengths):
        """(starts, stops, factors) of consecutive mini-batches of the given lengths, each
        factor -eta/m of its own length m rounded to the network's dtype."""
        stops = np.cumsum(np.array(lengths, dtype=np.intp))
        factors = np.array([-step_size(self.eta, m) for m in lengths], dtype=self.network.dtype)
        return stops - lengths, stops, factors


class _GeneralStep:
    """One update from ``Network.backprop`` (general path): any output layer and cost."""

    def __init__(self, network: Network, mini_batch_size: int, eta: float):
        self.network, self.mini_batch_size, self.eta = network, mini_batch_size, eta

    def __call__(self, x, targets, batch):
        batch = np.reshape(batch, -1)
        m = len(batch)
        grads_w, grads_b = self.network.backprop(x[batch], targets[batch], path="general")
        # backprop returns the batch mean (1/m) sum_x; m times it is the sum, scaled by eta/m
        scale = step_size(self.eta, m) * m
        for params, gw, gb in zip(self.network.params, grads_w, grads_b):
            params[:, :-1] -= scale * gw
            params[:, -1] -= scale * gb

    def epoch(self, x, targets, order):
        for batch in mini_batches(len(order), self.mini_batch_size):
            self(x, targets, order[batch])


def _evaluation_set(network: Network, name: str, inputs, labels):
    """An evaluation set as (inputs, labels) checked up front,
    so a bad one fails before training.
    """
    labels = require_class_labels(labels, network.sizes[-1], f"evaluation set {name!r}: labels")
    if labels.size == 0:
        raise ValueError(f"evaluation set {name!r} is empty; it needs at least one example")
    inputs = require_finite(inputs, f"evaluation set {name!r} inputs")
    if inputs.ndim != 2 or inputs.shape != (len(labels), network.sizes[0]):
        raise ValueError(
            f"evaluation set {name!r}: inputs must have shape ({len(labels)}, "
            f"{network.sizes[0]}) for {len(labels)} labels; got {inputs.shape}"
        )
    return inputs, labels


def _evaluate(network: Network, inputs, labels_or_targets) -> tuple[float, float]:
    """(mean cost, accuracy): from integer labels, or from target rows (the training set given
    as targets), where accuracy counts the examples whose largest output is the largest target
    (:func:`~engine.network.argmax_accuracy` against the targets' argmax)."""
    if labels_or_targets.ndim == 1:
        return network.evaluate(inputs, labels_or_targets)
    outputs = network.feedforward(inputs)
    accuracy = argmax_accuracy(outputs, np.argmax(labels_or_targets, axis=-1))
    return network.cost_value(inputs, labels_or_targets), accuracy


def _training_data(network: Network, x, y):
    """Training inputs and target rows, checked: finite inputs, at least one example, integer
    labels (made one-hot) or target rows under the cost's contract (``Cost.check_targets``).
    Byte inputs are finite by construction and kept as they are."""
    if not isinstance(x, ByteInputs):
        x = require_finite(x, "training inputs x")
    if x.ndim != 2 or x.shape[1] != network.sizes[0] or len(x) == 0:
        raise ValueError(
            f"training inputs x must have shape (n, {network.sizes[0]}) with n >= 1; got {x.shape}"
        )
    y = np.asarray(y)
    if y.ndim == 1:
        targets = one_hot(y, network.sizes[-1], dtype=network.dtype)
    else:
        targets = require_finite(y, "training targets y")
    if targets.shape != (len(x), network.sizes[-1]):
        raise ValueError(
            f"training targets must be {len(x)} labels or a ({len(x)}, {network.sizes[-1]}) "
            f"array; got shape {y.shape}"
        )
    targets = network.cost.check_targets(targets, "training targets y")
    if not isinstance(x, ByteInputs):
        x = np.ascontiguousarray(x, dtype=network.dtype)
    return x, np.ascontiguousarray(targets, dtype=network.dtype)


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
