"""Training inputs held as bytes (engine.byte_inputs.ByteInputs) train exactly as the floats.

The compiled step turns each byte k into k / d (the division, or k c1 + k c2 where that was
checked to give the division's float for all 256 bytes); the MNIST loader's images are the
pixels divided by 255 in the same dtype. So the inputs, and hence every step, are the same
floats: the comparisons below are exact, no tolerance.
"""

import numpy as np
import pytest

from engine.byte_inputs import BYTE_VALUES, ByteInputs, reciprocal_parts
from engine.network import Network
from engine.training import make_step, sgd
from runs.mnist import MAX_PIXEL_VALUE, load_mnist
from runs.splits import NIELSEN_SPLIT, TENSORFLOW_SPLIT, split_dataset

DTYPES = (np.float64, np.float32)


def _every_byte():
    return np.arange(BYTE_VALUES, dtype=np.uint8).reshape(1, -1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("divisor", [1, 3, 7, 10, 255, 256, 1000])
def test_the_step_converts_every_byte_to_the_quotient_the_division_gives(dtype, divisor):
    step = make_step(Network([BYTE_VALUES, 2], seed=0, dtype=dtype), 1, 0.5)
    step(ByteInputs(_every_byte(), divisor), np.zeros((1, 2), dtype=dtype), [0])
    converted = step.activations[0][0, :-1]
    quotients = np.arange(BYTE_VALUES, dtype=dtype) / np.dtype(dtype).type(divisor)
    assert converted.dtype == dtype
    assert np.array_equal(converted.view(np.uint8), quotients.view(np.uint8))


def test_the_reciprocal_parts_give_the_mnist_quotients_by_multiply_and_add():
    first, second = reciprocal_parts(MAX_PIXEL_VALUE)
    k = np.arange(BYTE_VALUES, dtype=np.float64)
    assert np.array_equal(k * first + k * second, k / MAX_PIXEL_VALUE)
    assert first + second == 1 / MAX_PIXEL_VALUE  # the parts sum to 1/255 rounded


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "output, cost", [("sigmoid", "cross_entropy"), ("softmax", "log_likelihood")]
)
def test_training_on_bytes_gives_the_history_and_parameters_of_the_floats(dtype, output, cost):
    rng = np.random.default_rng(11)
    codes = rng.integers(0, BYTE_VALUES, size=(95, 30)).astype(np.uint8)
    codes[rng.uniform(size=codes.shape) < 0.6] = 0  # mostly blank, like MNIST's pixels
    labels = rng.integers(0, 4, size=95)
    floats = codes.astype(dtype) / MAX_PIXEL_VALUE
    results = []
    for x in (floats, ByteInputs(codes, MAX_PIXEL_VALUE)):
        network = Network([30, 12, 4], output=output, cost=cost, seed=4, dtype=dtype)
        history = sgd(
            network,
            x,
            labels,
            3,
            10,
            0.7,
            evaluation={"held": (floats, labels)},
            monitor_training=True,
        )
        results.append((history.to_dict(), [p.copy() for p in network.params]))
    (history_floats, params_floats), (history_bytes, params_bytes) = results
    assert history_bytes == history_floats
    for from_bytes, from_floats in zip(params_bytes, params_floats):
        assert np.array_equal(from_bytes.view(np.uint8), from_floats.view(np.uint8))


def test_the_general_step_trains_on_bytes_as_on_the_floats():
    rng = np.random.default_rng(3)
    codes = rng.integers(0, BYTE_VALUES, size=(40, 6)).astype(np.uint8)
    labels = rng.integers(0, 3, size=40)
    params = []
    for x in (codes / 255.0, ByteInputs(codes, 255)):
        network = Network([6, 5, 3], output="softmax", cost="cross_entropy", seed=1)
        sgd(network, x, labels, 2, 10, 0.3)
        params.append(network.params)
    for a, b in zip(*params):
        assert np.array_equal(a, b)


def test_byte_inputs_refuse_what_they_cannot_hold():
    with pytest.raises(ValueError, match="2-D uint8"):
        ByteInputs(np.zeros((2, 3)), 255)
    with pytest.raises(ValueError, match="positive integer"):
        ByteInputs(np.zeros((2, 3), dtype=np.uint8), 0)
    with pytest.raises(TypeError, match="sliced along the examples"):
        ByteInputs(np.zeros((2, 3), dtype=np.uint8))[[0, 1]]


@pytest.mark.parametrize("dtype", DTYPES)
def test_mnist_pixels_over_255_are_the_loaders_images_for_all_70000(real_mnist_dir, dtype):
    splits = load_mnist(real_mnist_dir, dtype=dtype)
    count = 0
    for split in (splits.train, splits.validation, splits.test):
        values = ByteInputs(split.pixels, MAX_PIXEL_VALUE).values(dtype)
        assert np.array_equal(values.view(np.uint8), split.images.view(np.uint8))
        count += len(split.images)
    assert count == 70_000
    for name in (NIELSEN_SPLIT, TENSORFLOW_SPLIT):
        data = split_dataset(splits, name)
        assert np.array_equal(data.train_bytes.values(dtype), data.train_x)
