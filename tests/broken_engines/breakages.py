"""The broken engine variants: each replaces one engine function by a plausible wrong version."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def replace_everywhere(original, replacement) -> int:
    """Rebind every module attribute and module-level dict value of the engine that is
    ``original`` to ``replacement`` (names imported with ``from ... import`` included)."""
    count = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "engine" or name.startswith("engine.")):
            continue
        for attribute, value in list(vars(module).items()):
            if value is original:
                setattr(module, attribute, replacement)
                count += 1
            elif isinstance(value, dict):
                for key, entry in list(value.items()):
                    if entry is original:
                        value[key] = replacement
                        count += 1
    return count


# --- the variants ---------------------------------------------------------------------------


def break_sigmoid_derivative() -> None:
    """sigma'(z) written as sigma(z)(1 + sigma(z)) instead of sigma(z)(1 - sigma(z))."""
    from engine import activations

    def sigmoid_prime(z):
        a = activations.sigmoid(z)
        return a * (1.0 + a)

    replace_everywhere(activations.sigmoid_prime, sigmoid_prime)


def break_quadratic_delta() -> None:
    """The closed-form output error of sigmoid + quadratic without its sigma'(z) factor."""
    from engine import network

    original = network.FUSED_OUTPUT_DELTAS[("sigmoid", "quadratic")]

    def sigmoid_quadratic_delta(z, a, y):
        return a - y

    replace_everywhere(original, sigmoid_quadratic_delta)


def break_softmax_shift() -> None:
    """Softmax computed as e^{cz} / sum e^{cz} directly, without subtracting max z first."""
    from engine import activations

    def softmax(z, c=1.0, axis=-1):
        weights = np.exp(c * np.asarray(z, dtype=np.float64))
        return weights / np.sum(weights, axis=axis, keepdims=True)

    replace_everywhere(activations.softmax, softmax)
    replace_everywhere(
        activations.SOFTMAX, dataclasses.replace(activations.SOFTMAX, forward=softmax)
    )


def break_cross_entropy_sign() -> None:
    """The cross-entropy without its leading minus sign (value and value from z)."""
    from engine import costs

    original_value, original_from_z = costs.cross_entropy, costs.cross_entropy_from_z

    def cross_entropy(a, y):
        return -original_value(a, y)

    def cross_entropy_from_z(z, y):
        return -original_from_z(z, y)

    replace_everywhere(original_value, cross_entropy)
    replace_everywhere(original_from_z, cross_entropy_from_z)
    replace_everywhere(
        costs.CROSS_ENTROPY,
        dataclasses.replace(
            costs.CROSS_ENTROPY, value=cross_entropy, value_from_z=cross_entropy_from_z
        ),
    )


def break_log_likelihood_gradient() -> None:
    """dC/da_j of the log-likelihood taken as -y_j / a_{j-1}: the activation index off by one."""
    from engine import costs

    def log_likelihood_grad(a, y):
        return -np.asarray(y) / np.roll(np.asarray(a), 1, axis=-1)

    replace_everywhere(costs.log_likelihood_grad, log_likelihood_grad)
    broken_cost = dataclasses.replace(costs.LOG_LIKELIHOOD, grad_a=log_likelihood_grad)
    replace_everywhere(costs.LOG_LIKELIHOOD, broken_cost)


def break_softmax_delta() -> None:
    """The closed-form softmax + log-likelihood output error a - y
    with the target shifted by one.
    """
    from engine import network

    original = network.FUSED_OUTPUT_DELTAS[("softmax", "log_likelihood")]

    def softmax_log_likelihood_delta(z, a, y):
        return a - np.roll(y, 1, axis=-1)

    replace_everywhere(original, softmax_log_likelihood_delta)


def break_training_softmax_shift() -> None:
    """The softmax the training step runs (the compiled step's) without subtracting max z."""
    import numba

    from engine import compiled_step

    def softmax_column(transposed_z, i, out, one):
        total = one - one
        for j in range(transposed_z.shape[0]):
            out[j] = np.exp(transposed_z[j, i])
            total += out[j]
        for j in range(transposed_z.shape[0]):
            out[j] = out[j] / total

    # the compiled step binds the functions it calls when it is first compiled, which in this
    # process has not happened yet
    replace_everywhere(compiled_step._softmax_column, numba.njit(softmax_column))


def break_update_scale() -> None:
    """The mini-batch update scaled by eta instead of eta/m (fused and general steps)."""
    from engine import training

    replace_everywhere(training.step_size, lambda eta, m: eta)


def break_reshuffle() -> None:
    """The training data shuffled once per run instead of once per epoch."""
    from engine import training

    first_orders = {}

    def epoch_order(rng, n):
        key = (id(rng), n)
        if key not in first_orders:
            first_orders[key] = (rng, rng.permutation(n))  # keep rng alive: ids stay unique
        return first_orders[key][1].copy()

    replace_everywhere(training.epoch_order, epoch_order)


def break_seeded_shuffle() -> None:
    """The epoch's order drawn from NumPy's global generator, not the network's seeded one."""
    from engine import training

    replace_everywhere(training.epoch_order, lambda rng, n: np.random.permutation(n))


def break_log1p() -> None:
    """ln(1 - a) of the cross-entropy computed as log(1 - a) instead of log1p(-a)."""
    from engine import costs

    def xlog1py(x, y):
        with np.errstate(divide="ignore"):
            return np.where(x == 0, 0.0, x * np.log(1.0 + np.where(x == 0, 0.0, y)))

    replace_everywhere(costs.xlog1py, xlog1py)


def break_default_initializer() -> None:
    """The default initialiser's weights with standard deviation 1/n_in instead of 1/sqrt(n_in)."""
    from engine import network

    replace_everywhere(network.default_weight_std, lambda n_in: 1.0 / n_in)


def break_accuracy_axis() -> None:
    """Accuracy with the argmax taken over the examples (axis 0) instead of the outputs."""
    from engine import network

    def argmax_accuracy(outputs, labels):
        return float(np.mean(np.argmax(np.asarray(outputs), axis=0) == np.asarray(labels)))

    replace_everywhere(network.argmax_accuracy, argmax_accuracy)


def break_accuracy_first_example() -> None:
    """Accuracy that skips the first example (a loop started at 1)."""
    from engine import network

    def argmax_accuracy(outputs, labels):
        outputs, labels = np.asarray(outputs), np.asarray(labels)
        return float(np.mean(np.argmax(outputs[1:], axis=1) == labels[1:]))

    replace_everywhere(network.argmax_accuracy, argmax_accuracy)


def break_remainder_batch() -> None:
    """The last, shorter mini-batch of an epoch silently dropped."""
    from engine import training

    def mini_batches(n, m):
        return [slice(start, start + m) for start in range(0, n - m + 1, m)]

    replace_everywhere(training.mini_batches, mini_batches)


@dataclass(frozen=True)
class Breakage:
    name: str
    apply: Callable[[], None]
    test_files: tuple[str, ...]  # claim test files that exercise the broken function
    must_fail: tuple[str, ...]  # claim ids whose witnesses must catch it
    # replaces a function the compiled step compiles: Numba's disk cache (keyed on the source
    # file, not on the functions it calls) must neither serve the sound code to it nor keep
    # its broken code, so it runs with a cache directory of its own
    compiled: bool = False


BREAKAGES = {
    b.name: b
    for b in (
        Breakage(
            "sigmoid-derivative-one-plus-sigma",
            break_sigmoid_derivative,
            ("test_sigmoid_quadratic.py", "test_layers.py"),
            (
                "sigmoid-derivative",
                "quadratic-gradient-has-sigma-prime",
                "hidden-layer-keeps-sigma-prime",
            ),
        ),
        Breakage(
            "quadratic-delta-without-sigma-prime",
            break_quadratic_delta,
            ("test_sigmoid_quadratic.py", "test_layers.py"),
            ("quadratic-gradient-has-sigma-prime", "quadratic-output-gradient"),
        ),
        Breakage(
            "softmax-without-max-shift",
            break_softmax_shift,
            ("test_softmax.py",),
            ("softmax-is-distribution", "softmax-scaled-is-distribution", "softmax-hardmax-limit"),
        ),
        Breakage(
            "cross-entropy-sign-flipped",
            break_cross_entropy_sign,
            ("test_cross_entropy.py",),
            (
                "cross-entropy-nonnegative",
                "cross-entropy-near-zero-when-correct",
                "cross-entropy-minimum-at-target",
                "cross-entropy-weight-gradient",
                "cross-entropy-bias-gradient",
            ),
        ),
        Breakage(
            "log-likelihood-gradient-index-off-by-one",
            break_log_likelihood_gradient,
            ("test_layers.py", "test_log_likelihood.py"),
            ("delta-softmax-log-likelihood", "log-likelihood-gradients"),
        ),
        Breakage(
            "softmax-delta-target-off-by-one",
            break_softmax_delta,
            ("test_layers.py", "test_log_likelihood.py"),
            (
                "delta-softmax-log-likelihood",
                "log-likelihood-gradients",
                "log-likelihood-like-cross-entropy",
            ),
        ),
        Breakage(
            "training-softmax-without-max-shift",
            break_training_softmax_shift,
            ("test_softmax.py",),
            ("softmax-is-distribution",),
            compiled=True,
        ),
        Breakage(
            "update-scaled-by-eta-not-eta-over-m",
            break_update_scale,
            ("test_training.py",),
            ("sgd-mini-batch-step", "tf-script-step-is-book-step-at-eta-0-3"),
        ),
        Breakage(
            "no-reshuffle-between-epochs",
            break_reshuffle,
            ("test_training.py",),
            ("sgd-reshuffles-every-epoch",),
        ),
        Breakage(
            "shuffle-from-unseeded-global-generator",
            break_seeded_shuffle,
            ("test_training.py",),
            ("sgd-reshuffles-every-epoch",),
        ),
        Breakage(
            "log-one-minus-a-without-log1p",
            break_log1p,
            ("test_cross_entropy.py",),
            ("cross-entropy-definition",),
        ),
        Breakage(
            "default-init-std-one-over-n-in",
            break_default_initializer,
            ("test_training.py",),
            ("default-initializer-scaled-by-fan-in",),
        ),
        Breakage(
            "accuracy-argmax-over-wrong-axis",
            break_accuracy_axis,
            ("test_training.py",),
            ("accuracy-is-share-of-argmax-matches",),
        ),
        Breakage(
            "accuracy-skips-first-example",
            break_accuracy_first_example,
            ("test_training.py",),
            ("accuracy-is-share-of-argmax-matches",),
        ),
        Breakage(
            "remainder-mini-batch-dropped",
            break_remainder_batch,
            ("test_training.py",),
            ("sgd-epoch-uses-every-example-once",),
        ),
    )
}
