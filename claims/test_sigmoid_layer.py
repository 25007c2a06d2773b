"""A sigmoid output layer, for contrast with softmax: each a_j depends on z_j alone, and the
outputs need not sum to 1."""

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from claims.strategies import any_weighted_input, vectors
from engine.activations import SIGMOID, sigmoid

search = settings(database=None, derandomize=True, max_examples=500)


@pytest.mark.claim("sigmoid-outputs-not-distribution", witness="hypothesis")
def test_a_sigmoid_layer_whose_outputs_do_not_sum_to_one_exists(record_counterexample):
    z = find(vectors(any_weighted_input(), max_size=10), lambda z: abs(sigmoid(z).sum() - 1.0) > 0.1,
             settings=search)
    outputs = sigmoid(z)
    record_counterexample(f"z = {z.tolist()}: sigmoid outputs {outputs.tolist()} sum to {float(outputs.sum())}")
    assert abs(sigmoid(z).sum() - 1.0) > 0.1


@pytest.mark.claim("sigmoid-outputs-not-distribution", witness="arithmetic")
def test_three_zero_inputs_give_sigmoid_outputs_summing_to_one_and_a_half():
    assert sigmoid(np.zeros(3)).sum() == 1.5


@pytest.mark.claim("002-offset-holds-for-other-activation-functions", witness="arithmetic")
def test_raising_one_sigmoid_input_is_not_offset_by_the_other_outputs(record_counterexample):
    before, after = sigmoid(np.zeros(4)), sigmoid(np.array([0.0, 0.0, 0.0, 1.0]))
    record_counterexample(
        f"sigmoid layer: z=(0,0,0,0) sums to {before.sum():.4f}, z=(0,0,0,1) sums to {after.sum():.4f}; "
        "the other three outputs do not move"
    )
    assert np.array_equal(before[:3], after[:3])
    assert after.sum() - before.sum() > 0.2  # the rise of a_4 is not compensated


@pytest.mark.claim("sigmoid-layer-local", witness="hypothesis")
@given(vectors(any_weighted_input(), min_size=2, max_size=20), st.data())
def test_changing_one_weighted_input_leaves_the_other_sigmoid_outputs_unchanged(z, data):
    k = data.draw(st.integers(0, z.size - 1))
    changed = z.copy()
    changed[k] = data.draw(any_weighted_input())
    others = np.arange(z.size) != k
    assert np.array_equal(sigmoid(changed)[others], sigmoid(z)[others])
    # and the layer's Jacobian is diagonal: J^T e_k has only its k-th entry set
    unit = np.zeros_like(z)
    unit[k] = 1.0
    column = SIGMOID.backward(z, sigmoid(z), unit)
    assert np.all(column[others] == 0.0)
