"""Cache entries are checked against the spec they are stored for: an entry of the wrong shape,
epoch count, size or with a value out of range is reported in one line naming its file,
deleted, and the run is trained again; it is never used and never stops a build."""

import json

import pytest
from test_mnist_experiments import TINY, tiny  # noqa: F401  (fixture)

from engine.training import TrainingHistory
from experiments import mnist_experiments
from experiments.mnist_configs import config_by_name
from runs.cache import ResultCache
from runs.spec import RunSpec

SPEC = RunSpec(sizes=(4, 3, 2), cost="cross_entropy", eta=0.5, epochs=5)


def history(epochs=5, accuracy=0.99, cost=0.1):
    return {
        "epochs": epochs,
        "metrics": {
            "validation": {"cost": [cost] * epochs, "accuracy": [accuracy] * epochs},
            "test": {"cost": [cost] * epochs, "accuracy": [accuracy] * epochs},
        },
    }


def cache_holding(tmp_path, content, reports):
    cache = ResultCache(tmp_path, fingerprint="test+1", report=reports.append)
    path = cache.path(SPEC)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return cache, path


def record(**history_overrides):
    return {"spec": SPEC.to_dict(), "engine": "test+1", "history": history(**history_overrides)}


INVALID = {
    "a JSON list": ([], "expected a JSON object"),
    "not JSON": ("{half", "Expecting"),
    "1 epoch under a 5-epoch spec": (record(epochs=1), "expected 5 epochs"),
    "another spec": ({**record(), "spec": {**SPEC.to_dict(), "eta": 3.0}}, "another"),
    "history not an object": ({**record(), "history": []}, "history"),
    "an accuracy above 1": (record(accuracy=1.5), "in [0, 1]"),
    "a negative cost": (record(cost=-0.1), ">= 0"),
    "a NaN cost": (json.dumps(record()).replace("0.1", "NaN", 1), "finite"),
    "an infinite cost": (json.dumps(record()).replace("0.1", "Infinity", 1), "finite"),
    "a boolean accuracy": (json.loads(json.dumps(record()).replace("0.99", "true", 1)), "finite"),
    "too few values": (
        {
            **record(),
            "history": {
                "epochs": 5,
                "metrics": {"test": {"cost": [0.1] * 4, "accuracy": [0.9] * 5}},
            },
        },
        "expected 5 values of test cost",
    ),
    "no metrics": ({**record(), "history": {"epochs": 5, "metrics": {}}}, "non-empty"),
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_entry_is_reported_by_file_name_discarded_and_treated_as_missing(tmp_path, case):
    content, reason = INVALID[case]
    reports = []
    cache, path = cache_holding(tmp_path, content, reports)
    assert cache.get(SPEC) is None
    assert len(reports) == 1 and "\n" not in reports[0]
    assert str(path) in reports[0] and reason in reports[0], reports[0]
    assert not path.exists()
    assert SPEC not in cache and len(reports) == 1  # gone: reported once


def test_valid_entry_is_used_and_nothing_is_reported(tmp_path):
    reports = []
    cache, _ = cache_holding(tmp_path, record(), reports)
    assert cache.get(SPEC).to_dict() == history()
    assert reports == []


def test_entry_written_by_put_reads_back_valid(tmp_path):
    reports = []
    cache = ResultCache(tmp_path, fingerprint="test+1", report=reports.append)
    cache.put(SPEC, TrainingHistory.from_dict(history()))
    assert cache.get(SPEC).to_dict() == history() and reports == []


def test_default_report_is_one_line_on_stderr(tmp_path, capsys):
    cache = ResultCache(tmp_path, fingerprint="test+1")
    cache.path(SPEC).write_text("[]")
    assert cache.get(SPEC) is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and cache.path(SPEC).name in err


@pytest.mark.parametrize("planted", ["[]", "one epoch too few"])
def test_experiment_retrains_a_run_whose_entry_is_invalid(tiny, tmp_path, planted):  # noqa: F811
    from runs.cache import open_result_cache

    reports = []
    cache = open_result_cache(tmp_path)
    cache.report = reports.append
    first = mnist_experiments.run_mnist_experiments(
        "tiny", None, jobs=1, cache=cache, progress=False
    )
    damaged = config_by_name("quadratic-100").spec(TINY, 1)
    path = cache.path(damaged)
    if planted == "[]":
        path.write_text("[]")
    else:
        entry = json.loads(path.read_text())
        entry["spec"]["epochs"] = damaged.epochs  # unchanged spec, history cut short
        entry["history"]["epochs"] = damaged.epochs - 1
        for figures in entry["history"]["metrics"].values():
            for values in figures.values():
                del values[-1]
        path.write_text(json.dumps(entry))
    before = len(tiny["trained"])
    second = mnist_experiments.run_mnist_experiments(
        "tiny", None, jobs=1, cache=cache, progress=False
    )
    assert tiny["trained"][before:] == [damaged]
    assert len(reports) == 1 and path.name in reports[0]
    assert second["configs"] == first["configs"]
