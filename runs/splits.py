"""The MNIST training file cut into training and validation sets, two ways.

Nielsen's split (``mnist_loader``): training = the first 50,000 records of the training file,
validation = the last 10,000. TensorFlow's (``read_data_sets``, document 003's script):
validation = the first 5,000 records, training = the other 55,000. Both are evaluated on the
10,000 t10k test images. :func:`split_dataset` is the one builder of a run's :class:`Dataset`
from the loaded files, for the report's experiments and the sweep alike, so that the two share
cached runs.
"""

from __future__ import annotations

import numpy as np

from engine.byte_inputs import ByteInputs
from runs.mnist import MAX_PIXEL_VALUE, MnistSplits
from runs.spec import Dataset

NIELSEN_SPLIT = "nielsen"
TENSORFLOW_SPLIT = "tensorflow"
TENSORFLOW_VALIDATION_SIZE = 5_000
TRAINING_FILE_SIZE = 60_000
SPLIT_TRAIN_SIZES = {
    NIELSEN_SPLIT: 50_000,
    TENSORFLOW_SPLIT: TRAINING_FILE_SIZE - TENSORFLOW_VALIDATION_SIZE,
}
"""Training examples in each split of the standard MNIST training file."""


def split_dataset(
    splits: MnistSplits, split: str = NIELSEN_SPLIT, evaluation_size: int | None = None
) -> Dataset:
    """The one dataset builder: the training set of ``split`` (the book's or TensorFlow's cut of
    the training file) with its validation set and the test set as evaluation sets, the latter
    two cut to their first ``evaluation_size`` examples when given."""
    if split not in SPLIT_TRAIN_SIZES:
        raise ValueError(f"split {split!r}: expected one of {sorted(SPLIT_TRAIN_SIZES)}")
    pixels = None
    if split == NIELSEN_SPLIT:
        train = (splits.train.images, splits.train.labels)
        validation = (splits.validation.images, splits.validation.labels)
        pixels = splits.train.pixels
    else:
        # load_mnist cuts the training file at 50,000: concatenating restores the file's order.
        images = np.concatenate([splits.train.images, splits.validation.images])
        labels = np.concatenate([splits.train.labels, splits.validation.labels])
        cut = TENSORFLOW_VALIDATION_SIZE
        train, validation = (images[cut:], labels[cut:]), (images[:cut], labels[:cut])
        if splits.train.pixels is not None and splits.validation.pixels is not None:
            pixels = np.concatenate([splits.train.pixels, splits.validation.pixels])[cut:]
    test = (splits.test.images, splits.test.labels)
    n = evaluation_size
    return Dataset(
        *train,
        {"validation": (validation[0][:n], validation[1][:n]), "test": (test[0][:n], test[1][:n])},
        train_bytes=None if pixels is None else ByteInputs(pixels, MAX_PIXEL_VALUE),
    )


def mnist_datasets(splits: MnistSplits) -> dict[str, Dataset]:
    """The book's split and TensorFlow's split of the same training file (:func:`split_dataset`)."""
    return {split: split_dataset(splits, split) for split in SPLIT_TRAIN_SIZES}
