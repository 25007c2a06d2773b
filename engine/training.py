"""Mini-batch stochastic gradient descent as chapter 1 defines it, with per-epoch monitoring.

Each epoch shuffles the training examples with the network's own generator (:func:`epoch_order`),
cuts them into mini-batches of m, the last one shorter when m does not divide n
(:func:`mini_batches`), and applies, for each mini-batch,

    w <- w - (eta/m) sum_x dC_x/dw,    b <- b - (eta/m) sum_x dC_x/db      (Nielsen eq. (20)-(21)),

with eta/m from :func:`step_size`. A parameter that is no longer finite after an epoch stops the
training with :class:`~engine.errors.NonFiniteParametersError` naming eta and the epoch.

After every epoch the cost and accuracy on each evaluation set are recorded and returned as data.

For the pairings with a closed-form output error (``FUSED_OUTPUT_DELTAS``) a step runs on
preallocated buffers with the bias folded into the weights: a^l carries a trailing column of ones,
so z = [a | 1] [W | b]^T is one matrix product and so is the whole gradient [dW | db]. Other
pairings take ``Network.backprop``'s general path. Both compute the same gradients (tested).
The fused step runs the engine's own activations on its buffers (``sigmoid_into``,
``softmax_into``: the functions the claims test) and the network's closed-form output errors.

:func:`sgd_many` trains several networks of one architecture (typically seeds) as one stacked
computation; each network ends bit for bit where :func:`sgd` alone would take it (tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Mapping, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

from engine.activations import sigmoid_into, softmax_into
from engine.blas import accumulate_product
from engine.errors import NonFiniteParametersError
from engine.network import FUSED_OUTPUT_DELTAS, Network, argmax_accuracy
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
    def from_dict(cls, data: dict) -> "TrainingHistory":
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
    batches = mini_batches(len(x), mini_batch_size)
    for epoch in range(epochs):
        for group, step in groups:
            orders = np.stack([epoch_order(network.rng, len(x)) for network in group])
            # sigmoid_into's e^{-z} may overflow (it then recomputes those entries), and so may
            # softmax_into's z - max z for z spanning more than the float range (exp(-inf) = 0
            # is the exact limit); parameters are checked for inf and NaN after the epoch
            try:
                with _one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
                    for batch in batches:
                        step(x, targets, orders[:, batch])
            except (ValueError, ArithmeticError) as error:
                # a NaN weighted input or a saturated output met on the way to divergence
                step.write_back()
                _require_finite_parameters(networks, eta, epoch, error)
                raise type(error)(
                    f"{error} (training stopped in epoch {epoch + 1} with eta = {eta!r})"
                ) from error
            step.write_back()
        _require_finite_parameters(networks, eta, epoch)
        for network, history in zip(networks, histories):
            for name, (eval_x, eval_targets) in evaluation.items():
                history.record(name, *_evaluate(network, eval_x, eval_targets))
        if on_epoch is not None:
            on_epoch(epoch, histories)
    return histories


def _require_finite_parameters(networks, eta: float, epoch: int, cause=None) -> None:
    """Raise NonFiniteParametersError (from ``cause``) if any network has a parameter that is
    inf or NaN after ``epoch`` (counted from 0, reported from 1)."""
    for index, network in enumerate(networks):
        bad = sum(int(np.count_nonzero(~np.isfinite(p))) for p in network.params)
        if bad:
            which = "" if len(networks) == 1 else f" of networks[{index}] (seed {network.seed})"
            raise NonFiniteParametersError(
                f"training diverged: {bad} parameters{which} are no longer finite (inf or NaN) "
                f"after epoch {epoch + 1} with eta = {eta!r}; lower the learning rate eta"
            ) from cause


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
        m = len(batch)
        grads_w, grads_b = self.network.backprop(x[batch], targets[batch], path="general")
        # backprop returns the batch mean (1/m) sum_x; m times it is the sum, scaled by eta/m
        scale = step_size(self.eta, m) * m
        for params, gw, gb in zip(self.network.params, grads_w, grads_b):
            params[:, :-1] -= scale * gw
            params[:, -1] -= scale * gb

    def write_back(self):
        """Nothing to do: the update is applied to the network's own parameters."""


class _FusedStep:
    """One update of K networks with the closed-form delta^L, on buffers allocated once.

    Every array carries a leading axis of length K, one slice per network; ``batch`` is a (K, m)
    array of example indices (or (m,) when K = 1). With K = 1 the parameters are views of the
    network's own, updated in place; with K > 1 they are stacked copies that :meth:`write_back`
    copies into the networks. Each slice goes through the same BLAS and ufunc calls as a lone
    network would, so the results do not depend on K (tested bit for bit).

    The mini-batch's inputs are gathered into a contiguous buffer and copied into the first
    columns of [a | 1]: at m = 10 and 784 inputs that takes about 9 us against 12 us for a
    gather straight into those strided columns.

    The activations are the engine's own (``sigmoid_into``, ``softmax_into``); a hidden layer's
    sigma'(z) = sigma(|z|) sigma(-|z|) is kept from the forward pass for eq. (BP2). The output
    error is the network's closed form (a - y for the canonical pairings) scaled by -eta/m
    (:func:`step_size`) before it is propagated; every later quantity is linear in it, so the
    products delta^T [a | 1] are already the parameter increments, and a layer with many
    parameters adds its increment to them inside the product (``engine.blas.accumulate_product``:
    the same bits as a product into a buffer and ``+=``, without that extra pass over the
    weights).

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
        self.targets = np.empty((k, m, sizes[-1]), dtype=dtype)
        # per layer, (K, n, m) like z^T: sigma(z), sigma'(z) and the scratch e^{-z}
        self.sigmas = [np.empty((k, n, m), dtype=dtype) for n in sizes[1:]]
        self.primes = [np.empty((k, n, m), dtype=dtype) for n in sizes[1:]]
        self.decays = [np.empty((k, n, m), dtype=dtype) for n in sizes[1:]]
        self.row_scratch = np.empty((k, m, 1), dtype=dtype)
        self.inputs = np.empty((k, m, sizes[0]), dtype=dtype)
        self._plans = {}

    def write_back(self):
        """Copy stacked parameters into the networks (K = 1 updates them in place already)."""
        if len(self.networks) > 1:
            for index, network in enumerate(self.networks):
                for own, stacked in zip(network.params, self.params):
                    own[...] = stacked[index]

    def _plan_for(self, m):
        """The step for a mini-batch of m examples as a list of calls on views of the buffers,
        made once per distinct m: (input buffer, target buffer, calls)."""
        plan = self._plans.get(m)
        if plan is not None:
            return plan
        activations = [a[:, :m] for a in self.activations]
        transposed_zs = [z[:, :, :m] for z in self.transposed_zs]
        deltas = [d[:, :m] for d in self.deltas]
        sigmas = [s[:, :, :m] for s in self.sigmas]
        decays = [d[:, :, :m] for d in self.decays]
        primes = [p[:, :, :m] for p in self.primes]
        hidden = [a[:, :, :-1] for a in activations]
        targets = self.targets[:, :m]
        last = len(self.params) - 1
        inputs = self.inputs[:, :m]
        calls = [partial(np.copyto, hidden[0], inputs)]
        for layer in range(last):
            # z^T = [W | b] [a | 1]^T; sigma(z) into a contiguous buffer, then one strided copy
            # into [a | 1]
            calls += [
                partial(np.matmul, self.params[layer], activations[layer].transpose(0, 2, 1),
                        out=transposed_zs[layer]),
                partial(sigmoid_into, transposed_zs[layer], sigmas[layer], prime=primes[layer],
                        decay=decays[layer], subnormal=False),
                partial(np.copyto, hidden[layer + 1].transpose(0, 2, 1), sigmas[layer]),
            ]
        calls.append(partial(np.matmul, self.params[last], activations[last].transpose(0, 2, 1),
                             out=transposed_zs[last]))
        calls += self._output_delta_calls(transposed_zs[last], targets, deltas[last],
                                          self.row_scratch[:, :m], sigmas[last], decays[last],
                                          primes[last])
        calls.append(partial(np.multiply, deltas[last], -step_size(self.eta, m), out=deltas[last]))
        for layer in range(last, -1, -1):
            if layer:
                calls += [
                    partial(np.matmul, deltas[layer], self.weights[layer], out=deltas[layer - 1]),
                    # eq. (BP2): times sigma'(z)
                    partial(np.multiply, deltas[layer - 1], primes[layer - 1].transpose(0, 2, 1),
                            out=deltas[layer - 1]),
                ]
            calls += _parameter_update(deltas[layer].transpose(0, 2, 1), activations[layer],
                                       self.params[layer])
        plan = self._plans[m] = (inputs, targets, calls)
        return plan

    def __call__(self, x, targets, batch):
        if batch.ndim == 1:
            batch = batch.reshape(1, -1)
        inputs, batch_targets, calls = self._plan_for(batch.shape[1])
        # mode="clip" lets take write straight into the buffers (batch indices are in range)
        x.take(batch, axis=0, out=inputs, mode="clip")
        targets.take(batch, axis=0, out=batch_targets, mode="clip")
        for call in calls:
            call()

    def _output_delta_calls(self, transposed_z, y, delta, row_scratch, sigma, decay, prime):
        """The calls writing delta^L into ``delta``: a - y for the canonical pairings,
        (a - y) sigma'(z) for the sigmoid with the quadratic cost, else the network's closed form
        (``FUSED_OUTPUT_DELTAS``)."""
        output, cost = self.pairing
        z = transposed_z.transpose(0, 2, 1)
        if self.pairing == ("sigmoid", "cross_entropy"):
            # sigma(z) on contiguous buffers, then a - y
            return [partial(sigmoid_into, transposed_z, sigma, decay=decay, subnormal=False),
                    partial(np.subtract, sigma.transpose(0, 2, 1), y, out=delta)]
        if self.pairing == ("sigmoid", "quadratic"):
            # eq. (BP1) as _sigmoid_quadratic_delta forms it, on the buffers: sigma(z) and
            # sigma'(z) with their subnormal values kept (sigmoid and sigmoid_prime's own)
            return [partial(sigmoid_into, transposed_z, sigma, prime=prime, decay=decay),
                    partial(np.subtract, sigma.transpose(0, 2, 1), y, out=delta),
                    partial(np.multiply, delta, prime.transpose(0, 2, 1), out=delta)]
        if self.pairing in _DIFFERENCE_DELTAS:
            if output == "softmax":
                first = partial(softmax_into, z, delta, row_scratch)
            else:
                first = partial(np.copyto, delta, z)
            return [first, partial(np.subtract, delta, y, out=delta)]
        forward, closed_form = self.networks[0].output.forward, FUSED_OUTPUT_DELTAS[self.pairing]

        def general():
            z_rows = np.array(z)
            delta[...] = closed_form(z_rows, forward(z_rows), y)

        return [general]


# A layer's increment is added inside its product (one BLAS call, engine.blas) from this many
# parameters on; below it a product into a buffer and += are faster than the ctypes call
# (measured at m = 10: [30 x 785] 13 us against 21, [10 x 31] 2.7 us against 1.8).
_ACCUMULATE_IN_BLAS_FROM = 2048


def _parameter_update(transposed_deltas, activations, params):
    """Calls adding delta_k^T [a_k | 1] to the parameters of every network k: one BLAS call per
    network for a large layer, else a stacked product and += (the same bits either way:
    ``engine.blas.accumulate_product``)."""
    k = len(params)
    if params[0].size >= _ACCUMULATE_IN_BLAS_FROM:
        return [accumulate_product(transposed_deltas[i], activations[i], params[i])
                for i in range(k)]
    increment = np.empty_like(params)
    return [partial(np.matmul, transposed_deltas, activations, out=increment),
            partial(np.add, params, increment, out=params)]


# Pairings whose closed-form output error is delta^L = a^L - y (eq. (66), (84), (68)-(70)).
_DIFFERENCE_DELTAS = {
    ("sigmoid", "cross_entropy"), ("softmax", "log_likelihood"), ("linear", "quadratic"),
}


def _evaluation_set(network: Network, name: str, inputs, labels):
    """An evaluation set as (inputs, labels) checked up front, so a bad one fails before training."""
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
    labels (made one-hot) or target rows under the cost's contract (``Cost.check_targets``)."""
    x = require_finite(x, "training inputs x")
    if x.ndim != 2 or x.shape[1] != network.sizes[0] or len(x) == 0:
        raise ValueError(
            f"training inputs x must have shape (n, {network.sizes[0]}) with n >= 1; got "
            f"{x.shape}"
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
    return x.astype(network.dtype, copy=False), targets.astype(network.dtype, copy=False)


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
