"""The MNIST networks the documents report on, and the data splits they were trained on.

Document 002 (chapter 3) trains 784-30-10 and 784-100-10 sigmoid networks with the cross-entropy,
N(0, 1) ("large") initialisation, mini-batches of 10, eta = 0.5, 30 epochs, monitoring test
accuracy after every epoch, and sets them beside chapter 1's quadratic-cost networks (eta = 3.0,
same mini-batches, epochs and initialisation; 002 quotes only their accuracies).

Document 003's TensorFlow script trains a 784-30-10 network with N(0, 1) weights and biases and
``tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y_, logits=z_3))`` minimised by
plain gradient descent at learning rate 3.0 on mini-batches of 10. The labels are one-hot rows of
10, so the mean runs over the batch *and* the 10 outputs: the loss is eq. (63)'s per-example sum
divided by 10, its gradient a tenth of the book's, and rate 3.0 on it is eta = 0.3 in the book's
terms. Its data come from TensorFlow's ``read_data_sets``: the first 5,000 records of the
training file are the validation set, the remaining 55,000 the training set.
"""

from __future__ import annotations

from dataclasses import dataclass

from experiments.profiles import Profile
from runs.spec import RunSpec
from runs.splits import (
    NIELSEN_SPLIT,
    SPLIT_TRAIN_SIZES,
    TENSORFLOW_SPLIT,
)

TF_SCRIPT = "tf-script-003"
SOFTMAX_PAIRING = "softmax-log-likelihood-30"
SIGMOID_PAIRING = "cross-entropy-30"
CROSS_ENTROPY_ETA = 0.5
"""Chapter 3's learning rate for its cross-entropy networks (002), kept for the softmax pairing."""
QUADRATIC_ETA = 3.0
"""Chapter 1's learning rate for the quadratic-cost networks 002 sets beside them."""
TF_LOSS_OUTPUTS = 10
TF_LEARNING_RATE = 3.0
"""003's GradientDescentOptimizer rate, on the loss averaged over the TF_LOSS_OUTPUTS outputs."""
TF_ETA = TF_LEARNING_RATE / TF_LOSS_OUTPUTS
"""003's rate in the book's terms: the gradient of the mean is a tenth of that of eq. (63)."""


@dataclass(frozen=True)
class MnistConfig:
    """One network of the documents: architecture, cost, rate, data split (the figure a document
    prints for it is in the claim catalog, whose check names the configuration)."""

    name: str
    title: str
    sizes: tuple[int, ...]
    cost: str
    eta: float
    output: str = "sigmoid"
    split: str = NIELSEN_SPLIT
    dtype: str = "float64"
    notes: tuple[str, ...] = ()

    def spec(self, profile: Profile, seed: int) -> RunSpec:
        """The run of this configuration at ``seed`` under ``profile``."""
        available = SPLIT_TRAIN_SIZES[self.split]
        train_size = None if profile.train_size is None else min(profile.train_size, available)
        return RunSpec(
            sizes=self.sizes,
            cost=self.cost,
            eta=self.eta,
            epochs=profile.epochs,
            mini_batch_size=10,
            output=self.output,
            init="large",
            seed=seed,
            dtype=self.dtype,
            split=self.split,
            train_size=train_size,
        )


_BOOK_NOTES = (
    "Accuracy on the 10,000 test images after each epoch, as the book monitors it "
    "(evaluation_data=test_data).",
)
_CHAPTER_1 = (
    "Chapter 1's settings (eta = 3.0, mini-batches of 10, 30 epochs, N(0, 1) initialisation); "
    "002 quotes only the accuracy.",
)

CONFIGS: tuple[MnistConfig, ...] = (
    MnistConfig(
        "cross-entropy-30",
        f"784-30-10, cross-entropy, eta = {CROSS_ENTROPY_ETA}",
        (784, 30, 10),
        "cross_entropy",
        CROSS_ENTROPY_ETA,
        notes=_BOOK_NOTES,
    ),
    MnistConfig(
        "quadratic-30",
        f"784-30-10, quadratic cost, eta = {QUADRATIC_ETA}",
        (784, 30, 10),
        "quadratic",
        QUADRATIC_ETA,
        notes=_BOOK_NOTES + _CHAPTER_1,
    ),
    MnistConfig(
        "cross-entropy-100",
        f"784-100-10, cross-entropy, eta = {CROSS_ENTROPY_ETA}",
        (784, 100, 10),
        "cross_entropy",
        CROSS_ENTROPY_ETA,
        notes=_BOOK_NOTES,
    ),
    MnistConfig(
        "quadratic-100",
        f"784-100-10, quadratic cost, eta = {QUADRATIC_ETA}",
        (784, 100, 10),
        "quadratic",
        QUADRATIC_ETA,
        notes=_BOOK_NOTES + _CHAPTER_1,
    ),
    MnistConfig(
        SOFTMAX_PAIRING,
        f"784-30-10, softmax output, log-likelihood, eta = {CROSS_ENTROPY_ETA}",
        (784, 30, 10),
        "log_likelihood",
        CROSS_ENTROPY_ETA,
        output="softmax",
        notes=_BOOK_NOTES
        + (
            "Not trained in chapter 3: the cross-entropy-30 network with its sigmoid output "
            "layer replaced by softmax (eq. (78)) and the cost by the log-likelihood (eq. (80)), "
            "everything else equal, to set the two pairings side by side.",
        ),
    ),
    MnistConfig(
        TF_SCRIPT,
        f"003's script: 784-30-10, sigmoid cross-entropy, rate {TF_LEARNING_RATE} on the mean",
        (784, 30, 10),
        "cross_entropy",
        TF_ETA,
        split=TENSORFLOW_SPLIT,
        dtype="float32",
        notes=(
            "Learning rate 3.0 on reduce_mean over the (10, 10) batch of sigmoid cross-entropies "
            "is eta = 3.0 / 10 = 0.3 on the book's per-example sum (63).",
            "TensorFlow's split: validation = the first 5,000 records of the training file, "
            "training = the other 55,000 (the book trains on the first 50,000 and validates on "
            "the last 10,000).",
            "The script's epoch is 5,000 mini-batches = 50,000 examples drawn from the 55,000 "
            "(next_batch reshuffles whenever it has used them all); here an epoch is one pass "
            "over the training examples, so 30 epochs make 10 % more updates than the script.",
            "float32 arithmetic, as the script's tf.float32 placeholders.",
            "The script prints the test accuracy after every epoch and the best of them; it "
            "prints no accuracy in the document's text.",
        ),
    ),
)


def config_by_name(name: str) -> MnistConfig:
    for config in CONFIGS:
        if config.name == name:
            return config
    raise KeyError(f"no MNIST configuration {name!r}; have {[c.name for c in CONFIGS]}")
