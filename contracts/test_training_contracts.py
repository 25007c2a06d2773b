"""Contracts of the training code that no document states: what sgd, Network, the compiled step
and the runs refuse (and say), the edge of the domain they still accept, the float32 buffers of a
single-precision run, bounds checks the compiled step does before any step, one BLAS thread for
every step and evaluation, and scheduling that changes no history.

These are engine contracts, not the chapter's claims: they carry no claim mark and are reported
by no verdict, but the mutation run executes them with the claim suite. The bad inputs and the
messages expected for them are in ``input_contracts.py`` beside this file.
"""

import multiprocessing
from dataclasses import replace

import input_contracts as bad
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from claims.training_references import classifier, sgd_history, small_dataset, step_problem
from engine.compiled_step import CompiledStep
from engine.errors import NonFiniteParametersError
from engine.network import Network, argmax_accuracy
from engine.training import make_step, one_hot, sgd
from runs.executors import local_pool, train_runs
from runs.spec import RunSpec, seeds_of
from runs.train import train_run


@pytest.mark.parametrize(
    "labels, named",
    [
        ([0, -1, 2], "label -1 at position 1"),
        ([0, 1, 3], "label 3 at position 2"),
        ([], "at least one example"),
    ],
)
def test_accuracy_refuses_labels_that_name_no_output_and_empty_sets(labels, named):
    network = classifier(3)
    x = np.eye(3)[: len(labels)]
    with pytest.raises(ValueError, match=named):
        network.evaluate(x, np.array(labels, dtype=np.int64))


def test_an_epoch_in_one_call_is_its_steps_one_by_one_bit_for_bit():
    """CompiledStep.epoch (the production path) and one call per mini-batch give the same bits:
    the epoch loop cuts order[0:m], order[m:2m], ... with the shorter remainder last."""
    network, x, targets = step_problem("sigmoid", "cross_entropy", 4, n=23)
    twin = network.copy()
    order = np.random.default_rng(4).permutation(23)
    make_step(network, 5, 0.7).epoch(x, targets, order)
    one_by_one = make_step(twin, 5, 0.7)
    for start in range(0, 23, 5):
        one_by_one(x, targets, order[start : start + 5])
    for ours, theirs in zip(network.params, twin.params):
        assert np.array_equal(ours, theirs)


@pytest.mark.parametrize(
    "order, starts, stops, named",
    [
        ([0, 6], [0], [2], "order must hold row indices 0 to 5"),
        ([-1, 2], [0], [2], "order must hold row indices 0 to 5"),
        ([[0, 1]], [0], [1], "order must be a 1-D array"),
        ([0, 1, 2], [0], [3], "1 to 2 consecutive"),
        ([0, 1], [1], [1], "1 to 2 consecutive"),
        ([0, 1], [-1], [1], "1 to 2 consecutive"),
        ([0, 1], [1], [3], "1 to 2 consecutive"),
        ([0, 1, 2], [0], [4], "1 to 2 consecutive"),
    ],
)
def test_the_compiled_step_refuses_indices_outside_its_arrays_before_any_step(
    order, starts, stops, named
):
    """CompiledStep.run refuses what would read outside x, the targets or the order (compiled
    code has no bounds checks) and keeps the parameters."""
    network, x = Network([3, 4, 2], seed=0), np.random.default_rng(0).uniform(size=(6, 3))
    targets, step = one_hot(np.arange(6) % 2, 2), make_step(network, 2, 0.5)
    before = [p.copy() for p in network.params]
    with pytest.raises(ValueError, match=named):
        step.run(
            x,
            targets,
            np.array(order, dtype=np.intp),
            np.array(starts, dtype=np.intp),
            np.array(stops, dtype=np.intp),
            np.array([-0.25]),
        )
    with pytest.raises(ValueError, match=r"x must be \(n, 3\)"):
        step(x[:, :2], targets, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"targets \(n, 2\)"):
        step(x, targets[:5], np.array([0, 1]))
    assert all(np.array_equal(p, q) for p, q in zip(network.params, before))


def test_a_float32_step_rounds_its_targets_and_slopes_to_float32_like_its_parameters():
    """A float32 network (003's script) trains in float32: float32 buffers, and float64 soft
    targets train exactly as the same targets rounded to float32 first."""
    x = np.random.default_rng(1).uniform(size=(9, 4))
    soft = np.random.default_rng(2).dirichlet(np.ones(3), size=9)  # not exact in float32
    networks = [
        Network([4, 5, 3], "softmax", "log_likelihood", "large", 1, np.float32) for _ in range(2)
    ]
    sgd(networks[0], x, soft, 2, 4, 0.5)
    sgd(networks[1], x.astype(np.float32), soft.astype(np.float32), 2, 4, 0.5)
    for ours, rounded_first in zip(*(n.params for n in networks)):
        assert ours.dtype == np.float32 and np.array_equal(ours, rounded_first)
    step = make_step(networks[0], 4, 0.5)
    assert {b.dtype for b in step.primes + step.deltas + step.activations} == {np.dtype("float32")}


@pytest.mark.parametrize("jobs", [1, 2, None])
def test_every_reported_run_is_sgd_on_a_network_of_its_own_seed_whatever_the_scheduling(jobs):
    """The MNIST figures come from run specifications trained in this process or in worker
    processes; each history must be, bit for bit, what sgd gives for that spec alone (one BLAS
    thread on both sides, so the sums round alike), in the order of the specs, each reported
    once."""
    data = small_dataset()
    base = RunSpec(sizes=(4.0, 5, 3), cost="cross_entropy", eta=0.5, epochs=2, mini_batch_size=4)
    other = RunSpec(
        sizes=(4, 3, 3),
        cost="log_likelihood",
        output="softmax",
        eta=0.3,
        epochs=3,
        mini_batch_size=5,
        init="default",
        dtype="float32",
        train_size=11,
    )
    # two configurations interleaved, then one more seed of the first
    specs = [s for pair in zip(seeds_of(base, range(3)), seeds_of(other, [7, 8, 9])) for s in pair]
    specs += seeds_of(base, [3])
    done = []
    histories = train_runs(
        specs,
        {"nielsen": data},
        jobs=jobs,
        on_done=lambda spec, history: done.append((spec, history.to_dict())),
    )
    expected = [sgd_history(spec, data) for spec in specs]
    assert [h.to_dict() for h in histories] == expected
    assert sorted(done, key=lambda pair: specs.index(pair[0])) == list(zip(specs, expected))
    assert train_run(specs[1], data).to_dict() == expected[1]
    # a lone spec, and a pair of the same configuration, give their runs too
    assert [h.to_dict() for h in train_runs(specs[:1], {"nielsen": data}, jobs=jobs)] == expected[
        :1
    ]
    pair = [specs[0], specs[2]]
    assert [h.to_dict() for h in train_runs(pair, {"nielsen": data}, jobs=1)] == [
        expected[0],
        expected[2],
    ]
    # a run sent to a pool worker with its data
    with local_pool(1) as pool:
        assert pool.submit(train_run, specs[0], data).result().to_dict() == expected[0]
    finals = {h.metrics["test"]["cost"][-1] for h in histories}
    assert len(finals) == len(specs)  # distinct seeds give distinct runs: the order is checked
    # a run's result is stored under its spec and engine: distinct specs, distinct keys
    assert len({spec.key("engine-a") for spec in specs}) == len(specs)
    assert specs[0].key("engine-a") == specs[0].key("engine-a") != specs[0].key("engine-b")
    assert replace(base, sizes=(4, 6, 3)).key("engine-a") != base.key("engine-a")


def test_a_run_whose_parameters_leave_the_float_range_stops_instead_of_recording_nan():
    """eta far too large for a linear output: the steps overflow. The run must stop with
    NonFiniteParametersError naming eta and the epoch, never return a history of NaN figures."""
    network = Network([2, 1], output="linear", cost="quadratic", seed=1)
    # each step multiplies the weights by about 2 eta |x|^2 = 4e43: past 1e308 within 8 steps
    x = np.full((8, 2), 1e20)
    with pytest.raises(NonFiniteParametersError, match=r"after epoch 1 with eta = 1000\.0"):
        sgd(network, x, np.ones((8, 1)), 2, 1, 1e3, evaluation={"test": (x, np.zeros(8, int))})
    # softmax + cross-entropy trains on the general path, which meets the infinite weights
    # within the epoch (a weighted input that is no longer finite) and must say why it stopped
    # (x = 3, eta = 1.5e308: at seed 2 the first step moves the weights past the float range
    # while the outputs are not yet saturated; other seeds saturate first, which is refused too)
    network = Network([2, 2], output="softmax", cost="cross_entropy", seed=2)
    with pytest.raises(
        NonFiniteParametersError, match=r"after epoch 1 with eta = 1\.5e\+308"
    ) as stop:
        sgd(network, np.full((4, 2), 3.0), np.arange(4) % 2, 1, 1, 1.5e308)
    assert isinstance(stop.value.__cause__, (ValueError, ArithmeticError))


@pytest.mark.parametrize(
    "outputs, labels",
    [
        (np.eye(3), np.array([0])),  # one label for three examples: no share can be formed
        (
            np.array([0.1, 0.9, 0.0]),
            np.array([0, 1, 2]),
        ),  # one output vector, not a row per example
    ],
)
def test_accuracy_needs_one_output_row_per_label(outputs, labels):
    with pytest.raises(ValueError, match="accuracy needs"):
        argmax_accuracy(outputs, labels)


@pytest.mark.parametrize(
    "output, cost",
    [("sigmoid", "cross_entropy"), ("softmax", "cross_entropy"), ("sigmoid", "quadratic")],
)
def test_one_example_given_as_vectors_is_the_batch_of_that_one_example(output, cost):
    """The step sums per-example gradients dC_x/dw; an example given alone (x and y as
    vectors) must give exactly the output, cost and gradients of the batch holding only it."""
    network = Network([3, 4, 2], output=output, cost=cost, seed=4)
    x, y = np.array([0.2, -1.0, 0.7]), np.array([0.0, 1.0])
    assert np.array_equal(network.feedforward(x), network.feedforward(x[None, :])[0])
    # integer pixel values are the same numbers as floats
    assert np.array_equal(
        network.feedforward(np.array([2, 0, 1])), network.feedforward(np.array([2.0, 0.0, 1.0]))
    )
    assert network.cost_value(x, y) == network.cost_value(x[None, :], y[None, :])
    for alone, batch in zip(network.backprop(x, y), network.backprop(x[None, :], y[None, :])):
        assert all(np.array_equal(p, q) for p, q in zip(alone, batch))


def test_a_float32_network_computes_in_float32_whatever_the_precision_of_its_inputs():
    """A run in single precision reports single-precision figures: float64 inputs and targets
    are rounded to float32 once, on the way in, so the output, cost and gradients equal, bit
    for bit, those of the same inputs given in float32."""
    network = Network([3, 4, 2], cost="quadratic", seed=6, dtype=np.float32)
    x, y = np.array([[0.1, -0.7, 1.3], [2.2, 0.4, -0.9]]), np.array([[0.3, 0.6], [1.0, 0.0]])
    x32, y32 = x.astype(np.float32), y.astype(np.float32)
    assert network.feedforward(x).dtype == np.float32
    assert np.array_equal(network.feedforward(x), network.feedforward(x32))
    assert network.cost_value(x, y) == network.cost_value(x32, y32)
    for wide, narrow in zip(network.backprop(x, y), network.backprop(x32, y32)):
        assert all(np.array_equal(p, q) for p, q in zip(wide, narrow))


@pytest.mark.parametrize(
    "changes, kind, named",
    [case[1:] for case in bad.SGD_REFUSALS],
    ids=[case[0] for case in bad.SGD_REFUSALS],
)
def test_sgd_refuses_input_outside_its_domain_before_training_naming_it(changes, kind, named):
    network = bad.network()
    before = [p.copy() for p in network.params]
    bad.assert_refused(kind, named, lambda: bad.sgd_with(network, **changes))
    assert all(np.array_equal(p, q) for p, q in zip(network.params, before))  # nothing trained


@pytest.mark.parametrize(
    "arguments, named",
    [case[1:] for case in bad.NETWORK_REFUSALS],
    ids=[case[0] for case in bad.NETWORK_REFUSALS],
)
def test_a_network_refuses_sizes_and_seeds_that_name_no_run(arguments, named):
    bad.assert_refused(ValueError, named, lambda: Network(**arguments))


def test_the_smallest_accepted_inputs_train_and_a_network_without_a_seed_is_seed_0():
    """One example, one epoch, mini-batches of one, a one-example evaluation set, widths of 1
    and NumPy integers are inside the domain; a Network built without a seed is the seed-0
    network (the seed a RunSpec defaults to), so an unseeded run is still determined."""
    history = sgd(
        Network([2, 1, 1], seed=np.int64(2)),
        bad.X[:1],
        np.array([[1.0]]),
        np.int64(1),
        1,
        0.5,
        evaluation={"test": (bad.X[:1], np.array([0]))},
    )
    assert history.epochs == 1 and len(history.metrics["test"]["accuracy"]) == 1
    unseeded, seed_0 = Network(bad.SIZES), Network(bad.SIZES, seed=0)
    assert unseeded.seed == 0 and RunSpec((2, 1), "quadratic", 1.0, 1, 1).seed == 0
    assert all(np.array_equal(p, q) for p, q in zip(unseeded.params, seed_0.params))
    bad.assert_refused(
        ValueError,
        r"^x must have shape \(m, 2\) or \(2,\)",
        lambda: unseeded.feedforward(np.zeros((1, 3))),
    )


def test_runs_refuse_a_missing_split_or_empty_training_set_and_keep_one_blas_thread(monkeypatch):
    """A run trains on 1 to n examples of a split it has; its steps and evaluation run with one
    BLAS thread (the same sums, so the same figures), in this process (sgd's own limit, set up
    afresh) as in a pool worker, even where the default start method is not fork."""
    data, spec = small_dataset(), RunSpec((4, 3), "cross_entropy", 0.5, 1, 2)
    bad.assert_refused(
        ValueError,
        r"^no dataset for split\(s\) \['tensorflow'\]; have \['nielsen'\]$",
        lambda: train_runs([replace(spec, split="tensorflow")], {"nielsen": data}, jobs=1),
    )
    bad.assert_refused(
        ValueError,
        r"^train_size must be between 1 and 18, got 19$",
        lambda: train_run(replace(spec, train_size=19), data),
    )
    bad.assert_refused(
        ValueError,
        r"^train_size must be a positive integer, got 0$",
        lambda: replace(spec, train_size=0),
    )
    one, threads = replace(spec, train_size=1), []
    assert train_run(one, data).to_dict() == sgd_history(one, data)
    for owner, name in ((Network, "evaluate"), (CompiledStep, "run")):
        monkeypatch.setattr(
            owner,
            name,
            lambda self, *args, call=getattr(owner, name): (  # noqa: B008 (bound once, per method)
                threads.append(bad.blas_threads()),
                call(self, *args),
            )[1],
        )
    monkeypatch.setattr("engine.training._BLAS_CONTROLLER", None)  # as in a fresh process
    with threadpool_limits(limits=2, user_api="blas"):
        assert bad.blas_threads() == {2}  # the limit below is not the process's own
        sgd(Network([4, 3], seed=0), data.train_x, data.train_labels, 1, 2, 0.5)
        train_run(spec, data)
        assert threads == [{1}] * 4  # sgd's epoch; the run's epoch, validation and test sets
        previous, children = (
            multiprocessing.get_start_method(allow_none=True),
            len(multiprocessing.active_children()),
        )
        multiprocessing.set_start_method("spawn", force=True)
        try:
            pool = local_pool(1)
        finally:
            multiprocessing.set_start_method(previous, force=True)
        try:
            assert pool.submit(train_run, spec, data).result().to_dict() == sgd_history(spec, data)
            assert len(multiprocessing.active_children()) == children + 1  # jobs=1: one worker
        finally:
            pool.shutdown()
