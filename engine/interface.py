"""The operations the chapter's claims need from an engine, each optional.

An engine is any object that defines some of the methods below (a subclass of :class:`Engine`,
or any object with ``name``, ``source``, ``sha256`` and some of these methods). A claim whose
operations an engine lacks is "not applicable" to it, never an error. Every array is a NumPy
``float64`` array; one example is a 1-D vector (not a column), ``n`` outputs, ``n_in`` inputs,
``m`` examples. Every layer of :meth:`Engine.backprop` and the training operations is a sigmoid
layer (the chapter's networks); ``cost`` is ``"quadratic"`` or ``"cross_entropy"``.

===================================  =====================================================  ======
operation                            arguments                                              returns
===================================  =====================================================  ======
``sigmoid(z)``                       z (n,)                                                 (n,)
``sigmoid_prime(z)``                 z (n,): sigma'(z) = sigma(z)(1 - sigma(z))             (n,)
``softmax(z)``                       z (n,): e^{z_j} / sum_k e^{z_k} (eq. (78))             (n,)
``log_softmax(z)``                   z (n,): ln softmax(z)_j                                (n,)
``quadratic_cost(a, y)``             a, y (n,): ||y - a||^2 / 2 (eq. (6))                   float
``cross_entropy_cost(a, y)``         a, y (n,): -sum [y ln a + (1-y) ln(1-a)] (eq. (63))     float
``log_likelihood_cost(a, y)``        a, y (n,), y one-hot: -sum y ln a (eq. (80))           float
``quadratic_output_error(z, a, y)``  sigmoid outputs a = sigma(z): delta^L (eq. (BP1))      (n,)
``cross_entropy_output_error``       (z, a, y), sigmoid outputs: delta^L (eq. (66))         (n,)
``log_likelihood_output_error``      (z, a, y), softmax outputs: delta^L (eq. (84))         (n,)
``feedforward(weights, biases, x)``  W^l (n_out, n_in), b^l (n_out,) per layer, x (n_in,)   (n,)
``backprop(weights, biases, x, y,    one example's dC_x/dW^l, dC_x/db^l (eq. (BP1)-(BP4))   lists
cost)``
``update_mini_batch(weights,         one step w <- w - (eta/m) sum_x dC_x/dw over the       lists
biases, xs, ys, eta, cost)``         examples xs (m, n_in), ys (m, n) in the order given
``evaluate(weights, biases, xs,      the number of examples whose largest output is at      int
labels)``                            their label (labels (m,) integers)
===================================  =====================================================  ======

``backprop`` and ``update_mini_batch`` return ``(weights, biases)``-shaped lists: gradients, or
the updated parameters. An engine never has to change the arrays it is given. An operation
that does not support some arguments (a cost it lacks) raises ``NotImplementedError``: the
witness is then not applicable, as for a missing operation. An engine may
also define ``warm_up()``, called once before the witnesses run (to compile code, say).
"""

from __future__ import annotations

OPERATIONS = (
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "log_softmax",
    "quadratic_cost",
    "cross_entropy_cost",
    "log_likelihood_cost",
    "quadratic_output_error",
    "cross_entropy_output_error",
    "log_likelihood_output_error",
    "feedforward",
    "backprop",
    "update_mini_batch",
    "evaluate",
)
"""Every operation of the interface, in the order of the table above."""

COSTS = ("quadratic", "cross_entropy")
"""The costs ``backprop`` and ``update_mini_batch`` take (sigmoid output layers)."""


class Engine:
    """Base of an engine adapter: identifies the implementation; defines no operation.

    ``name``: a short name ("nnclaims", "network2"); ``source``: where the code comes from (a
    path, a module or a package version); ``sha256``: the SHA-256 of that code (hex), or "" when
    there is no single file to hash. Subclasses define the operations they have.
    """

    name = "engine"
    source = ""
    sha256 = ""


def operations_of(engine) -> tuple[str, ...]:
    """The interface operations ``engine`` defines (callable attributes named as in
    :data:`OPERATIONS`), in the table's order."""
    return tuple(name for name in OPERATIONS if callable(getattr(engine, name, None)))


def missing_operations(engine, needed) -> tuple[str, ...]:
    """The operations of ``needed`` that ``engine`` lacks."""
    have = set(operations_of(engine))
    return tuple(name for name in needed if name not in have)
