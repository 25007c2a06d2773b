"""A sigmoid network's forward pass and gradients at 60 digits (mpmath), the reference of the
gradient and training witnesses: z^l = W^l a^{l-1} + b^l, a^l = sigma(z^l); delta^L = a - y for
the cross-entropy (eq. (66)) and (a - y) sigma'(z) for the quadratic cost (eq. (BP1));
delta^l = ((W^{l+1})^T delta^{l+1}) sigma'(z^l) (BP2); dC/db = delta (BP3), dC/dw_jk =
a^{l-1}_k delta_j (BP4). 1 - a is sigma(-z), never a subtraction."""

from __future__ import annotations

import mpmath as mp
import numpy as np

from claims import high_precision as hp


def _sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def forward(weights, biases, x):
    """Exact (zs, activations) per layer, as lists of mpf lists (activations[0] = x)."""
    with mp.workdps(hp.DIGITS):
        activation = [hp.mpf(v) for v in x]
        zs, activations = [], [activation]
        for w, b in zip(weights, biases):
            z = [
                mp.fsum(hp.mpf(w[i, k]) * activation[k] for k in range(len(activation)))
                + hp.mpf(b[i])
                for i in range(len(b))
            ]
            activation = [_sigmoid(v) for v in z]
            zs.append(z)
            activations.append(activation)
        return zs, activations


def gradients(weights, biases, x, y, cost: str):
    """Exact (dC_x/dW^l, dC_x/db^l) for one example, as float64 arrays shaped like the
    parameters (each entry the exact value rounded once)."""
    with mp.workdps(hp.DIGITS):
        zs, activations = forward(weights, biases, x)
        a, z = activations[-1], zs[-1]
        delta = [aj - hp.mpf(yj) for aj, yj in zip(a, y)]
        if cost == "quadratic":
            delta = [d * _sigmoid(v) * _sigmoid(-v) for d, v in zip(delta, z)]
        grads_w, grads_b = [None] * len(weights), [None] * len(weights)
        for layer in range(len(weights) - 1, -1, -1):
            below = activations[layer]
            grads_b[layer] = np.array([float(d) for d in delta])
            grads_w[layer] = np.array([[float(d * ak) for ak in below] for d in delta])
            if layer:
                w = weights[layer]
                delta = [
                    mp.fsum(hp.mpf(w[j, k]) * delta[j] for j in range(len(delta)))
                    * _sigmoid(zs[layer - 1][k])
                    * _sigmoid(-zs[layer - 1][k])
                    for k in range(w.shape[1])
                ]
        return grads_w, grads_b


def outputs(weights, biases, x) -> np.ndarray:
    """The exact output activations rounded to float64."""
    return np.array([float(v) for v in forward(weights, biases, x)[1][-1]])


def random_network(generator, sizes, scale: float = 1.0):
    """(weights, biases) with N(0, scale^2) entries, drawn from ``generator``."""
    weights = [generator.normal(0.0, scale, (n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [generator.normal(0.0, scale, n_out) for n_out in sizes[1:]]
    return weights, biases
