"""The single-neuron experiment: engine-driven runs, curve measures, reproduction searches."""

import numpy as np
import pytest

from engine.activations import sigmoid
from engine.network import Network
from engine.training import sgd
from experiments import neuron
from experiments.checks import half_unit_of
from experiments.neuron import (
    LEARNING_RATES,
    STARTS,
    NeuronRun,
    epochs_printing_as,
    epochs_to_reach,
    final_output,
    first_epoch_below,
    learning_rate_for_output,
    steepest_descent_epoch,
    train_neuron,
)


@pytest.mark.parametrize("w0, b0", STARTS)
@pytest.mark.parametrize("cost", sorted(LEARNING_RATES))
def test_initial_output_is_sigmoid_of_w_plus_b_exactly(w0, b0, cost):
    run = train_neuron(NeuronRun(w0, b0, cost, LEARNING_RATES[cost], epochs=3))
    # z = 1.0 * w + b is exact in floating point, so the engine's output is sigmoid(w + b)
    # bit for bit.
    assert run["initial_output"] == sigmoid(np.float64(w0 + b0))
    assert run["trajectory"]["a"][0] == run["initial_output"]


def test_trajectory_has_one_entry_per_epoch_plus_the_start():
    run = train_neuron(NeuronRun(0.6, 0.9, "quadratic", 0.15, epochs=17))
    assert set(run["trajectory"]) == {"epoch", "a", "cost", "w", "b", "dC_dw", "dC_db"}
    for column in run["trajectory"].values():
        assert len(column) == 18
    assert run["trajectory"]["epoch"] == list(range(18))
    assert run["final_output"] == run["trajectory"]["a"][-1]


@pytest.mark.parametrize(
    "cost, expected_gradient",
    [
        ("quadratic", lambda a: a * a * (1 - a)),  # eq. (55)-(56) with x = 1, y = 0
        ("cross_entropy", lambda a: a),  # eq. (61)-(62) with x = 1, y = 0
    ],
)
def test_gradients_follow_the_documents_formulas(cost, expected_gradient):
    trajectory = train_neuron(NeuronRun(2.0, 2.0, cost, 0.15, epochs=50))["trajectory"]
    a = np.array(trajectory["a"])
    # Same quantity computed in two orders of operations: agreement to a few ulps.
    np.testing.assert_allclose(trajectory["dC_dw"], expected_gradient(a), rtol=1e-12)
    np.testing.assert_allclose(trajectory["dC_db"], trajectory["dC_dw"], rtol=1e-12)


def test_updates_step_against_the_gradient():
    trajectory = train_neuron(NeuronRun(0.6, 0.9, "quadratic", 0.15, epochs=5))["trajectory"]
    for t in range(5):
        assert trajectory["w"][t + 1] == pytest.approx(
            trajectory["w"][t] - 0.15 * trajectory["dC_dw"][t], rel=1e-15
        )
        assert trajectory["b"][t + 1] == pytest.approx(
            trajectory["b"][t] - 0.15 * trajectory["dC_db"][t], rel=1e-15
        )


@pytest.mark.parametrize("cost", sorted(LEARNING_RATES))
def test_hand_loop_agrees_with_engine_sgd_on_one_example(cost):
    run = train_neuron(NeuronRun(2.0, 2.0, cost, 0.15, epochs=300))
    network = Network([1, 1], output="sigmoid", cost=cost)
    network.weights[0][0, 0], network.biases[0][0] = 2.0, 2.0
    sgd(network, np.array([[1.0]]), np.array([[0.0]]), epochs=300, mini_batch_size=1, eta=0.15)
    # The fused training step and Network.backprop round differently; 300 steps stay within 1e-12.
    assert network.weights[0][0, 0] == pytest.approx(run["trajectory"]["w"][-1], abs=1e-12)
    assert network.biases[0][0] == pytest.approx(run["trajectory"]["b"][-1], abs=1e-12)


@pytest.mark.parametrize("target", [0.04, 0.2, 0.6])
def test_learning_rate_search_reproduces_its_target(target):
    eta = learning_rate_for_output(target, 0.6, 0.9, "cross_entropy")
    # Bisection stops at relative width 1e-6 in eta; the output moves far less than 1e-4.
    assert final_output(NeuronRun(0.6, 0.9, "cross_entropy", eta)) == pytest.approx(
        target, abs=1e-4
    )


def test_learning_rate_search_rejects_an_unreachable_target():
    with pytest.raises(ValueError, match="not reached"):
        learning_rate_for_output(0.9, 0.6, 0.9, "cross_entropy")


def test_epochs_printing_as_brackets_the_printed_value():
    first, last = epochs_printing_as("0.04", 0.6, 0.9, "cross_entropy", 0.15)
    outputs = train_neuron(NeuronRun(0.6, 0.9, "cross_entropy", 0.15, epochs=last + 1))[
        "trajectory"
    ]["a"]
    assert all(round(a, 2) == 0.04 for a in outputs[first : last + 1])
    assert round(outputs[first - 1], 2) != 0.04 and round(outputs[last + 1], 2) != 0.04


def test_epochs_to_reach_is_the_first_epoch_at_or_below_the_target():
    epoch = epochs_to_reach(0.5, 0.6, 0.9, "quadratic", 0.15)
    outputs = train_neuron(NeuronRun(0.6, 0.9, "quadratic", 0.15, epochs=epoch))["trajectory"]["a"]
    assert outputs[-1] <= 0.5 < outputs[-2]
    assert epochs_to_reach(0.0, 0.6, 0.9, "quadratic", 0.15, max_epochs=10) is None


def test_curve_measures_on_a_known_curve():
    costs = [10.0, 9.5, 9.0, 6.0, 2.0, 1.5, 1.0]
    assert first_epoch_below(costs, 0.9) == 3  # 9.0 is not below 9.0
    assert first_epoch_below(costs, 0.05) is None
    assert steepest_descent_epoch(costs) == 3  # 6.0 -> 2.0 is the largest fall


@pytest.mark.parametrize(
    "printed, half", [("0.82", 0.005), ("0.2", 0.05), ("0.20", 0.005), ("150", 0.5)]
)
def test_half_unit_of_the_last_printed_digit(printed, half):
    assert half_unit_of(printed) == pytest.approx(half, rel=1e-15)


@pytest.mark.parametrize("bad", ["", "abc", "0.8.2", "1e-3"])
def test_half_unit_rejects_what_is_not_a_decimal_numeral(bad):
    with pytest.raises(ValueError, match="printed"):
        half_unit_of(bad)


@pytest.fixture(scope="module")
def experiments():
    from claims.judge import neuron_rows

    result = neuron.run_neuron_experiments()
    return {**result, "comparisons": neuron_rows(result["runs"])}


def test_experiments_follow_the_contract(experiments):
    assert [(r["w0"], r["b0"], r["cost"], r["eta"]) for r in experiments["runs"]] == [
        (0.6, 0.9, "quadratic", 0.15),
        (2.0, 2.0, "quadratic", 0.15),
        (0.6, 0.9, "cross_entropy", 0.005),
        (2.0, 2.0, "cross_entropy", 0.005),
    ]
    keys = {
        "claim_id",
        "document",
        "locator",
        "statement",
        "stated",
        "computed",
        "tolerance",
        "verdict",
        "note",
    }
    for row in experiments["comparisons"]:
        assert set(row) == keys
        assert row["verdict"] in ("holds", "refuted")


def test_the_report_draws_both_neuron_figures(experiments):
    from reports.page.neuron_figures import neuron_figures

    assert set(neuron_figures(experiments["runs"])) == {
        "neuron_cost_curves",
        "neuron_gradient_against_output",
    }


def test_every_comparison_agrees_with_the_catalogs_expected_verdict(experiments):
    from claims.catalog import CLAIMS

    by_id = {claim.id: claim for claim in CLAIMS}
    for row in experiments["comparisons"]:
        assert row["claim_id"] in by_id, row
        assert row["verdict"] == by_id[row["claim_id"]].expected, row


def test_cross_entropy_final_output_is_refuted_and_its_reproducing_rate_named(experiments):
    row = next(
        r
        for r in experiments["comparisons"]
        if r["claim_id"] == "001-cross-entropy-final-output-004"
    )
    assert row["verdict"] == "refuted"
    assert "needs eta = 0.04" in row["note"]
