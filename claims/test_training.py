"""The training procedure of 002 and 003 against the engine's training code (engine/training.py,
engine/network.py): the mini-batch step w <- w - (eta/m) sum_x dC_x/dw, epochs that use every
example once in a fresh order drawn from the network's seed, the two initialisers, accuracy as the
share of argmax matches, and 003's split and learning rate.

The step and epoch witnesses recompute training by the definition: the order of each epoch from a
copy of the network's generator (numpy's own ``Generator.permutation``), mini-batches cut with
``range(0, n, m)``, per-example gradients from ``Network.backprop`` on one example at a time
(witnessed against central differences by the gradient claims), summed, scaled by eta/m and
subtracted.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import networks
from claims.training_references import (
    assert_normal_moments,
    classifier,
    closed_form_step,
    small_dataset,
    step_problem,
    train_by_definition,
    training_problems,
)
from claims.witnesses import EPS, FD_ABS, FD_REL, central_difference, fewer_examples
from engine.compiled_step import CompiledStep
from engine.costs import CROSS_ENTROPY
from engine.network import FUSED_OUTPUT_DELTAS, Network, argmax_accuracy
from engine.training import _GeneralStep, epoch_order, make_step, mini_batches, one_hot, sgd


@pytest.mark.claim("sgd-mini-batch-step", witness="hypothesis")
@pytest.mark.claim("sgd-epoch-uses-every-example-once", witness="hypothesis")
@pytest.mark.claim("sgd-reshuffles-every-epoch", witness="hypothesis")
@fewer_examples(4)
@given(training_problems())
def test_sgd_equals_mini_batch_descent_recomputed_by_the_definition(problem):
    network, x, targets, epochs, m, eta = problem
    initial = [p.copy() for p in network.params]
    expected = train_by_definition(network, x, targets, epochs, m, eta)
    sgd(network, x, targets, epochs, m, eta)
    moved = max(float(np.max(np.abs(e - p))) for e, p in zip(expected, initial))
    assume(moved > 1e-6)  # a step too small to see could not tell eta from eta/m
    scale = max(1.0, max(float(np.max(np.abs(p))) for p in expected))
    steps = epochs * math.ceil(len(x) / m)
    for layer, (engine, reference) in enumerate(zip(network.params, expected)):
        # The two differ in rounding only: the fused step scales by -eta/m before the products
        # and sums in BLAS order; each step adds a few eps of the parameters' size (the
        # subtraction) and of the update. 1e3 eps per step leaves any change of formula (a factor
        # m, a skipped or repeated example, another order) far outside: those move parameters
        # by at least 1e-6 here, 4500 times the bound at 13 steps.
        tolerance = 1e3 * EPS * steps * scale
        error = float(np.max(np.abs(engine - reference)))
        assert error <= tolerance, (
            f"{network!r}: layer {layer} after {epochs} epoch(s) of {len(x)} examples, m = {m}, "
            f"eta = {eta}: engine and definition differ by {error:.3g} (moved {moved:.3g})"
        )


@pytest.mark.claim("sgd-mini-batch-step", witness="numerical")
@pytest.mark.parametrize(
    "output, cost",
    [("sigmoid", "cross_entropy"), ("softmax", "cross_entropy")],
    ids=["fused-step", "general-step"],
)
def test_one_step_on_a_mini_batch_moves_by_eta_over_m_times_the_summed_gradients(output, cost):
    network = Network([3, 4, 2], output=output, cost=cost, seed=5)
    x = np.random.default_rng(5).uniform(-1.0, 1.0, (4, 3))
    targets = one_hot(np.array([0, 1, 1, 0]), 2)
    summed = [np.zeros_like(p) for p in network.params]
    for i in range(4):
        for layer, (gw, gb) in enumerate(zip(*network.backprop(x[i : i + 1], targets[i : i + 1]))):
            summed[layer] += np.column_stack([gw, gb])
    before = [p.copy() for p in network.params]
    make_step(network, 4, 0.8)(x, targets, np.arange(4))
    for layer, (after, start, total) in enumerate(zip(network.params, before, summed)):
        # one step: rounding of a few eps of the parameters and of the update
        np.testing.assert_allclose(
            after - start, -(0.8 / 4) * total, rtol=1e-9, atol=64 * EPS, err_msg=f"layer {layer}"
        )


@pytest.mark.claim("sgd-epoch-uses-every-example-once", witness="hypothesis")
@given(st.integers(1, 200), st.integers(1, 60))
def test_mini_batches_partition_an_epoch_into_consecutive_batches_of_m_with_the_remainder_last(
    n, m
):
    batches = mini_batches(n, m)
    covered = [i for batch in batches for i in range(n)[batch]]
    assert covered == list(range(n))  # every position once, in order
    assert len(batches) == math.ceil(n / m)
    sizes = [len(range(n)[batch]) for batch in batches]
    assert all(size == m for size in sizes[:-1])
    assert sizes[-1] == n - m * ((n - 1) // m)


@pytest.mark.claim("sgd-epoch-uses-every-example-once", witness="numerical")
def test_an_epoch_with_a_remainder_trains_on_the_remainder_mini_batch():
    network = Network([2, 3, 2], seed=11)
    x = np.random.default_rng(11).uniform(-1.0, 1.0, (7, 2))
    targets = one_hot(np.arange(7) % 2, 2)
    kept = train_by_definition(network, x, targets, 1, 3, 1.0)
    twin = network.copy()
    order = twin.rng.permutation(7)
    dropped = network.copy()
    step = make_step(dropped, 3, 1.0)
    for start in (0, 3):  # the two full mini-batches only
        step(x, targets, order[start : start + 3])
    sgd(network, x, targets, 1, 3, 1.0)
    # rounding only (see the property above): 1e3 eps per step of parameters of size <= 4
    assert all(np.max(np.abs(p - q)) <= 3e3 * 4 * EPS for p, q in zip(network.params, kept))
    # the comparison is sensitive: without the seventh example the parameters differ visibly
    assert max(np.max(np.abs(p - q)) for p, q in zip(dropped.params, kept)) > 1e-4


@pytest.mark.claim("sgd-reshuffles-every-epoch", witness="numerical")
def test_epoch_orders_are_uniform_over_positions_chi_square():
    """20,000 orders of 6 examples from one seeded generator: each example lands in each position
    with probability 1/6. Chi-square with 25 degrees of freedom over the 6 x 6 counts (rows and
    columns sum to 20,000): the 1e-6 upper quantile is about 78, far below what a fixed order,
    a reversed order or a rotation would give (about 500,000)."""
    rng = np.random.default_rng(20240)
    counts = np.zeros((6, 6))
    orders = [epoch_order(rng, 6) for _ in range(20_000)]
    for order in orders:
        counts[order, np.arange(6)] += 1
    expected = 20_000 / 6
    chi_square = float(np.sum((counts - expected) ** 2 / expected))
    assert chi_square < 78.0, counts
    consecutive_equal = sum(np.array_equal(a, b) for a, b in zip(orders, orders[1:]))
    # P(two independent orders of 6 are equal) = 1/720: about 28 of 19,999 pairs; 5 sigma < 55
    assert consecutive_equal < 55


@pytest.mark.claim("sgd-reshuffles-every-epoch", witness="numerical")
def test_a_run_depends_on_the_seed_alone_not_on_the_global_generators():
    import random

    x = np.random.default_rng(3).uniform(-1.0, 1.0, (30, 4))
    labels = np.arange(30) % 3
    runs = []
    for global_seed in (1, 2):
        np.random.seed(global_seed)
        random.seed(global_seed)
        network = Network([4, 5, 3], seed=42)
        sgd(network, x, labels, 3, 4, 0.5)
        runs.append(network.params)
    assert all(np.array_equal(p, q) for p, q in zip(*runs))
    other = Network([4, 5, 3], seed=43)
    other.params = [p.copy() for p in Network([4, 5, 3], seed=42).params]
    sgd(other, x, labels, 3, 4, 0.5)  # same start, the orders of seed 43
    assert any(not np.array_equal(p, q) for p, q in zip(other.params, runs[0]))


@pytest.mark.claim("sgd-reshuffles-every-epoch", witness="numerical")
def test_the_second_epoch_uses_a_new_order():
    """Two epochs against the recomputation with the first epoch's order used twice: they must
    differ, so a shuffle drawn once per run cannot pass for one drawn per epoch."""
    network = Network([3, 4, 2], seed=8)
    x = np.random.default_rng(8).uniform(-1.0, 1.0, (9, 3))
    targets = one_hot(np.arange(9) % 2, 2)
    fresh = train_by_definition(network, x, targets, 2, 2, 1.0)
    twin = network.copy()
    order = twin.rng.permutation(9)
    once = network.copy()
    step = make_step(once, 2, 1.0)
    for _ in range(2):
        for start in range(0, 9, 2):
            step(x, targets, order[start : start + 2])
    sgd(network, x, targets, 2, 2, 1.0)
    # rounding only, as in the property above (10 steps, parameters of size <= 4)
    assert all(np.max(np.abs(p - q)) <= 1e4 * 4 * EPS for p, q in zip(network.params, fresh))
    assert max(np.max(np.abs(p - q)) for p, q in zip(once.params, fresh)) > 1e-4


# --- initialisers ---------------------------------------------------------------------------


@pytest.mark.claim("large-initializer-standard-normal", witness="numerical")
@pytest.mark.parametrize("sizes", [[784, 100, 10], [4, 3000, 20]])
def test_large_initializer_draws_weights_and_biases_from_the_standard_normal(sizes):
    network = Network(sizes, init="large", seed=7)
    assert_normal_moments(np.concatenate([w.ravel() for w in network.weights]), 1.0, "weights")
    biases = np.concatenate(network.biases)
    assert_normal_moments(biases, 1.0, "biases")


@pytest.mark.claim("default-initializer-scaled-by-fan-in", witness="numerical")
@pytest.mark.parametrize("n_in", [4, 30, 784])
def test_default_initializer_weights_have_standard_deviation_one_over_sqrt_n_in(n_in):
    network = Network([n_in, 60_000 // n_in + 200, 1], init="default", seed=n_in)
    # the first layer's weights all have fan-in n_in
    assert_normal_moments(network.weights[0], 1.0 / math.sqrt(n_in), f"weights, n_in = {n_in}")
    assert_normal_moments(network.biases[0], 1.0, "biases")
    # the second layer's fan-in is the hidden width: its own 1/sqrt(n_in)
    hidden = network.sizes[1]
    assert_normal_moments(network.weights[1], 1.0 / math.sqrt(hidden), f"weights, n_in = {hidden}")


@pytest.mark.claim("large-initializer-standard-normal", witness="numerical")
@pytest.mark.claim("default-initializer-scaled-by-fan-in", witness="numerical")
def test_initial_parameters_depend_on_the_seed_alone_and_not_on_the_precision():
    np.random.seed(0)
    first = Network([5, 4, 3], init="default", seed=9)
    np.random.seed(1)
    again = Network([5, 4, 3], init="default", seed=9)
    single = Network([5, 4, 3], init="default", seed=9, dtype=np.float32)
    assert all(np.array_equal(p, q) for p, q in zip(first.params, again.params))
    assert all(np.array_equal(p.astype(np.float32), q) for p, q in zip(first.params, single.params))
    assert not np.array_equal(
        first.params[0], Network([5, 4, 3], init="default", seed=10).params[0]
    )


# --- accuracy -------------------------------------------------------------------------------


@pytest.mark.claim("accuracy-is-share-of-argmax-matches", witness="numerical")
@pytest.mark.parametrize(
    "winners, labels, hits",
    [
        ([0, 1, 2], [0, 1, 2], 3),  # square: one example per class
        ([2, 1, 0], [0, 1, 2], 1),  # square, only the middle one right
        ([1, 0, 0, 0, 0], [0, 0, 0, 0, 0], 4),  # only the first example wrong
        ([1, 0, 0, 0, 0], [1, 2, 2, 2, 2], 1),  # only the first example right
        ([0, 2], [0, 2], 2),  # fewer examples than classes
        ([2, 2, 2, 2, 2, 2, 1], [2, 2, 2, 2, 2, 2, 2], 6),
    ],
)
def test_accuracy_counts_examples_whose_largest_output_is_the_label(winners, labels, hits):
    network = classifier(3)
    x = np.eye(3)[winners]
    cost, accuracy = network.evaluate(x, np.array(labels))
    assert accuracy == hits / len(labels)
    assert argmax_accuracy(network.feedforward(x), np.array(labels)) == hits / len(labels)
    # the training monitor's path: targets given as rows
    history = sgd(
        network.copy(), x, one_hot(np.array(labels), 3), 1, 1, 1e-12, monitor_training=True
    )
    assert history.metrics["training"]["accuracy"] == [pytest.approx(hits / len(labels), abs=0)]


@pytest.mark.claim("accuracy-is-share-of-argmax-matches", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_accuracy_is_the_mean_of_per_example_argmax_matches(data):
    network = data.draw(networks("sigmoid", "cross_entropy", min_output=2))
    n = data.draw(st.integers(1, 12))
    x = data.draw(hnp.arrays(np.float64, (n, network.sizes[0]), elements=st.floats(-3.0, 3.0)))
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, network.sizes[-1] - 1)))
    outputs = network.feedforward(x)
    matches = 0
    for row, label in zip(outputs.tolist(), labels.tolist()):
        matches += row.index(max(row)) == label  # the first largest output
    assert network.evaluate(x, labels)[1] == matches / n


# --- 003's split and learning rate ----------------------------------------------------------


@pytest.mark.claim("tf-script-split-55000", witness="numerical")
def test_tensorflow_split_is_the_first_5000_for_validation_and_the_other_55000_for_training():
    from runs.mnist import MnistSplits, Split
    from runs.splits import NIELSEN_SPLIT, TENSORFLOW_SPLIT, mnist_datasets

    record = np.arange(60_000)  # each image's position in the training file, as its pixel
    images = record[:, None].astype(np.float32)
    splits = MnistSplits(
        Split(images[:50_000], record[:50_000] % 10),
        Split(images[50_000:], record[50_000:] % 10),
        Split(images[:3], record[:3] % 10),
    )
    datasets = mnist_datasets(splits)
    tensorflow = datasets[TENSORFLOW_SPLIT]
    assert np.array_equal(tensorflow.train_x[:, 0], np.arange(5_000, 60_000))
    assert np.array_equal(tensorflow.evaluation["validation"][0][:, 0], np.arange(5_000))
    assert len(datasets[NIELSEN_SPLIT].train_x) == 50_000


@pytest.mark.claim("tf-script-step-is-book-step-at-eta-0-3", witness="finite-differences")
def test_rate_3_on_the_scripts_mean_loss_is_the_engines_step_at_eta_0_3():
    """A [3, 4, 10] sigmoid network, a mini-batch of 4: the engine's SGD step at eta = 0.3
    against -3.0 times central differences of the script's loss (the mean of the per-entry
    cross-entropy over the 4 x 10 entries). Tolerance: the finite-difference budget
    (witnesses.FD_ABS, FD_REL) scaled by the rate 3.0."""
    network = Network([3, 4, 10], output="sigmoid", cost="cross_entropy", seed=12)
    generator = np.random.default_rng(12)
    x = generator.uniform(-2.0, 2.0, (4, 3))
    targets = one_hot(generator.integers(0, 10, 4), 10)
    probe = network.copy()

    def script_loss():
        z = probe.forward(x)[0][-1]
        return float(np.mean(CROSS_ENTROPY.value_from_z(z.reshape(-1, 1), targets.reshape(-1, 1))))

    expected = []
    for params in probe.params:
        change = np.empty_like(params)
        for index in np.ndindex(params.shape):
            original = params[index]

            def at(value, index=index, params=params):
                params[index] = value
                return script_loss()

            change[index] = -3.0 * central_difference(at, float(original))
            params[index] = original
        expected.append(change)
    before = [p.copy() for p in network.params]
    make_step(network, 4, 0.3)(x, targets, np.arange(4))
    for after, start, change in zip(network.params, before, expected):
        np.testing.assert_allclose(after - start, change, rtol=FD_REL, atol=3.0 * FD_ABS)


# --- the compiled step the runs train with (engine/compiled_step.py) ---------------------


@pytest.mark.claim("sgd-mini-batch-step", witness="numerical")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("output, cost", sorted(FUSED_OUTPUT_DELTAS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_step_gives_the_parameters_of_the_general_chain_rule_step(
    output, cost, seed, dtype
):
    """Two epochs of mini-batches of 5 over 23 examples (the last mini-batch has 3), compiled
    and general (``Network.backprop(path="general")``, then w -= eta * mean gradient). They
    differ only in rounding (products in another order, eta/m applied before the products, the
    closed-form delta against the chain rule): a few eps per operation, far below 1e-12 of the
    parameters (1e-4 in float32), where a lost 1/m or sigma'(z) shows at 1e-3 or more."""
    network, x, targets = step_problem(output, cost, seed, dtype)
    twin = network.copy()
    eta = 0.5 if output != "linear" else 0.05
    compiled, general = make_step(network, 5, eta), _GeneralStep(twin, 5, eta)
    assert isinstance(compiled, CompiledStep)
    orders = np.random.default_rng(seed + 100)
    for _ in range(2):
        order = orders.permutation(len(x))
        compiled.epoch(x, targets, order)
        general.epoch(x, targets, order)
    tolerance = 1e-12 if dtype == np.float64 else 1e-4
    initial = Network(network.sizes, output=output, cost=cost, seed=seed, dtype=dtype)
    for layer, (ours, theirs, _start) in enumerate(
        zip(network.params, twin.params, initial.params)
    ):
        assert ours.dtype == dtype
        scale = float(np.max(np.abs(theirs)))
        error = float(np.max(np.abs(ours.astype(float) - theirs)))
        assert error <= tolerance * scale, (
            f"{output}/{cost} {np.dtype(dtype)} layer {layer}: compiled and general steps "
            f"differ by {error:.3g} (parameters of size {scale:.3g})"
        )
    assert max(float(np.max(np.abs(p - q))) for p, q in zip(network.params, initial.params)) > 1e-3


@pytest.mark.claim("sgd-mini-batch-step", witness="numerical")
@pytest.mark.parametrize("output, cost", sorted(FUSED_OUTPUT_DELTAS))
@pytest.mark.parametrize("scale", [1.0, 40.0, 400.0], ids=["ordinary", "saturated", "far-left"])
def test_compiled_step_is_the_closed_form_step_of_the_tested_functions_at_any_saturation(
    output, cost, scale
):
    """One step with the parameters scaled by 1, 40 or 400 (|z| up to ~1000: sigma rounds to 1,
    e^{-z} overflows, sigma' is subnormal or 0, where the general step divides 0 by 0): to 64 eps
    of |W| + |what was added| per parameter, the closed form's rounding."""
    network, x, targets = step_problem(output, cost, 3, scale=scale, n=8)
    if output == "linear":
        network.params[-1][...] /= scale  # keep the linear output's z - y from overflowing
    rows = np.array([5, 1, 7, 2, 0, 3])
    eta = 0.5 if output != "linear" else 0.05
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        expected = closed_form_step(network, x, targets, rows, eta)
        step = make_step(network, 6, eta)
        before = [p.copy() for p in network.params]
        step(x, targets, rows)
    for layer, (ours, theirs, start) in enumerate(zip(network.params, expected, before)):
        size = np.abs(start) + np.abs(theirs - start) + np.finfo(float).tiny
        error = np.abs(ours - theirs)
        assert (error <= 64 * np.finfo(float).eps * size).all(), (
            f"{output}/{cost} x{scale} layer {layer}: largest difference "
            f"{error.max():.3g} where the update is {np.abs(theirs - start).max():.3g}"
        )
    # the regions were reached: saturation (sigma rounds to 1 above 36.7), overflow of e^{-z}
    reach = {1.0: 0.0, 40.0: 36.7, 400.0: 709.8}[scale]
    assert max(float(np.abs(z).max()) for z in step.transposed_zs) > reach


# --- the runs the report shows --------------------------------------------------------------


@pytest.mark.claim("accuracy-is-share-of-argmax-matches", witness="numerical")
@pytest.mark.parametrize("cost", ["cross_entropy", "quadratic"])
@pytest.mark.parametrize("given_as", ["labels", "target rows"])
def test_each_epochs_recorded_cost_and_accuracy_are_those_of_the_network_after_that_epoch(
    given_as, cost
):
    """A run's history is what the report plots: after epoch e, the mean cost and the share of
    argmax matches on every set (the training set too when monitored), recorded in that order
    and handed to on_epoch as they are recorded. Replayed here one epoch at a time on a copy (the
    same generator, so the same orders), evaluated by cost_value and argmax_accuracy."""
    data = small_dataset()
    x, labels = data.train_x, data.train_labels
    y = labels if given_as == "labels" else one_hot(labels, 3)
    network = Network([4, 5, 3], cost=cost, seed=5)
    twin = network.copy()
    test_set = data.evaluation["test"]
    seen = []
    history = sgd(
        network,
        x,
        y,
        3,
        4,
        0.5,
        evaluation={"test": test_set},
        monitor_training=True,
        on_epoch=lambda epoch, h: seen.append(
            (epoch, {name: (m["cost"][-1], m["accuracy"][-1]) for name, m in h.metrics.items()})
        ),
    )
    expected = []
    for epoch in range(3):
        sgd(twin, x, y, 1, 4, 0.5)
        expected.append(
            (
                epoch,
                {
                    name: (
                        twin.cost_value(inputs, one_hot(truth, 3)),
                        argmax_accuracy(twin.feedforward(inputs), truth),
                    )
                    for name, (inputs, truth) in (("training", (x, labels)), ("test", test_set))
                },
            )
        )
    assert history.epochs == 3 and list(history.metrics) == ["training", "test"]
    assert [epoch for epoch, _ in seen] == [0, 1, 2]
    for (_, got), (_, want) in zip(seen, expected):
        assert got.keys() == want.keys()
        for name in want:
            # the same network and data; the two cost routes may round their sums differently
            assert got[name][0] == pytest.approx(want[name][0], rel=1e-12)
            assert got[name][1] == want[name][1]
