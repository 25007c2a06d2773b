"""Witnesses of the claims about gradient-descent steps, the single neuron's runs and accuracy.

A step is judged against the exact gradients (:mod:`claims.conformance.exact_network`) with
|w' - (w - eta g)| <= STEP_RTOL (|w'| + 1): the update adds one rounding of w to the
gradient's own error (bounded as in :mod:`claims.conformance.gradient_witnesses`) scaled by
eta <= 3. The neuron's runs (x = 1, y = 0, 300 steps, the chapter's settings from
:mod:`experiments.neuron`) are judged by the figures the documents print, as printed: the
engine's output must round to them (:func:`experiments.checks.prints_as`).
"""

from __future__ import annotations

import numpy as np

import claims.conformance.exact_network as exact_network
from claims import high_precision as hp
from claims.catalog import CLAIMS
from claims.conformance.inputs import rng
from claims.conformance.judging import Case, Measured, close, holds, judge, text
from claims.conformance.model import witness
from experiments.checks import prints_as
from experiments.neuron import EPOCHS, GOOD_START, LEARNING_RATES, SATURATED_START

STEP_RTOL = 1e-11
_FIGURES = {claim.id: [f for s in claim.sources for f in s.figures] for claim in CLAIMS}


def _step_match(new_weights, new_biases, expected_w, expected_b) -> Measured:
    worst = None
    for name, got, want in (("W", new_weights, expected_w), ("b", new_biases, expected_b)):
        for layer, (g, e) in enumerate(zip(got, want)):
            g = np.asarray(g, dtype=np.float64).reshape(e.shape)
            excess = np.abs(g - e) - STEP_RTOL * (np.abs(e) + 1.0)
            index = np.unravel_index(int(np.argmax(excess)), e.shape)
            if worst is None or excess[index] > worst[0]:
                worst = (
                    excess[index],
                    f"{name}^{layer + 1}{tuple(int(i) for i in index)}",
                    g[index],
                    e[index],
                )
    excess, where, value, reference = worst
    ulps = close(value, hp.mpf(reference), float("inf")).ulps
    return Measured(bool(excess <= 0), f"{where} = {text(value)}", text(reference), ulps)


def _exact_step(weights, biases, xs, ys, eta, cost):
    sums_w = [np.zeros_like(w) for w in weights]
    sums_b = [np.zeros_like(b) for b in biases]
    for x, y in zip(xs, ys):
        gw, gb = exact_network.gradients(weights, biases, x, y, cost)
        sums_w = [s + g for s, g in zip(sums_w, gw)]
        sums_b = [s + g for s, g in zip(sums_b, gb)]
    m = len(xs)
    return (
        [w - eta / m * s for w, s in zip(weights, sums_w)],
        [b - eta / m * s for b, s in zip(biases, sums_b)],
    )


def _step_cases(engine, m: int, salt: int):
    draws = rng(salt)
    cases = []
    for cost in ("cross_entropy", "quadratic"):
        for eta in (0.5, 3.0):
            weights, biases = exact_network.random_network(draws, [3, 2])
            xs, ys = draws.normal(0.0, 1.0, (m, 3)), draws.integers(0, 2, (m, 2)).astype(float)

            def measure(weights=weights, biases=biases, xs=xs, ys=ys, eta=eta, cost=cost):
                new_w, new_b = engine.update_mini_batch(weights, biases, xs, ys, eta, cost)
                return _step_match(new_w, new_b, *_exact_step(weights, biases, xs, ys, eta, cost))

            cases.append(Case(f"{m} example(s), eta = {eta!r}, {cost}, x = {text(xs[0])}", measure))
    return cases


@witness("gradient-descent-step", "update_mini_batch")
def one_example_step_is_minus_eta_times_gradient(engine):
    """A step on one example changes every weight and bias by -eta dC/dw (eq. (20)-(21))."""
    return judge(_step_cases(engine, 1, 10), "w - eta dC/dw")


@witness("sgd-mini-batch-step", "update_mini_batch")
def mini_batch_step_averages_the_gradients(engine):
    """A step on a mini-batch of m = 5 is w <- w - (eta/m) sum_x dC_x/dw (not the sum alone)."""
    return judge(_step_cases(engine, 5, 11), "w - (eta/m) sum dC_x/dw")


def _neuron_output(engine, w, b):
    return float(
        np.asarray(engine.feedforward([np.array([[w]])], [np.array([b])], np.ones(1))).reshape(-1)[
            0
        ]
    )


def _initial_output(claim: str, start):
    """The witness of a neuron's printed initial output: sigma(w + b) within 3 ulps, rounding
    to every figure the claim's sources print."""

    @witness(claim, "feedforward", name=claim.replace("-", "_"))
    def neuron_initial_output(engine):
        w, b = start

        def measure():
            value = _neuron_output(engine, w, b)
            within = close(value, hp.sigmoid(w + b), 3)
            printed = [f for f in _FIGURES[claim] if not prints_as(value, f)]
            ok = within.ok and not printed
            return Measured(
                ok, within.engine, f"{within.exact} (printed {_FIGURES[claim][0]})", within.ulps
            )

        return judge([Case(f"w = {w!r}, b = {b!r}, x = 1.0", measure)], "sigma(w x + b)")

    return neuron_initial_output


def _final_output(claim: str, start):
    """The witness of a neuron's printed output after 300 quadratic-cost steps at eta = 0.15."""

    @witness(claim, "update_mini_batch", "feedforward", name=claim.replace("-", "_"))
    def neuron_final_output(engine):
        w, b = start
        eta = LEARNING_RATES["quadratic"]

        def measure():
            weights, biases = [np.array([[w]])], [np.array([b])]
            for _ in range(EPOCHS):
                weights, biases = engine.update_mini_batch(
                    weights, biases, np.ones((1, 1)), np.zeros((1, 1)), eta, "quadratic"
                )
            value = float(
                np.asarray(engine.feedforward(weights, biases, np.ones(1))).reshape(-1)[0]
            )
            figures = _FIGURES[claim]
            ok = all(prints_as(value, f) for f in figures)
            return holds(ok, text(value), f"prints as {', '.join(dict.fromkeys(figures))}")

        label = f"w = {w!r}, b = {b!r}, x = 1, y = 0, eta = {eta!r}, {EPOCHS} steps, quadratic"
        return judge([Case(label, measure)], "output after training")

    return neuron_final_output


def _accuracy_case(engine, salt):
    draws = rng(salt)
    weights, biases = exact_network.random_network(draws, [3, 4, 3], 2.0)
    xs = draws.normal(0.0, 1.0, (40, 3))
    predicted = [int(np.argmax(exact_network.outputs(weights, biases, x))) for x in xs]
    labels = np.array([p if k % 3 else (p + 1) % 3 for k, p in enumerate(predicted)])
    expected = int(np.sum(labels == np.array(predicted)))

    def measure():
        value = engine.evaluate(weights, biases, xs, labels)
        return holds(
            int(value) == expected and float(value) == int(value), text(value), str(expected)
        )

    return Case(f"3-4-3 network, 40 examples, seed {salt}", measure)


@witness("accuracy-is-share-of-argmax-matches", "evaluate")
def accuracy_counts_argmax_matches(engine):
    """The accuracy counts the examples whose largest output is at their label."""
    return judge([_accuracy_case(engine, salt) for salt in (12, 13)], "correct examples")


neuron_initial_output_082 = _initial_output("neuron-initial-output-082", GOOD_START)
neuron_initial_output_098 = _initial_output("neuron-initial-output-098", SATURATED_START)
quadratic_neuron_final_output_009 = _final_output("quadratic-neuron-final-output-009", GOOD_START)
quadratic_neuron_final_output_020 = _final_output(
    "quadratic-neuron-final-output-020", SATURATED_START
)

TRAINING_WITNESSES = (
    one_example_step_is_minus_eta_times_gradient,
    mini_batch_step_averages_the_gradients,
    neuron_initial_output_082,
    neuron_initial_output_098,
    quadratic_neuron_final_output_009,
    quadratic_neuron_final_output_020,
    accuracy_counts_argmax_matches,
)
