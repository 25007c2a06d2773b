"""Softmax a_j = e^{z_j} / sum_k e^{z_k} (eq. (78)): a probability distribution (eq. (79)),
monotonic in its own input, non-local, invertible up to a constant; the scaled softmax
e^{c z_j} / sum_k e^{c z_k} (eq. (83)) for every c > 0 and as c -> infinity; and a sigmoid output
layer for contrast (each a_j depends on z_j alone, the outputs need not sum to 1).
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, find, given, settings
from hypothesis import strategies as st

from claims import high_precision as hp
from claims.high_precision import SOFTMAX_VECTORS, assert_within_ulps
from claims.judge import judged
from claims.strategies import (
    any_weighted_input,
    batches,
    distributions,
    moderate_weighted_input,
    networks,
    softmax_inputs,
    vectors,
)
from claims.witnesses import EPS, central_difference
from engine.activations import SIGMOID, SOFTMAX, log_softmax, sigmoid, softmax, softmax_jacobian
from engine.network import Network
from engine.training import make_step

# e^{-700} is still a normal float64; below about -745 e^{t} underflows to 0.
NO_UNDERFLOW = -700.0
moderate_vectors = softmax_inputs(elements=moderate_weighted_input(50.0), min_size=2)
# |z| <= 10: every a_j >= e^{-20}/50 ~ 4e-11, so finite changes of a_j are far above rounding.
small_vectors = softmax_inputs(elements=moderate_weighted_input(10.0), min_size=2)


def sympy_softmax(n):
    z = sp.symbols(f"z1:{n + 1}", real=True)
    denominator = sum(sp.exp(zk) for zk in z)
    return z, [sp.exp(zj) / denominator for zj in z]


@pytest.mark.claim("softmax-is-distribution", witness="hypothesis")
@given(softmax_inputs())
def test_softmax_of_any_finite_input_is_non_negative_and_sums_to_one(z):
    a = softmax(z)
    assert np.all(a >= 0) and np.all(a <= 1)
    # Positive wherever e^{z_j - max z} does not underflow.
    with np.errstate(over="ignore"):
        gaps = z - z.max()
    assert np.all(a[gaps >= NO_UNDERFLOW] > 0)
    # The largest term is exactly 1, so each of the n terms adds at most one rounding.
    assert abs(a.sum() - 1.0) <= z.size * EPS


@pytest.mark.claim("softmax-is-distribution", witness="sympy")
def test_softmax_components_sum_to_one_symbolically():
    _, a = sympy_softmax(4)
    assert sp.cancel(sp.together(sum(a)) - 1) == 0


@pytest.mark.claim("softmax-as-probability-estimate", witness="hypothesis")
@given(st.data())
def test_softmax_network_outputs_are_probability_vectors(data):
    network = data.draw(networks("softmax", "log_likelihood", min_output=2))
    x = data.draw(batches(network.sizes[0], magnitude=1e3))
    a = network.feedforward(x)
    assert np.all(a >= 0)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=0, atol=a.shape[1] * EPS)


@pytest.mark.claim("softmax-changes-balance", witness="hypothesis")
@given(softmax_inputs())
def test_softmax_jacobian_columns_sum_to_zero(z):
    a = softmax(z)
    # J^T 1 = sum_j da_j/dz_k: each entry a_k (1 - sum_j a_j), of size n eps a_k after rounding.
    balance = SOFTMAX.backward(z, a, np.ones_like(z))
    assert np.all(np.abs(balance) <= 2 * z.size * EPS * a + 1e-300)


@pytest.mark.claim("softmax-monotonic", witness="sympy")
def test_softmax_jacobian_is_a_j_times_kronecker_minus_a_k():
    z, a = sympy_softmax(3)
    for j in range(3):
        for k in range(3):
            expected = a[j] * ((1 if j == k else 0) - a[k])
            assert sp.cancel(sp.together(sp.diff(a[j], z[k]) - expected)) == 0


@pytest.mark.claim("softmax-monotonic", witness="hypothesis")
@given(moderate_vectors)
def test_softmax_jacobian_has_positive_diagonal_and_negative_off_diagonal(z):
    a = softmax(z)
    # The signs need every a_j strictly inside (0, 1) and the products a_j a_k not underflowing.
    assume(np.all(a > 0) and np.all(a < 1) and np.outer(a, a).min() > 0)
    jacobian = softmax_jacobian(z)
    off_diagonal = ~np.eye(z.size, dtype=bool)
    assert np.all(np.diag(jacobian) > 0)
    assert np.all(jacobian[off_diagonal] < 0)


@pytest.mark.claim("softmax-monotonic", witness="finite-differences")
@given(softmax_inputs(elements=st.floats(-20.0, 20.0), min_size=2, max_size=8))
def test_softmax_jacobian_matches_central_differences_of_engine_softmax(z):
    jacobian = softmax_jacobian(z)
    for k in range(z.size):

        def component(value, k=k):
            shifted = z.copy()
            shifted[k] = value
            return softmax(shifted)

        numerical = central_difference(component, float(z[k]))
        # Truncation h^2 |a'''| / 6 <= h^2 with h <= 2e-5; rounding ~ eps / h <= 3e-10.
        np.testing.assert_allclose(jacobian[:, k], numerical, rtol=0, atol=1e-9)


@pytest.mark.claim("softmax-monotonic", witness="hypothesis")
@given(small_vectors, st.data())
def test_raising_one_weighted_input_raises_its_activation_and_lowers_all_others(z, data):
    k = data.draw(st.integers(0, z.size - 1))
    step = data.draw(st.floats(0.5, 10.0))
    before = softmax(z)
    raised = z.copy()
    raised[k] += step
    after = softmax(raised)
    assume(np.all(before > 0) and np.all(after > 0))  # no underflowed activations
    others = np.arange(z.size) != k
    assert after[k] > before[k]
    assert np.all(after[others] < before[others])


@pytest.mark.claim("softmax-nonlocal", witness="hypothesis")
@given(small_vectors, st.data())
def test_every_softmax_activation_changes_when_another_weighted_input_changes(z, data):
    j, k = data.draw(st.lists(st.integers(0, z.size - 1), min_size=2, max_size=2, unique=True))
    step = data.draw(st.sampled_from([-1.0, 1.0]) | st.floats(-10.0, -0.5) | st.floats(0.5, 10.0))
    changed = z.copy()
    changed[k] += step
    before, after = softmax(z)[j], softmax(changed)[j]
    assume(before > 0 and after > 0)
    assert after != before
    # and in the direction da_j/dz_k = -a_j a_k < 0 predicts
    assert np.sign(after - before) == -np.sign(step)


@pytest.mark.claim("softmax-nonlocal", witness="sympy")
def test_softmax_cross_derivatives_are_minus_a_j_a_k():
    z, a = sympy_softmax(3)
    assert sp.cancel(sp.together(sp.diff(a[0], z[2]) + a[0] * a[2])) == 0


@pytest.mark.claim("softmax-inversion", witness="hypothesis")
@given(softmax_inputs(elements=moderate_weighted_input(300.0)))
def test_weighted_inputs_minus_log_activations_are_one_constant(z):
    log_a = log_softmax(z)
    constant = z - log_a  # should be ln sum_k e^{z_k} for every j
    scale = np.abs(z).max() + np.abs(constant).max() + 1.0
    # Each entry carries a few roundings of numbers up to `scale`; the reference
    # np.logaddexp.reduce adds one rounding of that size per entry it folds in.
    assert np.ptp(constant) <= 4 * EPS * scale
    assert abs(constant[0] - np.logaddexp.reduce(z)) <= (4 + z.size) * EPS * scale


@pytest.mark.claim("softmax-inversion", witness="hypothesis")
@given(distributions(), st.floats(-1e3, 1e3))
def test_softmax_of_log_activations_plus_any_constant_recovers_the_activations(a, shift):
    recovered = softmax(np.log(a) + shift)
    # ln a_j + C is rounded (relative eps of up to |ln a| + |C| <= 1700), and e^{that} turns an
    # absolute error d into a relative one: rtol 4 eps (|ln a|max + |C| + 1).
    rtol = 4 * EPS * (np.abs(np.log(a)).max() + abs(shift) + 1)
    np.testing.assert_allclose(recovered, a, rtol=rtol + a.size * EPS, atol=0)


scales = st.one_of(
    st.sampled_from([5e-324, 1e-300, 1.0, 1e10, 1e150, 1e300, 1.7976931348623157e308]),
    st.floats(
        min_value=0.0, max_value=1.7976931348623157e308, exclude_min=True, allow_infinity=False
    ),
)


@pytest.mark.claim("softmax-scaled-is-distribution", witness="hypothesis")
@given(softmax_inputs(), scales)
def test_scaled_softmax_is_a_distribution_for_every_positive_scale(z, c):
    a = softmax(z, c)
    assert np.all(a >= 0) and np.all(np.isfinite(a))
    assert a[np.argmax(z)] > 0  # the largest input always keeps weight e^0 = 1
    assert abs(a.sum() - 1.0) <= z.size * EPS


@pytest.mark.claim("softmax-hardmax-limit", witness="hypothesis")
@given(
    softmax_inputs(elements=any_weighted_input(1e300)),
    st.sampled_from([1e300, 1.7976931348623157e308]),
)
def test_huge_scale_gives_one_over_k_on_the_k_tied_maxima_and_zero_elsewhere(z, c):
    top = z.max()
    # The limit is reached in float64 once every non-maximal term e^{-c gap} underflows:
    # c gap > 745 for each gap > 0 (an overflow to inf is fine here).
    with np.errstate(over="ignore"):
        gaps = top - z
        assume(np.all((gaps == 0) | (gaps * c > 800)))
    tied = z == top
    a = softmax(z, c)
    k = int(tied.sum())
    assert np.all(a[~tied] == 0.0)
    assert np.all(np.abs(a[tied] - 1.0 / k) <= EPS / k)


@pytest.mark.claim("softmax-hardmax-limit", witness="sympy")
@pytest.mark.parametrize(
    "zs, expected",
    [
        ((3, 1, 0), (1, 0, 0)),
        ((2, 2, 0), (sp.Rational(1, 2), sp.Rational(1, 2), 0)),
        ((1, 1, 1), (sp.Rational(1, 3),) * 3),
        ((-1, 5, 5), (0, sp.Rational(1, 2), sp.Rational(1, 2))),
    ],
)
def test_symbolic_limit_of_scaled_softmax_as_c_grows(zs, expected):
    c = sp.symbols("c", positive=True)
    denominator = sum(sp.exp(c * zk) for zk in zs)
    for zj, limit in zip(zs, expected):
        assert sp.limit(sp.exp(c * zj) / denominator, c, sp.oo) == limit


@pytest.mark.claim("softmax-name-softened-max", witness="hypothesis")
@given(
    softmax_inputs(elements=st.floats(-20.0, 20.0), min_size=2, max_size=10),
    st.lists(st.floats(1e-3, 1e3), min_size=2, max_size=6, unique=True),
)
def test_weight_on_the_maximum_never_falls_as_the_scale_grows(z, cs):
    mass = [softmax(z, c)[z == z.max()].sum() for c in sorted(cs)]
    # d/dc of the argmax mass is >= 0; allow n eps for the rounding of each evaluation.
    assert all(later >= earlier - z.size * EPS for earlier, later in zip(mass, mass[1:]))


search = settings(database=None, derandomize=True, max_examples=500)


@pytest.mark.claim("sigmoid-outputs-not-distribution", witness="hypothesis")
def test_a_sigmoid_layer_whose_outputs_do_not_sum_to_one_exists(record_counterexample):
    z = find(
        vectors(any_weighted_input(), max_size=10),
        lambda z: abs(sigmoid(z).sum() - 1.0) > 0.1,
        settings=search,
    )
    outputs = sigmoid(z)
    record_counterexample(
        f"z = {z.tolist()}: sigmoid outputs {outputs.tolist()} sum to {float(outputs.sum())}"
    )
    assert abs(sigmoid(z).sum() - 1.0) > 0.1


@pytest.mark.claim("sigmoid-outputs-not-distribution", witness="arithmetic")
def test_three_zero_inputs_give_sigmoid_outputs_summing_to_one_and_a_half():
    assert sigmoid(np.zeros(3)).sum() == 1.5
    judged("sigmoid-outputs-not-distribution")


@pytest.mark.claim("002-offset-holds-for-other-activation-functions", witness="arithmetic")
def test_raising_one_sigmoid_input_is_not_offset_by_the_other_outputs(record_counterexample):
    before, after = sigmoid(np.zeros(4)), sigmoid(np.array([0.0, 0.0, 0.0, 1.0]))
    record_counterexample(
        f"sigmoid layer: z=(0,0,0,0) sums to {before.sum():.4f}, "
        f"z=(0,0,0,1) sums to {after.sum():.4f}; the other three outputs do not move"
    )
    assert np.array_equal(before[:3], after[:3])
    assert after.sum() - before.sum() > 0.2  # the rise of a_4 is not compensated
    judged("002-offset-holds-for-other-activation-functions")


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


# --- high-precision witness: 60-digit mpmath values (claims/high_precision.py), ulps ------


@pytest.mark.claim("softmax-is-distribution", witness="numerical")
@pytest.mark.parametrize("z", SOFTMAX_VECTORS)
def test_softmax_entries_are_within_3_ulps(z):
    # e^{z_j - max} (1 ulp; the shift is exact), the sum of n <= 5 terms each in [0, 1] with the
    # largest exactly 1 (relative n/2 ulps of a sum >= 1, at most 1 ulp here as the others are
    # far smaller or equal), the division 1/2: 3 ulps.
    for j, (computed, exact) in enumerate(zip(softmax(np.array(z)), hp.softmax(z))):
        assert_within_ulps(computed, exact, 3, f"softmax({z})[{j}]")


@pytest.mark.claim("softmax-scaled-is-distribution", witness="numerical")
@pytest.mark.parametrize("c", [0.5, 2.0, 3.0])
def test_the_training_steps_softmax_and_the_jacobian_use_the_scale_c(c):
    """a = softmax(c z): the in-place form the training step uses gives the tested softmax bit
    for bit at every scale, and the Jacobian at scale c is c a_j (delta_jk - a_k), checked
    against central differences of softmax(., c) (truncation O(h^2) with h = 1e-6 and
    rounding 1e-16/h: 1e-8 absolute is ample for entries of size <= c)."""
    from engine.activations import softmax_into

    z = np.array([[0.3, -1.2, 2.0, 0.0], [5.0, 5.0, -3.0, 1.5]])
    out, row = np.empty_like(z), np.empty((2, 1))
    assert np.array_equal(softmax_into(z, out, row, c), softmax(z, c))
    jacobian = softmax_jacobian(z[0], c)
    h = 1e-6
    for k in range(4):
        step = np.zeros(4)
        step[k] = h
        column = (softmax(z[0] + step, c) - softmax(z[0] - step, c)) / (2 * h)
        assert np.max(np.abs(jacobian[:, k] - column)) <= 1e-8


@pytest.mark.claim("softmax-is-distribution", witness="numerical")
def test_a_single_softmax_output_is_one_so_its_log_complement_is_minus_infinity():
    """With one output neuron softmax gives a = e^z / e^z = 1 whatever z, so ln(1 - a) = -inf:
    for one example (a vector) and for a batch (rows)."""
    from engine.activations import log_softmax_complement

    assert np.array_equal(softmax(np.array([7.5])), [1.0])
    assert np.array_equal(log_softmax_complement(np.array([7.5])), [-np.inf])
    assert np.array_equal(log_softmax_complement(np.array([[3.0], [-2.0]])), [[-np.inf], [-np.inf]])


@pytest.mark.claim("softmax-is-distribution", witness="numerical")
@pytest.mark.parametrize("z", hp.SOFTMAX_VECTORS, ids=str)
def test_compiled_softmax_output_error_is_within_4_ulps_of_the_exact_softmax(z):
    """The compiled step's softmax (e^{z - max z} / sum) in the log-likelihood output error
    a - y with y = 0: each a_j within 4 ulps of 60-digit softmax (exp 1 ulp, the sum of terms
    <= 1 at most 1 ulp of it per term here, the division 1/2), like engine.activations.softmax."""
    n = len(z)
    network = Network([1, n], output="softmax", cost="log_likelihood", seed=0)
    network.params[0][...] = np.column_stack([np.zeros(n), z])  # z = bias, whatever the input
    step = make_step(network, 1, 1.0)
    step(np.zeros((1, 1)), np.zeros((1, n)), np.array([0]))
    a = -step.deltas[0][0]  # delta = -(eta/m) (a - 0) with eta/m = 1
    exact = hp.softmax(z)
    for j in range(n):
        assert_within_ulps(a[j], exact[j], 4, f"compiled softmax({z})[{j}]")
    np.testing.assert_allclose(a, softmax(np.array(z)), rtol=8 * np.finfo(float).eps, atol=0)
