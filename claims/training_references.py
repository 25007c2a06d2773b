"""Reference computations the training claims compare the engine with: SGD recomputed by the
definition one example at a time, one step written with the tested NumPy functions, and the
small problems and data sets those claims train on."""

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from threadpoolctl import threadpool_limits

from claims.strategies import networks, targets_for
from engine.activations import sigmoid, sigmoid_prime
from engine.network import FUSED_OUTPUT_DELTAS, Network
from engine.training import one_hot, sgd
from runs.spec import Dataset

PAIRINGS = [
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "quadratic"),
    ("sigmoid", "log_likelihood"),
    ("softmax", "log_likelihood"),
    ("softmax", "cross_entropy"),
    ("linear", "quadratic"),
]


def train_by_definition(network, x, targets, epochs, m, eta):
    """SGD as 002 describes it, one example's gradient at a time; returns the parameters."""
    twin = network.copy()  # same parameters and generator state
    params = [p.copy() for p in twin.params]
    n = len(x)
    for _ in range(epochs):
        order = twin.rng.permutation(n)
        for start in range(0, n, m):
            batch = order[start : start + m]
            total = [np.zeros_like(p) for p in params]
            for index in batch:
                grads_w, grads_b = twin.backprop(x[index : index + 1], targets[index : index + 1])
                for layer, (gw, gb) in enumerate(zip(grads_w, grads_b)):
                    total[layer] += np.column_stack([gw, gb])
            for layer, summed in enumerate(total):
                params[layer] -= (eta / len(batch)) * summed
                twin.params[layer][...] = params[layer]
    return params


@st.composite
def training_problems(draw):
    """A small network of any pairing, 1 to 13 examples, mini-batches of 1 to 5, eta, epochs."""
    output, cost = draw(st.sampled_from(PAIRINGS))
    network = draw(
        networks(
            output, cost, max_layers=3, max_width=4, min_output=2 if output == "softmax" else 1
        )
    )
    n = draw(st.integers(1, 13))
    x = draw(hnp.arrays(np.float64, (n, network.sizes[0]), elements=st.floats(-2.0, 2.0)))
    targets = draw(targets_for(cost, n, network.sizes[-1]))
    m = draw(st.integers(1, 5))
    eta = draw(st.sampled_from([0.05, 0.5, 2.0])) / (10.0 if output == "linear" else 1.0)
    epochs = draw(st.integers(1, 3))
    return network, x, targets, epochs, m, eta


def step_problem(output, cost, seed, dtype=np.float64, scale=1.0, n=23):
    rng = np.random.default_rng(seed)
    sizes = [7, 6, 5, 4]
    x = rng.uniform(0.0, 1.0, size=(n, sizes[0])).astype(dtype)
    if output == "linear":
        targets = rng.normal(size=(n, sizes[-1])).astype(dtype)
    else:
        targets = one_hot(rng.integers(0, sizes[-1], size=n), sizes[-1], dtype=dtype)
    network = Network(sizes, output=output, cost=cost, init="large", seed=seed, dtype=dtype)
    for params in network.params:
        params *= scale
    return network, x, targets


def closed_form_step(network, x, targets, rows, eta):
    """One step written with the tested NumPy functions: forward with engine.activations,
    delta^L = FUSED_OUTPUT_DELTAS (scaled by -eta/m), eq. (BP2) with sigmoid_prime, and
    [W | b] + delta^T [a | 1]; returns the new parameters."""
    m = len(rows)
    a, activations, zs = x[rows], [], []
    for layer, params in enumerate(network.params):
        activations.append(np.column_stack([a, np.ones(m, dtype=a.dtype)]))
        z = activations[-1] @ params.T
        zs.append(z)
        last = layer == len(network.params) - 1
        a = network.output.forward(z) if last else sigmoid(z)
    delta = -(eta / m) * FUSED_OUTPUT_DELTAS[(network.output.name, network.cost.name)](
        zs[-1], a, targets[rows]
    )
    new = [p.copy() for p in network.params]
    for layer in range(len(new) - 1, -1, -1):
        new[layer] += delta.T @ activations[layer]
        if layer:
            delta = (delta @ network.params[layer][:, :-1]) * sigmoid_prime(zs[layer - 1])
    return new


def small_dataset():
    rng = np.random.default_rng(21)
    x = rng.uniform(0.0, 1.0, (18, 4))
    labels = np.arange(18) % 3
    evaluation = {"validation": (x[:7], labels[:7]), "test": (x[7:], labels[7:])}
    return Dataset(train_x=x, train_labels=labels, evaluation=evaluation)


def sgd_history(spec, data):
    """The run by the definition: a Network built from the spec's own seed, trained by sgd on
    the spec's first train_size examples, evaluated on the same sets."""
    n = len(data.train_x) if spec.train_size is None else spec.train_size
    network = Network(
        list(spec.sizes),
        output=spec.output,
        cost=spec.cost,
        init=spec.init,
        seed=spec.seed,
        dtype=np.dtype(spec.dtype),
    )
    with threadpool_limits(limits=1, user_api="blas"):
        return sgd(
            network,
            data.train_x[:n],
            data.train_labels[:n],
            spec.epochs,
            spec.mini_batch_size,
            spec.eta,
            evaluation=data.evaluation,
        ).to_dict()


def _moments(sample):
    sample = np.asarray(sample, dtype=np.float64).ravel()
    mean = float(np.mean(sample))
    variance = float(np.var(sample))
    kurtosis = float(np.mean((sample - mean) ** 4) / variance**2)
    return len(sample), mean, variance, kurtosis


def assert_normal_moments(sample, std, what):
    """Mean 0, variance std^2 and kurtosis 3 of N(0, std^2), each within five standard errors
    (sd of the mean std/sqrt(N), of the sample variance std^2 sqrt(2/N), of the kurtosis
    sqrt(24/N)); seeds are fixed, so the check is deterministic."""
    n, mean, variance, kurtosis = _moments(sample)
    assert abs(mean) <= 5 * std / math.sqrt(n), f"{what}: mean {mean:.4g} over {n}"
    assert abs(variance / std**2 - 1) <= 5 * math.sqrt(2 / n), (
        f"{what}: variance {variance:.4g}, expected {std**2:.4g} over {n}"
    )
    assert abs(kurtosis - 3) <= 5 * math.sqrt(24 / n), f"{what}: kurtosis {kurtosis:.4g}"


def classifier(n_classes):
    """A one-layer softmax network whose largest output is the index of its input's largest
    entry: W = 10 I, b = 0."""
    network = Network([n_classes, n_classes], output="softmax", cost="log_likelihood", seed=0)
    network.params[0][...] = 0.0
    network.params[0][:, :-1] = 10.0 * np.eye(n_classes)
    return network
