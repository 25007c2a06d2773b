"""A worker reads MNIST from the directory named in the task, or else from its own MNIST_DIR."""

import numpy as np
import pytest

from runs.mnist import MnistNotFoundError
from runs.tasks import MnistSource, worker_dataset


def test_worker_falls_back_to_its_own_mnist_dir(real_mnist_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_DIR", str(real_mnist_dir))
    elsewhere = MnistSource(str(tmp_path / "not-on-this-worker"), evaluation_size=100)
    here = MnistSource(str(real_mnist_dir), evaluation_size=100)
    found, expected = worker_dataset(elsewhere), worker_dataset(here)
    assert elsewhere.split == here.split == "nielsen-eval100"
    assert np.array_equal(found.train_x, expected.train_x)
    assert len(found.train_x) == 50_000
    for name in ("validation", "test"):
        assert len(found.evaluation[name][0]) == 100
        assert np.array_equal(found.evaluation[name][1], expected.evaluation[name][1])


def test_worker_without_the_data_names_the_missing_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)
    missing = tmp_path / "no-mnist"
    with pytest.raises(MnistNotFoundError, match="no-mnist"):
        worker_dataset(MnistSource(str(missing)))


def test_sweep_dataset_is_the_report_experiments_dataset(real_mnist_dir):
    from runs.mnist import load_mnist
    from runs.splits import NIELSEN_SPLIT, mnist_datasets

    source = MnistSource(str(real_mnist_dir))
    assert source.split == NIELSEN_SPLIT
    ours, theirs = worker_dataset(source), mnist_datasets(load_mnist(real_mnist_dir))[NIELSEN_SPLIT]
    assert np.array_equal(ours.train_x, theirs.train_x)
    assert np.array_equal(ours.train_labels, theirs.train_labels)
    assert ours.evaluation.keys() == theirs.evaluation.keys()
    for name, (x, labels) in theirs.evaluation.items():
        assert np.array_equal(ours.evaluation[name][0], x)
        assert np.array_equal(ours.evaluation[name][1], labels)
