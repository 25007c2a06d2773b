"""Document 003's TensorFlow MNIST script, read as mathematics: its loss from logits, the mean
over a (batch, 10) array, its epoch of 5000 mini-batches of 10, and its commented-out quadratic
loss, each compared with the engine's costs (eq. (57), (63), (6)).
"""

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims import high_precision as hp
from claims.high_precision import EXTREME_Z, assert_within_ulps
from claims.judge import judged
from claims.strategies import any_weighted_input, networks, unit_targets
from claims.witnesses import EPS, FD_ABS, FD_REL, central_difference, fewer_examples
from engine.activations import log_sigmoid
from engine.costs import CROSS_ENTROPY, QUADRATIC, cross_entropy_from_z
from engine.network import Network

OUTPUTS = 10  # the script's output layer: 10 sigmoid neurons
LEARNING_RATE = Fraction(3)  # GradientDescentOptimizer(3.0)
STEPS_PER_PRINTED_EPOCH = 5000  # for _ in range(5000)
MINI_BATCH = 10  # next_batch(10)
TRAINING_SPLIT = 55_000  # the TensorFlow MNIST loader's training images


def logits_loss(z, y):
    """The loss sigmoid_cross_entropy_with_logits computes: max(z, 0) - z y + ln(1 + e^{-|z|})."""
    return np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))


@pytest.mark.claim("tf-script-loss-is-cross-entropy", witness="sympy")
@pytest.mark.parametrize("sign", [1, -1], ids=["z-positive", "z-negative"])
def test_logits_loss_equals_cross_entropy_of_sigma_z(sign):
    magnitude = sp.symbols("p", positive=True)
    y = sp.symbols("y", real=True)
    t = sp.symbols("t", positive=True)  # t = e^{-|z|}
    z = sign * magnitude
    sigma = 1 / (1 + sp.exp(-z))
    cross_entropy = -(y * sp.log(sigma) + (1 - y) * sp.log(1 - sigma))
    loss = sp.Max(z, 0) - z * y + sp.log(1 + sp.exp(-magnitude))
    difference = (loss - cross_entropy).subs(sp.exp(-magnitude), t).subs(sp.exp(magnitude), 1 / t)
    # Each logarithm of a rational function of t splits into ln(1 + t) and ln t = -|z|.
    difference = difference.replace(
        sp.log, lambda argument: sp.log(sp.factor(sp.together(argument)))
    )
    difference = sp.expand_log(difference, force=True).subs(sp.log(t), -magnitude)
    assert sp.expand(difference) == 0


@pytest.mark.claim("tf-script-loss-is-cross-entropy", witness="hypothesis")
@given(z=any_weighted_input(), y=unit_targets())
def test_logits_loss_matches_engine_cross_entropy_from_z(z, y):
    engine = float(CROSS_ENTROPY.value_from_z(np.array([[z]]), np.array([[y]]))[0])
    loss = float(logits_loss(z, y))
    # max(z, 0) - z y cancels up to an ulp of |z| (e.g. y near 1, z huge); the rest is a few
    # roundings of the result: absolute 4 eps (|z| + 1) plus relative 4 eps.
    assert abs(engine - loss) <= 4 * EPS * (abs(z) + 1) + 4 * EPS * abs(engine)


@st.composite
def logits_and_labels(draw):
    """(z, y): a batch of 1 to 6 rows of 10 logits (|z| <= 40) and targets in [0, 1]."""
    rows = draw(st.integers(1, 6))
    z = draw(hnp.arrays(np.float64, (rows, OUTPUTS), elements=st.floats(-40.0, 40.0)))
    return z, draw(hnp.arrays(np.float64, (rows, OUTPUTS), elements=unit_targets()))


@pytest.mark.claim("tf-script-loss-averages-over-outputs", witness="hypothesis")
@fewer_examples(4)
@given(logits_and_labels())
def test_mean_over_all_entries_is_the_per_example_cross_entropy_divided_by_10(case):
    z, y = case
    elementwise = CROSS_ENTROPY.value_from_z(z.reshape(-1, 1), y.reshape(-1, 1))
    eq_63 = CROSS_ENTROPY.value_from_z(z, y)  # per example, summed over the 10 outputs
    loss = np.mean(elementwise)
    # Two orders of summing the same m * 10 non-negative terms: relative (m * 10 + 2) eps.
    assert abs(loss - np.mean(eq_63) / OUTPUTS) <= (z.size + 2) * EPS * loss
    assert LEARNING_RATE / OUTPUTS == Fraction(3, 10)


@pytest.mark.claim("tf-script-loss-averages-over-outputs", witness="finite-differences")
@fewer_examples(10)
@given(st.integers(0, 2**32 - 1))
def test_gradient_of_the_scripts_loss_is_a_tenth_of_the_cross_entropy_gradient(seed):
    """A [3, 4, 10] sigmoid network: central differences of the script's loss (the mean over all
    m x 10 entries, from the engine's per-entry cost) against the engine's gradient of (63) / 10.
    Tolerance: the suite's finite-difference budget (witnesses.FD_ABS, FD_REL)."""
    network = Network([3, 4, OUTPUTS], output="sigmoid", cost="cross_entropy", seed=seed)
    generator = np.random.default_rng(seed)
    x = generator.uniform(-3.0, 3.0, (2, 3))
    y = generator.integers(0, 2, (2, OUTPUTS)).astype(float)

    def script_loss():
        z_out = network.forward(x)[0][-1]
        return float(np.mean(CROSS_ENTROPY.value_from_z(z_out.reshape(-1, 1), y.reshape(-1, 1))))

    grads_w, grads_b = network.backprop(x, y)
    for params, gw, gb in zip(network.params, grads_w, grads_b):
        expected = np.column_stack([gw, gb]) / OUTPUTS
        for index in np.ndindex(params.shape):
            original = params[index]

            def at(value, index=index, params=params):
                params[index] = value
                return script_loss()

            numerical = central_difference(at, float(original))
            params[index] = original
            assert abs(numerical - expected[index]) <= FD_ABS + FD_REL * abs(expected[index])


@pytest.mark.claim("tf-script-epoch-size", witness="arithmetic")
def test_printed_epoch_is_5000_batches_of_10_that_is_50000_of_55000_examples():
    examples = STEPS_PER_PRINTED_EPOCH * MINI_BATCH
    assert examples == 50_000
    assert TRAINING_SPLIT - examples == 5_000  # a printed epoch is not a pass over the split
    assert math.ceil(TRAINING_SPLIT / MINI_BATCH) == 5_500  # a full pass would take 5500 steps
    judged("tf-script-epoch-size")


@pytest.mark.claim("tf-script-quadratic-alternative", witness="hypothesis")
@fewer_examples(2)
@given(st.data())
def test_batch_mean_of_half_squared_norm_is_the_engines_quadratic_cost(data):
    network = data.draw(networks("sigmoid", "quadratic"))
    rows = data.draw(st.integers(1, 6))
    x = data.draw(hnp.arrays(np.float64, (rows, network.sizes[0]), elements=st.floats(-3.0, 3.0)))
    y = data.draw(hnp.arrays(np.float64, (rows, network.sizes[-1]), elements=unit_targets()))
    a = network.feedforward(x)
    script = np.mean(np.linalg.norm(y - a, axis=1) ** 2) / 2  # reduce_mean(norm(y_ - a_3)**2) / 2
    engine = network.cost_value(x, y)
    assert engine == pytest.approx(float(np.mean(QUADRATIC.value(a, y))), rel=4 * EPS, abs=0)
    # sqrt then square (3 roundings) and two sums of n and m terms: relative (n + m + 6) eps.
    tolerance = (a.size + rows + 6) * EPS * engine
    assert abs(script - engine) <= tolerance


# --- high-precision witness: 60-digit mpmath values (claims/high_precision.py), ulps ------


@pytest.mark.claim("tf-script-loss-is-cross-entropy", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_log_sigmoid_is_within_2_ulps_at_the_extremes(z):
    # -logaddexp(0, -z) = -(max(0, -z) + log1p(e^{-|z|})): exp and log1p 1 ulp each, one sum.
    assert_within_ulps(log_sigmoid(z), hp.log_sigmoid(z), 2, f"ln sigma({z})")


@pytest.mark.claim("tf-script-loss-is-cross-entropy", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
@pytest.mark.parametrize("y", [0.0, 1.0, 0.25])
def test_cross_entropy_from_z_is_within_4_ulps(z, y):
    # two log-sigmoids (2 ulps each), products and a sum of non-negative terms: 4 ulps of the sum
    exact = hp.cross_entropy_from_logs([hp.log_sigmoid(z)], [hp.log_sigmoid(-z)], [y])
    assert_within_ulps(
        cross_entropy_from_z(np.array([z]), np.array([y])),
        exact,
        4,
        f"cross-entropy from z = {z}, y = {y}",
    )
