"""A student's NumPy network wrapped as an engine:
``--engine examples.student_network:StudentEngine``.

The student's code (``StudentNetwork``) is what one writes after reading the chapter: column
vectors, a sigmoid network, the cross-entropy's output error a - y. The adapter below it gives
the conformance suite the operations it has; whatever it leaves out is "not applicable".
"""

import numpy as np

from engine.interface import Engine


class StudentNetwork:
    """The student's network: weights[l] (n_out, n_in), biases[l] (n_out, 1)."""

    def __init__(self, weights, biases):
        self.weights = [np.array(w, dtype=float) for w in weights]
        self.biases = [np.array(b, dtype=float).reshape(-1, 1) for b in biases]

    @staticmethod
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def feedforward(self, x):
        a = np.reshape(x, (-1, 1))
        for w, b in zip(self.weights, self.biases):
            a = self.sigmoid(w @ a + b)
        return a

    def backprop(self, x, y):
        """(dC/dW, dC/db) per layer for the cross-entropy cost: delta^L = a - y."""
        activations, zs = [np.reshape(x, (-1, 1))], []
        for w, b in zip(self.weights, self.biases):
            zs.append(w @ activations[-1] + b)
            activations.append(self.sigmoid(zs[-1]))
        delta = activations[-1] - np.reshape(y, (-1, 1))
        grads_w, grads_b = [], []
        for layer in range(len(self.weights) - 1, -1, -1):
            grads_w.insert(0, delta @ activations[layer].T)
            grads_b.insert(0, delta)
            if layer:
                s = self.sigmoid(zs[layer - 1])
                delta = (self.weights[layer].T @ delta) * s * (1 - s)
        return grads_w, grads_b


class StudentEngine(Engine):
    """The student's network behind the engine interface (engine/interface.py)."""

    name = "student"
    source = __file__

    def sigmoid(self, z):
        return StudentNetwork.sigmoid(np.asarray(z))

    def cross_entropy_output_error(self, z, a, y):
        return np.asarray(a) - np.asarray(y)

    def feedforward(self, weights, biases, x):
        return StudentNetwork(weights, biases).feedforward(x).ravel()

    def backprop(self, weights, biases, x, y, cost):
        if cost != "cross_entropy":
            raise NotImplementedError("the student's network has the cross-entropy cost only")
        grads_w, grads_b = StudentNetwork(weights, biases).backprop(x, y)
        return grads_w, [g.ravel() for g in grads_b]
