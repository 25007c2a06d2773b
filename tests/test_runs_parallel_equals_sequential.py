"""K seeds trained in a pool of worker processes give exactly the histories of K separate runs.

``train_runs(..., jobs=2)`` forks workers with one BLAS thread each; every run draws all its
random numbers from its own seed, so each history must equal, bit for bit, the one
``train_run`` computes for the same spec in this process, and come back in the order of the
specs.
"""

import numpy as np

from runs.executors import train_runs
from runs.spec import Dataset, RunSpec, seeds_of
from runs.train import train_run


def _dataset():
    rng = np.random.default_rng(3)
    x = rng.uniform(0.0, 1.0, size=(64, 16))
    labels = rng.integers(0, 4, size=64)
    evaluation = {"validation": (x[:24], labels[:24])}
    return Dataset(train_x=x, train_labels=labels, evaluation=evaluation)


def test_process_pool_histories_equal_sequential_runs_bit_for_bit():
    data = {"nielsen": _dataset()}
    base = RunSpec(sizes=(16, 10, 4), cost="cross_entropy", eta=0.5, epochs=3)
    specs = seeds_of(base, range(5)) + [
        RunSpec(
            sizes=(16, 6, 4),
            cost="log_likelihood",
            output="softmax",
            eta=0.3,
            epochs=2,
            seed=9,
            dtype="float32",
            train_size=40,
        ),
    ]
    parallel = train_runs(specs, data, jobs=2)
    sequential = [train_run(spec, data["nielsen"]) for spec in specs]
    assert [h.to_dict() for h in parallel] == [h.to_dict() for h in sequential]
    # distinct seeds give distinct runs, so the order of the results is checked too
    finals = [h.metrics["validation"]["cost"][-1] for h in parallel[:5]]
    assert len(set(finals)) == 5


def test_sequential_path_of_train_runs_equals_train_run():
    data = {"nielsen": _dataset()}
    specs = seeds_of(RunSpec(sizes=(16, 5, 4), cost="quadratic", eta=1.0, epochs=2), [4, 5])
    assert [h.to_dict() for h in train_runs(specs, data, jobs=1)] == [
        train_run(spec, data["nielsen"]).to_dict() for spec in specs
    ]


def test_grouped_runs_keep_the_order_of_specs_and_report_each_once():
    data = {"nielsen": _dataset()}
    wide = RunSpec(sizes=(16, 9, 4), cost="cross_entropy", eta=0.5, epochs=1)
    narrow = RunSpec(sizes=(16, 3, 4), cost="cross_entropy", eta=0.5, epochs=1)
    # two configurations interleaved: grouping by configuration must not reorder the results
    specs = [s for pair in zip(seeds_of(wide, range(3)), seeds_of(narrow, range(3))) for s in pair]
    for jobs in (1, 2):
        reported = []
        histories = train_runs(
            specs, data, jobs=jobs, on_done=lambda s, h, reported=reported: reported.append(s)
        )
        assert sorted(reported, key=specs.index) == specs and len(reported) == len(specs)
        assert [h.to_dict() for h in histories] == [
            train_run(spec, data["nielsen"]).to_dict() for spec in specs
        ]
