"""No public engine function returns NaN silently: a diverging run stops with an error naming eta
and the epoch, evaluation refuses labels that name no output and empty sets, and the quadratic
cost refuses non-finite input."""

import numpy as np
import pytest

from engine.costs import quadratic, quadratic_grad
from engine.errors import NonFiniteParametersError
from engine.network import Network
from engine.training import sgd

RNG = np.random.default_rng(0)
X = RNG.normal(size=(20, 6))
LABELS = RNG.integers(0, 3, 20)


@pytest.mark.parametrize("output, cost", [("sigmoid", "cross_entropy"), ("linear", "quadratic")])
def test_a_diverging_run_stops_with_an_error_naming_eta_and_the_epoch(output, cost):
    network = Network([6, 5, 3], output=output, cost=cost)
    with pytest.raises(NonFiniteParametersError, match=r"epoch 1 with eta = 1e\+300"):
        sgd(network, X, LABELS, 2, 10, 1e300)


def test_a_general_path_run_that_saturates_on_the_way_names_eta_and_the_epoch():
    # softmax + cross-entropy at eta = 1e300: an output reaches 0 before any parameter overflows
    network = Network([6, 5, 3], output="softmax", cost="cross_entropy")
    with pytest.raises(ArithmeticError, match=r"epoch 1 with eta = 1e\+300"):
        sgd(network, X, LABELS, 2, 10, 1e300)


def test_a_run_whose_units_saturate_with_finite_parameters_reports_finite_figures():
    # sigmoid + quadratic at eta = 1e300: every unit saturates, sigma' = 0 stops the updates
    history = sgd(
        Network([6, 5, 3], output="sigmoid", cost="quadratic"),
        X,
        LABELS,
        2,
        10,
        1e300,
        evaluation={"test": (X, LABELS)},
    )
    assert np.all(np.isfinite(history.metrics["test"]["cost"]))
    assert np.all(np.isfinite(history.metrics["test"]["accuracy"]))


def test_a_diverging_run_names_eta_and_tells_to_lower_it():
    with pytest.raises(
        NonFiniteParametersError,
        match=r"no longer finite .*eta = 1e\+300; lower the learning rate eta",
    ):
        sgd(Network([6, 5, 3], seed=0), X, LABELS, 2, 10, 1e300)


def test_a_stable_run_is_not_refused():
    history = sgd(Network([6, 5, 3]), X, LABELS, 2, 10, 0.5, evaluation={"test": (X, LABELS)})
    assert all(np.isfinite(history.metrics["test"]["cost"]))


@pytest.mark.parametrize(
    "labels, named",
    [
        (np.where(np.arange(20) == 4, -1, LABELS), "label -1 at position 4"),
        (np.where(np.arange(20) == 7, 3, LABELS), "label 3 at position 7"),
        (LABELS.astype(float), "integer"),
        (LABELS[:5], "one label per row"),
    ],
)
def test_evaluate_refuses_labels_that_name_no_output(labels, named):
    with pytest.raises(ValueError, match=named):
        Network([6, 5, 3]).evaluate(X, labels)


def test_evaluate_refuses_an_empty_set():
    with pytest.raises(ValueError, match="at least one example"):
        Network([6, 5, 3]).evaluate(X[:0], LABELS[:0])


def test_sgd_refuses_an_empty_training_set_and_an_empty_evaluation_set():
    with pytest.raises(ValueError, match="n >= 1"):
        sgd(Network([6, 5, 3]), X[:0], LABELS[:0], 1, 10, 0.5)
    with pytest.raises(ValueError, match="evaluation set 'test' is empty"):
        sgd(Network([6, 5, 3]), X, LABELS, 1, 10, 0.5, evaluation={"test": (X[:0], LABELS[:0])})


@pytest.mark.parametrize("a, y", [([np.inf], [np.inf]), ([1.0], [-np.inf]), ([np.nan], [0.0])])
def test_quadratic_cost_refuses_non_finite_input(a, y):
    for function in (quadratic, quadratic_grad):
        with pytest.raises(ValueError, match="must be finite"):
            function(np.array(a), np.array(y))
