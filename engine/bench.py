"""The engine's training speed, measured against the book's own algorithm and against the
matrix products of its step.

The measurements of the benchmark command (``python -m runs.bench``, which loads MNIST, runs
them and reports):

- :func:`time_engine_and_reference`: seconds per epoch of the engine (``engine.training.sgd``:
  cross-entropy cost, sigmoid output, eta = :data:`ETA`, mini-batches of 10, large
  initialisation, no per-epoch evaluation) and of a reference that follows chapter 1's
  algorithm literally (:class:`BookReference`): every example is back-propagated on its own as a
  column vector, the gradients are summed over the mini-batch and then w <- w - (eta/m) sum
  (Nielsen eq. (20)-(21)); always float64, as the book ran it. The reference trains on a subset
  of each epoch and its time is extrapolated linearly to the full epoch;
- :func:`gemm_flops_per_second`: the machine's matrix-multiply peak, the FLOP rate of a large
  square GEMM (2 n^3 flops), against which :func:`training_flops_per_example` (multiply-adds
  counted as 2 flops: forward 2 sum_l (n_in + 1) n_out, weight and bias gradients
  2 sum_l (n_in + 1) n_out, errors back-propagated to hidden layers 2 sum_{l >= 2} n_in n_out)
  gives the fraction reached;
- :func:`time_step_and_matmuls`: the training step (``engine.training.make_step``, m = 10, one
  BLAS thread, a run of mini-batches as training runs them) against the BLAS calls of its
  matrix products alone, same shapes, same layouts, timed in the same run; their ratio is the
  overhead of everything around the products.
"""

from __future__ import annotations

import sys
import time

import numba
import numpy as np
from threadpoolctl import threadpool_limits

from engine import compiled_step
from engine.blas import NO_TRANS, TRANS
from engine.byte_inputs import ByteInputs
from engine.network import Network
from engine.training import make_step, one_hot, sgd

# The two configurations the speed targets name, then the other two precisions (cheap to add).
CONFIGS = (
    ((784, 30, 10), "float64"),
    ((784, 100, 10), "float32"),
    ((784, 30, 10), "float32"),
    ((784, 100, 10), "float64"),
)
ETA = 0.5
MINI_BATCH_SIZE = 10
COST = "cross_entropy"
INIT = "large"


# The book's algorithm, one example at a time -------------------------------------------------


def _book_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _book_sigmoid_prime(z):
    # as the book evaluates it: sigma(z) (1 - sigma(z)), with sigma computed twice
    return _book_sigmoid(z) * (1.0 - _book_sigmoid(z))


def book_backprop(weights, biases, x, y):
    """Gradients of one example's cross-entropy cost, x and y column vectors (eq. (BP1)-(BP4),
    with the cross-entropy output error delta^L = a^L - y, eq. (66)).

    Kept as the book's program does it, costs included: the gradient lists start as zero
    arrays of the parameters' shapes, and sigma'(z) evaluates sigma twice.
    """
    grads_b = [np.zeros(b.shape) for b in biases]
    grads_w = [np.zeros(w.shape) for w in weights]
    activation, activations, zs = x, [x], []
    for w, b in zip(weights, biases):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = _book_sigmoid(z)
        activations.append(activation)
    delta = activations[-1] - y
    grads_b[-1] = delta
    grads_w[-1] = np.dot(delta, activations[-2].transpose())
    for layer in range(len(weights) - 2, -1, -1):
        delta = np.dot(weights[layer + 1].transpose(), delta) * _book_sigmoid_prime(zs[layer])
        grads_b[layer] = delta
        grads_w[layer] = np.dot(delta, activations[layer].transpose())
    return grads_w, grads_b


def book_update_mini_batch(weights, biases, mini_batch, eta):
    """Sum the per-example gradients over the mini-batch, then step by eta/m times the sum."""
    sum_w = [np.zeros(w.shape) for w in weights]
    sum_b = [np.zeros(b.shape) for b in biases]
    for x, y in mini_batch:
        grads_w, grads_b = book_backprop(weights, biases, x, y)
        sum_w = [s + g for s, g in zip(sum_w, grads_w)]
        sum_b = [s + g for s, g in zip(sum_b, grads_b)]
    m = len(mini_batch)
    weights = [w - (eta / m) * s for w, s in zip(weights, sum_w)]
    biases = [b - (eta / m) * s for b, s in zip(biases, sum_b)]
    return weights, biases


def book_examples(images, labels, n_classes=10):
    """The book's data layout: a list of (x, y) pairs of float64 column vectors."""
    targets = one_hot(np.asarray(labels), n_classes)
    return [
        (np.asarray(x, dtype=np.float64).reshape(-1, 1), t.reshape(-1, 1))
        for x, t in zip(images, targets)
    ]


def book_parameters(network: Network):
    """A network's parameters as the book holds them: float64 weights and column-vector biases."""
    weights = [np.array(w, dtype=np.float64) for w in network.weights]
    biases = [np.array(b, dtype=np.float64).reshape(-1, 1) for b in network.biases]
    return weights, biases


class BookReference:
    """The book's algorithm training one network; :meth:`epoch` runs one epoch's timed subset."""

    def __init__(self, sizes, images, labels, reference_size, seed=0):
        network = Network(list(sizes), cost=COST, init=INIT, seed=seed)
        self.weights, self.biases = book_parameters(network)
        self.images, self.labels = images, labels
        self.reference_size = reference_size
        self.rng = np.random.default_rng(seed)

    def epoch(self) -> tuple[float, float]:
        """(wall, CPU) seconds for a full epoch, extrapolated from ``reference_size`` examples.

        Runs on one BLAS thread: its faster setting on the 2-core machine this was written on,
        and the one whose CPU time is not inflated by BLAS threads waiting for work.
        """
        order = self.rng.permutation(len(self.images))[: self.reference_size]
        examples = book_examples(self.images[order], self.labels[order])
        scale = len(self.images) / len(examples)
        with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore"):
            # exp(-z) overflows to inf for z < -709, giving sigma = 0 as it should
            wall, cpu = time.perf_counter(), time.process_time()
            for first in range(0, len(examples), MINI_BATCH_SIZE):
                self.weights, self.biases = book_update_mini_batch(
                    self.weights, self.biases, examples[first : first + MINI_BATCH_SIZE], ETA
                )
            return (time.perf_counter() - wall) * scale, (time.process_time() - cpu) * scale


# The engine -----------------------------------------------------------------------------------


def time_engine_and_reference(sizes, dtype, images, labels, epochs, reference_size, seed=0):
    """Per-epoch seconds {"engine": [...], "reference": [...], "engine_cpu": [...],
    "reference_cpu": [...]}; ``images`` are float64, the engine gets them in ``dtype``.

    The two alternate: after each engine epoch the reference runs one epoch, so a change in the
    load of a shared machine falls on both. The engine's first epoch includes sgd's setup.
    CPU time (this process) is reported beside wall time: it leaves out time the machine gave
    to other work.
    """
    network = Network(list(sizes), cost=COST, init=INIT, seed=seed, dtype=np.dtype(dtype))
    reference = BookReference(sizes, images, labels, reference_size, seed)
    times = {"engine": [], "reference": [], "engine_cpu": [], "reference_cpu": []}
    clock = {}

    def start_clock():
        clock["wall"], clock["cpu"] = time.perf_counter(), time.process_time()

    def between_epochs(epoch, history):
        times["engine"].append(time.perf_counter() - clock["wall"])
        times["engine_cpu"].append(time.process_time() - clock["cpu"])
        wall, cpu = reference.epoch()
        times["reference"].append(wall)
        times["reference_cpu"].append(cpu)
        start_clock()

    engine_images = images.astype(dtype)
    start_clock()
    sgd(network, engine_images, labels, epochs, MINI_BATCH_SIZE, ETA, on_epoch=between_epochs)
    return times


def training_flops_per_example(sizes) -> int:
    """Forward and gradient products on [W | b], plus the errors sent back to hidden layers."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(2 * (n_in + 1) * n_out for n_in, n_out in pairs)
    backward = sum(2 * n_in * n_out for n_in, n_out in pairs[1:])
    return 2 * forward + backward


def gemm_flops_per_second(dtype, n=1536, threads=None, repeats=3) -> float:
    """Best of ``repeats`` n x n x n products: 2 n^3 / seconds."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    out = np.empty((n, n), dtype=dtype)
    best = np.inf
    with threadpool_limits(limits=threads, user_api="blas"):
        np.matmul(a, b, out=out)
        for _ in range(repeats):
            start = time.perf_counter()
            np.matmul(a, b, out=out)
            best = min(best, time.perf_counter() - start)
    return 2.0 * n**3 / best


# One step against its matrix products ---------------------------------------------------------


def _products_alone(blas, params, activations, transposed_zs, deltas, count):
    """The matrix products of ``count`` steps and nothing else: the calls the compiled step
    makes (:func:`engine.compiled_step._product`, NumPy's own BLAS), same shapes and layouts,
    on buffers that stay in place."""
    last = len(params) - 1
    for _ in range(count):
        for layer in range(last + 1):
            n_out, n_in1 = params[layer].shape
            m = transposed_zs[layer].shape[1]
            compiled_step._product(
                blas,
                NO_TRANS,
                TRANS,
                n_out,
                m,
                n_in1,
                params[layer],
                n_in1,
                activations[layer],
                n_in1,
                0.0,
                transposed_zs[layer],
                m,
            )
        for layer in range(last, -1, -1):
            n_out, n_in1 = params[layer].shape
            m = deltas[layer].shape[0]
            if layer:
                compiled_step._product(
                    blas,
                    NO_TRANS,
                    NO_TRANS,
                    m,
                    n_in1 - 1,
                    n_out,
                    deltas[layer],
                    n_out,
                    params[layer],
                    n_in1,
                    0.0,
                    deltas[layer - 1],
                    n_in1 - 1,
                )
            compiled_step._product(
                blas,
                TRANS,
                NO_TRANS,
                n_out,
                n_in1,
                m,
                deltas[layer],
                n_out,
                activations[layer],
                n_in1,
                1.0,
                params[layer],
                n_in1,
            )


_products_alone = numba.njit(_products_alone)


def time_step_and_matmuls(sizes, dtype, images, labels, steps=2000, repeats=5, seed=0) -> dict:
    """Microseconds per step and per step's matrix products alone, measured alternately.

    The step is the engine's own (``make_step``: cross-entropy, eta = 0.5, m = 10), run as in
    training: ``steps`` mini-batches of a shuffled MNIST order in one ``epoch`` call. The
    products are the same step's 3 L - 1 matrix products (forward z^T = [W | b] A^T, errors
    sent back delta W for l >= 2, increments delta^T A added to [W | b]) as the same BLAS calls
    in a compiled loop, with no other work (:func:`_products_alone`), on a copy of the step's
    buffers; and, to tell reading the training examples from memory apart from the rest, the
    same steps on one mini-batch repeated, whose inputs stay in cache
    (``cached_inputs_step_us``). Each of ``repeats`` rounds times all three, on one BLAS
    thread; the fastest round of each is kept (load from other processes only slows a round
    down).
    overhead_ratio = step_us / matmul_us: 1 would mean the step is its products alone.
    """
    network = Network(list(sizes), cost=COST, init=INIT, seed=seed, dtype=np.dtype(dtype))
    step = make_step(network, MINI_BATCH_SIZE, ETA)
    if not hasattr(step, "activations"):
        raise RuntimeError("the compiled step is not available (no CBLAS ?gemm in NumPy's BLAS)")
    x = images if isinstance(images, ByteInputs) else np.ascontiguousarray(images, dtype=dtype)
    targets = one_hot(np.asarray(labels), sizes[-1], dtype=np.dtype(dtype))
    usable = steps * MINI_BATCH_SIZE
    if len(x) < MINI_BATCH_SIZE:
        raise ValueError(f"need at least {MINI_BATCH_SIZE} training examples, got {len(x)}")
    order = np.resize(np.random.default_rng(seed).permutation(len(x)), usable)
    # the step's buffer shapes with seeded values of ordinary size: an uninitialised buffer may
    # hold subnormal numbers, on which the products run many times slower
    rng = np.random.default_rng(seed)
    buffers = [
        tuple(rng.uniform(-1e-3, 1e-3, b.shape).astype(dtype) for b in group)
        for group in (step.params, step.activations, step.transposed_zs, step.deltas)
    ]
    # the same number of steps on one mini-batch over and over: its inputs stay in cache, which
    # separates reading the training examples from memory from the rest of the overhead
    cached_order = np.resize(order[:MINI_BATCH_SIZE], usable)
    best = {"step": np.inf, "cached": np.inf, "matmul": np.inf}
    with threadpool_limits(limits=1, user_api="blas"):
        step.epoch(x, targets, order[:MINI_BATCH_SIZE])  # compile before timing
        _products_alone(step.blas, *buffers, 1)
        for _ in range(repeats):
            for name, work in (
                ("step", lambda: step.epoch(x, targets, order)),
                ("cached", lambda: step.epoch(x, targets, cached_order)),
                ("matmul", lambda: _products_alone(step.blas, *buffers, steps)),
            ):
                start = time.perf_counter()
                work()
                best[name] = min(best[name], time.perf_counter() - start)
    step_us, cached_us, matmul_us = (1e6 * best[name] / steps for name in best)
    return {
        "sizes": list(sizes),
        "dtype": str(np.dtype(dtype)),
        "step_us": step_us,
        "matmul_us": matmul_us,
        "overhead_ratio": step_us / matmul_us,
        "cached_inputs_step_us": cached_us,
        "products_per_step": 3 * (len(sizes) - 1) - 1,
        "steps": steps,
        "repeats": repeats,
    }


if __name__ == "__main__":
    print(
        "engine.bench holds the measurements; the benchmark command is python -m runs.bench "
        "(same options)",
        file=sys.stderr,
    )
    sys.exit(2)
