"""The MNIST experiment's machinery on synthetic data and a tiny profile (fast)."""

import numpy as np
import pytest

from claims.catalog import CLAIMS
from engine.network import Network
from engine.training import TrainingHistory
from experiments import mnist_configs, mnist_experiments
from experiments.mnist_analysis import readings
from experiments.mnist_configs import CONFIGS, config_by_name
from experiments.profiles import PROFILES, Profile, get_profile
from reports.build import with_claim_verdicts
from runs import splits as run_splits
from runs.cache import open_result_cache
from runs.mnist import MnistSplits, Split
from runs.spec import RunSpec
from runs.splits import TENSORFLOW_VALIDATION_SIZE, mnist_datasets

TINY = Profile(
    "tiny",
    train_size=200,
    epochs=1,
    seeds=(0, 1),
    comparable_with_book=False,
    description="test profile",
)
CONFIG_KEYS = {
    "name",
    "sizes",
    "cost",
    "eta",
    "epochs",
    "seeds",
    "train_size",
    "final_accuracy",
    "best_accuracy",
    "validation_selected_test_accuracy",
    "book_figure",
    "book_reading",
    "honest_reading",
    "book_reading_note",
    "notes",
}
RESULT_KEYS = {
    "status",
    "reason",
    "command",
    "profile",
    "comparable_with_book",
    "configs",
    "significance",
    "timings",
}


def synthetic_splits(
    train: int = 1000, validation: int = 300, test: int = 200, seed: int = 0
) -> MnistSplits:
    """Random pixels whose label is decided by which tenth of the image is brightest."""
    rng = np.random.default_rng(seed)

    def split(n):
        labels = rng.integers(0, 10, n)
        images = rng.uniform(0, 0.3, (n, 784))
        for digit in range(10):
            rows = labels == digit
            images[np.ix_(rows, np.arange(digit * 78, digit * 78 + 78))] += 0.7
        return Split(images=images, labels=labels.astype(np.int64))

    return MnistSplits(train=split(train), validation=split(validation), test=split(test))


@pytest.fixture
def tiny(monkeypatch):
    """The tiny profile registered, load_mnist replaced by small synthetic data (calls
    counted), TensorFlow's validation cut scaled down to fit it."""
    monkeypatch.setitem(PROFILES, "tiny", TINY)
    monkeypatch.setattr(run_splits, "TENSORFLOW_VALIDATION_SIZE", 500)
    calls = {"load": 0, "trained": []}

    def fake_load(mnist_dir=None):
        calls["load"] += 1
        return synthetic_splits()

    real_train_runs = mnist_experiments.train_runs

    def counting_train_runs(specs, *args, **kwargs):
        calls["trained"].extend(specs)
        return real_train_runs(specs, *args, **kwargs)

    monkeypatch.setattr(mnist_experiments, "load_mnist", fake_load)
    monkeypatch.setattr(mnist_experiments, "train_runs", counting_train_runs)
    return calls


def test_without_data_the_experiment_is_not_run_and_names_the_command(tmp_path):
    missing = tmp_path / "no-mnist-here"
    result = mnist_experiments.run_mnist_experiments(
        "quick", missing, jobs=1, cache=open_result_cache(tmp_path / "cache"), progress=False
    )
    assert result["status"] == "not run"
    assert set(result) >= RESULT_KEYS
    assert result["command"] == f"python -m runs.download --mnist-dir {missing}"
    assert "no-mnist-here" in result["reason"]
    assert all(
        v["verdict"] == "not run" for v in with_claim_verdicts(result)["claim_verdicts"].values()
    )
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_tiny_profile_runs_every_configuration_at_every_seed(tiny, tmp_path, monkeypatch):
    result = mnist_experiments.run_mnist_experiments(
        "tiny", None, jobs=1, cache=open_result_cache(tmp_path), progress=False
    )
    assert result["status"] == "ran" and set(result) >= RESULT_KEYS
    assert [c["name"] for c in result["configs"]] == [c.name for c in CONFIGS]
    for record in result["configs"]:
        assert set(record) >= CONFIG_KEYS
        assert record["seeds"] == [0, 1] and record["train_size"] == 200
        assert len(record["best_accuracy"]["per_seed"]) == 2
        assert record["best_accuracy"]["mean"] >= record["final_accuracy"]["mean"]
        # The three readings of each seed's test curve, and which one the book's figures are.
        curves = record["test_accuracy_by_epoch"]
        assert record["final_accuracy"]["per_seed"] == [curve[-1] for curve in curves]
        assert record["best_accuracy"]["per_seed"] == [max(curve) for curve in curves]
        assert record["validation_selected_test_accuracy"]["per_seed"] == [
            curve[epoch - 1] for curve, epoch in zip(curves, record["validation_selected_epoch"])
        ]
        assert record["book_reading"] == "best_accuracy"
        assert record["honest_reading"] == "validation_selected_test_accuracy"
        assert "evaluation_data=test_data" in record["book_reading_note"]
    assert result["comparable_with_book"] is False
    judged = with_claim_verdicts(result)
    verdicts = {row["claim_id"]: row["verdict"] for row in judged["comparisons"]}
    # Not comparable: the book's figures are not judged; pure arithmetic still is.
    assert verdicts["mnist-cross-entropy-30-hidden-9549"] == "not run"
    assert verdicts["mnist-one-fourteenth-of-errors"] == "refuted"
    assert len(tiny["trained"]) == 2 * len(CONFIGS)
    assert set(judged["figures"]) == {
        "mnist_test_accuracy_by_epoch",
        "mnist_book_figures_against_seeds",
    }
    # The book's figures come from the catalog, one per configuration it prints one for.
    assert [c["name"] for c in judged["configs"] if c["book_figure"] is not None] == [
        "cross-entropy-30",
        "quadratic-30",
        "cross-entropy-100",
        "quadratic-100",
    ]


def test_cache_hit_retrains_nothing_and_reads_no_data(tiny, tmp_path):
    cache = open_result_cache(tmp_path)
    first = mnist_experiments.run_mnist_experiments(
        "tiny", None, jobs=1, cache=cache, progress=False
    )
    trained_first, loads_first = len(tiny["trained"]), tiny["load"]
    second = mnist_experiments.run_mnist_experiments(
        "tiny", None, jobs=1, cache=cache, progress=False
    )
    assert len(tiny["trained"]) == trained_first and tiny["load"] == loads_first
    assert second["timings"]["runs_trained"] == 0
    assert second["timings"]["runs_cached"] == 2 * len(CONFIGS)
    assert second["configs"] == first["configs"]


def test_only_missing_runs_are_trained(tiny, tmp_path):
    cache = open_result_cache(tmp_path)
    mnist_experiments.run_mnist_experiments("tiny", None, jobs=1, cache=cache, progress=False)
    dropped = config_by_name("quadratic-100").spec(TINY, 1)
    cache.path(dropped).unlink()
    before = len(tiny["trained"])
    mnist_experiments.run_mnist_experiments("tiny", None, jobs=1, cache=cache, progress=False)
    assert tiny["trained"][before:] == [dropped]


def test_tensorflow_split_validates_on_the_first_5000_records():
    splits = synthetic_splits(train=5000, validation=1000)
    datasets = mnist_datasets(splits)
    whole = np.concatenate([splits.train.images, splits.validation.images])
    tf = datasets["tensorflow"]
    np.testing.assert_array_equal(
        tf.evaluation["validation"][0], whole[:TENSORFLOW_VALIDATION_SIZE]
    )
    np.testing.assert_array_equal(tf.train_x, whole[TENSORFLOW_VALIDATION_SIZE:])
    np.testing.assert_array_equal(datasets["nielsen"].train_x, splits.train.images)
    for dataset in datasets.values():
        assert set(dataset.evaluation) == {"validation", "test"}


def test_tf_script_loss_is_a_tenth_of_the_book_cost_so_its_rate_is_a_tenth():
    """reduce_mean over a (batch, 10) array of per-output cross-entropies is C(63) / 10."""
    network = Network([784, 30, 10], cost="cross_entropy", seed=3)
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 1, (10, 784))
    y = np.eye(10)[rng.integers(0, 10, 10)]
    a = network.feedforward(x)
    tf_loss = np.mean(-(y * np.log(a) + (1 - y) * np.log1p(-a)))  # mean over 100 elements
    # Two summation orders of the same 100 logs: agreement to 1e-12 relative.
    assert network.cost_value(x, y) == pytest.approx(10 * tf_loss, rel=1e-12)
    assert config_by_name("tf-script-003").eta == pytest.approx(3.0 / 10, rel=1e-15)


def test_readings_final_best_and_validation_selected():
    history = TrainingHistory(
        epochs=3,
        metrics={
            "test": {"accuracy": [0.90, 0.95, 0.93], "cost": [0, 0, 0]},
            "validation": {"accuracy": [0.91, 0.92, 0.96], "cost": [0, 0, 0]},
        },
    )
    found = readings(history)
    assert found["final_accuracy"] == pytest.approx(93.0)
    assert found["best_accuracy"] == pytest.approx(95.0) and found["best_epoch"] == 2
    assert found["validation_selected_test_accuracy"] == pytest.approx(93.0)
    assert found["validation_selected_epoch"] == 3


def test_arithmetic_rows_are_judged_even_when_the_experiment_did_not_run(tmp_path):
    result = mnist_experiments.run_mnist_experiments(
        "quick",
        tmp_path / "none",
        jobs=1,
        cache=open_result_cache(tmp_path / "cache"),
        progress=False,
    )
    rows = {row["claim_id"]: row for row in with_claim_verdicts(result)["comparisons"]}
    assert rows["mnist-error-rates-341-318"]["verdict"] == "holds"
    share = rows["mnist-one-fourteenth-of-errors"]
    assert share["computed"].startswith("23/341 ")  # exact: (3.41 - 3.18) / 3.41
    assert share["verdict"] == "refuted" and "1/15" in share["note"]


def test_every_mnist_claim_of_the_catalog_gets_a_verdict(tiny, tmp_path):
    result = mnist_experiments.run_mnist_experiments(
        "tiny", None, jobs=1, cache=open_result_cache(tmp_path), progress=False
    )
    verdicts = with_claim_verdicts(result)["claim_verdicts"]
    assert set(verdicts) == {claim.id for claim in CLAIMS if claim.experiment == "mnist"}
    for verdict in verdicts.values():
        assert verdict["verdict"] in ("holds", "refuted", "not run") and verdict["evidence"]


def test_progress_is_silent_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert mnist_experiments.progress_enabled(True) is False


def test_unknown_profile_is_named():
    with pytest.raises(ValueError, match="quick"):
        get_profile("fast")


def test_default_profile_is_the_books_settings_on_at_least_ten_seeds():
    from experiments.profiles import DEFAULT_PROFILE

    assert DEFAULT_PROFILE == "book"
    book = PROFILES["book"]
    assert (book.train_size, book.epochs, book.comparable_with_book) == (None, 30, True)
    assert book.seeds == tuple(range(len(book.seeds))) and len(book.seeds) >= 10
    assert PROFILES["quick"].comparable_with_book is False
    # The book's runs: every configuration's spec has the whole split, m = 10, large init and
    # the configuration's own rate and precision (float64 but for the TF script's float32).
    for config in CONFIGS:
        spec = config.spec(book, 0)
        assert (spec.train_size, spec.epochs, spec.mini_batch_size, spec.init) == (
            None,
            30,
            10,
            "large",
        )
        assert spec.eta == config.eta
        assert spec.dtype == ("float32" if config.name == mnist_configs.TF_SCRIPT else "float64")


def test_seeds_option_gives_seeds_zero_to_n_minus_one_and_needs_two():
    assert get_profile("book", 12).seeds == tuple(range(12))
    assert get_profile("quick", 2).seeds == (0, 1)
    for bad in (1, 0, -3, 2.5, True):
        with pytest.raises(ValueError, match="seeds: expected a whole number of at least 2"):
            get_profile("book", bad)


@pytest.mark.mnist
def test_tiny_profile_on_real_mnist_in_two_processes(real_mnist_dir, monkeypatch, tmp_path):
    monkeypatch.setitem(PROFILES, "tiny", TINY)
    result = mnist_experiments.run_mnist_experiments(
        "tiny", real_mnist_dir, jobs=2, cache=open_result_cache(tmp_path), progress=False
    )
    assert result["status"] == "ran"
    assert len(list(tmp_path.glob("*.json"))) == 2 * len(CONFIGS)
    for record in result["configs"]:
        # 200 examples and one epoch teach little; the check is that real runs came back whole.
        assert len(record["test_accuracy_by_epoch"]) == 2
        assert all(0.0 <= a <= 100.0 for a in record["final_accuracy"]["per_seed"])


def _best(per_seed):
    from experiments.statistics import summarize

    return {"best_accuracy": summarize(per_seed)}


@pytest.mark.parametrize(
    ("softmax", "sigmoid", "comparable", "verdict"),
    [
        ([95.3, 95.4, 95.2], [95.2, 95.3, 95.4], True, "holds"),
        ([94.5, 94.6, 94.4], [95.2, 95.3, 95.4], True, "refuted"),
        ([95.3, 95.4, 95.2], [95.2, 95.3, 95.4], False, "not run"),
    ],
)
def test_pairing_row_judges_softmax_log_likelihood_against_sigmoid_cross_entropy(
    softmax, sigmoid, comparable, verdict
):
    from claims.catalog import claim_by_id
    from claims.judge import rows

    result = {
        "status": "ran",
        "comparable_with_book": comparable,
        "configs": [
            {"name": mnist_configs.SOFTMAX_PAIRING, **_best(softmax)},
            {"name": mnist_configs.SIGMOID_PAIRING, **_best(sigmoid)},
        ],
    }
    (row,) = rows(claim_by_id("softmax-ll-and-sigmoid-ce-both-work"), result)
    assert row["claim_id"] == "softmax-ll-and-sigmoid-ce-both-work"
    assert row["verdict"] == verdict


def test_softmax_pairing_config_trains_a_softmax_log_likelihood_network():
    spec = config_by_name(mnist_configs.SOFTMAX_PAIRING).spec(TINY, 0)
    assert (spec.output, spec.cost, spec.sizes) == ("softmax", "log_likelihood", (784, 30, 10))
    assert spec.eta == config_by_name(mnist_configs.SIGMOID_PAIRING).eta


class _Terminal:
    """A stand-in for a terminal's standard error: collects what is written."""

    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_progress_is_silent_when_stderr_is_not_a_terminal(monkeypatch):
    import io

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert mnist_experiments.progress_enabled(True) is False
    monkeypatch.setattr("sys.stderr", _Terminal())
    assert mnist_experiments.progress_enabled(True) is True
    assert mnist_experiments.progress_enabled(False) is False


def test_progress_bar_counts_runs_weighs_them_by_work_and_shows_the_time_left(monkeypatch):
    pytest.importorskip("tqdm")
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    book = PROFILES["book"]
    specs = [config.spec(book, seed) for config in CONFIGS[:4] for seed in (0, 1)]
    small = config_by_name("cross-entropy-30").spec(book, 0)
    large = config_by_name("cross-entropy-100").spec(book, 0)
    # 784-100-10 has 79,400 products per example against 23,820: 3.33 times the work.
    assert mnist_experiments.run_weight(large) / mnist_experiments.run_weight(
        small
    ) == pytest.approx((784 * 100 + 100 * 10) / (784 * 30 + 30 * 10), rel=1e-12)
    bar = mnist_experiments.RunProgress(specs, enabled=True)
    for spec in specs:
        bar.update(spec)
    assert bar.bar.n == pytest.approx(len(specs), rel=1e-12)  # the weights add up to the runs
    bar.close()
    assert "MNIST runs" in terminal.text and f"{len(specs)}/{len(specs)} runs" in terminal.text
    assert "left]" in terminal.text and "100%" in terminal.text


def test_disabled_progress_writes_nothing(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    bar = mnist_experiments.RunProgress(
        [config_by_name("cross-entropy-30").spec(TINY, 0)], enabled=False
    )
    bar.update(config_by_name("cross-entropy-30").spec(TINY, 0))
    bar.close()
    assert terminal.text == ""


STALLING = Profile(
    "stalling",
    train_size=200,
    epochs=2,
    seeds=tuple(range(10)),
    comparable_with_book=False,
    description="test profile with stalls",
    min_training_seeds=5,
    max_seeds=20,
)
QUADRATIC_100_TRAINS = {2, 4, 6, 13, 17, 19}


def scripted_history(spec: RunSpec) -> TrainingHistory:
    """Two epochs whose accuracy depends on the seed: the quadratic 784-100-10 network trains
    only at the seeds of QUADRATIC_100_TRAINS and stalls at scattered levels otherwise; every
    other network trains."""
    stalls = (
        spec.cost == "quadratic"
        and spec.sizes == (784, 100, 10)
        and spec.seed not in QUADRATIC_100_TRAINS
    )
    best = 0.70 + 0.01 * (spec.seed % 13) if stalls else 0.965 + 0.0001 * (spec.seed % 7)
    history = TrainingHistory(epochs=2)
    for accuracy in (best - 0.05, best):
        history.record("validation", 1.0, accuracy)
        history.record("test", 1.0, accuracy)
    return history


@pytest.fixture
def scripted(monkeypatch):
    """The stalling profile registered; training replaced by :func:`scripted_history` (the specs
    asked for recorded), the data by small synthetic splits."""
    monkeypatch.setitem(PROFILES, "stalling", STALLING)
    asked = []

    def fake_train_runs(specs, data, jobs=None, on_done=None, cpu=None):
        asked.extend(specs)
        histories = [scripted_history(spec) for spec in specs]
        for spec, history in zip(specs, histories):
            on_done(spec, history)
        return histories

    monkeypatch.setattr(mnist_experiments, "load_mnist", lambda mnist_dir=None: synthetic_splits())
    monkeypatch.setattr(mnist_experiments, "train_runs", fake_train_runs)
    return asked


def test_a_configuration_with_stalls_gets_seeds_in_order_until_enough_train(scripted, tmp_path):
    cache = open_result_cache(tmp_path)
    result = mnist_experiments.run_mnist_experiments(
        "stalling", None, jobs=1, cache=cache, progress=False
    )
    records = {record["name"]: record for record in result["configs"]}
    quadratic = records["quadratic-100"]
    # The 5th seed that trains is seed 17: seeds 0..17 are kept, in order.
    assert quadratic["seeds"] == list(range(18))
    assert quadratic["training_seeds"] == [2, 4, 6, 13, 17]
    assert quadratic["stalled_seeds"] == [s for s in range(18) if s not in {2, 4, 6, 13, 17}]
    assert quadratic["seed_extension"] == {
        "first_seeds": 10,
        "added_seeds": list(range(10, 18)),
        "min_training_seeds": 5,
        "max_seeds": 20,
    }
    assert quadratic["training"]["best_accuracy"]["per_seed"] == [
        100
        * scripted_history(config_by_name("quadratic-100").spec(STALLING, s)).metrics["test"][
            "accuracy"
        ][-1]
        for s in (2, 4, 6, 13, 17)
    ]
    # Every other network trains at every seed: no seed added, none stalled.
    for name, record in records.items():
        if name != "quadratic-100":
            assert record["seeds"] == list(range(10)) and record["stalled_seeds"] == []
            assert record["seed_extension"]["added_seeds"] == []
    # The added seeds went through the same training call, in order after the first pass.
    added = [
        spec.seed for spec in scripted if spec.sizes == (784, 100, 10) and spec.cost == "quadratic"
    ]
    assert added[:10] == list(range(10)) and added[10:] == list(range(10, len(added)))
    # The Welch rows compare the seeds that train only.
    row = next(r for r in result["significance"] if r["configs"][1] == "quadratic-100")
    assert len(row["quadratic"]) == 5 and len(row["cross_entropy"]) == 10
    assert "stalled seeds 0, 1, 3" in row["seeds_used"][1]
    # A second build reads every run, the added ones included, from the cache.
    before = len(scripted)
    again = mnist_experiments.run_mnist_experiments(
        "stalling", None, jobs=1, cache=cache, progress=False
    )
    assert len(scripted) == before and again["configs"] == result["configs"]
    assert again["timings"]["runs_trained"] == 0
    assert again["timings"]["runs_cached"] == again["timings"]["runs_total"] == 6 * 10 + 8


def test_quick_profile_extends_a_configuration_with_stalls_to_three_training_seeds_of_twelve():
    quick = get_profile("quick")
    assert (quick.min_training_seeds, quick.max_seeds) == (3, 12)
    book = get_profile("book")
    assert (book.min_training_seeds, book.max_seeds) == (8, 40)
    assert get_profile("book", seeds=50).max_seeds == 50
