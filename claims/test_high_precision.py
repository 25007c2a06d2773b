"""High-precision witness: the engine's activations, costs and output errors against 60-digit
mpmath values (claims/high_precision.py) at the extremes of float64, each tolerance in ulps of the
exact value with its reason beside the assert.

Error budget used below: NumPy's exp, log, log1p and logaddexp are within 1 ulp; each +, -, *, /
rounds by at most 1/2 ulp; a relative error of k ulps in a factor is k ulps in a product. A
difference z_j - max z of floats is exact when they are integers (the vectors below are), so
softmax and log-softmax inherit no error from the shift.
"""

import numpy as np
import pytest
from hypothesis import given

from claims import high_precision as hp
from claims.strategies import SPECIAL_MAGNITUDES, any_weighted_input
from engine.activations import (
    log_sigmoid,
    log_softmax,
    sigmoid,
    sigmoid_prime,
    softmax,
)
from engine.costs import cross_entropy, cross_entropy_from_z, log_likelihood, log_likelihood_from_z
from engine.errors import SaturatedOutputError
from engine.network import Network

EXTREME_Z = sorted({s * sign for s in SPECIAL_MAGNITUDES for sign in (1.0, -1.0)}
                   | {36.5, -36.5, 30.0, -30.0, 500.0, -500.0, -709.9, -740.0, 740.0})

slow = pytest.mark.slow_claims


def assert_within_ulps(computed, exact, allowed, what):
    measured = hp.ulps(computed, exact)
    assert measured <= allowed, (
        f"{what}: engine {float(computed)!r}, exact {hp.to_float(exact)!r} "
        f"({measured:.3g} ulps, allowed {allowed})")


# --- sigmoid, sigma', log-sigmoid -------------------------------------------------------------

@pytest.mark.claim("sigmoid-prime-vanishes-when-saturated", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_sigmoid_is_correctly_rounded_within_3_ulps_at_the_extremes(z):
    # 1/(1 + e^{-z}): exp 1 ulp, the sum 1/2, the reciprocal 1/2 (and e^z (1 ulp) times
    # 1/(1 + e^z) (1.5 ulps) where e^{-z} overflows): at most 3 ulps of the exact value.
    assert_within_ulps(sigmoid(z), hp.sigmoid(z), 3, f"sigma({z})")


@pytest.mark.claim("sigmoid-derivative", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_sigma_prime_is_relative_accurate_within_6_ulps_at_the_extremes(z):
    # sigma(z) (3 ulps) times 1 - sigma(z) = e^{-z} sigma(z) (1 + 3 + 1/2 ulps), product 1/2:
    # at most 8 by the budget; measured at most 2. 6 ulps keeps a margin and refuses a(1 - a)
    # from the rounded a, which is 1.7e-4 relative (about 1e12 ulps) off at z = 30.
    assert_within_ulps(sigmoid_prime(z), hp.sigmoid_prime(z), 6, f"sigma'({z})")


@pytest.mark.claim("tf-script-loss-is-cross-entropy", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
def test_log_sigmoid_is_within_2_ulps_at_the_extremes(z):
    # -logaddexp(0, -z) = -(max(0, -z) + log1p(e^{-|z|})): exp and log1p 1 ulp each, one sum.
    assert_within_ulps(log_sigmoid(z), hp.log_sigmoid(z), 2, f"ln sigma({z})")


@slow
@pytest.mark.claim("sigmoid-derivative", witness="hypothesis")
@given(any_weighted_input())
def test_sigmoid_and_sigma_prime_are_within_their_ulp_bounds_for_any_float(z):
    # the bounds of the two tests above, over the whole float64 range
    assert_within_ulps(sigmoid(z), hp.sigmoid(z), 3, f"sigma({z})")
    assert_within_ulps(sigmoid_prime(z), hp.sigmoid_prime(z), 6, f"sigma'({z})")
    assert_within_ulps(log_sigmoid(z), hp.log_sigmoid(z), 2, f"ln sigma({z})")


# --- softmax and log-softmax ------------------------------------------------------------------

SOFTMAX_VECTORS = [
    [0.0, -40.0], [36.0, 0.0], [0.0, 0.0], [3.0, 3.0, 1.0], [1000.0, 0.0, -1000.0],
    [0.0, -700.0, -740.0], [-745.0, 0.0], [50.0, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0],
]


@pytest.mark.claim("softmax-is-distribution", witness="numerical")
@pytest.mark.parametrize("z", SOFTMAX_VECTORS)
def test_softmax_entries_are_within_3_ulps(z):
    # e^{z_j - max} (1 ulp; the shift is exact), the sum of n <= 5 terms each in [0, 1] with the
    # largest exactly 1 (relative n/2 ulps of a sum >= 1, at most 1 ulp here as the others are
    # far smaller or equal), the division 1/2: 3 ulps.
    for j, (computed, exact) in enumerate(zip(softmax(np.array(z)), hp.softmax(z))):
        assert_within_ulps(computed, exact, 3, f"softmax({z})[{j}]")


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="numerical")
@pytest.mark.parametrize("z", SOFTMAX_VECTORS)
def test_log_softmax_entries_are_within_2_ulps_including_the_winner_next_to_zero(z):
    # shifted_j - log1p(r): the shift is exact, r (the other terms) has 1 ulp per exp and
    # 1/2 per sum, log1p 1 ulp; the winner's value is -log1p(r) alone: 2 ulps. A plain
    # ln(sum) rounds 1 + r to 1 and gives 0 for the winner of [0, -40] (exact -4.25e-18).
    for j, (computed, exact) in enumerate(zip(log_softmax(np.array(z)), hp.log_softmax(z))):
        assert_within_ulps(computed, exact, 2, f"log_softmax({z})[{j}]")


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="numerical")
def test_log_softmax_of_the_winner_keeps_the_digits_of_the_losers_share():
    # the reproduction: ln a_0 for z = (0, -40) is -ln(1 + e^{-40}) = -4.248354...e-18
    assert log_softmax(np.array([0.0, -40.0]))[0] == pytest.approx(-4.248354255291589e-18,
                                                                   rel=4 * 2.0**-52, abs=0)


# --- costs from a and from z ------------------------------------------------------------------

CROSS_ENTROPY_CASES = [
    ([1e-20], [0.0]), ([1e-300], [0.0]), ([1e-8], [0.3]), ([0.5], [1.0]),
    ([1 - 2.0**-53], [1.0]), ([1 - 2.0**-53], [0.0]), ([0.25, 1e-17], [1.0, 0.0]),
]


@pytest.mark.claim("cross-entropy-definition", witness="numerical")
@pytest.mark.parametrize("a, y", CROSS_ENTROPY_CASES)
def test_cross_entropy_from_a_is_within_4_ulps_tiny_outputs_included(a, y):
    # per term log or log1p (1 ulp), 1 - y (1/2), the product (1/2), the sums of non-negative
    # terms (1/2 each): 4 ulps. ln(1 - a) as log(1 - a) would give 0 for a = 1e-20, where the
    # cost is exactly 1e-20.
    assert_within_ulps(cross_entropy(np.array(a), np.array(y)), hp.cross_entropy_from_a(a, y), 4,
                       f"cross-entropy of a = {a}, y = {y}")


@pytest.mark.claim("tf-script-loss-is-cross-entropy", witness="numerical")
@pytest.mark.parametrize("z", EXTREME_Z)
@pytest.mark.parametrize("y", [0.0, 1.0, 0.25])
def test_cross_entropy_from_z_is_within_4_ulps(z, y):
    # two log-sigmoids (2 ulps each), products and a sum of non-negative terms: 4 ulps of the sum
    exact = hp.cross_entropy_from_logs([hp.log_sigmoid(z)], [hp.log_sigmoid(-z)], [y])
    assert_within_ulps(cross_entropy_from_z(np.array([z]), np.array([y])), exact, 4,
                       f"cross-entropy from z = {z}, y = {y}")


@pytest.mark.claim("log-likelihood-small-iff-confident", witness="numerical")
@pytest.mark.parametrize("z", SOFTMAX_VECTORS)
def test_log_likelihood_from_a_and_from_z_are_within_their_ulp_bounds(z):
    y = np.zeros(len(z))
    y[-1] = 1.0  # the last class, often the least likely: the large costs
    exact = hp.log_likelihood_from_logs(hp.log_softmax(z), y)
    # from z: -log_softmax (2 ulps, above)
    assert_within_ulps(log_likelihood_from_z(np.array(z), y), exact, 2, f"LL from z = {z}")
    a = softmax(np.array(z))
    # from a: -y ln a of the given (rounded) a: the log 1 ulp, the product 1/2
    of_a = hp.log_likelihood_from_logs([hp.mp.log(hp.mpf(v)) if v > 0 else hp.mp.mpf("-inf")
                                        for v in a], y)
    assert_within_ulps(log_likelihood(a, y), of_a, 2, f"LL from a = {a}")


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
@pytest.mark.parametrize("output, cost, z, y", [
    ("softmax", "cross_entropy", [50.0, 0.0], [0.0, 1.0]),
    ("softmax", "cross_entropy", [800.0, 0.0, -3.0], [0.0, 1.0, 0.0]),
    ("softmax", "cross_entropy", [0.0, -40.0], [1.0, 0.0]),
    ("sigmoid", "log_likelihood", [500.0, -2.0], [0.0, 1.0]),
    ("sigmoid", "log_likelihood", [-800.0, 3.0], [1.0, 0.0]),
    ("sigmoid", "cross_entropy", [36.5, -800.0], [0.0, 1.0]),
    ("softmax", "log_likelihood", [0.0, -800.0], [0.0, 1.0]),
])
def test_network_cost_is_the_exact_cost_from_z_for_every_pairing(output, cost, z, y):
    """Network.cost_value through a one-layer network whose biases are z (zero weights). The
    non-canonical pairings take ln a and ln(1 - a) from z: softmax + cross-entropy at a margin
    of 50 costs about 100, not inf. Tolerance 8 ulps: up to 3 log terms of at most 2 ulps each
    and their sum."""
    network = Network([1, len(z)], output=output, cost=cost, seed=0)
    network.params[0][:, 0] = 0.0
    network.params[0][:, -1] = z
    if output == "softmax":
        log_a, log_c = hp.log_softmax(z), hp.log_softmax_complement(z)
    else:
        log_a, log_c = [hp.log_sigmoid(v) for v in z], [hp.log_sigmoid(-v) for v in z]
    exact = (hp.cross_entropy_from_logs(log_a, log_c, y) if cost == "cross_entropy"
             else hp.log_likelihood_from_logs(log_a, y))
    assert_within_ulps(network.cost_value(np.zeros((1, 1)), np.array([y])), exact, 8,
                       f"{output} + {cost} cost at z = {z}")
