"""The output error delta^L = dC/dz^L of every pairing of output layer and cost, on the general
path (dC/da through the output Jacobian, 1 - a taken from z) and the fused path (the closed form),
and the cost Network.cost_value reports, against 60-digit mpmath values at saturated, subnormal
and huge z.

Tolerances, per entry, in units of 2^-53 relative to the size of the terms the exact result is
made of (so cancellation that is inherent in the value, as a - y for a close to y, is allowed for
and nothing else):

- general path: g_j = -y_j/a_j + (1 - y_j)/(1 - a_j) has 3 roundings per term; the sigmoid's
  delta g a (1 - a) = (1 - y) a - y (1 - a) and softmax's arranged J^T g add about 10 more over
  terms no larger than |(1 - y_j) a_j| + |y_j (1 - a_j)| + a_j sum_k |a_k g_k|: 32 eps of that sum.
- fused closed forms a - y: the rounded a (3 ulps) and the subtraction: 4 eps (|a| + |y|), an
  absolute accuracy (eq. (66), (84) as printed); -y sigma(-z) for sigmoid + log-likelihood and
  (a - y) sigma'(z) for sigmoid + quadratic are relative: 8 eps of their terms.
"""

import mpmath as mp
import numpy as np
import pytest

from claims import high_precision as hp
from claims.high_precision import assert_within_ulps
from engine.errors import SaturatedOutputError
from engine.network import FUSED_OUTPUT_DELTAS, Network

EPS = 2.0**-53
FLOAT_MAX = np.finfo(np.float64).max

SIGMOID_Z = [
    -800.0,
    -745.0,
    -709.9,
    -500.0,
    -40.0,
    -36.5,
    -1e-300,
    0.0,
    5e-324,
    1e-8,
    0.5,
    30.0,
    36.5,
    40.0,
    500.0,
    709.9,
    745.0,
    800.0,
    1e300,
]
SOFTMAX_Z = [
    [36.5, 0.0],
    [50.0, 0.0, 0.0],
    [0.0, -40.0],
    [800.0, 0.0, -3.0],
    [0.0, -800.0],
    [1e300, -1e300],
    [3.0, 3.0, 1.0],
    [-745.0, 0.0],
    [0.0, 5e-324],
]
TARGETS = {"sigmoid": [0.0, 1.0, 0.25], "softmax": None}


def layer(output, cost, n):
    return Network([1, n], output=output, cost=cost, seed=0)


def softmax_targets(n, cost):
    """One-hot rows for every class, plus (cross-entropy) a row of 0.5s."""
    rows = [list(np.eye(n)[k]) for k in range(n)]
    return rows + ([[0.5] * n] if cost == "cross_entropy" else [])


def cases(output, cost):
    if output == "sigmoid":
        for z in SIGMOID_Z:
            for y in TARGETS["sigmoid"]:
                if cost == "log_likelihood" and y != 1.0:
                    continue  # one output: a distribution is y = 1
                yield [z], [y]
        for z in ([500.0, -2.0], [-800.0, 3.0], [36.5, -36.5]):
            for y in ([0.0, 1.0], [1.0, 0.0]):
                yield z, y
    elif output == "softmax":
        for z in SOFTMAX_Z:
            for y in softmax_targets(len(z), cost):
                yield z, y
    else:
        for z in ([1e300, -1e300], [5e-324, 0.0], [1e150, 3.0]):
            yield z, [1e300, 2.0]


def term_sizes(output, cost, z, y):
    """The magnitude sum the tolerance is relative to (see the module docstring)."""
    with mp.workdps(hp.DIGITS):
        if output == "sigmoid":
            a = [hp.sigmoid(v) for v in z]
            c = [hp.sigmoid(-v) for v in z]
        elif output == "softmax":
            a, c = hp.softmax(z), hp.softmax_complement(z)
        else:
            return [abs(hp.mpf(v)) + abs(hp.mpf(w)) for v, w in zip(z, y)]
        y = [hp.mpf(v) for v in y]
        if cost == "quadratic":
            prime = [aj * cj for aj, cj in zip(a, c)]
            return [(aj + abs(yj)) * p for aj, yj, p in zip(a, y, prime)]
        own = [abs((1 - yj) * aj) + abs(yj * cj) for aj, cj, yj in zip(a, c, y)]
        if cost == "log_likelihood":  # -y_j (1 - a_j), plus the spread term for softmax
            own = [abs(yj * cj) for cj, yj in zip(c, y)]
        if output == "softmax":
            _, grad = hp.output_error(output, cost, z, y)
            spread = mp.fsum(abs(aj * g) for aj, g in zip(a, grad))
            own = [o + aj * spread for o, aj in zip(own, a)]
        return own


PAIRINGS = [
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "quadratic"),
    ("sigmoid", "log_likelihood"),
    ("softmax", "log_likelihood"),
    ("softmax", "cross_entropy"),
    ("linear", "quadratic"),
]


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
@pytest.mark.parametrize("output, cost", PAIRINGS)
def test_general_path_output_error_is_exact_to_rounding_or_refused_beyond_float64(output, cost):
    for z, y in cases(output, cost):
        network = layer(output, cost, len(z))
        zz, yy = np.array([z]), np.array([y])
        exact, grad = hp.output_error(output, cost, z, y)
        try:
            delta = network.output_delta(zz, network.output.forward(zz), yy)[0]
        except SaturatedOutputError:
            # refused only where dC/da itself is beyond float64
            assert any(abs(g) > FLOAT_MAX for g in grad), (
                f"{output} + {cost} at z = {z}, y = {y} refused though dC/da = "
                f"{[hp.to_float(g) for g in grad]} is representable"
            )
            continue
        for j, (computed, value, size) in enumerate(
            zip(delta, exact, term_sizes(output, cost, z, y))
        ):
            error = abs(hp.mpf(computed) - value)
            bound = 32 * EPS * size + 2 * 5e-324  # plus subnormal rounding of the result
            assert error <= bound, (
                f"{output} + {cost}, general path, z = {z}, y = {y}, entry {j}: "
                f"{computed!r} vs exact {hp.to_float(value)!r}"
            )


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
@pytest.mark.parametrize("output, cost", sorted(FUSED_OUTPUT_DELTAS))
def test_fused_output_error_is_exact_to_its_stated_accuracy(output, cost):
    for z, y in cases(output, cost):
        network = layer(output, cost, len(z))
        zz, yy = np.array([z]), np.array([y])
        delta = network.fused_output_delta(zz, network.output.forward(zz), yy)[0]
        exact, _ = hp.output_error(output, cost, z, y)
        for j, (computed, value, size) in enumerate(
            zip(delta, exact, term_sizes(output, cost, z, y))
        ):
            if (output, cost) in {
                ("sigmoid", "cross_entropy"),
                ("softmax", "log_likelihood"),
                ("linear", "quadratic"),
            }:
                # a - y from the rounded a: absolute (eq. (66), (84), (68)-(70) as printed)
                with mp.workdps(hp.DIGITS):
                    a_exact = value + hp.mpf(y[j])
                bound = 4 * EPS * (abs(a_exact) + abs(y[j])) + 2 * 5e-324
            else:
                bound = 8 * EPS * size + 2 * 5e-324
            error = abs(hp.mpf(computed) - value)
            assert error <= bound, (
                f"{output} + {cost}, fused, z = {z}, y = {y}, entry {j}: {computed!r} vs exact "
                f"{hp.to_float(value)!r}"
            )


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
def test_sigmoid_cross_entropy_general_slope_at_z_36_5_is_one():
    # (1 - y)/(1 - a) from the rounded a would give 0.634: 1 - a keeps few digits at z = 36.5
    network = layer("sigmoid", "cross_entropy", 1)
    z = np.array([[36.5]])
    delta = network.output_delta(z, network.output.forward(z), np.array([[0.0]]))
    assert delta[0, 0] == pytest.approx(1.0, rel=4 * EPS, abs=0)


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
def test_softmax_cross_entropy_general_error_at_a_margin_of_36_5_is_two_and_minus_two():
    # the plain J^T g would subtract numbers of size 1/(1 - a) ~ 7e15 and lose the digits
    network = layer("softmax", "cross_entropy", 2)
    z = np.array([[36.5, 0.0]])
    delta = network.output_delta(z, network.output.forward(z), np.array([[0.0, 1.0]]))
    np.testing.assert_allclose(delta, [[2.0, -2.0]], rtol=8 * EPS, atol=0)


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
@pytest.mark.parametrize(
    "z, y",
    [
        ([40.0, 0.0], [0.0, 1.0]),
        ([50.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
        ([50.0, 0.0, 0.0], [0.5, 0.5, 0.5]),
        ([80.0, 0.0], [0.0, 1.0]),
    ],
)
def test_softmax_cross_entropy_general_error_keeps_its_digits_past_a_margin_of_37(z, y):
    """Past a margin of ln 2^53 = 36.7 the top entry's a_j g_j ~ 1/(1 - a_j) exceeds 2^53, and
    total - a_j g_j, the sum over the others formed by subtraction, would lose the digits (1
    for 2 at z = (40, 0)); the arranged J^T g sums the others of the largest a_j directly.
    Tolerance 8 ulps of each entry: a few roundings of terms no larger than the entry."""
    network = layer("softmax", "cross_entropy", len(z))
    zz = np.array([z])
    delta = network.output_delta(zz, network.output.forward(zz), np.array([y]))[0]
    exact, _ = hp.output_error("softmax", "cross_entropy", z, y)
    for computed, value in zip(delta, exact):
        assert abs(hp.mpf(computed) - value) <= 8 * EPS * abs(value), (computed, hp.to_float(value))


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
def test_sigmoid_log_likelihood_fused_error_keeps_its_digits_at_z_500():
    # y (a - 1) rounds to 0 at z = 500, whereas -y sigma(-z) = -e^{-500} keeps the digits
    network = layer("sigmoid", "log_likelihood", 1)
    z = np.array([[500.0]])
    delta = network.fused_output_delta(z, network.output.forward(z), np.array([[1.0]]))
    assert delta[0, 0] == pytest.approx(-7.124576406741286e-218, rel=8 * EPS, abs=0)


# --- the cost from z for every pairing ------------------------------------------------------


@pytest.mark.claim("output-error-exact-for-every-pairing", witness="numerical")
@pytest.mark.parametrize(
    "output, cost, z, y",
    [
        ("softmax", "cross_entropy", [50.0, 0.0], [0.0, 1.0]),
        ("softmax", "cross_entropy", [800.0, 0.0, -3.0], [0.0, 1.0, 0.0]),
        ("softmax", "cross_entropy", [0.0, -40.0], [1.0, 0.0]),
        ("sigmoid", "log_likelihood", [500.0, -2.0], [0.0, 1.0]),
        ("sigmoid", "log_likelihood", [-800.0, 3.0], [1.0, 0.0]),
        ("sigmoid", "cross_entropy", [36.5, -800.0], [0.0, 1.0]),
        ("softmax", "log_likelihood", [0.0, -800.0], [0.0, 1.0]),
    ],
)
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
    exact = (
        hp.cross_entropy_from_logs(log_a, log_c, y)
        if cost == "cross_entropy"
        else hp.log_likelihood_from_logs(log_a, y)
    )
    assert_within_ulps(
        network.cost_value(np.zeros((1, 1)), np.array([y])),
        exact,
        8,
        f"{output} + {cost} cost at z = {z}",
    )
